//! The CI gate (`infragap check`), baselines (`infragap baseline`) and the
//! comparison of two reports (`infragap diff`).
//!
//! The gate reads the finished scan and decides; it never recomputes a
//! score. Its conditions: no open gap at or above a priority (`fail_on`), a
//! completeness floor (`min_score`), a maturity floor (`min_level`). With a
//! baseline, gaps the baseline already holds are accepted and only new gaps
//! and regressions count against `fail_on`.

pub mod baseline;
pub mod diff;
mod markdown;
pub mod render;

use std::path::PathBuf;

use serde::Serialize;

use crate::assess::summary::Posture;
use crate::config::Config;
use crate::engine::Priority;
use crate::evidence::Evidence;
use crate::rules::Status;

pub use baseline::{ControlState, LoadError, Snapshot, SnapshotKind};

/// Version of the JSON that `check --format json` and `diff --format json` write.
pub const OUTPUT_VERSION: u32 = 1;

/// Gate values given on the command line (they win over `[check]`).
#[derive(Debug, Clone, Default)]
pub struct GateFlags {
    pub fail_on: Option<Priority>,
    pub min_score: Option<u8>,
    pub min_level: Option<u8>,
    pub baseline: Option<PathBuf>,
}

/// A threshold and where it came from (`--fail-on`, `infragap.toml:12`, `default`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threshold<T> {
    pub value: T,
    pub source: String,
}

/// The baseline to compare with: the path to read, as shown, and its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineSetting {
    #[serde(skip)]
    pub path: PathBuf,
    pub display: String,
    pub source: String,
}

/// The gate's settings once flags, `[check]` and defaults are merged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    pub fail_on: Option<Threshold<Priority>>,
    pub min_score: Option<Threshold<u8>>,
    pub min_level: Option<Threshold<u8>>,
    pub baseline: Option<BaselineSetting>,
}

/// Flags, then `[check]`, then defaults. With nothing set anywhere the gate
/// fails on P0 gaps; with a baseline and no `fail_on`, every new gap or
/// regression fails (the point of a baseline).
pub fn thresholds(config: Option<&Config>, flags: &GateFlags) -> Thresholds {
    fn pick<T: Copy>(
        flag: Option<T>,
        name: &str,
        from_config: Option<(T, u32)>,
        config: Option<&Config>,
    ) -> Option<Threshold<T>> {
        match (flag, from_config, config) {
            (Some(v), _, _) => Some(Threshold {
                value: v,
                source: name.to_string(),
            }),
            (None, Some((v, line)), Some(c)) => Some(Threshold {
                value: v,
                source: c.at_line(line),
            }),
            _ => None,
        }
    }
    let check = config.map(|c| &c.check);
    let mut t = Thresholds {
        fail_on: pick(
            flags.fail_on,
            "--fail-on",
            check.and_then(|c| c.fail_on),
            config,
        ),
        min_score: pick(
            flags.min_score,
            "--min-score",
            check.and_then(|c| c.min_score),
            config,
        ),
        min_level: pick(
            flags.min_level,
            "--min-level",
            check.and_then(|c| c.min_level),
            config,
        ),
        baseline: match (
            &flags.baseline,
            check.and_then(|c| c.baseline.as_ref()),
            config,
        ) {
            (Some(p), _, _) => Some(BaselineSetting {
                path: p.clone(),
                display: p.display().to_string(),
                source: "--baseline".into(),
            }),
            (None, Some(b), Some(c)) => Some(BaselineSetting {
                path: b.path.clone(),
                display: b.display.clone(),
                source: c.at_line(b.line),
            }),
            _ => None,
        },
    };
    if t.fail_on.is_none() {
        if t.baseline.is_some() {
            t.fail_on = Some(Threshold {
                value: Priority::P3,
                source: "default with a baseline: every new gap".into(),
            });
        } else if t.min_score.is_none() && t.min_level.is_none() {
            t.fail_on = Some(Threshold {
                value: Priority::P0,
                source: "default".into(),
            });
        }
    }
    t
}

