//! Schema and database-setup analyzers (DAT-01, DAT-02, DAT-06, DAT-07,
//! DAT-08, DAT-10).
//!
//! - `schemaless_store_only`: the only stores are schemaless (MongoDB,
//!   DynamoDB, Firestore) and no migration tool is present (DAT-01 `n/a`).
//! - `versioned_migrations`: ordered migrations: numbered or timestamped files
//!   in a migrations folder, Alembic `versions/`, drizzle-kit's journal,
//!   Liquibase/Atlas/Flyway layouts, or a migration list embedded in Go code.
//! - `loose_schema_files`: schema SQL without ordering or tooling.
//! - `relational_database`, `database_over_http_only`,
//!   `embedded_sqlite_default`: applicability of DAT-06/DAT-07.
//! - `declares_foreign_keys`, `unindexed_foreign_keys`,
//!   `foreign_keys_indexed`: DAT-08 over `facts.sql_schema` and
//!   `facts.schema_dsl`, with the implicit-index ruling (MySQL InnoDB as the
//!   shipped default engine, Django `ForeignKey`, Rails `t.references`).
//! - `seed_data`: seed scripts, seeders, fixtures or sample rows (DAT-10).

use std::collections::HashSet;

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::facts::{SqlName, SqlOrigin, SqlSchema};
use crate::inventory::FileClass;
use crate::signals::PatternSpec;

const MAX: usize = 8;

const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "spec",
    "fixtures",
    "testdata",
    "__tests__",
    "e2e",
    "examples",
    "example",
    "node_modules",
    "vendor",
];

fn in_test_dir(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    parts[..parts.len().saturating_sub(1)]
        .iter()
        .any(|d| TEST_DIRS.contains(d))
}

// ---------------------------------------------------------------- DAT-01

const SCHEMALESS: &[&str] = &["MongoDB", "DynamoDB", "Firebase Firestore", "Redis"];
const RELATIONAL_ENGINES: &[&str] = &[
    "PostgreSQL",
    "MySQL",
    "SQLite",
    "SQL Server",
    "Supabase (PostgreSQL)",
];
const SQL_ORMS: &[&str] = &["Prisma ORM", "SQL ORM", "Django ORM"];

pub const SCHEMALESS_STORE_ONLY: Analyzer = Analyzer {
    id: "schemaless_store_only",
    version: 1,
    question: "Are the only data stores schemaless (MongoDB, DynamoDB, Firestore), with no migration tool?",
    run: schemaless_store_only,
    patterns: super::no_patterns,
};

fn schemaless_store_only(cx: &EvalCtx) -> Outcome {
    let dbs = &cx.stack.databases;
    let schemaless: Vec<_> = dbs
        .iter()
        .filter(|d| SCHEMALESS.contains(&d.name.as_str()) && d.name != "Redis")
        .collect();
    if schemaless.is_empty()
        || dbs.iter().any(|d| !SCHEMALESS.contains(&d.name.as_str()))
        || cx.inv.of_class(FileClass::Migration).next().is_some()
        || cx.facts.dependencies.iter().any(|d| {
            matches!(
                d.name.as_str(),
                "migrate-mongo"
                    | "mongoose-migrate"
                    | "mongodb-migrations"
                    | "mongock"
                    | "mongrations"
            )
        })
    {
        return Outcome::no();
    }
    Outcome::yes(
        schemaless
            .iter()
            .flat_map(|d| d.evidence.iter().take(1))
            .map(|e| {
                Evidence::new(
                    e.path.clone(),
                    e.line,
                    format!("schemaless store {}", e.detail),
                )
            })
            .collect(),
    )
}

pub const VERSIONED_MIGRATIONS: Analyzer = Analyzer {
    id: "versioned_migrations",
    version: 1,
    question: "Does the repository keep ordered, versioned migrations applied by a tool?",
    run: versioned_migrations,
    patterns: versioned_patterns,
};

