//! Audit-logging analyzer (SEC-11): an audit trail of security-relevant
//! actions. Any of: an audit table in the SQL schema (`audit_logs`,
//! `activity_log`, `audits`, an `events` table with an actor and an action),
//! an audit model or migration in ORM code (Prisma `model AuditLog`, Django
//! or SQLAlchemy `class AuditLog`, Laravel `Schema::create('activity_logs')`,
//! Rails `create_table :audit_logs`), an auditing library installed and used
//! (paper_trail, audited, logidze, spatie/laravel-activitylog,
//! owen-it/laravel-auditing, django-auditlog, django-simple-history,
//! django-pghistory, SQLAlchemy-Continuum, Hibernate Envers, JaVers), pgaudit
//! or supa_audit, or a shared helper that writes audit events
//! (`withAuditLogging(…)`, `createAuditLog(…)`).

use super::{Analyzer, Outcome};
use crate::evidence::Evidence;
use crate::facts::{Ecosystem, SqlTable};
use crate::inventory::FileClass;
use crate::signals::PatternSpec;
use crate::stack::dep_matches;

const MAX: usize = 6;

const AUDIT_LIBS: &[(Ecosystem, &str)] = &[
    (Ecosystem::RubyGems, "paper_trail"),
    (Ecosystem::RubyGems, "audited"),
    (Ecosystem::RubyGems, "logidze"),
    (Ecosystem::Composer, "spatie/laravel-activitylog"),
    (Ecosystem::Composer, "owen-it/laravel-auditing"),
    (Ecosystem::PyPI, "django-auditlog"),
    (Ecosystem::PyPI, "django-simple-history"),
    (Ecosystem::PyPI, "django-easy-audit"),
    (Ecosystem::PyPI, "django-pghistory"),
    (Ecosystem::PyPI, "sqlalchemy-continuum"),
    (Ecosystem::Maven, "org.hibernate:hibernate-envers"),
    (Ecosystem::Maven, "org.hibernate.orm:hibernate-envers"),
    (Ecosystem::Gradle, "org.hibernate:hibernate-envers"),
    (Ecosystem::Gradle, "org.hibernate.orm:hibernate-envers"),
    (Ecosystem::Maven, "org.javers:*"),
    (Ecosystem::Gradle, "org.javers:*"),
    (Ecosystem::Npm, "mongoose-audit-trail"),
    (Ecosystem::Npm, "mongoose-history"),
    (Ecosystem::Npm, "prisma-audit*"),
    (Ecosystem::Npm, "@prisma-audit/*"),
];

fn patterns() -> Vec<PatternSpec> {
    vec![
        // 0 Auditing libraries at work.
        PatternSpec::new(
            r"(has_paper_trail|\baudited\b|has_associated_audits|has_logidze|\bLogsActivity\b|activity\(\)->|\bAuditableContract\b|implements\s+Auditable|auditlog\.register\(|AuditlogHistoryField|HistoricalRecords\(|pghistory\.track|make_versioned\(|__versioned__|@Audited\b|JaversSpringDataAuditable|['\x22]easyaudit['\x22])",
            None,
            vec![FileClass::Source, FileClass::Config],
        ),
        // 1 Audit models and migrations in ORM code.
        PatternSpec::new(
            r"(model (AuditLog|ActivityLog|AuditEvent|AuditTrail|SecurityEvent)s? *\{|class (AuditLog|ActivityLog|AuditEvent|AuditTrail|AuditEntry|SecurityEvent)s?\b|type (AuditLog|ActivityLog|AuditEvent)s? struct|Schema::create\(\s*['\x22](audit|activity)_?(logs?|events?|trails?)['\x22]|create_table[ (]+:?['\x22]?(audit|activity)_(logs?|events?|trails?)\b|createTable\(\s*['\x22](audit|activity)_?(logs?|events?|trails?)['\x22]|pgTable\(\s*['\x22](audit|activity)_?(logs?|events?|trails?)['\x22]|model\(\s*['\x22](AuditLog|ActivityLog|AuditEvent)s?['\x22])",
            None,
            vec![FileClass::Source, FileClass::Migration, FileClass::Other],
        ),
        // 2 pgaudit / supa_audit.
        PatternSpec::new(
            r"(pgaudit|PGAUDIT|supa_audit|audit\.enable_tracking\()",
            None,
            vec![
                FileClass::Source,
                FileClass::Migration,
                FileClass::Other,
                FileClass::Config,
                FileClass::Iac,
            ],
        ),
        // 3 Shared helpers that write audit events.
        PatternSpec::new(
            r"\b(with|create|write|record|log|queue|emit|insert|track)(Audit|_audit)(Log|Event|Trail|Entry|Record|_log|_event|_trail|_entry|_record)[A-Za-z_]*\s*\(|\b(auditLog|auditLogs|audit_log|audit_logs|AuditLog)\.(create|insert|add|log|record)\(",
            None,
            vec![FileClass::Source],
        ),
    ]
}

