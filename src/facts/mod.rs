//! Stage 2 — facts: structured knowledge from parsers, each item with its evidence.
//!
//! Parsers are pure functions from (path, text) to typed facts, named after
//! the format they read. `collect` reads the files each parser asks for
//! through the inventory's bounded reader; a file that fails to parse becomes
//! a warning and the scan goes on.

pub mod ci;
pub mod commands;
mod commands_kind;
pub mod docker;
pub mod env_file;
pub mod manifests;
mod model;
pub mod platforms;
pub mod resolve;
pub mod schema_dsl;
pub mod scripts;
pub mod sql;
pub mod vcs;
pub mod yaml;

pub use model::*;

use crate::inventory::Inventory;

/// Reads a file for a parser. Files over the cap were already reported by the
/// walk; a binary or unreadable file becomes a warning naming `what` it was.
pub(crate) fn read_or_warn(
    inv: &Inventory,
    entry: &crate::inventory::FileEntry,
    warnings: &mut Vec<crate::evidence::Warning>,
    what: &str,
) -> Option<String> {
    use crate::evidence::{Warning, WarningKind};
    use crate::inventory::ReadError;
    match inv.read_text(entry) {
        Ok(t) => Some(t),
        Err(ReadError::TooLarge(_)) => None,
        Err(ReadError::Binary) => {
            warnings.push(Warning::new(
                WarningKind::Binary,
                entry.path.as_str(),
                format!("{what} has binary content; not read"),
            ));
            None
        }
        Err(ReadError::Io(e)) => {
            warnings.push(Warning::new(
                WarningKind::Unreadable,
                entry.path.as_str(),
                e,
            ));
            None
        }
    }
}

/// Runs every parser over the inventory.
pub fn collect(inv: &Inventory) -> Facts {
    let mut facts = Facts::default();
    manifests::collect(inv, &mut facts);
    scripts::collect(inv, &mut facts);
    ci::collect(inv, &mut facts);
    platforms::collect(inv, &mut facts);
    docker::collect(inv, &mut facts);
    env_file::collect(inv, &mut facts);
    sql::collect(inv, &mut facts);
    schema_dsl::collect(inv, &mut facts);
    facts
        .dependencies
        .sort_by(|a, b| (&a.manifest, a.line, &a.name).cmp(&(&b.manifest, b.line, &b.name)));
    facts
        .scripts
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    facts.pipelines.sort_by(|a, b| a.file.cmp(&b.file));
    facts
        .platforms
        .sort_by(|a, b| (&a.file, a.platform).cmp(&(&b.file, b.platform)));
    facts.dockerfiles.sort_by(|a, b| a.file.cmp(&b.file));
    facts.compose.sort_by(|a, b| a.file.cmp(&b.file));
    facts.env_files.sort_by(|a, b| a.file.cmp(&b.file));
    facts.warnings.sort();
    facts
}
