//! Command-line interface: argument parsing and dispatch. Each command is a
//! thin call into the library; nothing here detects or scores.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, Config};
use crate::gate;
use crate::inventory::ScanOptions;
use crate::report;
use crate::rules::{DOMAINS, Diagnostic, Rule, RulePack, RuleSource};

#[derive(Parser, Debug)]
#[command(
    name = "infragap",
    version,
    about = "Infrastructure gap analysis of a repository, from the code itself, offline, with evidence.",
    after_long_help = crate::manual::long_help_epilogue()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan a repository and report every control with its status and evidence.
    Scan(ScanArgs),
    /// List the controls in force (built-in and the repository's own rules), or the content patterns of the one signals pass.
    Rules {
        /// Repository whose `infragap.toml` and `.infragap/rules/` add controls.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Config file to use instead of PATH/infragap.toml.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Print every content pattern, one regex per line (for benchmarks against `rg -f`).
        #[arg(long)]
        patterns: bool,
    },
    /// Explain a control: what it checks, why it matters, how it is detected, how to close it.
    Explain {
        /// Control id, e.g. DEL-02.
        id: String,
        /// Repository whose user rules are in force (for user-defined controls).
        #[arg(long, default_value = ".")]
        path: PathBuf,
        /// Config file to use instead of PATH/infragap.toml.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Gate a CI run on the scan: exit 0 passed, 1 failed, 2 usage or config error.
    ///
    /// Fails when an open gap at the --fail-on priority or higher exists, when
    /// completeness is below --min-score percent, or when the maturity level is
    /// below --min-level. With --baseline, gaps the baseline holds are accepted
    /// and only new gaps and regressions count (a worse status, less in place,
    /// a higher priority, a new secret or other hygiene finding). The settings
    /// can live in infragap.toml [check]; flags win. With nothing set anywhere,
    /// the gate fails on P0 gaps.
    Check(CheckArgs),
    /// Write a baseline of the current gaps and findings, for `check --baseline`.
    ///
    /// A small deterministic JSON file (status, fraction and priority per
    /// control, hygiene finding fingerprints; no evidence text), meant to be
    /// committed. A JSON report from `scan --format json` works as a baseline too.
    Baseline(BaselineArgs),
    /// Compare two JSON reports: status changes, gaps opened and closed, score, level, findings.
    ///
    /// OLD and NEW come from `scan --format json` (a baseline works as OLD).
    /// `--format md` writes a compact pull-request comment.
    Diff(DiffArgs),
    /// Print the JSON Schema (draft 2020-12) of `scan --format json` reports.
    Schema,
    /// Write a commented infragap.toml template.
    Init {
        /// Directory to write infragap.toml into.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Overwrite an existing infragap.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// Shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `infragap man | man -l -`.
    Man {
        /// A command's own page instead of the overview (e.g. `scan`).
        command: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Repository to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format: terminal, json, md (alias markdown).
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Config file to use instead of PATH/infragap.toml (this flag wins).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Worker threads for the walk and the content pass (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Files larger than this many bytes are listed but not read.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Engineering hours per week for the roadmap (default 30; wins over infragap.toml [assessment]).
    #[arg(long, value_name = "HOURS", value_parser = clap::value_parser!(u32).range(1..))]
    pub capacity: Option<u32>,
    /// Blended hourly rate for the engineering cost (default 100; wins over infragap.toml).
    #[arg(long, value_name = "RATE")]
    pub hourly_rate: Option<u32>,
    /// Reuse the content matches of unchanged files from this directory, and
    /// update it (e.g. `.infragap-cache`; off by default). Same report, much
    /// faster re-scans; one directory per scanned tree.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

/// Scan settings shared by `check` and `baseline`.
#[derive(clap::Args, Debug)]
pub struct ScanFlags {
    /// Config file to use instead of PATH/infragap.toml (this flag wins).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Worker threads for the walk and the content pass (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Files larger than this many bytes are listed but not read.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Reuse the content matches of unchanged files from this directory, and
    /// update it (e.g. `.infragap-cache`; off by default). Same result, much
    /// faster re-scans.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Repository to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Fail when an open gap of this priority or higher exists (wins over [check] fail_on).
    #[arg(long, value_enum, value_name = "PRIORITY")]
    pub fail_on: Option<FailOn>,
    /// Fail when completeness is below this percent (wins over [check] min_score).
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,
    /// Fail when the maturity level is below this (wins over [check] min_level).
    #[arg(long, value_name = "LEVEL", value_parser = clap::value_parser!(u8).range(1..=5))]
    pub min_level: Option<u8>,
    /// Accept the gaps this baseline (or JSON report) holds; only new gaps and regressions fail.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Output format of the gate report.
    #[arg(long, value_enum, default_value_t = GateFormat::Terminal)]
    pub format: GateFormat,
    /// Write the gate report to this file instead of standard output.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub scan: ScanFlags,
}

#[derive(clap::Args, Debug)]
pub struct BaselineArgs {
    /// Repository to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The baseline file to write.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub scan: ScanFlags,
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The older JSON report (or baseline).
    pub old: PathBuf,
    /// The newer JSON report.
    pub new: PathBuf,
    /// Output format (md: a pull-request comment).
    #[arg(long, value_enum, default_value_t = GateFormat::Terminal)]
    pub format: GateFormat,
    /// Write the diff to this file instead of standard output.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    P0,
    P1,
    P2,
    P3,
}

impl From<FailOn> for crate::engine::Priority {
    fn from(f: FailOn) -> Self {
        use crate::engine::Priority;
        match f {
            FailOn::P0 => Priority::P0,
            FailOn::P1 => Priority::P1,
            FailOn::P2 => Priority::P2,
            FailOn::P3 => Priority::P3,
        }
    }
}

/// Formats of `check` and `diff`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateFormat {
    Terminal,
    Json,
    Md,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Terminal,
    Json,
    /// A Markdown gap analysis (executive summary, gaps, roadmap, costs).
    #[value(name = "md", alias = "markdown")]
    Md,
    /// One self-contained HTML file (inline CSS and SVG, no script, no network).
    Html,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps).
    Sarif,
}

/// Runs the CLI; returns the process exit code (0 ok, 1 gate failed, 2 usage/config error).
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Scan(args) => match load(&args.path, args.config.as_deref()) {
            Ok((pack, config)) => scan(args, &pack, config.as_ref()),
            Err(code) => code,
        },
        Command::Rules {
            path,
            config,
            patterns,
        } => match load(&path, config.as_deref()) {
            Ok((pack, _)) => {
                list_rules(&pack, patterns);
                0
            }
            Err(code) => code,
        },
        Command::Explain { id, path, config } => match load(&path, config.as_deref()) {
            Ok((pack, _)) => explain(&pack, &id),
            Err(code) => code,
        },
        Command::Init { path, force } => init(&path, force),
        Command::Check(args) => match load(&args.path, args.scan.config.as_deref()) {
            Ok((pack, config)) => check(args, &pack, config.as_ref()),
            Err(code) => code,
        },
        Command::Baseline(args) => match load(&args.path, args.scan.config.as_deref()) {
            Ok((pack, config)) => baseline(args, &pack, config.as_ref()),
            Err(code) => code,
        },
        Command::Diff(args) => diff(args),
        Command::Schema => {
            let _ = anstream::stdout().write_all(report::json::render_schema().as_bytes());
            0
        }
        Command::Completions { shell } => {
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = crate::manual::completions(shell, &mut std::io::stdout());
            0
        }
        Command::Man { command } => {
            match crate::manual::man(command.as_deref(), &mut std::io::stdout()) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {e}");
                    2
                }
            }
        }
    }
}

