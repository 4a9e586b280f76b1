//! `Gemfile`: `gem "name", "version"` lines. Gems inside `group :development,
//! :test do … end` blocks, or with `group: :test` / `groups: [...]` options,
//! whose groups are all development groups, are dev dependencies.

use std::sync::LazyLock;

use regex::Regex;

use super::{line_no, strip_bom};
use crate::facts::{DepKind, Dependency, Ecosystem};

static GEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^gem\s*\(?\s*['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]*)['"])?"#).expect("gem regex")
});
static GROUP_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^group\b\s*\(?(.*?)\)?\s*do\b").expect("group regex"));
static GROUP_OPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\bgroups?\s*:|:groups?\s*=>)\s*(\[[^\]]*\]|:\w+|'[^']*'|\x22[^\x22]*\x22)")
        .expect("group option regex")
});
static SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#":(\w+)|['"](\w+)['"]"#).expect("symbol regex"));
static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:if|unless|case|begin|while|until|def|class|module)\b|\bdo\s*(?:\|[^|]*\|)?$")
        .expect("opener regex")
});

/// Nesting limit for `do … end` blocks; deeper files are read flat.
const MAX_DEPTH: usize = 64;

pub fn parse(path: &str, text: &str) -> Vec<Dependency> {
    let text = strip_bom(text);
    let mut out = Vec::new();
    // One entry per open block: whether it is a development-only group.
    let mut stack: Vec<bool> = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if line
            .strip_prefix("end")
            .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        {
            stack.pop();
            continue;
        }
        if let Some(c) = GROUP_BLOCK.captures(line) {
            let dev = all_dev(c.get(1).map_or("", |m| m.as_str()));
            if stack.len() < MAX_DEPTH {
                stack.push(dev);
            }
            continue;
        }
        if let Some(c) = GEM.captures(line) {
            let Some(name) = c.get(1).map(|m| m.as_str().trim()) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            let inline_dev = GROUP_OPT
                .captures(line)
                .and_then(|g| g.get(1))
                .map(|g| all_dev(g.as_str()))
                .unwrap_or(false);
            let dev = inline_dev || stack.iter().any(|d| *d);
            out.push(Dependency {
                ecosystem: Ecosystem::RubyGems,
                name: name.to_string(),
                version: c
                    .get(2)
                    .map(|m| m.as_str().to_string())
                    .filter(|v| !v.is_empty()),
                kind: if dev { DepKind::Dev } else { DepKind::Runtime },
                manifest: path.to_string(),
                line: Some(line_no(idx)),
            });
            if line.ends_with(" do") && stack.len() < MAX_DEPTH {
                stack.push(false);
            }
            continue;
        }
        if OPENER.is_match(line) && stack.len() < MAX_DEPTH {
            stack.push(false);
        }
    }
    out
}

/// True when every group named in `list` (`:development, :test`) is a development group.
fn all_dev(list: &str) -> bool {
    let mut any = false;
    for c in SYMBOL.captures_iter(list) {
        let Some(name) = c.get(1).or_else(|| c.get(2)) else {
            continue;
        };
        any = true;
        if !matches!(
            name.as_str(),
            "development"
                | "test"
                | "dev"
                | "ci"
                | "lint"
                | "linting"
                | "tools"
                | "debug"
                | "doc"
                | "docs"
                | "rubocop"
        ) {
            return false;
        }
    }
    any
}

/// Drops a `#` comment that is not inside a string.
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, ch) in line.char_indices() {
        match (quote, ch) {
            (None, '#') => return line.get(..i).unwrap_or(line),
            (None, '\'' | '"') => quote = Some(ch),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn got(deps: &[Dependency]) -> Vec<(&str, DepKind, Option<u32>)> {
        deps.iter()
            .map(|d| (d.name.as_str(), d.kind, d.line))
            .collect()
    }

    #[test]
    fn groups_blocks_and_options() {
        let text = r#"source "https://rubygems.org"
ruby "3.3.0"

gem "rails", "~> 7.1" # framework
gem 'pg'
gem "sentry-ruby", require: false

group :development, :test do
  gem "rspec-rails"
  if ENV["CI"]
    gem "simplecov"
  end
end

group :production do
  gem "lograge"
end

platforms :jruby do
  gem "jdbc"
end

gem "rubocop", group: :development
gem "bootsnap", groups: [:default, :development]
gem("puma")
"#;
        let deps = parse("Gemfile", text);
        assert_eq!(
            got(&deps),
            vec![
                ("rails", DepKind::Runtime, Some(4)),
                ("pg", DepKind::Runtime, Some(5)),
                ("sentry-ruby", DepKind::Runtime, Some(6)),
                ("rspec-rails", DepKind::Dev, Some(9)),
                ("simplecov", DepKind::Dev, Some(11)),
                ("lograge", DepKind::Runtime, Some(16)),
                ("jdbc", DepKind::Runtime, Some(20)),
                ("rubocop", DepKind::Dev, Some(23)),
                ("bootsnap", DepKind::Runtime, Some(24)),
                ("puma", DepKind::Runtime, Some(25)),
            ]
        );
        assert_eq!(deps[0].version.as_deref(), Some("~> 7.1"));
    }

    #[test]
    fn edge_cases() {
        assert!(parse("Gemfile", "").is_empty());
        let deps = parse(
            "Gemfile",
            "\u{feff}group :test do\r\n  gem 'x'\r\nend\r\ngem 'y'\r\n",
        );
        assert_eq!(
            got(&deps),
            vec![
                ("x", DepKind::Dev, Some(2)),
                ("y", DepKind::Runtime, Some(4))
            ]
        );
        // Unbalanced `end`s and deep nesting do not panic.
        let mut text = "end\nend\n".to_string();
        text.push_str(&"group :test do\n".repeat(200));
        text.push_str("gem 'z'\n");
        assert_eq!(parse("Gemfile", &text)[0].kind, DepKind::Dev);
        assert!(parse("Gemfile", "gem\ngem '").is_empty());
    }
}
