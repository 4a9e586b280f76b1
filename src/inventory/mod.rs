//! Stage 1 — inventory: one gitignore-aware walk of the scanned root.
//!
//! Gives every later stage the list of files (relative path, class, language,
//! size) and the only way to read them: a bounded reader that refuses
//! binaries and files over the content cap. Nothing downstream touches the
//! file system except through [`Inventory::read_text`].

mod classify;
mod walk;

pub use classify::{classify, is_code_language, language_of};

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::evidence::Warning;

/// Options for the walk and the reader.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files larger than this are listed but never read (bytes).
    pub max_file_size: u64,
    /// Worker threads for the walk and the content pass (0 = available cores).
    pub threads: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            max_file_size: 2 * 1024 * 1024,
            threads: 0,
        }
    }
}

/// What a file is for; decides which parsers and which rules look at it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FileClass {
    /// Application or library code.
    Source,
    /// Test code (by directory or file-name convention).
    Test,
    /// Configuration (tool configs, env files, YAML/TOML/JSON that is not a manifest).
    Config,
    /// Dependency manifest (package.json, Cargo.toml, go.mod, requirements.txt, …).
    Manifest,
    /// Lock file (package-lock.json, Cargo.lock, …): read for facts, skipped by content rules.
    Lockfile,
    /// CI pipeline definition.
    Ci,
    /// Infrastructure as code (Terraform, Helm, k8s manifests, Dockerfile, compose).
    Iac,
    /// Database migration.
    Migration,
    /// Documentation (Markdown, reStructuredText, plain text).
    Doc,
    /// Generated, minified or vendored code.
    Generated,
    /// Images, fonts, archives and other binary assets.
    Binary,
    /// Anything else.
    Other,
}

/// One file of the inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    /// Path relative to the root, `/`-separated; non-UTF-8 names are shown lossily.
    pub path: String,
    pub class: FileClass,
    /// Language name for source and test files ("TypeScript", "Python", …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'static str>,
    pub size: u64,
    /// False when the file is over the cap, binary by extension, or its name
    /// could not be represented: the reader will refuse it.
    pub readable: bool,
}

/// Why the reader refused a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    TooLarge(u64),
    Binary,
    Io(String),
}

/// The walked tree.
#[derive(Debug, Default)]
pub struct Inventory {
    pub root: PathBuf,
    /// Sorted by path.
    pub files: Vec<FileEntry>,
    /// Directories and files passed over by default skips (node_modules, …), counted.
    pub skipped_dirs: Vec<String>,
    pub warnings: Vec<Warning>,
    pub max_file_size: u64,
}

impl Inventory {
    /// Walks `root` (see [`walk`]). Never fails for problems inside the tree;
    /// those become warnings. Fails only when `root` itself is unusable.
    pub fn walk(root: &Path, opts: &ScanOptions) -> anyhow::Result<Inventory> {
        walk::walk(root, opts)
    }

    /// Builds an inventory by hand (tests, or callers that list files themselves).
    pub fn from_entries(root: PathBuf, mut files: Vec<FileEntry>, max_file_size: u64) -> Inventory {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Inventory {
            root,
            files,
            skipped_dirs: Vec::new(),
            warnings: Vec::new(),
            max_file_size,
        }
    }

    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    pub fn exists(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn of_class(&self, class: FileClass) -> impl Iterator<Item = &FileEntry> {
        self.files.iter().filter(move |f| f.class == class)
    }

    /// Reads a file as text: at most `max_file_size` bytes, refused when a NUL
    /// byte appears in the first 8 KiB (binary), invalid UTF-8 replaced.
    pub fn read_text(&self, entry: &FileEntry) -> Result<String, ReadError> {
        let bytes = self.read_bytes(entry)?;
        Ok(match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    /// Reads a file's bytes under the same limits as [`Inventory::read_text`].
    pub fn read_bytes(&self, entry: &FileEntry) -> Result<Vec<u8>, ReadError> {
        if !entry.readable {
            if entry.size > self.max_file_size {
                return Err(ReadError::TooLarge(entry.size));
            }
            return Err(ReadError::Binary);
        }
        walk::read_bounded(&self.root, &entry.path, self.max_file_size, entry.size)
    }

    /// Convenience: read by path.
    pub fn read_path(&self, path: &str) -> Option<String> {
        self.get(path).and_then(|e| self.read_text(e).ok())
    }
}

/// True when `bytes` looks binary: a NUL in the first 8 KiB, unless the
/// buffer starts with a UTF-16 byte-order mark.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    memchr::memchr(0, head).is_some()
}
