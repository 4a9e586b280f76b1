//! Scalability analyzers (SCL): shared vs per-instance caches and sessions,
//! durable vs in-process background work, schedulers, job retries and dead
//! letters, CDN/Cache-Control, horizontal scaling and where uploads land.
//!
//! Text heuristics over the one signals pass and the parsed facts (platform
//! descriptors, compose replicas, CI steps); nothing here opens a file.

use super::{Analyzer, Outcome};
use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::facts::Platform;
use crate::facts::commands::CommandKind;
use crate::inventory::{FileClass, Inventory};
use crate::signals::{Hit, PatternSpec, Signals};
use crate::stack::{DerivedValue, Fact, Stack};

const MAX: usize = 6;
const ID: &str = "scl_signals";

fn code_classes() -> Vec<FileClass> {
    vec![
        FileClass::Source,
        FileClass::Config,
        FileClass::Iac,
        FileClass::Other,
        FileClass::Manifest,
    ]
}

// Pattern indices of `scl_signals` (the one analyzer that owns the patterns).
const CACHE_SHARED: usize = 0;
const CACHE_CLIENT: usize = 1;
const CACHE_LOCAL_STORE: usize = 2;
const CACHE_IN_PROCESS: usize = 3;
const JOBS_LIB: usize = 4;
const JOBS_LARAVEL: usize = 5;
const QUEUE_CONNECTION: usize = 6;
const JOBS_IN_PROCESS: usize = 7;
const SCHEDULER: usize = 8;
const SCHEDULER_GO_TICKER: usize = 9;
const SCHEDULER_WHENEVER: usize = 10;
const RETRIES: usize = 11;
const DEAD_LETTER: usize = 12;
const CACHE_CONTROL: usize = 13;
const CDN_IAC: usize = 14;
const AUTOSCALERS: usize = 15;
const REPLICAS: usize = 16;
const UPLOAD_OBJECT: usize = 17;
const UPLOAD_LOCAL: usize = 18;
const SESSION_STATELESS: usize = 19;
const SESSION_SHARED: usize = 20;
const SESSION_LOCAL: usize = 21;
const SESSION_FRAMEWORK: usize = 22;
const CACHE_MODULE_MAP: usize = 23;

