//! Costs: the dated pricing catalog (`pricing/catalog.toml`, compiled in,
//! overridable in `infragap.toml`) applied to the gaps. Each gap gets the
//! service its recommendation names (the stack's own first), with a
//! self-hosted alternative where one exists; a service that closes several
//! gaps is counted once, in the earliest phase that needs it.

use serde::{Deserialize, Serialize};

use super::Settings;
use super::roadmap::Roadmap;
use crate::stack::Stack;

const BUILTIN: &str = include_str!("../../pricing/catalog.toml");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServicePrice {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub controls: Vec<String>,
    pub monthly: [u32; 2],
    /// Preferred when the stack names one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_hosted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_hosted_monthly: Option<[u32; 2]>,
    /// Where the entry came from: `built-in` or `infragap.toml:LINE`.
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    date: String,
    currency: String,
    service: Vec<ServicePrice>,
}

#[derive(Debug, Clone)]
pub struct PricingCatalog {
    pub date: String,
    pub currency: String,
    pub services: Vec<ServicePrice>,
}

impl PricingCatalog {
    /// The catalog shipped in the binary. Its validity is a unit test.
    pub fn builtin() -> PricingCatalog {
        let file: CatalogFile = toml::from_str(BUILTIN).expect("built-in pricing catalog parses");
        PricingCatalog {
            date: file.date,
            currency: file.currency,
            services: file
                .service
                .into_iter()
                .map(|mut s| {
                    s.source = "built-in".into();
                    s
                })
                .collect(),
        }
    }

    /// Entries from `infragap.toml` replace built-in entries of the same id
    /// (and are tried first), or add new ones.
    pub fn with_overrides(mut self, overrides: &[ServicePrice]) -> PricingCatalog {
        for o in overrides.iter().rev() {
            let mut o = o.clone();
            // A price change may name only `id` and `monthly`: keep the rest.
            if let Some(old) = self.services.iter().find(|s| s.id == o.id) {
                if o.name.is_empty() {
                    o.name = old.name.clone();
                }
                if o.controls.is_empty() {
                    o.controls = old.controls.clone();
                }
                if o.stack.is_empty() {
                    o.stack = old.stack.clone();
                }
                if o.self_hosted.is_none() {
                    o.self_hosted = old.self_hosted.clone();
                    o.self_hosted_monthly = o.self_hosted_monthly.or(old.self_hosted_monthly);
                }
            }
            if o.name.is_empty() {
                o.name = o.id.clone();
            }
            self.services.retain(|s| s.id != o.id);
            self.services.insert(0, o);
        }
        self
    }

