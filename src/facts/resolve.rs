//! Resolves a command through package scripts and task runners.
//!
//! A command line is split into simple commands (`&&`, `||`, `;`, `|`, `&`,
//! newlines, `\`-continuations; quotes and `$(…)` respected). Each simple
//! command loses its wrappers (`FOO=1`, `cross-env`, `npx`, `uv run`, …) and,
//! when it invokes a script (`npm run X`, `pnpm -r X`, `turbo run X`,
//! `make X`, `just X`, `task X`, `composer X`, `poe X`, …), the script's
//! commands are followed in turn, depth-limited and cycle-safe.

use std::collections::HashSet;

use super::{Script, ScriptSource};

/// One command reached from a starting command, with the chain that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The command text reached (one simple command, no `&&`).
    pub command: String,
    /// Script names followed, outermost first (`["ci", "test"]` for `npm run ci` → `npm run test` → `vitest`).
    pub via: Vec<String>,
    /// Where the last script followed is defined (file, line).
    pub defined_at: Option<(String, u32)>,
}

/// Scripts followed at most this deep.
pub const MAX_DEPTH: usize = 8;
/// Simple commands returned at most (fan-out across a workspace stays bounded).
pub const MAX_RESULTS: usize = 4096;
/// Words of one simple command considered at most.
const MAX_WORDS: usize = 512;

/// Splits `command` into simple commands and follows script invocations
/// (`npm run X`, `pnpm X`, `yarn X`, `bun run X`, `make X`, `just X`, `task X`,
/// `composer X`, …) through `scripts` defined in `dir` (and the root), depth-limited
/// and cycle-safe. Returns every simple command reached, the starting ones included.
pub fn expand(command: &str, dir: &str, scripts: &[Script]) -> Vec<Resolved> {
    let mut w = Walker {
        scripts,
        out: Vec::new(),
        seen: HashSet::new(),
        stack: Vec::new(),
    };
    w.walk(command, dir, None, &[], None);
    w.out
}

/// A reached command with its chain, for de-duplication.
type SeenKey = (String, Vec<String>, Option<(String, u32)>);

struct Walker<'s> {
    scripts: &'s [Script],
    out: Vec<Resolved>,
    seen: HashSet<SeenKey>,
    /// Scripts being followed (file, name): cycle guard and depth.
    stack: Vec<(&'s str, &'s str)>,
}

/// Which packages an invocation targets.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    /// The current directory, falling back to the root.
    Here,
    /// Every package directory except the root (`pnpm -r`, `turbo run`).
    All,
    /// Package directories matching a filter (`--filter web`, `yarn workspace web`).
    Filter(Vec<String>),
}

#[derive(Debug, Clone)]
struct Invocation {
    sources: &'static [ScriptSource],
    /// Script names or globs (`test:*`); empty means the runner's default.
    names: Vec<String>,
    scope: Scope,
    /// Directory change (`make -C`, `npm --prefix`), relative to the current dir.
    chdir: Option<String>,
    /// Specific file (`make -f`, `just -f`), relative to the current dir.
    file: Option<String>,
}

const PKG: &[ScriptSource] = &[ScriptSource::PackageJson];
const MAKE: &[ScriptSource] = &[ScriptSource::Makefile];
const JUST: &[ScriptSource] = &[ScriptSource::Justfile];
const TASK: &[ScriptSource] = &[ScriptSource::Taskfile, ScriptSource::Taskipy];
const COMPOSER: &[ScriptSource] = &[ScriptSource::Composer];
const POE: &[ScriptSource] = &[ScriptSource::Poe];
const PDM: &[ScriptSource] = &[ScriptSource::Pdm];
const HATCH: &[ScriptSource] = &[ScriptSource::Hatch];
const DENO: &[ScriptSource] = &[ScriptSource::Deno];
const RAKE: &[ScriptSource] = &[ScriptSource::Rake];
const SHELL: &[ScriptSource] = &[ScriptSource::Shell];

impl Invocation {
    fn new(sources: &'static [ScriptSource], names: Vec<String>) -> Invocation {
        Invocation {
            sources,
            names,
            scope: Scope::Here,
            chdir: None,
            file: None,
        }
    }
}

impl<'s> Walker<'s> {
    fn walk(
        &mut self,
        text: &str,
        dir: &str,
        ctx: Option<&'s Script>,
        via: &[String],
        defined_at: Option<(String, u32)>,
    ) {
        let mut dir = dir.to_string();
        for simple in split_commands(text) {
            if self.out.len() >= MAX_RESULTS {
                return;
            }
            let key = (simple.clone(), via.to_vec(), defined_at.clone());
            if self.seen.insert(key) {
                self.out.push(Resolved {
                    command: simple.clone(),
                    via: via.to_vec(),
                    defined_at: defined_at.clone(),
                });
            }
            let all = words(&simple);
            let w = strip(&all, false);
            if w.first().map(String::as_str) == Some("cd") {
                if let Some(target) = w.get(1)
                    && let Some(d) = join_dir(&dir, target)
                {
                    dir = d;
                }
                continue;
            }
            // `concurrently "cmd a" "npm:test"` runs its arguments.
            if w.first().map(|p| program(p)) == Some("concurrently") {
                for arg in concurrently_args(w) {
                    match arg {
                        Concurrent::Script(inv) => self.invoke(&inv, &dir, ctx, via),
                        Concurrent::Command(c) => {
                            self.walk(&c, &dir, ctx, via, defined_at.clone());
                        }
                    }
                }
                continue;
            }
            for inv in invocations(w, ctx) {
                self.invoke(&inv, &dir, ctx, via);
            }
        }
    }

    fn invoke(&mut self, inv: &Invocation, dir: &str, ctx: Option<&'s Script>, via: &[String]) {
        let dir = match &inv.chdir {
            Some(c) => match join_dir(dir, c) {
                Some(d) => d,
                None => return,
            },
            None => dir.to_string(),
        };
        if inv.sources == SHELL {
            let Some(rel) = inv.file.as_deref() else {
                return;
            };
            let candidates = [join_dir(&dir, rel), join_dir("", rel)];
            let found = candidates.iter().flatten().find_map(|p| {
                self.scripts
                    .iter()
                    .find(|s| s.source == ScriptSource::Shell && &s.file == p)
            });
            if let Some(script) = found {
                // A shell script runs in the caller's directory, not its own.
                self.follow_in(script, via, Some(&dir));
            }
            return;
        }
        let file = inv.file.as_ref().and_then(|f| join_dir(&dir, f));
        for script in self.lookup(inv, &dir, file.as_deref(), ctx) {
            self.follow(script, via);
        }
    }

    fn follow(&mut self, script: &'s Script, via: &[String]) {
        self.follow_in(script, via, None)
    }

    fn follow_in(&mut self, script: &'s Script, via: &[String], run_dir: Option<&str>) {
        if self.stack.len() >= MAX_DEPTH
            || self.out.len() >= MAX_RESULTS
            || self
                .stack
                .iter()
                .any(|(f, n)| *f == script.file && *n == script.name)
        {
            return;
        }
        self.stack.push((&script.file, &script.name));
        let mut via = via.to_vec();
        via.push(script.name.clone());
        for dep in &script.deps {
            let found: Vec<&'s Script> = self
                .scripts
                .iter()
                .filter(|s| s.file == script.file && s.source == script.source && &s.name == dep)
                .collect();
            for d in found {
                self.follow(d, &via);
            }
        }
        let at = Some((script.file.clone(), script.line));
        let dir = run_dir
            .map(str::to_string)
            .unwrap_or_else(|| script.dir.clone());
        self.walk(&script.command, &dir, Some(script), &via, at);
        self.stack.pop();
    }