fn versioned_patterns() -> Vec<PatternSpec> {
    vec![
        // A migration list embedded in Go code (miniflux-style), or goose Go migrations.
        PatternSpec::new(
            r"\bmigrations\s*=\s*(?:\[[^\]]*\]|map\[[^\]]*\])\s*(?:func|string|migration)|goose\.AddMigration\(",
            Some("**/*.go"),
            vec![FileClass::Source, FileClass::Migration],
        ),
        // Liquibase changelogs.
        PatternSpec::new(
            r"databaseChangeLog",
            None,
            vec![FileClass::Config, FileClass::Other, FileClass::Source],
        ),
    ]
}

/// Why a migration-class file is versioned, when it is.
fn versioned_reason(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let name = *parts.last()?;
    let parent = parts.len().checked_sub(2).map(|i| parts[i]).unwrap_or("");
    let numbered = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
    if lower.contains("/alembic/versions/") || lower.starts_with("alembic/versions/") {
        return Some("Alembic revision");
    }
    if name.starts_with('v')
        && name[1..].starts_with(|c: char| c.is_ascii_digit())
        && name.contains("__")
    {
        return Some("Flyway versioned migration");
    }
    if name.ends_with(".up.sql") && numbered(name) {
        return Some("numbered up/down migration");
    }
    if numbered(name) && name.contains(['_', '-']) {
        return Some("numbered migration");
    }
    if numbered(parent) && parent.contains(['_', '-']) && matches!(name, "migration.sql" | "up.sql")
    {
        return Some("timestamped migration folder");
    }
    None
}

fn versioned_migrations(cx: &EvalCtx) -> Outcome {
    let mut ev: Vec<Evidence> = Vec::new();
    let mut count = 0usize;
    for f in &cx.inv.files {
        if in_test_dir(&f.path) {
            continue;
        }
        let lower = f.path.to_ascii_lowercase();
        let reason = if f.class == FileClass::Migration {
            versioned_reason(&f.path)
        } else if lower.ends_with("meta/_journal.json") {
            Some("drizzle-kit migration journal")
        } else if lower.ends_with("atlas.sum") {
            Some("Atlas migration directory")
        } else if lower.ends_with(".sql")
            && (lower.starts_with("drizzle/") || lower.contains("/drizzle/"))
            && versioned_reason(&f.path).is_some()
        {
            Some("drizzle-kit migration")
        } else {
            None
        };
        if let Some(r) = reason {
            count += 1;
            if ev.len() < 3 {
                ev.push(Evidence::file(f.path.clone(), r));
            }
        }
    }
    if count > 3 {
        ev.push(Evidence::file(
            ".",
            format!("{count} versioned migration files"),
        ));
    }
    for h in cx.own_hits("versioned_migrations", 0).iter().take(2) {
        ev.push(h.evidence("ordered migrations in code"));
    }
    for h in cx.own_hits("versioned_migrations", 1).iter().take(2) {
        ev.push(Evidence::at(h.path.clone(), h.line, "Liquibase changelog"));
    }
    Outcome::yes(ev)
}

pub const LOOSE_SCHEMA_FILES: Analyzer = Analyzer {
    id: "loose_schema_files",
    version: 1,
    question: "Does the repository keep schema SQL or migration files without ordering or tooling?",
    run: loose_schema_files,
    patterns: super::no_patterns,
};

fn loose_schema_files(cx: &EvalCtx) -> Outcome {
    let schema = &cx.facts.sql_schema;
    let mut with_ddl: Vec<&str> = Vec::new();
    for f in &schema.files {
        if schema.tables.iter().any(|t| t.file == f.path)
            || schema.foreign_keys.iter().any(|k| k.file == f.path)
            || schema.indexes.iter().any(|k| k.file == f.path)
        {
            with_ddl.push(&f.path);
        }
    }
    let mut ev: Vec<Evidence> = with_ddl
        .iter()
        .take(MAX)
        .map(|p| Evidence::file(*p, "schema SQL without version ordering"))
        .collect();
    if ev.is_empty() {
        ev = cx
            .inv
            .of_class(FileClass::Migration)
            .filter(|f| !in_test_dir(&f.path))
            .take(MAX)
            .map(|f| Evidence::file(f.path.clone(), "migration file without version ordering"))
            .collect();
    }
    Outcome::yes(ev)
}

// ------------------------------------------------------------ DAT-06/07

pub const RELATIONAL_DATABASE: Analyzer = Analyzer {
    id: "relational_database",
    version: 1,
    question: "Does the application use a relational database?",
    run: relational_database,
    patterns: super::no_patterns,
};

