//! Schema statements of one SQL file: tables and columns, primary keys,
//! foreign keys (inline, table-level, `ALTER TABLE … ADD`), indexes
//! (`CREATE INDEX`, `UNIQUE`, MySQL `KEY`), row-level security switches,
//! policies and `DROP TABLE`. Statements come from [`super::split`]; each
//! is recognised by its leading keywords and read with case-insensitive
//! regexes. Anything else (DML, functions, grants) is passed over.

use std::sync::LazyLock;

use regex::Regex;

use super::split::{Statement, split};
use crate::facts::{
    SqlColumn, SqlDrop, SqlFile, SqlForeignKey, SqlIndex, SqlName, SqlOrigin, SqlPolicy,
    SqlRlsChange, SqlSchema, SqlTable,
};

/// Statements read per file; the rest is reported as a budget warning.
pub const MAX_STATEMENTS: usize = 20_000;
/// Statement prefix examined to decide its kind.
const HEAD: usize = 96;

/// A (possibly schema-qualified) name: bare, `"quoted"`, `` `ticked` `` or `[bracketed]`.
const NAME: &str = r#"(?:"[^"]*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*)(?:\s*\.\s*(?:"[^"]*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*)){0,2}"#;

fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("NAME", NAME)).expect("static SQL regex")
}

static CREATE_TABLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^create\s+(?:or\s+replace\s+)?(?:(?:global|local)\s+)?(temporary\s+|temp\s+)?(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?(NAME)\s*",
    )
});
static ALTER_TABLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(NAME)\s+(.*)$"));
static CREATE_INDEX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)^create\s+(unique\s+)?(?:clustered\s+|nonclustered\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?(?:(NAME)\s+)?on\s+(?:only\s+)?(NAME)\s*(?:using\s+\w+\s*)?\(",
    )
});
static CREATE_POLICY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)^create\s+policy\s+(NAME)\s+on\s+(NAME)(.*)$"));
static DROP_TABLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)^drop\s+table\s+(?:if\s+exists\s+)?(.*)$"));

static CONSTRAINT_PREFIX: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)^constraint\s+NAME\s+"));
static PRIMARY_KEY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)^primary\s+key\s*(?:clustered\s*|nonclustered\s*)?\("));
static FOREIGN_KEY: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)^foreign\s+key\s*(?:NAME\s*)?\("));
static REFERENCES: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)\breferences\s+(NAME)\s*(\()?"));
static UNIQUE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?is)^unique\s*(?:nulls\s+(?:not\s+)?distinct\s*)?(?:(?:key|index)\s*)?(?:NAME\s*)?\(")
});
static MYSQL_KEY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?is)^(?:fulltext\s+|spatial\s+)?(?:key|index)\s+(?:(NAME)\s*)?(?:using\s+\w+\s*)?\(")
});
static COLUMN: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?is)^("[^"]*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*)\s+(.*)$"#));
static ADD_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?is)^add\s+(?:constraint\s+NAME\s+)?(?:(column)\s+)?(?:if\s+not\s+exists\s+)?(.*)$")
});
static RLS_ACTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)^(enable|force|disable)\s+row\s+level\s+security\b"));
static RENAME_TO: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)^rename\s+to\s+(NAME)\s*$"));
static POLICY_FOR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)\bfor\s+(all|select|insert|update|delete)\b"));
static POLICY_TO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?is)\bto\s+((?:NAME)(?:\s*,\s*(?:NAME))*)(?:\s+(?:using|with)\b|\s*$)"));
static POLICY_COND: LazyLock<Regex> = LazyLock::new(|| re(r"(?is)\b(?:using|with\s+check)\s*\("));

/// Words that end a column's type (what follows is a constraint).
const TYPE_STOP: &[&str] = &[
    "not",
    "null",
    "default",
    "primary",
    "references",
    "unique",
    "check",
    "constraint",
    "generated",
    "collate",
    "auto_increment",
    "identity",
    "comment",
    "on",
];

