//! Multi-tenancy (TEN): whether the data model is multi-tenant, and how the
//! tenant is isolated and carried through a request.
//!
//! A repository is multi-tenant (CONTROLS.md ruling) when a tenant entity
//! (organisation, team, workspace, tenant, account, company, project) has a
//! table of its own, its key sits on three or more other tables, and many
//! users can belong to it: a membership table (`memberships`, `team_user`,
//! `organization_members`) or a tenant key on the users table. A container
//! owned by a single user (`projects.user_id`, no membership) is not a tenant.
//!
//! Tables come from the SQL schema facts and, without a parser for each ORM,
//! from text heuristics over the signal hits: a table/model declaration
//! (`model X {`, `create_table "x"`, `class X(models.Model)`,
//! `Schema::create('x'`, `pgTable("x"`) owns the tenant-key hits that follow
//! it in the same file (`organizationId String`, `t.references :team`,
//! `team = models.ForeignKey`, `foreignId('team_id')`, `("team_id")`).
//!
//! - `tenant_isolation_enforced`: RLS with a tenant policy on every tenant
//!   table, or an automatic tenant filter in the ORM (acts_as_tenant,
//!   django-tenants, django-multitenant, stancl/tenancy, Laravel tenant
//!   global scopes, Hibernate tenant filters, a Prisma extension that injects
//!   the key).
//! - `tenant_isolation_partial`: RLS on some tenant tables only (the others
//!   named), or tenant where-clauses written into queries.
//! - `tenant_context`: the tenant resolved once and carried in context
//!   (middleware setting it, AsyncLocalStorage, a React context provider,
//!   `set_current_tenant`, `request.tenant`, `Current.account =`).

use std::collections::{BTreeMap, BTreeSet};