    /// The service for a control: one whose `stack` the repository has, else
    /// the first general one.
    fn for_control(&self, id: &str, stack_names: &[&str]) -> Option<&ServicePrice> {
        let offers = || {
            self.services
                .iter()
                .filter(|s| s.controls.iter().any(|c| c == id))
        };
        offers()
            .find(|s| {
                s.stack
                    .iter()
                    .any(|n| stack_names.iter().any(|m| m.eq_ignore_ascii_case(n)))
            })
            .or_else(|| offers().find(|s| s.stack.is_empty()))
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CostItem {
    /// The gap (control id).
    pub control: String,
    pub service_id: String,
    pub service: String,
    pub monthly: [u32; 2],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_hosted: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_hosted_monthly: Option<[u32; 2]>,
    /// Roadmap phase number the cost starts in.
    pub phase: u8,
    /// False when an earlier gap already pays for the same service.
    pub counted: bool,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PhaseCost {
    pub phase: u8,
    /// Recurring services the phase adds, per month.
    pub monthly: [u32; 2],
    /// The phase's hours at the hourly rate (one-off).
    pub engineering: [u32; 2],
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Costs {
    pub catalog_date: String,
    pub currency: String,
    pub hourly_rate: u32,
    pub items: Vec<CostItem>,
    pub phases: Vec<PhaseCost>,
    /// Every recurring service once, per month, after the whole roadmap.
    pub monthly_total: [u32; 2],
    /// The same with the self-hosted alternative wherever one exists.
    pub monthly_total_self_hosted: [u32; 2],
    pub engineering_total: [u32; 2],
    /// Gaps closed by engineering time alone (no service to buy).
    pub engineering_only: Vec<String>,
}

pub(super) fn estimate(
    roadmap: &Roadmap,
    stack: &Stack,
    settings: &Settings,
    pricing: &PricingCatalog,
) -> Costs {
    let stack_names: Vec<&str> = stack.component_names().collect();
    let mut items: Vec<CostItem> = Vec::new();
    let mut engineering_only = Vec::new();
    // Walk the roadmap in order so a shared service is counted where it starts.
    for phase in &roadmap.phases {
        for item in &phase.items {
            let Some(svc) = pricing.for_control(&item.id, &stack_names) else {
                engineering_only.push(item.id.clone());
                continue;
            };
            let counted = !items.iter().any(|i| i.service_id == svc.id);
            items.push(CostItem {
                control: item.id.clone(),
                service_id: svc.id.clone(),
                service: svc.name.clone(),
                monthly: svc.monthly,
                self_hosted: svc.self_hosted.clone(),
                self_hosted_monthly: svc.self_hosted_monthly,
                phase: phase.number,
                counted,
                source: svc.source.clone(),
            });
        }
    }
    let rate = settings.hourly_rate;
    let phases: Vec<PhaseCost> = roadmap
        .phases
        .iter()
        .map(|p| {
            let mut monthly = [0, 0];
            for i in items.iter().filter(|i| i.counted && i.phase == p.number) {
                monthly[0] += i.monthly[0];
                monthly[1] += i.monthly[1];
            }
            PhaseCost {
                phase: p.number,
                monthly,
                engineering: [p.hours[0] * rate, p.hours[1] * rate],
            }
        })
        .collect();
    let mut monthly_total = [0, 0];
    let mut self_hosted_total = [0, 0];
    for i in items.iter().filter(|i| i.counted) {
        monthly_total[0] += i.monthly[0];
        monthly_total[1] += i.monthly[1];
        let alt = i.self_hosted_monthly.unwrap_or(i.monthly);
        self_hosted_total[0] += alt[0];
        self_hosted_total[1] += alt[1];
    }
    Costs {
        catalog_date: pricing.date.clone(),
        currency: pricing.currency.clone(),
        hourly_rate: rate,
        items,
        phases,
        monthly_total,
        monthly_total_self_hosted: self_hosted_total,
        engineering_total: [roadmap.total_hours[0] * rate, roadmap.total_hours[1] * rate],
        engineering_only,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_parses_and_is_well_formed() {
        let c = PricingCatalog::builtin();
        assert!(
            crate::config::date::Date::parse(&c.date).is_some(),
            "catalog date"
        );
        let mut ids: Vec<&str> = c.services.iter().map(|s| s.id.as_str()).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate service ids");
        for s in &c.services {
            assert!(s.monthly[0] <= s.monthly[1], "{}: monthly range", s.id);
            assert!(!s.controls.is_empty(), "{}: no controls", s.id);
            if let Some(m) = s.self_hosted_monthly {
                assert!(m[0] <= m[1], "{}: self-hosted range", s.id);
                assert!(
                    s.self_hosted.is_some(),
                    "{}: self-hosted price without a name",
                    s.id
                );
            }
        }
    }

    #[test]
    fn stack_specific_service_wins() {
        let c = PricingCatalog::builtin();
        assert_eq!(
            c.for_control("DAT-03", &["Supabase"]).unwrap().id,
            "supabase-pitr"
        );
        assert_eq!(
            c.for_control("DAT-03", &["Next.js"]).unwrap().id,
            "managed-backups"
        );
        assert!(c.for_control("OPS-02", &[]).is_none());
    }
}
