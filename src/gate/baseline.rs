//! The comparable state of one scan ([`Snapshot`]), read from a live scan, a
//! JSON report (`scan --format json`) or a baseline file, and the baseline
//! file itself (`infragap baseline -o FILE`).
//!
//! A baseline is a subset of the JSON report with the same field names
//! (`schema_version`, `tool`, `target.commit`, `summary`, `controls[]` with
//! `id`, `status`, `fraction`, `priority`, `fingerprints`), tagged with
//! `"kind": "infragap-baseline"`; one reader takes both. It holds no
//! evidence text, so no secret, not even redacted, ends up in it; the order
//! is deterministic (controls by id, fingerprints sorted) so it diffs well
//! when committed.
//!
//! Findings are matched by fingerprint, `path:CONTROL:line`: a finding that
//! moves to another line reads as one resolved and one new, and fails the
//! gate until the baseline is written again (or the finding suppressed).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::assess::summary::Posture;
use crate::config::parse_priority;
use crate::engine::Priority;
use crate::evidence::{Evidence, sanitize_snippet};
use crate::report::json::SCHEMA_VERSION;
use crate::rules::Status;
use crate::scan::ScanOutput;

/// `kind` of a baseline file (a JSON report has no `kind`).
pub const BASELINE_KIND: &str = "infragap-baseline";
/// The baseline format's version.
pub const BASELINE_VERSION: u32 = 1;
/// Largest file read as a report or baseline (a report of a huge repository
/// with every finding is a few MB).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What a snapshot was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotKind {
    /// A scan run now.
    Scan,
    /// A JSON report.
    Report,
    /// A baseline file.
    Baseline,
}

/// One scan, reduced to what a gate or a diff compares.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub kind: SnapshotKind,
    /// The scanned path as the report shows it (empty for a baseline).
    pub target: String,
    pub tool_version: String,
    pub commit: Option<String>,
    /// 0–1, as in the report.
    pub completeness: f64,
    pub maturity_level: u8,
    pub next_level_blockers: Vec<String>,
    pub posture: Option<Posture>,
    pub posture_reason: String,
    /// Sorted by id, ids unique.
    pub controls: Vec<ControlState>,
    /// Analyzer id → version (empty for a baseline).
    pub analyzers: BTreeMap<String, u32>,
}

#[derive(Debug, Clone)]
pub struct ControlState {
    pub id: String,
    /// Empty when read from a baseline.
    pub title: String,
    pub status: Status,
    pub fraction: f64,
    /// None: not a gap, or a gap accepted by a suppression.
    pub priority: Option<Priority>,
    pub suppressed: bool,
    pub reason: String,
    pub evidence: Vec<Evidence>,
    /// Hygiene findings by fingerprint, with their evidence (from the
    /// report's evidence when it shows them, else located from the
    /// fingerprint itself).
    pub findings: BTreeMap<String, Evidence>,
}

impl ControlState {
    /// A gap that counts: a missing, partial or unknown control not accepted
    /// by a suppression (suppressed gaps have no priority).
    pub fn is_open_gap(&self) -> bool {
        self.priority.is_some()
    }
}

