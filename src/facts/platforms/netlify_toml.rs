//! `netlify.toml`.
//!
//! Deploy contexts (`[context.production]`, `[context.deploy-preview]`,
//! `[context.branch-deploy]`, `[context.<branch>]`) are environments; `[dev]`
//! and `[context.dev]` are local and are not. `[[headers]]` values become
//! `header <Name>` settings, `[[plugins]]` and `[functions]` settings, and
//! scheduled functions (`[functions."name"] schedule = "@daily"`) crons.

use super::tree;
use super::{Builder, Parsed, header_settings, tree_warning};
use crate::facts::Platform;

/// Keys of `[functions]` that configure all functions rather than name one.
const FUNCTION_KEYS: &[&str] = &[
    "directory",
    "node_bundler",
    "external_node_modules",
    "included_files",
    "ignored_node_modules",
    "deno_import_map",
    "schedule",
];

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_toml(text).map_err(|e| tree_warning(path, "netlify.toml", e))?;
    let mut b = Builder::new(Platform::Netlify, path);

    if let Some(build) = root.get("build") {
        for key in ["command", "publish", "functions", "edge_functions"] {
            if let Some(e) = build.entry(key)
                && let Some(v) = e.value.text()
            {
                b.setting(e.line, format!("build {key} {v}"));
            }
        }
    }

    for ctx in root.at("context").entries() {
        if ctx.key == "dev" {
            continue;
        }
        b.env(&ctx.key, ctx.line);
        if let Some(cmd) = ctx.value.get("command").and_then(|c| c.text()) {
            b.setting(
                ctx.value.at("command").line1(),
                format!("context {} command {cmd}", ctx.key),
            );
        }
    }

    for h in root.at("headers").items() {
        let values = h.at("values");
        header_settings(&mut b, values);
    }

    for p in root.at("plugins").items() {
        if let Some(pkg) = p.at("package").text() {
            b.setting(p.at("package").line1(), format!("plugin {pkg}"));
        }
    }

    let functions = root.at("functions");
    for e in functions.entries() {
        if FUNCTION_KEYS.contains(&e.key.as_str()) {
            if e.key == "schedule" {
                // A top-level schedule would apply to every function; Netlify
                // reads it per function, but keep what is written.
                if let Some(s) = e.value.text() {
                    b.cron(e.line, format!("cron {s} functions"));
                }
            } else if let Some(v) = e.value.text() {
                b.setting(e.line, format!("functions {} {v}", e.key));
            }
            continue;
        }
        if e.value.is_map() {
            b.setting(e.line, format!("function {}", e.key));
            if let Some(s) = e.value.get("schedule")
                && let Some(expr) = s.text()
            {
                b.cron(s.line1(), format!("cron {expr} function {}", e.key));
            }
        }
    }

    for ef in root.at("edge_functions").items() {
        let name = ef.at("function").text();
        let at = ef.at("path").text().or_else(|| ef.at("pattern").text());
        if let Some(name) = name {
            b.setting(
                ef.line1(),
                format!("edge function {name} {}", at.as_deref().unwrap_or("")).trim_end(),
            );
        }
    }

    Ok(vec![b.build()])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, ev, one};
    use super::*;
    use crate::evidence::WarningKind;

    const SAMPLE: &str = r#"[build]
  command = "npm run build"
  publish = ".next"

[context.production]
  environment = { NODE_ENV = "production" }

[context.deploy-preview]
  command = "npm run build:preview"

[context.branch-deploy]

[context.staging]

[context.dev]

[dev]
  port = 8888

[[plugins]]
  package = "@netlify/plugin-nextjs"

[[headers]]
  for = "/*"
  [headers.values]
    X-Frame-Options = "DENY"
    Content-Security-Policy = "default-src 'self'"

[functions]
  directory = "netlify/functions"

[functions."nightly-report"]
  schedule = "@daily"

[[edge_functions]]
  function = "geo"
  path = "/geo"
"#;

    #[test]
    fn contexts_headers_functions() {
        let d = one(parse("netlify.toml", SAMPLE));
        assert_eq!(d.platform, Platform::Netlify);
        assert_eq!(
            d.environments,
            ["production", "deploy-preview", "branch-deploy", "staging"]
        );
        assert_eq!(d.environment_evidence[0].line, Some(5));
        assert_eq!(d.environment_evidence[3].line, Some(13));
        assert_eq!(
            ev(&d.crons),
            [(33, "cron @daily function nightly-report".to_string())]
        );
        let s = details(&d.settings);
        for want in [
            "build command npm run build",
            "plugin @netlify/plugin-nextjs",
            "header X-Frame-Options",
            "header Content-Security-Policy",
            "functions directory netlify/functions",
            "function nightly-report",
            "edge function geo /geo",
            "context deploy-preview command npm run build:preview",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn empty_and_malformed() {
        let d = one(parse("netlify.toml", ""));
        assert!(d.environments.is_empty() && d.settings.is_empty());
        let d = one(parse(
            "netlify.toml",
            "context = 1\nheaders = \"x\"\nfunctions = []\n",
        ));
        assert!(d.settings.is_empty());
        let w = parse("netlify.toml", "[build\ncommand = 1").unwrap_err();
        assert_eq!(w.kind, WarningKind::Malformed);
        assert!(w.message.contains("line"));
        let w = parse("netlify.toml", &format!("a = {}", "[".repeat(10_000))).unwrap_err();
        assert_eq!(w.kind, WarningKind::Budget);
    }
}
