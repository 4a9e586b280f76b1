//! Python manifests: `requirements*.txt`/`.in` (and files under a
//! `requirements/` directory), `pyproject.toml` (PEP 621, PEP 735 dependency
//! groups, Poetry, uv, PDM, `build-system.requires`) and `Pipfile`.
//! Names are normalised as PyPI does (lower case, runs of `_`, `.`, `-` → `-`).

use super::tomlx::{self, Table, Value};
use super::{LineIndex, file_name, line_no, strip_bom};
use crate::facts::{DepKind, Dependency, Ecosystem};

/// PyPI name normalisation (PEP 503).
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut last_sep = false;
    for ch in name.trim().chars() {
        if matches!(ch, '_' | '.' | '-') {
            if !last_sep {
                out.push('-');
            }
            last_sep = true;
        } else {
            out.extend(ch.to_lowercase());
            last_sep = false;
        }
    }
    out
}

/// True for requirements files: `requirements*.txt|.in`, or any `.txt`/`.in`
/// directly under a `requirements/` directory.
pub fn is_requirements_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = file_name(&lower);
    let ext_ok = name.ends_with(".txt") || name.ends_with(".in");
    if !ext_ok {
        return false;
    }
    if name.starts_with("requirements") {
        return true;
    }
    let mut parts = lower.rsplit('/');
    parts.next();
    matches!(parts.next(), Some("requirements" | "reqs"))
}

/// Group, extra or file-name words that mean "only for development".
fn is_dev_word(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "dev"
            | "devel"
            | "develop"
            | "development"
            | "test"
            | "tests"
            | "testing"
            | "lint"
            | "linting"
            | "linters"
            | "doc"
            | "docs"
            | "ci"
            | "typing"
            | "types"
            | "style"
            | "qa"
            | "check"
            | "checks"
            | "format"
            | "mypy"
            | "coverage"
            | "bench"
    )
}

fn requirements_kind(path: &str) -> DepKind {
    let lower = path.to_ascii_lowercase();
    let name = file_name(&lower);
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    if stem.split(['-', '_', '.']).any(is_dev_word) {
        DepKind::Dev
    } else {
        DepKind::Runtime
    }
}

/// Name and version constraint of a PEP 508 requirement (`requests[socks]>=2; python_version<"3.8"`).
fn pep508(spec: &str) -> Option<(String, Option<String>)> {
    let s = spec.trim();
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let name = s.get(..end)?;
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut rest = s.get(end..).unwrap_or("").trim_start();
    if rest.starts_with('[') {
        rest = match rest.find(']') {
            Some(i) => rest.get(i + 1..).unwrap_or(""),
            None => return None,
        };
    }
    let rest = rest.split(';').next().unwrap_or("").trim();
    let version = if rest.is_empty() || rest.starts_with('@') {
        None
    } else if rest.starts_with(['<', '>', '=', '!', '~', '(']) {
        Some(rest.trim_matches(['(', ')']).trim().to_string())
    } else {
        // Anything else after a name is not PEP 508.
        return None;
    };
    Some((normalize_name(name), version))
}

/// `#egg=name` of a URL or VCS requirement.
fn egg_name(url: &str) -> Option<String> {
    let frag = url.split_once("#egg=")?.1;
    let name: String = frag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    (!name.is_empty()).then(|| normalize_name(&name))
}

