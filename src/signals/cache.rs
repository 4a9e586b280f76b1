//! The content cache of the signals pass (`--cache DIR`).
//!
//! Matching every pattern over a file costs far more than reading and hashing
//! it, so a re-scan of a large repository after a small change can reuse the
//! match positions of every file whose content is unchanged. An entry is keyed
//! by the file's relative path, class, size and BLAKE3 content hash; the whole
//! file is keyed by the pattern set's fingerprint (every pattern's source,
//! glob, classes and mode, the crate version and [`FORMAT_VERSION`]), so any
//! rule change empties it.
//!
//! Only match *positions* are stored: (pattern, start, end) byte offsets. The
//! hits (line, snippet, matched text) are rebuilt from the file's bytes, which
//! the scan reads anyway to hash them. So the cache holds no file content and
//! no secret value, and a cached scan gives exactly the hits of an uncached one.
//!
//! The file is read whole, checked (magic, format, fingerprint, a BLAKE3
//! checksum over everything, and bounds on every length), and ignored with a
//! warning when anything is off: a damaged cache costs a full scan, never a
//! wrong result or a panic. It is written to a temporary file and renamed over
//! the old one, so a crash or a concurrent scan never leaves half a cache.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{FileMatches, PatternSet};
use crate::inventory::FileClass;

/// Name of the cache file inside the cache directory.
pub const FILE_NAME: &str = "signals.bin";
/// The directory name the documentation suggests (`--cache .infragap-cache`).
pub const SUGGESTED_DIR: &str = ".infragap-cache";
/// Bump whenever what a file's matches are, or how they are encoded, changes
/// (the crate version alone does not move between development builds).
pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 16] = b"infragap-signals";
/// Entries in a cache file are capped well above any repository we walk; the
/// cap only keeps a damaged count from driving a huge allocation.
const MAX_ENTRIES: u64 = 10_000_000;

/// What the cache knows about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub class: FileClass,
    pub size: u64,
    pub hash: [u8; 32],
    /// Match positions per pattern, as the pass found them.
    pub found: FileMatches,
}

/// A loaded cache (possibly empty) and the entries of the scan in progress.
#[derive(Debug)]
pub struct SignalCache {
    path: PathBuf,
    fingerprint: [u8; 32],
    previous: HashMap<String, Entry>,
    next: Vec<(String, Entry)>,
    /// Files whose matches came from the cache / were matched anew.
    pub reused: usize,
    pub matched: usize,
    /// Why the previous cache was not used, or could not be saved.
    pub warnings: Vec<String>,
}

