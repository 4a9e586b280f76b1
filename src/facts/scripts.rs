//! Package scripts and task runners (package.json, Makefile, justfile, Taskfile, …).

use super::Facts;
use crate::inventory::Inventory;

pub fn collect(_inv: &Inventory, _facts: &mut Facts) {}
