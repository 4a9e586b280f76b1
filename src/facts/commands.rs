//! Classifies one simple command by what it does (placeholder until the full classifier lands).

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommandKind {
    Test,
    Lint,
    Typecheck,
    Format,
    Build,
    Deploy,
    Coverage,
    DependencyAudit,
    Sast,
    SecretScan,
    ImageScan,
    Migrate,
    E2e,
    Load,
    Publish,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandMatch {
    pub kind: CommandKind,
    pub tool: &'static str,
}

pub fn classify(_cmd: &str) -> Vec<CommandMatch> {
    Vec::new()
}
