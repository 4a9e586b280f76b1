//! End to end: `infragap check` (every condition, exit codes, `[check]` and
//! flag precedence, baselines accepted and regressed), `infragap baseline`
//! and `infragap diff` on fixture pairs built from the Express fixture with
//! small edits (a secret committed, the CI workflow deleted, error tracking
//! initialised).
//!
//! Each test works in a temporary directory holding `repo/` (a copy of the
//! fixture) and the reports or baselines beside it, and runs the binary from
//! there with relative paths, so the output is the same on every machine.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/express-fly-staging-prod";
const SECRET: &str = "#!/bin/sh\nexport GH_TOKEN=ghp_KNoPbwUzweDyf5AEbU83sQr7swklKVpZmzNH\ngh release create \"$1\"\n";

/// A work directory with `repo/`, a copy of the fixture.
fn work() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    support::copy_dir(&support::root().join(FIXTURE), &dir.path().join("repo"));
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", self.stdout, self.stderr))
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_infragap"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `check repo` with these flags (and two threads).
fn check(dir: &Path, flags: &[&str]) -> Run {
    let mut args = vec!["check", "repo", "--threads", "2"];
    args.extend_from_slice(flags);
    run(dir, &args)
}

/// The JSON report of `repo/` as it is now, written to `dir/name`, through
/// the library (one compiled pack for the whole test binary).
fn report(dir: &Path, name: &str) -> PathBuf {
    let out = support::scan_dir(&dir.join("repo"));
    let path = dir.join(name);
    std::fs::write(&path, infragap::report::json::render(&out)).unwrap();
    path
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect()
}

