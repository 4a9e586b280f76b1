//! Hand-drawn inline SVG charts. Each scales by its viewBox (no fixed pixel
//! size), carries a `<title>` for screen readers and tooltips, and escapes
//! every string that came from the repository (ids, titles of user rules).
//! Widths are chosen so the text stays readable when a phone shrinks them.

use std::fmt::Write as _;

use super::{esc, pct, priority_class};
use crate::assess::{DomainScore, Gap, Level3, Phase};
use crate::engine::Priority;

fn open(s: &mut String, w: f64, h: f64, class: &str, label: &str) {
    let _ = write!(
        s,
        "<svg class=\"{class}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{l}\"><title>{l}</title>",
        l = esc(label)
    );
}

/// Completeness colour: red below 40 %, amber below 70 %, green above.
fn score_colour(f: f64) -> &'static str {
    if f < 0.4 {
        "#d92d20"
    } else if f < 0.7 {
        "#f79009"
    } else {
        "#12b76a"
    }
}

/// A half-circle gauge of overall completeness.
pub(super) fn gauge(s: &mut String, f: f64) {
    let f = f.clamp(0.0, 1.0);
    open(
        s,
        200.0,
        122.0,
        "svg-gauge",
        &format!("Completeness {}", pct(f)),
    );
    let (cx, cy, r) = (100.0, 104.0, 80.0);
    let _ = write!(
        s,
        "<path d=\"M {x0} {cy} A {r} {r} 0 0 1 {x1} {cy}\" fill=\"none\" stroke=\"#eaecf0\" stroke-width=\"18\"/>",
        x0 = cx - r,
        x1 = cx + r
    );
    if f > 0.0 {
        let a = std::f64::consts::PI * f;
        let (x, y) = (cx - r * a.cos(), cy - r * a.sin());
        let _ = write!(
            s,
            "<path d=\"M {x0} {cy} A {r} {r} 0 0 1 {x:.2} {y:.2}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"18\"/>",
            x0 = cx - r,
            c = score_colour(f)
        );
    }
    let _ = write!(
        s,
        "<text x=\"{cx}\" y=\"{y1}\" text-anchor=\"middle\" class=\"big\">{p}</text>\
         <text x=\"{cx}\" y=\"{y2}\" text-anchor=\"middle\" class=\"small\">complete</text>\
         <text x=\"{x0}\" y=\"120\" text-anchor=\"middle\" class=\"small\">0</text>\
         <text x=\"{x1}\" y=\"120\" text-anchor=\"middle\" class=\"small\">100</text></svg>",
        y1 = cy - 16.0,
        y2 = cy + 2.0,
        p = pct(f),
        x0 = cx - r,
        x1 = cx + r
    );
}

