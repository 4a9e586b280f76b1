//! Loading rule files: TOML → typed [`Rule`]s, validated once, with errors
//! pointing at the file, line and span (see [`Diagnostic`]).

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Diagnostic;
use super::model::*;
use crate::analyzers;
use crate::facts::commands::CommandKind;
use crate::facts::{DepKind, Ecosystem};
use crate::inventory::FileClass;
use crate::signals::{PatternSpec, compile_glob, compile_regex};
use crate::stack::Fact;

/// A config predicate's lookup, run by the config probe stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProbe {
    pub glob: String,
    /// Dotted key path split into parts (`compilerOptions.strict`).
    pub key: Vec<String>,
    /// Regex the value (rendered as text) must match; None = key present.
    pub value: Option<String>,
}

/// Patterns and probes collected from every rule while loading, so the
/// signals stage can compile them into one set.
#[derive(Debug, Default)]
pub struct Registry {
    pub patterns: Vec<PatternSpec>,
    pub probes: Vec<ConfigProbe>,
    /// Globs of `file` predicates, compiled into one set matched once per file.
    pub file_globs: Vec<String>,
}

impl Registry {
    fn file_glob(&mut self, glob: &str) -> usize {
        if let Some(i) = self.file_globs.iter().position(|g| g == glob) {
            return i;
        }
        self.file_globs.push(glob.to_string());
        self.file_globs.len() - 1
    }

    fn pattern(&mut self, spec: PatternSpec) -> usize {
        if let Some(i) = self.patterns.iter().position(|p| *p == spec) {
            return i;
        }
        self.patterns.push(spec);
        self.patterns.len() - 1
    }

    fn probe(&mut self, probe: ConfigProbe) -> usize {
        if let Some(i) = self.probes.iter().position(|p| *p == probe) {
            return i;
        }
        self.probes.push(probe);
        self.probes.len() - 1
    }
}

struct Ctx<'a> {
    file: &'a str,
    src: &'a str,
    reg: &'a mut Registry,
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn err(&mut self, span: Range<usize>, msg: impl Into<String>) {
        self.errors
            .push(Diagnostic::at(self.file, self.src, span, msg));
    }

    fn err_help(&mut self, span: Range<usize>, msg: impl Into<String>, help: impl Into<String>) {
        self.errors
            .push(Diagnostic::at(self.file, self.src, span, msg).with_help(help));
    }
}

type Val<'i> = Spanned<DeValue<'i>>;

fn get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a Val<'i>> {
    t.get(key)
}

fn str_of<'a>(v: &'a Val<'_>) -> Option<&'a str> {
    v.get_ref().as_str()
}

/// `requires = ["DEL-01", …]`: control ids (checked against the pack later).
fn parse_requires(cx: &mut Ctx, v: Option<&Val>) -> Vec<String> {
    let Some(v) = v else { return Vec::new() };
    let ids = super::toml_values::string_list(v.get_ref());
    match ids {
        Some(ids) => ids,
        None => {
            cx.err(v.span(), "`requires` must be a list of control ids");
            Vec::new()
        }
    }
}

