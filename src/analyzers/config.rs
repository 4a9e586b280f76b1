//! Configuration analyzers (CFG): the environment variables the code reads,
//! whether they are documented, central config modules, home-grown feature
//! toggles, and hard-coded endpoints of the application's own deployment.
//!
//! Env reads come from the [`ENV_READS`] analyzer's inventory patterns (one
//! per language family); names are taken from the matched text. Framework
//! and platform built-ins that need no documentation ([`is_builtin`]) are
//! left out, and so are reads in tests, fixtures, examples and `scripts/`.

use std::collections::{BTreeMap, BTreeSet};

use super::{Analyzer, AnalyzerPatterns, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::facts::env_file::EnvFileKind;
use crate::inventory::{FileClass, Inventory};
use crate::signals::{Hit, PatternSpec, Signals};
use crate::stack::{DerivedValue, Fact, Stack};

const MAX: usize = 8;

/// How the variable name sits in a pattern's match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NameAt {
    /// `process.env.NAME`, `os.getenv("NAME`: the name ends the match.
    End,
    /// `NAME: z.string()`: the name starts the match.
    Start,
}

/// The env-read patterns: (regex, glob, where the name sits). Order is the
/// order of `ENV_READS.patterns()`; [`BULK`] comes after them.
const READS: &[(&str, Option<&str>, NameAt)] = &[
    // JavaScript / TypeScript: Node, Vite, Deno, Bun.
    (
        r#"process\.env\.[A-Za-z_][A-Za-z0-9_]*|process\.env\[\s*['"][A-Za-z_][A-Za-z0-9_]*|import\.meta\.env\.[A-Za-z_][A-Za-z0-9_]*|Bun\.env\.[A-Za-z_][A-Za-z0-9_]*|Deno\.env\.get\(\s*['"][A-Za-z_][A-Za-z0-9_]*"#,
        None,
        NameAt::End,
    ),
    // Python: os.environ / os.getenv / environs and django-environ readers.
    (
        r#"os\.environ\[\s*['"][A-Za-z_][A-Za-z0-9_]*|environ\.get\(\s*['"][A-Za-z_][A-Za-z0-9_]*|os\.getenv\(\s*['"][A-Za-z_][A-Za-z0-9_]*|env\.(str|bool|int|float|list|dict|url|json|path|db_url|db|cache_url|email_url|decimal)\(\s*['"][A-Za-z_][A-Za-z0-9_]*"#,
        Some("**/*.py"),
        NameAt::End,
    ),
    // Go.
    (
        r#"os\.(Getenv|LookupEnv)\(\s*"[A-Za-z_][A-Za-z0-9_]*"#,
        Some("**/*.go"),
        NameAt::End,
    ),
    // Rust.
    (
        r#"env::var(_os)?\(\s*"[A-Za-z_][A-Za-z0-9_]*|env!\(\s*"[A-Za-z_][A-Za-z0-9_]*"#,
        Some("**/*.rs"),
        NameAt::End,
    ),
    // Ruby.
    (
        r#"ENV\[\s*['"][A-Za-z_][A-Za-z0-9_]*|ENV\.fetch\(\s*['"][A-Za-z_][A-Za-z0-9_]*"#,
        None,
        NameAt::End,
    ),
    // Java / Kotlin: System.getenv, Spring `@Value("${NAME}")`.
    (
        r#"System\.getenv\(\s*"[A-Za-z_][A-Za-z0-9_]*|@Value\(\s*"\$\{[A-Z_][A-Z0-9_]*"#,
        None,
        NameAt::End,
    ),
    // PHP: $_ENV, getenv, Laravel env().
    (
        r#"\$_ENV\[\s*['"][A-Za-z_][A-Za-z0-9_]*|getenv\(\s*['"][A-Za-z_][A-Za-z0-9_]*|\benv\(\s*['"][A-Za-z_][A-Za-z0-9_]*"#,
        Some("**/*.php"),
        NameAt::End,
    ),
    // Env schemas: zod (@t3-oss/env, hand-written), envalid.
    (
        r"[A-Z][A-Z0-9_]+\s*:\s*(z\.|str\(|bool\(|num\(|port\(|url\(|email\(|host\(|json\()",
        Some("**/*env*.{ts,mts,js,mjs,cjs}"),
        NameAt::Start,
    ),
    // pydantic-settings fields (kept only in files that define a BaseSettings).
    (
        r"(?m)^    [A-Za-z_][A-Za-z0-9_]*\s*:\s*[A-Za-z]",
        Some("**/*{config,settings}*.py"),
        NameAt::Start,
    ),
];

/// Index of the pydantic field pattern in [`READS`].
const PYDANTIC_FIELDS: usize = 8;

/// Patterns after [`READS`], by offset.
const BASE_SETTINGS: usize = READS.len();
/// Whole-environment reads (`os.Environ()`, `std::env::vars()`, `{...process.env}`).
const BULK: usize = READS.len() + 1;

fn env_read_patterns() -> Vec<PatternSpec> {
    let mut out: Vec<PatternSpec> = READS
        .iter()
        .map(|(re, glob, _)| PatternSpec {
            regex: (*re).into(),
            glob: glob.map(str::to_string),
            classes: vec![FileClass::Source],
            inventory: true,
        })
        .collect();
    out.push(PatternSpec::new(
        r"\(BaseSettings\)|\(BaseSettings,",
        Some("**/*.py"),
        vec![FileClass::Source],
    ));
    out.push(PatternSpec::new(
        r"os\.Environ\(\)|os\.environ\.(items|copy)\(\)|env::vars\(\)|\.\.\.process\.env\b|Object\.(keys|entries)\(process\.env\)",
        None,
        vec![FileClass::Source],
    ));
    out
}