use super::{Analyzer, AnalyzerPatterns, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::facts::{Facts, SqlName};
use crate::inventory::{FileClass, Inventory};
use crate::signals::{Hit, PatternSpec, Signals};
use crate::stack::{DerivedValue, Fact, Stack};

const MAX: usize = 8;

/// Tenant entity kinds, longest spelling first so `org` never shadows `organization`.
const KINDS: &[(&str, &str)] = &[
    ("organization", "organization"),
    ("organisation", "organization"),
    ("workspace", "workspace"),
    ("company", "company"),
    ("companies", "company"),
    ("account", "account"),
    ("project", "project"),
    ("tenant", "tenant"),
    ("team", "team"),
    ("org", "organization"),
];

/// Words of the tenant-key alternations in the patterns below.
const KEY_WORDS: &str =
    "organization|organisation|org|team|workspace|tenant|account|company|project|user|owner";

/// The `tenant_schema` patterns, in order.
const PRISMA_MODEL: usize = 0;
const PRISMA_KEY: usize = 1;
const RAILS_TABLE: usize = 2;
const RAILS_KEY: usize = 3;
const DJANGO_MODEL: usize = 4;
const DJANGO_KEY: usize = 5;
const LARAVEL_TABLE: usize = 6;
const LARAVEL_KEY: usize = 7;
const DRIZZLE_TABLE: usize = 8;
const DRIZZLE_KEY: usize = 9;
/// (declaration, key) pattern pairs.
const PAIRS: &[(usize, usize)] = &[
    (PRISMA_MODEL, PRISMA_KEY),
    (RAILS_TABLE, RAILS_KEY),
    (DJANGO_MODEL, DJANGO_KEY),
    (LARAVEL_TABLE, LARAVEL_KEY),
    (DRIZZLE_TABLE, DRIZZLE_KEY),
];

fn schema_patterns() -> Vec<PatternSpec> {
    let inv = |regex: String, glob: &str| PatternSpec {
        regex,
        glob: Some(glob.into()),
        classes: vec![
            FileClass::Source,
            FileClass::Migration,
            FileClass::Other,
            FileClass::Config,
        ],
        inventory: true,
    };
    let camel = "organizationId|organisationId|orgId|teamId|workspaceId|tenantId|accountId|companyId|projectId|userId|organization_id|organisation_id|org_id|team_id|workspace_id|tenant_id|account_id|company_id|project_id|user_id";
    vec![
        inv(
            r"(?m)^model[ \t]+[A-Za-z_][A-Za-z0-9_]*".into(),
            "**/*.prisma",
        ),
        inv(
            format!(r"(?m)^[ \t]+({camel})[ \t]+(String|Int|BigInt)"),
            "**/*.prisma",
        ),
        inv(
            r#"create_table[ \t(]+["':]?[A-Za-z_][A-Za-z0-9_]*"#.into(),
            "**/*.rb",
        ),
        inv(
            format!(
                r#"(references|belongs_to)[ \t(]+:?["']?({KEY_WORDS})\b|(bigint|integer|uuid|string)[ \t(]+["']?({KEY_WORDS})_id\b"#
            ),
            "**/*.rb",
        ),
        inv(
            r"(?m)^class[ \t]+[A-Za-z_][A-Za-z0-9_]*\([^)\n]*Model".into(),
            "**/*.py",
        ),
        inv(
            format!(r"(?m)^[ \t]+({KEY_WORDS})[ \t]*=[ \t]*models\.(ForeignKey|OneToOneField)"),
            "**/*.py",
        ),
        inv(
            r#"Schema::create\([ \t]*['"][A-Za-z_][A-Za-z0-9_]*"#.into(),
            "**/*.php",
        ),
        inv(
            format!(
                r#"(foreignId|foreignUuid|unsignedBigInteger|unsignedInteger|bigInteger|integer|uuid|ulid)\([ \t]*['"]({KEY_WORDS})_id['"]|foreignIdFor\([ \t]*[A-Za-z\\]*(Organization|Organisation|Team|Workspace|Tenant|Account|Company|Project|User)::class"#
            ),
            "**/*.php",
        ),
        inv(
            r#"(pg|mysql|sqlite)Table\([ \t]*['"][A-Za-z_][A-Za-z0-9_]*"#.into(),
            "**/*.{ts,mts,js,mjs}",
        ),
        inv(
            format!(r#"\([ \t]*["']({KEY_WORDS})_id["']"#),
            "**/*.{ts,mts,js,mjs}",
        ),
    ]
}

/// Declares the schema patterns; never matched itself (the fact says it).
pub const TENANT_SCHEMA: Analyzer = Analyzer {
    id: "tenant_schema",
    version: 1,
    patterns: schema_patterns,
    question: "Does the data model carry a tenant key with memberships (the multi-tenant fact)?",
    run: |cx| match detect(cx.inv, cx.facts, cx.signals, cx.apats) {
        Some(t) => Outcome::yes(t.evidence()),
        None => Outcome::no(),
    },
};

/// A table or model and the keys it carries.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    norm: String,
    file: String,
    line: u32,
    /// Tenant kind (or `user`) → line and spelling of the key.
    keys: BTreeMap<&'static str, (u32, String)>,
    sql: Option<SqlName>,
}

/// What makes the repository multi-tenant.
#[derive(Debug, Clone)]
pub struct Tenancy {
    kind: &'static str,
    entity: Table,
    membership: Table,
    /// Tables (entity and membership aside or not) carrying the key.
    tables: Vec<Table>,
}

impl Tenancy {
    /// The key as the schema spells it (`organizationId`, `company_id`).
    fn key_label(&self) -> String {
        self.tables
            .iter()
            .find_map(|t| t.keys.get(self.kind))
            .map(|(_, s)| s.clone())
            .filter(|s| !s.is_empty())
            .map(|s| {
                if s.to_ascii_lowercase().ends_with("id") {
                    s
                } else {
                    format!("{s}_id")
                }
            })
            .unwrap_or_else(|| format!("{}_id", self.kind))
    }

    fn evidence(&self) -> Vec<Evidence> {
        let names: Vec<&str> = self.tables.iter().map(|t| t.name.as_str()).collect();
        let mut ev = vec![
            Evidence::at(
                self.entity.file.clone(),
                self.entity.line,
                format!(
                    "tenant entity {} ({} key on {} tables: {})",
                    self.entity.name,
                    self.key_label(),
                    names.len(),
                    names.join(", ")
                ),
            ),
            Evidence::at(
                self.membership.file.clone(),
                self.membership.line,
                format!(
                    "{} links users to {} (many members per tenant)",
                    self.membership.name, self.entity.name
                ),
            ),
        ];
        for t in self.tables.iter().take(MAX - 2) {
            let line = t.keys.get(self.kind).map(|k| k.0).unwrap_or(t.line);
            ev.push(Evidence::at(
                t.file.clone(),
                line,
                format!("{} carries the {} key", t.name, self.key_label()),
            ));
        }
        ev
    }
}

/// `organizations` → `organization`, `team_user` → `teamuser`, `Company` → `company`.
fn normalize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if let Some(stem) = s.strip_suffix("ies") {
        s = format!("{stem}y");
    } else if s.ends_with('s') && !s.ends_with("ss") {
        s.pop();
    }
    if s == "org" || s == "organisation" {
        s = "organization".into();
    }
    s
}

