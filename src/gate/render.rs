//! Views of a [`GateReport`] and a [`Diff`]: terminal, Markdown (a
//! pull-request comment or a job summary) and JSON. Nothing here decides or
//! recomputes; every string from a report or the repository is escaped for
//! its output.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::diff::{Diff, DiffGap, Finding, Side};
use super::markdown::cell as md;
use super::{GateGap, GateReport, percent};
use crate::evidence::Evidence;
use crate::report::escape::terminal as esc;
use crate::rules::Status;

/// Evidence lines shown per gap before "+N more".
const EVIDENCE_SHOWN: usize = 3;

fn green() -> Style {
    Style::new().fg_color(Some(AnsiColor::Green.into()))
}

fn red() -> Style {
    Style::new().fg_color(Some(AnsiColor::Red.into()))
}

fn status_text(status: Status, fraction: f64) -> String {
    if status == Status::Partial {
        format!("partial {}", percent(fraction))
    } else {
        status.label().to_string()
    }
}

fn evidence_line(e: &Evidence) -> String {
    if e.detail.is_empty() {
        e.location()
    } else {
        format!("{} {}", e.location(), e.detail)
    }
}

fn commit_text(c: &Option<String>) -> String {
    match c {
        Some(c) => format!("commit {}", c.chars().take(12).collect::<String>()),
        None => "no commit".into(),
    }
}

fn signed(x: f64) -> String {
    if x.abs() < 1e-9 {
        "±0".into()
    } else {
        format!("{x:+.1}").replace(".0", "")
    }
}

// ---- the gate ----

fn terminal_gap(s: &mut String, g: &GateGap) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut line = format!(
        "  {bold}{:?}{bold:#} {} {} · {}",
        g.priority,
        esc(&g.id),
        esc(&g.title),
        status_text(g.status, g.fraction)
    );
    for c in &g.changes {
        line.push_str(" · ");
        line.push_str(&c.describe());
    }
    let _ = writeln!(s, "{line}");
    if !g.reason.is_empty() {
        let _ = writeln!(s, "      {dim}{}{dim:#}", esc(&g.reason));
    }
    for e in g.evidence.iter().take(EVIDENCE_SHOWN) {
        let _ = writeln!(s, "      → {}", esc(&evidence_line(e)));
    }
    if g.evidence.len() > EVIDENCE_SHOWN {
        let _ = writeln!(s, "      … {} more", g.evidence.len() - EVIDENCE_SHOWN);
    }
}

fn terminal_gap_short(s: &mut String, g: &GateGap) {
    let _ = writeln!(
        s,
        "  {:?} {} {} · {}",
        g.priority,
        esc(&g.id),
        esc(&g.title),
        status_text(g.status, g.fraction)
    );
}