    /// Scripts an invocation reaches, in file order.
    fn lookup(
        &self,
        inv: &Invocation,
        dir: &str,
        file: Option<&str>,
        ctx: Option<&'s Script>,
    ) -> Vec<&'s Script> {
        let candidates = self
            .scripts
            .iter()
            .filter(|s| inv.sources.contains(&s.source))
            .filter(|s| file.is_none_or(|f| s.file == f));
        let matches_name = |s: &Script| -> bool {
            if inv.names.is_empty() {
                return false;
            }
            inv.names.iter().any(|n| name_matches(n, &s.name))
        };
        match &inv.scope {
            Scope::Here => {
                // A composer `@x` or a dependency stays in the defining file.
                if let Some(ctx) =
                    ctx.filter(|c| inv.sources == COMPOSER && c.source == ScriptSource::Composer)
                {
                    return candidates
                        .filter(|s| s.file == ctx.file && matches_name(s))
                        .collect();
                }
                for d in [dir, ""] {
                    let in_dir: Vec<&'s Script> =
                        candidates.clone().filter(|s| s.dir == d).collect();
                    if in_dir.is_empty() {
                        continue;
                    }
                    let found: Vec<&'s Script> = if inv.names.is_empty() {
                        default_script(inv.sources, &in_dir).into_iter().collect()
                    } else {
                        in_dir.into_iter().filter(|s| matches_name(s)).collect()
                    };
                    if !found.is_empty() {
                        return found;
                    }
                    if d.is_empty() {
                        break;
                    }
                }
                Vec::new()
            }
            Scope::All => candidates
                .filter(|s| !s.dir.is_empty() && matches_name(s))
                .collect(),
            Scope::Filter(filters) => {
                let (neg, pos): (Vec<&String>, Vec<&String>) =
                    filters.iter().partition(|f| f.starts_with('!'));
                candidates
                    .filter(|s| {
                        !s.dir.is_empty()
                            && (pos.is_empty() || pos.iter().any(|f| filter_matches(f, &s.dir)))
                            && !neg
                                .iter()
                                .any(|f| filter_matches(f.trim_start_matches('!'), &s.dir))
                            && matches_name(s)
                    })
                    .collect()
            }
        }
    }
}

/// The script a runner uses when none is named: the first Makefile target,
/// the first just recipe, go-task's `default`.
fn default_script<'s>(sources: &[ScriptSource], in_dir: &[&'s Script]) -> Option<&'s Script> {
    if sources == MAKE {
        let main = in_dir
            .iter()
            .filter(|s| {
                matches!(
                    super::manifests::file_name(&s.file),
                    "GNUmakefile" | "makefile" | "Makefile"
                )
            })
            .min_by_key(|s| (s.file.as_str(), s.line))?;
        return Some(main);
    }
    if sources == JUST {
        return in_dir.iter().min_by_key(|s| s.line).copied();
    }
    if sources == TASK {
        return in_dir
            .iter()
            .find(|s| s.source == ScriptSource::Taskfile && s.name == "default")
            .copied();
    }
    None
}

/// `*` matches within a `:`-separated segment, `**` across segments (npm-run-all globs).
fn name_matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == name;
    }
    glob(pattern.as_bytes(), name.as_bytes(), 0)
}

fn glob(p: &[u8], s: &[u8], depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match p.first() {
        None => s.is_empty(),
        Some(b'*') => {
            let double = p.get(1) == Some(&b'*');
            let rest = if double {
                p.get(2..).unwrap_or(&[])
            } else {
                p.get(1..).unwrap_or(&[])
            };
            for i in 0..=s.len() {
                if i > 0 && !double && s.get(i - 1) == Some(&b':') {
                    break;
                }
                if glob(rest, s.get(i..).unwrap_or(&[]), depth + 1) {
                    return true;
                }
            }
            false
        }
        Some(c) => {
            s.first() == Some(c)
                && glob(p.get(1..).unwrap_or(&[]), s.get(1..).unwrap_or(&[]), depth)
        }
    }
}

/// Whether a workspace filter (`web`, `@acme/web`, `./apps/*`, `web...`) names `dir`.
fn filter_matches(filter: &str, dir: &str) -> bool {
    if dir.is_empty() {
        return false;
    }
    let f = filter
        .trim_start_matches('!')
        .trim_start_matches("./")
        .trim_start_matches("...")
        .trim_start_matches('^')
        .trim_end_matches("...")
        .trim_matches(['{', '}'])
        .trim_start_matches("./")
        .trim_end_matches('/');
    if f.is_empty() || filter.starts_with('!') {
        return false;
    }
    if f == "*" || f == "**" {
        return true;
    }
    let last = dir.rsplit('/').next().unwrap_or(dir);
    let short = f.rsplit('/').next().unwrap_or(f);
    if f.contains('*') {
        return wildcard(f, dir) || wildcard(short, last);
    }
    f == dir || short == last
}

/// Plain `*` wildcard over a whole string.
fn wildcard(p: &str, s: &str) -> bool {
    let pb = p.replace("**", "*");
    let parts: Vec<&str> = pb.split('*').collect();
    let mut rest = s;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = rest.get(at + part.len()..).unwrap_or(""),
                None => return false,
            }
        }
    }
    rest.is_empty()
}

