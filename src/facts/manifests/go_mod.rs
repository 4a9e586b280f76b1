//! `go.mod`: `require` directives, single-line and in blocks. Indirect
//! requirements are kept (they are linked into the binary).

use super::{line_no, strip_bom};
use crate::facts::{DepKind, Dependency, Ecosystem};

pub fn parse(path: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let mut out = Vec::new();
    let mut in_require = false;
    let mut other_block = false;
    for (idx, raw) in text.lines().enumerate() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if in_require || other_block {
            if line == ")" {
                in_require = false;
                other_block = false;
            } else if in_require {
                push(path, line, idx, &mut out);
            }
            continue;
        }
        let (verb, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        match verb {
            "require" if rest == "(" => in_require = true,
            "require" => push(path, rest, idx, &mut out),
            _ if rest.ends_with('(') => other_block = true,
            _ => {}
        }
    }
    if in_require || other_block {
        return Err("unclosed block at end of file".to_string());
    }
    Ok(out)
}

fn strip_comment(line: &str) -> &str {
    match line.find("//") {
        Some(i) => line.get(..i).unwrap_or(line),
        None => line,
    }
}

fn push(path: &str, spec: &str, idx: usize, out: &mut Vec<Dependency>) {
    let mut parts = spec.split_whitespace();
    let Some(name) = parts.next() else { return };
    let name = name.trim_matches('"');
    if name.is_empty() {
        return;
    }
    out.push(Dependency {
        ecosystem: Ecosystem::Go,
        name: name.to_string(),
        version: parts.next().map(str::to_string),
        kind: DepKind::Runtime,
        manifest: path.to_string(),
        line: Some(line_no(idx)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_block_requires() {
        let text = "module example.com/app\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgolang.org/x/sys v0.20.0 // indirect\n)\n\nreplace (\n\tfoo => ../foo\n)\n";
        let deps = parse("go.mod", text).unwrap();
        let got: Vec<_> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_deref(), d.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("github.com/pkg/errors", Some("v0.9.1"), Some(5)),
                ("github.com/gin-gonic/gin", Some("v1.10.0"), Some(8)),
                ("golang.org/x/sys", Some("v0.20.0"), Some(9)),
            ]
        );
    }

    #[test]
    fn crlf_bom_and_malformed() {
        let deps = parse("go.mod", "\u{feff}module x\r\nrequire a.b/c v1.0.0\r\n").unwrap();
        assert_eq!(deps.len(), 1);
        assert_eq!(deps[0].version.as_deref(), Some("v1.0.0"));
        assert!(parse("go.mod", "require (\n a v1\n").is_err());
        assert!(parse("go.mod", "").unwrap().is_empty());
        assert!(parse("go.mod", "require\n").unwrap().is_empty());
    }
}
