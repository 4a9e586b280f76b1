//! Stage 4 — the stack and the derived facts that decide applicability.
//!
//! Pure function of the inventory's metadata, the parsed facts and the
//! content signals; every conclusion carries the evidence that made it.

mod ci_commands;
mod fact;
mod tables;

pub use ci_commands::{CiCommand, CiCommands, HOUSEKEEPING_ACTIONS, is_composite_action};
pub use fact::Fact;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::evidence::Evidence;
use crate::facts::commands::CommandKind;
use crate::facts::{Facts, Platform};
use crate::inventory::{FileClass, Inventory, is_code_language};
use crate::signals::{PatternId, PatternSpec, Signals};
use tables::{DATABASES, FRAMEWORKS, KindHint};

/// Evidence lists are for reading: a handful per item is enough.
const MAX_EVIDENCE: usize = 5;

/// The framework name of Go's standard-library HTTP server.
const GO_STDLIB_HTTP: &str = "Go net/http (stdlib)";

/// The platform name of a repository with Terraform files.
const TERRAFORM: &str = "Terraform";

/// Database names read from an ORM's datasource (`provider = "postgresql"`).
const ORM_ENGINES: &[(&[&str], &str)] = &[
    (&["postgresql", "postgres", "cockroachdb"], "PostgreSQL"),
    (&["mysql"], "MySQL"),
    (&["sqlite", "turso"], "SQLite"),
    (&["mongodb"], "MongoDB"),
    (&["sqlserver"], "SQL Server"),
];

/// Every name the stack can report as a framework, platform, database or
/// language: what a rule's `[[remedy_for]] stack` may name. Languages and
/// deploy-tool platforms are probed through the functions that name them, so
/// the list never holds a name the stack cannot produce.
pub fn known_stack_names() -> Vec<&'static str> {
    const LANGUAGE_PROBES: &[&str] = &[
        "x.ts",
        "x.js",
        "x.py",
        "x.go",
        "x.rs",
        "x.java",
        "x.kt",
        "x.scala",
        "x.rb",
        "x.php",
        "x.cs",
        "x.fs",
        "x.swift",
        "x.dart",
        "x.ex",
        "x.erl",
        "x.c",
        "x.cpp",
        "x.m",
        "x.sh",
        "x.ps1",
        "x.vue",
        "x.svelte",
        "x.astro",
        "x.lua",
        "x.r",
        "x.groovy",
        "x.zig",
        "x.clj",
        "x.hs",
        "x.ml",
        "x.jl",
        "x.sql",
        "x.html",
        "x.css",
        "Dockerfile",
        "Makefile",
    ];
    const DEPLOY_TOOL_PROBES: &[&str] = &[
        "vercel",
        "netlify",
        "wrangler",
        "cloudflare-pages",
        "flyctl",
        "kubectl",
        "gcloud",
        "aws",
        "az",
        "heroku",
        "railway",
        "firebase",
        "supabase",
        "github-pages",
    ];
    let mut names: Vec<&'static str> = FRAMEWORKS.iter().map(|f| f.name).collect();
    names.push(GO_STDLIB_HTTP);
    names.extend(DATABASES.iter().map(|d| d.name));
    names.extend(ORM_ENGINES.iter().map(|(_, n)| *n));
    names.extend(Platform::ALL.iter().map(|p| p.label()));
    names.extend(
        DEPLOY_TOOL_PROBES
            .iter()
            .filter_map(|t| tables::platform_of_deploy_tool(t)),
    );
    names.push(TERRAFORM);
    names.extend(
        LANGUAGE_PROBES
            .iter()
            .filter_map(|p| crate::inventory::language_of(p)),
    );
    names.sort_unstable();
    names.dedup();
    names
}

/// A language's share of the code.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LanguageShare {
    pub files: usize,
    pub bytes: u64,
    /// Fraction of code bytes, 0–1.
    pub share: f64,
}

