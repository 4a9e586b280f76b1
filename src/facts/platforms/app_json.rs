//! Heroku `app.json` and `heroku.yml`.
//!
//! `app.json` is also Expo's config (an `expo` key) and a name many tools
//! use, so it declares Heroku only when it has Heroku-shaped keys: `addons`,
//! `buildpacks`, `formation`, `stack`, `environments`, or `scripts` with
//! `postdeploy`/`pr-predestroy`. Its `environments` are environments except
//! `test`, which configures Heroku CI rather than a deployed app (kept as a
//! `heroku ci` setting).

use super::tree;
use super::{Builder, Parsed, tree_warning};
use crate::facts::Platform;

const HEROKU_KEYS: &[&str] = &["addons", "buildpacks", "formation", "stack", "environments"];

pub fn parse(path: &str, text: &str) -> Parsed {
    let root = tree::from_json(text).map_err(|e| tree_warning(path, "app.json", e))?;
    if root.get("expo").is_some() || !root.is_map() {
        return Ok(Vec::new());
    }
    let scripts = root.at("scripts");
    let heroku_scripts = ["postdeploy", "pr-predestroy"]
        .iter()
        .any(|k| scripts.get(k).is_some());
    let telling = root
        .entries()
        .iter()
        .find(|e| HEROKU_KEYS.contains(&e.key.as_str()))
        .map(|e| e.line)
        .or_else(|| heroku_scripts.then(|| root.entry("scripts").map_or(1, |e| e.line)));
    let Some(line) = telling else {
        return Ok(Vec::new());
    };
    let mut b = Builder::new(Platform::Heroku, path);
    b.mark(line);

    for env in root.at("environments").entries() {
        if env.key == "test" {
            b.setting(env.line, "heroku ci test environment");
        } else {
            b.env(&env.key, env.line);
        }
    }
    for a in root.at("addons").items() {
        let plan = a.text().or_else(|| a.at("plan").text());
        if let Some(p) = plan {
            b.setting(a.line1(), format!("addon {p}"));
        }
    }
    for bp in root.at("buildpacks").items() {
        if let Some(u) = bp.at("url").text().or_else(|| bp.text()) {
            b.setting(bp.line1(), format!("buildpack {u}"));
        }
    }
    for f in root.at("formation").entries() {
        let qty = f.value.at("quantity").scalar();
        let size = f.value.at("size").text();
        let mut detail = format!("formation {}", f.key);
        if let Some(q) = qty {
            detail.push_str(&format!(" quantity {q}"));
        }
        if let Some(s) = size {
            detail.push_str(&format!(" size {s}"));
        }
        b.setting(f.line, detail);
    }
    if let Some(e) = root.entry("stack")
        && let Some(s) = e.value.text()
    {
        b.setting(e.line, format!("stack {s}"));
    }
    for s in scripts.entries() {
        if let Some(cmd) = s.value.text() {
            b.setting(s.line, format!("script {}: {cmd}", s.key));
        }
    }
    Ok(vec![b.build()])
}

/// `heroku.yml`: container builds (`build.docker`), `run`, `release`, `setup.addons`.
pub fn parse_heroku_yml(path: &str, text: &str) -> Parsed {
    let root = tree::from_yaml(text).map_err(|e| tree_warning(path, "heroku.yml", e))?;
    let mut b = Builder::new(Platform::Heroku, path);
    if let Some(build) = root.entry("build") {
        b.mark(build.line);
        for d in build.value.at("docker").entries() {
            let file = d.value.text().or_else(|| d.value.at("dockerfile").text());
            b.setting(
                d.line,
                format!("docker {} {}", d.key, file.as_deref().unwrap_or("")).trim_end(),
            );
        }
    }
    for r in root.at("run").entries() {
        let cmd = r.value.text().or_else(|| r.value.at("command").text());
        let cmd = cmd.map(|c| c.into_owned()).unwrap_or_else(|| {
            let parts: Vec<String> = r
                .value
                .at("command")
                .strings()
                .into_iter()
                .map(|(_, s)| s.into_owned())
                .collect();
            parts.join(" ")
        });
        b.setting(
            r.line,
            format!("process {}: {cmd}", r.key).trim_end().to_string(),
        );
    }
    if let Some(rel) = root.entry("release") {
        let cmd: Vec<String> = rel
            .value
            .at("command")
            .strings()
            .into_iter()
            .map(|(_, s)| s.into_owned())
            .collect();
        b.setting(
            rel.line,
            format!("process release: {}", cmd.join(" "))
                .trim_end()
                .to_string(),
        );
    }
    for a in root.at("setup").at("addons").items() {
        if let Some(p) = a.at("plan").text().or_else(|| a.text()) {
            b.setting(a.line1(), format!("addon {p}"));
        }
    }
    Ok(vec![b.build()])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{details, one};
    use super::*;
    use crate::evidence::WarningKind;

    #[test]
    fn heroku_app_json() {
        let text = r#"{
  "name": "shop",
  "stack": "heroku-22",
  "addons": ["heroku-postgresql:essential-0", {"plan": "heroku-redis:mini"}],
  "formation": {"web": {"quantity": 2, "size": "standard-1x"}},
  "scripts": {"postdeploy": "bin/rails db:seed"},
  "environments": {
    "review": {"addons": ["heroku-postgresql"]},
    "test": {"scripts": {"test": "bin/rspec"}}
  }
}"#;
        let d = one(parse("app.json", text));
        assert_eq!(d.platform, Platform::Heroku);
        assert_eq!(d.line, 3);
        assert_eq!(d.environments, ["review"]);
        let s = details(&d.settings);
        for want in [
            "heroku ci test environment",
            "addon heroku-postgresql:essential-0",
            "addon heroku-redis:mini",
            "formation web quantity 2 size standard-1x",
            "stack heroku-22",
            "script postdeploy: bin/rails db:seed",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
    }

    #[test]
    fn expo_and_others_are_not_heroku() {
        assert!(
            parse("app.json", r#"{"expo": {"name": "x", "addons": []}}"#)
                .unwrap()
                .is_empty()
        );
        assert!(
            parse("app.json", r#"{"name": "x", "scripts": {"build": "y"}}"#)
                .unwrap()
                .is_empty()
        );
        assert!(parse("app.json", "[1, 2]").unwrap().is_empty());
        assert!(parse("app.json", "").unwrap().is_empty());
        let d = one(parse("app.json", r#"{"scripts": {"postdeploy": "x"}}"#));
        assert_eq!(d.platform, Platform::Heroku);
        assert_eq!(
            parse("app.json", "{").unwrap_err().kind,
            WarningKind::Malformed
        );
    }

    #[test]
    fn heroku_yml() {
        let text = "\
build:
  docker:
    web: Dockerfile
    worker:
      dockerfile: worker/Dockerfile
release:
  command:
    - ./release.sh
run:
  web: bundle exec puma
  worker:
    command:
      - bundle exec sidekiq
";
        let d = one(parse_heroku_yml("heroku.yml", text));
        assert_eq!(d.line, 1);
        let s = details(&d.settings);
        for want in [
            "docker web Dockerfile",
            "docker worker worker/Dockerfile",
            "process release: ./release.sh",
            "process web: bundle exec puma",
            "process worker: bundle exec sidekiq",
        ] {
            assert!(s.contains(&want.to_string()), "{want}: {s:?}");
        }
        assert!(parse_heroku_yml("heroku.yml", "run: [\n").is_err());
    }
}
