//! AI/LLM operations analyzers (AIO): where the code calls an LLM (SDK
//! imports, client constructors, raw HTTP to the API hosts) and, around
//! those call sites, usage metering, spend limits, rate limits, caching,
//! streaming or queued generation, resilience and tracing.
//!
//! Text heuristics over the one signals pass (no parser this round): "per
//! call" questions are answered per *LLM file*, a non-test source file with
//! a call-site hit. Multi-line patterns keep their matched text so a check
//! can look inside it (a usage insert that carries a user id).

use std::collections::BTreeSet;

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::inventory::FileClass;
use crate::signals::{Hit, PatternSpec};
use crate::stack::{DerivedValue, Fact, Stack};

const MAX: usize = 6;
const ID: &str = "llm_calls";

// Pattern indices of `llm_calls`' own patterns.
const CALL: usize = 0;
const USAGE_WRITE: usize = 1;
const USAGE_SCHEMA: usize = 2;
const USAGE_LOGGED: usize = 3;
const TRACE_TOOL: usize = 4;
const TRACE_USER: usize = 5;
const BUDGET: usize = 6;
const BUDGET_MEMORY: usize = 7;
const LIMIT_USE: usize = 8;
const AI_LIMIT_LINE: usize = 9;
const CACHE_PROVIDER: usize = 10;
const CACHE_STORE: usize = 11;
const CACHE_KEY_HASH: usize = 12;
const CACHE_MEMORY: usize = 13;
const STREAM: usize = 14;
const JOB_MARKER: usize = 15;
const TIMEOUT: usize = 16;
const RETRY: usize = 17;
const FALLBACK: usize = 18;
// Indices of rate_limit_shared's patterns (security.rs) reused for AIO-03.
const SEC_SHARED: usize = 0;
const SEC_IN_PROCESS: usize = 1;
const SEC_REDIS_MODULE: usize = 2;

fn src() -> Vec<FileClass> {
    vec![FileClass::Source]
}

