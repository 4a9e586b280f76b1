//! Stage 5 — the engine: each control of the catalog evaluated over facts and
//! signals. Applicability first (with its reason), then the rule's tiers in
//! order; the first tier that holds *with evidence* decides the status.
//! Detection lives in predicates and analyzers; this module only combines.

pub mod overrides;

use std::cell::RefCell;
use std::collections::HashMap;

use serde::Serialize;

use crate::analyzers::{self, AnalyzerPatterns, Outcome};
use crate::evidence::Evidence;
use crate::facts::Facts;
use crate::inventory::Inventory;
use crate::rules::{Criticality, Predicate, Rule, RuleSource, Status};
use crate::signals::Signals;
use crate::stack::{CiCommands, Stack};

/// Evidence kept per control.
pub const MAX_EVIDENCE: usize = 8;
/// Findings of a hygiene control kept for suppressions (beyond the evidence shown).
pub const MAX_FINDINGS: usize = 1000;

/// Everything a predicate or analyzer may read. Nothing here touches the disk.
pub struct EvalCtx<'a> {
    pub inv: &'a Inventory,
    pub facts: &'a Facts,
    pub signals: &'a Signals,
    pub probes: &'a [Vec<Evidence>],
    pub stack: &'a Stack,
    pub ci: &'a CiCommands,
    pub apats: &'a AnalyzerPatterns,
    memo: RefCell<HashMap<&'static str, Outcome>>,
    /// Inventory indices of the files matching each `file` glob.
    pub file_hits: &'a [Vec<usize>],
}

impl<'a> EvalCtx<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        inv: &'a Inventory,
        facts: &'a Facts,
        signals: &'a Signals,
        probes: &'a [Vec<Evidence>],
        stack: &'a Stack,
        ci: &'a CiCommands,
        apats: &'a AnalyzerPatterns,
        file_hits: &'a [Vec<usize>],
    ) -> Self {
        EvalCtx {
            inv,
            facts,
            signals,
            probes,
            stack,
            ci,
            apats,
            memo: RefCell::new(HashMap::new()),
            file_hits,
        }
    }

    /// Hits of the `i`-th pattern an analyzer declared in its `patterns()`.
    pub fn own_hits(&self, analyzer: &str, i: usize) -> &[crate::signals::Hit] {
        match self.apats.owned.get(analyzer).and_then(|ids| ids.get(i)) {
            Some(&id) => self.signals.hits(id),
            None => &[],
        }
    }

    fn analyzer(&self, id: &'static str) -> Outcome {
        if let Some(o) = self.memo.borrow().get(id) {
            return o.clone();
        }
        let out = match analyzers::get(id) {
            Some(a) => (a.run)(self),
            None => Outcome::no(),
        };
        self.memo.borrow_mut().insert(id, out.clone());
        out
    }
}

/// The result for one control: the JSON contract's `controls[]` item.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ControlResult {
    pub id: String,
    pub title: String,
    pub domain: String,
    pub criticality: Criticality,
    pub level: u8,
    pub hygiene: bool,
    pub applies: bool,
    pub applicability_reason: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applicability_evidence: Vec<Evidence>,
    pub status: Status,
    /// 1 for present, the tier's fraction for partial, 0 otherwise.
    pub fraction: f64,
    pub reason: String,
    pub evidence: Vec<Evidence>,
    pub priority: Option<Priority>,
    /// The context (payments, user data, LLM spend, multi-tenancy) that
    /// raised the priority one step; the assessment's matrix says how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_raised_by: Option<String>,
    pub effort_hours: [u32; 2],
    pub remedy: String,
    pub source: RuleSource,
    /// The status comes from a `[context]` declaration in `infragap.toml`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub declared: bool,
    /// The gap is accepted by a `[[suppress]]` entry: status as computed,
    /// left out of the priorities and the posture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<overrides::Suppressed>,
    /// Every finding of a hygiene control's violation tier (uncapped, up to
    /// [`MAX_FINDINGS`]), for suppressions; `evidence` shows the first few.
    /// The JSON carries their fingerprints (`fingerprints`, sorted), so a
    /// baseline or `infragap diff` sees every finding, not only those shown.
    #[serde(
        rename = "fingerprints",
        serialize_with = "serialize_fingerprints",
        skip_serializing_if = "has_no_fingerprint"
    )]
    #[schemars(with = "Vec<String>")]
    pub findings: Vec<Evidence>,
}

fn has_no_fingerprint(findings: &[Evidence]) -> bool {
    findings.iter().all(|e| e.fingerprint.is_none())
}

