//! Data-access authorisation analyzers (SEC-10).
//!
//! - `rls_covers_user_tables`: every user-data table has row-level security
//!   enabled. With Supabase every table in the exposed `public` schema is a
//!   user-data table (CONTROLS.md ruling); elsewhere, tables that reference a
//!   users table or carry an owner column.
//! - `rls_partial`: RLS on some of those tables only; the evidence names each
//!   table that lacks it, with the file and line that created it.
//! - `authorization_library`: an authorisation library or policy layer that
//!   decides access to records (Pundit, CanCanCan, CASL, Casbin, Laravel
//!   policies, django-guardian, OPA, oso, Cerbos, ZenStack, Firebase rules…),
//!   installed *and* used; admin-only role checks do not count.
//! - `ownership_checks`: queries scoped to the signed-in user written into
//!   handlers or shared helpers (`where user_id = $1`,
//!   `filter(owner=request.user)`, `{ user: req.user._id }`, a shared
//!   `checkAuthorization(...)` helper).

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::facts::{Ecosystem, SqlName, SqlTable};
use crate::inventory::FileClass;
use crate::signals::{Hit, PatternSpec};
use crate::stack::dep_matches;

const MAX: usize = 8;

/// True when the repository uses Supabase (platform, database or folder).
fn uses_supabase(cx: &EvalCtx) -> bool {
    cx.stack.platforms.iter().any(|p| p.name == "Supabase")
        || cx
            .stack
            .databases
            .iter()
            .any(|d| d.name.contains("Supabase"))
        || cx
            .facts
            .dependencies
            .iter()
            .any(|d| d.ecosystem == Ecosystem::Npm && d.name.starts_with("@supabase/"))
        || cx
            .facts
            .sql_schema
            .files
            .iter()
            .any(|f| f.path.starts_with("supabase/") || f.path.contains("/supabase/"))
}

fn is_user_table_name(n: &SqlName) -> bool {
    matches!(
        n.name.as_str(),
        "users" | "user" | "accounts" | "profiles" | "members"
    )
}

/// The tables that hold user data, for RLS purposes.
fn user_tables<'a>(cx: &'a EvalCtx) -> Vec<&'a SqlTable> {
    let schema = &cx.facts.sql_schema;
    let live = schema.live_tables();
    if uses_supabase(cx) {
        return live
            .into_iter()
            .filter(|t| t.name.schema == "public")
            .collect();
    }
    live.into_iter()
        .filter(|t| {
            is_user_table_name(&t.name)
                || t.columns.iter().any(|c| {
                    matches!(
                        c.name.as_str(),
                        "user_id" | "owner_id" | "author_id" | "created_by" | "userid" | "ownerid"
                    )
                })
                || schema
                    .foreign_keys
                    .iter()
                    .any(|fk| fk.table == t.name && is_user_table_name(&fk.references))
        })
        .collect()
}

fn where_created(t: &SqlTable) -> String {
    format!("{}:{}", t.file, t.line)
}

pub const RLS_COVERS_USER_TABLES: Analyzer = Analyzer {
    id: "rls_covers_user_tables",
    version: 1,
    patterns: super::no_patterns,
    question: "Is row-level security enabled on every table that holds user data?",
    run: |cx| {
        let schema = &cx.facts.sql_schema;
        if schema.rls.is_empty() {
            return Outcome::no();
        }
        let tables = user_tables(cx);
        if tables.is_empty() || tables.iter().any(|t| schema.rls_enabled(&t.name).is_none()) {
            return Outcome::no();
        }
        let mut ev = vec![Evidence::at(
            tables[0].file.clone(),
            tables[0].line,
            format!(
                "row-level security enabled on all {} user-data table(s)",
                tables.len()
            ),
        )];
        for t in &tables {
            if let Some(r) = schema.rls_enabled(&t.name) {
                let policies = schema.policies_on(&t.name).count();
                ev.push(Evidence::at(
                    r.file.clone(),
                    r.line,
                    format!(
                        "table {} has ROW LEVEL SECURITY enabled, {policies} polic{}",
                        t.name,
                        if policies == 1 { "y" } else { "ies" }
                    ),
                ));
            }
            if ev.len() >= MAX {
                break;
            }
        }
        Outcome::yes(ev)
    },
};