/// A named thing with the evidence that revealed it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Named {
    pub name: String,
    pub evidence: Vec<Evidence>,
}

/// Project kinds, as the catalog spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectKind {
    WebUi,
    HttpService,
    Library,
    Cli,
    Worker,
    Mobile,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DerivedValue {
    pub value: bool,
    pub evidence: Vec<Evidence>,
    /// Why it is false, or a short description when true.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Stack {
    pub languages: BTreeMap<String, LanguageShare>,
    pub frameworks: Vec<Named>,
    pub platforms: Vec<Named>,
    pub databases: Vec<Named>,
    pub kinds: Vec<ProjectKind>,
    pub derived: BTreeMap<Fact, DerivedValue>,
}

impl Stack {
    /// Names of the frameworks, platforms and databases found, in that order
    /// (what stack-specific advice and prices are keyed by).
    pub fn component_names(&self) -> impl Iterator<Item = &str> {
        self.frameworks
            .iter()
            .chain(&self.platforms)
            .chain(&self.databases)
            .map(|n| n.name.as_str())
    }

    pub fn fact(&self, f: Fact) -> Option<&DerivedValue> {
        self.derived.get(&f)
    }

    pub fn holds(&self, f: Fact) -> bool {
        self.derived.get(&f).is_some_and(|d| d.value)
    }

    pub fn has_framework(&self, name: &str) -> bool {
        self.frameworks.iter().any(|f| f.name == name)
    }

    pub fn has_language(&self, name: &str) -> bool {
        self.languages.contains_key(name)
    }
}

/// Content patterns the stage needs, registered in the one signals set.
#[derive(Debug, Clone, Copy)]
pub struct StackPatterns {
    go_http: PatternId,
    go_main: PatternId,
    node_http: PatternId,
    llm_http: PatternId,
    uploads: PatternId,
    /// ORM schema files naming the engine (`provider = "postgresql"`, drizzle `dialect`).
    orm_engine: PatternId,
    /// Sign-in through a hosted auth client (`supabase.auth.getUser()`) or a
    /// framework's own user model (`has_secure_password`, Laravel `Authenticatable`).
    sign_in: PatternId,
}

impl StackPatterns {
    /// Adds the stage's patterns to `specs` and remembers their ids.
    pub fn register(specs: &mut Vec<PatternSpec>) -> StackPatterns {
        specs.push(PatternSpec {
            regex: r#"(?m)^\s*(provider\s*=\s*"|dialect\s*:\s*['"])(postgresql|postgres|mysql|sqlite|mongodb|sqlserver|cockroachdb|turso)['"]"#.into(),
            glob: None,
            classes: vec![FileClass::Other, FileClass::Source, FileClass::Config],
            inventory: false,
        });
        let orm_engine = specs.len() - 1;
        let mut add = |regex: &str, glob: Option<&str>| {
            specs.push(PatternSpec {
                regex: regex.into(),
                glob: glob.map(str::to_string),
                classes: vec![FileClass::Source],
                inventory: false,
            });
            specs.len() - 1
        };
        StackPatterns {
            orm_engine,
            go_http: add(
                r"http\.ListenAndServe(TLS)?\(|&http\.Server\{|http\.Server\{",
                Some("**/*.go"),
            ),
            go_main: add(r"(?m)^package main\b", Some("**/*.go")),
            node_http: add(r"http\.createServer\(|Deno\.serve\(|Bun\.serve\(", None),
            llm_http: add(
                r"api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis\.com|api\.mistral\.ai|api\.groq\.com|api\.cohere\.(ai|com)|api\.together\.xyz|openrouter\.ai/api",
                None,
            ),
            uploads: add(
                r"multer\(|formidable\(|busboy|UploadFile\b|request\.FILES|->file\(|\.FormFile\(|\.formData\(\)|WithFileUploads\b|FileUpload::make\(|\bUploadedFile\b",
                None,
            ),
            sign_in: add(
                r"\.auth\.(getUser|getSession|signInWithPassword|signInWithOtp|signInWithOAuth|signUp|onAuthStateChange|exchangeCodeForSession)\(|\bhas_secure_password\b|Illuminate\\Foundation\\Auth\\User\b|\b(AbstractUser|AbstractBaseUser)\)|implements UserDetailsService\b",
                None,
            ),
        }
    }
}