/// `base` joined with a relative directory, `.`/`..` folded. `None` for
/// absolute paths, `~`, variables and paths that climb above the root.
fn join_dir(base: &str, rel: &str) -> Option<String> {
    if rel.starts_with(['/', '~', '$']) || rel == "-" || rel.contains(['$', '`']) {
        return None;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

// ------------------------------------------------------------ shell lexing

/// Splits shell text into simple commands at `&&`, `||`, `;`, `|`, `&`,
/// newlines and parentheses, outside quotes, `$(…)` and backquotes. `\`-newline
/// joins lines; `#` comments are dropped; leading shell keywords (`then`,
/// `do`, `!`, …) are removed.
pub fn split_commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0usize;
    let mut quote: Option<char> = None;
    let mut subst = 0usize;
    let mut backtick = false;
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let c = clean_simple(cur);
        if !c.is_empty() {
            out.push(c);
        }
        cur.clear();
    };
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        // Line continuation (also inside double quotes).
        if c == '\\' && quote != Some('\'') {
            match next {
                Some('\n') => {
                    cur.push(' ');
                    i += 2;
                    continue;
                }
                Some('\r') if chars.get(i + 2) == Some(&'\n') => {
                    cur.push(' ');
                    i += 3;
                    continue;
                }
                Some(n) => {
                    cur.push(c);
                    cur.push(n);
                    i += 2;
                    continue;
                }
                None => {
                    i += 1;
                    continue;
                }
            }
        }
        if let Some(q) = quote {
            cur.push(c);
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
            cur.push(c);
            i += 1;
            continue;
        }
        if c == '`' {
            backtick = !backtick;
            cur.push(c);
            i += 1;
            continue;
        }
        if c == '$' && (next == Some('(') || next == Some('{')) {
            subst += 1;
            cur.push(c);
            if let Some(n) = next {
                cur.push(n);
            }
            i += 2;
            continue;
        }
        if subst > 0 {
            if c == '(' || c == '{' {
                subst += 1;
            } else if c == ')' || c == '}' {
                subst -= 1;
            }
            cur.push(c);
            i += 1;
            continue;
        }
        if backtick {
            cur.push(c);
            i += 1;
            continue;
        }
        let at_word_start = cur.chars().last().is_none_or(|p| p.is_whitespace());
        if c == '#' && at_word_start {
            while chars.get(i).is_some_and(|&c| c != '\n') {
                i += 1;
            }
            continue;
        }
        match c {
            '\n' | ';' | '(' | ')' => {
                flush(&mut cur, &mut out);
                i += 1;
            }
            '&' => {
                let prev = cur.chars().last();
                if matches!(prev, Some('>' | '<')) || next == Some('>') {
                    cur.push(c);
                    i += 1;
                } else {
                    flush(&mut cur, &mut out);
                    i += if next == Some('&') { 2 } else { 1 };
                }
            }
            '|' => {
                flush(&mut cur, &mut out);
                i += if matches!(next, Some('|' | '&')) {
                    2
                } else {
                    1
                };
            }
            _ => {
                cur.push(c);
                i += 1;
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn clean_simple(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let first = t.split_whitespace().next().unwrap_or("");
        if matches!(
            first,
            "then"
                | "do"
                | "else"
                | "elif"
                | "if"
                | "while"
                | "until"
                | "!"
                | "{"
                | "}"
                | "fi"
                | "done"
                | "esac"
        ) {
            t = t.get(first.len()..).unwrap_or("").trim_start();
        } else {
            break;
        }
    }
    t.trim_end_matches(['{', '}']).trim().to_string()
}

/// Shell words of one simple command, quotes removed.
pub fn words(cmd: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = cmd.chars();
    while let Some(c) = chars.next() {
        if out.len() >= MAX_WORDS {
            return out;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            Some(_) => cur.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    in_word = true;
                }
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                    }
                    in_word = true;
                }
                c if c.is_whitespace() => {
                    if in_word {
                        out.push(std::mem::take(&mut cur));
                        in_word = false;
                    }
                }
                c => {
                    cur.push(c);
                    in_word = true;
                }
            },
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

/// Program name of a word: the last path segment, without `.exe`/`.cmd`/`.bat`;
/// `$(MAKE)` is `make`.
pub fn program(word: &str) -> &str {
    if matches!(word, "$(MAKE)" | "${MAKE}" | "$MAKE") {
        return "make";
    }
    let base = word.rsplit(['/', '\\']).next().unwrap_or(word);
    base.strip_suffix(".exe")
        .or_else(|| base.strip_suffix(".cmd"))
        .or_else(|| base.strip_suffix(".bat"))
        .unwrap_or(base)
}

fn is_assignment(w: &str) -> bool {
    let Some((name, _)) = w.split_once('=') else {
        return false;
    };
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Skips flags (words starting with `-`); `with_value` flags also take the next word.
/// The non-flag words from `start` up to a `--`; `with_value` flags also take the next word.
fn positionals<'a>(args: &'a [String], start: usize, with_value: &[&str]) -> Vec<&'a String> {
    let mut out = Vec::new();
    let mut i = start;
    while let Some(a) = args.get(i) {
        if a == "--" {
            break;
        }
        i += if a.starts_with('-') && with_value.contains(&a.as_str()) {
            2
        } else {
            1
        };
        if !a.starts_with('-') {
            out.push(a);
        }
    }
    out
}

fn skip_flags(w: &[String], mut i: usize, with_value: &[&str]) -> usize {
    while let Some(word) = w.get(i) {
        if word == "--" {
            return i + 1;
        }
        if !word.starts_with('-') || word == "-" {
            break;
        }
        i += if with_value.contains(&word.as_str()) {
            2
        } else {
            1
        };
    }
    i
}

/// The command without leading wrappers: environment assignments, `env`,
/// `cross-env`, `dotenv --`, `npx`, `pnpm exec|dlx`, `yarn dlx|exec`, `bunx`,
/// `npm exec`, `uv run`, `uvx`, `poetry run`, `pipenv run`, `bundle exec`,
/// `rye run`, `pixi run`, `time`, `sudo`, `nice`, `nohup`, `exec`, `command`.
/// `pdm run` and `hatch run` are stripped too (their scripts are followed by
/// [`expand`] first).
pub fn strip_wrappers(w: &[String]) -> &[String] {
    strip(w, true)
}

/// `strip_wrappers`, keeping `pdm run`/`hatch run` when `runners` is false.
fn strip(w: &[String], runners: bool) -> &[String] {
    let mut i = 0usize;
    for _ in 0..32 {
        let Some(first) = w.get(i) else { break };
        let p = program(first);
        let second = w.get(i + 1).map(String::as_str);
        let next = if is_assignment(first) {
            i + 1
        } else {
            match (p, second) {
                ("time" | "nohup" | "exec" | "command" | "builtin", _) => skip_flags(w, i + 1, &[]),
                ("sudo", _) => skip_flags(w, i + 1, &["-u", "-g", "-C", "-D", "-h", "-p", "-U"]),
                ("nice", _) => skip_flags(w, i + 1, &["-n"]),
                ("env", _) => skip_flags(w, i + 1, &["-u", "-C", "-S", "--unset", "--chdir"]),
                ("cross-env" | "cross-env-shell", _) => i + 1,
                // `docker compose run --rm SERVICE cmd…` / `exec SERVICE cmd…`: the command
                // that runs inside the container is what the step does.
                ("docker", Some("compose")) | ("docker-compose", _) => {
                    let sub_at = if p == "docker" { i + 2 } else { i + 1 };
                    let j = skip_flags(
                        w,
                        sub_at,
                        &[
                            "-f",
                            "--file",
                            "-p",
                            "--project-name",
                            "--profile",
                            "--env-file",
                        ],
                    );
                    match w.get(j).map(String::as_str) {
                        Some("run" | "exec") => {
                            let k = skip_flags(
                                w,
                                j + 1,
                                &[
                                    "-e",
                                    "--env",
                                    "-w",
                                    "--workdir",
                                    "-u",
                                    "--user",
                                    "--name",
                                    "--entrypoint",
                                    "-v",
                                    "--volume",
                                    "-p",
                                    "--publish",
                                    "-l",
                                    "--label",
                                ],
                            );
                            // k is the service; the command follows it.
                            if w.len() > k + 1 { k + 1 } else { i }
                        }
                        _ => i,
                    }
                }
                ("dotenv" | "dotenvx", _) => match w.iter().skip(i).position(|x| x == "--") {
                    Some(at) => i + at + 1,
                    None => {
                        let j = if p == "dotenvx" && second == Some("run") {
                            i + 2
                        } else {
                            i + 1
                        };
                        skip_flags(w, j, &["-e", "-c", "-v", "-p", "-f"])
                    }
                },
                ("npx" | "pnpx" | "bunx", _) => skip_flags(
                    w,
                    i + 1,
                    &["-p", "--package", "-c", "--call", "--node-options"],
                ),
                ("pnpm", Some("exec" | "dlx"))
                | ("yarn", Some("dlx" | "exec"))
                | ("bun", Some("x")) => skip_flags(
                    w,
                    i + 2,
                    &["-p", "--package", "-C", "--dir", "--filter", "-F"],
                ),
                ("npm", Some("exec" | "x")) => skip_flags(
                    w,
                    i + 2,
                    &["-p", "--package", "-c", "--call", "-w", "--workspace"],
                ),
                ("uv", Some("run")) | ("rye", Some("run")) | ("pixi", Some("run")) => skip_flags(
                    w,
                    i + 2,
                    &[
                        "--with",
                        "-w",
                        "--python",
                        "-p",
                        "--group",
                        "--extra",
                        "--package",
                        "--env-file",
                        "--directory",
                        "--project",
                        "--with-requirements",
                        "--index",
                        "-e",
                        "--environment",
                    ],
                ),
                ("uvx" | "pipx", _) => {
                    let j = if p == "pipx" && second == Some("run") {
                        i + 2
                    } else {
                        i + 1
                    };
                    if p == "pipx" && second != Some("run") {
                        break;
                    }
                    skip_flags(w, j, &["--with", "--from", "--python", "-p", "--spec"])
                }
                ("pdm" | "hatch", Some("run")) if !runners => break,
                ("poetry" | "pipenv" | "pdm", Some("run")) => {
                    skip_flags(w, i + 2, &["-p", "--project", "-C", "--directory"])
                }
                ("hatch", Some("run")) => {
                    let j = skip_flags(w, i + 2, &["-e", "--env"]);
                    // `hatch run test:pytest` runs `pytest` in env `test`.
                    match w.get(j).and_then(|x| x.split_once(':')) {
                        Some((env, _)) if !env.is_empty() && !env.contains('/') => {
                            return w.get(j..).unwrap_or(&[]);
                        }
                        _ => j,
                    }
                }
                ("bundle" | "bundler", Some("exec")) => i + 2,
                ("conda" | "mamba" | "micromamba", Some("run")) => {
                    skip_flags(w, i + 2, &["-n", "--name", "-p", "--prefix"])
                }
                _ => break,
            }
        };
        if next <= i {
            break;
        }
        i = next;
    }
    w.get(i..).unwrap_or(&[])
}

