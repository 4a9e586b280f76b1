//! Observability analyzers (OBS): what patterns alone cannot decide.
//!
//! - error tracking initialised vs only installed (OBS-01),
//! - Sentry tracing switched on (a sample rate above zero) (OBS-02, OBS-08),
//! - which logger the main code paths use (OBS-03),
//! - health endpoints that check their dependencies vs return a constant (OBS-06),
//! - web vitals actually reported (OBS-08).
//!
//! Every judgement reads hits of the one content pass and parsed facts; none
//! opens a file.

use std::collections::{BTreeMap, BTreeSet};

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::facts::{DepKind, Ecosystem};
use crate::inventory::FileClass;
use crate::signals::{Hit, PatternSpec};
use crate::stack::dep_matches;

const MAX: usize = 5;

fn spec(regex: &str, classes: Vec<FileClass>, inventory: bool) -> PatternSpec {
    PatternSpec {
        regex: regex.into(),
        glob: None,
        classes,
        inventory,
    }
}

fn code_and_config() -> Vec<FileClass> {
    vec![
        FileClass::Source,
        FileClass::Config,
        FileClass::Other,
        FileClass::Iac,
    ]
}

/// Source on the main code paths: not scripts, examples, seeders, fixtures or docs sites.
fn is_main_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    let segs: Vec<&str> = p.split('/').collect();
    let dirs = &segs[..segs.len().saturating_sub(1)];
    !dirs.iter().any(|d| {
        matches!(
            *d,
            "scripts"
                | "script"
                | "examples"
                | "example"
                | "samples"
                | "seeders"
                | "seeds"
                | "fixtures"
                | "testdata"
                | "__mocks__"
                | "docs"
                | "e2e"
                | "benchmarks"
                | "bench"
                | "public"
                | "static"
                | "assets"
                | "vendor"
                | "dist"
                | "build"
                | "third_party"
        )
    }) && !p.contains(".min.")
        && !p.contains(".gen.")
        && !p.contains(".generated.")
}

fn source_hits<'a>(cx: &'a EvalCtx, hits: &'a [Hit]) -> impl Iterator<Item = &'a Hit> + 'a {
    hits.iter().filter(move |h| {
        is_main_path(&h.path)
            && !is_comment(&h.snippet)
            && cx
                .inv
                .get(&h.path)
                .is_none_or(|f| !matches!(f.class, FileClass::Test | FileClass::Doc))
    })
}

/// A line that is a comment in the C, shell or Python families.
fn is_comment(snippet: &str) -> bool {
    let t = snippet.trim_start();
    t.starts_with("//") || t.starts_with('#') || t.starts_with('*') || t.starts_with("/*")
}

fn runtime_deps<'a>(
    cx: &'a EvalCtx,
    names: &'a [(Ecosystem, &'a str)],
) -> impl Iterator<Item = &'a crate::facts::Dependency> + 'a {
    cx.facts.dependencies.iter().filter(move |d| {
        d.kind != DepKind::Dev
            && names
                .iter()
                .any(|(eco, n)| *eco == d.ecosystem && dep_matches(n, &d.name))
    })
}

// ───────────────────────────── OBS-01 error tracking ─────────────────────────────

/// Error trackers, by package.
const TRACKER_DEPS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Npm, "@sentry/*"),
    (Ecosystem::Npm, "@bugsnag/*"),
    (Ecosystem::Npm, "bugsnag*"),
    (Ecosystem::Npm, "rollbar"),
    (Ecosystem::Npm, "@rollbar/*"),
    (Ecosystem::Npm, "@honeybadger-io/*"),
    (Ecosystem::Npm, "honeybadger*"),
    (Ecosystem::Npm, "@airbrake/*"),
    (Ecosystem::Npm, "raygun*"),
    (Ecosystem::Npm, "@datadog/browser-rum*"),
    (Ecosystem::Npm, "@datadog/browser-logs"),
    (Ecosystem::Npm, "dd-trace"),
    (Ecosystem::Npm, "@highlight-run/*"),
    (Ecosystem::Npm, "highlight.run"),
    (Ecosystem::Npm, "@appsignal/*"),
    (Ecosystem::Npm, "trackjs"),
    (Ecosystem::PyPI, "sentry-sdk"),
    (Ecosystem::PyPI, "sentry_sdk"),
    (Ecosystem::PyPI, "raven"),
    (Ecosystem::PyPI, "bugsnag"),
    (Ecosystem::PyPI, "rollbar"),
    (Ecosystem::PyPI, "honeybadger"),
    (Ecosystem::PyPI, "pybrake"),
    (Ecosystem::PyPI, "raygun4py"),
    (Ecosystem::PyPI, "ddtrace"),
    (Ecosystem::PyPI, "appsignal"),
    (Ecosystem::PyPI, "highlight-io"),
    (Ecosystem::Go, "github.com/getsentry/sentry-go*"),
    (Ecosystem::Go, "github.com/bugsnag/bugsnag-go*"),
    (Ecosystem::Go, "github.com/rollbar/rollbar-go*"),
    (Ecosystem::Go, "github.com/honeybadger-io/honeybadger-go*"),
    (Ecosystem::Go, "github.com/airbrake/gobrake*"),
    (Ecosystem::Go, "gopkg.in/DataDog/dd-trace-go*"),
    (Ecosystem::Go, "github.com/DataDog/dd-trace-go*"),
    (
        Ecosystem::Go,
        "github.com/highlight/highlight/sdk/highlight-go*",
    ),
    (Ecosystem::Cargo, "sentry"),
    (Ecosystem::Cargo, "sentry-*"),
    (Ecosystem::Cargo, "rollbar"),
    (Ecosystem::Cargo, "bugsnag"),
    (Ecosystem::RubyGems, "sentry-*"),
    (Ecosystem::RubyGems, "sentry-raven"),
    (Ecosystem::RubyGems, "bugsnag"),
    (Ecosystem::RubyGems, "rollbar"),
    (Ecosystem::RubyGems, "honeybadger"),
    (Ecosystem::RubyGems, "airbrake"),
    (Ecosystem::RubyGems, "raygun4ruby"),
    (Ecosystem::RubyGems, "appsignal"),
    (Ecosystem::RubyGems, "ddtrace"),
    (Ecosystem::RubyGems, "datadog"),
    (Ecosystem::Composer, "sentry/*"),
    (Ecosystem::Composer, "bugsnag/*"),
    (Ecosystem::Composer, "rollbar/*"),
    (Ecosystem::Composer, "honeybadger-io/*"),
    (Ecosystem::Composer, "airbrake/*"),
    (Ecosystem::Composer, "mindscape/raygun4php"),
    (Ecosystem::Composer, "appsignal/*"),
    (Ecosystem::Maven, "io.sentry:*"),
    (Ecosystem::Maven, "com.bugsnag:*"),
    (Ecosystem::Maven, "com.rollbar:*"),
    (Ecosystem::Maven, "io.honeybadger:*"),
    (Ecosystem::Gradle, "io.sentry:*"),
    (Ecosystem::Gradle, "com.bugsnag:*"),
    (Ecosystem::Gradle, "com.rollbar:*"),
    (Ecosystem::Gradle, "io.honeybadger:*"),
];