impl Snapshot {
    pub fn control(&self, id: &str) -> Option<&ControlState> {
        self.controls
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.controls[i])
    }

    /// The state of a scan just run: every finding of hygiene controls
    /// (not only the few the report shows).
    pub fn from_scan(out: &ScanOutput) -> Snapshot {
        let sm = &out.assessment.summary;
        let mut controls: Vec<ControlState> = out
            .results
            .iter()
            .map(|r| ControlState {
                id: r.id.clone(),
                title: r.title.clone(),
                status: r.status,
                fraction: r.fraction,
                priority: r.priority,
                suppressed: r.suppressed.is_some(),
                reason: r.reason.clone(),
                evidence: r.evidence.clone(),
                findings: r
                    .findings
                    .iter()
                    .filter_map(|e| Some((e.fingerprint.clone()?, e.clone())))
                    .collect(),
            })
            .collect();
        controls.sort_by(|a, b| a.id.cmp(&b.id));
        Snapshot {
            kind: SnapshotKind::Scan,
            target: out.target.clone(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            commit: out.commit.clone(),
            completeness: sm.completeness,
            maturity_level: sm.maturity_level,
            next_level_blockers: sm.next_level_blockers.clone(),
            posture: Some(sm.posture),
            posture_reason: sm.posture_reason.clone(),
            controls,
            analyzers: crate::analyzers::ANALYZERS
                .iter()
                .map(|a| (a.id.to_string(), a.version))
                .collect(),
        }
    }

    /// Reads a JSON report or a baseline file.
    pub fn load(path: &Path) -> Result<Snapshot, LoadError> {
        let shown = path.display().to_string();
        let err = |msg: String| LoadError {
            path: shown.clone(),
            message: msg,
        };
        let meta = std::fs::metadata(path).map_err(|e| err(format!("cannot read it: {e}")))?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(err(format!(
                "it is {} bytes, more than a report can be ({MAX_FILE_BYTES})",
                meta.len()
            )));
        }
        let text =
            std::fs::read_to_string(path).map_err(|e| err(format!("cannot read it: {e}")))?;
        Snapshot::parse(&text).map_err(err)
    }

    /// Parses the text of a JSON report or a baseline; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Snapshot, String> {
        // The version first: a file of another version may not have the
        // fields this one expects, and its error should say so.
        let head: Head = serde_json::from_str(text)
            .map_err(|e| format!("not an infragap JSON report or baseline: {e}"))?;
        let kind = match head.kind.as_deref() {
            None => SnapshotKind::Report,
            Some(BASELINE_KIND) => SnapshotKind::Baseline,
            Some(other) => {
                return Err(format!(
                    "`kind` is {:?}: neither a JSON report (no kind) nor a baseline ({BASELINE_KIND:?})",
                    sanitize_snippet(other, 60)
                ));
            }
        };
        let (what, expected) = match kind {
            SnapshotKind::Baseline => ("baseline", BASELINE_VERSION),
            _ => ("JSON report", SCHEMA_VERSION),
        };
        match head.schema_version {
            None => {
                return Err(format!(
                    "no `schema_version`: not an infragap {what} (write one with `infragap {}`)",
                    if kind == SnapshotKind::Baseline {
                        "baseline -o FILE"
                    } else {
                        "scan --format json -o FILE"
                    }
                ));
            }
            Some(v) if v < expected => {
                return Err(format!(
                    "{what} schema_version {v} is older than this infragap reads ({expected}); write it again with this version"
                ));
            }
            Some(v) if v > expected => {
                return Err(format!(
                    "{what} schema_version {v} comes from a newer infragap (this one reads {expected}); upgrade infragap"
                ));
            }
            Some(_) => {}
        }
        let file: FileIn = serde_json::from_str(text)
            .map_err(|e| format!("a {what} of schema_version {expected}, but malformed: {e}"))?;
        file.into_snapshot(kind)
    }

    /// The baseline file: pretty JSON with a trailing newline.
    pub fn to_baseline_json(&self) -> String {
        let b = BaselineOut {
            kind: BASELINE_KIND,
            schema_version: BASELINE_VERSION,
            tool: ToolOut {
                name: "infragap",
                version: &self.tool_version,
            },
            target: TargetOut {
                commit: self.commit.as_deref(),
            },
            summary: SummaryOut {
                completeness: self.completeness,
                maturity_level: self.maturity_level,
                posture: self.posture,
            },
            controls: self
                .controls
                .iter()
                .map(|c| ControlOut {
                    id: &c.id,
                    status: c.status,
                    fraction: c.fraction,
                    priority: c.priority,
                    fingerprints: c.findings.keys().map(String::as_str).collect(),
                })
                .collect(),
        };
        let mut s = serde_json::to_string_pretty(&b).expect("baseline serialises");
        s.push('\n');
        s
    }
}

/// A report or baseline that could not be used: exit code 2.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for LoadError {}

/// `path:CONTROL:line` back into a location, for findings whose evidence
/// the report did not show (it shows the first few).
fn located(fingerprint: &str) -> Evidence {
    let mut parts = fingerprint.rsplitn(3, ':');
    let line = parts.next().and_then(|l| l.parse::<u32>().ok());
    let _rule = parts.next();
    match (line, parts.next()) {
        (Some(line), Some(path)) => Evidence::at(path, line, ""),
        _ => Evidence::file(sanitize_snippet(fingerprint, 300), ""),
    }
    .with_fingerprint(fingerprint)
}

// ---- reading ----

#[derive(Deserialize)]
struct Head {
    kind: Option<String>,
    schema_version: Option<u32>,
}

#[derive(Deserialize)]
struct FileIn {
    #[serde(default)]
    tool: Option<ToolIn>,
    #[serde(default)]
    target: Option<TargetIn>,
    summary: SummaryIn,
    controls: Vec<ControlIn>,
    #[serde(default)]
    analyzers: Vec<AnalyzerIn>,
}

#[derive(Deserialize)]
struct ToolIn {
    #[serde(default)]
    version: String,
}

#[derive(Deserialize)]
struct TargetIn {
    #[serde(default)]
    path: String,
    #[serde(default)]
    commit: Option<String>,
}

