//! Team-process documents (OPS-02): setup steps and contributor guides.
//!
//! - `setup_steps`: a heading about installing, setting up, getting started,
//!   running locally or development, followed within 40 lines by a fenced
//!   code block, in a README, a contributor/development guide or `docs/`.
//! - `onboarding_guide`: a guide written for new contributors: CONTRIBUTING
//!   (root, `.github/`, `docs/`), DEVELOPMENT / HACKING / ONBOARDING files,
//!   or the `docs/development/`, `docs/contributing/`, `docs/onboarding/`
//!   folders. Test notes (TESTING.md) and stack lists do not count.

use super::{Analyzer, Outcome};
use crate::evidence::Evidence;
use crate::inventory::FileClass;
use crate::signals::PatternSpec;

const MAX: usize = 8;

fn setup_patterns() -> Vec<PatternSpec> {
    vec![PatternSpec::new(
        r"(?im)^#{1,4}[ \t][^\n]*(install|set[ -]?up|getting started|get started|quick[ -]?start|usage|how to use|run locally|running locally|local development|development|build and run|running the)[^\n]*\n([^\n]*\n){0,40}?[ \t]*(```|~~~)",
        None,
        vec![FileClass::Doc],
    )]
}

/// Lower-cased file name and its folders.
fn split(path: &str) -> (String, Vec<String>) {
    let lower = path.to_ascii_lowercase();
    let mut parts: Vec<String> = lower.split('/').map(str::to_string).collect();
    let name = parts.pop().unwrap_or_default();
    (name, parts)
}

fn is_setup_doc(path: &str) -> bool {
    let (name, dirs) = split(path);
    [
        "readme",
        "contributing",
        "development",
        "develop",
        "hacking",
        "onboarding",
        "install",
        "setup",
        "getting-started",
        "getting_started",
        "local-setup",
    ]
    .iter()
    .any(|p| name.starts_with(p))
        || dirs.first().is_some_and(|d| d == "docs" || d == "doc")
        || dirs.iter().any(|d| d == ".github")
}

fn is_guide(path: &str) -> bool {
    let (name, dirs) = split(path);
    let stem = name.split('.').next().unwrap_or("");
    let ext_ok = name.ends_with(".md")
        || name.ends_with(".mdx")
        || name.ends_with(".rst")
        || name.ends_with(".adoc")
        || name.ends_with(".txt")
        || !name.contains('.');
    if !ext_ok {
        return false;
    }
    let top = dirs.first().map(String::as_str);
    let shallow =
        dirs.is_empty() || matches!(top, Some("docs" | "doc" | ".github")) && dirs.len() == 1;
    if stem == "contributing" && shallow {
        return true;
    }
    if matches!(
        stem,
        "development"
            | "developing"
            | "hacking"
            | "onboarding"
            | "contributor-guide"
            | "developer-guide"
            | "developers"
    ) && (dirs.is_empty() || matches!(top, Some("docs" | "doc")))
    {
        return true;
    }
    matches!(top, Some("docs" | "doc"))
        && dirs.iter().skip(1).take(2).any(|d| {
            matches!(
                d.as_str(),
                "development"
                    | "contributing"
                    | "onboarding"
                    | "contributors"
                    | "developer"
                    | "developers"
            )
        })
}

pub const SETUP_STEPS: Analyzer = Analyzer {
    id: "setup_steps",
    version: 1,
    patterns: setup_patterns,
    question: "Do the README or the contributor docs give setup steps with commands?",
    run: |cx| {
        let ev: Vec<Evidence> = cx
            .own_hits(SETUP_STEPS.id, 0)
            .iter()
            .filter(|h| is_setup_doc(&h.path))
            .take(MAX)
            .map(|h| h.evidence("setup steps"))
            .collect();
        Outcome::yes(ev)
    },
};

pub const ONBOARDING_GUIDE: Analyzer = Analyzer {
    id: "onboarding_guide",
    version: 1,
    patterns: super::no_patterns,
    question: "Is there a contributing or onboarding guide for new contributors?",
    run: |cx| {
        let ev: Vec<Evidence> = cx
            .inv
            .files
            .iter()
            .filter(|f| matches!(f.class, FileClass::Doc | FileClass::Other))
            .filter(|f| is_guide(&f.path))
            .take(MAX)
            .map(|f| Evidence::file(f.path.clone(), "contributor guide"))
            .collect();
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guides_are_recognised() {
        assert!(is_guide("CONTRIBUTING.md"));
        assert!(is_guide(".github/CONTRIBUTING.md"));
        assert!(is_guide("docs/CONTRIBUTING.md"));
        assert!(is_guide("development.md"));
        assert!(is_guide("docs/development/local-setup/linux.mdx"));
        assert!(!is_guide("TESTING.md"));
        assert!(!is_guide("packages/x/CONTRIBUTING.md"));
        assert!(!is_guide("src/development.ts"));
        assert!(is_setup_doc("README.md"));
        assert!(is_setup_doc("backend/README.md"));
        assert!(is_setup_doc("docs/setup.md"));
        assert!(!is_setup_doc("CHANGELOG.md"));
    }

    #[test]
    fn the_setup_pattern_is_gated_and_matches() {
        let p = &setup_patterns()[0];
        assert!(crate::signals::keywords_of(&p.regex).is_some());
        let re = crate::signals::compile_regex(&p.regex).unwrap();
        assert!(re.is_match(b"# App\n\n## Setup\n\n1. Install:\n```bash\nnpm install\n```\n"));
        assert!(!re.is_match(b"# App\n\n## Features\n\n```\nx\n```\n"));
    }
}