pub const RLS_PARTIAL: Analyzer = Analyzer {
    id: "rls_partial",
    version: 1,
    patterns: super::no_patterns,
    question: "Is row-level security enabled on some user-data tables but not all?",
    run: |cx| {
        let schema = &cx.facts.sql_schema;
        if schema.rls.is_empty() {
            return Outcome::no();
        }
        let tables = user_tables(cx);
        let (covered, lacking): (Vec<&SqlTable>, Vec<&SqlTable>) = tables
            .iter()
            .partition(|t| schema.rls_enabled(&t.name).is_some());
        if covered.is_empty() || lacking.is_empty() {
            return Outcome::no();
        }
        let names = |list: &[&SqlTable]| {
            list.iter()
                .map(|t| t.name.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut ev = vec![Evidence::at(
            lacking[0].file.clone(),
            lacking[0].line,
            format!(
                "row-level security on {} of {} user-data tables; without it: {}",
                covered.len(),
                tables.len(),
                names(&lacking)
            ),
        )];
        for t in lacking.iter().take(MAX - 3) {
            ev.push(Evidence::at(
                t.file.clone(),
                t.line,
                format!(
                    "table {} ({}) has no ENABLE ROW LEVEL SECURITY",
                    t.name,
                    where_created(t)
                ),
            ));
        }
        for t in covered.iter().take(2) {
            if let Some(r) = schema.rls_enabled(&t.name) {
                ev.push(Evidence::at(
                    r.file.clone(),
                    r.line,
                    format!("table {} has ROW LEVEL SECURITY enabled", t.name),
                ));
            }
        }
        Outcome::yes(ev)
    },
};

/// An authorisation library or policy layer: the dependencies that install
/// it (none for framework features) and the usage pattern that shows it at work.
struct AuthzTool {
    label: &'static str,
    deps: &'static [(Ecosystem, &'static str)],
    /// Index into `authz_patterns()`.
    usage: usize,
}

const AUTHZ_TOOLS: &[AuthzTool] = &[
    AuthzTool {
        label: "Pundit",
        deps: &[(Ecosystem::RubyGems, "pundit")],
        usage: 0,
    },
    AuthzTool {
        label: "CanCanCan",
        deps: &[
            (Ecosystem::RubyGems, "cancancan"),
            (Ecosystem::RubyGems, "cancan"),
        ],
        usage: 0,
    },
    AuthzTool {
        label: "Action Policy",
        deps: &[(Ecosystem::RubyGems, "action_policy")],
        usage: 0,
    },
    AuthzTool {
        label: "CASL / Casbin / AccessControl / Cerbos / oso / OpenFGA / Permit / ZenStack",
        deps: &[
            (Ecosystem::Npm, "@casl/*"),
            (Ecosystem::Npm, "casbin"),
            (Ecosystem::Npm, "accesscontrol"),
            (Ecosystem::Npm, "@cerbos/*"),
            (Ecosystem::Npm, "oso"),
            (Ecosystem::Npm, "oso-cloud"),
            (Ecosystem::Npm, "@openfga/sdk"),
            (Ecosystem::Npm, "permitio"),
            (Ecosystem::Npm, "@authzed/*"),
            (Ecosystem::Npm, "@zenstackhq/runtime"),
            (Ecosystem::Npm, "@zenstackhq/orm"),
        ],
        usage: 1,
    },
    AuthzTool {
        label: "django-guardian / django-rules / Casbin / oso / Cerbos / OpenFGA",
        deps: &[
            (Ecosystem::PyPI, "django-guardian"),
            (Ecosystem::PyPI, "rules"),
            (Ecosystem::PyPI, "casbin"),
            (Ecosystem::PyPI, "pycasbin"),
            (Ecosystem::PyPI, "oso"),
            (Ecosystem::PyPI, "django-oso"),
            (Ecosystem::PyPI, "sqlalchemy-oso"),
            (Ecosystem::PyPI, "oso-cloud"),
            (Ecosystem::PyPI, "cerbos"),
            (Ecosystem::PyPI, "openfga-sdk"),
            (Ecosystem::PyPI, "permit"),
        ],
        usage: 2,
    },
    AuthzTool {
        label: "spatie/laravel-permission / Bouncer / Casbin",
        deps: &[
            (Ecosystem::Composer, "spatie/laravel-permission"),
            (Ecosystem::Composer, "silber/bouncer"),
            (Ecosystem::Composer, "casbin/*"),
        ],
        usage: 3,
    },
    AuthzTool {
        label: "Laravel policies and gates on records",
        deps: &[],
        usage: 4,
    },
    AuthzTool {
        label: "Casbin / OPA / Cerbos / oso / OpenFGA",
        deps: &[
            (Ecosystem::Go, "github.com/casbin/casbin*"),
            (Ecosystem::Go, "github.com/open-policy-agent/opa*"),
            (Ecosystem::Go, "github.com/cerbos/*"),
            (Ecosystem::Go, "github.com/osohq/*"),
            (Ecosystem::Go, "github.com/openfga/*"),
            (Ecosystem::Go, "github.com/authzed/*"),
        ],
        usage: 5,
    },
    AuthzTool {
        label: "Spring Security ACL / jCasbin",
        deps: &[
            (
                Ecosystem::Maven,
                "org.springframework.security:spring-security-acl",
            ),
            (
                Ecosystem::Gradle,
                "org.springframework.security:spring-security-acl",
            ),
            (Ecosystem::Maven, "org.casbin:*"),
            (Ecosystem::Gradle, "org.casbin:*"),
        ],
        usage: 6,
    },
    AuthzTool {
        label: "Casbin / oso / Cedar",
        deps: &[
            (Ecosystem::Cargo, "casbin"),
            (Ecosystem::Cargo, "oso"),
            (Ecosystem::Cargo, "cedar-policy"),
        ],
        usage: 7,
    },
    AuthzTool {
        label: "Firebase security rules scoped to the signed-in user",
        deps: &[],
        usage: 8,
    },
    AuthzTool {
        label: "Hasura permissions scoped to the user",
        deps: &[],
        usage: 9,
    },
];

