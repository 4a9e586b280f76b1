//! Embeds the built-in rule pack: every `rules/<domain>/<ID-slug>/rule.toml`
//! (with its `explain.md`) is compiled into the binary as data.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut entries = Vec::new();
    collect(Path::new("rules"), &mut entries);
    entries.sort();
    let mut out = String::from(
        "/// Built-in rule files: (path, rule.toml, explain.md).\npub static BUILTIN_RULES: &[BuiltinRule] = &[\n",
    );
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    for dir in entries {
        let rule = format!("{manifest_dir}/{dir}/rule.toml");
        let explain = format!("{manifest_dir}/{dir}/explain.md");
        let explain_expr = if Path::new(&explain).exists() {
            format!("include_str!({explain:?})")
        } else {
            "\"\"".to_string()
        };
        writeln!(out, "    BuiltinRule {{ path: {:?}, toml: include_str!({rule:?}), explain: {explain_expr} }},", format!("{dir}/rule.toml")).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_rules.rs");
    std::fs::write(dest, out).unwrap();
}

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.join("rule.toml").exists() {
                out.push(p.to_string_lossy().replace('\\', "/"));
            }
            if p.file_name()
                .is_some_and(|n| n != "fixtures" && n != "snapshots")
            {
                collect(&p, out);
            }
        }
    }
}