/// `[[remedy_for]]` tables: `stack` (a framework, language or platform name
/// as the stack reports it) and `text`.
fn parse_remedy_for(cx: &mut Ctx, v: Option<&Val>) -> Vec<StackRemedy> {
    let Some(v) = v else { return Vec::new() };
    let Some(items) = v.get_ref().as_array() else {
        cx.err(
            v.span(),
            "`remedy_for` must be an array of tables: [[remedy_for]]",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(t) = item.get_ref().as_table() else {
            cx.err(
                item.span(),
                "each [[remedy_for]] is a table with `stack` and `text`",
            );
            continue;
        };
        match (
            get(t, "stack").and_then(str_of),
            get(t, "text").and_then(str_of),
        ) {
            (Some(stack), Some(text)) if !stack.is_empty() && !text.is_empty() => {
                out.push(StackRemedy {
                    stack: stack.to_string(),
                    text: text.to_string(),
                })
            }
            _ => cx.err_help(
                item.span(),
                "[[remedy_for]] needs a non-empty `stack` and `text`",
                "e.g. stack = \"Next.js\", text = \"Add @sentry/nextjs …\"",
            ),
        }
    }
    out
}

/// Parses one rule file. `explain` is the rule's explain.md text (may be empty).
pub fn parse_rule(
    file: &str,
    src: &str,
    explain: &str,
    source: RuleSource,
    reg: &mut Registry,
) -> Result<Rule, Vec<Diagnostic>> {
    let table = match DeTable::parse(src) {
        Ok(t) => t,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            return Err(vec![Diagnostic::at(
                file,
                src,
                span,
                e.message().to_string(),
            )]);
        }
    };
    let whole = table.span();
    let t = table.get_ref();
    let mut cx = Ctx {
        file,
        src,
        reg,
        errors: Vec::new(),
    };

    const KNOWN: &[&str] = &[
        "id",
        "title",
        "domain",
        "criticality",
        "level",
        "hygiene",
        "effort_hours",
        "remedy",
        "remedy_for",
        "requires",
        "metric",
        "applies",
        "tier",
        "otherwise",
    ];
    for (k, _) in t.iter() {
        if k.get_ref().as_ref() == "extends" {
            cx.err_help(
                k.span(),
                "`extends` must be `true`",
                "`extends = true` adds this file's [[tier]]s to the control of the same id",
            );
        } else if !KNOWN.contains(&k.get_ref().as_ref()) {
            cx.err_help(
                k.span(),
                format!("unknown key `{}`", k.get_ref()),
                format!("expected one of: {}", KNOWN.join(", ")),
            );
        }
    }

    let req_str = |cx: &mut Ctx, key: &str| -> Option<(String, Range<usize>)> {
        match get(t, key) {
            Some(v) => match str_of(v) {
                Some(s) if !s.trim().is_empty() => Some((s.to_string(), v.span())),
                _ => {
                    cx.err(v.span(), format!("`{key}` must be a non-empty string"));
                    None
                }
            },
            None => {
                cx.err(
                    whole.start..whole.start,
                    format!("missing required key `{key}`"),
                );
                None
            }
        }
    };

    let id = req_str(&mut cx, "id");
    if let Some((id, span)) = &id {
        let ok = id.len() >= 4
            && id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            && id.contains('-');
        if !ok {
            cx.err(
                span.clone(),
                format!("control id `{id}` must look like `ABC-01`"),
            );
        }
    }
    let title = req_str(&mut cx, "title");
    let domain = req_str(&mut cx, "domain");
    let crit = req_str(&mut cx, "criticality").and_then(|(s, span)| match Criticality::parse(&s) {
        Some(c) => Some(c),
        None => {
            cx.err_help(
                span,
                format!("unknown criticality `{s}`"),
                "expected critical, high, medium or low",
            );
            None
        }
    });
    let level = match get(t, "level") {
        Some(v) => match v.get_ref() {
            DeValue::Integer(i) => match i.as_str().parse::<u8>() {
                Ok(l) if (1..=5).contains(&l) => Some(l),
                _ => {
                    cx.err(v.span(), "`level` must be an integer from 1 to 5");
                    None
                }
            },
            _ => {
                cx.err(v.span(), "`level` must be an integer from 1 to 5");
                None
            }
        },
        None => {
            cx.err(whole.start..whole.start, "missing required key `level`");
            None
        }
    };
    let hygiene = match get(t, "hygiene") {
        Some(v) => match v.get_ref().as_bool() {
            Some(b) => b,
            None => {
                cx.err(v.span(), "`hygiene` must be true or false");
                false
            }
        },
        None => false,
    };
    let effort = match get(t, "effort_hours") {
        Some(v) => {
            let pair = super::toml_values::u32_range(v.get_ref()).map(|[lo, hi]| (lo, hi));
            if pair.is_none() {
                cx.err(
                    v.span(),
                    "`effort_hours` must be [low, high] with low <= high",
                );
            }
            pair.unwrap_or((0, 0))
        }
        None => (0, 0),
    };
    let remedy = get(t, "remedy").and_then(str_of).unwrap_or("").to_string();
    let metric = get(t, "metric").and_then(str_of).unwrap_or("").to_string();
    let requires = parse_requires(&mut cx, get(t, "requires"));
    let stack_remedies = parse_remedy_for(&mut cx, get(t, "remedy_for"));

    let applies = parse_applies(&mut cx, get(t, "applies"));
    let tiers = parse_tiers(&mut cx, get(t, "tier"));
    let (fallback, fallback_reason) = parse_otherwise(&mut cx, get(t, "otherwise"));

    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let (Some((id, _)), Some((title, _)), Some((domain, _)), Some(criticality), Some(level)) =
        (id, title, domain, crit, level)
    else {
        return Err(vec![Diagnostic::at(file, src, 0..0, "incomplete rule")]);
    };
    Ok(Rule {
        id,
        title,
        domain,
        criticality,
        level,
        hygiene,
        effort_hours: effort,
        applies,
        tiers,
        fallback,
        fallback_reason,
        remedy,
        stack_remedies,
        requires,
        metric,
        explain: explain.to_string(),
        source,
        extended_by: Vec::new(),
    })
}

