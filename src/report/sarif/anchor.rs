//! Where a result points: its evidence when it has some, otherwise the file
//! where the control is expected, so code scanning (which rejects results
//! without a location) shows absences next to the file a fix would touch.
//! Paths become relative URIs under `%SRCROOT%`.

use crate::inventory::{FileClass, Inventory};

/// The candidate files, picked once per scan from the inventory.
pub struct Anchors {
    ci: Option<String>,
    manifest: Option<String>,
    readme: Option<String>,
    first: Option<String>,
}

/// What an absence is anchored to when nothing better exists: the file every
/// repository is expected to have (empty repositories included).
const LAST_RESORT: &str = "README.md";

impl Anchors {
    pub fn new(inv: &Inventory) -> Anchors {
        // Shallowest first, then by path: the root's files win over nested ones.
        let shallowest = |class: FileClass| {
            inv.of_class(class)
                .min_by_key(|f| (f.path.matches('/').count(), f.path.as_str()))
                .map(|f| f.path.clone())
        };
        let readme = inv
            .files
            .iter()
            .filter(|f| {
                let name = f.path.rsplit('/').next().unwrap_or(&f.path);
                // `get`: a lossy non-UTF-8 name may put a multi-byte
                // character across byte 6.
                name.get(..6)
                    .is_some_and(|p| p.eq_ignore_ascii_case("readme"))
            })
            .min_by_key(|f| (f.path.matches('/').count(), f.path.as_str()))
            .map(|f| f.path.clone());
        Anchors {
            // Inventory order is path order, so the first CI file is stable.
            ci: inv.of_class(FileClass::Ci).next().map(|f| f.path.clone()),
            manifest: shallowest(FileClass::Manifest),
            readme,
            first: inv.files.first().map(|f| f.path.clone()),
        }
    }

    /// The file where a control of `domain` is expected, by domain:
    /// - DEL (delivery): the CI workflow, where pipelines, deploys, gates and
    ///   update bots are configured; then the manifest.
    /// - OPS and CMP (process, privacy): documents, so the README first.
    /// - Every other domain (testing, observability, security, data,
    ///   scalability, configuration, API, AI, tenancy) is closed by adding a
    ///   library or a tool, which lands in the main manifest; then CI for
    ///   the tools that run there.
    ///
    /// then the README, then the first file of the inventory, then README.md.
    pub fn for_domain(&self, domain: &str) -> &str {
        let order: [&Option<String>; 3] = match domain {
            "DEL" => [&self.ci, &self.manifest, &self.readme],
            "OPS" | "CMP" => [&self.readme, &self.manifest, &self.ci],
            _ => [&self.manifest, &self.ci, &self.readme],
        };
        order
            .into_iter()
            .chain([&self.first])
            .find_map(|p| p.as_deref())
            .unwrap_or(LAST_RESORT)
    }
}

/// A repository-relative, `/`-separated path as a relative URI reference:
/// everything but unreserved characters, `/` and the sub-delimiters that are
/// legal in a path is percent-encoded (spaces, `#`, `?`, `%`, `:`, brackets,
/// control characters, non-ASCII as UTF-8 bytes). `:` is encoded so a first
/// segment such as `c:x` cannot read as a URI scheme.
pub fn relative_uri(path: &str) -> String {
    let path = path.trim_start_matches("./");
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether a path can be shown relative to `%SRCROOT%` (a config file given
/// with an absolute `--config` cannot).
pub fn is_relative(path: &str) -> bool {
    !path.is_empty() && !path.starts_with('/') && !path.contains(":\\") && !path.starts_with("..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::FileEntry;

    fn entry(path: &str, class: FileClass) -> FileEntry {
        FileEntry {
            path: path.into(),
            class,
            language: None,
            size: 1,
            readable: true,
        }
    }

    #[test]
    fn uris_encode_what_a_path_segment_cannot_hold() {
        assert_eq!(relative_uri("src/app.ts"), "src/app.ts");
        assert_eq!(relative_uri("docs/my file#1.md"), "docs/my%20file%231.md");
        assert_eq!(relative_uri("a%b?c"), "a%25b%3Fc");
        assert_eq!(
            relative_uri("app/(auth)/[id]/page.tsx"),
            "app/(auth)/%5Bid%5D/page.tsx"
        );
        assert_eq!(relative_uri("c:x"), "c%3Ax");
        assert_eq!(relative_uri("café\u{1b}.js"), "caf%C3%A9%1B.js");
        assert_eq!(relative_uri("./README.md"), "README.md");
    }

    #[test]
    fn absences_anchor_where_the_control_is_expected() {
        let inv = Inventory::from_entries(
            "/r".into(),
            vec![
                entry(".github/workflows/release.yml", FileClass::Ci),
                entry(".github/workflows/ci.yml", FileClass::Ci),
                entry("packages/web/package.json", FileClass::Manifest),
                entry("package.json", FileClass::Manifest),
                entry("docs/README.md", FileClass::Doc),
                entry("bad-\u{FFFD}\u{FFFD}-name.md", FileClass::Doc),
                entry("Readme.md", FileClass::Doc),
                entry("src/index.ts", FileClass::Source),
            ],
            1 << 20,
        );
        let a = Anchors::new(&inv);
        assert_eq!(a.for_domain("DEL"), ".github/workflows/ci.yml");
        assert_eq!(a.for_domain("SEC"), "package.json");
        assert_eq!(a.for_domain("OPS"), "Readme.md");

        let only_source =
            Inventory::from_entries("/r".into(), vec![entry("main.go", FileClass::Source)], 1);
        let a = Anchors::new(&only_source);
        assert_eq!(a.for_domain("DEL"), "main.go");
        let empty = Inventory::from_entries("/r".into(), Vec::new(), 1);
        assert_eq!(Anchors::new(&empty).for_domain("OBS"), "README.md");
    }
}