#[derive(Deserialize)]
struct SummaryIn {
    completeness: f64,
    maturity_level: u8,
    #[serde(default)]
    next_level_blockers: Vec<String>,
    #[serde(default)]
    posture: Option<String>,
    #[serde(default)]
    posture_reason: String,
}

#[derive(Deserialize)]
struct ControlIn {
    id: String,
    #[serde(default)]
    title: String,
    status: String,
    #[serde(default)]
    fraction: f64,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    suppressed: Option<IgnoredAny>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    evidence: Vec<EvidenceIn>,
    #[serde(default)]
    fingerprints: Vec<String>,
}

#[derive(Deserialize)]
struct EvidenceIn {
    path: String,
    #[serde(default)]
    line: Option<u32>,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    fingerprint: Option<String>,
}

#[derive(Deserialize)]
struct AnalyzerIn {
    id: String,
    version: u32,
}

fn parse_posture(s: &str) -> Option<Posture> {
    Some(match s {
        "critical" => Posture::Critical,
        "high" => Posture::High,
        "moderate" => Posture::Moderate,
        "low" => Posture::Low,
        _ => return None,
    })
}

impl FileIn {
    fn into_snapshot(self, kind: SnapshotKind) -> Result<Snapshot, String> {
        let s = &self.summary;
        if !(0.0..=1.0).contains(&s.completeness) {
            return Err(format!(
                "summary.completeness {} is outside 0–1",
                s.completeness
            ));
        }
        if !(1..=5).contains(&s.maturity_level) {
            return Err(format!(
                "summary.maturity_level {} is outside 1–5",
                s.maturity_level
            ));
        }
        let posture = match &s.posture {
            None => None,
            Some(p) => Some(parse_posture(p).ok_or_else(|| {
                format!(
                    "summary.posture {:?} is not a posture",
                    sanitize_snippet(p, 40)
                )
            })?),
        };
        let mut controls = Vec::with_capacity(self.controls.len());
        for c in self.controls {
            controls.push(c.into_state()?);
        }
        controls.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(w) = controls.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(format!("control {} appears twice", w[0].id));
        }
        let (target, commit) = match self.target {
            Some(t) => (
                sanitize_snippet(&t.path, 300),
                t.commit.map(|c| sanitize_snippet(&c, 64)),
            ),
            None => (String::new(), None),
        };
        Ok(Snapshot {
            kind,
            target,
            tool_version: self
                .tool
                .map(|t| sanitize_snippet(&t.version, 40))
                .unwrap_or_default(),
            commit,
            completeness: self.summary.completeness,
            maturity_level: self.summary.maturity_level,
            next_level_blockers: self
                .summary
                .next_level_blockers
                .iter()
                .map(|b| sanitize_snippet(b, 40))
                .collect(),
            posture,
            posture_reason: sanitize_snippet(&self.summary.posture_reason, 300),
            controls,
            analyzers: self
                .analyzers
                .into_iter()
                .map(|a| (sanitize_snippet(&a.id, 80), a.version))
                .collect(),
        })
    }
}

impl ControlIn {
    fn into_state(self) -> Result<ControlState, String> {
        let id = sanitize_snippet(&self.id, 40);
        if id.is_empty() {
            return Err("a control has an empty id".into());
        }
        let status = Status::parse(&self.status).ok_or_else(|| {
            format!(
                "control {id}: status {:?} is not one of present, partial, missing, unknown, n/a",
                sanitize_snippet(&self.status, 40)
            )
        })?;
        let priority = match &self.priority {
            None => None,
            Some(p) => Some(parse_priority(p).ok_or_else(|| {
                format!(
                    "control {id}: priority {:?} is not P0–P3",
                    sanitize_snippet(p, 40)
                )
            })?),
        };
        if !(0.0..=1.0).contains(&self.fraction) {
            return Err(format!(
                "control {id}: fraction {} is outside 0–1",
                self.fraction
            ));
        }
        let evidence: Vec<Evidence> = self
            .evidence
            .into_iter()
            .map(|e| {
                let ev = Evidence::new(sanitize_snippet(&e.path, 300), e.line, e.detail);
                match e.fingerprint {
                    Some(fp) => ev.with_fingerprint(fp),
                    None => ev,
                }
            })
            .collect();
        let mut findings = BTreeMap::new();
        // A report shows some findings as evidence; older reports list no
        // `fingerprints`, so the evidence is all there is.
        for e in &evidence {
            if let Some(fp) = &e.fingerprint {
                findings.insert(fp.clone(), e.clone());
            }
        }
        for fp in self.fingerprints {
            let fp = sanitize_snippet(&fp, 300);
            if !fp.is_empty() && !findings.contains_key(&fp) {
                findings.insert(fp.clone(), located(&fp));
            }
        }
        Ok(ControlState {
            id,
            title: sanitize_snippet(&self.title, 200),
            status,
            fraction: self.fraction,
            priority,
            suppressed: self.suppressed.is_some(),
            reason: sanitize_snippet(&self.reason, 300),
            evidence,
            findings,
        })
    }
}