fn patterns() -> Vec<PatternSpec> {
    let p = |re: &str, classes: Vec<FileClass>| PatternSpec::new(re, None, classes);
    let every = |re: &str, classes: Vec<FileClass>| PatternSpec {
        inventory: true,
        ..PatternSpec::new(re, None, classes)
    };
    vec![
        // CALL: SDK imports, client constructors, raw HTTP to the API hosts.
        every(
            concat!(
                r#"(?m)from ['"](?:openai|@anthropic-ai/sdk|ai|@ai-sdk/[a-z0-9-]+|langchain(?:/[a-z0-9_/-]+)?|@langchain/[a-z0-9-]+|llamaindex|@google/generative-ai|@google/genai|@mistralai/mistralai|cohere-ai|groq-sdk|together-ai|@openrouter/ai-sdk-provider)['"]"#,
                r#"|require\(['"](?:openai|@anthropic-ai/sdk|ai|@ai-sdk/[a-z0-9-]+|langchain|@langchain/[a-z0-9-]+|llamaindex|@google/generative-ai|@google/genai|@mistralai/mistralai|cohere-ai|groq-sdk|together-ai)['"]\)"#,
                r"|^(?:from|import) (?:openai|anthropic|langchain[a-z_]*|llama_index|google\.generativeai|google\.genai|mistralai|cohere|groq|together|litellm)\b|^from google import genai\b",
                r#"|"github\.com/(?:sashabaranov/go-openai|openai/openai-go|anthropics/anthropic-sdk-go|tmc/langchaingo)"#,
                r"|OpenAI::Client\.new|Anthropic::Client\.new|OpenAI::client\(|OpenAI::factory\(|Prism::(?:text|structured)\(|use OpenAI\\Laravel\\Facades\\OpenAI",
                r"|api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis\.com|api\.mistral\.ai|api\.groq\.com|api\.cohere\.(?:ai|com)|api\.together\.xyz|openrouter\.ai/api",
            ),
            src(),
        ),
        // USAGE_WRITE: a database write carrying token counts.
        p(
            r"(?:\.(?:insert|create|upsert|createMany|add)\(|INSERT INTO|objects\.create\()[^;]{0,400}?(?:prompt|input|completion|output|total)_?[tT]okens",
            src(),
        ),
        // USAGE_SCHEMA: a table or model with token-count columns.
        p(
            r"(?:\bmodel \w+ \{|(?:pgTable|sqliteTable|mysqlTable)\(|(?i:create table)[^(\n]{0,80}\()[^}]{0,2000}?(?:prompt|input|completion|output|total)_?(?:tokens|Tokens)",
            vec![
                FileClass::Source,
                FileClass::Migration,
                FileClass::Other,
                FileClass::Config,
            ],
        ),
        // USAGE_LOGGED: token usage only written to a log or kept in a counter.
        p(
            r"(?:console\.(?:log|info|debug)|logger\.(?:info|debug|log)|logging\.(?:info|debug)|log\.(?:info|debug|Printf)|print)\([^\n]{0,120}(?:usage|[tT]okens)|[tT]okens\w*\s*\+=",
            src(),
        ),
        // TRACE_TOOL: LLM observability wired in code.
        p(
            concat!(
                r#"@posthog/ai|\$ai_generation|from ['"]langfuse|from langfuse\b|import langfuse\b|@langfuse/|observeOpenAI|langfuse\.openai|LangfuseExporter"#,
                r#"|from langsmith\b|from ['"]langsmith|wrapOpenAI\(|wrap_openai\(|LANGCHAIN_TRACING_V2|LANGSMITH_TRACING"#,
                r"|oai\.helicone\.ai|anthropic\.helicone\.ai|gateway\.helicone\.ai|Helicone-Auth|@helicone/",
                r#"|from ['"]portkey-ai|from portkey_ai|@traceloop/|from traceloop|Traceloop\.init|openinference|phoenix\.otel|arize\.otel|from ['"]braintrust|import braintrust|wrapAISDKModel|initLogger\(|vercelAIIntegration|openAIIntegration\(|anthropicAIIntegration\(|ddtrace\.llmobs|LLMObs\.enable|llmobs:|from ['"]@lmnr-ai|lunary|weave\.init\(|mlflow\.openai\.autolog|openmeter"#,
            ),
            vec![FileClass::Source, FileClass::Config],
        ),
        // TRACE_USER: the trace carries a user or tenant id.
        p(
            r"posthogDistinctId|posthog_distinct_id|posthogGroups|Helicone-User-Id|langfuse_user_id|langfuseUserId|(?:observeOpenAI|trace|propagateAttributes|update_current_trace|CallbackHandler)\([^)]{0,200}?user_?[iI]d",
            src(),
        ),
        // BUDGET: quotas, credits or spend caps checked before calls.
        p(
            r"(?i)max_budget|maxBudget|budget_limit|budgetLimit|spend_?limit|monthly_?(?:token_?|spend_?|usage_?|cost_?)?(?:limit|cap|quota)|(?:token|usage|ai|llm|generation)_?(?:quota|credits?)\b|credits_?remaining|remaining_?credits|insufficient_?credits|quota_?exceeded_?for|decrement\w*credits|credits\s*-=|credits\s*:\s*\{\s*decrement|Helicone-RateLimit-Policy|x-portkey-config",
            src(),
        ),
        // BUDGET_MEMORY: spend or token counters held in process memory.
        p(
            r"(?i)(?:usage|spend|spent|budget|quota|credits|tokens)\w*\s*(?:=|:)\s*new Map\b",
            src(),
        ),
        // LIMIT_USE: any rate limiter used in a file.
        every(
            r"rateLimit|RateLimit|ratelimit|Ratelimit|rate_limit|RATE_LIMIT|throttle|Throttle|[lL]imiter\b",
            src(),
        ),
        // AI_LIMIT_LINE: a rate-limit line that names an AI endpoint.
        p(
            r"(?:rateLimit|RateLimit|ratelimit|Ratelimit|rate_limit|RATE_LIMIT|throttle)[^\n]{0,80}(?:\bai\b|\bAI\b|[._:/-]ai\b|Ai[A-Z]|AI[A-Z_]|[a-z]Ai\b|[Ll]lm|LLM|[Gg]pt|GPT|[Cc]hat|[Cc]ompletion|[Gg]enerat|[Pp]rompt|[Oo]pen[Aa][Ii]|[Cc]laude)",
            src(),
        ),
        // CACHE_PROVIDER: provider prompt caching or a configured LLM cache.
        p(
            r#"cache_control\s*[:=]\s*\{\s*['"]?type['"]?\s*:\s*['"]ephemeral|cacheControl\s*:\s*\{\s*type\s*:\s*['"]ephemeral|Helicone-Cache-Enabled|prompt_cache_key|promptCacheKey|set_llm_cache\(|RedisSemanticCache|RedisCache\(|SQLiteCache\(|UpstashRedisCache|gptcache|litellm\.cache\s*=|cacheMiddleware|cachedModel|semantic_cache"#,
            src(),
        ),
        // CACHE_STORE: a shared store read or written (Redis, KV, DB cache table).
        every(
            r"(?:redis|kv|Redis|cache|Cache)\.(?:get|set|setex|hget|hset|getJson|setJson)\(|unstable_cache\(|llm_cache|prompt_cache|response_cache|ai_cache",
            src(),
        ),
        // CACHE_KEY_HASH: a hash of the prompt as a key.
        every(
            r#"createHash\(|crypto\.subtle\.digest|hashlib\.(?:sha256|md5|sha1)|sha256\(|md5\("#,
            src(),
        ),
        // CACHE_MEMORY: an in-process cache.
        every(
            r"(?i:cache)\w*\s*(?::\s*Map<[^\n]{0,60}>\s*)?=\s*new Map\b|new LRUCache\b|new LRU\(|@lru_cache|@functools\.(?:lru_)?cache|@cache\b|TTLCache\(|InMemoryCache\(|memoize\(",
            src(),
        ),
        // STREAM: streamed generation (AI-specific APIs, then generic streaming
        // that counts only in LLM files).
        every(
            r"streamText\(|streamObject\(|StreamingTextResponse|toDataStreamResponse|toUIMessageStreamResponse|toTextStreamResponse|createStreamableValue|messages\.stream\(|useChat\(|useCompletion\(|OpenAIStream\(|AnthropicStream\(|stream\s*:\s*true|stream=True|text/event-stream|EventSourceResponse|StreamingResponse\(|\.stream\(\{",
            src(),
        ),
        // JOB_MARKER: the file is a job or worker.
        every(
            r"inngest\.createFunction|new Worker\(|@shared_task|\.task\(|@celery\.task|@app\.task|schemaTask\(|task\(\{\s*id|defineJob\(|perform_later|ActiveJob|ShouldQueue|\.process\(|handle_job|@job\b|dramatiq\.actor|@actor\b",
            src(),
        ),
        // TIMEOUT: explicit timeouts or abort signals.
        every(
            r"\btimeout\s*[:=(]|\btimeout_?[mM]s\b|\bTIMEOUT\b|_TIMEOUT\b|AbortSignal\.timeout\(|abortSignal\s*:|request_timeout|httpx\.Timeout|context\.WithTimeout|signal\s*:\s*(?:AbortSignal|controller)",
            src(),
        ),
        // RETRY: explicit retries or backoff.
        every(
            r"max_?[rR]etries|maxRetries|MAX_RETRIES|\bretryCount\b|\bretries\b|backoff|Backoff|tenacity|@retry\b|p-retry|pRetry\(|retry\(|withRetry|retry_on|stop_after_attempt",
            src(),
        ),
        // FALLBACK: fallback models or provider chains.
        every(
            r"(?i:fallback_?models?)|fallbacks\s*[:=]|models\s*:\s*\[|FALLBACK_MODEL|fallbackModel|with_fallbacks\(",
            src(),
        ),
    ]
}

