//! The priority matrix: every gap with its business impact, technical risk,
//! fix complexity and priority, and the context that raised it.
//!
//! Priorities start from DESIGN.md's table (criticality × status, computed
//! by the engine) and go up one step when the repository's context makes the
//! control matter more: a gap in data-access authorisation is worse in an
//! app that takes payments or holds user accounts.

use serde::Serialize;

use crate::engine::{ControlResult, Priority};
use crate::evidence::Evidence;
use crate::rules::{Criticality, Rule, Status};
use crate::stack::{Fact, Stack};

/// Three-step scale for the matrix's axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level3 {
    Low,
    Medium,
    High,
}

impl Level3 {
    pub fn label(self) -> &'static str {
        match self {
            Level3::Low => "low",
            Level3::Medium => "medium",
            Level3::High => "high",
        }
    }

    fn up(self) -> Level3 {
        match self {
            Level3::Low => Level3::Medium,
            _ => Level3::High,
        }
    }

    fn down(self) -> Level3 {
        match self {
            Level3::High => Level3::Medium,
            _ => Level3::Low,
        }
    }
}

/// A context that raises priorities, the fact that reveals it, and the
/// controls it raises.
struct Context {
    name: &'static str,
    fact: Fact,
    controls: &'static [&'static str],
}

const CONTEXTS: &[Context] = &[
    Context {
        name: "payments",
        fact: Fact::HandlesPayments,
        controls: &[
            "SEC-01", "SEC-04", "SEC-09", "SEC-10", "SEC-11", "SEC-14", "API-03", "DAT-03",
            "OBS-01", "OBS-07",
        ],
    },
    Context {
        name: "user data",
        fact: Fact::UserAccounts,
        controls: &[
            "SEC-02", "SEC-10", "SEC-11", "SEC-14", "DAT-03", "DAT-04", "CMP-01", "CMP-02",
            "CMP-03", "CMP-05",
        ],
    },
    Context {
        name: "LLM spend",
        fact: Fact::CallsLlm,
        controls: &["AIO-01", "AIO-02", "AIO-03", "AIO-06", "SEC-09"],
    },
    Context {
        name: "multi-tenancy",
        fact: Fact::MultiTenant,
        controls: &["TEN-01", "TEN-02", "SEC-10", "SEC-11"],
    },
];

/// Controls whose work is repeated per runtime (one SDK per language).
const PER_RUNTIME: &[&str] = &[
    "OBS-01", "OBS-02", "OBS-03", "OBS-05", "TST-01", "TST-02", "SEC-14", "CFG-01", "SEC-05",
];

/// Why a gap's priority went up.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ContextRaise {
    /// `payments`, `user data`, `LLM spend`, `multi-tenancy`.
    pub context: &'static str,
    /// The derived fact (`handles_payments`, …) and its first evidence.
    pub fact: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// The priority before the raise.
    pub from: Priority,
}

/// One row of the priority matrix.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Gap {
    pub id: String,
    pub title: String,
    pub domain: String,
    pub criticality: Criticality,
    pub status: Status,
    pub fraction: f64,
    /// The control's reason for its status.
    pub reason: String,
    pub priority: Priority,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<ContextRaise>,
    pub business_impact: Level3,
    pub technical_risk: Level3,
    pub fix_complexity: Level3,
    /// Hours still to spend, after the stack adjustments in `effort_note`.
    pub effort_hours: [u32; 2],
    #[serde(skip_serializing_if = "String::is_empty")]
    pub effort_note: String,
    /// What to implement, for this stack when the pack has stack advice.
    pub recommendation: String,
    /// The framework, language or platform the recommendation is written for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation_for: Option<String>,
    /// Other gaps that must be closed first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// `unknown`: the capability may live outside the repository; to confirm.
    pub to_confirm: bool,
    /// What the control found (partial evidence, violations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

fn raise(p: Priority) -> Priority {
    match p {
        Priority::P3 => Priority::P2,
        Priority::P2 => Priority::P1,
        _ => Priority::P0,
    }
}

/// The first context that applies to a control.
fn context_for(id: &str, stack: &Stack) -> Option<&'static Context> {
    CONTEXTS
        .iter()
        .find(|c| c.controls.contains(&id) && stack.holds(c.fact))
}

pub(super) fn raise_priorities(results: &mut [ControlResult], stack: &Stack) {
    for r in results.iter_mut() {
        let Some(p) = r.priority else { continue };
        if let Some(c) = context_for(&r.id, stack) {
            let mut up = raise(p);
            // P0 stays reserved for critical controls: context makes a high
            // or medium gap urgent (P1), not an emergency.
            if up == Priority::P0 && r.criticality != Criticality::Critical {
                up = Priority::P1;
            }
            if up != p {
                r.priority = Some(up);
                r.priority_raised_by = Some(c.name.to_string());
            }
        }
    }
}

fn base_priority(r: &ControlResult) -> Priority {
    crate::engine::priority(r.criticality, r.status).unwrap_or(Priority::P3)
}

