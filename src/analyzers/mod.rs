//! Analyzers: named Rust checks for what patterns cannot say well. Each is a
//! pure function of the evaluation context (facts, signals, stack, CI index);
//! none opens a file. All are listed here, in one table, so ids stay unique
//! and rule files can be validated against them.

mod api;
mod audit;
mod compliance;
mod config;
mod data_access;
mod data_ops;
mod data_schema;
mod delivery;
mod docs;
mod llm;
mod n_plus_one;
mod observability;
mod scalability;
pub mod secrets;
mod security;
mod tenancy;
mod testing;

use crate::engine::EvalCtx;
use crate::evidence::Evidence;
use crate::signals::{PatternId, PatternSpec};

/// What an analyzer found: whether its question is answered "yes", with evidence.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub matched: bool,
    pub evidence: Vec<Evidence>,
}

impl Outcome {
    pub fn yes(evidence: Vec<Evidence>) -> Outcome {
        Outcome {
            matched: !evidence.is_empty(),
            evidence,
        }
    }

    pub fn no() -> Outcome {
        Outcome::default()
    }
}

pub struct Analyzer {
    pub id: &'static str,
    /// Bumped when detection changes, so a diff can tell a detector change from a repository change.
    pub version: u32,
    /// The question it answers, as a yes/no statement.
    pub question: &'static str,
    pub run: fn(&EvalCtx) -> Outcome,
    /// Content patterns the analyzer reads, compiled into the one signals
    /// set; at run time `cx.own_hits(id, i)` gives the hits of the i-th.
    pub patterns: fn() -> Vec<PatternSpec>,
}

/// For analyzers that read no content.
pub fn no_patterns() -> Vec<PatternSpec> {
    Vec::new()
}

/// Every analyzer. Ids are what rule files spell (`analyzer = "ci_runs_tests"`).
pub const ANALYZERS: &[Analyzer] = &[
    delivery::CI_BUILD_PIPELINE,
    delivery::CI_RUNS_TESTS,
    delivery::CI_DEPLOYS,
    delivery::CI_PUBLISHES_ON_TAG,
    delivery::MULTIPLE_ENVIRONMENTS,
    delivery::ONE_DEPLOYED_ENVIRONMENT,
    delivery::LOCAL_ENV_FILES,
    delivery::QUALITY_GATES_IN_CI,
    delivery::QUALITY_GATES_PARTIAL,
    delivery::RELEASE_NOTES_AUTOMATED,
    delivery::DEPENDENCY_UPDATES_CONFIGURED,
    delivery::RUNTIME_PACKAGING,
    delivery::DEV_ONLY_PACKAGING,
    testing::TEST_FILES_WITH_RUNNER,
    testing::E2E_SPECS,
    testing::E2E_SPECS_RUN_IN_CI,
    testing::COVERAGE_IN_CI_OR_THRESHOLD,
    security::SECURITY_HEADERS_ALL,
    security::SECURITY_HEADERS_SOME,
    security::RATE_LIMIT_SHARED,
    security::RATE_LIMIT_IN_PROCESS,
    config::ENV_READS,
    config::ENV_DOCUMENTED,
    config::ENV_PARTLY_DOCUMENTED,
    config::CENTRAL_CONFIG_MODULE,
    config::HOME_GROWN_FEATURE_TOGGLES,
    config::HARDCODED_ENV_VALUES,
    config::NO_HARDCODED_ENV_VALUES,
    config::DEV_BACKING_SERVICES,
    config::SETUP_TASK,
    data_access::RLS_COVERS_USER_TABLES,
    data_access::RLS_PARTIAL,
    data_access::AUTHORIZATION_LIBRARY,
    data_access::OWNERSHIP_CHECKS,
    audit::AUDIT_TRAIL,
    data_schema::SCHEMALESS_STORE_ONLY,
    data_schema::VERSIONED_MIGRATIONS,
    data_schema::LOOSE_SCHEMA_FILES,
    data_schema::RELATIONAL_DATABASE,
    data_schema::DATABASE_OVER_HTTP_ONLY,
    data_schema::EMBEDDED_SQLITE_DEFAULT,
    data_schema::DECLARES_FOREIGN_KEYS,
    data_schema::UNINDEXED_FOREIGN_KEYS,
    data_schema::FOREIGN_KEYS_INDEXED,
    data_schema::SEED_DATA,
    observability::ERROR_TRACKER_INITIALISED,
    observability::ERROR_TRACKING_PARTIAL,
    observability::SENTRY_TRACING_ENABLED,
    observability::STRUCTURED_LOGGING_USED,
    observability::LEVELED_LOGGING_USED,
    observability::HEALTH_CHECK_PRESENT,
    observability::HEALTH_CHECK_CONSTANT,
    observability::WEB_VITALS_REPORTED,
    secrets::COMMITTED_SECRETS,
    secrets::NO_COMMITTED_SECRETS,
    secrets::CLIENT_EXPOSED_SECRETS,
    secrets::NO_CLIENT_EXPOSED_SECRETS,
    llm::LLM_CALLS,
    llm::LLM_USAGE_PERSISTED,
    llm::LLM_USAGE_PARTIAL,
    llm::LLM_BUDGET_ENFORCED,
    llm::LLM_BUDGET_IN_MEMORY,
    llm::AI_RATE_LIMIT_SHARED,
    llm::AI_RATE_LIMIT_PARTIAL,
    llm::LLM_CACHE_PERSISTENT,
    llm::LLM_CACHE_IN_MEMORY,
    llm::LLM_OFF_REQUEST,
    llm::LLM_CALLS_RESILIENT,
    llm::LLM_CALLS_RESILIENCE_PARTIAL,
    llm::LLM_TRACED,
    scalability::SCL_SIGNALS,
    scalability::SHARED_CACHE,
    scalability::IN_PROCESS_CACHE,
    scalability::DURABLE_JOBS,
    scalability::IN_PROCESS_JOBS,
    scalability::BACKGROUND_JOBS_EXIST,
    scalability::SCHEDULED_TASKS,
    scalability::RETRIES_AND_DEAD_LETTERS,
    scalability::RETRIES_ONLY,
    scalability::CDN_OR_CACHE_CONTROL,
    scalability::AUTOSCALING,
    scalability::FIXED_INSTANCES,
    scalability::UPLOADS_OBJECT_STORAGE,
    scalability::UPLOADS_LOCAL_DISK,
    scalability::SHARED_SESSIONS,
    scalability::PER_INSTANCE_SESSIONS,
    docs::SETUP_STEPS,
    docs::ONBOARDING_GUIDE,
    tenancy::TENANT_SCHEMA,
    tenancy::TENANT_ISOLATION_ENFORCED,
    tenancy::TENANT_ISOLATION_PARTIAL,
    tenancy::TENANT_CONTEXT,
    api::WEBHOOK_SIGNATURE_VERIFIED,
    api::WEBHOOK_EVENTS_DEDUPLICATED,
    api::WEBHOOK_SHARED_SECRET,
    api::OUTBOUND_RESILIENCE_COMPLETE,
    api::OUTBOUND_RESILIENCE_SOME,
    api::PUBLIC_API_EVIDENCE,
    compliance::ANALYTICS_TRACKING,
    compliance::PRIVACY_DOCS_WITH_PRACTICES,
    compliance::PRIVACY_DOCS_PLACEHOLDER,
    data_ops::SCHEDULED_BACKUPS,
    data_ops::BACKUP_PROCEDURE_FOR_OPERATORS,
    data_ops::RESTORE_PROCEDURE,
    n_plus_one::QUERY_IN_LOOP,
    n_plus_one::NO_QUERY_IN_LOOP,
];

