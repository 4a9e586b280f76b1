//! The secret rules (`rules.toml`, embedded) and what decides on one match:
//! the secret group, entropy, placeholders, allowlists and the validators a
//! rule names (`check`). Pure functions of the matched text; no file is read.

use std::sync::OnceLock;

use regex::bytes::Regex;
use serde::Deserialize;

const RULES_TOML: &str = include_str!("rules.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    description: String,
    regex: String,
    #[serde(default = "one")]
    secret_group: usize,
    #[serde(default)]
    keywords: Vec<String>,
    entropy: Option<f64>,
    path: Option<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    note: bool,
    #[serde(default)]
    generic: bool,
    #[serde(default)]
    mixed: bool,
    check: Option<String>,
}

fn one() -> usize {
    1
}

/// A validator named by a rule, for formats a regex cannot judge alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    None,
    /// Decode the JWT payload: Supabase `service_role` is a violation, `anon` is not.
    Jwt,
    /// A database URL: the password must be real and the host not local.
    DbUrl,
    /// A `.env` assignment: the variable must be named like a secret.
    Env,
    /// Google API keys: Firebase and browser keys are public by design.
    GoogleApiKey,
    /// Framework secret keys: Django's `django-insecure-` default is a note.
    Django,
}

/// One secret rule, compiled.
#[derive(Debug)]
pub struct SecretRule {
    pub id: String,
    pub description: String,
    pub regex_src: String,
    pub regex: Regex,
    pub secret_group: usize,
    pub keywords: Vec<String>,
    pub entropy: Option<f64>,
    pub path: Option<String>,
    pub stopwords: Vec<String>,
    pub note: bool,
    pub generic: bool,
    pub mixed: bool,
    pub check: Check,
}

/// Every rule of `rules.toml`, parsed and compiled once.
pub fn rules() -> &'static [SecretRule] {
    static RULES: OnceLock<Vec<SecretRule>> = OnceLock::new();
    RULES.get_or_init(|| load(RULES_TOML).expect("embedded secrets/rules.toml is valid (tested)"))
}

fn load(src: &str) -> Result<Vec<SecretRule>, String> {
    let file: RuleFile = toml::from_str(src).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(file.rule.len());
    for r in file.rule {
        let regex =
            crate::signals::compile_regex(&r.regex).map_err(|e| format!("{}: {e}", r.id))?;
        if r.secret_group >= regex.captures_len() {
            return Err(format!("{}: no capture group {}", r.id, r.secret_group));
        }
        let check = match r.check.as_deref() {
            None => Check::None,
            Some("jwt") => Check::Jwt,
            Some("db_url") => Check::DbUrl,
            Some("env") => Check::Env,
            Some("google_api_key") => Check::GoogleApiKey,
            Some("django") => Check::Django,
            Some(other) => return Err(format!("{}: unknown check `{other}`", r.id)),
        };
        out.push(SecretRule {
            id: r.id,
            description: r.description,
            regex_src: r.regex,
            regex,
            secret_group: r.secret_group,
            keywords: r.keywords,
            entropy: r.entropy,
            path: r.path,
            stopwords: r.stopwords,
            note: r.note,
            generic: r.generic,
            mixed: r.mixed,
            check,
        });
    }
    Ok(out)
}

/// What one match amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A live-looking credential. Carries the secret (never rendered; only
    /// its redacted prefix is) and, for validators that refine the kind, a
    /// description that replaces the rule's.
    Violation {
        secret: String,
        kind: Option<&'static str>,
    },
    /// Worth showing, not a violation (test keys, documented demo keys).
    Note { secret: String, why: &'static str },
    /// Placeholder, too little entropy, allowlisted, or not a secret at all.
    Dismissed,
}

