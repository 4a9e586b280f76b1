//! DAT-09: database queries inside loop bodies (N+1), judged from hits alone.
//!
//! There is no parser in this round. Patterns that start with
//! [`LINE_START`] keep their whole line up to the match, so a hit knows its
//! indentation. Three kinds of hits are combined per file:
//! - loop openers (`for (`, `.forEach(`, `.map(`, `for x in`, `range`,
//!   `foreach (`, `.each do`), at their line;
//! - loop windows: the opener line plus the lines after it (up to
//!   [`MAX_MATCHED_INVENTORY`](crate::signals::MAX_MATCHED_INVENTORY)
//!   bytes), which show where the body ends;
//! - database calls (Prisma, supabase-js, Mongoose/Sequelize models, SQL
//!   clients, Django, SQLAlchemy, database/sql and GORM, Eloquent, Active
//!   Record), and JSX tags of components that query on mount.
//!
//! A call is inside a loop when it sits after the opener, deeper indented,
//! every line between them has been seen (a window or another hit covers
//! it), and none of them comes back to the opener's indentation (a closing
//! brace, a dedent). Component tags in JSX are judged more loosely (JSX
//! lines are dense in tag hits): no seen line in between may dedent. Single-line loops are
//! recognised by balanced brackets. Known limits (explain.md): bodies longer
//! than the window whose end is not seen, unusual formatting, helper
//! functions that query and are called from a loop, and lazy loads other
//! than Eloquent relation properties on the loop variable are not followed.

use std::collections::{BTreeMap, HashMap};

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::inventory::FileClass;
use crate::signals::{Hit, LINE_START, PatternSpec};

const JS: &str = "**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,vue,svelte}";
const JSX: &str = "**/*.{jsx,tsx}";
const PY: &str = "**/*.py";
const GO: &str = "**/*.go";
const PHP: &str = "**/*.php";
const RB: &str = "**/*.rb";

/// How far (lines) a call may sit below its loop opener when the lines in
/// between are not all seen.
const LIMIT: u32 = 40;
/// The same for a component tag inside a JSX `.map(` (JSX lines are dense in hits).
const JSX_LIMIT: u32 = 200;
/// Lines of body a window pattern takes after its opener.
const WINDOW_LINES: usize = 15;
const MAX: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    Js,
    Py,
    Go,
    Php,
    Rb,
}

/// Loop openers per language (without LINE_START).
const OPENERS: &[(Lang, &str, &str)] = &[
    (
        Lang::Js,
        JS,
        r"(?:\bfor ?\(|\bfor await ?\(|\.forEach\(|\.map\(|\.flatMap\()",
    ),
    (Lang::Py, PY, r"\bfor [A-Za-z_(][^\n]* in "),
    (Lang::Go, GO, r"\bfor [^\n]*(?:range |\.Next\(\))"),
    (
        Lang::Php,
        PHP,
        r"(?:\bforeach ?\(|\bfor ?\(|->each\(|->map\()",
    ),
    (
        Lang::Rb,
        RB,
        r"(?:\.(?:each|each_with_index|find_each|find_in_batches|map|flat_map|each_with_object|times) do\b|\bfor [a-z_]+ in )",
    ),
];

