//! `infragap.toml`: what the user tells infragap that the code cannot show.
//!
//! The file is parsed once, with spans, into typed values ([`Config`]), as
//! cargo-deny turns its `Config` into a `ValidConfig`: nothing later sees raw
//! TOML. Every entry keeps its line, so evidence can point at
//! `infragap.toml:LINE` and a suppression that expired or matched nothing is
//! reported at its own line with a caret.
//!
//! ```toml
//! rules = ["ops/infragap/extra.toml"]          # more rule files (paths relative to this file)
//!
//! [context]
//! DAT-03 = "Managed by Supabase with PITR, verified monthly"
//! [context.OPS-02]
//! status = "partial"                            # present (default), partial or n/a
//! fraction = 0.5
//! reason = "on-call rota exists for the API only"
//!
//! [[suppress]]
//! control = "SEC-01"                            # and/or fingerprint = "path:rule:line"
//! paths = ["scripts/**"]                        # only findings under these paths
//! reason = "throwaway keys of the local emulator"
//! expires = 2027-01-31
//! ```

mod check;
pub mod date;
mod template;

use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::rules::{Diagnostic, RulePack, Status, UserRuleFile};

pub use check::{BaselineRef, CheckConfig, parse_priority};
pub use date::Date;
pub use template::TEMPLATE;

/// The file looked for at the scanned root.
pub const FILE_NAME: &str = "infragap.toml";
/// Folder of user rule files at the scanned root.
pub const RULES_DIR: &str = ".infragap/rules";

/// A validated `infragap.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// The path as reports show it (`infragap.toml`, or as given to `--config`).
    pub display: String,
    /// The directory relative paths in the file resolve against.
    pub base: PathBuf,
    /// The file's text, kept to point diagnostics at spans.
    pub src: String,
    pub context: Vec<Declaration>,
    pub suppress: Vec<Suppression>,
    pub rules: Vec<RuleRef>,
    /// `[assessment]`: team capacity and rate for the roadmap and costs.
    pub assessment: AssessmentConfig,
    /// `[[pricing]]`: entries that replace or add to the pricing catalog.
    pub pricing: Vec<crate::assess::costs::ServicePrice>,
    /// `[check]`: the CI gate's thresholds (`infragap check`).
    pub check: CheckConfig,
}

/// `[assessment]` values, each with the line it was set on.
#[derive(Debug, Clone, Default)]
pub struct AssessmentConfig {
    pub capacity_hours_per_week: Option<(u32, u32)>,
    pub hourly_rate: Option<(u32, u32)>,
}

/// `[context] ID = "reason"`: a control the user declares in place.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub control: String,
    /// present, partial or n/a.
    pub status: Status,
    /// For partial: how much is in place (0.1–0.9).
    pub fraction: Option<f64>,
    pub reason: String,
    pub line: u32,
    pub span: Range<usize>,
}

/// One `[[suppress]]` entry.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub control: Option<String>,
    pub fingerprint: Option<String>,
    pub paths: Vec<String>,
    globs: Option<GlobSet>,
    pub reason: String,
    pub expires: Option<Date>,
    pub line: u32,
    pub span: Range<usize>,
    /// Span of `expires`, for the expiry warning's caret.
    pub expires_span: Option<Range<usize>>,
    /// Span of `control`'s value, for unknown-id errors.
    pub control_span: Option<Range<usize>>,
}

impl Suppression {
    /// A whole control accepted as a gap (no fingerprint, no paths).
    pub fn is_whole_control(&self) -> bool {
        self.control.is_some() && self.fingerprint.is_none() && self.paths.is_empty()
    }

    /// Whether this entry silences the finding `ev` of control `control`.
    pub fn matches_finding(&self, control: &str, ev: &crate::evidence::Evidence) -> bool {
        if self.is_whole_control() {
            return false;
        }
        if self.control.as_deref().is_some_and(|c| c != control) {
            return false;
        }
        if let Some(fp) = &self.fingerprint
            && ev.fingerprint.as_deref() != Some(fp.as_str())
        {
            return false;
        }
        match &self.globs {
            Some(g) => g.is_match(&ev.path),
            None => true,
        }
    }

