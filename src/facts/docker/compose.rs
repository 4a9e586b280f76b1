//! Compose files: `docker-compose*.yml`, `compose.yml`, `compose.*.yaml`.
//!
//! Each service: image, whether it builds, whether it has a health check
//! (`healthcheck:` not disabled and not `test: ["NONE"]`), replicas
//! (`deploy.replicas` or the legacy `scale`, `${VAR:-3}` read as its
//! default), and the line of its key. Merge keys and anchors are honoured.
//! The legacy v1 format (services at the top level) is read too.

use crate::evidence::{Warning, WarningKind};
use crate::facts::platforms::tree::{self, Node};
use crate::facts::{ComposeFile, ComposeService};

pub fn parse(path: &str, text: &str) -> Result<ComposeFile, Warning> {
    let root = tree::from_yaml(text).map_err(|e| {
        let kind = if e.budget {
            WarningKind::Budget
        } else {
            WarningKind::Malformed
        };
        Warning::new(kind, path, format!("compose file: {}", e.message))
    })?;
    let mut services = Vec::new();
    match root.get("services") {
        Some(s) => {
            for e in s.entries() {
                services.push(service(&e.key, e.line, &e.value));
            }
        }
        None if root.get("version").is_none() => {
            // v1: services at the top level, recognised by their keys.
            for e in root.entries() {
                let v = &e.value;
                if !e.key.starts_with("x-")
                    && (v.get("image").is_some() || v.get("build").is_some())
                {
                    services.push(service(&e.key, e.line, v));
                }
            }
        }
        None => {}
    }
    Ok(ComposeFile {
        file: path.to_string(),
        services,
        dev_only: dev_by_name(path),
    })
}

fn service(name: &str, line: u32, v: &Node) -> ComposeService {
    let hc = v.at("healthcheck");
    let disabled = hc.at("disable").as_bool() == Some(true)
        || hc
            .at("test")
            .strings()
            .first()
            .is_some_and(|(_, t)| t.eq_ignore_ascii_case("none"));
    let has_healthcheck = hc.is_map() && !hc.entries().is_empty() && !disabled;
    let replicas = v
        .at("deploy")
        .get("replicas")
        .and_then(count)
        .or_else(|| v.get("scale").and_then(count));
    ComposeService {
        name: name.to_string(),
        image: v.at("image").text().map(|s| s.into_owned()),
        build: v.get("build").is_some_and(|b| !b.is_null()),
        has_healthcheck,
        replicas,
        line: line.max(1),
    }
}

/// A count, or the default of `${VAR:-3}` / `${VAR-3}`.
fn count(n: &Node) -> Option<u32> {
    if let Some(v) = n.as_u64() {
        return u32::try_from(v).ok();
    }
    let s = n.as_str()?.trim();
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    let (_, default) = inner.split_once(":-").or_else(|| inner.split_once('-'))?;
    default.trim().parse().ok()
}

/// `docker-compose.dev.yml`, `compose.override.yaml`, `docker-compose.local.yml`,
/// anything under `.devcontainer/`.
fn dev_by_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    lower.starts_with(".devcontainer/")
        || lower.contains("/.devcontainer/")
        || name.split(['.', '-', '_']).any(|p| {
            matches!(
                p,
                "dev" | "development" | "local" | "override" | "devcontainer"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
x-common: &common
  restart: unless-stopped
  healthcheck:
    test: [\"CMD\", \"true\"]

services:
  db:
    image: postgres:16
    healthcheck:
      test: [\"CMD-SHELL\", \"pg_isready\"]
      interval: 10s
  web:
    <<: *common
    build:
      context: .
    deploy:
      replicas: 3
  worker:
    image: app:latest
    scale: ${WORKERS:-2}
    healthcheck:
      disable: true
  cron:
    image: app:latest
    healthcheck:
      test: [\"NONE\"]
";

    #[test]
    fn services() {
        let c = parse("docker-compose.yml", SAMPLE).unwrap();
        assert!(!c.dev_only);
        type Row<'a> = (&'a str, Option<&'a str>, bool, bool, Option<u32>, u32);
        let got: Vec<Row> = c
            .services
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.image.as_deref(),
                    s.build,
                    s.has_healthcheck,
                    s.replicas,
                    s.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("db", Some("postgres:16"), false, true, None, 7),
                ("web", None, true, true, Some(3), 12),
                ("worker", Some("app:latest"), false, false, Some(2), 18),
                ("cron", Some("app:latest"), false, false, None, 23),
            ]
        );
    }

    #[test]
    fn v1_and_names() {
        let c = parse(
            "docker-compose.yml",
            "web:\n  build: .\nredis:\n  image: redis\nx-a:\n  image: q\n",
        )
        .unwrap();
        let names: Vec<&str> = c.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["web", "redis"]);
        assert!(parse("compose.override.yml", "").unwrap().dev_only);
        assert!(parse("docker-compose.dev.yml", "").unwrap().dev_only);
        assert!(
            parse(".devcontainer/docker-compose.yml", "")
                .unwrap()
                .dev_only
        );
        assert!(!parse("compose.prod.yaml", "").unwrap().dev_only);
    }

    #[test]
    fn junk() {
        assert!(parse("compose.yml", "services: [\n").is_err());
        let c = parse("compose.yml", "services: 3\n").unwrap();
        assert!(c.services.is_empty());
        let c = parse(
            "compose.yml",
            "services:\n  a:\n  b: 1\n  c:\n    deploy: {replicas: -1}\n    scale: '${X}'\n",
        )
        .unwrap();
        assert_eq!(c.services.len(), 3);
        assert!(
            c.services
                .iter()
                .all(|s| s.replicas.is_none() && !s.has_healthcheck)
        );
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for ch in 'b'..='k' {
            bomb.push_str(&format!("{ch}: &{ch} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = ch;
        }
        assert_eq!(
            parse("compose.yml", &bomb).unwrap_err().kind,
            WarningKind::Budget
        );
    }
}
