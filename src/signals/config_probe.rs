//! Config probes: `config` predicates (a key path in a JSON/TOML/YAML file,
//! optionally with a value pattern). Run with the signals stage, over the few
//! files whose paths match a probe's glob; config files are small.

use globset::GlobMatcher;

use super::compile_glob;
use crate::evidence::Evidence;
use crate::facts::yaml;
use crate::inventory::Inventory;
use crate::rules::ConfigProbe;

/// Evidence per probe (empty when the probe did not match).
pub fn run(inv: &Inventory, probes: &[ConfigProbe]) -> Vec<Vec<Evidence>> {
    let compiled: Vec<(Option<GlobMatcher>, Option<regex::Regex>)> = probes
        .iter()
        .map(|p| {
            (
                compile_glob(&p.glob).ok().map(|g| g.compile_matcher()),
                p.value.as_deref().and_then(|v| regex::Regex::new(v).ok()),
            )
        })
        .collect();
    let mut out = vec![Vec::new(); probes.len()];
    if probes.is_empty() {
        return out;
    }
    for f in &inv.files {
        let wanted: Vec<usize> = compiled
            .iter()
            .enumerate()
            .filter(|(_, (g, _))| g.as_ref().is_some_and(|g| g.is_match(&f.path)))
            .map(|(i, _)| i)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let Ok(text) = inv.read_text(f) else { continue };
        let doc = parse_doc(&f.path, &text);
        let Some(doc) = doc else { continue };
        for i in wanted {
            let probe = &probes[i];
            let Some(value) = lookup(&doc, &probe.key) else {
                continue;
            };
            let ok = match &compiled[i].1 {
                Some(re) => re.is_match(&value),
                None => true,
            };
            if ok && out[i].len() < 5 {
                let line = line_of_key(&text, probe.key.last().map(String::as_str).unwrap_or(""));
                let shown: String = value.chars().take(80).collect();
                out[i].push(Evidence::new(
                    f.path.clone(),
                    line,
                    format!("{} = {shown}", probe.key.join(".")),
                ));
            }
        }
    }
    out
}

/// A config document as JSON values (TOML and YAML converted).
fn parse_doc(path: &str, text: &str) -> Option<serde_json::Value> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".toml") {
        return toml::from_str::<toml::Table>(text)
            .ok()
            .and_then(|t| serde_json::to_value(t).ok());
    }
    if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        let y = yaml::parse_one(text).ok()?;
        return Some(yaml_to_json(&y, 0));
    }
    // JSON with comments and trailing commas (tsconfig, VS Code style).
    jsonc_parser::parse_to_serde_value::<serde_json::Value>(text, &Default::default()).ok()
}

fn yaml_to_json(y: &yaml::Yaml, depth: usize) -> serde_json::Value {
    use serde_json::Value;
    if depth > 64 {
        return Value::Null;
    }
    match &y.kind {
        yaml::Kind::Null => Value::Null,
        yaml::Kind::Scalar(s) => Value::String(s.clone()),
        yaml::Kind::Seq(items) => Value::Array(
            items
                .iter()
                .take(10_000)
                .map(|i| yaml_to_json(i, depth + 1))
                .collect(),
        ),
        yaml::Kind::Map(_) => Value::Object(
            y.entries()
                .into_iter()
                .take(10_000)
                .map(|(k, v)| (k.to_string(), yaml_to_json(v, depth + 1)))
                .collect(),
        ),
    }
}

fn lookup(doc: &serde_json::Value, key: &[String]) -> Option<String> {
    let mut cur = doc;
    for k in key {
        cur = match cur {
            serde_json::Value::Object(m) => m.get(k)?,
            serde_json::Value::Array(a) => a.get(k.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(match cur {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn line_of_key(text: &str, key: &str) -> Option<u32> {
    if key.is_empty() {
        return None;
    }
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with(&format!("\"{key}\""))
            || t.starts_with(&format!("{key}:"))
            || t.starts_with(&format!("{key} ="))
            || t.starts_with(&format!("{key}="))
            || t.starts_with(&format!("'{key}'"))
        {
            return Some(i as u32 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_across_formats() {
        let j = parse_doc(
            "a.json",
            "{ // c\n \"compilerOptions\": {\"strict\": true,},\n}",
        )
        .unwrap();
        assert_eq!(
            lookup(&j, &["compilerOptions".into(), "strict".into()]).as_deref(),
            Some("true")
        );
        let t = parse_doc("a.toml", "[tool.coverage.report]\nfail_under = 90\n").unwrap();
        assert_eq!(
            lookup(
                &t,
                &[
                    "tool".into(),
                    "coverage".into(),
                    "report".into(),
                    "fail_under".into()
                ]
            )
            .as_deref(),
            Some("90")
        );
        let y = parse_doc("a.yml", "coverage:\n  status:\n    project: on\n").unwrap();
        assert_eq!(
            lookup(&y, &["coverage".into(), "status".into(), "project".into()]).as_deref(),
            Some("on")
        );
        assert_eq!(line_of_key("a\n  \"strict\": true\n", "strict"), Some(2));
    }
}