// --------------------------------------------------------- invocations

enum Concurrent {
    Script(Invocation),
    Command(String),
}

fn concurrently_args(w: &[String]) -> Vec<Concurrent> {
    let with_value = [
        "-n",
        "--names",
        "-c",
        "--prefix-colors",
        "-p",
        "--prefix",
        "-s",
        "--success",
        "--name-separator",
        "-l",
        "--prefix-length",
        "-t",
        "--timestamp-format",
        "--restart-tries",
        "--restart-after",
        "--default-input-target",
        "-m",
        "--max-processes",
        "--handle-input",
        "-P",
        "--passthrough-arguments",
    ];
    let mut out = Vec::new();
    let mut i = 1usize;
    while let Some(a) = w.get(i) {
        if a.starts_with('-') {
            i += if with_value.contains(&a.as_str()) {
                2
            } else {
                1
            };
            continue;
        }
        i += 1;
        let pm = ["npm:", "yarn:", "pnpm:", "bun:"]
            .iter()
            .find_map(|p| a.strip_prefix(p));
        match pm {
            Some(name) => {
                let name = name.split_whitespace().next().unwrap_or("").to_string();
                if !name.is_empty() {
                    out.push(Concurrent::Script(Invocation::new(PKG, vec![name])));
                }
            }
            None => out.push(Concurrent::Command(a.clone())),
        }
    }
    out
}

/// Script invocations of one simple command (wrappers already stripped).
fn invocations(w: &[String], ctx: Option<&Script>) -> Vec<Invocation> {
    let Some(first) = w.first() else {
        return Vec::new();
    };
    // Composer `@script` references inside composer scripts.
    if let Some(name) = first.strip_prefix('@')
        && ctx.is_some_and(|c| c.source == ScriptSource::Composer)
    {
        return match name {
            "composer" => invocations_of("composer", w.get(1..).unwrap_or(&[])),
            "php" | "putenv" | "" => Vec::new(),
            n => vec![Invocation::new(COMPOSER, vec![n.to_string()])],
        };
    }
    if let Some(inv) = shell_script(w) {
        return vec![inv];
    }
    invocations_of(program(first), w.get(1..).unwrap_or(&[]))
}

/// `bash scripts/test.sh`, `sh -e ./ci.sh`, `source env.sh`, `./scripts/test.sh`, `scripts/test.sh`.
fn shell_script(w: &[String]) -> Option<Invocation> {
    let first = w.first()?;
    let path = match program(first) {
        "bash" | "sh" | "zsh" | "dash" | "source" | "." => {
            let i = skip_flags(w, 1, &["-o", "-O"]);
            let arg = w.get(i)?;
            if arg == "-c" {
                return None;
            }
            arg.clone()
        }
        _ if first.ends_with(".sh") || first.starts_with("./") => first.clone(),
        _ => return None,
    };
    let mut inv = Invocation::new(SHELL, Vec::new());
    inv.file = Some(path.trim_start_matches("./").to_string());
    Some(inv)
}

