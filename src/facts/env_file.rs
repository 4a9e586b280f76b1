//! Environment files and the variables they document.
//!
//! A hand-rolled `.env` parser (`KEY=VALUE`, `export KEY=…`, single, double
//! and backtick quotes, `#` comments, quoted values that span lines) plus a
//! reader for the places projects document variables in prose: Markdown
//! guides (`KEY=value` lines in code blocks, `` `KEY` `` in lists and tables)
//! and the `ENVIRONMENT` section of man pages.
//!
//! Values are never kept: each variable records only whether its value looks
//! real (anything but empty or a placeholder such as `your_key`, `<secret>`,
//! `changeme`, `${OTHER}`) and a length class. Nothing is expanded and the
//! scanner's own environment is never read.

use serde::Serialize;

use super::Facts;
use crate::evidence::{Warning, WarningKind};
use crate::inventory::{FileClass, Inventory, ReadError};

/// What kind of file documents the variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvFileKind {
    /// `.env.example`, `.env.sample`, `.env.template`, `.env.dist`,
    /// `env.example`, `example.env`, `.dev.vars.example`: meant to be copied.
    Example,
    /// `.env`, `.env.local`, `.env.development`, `.env.production`,
    /// `.dev.vars` (wrangler): real settings, committed or not ignored.
    Env,
    /// A guide or man page that names variables in prose.
    Docs,
}

/// How long a value is (the value itself is never stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueLength {
    Empty,
    /// 1–7 bytes.
    Short,
    /// 8–31 bytes.
    Medium,
    /// 32 bytes or more.
    Long,
}

impl ValueLength {
    pub fn of(value: &str) -> ValueLength {
        match value.len() {
            0 => ValueLength::Empty,
            1..=7 => ValueLength::Short,
            8..=31 => ValueLength::Medium,
            _ => ValueLength::Long,
        }
    }
}

/// One variable an env file (or a guide) names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvVar {
    pub name: String,
    pub line: u32,
    /// The value is neither empty nor a placeholder (booleans, ports and
    /// localhost URLs count as real; secrets are judged elsewhere).
    pub value_looks_real: bool,
    pub value_length: ValueLength,
    /// Commented out (`# KEY=value`): documented, not set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub commented: bool,
}

/// An env file or a document naming variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvFile {
    pub file: String,
    pub kind: EnvFileKind,
    pub vars: Vec<EnvVar>,
}

impl EnvFile {
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.iter().map(|v| v.name.as_str())
    }
}

/// Lines followed by one quoted value before the parser gives up on it.
const MAX_VALUE_LINES: usize = 500;
/// Guides read for variable names.
const MAX_DOCS: usize = 40;

/// The kind of env file `path` is, by name alone.
pub fn env_file_kind(path: &str) -> Option<EnvFileKind> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    const EXAMPLE_WORDS: &[&str] = &["example", "sample", "template", "dist", "defaults", "tpl"];
    let is_example = |rest: &str| rest.split('.').any(|w| EXAMPLE_WORDS.contains(&w));
    if name == ".env" || name == ".dev.vars" {
        return Some(EnvFileKind::Env);
    }
    if let Some(rest) = name
        .strip_prefix(".env.")
        .or_else(|| name.strip_prefix(".dev.vars."))
    {
        // `.env.d.ts`, `.env.ts` and friends are code, not env files.
        if rest.ends_with(".ts") || rest.ends_with(".js") || rest == "d.ts" {
            return None;
        }
        return Some(if is_example(rest) {
            EnvFileKind::Example
        } else {
            EnvFileKind::Env
        });
    }
    if matches!(
        name.as_str(),
        "env.example" | "example.env" | "env.sample" | "sample.env" | "env.template" | "env.dist"
    ) {
        return Some(EnvFileKind::Example);
    }
    // `production.env`, `app.env.example`
    if let Some(stem) = name.strip_suffix(".env") {
        if is_example(stem) {
            return Some(EnvFileKind::Example);
        }
        return Some(EnvFileKind::Env);
    }
    if let Some((_, rest)) = name.split_once(".env.")
        && is_example(rest)
    {
        return Some(EnvFileKind::Example);
    }
    None
}

