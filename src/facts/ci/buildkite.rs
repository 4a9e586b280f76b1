//! Buildkite: `.buildkite/pipeline.yml`, `buildkite.yml`.
//!
//! Each command step (it runs on its own agent) becomes a [`Job`]; its
//! commands are the steps, its plugins `uses` steps.

use std::sync::Arc;

use super::{
    NULL_NODE, entries, first_doc, load, new_job, pipeline_line, push_unique, run_step, scalar_map,
    string_items, text, uses_step,
};
use crate::facts::model::{CiProvider, Job, Pipeline};
use crate::facts::yaml::{Kind, Yaml};

const MAX_GROUP_DEPTH: usize = 4;

pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    from_yaml(path, &load(text)?)
}

pub fn from_yaml(path: &str, docs: &[Arc<Yaml>]) -> Result<Vec<Pipeline>, String> {
    let Some(doc) = first_doc(docs) else {
        return Ok(Vec::new());
    };
    // `steps:` in a mapping, or (older files) a bare list of steps.
    let steps = match &doc.kind {
        Kind::Map(_) => doc.at("steps"),
        Kind::Seq(_) => doc,
        _ => return Err("Buildkite pipeline is neither a mapping nor a list".into()),
    };
    let mut triggers = vec!["push".to_string()];
    let mut jobs = Vec::new();
    collect_steps(steps, &mut jobs, &mut triggers, 0);
    Ok(vec![Pipeline {
        provider: CiProvider::Buildkite,
        file: path.to_string(),
        name: None,
        triggers,
        tag_filters: Vec::new(),
        input_environments: Vec::new(),
        jobs,
        line: pipeline_line(doc),
    }])
}

fn collect_steps(y: &Yaml, jobs: &mut Vec<Job>, triggers: &mut Vec<String>, depth: usize) {
    if depth > MAX_GROUP_DEPTH {
        return;
    }
    for s in y.as_seq().unwrap_or_default() {
        if !s.is_map() {
            continue; // "wait", "block"
        }
        if let Some(cond) = s.at("if").as_str()
            && cond.contains("build.tag")
            && !cond.contains("build.tag == null")
        {
            push_unique(triggers, "tag");
        }
        if s.get("group").is_some() && s.get("steps").is_some() {
            collect_steps(s.at("steps"), jobs, triggers, depth + 1);
            continue;
        }
        if ["wait", "block", "input"]
            .iter()
            .any(|k| s.get(k).is_some())
        {
            continue;
        }
        let label = text(s.at("label")).or_else(|| text(s.at("name")));
        let id = text(s.at("key"))
            .or_else(|| text(s.at("id")))
            .or_else(|| label.clone())
            .unwrap_or_else(|| format!("step-{}", jobs.len() + 1));
        let mut job = new_job(id.trim(), s.line);
        job.name = label;
        if let Some(p) = text(s.at("trigger")) {
            job.steps.push(uses_step(
                Some("trigger".into()),
                p.trim().to_string(),
                s.line,
            ));
        }
        let cmd = if s.get("command").is_some() {
            s.at("command")
        } else {
            s.at("commands")
        };
        for (c, line) in string_items(cmd) {
            if !c.trim().is_empty() {
                job.steps
                    .push(run_step(None, c.trim_end().to_string(), line));
            }
        }
        let plugins = s.at("plugins");
        let list: Vec<(&str, u32, &Yaml)> = match &plugins.kind {
            Kind::Seq(items) => items
                .iter()
                .flat_map(|p| match &p.kind {
                    Kind::Scalar(r) => vec![(r.as_str(), p.line, &NULL_NODE)],
                    Kind::Map(_) => entries(p),
                    _ => Vec::new(),
                })
                .collect(),
            Kind::Map(_) => entries(plugins),
            _ => Vec::new(),
        };
        for (r, line, cfg) in list {
            let mut st = uses_step(None, r.trim().to_string(), line);
            st.with = scalar_map(cfg);
            if (r.starts_with("docker#") || r.starts_with("docker-compose#"))
                && let Some(i) = text(cfg.at("image"))
            {
                push_unique(&mut job.services, i.trim());
            }
            job.steps.push(st);
        }
        jobs.push(job);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn buildkite() {
        let t = r#"steps:
  - label: ":test_tube: Test"
    key: test
    command: npm test
    plugins:
      - docker#v5.9.0:
          image: node:20
      - artifacts#v1.9.0: {upload: "coverage/**"}
  - wait
  - group: Lint
    steps:
      - label: lint
        commands:
          - npm ci
          - npm run lint
        plugins:
          - seek-oss/aws-sm#v2.3.1
  - block: Release?
  - label: Deploy
    if: build.tag =~ /^v/
    command: ./deploy.sh
  - trigger: deploy-pipeline
"#;
        let p = &parse(".buildkite/pipeline.yml", t).unwrap()[0];
        assert_eq!(p.provider, CiProvider::Buildkite);
        assert_eq!(p.triggers, vec!["push", "tag"]);
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(ids, vec!["test", "lint", "Deploy", "step-4"]);
        let j = find_job(p, "test");
        assert_eq!(j.name.as_deref(), Some(":test_tube: Test"));
        assert_eq!(runs(j), vec!["npm test"]);
        assert_eq!(uses(j), vec!["docker#v5.9.0", "artifacts#v1.9.0"]);
        assert_eq!(j.services, vec!["node:20"]);
        assert_eq!(j.steps[1].line, 6);
        let l = find_job(p, "lint");
        assert_eq!(runs(l), vec!["npm ci", "npm run lint"]);
        assert_eq!(l.steps[1].line, 15);
        assert_eq!(uses(l), vec!["seek-oss/aws-sm#v2.3.1"]);
        assert_eq!(uses(find_job(p, "step-4")), vec!["deploy-pipeline"]);
    }

    #[test]
    fn empty_malformed_crlf() {
        assert!(parse("buildkite.yml", "").unwrap().is_empty());
        assert!(parse("buildkite.yml", "steps: [\n").is_err());
        assert!(parse("buildkite.yml", "hello\n").is_err());
        let p = &parse(
            "buildkite.yml",
            "- command: make\r\n- 1\r\n- {plugins: 3, command: {a: b}}\r\n",
        )
        .unwrap()[0];
        assert_eq!(runs(&p.jobs[0]), vec!["make"]);
        assert_eq!(p.jobs[0].steps[0].line, 1);
    }
}