/// Parses a requirements file. Lines it cannot read (options, includes,
/// local paths) are skipped: pip accepts many forms and none of them is an error here.
pub fn parse_requirements(path: &str, text: &str) -> Vec<Dependency> {
    let text = strip_bom(text);
    let kind = requirements_kind(path);
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start = 0usize;
    for (idx, raw) in text.lines().enumerate() {
        if pending.is_empty() {
            start = idx;
        }
        let line = raw.trim_end_matches('\r');
        if let Some(body) = line.strip_suffix('\\') {
            pending.push_str(body);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        let logical = std::mem::take(&mut pending);
        if let Some(dep) = requirement_line(&logical) {
            out.push(Dependency {
                ecosystem: Ecosystem::PyPI,
                name: dep.0,
                version: dep.1,
                kind,
                manifest: path.to_string(),
                line: Some(line_no(start)),
            });
        }
    }
    out
}

fn requirement_line(line: &str) -> Option<(String, Option<String>)> {
    // Comments start at `#` at the beginning or after whitespace.
    let mut cut = line.len();
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && (i == 0 || bytes.get(i - 1).is_some_and(|p| p.is_ascii_whitespace())) {
            cut = i;
            break;
        }
    }
    let line = line.get(..cut).unwrap_or(line).trim();
    if line.is_empty() {
        return None;
    }
    if let Some(opt) = line.strip_prefix('-') {
        // `-e URL#egg=name` names a package; every other option is ignored
        // (`-r`/`-c` includes included: other files are read on their own).
        let opt = opt.trim_start_matches('-');
        if opt.starts_with('e') {
            return egg_name(line).map(|n| (n, None));
        }
        return None;
    }
    if line.contains("://") && !line.contains(" @ ") && !line.contains("@ ") {
        return egg_name(line).map(|n| (n, None));
    }
    if line.starts_with(['.', '/']) {
        return None;
    }
    // Per-requirement options (`--hash=…`) follow the spec.
    let spec = line.split(" --").next().unwrap_or(line);
    pep508(spec)
}

/// Parses `pyproject.toml`.
pub fn parse_pyproject(path: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let doc = tomlx::parse(text)?;
    let root = doc.get_ref();
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let mut push = |name: String, version: Option<String>, kind: DepKind, offset: usize| {
        out.push(Dependency {
            ecosystem: Ecosystem::PyPI,
            name,
            version,
            kind,
            manifest: path.to_string(),
            line: Some(lines.line(offset)),
        });
    };

    // PEP 621.
    if let Some(project) = tomlx::table(root, &["project"]) {
        if let Some(v) = tomlx::get(project, "dependencies") {
            for (spec, off) in string_items(v.get_ref()) {
                if let Some((n, ver)) = pep508(spec) {
                    push(n, ver, DepKind::Runtime, off);
                }
            }
        }
        if let Some(extras) = tomlx::table(project, &["optional-dependencies"]) {
            for (group, _, v) in tomlx::entries(extras) {
                let kind = group_kind(group, DepKind::Optional);
                for (spec, off) in string_items(v.get_ref()) {
                    if let Some((n, ver)) = pep508(spec) {
                        push(n, ver, kind, off);
                    }
                }
            }
        }
    }
    // PEP 735 dependency groups (`{include-group = …}` entries are references, skipped).
    for table in [
        tomlx::table(root, &["dependency-groups"]),
        tomlx::table(root, &["tool", "pdm", "dev-dependencies"]),
    ]
    .into_iter()
    .flatten()
    {
        for (group, _, v) in tomlx::entries(table) {
            let kind = group_kind(group, DepKind::Dev);
            for (spec, off) in string_items(v.get_ref()) {
                if let Some((n, ver)) = pep508(spec) {
                    push(n, ver, kind, off);
                }
            }
        }
    }
    // uv.
    if let Some(uv) = tomlx::table(root, &["tool", "uv"])
        && let Some(v) = tomlx::get(uv, "dev-dependencies")
    {
        for (spec, off) in string_items(v.get_ref()) {
            if let Some((n, ver)) = pep508(spec) {
                push(n, ver, DepKind::Dev, off);
            }
        }
    }
    // Build requirements.
    if let Some(bs) = tomlx::table(root, &["build-system"])
        && let Some(v) = tomlx::get(bs, "requires")
    {
        for (spec, off) in string_items(v.get_ref()) {
            if let Some((n, ver)) = pep508(spec) {
                push(n, ver, DepKind::Build, off);
            }
        }
    }
    // Poetry.
    if let Some(poetry) = tomlx::table(root, &["tool", "poetry"]) {
        let mut tables: Vec<(&Table<'_>, DepKind)> = Vec::new();
        if let Some(t) = tomlx::table(poetry, &["dependencies"]) {
            tables.push((t, DepKind::Runtime));
        }
        if let Some(t) = tomlx::table(poetry, &["dev-dependencies"]) {
            tables.push((t, DepKind::Dev));
        }
        if let Some(groups) = tomlx::table(poetry, &["group"]) {
            for (group, _, g) in tomlx::entries(groups) {
                if let Value::Table(g) = g.get_ref()
                    && let Some(t) = tomlx::table(g, &["dependencies"])
                {
                    let kind = if group == "main" {
                        DepKind::Runtime
                    } else {
                        DepKind::Dev
                    };
                    tables.push((t, kind));
                }
            }
        }
        for (t, kind) in tables {
            for (name, version, kind, off) in keyed_deps(t, kind) {
                push(name, version, kind, off);
            }
        }
    }
    Ok(out)
}

/// Parses a `Pipfile` (`[packages]`, `[dev-packages]`).
pub fn parse_pipfile(path: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    let doc = tomlx::parse(text)?;
    let root = doc.get_ref();
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for (section, kind) in [
        ("packages", DepKind::Runtime),
        ("dev-packages", DepKind::Dev),
    ] {
        let Some(t) = tomlx::table(root, &[section]) else {
            continue;
        };
        for (name, version, kind, off) in keyed_deps(t, kind) {
            out.push(Dependency {
                ecosystem: Ecosystem::PyPI,
                name,
                version,
                kind,
                manifest: path.to_string(),
                line: Some(lines.line(off)),
            });
        }
    }
    Ok(out)
}

fn group_kind(group: &str, default: DepKind) -> DepKind {
    if group.split(['-', '_', '.']).any(is_dev_word) {
        DepKind::Dev
    } else {
        default
    }
}

/// String elements of an array value, with their offsets.
fn string_items<'v>(v: &'v Value<'_>) -> Vec<(&'v str, usize)> {
    match v {
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.get_ref().as_str().map(|s| (s, i.span().start)))
            .collect(),
        _ => Vec::new(),
    }
}

