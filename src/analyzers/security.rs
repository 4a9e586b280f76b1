//! Security analyzers (SEC): which security headers are set, and where rate
//! limits live (a shared store or the edge, or one process's memory).

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::inventory::FileClass;
use crate::signals::PatternSpec;

const MAX: usize = 6;

/// Where headers and limiters are configured: code, config, IaC, templates.
fn code_classes() -> Vec<FileClass> {
    vec![
        FileClass::Source,
        FileClass::Config,
        FileClass::Iac,
        FileClass::Other,
        FileClass::Manifest,
    ]
}

const HEADER_KINDS: [&str; 4] = [
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "frame protection",
    "X-Content-Type-Options nosniff",
];

fn header_patterns() -> Vec<PatternSpec> {
    let p = |re: &str| PatternSpec::new(re, None, code_classes());
    vec![
        // 0: CSP
        p(
            r"(?i)content-security-policy|contentSecurityPolicy|content_security_policy|CSP_DEFAULT_SRC|CSP_SCRIPT_SRC",
        ),
        // 1: HSTS
        p(
            r"(?i)strict[-_]transport[-_]security|SECURE_HSTS_SECONDS|\bhsts\s*[:=(]|force_ssl\s*=\s*true|forceSSL|HSTSMaxAge",
        ),
        // 2: framing
        p(
            r"(?i)x-frame-options|frame-ancestors|frameguard|X_FRAME_OPTIONS|XFrameOptionsMiddleware",
        ),
        // 3: nosniff
        p(r"(?i)nosniff|SECURE_CONTENT_TYPE_NOSNIFF"),
        // 4: helmet (sets all four by default)
        p(
            r#"\bhelmet\(|from ['"]helmet['"]|require\(['"]helmet['"]\)|@fastify/helmet|hono/secure-headers|secureHeaders\("#,
        ),
    ]
}

/// Evidence per header kind, from code, config and platform descriptors.
fn headers_found(cx: &EvalCtx) -> [Vec<Evidence>; 4] {
    let mut found: [Vec<Evidence>; 4] = Default::default();
    let helmet: Vec<Evidence> = cx
        .own_hits("security_headers_all", 4)
        .iter()
        .filter(|h| !is_test_or_doc(cx, &h.path))
        .take(1)
        .map(|h| {
            Evidence::at(
                h.path.clone(),
                h.line,
                format!(
                    "helmet-style middleware sets the standard security headers: {}",
                    h.snippet
                ),
            )
        })
        .collect();
    for (k, slot) in found.iter_mut().enumerate() {
        for h in cx
            .own_hits("security_headers_all", k)
            .iter()
            .filter(|h| !is_test_or_doc(cx, &h.path))
            .take(2)
        {
            slot.push(Evidence::at(
                h.path.clone(),
                h.line,
                format!("{}: {}", HEADER_KINDS[k], h.snippet),
            ));
        }
        slot.extend(helmet.iter().cloned());
    }
    // Platform descriptors record headers as settings ("header Strict-Transport-Security").
    for d in &cx.facts.platforms {
        for s in &d.settings {
            let lower = s.detail.to_ascii_lowercase();
            let kind = if lower.contains("content-security-policy") {
                Some(0)
            } else if lower.contains("strict-transport-security") {
                Some(1)
            } else if lower.contains("x-frame-options") {
                Some(2)
            } else if lower.contains("x-content-type-options") {
                Some(3)
            } else {
                None
            };
            if let Some(k) = kind {
                found[k].push(s.clone());
            }
        }
    }
    found
}

fn is_test_or_doc(cx: &EvalCtx, path: &str) -> bool {
    cx.inv
        .get(path)
        .is_some_and(|f| matches!(f.class, FileClass::Test | FileClass::Doc))
        || path.contains("/fixtures/")
        || path.starts_with("examples/")
}

pub const SECURITY_HEADERS_ALL: Analyzer = Analyzer {
    id: "security_headers_all",
    version: 1,
    question: "Are CSP, HSTS, frame protection and nosniff all configured?",
    patterns: header_patterns,
    run: |cx| {
        let found = headers_found(cx);
        if found.iter().all(|v| !v.is_empty()) {
            let mut ev: Vec<Evidence> = found
                .into_iter()
                .filter_map(|v| v.into_iter().next())
                .collect();
            ev.dedup();
            Outcome::yes(ev)
        } else {
            Outcome::no()
        }
    },
};

pub const SECURITY_HEADERS_SOME: Analyzer = Analyzer {
    id: "security_headers_some",
    version: 1,
    question: "Are some security headers configured (but not all four)?",
    patterns: super::no_patterns,
    run: |cx| {
        let found = headers_found(cx);
        let mut ev = Vec::new();
        let mut missing = Vec::new();
        for (k, v) in found.into_iter().enumerate() {
            match v.into_iter().next() {
                Some(e) => ev.push(e),
                None => missing.push(HEADER_KINDS[k]),
            }
        }
        if ev.is_empty() {
            return Outcome::no();
        }
        ev.push(Evidence::file(
            ".",
            format!("not configured: {}", missing.join(", ")),
        ));
        Outcome::yes(ev)
    },
};

