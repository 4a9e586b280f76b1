//! Data operations analyzers (DAT-03, DAT-04): scheduled backups, and the
//! backup and restore procedures a distributed product documents or ships
//! for its operators.

use std::collections::HashSet;

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::inventory::FileClass;
use crate::signals::PatternSpec;
use crate::stack::Fact;

const MAX: usize = 5;

/// Database dump commands (what a backup job runs).
const DUMP: &str = r"\b(pg_dump(all)?|pg_basebackup|mysqldump|mariadb-dump|mongodump)\b|\bsqlite3\b[^\n]*\.backup\b|\blitestream replicate\b|\bwrangler\s+d1\s+export\b";
/// Restore commands.
const RESTORE: &str = r"\b(pg_restore|mongorestore|litestream restore|wal-g backup-fetch|velero restore create)\b|\bpgbackrest\b[^\n]*\brestore\b|\b(psql|mysql|mariadb)\b[^\n]*<\s*[^\s|;&]*(dump|backup|bak)";

fn class_of(cx: &EvalCtx, path: &str) -> Option<FileClass> {
    cx.inv.get(path).map(|f| f.class)
}

/// Paths a hygiene or operations scan does not take as shipped tooling.
fn is_test_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.split('/').any(|p| {
        matches!(
            p,
            "test" | "tests" | "__tests__" | "spec" | "e2e" | "fixtures" | "integration"
        )
    }) || lower.contains(".test.")
        || lower.contains(".spec.")
        || lower.contains("_test.")
}

/// Documentation written for people who run the software.
fn is_operator_doc(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        "self-host",
        "selfhost",
        "self_host",
        "operator",
        "administration",
        "admin-guide",
        "installation",
        "install/",
        "deploy",
        "upgrad",
        "backup",
        "restore",
    ]
    .iter()
    .any(|k| lower.contains(k))
}

fn scheduled_patterns() -> Vec<PatternSpec> {
    let ops = vec![
        FileClass::Iac,
        FileClass::Config,
        FileClass::Other,
        FileClass::Source,
        FileClass::Ci,
    ];
    vec![
        // 0: a dump command outside the docs
        PatternSpec::new(DUMP, None, ops.clone()),
        // 1: something in the same file that schedules it
        PatternSpec::new(
            r"kind:\s*CronJob\b|\bcrontab\b|\bschedule:|\bcron:|ofelia\.job|@daily|@hourly|@weekly|@midnight",
            None,
            ops.clone(),
        ),
        // 2: a backup sidecar image in compose or Kubernetes
        PatternSpec::new(
            r"image:\s*['\x22]?[a-z0-9./_-]*(postgres-backup|pg-backup|pgbackup|db-backup|mysql-backup|mongodb-backup|mongo-backup|volume-backup|pgbackweb)[a-z0-9._:/-]*",
            None,
            vec![FileClass::Iac, FileClass::Config, FileClass::Other],
        ),
        // 3: spatie/laravel-backup's command in the Laravel scheduler
        // (`$schedule->command('backup:run')`, `Schedule::command('backup:run')`)
        PatternSpec::new(
            r"command\(\s*['\x22]backup:run\b",
            None,
            vec![FileClass::Source],
        ),
    ]
}

