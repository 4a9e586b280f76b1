//! The rule language, typed. TOML strings become these values once, at load
//! time; nothing later looks anything up by name.

use globset::GlobMatcher;
use regex::Regex;
use serde::Serialize;

use crate::facts::commands::CommandKind;
use crate::facts::{DepKind, Ecosystem};
use crate::signals::PatternId;
use crate::stack::Fact;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Criticality {
    Critical,
    High,
    Medium,
    Low,
}

impl Criticality {
    pub fn weight(self) -> f64 {
        match self {
            Criticality::Critical => 8.0,
            Criticality::High => 4.0,
            Criticality::Medium => 2.0,
            Criticality::Low => 1.0,
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "critical" | "c" => Criticality::Critical,
            "high" | "h" => Criticality::High,
            "medium" | "m" => Criticality::Medium,
            "low" | "l" => Criticality::Low,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Criticality::Critical => "critical",
            Criticality::High => "high",
            Criticality::Medium => "medium",
            Criticality::Low => "low",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
pub enum Status {
    #[serde(rename = "present")]
    Present,
    #[serde(rename = "partial")]
    Partial,
    #[serde(rename = "missing")]
    Missing,
    #[serde(rename = "unknown")]
    Unknown,
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl Status {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "present" => Status::Present,
            "partial" => Status::Partial,
            "missing" => Status::Missing,
            "unknown" => Status::Unknown,
            "n/a" => Status::NotApplicable,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Partial => "partial",
            Status::Missing => "missing",
            Status::Unknown => "unknown",
            Status::NotApplicable => "n/a",
        }
    }

    pub fn is_gap(self) -> bool {
        matches!(self, Status::Partial | Status::Missing | Status::Unknown)
    }
}

/// Domains of the catalog, in report order.
pub const DOMAINS: &[(&str, &str)] = &[
    ("DEL", "Delivery"),
    ("TST", "Testing"),
    ("OBS", "Observability"),
    ("SEC", "Security"),
    ("DAT", "Data"),
    ("SCL", "Scalability and performance"),
    ("CFG", "Configuration and environments"),
    ("API", "API surface"),
    ("CMP", "Compliance and privacy"),
    ("OPS", "Operations and team process"),
    ("AIO", "AI/LLM operations"),
    ("TEN", "Multi-tenancy"),
];

/// Where a rule came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "path", rename_all = "snake_case")]
pub enum RuleSource {
    BuiltIn(String),
    User(String),
}

/// A condition over facts and signals. Every matched leaf contributes evidence.
#[derive(Debug, Clone)]
pub enum Predicate {
    /// A declared dependency whose name matches one of the globs.
    Dependency {
        names: Vec<GlobMatcher>,
        ecosystem: Option<Ecosystem>,
        kind: Option<DepKind>,
        label: String,
    },
    /// A file whose path matches the glob exists (index into the pack's one `GlobSet`).
    File {
        glob: usize,
        label: String,
    },
    /// A content pattern (compiled into the signals set) matched somewhere.
    Content {
        pattern: PatternId,
        label: String,
    },
    /// A command CI runs (resolved through scripts), or an action it uses, matches.
    CiStep {
        regex: Regex,
        label: String,
    },
    /// CI runs a command of this kind (test, lint, deploy, …), resolved through scripts.
    CiRuns {
        kind: CommandKind,
    },
    /// A package script or task runs a command of this kind (locally configured).
    ScriptRuns {
        kind: CommandKind,
    },
    /// A key (dotted path) in a JSON/TOML/YAML file has a value matching the regex.
    Config {
        pattern: PatternId,
        label: String,
    },
    /// A derived fact holds.
    Fact(Fact),
    /// A named analyzer matched.
    Analyzer(&'static str),
    Any(Vec<Predicate>),
    All(Vec<Predicate>),
    Not(Box<Predicate>),
}

/// One outcome a rule can reach; tiers are tried in order.
#[derive(Debug, Clone)]
pub struct Tier {
    pub status: Status,
    /// For partial: how much of the control is in place (0.1–0.9).
    pub fraction: Option<f64>,
    pub reason: String,
    pub when: Predicate,
}

/// When a control applies.
#[derive(Debug, Clone)]
pub struct Applicability {
    /// Checked first: any guard that holds makes the control n/a with its reason.
    pub not_applicable: Vec<(Predicate, String)>,
    /// The control applies when this holds (None: always).
    pub when: Option<Predicate>,
    /// Why it applies (shown with the evidence of `when`).
    pub reason: String,
    /// Why it does not apply when `when` fails.
    pub otherwise: String,
}

#[derive(Debug, Clone)]
pub struct StackRemedy {
    pub stack: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub domain: String,
    pub criticality: Criticality,
    pub level: u8,
    /// Hygiene controls: present = no violation found.
    pub hygiene: bool,
    pub effort_hours: (u32, u32),
    pub applies: Applicability,
    pub tiers: Vec<Tier>,
    /// Status when no tier holds (missing, or unknown for things outside the repository).
    pub fallback: Status,
    pub fallback_reason: String,
    /// How to close the gap, in one paragraph (from the rule file).
    pub remedy: String,
    /// The same advice for a given stack (framework, language or platform
    /// name as the stack reports it), tried in order before `remedy`.
    pub stack_remedies: Vec<StackRemedy>,
    /// Controls that must be in place before this one can be (roadmap order).
    pub requires: Vec<String>,
    /// How a team can tell the gap is closed, once it is (success metrics).
    pub metric: String,
    /// explain.md, when the rule has one.
    pub explain: String,
    pub source: RuleSource,
    /// User files whose `extends = true` tiers were added (tried first).
    pub extended_by: Vec<String>,
}