fn patterns() -> Vec<PatternSpec> {
    let p = |re: &str| PatternSpec::new(re, None, code_classes());
    let src = |re: &str| PatternSpec::new(re, None, vec![FileClass::Source]);
    vec![
        // CACHE_SHARED: a cache store configured on a shared backend.
        p(
            r#"(?i)\bCACHE_(STORE|DRIVER)\s*=\s*["']?(redis|memcached|database|dynamodb)\b|django\.core\.cache\.backends\.(redis|memcached|db)\.|django_redis\.cache|cache_store\s*=\s*:(redis_cache_store|mem_cache_store|solid_cache_store)|\bCACHE_TYPE["']?\s*[:=]\s*["'](redis|rediscache|memcached|memcachedcache)|@upstash/redis|@vercel/kv|cache-manager-redis|@keyv/redis|keyvredis|\bRedisBackend\(|spring\.cache\.type\s*[=:]\s*redis|solid_cache|CacheProvider\.Redis"#,
        ),
        // CACHE_CLIENT: a Redis/Memcached client (counted in cache modules only).
        src(
            r"createClient\(|new Redis\(|new IORedis\(|Redis\.from_url\(|redis\.Redis\(|redis\.StrictRedis\(|redis\.NewClient\(|memcache\.New\(|new Memcached\(|Redis\.new\(|Redis::connection\(",
        ),
        // CACHE_LOCAL_STORE: framework cache on the local file system or memory.
        p(
            r#"(?i)\bCACHE_(STORE|DRIVER)\s*=\s*["']?(file|array)\b|django\.core\.cache\.backends\.(locmem|filebased)|cache_store\s*=\s*:(memory_store|file_store)|\bCACHE_TYPE["']?\s*[:=]\s*["'](simple|simplecache|filesystem|filesystemcache)"#,
        ),
        // CACHE_IN_PROCESS: an in-memory data cache in code.
        src(
            r#"[cC]ache\w*\s*(:[^=\n]{0,80})?=\s*new (Map|LRUCache|LRU|NodeCache|TTLCache)\b|from ['"](lru-cache|node-cache|quick-lru|memory-cache|tiny-lru)['"]|require\(['"](lru-cache|node-cache|memory-cache)['"]\)|\bTTLCache\(|patrickmn/go-cache|dgraph-io/ristretto|allegro/bigcache|coocood/freecache|\bmoka::"#,
        ),
        // JOBS_LIB: a durable queue or workflow library wired into code.
        src(
            r#"from ['"](bullmq|bull|bee-queue|pg-boss|graphile-worker|inngest|@trigger\.dev/sdk[^'"]*|@temporalio/[a-z]+|@upstash/qstash|agenda|@google-cloud/pubsub|sqs-consumer|@aws-sdk/client-sqs)['"]|require\(['"](bullmq|bull|bee-queue|pg-boss|graphile-worker|agenda|sqs-consumer|@aws-sdk/client-sqs)['"]\)|from celery import|import celery\b|@shared_task|@celery_app\.task|import dramatiq|from dramatiq|from rq import|from arq\b|from huey|from taskiq|from procrastinate|Sidekiq::(Job|Worker)\b|queue_adapter\s*=\s*:(sidekiq|good_job|solid_queue|resque|delayed_job|que|sneakers)|hibiken/asynq|riverqueue/river|\buse apalis|gocraft/work|faktory"#,
        ),
        // JOBS_LARAVEL: a queued Laravel job.
        src(r"implements ShouldQueue\b|\bShouldQueue\b"),
        // QUEUE_CONNECTION: the Laravel queue driver in env files.
        PatternSpec::new(
            r#"(?m)^QUEUE_CONNECTION\s*=\s*["']?\w+|^QUEUE_DRIVER\s*=\s*["']?\w+"#,
            Some("**/.env*"),
            vec![FileClass::Config, FileClass::Other],
        ),
        // JOBS_IN_PROCESS: work handed to the same process (pools, after-response hooks).
        src(
            r"queue_adapter\s*=\s*:(async|inline)\b|\bBackgroundTasks\b|\bafter\(\s*(async\s*)?\(\)|\.waitUntil\(|\bchan\s+\*?(\w+\.)?\w*Job\b|ThreadPoolExecutor\(|\bsetImmediate\(",
        ),
        // SCHEDULER: cron libraries, framework schedulers, k8s CronJob, pg_cron.
        PatternSpec::new(
            r#"cron\.schedule\(|new CronJob\(|schedule\.scheduleJob\(|from ['"](node-cron|croner|cron)['"]|require\(['"](node-cron|cron|node-schedule)['"]\)|beat_schedule|CELERYBEAT_SCHEDULE|celery\.schedules|BlockingScheduler\(|BackgroundScheduler\(|AsyncIOScheduler\(|Sidekiq::Cron|sidekiq-scheduler|Schedule::(command|job|call|exec)\(|\$schedule->(command|job|call|exec)\(|robfig/cron|go-co-op/gocron|upsertJobScheduler\(|\bcronPattern\b|kind:\s*CronJob\b|@Scheduled\(|tokio_cron_scheduler|@periodic_task|add_periodic_task\("#,
            None,
            vec![
                FileClass::Source,
                FileClass::Config,
                FileClass::Iac,
                FileClass::Other,
                FileClass::Migration,
            ],
        ),
        // SCHEDULER_GO_TICKER: a ticker loop in a scheduler file.
        PatternSpec::new(
            r"time\.NewTicker\(|time\.Tick\(",
            Some("**/*schedul*.go"),
            vec![FileClass::Source],
        ),
        // SCHEDULER_WHENEVER: whenever's config/schedule.rb.
        PatternSpec::new(
            r"\bevery\s+(\d+\.(minutes?|hours?|days?|weeks?)|:(hour|day|week|month|sunday|monday|reboot))",
            Some("**/schedule.rb"),
            vec![FileClass::Source, FileClass::Config, FileClass::Other],
        ),
        // RETRIES: retry settings of job libraries.
        src(
            r"\battempts\s*:\s*[\w.]|\bbackoff\s*:\s*[\w.{]|autoretry_for\s*=|\bmax_retries\s*=|self\.retry\(|\bretry_on\b|public \$tries\b|public \$backoff\b|function backoff\(|\bretryLimit\s*:|\bmax_attempts\s*[:=]|\bMaxRetry\(|sidekiq_options\s+retry:\s*\d|\bRetryPolicy\b|\bretries\s*:\s*\d",
        ),
        // DEAD_LETTER: where failed jobs go.
        PatternSpec::new(
            r#"(?i)dead[_-]?letter|deadLetterTargetArn|redrive_?policy|\bremoveOnFail\s*:|\.on\(\s*['"]failed['"]|failed_jobs|\bonFailure\b|sidekiq_retries_exhausted|\bdiscard_on\b|x-dead-letter-exchange"#,
            None,
            vec![
                FileClass::Source,
                FileClass::Config,
                FileClass::Iac,
                FileClass::Migration,
            ],
        ),
        // CACHE_CONTROL: cacheable Cache-Control headers or static-file caching.
        p(
            r#"(?i)cache-control[^\n]{0,160}(public|max-age=[1-9%$]|s-maxage|immutable)|\bkey:\s*["']Cache-Control["']|\bs-maxage\b|stale-while-revalidate|express\.static\([^\n]*maxAge|\bmaxAge:\s*['"]?\d+[dhmy]?['"]?,\s*immutable|\bexpires\s+(max|\d+[dhmMy])\s*;|public_file_server\.headers|WHITENOISE_MAX_AGE|CompressedManifestStaticFilesStorage|cache_control\(max_age"#,
        ),
        // CDN_IAC: a CDN in infrastructure as code.
        PatternSpec::new(
            r"aws_cloudfront_distribution|AWS::CloudFront::Distribution|cloudfront\.Distribution\(|new cloudfront\.|fastly_service_vcl|fastly_service_compute|azurerm_cdn_|azurerm_cdn_frontdoor|enable_cdn\s*=\s*true|cloudflare_zone_settings_override|cloudflare_page_rule",
            None,
            vec![
                FileClass::Iac,
                FileClass::Source,
                FileClass::Config,
                FileClass::Other,
            ],
        ),
        // AUTOSCALING: autoscalers in manifests and IaC.
        PatternSpec::new(
            r"kind:\s*(HorizontalPodAutoscaler|ScaledObject)\b|aws_appautoscaling_target|aws_autoscaling_group|autoscaling\.knative\.dev/(max|min)Scale|AWS::ApplicationAutoScaling::ScalableTarget|AWS::AutoScaling::AutoScalingGroup|azurerm_monitor_autoscale_setting|\bmax_instance_count\s*=|autoScaleTaskCount\(",
            None,
            vec![
                FileClass::Iac,
                FileClass::Config,
                FileClass::Other,
                FileClass::Source,
            ],
        ),
        // REPLICAS: a fixed replica count above one in manifests.
        PatternSpec::new(
            r"\b(replicas|replicaCount|desired_count|desiredCount|numInstances|instance_count|numReplicas)\s*[:=]\s*([2-9]|[1-9]\d+)\b",
            None,
            vec![FileClass::Iac, FileClass::Config, FileClass::Other],
        ),
        // UPLOAD_OBJECT: uploads written to object storage.
        p(
            r#"new S3Client\(|PutObjectCommand\b|createPresignedPost\(|@aws-sdk/lib-storage|\.storage\s*\.from\(|boto3\.(client|resource)\(\s*["']s3|upload_fileobj\(|\.put_object\(|Storage::disk\(\s*['"](s3|r2|gcs|azure|spaces)['"]|cloudinary\.(v2\.)?uploader|from ['"](uploadthing|@vercel/blob|@google-cloud/storage|@azure/storage-blob)[^'"]*['"]|BlobServiceClient\b|s3manager\.|minio\.New\(|active_storage\.service\s*=\s*:(amazon|google|microsoft|s3|gcs|azure|r2|cloudflare)|FILESYSTEM_DISK\s*=\s*s3|storages\.backends\.(s3|gcloud|azure)|S3Boto3Storage|\bshrine/storage/s3|CarrierWave.*fog"#,
        ),
        // UPLOAD_LOCAL: uploads written to the local disk.
        p(
            r#"diskStorage\(|multer\(\{\s*dest\s*:|Storage::disk\(\s*['"](public|local)['"]\)\s*->\s*(put|putFile|putFileAs|writeStream)|->storeAs\(|->store\(\s*['"]|->storePublicly\(|FileUpload::make\(|FileSystemStorage\b|active_storage\.service\s*=\s*:local|FILESYSTEM_DISK\s*=\s*(local|public)\b|MEDIA_ROOT\s*=|\.mv\(\s*[`'"]?\w*(upload|public|static)"#,
        ),
        // SESSION_STATELESS: the server signs tokens or cookie sessions.
        src(
            r"jwt\.sign\(|jwt\.encode\(|new SignJWT\(|\bcreate_access_token\(|jwt\.NewWithClaims\(|JWT\.encode\(|JWT::encode\(|Jwts\.builder\(|cookieSession\(|cookie-session|getIronSession\(|iron-session|sealData\(|encode_jwt\(|jsonwebtoken::encode",
        ),
        // SESSION_SHARED: sessions in a shared store.
        PatternSpec::new(
            r#"connect-redis|\bRedisStore\(|connect-pg-simple|connect-mongo|MongoStore\.create\(|connect-session-sequelize|(?m)^SESSION_DRIVER\s*=\s*["']?(redis|database|cookie|memcached|dynamodb)\b|SESSION_ENGINE\s*=\s*["']django\.contrib\.sessions\.backends\.(db|cache|cached_db|signed_cookies)|session_store\s*:(cookie_store|redis_store|redis_session_store|active_record_store|cache_store)|betterAuth\(|\bNextAuth\(|from ['"](next-auth|@auth/[a-z-]+|lucia|@supabase/ssr)[^'"]*['"]|(?i:create table (if not exists )?["`]?\w*sessions["`]?\s*\()|Schema::create\(['"]sessions['"]|gorilla/sessions|alexedwards/scs/(redisstore|postgresstore|mysqlstore|pgxstore|sqlite3store)|django\.contrib\.sessions"#,
            None,
            vec![
                FileClass::Source,
                FileClass::Config,
                FileClass::Migration,
                FileClass::Other,
            ],
        ),
        // SESSION_LOCAL: sessions in one process's memory or local files.
        PatternSpec::new(
            r#"(?m)^SESSION_DRIVER\s*=\s*["']?(file|array)\b|SESSION_ENGINE\s*=\s*["']django\.contrib\.sessions\.backends\.file|from ['"]express-session['"]|require\(['"]express-session['"]\)|\bsession_start\(\)|alexedwards/scs/memstore|new MemoryStore\("#,
            None,
            vec![FileClass::Source, FileClass::Config, FileClass::Other],
        ),
        // SESSION_FRAMEWORK: framework sessions on their defaults.
        src(
            r"\bsession\[\s*['\x22:]|request\.session\b|\$request->session\(\)|\bsession\(\)->(put|get)\(",
        ),
        // CACHE_MODULE_MAP: a Map or LRU held by a cache module (`lib/cache.ts`:
        // `const store = new Map()`), whatever the variable is called.
        PatternSpec::new(
            r"new (Map|LRUCache)\b",
            Some("**/*cache*"),
            vec![FileClass::Source],
        ),
    ]
}

