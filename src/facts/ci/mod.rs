//! CI pipelines down to the commands each step runs.
//!
//! One module per provider, each with a pure `parse(path, text)` (and, for the
//! YAML providers, `from_yaml(path, docs)` over an already parsed stream).
//! [`collect`] finds the files by path in the inventory, reads them through
//! [`Inventory::read_text`], and turns every failure into a warning: a file
//! that does not parse never stops the scan.

pub mod azure_pipelines;
pub mod bitbucket;
pub mod buildkite;
pub mod circleci;
pub mod cloudbuild;
pub mod drone;
pub mod github_actions;
pub mod gitlab_ci;
pub mod jenkinsfile;
pub mod travis;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::Facts;
use super::model::{Job, Step};
use super::yaml::{self, Kind, Yaml, YamlError};
use crate::evidence::{Warning, WarningKind};
use crate::inventory::{FileEntry, Inventory};

/// Which parser reads a file, decided by its path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiFile {
    GithubWorkflow,
    GithubAction,
    GitlabCi,
    CircleCi,
    Bitbucket,
    Azure,
    Jenkins,
    Travis,
    Drone,
    Woodpecker,
    Buildkite,
    CloudBuild,
}

/// The parser for `path` (repository-relative, `/`-separated), if any.
/// GitLab files other than `.gitlab-ci.yml` are reached through `include:`
/// and `.gitlab/ci/`, see [`collect`].
pub fn provider_for(path: &str) -> Option<CiFile> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower_name = name.to_ascii_lowercase();
    let yaml_ext = lower_name.ends_with(".yml") || lower_name.ends_with(".yaml");
    let dir = path.strip_suffix(name).unwrap_or("");
    if dir == ".github/workflows/" && yaml_ext {
        return Some(CiFile::GithubWorkflow);
    }
    if (lower_name == "action.yml" || lower_name == "action.yaml")
        && (dir.is_empty() || dir.starts_with(".github/actions/"))
    {
        return Some(CiFile::GithubAction);
    }
    if lower_name == "jenkinsfile" {
        return Some(CiFile::Jenkins);
    }
    if lower_name.starts_with("cloudbuild") && yaml_ext {
        return Some(CiFile::CloudBuild);
    }
    Some(match path {
        ".gitlab-ci.yml" | ".gitlab-ci.yaml" => CiFile::GitlabCi,
        ".circleci/config.yml" | ".circleci/config.yaml" => CiFile::CircleCi,
        "bitbucket-pipelines.yml" | "bitbucket-pipelines.yaml" => CiFile::Bitbucket,
        "azure-pipelines.yml" | "azure-pipelines.yaml" => CiFile::Azure,
        ".travis.yml" | ".travis.yaml" => CiFile::Travis,
        ".drone.yml" | ".drone.yaml" => CiFile::Drone,
        ".woodpecker.yml" | ".woodpecker.yaml" => CiFile::Woodpecker,
        "buildkite.yml" | "buildkite.yaml" | ".buildkite.yml" | ".buildkite.yaml" => {
            CiFile::Buildkite
        }
        _ if dir == ".azure-pipelines/" && yaml_ext => CiFile::Azure,
        _ if dir == ".woodpecker/" && yaml_ext => CiFile::Woodpecker,
        _ if dir == ".buildkite/" && yaml_ext && lower_name.starts_with("pipeline") => {
            CiFile::Buildkite
        }
        _ => return None,
    })
}