/// Guides worth reading for variable names: READMEs and Markdown whose path
/// speaks of setup, configuration, environment, deployment or development;
/// man pages.
fn is_env_doc(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let depth = lower.matches('/').count();
    if is_man_page(name) {
        return depth <= 1;
    }
    if !(name.ends_with(".md") || name.ends_with(".mdx") || name.ends_with(".rst")) {
        return false;
    }
    if lower.contains("changelog") || lower.contains("release-notes") || name == "license.md" {
        return false;
    }
    if name.starts_with("readme") {
        return depth <= 2;
    }
    const WORDS: &[&str] = &[
        "env",
        "config",
        "setting",
        "deploy",
        "develop",
        "setup",
        "install",
        "self-host",
        "selfhost",
        "getting-started",
        "getting_started",
        "quickstart",
        "contributing",
        "local-dev",
        "local_dev",
        "running-locally",
    ];
    WORDS.iter().any(|w| lower.contains(w))
}

fn is_man_page(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && matches!(ext, "1" | "5" | "8"))
}

/// Reads every env file and env guide of the inventory.
pub fn collect(inv: &Inventory, facts: &mut Facts) {
    let mut docs = 0;
    for entry in &inv.files {
        let kind = match env_file_kind(&entry.path) {
            Some(k) => k,
            None if matches!(entry.class, FileClass::Doc | FileClass::Other)
                && docs < MAX_DOCS
                && is_env_doc(&entry.path) =>
            {
                docs += 1;
                EnvFileKind::Docs
            }
            None => continue,
        };
        if matches!(entry.class, FileClass::Test | FileClass::Generated) {
            continue;
        }
        let text = match inv.read_text(entry) {
            Ok(t) => t,
            Err(ReadError::Io(e)) => {
                facts
                    .warnings
                    .push(Warning::new(WarningKind::Unreadable, entry.path.clone(), e));
                continue;
            }
            Err(_) => continue,
        };
        let vars = match kind {
            EnvFileKind::Docs if is_man_page(&entry.path.to_ascii_lowercase()) => {
                parse_man_page(&text)
            }
            EnvFileKind::Docs => parse_markdown(&text),
            _ => parse(&text),
        };
        if kind == EnvFileKind::Docs && vars.is_empty() {
            continue;
        }
        facts.env_files.push(EnvFile {
            file: entry.path.clone(),
            kind,
            vars,
        });
    }
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
}

/// Parses `.env` text into variables (values reduced to real/placeholder and a length).
pub fn parse(text: &str) -> Vec<EnvVar> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line_no = (i + 1) as u32;
        let raw = lines[i].trim_start_matches('\u{feff}').trim();
        i += 1;
        if raw.is_empty() {
            continue;
        }
        // `# KEY=value` documents a variable without setting it.
        if let Some(c) = raw.strip_prefix('#') {
            let c = c.trim_start_matches('#').trim();
            let c = c.strip_prefix("export ").unwrap_or(c);
            if let Some((k, _)) = c.split_once('=')
                && doc_name_loose(k.trim())
                && !k.contains(' ')
            {
                out.push(EnvVar {
                    name: k.trim().to_string(),
                    line: line_no,
                    value_looks_real: false,
                    value_length: ValueLength::Empty,
                    commented: true,
                });
            }
            continue;
        }
        let raw = raw
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(raw);
        let Some((key, rest)) = raw.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if !is_name(key) {
            continue;
        }
        let rest = rest.trim_start();
        let value: String = match rest.chars().next() {
            Some(q @ ('"' | '\'' | '`')) => {
                let body = &rest[1..];
                match closing_quote(body, q) {
                    Some(end) => body[..end].to_string(),
                    None => {
                        // A quoted value spanning lines: read on to the closing quote.
                        let mut acc = body.to_string();
                        let mut closed = false;
                        let mut taken = 0;
                        while i < lines.len() && taken < MAX_VALUE_LINES {
                            let l = lines[i];
                            i += 1;
                            taken += 1;
                            acc.push('\n');
                            if let Some(end) = closing_quote(l, q) {
                                acc.push_str(&l[..end]);
                                closed = true;
                                break;
                            }
                            acc.push_str(l);
                        }
                        if !closed {
                            // Unterminated: keep what we have; the name still counts.
                        }
                        acc
                    }
                }
            }
            _ => strip_comment(rest).trim().to_string(),
        };
        out.push(EnvVar {
            name: key.to_string(),
            line: line_no,
            value_looks_real: !looks_placeholder(&value),
            value_length: ValueLength::of(&value),
            commented: false,
        });
    }
    out
}