impl SignalCache {
    /// Opens `dir`'s cache for this pattern set. A missing file is an empty
    /// cache; an unreadable, damaged or foreign one is an empty cache and a warning.
    pub fn open(dir: &Path, set: &PatternSet) -> SignalCache {
        let path = dir.join(FILE_NAME);
        let fingerprint = set.fingerprint();
        let mut cache = SignalCache {
            path,
            fingerprint,
            previous: HashMap::new(),
            next: Vec::new(),
            reused: 0,
            matched: 0,
            warnings: Vec::new(),
        };
        match std::fs::read(&cache.path) {
            Ok(bytes) => match decode(&bytes, &fingerprint, set.len()) {
                Ok(entries) => cache.previous = entries,
                Err(why) => cache.warnings.push(format!(
                    "cache {} ignored ({why}); rebuilding it",
                    cache.path.display()
                )),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => cache.warnings.push(format!(
                "cache {} could not be read ({e}); scanning without it",
                cache.path.display()
            )),
        }
        cache
    }

    /// The cached matches of a file, when its path, class, size and content hash all agree.
    pub fn lookup(
        &self,
        path: &str,
        class: FileClass,
        size: u64,
        hash: &[u8; 32],
    ) -> Option<&Entry> {
        self.previous
            .get(path)
            .filter(|e| e.class == class && e.size == size && &e.hash == hash)
    }

    /// Records a file's entry for the cache written by [`SignalCache::save`].
    pub fn record(&mut self, path: String, entry: Entry, reused: bool) {
        if reused {
            self.reused += 1;
        } else {
            self.matched += 1;
        }
        self.next.push((path, entry));
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the entries of this scan (only files that still exist), atomically.
    pub fn save(&mut self) {
        if let Err(e) = self.write() {
            self.warnings.push(format!(
                "cache {} could not be written ({e})",
                self.path.display()
            ));
        }
    }

    fn write(&self) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        // A cache directory inside the scanned tree must not become part of
        // the next scan: a `.gitignore` of `*` hides it (and itself) from the
        // walk. Only in a directory infragap creates: `--cache .` must never
        // hide a user's repository.
        if !dir.exists() {
            std::fs::create_dir_all(dir)?;
            std::fs::write(
                dir.join(".gitignore"),
                "# infragap's content cache: never commit, never scanned\n*\n",
            )?;
        }
        let bytes = encode(&self.fingerprint, &self.next);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let tmp = dir.join(format!(".{FILE_NAME}.{}.{nanos}.tmp", std::process::id()));
        let result = write_private(&tmp, &bytes).and_then(|()| std::fs::rename(&tmp, &self.path));
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// Creates `path` readable by its owner only (it names every file of the
/// repository), failing rather than following or reusing an existing file.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Every file class, in a fixed order: the on-disk code is the index.
const CLASSES: [FileClass; 12] = [
    FileClass::Source,
    FileClass::Test,
    FileClass::Config,
    FileClass::Manifest,
    FileClass::Lockfile,
    FileClass::Ci,
    FileClass::Iac,
    FileClass::Migration,
    FileClass::Doc,
    FileClass::Generated,
    FileClass::Binary,
    FileClass::Other,
];

fn class_code(c: FileClass) -> u8 {
    CLASSES
        .iter()
        .position(|x| *x == c)
        .unwrap_or(u8::MAX as usize) as u8
}

/// Layout (little-endian): magic, format version u32, fingerprint [32], entry
/// count u64, entries, then a BLAKE3 hash of all of the above. An entry: path
/// (u32 length + UTF-8), class u8, size u64, content hash [32], pattern count
/// u32, and per pattern its id u32, match count u32 and (start u64, end u64) pairs.
fn encode(fingerprint: &[u8; 32], entries: &[(String, Entry)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + entries.len() * 80);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(fingerprint);
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (path, e) in entries {
        out.extend_from_slice(&(path.len() as u32).to_le_bytes());
        out.extend_from_slice(path.as_bytes());
        out.push(class_code(e.class));
        out.extend_from_slice(&e.size.to_le_bytes());
        out.extend_from_slice(&e.hash);
        out.extend_from_slice(&(e.found.len() as u32).to_le_bytes());
        for (p, spans) in &e.found {
            out.extend_from_slice(&(*p as u32).to_le_bytes());
            out.extend_from_slice(&(spans.len() as u32).to_le_bytes());
            for (s, t) in spans {
                out.extend_from_slice(&(*s as u64).to_le_bytes());
                out.extend_from_slice(&(*t as u64).to_le_bytes());
            }
        }
    }
    let sum = blake3::hash(&out);
    out.extend_from_slice(sum.as_bytes());
    out
}

fn decode(
    bytes: &[u8],
    fingerprint: &[u8; 32],
    patterns: usize,
) -> Result<HashMap<String, Entry>, String> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not an infragap cache file".into());
    }
    if bytes.len() < MAGIC.len() + 4 + 32 + 8 + 32 {
        return Err("truncated".into());
    }
    let (body, sum) = bytes.split_at(bytes.len() - 32);
    if blake3::hash(body).as_bytes() != sum {
        return Err("truncated or corrupt: checksum mismatch".into());
    }
    let mut r = Reader {
        bytes: body,
        at: MAGIC.len(),
    };
    let version = r.u32()?;
    if version != FORMAT_VERSION {
        return Err(format!(
            "written by another infragap version (cache format {version}, this build reads {FORMAT_VERSION})"
        ));
    }
    if r.take(32)? != fingerprint {
        return Err("written for other rules or another infragap version".into());
    }
    let count = r.u64()?;
    if count > MAX_ENTRIES {
        return Err("corrupt entry count".into());
    }
    let mut entries = HashMap::with_capacity(count.min(1 << 20) as usize);
    for _ in 0..count {
        let len = r.u32()? as usize;
        let path = std::str::from_utf8(r.take(len)?)
            .map_err(|_| "corrupt path".to_string())?
            .to_string();
        let class = *CLASSES
            .get(r.u8()? as usize)
            .ok_or_else(|| "corrupt file class".to_string())?;
        let size = r.u64()?;
        let hash: [u8; 32] = r
            .take(32)?
            .try_into()
            .map_err(|_| "truncated".to_string())?;
        let npat = r.u32()? as usize;
        let mut found = Vec::with_capacity(npat.min(patterns));
        for _ in 0..npat {
            let p = r.u32()? as usize;
            if p >= patterns {
                return Err("corrupt pattern id".into());
            }
            let n = r.u32()? as usize;
            let mut spans = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                let (s, t) = (r.u64()?, r.u64()?);
                if s > t || t > size {
                    return Err("corrupt match position".into());
                }
                spans.push((s as usize, t as usize));
            }
            found.push((p, spans));
        }
        entries.insert(
            path,
            Entry {
                class,
                size,
                hash,
                found,
            },
        );
    }
    if r.at != body.len() {
        return Err("trailing bytes".into());
    }
    Ok(entries)
}