    pub fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|d| d < today)
    }
}

/// `rules = ["…"]`: one extra rule file.
#[derive(Debug, Clone)]
pub struct RuleRef {
    pub path: PathBuf,
    /// As written in the config.
    pub display: String,
    pub span: Range<usize>,
}

impl Config {
    /// Finds the config: `explicit` (from `--config`) wins over
    /// `ROOT/infragap.toml`; Ok(None) when there is neither.
    pub fn discover(
        root: &Path,
        explicit: Option<&Path>,
    ) -> Result<Option<Config>, Vec<Diagnostic>> {
        let (path, display) = match explicit {
            Some(p) => (p.to_path_buf(), p.display().to_string()),
            None => {
                let p = root.join(FILE_NAME);
                if !p.is_file() {
                    return Ok(None);
                }
                (p, FILE_NAME.to_string())
            }
        };
        let src = std::fs::read_to_string(&path).map_err(|e| {
            vec![Diagnostic::at(
                &display,
                "",
                0..0,
                format!("cannot read the config file: {e}"),
            )]
        })?;
        let base = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        Config::parse(&display, base, &src).map(Some)
    }

    /// Parses and validates the file's shape (ids are checked against the
    /// pack later, by [`Config::check_controls`], once user rules are in).
    pub fn parse(display: &str, base: PathBuf, src: &str) -> Result<Config, Vec<Diagnostic>> {
        let table = match DeTable::parse(src) {
            Ok(t) => t,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                return Err(vec![Diagnostic::at(
                    display,
                    src,
                    span,
                    e.message().to_string(),
                )]);
            }
        };
        let mut cx = Cx {
            file: display,
            src,
            errors: Vec::new(),
        };
        let mut config = Config {
            display: display.to_string(),
            base,
            src: src.to_string(),
            context: Vec::new(),
            suppress: Vec::new(),
            rules: Vec::new(),
            assessment: AssessmentConfig::default(),
            pricing: Vec::new(),
            check: CheckConfig::default(),
        };
        for (k, v) in table.get_ref().iter() {
            match k.get_ref().as_ref() {
                "context" => config.context = parse_context(&mut cx, v),
                "suppress" => config.suppress = parse_suppress(&mut cx, v),
                "rules" => config.rules = parse_rules(&mut cx, v, &config.base),
                "assessment" => config.assessment = parse_assessment(&mut cx, v),
                "pricing" => config.pricing = parse_pricing(&mut cx, v),
                "check" => config.check = check::parse_check(&mut cx, v, &config.base),
                other => cx.err_help(
                    k.span(),
                    format!("unknown key `{other}`"),
                    "expected `rules`, `[context]`, `[[suppress]]`, `[assessment]`, `[[pricing]]` or `[check]`",
                ),
            }
        }
        if cx.errors.is_empty() {
            Ok(config)
        } else {
            cx.errors.sort_by_key(|d| (d.line, d.column));
            Err(cx.errors)
        }
    }

    /// Errors for control ids the pack does not know, and for finding
    /// suppressions aimed at controls that have no findings (not hygiene).
    pub fn check_controls(&self, pack: &RulePack) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let unknown = |id: &str, span: Range<usize>| {
            let mut d = Diagnostic::at(
                &self.display,
                &self.src,
                span,
                format!("unknown control `{id}`"),
            );
            if let Some(close) = closest(id, pack.rules.iter().map(|r| r.id.as_str())) {
                d = d.with_help(format!(
                    "did you mean `{close}`? `infragap rules` lists the controls in force"
                ));
            } else {
                d = d.with_help("`infragap rules` lists the controls in force");
            }
            d
        };
        for d in &self.context {
            if !pack.rules.iter().any(|r| r.id == d.control) {
                out.push(unknown(&d.control, d.span.clone()));
            }
        }
        for s in &self.suppress {
            let Some(id) = &s.control else { continue };
            match pack.rules.iter().find(|r| &r.id == id) {
                None => out.push(unknown(id, s.control_span.clone().unwrap_or(s.span.clone()))),
                Some(r) if !r.hygiene && !s.is_whole_control() => out.push(
                    Diagnostic::at(
                        &self.display,
                        &self.src,
                        s.control_span.clone().unwrap_or(s.span.clone()),
                        format!("`{id}` is not a hygiene control: it has no findings to suppress by path or fingerprint"),
                    )
                    .with_help("drop `paths`/`fingerprint` to accept the whole gap"),
                ),
                Some(_) => {}
            }
        }
        out
    }

    /// A warning at `span` of this file.
    pub fn warning_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.display, &self.src, span, message).warning()
    }

    /// `infragap.toml:LINE`.
    pub fn at_line(&self, line: u32) -> String {
        format!("{}:{line}", self.display)
    }
}

