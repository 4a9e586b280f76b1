//! Roadmap, costs, success metrics, the readiness checklist and the appendix.

use std::fmt::Write as _;

use super::{
    esc, evidence_block, hours, money, priority_badge, section_open, status_badge, svg,
    table_close, table_open,
};
use crate::rules::{DOMAINS, Status};
use crate::scan::ScanOutput;

pub(super) fn roadmap(s: &mut String, out: &ScanOutput) {
    let rm = &out.assessment.roadmap;
    section_open(s, "roadmap", "Roadmap");
    if rm.phases.is_empty() {
        s.push_str("<p>Nothing to plan: no open gaps.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        s,
        "<p>{} in all, {}–{} week(s) at {} engineering hours a week. \
         Phases follow priority; a control that another needs moves up with it.</p>",
        hours(rm.total_hours),
        rm.total_weeks[0],
        rm.total_weeks[1],
        rm.capacity_hours_per_week
    );
    s.push_str("<figure class=\"chart timeline\">");
    svg::timeline(s, &rm.phases);
    s.push_str("<figcaption>Phases over weeks (midpoint of each phase's effort range at the team's capacity)</figcaption></figure>\n");
    for p in &rm.phases {
        let _ = writeln!(
            s,
            "<h3>Phase {n} — {name} {prio}</h3>\n<p>{goal}: weeks {a}–{b}, {h} ({w0}–{w1} week(s)).</p>\n<ol class=\"items\">",
            n = p.number,
            name = p.name,
            prio = priority_badge(p.priority),
            goal = capitalise(p.goal),
            a = p.start_week,
            b = p.end_week,
            h = hours(p.hours),
            w0 = p.weeks[0],
            w1 = p.weeks[1],
        );
        for i in &p.items {
            // The phase states its priority; only an item moved up shows its own.
            let prio = if i.priority == p.priority {
                String::new()
            } else {
                format!(" {}", priority_badge(i.priority))
            };
            let _ = write!(
                s,
                "<li><a href=\"#gap-{id}\">{id}</a> {title}{prio} <span class=\"muted\">{h}</span>",
                id = esc(&i.id),
                title = esc(&i.title),
                h = hours(i.effort_hours),
            );
            if !i.after.is_empty() {
                let after: Vec<String> = i.after.iter().map(|a| esc(a)).collect();
                let _ = write!(
                    s,
                    " <span class=\"muted\">after {}</span>",
                    after.join(", ")
                );
            }
            if let Some(by) = &i.pulled_forward_by {
                let _ = write!(
                    s,
                    " <span class=\"tag\">moved up: {} needs it</span>",
                    esc(by)
                );
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ol>\n");
    }
    s.push_str("</section>\n");
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn costs(s: &mut String, out: &ScanOutput) {
    let c = &out.assessment.costs;
    let cur = &c.currency;
    section_open(s, "costs", "Costs");
    let _ = writeln!(
        s,
        "<p>Monthly ranges from the pricing catalog dated <strong>{}</strong> ({}); \
         engineering at {} {}/hour. Prices change: check them before you buy.</p>",
        esc(&c.catalog_date),
        esc(cur),
        c.hourly_rate,
        esc(cur)
    );
    let _ = writeln!(
        s,
        "<dl class=\"totals\"><dt>Services, per month</dt><dd>{}</dd>\
         <dt>Self-hosted where possible</dt><dd>{}</dd>\
         <dt>Engineering, one-off</dt><dd>{}</dd></dl>",
        money(cur, c.monthly_total),
        money(cur, c.monthly_total_self_hosted),
        money(cur, c.engineering_total)
    );
    if !c.items.is_empty() {
        table_open(
            s,
            "cost-items",
            &[
                "Gap",
                "Service",
                "Per month",
                "Self-hosted alternative",
                "Phase",
            ],
        );
        for i in &c.items {
            let monthly = if i.counted {
                money(cur, i.monthly)
            } else {
                format!(
                    "<span class=\"muted\">{}<br>already counted</span>",
                    money(cur, i.monthly)
                )
            };
            let alt = match (&i.self_hosted, i.self_hosted_monthly) {
                (Some(n), Some(m)) => format!("{} · {}", esc(n), money(cur, m)),
                (Some(n), None) => esc(n),
                _ => "—".into(),
            };
            let source = if i.source == "built-in" {
                String::new()
            } else {
                format!(" <span class=\"muted\">({})</span>", esc(&i.source))
            };
            let _ = writeln!(
                s,
                "<tr><td><a href=\"#gap-{id}\">{id}</a></td><td>{}{source}</td><td class=\"num\">{monthly}</td><td>{alt}</td><td class=\"num\">{}</td></tr>",
                esc(&i.service),
                i.phase,
                id = esc(&i.control),
            );
        }
        table_close(s);
    }
    if !c.phases.is_empty() {
        table_open(
            s,
            "cost-phases",
            &["Phase", "Adds per month", "Engineering (one-off)"],
        );
        for p in &c.phases {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                p.phase,
                money(cur, p.monthly),
                money(cur, p.engineering)
            );
        }
        table_close(s);
    }
    if !c.engineering_only.is_empty() {
        let ids: Vec<String> = c.engineering_only.iter().map(|i| esc(i)).collect();
        let _ = writeln!(
            s,
            "<p>Engineering time only, no service to buy: {}.</p>",
            ids.join(", ")
        );
    }
    s.push_str("</section>\n");
}

pub(super) fn metrics(s: &mut String, out: &ScanOutput) {
    section_open(s, "metrics", "Success metrics");
    table_open(s, "metrics", &["Metric", "Now", "Target"]);
    for m in &out.assessment.metrics {
        let name = match &m.control {
            Some(id) => format!(
                "<a href=\"#gap-{id}\">{id}</a> {}",
                esc(&m.name),
                id = esc(id)
            ),
            None => esc(&m.name),
        };
        let _ = writeln!(
            s,
            "<tr><td>{name}</td><td>{}</td><td>{}</td></tr>",
            esc(&m.current),
            esc(&m.target)
        );
    }
    table_close(s);
    s.push_str("</section>\n");
}

pub(super) fn checklist(s: &mut String, out: &ScanOutput) {
    section_open(s, "checklist", "Readiness checklist");
    s.push_str("<div class=\"checklist\">\n");
    for (code, name) in DOMAINS {
        let items: Vec<_> = out
            .assessment
            .checklist
            .iter()
            .filter(|c| c.domain == *code)
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = write!(s, "<div class=\"check-group\"><h4>{code} — {name}</h4><ul>");
        for c in items {
            let (mark, class) = match (c.checked, c.applies) {
                (_, false) => ("–", "na"),
                (true, true) => ("☑", "done"),
                (false, true) => ("☐", "todo"),
            };
            let _ = write!(
                s,
                "<li class=\"{class}\"><span class=\"box\">{mark}</span> <span class=\"id\">{}</span> {}{}</li>",
                esc(&c.id),
                esc(&c.title),
                if c.status == Status::Partial {
                    " <span class=\"muted\">(partial)</span>"
                } else if !c.applies {
                    " <span class=\"muted\">(not applicable)</span>"
                } else {
                    ""
                }
            );
        }
        s.push_str("</ul></div>\n");
    }
    s.push_str("</div>\n</section>\n");
}

pub(super) fn appendix(s: &mut String, out: &ScanOutput) {
    section_open(s, "appendix", "Appendix: every control");
    table_open(
        s,
        "appendix",
        &[
            "Control",
            "Criticality",
            "Level",
            "Status",
            "Priority",
            "Finding",
        ],
    );
    for r in &out.results {
        let _ = write!(
            s,
            "<tr><td><span class=\"id\">{}</span> {}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>",
            esc(&r.id),
            esc(&r.title),
            r.criticality.label(),
            r.level,
            status_badge(r.status),
            r.priority.map(priority_badge).unwrap_or_else(|| "—".into()),
        );
        if r.applies {
            let _ = write!(s, "{}", esc(&r.reason));
        } else {
            let _ = write!(s, "Not applicable: {}", esc(&r.applicability_reason));
        }
        if r.declared {
            s.push_str(" <span class=\"tag\">declared in infragap.toml</span>");
        }
        if let Some(sup) = &r.suppressed {
            let _ = write!(
                s,
                " <span class=\"tag\">accepted at {}: {}</span>",
                esc(&sup.at),
                esc(&sup.reason)
            );
        }
        if !r.evidence.is_empty() {
            evidence_block(s, &r.evidence, "");
        } else if !r.applies && !r.applicability_evidence.is_empty() {
            evidence_block(s, &r.applicability_evidence, "");
        }
        s.push_str("</td></tr>\n");
    }
    table_close(s);
    s.push_str("</section>\n");
}
