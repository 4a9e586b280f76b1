//! The JSON report: the machine interface (schema version 1, DESIGN.md).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assess::Assessment;
use crate::engine::ControlResult;
use crate::engine::overrides::ConfigSummary;
use crate::evidence::Warning;
use crate::inventory::FileClass;
use crate::scan::{ScanOutput, Stats};
use crate::stack::{DerivedValue, Fact, LanguageShare, Named, ProjectKind};

pub const SCHEMA_VERSION: u32 = 1;

/// A repository judged against the control catalog: facts, every control
/// with its status and evidence, and the assessment built on them.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Report<'a> {
    pub schema_version: u32,
    pub tool: Tool,
    pub target: Target<'a>,
    pub facts: FactsView<'a>,
    pub inventory: InventoryView<'a>,
    pub controls: &'a [ControlResult],
    /// The assessment: summary, priorities, roadmap, quick wins, costs,
    /// metrics, checklist.
    #[serde(flatten)]
    pub assessment: &'a Assessment,
    pub analyzers: Vec<AnalyzerVersion>,
    pub warnings: &'a [Warning],
    pub stats: &'a Stats,
    /// `infragap.toml`, user rules and inline allows in force (absent: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<&'a ConfigSummary>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct Target<'a> {
    pub path: &'a str,
    pub commit: Option<&'a str>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct FactsView<'a> {
    pub languages: &'a BTreeMap<String, LanguageShare>,
    pub frameworks: &'a [Named],
    pub platforms: &'a [Named],
    pub databases: &'a [Named],
    pub kinds: &'a [ProjectKind],
    pub derived: &'a BTreeMap<Fact, DerivedValue>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct InventoryView<'a> {
    pub files: usize,
    pub by_class: BTreeMap<FileClass, usize>,
    pub skipped_dirs: &'a [String],
    pub max_file_size: u64,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct AnalyzerVersion {
    pub id: &'static str,
    pub version: u32,
}

pub fn build<'a>(out: &'a ScanOutput, stats: &'a Stats) -> Report<'a> {
    let mut by_class = BTreeMap::new();
    for f in &out.inventory.files {
        *by_class.entry(f.class).or_insert(0) += 1;
    }
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "infragap",
            version: env!("CARGO_PKG_VERSION"),
        },
        target: Target {
            path: &out.target,
            commit: out.commit.as_deref(),
        },
        facts: FactsView {
            languages: &out.stack.languages,
            frameworks: &out.stack.frameworks,
            platforms: &out.stack.platforms,
            databases: &out.stack.databases,
            kinds: &out.stack.kinds,
            derived: &out.stack.derived,
        },
        inventory: InventoryView {
            files: out.inventory.files.len(),
            by_class,
            skipped_dirs: &out.inventory.skipped_dirs,
            max_file_size: out.inventory.max_file_size,
        },
        controls: &out.results,
        assessment: &out.assessment,
        analyzers: crate::analyzers::ANALYZERS
            .iter()
            .map(|a| AnalyzerVersion {
                id: a.id,
                version: a.version,
            })
            .collect(),
        warnings: &out.warnings,
        stats,
        config: out.config.as_ref(),
    }
}

/// The JSON Schema (draft 2020-12) of [`Report`], derived from the types
/// themselves, so it cannot drift from what `render` writes; committed as
/// `schema/report.schema.json` (a test keeps the copy current).
pub fn schema() -> schemars::Schema {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Report<'static>>();
    schema.insert(
        "title".into(),
        format!("infragap JSON report, schema version {SCHEMA_VERSION}").into(),
    );
    // The flattened assessment lends the root its own description; say what
    // the whole document is instead.
    schema.insert(
        "description".into(),
        "A repository judged against the control catalog: facts, every control with its \
         status and evidence, and the assessment built on them (`infragap scan --format json`)."
            .into(),
    );
    schema
}

/// [`schema`] as pretty JSON with a trailing newline (`infragap schema`).
pub fn render_schema() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).expect("schema serialises");
    s.push('\n');
    s
}

/// Pretty JSON with a trailing newline.
pub fn render(out: &ScanOutput) -> String {
    let report = build(out, &out.stats);
    let mut s = serde_json::to_string_pretty(&report).expect("report serialises");
    s.push('\n');
    s
}