/// `name = "version"` / `name = { version = …, optional = true }` tables
/// (Poetry, Pipfile); `python` is the interpreter, not a package.
fn keyed_deps(t: &Table<'_>, kind: DepKind) -> Vec<(String, Option<String>, DepKind, usize)> {
    let mut out = Vec::new();
    for (key, off, v) in tomlx::entries(t) {
        if key.eq_ignore_ascii_case("python") || key.is_empty() {
            continue;
        }
        let (version, kind) = match v.get_ref() {
            Value::String(s) => (Some(s.to_string()).filter(|s| s != "*"), kind),
            Value::Table(t) => {
                let version = tomlx::get(t, "version")
                    .and_then(|v| v.get_ref().as_str())
                    .map(str::to_string);
                let optional = tomlx::get(t, "optional")
                    .and_then(|v| v.get_ref().as_bool())
                    .unwrap_or(false);
                let kind = if optional && kind == DepKind::Runtime {
                    DepKind::Optional
                } else {
                    kind
                };
                (version, kind)
            }
            // Poetry's multiple-constraint form: a list of tables.
            Value::Array(_) => (None, kind),
            _ => continue,
        };
        out.push((normalize_name(key), version, kind, off));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(deps: &[Dependency]) -> Vec<(String, DepKind, Option<u32>)> {
        let mut v: Vec<_> = deps
            .iter()
            .map(|d| (d.name.clone(), d.kind, d.line))
            .collect();
        v.sort_by_key(|x| x.2);
        v
    }

    #[test]
    fn normalises_names() {
        assert_eq!(
            normalize_name("Django_REST.framework"),
            "django-rest-framework"
        );
        assert_eq!(normalize_name("zope__interface"), "zope-interface");
    }

    #[test]
    fn requirements_forms() {
        let text = "# top comment\n\
-r base.txt\n\
--index-url https://pypi.example/simple\n\
Django>=4.2,<5  # web\n\
requests[socks]==2.31.0 ; python_version >= \"3.8\"\n\
sentry_sdk\n\
-e git+https://github.com/x/y.git#egg=My_Pkg\n\
./local/pkg\n\
numpy==1.26.4 \\\n    --hash=sha256:abc\n\
pkg @ https://example.com/pkg.whl\n\
not a valid line !!\n";
        let deps = parse_requirements("requirements.txt", text);
        let got: Vec<_> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_deref(), d.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("django", Some(">=4.2,<5"), Some(4)),
                ("requests", Some("==2.31.0"), Some(5)),
                ("sentry-sdk", None, Some(6)),
                ("my-pkg", None, Some(7)),
                ("numpy", Some("==1.26.4"), Some(9)),
                ("pkg", None, Some(11)),
            ]
        );
        assert!(deps.iter().all(|d| d.kind == DepKind::Runtime));
    }

    #[test]
    fn requirements_dev_files_and_crlf() {
        let deps = parse_requirements("requirements/test.txt", "\u{feff}pytest\r\npytest-cov\r\n");
        assert_eq!(
            sorted(&deps),
            vec![
                ("pytest".into(), DepKind::Dev, Some(1)),
                ("pytest-cov".into(), DepKind::Dev, Some(2))
            ]
        );
        assert_eq!(
            parse_requirements("requirements-dev.in", "ruff")[0].kind,
            DepKind::Dev
        );
        assert_eq!(
            parse_requirements("requirements-prod.txt", "x")[0].kind,
            DepKind::Runtime
        );
        assert!(parse_requirements("requirements.txt", "").is_empty());
        assert!(parse_requirements("requirements.txt", "\\").is_empty());
        assert!(is_requirements_path("requirements/base.txt"));
        assert!(!is_requirements_path("docs/notes.txt"));
    }

    #[test]
    fn pyproject_pep621_groups_uv_build() {
        let text = r#"[build-system]
requires = ["hatchling"]

[project]
name = "app"
dependencies = [
  "fastapi[standard]>=0.110",
  "SQLModel",
]

[project.optional-dependencies]
redis = ["redis>=5"]
test = ["pytest"]

[dependency-groups]
lint = ["ruff", {include-group = "test"}]

[tool.uv]
dev-dependencies = ["mypy"]

[tool.pdm.dev-dependencies]
doc = ["mkdocs"]
"#;
        let deps = parse_pyproject("pyproject.toml", text).unwrap();
        assert_eq!(
            sorted(&deps),
            vec![
                ("hatchling".into(), DepKind::Build, Some(2)),
                ("fastapi".into(), DepKind::Runtime, Some(7)),
                ("sqlmodel".into(), DepKind::Runtime, Some(8)),
                ("redis".into(), DepKind::Optional, Some(12)),
                ("pytest".into(), DepKind::Dev, Some(13)),
                ("ruff".into(), DepKind::Dev, Some(16)),
                ("mypy".into(), DepKind::Dev, Some(19)),
                ("mkdocs".into(), DepKind::Dev, Some(22)),
            ]
        );
    }

    #[test]
    fn pyproject_poetry() {
        let text = r#"[tool.poetry.dependencies]
python = "^3.11"
Flask = "^3.0"
boto3 = { version = "^1.34", optional = true }

[tool.poetry.group.dev.dependencies]
pytest = "^8"

[tool.poetry.dev-dependencies]
black = "*"
"#;
        let deps = parse_pyproject("pyproject.toml", text).unwrap();
        assert_eq!(
            sorted(&deps),
            vec![
                ("flask".into(), DepKind::Runtime, Some(3)),
                ("boto3".into(), DepKind::Optional, Some(4)),
                ("pytest".into(), DepKind::Dev, Some(7)),
                ("black".into(), DepKind::Dev, Some(10)),
            ]
        );
    }

    #[test]
    fn pipfile_and_malformed() {
        let text = "[[source]]\nurl = \"https://pypi.org/simple\"\n\n[packages]\nflask = \"*\"\n\n[dev-packages]\npytest = {version = \">=8\"}\n";
        let deps = parse_pipfile("Pipfile", text).unwrap();
        assert_eq!(
            sorted(&deps),
            vec![
                ("flask".into(), DepKind::Runtime, Some(5)),
                ("pytest".into(), DepKind::Dev, Some(8))
            ]
        );
        assert!(parse_pipfile("Pipfile", "[packages\n").is_err());
        assert!(
            parse_pyproject("pyproject.toml", "[project]\ndependencies = 'x'\n")
                .unwrap()
                .is_empty()
        );
        assert!(parse_pyproject("pyproject.toml", "x = [").is_err());
    }
}
