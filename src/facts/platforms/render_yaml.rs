//! `render.yaml` / `render.yml` (Render Blueprints).
//!
//! Each service gives `service <type> <name>` plus its health check path,
//! instance count or autoscaling and pre-deploy command; cron services give
//! crons. `databases[]` and `envVarGroups[]` are settings. Preview
//! environments (`previewsEnabled: true`, `previews.generation` other than
//! `off`) give the environment `preview`; Blueprint projects
//! (`projects[].environments[]`) give their environment names.

use super::tree::{self, Node};
use super::{Builder, Parsed, tree_warning};
use crate::facts::Platform;

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_yaml(text).map_err(|e| tree_warning(path, "render.yaml", e))?;
    let mut b = Builder::new(Platform::Render, path);
    if let Some(e) = root.entry("services") {
        b.mark(e.line);
    }
    previews(&mut b, &root);
    services(&mut b, &root, "");
    for p in root.at("projects").items() {
        for env in p.at("environments").items() {
            let name = env.at("name").text();
            let name = name.as_deref().unwrap_or("");
            b.env(name, env.line1());
            services(&mut b, env, name);
        }
    }
    Ok(vec![b.build()])
}

fn previews(b: &mut Builder, t: &Node) {
    if let Some(e) = t.entry("previewsEnabled")
        && e.value.as_bool() == Some(true)
    {
        b.env("preview", e.line);
    }
    if let Some(e) = t.entry("previews") {
        let generation = e.value.at("generation").text();
        if generation
            .as_deref()
            .is_some_and(|g| g != "off" && g != "none")
        {
            b.env("preview", e.line);
        }
    }
}

fn services(b: &mut Builder, t: &Node, env: &str) {
    let sfx = if env.is_empty() {
        String::new()
    } else {
        format!(", env {env}")
    };
    for s in t.at("services").items() {
        let ty = s.at("type").text();
        let ty = ty.as_deref().unwrap_or("service");
        let name = s.at("name").text();
        let name = name.as_deref().unwrap_or("?");
        let who = format!("{ty} {name}{sfx}");
        b.setting(s.line1(), format!("service {ty} {name}{sfx}"));
        if let Some(h) = s.entry("healthCheckPath")
            && let Some(p) = h.value.text()
        {
            b.setting(h.line, format!("health check {p} ({who})"));
        }
        if let Some(n) = s.entry("numInstances")
            && let Some(v) = n.value.scalar()
        {
            b.setting(n.line, format!("numInstances {v} ({who})"));
        }
        if let Some(sc) = s.entry("scaling") {
            let mut parts = Vec::new();
            for key in [
                "minInstances",
                "maxInstances",
                "targetCPUPercent",
                "targetMemoryPercent",
            ] {
                if let Some(v) = sc.value.at(key).scalar() {
                    parts.push(format!("{key} {v}"));
                }
            }
            b.setting(sc.line, format!("autoscaling {} ({who})", parts.join(" ")));
        }
        if let Some(c) = s.entry("schedule")
            && let Some(expr) = c.value.text()
        {
            b.cron(c.line, format!("cron {expr} ({who})"));
        }
        for key in ["preDeployCommand", "plan", "region"] {
            if let Some(e) = s.entry(key)
                && let Some(v) = e.value.text()
            {
                b.setting(e.line, format!("{key} {v} ({who})"));
            }
        }
        previews(b, s);
    }
    for db in t.at("databases").items() {
        if let Some(n) = db.at("name").text() {
            let replicas = db.at("readReplicas").items().len();
            let extra = if replicas > 0 {
                format!(" readReplicas {replicas}")
            } else {
                String::new()
            };
            b.setting(db.line1(), format!("database {n}{extra}{sfx}"));
        }
    }
    for g in t.at("envVarGroups").items() {
        if let Some(n) = g.at("name").text() {
            b.setting(g.line1(), format!("envVarGroup {n}{sfx}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, ev, one};
    use super::*;
    use crate::evidence::WarningKind;

    const SAMPLE: &str = "\
previewsEnabled: true
services:
  - type: web
    name: api
    runtime: node
    healthCheckPath: /healthz
    scaling:
      minInstances: 1
      maxInstances: 3
  - type: worker
    name: jobs
    numInstances: 2
  - type: cron
    name: nightly
    schedule: \"0 3 * * *\"
databases:
  - name: main
envVarGroups:
  - name: shared
";

    #[test]
    fn services_crons_previews() {
        let d = one(parse("render.yaml", SAMPLE));
        assert_eq!(d.platform, Platform::Render);
        assert_eq!(d.line, 2);
        assert_eq!(d.environments, ["preview"]);
        assert_eq!(
            ev(&d.crons),
            [(15, "cron 0 3 * * * (cron nightly)".to_string())]
        );
        let s = details(&d.settings);
        for want in [
            "service web api",
            "health check /healthz (web api)",
            "autoscaling minInstances 1 maxInstances 3 (web api)",
            "numInstances 2 (worker jobs)",
            "database main",
            "envVarGroup shared",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn projects_environments() {
        let text = "\
projects:
  - name: shop
    environments:
      - name: production
        services:
          - type: web
            name: web
      - name: staging
";
        let d = one(parse("render.yaml", text));
        assert_eq!(d.environments, ["production", "staging"]);
        assert_eq!(d.environment_evidence[1].line, Some(8));
        assert!(details(&d.settings).contains(&"service web web, env production".to_string()));
    }

    #[test]
    fn odd_shapes_and_errors() {
        let d = one(parse("render.yaml", "services: 3\ndatabases: {a: 1}\n"));
        assert!(d.settings.is_empty());
        let d = one(parse("render.yaml", ""));
        assert!(d.settings.is_empty());
        let w = parse("render.yaml", "services:\n  - a: [\n").unwrap_err();
        assert_eq!(w.kind, WarningKind::Malformed);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            bomb.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = c;
        }
        let w = parse("render.yaml", &bomb).unwrap_err();
        assert_eq!(w.kind, WarningKind::Budget);
    }
}
