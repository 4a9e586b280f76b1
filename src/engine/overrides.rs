//! What the user said about the results, applied after evaluation: context
//! declarations (`[context]`), suppressions (`[[suppress]]`) and inline
//! `infragap:allow ID reason` comments.
//!
//! Order: declarations first (a declared control takes the declared status
//! and is out of reach of suppressions), then finding suppressions (hygiene
//! controls lose the findings they match; with none left the control is
//! present), then whole-control suppressions (an accepted gap keeps its
//! computed status, is marked `suppressed`, and gets no priority, so it
//! leaves the priority counts and the posture; it still counts in
//! completeness and the maturity ladder, which measure what is in place).
//! Expired suppressions do not apply; they, and suppressions that matched
//! nothing, come back as warnings at their line.

use serde::Serialize;

use super::{ControlResult, cap, priority};
use crate::config::{Config, Date};
use crate::evidence::{Evidence, Warning, WarningKind, sanitize_snippet};
use crate::rules::{Diagnostic, Status};
use crate::signals::Hit;

/// An accepted gap: `controls[].suppressed` in the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Suppressed {
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// `infragap.toml:LINE`.
    pub at: String,
}

/// The top-level `config` of the JSON report.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct ConfigSummary {
    /// The config file, as shown (None: no `infragap.toml`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// User rule files in force.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Controls whose status was declared.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub declared: Vec<String>,
    pub suppressions: SuppressionCounts,
    /// Findings silenced by `infragap:allow` comments.
    pub inline_allows: usize,
}

#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct SuppressionCounts {
    pub total: usize,
    /// Entries that matched a gap or at least one finding.
    pub applied: usize,
    pub expired: usize,
    pub unmatched: usize,
    /// Findings removed by entries (not counting inline allows).
    pub findings_suppressed: usize,
}

impl ConfigSummary {
    /// Whether there is anything worth reporting.
    pub fn is_empty(&self) -> bool {
        self.path.is_none() && self.rules.is_empty() && self.inline_allows == 0
    }
}

/// One `infragap:allow` comment: where, and what it names.
struct Allow<'a> {
    hit: &'a Hit,
    id: &'a str,
}

fn parse_allows(hits: &[Hit]) -> Vec<Allow<'_>> {
    hits.iter()
        .filter_map(|h| {
            let rest = h.matched.strip_prefix("infragap:allow")?;
            let id = rest.split_whitespace().next()?;
            Some(Allow { hit: h, id })
        })
        .collect()
}

