//! The assessment on hand-built results: priorities and their raises, the
//! roadmap's phases and order, quick wins, costs, metrics.

use super::*;
use crate::engine::{ControlResult, Priority, priority};
use crate::evidence::Evidence;
use crate::rules::{Criticality, RuleSource, Status};
use crate::stack::{DerivedValue, Fact, LanguageShare, Named, Stack};

fn result(id: &str, crit: Criticality, level: u8, status: Status, fraction: f64) -> ControlResult {
    ControlResult {
        id: id.into(),
        title: format!("title of {id}"),
        domain: id[..3].into(),
        criticality: crit,
        level,
        hygiene: false,
        applies: status != Status::NotApplicable,
        applicability_reason: String::new(),
        applicability_evidence: Vec::new(),
        status,
        fraction,
        reason: format!("reason of {id}"),
        evidence: Vec::new(),
        priority: priority(crit, status),
        priority_raised_by: None,
        effort_hours: [2, 6],
        remedy: format!("remedy of {id}"),
        source: RuleSource::BuiltIn(String::new()),
        declared: false,
        suppressed: None,
        findings: Vec::new(),
    }
}

fn rule_requiring(id: &str, requires: &[&str]) -> crate::rules::Rule {
    let mut r = crate::rules::RulePack::builtin()
        .unwrap()
        .rules
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    r.requires = requires.iter().map(|s| s.to_string()).collect();
    r
}

fn stack_with(facts: &[Fact]) -> Stack {
    let mut s = Stack::default();
    for f in facts {
        s.derived.insert(
            *f,
            DerivedValue {
                value: true,
                evidence: vec![Evidence::at("package.json", 7, "dependency stripe")],
                reason: String::new(),
            },
        );
    }
    s
}

use Criticality::*;

#[test]
fn context_raises_one_step_and_keeps_p0_for_critical_controls() {
    let mut rs = vec![
        result("SEC-10", Critical, 3, Status::Partial, 0.5), // P1 → P0 (critical)
        result("SEC-09", High, 3, Status::Missing, 0.0),     // P1 stays (high)
        result("SEC-11", Medium, 4, Status::Missing, 0.0),   // P2 → P1
        result("OPS-03", Low, 4, Status::Missing, 0.0),      // no context
    ];
    let stack = stack_with(&[Fact::HandlesPayments]);
    apply_context(&mut rs, &stack);
    assert_eq!(rs[0].priority, Some(Priority::P0));
    assert_eq!(rs[0].priority_raised_by.as_deref(), Some("payments"));
    assert_eq!(rs[1].priority, Some(Priority::P1));
    assert_eq!(rs[1].priority_raised_by, None);
    assert_eq!(rs[2].priority, Some(Priority::P1));
    assert_eq!(rs[3].priority, Some(Priority::P3));

    let a = assess(
        &rs,
        &[],
        &stack,
        &Settings::default(),
        &PricingCatalog::builtin(),
    );
    let g = a.priorities.iter().find(|g| g.id == "SEC-11").unwrap();
    let raise = g.raised_by.as_ref().unwrap();
    assert_eq!(raise.from, Priority::P2);
    assert_eq!(raise.evidence.as_ref().unwrap().path, "package.json");
    assert_eq!(
        g.business_impact,
        Level3::High,
        "medium impact raised by context"
    );
    // Matrix order: priority first.
    let order: Vec<&str> = a.priorities.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(order, ["SEC-10", "SEC-09", "SEC-11", "OPS-03"]);
}

#[test]
fn without_the_context_fact_nothing_is_raised() {
    let mut rs = vec![result("SEC-11", Medium, 4, Status::Missing, 0.0)];
    apply_context(&mut rs, &Stack::default());
    assert_eq!(rs[0].priority, Some(Priority::P2));
}