/// Owns the patterns; never used by a rule directly.
pub const SCL_SIGNALS: Analyzer = Analyzer {
    id: ID,
    version: 1,
    question: "Scalability signals (patterns shared by the SCL analyzers)",
    patterns,
    run: |_| Outcome::no(),
};

fn excluded(inv: &Inventory, path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    inv.get(path)
        .is_some_and(|f| matches!(f.class, FileClass::Test | FileClass::Doc))
        || lower.contains("/fixtures/")
        || lower.contains("/__tests__/")
        || lower.contains("/__mocks__/")
        || lower.starts_with("examples/")
        || lower.contains("/examples/")
        || lower.contains("seeder")
        || lower.ends_with(".test.ts")
        || lower.ends_with(".spec.ts")
}

fn hits<'a>(cx: &'a EvalCtx, i: usize) -> impl Iterator<Item = &'a Hit> + 'a {
    cx.own_hits(ID, i)
        .iter()
        .filter(move |h| !excluded(cx.inv, &h.path) && !commented(&h.snippet))
}

fn raw_hits<'a>(
    inv: &'a Inventory,
    signals: &'a Signals,
    apats: &'a super::AnalyzerPatterns,
    i: usize,
) -> impl Iterator<Item = &'a Hit> + 'a {
    let id = apats.owned.get(ID).and_then(|v| v.get(i)).copied();
    id.map(|id| signals.hits(id))
        .unwrap_or_default()
        .iter()
        .filter(move |h| !excluded(inv, &h.path) && !commented(&h.snippet))
}

