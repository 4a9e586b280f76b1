//! API analyzers (API): inbound webhooks (are signatures verified, are events
//! de-duplicated), outbound HTTP calls (do they set timeouts and retry), and
//! whether the HTTP API is public (user-issued keys or tokens, third-party docs).
//!
//! Text heuristics over the one signals pass (no parser): a call, a timeout or
//! a retry is counted per file, so "every file that calls out also sets a
//! timeout" stands in for "every call has a timeout".

use std::collections::{BTreeMap, BTreeSet};

use super::{Analyzer, AnalyzerPatterns, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::inventory::{FileClass, Inventory};
use crate::signals::{Hit, PatternSpec, Signals};
use crate::stack::{DerivedValue, Fact, Stack};

const MAX: usize = 6;

fn src() -> Vec<FileClass> {
    vec![FileClass::Source]
}

/// Hits of an analyzer's own pattern, outside `EvalCtx` (fact derivation).
fn owned<'a>(signals: &'a Signals, apats: &AnalyzerPatterns, id: &str, i: usize) -> &'a [Hit] {
    match apats.owned.get(id).and_then(|v| v.get(i)) {
        Some(&p) => signals.hits(p),
        None => &[],
    }
}

/// Code that is not the running application: tests, fixtures, examples,
/// seeders, docs, vendored bundles and `scripts/`.
pub(crate) fn off_app(inv: &Inventory, path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let dirs = &parts[..parts.len().saturating_sub(1)];
    inv.get(path).is_some_and(|f| {
        matches!(
            f.class,
            FileClass::Test | FileClass::Doc | FileClass::Generated | FileClass::Migration
        )
    }) || dirs.iter().any(|d| {
        matches!(
            *d,
            "test"
                | "tests"
                | "__tests__"
                | "spec"
                | "e2e"
                | "fixtures"
                | "examples"
                | "example"
                | "seeders"
                | "seeds"
                | "scripts"
                | "script"
                | "docs"
                | "mocks"
                | "__mocks__"
                | "vendor"
                | "stories"
        )
    }) || lower.contains(".test.")
        || lower.contains(".spec.")
        || lower.contains(".stories.")
        || lower.ends_with(".bak")
        || lower.starts_with("public/")
        || lower.contains("/public/js/")
        || lower.contains("/public/vendor/")
}

// ---------------------------------------------------------------- webhooks

const WH: &str = "webhook_signature_verified";

fn webhook_patterns() -> Vec<PatternSpec> {
    let p = |re: &str| PatternSpec::new(re, None, src());
    let in_webhook_files = |re: &str| {
        PatternSpec::new(
            re,
            Some("{**/*[Ww]ebhook*,**/*[Ww]ebhook*/**,**/*WEBHOOK*}"),
            src(),
        )
    };
    vec![
        // 0: provider signature verification (anywhere in application code)
        p(
            r#"constructEvent\(|construct_event\(|ConstructEvent\(|new Webhook\(|verifyWebhook\(|twilio\.validateRequest|validateExpressRequest\(|RequestValidator\(|webhooks\.verify\(|verifyAndReceive\(|webhooks\.unmarshal\(|VerifyWebhookSignature|verifyWebhookSignature|verify_webhook_signature|verify_webhook\(|Cashier\\Http\\Controllers\\WebhookController|extends CashierController|from ['"]svix['"]|from svix import|[Xx]-[Hh]ub-[Ss]ignature|[Xx]-[Ss]hopify-[Hh]mac|[Pp]addle-[Ss]ignature|isInvalidSignature\("#,
        ),
        // 1: an HMAC computed and compared in a webhook file
        in_webhook_files(
            r"timingSafeEqual\(|hash_equals\(|compare_digest\(|hmac\.Equal\(|secure_compare\(|ConstantTimeCompare\(|createHmac\(|hash_hmac\(|hmac\.new\(|verifySignature\(|verify_signature\(|validateSignature\(",
        ),
        // 2: a route whose path names a webhook (or an inbound relay)
        p(
            r#"(?i:\.post|route::post|route::any|route::match|handlefunc|\.handle|@app\.post|@router\.post|@bp\.post|\bpath|re_path|\bpost)\s*\(?\s*['"][^'"\n]{0,80}(webhook|Webhook|/inbound|slack/events)"#,
        ),
        // 3: events recorded as processed (anywhere)
        p(
            r"(?i)processed_?events?\b|processedEvents?\b|webhook_?events\b|WebhookEvent\b|lastSyncedEventId|last_?synced_?event|already[ _-]processed|event_already_processed",
        ),
        // 4: idempotency in a webhook file
        in_webhook_files(r"(?i)idempoten|dedup|de-dup|already (been )?(processed|handled)"),
        // 5: a shared secret or token compared in a webhook file
        in_webhook_files(
            r"(?i)(secret|token|password)[a-z_'\x22\])]*\s*(!==|===|!=|==)|(!==|===|!=|==)\s*[a-z_.$>(-]*(secret|token|password)",
        ),
    ]
}