/// Parses one file's text into `schema`.
pub fn parse_file(path: &str, origin: SqlOrigin, text: &str, schema: &mut SqlSchema) -> bool {
    let (stmts, truncated) = split(text, MAX_STATEMENTS);
    for s in &stmts {
        parse_statement(path, origin, s, schema);
    }
    schema.files.push(SqlFile {
        path: path.to_string(),
        origin,
        statements: u32::try_from(stmts.len()).unwrap_or(u32::MAX),
        truncated,
    });
    truncated
}

fn parse_statement(path: &str, origin: SqlOrigin, s: &Statement, schema: &mut SqlSchema) {
    let head_end = floor_char_boundary(&s.text, HEAD);
    let head = s.text[..head_end].to_ascii_lowercase();
    let mut words = head.split_whitespace();
    let (Some(w1), w2) = (words.next(), words.next()) else {
        return;
    };
    let rest: Vec<&str> = std::iter::once(w2.unwrap_or("")).chain(words).collect();
    match w1 {
        "create" => {
            // CREATE TABLE … AS SELECT gives a table without declared columns.
            if rest.iter().take(5).any(|w| *w == "table") {
                create_table(path, origin, s, schema);
            } else if rest.iter().take(3).any(|w| *w == "index") {
                create_index(path, s, schema);
            } else if rest.first() == Some(&"policy") {
                create_policy(path, s, schema);
            }
        }
        "alter" if rest.first() == Some(&"table") => alter_table(path, s, schema),
        "drop" if rest.first() == Some(&"table") => drop_table(path, s, schema),
        _ => {}
    }
}

fn create_table(path: &str, origin: SqlOrigin, s: &Statement, schema: &mut SqlSchema) {
    let Some(c) = CREATE_TABLE.captures(&s.text) else {
        return;
    };
    if c.get(1).is_some() {
        return; // temporary tables hold no schema
    }
    let table = qualified(&c[2]);
    let after = c.get(0).map_or(s.text.len(), |m| m.end());
    let mut t = SqlTable {
        name: table.clone(),
        columns: Vec::new(),
        primary_key: Vec::new(),
        file: path.to_string(),
        line: s.line,
        origin,
    };
    if s.text[after..].starts_with('(')
        && let Some(body) = paren_body(&s.text, after)
    {
        for element in split_top_level(body) {
            let line = element_line(&s.text, s.line, element);
            table_element(path, line, &mut t, element, schema);
        }
    }
    schema.tables.push(t);
}

