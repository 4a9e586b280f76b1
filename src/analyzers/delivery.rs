//! Delivery analyzers (DEL): pipelines, deployments, environments, quality gates, releases.

use std::collections::BTreeMap;

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::facts::commands::CommandKind;
use crate::facts::{Pipeline, Platform};
use crate::inventory::FileClass;
use crate::stack::{HOUSEKEEPING_ACTIONS, is_composite_action};

const MAX: usize = 5;

/// Events that run a pipeline on code changes.
fn runs_on_changes(p: &Pipeline) -> bool {
    p.triggers.iter().any(|t| {
        matches!(
            t.as_str(),
            "push" | "pull_request" | "merge_request" | "merge_group" | "tag"
        )
    })
}

fn is_housekeeping_action(uses: &str) -> bool {
    let name = uses.split('@').next().unwrap_or(uses).to_ascii_lowercase();
    HOUSEKEEPING_ACTIONS
        .iter()
        .any(|h| name == h.to_ascii_lowercase())
}

fn is_trivial_command(cmd: &str) -> bool {
    let first = cmd.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "echo"
            | "printf"
            | "exit"
            | "true"
            | "cat"
            | "ls"
            | "pwd"
            | "env"
            | "export"
            | "cd"
            | "set"
            | "sleep"
            | "date"
    )
}

pub const CI_BUILD_PIPELINE: Analyzer = Analyzer {
    id: "ci_build_pipeline",
    version: 1,
    patterns: super::no_patterns,
    question: "Does a CI pipeline build, lint or test the code on push or pull request?",
    run: |cx| {
        let mut ev = Vec::new();
        for (pi, p) in cx.facts.pipelines.iter().enumerate() {
            if is_composite_action(p) || !runs_on_changes(p) {
                continue;
            }
            let work = cx.ci.commands.iter().find(|c| {
                c.pipeline == pi
                    && (!c.kinds.is_empty()
                        || (!c.is_action && !is_trivial_command(&c.text))
                        || (c.is_action
                            && !is_housekeeping_action(&c.text)
                            && !c.text.starts_with("actions/setup-")
                            && !c.text.starts_with("actions/cache")))
            });
            if let Some(c) = work {
                let triggers = p
                    .triggers
                    .iter()
                    .filter(|t| {
                        matches!(
                            t.as_str(),
                            "push" | "pull_request" | "merge_request" | "merge_group"
                        )
                    })
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                ev.push(Evidence::at(
                    p.file.clone(),
                    p.line.max(1),
                    format!(
                        "pipeline{} on {triggers}",
                        p.name
                            .as_ref()
                            .map(|n| format!(" \"{n}\""))
                            .unwrap_or_default()
                    ),
                ));
                if ev.len() < MAX {
                    ev.push(c.evidence());
                }
            }
            if ev.len() >= MAX {
                break;
            }
        }
        Outcome::yes(ev)
    },
};

pub const CI_RUNS_TESTS: Analyzer = Analyzer {
    id: "ci_runs_tests",
    version: 1,
    patterns: super::no_patterns,
    question: "Does CI run the project's tests (directly or through package scripts)?",
    run: |cx| {
        let ev: Vec<Evidence> = cx
            .ci
            .commands
            .iter()
            .filter(|c| c.has(CommandKind::Test) || c.has(CommandKind::E2e))
            .take(MAX)
            .map(|c| c.evidence())
            .collect();
        Outcome::yes(ev)
    },
};

