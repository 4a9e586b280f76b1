//! The rule language and the built-in rule pack (TOML data compiled into the binary).

mod diagnostic;
mod load;
mod model;
mod pack;

pub use diagnostic::Diagnostic;
pub use load::{ConfigProbe, Registry, parse_rule};
pub use model::*;
pub use pack::{BUILTIN_RULES, BuiltinRule, RulePack};
