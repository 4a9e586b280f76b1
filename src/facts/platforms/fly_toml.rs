//! `fly.toml` and the per-environment convention `fly.<env>.toml`.
//!
//! Settings: app name, `primary_region`, `[http_service]` and `[[services]]`
//! (ports, machine counts, auto stop/start, concurrency), health checks
//! (`[[http_service.checks]]`, `[[services.http_checks]]`,
//! `[[services.tcp_checks]]`, top-level `[checks.*]`) as `health check …`,
//! `[[vm]]`, `[deploy]` (release command, strategy), `[processes]`, mounts.
//! `fly.staging.toml` declares the environment `staging`; the `[env]` table
//! holds environment variables and is not an environment.

use super::tree::{self, Node};
use super::{Builder, Parsed, base_name, tree_warning};
use crate::facts::Platform;

/// `fly.toml`, `fly.<env>.toml`, `fly-<env>.toml`, `<env>.fly.toml`.
pub fn is_fly_toml(lower_name: &str) -> bool {
    lower_name == "fly.toml" || env_from_name(lower_name).is_some()
}

/// The environment a file name declares (`fly.staging.toml` → `staging`).
fn env_from_name(lower_name: &str) -> Option<&str> {
    let stem = lower_name.strip_suffix(".toml")?;
    let env = stem
        .strip_prefix("fly.")
        .or_else(|| stem.strip_prefix("fly-"))
        .or_else(|| stem.strip_prefix("fly_"))
        .or_else(|| stem.strip_suffix(".fly"))?;
    (!env.is_empty() && !env.contains('/')).then_some(env)
}

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_toml(text).map_err(|e| tree_warning(path, "fly.toml", e))?;
    let mut b = Builder::new(Platform::Fly, path);
    let name = base_name(path).to_ascii_lowercase();
    if let Some(env) = env_from_name(&name) {
        b.env(env, 1);
    }
    if let Some(e) = root.entry("app") {
        b.mark(e.line);
        if let Some(v) = e.value.text() {
            b.setting(e.line, format!("app {v}"));
        }
    }
    for key in [
        "primary_region",
        "kill_signal",
        "kill_timeout",
        "swap_size_mb",
    ] {
        if let Some(e) = root.entry(key)
            && let Some(v) = e.value.scalar()
        {
            b.setting(e.line, format!("{key} {v}"));
        }
    }

    if let Some(hs) = root.entry("http_service") {
        b.setting(hs.line, "http_service");
        service(&mut b, &hs.value, "http_service");
        for c in hs.value.at("checks").items() {
            check(&mut b, c, "http");
        }
    }
    for (i, s) in root.at("services").items().iter().enumerate() {
        let label = format!("services[{i}]");
        b.setting(s.line1(), label.clone());
        service(&mut b, s, &label);
        for c in s.at("http_checks").items() {
            check(&mut b, c, "http");
        }
        for c in s.at("tcp_checks").items() {
            check(&mut b, c, "tcp");
        }
    }
    for c in root.at("checks").entries() {
        let kind = c.value.at("type").text();
        check(&mut b, &c.value, kind.as_deref().unwrap_or("http"));
    }

    for vm in root.at("vm").one_or_many() {
        let mut parts = Vec::new();
        for key in ["size", "memory", "cpus", "cpu_kind", "processes"] {
            match vm.get(key) {
                Some(v) if v.scalar().is_some() => {
                    parts.push(format!("{key} {}", v.scalar().unwrap_or_default()))
                }
                Some(v) => {
                    let list: Vec<String> = v
                        .strings()
                        .into_iter()
                        .map(|(_, s)| s.into_owned())
                        .collect();
                    if !list.is_empty() {
                        parts.push(format!("{key} {}", list.join(",")));
                    }
                }
                None => {}
            }
        }
        b.setting(
            vm.line1(),
            format!("vm {}", parts.join(" ")).trim_end().to_string(),
        );
    }

    if let Some(deploy) = root.get("deploy") {
        for key in ["release_command", "strategy", "max_unavailable"] {
            if let Some(e) = deploy.entry(key)
                && let Some(v) = e.value.scalar()
            {
                b.setting(e.line, format!("deploy {key} {v}"));
            }
        }
    }
    for p in root.at("processes").entries() {
        if let Some(cmd) = p.value.text() {
            b.setting(p.line, format!("process {}: {cmd}", p.key));
        }
    }
    for m in root.at("mounts").one_or_many() {
        if let Some(src) = m.at("source").text() {
            b.setting(m.line1(), format!("mount {src}"));
        }
    }
    for e in root.at("metrics").one_or_many() {
        if let Some(p) = e.at("path").text() {
            b.setting(e.line1(), format!("metrics {p}"));
        }
    }
    Ok(vec![b.build()])
}

