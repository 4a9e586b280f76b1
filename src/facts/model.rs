//! The typed facts the parsers produce. Every item carries where it came from.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::evidence::{Evidence, Warning};

/// Package ecosystems whose manifests infragap reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Npm,
    Cargo,
    Go,
    PyPI,
    RubyGems,
    Composer,
    Maven,
    Gradle,
}

impl Ecosystem {
    pub fn parse(s: &str) -> Option<Ecosystem> {
        Some(match s.to_ascii_lowercase().as_str() {
            "npm" | "node" | "js" => Ecosystem::Npm,
            "cargo" | "rust" => Ecosystem::Cargo,
            "go" | "gomod" => Ecosystem::Go,
            "pypi" | "python" | "pip" => Ecosystem::PyPI,
            "rubygems" | "ruby" | "gem" => Ecosystem::RubyGems,
            "composer" | "php" => Ecosystem::Composer,
            "maven" => Ecosystem::Maven,
            "gradle" => Ecosystem::Gradle,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DepKind {
    Runtime,
    Dev,
    Build,
    Optional,
    Peer,
}

/// One declared dependency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    pub ecosystem: Ecosystem,
    /// Name as the ecosystem spells it (`@sentry/nextjs`, `github.com/gin-gonic/gin`,
    /// `org.springframework.boot:spring-boot-starter-web`). PyPI names are
    /// normalised (lower case, `_`/`.` → `-`).
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub kind: DepKind,
    /// Manifest path, relative to the root.
    pub manifest: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Dependency {
    pub fn evidence(&self) -> Evidence {
        Evidence::new(
            self.manifest.clone(),
            self.line,
            format!(
                "dependency {}{}",
                self.name,
                if self.kind == DepKind::Dev {
                    " (dev)"
                } else {
                    ""
                }
            ),
        )
    }
}

/// Where a named script or task is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptSource {
    PackageJson,
    Makefile,
    Justfile,
    Taskfile,
    Composer,
    Pyproject,
    Deno,
    Rake,
    /// `[tool.poe.tasks]` in pyproject.toml (run with `poe X`).
    Poe,
    /// `[tool.taskipy.tasks]` in pyproject.toml (run with `task X`).
    Taskipy,
    /// `[tool.pdm.scripts]` in pyproject.toml (run with `pdm run X`).
    Pdm,
    /// `[tool.hatch.envs.*.scripts]` in pyproject.toml (run with `hatch run [env:]X`).
    Hatch,
    /// A shell script file (`scripts/test.sh`), followed when CI runs `bash scripts/test.sh` or `./scripts/test.sh`.
    Shell,
}

/// A named script or task (`"test": "vitest run"`, a Makefile target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Script {
    pub source: ScriptSource,
    /// File that defines it, relative to the root.
    pub file: String,
    /// Directory that file is in ("" for the root): workspaces resolve per directory.
    pub dir: String,
    pub name: String,
    /// The command(s) it runs; recipe lines joined with `\n`.
    pub command: String,
    pub line: u32,
    /// Scripts of the same file run before this one (Makefile prerequisites,
    /// just dependencies, Taskfile/poe/deno `deps`); only names that exist as
    /// scripts are followed by [`crate::facts::resolve::expand`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deps: Vec<String>,
}

/// CI providers infragap reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CiProvider {
    GithubActions,
    GitlabCi,
    CircleCi,
    Bitbucket,
    AzurePipelines,
    Jenkins,
    Travis,
    Drone,
    Woodpecker,
    Buildkite,
    CloudBuild,
    AppVeyor,
}

/// One CI pipeline file (a GitHub workflow, `.gitlab-ci.yml`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    pub provider: CiProvider,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Events that start it, normalised where the provider allows: `push`,
    /// `pull_request`, `tag`, `release`, `schedule`, `workflow_dispatch`,
    /// `merge_request`, `workflow_call`, `issues`, … (provider spellings kept otherwise).
    pub triggers: Vec<String>,
    /// Branch/tag filters on push triggers, when declared (`v*`, `main`).
    pub tag_filters: Vec<String>,
    /// Environments a manual dispatch offers as choices (`inputs.environment.options`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_environments: Vec<Evidence>,
    pub jobs: Vec<Job>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Deployment environment the job targets (GitHub `environment:`, GitLab `environment:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Container image the job runs in, services it starts (postgres, redis…).
    pub services: Vec<String>,
    pub steps: Vec<Step>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Shell command(s) the step runs (GitHub `run`, GitLab `script` item, Jenkins `sh`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// Reusable action/orb/task the step calls (`actions/checkout@v4`, `codecov/codecov-action@v4`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uses: Option<String>,
    /// Inputs given to `uses` (`with:`), as strings.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub with: BTreeMap<String, String>,
    /// Directory the step's commands run in, relative to the root (GitHub
    /// `working-directory`, job or workflow `defaults.run`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
    pub line: u32,
}

/// Hosting platforms and runtimes a descriptor can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Vercel,
    Netlify,
    CloudflareWorkers,
    CloudflarePages,
    Fly,
    Render,
    Heroku,
    Supabase,
    Firebase,
    Railway,
    AppEngine,
    Aws,
    Gcp,
    Azure,
    Kubernetes,
    Docker,
    Serverless,
    DigitalOcean,
}

impl Platform {
    /// Every platform, for listing what the stack can report.
    pub const ALL: &'static [Platform] = &[
        Platform::Vercel,
        Platform::Netlify,
        Platform::CloudflareWorkers,
        Platform::CloudflarePages,
        Platform::Fly,
        Platform::Render,
        Platform::Heroku,
        Platform::Supabase,
        Platform::Firebase,
        Platform::Railway,
        Platform::AppEngine,
        Platform::Aws,
        Platform::Gcp,
        Platform::Azure,
        Platform::Kubernetes,
        Platform::Docker,
        Platform::Serverless,
        Platform::DigitalOcean,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Platform::Vercel => "Vercel",
            Platform::Netlify => "Netlify",
            Platform::CloudflareWorkers => "Cloudflare Workers",
            Platform::CloudflarePages => "Cloudflare Pages",
            Platform::Fly => "Fly.io",
            Platform::Render => "Render",
            Platform::Heroku => "Heroku",
            Platform::Supabase => "Supabase",
            Platform::Firebase => "Firebase",
            Platform::Railway => "Railway",
            Platform::AppEngine => "Google App Engine",
            Platform::Aws => "AWS",
            Platform::Gcp => "Google Cloud",
            Platform::Azure => "Azure",
            Platform::Kubernetes => "Kubernetes",
            Platform::Docker => "Docker",
            Platform::Serverless => "Serverless Framework",
            Platform::DigitalOcean => "DigitalOcean App Platform",
        }
    }
}

/// A platform descriptor file (vercel.json, wrangler.toml, fly.toml, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformDescriptor {
    pub platform: Platform,
    pub file: String,
    pub line: u32,
    /// Named environments the descriptor declares (wrangler `[env.staging]`, render services).
    pub environments: Vec<String>,
    /// Where each of `environments` is declared, in the same order
    /// (detail `environment <name>`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environment_evidence: Vec<Evidence>,
    /// Cron schedules declared (vercel.json `crons`, wrangler `triggers.crons`).
    pub crons: Vec<Evidence>,
    /// Other notable settings, as evidence (health check paths, scaling, headers).
    pub settings: Vec<Evidence>,
}

/// A Dockerfile, reduced to what controls need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dockerfile {
    pub file: String,
    /// `FROM` images in order, with their lines.
    pub base_images: Vec<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<Evidence>,
    /// Final `CMD`/`ENTRYPOINT`, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Evidence>,
    /// True when the file name or content marks it as development-only
    /// (`Dockerfile.dev`, a dev-server command such as `npm run dev`).
    pub dev_only: bool,
    /// True when the file name marks it as a test or CI image
    /// (`Dockerfile.test`, `Dockerfile.e2e`, `Dockerfile.playwright`, `Dockerfile.ci`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub test_only: bool,
    /// Stage names of a multi-stage build (`FROM x AS build`), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<String>,
    /// Final stage's `USER`, when set (a non-root user is a hardening signal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<Evidence>,
    /// `EXPOSE`d ports of the final stage.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exposed_ports: Vec<String>,
}

/// A compose file and its services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComposeFile {
    pub file: String,
    pub services: Vec<ComposeService>,
    /// True when the file name marks it as local development
    /// (`docker-compose.dev.yml`, `compose.override.yaml`, `.devcontainer/`).
    pub dev_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComposeService {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    pub build: bool,
    pub has_healthcheck: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    pub line: u32,
}

/// Everything the parsers found. Built once per scan by [`crate::facts::collect`].
#[derive(Debug, Default, Serialize)]
pub struct Facts {
    pub dependencies: Vec<Dependency>,
    pub scripts: Vec<Script>,
    pub pipelines: Vec<Pipeline>,
    pub platforms: Vec<PlatformDescriptor>,
    pub dockerfiles: Vec<Dockerfile>,
    pub compose: Vec<ComposeFile>,
    /// Env files (`.env`, `.env.example`, `.dev.vars`…) and guides that name
    /// variables; values are never stored (see [`crate::facts::env_file`]).
    pub env_files: Vec<crate::facts::env_file::EnvFile>,
    /// Schema declared in SQL files (migrations, schema dumps, scripts).
    pub sql_schema: SqlSchema,
    /// Foreign keys and indexes from ORM schemas and migrations (Prisma, Alembic, Laravel, Rails, SQL in Go code).
    #[serde(skip_serializing_if = "crate::facts::schema_dsl::DslSchema::is_empty")]
    pub schema_dsl: crate::facts::schema_dsl::DslSchema,
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// Where a SQL file sits: a migration folder, a schema file, or elsewhere
/// (ad-hoc scripts, root-level `.sql` files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlOrigin {
    /// `supabase/migrations/`, `migrations/`, `db/migrate/`, … (inventory class migration).
    Migration,
    /// `schema.sql`, `structure.sql`, or a file under `db/`, `database/`, `schema/`, `sql/`.
    Schema,
    /// Any other `.sql` file (`scripts/fix.sql`, `setup.sql` at the root).
    Other,
}

/// A SQL file that was read, with what the splitter made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlFile {
    pub path: String,
    pub origin: SqlOrigin,
    pub statements: u32,
    /// True when the statement budget stopped the parser before the end.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// A schema-qualified name. Unquoted identifiers are lower-cased, quotes
/// removed; a name written without a schema is put in `public`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SqlName {
    pub schema: String,
    pub name: String,
}

impl std::fmt::Display for SqlName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlColumn {
    pub name: String,
    /// First word of the declared type, lower-cased (`uuid`, `text`, `varchar(255)`).
    pub data_type: String,
}

/// `CREATE TABLE`: the statement that created the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlTable {
    pub name: SqlName,
    pub columns: Vec<SqlColumn>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub primary_key: Vec<String>,
    pub file: String,
    /// Line of the statement start.
    pub line: u32,
    pub origin: SqlOrigin,
}

/// A foreign key, inline (`REFERENCES`), table-level or added by `ALTER TABLE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlForeignKey {
    pub table: SqlName,
    pub columns: Vec<String>,
    pub references: SqlName,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ref_columns: Vec<String>,
    pub file: String,
    pub line: u32,
}

/// An index: `CREATE [UNIQUE] INDEX`, a `UNIQUE` constraint, MySQL `KEY`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlIndex {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub table: SqlName,
    /// Column expressions in order (`user_id`, `lower(email)`).
    pub columns: Vec<String>,
    pub unique: bool,
    pub file: String,
    pub line: u32,
}

/// `ALTER TABLE … ENABLE | FORCE | DISABLE ROW LEVEL SECURITY`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlRlsChange {
    pub table: SqlName,
    pub enabled: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
    pub file: String,
    pub line: u32,
}

