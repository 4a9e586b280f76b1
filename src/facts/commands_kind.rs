//! Names of command kinds as rule files spell them.

use super::commands::CommandKind;

impl CommandKind {
    pub const NAMES: &'static [&'static str] = &[
        "test",
        "lint",
        "typecheck",
        "format",
        "build",
        "deploy",
        "coverage",
        "dependency_audit",
        "sast",
        "secret_scan",
        "image_scan",
        "migrate",
        "e2e",
        "load",
        "publish",
    ];

    const ALL: &'static [CommandKind] = &[
        CommandKind::Test,
        CommandKind::Lint,
        CommandKind::Typecheck,
        CommandKind::Format,
        CommandKind::Build,
        CommandKind::Deploy,
        CommandKind::Coverage,
        CommandKind::DependencyAudit,
        CommandKind::Sast,
        CommandKind::SecretScan,
        CommandKind::ImageScan,
        CommandKind::Migrate,
        CommandKind::E2e,
        CommandKind::Load,
        CommandKind::Publish,
    ];

    pub fn parse(s: &str) -> Option<CommandKind> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::ALL[i])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[Self::ALL.iter().position(|k| *k == self).unwrap_or(0)]
    }
}
