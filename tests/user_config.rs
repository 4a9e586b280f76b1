//! End to end: `infragap.toml` (context, suppressions, expiry, unmatched
//! warnings), user rules (new controls, extensions, broken files) and inline
//! `infragap:allow` comments, through the real binary on throwaway repositories.

use std::path::Path;

use serde_json::Value;

/// A throwaway repository: a package with a test script (so the scan has
/// something to judge) plus the given files.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "package.json",
        r#"{"name":"demo","scripts":{"test":"jest"}}"#,
    );
    write(dir.path(), "src/index.js", "console.log('hello');\n");
    for (p, text) in files {
        write(dir.path(), p, text);
    }
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn cmd() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_infragap"));
    c.env("INFRAGAP_TODAY", "2026-06-01").env("NO_COLOR", "1");
    c
}

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

fn scan(dir: &Path, extra: &[&str]) -> Run {
    let out = cmd()
        .arg("scan")
        .arg(dir)
        .args(["--format", "json", "--threads", "2"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
        stderr,
    }
}

fn control<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

/// A hygiene control of the user's: DEBUG_TOKEN left in the code is a finding.
const HYGIENE_RULE: &str = r#"id = "SEC-90"
title = "No debug tokens"
domain = "SEC"
criticality = "high"
level = 2
hygiene = true
effort_hours = [1, 1]
remedy = "Remove the debug tokens."

[[tier]]
status = "missing"
reason = "debug tokens left in the code"
when = { content = "DEBUG_TOKEN_[0-9]+" }

[otherwise]
status = "present"
reason = "no debug token"
"#;

#[test]
fn context_declaration_makes_a_control_present_and_declared() {
    let dir = repo(&[(
        "infragap.toml",
        "# ops\n[context]\nDEL-01 = \"CI runs in the company Jenkins, job demo-ci\"\n",
    )]);
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = control(&r.json, "DEL-01");
    assert_eq!(c["status"], "present");
    assert_eq!(c["declared"], true);
    assert_eq!(c["evidence"][0]["path"], "infragap.toml");
    assert_eq!(c["evidence"][0]["line"], 3);
    assert!(c["reason"].as_str().unwrap().contains("company Jenkins"));
    assert!(control(&r.json, "DEL-06").get("declared").is_none());
    assert_eq!(r.json["config"]["path"], "infragap.toml");
    assert_eq!(r.json["config"]["declared"][0], "DEL-01");
}

#[test]
fn control_suppression_accepts_the_gap_expiry_and_unmatched_warn() {
    let dir = repo(&[(
        "infragap.toml",
        r#"[[suppress]]
control = "DEL-01"
reason = "CI comes with the monorepo migration"
expires = 2027-01-31

[[suppress]]
control = "DEL-06"
reason = "was accepted last year"
expires = 2025-12-31

[[suppress]]
control = "TST-06"
reason = "nothing to accept"
"#,
    )]);
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let del01 = control(&r.json, "DEL-01");
    assert_eq!(del01["status"], "missing");
    assert_eq!(del01["priority"], Value::Null);
    assert_eq!(del01["suppressed"]["at"], "infragap.toml:1");
    assert_eq!(del01["suppressed"]["expires"], "2027-01-31");
    // Expired: applies no more, the gap keeps its priority.
    let del06 = control(&r.json, "DEL-06");
    assert!(del06.get("suppressed").is_none());
    assert_ne!(del06["priority"], Value::Null);
    let s = &r.json["config"]["suppressions"];
    assert_eq!(
        (
            s["applied"].as_u64(),
            s["expired"].as_u64(),
            s["unmatched"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert!(
        r.stderr
            .contains("warning: this suppression expired on 2025-12-31"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("infragap.toml:9:11"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: this suppression matched nothing"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("infragap.toml:11:1"), "{}", r.stderr);
    let warnings = r.json["warnings"].to_string();
    assert!(
        warnings.contains("line 9: this suppression expired"),
        "{warnings}"
    );
    // The accepted gap is out of the posture and priority counts.
    let p0 = |j: &Value| j["summary"]["priorities"]["P0"].as_u64().unwrap_or(0);
    let baseline = scan(repo(&[]).path(), &[]);
    assert_eq!(p0(&r.json) + 1, p0(&baseline.json));
}

#[test]
fn config_flag_wins_over_the_root_file() {
    let dir = repo(&[("infragap.toml", "[context]\nDEL-01 = \"root file\"\n")]);
    let other = tempfile::tempdir().unwrap();
    write(
        other.path(),
        "alt.toml",
        "[context]\nDEL-06 = \"alt file\"\n",
    );
    let alt = other.path().join("alt.toml");
    let r = scan(dir.path(), &["--config", alt.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(control(&r.json, "DEL-06")["declared"], true);
    assert!(control(&r.json, "DEL-01").get("declared").is_none());
}

#[test]
fn user_rule_adds_a_new_control() {
    let dir = repo(&[
        (
            ".infragap/rules/audit.toml",
            r#"id = "OPS-90"
title = "Audit log via acme"
domain = "OPS"
criticality = "medium"
level = 3
effort_hours = [1, 3]
remedy = "Call acmeAudit() on every write."

[[tier]]
status = "present"
reason = "acmeAudit is called"
when = { content = "acmeAudit\\(" }
"#,
        ),
        (
            "src/write.js",
            "export function save(x) { acmeAudit(x); }\n",
        ),
    ]);
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = control(&r.json, "OPS-90");
    assert_eq!(c["status"], "present");
    assert_eq!(c["evidence"][0]["path"], "src/write.js");
    assert_eq!(c["source"]["kind"], "user");
    assert_eq!(c["source"]["path"], ".infragap/rules/audit.toml");
    assert_eq!(r.json["config"]["rules"][0], ".infragap/rules/audit.toml");

    let out = cmd().arg("rules").arg(dir.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with("OPS-90")).unwrap();
    assert!(line.ends_with(".infragap/rules/audit.toml"), "{line}");

    let out = cmd()
        .args(["explain", "ops-90", "--path"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("content matching `acmeAudit\\(`"), "{text}");
    assert!(text.contains("Call acmeAudit() on every write."), "{text}");
}

#[test]
fn extension_tiers_are_tried_before_the_builtin_ones() {
    let dir = repo(&[
        ("infragap.toml", "rules = [\"ops/ci.toml\"]\n"),
        (
            "ops/ci.toml",
            r#"id = "DEL-01"
extends = true

[[tier]]
status = "present"
reason = "the in-house CI (ci.acme) builds every push"
when = { file = "ci.acme" }
"#,
        ),
        ("ci.acme", "build: npm test\n"),
    ]);
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = control(&r.json, "DEL-01");
    assert_eq!(c["status"], "present");
    assert_eq!(c["evidence"][0]["path"], "ci.acme");
    let out = cmd().arg("rules").arg(dir.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with("DEL-01")).unwrap();
    assert!(line.ends_with("built-in + ops/ci.toml"), "{line}");
}

#[test]
fn broken_user_rule_exits_2_with_a_caret() {
    let dir = repo(&[(
        ".infragap/rules/bad/rule.toml",
        "id = \"OPS-91\"\ntitle = \"x\"\ndomain = \"OPS\"\ncriticality = \"high\"\nlevel = 3\n\n[[tier]]\nstatus = \"present\"\nreason = \"r\"\nwhen = { fact = \"uses_databse\" }\n",
    )]);
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("error: unknown fact `uses_databse`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--> .infragap/rules/bad/rule.toml:10:17"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("^^^^^^^^^^^^^^"), "{}", r.stderr);
}

#[test]
fn unknown_control_in_config_exits_2_with_a_caret() {
    let dir = repo(&[("infragap.toml", "[context]\nDAT-3 = \"PITR\"\n")]);
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("error: unknown control `DAT-3`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--> infragap.toml:2:1"), "{}", r.stderr);
    assert!(r.stderr.contains("^^^^^"), "{}", r.stderr);
}

#[test]
fn findings_suppressed_by_fingerprint_paths_and_inline_allow() {
    let dir = repo(&[
        (".infragap/rules/debug.toml", HYGIENE_RULE),
        ("src/a.js", "const t = 'DEBUG_TOKEN_1';\n"),
        (
            "src/b.js",
            "// infragap:allow SEC-90 fixture token for the demo\nconst t = 'DEBUG_TOKEN_2';\nconst u = 'DEBUG_TOKEN_3'; // infragap:allow SEC-90 same\n",
        ),
        ("tools/c.js", "const t = 'DEBUG_TOKEN_4';\n"),
    ]);
    // Without config: the inline allows already silence two findings.
    let r = scan(dir.path(), &[]);
    let c = control(&r.json, "SEC-90");
    assert_eq!(c["status"], "missing");
    let paths: Vec<&str> = c["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["src/a.js", "tools/c.js"]);
    assert_eq!(c["evidence"][0]["fingerprint"], "src/a.js:SEC-90:1");
    assert_eq!(r.json["config"]["inline_allows"], 2);

    // A fingerprint and a path glob take the rest: the control is present.
    write(
        dir.path(),
        "infragap.toml",
        r#"[[suppress]]
fingerprint = "src/a.js:SEC-90:1"
reason = "rotated, kept as a test vector"

[[suppress]]
control = "SEC-90"
paths = ["tools/**"]
reason = "developer tooling"

[[suppress]]
fingerprint = "src/gone.js:SEC-90:7"
reason = "stale"
"#,
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = control(&r.json, "SEC-90");
    assert_eq!(c["status"], "present");
    assert_eq!(c["priority"], Value::Null);
    let reason = c["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("all 4 finding(s) suppressed at infragap.toml:1, infragap.toml:5"),
        "{reason}"
    );
    assert_eq!(c["evidence"][0]["path"], "infragap.toml");
    let s = &r.json["config"]["suppressions"];
    assert_eq!(s["applied"], 2);
    assert_eq!(s["unmatched"], 1);
    assert!(
        r.stderr
            .contains("no finding has fingerprint `src/gone.js:SEC-90:7`"),
        "{}",
        r.stderr
    );
}

#[test]
fn init_writes_a_template_that_loads_and_refuses_to_overwrite() {
    let dir = repo(&[]);
    cmd().arg("init").arg(dir.path()).assert().success();
    let text = std::fs::read_to_string(dir.path().join("infragap.toml")).unwrap();
    assert!(text.contains("[[suppress]]"));
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json["config"]["path"], "infragap.toml");
    cmd().arg("init").arg(dir.path()).assert().code(2);
    cmd()
        .arg("init")
        .arg(dir.path())
        .arg("--force")
        .assert()
        .success();
}

/// The README's `infragap.toml` example is valid, and its settings and price
/// override reach the assessment (the gate's [check] is read by `check`).
#[test]
fn readme_config_example_parses_and_drives_the_assessment() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```toml\nrules = [")
        .expect("README toml example")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let example = &readme[start..end];
    let cfg =
        infragap::config::Config::parse("infragap.toml", std::path::PathBuf::from("."), example)
            .unwrap_or_else(|e| panic!("{}", e.iter().map(|d| d.to_string()).collect::<String>()));
    assert_eq!(
        cfg.assessment.capacity_hours_per_week.map(|x| x.0),
        Some(20)
    );
    assert_eq!(cfg.pricing[0].id, "sentry");

    // Without the rule file and the baseline the example names, scan with the rest.
    let trimmed: String = example
        .lines()
        .filter(|l| !l.starts_with("rules =") && !l.starts_with("baseline ="))
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = repo(&[
        ("infragap.toml", &trimmed),
        (
            "package.json",
            r#"{"name":"x","dependencies":{"next":"14.0.0"}}"#,
        ),
    ]);
    let run = scan(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json;
    assert_eq!(json["settings"]["capacity_hours_per_week"], 20);
    assert_eq!(json["settings"]["hourly_rate"], 120);
    assert_eq!(json["roadmap"]["capacity_hours_per_week"], 20);
    let sentry = json["costs"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["service_id"] == "sentry")
        .expect("OBS-01 is a gap: the sentry price applies");
    assert_eq!(sentry["monthly"], serde_json::json!([80, 80]));
    assert!(
        sentry["source"]
            .as_str()
            .unwrap()
            .starts_with("infragap.toml:")
    );
    let json = scan(dir.path(), &["--capacity", "10"]).json;
    assert_eq!(json["roadmap"]["capacity_hours_per_week"], 10);
}
