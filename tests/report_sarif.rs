//! The SARIF report: valid against the official SARIF 2.1.0 schema for every
//! big fixture, consistent with itself (each result's rule exists at its
//! index), anchored where code scanning accepts it, with fingerprints that do
//! not change between runs; and a snapshot of the bundled example.

mod support;

use std::collections::HashSet;

use infragap::report::sarif::{self, model::Log};
use serde_json::Value;
use support::schema::{Validator, big_fixtures};

fn sarif_of(dir: &std::path::Path) -> (infragap::scan::ScanOutput, String) {
    let tmp = support::copy_fixture(dir);
    let out = support::scan_dir(tmp.path());
    let text = sarif::render(&out, support::pack());
    (out, text)
}

/// Structure the schema cannot express: rules and results agree, every
/// location is a relative URI under %SRCROOT% with a line, fingerprints are
/// unique, and every gap of the assessment has a result.
fn check_consistency(name: &str, out: &infragap::scan::ScanOutput, log: &Log) {
    assert_eq!(log.runs.len(), 1, "{name}");
    let run = &log.runs[0];
    let rules = &run.tool.driver.rules;
    assert_eq!(
        rules.len(),
        support::pack().rules.len(),
        "{name}: one rule per control"
    );
    let mut fingerprints = HashSet::new();
    for r in &run.results {
        let rule = rules
            .get(r.rule_index)
            .unwrap_or_else(|| panic!("{name}: ruleIndex {} out of range", r.rule_index));
        assert_eq!(
            rule.id, r.rule_id,
            "{name}: ruleIndex points at another rule"
        );
        assert!(!r.locations.is_empty(), "{name} {}: no location", r.rule_id);
        for l in r.locations.iter().chain(&r.related_locations) {
            let a = &l.physical_location.artifact_location;
            let uri = a.uri.as_deref().unwrap();
            assert_eq!(a.uri_base_id.as_deref(), Some("%SRCROOT%"), "{name}");
            assert!(
                !uri.is_empty() && !uri.starts_with('/') && !uri.contains("://"),
                "{name} {}: {uri}",
                r.rule_id
            );
            assert!(l.physical_location.region.unwrap().start_line >= 1);
        }
        assert!(!r.partial_fingerprints.is_empty(), "{name} {}", r.rule_id);
        for (k, v) in &r.partial_fingerprints {
            assert!(
                fingerprints.insert(format!("{k}={v}")),
                "{name}: fingerprint {k}={v} given twice"
            );
        }
    }
    for gap in &out.assessment.priorities {
        assert!(
            run.results.iter().any(|r| r.rule_id == gap.id),
            "{name}: gap {} has no result",
            gap.id
        );
    }
    let gap_ids: HashSet<&str> = out
        .assessment
        .priorities
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    for r in &run.results {
        assert!(
            gap_ids.contains(r.rule_id.as_str()),
            "{name}: {} is no gap",
            r.rule_id
        );
    }
}

#[test]
fn every_big_fixture_validates_against_the_sarif_schema() {
    let schema = Validator::sarif();
    let fixtures = big_fixtures();
    assert!(fixtures.len() >= 9, "{fixtures:?}");
    for (name, dir) in fixtures {
        let (out, text) = sarif_of(&dir);
        let value: Value = serde_json::from_str(&text).unwrap();
        if let Some(errors) = schema.errors(&value) {
            panic!("{name}: SARIF does not validate:\n{errors}");
        }
        // Round trip through the model: nothing the log holds is lost.
        let log: Log = serde_json::from_str(&text).unwrap();
        assert_eq!(
            serde_json::to_value(&log).unwrap(),
            value,
            "{name}: round trip"
        );
        check_consistency(&name, &out, &log);
    }
}

#[test]
fn the_validator_rejects_a_broken_log() {
    let schema = Validator::sarif();
    let (_, text) = sarif_of(&support::root().join("examples/acme-notes"));
    let good: Value = serde_json::from_str(&text).unwrap();
    assert!(schema.errors(&good).is_none());
    for (pointer, bad) in [
        (
            "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
            Value::from(0),
        ),
        ("/runs/0/results/0/level", Value::from("fatal")),
        ("/runs/0/tool/driver/rules/0/id", Value::from(7)),
        ("/version", Value::from("2.0.0")),
        // Format assertions are on: an unencoded space is no URI reference.
        (
            "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri",
            Value::from("docs/my file.md"),
        ),
    ] {
        let mut v = good.clone();
        *v.pointer_mut(pointer).unwrap() = bad.clone();
        assert!(schema.errors(&v).is_some(), "{pointer} = {bad} accepted");
    }
}