/// The gate for a terminal (ANSI styles; the stream strips them when not a tty).
pub fn check_terminal(r: &GateReport) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut s = String::new();
    let verdict = if r.passed {
        format!("{}PASSED{:#}", green().bold(), green().bold())
    } else {
        format!("{}FAILED{:#}", red().bold(), red().bold())
    };
    let _ = writeln!(
        s,
        "{bold}infragap check{bold:#} {} — {verdict}",
        esc(&r.target)
    );
    let posture = r
        .posture
        .map(|p| {
            format!(
                " · posture {} ({})",
                format!("{p:?}").to_lowercase(),
                esc(&r.posture_reason)
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "completeness {} · maturity level {}{posture}",
        percent(r.completeness),
        r.maturity_level
    );
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            s,
            "baseline {} {dim}(from {}; infragap {}, {}){dim:#}: completeness {} → {}, level {} → {}",
            esc(&b.path),
            esc(&b.source),
            esc(&b.tool_version),
            esc(&commit_text(&b.commit)),
            percent(b.completeness),
            percent(r.completeness),
            b.maturity_level,
            r.maturity_level
        );
    }
    let _ = writeln!(s);
    for c in &r.conditions {
        let mark = if c.passed {
            format!("{}✔{:#}", green(), green())
        } else {
            format!("{}✘{:#}", red(), red())
        };
        let _ = writeln!(
            s,
            "{mark} {:<9} {:<4} {dim}(from {}){dim:#}  {}",
            c.name,
            c.threshold,
            esc(&c.source),
            esc(&c.message)
        );
    }
    if !r.failing.is_empty() {
        let _ = writeln!(s, "\n{bold}failing gaps ({}){bold:#}", r.failing.len());
        for g in &r.failing {
            terminal_gap(&mut s, g);
        }
    }
    if !r.below_threshold.is_empty() {
        let threshold = r
            .conditions
            .iter()
            .find(|c| c.name == "fail_on")
            .map(|c| format!("below {}", c.threshold))
            .unwrap_or_else(|| "no fail_on set".into());
        if r.baseline.is_some() {
            let _ = writeln!(
                s,
                "\n{bold}new gaps or regressions not failing ({threshold}): {}{bold:#}",
                r.below_threshold.len()
            );
            for g in &r.below_threshold {
                terminal_gap(&mut s, g);
            }
        } else {
            let ids: Vec<String> = r
                .below_threshold
                .iter()
                .map(|g| format!("{} ({:?})", esc(&g.id), g.priority))
                .collect();
            let _ = writeln!(
                s,
                "\n{dim}other open gaps ({threshold}, {}): {}{dim:#}",
                ids.len(),
                ids.join(", ")
            );
        }
    }
    if r.baseline.is_some() {
        let _ = writeln!(
            s,
            "\n{bold}accepted by the baseline ({}){bold:#}",
            r.accepted.len()
        );
        for g in &r.accepted {
            terminal_gap_short(&mut s, g);
        }
    }
    s
}

fn md_gap_row(g: &GateGap) -> String {
    let mut why: Vec<String> = g.changes.iter().map(|c| md(&c.describe())).collect();
    if !g.reason.is_empty() {
        why.push(md(&g.reason));
    }
    let mut ev: Vec<String> = g
        .evidence
        .iter()
        .take(EVIDENCE_SHOWN)
        .map(|e| md(&evidence_line(e)))
        .collect();
    if g.evidence.len() > EVIDENCE_SHOWN {
        ev.push(format!("… {} more", g.evidence.len() - EVIDENCE_SHOWN));
    }
    format!(
        "| {:?} | {} {} | {} | {} | {} |",
        g.priority,
        md(&g.id),
        md(&g.title),
        status_text(g.status, g.fraction),
        why.join("; "),
        ev.join("<br>")
    )
}

const GAP_TABLE_HEAD: &str =
    "| Priority | Control | Status | Why | Evidence |\n|---|---|---|---|---|\n";

/// The gate as Markdown, for a job summary or a pull-request comment.
pub fn check_markdown(r: &GateReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "### {} infragap check {}\n",
        if r.passed { "✅" } else { "❌" },
        if r.passed { "passed" } else { "failed" }
    );
    let posture = r
        .posture
        .map(|p| format!(" · posture {}", format!("{p:?}").to_lowercase()))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "Completeness **{}** · maturity level **{}**{posture}\n",
        md(&percent(r.completeness)),
        r.maturity_level
    );
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            s,
            "Baseline {} (set by {}; infragap {}, {}): completeness {} → {}, level {} → {}\n",
            md(&b.path),
            md(&b.source),
            md(&b.tool_version),
            md(&commit_text(&b.commit)),
            md(&percent(b.completeness)),
            md(&percent(r.completeness)),
            b.maturity_level,
            r.maturity_level
        );
    }
    s.push_str("| | Condition | Threshold | Set by | Result |\n|---|---|---|---|---|\n");
    for c in &r.conditions {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            if c.passed { "✅" } else { "❌" },
            md(c.name),
            md(&c.threshold),
            md(&c.source),
            md(&c.message)
        );
    }
    if !r.failing.is_empty() {
        let _ = writeln!(s, "\n**Failing gaps ({})**\n", r.failing.len());
        s.push_str(GAP_TABLE_HEAD);
        for g in &r.failing {
            let _ = writeln!(s, "{}", md_gap_row(g));
        }
    }
    if !r.below_threshold.is_empty() {
        let title = if r.baseline.is_some() {
            "New gaps or regressions below the fail_on priority"
        } else {
            "Other open gaps, not failing"
        };
        let _ = writeln!(
            s,
            "\n<details><summary>{title} ({})</summary>\n",
            r.below_threshold.len()
        );
        s.push_str(GAP_TABLE_HEAD);
        for g in &r.below_threshold {
            let _ = writeln!(s, "{}", md_gap_row(g));
        }
        s.push_str("\n</details>\n");
    }
    if r.baseline.is_some() && !r.accepted.is_empty() {
        let _ = writeln!(
            s,
            "\n<details><summary>Accepted by the baseline ({})</summary>\n",
            r.accepted.len()
        );
        s.push_str("| Priority | Control | Status |\n|---|---|---|\n");
        for g in &r.accepted {
            let _ = writeln!(
                s,
                "| {:?} | {} {} | {} |",
                g.priority,
                md(&g.id),
                md(&g.title),
                status_text(g.status, g.fraction)
            );
        }
        s.push_str("\n</details>\n");
    }
    s
}

