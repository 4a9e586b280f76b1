//! `infragap diff OLD NEW`: what changed between two scans, from their JSON
//! reports (or baselines): statuses, gaps opened and closed, completeness,
//! level and posture, hygiene findings by fingerprint, and detectors whose
//! version changed (so a change in infragap is not read as a change in the
//! repository).

use serde::Serialize;

use super::baseline::{ControlState, Snapshot, SnapshotKind};
use crate::assess::summary::Posture;
use crate::engine::Priority;
use crate::evidence::Evidence;
use crate::rules::Status;

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The file as given.
    pub file: String,
    pub kind: SnapshotKind,
    pub tool_version: String,
    pub commit: Option<String>,
    pub completeness: f64,
    pub maturity_level: u8,
    pub posture: Option<Posture>,
    /// Open gaps per priority, P0 to P3.
    pub gaps: [usize; 4],
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub id: String,
    pub title: String,
    /// None: the control is only in the other report.
    pub from: Option<Status>,
    pub to: Option<Status>,
    pub from_fraction: f64,
    pub to_fraction: f64,
    /// The newer report's reason (the older one's when the control is gone).
    pub reason: String,
    pub better: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffGap {
    pub id: String,
    pub title: String,
    /// The gap's priority (for a closed gap, the one it had).
    pub priority: Priority,
    /// The status now (for a closed gap: what closed it, `present`, `n/a`,
    /// or still a gap accepted by a suppression).
    pub status: Option<Status>,
    pub fraction: f64,
    pub suppressed: bool,
    pub reason: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityChange {
    pub id: String,
    pub title: String,
    pub from: Priority,
    pub to: Priority,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub control: String,
    pub fingerprint: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Serialize)]
pub struct DetectorChange {
    pub analyzer: String,
    pub from: Option<u32>,
    pub to: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub kind: &'static str,
    pub schema_version: u32,
    pub old: Side,
    pub new: Side,
    /// Percentage points, new − old.
    pub completeness_delta: f64,
    pub level_delta: i16,
    /// -1 better, 0 same, 1 worse (None when a side has no posture).
    pub posture_change: Option<i8>,
    pub status_changes: Vec<StatusChange>,
    pub new_gaps: Vec<DiffGap>,
    pub closed_gaps: Vec<DiffGap>,
    pub priority_changes: Vec<PriorityChange>,
    pub new_findings: Vec<Finding>,
    pub resolved_findings: Vec<Finding>,
    pub detector_changes: Vec<DetectorChange>,
}

impl Diff {
    /// Nothing a reader needs to look at changed.
    pub fn is_empty(&self) -> bool {
        self.status_changes.is_empty()
            && self.new_gaps.is_empty()
            && self.closed_gaps.is_empty()
            && self.priority_changes.is_empty()
            && self.new_findings.is_empty()
            && self.resolved_findings.is_empty()
            && self.completeness_delta.abs() < 1e-9
            && self.level_delta == 0
    }
}

fn badness(s: Status) -> u8 {
    match s {
        Status::Present => 0,
        Status::NotApplicable => 0,
        Status::Partial => 1,
        Status::Missing | Status::Unknown => 2,
    }
}

fn posture_rank(p: Posture) -> i8 {
    match p {
        Posture::Low => 0,
        Posture::Moderate => 1,
        Posture::High => 2,
        Posture::Critical => 3,
    }
}

fn side(file: &str, s: &Snapshot) -> Side {
    let mut gaps = [0; 4];
    for p in s.controls.iter().filter_map(|c| c.priority) {
        gaps[p as usize] += 1;
    }
    Side {
        file: file.to_string(),
        kind: s.kind,
        tool_version: s.tool_version.clone(),
        commit: s.commit.clone(),
        completeness: s.completeness,
        maturity_level: s.maturity_level,
        posture: s.posture,
        gaps,
    }
}

