//! A small YAML tree with line numbers and budgets, over saphyr-parser events.
//!
//! Why our own tree: evidence needs the line of every node, and a hostile file
//! must not blow up memory. Aliases are shared (`Rc`), never copied, and the
//! size a document would have with every alias expanded is counted while
//! building: a "billion laughs" file stops at the budget with an error instead
//! of being expanded. Merge keys (`<<: *defaults`, used heavily in GitLab CI)
//! are honoured by [`Yaml::get`] and [`Yaml::entries`].

use std::collections::HashMap;
use std::sync::Arc as Rc;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// Limits that keep a hostile document bounded.
const MAX_DEPTH: usize = 200;
/// Nodes a document may have with all aliases expanded.
const MAX_EXPANDED_NODES: u64 = 2_000_000;
/// Nodes actually allocated.
const MAX_NODES: usize = 1_000_000;

#[derive(Debug)]
pub struct Yaml {
    /// 1-based line where the node starts.
    pub line: u32,
    pub kind: Kind,
}

#[derive(Debug)]
pub enum Kind {
    Null,
    Scalar(String),
    Seq(Vec<Rc<Yaml>>),
    Map(Vec<(Rc<Yaml>, Rc<Yaml>)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u32,
    pub message: String,
    /// True when a budget (aliases, depth, size) stopped the parse.
    pub budget: bool,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

static NULL: Yaml = Yaml {
    line: 0,
    kind: Kind::Null,
};

impl Yaml {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Rc<Yaml>]> {
        match &self.kind {
            Kind::Seq(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, Kind::Map(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// Value of `key` in a mapping; keys given directly win over merged ones.
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        self.get_depth(key, 0)
    }

    fn get_depth(&self, key: &str, depth: usize) -> Option<&Yaml> {
        let Kind::Map(entries) = &self.kind else {
            return None;
        };
        if let Some((_, v)) = entries.iter().find(|(k, _)| k.as_str() == Some(key)) {
            return Some(v);
        }
        if depth > 16 {
            return None;
        }
        for (k, v) in entries {
            if k.as_str() == Some("<<") {
                let found = match &v.kind {
                    Kind::Map(_) => v.get_depth(key, depth + 1),
                    Kind::Seq(items) => items.iter().find_map(|m| m.get_depth(key, depth + 1)),
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
        }
        None
    }

    /// `get(key)` that treats a missing key as null.
    pub fn at(&self, key: &str) -> &Yaml {
        self.get(key).unwrap_or(&NULL)
    }

    /// Mapping entries with string keys, merge keys expanded (own keys first,
    /// merged keys only where not set directly). Empty for non-mappings.
    pub fn entries(&self) -> Vec<(&str, &Yaml)> {
        let mut out: Vec<(&str, &Yaml)> = Vec::new();
        self.collect_entries(&mut out, 0);
        out
    }

    fn collect_entries<'a>(&'a self, out: &mut Vec<(&'a str, &'a Yaml)>, depth: usize) {
        let Kind::Map(entries) = &self.kind else {
            return;
        };
        for (k, v) in entries {
            if let Some(key) = k.as_str()
                && key != "<<"
                && !out.iter().any(|(o, _)| *o == key)
            {
                out.push((key, v));
            }
        }
        if depth > 16 {
            return;
        }
        for (k, v) in entries {
            if k.as_str() == Some("<<") {
                match &v.kind {
                    Kind::Map(_) => v.collect_entries(out, depth + 1),
                    Kind::Seq(items) => {
                        items.iter().for_each(|m| m.collect_entries(out, depth + 1))
                    }
                    _ => {}
                }
            }
        }
    }

    /// A scalar, or the scalars of a sequence, as strings (`on: push` and
    /// `on: [push, pull_request]` both become a list).
    pub fn strings(&self) -> Vec<&str> {
        match &self.kind {
            Kind::Scalar(s) => vec![s.as_str()],
            Kind::Seq(items) => items.iter().filter_map(|i| i.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

enum Frame {
    Seq {
        line: u32,
        anchor: usize,
        items: Vec<Rc<Yaml>>,
        size: u64,
    },
    Map {
        line: u32,
        anchor: usize,
        entries: Vec<(Rc<Yaml>, Rc<Yaml>)>,
        pending_key: Option<Rc<Yaml>>,
        size: u64,
    },
}

/// Parses every document of a YAML stream.
pub fn parse(text: &str) -> Result<Vec<Rc<Yaml>>, YamlError> {
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // anchor id → (node, expanded size)
    let mut anchors: HashMap<usize, (Rc<Yaml>, u64)> = HashMap::new();
    let mut nodes = 0usize;
    let mut expanded_total: u64 = 0;
    let mut parser = Parser::new_from_str(text);
    let err = |line: u32, message: String, budget: bool| YamlError {
        line,
        message,
        budget,
    };

    while let Some(ev) = parser.next_event() {
        let (event, span) = ev.map_err(|e| {
            let m = e.marker();
            err(m.line() as u32, e.info().to_string(), false)
        })?;
        let line = span.start.line() as u32;
        let done: Option<(Rc<Yaml>, u64)> = match event {
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => None,
            Event::Alias(id) => match anchors.get(&id) {
                Some((node, size)) => Some((node.clone(), *size)),
                None => return Err(err(line, "alias to an unknown anchor".into(), false)),
            },
            Event::Scalar(value, style, anchor, _tag) => {
                nodes += 1;
                let kind = if style == ScalarStyle::Plain
                    && matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Kind::Null
                } else {
                    Kind::Scalar(value.into_owned())
                };
                let node = Rc::new(Yaml { line, kind });
                if anchor > 0 {
                    anchors.insert(anchor, (node.clone(), 1));
                }
                Some((node, 1))
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        line,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        true,
                    ));
                }
                stack.push(Frame::Seq {
                    line,
                    anchor,
                    items: Vec::new(),
                    size: 1,
                });
                None
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        line,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        true,
                    ));
                }
                stack.push(Frame::Map {
                    line,
                    anchor,
                    entries: Vec::new(),
                    pending_key: None,
                    size: 1,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                nodes += 1;
                let (node, anchor, size) = match stack.pop() {
                    Some(Frame::Seq {
                        line,
                        anchor,
                        items,
                        size,
                    }) => (
                        Yaml {
                            line,
                            kind: Kind::Seq(items),
                        },
                        anchor,
                        size,
                    ),
                    Some(Frame::Map {
                        line,
                        anchor,
                        entries,
                        size,
                        ..
                    }) => (
                        Yaml {
                            line,
                            kind: Kind::Map(entries),
                        },
                        anchor,
                        size,
                    ),
                    None => return Err(err(line, "unbalanced collection end".into(), false)),
                };
                let node = Rc::new(node);
                if anchor > 0 {
                    anchors.insert(anchor, (node.clone(), size));
                }
                Some((node, size))
            }
        };
        if nodes > MAX_NODES {
            return Err(err(line, format!("more than {MAX_NODES} nodes"), true));
        }
        let Some((node, size)) = done else { continue };
        expanded_total = expanded_total.saturating_add(size);
        if expanded_total > MAX_EXPANDED_NODES || size > MAX_EXPANDED_NODES {
            return Err(err(
                line,
                format!(
                    "aliases would expand the document beyond {MAX_EXPANDED_NODES} nodes (alias bomb?)"
                ),
                true,
            ));
        }
        match stack.last_mut() {
            None => docs.push(node),
            Some(Frame::Seq { items, size: s, .. }) => {
                *s = s.saturating_add(size);
                items.push(node);
            }
            Some(Frame::Map {
                entries,
                pending_key,
                size: s,
                ..
            }) => {
                *s = s.saturating_add(size);
                match pending_key.take() {
                    None => *pending_key = Some(node),
                    Some(k) => entries.push((k, node)),
                }
            }
        }
    }
    Ok(docs)
}

/// Parses a single-document file; an empty file gives a null node.
pub fn parse_one(text: &str) -> Result<Rc<Yaml>, YamlError> {
    Ok(parse(text)?.into_iter().next().unwrap_or_else(|| {
        Rc::new(Yaml {
            line: 1,
            kind: Kind::Null,
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_lookups() {
        let y =
            parse_one("on:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu\n")
                .unwrap();
        assert_eq!(y.at("jobs").at("test").line, 6);
        assert_eq!(
            y.at("jobs").at("test").at("runs-on").as_str(),
            Some("ubuntu")
        );
        assert_eq!(y.at("on").at("push").at("branches").strings(), vec!["main"]);
        assert!(y.at("nope").is_null());
    }

    #[test]
    fn merge_keys() {
        let y = parse_one(
            ".base: &base\n  image: node\n  script: [a]\njob:\n  <<: *base\n  script: [b]\n",
        )
        .unwrap();
        let job = y.at("job");
        assert_eq!(job.at("image").as_str(), Some("node"));
        assert_eq!(job.at("script").strings(), vec!["b"]);
        let keys: Vec<&str> = job.entries().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec!["script", "image"]);
    }

    #[test]
    fn alias_bomb_stops_at_budget() {
        let mut s = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            s.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let e = parse(&s).unwrap_err();
        assert!(e.budget, "{e}");
    }

    #[test]
    fn malformed_yaml_is_an_error_not_a_panic() {
        assert!(parse("a: [1, 2\nb: }").is_err());
        assert!(parse(&"[".repeat(10_000)).is_err());
    }

    #[test]
    fn multi_document() {
        let docs = parse("kind: A\n---\nkind: B\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].at("kind").as_str(), Some("B"));
        assert_eq!(docs[1].at("kind").line, 3);
    }
}
