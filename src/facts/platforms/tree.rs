//! One small tree for JSON(C), TOML and YAML descriptors, with the 1-based
//! line of every key and value.
//!
//! Descriptors come in several syntaxes (`wrangler.toml` / `wrangler.jsonc`,
//! `railway.json` / `railway.toml`); reading them through one tree keeps each
//! descriptor's logic in one place. Every conversion is bounded: nesting is
//! checked before a recursive parser sees the text (jsonc-parser and the TOML
//! parser recurse without a limit), and the YAML conversion has a node budget
//! so an alias-heavy file cannot be expanded without end.

use std::borrow::Cow;

use crate::facts::yaml::{self, Kind as YKind, Yaml};

/// Deepest nesting a descriptor may have; real ones stay under ten.
pub const MAX_DEPTH: usize = 64;
/// Nodes a converted YAML document may have.
const MAX_YAML_NODES: usize = 200_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: u32,
    pub v: V,
}

#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Null,
    Bool(bool),
    /// Numbers keep their spelling.
    Num(String),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    /// Line of the key (for a TOML `[table]`, the header).
    pub line: u32,
    pub value: Node,
}

/// Why a tree could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    pub message: String,
    /// A budget (depth, size, aliases) stopped it, not a syntax error.
    pub budget: bool,
}

impl TreeError {
    fn syntax(message: impl Into<String>) -> Self {
        TreeError {
            message: message.into(),
            budget: false,
        }
    }
    fn budget(message: impl Into<String>) -> Self {
        TreeError {
            message: message.into(),
            budget: true,
        }
    }
}

