//! No secret value reaches any output format. The SEC-01/SEC-02 fixtures hold
//! made-up values in real provider formats; every value any secret rule
//! captures in them (the secret group, and the whole match) is collected
//! from the fixture files themselves, then looked for in every rendering.

mod support;

use std::path::Path;

use infragap::analyzers::secrets::rules::rules;
use infragap::rules::Status;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.file_name().is_some_and(|n| n != "expected.toml") {
            out.push(p);
        }
    }
}

/// Every value a secret rule captures in the fixture, at least 12 bytes long
/// (shorter groups are names or hosts, not values worth hiding).
fn secret_values(dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    files(dir, &mut paths);
    let mut out = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p).unwrap();
        for r in rules() {
            for caps in r.regex.captures_iter(&bytes) {
                if let Some(g) = caps.get(r.secret_group) {
                    let s = String::from_utf8_lossy(g.as_bytes()).into_owned();
                    if s.len() >= 12 {
                        out.push(s);
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn no_secret_value_appears_in_any_output_format() {
    let base = support::root().join("tests/fixtures/controls");
    let mut checked = 0;
    let mut flagged = 0;
    for control in ["SEC-01", "SEC-02"] {
        for fixture in std::fs::read_dir(base.join(control)).unwrap().flatten() {
            let dir = fixture.path();
            let secrets = secret_values(&dir);
            let tmp = support::copy_fixture(&dir);
            let out = support::scan_dir(tmp.path());
            let outputs = [
                ("json", infragap::report::json::render(&out)),
                ("terminal", infragap::report::terminal::render(&out)),
                ("markdown", infragap::report::markdown::render(&out)),
                (
                    "sarif",
                    infragap::report::sarif::render(&out, support::pack()),
                ),
            ];
            for (format, text) in &outputs {
                for s in &secrets {
                    // Markdown escapes `_` and friends: look for that spelling too.
                    let escaped = infragap::report::escape::markdown(s);
                    assert!(
                        !text.contains(s.as_str()) && !text.contains(escaped.as_str()),
                        "{}: {format} output contains a secret value ({} bytes, starting {:?})",
                        dir.display(),
                        s.len(),
                        &s[..4]
                    );
                    checked += 1;
                }
            }
            let sec01 = out.results.iter().find(|r| r.id == "SEC-01").unwrap();
            if sec01.status == Status::Missing {
                flagged += 1;
                // The findings are rendered (redacted) in every format.
                for (format, text) in &outputs {
                    assert!(text.contains("(redacted)"), "{format}: findings not shown");
                }
                for e in &sec01.evidence {
                    assert!(
                        e.detail.contains("(redacted)") || e.path == ".",
                        "{}: {}",
                        dir.display(),
                        e.detail
                    );
                }
            }
        }
    }
    // The provider fixture alone holds more than 25 values, in two formats.
    assert!(checked > 80, "only {checked} checks");
    assert!(flagged >= 2);
}
