//! How a team will know the work got done: success metrics (the repository's
//! own figures now, and a target per gap from the rule pack) and the
//! readiness checklist, ticked from the results.

use serde::Serialize;

use super::summary::{Summary, completeness_of};
use crate::engine::{ControlResult, Priority};
use crate::rules::{Rule, Status};

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Metric {
    pub name: String,
    /// The figure measured in this scan, or what is in place today.
    pub current: String,
    pub target: String,
    /// The gap this metric tracks (absent for whole-repository figures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ChecklistItem {
    pub id: String,
    pub title: String,
    pub domain: String,
    pub status: Status,
    /// Ticked: present (or declared present), or not applicable.
    pub checked: bool,
    pub applies: bool,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

pub(super) fn metrics(results: &[ControlResult], rules: &[Rule], summary: &Summary) -> Vec<Metric> {
    let mut out = Vec::new();
    // Completeness once P0 and P1 gaps are closed: the roadmap's first two phases.
    let after = completeness_of(results.iter().map(|r| {
        let closed = matches!(r.priority, Some(Priority::P0 | Priority::P1));
        (
            r,
            if closed {
                1.0
            } else {
                super::summary::score(r)
            },
        )
    }));
    out.push(Metric {
        name: "Completeness (weighted by criticality)".into(),
        current: pct(summary.completeness),
        target: format!("≥ {} after phases 1–2 (P0 and P1 closed)", pct(after)),
        control: None,
    });
    let p0 = summary.priorities.get("P0").copied().unwrap_or(0);
    out.push(Metric {
        name: "Critical gaps (P0)".into(),
        current: p0.to_string(),
        target: "0".into(),
        control: None,
    });
    out.push(Metric {
        name: "Maturity level".into(),
        current: summary.maturity_level.to_string(),
        target: if summary.maturity_level < 5 {
            format!(
                "{} (close {} control(s): {})",
                summary.maturity_level + 1,
                summary.next_level_blockers.len(),
                summary.next_level_blockers.join(", ")
            )
        } else {
            "5 (hold it)".into()
        },
        control: None,
    });
    let unknown = results
        .iter()
        .filter(|r| r.status == Status::Unknown)
        .count();
    if unknown > 0 {
        out.push(Metric {
            name: "Controls to confirm (unknown)".into(),
            current: unknown.to_string(),
            target: "0: confirm each, then declare it in infragap.toml [context]".into(),
            control: None,
        });
    }
    let mut gaps: Vec<&ControlResult> = results.iter().filter(|r| r.priority.is_some()).collect();
    gaps.sort_by(|a, b| a.priority.cmp(&b.priority).then(a.id.cmp(&b.id)));
    for r in gaps {
        let Some(rule) = rules.iter().find(|x| x.id == r.id) else {
            continue;
        };
        if rule.metric.is_empty() {
            continue;
        }
        let current = match r.status {
            Status::Partial => format!("partial ({:.0}%): {}", r.fraction * 100.0, r.reason),
            Status::Unknown => format!("unknown: {}", r.reason),
            _ => format!("missing: {}", r.reason),
        };
        out.push(Metric {
            name: r.title.clone(),
            current,
            target: rule.metric.clone(),
            control: Some(r.id.clone()),
        });
    }
    out
}

pub(super) fn checklist(results: &[ControlResult]) -> Vec<ChecklistItem> {
    results
        .iter()
        .map(|r| ChecklistItem {
            id: r.id.clone(),
            title: r.title.clone(),
            domain: r.domain.clone(),
            status: r.status,
            checked: r.status == Status::Present || !r.applies,
            applies: r.applies,
        })
        .collect()
}