/// How a gap differs from the baseline (nothing: no baseline given).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The control is not in the baseline at all (a new rule).
    NewControl,
    /// Not an open gap in the baseline: it had this status and no priority
    /// (present, n/a, or accepted there by a suppression that no longer holds).
    NewGap { was: Status },
    /// A worse status: present → partial → missing.
    StatusWorse { was: Status },
    /// Still partial, with less in place.
    FractionDropped { was: f64 },
    /// A higher priority than in the baseline.
    PriorityRose { was: Priority },
    /// Hygiene findings whose fingerprints the baseline does not hold.
    NewFindings { findings: Vec<Evidence> },
}

impl Change {
    pub fn describe(&self) -> String {
        match self {
            Change::NewControl => "not in the baseline".into(),
            Change::NewGap { was } if was.is_gap() => format!(
                "no longer accepted: {} with no priority in the baseline (suppressed or declared there)",
                was.label()
            ),
            Change::NewGap { was } => format!("new gap (was {} in the baseline)", was.label()),
            Change::StatusWorse { was } => format!("worse: was {} in the baseline", was.label()),
            Change::FractionDropped { was } => {
                format!("less in place: was {:.0}% in the baseline", was * 100.0)
            }
            Change::PriorityRose { was } => format!("priority rose from {was:?}"),
            Change::NewFindings { findings } => format!(
                "{} new finding{}",
                findings.len(),
                if findings.len() == 1 { "" } else { "s" }
            ),
        }
    }
}

/// One gap as the gate lists it.
#[derive(Debug, Clone, Serialize)]
pub struct GateGap {
    pub id: String,
    pub title: String,
    pub priority: Priority,
    pub status: Status,
    pub fraction: f64,
    pub reason: String,
    pub evidence: Vec<Evidence>,
    /// Against the baseline; empty when there is none, or when accepted.
    pub changes: Vec<Change>,
}

/// One condition of the gate.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// `fail_on`, `min_score`, `min_level`.
    pub name: &'static str,
    /// As shown: `P1`, `60%`, `3`.
    pub threshold: String,
    pub source: String,
    pub passed: bool,
    /// What was measured, in words.
    pub message: String,
}

/// The baseline as the gate report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineInfo {
    pub path: String,
    pub source: String,
    pub kind: SnapshotKind,
    pub tool_version: String,
    pub commit: Option<String>,
    pub completeness: f64,
    pub maturity_level: u8,
}

/// The gate's verdict and everything it rests on.
#[derive(Debug, Clone, Serialize)]
pub struct GateReport {
    pub kind: &'static str,
    pub schema_version: u32,
    pub passed: bool,
    pub target: String,
    pub commit: Option<String>,
    pub completeness: f64,
    pub maturity_level: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posture: Option<Posture>,
    pub posture_reason: String,
    pub conditions: Vec<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineInfo>,
    /// Open gaps that make `fail_on` fail (new or regressed ones, with a baseline).
    pub failing: Vec<GateGap>,
    /// New gaps or regressions below the `fail_on` priority: shown, not failing.
    pub below_threshold: Vec<GateGap>,
    /// Gaps the baseline already holds, unchanged or better.
    pub accepted: Vec<GateGap>,
}

/// How bad a status is, for "worse than the baseline" (unknown counts as missing).
fn badness(s: Status) -> u8 {
    match s {
        Status::Present | Status::NotApplicable => 0,
        Status::Partial => 1,
        Status::Missing | Status::Unknown => 2,
    }
}

/// What changed for an open gap since the baseline.
pub fn changes_since(now: &ControlState, base: Option<&ControlState>) -> Vec<Change> {
    let Some(base) = base else {
        return vec![Change::NewControl];
    };
    let new: Vec<Evidence> = now
        .findings
        .iter()
        .filter(|(fp, _)| !base.findings.contains_key(*fp))
        .map(|(_, e)| e.clone())
        .collect();
    let mut out = Vec::new();
    match base.priority {
        None => out.push(Change::NewGap { was: base.status }),
        Some(was_priority) => out.extend(regressions(now, base, was_priority)),
    }
    if !new.is_empty() {
        out.push(Change::NewFindings { findings: new });
    }
    out
}

