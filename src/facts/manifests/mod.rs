//! Dependency manifests of every ecosystem.
//!
//! Each format has its own module with a pure `parse(path, text)` that turns
//! one file into [`Dependency`] facts (manifest path and 1-based line on every
//! item). [`collect`] picks the files by name from the inventory, reads them
//! through the bounded reader and turns parse failures into warnings.

pub mod cargo_toml;
pub mod composer_json;
pub mod gemfile;
pub mod go_mod;
pub mod gradle;
pub mod maven_pom;
pub mod package_json;
pub mod python;

use super::{Dependency, Facts};
use crate::evidence::{Warning, WarningKind};
use crate::inventory::{FileClass, FileEntry, Inventory};

/// Which parser reads a file, decided by its name alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestFormat {
    PackageJson,
    CargoToml,
    GoMod,
    Requirements,
    Pyproject,
    Pipfile,
    Gemfile,
    ComposerJson,
    MavenPom,
    Gradle,
    GradleCatalog,
}

/// The manifest format of `path`, if it is one infragap reads.
pub fn format_of(path: &str) -> Option<ManifestFormat> {
    let name = file_name(path);
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "package.json" => ManifestFormat::PackageJson,
        "cargo.toml" => ManifestFormat::CargoToml,
        "go.mod" => ManifestFormat::GoMod,
        "pyproject.toml" => ManifestFormat::Pyproject,
        "pipfile" => ManifestFormat::Pipfile,
        "gemfile" | "gems.rb" => ManifestFormat::Gemfile,
        "composer.json" => ManifestFormat::ComposerJson,
        "pom.xml" => ManifestFormat::MavenPom,
        "build.gradle" | "build.gradle.kts" => ManifestFormat::Gradle,
        "libs.versions.toml" => ManifestFormat::GradleCatalog,
        _ if python::is_requirements_path(path) => ManifestFormat::Requirements,
        _ => return None,
    })
}

/// Parses one manifest of a known format.
pub fn parse(format: ManifestFormat, path: &str, text: &str) -> Result<Vec<Dependency>, String> {
    match format {
        ManifestFormat::PackageJson => package_json::parse(path, text),
        ManifestFormat::CargoToml => cargo_toml::parse(path, text),
        ManifestFormat::GoMod => go_mod::parse(path, text),
        ManifestFormat::Requirements => Ok(python::parse_requirements(path, text)),
        ManifestFormat::Pyproject => python::parse_pyproject(path, text),
        ManifestFormat::Pipfile => python::parse_pipfile(path, text),
        ManifestFormat::Gemfile => Ok(gemfile::parse(path, text)),
        ManifestFormat::ComposerJson => composer_json::parse(path, text),
        ManifestFormat::MavenPom => maven_pom::parse(path, text),
        ManifestFormat::Gradle => Ok(gradle::parse(path, text)),
        // Catalogs only name libraries for build files; they declare nothing.
        ManifestFormat::GradleCatalog => Ok(Vec::new()),
    }
}

/// Reads every manifest of the inventory into `facts.dependencies`.
pub fn collect(inv: &Inventory, facts: &mut Facts) {
    // Version catalogs first: build files refer to them as `libs.x.y`.
    let mut catalogs: Vec<(String, gradle::Catalog)> = Vec::new();
    for entry in inv.files.iter().filter(|f| wanted(f)) {
        if format_of(&entry.path) != Some(ManifestFormat::GradleCatalog) {
            continue;
        }
        if let Some(text) = read(inv, entry, facts) {
            match gradle::parse_catalog(&text) {
                Ok(c) => catalogs.push((entry.path.clone(), c)),
                Err(msg) => facts.warnings.push(Warning::new(
                    WarningKind::Malformed,
                    entry.path.clone(),
                    msg,
                )),
            }
        }
    }
    for entry in inv.files.iter().filter(|f| wanted(f)) {
        let Some(format) = format_of(&entry.path) else {
            continue;
        };
        if format == ManifestFormat::GradleCatalog {
            continue;
        }
        let Some(text) = read(inv, entry, facts) else {
            continue;
        };
        match parse(format, &entry.path, &text) {
            Ok(mut deps) => {
                if format == ManifestFormat::Gradle {
                    gradle::resolve_aliases(&entry.path, &mut deps, &catalogs);
                }
                facts.dependencies.extend(deps);
            }
            Err(msg) => facts.warnings.push(Warning::new(
                WarningKind::Malformed,
                entry.path.clone(),
                msg,
            )),
        }
    }
}