/// Variables supplied by runtimes, platforms and CI, which nobody documents
/// in an example file. `PORT` is here: every platform that runs the app sets it.
pub fn is_builtin(name: &str) -> bool {
    const EXACT: &[&str] = &[
        "NODE_ENV",
        "CI",
        "PORT",
        "HOME",
        "PATH",
        "PWD",
        "USER",
        "USERNAME",
        "SHELL",
        "TERM",
        "TMPDIR",
        "TEMP",
        "TMP",
        "LANG",
        "HOSTNAME",
        "NEXT_RUNTIME",
        "NEXT_PHASE",
        "DEV",
        "PROD",
        "MODE",
        "SSR",
        "BASE_URL",
        "NETLIFY",
        "CONTEXT",
        "DYNO",
        "K_SERVICE",
        "NOTIFY_SOCKET",
        "WATCHDOG_USEC",
        "WATCHDOG_PID",
        "LISTEN_PID",
        "LISTEN_FDS",
        "JEST_WORKER_ID",
        "VITEST",
        "DEBUG",
        "CARGO_PKG_VERSION",
        "CARGO_PKG_NAME",
        "CARGO_MANIFEST_DIR",
        "OUT_DIR",
        "RUST_LOG",
        "RUST_BACKTRACE",
        "PYTHONPATH",
        "VIRTUAL_ENV",
        "GOPATH",
        "JAVA_HOME",
        "SYSTEMROOT",
        "APPDATA",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "EDITOR",
        "NO_COLOR",
        "FORCE_COLOR",
        "TZ",
    ];
    const PREFIXES: &[&str] = &[
        "VERCEL_",
        "NEXT_PUBLIC_VERCEL_",
        "npm_",
        "GITHUB_",
        "RUNNER_",
        "CF_PAGES",
        "RENDER_",
        "FLY_",
        "RAILWAY_",
        "HEROKU_",
        "AWS_LAMBDA_",
        "LAMBDA_",
        "KUBERNETES_",
        "NETLIFY_",
        "CARGO_",
        "XDG_",
        "LC_",
    ];
    EXACT.contains(&name) || PREFIXES.iter().any(|p| name.starts_with(p)) || name == "VERCEL"
}

/// Reads outside the application: tests, fixtures, examples, seeders, `scripts/`.
fn is_excluded_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let dirs = &parts[..parts.len().saturating_sub(1)];
    dirs.iter().any(|d| {
        matches!(
            *d,
            "scripts"
                | "script"
                | "examples"
                | "example"
                | "fixtures"
                | "seeders"
                | "seeds"
                | "e2e"
                | "docs"
                | "test"
                | "tests"
                | "mocks"
                | "__mocks__"
                | "stories"
                | "storybook"
        )
    }) || lower.contains(".stories.")
        || lower.contains("seed")
        || dirs.iter().any(|d| *d == "vendor" || *d == "vendors")
        || [
            "public/js/",
            "public/vendor/",
            "public/build/",
            "static/vendor/",
            "static/js/",
        ]
        .iter()
        .any(|p| lower.starts_with(p) || lower.contains(&format!("/{p}")))
        || [
            "playwright.config.",
            "vitest.config.",
            "jest.config.",
            "cypress.config.",
            "jest.setup.",
            "vitest.setup.",
            "karma.conf.",
        ]
        .iter()
        .any(|p| parts.last().is_some_and(|n| n.starts_with(p)))
}

fn is_scripts_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.starts_with("scripts/")
        || lower.starts_with("script/")
        || lower.contains("/scripts/")
        || lower.contains("/script/")
}

/// One variable read in code, at its first location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvRead {
    pub name: String,
    pub path: String,
    pub line: u32,
    /// Files that read it.
    pub files: usize,
}

fn name_of(matched: &str, at: NameAt) -> Option<&str> {
    let is_id = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let name = match at {
        NameAt::End => {
            let start = matched
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_id(*c))
                .last()
                .map(|(i, _)| i)?;
            &matched[start..]
        }
        NameAt::Start => {
            let matched = matched.trim_start();
            let end = matched.find(|c: char| !is_id(c)).unwrap_or(matched.len());
            &matched[..end]
        }
    };
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

/// `NAME: int = 60` (a default), as opposed to `NAME: str`.
fn has_default(line: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(_, rest)| rest.contains(" = ") && !rest.contains("Field(...)"))
}

