//! `railway.json` / `railway.toml` (config as code).
//!
//! `deploy.healthcheckPath` → `health check …`, `deploy.numReplicas`,
//! `deploy.multiRegionConfig`, restart policy, start and pre-deploy commands
//! → settings; `deploy.cronSchedule` → crons; `build.builder` → setting;
//! `environments.<name>` (per-environment overrides) → environments, their
//! settings read the same way.

use super::tree::{self, Node};
use super::{Builder, Parsed, base_name, paren, tree_warning};
use crate::facts::Platform;

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = if base_name(path).ends_with(".toml") {
        tree::from_toml(text)
    } else {
        tree::from_json(text)
    }
    .map_err(|e| tree_warning(path, "railway config", e))?;
    let mut b = Builder::new(Platform::Railway, path);
    if let Some(e) = root.entry("deploy") {
        b.mark(e.line);
    }
    scope(&mut b, &root, "");
    for env in root.at("environments").entries() {
        b.env(&env.key, env.line);
        scope(&mut b, &env.value, &format!("env {}", env.key));
    }
    Ok(vec![b.build()])
}

fn scope(b: &mut Builder, t: &Node, suffix: &str) {
    let sfx = paren(suffix);
    if let Some(e) = t.at("build").entry("builder")
        && let Some(v) = e.value.text()
    {
        b.setting(e.line, format!("builder {v}{sfx}"));
    }
    let deploy = t.at("deploy");
    if let Some(e) = deploy.entry("healthcheckPath")
        && let Some(v) = e.value.text()
    {
        b.setting(e.line, format!("health check {v}{sfx}"));
    }
    if let Some(e) = deploy.entry("cronSchedule")
        && let Some(v) = e.value.text()
    {
        b.cron(e.line, format!("cron {v}{sfx}"));
    }
    for key in [
        "numReplicas",
        "startCommand",
        "preDeployCommand",
        "restartPolicyType",
        "sleepApplication",
        "region",
    ] {
        if let Some(e) = deploy.entry(key) {
            let val = e.value.scalar().map(|s| s.into_owned()).or_else(|| {
                let parts: Vec<String> = e
                    .value
                    .strings()
                    .into_iter()
                    .map(|(_, s)| s.into_owned())
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" && "))
            });
            if let Some(v) = val {
                b.setting(e.line, format!("{key} {v}{sfx}"));
            }
        }
    }
    if let Some(e) = deploy.entry("multiRegionConfig") {
        for r in e.value.entries() {
            let n = r.value.at("numReplicas").scalar();
            b.setting(
                r.line,
                format!(
                    "multiRegion {}{}{sfx}",
                    r.key,
                    n.map(|n| format!(" numReplicas {n}")).unwrap_or_default()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, ev, one};
    use super::*;

    #[test]
    fn json_config() {
        let text = r#"{
  "$schema": "https://railway.com/railway.schema.json",
  "build": {"builder": "NIXPACKS"},
  "deploy": {
    "startCommand": "node server.js",
    "healthcheckPath": "/health",
    "numReplicas": 2,
    "cronSchedule": "*/15 * * * *",
    "multiRegionConfig": {"us-west2": {"numReplicas": 2}}
  },
  "environments": {"staging": {"deploy": {"numReplicas": 1}}}
}"#;
        let d = one(parse("railway.json", text));
        assert_eq!(d.platform, Platform::Railway);
        assert_eq!(d.line, 4);
        assert_eq!(d.environments, ["staging"]);
        assert_eq!(ev(&d.crons), [(8, "cron */15 * * * *".to_string())]);
        let s = details(&d.settings);
        for want in [
            "builder NIXPACKS",
            "health check /health",
            "numReplicas 2",
            "startCommand node server.js",
            "multiRegion us-west2 numReplicas 2",
            "numReplicas 1 (env staging)",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn toml_config() {
        let text = "[build]\nbuilder = \"DOCKERFILE\"\n\n[deploy]\nhealthcheckPath = \"/up\"\npreDeployCommand = [\"npm run migrate\"]\n";
        let d = one(parse("railway.toml", text));
        assert_eq!(d.line, 4);
        let s = details(&d.settings);
        assert!(s.contains(&"health check /up".to_string()));
        assert!(s.contains(&"preDeployCommand npm run migrate".to_string()));
        assert!(parse("railway.toml", "[deploy\n").is_err());
        one(parse(
            "railway.json",
            "{\"deploy\": [], \"environments\": 1}",
        ));
    }
}