/// The kind a key names: `organizationId`, `team_id`, `:workspace`, `Team::class`.
fn key_kind(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("user") || lower.contains("owner") {
        // `userId` and `owner` are user keys; `user` never shadows a tenant word
        // (no tenant word contains it).
        if !KINDS.iter().any(|(w, _)| lower.contains(w)) {
            return Some("user");
        }
    }
    KINDS
        .iter()
        .find(|(w, _)| lower.contains(w))
        .map(|(_, k)| *k)
}

/// The key's name in a matched line: the identifier that names the kind
/// (`organizationId String` → `organizationId`, `foreignId('team_id'` → `team_id`).
fn key_spelling(text: &str) -> String {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .find(|w| {
            let l = w.to_ascii_lowercase();
            KINDS.iter().any(|(k, _)| l.starts_with(k)) || l.starts_with("user") || l == "owner"
        })
        .unwrap_or("")
        .to_string()
}

/// Kind of a SQL column name: `organization_id`, `orgid`, `team_id`, `user_id`.
fn column_kind(col: &str) -> Option<&'static str> {
    let c = col.to_ascii_lowercase();
    let stem = c.strip_suffix("_id").or_else(|| c.strip_suffix("id"))?;
    let stem = stem.trim_end_matches('_');
    if matches!(stem, "user" | "owner" | "member" | "profile") {
        return Some("user");
    }
    KINDS.iter().find(|(w, _)| stem == *w).map(|(_, k)| *k)
}

