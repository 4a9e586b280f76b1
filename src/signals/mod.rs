//! Stage 3 — signals: every content pattern of every rule, matched in one pass.
//!
//! The pass reads each eligible text file once. Per file: a single
//! Aho-Corasick automaton over the literal keywords of all patterns finds
//! which patterns *can* match; only those run their own regex, and only in
//! files that hit are line numbers computed. Patterns are compiled with
//! Unicode classes off (see DESIGN.md: `\w`/`\b` with Unicode made a
//! 345-pattern run 150× slower on translation-heavy trees). Adding rules adds
//! patterns to this one set; it never adds a pass.

use std::sync::Mutex;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use crate::evidence::{Evidence, Warning, WarningKind, sanitize_snippet};
use crate::inventory::{FileClass, Inventory, ReadError};

pub mod cache;
pub mod config_probe;
mod prefilter;

/// Index of a pattern in the compiled set.
pub type PatternId = usize;

/// What matching found in one file: per pattern, the (start, end) byte
/// offsets of its matches. Hits are built from these and the file's bytes;
/// the content cache stores only these.
pub type FileMatches = Vec<(PatternId, Vec<(usize, usize)>)>;

/// Matches kept per pattern (evidence lists are for reading, not counting).
pub const MAX_HITS_PER_PATTERN: usize = 40;
/// Matches recorded per pattern and file.
const MAX_HITS_PER_FILE: usize = 3;

/// A content pattern as a rule declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternSpec {
    pub regex: String,
    /// Only files whose path matches this glob.
    pub glob: Option<String>,
    /// Only files of these classes; empty = every text class except docs.
    pub classes: Vec<FileClass>,
    /// Keep every match (up to [`MAX_HITS_INVENTORY`]) instead of a few for
    /// evidence: for analyzers that take an inventory (env reads, secrets).
    pub inventory: bool,
}

impl PatternSpec {
    pub fn new(
        regex: impl Into<String>,
        glob: Option<&str>,
        classes: Vec<FileClass>,
    ) -> PatternSpec {
        PatternSpec {
            regex: regex.into(),
            glob: glob.map(str::to_string),
            classes,
            inventory: false,
        }
    }
}

/// Matches kept per inventory pattern, and per file.
pub const MAX_HITS_INVENTORY: usize = 5000;
const MAX_HITS_INVENTORY_PER_FILE: usize = 100;
/// Bytes of the matched text kept on a hit.
const MAX_MATCHED: usize = 512;
/// The same for inventory patterns, whose matches may span a few lines of
/// context (a loop opener and its body, for DAT-09).
pub const MAX_MATCHED_INVENTORY: usize = 1024;

/// One match: where, and the line it sits on (sanitised, trimmed).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub path: String,
    pub line: u32,
    pub snippet: String,
    /// The matched text itself (at most 512 bytes, lossy UTF-8), for
    /// analyzers that look inside a match (a secret's value, an env var's
    /// name). Never rendered: secrets must not reach any output.
    pub matched: String,
}

impl Hit {
    /// Evidence at the hit's line: `what: snippet` (never the matched text).
    pub fn evidence(&self, what: &str) -> Evidence {
        Evidence::at(
            self.path.clone(),
            self.line,
            format!("{what}: {}", self.snippet),
        )
    }
}

/// Hits per pattern, plus what the pass read.
#[derive(Debug, Default)]
pub struct Signals {
    /// `hits[pattern_id]`, sorted by path and line, at most [`MAX_HITS_PER_PATTERN`].
    pub hits: Vec<Vec<Hit>>,
    /// Number of files with at least one hit, per pattern (beyond the kept list).
    pub file_counts: Vec<usize>,
    pub files_read: usize,
    pub bytes_read: u64,
    pub warnings: Vec<Warning>,
}

impl Signals {
    pub fn hits(&self, id: PatternId) -> &[Hit] {
        self.hits.get(id).map(|v| v.as_slice()).unwrap_or(&[])
    }
}

/// Classes read when a pattern names none.
const DEFAULT_CLASSES: &[FileClass] = &[
    FileClass::Source,
    FileClass::Test,
    FileClass::Config,
    FileClass::Manifest,
    FileClass::Ci,
    FileClass::Iac,
    FileClass::Migration,
    FileClass::Other,
];