/// Next.js/SvelteKit file routes that receive pushed events: a `webhook`
/// segment, a `*-webhook` segment, or `webhooks/<provider>/`. A bare
/// `webhooks/route.ts` or `webhooks/[id]/` is a management API.
fn webhook_route_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let Some((name, dirs)) = parts.split_last() else {
        return false;
    };
    let is_route = name.starts_with("route.")
        || name.starts_with("+server.")
        || (dirs.contains(&"api") && dirs.contains(&"pages"));
    if !is_route {
        return false;
    }
    let stem = name.split('.').next().unwrap_or("");
    if dirs.contains(&"pages") && (stem.contains("webhook")) {
        return true;
    }
    dirs.iter().enumerate().any(|(i, d)| {
        if *d == "webhooks" {
            // webhooks/<provider>/route.ts
            return dirs
                .get(i + 1)
                .is_some_and(|n| !n.starts_with('[') && !n.starts_with('('))
                && i + 2 == dirs.len();
        }
        d.contains("webhook") && !d.starts_with('[')
    })
}

fn app_hits<'a>(inv: &'a Inventory, hits: &'a [Hit]) -> impl Iterator<Item = &'a Hit> {
    hits.iter().filter(move |h| !off_app(inv, &h.path))
}

/// Evidence that the application receives pushed events.
fn webhook_receivers(
    inv: &Inventory,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) -> Vec<Evidence> {
    let mut ev: Vec<Evidence> = Vec::new();
    for f in &inv.files {
        if ev.len() >= MAX {
            break;
        }
        if webhook_route_file(&f.path) && !off_app(inv, &f.path) {
            ev.push(Evidence::file(f.path.clone(), "webhook route handler"));
        }
    }
    for h in app_hits(inv, owned(signals, apats, WH, 2)).take(MAX) {
        ev.push(h.evidence("webhook route"));
    }
    for h in app_hits(inv, owned(signals, apats, WH, 0)).take(MAX) {
        ev.push(h.evidence("webhook signature check"));
    }
    ev.truncate(MAX);
    ev
}

fn signatures(cx: &EvalCtx) -> Vec<Evidence> {
    app_hits(cx.inv, cx.own_hits(WH, 0))
        .chain(app_hits(cx.inv, cx.own_hits(WH, 1)))
        .take(MAX)
        .map(|h| h.evidence("webhook signature verified"))
        .collect()
}

fn dedupe(cx: &EvalCtx) -> Vec<Evidence> {
    app_hits(cx.inv, cx.own_hits(WH, 3))
        .chain(app_hits(cx.inv, cx.own_hits(WH, 4)))
        .take(MAX)
        .map(|h| h.evidence("events de-duplicated"))
        .collect()
}

pub const WEBHOOK_SIGNATURE_VERIFIED: Analyzer = Analyzer {
    id: WH,
    version: 1,
    question: "Do inbound webhook handlers verify the sender's signature?",
    patterns: webhook_patterns,
    run: |cx| Outcome::yes(signatures(cx)),
};