pub const SCHEDULED_BACKUPS: Analyzer = Analyzer {
    id: "scheduled_backups",
    version: 2,
    patterns: scheduled_patterns,
    question: "Is a database dump run on a schedule (scheduled CI workflow, CronJob, crontab, backup sidecar)?",
    run: |cx| {
        let mut ev = Vec::new();
        // Scheduled CI pipelines that run a dump.
        let dump = regex::Regex::new(DUMP).expect("valid");
        for c in &cx.ci.commands {
            let scheduled = cx
                .facts
                .pipelines
                .get(c.pipeline)
                .is_some_and(|p| p.triggers.iter().any(|t| t == "schedule"));
            if scheduled && dump.is_match(&c.text) {
                let mut e = c.evidence();
                e.detail = format!("scheduled CI pipeline runs a database dump: {}", e.detail);
                ev.push(e);
            }
        }
        let scheduled_files: HashSet<&str> = cx
            .own_hits(SCHEDULED_BACKUPS.id, 1)
            .iter()
            .filter(|h| !is_test_path(&h.path))
            .map(|h| h.path.as_str())
            .collect();
        for h in cx.own_hits(SCHEDULED_BACKUPS.id, 0) {
            if (scheduled_files.contains(h.path.as_str()) || is_cron_line(&h.snippet))
                && !is_test_path(&h.path)
            {
                ev.push(h.evidence("scheduled database dump"));
            }
        }
        for h in cx.own_hits(SCHEDULED_BACKUPS.id, 2) {
            if !is_test_path(&h.path) {
                ev.push(h.evidence("backup sidecar"));
            }
        }
        for h in cx.own_hits(SCHEDULED_BACKUPS.id, 3) {
            if !is_test_path(&h.path) {
                ev.push(Evidence::at(
                    h.path.clone(),
                    h.line,
                    format!(
                        "scheduled Laravel backup (spatie/laravel-backup): {}",
                        h.snippet
                    ),
                ));
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

/// `0 3 * * * pg_dump …`: a crontab line.
fn is_cron_line(line: &str) -> bool {
    let fields: Vec<&str> = line.split_whitespace().take(6).collect();
    fields.len() == 6
        && fields[..5].iter().all(|f| {
            !f.is_empty()
                && f.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '*' | '/' | ',' | '-'))
        })
}

fn doc_patterns(re: &str) -> Vec<PatternSpec> {
    vec![PatternSpec::new(re, None, vec![FileClass::Doc])]
}

/// Docs hits (`doc_hits`) that count as an operator procedure, plus shipped
/// non-doc tooling (`tool_hits`) for distributed products.
fn operator_procedure(
    cx: &EvalCtx,
    doc_hits: &[crate::signals::Hit],
    tool_hits: &[crate::signals::Hit],
    what: &str,
) -> Outcome {
    let distributed = cx.stack.holds(Fact::DistributedProduct);
    let ships = distributed || cx.stack.holds(Fact::DeploysHostedInstance);
    let mut ev = Vec::new();
    for h in doc_hits {
        if is_test_path(&h.path) {
            continue;
        }
        if distributed || (ships && is_operator_doc(&h.path)) {
            ev.push(Evidence::at(
                h.path.clone(),
                h.line,
                format!("{what} documented for operators: {}", h.snippet),
            ));
        }
    }
    if distributed {
        for h in tool_hits {
            if is_test_path(&h.path) || class_of(cx, &h.path) == Some(FileClass::Doc) {
                continue;
            }
            ev.push(Evidence::at(
                h.path.clone(),
                h.line,
                format!("{what} tooling shipped with the product: {}", h.snippet),
            ));
        }
    }
    ev.truncate(MAX);
    Outcome::yes(ev)
}

pub const BACKUP_PROCEDURE_FOR_OPERATORS: Analyzer = Analyzer {
    id: "backup_procedure_for_operators",
    version: 1,
    patterns: || doc_patterns(DUMP),
    question: "Does the product document (or ship tooling for) backing up its database, for the operators who run it?",
    run: |cx| {
        operator_procedure(
            cx,
            cx.own_hits(BACKUP_PROCEDURE_FOR_OPERATORS.id, 0),
            cx.own_hits(SCHEDULED_BACKUPS.id, 0),
            "database backup",
        )
    },
};

fn restore_patterns() -> Vec<PatternSpec> {
    vec![
        // 0: restore commands in docs
        PatternSpec::new(RESTORE, None, vec![FileClass::Doc]),
        // 1: restore commands in scripts, CI, manifests
        PatternSpec::new(
            RESTORE,
            None,
            vec![
                FileClass::Source,
                FileClass::Ci,
                FileClass::Iac,
                FileClass::Config,
                FileClass::Other,
            ],
        ),
    ]
}

pub const RESTORE_PROCEDURE: Analyzer = Analyzer {
    id: "restore_procedure",
    version: 1,
    patterns: restore_patterns,
    question: "Does the repository hold a restore script or drill, or document the restore procedure for operators?",
    run: |cx| {
        let mut ev: Vec<Evidence> = cx
            .own_hits(RESTORE_PROCEDURE.id, 1)
            .iter()
            .filter(|h| !is_test_path(&h.path))
            .map(|h| h.evidence("restore script"))
            .collect();
        ev.extend(
            operator_procedure(
                cx,
                cx.own_hits(RESTORE_PROCEDURE.id, 0),
                &[],
                "database restore",
            )
            .evidence,
        );
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_gated_by_keywords() {
        for spec in scheduled_patterns()
            .into_iter()
            .chain(restore_patterns())
            .chain(doc_patterns(DUMP))
        {
            assert!(
                crate::signals::keywords_of(&spec.regex).is_some(),
                "ungated: {}",
                spec.regex
            );
        }
    }

    #[test]
    fn restore_commands_need_a_dump_file() {
        let re = regex::Regex::new(RESTORE).unwrap();
        assert!(re.is_match("psql -U app app < backup_2024.sql"));
        assert!(re.is_match("pg_restore -d app latest.dump"));
        assert!(!re.is_match("psql -U app app < schema.sql"));
        assert!(!re.is_match("mysql -u root < init.sql"));
    }

    #[test]
    fn dump_commands() {
        let re = regex::Regex::new(DUMP).unwrap();
        assert!(re.is_match("pg_dump \"$DATABASE_URL\" -Fc -f app.dump"));
        assert!(re.is_match("npx wrangler d1 export commentbox --remote --output=backup.sql"));
        assert!(!re.is_match("npx wrangler d1 migrations apply commentbox --remote"));
    }

    #[test]
    fn cron_lines() {
        assert!(is_cron_line("0 3 * * * pg_dump app > /b/app.sql"));
        assert!(!is_cron_line("pg_dump app > /b/app.sql"));
    }

    #[test]
    fn operator_docs_by_path() {
        assert!(is_operator_doc("docs/self-hosting/advanced/migration.mdx"));
        assert!(!is_operator_doc("README.md"));
    }
}
