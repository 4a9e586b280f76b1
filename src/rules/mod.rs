//! The rule language and the built-in rule pack (TOML data compiled into the binary).

mod describe;
mod diagnostic;
mod load;
mod model;
mod pack;
pub mod toml_values;

pub use describe::{describe, detection};
pub use diagnostic::{Diagnostic, Severity};
pub use load::{ConfigProbe, Extension, Registry, parse_extension, parse_rule};
pub use model::*;
pub use pack::{BUILTIN_RULES, BuiltinRule, RulePack, UserRuleFile};