/// The line of an element's first token: the statement's line plus the
/// line breaks before it (`element` is a slice of `text`).
fn element_line(text: &str, line: u32, element: &str) -> u32 {
    let start = (element.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let lead = element.len() - element.trim_start().len();
    let end = (start + lead).min(text.len());
    let breaks = text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    line.saturating_add(u32::try_from(breaks).unwrap_or(u32::MAX))
}

/// One comma-separated element of a `CREATE TABLE` body.
fn table_element(path: &str, line: u32, t: &mut SqlTable, element: &str, schema: &mut SqlSchema) {
    let mut e = element.trim();
    if let Some(m) = CONSTRAINT_PREFIX.find(e) {
        e = e[m.end()..].trim_start();
    }
    if let Some(m) = PRIMARY_KEY.find(e) {
        t.primary_key = columns_at(e, m.end() - 1);
        return;
    }
    if let Some(m) = FOREIGN_KEY.find(e) {
        let cols = columns_at(e, m.end() - 1);
        if let Some(fk) = references(&e[m.end()..], &t.name, cols, path, line) {
            schema.foreign_keys.push(fk);
        }
        return;
    }
    if let Some(m) = UNIQUE.find(e) {
        schema.indexes.push(SqlIndex {
            name: None,
            table: t.name.clone(),
            columns: columns_at(e, m.end() - 1),
            unique: true,
            file: path.to_string(),
            line,
        });
        return;
    }
    let lower = e.to_ascii_lowercase();
    if ["check", "exclude", "like", "period", "index", "key"]
        .iter()
        .any(|k| lower.starts_with(k) && lower[k.len()..].starts_with([' ', '(', '\t', '\n']))
    {
        if let Some(c) = MYSQL_KEY.captures(e)
            && let Some(m) = c.get(0)
        {
            let cols = columns_at(e, m.end() - 1);
            if cols
                .first()
                .is_some_and(|c| !c.starts_with(|ch: char| ch.is_ascii_digit()))
            {
                schema.indexes.push(SqlIndex {
                    name: c.get(1).map(|n| unquote(n.as_str())),
                    table: t.name.clone(),
                    columns: cols,
                    unique: false,
                    file: path.to_string(),
                    line,
                });
                return;
            }
        }
        if !lower.starts_with("key") && !lower.starts_with("index") {
            return;
        }
    }
    if lower.starts_with("fulltext ") || lower.starts_with("spatial ") {
        return;
    }
    column_definition(path, line, t, e, schema);
}

/// `name type [constraints]`: the column, plus inline primary key, reference and unique.
fn column_definition(path: &str, line: u32, t: &mut SqlTable, e: &str, schema: &mut SqlSchema) {
    let Some(c) = COLUMN.captures(e) else {
        return;
    };
    let name = unquote(&c[1]);
    let def = c.get(2).map_or("", |m| m.as_str());
    let data_type = column_type(def);
    let lower = def.to_ascii_lowercase();
    if contains_words(&lower, &["primary", "key"]) {
        t.primary_key = vec![name.clone()];
    }
    if let Some(fk) = references(def, &t.name, vec![name.clone()], path, line) {
        schema.foreign_keys.push(fk);
    }
    if lower
        .split(|ch: char| !ch.is_ascii_alphanumeric() && ch != '_')
        .any(|w| w == "unique")
    {
        schema.indexes.push(SqlIndex {
            name: None,
            table: t.name.clone(),
            columns: vec![name.clone()],
            unique: true,
            file: path.to_string(),
            line,
        });
    }
    if let Some(col) = t.columns.iter_mut().find(|col| col.name == name) {
        col.data_type = data_type;
    } else {
        t.columns.push(SqlColumn { name, data_type });
    }
}

fn column_type(def: &str) -> String {
    let mut out = String::new();
    let def = def.trim_start();
    let word_end = def
        .find(|ch: char| ch.is_whitespace() || ch == '(' || ch == ',')
        .unwrap_or(def.len());
    let word = &def[..word_end];
    if word.is_empty() || TYPE_STOP.contains(&word.to_ascii_lowercase().as_str()) {
        return out;
    }
    out.push_str(&word.to_ascii_lowercase());
    if def[word_end..].starts_with('(')
        && let Some(args) = paren_body(def, word_end)
    {
        out.push('(');
        out.push_str(args.trim());
        out.push(')');
    }
    out.chars().take(40).collect()
}

/// `REFERENCES t [(cols)]` somewhere in `text`.
fn references(
    text: &str,
    table: &SqlName,
    columns: Vec<String>,
    path: &str,
    line: u32,
) -> Option<SqlForeignKey> {
    let c = REFERENCES.captures(text)?;
    let target = qualified(&c[1]);
    let ref_columns = match c.get(2) {
        Some(p) => columns_at(text, p.start()),
        None => Vec::new(),
    };
    Some(SqlForeignKey {
        table: table.clone(),
        columns,
        references: target,
        ref_columns,
        file: path.to_string(),
        line,
    })
}

fn alter_table(path: &str, s: &Statement, schema: &mut SqlSchema) {
    let Some(c) = ALTER_TABLE.captures(&s.text) else {
        return;
    };
    let table = qualified(&c[1]);
    let actions = c.get(2).map_or("", |m| m.as_str());
    for action in split_top_level(actions) {
        let a = action.trim();
        if let Some(r) = RLS_ACTION.captures(a) {
            let verb = r[1].to_ascii_lowercase();
            schema.rls.push(SqlRlsChange {
                table: table.clone(),
                enabled: verb != "disable",
                forced: verb == "force",
                file: path.to_string(),
                line: s.line,
            });
            continue;
        }
        if let Some(r) = RENAME_TO.captures(a) {
            let new = qualified(&r[1]);
            let new = SqlName {
                schema: table.schema.clone(),
                name: new.name,
            };
            for t in schema.tables.iter_mut().filter(|t| t.name == table) {
                t.name = new.clone();
            }
            continue;
        }
        let Some(add) = ADD_ACTION.captures(a) else {
            continue;
        };
        let body = add.get(2).map_or("", |m| m.as_str());
        let explicit_column = add.get(1).is_some();
        let mut scratch = SqlTable {
            name: table.clone(),
            columns: Vec::new(),
            primary_key: Vec::new(),
            file: path.to_string(),
            line: s.line,
            origin: SqlOrigin::Other,
        };
        if explicit_column {
            column_definition(path, s.line, &mut scratch, body, schema);
        } else {
            table_element(path, s.line, &mut scratch, body, schema);
        }
        if let Some(t) = schema.tables.iter_mut().rev().find(|t| t.name == table) {
            for col in scratch.columns {
                if !t.columns.iter().any(|c| c.name == col.name) {
                    t.columns.push(col);
                }
            }
            if !scratch.primary_key.is_empty() {
                t.primary_key = scratch.primary_key;
            }
        } else if !scratch.primary_key.is_empty() {
            // A primary key on a table created elsewhere is still an index.
            schema.indexes.push(SqlIndex {
                name: None,
                table: table.clone(),
                columns: scratch.primary_key,
                unique: true,
                file: path.to_string(),
                line: s.line,
            });
        }
    }
}

fn create_index(path: &str, s: &Statement, schema: &mut SqlSchema) {
    let Some(c) = CREATE_INDEX.captures(&s.text) else {
        return;
    };
    let open = c.get(0).map_or(0, |m| m.end() - 1);
    schema.indexes.push(SqlIndex {
        name: c.get(2).map(|m| unquote(m.as_str())),
        table: qualified(&c[3]),
        columns: columns_at(&s.text, open),
        unique: c.get(1).is_some(),
        file: path.to_string(),
        line: s.line,
    });
}

fn create_policy(path: &str, s: &Statement, schema: &mut SqlSchema) {
    let Some(c) = CREATE_POLICY.captures(&s.text) else {
        return;
    };
    let rest = c.get(3).map_or("", |m| m.as_str());
    let command = POLICY_FOR
        .captures(rest)
        .map_or("all".to_string(), |m| m[1].to_ascii_lowercase());
    let roles = POLICY_TO
        .captures(rest)
        .map(|m| {
            m[1].split(',')
                .map(|r| unquote(r.trim()))
                .filter(|r| !r.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let condition = POLICY_COND.find(rest).and_then(|m| {
        let cond = paren_body(rest, m.end() - 1)?;
        let cut = floor_char_boundary(cond, 120);
        Some(cond[..cut].trim().to_string())
    });
    schema.policies.push(SqlPolicy {
        name: unquote(&c[1]),
        table: qualified(&c[2]),
        command,
        roles,
        condition,
        file: path.to_string(),
        line: s.line,
    });
}

fn drop_table(path: &str, s: &Statement, schema: &mut SqlSchema) {
    let Some(c) = DROP_TABLE.captures(&s.text) else {
        return;
    };
    for name in c[1].split(',') {
        let name = name.split_whitespace().next().unwrap_or("");
        if name.is_empty() {
            continue;
        }
        schema.drops.push(SqlDrop {
            table: qualified(name),
            file: path.to_string(),
            line: s.line,
        });
    }
}

/// Removes identifier quotes; lower-cases unquoted identifiers (SQL folds them).
fn unquote(s: &str) -> String {
    let s = s.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| s.strip_prefix('`').and_then(|x| x.strip_suffix('`')))
        .or_else(|| s.strip_prefix('[').and_then(|x| x.strip_suffix(']')));
    match inner {
        Some(i) => i.to_string(),
        None => s.to_ascii_lowercase(),
    }
}

/// `schema.table` (or `db.schema.table`) → a name; no schema → `public`.
fn qualified(s: &str) -> SqlName {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for ch in s.chars() {
        match quote {
            Some(q) => {
                cur.push(ch);
                if ch == q {
                    quote = None;
                }
            }
            None => match ch {
                '"' | '`' => {
                    quote = Some(ch);
                    cur.push(ch);
                }
                '[' => {
                    quote = Some(']');
                    cur.push(ch);
                }
                '.' => parts.push(std::mem::take(&mut cur)),
                c if c.is_whitespace() => {}
                c => cur.push(c),
            },
        }
    }
    parts.push(cur);
    let name = parts.pop().map(|p| unquote(&p)).unwrap_or_default();
    let schema = parts
        .pop()
        .map(|p| unquote(&p))
        .unwrap_or_else(|| "public".to_string());
    SqlName { schema, name }
}

/// The text inside the parenthesis opening at byte `open`, up to its match
/// (or the end), skipping quoted text.
fn paren_body(text: &str, open: usize) -> Option<&str> {
    let b = text.as_bytes();
    if b.get(open) != Some(&b'(') {
        return None;
    }
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &c) in b.iter().enumerate().skip(open) {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            b'\'' | b'"' | b'`' => quote = Some(c),
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[open + 1..i]);
                }
            }
            _ => {}
        }
    }
    Some(&text[open + 1..])
}