/// Identifier at the end of a declaration match (`model Foo`, `create_table "foos"`).
fn trailing_ident(m: &str) -> Option<String> {
    let end: String = m
        .chars()
        .rev()
        .skip_while(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let name: String = end.chars().rev().collect();
    (!name.is_empty()).then_some(name)
}

/// Django: `class Team(models.Model` → `Team`.
fn class_name(m: &str) -> Option<String> {
    let rest = m.strip_prefix("class")?.trim_start();
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

fn is_skipped(inv: &Inventory, path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    inv.get(path).is_some_and(|f| f.class == FileClass::Test)
        || lower
            .split('/')
            .any(|d| matches!(d, "examples" | "example" | "fixtures" | "test" | "tests"))
}

/// Every table the schema facts and the heuristics found.
fn tables(
    inv: &Inventory,
    facts: &Facts,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    for t in facts.sql_schema.live_tables() {
        let mut keys = BTreeMap::new();
        for c in &t.columns {
            if let Some(k) = column_kind(&c.name) {
                keys.entry(k).or_insert((t.line, c.name.clone()));
            }
        }
        out.push(Table {
            name: t.name.name.clone(),
            norm: normalize(&t.name.name),
            file: t.file.clone(),
            line: t.line,
            keys,
            sql: Some(t.name.clone()),
        });
    }
    let own = |i: usize| -> &[Hit] {
        match apats.owned.get(TENANT_SCHEMA.id).and_then(|ids| ids.get(i)) {
            Some(&id) => signals.hits(id),
            None => &[],
        }
    };
    for &(decl, key) in PAIRS {
        let mut decls: Vec<Table> = Vec::new();
        for h in own(decl) {
            if is_skipped(inv, &h.path) {
                continue;
            }
            let name = if decl == DJANGO_MODEL {
                class_name(&h.matched)
            } else {
                trailing_ident(&h.matched)
            };
            let Some(name) = name else { continue };
            decls.push(Table {
                norm: normalize(&name),
                name,
                file: h.path.clone(),
                line: h.line,
                keys: BTreeMap::new(),
                sql: None,
            });
        }
        for h in own(key) {
            // The declaration this key follows in the same file.
            let Some(t) = decls
                .iter_mut()
                .filter(|t| t.file == h.path && t.line <= h.line)
                .max_by_key(|t| t.line)
            else {
                continue;
            };
            let text = h.matched.trim();
            // Prisma and Rails: the field name is the whole match or its end.
            if let Some(k) = key_kind(text) {
                t.keys.entry(k).or_insert((h.line, key_spelling(text)));
            }
        }
        // The same table declared twice (SQL migrations and the ORM schema,
        // schema.rb and a migration): one table with the keys of both, as
        // columns added later by `ALTER TABLE` only show in the ORM schema.
        for t in decls {
            match out.iter_mut().find(|o| o.norm == t.norm) {
                Some(o) => {
                    for (k, v) in t.keys {
                        o.keys.entry(k).or_insert(v);
                    }
                }
                None => out.push(t),
            }
        }
    }
    out
}

fn is_membership(t: &Table, kind: &str) -> bool {
    if !t.keys.contains_key(kind) {
        return false;
    }
    let n = &t.norm;
    n.contains("member")
        || n.contains("role")
        || n.contains("collaborator")
        || n.contains("seat")
        || n == "user"
        || n == "profile"
        || (n.contains("user") && t.keys.contains_key("user"))
}

/// The multi-tenant model, when there is one (see the module docs).
pub fn detect(
    inv: &Inventory,
    facts: &Facts,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) -> Option<Tenancy> {
    let all = tables(inv, facts, signals, apats);
    let mut best: Option<Tenancy> = None;
    let kinds: BTreeSet<&'static str> = KINDS.iter().map(|(_, k)| *k).collect();
    for kind in kinds {
        let Some(entity) = all.iter().find(|t| t.norm == kind) else {
            continue;
        };
        let Some(membership) = all
            .iter()
            .filter(|t| t.norm != kind)
            .find(|t| is_membership(t, kind))
        else {
            continue;
        };
        let with_key: Vec<Table> = all
            .iter()
            .filter(|t| t.norm != kind && t.keys.contains_key(kind))
            .cloned()
            .collect();
        if with_key.len() < 3 {
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|b| with_key.len() > b.tables.len())
        {
            best = Some(Tenancy {
                kind,
                entity: entity.clone(),
                membership: membership.clone(),
                tables: with_key,
            });
        }
    }
    best
}

/// Adds the `multi_tenant` fact.
pub fn derive_facts(
    stack: &mut Stack,
    inv: &Inventory,
    facts: &Facts,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) {
    let value = match detect(inv, facts, signals, apats) {
        Some(t) => DerivedValue {
            value: true,
            evidence: t.evidence(),
            reason: format!(
                "{} key on {} tables, with memberships",
                t.key_label(),
                t.tables.len()
            ),
        },
        None => DerivedValue {
            value: false,
            evidence: Vec::new(),
            reason: "no tenant entity whose key sits on three or more tables with many member users (rows keyed by user only, or containers owned by one user)".into(),
        },
    };
    stack.derived.insert(Fact::MultiTenant, value);
}

/// RLS coverage of the SQL tables that carry the tenant key: (protected, unprotected).
fn rls_split<'a>(cx: &EvalCtx, t: &'a Tenancy) -> (Vec<(&'a Table, Evidence)>, Vec<&'a Table>) {
    let schema = &cx.facts.sql_schema;
    let key = t.key_label();
    let mut covered = Vec::new();
    let mut lacking = Vec::new();
    for tab in t.tables.iter().filter(|x| x.sql.is_some()) {
        let name = tab.sql.as_ref().expect("filtered");
        let on = schema.rls_enabled(name);
        let policy = schema.policies_on(name).find(|p| {
            p.condition.as_deref().is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                c.contains(&key) || c.contains(t.kind) || c.contains("tenant")
            })
        });
        match (on, policy) {
            (Some(_), Some(p)) => covered.push((
                tab,
                Evidence::at(
                    p.file.clone(),
                    p.line,
                    format!("policy {} on {} checks the tenant key", p.name, name),
                ),
            )),
            _ => lacking.push(tab),
        }
    }
    (covered, lacking)
}

