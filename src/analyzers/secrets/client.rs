//! SEC-02: server-only secrets that reach browser code. Two shapes:
//! a variable with a client prefix (`NEXT_PUBLIC_`, `VITE_`, …), which the
//! bundler inlines into the browser bundle, named like a server secret; and a
//! server secret read through `process.env` in a file marked `'use client'`.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{Place, place_of};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::inventory::FileClass;
use crate::signals::PatternSpec;

/// Prefixes that bundlers expose to browser code.
pub const CLIENT_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "NUXT_PUBLIC_",
    "EXPO_PUBLIC_",
    "REACT_APP_",
    "VITE_",
    "GATSBY_",
    "PUBLIC_",
];

/// Pattern indices (order of [`patterns`]).
const CLIENT_VAR: usize = 0;
const USE_CLIENT: usize = 1;
const ENV_READ: usize = 2;

/// A `'use client'` directive counts when it opens the file.
const DIRECTIVE_MAX_LINE: u32 = 5;

pub fn patterns() -> Vec<PatternSpec> {
    use FileClass::*;
    let spec = |regex: &str, classes: Vec<FileClass>| PatternSpec {
        regex: regex.into(),
        glob: None,
        classes,
        inventory: true,
    };
    vec![
        spec(
            r"\b(?:NEXT_PUBLIC|NUXT_PUBLIC|EXPO_PUBLIC|REACT_APP|VITE|GATSBY|PUBLIC)_[A-Za-z0-9_]+",
            vec![Source, Config, Manifest, Ci, Iac, Other],
        ),
        spec(r#"['"]use client['"]"#, vec![Source]),
        spec(
            r#"process\.env(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\s*['"][A-Za-z_][A-Za-z0-9_]*['"]\s*\])"#,
            vec![Source],
        ),
    ]
}

/// A client-prefixed name that holds a server secret.
pub fn is_client_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    let Some(rest) = CLIENT_PREFIXES.iter().find_map(|p| n.strip_prefix(p)) else {
        return false;
    };
    const PUBLIC: &[&str] = &[
        "PUBLISHABLE",
        "PUBLIC_KEY",
        "ANON",
        "SITE_KEY",
        "SITEKEY",
        "CLIENT_ID",
    ];
    if PUBLIC.iter().any(|p| rest.contains(p)) {
        return false;
    }
    const SECRET: &[&str] = &[
        "SECRET",
        "SERVICE_ROLE",
        "SERVICE_KEY",
        "PRIVATE",
        "PASSWORD",
        "DATABASE_URL",
        "DB_URL",
    ];
    if SECRET.iter().any(|s| rest.contains(s)) {
        return true;
    }
    // Providers whose keys are server-only by design (no publishable variant).
    const SERVER_PROVIDERS: &[&str] = &[
        "OPENAI",
        "ANTHROPIC",
        "CLAUDE",
        "GROQ",
        "MISTRAL",
        "COHERE",
        "REPLICATE",
        "HUGGINGFACE",
        "HUGGING_FACE",
        "ELEVENLABS",
        "DEEPSEEK",
        "PERPLEXITY",
        "RESEND",
        "SENDGRID",
        "POSTMARK",
        "MAILGUN",
        "TWILIO",
    ];
    let keyish = rest.contains("KEY") || rest.contains("TOKEN");
    if keyish && SERVER_PROVIDERS.iter().any(|p| rest.contains(p)) {
        return true;
    }
    rest.contains("STRIPE")
        && (rest.contains("_SK") || rest.starts_with("SK_") || rest.contains("RESTRICTED"))
}

/// A server-side variable name (no client prefix) that holds a secret.
pub fn is_server_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    if CLIENT_PREFIXES.iter().any(|p| n.starts_with(p)) {
        return false;
    }
    super::rules::is_secret_name(&n) || n.contains("SERVICE_ROLE") || n.contains("DATABASE_URL")
}

/// One exposure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub path: String,
    pub line: u32,
    /// The variable's name (names are shown; values never are).
    pub name: String,
    pub in_client_component: bool,
    pub place: Place,
}

impl Exposure {
    fn evidence(&self) -> Evidence {
        let mut detail = if self.in_client_component {
            format!(
                "server secret `{}` read in a 'use client' component",
                self.name
            )
        } else {
            format!(
                "client-exposed variable `{}` is named like a server secret",
                self.name
            )
        };
        if self.place == Place::Scripts {
            detail.push_str(" (under scripts/, reported apart)");
        }
        Evidence::at(self.path.clone(), self.line, detail)
    }
}

#[derive(Debug, Default)]
pub struct ClientScan {
    pub violations: Vec<Exposure>,
    /// Distinct client-prefixed names seen.
    pub client_vars: usize,
    pub client_files: usize,
    pub client_components: usize,
    pub allowed: usize,
}

