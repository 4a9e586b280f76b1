//! Compliance analyzers (CMP): analytics or tracking in the web UI (which makes
//! consent management apply), and privacy/terms documents in the repository,
//! with or without a statement of data practices.

use super::{Analyzer, AnalyzerPatterns, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::inventory::{FileClass, Inventory};
use crate::signals::{Hit, PatternSpec, Signals};
use crate::stack::{DerivedValue, Fact, Stack};

use super::api::off_app;

const MAX: usize = 6;
const AN: &str = "analytics_tracking";
const PRIV: &str = "privacy_docs_with_practices";

fn analytics_patterns() -> Vec<PatternSpec> {
    vec![PatternSpec::new(
        r#"gtag\(|googletagmanager\.com|google-analytics\.com/analytics|posthog\.init\(|new PostHog\(|PostHogProvider|from ['"]posthog-js|plausible\.io/js|data-domain=|analytics\.load\(|@segment/analytics|mixpanel\.init\(|amplitude\.init\(|amplitude\.getInstance\(|static\.hotjar\.com|fbq\(|connect\.facebook\.net/[a-zA-Z_]+/fbevents|cloud\.umami\.is|umami\.is/script|clarity\.ms/tag|@vercel/analytics|ReactGA\.initialize\(|heap\.load\(|_paq\.push\("#,
        None,
        vec![FileClass::Source, FileClass::Other, FileClass::Config],
    )]
}

fn analytics(inv: &Inventory, signals: &Signals, apats: &AnalyzerPatterns) -> Vec<Evidence> {
    let hits: &[Hit] = match apats.owned.get(AN).and_then(|v| v.first()) {
        Some(&p) => signals.hits(p),
        None => &[],
    };
    hits.iter()
        .filter(|h| !off_app(inv, &h.path))
        .take(MAX)
        .map(|h| h.evidence("analytics or tracking"))
        .collect()
}

pub const ANALYTICS_TRACKING: Analyzer = Analyzer {
    id: AN,
    version: 1,
    question: "Does the web UI load analytics or tracking (GA, PostHog, Plausible, Segment, …)?",
    patterns: analytics_patterns,
    run: |cx| Outcome::yes(analytics(cx.inv, cx.signals, cx.apats)),
};

/// Names (without extension) of privacy, terms and legal documents.
const POLICY_NAMES: &[&str] = &[
    "privacy",
    "privacy-policy",
    "privacy_policy",
    "privacypolicy",
    "privacy-notice",
    "terms",
    "terms-of-service",
    "terms_of_service",
    "termsofservice",
    "terms-of-use",
    "terms_of_use",
    "terms-and-conditions",
    "terms_and_conditions",
    "tos",
    "legal",
    "gdpr",
    "dpa",
    "cookie-policy",
    "cookies-policy",
    "imprint",
    "impressum",
    "compliance",
];

const DOC_EXTS: &[&str] = &[
    "md", "mdx", "markdown", "html", "htm", "txt", "rst", "adoc", "vue", "svelte", "astro", "erb",
    "haml", "slim", "twig", "hbs", "ejs", "pug", "liquid", "j2", "jinja", "njk",
];
const PAGE_EXTS: &[&str] = &["tsx", "jsx", "ts", "js", "php", "py", "rb"];

/// A privacy policy, terms or compliance document (or the page that renders it).
fn policy_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let Some((name, dirs)) = parts.split_last() else {
        return false;
    };
    if dirs.iter().any(|d| {
        matches!(
            *d,
            "settings"
                | "config"
                | "components"
                | "icons"
                | "locales"
                | "locale"
                | "i18n"
                | "lang"
                | "translations"
                | "migrations"
                | "node_modules"
                | "api"
        )
    }) {
        return false;
    }
    if lower.starts_with("docs/compliance/") || lower.contains("/docs/compliance/") {
        return true;
    }
    let (stem, ext) = match name.find('.') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => (*name, ""),
    };
    let ext_last = ext.rsplit('.').next().unwrap_or("");
    let markup = DOC_EXTS.contains(&ext_last) || ext == "blade.php";
    let in_pages = dirs.iter().any(|d| {
        matches!(
            *d,
            "pages" | "app" | "routes" | "views" | "templates" | "legal" | "content"
        ) || d.starts_with('(')
    });
    let code_page = PAGE_EXTS.contains(&ext_last) && in_pages;
    if POLICY_NAMES.contains(&stem) && (markup || code_page) {
        return true;
    }
    // app/privacy/page.tsx, src/routes/terms/+page.svelte, pages/legal/index.vue
    let page_stem = matches!(stem, "page" | "+page" | "index");
    page_stem
        && (markup || PAGE_EXTS.contains(&ext_last))
        && dirs.last().is_some_and(|d| POLICY_NAMES.contains(d))
}