fn impact(c: Criticality) -> Level3 {
    match c {
        Criticality::Critical | Criticality::High => Level3::High,
        Criticality::Medium => Level3::Medium,
        Criticality::Low => Level3::Low,
    }
}

fn complexity(hours_high: u32) -> Level3 {
    match hours_high {
        0..=4 => Level3::Low,
        5..=12 => Level3::Medium,
        _ => Level3::High,
    }
}

/// Languages that each hold at least 15% of the code: the runtimes that
/// per-runtime work repeats for.
fn runtimes(stack: &Stack) -> Vec<&str> {
    stack
        .languages
        .iter()
        .filter(|(_, s)| s.share >= 0.15)
        .map(|(n, _)| n.as_str())
        .collect()
}

/// Effort still to spend: the rule's range, scaled to what a partial control
/// leaves and to the number of runtimes.
fn effort(r: &ControlResult, stack: &Stack) -> ([u32; 2], String) {
    let [mut lo, mut hi] = r.effort_hours;
    let mut notes = Vec::new();
    if r.status == Status::Partial && r.fraction > 0.0 {
        let left = 1.0 - r.fraction;
        lo = ((lo as f64 * left).ceil() as u32).max(1);
        hi = ((hi as f64 * left).ceil() as u32).max(lo);
        notes.push(format!("{:.0}% already in place", r.fraction * 100.0));
    }
    let rts = runtimes(stack);
    if rts.len() >= 2 && PER_RUNTIME.contains(&r.id.as_str()) {
        lo = (lo as f64 * 1.5).ceil() as u32;
        hi = (hi as f64 * 1.5).ceil() as u32;
        notes.push(format!(
            "×1.5 for {} runtimes ({})",
            rts.len(),
            rts.join(", ")
        ));
    }
    ([lo, hi], notes.join("; "))
}

/// The pack's advice for this stack, else its general remedy.
fn recommendation(
    rule: Option<&Rule>,
    r: &ControlResult,
    stack: &Stack,
) -> (String, Option<String>) {
    let names: Vec<&str> = stack
        .component_names()
        // A language counts for advice only when it is a real part of the
        // code: one helper script must not pick the Python advice for a Ruby app.
        .chain(
            stack
                .languages
                .iter()
                .filter(|(_, s)| s.share >= 0.10)
                .map(|(n, _)| n.as_str()),
        )
        .collect();
    if let Some(rule) = rule {
        for sr in &rule.stack_remedies {
            if names.iter().any(|n| n.eq_ignore_ascii_case(&sr.stack)) {
                return (sr.text.clone(), Some(sr.stack.clone()));
            }
        }
    }
    (r.remedy.clone(), None)
}

pub(super) fn gaps(results: &[ControlResult], rules: &[Rule], stack: &Stack) -> Vec<Gap> {
    let gap_ids: Vec<&str> = results
        .iter()
        .filter(|r| r.priority.is_some())
        .map(|r| r.id.as_str())
        .collect();
    let mut out: Vec<Gap> = results
        .iter()
        .filter_map(|r| {
            let priority = r.priority?;
            let rule = rules.iter().find(|x| x.id == r.id);
            // The context the raise recorded, not a second search for one.
            let raised_by = r.priority_raised_by.as_deref().and_then(|name| {
                let c = CONTEXTS.iter().find(|c| c.name == name)?;
                Some(ContextRaise {
                    context: c.name,
                    fact: c.fact.name(),
                    evidence: stack.fact(c.fact).and_then(|v| v.evidence.first().cloned()),
                    from: base_priority(r),
                })
            });
            let mut business_impact = impact(r.criticality);
            if raised_by.is_some() {
                business_impact = business_impact.up();
            }
            let mut technical_risk = impact(r.criticality);
            if r.status == Status::Partial {
                technical_risk = technical_risk.down();
            }
            let (effort_hours, effort_note) = effort(r, stack);
            let (recommendation, recommendation_for) = recommendation(rule, r, stack);
            let requires = rule
                .map(|x| {
                    x.requires
                        .iter()
                        .filter(|id| gap_ids.contains(&id.as_str()))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            Some(Gap {
                id: r.id.clone(),
                title: r.title.clone(),
                domain: r.domain.clone(),
                criticality: r.criticality,
                status: r.status,
                fraction: r.fraction,
                reason: r.reason.clone(),
                priority,
                raised_by,
                business_impact,
                technical_risk,
                fix_complexity: complexity(effort_hours[1]),
                effort_hours,
                effort_note,
                recommendation,
                recommendation_for,
                requires,
                to_confirm: r.status == Status::Unknown,
                evidence: r.evidence.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then(b.criticality.weight().total_cmp(&a.criticality.weight()))
            .then(status_rank(a.status).cmp(&status_rank(b.status)))
            .then(a.effort_hours[0].cmp(&b.effort_hours[0]))
            .then(a.id.cmp(&b.id))
    });
    out
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Missing => 0,
        Status::Unknown => 1,
        _ => 2,
    }
}