/// Extra detection for a control defined elsewhere: `id`, `extends = true`
/// and `[[tier]]`s, tried before the control's own tiers.
#[derive(Debug, Clone)]
pub struct Extension {
    pub id: String,
    /// Byte span of the id's value, for errors.
    pub id_span: Range<usize>,
    pub tiers: Vec<Tier>,
}

/// Parses `src` as an extension when it says `extends = true`; Ok(None) when
/// it has no `extends` key (then it is a whole rule for [`parse_rule`]).
pub fn parse_extension(
    file: &str,
    src: &str,
    reg: &mut Registry,
) -> Result<Option<Extension>, Vec<Diagnostic>> {
    let Ok(table) = DeTable::parse(src) else {
        return Ok(None); // parse_rule reports the syntax error
    };
    let t = table.get_ref();
    let Some(ext) = get(t, "extends") else {
        return Ok(None);
    };
    if ext.get_ref().as_bool() != Some(true) {
        return Ok(None); // parse_rule reports it
    }
    let mut cx = Ctx {
        file,
        src,
        reg,
        errors: Vec::new(),
    };
    for (k, _) in t.iter() {
        if !["id", "extends", "tier"].contains(&k.get_ref().as_ref()) {
            cx.err_help(
                k.span(),
                format!("`{}` cannot be set by an extension", k.get_ref()),
                "a file with `extends = true` only adds [[tier]]s to an existing control; drop `extends` to define a new one",
            );
        }
    }
    let id = match get(t, "id") {
        Some(v) => match str_of(v) {
            Some(s) => Some((s.to_string(), v.span())),
            None => {
                cx.err(v.span(), "`id` must be a string");
                None
            }
        },
        None => {
            cx.err(
                ext.span(),
                "an extension needs the `id` of the control it extends",
            );
            None
        }
    };
    let tiers = parse_tiers(&mut cx, get(t, "tier"));
    if tiers.is_empty() && cx.errors.is_empty() {
        cx.err(ext.span(), "an extension needs at least one [[tier]]");
    }
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let Some((id, id_span)) = id else {
        return Err(cx.errors);
    };
    Ok(Some(Extension { id, id_span, tiers }))
}

