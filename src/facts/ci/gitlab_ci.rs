//! GitLab CI: `.gitlab-ci.yml`, the local files it includes, `.gitlab/ci/*.yml`.
//!
//! The files of one project are read as a set: `extends:` and `!reference`
//! resolve across it (depth-limited, cycle-safe), `default:` applies to every
//! job. Each file still gives its own [`Pipeline`], so every line points into
//! that file; a step inherited from a template in another file gets the line
//! of the job's `extends:` (the reason the job runs it).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{
    entries, environment_name, first_doc, key_line, load, new_job, pipeline_line, push_unique,
    run_step, text, uses_step,
};
use crate::facts::model::{CiProvider, Job, Pipeline, Step};
use crate::facts::yaml::{Kind, Yaml};

/// Top-level keys that are not jobs.
const RESERVED: &[&str] = &[
    "stages",
    "variables",
    "default",
    "include",
    "workflow",
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "types",
    "spec",
];

/// GitLab's own limit on `extends` nesting.
const MAX_EXTENDS_DEPTH: usize = 11;
const MAX_REFERENCE_DEPTH: usize = 8;

/// Parses one file on its own (no includes followed).
pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    let docs = load(text)?;
    from_file_set(&[(path.to_string(), docs)])
        .into_iter()
        .next()
        .map(|(_, r)| r)
        .unwrap_or_else(|| Ok(Vec::new()))
}

/// `include:` entries that name files of this repository (`include: 'x.yml'`,
/// `include: [{local: x.yml}]`, `include: {local: …}`); may hold globs.
pub fn local_includes(doc: &Yaml) -> Vec<String> {
    let inc = doc.at("include");
    let items: Vec<&Yaml> = match &inc.kind {
        Kind::Seq(items) => items.iter().map(|i| i.as_ref()).collect(),
        Kind::Null => Vec::new(),
        _ => vec![inc],
    };
    let mut out = Vec::new();
    for item in items {
        if let Some(s) = text(item) {
            if !is_url(&s) {
                out.push(s.trim().to_string());
            }
        } else if let Some(s) = text(item.at("local")) {
            out.push(s.trim().to_string());
        }
    }
    out
}

fn is_url(s: &str) -> bool {
    let s = s.trim_start();
    s.starts_with("http://") || s.starts_with("https://")
}

/// Remote includes (projects, templates, components, URLs) as `uses` steps.
fn remote_includes(doc: &Yaml) -> Vec<Step> {
    let inc = doc.at("include");
    let items: Vec<&Yaml> = match &inc.kind {
        Kind::Seq(items) => items.iter().map(|i| i.as_ref()).collect(),
        Kind::Null => Vec::new(),
        _ => vec![inc],
    };
    let mut out = Vec::new();
    for item in items {
        if let Some(s) = text(item) {
            if is_url(&s) {
                out.push(uses_step(None, s.trim().to_string(), item.line));
            }
            continue;
        }
        if let Some(url) = text(item.at("remote")) {
            out.push(uses_step(None, url.trim().to_string(), item.line));
        } else if let Some(t) = text(item.at("template")) {
            out.push(uses_step(None, format!("template:{}", t.trim()), item.line));
        } else if let Some(c) = text(item.at("component")) {
            out.push(uses_step(None, c.trim().to_string(), item.line));
        } else if let Some(project) = text(item.at("project")) {
            let r = text(item.at("ref"))
                .map(|r| format!("@{}", r.trim()))
                .unwrap_or_default();
            let files = item.at("file").strings();
            if files.is_empty() {
                out.push(uses_step(None, format!("{}{r}", project.trim()), item.line));
            }
            for f in files {
                out.push(uses_step(
                    None,
                    format!("{}/{}{r}", project.trim(), f.trim().trim_start_matches('/')),
                    item.line,
                ));
            }
        }
    }
    out
}

struct Set<'a> {
    /// Job and template definitions by name: (file index, body).
    defs: HashMap<&'a str, (usize, &'a Yaml)>,
    /// `default:` (or the old top-level keywords): (file index, mapping to look in).
    defaults: Vec<(usize, &'a Yaml)>,
}

impl<'a> Set<'a> {
    /// `key` of definition `name`, looked up through `extends` (last parent
    /// wins, as GitLab merges them in order). Returns the file it came from.
    fn resolve(&self, name: &str, key: &str) -> Option<(usize, &'a Yaml)> {
        let mut visited = HashSet::new();
        self.resolve_inner(name, key, 0, &mut visited)
    }

