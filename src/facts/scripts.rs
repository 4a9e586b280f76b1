//! Package scripts and task runners: package.json `scripts`, Makefile targets,
//! justfile recipes, Taskfile tasks, composer.json `scripts`, pyproject task
//! tables (poe, taskipy, PDM, Hatch) and deno.json `tasks`.
//!
//! Each format has a pure parser from (path, text) to [`Script`]s; [`collect`]
//! picks the files by name. Commands are kept as written (variables are not
//! expanded); [`super::resolve`] follows invocations between them.

use super::manifests::tomlx::{self, Table, Value};
use super::manifests::{LineIndex, dir_of, file_name, json, line_no, read, strip_bom};
use super::yaml::{self, Kind, Yaml};
use super::{Facts, Script, ScriptSource};
use crate::evidence::{Warning, WarningKind};
use crate::inventory::{FileClass, Inventory};

/// Which script parser reads a file, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptFormat {
    PackageJson,
    Makefile,
    Justfile,
    Taskfile,
    ComposerJson,
    Pyproject,
    DenoJson,
}

pub fn format_of(path: &str) -> Option<ScriptFormat> {
    let name = file_name(path);
    Some(match name {
        "package.json" => ScriptFormat::PackageJson,
        "Makefile" | "makefile" | "GNUmakefile" => ScriptFormat::Makefile,
        _ if name.ends_with(".mk") => ScriptFormat::Makefile,
        "justfile" | "Justfile" | ".justfile" | "JUSTFILE" => ScriptFormat::Justfile,
        "Taskfile.yml" | "Taskfile.yaml" | "taskfile.yml" | "taskfile.yaml"
        | "Taskfile.dist.yml" | "Taskfile.dist.yaml" => ScriptFormat::Taskfile,
        "composer.json" => ScriptFormat::ComposerJson,
        "pyproject.toml" => ScriptFormat::Pyproject,
        "deno.json" | "deno.jsonc" => ScriptFormat::DenoJson,
        _ => return None,
    })
}

pub fn parse(format: ScriptFormat, path: &str, text: &str) -> Result<Vec<Script>, String> {
    match format {
        ScriptFormat::PackageJson => parse_package_json(path, text),
        ScriptFormat::Makefile => Ok(parse_makefile(path, text)),
        ScriptFormat::Justfile => Ok(parse_justfile(path, text)),
        ScriptFormat::Taskfile => parse_taskfile(path, text),
        ScriptFormat::ComposerJson => parse_composer_json(path, text),
        ScriptFormat::Pyproject => parse_pyproject(path, text),
        ScriptFormat::DenoJson => parse_deno_json(path, text),
    }
}

/// Reads every script file of the inventory into `facts.scripts`.
pub fn collect(inv: &Inventory, facts: &mut Facts) {
    for entry in &inv.files {
        // Shell scripts: the whole file is one script named by its path, so
        // `bash scripts/test.sh` can be followed to the commands inside.
        if entry.readable
            && entry.language == Some("Shell")
            && entry.class != FileClass::Test
            && entry.size <= 256 * 1024
        {
            if let Ok(text) = inv.read_text(entry) {
                facts.scripts.push(script(
                    ScriptSource::Shell,
                    &entry.path,
                    &entry.path,
                    text,
                    1,
                ));
            }
            continue;
        }
        if !entry.readable || matches!(entry.class, FileClass::Binary | FileClass::Generated) {
            continue;
        }
        let Some(format) = format_of(&entry.path) else {
            continue;
        };
        let Some(text) = read(inv, entry, facts) else {
            continue;
        };
        match parse(format, &entry.path, &text) {
            Ok(scripts) => facts.scripts.extend(scripts),
            // package.json, composer.json and pyproject.toml are also read by
            // the manifest parsers, which already warn when they are malformed.
            Err(_)
                if matches!(
                    format,
                    ScriptFormat::PackageJson
                        | ScriptFormat::ComposerJson
                        | ScriptFormat::Pyproject
                ) => {}
            Err(msg) => facts.warnings.push(Warning::new(
                WarningKind::Malformed,
                entry.path.clone(),
                msg,
            )),
        }
    }
}

fn script(source: ScriptSource, path: &str, name: &str, command: String, line: u32) -> Script {
    Script {
        source,
        file: path.to_string(),
        dir: dir_of(path).to_string(),
        name: name.to_string(),
        command,
        line,
        deps: Vec::new(),
    }
}

