//! A hand-rolled Dockerfile reader: just enough of the syntax to find base
//! images, the final stage's HEALTHCHECK and command, and whether the image
//! is meant for development only.
//!
//! Handled: parser directives (`# escape=`` ` ``), line continuations with
//! either escape character, comment and blank lines inside continuations,
//! BuildKit heredocs (`RUN <<EOF … EOF`, `<<-EOF`, quoted delimiters, several
//! per instruction), flags (`--platform`, `--from`, `--mount`, `--interval`),
//! JSON and shell forms, and multi-stage builds where a stage starts `FROM
//! <earlier stage>` and inherits its HEALTHCHECK, CMD and ENTRYPOINT.

use crate::evidence::{Evidence, Warning, WarningKind};
use crate::facts::Dockerfile;

/// Physical lines a file may have; longer files are read up to this point.
const MAX_LINES: usize = 200_000;
/// Warnings one file may produce.
const MAX_WARNINGS: usize = 5;

/// One logical instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Instruction {
    keyword: String,
    args: String,
    line: u32,
}

#[derive(Debug, Default)]
struct Stage {
    name: Option<String>,
    /// Index of the earlier stage this one builds on.
    parent: Option<usize>,
    /// `Some(None)` after `HEALTHCHECK NONE`.
    healthcheck: Option<Option<Evidence>>,
    cmd: Option<(String, u32)>,
    entrypoint: Option<(String, u32)>,
    user: Option<Evidence>,
    expose: Vec<String>,
    env: Vec<(String, String)>,
}

pub fn parse(path: &str, text: &str) -> (Dockerfile, Vec<Warning>) {
    let mut warnings = Vec::new();
    let (instructions, problems) = instructions(text);
    for p in problems {
        warnings.push(Warning::new(WarningKind::Malformed, path, p));
    }

    let mut stages: Vec<Stage> = Vec::new();
    let mut base_images = Vec::new();
    let mut stage_names = Vec::new();
    let mut before_from = false;
    for ins in &instructions {
        match ins.keyword.as_str() {
            "FROM" => {
                let words = split_words(&ins.args);
                let mut rest = words.iter().skip_while(|w| w.starts_with("--"));
                let Some(image) = rest.next() else {
                    warnings.push(Warning::new(
                        WarningKind::Malformed,
                        path,
                        format!("line {}: FROM without an image", ins.line),
                    ));
                    continue;
                };
                let name = match (rest.next(), rest.next()) {
                    (Some(a), Some(n)) if a.eq_ignore_ascii_case("as") => {
                        Some(n.to_ascii_lowercase())
                    }
                    _ => None,
                };
                let lower = image.to_ascii_lowercase();
                let parent = stages
                    .iter()
                    .rposition(|s| s.name.as_deref() == Some(lower.as_str()));
                let detail = match &name {
                    Some(n) => format!("FROM {image} AS {n}"),
                    None => format!("FROM {image}"),
                };
                base_images.push(Evidence::at(path, ins.line, detail));
                if let Some(n) = &name {
                    stage_names.push(n.clone());
                }
                stages.push(Stage {
                    name,
                    parent,
                    ..Stage::default()
                });
            }
            _ => {
                let Some(stage) = stages.last_mut() else {
                    // ARG before the first FROM is allowed; anything else is not
                    // (one warning for the first, however many there are).
                    if ins.keyword != "ARG" && !before_from {
                        before_from = true;
                        warnings.push(Warning::new(
                            WarningKind::Malformed,
                            path,
                            format!("line {}: {} before any FROM", ins.line, ins.keyword),
                        ));
                    }
                    continue;
                };
                apply(stage, ins, path);
            }
        }
    }
    if base_images.is_empty() && !instructions.is_empty() {
        warnings.push(Warning::new(
            WarningKind::Malformed,
            path,
            "no FROM instruction",
        ));
    }

    let chain = chain(&stages);
    let healthcheck = chain
        .iter()
        .find_map(|&i| stages[i].healthcheck.clone())
        .flatten();
    let user = chain.iter().find_map(|&i| stages[i].user.clone());
    let exposed_ports = chain
        .iter()
        .rev()
        .flat_map(|&i| stages[i].expose.iter().cloned())
        .collect();
    let env: Vec<(String, String)> = chain
        .iter()
        .rev()
        .flat_map(|&i| stages[i].env.iter().cloned())
        .collect();
    let command = command(&stages, &chain, path);
    let dev_by_command = command.as_ref().is_some_and(|c| is_dev_command(&c.1, &env));
    let name_marks = name_marks(path);
    let dockerfile = Dockerfile {
        file: path.to_string(),
        base_images,
        healthcheck,
        command: command.map(|c| c.0),
        dev_only: name_marks.dev || dev_by_command,
        test_only: name_marks.test,
        stages: stage_names,
        user,
        exposed_ports,
    };
    // A junk file could otherwise yield one warning per line.
    warnings.truncate(MAX_WARNINGS);
    (dockerfile, warnings)
}

