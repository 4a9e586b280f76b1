//! File classes and languages from paths alone (no content is read here).

use super::FileClass;

/// Language of a file by extension or well-known name.
pub fn language_of(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    if matches!(lower.as_str(), "dockerfile" | "containerfile") || lower.ends_with(".dockerfile") {
        return Some("Dockerfile");
    }
    if matches!(lower.as_str(), "makefile" | "gnumakefile") {
        return Some("Makefile");
    }
    if lower == "rakefile" || lower == "gemfile" {
        return Some("Ruby");
    }
    if lower == "jenkinsfile" {
        return Some("Groovy");
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "ts" | "tsx" | "mts" | "cts" => "TypeScript",
        "js" | "jsx" | "mjs" | "cjs" => "JavaScript",
        "py" | "pyi" => "Python",
        "go" => "Go",
        "rs" => "Rust",
        "java" => "Java",
        "kt" | "kts" => "Kotlin",
        "scala" => "Scala",
        "rb" | "rake" | "erb" => "Ruby",
        "php" => "PHP",
        "cs" => "C#",
        "fs" => "F#",
        "swift" => "Swift",
        "dart" => "Dart",
        "ex" | "exs" | "heex" => "Elixir",
        "erl" => "Erlang",
        "c" | "h" => "C",
        "cc" | "cpp" | "cxx" | "hpp" | "hh" => "C++",
        "m" | "mm" => "Objective-C",
        "sh" | "bash" | "zsh" => "Shell",
        "ps1" => "PowerShell",
        "sql" => "SQL",
        "vue" => "Vue",
        "svelte" => "Svelte",
        "astro" => "Astro",
        "html" | "htm" => "HTML",
        "css" | "scss" | "sass" | "less" => "CSS",
        "lua" => "Lua",
        "r" => "R",
        "groovy" | "gradle" => "Groovy",
        "tf" | "hcl" => "HCL",
        "blade.php" => "PHP",
        "zig" => "Zig",
        "clj" | "cljs" => "Clojure",
        "hs" => "Haskell",
        "ml" => "OCaml",
        "jl" => "Julia",
        "nix" => "Nix",
        "proto" => "Protocol Buffers",
        "graphql" | "gql" => "GraphQL",
        "prisma" => "Prisma",
        _ => return None,
    })
}

/// Language of a script from its `#!` line (`#!/usr/bin/env node`, `#!/bin/bash`).
pub fn language_from_shebang(head: &[u8]) -> Option<&'static str> {
    let line = head.strip_prefix(b"#!")?;
    let end = line.iter().position(|&b| b == b'\n').unwrap_or(line.len());
    let line = std::str::from_utf8(&line[..end]).ok()?;
    let mut words = line.split_whitespace();
    let mut prog = words.next()?.rsplit('/').next()?;
    if prog == "env" {
        prog = words.find(|w| !w.starts_with('-'))?;
    }
    let prog = prog.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    Some(match prog {
        "node" | "nodejs" | "bun" => "JavaScript",
        "deno" | "ts-node" | "tsx" => "TypeScript",
        "python" | "pypy" => "Python",
        "ruby" => "Ruby",
        "php" => "PHP",
        "sh" | "bash" | "zsh" | "dash" | "ksh" => "Shell",
        "perl" => "Perl",
        _ => return None,
    })
}

/// Languages that count as program code (for language shares and "has source").
pub fn is_code_language(lang: &str) -> bool {
    !matches!(
        lang,
        "Dockerfile"
            | "Makefile"
            | "HTML"
            | "CSS"
            | "SQL"
            | "HCL"
            | "Nix"
            | "Protocol Buffers"
            | "GraphQL"
            | "Prisma"
    )
}

const BINARY_EXTS: &[&str] = &[
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "ico",
    "bmp",
    "tiff",
    "avif",
    "heic",
    "psd",
    "woff",
    "woff2",
    "ttf",
    "otf",
    "eot",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "xz",
    "zst",
    "7z",
    "rar",
    "tar",
    "jar",
    "war",
    "ear",
    "class",
    "pdf",
    "mp3",
    "mp4",
    "mov",
    "avi",
    "webm",
    "wav",
    "ogg",
    "flac",
    "exe",
    "dll",
    "so",
    "dylib",
    "a",
    "o",
    "obj",
    "bin",
    "wasm",
    "pyc",
    "db",
    "sqlite",
    "sqlite3",
    "mdb",
    "jks",
    "keystore",
    "p12",
    "pfx",
    "dmg",
    "iso",
    "apk",
    "aab",
    "ipa",
    "parquet",
    "avro",
    "pb",
    "onnx",
    "pt",
    "ckpt",
    "safetensors",
    "npy",
    "npz",
    "glb",
    "fbx",
    "blend",
    "xls",
    "xlsx",
    "doc",
    "docx",
    "ppt",
    "pptx",
    "odt",
];