/// Column list in the parenthesis at `open`: names unquoted, expressions kept,
/// sort orders and operator classes dropped.
fn columns_at(text: &str, open: usize) -> Vec<String> {
    let Some(body) = paren_body(text, open) else {
        return Vec::new();
    };
    split_top_level(body)
        .into_iter()
        .map(|c| {
            let c = c.trim();
            if c.contains('(') {
                return c.to_ascii_lowercase().chars().take(60).collect();
            }
            let first = c.split_whitespace().next().unwrap_or("");
            let first = first.split('(').next().unwrap_or(first);
            unquote(first)
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// Splits at commas outside parentheses and quotes.
fn split_top_level(body: &str) -> Vec<&str> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            b'\'' | b'"' | b'`' => quote = Some(c),
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                out.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&body[start..]);
    out.retain(|s| !s.trim().is_empty());
    out
}

fn contains_words(text: &str, seq: &[&str]) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(seq.len()).any(|w| w == seq)
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> SqlSchema {
        let mut s = SqlSchema::default();
        parse_file("m.sql", SqlOrigin::Migration, text, &mut s);
        s
    }

    fn name(schema: &str, n: &str) -> SqlName {
        SqlName {
            schema: schema.into(),
            name: n.into(),
        }
    }

    #[test]
    fn tables_columns_keys_and_references() {
        let s = parse(
            "-- init\nCREATE TABLE IF NOT EXISTS public.saved_movies (\n  id uuid primary key default gen_random_uuid(),\n  user_id uuid not null references auth.users(id) on delete cascade,\n  movie_id uuid REFERENCES movies,\n  price numeric(10, 2),\n  unique (user_id, movie_id)\n);\ncreate table \"Orders\" (id serial, customer_id int, CONSTRAINT fk_c FOREIGN KEY (customer_id) REFERENCES customers (id), PRIMARY KEY (id));",
        );
        assert_eq!(s.tables.len(), 2);
        let t = &s.tables[0];
        assert_eq!(t.name, name("public", "saved_movies"));
        assert_eq!(t.line, 2);
        assert_eq!(t.primary_key, vec!["id"]);
        let cols: Vec<_> = t
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.data_type.as_str()))
            .collect();
        assert_eq!(
            cols,
            vec![
                ("id", "uuid"),
                ("user_id", "uuid"),
                ("movie_id", "uuid"),
                ("price", "numeric(10, 2)")
            ]
        );
        assert_eq!(s.foreign_keys.len(), 3);
        assert_eq!(s.foreign_keys[0].references, name("auth", "users"));
        assert_eq!(s.foreign_keys[0].ref_columns, vec!["id"]);
        assert_eq!(s.foreign_keys[1].references, name("public", "movies"));
        assert_eq!(s.foreign_keys[2].table, name("public", "Orders"));
        assert_eq!(s.foreign_keys[2].columns, vec!["customer_id"]);
        assert_eq!(s.tables[1].primary_key, vec!["id"]);
        assert_eq!(s.tables[1].line, 9);
        assert_eq!(s.indexes.len(), 1);
        assert_eq!(s.indexes[0].columns, vec!["user_id", "movie_id"]);
    }

    #[test]
    fn alter_table_rls_foreign_keys_columns() {
        let s = parse(
            "create table reviews (id int);\nALTER TABLE public.reviews ENABLE ROW LEVEL SECURITY;\nalter table only reviews add constraint r_fk foreign key (author_id) references public.profiles(id), add column if not exists body text;\nalter table reviews force row level security;\nalter table other disable row level security;",
        );
        assert_eq!(s.rls.len(), 3);
        assert!(s.rls[0].enabled && !s.rls[0].forced);
        assert_eq!(s.rls[0].line, 2);
        assert!(s.rls[1].forced);
        assert!(!s.rls[2].enabled);
        assert_eq!(s.foreign_keys.len(), 1);
        assert_eq!(s.foreign_keys[0].columns, vec!["author_id"]);
        assert_eq!(s.foreign_keys[0].line, 3);
        assert_eq!(s.tables[0].columns.len(), 2);
        assert!(s.rls_enabled(&name("public", "reviews")).is_some());
        assert!(s.rls_enabled(&name("public", "other")).is_none());
    }

    #[test]
    fn indexes_policies_and_drops() {
        let s = parse(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_a ON public.a USING btree (lower(email), created_at DESC);\ncreate index on b (user_id);\ncreate policy \"Users read own\" on public.a for select to authenticated, anon using (auth.uid() = user_id);\ncreate policy p on b using (true);\ndrop table if exists a, public.b cascade;",
        );
        assert_eq!(s.indexes.len(), 2);
        assert!(s.indexes[0].unique);
        assert_eq!(s.indexes[0].name.as_deref(), Some("idx_a"));
        assert_eq!(s.indexes[0].columns, vec!["lower(email)", "created_at"]);
        assert_eq!(s.indexes[1].table, name("public", "b"));
        assert_eq!(s.indexes[1].name, None);
        assert_eq!(s.policies.len(), 2);
        assert_eq!(s.policies[0].name, "Users read own");
        assert_eq!(s.policies[0].command, "select");
        assert_eq!(s.policies[0].roles, vec!["authenticated", "anon"]);
        assert_eq!(
            s.policies[0].condition.as_deref(),
            Some("auth.uid() = user_id")
        );
        assert_eq!(s.policies[1].command, "all");
        assert_eq!(s.drops.len(), 2);
        assert_eq!(s.drops[1].table, name("public", "b"));
    }

    #[test]
    fn mysql_keys_and_column_named_key() {
        let s = parse(
            "CREATE TABLE `posts` (\n `id` int NOT NULL AUTO_INCREMENT,\n `key` varchar(255),\n `user_id` int,\n PRIMARY KEY (`id`),\n KEY `posts_user_id_index` (`user_id`),\n UNIQUE KEY `k` (`key`)\n) ENGINE=InnoDB;",
        );
        let t = &s.tables[0];
        assert_eq!(t.columns.len(), 3, "{:?}", t.columns);
        assert_eq!(t.primary_key, vec!["id"]);
        assert_eq!(s.indexes.len(), 2);
        assert_eq!(s.indexes[0].columns, vec!["user_id"]);
        assert!(s.indexes[1].unique);
    }

    #[test]
    fn live_tables_follow_drops_and_renames() {
        let s = parse(
            "create table a (id int);\ncreate table b (id int);\ndrop table b;\ncreate table c (id int);\ndrop table c;\ncreate table c (x int);\nalter table a rename to a2;",
        );
        let live: Vec<String> = s.live_tables().iter().map(|t| t.name.to_string()).collect();
        assert_eq!(live, vec!["public.a2", "public.c"]);
    }

    #[test]
    fn temp_tables_and_non_schema_statements_are_passed_over() {
        let s = parse(
            "create temp table t (id int); insert into x values (1); select create_table(); create function f() returns void as $$ create table inner_t (id int); $$ language sql;",
        );
        assert!(s.tables.is_empty());
        assert_eq!(s.files[0].statements, 4);
    }

    #[test]
    fn hostile_statements_do_not_panic() {
        for text in [
            "create table",
            "create table (",
            "create table x (",
            "create table x (a",
            "create table x (constraint",
            "alter table",
            "alter table x add",
            "alter table x add constraint c foreign key (",
            "create index on",
            "create unique index i on t (",
            "create policy p on",
            "drop table",
            "create table é (ü text, \"x\"\"y\" int)",
            "create table x (a int references)",
            "create table x (a int references y (",
        ] {
            let _ = parse(text);
        }
    }
}