fn authz_patterns() -> Vec<PatternSpec> {
    let src = || vec![FileClass::Source];
    vec![
        // 0 Ruby
        PatternSpec::new(
            r"\b(authorize\s+[@:A-Za-z_]|authorize\(|policy_scope\(|authorized_scope\(|verify_authorized|load_and_authorize_resource|authorize_resource|authorize!\s*\(?:|accessible_by\(|can\?\s*\(?:)",
            Some("**/*.rb"),
            src(),
        ),
        // 1 JavaScript / TypeScript
        PatternSpec::new(
            r"\b(defineAbility|AbilityBuilder|createMongoAbility|createPrismaAbility|accessibleBy\(|ForbiddenError\.from|newEnforcer\(|new AccessControl\(|checkResource\(|authorizedResources\(|enhance\(\s*prisma|permit\.check\(|fgaClient\.check\(|\.enforce\()",
            None,
            src(),
        ),
        // 2 Python
        PatternSpec::new(
            r"\b(get_objects_for_user\(|ObjectPermissionChecker|assign_perm\(|rules\.(predicate|add_perm|add_rule)|casbin\.(Enforcer|SyncedEnforcer)|oso\.authorize\(|Oso\(\)|authorized_query\(|check_resource\(|\.enforce\()",
            Some("**/*.py"),
            src(),
        ),
        // 3 PHP roles and permissions
        PatternSpec::new(
            r"(hasPermissionTo\(|givePermissionTo\(|->can\(\s*['\x22]|@can\(\s*['\x22]|\bpermission:[A-Za-z_]|Bouncer::|Enforcer::enforce\()",
            None,
            src(),
        ),
        // 4 Laravel policies and gates applied to a record
        PatternSpec::new(
            r"(->authorize|Gate::(authorize|allows|denies|check|inspect)|->can|->cannot|@can|@cannot)\(\s*['\x22][A-Za-z_-]+['\x22]\s*,\s*\$",
            None,
            src(),
        ),
        // 5 Go
        PatternSpec::new(
            r"(casbin\.NewEnforcer|casbin\.NewSyncedEnforcer|rego\.New\(|\.Enforce\(|cerbos\.New|oso\.NewOso|\.CheckResource\()",
            Some("**/*.go"),
            src(),
        ),
        // 6 JVM
        PatternSpec::new(
            r"(@PreAuthorize\(\s*\x22hasPermission|@PostFilter\(|\bAclService\b|\bEnforcer\(|\.enforce\()",
            None,
            src(),
        ),
        // 7 Rust
        PatternSpec::new(
            r"(Enforcer::new\(|Authorizer::new\(|is_authorized\(|Oso::new\()",
            Some("**/*.rs"),
            src(),
        ),
        // 8 Firebase security rules
        PatternSpec::new(
            r"request\.auth\.uid",
            Some("**/*.rules"),
            vec![FileClass::Other, FileClass::Config],
        ),
        // 9 Hasura metadata
        PatternSpec::new(
            r"(?i)x-hasura-user-id",
            None,
            vec![FileClass::Config, FileClass::Other],
        ),
    ]
}

