//! The rule pack in force: built-in rules (plus, later, user rules), with all
//! their content patterns compiled into one signals set.

use super::diagnostic::Diagnostic;
use super::load::{ConfigProbe, Registry, parse_rule};
use super::model::{Rule, RuleSource};
use crate::analyzers::AnalyzerPatterns;
use crate::signals::PatternSet;
use crate::stack::StackPatterns;

/// One embedded rule file.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinRule {
    pub path: &'static str,
    pub toml: &'static str,
    pub explain: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Rules plus everything compiled from them.
pub struct RulePack {
    pub rules: Vec<Rule>,
    pub patterns: PatternSet,
    pub probes: Vec<ConfigProbe>,
    /// Every `file` predicate's glob, in one set.
    pub file_globs: globset::GlobSet,
    pub stack_patterns: StackPatterns,
    pub analyzer_patterns: AnalyzerPatterns,
}

impl RulePack {
    /// The built-in pack. A broken built-in rule is a bug in infragap, caught by tests.
    pub fn builtin() -> Result<RulePack, Vec<Diagnostic>> {
        Self::from_files(BUILTIN_RULES.iter().map(|b| {
            (
                b.path.to_string(),
                b.toml.to_string(),
                b.explain.to_string(),
                RuleSource::BuiltIn(b.path.to_string()),
            )
        }))
    }

    /// Loads rules from (path, toml, explain, source) tuples; later rules with
    /// an id already loaded are rejected.
    pub fn from_files(
        files: impl IntoIterator<Item = (String, String, String, RuleSource)>,
    ) -> Result<RulePack, Vec<Diagnostic>> {
        let mut reg = Registry::default();
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        for (path, toml, explain, source) in files {
            match parse_rule(&path, &toml, &explain, source, &mut reg) {
                Ok(rule) => {
                    if rules.iter().any(|r| r.id == rule.id) {
                        let at = toml.find(&format!("\"{}\"", rule.id)).unwrap_or(0);
                        errors.push(Diagnostic::at(
                            &path,
                            &toml,
                            at..at + rule.id.len() + 2,
                            format!("control `{}` is defined twice", rule.id),
                        ));
                    } else {
                        rules.push(rule);
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        rules.sort_by(|a, b| {
            domain_rank(&a.domain)
                .cmp(&domain_rank(&b.domain))
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut gs = globset::GlobSetBuilder::new();
        for g in &reg.file_globs {
            // Validated when the rule was parsed.
            if let Ok(glob) = crate::signals::compile_glob(g) {
                gs.add(glob);
            }
        }
        let file_globs = gs
            .build()
            .map_err(|e| vec![Diagnostic::at("<globs>", "", 0..0, e.to_string())])?;
        let mut specs = reg.patterns;
        let stack_patterns = StackPatterns::register(&mut specs);
        let analyzer_patterns = AnalyzerPatterns::register(&mut specs);
        let patterns = PatternSet::new(specs).map_err(|e| {
            vec![Diagnostic::at(
                "<patterns>",
                "",
                0..0,
                format!("pattern {}: {}", e.index, e.message),
            )]
        })?;
        Ok(RulePack {
            rules,
            patterns,
            probes: reg.probes,
            file_globs,
            stack_patterns,
            analyzer_patterns,
        })
    }
}

fn domain_rank(domain: &str) -> usize {
    super::model::DOMAINS
        .iter()
        .position(|(d, _)| *d == domain)
        .unwrap_or(usize::MAX)
}