/// The known id nearest to `id` (case or one edit away).
fn closest<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (edit_distance(&id.to_ascii_uppercase(), k), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

struct Cx<'a> {
    file: &'a str,
    src: &'a str,
    errors: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn err(&mut self, span: Range<usize>, msg: impl Into<String>) {
        self.errors
            .push(Diagnostic::at(self.file, self.src, span, msg));
    }

    fn err_help(&mut self, span: Range<usize>, msg: impl Into<String>, help: impl Into<String>) {
        self.errors
            .push(Diagnostic::at(self.file, self.src, span, msg).with_help(help));
    }

    fn line(&self, at: usize) -> u32 {
        let at = at.min(self.src.len());
        self.src.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32
            + 1
    }

    /// The start of the line holding `at` (so `[[suppress]]` headers, not
    /// their first key, carry the caret).
    fn header_start(&self, at: usize) -> usize {
        let at = at.min(self.src.len());
        self.src[..at].rfind('\n').map_or(0, |i| i + 1)
    }
}

type Val<'i> = Spanned<DeValue<'i>>;

fn is_control_id(s: &str) -> bool {
    s.len() >= 4
        && s.contains('-')
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn parse_context(cx: &mut Cx, v: &Val) -> Vec<Declaration> {
    let mut out = Vec::new();
    let Some(t) = v.get_ref().as_table() else {
        cx.err(
            v.span(),
            "`context` must be a table: [context] ID = \"reason\"",
        );
        return out;
    };
    for (k, val) in t.iter() {
        let id = k.get_ref().to_string();
        if !is_control_id(&id) {
            cx.err_help(
                k.span(),
                format!("`{id}` is not a control id"),
                "keys of [context] are control ids such as DAT-03",
            );
            continue;
        }
        let line = cx.line(k.span().start);
        match val.get_ref() {
            DeValue::String(s) => {
                if s.trim().is_empty() {
                    cx.err(val.span(), "the reason must not be empty");
                    continue;
                }
                out.push(Declaration {
                    control: id,
                    status: Status::Present,
                    fraction: None,
                    reason: s.to_string(),
                    line,
                    span: k.span(),
                });
            }
            DeValue::Table(t) => {
                let mut status = Status::Present;
                let mut fraction = None;
                let mut reason = None;
                for (k2, v2) in t.iter() {
                    match k2.get_ref().as_ref() {
                        "status" => match v2.get_ref().as_str().and_then(Status::parse) {
                            Some(
                                s @ (Status::Present | Status::Partial | Status::NotApplicable),
                            ) => status = s,
                            _ => cx.err_help(
                                v2.span(),
                                "invalid declared status",
                                "expected \"present\", \"partial\" or \"n/a\"",
                            ),
                        },
                        "fraction" => {
                            let x = match v2.get_ref() {
                                DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
                                _ => None,
                            };
                            match x {
                                Some(x) if (0.1..=0.9).contains(&x) => fraction = Some(x),
                                _ => {
                                    cx.err(v2.span(), "`fraction` must be a number from 0.1 to 0.9")
                                }
                            }
                        }
                        "reason" => match v2.get_ref().as_str() {
                            Some(s) if !s.trim().is_empty() => reason = Some(s.to_string()),
                            _ => cx.err(v2.span(), "`reason` must be a non-empty string"),
                        },
                        other => cx.err_help(
                            k2.span(),
                            format!("unknown key `{other}` in a context declaration"),
                            "expected status, fraction, reason",
                        ),
                    }
                }
                if fraction.is_some() && status != Status::Partial {
                    cx.err(val.span(), "`fraction` only goes with status = \"partial\"");
                }
                let Some(reason) = reason else {
                    cx.err_help(
                        k.span(),
                        format!("the declaration of `{id}` needs a `reason`"),
                        "say what the repository cannot show, e.g. reason = \"backups managed by the provider\"",
                    );
                    continue;
                };
                out.push(Declaration {
                    control: id,
                    status,
                    fraction: if status == Status::Partial {
                        Some(fraction.unwrap_or(0.5))
                    } else {
                        None
                    },
                    reason,
                    line,
                    span: k.span(),
                });
            }
            _ => cx.err_help(
                val.span(),
                "a context declaration is a reason or a table",
                format!("{id} = \"why it is in place\", or [context.{id}] with status and reason"),
            ),
        }
    }
    out
}

fn parse_suppress(cx: &mut Cx, v: &Val) -> Vec<Suppression> {
    let mut out = Vec::new();
    let Some(items) = v.get_ref().as_array() else {
        cx.err(
            v.span(),
            "`suppress` must be an array of tables ([[suppress]])",
        );
        return out;
    };
    for item in items.iter() {
        let Some(t) = item.get_ref().as_table() else {
            cx.err(item.span(), "each [[suppress]] entry must be a table");
            continue;
        };
        let start = cx.header_start(item.span().start);
        let span = start..item.span().end;
        let header = {
            let line_end = cx.src[start..]
                .find('\n')
                .map_or(cx.src.len(), |i| start + i);
            start..line_end
        };
        let mut s = Suppression {
            control: None,
            fingerprint: None,
            paths: Vec::new(),
            globs: None,
            reason: String::new(),
            expires: None,
            line: cx.line(start),
            span,
            expires_span: None,
            control_span: None,
        };
        let mut has_reason = false;
        for (k, val) in t.iter() {
            match k.get_ref().as_ref() {
                "control" => match val.get_ref().as_str() {
                    Some(id) if is_control_id(id) => {
                        s.control = Some(id.to_string());
                        s.control_span = Some(val.span());
                    }
                    _ => cx.err_help(val.span(), "`control` must be a control id", "e.g. control = \"SEC-01\""),
                },
                "fingerprint" => match val.get_ref().as_str() {
                    Some(fp) if !fp.trim().is_empty() => s.fingerprint = Some(fp.to_string()),
                    _ => cx.err_help(
                        val.span(),
                        "`fingerprint` must be a non-empty string",
                        "fingerprints look like \"path:rule:line\" (see `fingerprint` in the JSON report)",
                    ),
                },
                "paths" => {
                    let list: Vec<(String, Range<usize>)> = match val.get_ref() {
                        DeValue::String(p) => vec![(p.to_string(), val.span())],
                        DeValue::Array(a) => a
                            .iter()
                            .filter_map(|x| match x.get_ref().as_str() {
                                Some(p) => Some((p.to_string(), x.span())),
                                None => {
                                    cx.err(x.span(), "expected a glob string");
                                    None
                                }
                            })
                            .collect(),
                        _ => {
                            cx.err(val.span(), "`paths` must be an array of globs");
                            Vec::new()
                        }
                    };
                    let mut b = GlobSetBuilder::new();
                    for (p, sp) in list {
                        match crate::signals::compile_glob(&p) {
                            Ok(g) => {
                                b.add(g);
                                s.paths.push(p);
                            }
                            Err(e) => cx.err(sp, format!("bad glob `{p}`: {e}")),
                        }
                    }
                    if !s.paths.is_empty() {
                        s.globs = b.build().ok();
                    }
                }
                "reason" => match val.get_ref().as_str() {
                    Some(r) if !r.trim().is_empty() => {
                        s.reason = r.to_string();
                        has_reason = true;
                    }
                    _ => {
                        has_reason = true;
                        cx.err(val.span(), "`reason` must be a non-empty string");
                    }
                },
                "expires" => {
                    let d = match val.get_ref() {
                        DeValue::Datetime(dt) if dt.time.is_none() => dt.date.map(Date::from),
                        _ => None,
                    };
                    match d {
                        Some(d) => {
                            s.expires = Some(d);
                            s.expires_span = Some(val.span());
                        }
                        None => cx.err_help(
                            val.span(),
                            "`expires` must be a TOML date",
                            "e.g. expires = 2027-01-31 (no quotes)",
                        ),
                    }
                }
                other => cx.err_help(
                    k.span(),
                    format!("unknown key `{other}` in [[suppress]]"),
                    "expected control, fingerprint, paths, reason, expires",
                ),
            }
        }
        if !has_reason {
            cx.err_help(
                header.clone(),
                "this suppression has no `reason`",
                "every suppression says why: reason = \"…\"",
            );
        }
        if s.control.is_none() && s.fingerprint.is_none() && s.paths.is_empty() {
            cx.err_help(
                header,
                "this suppression names nothing to suppress",
                "give `control`, `fingerprint` or `paths`",
            );
        }
        out.push(s);
    }
    out
}

fn positive_int(cx: &mut Cx, v: &Val, what: &str) -> Option<u32> {
    match v.get_ref() {
        DeValue::Integer(i) => match i.as_str().parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                cx.err(
                    v.span(),
                    format!("`{what}` must be a positive whole number"),
                );
                None
            }
        },
        _ => {
            cx.err(
                v.span(),
                format!("`{what}` must be a positive whole number"),
            );
            None
        }
    }
}

