//! Drone (`.drone.yml`) and Woodpecker (`.woodpecker.yml`, `.woodpecker/*.yml`).
//!
//! Each document of the stream is a pipeline; each step (a container with
//! commands) becomes a [`Job`] whose commands are its steps, as GitLab jobs
//! do. A plugin step (no commands) becomes one `uses` step naming its image.

use std::sync::Arc;

use super::{
    entries, load, new_job, pipeline_line, push_unique, run_step, scalar_map, string_items, text,
    uses_step,
};
use crate::facts::model::{CiProvider, Job, Pipeline};
use crate::facts::yaml::{Kind, Yaml};

pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    from_yaml(path, &load(text)?, path.contains("woodpecker"))
}

pub fn from_yaml(
    path: &str,
    docs: &[Arc<Yaml>],
    woodpecker: bool,
) -> Result<Vec<Pipeline>, String> {
    let mut out = Vec::new();
    let mut non_map = false;
    for doc in docs {
        if doc.is_null() {
            continue;
        }
        if !doc.is_map() {
            non_map = true;
            continue;
        }
        if let Some(kind) = text(doc.at("kind"))
            && kind.trim() != "pipeline"
        {
            continue; // secrets, signatures, templates
        }
        out.push(pipeline(path, doc, woodpecker));
    }
    if out.is_empty() && non_map {
        return Err("pipeline document is not a mapping".into());
    }
    Ok(out)
}

fn pipeline(path: &str, doc: &Yaml, woodpecker: bool) -> Pipeline {
    let mut triggers = Vec::new();
    let mut tag_filters = Vec::new();
    // Pipeline-level conditions: Drone `trigger:`, Woodpecker `when:`.
    for cond in conditions(doc.at("trigger"))
        .into_iter()
        .chain(conditions(doc.at("when")))
    {
        events(cond, &mut triggers, &mut tag_filters);
    }
    if triggers.is_empty() {
        triggers = vec!["push".to_string(), "pull_request".to_string()];
    }
    let mut services = Vec::new();
    for (name, _, svc) in step_list(doc.at("services")) {
        push_unique(
            &mut services,
            text(svc.at("image"))
                .unwrap_or_else(|| name.to_string())
                .trim(),
        );
    }
    let steps = if doc.get("steps").is_some() {
        doc.at("steps")
    } else {
        doc.at("pipeline")
    };
    let mut jobs: Vec<Job> = Vec::new();
    for (n, (name, line, s)) in step_list(steps).into_iter().enumerate() {
        let id = if name.is_empty() {
            format!("step-{}", n + 1)
        } else {
            name.to_string()
        };
        let mut job = new_job(id, line);
        let image = text(s.at("image")).map(|i| i.trim().to_string());
        let commands = string_items(s.at("commands"));
        if commands.is_empty() {
            if let Some(image) = &image {
                let mut st = uses_step(None, image.clone(), line);
                st.with = scalar_map(s.at("settings"));
                job.steps.push(st);
            }
        } else {
            if let Some(image) = &image {
                push_unique(&mut job.services, image.clone());
            }
            for (cmd, l) in commands {
                if !cmd.trim().is_empty() {
                    job.steps
                        .push(run_step(None, cmd.trim_end().to_string(), l));
                }
            }
        }
        for svc in &services {
            push_unique(&mut job.services, svc.clone());
        }
        for cond in conditions(s.at("when")) {
            let mut step_events = Vec::new();
            events(cond, &mut step_events, &mut tag_filters);
            for e in step_events {
                push_unique(&mut triggers, e);
            }
            let target = cond.get("environment").or_else(|| cond.get("target"));
            if let Some(env) = target.and_then(|t| t.strings().first().map(|s| s.to_string())) {
                job.environment.get_or_insert(env.trim().to_string());
            }
        }
        jobs.push(job);
    }
    Pipeline {
        provider: if woodpecker {
            CiProvider::Woodpecker
        } else {
            CiProvider::Drone
        },
        file: path.to_string(),
        name: text(doc.at("name")),
        triggers,
        tag_filters,
        input_environments: Vec::new(),
        jobs,
        line: pipeline_line(doc),
    }
}

/// Steps as a list of mappings with `name:` or as a mapping name → step.
fn step_list(y: &Yaml) -> Vec<(&str, u32, &Yaml)> {
    match &y.kind {
        Kind::Seq(items) => items
            .iter()
            .filter(|s| s.is_map())
            .map(|s| (s.at("name").as_str().unwrap_or(""), s.line, s.as_ref()))
            .collect(),
        Kind::Map(_) => entries(y)
            .into_iter()
            .filter(|(_, _, s)| s.is_map())
            .collect(),
        _ => Vec::new(),
    }
}

