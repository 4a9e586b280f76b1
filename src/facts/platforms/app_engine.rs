//! Google App Engine: `app.yaml` with a top-level `runtime:`, and `cron.yaml`
//! with `cron:` entries that have `url` and `schedule`.
//!
//! Both names are common elsewhere (Kubernetes manifests, other tools), so
//! only those shapes declare App Engine; anything else gives no descriptor.
//! Settings: runtime, `env: flex`, service, instance class, entrypoint,
//! `automatic_scaling` / `basic_scaling` / `manual_scaling`, liveness and
//! readiness checks (`health check …`).

use super::tree;
use super::{Builder, Parsed, base_name, tree_warning};
use crate::facts::Platform;

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_yaml(text).map_err(|e| tree_warning(path, "App Engine config", e))?;
    let name = base_name(path).to_ascii_lowercase();
    let mut b = Builder::new(Platform::AppEngine, path);

    if name.starts_with("cron.") {
        let Some(list) = root.entry("cron") else {
            return Ok(Vec::new());
        };
        for job in list.value.items() {
            let url = job.at("url").text();
            let schedule = job.at("schedule").text();
            if let (Some(u), Some(s)) = (url, schedule) {
                b.cron(job.line1(), format!("cron {s} {u}"));
            }
        }
        if !b.has_content() {
            return Ok(Vec::new());
        }
        b.mark(list.line);
        return Ok(vec![b.build()]);
    }

    if root.get("apiVersion").is_some() || root.get("kind").is_some() {
        return Ok(Vec::new());
    }
    let Some(runtime) = root.entry("runtime") else {
        return Ok(Vec::new());
    };
    let Some(rt) = runtime.value.text() else {
        return Ok(Vec::new());
    };
    b.mark(runtime.line);
    b.setting(runtime.line, format!("runtime {rt}"));
    for key in ["env", "service", "instance_class", "entrypoint"] {
        if let Some(e) = root.entry(key)
            && let Some(v) = e.value.text()
        {
            b.setting(e.line, format!("{key} {v}"));
        }
    }
    for key in ["automatic_scaling", "basic_scaling", "manual_scaling"] {
        if let Some(e) = root.entry(key) {
            let parts: Vec<String> = e
                .value
                .entries()
                .iter()
                .filter_map(|x| x.value.scalar().map(|v| format!("{} {v}", x.key)))
                .collect();
            b.setting(e.line, format!("{key} {}", parts.join(" ")).trim_end());
        }
    }
    for key in ["liveness_check", "readiness_check", "health_check"] {
        if let Some(e) = root.entry(key) {
            let p = e.value.at("path").text();
            b.setting(
                e.line,
                format!("health check {}", p.as_deref().unwrap_or(key)),
            );
        }
    }
    Ok(vec![b.build()])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, ev, one};
    use super::*;

    #[test]
    fn app_yaml() {
        let text = "\
# App Engine
runtime: python312
service: api
entrypoint: gunicorn -b :$PORT main:app
automatic_scaling:
  min_instances: 1
  max_instances: 10
readiness_check:
  path: /ready
";
        let d = one(parse("app.yaml", text));
        assert_eq!(d.platform, Platform::AppEngine);
        assert_eq!(d.line, 2);
        let s = details(&d.settings);
        for want in [
            "runtime python312",
            "service api",
            "automatic_scaling min_instances 1 max_instances 10",
            "health check /ready",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn not_app_engine() {
        assert!(
            parse("app.yaml", "apiVersion: v1\nkind: Pod\n")
                .unwrap()
                .is_empty()
        );
        assert!(parse("app.yaml", "name: x\n").unwrap().is_empty());
        assert!(parse("app.yaml", "runtime: {a: 1}\n").unwrap().is_empty());
        assert!(parse("cron.yaml", "jobs: []\n").unwrap().is_empty());
        assert!(
            parse("cron.yaml", "cron:\n  - schedule: daily\n")
                .unwrap()
                .is_empty()
        );
        assert!(parse("app.yaml", "a: [\n").is_err());
    }

    #[test]
    fn cron_yaml() {
        let text =
            "cron:\n- description: daily\n  url: /tasks/summary\n  schedule: every 24 hours\n";
        let d = one(parse("cron.yaml", text));
        assert_eq!(
            ev(&d.crons),
            [(2, "cron every 24 hours /tasks/summary".to_string())]
        );
    }
}