/// Judges one match of `rule`. `matched` is the hit's matched text,
/// `line` the line it sits on (for names and context, never rendered).
pub fn judge(rule: &SecretRule, matched: &str, line: &str) -> Verdict {
    let Some(caps) = rule.regex.captures(matched.as_bytes()) else {
        // The stored match is cut at 512 bytes; a JWT can still be decoded.
        if rule.check == Check::Jwt {
            return judge_jwt(matched.trim());
        }
        return Verdict::Dismissed;
    };
    let Some(group) = caps.get(rule.secret_group) else {
        return Verdict::Dismissed;
    };
    let secret = String::from_utf8_lossy(group.as_bytes()).into_owned();
    let lower = secret.to_ascii_lowercase();
    if rule
        .stopwords
        .iter()
        .any(|w| lower.contains(&w.to_ascii_lowercase()))
    {
        return Verdict::Dismissed;
    }
    match rule.check {
        Check::Jwt => return judge_jwt(&secret),
        Check::DbUrl => {
            let host = caps
                .get(2)
                .map(|h| String::from_utf8_lossy(h.as_bytes()).to_ascii_lowercase())
                .unwrap_or_default();
            if is_local_or_placeholder_host(&host) {
                return Verdict::Dismissed;
            }
            if is_placeholder(&secret, true) || secret.len() < 6 || shannon(&secret) < 2.5 {
                return Verdict::Dismissed;
            }
            return Verdict::Violation { secret, kind: None };
        }
        Check::Env => {
            let Some(name) = env_name(line) else {
                return Verdict::Dismissed;
            };
            if !is_secret_name(&name) {
                return Verdict::Dismissed;
            }
            let value = secret.trim_matches(|c| c == '"' || c == '\'');
            if value.starts_with('/')
                || value.starts_with("./")
                || value.starts_with("~/")
                || lower.starts_with("http://")
                || lower.starts_with("https://")
                || value.chars().all(|c| c.is_ascii_digit() || c == '.')
                || matches!(lower.as_str(), "true" | "false" | "null" | "none")
            {
                return Verdict::Dismissed;
            }
        }
        Check::Django if lower.starts_with("django-insecure-") => {
            return Verdict::Note {
                secret,
                why: "Django development default key (`django-insecure-`)",
            };
        }
        _ => {}
    }
    // A note rule's own marker (`sk_test_`) is not a placeholder word.
    let judged = if rule.note {
        secret.replace("_test_", "_")
    } else {
        secret.clone()
    };
    if is_placeholder(&judged, rule.generic) {
        return Verdict::Dismissed;
    }
    if rule.entropy.is_some_and(|min| shannon(&secret) < min) {
        return Verdict::Dismissed;
    }
    if rule.mixed && !(has_letter(&secret) && has_digit(&secret)) {
        return Verdict::Dismissed;
    }
    if rule.note {
        return Verdict::Note {
            secret,
            why: "test-mode key, not a live credential",
        };
    }
    if rule.check == Check::GoogleApiKey {
        let l = line.to_ascii_lowercase();
        if l.contains("firebase") || line.contains("apiKey") {
            return Verdict::Note {
                secret,
                why: "Firebase web API key, public by design (restrict it in the console)",
            };
        }
        if crate::analyzers::secrets::client::CLIENT_PREFIXES
            .iter()
            .any(|p| line.contains(p))
        {
            return Verdict::Note {
                secret,
                why: "browser API key, public by design (restrict it by referrer)",
            };
        }
    }
    Verdict::Violation { secret, kind: None }
}

/// Supabase keys are JWTs: the payload names the role.
fn judge_jwt(token: &str) -> Verdict {
    let mut parts = token.split('.');
    let (Some(_), Some(payload)) = (parts.next(), parts.next()) else {
        return Verdict::Dismissed;
    };
    let Some(bytes) = base64url_decode(payload) else {
        return Verdict::Dismissed;
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Verdict::Dismissed;
    };
    let role = v.get("role").and_then(|r| r.as_str()).unwrap_or("");
    let iss = v.get("iss").and_then(|r| r.as_str()).unwrap_or("");
    let secret = token.to_string();
    if iss == "supabase-demo" {
        return Verdict::Note {
            secret,
            why: "Supabase local demo key (publicly documented)",
        };
    }
    match role {
        "service_role" => Verdict::Violation {
            secret,
            kind: Some("Supabase service-role key (JWT)"),
        },
        "anon" => Verdict::Note {
            secret,
            why: "Supabase anon key, public by design",
        },
        _ => Verdict::Dismissed,
    }
}

/// Base64url (or standard base64) without padding; None on bad input.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        } as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Shannon entropy in bits per byte.
pub fn shannon(s: &str) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

fn has_letter(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_alphabetic())
}

fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// Words that mark a value as a stand-in, in any rule.
const PLACEHOLDER_WORDS: &[&str] = &[
    "your",
    "example",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "changethis",
    "replace",
    "sample",
    "fake",
    "xxxx",
    "****",
    "....",
    "…",
    "redacted",
    "insert",
    "test",
    "todo",
    "fixme",
    "lorem",
    "foobar",
];

/// Further words that mark a value of a weak (generic) rule as a stand-in:
/// development defaults and words people type when they mean "some secret".
const GENERIC_PLACEHOLDER_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "postgres",
    "mysql",
    "admin",
    "root",
    "guest",
    "default",
    "local",
    "development",
    "devpass",
    "pass",
    "1234",
    "abcd",
    "qwerty",
    "token",
    "key_here",
    "here",
    "demo",
    "sandbox",
    "insecure",
    "generate",
    "random",
    "some",
];

/// True when `s` is a placeholder rather than a value: stand-in words,
/// template syntax, or one character repeated.
pub fn is_placeholder(s: &str, generic: bool) -> bool {
    let l = s.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| l.contains(w)) {
        return true;
    }
    if generic && GENERIC_PLACEHOLDER_WORDS.iter().any(|w| l.contains(w)) {
        return true;
    }
    if l.contains("${")
        || l.contains("{{")
        || l.contains("$(")
        || l.starts_with('$')
        || l.contains('<')
        || l.contains('>')
        || l.contains("%s")
        || l.contains("%(")
        || l.contains("process.env")
        || l.contains("os.environ")
        || l.contains("getenv")
    {
        return true;
    }
    let mut bytes = l.bytes().filter(|b| b.is_ascii_alphanumeric());
    match bytes.next() {
        None => true,
        Some(first) => bytes.all(|b| b == first),
    }
}