fn commented(snippet: &str) -> bool {
    let t = snippet.trim_start();
    t.starts_with("//") || t.starts_with('#') || t.starts_with("/*") || t.starts_with('*')
}

fn take(it: impl Iterator<Item = Evidence>) -> Vec<Evidence> {
    it.take(MAX).collect()
}

// ---------------------------------------------------------------- SCL-01

pub const SHARED_CACHE: Analyzer = Analyzer {
    id: "shared_cache",
    version: 1,
    question: "Is a cross-process cache (Redis, Memcached, KV, database cache store) used for application data?",
    patterns: super::no_patterns,
    run: |cx| {
        // An env file on a local store is the shipped production default.
        if hits(cx, CACHE_LOCAL_STORE).any(|h| is_env_file(&h.path)) {
            return Outcome::no();
        }
        let mut out = take(hits(cx, CACHE_SHARED).map(|h| h.evidence("shared cache store")));
        out.extend(
            hits(cx, CACHE_CLIENT)
                .filter(|h| h.path.to_ascii_lowercase().contains("cache"))
                .take(2)
                .map(|h| h.evidence("cache client on a shared store")),
        );
        for d in &cx.facts.platforms {
            out.extend(
                d.settings
                    .iter()
                    .filter(|s| {
                        s.detail.starts_with("binding kv_namespaces")
                            && s.detail.to_ascii_lowercase().contains("cache")
                    })
                    .cloned(),
            );
        }
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

fn is_env_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with(".env"))
}