fn parse_applies(cx: &mut Ctx, v: Option<&Val>) -> Applicability {
    let mut out = Applicability {
        not_applicable: Vec::new(),
        when: None,
        reason: "applies to every repository".into(),
        otherwise: String::new(),
    };
    let Some(v) = v else { return out };
    let Some(t) = v.get_ref().as_table() else {
        cx.err(v.span(), "`applies` must be a table");
        return out;
    };
    for (k, val) in t.iter() {
        match k.get_ref().as_ref() {
            "when" => out.when = parse_predicate(cx, val, 0),
            "reason" => out.reason = str_of(val).unwrap_or_default().to_string(),
            "otherwise" => out.otherwise = str_of(val).unwrap_or_default().to_string(),
            "not_applicable" => {
                let Some(items) = val.get_ref().as_array() else {
                    cx.err(
                        val.span(),
                        "`not_applicable` must be an array of { when, reason }",
                    );
                    continue;
                };
                for item in items.iter() {
                    let Some(it) = item.get_ref().as_table() else {
                        cx.err(item.span(), "expected a table { when = …, reason = \"…\" }");
                        continue;
                    };
                    let when = get(it, "when").and_then(|w| parse_predicate(cx, w, 0));
                    let reason = get(it, "reason").and_then(str_of).map(str::to_string);
                    match (when, reason) {
                        (Some(w), Some(r)) => out.not_applicable.push((w, r)),
                        _ => cx.err(
                            item.span(),
                            "each not_applicable entry needs `when` and `reason`",
                        ),
                    }
                }
            }
            other => cx.err_help(
                k.span(),
                format!("unknown key `{other}` in `applies`"),
                "expected when, reason, otherwise, not_applicable",
            ),
        }
    }
    if out.when.is_some() && out.otherwise.is_empty() {
        cx.err(
            v.span(),
            "`applies` with `when` needs `otherwise` (why the control does not apply)",
        );
    }
    out
}

fn parse_tiers(cx: &mut Ctx, v: Option<&Val>) -> Vec<Tier> {
    let mut out = Vec::new();
    let Some(v) = v else { return out };
    let Some(items) = v.get_ref().as_array() else {
        cx.err(v.span(), "`tier` must be an array of tables ([[tier]])");
        return out;
    };
    for item in items.iter() {
        let Some(t) = item.get_ref().as_table() else {
            cx.err(item.span(), "each [[tier]] must be a table");
            continue;
        };
        for (k, _) in t.iter() {
            if !["status", "fraction", "reason", "when"].contains(&k.get_ref().as_ref()) {
                cx.err_help(
                    k.span(),
                    format!("unknown key `{}` in [[tier]]", k.get_ref()),
                    "expected status, fraction, reason, when",
                );
            }
        }
        let status = match get(t, "status") {
            Some(s) => match str_of(s).and_then(Status::parse) {
                Some(
                    st @ (Status::Present | Status::Partial | Status::Missing | Status::Unknown),
                ) => Some(st),
                _ => {
                    cx.err_help(
                        s.span(),
                        "invalid tier status",
                        "expected present, partial, missing or unknown",
                    );
                    None
                }
            },
            None => {
                cx.err(item.span(), "[[tier]] needs `status`");
                None
            }
        };
        let fraction = match get(t, "fraction") {
            Some(f) => {
                let val = match f.get_ref() {
                    DeValue::Float(x) => x.as_str().parse::<f64>().ok(),
                    _ => None,
                };
                match val {
                    Some(x) if (0.1..=0.9).contains(&x) => Some(x),
                    _ => {
                        cx.err(f.span(), "`fraction` must be a number from 0.1 to 0.9");
                        None
                    }
                }
            }
            None => None,
        };
        if status == Some(Status::Partial) && fraction.is_none() && get(t, "fraction").is_none() {
            cx.err(item.span(), "a partial tier needs `fraction` (0.1–0.9)");
        }
        let reason = get(t, "reason").and_then(str_of).map(str::to_string);
        if reason.is_none() {
            cx.err(item.span(), "[[tier]] needs `reason`");
        }
        let when = match get(t, "when") {
            Some(w) => parse_predicate(cx, w, 0),
            None => {
                cx.err(item.span(), "[[tier]] needs `when`");
                None
            }
        };
        if let (Some(status), Some(reason), Some(when)) = (status, reason, when) {
            out.push(Tier {
                status,
                fraction,
                reason,
                when,
            });
        }
    }
    out
}

