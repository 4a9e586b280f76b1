//! The front of the report: metadata, executive summary, the stack with its
//! evidence, completeness by domain, and what is already in place.

use std::fmt::Write as _;

use super::{
    INLINE_EVIDENCE, code, control, evidence, evidence_inline, hours, md, money, pct, plural,
    priority, prose, weeks,
};
use crate::assess::Posture;
use crate::rules::Status;
use crate::scan::ScanOutput;
use crate::stack::{Fact, Named, ProjectKind};

/// How many present controls the executive summary names before counting the rest.
const IN_PLACE_SHOWN: usize = 12;

pub(super) fn header(s: &mut String, out: &ScanOutput) {
    let a = &out.assessment;
    let _ = writeln!(s, "# Infrastructure gap analysis\n");
    let _ = writeln!(s, "- **Target:** {}", code(&out.target));
    let _ = writeln!(
        s,
        "- **Commit:** {}",
        match &out.commit {
            Some(c) => code(c),
            None => "none (not a git checkout, or no commit yet)".into(),
        }
    );
    let _ = writeln!(
        s,
        "- **Scanned:** {}, {} controls, by infragap {} (offline, from the repository alone)",
        plural(out.stats.files, "file", "files"),
        out.results.len(),
        env!("CARGO_PKG_VERSION")
    );
    // Sources read `capacity_hours_per_week: default` or `…: infragap.toml:12`.
    let source = |key: &str| {
        a.settings
            .sources
            .iter()
            .find_map(|src| src.strip_prefix(key)?.strip_prefix(": "))
            .map(|src| format!(" ({})", md(src)))
            .unwrap_or_default()
    };
    let _ = writeln!(
        s,
        "- **Planning settings:** {} h/week of engineering capacity{}, {} per hour{}",
        a.settings.capacity_hours_per_week,
        source("capacity_hours_per_week"),
        money(&a.costs.currency, [a.costs.hourly_rate; 2]),
        source("hourly_rate")
    );
    if let Some(c) = &out.config {
        let mut parts = Vec::new();
        if let Some(p) = &c.path {
            parts.push(code(p));
        }
        if !c.rules.is_empty() {
            parts.push(format!(
                "user rules {}",
                c.rules
                    .iter()
                    .map(|r| code(r))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !c.declared.is_empty() {
            parts.push(format!("declared {}", md(&c.declared.join(", "))));
        }
        let sup = &c.suppressions;
        if sup.total > 0 {
            parts.push(format!(
                "{} ({} applied, {} expired, {} unmatched)",
                plural(sup.total, "suppression", "suppressions"),
                sup.applied,
                sup.expired,
                sup.unmatched
            ));
        }
        if c.inline_allows > 0 {
            parts.push(format!("{} inline allows", c.inline_allows));
        }
        if !parts.is_empty() {
            let _ = writeln!(s, "- **Configuration in force:** {}", parts.join("; "));
        }
    }
    let _ = writeln!(
        s,
        "\nEvery finding below cites the file and line it rests on (`path:line`). A gap with \
         nothing to cite says what was looked for and not found. The full evidence of every \
         control is in the appendix.\n"
    );
}

fn posture_word(p: Posture) -> &'static str {
    match p {
        Posture::Critical => "critical",
        Posture::High => "high",
        Posture::Moderate => "moderate",
        Posture::Low => "low",
    }
}

pub(super) fn executive_summary(s: &mut String, out: &ScanOutput) {
    let a = &out.assessment;
    let sm = &a.summary;
    let _ = writeln!(s, "## Executive summary\n");
    let _ = writeln!(
        s,
        "- **Risk posture: {}** — {}.",
        posture_word(sm.posture),
        md(&sm.posture_reason)
    );
    if sm.maturity_level < 5 {
        let _ = writeln!(
            s,
            "- **Maturity level {} of 5.** Level {} needs {} closed: {}.",
            sm.maturity_level,
            sm.maturity_level + 1,
            plural(sm.next_level_blockers.len(), "control", "controls"),
            md(&sm.next_level_blockers.join(", "))
        );
    } else {
        let _ = writeln!(
            s,
            "- **Maturity level 5 of 5:** every applicable control is present."
        );
    }
    let applicable = sm.controls_applicable;
    let unknown = sm.counts.get("unknown").copied().unwrap_or(0);
    let _ = writeln!(
        s,
        "- **Completeness: {}** over {} applicable controls, weighted by criticality{}.",
        pct(sm.completeness),
        applicable,
        if unknown > 0 {
            format!(
                " ({} counted as missing until confirmed)",
                plural(unknown, "unknown", "unknowns")
            )
        } else {
            String::new()
        }
    );
    let total: usize = sm.priorities.values().sum();
    if total > 0 {
        let by: Vec<String> = ["P0", "P1", "P2", "P3"]
            .iter()
            .map(|p| format!("{p} {}", sm.priorities.get(*p).copied().unwrap_or(0)))
            .collect();
        let _ = writeln!(
            s,
            "- **{}:** {}.",
            plural(total, "gap", "gaps"),
            by.join(" · ")
        );
        let r = &a.roadmap;
        let _ = writeln!(
            s,
            "- **Effort to close them:** {}, {} at {} h/week ({} of engineering); services \
             {}/month once the roadmap is done.",
            hours(r.total_hours),
            weeks(r.total_weeks),
            r.capacity_hours_per_week,
            money(&a.costs.currency, a.costs.engineering_total),
            money(&a.costs.currency, a.costs.monthly_total)
        );
    }
    let present: Vec<String> = out
        .results
        .iter()
        .filter(|r| r.status == Status::Present)
        .map(|r| prose(&r.title))
        .collect();
    if !present.is_empty() {
        // A mature repository has dozens: name a few, count the rest.
        let more = present.len().saturating_sub(IN_PLACE_SHOWN);
        let _ = writeln!(
            s,
            "- **Already in place ({}):** {}{} (evidence below).",
            present.len(),
            present[..present.len().min(IN_PLACE_SHOWN)].join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }

    if !a.priorities.is_empty() {
        let _ = writeln!(s, "\n**Do first:**\n");
        let first = a
            .do_first
            .iter()
            .filter_map(|id| a.priorities.iter().find(|g| &g.id == id));
        for (i, g) in first.enumerate() {
            let found = match g.evidence.first() {
                Some(e) => format!("{}: {}", prose(&g.reason), evidence(e)),
                None => prose(&g.reason),
            };
            let _ = writeln!(
                s,
                "{}. {} ({}, {}): {}.",
                i + 1,
                control(&g.id, &g.title),
                priority(g.priority),
                hours(g.effort_hours),
                found
            );
        }
    }

    let confirm: Vec<_> = a.priorities.iter().filter(|g| g.to_confirm).collect();
    if !confirm.is_empty() {
        let _ = writeln!(
            s,
            "\n**To confirm** (the capability may live outside the repository; once confirmed, \
             declare it in `infragap.toml` `[context]`):\n"
        );
        for g in confirm {
            let _ = writeln!(s, "- {} — {}", control(&g.id, &g.title), prose(&g.reason));
        }
    }
    s.push('\n');
}

fn kind_fact(k: ProjectKind) -> (Fact, &'static str) {
    match k {
        ProjectKind::WebUi => (Fact::WebUi, "web UI"),
        ProjectKind::HttpService => (Fact::HttpService, "HTTP service"),
        ProjectKind::Library => (Fact::Library, "library"),
        ProjectKind::Cli => (Fact::Cli, "command-line tool"),
        ProjectKind::Worker => (Fact::Worker, "background worker"),
        ProjectKind::Mobile => (Fact::Mobile, "mobile app"),
    }
}

pub(super) fn stack(s: &mut String, out: &ScanOutput) {
    let st = &out.stack;
    let _ = writeln!(s, "## Stack and facts\n");
    let _ = writeln!(s, "| Component | Detected | Evidence |");
    let _ = writeln!(s, "|---|---|---|");
    let mut langs: Vec<_> = st.languages.iter().collect();
    langs.sort_by(|a, b| b.1.bytes.cmp(&a.1.bytes).then(a.0.cmp(b.0)));
    for (name, share) in &langs {
        let _ = writeln!(
            s,
            "| Language | {} {} | {} of code |",
            md(name),
            pct(share.share),
            plural(share.files, "file", "files")
        );
    }
    let named = |s: &mut String, what: &str, v: &[Named]| {
        for n in v {
            let _ = writeln!(
                s,
                "| {what} | {} | {} |",
                md(&n.name),
                evidence_inline(&n.evidence, INLINE_EVIDENCE)
            );
        }
    };
    named(s, "Framework", &st.frameworks);
    named(s, "Platform", &st.platforms);
    named(s, "Database", &st.databases);
    for k in &st.kinds {
        let (fact, label) = kind_fact(*k);
        let ev = st
            .fact(fact)
            .map(|v| evidence_inline(&v.evidence, INLINE_EVIDENCE))
            .unwrap_or_default();
        let _ = writeln!(s, "| Project kind | {label} | {ev} |");
    }
    if langs.is_empty()
        && st.frameworks.is_empty()
        && st.platforms.is_empty()
        && st.databases.is_empty()
        && st.kinds.is_empty()
    {
        let _ = writeln!(
            s,
            "| — | nothing recognised | no language, framework, platform or database detected |"
        );
    }

    // The context that raised priorities, as the matrix recorded it.
    let mut contexts: Vec<(&str, String)> = Vec::new();
    for g in &out.assessment.priorities {
        if let Some(r) = &g.raised_by
            && !contexts.iter().any(|(c, _)| *c == r.context)
        {
            let ev = r.evidence.as_ref().map(evidence).unwrap_or_default();
            contexts.push((r.context, ev));
        }
    }
    if !contexts.is_empty() {
        let _ = writeln!(s, "\n**Context that raises priorities:**\n");
        for (c, ev) in contexts {
            let _ = writeln!(s, "- {c}: {ev}");
        }
    }

    let held: Vec<_> = st.derived.iter().filter(|(_, v)| v.value).collect();
    if !held.is_empty() {
        let _ = writeln!(
            s,
            "\n**Derived facts** (they decide which controls apply; facts not found are in the \
             appendix):\n"
        );
        let _ = writeln!(s, "| Fact | Evidence |");
        let _ = writeln!(s, "|---|---|");
        for (f, v) in held {
            let mut ev = evidence_inline(&v.evidence, INLINE_EVIDENCE);
            if !v.reason.is_empty() {
                ev = if ev.is_empty() {
                    prose(&v.reason)
                } else {
                    format!("{} — {ev}", prose(&v.reason))
                };
            }
            let _ = writeln!(s, "| `{}` | {ev} |", f.name());
        }
    }
    s.push('\n');
}

/// A ten-cell bar, readable raw and rendered.
fn bar(x: f64) -> String {
    let full = (x * 10.0).round().clamp(0.0, 10.0) as usize;
    format!("{}{}", "█".repeat(full), "░".repeat(10 - full))
}

pub(super) fn domains(s: &mut String, out: &ScanOutput) {
    let _ = writeln!(s, "## Completeness by domain\n");
    let _ = writeln!(
        s,
        "| Domain | Completeness | | Present | Partial | Missing | Unknown | N/A |"
    );
    let _ = writeln!(s, "|---|---:|---|---:|---:|---:|---:|---:|");
    for d in &out.assessment.summary.domains {
        let (score, gauge) = if d.applicable == 0 {
            ("n/a".to_string(), String::new())
        } else {
            (pct(d.completeness), bar(d.completeness))
        };
        let _ = writeln!(
            s,
            "| {} {} | {score} | {gauge} | {} | {} | {} | {} | {} |",
            d.domain, d.name, d.present, d.partial, d.missing, d.unknown, d.not_applicable
        );
    }
    let sm = &out.assessment.summary;
    let _ = writeln!(
        s,
        "| **All** | **{}** | {} | {} | {} | {} | {} | {} |\n",
        pct(sm.completeness),
        bar(sm.completeness),
        sm.counts.get("present").copied().unwrap_or(0),
        sm.counts.get("partial").copied().unwrap_or(0),
        sm.counts.get("missing").copied().unwrap_or(0),
        sm.counts.get("unknown").copied().unwrap_or(0),
        sm.counts.get("n/a").copied().unwrap_or(0),
    );
}

pub(super) fn in_place(s: &mut String, out: &ScanOutput) {
    let _ = writeln!(s, "## What is already in place\n");
    let present: Vec<_> = out
        .results
        .iter()
        .filter(|r| r.status == Status::Present)
        .collect();
    if present.is_empty() {
        let _ = writeln!(s, "No control is fully in place yet.\n");
    } else {
        let _ = writeln!(s, "| Control | Evidence |");
        let _ = writeln!(s, "|---|---|");
        for r in &present {
            let ev = if r.declared {
                let at = out
                    .config
                    .as_ref()
                    .and_then(|c| c.path.as_deref())
                    .map(code)
                    .unwrap_or_else(|| "`infragap.toml`".into());
                format!("declared in {at} `[context]`: {}", prose(&r.reason))
            } else {
                evidence_inline(&r.evidence, INLINE_EVIDENCE)
            };
            let _ = writeln!(s, "| {} | {ev} |", control(&r.id, &r.title));
        }
        s.push('\n');
    }
    let partial = out
        .results
        .iter()
        .filter(|r| r.status == Status::Partial && r.suppressed.is_none())
        .count();
    if partial > 0 {
        let _ = writeln!(
            s,
            "{} partly in place; what they have is listed with each gap below.\n",
            plural(partial, "more control is", "more controls are")
        );
    }
    let accepted: Vec<_> = out
        .results
        .iter()
        .filter(|r| r.suppressed.is_some())
        .collect();
    if !accepted.is_empty() {
        let _ = writeln!(
            s,
            "**Accepted gaps** (suppressed in the configuration; left out of priorities and \
             posture):\n"
        );
        for r in accepted {
            let sup = r.suppressed.as_ref().expect("filtered");
            let until = sup
                .expires
                .as_ref()
                .map(|d| format!(", until {d}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "- {} ({}) — {} ({}{until})",
                control(&r.id, &r.title),
                r.status.label(),
                md(&sup.reason),
                code(&sup.at)
            );
        }
        s.push('\n');
    }
}