/// Reads every CI file of the inventory into `facts.pipelines`.
pub fn collect(inv: &Inventory, facts: &mut Facts) {
    let mut gitlab_roots: Vec<&FileEntry> = Vec::new();
    for entry in &inv.files {
        let Some(kind) = provider_for(&entry.path) else {
            continue;
        };
        if kind == CiFile::GitlabCi {
            gitlab_roots.push(entry);
            continue;
        }
        let Some(text) = read(inv, entry, facts) else {
            continue;
        };
        let path = entry.path.as_str();
        let result = match kind {
            CiFile::Jenkins => jenkinsfile::parse(path, &text),
            _ => match yaml::parse(&text) {
                Err(e) => {
                    facts.warnings.push(yaml_warning(path, &e));
                    continue;
                }
                Ok(docs) => match kind {
                    CiFile::GithubWorkflow => github_actions::from_yaml(path, &docs),
                    CiFile::GithubAction => github_actions::action_from_yaml(path, &docs),
                    CiFile::CircleCi => circleci::from_yaml(path, &docs),
                    CiFile::Bitbucket => bitbucket::from_yaml(path, &docs),
                    CiFile::Azure => azure_pipelines::from_yaml(path, &docs),
                    CiFile::Travis => travis::from_yaml(path, &docs),
                    CiFile::Drone => drone::from_yaml(path, &docs, false),
                    CiFile::Woodpecker => drone::from_yaml(path, &docs, true),
                    CiFile::Buildkite => buildkite::from_yaml(path, &docs),
                    CiFile::CloudBuild => cloudbuild::from_yaml(path, &docs),
                    CiFile::GitlabCi | CiFile::Jenkins => Ok(Vec::new()),
                },
            },
        };
        match result {
            Ok(pipelines) => facts.pipelines.extend(pipelines),
            Err(msg) => facts
                .warnings
                .push(Warning::new(WarningKind::Malformed, path, msg)),
        }
    }
    for root in gitlab_roots {
        collect_gitlab(inv, root, facts);
    }
}

/// Most files a GitLab include graph may pull in.
const MAX_GITLAB_FILES: usize = 100;

/// Loads `.gitlab-ci.yml`, the local files it includes (transitively,
/// bounded, cycle-safe) and `.gitlab/ci/*.yml`, then parses them as one set.
fn collect_gitlab(inv: &Inventory, root: &FileEntry, facts: &mut Facts) {
    let mut files: Vec<(String, Vec<Arc<Yaml>>)> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = vec![root.path.clone()];
    for entry in &inv.files {
        if entry.path.starts_with(".gitlab/ci/")
            && (entry.path.ends_with(".yml") || entry.path.ends_with(".yaml"))
        {
            queue.push(entry.path.clone());
        }
    }
    let mut i = 0;
    while i < queue.len() && files.len() < MAX_GITLAB_FILES {
        let path = queue[i].clone();
        i += 1;
        if !seen.insert(path.clone()) {
            continue;
        }
        let Some(entry) = inv.get(&path) else {
            if path != root.path {
                facts.warnings.push(Warning::new(
                    WarningKind::Other,
                    root.path.as_str(),
                    format!("included file {path} is not in the repository"),
                ));
            }
            continue;
        };
        let Some(text) = read(inv, entry, facts) else {
            continue;
        };
        match yaml::parse(&text) {
            Err(e) => facts.warnings.push(yaml_warning(&path, &e)),
            Ok(docs) => {
                if let Some(doc) = docs.first() {
                    for pattern in gitlab_ci::local_includes(doc) {
                        for p in expand_include(inv, &pattern) {
                            if !seen.contains(&p) {
                                queue.push(p);
                            }
                        }
                    }
                }
                files.push((path, docs));
            }
        }
    }
    for (path, result) in gitlab_ci::from_file_set(&files) {
        match result {
            Ok(pipelines) => facts.pipelines.extend(pipelines),
            Err(msg) => facts
                .warnings
                .push(Warning::new(WarningKind::Malformed, path, msg)),
        }
    }
}

/// Files an `include: local:` pattern names: a path, or a glob (`*`, `**`).
fn expand_include(inv: &Inventory, pattern: &str) -> Vec<String> {
    let pattern = pattern.trim().trim_start_matches('/');
    if pattern.is_empty() || pattern.contains("$") {
        return Vec::new();
    }
    if !pattern.contains('*') {
        return vec![pattern.to_string()];
    }
    let Ok(glob) = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
    else {
        return Vec::new();
    };
    let m = glob.compile_matcher();
    inv.files
        .iter()
        .filter(|f| m.is_match(&f.path))
        .map(|f| f.path.clone())
        .collect()
}

fn read(inv: &Inventory, entry: &FileEntry, facts: &mut Facts) -> Option<String> {
    super::read_or_warn(inv, entry, &mut facts.warnings, "CI file")
}

fn yaml_warning(path: &str, e: &YamlError) -> Warning {
    let kind = if e.budget {
        WarningKind::Budget
    } else {
        WarningKind::Malformed
    };
    Warning::new(kind, path, format!("CI file is not valid YAML: {e}"))
}