/// `CREATE POLICY name ON table …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlPolicy {
    pub name: String,
    pub table: SqlName,
    /// `select`, `insert`, `update`, `delete` or `all` (the default).
    pub command: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The `USING` / `WITH CHECK` expression, shortened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    pub file: String,
    pub line: u32,
}

/// `DROP TABLE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlDrop {
    pub table: SqlName,
    pub file: String,
    pub line: u32,
}

/// Everything read from SQL files, in file order (paths sorted) then line order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SqlSchema {
    pub files: Vec<SqlFile>,
    pub tables: Vec<SqlTable>,
    pub foreign_keys: Vec<SqlForeignKey>,
    pub indexes: Vec<SqlIndex>,
    pub rls: Vec<SqlRlsChange>,
    pub policies: Vec<SqlPolicy>,
    pub drops: Vec<SqlDrop>,
}

impl SqlSchema {
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
            && self.foreign_keys.is_empty()
            && self.indexes.is_empty()
            && self.rls.is_empty()
            && self.policies.is_empty()
    }

    /// Position of a statement in the order the files would run (path, then line).
    fn order(file: &str, line: u32) -> (&str, u32) {
        (file, line)
    }

    /// Tables that exist at the end of the files: the first `CREATE TABLE` of
    /// each name, unless a later `DROP TABLE` removed it and nothing created it again.
    pub fn live_tables(&self) -> Vec<&SqlTable> {
        let mut out: Vec<&SqlTable> = Vec::new();
        for t in &self.tables {
            let created = Self::order(&t.file, t.line);
            if out.iter().any(|o| o.name == t.name) {
                continue;
            }
            let dropped_after = self
                .drops
                .iter()
                .filter(|d| d.table == t.name && Self::order(&d.file, d.line) > created)
                .map(|d| Self::order(&d.file, d.line))
                .max();
            let recreated = dropped_after.and_then(|drop| {
                self.tables
                    .iter()
                    .find(|o| o.name == t.name && Self::order(&o.file, o.line) > drop)
            });
            match (dropped_after, recreated) {
                (None, _) => out.push(t),
                (Some(_), Some(again)) => out.push(again),
                (Some(_), None) => {}
            }
        }
        out
    }

    /// The statement that leaves row-level security enabled on `table`, when one does.
    pub fn rls_enabled(&self, table: &SqlName) -> Option<&SqlRlsChange> {
        self.rls
            .iter()
            .filter(|r| &r.table == table)
            .max_by(|a, b| Self::order(&a.file, a.line).cmp(&Self::order(&b.file, b.line)))
            .filter(|r| r.enabled)
    }

    pub fn policies_on<'a>(&'a self, table: &'a SqlName) -> impl Iterator<Item = &'a SqlPolicy> {
        self.policies.iter().filter(move |p| &p.table == table)
    }
}