/// Applies the config and the inline allows to `results`; returns the
/// summary and warnings (diagnostics at the entries' lines).
pub fn apply(
    results: &mut [ControlResult],
    config: Option<&Config>,
    allow_hits: &[Hit],
    today: Date,
) -> (ConfigSummary, Vec<Diagnostic>) {
    let mut summary = ConfigSummary {
        path: config.map(|c| c.display.clone()),
        ..Default::default()
    };
    let mut diags = Vec::new();
    let allows = parse_allows(allow_hits);

    if let Some(c) = config {
        for d in &c.context {
            let Some(r) = results.iter_mut().find(|r| r.id == d.control) else {
                continue;
            };
            declare(r, c, d);
            summary.declared.push(d.control.clone());
        }
    }

    let suppressions = config.map(|c| c.suppress.as_slice()).unwrap_or_default();
    summary.suppressions.total = suppressions.len();
    let active: Vec<bool> = suppressions.iter().map(|s| !s.is_expired(today)).collect();
    let mut used = vec![0usize; suppressions.len()];

    for r in results.iter_mut() {
        if !r.hygiene || r.declared || r.findings.is_empty() {
            continue;
        }
        let total = r.findings.len();
        let mut kept = Vec::new();
        let mut by_entry = vec![0usize; suppressions.len()];
        let mut inline: Vec<&Hit> = Vec::new();
        for f in std::mem::take(&mut r.findings) {
            if let Some(a) = allowed_inline(&allows, &r.id, &f) {
                inline.push(a.hit);
                continue;
            }
            let by = suppressions
                .iter()
                .enumerate()
                .find(|(i, s)| active[*i] && s.matches_finding(&r.id, &f));
            match by {
                Some((i, _)) => by_entry[i] += 1,
                None => kept.push(f),
            }
        }
        let removed = total - kept.len();
        if removed == 0 {
            r.findings = kept;
            continue;
        }
        summary.inline_allows += inline.len();
        for (i, n) in by_entry.iter().enumerate() {
            used[i] += n;
            summary.suppressions.findings_suppressed += n;
        }
        let remaining = kept
            .iter()
            .filter(|e| e.line.is_some() || e.fingerprint.is_some())
            .count();
        if remaining == 0 {
            let mut ev = Vec::new();
            let mut at = Vec::new();
            if let Some(c) = config {
                for (i, n) in by_entry.iter().enumerate().filter(|(_, n)| **n > 0) {
                    let s = &suppressions[i];
                    at.push(c.at_line(s.line));
                    ev.push(Evidence::at(
                        c.display.clone(),
                        s.line,
                        format!("{n} finding(s) suppressed: {}", s.reason),
                    ));
                }
            }
            for h in &inline {
                at.push(format!("{}:{}", h.path, h.line));
                ev.push(h.evidence("finding allowed inline"));
            }
            r.status = Status::Present;
            r.fraction = 1.0;
            r.priority = None;
            r.reason = format!("all {removed} finding(s) suppressed at {}", at.join(", "));
            r.evidence = cap(ev);
            r.findings = Vec::new();
        } else {
            r.reason = format!("{} ({removed} more suppressed)", r.reason);
            r.evidence = cap(kept.clone());
            r.findings = kept;
        }
    }

    if let Some(c) = config {
        for (i, s) in suppressions.iter().enumerate() {
            if !active[i] || !s.is_whole_control() {
                continue;
            }
            let Some(r) = results
                .iter_mut()
                .find(|r| Some(&r.id) == s.control.as_ref())
            else {
                continue;
            };
            if r.declared || !r.status.is_gap() {
                continue;
            }
            r.suppressed = Some(Suppressed {
                reason: sanitize_snippet(&s.reason, 300),
                expires: s.expires,
                at: c.at_line(s.line),
            });
            r.priority = None;
            used[i] += 1;
        }
        for (i, s) in suppressions.iter().enumerate() {
            if !active[i] {
                summary.suppressions.expired += 1;
                let expires = s.expires.map(|d| d.to_string()).unwrap_or_default();
                diags.push(c.warning_at(
                    s.expires_span.clone().unwrap_or(s.span.clone()),
                    format!("this suppression expired on {expires}; it no longer applies"),
                ));
            } else if used[i] == 0 {
                summary.suppressions.unmatched += 1;
                let what = match (&s.control, &s.fingerprint) {
                    (_, Some(fp)) => format!("no finding has fingerprint `{fp}`"),
                    (Some(id), None) if s.is_whole_control() => {
                        format!("`{id}` has no gap to accept")
                    }
                    (Some(id), None) => format!("no finding of `{id}` is under these paths"),
                    (None, None) => "no finding is under these paths".to_string(),
                };
                let header_end = c.src[s.span.start.min(c.src.len())..]
                    .find('\n')
                    .map_or(c.src.len(), |j| s.span.start + j);
                diags.push(c.warning_at(
                    s.span.start..header_end,
                    format!("this suppression matched nothing: {what}"),
                ));
            } else {
                summary.suppressions.applied += 1;
            }
        }
    }
    (summary, diags)
}

/// Warnings for the report from config diagnostics (`infragap.toml`, message with the line).
pub fn warnings(diags: &[Diagnostic]) -> Vec<Warning> {
    diags
        .iter()
        .map(|d| {
            Warning::new(
                WarningKind::Config,
                d.file.clone(),
                format!("line {}: {}", d.line, d.message),
            )
        })
        .collect()
}

fn declare(r: &mut ControlResult, c: &Config, d: &crate::config::Declaration) {
    r.declared = true;
    r.status = d.status;
    r.fraction = match d.status {
        Status::Present => 1.0,
        Status::Partial => d.fraction.unwrap_or(0.5),
        _ => 0.0,
    };
    r.reason = sanitize_snippet(&format!("declared in {}: {}", c.display, d.reason), 300);
    r.evidence = vec![Evidence::at(
        c.display.clone(),
        d.line,
        format!("declared: {}", d.reason),
    )];
    r.findings = Vec::new();
    r.priority = priority(r.criticality, r.status);
    if d.status == Status::NotApplicable {
        r.applies = false;
        r.applicability_reason = sanitize_snippet(&d.reason, 300);
        r.applicability_evidence = r.evidence.clone();
    } else if !r.applies {
        r.applies = true;
        r.applicability_reason = format!("declared in {}", c.display);
        r.applicability_evidence = Vec::new();
    }
}