fn parse_assessment(cx: &mut Cx, v: &Val) -> AssessmentConfig {
    let mut out = AssessmentConfig::default();
    let Some(t) = v.get_ref().as_table() else {
        cx.err(v.span(), "`assessment` must be a table: [assessment]");
        return out;
    };
    for (k, v) in t.iter() {
        let line = cx.line(k.span().start);
        match k.get_ref().as_ref() {
            "capacity_hours_per_week" => {
                out.capacity_hours_per_week =
                    positive_int(cx, v, "capacity_hours_per_week").map(|n| (n, line))
            }
            "hourly_rate" => {
                out.hourly_rate = positive_int(cx, v, "hourly_rate").map(|n| (n, line))
            }
            other => cx.err_help(
                k.span(),
                format!("unknown key `{other}` in [assessment]"),
                "expected `capacity_hours_per_week` or `hourly_rate`",
            ),
        }
    }
    out
}

/// `[low, high]` of whole numbers with low <= high.
fn range_of(cx: &mut Cx, v: &Val, what: &str) -> Option<[u32; 2]> {
    let range = crate::rules::toml_values::u32_range(v.get_ref());
    if range.is_none() {
        cx.err(
            v.span(),
            format!("`{what}` must be [low, high] with low <= high"),
        );
    }
    range
}