fn is_excluded(cx: &EvalCtx, path: &str) -> bool {
    cx.inv
        .get(path)
        .is_some_and(|f| matches!(f.class, FileClass::Test | FileClass::Doc))
        || path.contains("/fixtures/")
        || path.contains("/__mocks__/")
        || path.starts_with("examples/")
        || path.contains("/examples/")
        || path.contains(".test.")
        || path.contains(".spec.")
}

fn is_script(path: &str) -> bool {
    path.starts_with("scripts/") || path.contains("/scripts/") || path.starts_with("bin/")
}

fn own<'a>(cx: &'a EvalCtx, i: usize) -> impl Iterator<Item = &'a Hit> + 'a {
    cx.own_hits(ID, i)
        .iter()
        .filter(move |h| !is_excluded(cx, &h.path) && !is_comment(&h.snippet))
        .filter(move |h| i != CALL || !h.snippet.starts_with("import type "))
}

/// Comment lines name tools and techniques without using them.
fn is_comment(snippet: &str) -> bool {
    let s = snippet.trim_start();
    s.starts_with("//")
        || s.starts_with("/*")
        || s.starts_with('*')
        || s.starts_with('#')
        || s.starts_with("--")
}

/// The files that call an LLM. Application files first: scripts count
/// only when nothing else calls the LLM.
fn llm_files(cx: &EvalCtx) -> BTreeSet<String> {
    let all: BTreeSet<String> = own(cx, CALL).map(|h| h.path.clone()).collect();
    let app: BTreeSet<String> = all.iter().filter(|p| !is_script(p)).cloned().collect();
    if app.is_empty() { all } else { app }
}