fn title(a: Option<&ControlState>, b: Option<&ControlState>) -> String {
    [b, a]
        .into_iter()
        .flatten()
        .map(|c| c.title.clone())
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// Compares two snapshots; `old_file` and `new_file` are shown as given.
pub fn compare(old_file: &str, old: &Snapshot, new_file: &str, new: &Snapshot) -> Diff {
    let mut ids: Vec<&str> = old
        .controls
        .iter()
        .chain(&new.controls)
        .map(|c| c.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();

    let mut d = Diff {
        kind: "infragap-diff",
        schema_version: super::OUTPUT_VERSION,
        old: side(old_file, old),
        new: side(new_file, new),
        completeness_delta: ((new.completeness - old.completeness) * 1000.0).round() / 10.0,
        level_delta: i16::from(new.maturity_level) - i16::from(old.maturity_level),
        posture_change: old
            .posture
            .zip(new.posture)
            .map(|(a, b)| (posture_rank(b) - posture_rank(a)).signum()),
        status_changes: Vec::new(),
        new_gaps: Vec::new(),
        closed_gaps: Vec::new(),
        priority_changes: Vec::new(),
        new_findings: Vec::new(),
        resolved_findings: Vec::new(),
        detector_changes: Vec::new(),
    };

    for id in ids {
        let (a, b) = (old.control(id), new.control(id));
        let title = title(a, b);
        let status_changed = match (a, b) {
            (Some(a), Some(b)) => {
                a.status != b.status
                    || (a.status == Status::Partial && (a.fraction - b.fraction).abs() > 1e-9)
            }
            _ => true,
        };
        if status_changed {
            let better = match (a, b) {
                (Some(a), Some(b)) => {
                    badness(b.status) < badness(a.status)
                        || (badness(b.status) == badness(a.status) && b.fraction > a.fraction)
                }
                (Some(_), None) => false,
                (None, Some(b)) => !b.status.is_gap(),
                (None, None) => false,
            };
            d.status_changes.push(StatusChange {
                id: id.to_string(),
                title: title.clone(),
                from: a.map(|c| c.status),
                to: b.map(|c| c.status),
                from_fraction: a.map_or(0.0, |c| c.fraction),
                to_fraction: b.map_or(0.0, |c| c.fraction),
                reason: b.or(a).map(|c| c.reason.clone()).unwrap_or_default(),
                better,
            });
        }
        match (a.and_then(|c| c.priority), b.and_then(|c| c.priority)) {
            (None, Some(p)) => {
                let b = b.expect("a priority comes with a control");
                d.new_gaps.push(DiffGap {
                    id: id.to_string(),
                    title: title.clone(),
                    priority: p,
                    status: Some(b.status),
                    fraction: b.fraction,
                    suppressed: b.suppressed,
                    reason: b.reason.clone(),
                    evidence: b.evidence.clone(),
                });
            }
            (Some(p), None) => {
                d.closed_gaps.push(DiffGap {
                    id: id.to_string(),
                    title: title.clone(),
                    priority: p,
                    status: b.map(|c| c.status),
                    fraction: b.map_or(0.0, |c| c.fraction),
                    suppressed: b.is_some_and(|c| c.suppressed),
                    reason: b.or(a).map(|c| c.reason.clone()).unwrap_or_default(),
                    evidence: b.map(|c| c.evidence.clone()).unwrap_or_default(),
                });
            }
            (Some(from), Some(to)) if from != to => d.priority_changes.push(PriorityChange {
                id: id.to_string(),
                title: title.clone(),
                from,
                to,
            }),
            _ => {}
        }
        let empty = Default::default();
        let fa = a.map_or(&empty, |c| &c.findings);
        let fb = b.map_or(&empty, |c| &c.findings);
        for (fp, ev) in fb.iter().filter(|(fp, _)| !fa.contains_key(*fp)) {
            d.new_findings.push(Finding {
                control: id.to_string(),
                fingerprint: fp.clone(),
                evidence: ev.clone(),
            });
        }
        for (fp, ev) in fa.iter().filter(|(fp, _)| !fb.contains_key(*fp)) {
            d.resolved_findings.push(Finding {
                control: id.to_string(),
                fingerprint: fp.clone(),
                evidence: ev.clone(),
            });
        }
    }
    for list in [&mut d.new_gaps, &mut d.closed_gaps] {
        list.sort_by(|x, y| (x.priority, &x.id).cmp(&(y.priority, &y.id)));
    }

    // Detectors: only when both reports list them (a baseline does not).
    if !old.analyzers.is_empty() && !new.analyzers.is_empty() {
        let mut names: Vec<&String> = old.analyzers.keys().chain(new.analyzers.keys()).collect();
        names.sort();
        names.dedup();
        for n in names {
            let (x, y) = (old.analyzers.get(n).copied(), new.analyzers.get(n).copied());
            if x != y {
                d.detector_changes.push(DetectorChange {
                    analyzer: n.clone(),
                    from: x,
                    to: y,
                });
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn state(id: &str, status: Status, priority: Option<Priority>) -> ControlState {
        ControlState {
            id: id.into(),
            title: id.to_lowercase(),
            status,
            fraction: if status == Status::Present { 1.0 } else { 0.0 },
            priority,
            suppressed: false,
            reason: format!("{id} is {}", status.label()),
            evidence: Vec::new(),
            findings: BTreeMap::new(),
        }
    }

    fn snap(completeness: f64, level: u8, posture: Posture, mut c: Vec<ControlState>) -> Snapshot {
        c.sort_by(|a, b| a.id.cmp(&b.id));
        Snapshot {
            kind: SnapshotKind::Report,
            target: "r".into(),
            tool_version: "0.1.0".into(),
            commit: None,
            completeness,
            maturity_level: level,
            next_level_blockers: Vec::new(),
            posture: Some(posture),
            posture_reason: String::new(),
            controls: c,
            analyzers: [("secrets".to_string(), 1)].into_iter().collect(),
        }
    }

    #[test]
    fn gaps_opened_and_closed_findings_and_deltas() {
        let finding =
            Evidence::at("k.js", 2, "GitHub token ghp_…").with_fingerprint("k.js:SEC-01:2");
        let mut sec = state("SEC-01", Status::Missing, Some(Priority::P0));
        sec.findings.insert("k.js:SEC-01:2".into(), finding);
        let old = snap(
            0.4,
            1,
            Posture::Critical,
            vec![
                state("OBS-01", Status::Missing, Some(Priority::P0)),
                state("SEC-01", Status::Present, None),
                state("TST-04", Status::Missing, Some(Priority::P3)),
            ],
        );
        let mut new = snap(
            0.5,
            2,
            Posture::Critical,
            vec![
                state("OBS-01", Status::Present, None),
                sec,
                state("TST-04", Status::Missing, Some(Priority::P2)),
            ],
        );
        new.analyzers.insert("secrets".into(), 2);
        let d = compare("old.json", &old, "new.json", &new);
        assert_eq!(d.completeness_delta, 10.0);
        assert_eq!(d.level_delta, 1);
        assert_eq!(d.posture_change, Some(0));
        assert_eq!(d.closed_gaps.len(), 1);
        assert_eq!(d.closed_gaps[0].id, "OBS-01");
        assert_eq!(d.new_gaps[0].id, "SEC-01");
        assert_eq!(d.priority_changes[0].to, Priority::P2);
        assert_eq!(d.new_findings[0].fingerprint, "k.js:SEC-01:2");
        assert!(d.resolved_findings.is_empty());
        let better: Vec<(&str, bool)> = d
            .status_changes
            .iter()
            .map(|c| (c.id.as_str(), c.better))
            .collect();
        assert_eq!(better, vec![("OBS-01", true), ("SEC-01", false)]);
        assert_eq!(d.detector_changes[0].to, Some(2));
        assert_eq!(d.old.gaps, [1, 0, 0, 1]);

        let back = compare("new.json", &new, "old.json", &old);
        assert_eq!(back.resolved_findings.len(), 1);
        assert!(compare("a", &old, "a", &old).is_empty());
    }
}