fn service(b: &mut Builder, s: &Node, label: &str) {
    for key in [
        "internal_port",
        "auto_stop_machines",
        "auto_start_machines",
        "min_machines_running",
        "force_https",
    ] {
        if let Some(e) = s.entry(key)
            && let Some(v) = e.value.scalar()
        {
            b.setting(e.line, format!("{key} {v} ({label})"));
        }
    }
    if let Some(c) = s.entry("concurrency") {
        let soft = c.value.at("soft_limit").scalar();
        let hard = c.value.at("hard_limit").scalar();
        let ty = c.value.at("type").scalar();
        let mut parts = Vec::new();
        if let Some(t) = ty {
            parts.push(format!("type {t}"));
        }
        if let Some(v) = soft {
            parts.push(format!("soft_limit {v}"));
        }
        if let Some(v) = hard {
            parts.push(format!("hard_limit {v}"));
        }
        b.setting(c.line, format!("concurrency {} ({label})", parts.join(" ")));
    }
}

fn check(b: &mut Builder, c: &Node, kind: &str) {
    let path = c.at("path").text();
    let detail = match (kind, path) {
        (_, Some(p)) => format!("health check {p}"),
        ("tcp", None) => {
            let port = c.at("port").scalar();
            format!(
                "health check tcp{}",
                port.map(|p| format!(" {p}")).unwrap_or_default()
            )
        }
        (k, None) => format!("health check {k}"),
    };
    b.setting(c.line1(), detail);
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, one};
    use super::*;
    use crate::evidence::WarningKind;

    const SAMPLE: &str = r#"app = "my-app"
primary_region = "iad"

[build]
  dockerfile = "Dockerfile"

[deploy]
  release_command = "bin/rails db:migrate"
  strategy = "bluegreen"

[env]
  PORT = "8080"

[processes]
  app = "bin/rails server"
  worker = "bundle exec sidekiq"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 1
  [http_service.concurrency]
    type = "requests"
    soft_limit = 200

  [[http_service.checks]]
    interval = "15s"
    path = "/up"

[[services]]
  internal_port = 5432
  [[services.tcp_checks]]
    port = 5432
  [[services.http_checks]]
    path = "/healthz"

[checks.status]
  type = "http"
  port = 8080
  path = "/status"

[[vm]]
  size = "shared-cpu-1x"
  memory = "1gb"
"#;

    #[test]
    fn settings_and_checks() {
        let d = one(parse("fly.toml", SAMPLE));
        assert_eq!(d.platform, Platform::Fly);
        assert_eq!(d.line, 1);
        assert!(d.environments.is_empty(), "[env] holds variables");
        let s = details(&d.settings);
        for want in [
            "app my-app",
            "primary_region iad",
            "deploy release_command bin/rails db:migrate",
            "deploy strategy bluegreen",
            "process app: bin/rails server",
            "process worker: bundle exec sidekiq",
            "min_machines_running 1 (http_service)",
            "auto_stop_machines stop (http_service)",
            "concurrency type requests soft_limit 200 (http_service)",
            "health check /up",
            "health check tcp 5432",
            "health check /healthz",
            "health check /status",
            "vm size shared-cpu-1x memory 1gb",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
        let up = d
            .settings
            .iter()
            .find(|e| e.detail == "health check /up")
            .unwrap();
        assert_eq!(up.line, Some(28));
    }

    #[test]
    fn per_env_file_names() {
        assert!(is_fly_toml("fly.staging.toml"));
        assert!(is_fly_toml("fly.toml"));
        assert!(is_fly_toml("production.fly.toml"));
        assert!(!is_fly_toml("flyer.toml"));
        assert!(!is_fly_toml("fly..toml"));
        let d = one(parse("deploy/fly.staging.toml", "app = \"x-staging\"\n"));
        assert_eq!(d.environments, ["staging"]);
        let d = one(parse("fly.toml", ""));
        assert!(d.environments.is_empty());
    }

    #[test]
    fn odd_shapes_and_errors() {
        let d = one(parse(
            "fly.toml",
            "vm = 3\nservices = \"x\"\nchecks = [1]\nprocesses = 2\n",
        ));
        assert_eq!(d.platform, Platform::Fly);
        let w = parse("fly.toml", "app = \"x\n").unwrap_err();
        assert_eq!(w.kind, WarningKind::Malformed);
    }
}
