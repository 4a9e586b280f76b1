//! Secret analyzers (SEC): committed credentials (SEC-01) and server secrets
//! exposed to browser code (SEC-02). Both are hygiene controls: a
//! "violations" analyzer decides `missing`, a "clean" one cites what was
//! checked for `present`.
//!
//! SEC-01 reads one content pattern per rule of `rules.toml` (inventory
//! patterns: every match is kept), then re-applies the rule's regex to the
//! matched text to take the secret group and judges it (entropy,
//! placeholders, allowlists, validators). Findings carry the rule, the
//! location and a redacted prefix; the secret itself never leaves this module.

#[cfg(test)]
mod cases;
pub mod client;
pub mod rules;

use std::collections::HashSet;

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::inventory::FileClass;
use crate::signals::{Hit, PatternSpec};
use rules::Verdict;

/// Evidence items a violations analyzer lists before its summary line.
const MAX_LISTED: usize = 7;

/// Classes the secret rules read. Tests and migrations are skipped by the
/// hygiene ruling; lock files and generated code hold hashes, not secrets.
const SCAN_CLASSES: &[FileClass] = &[
    FileClass::Source,
    FileClass::Config,
    FileClass::Manifest,
    FileClass::Ci,
    FileClass::Iac,
    FileClass::Doc,
    FileClass::Other,
];

/// Where a file sits, for a hygiene scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Application code and configuration: judged.
    App,
    /// Under `scripts/`: judged, reported apart.
    Scripts,
    /// An example file (`.env.example`, `config.sample.json`): only live
    /// third-party key formats count (CONTROLS.md ruling SEC-01).
    Example,
    /// Tests, fixtures, seeders, migrations and examples: not judged.
    Skipped,
}

const SKIPPED_DIRS: &[&str] = &[
    "test",
    "tests",
    "__tests__",
    "spec",
    "specs",
    "e2e",
    "fixtures",
    "fixture",
    "__fixtures__",
    "testdata",
    "test_data",
    "test-data",
    "__mocks__",
    "mocks",
    "seeders",
    "seeds",
    "seed",
    "migrations",
    "examples",
    "example",
    "samples",
    "cypress",
    "playwright",
];

/// Where `path` (of class `class`) sits for the hygiene scans.
pub fn place_of(path: &str, class: FileClass) -> Place {
    if matches!(
        class,
        FileClass::Test | FileClass::Migration | FileClass::Generated | FileClass::Lockfile
    ) {
        return Place::Skipped;
    }
    let lower = path.to_ascii_lowercase();
    let mut segs: Vec<&str> = lower.split('/').collect();
    let name = segs.pop().unwrap_or("");
    if segs.iter().any(|d| SKIPPED_DIRS.contains(d)) {
        return Place::Skipped;
    }
    if name.starts_with("seed")
        || name.contains(".test.")
        || name.contains(".spec.")
        || matches!(name, ".env.test" | ".env.testing" | ".env.ci")
    {
        return Place::Skipped;
    }
    if [
        ".example",
        ".sample",
        ".template",
        ".dist",
        ".tmpl",
        ".defaults",
    ]
    .iter()
    .any(|m| name.contains(m))
        || name.starts_with("example.")
        || name.starts_with("sample.")
        || name == "env.example"
    {
        return Place::Example;
    }
    if segs.contains(&"scripts") {
        return Place::Scripts;
    }
    Place::App
}

/// One judged match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Rule id (stable; part of the fingerprint).
    pub rule: &'static str,
    /// What was found, e.g. "Stripe live secret key".
    pub kind: &'static str,
    pub path: String,
    pub line: u32,
    /// A short prefix and an ellipsis: the only part of the secret ever shown.
    pub redacted: String,
    /// Why it is only a note (None: a violation).
    pub note: Option<&'static str>,
    pub place: Place,
}

impl Finding {
    /// `path:rule:line`: how suppressions and baselines name a finding.
    pub fn fingerprint(&self) -> String {
        format!("{}:{}:{}", self.path, self.rule, self.line)
    }

    fn evidence(&self) -> Evidence {
        let mut detail = format!("{} {}(redacted) [{}]", self.kind, self.redacted, self.rule);
        if let Some(why) = self.note {
            detail = format!("note: {detail}: {why}");
        } else if self.place == Place::Scripts {
            detail.push_str(" under scripts/, reported apart");
        }
        Evidence::at(self.path.clone(), self.line, detail)
    }
}

