//! Foreign keys and indexes declared outside raw `.sql` files: Prisma
//! schemas, Alembic operations, Laravel and Rails migrations, and SQL
//! embedded in Go migration code (string literals in `migrations.go`).
//! Text heuristics, line by line or over balanced parentheses; no parser
//! generator is available in this build. What a heuristic cannot read
//! (column names computed at run time) is passed over, never guessed.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{Facts, SqlOrigin, SqlSchema};
use crate::inventory::{FileClass, FileEntry, Inventory};

/// Files read per scan by this parser.
const MAX_FILES: usize = 5_000;

/// Where a declaration was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaDsl {
    Prisma,
    Alembic,
    Laravel,
    Rails,
}

impl SchemaDsl {
    pub fn label(self) -> &'static str {
        match self {
            SchemaDsl::Prisma => "Prisma schema",
            SchemaDsl::Alembic => "Alembic migration",
            SchemaDsl::Laravel => "Laravel migration",
            SchemaDsl::Rails => "Rails migration",
        }
    }
}

/// A foreign key declared in an ORM DSL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DslForeignKey {
    pub dsl: SchemaDsl,
    pub table: String,
    pub columns: Vec<String>,
    pub file: String,
    pub line: u32,
    /// The DSL creates an index with the key (Rails `t.references`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub indexed_by_dsl: bool,
}

/// An index, unique constraint or primary key declared in an ORM DSL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DslIndex {
    pub dsl: SchemaDsl,
    pub table: String,
    pub columns: Vec<String>,
    pub file: String,
    pub line: u32,
}

/// A Prisma `datasource` provider, per schema file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrismaProvider {
    pub file: String,
    pub provider: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DslSchema {
    pub foreign_keys: Vec<DslForeignKey>,
    pub indexes: Vec<DslIndex>,
    pub prisma_providers: Vec<PrismaProvider>,
    /// SQL found in string literals of Go migration code, parsed like a `.sql` file.
    pub embedded_sql: SqlSchema,
}

impl DslSchema {
    pub fn is_empty(&self) -> bool {
        self.foreign_keys.is_empty() && self.indexes.is_empty() && self.embedded_sql.is_empty()
    }
}

/// Folders whose files are test data, not the application's schema.
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
    "vendor",
    "node_modules",
];

fn kind_of(entry: &FileEntry) -> Option<Kind> {
    if matches!(
        entry.class,
        FileClass::Generated | FileClass::Binary | FileClass::Test | FileClass::Doc
    ) {
        return None;
    }
    let lower = entry.path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    if parts.iter().any(|d| TEST_DIRS.contains(d)) {
        return None;
    }
    if name.ends_with(".prisma") {
        return Some(Kind::Prisma);
    }
    let in_migrations = entry.class == FileClass::Migration;
    if name.ends_with(".py") && in_migrations && parts.contains(&"versions") {
        return Some(Kind::Alembic);
    }
    if name.ends_with(".php") && lower.contains("database/migrations/") {
        return Some(Kind::Laravel);
    }
    if name.ends_with(".rb") && (lower.contains("db/migrate/") || lower.ends_with("db/schema.rb")) {
        return Some(Kind::Rails);
    }
    if name.ends_with(".go")
        && !name.ends_with("_test.go")
        && (in_migrations || name.contains("migration") || name.starts_with("schema"))
    {
        return Some(Kind::GoSql);
    }
    None
}

#[derive(Clone, Copy)]
enum Kind {
    Prisma,
    Alembic,
    Laravel,
    Rails,
    GoSql,
}

/// Reads every schema DSL file of the inventory into `facts.schema_dsl`.
pub fn collect(inv: &Inventory, facts: &mut Facts) {
    let mut read = 0usize;
    for entry in &inv.files {
        let Some(kind) = kind_of(entry) else {
            continue;
        };
        if read >= MAX_FILES {
            break;
        }
        let Some(text) = super::read_or_warn(inv, entry, &mut facts.warnings, "schema file") else {
            continue;
        };
        read += 1;
        let out = &mut facts.schema_dsl;
        match kind {
            Kind::Prisma => prisma(&entry.path, &text, out),
            Kind::Alembic => alembic(&entry.path, &text, out),
            Kind::Laravel => laravel(&entry.path, &text, out),
            Kind::Rails => rails(&entry.path, &text, out),
            Kind::GoSql => go_sql(&entry.path, &text, out),
        }
    }
}

