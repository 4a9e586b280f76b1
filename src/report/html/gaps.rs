//! Gaps by domain, the priority matrix, quick wins and risks.

use std::fmt::Write as _;

use super::{
    esc, evidence_block, evidence_item, hours, pct, priority_badge, section_open, status_badge,
    svg, table_close, table_open,
};
use crate::assess::{Gap, Level3};
use crate::engine::Priority;
use crate::rules::{DOMAINS, Status};
use crate::scan::ScanOutput;

fn level_span(l: Level3) -> String {
    format!("<span class=\"lvl {0}\">{0}</span>", l.label())
}

fn raised_note(g: &Gap) -> String {
    let Some(r) = &g.raised_by else {
        return String::new();
    };
    let mut s = format!(
        "Raised from {:?} because the repository has {} (<code>{}</code>",
        r.from,
        esc(r.context),
        esc(r.fact)
    );
    if let Some(e) = &r.evidence {
        let _ = write!(
            s,
            ": <code>{}</code> {}",
            esc(&e.location()),
            esc(&e.detail)
        );
    }
    s.push_str(").");
    s
}

fn gap_card(s: &mut String, g: &Gap) {
    let status = if g.status == Status::Partial {
        format!("{} {} in place", status_badge(g.status), pct(g.fraction))
    } else {
        status_badge(g.status)
    };
    let _ = write!(
        s,
        "<article class=\"gap\" id=\"gap-{id}\"><h4><span class=\"id\">{id}</span> {title} {prio}</h4>\
         <dl class=\"gap-facts\"><dt>Status</dt><dd>{status}{confirm}</dd>\
         <dt>Found</dt><dd>{reason}",
        id = esc(&g.id),
        title = esc(&g.title),
        prio = priority_badge(g.priority),
        confirm = if g.to_confirm {
            " <span class=\"tag\">to confirm: the code cannot tell</span>"
        } else {
            ""
        },
        reason = esc(&g.reason),
    );
    // A missing control's reason already says what was looked for.
    let none = if g.status == Status::Missing {
        ""
    } else {
        "No file evidence recorded."
    };
    evidence_block(s, &g.evidence, none);
    let _ = write!(
        s,
        "</dd><dt>Impact</dt><dd>business {} · technical risk {} · criticality {}. {}</dd>",
        level_span(g.business_impact),
        level_span(g.technical_risk),
        g.criticality.label(),
        raised_note(g)
    );
    let _ = write!(
        s,
        "<dt>Implement</dt><dd>{}",
        crate::report::escape::html_prose(&g.recommendation)
    );
    if let Some(stack) = &g.recommendation_for {
        let _ = write!(s, " <span class=\"muted\">(for {})</span>", esc(stack));
    }
    let _ = write!(
        s,
        "</dd><dt>Effort</dt><dd>{} · complexity {}",
        hours(g.effort_hours),
        level_span(g.fix_complexity)
    );
    if !g.effort_note.is_empty() {
        let _ = write!(s, " <span class=\"muted\">({})</span>", esc(&g.effort_note));
    }
    s.push_str("</dd>");
    if !g.requires.is_empty() {
        s.push_str("<dt>After</dt><dd>");
        for (i, r) in g.requires.iter().enumerate() {
            let _ = write!(
                s,
                "{}<a href=\"#gap-{r}\">{r}</a>",
                if i > 0 { ", " } else { "" },
                r = esc(r)
            );
        }
        s.push_str("</dd>");
    }
    s.push_str("</dl></article>\n");
}

pub(super) fn by_domain(s: &mut String, out: &ScanOutput) {
    let gaps = &out.assessment.priorities;
    section_open(s, "gaps", "Gaps by domain");
    if gaps.is_empty() {
        s.push_str("<p>No gaps: every applicable control is present or accepted.</p>\n");
    }
    for (code, name) in DOMAINS {
        let here: Vec<&Gap> = gaps.iter().filter(|g| g.domain == *code).collect();
        if here.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "<h3 id=\"gaps-{code}\">{code} — {name} <span class=\"muted\">{} gap(s)</span></h3>",
            here.len()
        );
        for g in here {
            gap_card(s, g);
        }
    }
    s.push_str("</section>\n");
}