/// Hits of pattern `i` inside the LLM files.
fn in_llm_files<'a>(cx: &'a EvalCtx, files: &'a BTreeSet<String>, i: usize) -> Vec<&'a Hit> {
    own(cx, i).filter(|h| files.contains(&h.path)).collect()
}

fn names_user(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "user_id",
        "userid",
        "tenant_id",
        "tenantid",
        "org_id",
        "orgid",
        "organization_id",
        "organizationid",
        "organisation_id",
        "team_id",
        "teamid",
        "workspace_id",
        "workspaceid",
        "account_id",
        "accountid",
        "customer_id",
        "customerid",
        "project_id",
        "projectid",
    ]
    .iter()
    .any(|k| t.contains(k))
}

/// Stack fact `calls_llm`: call sites first (imports, raw HTTP), then SDK
/// dependencies the stack stage found.
pub fn derive_facts(
    stack: &mut Stack,
    inv: &crate::inventory::Inventory,
    signals: &crate::signals::Signals,
    apats: &super::AnalyzerPatterns,
) {
    let Some(&pid) = apats.owned.get(ID).and_then(|v| v.get(CALL)) else {
        return;
    };
    let mut seen = BTreeSet::new();
    let calls: Vec<Evidence> = signals
        .hits(pid)
        .iter()
        .filter(|h| {
            !inv.get(&h.path)
                .is_some_and(|f| matches!(f.class, FileClass::Test | FileClass::Doc))
        })
        .filter(|h| !h.path.contains(".test.") && !h.path.contains(".spec."))
        .filter(|h| seen.insert(h.path.clone()))
        .take(4)
        .map(|h| h.evidence("LLM call site"))
        .collect();
    let prev = stack.derived.remove(&Fact::CallsLlm);
    let mut evidence = calls;
    let mut reason = String::new();
    if let Some(p) = prev {
        evidence.extend(
            p.evidence
                .into_iter()
                .filter(|e| !e.detail.starts_with("LLM API host") || !seen.contains(&e.path)),
        );
        if evidence.is_empty() {
            reason = p.reason;
        }
    }
    evidence.truncate(crate::engine::MAX_EVIDENCE);
    if evidence.is_empty() && reason.is_empty() {
        reason = "no LLM SDK or API call found".into();
    }
    stack.derived.insert(
        Fact::CallsLlm,
        DerivedValue {
            value: !evidence.is_empty(),
            evidence,
            reason,
        },
    );
}

pub const LLM_CALLS: Analyzer = Analyzer {
    id: ID,
    version: 1,
    question: "Which files call an LLM (SDK imports, clients, raw HTTP to the API hosts)?",
    patterns,
    run: |cx| {
        let files = llm_files(cx);
        let mut seen = BTreeSet::new();
        Outcome::yes(
            own(cx, CALL)
                .filter(|h| files.contains(&h.path) && seen.insert(h.path.clone()))
                .take(MAX)
                .map(|h| h.evidence("LLM call"))
                .collect(),
        )
    },
};

// ---------- AIO-01 usage metering ----------

fn tracing_with_user(cx: &EvalCtx) -> Vec<Evidence> {
    let tools: Vec<&Hit> = own(cx, TRACE_TOOL).collect();
    let users: Vec<&Hit> = own(cx, TRACE_USER).collect();
    if tools.is_empty() || users.is_empty() {
        return Vec::new();
    }
    let mut out = vec![tools[0].evidence("LLM calls traced with token usage")];
    // Prefer an attribution in the same file as the tool.
    let u = users
        .iter()
        .find(|u| tools.iter().any(|t| t.path == u.path))
        .unwrap_or(&users[0]);
    out.push(u.evidence("per user or tenant"));
    out
}