fn invocations_of(p: &str, args: &[String]) -> Vec<Invocation> {
    let one = |inv: Invocation| vec![inv];
    match p {
        "npm" => npm(args).map(one).unwrap_or_default(),
        "yarn" => yarn(args).map(one).unwrap_or_default(),
        "pnpm" => pnpm(args).map(one).unwrap_or_default(),
        "bun" => bun(args).map(one).unwrap_or_default(),
        "turbo" => turbo(args).map(one).unwrap_or_default(),
        "nx" => nx(args).map(one).unwrap_or_default(),
        "lerna" => {
            let i = skip_flags(args, 0, &[]);
            if args.get(i).map(String::as_str) != Some("run") {
                return Vec::new();
            }
            let j = skip_flags(args, i + 1, &["--scope", "--ignore", "--concurrency"]);
            let Some(name) = args.get(j) else {
                return Vec::new();
            };
            let mut inv = Invocation::new(PKG, vec![name.clone()]);
            inv.scope = Scope::All;
            if let Some(scope) = flag_values(args, &["--scope"]).into_iter().next() {
                inv.scope = Scope::Filter(vec![scope]);
            }
            vec![inv]
        }
        "run-s" | "run-p" | "npm-run-all" | "npm-run-all2" => {
            let with_value = ["--npm-path", "--max-parallel", "-m"];
            let names: Vec<String> = positionals(args, 0, &with_value)
                .into_iter()
                .filter_map(|a| a.split_whitespace().next().map(str::to_string))
                .collect();
            if names.is_empty() {
                Vec::new()
            } else {
                one(Invocation::new(PKG, names))
            }
        }
        "make" | "gmake" => {
            let mut inv = Invocation::new(MAKE, Vec::new());
            let mut i = 0;
            while let Some(a) = args.get(i) {
                i += 1;
                if let Some(v) = a.strip_prefix("--directory=") {
                    inv.chdir = Some(v.to_string());
                } else if let Some(v) = a
                    .strip_prefix("--file=")
                    .or_else(|| a.strip_prefix("--makefile="))
                {
                    inv.file = Some(v.to_string());
                } else if a == "-C" || a == "--directory" {
                    inv.chdir = args.get(i).cloned();
                    i += 1;
                } else if a == "-f" || a == "--file" || a == "--makefile" {
                    inv.file = args.get(i).cloned();
                    i += 1;
                } else if let Some(v) = a.strip_prefix("-C").filter(|v| !v.is_empty()) {
                    inv.chdir = Some(v.to_string());
                } else if a == "-j" || a == "-l" || a == "--jobs" {
                    if args
                        .get(i)
                        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
                    {
                        i += 1;
                    }
                } else if a == "-o" || a == "-W" || a == "-I" {
                    i += 1;
                } else if a.starts_with('-') || is_assignment(a) {
                } else {
                    inv.names.push(a.clone());
                }
            }
            // A file given with -f is read relative to -C's directory.
            if let (Some(f), Some(c)) = (&inv.file, &inv.chdir) {
                inv.file = join_dir(c, f);
                if inv.file.is_none() {
                    return Vec::new();
                }
            }
            one(inv)
        }
        "just" => {
            let mut inv = Invocation::new(JUST, Vec::new());
            let mut i = 0;
            while let Some(a) = args.get(i) {
                i += 1;
                match a.as_str() {
                    "-f" | "--justfile" => {
                        inv.file = args.get(i).cloned();
                        i += 1;
                    }
                    "-d" | "--working-directory" => {
                        inv.chdir = args.get(i).cloned();
                        i += 1;
                    }
                    "--set" => i += 2,
                    "--dotenv-path" | "--dotenv-filename" | "--shell" | "--color"
                    | "--command-color" => i += 1,
                    s if s.starts_with('-') => {}
                    s => {
                        inv.names.push(s.to_string());
                        // Later words are the recipe's arguments.
                        break;
                    }
                }
            }
            if let Some(f) = inv.file.clone() {
                // `-f` names the file; its directory is the working directory.
                let d = super::manifests::dir_of(&f);
                if !d.is_empty() {
                    inv.chdir = Some(d.to_string());
                    inv.file = Some(super::manifests::file_name(&f).to_string());
                }
            }
            one(inv)
        }
        "task" | "go-task" => {
            let mut inv = Invocation::new(TASK, Vec::new());
            let mut i = 0;
            while let Some(a) = args.get(i) {
                i += 1;
                match a.as_str() {
                    "--" => break,
                    "-d" | "--dir" => {
                        inv.chdir = args.get(i).cloned();
                        i += 1;
                    }
                    "-t" | "--taskfile" => {
                        inv.file = args.get(i).cloned();
                        i += 1;
                    }
                    "-o" | "--output" | "-C" | "--concurrency" | "--interval" => i += 1,
                    s if s.starts_with('-') || is_assignment(s) => {}
                    s => inv.names.push(s.to_string()),
                }
            }
            one(inv)
        }
        "composer" => {
            let with_value = ["-d", "--working-dir"];
            let i = skip_flags(args, 0, &with_value);
            let Some(sub) = args.get(i) else {
                return Vec::new();
            };
            let name = match sub.as_str() {
                "run-script" | "run" => match args.get(skip_flags(args, i + 1, &with_value)) {
                    Some(n) => n.clone(),
                    None => return Vec::new(),
                },
                s if COMPOSER_BUILTINS.contains(&s) => return Vec::new(),
                s => s.to_string(),
            };
            let mut inv = Invocation::new(COMPOSER, vec![name]);
            inv.chdir = flag_values(args, &with_value).into_iter().next();
            one(inv)
        }
        "poe" => {
            let i = skip_flags(
                args,
                0,
                &["-C", "--directory", "--root", "-e", "--executor"],
            );
            args.get(i)
                .map(|n| Invocation::new(POE, vec![n.clone()]))
                .into_iter()
                .collect()
        }
        "poetry" if args.first().map(String::as_str) == Some("poe") => {
            invocations_of("poe", args.get(1..).unwrap_or(&[]))
        }
        "pdm" => {
            let (i, explicit) = match args.first().map(String::as_str) {
                Some("run") => (skip_flags(args, 1, &["-p", "--project"]), true),
                _ => (0, false),
            };
            match args.get(i) {
                Some(n) if explicit || !n.starts_with('-') => {
                    one(Invocation::new(PDM, vec![n.clone()]))
                }
                _ => Vec::new(),
            }
        }
        "hatch" if args.first().map(String::as_str) == Some("run") => {
            let i = skip_flags(args, 1, &["-e", "--env"]);
            args.get(i)
                .map(|n| Invocation::new(HATCH, vec![n.clone()]))
                .into_iter()
                .collect()
        }
        "deno" if args.first().map(String::as_str) == Some("task") => {
            let i = skip_flags(args, 1, &["--cwd", "-c", "--config", "-f", "--filter"]);
            let Some(n) = args.get(i) else {
                return Vec::new();
            };
            let mut inv = Invocation::new(DENO, vec![n.clone()]);
            inv.chdir = flag_values(args, &["--cwd"]).into_iter().next();
            one(inv)
        }
        "rake" => {
            let names: Vec<String> = args
                .iter()
                .filter(|a| !a.starts_with('-') && !is_assignment(a))
                .cloned()
                .collect();
            one(Invocation::new(RAKE, names))
        }
        _ => Vec::new(),
    }
}

const COMPOSER_BUILTINS: &[&str] = &[
    "install",
    "i",
    "update",
    "u",
    "upgrade",
    "require",
    "r",
    "remove",
    "rm",
    "dump-autoload",
    "dumpautoload",
    "audit",
    "validate",
    "show",
    "info",
    "outdated",
    "create-project",
    "config",
    "global",
    "exec",
    "init",
    "self-update",
    "selfupdate",
    "diagnose",
    "depends",
    "why",
    "why-not",
    "prohibits",
    "check-platform-reqs",
    "archive",
    "browse",
    "home",
    "clear-cache",
    "clearcache",
    "status",
    "licenses",
    "fund",
    "search",
    "suggests",
    "reinstall",
    "bump",
    "list",
    "help",
    "about",
    "run-script",
    "run",
];

/// Values of flags given as `--flag value` or `--flag=value`.
fn flag_values(args: &[String], flags: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "--" {
            break;
        }
        if flags.contains(&a.as_str()) {
            if let Some(v) = args.get(i) {
                out.push(v.clone());
            }
            i += 1;
        } else if let Some((f, v)) = a.split_once('=')
            && flags.contains(&f)
        {
            out.push(v.to_string());
        }
    }
    out
}

fn npm(args: &[String]) -> Option<Invocation> {
    let with_value = [
        "--prefix",
        "-C",
        "-w",
        "--workspace",
        "--loglevel",
        "--script-shell",
    ];
    let mut i = skip_flags(args, 0, &with_value);
    let sub = args.get(i)?.as_str();
    let name = match sub {
        "run" | "run-script" | "rum" | "urn" => {
            i = skip_flags(args, i + 1, &with_value);
            args.get(i)?.clone()
        }
        "test" | "t" | "tst" => "test".to_string(),
        "start" | "stop" | "restart" => sub.to_string(),
        _ => return None,
    };
    let mut inv = Invocation::new(PKG, vec![name]);
    inv.chdir = flag_values(args, &["--prefix", "-C"]).into_iter().next();
    let ws = flag_values(args, &["-w", "--workspace"]);
    let all = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--workspaces" || a == "-ws");
    if all {
        inv.scope = Scope::All;
    } else if !ws.is_empty() {
        inv.scope = Scope::Filter(ws);
    }
    Some(inv)
}

const YARN_BUILTINS: &[&str] = &[
    "add",
    "install",
    "remove",
    "upgrade",
    "up",
    "why",
    "info",
    "init",
    "audit",
    "dlx",
    "exec",
    "npm",
    "config",
    "cache",
    "set",
    "plugin",
    "link",
    "unlink",
    "pack",
    "publish",
    "version",
    "global",
    "login",
    "logout",
    "list",
    "outdated",
    "import",
    "licenses",
    "owner",
    "tag",
    "team",
    "policy",
    "check",
    "autoclean",
    "bin",
    "generate-lock-entry",
    "node",
    "patch",
    "patch-commit",
    "rebuild",
    "search",
    "stage",
    "constraints",
    "dedupe",
    "explain",
    "upgrade-interactive",
    "create",
    "help",
];

