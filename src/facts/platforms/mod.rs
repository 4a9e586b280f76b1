//! Platform descriptors: vercel.json, netlify.toml, wrangler.toml, fly.toml,
//! render.yaml, Procfile, app.json, supabase/config.toml, firebase.json,
//! railway.json, app.yaml, serverless.yml, `.do/app.yaml`.
//!
//! A platform counts only when a file declares it (CONTROLS.md, "Declared,
//! not inferred"). Each module here is a pure `parse(path, text)` that gives
//! the descriptors one file declares; `collect` picks the files by name and
//! turns read and parse failures into warnings. A file whose name alone
//! declares its platform (vercel.json, fly.toml, …) still yields a bare
//! descriptor when it cannot be parsed: the declaration stands, the details
//! are lost, and the warning says so.

pub mod app_engine;
pub mod app_json;
pub mod digitalocean;
pub mod firebase_json;
pub mod fly_toml;
pub mod netlify_toml;
pub mod procfile;
pub mod railway;
pub mod render_yaml;
pub mod serverless_yml;
pub mod supabase_config;
pub mod tree;
pub mod vercel_json;
pub mod wrangler;

use super::{Facts, Platform, PlatformDescriptor};
use crate::evidence::{Evidence, Warning, WarningKind};
use crate::inventory::{Inventory, ReadError};

use tree::TreeError;

/// What a descriptor parser returns: the descriptors the file declares (none
/// when the file turns out not to be one, e.g. an Expo `app.json`), or a
/// warning when it could not be read.
pub type Parsed = Result<Vec<PlatformDescriptor>, Warning>;

type ParseFn = fn(&str, &str) -> Parsed;

/// Which parser reads `path`, and the platform its name alone declares (if any).
fn parser_for(path: &str) -> Option<(ParseFn, Option<Platform>)> {
    let name = base_name(path);
    let lower = name.to_ascii_lowercase();
    let in_dir = |dir: &str| {
        path.strip_suffix(name)
            .is_some_and(|p| p.trim_end_matches('/').rsplit('/').next() == Some(dir))
    };
    Some(match lower.as_str() {
        "vercel.json" | "now.json" => (vercel_json::parse as ParseFn, Some(Platform::Vercel)),
        "project.json" if in_dir(".vercel") => (vercel_json::parse, Some(Platform::Vercel)),
        "netlify.toml" => (netlify_toml::parse, Some(Platform::Netlify)),
        "wrangler.toml" | "wrangler.json" | "wrangler.jsonc" => {
            (wrangler::parse, Some(Platform::CloudflareWorkers))
        }
        "render.yaml" | "render.yml" => (render_yaml::parse, Some(Platform::Render)),
        "procfile" => (procfile::parse, Some(Platform::Heroku)),
        "heroku.yml" | "heroku.yaml" => (app_json::parse_heroku_yml, Some(Platform::Heroku)),
        "app.json" => (app_json::parse, None),
        "config.toml" if in_dir("supabase") => (supabase_config::parse, Some(Platform::Supabase)),
        "firebase.json" | ".firebaserc" => (firebase_json::parse, Some(Platform::Firebase)),
        "railway.json" | "railway.toml" => (railway::parse, Some(Platform::Railway)),
        "app.yaml" | "app.yml" if in_dir(".do") => {
            (digitalocean::parse, Some(Platform::DigitalOcean))
        }
        "deploy.template.yaml" | "deploy.template.yml" if in_dir(".do") => {
            (digitalocean::parse, Some(Platform::DigitalOcean))
        }
        "app.yaml" | "app.yml" | "cron.yaml" | "cron.yml" => (app_engine::parse, None),
        "serverless.yml" | "serverless.yaml" => (serverless_yml::parse, Some(Platform::Serverless)),
        _ if fly_toml::is_fly_toml(&lower) => (fly_toml::parse, Some(Platform::Fly)),
        _ if procfile::is_procfile(name) => (procfile::parse, None),
        _ => return None,
    })
}

/// Reads every descriptor the inventory lists.
pub fn collect(inv: &Inventory, facts: &mut Facts) {
    for entry in &inv.files {
        let Some((parse, declared)) = parser_for(&entry.path) else {
            continue;
        };
        let text = match inv.read_text(entry) {
            Ok(t) => t,
            Err(e) => {
                match e {
                    // The walk already warned about files over the cap.
                    ReadError::TooLarge(_) => {}
                    ReadError::Binary => facts.warnings.push(Warning::new(
                        WarningKind::Binary,
                        &entry.path,
                        "platform descriptor with binary content was not read",
                    )),
                    ReadError::Io(m) => {
                        facts
                            .warnings
                            .push(Warning::new(WarningKind::Unreadable, &entry.path, m))
                    }
                }
                if let Some(p) = declared {
                    facts.platforms.push(Builder::new(p, &entry.path).build());
                }
                continue;
            }
        };
        match parse(&entry.path, &text) {
            Ok(ds) => facts.platforms.extend(ds),
            Err(w) => {
                facts.warnings.push(w);
                if let Some(p) = declared {
                    facts.platforms.push(Builder::new(p, &entry.path).build());
                }
            }
        }
    }
}

/// File name of a `/`-separated path.
pub(crate) fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A parse failure as a warning: budget stops are `Budget`, the rest `Malformed`.
pub(crate) fn tree_warning(path: &str, what: &str, e: TreeError) -> Warning {
    let kind = if e.budget {
        WarningKind::Budget
    } else {
        WarningKind::Malformed
    };
    Warning::new(kind, path, format!("{what}: {}", e.message))
}

/// Builds one descriptor; keeps evidence details uniform across formats.
pub(crate) struct Builder {
    d: PlatformDescriptor,
    marked: bool,
}