/// One bar per domain, the label above its bar so a phone keeps it legible.
pub(super) fn domain_bars(s: &mut String, domains: &[DomainScore]) {
    const W: f64 = 360.0;
    const ROW: f64 = 34.0;
    let h = ROW * domains.len() as f64 + 4.0;
    open(s, W, h, "svg-bars", "Completeness by domain");
    for (i, d) in domains.iter().enumerate() {
        let y = i as f64 * ROW;
        let value = if d.applicable == 0 {
            "n/a".to_string()
        } else {
            pct(d.completeness)
        };
        let _ = write!(
            s,
            "<g><title>{code} {name}: {value} ({p} present, {pa} partial, {m} missing of {a} applicable)</title>\
             <text x=\"0\" y=\"{ty}\" class=\"label\"><tspan class=\"code\">{code}</tspan> {name}</text>\
             <text x=\"{W}\" y=\"{ty}\" text-anchor=\"end\" class=\"label value\">{value}</text>\
             <rect x=\"0\" y=\"{by}\" width=\"{W}\" height=\"10\" rx=\"3\" fill=\"#eaecf0\"/>",
            code = esc(&d.domain),
            name = esc(&d.name),
            p = d.present,
            pa = d.partial,
            m = d.missing,
            a = d.applicable,
            ty = y + 13.0,
            by = y + 18.0,
        );
        if d.applicable > 0 && d.completeness > 0.0 {
            let _ = write!(
                s,
                "<rect x=\"0\" y=\"{by}\" width=\"{w:.1}\" height=\"10\" rx=\"3\" fill=\"{c}\"/>",
                by = y + 18.0,
                w = (W * d.completeness.clamp(0.0, 1.0)).max(3.0),
                c = score_colour(d.completeness)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
}

/// The gated ladder: five steps, the current one highlighted, the next one
/// outlined, and the controls that block it named underneath.
pub(super) fn ladder(s: &mut String, level: u8, blockers: &[String]) {
    const W: f64 = 360.0;
    const STEP_W: f64 = 64.0;
    const GAP: f64 = 7.0;
    const BASE: f64 = 136.0;
    const PER_LINE: usize = 6;
    let lines: Vec<&[String]> = blockers.chunks(PER_LINE).collect();
    let h = BASE
        + 12.0
        + if level < 5 {
            18.0 + 16.0 * lines.len() as f64
        } else {
            0.0
        };
    open(
        s,
        W,
        h,
        "svg-ladder",
        &format!("Maturity level {level} of 5"),
    );
    for l in 1..=5u8 {
        let x = 4.0 + (l - 1) as f64 * (STEP_W + GAP);
        let sh = 26.0 + (l - 1) as f64 * 22.0;
        let y = BASE - sh;
        let (fill, stroke, text, extra) = match l.cmp(&level) {
            std::cmp::Ordering::Less => ("#bfd3fe", "#bfd3fe", "#1e3a8a", ""),
            std::cmp::Ordering::Equal => ("#1d4ed8", "#1d4ed8", "#ffffff", ""),
            std::cmp::Ordering::Greater if l == level + 1 => {
                ("#fff4f2", "#d92d20", "#b42318", " stroke-dasharray=\"4 3\"")
            }
            std::cmp::Ordering::Greater => ("#f2f4f7", "#d0d5dd", "#667085", ""),
        };
        let state = match l.cmp(&level) {
            std::cmp::Ordering::Less => "reached",
            std::cmp::Ordering::Equal => "current level",
            std::cmp::Ordering::Greater if l == level + 1 => "next level",
            std::cmp::Ordering::Greater => "not reached",
        };
        let _ = write!(
            s,
            "<g><title>Level {l}: {state}</title><rect x=\"{x}\" y=\"{y}\" width=\"{STEP_W}\" height=\"{sh}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{extra}/>\
             <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"{text}\" class=\"step\">L{l}</text></g>",
            tx = x + STEP_W / 2.0,
            ty = y + 18.0,
        );
        if l == level {
            let _ = write!(
                s,
                "<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" class=\"small strong\">you are here</text>",
                tx = x + STEP_W / 2.0,
                ty = y - 6.0,
            );
        }
    }
    let _ = write!(
        s,
        "<line x1=\"0\" y1=\"{BASE}\" x2=\"{W}\" y2=\"{BASE}\" stroke=\"#98a2b3\" stroke-width=\"1\"/>"
    );
    if level < 5 {
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{y}\" class=\"label strong\">Level {} is blocked by {} control(s):</text>",
            level + 1,
            blockers.len(),
            y = BASE + 24.0,
        );
        for (i, line) in lines.iter().enumerate() {
            let ids: Vec<String> = line.iter().map(|b| esc(b)).collect();
            let _ = write!(
                s,
                "<text x=\"0\" y=\"{y}\" class=\"mono\">{}</text>",
                ids.join(", "),
                y = BASE + 42.0 + 16.0 * i as f64,
            );
        }
    }
    s.push_str("</svg>");
}

fn priority_fill(p: Priority) -> (&'static str, &'static str) {
    match p {
        Priority::P0 => ("#b42318", "#ffffff"),
        Priority::P1 => ("#ec6a0a", "#ffffff"),
        Priority::P2 => ("#fdb022", "#1d2939"),
        Priority::P3 => ("#d0d5dd", "#1d2939"),
    }
}

/// Impact (rows, high at the top) by fix complexity (columns, low at the
/// left): the top-left cell is where the cheap, valuable work is.
pub(super) fn matrix(s: &mut String, gaps: &[Gap]) {
    const W: f64 = 430.0;
    const LEFT: f64 = 22.0;
    const TOP: f64 = 20.0;
    const CHIP_H: f64 = 16.0;
    const PAD: f64 = 4.0;
    let cw = (W - LEFT) / 3.0;
    let longest = gaps.iter().map(|g| g.id.chars().count()).max().unwrap_or(6);
    let chip_w = (longest as f64 * 5.6 + 6.0).max(36.0).min(cw - 2.0 * PAD);
    let per_row = (((cw - PAD) / (chip_w + PAD)).floor() as usize).max(1);
    let levels = [Level3::High, Level3::Medium, Level3::Low];
    let cols = [Level3::Low, Level3::Medium, Level3::High];
    let cell = |imp: Level3, cx: Level3| -> Vec<&Gap> {
        gaps.iter()
            .filter(|g| g.business_impact == imp && g.fix_complexity == cx)
            .collect()
    };
    let heights: Vec<f64> = levels
        .iter()
        .map(|&imp| {
            let rows = cols
                .iter()
                .map(|&cx| cell(imp, cx).len().div_ceil(per_row))
                .max()
                .unwrap_or(0)
                // Two rows at least, so the rotated row label fits its row.
                .max(2);
            PAD * 2.0 + rows as f64 * (CHIP_H + PAD) - PAD
        })
        .collect();
    let grid_h: f64 = heights.iter().sum();
    let h = TOP + grid_h + 34.0;
    open(
        s,
        W,
        h,
        "svg-matrix",
        "Priority matrix: business impact by fix complexity",
    );
    for (c, cx) in cols.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"13\" text-anchor=\"middle\" class=\"label\">{} complexity</text>",
            cx.label(),
            x = LEFT + cw * (c as f64 + 0.5),
        );
    }
    s.push_str("<text x=\"0\" y=\"13\" class=\"small strong\">impact</text>");
    let mut y = TOP;
    for (r, &imp) in levels.iter().enumerate() {
        let rh = heights[r];
        let _ = write!(
            s,
            "<text transform=\"translate({tx} {ty}) rotate(-90)\" text-anchor=\"middle\" class=\"label\">{}</text>",
            imp.label(),
            tx = 14.0,
            ty = y + rh / 2.0,
        );
        for (c, &cx) in cols.iter().enumerate() {
            let x = LEFT + cw * c as f64;
            let fill = if imp == Level3::High && cx == Level3::Low {
                "#ecfdf3"
            } else {
                "#f9fafb"
            };
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cw:.1}\" height=\"{rh:.1}\" fill=\"{fill}\" stroke=\"#d0d5dd\"/>"
            );
            for (k, g) in cell(imp, cx).into_iter().enumerate() {
                let gx = x + PAD + (k % per_row) as f64 * (chip_w + PAD);
                let gy = y + PAD + (k / per_row) as f64 * (CHIP_H + PAD);
                let (bg, fg) = priority_fill(g.priority);
                let _ = write!(
                    s,
                    "<g class=\"{pc}\"><title>{id} {title}: {p:?}, effort {lo}–{hi} h</title>\
                     <rect x=\"{gx:.1}\" y=\"{gy:.1}\" width=\"{chip_w:.1}\" height=\"{CHIP_H}\" rx=\"3\" fill=\"{bg}\"/>\
                     <text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" fill=\"{fg}\" class=\"chip\">{id}</text></g>",
                    pc = priority_class(g.priority),
                    id = esc(&g.id),
                    title = esc(&g.title),
                    p = g.priority,
                    lo = g.effort_hours[0],
                    hi = g.effort_hours[1],
                    tx = gx + chip_w / 2.0,
                    ty = gy + 11.5,
                );
            }
        }
        y += rh;
    }
    // Legend.
    let ly = TOP + grid_h + 14.0;
    for (i, p) in [Priority::P0, Priority::P1, Priority::P2, Priority::P3]
        .iter()
        .enumerate()
    {
        let (bg, fg) = priority_fill(*p);
        let lx = LEFT + i as f64 * 52.0;
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{ly}\" width=\"44\" height=\"16\" rx=\"3\" fill=\"{bg}\"/>\
             <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"{fg}\" class=\"chip\">{p:?}</text>",
            tx = lx + 22.0,
            ty = ly + 11.5,
        );
    }
    s.push_str("</svg>");
}

