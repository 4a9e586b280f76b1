//! Every fixture repository is scanned and each control's status compared
//! with the fixture's `expected.toml` (written by hand from CONTROLS.md before
//! the detection existed), then the whole JSON report is snapshotted.
//! The status check comes first, so a wrong status cannot slip in through
//! `cargo insta accept`.

mod support;

use infragap::rules::Status;

#[test]
fn fixtures_match_their_expected_statuses() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, dir, expected) in support::fixtures_with_expectations() {
        let exp: toml::Table =
            toml::from_str(&std::fs::read_to_string(&expected).unwrap()).unwrap();
        let tmp = support::copy_fixture(&dir);
        let out = support::scan_dir(tmp.path());
        for (id, v) in &exp {
            let want = v.get("status").and_then(|s| s.as_str()).unwrap();
            let why = v.get("why").and_then(|s| s.as_str()).unwrap_or("");
            let Some(got) = out.results.iter().find(|r| &r.id == id) else {
                continue; // control not implemented yet
            };
            checked += 1;
            if got.status.label() != want {
                failures.push(format!(
                    "{name} {id}: expected {want}, got {} ({})\n    expected because: {why}\n    evidence: {:?}",
                    got.status.label(),
                    got.reason,
                    got.evidence.iter().map(|e| e.location()).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(checked > 100, "only {checked} expectations checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} expectations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_claim_cites_evidence_and_paths_are_relative() {
    for (name, dir, _) in support::fixtures_with_expectations() {
        let tmp = support::copy_fixture(&dir);
        let out = support::scan_dir(tmp.path());
        let root = tmp.path().to_string_lossy().to_string();
        for r in &out.results {
            if matches!(r.status, Status::Present | Status::Partial) {
                assert!(
                    !r.evidence.is_empty(),
                    "{name} {}: {} without evidence",
                    r.id,
                    r.status.label()
                );
            }
            if matches!(r.status, Status::NotApplicable | Status::Unknown) {
                assert!(
                    !r.reason.is_empty(),
                    "{name} {}: {} without a reason",
                    r.id,
                    r.status.label()
                );
            }
            for e in r.evidence.iter().chain(&r.applicability_evidence) {
                assert!(
                    !e.path.starts_with('/') && !e.path.contains(&root),
                    "{name} {}: absolute path {}",
                    r.id,
                    e.path
                );
            }
        }
    }
}

#[test]
fn fixture_reports_snapshot() {
    for (name, dir, _) in support::fixtures_with_expectations() {
        if name.starts_with("controls/") {
            continue; // minis are pinned by status; their full reports add noise
        }
        let tmp = support::copy_fixture(&dir);
        let out = support::scan_dir(tmp.path());
        let json = support::stable_json(&out, &name);
        let snap = name.replace('/', "__");
        insta::assert_snapshot!(snap, json);
    }
}