/// The rule pack (built-in plus the repository's user rules) and the
/// validated config; on errors, prints them like a compiler and gives exit code 2.
fn load(root: &Path, config: Option<&Path>) -> Result<(RulePack, Option<Config>), i32> {
    let fail = |errors: Vec<Diagnostic>| {
        let mut err = anstream::stderr();
        for e in &errors {
            let _ = writeln!(err, "{e}\n");
        }
        let _ = writeln!(
            err,
            "error: could not load the configuration ({} error{})",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        2
    };
    let config = Config::discover(root, config).map_err(fail)?;
    let files = config::user_rule_files(root, config.as_ref()).map_err(fail)?;
    let pack = RulePack::with_user_rules(files).map_err(fail)?;
    if let Some(c) = &config {
        let errors = c.check_controls(&pack);
        if !errors.is_empty() {
            return Err(fail(errors));
        }
    }
    Ok((pack, config))
}

fn source_label(r: &Rule) -> String {
    let mut src = match &r.source {
        RuleSource::BuiltIn(_) => "built-in".to_string(),
        RuleSource::User(p) => p.clone(),
    };
    for p in &r.extended_by {
        src.push_str(" + ");
        src.push_str(p);
    }
    src
}

fn list_rules(pack: &RulePack, patterns: bool) {
    let mut out = anstream::stdout();
    if patterns {
        for spec in pack.patterns.specs() {
            let _ = writeln!(out, "{}", spec.regex);
        }
        return;
    }
    let _ = writeln!(
        out,
        "{:<8} {:<5} {:<9} {:<3} {:<40} source",
        "id", "dom", "crit", "lvl", "title"
    );
    for r in &pack.rules {
        let _ = writeln!(
            out,
            "{:<8} {:<5} {:<9} {:<3} {:<40} {}",
            r.id,
            r.domain,
            r.criticality.label(),
            r.level,
            r.title,
            source_label(r)
        );
    }
}

fn explain(pack: &RulePack, id: &str) -> i32 {
    let id = id.to_ascii_uppercase();
    let Some(r) = pack.rules.iter().find(|r| r.id == id) else {
        eprintln!("error: no control `{id}`; `infragap rules` lists them");
        return 2;
    };
    let domain = DOMAINS
        .iter()
        .find(|(d, _)| *d == r.domain)
        .map(|(_, n)| *n)
        .unwrap_or("");
    let mut out = anstream::stdout();
    let _ = writeln!(out, "{} — {}\n", r.id, r.title);
    let _ = writeln!(
        out,
        "domain: {} ({domain}) · criticality: {} · required at maturity level {}{}",
        r.domain,
        r.criticality.label(),
        r.level,
        if r.hygiene { " · hygiene" } else { "" }
    );
    let _ = writeln!(
        out,
        "applies: {}",
        if r.applies.when.is_some() {
            r.applies.reason.as_str()
        } else {
            "always"
        }
    );
    if r.effort_hours.1 > 0 {
        let _ = writeln!(
            out,
            "effort: {}–{} hours",
            r.effort_hours.0, r.effort_hours.1
        );
    }
    let _ = writeln!(out, "source: {}", source_label(r));
    let _ = writeln!(out);
    if !r.explain.trim().is_empty() {
        let _ = writeln!(out, "{}\n", r.explain.trim_end());
    }
    let _ = writeln!(out, "## Detection, from the rule\n");
    let _ = writeln!(out, "{}", crate::rules::detection(r, pack).trim_end());
    if !r.explain.contains("## How to close it") && !r.remedy.is_empty() {
        let _ = writeln!(out, "\n## How to close it\n\n{}", r.remedy);
    }
    0
}

fn init(dir: &Path, force: bool) -> i32 {
    let path = dir.join(config::FILE_NAME);
    if path.exists() && !force {
        eprintln!(
            "error: {} already exists; pass --force to overwrite it",
            path.display()
        );
        return 2;
    }
    match std::fs::write(&path, config::TEMPLATE) {
        Ok(()) => {
            println!("wrote {}", path.display());
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            2
        }
    }
}

fn scan(args: ScanArgs, pack: &RulePack, config: Option<&Config>) -> i32 {
    let opts = ScanOptions {
        max_file_size: args.max_file_size,
        threads: args.threads,
    };
    let overrides = crate::scan::AssessOverrides {
        capacity_hours_per_week: args.capacity,
        hourly_rate: args.hourly_rate,
    };
    let out = match scan_cached(
        &args.path,
        &opts,
        pack,
        config,
        &overrides,
        args.cache.as_deref(),
    ) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if !out.config_diagnostics.is_empty() {
        let mut err = anstream::stderr();
        for d in &out.config_diagnostics {
            let _ = writeln!(err, "{d}\n");
        }
    }
    let text = match args.format {
        Format::Json => report::json::render(&out),
        Format::Terminal => report::terminal::render(&out),
        Format::Md => report::markdown::render(&out),
        Format::Html => report::html::render(&out),
        Format::Sarif => report::sarif::render(&out, pack),
    };
    match &args.output {
        Some(path) => {
            // A file gets plain text: strip styles whatever the terminal is.
            let plain = if args.format == Format::Terminal {
                strip_ansi(&text)
            } else {
                text
            };
            if let Err(e) = std::fs::write(path, plain) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return 2;
            }
        }
        None => {
            let mut stdout = anstream::stdout();
            let _ = stdout.write_all(text.as_bytes());
        }
    }
    0
}