/// Database calls: (language, glob, regex without LINE_START, label).
const CALLS: &[(Lang, &str, &str, &str)] = &[
    (
        Lang::Js,
        JS,
        r"\b(?:prisma|tx|db|prismaClient|this\.prisma|ctx\.prisma|ctx\.db)\.(?:\w+\.){0,2}(?:findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)\(",
        "Prisma query",
    ),
    (
        Lang::Js,
        JS,
        r"[A-Za-z_]*[sS]upabase\w*(?:\(\))?\s*\.(?:from|rpc)\(",
        "supabase-js query",
    ),
    (
        Lang::Js,
        JS,
        r"\.from\((?:'|\x22|\x60)",
        "query builder `.from(`",
    ),
    (
        Lang::Js,
        JS,
        r"\b[A-Z][A-Za-z0-9]*\.(?:find|findOne|findById|findByIdAndUpdate|findByIdAndDelete|findOneAndUpdate|findOneAndDelete|findAll|findByPk|findOrCreate|create|insertMany|updateOne|updateMany|deleteOne|deleteMany|countDocuments|aggregate|bulkWrite|destroy|upsert)\(",
        "model query",
    ),
    (
        Lang::Js,
        JS,
        r"\bawait [a-z][A-Za-z0-9_]*\.save\(\)",
        "document save",
    ),
    (
        Lang::Js,
        JS,
        r"\b(?:pool|db|conn|connection|pg|database)\.(?:query|execute)\(",
        "SQL query",
    ),
    (
        Lang::Js,
        JS,
        r"\bawait sql\x60|\bawait (?:db|tx|trx|this\.db)\.(?:select|insert|update|delete|query|execute|selectFrom|insertInto|updateTable|deleteFrom)\b",
        "SQL query",
    ),
    (
        Lang::Py,
        PY,
        r"\.objects\.(?:get|filter|create|get_or_create|update_or_create|exclude|all|count|exists|bulk_create|aggregate|values|values_list|first|last)\(",
        "Django ORM query",
    ),
    (
        Lang::Py,
        PY,
        r"\b(?:session|db|db_session|conn|connection|cursor|cur)\.(?:exec|execute|scalar|scalars|query|fetch|fetchrow|fetchval|get)\(",
        "SQL query",
    ),
    (
        Lang::Go,
        GO,
        r"\b(?:db|tx|conn|pool|[A-Za-z_]+\.db|[A-Za-z_]+\.DB|[A-Za-z_]+\.pool)\.(?:Query|QueryRow|QueryContext|QueryRowContext|Exec|ExecContext|Begin|BeginTx|Get|Select|NamedExec|First|Find|Take|Create|Save|Updates|Delete|Raw)\(",
        "SQL query",
    ),
    (
        Lang::Go,
        GO,
        r"\b[A-Za-z_]+\.[A-Za-z]\w*\((?:tx|ctx, tx)\b",
        "storage call in a transaction",
    ),
    (Lang::Go, GO, r"\bstore\.[A-Z]\w*\(", "storage call"),
    (
        Lang::Php,
        PHP,
        r"\b[A-Z]\w*::(?:where|whereIn|find|findOrFail|first|firstWhere|create|firstOrCreate|updateOrCreate|firstOrNew|query|count|insert|select|table|pluck)\(",
        "Eloquent query",
    ),
    (
        Lang::Php,
        PHP,
        r"->[a-z]\w*\(\)->(?:get|first|count|exists|sum|pluck|find|create|update|delete|latest|attach|sync)\(",
        "relation query",
    ),
    (
        Lang::Rb,
        RB,
        r"\b[A-Z]\w*\.(?:find|find_by|find_by!|where|create|create!|find_or_create_by|exists\?|count|first|last|pluck|update_all|destroy_all)\b",
        "Active Record query",
    ),
];

// Pattern layout: openers, windows, calls, then the extras below.
const N_OPENERS: usize = OPENERS.len();
fn window_index(i: usize) -> usize {
    N_OPENERS + i
}
fn call_index(i: usize) -> usize {
    2 * N_OPENERS + i
}
fn extra_index(i: usize) -> usize {
    2 * N_OPENERS + CALLS.len() + i
}
const X_LAZY_PHP: usize = 0;
const X_JSX_TAG: usize = 1;
const X_USE_EFFECT: usize = 2;

fn spec(regex: String, glob: &str) -> PatternSpec {
    PatternSpec {
        regex,
        glob: Some(glob.to_string()),
        classes: vec![FileClass::Source],
        inventory: true,
    }
}