/// Derived facts that need analyzer-owned patterns (`reads_env`), added
/// to the stack once the signals pass is done.
pub fn derive_facts(
    stack: &mut crate::stack::Stack,
    inv: &crate::inventory::Inventory,
    facts: &crate::facts::Facts,
    signals: &crate::signals::Signals,
    apats: &AnalyzerPatterns,
) {
    config::derive_facts(stack, inv, signals, apats);
    llm::derive_facts(stack, inv, signals, apats);
    scalability::derive_facts(stack, inv, signals, apats);
    tenancy::derive_facts(stack, inv, facts, signals, apats);
    api::derive_facts(stack, inv, signals, apats);
    compliance::derive_facts(stack, inv, signals, apats);
}

pub fn lookup(id: &str) -> Option<&'static str> {
    ANALYZERS.iter().find(|a| a.id == id).map(|a| a.id)
}

pub fn ids() -> Vec<&'static str> {
    ANALYZERS.iter().map(|a| a.id).collect()
}

pub fn get(id: &str) -> Option<&'static Analyzer> {
    ANALYZERS.iter().find(|a| a.id == id)
}

/// Content patterns the analyzers read, registered in the one signals set.
#[derive(Debug, Clone)]
pub struct AnalyzerPatterns {
    /// Pattern ids of each analyzer's own `patterns()`, in order.
    pub owned: std::collections::HashMap<&'static str, Vec<PatternId>>,
    pub playwright_spec: PatternId,
    pub cypress_spec: PatternId,
    pub selenium_spec: PatternId,
    pub coverage_threshold: PatternId,
}

impl AnalyzerPatterns {
    pub fn register(specs: &mut Vec<PatternSpec>) -> AnalyzerPatterns {
        use crate::inventory::FileClass;
        let mut owned = std::collections::HashMap::new();
        for a in ANALYZERS {
            let mut ids = Vec::new();
            for spec in (a.patterns)() {
                specs.push(spec);
                ids.push(specs.len() - 1);
            }
            owned.insert(a.id, ids);
        }
        let mut add = |regex: &str, classes: Vec<FileClass>| {
            specs.push(PatternSpec {
                regex: regex.into(),
                glob: None,
                classes,
                inventory: false,
            });
            specs.len() - 1
        };
        AnalyzerPatterns {
            owned,
            playwright_spec: add(
                r#"from ['"]@playwright/test['"]|require\(['"]@playwright/test['"]\)|from playwright\.(sync|async)_api import"#,
                vec![FileClass::Test, FileClass::Source],
            ),
            cypress_spec: add(
                r"\bcy\.(visit|get|request|contains)\(",
                vec![FileClass::Test, FileClass::Source],
            ),
            selenium_spec: add(
                r"selenium[-_]?webdriver|from selenium import|webdriverio|detox",
                vec![FileClass::Test],
            ),
            coverage_threshold: add(
                r"coverageThreshold|thresholds\s*:\s*\{|fail_under|--cov-fail-under|min_coverage|minimum_coverage|covered_ratio|--fail-under",
                vec![
                    FileClass::Config,
                    FileClass::Source,
                    FileClass::Manifest,
                    FileClass::Ci,
                    FileClass::Other,
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyzer_ids_are_unique_and_snake_case() {
        let mut ids = ids();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate analyzer id");
        for id in ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()),
                "{id}"
            );
        }
    }
}
