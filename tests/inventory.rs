//! The walk: ignore files are honoured, default skips apply, dot-files are
//! seen, and file classes come out as later stages expect.

use infragap::inventory::{FileClass, Inventory, ScanOptions};

fn write(root: &std::path::Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn ignore_files_and_default_skips() {
    let d = tempfile::tempdir().unwrap();
    let r = d.path();
    write(r, ".gitignore", "secret.txt\n/out/\n");
    write(r, ".ignore", "scratch/\n");
    write(r, ".infragapignore", "fixtures-big/\n");
    write(r, "secret.txt", "x");
    write(r, "out/a.js", "x");
    write(r, "scratch/a.js", "x");
    write(r, "fixtures-big/a.js", "x");
    write(r, "node_modules/pkg/index.js", "x");
    write(r, "target/debug/x.rs", "x");
    write(r, ".github/workflows/ci.yml", "on: push\n");
    write(r, ".env.example", "A=1\n");
    write(r, "src/main.ts", "x");
    write(r, "bin/deploy", "#!/usr/bin/env bash\necho hi\n");
    let inv = Inventory::walk(r, &ScanOptions::default()).unwrap();
    let paths: Vec<&str> = inv.files.iter().map(|f| f.path.as_str()).collect();
    for gone in [
        "secret.txt",
        "out/a.js",
        "scratch/a.js",
        "fixtures-big/a.js",
        "node_modules/pkg/index.js",
        "target/debug/x.rs",
    ] {
        assert!(
            !paths.contains(&gone),
            "{gone} should be skipped: {paths:?}"
        );
    }
    for seen in [
        ".github/workflows/ci.yml",
        ".env.example",
        "src/main.ts",
        "bin/deploy",
    ] {
        assert!(paths.contains(&seen), "{seen} missing: {paths:?}");
    }
    assert_eq!(
        inv.get(".github/workflows/ci.yml").unwrap().class,
        FileClass::Ci
    );
    let deploy = inv.get("bin/deploy").unwrap();
    assert_eq!(
        (deploy.class, deploy.language),
        (FileClass::Source, Some("Shell"))
    );
    assert!(inv.skipped_dirs.iter().any(|s| s == "node_modules"));
    // Sorted, so every report lists files in one order.
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn the_size_cap_is_stated_in_warnings() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "big.js", &"x".repeat(5000));
    let inv = Inventory::walk(
        d.path(),
        &ScanOptions {
            max_file_size: 1000,
            threads: 1,
        },
    )
    .unwrap();
    let f = inv.get("big.js").unwrap();
    assert!(!f.readable);
    assert!(
        inv.warnings
            .iter()
            .any(|w| w.path == "big.js" && w.message.contains("1000"))
    );
    assert!(inv.read_text(f).is_err());
}
