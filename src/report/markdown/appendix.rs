//! The back of the report: the readiness checklist, every control with its
//! status, reason and evidence, the facts not found, and the warnings.

use std::fmt::Write as _;

use super::{code, control, evidence, md, priority, prose};
use crate::rules::{DOMAINS, Status};
use crate::scan::ScanOutput;

/// Warnings listed before pointing at the JSON report for the rest.
const WARNINGS_SHOWN: usize = 50;

pub(super) fn checklist(s: &mut String, out: &ScanOutput) {
    let items = &out.assessment.checklist;
    if items.is_empty() {
        return;
    }
    let done = items.iter().filter(|i| i.checked).count();
    let _ = writeln!(s, "## Readiness checklist\n");
    let _ = writeln!(
        s,
        "{done} of {} ticked (present, or not applicable to this repository).\n",
        items.len()
    );
    for (d, name) in DOMAINS {
        let rows: Vec<_> = items.iter().filter(|i| i.domain == *d).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(s, "**{d} — {name}**\n");
        for i in rows {
            let note = match i.status {
                Status::NotApplicable => " — n/a".to_string(),
                Status::Present => String::new(),
                st => format!(" — {}", st.label()),
            };
            let _ = writeln!(
                s,
                "- [{}] {}{note}",
                if i.checked { "x" } else { " " },
                control(&i.id, &i.title)
            );
        }
        s.push('\n');
    }
}

pub(super) fn controls(s: &mut String, out: &ScanOutput) {
    let _ = writeln!(s, "## Appendix A: every control\n");
    let _ = writeln!(
        s,
        "Status, the reason for it and all the evidence kept for it (at most {} items per \
         control; the JSON report has the same).\n",
        crate::engine::MAX_EVIDENCE
    );
    for (d, name) in DOMAINS {
        let rows: Vec<_> = out.results.iter().filter(|r| r.domain == *d).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(s, "### {d} — {name}\n");
        let _ = writeln!(s, "| Control | Status | Reason | Evidence |");
        let _ = writeln!(s, "|---|---|---|---|");
        for r in rows {
            let mut status = r.status.label().to_string();
            if let Some(p) = r.priority {
                status.push_str(&format!(" · {}", priority(p)));
            }
            if r.declared {
                status.push_str(" · declared");
            }
            if let Some(sup) = &r.suppressed {
                status.push_str(&format!(" · accepted at {}", code(&sup.at)));
            }
            let ev = if r.evidence.is_empty() {
                "—".to_string()
            } else {
                super::distinct(&r.evidence)
                    .into_iter()
                    .map(evidence)
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            let _ = writeln!(
                s,
                "| {} | {status} | {} | {ev} |",
                control(&r.id, &r.title),
                prose(&r.reason)
            );
        }
        s.push('\n');
    }
}

pub(super) fn facts_not_found(s: &mut String, out: &ScanOutput) {
    let absent: Vec<_> = out.stack.derived.iter().filter(|(_, v)| !v.value).collect();
    if absent.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Appendix B: facts not found\n");
    let _ = writeln!(s, "| Fact | Why not |");
    let _ = writeln!(s, "|---|---|");
    for (f, v) in absent {
        let why = if v.reason.is_empty() {
            "no evidence found".to_string()
        } else {
            prose(&v.reason)
        };
        let _ = writeln!(s, "| `{}` | {why} |", f.name());
    }
    s.push('\n');
}

pub(super) fn warnings(s: &mut String, out: &ScanOutput) {
    if out.warnings.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Appendix C: warnings\n");
    let _ = writeln!(
        s,
        "What the scan passed over, and why ({} in all).\n",
        out.warnings.len()
    );
    for w in out.warnings.iter().take(WARNINGS_SHOWN) {
        let kind = serde_json::to_value(w.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(s, "- {kind}: {} — {}", code(&w.path), md(&w.message));
    }
    if out.warnings.len() > WARNINGS_SHOWN {
        let _ = writeln!(
            s,
            "- … {} more in the JSON report",
            out.warnings.len() - WARNINGS_SHOWN
        );
    }
    s.push('\n');
}