// ---------------------------------------------------------------------------
// Helpers shared by the YAML providers.

/// A null node to stand in for a missing value.
pub(crate) static NULL_NODE: Yaml = Yaml {
    line: 0,
    kind: Kind::Null,
};

/// Parses a YAML stream for a provider's `parse`, errors as strings.
pub(crate) fn load(text: &str) -> Result<Vec<Arc<Yaml>>, String> {
    yaml::parse(text).map_err(|e| format!("not valid YAML: {e}"))
}

/// The first document that is not null, if any.
pub(crate) fn first_doc(docs: &[Arc<Yaml>]) -> Option<&Yaml> {
    docs.iter().map(|d| d.as_ref()).find(|d| !d.is_null())
}

/// Mapping entries with string keys and the line of each key, merge keys
/// (`<<`) expanded (own keys win), depth-limited. Empty for non-mappings.
pub(crate) fn entries(y: &Yaml) -> Vec<(&str, u32, &Yaml)> {
    let mut out = Vec::new();
    collect_entries(y, &mut out, 0);
    out
}

fn collect_entries<'a>(y: &'a Yaml, out: &mut Vec<(&'a str, u32, &'a Yaml)>, depth: usize) {
    let Kind::Map(items) = &y.kind else {
        return;
    };
    for (k, v) in items {
        if let Some(key) = k.as_str()
            && key != "<<"
            && !out.iter().any(|(o, _, _)| *o == key)
        {
            out.push((key, k.line, v));
        }
    }
    if depth > 16 {
        return;
    }
    for (k, v) in items {
        if k.as_str() == Some("<<") {
            match &v.kind {
                Kind::Map(_) => collect_entries(v, out, depth + 1),
                Kind::Seq(ms) => ms.iter().for_each(|m| collect_entries(m, out, depth + 1)),
                _ => {}
            }
        }
    }
}

/// Line of `key` itself in a mapping (falls back to the value's line).
pub(crate) fn key_line(y: &Yaml, key: &str) -> Option<u32> {
    entries(y)
        .into_iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, l, _)| l)
}

/// A non-empty scalar, trimmed at the end (block scalars end with `\n`).
pub(crate) fn text(y: &Yaml) -> Option<String> {
    let s = y.as_str()?.trim_end();
    if s.trim().is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}

/// Scalar entries of a mapping as strings (null → ""); nested values skipped.
pub(crate) fn scalar_map(y: &Yaml) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, _, v) in entries(y) {
        if let Some(s) = v.as_str() {
            out.insert(k.to_string(), s.to_string());
        } else if v.is_null() {
            out.insert(k.to_string(), String::new());
        }
    }
    out
}

