//! The gaps: one entry per gap grouped by domain, the priority matrix, and
//! the urgent gaps phrased as risks.

use std::fmt::Write as _;

use super::{control, evidence, evidence_inline, hours, md, priority, prose};
use crate::assess::{ContextRaise, Gap};
use crate::engine::Priority;
use crate::rules::{DOMAINS, Status};
use crate::scan::ScanOutput;

/// What the context says about the application, for risk sentences.
fn context_phrase(context: &str) -> &'static str {
    match context {
        "payments" => "the app takes payments",
        "user data" => "the app holds user accounts",
        "LLM spend" => "the app pays for LLM calls",
        "multi-tenancy" => "the app serves several tenants from one database",
        _ => "the repository's context makes it matter more",
    }
}

fn raised(r: &ContextRaise) -> String {
    let ev = r
        .evidence
        .as_ref()
        .map(|e| format!(" ({})", evidence(e)))
        .unwrap_or_default();
    format!("{}{ev}", context_phrase(r.context))
}

fn status_line(g: &Gap) -> String {
    match g.status {
        Status::Partial => format!("partial ({:.0}% in place)", g.fraction * 100.0),
        s => s.label().to_string(),
    }
}

pub(super) fn by_domain(s: &mut String, out: &ScanOutput) {
    let a = &out.assessment;
    let _ = writeln!(s, "## Gaps by domain\n");
    if a.priorities.is_empty() {
        let _ = writeln!(s, "No gaps: every applicable control is present.\n");
        return;
    }
    let _ = writeln!(
        s,
        "Each gap: priority, status, criticality and effort, then what was found, what to \
         implement for this stack, and what it depends on. Most urgent first within a domain.\n"
    );
    for (d, name) in DOMAINS {
        let gaps: Vec<&Gap> = a.priorities.iter().filter(|g| g.domain == *d).collect();
        if gaps.is_empty() {
            continue;
        }
        let _ = writeln!(s, "### {d} — {name}\n");
        for g in gaps {
            entry(s, g);
        }
    }
}

fn entry(s: &mut String, g: &Gap) {
    let _ = writeln!(s, "#### {} {}\n", md(&g.id), prose(&g.title));
    // The effort note says how much of a partial control is in place.
    let (status, effort) = if g.effort_note.is_empty() {
        (status_line(g), hours(g.effort_hours))
    } else {
        (
            g.status.label().to_string(),
            format!("{} ({})", hours(g.effort_hours), md(&g.effort_note)),
        )
    };
    let _ = writeln!(
        s,
        "**{}** · {status} · criticality {} · effort {effort} · business impact {}, technical risk {}, \
         fix complexity {}\n",
        priority(g.priority),
        g.criticality.label(),
        g.business_impact.label(),
        g.technical_risk.label(),
        g.fix_complexity.label()
    );
    match (g.status, g.evidence.is_empty()) {
        (Status::Unknown, _) => {
            let _ = writeln!(
                s,
                "- **Found:** cannot be seen from the repository — {}. To confirm.",
                prose(&g.reason)
            );
        }
        (_, true) => {
            let _ = writeln!(s, "- **Found:** nothing to cite — {}.", prose(&g.reason));
        }
        (_, false) => {
            let _ = writeln!(s, "- **Found:** {}", prose(&g.reason));
            for e in super::distinct(&g.evidence) {
                let _ = writeln!(s, "  - {}", evidence(e));
            }
        }
    }
    if let Some(r) = &g.raised_by {
        let _ = writeln!(
            s,
            "- **Raised** from {} because {}.",
            priority(r.from),
            raised(r)
        );
    }
    let for_stack = g
        .recommendation_for
        .as_ref()
        .map(|f| format!(" (for {})", md(f)))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "- **Implement{for_stack}:** {}",
        prose(&g.recommendation)
    );
    if !g.requires.is_empty() {
        let _ = writeln!(s, "- **After:** {}", md(&g.requires.join(", ")));
    }
    s.push('\n');
}

pub(super) fn matrix(s: &mut String, out: &ScanOutput) {
    let a = &out.assessment;
    if a.priorities.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Priority matrix\n");
    let _ = writeln!(
        s,
        "Priority from criticality and status (P0: critical and missing; P1: critical and \
         partial, or high and missing; P2: high and partial, or medium and missing; P3: the \
         rest), one step higher where the context below the table makes a gap matter more.\n"
    );
    let _ = writeln!(
        s,
        "| Priority | Control | Status | Business impact | Technical risk | Fix complexity | Effort |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---:|");
    for g in &a.priorities {
        let p = match &g.raised_by {
            Some(r) => format!("{} ↑ {}", priority(g.priority), r.context),
            None => priority(g.priority).to_string(),
        };
        let _ = writeln!(
            s,
            "| {p} | {} | {} | {} | {} | {} | {} |",
            control(&g.id, &g.title),
            status_line(g),
            g.business_impact.label(),
            g.technical_risk.label(),
            g.fix_complexity.label(),
            hours(g.effort_hours)
        );
    }
    let raised: Vec<&Gap> = a
        .priorities
        .iter()
        .filter(|g| g.raised_by.is_some())
        .collect();
    if !raised.is_empty() {
        let _ = writeln!(s, "\n↑ raised one step by context:\n");
        let mut seen: Vec<&str> = Vec::new();
        for g in &raised {
            let r = g.raised_by.as_ref().expect("filtered");
            if seen.contains(&r.context) {
                continue;
            }
            seen.push(r.context);
            let ids: Vec<&str> = raised
                .iter()
                .filter(|x| x.raised_by.as_ref().is_some_and(|y| y.context == r.context))
                .map(|x| x.id.as_str())
                .collect();
            let _ = writeln!(
                s,
                "- **{}** ({}): {}",
                r.context,
                raised_fact(r),
                md(&ids.join(", "))
            );
        }
    }
    s.push('\n');
}

fn raised_fact(r: &ContextRaise) -> String {
    match &r.evidence {
        Some(e) => format!("`{}`, {}", r.fact, evidence(e)),
        None => format!("`{}`", r.fact),
    }
}

pub(super) fn risks(s: &mut String, out: &ScanOutput) {
    let urgent: Vec<&Gap> = out
        .assessment
        .priorities
        .iter()
        .filter(|g| g.priority <= Priority::P1)
        .collect();
    if urgent.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Risks\n");
    let _ = writeln!(
        s,
        "The P0 and P1 gaps, as the risks they leave open. Each cites what was found, or says \
         nothing was.\n"
    );
    let _ = writeln!(s, "| | Control | Risk | Evidence |");
    let _ = writeln!(s, "|---|---|---|---|");
    for g in urgent {
        let mut risk = match g.status {
            Status::Partial => format!("only partly in place: {}", prose(&g.reason)),
            Status::Unknown => format!("unconfirmed: {}", prose(&g.reason)),
            _ => prose(&g.reason),
        };
        if let Some(r) = &g.raised_by {
            risk.push_str(&format!("; it matters more because {}", raised(r)));
        }
        let ev = if g.evidence.is_empty() {
            "nothing to cite".to_string()
        } else {
            evidence_inline(&g.evidence, 1)
        };
        let _ = writeln!(
            s,
            "| {} | {} | {risk} | {ev} |",
            priority(g.priority),
            control(&g.id, &g.title),
        );
    }
    s.push('\n');
}