fn serialize_fingerprints<S: serde::Serializer>(
    findings: &[Evidence],
    s: S,
) -> Result<S::Ok, S::Error> {
    let set: std::collections::BTreeSet<&str> = findings
        .iter()
        .filter_map(|e| e.fingerprint.as_deref())
        .collect();
    s.collect_seq(set)
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
pub enum Priority {
    P0,
    P1,
    P2,
    P3,
}

/// DESIGN.md: P0 critical & missing; P1 critical & partial or high & missing;
/// P2 high & partial or medium & missing; P3 the rest. `unknown` counts as missing.
pub fn priority(crit: Criticality, status: Status) -> Option<Priority> {
    let missing = matches!(status, Status::Missing | Status::Unknown);
    let partial = status == Status::Partial;
    if !missing && !partial {
        return None;
    }
    Some(match (crit, missing) {
        (Criticality::Critical, true) => Priority::P0,
        (Criticality::Critical, false) | (Criticality::High, true) => Priority::P1,
        (Criticality::High, false) | (Criticality::Medium, true) => Priority::P2,
        _ => Priority::P3,
    })
}

/// Evaluates every rule.
pub fn evaluate(rules: &[Rule], cx: &EvalCtx) -> Vec<ControlResult> {
    rules.iter().map(|r| evaluate_rule(r, cx)).collect()
}

pub fn evaluate_rule(rule: &Rule, cx: &EvalCtx) -> ControlResult {
    let mut res = ControlResult {
        id: rule.id.clone(),
        title: rule.title.clone(),
        domain: rule.domain.clone(),
        criticality: rule.criticality,
        level: rule.level,
        hygiene: rule.hygiene,
        applies: true,
        applicability_reason: rule.applies.reason.clone(),
        applicability_evidence: Vec::new(),
        status: Status::Missing,
        fraction: 0.0,
        reason: String::new(),
        evidence: Vec::new(),
        priority: None,
        priority_raised_by: None,
        effort_hours: [rule.effort_hours.0, rule.effort_hours.1],
        remedy: rule.remedy.clone(),
        source: rule.source.clone(),
        declared: false,
        suppressed: None,
        findings: Vec::new(),
    };

    for (guard, reason) in &rule.applies.not_applicable {
        if let Some(ev) = eval(guard, cx, 0) {
            res.applies = false;
            res.status = Status::NotApplicable;
            res.applicability_reason = reason.clone();
            res.applicability_evidence = cap(ev);
            res.reason = reason.clone();
            return res;
        }
    }
    if let Some(when) = &rule.applies.when {
        match eval(when, cx, 0) {
            Some(ev) => res.applicability_evidence = cap(ev),
            None => {
                res.applies = false;
                res.status = Status::NotApplicable;
                res.applicability_reason = rule.applies.otherwise.clone();
                res.reason = rule.applies.otherwise.clone();
                return res;
            }
        }
    }

    for tier in &rule.tiers {
        let Some(ev) = eval(&tier.when, cx, 0) else {
            continue;
        };
        // Evidence or silence: a present/partial claim needs something to point at.
        if ev.is_empty() && matches!(tier.status, Status::Present | Status::Partial) {
            continue;
        }
        res.status = tier.status;
        res.fraction = match tier.status {
            Status::Present => 1.0,
            Status::Partial => tier.fraction.unwrap_or(0.5),
            _ => 0.0,
        };
        res.reason = tier.reason.clone();
        if rule.hygiene && matches!(tier.status, Status::Missing | Status::Partial) {
            res.findings = fingerprinted(&rule.id, ev);
            res.evidence = cap(res.findings.clone());
        } else {
            res.evidence = cap(ev);
        }
        res.priority = priority(rule.criticality, res.status);
        return res;
    }
    res.status = rule.fallback;
    res.fraction = if rule.fallback == Status::Present {
        1.0
    } else {
        0.0
    };
    res.reason = rule.fallback_reason.clone();
    res.priority = priority(rule.criticality, res.status);
    res
}

/// A hygiene tier's evidence as findings: deduplicated, each with a line
/// given a fingerprint (`path:CONTROL:line` unless its analyzer set one).
fn fingerprinted(id: &str, mut ev: Vec<Evidence>) -> Vec<Evidence> {
    let mut seen = std::collections::HashSet::new();
    ev.retain(|e| seen.insert((e.path.clone(), e.line, e.detail.clone())));
    ev.truncate(MAX_FINDINGS);
    for e in &mut ev {
        if e.fingerprint.is_none()
            && let Some(line) = e.line
        {
            e.fingerprint = Some(format!("{}:{id}:{line}", e.path));
        }
    }
    ev
}

pub(crate) fn cap(mut ev: Vec<Evidence>) -> Vec<Evidence> {
    let mut seen = std::collections::HashSet::new();
    ev.retain(|e| seen.insert((e.path.clone(), e.line, e.detail.clone())));
    ev.truncate(MAX_EVIDENCE);
    ev
}

/// Some(evidence) when the predicate holds.
pub fn eval(p: &Predicate, cx: &EvalCtx, depth: usize) -> Option<Vec<Evidence>> {
    if depth > 64 {
        return None;
    }
    let some_if = |ev: Vec<Evidence>| if ev.is_empty() { None } else { Some(ev) };
    match p {
        Predicate::Dependency {
            names,
            ecosystem,
            kind,
            ..
        } => some_if(
            cx.facts
                .dependencies
                .iter()
                .filter(|d| ecosystem.is_none_or(|e| e == d.ecosystem))
                .filter(|d| kind.is_none_or(|k| k == d.kind))
                .filter(|d| names.iter().any(|g| g.is_match(&d.name)))
                .take(MAX_EVIDENCE)
                .map(|d| d.evidence())
                .collect(),
        ),
        Predicate::File { glob, label } => some_if(
            cx.file_hits
                .get(*glob)
                .map(|v| v.as_slice())
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| cx.inv.files.get(i))
                .take(MAX_EVIDENCE)
                .map(|f| Evidence::file(f.path.clone(), format!("file matches {label}")))
                .collect(),
        ),
        // Every kept hit: a hygiene control's findings are all of them (the
        // result shows the first few; suppressions need the rest).
        Predicate::Content { pattern, .. } => some_if(
            cx.signals
                .hits(*pattern)
                .iter()
                .take(MAX_FINDINGS)
                .map(|h| Evidence::at(h.path.clone(), h.line, h.snippet.clone()))
                .collect(),
        ),
        Predicate::CiStep { regex, .. } => some_if(
            cx.ci
                .commands
                .iter()
                .filter(|c| regex.is_match(&c.text))
                .take(MAX_EVIDENCE)
                .map(|c| c.evidence())
                .collect(),
        ),
        Predicate::CiRuns { kind } => some_if(
            cx.ci
                .of_kind(*kind)
                .take(MAX_EVIDENCE)
                .map(|c| c.evidence())
                .collect(),
        ),
        Predicate::ScriptRuns { kind } => some_if(
            cx.facts
                .scripts
                .iter()
                .zip(&cx.ci.script_kinds)
                .filter(|(_, kinds)| kinds.contains(kind))
                .map(|(s, _)| s)
                .take(MAX_EVIDENCE)
                .map(|s| {
                    Evidence::at(
                        s.file.clone(),
                        s.line,
                        format!("script `{}`: {}", s.name, s.command),
                    )
                })
                .collect(),
        ),
        Predicate::Config { pattern, .. } => {
            some_if(cx.probes.get(*pattern).cloned().unwrap_or_default())
        }
        Predicate::Fact(f) => match cx.stack.fact(*f) {
            Some(v) if v.value => Some(v.evidence.clone()),
            _ => None,
        },
        Predicate::Analyzer(id) => {
            let o = cx.analyzer(id);
            if o.matched { Some(o.evidence) } else { None }
        }
        Predicate::Any(list) => {
            let mut ev = Vec::new();
            let mut any = false;
            for q in list {
                if let Some(e) = eval(q, cx, depth + 1) {
                    any = true;
                    ev.extend(e);
                }
            }
            any.then_some(ev)
        }
        Predicate::All(list) => {
            let mut ev = Vec::new();
            for q in list {
                ev.extend(eval(q, cx, depth + 1)?);
            }
            Some(ev)
        }
        Predicate::Not(q) => match eval(q, cx, depth + 1) {
            Some(_) => None,
            None => Some(Vec::new()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_follow_the_design() {
        use Criticality::*;
        assert_eq!(priority(Critical, Status::Missing), Some(Priority::P0));
        assert_eq!(priority(Critical, Status::Unknown), Some(Priority::P0));
        assert_eq!(priority(Critical, Status::Partial), Some(Priority::P1));
        assert_eq!(priority(High, Status::Missing), Some(Priority::P1));
        assert_eq!(priority(High, Status::Partial), Some(Priority::P2));
        assert_eq!(priority(Medium, Status::Missing), Some(Priority::P2));
        assert_eq!(priority(Medium, Status::Partial), Some(Priority::P3));
        assert_eq!(priority(Low, Status::Missing), Some(Priority::P3));
        assert_eq!(priority(High, Status::Present), None);
        assert_eq!(priority(High, Status::NotApplicable), None);
    }
}