fn re(p: &str) -> Regex {
    Regex::new(p).expect("static schema regex")
}

/// Identifiers in a list (`[a, b]`, `"a", "b"`, `:a`), quotes and symbols stripped.
fn idents(list: &str) -> Vec<String> {
    list.split(',')
        .map(|s| {
            s.trim()
                .trim_start_matches(':')
                .trim_matches(|c| c == '"' || c == '\'' || c == '`')
                .to_string()
        })
        .filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        })
        .collect()
}

fn line_at(text: &str, offset: usize) -> u32 {
    let n = text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(n + 1).unwrap_or(u32::MAX)
}

// ------------------------------------------------------------------ Prisma

static PRISMA_MODEL: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*model\s+(\w+)\s*\{"));
static PRISMA_PROVIDER: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*provider\s*=\s*"([A-Za-z]+)""#));
static PRISMA_RELATION_FIELDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"@relation\([^)]*\bfields\s*:\s*\[([^\]]*)\]"));
static PRISMA_BLOCK_INDEX: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*@@(index|unique|id)\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]"));
static PRISMA_MAP: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*@@map\(\s*(?:name\s*:\s*)?"([^"]+)""#));
static PRISMA_FIELD: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(\w+)\s+\w"));

fn prisma(path: &str, text: &str, out: &mut DslSchema) {
    let mut in_datasource = false;
    let mut model: Option<(String, usize, usize)> = None; // name, fk start, index start
    let mut mapped: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let l = raw.split("//").next().unwrap_or("");
        let trimmed = l.trim();
        if trimmed.starts_with("datasource ") {
            in_datasource = true;
            continue;
        }
        if in_datasource {
            if let Some(c) = PRISMA_PROVIDER.captures(l) {
                out.prisma_providers.push(PrismaProvider {
                    file: path.to_string(),
                    provider: c[1].to_ascii_lowercase(),
                });
            }
            if trimmed.starts_with('}') {
                in_datasource = false;
            }
            continue;
        }
        if let Some(c) = PRISMA_MODEL.captures(l) {
            model = Some((c[1].to_string(), out.foreign_keys.len(), out.indexes.len()));
            mapped = None;
            continue;
        }
        let Some((name, fk_start, ix_start)) = &model else {
            continue;
        };
        if trimmed.starts_with('}') {
            if let Some(m) = mapped.take() {
                for fk in &mut out.foreign_keys[*fk_start..] {
                    fk.table = m.clone();
                }
                for ix in &mut out.indexes[*ix_start..] {
                    ix.table = m.clone();
                }
            }
            model = None;
            continue;
        }
        if let Some(c) = PRISMA_MAP.captures(l) {
            mapped = Some(c[1].to_string());
            continue;
        }
        if let Some(c) = PRISMA_BLOCK_INDEX.captures(l) {
            // `[a(sort: Desc), b]` → a, b
            let cols: Vec<String> = c[2]
                .split(',')
                .map(|s| s.split('(').next().unwrap_or("").trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if !cols.is_empty() {
                out.indexes.push(DslIndex {
                    dsl: SchemaDsl::Prisma,
                    table: name.clone(),
                    columns: cols,
                    file: path.to_string(),
                    line,
                });
            }
            continue;
        }
        let Some(f) = PRISMA_FIELD.captures(l) else {
            continue;
        };
        let field = f[1].to_string();
        if let Some(c) = PRISMA_RELATION_FIELDS.captures(l) {
            let cols = idents(&c[1]);
            if !cols.is_empty() {
                out.foreign_keys.push(DslForeignKey {
                    dsl: SchemaDsl::Prisma,
                    table: name.clone(),
                    columns: cols,
                    file: path.to_string(),
                    line,
                    indexed_by_dsl: false,
                });
            }
        }
        let attrs = l.get(f.get(0).map_or(0, |m| m.end())..).unwrap_or("");
        if attrs.contains("@id") || attrs.contains("@unique") {
            out.indexes.push(DslIndex {
                dsl: SchemaDsl::Prisma,
                table: name.clone(),
                columns: vec![field],
                file: path.to_string(),
                line,
            });
        }
    }
}

