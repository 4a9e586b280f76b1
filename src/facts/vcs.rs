//! Version-control metadata read straight from `.git` (never by running git):
//! the checked-out commit and the release tags. Reads are small and bounded.

use std::path::Path;

/// What `.git` says about the checkout.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Vcs {
    pub commit: Option<String>,
    /// Tags that look like versions (`v1.2.3`, `2.3`), at most [`MAX_TAGS`], sorted.
    pub version_tags: Vec<String>,
    /// How many version tags there are in all.
    pub version_tag_count: usize,
}

const MAX_TAGS: usize = 10;
const MAX_READ: u64 = 8 << 20;

fn read_small(p: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(p).ok()?;
    if !meta.is_file() || meta.len() > MAX_READ {
        return None;
    }
    std::fs::read_to_string(p).ok()
}

fn is_hash(s: &str) -> bool {
    s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// A tag name that reads as a version: optional `v`, then digits and dots.
pub fn is_version_tag(tag: &str) -> bool {
    let t = tag
        .strip_prefix('v')
        .or_else(|| tag.strip_prefix('V'))
        .unwrap_or(tag);
    let t = t.rsplit('@').next().unwrap_or(t); // monorepo tags: pkg@1.2.3
    let mut parts = t.split(['.', '-', '+']);
    let major = parts.next().unwrap_or("");
    let minor = parts.next().unwrap_or("");
    !major.is_empty()
        && major.chars().all(|c| c.is_ascii_digit())
        && !minor.is_empty()
        && minor.chars().all(|c| c.is_ascii_digit())
}

pub fn read(root: &Path) -> Vcs {
    let git = root.join(".git");
    if !git.is_dir() {
        return Vcs::default();
    }
    let packed = read_small(&git.join("packed-refs")).unwrap_or_default();
    let mut tags: Vec<String> = packed
        .lines()
        .filter_map(|l| {
            l.split_once(' ')
                .and_then(|(_, name)| name.trim().strip_prefix("refs/tags/"))
                .map(str::to_string)
        })
        .collect();
    if let Ok(rd) = std::fs::read_dir(git.join("refs/tags")) {
        for e in rd.flatten().take(10_000) {
            tags.push(e.file_name().to_string_lossy().into_owned());
        }
    }
    tags.retain(|t| is_version_tag(t));
    tags.sort();
    tags.dedup();
    let count = tags.len();
    let shown: Vec<String> = tags.iter().rev().take(MAX_TAGS).cloned().collect();

    let commit = read_small(&git.join("HEAD")).and_then(|head| {
        let head = head.trim();
        if is_hash(head) {
            return Some(head.to_string());
        }
        let r = head.strip_prefix("ref: ")?.trim();
        if r.contains("..") || !r.starts_with("refs/") {
            return None;
        }
        if let Some(h) = read_small(&git.join(r)) {
            let h = h.trim();
            return is_hash(h).then(|| h.to_string());
        }
        packed.lines().find_map(|l| {
            let (h, name) = l.split_once(' ')?;
            (name.trim() == r && is_hash(h)).then(|| h.to_string())
        })
    });
    Vcs {
        commit,
        version_tags: shown,
        version_tag_count: count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_tags() {
        for t in ["v1.2.3", "2.3.3", "1.0", "pkg@1.2.3", "v10.0.0-rc.1"] {
            assert!(is_version_tag(t), "{t}");
        }
        for t in ["latest", "v1", "release", "nightly-2024", "x.1"] {
            assert!(!is_version_tag(t), "{t}");
        }
    }

    #[test]
    fn reads_head_and_tags_without_git() {
        let d = tempfile::tempdir().unwrap();
        let g = d.path().join(".git");
        std::fs::create_dir_all(g.join("refs/tags")).unwrap();
        let h = "0123456789abcdef0123456789abcdef01234567";
        std::fs::write(g.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(
            g.join("packed-refs"),
            format!(
                "# pack-refs\n{h} refs/heads/main\n{h} refs/tags/v1.0.0\n{h} refs/tags/nightly\n"
            ),
        )
        .unwrap();
        std::fs::write(g.join("refs/tags/v1.1.0"), h).unwrap();
        let v = read(d.path());
        assert_eq!(v.commit.as_deref(), Some(h));
        assert_eq!(v.version_tag_count, 2);
    }
}
