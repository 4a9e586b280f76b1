//! Google Cloud Build: `cloudbuild.yaml`.

use std::sync::Arc;

use super::{first_doc, load, new_job, pipeline_line, push_unique, text};
use crate::facts::model::{CiProvider, Pipeline, Step};
use crate::facts::yaml::Yaml;

pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    from_yaml(path, &load(text)?)
}

pub fn from_yaml(path: &str, docs: &[Arc<Yaml>]) -> Result<Vec<Pipeline>, String> {
    let Some(doc) = first_doc(docs) else {
        return Ok(Vec::new());
    };
    if !doc.is_map() {
        return Err("Cloud Build config is not a mapping".into());
    }
    let mut job = new_job("build", pipeline_line(doc));
    for s in doc.at("steps").as_seq().unwrap_or_default() {
        if !s.is_map() {
            continue;
        }
        let builder = text(s.at("name")).map(|b| b.trim().to_string());
        if let Some(b) = &builder {
            push_unique(&mut job.services, b.clone());
        }
        let run = text(s.at("script")).or_else(|| command_line(s, builder.as_deref()));
        job.steps.push(Step {
            name: text(s.at("id")),
            run,
            uses: builder,
            with: Default::default(),
            working_directory: None,
            line: s.line,
        });
    }
    Ok(vec![Pipeline {
        provider: CiProvider::CloudBuild,
        file: path.to_string(),
        name: None,
        triggers: vec!["push".to_string()],
        tag_filters: Vec::new(),
        input_environments: Vec::new(),
        jobs: vec![job],
        line: pipeline_line(doc),
    }])
}

/// `entrypoint` + `args` joined with spaces; the `gcr.io/cloud-builders/X`
/// images run `X` when no entrypoint is given.
fn command_line(s: &Yaml, builder: Option<&str>) -> Option<String> {
    let args = s.at("args").strings();
    let entry = text(s.at("entrypoint")).or_else(|| {
        let b = builder?;
        let tool = b.strip_prefix("gcr.io/cloud-builders/")?;
        let tool = tool.split([':', '@']).next().unwrap_or(tool);
        (!tool.is_empty()).then(|| tool.to_string())
    });
    if args.is_empty() {
        return text(s.at("entrypoint"));
    }
    let mut parts: Vec<String> = entry.into_iter().collect();
    parts.extend(args.iter().map(|a| a.to_string()));
    Some(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn cloudbuild() {
        let t = "steps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build, -t, gcr.io/p/app, .]\n  - id: deploy\n    name: gcr.io/google.com/cloudsdktool/cloud-sdk\n    entrypoint: gcloud\n    args: ['run', 'deploy', 'app']\n  - name: node:20\n    script: |\n      npm ci\n      npm test\n  - name: gcr.io/cloud-builders/gcloud:latest\n    args: [app, deploy]\nimages: [gcr.io/p/app]\n";
        let p = &parse("cloudbuild.yaml", t).unwrap()[0];
        assert_eq!(p.provider, CiProvider::CloudBuild);
        let j = &p.jobs[0];
        assert_eq!(
            runs(j),
            vec![
                "docker build -t gcr.io/p/app .",
                "gcloud run deploy app",
                "npm ci\nnpm test",
                "gcloud app deploy"
            ]
        );
        assert_eq!(j.steps[1].name.as_deref(), Some("deploy"));
        assert_eq!(j.steps[1].line, 4);
        assert_eq!(
            j.steps[0].uses.as_deref(),
            Some("gcr.io/cloud-builders/docker")
        );
    }

    #[test]
    fn empty_malformed_crlf() {
        assert!(parse("cloudbuild.yaml", "").unwrap().is_empty());
        assert!(parse("cloudbuild.yaml", "steps: [\n").is_err());
        assert!(parse("cloudbuild.yaml", "- a\n").is_err());
        let p = &parse(
            "cloudbuild.yaml",
            "steps:\r\n- name: gcr.io/cloud-builders/npm\r\n  args: [test]\r\n- 7\r\n- name: x\r\n",
        )
        .unwrap()[0];
        assert_eq!(runs(&p.jobs[0]), vec!["npm test"]);
        assert_eq!(p.jobs[0].steps.len(), 2);
    }
}