// ---- writing ----

#[derive(Serialize)]
struct BaselineOut<'a> {
    kind: &'static str,
    schema_version: u32,
    tool: ToolOut<'a>,
    target: TargetOut<'a>,
    summary: SummaryOut,
    controls: Vec<ControlOut<'a>>,
}

#[derive(Serialize)]
struct ToolOut<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct TargetOut<'a> {
    commit: Option<&'a str>,
}

#[derive(Serialize)]
struct SummaryOut {
    completeness: f64,
    maturity_level: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    posture: Option<Posture>,
}

#[derive(Serialize)]
struct ControlOut<'a> {
    id: &'a str,
    status: Status,
    fraction: f64,
    priority: Option<Priority>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fingerprints: Vec<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = r#"{
      "schema_version": 1,
      "tool": {"name": "infragap", "version": "0.1.0"},
      "target": {"path": "repo", "commit": "abc"},
      "summary": {"completeness": 0.5, "maturity_level": 2, "posture": "critical",
                  "posture_reason": "1 critical control(s) missing (P0)", "next_level_blockers": ["SEC-01"]},
      "controls": [
        {"id": "SEC-01", "title": "No committed secrets", "status": "missing", "fraction": 0.0,
         "priority": "P0", "reason": "secrets", "applies": true,
         "evidence": [{"path": "a.js", "line": 3, "detail": "AWS key AKIA…", "fingerprint": "a.js:SEC-01:3"}],
         "fingerprints": ["a.js:SEC-01:3", "b:c.js:SEC-01:9"]},
        {"id": "DEL-01", "title": "CI", "status": "present", "fraction": 1.0, "priority": null,
         "reason": "ci", "evidence": []}
      ],
      "analyzers": [{"id": "secrets", "version": 2}]
    }"#;

    #[test]
    fn a_report_reads_with_every_fingerprint() {
        let s = Snapshot::parse(REPORT).unwrap();
        assert_eq!(s.kind, SnapshotKind::Report);
        assert_eq!(s.controls[0].id, "DEL-01");
        let sec = s.control("SEC-01").unwrap();
        assert_eq!(sec.priority, Some(Priority::P0));
        assert_eq!(sec.findings.len(), 2);
        assert_eq!(sec.findings["a.js:SEC-01:3"].detail, "AWS key AKIA…");
        // A path holding a colon still locates.
        assert_eq!(sec.findings["b:c.js:SEC-01:9"].location(), "b:c.js:9");
        assert_eq!(s.analyzers["secrets"], 2);
    }

    #[test]
    fn a_baseline_round_trips_without_evidence_text() {
        let s = Snapshot::parse(REPORT).unwrap();
        let text = s.to_baseline_json();
        assert!(!text.contains("AKIA"), "{text}");
        assert!(text.contains(BASELINE_KIND));
        let b = Snapshot::parse(&text).unwrap();
        assert_eq!(b.kind, SnapshotKind::Baseline);
        let sec = b.control("SEC-01").unwrap();
        assert_eq!(sec.findings.len(), 2);
        assert_eq!(sec.status, Status::Missing);
        assert_eq!(b.completeness, 0.5);
        // Deterministic: writing it again gives the same bytes.
        assert_eq!(b.to_baseline_json(), text);
    }

    #[test]
    fn versions_and_shapes_are_checked() {
        let older = REPORT.replace("\"schema_version\": 1", "\"schema_version\": 0");
        assert!(Snapshot::parse(&older).unwrap_err().contains("older"));
        let newer = REPORT.replace("\"schema_version\": 1", "\"schema_version\": 7");
        assert!(Snapshot::parse(&newer).unwrap_err().contains("newer"));
        let none = REPORT.replace("\"schema_version\": 1,", "");
        assert!(
            Snapshot::parse(&none)
                .unwrap_err()
                .contains("no `schema_version`")
        );
        assert!(
            Snapshot::parse("[1, 2]")
                .unwrap_err()
                .contains("not an infragap")
        );
        let bad = REPORT.replace("\"missing\"", "\"gone\"");
        assert!(
            Snapshot::parse(&bad)
                .unwrap_err()
                .contains("status \"gone\"")
        );
        let dup = REPORT.replace("\"DEL-01\"", "\"SEC-01\"");
        assert!(Snapshot::parse(&dup).unwrap_err().contains("twice"));
    }
}