fn relational_database(cx: &EvalCtx) -> Outcome {
    let dbs = &cx.stack.databases;
    let engines: Vec<_> = dbs
        .iter()
        .filter(|d| RELATIONAL_ENGINES.contains(&d.name.as_str()))
        .collect();
    let orms: Vec<_> = dbs
        .iter()
        .filter(|d| SQL_ORMS.contains(&d.name.as_str()))
        .collect();
    // Prisma on MongoDB alone is not relational.
    if engines.is_empty()
        && dbs.iter().any(|d| d.name == "MongoDB")
        && orms.iter().all(|d| d.name == "Prisma ORM")
    {
        return Outcome::no();
    }
    Outcome::yes(
        engines
            .iter()
            .chain(orms.iter())
            .flat_map(|d| d.evidence.iter().take(1).cloned())
            .take(MAX)
            .collect(),
    )
}

/// Evidence that the code opens database connections itself (a driver or ORM dependency).
fn direct_drivers(cx: &EvalCtx) -> Vec<Evidence> {
    cx.stack
        .databases
        .iter()
        .filter(|d| {
            d.name != "Supabase (PostgreSQL)"
                && (RELATIONAL_ENGINES.contains(&d.name.as_str())
                    || SQL_ORMS.contains(&d.name.as_str()))
        })
        .flat_map(|d| d.evidence.iter())
        .filter(|e| e.detail.starts_with("dependency") || e.detail.starts_with("ORM datasource"))
        .cloned()
        .collect()
}

pub const DATABASE_OVER_HTTP_ONLY: Analyzer = Analyzer {
    id: "database_over_http_only",
    version: 1,
    question: "Does the server reach its database only through an HTTP API (supabase-js / PostgREST)?",
    run: database_over_http_only,
    patterns: super::no_patterns,
};

fn database_over_http_only(cx: &EvalCtx) -> Outcome {
    let Some(supa) = cx
        .stack
        .databases
        .iter()
        .find(|d| d.name == "Supabase (PostgreSQL)")
    else {
        return Outcome::no();
    };
    if !direct_drivers(cx).is_empty() {
        return Outcome::no();
    }
    Outcome::yes(
        supa.evidence
            .iter()
            .take(2)
            .map(|e| {
                Evidence::new(
                    e.path.clone(),
                    e.line,
                    format!("{} (HTTP API; no SQL driver or ORM)", e.detail),
                )
            })
            .collect(),
    )
}

pub const EMBEDDED_SQLITE_DEFAULT: Analyzer = Analyzer {
    id: "embedded_sqlite_default",
    version: 1,
    question: "Is the shipped default database an embedded SQLite file?",
    run: embedded_sqlite_default,
    patterns: engine_patterns,
};

fn engine_patterns() -> Vec<PatternSpec> {
    vec![
        // Laravel's example env: `DB_CONNECTION=sqlite` (a commented line does not match).
        PatternSpec::new(
            r"(?m)^DB_CONNECTION\s*=\s*['\x22]?[A-Za-z]+",
            Some("**/.env.{example,sample,dist,template,defaults}"),
            vec![],
        ),
        // config/database.php: `'default' => env('DB_CONNECTION', 'sqlite')`.
        PatternSpec::new(
            r#"env\(\s*['"]DB_CONNECTION['"]\s*,\s*['"][a-z]+['"]"#,
            Some("**/config/database.php"),
            vec![FileClass::Source, FileClass::Config],
        ),
        // Django settings naming the engine.
        PatternSpec::new(
            r#"django\.db\.backends\.(sqlite3|postgresql|postgresql_psycopg2|mysql|oracle)"#,
            None,
            vec![FileClass::Source, FileClass::Config],
        ),
    ]
}