/// Calls and settings that start a tracker.
const TRACKER_INIT: &str = concat!(
    // `withSentry(` wraps a Cloudflare Worker's handler (@sentry/cloudflare)
    // with its options; `withSentryConfig(` (Next.js build config) is not init.
    r"Sentry\.init\b|\bwithSentry\(|sentry_sdk\.init\(|sentry\.Init\(|sentry::init\(|SentryAndroid\.init|SentrySdk\.Init|",
    r"sentry-cdn\.com/|Sentry\\Laravel\\Integration|SENTRY_LARAVEL_DSN|sentry\.dsn\s*[=:]|",
    r"Bugsnag\.(start|configure|init)\b|bugsnag\.(configure|start|New)\(|Bugsnag::|",
    r"new Rollbar\(|Rollbar\.(init|configure)\b|rollbar\.(init|New)\(|Rollbar::init\(|",
    r"Honeybadger\.(configure|init)\b|honeybadger\.(configure|Configure)\(|Honeybadger::|",
    r"new Airbrake\.Notifier\(|Airbrake\.configure\b|gobrake\.NewNotifier|pybrake\.Notifier\(|",
    r"rg4js\(|raygun\.Client\(|RaygunClient\(|",
    r"datadogRum\.init\(|dd-trace['\x22]\)\.init\(|dd-trace/init|ddtrace-run|ddtrace\.auto|from ddtrace import|",
    r"\bH\.init\(|Appsignal\.(start|config)\b|new Appsignal\(|appsignal\.start\(|",
    r"capture_exceptions\s*[:=]\s*(true|True|\{)|posthog\.captureException\("
);

/// Home-grown error collection: an endpoint the app's own front end reports to.
const HOME_ERROR_ENDPOINT: &str = r#"["'`/](client-errors?|error-reports?|report-errors?|log-errors?|errors/report|api/errors|api/log-error|frontend-errors?)/?["'`]"#;

/// Error boundaries: React class boundaries (Next.js `error.tsx` files are found by path).
const ERROR_BOUNDARY: &str = r"componentDidCatch\(|onErrorCaptured\(|handleError\s*[:=(]";

/// Tracker config files that start it without code (Rails/Laravel conventions).
const TRACKER_CONFIG_FILES: &[(&str, &str)] = &[
    ("config/honeybadger.yml", "Honeybadger configuration"),
    ("config/appsignal.yml", "AppSignal configuration"),
    ("config/sentry.php", "Sentry for Laravel configuration"),
    ("config/bugsnag.php", "Bugsnag for Laravel configuration"),
    ("sentry.properties", "Sentry configuration"),
];

fn tracker_initialised_evidence(cx: &EvalCtx) -> Vec<Evidence> {
    let mut ev: Vec<Evidence> = source_hits(cx, cx.own_hits(ERROR_TRACKER_INITIALISED.id, 0))
        .take(MAX)
        .map(|h| h.evidence("error tracker initialised"))
        .collect();
    let installed = runtime_deps(cx, TRACKER_DEPS).next().is_some();
    if installed {
        for (file, what) in TRACKER_CONFIG_FILES {
            if let Some(f) = cx
                .inv
                .files
                .iter()
                .find(|f| f.path == *file || f.path.ends_with(&format!("/{file}")))
            {
                ev.push(Evidence::file(f.path.clone(), *what));
            }
        }
    }
    ev.truncate(MAX);
    ev
}

pub const ERROR_TRACKER_INITIALISED: Analyzer = Analyzer {
    id: "error_tracker_initialised",
    version: 2,
    patterns: || {
        vec![
            spec(TRACKER_INIT, code_and_config(), false),
            spec(HOME_ERROR_ENDPOINT, vec![FileClass::Source], false),
            spec(ERROR_BOUNDARY, vec![FileClass::Source], false),
        ]
    },
    question: "Is an error tracker (Sentry, Bugsnag, Rollbar, Honeybadger, Datadog…) initialised?",
    run: |cx| Outcome::yes(tracker_initialised_evidence(cx)),
};