/// Runs the scan, through the content cache in `cache_dir` when one is given
/// (`--cache`); the cache's own problems are warnings on stderr, never errors.
pub fn scan_cached(
    path: &Path,
    opts: &ScanOptions,
    pack: &RulePack,
    config: Option<&Config>,
    overrides: &crate::scan::AssessOverrides,
    cache_dir: Option<&Path>,
) -> anyhow::Result<crate::scan::ScanOutput> {
    let Some(dir) = cache_dir else {
        return crate::scan::scan_with(path, opts, pack, config, overrides);
    };
    let mut cache = crate::signals::cache::SignalCache::open(dir, &pack.patterns);
    let out = crate::scan::scan_with_cache(path, opts, pack, config, overrides, Some(&mut cache));
    if out.is_ok() {
        cache.save();
    }
    let mut err = anstream::stderr();
    for w in &cache.warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    if out.is_ok() {
        let _ = writeln!(
            err,
            "cache: {} of {} files unchanged, {} matched anew ({})",
            cache.reused,
            cache.reused + cache.matched,
            cache.matched,
            cache.path().display()
        );
    }
    out
}

fn strip_ansi(s: &str) -> String {
    let mut out = Vec::new();
    let mut w = anstream::StripStream::new(&mut out);
    let _ = w.write_all(s.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs the scan for `check` and `baseline`; config warnings go to stderr.
fn scan_for_gate(
    path: &Path,
    flags: &ScanFlags,
    pack: &RulePack,
    config: Option<&Config>,
) -> Result<crate::scan::ScanOutput, i32> {
    let opts = ScanOptions {
        max_file_size: flags.max_file_size,
        threads: flags.threads,
    };
    let out = scan_cached(
        path,
        &opts,
        pack,
        config,
        &crate::scan::AssessOverrides::default(),
        flags.cache.as_deref(),
    )
    .map_err(|e| {
        eprintln!("error: {e}");
        2
    })?;
    let mut err = anstream::stderr();
    for d in &out.config_diagnostics {
        let _ = writeln!(err, "{d}\n");
    }
    Ok(out)
}

/// Writes `text` to the file (plain, styles stripped) or to stdout; exit code 2 on failure.
fn emit(text: &str, output: Option<&Path>) -> Result<(), i32> {
    match output {
        Some(path) => std::fs::write(path, strip_ansi(text)).map_err(|e| {
            eprintln!("error: cannot write {}: {e}", path.display());
            2
        }),
        None => {
            let _ = anstream::stdout().write_all(text.as_bytes());
            Ok(())
        }
    }
}

fn check(args: CheckArgs, pack: &RulePack, config: Option<&Config>) -> i32 {
    let flags = gate::GateFlags {
        fail_on: args.fail_on.map(Into::into),
        min_score: args.min_score,
        min_level: args.min_level,
        baseline: args.baseline.clone(),
    };
    let thresholds = gate::thresholds(config, &flags);
    // A bad baseline is a usage error: say so before spending a scan.
    let baseline = match &thresholds.baseline {
        Some(b) => match gate::Snapshot::load(&b.path) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("error: baseline {e} (set by {})", b.source);
                return 2;
            }
        },
        None => None,
    };
    let out = match scan_for_gate(&args.path, &args.scan, pack, config) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let now = gate::Snapshot::from_scan(&out);
    let report = gate::evaluate(&now, &thresholds, baseline.as_ref());
    let text = match args.format {
        GateFormat::Terminal => gate::render::check_terminal(&report),
        GateFormat::Md => gate::render::check_markdown(&report),
        GateFormat::Json => gate::render::check_json(&report),
    };
    if let Err(code) = emit(&text, args.output.as_deref()) {
        return code;
    }
    if report.passed { 0 } else { 1 }
}

