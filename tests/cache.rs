//! The content cache (`--cache DIR`) changes how fast a scan is, never what it
//! says: for every fixture, a cold-cache scan, a warm-cache scan and a warm
//! scan after files changed give the same JSON as an uncached scan.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use infragap::inventory::{FileClass, ScanOptions};
use infragap::scan::{AssessOverrides, ScanOutput, scan_with_cache};
use infragap::signals::cache::{FILE_NAME, SignalCache};

fn opts() -> ScanOptions {
    ScanOptions {
        threads: 2,
        ..Default::default()
    }
}

/// Scans through the cache in `dir`, saves it, and returns the output and (reused, matched).
fn cached_scan(root: &Path, dir: &Path) -> (ScanOutput, usize, usize) {
    let pack = support::pack();
    let mut cache = SignalCache::open(dir, &pack.patterns);
    assert!(cache.warnings.is_empty(), "{:?}", cache.warnings);
    let out = scan_with_cache(
        root,
        &opts(),
        pack,
        None,
        &AssessOverrides::default(),
        Some(&mut cache),
    )
    .unwrap();
    cache.save();
    assert!(cache.warnings.is_empty(), "{:?}", cache.warnings);
    (out, cache.reused, cache.matched)
}

/// The readable text file cited most often as evidence: changing it moves hits.
fn most_cited_file(out: &ScanOutput) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &out.results {
        for e in &r.evidence {
            *counts.entry(e.path.as_str()).or_default() += 1;
        }
    }
    let readable = |p: &str| {
        out.inventory.files.iter().any(|f| {
            f.path == p
                && f.readable
                && matches!(
                    f.class,
                    FileClass::Source | FileClass::Config | FileClass::Ci
                )
        })
    };
    counts
        .into_iter()
        .filter(|(p, _)| readable(p))
        .max_by_key(|(p, n)| (*n, std::cmp::Reverse(*p)))
        .map(|(p, _)| p.to_string())
}

#[test]
fn cached_scans_give_the_same_json_as_uncached_ones_before_and_after_changes() {
    let mut changed_fixtures = 0;
    for (name, dir, _) in support::fixtures_with_expectations() {
        let tree = support::copy_fixture(&dir);
        let cache_dir = tempfile::tempdir().unwrap();
        let uncached = support::stable_json(&support::scan_dir(tree.path()), &name);

        let (cold, reused, matched) = cached_scan(tree.path(), cache_dir.path());
        assert_eq!(
            support::stable_json(&cold, &name),
            uncached,
            "{name}: cold cache"
        );
        assert_eq!(reused, 0, "{name}");
        let (warm, reused, matched_again) = cached_scan(tree.path(), cache_dir.path());
        assert_eq!(
            support::stable_json(&warm, &name),
            uncached,
            "{name}: warm cache"
        );
        assert_eq!((reused, matched_again), (matched, 0), "{name}: all reused");

        // Change the most-cited file (every later line moves, new hits
        // appear), delete another, and re-scan with the now stale cache.
        let Some(path) = most_cited_file(&warm) else {
            continue;
        };
        let file = tree.path().join(&path);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            format!(
                "// moved down\n\n{text}\nimport * as Sentry from '@sentry/node';\nSentry.init({{ dsn: process.env.SENTRY_DSN }});\n"
            ),
        )
        .unwrap();
        if let Some(other) = warm
            .inventory
            .files
            .iter()
            .find(|f| f.readable && f.path != path && f.class == FileClass::Source)
        {
            std::fs::remove_file(tree.path().join(&other.path)).unwrap();
        }
        let uncached_after = support::stable_json(&support::scan_dir(tree.path()), &name);
        assert_ne!(uncached_after, uncached, "{name}: the change is visible");
        let (after, reused_after, matched_after) = cached_scan(tree.path(), cache_dir.path());
        assert_eq!(
            support::stable_json(&after, &name),
            uncached_after,
            "{name}: warm cache after changing {path}"
        );
        assert_eq!(matched_after, 1, "{name}: only {path} is matched anew");
        assert!(reused_after + 2 >= reused, "{name}");
        changed_fixtures += 1;
    }
    assert!(
        changed_fixtures >= 5,
        "only {changed_fixtures} fixtures changed"
    );
}

#[test]
fn a_cache_inside_the_scanned_tree_is_not_scanned() {
    let tree = support::copy_fixture(&support::root().join("examples/acme-notes"));
    let before = support::stable_json(&support::scan_dir(tree.path()), "acme");
    let cache_dir = tree.path().join(".infragap-cache");
    cached_scan(tree.path(), &cache_dir);
    assert!(cache_dir.join(FILE_NAME).exists());
    let (warm, _, _) = cached_scan(tree.path(), &cache_dir);
    assert_eq!(support::stable_json(&warm, "acme"), before);
    assert_eq!(
        support::stable_json(&support::scan_dir(tree.path()), "acme"),
        before
    );
}

#[test]
fn a_damaged_cache_is_ignored_with_a_warning_and_the_scan_is_unchanged() {
    let tree = support::copy_fixture(&support::root().join("examples/acme-notes"));
    let cache_dir = tempfile::tempdir().unwrap();
    let before = support::stable_json(&support::scan_dir(tree.path()), "acme");
    cached_scan(tree.path(), cache_dir.path());
    let file = cache_dir.path().join(FILE_NAME);
    let bytes = std::fs::read(&file).unwrap();
    let pack = support::pack();
    for damaged in [bytes[..bytes.len() / 2].to_vec(), {
        let mut b = bytes.clone();
        let mid = b.len() / 2;
        b[mid] ^= 1;
        b
    }] {
        std::fs::write(&file, &damaged).unwrap();
        let mut cache = SignalCache::open(cache_dir.path(), &pack.patterns);
        assert_eq!(cache.warnings.len(), 1, "{:?}", cache.warnings);
        let out = scan_with_cache(
            tree.path(),
            &opts(),
            pack,
            None,
            &AssessOverrides::default(),
            Some(&mut cache),
        )
        .unwrap();
        assert_eq!(cache.reused, 0);
        assert_eq!(support::stable_json(&out, "acme"), before);
    }
}

#[test]
fn the_cache_holds_no_matched_text() {
    // The example holds fake secrets and env reads; the cache stores only
    // positions, so none of the matched texts may appear in it.
    let tree = support::copy_fixture(&support::root().join("examples/acme-notes"));
    let cache_dir = tempfile::tempdir().unwrap();
    cached_scan(tree.path(), cache_dir.path());
    let bytes = std::fs::read(cache_dir.path().join(FILE_NAME)).unwrap();
    let inv = infragap::inventory::Inventory::walk(tree.path(), &opts()).unwrap();
    let sigs = infragap::signals::scan(&inv, &support::pack().patterns);
    let mut checked = 0;
    for hit in sigs.hits.iter().flatten() {
        if hit.matched.len() >= 8 {
            let needle = hit.matched.as_bytes();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "matched text {:?} is in the cache",
                hit.matched
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} matches checked");
}