/// `when:` is a mapping or (Woodpecker) a list of mappings.
fn conditions(y: &Yaml) -> Vec<&Yaml> {
    match &y.kind {
        Kind::Map(_) => vec![y],
        Kind::Seq(items) => items
            .iter()
            .map(|i| i.as_ref())
            .filter(|i| i.is_map())
            .collect(),
        _ => Vec::new(),
    }
}

fn events(cond: &Yaml, triggers: &mut Vec<String>, filters: &mut Vec<String>) {
    let ev = cond.at("event");
    // `event: [push]` or `event: {include: [push]}`
    let list = if ev.is_map() { ev.at("include") } else { ev };
    for e in list.strings() {
        let e = match e.trim() {
            "cron" => "schedule",
            "manual" | "custom" => "workflow_dispatch",
            other => other,
        };
        push_unique(triggers, e);
    }
    let r = cond.at("ref");
    let refs = if r.is_map() { r.at("include") } else { r };
    for r in refs.strings() {
        if let Some(tag) = r.trim().strip_prefix("refs/tags/") {
            push_unique(triggers, "tag");
            push_unique(filters, tag);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    const DRONE: &str = r#"kind: pipeline
type: docker
name: default
services:
  - name: db
    image: postgres:16
steps:
  - name: test
    image: node:20
    commands:
      - npm ci
      - npm test
  - name: publish
    image: plugins/docker
    settings:
      repo: org/app
      tags: latest
    when:
      event: [tag]
      ref: [refs/tags/v*]
  - name: deploy
    image: alpine
    commands: [./deploy.sh]
    when:
      event: promote
      target: production
---
kind: secret
name: token
---
kind: pipeline
name: nightly
trigger:
  event:
    include: [cron]
steps:
  - name: audit
    image: node:20
    commands: [npm audit]
"#;

    #[test]
    fn drone() {
        let ps = parse(".drone.yml", DRONE).unwrap();
        assert_eq!(ps.len(), 2);
        let p = &ps[0];
        assert_eq!(p.provider, CiProvider::Drone);
        assert_eq!(p.name.as_deref(), Some("default"));
        assert_eq!(p.triggers, vec!["push", "pull_request", "tag", "promote"]);
        assert_eq!(p.tag_filters, vec!["v*"]);
        let t = find_job(p, "test");
        assert_eq!(t.line, 8);
        assert_eq!(t.services, vec!["node:20", "postgres:16"]);
        assert_eq!(runs(t), vec!["npm ci", "npm test"]);
        assert_eq!(t.steps[1].line, 12);
        let pubj = find_job(p, "publish");
        assert_eq!(uses(pubj), vec!["plugins/docker"]);
        assert_eq!(
            pubj.steps[0].with.get("repo").map(String::as_str),
            Some("org/app")
        );
        assert_eq!(
            find_job(p, "deploy").environment.as_deref(),
            Some("production")
        );
        assert_eq!(ps[1].triggers, vec!["schedule"]);
        assert_eq!(ps[1].line, 31);
    }

    #[test]
    fn woodpecker() {
        let t = "when:\n  - event: [push, pull_request]\n  - event: manual\nsteps:\n  build:\n    image: golang\n    commands:\n      - go test ./...\n  deploy:\n    image: alpine\n    commands: make deploy\n    when:\n      environment: staging\n";
        let p = &parse(".woodpecker/ci.yml", t).unwrap()[0];
        assert_eq!(p.provider, CiProvider::Woodpecker);
        assert_eq!(
            p.triggers,
            vec!["push", "pull_request", "workflow_dispatch"]
        );
        assert_eq!(runs(find_job(p, "build")), vec!["go test ./..."]);
        assert_eq!(
            find_job(p, "deploy").environment.as_deref(),
            Some("staging")
        );
        let old = "pipeline:\n  test:\n    image: node\n    commands: [npm test]\n";
        let p = &parse(".woodpecker.yml", old).unwrap()[0];
        assert_eq!(runs(find_job(p, "test")), vec!["npm test"]);
    }

    #[test]
    fn empty_malformed_crlf() {
        assert!(parse(".drone.yml", "").unwrap().is_empty());
        assert!(parse(".drone.yml", "---\n---\n").unwrap().is_empty());
        assert!(parse(".drone.yml", "steps: [\n").is_err());
        assert!(parse(".drone.yml", "- a\n").is_err());
        let p = &parse(
            ".drone.yml",
            "kind: pipeline\r\nsteps:\r\n- name: a\r\n  commands:\r\n  - make\r\n- 3\r\n- {commands: {x: 1}, when: 5}\r\n",
        )
        .unwrap()[0];
        assert_eq!(runs(find_job(p, "a")), vec!["make"]);
        assert_eq!(find_job(p, "a").steps[0].line, 5);
        assert_eq!(p.jobs.len(), 2);
    }
}
