//! The terminal report: a one-screen summary ([`summary`]), the stack, then
//! each control with status, reason and its strongest evidence. Colour comes from anstream, which strips it when the
//! output is not a terminal and honours NO_COLOR / CLICOLOR.

mod summary;

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::escape::terminal as esc;
use crate::rules::{DOMAINS, Status};
use crate::scan::ScanOutput;

fn style(status: Status) -> Style {
    let c = match status {
        Status::Present => AnsiColor::Green,
        Status::Partial => AnsiColor::Yellow,
        Status::Missing => AnsiColor::Red,
        Status::Unknown => AnsiColor::Magenta,
        Status::NotApplicable => AnsiColor::BrightBlack,
    };
    Style::new().fg_color(Some(c.into()))
}

fn symbol(status: Status) -> &'static str {
    match status {
        Status::Present => "✔",
        Status::Partial => "◐",
        Status::Missing => "✘",
        Status::Unknown => "?",
        Status::NotApplicable => "–",
    }
}

/// Renders with ANSI styles; the caller's stream decides whether they survive.
pub fn render(out: &ScanOutput) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut s = String::new();
    let st = &out.stack;
    let _ = writeln!(
        s,
        "{bold}infragap{bold:#} {} {dim}({} files, {} ms){dim:#}",
        esc(&out.target),
        out.stats.files,
        out.stats.duration_ms
    );
    s.push('\n');
    summary::render(&mut s, out);
    s.push('\n');
    let mut langs: Vec<_> = st.languages.iter().collect();
    langs.sort_by_key(|(_, v)| std::cmp::Reverse(v.bytes));
    let langs: Vec<String> = langs
        .iter()
        .take(5)
        .map(|(l, v)| format!("{l} {:.0}%", v.share * 100.0))
        .collect();
    let names = |v: &[crate::stack::Named]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.iter()
                .map(|n| esc(&n.name))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let _ = writeln!(
        s,
        "{dim}languages{dim:#}  {}",
        if langs.is_empty() {
            "—".into()
        } else {
            langs.join(", ")
        }
    );
    let _ = writeln!(s, "{dim}frameworks{dim:#} {}", names(&st.frameworks));
    let _ = writeln!(s, "{dim}platforms{dim:#}  {}", names(&st.platforms));
    let _ = writeln!(s, "{dim}databases{dim:#}  {}", names(&st.databases));
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
        "{dim}kinds{dim:#}      {}",
        if kinds.is_empty() {
            "—".into()
        } else {
            kinds.join(", ")
        }
    );

    for (d, name) in DOMAINS {
        let rows: Vec<_> = out.results.iter().filter(|r| r.domain == *d).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{bold}{d} — {name}{bold:#}");
        for r in rows {
            let stl = style(r.status);
            let mut pri = r.priority.map(|p| format!(" {p:?}")).unwrap_or_default();
            if r.declared {
                pri.push_str(" declared");
            }
            if let Some(sup) = &r.suppressed {
                pri.push_str(&format!(" accepted at {}", esc(&sup.at)));
            }
            let _ = writeln!(
                s,
                "  {stl}{} {:<7}{stl:#} {:<7} {} {dim}{}{dim:#}",
                symbol(r.status),
                r.status.label(),
                r.id,
                esc(&r.title),
                pri
            );
            let _ = writeln!(s, "      {dim}{}{dim:#}", esc(&r.reason));
            if let Some(e) = r.evidence.first() {
                let _ = writeln!(
                    s,
                    "      {dim}→ {} {}{dim:#}",
                    esc(&e.location()),
                    esc(&e.detail)
                );
            }
        }
    }
    if !out.warnings.is_empty() {
        let _ = writeln!(s, "\n{bold}warnings{bold:#} ({})", out.warnings.len());
        for w in out.warnings.iter().take(10) {
            let _ = writeln!(
                s,
                "  {dim}{:?}{dim:#} {}: {}",
                w.kind,
                esc(&w.path),
                esc(&w.message)
            );
        }
        if out.warnings.len() > 10 {
            let _ = writeln!(s, "  … {} more in the JSON report", out.warnings.len() - 10);
        }
    }
    s
}