pub const ERROR_TRACKING_PARTIAL: Analyzer = Analyzer {
    id: "error_tracking_partial",
    version: 1,
    patterns: super::no_patterns,
    question: "Is an error tracker installed but never initialised, or are errors only collected by home-grown code (own endpoint, console-only error boundaries)?",
    run: |cx| {
        let mut ev: Vec<Evidence> = runtime_deps(cx, TRACKER_DEPS)
            .take(2)
            .map(|d| {
                let mut e = d.evidence();
                e.detail = format!("{} (installed, never initialised)", e.detail);
                e
            })
            .collect();
        let id = ERROR_TRACKER_INITIALISED.id;
        ev.extend(
            source_hits(cx, cx.own_hits(id, 1))
                .take(2)
                .map(|h| h.evidence("home-grown error endpoint")),
        );
        // Error boundaries that only log to the console.
        let console_files: BTreeSet<&str> = cx
            .own_hits(STRUCTURED_LOGGING_USED.id, 0)
            .iter()
            .filter(|h| h.matched.starts_with("console.error"))
            .map(|h| h.path.as_str())
            .collect();
        for h in source_hits(cx, cx.own_hits(id, 2)) {
            if console_files.contains(h.path.as_str()) {
                ev.push(h.evidence("error boundary logging to the console"));
                break;
            }
        }
        for f in &cx.inv.files {
            let name = f.path.rsplit('/').next().unwrap_or("");
            let boundary = matches!(
                name,
                "error.tsx"
                    | "error.jsx"
                    | "error.js"
                    | "global-error.tsx"
                    | "global-error.jsx"
                    | "global-error.js"
            ) && (f.path.starts_with("app/") || f.path.contains("/app/"));
            if boundary && console_files.contains(f.path.as_str()) {
                ev.push(Evidence::file(
                    f.path.clone(),
                    "Next.js error boundary logging to the console only",
                ));
                break;
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

// ───────────────────────────── Sentry tracing (OBS-02, OBS-08) ─────────────────────────────

const SENTRY_SAMPLE_RATE: &str =
    r#"(?i)(traces_?sample_?rate|enable_?tracing)['"]?\s*(=>|[:=])[^,\n}]{1,80}"#;

/// Whether a `tracesSampleRate: …` / `enable_tracing=…` setting switches tracing on:
/// a literal above zero, or `true`. An env read without a default says nothing.
pub fn sample_rate_enables(matched: &str) -> bool {
    let value = match matched.find("=>") {
        Some(i) => &matched[i + 2..],
        None => match matched.find([':', '=']) {
            Some(i) => &matched[i + 1..],
            None => return false,
        },
    };
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("true") {
        return true;
    }
    // Any numeric literal above zero (`1.0`, `0.2`, `isProd ? 0.1 : 1`).
    let mut num = String::new();
    let mut any_positive = false;
    let flush = |num: &mut String, any: &mut bool| {
        if let Ok(x) = num.parse::<f64>()
            && x > 0.0
            && x <= 1.0
        {
            *any = true;
        }
        num.clear();
    };
    let mut prev_alnum = false;
    for c in v.chars() {
        if c.is_ascii_digit() || (c == '.' && !num.is_empty()) || (c == '.' && !prev_alnum) {
            if num.is_empty() && prev_alnum {
                // part of an identifier such as `v2`
                continue;
            }
            num.push(c);
        } else {
            flush(&mut num, &mut any_positive);
            prev_alnum = c.is_ascii_alphanumeric() || c == '_';
            continue;
        }
        prev_alnum = false;
    }
    flush(&mut num, &mut any_positive);
    any_positive
}

fn sentry_tracing_hits<'a>(cx: &'a EvalCtx) -> Vec<&'a Hit> {
    source_hits(cx, cx.own_hits(SENTRY_TRACING_ENABLED.id, 0))
        .filter(|h| !is_comment(&h.snippet) && sample_rate_enables(&h.matched))
        .collect()
}

pub const SENTRY_TRACING_ENABLED: Analyzer = Analyzer {
    id: "sentry_tracing_enabled",
    version: 1,
    patterns: || vec![spec(SENTRY_SAMPLE_RATE, code_and_config(), true)],
    question: "Is Sentry performance tracing switched on (a traces sample rate above zero)?",
    run: |cx| {
        Outcome::yes(
            sentry_tracing_hits(cx)
                .into_iter()
                .take(MAX)
                .map(|h| h.evidence("Sentry tracing on"))
                .collect(),
        )
    },
};

// ───────────────────────────── OBS-03 structured logging ─────────────────────────────

/// console/print-style output, per language.
const PLAIN_OUTPUT: &str = concat!(
    r"console\.(log|info|warn|error|debug)\(|\bprint\(|fmt\.Print(ln|f)?\(|\beprintln!\(|\bprintln!\(|",
    r"System\.(out|err)\.print|\bputs\s|\bvar_dump\(|\bprint_r\("
);

/// Calls through a logger object or facade.
const LOGGER_CALLS: &str = concat!(
    r"\b(logger|log|_logger|_log|LOGGER|LOG|Log|logging|slog|zap\.L\(\)|zap\.S\(\)|sugar|Rails\.logger)",
    r"(\.|::|->)(info|warn|warning|error|debug|trace|fatal|critical|exception|notice|Info|Warn|Error|Debug|Trace|Fatal|Infof|Errorf|Warnf|Debugf|Infow|Errorw|Warnw|InfoContext|ErrorContext|WarnContext|DebugContext)\b|",
    r"\b(tracing::)?(info|warn|error|debug|trace)!\(|\blogger\(\)->"
);

/// Structured setups that need no dependency, or pin a format.
const STRUCTURED_SETUP: &str = concat!(
    r"slog\.New(JSON|Text)Handler\(|",
    r"jsonlogger|JsonFormatter|JSONFormatter|LogstashFormatter|LogstashEncoder|JsonTemplateLayout|JsonLayout|EcsEncoder|EcsLayout|",
    r"logging\.structured\.format|serialize\s*=\s*True|\.json\(\)\.init\(|fmt::layer\(\)\.json\(\)|format\.json\(\)|",
    r"lograge\.enabled|SemanticLogger"
);

/// Go's log/slog writes key-value records even with its default handler.
const SLOG_CALLS: &str = r"slog\.(Info|Warn|Error|Debug)(Context)?\(";

/// Leveled free-text setups without a dependency of their own.
const LEVELED_SETUP: &str = concat!(
    r"\bimport logging\b|logging\.getLogger\(|logging\.basicConfig\(|\bLOGGING\s*=\s*\{|",
    r"Log::(info|warning|error|debug|channel|critical)\(|Rails\.logger\.|",
    r"LoggerFactory\.getLogger\(|LogManager\.getLogger\(|@Slf4j|",
    r#"\blog\.(Printf|Println|Fatalf|Fatal|Print)\(|"log""#
);

const STRUCTURED_DEPS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Npm, "pino"),
    (Ecosystem::Npm, "pino-http"),
    (Ecosystem::Npm, "nestjs-pino"),
    (Ecosystem::Npm, "winston"),
    (Ecosystem::Npm, "bunyan"),
    (Ecosystem::Npm, "roarr"),
    (Ecosystem::Npm, "@logtape/logtape"),
    (Ecosystem::Npm, "@google-cloud/logging-winston"),
    (Ecosystem::PyPI, "structlog"),
    (Ecosystem::PyPI, "python-json-logger"),
    (Ecosystem::PyPI, "json-logging"),
    (Ecosystem::PyPI, "ecs-logging"),
    (Ecosystem::Go, "go.uber.org/zap"),
    (Ecosystem::Go, "github.com/rs/zerolog"),
    (Ecosystem::Go, "github.com/sirupsen/logrus"),
    (Ecosystem::Go, "github.com/go-kit/log"),
    (Ecosystem::Go, "github.com/go-kit/kit"),
    (Ecosystem::Go, "github.com/apex/log"),
    (Ecosystem::Go, "github.com/inconshreveable/log15"),
    (Ecosystem::Cargo, "tracing-subscriber"),
    (Ecosystem::Cargo, "slog"),
    (Ecosystem::Cargo, "tracing-bunyan-formatter"),
    (Ecosystem::RubyGems, "lograge"),
    (Ecosystem::RubyGems, "semantic_logger"),
    (Ecosystem::RubyGems, "rails_semantic_logger"),
    (Ecosystem::RubyGems, "ougai"),
    (Ecosystem::Maven, "net.logstash.logback:*"),
    (Ecosystem::Maven, "co.elastic.logging:*"),
    (
        Ecosystem::Maven,
        "org.apache.logging.log4j:log4j-layout-template-json",
    ),
    (Ecosystem::Gradle, "net.logstash.logback:*"),
    (Ecosystem::Gradle, "co.elastic.logging:*"),
    (
        Ecosystem::Gradle,
        "org.apache.logging.log4j:log4j-layout-template-json",
    ),
];

