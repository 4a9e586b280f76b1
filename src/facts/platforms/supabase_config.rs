//! `supabase/config.toml` (Supabase CLI project).
//!
//! Settings: `project_id`, `[db] major_version`, `[db.pooler] enabled`,
//! `[db.seed] enabled`, whether `[auth]`, `[storage]`, `[realtime]`,
//! `[analytics]` and `[edge_runtime]` are enabled, and each
//! `[functions.<name>]`. `[remotes.<name>]` (branching) are environments.

use super::tree::{self, Node};
use super::{Builder, Parsed, tree_warning};
use crate::facts::Platform;

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_toml(text).map_err(|e| tree_warning(path, "supabase config", e))?;
    let mut b = Builder::new(Platform::Supabase, path);
    if let Some(e) = root.entry("project_id") {
        b.mark(e.line);
        if let Some(v) = e.value.text() {
            b.setting(e.line, format!("project_id {v}"));
        }
    }
    if let Some(db) = root.entry("db") {
        if let Some(e) = db.value.entry("major_version")
            && let Some(v) = e.value.scalar()
        {
            b.setting(e.line, format!("db major_version {v}"));
        }
        for sub in ["pooler", "seed", "migrations"] {
            if let Some(s) = db.value.entry(sub) {
                enabled(&mut b, &format!("db.{sub}"), s.line, &s.value);
            }
        }
    }
    for section in [
        "api",
        "auth",
        "storage",
        "realtime",
        "analytics",
        "edge_runtime",
        "studio",
        "inbucket",
    ] {
        if let Some(s) = root.entry(section) {
            enabled(&mut b, section, s.line, &s.value);
        }
    }
    if let Some(auth) = root.get("auth")
        && let Some(e) = auth.entry("site_url")
        && let Some(v) = e.value.text()
    {
        b.setting(e.line, format!("auth site_url {v}"));
    }
    for f in root.at("functions").entries() {
        let jwt = match f.value.at("verify_jwt").as_bool() {
            Some(false) => " verify_jwt false",
            _ => "",
        };
        b.setting(f.line, format!("function {}{jwt}", f.key));
    }
    for r in root.at("remotes").entries() {
        b.env(&r.key, r.line);
    }
    Ok(vec![b.build()])
}

/// `<section> enabled|disabled|configured` for a table with an optional `enabled` key.
fn enabled(b: &mut Builder, label: &str, line: u32, t: &Node) {
    if !t.is_map() {
        return;
    }
    let state = match t.get("enabled").and_then(|e| e.as_bool()) {
        Some(true) => "enabled",
        Some(false) => "disabled",
        None => "configured",
    };
    b.setting(line, format!("{label} {state}"));
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, one};
    use super::*;
    use crate::evidence::WarningKind;

    const SAMPLE: &str = r#"project_id = "shop"

[api]
enabled = true
port = 54321

[db]
port = 54322
major_version = 15

[db.pooler]
enabled = false
pool_mode = "transaction"

[db.seed]
enabled = true
sql_paths = ["./seed.sql"]

[storage]
enabled = true

[auth]
enabled = true
site_url = "http://127.0.0.1:3000"

[edge_runtime]
enabled = true

[functions.stripe-webhook]
verify_jwt = false

[remotes.staging]
project_id = "abcdefghijklmnopqrst"
"#;

    #[test]
    fn settings_and_remotes() {
        let d = one(parse("supabase/config.toml", SAMPLE));
        assert_eq!(d.platform, Platform::Supabase);
        assert_eq!(d.line, 1);
        assert_eq!(d.environments, ["staging"]);
        assert_eq!(d.environment_evidence[0].line, Some(32));
        let s = details(&d.settings);
        for want in [
            "project_id shop",
            "db major_version 15",
            "db.pooler disabled",
            "db.seed enabled",
            "storage enabled",
            "auth enabled",
            "edge_runtime enabled",
            "function stripe-webhook verify_jwt false",
            "auth site_url http://127.0.0.1:3000",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn odd_shapes_and_errors() {
        let d = one(parse(
            "supabase/config.toml",
            "db = 1\nfunctions = \"x\"\nremotes = []\n",
        ));
        assert!(d.settings.is_empty() && d.environments.is_empty());
        let w = parse("supabase/config.toml", "[db]\n[db]\n").unwrap_err();
        assert_eq!(w.kind, WarningKind::Malformed);
    }
}
