//! What a rule detects, in words, generated from its typed predicates (for
//! `infragap explain`): the same data the engine evaluates, so the text
//! cannot drift from the detection.

use std::fmt::Write as _;

use super::model::{Predicate, Rule, Status};
use super::pack::RulePack;
use crate::analyzers;

/// The "How it is detected (generated)" section of a rule: applicability,
/// tiers in order, fallback.
pub fn detection(rule: &Rule, pack: &RulePack) -> String {
    let mut s = String::new();
    for (guard, reason) in &rule.applies.not_applicable {
        let _ = writeln!(s, "n/a ({reason}) when:");
        tree(&mut s, guard, pack, 1);
    }
    match &rule.applies.when {
        Some(when) => {
            let _ = writeln!(s, "applies ({}) when:", rule.applies.reason);
            tree(&mut s, when, pack, 1);
            let _ = writeln!(s, "otherwise n/a: {}", rule.applies.otherwise);
        }
        None => {
            let _ = writeln!(s, "applies to every repository");
        }
    }
    for (i, t) in rule.tiers.iter().enumerate() {
        let status = match (t.status, t.fraction) {
            (Status::Partial, Some(f)) => format!("partial ({f})"),
            (st, _) => st.label().to_string(),
        };
        let _ = writeln!(s, "{}. {status} — {} — when:", i + 1, t.reason);
        tree(&mut s, &t.when, pack, 1);
    }
    let _ = writeln!(
        s,
        "otherwise {} — {}",
        rule.fallback.label(),
        rule.fallback_reason
    );
    if rule.hygiene {
        let _ = writeln!(
            s,
            "(hygiene control: `present` means no violation was found; findings can be suppressed)"
        );
    }
    s
}

fn tree(s: &mut String, p: &Predicate, pack: &RulePack, depth: usize) {
    let pad = "   ".repeat(depth);
    match p {
        Predicate::Any(list) | Predicate::All(list) => {
            let word = if matches!(p, Predicate::Any(_)) {
                "any of"
            } else {
                "all of"
            };
            let _ = writeln!(s, "{pad}{word}:");
            for q in list {
                tree(s, q, pack, depth + 1);
            }
        }
        Predicate::Not(q) => {
            let _ = writeln!(s, "{pad}not:");
            tree(s, q, pack, depth + 1);
        }
        leaf => {
            let _ = writeln!(s, "{pad}- {}", describe(leaf, pack));
        }
    }
}

/// One predicate in a line.
pub fn describe(p: &Predicate, pack: &RulePack) -> String {
    match p {
        Predicate::Dependency {
            ecosystem,
            kind,
            label,
            ..
        } => {
            let mut out = format!("dependency `{label}`");
            if let Some(e) = ecosystem {
                let _ = write!(out, " ({e:?})");
            }
            match kind {
                Some(crate::facts::DepKind::Dev) => out.push_str(" as a dev dependency"),
                Some(crate::facts::DepKind::Runtime) => out.push_str(" as a runtime dependency"),
                _ => {}
            }
            out
        }
        Predicate::File { label, .. } => format!("a file matching `{label}`"),
        Predicate::Content { pattern, label } => {
            let mut out = format!("content matching `{label}`");
            if let Some(spec) = pack.patterns.specs().get(*pattern) {
                if label != &spec.regex {
                    let _ = write!(out, " (/{}/)", spec.regex);
                }
                if let Some(g) = &spec.glob {
                    let _ = write!(out, " in `{g}`");
                }
                if !spec.classes.is_empty() {
                    let names: Vec<String> = spec
                        .classes
                        .iter()
                        .map(|c| format!("{c:?}").to_ascii_lowercase())
                        .collect();
                    let _ = write!(out, " in {} files", names.join("/"));
                }
            }
            out
        }
        Predicate::CiStep { label, .. } => format!("a CI step matching `{label}`"),
        Predicate::CiRuns { kind } => format!("CI runs a `{}` command", kind.name()),
        Predicate::ScriptRuns { kind } => {
            format!("a package script or task runs a `{}` command", kind.name())
        }
        Predicate::Config { pattern, label } => {
            let mut out = format!("config `{label}`");
            if let Some(v) = pack.probes.get(*pattern).and_then(|p| p.value.as_ref()) {
                let _ = write!(out, " matching /{v}/");
            }
            out
        }
        Predicate::Fact(f) => format!("fact `{}`", f.name()),
        Predicate::Analyzer(id) => match analyzers::get(id) {
            Some(a) => format!("analyzer `{id}`: {}", a.question),
            None => format!("analyzer `{id}`"),
        },
        Predicate::Any(_) | Predicate::All(_) | Predicate::Not(_) => {
            let mut s = String::new();
            tree(&mut s, p, pack, 0);
            s.trim_end().to_string()
        }
    }
}