/// Hits that only gate an admin panel or admin role do not decide access to
/// user-owned records (CONTROLS.md ruling).
fn admin_only(h: &Hit) -> bool {
    let m = h.matched.to_ascii_lowercase();
    let s = h.snippet.to_ascii_lowercase();
    m.contains("admin")
        || s.contains("admin")
        || s.contains("filament")
        || s.contains("panel")
        || m.contains("role")
        || m.contains("permission")
}

/// Code that is not a request path: seeders, factories, scripts, examples.
fn off_request_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    [
        "seed",
        "factories/",
        "fixtures/",
        "scripts/",
        "examples/",
        "example/",
        "mock",
    ]
    .iter()
    .any(|k| p.contains(k))
}

pub const AUTHORIZATION_LIBRARY: Analyzer = Analyzer {
    id: "authorization_library",
    version: 1,
    patterns: authz_patterns,
    question: "Does an authorisation library or policy layer decide access to user-owned records?",
    run: |cx| {
        let mut ev = Vec::new();
        for tool in AUTHZ_TOOLS {
            let dep = tool.deps.iter().find_map(|(eco, name)| {
                cx.facts.dependencies.iter().find(|d| {
                    d.ecosystem == *eco
                        && dep_matches(name, &d.name)
                        && d.kind != crate::facts::DepKind::Dev
                })
            });
            if !tool.deps.is_empty() && dep.is_none() {
                continue;
            }
            let usage: Vec<&Hit> = cx
                .own_hits("authorization_library", tool.usage)
                .iter()
                .filter(|h| !admin_only(h) && !off_request_path(&h.path))
                .take(3)
                .collect();
            if usage.is_empty() {
                continue;
            }
            if let Some(d) = dep {
                ev.push(d.evidence());
            }
            for h in usage {
                ev.push(Evidence::at(
                    h.path.clone(),
                    h.line,
                    format!("{}: {}", tool.label, h.snippet),
                ));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

fn ownership_patterns() -> Vec<PatternSpec> {
    let src = || vec![FileClass::Source];
    vec![
        // SQL scoped by an owner column with a bind parameter (Go, raw SQL strings, GORM, Knex).
        PatternSpec::new(
            r"\b(user_id|owner_id|author_id|created_by|creator_id|USER_ID|OWNER_ID)\s*=\s*(\$[0-9]+|\?|:[a-z_]+|%s|@[a-z_]+|%\([a-z_]+\)s)",
            None,
            src(),
        ),
        // Laravel: where('user_id', auth()->id()), relations of the signed-in user.
        PatternSpec::new(
            r"(where\(\s*['\x22](user_id|owner_id|author_id)['\x22]\s*,\s*(auth\(\)|Auth::|\$request->user\(\))|(auth\(\)->user\(\)|Auth::user\(\)|\$request->user\(\))->[a-zA-Z_]+\(\)->(find|findOrFail|where|first|get|latest|paginate|update|delete)\b)",
            Some("**/*.php"),
            src(),
        ),
        // Django / DRF: filter(owner=request.user), get_object_or_404(..., user=request.user).
        PatternSpec::new(
            r"\b(filter|get|exclude|get_object_or_404|get_list_or_404)\([^)]{0,160}=\s*(self\.)?request\.user\b|def has_object_permission\(",
            Some("**/*.py"),
            src(),
        ),
        // Comparisons with the signed-in user's id (SQLAlchemy, SQLModel, JS, Ruby).
        PatternSpec::new(
            r"\b(owner_id|user_id|author_id|ownerId|userId|authorId)\s*(==|!=|===|!==)\s*(current_user|currentUser|request\.user|req\.user|session\.user|ctx\.user|g\.user)\.(id|_id|pk)\b",
            None,
            src(),
        ),
        // Query objects keyed by the signed-in user (Mongoose, Prisma, Sequelize).
        PatternSpec::new(
            r"\b(user|userId|user_id|owner|ownerId|owner_id|author|authorId|createdBy|createdById)\s*:\s*(req\.user|request\.user|session\.user|ctx\.user|ctx\.session\.user|ctx\.state\.user|currentUser|locals\.user|context\.user)\.(_id|id)\b",
            None,
            src(),
        ),
        // Prisma where clauses with an owner key.
        PatternSpec::new(
            r"where\s*:\s*\{[^}]{0,120}\b(userId|ownerId|authorId|createdById|user_id|owner_id)\s*:\s*[A-Za-z_.]*[uU]ser[A-Za-z_]*\.id\b",
            None,
            src(),
        ),
        // Supabase client filters on an owner column.
        PatternSpec::new(
            r"\.eq\(\s*['\x22](user_id|owner_id|author_id|profile_id|created_by)['\x22]\s*,",
            None,
            src(),
        ),
        // Rails: current_user.posts.find, where(user: current_user).
        PatternSpec::new(
            r"(current_user\.[a-z_]+\.(find|find_by|find_by!|where)\b|where\(\s*(user|user_id|owner|owner_id):\s*current_user)",
            Some("**/*.rb"),
            src(),
        ),
        // Spring Data repository methods scoped by owner.
        PatternSpec::new(r"\bfindBy[A-Za-z]*(UserId|OwnerId)\b", None, src()),
        // Shared authorisation helpers called from handlers.
        PatternSpec::new(
            r"\b(checkAuthorization[A-Za-z]*|checkOwnership|assertOwner[A-Za-z]*|verifyOwnership|ensureOwner[A-Za-z]*|requireOwner[A-Za-z]*|checkAccess[A-Za-z]*|canAccess[A-Za-z]*|hasAccessTo[A-Za-z]*|check_ownership|verify_ownership|ensure_owner)\s*\(",
            None,
            src(),
        ),
    ]
}

pub const OWNERSHIP_CHECKS: Analyzer = Analyzer {
    id: "ownership_checks",
    version: 1,
    patterns: ownership_patterns,
    question: "Do handlers or shared helpers scope data access to the signed-in user?",
    run: |cx| {
        let n = ownership_patterns().len();
        let mut hits: Vec<&Hit> = Vec::new();
        for i in 0..n {
            hits.extend(
                cx.own_hits("ownership_checks", i)
                    .iter()
                    .filter(|h| !off_request_path(&h.path) && !admin_only(h))
                    .take(2),
            );
        }
        hits.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        hits.dedup_by(|a, b| a.path == b.path && a.line == b.line);
        let ev = hits
            .into_iter()
            .take(MAX)
            .map(|h| h.evidence("ownership check"))
            .collect();
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(path: &str, snippet: &str, matched: &str) -> Hit {
        Hit {
            path: path.into(),
            line: 1,
            snippet: snippet.into(),
            matched: matched.into(),
        }
    }

    #[test]
    fn admin_only_and_off_path_hits_do_not_count() {
        assert!(admin_only(&hit(
            "a.php",
            "if ($user->can('browse_admin'))",
            "->can('"
        )));
        assert!(admin_only(&hit(
            "a.php",
            "x",
            "auth()->user()->roles()->first"
        )));
        assert!(!admin_only(&hit("a.rb", "authorize @post", "authorize @")));
        assert!(off_request_path("database/seeders/UserSeeder.php"));
        assert!(off_request_path("scripts/backfill.ts"));
        assert!(!off_request_path("app/controllers/posts_controller.rb"));
    }

    #[test]
    fn patterns_compile() {
        for p in authz_patterns().into_iter().chain(ownership_patterns()) {
            crate::signals::compile_regex(&p.regex).unwrap();
        }
        assert!(AUTHZ_TOOLS.iter().all(|t| t.usage < authz_patterns().len()));
    }
}