impl Builder {
    pub fn new(platform: Platform, path: &str) -> Self {
        Builder {
            d: PlatformDescriptor {
                platform,
                file: path.to_string(),
                line: 1,
                environments: Vec::new(),
                environment_evidence: Vec::new(),
                crons: Vec::new(),
                settings: Vec::new(),
            },
            marked: false,
        }
    }

    pub fn platform(&mut self, p: Platform) {
        self.d.platform = p;
    }

    /// Records the line of the most telling key; the first call wins.
    pub fn mark(&mut self, line: u32) {
        if !self.marked && line > 0 {
            self.d.line = line;
            self.marked = true;
        }
    }

    /// A named environment (deduplicated by name).
    pub fn env(&mut self, name: &str, line: u32) {
        let name = name.trim();
        if name.is_empty() || self.d.environments.iter().any(|e| e == name) {
            return;
        }
        self.d.environments.push(name.to_string());
        self.d.environment_evidence.push(Evidence::at(
            &self.d.file,
            line.max(1),
            format!("environment {name}"),
        ));
    }

    pub fn cron(&mut self, line: u32, detail: impl Into<String>) {
        self.d
            .crons
            .push(Evidence::at(&self.d.file, line.max(1), detail));
    }

    pub fn setting(&mut self, line: u32, detail: impl Into<String>) {
        self.d
            .settings
            .push(Evidence::at(&self.d.file, line.max(1), detail));
    }

    pub fn has_content(&self) -> bool {
        !self.d.environments.is_empty() || !self.d.crons.is_empty() || !self.d.settings.is_empty()
    }

    pub fn build(self) -> PlatformDescriptor {
        self.d
    }
}

/// `" (suffix)"` when the suffix is not empty.
pub(crate) fn paren(suffix: &str) -> String {
    if suffix.is_empty() {
        String::new()
    } else {
        format!(" ({suffix})")
    }
}

/// `header <Name>` settings from a list of `{key|name, value}` objects or a
/// `{Name: value}` map, as vercel.json, firebase.json and netlify.toml write them.
pub(crate) fn header_settings(b: &mut Builder, headers: &tree::Node) {
    for h in headers.items() {
        let key = h.get("key").or_else(|| h.get("name"));
        if let Some(k) = key.and_then(|k| k.text()) {
            b.setting(h.line1(), format!("header {}", k.trim()));
        }
    }
    for e in headers.entries() {
        b.setting(e.line, format!("header {}", e.key.trim()));
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    /// `(line, detail)` pairs of some evidence, for compact assertions.
    pub fn ev(list: &[Evidence]) -> Vec<(u32, String)> {
        list.iter()
            .map(|e| (e.line.unwrap_or(0), e.detail.clone()))
            .collect()
    }

    pub fn details(list: &[Evidence]) -> Vec<String> {
        list.iter().map(|e| e.detail.clone()).collect()
    }

    pub fn one(p: Parsed) -> PlatformDescriptor {
        let mut v = p.expect("parses");
        assert_eq!(v.len(), 1, "one descriptor: {v:?}");
        v.remove(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::{FileClass, FileEntry};

    fn pf(path: &str) -> Option<Option<Platform>> {
        parser_for(path).map(|(_, p)| p)
    }

    #[test]
    fn picks_files_by_name() {
        assert_eq!(pf("vercel.json"), Some(Some(Platform::Vercel)));
        assert_eq!(pf("apps/web/vercel.json"), Some(Some(Platform::Vercel)));
        assert_eq!(pf(".vercel/project.json"), Some(Some(Platform::Vercel)));
        assert_eq!(pf("x/project.json"), None);
        assert_eq!(pf("supabase/config.toml"), Some(Some(Platform::Supabase)));
        assert_eq!(pf("config.toml"), None);
        assert_eq!(pf("fly.staging.toml"), Some(Some(Platform::Fly)));
        assert_eq!(pf("app.json"), Some(None));
        assert_eq!(pf(".do/app.yaml"), Some(Some(Platform::DigitalOcean)));
        assert_eq!(pf("app.yaml"), Some(None));
        assert_eq!(pf("Procfile"), Some(Some(Platform::Heroku)));
        assert_eq!(pf("Procfile.dev"), None);
        assert_eq!(pf("README.md"), None);
    }

    #[test]
    fn collect_reads_and_warns() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("vercel.json"), "{\"crons\": [").unwrap();
        std::fs::write(dir.path().join("fly.toml"), "app = \"x\"\n").unwrap();
        std::fs::write(dir.path().join("app.json"), "{\"expo\": {}}").unwrap();
        let files = ["vercel.json", "fly.toml", "app.json", "missing.toml"]
            .iter()
            .map(|p| FileEntry {
                path: p.replace("missing.toml", "netlify.toml"),
                class: FileClass::Config,
                language: None,
                size: 10,
                readable: true,
            })
            .collect();
        let inv = Inventory::from_entries(dir.path().to_path_buf(), files, 1 << 20);
        let mut facts = Facts::default();
        collect(&inv, &mut facts);
        let got: Vec<(Platform, &str)> = facts
            .platforms
            .iter()
            .map(|d| (d.platform, d.file.as_str()))
            .collect();
        // malformed vercel.json and unreadable netlify.toml still declare; Expo app.json does not
        assert_eq!(
            got,
            [
                (Platform::Fly, "fly.toml"),
                (Platform::Netlify, "netlify.toml"),
                (Platform::Vercel, "vercel.json"),
            ]
        );
        let kinds: Vec<WarningKind> = facts.warnings.iter().map(|w| w.kind).collect();
        assert!(kinds.contains(&WarningKind::Malformed));
        assert!(kinds.contains(&WarningKind::Unreadable));
    }
}