/// Audit tables in the SQL schema.
fn is_audit_table(t: &SqlTable) -> bool {
    let n = t.name.name.to_ascii_lowercase();
    let named = [
        "audit_log",
        "audit_logs",
        "auditlog",
        "auditlogs",
        "audits",
        "audit_events",
        "audit_event",
        "audit_trail",
        "audit_trails",
        "activity_log",
        "activity_logs",
        "security_events",
        "security_event",
    ]
    .contains(&n.as_str())
        || n.ends_with("_audit_log")
        || n.ends_with("_audit_logs")
        || n.ends_with("_audit");
    let has = |names: &[&str]| t.columns.iter().any(|c| names.contains(&c.name.as_str()));
    let actor_events = matches!(n.as_str(), "events" | "user_events" | "account_events")
        && has(&["actor_id", "user_id", "actor", "performed_by"])
        && has(&["action", "event", "event_type", "type", "verb"]);
    named || actor_events
}

fn off_request_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    [
        "seed",
        "factories/",
        "fixtures/",
        "examples/",
        "example/",
        "mock",
    ]
    .iter()
    .any(|k| p.contains(k))
}

pub const AUDIT_TRAIL: Analyzer = Analyzer {
    id: "audit_trail",
    version: 1,
    patterns,
    question: "Is there an audit trail of security-relevant actions (audit table or model, auditing library, pgaudit)?",
    run: |cx| {
        let mut ev = Vec::new();
        for t in cx.facts.sql_schema.live_tables() {
            if is_audit_table(t) {
                ev.push(Evidence::at(
                    t.file.clone(),
                    t.line,
                    format!("audit table {}", t.name),
                ));
            }
        }
        let lib = AUDIT_LIBS.iter().find_map(|(eco, name)| {
            cx.facts
                .dependencies
                .iter()
                .find(|d| d.ecosystem == *eco && dep_matches(name, &d.name))
        });
        let usage = cx.own_hits("audit_trail", 0);
        if let Some(d) = lib
            && let Some(h) = usage.iter().find(|h| !off_request_path(&h.path))
        {
            ev.push(d.evidence());
            ev.push(h.evidence("auditing library in use"));
        }
        for (i, what) in [
            (1, "audit model"),
            (2, "database audit extension"),
            (3, "audit events written"),
        ] {
            for h in cx
                .own_hits("audit_trail", i)
                .iter()
                .filter(|h| !off_request_path(&h.path))
                .take(2)
            {
                ev.push(h.evidence(what));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{SqlColumn, SqlName, SqlOrigin};

    fn table(name: &str, cols: &[&str]) -> SqlTable {
        SqlTable {
            name: SqlName {
                schema: "public".into(),
                name: name.into(),
            },
            columns: cols
                .iter()
                .map(|c| SqlColumn {
                    name: (*c).into(),
                    data_type: "text".into(),
                })
                .collect(),
            primary_key: Vec::new(),
            file: "m.sql".into(),
            line: 1,
            origin: SqlOrigin::Migration,
        }
    }

    #[test]
    fn audit_tables_by_name_or_actor_and_action() {
        assert!(is_audit_table(&table("audit_logs", &[])));
        assert!(is_audit_table(&table("activity_log", &[])));
        assert!(is_audit_table(&table("billing_audit", &[])));
        assert!(is_audit_table(&table("events", &["actor_id", "action"])));
        assert!(!is_audit_table(&table("events", &["name", "starts_at"])));
        assert!(!is_audit_table(&table("analysis_history", &["user_id"])));
    }

    #[test]
    fn patterns_compile() {
        for p in patterns() {
            crate::signals::compile_regex(&p.regex).unwrap();
        }
    }
}
