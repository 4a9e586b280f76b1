//! The CI integrations call only what this repository provides: `action.yml`,
//! the GitLab template and `.pre-commit-hooks.yaml` parse as YAML (with the
//! project's own parser), and every `infragap` command line in them, and in
//! the `--help`/man examples, names a subcommand and flags that the clap
//! definition has.

use std::path::PathBuf;

use clap::CommandFactory;
use infragap::cli::Cli;
use infragap::facts::resolve::{split_commands, words};
use infragap::facts::yaml::{self, Yaml};

fn repo_file(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Long flag named by a shell word: `--flag`, `--flag=v`, or the
/// `${VAR:+--flag "$VAR"}` idiom for optional flags.
fn long_flag(word: &str) -> Option<&str> {
    let rest = if let Some(r) = word.strip_prefix("--") {
        r
    } else if word.starts_with("${") {
        word.split_once(":+--")?.1
    } else {
        return None;
    };
    let end = rest.find(['=', '}', ' ']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Checks every `infragap …` simple command in a shell script; returns how
/// many were checked and the problems found.
fn check_script(script: &str, origin: &str, problems: &mut Vec<String>) -> usize {
    let cli = Cli::command();
    let mut checked = 0;
    for cmd in split_commands(script) {
        let w = words(&cmd);
        if w.first().map(String::as_str) != Some("infragap") {
            continue;
        }
        checked += 1;
        // Arguments end at the first redirection.
        let args: Vec<&str> = w[1..]
            .iter()
            .map(String::as_str)
            .take_while(|a| !(a.starts_with('>') || a.starts_with('<') || a.starts_with("2>")))
            .collect();
        let Some(sub_name) = args.iter().find(|a| !a.starts_with('-')) else {
            if !args
                .iter()
                .all(|a| matches!(*a, "--help" | "-h" | "--version" | "-V"))
            {
                problems.push(format!("{origin}: `{cmd}` has no subcommand"));
            }
            continue;
        };
        let Some(sub) = cli.find_subcommand(sub_name) else {
            problems.push(format!("{origin}: `{cmd}`: no subcommand `{sub_name}`"));
            continue;
        };
        for (i, word) in args.iter().enumerate() {
            if let Some(short) = word.strip_prefix('-').filter(|s| s.len() == 1) {
                let c = short.chars().next().unwrap();
                if c != 'h' && !sub.get_arguments().any(|a| a.get_short() == Some(c)) {
                    problems.push(format!("{origin}: `{cmd}`: `{sub_name}` has no -{c}"));
                }
                continue;
            }
            let Some(flag) = long_flag(word) else {
                continue;
            };
            if flag == "help" {
                continue;
            }
            let Some(arg) = sub.get_arguments().find(|a| a.get_long() == Some(flag)) else {
                problems.push(format!("{origin}: `{cmd}`: `{sub_name}` has no --{flag}"));
                continue;
            };
            // A literal value of a flag with a fixed set of values must be one of them.
            let values = arg.get_possible_values();
            let value = match word.split_once('=') {
                Some((_, v)) if word.starts_with("--") => Some(v),
                _ => args.get(i + 1).copied(),
            };
            if let Some(v) = value.filter(|v| !values.is_empty() && !v.contains('$'))
                && !values.iter().any(|p| p.matches(v, false))
            {
                problems.push(format!("{origin}: `{cmd}`: --{flag} does not accept `{v}`"));
            }
        }
    }
    checked
}

fn map_of<'a>(doc: &'a Yaml, what: &str) -> Vec<(&'a str, &'a Yaml)> {
    assert!(doc.is_map(), "{what} is not a mapping");
    doc.entries()
}

#[test]
fn action_yml_is_a_composite_action_that_calls_only_infragap_commands_that_exist() {
    let text = repo_file("action.yml");
    let doc = yaml::parse_one(&text).expect("action.yml parses");
    let top = map_of(&doc, "action.yml");
    for key in ["name", "description", "inputs", "runs"] {
        assert!(
            top.iter().any(|(k, _)| *k == key),
            "action.yml has no `{key}`"
        );
    }
    let runs = doc.at("runs");
    assert_eq!(runs.at("using").as_str(), Some("composite"));
    let inputs: Vec<&str> = doc.at("inputs").entries().iter().map(|(k, _)| *k).collect();
    for want in [
        "path",
        "fail-on",
        "min-score",
        "min-level",
        "baseline",
        "sarif-file",
    ] {
        assert!(inputs.contains(&want), "input `{want}` missing");
    }
    // Every `${{ inputs.X }}` names a declared input, every `steps.ID` a step.
    let steps = runs.at("steps").as_seq().expect("runs.steps is a list");
    let ids: Vec<&str> = steps.iter().filter_map(|s| s.at("id").as_str()).collect();
    for (prefix, known) in [("inputs.", &inputs), ("steps.", &ids)] {
        for (at, _) in text.match_indices(prefix) {
            let name: String = text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if text[..at].ends_with("github.") {
                continue;
            }
            assert!(known.contains(&name.as_str()), "unknown {prefix}{name}");
        }
    }

    let mut problems = Vec::new();
    let mut invocations = 0;
    let mut subcommands = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let name = step.at("name").as_str().unwrap_or("?");
        if let Some(uses) = step.at("uses").as_str() {
            // Third-party actions pinned to a full commit, the version in a comment.
            let (_, sha) = uses.split_once('@').expect("uses has a ref");
            assert!(
                sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
                "step `{name}`: {uses} is not pinned to a commit"
            );
            let line = text.lines().find(|l| l.contains(uses)).unwrap();
            assert!(
                line.contains("# v"),
                "step `{name}`: {uses} has no version comment"
            );
            continue;
        }
        let run = step
            .at("run")
            .as_str()
            .unwrap_or_else(|| panic!("step {i} `{name}` has neither uses nor run"));
        assert_eq!(step.at("shell").as_str(), Some("bash"), "step `{name}`");
        // Built only from the action's own source; nothing downloaded.
        for bad in ["curl ", "wget ", "cargo install infragap", "--git "] {
            assert!(
                !run.contains(bad),
                "step `{name}` fetches from outside: {bad}"
            );
        }
        if run.contains("cargo install") {
            assert!(
                run.contains("cargo install --path \"$GITHUB_ACTION_PATH\" --locked"),
                "step `{name}` builds from somewhere else"
            );
        }
        let n = check_script(run, &format!("action.yml `{name}`"), &mut problems);
        invocations += n;
        for cmd in split_commands(run) {
            let w = words(&cmd);
            if w.first().map(String::as_str) == Some("infragap") && w.len() > 1 {
                subcommands.push(w[1].clone());
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The three jobs of the action: SARIF, the summary, the gate.
    assert!(invocations >= 3, "only {invocations} infragap calls");
    assert!(subcommands.iter().filter(|s| *s == "scan").count() >= 2);
    assert!(subcommands.iter().any(|s| s == "check"));
    assert!(text.contains("--format sarif") && text.contains("--format md"));
    assert!(text.contains("$GITHUB_STEP_SUMMARY"));
    assert!(text.contains("github/codeql-action/upload-sarif@"));
}

#[test]
fn the_gitlab_template_calls_only_infragap_commands_that_exist() {
    let text = repo_file("integrations/gitlab/infragap.gitlab-ci.yml");
    let doc = yaml::parse_one(&text).expect("the GitLab template parses");
    let mut problems = Vec::new();
    let mut invocations = 0;
    let mut jobs = 0;
    for (name, job) in map_of(&doc, "the GitLab template") {
        if name == "variables" || !job.is_map() {
            continue;
        }
        jobs += 1;
        let script = job.at("script");
        assert!(script.as_seq().is_some(), "job `{name}` has no script list");
        for key in ["before_script", "script", "after_script"] {
            for line in job.at(key).strings() {
                invocations += check_script(line, &format!("GitLab `{name}` {key}"), &mut problems);
            }
        }
        let artifacts = job.at("artifacts").at("paths").strings();
        assert!(
            artifacts.iter().any(|p| p.ends_with(".sarif")),
            "job `{name}` keeps no SARIF artifact"
        );
        assert_eq!(job.at("artifacts").at("when").as_str(), Some("always"));
    }
    assert!(jobs >= 1);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(invocations >= 2, "only {invocations} infragap calls");
    assert!(text.contains("infragap check"));
}

#[test]
fn the_pre_commit_hooks_are_valid_infragap_invocations() {
    let text = repo_file(".pre-commit-hooks.yaml");
    let doc = yaml::parse_one(&text).expect(".pre-commit-hooks.yaml parses");
    let hooks = doc.as_seq().expect("a list of hooks");
    assert!(!hooks.is_empty());
    let mut problems = Vec::new();
    for hook in hooks {
        let id = hook.at("id").as_str().expect("hook id");
        for key in ["name", "entry", "language"] {
            assert!(hook.at(key).as_str().is_some(), "hook {id}: no {key}");
        }
        assert!(matches!(
            hook.at("language").as_str(),
            Some("rust" | "system")
        ));
        // The gate looks at the whole repository, never at a file list.
        assert_eq!(
            hook.at("pass_filenames").as_str(),
            Some("false"),
            "hook {id}"
        );
        let entry = hook.at("entry").as_str().unwrap();
        assert!(entry.starts_with("infragap check"), "hook {id}: {entry}");
        assert!(entry.contains("--fail-on p0"), "hook {id}: {entry}");
        assert_eq!(check_script(entry, &format!("hook {id}"), &mut problems), 1);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_help_and_man_examples_call_commands_that_exist() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (cmd, _) in infragap::manual::EXAMPLES {
        checked += check_script(cmd, "manual::EXAMPLES", &mut problems);
    }
    assert_eq!(checked, infragap::manual::EXAMPLES.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_catches_unknown_subcommands_flags_and_values() {
    let mut problems = Vec::new();
    check_script(
        "infragap scna .\ninfragap scan --formt json\ninfragap scan --format xml\ninfragap scan ${X:+--nope \"$X\"} > out",
        "t",
        &mut problems,
    );
    assert_eq!(problems.len(), 4, "{problems:#?}");
    problems.clear();
    check_script(
        "infragap scan . --format json -o r.json ${C:+--cache \"$C\"} >> \"$GITHUB_STEP_SUMMARY\"",
        "t",
        &mut problems,
    );
    assert!(problems.is_empty(), "{problems:#?}");
}
