//! CircleCI: `.circleci/config.yml`.

use std::collections::HashSet;
use std::sync::Arc;

use super::{
    entries, first_doc, key_line, load, new_job, pipeline_line, push_unique, run_step, scalar_map,
    text, uses_step,
};
use crate::facts::model::{CiProvider, Job, Pipeline, Step};
use crate::facts::yaml::{Kind, Yaml};

/// Nesting of local `commands:` inside each other that is followed.
const MAX_COMMAND_DEPTH: usize = 6;

/// Keys of a workflow job entry that are not parameters.
const WORKFLOW_KEYS: &[&str] = &[
    "requires",
    "filters",
    "context",
    "name",
    "type",
    "matrix",
    "pre-steps",
    "post-steps",
];

pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    from_yaml(path, &load(text)?)
}

pub fn from_yaml(path: &str, docs: &[Arc<Yaml>]) -> Result<Vec<Pipeline>, String> {
    let Some(doc) = first_doc(docs) else {
        return Ok(Vec::new());
    };
    if !doc.is_map() {
        return Err("CircleCI config is not a mapping".into());
    }
    let cx = Cx {
        commands: doc.at("commands"),
        executors: doc.at("executors"),
    };
    let mut jobs = Vec::new();
    let orbs = entries(doc.at("orbs"));
    if !orbs.is_empty() {
        let mut j = new_job("orbs", key_line(doc, "orbs").unwrap_or(1));
        for (alias, line, v) in orbs {
            // An inline orb (a mapping) has no reference to record.
            let r = text(v).unwrap_or_else(|| format!("inline:{alias}"));
            j.steps.push(uses_step(
                Some(alias.to_string()),
                r.trim().to_string(),
                line,
            ));
        }
        jobs.push(j);
    }
    let local_jobs = doc.at("jobs");
    for (id, line, body) in entries(local_jobs) {
        let mut job = new_job(id, line);
        cx.services(body, &mut job.services);
        let mut stack = HashSet::new();
        cx.steps(body.at("steps"), &mut job.steps, 0, &mut stack);
        jobs.push(job);
    }

    let mut triggers = vec!["push".to_string()];
    let mut tag_filters = Vec::new();
    for (_, _, wf) in entries(doc.at("workflows")) {
        if !wf.is_map() {
            continue;
        }
        for t in wf.at("triggers").as_seq().unwrap_or_default() {
            if t.get("schedule").is_some() {
                push_unique(&mut triggers, "schedule");
            }
        }
        for entry in wf.at("jobs").as_seq().unwrap_or_default() {
            let (name, params, line) = match &entry.kind {
                Kind::Scalar(s) => (s.as_str(), None, entry.line),
                Kind::Map(_) => match entries(entry).into_iter().next() {
                    Some((k, l, v)) => (k, Some(v), l),
                    None => continue,
                },
                _ => continue,
            };
            if let Some(p) = params {
                let only = p.at("filters").at("tags").at("only");
                if !only.is_null() {
                    push_unique(&mut triggers, "tag");
                    for f in only.strings() {
                        push_unique(&mut tag_filters, f.trim());
                    }
                }
            }
            let name = name.trim();
            if local_jobs.get(name).is_some() || !name.contains('/') {
                continue;
            }
            // A job that comes from an orb (`node/test`).
            let id = params
                .and_then(|p| text(p.at("name")))
                .unwrap_or_else(|| name.to_string());
            if jobs.iter().any(|j: &Job| j.id == id) {
                continue;
            }
            let mut job = new_job(id, line);
            let mut s = uses_step(None, name.to_string(), line);
            if let Some(p) = params {
                s.with = scalar_map(p);
                s.with.retain(|k, _| !WORKFLOW_KEYS.contains(&k.as_str()));
            }
            job.steps.push(s);
            jobs.push(job);
        }
    }
    Ok(vec![Pipeline {
        provider: CiProvider::CircleCi,
        file: path.to_string(),
        name: None,
        triggers,
        tag_filters,
        input_environments: Vec::new(),
        jobs,
        line: pipeline_line(doc),
    }])
}

struct Cx<'a> {
    commands: &'a Yaml,
    executors: &'a Yaml,
}

