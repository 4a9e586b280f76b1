//! Azure Pipelines: `azure-pipelines.yml`, `.azure-pipelines/*.yml`.

use std::sync::Arc;

use super::{
    entries, environment_name, first_doc, key_line, load, new_job, pipeline_line, push_unique,
    scalar_map, text, uses_step,
};
use crate::facts::model::{CiProvider, Job, Pipeline, Step};
use crate::facts::yaml::{Kind, Yaml};

/// Keys of a step that run a script.
const SCRIPT_KEYS: &[&str] = &["script", "bash", "pwsh", "powershell"];
/// Other step shapes, recorded as `uses`.
const OTHER_STEPS: &[&str] = &[
    "checkout",
    "download",
    "downloadBuild",
    "getPackage",
    "publish",
    "reviewApp",
];

pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    from_yaml(path, &load(text)?)
}

pub fn from_yaml(path: &str, docs: &[Arc<Yaml>]) -> Result<Vec<Pipeline>, String> {
    let Some(doc) = first_doc(docs) else {
        return Ok(Vec::new());
    };
    if !doc.is_map() {
        return Err("Azure Pipelines file is not a mapping".into());
    }
    let mut triggers = Vec::new();
    let mut tag_filters = Vec::new();
    let has_trigger_keys = ["trigger", "pr", "schedules"]
        .iter()
        .any(|k| doc.get(k).is_some());
    if doc.get("parameters").is_some() && !has_trigger_keys {
        // A template: it runs only where another pipeline includes it.
        triggers.push("template".to_string());
    } else {
        let trigger = doc.at("trigger");
        if !is_none(trigger) {
            push_unique(&mut triggers, "push");
            let tags = trigger.at("tags").at("include");
            if !tags.is_null() {
                push_unique(&mut triggers, "tag");
                for t in tags.strings() {
                    push_unique(&mut tag_filters, t.trim());
                }
            }
        }
        if !is_none(doc.at("pr")) {
            push_unique(&mut triggers, "pull_request");
        }
        if doc.at("schedules").as_seq().is_some_and(|s| !s.is_empty()) {
            push_unique(&mut triggers, "schedule");
        }
    }

    let mut jobs = Vec::new();
    if let Some(t) = text(doc.at("extends").at("template")) {
        let line = key_line(doc, "extends").unwrap_or(1);
        let mut j = new_job("extends", line);
        let mut s = uses_step(None, t.trim().to_string(), line);
        s.with = scalar_map(doc.at("extends").at("parameters"));
        j.steps.push(s);
        jobs.push(j);
    }
    for stage in doc.at("stages").as_seq().unwrap_or_default() {
        if let Some(t) = text(stage.at("template")) {
            jobs.push(template_job(&t, stage));
            continue;
        }
        let sid = text(stage.at("stage")).unwrap_or_else(|| "stage".to_string());
        for j in stage.at("jobs").as_seq().unwrap_or_default() {
            if let Some(job) = job_entry(j, Some(sid.trim())) {
                jobs.push(job);
            }
        }
    }
    for j in doc.at("jobs").as_seq().unwrap_or_default() {
        if let Some(job) = job_entry(j, None) {
            jobs.push(job);
        }
    }
    if doc.at("steps").as_seq().is_some() {
        let mut job = new_job("job", key_line(doc, "steps").unwrap_or(1));
        services(doc, &mut job.services);
        job.steps = steps(doc.at("steps"));
        jobs.push(job);
    }
    Ok(vec![Pipeline {
        provider: CiProvider::AzurePipelines,
        file: path.to_string(),
        name: text(doc.at("name")),
        triggers,
        tag_filters,
        input_environments: Vec::new(),
        jobs,
        line: pipeline_line(doc),
    }])
}

/// `trigger: none` / `pr: none` (or `false`) turns the event off.
fn is_none(y: &Yaml) -> bool {
    matches!(y.as_str().map(str::trim), Some("none") | Some("false"))
}

fn template_job(t: &str, y: &Yaml) -> Job {
    let mut j = new_job(t.trim(), y.line);
    let mut s = uses_step(None, t.trim().to_string(), y.line);
    s.with = scalar_map(y.at("parameters"));
    j.steps.push(s);
    j
}

fn job_entry(y: &Yaml, stage: Option<&str>) -> Option<Job> {
    if !y.is_map() {
        return None;
    }
    if let Some(t) = text(y.at("template")) {
        return Some(template_job(&t, y));
    }
    let (id, deployment) = match (text(y.at("job")), text(y.at("deployment"))) {
        (Some(id), _) => (id, false),
        (None, Some(id)) => (id, true),
        (None, None) => ("job".to_string(), false),
    };
    let id = match stage {
        Some(s) => format!("{s}.{}", id.trim()),
        None => id.trim().to_string(),
    };
    let mut job = new_job(id, y.line);
    job.name = text(y.at("displayName"));
    services(y, &mut job.services);
    job.steps = steps(y.at("steps"));
    if deployment {
        job.environment = environment_name(y.at("environment"));
        // strategy: {runOnce|rolling|canary}: {preDeploy|deploy|…: {steps}, on: {failure|success: {steps}}}
        for (_, _, strategy) in entries(y.at("strategy")) {
            for (hook, _, body) in entries(strategy) {
                if hook == "on" {
                    for (_, _, b) in entries(body) {
                        job.steps.extend(steps(b.at("steps")));
                    }
                } else {
                    job.steps.extend(steps(body.at("steps")));
                }
            }
        }
    }
    Some(job)
}

