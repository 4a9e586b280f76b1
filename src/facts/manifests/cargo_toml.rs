//! `Cargo.toml`: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`,
//! their `[target.'cfg(..)'.*]` forms and `[workspace.dependencies]`.

use super::tomlx::{self, Table, Value};
use super::{LineIndex, strip_bom};
use crate::facts::{DepKind, Dependency, Ecosystem};

const SECTIONS: &[(&str, DepKind)] = &[
    ("dependencies", DepKind::Runtime),
    ("dev-dependencies", DepKind::Dev),
    ("dev_dependencies", DepKind::Dev),
    ("build-dependencies", DepKind::Build),
    ("build_dependencies", DepKind::Build),
];

pub fn parse(path: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let doc = tomlx::parse(text)?;
    let root = doc.get_ref();
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    read_sections(path, root, &lines, &mut out);
    if let Some(targets) = tomlx::table(root, &["target"]) {
        for (_, _, t) in tomlx::entries(targets) {
            if let Value::Table(t) = t.get_ref() {
                read_sections(path, t, &lines, &mut out);
            }
        }
    }
    if let Some(ws) = tomlx::table(root, &["workspace", "dependencies"]) {
        read_table(path, ws, DepKind::Runtime, &lines, &mut out);
    }
    Ok(out)
}

fn read_sections(path: &str, t: &Table<'_>, lines: &LineIndex, out: &mut Vec<Dependency>) {
    for (section, kind) in SECTIONS {
        if let Some(deps) = tomlx::table(t, &[section]) {
            read_table(path, deps, *kind, lines, out);
        }
    }
}

fn read_table(
    path: &str,
    deps: &Table<'_>,
    kind: DepKind,
    lines: &LineIndex,
    out: &mut Vec<Dependency>,
) {
    for (key, offset, value) in tomlx::entries(deps) {
        let (name, version, kind) = match value.get_ref() {
            Value::String(v) => (key.to_string(), Some(v.to_string()), kind),
            Value::Table(t) => {
                let name = tomlx::get(t, "package")
                    .and_then(|p| p.get_ref().as_str())
                    .unwrap_or(key)
                    .to_string();
                let version = tomlx::get(t, "version")
                    .and_then(|v| v.get_ref().as_str())
                    .map(str::to_string);
                let optional = tomlx::get(t, "optional")
                    .and_then(|v| v.get_ref().as_bool())
                    .unwrap_or(false);
                let kind = if optional && kind == DepKind::Runtime {
                    DepKind::Optional
                } else {
                    kind
                };
                (name, version, kind)
            }
            _ => continue,
        };
        out.push(Dependency {
            ecosystem: Ecosystem::Cargo,
            name,
            version,
            kind,
            manifest: path.to_string(),
            line: Some(lines.line(offset)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(deps: &[Dependency]) -> Vec<(String, DepKind, Option<u32>, Option<String>)> {
        let mut v: Vec<_> = deps
            .iter()
            .map(|d| (d.name.clone(), d.kind, d.line, d.version.clone()))
            .collect();
        v.sort_by_key(|x| x.2);
        v
    }

    #[test]
    fn sections_targets_and_renames() {
        let text = r#"[package]
name = "x"

[dependencies]
serde = { version = "1", features = ["derive"] }
tokio = "1.38"
tracing-sub = { package = "tracing-subscriber", version = "0.3", optional = true }
local = { path = "../local" }

[dev-dependencies]
insta = "1"

[build-dependencies]
cc = "1"

[target.'cfg(unix)'.dependencies]
nix = "0.29"

[workspace.dependencies]
anyhow = { workspace = true }
"#;
        let deps = parse("Cargo.toml", text).unwrap();
        assert_eq!(
            summary(&deps),
            vec![
                ("serde".into(), DepKind::Runtime, Some(5), Some("1".into())),
                (
                    "tokio".into(),
                    DepKind::Runtime,
                    Some(6),
                    Some("1.38".into())
                ),
                (
                    "tracing-subscriber".into(),
                    DepKind::Optional,
                    Some(7),
                    Some("0.3".into())
                ),
                ("local".into(), DepKind::Runtime, Some(8), None),
                ("insta".into(), DepKind::Dev, Some(11), Some("1".into())),
                ("cc".into(), DepKind::Build, Some(14), Some("1".into())),
                (
                    "nix".into(),
                    DepKind::Runtime,
                    Some(17),
                    Some("0.29".into())
                ),
                ("anyhow".into(), DepKind::Runtime, Some(20), None),
            ]
        );
    }

    #[test]
    fn dotted_tables_crlf_bom() {
        let text = "\u{feff}# c\r\n[dependencies.regex]\r\nversion = \"1\"\r\n";
        let deps = parse("Cargo.toml", text).unwrap();
        assert_eq!(
            summary(&deps),
            vec![("regex".into(), DepKind::Runtime, Some(2), Some("1".into()))]
        );
    }

    #[test]
    fn malformed_and_empty() {
        assert!(parse("Cargo.toml", "[dependencies\nserde = 1").is_err());
        assert!(parse("Cargo.toml", "").unwrap().is_empty());
        assert!(parse("Cargo.toml", "dependencies = 3").unwrap().is_empty());
    }
}