fn yarn(args: &[String]) -> Option<Invocation> {
    let with_value = ["--cwd"];
    let i = skip_flags(args, 0, &with_value);
    let sub = args.get(i)?.as_str();
    let chdir = flag_values(args, &["--cwd"]).into_iter().next();
    let mut inv = match sub {
        "run" => Invocation::new(PKG, vec![args.get(skip_flags(args, i + 1, &[]))?.clone()]),
        "workspace" => {
            let ws = args.get(i + 1)?.clone();
            let name = match args.get(i + 2)?.as_str() {
                "run" => args.get(i + 3)?.clone(),
                n => n.to_string(),
            };
            let mut inv = Invocation::new(PKG, vec![name]);
            inv.scope = Scope::Filter(vec![ws]);
            inv
        }
        "workspaces" => {
            let verb = args.get(i + 1)?.as_str();
            let j = match verb {
                "foreach" => skip_flags(
                    args,
                    i + 2,
                    &[
                        "--include",
                        "--exclude",
                        "--from",
                        "-j",
                        "--jobs",
                        "--since",
                    ],
                ),
                "run" => i + 1,
                _ => return None,
            };
            let j = if args.get(j).map(String::as_str) == Some("run") {
                j + 1
            } else {
                j
            };
            let mut inv = Invocation::new(PKG, vec![args.get(j)?.clone()]);
            inv.scope = match flag_values(args, &["--include"]) {
                f if !f.is_empty() => Scope::Filter(f),
                _ => Scope::All,
            };
            inv
        }
        s if YARN_BUILTINS.contains(&s) => return None,
        s => Invocation::new(PKG, vec![s.to_string()]),
    };
    inv.chdir = chdir;
    Some(inv)
}

const PNPM_BUILTINS: &[&str] = &[
    "install",
    "i",
    "add",
    "remove",
    "rm",
    "uninstall",
    "un",
    "update",
    "up",
    "upgrade",
    "exec",
    "dlx",
    "audit",
    "publish",
    "outdated",
    "list",
    "ls",
    "why",
    "store",
    "link",
    "ln",
    "unlink",
    "prune",
    "fetch",
    "import",
    "rebuild",
    "rb",
    "deploy",
    "pack",
    "env",
    "setup",
    "config",
    "licenses",
    "create",
    "init",
    "patch",
    "patch-commit",
    "server",
    "root",
    "bin",
    "doctor",
    "approve-builds",
    "dedupe",
    "self-update",
    "install-test",
    "it",
    "ci",
    "help",
    "cat-file",
    "cat-index",
    "find-hash",
    "sbom",
    "version",
];

fn pnpm(args: &[String]) -> Option<Invocation> {
    let with_value = [
        "--filter",
        "-F",
        "-C",
        "--dir",
        "--workspace-concurrency",
        "--reporter",
        "--loglevel",
        "--filter-prod",
        "--test-pattern",
        "--changed-files-ignore-pattern",
    ];
    let mut i = skip_flags(args, 0, &with_value);
    let sub = args.get(i)?.as_str();
    let name = match sub {
        "run" | "run-script" => {
            i = skip_flags(args, i + 1, &with_value);
            args.get(i)?.clone()
        }
        "test" | "t" | "tst" => "test".to_string(),
        s if PNPM_BUILTINS.contains(&s) => return None,
        s => s.to_string(),
    };
    let mut inv = Invocation::new(PKG, vec![name]);
    inv.chdir = flag_values(args, &["-C", "--dir"]).into_iter().next();
    let filters = flag_values(args, &["--filter", "-F", "--filter-prod"]);
    let before_name = args.get(..i).unwrap_or(&[]);
    if !filters.is_empty() {
        inv.scope = Scope::Filter(filters);
    } else if before_name.iter().any(|a| a == "-r" || a == "--recursive") {
        inv.scope = Scope::All;
    }
    Some(inv)
}

const BUN_BUILTINS: &[&str] = &[
    "test", "build", "install", "i", "add", "a", "remove", "rm", "update", "x", "pm", "upgrade",
    "create", "init", "link", "unlink", "outdated", "publish", "patch", "repl", "exec", "audit",
    "info", "help", "why",
];

fn bun(args: &[String]) -> Option<Invocation> {
    let with_value = ["--cwd", "--filter", "-F", "--config", "-c"];
    let mut i = skip_flags(args, 0, &with_value);
    let sub = args.get(i)?.as_str();
    let name = match sub {
        "run" => {
            i = skip_flags(args, i + 1, &with_value);
            args.get(i)?.clone()
        }
        // `bun test` is Bun's own test runner, not the `test` script.
        s if BUN_BUILTINS.contains(&s) => return None,
        s => s.to_string(),
    };
    let mut inv = Invocation::new(PKG, vec![name]);
    inv.chdir = flag_values(args, &["--cwd"]).into_iter().next();
    let filters = flag_values(args, &["--filter", "-F"]);
    if !filters.is_empty() {
        inv.scope = Scope::Filter(filters);
    }
    Some(inv)
}

fn turbo(args: &[String]) -> Option<Invocation> {
    let with_value = [
        "--filter",
        "-F",
        "--concurrency",
        "--cache-dir",
        "--output-logs",
        "--log-order",
        "--scope",
        "--ignore",
        "--cache",
        "--env-mode",
        "--ui",
        "--log-prefix",
        "--profile",
        "--summarize",
        "--team",
        "--token",
        "--api",
        "--graph",
        "--dry-run",
        "--dry",
    ];
    let mut i = skip_flags(args, 0, &with_value);
    match args.get(i).map(String::as_str) {
        Some("run" | "watch") => i += 1,
        Some(
            "login" | "logout" | "link" | "unlink" | "prune" | "daemon" | "gen" | "generate" | "ls"
            | "info" | "telemetry" | "bin" | "query" | "scan" | "boundaries" | "completion"
            | "devtools",
        )
        | None => return None,
        _ => {}
    }
    let mut names = Vec::new();
    let mut filters = flag_values(args, &["--filter", "-F", "--scope"]);
    for a in positionals(args, i, &with_value) {
        match a.split_once('#') {
            Some((pkg, task)) => {
                filters.push(pkg.to_string());
                names.push(task.to_string());
            }
            None => names.push(a.clone()),
        }
    }
    if names.is_empty() {
        return None;
    }
    let mut inv = Invocation::new(PKG, names);
    inv.scope = if filters.is_empty() {
        Scope::All
    } else {
        Scope::Filter(filters)
    };
    Some(inv)
}