pub const LLM_USAGE_PERSISTED: Analyzer = Analyzer {
    id: "llm_usage_persisted",
    version: 1,
    question: "Are token or cost counts recorded per call with a user or tenant id (database or LLM observability tool)?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out: Vec<Evidence> = own(cx, USAGE_WRITE)
            .filter(|h| names_user(&h.matched))
            .take(2)
            .map(|h| h.evidence("token usage stored with a user or tenant id"))
            .collect();
        out.extend(
            own(cx, USAGE_SCHEMA)
                .filter(|h| names_user(&h.matched))
                .take(2)
                .map(|h| h.evidence("usage table with token counts and a user or tenant key")),
        );
        out.extend(tracing_with_user(cx));
        Outcome::yes(out)
    },
};

pub const LLM_USAGE_PARTIAL: Analyzer = Analyzer {
    id: "llm_usage_partial",
    version: 1,
    question: "Is token usage only logged, kept in memory, stored without a user id, or traced without attribution?",
    patterns: super::no_patterns,
    run: |cx| {
        let files = llm_files(cx);
        let mut out: Vec<Evidence> = own(cx, USAGE_WRITE)
            .chain(own(cx, USAGE_SCHEMA))
            .take(2)
            .map(|h| h.evidence("token usage stored without a user or tenant id"))
            .collect();
        out.extend(
            own(cx, TRACE_TOOL)
                .take(1)
                .map(|h| h.evidence("LLM tracing records tokens, no user or tenant id passed")),
        );
        out.extend(
            in_llm_files(cx, &files, USAGE_LOGGED)
                .into_iter()
                .take(2)
                .map(|h| h.evidence("token usage only logged or counted in memory")),
        );
        Outcome::yes(out)
    },
};

// ---------- AIO-02 spend limits ----------

pub const LLM_BUDGET_ENFORCED: Analyzer = Analyzer {
    id: "llm_budget_enforced",
    version: 1,
    question: "Are budgets, quotas or credits checked before LLM calls?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut seen = BTreeSet::new();
        Outcome::yes(
            own(cx, BUDGET)
                .filter(|h| seen.insert(h.path.clone()))
                .take(MAX)
                .map(|h| h.evidence("budget or quota check"))
                .collect(),
        )
    },
};

pub const LLM_BUDGET_IN_MEMORY: Analyzer = Analyzer {
    id: "llm_budget_in_memory",
    version: 1,
    question: "Are spend or token limits held in process memory only?",
    patterns: super::no_patterns,
    run: |cx| {
        let files = llm_files(cx);
        Outcome::yes(
            in_llm_files(cx, &files, BUDGET_MEMORY)
                .into_iter()
                .take(MAX)
                .map(|h| h.evidence("spend or token counter in process memory"))
                .collect(),
        )
    },
};

// ---------- AIO-03 AI rate limiting ----------

/// Handler files: routes, server actions, controllers, views.
fn is_handler(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    matches!(
        stem,
        "route"
            | "actions"
            | "action"
            | "+server"
            | "views"
            | "controller"
            | "handler"
            | "handlers"
    ) || name.contains(".action.")
        || name.contains(".actions.")
        || name.contains("controller")
        || name.contains("Controller")
        || path.contains("pages/api/")
        || path.contains("/routes/")
        || path.contains("/routers/")
        || path.contains("/controllers/")
}

/// A path segment that names AI (`ai-translation`, `chat`, `generate`, `llm`).
fn names_ai(path: &str) -> bool {
    path.split('/').any(|seg| {
        let s = seg.to_ascii_lowercase();
        let s = s.split('.').next().unwrap_or(&s).to_string();
        s == "ai"
            || s.starts_with("ai-")
            || s.starts_with("ai_")
            || s.ends_with("-ai")
            || s.ends_with("_ai")
            || [
                "llm",
                "chat",
                "completion",
                "generate",
                "openai",
                "gpt",
                "claude",
                "assistant",
                "prompt",
            ]
            .iter()
            .any(|k| s.contains(k))
    })
}