fn patterns() -> Vec<PatternSpec> {
    let mut out = Vec::new();
    for (_, glob, re) in OPENERS {
        out.push(spec(format!("{LINE_START}{re}"), glob));
    }
    for (_, glob, re) in OPENERS {
        out.push(spec(
            format!("{LINE_START}{re}[^\\n]*(?:\\n[^\\n]*){{0,{WINDOW_LINES}}}"),
            glob,
        ));
    }
    for (_, glob, re, _) in CALLS {
        out.push(spec(format!("{LINE_START}{re}"), glob));
    }
    // Eloquent lazy load: `$item->relation->…` (checked against the loop variable).
    out.push(spec(
        format!("{LINE_START}\\$[a-z]\\w*->[a-z_]\\w*->[A-Za-z_]"),
        PHP,
    ));
    // JSX component tags, and components that run effects on mount.
    out.push(spec(format!("{LINE_START}<[A-Z][A-Za-z0-9]*"), JSX));
    out.push(spec(r"\buseEffect\(".to_string(), JSX));
    out
}

fn lang_of(path: &str) -> Option<Lang> {
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" | "vue" | "svelte" => Lang::Js,
        "py" => Lang::Py,
        "go" => Lang::Go,
        "php" => Lang::Php,
        "rb" => Lang::Rb,
        _ => return None,
    })
}

/// Hygiene scans skip tests, fixtures, seeders, migrations, examples, docs
/// and stories; `scripts/` is kept but reported apart.
fn is_excluded(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let dirs = &parts[..parts.len().saturating_sub(1)];
    let file = parts.last().copied().unwrap_or("");
    dirs.iter().any(|d| {
        matches!(
            *d,
            "test"
                | "tests"
                | "__tests__"
                | "spec"
                | "specs"
                | "e2e"
                | "integration"
                | "fixtures"
                | "testdata"
                | "seeders"
                | "seeds"
                | "seed"
                | "factories"
                | "migrations"
                | "migration"
                | "migrate"
                | "alembic"
                | "examples"
                | "example"
                | "docs"
                | "mocks"
                | "__mocks__"
                | "stories"
                | "storybook"
                | "vendor"
                | "node_modules"
        )
    }) || file.contains(".test.")
        || file.contains(".spec.")
        || file.contains(".stories.")
        || file.ends_with("_test.go")
        || file.starts_with("test_")
        || file.ends_with("_test.py")
        || file.ends_with("_spec.rb")
        || file.contains("seed")
        || file.contains("fixture")
        || file.contains("migration")
}

fn is_scripts(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.starts_with("scripts/")
        || lower.starts_with("script/")
        || lower.contains("/scripts/")
        || lower.contains("/script/")
        || lower.starts_with("bin/")
}

fn is_comment(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("//")
        || t.starts_with('#')
        || t.starts_with("/*")
        || t.starts_with('*')
        || t.starts_with("--")
        || t.starts_with("{/*")
}

/// Columns of leading whitespace (a tab counts four).
fn indent_of(line: &str) -> usize {
    let mut n = 0;
    for c in line.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4,
            _ => break,
        }
    }
    n
}