/// The compiled pattern set.
pub struct PatternSet {
    specs: Vec<PatternSpec>,
    regexes: Vec<Regex>,
    /// Pattern → index into `globs` (None: no path filter).
    glob_of: Vec<Option<usize>>,
    globs: GlobSet,
    /// Keyword prefilter: which patterns can match a file.
    prefilter: prefilter::Prefilter,
    /// Patterns without usable keywords: run on every eligible file.
    ungated: Vec<PatternId>,
    /// Identity of the set for the content cache (see [`PatternSet::fingerprint`]).
    fingerprint: [u8; 32],
}

/// Why a pattern could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub index: usize,
    pub message: String,
}

impl PatternSet {
    pub fn new(specs: Vec<PatternSpec>) -> Result<PatternSet, PatternError> {
        let mut regexes = Vec::with_capacity(specs.len());
        let mut glob_builder = GlobSetBuilder::new();
        let mut glob_index: Vec<String> = Vec::new();
        let mut glob_of = Vec::with_capacity(specs.len());
        let mut keywords: Vec<(Vec<u8>, bool, PatternId)> = Vec::new();
        let mut ungated = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let re = compile_regex(&spec.regex).map_err(|m| PatternError {
                index: i,
                message: m,
            })?;
            regexes.push(re);
            glob_of.push(match &spec.glob {
                None => None,
                Some(g) => Some(match glob_index.iter().position(|x| x == g) {
                    Some(pos) => pos,
                    None => {
                        glob_builder.add(compile_glob(g).map_err(|m| PatternError {
                            index: i,
                            message: m,
                        })?);
                        glob_index.push(g.clone());
                        glob_index.len() - 1
                    }
                }),
            });
            match keywords_of(&spec.regex) {
                Some((kws, insensitive)) => {
                    keywords.extend(kws.into_iter().map(|k| (k, insensitive, i)))
                }
                None => ungated.push(i),
            }
        }
        let globs = glob_builder.build().map_err(|e| PatternError {
            index: 0,
            message: e.to_string(),
        })?;
        let prefilter = prefilter::Prefilter::build(&keywords)
            .map_err(|message| PatternError { index: 0, message })?;
        let fingerprint = fingerprint_of(&specs);
        Ok(PatternSet {
            specs,
            regexes,
            glob_of,
            globs,
            prefilter,
            ungated,
            fingerprint,
        })
    }

    /// A hash of everything that decides what the pass finds in a file:
    /// every pattern (regex, glob, classes, mode) in order, the crate version
    /// and the cache format. Equal fingerprints mean equal matches for equal
    /// (path, class, bytes).
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    pub fn len(&self) -> usize {
        self.specs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }

    pub fn specs(&self) -> &[PatternSpec] {
        &self.specs
    }

    /// Patterns whose path filters admit this file.
    fn eligible(&self, path: &str, class: FileClass, scratch: &mut Vec<usize>) -> Vec<bool> {
        scratch.clear();
        self.globs.matches_into(path, scratch);
        self.specs
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let class_ok = if spec.classes.is_empty() {
                    DEFAULT_CLASSES.contains(&class)
                } else {
                    spec.classes.contains(&class)
                };
                class_ok && self.glob_of[i].is_none_or(|g| scratch.contains(&g))
            })
            .collect()
    }

    /// Runs the set over one file's bytes; returns (pattern, hits) pairs.
    #[cfg(test)]
    fn match_file(
        &self,
        path: &str,
        bytes: &[u8],
        eligible: &[bool],
    ) -> Vec<(PatternId, Vec<Hit>)> {
        self.hits_of(path, bytes, &self.match_offsets(bytes, eligible))
    }

    /// The expensive part of the pass: which patterns match where.
    fn match_offsets(&self, bytes: &[u8], eligible: &[bool]) -> FileMatches {
        let mut candidates = vec![false; self.specs.len()];
        for &p in &self.ungated {
            candidates[p] = eligible[p];
        }
        self.prefilter.mark(bytes, eligible, &mut candidates);
        let mut out = Vec::new();
        for (p, is_candidate) in candidates.iter().enumerate() {
            if !is_candidate {
                continue;
            }
            let per_file = if self.specs[p].inventory {
                MAX_HITS_INVENTORY_PER_FILE
            } else {
                MAX_HITS_PER_FILE
            };
            let spans: Vec<(usize, usize)> = self.regexes[p]
                .find_iter(bytes)
                .take(per_file)
                .map(|m| (m.start(), m.end()))
                .collect();
            if !spans.is_empty() {
                out.push((p, spans));
            }
        }
        out
    }

    /// The hits of a file from its match offsets and bytes (cheap: line
    /// numbers and snippets only where something matched).
    fn hits_of(&self, path: &str, bytes: &[u8], found: &FileMatches) -> Vec<(PatternId, Vec<Hit>)> {
        let mut lines = LineCounter::new(bytes);
        found
            .iter()
            .map(|(p, spans)| {
                let max_matched = if self.specs[*p].inventory {
                    MAX_MATCHED_INVENTORY
                } else {
                    MAX_MATCHED
                };
                let hits = spans
                    .iter()
                    .map(|&(start, end)| {
                        // Offsets from the cache are clamped: its content
                        // hash matched, but a slice must never panic.
                        let start = start.min(bytes.len());
                        let end = end.min(start + max_matched).min(bytes.len());
                        let (line, text) = lines.line_of(start);
                        Hit {
                            path: path.to_string(),
                            line,
                            snippet: sanitize_snippet(&String::from_utf8_lossy(text), 120),
                            matched: String::from_utf8_lossy(&bytes[start..end]).into_owned(),
                        }
                    })
                    .collect();
                (*p, hits)
            })
            .collect()
    }
}