const LEVELED_DEPS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Npm, "log4js"),
    (Ecosystem::Npm, "loglevel"),
    (Ecosystem::Npm, "consola"),
    (Ecosystem::Npm, "tslog"),
    (Ecosystem::Npm, "signale"),
    (Ecosystem::PyPI, "loguru"),
    (Ecosystem::Cargo, "env_logger"),
    (Ecosystem::Cargo, "fern"),
    (Ecosystem::Cargo, "simplelog"),
    (Ecosystem::Cargo, "log4rs"),
    (Ecosystem::Cargo, "pretty_env_logger"),
    (Ecosystem::Composer, "laravel/framework"),
    (Ecosystem::Composer, "monolog/monolog"),
    (Ecosystem::Composer, "symfony/monolog-bundle"),
    (Ecosystem::RubyGems, "rails"),
    (Ecosystem::RubyGems, "railties"),
    (Ecosystem::Maven, "org.slf4j:*"),
    (Ecosystem::Maven, "ch.qos.logback:*"),
    (Ecosystem::Maven, "org.apache.logging.log4j:*"),
    (
        Ecosystem::Maven,
        "org.springframework.boot:spring-boot-starter*",
    ),
    (Ecosystem::Gradle, "org.slf4j:*"),
    (Ecosystem::Gradle, "ch.qos.logback:*"),
    (Ecosystem::Gradle, "org.apache.logging.log4j:*"),
    (
        Ecosystem::Gradle,
        "org.springframework.boot:spring-boot-starter*",
    ),
];

fn languages_of(eco: Ecosystem) -> &'static [&'static str] {
    match eco {
        Ecosystem::Npm => &["JavaScript", "TypeScript", "Vue", "Svelte", "Astro"],
        Ecosystem::PyPI => &["Python"],
        Ecosystem::Go => &["Go"],
        Ecosystem::Cargo => &["Rust"],
        Ecosystem::RubyGems => &["Ruby"],
        Ecosystem::Composer => &["PHP"],
        Ecosystem::Maven | Ecosystem::Gradle => &["Java", "Kotlin", "Scala", "Groovy"],
    }
}

fn language_ecosystem(lang: &str) -> Option<Ecosystem> {
    [
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::Go,
        Ecosystem::Cargo,
        Ecosystem::RubyGems,
        Ecosystem::Composer,
        Ecosystem::Maven,
    ]
    .into_iter()
    .find(|e| languages_of(*e).contains(&lang))
}

/// Whether a plain-output hit is plain output in its file's language
/// (`print(` is Python's, `puts` Ruby's, `console.*` JavaScript's).
fn plain_output_counts(matched: &str, lang: &str) -> bool {
    let eco = language_ecosystem(lang);
    if matched.starts_with("console.") {
        return eco == Some(Ecosystem::Npm);
    }
    if matched.starts_with("print(") {
        return lang == "Python";
    }
    if matched.starts_with("fmt.") {
        return lang == "Go";
    }
    if matched.contains("println!") {
        return lang == "Rust";
    }
    if matched.starts_with("System.") {
        return eco == Some(Ecosystem::Maven);
    }
    if matched.starts_with("puts") {
        return lang == "Ruby";
    }
    lang == "PHP"
}

