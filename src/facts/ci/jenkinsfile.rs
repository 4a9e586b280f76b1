//! Jenkinsfile (declarative or scripted): a careful token scanner, not a
//! Groovy parser. Comments and strings are lexed properly (so `//` inside a
//! URL or a `stage(` inside a string are not mistaken), braces are counted to
//! know which `stage` a step belongs to.

use super::{new_job, push_unique, run_step};
use crate::facts::model::{CiProvider, Job, Pipeline};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Punct(char),
}

/// Id of the job that holds steps written outside any `stage`.
const TOP: &str = "pipeline";

/// Commands that run a shell script.
const SHELLS: &[&str] = &["sh", "bat", "powershell", "pwsh"];

pub fn parse(path: &str, text: &str) -> Result<Vec<Pipeline>, String> {
    let toks = lex(text);
    if toks.is_empty() {
        return Ok(Vec::new());
    }
    let mut jobs: Vec<Job> = Vec::new();
    let mut top: Option<usize> = None;
    let mut top_services: Vec<String> = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut pending_stage: Option<usize> = None;
    let mut depth = 0usize;
    let mut triggers = vec!["push".to_string()];
    let mut tag_filters = Vec::new();

    let tok = |i: usize| toks.get(i).map(|(t, _)| t);
    let mut i = 0;
    while i < toks.len() {
        let (t, line) = (&toks[i].0, toks[i].1);
        let prev_dot = i > 0 && tok(i - 1) == Some(&Tok::Punct('.'));
        match t {
            Tok::Punct('{') => {
                depth += 1;
                if let Some(idx) = pending_stage.take() {
                    stack.push((idx, depth));
                }
            }
            Tok::Punct('}') => {
                if stack.last().is_some_and(|&(_, d)| d == depth) {
                    stack.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Ident(id) if id == "stage" && !prev_dot => {
                let mut j = i + 1;
                if tok(j) == Some(&Tok::Punct('(')) {
                    j += 1;
                }
                // `stage(name: 'x')`
                if matches!(tok(j), Some(Tok::Ident(k)) if k == "name")
                    && tok(j + 1) == Some(&Tok::Punct(':'))
                {
                    j += 2;
                }
                if let Some(Tok::Str(name)) = tok(j) {
                    jobs.push(new_job(name.trim(), line));
                    pending_stage = Some(jobs.len() - 1);
                    i = j;
                }
            }
            Tok::Ident(id) if SHELLS.contains(&id.as_str()) && !prev_dot => {
                if let Some((script, label, end)) = shell_call(&toks, i + 1) {
                    let idx = current_job(&stack, &mut jobs, &mut top, line);
                    jobs[idx]
                        .steps
                        .push(run_step(label, dedent(&script), toks[end].1.max(line)));
                    i = end;
                }
            }
            Tok::Ident(id) if id == "image" => {
                let mut j = i + 1;
                if tok(j) == Some(&Tok::Punct('(')) {
                    j += 1;
                }
                if let Some(Tok::Str(image)) = tok(j) {
                    match stack.last() {
                        Some(&(idx, _)) => push_unique(&mut jobs[idx].services, image.trim()),
                        None => push_unique(&mut top_services, image.trim()),
                    }
                    i = j;
                }
            }
            Tok::Ident(id) if id == "cron" && tok(i + 1) == Some(&Tok::Punct('(')) => {
                push_unique(&mut triggers, "schedule");
            }
            Tok::Ident(id) if id == "changeRequest" => push_unique(&mut triggers, "pull_request"),
            Tok::Ident(id) if id == "buildingTag" => push_unique(&mut triggers, "tag"),
            Tok::Ident(id) if id == "tag" && !prev_dot => {
                let mut j = i + 1;
                if matches!(tok(j), Some(Tok::Ident(k)) if k == "pattern")
                    && tok(j + 1) == Some(&Tok::Punct(':'))
                {
                    j += 2;
                }
                if let Some(Tok::Str(pattern)) = tok(j) {
                    push_unique(&mut triggers, "tag");
                    push_unique(&mut tag_filters, pattern.trim());
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if jobs.is_empty() && top.is_none() {
        // Nothing recognisable: still a pipeline (the file exists and Jenkins runs it).
        jobs.push(new_job(TOP, 1));
    }
    for j in &mut jobs {
        for s in &top_services {
            push_unique(&mut j.services, s.clone());
        }
    }
    Ok(vec![Pipeline {
        provider: CiProvider::Jenkins,
        file: path.to_string(),
        name: None,
        triggers,
        tag_filters,
        input_environments: Vec::new(),
        jobs,
        line: 1,
    }])
}

fn current_job(
    stack: &[(usize, usize)],
    jobs: &mut Vec<Job>,
    top: &mut Option<usize>,
    line: u32,
) -> usize {
    if let Some(&(idx, _)) = stack.last() {
        return idx;
    }
    if let Some(idx) = *top {
        return idx;
    }
    jobs.push(new_job(TOP, line));
    *top = Some(jobs.len() - 1);
    jobs.len() - 1
}

/// After `sh`: `'cmd'`, `('cmd')`, `(script: 'cmd', label: 'x')`,
/// `script: 'cmd'`. Returns the script, the label and the index of the
/// script token.
fn shell_call(toks: &[(Tok, u32)], mut j: usize) -> Option<(String, Option<String>, usize)> {
    let tok = |i: usize| toks.get(i).map(|(t, _)| t);
    if tok(j) == Some(&Tok::Punct('(')) {
        j += 1;
    }
    if let Some(Tok::Str(s)) = tok(j) {
        return Some((s.clone(), None, j));
    }
    let mut script = None;
    let mut label = None;
    // Named arguments: key: value, …
    for _ in 0..12 {
        let Some(Tok::Ident(key)) = tok(j) else { break };
        if tok(j + 1) != Some(&Tok::Punct(':')) {
            break;
        }
        match tok(j + 2) {
            Some(Tok::Str(v)) => {
                if key == "script" {
                    script = Some((v.clone(), j + 2));
                } else if key == "label" {
                    label = Some(v.trim().to_string());
                }
            }
            Some(Tok::Ident(_)) => {}
            _ => break,
        }
        if tok(j + 3) != Some(&Tok::Punct(',')) {
            break;
        }
        j += 4;
    }
    script.map(|(s, at)| (s, label, at))
}

/// Trims a multi-line script and removes the indentation its lines share.
fn dedent(s: &str) -> String {
    let s = s.trim_matches(|c| c == '\n' || c == '\r');
    let indent = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    s.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()).trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Groovy-ish tokens with their 1-based lines.
fn lex(text: &str) -> Vec<(Tok, u32)> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut i = 0;
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            i += 2;
            while i < c.len() && !(c[i] == '*' && at(i + 1) == '/') {
                if c[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 2;
        } else if (ch == '\'' || ch == '"') && at(i + 1) == ch && at(i + 2) == ch {
            let start = line;
            i += 3;
            let mut s = String::new();
            while i < c.len() && !(c[i] == ch && at(i + 1) == ch && at(i + 2) == ch) {
                if c[i] == '\\' && i + 1 < c.len() {
                    s.push(c[i]);
                    i += 1;
                }
                if c[i] == '\n' {
                    line += 1;
                }
                s.push(c[i]);
                i += 1;
            }
            i += 3;
            out.push((Tok::Str(s), start));
        } else if ch == '\'' || ch == '"' {
            i += 1;
            let mut s = String::new();
            while i < c.len() && c[i] != ch && c[i] != '\n' {
                if c[i] == '\\' && i + 1 < c.len() && c[i + 1] != '\n' {
                    i += 1;
                    if c[i] != ch && c[i] != '\\' {
                        s.push('\\');
                    }
                }
                s.push(c[i]);
                i += 1;
            }
            if at(i) == ch {
                i += 1;
            }
            out.push((Tok::Str(s), line));
        } else if ch.is_alphanumeric() || ch == '_' || ch == '$' {
            let mut s = String::new();
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '$') {
                s.push(c[i]);
                i += 1;
            }
            out.push((Tok::Ident(s), line));
        } else {
            out.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    const DECLARATIVE: &str = r#"// https://jenkins.io/doc  stage('not a stage')
pipeline {
    agent { docker { image 'node:20' } }
    triggers { cron('H 2 * * *') }
    stages {
        stage('Build') {
            steps {
                sh 'npm ci'
                sh "npm run build -- --url=http://x/y"
            }
        }
        stage("Test") {
            parallel {
                stage('Unit') {
                    steps { sh(script: 'npm test', returnStatus: true) }
                }
                stage('Lint') {
                    steps {
                        sh label: 'lint', script: 'npm run lint'
                    }
                }
            }
            post { always { junit 'reports/*.xml' } }
        }
        /* stage('Commented') { steps { sh 'nope' } } */
        stage('Deploy to production') {
            when { tag "v*" }
            steps {
                sh '''
                    ./deploy.sh prod
                    echo done
                '''
                bat 'deploy.bat'
            }
        }
    }
    post { failure { sh 'notify.sh' } }
}
"#;

    #[test]
    fn declarative() {
        let p = &parse("Jenkinsfile", DECLARATIVE).unwrap()[0];
        assert_eq!(p.provider, CiProvider::Jenkins);
        assert_eq!(p.triggers, vec!["push", "schedule", "tag"]);
        assert_eq!(p.tag_filters, vec!["v*"]);
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "Build",
                "Test",
                "Unit",
                "Lint",
                "Deploy to production",
                "pipeline"
            ]
        );
        let b = find_job(p, "Build");
        assert_eq!(b.line, 6);
        assert_eq!(runs(b), vec!["npm ci", "npm run build -- --url=http://x/y"]);
        assert_eq!(b.steps[1].line, 9);
        assert_eq!(b.services, vec!["node:20"]);
        assert_eq!(runs(find_job(p, "Unit")), vec!["npm test"]);
        let lint = find_job(p, "Lint");
        assert_eq!(runs(lint), vec!["npm run lint"]);
        assert_eq!(lint.steps[0].name.as_deref(), Some("lint"));
        assert!(find_job(p, "Test").steps.is_empty());
        let d = find_job(p, "Deploy to production");
        assert_eq!(runs(d), vec!["./deploy.sh prod\necho done", "deploy.bat"]);
        assert_eq!(d.steps[0].line, 29);
        assert_eq!(d.environment, None);
        assert_eq!(runs(find_job(p, "pipeline")), vec!["notify.sh"]);
    }

    #[test]
    fn scripted_and_odd_input() {
        let p = &parse(
            "ci/Jenkinsfile",
            "node {\r\n  checkout scm\r\n  stage('Test') {\r\n    sh \"make test\"\r\n  }\r\n}\r\n",
        )
        .unwrap()[0];
        assert_eq!(runs(find_job(p, "Test")), vec!["make test"]);
        assert_eq!(find_job(p, "Test").steps[0].line, 4);
        assert_eq!(p.triggers, vec!["push"]);
        assert!(parse("Jenkinsfile", "").unwrap().is_empty());
        assert!(
            parse("Jenkinsfile", "  // only a comment\n")
                .unwrap()
                .is_empty()
        );
        // Unbalanced, unterminated, truncated: no panic.
        for s in [
            "}}}} stage('a') { sh 'x",
            "sh '''never closed",
            "stage(",
            "sh(script:",
            "/* open",
            "sh \"a\\",
            "stage('é') { sh 'ü' }",
        ] {
            let _ = parse("Jenkinsfile", s).unwrap();
        }
        let p = &parse("Jenkinsfile", "stage('a') { sh 'x' }").unwrap()[0];
        assert_eq!(runs(find_job(p, "a")), vec!["x"]);
    }
}
