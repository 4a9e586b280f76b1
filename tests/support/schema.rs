//! JSON Schema validation for the report tests (boon: drafts 4 to 2020-12).

use serde_json::Value;

/// A compiled schema.
pub struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    /// Compiles `schema`, registered under `url` (no reference leaves the
    /// document, so nothing is fetched). Formats are asserted, not just noted.
    pub fn new(url: &str, schema: Value) -> Validator {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler
            .add_resource(url, schema)
            .expect("schema registers");
        let index = compiler
            .compile(url, &mut schemas)
            .unwrap_or_else(|e| panic!("schema {url} compiles: {e:#}"));
        Validator { schemas, index }
    }

    /// The official SARIF 2.1.0 schema (OASIS errata 01, draft-04), vendored.
    pub fn sarif() -> Validator {
        let text =
            std::fs::read_to_string(super::root().join("tests/data/sarif-schema-2.1.0.json"))
                .expect("vendored SARIF schema");
        let schema: Value = serde_json::from_str(&text).unwrap();
        let id = schema["id"].as_str().unwrap().to_string();
        Validator::new(&id, schema)
    }

    /// The committed schema of the JSON report.
    pub fn report() -> Validator {
        let text = std::fs::read_to_string(super::root().join("schema/report.schema.json"))
            .expect("schema/report.schema.json");
        Validator::new(
            "https://infragap.invalid/report.schema.json",
            serde_json::from_str(&text).unwrap(),
        )
    }

    /// Every violation, one per line (None: valid).
    pub fn errors(&self, instance: &Value) -> Option<String> {
        self.schemas
            .validate(instance, self.index)
            .err()
            .map(|e| format!("{e:#}"))
    }
}

/// The big fixtures: every `tests/fixtures/*/` with its own `expected.toml`,
/// plus the bundled example (not the per-control fixtures under `controls/`).
pub fn big_fixtures() -> Vec<(String, std::path::PathBuf)> {
    super::fixtures_with_expectations()
        .into_iter()
        .filter(|(name, ..)| !name.contains('/') || name.starts_with("examples/"))
        .map(|(name, dir, _)| (name, dir))
        .collect()
}