/// The shipped default engine, when the repository says: `sqlite`, `mysql`
/// or `postgresql`, with the evidence that says it.
fn default_engine(cx: &EvalCtx) -> Option<(&'static str, Evidence)> {
    let norm = |s: &str| -> Option<&'static str> {
        let s = s.to_ascii_lowercase();
        if s.contains("sqlite") {
            Some("sqlite")
        } else if s.contains("mysql") || s.contains("mariadb") {
            Some("mysql")
        } else if s.contains("pgsql") || s.contains("postgres") {
            Some("postgresql")
        } else {
            None
        }
    };
    let from_hits = |i: usize, what: &str| {
        cx.own_hits("embedded_sqlite_default", i)
            .iter()
            .find_map(|h| {
                let v = h.matched.rsplit(['=', ',']).next().unwrap_or("");
                norm(v).map(|e| (e, h.evidence(what)))
            })
    };
    if let Some(x) = from_hits(0, "default connection in the example env") {
        return Some(x);
    }
    if let Some(x) = from_hits(1, "default connection") {
        return Some(x);
    }
    let django: Vec<_> = cx
        .own_hits("embedded_sqlite_default", 2)
        .iter()
        .filter_map(|h| norm(&h.matched).map(|e| (e, h)))
        .collect();
    if !django.is_empty()
        && django.iter().all(|(e, _)| *e == "sqlite")
        && direct_server_engines(cx).is_empty()
    {
        let h = django[0].1;
        return Some(("sqlite", h.evidence("Django engine")));
    }
    let engines = direct_server_engines(cx);
    let sqlite = cx.stack.databases.iter().find(|d| d.name == "SQLite");
    match (engines.as_slice(), sqlite) {
        ([], Some(s)) => s.evidence.first().map(|e| {
            (
                "sqlite",
                Evidence::new(
                    e.path.clone(),
                    e.line,
                    format!("only database engine is SQLite: {}", e.detail),
                ),
            )
        }),
        ([one], None) if one.0 == "MySQL" => Some((
            "mysql",
            Evidence::new(
                one.1.path.clone(),
                one.1.line,
                format!("only database engine is MySQL: {}", one.1.detail),
            ),
        )),
        _ => None,
    }
}

/// Server engines named by a dependency or an ORM datasource.
fn direct_server_engines<'a>(cx: &'a EvalCtx) -> Vec<(&'a str, &'a Evidence)> {
    cx.stack
        .databases
        .iter()
        .filter(|d| {
            matches!(
                d.name.as_str(),
                "PostgreSQL" | "MySQL" | "SQL Server" | "Supabase (PostgreSQL)"
            )
        })
        .filter_map(|d| d.evidence.first().map(|e| (d.name.as_str(), e)))
        .collect()
}

fn embedded_sqlite_default(cx: &EvalCtx) -> Outcome {
    match default_engine(cx) {
        Some(("sqlite", ev)) => Outcome::yes(vec![ev]),
        _ => Outcome::no(),
    }
}

// ---------------------------------------------------------------- DAT-08

pub const DECLARES_FOREIGN_KEYS: Analyzer = Analyzer {
    id: "declares_foreign_keys",
    version: 1,
    question: "Do SQL or ORM migrations declare foreign keys?",
    run: declares_foreign_keys,
    patterns: django_fk_patterns,
};

fn django_fk_patterns() -> Vec<PatternSpec> {
    vec![PatternSpec::new(
        r"\bmodels\.(ForeignKey|OneToOneField)\(",
        Some("**/*.py"),
        vec![FileClass::Source, FileClass::Migration],
    )]
}

/// One foreign key, wherever it was declared.
struct Fk {
    table: String,
    column: String,
    file: String,
    line: u32,
    implicit: Option<&'static str>,
    /// Declared in a one-off script rather than the migrations.
    adhoc: bool,
}

fn short(n: &SqlName) -> String {
    if n.schema == "public" {
        n.name.clone()
    } else {
        n.to_string()
    }
}

/// (table, leading column) of an index, and whether it sits where a fresh
/// database is built from (migrations, schema files, ORM DSL) rather than in
/// a one-off script (`scripts/fix.sql`, a root-level `.sql`).
type IndexSet = HashSet<(String, String, bool)>;

fn is_indexed(idx: &IndexSet, f: &Fk) -> bool {
    let t = f.table.to_ascii_lowercase();
    let c = f.column.to_ascii_lowercase();
    idx.contains(&(t.clone(), c.clone(), true)) || (f.adhoc && idx.contains(&(t, c, false)))
}

