//! Every command CI runs, resolved through package scripts and task runners,
//! and every action it calls, classified by what it does. Built once; the
//! `ci_step`/`ci_runs` predicates and the delivery analyzers read it.

use serde::Serialize;

use crate::evidence::Evidence;
use crate::facts::commands::{self, CommandKind, CommandMatch};
use crate::facts::resolve;
use crate::facts::{Facts, Pipeline};

/// One command (or action) reached from a CI step.
#[derive(Debug, Clone, Serialize)]
pub struct CiCommand {
    /// Index into `facts.pipelines`.
    pub pipeline: usize,
    pub job: usize,
    /// The CI file and the step's line.
    pub file: String,
    pub line: u32,
    /// The simple command reached, or the action reference for `uses` steps.
    pub text: String,
    /// Script names followed from the step to reach `text`.
    pub via: Vec<String>,
    /// What the command does.
    #[serde(skip)]
    pub kinds: Vec<CommandMatch>,
    pub is_action: bool,
}

impl CiCommand {
    pub fn has(&self, kind: CommandKind) -> bool {
        self.kinds.iter().any(|k| k.kind == kind)
    }

    pub fn evidence(&self) -> Evidence {
        let what = if self.is_action { "uses" } else { "runs" };
        let detail = if self.via.is_empty() {
            format!("CI {what} `{}`", self.text)
        } else {
            format!("CI runs `{}` → `{}`", self.via.join("` → `"), self.text)
        };
        Evidence::at(self.file.clone(), self.line, detail)
    }
}

/// Pipelines that only keep the repository tidy (labels, stale issues,
/// greetings) do not make a CI pipeline in the sense of DEL-01.
pub const HOUSEKEEPING_ACTIONS: &[&str] = &[
    "actions/stale",
    "actions/labeler",
    "actions/first-interaction",
    "release-drafter/release-drafter",
    "dessant/lock-threads",
    "peter-evans/create-or-update-comment",
    "actions/github-script",
    "amannn/action-semantic-pull-request",
    "dependabot/fetch-metadata",
    "actions/add-to-project",
    "peter-evans/create-pull-request",
    "github/issue-labeler",
    "actions/checkout",
    "crowdin/github-action",
    "wow-actions/welcome",
    "EndBug/label-sync",
    "micnncim/action-label-syncer",
    "thollander/actions-comment-pull-request",
    "marocchino/sticky-pull-request-comment",
    "actions/upload-artifact",
    "actions/download-artifact",
    "lycheeverse/lychee-action",
    "actions-cool/issues-helper",
    "pascalgn/automerge-action",
];