fn fingerprint_of(specs: &[PatternSpec]) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&cache::FORMAT_VERSION.to_le_bytes());
    for n in [
        MAX_HITS_PER_FILE,
        MAX_HITS_INVENTORY_PER_FILE,
        MAX_MATCHED,
        MAX_MATCHED_INVENTORY,
    ] {
        h.update(&(n as u64).to_le_bytes());
    }
    for spec in specs {
        // Length-prefixed fields: no two different sets hash the same bytes.
        let classes = format!("{:?}", spec.classes);
        let glob = spec.glob.as_deref().unwrap_or_default();
        for field in [spec.regex.as_str(), glob, classes.as_str()] {
            h.update(&(field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
        h.update(&[spec.glob.is_some() as u8, spec.inventory as u8]);
    }
    *h.finalize().as_bytes()
}

/// Prefix for a pattern whose match must start at the beginning of its line,
/// so that `Hit::matched` keeps the line's indentation (the snippet is
/// trimmed): `LINE_START + r"\bfor \("`. Keywords are extracted from what
/// follows it, so such a pattern is gated like any other.
pub const LINE_START: &str = r"(?m)^[ \t]*[^\n]*?";

/// Literal keywords one of which every match of `regex` must contain, and
/// whether they are matched case-insensitively (lowercased, for `(?i)`
/// patterns); None when no short, finite set exists (the pattern runs ungated).
pub(crate) fn keywords_of(regex: &str) -> Option<(Vec<Vec<u8>>, bool)> {
    let insensitive = regex.contains("(?i");
    // A pattern that keeps its whole line (indentation included) starts
    // with LINE_START; its keywords are those of the rest.
    let regex = regex.strip_prefix(LINE_START).unwrap_or(regex);
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(regex)
        .ok()?;
    let mut best: Option<Vec<Vec<u8>>> = None;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let mut ex = Extractor::new();
        ex.kind(kind)
            .limit_class(4)
            .limit_repeat(4)
            .limit_literal_len(24)
            .limit_total(128);
        let seq = ex.extract(&hir);
        let Some(lits) = seq.literals() else { continue };
        let mut kws: Vec<Vec<u8>> = lits
            .iter()
            .map(|l| {
                if insensitive {
                    l.as_bytes().to_ascii_lowercase()
                } else {
                    l.as_bytes().to_vec()
                }
            })
            .collect();
        kws.sort();
        kws.dedup();
        if kws.is_empty() || kws.iter().any(|k| k.len() < 3) || kws.len() > 64 {
            continue;
        }
        let better = match &best {
            None => true,
            Some(b) => kws.len() < b.len(),
        };
        if better {
            best = Some(kws);
        }
    }
    best.map(|b| (b, insensitive))
}

/// Compiles one pattern the way the set does (bytes, Unicode classes off,
/// bounded size). Rule loading calls it to validate patterns early.
pub fn compile_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(2 * 1024 * 1024)
        .dfa_size_limit(4 * 1024 * 1024)
        .build()
        .map_err(|e| e.to_string())
}

/// Globs match `/`-separated relative paths; `*` stops at `/`.
pub fn compile_glob(glob: &str) -> Result<Glob, String> {
    GlobBuilder::new(glob)
        .literal_separator(true)
        .case_insensitive(false)
        .build()
        .map_err(|e| e.to_string())
}

