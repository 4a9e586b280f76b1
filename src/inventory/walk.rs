//! The parallel walk (the `ignore` crate, as ripgrep uses it) and the bounded reader.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use super::{FileClass, FileEntry, Inventory, ReadError, ScanOptions, classify};
use crate::evidence::{Warning, WarningKind};

/// Directory names never descended into: dependencies, build output, VCS data.
pub const SKIPPED_DIRS: &[&str] = &[
    ".git",
    // infragap's own configuration (user rules): never evidence for itself.
    ".infragap",
    ".hg",
    ".svn",
    "node_modules",
    "vendor",
    "target",
    "dist",
    "build",
    ".next",
    ".nuxt",
    ".svelte-kit",
    ".turbo",
    ".venv",
    "venv",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".tox",
    "bower_components",
    ".gradle",
    ".terraform",
    "coverage",
    ".cache",
    ".parcel-cache",
    ".output",
    ".vercel/output",
    ".expo",
    "Pods",
];

pub(super) fn walk(root: &Path, opts: &ScanOptions) -> anyhow::Result<Inventory> {
    let meta = std::fs::metadata(root)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", root.display()))?;
    if !meta.is_dir() {
        anyhow::bail!("{} is not a directory", root.display());
    }
    let root: PathBuf = root.to_path_buf();
    let mut builder = WalkBuilder::new(&root);
    builder
        .hidden(false) // .github, .gitlab-ci.yml, .env* must be seen
        .require_git(false) // honour .gitignore in tarballs and CI artifacts too
        .parents(true)
        .ignore(true)
        .git_ignore(true)
        .git_global(false) // the scanner's own machine must not change the result
        .git_exclude(false)
        .follow_links(false)
        .add_custom_ignore_filename(".infragapignore")
        .threads(opts.threads);
    // filter_entry needs a 'static closure: share the list through an Arc.
    let skipped = std::sync::Arc::new(Mutex::new(Vec::<String>::new()));
    let root_for_filter = root.clone();
    let skipped_ref = skipped.clone();
    builder.filter_entry(move |entry| {
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if is_dir && entry.depth() > 0 {
            let name = entry.file_name().to_string_lossy();
            let rel = rel_path(&root_for_filter, entry.path());
            if SKIPPED_DIRS.iter().any(|d| *d == name || *d == rel) {
                if name != ".git" {
                    skipped_ref.lock().unwrap().push(rel);
                }
                return false;
            }
        }
        true
    });

    let files = Mutex::new(Vec::<FileEntry>::new());
    let warnings = Mutex::new(Vec::<Warning>::new());
    let max = opts.max_file_size;
    builder.build_parallel().run(|| {
        let files = &files;
        let warnings = &warnings;
        let root = &root;
        Box::new(move |result| {
            let entry = match result {
                Ok(e) => e,
                Err(err) => {
                    let (kind, path) = describe_walk_error(&err, root);
                    warnings
                        .lock()
                        .unwrap()
                        .push(Warning::new(kind, path, err.to_string()));
                    return WalkState::Continue;
                }
            };
            if entry.depth() == 0 {
                return WalkState::Continue;
            }
            let Some(ft) = entry.file_type() else {
                return WalkState::Continue;
            };
            let rel = rel_path(root, entry.path());
            if entry.path().to_str().is_none() {
                warnings.lock().unwrap().push(Warning::new(
                    WarningKind::NonUtf8Name,
                    rel.clone(),
                    "file name is not valid UTF-8; shown with replacement characters",
                ));
            }
            if ft.is_symlink() {
                // Links are never followed: a link could lead outside the root
                // or into a loop. Say so once per link.
                let target = std::fs::read_link(entry.path())
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_default();
                warnings.lock().unwrap().push(Warning::new(
                    WarningKind::Symlink,
                    rel,
                    format!("symbolic link not followed (→ {target})"),
                ));
                return WalkState::Continue;
            }
            if !ft.is_file() {
                return WalkState::Continue;
            }
            let size = match entry.metadata() {
                Ok(m) => m.len(),
                Err(e) => {
                    warnings.lock().unwrap().push(Warning::new(
                        WarningKind::Unreadable,
                        rel,
                        e.to_string(),
                    ));
                    return WalkState::Continue;
                }
            };
            let (mut class, mut language) = classify(&rel);
            // Extension-less scripts (bin/deploy, scripts/setup) say their language in a shebang.
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            if language.is_none()
                && !name.contains('.')
                && size > 2
                && size <= max
                && let Some(lang) = read_shebang(entry.path())
            {
                language = Some(lang);
                class = FileClass::Source;
            }
            let mut readable = class != FileClass::Binary && entry.path().to_str().is_some();
            if size > max {
                readable = false;
                warnings.lock().unwrap().push(Warning::new(
                    WarningKind::TooLarge,
                    rel.clone(),
                    format!("{size} bytes, over the content cap of {max} bytes: listed, not read"),
                ));
            }
            files.lock().unwrap().push(FileEntry {
                path: rel,
                class,
                language,
                size,
                readable,
            });
            WalkState::Continue
        })
    });

    let mut files = files.into_inner().unwrap();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    let mut warnings = warnings.into_inner().unwrap();
    warnings.sort();
    warnings.dedup();
    let mut skipped_dirs = std::mem::take(&mut *skipped.lock().unwrap());
    skipped_dirs.sort();
    skipped_dirs.dedup();
    Ok(Inventory {
        root,
        files,
        skipped_dirs,
        warnings,
        max_file_size: max,
    })
}

