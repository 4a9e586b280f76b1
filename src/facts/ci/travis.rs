//! Travis CI: `.travis.yml`.

use std::sync::Arc;

use super::{
    entries, first_doc, load, new_job, pipeline_line, push_unique, run_step, scalar_map,
    string_items, text, uses_step,
};
use crate::facts::model::{CiProvider, Pipeline, Step};
use crate::facts::yaml::{Kind, Yaml};

/// Build phases in the order Travis runs them.
const PHASES: &[&str] = &[
    "before_install",
    "install",
    "before_script",
    "script",
    "after_success",
    "after_failure",
    "after_script",
    "before_deploy",
    "deploy",
    "after_deploy",
];

pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    from_yaml(path, &load(text)?)
}

pub fn from_yaml(path: &str, docs: &[Arc<Yaml>]) -> Result<Vec<Pipeline>, String> {
    let Some(doc) = first_doc(docs) else {
        return Ok(Vec::new());
    };
    if !doc.is_map() {
        return Err(".travis.yml is not a mapping".into());
    }
    let mut triggers = vec!["push".to_string(), "pull_request".to_string()];
    let mut services = Vec::new();
    for (s, _) in string_items(doc.at("services")) {
        push_unique(&mut services, s.trim());
    }
    let include = doc
        .get("jobs")
        .or_else(|| doc.get("matrix"))
        .map(|j| j.at("include"))
        .and_then(|i| i.as_seq())
        .unwrap_or_default();
    let mut jobs = Vec::new();
    if include.is_empty() {
        let mut job = new_job("default", pipeline_line(doc));
        job.steps = phases(doc, None, &mut triggers);
        job.services = services.clone();
        jobs.push(job);
    }
    for (n, item) in include.iter().enumerate() {
        if !item.is_map() {
            continue;
        }
        let name = text(item.at("name"));
        let stage = text(item.at("stage"));
        let id = name
            .clone()
            .or_else(|| stage.clone())
            .unwrap_or_else(|| format!("include-{}", n + 1));
        let mut job = new_job(id, item.line);
        job.name = name;
        job.steps = phases(doc, Some(item), &mut triggers);
        job.services = services.clone();
        for (s, _) in string_items(item.at("services")) {
            push_unique(&mut job.services, s.trim());
        }
        jobs.push(job);
    }
    Ok(vec![Pipeline {
        provider: CiProvider::Travis,
        file: path.to_string(),
        name: None,
        triggers,
        tag_filters: Vec::new(),
        input_environments: Vec::new(),
        jobs,
        line: pipeline_line(doc),
    }])
}

/// Steps of every phase; an `include` item's own phases win over the globals.
fn phases(doc: &Yaml, item: Option<&Yaml>, triggers: &mut Vec<String>) -> Vec<Step> {
    let mut steps = Vec::new();
    for phase in PHASES {
        let value = item.and_then(|i| i.get(phase)).or_else(|| doc.get(phase));
        let Some(value) = value else { continue };
        if *phase == "deploy" {
            steps.extend(deploys(value, triggers));
            continue;
        }
        for (cmd, line) in string_items(value) {
            if !cmd.trim().is_empty() {
                steps.push(run_step(
                    Some(phase.to_string()),
                    cmd.trim_end().to_string(),
                    line,
                ));
            }
        }
    }
    steps
}

fn deploys(value: &Yaml, triggers: &mut Vec<String>) -> Vec<Step> {
    let items: Vec<&Yaml> = match &value.kind {
        Kind::Seq(items) => items.iter().map(|i| i.as_ref()).collect(),
        Kind::Map(_) => vec![value],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for d in items {
        let Some(provider) = text(d.at("provider")) else {
            continue;
        };
        let mut s = uses_step(
            Some("deploy".into()),
            format!("deploy:{}", provider.trim()),
            d.line,
        );
        s.with = scalar_map(d);
        s.with.remove("provider");
        for (k, _, v) in entries(d.at("on")) {
            if k == "tags" && v.as_str() == Some("true") {
                push_unique(triggers, "tag");
            }
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn travis() {
        let t = "language: node_js\nservices:\n  - postgresql\ninstall: npm ci\nscript:\n  - npm test\n  - npm run lint\nafter_success: npx codecov\ndeploy:\n  provider: heroku\n  api_key: $KEY\n  on:\n    tags: true\n";
        let p = &parse(".travis.yml", t).unwrap()[0];
        assert_eq!(p.provider, CiProvider::Travis);
        assert_eq!(p.triggers, vec!["push", "pull_request", "tag"]);
        let j = find_job(p, "default");
        assert_eq!(
            runs(j),
            vec!["npm ci", "npm test", "npm run lint", "npx codecov"]
        );
        assert_eq!(j.steps[1].line, 6);
        assert_eq!(uses(j), vec!["deploy:heroku"]);
        assert_eq!(
            j.steps[4].with.get("api_key").map(String::as_str),
            Some("$KEY")
        );
        assert_eq!(j.services, vec!["postgresql"]);
    }

    #[test]
    fn include_stages() {
        let t = "script: make test\njobs:\n  include:\n    - stage: test\n    - stage: deploy\n      name: pages\n      script: skip\n      deploy:\n        - provider: pages\n        - {provider: npm}\n    - 3\n";
        let p = &parse(".travis.yml", t).unwrap()[0];
        assert_eq!(p.jobs.len(), 2);
        assert_eq!(runs(find_job(p, "test")), vec!["make test"]);
        let d = find_job(p, "pages");
        assert_eq!(runs(d), vec!["skip"]);
        assert_eq!(uses(d), vec!["deploy:pages", "deploy:npm"]);
        assert_eq!(p.triggers, vec!["push", "pull_request"]);
    }

    #[test]
    fn empty_malformed_crlf() {
        assert!(parse(".travis.yml", "").unwrap().is_empty());
        assert!(parse(".travis.yml", "script: [a\n").is_err());
        assert!(parse(".travis.yml", "just text").is_err());
        let p = &parse(
            ".travis.yml",
            "script:\r\n  - make\r\ndeploy: 5\r\njobs: {include: x}\r\n",
        )
        .unwrap()[0];
        assert_eq!(runs(find_job(p, "default")), vec!["make"]);
        assert_eq!(find_job(p, "default").steps[0].line, 2);
    }
}