pub const WEBHOOK_EVENTS_DEDUPLICATED: Analyzer = Analyzer {
    id: "webhook_events_deduplicated",
    version: 1,
    question: "Are webhook signatures verified and events de-duplicated (processed ids stored, idempotency)?",
    patterns: super::no_patterns,
    run: |cx| {
        let sig = signatures(cx);
        let dd = dedupe(cx);
        if sig.is_empty() || dd.is_empty() {
            return Outcome::no();
        }
        Outcome::yes(
            sig.into_iter()
                .take(3)
                .chain(dd.into_iter().take(3))
                .collect(),
        )
    },
};

pub const WEBHOOK_SHARED_SECRET: Analyzer = Analyzer {
    id: "webhook_shared_secret",
    version: 1,
    question: "Does a webhook handler compare a shared secret or token instead of a signature?",
    patterns: super::no_patterns,
    run: |cx| {
        Outcome::yes(
            app_hits(cx.inv, cx.own_hits(WH, 5))
                .take(MAX)
                .map(|h| h.evidence("shared secret compared, no signature"))
                .collect(),
        )
    },
};

// ---------------------------------------------------------------- outbound

const OUT: &str = "outbound_resilience_complete";
/// Patterns 0..CALL_PATTERNS are calls; then timeouts, then retries.
const CALL_PATTERNS: usize = 5;

fn outbound_patterns() -> Vec<PatternSpec> {
    let inv = |re: &str| PatternSpec {
        regex: re.into(),
        glob: None,
        classes: src(),
        inventory: true,
    };
    vec![
        // 0–4: outbound HTTP calls. `fetch('/…')` (the app's own API) is not one.
        inv(
            r#"\bfetch\(\s*[^'"`/\s)]|\bfetch\(\s*['"`]https?:|\bfetch\(\s*`\$\{|\$fetch\(|\bofetch\(|\bundici\.request\("#,
        ),
        inv(
            r"\baxios\.(get|post|put|patch|delete|request|create)\(|\baxios\(|\bgot\.(get|post|put|patch|delete|extend)\(|\bky\.(get|post|put|patch|delete|create|extend)\(",
        ),
        inv(
            r"\brequests\.(get|post|put|patch|delete|head|request|Session)\(|\bhttpx\.(get|post|put|patch|delete|request|Client|AsyncClient)\(|aiohttp\.ClientSession\(|urlopen\(",
        ),
        inv(
            r"\bhttp\.(Get|Post|PostForm|Head|NewRequest|NewRequestWithContext)\(|Http::(get|post|put|patch|delete|withToken|withHeaders|withBasicAuth|acceptJson|asForm|baseUrl|timeout|retry)\(|GuzzleHttp\\Client|curl_init\(",
        ),
        inv(
            r"Net::HTTP\.|Faraday\.new|HTTParty\.(get|post|put|patch|delete)|RestClient\.(get|post|put|patch|delete)|reqwest::|ureq::|RestTemplate\b|WebClient\.(create|builder)|HttpClient\.new|OkHttpClient\b|new HttpClient\(",
        ),
        // 5: timeouts
        inv(
            r#"AbortSignal\.timeout\(|\bsignal:|\btimeout:|\btimeout\s*=|\bTimeout:|\bTimeout\s*=|->timeout\(|Http::timeout\(|CURLOPT_(CONNECT)?TIMEOUT|['"](connect_)?timeout['"]\s*=>|\.timeout\(|\bread_timeout\b|\bopen_timeout\b|context\.WithTimeout\(|connectTimeout|readTimeout|setReadTimeout|ClientTimeout\("#,
        ),
        // 6: retries written in a file that calls out
        inv(r"(?i)retr(y|ies|ying)|backoff|max_?attempts|tenacity|resilience4j|polly"),
    ]
}

