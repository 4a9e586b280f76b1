//! `vercel.json` (and legacy `now.json`), and a committed `.vercel/project.json`.
//!
//! Crons become `crons` evidence (`cron <schedule> <path>`); response headers
//! become `header <Name>` settings; regions, functions (`maxDuration`,
//! `memory`, `runtime`), the framework and build command and git deployment
//! switches become settings.

use super::tree::{self, Node};
use super::{Builder, Parsed, base_name, header_settings, tree_warning};
use crate::facts::Platform;

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_json(text).map_err(|e| tree_warning(path, "vercel config", e))?;
    let mut b = Builder::new(Platform::Vercel, path);
    if base_name(path) == "project.json" {
        project_json(&mut b, &root);
    } else {
        vercel_json(&mut b, &root);
    }
    Ok(vec![b.build()])
}

fn project_json(b: &mut Builder, root: &Node) {
    if let Some(e) = root.entry("projectId") {
        b.mark(e.line);
        b.setting(e.line, "linked Vercel project");
    }
    if let Some(f) = root.get("settings").and_then(|s| s.entry("framework"))
        && let Some(v) = f.value.text()
    {
        b.setting(f.line, format!("framework {v}"));
    }
}

fn vercel_json(b: &mut Builder, root: &Node) {
    for item in root.at("crons").items() {
        let schedule = item
            .at("schedule")
            .as_str()
            .filter(|s| !s.trim().is_empty());
        let target = item.at("path").text();
        if let Some(s) = schedule {
            b.cron(
                item.line1(),
                format!("cron {} {}", s, target.as_deref().unwrap_or("")).trim_end(),
            );
        }
    }
    for rule in root.at("headers").items() {
        header_settings(b, rule.at("headers"));
    }
    if let Some(e) = root.entry("regions") {
        let regions: Vec<String> = e
            .value
            .strings()
            .into_iter()
            .map(|(_, s)| s.into_owned())
            .collect();
        if !regions.is_empty() {
            b.setting(e.line, format!("regions {}", regions.join(", ")));
        }
    }
    for f in root.at("functions").entries() {
        for key in ["maxDuration", "memory", "runtime"] {
            if let Some(v) = f.value.entry(key)
                && let Some(val) = v.value.scalar()
            {
                b.setting(v.line, format!("function {} {key} {val}", f.key));
            }
        }
    }
    for key in ["framework", "buildCommand", "outputDirectory"] {
        if let Some(e) = root.entry(key)
            && let Some(v) = e.value.text()
        {
            b.setting(e.line, format!("{key} {v}"));
        }
    }
    if let Some(git) = root.entry("git")
        && let Some(de) = git.value.entry("deploymentEnabled")
    {
        match &de.value.v {
            tree::V::Bool(v) => b.setting(de.line, format!("git deploymentEnabled {v}")),
            tree::V::Map(branches) => {
                for br in branches {
                    if let Some(v) = br.value.as_bool() {
                        b.setting(br.line, format!("git deploymentEnabled {} {v}", br.key));
                    }
                }
            }
            _ => {}
        }
    }
    for key in ["rewrites", "redirects"] {
        if let Some(e) = root.entry(key) {
            let n = e.value.items().len();
            if n > 0 {
                b.setting(e.line, format!("{key} {n}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, ev, one};
    use super::*;
    use crate::evidence::WarningKind;

    const SAMPLE: &str = r#"{
  "$schema": "https://openapi.vercel.sh/vercel.json",
  "regions": ["iad1", "sfo1"],
  // comments are allowed
  "crons": [
    { "path": "/api/cron/cleanup", "schedule": "0 5 * * *" },
    { "path": "/api/cron/noschedule" }
  ],
  "functions": { "api/**/*.ts": { "maxDuration": 60, "memory": 1024 } },
  "headers": [
    {
      "source": "/(.*)",
      "headers": [
        { "key": "Strict-Transport-Security", "value": "max-age=63072000" },
        { "key": "X-Frame-Options", "value": "DENY" }
      ]
    }
  ],
  "git": { "deploymentEnabled": { "main": true, "dev": false } },
}"#;

    #[test]
    fn crons_headers_functions() {
        let d = one(parse("vercel.json", SAMPLE));
        assert_eq!(d.platform, Platform::Vercel);
        assert_eq!(d.line, 1);
        assert_eq!(
            ev(&d.crons),
            [(6, "cron 0 5 * * * /api/cron/cleanup".to_string())]
        );
        let s = details(&d.settings);
        assert!(s.contains(&"header Strict-Transport-Security".to_string()));
        assert!(s.contains(&"header X-Frame-Options".to_string()));
        assert!(s.contains(&"regions iad1, sfo1".to_string()));
        assert!(s.contains(&"function api/**/*.ts maxDuration 60".to_string()));
        assert!(s.contains(&"git deploymentEnabled dev false".to_string()));
        let hsts = d
            .settings
            .iter()
            .find(|e| e.detail == "header Strict-Transport-Security")
            .unwrap();
        assert_eq!(hsts.line, Some(14));
    }

    #[test]
    fn project_json_links() {
        let d = one(parse(
            ".vercel/project.json",
            r#"{"orgId":"team_1","projectId":"prj_1","settings":{"framework":"nextjs"}}"#,
        ));
        assert_eq!(
            details(&d.settings),
            ["linked Vercel project", "framework nextjs"]
        );
    }

    #[test]
    fn odd_shapes_do_not_break() {
        for text in [
            "{}",
            "[]",
            "null",
            "{\"crons\": {}, \"headers\": \"x\", \"functions\": [1], \"regions\": 3}",
            "{\"crons\": [1, null, {\"schedule\": 5}]}",
        ] {
            let d = one(parse("vercel.json", text));
            assert_eq!(d.platform, Platform::Vercel);
        }
        // a schedule must be a string
        let d = one(parse("vercel.json", "{\"crons\": [{\"schedule\": 5}]}"));
        assert!(d.crons.is_empty());
    }

    #[test]
    fn malformed_and_hostile() {
        let w = parse("vercel.json", "{\"crons\": [").unwrap_err();
        assert_eq!(w.kind, WarningKind::Malformed);
        let w = parse("vercel.json", &"[".repeat(200_000)).unwrap_err();
        assert_eq!(w.kind, WarningKind::Budget);
        let junk = "\u{fffd}\u{fffd}{\"a\"\u{0}";
        assert!(parse("vercel.json", junk).is_err());
        let long = format!("{{\"x\": \"{}\"}}", "a".repeat(1_000_000));
        assert!(parse("vercel.json", &long).is_ok());
    }
}