fn apply(stage: &mut Stage, ins: &Instruction, path: &str) {
    match ins.keyword.as_str() {
        "HEALTHCHECK" => {
            let words = split_words(&ins.args);
            let mut rest = words.iter().skip_while(|w| w.starts_with("--"));
            match rest.next() {
                Some(w) if w.eq_ignore_ascii_case("none") => stage.healthcheck = Some(None),
                Some(w) if w.eq_ignore_ascii_case("cmd") => {
                    let cmd = after_word(&ins.args, "CMD");
                    stage.healthcheck = Some(Some(Evidence::at(
                        path,
                        ins.line,
                        format!("HEALTHCHECK CMD {}", command_text(cmd)),
                    )));
                }
                _ => {}
            }
        }
        "CMD" => stage.cmd = Some((command_text(&ins.args), ins.line)),
        "ENTRYPOINT" => {
            stage.entrypoint = Some((command_text(&ins.args), ins.line));
            // An ENTRYPOINT resets a CMD inherited from the parent image; a CMD
            // written in this same stage still applies.
        }
        "USER" => {
            let u = ins.args.trim();
            if !u.is_empty() {
                stage.user = Some(Evidence::at(path, ins.line, format!("USER {u}")));
            }
        }
        "EXPOSE" => stage.expose.extend(split_words(&ins.args)),
        "ENV" => stage.env.extend(env_pairs(&ins.args)),
        _ => {}
    }
}

/// The final stage and the earlier stages it builds on, nearest first.
fn chain(stages: &[Stage]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = stages.len().checked_sub(1);
    while let Some(i) = at {
        if out.contains(&i) || out.len() > stages.len() {
            break;
        }
        out.push(i);
        at = stages.get(i).and_then(|s| s.parent).filter(|&p| p < i);
    }
    out
}

/// The effective command of the final stage: `(evidence, command text)`.
fn command(stages: &[Stage], chain: &[usize], path: &str) -> Option<(Evidence, String)> {
    let ep_at = chain.iter().position(|&i| stages[i].entrypoint.is_some());
    let cmd_at = chain.iter().position(|&i| stages[i].cmd.is_some());
    // A CMD from further up the chain than the nearest ENTRYPOINT is reset by it.
    let cmd_at = match (ep_at, cmd_at) {
        (Some(e), Some(c)) if c > e => None,
        (_, c) => c,
    };
    let ep = ep_at.and_then(|p| stages[chain[p]].entrypoint.clone());
    let cmd = cmd_at.and_then(|p| stages[chain[p]].cmd.clone());
    let (detail, text, line) = match (ep, cmd) {
        (Some((e, el)), Some((c, cl))) => (
            format!("ENTRYPOINT {e}; CMD {c}"),
            format!("{e} {c}"),
            el.max(cl),
        ),
        (Some((e, el)), None) => (format!("ENTRYPOINT {e}"), e, el),
        (None, Some((c, cl))) => (format!("CMD {c}"), c, cl),
        (None, None) => return None,
    };
    Some((Evidence::at(path, line, detail), text))
}