/// Every variable the application reads (built-ins and excluded paths left
/// out), sorted by name; plus whether it reads the whole environment.
pub fn env_reads(
    inv: &Inventory,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) -> (Vec<EnvRead>, Vec<Hit>) {
    let own = |i: usize| -> &[Hit] {
        match apats.owned.get(ENV_READS.id).and_then(|ids| ids.get(i)) {
            Some(&id) => signals.hits(id),
            None => &[],
        }
    };
    let settings_files: BTreeSet<&str> =
        own(BASE_SETTINGS).iter().map(|h| h.path.as_str()).collect();
    let mut by_name: BTreeMap<String, (String, u32, BTreeSet<String>)> = BTreeMap::new();
    for (i, (_, _, at)) in READS.iter().enumerate() {
        for h in own(i) {
            if is_excluded_path(&h.path)
                || inv
                    .get(&h.path)
                    .is_some_and(|f| f.class != FileClass::Source)
            {
                continue;
            }
            if i == PYDANTIC_FIELDS
                && (!settings_files.contains(h.path.as_str()) || has_default(&h.snippet))
            {
                // A settings field with a default is optional, and the
                // schema itself documents its type and default.
                continue;
            }
            let Some(name) = name_of(&h.matched, *at) else {
                continue;
            };
            let name = if i == PYDANTIC_FIELDS {
                if name == "model_config" || name.starts_with('_') {
                    continue;
                }
                name.to_ascii_uppercase()
            } else {
                name.to_string()
            };
            if is_builtin(&name) {
                continue;
            }
            let e = by_name
                .entry(name)
                .or_insert_with(|| (h.path.clone(), h.line, BTreeSet::new()));
            if (h.path.as_str(), h.line) < (e.0.as_str(), e.1) {
                e.0 = h.path.clone();
                e.1 = h.line;
            }
            e.2.insert(h.path.clone());
        }
    }
    let reads = by_name
        .into_iter()
        .map(|(name, (path, line, files))| EnvRead {
            name,
            path,
            line,
            files: files.len(),
        })
        .collect();
    let bulk = own(BULK)
        .iter()
        .filter(|h| !is_excluded_path(&h.path))
        .cloned()
        .collect();
    (reads, bulk)
}

/// Adds the `reads_env` derived fact (called by the scan once signals exist).
pub fn derive_facts(
    stack: &mut Stack,
    inv: &Inventory,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) {
    let (reads, bulk) = env_reads(inv, signals, apats);
    let mut ev: Vec<Evidence> = reads
        .iter()
        .take(5)
        .map(|r| Evidence::at(r.path.clone(), r.line, format!("reads {}", r.name)))
        .collect();
    if ev.is_empty() {
        ev.extend(
            bulk.iter()
                .take(2)
                .map(|h| h.evidence("reads the whole environment")),
        );
    }
    let reason = if ev.is_empty() {
        "the code reads no environment variables".to_string()
    } else {
        format!("{} variables read in code", reads.len())
    };
    stack.derived.insert(
        Fact::ReadsEnv,
        DerivedValue {
            value: !ev.is_empty(),
            evidence: ev,
            reason,
        },
    );
}

pub const ENV_READS: Analyzer = Analyzer {
    id: "env_reads",
    version: 1,
    patterns: env_read_patterns,
    question: "Does the application read environment variables (names listed)?",
    run: |cx| {
        let (reads, _) = env_reads(cx.inv, cx.signals, cx.apats);
        Outcome::yes(
            reads
                .iter()
                .take(MAX)
                .map(|r| Evidence::at(r.path.clone(), r.line, format!("reads {}", r.name)))
                .collect(),
        )
    },
};

/// Documented names, and the files that document them (example files first).
/// An example env file is the canonical list: when one exists, guides do not
/// fill its gaps; without one, env files and guides (READMEs, setup and
/// deployment docs, man pages) document the variables.
fn documented(cx: &EvalCtx) -> (BTreeSet<String>, Vec<Evidence>) {
    let mut names = BTreeSet::new();
    let mut ev = Vec::new();
    let has_example = cx
        .facts
        .env_files
        .iter()
        .any(|f| f.kind == EnvFileKind::Example && !f.vars.is_empty());
    let mut files: Vec<_> = cx
        .facts
        .env_files
        .iter()
        .filter(|f| !(has_example && f.kind == EnvFileKind::Docs))
        .collect();
    files.sort_by_key(|f| (f.kind, f.file.matches('/').count(), f.file.clone()));
    for f in files {
        if f.vars.is_empty() {
            continue;
        }
        names.extend(f.names().map(str::to_string));
        let what = match f.kind {
            EnvFileKind::Example => "example env file",
            EnvFileKind::Env => "env file",
            EnvFileKind::Docs => "guide",
        };
        ev.push(Evidence::file(
            f.file.clone(),
            format!("{what} documents {} variables", f.vars.len()),
        ));
    }
    (names, ev)
}

/// Reads not covered by the documentation.
fn undocumented(cx: &EvalCtx) -> (Vec<EnvRead>, usize, Vec<Evidence>) {
    let (reads, _) = env_reads(cx.inv, cx.signals, cx.apats);
    let (names, docs) = documented(cx);
    let total = reads.len();
    let missing = reads
        .into_iter()
        .filter(|r| !names.contains(&r.name))
        .collect();
    (missing, total, docs)
}

pub const ENV_DOCUMENTED: Analyzer = Analyzer {
    id: "env_documented",
    version: 1,
    patterns: super::no_patterns,
    question: "Does an example env file (or a guide) document every variable the code reads?",
    run: |cx| {
        let (missing, total, docs) = undocumented(cx);
        if docs.is_empty() || !missing.is_empty() {
            return Outcome::no();
        }
        let mut ev: Vec<Evidence> = docs.into_iter().take(3).collect();
        if total > 0 {
            ev.push(Evidence::file(
                ".",
                format!("all {total} variables read in code are documented"),
            ));
        } else if let Some(h) = env_reads(cx.inv, cx.signals, cx.apats).1.first() {
            ev.push(Evidence::at(
                h.path.clone(),
                h.line,
                "the code reads the whole environment (no names to compare); the documentation above lists the variables",
            ));
        }
        Outcome::yes(ev)
    },
};