/// Bounds-checked little-endian reads: a short buffer is an error, never a panic.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| "truncated".to_string())?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::PatternSpec;

    fn set() -> PatternSet {
        PatternSet::new(vec![PatternSpec::new(r"redis", None, vec![])]).unwrap()
    }

    fn entries() -> Vec<(String, Entry)> {
        vec![
            (
                "a.ts".into(),
                Entry {
                    class: FileClass::Source,
                    size: 20,
                    hash: [7; 32],
                    found: vec![(0, vec![(3, 8), (10, 15)])],
                },
            ),
            (
                "b.yml".into(),
                Entry {
                    class: FileClass::Ci,
                    size: 4,
                    hash: [9; 32],
                    found: vec![],
                },
            ),
        ]
    }

    #[test]
    fn round_trip() {
        let s = set();
        let bytes = encode(&s.fingerprint(), &entries());
        let back = decode(&bytes, &s.fingerprint(), s.len()).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back["a.ts"], entries()[0].1);
        assert_eq!(back["b.yml"], entries()[1].1);
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_rejected_without_panic() {
        let s = set();
        let bytes = encode(&s.fingerprint(), &entries());
        for n in 0..bytes.len() {
            assert!(
                decode(&bytes[..n], &s.fingerprint(), s.len()).is_err(),
                "prefix {n}"
            );
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x40;
            assert!(decode(&b, &s.fingerprint(), s.len()).is_err(), "byte {i}");
        }
    }

    #[test]
    fn an_existing_directory_gets_no_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = SignalCache::open(dir.path(), &set());
        c.save();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert!(dir.path().join(FILE_NAME).exists());
        assert!(!dir.path().join(".gitignore").exists());
        let created = dir.path().join("new/cache");
        let mut c = SignalCache::open(&created, &set());
        c.save();
        let ignore = std::fs::read_to_string(created.join(".gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*"));
    }

    #[test]
    fn another_pattern_set_or_format_is_foreign() {
        let s = set();
        let bytes = encode(&s.fingerprint(), &entries());
        let other = PatternSet::new(vec![PatternSpec::new(r"redis\b", None, vec![])]).unwrap();
        assert_ne!(other.fingerprint(), s.fingerprint());
        let err = decode(&bytes, &other.fingerprint(), other.len()).unwrap_err();
        assert!(err.contains("other rules"), "{err}");
        // A well-formed file of another format version (checksum recomputed).
        let mut b = bytes[..bytes.len() - 32].to_vec();
        b[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let sum = blake3::hash(&b);
        b.extend_from_slice(sum.as_bytes());
        let err = decode(&b, &s.fingerprint(), s.len()).unwrap_err();
        assert!(err.contains("another infragap version"), "{err}");
    }

    #[test]
    fn damaged_file_on_disk_is_ignored_with_a_warning_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"infragap-signals\x01\x00").unwrap();
        let s = set();
        let mut c = SignalCache::open(dir.path(), &s);
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(c.lookup("a.ts", FileClass::Source, 20, &[7; 32]).is_none());
        let (p, e) = entries().remove(0);
        c.record(p, e, false);
        c.save();
        let c2 = SignalCache::open(dir.path(), &s);
        assert!(c2.warnings.is_empty(), "{:?}", c2.warnings);
        assert!(c2.lookup("a.ts", FileClass::Source, 20, &[7; 32]).is_some());
        // Same path, other content or class: no reuse.
        assert!(c2.lookup("a.ts", FileClass::Source, 20, &[8; 32]).is_none());
        assert!(c2.lookup("a.ts", FileClass::Test, 20, &[7; 32]).is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // No temporary file is left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }
}
