//! Platform descriptors: vercel.json, netlify.toml, wrangler.toml, fly.toml, render.yaml, Procfile, app.json, supabase/config.toml.

use super::Facts;
use crate::inventory::Inventory;

pub fn collect(_inv: &Inventory, _facts: &mut Facts) {}
