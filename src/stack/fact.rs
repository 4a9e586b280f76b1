//! Derived facts: statements about the repository that decide whether a
//! control applies. Named as true statements; spelled in rule files as below.

use serde::Serialize;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    HasSourceCode,
    HasTests,
    HasTestRunner,
    HasCi,
    HasDependencyManifests,
    HasDockerfile,
    WebUi,
    HttpService,
    ServesHttpApi,
    Library,
    Cli,
    Worker,
    Mobile,
    DeployableApp,
    DistributedProduct,
    DeploysHostedInstance,
    UsesDatabase,
    HasMigrations,
    CallsLlm,
    UserAccounts,
    HandlesUploads,
    HasReleaseTags,
    OnEdgePlatform,
    ReadsEnv,
    ServerSessions,
    MultiTenant,
    ReceivesWebhooks,
    MakesOutboundHttp,
    PublicApi,
    UsesAnalytics,
    HandlesPayments,
}

impl Fact {
    pub const ALL: &'static [Fact] = &[
        Fact::HasSourceCode,
        Fact::HasTests,
        Fact::HasTestRunner,
        Fact::HasCi,
        Fact::HasDependencyManifests,
        Fact::HasDockerfile,
        Fact::WebUi,
        Fact::HttpService,
        Fact::ServesHttpApi,
        Fact::Library,
        Fact::Cli,
        Fact::Worker,
        Fact::Mobile,
        Fact::DeployableApp,
        Fact::DistributedProduct,
        Fact::DeploysHostedInstance,
        Fact::UsesDatabase,
        Fact::HasMigrations,
        Fact::CallsLlm,
        Fact::UserAccounts,
        Fact::HandlesUploads,
        Fact::HasReleaseTags,
        Fact::OnEdgePlatform,
        Fact::ReadsEnv,
        Fact::ServerSessions,
        Fact::MultiTenant,
        Fact::ReceivesWebhooks,
        Fact::MakesOutboundHttp,
        Fact::PublicApi,
        Fact::UsesAnalytics,
        Fact::HandlesPayments,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fact::HasSourceCode => "has_source_code",
            Fact::HasTests => "has_tests",
            Fact::HasTestRunner => "has_test_runner",
            Fact::HasCi => "has_ci",
            Fact::HasDependencyManifests => "has_dependency_manifests",
            Fact::HasDockerfile => "has_dockerfile",
            Fact::WebUi => "web_ui",
            Fact::HttpService => "http_service",
            Fact::ServesHttpApi => "serves_http_api",
            Fact::Library => "library",
            Fact::Cli => "cli",
            Fact::Worker => "worker",
            Fact::Mobile => "mobile",
            Fact::DeployableApp => "deployable_app",
            Fact::DistributedProduct => "distributed_product",
            Fact::DeploysHostedInstance => "deploys_hosted_instance",
            Fact::UsesDatabase => "uses_database",
            Fact::HasMigrations => "has_migrations",
            Fact::CallsLlm => "calls_llm",
            Fact::UserAccounts => "user_accounts",
            Fact::HandlesUploads => "handles_uploads",
            Fact::HasReleaseTags => "has_release_tags",
            Fact::OnEdgePlatform => "on_edge_platform",
            Fact::ReadsEnv => "reads_env",
            Fact::ServerSessions => "server_sessions",
            Fact::MultiTenant => "multi_tenant",
            Fact::ReceivesWebhooks => "receives_webhooks",
            Fact::MakesOutboundHttp => "makes_outbound_http",
            Fact::PublicApi => "public_api",
            Fact::UsesAnalytics => "uses_analytics",
            Fact::HandlesPayments => "handles_payments",
        }
    }

    pub fn parse(s: &str) -> Option<Fact> {
        Fact::ALL.iter().copied().find(|f| f.name() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for f in Fact::ALL {
            assert_eq!(Fact::parse(f.name()), Some(*f));
            assert_eq!(
                serde_json::to_value(f).unwrap(),
                serde_json::Value::String(f.name().into())
            );
        }
    }
}
