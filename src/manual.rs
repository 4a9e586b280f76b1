//! What stands in for a manual: the examples and exit codes of the long
//! `--help`, the `infragap man` page (roff, via clap_mangen) and the
//! `infragap completions SHELL` scripts (clap_complete). Everything is
//! generated from the clap definition, so it cannot drift from the flags.

use std::io::Write;

use clap::CommandFactory;
use roff::{Roff, bold, roman};

use crate::cli::Cli;

/// Command lines worth copying, with what each does. `tests/integrations.rs`
/// checks every one against the clap definition.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "infragap scan",
        "Scan the current directory and print the report.",
    ),
    (
        "infragap scan path/to/repo --format json -o infragap.json",
        "Write the machine-readable report (the input of `diff`).",
    ),
    (
        "infragap scan --format sarif -o infragap.sarif",
        "SARIF for code-scanning dashboards (GitHub, GitLab).",
    ),
    (
        "infragap scan --format md >> \"$GITHUB_STEP_SUMMARY\"",
        "A Markdown summary for a CI job page or a pull-request comment.",
    ),
    (
        "infragap scan --cache .infragap-cache",
        "Reuse the matches of unchanged files: fast re-scans in CI.",
    ),
    (
        "infragap check --fail-on p1 --min-level 2",
        "CI gate: exit 1 when a P0/P1 gap exists or the maturity level is below 2.",
    ),
    (
        "infragap baseline -o infragap-baseline.json",
        "Accept today's gaps; later checks fail only on new gaps or regressions.",
    ),
    (
        "infragap check --baseline infragap-baseline.json",
        "Gate against the baseline.",
    ),
    (
        "infragap diff old.json new.json --format md",
        "What changed between two JSON reports, as a pull-request comment.",
    ),
    (
        "infragap explain SEC-01",
        "What a control checks, why, and how to close it.",
    ),
    (
        "infragap completions bash > ~/.local/share/bash-completion/completions/infragap",
        "Install shell completions (bash, zsh, fish, powershell, elvish).",
    ),
    (
        "infragap man > infragap.1 && man ./infragap.1",
        "This manual page.",
    ),
];

/// Exit codes, the same for every command.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (0, "Success; for `check`, every gate condition passed."),
    (
        1,
        "`check` only: a gate condition failed (the output names it and lists the offending gaps).",
    ),
    (
        2,
        "Usage or configuration error: bad flags, an invalid infragap.toml or user rule, an unreadable path.",
    ),
];

/// The text after the options in `infragap --help`.
pub fn long_help_epilogue() -> String {
    let mut s = String::from("Examples:\n");
    for (cmd, what) in EXAMPLES {
        s.push_str(&format!("  {cmd}\n      {what}\n"));
    }
    s.push_str("\nExit status:\n");
    for (code, what) in EXIT_CODES {
        s.push_str(&format!("  {code}  {what}\n"));
    }
    s.push_str(
        "\nConfiguration: PATH/infragap.toml (`infragap init` writes a commented template);\n\
         user rules in PATH/.infragap/rules/. Documentation: README.md, docs/integrations.md.",
    );
    s
}

/// Writes the completion script for `shell`. Generated into memory first:
/// clap_complete panics on a write error, and `| head` closes the pipe early.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "infragap", &mut buf);
    out.write_all(&buf)
}