/// Browser code: its `fetch` calls reach the app's own backend.
fn browser_code(path: &str, inv: &Inventory) -> bool {
    let lower = path.to_ascii_lowercase();
    let is_js = inv
        .get(path)
        .is_some_and(|f| matches!(f.language, Some("JavaScript") | Some("TypeScript")))
        || [".ts", ".js", ".mjs", ".tsx", ".jsx"]
            .iter()
            .any(|e| lower.ends_with(e));
    if [".tsx", ".jsx", ".vue", ".svelte", ".astro"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return true;
    }
    if !is_js {
        return false;
    }
    let parts: Vec<&str> = lower.split('/').collect();
    let dirs = &parts[..parts.len().saturating_sub(1)];
    dirs.iter().any(|d| {
        matches!(
            *d,
            "frontend"
                | "client"
                | "browser"
                | "public"
                | "static"
                | "assets"
                | "components"
                | "hooks"
                | "composables"
                | "store"
                | "stores"
                | "slices"
                | "views"
                | "ui"
                | "widgets"
        )
    })
}

/// Server-side files with outbound calls → first hit.
fn outbound_call_files<'a>(inv: &'a Inventory, hits: &'a [Hit]) -> BTreeMap<&'a str, &'a Hit> {
    let mut files = BTreeMap::new();
    for h in hits {
        if off_app(inv, &h.path) || browser_code(&h.path, inv) {
            continue;
        }
        files.entry(h.path.as_str()).or_insert(h);
    }
    files
}

fn outbound_evidence(
    inv: &Inventory,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) -> Vec<Evidence> {
    let hits: Vec<Hit> = (0..CALL_PATTERNS)
        .flat_map(|i| owned(signals, apats, OUT, i).iter().cloned())
        .collect();
    let files = outbound_call_files(inv, &hits);
    files
        .values()
        .take(5)
        .copied()
        .map(|h| h.evidence("outbound HTTP call"))
        .collect()
}

/// (files calling out, those with a timeout, those with a retry, retry libraries).
struct Resilience<'a> {
    calls: BTreeMap<&'a str, &'a Hit>,
    timed: BTreeMap<&'a str, &'a Hit>,
    retried: BTreeMap<&'a str, &'a Hit>,
    retry_deps: Vec<Evidence>,
}

const RETRY_LIBS: &[&str] = &[
    "p-retry",
    "axios-retry",
    "fetch-retry",
    "async-retry",
    "retry",
    "got",
    "ky",
    "exponential-backoff",
    "cockatiel",
    "opossum",
    "tenacity",
    "backoff",
    "retrying",
    "stamina",
    "github.com/hashicorp/go-retryablehttp",
    "github.com/cenkalti/backoff",
    "github.com/cenkalti/backoff/v4",
    "github.com/avast/retry-go",
    "reqwest-retry",
    "reqwest-middleware",
    "backoff",
    "faraday-retry",
    "retriable",
    "io.github.resilience4j:resilience4j-retry",
    "Polly",
];

fn resilience<'a>(cx: &'a EvalCtx) -> Resilience<'a> {
    let mut calls = BTreeMap::new();
    for i in 0..CALL_PATTERNS {
        for (p, h) in outbound_call_files(cx.inv, cx.own_hits(OUT, i)) {
            calls.entry(p).or_insert(h);
        }
    }
    let pick = |i: usize| -> BTreeMap<&'a str, &'a Hit> {
        let mut m = BTreeMap::new();
        for h in cx.own_hits(OUT, i) {
            if calls.contains_key(h.path.as_str()) {
                m.entry(h.path.as_str()).or_insert(h);
            }
        }
        m
    };
    let timed = pick(CALL_PATTERNS);
    let retried = pick(CALL_PATTERNS + 1);
    let retry_deps = cx
        .facts
        .dependencies
        .iter()
        .filter(|d| RETRY_LIBS.contains(&d.name.as_str()) && d.kind != crate::facts::DepKind::Dev)
        .take(2)
        .map(|d| d.evidence())
        .collect();
    Resilience {
        calls,
        timed,
        retried,
        retry_deps,
    }
}