/// Builds the stack and derived facts.
pub fn derive(
    inv: &Inventory,
    facts: &Facts,
    signals: &Signals,
    pats: &StackPatterns,
    ci: &CiCommands,
    vcs: &crate::facts::vcs::Vcs,
) -> Stack {
    let mut stack = Stack {
        languages: languages(inv),
        ..Default::default()
    };

    // Frameworks and databases from dependencies.
    let mut hints: Vec<(KindHint, Evidence)> = Vec::new();
    for fw in FRAMEWORKS {
        let ev: Vec<Evidence> = facts
            .dependencies
            .iter()
            .filter(|d| {
                d.ecosystem == fw.ecosystem && fw.deps.iter().any(|n| dep_matches(n, &d.name))
            })
            .take(MAX_EVIDENCE)
            .map(|d| d.evidence())
            .collect();
        if !ev.is_empty() {
            for h in fw.kinds {
                hints.push((*h, ev[0].clone()));
            }
            push_named(&mut stack.frameworks, fw.name, ev);
        }
    }
    // Go's standard library server has no dependency to show.
    let go_http = signals.hits(pats.go_http);
    if !go_http.is_empty() && !stack.frameworks.iter().any(|f| f.name.starts_with("Go ")) {
        let ev = hit_evidence(go_http, "Go net/http server");
        hints.push((KindHint::Http, ev[0].clone()));
        push_named(&mut stack.frameworks, GO_STDLIB_HTTP, ev);
    }
    let node_http = signals.hits(pats.node_http);
    if !node_http.is_empty() {
        hints.push((
            KindHint::Http,
            hit_evidence(node_http, "HTTP server")[0].clone(),
        ));
    }
    for db in DATABASES {
        let ev: Vec<Evidence> = facts
            .dependencies
            .iter()
            .filter(|d| {
                db.deps
                    .iter()
                    .any(|(eco, n)| *eco == d.ecosystem && dep_matches(n, &d.name))
            })
            .take(MAX_EVIDENCE)
            .map(|d| d.evidence())
            .collect();
        let mut ev = ev;
        for c in &facts.compose {
            for s in &c.services {
                if let Some(img) = &s.image
                    && db.images.iter().any(|i| image_name(img) == *i)
                {
                    ev.push(Evidence::at(
                        c.file.clone(),
                        s.line,
                        format!("compose service {} ({img})", s.name),
                    ));
                }
            }
        }
        for p in &facts.platforms {
            for s in &p.settings {
                if db.bindings.iter().any(|b| s.detail.contains(b)) {
                    ev.push(s.clone());
                }
            }
        }
        ev.truncate(MAX_EVIDENCE);
        if !ev.is_empty() {
            push_named(&mut stack.databases, db.name, ev);
        }
    }

    // The engine behind an ORM, from its schema or config.
    for h in signals
        .hits(pats.orm_engine)
        .iter()
        .filter(|h| h.path.ends_with(".prisma") || h.path.contains("drizzle.config"))
    {
        let engine = [
            "postgresql",
            "postgres",
            "mysql",
            "sqlite",
            "mongodb",
            "sqlserver",
            "cockroachdb",
            "turso",
        ]
        .iter()
        .find(|e| h.snippet.contains(&format!("\"{e}\"")) || h.snippet.contains(&format!("'{e}'")));
        let Some(name) = engine.and_then(|e| {
            ORM_ENGINES
                .iter()
                .find(|(tokens, _)| tokens.contains(e))
                .map(|(_, name)| *name)
        }) else {
            continue;
        };
        push_named(
            &mut stack.databases,
            name,
            vec![h.evidence("ORM datasource")],
        );
    }

    // Platforms: declared by descriptors, IaC, or a deploy step naming them.
    for p in &facts.platforms {
        push_named(
            &mut stack.platforms,
            p.platform.label(),
            vec![Evidence::at(
                p.file.clone(),
                p.line,
                format!("{} descriptor", p.platform.label()),
            )],
        );
    }
    for d in &facts.dockerfiles {
        if !d.dev_only && !d.test_only {
            push_named(
                &mut stack.platforms,
                Platform::Docker.label(),
                vec![Evidence::file(d.file.clone(), "Dockerfile")],
            );
        }
    }
    for c in ci.of_kind(CommandKind::Deploy) {
        if let Some(k) = c.kinds.iter().find(|k| k.kind == CommandKind::Deploy)
            && let Some(name) = tables::platform_of_deploy_tool(k.tool)
        {
            push_named(&mut stack.platforms, name, vec![c.evidence()]);
        }
    }
    for f in &inv.files {
        if f.path.ends_with(".tf") {
            push_named(
                &mut stack.platforms,
                TERRAFORM,
                vec![Evidence::file(f.path.clone(), "Terraform")],
            );
        }
        if f.path.ends_with("Chart.yaml") || f.path.ends_with("kustomization.yaml") {
            push_named(
                &mut stack.platforms,
                Platform::Kubernetes.label(),
                vec![Evidence::file(f.path.clone(), "Kubernetes manifests")],
            );
        }
    }

    // Derived facts.
    let mut d = BTreeMap::new();
    let code: Vec<Evidence> = inv
        .files
        .iter()
        .filter(|f| f.class == FileClass::Source && f.language.is_some_and(is_code_language))
        .take(3)
        .map(|f| {
            Evidence::file(
                f.path.clone(),
                format!("{} source", f.language.unwrap_or("")),
            )
        })
        .collect();
    d.insert(
        Fact::HasSourceCode,
        value(code, "no source code files found"),
    );

    let tests: Vec<Evidence> = inv
        .files
        .iter()
        .filter(|f| {
            f.class == FileClass::Test
                && f.language.is_some_and(is_code_language)
                && !is_test_support(&f.path)
        })
        .take(MAX_EVIDENCE)
        .map(|f| Evidence::file(f.path.clone(), "test file"))
        .collect();
    d.insert(Fact::HasTests, value(tests, "no test files found"));

    let mut runner = deps_in(facts, tables::TEST_RUNNERS, false);
    for (file, what) in tables::TEST_RUNNER_FILES {
        if let Some(f) = inv
            .files
            .iter()
            .find(|f| f.path == *file || f.path.ends_with(&format!("/{file}")))
        {
            runner.push(Evidence::file(f.path.clone(), *what));
        }
    }
    for s in &facts.scripts {
        if s.name == "test" && !s.command.contains("no test specified") {
            runner.push(Evidence::at(
                s.file.clone(),
                s.line,
                format!("`test` script: {}", s.command),
            ));
        }
    }
    // Go, Rust, Elixir and .NET ship their test runner with the toolchain.
    for (lang, what) in [
        ("Go", "go test (built into the Go toolchain)"),
        ("Rust", "cargo test (built into Cargo)"),
    ] {
        if stack.languages.contains_key(lang)
            && let Some(f) = inv
                .files
                .iter()
                .find(|f| f.language == Some(lang) && f.class == FileClass::Test)
        {
            runner.push(Evidence::file(f.path.clone(), what));
        }
    }
    runner.truncate(MAX_EVIDENCE);
    d.insert(
        Fact::HasTestRunner,
        value(runner, "no test runner configured"),
    );

    let ci_ev: Vec<Evidence> = facts
        .pipelines
        .iter()
        .filter(|p| !is_composite_action(p))
        .take(MAX_EVIDENCE)
        .map(|p| {
            Evidence::at(
                p.file.clone(),
                p.line.max(1),
                format!(
                    "CI pipeline{}",
                    p.name
                        .as_ref()
                        .map(|n| format!(" \"{n}\""))
                        .unwrap_or_default()
                ),
            )
        })
        .collect();
    d.insert(Fact::HasCi, value(ci_ev, "no CI configuration found"));

    let manifests: Vec<Evidence> = inv
        .files
        .iter()
        .filter(|f| f.class == FileClass::Manifest)
        .take(3)
        .map(|f| Evidence::file(f.path.clone(), "dependency manifest"))
        .collect();
    d.insert(
        Fact::HasDependencyManifests,
        value(manifests, "no dependency manifest found"),
    );

    let dockerfiles: Vec<Evidence> = facts
        .dockerfiles
        .iter()
        .take(3)
        .map(|f| Evidence::file(f.file.clone(), "Dockerfile"))
        .collect();
    d.insert(
        Fact::HasDockerfile,
        value(dockerfiles, "no Dockerfile found"),
    );

    // Kinds.
    let hinted = |k: KindHint| -> Vec<Evidence> {
        hints
            .iter()
            .filter(|(h, _)| *h == k)
            .map(|(_, e)| e.clone())
            .collect()
    };
    let mut ui: Vec<Evidence> = hinted(KindHint::Ui);
    ui.extend(template_evidence(inv));
    let mut http: Vec<Evidence> = hinted(KindHint::Http);
    for p in &facts.platforms {
        if matches!(
            p.platform,
            Platform::CloudflareWorkers
                | Platform::Heroku
                | Platform::Fly
                | Platform::Render
                | Platform::AppEngine
        ) {
            http.push(Evidence::at(
                p.file.clone(),
                p.line,
                format!("{} service", p.platform.label()),
            ));
        }
    }
    let mut worker: Vec<Evidence> = hinted(KindHint::Worker);
    for p in &facts.platforms {
        worker.extend(
            p.settings
                .iter()
                .filter(|s| {
                    s.detail.starts_with("process worker") || s.detail.contains("type worker")
                })
                .cloned(),
        );
    }
    let mobile: Vec<Evidence> = hinted(KindHint::Mobile);
    let mut cli: Vec<Evidence> = hinted(KindHint::Cli);
    let go_main = signals.hits(pats.go_main);
    if !go_main.is_empty() && http.is_empty() {
        cli.extend(hit_evidence(go_main, "Go main package"));
    }
    ui.truncate(MAX_EVIDENCE);
    http.truncate(MAX_EVIDENCE);
    worker.truncate(MAX_EVIDENCE);
    cli.truncate(MAX_EVIDENCE);

    let is_app = !ui.is_empty() || !http.is_empty() || !worker.is_empty();
    let library: Vec<Evidence> = if is_app || !mobile.is_empty() {
        Vec::new()
    } else {
        library_evidence(inv, facts)
    };

    d.insert(
        Fact::WebUi,
        value(ui.clone(), "no web UI framework or templates found"),
    );
    d.insert(
        Fact::HttpService,
        value(http.clone(), "no HTTP server framework found"),
    );
    d.insert(
        Fact::ServesHttpApi,
        value(http.clone(), "no HTTP server framework found"),
    );
    d.insert(
        Fact::Worker,
        value(worker.clone(), "no background worker found"),
    );
    d.insert(
        Fact::Mobile,
        value(mobile.clone(), "no mobile app framework found"),
    );
    d.insert(
        Fact::Cli,
        value(cli.clone(), "no command-line entry point found"),
    );
    d.insert(
        Fact::Library,
        value(
            library.clone(),
            "the repository is an application, not a library",
        ),
    );

    for (kind, ev) in [
        (ProjectKind::WebUi, &ui),
        (ProjectKind::HttpService, &http),
        (ProjectKind::Library, &library),
        (ProjectKind::Cli, &cli),
        (ProjectKind::Worker, &worker),
        (ProjectKind::Mobile, &mobile),
    ] {
        if !ev.is_empty() {
            stack.kinds.push(kind);
        }
    }

    let mut deployable: Vec<Evidence> = Vec::new();
    deployable.extend(http.iter().take(2).cloned());
    deployable.extend(ui.iter().take(2).cloned());
    deployable.extend(worker.iter().take(1).cloned());
    d.insert(
        Fact::DeployableApp,
        value(
            deployable,
            "no web UI, HTTP service or worker: nothing to deploy (library, CLI or empty)",
        ),
    );

    // Distributed products publish versioned artifacts; operated services deploy.
    let deploys: Vec<Evidence> = ci
        .of_kind(CommandKind::Deploy)
        .take(3)
        .map(|c| c.evidence())
        .collect();
    let git_integration: Vec<Evidence> = facts
        .platforms
        .iter()
        .filter(|p| {
            matches!(
                p.platform,
                Platform::Vercel
                    | Platform::Netlify
                    | Platform::Render
                    | Platform::Railway
                    | Platform::DigitalOcean
                    | Platform::CloudflarePages
            )
        })
        .map(|p| {
            Evidence::at(
                p.file.clone(),
                p.line,
                format!("{} git integration declared", p.platform.label()),
            )
        })
        .collect();
    let mut hosted = deploys.clone();
    hosted.extend(git_integration);
    hosted.truncate(MAX_EVIDENCE);
    let publishes: Vec<Evidence> = ci
        .of_kind(CommandKind::Publish)
        .filter(|c| {
            let p = &facts.pipelines[c.pipeline];
            p.triggers.iter().any(|t| t == "tag" || t == "release") || !p.tag_filters.is_empty()
        })
        .take(3)
        .map(|c| c.evidence())
        .collect();
    let distributed = if hosted.is_empty() && is_app {
        publishes
    } else {
        Vec::new()
    };
    d.insert(
        Fact::DeploysHostedInstance,
        value(hosted, "no deployment of a hosted instance found"),
    );
    d.insert(Fact::DistributedProduct, value(distributed, "not a distributed product (no versioned artifacts published on tag, or it deploys a hosted instance)"));

    let mut db_ev: Vec<Evidence> = stack
        .databases
        .iter()
        .filter(|n| n.name != "Redis")
        .flat_map(|n| n.evidence.iter().take(1).cloned())
        .collect();
    let migrations: Vec<Evidence> = inv
        .of_class(FileClass::Migration)
        .take(3)
        .map(|f| Evidence::file(f.path.clone(), "migration"))
        .collect();
    db_ev.extend(migrations.iter().take(1).cloned());
    db_ev.truncate(MAX_EVIDENCE);
    d.insert(
        Fact::UsesDatabase,
        value(db_ev, "no database driver, ORM or migrations found"),
    );
    d.insert(
        Fact::HasMigrations,
        value(migrations, "no migrations found"),
    );

    let mut llm = deps_in(facts, tables::LLM_SDKS, false);
    llm.extend(hit_evidence(signals.hits(pats.llm_http), "LLM API host"));
    llm.truncate(MAX_EVIDENCE);
    d.insert(Fact::CallsLlm, value(llm, "no LLM SDK or API call found"));

    let payments = deps_in(facts, tables::PAYMENT_SDKS, true);
    d.insert(
        Fact::HandlesPayments,
        value(payments, "no payment processor SDK found"),
    );

    let mut accounts = deps_in(facts, tables::AUTH_LIBS, false);
    accounts.extend(hit_evidence(signals.hits(pats.sign_in), "user sign-in"));
    // Tables owned by users of the database's own auth schema (Supabase `auth.users`).
    accounts.extend(
        facts
            .sql_schema
            .foreign_keys
            .iter()
            .filter(|fk| fk.references.schema == "auth" && fk.references.name == "users")
            .take(1)
            .map(|fk| {
                Evidence::at(
                    fk.file.clone(),
                    fk.line,
                    format!("table {} references auth.users", fk.table),
                )
            }),
    );
    accounts.truncate(MAX_EVIDENCE);
    d.insert(
        Fact::UserAccounts,
        value(accounts, "no authentication library found"),
    );
    let uploads = hit_evidence(signals.hits(pats.uploads), "file upload handling");
    d.insert(
        Fact::HandlesUploads,
        value(uploads, "no file upload handling found"),
    );

    let tags = if vcs.version_tag_count > 0 {
        vec![Evidence::file(
            ".git/packed-refs",
            format!(
                "{} version tag(s), e.g. {}",
                vcs.version_tag_count,
                vcs.version_tags
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )]
    } else {
        Vec::new()
    };
    d.insert(Fact::HasReleaseTags, value(tags, "no version tags in .git"));

    // Platforms whose edge network fronts every request (built-in DDoS protection).
    let mut edge: Vec<Evidence> = facts
        .platforms
        .iter()
        .filter(|p| {
            matches!(
                p.platform,
                Platform::Vercel
                    | Platform::Netlify
                    | Platform::CloudflareWorkers
                    | Platform::CloudflarePages
            )
        })
        .take(2)
        .map(|p| {
            Evidence::at(
                p.file.clone(),
                p.line,
                format!("{} edge network declared", p.platform.label()),
            )
        })
        .collect();
    edge.extend(
        ci.of_kind(CommandKind::Deploy)
            .filter(|c| {
                c.kinds.iter().any(|k| {
                    matches!(
                        k.tool,
                        "vercel" | "netlify" | "wrangler" | "cloudflare-pages"
                    )
                })
            })
            .take(1)
            .map(|c| c.evidence()),
    );
    d.insert(
        Fact::OnEdgePlatform,
        value(
            edge,
            "no edge platform (Vercel, Netlify, Cloudflare) declared",
        ),
    );

    stack.derived = d;
    stack.frameworks.sort_by(|a, b| a.name.cmp(&b.name));
    stack.platforms.sort_by(|a, b| a.name.cmp(&b.name));
    stack.databases.sort_by(|a, b| a.name.cmp(&b.name));
    stack
}

fn value(evidence: Vec<Evidence>, reason_if_false: &str) -> DerivedValue {
    let value = !evidence.is_empty();
    DerivedValue {
        value,
        evidence,
        reason: if value {
            String::new()
        } else {
            reason_if_false.to_string()
        },
    }
}

fn push_named(list: &mut Vec<Named>, name: &str, ev: Vec<Evidence>) {
    match list.iter_mut().find(|n| n.name == name) {
        Some(n) => {
            for e in ev {
                if n.evidence.len() < MAX_EVIDENCE && !n.evidence.contains(&e) {
                    n.evidence.push(e);
                }
            }
        }
        None => list.push(Named {
            name: name.to_string(),
            evidence: ev,
        }),
    }
}

/// Evidence of the first three dependencies named in `table` (runtime ones
/// only when `runtime_only`).
fn deps_in(
    facts: &Facts,
    table: &[(crate::facts::Ecosystem, &str)],
    runtime_only: bool,
) -> Vec<Evidence> {
    facts
        .dependencies
        .iter()
        .filter(|dep| !runtime_only || dep.kind == crate::facts::DepKind::Runtime)
        .filter(|dep| {
            table
                .iter()
                .any(|(eco, n)| *eco == dep.ecosystem && dep_matches(n, &dep.name))
        })
        .take(3)
        .map(|dep| dep.evidence())
        .collect()
}

fn hit_evidence(hits: &[crate::signals::Hit], what: &str) -> Vec<Evidence> {
    hits.iter()
        .take(MAX_EVIDENCE)
        .map(|h| h.evidence(what))
        .collect()
}

/// `@sentry/*`-style globs and exact names.
pub fn dep_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}

