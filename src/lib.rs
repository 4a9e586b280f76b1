//! infragap — the infrastructure gap analysis of a repository, from the code
//! itself, offline, with evidence.
//!
//! The pipeline (see DESIGN.md) flows one way:
//! `inventory` (walk) → `facts` (parsers) and `signals` (one content pass) →
//! `stack` (derived facts) → `engine` (control results) → `report` (views).

pub mod evidence;
pub mod facts;
pub mod inventory;
