//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod schema;

use std::path::{Path, PathBuf};

use infragap::inventory::ScanOptions;
use infragap::rules::RulePack;
use infragap::scan::{ScanOutput, scan};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a fixture to a temporary directory, leaving out test metadata
/// (`expected.toml`) so it cannot feed the scan.
pub fn copy_fixture(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(src, dir.path());
    dir
}

/// Copies a fixture tree into `dst`, leaving out `expected.toml`.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == "expected.toml" {
            continue;
        }
        let from = e.path();
        let to = dst.join(&name);
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            copy_dir(&from, &to);
        } else if ft.is_file() {
            std::fs::copy(&from, &to).unwrap();
        }
    }
}

/// The built-in pack, compiled once per test binary: compiling every
/// pattern of every rule once keeps a hundred fixture scans fast in debug.
pub fn pack() -> &'static RulePack {
    static PACK: std::sync::OnceLock<RulePack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| RulePack::builtin().expect("built-in rules load"))
}

pub fn scan_dir(path: &Path) -> ScanOutput {
    let pack = pack();
    scan(
        path,
        &ScanOptions {
            threads: 2,
            ..Default::default()
        },
        pack,
    )
    .expect("scan succeeds")
}

/// The JSON report with run-specific values (temp path, timings) fixed, for snapshots.
pub fn stable_json(out: &ScanOutput, name: &str) -> String {
    let text = infragap::report::json::render(out);
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["target"]["path"] = serde_json::Value::String(name.to_string());
    v["target"]["commit"] = serde_json::Value::Null;
    v["stats"]["duration_ms"] = serde_json::Value::from(0);
    // Grows with every rule added; pinned elsewhere (rules --patterns).
    v["stats"]["patterns"] = serde_json::Value::from(0);
    v["tool"]["version"] = serde_json::Value::String("[version]".into());
    serde_json::to_string_pretty(&v).unwrap()
}

/// Every fixture directory holding an `expected.toml`, relative to `tests/fixtures`.
pub fn fixtures_with_expectations() -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let base = root().join("tests/fixtures");
    walk(&base, &base, &mut out);
    out.push((
        "examples/acme-notes".into(),
        root().join("examples/acme-notes"),
        root().join("tests/expected/acme-notes.toml"),
    ));
    out.sort();
    out
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf, PathBuf)>) {
    let exp = dir.join("expected.toml");
    if exp.exists() {
        let rel = dir
            .strip_prefix(base)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, dir.to_path_buf(), exp));
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            walk(base, &e.path(), out);
        }
    }
}