static NULL: Node = Node {
    line: 0,
    v: V::Null,
};

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// `get` that gives a null node for a missing key.
    pub fn at(&self, key: &str) -> &Node {
        self.get(key).unwrap_or(&NULL)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.v {
            V::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// Entries of a mapping (empty for anything else).
    pub fn entries(&self) -> &[Entry] {
        match &self.v {
            V::Map(entries) => entries,
            _ => &[],
        }
    }

    /// Items of a sequence (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.v {
            V::Seq(items) => items,
            _ => &[],
        }
    }

    /// Items of a sequence, or the node itself when it is a single mapping
    /// (`"hosting": {…}` and `"hosting": [{…}]` are both allowed).
    pub fn one_or_many(&self) -> Vec<&Node> {
        match &self.v {
            V::Seq(items) => items.iter().collect(),
            V::Null => Vec::new(),
            _ => vec![self],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.v {
            V::Bool(b) => Some(*b),
            V::Str(s) if s == "true" => Some(true),
            V::Str(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    /// A scalar as text (strings, numbers, booleans).
    pub fn scalar(&self) -> Option<Cow<'_, str>> {
        match &self.v {
            V::Str(s) | V::Num(s) => Some(Cow::Borrowed(s)),
            V::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }

    /// Non-empty scalar text.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        self.scalar().filter(|s| !s.trim().is_empty())
    }

    /// A number, when the node is one (or a string holding one).
    pub fn as_u64(&self) -> Option<u64> {
        match &self.v {
            V::Num(s) | V::Str(s) => s.trim().replace('_', "").parse().ok(),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.v, V::Map(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.v, V::Null)
    }

    /// Line of the node, never 0 (a missing node counts as line 1).
    pub fn line1(&self) -> u32 {
        self.line.max(1)
    }

    /// The scalars of a sequence, or the scalar itself.
    pub fn strings(&self) -> Vec<(u32, Cow<'_, str>)> {
        match &self.v {
            V::Seq(items) => items
                .iter()
                .filter_map(|i| i.scalar().map(|s| (i.line1(), s)))
                .collect(),
            _ => self
                .scalar()
                .map(|s| vec![(self.line1(), s)])
                .unwrap_or_default(),
        }
    }
}

/// Byte offset → 1-based line.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    pub fn line(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(idx + 1).unwrap_or(u32::MAX)
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Deepest bracket nesting outside strings and comments. `toml` also skips
/// `'…'` literal strings and `#` comments; otherwise `//` and `/* */` comments
/// are skipped. Stops counting once `limit` is passed.
fn bracket_depth(text: &str, toml: bool, limit: usize) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' | b'\'' if c == b'"' || toml => {
                // Skip the string; TOML triple quotes are handled by the same
                // loop because an empty string followed by a quote restarts it.
                i += 1;
                while i < b.len() && b[i] != c {
                    i += if b[i] == b'\\' && c == b'"' { 2 } else { 1 };
                }
            }
            b'#' if toml => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if !toml && b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if !toml && b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    max = depth;
                    if max > limit {
                        return max;
                    }
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

/// Parses JSON with comments and trailing commas (vercel.json, wrangler.jsonc).
pub fn from_json(text: &str) -> Result<Node, TreeError> {
    use jsonc_parser::ast::Value;
    let text = strip_bom(text);
    if bracket_depth(text, false, MAX_DEPTH) > MAX_DEPTH {
        return Err(TreeError::budget(format!(
            "nesting deeper than {MAX_DEPTH} levels"
        )));
    }
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default())
        .map_err(|e| TreeError::syntax(e.to_string()))?;
    let lines = LineIndex::new(text);

    fn conv(v: &Value<'_>, lines: &LineIndex, depth: usize) -> Node {
        let (start, v) = match v {
            Value::StringLit(s) => (s.range.start, V::Str(s.value.to_string())),
            Value::NumberLit(n) => (n.range.start, V::Num(n.value.to_string())),
            Value::BooleanLit(b) => (b.range.start, V::Bool(b.value)),
            Value::NullKeyword(n) => (n.range.start, V::Null),
            Value::Array(a) if depth < MAX_DEPTH => (
                a.range.start,
                V::Seq(
                    a.elements
                        .iter()
                        .map(|e| conv(e, lines, depth + 1))
                        .collect(),
                ),
            ),
            Value::Object(o) if depth < MAX_DEPTH => (
                o.range.start,
                V::Map(
                    o.properties
                        .iter()
                        .map(|p| Entry {
                            key: p.name.as_str().to_string(),
                            line: lines.line(p.range.start),
                            value: conv(&p.value, lines, depth + 1),
                        })
                        .collect(),
                ),
            ),
            Value::Array(a) => (a.range.start, V::Null),
            Value::Object(o) => (o.range.start, V::Null),
        };
        Node {
            line: lines.line(start),
            v,
        }
    }

    match parsed.value {
        Some(v) => Ok(conv(&v, &lines, 0)),
        None => Ok(Node {
            line: 1,
            v: V::Null,
        }),
    }
}

/// Parses TOML with spans (netlify.toml, fly.toml, wrangler.toml).
pub fn from_toml(text: &str) -> Result<Node, TreeError> {
    use toml::de::{DeTable, DeValue};
    let text = strip_bom(text);
    if bracket_depth(text, true, MAX_DEPTH) > MAX_DEPTH {
        return Err(TreeError::budget(format!(
            "nesting deeper than {MAX_DEPTH} levels"
        )));
    }
    let table = DeTable::parse(text).map_err(|e| {
        let msg = e.message().to_string();
        let line = e
            .span()
            .map(|s| format!("line {}: ", LineIndex::new(text).line(s.start)))
            .unwrap_or_default();
        TreeError::syntax(format!("{line}{msg}"))
    })?;
    let lines = LineIndex::new(text);

    fn table_node(t: &DeTable<'_>, start: usize, lines: &LineIndex, depth: usize) -> Node {
        let mut entries: Vec<(usize, Entry)> = t
            .iter()
            .map(|(k, v)| {
                let at = k.span().start;
                (
                    at,
                    Entry {
                        key: k.get_ref().to_string(),
                        line: lines.line(at),
                        value: conv(v.get_ref(), v.span().start, lines, depth + 1),
                    },
                )
            })
            .collect();
        // The map is ordered by key; descriptors read better in file order.
        entries.sort_by_key(|(at, _)| *at);
        Node {
            line: lines.line(start),
            v: V::Map(entries.into_iter().map(|(_, e)| e).collect()),
        }
    }

    fn conv(v: &DeValue<'_>, start: usize, lines: &LineIndex, depth: usize) -> Node {
        let v = match v {
            DeValue::String(s) => V::Str(s.to_string()),
            DeValue::Integer(i) => V::Num(i.as_str().to_string()),
            DeValue::Float(f) => V::Num(f.as_str().to_string()),
            DeValue::Boolean(b) => V::Bool(*b),
            DeValue::Datetime(d) => V::Str(d.to_string()),
            DeValue::Array(a) if depth < MAX_DEPTH => V::Seq(
                a.iter()
                    .map(|e| conv(e.get_ref(), e.span().start, lines, depth + 1))
                    .collect(),
            ),
            DeValue::Table(t) if depth < MAX_DEPTH => return table_node(t, start, lines, depth),
            DeValue::Array(_) | DeValue::Table(_) => V::Null,
        };
        Node {
            line: lines.line(start),
            v,
        }
    }

    Ok(table_node(table.get_ref(), 0, &lines, 0))
}

/// Parses a single YAML document through [`yaml::parse_one`] and copies it
/// into a [`Node`] tree, merge keys applied, within a node budget.
pub fn from_yaml(text: &str) -> Result<Node, TreeError> {
    let doc = yaml::parse_one(text).map_err(|e| TreeError {
        // The scanner's own nesting limit is a budget too, not bad syntax.
        budget: e.budget || e.message.contains("recursion limit"),
        message: e.to_string(),
    })?;
    from_yaml_node(&doc)
}

/// Copies an already parsed YAML node (see [`from_yaml`]).
pub fn from_yaml_node(doc: &Yaml) -> Result<Node, TreeError> {
    let mut budget = MAX_YAML_NODES;
    conv_yaml(doc, 0, &mut budget)
}

fn conv_yaml(y: &Yaml, depth: usize, budget: &mut usize) -> Result<Node, TreeError> {
    if *budget == 0 {
        return Err(TreeError::budget(format!(
            "more than {MAX_YAML_NODES} nodes once aliases are expanded"
        )));
    }
    *budget -= 1;
    if depth > MAX_DEPTH {
        return Ok(Node {
            line: y.line,
            v: V::Null,
        });
    }
    let v = match &y.kind {
        YKind::Null => V::Null,
        YKind::Scalar(s) => V::Str(s.clone()),
        YKind::Seq(items) => V::Seq(
            items
                .iter()
                .map(|i| conv_yaml(i, depth + 1, budget))
                .collect::<Result<_, _>>()?,
        ),
        YKind::Map(pairs) => {
            let mut entries: Vec<Entry> = Vec::new();
            let mut merged: Vec<Entry> = Vec::new();
            for (k, v) in pairs {
                let Some(key) = k.as_str() else { continue };
                if key == "<<" {
                    let sources: Vec<&Yaml> = match &v.kind {
                        YKind::Seq(items) => items.iter().map(|i| &**i).collect(),
                        _ => vec![&**v],
                    };
                    for src in sources {
                        let node = conv_yaml(src, depth + 1, budget)?;
                        if let V::Map(es) = node.v {
                            for e in es {
                                if !merged.iter().any(|m| m.key == e.key) {
                                    merged.push(e);
                                }
                            }
                        }
                    }
                    continue;
                }
                if entries.iter().any(|e| e.key == key) {
                    continue;
                }
                entries.push(Entry {
                    key: key.to_string(),
                    line: k.line,
                    value: conv_yaml(v, depth + 1, budget)?,
                });
            }
            for m in merged {
                if !entries.iter().any(|e| e.key == m.key) {
                    entries.push(m);
                }
            }
            V::Map(entries)
        }
    };
    Ok(Node { line: y.line, v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_and_comments() {
        let t = from_json("{\n  // c\n  \"a\": {\n    \"b\": [1, \"x\",],\n  },\n}\n").unwrap();
        let a = t.entry("a").unwrap();
        assert_eq!(a.line, 3);
        let b = a.value.entry("b").unwrap();
        assert_eq!(b.line, 4);
        assert_eq!(b.value.items()[1].as_str(), Some("x"));
        assert_eq!(b.value.items()[0].as_u64(), Some(1));
    }

    #[test]
    fn json_errors_and_budgets() {
        assert!(!from_json("{\"a\": ").unwrap_err().budget);
        let deep = "[".repeat(100_000);
        assert!(from_json(&deep).unwrap_err().budget);
        // brackets in strings and comments do not count
        let ok = format!(
            "{{\"a\": \"{}\" /* {} */}}",
            "[".repeat(500),
            "{".repeat(500)
        );
        assert!(from_json(&ok).is_ok());
        assert!(from_json("").is_err() || from_json("").unwrap().is_null());
        assert!(from_json("\u{feff}{}").unwrap().is_map());
    }

    #[test]
    fn toml_lines_in_file_order() {
        let t = from_toml("name = \"x\"\n\n[env.staging]\nroute = \"a\"\n\n[env.prod]\n").unwrap();
        let keys: Vec<&str> = t.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["name", "env"]);
        let env = t.at("env");
        let names: Vec<(&str, u32)> = env
            .entries()
            .iter()
            .map(|e| (e.key.as_str(), e.line))
            .collect();
        assert_eq!(names, [("staging", 3), ("prod", 6)]);
        assert_eq!(env.at("staging").at("route").line, 4);
    }

    #[test]
    fn toml_errors_and_budgets() {
        let e = from_toml("a = \n[x\n").unwrap_err();
        assert!(!e.budget);
        assert!(e.message.contains("line"));
        let deep = format!("a = {}", "[".repeat(50_000));
        assert!(from_toml(&deep).unwrap_err().budget);
        let ok = format!("a = '{}' # {}\n", "[".repeat(200), "{".repeat(200));
        assert!(from_toml(&ok).is_ok());
    }

    #[test]
    fn yaml_merge_and_lines() {
        let t = from_yaml("base: &b\n  x: 1\nsvc:\n  <<: *b\n  y: 2\n").unwrap();
        let svc = t.entry("svc").unwrap();
        assert_eq!(svc.line, 3);
        assert_eq!(svc.value.at("x").as_str(), Some("1"));
        assert_eq!(svc.value.entry("y").unwrap().line, 5);
    }

    #[test]
    fn yaml_alias_bomb_is_a_budget_error() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            s.push_str(&format!(
                "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = c;
        }
        assert!(from_yaml(&s).unwrap_err().budget);
    }

    #[test]
    fn yaml_deep_nesting_is_a_budget_error() {
        let e = from_yaml(&"[".repeat(10_000)).unwrap_err();
        assert!(e.budget, "{e:?}");
        let e = from_yaml(&"{".repeat(10_000)).unwrap_err();
        assert!(e.budget, "{e:?}");
        let block: String = (0..1000)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        assert!(from_yaml(&block).is_err());
        // deep but within the parser's limit: truncated, not an error
        let nested: String = (0..150)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        let t = from_yaml(&nested).unwrap();
        assert!(t.get("k").is_some());
    }

    #[test]
    fn line_index() {
        let li = LineIndex::new("a\nb\n\nc");
        assert_eq!(li.line(0), 1);
        assert_eq!(li.line(2), 2);
        assert_eq!(li.line(4), 3);
        assert_eq!(li.line(5), 4);
        assert_eq!(li.line(999), 4);
    }
}
