//! DigitalOcean App Platform spec: `.do/app.yaml`, `.do/deploy.template.yaml`
//! (the latter wraps the spec in `spec:`).
//!
//! Components (`services`, `workers`, `jobs`, `static_sites`, `functions`)
//! become `component <kind> <name>` settings with their health check path,
//! instance count and autoscaling; scheduled jobs become crons; databases,
//! region and alerts are settings.

use super::tree::{self, Node};
use super::{Builder, Parsed, tree_warning};
use crate::facts::Platform;

const COMPONENTS: &[&str] = &["services", "workers", "jobs", "static_sites", "functions"];

pub fn parse(path: &str, text: &str) -> Parsed {
    let doc = tree::from_yaml(text).map_err(|e| tree_warning(path, "App Platform spec", e))?;
    let root: &Node = doc.get("spec").filter(|s| s.is_map()).unwrap_or(&doc);
    let mut b = Builder::new(Platform::DigitalOcean, path);
    if let Some(e) = root.entry("name") {
        b.mark(e.line);
        if let Some(v) = e.value.text() {
            b.setting(e.line, format!("app {v}"));
        }
    }
    if let Some(e) = root.entry("region")
        && let Some(v) = e.value.text()
    {
        b.setting(e.line, format!("region {v}"));
    }
    for kind in COMPONENTS {
        for c in root.at(kind).items() {
            let name = c.at("name").text();
            let name = name.as_deref().unwrap_or("?");
            b.setting(c.line1(), format!("component {kind} {name}"));
            if let Some(h) = c.entry("health_check") {
                let p = h.value.at("http_path").text();
                let d = match p {
                    Some(p) => format!("health check {p} ({name})"),
                    None => format!("health check ({name})"),
                };
                b.setting(h.line, d);
            }
            if let Some(n) = c.entry("instance_count")
                && let Some(v) = n.value.scalar()
            {
                b.setting(n.line, format!("instance_count {v} ({name})"));
            }
            if let Some(a) = c.entry("autoscaling") {
                let min = a.value.at("min_instance_count").scalar();
                let max = a.value.at("max_instance_count").scalar();
                b.setting(
                    a.line,
                    format!(
                        "autoscaling min {} max {} ({name})",
                        min.as_deref().unwrap_or("?"),
                        max.as_deref().unwrap_or("?")
                    ),
                );
            }
            if let Some(k) = c.entry("kind")
                && let Some(v) = k.value.text()
            {
                b.setting(k.line, format!("job kind {v} ({name})"));
            }
            if let Some(s) = c.entry("schedule") {
                let expr = s.value.text().or_else(|| s.value.at("cron").text());
                if let Some(e) = expr {
                    b.cron(s.line, format!("cron {e} ({name})"));
                }
            }
        }
    }
    for db in root.at("databases").items() {
        let name = db.at("name").text();
        let engine = db.at("engine").text();
        b.setting(
            db.line1(),
            format!(
                "database {} {}",
                name.as_deref().unwrap_or("?"),
                engine.as_deref().unwrap_or("")
            )
            .trim_end(),
        );
    }
    for a in root.at("alerts").items() {
        if let Some(r) = a.at("rule").text() {
            b.setting(a.line1(), format!("alert {r}"));
        }
    }
    Ok(vec![b.build()])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, ev, one};
    use super::*;

    #[test]
    fn spec_components() {
        let text = "\
spec:
  name: shop
  region: nyc
  services:
    - name: web
      instance_count: 2
      health_check:
        http_path: /healthz
  jobs:
    - name: migrate
      kind: PRE_DEPLOY
    - name: nightly
      kind: SCHEDULED
      schedule:
        cron: 0 4 * * *
  databases:
    - name: db
      engine: PG
  alerts:
    - rule: DEPLOYMENT_FAILED
";
        let d = one(parse(".do/deploy.template.yaml", text));
        assert_eq!(d.platform, Platform::DigitalOcean);
        assert_eq!(d.line, 2);
        assert_eq!(ev(&d.crons), [(14, "cron 0 4 * * * (nightly)".to_string())]);
        let s = details(&d.settings);
        for want in [
            "app shop",
            "component services web",
            "health check /healthz (web)",
            "instance_count 2 (web)",
            "job kind PRE_DEPLOY (migrate)",
            "database db PG",
            "alert DEPLOYMENT_FAILED",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn junk() {
        one(parse(".do/app.yaml", "services: 1\nspec: 2\n"));
        assert!(parse(".do/app.yaml", "[").is_err());
    }
}