pub const CI_DEPLOYS: Analyzer = Analyzer {
    id: "ci_deploys",
    version: 1,
    patterns: super::no_patterns,
    question: "Does a CI job deploy the application?",
    run: |cx| {
        let mut ev: Vec<Evidence> = cx
            .ci
            .of_kind(CommandKind::Deploy)
            .take(MAX)
            .map(|c| c.evidence())
            .collect();
        // A CI job that declares a deployment environment and runs commands
        // deploys, whatever tool it uses (`environment: production` + a deploy script).
        for (pi, p) in cx.facts.pipelines.iter().enumerate() {
            for (ji, j) in p.jobs.iter().enumerate() {
                let Some(env) = &j.environment else { continue };
                let in_job = |c: &&crate::stack::CiCommand| c.pipeline == pi && c.job == ji;
                let deploy_script = cx.ci.commands.iter().filter(in_job).find(|c| {
                    c.text.split_whitespace().any(|w| {
                        w.rsplit('/')
                            .next()
                            .is_some_and(|n| n.starts_with("deploy") && n.contains('.'))
                    })
                });
                let runs = cx
                    .ci
                    .commands
                    .iter()
                    .filter(in_job)
                    .find(|c| !c.is_action && !is_trivial_command(&c.text));
                if let Some(c) = deploy_script.or(runs) {
                    ev.push(Evidence::at(
                        p.file.clone(),
                        j.line,
                        format!("CI job `{}` deploys to environment `{env}`", j.id),
                    ));
                    ev.push(c.evidence());
                }
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

pub const CI_PUBLISHES_ON_TAG: Analyzer = Analyzer {
    id: "ci_publishes_on_tag",
    version: 1,
    patterns: super::no_patterns,
    question: "Does CI publish versioned artifacts (images, packages, binaries) on a tag or release?",
    run: |cx| {
        let ev = cx
            .ci
            .of_kind(CommandKind::Publish)
            .filter(|c| {
                let p = &cx.facts.pipelines[c.pipeline];
                p.triggers.iter().any(|t| t == "tag" || t == "release") || !p.tag_filters.is_empty()
            })
            .take(MAX)
            .map(|c| c.evidence())
            .collect();
        Outcome::yes(ev)
    },
};

/// Deployed environments by normalised name, with where each was declared.
fn environments(cx: &EvalCtx) -> BTreeMap<String, Evidence> {
    let mut envs: BTreeMap<String, Evidence> = BTreeMap::new();
    let mut add = |name: &str, ev: Evidence| {
        let n = normalise_env(name);
        if n.is_empty()
            || matches!(
                n.as_str(),
                "local" | "test" | "testing" | "ci" | "github-pages"
            )
        {
            return;
        }
        envs.entry(n).or_insert(ev);
    };
    for p in &cx.facts.pipelines {
        for e in &p.input_environments {
            if let Some(name) = e.detail.rsplit('`').nth(1) {
                add(name, e.clone());
            }
        }
        for j in &p.jobs {
            if let Some(e) = &j.environment {
                // `${{ inputs.env }}`-style names are decided at run time; say what is written.
                add(
                    e,
                    Evidence::at(
                        p.file.clone(),
                        j.line,
                        format!("CI job `{}` deploys to environment `{e}`", j.id),
                    ),
                );
            }
        }
    }
    for d in &cx.facts.platforms {
        for e in &d.environments {
            add(
                e,
                Evidence::at(
                    d.file.clone(),
                    d.line,
                    format!("{} environment `{e}`", d.platform.label()),
                ),
            );
        }
    }
    for f in &cx.inv.files {
        let p = f.path.to_ascii_lowercase();
        let parts: Vec<&str> = p.split('/').collect();
        for w in parts.windows(2) {
            if matches!(
                w[0],
                "overlays" | "environments" | "envs" | "env" | "stages"
            ) && parts.len() > 2
                && (f.class == FileClass::Iac
                    || p.ends_with(".tf")
                    || p.ends_with(".tfvars")
                    || p.ends_with(".yaml")
                    || p.ends_with(".yml"))
            {
                add(
                    w[1],
                    Evidence::file(
                        f.path.clone(),
                        format!("per-environment configuration for `{}`", w[1]),
                    ),
                );
            }
        }
        let name = parts.last().copied().unwrap_or("");
        for prefix in ["values-", "values.", "fly.", "terraform."] {
            if let Some(rest) = name.strip_prefix(prefix) {
                let env = rest.split('.').next().unwrap_or("");
                let ext_ok = name.ends_with(".yaml")
                    || name.ends_with(".yml")
                    || name.ends_with(".toml")
                    || name.ends_with(".tfvars");
                if ext_ok
                    && !env.is_empty()
                    && env != "yaml"
                    && env != "yml"
                    && env != "toml"
                    && env != "tfvars"
                {
                    add(
                        env,
                        Evidence::file(
                            f.path.clone(),
                            format!("per-environment configuration for `{env}`"),
                        ),
                    );
                }
            }
        }
        if let Some(env) = name.strip_suffix(".tfvars")
            && !env.contains('.')
            && env != "terraform"
        {
            add(
                env,
                Evidence::file(f.path.clone(), format!("Terraform variables for `{env}`")),
            );
        }
    }
    envs
}

fn normalise_env(name: &str) -> String {
    let n = name
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    if n.contains("${{") || n.contains("$") {
        return n;
    }
    match n.as_str() {
        "prod" | "prd" | "live" => "production".into(),
        "stg" | "stage" => "staging".into(),
        "dev" => "development".into(),
        "qa" | "uat" => n,
        "review" | "preview" | "previews" | "deploy-preview" | "branch-deploy" => "preview".into(),
        _ => n,
    }
}

pub const MULTIPLE_ENVIRONMENTS: Analyzer = Analyzer {
    id: "multiple_environments",
    version: 1,
    patterns: super::no_patterns,
    question: "Are two or more deployed environments declared (CI environments, platform envs, overlays, per-env config)?",
    run: |cx| {
        let envs = environments(cx);
        if envs.len() >= 2 {
            Outcome::yes(envs.into_values().take(MAX).collect())
        } else {
            Outcome::no()
        }
    },
};

pub const ONE_DEPLOYED_ENVIRONMENT: Analyzer = Analyzer {
    id: "one_deployed_environment",
    version: 1,
    patterns: super::no_patterns,
    question: "Is exactly one deployed environment declared, or does the app deploy to a single target?",
    run: |cx| {
        let envs = environments(cx);
        if envs.len() == 1 {
            return Outcome::yes(envs.into_values().collect());
        }
        if envs.is_empty() {
            // A deployment with no named environment is one deployed target.
            let mut ev: Vec<Evidence> = cx
                .ci
                .of_kind(CommandKind::Deploy)
                .take(2)
                .map(|c| c.evidence())
                .collect();
            ev.extend(
                cx.facts
                    .platforms
                    .iter()
                    .filter(|p| !matches!(p.platform, Platform::Supabase | Platform::Docker))
                    .take(2)
                    .map(|p| {
                        Evidence::at(
                            p.file.clone(),
                            p.line,
                            format!("single {} deployment target", p.platform.label()),
                        )
                    }),
            );
            return Outcome::yes(ev);
        }
        Outcome::no()
    },
};

pub const LOCAL_ENV_FILES: Analyzer = Analyzer {
    id: "local_env_files",
    version: 1,
    patterns: super::no_patterns,
    question: "Are there local environment files (.env, .env.example, .env.local…)?",
    run: |cx| {
        let ev = cx
            .inv
            .files
            .iter()
            .filter(|f| {
                let name = f.path.rsplit('/').next().unwrap_or("");
                name == ".env"
                    || name.starts_with(".env.")
                    || name.ends_with(".env")
                    || name == "env.example"
                    || name == ".envrc"
            })
            .take(3)
            .map(|f| Evidence::file(f.path.clone(), "local environment file"))
            .collect();
        Outcome::yes(ev)
    },
};

/// Languages that matter for quality gates: code languages with a real share.
fn gate_languages(cx: &EvalCtx) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (lang, share) in &cx.stack.languages {
        if share.share < 0.1 && share.files < 20 {
            continue;
        }
        let group = match lang.as_str() {
            "TypeScript" | "JavaScript" | "Vue" | "Svelte" | "Astro" => "TypeScript/JavaScript",
            "Python" => "Python",
            "PHP" => "PHP",
            "Ruby" => "Ruby",
            "Go" | "Rust" | "Java" | "Kotlin" | "C#" | "Scala" | "Swift" | "C" | "C++" | "Dart"
            | "F#" => "compiled",
            _ => continue,
        };
        if !out.contains(&group) {
            out.push(group);
        }
    }
    out
}

struct Gates {
    lint: Vec<Evidence>,
    typecheck: Vec<Evidence>,
    build: Vec<Evidence>,
}

fn ci_gates(cx: &EvalCtx) -> Gates {
    let mut g = Gates {
        lint: Vec::new(),
        typecheck: Vec::new(),
        build: Vec::new(),
    };
    for c in &cx.ci.commands {
        if c.has(CommandKind::Lint) && g.lint.len() < 3 {
            g.lint.push(c.evidence());
        }
        // `next build` type-checks too, but the catalog asks for an explicit
        // checker (tsc --noEmit, vue-tsc, …); never guess a pass.
        if c.has(CommandKind::Typecheck) && g.typecheck.len() < 3 {
            g.typecheck.push(c.evidence());
        }
        if (c.has(CommandKind::Build) || c.has(CommandKind::Test)) && g.build.len() < 3 {
            g.build.push(c.evidence());
        }
    }
    g
}

/// Per language group: (satisfied, partially satisfied).
fn gate_status(group: &str, g: &Gates) -> (bool, bool) {
    let lint = !g.lint.is_empty();
    let check = !g.typecheck.is_empty();
    let build = !g.build.is_empty();
    match group {
        "compiled" => (lint && (build || check), lint || build || check),
        "Ruby" => (lint, lint),
        _ => (lint && check, lint || check),
    }
}

pub const QUALITY_GATES_IN_CI: Analyzer = Analyzer {
    id: "quality_gates_in_ci",
    version: 1,
    patterns: super::no_patterns,
    question: "Do lint and typecheck (or, for compiled languages, the build) run in CI for every main language?",
    run: |cx| {
        let langs = gate_languages(cx);
        if langs.is_empty() {
            return Outcome::no();
        }
        let g = ci_gates(cx);
        if langs.iter().all(|l| gate_status(l, &g).0) {
            let mut ev = g.lint;
            ev.extend(g.typecheck);
            if langs.contains(&"compiled") {
                ev.extend(g.build);
            }
            ev.truncate(MAX);
            Outcome::yes(ev)
        } else {
            Outcome::no()
        }
    },
};

pub const QUALITY_GATES_PARTIAL: Analyzer = Analyzer {
    id: "quality_gates_partial",
    version: 1,
    patterns: super::no_patterns,
    question: "Does CI run some of the lint/typecheck gates, or are they configured only locally?",
    run: |cx| {
        let g = ci_gates(cx);
        let langs = gate_languages(cx);
        let mut ev = Vec::new();
        if langs.iter().any(|l| gate_status(l, &g).1) {
            ev.extend(g.lint);
            ev.extend(g.typecheck);
        }
        // Configured locally: scripts or config files for linters and checkers.
        for (s, kinds) in cx.facts.scripts.iter().zip(&cx.ci.script_kinds) {
            // Scripts CI reaches are counted above, from the CI side.
            let run_by_ci = cx.ci.commands.iter().any(|c| c.via.contains(&s.name));
            if !run_by_ci
                && kinds
                    .iter()
                    .any(|k| matches!(k, CommandKind::Lint | CommandKind::Typecheck))
            {
                ev.push(Evidence::at(
                    s.file.clone(),
                    s.line,
                    format!("script `{}` runs `{}` (not in CI)", s.name, s.command),
                ));
            }
        }
        for f in &cx.inv.files {
            let name = f.path.rsplit('/').next().unwrap_or("");
            let is_cfg = name.starts_with(".eslintrc")
                || name.starts_with("eslint.config.")
                || name == "biome.json"
                || name == ".rubocop.yml"
                || name == "ruff.toml"
                || name == ".ruff.toml"
                || name == "mypy.ini"
                || name == ".golangci.yml"
                || name == ".golangci.yaml"
                || name == "phpstan.neon"
                || name == "phpstan.neon.dist"
                || name == "psalm.xml"
                || name == "pyrightconfig.json"
                || name == "clippy.toml"
                || name == "pint.json"
                || name == ".flake8";
            if is_cfg {
                ev.push(Evidence::file(f.path.clone(), "linter/checker configured"));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

pub const RELEASE_NOTES_AUTOMATED: Analyzer = Analyzer {
    id: "release_notes_automated",
    version: 2,
    patterns: super::no_patterns,
    question: "Does release tooling generate release notes or update the CHANGELOG?",
    run: |cx| {
        // Configured tooling counts when something shows it is used: CI runs
        // it, or the CHANGELOG it writes exists. A changesets folder that no
        // job runs generates no notes.
        let mut configured = Vec::new();
        const FILES: &[(&str, &str)] = &[
            (".changeset/config.json", "changesets"),
            ("release-please-config.json", "release-please"),
            (".release-please-manifest.json", "release-please"),
            (".releaserc", "semantic-release"),
            (".releaserc.json", "semantic-release"),
            (".releaserc.yml", "semantic-release"),
            ("release.config.js", "semantic-release"),
            ("release.config.cjs", "semantic-release"),
            (".goreleaser.yml", "goreleaser"),
            (".goreleaser.yaml", "goreleaser"),
            ("release-plz.toml", "release-plz"),
            ("cliff.toml", "git-cliff"),
            (".versionrc", "standard-version"),
            (".versionrc.json", "standard-version"),
            ("towncrier.toml", "towncrier"),
            (".autorc", "auto"),
        ];
        for (file, tool) in FILES {
            if let Some(f) = cx.inv.get(file) {
                configured.push(Evidence::file(
                    f.path.clone(),
                    format!("{tool} release tooling"),
                ));
            }
        }
        for d in &cx.facts.dependencies {
            if matches!(
                d.name.as_str(),
                "@changesets/cli"
                    | "semantic-release"
                    | "release-it"
                    | "standard-version"
                    | "auto"
                    | "towncrier"
                    | "git-cliff"
                    | "commitizen"
            ) {
                configured.push(d.evidence());
            }
        }
        let mut running = Vec::new();
        for c in &cx.ci.commands {
            let t = c.text.to_ascii_lowercase();
            let tool = [
                "release-please-action",
                "changesets/action",
                "changeset version",
                "changeset publish",
                "semantic-release",
                "goreleaser",
                "release-plz",
                "git-cliff",
                "orhun/git-cliff-action",
                "release-drafter/release-drafter",
                "cz bump",
                "towncrier build",
                "tiangolo/latest-changes",
                "release-it",
                "standard-version",
                "lerna version --conventional",
            ]
            .iter()
            .find(|k| t.contains(*k));
            if let Some(tool) = tool {
                running.push(Evidence::at(
                    c.file.clone(),
                    c.line,
                    format!("CI runs {tool}"),
                ));
            }
        }
        for p in &cx.facts.pipelines {
            for j in &p.jobs {
                for s in &j.steps {
                    if s.uses.as_deref().is_some_and(|u| {
                        u.to_ascii_lowercase()
                            .starts_with("softprops/action-gh-release")
                    }) && s
                        .with
                        .get("generate_release_notes")
                        .is_some_and(|v| v.trim() == "true")
                    {
                        running.push(Evidence::at(
                            p.file.clone(),
                            s.line,
                            "GitHub release with generated release notes",
                        ));
                    }
                    if s.run.as_deref().is_some_and(|r| {
                        r.contains("gh release create") && r.contains("--generate-notes")
                    }) {
                        running.push(Evidence::at(
                            p.file.clone(),
                            s.line,
                            "gh release create --generate-notes",
                        ));
                    }
                }
            }
        }
        let changelog: Vec<Evidence> = cx
            .inv
            .files
            .iter()
            .filter(|f| {
                let name = f.path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
                name.starts_with("changelog")
                    || name.starts_with("release-notes")
                    || name == "history.md"
                    || name == "changes.md"
            })
            .take(2)
            .map(|f| Evidence::file(f.path.clone(), "release notes file"))
            .collect();
        // A project's own release script run from CI (`scripts/prepare_release.py`)
        // counts when the notes file it maintains is in the repository.
        let release_scripts: Vec<Evidence> = cx
            .ci
            .commands
            .iter()
            .filter(|c| !c.is_action && c.text.split_whitespace().any(is_release_script))
            .take(2)
            .map(|c| c.evidence())
            .collect();
        let mut out = running;
        if !release_scripts.is_empty() && !changelog.is_empty() {
            out.extend(release_scripts);
            out.extend(changelog.iter().cloned());
        }
        if !configured.is_empty() && (!out.is_empty() || !changelog.is_empty()) {
            out.extend(configured);
            out.extend(changelog);
        }
        out.sort();
        out.dedup();
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

/// `scripts/prepare_release.py`, `bin/release.sh`, `tools/update-changelog.js`, …
fn is_release_script(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word).to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or("");
    word.contains('.')
        && ["release", "changelog", "release_notes", "release-notes"]
            .iter()
            .any(|k| stem.contains(k))
}

pub const DEPENDENCY_UPDATES_CONFIGURED: Analyzer = Analyzer {
    id: "dependency_updates_configured",
    version: 1,
    patterns: super::no_patterns,
    question: "Is Dependabot or Renovate configured?",
    run: |cx| {
        const FILES: &[&str] = &[
            ".github/dependabot.yml",
            ".github/dependabot.yaml",
            "renovate.json",
            "renovate.json5",
            ".renovaterc",
            ".renovaterc.json",
            ".renovaterc.json5",
            ".github/renovate.json",
            ".github/renovate.json5",
            ".gitlab/renovate.json",
        ];
        let ev = FILES
            .iter()
            .filter_map(|f| cx.inv.get(f))
            .map(|f| {
                Evidence::file(
                    f.path.clone(),
                    if f.path.contains("dependabot") {
                        "Dependabot configured"
                    } else {
                        "Renovate configured"
                    },
                )
            })
            .collect();
        Outcome::yes(ev)
    },
};

pub const RUNTIME_PACKAGING: Analyzer = Analyzer {
    id: "runtime_packaging",
    version: 1,
    patterns: super::no_patterns,
    question: "Is the app packaged for production (Dockerfile, compose, buildpack or a serverless descriptor)?",
    run: |cx| {
        let mut ev: Vec<Evidence> = cx
            .facts
            .dockerfiles
            .iter()
            .filter(|d| !d.dev_only && !d.test_only)
            .map(|d| match &d.command {
                Some(c) => {
                    Evidence::new(d.file.clone(), c.line, format!("Dockerfile: {}", c.detail))
                }
                None => Evidence::file(d.file.clone(), "Dockerfile"),
            })
            .collect();
        for c in &cx.facts.compose {
            if c.services.iter().any(|s| s.build) && !c.dev_only {
                ev.push(Evidence::file(
                    c.file.clone(),
                    "compose file builds the app",
                ));
            }
        }
        for p in &cx.facts.platforms {
            if matches!(
                p.platform,
                Platform::Vercel
                    | Platform::Netlify
                    | Platform::CloudflareWorkers
                    | Platform::CloudflarePages
                    | Platform::Fly
                    | Platform::Render
                    | Platform::Heroku
                    | Platform::Serverless
                    | Platform::AppEngine
                    | Platform::Railway
                    | Platform::Firebase
                    | Platform::DigitalOcean
            ) {
                ev.push(Evidence::at(
                    p.file.clone(),
                    p.line,
                    format!("{} deployment descriptor", p.platform.label()),
                ));
            }
        }
        for f in ["project.toml", "Procfile"] {
            if let Some(e) = cx.inv.get(f)
                && !ev.iter().any(|x| x.path == e.path)
            {
                ev.push(Evidence::file(e.path.clone(), "buildpack descriptor"));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

pub const DEV_ONLY_PACKAGING: Analyzer = Analyzer {
    id: "dev_only_packaging",
    version: 1,
    patterns: super::no_patterns,
    question: "Is the only container setup a development one (dev Dockerfile or dev compose)?",
    run: |cx| {
        let mut ev: Vec<Evidence> = cx
            .facts
            .dockerfiles
            .iter()
            .filter(|d| d.dev_only)
            .map(|d| match &d.command {
                Some(c) => Evidence::new(
                    d.file.clone(),
                    c.line,
                    format!("development Dockerfile: {}", c.detail),
                ),
                None => Evidence::file(d.file.clone(), "development Dockerfile"),
            })
            .collect();
        for c in &cx.facts.compose {
            if c.dev_only && c.services.iter().any(|s| s.build) {
                ev.push(Evidence::file(
                    c.file.clone(),
                    "compose file for local development",
                ));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};