fn pinned(s: &str) -> String {
    s.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

// ---- check: each condition, pass and fail ----

#[test]
fn default_gate_fails_on_p0_gaps_and_lists_them() {
    let w = work();
    // The fixture has two P0 gaps: no backups, no error tracking.
    let r = check(w.path(), &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["passed"], false);
    assert_eq!(j["conditions"][0]["name"], "fail_on");
    assert_eq!(j["conditions"][0]["threshold"], "P0");
    assert_eq!(j["conditions"][0]["source"], "default");
    assert_eq!(ids(&j["failing"]), ["DAT-03", "OBS-01"]);
    assert_eq!(j["failing"][1]["status"], "missing");
    assert!(
        j["failing"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("error tracker")
    );
}

#[test]
fn fail_on_p1_counts_p0_and_p1_gaps() {
    let w = work();
    let r = check(w.path(), &["--fail-on", "p1", "--format", "json"]);
    assert_eq!(r.code, 1);
    let j = r.json();
    let failing = j["failing"].as_array().unwrap();
    assert!(failing.len() > 2);
    assert!(
        failing
            .iter()
            .all(|g| matches!(g["priority"].as_str(), Some("P0" | "P1")))
    );
    assert!(
        j["below_threshold"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| matches!(g["priority"].as_str(), Some("P2" | "P3")))
    );
}

#[test]
fn score_and_level_floors_pass() {
    let w = work();
    // 47% complete, level 2: both floors hold, and with a floor set no
    // default fail_on is added.
    let r = check(w.path(), &["--min-score", "45", "--min-level", "2"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("PASSED"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("✔ min_score 45%  (from --min-score)  completeness 47% (needs 45%)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("✔ min_level 2    (from --min-level)  maturity level 2 (needs 2)"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("✔ fail_on") && !r.stdout.contains("✘ fail_on"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "other open gaps (no fail_on set, 38): DAT-03 (P0), OBS-01 (P0), API-01 (P1)"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn score_floor_fails() {
    let w = work();
    let r = check(w.path(), &["--min-score", "48"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("✘ min_score 48%"), "{}", r.stdout);
    assert!(
        r.stdout.contains("completeness 47% (needs 48%)"),
        "{}",
        r.stdout
    );
}

#[test]
fn level_floor_fails_naming_the_blockers() {
    let w = work();
    let r = check(w.path(), &["--min-level", "3", "--format", "md"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("### ❌ infragap check failed"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("| ❌ | min\\_level | 3 | \\--min-level | maturity level 2 (needs 3); level 3 is blocked by"), "{}", r.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let w = work();
    for flags in [
        &["--min-score", "101"][..],
        &["--min-level", "0"],
        &["--fail-on", "p5"],
        &["--format", "html"],
    ] {
        let r = check(w.path(), flags);
        assert_eq!(r.code, 2, "{flags:?}: {}", r.stderr);
    }
    // A baseline that is not one: exit 2 with a message, before any scan.
    write(w.path(), "garbage.json", "{\"hello\": 1}");
    let r = check(w.path(), &["--baseline", "garbage.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "error: baseline garbage.json: no `schema_version`: not an infragap JSON report"
        ),
        "{}",
        r.stderr
    );
    let r = check(w.path(), &["--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("missing.json: cannot read it"),
        "{}",
        r.stderr
    );
    write(
        w.path(),
        "old.json",
        "{\"schema_version\": 0, \"controls\": []}",
    );
    let r = check(w.path(), &["--baseline", "old.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("schema_version 0 is older"),
        "{}",
        r.stderr
    );
}

// ---- [check] in infragap.toml ----

#[test]
fn check_settings_come_from_the_config_and_flags_win() {
    let w = work();
    write(
        w.path(),
        "repo/infragap.toml",
        "# gate\n[check]\nmin_score = 60\nmin_level = 2\n",
    );
    let r = check(w.path(), &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let j = r.json();
    let conds = j["conditions"].as_array().unwrap();
    assert_eq!(conds.len(), 2, "{conds:?}");
    assert_eq!(conds[0]["name"], "min_score");
    assert_eq!(conds[0]["source"], "infragap.toml:3");
    assert_eq!(conds[0]["passed"], false);
    assert_eq!(conds[1]["source"], "infragap.toml:4");
    assert_eq!(conds[1]["passed"], true);

    // The flag wins over the file's 60; min_level still comes from the file.
    let r = check(w.path(), &["--min-score", "40"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("min_score 40%  (from --min-score)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("min_level 2    (from infragap.toml:4)"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_bad_check_section_is_a_config_error() {
    let w = work();
    write(
        w.path(),
        "repo/infragap.toml",
        "[check]\nfail_on = \"urgent\"\nmax_score = 3\n",
    );
    let r = check(w.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("infragap.toml:2:11"), "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown key `max_score` in [check]"),
        "{}",
        r.stderr
    );
}

// ---- baselines ----

#[test]
fn the_same_repository_passes_its_own_baseline_or_report() {
    let w = work();
    let r = run(
        w.path(),
        &["baseline", "repo", "-o", "base.json", "--threads", "2"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("wrote base.json: 85 controls, 38 open gaps"),
        "{}",
        r.stderr
    );
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(base["kind"], "infragap-baseline");
    assert_eq!(base["controls"][0]["id"], "AIO-01");

    let r = check(w.path(), &["--baseline", "base.json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("no new gap or regression at P3 or above; 38 gaps accepted by the baseline"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("accepted by the baseline (38)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("  P0 OBS-01 Error tracking · missing\n"),
        "{}",
        r.stdout
    );

    // A full JSON report works as a baseline too, here set in [check]
    // (relative to the config file) with a stricter fail_on on the command line.
    report(w.path(), "report.json");
    write(
        w.path(),
        "repo/infragap.toml",
        "[check]\nbaseline = \"../report.json\"\n",
    );
    let r = check(w.path(), &["--fail-on", "p0", "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let j = r.json();
    assert_eq!(j["baseline"]["kind"], "report");
    assert_eq!(j["baseline"]["source"], "infragap.toml:2");
    assert_eq!(j["accepted"].as_array().unwrap().len(), 38);
}

#[test]
fn a_committed_secret_fails_against_the_baseline() {
    let w = work();
    assert_eq!(
        run(w.path(), &["baseline", "repo", "-o", "base.json"]).code,
        0
    );
    write(w.path(), "repo/scripts/release.sh", SECRET);

    let r = check(w.path(), &["--baseline", "base.json", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let j = r.json();
    assert_eq!(ids(&j["failing"]), ["SEC-01"]);
    let changes = &j["failing"][0]["changes"];
    assert_eq!(changes[0]["kind"], "new_gap");
    assert_eq!(changes[1]["kind"], "new_findings");
    assert_eq!(
        changes[1]["findings"][0]["fingerprint"],
        "scripts/release.sh:SEC-01:2"
    );
    assert!(j["below_threshold"].as_array().unwrap().is_empty());
    assert_eq!(j["accepted"].as_array().unwrap().len(), 38);
    // Secrets are never printed, not even in the gate's report.
    assert!(!r.stdout.contains("KNoPbwUzwe"), "{}", r.stdout);

    let r = check(w.path(), &["--baseline", "base.json"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("KNoPbwUzwe"));
    insta::assert_snapshot!("check_new_secret_terminal", pinned(&r.stdout));
}

#[test]
fn a_second_secret_in_a_leaking_repository_is_a_regression() {
    let w = work();
    write(w.path(), "repo/scripts/release.sh", SECRET);
    assert_eq!(
        run(w.path(), &["baseline", "repo", "-o", "base.json"]).code,
        0
    );
    // Accepted as it is.
    assert_eq!(check(w.path(), &["--baseline", "base.json"]).code, 0);
    write(
        w.path(),
        "repo/scripts/publish.sh",
        "#!/bin/sh\nexport NPM_TOKEN=npm_4fZqLx8RtV2mWc9KbN7pYs3HdJ6gTa1QeU0o\nnpm publish\n",
    );
    let r = check(w.path(), &["--baseline", "base.json", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = r.json();
    assert_eq!(ids(&j["failing"]), ["SEC-01"]);
    let changes = j["failing"][0]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["kind"], "new_findings");
    let fps: Vec<&str> = changes[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fps, ["scripts/publish.sh:SEC-01:2"]);
}

#[test]
fn deleting_the_test_workflow_fails_against_the_baseline() {
    let w = work();
    assert_eq!(
        run(w.path(), &["baseline", "repo", "-o", "base.json"]).code,
        0
    );
    std::fs::remove_file(w.path().join("repo/.github/workflows/test.yml")).unwrap();
    let r = check(w.path(), &["--baseline", "base.json", "--format", "json"]);
    assert_eq!(r.code, 1);
    let j = r.json();
    assert_eq!(ids(&j["failing"]), ["DEL-02"]);
    assert_eq!(j["failing"][0]["status"], "partial");
    assert_eq!(j["failing"][0]["changes"][0]["kind"], "new_gap");
    assert_eq!(j["failing"][0]["changes"][0]["was"], "present");
    // Below --fail-on, the same regression is shown and does not fail.
    let r = check(w.path(), &["--baseline", "base.json", "--fail-on", "p0"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("new gaps or regressions not failing (below P0): 1"),
        "{}",
        r.stdout
    );
}

// ---- diff ----

/// `old.json` of the fixture as it is, then `edit`, then `new.json`.
fn pair(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let w = work();
    report(w.path(), "old.json");
    edit(&w.path().join("repo"));
    report(w.path(), "new.json");
    w
}

fn diff_json(w: &Path) -> Value {
    let r = run(w, &["diff", "old.json", "new.json", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

#[test]
fn diff_shows_a_gap_closed_by_error_tracking() {
    let w = pair(|repo| {
        let pkg = std::fs::read_to_string(repo.join("package.json")).unwrap();
        write(
            repo,
            "package.json",
            &pkg.replace(
                "\"express\": \"^4.19.2\",",
                "\"@sentry/node\": \"^8.9.0\",\n    \"express\": \"^4.19.2\",",
            ),
        );
        let env = std::fs::read_to_string(repo.join(".env.example")).unwrap();
        write(repo, ".env.example", &format!("{env}SENTRY_DSN=\n"));
        let server = std::fs::read_to_string(repo.join("src/server.js")).unwrap();
        write(
            repo,
            "src/server.js",
            &format!(
                "const Sentry = require(\"@sentry/node\");\nSentry.init({{ dsn: process.env.SENTRY_DSN }});\n{server}"
            ),
        );
    });
    let j = diff_json(w.path());
    let closed = ids(&j["closed_gaps"]);
    assert!(closed.contains(&"OBS-01"), "{closed:?}");
    assert_eq!(j["closed_gaps"][0]["priority"], "P0");
    assert_eq!(j["closed_gaps"][0]["status"], "present");
    assert!(j["new_gaps"].as_array().unwrap().is_empty());
    assert!(j["completeness_delta"].as_f64().unwrap() > 0.0);

    let md = run(
        w.path(),
        &["diff", "old.json", "new.json", "--format", "md"],
    );
    assert_eq!(md.code, 0);
    insta::assert_snapshot!("diff_error_tracking_closed_md", pinned(&md.stdout));
}

#[test]
fn diff_shows_a_new_secret_by_fingerprint() {
    let w = pair(|repo| write(repo, "scripts/release.sh", SECRET));
    let j = diff_json(w.path());
    assert_eq!(ids(&j["new_gaps"]), ["SEC-01"]);
    let f = &j["new_findings"][0];
    assert_eq!(f["control"], "SEC-01");
    assert_eq!(f["fingerprint"], "scripts/release.sh:SEC-01:2");
    assert_eq!(f["evidence"]["line"], 2);
    assert!(j["resolved_findings"].as_array().unwrap().is_empty());
    let md = run(
        w.path(),
        &["diff", "old.json", "new.json", "--format", "md"],
    );
    assert!(!md.stdout.contains("KNoPbwUzwe"));
    insta::assert_snapshot!("diff_new_secret_md", pinned(&md.stdout));

    // The other way round, the finding is resolved.
    let back = run(
        w.path(),
        &["diff", "new.json", "old.json", "--format", "json"],
    )
    .json();
    assert_eq!(
        back["resolved_findings"][0]["fingerprint"],
        "scripts/release.sh:SEC-01:2"
    );
    assert_eq!(ids(&back["closed_gaps"]), ["SEC-01"]);
}

#[test]
fn diff_shows_a_level_change() {
    let w = pair(|repo| std::fs::remove_dir_all(repo.join(".github/workflows")).unwrap());
    let j = diff_json(w.path());
    assert_eq!(j["old"]["maturity_level"], 2);
    assert_eq!(j["new"]["maturity_level"], 1);
    assert_eq!(j["level_delta"], -1);
    let changed: Vec<&str> = j["status_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(changed.contains(&"DEL-01"), "{changed:?}");
    let t = run(w.path(), &["diff", "old.json", "new.json"]);
    assert!(t.stdout.contains("maturity level 2 → 1"), "{}", t.stdout);
    assert!(
        t.stdout.contains("▼ DEL-01 CI pipeline: present → missing"),
        "{}",
        t.stdout
    );
    let md = run(
        w.path(),
        &["diff", "old.json", "new.json", "--format", "md"],
    );
    assert!(
        md.stdout.contains("| Maturity level | 2 | 1 | -1 |"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.starts_with("### ⚠️ infragap: "), "{}", md.stdout);
}

#[test]
fn diff_of_a_report_with_itself_is_empty_and_bad_inputs_exit_2() {
    let w = work();
    report(w.path(), "a.json");
    let r = run(w.path(), &["diff", "a.json", "a.json"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("no change in controls, gaps or findings"),
        "{}",
        r.stdout
    );

    let text = std::fs::read_to_string(w.path().join("a.json")).unwrap();
    write(
        w.path(),
        "future.json",
        &text.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1),
    );
    let r = run(w.path(), &["diff", "a.json", "future.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("future.json: JSON report schema_version 2 comes from a newer infragap"),
        "{}",
        r.stderr
    );
    write(w.path(), "broken.json", &text[..text.len() / 2]);
    let r = run(w.path(), &["diff", "broken.json", "a.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("broken.json: "), "{}", r.stderr);
    let r = run(w.path(), &["diff", "a.json"]);
    assert_eq!(r.code, 2);
}

#[test]
fn hostile_strings_in_a_report_are_escaped_in_the_diff() {
    let w = work();
    let old = report(w.path(), "old.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&old).unwrap()).unwrap();
    let controls = v["controls"].as_array_mut().unwrap();
    let obs = controls.iter_mut().find(|c| c["id"] == "OBS-01").unwrap();
    obs["status"] = "partial".into();
    obs["fraction"] = 0.5.into();
    obs["priority"] = "P1".into();
    obs["title"] = "Error <img src=x onerror=alert(1)> | tracking".into();
    obs["reason"] = "\u{1b}[31mred\u{1b}[0m @everyone [x](javascript:alert(1))".into();
    obs["evidence"] = serde_json::json!([{"path": "a|b<script>.js", "line": 1, "detail": "`x`"}]);
    std::fs::write(
        w.path().join("new.json"),
        serde_json::to_string(&v).unwrap(),
    )
    .unwrap();
    let md = run(
        w.path(),
        &["diff", "old.json", "new.json", "--format", "md"],
    )
    .stdout;
    assert!(
        md.contains("Error &lt;img src=x onerror=alert(1)&gt; \\| tracking"),
        "{md}"
    );
    assert!(
        md.contains("\\@everyone \\[x\\](javascript:alert(1))"),
        "{md}"
    );
    assert!(!md.contains("<img") && !md.contains("<script"), "{md}");
    let term = run(w.path(), &["diff", "old.json", "new.json"]).stdout;
    assert!(term.contains("OBS-01 Error <img"), "{term}");
    assert!(!term.contains('\u{1b}'), "{term:?}");
}
