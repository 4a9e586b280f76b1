//! What a command does: test, lint, typecheck, build, deploy, scans, … .
//!
//! [`classify`] reads one simple command (already resolved through scripts by
//! [`super::resolve::expand`]) and names the tool and the kinds of work it
//! does. It decides by the program and its subcommand, word by word, never by
//! substrings: `echo "run tests"`, `latest`, `contest` and
//! `node scripts/test-utils.js` are not tests. Wrappers (`npx`, `uv run`,
//! `bundle exec`, `FOO=1`, …) are stripped first; `make X` and `npm run X` are
//! left to resolution (only the script conventions `npm test` etc. count).

use serde::Serialize;

use super::resolve::{program, split_commands, strip_wrappers, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    Test,
    Lint,
    Typecheck,
    Format,
    Build,
    Deploy,
    Coverage,
    DependencyAudit,
    Sast,
    SecretScan,
    ImageScan,
    Migrate,
    E2e,
    Load,
    Publish,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CommandMatch {
    pub kind: CommandKind,
    pub tool: &'static str,
}

use CommandKind::*;

/// Classifies one simple command. Several matches are possible
/// (`vitest run --coverage` is Test and Coverage; `playwright test` is E2e and Test).
/// Text with several commands is split and each is classified.
pub fn classify(cmd: &str) -> Vec<CommandMatch> {
    let mut out: Vec<CommandMatch> = Vec::new();
    for simple in split_commands(cmd) {
        let w = words(&simple);
        classify_words(strip_wrappers(&w), &mut out, 0);
    }
    let mut seen = Vec::new();
    out.retain(|m| {
        if seen.contains(m) {
            false
        } else {
            seen.push(*m);
            true
        }
    });
    out
}

fn is_python(p: &str) -> bool {
    p == "python"
        || p == "py"
        || p.starts_with("python3")
        || p.starts_with("pypy")
        || p == "python2"
}

fn classify_words(w: &[String], out: &mut Vec<CommandMatch>, depth: usize) {
    if depth > 4 {
        return;
    }
    let Some(first) = w.first() else { return };
    // Composer's `@php`/`@composer` and Make's `@cmd` spell the program with an `@`.
    let lower = program(first.trim_start_matches('@')).to_ascii_lowercase();
    let p = lower
        .strip_suffix(".sh")
        .or_else(|| lower.strip_suffix(".py"))
        .unwrap_or(&lower);
    let args: &[String] = w.get(1..).unwrap_or(&[]);
    // Positional words (flags and their inline values excluded).
    let pos: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let sub = pos.first().copied().unwrap_or("");
    let sub2 = pos.get(1).copied().unwrap_or("");
    let has = |flag: &str| {
        args.iter().any(|a| {
            a == flag
                || a.strip_prefix(flag)
                    .is_some_and(|r| r.starts_with('=') || r.starts_with('.'))
        })
    };
    let has_prefix = |prefix: &str| args.iter().any(|a| a.starts_with(prefix));
    macro_rules! add {
        ($kind:expr, $tool:expr $(,)?) => {
            out.push(CommandMatch {
                kind: $kind,
                tool: $tool,
            })
        };
    }
    let js_cov = has_prefix("--coverage") || has("--cov");
    // Classify the words from `i` on as their own command (`yarn jest`, `nyc mocha`).
    let rest_from = |i: usize| -> &[String] { w.get(i..).unwrap_or(&[]) };

    match p {
        // ----------------------------------------------------- package managers
        "npm" => match sub {
            "test" | "t" | "tst" => add!(Test, "npm test"),
            "audit" => add!(DependencyAudit, "npm audit"),
            "publish" => add!(Publish, "npm publish"),
            _ => {}
        },
        "yarn" | "pnpm" | "bun" => {
            let tool: &'static str = match p {
                "yarn" => "yarn",
                "pnpm" => "pnpm",
                _ => "bun",
            };
            match (sub, sub2) {
                ("test" | "t", _) => {
                    add!(
                        Test,
                        match tool {
                            "yarn" => "yarn test",
                            "pnpm" => "pnpm test",
                            _ => "bun test",
                        },
                    );
                    if tool == "bun" && js_cov {
                        add!(Coverage, "bun test");
                    }
                }
                ("audit", _) | ("npm", "audit") => add!(
                    DependencyAudit,
                    match tool {
                        "yarn" => "yarn audit",
                        "pnpm" => "pnpm audit",
                        _ => "bun audit",
                    },
                ),
                ("publish", _) | ("npm", "publish") => add!(
                    Publish,
                    match tool {
                        "yarn" => "yarn publish",
                        "pnpm" => "pnpm publish",
                        _ => "bun publish",
                    },
                ),
                ("build", _) if tool == "bun" => add!(Build, "bun build"),
                (
                    "run" | "install" | "i" | "add" | "remove" | "ci" | "dlx" | "exec" | "x"
                    | "workspace" | "workspaces" | "why" | "create" | "init" | "link" | "outdated"
                    | "update" | "up",
                    _,
                )
                | ("", _) => {}
                // `yarn jest`, `pnpm vitest run`: a binary (or a script, which resolution follows).
                (s, _) if !sub.is_empty() && args.first().map(String::as_str) == Some(s) => {
                    classify_words(rest_from(1), out, depth + 1);
                }
                _ => {}
            }
        }
        "deno" => match sub {
            "test" => {
                add!(Test, "deno test");
                if js_cov {
                    add!(Coverage, "deno test");
                }
            }
            "lint" => add!(Lint, "deno lint"),
            "fmt" => add!(Format, "deno fmt"),
            "check" => add!(Typecheck, "deno check"),
            "compile" => add!(Build, "deno compile"),
            "coverage" => add!(Coverage, "deno coverage"),
            _ => {}
        },
        // ------------------------------------------------------- JS test runners
        "vitest" => {
            add!(Test, "vitest");
            if js_cov {
                add!(Coverage, "vitest");
            }
        }
        "jest" | "mocha" | "ava" | "tap" | "jasmine" | "uvu" | "tape" | "lab" | "karma" | "ng"
        | "react-scripts" | "craco" | "vue-cli-service" | "tsx" | "node" => {
            let tool: &'static str = match p {
                "jest" => "jest",
                "mocha" => "mocha",
                "ava" => "ava",
                "tap" => "tap",
                "jasmine" => "jasmine",
                "uvu" => "uvu",
                "tape" => "tape",
                "lab" => "lab",
                "karma" => "karma",
                "ng" => "ng",
                "react-scripts" => "react-scripts",
                "craco" => "craco",
                "vue-cli-service" => "vue-cli-service",
                "tsx" => "tsx",
                _ => "node --test",
            };
            match p {
                "node" | "tsx" => {
                    if args.iter().any(|a| a == "--test") {
                        add!(
                            Test,
                            if p == "node" {
                                "node --test"
                            } else {
                                "tsx --test"
                            }
                        );
                        if has_prefix("--experimental-test-coverage") {
                            add!(Coverage, "node --test");
                        }
                    }
                }
                "karma" => {
                    if sub == "start" || sub == "run" || sub.is_empty() {
                        add!(Test, tool);
                    }
                }
                "ng" => match sub {
                    "test" => add!(Test, "ng test"),
                    "e2e" => {
                        add!(E2e, "ng e2e");
                        add!(Test, "ng e2e");
                    }
                    "lint" => add!(Lint, "ng lint"),
                    "build" => add!(Build, "ng build"),
                    _ => {}
                },
                "react-scripts" | "craco" | "vue-cli-service" => match sub {
                    "test" | "test:unit" => add!(Test, tool),
                    "test:e2e" => {
                        add!(E2e, tool);
                        add!(Test, tool);
                    }
                    "build" => add!(Build, tool),
                    "lint" => add!(Lint, tool),
                    _ => {}
                },
                _ => add!(Test, tool),
            }
            if matches!(p, "jest" | "react-scripts" | "craco" | "ng" | "karma")
                && js_cov
                && out.iter().any(|m| m.kind == Test)
            {
                out.push(CommandMatch {
                    kind: Coverage,
                    tool,
                });
            }
        }
        "playwright" if sub == "test" => {
            add!(E2e, "playwright");
            add!(Test, "playwright");
        }
        "cypress" if sub == "run" => {
            add!(E2e, "cypress");
            add!(Test, "cypress");
        }
        "wdio" | "testcafe" | "codeceptjs" => {
            add!(E2e, "webdriver");
            add!(Test, "webdriver");
        }
        "detox" if sub == "test" => {
            add!(E2e, "detox");
            add!(Test, "detox");
        }
        "cucumber-js" | "cucumber" => add!(Test, "cucumber"),
        "nyc" | "c8" | "istanbul" => {
            let tool = if p == "nyc" {
                "nyc"
            } else if p == "c8" {
                "c8"
            } else {
                "istanbul"
            };
            add!(Coverage, tool);
            let i = 1 + args
                .iter()
                .position(|a| !a.starts_with('-') && a != "cover")
                .unwrap_or(args.len());
            classify_words(rest_from(i), out, depth + 1);
        }
        // ---------------------------------------------------------------- Python
        "pytest" | "py.test" => {
            add!(Test, "pytest");
            if has_prefix("--cov") {
                add!(Coverage, "pytest-cov");
            }
        }
        _ if is_python(p) => {
            if let Some(m) = args.iter().position(|a| a == "-m") {
                if let Some(module) = args.get(m + 1) {
                    let mut rest: Vec<String> = vec![module.replace('_', "-")];
                    rest.extend(args.iter().skip(m + 2).cloned());
                    if matches!(module.as_str(), "unittest" | "django") {
                        if module == "unittest" || rest.get(1).map(String::as_str) == Some("test") {
                            add!(
                                Test,
                                if module == "unittest" {
                                    "unittest"
                                } else {
                                    "django test"
                                }
                            );
                        }
                    } else if module != "pip" && module != "venv" && module != "http.server" {
                        classify_words(&rest, out, depth + 1);
                    }
                }
            } else if let Some(script) = pos.first() {
                let script_name = program(script);
                if script_name == "manage.py" {
                    match sub2 {
                        "test" => add!(Test, "django test"),
                        "migrate" => add!(Migrate, "django migrate"),
                        // Fails when models and migrations disagree: migrations linted.
                        "makemigrations" if has("--check") => {
                            add!(Migrate, "django makemigrations --check")
                        }
                        _ => {}
                    }
                }
            }
        }
        "manage" if first.ends_with("manage.py") => match sub {
            "test" => add!(Test, "django test"),
            "migrate" => add!(Migrate, "django migrate"),
            "makemigrations" if has("--check") => add!(Migrate, "django makemigrations --check"),
            _ => {}
        },
        // Flask-Migrate (Alembic underneath).
        "flask" if sub == "db" && sub2 == "upgrade" => add!(Migrate, "flask db upgrade"),
        "tox" => add!(Test, "tox"),
        "nox" => add!(Test, "nox"),
        "green" | "nose2" | "ward" => add!(Test, "pytest"),
        "hatch" => match sub {
            "test" => {
                add!(Test, "hatch test");
                if has("--cover") || has("-c") {
                    add!(Coverage, "hatch test");
                }
            }
            "build" => add!(Build, "hatch build"),
            "publish" => add!(Publish, "hatch publish"),
            "fmt" => {
                add!(Format, "hatch fmt");
                add!(Lint, "hatch fmt");
            }
            _ => {}
        },
        "coverage" => {
            add!(Coverage, "coverage.py");
            if sub == "run" {
                if let Some(m) = args.iter().position(|a| a == "-m") {
                    let mut rest: Vec<String> = args.iter().skip(m + 1).cloned().collect();
                    if let Some(first) = rest.first_mut() {
                        *first = first.replace('_', "-");
                    }
                    if rest.first().map(String::as_str) == Some("unittest") {
                        add!(Test, "unittest");
                    } else {
                        classify_words(&rest, out, depth + 1);
                    }
                } else if pos.get(1).is_some_and(|s| program(s) == "manage.py")
                    && pos.get(2) == Some(&"test")
                {
                    add!(Test, "django test");
                }
            }
        }
        "ruff" => match sub {
            "format" => add!(Format, "ruff"),
            "version" | "help" | "server" | "clean" | "rule" | "config" | "analyze" => {}
            _ if args.iter().any(|a| a == "--version" || a == "--help") => {}
            _ => add!(Lint, "ruff"),
        },
        "flake8" => add!(Lint, "flake8"),
        "pylint" => add!(Lint, "pylint"),
        "pycodestyle" | "pydocstyle" => add!(Lint, "pycodestyle"),
        "black" => add!(Format, "black"),
        "isort" => add!(Format, "isort"),
        "autopep8" | "yapf" => add!(Format, "autopep8"),
        "mypy" | "dmypy" => add!(Typecheck, "mypy"),
        "pyright" => add!(Typecheck, "pyright"),
        "basedpyright" => add!(Typecheck, "basedpyright"),
        "pytype" => add!(Typecheck, "pytype"),
        "ty" if sub == "check" => add!(Typecheck, "ty"),
        "pip-audit" => add!(DependencyAudit, "pip-audit"),
        "safety" if matches!(sub, "check" | "scan") => add!(DependencyAudit, "safety"),
        "bandit" => add!(Sast, "bandit"),
        "twine" if sub == "upload" => add!(Publish, "twine"),
        "poetry" => match sub {
            "build" => add!(Build, "poetry build"),
            "publish" => add!(Publish, "poetry publish"),
            _ => {}
        },
        "uv" => match sub {
            "build" => add!(Build, "uv build"),
            "publish" => add!(Publish, "uv publish"),
            _ => {}
        },
        "flit" if sub == "publish" => add!(Publish, "flit publish"),
        "build" if depth > 0 => add!(Build, "python -m build"),
        "alembic" if sub == "upgrade" => add!(Migrate, "alembic"),
        "locust" => add!(Load, "locust"),
        // -------------------------------------------------------------------- Go
        "go" => match sub {
            "test" => {
                add!(Test, "go test");
                if has_prefix("-cover") || has_prefix("--cover") {
                    add!(Coverage, "go test -cover");
                }
            }
            "vet" => add!(Lint, "go vet"),
            "build" | "install" => add!(Build, "go build"),
            "fmt" => add!(Format, "go fmt"),
            "tool" if sub2 == "cover" => add!(Coverage, "go tool cover"),
            _ => {}
        },
        "gotestsum" => {
            add!(Test, "gotestsum");
            if has_prefix("-cover") || has_prefix("--cover") {
                add!(Coverage, "go test -cover");
            }
        }
        "ginkgo" => add!(Test, "ginkgo"),
        "golangci-lint" if (sub == "run" || sub.is_empty()) => {
            add!(Lint, "golangci-lint");
        }
        "staticcheck" => add!(Lint, "staticcheck"),
        "revive" => add!(Lint, "revive"),
        "gofmt" | "goimports" | "gofumpt" => add!(Format, "gofmt"),
        "govulncheck" => add!(DependencyAudit, "govulncheck"),
        "gosec" => add!(Sast, "gosec"),
        "goreleaser" => {
            if !matches!(sub, "check" | "init" | "healthcheck") && !has("--snapshot") {
                add!(Publish, "goreleaser");
            } else {
                add!(Build, "goreleaser");
            }
        }
        "goose"
            if pos
                .iter()
                .any(|a| matches!(*a, "up" | "up-by-one" | "up-to")) =>
        {
            add!(Migrate, "goose");
        }
        "migrate"
            if (has("-path") || has("-source") || has("-database"))
                && pos.iter().any(|a| *a == "up" || *a == "goto") =>
        {
            add!(Migrate, "golang-migrate");
        }
        "atlas" if sub == "migrate" || sub == "schema" && sub2 == "apply" => add!(Migrate, "atlas"),
        "dbmate" if matches!(sub, "up" | "migrate") => add!(Migrate, "dbmate"),
        // ------------------------------------------------------------------ Rust
        "cargo" => {
            let pos: Vec<&str> = pos
                .iter()
                .copied()
                .filter(|a| !a.starts_with('+'))
                .collect();
            let sub = pos.first().copied().unwrap_or("");
            match sub {
                "test" => add!(Test, "cargo test"),
                "nextest" if pos.get(1) == Some(&"run") => add!(Test, "cargo nextest"),
                "clippy" => add!(Lint, "cargo clippy"),
                "check" => add!(Typecheck, "cargo check"),
                "build" => add!(Build, "cargo build"),
                "fmt" => add!(Format, "cargo fmt"),
                "llvm-cov" => {
                    add!(Coverage, "cargo llvm-cov");
                    add!(Test, "cargo llvm-cov");
                }
                "tarpaulin" => {
                    add!(Coverage, "cargo tarpaulin");
                    add!(Test, "cargo tarpaulin");
                }
                "audit" => add!(DependencyAudit, "cargo audit"),
                "deny" => add!(DependencyAudit, "cargo deny"),
                "publish" => add!(Publish, "cargo publish"),
                _ => {}
            }
        }
        "rustfmt" => add!(Format, "rustfmt"),
        "sqlx" if sub == "migrate" => add!(Migrate, "sqlx"),
        "diesel" if sub == "migration" || sub == "database" => add!(Migrate, "diesel"),
        // ------------------------------------------------------------------- JVM
        "mvn" | "mvnw" => {
            let skip = args.iter().any(|a| {
                a == "-DskipTests"
                    || a.starts_with("-DskipTests=true")
                    || a.starts_with("-Dmaven.test.skip")
            });
            let phases = [
                "test",
                "verify",
                "install",
                "package",
                "integration-test",
                "deploy",
            ];
            if !skip && pos.iter().any(|a| phases.contains(a)) {
                add!(Test, "maven");
            }
            if pos
                .iter()
                .any(|a| matches!(*a, "package" | "install" | "verify" | "deploy" | "compile"))
            {
                add!(Build, "maven");
            }
            if pos.contains(&"deploy") {
                add!(Publish, "maven");
            }
            for goal in &pos {
                if goal.contains("checkstyle") || goal.contains("spotbugs") || goal.contains("pmd:")
                {
                    add!(Lint, "maven");
                }
                if goal.contains("spotless:check") {
                    add!(Lint, "spotless");
                    add!(Format, "spotless");
                }
                if goal.contains("jacoco") {
                    add!(Coverage, "jacoco");
                }
                if goal.contains("dependency-check") {
                    add!(DependencyAudit, "dependency-check");
                }
                if goal.starts_with("sonar") || goal.contains(":sonar") {
                    add!(Sast, "sonar");
                }
                if goal.starts_with("flyway:migrate") {
                    add!(Migrate, "flyway");
                }
                if goal.starts_with("liquibase:update") {
                    add!(Migrate, "liquibase");
                }
            }
        }
        "gradle" | "gradlew" => {
            let excluded: Vec<&str> = args
                .windows(2)
                .filter(|p| {
                    p.first()
                        .is_some_and(|f| f == "-x" || f == "--exclude-task")
                })
                .filter_map(|p| p.get(1).map(String::as_str))
                .collect();
            for task in &pos {
                if excluded.contains(task) {
                    continue;
                }
                let t = task.rsplit(':').next().unwrap_or(task);
                let excluded_test = excluded
                    .iter()
                    .any(|x| x.rsplit(':').next() == Some("test"));
                match t {
                    "test" | "check" | "build" if !excluded_test || t == "test" => {
                        add!(Test, "gradle")
                    }
                    _ if t.ends_with("Test")
                        && !t.starts_with("compile")
                        && !t.starts_with("process") =>
                    {
                        add!(Test, "gradle")
                    }
                    _ => {}
                }
                match t {
                    "build" | "assemble" | "bootJar" | "jar" | "shadowJar" | "bundleRelease"
                    | "assembleRelease" => {
                        add!(Build, "gradle")
                    }
                    "ktlintCheck" | "lint" | "lintDebug" | "lintRelease" | "detekt"
                    | "spotlessCheck" | "checkstyleMain" | "checkstyleTest" | "pmdMain"
                    | "spotbugsMain" => add!(Lint, "gradle"),
                    "jacocoTestReport"
                    | "jacocoTestCoverageVerification"
                    | "koverXmlReport"
                    | "koverVerify"
                    | "koverHtmlReport" => add!(Coverage, "gradle"),
                    "dependencyCheckAnalyze" => add!(DependencyAudit, "dependency-check"),
                    "sonar" | "sonarqube" => add!(Sast, "sonar"),
                    "flywayMigrate" => add!(Migrate, "flyway"),
                    "update" if task.contains("liquibase") => add!(Migrate, "liquibase"),
                    _ if t.starts_with("publish") => add!(Publish, "gradle"),
                    _ => {}
                }
            }
        }
        "ktlint" => add!(Lint, "ktlint"),
        "detekt" | "detekt-cli" => add!(Lint, "detekt"),
        "checkstyle" => add!(Lint, "checkstyle"),
        "spotless" => add!(Lint, "spotless"),
        "sbt" if pos.iter().any(|a| a.ends_with("test")) => {
            add!(Test, "sbt");
        }
        "lein" if sub == "test" => add!(Test, "lein"),
        "gatling" => add!(Load, "gatling"),
        "jmeter" => add!(Load, "jmeter"),
        "flyway" if (sub == "migrate" || sub.is_empty()) => {
            add!(Migrate, "flyway");
        }
        "liquibase" if pos.iter().any(|a| a.starts_with("update")) => {
            add!(Migrate, "liquibase");
        }
        // ------------------------------------------------------------------ Ruby
        "rspec" => add!(Test, "rspec"),
        "rails" | "rake" => {
            let tool: &'static str = if p == "rails" { "rails" } else { "rake" };
            for a in &pos {
                match *a {
                    "test" | "spec" | "test:all" => add!(Test, tool),
                    "test:system" => {
                        add!(Test, tool);
                        add!(E2e, tool);
                    }
                    "db:migrate" | "db:prepare" => add!(Migrate, tool),
                    "assets:precompile" => add!(Build, tool),
                    _ => {}
                }
            }
        }
        "rubocop" => add!(Lint, "rubocop"),
        "standardrb" => add!(Lint, "standardrb"),
        "brakeman" => add!(Sast, "brakeman"),
        "bundle" | "bundler" if sub == "audit" => add!(DependencyAudit, "bundler-audit"),
        "bundler-audit" | "bundle-audit" => add!(DependencyAudit, "bundler-audit"),
        "gem" if sub == "push" => add!(Publish, "gem push"),
        "srb" if sub == "tc" => add!(Typecheck, "sorbet"),
        "steep" if sub == "check" => add!(Typecheck, "steep"),
        "pm2" if sub == "deploy" => add!(Deploy, "pm2"),
        "dokku" if pos.contains(&"deploy") || sub.starts_with("git:") => add!(Deploy, "dokku"),
        "cap" | "kamal" if pos.contains(&"deploy") => {
            add!(Deploy, if p == "cap" { "capistrano" } else { "kamal" });
        }
        // ------------------------------------------------------------------- PHP
        "phpunit" | "pest" | "paratest" => {
            let tool: &'static str = match p {
                "phpunit" => "phpunit",
                "pest" => "pest",
                _ => "paratest",
            };
            add!(Test, tool);
            if has_prefix("--coverage") {
                add!(Coverage, tool);
            }
        }
        "php" | "artisan" => {
            let (rest, artisan): (&[String], bool) = if p == "artisan" {
                (args, true)
            } else {
                let i = args
                    .iter()
                    .position(|a| !a.starts_with('-') && !a.contains('='))
                    .unwrap_or(args.len());
                match args.get(i) {
                    Some(a) if program(a) == "artisan" => (args.get(i + 1..).unwrap_or(&[]), true),
                    Some(_) => {
                        classify_words(args.get(i..).unwrap_or(&[]), out, depth + 1);
                        (&[], false)
                    }
                    None => (&[], false),
                }
            };
            if artisan {
                match rest
                    .iter()
                    .find(|a| !a.starts_with('-'))
                    .map(String::as_str)
                    .unwrap_or("")
                {
                    "test" => {
                        add!(Test, "artisan test");
                        if rest.iter().any(|a| a.starts_with("--coverage")) {
                            add!(Coverage, "artisan test");
                        }
                    }
                    "dusk" => {
                        add!(Test, "dusk");
                        add!(E2e, "dusk");
                    }
                    s if s == "migrate" || s == "migrate:fresh" => add!(Migrate, "artisan migrate"),
                    _ => {}
                }
            }
        }
        "phpcs" => add!(Lint, "phpcs"),
        "pint" => {
            add!(Lint, "pint");
            add!(Format, "pint");
        }
        "php-cs-fixer" => {
            add!(Lint, "php-cs-fixer");
            add!(Format, "php-cs-fixer");
        }
        "phpstan" => add!(Typecheck, "phpstan"),
        "psalm" => add!(Typecheck, "psalm"),
        "codecept" if sub == "run" => add!(Test, "codeception"),
        "composer" => match sub {
            "audit" => add!(DependencyAudit, "composer audit"),
            "test" => {}
            _ => {}
        },
        // ----------------------------------------------------- other ecosystems
        "mix" => match sub {
            "test" => {
                add!(Test, "mix test");
                if has("--cover") {
                    add!(Coverage, "mix test");
                }
            }
            "format" => add!(Format, "mix format"),
            "credo" => add!(Lint, "credo"),
            "dialyzer" => add!(Typecheck, "dialyzer"),
            "ecto.migrate" => add!(Migrate, "ecto"),
            "hex.publish" => add!(Publish, "hex"),
            _ => {}
        },
        "dotnet" => match sub {
            "test" => {
                add!(Test, "dotnet test");
                if args
                    .iter()
                    .any(|a| a.to_ascii_lowercase().contains("coverage"))
                {
                    add!(Coverage, "dotnet test");
                }
            }
            "build" | "publish" => add!(Build, "dotnet build"),
            "format" => add!(Format, "dotnet format"),
            "ef" if pos.contains(&"database") && pos.contains(&"update") => {
                add!(Migrate, "ef core")
            }
            "nuget" if sub2 == "push" => add!(Publish, "nuget"),
            _ => {}
        },
        "ctest" => add!(Test, "ctest"),
        "swift" => match sub {
            "test" => add!(Test, "swift test"),
            "build" => add!(Build, "swift build"),
            _ => {}
        },
        "swiftlint" => add!(Lint, "swiftlint"),
        "flutter" | "dart" => {
            let tool: &'static str = if p == "flutter" { "flutter" } else { "dart" };
            match sub {
                "test" => {
                    add!(Test, tool);
                    if js_cov {
                        add!(Coverage, tool);
                    }
                }
                "analyze" => add!(Lint, tool),
                "format" => add!(Format, tool),
                "build" | "compile" => add!(Build, tool),
                "pub" if sub2 == "publish" => add!(Publish, tool),
                _ => {}
            }
        }
        "xcodebuild" => {
            if pos.contains(&"test") {
                add!(Test, "xcodebuild");
            } else if pos.contains(&"build") || pos.contains(&"archive") {
                add!(Build, "xcodebuild");
            }
        }
        "bazel" | "bazelisk" => match sub {
            "test" => add!(Test, "bazel"),
            "build" => add!(Build, "bazel"),
            "coverage" => {
                add!(Test, "bazel");
                add!(Coverage, "bazel");
            }
            _ => {}
        },
        "meson" if sub == "test" => add!(Test, "meson"),
        "zig" if sub == "build" && sub2 == "test" => add!(Test, "zig"),
        "stack" | "cabal" if sub == "test" => add!(Test, "haskell"),
        "bats" => add!(Test, "bats"),
        "busted" => add!(Test, "busted"),
        "elm-test" => add!(Test, "elm-test"),
        "rebar3" if matches!(sub, "eunit" | "ct") => add!(Test, "rebar3"),
        // ------------------------------------------------- lint / format / types
        "eslint" => add!(Lint, "eslint"),
        "oxlint" => add!(Lint, "oxlint"),
        "xo" => add!(Lint, "xo"),
        "standard" => add!(Lint, "standard"),
        "biome" | "rome" => match sub {
            "lint" => add!(Lint, "biome"),
            "check" | "ci" => {
                add!(Lint, "biome");
                add!(Format, "biome");
            }
            "format" => add!(Format, "biome"),
            _ => {}
        },
        "next" => match sub {
            "lint" => add!(Lint, "next lint"),
            "build" => add!(Build, "next build"),
            _ => {}
        },
        "stylelint" => add!(Lint, "stylelint"),
        "hadolint" => add!(Lint, "hadolint"),
        "actionlint" => add!(Lint, "actionlint"),
        "shellcheck" => add!(Lint, "shellcheck"),
        "markdownlint" | "markdownlint-cli2" => add!(Lint, "markdownlint"),
        "yamllint" => add!(Lint, "yamllint"),
        "tflint" => add!(Lint, "tflint"),
        "prettier" => add!(Format, "prettier"),
        "dprint" => add!(Format, "dprint"),
        "shfmt" => add!(Format, "shfmt"),
        "clang-format" => add!(Format, "clang-format"),
        "tsc" | "tsgo" => add!(Typecheck, "tsc"),
        "vue-tsc" => add!(Typecheck, "vue-tsc"),
        "svelte-check" => add!(Typecheck, "svelte-check"),
        "astro" => match sub {
            "check" => add!(Typecheck, "astro check"),
            "build" => add!(Build, "astro build"),
            _ => {}
        },
        "nuxi" | "nuxt" => match sub {
            "typecheck" => add!(Typecheck, "nuxi typecheck"),
            "build" | "generate" => add!(Build, "nuxt build"),
            _ => {}
        },
        "flow" if sub.is_empty() || sub == "check" => add!(Typecheck, "flow"),
        // ------------------------------------------------------------------ build
        "vite" | "remix" | "svelte-kit" | "parcel" | "gatsby" | "expo"
            if (sub == "build" || (p == "expo" && sub == "export")) =>
        {
            add!(Build, "bundler");
        }
        "webpack" | "rollup" | "esbuild" | "tsup" | "rspack" | "rsbuild" | "unbuild" | "ncc"
            if sub != "serve" && sub != "dev" && !has("--watch") && !has("-w") =>
        {
            add!(Build, "bundler");
        }
        "docker" | "podman" => {
            let sub_eff = if matches!(sub, "buildx" | "image" | "compose") {
                sub2
            } else {
                sub
            };
            match sub_eff {
                "build" | "bake" => add!(Build, "docker build"),
                "push" => add!(Publish, "docker push"),
                _ => {}
            }
            if sub == "scout" {
                add!(ImageScan, "docker scout");
            }
        }
        // ------------------------------------------------------------------ deploy
        "vercel" => match sub {
            "deploy" | "" if (sub == "deploy" || has("--prod") || pos.is_empty()) => {
                add!(Deploy, "vercel");
            }
            "build" => add!(Build, "vercel build"),
            _ => {}
        },
        "netlify" => match sub {
            "deploy" => add!(Deploy, "netlify"),
            "build" => add!(Build, "netlify build"),
            _ => {}
        },
        "wrangler" => match (sub, sub2) {
            ("deploy" | "publish", _)
            | ("pages", "deploy" | "publish")
            | ("versions", "deploy") => {
                add!(Deploy, "wrangler")
            }
            ("d1", "migrations") if pos.contains(&"apply") => add!(Migrate, "wrangler d1"),
            _ => {}
        },
        "flyctl" | "fly" if sub == "deploy" => add!(Deploy, "flyctl"),
        "kubectl" | "oc"
            if matches!(sub, "apply" | "rollout" | "replace")
                || (sub == "set" && sub2 == "image") =>
        {
            add!(Deploy, "kubectl")
        }
        "helm" if matches!(sub, "upgrade" | "install") => add!(Deploy, "helm"),
        "helmfile" if matches!(sub, "apply" | "sync" | "deploy") => add!(Deploy, "helmfile"),
        "terraform" | "tofu" | "terragrunt"
            if sub == "apply" || (sub == "run-all" && sub2 == "apply") =>
        {
            add!(Deploy, "terraform")
        }
        "pulumi" if sub == "up" => add!(Deploy, "pulumi"),
        "cdk" | "cdktf" if sub == "deploy" => add!(Deploy, "cdk"),
        "serverless" | "sls" if sub == "deploy" => add!(Deploy, "serverless"),
        "sam" if sub == "deploy" => add!(Deploy, "aws sam"),
        "gcloud" => {
            let deploy = pos.windows(2).any(|p| {
                matches!(p, [a, "deploy"] if matches!(*a, "run" | "app" | "functions" | "services" | "jobs"))
            }) || (sub == "run" && sub2 == "services" && pos.contains(&"update"));
            if deploy {
                add!(Deploy, "gcloud");
            }
        }
        "aws" => {
            if matches!(
                (sub, sub2),
                ("ecs", "update-service")
                    | ("s3", "sync")
                    | ("lambda", "update-function-code")
                    | ("cloudformation", "deploy")
                    | ("deploy", "create-deployment")
                    | ("elasticbeanstalk", "update-environment")
                    | ("apprunner", "start-deployment")
                    | ("amplify", "start-job")
            ) {
                add!(Deploy, "aws cli");
            }
        }
        "eb" if sub == "deploy" => add!(Deploy, "elastic beanstalk"),
        "az" if (matches!(
            (sub, sub2),
            ("webapp", "deploy" | "up") | ("containerapp", "update" | "up")
        ) || (sub == "functionapp" && sub2 == "deployment")
            || (sub == "webapp" && sub2 == "deployment")) =>
        {
            add!(Deploy, "az cli");
        }
        "supabase" => match (sub, sub2) {
            ("db", "push") => {
                add!(Deploy, "supabase");
                add!(Migrate, "supabase");
            }
            ("db", "reset") | ("migration", "up") => add!(Migrate, "supabase"),
            ("functions", "deploy") => add!(Deploy, "supabase"),
            _ => {}
        },
        "firebase" if sub == "deploy" => add!(Deploy, "firebase"),
        "railway" if sub == "up" || sub == "deploy" => add!(Deploy, "railway"),
        "heroku" => match sub {
            "container:release" => add!(Deploy, "heroku"),
            "container:push" => add!(Publish, "heroku"),
            _ => {}
        },
        "git"
            if sub == "push"
                && pos
                    .iter()
                    .any(|a| *a == "heroku" || a.contains("heroku.com") || *a == "dokku") =>
        {
            add!(Deploy, "git push heroku")
        }
        "fastapi" if sub == "deploy" => add!(Deploy, "fastapi cloud"),
        "eas" if matches!(sub, "submit" | "build" | "update") => add!(Deploy, "eas"),
        "skaffold" if matches!(sub, "run" | "deploy") => add!(Deploy, "skaffold"),
        "argocd" if sub == "app" && sub2 == "sync" => add!(Deploy, "argocd"),
        "copilot" if pos.contains(&"deploy") => add!(Deploy, "aws copilot"),
        "doctl" if pos.contains(&"create-deployment") => add!(Deploy, "doctl"),
        "zappa" if matches!(sub, "deploy" | "update") => add!(Deploy, "zappa"),
        "deployctl" if sub == "deploy" => add!(Deploy, "deno deploy"),
        "render" if sub == "deploys" && sub2 == "create" => add!(Deploy, "render"),
        // ---------------------------------------------------------- security
        "audit-ci" | "better-npm-audit" | "retire" | "nancy" => add!(DependencyAudit, "npm audit"),
        "osv-scanner" => add!(DependencyAudit, "osv-scanner"),
        "dependency-check" => add!(DependencyAudit, "dependency-check"),
        "snyk" => match (sub, sub2) {
            ("test" | "monitor", _) => add!(DependencyAudit, "snyk"),
            ("container", _) => add!(ImageScan, "snyk container"),
            ("code", _) => add!(Sast, "snyk code"),
            _ => {}
        },
        "trivy" => match sub {
            "fs" | "filesystem" | "repo" | "repository" | "rootfs" | "sbom" => {
                add!(DependencyAudit, "trivy");
                if args.iter().any(|a| a.contains("secret")) {
                    add!(SecretScan, "trivy");
                }
            }
            "image" | "i" => add!(ImageScan, "trivy"),
            _ => {}
        },
        "grype" => {
            if let Some(target) = pos.first() {
                if ["dir:", "sbom:", "file:", "purl:"]
                    .iter()
                    .any(|p| target.starts_with(p))
                    || *target == "."
                {
                    add!(DependencyAudit, "grype");
                } else if *target != "db" && *target != "version" {
                    add!(ImageScan, "grype");
                }
            }
        }
        "dockle" => add!(ImageScan, "dockle"),
        "semgrep" | "opengrep"
            if !matches!(
                sub,
                "login" | "logout" | "install-semgrep-pro" | "lsp" | "publish"
            ) =>
        {
            add!(Sast, "semgrep");
        }
        "codeql" => add!(Sast, "codeql"),
        "sonar-scanner" | "sonar" => add!(Sast, "sonar"),
        "njsscan" | "horusec" => add!(Sast, "sast"),
        "checkov" | "tfsec" | "kics" => add!(Sast, "iac scan"),
        "gitleaks" => add!(SecretScan, "gitleaks"),
        "trufflehog" => add!(SecretScan, "trufflehog"),
        "detect-secrets" | "detect-secrets-hook" => add!(SecretScan, "detect-secrets"),
        "ggshield" => add!(SecretScan, "ggshield"),
        "secretlint" => add!(SecretScan, "secretlint"),
        "git-secrets" | "talisman" | "noseyparker" => add!(SecretScan, "secret scan"),
        // --------------------------------------------------------- migrations
        "prisma" => match (sub, sub2) {
            ("migrate", "deploy" | "dev" | "reset" | "resolve") | ("db", "push") => {
                add!(Migrate, "prisma")
            }
            ("migrate", _) => add!(Migrate, "prisma"),
            ("generate", _) => {}
            _ => {}
        },
        "knex" if sub.starts_with("migrate:") && sub != "migrate:make" => add!(Migrate, "knex"),
        "drizzle-kit" if matches!(sub, "migrate" | "push") || sub.starts_with("push:") => {
            add!(Migrate, "drizzle-kit")
        }
        "typeorm" | "typeorm-ts-node-commonjs" | "typeorm-ts-node-esm"
            if sub == "migration:run" =>
        {
            add!(Migrate, "typeorm")
        }
        "sequelize" | "sequelize-cli" if sub == "db:migrate" => add!(Migrate, "sequelize"),
        "mikro-orm" if sub.starts_with("migration:up") => add!(Migrate, "mikro-orm"),
        "node-pg-migrate" | "migrate-mongo" if sub == "up" => add!(Migrate, "node migrations"),
        // ------------------------------------------------------------------ load
        "k6" if sub == "run" || sub == "cloud" => add!(Load, "k6"),
        "artillery" if matches!(sub, "run" | "quick" | "run-fargate") => add!(Load, "artillery"),
        "vegeta" if sub == "attack" => add!(Load, "vegeta"),
        "autocannon" => add!(Load, "autocannon"),
        "wrk" => add!(Load, "wrk"),
        // --------------------------------------------------------------- publish
        "gh" if sub == "release" && sub2 == "create" => add!(Publish, "gh release"),
        "changeset" | "changesets" if sub == "publish" => add!(Publish, "changesets"),
        "semantic-release" | "release-it" => add!(Publish, "semantic-release"),
        "lerna" if sub == "publish" => add!(Publish, "lerna publish"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(cmd: &str) -> Vec<(CommandKind, &'static str)> {
        let mut v: Vec<_> = classify(cmd)
            .into_iter()
            .map(|m| (m.kind, m.tool))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[CommandKind])] = &[
            // Tests across ecosystems.
            ("npm test", &[Test]),
            ("npm t", &[Test]),
            ("pnpm test", &[Test]),
            ("yarn test --ci", &[Test]),
            ("bun test", &[Test]),
            ("bun test --coverage", &[Test, Coverage]),
            ("vitest", &[Test]),
            ("vitest run", &[Test]),
            ("vitest --run --reporter=dot", &[Test]),
            ("npx vitest run --coverage", &[Test, Coverage]),
            ("vitest run --coverage.enabled", &[Test, Coverage]),
            ("jest --ci --coverage", &[Test, Coverage]),
            ("./node_modules/.bin/jest", &[Test]),
            ("cross-env NODE_ENV=test mocha 'test/**/*.js'", &[Test]),
            ("ava", &[Test]),
            ("tap test/*.js", &[Test]),
            ("node --test", &[Test]),
            (
                "node --test --experimental-test-coverage",
                &[Test, Coverage],
            ),
            ("playwright test", &[Test, E2e]),
            ("pnpm exec playwright test --project=chromium", &[Test, E2e]),
            ("cypress run --browser chrome", &[Test, E2e]),
            ("pytest", &[Test]),
            ("pytest --cov=app --cov-report=xml", &[Test, Coverage]),
            ("python -m pytest -q", &[Test]),
            ("python3 -m pytest --cov", &[Test, Coverage]),
            ("py.test tests", &[Test]),
            ("python -m unittest discover", &[Test]),
            ("python manage.py test", &[Test]),
            ("uv run pytest", &[Test]),
            ("poetry run pytest", &[Test]),
            ("tox -e py312", &[Test]),
            ("nox -s tests", &[Test]),
            ("coverage run -m pytest", &[Test, Coverage]),
            ("go test ./...", &[Test]),
            (
                "go test -race -coverprofile=coverage.out ./...",
                &[Test, Coverage],
            ),
            ("gotestsum --format testname", &[Test]),
            ("cargo test --all-features", &[Test]),
            ("cargo +nightly test", &[Test]),
            ("cargo nextest run", &[Test]),
            ("cargo llvm-cov --lcov", &[Test, Coverage]),
            ("cargo tarpaulin", &[Test, Coverage]),
            ("mvn test", &[Test]),
            ("./mvnw -B verify", &[Test, Build]),
            ("mvn -B package -DskipTests", &[Build]),
            ("mvn install -Dmaven.test.skip=true", &[Build]),
            ("./gradlew test", &[Test]),
            ("./gradlew build", &[Test, Build]),
            ("gradle check", &[Test]),
            ("./gradlew build -x test", &[Build]),
            ("./gradlew :app:testDebugUnitTest", &[Test]),
            ("bundle exec rspec", &[Test]),
            ("bin/rails test", &[Test]),
            ("bundle exec rake spec", &[Test]),
            (
                "vendor/bin/phpunit --coverage-clover=c.xml",
                &[Test, Coverage],
            ),
            ("./vendor/bin/pest", &[Test]),
            ("php artisan test", &[Test]),
            ("mix test", &[Test]),
            ("dotnet test", &[Test]),
            ("deno test -A", &[Test]),
            ("ctest --output-on-failure", &[Test]),
            ("swift test", &[Test]),
            ("flutter test", &[Test]),
            ("yarn jest --watchAll=false", &[Test]),
            ("nyc mocha", &[Test, Coverage]),
            ("c8 node --test", &[Test, Coverage]),
            ("@php artisan test", &[Test]),
            ("@php vendor/bin/phpunit", &[Test]),
            ("@php artisan migrate --graceful --ansi", &[Migrate]),
            // Lint, typecheck, format.
            ("eslint . --max-warnings 0", &[Lint]),
            ("biome ci .", &[Lint, Format]),
            ("biome lint", &[Lint]),
            ("oxlint", &[Lint]),
            ("next lint", &[Lint]),
            ("ruff check .", &[Lint]),
            ("ruff format --check .", &[Format]),
            ("flake8", &[Lint]),
            ("pylint src", &[Lint]),
            ("golangci-lint run ./...", &[Lint]),
            ("go vet ./...", &[Lint]),
            ("staticcheck ./...", &[Lint]),
            ("cargo clippy -- -D warnings", &[Lint]),
            ("rubocop", &[Lint]),
            ("standardrb", &[Lint]),
            ("phpcs", &[Lint]),
            ("pint --test", &[Lint, Format]),
            ("stylelint '**/*.css'", &[Lint]),
            ("hadolint Dockerfile", &[Lint]),
            ("actionlint", &[Lint]),
            ("shellcheck scripts/*.sh", &[Lint]),
            ("ktlint", &[Lint]),
            ("tsc --noEmit", &[Typecheck]),
            ("tsc -p tsconfig.json", &[Typecheck]),
            ("vue-tsc --noEmit", &[Typecheck]),
            ("svelte-check", &[Typecheck]),
            ("mypy .", &[Typecheck]),
            ("pyright", &[Typecheck]),
            ("basedpyright", &[Typecheck]),
            ("vendor/bin/phpstan analyse", &[Typecheck]),
            ("psalm", &[Typecheck]),
            ("cargo check", &[Typecheck]),
            ("go build ./...", &[Build]),
            ("prettier --check .", &[Format]),
            ("cargo fmt --check", &[Format]),
            // Deploy and publish.
            ("vercel deploy --prod", &[Deploy]),
            ("vercel --prod --token=$T", &[Deploy]),
            ("vercel build", &[Build]),
            ("netlify deploy --prod", &[Deploy]),
            ("wrangler deploy", &[Deploy]),
            ("npx wrangler pages deploy dist", &[Deploy]),
            ("flyctl deploy --remote-only", &[Deploy]),
            ("fly deploy", &[Deploy]),
            ("kubectl apply -f k8s/", &[Deploy]),
            ("kubectl rollout status deploy/web", &[Deploy]),
            ("helm upgrade --install web ./chart", &[Deploy]),
            ("terraform apply -auto-approve", &[Deploy]),
            ("terraform plan", &[]),
            ("pulumi up --yes", &[Deploy]),
            ("npx cdk deploy --all", &[Deploy]),
            ("serverless deploy --stage prod", &[Deploy]),
            ("sls deploy", &[Deploy]),
            ("gcloud run deploy web --image x", &[Deploy]),
            ("gcloud app deploy", &[Deploy]),
            ("aws ecs update-service --cluster c --service s", &[Deploy]),
            ("aws s3 sync dist s3://bucket", &[Deploy]),
            (
                "aws lambda update-function-code --function-name f",
                &[Deploy],
            ),
            ("az webapp deploy --name x", &[Deploy]),
            ("supabase db push", &[Deploy, Migrate]),
            ("supabase functions deploy hello", &[Deploy]),
            ("firebase deploy --only hosting", &[Deploy]),
            ("railway up", &[Deploy]),
            ("heroku container:release web", &[Deploy]),
            ("git push heroku main", &[Deploy]),
            ("docker push ghcr.io/x/y:latest", &[Publish]),
            ("docker build -t x .", &[Build]),
            ("docker buildx build --push .", &[Build]),
            ("fastapi deploy", &[Deploy]),
            ("eas submit -p ios", &[Deploy]),
            ("npm publish --access public", &[Publish]),
            ("cargo publish", &[Publish]),
            ("twine upload dist/*", &[Publish]),
            ("goreleaser release --clean", &[Publish]),
            ("gh release create v1.0.0", &[Publish]),
            // Security.
            ("npm audit --audit-level=high", &[DependencyAudit]),
            ("pnpm audit", &[DependencyAudit]),
            ("yarn npm audit", &[DependencyAudit]),
            ("cargo audit", &[DependencyAudit]),
            ("cargo deny check", &[DependencyAudit]),
            ("pip-audit -r requirements.txt", &[DependencyAudit]),
            ("safety check", &[DependencyAudit]),
            ("govulncheck ./...", &[DependencyAudit]),
            ("osv-scanner -r .", &[DependencyAudit]),
            ("snyk test", &[DependencyAudit]),
            ("trivy fs .", &[DependencyAudit]),
            (
                "trivy fs --scanners vuln,secret .",
                &[DependencyAudit, SecretScan],
            ),
            ("grype dir:.", &[DependencyAudit]),
            ("bundle audit check --update", &[DependencyAudit]),
            ("composer audit", &[DependencyAudit]),
            ("dependency-check.sh --scan .", &[DependencyAudit]),
            ("semgrep ci", &[Sast]),
            ("semgrep --config auto", &[Sast]),
            ("bandit -r app", &[Sast]),
            ("gosec ./...", &[Sast]),
            ("brakeman -q", &[Sast]),
            ("codeql database analyze db", &[Sast]),
            ("sonar-scanner", &[Sast]),
            ("gitleaks detect --source .", &[SecretScan]),
            ("trufflehog git file://.", &[SecretScan]),
            ("detect-secrets scan", &[SecretScan]),
            ("ggshield secret scan ci", &[SecretScan]),
            ("secretlint '**/*'", &[SecretScan]),
            ("trivy image web:latest", &[ImageScan]),
            ("grype web:latest", &[ImageScan]),
            ("docker scout cves web:latest", &[ImageScan]),
            ("snyk container test web:latest", &[ImageScan]),
            // Migrations.
            ("npx prisma migrate deploy", &[Migrate]),
            ("prisma generate", &[]),
            ("alembic upgrade head", &[Migrate]),
            ("python manage.py migrate --noinput", &[Migrate]),
            (
                "python manage.py makemigrations --check --dry-run",
                &[Migrate],
            ),
            ("./manage.py makemigrations --check", &[Migrate]),
            ("python manage.py makemigrations", &[]),
            ("flask db upgrade", &[Migrate]),
            ("flask db migrate -m x", &[]),
            ("flask run", &[]),
            ("bin/rails db:migrate", &[Migrate]),
            ("php artisan migrate --force", &[Migrate]),
            ("goose -dir db up", &[Migrate]),
            ("migrate -path db/migrations -database $DB up", &[Migrate]),
            ("sqlx migrate run", &[Migrate]),
            ("diesel migration run", &[Migrate]),
            ("knex migrate:latest", &[Migrate]),
            ("drizzle-kit migrate", &[Migrate]),
            ("drizzle-kit push", &[Migrate]),
            ("drizzle-kit generate", &[]),
            ("supabase db reset", &[Migrate]),
            ("flyway migrate", &[Migrate]),
            ("liquibase update", &[Migrate]),
            ("atlas migrate apply", &[Migrate]),
            // Load.
            ("k6 run load.js", &[Load]),
            ("artillery run scenario.yml", &[Load]),
            ("locust -f locustfile.py", &[Load]),
            ("autocannon http://localhost:3000", &[Load]),
            ("vegeta attack -rate=50", &[Load]),
            // Negatives.
            ("echo \"run tests\"", &[]),
            ("echo test", &[]),
            ("latest", &[]),
            ("contest", &[]),
            ("node scripts/test-utils.js", &[]),
            ("cat test/fixtures/data.json", &[]),
            ("test -f .env", &[]),
            ("[ -d test ]", &[]),
            ("npm run test", &[]),
            ("make test", &[]),
            ("npm ci", &[]),
            ("yarn install --frozen-lockfile", &[]),
            ("pnpm install", &[]),
            ("cypress open", &[]),
            ("playwright install --with-deps", &[]),
            ("go mod download", &[]),
            ("pip install -r requirements-test.txt", &[]),
            ("python -m pip install pytest", &[]),
            ("docker compose up -d", &[]),
            ("kubectl get pods", &[]),
            ("helm lint chart", &[]),
            ("vercel pull --yes", &[]),
            ("git push origin main", &[]),
            ("jest-preview", &[]),
            ("", &[]),
        ];
        for (cmd, want) in cases {
            let mut got: Vec<CommandKind> = classify(cmd).into_iter().map(|m| m.kind).collect();
            got.sort();
            got.dedup();
            let mut want = want.to_vec();
            want.sort();
            assert_eq!(got, want, "{cmd}");
        }
    }

    #[test]
    fn tools_are_named() {
        assert_eq!(kinds("npx vitest run"), vec![(Test, "vitest")]);
        assert_eq!(
            kinds("playwright test"),
            vec![(Test, "playwright"), (E2e, "playwright")]
        );
        assert_eq!(kinds("cargo clippy"), vec![(Lint, "cargo clippy")]);
    }

    #[test]
    fn several_commands_and_hostile_text() {
        assert_eq!(kinds("npm ci && npm test"), vec![(Test, "npm test")]);
        for text in [
            "\\",
            "'",
            "\"",
            "$(",
            "python -m",
            "php",
            "coverage run -m",
            "nyc",
            "yarn",
            "mvn -x",
            "./gradlew -x",
        ] {
            let _ = classify(text);
        }
    }
}