/// Pretty JSON with a trailing newline.
pub fn check_json(r: &GateReport) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("gate report serialises");
    s.push('\n');
    s
}

// ---- the diff ----

fn side_line(x: &Side) -> String {
    format!(
        "{} (infragap {}, {})",
        x.file,
        x.tool_version,
        commit_text(&x.commit)
    )
}

fn posture_text(x: &Side) -> String {
    x.posture
        .map(|p| format!("{p:?}").to_lowercase())
        .unwrap_or_else(|| "—".into())
}

fn gaps_text(x: &Side) -> String {
    format!("{}/{}/{}/{}", x.gaps[0], x.gaps[1], x.gaps[2], x.gaps[3])
}

fn status_opt(s: Option<crate::rules::Status>, fraction: f64) -> String {
    match s {
        Some(s) => status_text(s, fraction),
        None => "absent".into(),
    }
}

fn closed_how(g: &DiffGap) -> String {
    match g.status {
        None => "control no longer evaluated".into(),
        Some(_) if g.suppressed => "accepted by a suppression".into(),
        Some(s) => format!("now {}", s.label()),
    }
}

/// The diff for a terminal.
/// `analyzer v1 → v2, …` for the detectors whose version changed, escaped
/// for the output at hand; `None` when none changed.
fn detector_changes(d: &Diff, escape: fn(&str) -> String) -> Option<String> {
    if d.detector_changes.is_empty() {
        return None;
    }
    let version = |v: Option<u32>| v.map_or("—".into(), |v| format!("v{v}"));
    let list: Vec<String> = d
        .detector_changes
        .iter()
        .map(|c| {
            format!(
                "{} {} → {}",
                escape(&c.analyzer),
                version(c.from),
                version(c.to)
            )
        })
        .collect();
    Some(list.join(", "))
}