    fn resolve_inner(
        &self,
        name: &str,
        key: &str,
        depth: usize,
        visited: &mut HashSet<String>,
    ) -> Option<(usize, &'a Yaml)> {
        if depth > MAX_EXTENDS_DEPTH || !visited.insert(name.to_string()) {
            return None;
        }
        let &(file, body) = self.defs.get(name)?;
        if let Some(v) = body.get(key) {
            return Some((file, v));
        }
        let parents = body.at("extends").strings();
        for parent in parents.iter().rev() {
            if let Some(found) = self.resolve_inner(parent.trim(), key, depth + 1, visited) {
                return Some(found);
            }
        }
        None
    }

    fn default(&self, key: &str) -> Option<(usize, &'a Yaml)> {
        self.defaults
            .iter()
            .find_map(|&(f, d)| d.get(key).map(|v| (f, v)))
    }

    fn resolve_or_default(&self, name: &str, key: &str) -> Option<(usize, &'a Yaml)> {
        self.resolve(name, key).or_else(|| self.default(key))
    }

    /// Script items, flattened; `!reference [.job, script]` (read as a plain
    /// sequence: the tag is not kept) resolved through the set.
    fn script_items(
        &self,
        y: &'a Yaml,
        file: usize,
        out: &mut Vec<(String, u32, usize)>,
        depth: usize,
    ) {
        if depth > MAX_REFERENCE_DEPTH {
            return;
        }
        match &y.kind {
            Kind::Scalar(s) if !s.trim().is_empty() => {
                out.push((s.trim_end().to_string(), y.line, file));
            }
            Kind::Seq(items) => {
                if let Some((name, key)) = self.as_reference(items) {
                    if let Some((f, v)) = self.resolve(name, key) {
                        self.script_items(v, f, out, depth + 1);
                    }
                    return;
                }
                for i in items {
                    self.script_items(i, file, out, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn as_reference<'b>(&self, items: &'b [Arc<Yaml>]) -> Option<(&'b str, &'b str)> {
        if items.len() != 2 {
            return None;
        }
        let name = items[0].as_str()?;
        let key = items[1].as_str()?;
        (self.defs.contains_key(name) && matches!(key, "script" | "before_script" | "after_script"))
            .then_some((name, key))
    }
}

/// Parses the files of one project together; one result per file, in order.
pub fn from_file_set(
    files: &[(String, Vec<Arc<Yaml>>)],
) -> Vec<(String, Result<Vec<Pipeline>, String>)> {
    let docs: Vec<Option<&Yaml>> = files.iter().map(|(_, d)| first_doc(d)).collect();
    let mut set = Set {
        defs: HashMap::new(),
        defaults: Vec::new(),
    };
    for (i, doc) in docs.iter().enumerate() {
        let Some(doc) = doc else { continue };
        for (name, _, body) in entries(doc) {
            if !RESERVED.contains(&name) && body.is_map() {
                set.defs.entry(name).or_insert((i, body));
            }
        }
    }
    for (i, doc) in docs.iter().enumerate() {
        if let Some(d) = doc.and_then(|d| d.get("default")).filter(|d| d.is_map()) {
            set.defaults.push((i, d));
        }
    }
    for (i, doc) in docs.iter().enumerate() {
        if let Some(d) = doc {
            // Deprecated global keywords act as defaults too.
            set.defaults.push((i, d));
        }
    }
    // `workflow: rules` of the first file (the root) apply to every pipeline.
    let mut base_triggers = vec!["push".to_string(), "merge_request".to_string()];
    let mut base_filters = Vec::new();
    if let Some(Some(root)) = docs.first() {
        let wf = root.at("workflow");
        conditions(
            wf.get("only"),
            wf.get("rules"),
            &mut base_triggers,
            &mut base_filters,
        );
    }

    let mut out = Vec::new();
    for (i, (path, _)) in files.iter().enumerate() {
        let Some(doc) = docs[i] else {
            out.push((path.clone(), Ok(Vec::new())));
            continue;
        };
        if !doc.is_map() {
            out.push((
                path.clone(),
                Err("GitLab CI file is not a mapping".to_string()),
            ));
            continue;
        }
        let mut triggers = base_triggers.clone();
        let mut tag_filters = base_filters.clone();
        let mut jobs = Vec::new();
        let remote = remote_includes(doc);
        if !remote.is_empty() {
            let mut j = new_job("include", key_line(doc, "include").unwrap_or(1));
            j.steps = remote;
            jobs.push(j);
        }
        for (name, line, body) in entries(doc) {
            if RESERVED.contains(&name) || name.starts_with('.') || !body.is_map() {
                continue;
            }
            jobs.push(job(&set, i, name, line, body));
            // Conditions inherited from templates count too.
            conditions(
                set.resolve(name, "only").map(|(_, v)| v),
                set.resolve(name, "rules").map(|(_, v)| v),
                &mut triggers,
                &mut tag_filters,
            );
        }
        out.push((
            path.clone(),
            Ok(vec![Pipeline {
                provider: CiProvider::GitlabCi,
                file: path.clone(),
                name: None,
                triggers,
                tag_filters,
                input_environments: Vec::new(),
                jobs,
                line: pipeline_line(doc),
            }]),
        ));
    }
    out
}

fn job(set: &Set, file: usize, name: &str, line: u32, body: &Yaml) -> Job {
    let mut job = new_job(name, line);
    let inherited_line = key_line(body, "extends").unwrap_or(line);
    for key in ["before_script", "script", "after_script"] {
        let found = if key == "script" {
            set.resolve(name, key)
        } else {
            set.resolve_or_default(name, key)
        };
        let Some((src, value)) = found else { continue };
        let mut items = Vec::new();
        set.script_items(value, src, &mut items, 0);
        for (cmd, l, from) in items {
            let l = if from == file { l } else { inherited_line };
            job.steps.push(run_step(Some(key.to_string()), cmd, l));
        }
    }
    if let Some((src, t)) = set.resolve(name, "trigger") {
        let l = if src == file {
            key_line(body, "trigger").unwrap_or(t.line)
        } else {
            inherited_line
        };
        job.steps.extend(trigger_steps(t, l));
    }
    if let Some((_, env)) = set.resolve(name, "environment") {
        job.environment = environment_name(env);
    }
    if let Some((_, image)) = set.resolve_or_default(name, "image")
        && let Some(i) = text(image).or_else(|| text(image.at("name")))
    {
        push_unique(&mut job.services, i.trim());
    }
    if let Some((_, services)) = set.resolve_or_default(name, "services") {
        for s in services.as_seq().unwrap_or_default() {
            if let Some(i) = text(s).or_else(|| text(s.at("name"))) {
                push_unique(&mut job.services, i.trim());
            }
        }
    }
    job
}

fn trigger_steps(t: &Yaml, line: u32) -> Vec<Step> {
    if let Some(project) = text(t) {
        return vec![uses_step(
            Some("trigger".into()),
            project.trim().to_string(),
            line,
        )];
    }
    let mut out = Vec::new();
    if let Some(project) = text(t.at("project")) {
        let r = text(t.at("branch"))
            .map(|b| format!("@{}", b.trim()))
            .unwrap_or_default();
        out.push(uses_step(
            Some("trigger".into()),
            format!("{}{r}", project.trim()),
            line,
        ));
    }
    let inc = t.at("include");
    let items: Vec<&Yaml> = match &inc.kind {
        Kind::Seq(items) => items.iter().map(|i| i.as_ref()).collect(),
        Kind::Null => Vec::new(),
        _ => vec![inc],
    };
    for item in items {
        let target = text(item)
            .or_else(|| text(item.at("local")))
            .or_else(|| text(item.at("artifact")))
            .or_else(|| {
                text(item.at("project")).map(|p| {
                    let f = item.at("file").strings().join(",");
                    format!("{}/{}", p.trim(), f.trim_start_matches('/'))
                })
            })
            .or_else(|| text(item.at("template")).map(|t| format!("template:{t}")));
        if let Some(target) = target {
            out.push(uses_step(
                Some("trigger".into()),
                target.trim().to_string(),
                item.line.max(line),
            ));
        }
    }
    out
}

/// Events implied by `only:`/`rules:` of a job (or `workflow:`).
fn conditions(
    only: Option<&Yaml>,
    rules: Option<&Yaml>,
    triggers: &mut Vec<String>,
    filters: &mut Vec<String>,
) {
    if let Some(only) = only {
        let refs: Vec<&str> = if only.is_map() {
            only.at("refs").strings()
        } else {
            only.strings()
        };
        for r in refs {
            match r.trim() {
                "tags" => push_unique(triggers, "tag"),
                "schedules" => push_unique(triggers, "schedule"),
                "merge_requests" => push_unique(triggers, "merge_request"),
                "web" | "api" | "triggers" | "pipelines" => push_unique(triggers, r.trim()),
                _ => {}
            }
        }
    }
    if let Some(rules) = rules {
        for rule in rules.as_seq().unwrap_or_default() {
            if let Some(expr) = rule.at("if").as_str() {
                condition_expr(expr, triggers, filters);
            }
        }
    }
}

fn condition_expr(expr: &str, triggers: &mut Vec<String>, filters: &mut Vec<String>) {
    const TAG: &str = "$CI_COMMIT_TAG";
    let mut rest = expr;
    let mut offset = 0;
    while let Some(pos) = rest.find(TAG) {
        let at = offset + pos;
        let before = expr[..at].trim_end();
        let after = expr[at + TAG.len()..].trim_start();
        let negated = before.ends_with('!')
            || after.starts_with("== null")
            || after.starts_with("==null")
            || after.starts_with("== \"\"")
            || after.starts_with("== ''");
        if !negated {
            push_unique(triggers, "tag");
            if let Some(re) = after.strip_prefix("=~") {
                let re = re.trim_start();
                let end = re.find([' ', ')']).unwrap_or(re.len());
                push_unique(filters, &re[..end]);
            }
        }
        offset = at + TAG.len();
        rest = &expr[offset..];
    }
    const SRC: &str = "$CI_PIPELINE_SOURCE";
    let mut rest = expr;
    while let Some(pos) = rest.find(SRC) {
        let after = rest[pos + SRC.len()..].trim_start();
        if let Some(v) = after.strip_prefix("==") {
            let v = v.trim_start().trim_start_matches(['"', '\'']);
            let end = v
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(v.len());
            match &v[..end] {
                "schedule" => push_unique(triggers, "schedule"),
                "merge_request_event" => push_unique(triggers, "merge_request"),
                "" => {}
                other => push_unique(triggers, other),
            }
        }
        rest = &rest[pos + SRC.len()..];
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    const CI: &str = r#"stages: [build, test, deploy]
variables:
  FOO: bar
default:
  image: node:20
  before_script:
    - npm ci
include:
  - local: /ci/extra.yml
  - project: group/templates
    ref: main
    file: [/a.yml, b.yml]
  - template: Security/SAST.gitlab-ci.yml
  - remote: https://example.com/ci.yml
.tests: &tests
  stage: test
  services:
    - postgres:16
    - name: redis:7
  script:
    - npm test
.lint:
  script: [npm run lint]
unit:
  extends: .tests
lint:
  extends: [.tests, .lint]
  before_script: []
e2e:
  <<: *tests
  image: {name: mcr.microsoft.com/playwright}
  script:
    - npx playwright test
    - !reference [.lint, script]
    - [echo a, [echo b]]
pages:
  script: mkdocs build
deploy_prod:
  stage: deploy
  environment:
    name: production
    url: https://x
  script: ./deploy.sh
  rules:
    - if: $CI_COMMIT_TAG =~ /^v\d+/
release:
  only: [tags, schedules]
  trigger:
    project: group/deployer
    branch: main
child:
  trigger:
    include: child.yml
nightly:
  rules:
    - if: '$CI_PIPELINE_SOURCE == "schedule"'
    - if: $CI_COMMIT_TAG == null
"#;

    #[test]
    fn gitlab_file() {
        let p = &parse(".gitlab-ci.yml", CI).unwrap()[0];
        assert_eq!(p.provider, CiProvider::GitlabCi);
        assert_eq!(p.triggers, vec!["push", "merge_request", "tag", "schedule"]);
        assert_eq!(p.tag_filters, vec![r"/^v\d+/"]);
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "include",
                "unit",
                "lint",
                "e2e",
                "pages",
                "deploy_prod",
                "release",
                "child",
                "nightly"
            ]
        );
        assert_eq!(
            uses(find_job(p, "include")),
            vec![
                "group/templates/a.yml@main",
                "group/templates/b.yml@main",
                "template:Security/SAST.gitlab-ci.yml",
                "https://example.com/ci.yml"
            ]
        );
        let unit = find_job(p, "unit");
        assert_eq!(unit.line, 24);
        assert_eq!(runs(unit), vec!["npm ci", "npm test"]);
        assert_eq!(unit.steps[0].line, 7);
        assert_eq!(unit.steps[0].name.as_deref(), Some("before_script"));
        assert_eq!(unit.steps[1].line, 21);
        assert_eq!(unit.services, vec!["node:20", "postgres:16", "redis:7"]);
        // Last parent wins; an explicit empty before_script drops the default.
        assert_eq!(runs(find_job(p, "lint")), vec!["npm run lint"]);
        let e2e = find_job(p, "e2e");
        assert_eq!(
            runs(e2e),
            vec![
                "npm ci",
                "npx playwright test",
                "npm run lint",
                "echo a",
                "echo b"
            ]
        );
        assert_eq!(e2e.services[0], "mcr.microsoft.com/playwright");
        assert_eq!(runs(find_job(p, "pages")), vec!["npm ci", "mkdocs build"]);
        assert_eq!(
            find_job(p, "deploy_prod").environment.as_deref(),
            Some("production")
        );
        assert_eq!(uses(find_job(p, "release")), vec!["group/deployer@main"]);
        assert_eq!(uses(find_job(p, "child")), vec!["child.yml"]);
        assert_eq!(local_includes(&load(CI).unwrap()[0]), vec!["/ci/extra.yml"]);
    }

    #[test]
    fn across_files_and_cycles() {
        let root =
            load("include: ci/templates.yml\nbuild:\n  extends: .build\ncycle:\n  extends: .a\n")
                .unwrap();
        let tpl = load(".build:\n  script:\n    - make\n.a:\n  extends: .b\n.b:\n  extends: [.a, .b]\n  script: [x]\n").unwrap();
        let out = from_file_set(&[
            (".gitlab-ci.yml".into(), root),
            ("ci/templates.yml".into(), tpl),
        ]);
        assert_eq!(out.len(), 2);
        let p = &out[0].1.as_ref().unwrap()[0];
        let b = find_job(p, "build");
        assert_eq!(runs(b), vec!["make"]);
        // Inherited from another file: the line of `extends:` in this file.
        assert_eq!(b.steps[0].line, 3);
        assert_eq!(runs(find_job(p, "cycle")), vec!["x"]);
        let tp = &out[1].1.as_ref().unwrap()[0];
        assert!(tp.jobs.is_empty());
    }

    #[test]
    fn include_shapes() {
        let d = load("include: 'a.yml'\n").unwrap();
        assert_eq!(local_includes(&d[0]), vec!["a.yml"]);
        let d = load("include:\n  local: b.yml\n").unwrap();
        assert_eq!(local_includes(&d[0]), vec!["b.yml"]);
        let d = load("include: ['https://x/y.yml', c.yml, {local: 'd/*.yml'}]\n").unwrap();
        assert_eq!(local_includes(&d[0]), vec!["c.yml", "d/*.yml"]);
    }

    #[test]
    fn empty_malformed_crlf() {
        assert!(parse(".gitlab-ci.yml", "").unwrap().is_empty());
        assert!(parse(".gitlab-ci.yml", "a: [\n").is_err());
        assert!(parse(".gitlab-ci.yml", "- x\n").is_err());
        let p = &parse(
            ".gitlab-ci.yml",
            "test:\r\n  script:\r\n    - make test\r\n    - |\r\n      a\r\n      b\r\n",
        )
        .unwrap()[0];
        let t = find_job(p, "test");
        assert_eq!(runs(t), vec!["make test", "a\nb"]);
        // A block scalar starts on its first content line.
        assert_eq!(t.steps[1].line, 5);
        // Odd shapes do not panic.
        let p = &parse(".gitlab-ci.yml", "a:\n  script: {x: 1}\n  extends: 3\n  services: x\n  rules: x\n  only: {refs: tags}\nb:\n  trigger: {include: [{artifact: gen.yml}]}\n").unwrap()[0];
        assert_eq!(p.jobs.len(), 2);
        assert!(p.triggers.contains(&"tag".to_string()));
        assert_eq!(uses(find_job(p, "b")), vec!["gen.yml"]);
    }

    #[test]
    fn tag_conditions() {
        let mut t = Vec::new();
        let mut f = Vec::new();
        condition_expr(
            "!$CI_COMMIT_TAG && $CI_PIPELINE_SOURCE != \"push\"",
            &mut t,
            &mut f,
        );
        assert!(t.is_empty());
        condition_expr("$CI_COMMIT_TAG == \"\"", &mut t, &mut f);
        assert!(t.is_empty());
        condition_expr("$CI_COMMIT_TAG", &mut t, &mut f);
        assert_eq!(t, vec!["tag"]);
        condition_expr("$CI_PIPELINE_SOURCE == 'web'", &mut t, &mut f);
        assert_eq!(t, vec!["tag", "web"]);
    }
}