fn strings_of(cx: &mut Cx, v: &Val, what: &str) -> Vec<String> {
    let list = crate::rules::toml_values::string_list(v.get_ref());
    list.unwrap_or_else(|| {
        cx.err(v.span(), format!("`{what}` must be a list of strings"));
        Vec::new()
    })
}

fn parse_pricing(cx: &mut Cx, v: &Val) -> Vec<crate::assess::costs::ServicePrice> {
    let mut out = Vec::new();
    let Some(items) = v.get_ref().as_array() else {
        cx.err_help(
            v.span(),
            "`pricing` must be an array of tables",
            "[[pricing]]\nid = \"sentry\"\nname = \"Sentry Business\"\ncontrols = [\"OBS-01\"]\nmonthly = [80, 80]",
        );
        return out;
    };
    for item in items {
        let Some(t) = item.get_ref().as_table() else {
            cx.err(item.span(), "each [[pricing]] entry is a table");
            continue;
        };
        let start = cx.header_start(item.span().start);
        let line = cx.line(start);
        let mut svc = crate::assess::costs::ServicePrice {
            id: String::new(),
            name: String::new(),
            controls: Vec::new(),
            monthly: [0, 0],
            stack: Vec::new(),
            self_hosted: None,
            self_hosted_monthly: None,
            source: format!("{}:{line}", cx.file),
        };
        let mut has_monthly = false;
        for (k, v) in t.iter() {
            match k.get_ref().as_ref() {
                "id" => svc.id = v.get_ref().as_str().unwrap_or_default().to_string(),
                "name" => svc.name = v.get_ref().as_str().unwrap_or_default().to_string(),
                "controls" => svc.controls = strings_of(cx, v, "controls"),
                "stack" => svc.stack = strings_of(cx, v, "stack"),
                "monthly" => {
                    if let Some(r) = range_of(cx, v, "monthly") {
                        svc.monthly = r;
                        has_monthly = true;
                    }
                }
                "self_hosted" => svc.self_hosted = v.get_ref().as_str().map(str::to_string),
                "self_hosted_monthly" => {
                    svc.self_hosted_monthly = range_of(cx, v, "self_hosted_monthly")
                }
                other => cx.err_help(
                    k.span(),
                    format!("unknown key `{other}` in [[pricing]]"),
                    "expected id, name, controls, monthly, stack, self_hosted, self_hosted_monthly",
                ),
            }
        }
        if svc.id.is_empty() || !has_monthly {
            cx.err_help(
                start..start + 11,
                "a [[pricing]] entry needs `id` and `monthly`",
                "use a built-in id (the report's costs list them as service_id) to change its price, or a new id with `name` and `controls`",
            );
            continue;
        }
        out.push(svc);
    }
    out
}