/// Status, fraction and priority changes of a gap the baseline already had.
fn regressions(now: &ControlState, base: &ControlState, was_priority: Priority) -> Vec<Change> {
    let mut out = Vec::new();
    if badness(now.status) > badness(base.status) {
        out.push(Change::StatusWorse { was: base.status });
    } else if now.status == Status::Partial
        && base.status == Status::Partial
        && now.fraction + 1e-9 < base.fraction
    {
        out.push(Change::FractionDropped { was: base.fraction });
    }
    if let Some(p) = now.priority
        && p < was_priority
    {
        out.push(Change::PriorityRose { was: was_priority });
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The gate over the current scan (see [`Snapshot::from_scan`]).
pub fn evaluate(now: &Snapshot, th: &Thresholds, baseline: Option<&Snapshot>) -> GateReport {
    let mut failing = Vec::new();
    let mut below = Vec::new();
    let mut accepted = Vec::new();
    for c in now.controls.iter().filter(|c| c.is_open_gap()) {
        let priority = c.priority.expect("open gaps have a priority");
        let changes = match baseline {
            Some(b) => changes_since(c, b.control(&c.id)),
            None => Vec::new(),
        };
        // New findings are what a reviewer must look at; otherwise the control's evidence.
        let evidence = changes
            .iter()
            .find_map(|ch| match ch {
                Change::NewFindings { findings } => Some(findings.clone()),
                _ => None,
            })
            .unwrap_or_else(|| c.evidence.clone());
        let gap = GateGap {
            id: c.id.clone(),
            title: c.title.clone(),
            priority,
            status: c.status,
            fraction: c.fraction,
            reason: c.reason.clone(),
            evidence,
            changes,
        };
        if baseline.is_some() && gap.changes.is_empty() {
            accepted.push(gap);
        } else if th.fail_on.as_ref().is_some_and(|t| priority <= t.value) {
            failing.push(gap);
        } else {
            below.push(gap);
        }
    }
    for list in [&mut failing, &mut below, &mut accepted] {
        list.sort_by(|a, b| (a.priority, &a.id).cmp(&(b.priority, &b.id)));
    }

    let mut conditions = Vec::new();
    if let Some(t) = &th.fail_on {
        let scope = if baseline.is_some() {
            "new gap or regression"
        } else {
            "open gap"
        };
        let scopes = if baseline.is_some() {
            "new gaps or regressions"
        } else {
            "open gaps"
        };
        let mut message = if failing.is_empty() {
            format!("no {scope} at {:?} or above", t.value)
        } else {
            format!(
                "{} at {:?} or above",
                plural(failing.len(), scope, scopes),
                t.value
            )
        };
        if baseline.is_some() {
            message.push_str(&format!(
                "; {} accepted by the baseline",
                plural(accepted.len(), "gap", "gaps")
            ));
        }
        conditions.push(Condition {
            name: "fail_on",
            threshold: format!("{:?}", t.value),
            source: t.source.clone(),
            passed: failing.is_empty(),
            message,
        });
    }
    if let Some(t) = &th.min_score {
        let pct = now.completeness * 100.0;
        // The report rounds completeness to 0.1%; compare what it shows.
        let passed = pct + 1e-6 >= f64::from(t.value);
        conditions.push(Condition {
            name: "min_score",
            threshold: format!("{}%", t.value),
            source: t.source.clone(),
            passed,
            message: format!(
                "completeness {} (needs {}%)",
                percent(now.completeness),
                t.value
            ),
        });
    }
    if let Some(t) = &th.min_level {
        let passed = now.maturity_level >= t.value;
        let mut message = format!("maturity level {} (needs {})", now.maturity_level, t.value);
        if !passed && !now.next_level_blockers.is_empty() {
            message.push_str(&format!(
                "; level {} is blocked by {}",
                now.maturity_level + 1,
                now.next_level_blockers.join(", ")
            ));
        }
        conditions.push(Condition {
            name: "min_level",
            threshold: t.value.to_string(),
            source: t.source.clone(),
            passed,
            message,
        });
    }

    GateReport {
        kind: "infragap-check",
        schema_version: OUTPUT_VERSION,
        passed: conditions.iter().all(|c| c.passed),
        target: now.target.clone(),
        commit: now.commit.clone(),
        completeness: now.completeness,
        maturity_level: now.maturity_level,
        posture: now.posture,
        posture_reason: now.posture_reason.clone(),
        conditions,
        baseline: baseline
            .zip(th.baseline.as_ref())
            .map(|(b, s)| BaselineInfo {
                path: s.display.clone(),
                source: s.source.clone(),
                kind: b.kind,
                tool_version: b.tool_version.clone(),
                commit: b.commit.clone(),
                completeness: b.completeness,
                maturity_level: b.maturity_level,
            }),
        failing,
        below_threshold: below,
        accepted,
    }
}

/// `47%`, or `47.5%` when the tenth matters.
pub fn percent(fraction: f64) -> String {
    let p = (fraction * 1000.0).round() / 10.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn control(id: &str, status: Status, priority: Option<Priority>) -> ControlState {
        ControlState {
            id: id.into(),
            title: format!("title of {id}"),
            status,
            fraction: match status {
                Status::Present => 1.0,
                Status::Partial => 0.5,
                _ => 0.0,
            },
            priority,
            suppressed: false,
            reason: "because".into(),
            evidence: Vec::new(),
            findings: BTreeMap::new(),
        }
    }

    fn snapshot(controls: Vec<ControlState>) -> Snapshot {
        let mut controls = controls;
        controls.sort_by(|a, b| a.id.cmp(&b.id));
        Snapshot {
            kind: SnapshotKind::Scan,
            target: ".".into(),
            tool_version: "0".into(),
            commit: None,
            completeness: 0.475,
            maturity_level: 2,
            next_level_blockers: vec!["DEL-06".into()],
            posture: Some(Posture::Critical),
            posture_reason: "r".into(),
            controls,
            analyzers: BTreeMap::new(),
        }
    }

    fn flags(fail_on: Option<Priority>, score: Option<u8>, level: Option<u8>) -> Thresholds {
        thresholds(
            None,
            &GateFlags {
                fail_on,
                min_score: score,
                min_level: level,
                baseline: None,
            },
        )
    }

    #[test]
    fn fail_on_counts_open_gaps_at_or_above_the_priority() {
        let now = snapshot(vec![
            control("A-01", Status::Missing, Some(Priority::P1)),
            control("B-01", Status::Partial, Some(Priority::P3)),
            control("C-01", Status::Present, None),
        ]);
        let r = evaluate(&now, &flags(Some(Priority::P1), None, None), None);
        assert!(!r.passed);
        assert_eq!(r.failing.len(), 1);
        assert_eq!(r.failing[0].id, "A-01");
        assert_eq!(r.below_threshold[0].id, "B-01");
        assert!(evaluate(&now, &flags(Some(Priority::P0), None, None), None).passed);
    }

    #[test]
    fn score_and_level_floors() {
        let now = snapshot(vec![]);
        // 47.5%: 47 passes, 48 fails.
        assert!(evaluate(&now, &flags(None, Some(47), None), None).passed);
        let r = evaluate(&now, &flags(None, Some(48), None), None);
        assert!(!r.passed);
        assert_eq!(r.conditions[0].message, "completeness 47.5% (needs 48%)");
        assert!(evaluate(&now, &flags(None, None, Some(2)), None).passed);
        let r = evaluate(&now, &flags(None, None, Some(3)), None);
        assert!(!r.passed);
        assert!(r.conditions[0].message.contains("blocked by DEL-06"));
    }

    #[test]
    fn defaults_p0_alone_and_every_gap_with_a_baseline() {
        let t = flags(None, None, None);
        assert_eq!(t.fail_on.unwrap().value, Priority::P0);
        assert!(flags(None, Some(10), None).fail_on.is_none());
        let t = thresholds(
            None,
            &GateFlags {
                baseline: Some("b.json".into()),
                ..Default::default()
            },
        );
        assert_eq!(t.fail_on.unwrap().value, Priority::P3);
    }

    #[test]
    fn config_values_and_flags_that_win() {
        let c = Config::parse(
            "infragap.toml",
            PathBuf::from("."),
            "[check]\nfail_on = \"p2\"\nmin_score = 50\n",
        )
        .unwrap();
        let t = thresholds(Some(&c), &GateFlags::default());
        assert_eq!(
            t.fail_on,
            Some(Threshold {
                value: Priority::P2,
                source: "infragap.toml:2".into()
            })
        );
        assert_eq!(t.min_score.as_ref().unwrap().source, "infragap.toml:3");
        let t = thresholds(
            Some(&c),
            &GateFlags {
                fail_on: Some(Priority::P0),
                ..Default::default()
            },
        );
        assert_eq!(t.fail_on.unwrap().source, "--fail-on");
        assert_eq!(t.min_score.unwrap().value, 50);
    }

    #[test]
    fn a_baseline_accepts_what_it_holds_and_names_each_regression() {
        let fp = |path: &str, line: u32| {
            let e = Evidence::at(path, line, "AWS key AKIA…")
                .with_fingerprint(format!("{path}:SEC-01:{line}"));
            (e.fingerprint.clone().unwrap(), e)
        };
        let mut sec_then = control("SEC-01", Status::Missing, Some(Priority::P0));
        sec_then.findings = [fp("a.js", 3)].into_iter().collect();
        let mut sec_now = sec_then.clone();
        sec_now.findings.extend([fp("b.js", 9)]);
        let mut part_then = control("OBS-02", Status::Partial, Some(Priority::P2));
        part_then.fraction = 0.7;
        let mut part_now = part_then.clone();
        part_now.fraction = 0.4;

        let base = snapshot(vec![
            sec_then,
            part_then,
            control("DEL-01", Status::Present, None),
            control("OBS-01", Status::Partial, Some(Priority::P2)),
            control("TST-04", Status::Missing, Some(Priority::P3)),
            // Accepted there by a suppression (a gap with no priority).
            control("SUP-01", Status::Missing, None),
        ]);
        let now = snapshot(vec![
            control("SUP-01", Status::Missing, Some(Priority::P2)),
            sec_now,
            part_now,
            control("DEL-01", Status::Missing, Some(Priority::P0)),
            control("OBS-01", Status::Missing, Some(Priority::P1)),
            control("TST-04", Status::Missing, Some(Priority::P3)),
            control("NEW-01", Status::Missing, Some(Priority::P3)),
        ]);
        let t = thresholds(
            None,
            &GateFlags {
                baseline: Some("b.json".into()),
                ..Default::default()
            },
        );
        let r = evaluate(&now, &t, Some(&base));
        assert!(!r.passed);
        let by_id: BTreeMap<&str, &GateGap> =
            r.failing.iter().map(|g| (g.id.as_str(), g)).collect();
        assert_eq!(
            by_id["DEL-01"].changes,
            vec![Change::NewGap {
                was: Status::Present
            }]
        );
        assert_eq!(
            by_id["OBS-01"].changes,
            vec![
                Change::StatusWorse {
                    was: Status::Partial
                },
                Change::PriorityRose { was: Priority::P2 }
            ]
        );
        assert_eq!(
            by_id["OBS-02"].changes,
            vec![Change::FractionDropped { was: 0.7 }]
        );
        assert_eq!(by_id["NEW-01"].changes, vec![Change::NewControl]);
        let reopened = &by_id["SUP-01"].changes;
        assert_eq!(
            *reopened,
            vec![Change::NewGap {
                was: Status::Missing
            }]
        );
        assert!(reopened[0].describe().starts_with("no longer accepted"));
        let Change::NewFindings { findings } = &by_id["SEC-01"].changes[0] else {
            panic!("{:?}", by_id["SEC-01"].changes)
        };
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].location(), "b.js:9");
        assert_eq!(by_id["SEC-01"].evidence, *findings);
        assert_eq!(r.accepted.len(), 1);
        assert_eq!(r.accepted[0].id, "TST-04");

        // The same state as the baseline passes.
        assert!(evaluate(&base, &t, Some(&base)).passed);
    }

    #[test]
    fn percent_shows_the_tenth_only_when_it_matters() {
        assert_eq!(percent(0.47), "47%");
        assert_eq!(percent(0.475), "47.5%");
        assert_eq!(percent(1.0), "100%");
    }
}