fn describe_walk_error(err: &ignore::Error, root: &Path) -> (WarningKind, String) {
    let mut kind = WarningKind::Unreadable;
    let mut path = String::new();
    let mut e = err;
    loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path = rel_path(root, p);
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            ignore::Error::Loop { child, .. } => {
                kind = WarningKind::Symlink;
                path = rel_path(root, child);
                break;
            }
            _ => break,
        }
    }
    (kind, path)
}

/// The language named by a `#!` line, reading at most 128 bytes.
fn read_shebang(path: &Path) -> Option<&'static str> {
    let mut head = [0u8; 128];
    let mut f = std::fs::File::open(path).ok()?;
    let n = f.read(&mut head).ok()?;
    super::classify::language_from_shebang(&head[..n])
}

/// Relative, `/`-separated, lossy for non-UTF-8 names.
pub(crate) fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, c) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    out
}

/// Reads at most `max` bytes of `root/rel`; refuses binaries. The file is
/// opened without following a final symlink that the walk did not list.
pub(super) fn read_bounded(
    root: &Path,
    rel: &str,
    max: u64,
    size_hint: u64,
) -> Result<Vec<u8>, ReadError> {
    let path = root.join(rel);
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    // The walk saw a regular file; if a link has replaced it since, refuse it
    // rather than follow it (O_NOFOLLOW), without an extra stat per file.
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        const O_NOFOLLOW: i32 = 0o400000;
        opts.custom_flags(O_NOFOLLOW);
    }
    #[cfg(not(target_os = "linux"))]
    {
        let meta = std::fs::symlink_metadata(&path).map_err(|e| ReadError::Io(e.to_string()))?;
        if meta.file_type().is_symlink() {
            return Err(ReadError::Io("symbolic link not followed".into()));
        }
    }
    let file = opts.open(&path).map_err(|e| ReadError::Io(e.to_string()))?;
    let mut buf = Vec::with_capacity(size_hint.min(max) as usize);
    // take(): the file may have grown since the walk; the cap still holds.
    file.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if buf.len() as u64 > max {
        return Err(ReadError::TooLarge(buf.len() as u64));
    }
    if super::looks_binary(&buf) {
        return Err(ReadError::Binary);
    }
    Ok(buf)
}