/// Splits the text into logical instructions (continuations joined, comments
/// and heredoc bodies dropped). Also returns problems worth a warning.
fn instructions(text: &str) -> (Vec<Instruction>, Vec<String>) {
    let lines: Vec<&str> = text.lines().take(MAX_LINES).collect();
    let mut problems = Vec::new();
    if text.lines().nth(MAX_LINES).is_some() {
        problems.push(format!(
            "more than {MAX_LINES} lines; the rest was not read"
        ));
    }
    let mut escape = '\\';
    let mut i = 0usize;
    // Parser directives: only at the very top, before any blank line,
    // comment or instruction.
    while i < lines.len() {
        match directive(lines[i]) {
            Some((key, value)) => {
                if key == "escape" {
                    match value.as_str() {
                        "`" => escape = '`',
                        "\\" => escape = '\\',
                        _ => problems.push(format!("line {}: invalid escape directive", i + 1)),
                    }
                }
                i += 1;
            }
            None => break,
        }
    }

    let mut out = Vec::new();
    while i < lines.len() {
        let raw = lines[i];
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i;
        let mut logical = String::new();
        let mut cur = raw;
        loop {
            let t = cur.trim_end();
            match t.strip_suffix(escape) {
                Some(body) => {
                    logical.push_str(body);
                    logical.push(' ');
                    i += 1;
                    // Skip comment and blank lines inside the continuation.
                    while i < lines.len() {
                        let n = lines[i].trim();
                        if n.is_empty() || n.starts_with('#') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    match lines.get(i) {
                        Some(next) => cur = next,
                        None => break,
                    }
                }
                None => {
                    logical.push_str(t);
                    i += 1;
                    break;
                }
            }
        }
        let logical = logical.trim();
        if logical.is_empty() {
            continue;
        }
        let (keyword, args) = match logical.split_once(char::is_whitespace) {
            Some((k, a)) => (k, a.trim()),
            None => (logical, ""),
        };
        let keyword = keyword.to_ascii_uppercase();
        let line = u32::try_from(start + 1).unwrap_or(u32::MAX);
        if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
            for (strip_tabs, word) in heredocs(args) {
                let mut found = false;
                while i < lines.len() {
                    let l = lines[i];
                    i += 1;
                    let l = if strip_tabs {
                        l.trim_start_matches('\t')
                    } else {
                        l
                    };
                    if l.trim_end_matches('\r') == word {
                        found = true;
                        break;
                    }
                }
                if !found {
                    problems.push(format!("line {line}: heredoc <<{word} is never closed"));
                }
            }
        }
        out.push(Instruction {
            keyword,
            args: args.to_string(),
            line,
        });
    }
    (out, problems)
}

/// `# key=value` parser directive (syntax, escape, check).
fn directive(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start().strip_prefix('#')?;
    let (key, value) = rest.split_once('=')?;
    let key = key.trim().to_ascii_lowercase();
    matches!(key.as_str(), "syntax" | "escape" | "check").then(|| (key, value.trim().to_string()))
}

/// Heredoc openers in an instruction: `(strip leading tabs, delimiter)`.
fn heredocs(args: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let b = args.as_bytes();
    let mut i = 0usize;
    while let Some(pos) = memchr::memmem::find(&b[i..], b"<<") {
        let mut j = i + pos + 2;
        let strip = b.get(j) == Some(&b'-');
        if strip {
            j += 1;
        }
        let quote = match b.get(j) {
            Some(&q) if q == b'"' || q == b'\'' => {
                j += 1;
                Some(q)
            }
            _ => None,
        };
        let start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
            j += 1;
        }
        let word = &args[start..j];
        let closed = match quote {
            Some(q) => b.get(j) == Some(&q),
            None => true,
        };
        if !word.is_empty() && closed && !word.as_bytes()[0].is_ascii_digit() {
            out.push((strip, word.to_string()));
        }
        i = j.max(i + pos + 2);
        if out.len() > 16 {
            break;
        }
    }
    out
}