fn services(y: &Yaml, out: &mut Vec<String>) {
    let c = y.at("container");
    if let Some(i) = text(c).or_else(|| text(c.at("image"))) {
        push_unique(out, i.trim());
    }
    for (_, _, s) in entries(y.at("services")) {
        if let Some(i) = text(s) {
            push_unique(out, i.trim());
        }
    }
}

fn steps(y: &Yaml) -> Vec<Step> {
    let mut out = Vec::new();
    for s in y.as_seq().unwrap_or_default() {
        let Kind::Map(_) = &s.kind else { continue };
        let name = text(s.at("displayName")).or_else(|| text(s.at("name")));
        if let Some(run) = SCRIPT_KEYS.iter().find_map(|k| text(s.at(k))) {
            out.push(Step {
                name,
                run: Some(run),
                uses: None,
                with: Default::default(),
                working_directory: None,
                line: s.line,
            });
        } else if let Some(task) = text(s.at("task")) {
            let mut st = uses_step(name, task.trim().to_string(), s.line);
            st.with = scalar_map(s.at("inputs"));
            out.push(st);
        } else if let Some(t) = text(s.at("template")) {
            let mut st = uses_step(name, t.trim().to_string(), s.line);
            st.with = scalar_map(s.at("parameters"));
            out.push(st);
        } else if let Some(k) = OTHER_STEPS.iter().find(|k| s.get(k).is_some()) {
            out.push(uses_step(name, k.to_string(), s.line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    const AZ: &str = r#"trigger:
  branches:
    include: [main]
  tags:
    include: ['v*']
pr: none
schedules:
  - cron: "0 0 * * *"
    branches: {include: [main]}
stages:
  - stage: Build
    jobs:
      - job: Test
        displayName: Unit tests
        container: node:20
        services:
          pg: postgres:16
        steps:
          - checkout: self
          - script: npm ci
            displayName: Install
          - bash: |
              npm test
          - task: PublishTestResults@2
            inputs:
              testResultsFiles: '**/junit.xml'
          - template: steps/lint.yml
            parameters: {strict: true}
  - stage: Deploy
    jobs:
      - deployment: Prod
        environment: production
        strategy:
          runOnce:
            deploy:
              steps:
                - pwsh: ./deploy.ps1
            on:
              failure:
                steps:
                  - script: ./rollback.sh
      - deployment: Staging
        environment: {name: staging, resourceType: VirtualMachine}
      - template: jobs/smoke.yml
  - template: stages/extra.yml
"#;

    #[test]
    fn azure() {
        let p = &parse("azure-pipelines.yml", AZ).unwrap()[0];
        assert_eq!(p.provider, CiProvider::AzurePipelines);
        assert_eq!(p.triggers, vec!["push", "tag", "schedule"]);
        assert_eq!(p.tag_filters, vec!["v*"]);
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "Build.Test",
                "Deploy.Prod",
                "Deploy.Staging",
                "jobs/smoke.yml",
                "stages/extra.yml"
            ]
        );
        let t = find_job(p, "Build.Test");
        assert_eq!(t.line, 13);
        assert_eq!(t.name.as_deref(), Some("Unit tests"));
        assert_eq!(t.services, vec!["node:20", "postgres:16"]);
        assert_eq!(runs(t), vec!["npm ci", "npm test"]);
        assert_eq!(
            uses(t),
            vec!["checkout", "PublishTestResults@2", "steps/lint.yml"]
        );
        assert_eq!(t.steps[1].name.as_deref(), Some("Install"));
        assert_eq!(t.steps[1].line, 20);
        assert_eq!(
            t.steps[3].with.get("testResultsFiles").map(String::as_str),
            Some("**/junit.xml")
        );
        let d = find_job(p, "Deploy.Prod");
        assert_eq!(d.environment.as_deref(), Some("production"));
        assert_eq!(runs(d), vec!["./deploy.ps1", "./rollback.sh"]);
        assert_eq!(
            find_job(p, "Deploy.Staging").environment.as_deref(),
            Some("staging")
        );
    }

    #[test]
    fn shapes() {
        let p = &parse(
            "azure-pipelines.yml",
            "pool: {vmImage: ubuntu-latest}\nsteps:\n  - script: make test\n",
        )
        .unwrap()[0];
        assert_eq!(p.triggers, vec!["push", "pull_request"]);
        assert_eq!(runs(find_job(p, "job")), vec!["make test"]);
        let p = &parse(
            ".azure-pipelines/t.yml",
            "parameters:\n  - name: x\nsteps:\n  - powershell: Write-Host hi\n",
        )
        .unwrap()[0];
        assert_eq!(p.triggers, vec!["template"]);
        let p = &parse("azure-pipelines.yml", "trigger: none\njobs:\n  - job: A\n    steps: [{script: a}]\nextends:\n  template: base.yml\n").unwrap()[0];
        assert_eq!(p.triggers, vec!["pull_request"]);
        assert_eq!(uses(find_job(p, "extends")), vec!["base.yml"]);
        assert_eq!(runs(find_job(p, "A")), vec!["a"]);
    }

    #[test]
    fn empty_malformed_crlf() {
        assert!(parse("azure-pipelines.yml", "").unwrap().is_empty());
        assert!(parse("azure-pipelines.yml", "steps: [\n").is_err());
        assert!(parse("azure-pipelines.yml", "- x\n").is_err());
        let p = &parse(
            "azure-pipelines.yml",
            "stages:\r\n  - 1\r\n  - stage: A\r\n    jobs: [x, {job: B, steps: [{script: make}, 2, {}], strategy: 5}]\r\n",
        )
        .unwrap()[0];
        assert_eq!(runs(find_job(p, "A.B")), vec!["make"]);
        assert_eq!(find_job(p, "A.B").line, 4);
    }
}
