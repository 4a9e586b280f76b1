//! The SARIF 2.1.0 report, for code scanning: one rule per control of the
//! pack (help from its explain.md), one result per gap of the assessment
//! (per finding for hygiene controls), each anchored to a file — the evidence
//! where there is some, else the file where the control is expected (see
//! [`anchor`]). Everything comes from the [`ScanOutput`]; nothing is
//! recomputed. Text fields are plain text: JSON escaping covers the markup,
//! control characters are dropped, and secrets arrive already redacted.

pub mod anchor;
pub mod model;

use std::collections::{BTreeMap, HashMap};

use serde_json::json;

use crate::assess::Gap;
use crate::engine::{ControlResult, Priority};
use crate::evidence::{Evidence, Warning};
use crate::rules::{Criticality, Rule, RulePack, RuleSource, Status};
use crate::scan::ScanOutput;
use anchor::{Anchors, is_relative, relative_uri};
use model::*;

/// Fingerprint keys, versioned so a change of scheme never collides with old alerts.
pub const CONTROL_FINGERPRINT: &str = "infragapControl/v1";
pub const FINDING_FINGERPRINT: &str = "infragapFinding/v1";

/// Pretty SARIF with a trailing newline.
pub fn render(out: &ScanOutput, pack: &RulePack) -> String {
    let mut s = serde_json::to_string_pretty(&build(out, pack)).expect("SARIF serialises");
    s.push('\n');
    s
}

pub fn build(out: &ScanOutput, pack: &RulePack) -> Log {
    let rules: Vec<ReportingDescriptor> = pack.rules.iter().map(descriptor).collect();
    let index: HashMap<&str, usize> = pack
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let anchors = Anchors::new(&out.inventory);
    let mut results = Vec::new();
    // The assessment's gaps: partial, missing, unknown, not suppressed, most urgent first.
    for gap in &out.assessment.priorities {
        let (Some(&rule_index), Some(control)) = (
            index.get(gap.id.as_str()),
            out.results.iter().find(|r| r.id == gap.id),
        ) else {
            continue;
        };
        let cx = GapCx {
            gap,
            control,
            rule_index,
            anchors: &anchors,
            out,
        };
        if control.hygiene && matches!(gap.status, Status::Missing | Status::Partial) {
            let findings = if control.findings.is_empty() {
                &control.evidence
            } else {
                &control.findings
            };
            let located: Vec<&Evidence> = findings.iter().filter(|e| cx.locatable(e)).collect();
            if !located.is_empty() {
                results.extend(located.into_iter().map(|e| cx.finding_result(e)));
                continue;
            }
        }
        results.push(cx.gap_result());
    }

    let version = env!("CARGO_PKG_VERSION");
    let information_uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
        .map(str::to_string);
    let summary = &out.assessment.summary;
    let mut properties = PropertyBag::new();
    properties.insert("completeness".into(), json!(summary.completeness));
    properties.insert("maturityLevel".into(), json!(summary.maturity_level));
    properties.insert("posture".into(), json!(summary.posture));
    properties.insert(
        "postureReason".into(),
        json!(plain(&summary.posture_reason)),
    );
    if let Some(c) = &out.commit {
        properties.insert("commit".into(), json!(plain(c)));
    }
    Log {
        schema: SCHEMA_URI.into(),
        version: VERSION.into(),
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "infragap".into(),
                    version: version.into(),
                    semantic_version: version.into(),
                    information_uri,
                    rules,
                },
            },
            // A fixed category: code scanning replaces the previous infragap
            // analysis of the same branch instead of piling them up.
            automation_details: Some(AutomationDetails {
                id: "infragap/".into(),
            }),
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT.to_string(),
                ArtifactLocation {
                    uri: None,
                    uri_base_id: None,
                    description: Some(Message::text("The root of the scanned repository.")),
                },
            )]),
            invocations: vec![Invocation {
                execution_successful: true,
                tool_execution_notifications: out.warnings.iter().map(notification).collect(),
            }],
            results,
            properties,
        }],
    }
}