fn image_name(image: &str) -> &str {
    let no_tag = image.split('@').next().unwrap_or(image);
    let no_tag = match no_tag.rsplit_once(':') {
        Some((a, b)) if !b.contains('/') => a,
        _ => no_tag,
    };
    no_tag.rsplit('/').next().unwrap_or(no_tag)
}

/// Helpers and fixtures inside test folders are not tests.
fn is_test_support(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.contains("/fixtures/") || lower.contains("/testdata/") || lower.contains("__mocks__")
}

fn languages(inv: &Inventory) -> BTreeMap<String, LanguageShare> {
    let mut map: BTreeMap<String, LanguageShare> = BTreeMap::new();
    let mut total = 0u64;
    for f in &inv.files {
        if !matches!(
            f.class,
            FileClass::Source | FileClass::Test | FileClass::Migration
        ) {
            continue;
        }
        let Some(lang) = f.language else { continue };
        let e = map.entry(lang.to_string()).or_insert(LanguageShare {
            files: 0,
            bytes: 0,
            share: 0.0,
        });
        e.files += 1;
        e.bytes += f.size;
        total += f.size;
    }
    for v in map.values_mut() {
        v.share = if total == 0 {
            0.0
        } else {
            (v.bytes as f64 / total as f64 * 1000.0).round() / 1000.0
        };
    }
    map
}