/// The allow comment on the finding's line or the line above that names
/// this control (or the rule part of the finding's fingerprint).
fn allowed_inline<'a>(allows: &'a [Allow<'a>], id: &str, f: &Evidence) -> Option<&'a Allow<'a>> {
    let line = f.line?;
    let rule = f
        .fingerprint
        .as_deref()
        .and_then(|fp| fp.rsplit(':').nth(1));
    allows.iter().find(|a| {
        a.hit.path == f.path
            && (a.hit.line == line || a.hit.line + 1 == line)
            && (a.id.eq_ignore_ascii_case(id) || Some(a.id) == rule)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Criticality, RuleSource};
    use std::path::PathBuf;

    fn result(id: &str, hygiene: bool, status: Status, findings: Vec<Evidence>) -> ControlResult {
        ControlResult {
            id: id.into(),
            title: "t".into(),
            domain: "SEC".into(),
            criticality: Criticality::Critical,
            level: 2,
            hygiene,
            applies: true,
            applicability_reason: String::new(),
            applicability_evidence: Vec::new(),
            status,
            fraction: 0.0,
            reason: "violations found".into(),
            evidence: cap(findings.clone()),
            priority: priority(Criticality::Critical, status),
            priority_raised_by: None,
            effort_hours: [1, 2],
            remedy: String::new(),
            source: RuleSource::BuiltIn("x".into()),
            declared: false,
            suppressed: None,
            findings,
        }
    }

    fn finding(path: &str, line: u32) -> Evidence {
        Evidence::at(path, line, "leak").with_fingerprint(format!("{path}:aws-key:{line}"))
    }

    fn config(src: &str) -> Config {
        Config::parse("infragap.toml", PathBuf::from("."), src).unwrap()
    }

    fn hit(path: &str, line: u32, text: &str) -> Hit {
        Hit {
            path: path.into(),
            line,
            snippet: text.into(),
            matched: text.into(),
        }
    }

    const TODAY: Date = Date {
        year: 2026,
        month: 6,
        day: 1,
    };

    #[test]
    fn declared_control_is_present_with_the_config_line() {
        let mut rs = vec![result("DAT-03", false, Status::Unknown, vec![])];
        let c = config("\n[context]\nDAT-03 = \"PITR by the provider\"\n");
        let (sum, diags) = apply(&mut rs, Some(&c), &[], TODAY);
        assert!(diags.is_empty());
        assert_eq!(rs[0].status, Status::Present);
        assert!(rs[0].declared);
        assert_eq!(rs[0].priority, None);
        assert_eq!(rs[0].evidence[0].location(), "infragap.toml:3");
        assert_eq!(sum.declared, vec!["DAT-03"]);
    }

    #[test]
    fn finding_suppressions_and_inline_allows_empty_a_hygiene_control() {
        let mut rs = vec![result(
            "SEC-01",
            true,
            Status::Missing,
            vec![finding("scripts/a.sh", 3), finding("src/b.ts", 10)],
        )];
        let c = config("[[suppress]]\npaths = [\"scripts/**\"]\nreason = \"local keys\"\n");
        let allows = [hit("src/b.ts", 9, "infragap:allow SEC-01 demo key")];
        let (sum, diags) = apply(&mut rs, Some(&c), &allows, TODAY);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(rs[0].status, Status::Present);
        assert_eq!(rs[0].priority, None);
        assert!(
            rs[0]
                .reason
                .starts_with("all 2 finding(s) suppressed at infragap.toml:1")
        );
        assert_eq!(sum.suppressions.applied, 1);
        assert_eq!(sum.inline_allows, 1);
    }

    #[test]
    fn fingerprint_suppression_keeps_other_findings() {
        let mut rs = vec![result(
            "SEC-01",
            true,
            Status::Missing,
            vec![finding("a.env", 1), finding("b.env", 2)],
        )];
        let c = config("[[suppress]]\nfingerprint = \"a.env:aws-key:1\"\nreason = \"revoked\"\n");
        apply(&mut rs, Some(&c), &[], TODAY);
        assert_eq!(rs[0].status, Status::Missing);
        assert_eq!(rs[0].evidence.len(), 1);
        assert_eq!(rs[0].evidence[0].path, "b.env");
    }

    #[test]
    fn whole_control_suppression_keeps_status_and_drops_priority() {
        let mut rs = vec![result("TST-04", false, Status::Missing, vec![])];
        let c = config(
            "[[suppress]]\ncontrol = \"TST-04\"\nreason = \"later\"\nexpires = 2027-01-31\n\n[[suppress]]\ncontrol = \"DEL-01\"\nreason = \"x\"\n\n[[suppress]]\ncontrol = \"TST-04\"\nreason = \"old\"\nexpires = 2020-01-01\n",
        );
        let (sum, diags) = apply(&mut rs, Some(&c), &[], TODAY);
        assert_eq!(rs[0].status, Status::Missing);
        assert_eq!(rs[0].priority, None);
        let s = rs[0].suppressed.as_ref().unwrap();
        assert_eq!(s.at, "infragap.toml:1");
        assert_eq!(sum.suppressions.applied, 1);
        assert_eq!(sum.suppressions.unmatched, 1);
        assert_eq!(sum.suppressions.expired, 1);
        assert_eq!(diags.len(), 2);
        assert!(diags[0].message.contains("matched nothing"));
        assert_eq!(diags[0].line, 6);
        assert!(diags[1].message.contains("expired on 2020-01-01"));
        assert_eq!(diags[1].line, 13);
    }
}