fn sql_fks(schema: &SqlSchema, out: &mut Vec<Fk>, idx: &mut IndexSet) {
    let live: Vec<&SqlName> = schema.live_tables().iter().map(|t| &t.name).collect();
    let created: HashSet<&SqlName> = schema.tables.iter().map(|t| &t.name).collect();
    let adhoc = |file: &str| {
        schema
            .files
            .iter()
            .any(|f| f.path == file && f.origin == SqlOrigin::Other)
    };
    for t in &schema.tables {
        if let Some(c) = t.primary_key.first() {
            idx.insert((
                t.name.name.to_ascii_lowercase(),
                c.to_ascii_lowercase(),
                !adhoc(&t.file),
            ));
        }
    }
    for i in &schema.indexes {
        if let Some(c) = i.columns.first() {
            idx.insert((
                i.table.name.to_ascii_lowercase(),
                c.to_ascii_lowercase(),
                !adhoc(&i.file),
            ));
        }
    }
    for fk in &schema.foreign_keys {
        if created.contains(&fk.table) && !live.contains(&&fk.table) {
            continue; // the table was dropped later
        }
        let Some(c) = fk.columns.first() else {
            continue;
        };
        out.push(Fk {
            table: short(&fk.table),
            column: c.clone(),
            file: fk.file.clone(),
            line: fk.line,
            implicit: None,
            adhoc: adhoc(&fk.file),
        });
    }
}

/// Every foreign key and the set of (table, leading column) indexes.
fn foreign_keys(cx: &EvalCtx) -> (Vec<Fk>, IndexSet) {
    let mut fks = Vec::new();
    let mut idx = HashSet::new();
    let dsl = &cx.facts.schema_dsl;
    let mysql_default = matches!(default_engine(cx), Some(("mysql", _)));
    for ix in &dsl.indexes {
        if let Some(c) = ix.columns.first() {
            idx.insert((ix.table.to_ascii_lowercase(), c.to_ascii_lowercase(), true));
        }
    }
    for fk in &dsl.foreign_keys {
        let Some(c) = fk.columns.first() else {
            continue;
        };
        let implicit = if fk.indexed_by_dsl {
            Some("the reference creates its index")
        } else if fk.dsl == crate::facts::schema_dsl::SchemaDsl::Prisma {
            dsl.prisma_providers
                .iter()
                .find(|p| p.file == fk.file)
                .or(dsl.prisma_providers.first())
                .filter(|p| p.provider == "mysql")
                .map(|_| "MySQL InnoDB indexes foreign keys implicitly")
        } else if mysql_default {
            Some("MySQL InnoDB indexes foreign keys implicitly")
        } else {
            None
        };
        fks.push(Fk {
            table: fk.table.clone(),
            column: c.clone(),
            file: fk.file.clone(),
            line: fk.line,
            implicit,
            adhoc: false,
        });
    }
    let before = fks.len();
    sql_fks(&dsl.embedded_sql, &mut fks, &mut idx);
    sql_fks(&cx.facts.sql_schema, &mut fks, &mut idx);
    if mysql_default {
        for fk in &mut fks[before..] {
            fk.implicit = Some("MySQL InnoDB indexes foreign keys implicitly");
        }
    }
    for h in cx.own_hits("declares_foreign_keys", 0) {
        if in_test_dir(&h.path) {
            continue;
        }
        fks.push(Fk {
            table: String::new(),
            column: String::new(),
            file: h.path.clone(),
            line: h.line,
            implicit: (!h.snippet.replace(' ', "").contains("db_index=False"))
                .then_some("Django ForeignKey creates its index implicitly"),
            adhoc: false,
        });
    }
    // One entry per (table, column): the first declaration, migrations before one-off scripts.
    fks.sort_by_key(|f| f.adhoc);
    let mut seen = HashSet::new();
    fks.retain(|f| {
        f.table.is_empty()
            || seen.insert((f.table.to_ascii_lowercase(), f.column.to_ascii_lowercase()))
    });
    (fks, idx)
}

fn declares_foreign_keys(cx: &EvalCtx) -> Outcome {
    let (fks, _) = foreign_keys(cx);
    let n = fks.len();
    Outcome::yes(
        fks.iter()
            .take(1)
            .map(|f| {
                Evidence::at(
                    f.file.clone(),
                    f.line,
                    format!("{n} foreign key(s) declared, e.g. {}", label(f)),
                )
            })
            .collect(),
    )
}