/// Whether a logging-setup hit belongs to the language of its file
/// (`"log"` is Go's import, `import logging` Python's, `Log::` Laravel's).
fn setup_fits_language(matched: &str, eco: Ecosystem) -> bool {
    let m = matched;
    if m == "\"log\"" || m.starts_with("log.") || m.starts_with("slog.") {
        return eco == Ecosystem::Go;
    }
    if m.contains("logging") && !m.starts_with("logging.structured") || m.starts_with("LOGGING") {
        return eco == Ecosystem::PyPI;
    }
    if m.starts_with("Log::") {
        return eco == Ecosystem::Composer;
    }
    if m.starts_with("Rails.") || m.starts_with("lograge") || m.starts_with("SemanticLogger") {
        return eco == Ecosystem::RubyGems;
    }
    if m.starts_with("LoggerFactory") || m.starts_with("LogManager") || m.starts_with("@Slf4j") {
        return eco == Ecosystem::Maven;
    }
    if m.starts_with("fmt::layer") || m.starts_with(".json().init") {
        return eco == Ecosystem::Cargo;
    }
    true
}

/// Logging in the main code paths, by ecosystem of the code.
#[derive(Debug, Default)]
struct LoggingCensus {
    /// ecosystem → (logger calls, console/print calls)
    calls: BTreeMap<Ecosystem, (usize, usize)>,
    /// Home-made wrappers: logger-named files that write with console/print.
    wrappers: Vec<Evidence>,
}

fn census(cx: &EvalCtx) -> LoggingCensus {
    let mut c = LoggingCensus::default();
    let id = STRUCTURED_LOGGING_USED.id;
    for h in source_hits(cx, cx.own_hits(id, 0)) {
        let Some(lang) = cx.inv.get(&h.path).and_then(|f| f.language) else {
            continue;
        };
        if !plain_output_counts(&h.matched, lang) {
            continue;
        }
        let name = h.path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
        let stem = name.split('.').next().unwrap_or("");
        let parent_is_logger = h
            .path
            .rsplit('/')
            .nth(1)
            .is_some_and(|d| matches!(d.to_ascii_lowercase().as_str(), "logger" | "logging"));
        if matches!(stem, "logger" | "log" | "logging" | "logs")
            || (stem == "index" && parent_is_logger)
        {
            if !c.wrappers.iter().any(|e| e.path == h.path) {
                c.wrappers
                    .push(h.evidence("home-made logger wrapper around console/print"));
            }
            continue; // the wrapper's own writes are not bypasses
        }
        if let Some(eco) = language_ecosystem(lang) {
            c.calls.entry(eco).or_default().1 += 1;
        }
    }
    for h in source_hits(cx, cx.own_hits(id, 1)) {
        let Some(eco) = cx
            .inv
            .get(&h.path)
            .and_then(|f| f.language)
            .and_then(language_ecosystem)
        else {
            continue;
        };
        c.calls.entry(eco).or_default().0 += 1;
    }
    c
}

/// Most code bypasses the logger: many console/print calls, far more than logger calls.
fn bypassed(calls: (usize, usize)) -> bool {
    let (logger, plain) = calls;
    plain >= 20 && plain > 2 * logger
}

fn eco_norm(e: Ecosystem) -> Ecosystem {
    if e == Ecosystem::Gradle {
        Ecosystem::Maven
    } else {
        e
    }
}

/// (structured evidence by ecosystem, leveled evidence by ecosystem)
#[allow(clippy::type_complexity)]
fn logging_kinds(
    cx: &EvalCtx,
) -> (
    BTreeMap<Ecosystem, Vec<Evidence>>,
    BTreeMap<Ecosystem, Vec<Evidence>>,
) {
    let mut structured: BTreeMap<Ecosystem, Vec<Evidence>> = BTreeMap::new();
    let mut leveled: BTreeMap<Ecosystem, Vec<Evidence>> = BTreeMap::new();
    for d in runtime_deps(cx, STRUCTURED_DEPS) {
        structured
            .entry(eco_norm(d.ecosystem))
            .or_default()
            .push(d.evidence());
    }
    for d in runtime_deps(cx, LEVELED_DEPS) {
        let mut e = d.evidence();
        if d.ecosystem == Ecosystem::Composer {
            e.detail = format!(
                "{} (Monolog, line format unless a JSON formatter is set)",
                e.detail
            );
        }
        leveled.entry(eco_norm(d.ecosystem)).or_default().push(e);
    }
    let id = STRUCTURED_LOGGING_USED.id;
    for h in source_hits(cx, cx.own_hits(id, 2)) {
        let lang = cx.inv.get(&h.path).and_then(|f| f.language);
        let eco = lang.and_then(language_ecosystem).or_else(|| {
            // logback.xml, log4j2.xml, application.yml → JVM; config/logging.php is PHP already
            let p = h.path.to_ascii_lowercase();
            (p.ends_with(".xml") || p.ends_with(".properties") || p.contains("application"))
                .then_some(Ecosystem::Maven)
        });
        let Some(eco) = eco else { continue };
        if !setup_fits_language(&h.matched, eco) {
            continue;
        }
        // loguru without serialize=True stays leveled; `serialize=True` elsewhere is not logging.
        if h.matched.starts_with("serialize") && eco != Ecosystem::PyPI {
            continue;
        }
        if h.matched.starts_with("format.json") && eco != Ecosystem::Npm {
            continue;
        }
        structured
            .entry(eco)
            .or_default()
            .push(h.evidence("structured log format"));
    }
    for h in source_hits(cx, cx.own_hits(id, 4)).take(2) {
        if cx.inv.get(&h.path).and_then(|f| f.language) == Some("Go") {
            structured
                .entry(Ecosystem::Go)
                .or_default()
                .push(h.evidence("log/slog key-value records"));
        }
    }
    for h in source_hits(cx, cx.own_hits(id, 3)) {
        let Some(eco) = cx
            .inv
            .get(&h.path)
            .and_then(|f| f.language)
            .and_then(language_ecosystem)
        else {
            continue;
        };
        if !setup_fits_language(&h.matched, eco) {
            continue;
        }
        leveled
            .entry(eco)
            .or_default()
            .push(h.evidence("leveled logger, free-text lines"));
    }
    // loguru is structured only when serialized.
    if let Some(py) = structured.get(&Ecosystem::PyPI)
        && py.iter().all(|e| e.detail.contains("serialize"))
        && runtime_deps(cx, &[(Ecosystem::PyPI, "loguru")])
            .next()
            .is_none()
    {
        structured.remove(&Ecosystem::PyPI);
    }
    (structured, leveled)
}

