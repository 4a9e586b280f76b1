//! `serverless.yml` / `serverless.yaml` (Serverless Framework).
//!
//! Gives a `Serverless` descriptor with everything, plus one for the cloud
//! the provider names (`aws` → AWS, `google` → Google Cloud, `azure` → Azure)
//! carrying only the provider setting, so the cloud is declared without
//! repeating the evidence. Stages: a literal `provider.stage` (or the default
//! in `${opt:stage, 'dev'}`), `custom.stages`, and `params.<stage>` (except
//! `default`). `functions.*.events[].schedule` → crons.

use super::tree::{self, Node};
use super::{Builder, Parsed, tree_warning};
use crate::facts::Platform;

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_yaml(text).map_err(|e| tree_warning(path, "serverless.yml", e))?;
    let mut b = Builder::new(Platform::Serverless, path);
    if let Some(e) = root.entry("service") {
        b.mark(e.line);
        if let Some(v) = e.value.text().or_else(|| e.value.at("name").text()) {
            b.setting(e.line, format!("service {v}"));
        }
    }

    let provider = root.entry("provider");
    let (provider_name, provider_line) = match provider {
        Some(p) => (
            p.value.text().or_else(|| p.value.at("name").text()),
            p.value.get("name").map_or(p.line, |n| n.line1()),
        ),
        None => (None, 1),
    };
    let cloud = provider_name.as_deref().and_then(|n| match n {
        "aws" => Some(Platform::Aws),
        "google" => Some(Platform::Gcp),
        "azure" => Some(Platform::Azure),
        _ => None,
    });
    if let Some(n) = &provider_name {
        b.setting(provider_line, format!("provider {n}"));
    }
    if let Some(p) = provider {
        for key in ["runtime", "region"] {
            if let Some(e) = p.value.entry(key)
                && let Some(v) = e.value.text()
            {
                b.setting(e.line, format!("{key} {v}"));
            }
        }
        if let Some(e) = p.value.entry("stage")
            && let Some(stage) = e.value.as_str().and_then(literal_stage)
        {
            b.env(&stage, e.line);
        }
    }
    if let Some(stages) = root.at("custom").entry("stages") {
        for (line, s) in stages.value.strings() {
            b.env(&s, line);
        }
        for e in stages.value.entries() {
            b.env(&e.key, e.line);
        }
    }
    for e in root.at("params").entries() {
        if e.key != "default" {
            b.env(&e.key, e.line);
        }
    }

    for f in root.at("functions").entries() {
        let mut kinds: Vec<&str> = Vec::new();
        for ev in f.value.at("events").items() {
            for e in ev.entries() {
                if !kinds.contains(&e.key.as_str()) {
                    kinds.push(&e.key);
                }
                if e.key == "schedule" {
                    schedule(&mut b, &e.value, e.line, &f.key);
                }
            }
        }
        let events = if kinds.is_empty() {
            String::new()
        } else {
            format!(" (events: {})", kinds.join(", "))
        };
        b.setting(f.line, format!("function {}{events}", f.key));
    }
    if let Some(e) = root.entry("resources") {
        b.setting(e.line, "resources");
    }
    for (line, p) in root.at("plugins").strings() {
        b.setting(line, format!("plugin {p}"));
    }

    let mut out = vec![];
    if let Some(cloud) = cloud {
        let mut c = Builder::new(cloud, path);
        c.mark(provider_line);
        if let Some(n) = &provider_name {
            c.setting(provider_line, format!("serverless provider {n}"));
        }
        out.push(c.build());
    }
    out.insert(0, b.build());
    Ok(out)
}

/// A stage written literally, or the default of `${opt:stage, 'dev'}`.
fn literal_stage(s: &str) -> Option<String> {
    let s = s.trim();
    if !s.contains("${") {
        return (!s.is_empty()).then(|| s.to_string());
    }
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    let (_, default) = inner.split_once(',')?;
    let d = default.trim().trim_matches(|c| c == '\'' || c == '"');
    let ok = !d.is_empty()
        && d.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| d.to_string())
}

fn schedule(b: &mut Builder, v: &Node, line: u32, function: &str) {
    // `schedule: rate(1 hour)` or `schedule: {rate: [rate(1 h), cron(…)], enabled: true}`
    let rates = if v.is_map() { v.at("rate") } else { v };
    if v.at("enabled").as_bool() == Some(false) {
        return;
    }
    for (l, expr) in rates.strings() {
        b.cron(l.max(line), format!("cron {expr} function {function}"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, ev};
    use super::*;

    const SAMPLE: &str = "\
service: billing
provider:
  name: aws
  runtime: nodejs20.x
  stage: ${opt:stage, 'dev'}
custom:
  stages:
    - dev
    - prod
params:
  default:
    x: 1
  prod:
    x: 2
functions:
  api:
    handler: src/api.handler
    events:
      - httpApi: '*'
  nightly:
    handler: src/nightly.handler
    events:
      - schedule: cron(0 3 * * ? *)
      - schedule:
          rate:
            - rate(1 hour)
          enabled: true
      - schedule:
          rate: rate(2 hours)
          enabled: false
plugins:
  - serverless-offline
";

    #[test]
    fn stages_crons_and_cloud() {
        let ds = parse("serverless.yml", SAMPLE).unwrap();
        assert_eq!(ds.len(), 2);
        let d = &ds[0];
        assert_eq!(d.platform, Platform::Serverless);
        assert_eq!(d.line, 1);
        assert_eq!(d.environments, ["dev", "prod"]);
        assert_eq!(
            ev(&d.crons),
            [
                (23, "cron cron(0 3 * * ? *) function nightly".to_string()),
                (26, "cron rate(1 hour) function nightly".to_string()),
            ]
        );
        let s = details(&d.settings);
        for want in [
            "service billing",
            "provider aws",
            "runtime nodejs20.x",
            "function api (events: httpApi)",
            "function nightly (events: schedule)",
            "plugin serverless-offline",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
        assert_eq!(ds[1].platform, Platform::Aws);
        assert_eq!(ds[1].line, 3);
        assert!(ds[1].crons.is_empty());
    }

    #[test]
    fn stage_literals() {
        assert_eq!(literal_stage("prod").as_deref(), Some("prod"));
        assert_eq!(
            literal_stage("${opt:stage, \"staging\"}").as_deref(),
            Some("staging")
        );
        assert_eq!(literal_stage("${opt:stage}"), None);
        assert_eq!(literal_stage("${opt:stage, self:custom.x}"), None);
        assert_eq!(literal_stage("${"), None);
    }

    #[test]
    fn other_providers_and_junk() {
        let ds = parse("serverless.yml", "provider: cloudflare\n").unwrap();
        assert_eq!(ds.len(), 1);
        let ds = parse("serverless.yml", "provider: google\nfunctions: 3\n").unwrap();
        assert_eq!(ds[1].platform, Platform::Gcp);
        let ds = parse(
            "serverless.yml",
            "functions:\n  a:\n    events: [1, {schedule: {}}]\n",
        )
        .unwrap();
        assert!(ds[0].crons.is_empty());
        assert!(parse("serverless.yml", "a: b: c\n").is_err());
    }
}
