//! A hostile repository: binary blobs, invalid UTF-8, a 50 MB file, a 5 MB
//! one-line JSON, a long minified line under the cap, YAML alias bombs, a
//! malformed package.json, symlink loops and links out of the root, a FIFO,
//! an unreadable file, and file names carrying markup, terminal escapes and
//! invalid UTF-8. The scan must finish with warnings, never panic, keep
//! memory bounded, and never echo a raw escape sequence.

mod support;

use std::io::Write;
use std::path::Path;

use infragap::evidence::WarningKind;

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn alias_bomb() -> String {
    let mut s = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
        s.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n.to_string();
    }
    s
}

fn build_hostile(root: &Path) {
    write(
        root,
        "package.json",
        b"{ \"name\": \"hostile\", \"dependencies\": { \"express\": \"4\", ",
    );
    write(
        root,
        "src/app.js",
        b"const express = require('express');\nconst app = express();\napp.listen(3000);\n",
    );
    // Binary content behind text names, and real binaries.
    let mut blob: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    blob[10] = 0;
    write(root, "src/blob.js", &blob);
    write(root, "assets/logo.png", &blob);
    // Invalid UTF-8 text.
    write(
        root,
        "src/latin1.ts",
        b"export const caf\xe9 = '\xff\xfe not utf8';\nimport * as Sentry from '@sentry/node';\n",
    );
    // 50 MB of text: over the cap, listed but never read.
    {
        let mut f = std::fs::File::create(root.join("huge.js")).unwrap();
        let line = "console.log('x'.repeat(100)); // filler filler filler filler filler filler\n"
            .repeat(1024);
        for _ in 0..(50 * 1024 * 1024 / line.len() + 1) {
            f.write_all(line.as_bytes()).unwrap();
        }
    }
    // 5 MB of one-line JSON (over the cap) and a 1.5 MB one-line bundle (under it).
    let mut json = String::from("{\"k\":[");
    while json.len() < 5 * 1024 * 1024 {
        json.push_str("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",");
    }
    json.push_str("\"z\"]}");
    write(root, "data/one-line.json", json.as_bytes());
    let mut long = String::from("var a=1;");
    while long.len() < 1_500_000 {
        long.push_str("function x(){return process.env.API_KEY||fetch('/api')};");
    }
    write(root, "public/app.js", long.as_bytes());
    // YAML alias bombs where parsers will read them.
    write(root, ".github/workflows/bomb.yml", alias_bomb().as_bytes());
    write(root, "docker-compose.yml", alias_bomb().as_bytes());
    write(root, ".gitlab-ci.yml", b"stages: [test\n  - broken: [\n");
    // Deep nesting.
    write(root, "deep.yml", "[".repeat(100_000).as_bytes());
    // Hostile names.
    write(
        root,
        "src/<script>alert(1)<\x2fscript>.js"
            .replace("\x2f", "_")
            .as_str(),
        b"// markup in a file name\n",
    );
    write(
        root,
        "src/\x1b[31mred\x1b[0m.js",
        b"// escape sequence in a file name\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"src/bad-\xff\xfe-name.js");
        std::fs::write(root.join(name), b"// invalid UTF-8 name\n").unwrap();
        // Symlink loops, a link out of the root, a dangling link, a FIFO.
        std::os::unix::fs::symlink(".", root.join("loop")).unwrap();
        std::os::unix::fs::symlink("b-link", root.join("a-link")).unwrap();
        std::os::unix::fs::symlink("a-link", root.join("b-link")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("passwd.txt")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/target", root.join("dangling.js")).unwrap();
        let fifo = root.join("pipe.js");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        unsafe extern "C" {
            fn mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
        }
        unsafe { mkfifo(c.as_ptr(), 0o644) };
        // Unreadable (root can still read it; the scan must cope either way).
        write(root, "secret/unreadable.js", b"module.exports = 1;\n");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            root.join("secret/unreadable.js"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn hostile_repository_scans_with_warnings_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    build_hostile(dir.path());
    let out = support::scan_dir(dir.path());

    let kinds: Vec<WarningKind> = out.warnings.iter().map(|w| w.kind).collect();
    for k in [
        WarningKind::TooLarge,
        WarningKind::Symlink,
        WarningKind::Binary,
    ] {
        assert!(
            kinds.contains(&k),
            "no {k:?} warning in {:#?}",
            out.warnings
        );
    }
    #[cfg(unix)]
    assert!(
        kinds.contains(&WarningKind::NonUtf8Name),
        "{:#?}",
        out.warnings
    );
    assert!(
        out.warnings
            .iter()
            .any(|w| w.path.contains("one-line.json") && w.kind == WarningKind::TooLarge),
        "5 MB one-line JSON not reported"
    );
    // Every control was evaluated.
    assert!(out.results.len() >= 16);
    // Evidence paths stay relative and inside the root.
    for r in &out.results {
        for e in &r.evidence {
            assert!(!e.path.starts_with('/'), "{}", e.path);
            assert!(
                !e.path.contains("passwd"),
                "followed a link out of the root: {}",
                e.path
            );
        }
    }

    // JSON parses; terminal output never echoes a raw escape from a file name.
    let json = infragap::report::json::render(&out);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema_version"], 1);
    let term = infragap::report::terminal::render(&out);
    assert!(
        !term.contains("\x1b[31mred"),
        "raw escape sequence from a file name reached the terminal"
    );
    assert!(!json.contains('\x1b'), "raw ESC in JSON");

    // SARIF: valid against the official schema (URIs of hostile names
    // percent-encoded), no raw ESC, and the JSON report fits its schema.
    let sarif = infragap::report::sarif::render(&out, support::pack());
    let sv: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    if let Some(errors) = support::schema::Validator::sarif().errors(&sv) {
        panic!("hostile SARIF does not validate:\n{errors}");
    }
    assert!(
        !sarif.contains('\x1b') && !sarif.contains("\\u001b"),
        "ESC in SARIF"
    );
    if let Some(errors) = support::schema::Validator::report().errors(&v) {
        panic!("hostile JSON report does not validate:\n{errors}");
    }

    // Memory stays bounded by the caps (the 50 MB file is never read).
    if let Some(kib) = peak_rss_kib() {
        assert!(kib < 400 * 1024, "peak RSS {kib} KiB");
    }
}

#[test]
fn hostile_repository_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    build_hostile(dir.path());
    let report = dir.path().join("out.json");
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_infragap"));
    cmd.args([
        "scan",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
        "--threads",
        "2",
    ]);
    cmd.assert().success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(v["warnings"].as_array().unwrap().len() >= 5);
    // Terminal format, piped (not a TTY): no colour codes, and hostile names escaped.
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_infragap"));
    cmd.args(["scan", dir.path().to_str().unwrap()]);
    let out = cmd.assert().success().get_output().stdout.clone();
    assert!(!out.contains(&0x1b), "escape byte in piped terminal output");
}