fn label(f: &Fk) -> String {
    if f.table.is_empty() {
        "a Django ForeignKey".into()
    } else {
        format!("{}.{}", f.table, f.column)
    }
}

fn unindexed(cx: &EvalCtx) -> (Vec<Fk>, usize) {
    let (fks, idx) = foreign_keys(cx);
    let n = fks.len();
    let bad = fks
        .into_iter()
        .filter(|f| f.implicit.is_none() && !is_indexed(&idx, f))
        .collect();
    (bad, n)
}

pub const UNINDEXED_FOREIGN_KEYS: Analyzer = Analyzer {
    id: "unindexed_foreign_keys",
    version: 1,
    question: "Are there foreign-key columns without an index leading with them?",
    run: unindexed_foreign_keys,
    patterns: super::no_patterns,
};

fn unindexed_foreign_keys(cx: &EvalCtx) -> Outcome {
    let (bad, _) = unindexed(cx);
    Outcome::yes(
        bad.iter()
            .map(|f| {
                if f.table.is_empty() {
                    Evidence::at(
                        f.file.clone(),
                        f.line,
                        "Django ForeignKey with db_index=False",
                    )
                } else {
                    Evidence::at(
                        f.file.clone(),
                        f.line,
                        format!(
                            "foreign key {}.{} ({}:{}) has no index leading with it",
                            f.table, f.column, f.file, f.line
                        ),
                    )
                }
            })
            .collect(),
    )
}

pub const FOREIGN_KEYS_INDEXED: Analyzer = Analyzer {
    id: "foreign_keys_indexed",
    version: 1,
    question: "Does every foreign-key column have an index leading with it?",
    run: foreign_keys_indexed,
    patterns: super::no_patterns,
};

fn foreign_keys_indexed(cx: &EvalCtx) -> Outcome {
    let (bad, n) = unindexed(cx);
    if !bad.is_empty() || n == 0 {
        return Outcome::no();
    }
    let (fks, _) = foreign_keys(cx);
    let implicit = fks.iter().filter(|f| f.implicit.is_some()).count();
    let files: HashSet<&str> = fks.iter().map(|f| f.file.as_str()).collect();
    let mut detail = format!(
        "checked {n} foreign key(s) in {} file(s): each has an index leading with its column",
        files.len()
    );
    if let Some(why) = fks.iter().find_map(|f| f.implicit) {
        detail.push_str(&format!(" ({implicit} implicitly: {why})"));
    }
    Outcome::yes(vec![Evidence::file(".", detail)])
}

// ---------------------------------------------------------------- DAT-10

pub const SEED_DATA: Analyzer = Analyzer {
    id: "seed_data",
    version: 1,
    question: "Are there seed scripts, seeders or fixtures for development databases?",
    run: seed_data,
    patterns: seed_patterns,
};

fn seed_patterns() -> Vec<PatternSpec> {
    vec![
        // Prisma's seed hook in package.json.
        PatternSpec::new(
            r#""seed"\s*:\s*""#,
            Some("**/package.json"),
            vec![FileClass::Manifest],
        ),
        // Sample rows in schema SQL.
        PatternSpec::new(
            r"(?i)\binsert\s+into\s+[^;]{0,200}?\bvalues\s*\(\s*[^)]{0,40}",
            Some("**/*.sql"),
            vec![FileClass::Migration, FileClass::Other],
        ),
        // Django fixtures loaded by a script or CI.
        PatternSpec::new(
            r"\bloaddata\b",
            None,
            vec![
                FileClass::Ci,
                FileClass::Config,
                FileClass::Other,
                FileClass::Manifest,
                FileClass::Source,
            ],
        ),
    ]
}