/// What the SEC-01 scan found.
#[derive(Debug, Default)]
pub struct SecretScan {
    /// Violations: application findings first, then those under scripts/.
    pub violations: Vec<Finding>,
    pub notes: Vec<Finding>,
    /// Matches in tests, fixtures, seeders, migrations and examples, not judged.
    pub skipped: usize,
    /// Violations silenced by an inline `infragap:allow SEC-01 reason`.
    pub allowed: usize,
    /// Files the rules read.
    pub files: usize,
}

/// `(path, line, control)` of inline `infragap:allow <ID>` comments.
fn allow_comments(cx: &EvalCtx) -> HashSet<(String, u32, String)> {
    let i = rules::rules().len();
    cx.own_hits(COMMITTED_SECRETS.id, i)
        .iter()
        .filter_map(|h| {
            let id = h
                .matched
                .split_whitespace()
                .nth(1)?
                .trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
            Some((h.path.clone(), h.line, id.to_ascii_uppercase()))
        })
        .collect()
}

/// True when an `infragap:allow <control>` comment sits on the hit's line or the one above.
fn is_allowed(allows: &HashSet<(String, u32, String)>, hit: &Hit, control: &str) -> bool {
    let key = |line: u32| (hit.path.clone(), line, control.to_string());
    allows.contains(&key(hit.line)) || (hit.line > 1 && allows.contains(&key(hit.line - 1)))
}

/// Judges every secret-rule hit.
pub fn scan_secrets(cx: &EvalCtx) -> SecretScan {
    let allows = allow_comments(cx);
    let mut out = SecretScan {
        files: cx
            .inv
            .files
            .iter()
            .filter(|f| {
                f.readable
                    && SCAN_CLASSES.contains(&f.class)
                    && place_of(&f.path, f.class) != Place::Skipped
            })
            .count(),
        ..Default::default()
    };
    // One finding per line: the first rule that judges a line wins (provider
    // rules come before the generic ones in rules.toml).
    let mut seen: HashSet<(String, u32)> = HashSet::new();
    let mut scripts = Vec::new();
    for (i, rule) in rules::rules().iter().enumerate() {
        for hit in cx.own_hits(COMMITTED_SECRETS.id, i) {
            let class = cx.inv.get(&hit.path).map_or(FileClass::Other, |f| f.class);
            let place = place_of(&hit.path, class);
            if place == Place::Skipped {
                out.skipped += 1;
                continue;
            }
            if rule.generic && (place == Place::Example || class == FileClass::Doc) {
                continue;
            }
            let (secret, kind, note) = match rules::judge(rule, &hit.matched, &hit.snippet) {
                Verdict::Dismissed => continue,
                Verdict::Violation { secret, kind } => (secret, kind, None),
                Verdict::Note { secret, why } => (secret, None, Some(why)),
            };
            if !seen.insert((hit.path.clone(), hit.line)) {
                continue;
            }
            let finding = Finding {
                rule: rule.id.as_str(),
                kind: kind.unwrap_or(rule.description.as_str()),
                path: hit.path.clone(),
                line: hit.line,
                redacted: rules::redact(&secret, rule.generic),
                note,
                place,
            };
            if note.is_some() {
                out.notes.push(finding);
            } else if is_allowed(&allows, hit, "SEC-01") {
                out.allowed += 1;
            } else if place == Place::Scripts {
                scripts.push(finding);
            } else {
                out.violations.push(finding);
            }
        }
    }
    let order = |a: &Finding, b: &Finding| (&a.path, a.line).cmp(&(&b.path, b.line));
    out.violations.sort_by(order);
    scripts.sort_by(order);
    out.violations.extend(scripts);
    out.notes.sort_by(order);
    out
}

/// The listed findings plus a summary line when there are more.
fn violation_evidence(findings: &[Finding], what: &str) -> Vec<Evidence> {
    let mut ev: Vec<Evidence> = findings
        .iter()
        .take(MAX_LISTED)
        .map(Finding::evidence)
        .collect();
    if findings.len() > MAX_LISTED {
        let files: HashSet<&str> = findings.iter().map(|f| f.path.as_str()).collect();
        let scripts = findings
            .iter()
            .filter(|f| f.place == Place::Scripts)
            .count();
        ev.push(Evidence::file(
            ".",
            format!(
                "{} {what} in {} files in total ({scripts} under scripts/)",
                findings.len(),
                files.len()
            ),
        ));
    }
    ev
}