pub fn scan(cx: &EvalCtx, allows: &HashSet<(String, u32, String)>) -> ClientScan {
    let id = super::CLIENT_EXPOSED_SECRETS.id;
    let place = |path: &str| {
        let class = cx.inv.get(path).map_or(FileClass::Other, |f| f.class);
        place_of(path, class)
    };
    let allowed = |h: &crate::signals::Hit| super::is_allowed(allows, h, "SEC-02");
    let mut out = ClientScan::default();
    let mut names = BTreeSet::new();
    let mut files = BTreeSet::new();
    let mut scripts = Vec::new();
    for h in cx.own_hits(id, CLIENT_VAR) {
        let p = place(&h.path);
        if p == Place::Skipped {
            continue;
        }
        names.insert(h.matched.clone());
        files.insert(h.path.clone());
        if !is_client_secret_name(&h.matched) {
            continue;
        }
        if allowed(h) {
            out.allowed += 1;
            continue;
        }
        let e = Exposure {
            path: h.path.clone(),
            line: h.line,
            name: h.matched.clone(),
            in_client_component: false,
            place: p,
        };
        if p == Place::Scripts {
            scripts.push(e);
        } else {
            out.violations.push(e);
        }
    }
    let components: HashMap<&str, u32> = cx
        .own_hits(id, USE_CLIENT)
        .iter()
        .filter(|h| h.line <= DIRECTIVE_MAX_LINE && place(&h.path) != Place::Skipped)
        .map(|h| (h.path.as_str(), h.line))
        .collect();
    out.client_components = components.len();
    for h in cx.own_hits(id, ENV_READ) {
        if !components.contains_key(h.path.as_str()) {
            continue;
        }
        let p = place(&h.path);
        if p == Place::Skipped {
            continue;
        }
        let name = h
            .matched
            .trim_start_matches("process.env")
            .trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .to_string();
        if !is_server_secret_name(&name) {
            continue;
        }
        if allowed(h) {
            out.allowed += 1;
            continue;
        }
        let e = Exposure {
            path: h.path.clone(),
            line: h.line,
            name,
            in_client_component: true,
            place: p,
        };
        if p == Place::Scripts {
            scripts.push(e);
        } else {
            out.violations.push(e);
        }
    }
    out.violations
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    out.violations.dedup();
    scripts.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    out.violations.extend(scripts);
    out.client_vars = names.len();
    out.client_files = files.len();
    out
}

pub fn violation_evidence(scan: &ClientScan) -> Vec<Evidence> {
    let v = &scan.violations;
    let mut ev: Vec<Evidence> = v
        .iter()
        .take(super::MAX_LISTED)
        .map(Exposure::evidence)
        .collect();
    if v.len() > super::MAX_LISTED {
        let names: BTreeSet<&str> = v.iter().map(|e| e.name.as_str()).collect();
        ev.push(Evidence::file(
            ".",
            format!(
                "{} exposures of {} server secrets in total",
                v.len(),
                names.len()
            ),
        ));
    }
    ev
}

pub fn clean_evidence(scan: &ClientScan) -> Evidence {
    let mut detail = format!(
        "checked {} client-exposed variables (NEXT_PUBLIC_, VITE_, REACT_APP_, …) in {} files and {} 'use client' components: none names a server secret",
        scan.client_vars, scan.client_files, scan.client_components
    );
    if scan.allowed > 0 {
        detail.push_str(&format!(
            "; {} silenced by infragap:allow SEC-02",
            scan.allowed
        ));
    }
    Evidence::file(".", detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_like_secrets() {
        // (prefix, rest) joined at run time, so this file holds no
        // client-exposed secret name for a self-scan to report.
        for (p, n) in [
            ("NEXT_PUBLIC", "_SUPABASE_SERVICE_ROLE_KEY"),
            ("VITE", "_OPENAI_API_KEY"),
            ("REACT_APP", "_STRIPE_SECRET_KEY"),
            ("EXPO_PUBLIC", "_ANTHROPIC_API_KEY"),
            ("PUBLIC", "_JWT_SECRET"),
            ("NUXT_PUBLIC", "_DB_PASSWORD"),
            ("NEXT_PUBLIC", "_STRIPE_SK"),
            ("VITE", "_PRIVATE_KEY"),
            ("NEXT_PUBLIC", "_RESEND_API_KEY"),
        ] {
            let name = format!("{p}{n}");
            assert!(is_client_secret_name(&name), "{name}");
        }
        for n in [
            "NEXT_PUBLIC_SUPABASE_ANON_KEY",
            "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
            "VITE_API_URL",
            "NEXT_PUBLIC_VAPID_PUBLIC_KEY",
            "REACT_APP_GOOGLE_CLIENT_ID",
            "VITE_PUSHER_APP_KEY",
            "NEXT_PUBLIC_POSTHOG_KEY",
            "NEXT_PUBLIC_TMDB_API_KEY",
            "OPENAI_API_KEY",
        ] {
            assert!(!is_client_secret_name(n), "{n}");
        }
    }

    #[test]
    fn server_names_like_secrets() {
        assert!(is_server_secret_name("SUPABASE_SERVICE_ROLE_KEY"));
        assert!(is_server_secret_name("STRIPE_SECRET_KEY"));
        assert!(is_server_secret_name("OPENAI_API_KEY"));
        assert!(is_server_secret_name("DATABASE_URL"));
        assert!(!is_server_secret_name("NODE_ENV"));
        assert!(!is_server_secret_name("NEXT_PUBLIC_SUPABASE_URL"));
    }

    #[test]
    fn every_pattern_has_a_literal_for_the_prefilter() {
        for p in patterns() {
            assert!(
                crate::signals::keywords_of(&p.regex).is_some(),
                "{}",
                p.regex
            );
        }
    }
}