fn baseline(args: BaselineArgs, pack: &RulePack, config: Option<&Config>) -> i32 {
    let out = match scan_for_gate(&args.path, &args.scan, pack, config) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let snapshot = gate::Snapshot::from_scan(&out);
    if let Err(code) = emit(&snapshot.to_baseline_json(), Some(&args.output)) {
        return code;
    }
    let gaps = snapshot.controls.iter().filter(|c| c.is_open_gap()).count();
    let findings: usize = snapshot.controls.iter().map(|c| c.findings.len()).sum();
    eprintln!(
        "wrote {}: {} controls, {gaps} open gaps, {findings} hygiene findings",
        args.output.display(),
        snapshot.controls.len()
    );
    0
}

fn diff(args: DiffArgs) -> i32 {
    let load = |p: &Path| {
        gate::Snapshot::load(p).map_err(|e| {
            eprintln!("error: {e}");
            2
        })
    };
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return 2,
    };
    let d = gate::diff::compare(
        &args.old.display().to_string(),
        &old,
        &args.new.display().to_string(),
        &new,
    );
    let text = match args.format {
        GateFormat::Terminal => gate::render::diff_terminal(&d),
        GateFormat::Md => gate::render::diff_markdown(&d),
        GateFormat::Json => gate::render::diff_json(&d),
    };
    match emit(&text, args.output.as_deref()) {
        Ok(()) => 0,
        Err(code) => code,
    }
}