/// Brackets on the line balance out: a loop opened here also closes here.
fn balanced(line: &str) -> bool {
    if line.ends_with('…') {
        return false;
    }
    let mut depth: i32 = 0;
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in line.chars() {
        if let Some(q) = quote {
            if c == q && prev != '\\' {
                quote = None;
            }
        } else {
            match c {
                '\'' | '"' | '`' => quote = Some(c),
                '(' | '{' | '[' => depth += 1,
                ')' | '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        prev = c;
    }
    depth <= 0 && quote.is_none()
}

#[derive(Debug, Clone)]
struct Opener {
    line: u32,
    indent: usize,
    /// Byte length of the line up to the end of the opener keyword.
    end: usize,
    /// The loop closes on its own line.
    single_line: bool,
    /// PHP `foreach (… as $var)`: the loop variable.
    var: Option<String>,
}

/// What is known of one file: openers, and the indentation of the lines seen.
#[derive(Debug, Default)]
struct FileView {
    openers: Vec<Opener>,
    /// line → (indent, blank or comment, deferred: the line starts a
    /// callback that runs later, an event handler or effect)
    known: BTreeMap<u32, (usize, bool, bool)>,
}

impl FileView {
    fn know(&mut self, line: u32, text: &str) {
        let skip = text.trim().is_empty() || is_comment(text);
        let deferred = is_deferred(text);
        self.known
            .entry(line)
            .or_insert((indent_of(text), skip, deferred));
    }

    /// The opener whose body holds a line of this indentation, if any.
    /// `contiguous`: every line between opener and line must have been seen.
    fn enclosing(&self, line: u32, indent: usize, limit: u32, contiguous: bool) -> Option<&Opener> {
        self.openers
            .iter()
            .filter(|o| {
                o.line < line
                    && line - o.line <= limit
                    && o.indent < indent
                    && !o.single_line
                    && (!contiguous
                        || self.known.range(o.line..line).count() as u32 == line - o.line)
                    && !self
                        .known
                        .range(o.line + 1..line)
                        .any(|(_, (i, skip, _))| !skip && *i <= o.indent)
                    // a handler defined in the body runs later, not per item
                    && !self
                        .known
                        .range(o.line + 1..line)
                        .any(|(_, (i, _, deferred))| *deferred && *i > o.indent && *i < indent)
            })
            .max_by_key(|o| o.line)
    }
}

/// A line that starts a callback run later: a JSX event handler, a DOM
/// listener, a React effect or memoised callback.
fn is_deferred(text: &str) -> bool {
    let t = text.trim_start();
    let handler = t.starts_with("on")
        && t[2..].starts_with(|c: char| c.is_ascii_uppercase())
        && (t.contains("={") || t.contains(": "));
    handler
        || t.contains("addEventListener(")
        || t.contains("useEffect(")
        || t.contains("useCallback(")
        || t.contains("setTimeout(")
}

fn foreach_var(line: &str) -> Option<String> {
    let at = line.find(" as ")?;
    // Decoded JSON and API responses hold plain objects, not models.
    let iterable = line[..at].to_ascii_lowercase();
    if ["json", "->data", "response", "$request", "config(", "["]
        .iter()
        .any(|k| iterable.contains(k))
    {
        return None;
    }
    let rest = &line[at + 4..];
    let rest = rest.rsplit("=>").next().unwrap_or(rest).trim_start();
    let var: String = rest
        .strip_prefix('$')?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!var.is_empty()).then_some(var)
}

/// Receivers of `X.create(`-style calls that are not models.
const NOT_MODELS: &[&str] = &[
    "Object",
    "Array",
    "Promise",
    "Math",
    "JSON",
    "Reflect",
    "Intl",
    "Number",
    "String",
    "Date",
    "Symbol",
    "Map",
    "Set",
    "Buffer",
    "React",
    "Vue",
    "Effect",
    "Stripe",
    "Anthropic",
    "OpenAI",
    "Notification",
    "Document",
    "Element",
    "URL",
    "Image",
    "Sentry",
    "Cypress",
    "Arr",
    "Str",
    "Collection",
    "Cache",
    "Config",
    "Session",
    "Validator",
    "Http",
    "Storage",
    "Log",
    "Gate",
    "Auth",
    "Route",
    "Schema",
    "Carbon",
    "Lang",
    "File",
    "Blade",
    "View",
    "Event",
    "Queue",
    "Mail",
    "Select",
    "Table",
    "Tables",
    "Forms",
    "Filament",
    "Livewire",
    "Request",
    "Response",
    "Redirect",
    "Hash",
    "Crypt",
    "Cookie",
    "Artisan",
    "App",
    "Time",
    "Rails",
    "ENV",
    "Dir",
    "YAML",
    "CSV",
];

#[derive(Debug, Clone)]
struct Finding {
    path: String,
    line: u32,
    detail: String,
}

fn receiver_of(matched: &str, sep: &str) -> Option<String> {
    let before = matched.rsplit_once(sep)?.0;
    let name: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Some(name)
}

/// The call text at the end of a hit (`prisma.team.findUnique(`).
fn call_text(matched: &str) -> String {
    let joined: String = matched.lines().map(str::trim).collect();
    let first = match joined.rfind('(') {
        Some(i) => &joined[..i],
        None => joined.as_str(),
    };
    let start = first
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace() && !matches!(c, '=' | '(' | ',' | '{' | '['))
        .last()
        .map(|(i, _)| i)
        .unwrap_or(0);
    let mut t: String = first[start..].chars().take(60).collect();
    if joined.contains('(') {
        t.push_str("()");
    }
    t
}

