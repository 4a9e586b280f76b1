//! The JSON report's schema: generated from the report types, committed as
//! `schema/report.schema.json`, kept current, and every big fixture's report
//! validates against it.

mod support;

use serde_json::Value;
use support::schema::{Validator, big_fixtures};

const SCHEMA_PATH: &str = "schema/report.schema.json";

#[test]
fn committed_schema_is_up_to_date() {
    let generated = infragap::report::json::render_schema();
    let committed = std::fs::read_to_string(support::root().join(SCHEMA_PATH)).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA_PATH} is out of date with the report types; regenerate it with\n\
         \n    cargo run -- schema > {SCHEMA_PATH}\n\nand commit the result"
    );
}

#[test]
fn every_big_fixture_report_validates_against_the_schema() {
    let schema = Validator::report();
    let fixtures = big_fixtures();
    assert!(fixtures.len() >= 9, "{fixtures:?}");
    for (name, dir) in fixtures {
        let tmp = support::copy_fixture(&dir);
        let out = support::scan_dir(tmp.path());
        let v: Value = serde_json::from_str(&infragap::report::json::render(&out)).unwrap();
        if let Some(errors) = schema.errors(&v) {
            panic!("{name}: JSON report does not validate:\n{errors}");
        }
    }
}

#[test]
fn the_schema_rejects_what_the_report_never_holds() {
    let schema = Validator::report();
    let tmp = support::copy_fixture(&support::root().join("examples/acme-notes"));
    let out = support::scan_dir(tmp.path());
    let good: Value = serde_json::from_str(&infragap::report::json::render(&out)).unwrap();
    assert!(schema.errors(&good).is_none());
    for (pointer, bad) in [
        ("/controls/0/status", Value::from("done")),
        ("/summary/posture", Value::from("fine")),
        ("/controls/0/priority", Value::from("P9")),
        ("/schema_version", Value::from("1")),
    ] {
        let mut v = good.clone();
        *v.pointer_mut(pointer).unwrap() = bad.clone();
        assert!(schema.errors(&v).is_some(), "{pointer} = {bad} accepted");
    }
    let mut v = good.clone();
    v.as_object_mut().unwrap().remove("controls");
    assert!(
        schema.errors(&v).is_some(),
        "a report without controls accepted"
    );
}

#[test]
fn schema_subcommand_prints_the_committed_schema() {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_infragap"))
        .arg("schema")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let committed = std::fs::read(support::root().join(SCHEMA_PATH)).unwrap();
    assert!(
        out == committed,
        "`infragap schema` differs from {SCHEMA_PATH}; regenerate it with\n\n    cargo run -- schema > {SCHEMA_PATH}"
    );
    let printed: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}