#[test]
fn a_required_gap_is_pulled_into_the_phase_that_needs_it_and_ordered_first() {
    // DAT-04 (high, missing: P1) requires DAT-03; DAT-03 partial critical is P1
    // too, so both land in phase "P1" with DAT-03 first although DAT-04 sorts first.
    // DEL-02 (critical missing, P0) requires DEL-01 (P3 here by construction).
    let mut del01 = result("DEL-01", Low, 2, Status::Missing, 0.0);
    del01.criticality = Low;
    let rs = vec![
        result("DEL-02", Critical, 3, Status::Missing, 0.0),
        del01,
        result("DAT-04", High, 4, Status::Missing, 0.0),
        result("DAT-03", Critical, 3, Status::Partial, 0.5),
    ];
    let rules = vec![
        rule_requiring("DEL-02", &["DEL-01"]),
        rule_requiring("DAT-04", &["DAT-03"]),
    ];
    let a = assess(
        &rs,
        &rules,
        &Stack::default(),
        &Settings::default(),
        &PricingCatalog::builtin(),
    );
    let p1 = &a.roadmap.phases[0];
    assert_eq!(p1.priority, Priority::P0);
    let ids: Vec<&str> = p1.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["DEL-01", "DEL-02"], "the requirement comes first");
    assert_eq!(p1.items[0].pulled_forward_by.as_deref(), Some("DEL-02"));
    assert_eq!(p1.items[1].after, ["DEL-01"]);
    let p2 = &a.roadmap.phases[1];
    let ids: Vec<&str> = p2.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["DAT-03", "DAT-04"]);
    assert_eq!(a.roadmap.phases.len(), 2, "empty phases are left out");
    assert_eq!(p2.number, 2);
}

#[test]
fn weeks_follow_capacity_and_the_timeline_is_contiguous() {
    let rs: Vec<ControlResult> = ["OBS-01", "SEC-04", "DAT-03"]
        .iter()
        .map(|id| result(id, Critical, 3, Status::Missing, 0.0))
        .chain([result("OBS-03", High, 3, Status::Missing, 0.0)])
        .collect();
    let settings = Settings {
        capacity_hours_per_week: 5,
        ..Settings::default()
    };
    let a = assess(
        &rs,
        &[],
        &Stack::default(),
        &settings,
        &PricingCatalog::builtin(),
    );
    let p = &a.roadmap.phases[0];
    assert_eq!(p.hours, [6, 18]);
    assert_eq!(p.weeks, [2, 4]);
    assert_eq!(
        (p.start_week, p.end_week),
        (0, 3),
        "midpoint 12 h at 5 h/week"
    );
    assert_eq!(a.roadmap.phases[1].start_week, 3);
    assert_eq!(a.roadmap.total_hours, [8, 24]);
    assert_eq!(a.roadmap.capacity_hours_per_week, 5);
}

#[test]
fn partial_controls_and_several_runtimes_adjust_effort() {
    let mut stack = Stack::default();
    for (lang, share) in [("TypeScript", 0.6), ("Python", 0.35), ("Shell", 0.05)] {
        stack.languages.insert(
            lang.into(),
            LanguageShare {
                files: 1,
                bytes: 1,
                share,
            },
        );
    }
    let mut r = result("OBS-01", Critical, 3, Status::Partial, 0.5);
    r.effort_hours = [2, 6];
    let a = assess(
        &[r],
        &[],
        &stack,
        &Settings::default(),
        &PricingCatalog::builtin(),
    );
    let g = &a.priorities[0];
    // 50% in place: [1, 3]; two runtimes ×1.5: [2, 5].
    assert_eq!(g.effort_hours, [2, 5]);
    assert!(
        g.effort_note.contains("50% already in place"),
        "{}",
        g.effort_note
    );
    assert!(
        g.effort_note.contains("Python, TypeScript"),
        "{}",
        g.effort_note
    );
    assert_eq!(g.fix_complexity, Level3::Medium);
}

#[test]
fn quick_wins_are_small_urgent_and_unblocked() {
    let mut small = result("SEC-06", High, 3, Status::Missing, 0.0);
    small.effort_hours = [1, 3];
    let mut big = result("TST-01", Critical, 2, Status::Missing, 0.0);
    big.effort_hours = [8, 24];
    let mut low = result("OPS-05", Low, 5, Status::Missing, 0.0);
    low.effort_hours = [1, 2];
    let mut blocked = result("DEL-02", Critical, 3, Status::Missing, 0.0);
    blocked.effort_hours = [1, 4];
    let del01 = result("DEL-01", Critical, 2, Status::Missing, 0.0);
    let mut unknown = result("SEC-12", High, 4, Status::Unknown, 0.0);
    unknown.effort_hours = [1, 2];
    let rules = vec![rule_requiring("DEL-02", &["DEL-01"])];
    let a = assess(
        &[small, big, low, blocked, del01, unknown],
        &rules,
        &Stack::default(),
        &Settings::default(),
        &PricingCatalog::builtin(),
    );
    assert_eq!(a.quick_wins, ["SEC-06"]);
}