fn wanted(entry: &FileEntry) -> bool {
    entry.readable && !matches!(entry.class, FileClass::Binary | FileClass::Generated)
}

/// Reads a file through the inventory; an I/O failure becomes a warning
/// (size and binary refusals were already reported by the walk).
pub(crate) fn read(inv: &Inventory, entry: &FileEntry, facts: &mut Facts) -> Option<String> {
    super::read_or_warn(inv, entry, &mut facts.warnings, "manifest")
}

/// Last path segment.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Directory part of a relative path ("" for the root).
pub(crate) fn dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => path.get(..i).unwrap_or(""),
        None => "",
    }
}

/// The text without a leading UTF-8 byte-order mark.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Maps byte offsets to 1-based line numbers.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line holding byte `offset` (offsets past the end give the last line).
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(idx + 1).unwrap_or(u32::MAX)
    }
}

/// 1-based line number from a 0-based index.
pub(crate) fn line_no(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

/// Shared helpers for JSON manifests (package.json, composer.json, deno.json).
pub(crate) mod json {
    use jsonc_parser::ast::{Object, ObjectProp, ObjectPropName, Value};
    use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

    /// Parses JSON (comments and trailing commas tolerated) whose top level is an object.
    pub(crate) fn parse_object(text: &str) -> Result<Object<'_>, String> {
        if text.trim().is_empty() {
            return Err("empty file".to_string());
        }
        let res = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
            .map_err(|e| format!("invalid JSON: {e}"))?;
        match res.value {
            Some(Value::Object(o)) => Ok(o),
            Some(_) => Err("top level is not an object".to_string()),
            None => Err("no JSON value".to_string()),
        }
    }

    pub(crate) fn prop_name<'b>(p: &'b ObjectProp<'_>) -> &'b str {
        match &p.name {
            ObjectPropName::String(lit) => lit.value.as_ref(),
            ObjectPropName::Word(w) => w.value,
        }
    }

    pub(crate) fn as_str<'b>(v: &'b Value<'_>) -> Option<&'b str> {
        v.as_string_lit().map(|s| s.value.as_ref())
    }
}

/// Shared helpers for TOML manifests, keeping spans for line numbers.
pub(crate) mod tomlx {
    use toml::Spanned;
    use toml::de::{DeTable, DeValue};

    pub(crate) type Table<'i> = DeTable<'i>;
    pub(crate) type Value<'i> = DeValue<'i>;