pub const OUTBOUND_RESILIENCE_COMPLETE: Analyzer = Analyzer {
    id: OUT,
    version: 1,
    question: "Does every file that makes outbound HTTP calls set a timeout, with retries in place?",
    patterns: outbound_patterns,
    run: |cx| {
        let r = resilience(cx);
        if r.calls.is_empty()
            || r.timed.len() < r.calls.len()
            || (r.retried.is_empty() && r.retry_deps.is_empty())
        {
            return Outcome::no();
        }
        let mut ev = vec![Evidence::file(
            ".",
            format!(
                "{} files make outbound HTTP calls; every one sets a timeout",
                r.calls.len()
            ),
        )];
        ev.extend(r.timed.values().take(2).map(|h| h.evidence("timeout")));
        ev.extend(r.retried.values().take(2).map(|h| h.evidence("retry")));
        ev.extend(r.retry_deps);
        Outcome::yes(ev)
    },
};

pub const OUTBOUND_RESILIENCE_SOME: Analyzer = Analyzer {
    id: "outbound_resilience_some",
    version: 1,
    question: "Do some outbound HTTP calls set timeouts or retry?",
    patterns: super::no_patterns,
    run: |cx| {
        let r = resilience(cx);
        if r.calls.is_empty()
            || (r.timed.is_empty() && r.retried.is_empty() && r.retry_deps.is_empty())
        {
            return Outcome::no();
        }
        let untimed: Vec<&&Hit> = r
            .calls
            .iter()
            .filter(|(p, _)| !r.timed.contains_key(*p))
            .map(|(_, h)| h)
            .collect();
        let retries = if r.retried.is_empty() && r.retry_deps.is_empty() {
            "no retries"
        } else {
            "retries in places"
        };
        let mut ev = vec![Evidence::file(
            ".",
            format!(
                "{} of {} files with outbound HTTP calls set a timeout; {retries}",
                r.timed.len(),
                r.calls.len()
            ),
        )];
        ev.extend(r.timed.values().take(2).map(|h| h.evidence("timeout")));
        ev.extend(r.retried.values().take(2).map(|h| h.evidence("retry")));
        ev.extend(r.retry_deps);
        ev.extend(
            untimed
                .iter()
                .take(2)
                .map(|h| h.evidence("call without a timeout")),
        );
        Outcome::yes(ev)
    },
};

// ---------------------------------------------------------------- public API

const PUB: &str = "public_api_evidence";

fn public_api_patterns() -> Vec<PatternSpec> {
    let classes = vec![FileClass::Source, FileClass::Migration, FileClass::Other];
    vec![
        PatternSpec::new(
            r#"(?i:create table|\bfrom|\binto|\bjoin|\$table\s*=|@@map\(|schema\.create\(|create_table)\s*\(?\s*[:'"`]?(api_keys|api_tokens|personal_access_tokens|apikeys)\b"#,
            None,
            classes.clone(),
        ),
        PatternSpec::new(
            r"model ApiKey\b|class ApiKey\b|type API_?Key struct|HasApiTokens|Laravel\\Passport",
            None,
            classes,
        ),
    ]
}

fn public_api(inv: &Inventory, signals: &Signals, apats: &AnalyzerPatterns) -> Vec<Evidence> {
    let mut ev: Vec<Evidence> = owned(signals, apats, PUB, 0)
        .iter()
        .chain(owned(signals, apats, PUB, 1))
        .filter(|h| inv.get(&h.path).is_none_or(|f| f.class != FileClass::Test))
        .take(3)
        .map(|h| h.evidence("API keys or tokens issued to users"))
        .collect();
    // API documentation written for third parties (not a generated /docs page).
    let mut docs = BTreeSet::new();
    for f in &inv.files {
        let lower = f.path.to_ascii_lowercase();
        let doc_dir = [
            "docs/api/",
            "docs/api-reference/",
            "docs/rest-api/",
            "api-docs/",
        ]
        .iter()
        .find(|d| lower.starts_with(*d) || lower.contains(&format!("/{d}")));
        if let Some(d) = doc_dir {
            docs.insert((*d, f.path.clone()));
        }
    }
    if let Some((_, p)) = docs.iter().next() {
        ev.push(Evidence::file(
            p.clone(),
            "API documentation for third parties",
        ));
    }
    ev
}

