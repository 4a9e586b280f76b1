//! Gradle build files (`build.gradle`, `build.gradle.kts`), read line by line:
//! `implementation "g:a:v"`, `implementation("g:a:v")`, map notation
//! (`group: 'g', name: 'a'`), version-catalog references (`libs.x.y`, resolved
//! through `gradle/libs.versions.toml` when there is one, recorded by alias
//! otherwise), `plugins { id("x") }` and `apply plugin: 'x'` (build).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::tomlx::{self, Value};
use super::{dir_of, line_no, strip_bom};
use crate::facts::{DepKind, Dependency, Ecosystem};

static COORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^(\w+)\s*\(?\s*(?:(?:enforcedPlatform|platform)\s*\(\s*)?["']([^"'\s:$]+):([^"'\s:]+)(?::([^"'\s@]+))?[^"']*["']"#,
    )
    .expect("coordinate regex")
});
static MAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^(\w+)\s*\(?\s*group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?"#,
    )
    .expect("map regex")
});
static ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\w+)\s*\(?\s*(?:(?:enforcedPlatform|platform)\s*\(\s*)?(libs\.[A-Za-z0-9_.]+)")
        .expect("alias regex")
});
static KOTLIN_DEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(\w+)\s*\(\s*kotlin\s*\(\s*["']([^"']+)["']"#).expect("kotlin dep regex")
});
static PLUGIN_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\bid\s*\(?\s*["']([^"']+)["']\s*\)?(?:\s*version\s*\(?\s*["']([^"']+)["'])?"#)
        .expect("plugin id regex")
});
static PLUGIN_KOTLIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bkotlin\s*\(\s*["']([^"']+)["']"#).expect("kotlin regex"));
static PLUGIN_ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\balias\s*\(\s*(libs\.[A-Za-z0-9_.]+)").expect("plugin alias regex")
});
static PLUGIN_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^`?([A-Za-z][\w-]*)`?$").expect("bare plugin regex"));
static APPLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\bapply\s*\(?\s*plugin\s*[:=]\s*["']([^"']+)["']"#).expect("apply regex")
});

fn is_configuration(c: &str) -> bool {
    matches!(
        c,
        "implementation"
            | "api"
            | "compileOnly"
            | "runtimeOnly"
            | "compile"
            | "runtime"
            | "classpath"
            | "kapt"
            | "ksp"
            | "annotationProcessor"
            | "developmentOnly"
            | "detektPlugins"
            | "lintChecks"
            | "compileOnlyApi"
            | "providedCompile"
            | "providedRuntime"
    ) || [
        "Implementation",
        "Api",
        "CompileOnly",
        "RuntimeOnly",
        "AnnotationProcessor",
        "Compile",
    ]
    .iter()
    .any(|s| c.ends_with(s) && c.len() > s.len())
}

fn kind_of(config: &str) -> DepKind {
    let lower = config.to_ascii_lowercase();
    if lower.contains("test") || lower.starts_with("debug") || lower == "developmentonly" {
        DepKind::Dev
    } else if matches!(
        lower.as_str(),
        "kapt" | "ksp" | "annotationprocessor" | "classpath" | "detektplugins" | "lintchecks"
    ) {
        DepKind::Build
    } else {
        DepKind::Runtime
    }
}

