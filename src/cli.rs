//! Command-line interface: argument parsing and dispatch. Each command is a
//! thin call into the library; nothing here detects or scores.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::inventory::ScanOptions;
use crate::report;
use crate::rules::{DOMAINS, RulePack};

#[derive(Parser, Debug)]
#[command(
    name = "infragap",
    version,
    about = "Infrastructure gap analysis of a repository, from the code itself, offline, with evidence."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan a repository and report every control with its status and evidence.
    Scan(ScanArgs),
    /// List the controls in force, or the content patterns of the one signals pass.
    Rules {
        /// Print every content pattern, one regex per line (for benchmarks against `rg -f`).
        #[arg(long)]
        patterns: bool,
    },
    /// Explain a control: what it checks, why it matters, how it is detected, how to close it.
    Explain {
        /// Control id, e.g. DEL-02.
        id: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Repository to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Worker threads for the walk and the content pass (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Files larger than this many bytes are listed but not read.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_file_size: u64,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Terminal,
    Json,
}

/// Runs the CLI; returns the process exit code (0 ok, 1 gate failed, 2 usage/config error).
pub fn run(cli: Cli) -> i32 {
    let pack = match RulePack::builtin() {
        Ok(p) => p,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return 2;
        }
    };
    match cli.command {
        Command::Scan(args) => scan(args, &pack),
        Command::Rules { patterns } => {
            let mut out = anstream::stdout();
            if patterns {
                for spec in pack.patterns.specs() {
                    let _ = writeln!(out, "{}", spec.regex);
                }
            } else {
                let _ = writeln!(
                    out,
                    "{:<8} {:<5} {:<9} {:<3} {:<40} source",
                    "id", "dom", "crit", "lvl", "title"
                );
                for r in &pack.rules {
                    let src = match &r.source {
                        crate::rules::RuleSource::BuiltIn(_) => "built-in".to_string(),
                        crate::rules::RuleSource::User(p) => p.clone(),
                    };
                    let _ = writeln!(
                        out,
                        "{:<8} {:<5} {:<9} {:<3} {:<40} {src}",
                        r.id,
                        r.domain,
                        r.criticality.label(),
                        r.level,
                        r.title
                    );
                }
            }
            0
        }
        Command::Explain { id } => {
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
                "domain: {} ({domain}) · criticality: {} · required at maturity level {}",
                r.domain,
                r.criticality.label(),
                r.level
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
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", r.explain.trim_end());
            0
        }
    }
}

fn scan(args: ScanArgs, pack: &RulePack) -> i32 {
    let opts = ScanOptions {
        max_file_size: args.max_file_size,
        threads: args.threads,
    };
    let out = match crate::scan::scan(&args.path, &opts, pack) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let text = match args.format {
        Format::Json => report::json::render(&out),
        Format::Terminal => report::terminal::render(&out),
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

fn strip_ansi(s: &str) -> String {
    let mut out = Vec::new();
    let mut w = anstream::StripStream::new(&mut out);
    let _ = w.write_all(s.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}
