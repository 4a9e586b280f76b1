//! Bitbucket Pipelines: `bitbucket-pipelines.yml`.

use std::sync::Arc;

use super::{
    entries, first_doc, load, new_job, pipeline_line, push_unique, run_step, scalar_map, text,
    uses_step,
};
use crate::facts::model::{CiProvider, Job, Pipeline};
use crate::facts::yaml::{Kind, Yaml};

/// How deep `parallel`/`stage` may nest.
const MAX_NESTING: usize = 6;

pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    from_yaml(path, &load(text)?)
}

pub fn from_yaml(path: &str, docs: &[Arc<Yaml>]) -> Result<Vec<Pipeline>, String> {
    let Some(doc) = first_doc(docs) else {
        return Ok(Vec::new());
    };
    if !doc.is_map() {
        return Err("bitbucket-pipelines.yml is not a mapping".into());
    }
    let cx = Cx {
        image: image_name(doc.at("image")),
        services: doc.at("definitions").at("services"),
    };
    let mut triggers = Vec::new();
    let mut tag_filters = Vec::new();
    let mut jobs = Vec::new();
    for (section, _, value) in entries(doc.at("pipelines")) {
        let trigger = match section {
            "default" | "branches" => "push",
            "pull-requests" => "pull_request",
            "tags" => "tag",
            "custom" => "workflow_dispatch",
            _ => continue,
        };
        if section == "default" {
            let before = jobs.len();
            cx.items(value, "default", &mut jobs, 0);
            if jobs.len() > before {
                push_unique(&mut triggers, trigger);
            }
            continue;
        }
        for (pattern, _, list) in entries(value) {
            let before = jobs.len();
            cx.items(list, &format!("{section}/{pattern}"), &mut jobs, 0);
            if jobs.len() > before {
                push_unique(&mut triggers, trigger);
                if section == "tags" {
                    push_unique(&mut tag_filters, pattern);
                }
            }
        }
    }
    Ok(vec![Pipeline {
        provider: CiProvider::Bitbucket,
        file: path.to_string(),
        name: None,
        triggers,
        tag_filters,
        input_environments: Vec::new(),
        jobs,
        line: pipeline_line(doc),
    }])
}

fn image_name(y: &Yaml) -> Option<String> {
    text(y)
        .or_else(|| text(y.at("name")))
        .map(|s| s.trim().to_string())
}

struct Cx<'a> {
    image: Option<String>,
    services: &'a Yaml,
}