pub const IN_PROCESS_CACHE: Analyzer = Analyzer {
    id: "in_process_cache",
    version: 1,
    question: "Is application data cached only in one process (Map/LRU caches, file or memory cache stores)?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out =
            take(hits(cx, CACHE_LOCAL_STORE).map(|h| h.evidence("per-instance cache store")));
        out.extend(
            hits(cx, CACHE_IN_PROCESS)
                .chain(hits(cx, CACHE_MODULE_MAP))
                .take(MAX)
                .map(|h| h.evidence("in-process cache")),
        );
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

// ---------------------------------------------------------------- SCL-02

/// The Laravel queue driver named in env files: (evidence, is it sync?).
fn laravel_queue(cx: &EvalCtx) -> Option<(Evidence, bool)> {
    let h = hits(cx, QUEUE_CONNECTION).next()?;
    let value = h
        .matched
        .split('=')
        .nth(1)
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase();
    Some((
        h.evidence("queue connection"),
        value == "sync" || value == "null",
    ))
}

pub const DURABLE_JOBS: Analyzer = Analyzer {
    id: "durable_background_jobs",
    version: 1,
    question: "Are jobs persisted outside the process (queue library, broker, workflow engine) and run off the request path?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out = take(hits(cx, JOBS_LIB).map(|h| h.evidence("job queue")));
        if let Some(job) = hits(cx, JOBS_LARAVEL).next() {
            match laravel_queue(cx) {
                Some((_, true)) => {}
                Some((q, false)) => {
                    out.push(job.evidence("queued job"));
                    out.push(q);
                }
                None => out.push(job.evidence("queued job (Laravel's default database queue)")),
            }
        }
        for d in &cx.facts.platforms {
            out.extend(
                d.settings
                    .iter()
                    .filter(|s| s.detail.starts_with("binding queues.consumers"))
                    .cloned(),
            );
        }
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

pub const IN_PROCESS_JOBS: Analyzer = Analyzer {
    id: "in_process_background_work",
    version: 1,
    question: "Is background work done inside the web process (worker pool, after-response hook, a queue on its synchronous driver)?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out = Vec::new();
        if let Some(job) = hits(cx, JOBS_LARAVEL).next()
            && let Some((q, true)) = laravel_queue(cx)
        {
            out.push(job.evidence("queued job"));
            out.push(Evidence::new(
                q.path,
                q.line,
                format!("{} (jobs run inline)", q.detail),
            ));
        }
        out.extend(
            hits(cx, JOBS_IN_PROCESS)
                .take(MAX)
                .map(|h| h.evidence("in-process background work")),
        );
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

pub const BACKGROUND_JOBS_EXIST: Analyzer = Analyzer {
    id: "background_jobs_exist",
    version: 1,
    question: "Does the application run background jobs (durable or in-process)?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out = (DURABLE_JOBS.run)(cx).evidence;
        if out.is_empty() {
            out = (IN_PROCESS_JOBS.run)(cx).evidence;
        }
        Outcome::yes(out)
    },
};

// ---------------------------------------------------------------- SCL-03

const OPS_WORDS: &[&str] = &[
    "pg_dump",
    "mysqldump",
    "mongodump",
    "backup",
    "cleanup",
    "clean-up",
    "purge",
    "prune",
    "refresh",
    "reindex",
    "sync-",
    "manage.py",
    "artisan",
    "rake ",
];

pub const SCHEDULED_TASKS: Analyzer = Analyzer {
    id: "scheduled_tasks",
    version: 1,
    question: "Is a scheduler configured (platform crons, k8s CronJob, cron libraries, framework schedulers, scheduled operations workflows)?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out: Vec<Evidence> = cx
            .facts
            .platforms
            .iter()
            .flat_map(|d| d.crons.iter().cloned())
            .take(MAX)
            .collect();
        out.extend(
            hits(cx, SCHEDULER)
                .take(MAX)
                .map(|h| h.evidence("scheduler")),
        );
        out.extend(
            hits(cx, SCHEDULER_GO_TICKER)
                .take(2)
                .map(|h| h.evidence("ticker-driven scheduler")),
        );
        out.extend(
            hits(cx, SCHEDULER_WHENEVER)
                .take(2)
                .map(|h| h.evidence("whenever schedule")),
        );
        // Scheduled CI workflows that do operations work (not tests or housekeeping).
        for c in &cx.ci.commands {
            let Some(p) = cx.facts.pipelines.get(c.pipeline) else {
                continue;
            };
            if !p.triggers.iter().any(|t| t == "schedule")
                || c.is_action
                || c.has(CommandKind::Publish)
            {
                continue;
            }
            let lower = c.text.to_ascii_lowercase();
            if c.has(CommandKind::Deploy) || OPS_WORDS.iter().any(|w| lower.contains(w)) {
                out.push(Evidence::at(
                    c.file.clone(),
                    c.line,
                    format!("scheduled workflow runs: {}", c.text),
                ));
            }
        }
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

// ---------------------------------------------------------------- SCL-04

/// Libraries that retry with backoff and keep exhausted jobs by default.
const RETRY_BUILT_IN: &[&str] = &[
    "Sidekiq",
    "asynq",
    "river",
    "@temporalio",
    "graphile-worker",
    "inngest",
    "@trigger.dev",
];

/// Files that define or configure jobs: a queue library or queued job in the
/// file, or a path named for jobs, queues, workers or tasks.
fn job_file(cx: &EvalCtx, path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    ["job", "queue", "worker", "task", "celery", "sidekiq"]
        .iter()
        .any(|w| lower.contains(w))
        || hits(cx, JOBS_LIB).any(|h| h.path == path)
        || hits(cx, JOBS_LARAVEL).any(|h| h.path == path)
}

/// Retry settings that name the job framework themselves.
fn specific_retry(snippet: &str) -> bool {
    [
        "autoretry_for",
        "self.retry(",
        "retry_on",
        "$tries",
        "$backoff",
        "function backoff(",
        "retryLimit",
        "sidekiq_options",
    ]
    .iter()
    .any(|k| snippet.contains(k))
}

fn retries(cx: &EvalCtx) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = take(
        hits(cx, RETRIES)
            .filter(|h| specific_retry(&h.snippet) || job_file(cx, &h.path))
            .map(|h| h.evidence("job retries")),
    );
    out.extend(
        hits(cx, JOBS_LIB)
            .filter(|h| RETRY_BUILT_IN.iter().any(|l| h.snippet.contains(l)))
            .take(1)
            .map(|h| h.evidence("retries with backoff built into the job library")),
    );
    out
}

fn dead_letters(cx: &EvalCtx) -> Vec<Evidence> {
    let mut out = take(hits(cx, DEAD_LETTER).map(|h| h.evidence("failed-job handling")));
    out.extend(
        hits(cx, JOBS_LIB)
            .filter(|h| RETRY_BUILT_IN.iter().any(|l| h.snippet.contains(l)))
            .take(1)
            .map(|h| h.evidence("exhausted jobs kept by the job library (dead set/archive)")),
    );
    for d in &cx.facts.platforms {
        out.extend(
            d.settings
                .iter()
                .filter(|s| s.detail.contains("dead_letter_queue"))
                .cloned(),
        );
    }
    out
}

pub const RETRIES_AND_DEAD_LETTERS: Analyzer = Analyzer {
    id: "job_retries_and_dead_letters",
    version: 1,
    question: "Do jobs retry (with backoff) and land in a dead-letter path when retries run out?",
    patterns: super::no_patterns,
    run: |cx| {
        let r = retries(cx);
        let d = dead_letters(cx);
        if r.is_empty() || d.is_empty() {
            return Outcome::no();
        }
        let mut out: Vec<Evidence> = r.into_iter().take(3).collect();
        out.extend(d.into_iter().take(3));
        Outcome::yes(out)
    },
};

pub const RETRIES_ONLY: Analyzer = Analyzer {
    id: "job_retries_only",
    version: 1,
    question: "Do jobs retry, with no dead-letter handling?",
    patterns: super::no_patterns,
    run: |cx| Outcome::yes(retries(cx)),
};

// ---------------------------------------------------------------- SCL-05

pub const CDN_OR_CACHE_CONTROL: Analyzer = Analyzer {
    id: "cdn_or_cache_control",
    version: 1,
    question: "Does a CDN front the app (declared platform CDN or CDN in IaC), or is cacheable Cache-Control configured?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out: Vec<Evidence> = cx
            .facts
            .platforms
            .iter()
            .filter(|d| {
                matches!(
                    d.platform,
                    Platform::Vercel
                        | Platform::Netlify
                        | Platform::CloudflarePages
                        | Platform::CloudflareWorkers
                        | Platform::Firebase
                )
            })
            .take(2)
            .map(|d| {
                Evidence::at(
                    d.file.clone(),
                    d.line,
                    format!("{} serves through its CDN", d.platform.label()),
                )
            })
            .collect();
        for d in &cx.facts.platforms {
            out.extend(
                d.settings
                    .iter()
                    .filter(|s| {
                        s.detail
                            .to_ascii_lowercase()
                            .starts_with("header cache-control")
                    })
                    .cloned(),
            );
        }
        out.extend(hits(cx, CDN_IAC).take(2).map(|h| h.evidence("CDN in IaC")));
        out.extend(
            hits(cx, CACHE_CONTROL)
                .filter(|h| {
                    let l = h.snippet.to_ascii_lowercase();
                    !(l.contains("no-store") || l.contains("no-cache") || l.contains("private"))
                })
                .take(MAX)
                .map(|h| h.evidence("caching headers")),
        );
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

// ---------------------------------------------------------------- SCL-06

fn number_after(detail: &str, key: &str) -> Option<u32> {
    let rest = &detail[detail.find(key)? + key.len()..];
    rest.split_whitespace().next()?.parse().ok()
}

pub const AUTOSCALING: Analyzer = Analyzer {
    id: "autoscaling_or_serverless",
    version: 1,
    question: "Is autoscaling configured or a serverless platform declared?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out: Vec<Evidence> = cx
            .facts
            .platforms
            .iter()
            .filter(|d| {
                matches!(
                    d.platform,
                    Platform::Vercel
                        | Platform::Netlify
                        | Platform::CloudflareWorkers
                        | Platform::CloudflarePages
                        | Platform::Serverless
                        | Platform::AppEngine
                )
            })
            .take(2)
            .map(|d| {
                Evidence::at(
                    d.file.clone(),
                    d.line,
                    format!("serverless platform declared: {}", d.platform.label()),
                )
            })
            .collect();
        for d in &cx.facts.platforms {
            out.extend(
                d.settings
                    .iter()
                    .filter(|s| {
                        s.detail.starts_with("autoscaling")
                            || s.detail.starts_with("auto_start_machines true")
                            || s.detail.starts_with("auto_stop_machines")
                                && !s.detail.contains("false")
                            || s.detail.contains("autoscaling")
                    })
                    .cloned(),
            );
        }
        out.extend(
            hits(cx, AUTOSCALERS)
                .take(3)
                .map(|h| h.evidence("autoscaler")),
        );
        const SERVERLESS_TOOLS: &[&str] = &[
            "vercel",
            "netlify",
            "wrangler",
            "cloudflare-pages",
            "serverless",
            "aws sam",
            "zappa",
            "deno deploy",
            "fastapi cloud",
        ];
        for c in cx.ci.of_kind(CommandKind::Deploy) {
            let serverless = c.kinds.iter().any(|k| {
                k.kind == CommandKind::Deploy
                    && (SERVERLESS_TOOLS.contains(&k.tool)
                        || k.tool == "gcloud"
                            && (c.text.contains("run deploy")
                                || c.text.contains("functions deploy")))
            });
            if serverless {
                out.push(Evidence::at(
                    c.file.clone(),
                    c.line,
                    format!("deploys to a platform that scales instances: {}", c.text),
                ));
            }
        }
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

pub const FIXED_INSTANCES: Analyzer = Analyzer {
    id: "fixed_multiple_instances",
    version: 1,
    question: "Is more than one instance declared, at a fixed count?",
    patterns: super::no_patterns,
    run: |cx| {
        let mut out = Vec::new();
        for c in cx.facts.compose.iter().filter(|c| !c.dev_only) {
            for s in &c.services {
                if s.replicas.is_some_and(|n| n > 1) {
                    out.push(Evidence::at(
                        c.file.clone(),
                        s.line,
                        format!(
                            "compose service {} runs {} replicas",
                            s.name,
                            s.replicas.unwrap_or(0)
                        ),
                    ));
                }
            }
        }
        for d in &cx.facts.platforms {
            for s in &d.settings {
                let n = ["numInstances", "instance_count", "numReplicas", "quantity"]
                    .iter()
                    .find_map(|k| number_after(&s.detail, k));
                if n.is_some_and(|n| n > 1) {
                    out.push(s.clone());
                }
            }
        }
        out.extend(
            hits(cx, REPLICAS)
                .filter(|h| !is_env_file(&h.path))
                .take(3)
                .map(|h| h.evidence("fixed instance count")),
        );
        out.truncate(MAX);
        Outcome::yes(out)
    },
};

// ---------------------------------------------------------------- SCL-08

pub const UPLOADS_OBJECT_STORAGE: Analyzer = Analyzer {
    id: "uploads_object_storage",
    version: 1,
    question: "Are uploaded files stored in object storage (S3, R2, GCS, Azure Blob, Supabase Storage, Cloudinary)?",
    patterns: super::no_patterns,
    run: |cx| {
        if !cx.stack.holds(Fact::HandlesUploads) {
            return Outcome::no();
        }
        Outcome::yes(take(
            hits(cx, UPLOAD_OBJECT).map(|h| h.evidence("object storage")),
        ))
    },
};

pub const UPLOADS_LOCAL_DISK: Analyzer = Analyzer {
    id: "uploads_local_disk",
    version: 1,
    question: "Are uploaded files written to the local disk?",
    patterns: super::no_patterns,
    run: |cx| {
        Outcome::yes(take(
            hits(cx, UPLOAD_LOCAL).map(|h| h.evidence("files written to local disk")),
        ))
    },
};

// ---------------------------------------------------------------- SCL-09

fn local_session_config<'a>(
    inv: &'a Inventory,
    signals: &'a Signals,
    apats: &'a super::AnalyzerPatterns,
) -> impl Iterator<Item = &'a Hit> + 'a {
    raw_hits(inv, signals, apats, SESSION_LOCAL).filter(|h| h.matched.starts_with("SESSION_"))
}

fn shared_sessions_of(
    inv: &Inventory,
    signals: &Signals,
    apats: &super::AnalyzerPatterns,
) -> Vec<Evidence> {
    // The shipped driver decides for framework sessions; signed tokens still count.
    let framework_local = local_session_config(inv, signals, apats).next().is_some();
    let mut out: Vec<Evidence> = Vec::new();
    if !framework_local {
        out.extend(
            raw_hits(inv, signals, apats, SESSION_SHARED)
                .take(MAX)
                .map(|h| h.evidence("sessions in a shared store")),
        );
    }
    // Framework sessions on their defaults (Django database, Rails and Flask cookies).
    if raw_hits(inv, signals, apats, SESSION_LOCAL)
        .next()
        .is_none()
    {
        out.extend(
            raw_hits(inv, signals, apats, SESSION_FRAMEWORK)
                .take(2)
                .map(|h| h.evidence("framework session on its default shared or cookie store")),
        );
    }
    out.extend(
        raw_hits(inv, signals, apats, SESSION_STATELESS)
            .take(if framework_local { 0 } else { MAX })
            .map(|h| h.evidence("stateless signed token or cookie session")),
    );
    out.truncate(MAX);
    out
}

pub const SHARED_SESSIONS: Analyzer = Analyzer {
    id: "shared_sessions",
    version: 1,
    question: "Are sessions kept in a shared store or as stateless signed tokens?",
    patterns: super::no_patterns,
    run: |cx| Outcome::yes(shared_sessions_of(cx.inv, cx.signals, cx.apats)),
};

pub const PER_INSTANCE_SESSIONS: Analyzer = Analyzer {
    id: "per_instance_sessions",
    version: 1,
    question: "Are sessions kept in one process's memory or local files?",
    patterns: super::no_patterns,
    run: |cx| {
        Outcome::yes(take(
            hits(cx, SESSION_LOCAL).map(|h| h.evidence("per-instance session store")),
        ))
    },
};

/// `server_sessions`: the server keeps or issues sessions (stores, signed
/// tokens, framework sessions); a hosted auth client in the browser does not.
pub fn derive_facts(
    stack: &mut Stack,
    inv: &Inventory,
    signals: &Signals,
    apats: &super::AnalyzerPatterns,
) {
    let mut ev = shared_sessions_of(inv, signals, apats);
    ev.extend(
        raw_hits(inv, signals, apats, SESSION_LOCAL)
            .take(2)
            .map(|h| ev_of(h, "server-side session store")),
    );
    ev.extend(
        raw_hits(inv, signals, apats, SESSION_FRAMEWORK)
            .take(2)
            .map(|h| ev_of(h, "framework session")),
    );
    ev.truncate(MAX);
    let value = !ev.is_empty();
    stack.derived.insert(
        Fact::ServerSessions,
        DerivedValue {
            value,
            evidence: ev,
            reason: if value {
                String::new()
            } else {
                "the server keeps no sessions and issues no session tokens".into()
            },
        },
    );
}

fn ev_of(h: &Hit, what: &str) -> Evidence {
    h.evidence(what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile() {
        for p in patterns() {
            regex::bytes::RegexBuilder::new(&p.regex)
                .unicode(false)
                .build()
                .unwrap_or_else(|e| panic!("{}: {e}", p.regex));
        }
    }

    #[test]
    fn number_after_reads_counts() {
        assert_eq!(
            number_after("numInstances 3 (web)", "numInstances"),
            Some(3)
        );
        assert_eq!(
            number_after("formation web quantity 2 size basic", "quantity"),
            Some(2)
        );
        assert_eq!(number_after("health check /", "quantity"), None);
    }

    #[test]
    fn commented_lines_are_skipped() {
        assert!(commented("// Schedule::command('inspire')->hourly();"));
        assert!(!commented("Schedule::command('x')->daily();"));
    }
}