pub const ENV_PARTLY_DOCUMENTED: Analyzer = Analyzer {
    id: "env_partly_documented",
    version: 1,
    patterns: super::no_patterns,
    question: "Is there env documentation that misses variables the code reads (listed)?",
    run: |cx| {
        let (missing, total, docs) = undocumented(cx);
        if docs.is_empty() || missing.is_empty() {
            return Outcome::no();
        }
        let mut ev: Vec<Evidence> = docs.into_iter().take(2).collect();
        ev.push(Evidence::file(
            ".",
            format!(
                "{} of {total} variables read in code are not documented: {}",
                missing.len(),
                missing
                    .iter()
                    .take(12)
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        ev.extend(missing.iter().take(MAX - ev.len()).map(|r| {
            Evidence::at(
                r.path.clone(),
                r.line,
                format!("{} is read here but not documented", r.name),
            )
        }));
        Outcome::yes(ev)
    },
};

/// A config module by path: `config.ts`, `settings.py`, `env.ts`,
/// `config/*.php`, `internal/config/*.go`.
fn is_config_module(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let stem = name.split('.').next().unwrap_or(name);
    let in_config_dir = lower
        .split('/')
        .rev()
        .skip(1)
        .any(|d| matches!(d, "config" | "configs" | "settings" | "configuration"));
    matches!(
        stem,
        "config"
            | "configuration"
            | "settings"
            | "env"
            | "environment"
            | "app_config"
            | "appconfig"
    ) || stem.ends_with("_config")
        || stem.ends_with("-config") && !name.contains(".config.")
        || stem.ends_with("settings")
        || in_config_dir
}

pub const CENTRAL_CONFIG_MODULE: Analyzer = Analyzer {
    id: "central_config_module",
    version: 1,
    patterns: super::no_patterns,
    question: "Is configuration read in a central module (config.ts, settings.py, config/*.php) without validation?",
    run: |cx| {
        let (reads, _) = env_reads(cx.inv, cx.signals, cx.apats);
        // Distinct variables per config-module file (first-read locations only
        // undercount; count every hit instead).
        let mut per_file: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut first_line: BTreeMap<String, u32> = BTreeMap::new();
        for (i, (_, _, at)) in READS.iter().enumerate() {
            if i == PYDANTIC_FIELDS {
                continue;
            }
            for h in cx.own_hits(ENV_READS.id, i) {
                if !is_config_module(&h.path) || is_excluded_path(&h.path) {
                    continue;
                }
                if let Some(n) = name_of(&h.matched, *at)
                    && !is_builtin(n)
                {
                    per_file
                        .entry(h.path.clone())
                        .or_default()
                        .insert(n.to_string());
                    first_line.entry(h.path.clone()).or_insert(h.line);
                }
            }
        }
        let _ = reads;
        let total: usize = per_file.values().map(|s| s.len()).sum();
        if total < 3 {
            return Outcome::no();
        }
        let mut files: Vec<_> = per_file.into_iter().collect();
        files.sort_by_key(|(p, s)| (std::cmp::Reverse(s.len()), p.clone()));
        Outcome::yes(
            files
                .iter()
                .take(5)
                .map(|(p, s)| {
                    Evidence::at(
                        p.clone(),
                        first_line.get(p).copied().unwrap_or(1),
                        format!(
                            "config module reads {} variable{} without a schema",
                            s.len(),
                            if s.len() == 1 { "" } else { "s" }
                        ),
                    )
                })
                .collect(),
        )
    },
};

/// A variable name that reads as an on/off switch.
fn is_toggle_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n.starts_with("FEATURE_")
        || n.starts_with("FF_")
        || n.starts_with("ENABLE_")
        || n.starts_with("DISABLE_")
        || n.contains("_FEATURE_")
        || n.ends_with("_ENABLED")
        || n.ends_with("_DISABLED")
        || n.ends_with("_FLAG")
}

fn toggle_patterns() -> Vec<PatternSpec> {
    vec![
        // Toggle names as string keys (options tables, config maps).
        // (two patterns, so each keeps literal keywords for the prefilter).
        PatternSpec::new(
            r#"["'](FEATURE|ENABLE|DISABLE)_[A-Z0-9_]+["']"#,
            None,
            vec![FileClass::Source],
        ),
        PatternSpec::new(
            r#"["'][A-Z][A-Z0-9_]*_(ENABLED|DISABLED)["']"#,
            None,
            vec![FileClass::Source],
        ),
        // A flags table.
        PatternSpec::new(
            r"(?i)create\s+table\s+(if\s+not\s+exists\s+)?[`'\x22]?(feature_flags|featureflags|feature_toggles|flags)\b|model\s+FeatureFlag\b|create_table\s+:feature_flags",
            None,
            vec![FileClass::Migration, FileClass::Other, FileClass::Source],
        ),
    ]
}

pub const HOME_GROWN_FEATURE_TOGGLES: Analyzer = Analyzer {
    id: "home_grown_feature_toggles",
    version: 1,
    patterns: toggle_patterns,
    question: "Are features switched by home-grown toggles (FEATURE_X / *_ENABLED variables, a flags table)?",
    run: |cx| {
        let (reads, _) = env_reads(cx.inv, cx.signals, cx.apats);
        let mut ev: Vec<Evidence> = reads
            .iter()
            .filter(|r| is_toggle_name(&r.name))
            .take(4)
            .map(|r| {
                Evidence::at(
                    r.path.clone(),
                    r.line,
                    format!("toggle variable {}", r.name),
                )
            })
            .collect();
        for i in 0..3 {
            for h in cx
                .own_hits(HOME_GROWN_FEATURE_TOGGLES.id, i)
                .iter()
                .filter(|h| !is_excluded_path(&h.path))
                .take(3)
            {
                ev.push(Evidence::at(
                    h.path.clone(),
                    h.line,
                    if i < 2 {
                        format!("toggle option: {}", h.snippet)
                    } else {
                        format!("flags table: {}", h.snippet)
                    },
                ));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

// ---------------------------------------------------------------- CFG-03

/// Hosting platforms whose default hostnames name one deployment.
const PLATFORM_SUFFIXES: &[&str] = &[
    ".vercel.app",
    ".netlify.app",
    ".fly.dev",
    ".onrender.com",
    ".herokuapp.com",
    ".workers.dev",
    ".pages.dev",
    ".up.railway.app",
    ".supabase.co",
    ".web.app",
    ".firebaseapp.com",
    ".azurewebsites.net",
    ".appspot.com",
    ".run.app",
    ".deno.dev",
    ".ngrok.io",
    ".ngrok-free.app",
];

fn endpoint_patterns() -> Vec<PatternSpec> {
    vec![
        // Every http(s) URL in source: hosts are judged by the analyzer.
        PatternSpec {
            regex: r"https?://[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?".into(),
            glob: None,
            classes: vec![FileClass::Source],
            inventory: true,
        },
        // Connection strings with a host.
        PatternSpec {
            regex: r"(postgres|postgresql|mysql|mariadb|mongodb|mongodb\+srv|redis|rediss|amqp|amqps)://[^\s'\x22`@/]*@[A-Za-z0-9][A-Za-z0-9.-]*".into(),
            glob: None,
            classes: vec![FileClass::Source],
            inventory: true,
        },
        // The project's own names: package.json / composer.json `name` and
        // `homepage`, go.mod `module`, pyproject / Cargo `name`.
        PatternSpec {
            regex: r#""(name|homepage)"\s*:\s*"[^"]{1,200}"|(?m)^module\s+\S+|(?m)^name\s*=\s*"[^"]{1,200}""#.into(),
            glob: Some("{package.json,composer.json,go.mod,pyproject.toml,Cargo.toml}".into()),
            classes: vec![FileClass::Manifest],
            inventory: true,
        },
    ]
}

/// `https://app.example.com:8080/x` → (`app.example.com`, `/x`).
fn split_url(url: &str) -> (String, String) {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = hostport.split(':').next().unwrap_or("");
    (
        host.trim_end_matches('.').to_ascii_lowercase(),
        path.to_string(),
    )
}

fn is_ipv4(host: &str) -> Option<[u8; 4]> {
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 3 {
            return None;
        }
        out[i] = p.parse().ok()?;
    }
    Some(out)
}

/// Loopback, private, link-local, documentation and unspecified ranges.
fn is_non_public_ip(ip: [u8; 4]) -> bool {
    matches!(
        ip,
        [0, ..]
            | [10, ..]
            | [127, ..]
            | [169, 254, ..]
            | [192, 168, ..]
            | [192, 0, 2, _]
            | [198, 51, 100, _]
            | [203, 0, 113, _]
            | [255, ..]
            | [224..=255, ..]
    ) || (ip[0] == 172 && (16..=31).contains(&ip[1]))
        || (ip[0] == 100 && (64..=127).contains(&ip[1]))
}

fn is_local_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host.ends_with(".internal")
        || host.ends_with(".test")
        || host.ends_with(".example")
        || host.ends_with(".invalid")
        || host == "example.com"
        || host.ends_with(".example.com")
        || host == "example.org"
        || host.ends_with(".example.org")
        || host == "example.net"
        || !host.contains('.')
        || is_ipv4(host).is_some_and(is_non_public_ip)
}

/// Stand-in names in sample URLs (`your-app.vercel.app`, `<ref>.supabase.co`).
fn is_placeholder_host(host: &str) -> bool {
    let first = host.split('.').next().unwrap_or("");
    [
        "your",
        "example",
        "xxx",
        "my-app",
        "myapp",
        "project",
        "app-name",
        "appname",
        "foo",
        "bar",
        "test",
        "demo",
        "sample",
        "placeholder",
        "abc",
        "acme",
    ]
    .iter()
    .any(|w| first.contains(w))
        || first.chars().all(|c| c == 'x')
}

/// Paths that point at documentation or marketing pages.
fn is_docs_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    [
        "/docs",
        "/doc/",
        "/blog",
        "/pricing",
        "/terms",
        "/privacy",
        "/help",
        "/faq",
        "/changelog",
        "/features",
        "/about",
        "/contact",
        "/legal",
        "/support",
        "/guide",
        "/learn",
        "/reference",
        "/tutorial",
        "/imprint",
        "/security",
        "/license",
        "/integrations",
        "/schema",
    ]
    .iter()
    .any(|d| p.starts_with(d))
}

fn is_docs_host(host: &str) -> bool {
    let first = host.split('.').next().unwrap_or("");
    matches!(
        first,
        "docs"
            | "doc"
            | "blog"
            | "help"
            | "status"
            | "community"
            | "support"
            | "learn"
            | "cdn"
            | "assets"
            | "static"
            | "images"
            | "img"
            | "media"
            | "github"
            | "discord"
            | "forum"
            | "changelog"
            | "developers"
            | "dev-docs"
    )
}

/// Second-level labels of the project's own domains and names, from its manifests.
fn own_names(cx: &EvalCtx) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut names = BTreeSet::new();
    let mut domains = BTreeSet::new();
    for h in cx.own_hits(HARDCODED_ENV_VALUES.id, 2) {
        // Root manifests only: nested packages are named after their role.
        if h.path.contains('/') {
            continue;
        }
        let m = h.matched.as_str();
        let value = if let Some(rest) = m.strip_prefix("module") {
            rest.trim()
        } else {
            m.rsplit_once('=')
                .or_else(|| m.rsplit_once(':'))
                .map(|(_, v)| v)
                .unwrap_or("")
                .trim()
                .trim_matches('"')
        };
        if value.contains("://") || m.starts_with("\"homepage\"") || m.starts_with("module") {
            let host = if value.contains("://") {
                split_url(value).0
            } else {
                value.split('/').next().unwrap_or("").to_ascii_lowercase()
            };
            if host.contains('.')
                && !host.starts_with("github.com")
                && !host.starts_with("gitlab.com")
                && !host.starts_with("bitbucket.org")
                && !host.starts_with("gopkg.in")
            {
                domains.insert(registrable(&host));
            } else if m.starts_with("module") {
                // github.com/owner/name → name
                if let Some(last) = value
                    .split('/')
                    .rfind(|s| !s.starts_with('v') || s.len() > 3)
                {
                    names.insert(last.to_ascii_lowercase());
                }
            }
            continue;
        }
        let last = value
            .rsplit('/')
            .next()
            .unwrap_or(value)
            .trim_start_matches('@');
        let last = last.to_ascii_lowercase();
        if last.len() >= 4
            && !matches!(
                last.as_str(),
                "app"
                    | "web"
                    | "root"
                    | "monorepo"
                    | "backend"
                    | "frontend"
                    | "server"
                    | "client"
                    | "workspace"
                    | "project"
                    | "laravel"
                    | "main"
                    | "api"
                    | "site"
                    | "website"
            )
        {
            names.insert(last);
        }
    }
    (names, domains)
}

/// `app.formbricks.com` → `formbricks.com` (two labels; good enough for the
/// question "is this our domain").
fn registrable(host: &str) -> String {
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() >= 3
        && matches!(
            labels[labels.len() - 2],
            "co" | "com" | "org" | "net" | "gov" | "ac"
        )
        && labels[labels.len() - 1].len() == 2
    {
        return labels[labels.len() - 3..].join(".");
    }
    labels[labels.len().saturating_sub(2)..].join(".")
}

fn is_own_domain(host: &str, names: &BTreeSet<String>, domains: &BTreeSet<String>) -> bool {
    let reg = registrable(host);
    if domains.contains(&reg) {
        return true;
    }
    let label = reg.split('.').next().unwrap_or("");
    let squashed: String = label.chars().filter(|c| *c != '-').collect();
    names.iter().any(|n| {
        let n: String = n.chars().filter(|c| *c != '-' && *c != '_').collect();
        n == squashed
    })
}

fn is_comment_line(snippet: &str) -> bool {
    let t = snippet.trim_start();
    t.starts_with("//")
        || t.starts_with('#')
        || t.starts_with("/*")
        || t.starts_with('*')
        || t.starts_with("<!--")
        || t.starts_with("--")
        || t.starts_with("\"\"\"")
}

/// The URL is an env fallback or assigned to a URL-ish setting on this line.
fn used_as_config(snippet: &str) -> bool {
    let lower = snippet.to_ascii_lowercase();
    let before_url = lower.split("http").next().unwrap_or("");
    let fallback = before_url.contains("||")
        || before_url.contains("??")
        || before_url.contains("getenv(")
        || before_url.contains("environ.get(")
        || before_url.contains("env(")
        || before_url.contains("env.fetch(")
        || before_url.contains(" or ");
    let named = [
        "url", "uri", "host", "endpoint", "origin", "base", "api", "server", "domain",
    ]
    .iter()
    .any(|w| before_url.contains(w))
        && (before_url.contains('=') || before_url.contains(':'));
    let called = ["fetch(", "axios", "get(", "post(", "redirect(", "open("]
        .iter()
        .any(|w| before_url.contains(w));
    fallback || named || called
}

/// A hard-coded endpoint of the app's own deployment, with why.
struct Finding {
    hit: Hit,
    what: String,
}

fn findings(cx: &EvalCtx) -> Vec<Finding> {
    let (names, domains) = own_names(cx);
    let mut out = Vec::new();
    for h in cx.own_hits(HARDCODED_ENV_VALUES.id, 0) {
        if is_excluded_except_scripts(&h.path) || is_comment_line(&h.snippet) {
            continue;
        }
        let (host, path) = split_url(&h.matched);
        if host.is_empty() || is_local_host(&host) || is_placeholder_host(&host) {
            continue;
        }
        let shown = format!(
            "{}://{host}{}",
            if h.matched.starts_with("https") {
                "https"
            } else {
                "http"
            },
            path.chars().take(60).collect::<String>()
        );
        let fallback = {
            let before = h.snippet.split("http").next().unwrap_or("");
            before.contains("||") || before.contains("??") || before.contains("env(")
        };
        let what = if let Some(ip) = is_ipv4(&host) {
            if is_non_public_ip(ip) {
                continue;
            }
            format!("public IP address in {shown}")
        } else if let Some(sfx) = PLATFORM_SUFFIXES.iter().find(|s| host.ends_with(**s)) {
            if host == sfx.trim_start_matches('.') {
                continue;
            }
            format!("deployment host in {shown}")
        } else if is_own_domain(&host, &names, &domains) {
            if is_docs_path(&path) || is_docs_host(&host) {
                continue;
            }
            let first = host.split('.').next().unwrap_or("");
            let appish = matches!(
                first,
                "app"
                    | "api"
                    | "dashboard"
                    | "console"
                    | "admin"
                    | "my"
                    | "cloud"
                    | "portal"
                    | "auth"
                    | "backend"
                    | "server"
                    | "prod"
                    | "production"
            );
            if !appish && !used_as_config(&h.snippet) {
                continue;
            }
            format!("the application's own endpoint {shown}")
        } else {
            continue;
        };
        let what = if fallback {
            format!("{what} (fallback when the variable is unset)")
        } else {
            what
        };
        out.push(Finding {
            hit: h.clone(),
            what,
        });
    }
    for h in cx.own_hits(HARDCODED_ENV_VALUES.id, 1) {
        if is_excluded_except_scripts(&h.path) || is_comment_line(&h.snippet) {
            continue;
        }
        let host = h
            .matched
            .rsplit('@')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let creds = h
            .matched
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or("")
            .split('@')
            .next()
            .unwrap_or("");
        if is_local_host(&host)
            || is_placeholder_host(&host)
            || creds.contains("${")
            || creds.contains('{')
            || creds.contains('<')
        {
            continue;
        }
        let scheme = h.matched.split("://").next().unwrap_or("");
        out.push(Finding {
            hit: h.clone(),
            // Credentials are never shown: scheme and host only.
            what: format!("{scheme} connection string to {host} (credentials redacted)"),
        });
    }
    out.sort_by(|a, b| (&a.hit.path, a.hit.line).cmp(&(&b.hit.path, b.hit.line)));
    out.dedup_by(|a, b| a.hit.path == b.hit.path && a.hit.line == b.hit.line);
    out
}

/// Hygiene scans skip tests, fixtures, seeders, migrations and examples;
/// `scripts/` hits are kept but reported apart.
fn is_excluded_except_scripts(path: &str) -> bool {
    !is_scripts_path(path) && is_excluded_path(path)
}

pub const HARDCODED_ENV_VALUES: Analyzer = Analyzer {
    id: "hardcoded_env_values",
    version: 1,
    patterns: endpoint_patterns,
    question: "Does application source hard-code its own deployment's URLs, project refs, connection strings or public IPs?",
    run: |cx| {
        let all = findings(cx);
        let (scripts, app): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|f| is_scripts_path(&f.hit.path));
        if app.is_empty() {
            return Outcome::no();
        }
        let mut ev: Vec<Evidence> = app
            .iter()
            .take(MAX - 1)
            .map(|f| {
                Evidence::at(
                    f.hit.path.clone(),
                    f.hit.line,
                    format!("hard-coded {}", f.what),
                )
            })
            .collect();
        if let Some(f) = scripts.first() {
            ev.push(Evidence::at(
                f.hit.path.clone(),
                f.hit.line,
                format!(
                    "{} more under scripts/ (reported apart): {}",
                    scripts.len(),
                    f.what
                ),
            ));
        }
        Outcome::yes(ev)
    },
};

pub const NO_HARDCODED_ENV_VALUES: Analyzer = Analyzer {
    id: "no_hardcoded_env_values",
    version: 1,
    patterns: super::no_patterns,
    question: "Is application source free of hard-coded endpoints of its own deployment (what was checked)?",
    run: |cx| {
        let all = findings(cx);
        let (scripts, app): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|f| is_scripts_path(&f.hit.path));
        if !app.is_empty() {
            return Outcome::no();
        }
        let files = cx
            .inv
            .files
            .iter()
            .filter(|f| f.class == FileClass::Source && !is_excluded_path(&f.path))
            .count();
        let urls = cx.own_hits(HARDCODED_ENV_VALUES.id, 0).len();
        let mut ev = vec![Evidence::file(
            ".",
            format!(
                "scanned {files} source files ({urls} URLs): no hard-coded production URL, project ref, connection string or public IP of the app's own deployment"
            ),
        )];
        if let Some(f) = scripts.first() {
            ev.push(Evidence::at(
                f.hit.path.clone(),
                f.hit.line,
                format!(
                    "note: {} hit{} under scripts/ (reported apart): {}",
                    scripts.len(),
                    if scripts.len() == 1 { "" } else { "s" },
                    f.what
                ),
            ));
        }
        Outcome::yes(ev)
    },
};

