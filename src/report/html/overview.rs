//! Executive summary, stack and facts, completeness by domain, what is in place.

use std::fmt::Write as _;

use super::{
    domain_name, esc, evidence_block, hours, pct, priority_badge, section_open, status_badge, svg,
    table_close, table_open,
};
use crate::assess::{Gap, Posture};
use crate::rules::Status;
use crate::scan::ScanOutput;
use crate::stack::Named;

fn posture_class(p: Posture) -> &'static str {
    match p {
        Posture::Critical => "critical",
        Posture::High => "high",
        Posture::Moderate => "moderate",
        Posture::Low => "low",
    }
}

/// The roadmap's first items (its order respects dependencies), as gaps.
/// The assessment's `do_first` gaps.
pub(super) fn first_steps(out: &ScanOutput) -> Vec<&Gap> {
    let a = &out.assessment;
    a.do_first
        .iter()
        .filter_map(|id| a.priorities.iter().find(|g| &g.id == id))
        .collect()
}

pub(super) fn executive_summary(s: &mut String, out: &ScanOutput) {
    let sm = &out.assessment.summary;
    section_open(s, "summary", "Executive summary");
    s.push_str("<div class=\"summary-grid\">\n<figure class=\"chart gauge\">");
    svg::gauge(s, sm.completeness);
    s.push_str(
        "<figcaption>Completeness, weighted by criticality (critical 8, high 4, medium 2, low 1)</figcaption></figure>\n",
    );
    let _ = write!(
        s,
        "<dl class=\"figures\">\
         <dt>Risk posture</dt><dd><span class=\"posture {cls}\">{posture:?}</span> {reason}</dd>\
         <dt>Maturity level</dt><dd><strong>{lvl}</strong> of 5</dd>\
         <dt>Completeness</dt><dd><strong>{pct}</strong> over {n} applicable controls</dd>",
        cls = posture_class(sm.posture),
        posture = sm.posture,
        reason = esc(&sm.posture_reason),
        lvl = sm.maturity_level,
        pct = pct(sm.completeness),
        n = sm.controls_applicable,
    );
    s.push_str("<dt>Statuses</dt><dd class=\"counts\">");
    for st in [
        Status::Present,
        Status::Partial,
        Status::Missing,
        Status::Unknown,
        Status::NotApplicable,
    ] {
        let n = sm.counts.get(st.label()).copied().unwrap_or(0);
        let _ = write!(s, "<span class=\"nowrap\">{} {n}</span> ", status_badge(st));
    }
    s.push_str("</dd><dt>Gaps by priority</dt><dd class=\"counts\">");
    for p in [
        crate::engine::Priority::P0,
        crate::engine::Priority::P1,
        crate::engine::Priority::P2,
        crate::engine::Priority::P3,
    ] {
        let n = sm.priorities.get(&format!("{p:?}")).copied().unwrap_or(0);
        let _ = write!(
            s,
            "<span class=\"nowrap\">{} {n}</span> ",
            priority_badge(p)
        );
    }
    s.push_str("</dd></dl>\n</div>\n");

    let first = first_steps(out);
    if first.is_empty() {
        s.push_str("<p>No gap to close: every applicable control is present.</p>\n");
    } else {
        s.push_str("<h3>The three things to do first</h3>\n<ol class=\"first\">\n");
        for g in first {
            let _ = write!(
                s,
                "<li><p><strong><a href=\"#gap-{id}\">{id}</a> {title}</strong> {badge} \
                 <span class=\"muted\">{effort}</span></p>\
                 <p><span class=\"muted\">Found:</span> {reason}.</p><p><span class=\"muted\">Do:</span> {rec}</p>",
                id = esc(&g.id),
                title = esc(&g.title),
                badge = priority_badge(g.priority),
                effort = hours(g.effort_hours),
                reason = esc(&g.reason),
                rec = crate::report::escape::html_prose(&g.recommendation),
            );
            evidence_block(s, &g.evidence, "");
            s.push_str("</li>\n");
        }
        s.push_str("</ol>\n");
    }

    s.push_str("<h3>Maturity level</h3>\n<figure class=\"chart ladder\">");
    svg::ladder(s, sm.maturity_level, &sm.next_level_blockers);
    s.push_str("</figure>\n");
    if sm.maturity_level < 5 {
        let _ = write!(
            s,
            "<details class=\"blockers\"><summary>The {n} control(s) between level {lvl} and level {next}</summary>\
             <p>Level {next} needs every applicable control of levels 1–{next} present.</p>\n<ul class=\"chips\">",
            lvl = sm.maturity_level,
            next = sm.maturity_level + 1,
            n = sm.next_level_blockers.len()
        );
        for id in &sm.next_level_blockers {
            let title = out
                .results
                .iter()
                .find(|r| &r.id == id)
                .map(|r| r.title.as_str())
                .unwrap_or("");
            let _ = write!(
                s,
                "<li><a href=\"#gap-{id}\">{id}</a> {}</li>",
                esc(title),
                id = esc(id)
            );
        }
        s.push_str("</ul></details>\n");
    } else {
        s.push_str("<p>Level 5 holds: every applicable control is present.</p>\n");
    }
    s.push_str("</section>\n");
}

