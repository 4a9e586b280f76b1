//! Stage 6 — the assessment. Computed once from the control results, the
//! stack and the rule pack; every renderer (terminal, JSON, Markdown, HTML,
//! SARIF) is a view of this value and recomputes nothing.
//!
//! - [`summary`]: completeness, the gated maturity ladder, posture, domains.
//! - [`matrix`]: the priority matrix (impact, risk, complexity) and the
//!   context (payments, user data, LLM spend, tenancy) that raises priorities.
//! - [`roadmap`]: phases by priority ordered by dependencies, effort, weeks,
//!   quick wins.
//! - [`costs`]: the dated pricing catalog applied to the gaps.
//! - [`outcomes`]: success metrics and the readiness checklist.

pub mod costs;
pub mod matrix;
pub mod outcomes;
pub mod roadmap;
pub mod summary;

use serde::Serialize;

pub use costs::{Costs, PricingCatalog};
pub use matrix::{ContextRaise, Gap, Level3};
pub use outcomes::{ChecklistItem, Metric};
pub use roadmap::{Phase, Roadmap};
pub use summary::{DomainScore, Posture, Summary, summarize};

use crate::engine::ControlResult;
use crate::rules::Rule;
use crate::stack::Stack;

/// How many roadmap items the executive summary puts first.
pub const DO_FIRST: usize = 3;

/// Team and money settings (`infragap.toml` `[assessment]`, `--capacity`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Settings {
    /// Engineering hours per week the team can give to the roadmap.
    pub capacity_hours_per_week: u32,
    /// Blended hourly rate for the one-off engineering cost.
    pub hourly_rate: u32,
    /// Where each setting came from (`default`, `infragap.toml:LINE`, `--capacity`).
    pub sources: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            capacity_hours_per_week: 30,
            hourly_rate: 100,
            sources: Vec::new(),
        }
    }
}

/// The whole analysis, as the JSON report carries it next to `controls`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Assessment {
    pub summary: Summary,
    /// Every gap (partial, missing, unknown; not suppressed), most urgent first.
    pub priorities: Vec<Gap>,
    pub roadmap: Roadmap,
    /// Ids of the gaps worth doing first: small effort, high value.
    pub quick_wins: Vec<String>,
    /// The first three items of the roadmap (dependencies respected): what
    /// every format's executive summary says to do first.
    pub do_first: Vec<String>,
    pub costs: Costs,
    pub metrics: Vec<Metric>,
    pub checklist: Vec<ChecklistItem>,
    pub settings: Settings,
}

/// Raises the priorities the repository's context calls for (payments, user
/// data, LLM spend, tenancy), on the results themselves, so `controls[]`,
/// the gate and every format agree. Call before [`assess`].
pub fn apply_context(results: &mut [ControlResult], stack: &Stack) {
    matrix::raise_priorities(results, stack);
}

pub fn assess(
    results: &[ControlResult],
    rules: &[Rule],
    stack: &Stack,
    settings: &Settings,
    pricing: &PricingCatalog,
) -> Assessment {
    let summary = summarize(results);
    let priorities = matrix::gaps(results, rules, stack);
    let roadmap = roadmap::plan(&priorities, settings);
    let quick_wins = roadmap::quick_wins(&priorities);
    let do_first = roadmap
        .phases
        .iter()
        .flat_map(|p| &p.items)
        .take(DO_FIRST)
        .map(|i| i.id.clone())
        .collect();
    let costs = costs::estimate(&roadmap, stack, settings, pricing);
    let metrics = outcomes::metrics(results, rules, &summary);
    let checklist = outcomes::checklist(results);
    Assessment {
        summary,
        priorities,
        roadmap,
        quick_wins,
        do_first,
        costs,
        metrics,
        checklist,
        settings: settings.clone(),
    }
}

#[cfg(test)]
mod tests;