impl Cx<'_> {
    /// A list of `- step:`, `- parallel:`, `- stage:` items.
    fn items(&self, list: &Yaml, group: &str, jobs: &mut Vec<Job>, depth: usize) {
        if depth > MAX_NESTING {
            return;
        }
        for item in list.as_seq().unwrap_or_default() {
            if let Some(step) = item.get("step") {
                self.step(step, item.line, group, jobs, None);
            } else if let Some(par) = item.get("parallel") {
                // `parallel: [...]` or `parallel: {fail-fast: …, steps: [...]}`
                let list = if par.is_map() { par.at("steps") } else { par };
                self.items(list, group, jobs, depth + 1);
            } else if let Some(stage) = item.get("stage") {
                let deployment = text(stage.at("deployment"));
                for s in stage.at("steps").as_seq().unwrap_or_default() {
                    if let Some(step) = s.get("step") {
                        self.step(step, s.line, group, jobs, deployment.clone());
                    }
                }
            }
        }
    }

    fn step(
        &self,
        step: &Yaml,
        line: u32,
        group: &str,
        jobs: &mut Vec<Job>,
        stage_env: Option<String>,
    ) {
        let n = jobs
            .iter()
            .filter(|j| j.id.rsplit_once('/').is_some_and(|(g, _)| g == group))
            .count()
            + 1;
        let mut job = new_job(format!("{group}/{n}"), line);
        job.name = text(step.at("name"));
        job.environment = text(step.at("deployment"))
            .map(|s| s.trim().to_string())
            .or(stage_env);
        if let Some(i) = image_name(step.at("image")).or_else(|| self.image.clone()) {
            push_unique(&mut job.services, i);
        }
        for (s, _) in super::string_items(step.at("services")) {
            let s = s.trim();
            let image = image_name(self.services.at(s).at("image"));
            push_unique(&mut job.services, image.unwrap_or_else(|| s.to_string()));
        }
        for key in ["script", "after-script"] {
            for item in step.at(key).as_seq().unwrap_or_default() {
                match &item.kind {
                    Kind::Scalar(cmd) if !cmd.trim().is_empty() => {
                        job.steps.push(run_step(
                            Some(key.to_string()),
                            cmd.trim_end().to_string(),
                            item.line,
                        ));
                    }
                    Kind::Map(_) => {
                        if let Some(pipe) = text(item.at("pipe")) {
                            let mut s = uses_step(None, pipe.trim().to_string(), item.line);
                            s.with = scalar_map(item.at("variables"));
                            job.steps.push(s);
                        }
                    }
                    _ => {}
                }
            }
        }
        jobs.push(job);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    const BB: &str = r#"image: node:20
definitions:
  services:
    postgres:
      image: postgres:16
  steps:
    - step: &build
        name: Build
        caches: [node]
        script:
          - npm ci
          - npm run build
pipelines:
  default:
    - step: *build
    - parallel:
        - step:
            name: Lint
            script: [npm run lint]
        - step:
            name: Test
            services: [postgres, docker]
            script:
              - npm test
  branches:
    main:
      - step:
          name: Deploy
          deployment: production
          image: {name: atlassian/default-image:4}
          script:
            - pipe: atlassian/aws-s3-deploy:1.1.0
              variables:
                S3_BUCKET: my-bucket
            - echo done
  pull-requests:
    '**':
      - parallel:
          fail-fast: true
          steps:
            - step: *build
  tags:
    'v*':
      - stage:
          name: Release
          deployment: staging
          steps:
            - step: {script: [make release]}
  custom:
    manual:
      - variables: [{name: X}]
      - step: {script: [make x]}
"#;

    #[test]
    fn bitbucket() {
        let p = &parse("bitbucket-pipelines.yml", BB).unwrap()[0];
        assert_eq!(p.provider, CiProvider::Bitbucket);
        assert_eq!(
            p.triggers,
            vec!["push", "pull_request", "tag", "workflow_dispatch"]
        );
        assert_eq!(p.tag_filters, vec!["v*"]);
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "default/1",
                "default/2",
                "default/3",
                "branches/main/1",
                "pull-requests/**/1",
                "tags/v*/1",
                "custom/manual/1"
            ]
        );
        let b = find_job(p, "default/1");
        assert_eq!(b.name.as_deref(), Some("Build"));
        assert_eq!(runs(b), vec!["npm ci", "npm run build"]);
        assert_eq!(b.steps[0].line, 11);
        assert_eq!(b.line, 15);
        let t = find_job(p, "default/3");
        assert_eq!(t.services, vec!["node:20", "postgres:16", "docker"]);
        let d = find_job(p, "branches/main/1");
        assert_eq!(d.environment.as_deref(), Some("production"));
        assert_eq!(d.services, vec!["atlassian/default-image:4"]);
        assert_eq!(uses(d), vec!["atlassian/aws-s3-deploy:1.1.0"]);
        assert_eq!(
            d.steps[0].with.get("S3_BUCKET").map(String::as_str),
            Some("my-bucket")
        );
        assert_eq!(runs(d), vec!["echo done"]);
        assert_eq!(
            find_job(p, "tags/v*/1").environment.as_deref(),
            Some("staging")
        );
    }

    #[test]
    fn empty_malformed_crlf() {
        assert!(parse("bitbucket-pipelines.yml", "").unwrap().is_empty());
        assert!(parse("bitbucket-pipelines.yml", "pipelines: {\n").is_err());
        assert!(parse("bitbucket-pipelines.yml", "[1]\n").is_err());
        let p = &parse(
            "bitbucket-pipelines.yml",
            "pipelines:\r\n  default:\r\n    - step:\r\n        script:\r\n          - make test\r\n          - 5\r\n    - parallel: 3\r\n  branches: x\r\n  bogus: [1]\r\n",
        )
        .unwrap()[0];
        assert_eq!(p.triggers, vec!["push"]);
        let j = find_job(p, "default/1");
        assert_eq!(runs(j), vec!["make test", "5"]);
        assert_eq!(j.steps[0].line, 5);
    }
}
