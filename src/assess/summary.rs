//! The summary: completeness, the gated maturity ladder, posture, domains.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::engine::{ControlResult, Priority};
use crate::rules::{DOMAINS, Status};

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DomainScore {
    pub domain: String,
    pub name: String,
    pub completeness: f64,
    pub applicable: usize,
    pub present: usize,
    pub partial: usize,
    pub missing: usize,
    pub unknown: usize,
    pub not_applicable: usize,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Weighted by criticality over applicable controls (0–1).
    pub completeness: f64,
    pub maturity_level: u8,
    /// Controls that stand between the repository and the next level.
    pub next_level_blockers: Vec<String>,
    pub posture: Posture,
    pub posture_reason: String,
    pub controls_evaluated: usize,
    /// Controls that apply (the denominator of completeness).
    pub controls_applicable: usize,
    pub counts: BTreeMap<String, usize>,
    pub priorities: BTreeMap<String, usize>,
    pub domains: Vec<DomainScore>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Posture {
    Critical,
    High,
    Moderate,
    Low,
}

pub(super) fn score(r: &ControlResult) -> f64 {
    match r.status {
        Status::Present => 1.0,
        Status::Partial => r.fraction,
        _ => 0.0,
    }
}

fn completeness<'a>(results: impl Iterator<Item = &'a ControlResult>) -> f64 {
    completeness_of(results.map(|r| (r, score(r))))
}

/// Completeness over (control, score) pairs: what-if figures use other scores.
pub(super) fn completeness_of<'a>(scored: impl Iterator<Item = (&'a ControlResult, f64)>) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (r, s) in scored.filter(|(r, _)| r.applies) {
        let w = r.criticality.weight();
        num += w * s;
        den += w;
    }
    if den == 0.0 {
        0.0
    } else {
        (num / den * 1000.0).round() / 1000.0
    }
}

pub fn summarize(results: &[ControlResult]) -> Summary {
    let mut counts = BTreeMap::new();
    let mut priorities = BTreeMap::new();
    for r in results {
        *counts.entry(r.status.label().to_string()).or_insert(0) += 1;
        if let Some(p) = r.priority {
            *priorities.entry(format!("{p:?}")).or_insert(0) += 1;
        }
    }

    // Gated ladder: level L holds when every applicable control with lvl <= L is present.
    let mut level = 1u8;
    for l in 2..=5u8 {
        if results
            .iter()
            .filter(|r| r.applies && r.level <= l)
            .all(|r| r.status == Status::Present)
        {
            level = l;
        } else {
            break;
        }
    }
    let next_level_blockers = if level < 5 {
        results
            .iter()
            .filter(|r| r.applies && r.level <= level + 1 && r.status != Status::Present)
            .map(|r| r.id.clone())
            .collect()
    } else {
        Vec::new()
    };

    let worst = results.iter().filter_map(|r| r.priority).min();
    let (posture, posture_reason) = match worst {
        Some(Priority::P0) => (
            Posture::Critical,
            format!(
                "{} critical control(s) missing (P0)",
                priorities.get("P0").copied().unwrap_or(0)
            ),
        ),
        Some(Priority::P1) => (
            Posture::High,
            format!(
                "no P0 gaps, {} P1 gap(s)",
                priorities.get("P1").copied().unwrap_or(0)
            ),
        ),
        Some(Priority::P2) => (
            Posture::Moderate,
            format!(
                "no P0/P1 gaps, {} P2 gap(s)",
                priorities.get("P2").copied().unwrap_or(0)
            ),
        ),
        _ => (Posture::Low, "no gap above P3".to_string()),
    };

    let domains = DOMAINS
        .iter()
        .filter(|(d, _)| results.iter().any(|r| r.domain == *d))
        .map(|(d, name)| {
            let of = |s: Status| {
                results
                    .iter()
                    .filter(|r| r.domain == *d && r.status == s)
                    .count()
            };
            DomainScore {
                domain: d.to_string(),
                name: name.to_string(),
                completeness: completeness(results.iter().filter(|r| r.domain == *d)),
                applicable: results
                    .iter()
                    .filter(|r| r.domain == *d && r.applies)
                    .count(),
                present: of(Status::Present),
                partial: of(Status::Partial),
                missing: of(Status::Missing),
                unknown: of(Status::Unknown),
                not_applicable: of(Status::NotApplicable),
            }
        })
        .collect();

    Summary {
        completeness: completeness(results.iter()),
        maturity_level: level,
        next_level_blockers,
        posture,
        posture_reason,
        controls_evaluated: results.len(),
        controls_applicable: results.iter().filter(|r| r.applies).count(),
        counts,
        priorities,
        domains,
    }
}
