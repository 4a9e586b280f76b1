//! `composer.json`: `require` (runtime) and `require-dev` (dev). Platform
//! requirements (`php`, `ext-*`, `lib-*`, `composer-*`) are not packages.

use super::{LineIndex, json, strip_bom};
use crate::facts::{DepKind, Dependency, Ecosystem};

pub fn parse(path: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let root = json::parse_object(text)?;
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for (section, kind) in [("require", DepKind::Runtime), ("require-dev", DepKind::Dev)] {
        let Some(obj) = root.get_object(section) else {
            continue;
        };
        for prop in &obj.properties {
            let name = json::prop_name(prop);
            if is_platform(name) {
                continue;
            }
            out.push(Dependency {
                ecosystem: Ecosystem::Composer,
                name: name.to_string(),
                version: json::as_str(&prop.value).map(str::to_string),
                kind,
                manifest: path.to_string(),
                line: Some(lines.line(prop.range.start)),
            });
        }
    }
    Ok(out)
}

fn is_platform(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.is_empty()
        || lower == "php"
        || lower == "php-64bit"
        || lower == "hhvm"
        || lower.starts_with("ext-")
        || lower.starts_with("lib-")
        || lower == "composer"
        || lower.starts_with("composer-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn require_and_require_dev() {
        let text = r#"{
    "require": {
        "php": "^8.2",
        "ext-json": "*",
        "laravel/framework": "^11.0",
        "sentry/sentry-laravel": "^4.0"
    },
    "require-dev": {
        "phpunit/phpunit": "^11.0"
    }
}"#;
        let deps = parse("composer.json", text).unwrap();
        let got: Vec<_> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("laravel/framework", DepKind::Runtime, Some(5)),
                ("sentry/sentry-laravel", DepKind::Runtime, Some(6)),
                ("phpunit/phpunit", DepKind::Dev, Some(9)),
            ]
        );
        assert_eq!(deps[0].ecosystem, Ecosystem::Composer);
    }

    #[test]
    fn malformed() {
        assert!(parse("composer.json", "{\"require\": {").is_err());
        assert!(parse("composer.json", "\u{feff}").is_err());
        assert!(parse("composer.json", "{}").unwrap().is_empty());
    }
}