fn seed_file_reason(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let name = *parts.last()?;
    let (stem, ext) = name.rsplit_once('.')?;
    if !matches!(
        ext,
        "ts" | "js"
            | "mjs"
            | "cjs"
            | "py"
            | "rb"
            | "sql"
            | "go"
            | "php"
            | "rs"
            | "json"
            | "yaml"
            | "yml"
            | "exs"
    ) {
        return None;
    }
    let dirs = &parts[..parts.len() - 1];
    if name == "databaseseeder.php" {
        return None; // Laravel's default seeder alone is not seed data
    }
    if stem.ends_with("seeder") && ext == "php" {
        return Some("database seeder");
    }
    let seed_stem = stem.strip_prefix("seed").is_some_and(|rest| {
        rest.is_empty()
            || rest.starts_with(['-', '_', '.'])
            || matches!(rest, "s" | "er" | "ers" | "data" | "db")
    });
    if seed_stem || stem.ends_with("_seed") || stem.ends_with("-seed") || stem.ends_with("seeder") {
        return Some("seed script");
    }
    if dirs
        .iter()
        .any(|d| matches!(*d, "seeds" | "seeders" | "seed" | "seeding"))
        && ext != "json"
    {
        return Some("seed script");
    }
    None
}

fn seed_data(cx: &EvalCtx) -> Outcome {
    let mut ev: Vec<Evidence> = cx
        .inv
        .files
        .iter()
        .filter(|f| {
            !matches!(
                f.class,
                FileClass::Test | FileClass::Doc | FileClass::Generated | FileClass::Binary
            )
        })
        .filter(|f| !in_test_dir(&f.path))
        .filter_map(|f| seed_file_reason(&f.path).map(|r| Evidence::file(f.path.clone(), r)))
        .take(3)
        .collect();
    ev.extend(
        cx.facts
            .scripts
            .iter()
            .filter(|s| {
                let n = s.name.to_ascii_lowercase();
                n.contains("seed") || s.command.to_ascii_lowercase().contains("seed")
            })
            .take(2)
            .map(|s| {
                Evidence::at(
                    s.file.clone(),
                    s.line,
                    format!("script `{}`: {}", s.name, s.command),
                )
            }),
    );
    for h in cx.own_hits("seed_data", 0).iter().take(1) {
        ev.push(h.evidence("Prisma seed hook"));
    }
    // Literal rows only: a trigger's `values (new.id, …)` or a function's
    // parameters (`$1`) insert at run time, not sample data.
    let literal_rows = |m: &str| {
        let lower = m.to_ascii_lowercase();
        let tail = lower.rsplit("values").next().unwrap_or("");
        !tail.contains("new.") && !tail.contains("old.") && !tail.contains('$')
    };
    for h in cx
        .own_hits("seed_data", 1)
        .iter()
        .filter(|h| !in_test_dir(&h.path) && literal_rows(&h.matched))
        .take(2)
    {
        ev.push(h.evidence("sample rows inserted"));
    }
    for h in cx
        .own_hits("seed_data", 2)
        .iter()
        .filter(|h| !in_test_dir(&h.path))
        .take(1)
    {
        ev.push(h.evidence("fixtures loaded"));
    }
    Outcome::yes(ev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_file_names() {
        assert!(versioned_reason("supabase/migrations/20240101000000_init.sql").is_some());
        assert!(versioned_reason("supabase/migrations/create_tables.sql").is_none());
        assert!(versioned_reason("db/migrate/20240101_create_users.rb").is_some());
        assert!(versioned_reason("src/main/resources/db/migration/V1__init.sql").is_some());
        assert!(versioned_reason("prisma/migrations/20230329205933_init/migration.sql").is_some());
        assert!(versioned_reason("app/alembic/versions/e2412789c190_init.py").is_some());
        assert!(versioned_reason("app/migrations/0001_initial.py").is_some());
    }

    #[test]
    fn seed_file_names() {
        assert!(seed_file_reason("prisma/seed.ts").is_some());
        assert!(seed_file_reason("backend/seeder.js").is_some());
        assert!(seed_file_reason("db/seeds.rb").is_some());
        assert!(seed_file_reason("database/seeders/UsersTableSeeder.php").is_some());
        assert!(seed_file_reason("database/seeders/DatabaseSeeder.php").is_none());
        assert!(seed_file_reason("supabase/seed.sql").is_some());
        assert!(seed_file_reason("backend/app/initial_data.py").is_none());
        assert!(seed_file_reason("src/seedling.css").is_none());
    }
}