fn secret_patterns() -> Vec<PatternSpec> {
    let mut specs: Vec<PatternSpec> = rules::rules()
        .iter()
        .map(|r| PatternSpec {
            regex: r.regex_src.clone(),
            glob: r.path.clone(),
            classes: SCAN_CLASSES.to_vec(),
            inventory: true,
        })
        .collect();
    specs.push(PatternSpec {
        regex: r"infragap:allow[ \t]+[A-Za-z]{2,4}-[0-9]{2}".into(),
        glob: None,
        classes: SCAN_CLASSES.to_vec(),
        inventory: true,
    });
    specs
}

pub const COMMITTED_SECRETS: Analyzer = Analyzer {
    id: "committed_secrets",
    version: 1,
    patterns: secret_patterns,
    question: "Does a tracked file hold a live credential (known key formats, private keys, service-role JWTs, real values in .env files)?",
    run: |cx| {
        let scan = scan_secrets(cx);
        Outcome::yes(violation_evidence(&scan.violations, "live credentials"))
    },
};

pub const NO_COMMITTED_SECRETS: Analyzer = Analyzer {
    id: "no_committed_secrets",
    version: 1,
    patterns: super::no_patterns,
    question: "Was every tracked text file checked against the secret rules without a live credential found?",
    run: |cx| {
        let scan = scan_secrets(cx);
        if !scan.violations.is_empty() {
            return Outcome::no();
        }
        let mut summary = format!(
            "scanned {} files with {} secret rules: no live credential",
            scan.files,
            rules::rules().len()
        );
        if scan.skipped > 0 {
            summary.push_str(&format!(
                "; {} matches in tests, fixtures, seeders, migrations and examples not judged",
                scan.skipped
            ));
        }
        if scan.allowed > 0 {
            summary.push_str(&format!(
                "; {} silenced by infragap:allow SEC-01",
                scan.allowed
            ));
        }
        let mut ev = vec![Evidence::file(".", summary)];
        ev.extend(scan.notes.iter().take(MAX_LISTED).map(Finding::evidence));
        Outcome::yes(ev)
    },
};

pub const CLIENT_EXPOSED_SECRETS: Analyzer = Analyzer {
    id: "client_exposed_secrets",
    version: 1,
    patterns: client::patterns,
    question: "Does a server-only secret reach browser code (a client-prefixed variable named like a secret, or a secret read in a 'use client' file)?",
    run: |cx| {
        let scan = client::scan(cx, &allow_comments(cx));
        Outcome::yes(client::violation_evidence(&scan))
    },
};

pub const NO_CLIENT_EXPOSED_SECRETS: Analyzer = Analyzer {
    id: "no_client_exposed_secrets",
    version: 1,
    patterns: super::no_patterns,
    question: "Were the client-exposed variables and client components checked without a server secret found?",
    run: |cx| {
        let scan = client::scan(cx, &allow_comments(cx));
        if !scan.violations.is_empty() {
            return Outcome::no();
        }
        Outcome::yes(vec![client::clean_evidence(&scan)])
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_hygiene_ruling() {
        use FileClass::*;
        assert_eq!(place_of("src/pay.ts", Source), Place::App);
        assert_eq!(place_of(".env", Config), Place::App);
        assert_eq!(place_of(".env.example", Config), Place::Example);
        assert_eq!(place_of("apps/web/.env.sample", Config), Place::Example);
        assert_eq!(place_of("config/app.template.json", Config), Place::Example);
        assert_eq!(place_of("scripts/seed-stripe.js", Source), Place::Skipped);
        assert_eq!(place_of("scripts/deploy.sh", Source), Place::Scripts);
        assert_eq!(place_of("tests/fixtures/.env", Config), Place::Skipped);
        assert_eq!(place_of("src/app.test.ts", Test), Place::Skipped);
        assert_eq!(place_of("db/migrations/001.sql", Migration), Place::Skipped);
        assert_eq!(place_of("examples/demo/main.py", Source), Place::Skipped);
        assert_eq!(
            place_of("backend/seeders/users.php", Source),
            Place::Skipped
        );
        assert_eq!(place_of(".env.test", Config), Place::Skipped);
    }
}