/// A scalar or a list of scalars, each with its own line.
pub(crate) fn string_items(y: &Yaml) -> Vec<(String, u32)> {
    match &y.kind {
        Kind::Scalar(s) => vec![(s.clone(), y.line)],
        Kind::Seq(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| (s.to_string(), i.line)))
            .collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn push_unique(v: &mut Vec<String>, s: impl Into<String>) {
    let s = s.into();
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

pub(crate) fn run_step(name: Option<String>, run: String, line: u32) -> Step {
    Step {
        name,
        run: Some(run),
        uses: None,
        with: BTreeMap::new(),
        working_directory: None,
        line,
    }
}

pub(crate) fn uses_step(name: Option<String>, uses: String, line: u32) -> Step {
    Step {
        name,
        run: None,
        uses: Some(uses),
        with: BTreeMap::new(),
        working_directory: None,
        line,
    }
}

pub(crate) fn new_job(id: impl Into<String>, line: u32) -> Job {
    Job {
        id: id.into(),
        name: None,
        environment: None,
        services: Vec::new(),
        steps: Vec::new(),
        line,
    }
}

/// `environment: name` or `environment: {name: …}`.
pub(crate) fn environment_name(y: &Yaml) -> Option<String> {
    if let Some(s) = text(y) {
        return Some(s.trim().to_string());
    }
    text(y.at("name")).map(|s| s.trim().to_string())
}

pub(crate) fn pipeline_line(doc: &Yaml) -> u32 {
    doc.line.max(1)
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::super::model::{Job, Pipeline};

    pub fn find_job<'a>(p: &'a Pipeline, id: &str) -> &'a Job {
        p.jobs.iter().find(|j| j.id == id).unwrap_or_else(|| {
            panic!(
                "no job {id} in {:?}",
                p.jobs.iter().map(|j| &j.id).collect::<Vec<_>>()
            )
        })
    }

    pub fn runs(j: &Job) -> Vec<&str> {
        j.steps.iter().filter_map(|s| s.run.as_deref()).collect()
    }

    pub fn uses(j: &Job) -> Vec<&str> {
        j.steps.iter().filter_map(|s| s.uses.as_deref()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::{FileClass, FileEntry};

    #[test]
    fn dispatch_by_path() {
        assert_eq!(
            provider_for(".github/workflows/ci.yml"),
            Some(CiFile::GithubWorkflow)
        );
        assert_eq!(provider_for(".github/workflows/sub/ci.yml"), None);
        assert_eq!(
            provider_for(".github/actions/setup/action.yml"),
            Some(CiFile::GithubAction)
        );
        assert_eq!(provider_for("action.yaml"), Some(CiFile::GithubAction));
        assert_eq!(provider_for("src/action.yml"), None);
        assert_eq!(provider_for("ci/Jenkinsfile"), Some(CiFile::Jenkins));
        assert_eq!(
            provider_for(".woodpecker/build.yml"),
            Some(CiFile::Woodpecker)
        );
        assert_eq!(
            provider_for(".buildkite/pipeline.yml"),
            Some(CiFile::Buildkite)
        );
        assert_eq!(provider_for(".buildkite/hooks/pre-command"), None);
        assert_eq!(
            provider_for("deploy/cloudbuild.yaml"),
            Some(CiFile::CloudBuild)
        );
        assert_eq!(provider_for(".azure-pipelines/ci.yml"), Some(CiFile::Azure));
        assert_eq!(provider_for("README.md"), None);
    }

    fn inventory(files: &[(&str, &str)]) -> (tempfile::TempDir, Inventory) {
        let dir = tempfile::tempdir().unwrap();
        let mut entries = Vec::new();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            entries.push(FileEntry {
                path: path.to_string(),
                class: FileClass::Config,
                language: None,
                size: text.len() as u64,
                readable: true,
            });
        }
        let inv = Inventory::from_entries(dir.path().to_path_buf(), entries, 1 << 20);
        (dir, inv)
    }

    #[test]
    fn collect_reads_every_provider_and_warns_on_bad_files() {
        let (_d, inv) = inventory(&[
            (
                ".github/workflows/ci.yml",
                "on: push\njobs:\n  t:\n    steps:\n      - run: make test\n",
            ),
            (".github/workflows/bad.yml", "on: [push\njobs: }\n"),
            (
                ".github/actions/setup/action.yml",
                "runs:\n  using: composite\n  steps:\n    - run: npm ci\n      shell: bash\n",
            ),
            (
                ".gitlab-ci.yml",
                "include: ci/test.yml\nbuild:\n  script: [make]\n",
            ),
            ("ci/test.yml", "test:\n  script:\n    - make test\n"),
            (
                "Jenkinsfile",
                "pipeline { stages { stage('T') { steps { sh 'make test' } } } }\n",
            ),
            (".travis.yml", "script: make test\n"),
        ]);
        let mut facts = Facts::default();
        collect(&inv, &mut facts);
        let files: Vec<&str> = facts.pipelines.iter().map(|p| p.file.as_str()).collect();
        assert!(files.contains(&".github/workflows/ci.yml"), "{files:?}");
        assert!(files.contains(&".github/actions/setup/action.yml"));
        assert!(files.contains(&".gitlab-ci.yml"));
        assert!(files.contains(&"ci/test.yml"));
        assert!(files.contains(&"Jenkinsfile"));
        assert!(files.contains(&".travis.yml"));
        assert_eq!(facts.warnings.len(), 1, "{:?}", facts.warnings);
        assert_eq!(facts.warnings[0].kind, WarningKind::Malformed);
        assert_eq!(facts.warnings[0].path, ".github/workflows/bad.yml");
    }

    #[test]
    fn alias_bomb_is_a_budget_warning() {
        let mut s = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let mut prev = "a".to_string();
        for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            s.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n.to_string();
        }
        let (_d, inv) = inventory(&[(".gitlab-ci.yml", &s), (".travis.yml", &s)]);
        let mut facts = Facts::default();
        collect(&inv, &mut facts);
        assert_eq!(facts.warnings.len(), 2, "{:?}", facts.warnings);
        assert!(facts.warnings.iter().all(|w| w.kind == WarningKind::Budget));
    }

    #[test]
    fn gitlab_include_cycle_is_safe() {
        let (_d, inv) = inventory(&[
            (
                ".gitlab-ci.yml",
                "include:\n  - local: /a.yml\nroot:\n  script: [x]\n",
            ),
            ("a.yml", "include: [{local: b.yml}]\na:\n  script: [y]\n"),
            (
                "b.yml",
                "include: [{local: a.yml}, {local: .gitlab-ci.yml}, {local: 'c/*.yml'}]\nb:\n  script: [z]\n",
            ),
            ("c/one.yml", "one:\n  script: [w]\n"),
        ]);
        let mut facts = Facts::default();
        collect(&inv, &mut facts);
        let files: Vec<&str> = facts.pipelines.iter().map(|p| p.file.as_str()).collect();
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            vec![".gitlab-ci.yml", "a.yml", "b.yml", "c/one.yml"]
        );
        assert_eq!(files.len(), 4, "{files:?}");
    }

    /// Every parser over every prefix of a file that mixes all providers'
    /// shapes: truncated input must never panic.
    #[test]
    fn no_panic_on_truncated_input() {
        let sample = "name: x\non:\n  push:\n    tags: [v*]\ninclude:\n  - local: a.yml\n  - project: p\n    file: f.yml\n.base: &b\n  script: [make]\njob:\n  <<: *b\n  extends: [.base, job]\n  script:\n    - !reference [.base, script]\n    - |\n      multi\n      line\n  environment: {name: prod}\n  rules:\n    - if: $CI_COMMIT_TAG =~ /^v/\njobs:\n  a:\n    uses: ./x.yml\n    steps:\n      - run: é\n      - uses: a/b@v1\n        with: {k: v}\n  include:\n    - stage: test\n      deploy: {provider: x}\nworkflows:\n  w:\n    jobs: [a, {o/j: {filters: {tags: {only: v}}}}]\npipelines:\n  default:\n    - step: {script: [a, {pipe: p}]}\n    - parallel: {steps: [{step: {script: [b]}}]}\nstages:\n  - stage: S\n    jobs:\n      - deployment: D\n        environment: e\n        strategy: {runOnce: {deploy: {steps: [{script: s}]}}}\nsteps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build]\n    commands: [c]\n    plugins: [{docker#v1: {image: i}}]\n    when: {event: [tag]}\n---\nkind: pipeline\nsteps: {s: {image: i}}\n";
        let jenkins = "pipeline {\n stages {\n  stage('A') {\n   steps {\n    sh '''\n      x\n    '''\n    sh(script: \"y\", label: 'l')\n    bat 'z' // c\n   }\n  }\n }\n}\n";
        let mut cut = 0;
        while cut <= sample.len() {
            if sample.is_char_boundary(cut) {
                let t = &sample[..cut];
                let _ = github_actions::parse(".github/workflows/x.yml", t);
                let _ = github_actions::parse_action("action.yml", t);
                let _ = gitlab_ci::parse(".gitlab-ci.yml", t);
                let _ = circleci::parse(".circleci/config.yml", t);
                let _ = bitbucket::parse("bitbucket-pipelines.yml", t);
                let _ = azure_pipelines::parse("azure-pipelines.yml", t);
                let _ = travis::parse(".travis.yml", t);
                let _ = drone::parse(".drone.yml", t);
                let _ = buildkite::parse("buildkite.yml", t);
                let _ = cloudbuild::parse("cloudbuild.yaml", t);
                let _ = jenkinsfile::parse("Jenkinsfile", t);
            }
            cut += 3;
        }
        for cut in 0..=jenkins.len() {
            let _ = jenkinsfile::parse("Jenkinsfile", &jenkins[..cut]);
        }
        // The full sample is valid YAML for every provider.
        assert!(gitlab_ci::parse(".gitlab-ci.yml", sample).is_ok());
        assert!(github_actions::parse(".github/workflows/x.yml", sample).is_ok());
        assert!(drone::parse(".drone.yml", sample).is_ok());
    }
}