/// Server-rendered templates (Django/Jinja, ERB, Blade, Go templates, EJS…).
fn template_evidence(inv: &Inventory) -> Vec<Evidence> {
    inv.files
        .iter()
        .filter(|f| {
            let p = f.path.to_ascii_lowercase();
            let in_views = p.contains("templates/")
                || p.contains("/views/")
                || p.starts_with("views/")
                || p.contains("resources/views/");
            let template_ext = [
                ".html",
                ".erb",
                ".blade.php",
                ".jinja",
                ".jinja2",
                ".j2",
                ".hbs",
                ".ejs",
                ".twig",
                ".tmpl",
                ".gohtml",
                ".heex",
                ".liquid",
                ".njk",
                ".pug",
                ".haml",
                ".slim",
            ]
            .iter()
            .any(|e| p.ends_with(e));
            in_views && template_ext && f.class != FileClass::Test
        })
        .take(2)
        .map(|f| Evidence::file(f.path.clone(), "server-rendered template"))
        .collect()
}

fn library_evidence(inv: &Inventory, facts: &Facts) -> Vec<Evidence> {
    let mut ev = Vec::new();
    if inv.exists("src/lib.rs") {
        ev.push(Evidence::file("src/lib.rs", "Rust library crate"));
    }
    for f in &inv.files {
        if f.path.ends_with(".gemspec") && !f.path.contains('/') {
            ev.push(Evidence::file(f.path.clone(), "Ruby gem"));
        }
    }
    let python_package = inv.exists("setup.py")
        || inv.exists("pyproject.toml")
            && inv
                .files
                .iter()
                .any(|f| f.class == FileClass::Source && f.language == Some("Python"));
    if python_package && let Some(f) = inv.get("pyproject.toml").or_else(|| inv.get("setup.py")) {
        ev.push(Evidence::file(f.path.clone(), "Python package"));
    }
    if inv.exists("go.mod")
        && !inv
            .files
            .iter()
            .any(|f| f.path == "main.go" || f.path.starts_with("cmd/"))
    {
        ev.push(Evidence::file("go.mod", "Go module without a main package"));
    }
    if inv.exists("package.json")
        && facts
            .dependencies
            .iter()
            .any(|d| d.manifest == "package.json")
    {
        // A package that exports code is a library when nothing else says app.
        ev.push(Evidence::file("package.json", "npm package"));
    }
    if inv.exists("composer.json") {
        ev.push(Evidence::file("composer.json", "Composer package"));
    }
    if inv.exists("pom.xml") || inv.exists("build.gradle") || inv.exists("build.gradle.kts") {
        ev.push(Evidence::file(
            if inv.exists("pom.xml") {
                "pom.xml"
            } else {
                "build.gradle"
            },
            "JVM library",
        ));
    }
    ev.truncate(2);
    ev
}
