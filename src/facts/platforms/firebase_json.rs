//! `firebase.json` and `.firebaserc`.
//!
//! `firebase.json`: hosting sites (with their `header <Name>` settings),
//! functions codebases, Firestore/Storage/Realtime Database rules, emulators.
//! `.firebaserc`: project aliases (`projects.default`, `projects.staging`)
//! are the environments, the Firebase convention for several deploy targets.

use super::tree;
use super::{Builder, Parsed, base_name, header_settings, tree_warning};
use crate::facts::Platform;

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_json(text).map_err(|e| tree_warning(path, "firebase config", e))?;
    let mut b = Builder::new(Platform::Firebase, path);
    if base_name(path) == ".firebaserc" {
        for p in root.at("projects").entries() {
            b.env(&p.key, p.line);
        }
        return Ok(vec![b.build()]);
    }

    if let Some(h) = root.entry("hosting") {
        b.mark(h.line);
        for site in h.value.one_or_many() {
            let name = site
                .at("site")
                .text()
                .or_else(|| site.at("target").text())
                .or_else(|| site.at("public").text());
            b.setting(
                site.line1(),
                format!("hosting {}", name.as_deref().unwrap_or("")).trim_end(),
            );
            for rule in site.at("headers").items() {
                header_settings(&mut b, rule.at("headers"));
            }
            if let Some(fw) = site.entry("frameworksBackend")
                && let Some(r) = fw.value.at("region").text()
            {
                b.setting(fw.line, format!("frameworksBackend region {r}"));
            }
        }
    }
    if let Some(f) = root.entry("functions") {
        b.mark(f.line);
        for cb in f.value.one_or_many() {
            let name = cb.at("codebase").text().or_else(|| cb.at("source").text());
            let runtime = cb
                .at("runtime")
                .text()
                .map(|r| format!(" runtime {r}"))
                .unwrap_or_default();
            b.setting(
                cb.line1(),
                format!("functions {}{runtime}", name.as_deref().unwrap_or("")).replace("  ", " "),
            );
        }
    }
    for key in ["firestore", "storage", "database"] {
        if let Some(e) = root.entry(key) {
            b.mark(e.line);
            for item in e.value.one_or_many() {
                match item.at("rules").text() {
                    Some(r) => b.setting(item.line1(), format!("{key} rules {r}")),
                    None => b.setting(item.line1(), key.to_string()),
                }
            }
        }
    }
    if let Some(e) = root.entry("emulators") {
        let names: Vec<&str> = e
            .value
            .entries()
            .iter()
            .filter(|x| x.value.is_map())
            .map(|x| x.key.as_str())
            .collect();
        b.setting(e.line, format!("emulators {}", names.join(", ")).trim_end());
    }
    Ok(vec![b.build()])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, one};
    use super::*;

    #[test]
    fn hosting_functions_rules() {
        let text = r#"{
  "hosting": {
    "public": "dist",
    "headers": [{"source": "**", "headers": [{"key": "X-Content-Type-Options", "value": "nosniff"}]}]
  },
  "functions": [{"source": "functions", "codebase": "default", "runtime": "nodejs20"}],
  "firestore": {"rules": "firestore.rules", "indexes": "firestore.indexes.json"},
  "storage": {"rules": "storage.rules"},
  "emulators": {"auth": {"port": 9099}, "ui": {"enabled": true}, "singleProjectMode": true}
}"#;
        let d = one(parse("firebase.json", text));
        assert_eq!(d.platform, Platform::Firebase);
        assert_eq!(d.line, 2);
        let s = details(&d.settings);
        for want in [
            "hosting dist",
            "header X-Content-Type-Options",
            "functions default runtime nodejs20",
            "firestore rules firestore.rules",
            "storage rules storage.rules",
            "emulators auth, ui",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn firebaserc_aliases() {
        let d = one(parse(
            ".firebaserc",
            "{\n  \"projects\": {\n    \"default\": \"shop-prod\",\n    \"staging\": \"shop-staging\"\n  }\n}",
        ));
        assert_eq!(d.environments, ["default", "staging"]);
        assert_eq!(d.environment_evidence[1].line, Some(4));
    }

    #[test]
    fn odd_shapes() {
        let d = one(parse(
            "firebase.json",
            "{\"hosting\": [1, {\"site\": 2}], \"functions\": \"x\"}",
        ));
        assert_eq!(d.platform, Platform::Firebase);
        assert!(parse("firebase.json", "{\"hosting\": ").is_err());
    }
}
