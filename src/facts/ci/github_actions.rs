//! GitHub Actions: `.github/workflows/*.yml` and local actions (`action.yml`).

use crate::evidence::Evidence;
use std::sync::Arc;

use super::{
    entries, environment_name, first_doc, key_line, load, new_job, pipeline_line, push_unique,
    scalar_map, text, uses_step,
};
use crate::facts::model::{CiProvider, Job, Pipeline, Step};
use crate::facts::yaml::{Kind, Yaml};

/// Parses one workflow file.
pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    from_yaml(path, &load(text)?)
}

/// Parses a local action (`action.yml`) as a pipeline triggered by
/// `composite_action`, its `runs.steps` as one job.
pub fn parse_action(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    action_from_yaml(path, &load(text)?)
}

pub fn from_yaml(path: &str, docs: &[Arc<Yaml>]) -> Result<Vec<Pipeline>, String> {
    let Some(doc) = first_doc(docs) else {
        return Ok(Vec::new());
    };
    if !doc.is_map() {
        return Err("workflow is not a mapping".into());
    }
    let mut triggers = Vec::new();
    let mut tag_filters = Vec::new();
    // YAML 1.1 readers turn a bare `on` key into `true`; accept both spellings.
    let on = doc
        .get("on")
        .or_else(|| doc.get("true"))
        .unwrap_or(doc.at("on"));
    match &on.kind {
        Kind::Scalar(_) | Kind::Seq(_) => {
            for t in on.strings() {
                push_unique(&mut triggers, t.trim());
            }
        }
        Kind::Map(_) => {
            for (event, _, cfg) in entries(on) {
                push_unique(&mut triggers, event);
                if event == "push" {
                    let tags = cfg.at("tags");
                    if !tags.is_null() {
                        push_unique(&mut triggers, "tag");
                        for t in tags.strings() {
                            push_unique(&mut tag_filters, t);
                        }
                    }
                }
            }
        }
        Kind::Null => {}
    }
    // A manually dispatched deploy that asks which environment to target
    // (`inputs.environment: {type: choice, options: [staging, production]}`)
    // names its environments there.
    let mut input_environments = Vec::new();
    if let Kind::Map(_) = &on.kind {
        for event in ["workflow_dispatch", "workflow_call"] {
            for (name, _, input) in entries(on.at(event).at("inputs")) {
                let lower = name.to_ascii_lowercase();
                if !matches!(
                    lower.as_str(),
                    "environment"
                        | "env"
                        | "stage"
                        | "target"
                        | "target_environment"
                        | "deploy_environment"
                        | "deployment_environment"
                ) {
                    continue;
                }
                for opt in input.at("options").as_seq().unwrap_or(&[]) {
                    if let Some(o) = opt.as_str() {
                        input_environments.push(Evidence::at(
                            path,
                            opt.line,
                            format!("dispatch input `{name}` offers environment `{o}`"),
                        ));
                    }
                }
            }
        }
    }
    let workflow_dir = text(doc.at("defaults").at("run").at("working-directory"));
    let mut jobs = Vec::new();
    for (id, line, j) in entries(doc.at("jobs")) {
        let mut job = job(id, line, j);
        let job_dir = text(j.at("defaults").at("run").at("working-directory"))
            .or_else(|| workflow_dir.clone());
        for s in &mut job.steps {
            if s.working_directory.is_none() {
                s.working_directory = job_dir.clone();
            }
        }
        jobs.push(job);
    }
    Ok(vec![Pipeline {
        provider: CiProvider::GithubActions,
        file: path.to_string(),
        name: text(doc.at("name")),
        triggers,
        tag_filters,
        input_environments,
        jobs,
        line: pipeline_line(doc),
    }])
}