// ---------------------------------------------------------------- JSON files

pub fn parse_package_json(path: &str, text: &str) -> Result<Vec<Script>, String> {
    json_scripts(path, text, "scripts", ScriptSource::PackageJson)
}

pub fn parse_composer_json(path: &str, text: &str) -> Result<Vec<Script>, String> {
    json_scripts(path, text, "scripts", ScriptSource::Composer)
}

pub fn parse_deno_json(path: &str, text: &str) -> Result<Vec<Script>, String> {
    json_scripts(path, text, "tasks", ScriptSource::Deno)
}

/// A JSON object of scripts: values are a command, an array of commands
/// (composer), or `{ "command": …, "dependencies": [...] }` (deno).
fn json_scripts(
    path: &str,
    text: &str,
    key: &str,
    source: ScriptSource,
) -> Result<Vec<Script>, String> {
    use jsonc_parser::ast::Value as J;
    let text = strip_bom(text);
    let root = json::parse_object(text)?;
    let lines = LineIndex::new(text);
    let Some(obj) = root.get_object(key) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for prop in &obj.properties {
        let name = json::prop_name(prop);
        let line = lines.line(prop.range.start);
        let strings = |v: &J<'_>| -> Vec<String> {
            match v {
                J::StringLit(s) => vec![s.value.to_string()],
                J::Array(a) => a
                    .elements
                    .iter()
                    .filter_map(|e| json::as_str(e).map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let (command, deps) = match &prop.value {
            J::Object(o) => (
                o.get("command")
                    .map(|c| strings(&c.value))
                    .unwrap_or_default(),
                o.get("dependencies")
                    .map(|c| strings(&c.value))
                    .unwrap_or_default(),
            ),
            v => (strings(v), Vec::new()),
        };
        if command.is_empty() && deps.is_empty() {
            continue;
        }
        let mut s = script(source, path, name, command.join("\n"), line);
        s.deps = deps;
        out.push(s);
    }
    Ok(out)
}

// ------------------------------------------------------------------ Makefile

/// Parses a Makefile: targets with their recipe lines (prefixes `@`, `-`, `+`
/// dropped, comment lines skipped) and prerequisites. Special targets
/// (`.PHONY`), pattern rules and variables are not scripts. A target defined
/// twice is merged. The first target in the file is the default one.
pub fn parse_makefile(path: &str, text: &str) -> Vec<Script> {
    let text = strip_bom(text);
    let mut out: Vec<Script> = Vec::new();
    // Indices into `out` of the targets the current recipe belongs to.
    let mut current: Vec<usize> = Vec::new();
    let mut in_define = false;
    let mut continued = false;
    for (idx, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if in_define {
            if trimmed.starts_with("endef") {
                in_define = false;
            }
            continue;
        }
        if line.starts_with('\t') || (continued && !current.is_empty()) {
            // A recipe line (or the continuation of one).
            let was_continued = continued;
            continued = line.ends_with('\\');
            if current.is_empty() {
                continue;
            }
            let mut cmd = trimmed;
            if !was_continued {
                cmd = cmd.trim_start_matches(['@', '-', '+']).trim_start();
                if cmd.is_empty() || cmd.starts_with('#') {
                    continue;
                }
            }
            for &i in &current {
                if let Some(s) = out.get_mut(i) {
                    if !s.command.is_empty() {
                        s.command.push('\n');
                    }
                    s.command.push_str(cmd);
                }
            }
            continue;
        }
        continued = false;
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let first = trimmed.split_whitespace().next().unwrap_or("");
        if first == "define" {
            in_define = true;
            current.clear();
            continue;
        }
        if matches!(
            first,
            "ifeq"
                | "ifneq"
                | "ifdef"
                | "ifndef"
                | "else"
                | "endif"
                | "include"
                | "-include"
                | "sinclude"
                | "export"
                | "unexport"
                | "override"
                | "vpath"
        ) && !trimmed.contains(':')
        {
            continue;
        }
        current.clear();
        let Some((targets, rest)) = split_rule(trimmed) else {
            continue;
        };
        let (prereqs, inline) = match rest.split_once(';') {
            Some((p, c)) => (p, Some(c.trim())),
            None => (rest, None),
        };
        if prereqs.contains('=') {
            // Target-specific variable (`test: FOO = 1`).
            continue;
        }
        let deps: Vec<String> = prereqs
            .split_whitespace()
            .filter(|d| !d.contains(['$', '%', '|']))
            .map(str::to_string)
            .collect();
        for t in targets.split_whitespace() {
            if t.starts_with('.') || t.contains(['%', '$']) {
                continue;
            }
            let i = match out.iter().position(|s| s.name == t) {
                Some(i) => i,
                None => {
                    out.push(script(
                        ScriptSource::Makefile,
                        path,
                        t,
                        String::new(),
                        line_no(idx),
                    ));
                    out.len() - 1
                }
            };
            if let Some(s) = out.get_mut(i) {
                s.deps.extend(deps.iter().cloned());
                if let Some(c) = inline.filter(|c| !c.is_empty()) {
                    if !s.command.is_empty() {
                        s.command.push('\n');
                    }
                    s.command.push_str(c);
                }
            }
            current.push(i);
        }
    }
    out
}

/// Splits a rule line at its colon: `("a b", "deps ; cmd")`. `None` for
/// variable assignments and lines without a rule colon.
fn split_rule(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let before = line.get(..colon)?;
    if before.contains('=') || before.trim().is_empty() {
        return None;
    }
    let after = line.get(colon + 1..)?;
    // `:=` and `::=` are assignments; `::` is a double-colon rule.
    let after = match after.strip_prefix(':') {
        Some(a) if a.starts_with('=') => return None,
        Some(a) => a,
        None if after.starts_with('=') => return None,
        None => after,
    };
    Some((before.trim(), after))
}

// ------------------------------------------------------------------ justfile

/// Parses a justfile: recipes (body lines with `@`/`-` dropped, shebang line
/// skipped), dependencies (before and after `&&`) and aliases.
pub fn parse_justfile(path: &str, text: &str) -> Vec<Script> {
    let text = strip_bom(text);
    let mut out: Vec<Script> = Vec::new();
    let mut open = false;
    for (idx, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if line.starts_with([' ', '\t']) {
            if !open || trimmed.is_empty() {
                continue;
            }
            if let Some(s) = out.last_mut() {
                if trimmed.starts_with("#!") || (trimmed.starts_with('#') && !s.command.is_empty())
                {
                    continue;
                }
                let cmd = trimmed.trim_start_matches(['@', '-']).trim_start();
                if cmd.is_empty() || cmd.starts_with('#') {
                    continue;
                }
                if !s.command.is_empty() {
                    s.command.push('\n');
                }
                s.command.push_str(cmd);
            }
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        open = false;
        if trimmed.starts_with('#') || trimmed.starts_with('[') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("alias ") {
            if let Some((name, target)) = rest.split_once(":=") {
                let (name, target) = (name.trim(), target.trim());
                if !name.is_empty() && !target.is_empty() {
                    out.push(script(
                        ScriptSource::Justfile,
                        path,
                        name,
                        format!("just {target}"),
                        line_no(idx),
                    ));
                }
            }
            continue;
        }
        let first = trimmed.split_whitespace().next().unwrap_or("");
        if matches!(
            first,
            "set" | "export" | "import" | "mod" | "import?" | "mod?"
        ) {
            continue;
        }
        let Some(colon) = trimmed.find(':') else {
            continue;
        };
        let head = trimmed.get(..colon).unwrap_or("");
        let tail = trimmed.get(colon + 1..).unwrap_or("");
        if tail.starts_with('=') || head.contains(":=") {
            continue;
        }
        let name = head
            .trim_start_matches('@')
            .split_whitespace()
            .next()
            .unwrap_or("");
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let mut s = script(
            ScriptSource::Justfile,
            path,
            name,
            String::new(),
            line_no(idx),
        );
        s.deps = tail
            .split(['(', ')', ' ', '\t'])
            .filter(|w| {
                !w.is_empty()
                    && *w != "&&"
                    && w.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
            .map(str::to_string)
            .collect();
        // Arguments inside `(dep "arg")` are quoted and were dropped above.
        out.push(s);
        open = true;
    }
    out
}

// ------------------------------------------------------------------ Taskfile

/// Parses a go-task Taskfile: `cmds:` strings, `- cmd:` entries, `- task: x`
/// references (rendered as `task x`) and `deps:`.
pub fn parse_taskfile(path: &str, text: &str) -> Result<Vec<Script>, String> {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let doc = yaml::parse_one(text).map_err(|e| format!("invalid YAML: {e}"))?;
    let tasks = doc.at("tasks");
    let Kind::Map(entries) = &tasks.kind else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let Some(name) = k.as_str() else { continue };
        let mut cmds: Vec<String> = Vec::new();
        let mut deps: Vec<String> = Vec::new();
        let push_items = |node: &Yaml, cmds: &mut Vec<String>| {
            let items: Vec<&Yaml> = match &node.kind {
                Kind::Seq(items) => items.iter().map(|i| i.as_ref()).collect(),
                Kind::Scalar(_) => vec![node],
                _ => Vec::new(),
            };
            for item in items {
                if let Some(s) = item.as_str() {
                    cmds.push(s.to_string());
                } else if let Some(c) = item.get("cmd").and_then(Yaml::as_str) {
                    cmds.push(c.to_string());
                } else if let Some(t) = item.get("task").and_then(Yaml::as_str) {
                    cmds.push(format!("task {t}"));
                }
            }
        };
        match &v.kind {
            // Short forms: `name: cmd` or `name: [cmd, cmd]`.
            Kind::Scalar(_) | Kind::Seq(_) => push_items(v, &mut cmds),
            Kind::Map(_) => {
                push_items(v.at("cmds"), &mut cmds);
                if let Some(c) = v.get("cmd") {
                    push_items(c, &mut cmds);
                }
                for d in v.at("deps").as_seq().unwrap_or(&[]) {
                    if let Some(s) = d.as_str() {
                        deps.push(s.to_string());
                    } else if let Some(t) = d.get("task").and_then(Yaml::as_str) {
                        deps.push(t.to_string());
                    }
                }
            }
            Kind::Null => {}
        }
        let mut s = script(
            ScriptSource::Taskfile,
            path,
            name,
            cmds.join("\n"),
            k.line.max(1),
        );
        s.deps = deps;
        out.push(s);
    }
    Ok(out)
}

// --------------------------------------------------------------- pyproject

/// Parses the task tables of a pyproject.toml: `[tool.poe.tasks]`,
/// `[tool.taskipy.tasks]`, `[tool.pdm.scripts]` and
/// `[tool.hatch.envs.<env>.scripts]` (named `env:script` outside the default env).
pub fn parse_pyproject(path: &str, text: &str) -> Result<Vec<Script>, String> {
    let text = strip_bom(text);
    let doc = tomlx::parse(text)?;
    let root = doc.get_ref();
    let lines = LineIndex::new(text);
    let mut out = Vec::new();

    if let Some(t) = tomlx::table(root, &["tool", "poe", "tasks"]) {
        for (name, off, v) in tomlx::entries(t) {
            let (cmds, deps) = poe_task(v.get_ref());
            let mut s = script(
                ScriptSource::Poe,
                path,
                name,
                cmds.join("\n"),
                lines.line(off),
            );
            s.deps = deps;
            out.push(s);
        }
    }
    if let Some(t) = tomlx::table(root, &["tool", "taskipy", "tasks"]) {
        for (name, off, v) in tomlx::entries(t) {
            let cmd = match v.get_ref() {
                Value::String(s) => Some(s.to_string()),
                Value::Table(t) => str_of(t, "cmd"),
                _ => None,
            };
            if let Some(cmd) = cmd {
                out.push(script(
                    ScriptSource::Taskipy,
                    path,
                    name,
                    cmd,
                    lines.line(off),
                ));
            }
        }
    }
    if let Some(t) = tomlx::table(root, &["tool", "pdm", "scripts"]) {
        let names: Vec<&str> = tomlx::entries(t).map(|(n, _, _)| n).collect();
        for (name, off, v) in tomlx::entries(t) {
            if name == "_" {
                continue;
            }
            let cmds: Vec<String> = match v.get_ref() {
                Value::String(s) => vec![s.to_string()],
                Value::Table(t) => {
                    if let Some(c) = tomlx::get(t, "cmd") {
                        match c.get_ref() {
                            Value::String(s) => vec![s.to_string()],
                            Value::Array(a) => vec![
                                a.iter()
                                    .filter_map(|x| x.get_ref().as_str())
                                    .collect::<Vec<_>>()
                                    .join(" "),
                            ],
                            _ => Vec::new(),
                        }
                    } else if let Some(s) = str_of(t, "shell") {
                        vec![s]
                    } else if let Some(Value::Array(items)) =
                        tomlx::get(t, "composite").map(|c| c.get_ref())
                    {
                        // Composite items name other scripts or are commands.
                        items
                            .iter()
                            .filter_map(|x| x.get_ref().as_str())
                            .map(|item| {
                                let first = item.split_whitespace().next().unwrap_or("");
                                if names.contains(&first) {
                                    format!("pdm run {item}")
                                } else {
                                    item.to_string()
                                }
                            })
                            .collect()
                    } else {
                        Vec::new()
                    }
                }
                _ => Vec::new(),
            };
            if !cmds.is_empty() {
                out.push(script(
                    ScriptSource::Pdm,
                    path,
                    name,
                    cmds.join("\n"),
                    lines.line(off),
                ));
            }
        }
    }
    if let Some(envs) = tomlx::table(root, &["tool", "hatch", "envs"]) {
        for (env, _, e) in tomlx::entries(envs) {
            let Value::Table(e) = e.get_ref() else {
                continue;
            };
            let Some(scripts) = tomlx::table(e, &["scripts"]) else {
                continue;
            };
            for (name, off, v) in tomlx::entries(scripts) {
                let cmds: Vec<String> = match v.get_ref() {
                    Value::String(s) => vec![s.to_string()],
                    Value::Array(a) => a
                        .iter()
                        .filter_map(|x| x.get_ref().as_str().map(str::to_string))
                        .collect(),
                    _ => continue,
                };
                let full = if env == "default" {
                    name.to_string()
                } else {
                    format!("{env}:{name}")
                };
                out.push(script(
                    ScriptSource::Hatch,
                    path,
                    &full,
                    cmds.join("\n"),
                    lines.line(off),
                ));
            }
        }
    }
    Ok(out)
}

fn str_of(t: &Table<'_>, key: &str) -> Option<String> {
    tomlx::get(t, key)
        .and_then(|v| v.get_ref().as_str())
        .map(str::to_string)
}

/// Commands and dependencies of one poe task. Sequence items that are plain
/// strings refer to other tasks (poe's default); they become `poe X`.
fn poe_task(v: &Value<'_>) -> (Vec<String>, Vec<String>) {
    let seq = |items: &[toml::Spanned<Value<'_>>]| -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i.get_ref() {
                Value::String(s) => Some(format!("poe {s}")),
                Value::Table(t) => str_of(t, "ref")
                    .map(|r| format!("poe {r}"))
                    .or_else(|| str_of(t, "cmd"))
                    .or_else(|| str_of(t, "shell")),
                _ => None,
            })
            .collect()
    };
    match v {
        Value::String(s) => (vec![s.to_string()], Vec::new()),
        Value::Array(items) => (seq(items), Vec::new()),
        Value::Table(t) => {
            let mut cmds = Vec::new();
            for key in ["cmd", "shell"] {
                if let Some(c) = str_of(t, key) {
                    cmds.push(c);
                }
            }
            if let Some(r) = str_of(t, "ref") {
                cmds.push(format!("poe {r}"));
            }
            if let Some(Value::Array(items)) = tomlx::get(t, "sequence").map(|s| s.get_ref()) {
                cmds.extend(seq(items));
            }
            let deps = match tomlx::get(t, "deps").map(|d| d.get_ref()) {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|i| i.get_ref().as_str())
                    .filter_map(|d| d.split_whitespace().next().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            (cmds, deps)
        }
        _ => (Vec::new(), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(s: &[Script]) -> Vec<(&str, &str, u32)> {
        s.iter()
            .map(|s| (s.name.as_str(), s.command.as_str(), s.line))
            .collect()
    }

    #[test]
    fn package_json_scripts() {
        let text = "{\n  \"name\": \"web\",\n  \"scripts\": {\n    \"test\": \"vitest run\",\n    \"ci\": \"npm run lint && npm test\",\n    \"bad\": 3\n  }\n}\n";
        let s = parse_package_json("apps/web/package.json", text).unwrap();
        assert_eq!(
            summary(&s),
            vec![
                ("test", "vitest run", 4),
                ("ci", "npm run lint && npm test", 5)
            ]
        );
        assert_eq!(s[0].dir, "apps/web");
        assert_eq!(s[0].source, ScriptSource::PackageJson);
        assert!(parse_package_json("package.json", "{").is_err());
        assert!(parse_package_json("package.json", "{}").unwrap().is_empty());
    }

    #[test]
    fn composer_and_deno() {
        let text = r#"{
  "scripts": {
    "test": "phpunit",
    "ci": ["@lint", "@test"],
    "lint": "pint --test"
  }
}"#;
        let s = parse_composer_json("composer.json", text).unwrap();
        assert_eq!(
            summary(&s),
            vec![
                ("test", "phpunit", 3),
                ("ci", "@lint\n@test", 4),
                ("lint", "pint --test", 5)
            ]
        );
        let deno = "{\n // c\n \"tasks\": {\n  \"test\": \"deno test -A\",\n  \"ci\": { \"command\": \"deno lint\", \"dependencies\": [\"test\"] }\n }\n}";
        let s = parse_deno_json("deno.jsonc", deno).unwrap();
        assert_eq!(
            summary(&s),
            vec![("test", "deno test -A", 4), ("ci", "deno lint", 5)]
        );
        assert_eq!(s[1].deps, vec!["test"]);
        assert_eq!(s[1].source, ScriptSource::Deno);
    }

    #[test]
    fn makefile_targets() {
        let text = "# comment\nGO ?= go\nVERSION := $(shell git describe)\n.PHONY: test lint ci\n\nbuild: ## build it\n\t@$(GO) build ./...\n\ntest: build\n\t# comment in recipe\n\t-go test -race \\\n\t\t./...\n\tgo vet ./...\n\nci: lint test\n\n%.o: %.c\n\tcc -c $<\n\nlint:\n\tgolangci-lint run\nrelease: VERSION = 1\ncheck: ; go test ./...\n";
        let s = parse_makefile("Makefile", text);
        assert_eq!(
            summary(&s),
            vec![
                ("build", "$(GO) build ./...", 6),
                ("test", "go test -race \\\n./...\ngo vet ./...", 9),
                ("ci", "", 15),
                ("lint", "golangci-lint run", 20),
                ("check", "go test ./...", 23),
            ]
        );
        assert_eq!(s[2].deps, vec!["lint", "test"]);
        assert_eq!(s[1].deps, vec!["build"]);
        assert!(parse_makefile("Makefile", "").is_empty());
        let crlf = parse_makefile("sub/Makefile", "\u{feff}test:\r\n\tpytest\r\n");
        assert_eq!(summary(&crlf), vec![("test", "pytest", 1)]);
        assert_eq!(crlf[0].dir, "sub");
        // define blocks and stray recipe lines are ignored.
        let s = parse_makefile(
            "Makefile",
            "\techo orphan\ndefine X\nfoo: bar\nendef\nall:\n\techo ok\n",
        );
        assert_eq!(summary(&s), vec![("all", "echo ok", 5)]);
    }

    #[test]
    fn justfile_recipes() {
        let text = "set dotenv-load\nversion := \"1\"\nalias t := test\n\n# run tests\n[group('ci')]\ntest *args: build\n    cargo test {{args}}\n\n@build:\n    cargo build\n\nci: lint && (notify \"done\")\n    echo ci\n\nscript:\n    #!/usr/bin/env bash\n    set -e\n";
        let s = parse_justfile("justfile", text);
        assert_eq!(
            summary(&s),
            vec![
                ("t", "just test", 3),
                ("test", "cargo test {{args}}", 7),
                ("build", "cargo build", 10),
                ("ci", "echo ci", 13),
                ("script", "set -e", 16),
            ]
        );
        assert_eq!(s[1].deps, vec!["build"]);
        assert_eq!(s[3].deps, vec!["lint", "notify"]);
        assert!(parse_justfile("justfile", "").is_empty());
    }

    #[test]
    fn taskfile_tasks() {
        let text = "version: '3'\ntasks:\n  test:\n    deps: [build]\n    cmds:\n      - go test ./...\n      - task: lint\n      - cmd: echo done\n  build:\n    cmds:\n      - go build ./...\n  lint: golangci-lint run\n";
        let s = parse_taskfile("Taskfile.yml", text).unwrap();
        assert_eq!(
            summary(&s),
            vec![
                ("test", "go test ./...\ntask lint\necho done", 3),
                ("build", "go build ./...", 9),
                ("lint", "golangci-lint run", 12),
            ]
        );
        assert_eq!(s[0].deps, vec!["build"]);
        assert!(parse_taskfile("Taskfile.yml", "tasks: [\n").is_err());
        assert!(parse_taskfile("Taskfile.yml", "").unwrap().is_empty());
        assert!(
            parse_taskfile("Taskfile.yml", "tasks: 3")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn pyproject_tasks() {
        let text = r#"[tool.poe.tasks]
test = "pytest"
lint = { cmd = "ruff check .", deps = ["fmt"] }
ci = ["lint", "test"]
fmt.shell = "ruff format ."

[tool.taskipy.tasks]
test = "pytest -q"
cov = { cmd = "pytest --cov" }

[tool.pdm.scripts]
_.env_file = ".env"
test = "pytest"
start = { cmd = ["flask", "run"] }
all = { composite = ["test", "mypy src"] }

[tool.hatch.envs.default.scripts]
test = "pytest {args}"
[tool.hatch.envs.lint.scripts]
check = ["ruff check", "mypy ."]
"#;
        let s = parse_pyproject("pyproject.toml", text).unwrap();
        let mut got: Vec<_> = s
            .iter()
            .map(|s| (s.source, s.name.as_str(), s.command.as_str(), s.line))
            .collect();
        got.sort_by_key(|g| g.3);
        assert_eq!(
            got,
            vec![
                (ScriptSource::Poe, "test", "pytest", 2),
                (ScriptSource::Poe, "lint", "ruff check .", 3),
                (ScriptSource::Poe, "ci", "poe lint\npoe test", 4),
                (ScriptSource::Poe, "fmt", "ruff format .", 5),
                (ScriptSource::Taskipy, "test", "pytest -q", 8),
                (ScriptSource::Taskipy, "cov", "pytest --cov", 9),
                (ScriptSource::Pdm, "test", "pytest", 13),
                (ScriptSource::Pdm, "start", "flask run", 14),
                (ScriptSource::Pdm, "all", "pdm run test\nmypy src", 15),
                (ScriptSource::Hatch, "test", "pytest {args}", 18),
                (ScriptSource::Hatch, "lint:check", "ruff check\nmypy .", 20),
            ]
        );
        let lint = s.iter().find(|s| s.name == "lint").unwrap();
        assert_eq!(lint.deps, vec!["fmt"]);
        assert!(parse_pyproject("pyproject.toml", "[tool.poe.tasks\n").is_err());
    }

    #[test]
    fn collect_picks_files_and_warns() {
        use crate::inventory::ScanOptions;
        let dir = tempfile::tempdir().unwrap();
        let write = |p: &str, t: &str| {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        };
        write(
            "package.json",
            "{\"scripts\": {\"ci\": \"turbo run test\"}}",
        );
        write(
            "apps/web/package.json",
            "{\"scripts\": {\"test\": \"vitest run\"}}",
        );
        write("Makefile", "test:\n\tgo test ./...\n");
        write("Taskfile.yml", "tasks: [\n");
        let inv = Inventory::walk(dir.path(), &ScanOptions::default()).unwrap();
        let mut facts = Facts::default();
        collect(&inv, &mut facts);
        let mut got: Vec<_> = facts
            .scripts
            .iter()
            .map(|s| (s.file.as_str(), s.name.as_str()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("Makefile", "test"),
                ("apps/web/package.json", "test"),
                ("package.json", "ci")
            ]
        );
        assert_eq!(facts.warnings.len(), 1);
        assert_eq!(facts.warnings[0].path, "Taskfile.yml");
        let reached = crate::facts::resolve::expand("npm run ci", "", &facts.scripts);
        assert_eq!(
            reached.last().map(|r| r.command.as_str()),
            Some("vitest run")
        );
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(format_of("a/Makefile"), Some(ScriptFormat::Makefile));
        assert_eq!(format_of("build/rules.mk"), Some(ScriptFormat::Makefile));
        assert_eq!(format_of("Taskfile.yml"), Some(ScriptFormat::Taskfile));
        assert_eq!(format_of("deno.jsonc"), Some(ScriptFormat::DenoJson));
        assert_eq!(format_of("Makefile.am"), None);
    }
}
