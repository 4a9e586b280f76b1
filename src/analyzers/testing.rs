//! Testing analyzers (TST): end-to-end specs and coverage.

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::facts::commands::CommandKind;
use crate::inventory::FileClass;

const MAX: usize = 5;

/// Placeholder kept for the table's shape; the rule pack combines facts instead.
pub const TEST_FILES_WITH_RUNNER: Analyzer = Analyzer {
    id: "test_files_with_runner",
    version: 1,
    patterns: super::no_patterns,
    question: "Do test files exist and is a runner configured?",
    run: |cx| {
        let (Some(t), Some(r)) = (
            cx.stack.fact(crate::stack::Fact::HasTests),
            cx.stack.fact(crate::stack::Fact::HasTestRunner),
        ) else {
            return Outcome::no();
        };
        if t.value && r.value {
            let mut ev = t.evidence.iter().take(2).cloned().collect::<Vec<_>>();
            ev.extend(r.evidence.iter().take(2).cloned());
            Outcome::yes(ev)
        } else {
            Outcome::no()
        }
    },
};

/// Browser-driving specs, and system specs that drive the full UI (Capybara rack_test counts).
fn e2e_spec_evidence(cx: &EvalCtx) -> (Vec<Evidence>, bool) {
    let mut ev = Vec::new();
    let mut rails_system = false;
    for pid in [
        cx.apats.playwright_spec,
        cx.apats.cypress_spec,
        cx.apats.selenium_spec,
    ] {
        for h in cx.signals.hits(pid).iter().take(MAX) {
            if cx.inv.get(&h.path).is_some_and(|f| {
                f.class == FileClass::Test || h.path.contains("e2e") || h.path.contains("cypress")
            }) {
                ev.push(h.evidence("end-to-end spec"));
            }
        }
    }
    for f in &cx.inv.files {
        let p = f.path.to_ascii_lowercase();
        if f.class != FileClass::Test {
            continue;
        }
        if p.contains(".cy.") || p.starts_with("cypress/e2e/") || p.contains("/cypress/e2e/") {
            ev.push(Evidence::file(f.path.clone(), "Cypress spec"));
        }
        if (p.starts_with("spec/system/")
            || p.starts_with("test/system/")
            || p.starts_with("spec/features/"))
            && p.ends_with(".rb")
        {
            ev.push(Evidence::file(
                f.path.clone(),
                "system spec driving the full UI",
            ));
            rails_system = true;
        }
    }
    ev.sort();
    ev.dedup();
    ev.truncate(MAX);
    (ev, rails_system)
}

pub const E2E_SPECS: Analyzer = Analyzer {
    id: "e2e_specs",
    version: 1,
    patterns: super::no_patterns,
    question: "Are there end-to-end specs (Playwright, Cypress, Selenium, system specs)?",
    run: |cx| Outcome::yes(e2e_spec_evidence(cx).0),
};

pub const E2E_SPECS_RUN_IN_CI: Analyzer = Analyzer {
    id: "e2e_specs_run_in_ci",
    version: 1,
    patterns: super::no_patterns,
    question: "Are end-to-end specs present and run by CI?",
    run: |cx| {
        let (specs, rails_system) = e2e_spec_evidence(cx);
        if specs.is_empty() {
            return Outcome::no();
        }
        let mut runs: Vec<Evidence> = cx
            .ci
            .of_kind(CommandKind::E2e)
            .take(2)
            .map(|c| c.evidence())
            .collect();
        if runs.is_empty() && rails_system {
            // rspec / rails test run system specs with the rest of the suite.
            runs = cx
                .ci
                .of_kind(CommandKind::Test)
                .filter(|c| {
                    c.text.contains("rspec")
                        || c.text.contains("rails test")
                        || c.text.contains("rake")
                })
                .take(2)
                .map(|c| c.evidence())
                .collect();
        }
        if runs.is_empty() {
            return Outcome::no();
        }
        let mut ev = specs;
        ev.truncate(3);
        ev.extend(runs);
        Outcome::yes(ev)
    },
};

pub const COVERAGE_IN_CI_OR_THRESHOLD: Analyzer = Analyzer {
    id: "coverage_in_ci_or_threshold",
    version: 1,
    patterns: super::no_patterns,
    question: "Is coverage collected in CI, or is a coverage threshold configured?",
    run: |cx| {
        let mut ev: Vec<Evidence> = cx
            .ci
            .of_kind(CommandKind::Coverage)
            .take(3)
            .map(|c| c.evidence())
            .collect();
        for h in cx.signals.hits(cx.apats.coverage_threshold).iter().take(3) {
            ev.push(h.evidence("coverage threshold"));
        }
        Outcome::yes(ev)
    },
};
