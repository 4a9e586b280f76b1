//! Stage 7 — renderers: views of one [`ScanOutput`]; none recomputes anything.

pub mod escape;
pub mod figures;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod terminal;
