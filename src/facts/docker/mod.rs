//! Dockerfiles and compose files.
//!
//! Files are picked by name: `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`,
//! `*.Dockerfile`, `Containerfile` (and the same shapes), never
//! `*.dockerignore` or scripts/docs that merely start with the name;
//! `docker-compose*.y(a)ml`, `compose.y(a)ml`, `compose.*.y(a)ml`, outside
//! `.github/`.

pub mod compose;
pub mod dockerfile;

use super::Facts;
use crate::inventory::Inventory;

/// Extensions that mean a file is about a Dockerfile, not one.
const NOT_DOCKERFILE_EXT: &[&str] = &[
    "md",
    "txt",
    "rst",
    "sh",
    "bash",
    "ps1",
    "bat",
    "yml",
    "yaml",
    "json",
    "toml",
    "py",
    "js",
    "ts",
    "go",
    "rs",
    "rb",
    "lock",
    "orig",
    "bak",
    "swp",
    "log",
    "html",
    "dockerignore",
    "patch",
    "diff",
];

pub fn is_dockerfile(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    for stem in ["dockerfile", "containerfile"] {
        if name == stem {
            return true;
        }
        let prefixed = name
            .strip_prefix(stem)
            .is_some_and(|rest| rest.starts_with(['.', '-', '_']) && rest.len() > 1);
        let suffixed = name
            .strip_suffix(stem)
            .is_some_and(|rest| rest.ends_with(['.', '-', '_']) && rest.len() > 1);
        if (prefixed || suffixed) && !NOT_DOCKERFILE_EXT.contains(&ext) {
            return true;
        }
    }
    false
}

pub fn is_compose(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.starts_with(".github/") || lower.contains("/.github/") {
        return false;
    }
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let Some(stem) = name
        .strip_suffix(".yml")
        .or_else(|| name.strip_suffix(".yaml"))
    else {
        return false;
    };
    stem.starts_with("docker-compose")
        || stem == "compose"
        || stem.starts_with("compose.")
        || stem.starts_with("compose-")
}

pub fn collect(inv: &Inventory, facts: &mut Facts) {
    for entry in &inv.files {
        let docker = is_dockerfile(&entry.path);
        if !docker && !is_compose(&entry.path) {
            continue;
        }
        let Some(text) = super::read_or_warn(inv, entry, &mut facts.warnings, "container file")
        else {
            continue;
        };
        if docker {
            let (d, warnings) = dockerfile::parse(&entry.path, &text);
            facts.warnings.extend(warnings);
            facts.dockerfiles.push(d);
        } else {
            match compose::parse(&entry.path, &text) {
                Ok(c) => facts.compose.push(c),
                Err(w) => facts.warnings.push(w),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::WarningKind;
    use crate::inventory::{FileClass, FileEntry};

    #[test]
    fn dockerfile_names() {
        for yes in [
            "Dockerfile",
            "app/Dockerfile",
            "Dockerfile.dev",
            "Dockerfile-prod",
            "web.Dockerfile",
            "dev.dockerfile",
            "Containerfile",
            "Dockerfile.j2",
        ] {
            assert!(is_dockerfile(yes), "{yes}");
        }
        for no in [
            "Dockerfile.dockerignore",
            "Dockerfile.md",
            "dockerfile.go",
            "Dockerfiles",
            "mydockerfile",
            "docs/Dockerfile.txt",
            ".dockerignore",
            "Dockerfile.",
        ] {
            assert!(!is_dockerfile(no), "{no}");
        }
    }

    #[test]
    fn compose_names() {
        for yes in [
            "docker-compose.yml",
            "docker-compose.override.yml",
            "deploy/docker-compose.prod.yaml",
            "compose.yaml",
            "compose.deploy.yml",
        ] {
            assert!(is_compose(yes), "{yes}");
        }
        for no in [
            ".github/workflows/deploy-docker-compose.yml",
            ".github/docker-compose.yml",
            "composer.yml",
            "compose.json",
            "my-compose.yml",
        ] {
            assert!(!is_compose(no), "{no}");
        }
    }

    #[test]
    fn collect_reads_both() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Dockerfile"), "FROM a\nCMD x\n").unwrap();
        std::fs::write(
            dir.path().join("compose.yml"),
            "services:\n  a:\n    image: b\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("docker-compose.yml"), "services: [").unwrap();
        std::fs::write(dir.path().join("Dockerfile.prod"), b"FROM a\0\0\xff").unwrap();
        let files = [
            "Dockerfile",
            "compose.yml",
            "docker-compose.yml",
            "README.md",
            "Dockerfile.prod",
        ]
        .iter()
        .map(|p| FileEntry {
            path: p.to_string(),
            class: FileClass::Iac,
            language: None,
            size: 10,
            readable: true,
        })
        .collect();
        let inv = Inventory::from_entries(dir.path().to_path_buf(), files, 1 << 20);
        let mut facts = Facts::default();
        collect(&inv, &mut facts);
        assert_eq!(facts.dockerfiles.len(), 1);
        assert_eq!(facts.compose.len(), 1);
        let mut kinds: Vec<WarningKind> = facts.warnings.iter().map(|w| w.kind).collect();
        kinds.sort();
        assert_eq!(kinds, [WarningKind::Binary, WarningKind::Malformed]);
    }
}