struct AiLimits {
    /// Limiter hits applied to AI endpoints (in LLM files, AI handlers, or naming AI).
    scoped: Vec<Evidence>,
    /// AI entry points (handler files) with no limiter.
    uncovered: Vec<String>,
    shared: bool,
    in_process: Vec<Evidence>,
}

fn ai_limits(cx: &EvalCtx) -> AiLimits {
    let files = llm_files(cx);
    let limit_files: BTreeSet<&str> = own(cx, LIMIT_USE).map(|h| h.path.as_str()).collect();
    // Entry points: handlers that call the LLM or whose path names AI.
    let mut entries: BTreeSet<String> = files.iter().filter(|p| is_handler(p)).cloned().collect();
    for f in &cx.inv.files {
        if f.class == FileClass::Source
            && is_handler(&f.path)
            && names_ai(&f.path)
            && !is_excluded(cx, &f.path)
            && !f.path.contains("/components/")
        {
            entries.insert(f.path.clone());
        }
    }
    let sec = |i: usize| {
        cx.own_hits("rate_limit_shared", i)
            .iter()
            .filter(|h| !is_excluded(cx, &h.path))
    };
    let mut scoped: Vec<Evidence> = own(cx, AI_LIMIT_LINE)
        .take(3)
        .map(|h| h.evidence("rate limit on an AI endpoint"))
        .collect();
    let mut scoped_paths: BTreeSet<String> =
        own(cx, AI_LIMIT_LINE).map(|h| h.path.clone()).collect();
    for h in own(cx, LIMIT_USE) {
        if (files.contains(&h.path) || entries.contains(&h.path))
            && scoped_paths.insert(h.path.clone())
        {
            scoped.push(h.evidence("rate limit in an AI route"));
        }
    }
    let in_process: Vec<Evidence> = sec(SEC_IN_PROCESS)
        .filter(|h| scoped_paths.contains(&h.path) || files.contains(&h.path))
        .filter(|h| !(h.matched.contains("throttle") || h.matched.contains("RateLimiter::for")))
        .take(2)
        .map(|h| h.evidence("per-instance rate limiter on an AI route"))
        .collect();
    let shared_hits: Vec<Evidence> = sec(SEC_REDIS_MODULE)
        .chain(sec(SEC_SHARED))
        .take(1)
        .map(|h| h.evidence("limiter backed by a shared store"))
        .collect();
    let shared = !shared_hits.is_empty() && in_process.is_empty();
    if shared && !scoped.is_empty() {
        scoped.extend(shared_hits);
    }
    let uncovered = entries
        .into_iter()
        .filter(|p| !limit_files.contains(p.as_str()))
        .collect();
    AiLimits {
        scoped,
        uncovered,
        shared,
        in_process,
    }
}

pub const AI_RATE_LIMIT_SHARED: Analyzer = Analyzer {
    id: "ai_rate_limit_shared",
    version: 1,
    question: "Are the AI endpoints rate-limited per user in a shared store, every AI route covered?",
    patterns: super::no_patterns,
    run: |cx| {
        let l = ai_limits(cx);
        if l.shared && l.uncovered.is_empty() {
            Outcome::yes(l.scoped)
        } else {
            Outcome::no()
        }
    },
};

pub const AI_RATE_LIMIT_PARTIAL: Analyzer = Analyzer {
    id: "ai_rate_limit_partial",
    version: 1,
    question: "Are AI endpoints limited only in process memory, or only some of them?",
    patterns: super::no_patterns,
    run: |cx| {
        let l = ai_limits(cx);
        if l.scoped.is_empty() && l.in_process.is_empty() {
            return Outcome::no();
        }
        let mut out = l.in_process;
        out.extend(l.scoped);
        if let Some(p) = l.uncovered.first() {
            out.push(Evidence::file(
                p.clone(),
                format!(
                    "AI route without a rate limit ({} in all)",
                    l.uncovered.len()
                ),
            ));
        }
        Outcome::yes(out)
    },
};

// ---------- AIO-04 response caching ----------