// ----------------------------------------------------------------- Alembic

/// The text between the `(` at `open` and its matching `)`, skipping strings.
fn balanced(text: &str, open: usize) -> Option<&str> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
        } else {
            match c {
                b'"' | b'\'' => quote = Some(c),
                b'(' | b'[' => depth += 1,
                b')' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return text.get(open + 1..i);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

static PY_STR: LazyLock<Regex> = LazyLock::new(|| re(r#"^\s*['"](\w+)['"]"#));
static PY_LIST_FIRST: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\[\s*((?:['"]\w+['"]\s*,?\s*)+)\]"#));
static ALEMBIC_CALL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bop\.(create_table|create_index|create_foreign_key|add_column|create_unique_constraint|create_primary_key)\(",
    )
});
static SA_ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:sa\.|sqlalchemy\.)?(Column|ForeignKeyConstraint|PrimaryKeyConstraint|UniqueConstraint|Index)\(",
    )
});

/// Positional string arguments of a call's argument text, in order
/// (`op.f("ix")` counts as one), up to the first list.
fn py_args(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for ch in args.chars() {
        if let Some(q) = quote {
            cur.push(ch);
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '"' | '\'' => {
                quote = Some(ch);
                cur.push(ch);
            }
            '(' | '[' | '{' => {
                depth += 1;
                cur.push(ch);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                cur.push(ch);
            }
            ',' if depth == 0 => out.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(ch),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn py_string(arg: &str) -> Option<String> {
    PY_STR.captures(arg).map(|c| c[1].to_string())
}

fn py_list(arg: &str) -> Vec<String> {
    if arg.trim_start().starts_with('[') {
        PY_LIST_FIRST
            .captures(arg)
            .map(|c| idents(&c[1]))
            .unwrap_or_default()
    } else {
        py_string(arg).into_iter().collect()
    }
}

fn alembic(path: &str, text: &str, out: &mut DslSchema) {
    // Only what upgrade() does; downgrade() re-creates what upgrade removed.
    let up = match text.find("def downgrade") {
        Some(i) => &text[..i],
        None => text,
    };
    let fk = |table: &str, cols: Vec<String>, line: u32| DslForeignKey {
        dsl: SchemaDsl::Alembic,
        table: table.to_string(),
        columns: cols,
        file: path.to_string(),
        line,
        indexed_by_dsl: false,
    };
    let ix = |table: &str, cols: Vec<String>, line: u32| DslIndex {
        dsl: SchemaDsl::Alembic,
        table: table.to_string(),
        columns: cols,
        file: path.to_string(),
        line,
    };
    for m in ALEMBIC_CALL.captures_iter(up) {
        let (Some(all), Some(op)) = (m.get(0), m.get(1)) else {
            continue;
        };
        let open = all.end() - 1;
        let Some(args) = balanced(up, open) else {
            continue;
        };
        let line = line_at(up, all.start());
        let a = py_args(args);
        match op.as_str() {
            "create_table" | "add_column" => {
                let Some(table) = a.first().and_then(|s| py_string(s)) else {
                    continue;
                };
                let base = open + 1;
                for e in SA_ELEMENT.captures_iter(args) {
                    let (Some(em), Some(kind)) = (e.get(0), e.get(1)) else {
                        continue;
                    };
                    let Some(inner) = balanced(args, em.end() - 1) else {
                        continue;
                    };
                    let eline = line_at(up, base + em.start());
                    let ea = py_args(inner);
                    match kind.as_str() {
                        "Column" => {
                            let Some(col) = ea.first().and_then(|s| py_string(s)) else {
                                continue;
                            };
                            if ea.iter().any(|x| x.contains("ForeignKey(")) {
                                out.foreign_keys.push(fk(&table, vec![col.clone()], eline));
                            }
                            if ea.iter().any(|x| {
                                let x = x.replace(' ', "");
                                x == "index=True" || x == "primary_key=True" || x == "unique=True"
                            }) {
                                out.indexes.push(ix(&table, vec![col], eline));
                            }
                        }
                        "ForeignKeyConstraint" => {
                            let cols = ea.first().map(|s| py_list(s)).unwrap_or_default();
                            if !cols.is_empty() {
                                out.foreign_keys.push(fk(&table, cols, eline));
                            }
                        }
                        "PrimaryKeyConstraint" | "UniqueConstraint" => {
                            let cols: Vec<String> = ea.iter().map_while(|s| py_string(s)).collect();
                            if !cols.is_empty() {
                                out.indexes.push(ix(&table, cols, eline));
                            }
                        }
                        _ => {
                            // Index("name", "a", "b")
                            let cols: Vec<String> =
                                ea.iter().skip(1).map_while(|s| py_string(s)).collect();
                            if !cols.is_empty() {
                                out.indexes.push(ix(&table, cols, eline));
                            }
                        }
                    }
                }
            }
            "create_index" | "create_unique_constraint" | "create_primary_key" => {
                let (Some(table), Some(cols)) = (
                    a.get(1).and_then(|s| py_string(s)),
                    a.get(2).map(|s| py_list(s)),
                ) else {
                    continue;
                };
                if !cols.is_empty() {
                    out.indexes.push(ix(&table, cols, line));
                }
            }
            _ => {
                // create_foreign_key(name, source, referent, [cols], [remote])
                let (Some(table), Some(cols)) = (
                    a.get(1).and_then(|s| py_string(s)),
                    a.get(3).map(|s| py_list(s)),
                ) else {
                    continue;
                };
                if !cols.is_empty() {
                    out.foreign_keys.push(fk(&table, cols, line));
                }
            }
        }
    }
}

// ----------------------------------------------------------------- Laravel

static LARAVEL_SCHEMA: LazyLock<Regex> =
    LazyLock::new(|| re(r#"Schema::(?:connection\([^)]*\)->)?(?:create|table)\(\s*['"](\w+)['"]"#));
static LARAVEL_FOREIGN_ID: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\$table->foreign(?:Id|Uuid|Ulid)\(\s*['"](\w+)['"]"#));
static LARAVEL_FOREIGN_ID_FOR: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"\$table->foreignIdFor\(\s*\\?(?:\w+\\)*(\w+)::class\s*(?:,\s*['"](\w+)['"])?"#)
});
static LARAVEL_FOREIGN: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\$table->foreign\(\s*(\[[^\]]*\]|['"]\w+['"])"#));
static LARAVEL_INDEX: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\$table->(?:index|unique|primary)\(\s*(\[[^\]]*\]|['"]\w+['"])"#));
static LARAVEL_COLUMN_INDEXED: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\$table->\w+\(\s*['"](\w+)['"][^;]*->(?:index|unique|primary)\(\s*\)"#));

fn snake(name: &str) -> String {
    let mut s = String::new();
    for (i, ch) in name.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                s.push('_');
            }
            s.push(ch.to_ascii_lowercase());
        } else {
            s.push(ch);
        }
    }
    s
}

fn laravel(path: &str, text: &str, out: &mut DslSchema) {
    let up = match text.find("function down(") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut table: Option<String> = None;
    let mut offset = 0usize;
    for stmt in up.split_inclusive(';') {
        let start = offset + stmt.len() - stmt.trim_start().len();
        offset += stmt.len();
        let line = line_at(up, start);
        if let Some(c) = LARAVEL_SCHEMA.captures(stmt) {
            table = Some(c[1].to_string());
        }
        let Some(t) = table.clone() else { continue };
        let mut fk = |cols: Vec<String>| {
            if !cols.is_empty() {
                out.foreign_keys.push(DslForeignKey {
                    dsl: SchemaDsl::Laravel,
                    table: t.clone(),
                    columns: cols,
                    file: path.to_string(),
                    line,
                    indexed_by_dsl: false,
                });
            }
        };
        let constrained = stmt.contains("->constrained(") || stmt.contains("->references(");
        if let Some(c) = LARAVEL_FOREIGN_ID.captures(stmt)
            && constrained
        {
            fk(vec![c[1].to_string()]);
        } else if let Some(c) = LARAVEL_FOREIGN_ID_FOR.captures(stmt)
            && constrained
        {
            let col = c
                .get(2)
                .map(|m| m.as_str().to_string())
                .unwrap_or_else(|| format!("{}_id", snake(&c[1])));
            fk(vec![col]);
        } else if let Some(c) = LARAVEL_FOREIGN.captures(stmt) {
            fk(idents(c[1].trim_matches(|ch| ch == '[' || ch == ']')));
        }
        let mut ix = |cols: Vec<String>| {
            if !cols.is_empty() {
                out.indexes.push(DslIndex {
                    dsl: SchemaDsl::Laravel,
                    table: t.clone(),
                    columns: cols,
                    file: path.to_string(),
                    line,
                });
            }
        };
        if let Some(c) = LARAVEL_INDEX.captures(stmt) {
            ix(idents(c[1].trim_matches(|ch| ch == '[' || ch == ']')));
        } else if let Some(c) = LARAVEL_COLUMN_INDEXED.captures(stmt) {
            ix(vec![c[1].to_string()]);
        }
    }
}

// ------------------------------------------------------------------- Rails

static RAILS_CREATE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*create_table\s*\(?\s*[:"'](\w+)"#));
static RAILS_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*t\.(?:references|belongs_to)\s*\(?\s*[:"'](\w+)"#));
static RAILS_ADD_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"^\s*add_(?:reference|belongs_to)\s*\(?\s*[:"'](\w+)["']?\s*,\s*[:"'](\w+)"#)
});
static RAILS_T_INDEX: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*t\.index\s*\(?\s*(\[[^\]]*\]|[:"']\w+)"#));
static RAILS_ADD_INDEX: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*add_index\s*\(?\s*[:"'](\w+)["']?\s*,\s*(\[[^\]]*\]|[:"']\w+)"#));
static RAILS_ADD_FK: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"^\s*add_foreign_key\s*\(?\s*[:"'](\w+)["']?\s*,\s*[:"'](\w+)["']?(.*)$"#)
});
static RAILS_T_FK: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*t\.foreign_key\s*\(?\s*[:"'](\w+)["']?(.*)$"#));
static RAILS_COLUMN_OPT: LazyLock<Regex> = LazyLock::new(|| re(r#"column:\s*[:"'](\w+)"#));

fn singular(name: &str) -> String {
    if let Some(s) = name.strip_suffix("ies") {
        format!("{s}y")
    } else if let Some(s) = name.strip_suffix("ses") {
        format!("{s}s")
    } else {
        name.strip_suffix('s').unwrap_or(name).to_string()
    }
}

fn rails(path: &str, text: &str, out: &mut DslSchema) {
    let mut table: Option<String> = None;
    let mut in_down = false;
    for (i, l) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let l = l.split(" #").next().unwrap_or(l);
        let t = l.trim_start();
        if t.starts_with("def down") {
            in_down = true;
        } else if t.starts_with("def ") {
            in_down = false;
        }
        if in_down {
            continue;
        }
        let fk = |table: &str, col: String, indexed: bool| DslForeignKey {
            dsl: SchemaDsl::Rails,
            table: table.to_string(),
            columns: vec![col],
            file: path.to_string(),
            line,
            indexed_by_dsl: indexed,
        };
        let ix = |table: &str, cols: Vec<String>| DslIndex {
            dsl: SchemaDsl::Rails,
            table: table.to_string(),
            columns: cols,
            file: path.to_string(),
            line,
        };
        let no_index = l.contains("index: false");
        if let Some(c) = RAILS_CREATE.captures(l) {
            table = Some(c[1].to_string());
        } else if let Some(c) = RAILS_ADD_FK.captures(l) {
            let col = RAILS_COLUMN_OPT
                .captures(&c[3])
                .map(|m| m[1].to_string())
                .unwrap_or_else(|| format!("{}_id", singular(&c[2])));
            out.foreign_keys.push(fk(&c[1], col, false));
        } else if let Some(c) = RAILS_ADD_REFERENCE.captures(l) {
            if l.contains("foreign_key:") && !l.contains("foreign_key: false") {
                out.foreign_keys
                    .push(fk(&c[1], format!("{}_id", &c[2]), !no_index));
            } else if !no_index {
                out.indexes.push(ix(&c[1], vec![format!("{}_id", &c[2])]));
            }
        } else if let Some(c) = RAILS_ADD_INDEX.captures(l) {
            let cols = idents(c[2].trim_matches(|ch| ch == '[' || ch == ']'));
            if !cols.is_empty() {
                out.indexes.push(ix(&c[1], cols));
            }
        } else if let Some(tb) = &table {
            if let Some(c) = RAILS_REFERENCE.captures(l) {
                let col = format!("{}_id", &c[1]);
                if l.contains("foreign_key:") && !l.contains("foreign_key: false") {
                    out.foreign_keys.push(fk(tb, col, !no_index));
                } else if !no_index {
                    out.indexes.push(ix(tb, vec![col]));
                }
            } else if let Some(c) = RAILS_T_INDEX.captures(l) {
                let cols = idents(c[1].trim_matches(|ch| ch == '[' || ch == ']'));
                if !cols.is_empty() {
                    out.indexes.push(ix(tb, cols));
                }
            } else if let Some(c) = RAILS_T_FK.captures(l) {
                let col = RAILS_COLUMN_OPT
                    .captures(&c[2])
                    .map(|m| m[1].to_string())
                    .unwrap_or_else(|| format!("{}_id", singular(&c[1])));
                out.foreign_keys.push(fk(tb, col, false));
            }
        }
    }
}

// ---------------------------------------------------------- SQL in Go code

/// Keeps only the contents of Go raw string literals (`` `…` ``), each
/// closed with `;`, everything else blanked with newlines kept, so the SQL
/// parser sees the statements at their own lines.
fn go_raw_strings(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    let mut any = false;
    for ch in text.chars() {
        if ch == '`' {
            if inside {
                out.push(';');
            } else {
                any = true;
                out.push(' ');
            }
            inside = !inside;
            continue;
        }
        if inside || ch == '\n' {
            out.push(ch);
        } else {
            out.push(' ');
        }
    }
    any.then_some(out)
}

fn go_sql(path: &str, text: &str, out: &mut DslSchema) {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("create table") && !lower.contains("create index") {
        return;
    }
    if let Some(sql) = go_raw_strings(text) {
        super::sql::sql_migration::parse_file(
            path,
            SqlOrigin::Migration,
            &sql,
            &mut out.embedded_sql,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisma_relations_and_indexes() {
        let mut s = DslSchema::default();
        prisma(
            "schema.prisma",
            "datasource db {\n  provider = \"postgresql\"\n}\nmodel Post {\n  id String @id\n  authorId String\n  author User @relation(fields: [authorId], references: [id])\n  tagId String\n  tag Tag @relation(fields: [tagId], references: [id])\n  @@index([authorId, id])\n  @@map(\"posts\")\n}\n",
            &mut s,
        );
        assert_eq!(s.prisma_providers[0].provider, "postgresql");
        assert_eq!(s.foreign_keys.len(), 2);
        assert_eq!(s.foreign_keys[0].table, "posts");
        assert_eq!(s.foreign_keys[0].columns, vec!["authorId"]);
        assert_eq!(s.foreign_keys[1].line, 9);
        assert!(s.indexes.iter().any(|i| i.columns[0] == "authorId"));
    }

    #[test]
    fn alembic_ops() {
        let mut s = DslSchema::default();
        alembic(
            "alembic/versions/x.py",
            "def upgrade():\n    op.create_table(\n        \"item\",\n        sa.Column(\"id\", sa.Integer(), nullable=False),\n        sa.Column(\"owner_id\", sa.Integer(), nullable=False),\n        sa.ForeignKeyConstraint(\n            [\"owner_id\"],\n            [\"user.id\"],\n        ),\n        sa.PrimaryKeyConstraint(\"id\"),\n    )\n    op.create_index(op.f(\"ix_item_title\"), \"item\", [\"title\"], unique=False)\n    op.create_foreign_key(None, 'item', 'user', ['buyer_id'], ['id'])\n\ndef downgrade():\n    op.create_foreign_key('x', 'item', 'user', ['seller_id'], ['id'])\n",
            &mut s,
        );
        let fks: Vec<(String, u32)> = s
            .foreign_keys
            .iter()
            .map(|f| (f.columns[0].clone(), f.line))
            .collect();
        assert_eq!(fks, vec![("owner_id".into(), 6), ("buyer_id".into(), 13)]);
        assert!(s.indexes.iter().any(|i| i.columns == vec!["id"]));
        assert!(
            s.indexes
                .iter()
                .any(|i| i.columns == vec!["title"] && i.line == 12)
        );
    }

    #[test]
    fn laravel_statements() {
        let mut s = DslSchema::default();
        laravel(
            "database/migrations/x.php",
            "public function up() {\n Schema::create('posts', function (Blueprint $table) {\n  $table->id();\n  $table->unsignedBigInteger('author_id');\n  $table->foreignId('team_id')\n     ->constrained();\n  $table->string('slug')->unique();\n  $table->index('team_id');\n  $table->foreign('author_id')->references('id')->on('users');\n });\n}\npublic function down() { Schema::table('posts', function ($table) { $table->foreign('x_id'); }); }\n",
            &mut s,
        );
        let fks: Vec<(String, u32)> = s
            .foreign_keys
            .iter()
            .map(|f| (f.columns[0].clone(), f.line))
            .collect();
        assert_eq!(fks, vec![("team_id".into(), 5), ("author_id".into(), 9)]);
        assert!(s.indexes.iter().any(|i| i.columns == vec!["slug"]));
        assert!(s.indexes.iter().any(|i| i.columns == vec!["team_id"]));
    }

    #[test]
    fn rails_references_and_foreign_keys() {
        let mut s = DslSchema::default();
        rails(
            "db/schema.rb",
            "create_table \"posts\" do |t|\n  t.bigint \"user_id\"\n  t.references :team, foreign_key: true\n  t.index [\"user_id\"], name: \"ix\"\nend\nadd_foreign_key \"posts\", \"users\"\nadd_foreign_key \"posts\", \"categories\", column: \"cat_id\"\n",
            &mut s,
        );
        let fks: Vec<(String, bool)> = s
            .foreign_keys
            .iter()
            .map(|f| (f.columns[0].clone(), f.indexed_by_dsl))
            .collect();
        assert_eq!(
            fks,
            vec![
                ("team_id".into(), true),
                ("user_id".into(), false),
                ("cat_id".into(), false)
            ]
        );
        assert!(s.indexes.iter().any(|i| i.columns == vec!["user_id"]));
    }

    #[test]
    fn go_embedded_sql_keeps_lines() {
        let mut s = DslSchema::default();
        go_sql(
            "internal/database/migrations.go",
            "package db\nvar m = []string{\n`\nCREATE TABLE feeds (\n id serial primary key,\n user_id int references users(id)\n);\n`,\n}\n",
            &mut s,
        );
        assert_eq!(s.embedded_sql.foreign_keys.len(), 1);
        assert_eq!(s.embedded_sql.tables[0].line, 4);
    }
}