fn practice_patterns() -> Vec<PatternSpec> {
    vec![PatternSpec::new(
        r"(?i)personal (data|information)|information (that )?we collect|data (that )?we collect|we (may )?collect|we (do not |don't )?(share|sell)|third[- ]part(y|ies)|data controller|data processor|gdpr|ccpa|retain (your|personal)|cookies? (are|we use)|your (rights|data)",
        None,
        vec![
            FileClass::Source,
            FileClass::Doc,
            FileClass::Other,
            FileClass::Config,
        ],
    )]
    .into_iter()
    .map(|mut s| {
        s.glob = Some(
            "{**/*[Pp]rivacy*,**/*[Pp]rivacy*/**,**/*PRIVACY*,**/*[Tt]erms*,**/*[Tt]erms*/**,**/*TERMS*,**/*[Ll]egal*,**/*[Ll]egal*/**,**/[Tt]os*,**/[Tt]os/**,**/*[Gg]dpr*,**/*GDPR*,**/*[Cc]ompliance*/**,**/*[Cc]ookie*,**/[Ii]mpr*}"
                .into(),
        );
        s
    })
    .collect()
}

fn policy_files<'a>(cx: &EvalCtx<'a>) -> Vec<&'a str> {
    cx.inv
        .files
        .iter()
        .filter(|f| {
            !matches!(f.class, FileClass::Test | FileClass::Generated) && policy_file(&f.path)
        })
        .map(|f| f.path.as_str())
        .take(50)
        .collect()
}

pub const PRIVACY_DOCS_WITH_PRACTICES: Analyzer = Analyzer {
    id: PRIV,
    version: 1,
    question: "Does the repository hold a privacy policy or terms that state data practices?",
    patterns: practice_patterns,
    run: |cx| {
        let files = policy_files(cx);
        Outcome::yes(
            cx.own_hits(PRIV, 0)
                .iter()
                .filter(|h| files.contains(&h.path.as_str()))
                .take(MAX)
                .map(|h| h.evidence("policy states data practices"))
                .collect(),
        )
    },
};

pub const PRIVACY_DOCS_PLACEHOLDER: Analyzer = Analyzer {
    id: "privacy_docs_placeholder",
    version: 1,
    question: "Is there a privacy or terms page that states no data practices?",
    patterns: super::no_patterns,
    run: |cx| {
        Outcome::yes(
            policy_files(cx)
                .into_iter()
                .take(MAX)
                .map(|p| {
                    Evidence::file(
                        p,
                        "privacy/terms page without any statement of data practices",
                    )
                })
                .collect(),
        )
    },
};

/// `uses_analytics`.
pub fn derive_facts(
    stack: &mut Stack,
    inv: &Inventory,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) {
    let ev = analytics(inv, signals, apats);
    stack.derived.insert(
        Fact::UsesAnalytics,
        DerivedValue {
            value: !ev.is_empty(),
            reason: if ev.is_empty() {
                "no analytics or tracking scripts".into()
            } else {
                "analytics or tracking loaded".into()
            },
            evidence: ev,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_files_are_recognised() {
        assert!(policy_file("PRIVACY.md"));
        assert!(policy_file("app/privacy/page.tsx"));
        assert!(policy_file("src/app/(marketing)/terms-of-service/page.tsx"));
        assert!(policy_file("resources/views/terms.blade.php"));
        assert!(policy_file("docs/compliance/soc2.md"));
        assert!(policy_file("src/pages/privacy-policy.astro"));
        assert!(!policy_file(
            "resources/themes/anchor/pages/settings/privacy.blade.php"
        ));
        assert!(!policy_file("config/privacy.php"));
        assert!(!policy_file("src/components/terms-privacy-links.tsx"));
        assert!(!policy_file("lib/privacy.ts"));
    }

    #[test]
    fn patterns_are_gated_and_compile() {
        for spec in analytics_patterns().into_iter().chain(practice_patterns()) {
            crate::signals::compile_regex(&spec.regex).unwrap();
            assert!(
                spec.glob.is_some() || crate::signals::keywords_of(&spec.regex).is_some(),
                "ungated: {}",
                spec.regex
            );
            if let Some(g) = &spec.glob {
                crate::signals::compile_glob(g).unwrap();
            }
        }
    }
}