fn limiter_patterns() -> Vec<PatternSpec> {
    let p = |re: &str| PatternSpec::new(re, None, code_classes());
    vec![
        // 0: shared-store or edge limiters
        p(
            r#"@upstash/ratelimit|Ratelimit\.(slidingWindow|fixedWindow|tokenBucket)|RateLimiterRedis|RateLimiterMemcache|RateLimiterPostgres|RateLimiterMongo|rate-limit-redis|RedisStore\(|limit_req_zone|envoy\.filters\.http\.(local_)?ratelimit|kind:\s*BackendTrafficPolicy|cloudflare_rate_limit|rate_based_statement|aws_wafv2|storage_uri\s*=\s*["']redis|RATELIMIT_STORAGE_URI|Rack::Attack\.cache\.store\s*=.*Redis|@arcjet/"#,
        ),
        // 1: per-instance limiters
        p(
            r#"express-rate-limit|rateLimit\(\{|from slowapi import|flask_limiter|Limiter\(key_func|django_ratelimit|@ratelimit\(|RateLimiter::for\(|throttle:|->throttle|throttleApi\(|rate\.NewLimiter\(|x/time/rate|tower_governor|governor::|Rack::Attack\.throttle|RateLimiterMemory|new LRUCache|rateLimitMap|rateLimits?\s*=\s*new Map"#,
        ),
        // 2: a rate-limit module that talks to Redis (custom shared limiter)
        PatternSpec::new(
            r"(?i)redis",
            Some("**/*rate*limit*"),
            vec![FileClass::Source],
        ),
        // 3: Laravel/Rails cache store set to a shared backend
        p(
            r"(?i)CACHE_(STORE|DRIVER)=(redis|memcached|database|dynamodb)|cache_store\s*=\s*:(redis|mem_cache)_store",
        ),
        // 4: a Map or LRU inside a rate-limit module: a per-instance limiter
        // whatever its variable is called.
        PatternSpec::new(
            r"new (Map|LRUCache)\b",
            Some("**/*rate*limit*"),
            vec![FileClass::Source],
        ),
    ]
}

pub const RATE_LIMIT_SHARED: Analyzer = Analyzer {
    id: "rate_limit_shared",
    version: 1,
    question: "Is API rate limiting backed by a shared store or the edge?",
    patterns: limiter_patterns,
    run: |cx| {
        let own = |i| {
            cx.own_hits("rate_limit_shared", i)
                .iter()
                .filter(|h| !is_test_or_doc(cx, &h.path))
        };
        let mut ev: Vec<Evidence> = own(0)
            .take(MAX)
            .map(|h| h.evidence("shared or edge rate limit"))
            .collect();
        ev.extend(
            own(2)
                .take(2)
                .map(|h| h.evidence("rate limiter backed by Redis")),
        );
        // A framework limiter (Laravel throttle, Rack::Attack) on a shared cache store.
        let framework: Vec<Evidence> = own(1)
            .filter(|h| h.matched.contains("throttle") || h.matched.contains("RateLimiter::for"))
            .take(1)
            .map(|h| Evidence::at(h.path.clone(), h.line, h.snippet.clone()))
            .collect();
        if !framework.is_empty() {
            let store: Vec<Evidence> = own(3)
                .take(1)
                .map(|h| h.evidence("cache store for the limiter"))
                .collect();
            if !store.is_empty() {
                ev.extend(framework);
                ev.extend(store);
            }
        }
        ev.truncate(MAX);
        Outcome::yes(ev)
    },
};

pub const RATE_LIMIT_IN_PROCESS: Analyzer = Analyzer {
    id: "rate_limit_in_process",
    version: 1,
    question: "Is there only an in-process rate limiter (memory, file cache) that breaks with a second instance?",
    patterns: super::no_patterns,
    run: |cx| {
        let ev: Vec<Evidence> = cx
            .own_hits("rate_limit_shared", 1)
            .iter()
            .chain(cx.own_hits("rate_limit_shared", 4))
            .filter(|h| !is_test_or_doc(cx, &h.path))
            .take(MAX)
            .map(|h| h.evidence("per-instance rate limiter"))
            .collect();
        Outcome::yes(ev)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_patterns_are_gated_and_match_typed_header_names() {
        let specs = header_patterns();
        for spec in &specs {
            assert!(
                crate::signals::keywords_of(&spec.regex).is_some(),
                "ungated: {}",
                spec.regex
            );
        }
        let hsts = regex::Regex::new(&specs[1].regex).unwrap();
        assert!(hsts.is_match(r#"("Strict-Transport-Security", "max-age=63072000")"#));
        // tower-http / http crate constants, Flask-Talisman keyword arguments.
        assert!(hsts.is_match("header::STRICT_TRANSPORT_SECURITY,"));
        assert!(hsts.is_match("strict_transport_security=True"));
        assert!(!hsts.is_match("strict transport"));
    }
}