/// Known actions/orbs/pipes and what they do.
fn classify_action(uses: &str) -> Vec<CommandMatch> {
    let name = uses
        .split('@')
        .next()
        .unwrap_or(uses)
        .trim()
        .to_ascii_lowercase();
    let m = |kind, tool| CommandMatch { kind, tool };
    let table: &[(&str, CommandKind, &'static str)] = &[
        ("codecov/codecov-action", CommandKind::Coverage, "codecov"),
        (
            "coverallsapp/github-action",
            CommandKind::Coverage,
            "coveralls",
        ),
        ("github/codeql-action/analyze", CommandKind::Sast, "codeql"),
        ("github/codeql-action/init", CommandKind::Sast, "codeql"),
        ("returntocorp/semgrep-action", CommandKind::Sast, "semgrep"),
        ("semgrep/semgrep-action", CommandKind::Sast, "semgrep"),
        (
            "sonarsource/sonarcloud-github-action",
            CommandKind::Sast,
            "sonarcloud",
        ),
        (
            "sonarsource/sonarqube-scan-action",
            CommandKind::Sast,
            "sonarqube",
        ),
        ("securego/gosec", CommandKind::Sast, "gosec"),
        (
            "gitleaks/gitleaks-action",
            CommandKind::SecretScan,
            "gitleaks",
        ),
        (
            "trufflesecurity/trufflehog",
            CommandKind::SecretScan,
            "trufflehog",
        ),
        (
            "actions/dependency-review-action",
            CommandKind::DependencyAudit,
            "dependency-review",
        ),
        ("snyk/actions", CommandKind::DependencyAudit, "snyk"),
        (
            "pypa/gh-action-pip-audit",
            CommandKind::DependencyAudit,
            "pip-audit",
        ),
        (
            "rustsec/audit-check",
            CommandKind::DependencyAudit,
            "cargo-audit",
        ),
        (
            "embarkstudios/cargo-deny-action",
            CommandKind::DependencyAudit,
            "cargo-deny",
        ),
        (
            "golang/govulncheck-action",
            CommandKind::DependencyAudit,
            "govulncheck",
        ),
        (
            "google/osv-scanner-action",
            CommandKind::DependencyAudit,
            "osv-scanner",
        ),
        ("anchore/scan-action", CommandKind::ImageScan, "grype"),
        (
            "docker/scout-action",
            CommandKind::ImageScan,
            "docker-scout",
        ),
        (
            "golangci/golangci-lint-action",
            CommandKind::Lint,
            "golangci-lint",
        ),
        ("reviewdog/action-eslint", CommandKind::Lint, "eslint"),
        ("chartboost/ruff-action", CommandKind::Lint, "ruff"),
        ("astral-sh/ruff-action", CommandKind::Lint, "ruff"),
        ("hadolint/hadolint-action", CommandKind::Lint, "hadolint"),
        ("pre-commit/action", CommandKind::Lint, "pre-commit"),
        ("actions-rs/clippy-check", CommandKind::Lint, "clippy"),
        ("cypress-io/github-action", CommandKind::E2e, "cypress"),
        (
            "cloudflare/wrangler-action",
            CommandKind::Deploy,
            "wrangler",
        ),
        (
            "cloudflare/pages-action",
            CommandKind::Deploy,
            "cloudflare-pages",
        ),
        ("amondnet/vercel-action", CommandKind::Deploy, "vercel"),
        ("nwtgck/actions-netlify", CommandKind::Deploy, "netlify"),
        (
            "google-github-actions/deploy-cloudrun",
            CommandKind::Deploy,
            "cloud-run",
        ),
        (
            "google-github-actions/deploy-appengine",
            CommandKind::Deploy,
            "app-engine",
        ),
        (
            "aws-actions/amazon-ecs-deploy-task-definition",
            CommandKind::Deploy,
            "ecs",
        ),
        ("azure/webapps-deploy", CommandKind::Deploy, "azure-webapps"),
        ("azure/k8s-deploy", CommandKind::Deploy, "kubernetes"),
        ("actions/deploy-pages", CommandKind::Deploy, "github-pages"),
        (
            "peaceiris/actions-gh-pages",
            CommandKind::Deploy,
            "github-pages",
        ),
        (
            "jamesives/github-pages-deploy-action",
            CommandKind::Deploy,
            "github-pages",
        ),
        ("akhileshns/heroku-deploy", CommandKind::Deploy, "heroku"),
        ("appleboy/ssh-action", CommandKind::Deploy, "ssh"),
        ("helmfile/helmfile-action", CommandKind::Deploy, "helmfile"),
        ("deliverybot/helm", CommandKind::Deploy, "helm"),
        ("azure/helm-deploy", CommandKind::Deploy, "helm"),
        (
            "digitalocean/app_action",
            CommandKind::Deploy,
            "digitalocean",
        ),
        ("railwayapp/cli", CommandKind::Deploy, "railway"),
        (
            "render-oss/render-deploy-action",
            CommandKind::Deploy,
            "render",
        ),
        ("supabase/setup-cli", CommandKind::Build, "supabase-cli"),
        ("docker/build-push-action", CommandKind::Publish, "docker"),
        (
            "goreleaser/goreleaser-action",
            CommandKind::Publish,
            "goreleaser",
        ),
        (
            "softprops/action-gh-release",
            CommandKind::Publish,
            "github-release",
        ),
        (
            "ncipollo/release-action",
            CommandKind::Publish,
            "github-release",
        ),
        ("pypa/gh-action-pypi-publish", CommandKind::Publish, "pypi"),
        ("js-devops/npm-publish", CommandKind::Publish, "npm"),
        (
            "treosh/lighthouse-ci-action",
            CommandKind::Test,
            "lighthouse-ci",
        ),
        ("chromaui/action", CommandKind::Test, "chromatic"),
        ("grafana/k6-action", CommandKind::Load, "k6"),
        ("grafana/run-k6-action", CommandKind::Load, "k6"),
    ];
    let mut out = Vec::new();
    for (prefix, kind, tool) in table {
        if name == *prefix || name.starts_with(&format!("{prefix}/")) {
            out.push(m(*kind, *tool));
        }
    }
    if name.starts_with("aquasecurity/trivy-action") {
        out.push(m(CommandKind::ImageScan, "trivy"));
    }
    if name.starts_with("superfly/flyctl-actions") {
        out.push(m(CommandKind::Deploy, "flyctl"));
    }
    if name.starts_with("cypress-io/github-action") {
        out.push(m(CommandKind::Test, "cypress"));
    }
    out
}

/// The flattened, resolved, classified list.
#[derive(Debug, Default)]
pub struct CiCommands {
    pub commands: Vec<CiCommand>,
    /// What each package script does, resolved and classified once
    /// (`script_kinds[i]` belongs to `facts.scripts[i]`).
    pub script_kinds: Vec<Vec<CommandKind>>,
}

impl CiCommands {
    pub fn build(facts: &Facts) -> CiCommands {
        let mut commands = Vec::new();
        for (pi, p) in facts.pipelines.iter().enumerate() {
            if is_composite_action(p) {
                continue; // reached through the `uses: ./…` that calls it
            }
            for (ji, job) in p.jobs.iter().enumerate() {
                let dir = working_dir_of(p);
                add_steps(facts, pi, ji, &p.file, &job.steps, &dir, &mut commands, 0);
            }
        }
        // Monorepos hold thousands of scripts; resolving each is independent.
        use rayon::prelude::*;
        let script_kinds = facts
            .scripts
            .par_iter()
            .map(|s| {
                let mut kinds: Vec<CommandKind> =
                    resolve::expand(&s.command, &s.dir, &facts.scripts)
                        .iter()
                        .flat_map(|r| commands::classify(&r.command))
                        .map(|m| m.kind)
                        .collect();
                kinds.sort();
                kinds.dedup();
                kinds
            })
            .collect();
        CiCommands {
            commands,
            script_kinds,
        }
    }

    pub fn of_kind(&self, kind: CommandKind) -> impl Iterator<Item = &CiCommand> {
        self.commands.iter().filter(move |c| c.has(kind))
    }
}

pub fn is_composite_action(p: &Pipeline) -> bool {
    p.triggers.iter().any(|t| t == "composite_action")
}

fn working_dir_of(_p: &Pipeline) -> String {
    String::new()
}

#[allow(clippy::too_many_arguments)]
fn add_steps(
    facts: &Facts,
    pi: usize,
    ji: usize,
    file: &str,
    steps: &[crate::facts::Step],
    dir: &str,
    out: &mut Vec<CiCommand>,
    depth: usize,
) {
    for step in steps {
        if let Some(run) = &step.run {
            let step_dir = step
                .working_directory
                .as_deref()
                .map(|d| d.trim_start_matches("./").trim_end_matches('/').to_string())
                .unwrap_or_else(|| dir.to_string());
            for r in resolve::expand(run, &step_dir, &facts.scripts) {
                let text = r.command.trim().to_string();
                if text.is_empty() {
                    continue;
                }
                let kinds = commands::classify(&text);
                out.push(CiCommand {
                    pipeline: pi,
                    job: ji,
                    file: file.to_string(),
                    line: step.line,
                    text,
                    via: r.via,
                    kinds,
                    is_action: false,
                });
            }
        }
        if let Some(uses) = &step.uses {
            let mut kinds = classify_action(uses);
            // docker/build-push-action only publishes when asked to push.
            if uses
                .to_ascii_lowercase()
                .starts_with("docker/build-push-action")
            {
                let pushes = step.with.get("push").is_some_and(|v| v.trim() != "false");
                if !pushes {
                    kinds.retain(|k| k.kind != CommandKind::Publish);
                    kinds.push(CommandMatch {
                        kind: CommandKind::Build,
                        tool: "docker",
                    });
                }
            }
            // An action's `with.command`/`args` may say what it runs (wrangler, flyctl, vercel).
            for key in ["command", "args", "run"] {
                if let Some(c) = step.with.get(key) {
                    for k in commands::classify(c) {
                        if !kinds.contains(&k) {
                            kinds.push(k);
                        }
                    }
                }
            }
            out.push(CiCommand {
                pipeline: pi,
                job: ji,
                file: file.to_string(),
                line: step.line,
                text: uses.clone(),
                via: Vec::new(),
                kinds,
                is_action: true,
            });
            // Local composite actions and reusable workflows: follow them once.
            if depth < 4 && uses.starts_with("./") {
                let target = uses.trim_start_matches("./").trim_end_matches('/');
                for (tpi, tp) in facts.pipelines.iter().enumerate() {
                    let tfile = tp.file.as_str();
                    let matches = tfile == target
                        || tfile == format!("{target}/action.yml")
                        || tfile == format!("{target}/action.yaml");
                    if matches && tpi != pi {
                        for job in &tp.jobs {
                            add_steps(facts, pi, ji, &tp.file, &job.steps, dir, out, depth + 1);
                        }
                    }
                }
            }
        }
    }
}