pub(super) fn matrix(s: &mut String, out: &ScanOutput) {
    let gaps = &out.assessment.priorities;
    section_open(s, "matrix", "Priority matrix");
    if gaps.is_empty() {
        s.push_str("<p>No gaps to place.</p>\n</section>\n");
        return;
    }
    s.push_str("<figure class=\"chart matrix\">");
    svg::matrix(s, gaps);
    s.push_str(
        "<figcaption>Business impact against fix complexity; each gap coloured by priority</figcaption></figure>\n",
    );
    table_open(
        s,
        "prio",
        &[
            "Gap",
            "Priority",
            "Business impact",
            "Technical risk",
            "Fix complexity",
            "Effort",
        ],
    );
    for g in gaps {
        let _ = writeln!(
            s,
            "<tr><td><a href=\"#gap-{id}\">{id}</a> {title}</td><td>{}{raised}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            priority_badge(g.priority),
            level_span(g.business_impact),
            level_span(g.technical_risk),
            level_span(g.fix_complexity),
            hours(g.effort_hours),
            id = esc(&g.id),
            title = esc(&g.title),
            raised = g
                .raised_by
                .as_ref()
                .map(|r| format!(" <span class=\"muted\">↑ {}</span>", esc(r.context)))
                .unwrap_or_default(),
        );
    }
    table_close(s);
    s.push_str("</section>\n");
}

pub(super) fn quick_wins(s: &mut String, out: &ScanOutput) {
    let a = &out.assessment;
    section_open(s, "quick-wins", "Quick wins");
    if a.quick_wins.is_empty() {
        s.push_str(
            "<p>No gap is both small (≤ 4 hours) and of high enough value.</p>\n</section>\n",
        );
        return;
    }
    s.push_str("<p>Small effort, high value, nothing to wait for: worth doing this week.</p>\n<ol class=\"wins\">\n");
    for id in &a.quick_wins {
        let Some(g) = a.priorities.iter().find(|g| &g.id == id) else {
            continue;
        };
        let _ = writeln!(
            s,
            "<li><a href=\"#gap-{id}\">{id}</a> <strong>{title}</strong> {prio} <span class=\"muted\">{effort}</span><br>{rec}</li>",
            id = esc(&g.id),
            title = esc(&g.title),
            prio = priority_badge(g.priority),
            effort = hours(g.effort_hours),
            rec = crate::report::escape::html_prose(&g.recommendation),
        );
    }
    s.push_str("</ol>\n</section>\n");
}

/// Risks: the gaps of high business impact at P0/P1, each with what was
/// found and, where context raised it, the evidence of that context.
pub(super) fn risks(s: &mut String, out: &ScanOutput) {
    section_open(s, "risks", "Risks");
    let risky: Vec<&Gap> = out
        .assessment
        .priorities
        .iter()
        .filter(|g| g.business_impact == Level3::High && g.priority <= Priority::P1)
        .collect();
    if risky.is_empty() {
        s.push_str("<p>No gap of high business impact at P0 or P1.</p>\n</section>\n");
        return;
    }
    s.push_str(
        "<p>Gaps of high business impact at P0 or P1: what is exposed until each is closed.</p>\n",
    );
    s.push_str("<ul class=\"risks\">\n");
    for g in risky {
        let _ = write!(
            s,
            "<li><a href=\"#gap-{id}\">{id}</a> <strong>{title}</strong> {} \
             <span class=\"nowrap\"><span class=\"muted\">technical risk</span> {}</span><br>{}. {}",
            priority_badge(g.priority),
            level_span(g.technical_risk),
            esc(&g.reason),
            raised_note(g),
            id = esc(&g.id),
            title = esc(&g.title),
        );
        if let Some(e) = g.evidence.first() {
            s.push_str("<ul class=\"plain\">");
            evidence_item(s, e);
            s.push_str("</ul>");
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ul>\n");
    s.push_str("</section>\n");
}