fn parse_rules(cx: &mut Cx, v: &Val, base: &Path) -> Vec<RuleRef> {
    let mut out = Vec::new();
    let Some(items) = v.get_ref().as_array() else {
        cx.err_help(
            v.span(),
            "`rules` must be an array of paths",
            "rules = [\"ops/rules.toml\"]",
        );
        return out;
    };
    for item in items.iter() {
        match item.get_ref().as_str() {
            Some(p) if !p.trim().is_empty() => out.push(RuleRef {
                path: base.join(p),
                display: p.to_string(),
                span: item.span(),
            }),
            _ => cx.err(item.span(), "expected a path to a rule file"),
        }
    }
    out
}

/// Every user rule file: the config's `rules = […]` (errors point at the
/// entry), then `ROOT/.infragap/rules/*.toml` and `…/rules/**/rule.toml`,
/// sorted. A rule file's explain text is `explain.md` beside a `rule.toml`,
/// or `NAME.md` beside `NAME.toml`.
pub fn user_rule_files(
    root: &Path,
    config: Option<&Config>,
) -> Result<Vec<UserRuleFile>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    if let Some(c) = config {
        for r in &c.rules {
            match std::fs::read_to_string(&r.path) {
                Ok(toml) => out.push(UserRuleFile {
                    display: r.display.clone(),
                    explain: read_explain(&r.path),
                    toml,
                }),
                Err(e) => errors.push(Diagnostic::at(
                    &c.display,
                    &c.src,
                    r.span.clone(),
                    format!("cannot read rule file `{}`: {e}", r.display),
                )),
            }
        }
    }
    let dir = root.join(RULES_DIR);
    let mut found = Vec::new();
    collect_rule_files(&dir, &dir, 0, &mut found);
    found.sort();
    for rel in found {
        let path = dir.join(&rel);
        let display = format!("{RULES_DIR}/{rel}");
        match std::fs::read_to_string(&path) {
            Ok(toml) => out.push(UserRuleFile {
                display,
                explain: read_explain(&path),
                toml,
            }),
            Err(e) => errors.push(Diagnostic::at(
                &display,
                "",
                0..0,
                format!("cannot read rule file: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn collect_rule_files(base: &Path, dir: &Path, depth: usize, out: &mut Vec<String>) {
    if depth > 8 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if ft.is_dir() {
            if name != "fixtures" && name != "snapshots" && !name.starts_with('.') {
                collect_rule_files(base, &path, depth + 1, out);
            }
        } else if ft.is_file()
            && ((depth == 0 && name.ends_with(".toml")) || (depth > 0 && name == "rule.toml"))
            && let Ok(rel) = path.strip_prefix(base)
        {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn read_explain(rule: &Path) -> String {
    let explain = if rule.file_name().is_some_and(|n| n == "rule.toml") {
        rule.with_file_name("explain.md")
    } else {
        rule.with_extension("md")
    };
    std::fs::read_to_string(explain).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Config, String> {
        Config::parse("infragap.toml", PathBuf::from("."), src).map_err(|e| {
            e.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n\n")
        })
    }

    #[test]
    fn short_and_table_declarations() {
        let c = parse(
            "[context]\nDAT-03 = \"PITR\"\n\n[context.OPS-02]\nstatus = \"partial\"\nfraction = 0.4\nreason = \"API only\"\n",
        )
        .unwrap();
        assert_eq!(c.context.len(), 2);
        assert_eq!(c.context[0].control, "DAT-03");
        assert_eq!(c.context[0].status, Status::Present);
        assert_eq!(c.context[0].line, 2);
        assert_eq!(c.context[1].status, Status::Partial);
        assert_eq!(c.context[1].fraction, Some(0.4));
        assert_eq!(c.context[1].line, 4);
    }

    #[test]
    fn suppressions_keep_their_line_and_date() {
        let c = parse(
            "# c\n\n[[suppress]]\ncontrol = \"SEC-01\"\npaths = [\"scripts/**\"]\nreason = \"r\"\nexpires = 2027-01-31\n",
        )
        .unwrap();
        let s = &c.suppress[0];
        assert_eq!(s.line, 3);
        assert_eq!(
            s.expires,
            Some(Date {
                year: 2027,
                month: 1,
                day: 31
            })
        );
        assert!(!s.is_whole_control());
        let ev = crate::evidence::Evidence::at("scripts/seed.ts", 3, "x");
        assert!(s.matches_finding("SEC-01", &ev));
        assert!(!s.matches_finding("SEC-02", &ev));
        let ev = crate::evidence::Evidence::at("src/a.ts", 3, "x");
        assert!(!s.matches_finding("SEC-01", &ev));
    }

    #[test]
    fn a_suppression_without_reason_is_an_error() {
        let e = parse("[[suppress]]\ncontrol = \"SEC-01\"\n").unwrap_err();
        assert!(e.contains("has no `reason`"), "{e}");
        assert!(e.contains("infragap.toml:1:1"), "{e}");
    }

    #[test]
    fn the_template_parses() {
        parse(TEMPLATE).unwrap();
    }

    /// The template's commented [assessment] and [[pricing]] examples parse
    /// once uncommented.
    #[test]
    fn the_templates_assessment_and_pricing_examples_parse() {
        let from = TEMPLATE.find("# [assessment]").unwrap();
        let text: String = TEMPLATE[from..]
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(""))
            .filter(|l| l.starts_with('[') || l.contains(" = "))
            .collect::<Vec<_>>()
            .join("\n");
        let c = Config::parse("infragap.toml", PathBuf::from("."), &text).unwrap();
        assert_eq!(c.assessment.capacity_hours_per_week.map(|x| x.0), Some(30));
        assert_eq!(c.assessment.hourly_rate.map(|x| x.0), Some(100));
        assert_eq!(c.pricing.len(), 2);
        assert_eq!(c.pricing[0].id, "sentry");
        assert_eq!(c.pricing[0].monthly, [80, 80]);
        assert_eq!(c.pricing[1].controls, ["OBS-04", "OBS-05", "OBS-07"]);
        assert!(c.pricing[1].source.starts_with("infragap.toml:"));
    }

    #[test]
    fn assessment_and_pricing_errors() {
        let e = parse("[assessment]\ncapacity_hours_per_week = 0\n").unwrap_err();
        assert!(e.contains("positive whole number"), "{e}");
        let e = parse("[assessment]\nteam = 3\n").unwrap_err();
        assert!(e.contains("unknown key `team`"), "{e}");
        let e = parse("[[pricing]]\nid = \"x\"\nmonthly = [9, 3]\n").unwrap_err();
        assert!(e.contains("low <= high"), "{e}");
        let e = parse("[[pricing]]\nname = \"x\"\n").unwrap_err();
        assert!(e.contains("needs `id` and `monthly`"), "{e}");
    }

    #[test]
    fn closest_ids() {
        let ids = ["DAT-03", "DEL-01"];
        assert_eq!(closest("DAT-3", ids.iter().copied()), Some("DAT-03"));
        assert_eq!(closest("dat-03", ids.iter().copied()), Some("DAT-03"));
        assert_eq!(closest("XYZ-99", ids.iter().copied()), None);
    }
}

/// Config and user-rule errors as the user sees them, caret included
/// (snapshots in `src/config/snapshots/`).
#[cfg(test)]
mod diagnostics {
    use super::*;

    fn render(errors: &[Diagnostic]) -> String {
        errors
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    fn config_errors(src: &str) -> String {
        let pack = RulePack::builtin().unwrap();
        match Config::parse(FILE_NAME, PathBuf::from("."), src) {
            Err(e) => render(&e),
            Ok(c) => render(&c.check_controls(&pack)),
        }
    }

    fn rule_errors(files: &[(&str, &str)]) -> String {
        let user = files
            .iter()
            .map(|(p, t)| UserRuleFile {
                display: p.to_string(),
                toml: t.to_string(),
                explain: String::new(),
            })
            .collect();
        match RulePack::with_user_rules(user) {
            Ok(_) => "ok".into(),
            Err(e) => render(&e),
        }
    }

    #[test]
    fn config_shape_errors() {
        insta::assert_snapshot!(config_errors(
            r#"rule = ["x.toml"]

[context]
DAT-03 = ""
backups = "provider"
[context.OBS-02]
status = "done"

[[suppress]]
control = "SEC-01"

[[suppress]]
reason = "nothing named"

[[suppress]]
control = "TST-04"
reason = "later"
expires = "2027-01-31"
"#
        ));
    }

    #[test]
    fn unknown_controls_and_paths_on_a_non_hygiene_control() {
        insta::assert_snapshot!(config_errors(
            r#"[context]
DEL-1 = "typo"
ZZZ-99 = "not a control"

[[suppress]]
control = "DEL-01"
paths = ["scripts/**"]
reason = "DEL-01 has no findings"
"#
        ));
    }

    #[test]
    fn toml_syntax_error_in_config() {
        insta::assert_snapshot!(config_errors("[context]\nDAT-03 = \"unterminated\n"));
    }

    #[test]
    fn broken_user_rules() {
        insta::assert_snapshot!(rule_errors(&[
            (
                ".infragap/rules/dup.toml",
                "id = \"DEL-01\"\ntitle = \"Mine\"\ndomain = \"DEL\"\ncriticality = \"high\"\nlevel = 2\n",
            ),
            (
                ".infragap/rules/ghost.toml",
                "id = \"XYZ-01\"\nextends = true\n\n[[tier]]\nstatus = \"present\"\nreason = \"r\"\nwhen = { fact = \"has_ci\" }\n",
            ),
            (
                ".infragap/rules/ext.toml",
                "id = \"DEL-01\"\nextends = true\ntitle = \"no\"\n\n[[tier]]\nstatus = \"present\"\nreason = \"r\"\nwhen = { content = \"(\" }\n",
            ),
            (
                ".infragap/rules/domain.toml",
                "id = \"ACME-01\"\ntitle = \"Acme\"\ndomain = \"ACME\"\ncriticality = \"low\"\nlevel = 2\n",
            ),
        ]));
    }
}
