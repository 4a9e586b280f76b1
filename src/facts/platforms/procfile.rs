//! `Procfile` (Heroku and buildpack platforms) and `Procfile.<variant>`.
//!
//! Each `type: command` line is a `process <type>: <command>` setting.
//! Variants named for local development (`Procfile.dev`, used by foreman,
//! overmind and Rails' `bin/dev`) declare no platform and are not read.

use super::{Builder, Parsed, base_name};
use crate::facts::Platform;

const LOCAL_VARIANTS: &[&str] = &["dev", "development", "local", "test"];

/// `Procfile.<variant>` that is not a local-development variant.
pub fn is_procfile(name: &str) -> bool {
    match name.strip_prefix("Procfile.") {
        Some(v) => !v.is_empty() && !LOCAL_VARIANTS.contains(&v.to_ascii_lowercase().as_str()),
        None => name == "Procfile",
    }
}

pub fn parse(path: &str, text: &str) -> Parsed {
    let mut b = Builder::new(Platform::Heroku, path);
    if !is_procfile(base_name(path)) && !base_name(path).eq_ignore_ascii_case("procfile") {
        return Ok(Vec::new());
    }
    for (i, line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((name, cmd)) = trimmed.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty()
            || name.len() > 64
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let cmd = cmd.trim();
        if cmd.is_empty() {
            continue;
        }
        if name == "web" {
            b.mark(line_no);
        }
        b.setting(line_no, format!("process {name}: {cmd}"));
    }
    Ok(vec![b.build()])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ev, one};
    use super::*;

    #[test]
    fn processes_with_lines() {
        let text = "# comment\nrelease: bin/rails db:migrate\nweb: bundle exec puma -C config/puma.rb\n\nworker: bundle exec sidekiq\nclock: bin/clock\nnot a process line\n";
        let d = one(parse("Procfile", text));
        assert_eq!(d.platform, Platform::Heroku);
        assert_eq!(d.line, 3);
        assert_eq!(
            ev(&d.settings),
            [
                (2, "process release: bin/rails db:migrate".to_string()),
                (
                    3,
                    "process web: bundle exec puma -C config/puma.rb".to_string()
                ),
                (5, "process worker: bundle exec sidekiq".to_string()),
                (6, "process clock: bin/clock".to_string()),
            ]
        );
    }

    #[test]
    fn variants_and_junk() {
        assert!(is_procfile("Procfile"));
        assert!(is_procfile("Procfile.prod"));
        assert!(!is_procfile("Procfile.dev"));
        assert!(!is_procfile("Procfile."));
        assert!(parse("Procfile.dev", "web: x").unwrap().is_empty());
        let d = one(parse("Procfile", "\u{fffd}\u{0}: x\nweb:\n::::\n"));
        assert!(d.settings.is_empty());
        assert_eq!(d.line, 1);
        let long = "web: ".to_string() + &"x".repeat(100_000);
        let d = one(parse("Procfile", &long));
        assert_eq!(d.settings.len(), 1);
    }
}
