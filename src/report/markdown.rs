//! The Markdown report: a consultant's infrastructure gap analysis, with the
//! evidence behind every line. A view of the one [`Assessment`]: sections
//! read it in the order a tech lead asks (how bad, what is there, what is
//! missing, in what order, for how much) and recompute nothing.
//!
//! Everything from the scanned repository or a rule file goes through
//! [`super::escape`]: `md` for names and details, `prose` for rule text,
//! `code` for paths. The output is deterministic (no date, no timings), so
//! it can be committed and diffed.
//!
//! [`Assessment`]: crate::assess::Assessment

mod appendix;
mod gaps;
mod overview;
mod plan;

use super::figures::{hours, pct, thousands};
use crate::engine::{ControlResult, Priority};
use crate::evidence::Evidence;
use crate::scan::ScanOutput;

pub use super::escape::{markdown as md, markdown_code as code, markdown_prose as prose};

/// Evidence items shown inline before pointing at the appendix.
const INLINE_EVIDENCE: usize = 2;

pub fn render(out: &ScanOutput) -> String {
    let mut s = String::new();
    overview::header(&mut s, out);
    overview::executive_summary(&mut s, out);
    overview::stack(&mut s, out);
    overview::domains(&mut s, out);
    overview::in_place(&mut s, out);
    gaps::by_domain(&mut s, out);
    gaps::matrix(&mut s, out);
    plan::roadmap(&mut s, out);
    plan::quick_wins(&mut s, out);
    plan::costs(&mut s, out);
    plan::metrics(&mut s, out);
    gaps::risks(&mut s, out);
    appendix::checklist(&mut s, out);
    appendix::controls(&mut s, out);
    appendix::facts_not_found(&mut s, out);
    appendix::warnings(&mut s, out);
    // One trailing newline, whatever the last section wrote.
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// `` `path:line` detail ``, escaped. Evidence about the whole repository
/// (path `.`, no line) is its detail alone.
fn evidence(e: &Evidence) -> String {
    if e.path == "." && e.line.is_none() && !e.detail.is_empty() {
        md(&e.detail)
    } else if e.detail.is_empty() {
        code(&e.location())
    } else {
        let loc = code(&e.location());
        // An escaped (not code-span) location needs a visible end.
        let sep = if loc.starts_with('`') { " " } else { " — " };
        format!("{loc}{sep}{}", md(&e.detail))
    }
}

/// Evidence items without repeats (two predicates can cite the same line).
fn distinct(ev: &[Evidence]) -> Vec<&Evidence> {
    let mut out: Vec<&Evidence> = Vec::new();
    for e in ev {
        if !out
            .iter()
            .any(|o| o.path == e.path && o.line == e.line && o.detail == e.detail)
        {
            out.push(e);
        }
    }
    out
}

/// The first `n` evidence items on one line, and how many more there are.
/// ` · ` separates them: details often end in `;` or `,` themselves.
fn evidence_inline(ev: &[Evidence], n: usize) -> String {
    let ev = distinct(ev);
    let mut parts: Vec<String> = ev.iter().take(n).map(|e| evidence(e)).collect();
    if ev.len() > n {
        parts.push(format!("+{} more", ev.len() - n));
    }
    parts.join(" · ")
}

fn weeks(w: [u32; 2]) -> String {
    let unit = if w[1] == 1 { "week" } else { "weeks" };
    if w[0] == w[1] {
        format!("{} {unit}", w[0])
    } else {
        format!("{}–{} {unit}", w[0], w[1])
    }
}

/// A money range in the catalog's currency: `$120–$1,690` for USD. The
/// dollar sign is escaped: two of them on a line open maths on GitHub.
fn money(currency: &str, r: [u32; 2]) -> String {
    let one = |n: u32| match currency {
        "USD" => format!("\\${}", thousands(n)),
        "EUR" => format!("€{}", thousands(n)),
        "GBP" => format!("£{}", thousands(n)),
        c => format!("{} {}", thousands(n), md(c)),
    };
    if r[0] == r[1] {
        one(r[0])
    } else {
        format!("{}–{}", one(r[0]), one(r[1]))
    }
}

fn priority(p: Priority) -> &'static str {
    match p {
        Priority::P0 => "P0",
        Priority::P1 => "P1",
        Priority::P2 => "P2",
        Priority::P3 => "P3",
    }
}

/// `SEC-04 Dependency vulnerability scanning`, escaped (user rules name both).
fn control(id: &str, title: &str) -> String {
    format!("**{}** {}", md(id), prose(title))
}

fn result<'a>(out: &'a ScanOutput, id: &str) -> Option<&'a ControlResult> {
    out.results.iter().find(|r| r.id == id)
}

/// The control's title, for lists that only carry ids.
fn title<'a>(out: &'a ScanOutput, id: &str) -> &'a str {
    result(out, id).map(|r| r.title.as_str()).unwrap_or("")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_report() {
        assert_eq!(thousands(1690), "1,690");
        assert_eq!(thousands(61900), "61,900");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(money("USD", [120, 1690]), "\\$120–\\$1,690");
        assert_eq!(money("CHF", [5, 5]), "5 CHF");
        assert_eq!(hours([1, 4]), "1–4 h");
        assert_eq!(weeks([1, 1]), "1 week");
        assert_eq!(weeks([1, 2]), "1–2 weeks");
    }

    #[test]
    fn evidence_is_escaped_and_counted() {
        let ev = vec![
            Evidence::at("a|b<x>.env", 3, "key `AKIA…` *here*"),
            Evidence::file("b.ts", "test file"),
            Evidence::file("b.ts", "test file"),
            Evidence::file("c.ts", "test file"),
        ];
        assert_eq!(
            evidence_inline(&ev, 2),
            "a\\|b&lt;x&gt;.env:3 — key \\`AKIA…\\` \\*here\\* · `b.ts` test file · +1 more"
        );
        assert_eq!(
            evidence(&Evidence::file(".", "scanned 3 files")),
            "scanned 3 files"
        );
    }
}