const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "bun.lock",
    "cargo.lock",
    "go.sum",
    "poetry.lock",
    "pipfile.lock",
    "uv.lock",
    "pdm.lock",
    "gemfile.lock",
    "composer.lock",
    "gradle.lockfile",
    "mix.lock",
    "pubspec.lock",
    "packages.lock.json",
    "flake.lock",
    "deno.lock",
];

const MANIFESTS: &[&str] = &[
    "package.json",
    "cargo.toml",
    "go.mod",
    "pyproject.toml",
    "pipfile",
    "setup.py",
    "setup.cfg",
    "gemfile",
    "composer.json",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "mix.exs",
    "pubspec.yaml",
    "deno.json",
    "deno.jsonc",
    "pnpm-workspace.yaml",
    "lerna.json",
    "turbo.json",
    "nx.json",
];

/// Class and language of a path.
pub fn classify(path: &str) -> (FileClass, Option<&'static str>) {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dirs: Vec<&str> = lower.split('/').collect();
    let dirs = &dirs[..dirs.len().saturating_sub(1)];
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let language = language_of(path);

    if BINARY_EXTS.contains(&ext) {
        return (FileClass::Binary, None);
    }
    if LOCKFILES.contains(&name) {
        return (FileClass::Lockfile, None);
    }
    if is_ci_path(&lower, name) {
        return (FileClass::Ci, language);
    }
    if MANIFESTS.contains(&name) || is_requirements(name) || name.ends_with(".csproj") {
        return (FileClass::Manifest, language);
    }
    if is_generated(&lower, name) {
        return (FileClass::Generated, language);
    }
    let in_migrations = dirs
        .iter()
        .any(|d| matches!(*d, "migrations" | "migrate" | "migration" | "alembic"))
        || lower.contains("db/migrate/")
        || lower.contains("database/migrations/");
    if in_migrations && (language.is_some() || ext == "sql") {
        return (FileClass::Migration, language);
    }
    if is_iac(&lower, name, ext, dirs) {
        return (FileClass::Iac, language);
    }
    if let Some(lang) = language {
        if is_code_language(lang) || lang == "HTML" || lang == "CSS" {
            if is_test_path(&lower, name, dirs) {
                return (FileClass::Test, Some(lang));
            }
            if lang == "SQL" {
                return (FileClass::Other, Some(lang));
            }
            return (FileClass::Source, Some(lang));
        }
        if lang == "SQL" || lang == "Prisma" || lang == "GraphQL" || lang == "Protocol Buffers" {
            return (FileClass::Other, Some(lang));
        }
    }
    if matches!(ext, "md" | "mdx" | "rst" | "adoc" | "txt") || name == "license" || name == "readme"
    {
        return (FileClass::Doc, None);
    }
    if matches!(
        ext,
        "json"
            | "jsonc"
            | "json5"
            | "yaml"
            | "yml"
            | "toml"
            | "ini"
            | "cfg"
            | "conf"
            | "xml"
            | "properties"
            | "env"
    ) || name.starts_with(".env")
        || name.starts_with('.') && !name.contains('/')
        || name.ends_with("rc")
    {
        return (FileClass::Config, language);
    }
    (FileClass::Other, language)
}

fn is_requirements(name: &str) -> bool {
    (name.starts_with("requirements") && (name.ends_with(".txt") || name.ends_with(".in")))
        || name == "constraints.txt"
}

fn is_ci_path(lower: &str, name: &str) -> bool {
    (lower.starts_with(".github/workflows/") && (name.ends_with(".yml") || name.ends_with(".yaml")))
        || lower == ".gitlab-ci.yml"
        || lower.starts_with(".gitlab/ci/")
        || lower == ".circleci/config.yml"
        || lower == "bitbucket-pipelines.yml"
        || lower == "azure-pipelines.yml"
        || lower.starts_with(".azure-pipelines/")
        || name == "jenkinsfile"
        || lower == ".travis.yml"
        || lower == ".drone.yml"
        || lower.starts_with(".woodpecker")
        || lower == "buildkite.yml"
        || lower.starts_with(".buildkite/")
        || lower == "cloudbuild.yaml"
        || lower == "cloudbuild.yml"
        || lower == "appveyor.yml"
        || lower == ".appveyor.yml"
}

fn is_generated(lower: &str, name: &str) -> bool {
    name.ends_with(".min.js")
        || name.ends_with(".min.css")
        || name.ends_with(".map")
        || name.ends_with(".bundle.js")
        || name.ends_with(".pb.go")
        || name.ends_with("_pb2.py")
        || name.ends_with(".generated.ts")
        || name.ends_with(".d.ts") && lower.contains("generated")
        || lower.contains("/generated/")
        || lower.starts_with("generated/")
        || lower.contains("/third_party/")
        || lower.starts_with("third_party/")
        || lower.contains("/vendored/")
        || is_published_asset(lower, name)
}

