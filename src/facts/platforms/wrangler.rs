//! `wrangler.toml`, `wrangler.json`, `wrangler.jsonc` (Cloudflare Workers, or
//! Pages when `pages_build_output_dir` is set).
//!
//! `[env.<name>]` tables are environments; `[triggers] crons` (top level and
//! per environment) are crons; bindings become `binding <kind> <NAME>`
//! settings, routes `route <pattern>`, and observability/logpush/tail
//! consumers settings too.

use super::tree::{self, Node};
use super::{Builder, Parsed, base_name, paren, tree_warning};
use crate::facts::Platform;

/// Binding arrays whose items name the binding with `binding`.
const BINDING_LISTS: &[&str] = &[
    "kv_namespaces",
    "d1_databases",
    "r2_buckets",
    "services",
    "hyperdrive",
    "vectorize",
    "analytics_engine_datasets",
    "workflows",
    "mtls_certificates",
    "dispatch_namespaces",
    "send_email",
    "pipelines",
];
/// Single-object bindings.
const BINDING_OBJECTS: &[&str] = &["ai", "browser", "images", "version_metadata", "assets"];

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = if base_name(path).ends_with(".toml") {
        tree::from_toml(text)
    } else {
        tree::from_json(text)
    }
    .map_err(|e| tree_warning(path, "wrangler config", e))?;
    let mut b = Builder::new(Platform::CloudflareWorkers, path);
    if let Some(e) = root.entry("pages_build_output_dir") {
        b.platform(Platform::CloudflarePages);
        b.mark(e.line);
        if let Some(v) = e.value.text() {
            b.setting(e.line, format!("pages_build_output_dir {v}"));
        }
    }
    if let Some(e) = root.entry("name") {
        b.mark(e.line);
        if let Some(v) = e.value.text() {
            b.setting(e.line, format!("name {v}"));
        }
    }
    if let Some(e) = root.entry("main")
        && let Some(v) = e.value.text()
    {
        b.setting(e.line, format!("main {v}"));
    }
    scope(&mut b, &root, "");
    for env in root.at("env").entries() {
        b.env(&env.key, env.line);
        scope(&mut b, &env.value, &format!("env {}", env.key));
    }
    Ok(vec![b.build()])
}

/// What the top level and each `[env.x]` may declare.
fn scope(b: &mut Builder, t: &Node, suffix: &str) {
    let sfx = paren(suffix);
    let triggers = t.at("triggers");
    for (line, expr) in triggers.at("crons").strings() {
        b.cron(line, format!("cron {expr}{sfx}"));
    }
    for list in BINDING_LISTS {
        for item in t.at(list).items() {
            let name = item.get("binding").or_else(|| item.get("name"));
            if let Some(n) = name.and_then(|n| n.text()) {
                b.setting(item.line1(), format!("binding {list} {n}{sfx}"));
            }
        }
    }
    for obj in BINDING_OBJECTS {
        if let Some(e) = t.entry(obj) {
            let name = e.value.at("binding").text();
            let name = name.as_deref().unwrap_or("");
            b.setting(
                e.line,
                format!("binding {obj} {name}").trim_end().to_string() + &sfx,
            );
        }
    }
    for item in t.at("durable_objects").at("bindings").items() {
        if let Some(n) = item.at("name").text() {
            b.setting(item.line1(), format!("binding durable_objects {n}{sfx}"));
        }
    }
    let queues = t.at("queues");
    for item in queues.at("producers").items() {
        if let Some(n) = item.at("binding").text() {
            b.setting(item.line1(), format!("binding queues.producers {n}{sfx}"));
        }
    }
    for item in queues.at("consumers").items() {
        if let Some(q) = item.at("queue").text() {
            let dlq = item
                .at("dead_letter_queue")
                .text()
                .map(|d| format!(" dead_letter_queue {d}"))
                .unwrap_or_default();
            b.setting(
                item.line1(),
                format!("binding queues.consumers {q}{dlq}{sfx}"),
            );
        }
    }
    if let Some(e) = t.entry("route") {
        route(b, &e.value, e.line, &sfx);
    }
    for r in t.at("routes").items() {
        route(b, r, r.line1(), &sfx);
    }
    if let Some(e) = t.entry("observability") {
        let enabled = e.value.at("enabled").as_bool();
        let logs = e.value.at("logs").at("enabled").as_bool();
        if enabled == Some(true) || logs == Some(true) {
            b.setting(e.line, format!("observability enabled{sfx}"));
        } else if enabled == Some(false) {
            b.setting(e.line, format!("observability disabled{sfx}"));
        }
    }
    if let Some(e) = t.entry("logpush")
        && e.value.as_bool() == Some(true)
    {
        b.setting(e.line, format!("logpush enabled{sfx}"));
    }
    for tc in t.at("tail_consumers").items() {
        if let Some(s) = tc.at("service").text() {
            b.setting(tc.line1(), format!("tail consumer {s}{sfx}"));
        }
    }
    if let Some(e) = t.entry("placement")
        && let Some(m) = e.value.at("mode").text()
    {
        b.setting(e.line, format!("placement {m}{sfx}"));
    }
    if let Some(e) = t.entry("workers_dev")
        && let Some(v) = e.value.as_bool()
    {
        b.setting(e.line, format!("workers_dev {v}{sfx}"));
    }
}