/// ORM-level tenant scoping and schema-per-tenant tools (usage, not just installed).
const ORM_SCOPING: &[(&str, &str, Option<&str>)] = &[
    (
        "acts_as_tenant / activerecord-multi-tenant / Apartment",
        r"acts_as_tenant[ \t(]*:|multi_tenant[ \t(]+:|Apartment::Tenant\.switch|ActsAsTenant\.(current_tenant|with_tenant)",
        Some("**/*.rb"),
    ),
    (
        "django-tenants / django-tenant-schemas / django-multitenant / django-scopes",
        r"(TenantMixin|TenantModel|TenantManagerMixin|TenantModelMixin|ScopedManager)\b[,)( ]",
        Some("**/*.py"),
    ),
    (
        "stancl/tenancy / spatie/laravel-multitenancy / a tenant global scope",
        r"use[ \t]+(BelongsToTenant|UsesTenantConnection|UsesTenantModel|BelongsToPrimaryModel)\b|addGlobalScope\([^\n]*(Tenant|Team|Organi[sz]ation|Company|Workspace|Account)|class[ \t]+[A-Za-z]*(Tenant|Team|Organi[sz]ation|Company|Workspace|Account)Scope[ \t]+implements[ \t]+Scope",
        Some("**/*.php"),
    ),
    (
        "Hibernate tenant filter / @TenantId",
        r#"@TenantId\b|@Filter\([ \t]*name[ \t]*=[ \t]*"[A-Za-z]*[tT]enant|CurrentTenantIdentifierResolver"#,
        None,
    ),
    (
        "a Prisma client extension that injects the tenant key",
        r"\.\.\.args\.where,[ \t]*(organizationId|organisationId|orgId|teamId|workspaceId|tenantId|accountId|companyId)\b",
        None,
    ),
];

fn orm_patterns() -> Vec<PatternSpec> {
    ORM_SCOPING
        .iter()
        .map(|(_, re, glob)| PatternSpec::new(*re, *glob, vec![FileClass::Source]))
        .collect()
}

fn orm_scoping(cx: &EvalCtx) -> Vec<Evidence> {
    let mut ev = Vec::new();
    for (i, (label, _, _)) in ORM_SCOPING.iter().enumerate() {
        for h in cx.own_hits(TENANT_ISOLATION_ENFORCED.id, i).iter().take(3) {
            ev.push(Evidence::at(
                h.path.clone(),
                h.line,
                format!("{label}: {}", h.snippet),
            ));
        }
    }
    ev
}

pub const TENANT_ISOLATION_ENFORCED: Analyzer = Analyzer {
    id: "tenant_isolation_enforced",
    version: 1,
    patterns: orm_patterns,
    question: "Is tenant isolation enforced below the handlers (RLS on every tenant table, or an automatic ORM tenant filter)?",
    run: |cx| {
        let Some(t) = detect(cx.inv, cx.facts, cx.signals, cx.apats) else {
            return Outcome::no();
        };
        let orm = orm_scoping(cx);
        if !orm.is_empty() {
            return Outcome::yes(orm);
        }
        let (covered, lacking) = rls_split(cx, &t);
        if covered.is_empty() || !lacking.is_empty() {
            return Outcome::no();
        }
        let mut ev = vec![Evidence::at(
            covered[0].0.file.clone(),
            covered[0].0.line,
            format!(
                "row-level security with a tenant policy on all {} tables carrying {}",
                covered.len(),
                t.key_label()
            ),
        )];
        ev.extend(covered.into_iter().map(|(_, e)| e).take(MAX - 1));
        Outcome::yes(ev)
    },
};