fn job(id: &str, line: u32, j: &Yaml) -> Job {
    let mut job = new_job(id, line);
    job.name = text(j.at("name"));
    job.environment = environment_name(j.at("environment"));
    let container = j.at("container");
    if let Some(image) = text(container).or_else(|| text(container.at("image"))) {
        push_unique(&mut job.services, image);
    }
    for (name, _, svc) in entries(j.at("services")) {
        let image = text(svc).or_else(|| text(svc.at("image")));
        push_unique(&mut job.services, image.unwrap_or_else(|| name.to_string()));
    }
    // A job that calls a reusable workflow.
    if let Some(uses) = text(j.at("uses")) {
        let mut s = uses_step(
            None,
            uses.trim().to_string(),
            key_line(j, "uses").unwrap_or(line),
        );
        s.with = scalar_map(j.at("with"));
        job.steps.push(s);
    }
    job.steps.extend(steps(j.at("steps")));
    job
}

fn steps(y: &Yaml) -> Vec<Step> {
    let Some(items) = y.as_seq() else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|s| s.is_map())
        .map(|s| Step {
            name: text(s.at("name")),
            run: text(s.at("run")),
            uses: text(s.at("uses")).map(|u| u.trim().to_string()),
            with: scalar_map(s.at("with")),
            working_directory: text(s.at("working-directory")),
            line: s.line,
        })
        .collect()
}