/// Call hits that are real database calls (receiver filters).
fn accept_call(ci: usize, h: &Hit) -> bool {
    let (lang, _, _, label) = CALLS[ci];
    if is_comment(&h.matched) {
        return false;
    }
    match (lang, label) {
        (Lang::Js, "model query") => {
            receiver_of(&h.matched, ".").is_some_and(|r| !NOT_MODELS.contains(&r.as_str()))
        }
        (Lang::Js, "query builder `.from(`") => h.matched.trim_start().starts_with(".from("),
        (Lang::Js, "supabase-js query") => true,
        (Lang::Go, "storage call") => !h.matched.contains("store.New"),
        (Lang::Php, "Eloquent query") => {
            receiver_of(&h.matched, "::").is_some_and(|r| !NOT_MODELS.contains(&r.as_str()))
        }
        (Lang::Rb, _) => {
            receiver_of(&h.matched, ".").is_some_and(|r| !NOT_MODELS.contains(&r.as_str()))
        }
        // requests-style `session.get("https://…")` is not a query.
        (Lang::Py, _) if h.matched.ends_with(".get(") => {
            let after = h.snippet.split(".get(").nth(1).unwrap_or("");
            after.starts_with(|c: char| c.is_ascii_uppercase())
        }
        _ => true,
    }
}

struct Scan {
    findings: Vec<Finding>,
    files_with_calls: usize,
    calls: usize,
    loops: usize,
}

