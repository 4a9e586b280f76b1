//! The one-screen summary printed before the per-control detail: how bad,
//! how far along, the five most urgent gaps with one piece of evidence (or
//! the reason nothing could be cited) each, and the size of the plan.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::super::escape::terminal as esc;
use crate::assess::Posture;
use crate::engine::Priority;
use crate::scan::ScanOutput;

const TOP_GAPS: usize = 5;
/// Width the gap lines are cut to, so each stays on one line of a terminal.
const LINE_WIDTH: usize = 110;

fn posture_style(p: Posture) -> Style {
    let c = match p {
        Posture::Critical => AnsiColor::Red,
        Posture::High => AnsiColor::Yellow,
        Posture::Moderate => AnsiColor::Blue,
        Posture::Low => AnsiColor::Green,
    };
    Style::new().bold().fg_color(Some(c.into()))
}

fn priority_style(p: Priority) -> Style {
    match p {
        Priority::P0 => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Priority::P1 => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        _ => Style::new(),
    }
}

/// Cuts `s` to `max` characters, with an ellipsis when it had more.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn range(r: [u32; 2]) -> String {
    if r[0] == r[1] {
        r[0].to_string()
    } else {
        format!("{}–{}", r[0], r[1])
    }
}

pub(super) fn render(s: &mut String, out: &ScanOutput) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let a = &out.assessment;
    let sm = &a.summary;

    let ps = posture_style(sm.posture);
    let posture = format!("{:?}", sm.posture).to_uppercase();
    let _ = writeln!(
        s,
        "{dim}posture{dim:#}    {ps}{posture}{ps:#} — {}",
        esc(&sm.posture_reason)
    );
    let level = if sm.maturity_level < 5 {
        format!(
            "level {bold}{}{bold:#} of 5 · {} control(s) block level {}",
            sm.maturity_level,
            sm.next_level_blockers.len(),
            sm.maturity_level + 1
        )
    } else {
        format!("level {bold}5{bold:#} of 5")
    };
    let _ = writeln!(s, "{dim}maturity{dim:#}   {level}");
    let applicable = sm.controls_applicable;
    let by: Vec<String> = ["P0", "P1", "P2", "P3"]
        .iter()
        .filter_map(|p| sm.priorities.get(*p).map(|n| format!("{p} {n}")))
        .collect();
    let _ = writeln!(
        s,
        "{dim}complete{dim:#}   {bold}{:.0}%{bold:#} of {applicable} applicable controls · {} gaps{}",
        sm.completeness * 100.0,
        a.priorities.len(),
        if by.is_empty() {
            String::new()
        } else {
            format!(": {}", by.join(" · "))
        }
    );

    if !a.priorities.is_empty() {
        let _ = writeln!(s, "{dim}top gaps{dim:#}");
        let top = &a.priorities[..a.priorities.len().min(TOP_GAPS)];
        let width = top
            .iter()
            .map(|g| g.id.chars().count().max(7) + g.title.chars().count() + 4)
            .max()
            .unwrap_or(0);
        for g in top {
            let pst = priority_style(g.priority);
            let head = format!("{:?} {:<7} {}", g.priority, g.id, g.title);
            let head = format!("{head:<width$}");
            let why = match g.evidence.first() {
                Some(e) => format!("→ {} {}", e.location(), e.detail),
                None => g.reason.clone(),
            };
            let room = LINE_WIDTH.saturating_sub(head.chars().count() + 5);
            let _ = writeln!(
                s,
                "  {pst}{}{pst:#}  {dim}{}{dim:#}",
                esc(&head),
                esc(&cut(&why, room.max(20)))
            );
        }
    }
    if !a.quick_wins.is_empty() {
        let _ = writeln!(
            s,
            "{dim}quick wins{dim:#} {} (≤ 4 h each): {}",
            a.quick_wins.len(),
            esc(&a.quick_wins.join(", "))
        );
    }
    let r = &a.roadmap;
    if !r.phases.is_empty() {
        let _ = writeln!(
            s,
            "{dim}roadmap{dim:#}    {} weeks at {} h/week ({} h in {} phases)",
            range(r.total_weeks),
            r.capacity_hours_per_week,
            range(r.total_hours),
            r.phases.len()
        );
    }
    let confirm: Vec<&str> = a
        .priorities
        .iter()
        .filter(|g| g.to_confirm)
        .map(|g| g.id.as_str())
        .collect();
    if !confirm.is_empty() {
        let _ = writeln!(s, "{dim}to confirm{dim:#} {}", esc(&confirm.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_marks_long() {
        assert_eq!(cut("abc", 5), "abc");
        assert_eq!(cut("abcdef", 4), "abc…");
    }
}