/// Words of a line, quotes removed (good enough for FROM/EXPOSE/flags).
fn split_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text after the first whitespace-separated `word` (case-insensitive).
fn after_word<'a>(s: &'a str, word: &str) -> &'a str {
    let mut rest = s;
    loop {
        let t = rest.trim_start();
        let (w, r) = match t.split_once(char::is_whitespace) {
            Some((w, r)) => (w, r),
            None => (t, ""),
        };
        if w.is_empty() {
            return "";
        }
        if w.eq_ignore_ascii_case(word) {
            return r.trim();
        }
        rest = r;
    }
}

/// A CMD/ENTRYPOINT in JSON form joined with spaces; shell form as written.
fn command_text(args: &str) -> String {
    let a = args.trim();
    if a.starts_with('[')
        && let Ok(parts) = serde_json::from_str::<Vec<String>>(a)
    {
        return parts.join(" ");
    }
    a.to_string()
}

/// `ENV A=1 B="x y"` and the legacy `ENV A 1`.
fn env_pairs(args: &str) -> Vec<(String, String)> {
    let a = args.trim();
    let first = a.split_whitespace().next().unwrap_or("");
    if !first.contains('=') {
        let (k, v) = a.split_once(char::is_whitespace).unwrap_or((a, ""));
        return vec![(k.to_string(), v.trim().to_string())];
    }
    split_words(a)
        .into_iter()
        .filter_map(|w| {
            w.split_once('=')
                .map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string()))
        })
        .collect()
}

struct NameMarks {
    dev: bool,
    test: bool,
}

/// What the file name says: `Dockerfile.dev`, `dev.Dockerfile`,
/// `Dockerfile.development`, `.devcontainer/Dockerfile` → dev;
/// `Dockerfile.test`, `Dockerfile.e2e`, `Dockerfile.playwright` → test.
fn name_marks(path: &str) -> NameMarks {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let parts: Vec<&str> = name.split(['.', '-', '_']).collect();
    let has = |set: &[&str]| parts.iter().any(|p| set.contains(p));
    NameMarks {
        dev: has(&["dev", "development", "devel", "local", "devcontainer"])
            || lower.starts_with(".devcontainer/")
            || lower.contains("/.devcontainer/"),
        test: has(&[
            "test",
            "tests",
            "testing",
            "e2e",
            "ci",
            "playwright",
            "cypress",
        ]),
    }
}

