//! The whole pipeline, stage after stage: walk → facts → signals → stack →
//! engine → assessment. Renderers get the finished [`ScanOutput`].

use std::path::Path;
use std::time::Instant;

use crate::assess::{self, Assessment, PricingCatalog, Settings};
use crate::config::{Config, Date};
use crate::engine::overrides::{self, ConfigSummary};
use crate::engine::{self, ControlResult, EvalCtx};
use crate::evidence::Warning;
use crate::facts::{self, Facts};
use crate::inventory::{Inventory, ScanOptions};
use crate::rules::{Diagnostic, RulePack, RuleSource};
use crate::signals::cache::SignalCache;
use crate::signals::{self, config_probe};
use crate::stack::{self, CiCommands, Stack};

pub struct ScanOutput {
    /// The path as the user gave it (shown, never used to read again).
    pub target: String,
    pub commit: Option<String>,
    pub vcs: facts::vcs::Vcs,
    pub inventory: Inventory,
    pub facts: Facts,
    pub stack: Stack,
    pub ci: CiCommands,
    pub results: Vec<ControlResult>,
    pub assessment: Assessment,
    pub warnings: Vec<Warning>,
    pub stats: Stats,
    /// What `infragap.toml`, user rules and inline allows changed (None: nothing).
    pub config: Option<ConfigSummary>,
    /// Config warnings (expired or unmatched suppressions), with carets, for stderr.
    pub config_diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub files_read: usize,
    pub bytes_read: u64,
    pub patterns: usize,
    pub duration_ms: u64,
}

pub fn scan(root: &Path, opts: &ScanOptions, pack: &RulePack) -> anyhow::Result<ScanOutput> {
    scan_with(root, opts, pack, None, &AssessOverrides::default())
}

/// Command-line values that win over `infragap.toml` for the assessment.
#[derive(Debug, Clone, Default)]
pub struct AssessOverrides {
    pub capacity_hours_per_week: Option<u32>,
    pub hourly_rate: Option<u32>,
}

/// Settings: built-in defaults, then `[assessment]`, then the command line.
pub fn settings(config: Option<&Config>, cli: &AssessOverrides) -> Settings {
    let mut s = Settings::default();
    let mut cap_src = "default".to_string();
    let mut rate_src = "default".to_string();
    if let Some(c) = config {
        if let Some((n, line)) = c.assessment.capacity_hours_per_week {
            s.capacity_hours_per_week = n;
            cap_src = c.at_line(line);
        }
        if let Some((n, line)) = c.assessment.hourly_rate {
            s.hourly_rate = n;
            rate_src = c.at_line(line);
        }
    }
    if let Some(n) = cli.capacity_hours_per_week {
        s.capacity_hours_per_week = n.max(1);
        cap_src = "--capacity".into();
    }
    if let Some(n) = cli.hourly_rate {
        s.hourly_rate = n;
        rate_src = "--hourly-rate".into();
    }
    s.sources = vec![
        format!("capacity_hours_per_week: {cap_src}"),
        format!("hourly_rate: {rate_src}"),
    ];
    s
}

/// [`scan`] with the user's `infragap.toml` applied after evaluation
/// (declarations, suppressions; inline allows apply either way).
pub fn scan_with(
    root: &Path,
    opts: &ScanOptions,
    pack: &RulePack,
    config: Option<&Config>,
    overrides: &AssessOverrides,
) -> anyhow::Result<ScanOutput> {
    scan_with_cache(root, opts, pack, config, overrides, None)
}

/// [`scan_with`], reusing the content pass's matches of unchanged files from
/// `cache` (`--cache DIR`) and recording this scan's for the next one. The
/// output is the same as without a cache; the caller saves the cache.
pub fn scan_with_cache(
    root: &Path,
    opts: &ScanOptions,
    pack: &RulePack,
    config: Option<&Config>,
    overrides: &AssessOverrides,
    cache: Option<&mut SignalCache>,
) -> anyhow::Result<ScanOutput> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()?;
    let inventory = Inventory::walk(root, opts)?;
    let (facts, sigs, probes) = pool.install(|| {
        let (facts, (sigs, probes)) = rayon::join(
            || facts::collect(&inventory),
            || {
                (
                    signals::scan_cached(&inventory, &pack.patterns, cache),
                    config_probe::run(&inventory, &pack.probes),
                )
            },
        );
        (facts, sigs, probes)
    });
    let ci = pool.install(|| CiCommands::build(&facts));
    let vcs = facts::vcs::read(root);
    let mut stack = stack::derive(&inventory, &facts, &sigs, &pack.stack_patterns, &ci, &vcs);
    crate::analyzers::derive_facts(
        &mut stack,
        &inventory,
        &facts,
        &sigs,
        &pack.analyzer_patterns,
    );
    let file_hits = signals::match_files(&inventory, &pack.file_globs);
    let cx = EvalCtx::new(
        &inventory,
        &facts,
        &sigs,
        &probes,
        &stack,
        &ci,
        &pack.analyzer_patterns,
        &file_hits,
    );
    let mut results = engine::evaluate(&pack.rules, &cx);
    let (mut config_summary, config_diagnostics) = overrides::apply(
        &mut results,
        config,
        sigs.hits(pack.allow_pattern),
        Date::today(),
    );
    for r in &pack.rules {
        if let RuleSource::User(p) = &r.source {
            config_summary.rules.push(p.clone());
        }
        config_summary.rules.extend(r.extended_by.iter().cloned());
    }
    config_summary.rules.sort();
    config_summary.rules.dedup();
    assess::apply_context(&mut results, &stack);
    let pricing = PricingCatalog::builtin()
        .with_overrides(config.map(|c| c.pricing.as_slice()).unwrap_or_default());
    let assessment = assess::assess(
        &results,
        &pack.rules,
        &stack,
        &settings(config, overrides),
        &pricing,
    );

    let mut warnings = inventory.warnings.clone();
    warnings.extend(facts.warnings.iter().cloned());
    warnings.extend(sigs.warnings.iter().cloned());
    warnings.extend(overrides::warnings(&config_diagnostics));
    warnings.sort();
    warnings.dedup();
    let stats = Stats {
        files: inventory.files.len(),
        bytes: inventory.files.iter().map(|f| f.size).sum(),
        files_read: sigs.files_read,
        bytes_read: sigs.bytes_read,
        patterns: pack.patterns.len(),
        duration_ms: started.elapsed().as_millis() as u64,
    };
    Ok(ScanOutput {
        target: root.display().to_string(),
        commit: vcs.commit.clone(),
        vcs,
        inventory,
        facts,
        stack,
        ci,
        results,
        assessment,
        warnings,
        stats,
        config: (!config_summary.is_empty()).then_some(config_summary),
        config_diagnostics,
    })
}