pub const LLM_CACHE_PERSISTENT: Analyzer = Analyzer {
    id: "llm_cache_persistent",
    version: 1,
    question: "Are LLM responses or prompts cached persistently (shared store keyed by prompt, provider prompt caching)?",
    patterns: super::no_patterns,
    run: |cx| {
        let files = llm_files(cx);
        let mut out: Vec<Evidence> = own(cx, CACHE_PROVIDER)
            .take(3)
            .map(|h| h.evidence("prompt or response caching"))
            .collect();
        // A shared-store cache read in an LLM file keyed by a hash of the prompt.
        let hashed: BTreeSet<&str> = in_llm_files(cx, &files, CACHE_KEY_HASH)
            .into_iter()
            .map(|h| h.path.as_str())
            .collect();
        out.extend(
            in_llm_files(cx, &files, CACHE_STORE)
                .into_iter()
                .filter(|h| hashed.contains(h.path.as_str()))
                .take(2)
                .map(|h| h.evidence("response cache in a shared store keyed by a prompt hash")),
        );
        Outcome::yes(out)
    },
};

pub const LLM_CACHE_IN_MEMORY: Analyzer = Analyzer {
    id: "llm_cache_in_memory",
    version: 1,
    question: "Are LLM responses cached in process memory only?",
    patterns: super::no_patterns,
    run: |cx| {
        let files = llm_files(cx);
        Outcome::yes(
            in_llm_files(cx, &files, CACHE_MEMORY)
                .into_iter()
                .filter(|h| !caches_clients(&h.matched))
                .take(MAX)
                .map(|h| h.evidence("in-process cache around LLM calls"))
                .collect(),
        )
    },
};

/// A cache of model clients or providers, not of responses.
fn caches_clients(matched: &str) -> bool {
    let m = matched.to_ascii_lowercase();
    ["model", "client", "provider", "instance", "sdk"]
        .iter()
        .any(|k| m.contains(k))
}

// ---------- AIO-05 off-request generation ----------

fn is_job_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    [
        "jobs/",
        "workers/",
        "worker/",
        "queues/",
        "queue/",
        "tasks/",
        "inngest/",
        "trigger/",
        "consumers/",
    ]
    .iter()
    .any(|d| p.starts_with(d) || p.contains(&format!("/{d}")))
        || p.ends_with("tasks.py")
        || p.contains("_job.")
        || p.contains(".job.")
        || p.contains("worker.")
}

pub const LLM_OFF_REQUEST: Analyzer = Analyzer {
    id: "llm_off_request",
    version: 1,
    question: "Are LLM generations streamed to the client or run in a job or worker?",
    patterns: super::no_patterns,
    run: |cx| {
        let files = llm_files(cx);
        let generic = |m: &str| {
            m.starts_with("stream")
                || m.contains("event-stream")
                || m.starts_with("EventSource")
                || m.starts_with("StreamingResponse")
                || m.starts_with(".stream")
        };
        let mut out: Vec<Evidence> = own(cx, STREAM)
            .filter(|h| !is_script(&h.path))
            .filter(|h| !generic(&h.matched) || files.contains(&h.path) || names_ai(&h.path))
            .take(3)
            .map(|h| h.evidence("streamed generation"))
            .collect();
        let markers: BTreeSet<&str> = in_llm_files(cx, &files, JOB_MARKER)
            .into_iter()
            .map(|h| h.path.as_str())
            .collect();
        out.extend(
            own(cx, CALL)
                .filter(|h| files.contains(&h.path) && !is_script(&h.path))
                .filter(|h| is_job_path(&h.path) || markers.contains(h.path.as_str()))
                .take(2)
                .map(|h| h.evidence("LLM called from a job or worker")),
        );
        Outcome::yes(out)
    },
};

// ---------- AIO-06 resilience ----------

/// SDKs that retry by default (OpenAI, Anthropic, the Vercel AI SDK, LangChain).
fn sdk_call(h: &Hit) -> bool {
    !h.matched.contains("api.")
        && !h.matched.contains("googleapis")
        && !h.matched.contains("openrouter")
}

struct Resilience {
    timeouts: Vec<Evidence>,
    retries: Vec<Evidence>,
    fallbacks: Vec<Evidence>,
    sdk_default: Vec<Evidence>,
    /// Raw-HTTP LLM files with neither timeout nor retry.
    bare_http: Vec<String>,
}