/// Renders the manual page of `infragap`, or of one subcommand (`infragap man scan`).
pub fn man(subcommand: Option<&str>, out: &mut dyn Write) -> Result<(), String> {
    let top = Cli::command();
    let version = top.get_version().unwrap_or_default().to_string();
    let (cmd, title) = match subcommand {
        None => (top, "infragap".to_string()),
        Some(name) => {
            let sub = top
                .find_subcommand(name)
                .ok_or_else(|| format!("no command `{name}`; `infragap --help` lists them"))?
                .clone();
            let title = format!("infragap-{}", sub.get_name());
            (sub.name(title.clone()).version(version.clone()), title)
        }
    };
    let page = clap_mangen::Man::new(cmd.clone())
        .title(title.to_uppercase())
        .source(format!("infragap {version}"))
        .manual("infragap manual");
    let mut buf = Vec::new();
    let io = |e: std::io::Error| e.to_string();
    page.render_title(&mut buf).map_err(io)?;
    page.render_name_section(&mut buf).map_err(io)?;
    page.render_synopsis_section(&mut buf).map_err(io)?;
    page.render_description_section(&mut buf).map_err(io)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        page.render_options_section(&mut buf).map_err(io)?;
    }
    if cmd.has_subcommands() {
        page.render_subcommands_section(&mut buf).map_err(io)?;
    }
    let mut roff = Roff::new();
    let examples: Vec<_> = match subcommand {
        None => EXAMPLES.iter().collect(),
        Some(name) => EXAMPLES
            .iter()
            .filter(|(c, _)| c.split_whitespace().nth(1) == Some(name))
            .collect(),
    };
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        for (c, what) in examples {
            roff.control("TP", []);
            roff.text([bold(*c)]);
            roff.text([roman(*what)]);
        }
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, what) in EXIT_CODES {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(*what)]);
    }
    roff.control("SH", ["FILES"]);
    roff.control("TP", []);
    roff.text([bold("infragap.toml")]);
    roff.text([roman(
        "Per-repository configuration (declarations, suppressions, [assessment], [check]); `infragap init` writes a template.",
    )]);
    roff.control("TP", []);
    roff.text([bold(".infragap/rules/")]);
    roff.text([roman(
        "The repository's own rules, added to the built-in catalog.",
    )]);
    roff.control("TP", []);
    roff.text([bold(".infragap-cache/")]);
    roff.text([roman(
        "The suggested --cache directory: match positions of unchanged files (no file content). Written 0600; a directory infragap creates gets a .gitignore that keeps it out of scans and commits.",
    )]);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(
        "infragap-scan(1), infragap-check(1); README.md and docs/integrations.md in the source repository.",
    )]);
    buf.extend_from_slice(roff.render().as_bytes());
    page.render_version_section(&mut buf).map_err(io)?;
    out.write_all(dedup_preamble(&String::from_utf8_lossy(&buf)).as_bytes())
        .map_err(|e| e.to_string())
}

/// Each roff render starts with the same two-line apostrophe preamble; a page
/// assembled from several renders needs it once.
fn dedup_preamble(page: &str) -> String {
    const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    match page.find(PREAMBLE) {
        Some(first) => {
            let rest = &page[first + PREAMBLE.len()..];
            format!("{}{PREAMBLE}{}", &page[..first], rest.replace(PREAMBLE, ""))
        }
        None => page.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_completions_name_every_subcommand() {
        let mut out = Vec::new();
        completions(clap_complete::Shell::Bash, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for sub in Cli::command().get_subcommands() {
            assert!(
                text.contains(sub.get_name()),
                "{} missing from bash completions",
                sub.get_name()
            );
        }
        assert!(text.contains("--cache") && text.contains("--format"));
    }

    #[test]
    fn every_shell_gets_a_script() {
        use clap::ValueEnum;
        for shell in clap_complete::Shell::value_variants() {
            let mut out = Vec::new();
            completions(*shell, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(
                text.contains("infragap") && text.contains("scan"),
                "{shell}"
            );
        }
    }

    #[test]
    fn man_page_lists_subcommands_exit_status_and_examples() {
        let mut out = Vec::new();
        man(None, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\n.TH INFRAGAP 1 "), "{text}");
        for sub in Cli::command().get_subcommands() {
            assert!(
                text.contains(&format!("infragap\\-{}", sub.get_name())),
                "{} missing from the man page",
                sub.get_name()
            );
        }
        assert!(text.contains(".SH \"EXIT STATUS\""), "{text}");
        assert!(text.contains(".SH EXAMPLES"));
        assert!(text.contains("Usage or configuration error"));
    }

    #[test]
    fn man_page_of_a_subcommand_has_its_flags() {
        let mut out = Vec::new();
        man(Some("scan"), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\n.TH INFRAGAP-SCAN 1 "), "{text}");
        assert!(text.contains("\\-\\-cache") && text.contains("\\-\\-format"));
        assert!(text.contains(".SH \"EXIT STATUS\""));
        assert!(man(Some("nope"), &mut Vec::new()).is_err());
    }

    #[test]
    fn long_help_has_examples_and_exit_codes() {
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("Examples:") && help.contains("Exit status:"));
        assert!(help.contains("infragap check --fail-on p1"));
    }
}