fn scan(cx: &EvalCtx) -> Scan {
    let id = QUERY_IN_LOOP.id;
    // A binary search of the sorted inventory: a linear one per call hit was
    // most of a cached re-scan's time on a 50k-file tree.
    let source = |path: &str| {
        cx.inv
            .get(path)
            .is_some_and(|f| f.class == FileClass::Source)
    };
    let mut views: HashMap<&str, FileView> = HashMap::new();
    let mut loops = 0;
    for (oi, (lang, _, _)) in OPENERS.iter().enumerate() {
        for h in cx.own_hits(id, oi) {
            if is_comment(&h.matched) {
                continue;
            }
            let t = h.snippet.as_str();
            // Python, Go and Ruby `for` statements open lines; comprehensions are handled with the call.
            if matches!(lang, Lang::Py | Lang::Go)
                && !(t.starts_with("for ") || t.starts_with("async for "))
            {
                continue;
            }
            // A ticker loop is a scheduler, not an iteration over items.
            if *lang == Lang::Go
                && (t.contains("Tick") || t.contains("ticker") || t.contains(".C {"))
            {
                continue;
            }
            let single_line = match lang {
                Lang::Py => !t.ends_with(':'),
                Lang::Rb => false,
                _ => balanced(t),
            };
            let var = (*lang == Lang::Php).then(|| foreach_var(t)).flatten();
            let v = views.entry(h.path.as_str()).or_default();
            v.openers.push(Opener {
                line: h.line,
                indent: indent_of(&h.matched),
                end: h.matched.len(),
                single_line,
                var,
            });
            v.know(h.line, &h.matched);
            loops += 1;
        }
        for h in cx.own_hits(id, window_index(oi)) {
            let v = views.entry(h.path.as_str()).or_default();
            for (i, text) in h.matched.split('\n').enumerate() {
                v.know(h.line + i as u32, text);
            }
        }
    }
    // Every call and tag hit is a known line too.
    let mut calls: Vec<(usize, &Hit)> = Vec::new();
    for ci in 0..CALLS.len() {
        for h in cx.own_hits(id, call_index(ci)) {
            if accept_call(ci, h) {
                calls.push((ci, h));
            }
        }
    }
    // `supabase\n  .from(…)` is one call, found by two patterns.
    let starts: std::collections::HashSet<(&str, u32)> = calls
        .iter()
        .filter(|(ci, _)| CALLS[*ci].3 == "supabase-js query")
        .map(|(_, h)| (h.path.as_str(), h.line))
        .collect();
    calls.retain(|(ci, h)| {
        CALLS[*ci].3 != "query builder `.from(`"
            || !starts.contains(&(h.path.as_str(), h.line.saturating_sub(1)))
    });
    let tags = cx.own_hits(id, extra_index(X_JSX_TAG));
    for h in calls.iter().map(|(_, h)| *h).chain(tags) {
        if let Some(v) = views.get_mut(h.path.as_str()) {
            v.know(h.line, &h.matched);
        }
    }

    let mut findings = Vec::new();
    let mut files_with_calls = std::collections::HashSet::new();
    let mut n_calls = 0;
    for (ci, h) in &calls {
        if !source(&h.path) || is_excluded(&h.path) {
            continue;
        }
        files_with_calls.insert(h.path.as_str());
        n_calls += 1;
        let Some(v) = views.get(h.path.as_str()) else {
            continue;
        };
        let label = CALLS[*ci].3;
        let call = call_text(&h.matched);
        // Same line: `items.forEach((i) => prisma.x.create(…))`, `for x in xs: db.get(x)`.
        let same = v.openers.iter().find(|o| {
            o.line == h.line
                && h.matched.len() > o.end
                && h.matched.get(o.end..).is_some_and(|between| {
                    between.contains("=>")
                        || between.contains('{')
                        || (lang_of(&h.path) == Some(Lang::Py) && between.contains(':'))
                })
        });
        let comprehension = lang_of(&h.path) == Some(Lang::Py)
            && h.snippet
                .split(call.trim_end_matches(')'))
                .nth(1)
                .is_some_and(|after| after.contains(" for ") && after.contains(" in "));
        let detail = if same.is_some() || comprehension {
            Some(format!(
                "{label} `{call}` runs once per item of the loop on this line"
            ))
        } else {
            v.enclosing(h.line, indent_of(&h.matched), LIMIT, true)
                .map(|o| {
                    format!(
                        "{label} `{call}` inside the loop at :{} (one query per iteration)",
                        o.line
                    )
                })
        };
        if let Some(detail) = detail {
            findings.push(Finding {
                path: h.path.clone(),
                line: h.line,
                detail,
            });
        }
    }

    // Eloquent lazy loads on the loop variable: `foreach ($subs as $sub) { $sub->user->… }`.
    for h in cx.own_hits(id, extra_index(X_LAZY_PHP)) {
        if !source(&h.path) || is_excluded(&h.path) || is_comment(&h.matched) {
            continue;
        }
        let Some(v) = views.get(h.path.as_str()) else {
            continue;
        };
        let Some(o) = v.enclosing(h.line, indent_of(&h.matched), LIMIT, true) else {
            continue;
        };
        let Some(var) = &o.var else { continue };
        let tail = h.matched.rsplit('$').next().unwrap_or("");
        let mut parts = tail.split("->");
        let (Some(obj), Some(rel)) = (parts.next(), parts.next()) else {
            continue;
        };
        if obj == var && obj != "this" {
            files_with_calls.insert(h.path.as_str());
            findings.push(Finding {
                path: h.path.clone(),
                line: h.line,
                detail: format!(
                    "lazy load `${obj}->{rel}` on each item of the loop at :{} (no eager loading)",
                    o.line
                ),
            });
        }
    }

    // Components rendered once per list item that query on mount.
    let effects: std::collections::HashSet<&str> = cx
        .own_hits(id, extra_index(X_USE_EFFECT))
        .iter()
        .map(|h| h.path.as_str())
        .collect();
    let mut querying: HashMap<String, (String, u32)> = HashMap::new();
    for (_, h) in &calls {
        let path = h.path.as_str();
        if !effects.contains(path) || !source(path) || is_excluded(path) {
            continue;
        }
        if let Some(name) = component_name(path) {
            querying
                .entry(name)
                .or_insert_with(|| (h.path.clone(), h.line));
        }
    }
    if !querying.is_empty() {
        for h in tags {
            if !source(&h.path) || is_excluded(&h.path) {
                continue;
            }
            let name = h.matched.rsplit('<').next().unwrap_or("");
            let Some((cpath, cline)) = querying.get(name) else {
                continue;
            };
            let Some(v) = views.get(h.path.as_str()) else {
                continue;
            };
            if let Some(o) = v.enclosing(h.line, indent_of(&h.matched), JSX_LIMIT, false) {
                findings.push(Finding {
                    path: h.path.clone(),
                    line: h.line,
                    detail: format!(
                        "<{name}> rendered for each item of the list at :{}; it queries the database on mount ({cpath}:{cline})",
                        o.line
                    ),
                });
            }
        }
    }
    findings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    findings.dedup_by(|a, b| a.path == b.path && a.line == b.line);
    Scan {
        findings,
        files_with_calls: files_with_calls.len(),
        calls: n_calls,
        loops,
    }
}