/// Byte offset of the closing quote `q` in `s` (backslash escapes honoured in double quotes).
fn closing_quote(s: &str, q: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' && q == '"' {
            escaped = true;
            continue;
        }
        if c == q {
            return Some(i);
        }
    }
    None
}

/// `value # comment` → `value` (a `#` inside a word is kept: `pa#ss`).
fn strip_comment(s: &str) -> &str {
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &s[..i];
        }
    }
    s
}

/// True for empty values and the usual stand-ins (`your_key`, `<secret>`,
/// `changeme`, `xxx`, `${OTHER}`, `...`).
pub fn looks_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('[') && v.ends_with(']'))
        || (v.starts_with('{') && v.ends_with('}') && !v.contains(':'))
        || v.starts_with("${")
        || v.starts_with("$(")
        || lower.contains("...")
    {
        return true;
    }
    const WORDS: &[&str] = &[
        "your",
        "changeme",
        "change_me",
        "change-me",
        "changethis",
        "change_this",
        "replace",
        "placeholder",
        "example",
        "xxx",
        "todo",
        "dummy",
        "sample",
        "insert",
        "fixme",
        "redacted",
        "secret_here",
        "key_here",
        "here",
        "fake",
        "put_",
        "enter_",
        "add_",
        "generate",
        "my_",
        "my-",
    ];
    if WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // One character repeated (`********`, `000000`).
    let first = v.chars().next().unwrap_or(' ');
    v.len() >= 4 && v.chars().all(|c| c == first)
}

/// A name as guides write them: upper case, digits and underscores, with at
/// least one underscore (so acronyms such as `API` or `HTTP` are not taken).
fn doc_name(s: &str) -> bool {
    s.len() >= 3
        && s.len() <= 80
        && s.contains('_')
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !s.ends_with('_')
}

/// A commented-out variable name: upper case, digits and underscores.
fn doc_name_loose(s: &str) -> bool {
    s.len() >= 2
        && s.len() <= 80
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Names a Markdown guide documents: `KEY=value` lines in fenced code blocks,
/// and `` `KEY` `` / `` `KEY=…` `` spans in prose, lists and tables.
pub fn parse_markdown(text: &str) -> Vec<EnvVar> {
    let mut out: Vec<EnvVar> = Vec::new();
    let push = |name: &str, line: u32, out: &mut Vec<EnvVar>| {
        if doc_name(name) && !out.iter().any(|v| v.name == name) {
            out.push(EnvVar {
                name: name.to_string(),
                line,
                value_looks_real: false,
                value_length: ValueLength::Empty,
                commented: false,
            });
        }
    };
    let mut in_code = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = (i + 1) as u32;
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            let t = t.strip_prefix("export ").unwrap_or(t);
            if let Some((k, _)) = t.split_once('=') {
                push(k.trim(), line_no, &mut out);
            }
            continue;
        }
        // Backticked spans.
        let mut rest = line;
        while let Some(start) = rest.find('`') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('`') else { break };
            let span = &after[..end];
            let name = span.split(['=', ':', ' ']).next().unwrap_or("");
            let name = name.trim_start_matches('$');
            push(name, line_no, &mut out);
            rest = &after[end + 1..];
        }
    }
    out
}