impl Cx<'_> {
    fn services(&self, body: &Yaml, out: &mut Vec<String>) {
        for d in body.at("docker").as_seq().unwrap_or_default() {
            if let Some(i) = text(d.at("image")) {
                push_unique(out, i.trim());
            }
        }
        let machine = body.at("machine");
        if let Some(i) = text(machine.at("image")) {
            push_unique(out, i.trim());
        } else if machine.as_str().is_some() {
            push_unique(out, "machine");
        }
        if body.get("macos").is_some() {
            push_unique(out, "macos");
        }
        let exec = body.at("executor");
        let Some(name) = text(exec).or_else(|| text(exec.at("name"))) else {
            return;
        };
        let name = name.trim();
        match self.executors.get(name) {
            // Executors do not reference executors: one level is enough.
            Some(e) if e.is_map() => {
                for d in e.at("docker").as_seq().unwrap_or_default() {
                    if let Some(i) = text(d.at("image")) {
                        push_unique(out, i.trim());
                    }
                }
                if let Some(i) = text(e.at("machine").at("image")) {
                    push_unique(out, i.trim());
                }
            }
            _ => push_unique(out, name),
        }
    }

    fn steps(&self, y: &Yaml, out: &mut Vec<Step>, depth: usize, stack: &mut HashSet<String>) {
        if depth > MAX_COMMAND_DEPTH {
            return;
        }
        for item in y.as_seq().unwrap_or_default() {
            match &item.kind {
                Kind::Scalar(s) => self.command(s.trim(), None, item.line, out, depth, stack),
                Kind::Map(_) => {
                    let Some((key, line, v)) = entries(item).into_iter().next() else {
                        continue;
                    };
                    match key {
                        "run" => {
                            let cmd = text(v).or_else(|| text(v.at("command")));
                            if let Some(cmd) = cmd {
                                out.push(run_step(text(v.at("name")), cmd, line));
                            }
                        }
                        "when" | "unless" => self.steps(v.at("steps"), out, depth + 1, stack),
                        _ => self.command(key, Some(v), line, out, depth, stack),
                    }
                }
                _ => {}
            }
        }
    }

    /// A built-in step (`checkout`), an orb command (`node/test`) or a local
    /// command, whose own steps follow it.
    fn command(
        &self,
        name: &str,
        params: Option<&Yaml>,
        line: u32,
        out: &mut Vec<Step>,
        depth: usize,
        stack: &mut HashSet<String>,
    ) {
        if name.is_empty() {
            return;
        }
        let mut s = uses_step(None, name.to_string(), line);
        if let Some(p) = params {
            s.with = scalar_map(p);
        }
        out.push(s);
        if let Some(def) = self.commands.get(name)
            && stack.insert(name.to_string())
        {
            self.steps(def.at("steps"), out, depth + 1, stack);
            stack.remove(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    const CFG: &str = r#"version: 2.1
orbs:
  node: circleci/node@5.1
  browser-tools: circleci/browser-tools@1.4
executors:
  app:
    docker:
      - image: cimg/node:20.0
      - image: cimg/postgres:16.0
commands:
  setup:
    steps:
      - checkout
      - run: npm ci
      - loop
  loop:
    steps: [setup]
jobs:
  test:
    executor: app
    steps:
      - setup
      - run: npm test
      - run:
          name: Lint
          command: |
            npm run lint
      - browser-tools/install-chrome
      - node/install-packages:
          pkg-manager: npm
      - when:
          condition: true
          steps:
            - store_test_results: {path: reports}
  deploy:
    docker: [{image: cimg/base:stable}]
    steps: [checkout, {run: ./deploy.sh}]
workflows:
  main:
    jobs:
      - test
      - node/test:
          version: "20"
          requires: [test]
      - deploy:
          filters:
            tags:
              only: /^v.*/
            branches:
              ignore: /.*/
  nightly:
    triggers:
      - schedule:
          cron: "0 0 * * *"
          filters: {branches: {only: main}}
    jobs: [test, {node/run: {name: audit, npm-run: audit}}]
"#;

    #[test]
    fn circleci() {
        let p = &parse(".circleci/config.yml", CFG).unwrap()[0];
        assert_eq!(p.provider, CiProvider::CircleCi);
        assert_eq!(p.triggers, vec!["push", "tag", "schedule"]);
        assert_eq!(p.tag_filters, vec!["/^v.*/"]);
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(ids, vec!["orbs", "test", "deploy", "node/test", "audit"]);
        assert_eq!(
            uses(find_job(p, "orbs")),
            vec!["circleci/node@5.1", "circleci/browser-tools@1.4"]
        );
        let t = find_job(p, "test");
        assert_eq!(t.line, 19);
        assert_eq!(t.services, vec!["cimg/node:20.0", "cimg/postgres:16.0"]);
        assert_eq!(runs(t), vec!["npm ci", "npm test", "npm run lint"]);
        assert_eq!(
            uses(t),
            vec![
                "setup",
                "checkout",
                "loop",
                "setup",
                "browser-tools/install-chrome",
                "node/install-packages",
                "store_test_results"
            ]
        );
        let lint = t
            .steps
            .iter()
            .find(|s| s.name.as_deref() == Some("Lint"))
            .unwrap();
        assert_eq!(lint.line, 24);
        let np = t
            .steps
            .iter()
            .find(|s| s.uses.as_deref() == Some("node/install-packages"))
            .unwrap();
        assert_eq!(np.with.get("pkg-manager").map(String::as_str), Some("npm"));
        assert_eq!(runs(find_job(p, "deploy")), vec!["./deploy.sh"]);
        assert_eq!(find_job(p, "deploy").services, vec!["cimg/base:stable"]);
        let nt = find_job(p, "node/test");
        assert_eq!(uses(nt), vec!["node/test"]);
        assert_eq!(nt.steps[0].with.len(), 1);
        assert_eq!(uses(find_job(p, "audit")), vec!["node/run"]);
    }

    #[test]
    fn empty_malformed_crlf() {
        assert!(parse(".circleci/config.yml", "").unwrap().is_empty());
        assert!(parse(".circleci/config.yml", "jobs: [\n").is_err());
        assert!(parse(".circleci/config.yml", "7\n").is_err());
        let p = &parse(
            ".circleci/config.yml",
            "jobs:\r\n  a:\r\n    executor: {name: node/default}\r\n    steps:\r\n      - run: make\r\n      - {}\r\n      - 3\r\n  b: 1\r\nworkflows:\r\n  version: 2\r\n  w: {jobs: [a, {}, [x]]}\r\n",
        )
        .unwrap()[0];
        let a = find_job(p, "a");
        assert_eq!(runs(a), vec!["make"]);
        assert_eq!(a.steps[0].line, 5);
        assert_eq!(a.services, vec!["node/default"]);
    }
}