/// Tenant where-clauses written into queries: Prisma/Drizzle objects, SQL,
/// ActiveRecord, Django ORM, Eloquent.
fn where_patterns() -> Vec<PatternSpec> {
    vec![
        PatternSpec::new(
            r"where:[ \t]*\{[^}\n]*\b(organizationId|organisationId|orgId|teamId|workspaceId|tenantId|accountId|companyId|projectId)\b",
            None,
            vec![FileClass::Source],
        ),
        PatternSpec::new(
            r"(?i)\bwhere[ \t][^\n]*\b(organization|organisation|org|team|workspace|tenant|account|company|project)_id[ \t]*=",
            None,
            vec![FileClass::Source],
        ),
        PatternSpec::new(
            r#"(where|find_by|filter|filter_by|get)\([ \t]*['"]?(organization|organisation|org|team|workspace|tenant|account|company|project)(_id)?['"]?[ \t]*(:|=|,)"#,
            None,
            vec![FileClass::Source],
        ),
        PatternSpec::new(
            r"current_(organization|organisation|org|team|workspace|tenant|account|company)\.[a-z_]+\.(find|where|create|new|build)\b",
            Some("**/*.rb"),
            vec![FileClass::Source],
        ),
    ]
}

pub const TENANT_ISOLATION_PARTIAL: Analyzer = Analyzer {
    id: "tenant_isolation_partial",
    version: 1,
    patterns: where_patterns,
    question: "Is tenant isolation left to RLS on some tenant tables only, or to where-clauses written into queries?",
    run: |cx| {
        let Some(t) = detect(cx.inv, cx.facts, cx.signals, cx.apats) else {
            return Outcome::no();
        };
        let (covered, lacking) = rls_split(cx, &t);
        if !covered.is_empty() && !lacking.is_empty() {
            let names: Vec<&str> = lacking.iter().map(|x| x.name.as_str()).collect();
            let mut ev = vec![Evidence::at(
                lacking[0].file.clone(),
                lacking[0].line,
                format!(
                    "tenant policies on {} of {} tables carrying {}; unprotected: {}",
                    covered.len(),
                    covered.len() + lacking.len(),
                    t.key_label(),
                    names.join(", ")
                ),
            )];
            for x in lacking.iter().take(MAX - 3) {
                ev.push(Evidence::at(
                    x.file.clone(),
                    x.line,
                    format!(
                        "table {} has no row-level security on the tenant key",
                        x.name
                    ),
                ));
            }
            ev.extend(covered.into_iter().take(2).map(|(_, e)| e));
            return Outcome::yes(ev);
        }
        let mut ev: Vec<Evidence> = Vec::new();
        let mut files: BTreeSet<&str> = BTreeSet::new();
        for i in 0..where_patterns().len() {
            for h in cx.own_hits(TENANT_ISOLATION_PARTIAL.id, i) {
                if is_skipped(cx.inv, &h.path) {
                    continue;
                }
                files.insert(&h.path);
                if ev.len() < MAX - 1 {
                    ev.push(h.evidence("tenant filter written into the query"));
                }
            }
        }
        if ev.is_empty() {
            return Outcome::no();
        }
        ev.insert(
            0,
            Evidence::at(
                t.entity.file.clone(),
                t.entity.line,
                format!(
                    "{} scoping written by hand in queries ({} file(s) seen); no RLS or automatic ORM tenant filter",
                    t.key_label(),
                    files.len()
                ),
            ),
        );
        Outcome::yes(ev)
    },
};