/// Line numbers computed lazily and incrementally within one file.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Offsets of line starts seen so far.
    pos: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    /// 1-based line of `offset` and that line's bytes (capped at 400).
    fn line_of(&mut self, offset: usize) -> (u32, &'a [u8]) {
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let offset = offset.min(self.bytes.len());
        self.line += memchr::memchr_iter(b'\n', &self.bytes[self.pos..offset]).count() as u32;
        self.pos = offset;
        // Minified files have megabyte lines: look back at most 400 bytes.
        let floor = offset.saturating_sub(400);
        let start =
            memchr::memrchr(b'\n', &self.bytes[floor..offset]).map_or(floor, |i| floor + i + 1);
        let end =
            memchr::memchr(b'\n', &self.bytes[offset..]).map_or(self.bytes.len(), |i| offset + i);
        let end = end.min(start + 400).max(start);
        (self.line, &self.bytes[start..end])
    }
}

/// Files whose paths match each `file` glob: one `GlobSet` lookup per file.
/// `out[glob]` lists inventory indices, at most [`MAX_HITS_PER_PATTERN`].
pub fn match_files(inv: &Inventory, globs: &GlobSet) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); globs.len()];
    let mut scratch = Vec::new();
    for (i, f) in inv.files.iter().enumerate() {
        globs.matches_into(f.path.as_str(), &mut scratch);
        for &g in &scratch {
            if out[g].len() < MAX_HITS_PER_PATTERN {
                out[g].push(i);
            }
        }
    }
    out
}

/// The one content pass.
pub fn scan(inv: &Inventory, set: &PatternSet) -> Signals {
    scan_cached(inv, set, None)
}

/// The content pass, reusing the match positions of unchanged files from
/// `cache` and recording every file's for the next run.
pub fn scan_cached(
    inv: &Inventory,
    set: &PatternSet,
    mut cache: Option<&mut cache::SignalCache>,
) -> Signals {
    let n = set.len();
    let warnings: Mutex<Vec<Warning>> = Mutex::new(Vec::new());
    let files_read = std::sync::atomic::AtomicUsize::new(0);
    let bytes_read = std::sync::atomic::AtomicU64::new(0);
    let cap = |p: PatternId| {
        if set.specs[p].inventory {
            MAX_HITS_INVENTORY
        } else {
            MAX_HITS_PER_PATTERN
        }
    };
    let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); n];
    let mut file_counts = vec![0usize; n];
    if n > 0 {
        // Files are matched in parallel, chunk by chunk, and merged in path
        // order with each pattern's cap applied as they arrive: memory stays
        // bounded by the caps and one chunk's results (not by the size of the
        // repository), and the hits kept are always the first in path order.
        for chunk in inv.files.chunks(FILES_PER_CHUNK) {
            let lookup = cache.as_deref();
            let found: Vec<FileResult> = chunk
                .par_iter()
                .map_init(Vec::new, |scratch, entry| {
                    if !entry.readable {
                        return FileResult::default();
                    }
                    let eligible = set.eligible(&entry.path, entry.class, scratch);
                    if !eligible.iter().any(|e| *e) {
                        return FileResult::default();
                    }
                    let bytes = match inv.read_bytes(entry) {
                        Ok(b) => b,
                        Err(ReadError::Binary) => {
                            warnings.lock().unwrap().push(Warning::new(
                                WarningKind::Binary,
                                entry.path.clone(),
                                "binary content in a file with a text name: not matched",
                            ));
                            return FileResult::default();
                        }
                        Err(ReadError::TooLarge(_)) => return FileResult::default(), // already warned by the walk
                        Err(ReadError::Io(e)) => {
                            warnings.lock().unwrap().push(Warning::new(
                                WarningKind::Unreadable,
                                entry.path.clone(),
                                e,
                            ));
                            return FileResult::default();
                        }
                    };
                    files_read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    bytes_read.fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
                    let Some(c) = lookup else {
                        let found = set.match_offsets(&bytes, &eligible);
                        return FileResult {
                            hits: set.hits_of(&entry.path, &bytes, &found),
                            cached: None,
                        };
                    };
                    // Hashing is far cheaper than matching: reuse the
                    // positions found last time when the content is the same.
                    let size = bytes.len() as u64;
                    let hash = *blake3::hash(&bytes).as_bytes();
                    let (found, reused) = match c.lookup(&entry.path, entry.class, size, &hash) {
                        Some(e) => (e.found.clone(), true),
                        None => (set.match_offsets(&bytes, &eligible), false),
                    };
                    let hits = set.hits_of(&entry.path, &bytes, &found);
                    let class = entry.class;
                    FileResult {
                        hits,
                        cached: Some((
                            cache::Entry {
                                class,
                                size,
                                hash,
                                found,
                            },
                            reused,
                        )),
                    }
                })
                .collect();
            for (entry, result) in chunk.iter().zip(found) {
                for (p, h) in result.hits {
                    file_counts[p] += 1;
                    let room = cap(p).saturating_sub(hits[p].len());
                    hits[p].extend(h.into_iter().take(room));
                }
                if let (Some(c), Some((e, reused))) = (cache.as_deref_mut(), result.cached) {
                    c.record(entry.path.clone(), e, reused);
                }
            }
        }
    }
    // Files arrive in path order and hits within a file in offset order.
    for list in &mut hits {
        list.sort();
    }
    let mut warnings = warnings.into_inner().unwrap();
    warnings.sort();
    Signals {
        hits,
        file_counts,
        files_read: files_read.into_inner(),
        bytes_read: bytes_read.into_inner(),
        warnings,
    }
}