/// Whether a container command starts a development server.
pub fn is_dev_command(cmd: &str, env: &[(String, String)]) -> bool {
    let tokens: Vec<String> = cmd
        .split(|c: char| c.is_whitespace() || c == ';' || c == '(' || c == ')')
        .map(|t| {
            t.trim_matches(|c| c == '"' || c == '\'' || c == '[' || c == ']' || c == ',')
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect();
    let base = |t: &str| -> String { t.rsplit('/').next().unwrap_or(t).to_ascii_lowercase() };
    let toks: Vec<String> = tokens.iter().map(|t| base(t)).collect();
    let has = |w: &str| toks.iter().any(|t| t == w);
    let env_is = |k: &str, vals: &[&str]| {
        env.iter()
            .any(|(ek, ev)| ek == k && vals.contains(&ev.to_ascii_lowercase().as_str()))
            || tokens.iter().any(|t| {
                t.split_once('=').is_some_and(|(tk, tv)| {
                    tk == k && vals.contains(&tv.to_ascii_lowercase().as_str())
                })
            })
    };
    let is_dev_script = |s: &str| {
        matches!(s, "dev" | "develop" | "start:dev" | "serve:dev" | "watch")
            || s.starts_with("dev:")
    };
    for (i, t) in toks.iter().enumerate() {
        let next = toks.get(i + 1).map(String::as_str).unwrap_or("");
        let next2 = toks.get(i + 2).map(String::as_str).unwrap_or("");
        let program_position = i == 0
            || matches!(
                toks[i - 1].as_str(),
                "&&" | "||" | "|" | "-c" | "exec" | "npx" | "bunx" | "run" | "go"
            )
            || toks[i - 1].contains('=');
        match t.as_str() {
            "npm" | "pnpm" | "yarn" | "bun" => {
                let script = if matches!(next, "run" | "run-script") {
                    next2
                } else {
                    next
                };
                if is_dev_script(script) {
                    return true;
                }
                if t == "bun" && (has("--watch") || has("--hot")) {
                    return true;
                }
            }
            "next" | "nuxt" | "nuxi" | "astro" | "remix" | "svelte-kit" | "fastapi"
            | "wrangler" | "vercel" | "netlify"
                if next == "dev" =>
            {
                return true;
            }
            "vite" if program_position && !matches!(next, "build" | "preview" | "optimize") => {
                return true;
            }
            "gatsby" if next == "develop" => return true,
            "ng" | "vue-cli-service" | "ember" | "webpack" if next == "serve" => return true,
            "hugo" if next == "server" || next == "serve" => return true,
            "jekyll" if next == "serve" => return true,
            "react-scripts" if next == "start" => return true,
            "artisan" if next == "serve" => return true,
            "dotnet" | "cargo" if next == "watch" => return true,
            "tsx" if next == "watch" => return true,
            "nodemon" | "ts-node-dev" | "tsnd" | "webpack-dev-server" | "cargo-watch" => {
                return true;
            }
            "air" if program_position => return true,
            "node" | "deno" if has("--watch") => return true,
            "manage.py" | "django-admin" if toks[i + 1..].iter().any(|x| x == "runserver") => {
                return true;
            }
            "flask" => {
                let runs = toks[i + 1..].iter().any(|x| x == "run");
                let debug = has("--debug") || has("--reload") || has("--debugger");
                if runs
                    && (debug
                        || env_is("FLASK_DEBUG", &["1", "true"])
                        || env_is("FLASK_ENV", &["development"]))
                {
                    return true;
                }
            }
            "uvicorn" | "gunicorn" | "hypercorn" if has("--reload") => return true,
            "rails" if matches!(next, "s" | "server") => {
                let flag_dev = tokens.windows(2).any(|w| {
                    matches!(w[0].as_str(), "-e" | "--environment")
                        && matches!(w[1].as_str(), "development" | "dev")
                }) || tokens
                    .iter()
                    .any(|x| x == "--environment=development" || x == "-edevelopment");
                if flag_dev || env_is("RAILS_ENV", &["development"]) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(path: &str, text: &str) -> Dockerfile {
        parse(path, text).0
    }

    #[test]
    fn multi_stage_with_final_command() {
        let text = "\
# syntax=docker/dockerfile:1
ARG NODE=20
FROM --platform=$BUILDPLATFORM node:${NODE}-alpine AS deps
RUN npm ci
FROM deps AS build
RUN npm run build
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
FROM gcr.io/distroless/nodejs20 AS runner
COPY --from=build /app/dist /app
USER nonroot
EXPOSE 3000
CMD [\"dist/server.js\"]
";
        let (d, w) = parse("Dockerfile", text);
        assert!(w.is_empty(), "{w:?}");
        let froms: Vec<(Option<u32>, &str)> = d
            .base_images
            .iter()
            .map(|e| (e.line, e.detail.as_str()))
            .collect();
        assert_eq!(
            froms,
            [
                (Some(3), "FROM node:${NODE}-alpine AS deps"),
                (Some(5), "FROM deps AS build"),
                (Some(8), "FROM gcr.io/distroless/nodejs20 AS runner"),
            ]
        );
        assert_eq!(d.stages, ["deps", "build", "runner"]);
        // the builder's HEALTHCHECK does not reach the final image
        assert!(d.healthcheck.is_none());
        let c = d.command.unwrap();
        assert_eq!(
            (c.line, c.detail.as_str()),
            (Some(12), "CMD dist/server.js")
        );
        assert_eq!(d.user.unwrap().detail, "USER nonroot");
        assert_eq!(d.exposed_ports, ["3000"]);
        assert!(!d.dev_only);
    }

    #[test]
    fn inherited_healthcheck_and_none() {
        let text = "FROM python:3.12 AS base\nHEALTHCHECK --interval=30s \\\n  CMD curl -f http://localhost:8000/health\nFROM base\nCMD [\"gunicorn\", \"app:app\"]\n";
        let d = p("Dockerfile", text);
        let h = d.healthcheck.unwrap();
        assert_eq!(h.line, Some(2));
        assert_eq!(
            h.detail,
            "HEALTHCHECK CMD curl -f http://localhost:8000/health"
        );
        let text = "FROM python:3.12 AS base\nHEALTHCHECK CMD true\nFROM base\nHEALTHCHECK NONE\n";
        assert!(p("Dockerfile", text).healthcheck.is_none());
    }

    #[test]
    fn entrypoint_resets_inherited_cmd() {
        let text = "FROM x AS a\nCMD [\"serve\"]\nFROM a\nENTRYPOINT [\"/init\"]\n";
        let c = p("Dockerfile", text).command.unwrap();
        assert_eq!(c.detail, "ENTRYPOINT /init");
        let text = "FROM x\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD npm run dev\n";
        let d = p("Dockerfile", text);
        assert_eq!(
            d.command.unwrap().detail,
            "ENTRYPOINT docker-entrypoint.sh; CMD npm run dev"
        );
        assert!(d.dev_only);
    }

    #[test]
    fn heredocs_are_skipped() {
        let text = "\
FROM alpine
RUN <<EOF
CMD [\"not\", \"an\", \"instruction\"]
FROM evil
EOF
COPY <<-\"A\" /a <<'B' /b
\tHEALTHCHECK CMD fake
\tA
FROM also-not
B
RUN echo $((1<<2)) && cat <<< \"x\"
CMD [\"real\"]
";
        let (d, w) = parse("Dockerfile", text);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.base_images.len(), 1);
        assert!(d.healthcheck.is_none());
        assert_eq!(d.command.unwrap().detail, "CMD real");
        let (_, w) = parse("Dockerfile", "FROM a\nRUN <<EOF\necho hi\n");
        assert!(w[0].message.contains("never closed"));
    }

    #[test]
    fn escape_directive_and_continuations() {
        let text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  # comment inside\n\n  c:\\\nCMD [\"cmd\"]\n";
        let (d, w) = parse("Dockerfile", text);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(d.command.unwrap().line, Some(7));
        // a directive after an instruction is just a comment
        let text = "FROM a\n# escape=`\nRUN x \\\n y\nCMD z\n";
        assert_eq!(p("Dockerfile", text).command.unwrap().detail, "CMD z");
        // lowercase keywords, CRLF line ends, trailing continuation at EOF
        let d = p(
            "Dockerfile",
            "from node:20 as base\r\ncmd [\"npm\", \"start\"]\r\nRUN a \\",
        );
        assert_eq!(d.base_images[0].detail, "FROM node:20 AS base");
        assert_eq!(d.command.unwrap().detail, "CMD npm start");
    }

    #[test]
    fn dev_only_by_name() {
        for name in [
            "Dockerfile.dev",
            "dev.Dockerfile",
            "Dockerfile.development",
            "docker/Dockerfile-local",
            ".devcontainer/Dockerfile",
        ] {
            assert!(p(name, "FROM a\nCMD x\n").dev_only, "{name}");
        }
        for name in [
            "Dockerfile",
            "Dockerfile.prod",
            "deploy/web.Dockerfile",
            "devtools/Dockerfile",
        ] {
            assert!(!p(name, "FROM a\nCMD x\n").dev_only, "{name}");
        }
        assert!(p("frontend/Dockerfile.playwright", "FROM a").test_only);
        assert!(!p("Dockerfile", "FROM a").test_only);
    }

    #[test]
    fn dev_commands() {
        let none: &[(String, String)] = &[];
        for cmd in [
            "npm run dev",
            "pnpm dev",
            "yarn dev:server",
            "next dev -p 3000",
            "npx vite --host 0.0.0.0",
            "vite",
            "nodemon src/index.js",
            "flask run --debug --host=0.0.0.0",
            "python manage.py runserver 0.0.0.0:8000",
            "bin/rails s -e development -b 0.0.0.0",
            "air -c .air.toml",
            "cargo watch -x run",
            "uvicorn app.main:app --reload --host 0.0.0.0",
            "fastapi dev app/main.py",
            "sh -c \"npm install && npm run dev\"",
            "node --watch server.js",
            "php artisan serve --host=0.0.0.0",
            "ng serve --host 0.0.0.0",
        ] {
            assert!(is_dev_command(cmd, none), "{cmd}");
        }
        for cmd in [
            "npm start",
            "node server.js",
            "next start",
            "vite build && node dist/server.js",
            "vite preview",
            "gunicorn app:app",
            "uvicorn app.main:app --host 0.0.0.0",
            "bin/rails server -b 0.0.0.0",
            "flask run --host=0.0.0.0",
            "python manage.py migrate && gunicorn x.wsgi",
            "/usr/bin/miniflux",
            "fastapi run app/main.py",
            "echo air",
        ] {
            assert!(!is_dev_command(cmd, none), "{cmd}");
        }
        let env = [("RAILS_ENV".to_string(), "development".to_string())];
        assert!(is_dev_command("rails server -b 0.0.0.0", &env));
        let env = [("FLASK_DEBUG".to_string(), "1".to_string())];
        assert!(is_dev_command("flask run", &env));
    }

    #[test]
    fn dev_only_by_stage_env() {
        let text =
            "FROM ruby:3.3\nENV RAILS_ENV=development PORT=3000\nCMD [\"bin/rails\", \"server\"]\n";
        assert!(p("Dockerfile", text).dev_only);
    }

    #[test]
    fn junk_and_edge_cases() {
        let (d, w) = parse("Dockerfile", "");
        assert!(d.base_images.is_empty() && w.is_empty());
        let (d, w) = parse("Dockerfile", "\u{fffd}\u{fffd}\0\0 binary \u{fffd}\n\\\n");
        assert!(d.base_images.is_empty());
        assert!(!w.is_empty());
        let (_, w) = parse("Dockerfile", "FROM\nFROM --platform=x\n");
        assert_eq!(w.len(), 3);
        let long = format!("FROM a\nRUN {}\n", "x ".repeat(500_000));
        assert_eq!(p("Dockerfile", &long).base_images.len(), 1);
        let many = "RUN <<A <<B <<C\n".repeat(10_000);
        let _ = parse("Dockerfile", &format!("FROM a\n{many}"));
        let conts = "\\\n".repeat(100_000);
        let _ = parse("Dockerfile", &format!("FROM a\nRUN x {conts}"));
        assert!(
            p("Dockerfile", "FROM a\nHEALTHCHECK\nCMD\n")
                .healthcheck
                .is_none()
        );
        let d = p("Dockerfile", "FROM a AS A\nFROM A\nFROM a\n");
        assert_eq!(d.base_images.len(), 3);
        // JSON form that is not valid JSON stays as written
        assert_eq!(
            p("Dockerfile", "FROM a\nCMD [npm, start]\n")
                .command
                .unwrap()
                .detail,
            "CMD [npm, start]"
        );
        let envs = env_pairs("A 1 2");
        assert_eq!(envs, [("A".to_string(), "1 2".to_string())]);
    }
}