    pub(crate) fn parse(text: &str) -> Result<Spanned<DeTable<'_>>, String> {
        DeTable::parse(text).map_err(|e| {
            let msg = e.message().to_string();
            format!("invalid TOML: {}", msg.trim())
        })
    }

    /// The table at a dotted path of keys.
    pub(crate) fn table<'t, 'i>(root: &'t DeTable<'i>, path: &[&str]) -> Option<&'t DeTable<'i>> {
        let mut cur = root;
        for key in path {
            match cur.get(*key).map(|v| v.get_ref()) {
                Some(DeValue::Table(t)) => cur = t,
                _ => return None,
            }
        }
        Some(cur)
    }

    pub(crate) fn get<'t, 'i>(t: &'t DeTable<'i>, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        t.get(key)
    }

    /// Entries with their key's start offset.
    pub(crate) fn entries<'t, 'i>(
        t: &'t DeTable<'i>,
    ) -> impl Iterator<Item = (&'t str, usize, &'t Spanned<DeValue<'i>>)> {
        t.iter()
            .map(|(k, v)| (k.get_ref().as_ref(), k.span().start, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let li = LineIndex::new("ab\ncd\r\nef");
        assert_eq!(li.line(0), 1);
        assert_eq!(li.line(2), 1);
        assert_eq!(li.line(3), 2);
        assert_eq!(li.line(7), 3);
        assert_eq!(li.line(1000), 3);
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(
            format_of("apps/web/package.json"),
            Some(ManifestFormat::PackageJson)
        );
        assert_eq!(
            format_of("requirements/dev.txt"),
            Some(ManifestFormat::Requirements)
        );
        assert_eq!(
            format_of("requirements-test.in"),
            Some(ManifestFormat::Requirements)
        );
        assert_eq!(format_of("Gemfile"), Some(ManifestFormat::Gemfile));
        assert_eq!(
            format_of("app/build.gradle.kts"),
            Some(ManifestFormat::Gradle)
        );
        assert_eq!(format_of("README.md"), None);
        assert_eq!(format_of("package.json.bak"), None);
    }

    #[test]
    fn collect_reads_by_name_and_warns_on_malformed() {
        use crate::inventory::ScanOptions;
        let dir = tempfile::tempdir().unwrap();
        let write = |p: &str, t: &str| {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        };
        write("package.json", "{\"devDependencies\": {\"turbo\": \"2\"}}");
        write(
            "apps/web/package.json",
            "{\"dependencies\": {\"next\": \"14\"}}",
        );
        write("apps/bad/package.json", "{\"dependencies\": ");
        write("backend/requirements-dev.txt", "pytest\n");
        write(
            "gradle/libs.versions.toml",
            "[libraries]\nokhttp = \"com.squareup.okhttp3:okhttp:4.12.0\"\n",
        );
        write(
            "app/build.gradle.kts",
            "dependencies {\n  implementation(libs.okhttp)\n}\n",
        );
        write("README.md", "# not a manifest");
        let inv = Inventory::walk(dir.path(), &ScanOptions::default()).unwrap();
        let mut facts = Facts::default();
        collect(&inv, &mut facts);
        let mut got: Vec<_> = facts
            .dependencies
            .iter()
            .map(|d| (d.manifest.as_str(), d.name.as_str(), d.line))
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                (
                    "app/build.gradle.kts",
                    "com.squareup.okhttp3:okhttp",
                    Some(2)
                ),
                ("apps/web/package.json", "next", Some(1)),
                ("backend/requirements-dev.txt", "pytest", Some(1)),
                ("package.json", "turbo", Some(1)),
            ]
        );
        assert_eq!(facts.warnings.len(), 1);
        assert_eq!(facts.warnings[0].path, "apps/bad/package.json");
        assert_eq!(facts.warnings[0].kind, WarningKind::Malformed);
    }

    /// Every prefix of assorted inputs, through every parser: no panics.
    #[test]
    fn parsers_survive_truncated_input() {
        let samples = [
            "{\"dependencies\": {\"a\": \"1\", \"b\": {\"c\": [1, 2]}}, \"scripts\": {\"t\": \"x && y\"}}",
            "[dependencies]\nserde = { version = \"1\", package = \"é\" }\n[project]\ndependencies = [\"a>=1; python_version<'3'\"]\n",
            "require (\n\tgithub.com/a/b v1 // c\n)\n",
            "-e git+https://x/y#egg=é\nreq[extra]==1 \\\n --hash=x\n",
            "group :test do\n  gem 'é', group: [:dev]\nend\n",
            "<project><dependencies><dependency><groupId>é</groupId><!-- x --><![CDATA[y]]></dependency></dependencies></project>",
            "plugins {\n id(\"x\") version \"1\"\n}\ndependencies { implementation(\"a:b:1\") /* é */ }\n",
            "test: a b ; x\n\t@echo \\\n\tdone\ndefine X\n",
            "alias t := test\ntest *a: (b \"é\")\n    echo\n",
            "tasks:\n  a:\n    cmds:\n      - task: b\n",
        ];
        let formats = [
            ManifestFormat::PackageJson,
            ManifestFormat::CargoToml,
            ManifestFormat::GoMod,
            ManifestFormat::Requirements,
            ManifestFormat::Pyproject,
            ManifestFormat::Pipfile,
            ManifestFormat::Gemfile,
            ManifestFormat::ComposerJson,
            ManifestFormat::MavenPom,
            ManifestFormat::Gradle,
            ManifestFormat::GradleCatalog,
        ];
        use crate::facts::scripts::{self, ScriptFormat};
        let script_formats = [
            ScriptFormat::PackageJson,
            ScriptFormat::Makefile,
            ScriptFormat::Justfile,
            ScriptFormat::Taskfile,
            ScriptFormat::ComposerJson,
            ScriptFormat::Pyproject,
            ScriptFormat::DenoJson,
        ];
        for sample in samples {
            for (i, _) in sample.char_indices() {
                let text = &sample[..i];
                for f in formats {
                    let _ = parse(f, "x", text);
                }
                let _ = gradle::parse_catalog(text);
                for f in script_formats {
                    let _ = scripts::parse(f, "x", text);
                }
                let _ = crate::facts::resolve::expand(text, "", &[]);
                let _ = crate::facts::commands::classify(text);
            }
        }
    }

    #[test]
    fn dir_and_name() {
        assert_eq!(dir_of("a/b/c.json"), "a/b");
        assert_eq!(dir_of("c.json"), "");
        assert_eq!(file_name("a/b/c.json"), "c.json");
    }
}