pub const STRUCTURED_LOGGING_USED: Analyzer = Analyzer {
    id: "structured_logging_used",
    version: 1,
    patterns: || {
        vec![
            spec(PLAIN_OUTPUT, vec![FileClass::Source], true),
            spec(LOGGER_CALLS, vec![FileClass::Source], true),
            spec(
                STRUCTURED_SETUP,
                vec![FileClass::Source, FileClass::Config, FileClass::Other],
                false,
            ),
            spec(LEVELED_SETUP, vec![FileClass::Source], false),
            spec(SLOG_CALLS, vec![FileClass::Source], false),
        ]
    },
    question: "Do the main code paths log through a structured (JSON/logfmt/key-value) logger?",
    run: |cx| {
        let (structured, _) = logging_kinds(cx);
        let c = census(cx);
        let mut ev = Vec::new();
        for (eco, e) in &structured {
            let calls = c.calls.get(eco).copied().unwrap_or_default();
            if bypassed(calls) {
                continue;
            }
            ev.extend(e.iter().take(3).cloned());
            if calls.0 > 0 {
                ev.push(Evidence::file(
                    ".",
                    format!(
                        "{} logger calls vs {} console/print calls in the main code",
                        calls.0, calls.1
                    ),
                ));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

pub const LEVELED_LOGGING_USED: Analyzer = Analyzer {
    id: "leveled_logging_used",
    version: 1,
    patterns: super::no_patterns,
    question: "Is logging leveled but free text (Python logging, Monolog line format, log crate), a home-made wrapper, or a structured logger most code bypasses?",
    run: |cx| {
        let (structured, leveled) = logging_kinds(cx);
        let c = census(cx);
        let mut ev = Vec::new();
        for (eco, e) in &structured {
            let calls = c.calls.get(eco).copied().unwrap_or_default();
            if bypassed(calls) {
                ev.push(e[0].clone());
                ev.push(Evidence::file(
                    ".",
                    format!(
                        "structured logger bypassed: {} console/print calls vs {} logger calls",
                        calls.1, calls.0
                    ),
                ));
            }
        }
        for e in leveled.values() {
            ev.extend(e.iter().take(2).cloned());
        }
        ev.extend(c.wrappers.iter().take(2).cloned());
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

// ───────────────────────────── OBS-06 health checks ─────────────────────────────

const HEALTH_ROUTE: &str = r#"["'`/](health|healthz|healthcheck|health-check|health_check|livez|readyz|liveness|readiness|_health)/?["'`]|/(ping|heartbeat)/?["'`]"#;

const FRAMEWORK_SHALLOW_HEALTH: &str = r#"rails/health#show|health:\s*['"]/"#;

/// A dependency actually reached: a query, a ping, a connection check.
const DEPENDENCY_CHECK: &str = concat!(
    r"(?i:select 1)|\.ping\(|\.Ping\(|PingContext\(|\$queryRaw|pg_isready|getPdo\(\)|",
    r"ping:\s*1|readyState|isReady\(|\.authenticate\(\)|check_database|checkDatabase|",
    r"db\.execute\(|\.execute\(text\(|HealthIndicator|health\.Check|redis.*\.ping|connection\.ensure"
);

const PROBES: &str = r"(livenessProbe|readinessProbe|startupProbe):";

const DEEP_HEALTH_DEPS: &[(Ecosystem, &str)] = &[
    (
        Ecosystem::Maven,
        "org.springframework.boot:spring-boot-starter-actuator",
    ),
    (
        Ecosystem::Gradle,
        "org.springframework.boot:spring-boot-starter-actuator",
    ),
    (Ecosystem::Npm, "@nestjs/terminus"),
    (Ecosystem::Npm, "@godaddy/terminus"),
    (Ecosystem::PyPI, "django-health-check"),
    (Ecosystem::PyPI, "fastapi-health"),
    (Ecosystem::PyPI, "healthcheck"),
    (Ecosystem::Go, "github.com/hellofresh/health-go*"),
    (Ecosystem::Go, "github.com/alexliesenfeld/health"),
    (Ecosystem::Go, "github.com/heptiolabs/healthcheck"),
    (Ecosystem::Composer, "spatie/laravel-health"),
    (Ecosystem::RubyGems, "health_check"),
    (Ecosystem::RubyGems, "okcomputer"),
];

fn is_health_route_file(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    let segs: Vec<&str> = p.split('/').collect();
    let name = segs.last().copied().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let health = |s: &str| {
        matches!(
            s,
            "health" | "healthz" | "healthcheck" | "health-check" | "readyz" | "livez" | "ping"
        )
    };
    // Next.js app router `app/**/health/route.ts`, pages router `pages/api/health.ts`.
    (matches!(stem, "route") && segs.len() >= 2 && health(segs[segs.len() - 2]))
        || (segs.contains(&"pages") && segs.contains(&"api") && health(stem))
}

fn looks_like_route(detail: &str) -> bool {
    [
        "get(",
        "Get(",
        ".get ",
        "GET ",
        "route",
        "Route",
        "Handle",
        "path(",
        "@",
        "health route",
        "router",
        "app.",
        "url(",
    ]
    .iter()
    .any(|k| detail.contains(k))
}

struct HealthFindings {
    deep: Vec<Evidence>,
    shallow: Vec<Evidence>,
    probes: Vec<Evidence>,
}

fn health_findings(cx: &EvalCtx) -> HealthFindings {
    let id = HEALTH_CHECK_PRESENT.id;
    let mut endpoints: BTreeMap<String, Evidence> = BTreeMap::new();
    for h in source_hits(cx, cx.own_hits(id, 0)) {
        if cx
            .inv
            .get(&h.path)
            .is_some_and(|f| f.class == FileClass::Source)
        {
            endpoints
                .entry(h.path.clone())
                .or_insert_with(|| h.evidence("health endpoint"));
        }
    }
    for f in &cx.inv.files {
        if f.class == FileClass::Source && is_main_path(&f.path) && is_health_route_file(&f.path) {
            endpoints
                .entry(f.path.clone())
                .or_insert_with(|| Evidence::file(f.path.clone(), "health route"));
        }
    }
    let checks: BTreeMap<&str, &Hit> = source_hits(cx, cx.own_hits(id, 1))
        .map(|h| (h.path.as_str(), h))
        .collect();
    let mut deep = Vec::new();
    let mut shallow = Vec::new();
    // Route registrations first, then other mentions (CLI flags, log fields).
    let mut endpoints: Vec<(String, Evidence)> = endpoints.into_iter().collect();
    endpoints.sort_by_key(|(_, e)| !looks_like_route(&e.detail));
    for (path, e) in &endpoints {
        match checks.get(path.as_str()) {
            Some(h) => {
                deep.push(e.clone());
                deep.push(h.evidence("the health check reaches a dependency"));
            }
            None => shallow.push(e.clone()),
        }
    }
    // Handlers kept apart from the route table (`healthcheck.go`, `health-checks.ts`).
    if !endpoints.is_empty() {
        for (path, h) in &checks {
            if path.to_ascii_lowercase().contains("health")
                && !endpoints.iter().any(|(p, _)| p == path)
            {
                deep.push(h.evidence("health check reaches a dependency"));
            }
        }
    }
    for d in runtime_deps(cx, DEEP_HEALTH_DEPS) {
        let mut e = d.evidence();
        e.detail = format!("{} (health checks with dependency indicators)", e.detail);
        deep.push(e);
    }
    for h in source_hits(cx, cx.own_hits(id, 2)) {
        shallow.push(
            h.evidence("framework health route (checks that the app boots, not its dependencies)"),
        );
    }

    let mut probes = Vec::new();
    for d in &cx.facts.dockerfiles {
        if let Some(hc) = &d.healthcheck
            && !d.test_only
        {
            probes.push(hc.clone());
        }
    }
    for c in &cx.facts.compose {
        for s in &c.services {
            let backing =
                s.image.as_deref().is_some_and(is_backing_image) || is_backing_image(&s.name);
            if s.has_healthcheck && (s.build || !backing) {
                probes.push(Evidence::at(
                    c.file.clone(),
                    s.line,
                    format!("compose service {} has a healthcheck", s.name),
                ));
            }
        }
    }
    for h in cx.own_hits(id, 3).iter().filter(|h| is_main_path(&h.path)) {
        probes.push(h.evidence("Kubernetes probe"));
    }
    for p in &cx.facts.platforms {
        probes.extend(
            p.settings
                .iter()
                .filter(|s| s.detail.starts_with("health check"))
                .cloned(),
        );
    }
    HealthFindings {
        deep,
        shallow,
        probes,
    }
}

/// Images of backing services (their health checks say nothing about the app).
fn is_backing_image(image: &str) -> bool {
    let name = image.split([':', '@']).next().unwrap_or(image);
    let name = name.rsplit('/').next().unwrap_or(name);
    [
        "postgres",
        "postgis",
        "mysql",
        "mariadb",
        "redis",
        "valkey",
        "mongo",
        "memcached",
        "rabbitmq",
        "minio",
        "clickhouse-server",
        "elasticsearch",
        "opensearch",
        "kafka",
        "zookeeper",
        "mailhog",
        "mailpit",
        "adminer",
        "traefik",
        "nginx",
        "caddy",
        "localstack",
        "keydb",
        "dragonfly",
        "cp-kafka",
        "redpanda",
    ]
    .iter()
    .any(|b| name == *b || name.starts_with(&format!("{b}-")))
}

pub const HEALTH_CHECK_PRESENT: Analyzer = Analyzer {
    id: "health_check_present",
    version: 1,
    patterns: || {
        vec![
            spec(HEALTH_ROUTE, vec![FileClass::Source], true),
            spec(DEPENDENCY_CHECK, vec![FileClass::Source], true),
            spec(FRAMEWORK_SHALLOW_HEALTH, vec![FileClass::Source], false),
            spec(
                PROBES,
                vec![FileClass::Iac, FileClass::Config, FileClass::Other],
                false,
            ),
        ]
    },
    question: "Is there a health endpoint that checks its dependencies, or container/platform probes with no constant-only endpoint behind them?",
    run: |cx| {
        let f = health_findings(cx);
        let mut ev = Vec::new();
        if !f.deep.is_empty() {
            ev.extend(f.deep.into_iter().take(3));
            ev.extend(f.probes.into_iter().take(2));
        } else if f.shallow.is_empty() {
            ev.extend(f.probes.into_iter().take(MAX));
        }
        Outcome::yes(ev)
    },
};

pub const HEALTH_CHECK_CONSTANT: Analyzer = Analyzer {
    id: "health_check_constant",
    version: 1,
    patterns: super::no_patterns,
    question: "Is there a health endpoint that returns a constant without checking dependencies?",
    run: |cx| {
        let f = health_findings(cx);
        let mut ev: Vec<Evidence> = f.shallow.into_iter().take(3).collect();
        if !ev.is_empty() {
            ev.extend(f.probes.into_iter().take(2));
        }
        Outcome::yes(ev)
    },
};

// ───────────────────────────── OBS-08 real-user monitoring ─────────────────────────────

const WEB_VITALS: &str = concat!(
    r"\b(onCLS|onLCP|onINP|onFCP|onTTFB|onFID|getCLS|getLCP|getFID|getFCP|getTTFB)\(|",
    r"useReportWebVitals\(|export function reportWebVitals\(|reportWebVitals\([^)\s]"
);

const BROWSER_TRACING: &str = r"browserTracingIntegration\(|new BrowserTracing\(|BrowserTracing\(";

fn is_cra_boilerplate(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.starts_with("reportWebVitals.")
}

fn is_client_sentry_config(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    p.contains("sentry.client.config")
        || p.contains("instrumentation-client")
        || (p.contains("sentry") && p.contains("client"))
}

pub const WEB_VITALS_REPORTED: Analyzer = Analyzer {
    id: "web_vitals_reported",
    version: 1,
    patterns: || {
        vec![
            spec(WEB_VITALS, vec![FileClass::Source], false),
            spec(BROWSER_TRACING, vec![FileClass::Source], false),
        ]
    },
    question: "Are web vitals or browser performance traces reported (web-vitals with a reporter, Sentry browser tracing with a sample rate above zero)?",
    run: |cx| {
        let id = WEB_VITALS_REPORTED.id;
        let mut ev: Vec<Evidence> = source_hits(cx, cx.own_hits(id, 0))
            .filter(|h| {
                !is_cra_boilerplate(&h.path)
                    && !is_comment(&h.snippet)
                    && !h.snippet.contains("reportWebVitals(console")
            })
            .take(3)
            .map(|h| h.evidence("web vitals reported"))
            .collect();
        let tracing_on = sentry_tracing_hits(cx);
        let on_files: BTreeSet<&str> = tracing_on.iter().map(|h| h.path.as_str()).collect();
        for h in source_hits(cx, cx.own_hits(id, 1)) {
            if on_files.contains(h.path.as_str()) {
                ev.push(h.evidence("Sentry browser tracing"));
            }
        }
        // Browser SDKs (@sentry/nextjs, sveltekit…) add browser tracing when the client sets a rate.
        for h in tracing_on {
            if is_client_sentry_config(&h.path) {
                ev.push(h.evidence("Sentry browser tracing on (client config)"));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_rates_above_zero_enable_tracing() {
        assert!(sample_rate_enables("tracesSampleRate: 1.0"));
        assert!(sample_rate_enables("tracesSampleRate: 0.2,"));
        assert!(sample_rate_enables("traces_sample_rate=.5"));
        assert!(sample_rate_enables("enable_tracing=True)"));
        assert!(sample_rate_enables(
            "tracesSampleRate: process.env.NODE_ENV === 'production' ? 0.1 : 1"
        ));
        assert!(sample_rate_enables("'traces_sample_rate' => 1.0"));
        assert!(sample_rate_enables(
            r#"traces_sample_rate=float(os.getenv("RATE", "0.25"))"#
        ));
        assert!(!sample_rate_enables("tracesSampleRate: 0,"));
        assert!(!sample_rate_enables("tracesSampleRate: 0.0"));
        assert!(!sample_rate_enables("traces_sample_rate=None"));
        assert!(!sample_rate_enables("enable_tracing=False"));
        assert!(!sample_rate_enables(
            "tracesSampleRate: Number(process.env.SENTRY_RATE)"
        ));
        assert!(!sample_rate_enables(
            "'traces_sample_rate' => env('SENTRY_TRACES_SAMPLE_RATE') === null ? null : (float) env('SENTRY_TRACES_SAMPLE_RATE')"
        ));
        assert!(!sample_rate_enables("tracesSampleRate: v2rate"));
    }

    #[test]
    fn patterns_compile_and_have_keywords() {
        for a in [
            &ERROR_TRACKER_INITIALISED,
            &SENTRY_TRACING_ENABLED,
            &STRUCTURED_LOGGING_USED,
            &HEALTH_CHECK_PRESENT,
            &WEB_VITALS_REPORTED,
        ] {
            for p in (a.patterns)() {
                crate::signals::compile_regex(&p.regex).unwrap_or_else(|e| panic!("{}: {e}", a.id));
            }
        }
        let set = crate::signals::PatternSet::new(
            [
                &ERROR_TRACKER_INITIALISED,
                &SENTRY_TRACING_ENABLED,
                &STRUCTURED_LOGGING_USED,
                &HEALTH_CHECK_PRESENT,
                &WEB_VITALS_REPORTED,
            ]
            .iter()
            .flat_map(|a| (a.patterns)())
            .collect(),
        )
        .unwrap();
        assert!(!set.is_empty());
    }

    #[test]
    fn plain_output_is_judged_by_language() {
        assert!(plain_output_counts("console.log(", "TypeScript"));
        assert!(!plain_output_counts("print(", "TypeScript"));
        assert!(plain_output_counts("print(", "Python"));
        assert!(plain_output_counts("fmt.Println(", "Go"));
        assert!(!plain_output_counts("puts ", "Python"));
    }

    #[test]
    fn bypass_needs_many_plain_calls() {
        assert!(!bypassed((806, 201)));
        assert!(!bypassed((0, 10)));
        assert!(bypassed((5, 40)));
    }

    #[test]
    fn health_route_files() {
        assert!(is_health_route_file("app/api/health/route.ts"));
        assert!(is_health_route_file("src/pages/api/healthz.ts"));
        assert!(!is_health_route_file("app/api/users/route.ts"));
        assert!(!is_health_route_file("src/health.ts"));
    }

    #[test]
    fn backing_images() {
        assert!(is_backing_image("postgres:16"));
        assert!(is_backing_image("docker.io/library/redis:7-alpine"));
        assert!(!is_backing_image("miniflux/miniflux:latest"));
    }
}