pub fn diff_terminal(d: &Diff) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{bold}infragap diff{bold:#} {} → {}",
        esc(&side_line(&d.old)),
        esc(&side_line(&d.new))
    );
    let _ = writeln!(
        s,
        "completeness {} → {} ({} pts) · maturity level {} → {} · posture {} → {} · gaps P0/P1/P2/P3 {} → {}",
        percent(d.old.completeness),
        percent(d.new.completeness),
        signed(d.completeness_delta),
        d.old.maturity_level,
        d.new.maturity_level,
        posture_text(&d.old),
        posture_text(&d.new),
        gaps_text(&d.old),
        gaps_text(&d.new)
    );
    if d.is_empty() {
        let _ = writeln!(s, "\nno change in controls, gaps or findings");
    }
    let gap_list = |s: &mut String, title: &str, list: &[DiffGap], closed: bool| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n{bold}{title} ({}){bold:#}", list.len());
        for g in list {
            let how = if closed {
                closed_how(g)
            } else {
                status_opt(g.status, g.fraction)
            };
            let _ = writeln!(
                s,
                "  {:?} {} {} · {how}",
                g.priority,
                esc(&g.id),
                esc(&g.title)
            );
            if !g.reason.is_empty() {
                let _ = writeln!(s, "      {dim}{}{dim:#}", esc(&g.reason));
            }
            for e in g.evidence.iter().take(EVIDENCE_SHOWN) {
                let _ = writeln!(s, "      → {}", esc(&evidence_line(e)));
            }
        }
    };
    gap_list(&mut s, "new gaps", &d.new_gaps, false);
    gap_list(&mut s, "closed gaps", &d.closed_gaps, true);
    if !d.status_changes.is_empty() {
        let _ = writeln!(
            s,
            "\n{bold}status changes ({}){bold:#}",
            d.status_changes.len()
        );
        for c in &d.status_changes {
            let _ = writeln!(
                s,
                "  {} {} {}: {} → {}  {dim}{}{dim:#}",
                if c.better { "▲" } else { "▼" },
                esc(&c.id),
                esc(&c.title),
                status_opt(c.from, c.from_fraction),
                status_opt(c.to, c.to_fraction),
                esc(&c.reason)
            );
        }
    }
    if !d.priority_changes.is_empty() {
        let _ = writeln!(
            s,
            "\n{bold}priority changes ({}){bold:#}",
            d.priority_changes.len()
        );
        for c in &d.priority_changes {
            let _ = writeln!(
                s,
                "  {} {}: {:?} → {:?}",
                esc(&c.id),
                esc(&c.title),
                c.from,
                c.to
            );
        }
    }
    let findings = |s: &mut String, title: &str, list: &[Finding]| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n{bold}{title} ({}){bold:#}", list.len());
        for f in list {
            let _ = writeln!(
                s,
                "  {} {}  {dim}{}{dim:#}",
                esc(&f.control),
                esc(&evidence_line(&f.evidence)),
                esc(&f.fingerprint)
            );
        }
    };
    findings(&mut s, "new findings", &d.new_findings);
    findings(&mut s, "resolved findings", &d.resolved_findings);
    if let Some(list) = detector_changes(d, esc) {
        let _ = writeln!(
            s,
            "\n{dim}detectors changed between the reports (some changes may come from infragap, not the repository): {list}{dim:#}"
        );
    }
    s
}

fn headline(d: &Diff) -> String {
    let mut parts = Vec::new();
    let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    if !d.new_gaps.is_empty() {
        parts.push(n(d.new_gaps.len(), "new gap", "new gaps"));
    }
    if !d.closed_gaps.is_empty() {
        parts.push(n(d.closed_gaps.len(), "gap closed", "gaps closed"));
    }
    if !d.new_findings.is_empty() {
        parts.push(n(d.new_findings.len(), "new finding", "new findings"));
    }
    if !d.resolved_findings.is_empty() {
        parts.push(n(
            d.resolved_findings.len(),
            "finding resolved",
            "findings resolved",
        ));
    }
    if d.level_delta != 0 {
        parts.push(format!(
            "maturity level {} → {}",
            d.old.maturity_level, d.new.maturity_level
        ));
    }
    if parts.is_empty() {
        if d.is_empty() {
            "no change".into()
        } else {
            "no gap opened or closed".into()
        }
    } else {
        parts.join(", ")
    }
}

fn change_cell(delta: f64, unit: &str) -> String {
    if delta.abs() < 1e-9 {
        "—".into()
    } else {
        format!("{}{unit}", signed(delta))
    }
}

