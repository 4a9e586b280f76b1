//! The rule pack in force: built-in rules plus the user's (from
//! `infragap.toml`'s `rules = […]` and `.infragap/rules/`), with all their
//! content patterns compiled into one signals set.
//!
//! A user file with a new id adds a control. A user file with the id of a
//! control already loaded and `extends = true` adds its `[[tier]]`s *before*
//! that control's own tiers (first tier that holds wins, so user detection
//! is tried first and the built-in detection still applies after it); the
//! control keeps its built-in definition otherwise. The same id without
//! `extends` is an error.

use super::diagnostic::Diagnostic;
use super::load::{ConfigProbe, Extension, Registry, parse_extension, parse_rule};
use super::model::{Rule, RuleSource};
use crate::analyzers::AnalyzerPatterns;
use crate::inventory::FileClass;
use crate::signals::{PatternId, PatternSet, PatternSpec};
use crate::stack::StackPatterns;

/// One embedded rule file.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinRule {
    pub path: &'static str,
    pub toml: &'static str,
    pub explain: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A user rule file, read by the caller (see `config::user_rule_files`).
#[derive(Debug, Clone)]
pub struct UserRuleFile {
    /// The path as shown in errors and in `infragap rules`.
    pub display: String,
    pub toml: String,
    /// Its explain text (may be empty).
    pub explain: String,
}

/// Matches `infragap:allow ID reason` comments (inline suppressions), kept
/// for every file so a finding can look up its own line and the one above.
pub const ALLOW_REGEX: &str = r"infragap:allow[ \t]+[A-Za-z0-9_.:-]+[^\r\n]*";

/// Rules plus everything compiled from them.
pub struct RulePack {
    pub rules: Vec<Rule>,
    pub patterns: PatternSet,
    pub probes: Vec<ConfigProbe>,
    /// Every `file` predicate's glob, in one set.
    pub file_globs: globset::GlobSet,
    pub stack_patterns: StackPatterns,
    pub analyzer_patterns: AnalyzerPatterns,
    /// The `infragap:allow` comment pattern (an inventory pattern).
    pub allow_pattern: PatternId,
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

    /// The built-in pack plus user rule files (in order).
    pub fn with_user_rules(user: Vec<UserRuleFile>) -> Result<RulePack, Vec<Diagnostic>> {
        let builtin = BUILTIN_RULES.iter().map(|b| {
            (
                b.path.to_string(),
                b.toml.to_string(),
                b.explain.to_string(),
                RuleSource::BuiltIn(b.path.to_string()),
            )
        });
        let user = user.into_iter().map(|u| {
            let src = RuleSource::User(u.display.clone());
            (u.display, u.toml, u.explain, src)
        });
        Self::from_files(builtin.chain(user))
    }

    /// Loads rules from (path, toml, explain, source) tuples; later rules with
    /// an id already loaded are rejected, unless they are user extensions
    /// (`extends = true`).
    pub fn from_files(
        files: impl IntoIterator<Item = (String, String, String, RuleSource)>,
    ) -> Result<RulePack, Vec<Diagnostic>> {
        let mut reg = Registry::default();
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        let mut extensions: Vec<(String, String, Extension)> = Vec::new();
        for (path, toml, explain, source) in files {
            if matches!(source, RuleSource::User(_)) {
                match parse_extension(&path, &toml, &mut reg) {
                    Ok(Some(ext)) => {
                        extensions.push((path, toml, ext));
                        continue;
                    }
                    Ok(None) => {}
                    Err(mut e) => {
                        errors.append(&mut e);
                        continue;
                    }
                }
            }
            let user = matches!(source, RuleSource::User(_));
            match parse_rule(&path, &toml, &explain, source, &mut reg) {
                Ok(rule) => {
                    if let Some(prev) = rules.iter().find(|r| r.id == rule.id) {
                        let at = toml.find(&format!("\"{}\"", rule.id)).unwrap_or(0);
                        let mut d = Diagnostic::at(
                            &path,
                            &toml,
                            at..at + rule.id.len() + 2,
                            format!("control `{}` is defined twice", rule.id),
                        );
                        if user {
                            let from = match &prev.source {
                                RuleSource::BuiltIn(_) => "the built-in pack".to_string(),
                                RuleSource::User(p) => format!("`{p}`"),
                            };
                            d = d.with_help(format!(
                                "{from} defines it already; to add detection to it, write `extends = true` with only `id` and [[tier]]s, or pick a new id"
                            ));
                        }
                        errors.push(d);
                    } else if user && !super::model::DOMAINS.iter().any(|(d, _)| *d == rule.domain)
                    {
                        // User controls join a catalog domain, so every view
                        // (terminal sections, domain scores) shows them.
                        let at = toml.find(&format!("\"{}\"", rule.domain)).unwrap_or(0);
                        errors.push(
                            Diagnostic::at(
                                &path,
                                &toml,
                                at..at + rule.domain.len() + 2,
                                format!("unknown domain `{}`", rule.domain),
                            )
                            .with_help(format!(
                                "a control belongs to one of the catalog domains: {}",
                                super::model::DOMAINS
                                    .iter()
                                    .map(|(d, _)| *d)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        );
                    } else {
                        rules.push(rule);
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        for (path, toml, ext) in extensions {
            match rules.iter_mut().find(|r| r.id == ext.id) {
                Some(rule) => {
                    rule.tiers.splice(0..0, ext.tiers);
                    rule.extended_by.push(path);
                }
                None => errors.push(
                    Diagnostic::at(
                        &path,
                        &toml,
                        ext.id_span,
                        format!("`extends = true` but no control `{}` is defined", ext.id),
                    )
                    .with_help("extensions add tiers to an existing control; drop `extends` to define a new one"),
                ),
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
        specs.push(PatternSpec {
            regex: ALLOW_REGEX.to_string(),
            glob: None,
            classes: ALLOW_CLASSES.to_vec(),
            inventory: true,
        });
        let allow_pattern = specs.len() - 1;
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
            allow_pattern,
        })
    }
}

/// Where an `infragap:allow` comment can sit: the classes content patterns
/// read anyway (not docs, nor migrations, which hygiene scans skip), so the
/// comment pattern never makes the one pass read an extra file.
const ALLOW_CLASSES: &[FileClass] = &[
    FileClass::Source,
    FileClass::Test,
    FileClass::Config,
    FileClass::Manifest,
    FileClass::Ci,
    FileClass::Iac,
    FileClass::Other,
];

fn domain_rank(domain: &str) -> usize {
    super::model::DOMAINS
        .iter()
        .position(|(d, _)| *d == domain)
        .unwrap_or(usize::MAX)
}