#[test]
fn costs_count_a_shared_service_once_and_prefer_the_stack_and_overrides() {
    let rs = vec![
        result("SCL-01", Medium, 4, Status::Missing, 0.0),
        result("SCL-09", Medium, 3, Status::Missing, 0.0),
        result("DAT-03", Critical, 3, Status::Missing, 0.0),
        result("OPS-02", Medium, 3, Status::Missing, 0.0),
    ];
    let mut stack = Stack::default();
    stack.databases.push(Named {
        name: "Supabase".into(),
        evidence: vec![Evidence::file("supabase/config.toml", "supabase")],
    });
    let override_redis = crate::assess::costs::ServicePrice {
        id: "redis".into(),
        name: String::new(),
        controls: Vec::new(),
        monthly: [7, 7],
        stack: Vec::new(),
        self_hosted: None,
        self_hosted_monthly: None,
        source: "infragap.toml:12".into(),
    };
    let pricing = PricingCatalog::builtin().with_overrides(&[override_redis]);
    let settings = Settings {
        hourly_rate: 50,
        ..Settings::default()
    };
    let a = assess(&rs, &[], &stack, &settings, &pricing);
    let c = &a.costs;
    let redis: Vec<_> = c.items.iter().filter(|i| i.service_id == "redis").collect();
    assert_eq!(redis.len(), 2);
    assert_eq!(redis.iter().filter(|i| i.counted).count(), 1);
    assert_eq!(redis[0].monthly, [7, 7]);
    assert_eq!(redis[0].source, "infragap.toml:12");
    assert!(
        redis[0].service.contains("Redis"),
        "name kept from the built-in entry"
    );
    let backups = c.items.iter().find(|i| i.control == "DAT-03").unwrap();
    assert_eq!(backups.service_id, "supabase-pitr");
    assert_eq!(c.engineering_only, ["OPS-02"]);
    let [lo, hi] = backups.monthly;
    assert_eq!(c.monthly_total, [lo + 7, hi + 7]);
    assert_eq!(
        c.engineering_total,
        [a.roadmap.total_hours[0] * 50, a.roadmap.total_hours[1] * 50]
    );
    assert_eq!(c.catalog_date, PricingCatalog::builtin().date);
}

#[test]
fn metrics_state_the_repository_figures_and_checklist_ticks_present_and_na() {
    let rs = vec![
        result("DEL-01", Critical, 2, Status::Present, 1.0),
        result("OBS-01", Critical, 3, Status::Missing, 0.0),
        result("SEC-12", Medium, 4, Status::Unknown, 0.0),
        result("AIO-01", High, 3, Status::NotApplicable, 0.0),
    ];
    let a = assess(
        &rs,
        &[],
        &Stack::default(),
        &Settings::default(),
        &PricingCatalog::builtin(),
    );
    let m = |name: &str| a.metrics.iter().find(|m| m.name.starts_with(name)).unwrap();
    assert_eq!(m("Critical gaps").current, "1");
    assert_eq!(m("Maturity level").current, "2");
    assert!(m("Maturity level").target.contains("OBS-01"));
    assert_eq!(m("Controls to confirm").current, "1");
    // 8 + 8 + 2 weights; DEL-01 present → 8/18; closing OBS-01 (P0) → 16/18.
    assert_eq!(m("Completeness").current, "44%");
    assert!(
        m("Completeness").target.contains("89%"),
        "{}",
        m("Completeness").target
    );
    let ticked: Vec<(&str, bool)> = a
        .checklist
        .iter()
        .map(|c| (c.id.as_str(), c.checked))
        .collect();
    assert_eq!(
        ticked,
        [
            ("DEL-01", true),
            ("OBS-01", false),
            ("SEC-12", false),
            ("AIO-01", true)
        ]
    );
}
