//! infragap — the infrastructure gap analysis of a repository, from the code
//! itself, offline, with evidence.
//!
//! The pipeline (see DESIGN.md) flows one way:
//! `inventory` (walk) → `facts` (parsers) and `signals` (one content pass) →
//! `stack` (derived facts) → `engine` (control results) → `assess` (scores) →
//! `report` (views of one result).

pub mod analyzers;
pub mod assess;
pub mod cli;
pub mod config;
pub mod engine;
pub mod evidence;
pub mod facts;
pub mod gate;
pub mod inventory;
pub mod manual;
pub mod report;
pub mod rules;
pub mod scan;
pub mod signals;
pub mod stack;
