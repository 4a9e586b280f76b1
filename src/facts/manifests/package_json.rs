//! `package.json`: `dependencies`, `devDependencies`, `peerDependencies`,
//! `optionalDependencies`. Every package.json of a workspace is read on its own.

use super::{LineIndex, json, strip_bom};
use crate::facts::{DepKind, Dependency, Ecosystem};

const SECTIONS: &[(&str, DepKind)] = &[
    ("dependencies", DepKind::Runtime),
    ("devDependencies", DepKind::Dev),
    ("peerDependencies", DepKind::Peer),
    ("optionalDependencies", DepKind::Optional),
];

pub fn parse(path: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let root = json::parse_object(text)?;
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for (section, kind) in SECTIONS {
        let Some(obj) = root.get_object(section) else {
            continue;
        };
        for prop in &obj.properties {
            let name = json::prop_name(prop);
            if name.is_empty() {
                continue;
            }
            out.push(Dependency {
                ecosystem: Ecosystem::Npm,
                name: name.to_string(),
                version: json::as_str(&prop.value).map(str::to_string),
                kind: *kind,
                manifest: path.to_string(),
                line: Some(lines.line(prop.range.start)),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(deps: &[Dependency]) -> Vec<(String, DepKind, Option<u32>)> {
        deps.iter()
            .map(|d| (d.name.clone(), d.kind, d.line))
            .collect()
    }

    #[test]
    fn reads_all_sections_with_lines() {
        let text = r#"{
  "name": "web",
  "dependencies": {
    "@sentry/nextjs": "^8.0.0",
    "next": "14.2.3"
  },
  "devDependencies": { "vitest": "^1.6.0" },
  "peerDependencies": { "react": ">=18" },
  "optionalDependencies": { "fsevents": "*" }
}"#;
        let deps = parse("apps/web/package.json", text).unwrap();
        assert_eq!(
            names(&deps),
            vec![
                ("@sentry/nextjs".into(), DepKind::Runtime, Some(4)),
                ("next".into(), DepKind::Runtime, Some(5)),
                ("vitest".into(), DepKind::Dev, Some(7)),
                ("react".into(), DepKind::Peer, Some(8)),
                ("fsevents".into(), DepKind::Optional, Some(9)),
            ]
        );
        assert_eq!(deps[0].version.as_deref(), Some("^8.0.0"));
        assert_eq!(deps[0].manifest, "apps/web/package.json");
        assert_eq!(deps[0].ecosystem, Ecosystem::Npm);
    }

    #[test]
    fn bom_crlf_and_comments() {
        let text = "\u{feff}{\r\n  // comment\r\n  \"dependencies\": {\r\n    \"a\": \"1\",\r\n  }\r\n}\r\n";
        let deps = parse("package.json", text).unwrap();
        assert_eq!(names(&deps), vec![("a".into(), DepKind::Runtime, Some(4))]);
    }

    #[test]
    fn malformed_and_odd_inputs() {
        assert!(parse("package.json", "").is_err());
        assert!(parse("package.json", "{ \"dependencies\": ").is_err());
        assert!(parse("package.json", "[1, 2]").is_err());
        // A section of the wrong type is ignored, not fatal.
        let deps = parse(
            "package.json",
            r#"{"dependencies": ["a"], "devDependencies": {"b": {"x": 1}}}"#,
        )
        .unwrap();
        assert_eq!(deps.len(), 1);
        assert_eq!(deps[0].version, None);
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(parse("package.json", &deep).is_err());
    }
}