// ---------------------------------------------------------------- CFG-05

/// Images of backing services a developer would otherwise install by hand.
const BACKING_IMAGES: &[&str] = &[
    "postgres",
    "postgis",
    "mysql",
    "mariadb",
    "mongo",
    "redis",
    "valkey",
    "keydb",
    "memcached",
    "rabbitmq",
    "kafka",
    "zookeeper",
    "nats",
    "minio",
    "localstack",
    "elasticsearch",
    "opensearch",
    "meilisearch",
    "typesense",
    "clickhouse",
    "mailpit",
    "mailhog",
    "mailcatcher",
    "maildev",
    "cockroach",
    "dynamodb-local",
    "azurite",
    "neo4j",
    "qdrant",
    "chromadb",
    "pgvector",
    "supabase",
    "temporal",
];

pub const DEV_BACKING_SERVICES: Analyzer = Analyzer {
    id: "dev_backing_services",
    version: 1,
    patterns: super::no_patterns,
    question: "Does a compose file start the backing services (database, cache, mail) for local work?",
    run: |cx| {
        let mut ev = Vec::new();
        for c in &cx.facts.compose {
            for s in &c.services {
                let Some(img) = &s.image else { continue };
                let base = img
                    .rsplit('/')
                    .next()
                    .unwrap_or(img)
                    .split([':', '@'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if BACKING_IMAGES.iter().any(|b| base.starts_with(b)) {
                    ev.push(Evidence::at(
                        c.file.clone(),
                        s.line,
                        format!("compose service `{}` ({img})", s.name),
                    ));
                }
            }
        }
        ev.truncate(4);
        Outcome::yes(ev)
    },
};

pub const SETUP_TASK: Analyzer = Analyzer {
    id: "setup_task",
    version: 1,
    patterns: super::no_patterns,
    question: "Is there a one-command setup task (make setup, bin/setup, just setup, a post-create script)?",
    run: |cx| {
        let mut ev: Vec<Evidence> = cx
            .facts
            .scripts
            .iter()
            .filter(|s| {
                let n = s.name.to_ascii_lowercase();
                matches!(
                    n.as_str(),
                    "setup"
                        | "bootstrap"
                        | "init"
                        | "dev:setup"
                        | "setup:dev"
                        | "dev-setup"
                        | "setup-dev"
                        | "local:setup"
                        | "install:dev"
                        | "post-create-project-cmd"
                        | "first-run"
                        | "onboard"
                ) && s.source != crate::facts::ScriptSource::Shell
            })
            .take(3)
            .map(|s| {
                Evidence::at(
                    s.file.clone(),
                    s.line,
                    format!("setup task `{}`: {}", s.name, s.command),
                )
            })
            .collect();
        for f in &cx.inv.files {
            let p = f.path.to_ascii_lowercase();
            let name = p.rsplit('/').next().unwrap_or(&p);
            let dir = p.strip_suffix(name).unwrap_or("");
            let script_dir = matches!(dir, "bin/" | "script/" | "scripts/" | "tools/" | "dev/");
            let stem = name.split('.').next().unwrap_or(name);
            if script_dir
                && matches!(
                    stem,
                    "setup"
                        | "bootstrap"
                        | "setup-dev"
                        | "dev-setup"
                        | "setup_dev"
                        | "setup-dev-env"
                        | "init-dev"
                        | "setup-local"
                        | "local-setup"
                )
            {
                ev.push(Evidence::file(f.path.clone(), "setup script"));
            }
        }
        ev.truncate(4);
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_is_gated_by_keywords_or_a_glob() {
        for a in [
            &ENV_READS,
            &HOME_GROWN_FEATURE_TOGGLES,
            &HARDCODED_ENV_VALUES,
        ] {
            for p in (a.patterns)() {
                assert!(
                    p.glob.is_some() || crate::signals::keywords_of(&p.regex).is_some(),
                    "{}: ungated pattern {}",
                    a.id,
                    p.regex
                );
            }
        }
    }

    #[test]
    fn names_come_from_the_match() {
        assert_eq!(
            name_of("process.env.DATABASE_URL", NameAt::End),
            Some("DATABASE_URL")
        );
        assert_eq!(name_of("os.getenv(\"API_KEY", NameAt::End), Some("API_KEY"));
        assert_eq!(name_of("env('APP_NAME", NameAt::End), Some("APP_NAME"));
        assert_eq!(name_of("SECRET: z.", NameAt::Start), Some("SECRET"));
        assert_eq!(name_of("process.env.", NameAt::End), None);
    }

    #[test]
    fn builtins_need_no_documentation() {
        for b in [
            "NODE_ENV",
            "VERCEL_URL",
            "PORT",
            "CI",
            "NEXT_RUNTIME",
            "npm_package_version",
        ] {
            assert!(is_builtin(b), "{b}");
        }
        for n in [
            "DATABASE_URL",
            "STRIPE_SECRET_KEY",
            "NEXT_PUBLIC_SUPABASE_URL",
        ] {
            assert!(!is_builtin(n), "{n}");
        }
    }

    #[test]
    fn hosts_are_judged() {
        assert!(is_local_host("localhost"));
        assert!(is_local_host("127.0.0.1"));
        assert!(is_local_host("10.0.0.3"));
        assert!(is_local_host("db"));
        assert!(!is_local_host("52.14.1.2"));
        assert!(!is_local_host("app.formbricks.com"));
        assert!(is_placeholder_host("your-project.supabase.co"));
        assert!(!is_placeholder_host("tinyviewers.vercel.app"));
        assert_eq!(registrable("app.formbricks.com"), "formbricks.com");
        assert_eq!(registrable("www.example.co.uk"), "example.co.uk");
        assert_eq!(
            split_url("https://app.x.com:8080/api/v2"),
            ("app.x.com".into(), "/api/v2".into())
        );
        let names: BTreeSet<String> = ["formbricks".to_string()].into();
        assert!(is_own_domain(
            "app.formbricks.com",
            &names,
            &BTreeSet::new()
        ));
        assert!(!is_own_domain("api.stripe.com", &names, &BTreeSet::new()));
    }

    #[test]
    fn config_use_is_told_from_links() {
        assert!(used_as_config(
            r#"export const APP_URL = env.APP_URL || "https://app.acme.io";"#
        ));
        assert!(used_as_config(
            r#"const res = await fetch("https://x.io/api")"#
        ));
        assert!(!used_as_config(
            r#"<a href="https://acme.io/blog">Blog</a>"#
        ));
    }

    #[test]
    fn config_modules_by_path() {
        for p in [
            "src/config.ts",
            "config/app.php",
            "app/settings.py",
            "lib/env.ts",
            "internal/config/options.go",
        ] {
            assert!(is_config_module(p), "{p}");
        }
        for p in ["src/app.ts", "next.config.js", "tailwind.config.ts"] {
            assert!(!is_config_module(p), "{p}");
        }
    }
}