#[test]
fn hygiene_findings_are_one_result_each_with_their_fingerprint() {
    let (out, text) = sarif_of(&support::root().join("examples/acme-notes"));
    let log: Log = serde_json::from_str(&text).unwrap();
    let results = &log.runs[0].results;
    let mut seen = 0;
    for c in out
        .results
        .iter()
        .filter(|c| c.hygiene && c.priority.is_some())
    {
        for f in c.findings.iter().filter(|f| f.fingerprint.is_some()) {
            let fp = f.fingerprint.as_deref().unwrap();
            let r = results
                .iter()
                .find(|r| {
                    r.partial_fingerprints
                        .get(sarif::FINDING_FINGERPRINT)
                        .map(String::as_str)
                        == Some(fp)
                })
                .unwrap_or_else(|| panic!("finding {fp} has no result"));
            assert_eq!(r.rule_id, c.id);
            let loc = &r.locations[0].physical_location;
            assert_eq!(loc.artifact_location.uri.as_deref(), Some(f.path.as_str()));
            assert_eq!(loc.region.unwrap().start_line, f.line.unwrap());
            seen += 1;
        }
    }
    assert!(
        seen >= 2,
        "acme-notes has hygiene findings (DAT-08, CFG-03); saw {seen}"
    );
}

#[test]
fn fingerprints_are_stable_across_runs() {
    let dir = support::root().join("examples/acme-notes");
    let fingerprints = |text: &str| {
        let log: Log = serde_json::from_str(text).unwrap();
        log.runs[0]
            .results
            .iter()
            .map(|r| (r.rule_id.clone(), r.partial_fingerprints.clone()))
            .collect::<Vec<_>>()
    };
    // Two scans from two different temporary roots.
    let (_, a) = sarif_of(&dir);
    let (_, b) = sarif_of(&dir);
    assert_eq!(fingerprints(&a), fingerprints(&b));
    assert!(!a.contains("/tmp/"), "an absolute path reached the log");
}

#[test]
fn absences_are_anchored_where_the_control_is_expected() {
    let (out, text) = sarif_of(&support::root().join("examples/acme-notes"));
    let log: Log = serde_json::from_str(&text).unwrap();
    let ci = out
        .inventory
        .of_class(infragap::inventory::FileClass::Ci)
        .next()
        .map(|f| f.path.clone())
        .expect("acme-notes has a CI workflow");
    let mut checked = 0;
    for r in &log.runs[0].results {
        let gap = out
            .assessment
            .priorities
            .iter()
            .find(|g| g.id == r.rule_id)
            .unwrap();
        let uri = r.locations[0]
            .physical_location
            .artifact_location
            .uri
            .clone()
            .unwrap();
        if gap.evidence.is_empty() {
            let want = match gap.domain.as_str() {
                "DEL" => ci.as_str(),
                "OPS" | "CMP" => "README.md",
                _ => "package.json",
            };
            assert_eq!(uri, want, "{} anchored to {uri}", r.rule_id);
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} absences");
}

/// The bundled example's SARIF with run-specific values pinned.
#[test]
fn acme_notes_sarif_snapshot() {
    let (_, text) = sarif_of(&support::root().join("examples/acme-notes"));
    // Through the model, so the snapshot keeps SARIF's field order.
    let mut log: Log = serde_json::from_str(&text).unwrap();
    let run = &mut log.runs[0];
    run.tool.driver.version = "[version]".into();
    run.tool.driver.semantic_version = "[version]".into();
    run.properties.remove("commit");
    insta::assert_snapshot!(serde_json::to_string_pretty(&log).unwrap());
}

#[test]
fn scan_format_sarif_through_the_cli() {
    let tmp = support::copy_fixture(&support::root().join("examples/acme-notes"));
    let report = tmp.path().join("out.sarif");
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_infragap"))
        .args([
            "scan",
            tmp.path().to_str().unwrap(),
            "--format",
            "sarif",
            "-o",
        ])
        .arg(&report)
        .args(["--threads", "2"])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(Validator::sarif().errors(&v).is_none());
}

/// Every big fixture's SARIF results and run properties, snapshotted. The
/// driver's rules are the same for every repository (one per control; they
/// are in the acme-notes snapshot), so they are left out here.
#[test]
fn every_fixture_sarif_results_snapshot() {
    for (name, dir) in big_fixtures() {
        if name == "examples/acme-notes" {
            continue;
        }
        let (_, text) = sarif_of(&dir);
        let mut log: Log = serde_json::from_str(&text).unwrap();
        let run = &mut log.runs[0];
        run.properties.remove("commit");
        let view = serde_json::json!({
            "properties": run.properties,
            "results": run.results,
        });
        insta::assert_snapshot!(
            format!("sarif__{}", name.replace('/', "__")),
            serde_json::to_string_pretty(&view).unwrap()
        );
    }
}