/// `app/components/MyListButton.tsx` → `MyListButton`; `Card/index.tsx` → `Card`.
fn component_name(path: &str) -> Option<String> {
    let mut parts = path.rsplit('/');
    let file = parts.next()?;
    let stem = file.split('.').next()?;
    let name = if stem == "index" { parts.next()? } else { stem };
    name.starts_with(|c: char| c.is_ascii_uppercase())
        .then(|| name.to_string())
}

pub const QUERY_IN_LOOP: Analyzer = Analyzer {
    id: "query_in_loop",
    version: 1,
    patterns,
    question: "Does application code run a database query inside a loop body (N+1)?",
    run: |cx| {
        let s = scan(cx);
        let (scripts, app): (Vec<_>, Vec<_>) =
            s.findings.into_iter().partition(|f| is_scripts(&f.path));
        if app.is_empty() {
            return Outcome::no();
        }
        let mut ev: Vec<Evidence> = app
            .iter()
            .map(|f| Evidence::at(f.path.clone(), f.line, f.detail.clone()))
            .collect();
        if let Some(f) = scripts.first() {
            ev.push(Evidence::at(
                f.path.clone(),
                f.line,
                format!(
                    "note: {} more under scripts/ (reported apart): {}",
                    scripts.len(),
                    f.detail
                ),
            ));
        }
        Outcome::yes(ev)
    },
};

