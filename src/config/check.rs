//! `[check]`: the CI gate's thresholds, so a repository keeps them with its
//! code. Command-line flags win over every value here.
//!
//! ```toml
//! [check]
//! fail_on = "p1"                 # fail on a gap of this priority or higher
//! min_score = 60                 # completeness, percent
//! min_level = 2                  # maturity level, 1–5
//! baseline = "infragap-baseline.json"   # relative to this file
//! ```

use std::path::PathBuf;

use toml::de::DeValue;

use super::{Cx, Val};
use crate::engine::Priority;

/// `[check]` values, each with the line it was set on.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    pub fail_on: Option<(Priority, u32)>,
    pub min_score: Option<(u8, u32)>,
    pub min_level: Option<(u8, u32)>,
    pub baseline: Option<BaselineRef>,
}

/// `baseline = "…"`: resolved against the config file's directory.
#[derive(Debug, Clone)]
pub struct BaselineRef {
    pub path: PathBuf,
    /// As written in the config.
    pub display: String,
    pub line: u32,
}

/// `p0`…`p3`, case-insensitive.
pub fn parse_priority(s: &str) -> Option<Priority> {
    Some(match s.to_ascii_lowercase().as_str() {
        "p0" => Priority::P0,
        "p1" => Priority::P1,
        "p2" => Priority::P2,
        "p3" => Priority::P3,
        _ => return None,
    })
}

fn int_in(cx: &mut Cx, v: &Val, what: &str, lo: u8, hi: u8) -> Option<u8> {
    let n = match v.get_ref() {
        DeValue::Integer(i) => i.as_str().parse::<u8>().ok(),
        _ => None,
    };
    match n {
        Some(n) if (lo..=hi).contains(&n) => Some(n),
        _ => {
            cx.err(
                v.span(),
                format!("`{what}` must be a whole number from {lo} to {hi}"),
            );
            None
        }
    }
}

pub(super) fn parse_check(cx: &mut Cx, v: &Val, base: &std::path::Path) -> CheckConfig {
    let mut out = CheckConfig::default();
    let Some(t) = v.get_ref().as_table() else {
        cx.err(v.span(), "`check` must be a table: [check]");
        return out;
    };
    for (k, v) in t.iter() {
        let line = cx.line(k.span().start);
        match k.get_ref().as_ref() {
            "fail_on" => match v.get_ref().as_str().and_then(parse_priority) {
                Some(p) => out.fail_on = Some((p, line)),
                None => cx.err_help(
                    v.span(),
                    "`fail_on` must be a priority",
                    "expected \"p0\", \"p1\", \"p2\" or \"p3\" (a gap of that priority or higher fails)",
                ),
            },
            "min_score" => {
                out.min_score = int_in(cx, v, "min_score", 0, 100).map(|n| (n, line));
            }
            "min_level" => {
                out.min_level = int_in(cx, v, "min_level", 1, 5).map(|n| (n, line));
            }
            "baseline" => match v.get_ref().as_str() {
                Some(p) if !p.trim().is_empty() => {
                    out.baseline = Some(BaselineRef {
                        path: base.join(p),
                        display: p.to_string(),
                        line,
                    })
                }
                _ => cx.err_help(
                    v.span(),
                    "`baseline` must be a path",
                    "e.g. baseline = \"infragap-baseline.json\" (written by `infragap baseline -o FILE`)",
                ),
            },
            other => cx.err_help(
                k.span(),
                format!("unknown key `{other}` in [check]"),
                "expected `fail_on`, `min_score`, `min_level` or `baseline`",
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::config::Config;
    use crate::engine::Priority;

    fn parse(src: &str) -> Result<Config, String> {
        Config::parse("infragap.toml", PathBuf::from("ci"), src).map_err(|e| {
            e.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n\n")
        })
    }

    #[test]
    fn check_values_keep_their_line() {
        let c = parse(
            "[check]\nfail_on = \"P1\"\nmin_score = 60\nmin_level = 3\nbaseline = \"base.json\"\n",
        )
        .unwrap();
        assert_eq!(c.check.fail_on, Some((Priority::P1, 2)));
        assert_eq!(c.check.min_score, Some((60, 3)));
        assert_eq!(c.check.min_level, Some((3, 4)));
        let b = c.check.baseline.unwrap();
        assert_eq!(b.path, PathBuf::from("ci/base.json"));
        assert_eq!((b.display.as_str(), b.line), ("base.json", 5));
    }

    #[test]
    fn check_errors_point_at_the_value() {
        insta::assert_snapshot!(
            parse("[check]\nfail_on = \"high\"\nmin_score = 140\nmin_level = 0\nbaseline = \"\"\nfail = \"p0\"\n")
                .unwrap_err()
        );
    }
}