pub const PUBLIC_API_EVIDENCE: Analyzer = Analyzer {
    id: PUB,
    version: 1,
    question: "Is the HTTP API public (user-issued keys or tokens, documentation for third parties)?",
    patterns: public_api_patterns,
    run: |cx| Outcome::yes(public_api(cx.inv, cx.signals, cx.apats)),
};

/// `receives_webhooks`, `makes_outbound_http` and `public_api`.
pub fn derive_facts(
    stack: &mut Stack,
    inv: &Inventory,
    signals: &Signals,
    apats: &AnalyzerPatterns,
) {
    let put = |stack: &mut Stack, fact: Fact, ev: Vec<Evidence>, yes: &str, no: &str| {
        stack.derived.insert(
            fact,
            DerivedValue {
                value: !ev.is_empty(),
                reason: if ev.is_empty() { no } else { yes }.to_string(),
                evidence: ev,
            },
        );
    };
    put(
        stack,
        Fact::ReceivesWebhooks,
        webhook_receivers(inv, signals, apats),
        "webhook routes or signature checks",
        "no webhook route or handler",
    );
    put(
        stack,
        Fact::MakesOutboundHttp,
        outbound_evidence(inv, signals, apats),
        "server-side code calls other services over HTTP",
        "no outbound HTTP calls in server-side code",
    );
    let public = if stack.holds(Fact::ServesHttpApi) {
        public_api(inv, signals, apats)
    } else {
        Vec::new()
    };
    put(
        stack,
        Fact::PublicApi,
        public,
        "the API is reached with user-issued keys or tokens, or documented for third parties",
        "no user-issued API keys or tokens and no API documentation for third parties",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_route_files() {
        assert!(webhook_route_file(
            "app/api/billing/stripe-webhook/route.ts"
        ));
        assert!(webhook_route_file("app/api/webhook/route.ts"));
        assert!(webhook_route_file("src/app/api/webhooks/stripe/route.ts"));
        assert!(webhook_route_file("pages/api/webhooks.ts"));
        assert!(!webhook_route_file("app/api/v1/webhooks/route.ts"));
        assert!(!webhook_route_file(
            "app/api/v1/webhooks/[webhookId]/route.ts"
        ));
        assert!(!webhook_route_file("lib/webhook.ts"));
    }

    #[test]
    fn patterns_are_gated_and_compile() {
        for spec in webhook_patterns()
            .into_iter()
            .chain(outbound_patterns())
            .chain(public_api_patterns())
        {
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

    /// Every content regex of the API and CMP rules has keywords for the prefilter.
    #[test]
    fn rule_content_patterns_are_gated() {
        fn walk(v: &toml::Value, out: &mut Vec<String>) {
            match v {
                toml::Value::Table(t) => {
                    for (k, x) in t {
                        if k == "content" {
                            match x {
                                toml::Value::String(s) => out.push(s.clone()),
                                toml::Value::Array(a) => out.extend(
                                    a.iter().filter_map(|s| s.as_str().map(str::to_string)),
                                ),
                                _ => {}
                            }
                        } else {
                            walk(x, out);
                        }
                    }
                }
                toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        for b in crate::rules::BUILTIN_RULES {
            if !(b.path.contains("/api/") || b.path.contains("/cmp/")) {
                continue;
            }
            let v: toml::Value = toml::from_str(b.toml).unwrap();
            let mut regexes = Vec::new();
            walk(&v, &mut regexes);
            for re in regexes {
                assert!(
                    crate::signals::keywords_of(&re).is_some(),
                    "{}: ungated {re}",
                    b.path
                );
            }
        }
    }
}