/// The roadmap's phases as bars over weeks, each labelled above its bar.
pub(super) fn timeline(s: &mut String, phases: &[Phase]) {
    const W: f64 = 360.0;
    const X0: f64 = 8.0;
    const ROW: f64 = 40.0;
    let end = phases.iter().map(|p| p.end_week).max().unwrap_or(1).max(1);
    let h = ROW * phases.len() as f64 + 36.0;
    let span = W - 2.0 * X0;
    let x = |w: u32| X0 + span * w as f64 / end as f64;
    open(
        s,
        W,
        h,
        "svg-timeline",
        &format!("Roadmap: {} phase(s) over {end} week(s)", phases.len()),
    );
    // Week grid, at most ~10 ticks.
    let step = end.div_ceil(10).max(1);
    let axis_y = ROW * phases.len() as f64 + 6.0;
    let mut ticks: Vec<u32> = (0..=end).step_by(step as usize).collect();
    if ticks.last() != Some(&end) {
        // The last week always gets its label; drop a tick that would collide with it.
        if end - ticks.last().copied().unwrap_or(0) <= step.div_ceil(2) {
            ticks.pop();
        }
        ticks.push(end);
    }
    for w in ticks {
        let _ = write!(
            s,
            "<line x1=\"{gx:.1}\" y1=\"0\" x2=\"{gx:.1}\" y2=\"{axis_y}\" stroke=\"#eaecf0\"/>\
             <text x=\"{gx:.1}\" y=\"{ty}\" text-anchor=\"middle\" class=\"small\">{w}</text>",
            gx = x(w),
            ty = axis_y + 12.0,
        );
    }
    let _ = write!(
        s,
        "<text x=\"{W}\" y=\"{ty}\" text-anchor=\"end\" class=\"small\">weeks</text>",
        ty = axis_y + 24.0
    );
    for (i, p) in phases.iter().enumerate() {
        let y = i as f64 * ROW;
        let (bg, _) = priority_fill(p.priority);
        let x0 = x(p.start_week);
        let bw = (x(p.end_week) - x0).max(4.0);
        // The label starts at the bar; when it would run off the right edge
        // it ends there instead (estimated width: ~6.3 units per character).
        let chars = format!(
            "{} · {} weeks {}–{}",
            p.number, p.name, p.start_week, p.end_week
        )
        .chars()
        .count();
        let (lx, anchor) = if x0 + chars as f64 * 6.3 <= W {
            (x0, "start")
        } else {
            (W, "end")
        };
        let _ = write!(
            s,
            "<g><title>Phase {n} {name}: weeks {a}–{b}, {lo}–{hi} h</title>\
             <text x=\"{lx:.1}\" y=\"{ty}\" text-anchor=\"{anchor}\" class=\"label\"><tspan class=\"strong\">{n} · {name}</tspan> weeks {a}–{b}</text>\
             <rect x=\"{x0:.1}\" y=\"{by}\" width=\"{bw:.1}\" height=\"14\" rx=\"3\" fill=\"{bg}\"/></g>",
            n = p.number,
            name = p.name,
            a = p.start_week,
            b = p.end_week,
            lo = p.hours[0],
            hi = p.hours[1],
            ty = y + 14.0,
            by = y + 19.0,
        );
    }
    s.push_str("</svg>");
}