fn nx(args: &[String]) -> Option<Invocation> {
    let sub = args.first()?.as_str();
    let targets = || -> Vec<String> {
        flag_values(args, &["-t", "--target", "--targets"])
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::to_string)
            .chain(
                // `-t a b` lists several targets.
                args.iter()
                    .skip_while(|a| *a != "-t" && *a != "--targets")
                    .skip(2)
                    .take_while(|a| !a.starts_with('-'))
                    .cloned(),
            )
            .filter(|t| !t.is_empty())
            .collect()
    };
    let projects = flag_values(args, &["-p", "--projects"])
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::to_string)
        .collect::<Vec<_>>();
    let (names, scope) = match sub {
        "run-many" | "affected" => {
            let scope = if projects.is_empty() {
                Scope::All
            } else {
                Scope::Filter(projects)
            };
            (targets(), scope)
        }
        s if s.starts_with("affected:") => (
            vec![s.trim_start_matches("affected:").to_string()],
            Scope::All,
        ),
        "run" => {
            let spec = args.get(skip_flags(args, 1, &[]))?;
            let mut parts = spec.split(':');
            let project = parts.next()?.to_string();
            let target = parts.next()?.to_string();
            (vec![target], Scope::Filter(vec![project]))
        }
        s if s.starts_with('-') => return None,
        s => {
            if matches!(
                s,
                "graph"
                    | "show"
                    | "list"
                    | "add"
                    | "generate"
                    | "g"
                    | "migrate"
                    | "reset"
                    | "report"
                    | "init"
                    | "format"
                    | "format:check"
                    | "format:write"
                    | "release"
                    | "sync"
                    | "watch"
                    | "daemon"
                    | "connect"
                    | "repair"
                    | "import"
                    | "exec"
                    | "view-logs"
            ) {
                return None;
            }
            // `nx test web` or `nx web:test`.
            if let Some((project, target)) = s.split_once(':') {
                (
                    vec![target.to_string()],
                    Scope::Filter(vec![project.to_string()]),
                )
            } else {
                let scope = match args.get(1).filter(|a| !a.starts_with('-')) {
                    Some(p) => Scope::Filter(vec![p.clone()]),
                    None => Scope::All,
                };
                (vec![s.to_string()], scope)
            }
        }
    };
    if names.is_empty() {
        return None;
    }
    let mut inv = Invocation::new(PKG, names);
    inv.scope = scope;
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(source: ScriptSource, file: &str, name: &str, command: &str, line: u32) -> Script {
        Script {
            source,
            file: file.to_string(),
            dir: super::super::manifests::dir_of(file).to_string(),
            name: name.to_string(),
            command: command.to_string(),
            line,
            deps: Vec::new(),
        }
    }

    fn pkg(file: &str, name: &str, command: &str, line: u32) -> Script {
        s(ScriptSource::PackageJson, file, name, command, line)
    }

    fn commands(r: &[Resolved]) -> Vec<&str> {
        r.iter().map(|r| r.command.as_str()).collect()
    }

    #[test]
    fn splits_simple_commands() {
        assert_eq!(
            split_commands(
                "FOO=1 npm run a && npm run b || echo 'x && y'; c | d\ne \\\n  --flag & f 2>&1 >/dev/null"
            ),
            vec![
                "FOO=1 npm run a",
                "npm run b",
                "echo 'x && y'",
                "c",
                "d",
                "e    --flag",
                "f 2>&1 >/dev/null"
            ]
        );
        assert_eq!(
            split_commands(
                "if [ -f x ]; then npm test; fi # trailing comment\n(cd web && yarn lint)"
            ),
            vec!["[ -f x ]", "npm test", "cd web", "yarn lint"]
        );
        assert_eq!(
            split_commands("echo $(git rev-parse HEAD; date) done"),
            vec!["echo $(git rev-parse HEAD; date) done"]
        );
        assert!(split_commands("").is_empty());
        assert_eq!(
            split_commands("echo \"unterminated"),
            vec!["echo \"unterminated"]
        );
    }

    #[test]
    fn strips_wrappers() {
        let cases = [
            ("FOO=1 BAR=2 vitest run", "vitest"),
            ("cross-env NODE_ENV=test jest --ci", "jest"),
            ("dotenv -e .env.test -- playwright test", "playwright"),
            ("env -u X A=b pytest", "pytest"),
            ("npx --yes prisma migrate deploy", "prisma"),
            ("pnpm exec tsc --noEmit", "tsc"),
            ("pnpm dlx eslint .", "eslint"),
            ("yarn dlx biome ci", "biome"),
            ("bunx vitest", "vitest"),
            ("npm exec -- eslint .", "eslint"),
            ("uv run --frozen pytest -q", "pytest"),
            ("poetry run pytest", "pytest"),
            ("pipenv run python -m pytest", "python"),
            ("bundle exec rspec", "rspec"),
            ("hatch run test:pytest", "test:pytest"),
            ("time sudo -E go test ./...", "go"),
        ];
        for (cmd, want) in cases {
            let w = words(cmd);
            assert_eq!(
                strip_wrappers(&w).first().map(String::as_str),
                Some(want),
                "{cmd}"
            );
        }
        assert!(strip_wrappers(&words("FOO=1")).is_empty());
    }

    #[test]
    fn npm_ci_turbo_vitest_across_workspace() {
        let scripts = vec![
            pkg(
                "package.json",
                "ci",
                "npm run lint && turbo run test --filter=!docs",
                5,
            ),
            pkg("package.json", "lint", "eslint .", 6),
            pkg("package.json", "test", "turbo run test", 7),
            pkg("apps/web/package.json", "test", "vitest run", 8),
            pkg(
                "packages/ui/package.json",
                "test",
                "cross-env CI=1 vitest run --coverage",
                9,
            ),
            pkg("packages/db/package.json", "build", "tsc", 4),
        ];
        let r = expand("npm run ci", "", &scripts);
        assert_eq!(
            commands(&r),
            vec![
                "npm run ci",
                "npm run lint",
                "eslint .",
                "turbo run test --filter=!docs",
                "vitest run",
                "cross-env CI=1 vitest run --coverage",
            ]
        );
        let web = &r[4];
        assert_eq!(web.via, vec!["ci", "test"]);
        assert_eq!(
            web.defined_at,
            Some(("apps/web/package.json".to_string(), 8))
        );
        let lint = &r[2];
        assert_eq!(lint.via, vec!["ci", "lint"]);
        assert_eq!(lint.defined_at, Some(("package.json".to_string(), 6)));
    }

    #[test]
    fn package_managers_and_scopes() {
        let scripts = vec![
            pkg("package.json", "test", "turbo test", 2),
            pkg("package.json", "test:unit", "jest", 3),
            pkg("package.json", "test:e2e", "playwright test", 4),
            pkg(
                "package.json",
                "test:e2e:smoke",
                "playwright test --grep smoke",
                5,
            ),
            pkg("apps/web/package.json", "test", "vitest", 2),
            pkg("apps/api/package.json", "test", "jest --ci", 2),
            pkg("apps/api/package.json", "start", "node dist/main.js", 3),
        ];
        let reached = |cmd: &str, dir: &str| -> Vec<String> {
            expand(cmd, dir, &scripts)
                .into_iter()
                .skip(1)
                .map(|r| r.command)
                .collect()
        };
        assert_eq!(reached("pnpm -r test", ""), vec!["vitest", "jest --ci"]);
        assert_eq!(reached("turbo test --filter=!web", ""), vec!["jest --ci"]);
        assert_eq!(reached("pnpm --filter web test", ""), vec!["vitest"]);
        assert_eq!(reached("yarn workspace api test", ""), vec!["jest --ci"]);
        assert_eq!(reached("yarn workspaces foreach -A run test", "").len(), 2);
        assert_eq!(reached("npm run test --workspaces", "").len(), 2);
        assert_eq!(reached("npm test -w apps/web", ""), vec!["vitest"]);
        assert_eq!(reached("nx run-many -t test", "").len(), 2);
        assert_eq!(reached("nx affected --target=test", "").len(), 2);
        assert_eq!(reached("lerna run test --stream", "").len(), 2);
        assert_eq!(reached("run-s test:*", ""), vec!["jest", "playwright test"]);
        assert_eq!(reached("npm-run-all --parallel test:**", "").len(), 3);
        // Scripts in `dir` first, then the root.
        assert_eq!(reached("npm test", "apps/web"), vec!["vitest"]);
        assert_eq!(reached("yarn test:unit", "apps/web"), vec!["jest"]);
        assert_eq!(reached("npm start", "apps/api"), vec!["node dist/main.js"]);
        assert_eq!(
            reached("cd apps/api && npm start", ""),
            vec!["npm start", "node dist/main.js"]
        );
        assert_eq!(reached("npm --prefix apps/web test", ""), vec!["vitest"]);
        // `bun test` is Bun's runner; `bun run test` is the script.
        assert!(reached("bun test", "apps/web").is_empty());
        assert_eq!(reached("bun run test", "apps/web"), vec!["vitest"]);
        // Unknown scripts and builtins stop quietly.
        assert!(reached("yarn install", "").is_empty());
        assert!(reached("npm run nope", "").is_empty());
        assert_eq!(
            reached("concurrently \"npm:test:unit\" \"eslint .\"", ""),
            vec!["jest", "eslint ."]
        );
    }

    #[test]
    fn task_runners() {
        let mut mk_ci = s(ScriptSource::Makefile, "Makefile", "ci", "", 10);
        mk_ci.deps = vec!["lint".into(), "test".into(), "missing".into()];
        let scripts = vec![
            s(
                ScriptSource::Makefile,
                "Makefile",
                "all",
                "$(MAKE) -C backend test",
                1,
            ),
            s(
                ScriptSource::Makefile,
                "Makefile",
                "lint",
                "golangci-lint run",
                5,
            ),
            s(
                ScriptSource::Makefile,
                "Makefile",
                "test",
                "go test ./...",
                7,
            ),
            mk_ci,
            s(
                ScriptSource::Makefile,
                "backend/Makefile",
                "test",
                "pytest",
                3,
            ),
            s(
                ScriptSource::Justfile,
                "justfile",
                "default",
                "just test",
                1,
            ),
            s(
                ScriptSource::Justfile,
                "justfile",
                "test",
                "cargo nextest run",
                3,
            ),
            s(
                ScriptSource::Taskfile,
                "Taskfile.yml",
                "default",
                "task test",
                3,
            ),
            s(
                ScriptSource::Taskfile,
                "Taskfile.yml",
                "test",
                "go test -cover ./...",
                5,
            ),
            s(
                ScriptSource::Composer,
                "composer.json",
                "ci",
                "@lint\n@test\n@php artisan migrate",
                3,
            ),
            s(
                ScriptSource::Composer,
                "composer.json",
                "lint",
                "pint --test",
                4,
            ),
            s(
                ScriptSource::Composer,
                "composer.json",
                "test",
                "phpunit",
                5,
            ),
            s(ScriptSource::Poe, "pyproject.toml", "test", "pytest", 3),
            s(
                ScriptSource::Pdm,
                "pyproject.toml",
                "lint",
                "ruff check .",
                8,
            ),
            s(
                ScriptSource::Hatch,
                "pyproject.toml",
                "types:check",
                "mypy .",
                12,
            ),
            s(ScriptSource::Deno, "deno.json", "test", "deno test -A", 3),
        ];
        let reached = |cmd: &str| -> Vec<String> {
            expand(cmd, "", &scripts)
                .into_iter()
                .skip(1)
                .map(|r| r.command)
                .collect()
        };
        assert_eq!(reached("make"), vec!["$(MAKE) -C backend test", "pytest"]);
        assert_eq!(
            reached("make ci"),
            vec!["golangci-lint run", "go test ./..."]
        );
        assert_eq!(reached("make -C backend test"), vec!["pytest"]);
        assert_eq!(reached("make -f Makefile lint"), vec!["golangci-lint run"]);
        assert_eq!(reached("just"), vec!["just test", "cargo nextest run"]);
        assert_eq!(reached("task"), vec!["task test", "go test -cover ./..."]);
        assert_eq!(
            reached("composer ci"),
            vec![
                "@lint",
                "pint --test",
                "@test",
                "phpunit",
                "@php artisan migrate"
            ]
        );
        assert_eq!(reached("composer run-script test"), vec!["phpunit"]);
        assert!(reached("composer install").is_empty());
        assert_eq!(reached("poe test"), vec!["pytest"]);
        assert_eq!(reached("pdm run lint"), vec!["ruff check ."]);
        assert_eq!(reached("hatch run types:check"), vec!["mypy ."]);
        assert_eq!(reached("deno task test"), vec!["deno test -A"]);
        let r = expand("make ci", "", &scripts);
        assert_eq!(r[2].via, vec!["ci", "test"]);
        assert_eq!(r[2].defined_at, Some(("Makefile".to_string(), 7)));
    }

    #[test]
    fn cycles_and_depth_limit() {
        let scripts = vec![
            pkg("package.json", "a", "npm run b && echo a", 1),
            pkg("package.json", "b", "yarn a && echo b", 2),
            pkg("package.json", "self", "npm run self", 3),
        ];
        let r = expand("npm run a", "", &scripts);
        assert_eq!(
            commands(&r),
            vec!["npm run a", "npm run b", "yarn a", "echo b", "echo a"]
        );
        let r = expand("npm run self", "", &scripts);
        assert_eq!(r.len(), 2);

        // A chain longer than the limit stops after MAX_DEPTH scripts.
        let chain: Vec<Script> = (0..20)
            .map(|i| {
                pkg(
                    "package.json",
                    &format!("s{i}"),
                    &format!("npm run s{}", i + 1),
                    i,
                )
            })
            .collect();
        let r = expand("npm run s0", "", &chain);
        assert_eq!(r.len(), MAX_DEPTH + 1);
        assert_eq!(r.last().map(|x| x.via.len()), Some(MAX_DEPTH));

        // Fan-out stays bounded.
        let wide: Vec<Script> = (0..40)
            .flat_map(|i| {
                vec![
                    pkg(
                        "package.json",
                        &format!("w{i}"),
                        &format!("run-p w{}:* w{}:*", i + 1, i + 1),
                        i,
                    ),
                    pkg(
                        "package.json",
                        &format!("w{}:a", i + 1),
                        &format!("npm run w{}", i + 1),
                        i,
                    ),
                    pkg(
                        "package.json",
                        &format!("w{}:b", i + 1),
                        &format!("npm run w{}", i + 1),
                        i,
                    ),
                ]
            })
            .collect();
        assert!(expand("npm run w0", "", &wide).len() <= MAX_RESULTS);
    }

    #[test]
    fn hostile_text_does_not_panic() {
        let scripts = vec![pkg("package.json", "x", "\\", 1)];
        for text in [
            "",
            "\\",
            "'",
            "$(",
            "))))",
            "&&&&||;;|",
            "é\\\u{0}ü",
            "make -C",
            "make -C ../../..",
            "npm run",
            "yarn workspace",
            "nx run",
            "turbo",
        ] {
            let _ = expand(text, "", &scripts);
        }
        assert!(join_dir("", "..").is_none());
        assert_eq!(join_dir("a/b", "../c/./d").as_deref(), Some("a/c/d"));
    }
}