/// The diff as a compact pull-request comment: a headline, a table of
/// figures, new and closed gaps in the open, the rest folded.
pub fn diff_markdown(d: &Diff) -> String {
    let mut s = String::new();
    let icon = if !d.new_gaps.is_empty() || !d.new_findings.is_empty() || d.level_delta < 0 {
        "⚠️"
    } else if !d.closed_gaps.is_empty() || d.level_delta > 0 {
        "✅"
    } else {
        "ℹ️"
    };
    let _ = writeln!(s, "### {icon} infragap: {}\n", headline(d));
    s.push_str("| | Before | After | Change |\n|---|---|---|---|\n");
    let _ = writeln!(
        s,
        "| Completeness | {} | {} | {} |",
        md(&percent(d.old.completeness)),
        md(&percent(d.new.completeness)),
        change_cell(d.completeness_delta, " pts")
    );
    let _ = writeln!(
        s,
        "| Maturity level | {} | {} | {} |",
        d.old.maturity_level,
        d.new.maturity_level,
        change_cell(f64::from(d.level_delta), "")
    );
    let _ = writeln!(
        s,
        "| Posture | {} | {} | {} |",
        posture_text(&d.old),
        posture_text(&d.new),
        match d.posture_change {
            Some(x) if x < 0 => "better",
            Some(x) if x > 0 => "worse",
            _ => "—",
        }
    );
    let _ = writeln!(
        s,
        "| Open gaps P0 / P1 / P2 / P3 | {} | {} | |",
        gaps_text(&d.old).replace('/', " / "),
        gaps_text(&d.new).replace('/', " / ")
    );
    let gap_table = |s: &mut String, title: &str, list: &[DiffGap], closed: bool| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n**{title} ({})**\n", list.len());
        s.push_str("| Priority | Control | Status | Reason | Evidence |\n|---|---|---|---|---|\n");
        for g in list {
            let ev: Vec<String> = g
                .evidence
                .iter()
                .take(EVIDENCE_SHOWN)
                .map(|e| md(&evidence_line(e)))
                .collect();
            let status = if closed {
                closed_how(g)
            } else {
                status_opt(g.status, g.fraction)
            };
            let _ = writeln!(
                s,
                "| {:?} | {} {} | {} | {} | {} |",
                g.priority,
                md(&g.id),
                md(&g.title),
                md(&status),
                md(&g.reason),
                ev.join("<br>")
            );
        }
    };
    gap_table(&mut s, "New gaps", &d.new_gaps, false);
    gap_table(&mut s, "Closed gaps", &d.closed_gaps, true);
    let finding_table = |s: &mut String, title: &str, list: &[Finding]| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(
            s,
            "\n<details><summary>{title} ({})</summary>\n",
            list.len()
        );
        s.push_str("| Control | Location | Detail | Fingerprint |\n|---|---|---|---|\n");
        for f in list {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                md(&f.control),
                md(&f.evidence.location()),
                md(&f.evidence.detail),
                md(&f.fingerprint)
            );
        }
        s.push_str("\n</details>\n");
    };
    finding_table(&mut s, "New hygiene findings", &d.new_findings);
    finding_table(&mut s, "Resolved hygiene findings", &d.resolved_findings);
    if !d.status_changes.is_empty() {
        let _ = writeln!(
            s,
            "\n<details><summary>Status changes ({})</summary>\n",
            d.status_changes.len()
        );
        s.push_str("| | Control | Before | After | Reason |\n|---|---|---|---|---|\n");
        for c in &d.status_changes {
            let _ = writeln!(
                s,
                "| {} | {} {} | {} | {} | {} |",
                if c.better { "▲" } else { "▼" },
                md(&c.id),
                md(&c.title),
                status_opt(c.from, c.from_fraction),
                status_opt(c.to, c.to_fraction),
                md(&c.reason)
            );
        }
        s.push_str("\n</details>\n");
    }
    if !d.priority_changes.is_empty() {
        let _ = writeln!(
            s,
            "\n<details><summary>Priority changes ({})</summary>\n",
            d.priority_changes.len()
        );
        s.push_str("| Control | Before | After |\n|---|---|---|\n");
        for c in &d.priority_changes {
            let _ = writeln!(
                s,
                "| {} {} | {:?} | {:?} |",
                md(&c.id),
                md(&c.title),
                c.from,
                c.to
            );
        }
        s.push_str("\n</details>\n");
    }
    if let Some(list) = detector_changes(d, md) {
        let _ = writeln!(
            s,
            "\nDetectors changed between the two reports, so some changes may come from infragap rather than the code: {list}."
        );
    }
    let _ = writeln!(
        s,
        "\n<sub>{} → {}</sub>",
        md(&side_line(&d.old)),
        md(&side_line(&d.new))
    );
    s
}

/// Pretty JSON with a trailing newline.
pub fn diff_json(d: &Diff) -> String {
    let mut s = serde_json::to_string_pretty(d).expect("diff serialises");
    s.push('\n');
    s
}
