//! The built-in pack as a whole: every rule parses, documents itself with the
//! four explain.md headings, and the catalog's IDs map one-to-one to folders.
//! Rule-file errors render like a compiler's (file, line, caret).

mod support;

use infragap::rules::{BUILTIN_RULES, Registry, RulePack, RuleSource, parse_rule};

#[test]
fn builtin_pack_loads() {
    let pack = RulePack::builtin().unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n\n")
        )
    });
    assert!(pack.rules.len() >= 16);
}

#[test]
fn every_rule_has_explain_with_the_four_headings_and_a_folder_named_after_it() {
    for b in BUILTIN_RULES {
        for h in [
            "## What it checks",
            "## Why it matters",
            "## How it is detected",
            "## How to close it",
        ] {
            assert!(b.explain.contains(h), "{}: explain.md lacks `{h}`", b.path);
        }
        let mut reg = Registry::default();
        let rule = parse_rule(
            b.path,
            b.toml,
            b.explain,
            RuleSource::BuiltIn(b.path.into()),
            &mut reg,
        )
        .unwrap();
        let folder = b
            .path
            .trim_end_matches("/rule.toml")
            .rsplit('/')
            .next()
            .unwrap();
        assert!(
            folder.starts_with(&format!("{}-", rule.id)),
            "{} holds {}",
            b.path,
            rule.id
        );
        assert!(
            b.path
                .starts_with(&format!("rules/{}/", rule.domain.to_ascii_lowercase())),
            "{} not under its domain",
            b.path
        );
        assert!(!rule.remedy.is_empty(), "{}: no remedy", rule.id);
        assert!(rule.effort_hours.1 > 0, "{}: no effort estimate", rule.id);
    }
}

/// Controls of a started domain whose rules are still being written; the
/// list must shrink to empty when the domain is finished.
const PENDING: &[&str] = &[];

#[test]
fn catalog_ids_of_implemented_domains_all_have_rules() {
    let catalog = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/CONTROLS.md"
    ))
    .ok();
    let Some(catalog) = catalog else { return }; // shared/ sits beside the clone in CI and on dev machines
    let pack = RulePack::builtin().unwrap();
    let domains: Vec<&str> = pack.rules.iter().map(|r| r.domain.as_str()).collect();
    for line in catalog.lines() {
        let Some(rest) = line.strip_prefix("| ") else {
            continue;
        };
        let id = rest.split(' ').next().unwrap_or("");
        let Some((dom, num)) = id.split_once('-') else {
            continue;
        };
        if num.len() != 2 || !num.chars().all(|c| c.is_ascii_digit()) || !domains.contains(&dom) {
            continue;
        }
        if PENDING.contains(&id) {
            continue;
        }
        assert!(
            pack.rules.iter().any(|r| r.id == id),
            "catalog control {id} has no rule"
        );
    }
}

fn diagnostics(src: &str) -> String {
    let mut reg = Registry::default();
    match parse_rule(
        "rules/x/X-01-bad/rule.toml",
        src,
        "",
        RuleSource::User("x".into()),
        &mut reg,
    ) {
        Ok(_) => "ok".into(),
        Err(e) => e
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

#[test]
fn rule_errors_point_at_the_line_with_a_caret() {
    let src = r#"id = "XYZ-01"
title = "Example"
domain = "XYZ"
criticality = "severe"
level = 3

[[tier]]
status = "present"
reason = "it is there"
when = { fact = "uses_databse" }

[[tier]]
status = "partial"
reason = "half"
when = { content = "unclosed(" }
"#;
    insta::assert_snapshot!(diagnostics(src));
}

#[test]
fn toml_syntax_errors_point_at_the_line() {
    insta::assert_snapshot!(diagnostics("id = \"A-01\"\ntitle = \n"));
}

#[test]
fn requires_name_existing_controls_without_cycles() {
    let pack = support::pack();
    let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    for r in &pack.rules {
        for q in &r.requires {
            assert!(ids.contains(&q.as_str()), "{} requires unknown {q}", r.id);
            assert_ne!(q, &r.id, "{} requires itself", r.id);
        }
    }
    // Depth-first search for a cycle through `requires`.
    fn visit<'a>(id: &'a str, pack: &'a infragap::rules::RulePack, path: &mut Vec<&'a str>) {
        assert!(!path.contains(&id), "requires cycle: {path:?} -> {id}");
        path.push(id);
        if let Some(r) = pack.rules.iter().find(|r| r.id == id) {
            for q in &r.requires {
                visit(q, pack, path);
            }
        }
        path.pop();
    }
    for r in &pack.rules {
        visit(&r.id, pack, &mut Vec::new());
    }
}

#[test]
fn every_rule_has_a_metric() {
    let pack = support::pack();
    for r in &pack.rules {
        assert!(
            !r.metric.trim().is_empty(),
            "{}: no `metric` (how a team can tell the gap is closed)",
            r.id
        );
    }
}

#[test]
fn remedy_for_names_a_stack_infragap_reports() {
    let known = infragap::stack::known_stack_names();
    // The stack's own names must be there, or the check below proves nothing.
    for name in [
        "Next.js",
        "Django",
        "Go",
        "Supabase",
        "Fly.io",
        "Prisma ORM",
    ] {
        assert!(known.contains(&name), "known stack names lack {name}");
    }
    let pack = support::pack();
    for r in &pack.rules {
        let mut seen: Vec<String> = Vec::new();
        for sr in &r.stack_remedies {
            assert!(
                known.iter().any(|k| k.eq_ignore_ascii_case(&sr.stack)),
                "{}: [[remedy_for]] stack {:?} is not a name the stack reports (see stack::known_stack_names)",
                r.id,
                sr.stack
            );
            let key = sr.stack.to_ascii_lowercase();
            assert!(
                !seen.contains(&key),
                "{}: two [[remedy_for]] for {:?}; only the first is ever used",
                r.id,
                sr.stack
            );
            seen.push(key);
        }
    }
}