pub fn action_from_yaml(path: &str, docs: &[Arc<Yaml>]) -> Result<Vec<Pipeline>, String> {
    let Some(doc) = first_doc(docs) else {
        return Ok(Vec::new());
    };
    if !doc.is_map() {
        return Err("action metadata is not a mapping".into());
    }
    let runs = doc.at("runs");
    let id = path
        .rsplit('/')
        .nth(1)
        .filter(|_| path.contains('/'))
        .unwrap_or("action");
    let mut job = new_job(id, key_line(doc, "runs").unwrap_or(pipeline_line(doc)));
    job.name = text(doc.at("name"));
    if let Some(image) = text(runs.at("image")) {
        push_unique(&mut job.services, image);
    }
    job.steps = steps(runs.at("steps"));
    Ok(vec![Pipeline {
        provider: CiProvider::GithubActions,
        file: path.to_string(),
        name: text(doc.at("name")),
        triggers: vec!["composite_action".to_string()],
        tag_filters: Vec::new(),
        input_environments: Vec::new(),
        jobs: vec![job],
        line: pipeline_line(doc),
    }])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    const WF: &str = r#"name: CI
on:
  push:
    branches: [main]
    tags: ['v*', "release-*"]
  pull_request:
  workflow_dispatch:
jobs:
  test:
    name: Unit tests
    runs-on: ubuntu-latest
    container: node:20
    services:
      postgres:
        image: postgres:16
      redis: {image: "redis:7"}
    steps:
      - uses: actions/checkout@v4
      - name: Install
        run: npm ci
      - name: Test
        run: |
          npm test
          npm run lint
      - uses: codecov/codecov-action@v4
        with:
          token: ${{ secrets.CODECOV }}
          fail_ci_if_error: true
          flags:
  deploy:
    needs: test
    environment:
      name: production
      url: https://example.com
    steps:
      - run: ./deploy.sh
  reuse:
    uses: ./.github/workflows/release.yml
    with:
      version: 1.2
  other:
    uses: org/repo/.github/workflows/x.yml@main
  staging:
    environment: staging
    runs-on: ubuntu-latest
"#;

    #[test]
    fn workflow() {
        let p = &parse(".github/workflows/ci.yml", WF).unwrap()[0];
        assert_eq!(p.provider, CiProvider::GithubActions);
        assert_eq!(p.name.as_deref(), Some("CI"));
        assert_eq!(
            p.triggers,
            vec!["push", "tag", "pull_request", "workflow_dispatch"]
        );
        assert_eq!(p.tag_filters, vec!["v*", "release-*"]);
        assert_eq!(p.jobs.len(), 5);
        let t = find_job(p, "test");
        assert_eq!(t.line, 9);
        assert_eq!(t.name.as_deref(), Some("Unit tests"));
        assert_eq!(t.services, vec!["node:20", "postgres:16", "redis:7"]);
        assert_eq!(
            uses(t),
            vec!["actions/checkout@v4", "codecov/codecov-action@v4"]
        );
        assert_eq!(runs(t), vec!["npm ci", "npm test\nnpm run lint"]);
        assert_eq!(t.steps[0].line, 18);
        assert_eq!(t.steps[2].line, 21);
        assert_eq!(t.steps[2].name.as_deref(), Some("Test"));
        let w = &t.steps[3].with;
        assert_eq!(w.get("fail_ci_if_error").map(String::as_str), Some("true"));
        assert_eq!(w.get("flags").map(String::as_str), Some(""));
        assert_eq!(
            find_job(p, "deploy").environment.as_deref(),
            Some("production")
        );
        assert_eq!(
            find_job(p, "staging").environment.as_deref(),
            Some("staging")
        );
        let r = find_job(p, "reuse");
        assert_eq!(uses(r), vec!["./.github/workflows/release.yml"]);
        assert_eq!(r.steps[0].line, 38);
        assert_eq!(
            r.steps[0].with.get("version").map(String::as_str),
            Some("1.2")
        );
        assert_eq!(
            uses(find_job(p, "other")),
            vec!["org/repo/.github/workflows/x.yml@main"]
        );
    }

    #[test]
    fn trigger_shapes() {
        let p = &parse("w.yml", "on: push\njobs: {}\n").unwrap()[0];
        assert_eq!(p.triggers, vec!["push"]);
        let p = &parse("w.yml", "on: [push, pull_request_target]\n").unwrap()[0];
        assert_eq!(p.triggers, vec!["push", "pull_request_target"]);
        let p = &parse(
            "w.yml",
            "on:\n  schedule:\n    - cron: '0 0 * * *'\n  release:\n    types: [published]\n  push:\n    tags:\n      - v*\n",
        )
        .unwrap()[0];
        assert_eq!(p.triggers, vec!["schedule", "release", "push", "tag"]);
        assert_eq!(p.tag_filters, vec!["v*"]);
        assert!(p.jobs.is_empty());
    }

    #[test]
    fn crlf_and_empty_and_malformed() {
        let p = &parse(
            "w.yml",
            "on: push\r\njobs:\r\n  a:\r\n    steps:\r\n      - run: |\r\n          one\r\n          two\r\n",
        )
        .unwrap()[0];
        assert_eq!(runs(find_job(p, "a")), vec!["one\ntwo"]);
        assert_eq!(find_job(p, "a").steps[0].line, 5);
        assert!(parse("w.yml", "").unwrap().is_empty());
        assert!(parse("w.yml", "# only a comment\n").unwrap().is_empty());
        assert!(parse("w.yml", "on: [push\n").is_err());
        assert!(parse("w.yml", "- a\n- b\n").is_err());
        // Odd shapes are tolerated, not fatal.
        let p = &parse(
            "w.yml",
            "on: {push: 3}\njobs:\n  a: 1\n  b:\n    steps: x\n    services: [a]\n",
        )
        .unwrap()[0];
        assert_eq!(p.jobs.len(), 2);
        assert!(p.jobs.iter().all(|j| j.steps.is_empty()));
    }

    #[test]
    fn composite_action() {
        let text = "name: Setup\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n      with:\n        node-version: 20\n    - run: pnpm install\n      shell: bash\n";
        let p = &parse_action(".github/actions/setup/action.yml", text).unwrap()[0];
        assert_eq!(p.triggers, vec!["composite_action"]);
        assert_eq!(p.jobs.len(), 1);
        let j = &p.jobs[0];
        assert_eq!(j.id, "setup");
        assert_eq!(j.line, 2);
        assert_eq!(uses(j), vec!["actions/setup-node@v4"]);
        assert_eq!(runs(j), vec!["pnpm install"]);
        assert_eq!(j.steps[1].line, 8);
        let p = &parse_action(
            "action.yml",
            "runs:\n  using: docker\n  image: Dockerfile\n",
        )
        .unwrap()[0];
        assert_eq!(p.jobs[0].id, "action");
        assert_eq!(p.jobs[0].services, vec!["Dockerfile"]);
    }
}