fn route(b: &mut Builder, r: &Node, line: u32, sfx: &str) {
    let pattern = r.text().or_else(|| r.at("pattern").text());
    if let Some(p) = pattern {
        let custom = if r.at("custom_domain").as_bool() == Some(true) {
            " custom_domain"
        } else {
            ""
        };
        b.setting(line, format!("route {p}{custom}{sfx}"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, ev, one};
    use super::*;
    use crate::evidence::WarningKind;

    const TOML: &str = r#"name = "api"
main = "src/index.ts"
compatibility_date = "2024-01-01"
routes = [{ pattern = "api.example.com/*", zone_name = "example.com" }]

[triggers]
crons = ["0 * * * *", "*/5 * * * *"]

[[d1_databases]]
binding = "DB"
database_name = "prod"

[[kv_namespaces]]
binding = "CACHE"
id = "abc"

[[queues.producers]]
binding = "JOBS"
queue = "jobs"

[[queues.consumers]]
queue = "jobs"
dead_letter_queue = "jobs-dlq"

[durable_objects]
bindings = [{ name = "ROOM", class_name = "Room" }]

[ai]
binding = "AI"

[observability]
enabled = true

[env.staging]
name = "api-staging"
route = "staging.example.com/*"

[env.staging.triggers]
crons = ["0 0 * * *"]

[[env.staging.d1_databases]]
binding = "DB"
database_name = "staging"

[env.production]
"#;

    #[test]
    fn toml_envs_crons_bindings() {
        let d = one(parse("wrangler.toml", TOML));
        assert_eq!(d.platform, Platform::CloudflareWorkers);
        assert_eq!(d.line, 1);
        assert_eq!(d.environments, ["staging", "production"]);
        assert_eq!(d.environment_evidence[0].line, Some(34));
        assert_eq!(d.environment_evidence[1].line, Some(45));
        assert_eq!(
            ev(&d.crons),
            [
                (7, "cron 0 * * * *".to_string()),
                (7, "cron */5 * * * *".to_string()),
                (39, "cron 0 0 * * * (env staging)".to_string()),
            ]
        );
        let s = details(&d.settings);
        for want in [
            "name api",
            "binding d1_databases DB",
            "binding kv_namespaces CACHE",
            "binding queues.producers JOBS",
            "binding queues.consumers jobs dead_letter_queue jobs-dlq",
            "binding durable_objects ROOM",
            "binding ai AI",
            "route api.example.com/*",
            "observability enabled",
            "binding d1_databases DB (env staging)",
            "route staging.example.com/* (env staging)",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn jsonc_and_pages() {
        let text = r#"{
  // wrangler.jsonc
  "name": "site",
  "pages_build_output_dir": "./dist",
  "triggers": { "crons": ["0 3 * * *"] },
  "env": { "preview": { "vars": {} } },
}"#;
        let d = one(parse("wrangler.jsonc", text));
        assert_eq!(d.platform, Platform::CloudflarePages);
        assert_eq!(d.line, 4);
        assert_eq!(d.environments, ["preview"]);
        assert_eq!(ev(&d.crons), [(5, "cron 0 3 * * *".to_string())]);
    }

    #[test]
    fn odd_shapes_and_errors() {
        let d = one(parse(
            "wrangler.toml",
            "env = 3\ntriggers = \"x\"\nroutes = [1, {pattern = 2}]\nkv_namespaces = [\"a\"]\n",
        ));
        assert!(d.environments.is_empty() && d.crons.is_empty());
        let w = parse("wrangler.json", "{\"name\": }").unwrap_err();
        assert_eq!(w.kind, WarningKind::Malformed);
        let w = parse("wrangler.toml", "name = \"x\"\nname = \"y\"\n").unwrap_err();
        assert_eq!(w.kind, WarningKind::Malformed);
    }
}