fn named_rows(s: &mut String, kind: &str, items: &[Named]) {
    for n in items {
        let _ = write!(s, "<tr><td>{kind}</td><td>{}</td><td>", esc(&n.name));
        evidence_block(s, &n.evidence, "no evidence recorded");
        s.push_str("</td></tr>\n");
    }
}

pub(super) fn stack(s: &mut String, out: &ScanOutput) {
    let st = &out.stack;
    section_open(s, "stack", "Stack and facts");
    let mut langs: Vec<_> = st.languages.iter().collect();
    langs.sort_by(|a, b| b.1.bytes.cmp(&a.1.bytes).then(a.0.cmp(b.0)));
    if langs.is_empty() {
        s.push_str("<p>No source code recognised.</p>\n");
    } else {
        table_open(s, "langs", &["Language", "Files", "Share of code"]);
        for (name, l) in langs {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(name),
                l.files,
                pct(l.share)
            );
        }
        table_close(s);
    }
    let found = !(st.frameworks.is_empty() && st.platforms.is_empty() && st.databases.is_empty());
    if found {
        table_open(s, "named", &["Kind", "Name", "Evidence"]);
        named_rows(s, "framework", &st.frameworks);
        named_rows(s, "platform", &st.platforms);
        named_rows(s, "database", &st.databases);
        table_close(s);
    } else {
        s.push_str("<p>No framework, platform or database recognised.</p>\n");
    }
    if !st.kinds.is_empty() {
        let kinds: Vec<String> = st
            .kinds
            .iter()
            .map(|k| {
                serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .collect();
        let _ = writeln!(
            s,
            "<p>Project kinds: <strong>{}</strong></p>",
            esc(&kinds.join(", "))
        );
    }
    s.push_str("<h3>Facts that decide which controls apply</h3>\n");
    table_open(s, "facts", &["Fact", "Holds", "Why"]);
    for (f, v) in &st.derived {
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td>",
            f.name(),
            if v.value {
                "<span class=\"yes\">yes</span>"
            } else {
                "<span class=\"no\">no</span>"
            }
        );
        if !v.reason.is_empty() {
            let _ = write!(s, "<p>{}</p>", esc(&v.reason));
        }
        if v.value || !v.evidence.is_empty() {
            evidence_block(s, &v.evidence, "no evidence recorded");
        }
        s.push_str("</td></tr>\n");
    }
    table_close(s);
    s.push_str("</section>\n");
}

pub(super) fn domains(s: &mut String, out: &ScanOutput) {
    let sm = &out.assessment.summary;
    section_open(s, "domains", "Completeness by domain");
    s.push_str("<figure class=\"chart bars\">");
    svg::domain_bars(s, &sm.domains);
    s.push_str("<figcaption>Weighted completeness of each domain's applicable controls</figcaption></figure>\n");
    table_open(
        s,
        "domains",
        &[
            "Domain",
            "Completeness",
            "Applicable",
            "Present",
            "Partial",
            "Missing",
            "Unknown",
            "N/A",
        ],
    );
    for d in &sm.domains {
        let _ = writeln!(
            s,
            "<tr><td><a href=\"#gaps-{code}\">{code}</a> {name}</td><td class=\"num\">{c}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            d.applicable,
            d.present,
            d.partial,
            d.missing,
            d.unknown,
            d.not_applicable,
            code = esc(&d.domain),
            name = esc(&d.name),
            c = if d.applicable == 0 {
                "—".to_string()
            } else {
                pct(d.completeness)
            },
        );
    }
    table_close(s);
    s.push_str("</section>\n");
}

pub(super) fn in_place(s: &mut String, out: &ScanOutput) {
    section_open(s, "in-place", "Already in place");
    let present: Vec<_> = out
        .results
        .iter()
        .filter(|r| r.applies && r.status == Status::Present)
        .collect();
    if present.is_empty() {
        s.push_str("<p>No applicable control is fully present yet.</p>\n");
    }
    for r in present {
        let _ = write!(
            s,
            "<div class=\"control\"><h4><span class=\"id\">{id}</span> {title} {badge}{declared}</h4>\
             <p class=\"muted\">{domain} · {crit}</p><p>{reason}</p>",
            id = esc(&r.id),
            title = esc(&r.title),
            badge = status_badge(r.status),
            declared = if r.declared {
                " <span class=\"tag\">declared in infragap.toml</span>"
            } else {
                ""
            },
            domain = domain_name(&r.domain),
            crit = r.criticality.label(),
            reason = esc(&r.reason),
        );
        evidence_block(s, &r.evidence, "Declared, not detected: no file evidence.");
        s.push_str("</div>\n");
    }
    s.push_str("</section>\n");
}