fn parse_otherwise(cx: &mut Ctx, v: Option<&Val>) -> (Status, String) {
    let default = (
        Status::Missing,
        "nothing in the repository shows it".to_string(),
    );
    let Some(v) = v else { return default };
    let Some(t) = v.get_ref().as_table() else {
        cx.err(v.span(), "`otherwise` must be a table { status, reason }");
        return default;
    };
    let status = match get(t, "status") {
        Some(s) => match str_of(s).and_then(Status::parse) {
            Some(st @ (Status::Missing | Status::Unknown | Status::Present)) => st,
            _ => {
                cx.err_help(
                    s.span(),
                    "invalid fallback status",
                    "expected missing, unknown or present (hygiene)",
                );
                Status::Missing
            }
        },
        None => Status::Missing,
    };
    let reason = get(t, "reason")
        .and_then(str_of)
        .unwrap_or(&default.1)
        .to_string();
    (status, reason)
}

const PREDICATE_KEYS: &[&str] = &[
    "dependency",
    "file",
    "content",
    "ci_step",
    "ci_runs",
    "script_runs",
    "config",
    "fact",
    "analyzer",
    "any",
    "all",
    "not",
];

/// Parses `{ kind = …, options… }`.
fn parse_predicate(cx: &mut Ctx, v: &Val, depth: usize) -> Option<Predicate> {
    if depth > 32 {
        cx.err(v.span(), "predicate nested too deeply");
        return None;
    }
    let Some(t) = v.get_ref().as_table() else {
        cx.err_help(
            v.span(),
            "a predicate must be a table",
            format!(
                "e.g. {{ fact = \"has_ci\" }}; kinds: {}",
                PREDICATE_KEYS.join(", ")
            ),
        );
        return None;
    };
    let kinds: Vec<&Spanned<std::borrow::Cow<str>>> = t
        .iter()
        .map(|(k, _)| k)
        .filter(|k| PREDICATE_KEYS.contains(&k.get_ref().as_ref()))
        .collect();
    if kinds.len() != 1 {
        cx.err_help(
            v.span(),
            "a predicate needs exactly one kind",
            format!("kinds: {}", PREDICATE_KEYS.join(", ")),
        );
        return None;
    }
    let kind = kinds[0].get_ref().as_ref().to_string();
    let allowed: &[&str] = match kind.as_str() {
        "dependency" => &["dependency", "ecosystem", "dev", "label"],
        "file" => &["file", "label"],
        "content" => &["content", "glob", "class", "label"],
        "ci_step" => &["ci_step", "label"],
        "config" => &["config", "key", "value", "label"],
        _ => &[],
    };
    for (k, _) in t.iter() {
        let k_s = k.get_ref().as_ref();
        if k_s != kind && !allowed.contains(&k_s) {
            cx.err(
                k.span(),
                format!("`{k_s}` is not an option of a `{kind}` predicate"),
            );
        }
    }
    let val = get(t, &kind)?;
    let label = get(t, "label").and_then(str_of).map(str::to_string);
    let strings = |cx: &mut Ctx, v: &Val| -> Vec<String> {
        match v.get_ref() {
            DeValue::String(s) => vec![s.to_string()],
            DeValue::Array(a) => {
                let mut out = Vec::new();
                for x in a.iter() {
                    match str_of(x) {
                        Some(s) => out.push(s.to_string()),
                        None => cx.err(x.span(), "expected a string"),
                    }
                }
                out
            }
            _ => {
                cx.err(v.span(), "expected a string or an array of strings");
                Vec::new()
            }
        }
    };
    match kind.as_str() {
        "dependency" => {
            let names = strings(cx, val);
            let mut globs = Vec::new();
            for n in &names {
                match globset::GlobBuilder::new(n)
                    .literal_separator(false)
                    .build()
                {
                    Ok(g) => globs.push(g.compile_matcher()),
                    Err(e) => cx.err(val.span(), format!("bad dependency glob `{n}`: {e}")),
                }
            }
            let ecosystem = match get(t, "ecosystem") {
                Some(e) => {
                    match str_of(e).and_then(Ecosystem::parse) {
                        Some(x) => Some(x),
                        None => {
                            cx.err_help(e.span(), "unknown ecosystem", "expected npm, cargo, go, pypi, rubygems, composer, maven or gradle");
                            None
                        }
                    }
                }
                None => None,
            };
            let kind = match get(t, "dev") {
                Some(d) => match d.get_ref().as_bool() {
                    Some(true) => Some(DepKind::Dev),
                    Some(false) => Some(DepKind::Runtime),
                    None => {
                        cx.err(d.span(), "`dev` must be true or false");
                        None
                    }
                },
                None => None,
            };
            if names.is_empty() {
                cx.err(val.span(), "`dependency` needs at least one name");
                return None;
            }
            Some(Predicate::Dependency {
                names: globs,
                ecosystem,
                kind,
                label: label.unwrap_or_else(|| names.join(" | ")),
            })
        }
        "file" => {
            let globs = strings(cx, val);
            let mut alts = Vec::new();
            for g in &globs {
                match compile_glob(g) {
                    Ok(_) => alts.push(Predicate::File {
                        glob: cx.reg.file_glob(g),
                        label: label.clone().unwrap_or_else(|| g.clone()),
                    }),
                    Err(e) => cx.err(val.span(), format!("bad glob `{g}`: {e}")),
                }
            }
            one_or_any(alts)
        }
        "content" => {
            let regexes = strings(cx, val);
            let glob = get(t, "glob").and_then(str_of).map(str::to_string);
            if let Some(g) = &glob
                && let Err(e) = compile_glob(g)
            {
                cx.err(
                    get(t, "glob").map(|x| x.span()).unwrap_or(0..0),
                    format!("bad glob `{g}`: {e}"),
                );
            }
            let classes = match get(t, "class") {
                Some(c) => {
                    let mut out = Vec::new();
                    for name in strings(cx, c) {
                        match parse_class(&name) {
                            Some(cl) => out.push(cl),
                            None => cx.err_help(c.span(), format!("unknown file class `{name}`"), "expected source, test, config, manifest, ci, iac, migration, doc, other"),
                        }
                    }
                    out
                }
                None => Vec::new(),
            };
            let mut alts = Vec::new();
            for re in regexes {
                if let Err(e) = compile_regex(&re) {
                    cx.err(
                        val.span(),
                        format!("bad regex: {}", e.lines().last().unwrap_or("")),
                    );
                    continue;
                }
                let id = cx.reg.pattern(PatternSpec {
                    regex: re.clone(),
                    glob: glob.clone(),
                    classes: classes.clone(),
                    inventory: false,
                });
                alts.push(Predicate::Content {
                    pattern: id,
                    label: label.clone().unwrap_or(re),
                });
            }
            one_or_any(alts)
        }
        "ci_step" => {
            let regexes = strings(cx, val);
            let mut alts = Vec::new();
            for re in regexes {
                match regex::RegexBuilder::new(&re).size_limit(1 << 20).build() {
                    Ok(r) => alts.push(Predicate::CiStep {
                        regex: r,
                        label: label.clone().unwrap_or(re),
                    }),
                    Err(e) => cx.err(
                        val.span(),
                        format!("bad regex: {}", e.to_string().lines().last().unwrap_or("")),
                    ),
                }
            }
            one_or_any(alts)
        }
        "ci_runs" | "script_runs" => {
            let s = str_of(val).unwrap_or("");
            match CommandKind::parse(s) {
                Some(k) if kind == "ci_runs" => Some(Predicate::CiRuns { kind: k }),
                Some(k) => Some(Predicate::ScriptRuns { kind: k }),
                None => {
                    cx.err_help(
                        val.span(),
                        format!("unknown command kind `{s}`"),
                        format!("expected one of: {}", CommandKind::NAMES.join(", ")),
                    );
                    None
                }
            }
        }
        "config" => {
            let glob = str_of(val).unwrap_or("").to_string();
            if let Err(e) = compile_glob(&glob) {
                cx.err(val.span(), format!("bad glob `{glob}`: {e}"));
                return None;
            }
            let Some(key) = get(t, "key").and_then(str_of) else {
                cx.err(v.span(), "a `config` predicate needs `key` (a dotted path)");
                return None;
            };
            let value = get(t, "value").and_then(str_of).map(str::to_string);
            if let Some(re) = &value
                && let Err(e) = regex::Regex::new(re)
            {
                cx.err(
                    get(t, "value").map(|x| x.span()).unwrap_or(0..0),
                    format!("bad regex: {}", e.to_string().lines().last().unwrap_or("")),
                );
                return None;
            }
            let probe = ConfigProbe {
                glob: glob.clone(),
                key: key.split('.').map(str::to_string).collect(),
                value,
            };
            let id = cx.reg.probe(probe);
            Some(Predicate::Config {
                pattern: id,
                label: label.unwrap_or_else(|| format!("{glob}: {key}")),
            })
        }
        "fact" => {
            let s = str_of(val).unwrap_or("");
            match Fact::parse(s) {
                Some(f) => Some(Predicate::Fact(f)),
                None => {
                    cx.err_help(
                        val.span(),
                        format!("unknown fact `{s}`"),
                        format!(
                            "expected one of: {}",
                            Fact::ALL
                                .iter()
                                .map(|f| f.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                    None
                }
            }
        }
        "analyzer" => {
            let s = str_of(val).unwrap_or("");
            match analyzers::lookup(s) {
                Some(id) => Some(Predicate::Analyzer(id)),
                None => {
                    cx.err_help(
                        val.span(),
                        format!("unknown analyzer `{s}`"),
                        format!("expected one of: {}", analyzers::ids().join(", ")),
                    );
                    None
                }
            }
        }
        "any" | "all" => {
            let Some(items) = val.get_ref().as_array() else {
                cx.err(val.span(), format!("`{kind}` takes an array of predicates"));
                return None;
            };
            let mut preds = Vec::new();
            for item in items.iter() {
                if let Some(p) = parse_predicate(cx, item, depth + 1) {
                    preds.push(p);
                }
            }
            if preds.is_empty() {
                cx.err(val.span(), format!("`{kind}` needs at least one predicate"));
                return None;
            }
            Some(if kind == "any" {
                Predicate::Any(preds)
            } else {
                Predicate::All(preds)
            })
        }
        "not" => parse_predicate(cx, val, depth + 1).map(|p| Predicate::Not(Box::new(p))),
        _ => None,
    }
}

fn one_or_any(mut alts: Vec<Predicate>) -> Option<Predicate> {
    match alts.len() {
        0 => None,
        1 => alts.pop(),
        _ => Some(Predicate::Any(alts)),
    }
}

fn parse_class(s: &str) -> Option<FileClass> {
    Some(match s {
        "source" => FileClass::Source,
        "test" => FileClass::Test,
        "config" => FileClass::Config,
        "manifest" => FileClass::Manifest,
        "ci" => FileClass::Ci,
        "iac" => FileClass::Iac,
        "migration" => FileClass::Migration,
        "doc" => FileClass::Doc,
        "other" => FileClass::Other,
        "generated" => FileClass::Generated,
        _ => return None,
    })
}