/// One control of the pack as a SARIF rule.
fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let builtin = matches!(rule.source, RuleSource::BuiltIn(_));
    let explain = rule.explain.trim();
    let mut help = explain.to_string();
    if !explain.contains("## How to close it") && !rule.remedy.is_empty() {
        if !help.is_empty() {
            help.push_str("\n\n");
        }
        help.push_str("## How to close it\n");
        help.push_str(rule.remedy.trim());
    }
    if help.is_empty() {
        help = rule.title.clone();
    }
    let help = plain(&help);
    let help_text = help
        .lines()
        .map(|l| match l.strip_prefix("## ") {
            Some(h) => format!("{h}:"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let full = section(explain, "What it checks")
        .map(plain)
        .unwrap_or_else(|| plain(&rule.title));
    let mut properties = PropertyBag::new();
    let mut tags = vec![plain(&rule.domain), rule.criticality.label().to_string()];
    // Code scanning files results under "security" (and reads
    // security-severity) only for rules tagged so.
    if rule.domain == "SEC" {
        tags.push("security".into());
    }
    properties.insert("tags".into(), json!(tags));
    properties.insert(
        "security-severity".into(),
        json!(security_severity(rule.criticality)),
    );
    properties.insert(
        "problem.severity".into(),
        json!(problem_severity(rule.criticality)),
    );
    properties.insert("maturityLevel".into(), json!(rule.level));
    if rule.hygiene {
        properties.insert("hygiene".into(), json!(true));
    }
    ReportingDescriptor {
        id: rule.id.clone(),
        name: camel_case(&rule.title),
        short_description: Message::text(plain(&rule.title)),
        full_description: Message::text(full),
        help: Message {
            // The built-in explain.md files are Markdown written for this; a
            // user rule's text comes from the scanned repository and is only
            // given as plain text, never rendered.
            markdown: builtin.then_some(help),
            text: help_text,
        },
        default_configuration: ReportingConfiguration {
            level: level(rule.criticality),
        },
        properties,
    }
}

/// What one gap needs to become results.
struct GapCx<'a> {
    gap: &'a Gap,
    control: &'a ControlResult,
    rule_index: usize,
    anchors: &'a Anchors,
    out: &'a ScanOutput,
}

impl GapCx<'_> {
    /// Evidence that names a file of the scanned tree (not `.`, not a path
    /// outside it) can carry a location.
    fn locatable(&self, e: &Evidence) -> bool {
        is_relative(&e.path) && self.out.inventory.exists(&e.path)
    }

    /// One result for the whole gap: at its first locatable evidence, the
    /// rest as related locations; without any, at the expected file.
    fn gap_result(&self) -> SarifResult {
        let g = self.gap;
        let located: Vec<&Evidence> = g.evidence.iter().filter(|e| self.locatable(e)).collect();
        let (primary, anchor_path) = match located.first() {
            Some(e) => (location(e, None), e.path.clone()),
            None => {
                let path = self.anchors.for_domain(&g.domain);
                let msg = format!(
                    "No evidence of {} in the repository; shown on the file where it is expected.",
                    plain(&g.title)
                );
                (file_location(path, 1, None, Some(msg)), path.to_string())
            }
        };
        let related = located
            .iter()
            .skip(1)
            .enumerate()
            .map(|(i, e)| location(e, Some(i as u32 + 1)))
            .collect();
        let mut text = self.headline();
        if !g.evidence.is_empty() {
            text.push_str("\nEvidence:");
            for e in &g.evidence {
                text.push_str(&format!(
                    "\n- {}: {}",
                    plain(&e.location()),
                    plain(&e.detail)
                ));
            }
        }
        text.push_str(&self.recommendation());
        SarifResult {
            rule_id: g.id.clone(),
            rule_index: self.rule_index,
            level: level(g.criticality),
            message: Message::text(text),
            locations: vec![primary],
            related_locations: related,
            partial_fingerprints: BTreeMap::from([(
                CONTROL_FINGERPRINT.to_string(),
                format!("{}:{}", g.id, anchor_path),
            )]),
            properties: self.properties(),
        }
    }

    /// One result per finding of a hygiene control's violation, keyed by the
    /// finding's own fingerprint (`path:rule:line`, never the matched text).
    fn finding_result(&self, e: &Evidence) -> SarifResult {
        let g = self.gap;
        let fingerprint = e
            .fingerprint
            .clone()
            .unwrap_or_else(|| format!("{}:{}:{}", e.path, g.id, e.line.unwrap_or(0)));
        let text = format!(
            "{}\nFinding at {}: {}{}",
            self.headline(),
            plain(&e.location()),
            plain(&e.detail),
            self.recommendation()
        );
        SarifResult {
            rule_id: g.id.clone(),
            rule_index: self.rule_index,
            level: level(g.criticality),
            message: Message::text(text),
            locations: vec![location(e, None)],
            related_locations: Vec::new(),
            partial_fingerprints: BTreeMap::from([(FINDING_FINGERPRINT.to_string(), fingerprint)]),
            properties: self.properties(),
        }
    }

    /// `Error tracking (OBS-01): missing, priority P0. no error tracker…`
    fn headline(&self) -> String {
        let g = self.gap;
        let status = match g.status {
            Status::Partial => format!("partial ({:.0}% in place)", g.fraction * 100.0),
            Status::Unknown => "unknown, to confirm outside the repository".into(),
            s => s.label().into(),
        };
        let raised = g
            .raised_by
            .as_ref()
            .map(|r| {
                format!(
                    " (raised from {} for {})",
                    priority_label(r.from),
                    r.context
                )
            })
            .unwrap_or_default();
        format!(
            "{} ({}): {status}, priority {}{raised}. {}",
            plain(&g.title),
            g.id,
            priority_label(g.priority),
            sentence(&plain(&g.reason))
        )
    }

    fn recommendation(&self) -> String {
        let g = self.gap;
        if g.recommendation.is_empty() {
            return String::new();
        }
        let stack = g
            .recommendation_for
            .as_deref()
            .map(|s| format!(" (for {})", plain(s)))
            .unwrap_or_default();
        format!("\nRecommendation{stack}: {}", plain(&g.recommendation))
    }

    fn properties(&self) -> PropertyBag {
        let g = self.gap;
        let mut p = PropertyBag::new();
        p.insert("status".into(), json!(g.status));
        p.insert("priority".into(), json!(g.priority));
        p.insert("effortHours".into(), json!(g.effort_hours));
        if g.to_confirm {
            p.insert("toConfirm".into(), json!(true));
        }
        if self.control.declared {
            p.insert("declared".into(), json!(true));
        }
        p
    }
}