pub const NO_QUERY_IN_LOOP: Analyzer = Analyzer {
    id: "no_query_in_loop",
    version: 1,
    patterns: super::no_patterns,
    question: "Is application code free of database queries inside loop bodies (what was checked)?",
    run: |cx| {
        let s = scan(cx);
        let (scripts, app): (Vec<_>, Vec<_>) =
            s.findings.into_iter().partition(|f| is_scripts(&f.path));
        if !app.is_empty() {
            return Outcome::no();
        }
        let detail = if s.calls == 0 {
            let files = cx
                .inv
                .files
                .iter()
                .filter(|f| {
                    f.class == FileClass::Source
                        && lang_of(&f.path).is_some()
                        && !is_excluded(&f.path)
                })
                .count();
            format!(
                "scanned {files} source files: no call of a recognised database client, so no query inside a loop"
            )
        } else {
            format!(
                "checked {} database calls in {} source files against {} loops: none inside a loop body",
                s.calls, s.files_with_calls, s.loops
            )
        };
        let mut ev = vec![Evidence::file(".", detail)];
        if let Some(f) = scripts.first() {
            ev.push(Evidence::at(
                f.path.clone(),
                f.line,
                format!(
                    "note: {} hit{} under scripts/ (reported apart): {}",
                    scripts.len(),
                    if scripts.len() == 1 { "" } else { "s" },
                    f.detail
                ),
            ));
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_most_are_gated() {
        for (i, p) in patterns().iter().enumerate() {
            crate::signals::compile_regex(&p.regex).unwrap();
            // JSX tags have no literal longer than `<`: glob-limited instead.
            if i != extra_index(X_JSX_TAG) && i != extra_index(X_LAZY_PHP) {
                assert!(
                    crate::signals::keywords_of(&p.regex).is_some(),
                    "ungated: {}",
                    p.regex
                );
            }
            assert!(p.glob.is_some());
        }
    }

    #[test]
    fn balanced_lines() {
        assert!(balanced("const ids = items.map((i) => i.id);"));
        assert!(!balanced("for (const teamId of teamIds) {"));
        assert!(!balanced("{movies.map((movie, index) => {"));
        assert!(!balanced("items.forEach((i) =>"));
    }

    #[test]
    fn foreach_variables() {
        assert_eq!(
            foreach_var("foreach ($subscriptions as $subscription) {").as_deref(),
            Some("subscription")
        );
        assert_eq!(
            foreach_var("foreach ($rows as $k => $row) {").as_deref(),
            Some("row")
        );
        assert_eq!(
            foreach_var("foreach ($responseJson->data as $invoice) {"),
            None
        );
    }

    #[test]
    fn handlers_in_a_loop_body_run_later() {
        let mut v = FileView::default();
        v.openers.push(Opener {
            line: 1,
            indent: 2,
            end: 10,
            single_line: false,
            var: None,
        });
        v.know(1, "  {movies.map((m) => (");
        v.know(2, "    <button");
        v.know(3, "      onClick={async () => {");
        v.know(4, "        await supabase.from('x').delete();");
        assert!(v.enclosing(4, 8, LIMIT, true).is_none());
        assert!(v.enclosing(3, 6, LIMIT, true).is_some());
    }

    #[test]
    fn enclosing_respects_dedent() {
        let mut v = FileView::default();
        v.openers.push(Opener {
            line: 10,
            indent: 2,
            end: 10,
            single_line: false,
            var: None,
        });
        v.know(10, "  for (const x of xs) {");
        v.know(11, "    foo(x);");
        v.know(12, "  }");
        v.know(13, "  if (y) {");
        assert!(v.enclosing(11, 4, LIMIT, true).is_some());
        assert!(v.enclosing(14, 4, LIMIT, true).is_none());
        assert!(v.enclosing(14, 4, LIMIT, false).is_none());
        assert!(v.enclosing(11, 2, LIMIT, true).is_none());
        assert!(v.enclosing(100, 4, LIMIT, false).is_none());
        // an unseen gap: only the loose judgement takes it
        let mut w = FileView {
            openers: v.openers.clone(),
            ..FileView::default()
        };
        w.know(10, "  for (const x of xs) {");
        w.know(20, "    await prisma.x.create(");
        assert!(w.enclosing(20, 4, LIMIT, true).is_none());
        assert!(w.enclosing(20, 4, LIMIT, false).is_some());
    }

    #[test]
    fn names_and_paths() {
        assert_eq!(
            component_name("app/components/MyListButton.tsx").as_deref(),
            Some("MyListButton")
        );
        assert_eq!(component_name("app/page.tsx"), None);
        assert!(is_excluded("prisma/seed.ts"));
        assert!(is_excluded("apps/web/lib/team.test.ts"));
        assert!(!is_excluded("apps/web/modules/auth/invite/lib/team.ts"));
        assert_eq!(
            call_text("    const t = await prisma.team.findUnique("),
            "prisma.team.findUnique()"
        );
    }
}
