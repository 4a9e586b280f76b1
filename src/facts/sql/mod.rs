//! SQL files that declare schema: migrations (`supabase/migrations/`,
//! `migrations/`, `db/migrate/`, Prisma's `migration.sql`), schema files
//! (`schema.sql`, `structure.sql`, files under `db/`), and any other `.sql`
//! file, each marked with where it sits ([`SqlOrigin`]). SQL under test and
//! fixture folders is left out. Files over the inventory's size cap are
//! refused by the reader (the walk already warned about them).

pub mod split;
pub mod sql_migration;

use super::{Facts, SqlOrigin};
use crate::evidence::{Warning, WarningKind};
use crate::inventory::{FileClass, FileEntry, Inventory};

/// Files read per scan (schema dumps of large products can hold thousands).
const MAX_FILES: usize = 5_000;

/// Folders whose SQL is test data, not the application's schema.
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
];

/// The origin of a `.sql` file, or None when it is not read.
pub fn origin_of(entry: &FileEntry) -> Option<SqlOrigin> {
    let lower = entry.path.to_ascii_lowercase();
    if !lower.ends_with(".sql") || matches!(entry.class, FileClass::Generated | FileClass::Binary) {
        return None;
    }
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    if parts.iter().any(|d| TEST_DIRS.contains(d)) {
        return None;
    }
    if entry.class == FileClass::Migration
        || lower.contains("supabase/migrations/")
        || parts
            .iter()
            .any(|d| matches!(*d, "migrations" | "migration" | "migrate"))
    {
        return Some(SqlOrigin::Migration);
    }
    if matches!(name, "schema.sql" | "structure.sql")
        || name.ends_with("_schema.sql")
        || name.ends_with("-schema.sql")
        || parts
            .iter()
            .any(|d| matches!(*d, "db" | "database" | "schema" | "schemas" | "sql"))
    {
        return Some(SqlOrigin::Schema);
    }
    Some(SqlOrigin::Other)
}

/// Parses every SQL file of the inventory into `facts.sql_schema`.
pub fn collect(inv: &Inventory, facts: &mut Facts) {
    let mut read = 0usize;
    for entry in &inv.files {
        let Some(origin) = origin_of(entry) else {
            continue;
        };
        if read >= MAX_FILES {
            facts.warnings.push(Warning::new(
                WarningKind::Budget,
                &entry.path,
                format!("SQL files after the first {MAX_FILES} were not parsed"),
            ));
            break;
        }
        let Some(text) = super::read_or_warn(inv, entry, &mut facts.warnings, "SQL file") else {
            continue;
        };
        read += 1;
        if sql_migration::parse_file(&entry.path, origin, &text, &mut facts.sql_schema) {
            facts.warnings.push(Warning::new(
                WarningKind::Budget,
                &entry.path,
                format!(
                    "SQL file has more than {} statements; the rest was not parsed",
                    sql_migration::MAX_STATEMENTS
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> FileEntry {
        let (class, language) = crate::inventory::classify(path);
        FileEntry {
            path: path.into(),
            class,
            language,
            size: 10,
            readable: true,
        }
    }

    #[test]
    fn origins_by_folder_and_name() {
        let o = |p: &str| origin_of(&entry(p));
        assert_eq!(o("supabase/migrations/x.sql"), Some(SqlOrigin::Migration));
        assert_eq!(
            o("packages/database/migration/2023_init/migration.sql"),
            Some(SqlOrigin::Migration)
        );
        assert_eq!(o("db/schema.sql"), Some(SqlOrigin::Schema));
        assert_eq!(o("schema.sql"), Some(SqlOrigin::Schema));
        assert_eq!(o("scripts/fix-rls.sql"), Some(SqlOrigin::Other));
        assert_eq!(o("SETUP.SQL"), Some(SqlOrigin::Other));
        assert_eq!(o("tests/fixtures/dump.sql"), None);
        assert_eq!(o("src/app.ts"), None);
    }

    #[test]
    fn collect_reads_sql_files_through_the_inventory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("supabase/migrations")).unwrap();
        std::fs::write(
            dir.path().join("supabase/migrations/001.sql"),
            "create table notes (id uuid primary key, user_id uuid references auth.users);\nalter table notes enable row level security;\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("big.sql"), "x").unwrap();
        let mut big = entry("big.sql");
        big.size = 10 << 20;
        big.readable = false;
        let inv = Inventory::from_entries(
            dir.path().to_path_buf(),
            vec![entry("supabase/migrations/001.sql"), big],
            1 << 20,
        );
        let mut facts = Facts::default();
        collect(&inv, &mut facts);
        let s = &facts.sql_schema;
        assert_eq!(s.files.len(), 1);
        assert_eq!(s.tables[0].name.to_string(), "public.notes");
        assert_eq!(s.rls[0].line, 2);
        assert!(facts.warnings.is_empty());
    }
}