pub fn parse(path: &str, text: &str) -> Vec<Dependency> {
    let text = strip_bom(text);
    let mut out = Vec::new();
    let mut in_block_comment = false;
    let mut depth: i64 = 0;
    let mut plugins_depth: Option<i64> = None;
    let push = |out: &mut Vec<Dependency>, name: String, version: Option<String>, kind, idx| {
        out.push(Dependency {
            ecosystem: Ecosystem::Gradle,
            name,
            version,
            kind,
            manifest: path.to_string(),
            line: Some(line_no(idx)),
        });
    };
    for (idx, raw) in text.lines().enumerate() {
        let line = strip_comments(raw, &mut in_block_comment);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let opens = line.matches('{').count() as i64;
        let closes = line.matches('}').count() as i64;
        if plugins_depth.is_none()
            && (line.starts_with("plugins {") || line.starts_with("plugins{"))
        {
            plugins_depth = Some(depth);
            // Single-line `plugins { id("x") }`.
            let inner = line.split_once('{').map_or("", |(_, r)| r);
            plugin_ids(inner, idx, &mut out, &push);
            depth += opens - closes;
            if depth <= plugins_depth.unwrap_or(0) {
                plugins_depth = None;
            }
            continue;
        }
        if let Some(pd) = plugins_depth {
            plugin_ids(line, idx, &mut out, &push);
            depth += opens - closes;
            if depth <= pd {
                plugins_depth = None;
            }
            continue;
        }
        depth += opens - closes;
        if let Some(c) = APPLY.captures(line) {
            if let Some(id) = c.get(1) {
                push(&mut out, id.as_str().to_string(), None, DepKind::Build, idx);
            }
            continue;
        }
        // Declarations may follow `dependencies {` on the same line.
        let decl = line
            .strip_prefix("dependencies")
            .and_then(|r| r.trim_start().strip_prefix('{'))
            .map_or(line, str::trim_start);
        if let Some(c) = COORD.captures(decl) {
            let (Some(cfg), Some(g), Some(a)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            if is_configuration(cfg.as_str()) {
                let name = format!("{}:{}", g.as_str(), a.as_str());
                let version = c.get(4).map(|v| v.as_str().to_string());
                push(&mut out, name, version, kind_of(cfg.as_str()), idx);
            }
        } else if let Some(c) = MAP.captures(decl) {
            let (Some(cfg), Some(g), Some(a)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            if is_configuration(cfg.as_str()) {
                let name = format!("{}:{}", g.as_str(), a.as_str());
                let version = c.get(4).map(|v| v.as_str().to_string());
                push(&mut out, name, version, kind_of(cfg.as_str()), idx);
            }
        } else if let Some(c) = ALIAS.captures(decl) {
            let (Some(cfg), Some(alias)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if is_configuration(cfg.as_str()) {
                let alias = alias.as_str().trim_end_matches('.');
                let alias = alias.strip_suffix(".get").unwrap_or(alias);
                push(
                    &mut out,
                    alias.to_string(),
                    None,
                    kind_of(cfg.as_str()),
                    idx,
                );
            }
        } else if let Some(c) = KOTLIN_DEP.captures(decl) {
            let (Some(cfg), Some(m)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if is_configuration(cfg.as_str()) {
                let name = format!("org.jetbrains.kotlin:kotlin-{}", m.as_str());
                push(&mut out, name, None, kind_of(cfg.as_str()), idx);
            }
        }
    }
    out
}

type Push<'p> = dyn Fn(&mut Vec<Dependency>, String, Option<String>, DepKind, usize) + 'p;

fn plugin_ids(line: &str, idx: usize, out: &mut Vec<Dependency>, push: &Push<'_>) {
    let line = line.trim().trim_end_matches('}').trim();
    if line.is_empty() {
        return;
    }
    let mut found = false;
    for c in PLUGIN_ID.captures_iter(line) {
        if let Some(id) = c.get(1) {
            found = true;
            let version = c.get(2).map(|v| v.as_str().to_string());
            push(out, id.as_str().to_string(), version, DepKind::Build, idx);
        }
    }
    for c in PLUGIN_KOTLIN.captures_iter(line) {
        if let Some(id) = c.get(1) {
            found = true;
            push(
                out,
                format!("org.jetbrains.kotlin.{}", id.as_str()),
                None,
                DepKind::Build,
                idx,
            );
        }
    }
    for c in PLUGIN_ALIAS.captures_iter(line) {
        if let Some(id) = c.get(1) {
            found = true;
            push(out, id.as_str().to_string(), None, DepKind::Build, idx);
        }
    }
    if !found && let Some(id) = PLUGIN_BARE.captures(line).and_then(|c| c.get(1)) {
        push(out, id.as_str().to_string(), None, DepKind::Build, idx);
    }
}

/// Removes `//` and `/* */` comments (URLs such as `https://` are kept).
fn strip_comments(line: &str, in_block: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        if *in_block {
            match rest.find("*/") {
                Some(i) => {
                    *in_block = false;
                    rest = rest.get(i + 2..).unwrap_or("");
                }
                None => return out,
            }
        }
        let slash = rest
            .find("//")
            .filter(|&i| i == 0 || !rest.get(..i).unwrap_or("").ends_with(':'));
        let block = rest.find("/*");
        match (slash, block) {
            (Some(s), Some(b)) if s < b => {
                out.push_str(rest.get(..s).unwrap_or(""));
                return out;
            }
            (Some(s), None) => {
                out.push_str(rest.get(..s).unwrap_or(""));
                return out;
            }
            (_, Some(b)) => {
                out.push_str(rest.get(..b).unwrap_or(""));
                *in_block = true;
                rest = rest.get(b + 2..).unwrap_or("");
            }
            (None, None) => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// A version catalog (`gradle/libs.versions.toml`): accessor → module and plugin id.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    /// `libs.spring.boot.web` → (`org.springframework.boot:spring-boot-starter-web`, version).
    pub libraries: HashMap<String, (String, Option<String>)>,
    /// `libs.plugins.kotlin.jvm` → plugin id.
    pub plugins: HashMap<String, String>,
}

/// The accessor Gradle generates for a catalog alias (`-`, `_`, `.` → `.`).
fn accessor(prefix: &str, alias: &str) -> String {
    let mut s = String::from(prefix);
    for ch in alias.chars() {
        s.push(if matches!(ch, '-' | '_') { '.' } else { ch });
    }
    s
}

pub fn parse_catalog(text: &str) -> Result<Catalog, String> {
    let text = strip_bom(text);
    let doc = tomlx::parse(text)?;
    let root = doc.get_ref();
    let mut cat = Catalog::default();
    let versions = tomlx::table(root, &["versions"]);
    let version_of = |t: &tomlx::Table<'_>| -> Option<String> {
        match tomlx::get(t, "version").map(|v| v.get_ref()) {
            Some(Value::String(s)) => Some(s.to_string()),
            Some(Value::Table(vt)) => {
                let r = tomlx::get(vt, "ref").and_then(|r| r.get_ref().as_str())?;
                versions
                    .and_then(|vs| tomlx::get(vs, r))
                    .and_then(|v| v.get_ref().as_str())
                    .map(str::to_string)
            }
            _ => None,
        }
    };
    if let Some(libs) = tomlx::table(root, &["libraries"]) {
        for (alias, _, v) in tomlx::entries(libs) {
            let entry = match v.get_ref() {
                Value::String(s) => {
                    let mut parts = s.splitn(3, ':');
                    match (parts.next(), parts.next()) {
                        (Some(g), Some(a)) => {
                            Some((format!("{g}:{a}"), parts.next().map(str::to_string)))
                        }
                        _ => None,
                    }
                }
                Value::Table(t) => {
                    let module = tomlx::get(t, "module").and_then(|m| m.get_ref().as_str());
                    let group = tomlx::get(t, "group").and_then(|m| m.get_ref().as_str());
                    let name = tomlx::get(t, "name").and_then(|m| m.get_ref().as_str());
                    let module = match (module, group, name) {
                        (Some(m), _, _) => Some(m.to_string()),
                        (None, Some(g), Some(n)) => Some(format!("{g}:{n}")),
                        _ => None,
                    };
                    module.map(|m| (m, version_of(t)))
                }
                _ => None,
            };
            if let Some(e) = entry {
                cat.libraries.insert(accessor("libs.", alias), e);
            }
        }
    }
    if let Some(plugins) = tomlx::table(root, &["plugins"]) {
        for (alias, _, v) in tomlx::entries(plugins) {
            let id = match v.get_ref() {
                Value::String(s) => s.split(':').next().map(str::to_string),
                Value::Table(t) => tomlx::get(t, "id")
                    .and_then(|m| m.get_ref().as_str())
                    .map(str::to_string),
                _ => None,
            };
            if let Some(id) = id {
                cat.plugins.insert(accessor("libs.plugins.", alias), id);
            }
        }
    }
    Ok(cat)
}

/// Replaces `libs.x.y` names in the dependencies of `build_file` with the
/// modules of the closest catalog (`<project>/gradle/libs.versions.toml`);
/// aliases no catalog knows stay as they are.
pub fn resolve_aliases(build_file: &str, deps: &mut [Dependency], catalogs: &[(String, Catalog)]) {
    let dir = dir_of(build_file);
    let best = catalogs
        .iter()
        .filter(|(p, _)| {
            let project = dir_of(dir_of(p));
            project.is_empty() || dir == project || dir.starts_with(&format!("{project}/"))
        })
        .max_by_key(|(p, _)| p.len());
    let Some((_, cat)) = best else { return };
    for d in deps.iter_mut().filter(|d| d.name.starts_with("libs.")) {
        if let Some(id) = cat.plugins.get(&d.name) {
            d.name = id.clone();
        } else if let Some((module, version)) = cat.libraries.get(&d.name) {
            d.name = module.clone();
            if d.version.is_none() {
                d.version = version.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn got(deps: &[Dependency]) -> Vec<(&str, DepKind, Option<u32>)> {
        deps.iter()
            .map(|d| (d.name.as_str(), d.kind, d.line))
            .collect()
    }

    #[test]
    fn kotlin_dsl() {
        let text = r#"plugins {
    id("org.springframework.boot") version "3.3.0"
    kotlin("jvm") version "2.0.0"
    alias(libs.plugins.detekt)
    `java-library`
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation(platform("io.sentry:sentry-bom:7.0.0"))
    // implementation("commented:out:1")
    testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")
    implementation(libs.micrometer.prometheus)
    implementation(kotlin("stdlib"))
    kapt("org.mapstruct:mapstruct-processor:1.5.5.Final")
    implementation(project(":core"))
}
"#;
        let deps = parse("build.gradle.kts", text);
        assert_eq!(
            got(&deps),
            vec![
                ("org.springframework.boot", DepKind::Build, Some(2)),
                ("org.jetbrains.kotlin.jvm", DepKind::Build, Some(3)),
                ("libs.plugins.detekt", DepKind::Build, Some(4)),
                ("java-library", DepKind::Build, Some(5)),
                (
                    "org.springframework.boot:spring-boot-starter-web",
                    DepKind::Runtime,
                    Some(9)
                ),
                ("io.sentry:sentry-bom", DepKind::Runtime, Some(10)),
                ("org.junit.jupiter:junit-jupiter", DepKind::Dev, Some(12)),
                ("libs.micrometer.prometheus", DepKind::Runtime, Some(13)),
                (
                    "org.jetbrains.kotlin:kotlin-stdlib",
                    DepKind::Runtime,
                    Some(14)
                ),
                (
                    "org.mapstruct:mapstruct-processor",
                    DepKind::Build,
                    Some(15)
                ),
            ]
        );
        assert_eq!(deps[0].version.as_deref(), Some("3.3.0"));
        assert_eq!(deps[6].version.as_deref(), Some("5.10.0"));
    }

    #[test]
    fn groovy_dsl() {
        let text = "buildscript {\n  dependencies {\n    classpath 'com.android.tools.build:gradle:8.5.0'\n  }\n}\napply plugin: 'com.android.application'\nplugins { id 'java' }\n/* implementation 'a:b:1'\n*/\ndependencies {\n  implementation 'com.squareup.okhttp3:okhttp:4.12.0'\n  testImplementation group: 'junit', name: 'junit', version: '4.13.2'\n  androidTestImplementation \"androidx.test:runner:1.5.2\"\n  maven { url 'https://example.com' }\n}\n";
        let deps = parse("app/build.gradle", text);
        assert_eq!(
            got(&deps),
            vec![
                ("com.android.tools.build:gradle", DepKind::Build, Some(3)),
                ("com.android.application", DepKind::Build, Some(6)),
                ("java", DepKind::Build, Some(7)),
                ("com.squareup.okhttp3:okhttp", DepKind::Runtime, Some(11)),
                ("junit:junit", DepKind::Dev, Some(12)),
                ("androidx.test:runner", DepKind::Dev, Some(13)),
            ]
        );
    }

    #[test]
    fn catalog_resolution() {
        let cat = parse_catalog(
            "[versions]\nmicrometer = \"1.13.0\"\n[libraries]\nmicrometer-prometheus = { module = \"io.micrometer:micrometer-registry-prometheus\", version.ref = \"micrometer\" }\nokhttp = \"com.squareup.okhttp3:okhttp:4.12.0\"\n[plugins]\ndetekt = { id = \"io.gitlab.arturbosch.detekt\", version = \"1.23.6\" }\n",
        )
        .unwrap();
        let mut deps = parse(
            "app/build.gradle.kts",
            "plugins {\n  alias(libs.plugins.detekt)\n}\ndependencies {\n  implementation(libs.micrometer.prometheus)\n  implementation(libs.okhttp)\n  implementation(libs.unknown)\n}\n",
        );
        resolve_aliases(
            "app/build.gradle.kts",
            &mut deps,
            &[("gradle/libs.versions.toml".into(), cat)],
        );
        let names: Vec<_> = deps.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "io.gitlab.arturbosch.detekt",
                "io.micrometer:micrometer-registry-prometheus",
                "com.squareup.okhttp3:okhttp",
                "libs.unknown"
            ]
        );
        assert_eq!(deps[1].version.as_deref(), Some("1.13.0"));
        assert!(parse_catalog("[libraries\n").is_err());
    }

    #[test]
    fn edge_cases() {
        assert!(parse("build.gradle", "").is_empty());
        assert!(parse("build.gradle", "}}}}\n{{{\nplugins {\n").is_empty());
        let deps = parse(
            "build.gradle",
            "\u{feff}dependencies {\r\n  implementation 'a:b:1'\r\n}\r\n",
        );
        assert_eq!(got(&deps), vec![("a:b", DepKind::Runtime, Some(2))]);
        assert!(parse("build.gradle", "/* never closed\nimplementation 'a:b:1'\n").is_empty());
        assert!(parse("build.gradle", "id 'x'\nversion 'a:b:c'\n").is_empty());
    }
}