fn is_local_or_placeholder_host(host: &str) -> bool {
    let h = host.trim_start_matches('[');
    // Compose service names and bare hostnames: credentials local to a dev stack.
    !h.contains('.')
        || h.starts_with("127.")
        || h.starts_with("0.0.0.0")
        || h.starts_with("localhost")
        || h == "host.docker.internal"
        || h.contains("example")
        || h.contains("your")
        || h.contains('<')
        || h.contains('{')
        || h.contains('$')
        || h.ends_with(".local")
        || h.ends_with(".test")
        || h.ends_with(".invalid")
}

/// The variable name of an env-file line (`export NAME=value`).
pub fn env_name(line: &str) -> Option<String> {
    let l = line.trim_start();
    let l = l.strip_prefix("export ").unwrap_or(l).trim_start();
    let (name, _) = l.split_once('=')?;
    let name = name.trim();
    (!name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'))
    .then(|| name.to_string())
}

/// Variable names that hold secrets (and not public identifiers).
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    const PUBLIC: &[&str] = &[
        "PUBLIC",
        "PUBLISHABLE",
        "ANON",
        "SITE_KEY",
        "SITEKEY",
        "_ID",
        "KEY_PATH",
        "_FILE",
        "EXPIRE",
        "_TTL",
        "LENGTH",
        "_URL",
        "_URI",
    ];
    if PUBLIC.iter().any(|p| n.contains(p)) {
        return false;
    }
    const SECRET: &[&str] = &[
        "SECRET",
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "PWD",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "AUTH_KEY",
        "APP_KEY",
        "CREDENTIAL",
    ];
    SECRET.iter().any(|s| n.contains(s)) || n.ends_with("_KEY")
}

/// The redacted form of a secret: a short prefix, then an ellipsis. Weak
/// (generic) rules show less, since their values have no public prefix.
pub fn redact(secret: &str, generic: bool) -> String {
    let len = secret.chars().count();
    let n = if generic {
        2.min(len / 4)
    } else {
        4.min(len / 3)
    };
    let prefix: String = secret.chars().take(n).collect();
    format!("{prefix}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_file_loads_with_forty_or_more_rules() {
        let r = rules();
        assert!(r.len() >= 40, "{} rules", r.len());
        let mut ids: Vec<&str> = r.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule id");
        for rule in r {
            assert!(
                rule.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn every_rule_regex_has_a_literal_for_the_prefilter() {
        let ungated: Vec<&str> = rules()
            .iter()
            .filter(|r| crate::signals::keywords_of(&r.regex_src).is_none())
            .map(|r| r.id.as_str())
            .collect();
        assert!(ungated.is_empty(), "ungated: {ungated:?}");
    }

    #[test]
    fn entropy_and_placeholders() {
        assert_eq!(shannon("aaaa"), 0.0);
        assert!((shannon("ab") - 1.0).abs() < 1e-9);
        assert!(is_placeholder("your_api_key", false));
        assert!(is_placeholder("${STRIPE_KEY}", false));
        assert!(is_placeholder("xxxxxxxxxxxx", false));
        assert!(is_placeholder("<token>", false));
        assert!(is_placeholder("changeme", false));
        assert!(is_placeholder("00000000", false));
        assert!(is_placeholder("supersecret123", true));
        assert!(!is_placeholder("supersecret123", false));
        assert!(!is_placeholder("q8Zr2LmX0vTn4KpW", true));
    }

    #[test]
    fn base64url_decodes_without_padding() {
        assert_eq!(base64url_decode("eyJhIjoxfQ").unwrap(), br#"{"a":1}"#);
        assert_eq!(base64url_decode("aGk").unwrap(), b"hi");
        assert!(base64url_decode("a b").is_none());
    }

    #[test]
    fn redaction_keeps_a_short_prefix_only() {
        assert_eq!(redact("abcdefghijklmnop", false), "abcd…");
        assert_eq!(redact("abcdefghijklmnop", true), "ab…");
        assert_eq!(redact("abc", false), "a…");
        assert_eq!(redact("", false), "…");
    }

    #[test]
    fn env_names_and_secret_names() {
        assert_eq!(
            env_name("export JWT_SECRET=abc").as_deref(),
            Some("JWT_SECRET")
        );
        assert_eq!(env_name("  API_KEY = x").as_deref(), Some("API_KEY"));
        assert_eq!(env_name("# comment"), None);
        assert!(is_secret_name("JWT_SECRET"));
        assert!(is_secret_name("STRIPE_KEY"));
        assert!(is_secret_name("DB_PASSWORD"));
        assert!(!is_secret_name("NEXT_PUBLIC_SUPABASE_ANON_KEY"));
        assert!(!is_secret_name("STRIPE_PUBLISHABLE_KEY"));
        assert!(!is_secret_name("AWS_ACCESS_KEY_ID"));
        assert!(!is_secret_name("LOG_LEVEL"));
    }
}