/// Places that resolve the tenant once and carry it.
const CONTEXT: &[(&str, &str, Option<&str>)] = &[
    (
        "AsyncLocalStorage holding the tenant",
        r"AsyncLocalStorage<[^>\n]*(Tenant|Organi[sz]ation|Workspace|Team|Account|Company)",
        None,
    ),
    (
        "React context provider for the tenant",
        r"(Tenant|Organi[sz]ation|Workspace|Team|Account|Company|Project)Context[ \t]*=[ \t]*(React\.)?createContext",
        None,
    ),
    (
        "current tenant set per request",
        r"set_current_tenant\b|ActsAsTenant\.current_tenant[ \t]*=|Current\.(organization|account|team|tenant|workspace|company)[ \t]*=[^=]|request\.tenant\b|tenancy\(\)->initialize|InitializeTenancyBy[A-Za-z]+|Tenant::current\(\)|->makeCurrent\(\)",
        None,
    ),
    (
        "middleware attaching the tenant to the request",
        r#"req\.(tenant|organization|organisation|org|workspace|team|account)[ \t]*=[^=]|ctx\.state\.(tenant|organization|workspace|team)[ \t]*=[^=]|c\.Set\([ \t]*"(tenant|org|organization|workspace|team|account)|cls\.set\([ \t]*['"](tenant|organization|workspace|team)|TenantContext\.set|CurrentTenantIdentifierResolver"#,
        None,
    ),
];

fn context_patterns() -> Vec<PatternSpec> {
    CONTEXT
        .iter()
        .map(|(_, re, glob)| PatternSpec::new(*re, *glob, vec![FileClass::Source]))
        .collect()
}

pub const TENANT_CONTEXT: Analyzer = Analyzer {
    id: "tenant_context",
    version: 1,
    patterns: context_patterns,
    question: "Is the tenant resolved once per request and carried in context?",
    run: |cx| {
        let mut ev = Vec::new();
        for (i, (label, _, _)) in CONTEXT.iter().enumerate() {
            let hits = cx.own_hits(TENANT_CONTEXT.id, i);
            for h in hits.iter().filter(|h| !is_skipped(cx.inv, &h.path)).take(3) {
                ev.push(Evidence::at(
                    h.path.clone(),
                    h.line,
                    format!("{label}: {}", h.snippet),
                ));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::keywords_of;

    #[test]
    fn every_pattern_has_keywords() {
        let all: Vec<PatternSpec> = schema_patterns()
            .into_iter()
            .chain(orm_patterns())
            .chain(where_patterns())
            .chain(context_patterns())
            .collect();
        let mut bad = Vec::new();
        for p in all {
            if keywords_of(&p.regex).is_none() {
                bad.push(p.regex.clone());
            }
            crate::signals::compile_regex(&p.regex).unwrap();
        }
        assert!(bad.is_empty(), "ungated: {bad:#?}");
    }

    #[test]
    fn names_and_keys_normalise() {
        assert_eq!(normalize("organizations"), "organization");
        assert_eq!(normalize("Companies"), "company");
        assert_eq!(normalize("team_user"), "teamuser");
        assert_eq!(normalize("orgs"), "organization");
        assert_eq!(key_kind("organizationId "), Some("organization"));
        assert_eq!(key_kind("t.references :team"), Some("team"));
        assert_eq!(key_kind("  userId "), Some("user"));
        assert_eq!(key_kind("foreignIdFor(Team::class"), Some("team"));
        assert_eq!(column_kind("company_id"), Some("company"));
        assert_eq!(key_spelling("organizationId String"), "organizationId");
        assert_eq!(key_spelling("foreignId('team_id'"), "team_id");
        assert_eq!(key_spelling("references :team"), "team");
        assert_eq!(column_kind("user_id"), Some("user"));
        assert_eq!(column_kind("paid"), None);
        assert_eq!(
            trailing_ident("create_table \"projects\""),
            Some("projects".into())
        );
        assert_eq!(trailing_ident("model Workspace"), Some("Workspace".into()));
        assert_eq!(class_name("class Team(models.Model"), Some("Team".into()));
    }
}