/// JavaScript and CSS under a web root (`public/js/…`, `static/…`,
/// `wwwroot/…`) are build outputs or published vendor assets, not the
/// application's source: Laravel publishes Filament/Livewire bundles there.
fn is_published_asset(lower: &str, name: &str) -> bool {
    let script_or_style = [".js", ".mjs", ".cjs", ".css"]
        .iter()
        .any(|e| name.ends_with(e));
    script_or_style
        && [
            "public/",
            "static/",
            "wwwroot/",
            "web/assets/",
            "assets/vendor/",
        ]
        .iter()
        .any(|root| lower.starts_with(root) || lower.contains(&format!("/{root}")))
}

fn is_iac(lower: &str, name: &str, ext: &str, dirs: &[&str]) -> bool {
    ext == "tf"
        || ext == "tfvars"
        || ext == "bicep"
        || name == "dockerfile"
        || name.ends_with(".dockerfile")
        || name.starts_with("dockerfile.")
        || name == "containerfile"
        || name.starts_with("docker-compose")
        || name.starts_with("compose.y")
        || name == "chart.yaml"
        || name == "kustomization.yaml"
        || name == "pulumi.yaml"
        || name == "cdk.json"
        || name == "serverless.yml"
        || name == "serverless.yaml"
        || (matches!(ext, "yaml" | "yml")
            && dirs.iter().any(|d| {
                matches!(
                    *d,
                    "k8s"
                        | "kubernetes"
                        | "helm"
                        | "charts"
                        | "manifests"
                        | "deploy"
                        | "kustomize"
                        | "overlays"
                )
            }))
        || lower.contains("cloudformation")
}

fn is_test_path(lower: &str, name: &str, dirs: &[&str]) -> bool {
    dirs.iter().any(|d| {
        matches!(
            *d,
            "test"
                | "tests"
                | "__tests__"
                | "spec"
                | "specs"
                | "e2e"
                | "cypress"
                | "playwright"
                | "integration_tests"
                | "testing"
                | "test_utils"
                | "testdata"
                | "fixtures"
                | "__mocks__"
        )
    }) || name.contains(".test.")
        || name.contains(".spec.")
        || name.contains(".e2e.")
        || name.ends_with("_test.go")
        || name.ends_with("_test.py")
        || (name.starts_with("test_") && name.ends_with(".py"))
        || name.ends_with("_spec.rb")
        || name.ends_with("_test.rb")
        || name.ends_with("test.php")
        || name.ends_with("tests.cs")
        || name.ends_with("test.java")
        || name.ends_with("test.kt")
        || name == "conftest.py"
        || lower.starts_with("src/test/")
        || lower.contains("/src/test/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs_name_the_language() {
        assert_eq!(
            language_from_shebang(b"#!/usr/bin/env node\nx"),
            Some("JavaScript")
        );
        assert_eq!(
            language_from_shebang(b"#!/usr/bin/python3.11\n"),
            Some("Python")
        );
        assert_eq!(language_from_shebang(b"#!/bin/bash -e\n"), Some("Shell"));
        assert_eq!(
            language_from_shebang(b"#!/usr/bin/env -S deno run\n"),
            Some("TypeScript")
        );
        assert_eq!(language_from_shebang(b"no shebang"), None);
        assert_eq!(language_from_shebang(b"#!"), None);
    }

    #[test]
    fn classifies_common_paths() {
        assert_eq!(classify("src/app.ts").0, FileClass::Source);
        assert_eq!(classify("src/app.test.ts").0, FileClass::Test);
        assert_eq!(classify("tests/test_api.py").0, FileClass::Test);
        assert_eq!(classify("pkg/server/server_test.go").0, FileClass::Test);
        assert_eq!(classify(".github/workflows/ci.yml").0, FileClass::Ci);
        assert_eq!(classify("package.json").0, FileClass::Manifest);
        assert_eq!(classify("requirements-dev.txt").0, FileClass::Manifest);
        assert_eq!(classify("package-lock.json").0, FileClass::Lockfile);
        assert_eq!(
            classify("supabase/migrations/001_init.sql").0,
            FileClass::Migration
        );
        assert_eq!(classify("Dockerfile").0, FileClass::Iac);
        assert_eq!(classify("docs/setup.md").0, FileClass::Doc);
        assert_eq!(classify("public/logo.png").0, FileClass::Binary);
        assert_eq!(classify("static/app.min.js").0, FileClass::Generated);
        assert_eq!(
            classify("public/js/filament/forms/editor.js").0,
            FileClass::Generated
        );
        assert_eq!(classify("src/public/util.ts").0, FileClass::Source);
        assert_eq!(classify(".env.example").0, FileClass::Config);
        assert_eq!(
            classify("charts/app/templates/deployment.yaml").0,
            FileClass::Iac
        );
    }
}