fn location(e: &Evidence, id: Option<u32>) -> Location {
    let msg = (!e.detail.is_empty()).then(|| plain(&e.detail));
    file_location(&e.path, e.line.unwrap_or(1), id, msg)
}

fn file_location(path: &str, line: u32, id: Option<u32>, message: Option<String>) -> Location {
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: Some(relative_uri(path)),
                uri_base_id: Some(SRCROOT.into()),
                description: None,
            },
            region: Some(Region {
                start_line: line.max(1),
            }),
        },
        message: message.map(Message::text),
    }
}

/// A scan warning as a tool notification, at its file when it has one.
fn notification(w: &Warning) -> Notification {
    let kind = serde_json::to_value(w.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "other".into());
    let locations = if is_relative(&w.path) && w.path != "." {
        vec![Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: Some(relative_uri(&w.path)),
                    uri_base_id: Some(SRCROOT.into()),
                    description: None,
                },
                region: None,
            },
            message: None,
        }]
    } else {
        Vec::new()
    };
    Notification {
        level: Level::Warning,
        message: Message::text(format!("{}: {}", plain(&w.path), plain(&w.message))),
        locations,
        descriptor: DescriptorReference { id: kind },
    }
}

/// critical and high → error, medium → warning, low → note.
fn level(c: Criticality) -> Level {
    match c {
        Criticality::Critical | Criticality::High => Level::Error,
        Criticality::Medium => Level::Warning,
        Criticality::Low => Level::Note,
    }
}

/// GitHub code scanning's numeric severity (a string, as its docs show).
fn security_severity(c: Criticality) -> &'static str {
    match c {
        Criticality::Critical => "9.0",
        Criticality::High => "7.0",
        Criticality::Medium => "4.0",
        Criticality::Low => "1.0",
    }
}

/// Code scanning's severity for non-security rules.
fn problem_severity(c: Criticality) -> &'static str {
    match c {
        Criticality::Critical | Criticality::High => "error",
        Criticality::Medium => "warning",
        Criticality::Low => "recommendation",
    }
}

fn priority_label(p: Priority) -> String {
    format!("{p:?}")
}

/// `Error tracking` → `ErrorTracking`; `AI/LLM rate-limiting` → `AILLMRateLimiting`.
fn camel_case(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(|c| c.to_uppercase().collect::<String>());
            first.unwrap_or_default() + cs.as_str()
        })
        .collect()
}

/// The body of a `## heading` section of an explain.md, trimmed.
fn section<'a>(md: &'a str, heading: &str) -> Option<&'a str> {
    let start = md.find(&format!("## {heading}"))?;
    let body = &md[start..];
    let body = &body[body.find('\n')? + 1..];
    let end = body.find("\n## ").unwrap_or(body.len());
    let body = body[..end].trim();
    (!body.is_empty()).then_some(body)
}

/// A reason as a sentence: capital first letter, full stop unless it has
/// its own punctuation.
fn sentence(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?', '…']) {
        out.push('.');
    }
    out
}

/// Plain text for SARIF message fields: line breaks and tabs kept, other
/// control characters and bidirectional overrides dropped (a viewer could
/// otherwise show a finding differently from what it is).
fn plain(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            (!c.is_control() || c == '\n' || c == '\t')
                && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_camel_case() {
        assert_eq!(camel_case("Error tracking"), "ErrorTracking");
        assert_eq!(camel_case("No committed secrets"), "NoCommittedSecrets");
        assert_eq!(camel_case("CI runs the tests"), "CIRunsTheTests");
        assert_eq!(camel_case("WAF / DDoS protection"), "WAFDDoSProtection");
    }

    #[test]
    fn severities_follow_criticality() {
        assert_eq!(level(Criticality::High), Level::Error);
        assert_eq!(level(Criticality::Medium), Level::Warning);
        assert_eq!(level(Criticality::Low), Level::Note);
        assert_eq!(security_severity(Criticality::Critical), "9.0");
        assert_eq!(problem_severity(Criticality::Low), "recommendation");
    }

    #[test]
    fn explain_sections_and_plain_text() {
        let md = "## What it checks\nWhether X.\n\n## Why it matters\nY.";
        assert_eq!(section(md, "What it checks"), Some("Whether X."));
        assert_eq!(section(md, "Why it matters"), Some("Y."));
        assert_eq!(section(md, "How to close it"), None);
        assert_eq!(sentence("no tracker"), "No tracker.");
        assert_eq!(sentence("done!"), "Done!");
        assert_eq!(plain("a\x1b[31mb\u{202E}c\nd"), "a[31mbc\nd");
    }
}