/// Names a man page documents in its `ENVIRONMENT` section (`.B NAME`, `.TP` items).
pub fn parse_man_page(text: &str) -> Vec<EnvVar> {
    let mut out: Vec<EnvVar> = Vec::new();
    let mut in_env = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(h) = t.strip_prefix(".SH") {
            in_env = h
                .trim()
                .trim_matches('"')
                .eq_ignore_ascii_case("environment");
            continue;
        }
        if !in_env {
            continue;
        }
        let item = t
            .strip_prefix(".B ")
            .or_else(|| t.strip_prefix(".BR "))
            .or_else(|| t.strip_prefix(".IP "));
        if let Some(item) = item {
            let name = item
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_matches('"');
            let name = name.trim_start_matches("\\fB").trim_end_matches("\\fR");
            if doc_name(name) && !out.iter().any(|v| v.name == name) {
                out.push(EnvVar {
                    name: name.to_string(),
                    line: (i + 1) as u32,
                    value_looks_real: false,
                    value_length: ValueLength::Empty,
                    commented: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[EnvVar]) -> Vec<&str> {
        v.iter().map(|x| x.name.as_str()).collect()
    }

    #[test]
    fn parses_keys_exports_quotes_comments_and_lines() {
        let text = "# comment\n# OPTIONAL_KEY=\n\nexport A=1\nB = \"two words\" # trailing\nC='x#y'\nD=pa#ss # c\nnot a line\n=nokey\nE=\n";
        let v = parse(text);
        assert!(v[0].commented && !v[0].value_looks_real);
        let v: Vec<EnvVar> = v.into_iter().skip(1).collect();
        assert_eq!(names(&v), ["A", "B", "C", "D", "E"]);
        assert_eq!(v[0].line, 4);
        assert_eq!(v[1].line, 5);
        assert_eq!(v[1].value_length, ValueLength::Medium); // "two words"
        assert_eq!(v[3].value_length, ValueLength::Short); // "pa#ss"
        assert!(!v[4].value_looks_real);
    }

    #[test]
    fn multi_line_quoted_values_keep_line_numbers_right() {
        let text = "KEY=\"-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----\"\nNEXT=1\n";
        let v = parse(text);
        assert_eq!(names(&v), ["KEY", "NEXT"]);
        assert_eq!(v[0].line, 1);
        assert_eq!(v[0].value_length, ValueLength::Long);
        assert!(v[0].value_looks_real);
        assert_eq!(v[1].line, 5);
        // Unterminated quote: no panic, name kept.
        let v = parse("A=\"never closed\nB=2\n");
        assert_eq!(names(&v), ["A"]);
    }

    #[test]
    fn placeholders_are_told_apart() {
        for p in [
            "",
            "your_api_key",
            "<secret>",
            "changeme",
            "changethis",
            "${OTHER}",
            "xxxx",
            "sk-...",
            "********",
        ] {
            assert!(looks_placeholder(p), "{p}");
        }
        for r in [
            "true",
            "3000",
            "http://localhost:3000",
            "sk_live_abc123def456",
        ] {
            assert!(!looks_placeholder(r), "{r}");
        }
    }

    #[test]
    fn file_kinds_by_name() {
        use EnvFileKind::*;
        assert_eq!(env_file_kind(".env"), Some(Env));
        assert_eq!(env_file_kind("apps/web/.env.local"), Some(Env));
        assert_eq!(env_file_kind(".env.production"), Some(Env));
        assert_eq!(env_file_kind(".env.example"), Some(Example));
        assert_eq!(env_file_kind(".env.local.example"), Some(Example));
        assert_eq!(env_file_kind(".env.sample"), Some(Example));
        assert_eq!(env_file_kind(".env.dist"), Some(Example));
        assert_eq!(env_file_kind("env.example"), Some(Example));
        assert_eq!(env_file_kind("example.env"), Some(Example));
        assert_eq!(env_file_kind(".dev.vars"), Some(Env));
        assert_eq!(env_file_kind(".dev.vars.example"), Some(Example));
        assert_eq!(env_file_kind("src/env.ts"), None);
        assert_eq!(env_file_kind("src/.env.d.ts"), None);
        assert_eq!(env_file_kind("README.md"), None);
    }

    #[test]
    fn markdown_guides_name_variables() {
        let md = "# Setup\n\n```bash\nNEXT_PUBLIC_SUPABASE_URL=your_url\nexport API_KEY=x\n```\n\n* `SMTP_USER`: the user\n| `SENTRY_DSN` | dsn |\nUse `HTTP` and `npm run dev`.\n";
        let v = parse_markdown(md);
        assert_eq!(
            names(&v),
            [
                "NEXT_PUBLIC_SUPABASE_URL",
                "API_KEY",
                "SMTP_USER",
                "SENTRY_DSN"
            ]
        );
        assert_eq!(v[2].line, 8);
    }

    #[test]
    fn man_pages_name_variables_in_their_environment_section() {
        let man = ".SH OPTIONS\n.B NOT_THIS\n.SH ENVIRONMENT\nText\n.TP\n.B ADMIN_PASSWORD\nAdmin.\n.TP\n.B DATABASE_URL\n.SH AUTHORS\n.B OTHER_NAME\n";
        let v = parse_man_page(man);
        assert_eq!(names(&v), ["ADMIN_PASSWORD", "DATABASE_URL"]);
        assert_eq!(v[0].line, 6);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "=",
            "\"",
            "A=\"\\",
            "A='",
            "\u{feff}A=1",
            "A=é\"ü",
            "```",
            "`",
            "``",
        ] {
            parse(s);
            parse_markdown(s);
            parse_man_page(s);
        }
    }
}