/// One file's part of the pass: its hits, and its cache entry (and whether
/// that came from the cache) when a cache is in use.
#[derive(Default)]
struct FileResult {
    hits: Vec<(PatternId, Vec<Hit>)>,
    cached: Option<(cache::Entry, bool)>,
}

/// Files matched in parallel between two ordered merges.
const FILES_PER_CHUNK: usize = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(re: &str) -> PatternSpec {
        PatternSpec {
            regex: re.into(),
            glob: None,
            classes: vec![],
            inventory: false,
        }
    }

    #[test]
    fn keywords_are_extracted_for_literal_patterns() {
        // Case-sensitive patterns keep their case.
        assert_eq!(
            keywords_of(r"Sentry\.init\("),
            Some((vec![b"Sentry.init(".to_vec()], false))
        );
        // Case-insensitive patterns explode into case variants; a shorter
        // lowercased prefix is still a necessary condition, which is all a prefilter needs.
        let (k, ci) = keywords_of(r"(?i)supertest").unwrap();
        assert!(
            ci && k.len() == 1 && b"supertest".starts_with(&k[0]) && k[0].len() >= 3,
            "{k:?}"
        );
        // alternation
        let (k, _) = keywords_of(r"\b(jest|vitest)\b").unwrap();
        assert!(k.contains(&b"jest".to_vec()) && k.contains(&b"vitest".to_vec()));
        // nothing literal: ungated
        assert_eq!(keywords_of(r"\w+\s*=\s*\d+"), None);
        // a line-keeping prefix does not hide the keyword that follows it
        let (k, _) = keywords_of(&format!("{LINE_START}\\.forEach\\(")).unwrap();
        assert_eq!(k, vec![b".forEach(".to_vec()]);
    }

    #[test]
    fn match_file_finds_lines() {
        let set = PatternSet::new(vec![spec(r"Sentry\.init\("), spec(r"(?i)describe\(")]).unwrap();
        let text = b"import x\n\nSentry.init({})\nDESCRIBE(1)\n";
        let eligible = vec![true, true];
        let found = set.match_file("a.ts", text, &eligible);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1[0].line, 3);
        assert_eq!(found[0].1[0].snippet, "Sentry.init({})");
        assert_eq!(found[1].1[0].line, 4);
    }

    #[test]
    fn globs_and_classes_filter_files() {
        let set = PatternSet::new(vec![
            PatternSpec {
                regex: "x".into(),
                glob: Some("**/*.py".into()),
                classes: vec![],
                inventory: false,
            },
            PatternSpec {
                regex: "y".into(),
                glob: None,
                classes: vec![FileClass::Test],
                inventory: false,
            },
        ])
        .unwrap();
        let mut s = Vec::new();
        assert_eq!(
            set.eligible("a/b.py", FileClass::Source, &mut s),
            vec![true, false]
        );
        assert_eq!(
            set.eligible("a/b.ts", FileClass::Test, &mut s),
            vec![false, true]
        );
        assert_eq!(
            set.eligible("b.py", FileClass::Doc, &mut s),
            vec![false, false]
        );
    }

    #[test]
    fn invalid_utf8_and_unicode_text_do_not_break_matching() {
        let set = PatternSet::new(vec![spec(r"\bredis\b")]).unwrap();
        let mut text = vec![0xff, 0xfe, b'\n'];
        text.extend_from_slice("ünïcödé redis 😀\n".as_bytes());
        let found = set.match_file("a.js", &text, &[true]);
        assert_eq!(found[0].1[0].line, 2);
    }
}