fn resilience(cx: &EvalCtx) -> Resilience {
    let files = llm_files(cx);
    let pick = |i: usize, what: &str| -> Vec<Evidence> {
        let mut seen = BTreeSet::new();
        in_llm_files(cx, &files, i)
            .into_iter()
            .filter(|h| seen.insert(h.path.clone()))
            .take(3)
            .map(|h| h.evidence(what))
            .collect()
    };
    let timeouts = pick(TIMEOUT, "timeout on LLM calls");
    let retries = pick(RETRY, "retries on LLM calls");
    let fallbacks = pick(FALLBACK, "fallback model");
    let covered: BTreeSet<&str> = [TIMEOUT, RETRY]
        .iter()
        .flat_map(|&i| in_llm_files(cx, &files, i))
        .map(|h| h.path.as_str())
        .collect();
    let mut seen = BTreeSet::new();
    let sdk_default = own(cx, CALL)
        .filter(|h| files.contains(&h.path) && sdk_call(h))
        .take(1)
        .map(|h| h.evidence("SDK with default retries, no explicit timeout or retry policy"))
        .collect();
    let bare_http = own(cx, CALL)
        .filter(|h| files.contains(&h.path) && !sdk_call(h))
        .filter(|h| !covered.contains(h.path.as_str()))
        .filter(|h| seen.insert(h.path.clone()))
        .map(|h| h.path.clone())
        .collect();
    Resilience {
        timeouts,
        retries,
        fallbacks,
        sdk_default,
        bare_http,
    }
}

pub const LLM_CALLS_RESILIENT: Analyzer = Analyzer {
    id: "llm_calls_resilient",
    version: 1,
    question: "Do LLM calls have explicit timeouts and retries (or fallbacks), with no raw HTTP call left bare?",
    patterns: super::no_patterns,
    run: |cx| {
        let r = resilience(cx);
        if r.timeouts.is_empty()
            || (r.retries.is_empty() && r.fallbacks.is_empty())
            || !r.bare_http.is_empty()
        {
            return Outcome::no();
        }
        let mut out = r.timeouts;
        out.extend(r.retries);
        out.extend(r.fallbacks);
        Outcome::yes(out)
    },
};

pub const LLM_CALLS_RESILIENCE_PARTIAL: Analyzer = Analyzer {
    id: "llm_calls_resilience_partial",
    version: 1,
    question: "Do only some LLM calls have timeouts or retries (or only the SDK's defaults)?",
    patterns: super::no_patterns,
    run: |cx| {
        let r = resilience(cx);
        let mut out = r.timeouts;
        out.extend(r.retries);
        out.extend(r.fallbacks);
        if out.is_empty() {
            out = r.sdk_default;
        }
        if !out.is_empty() {
            if r.bare_http.is_empty() {
                // nothing to add
            } else {
                out.push(Evidence::file(
                    r.bare_http[0].clone(),
                    "raw HTTP call to an LLM API without timeout or retry",
                ));
            }
        }
        Outcome::yes(out)
    },
};

// ---------- AIO-07 observability ----------

pub const LLM_TRACED: Analyzer = Analyzer {
    id: "llm_traced",
    version: 1,
    question: "Are prompts and completions traced by an LLM observability tool?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut seen = BTreeSet::new();
        Outcome::yes(
            own(cx, TRACE_TOOL)
                .filter(|h| seen.insert(h.path.clone()))
                .take(MAX)
                .map(|h| h.evidence("LLM tracing"))
                .collect(),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handler_and_ai_paths() {
        assert!(is_handler("app/api/chat/route.ts"));
        assert!(is_handler(
            "apps/web/modules/ee/ai-translation/lib/actions.ts"
        ));
        assert!(!is_handler("packages/ai/src/text.ts"));
        assert!(names_ai(
            "apps/web/modules/ee/ai-translation/lib/actions.ts"
        ));
        assert!(names_ai("app/api/generate/route.ts"));
        assert!(!names_ai("app/api/email/route.ts"));
        assert!(!names_ai("app/api/detail/route.ts"));
    }

    #[test]
    fn user_ids_recognised() {
        assert!(names_user("insert({ user_id: u.id, prompt_tokens: 3 })"));
        assert!(names_user("organizationId: org, totalTokens"));
        assert!(!names_user("insert({ model, prompt_tokens: 3 })"));
    }

    #[test]
    fn patterns_compile() {
        crate::signals::PatternSet::new(patterns()).unwrap();
    }
}
