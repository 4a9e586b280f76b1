//! The plan: the phased roadmap, quick wins, costs and success metrics.

use std::fmt::Write as _;

use super::{code, control, evidence, hours, md, money, priority, prose, title, weeks};
use crate::scan::ScanOutput;

pub(super) fn roadmap(s: &mut String, out: &ScanOutput) {
    let r = &out.assessment.roadmap;
    if r.phases.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Phased roadmap\n");
    let _ = writeln!(
        s,
        "Phases follow priority; inside a phase a control comes after the controls it needs. \
         Weeks assume {} engineering hours a week. In total: {}, {}.\n",
        r.capacity_hours_per_week,
        hours(r.total_hours),
        weeks(r.total_weeks)
    );
    let _ = writeln!(s, "| Phase | Goal | Controls | Effort | Weeks | Timeline |");
    let _ = writeln!(s, "|---|---|---:|---:|---:|---|");
    for p in &r.phases {
        let _ = writeln!(
            s,
            "| {}. {} | {} | {} | {} | {} | weeks {}–{} |",
            p.number,
            p.name,
            p.goal,
            p.items.len(),
            hours(p.hours),
            weeks(p.weeks),
            p.start_week,
            p.end_week
        );
    }
    s.push('\n');
    for p in &r.phases {
        let _ = writeln!(
            s,
            "### Phase {}: {} ({} gaps)\n",
            p.number,
            p.name,
            priority(p.priority)
        );
        // Order notes only where the phase has any: requirements, or an
        // item pulled in from a later phase.
        let notes: Vec<String> = p
            .items
            .iter()
            .map(|item| {
                let mut order = Vec::new();
                if !item.after.is_empty() {
                    order.push(format!("after {}", md(&item.after.join(", "))));
                }
                if let Some(by) = &item.pulled_forward_by {
                    order.push(format!(
                        "{}, pulled forward: {} needs it",
                        priority(item.priority),
                        md(by)
                    ));
                }
                order.join("; ")
            })
            .collect();
        let with_notes = notes.iter().any(|n| !n.is_empty());
        if with_notes {
            let _ = writeln!(s, "| # | Control | Effort | Order |");
            let _ = writeln!(s, "|---:|---|---:|---|");
        } else {
            let _ = writeln!(s, "| # | Control | Effort |");
            let _ = writeln!(s, "|---:|---|---:|");
        }
        for (i, (item, note)) in p.items.iter().zip(&notes).enumerate() {
            let note = if with_notes {
                format!(" {note} |")
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} |{note}",
                i + 1,
                control(&item.id, &item.title),
                hours(item.effort_hours),
            );
        }
        s.push('\n');
    }
}

pub(super) fn quick_wins(s: &mut String, out: &ScanOutput) {
    let a = &out.assessment;
    if a.quick_wins.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Quick wins\n");
    let _ = writeln!(
        s,
        "Small effort (at most 4 hours), priority P2 or higher, nothing to do first.\n"
    );
    let _ = writeln!(s, "| Control | Priority | Effort | Found |");
    let _ = writeln!(s, "|---|---|---:|---|");
    for id in &a.quick_wins {
        let Some(g) = a.priorities.iter().find(|g| &g.id == id) else {
            continue;
        };
        let found = match g.evidence.first() {
            Some(e) => format!("{}: {}", prose(&g.reason), evidence(e)),
            None => prose(&g.reason),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {found} |",
            control(&g.id, &g.title),
            priority(g.priority),
            hours(g.effort_hours)
        );
    }
    s.push('\n');
}

pub(super) fn costs(s: &mut String, out: &ScanOutput) {
    let a = &out.assessment;
    let c = &a.costs;
    if a.roadmap.phases.is_empty() {
        return;
    }
    let m = |r: [u32; 2]| money(&c.currency, r);
    let _ = writeln!(s, "## Costs\n");
    let _ = writeln!(
        s,
        "Planning estimates, not quotes: monthly price ranges from infragap's pricing catalog \
         dated {} ({}), engineering at {} per hour.\n",
        md(&c.catalog_date),
        md(&c.currency),
        m([c.hourly_rate; 2])
    );
    let _ = writeln!(
        s,
        "| Phase | Services added (per month) | Engineering (one-off) |"
    );
    let _ = writeln!(s, "|---|---:|---:|");
    for pc in &c.phases {
        let name = a
            .roadmap
            .phases
            .iter()
            .find(|p| p.number == pc.phase)
            .map(|p| p.name)
            .unwrap_or("");
        let _ = writeln!(
            s,
            "| {}. {name} | {} | {} |",
            pc.phase,
            m(pc.monthly),
            m(pc.engineering)
        );
    }
    let _ = writeln!(
        s,
        "| **Total** | **{}** | **{}** |\n",
        m(c.monthly_total),
        m(c.engineering_total)
    );
    if c.monthly_total_self_hosted != c.monthly_total {
        let _ = writeln!(
            s,
            "With the self-hosted alternatives wherever one exists: {} per month (hosting \
             only, plus the time to run them).\n",
            m(c.monthly_total_self_hosted)
        );
    }

    // One row per service, with every gap it closes.
    let counted: Vec<_> = c.items.iter().filter(|i| i.counted).collect();
    if !counted.is_empty() {
        let _ = writeln!(
            s,
            "| Service | Closes | Per month | Self-hosted alternative | From phase |"
        );
        let _ = writeln!(s, "|---|---|---:|---|---:|");
        for item in counted {
            let closes: Vec<&str> = c
                .items
                .iter()
                .filter(|i| i.service_id == item.service_id)
                .map(|i| i.control.as_str())
                .collect();
            let alt = match (&item.self_hosted, item.self_hosted_monthly) {
                (Some(n), Some(r)) => format!("{} ({})", md(n), m(r)),
                (Some(n), None) => md(n),
                _ => "—".into(),
            };
            let source = if item.source == "built-in" {
                String::new()
            } else {
                format!(" (price from {})", code(&item.source))
            };
            let _ = writeln!(
                s,
                "| {}{source} | {} | {} | {alt} | {} |",
                md(&item.service),
                md(&closes.join(", ")),
                m(item.monthly),
                item.phase
            );
        }
        s.push('\n');
    }
    if !c.engineering_only.is_empty() {
        let _ = writeln!(
            s,
            "Engineering time only (no service to buy): {}.\n",
            md(&c.engineering_only.join(", "))
        );
    }
}

pub(super) fn metrics(s: &mut String, out: &ScanOutput) {
    let ms = &out.assessment.metrics;
    if ms.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Success metrics\n");
    let _ = writeln!(s, "| Metric | Now | Target |");
    let _ = writeln!(s, "|---|---|---|");
    for m in ms {
        let name = match &m.control {
            Some(id) => control(id, title(out, id)),
            None => prose(&m.name),
        };
        let _ = writeln!(
            s,
            "| {name} | {} | {} |",
            prose(&m.current),
            prose(&m.target)
        );
    }
    s.push('\n');
}
