//! The roadmap: gaps grouped into phases by priority, each phase ordered so a
//! control comes after the controls it requires (a CI pipeline before the
//! checks that run in it, backups before restore drills), effort summed and
//! turned into weeks by the team's capacity.

use serde::Serialize;

use super::Settings;
use super::matrix::Gap;
use crate::engine::Priority;
use crate::rules::Status;

/// Quick wins: at most this many hours, at most P2, nothing to do first.
const QUICK_WIN_MAX_HOURS: u32 = 4;
const QUICK_WINS_SHOWN: usize = 8;

const PHASES: [(Priority, &str, &str); 4] = [
    (
        Priority::P0,
        "Stop the bleeding",
        "close every critical control that is missing",
    ),
    (
        Priority::P1,
        "Production foundations",
        "finish critical controls and add the missing high ones",
    ),
    (
        Priority::P2,
        "Hardening",
        "finish high controls and add the missing medium ones",
    ),
    (
        Priority::P3,
        "Maturity",
        "the remaining medium and low controls",
    ),
];

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RoadmapItem {
    pub id: String,
    pub title: String,
    pub priority: Priority,
    pub effort_hours: [u32; 2],
    /// Gaps in this or an earlier phase that must be closed first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// Set when the item moved to an earlier phase because a gap there requires it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pulled_forward_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Phase {
    pub number: u8,
    pub name: &'static str,
    pub goal: &'static str,
    pub priority: Priority,
    pub items: Vec<RoadmapItem>,
    pub hours: [u32; 2],
    /// Calendar weeks at the team's capacity (low, high).
    pub weeks: [u32; 2],
    /// Planned span on the timeline (midpoint estimate), week numbers from 0.
    pub start_week: u32,
    pub end_week: u32,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Roadmap {
    pub capacity_hours_per_week: u32,
    pub phases: Vec<Phase>,
    pub total_hours: [u32; 2],
    pub total_weeks: [u32; 2],
}

fn weeks(hours: u32, capacity: u32) -> u32 {
    if hours == 0 {
        0
    } else {
        hours.div_ceil(capacity.max(1)).max(1)
    }
}

pub(super) fn plan(gaps: &[Gap], settings: &Settings) -> Roadmap {
    let cap = settings.capacity_hours_per_week.max(1);
    let idx = |id: &str| gaps.iter().position(|g| g.id == id);
    // Phase of each gap: its priority, or earlier when an earlier gap requires it.
    let mut phase: Vec<usize> = gaps.iter().map(|g| g.priority as usize).collect();
    let mut pulled: Vec<Option<String>> = vec![None; gaps.len()];
    loop {
        let mut changed = false;
        for (i, g) in gaps.iter().enumerate() {
            for req in &g.requires {
                if let Some(j) = idx(req)
                    && phase[j] > phase[i]
                {
                    phase[j] = phase[i];
                    pulled[j] = Some(g.id.clone());
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }

    let mut phases = Vec::new();
    let mut week = 0u32;
    let (mut total_lo, mut total_hi) = (0u32, 0u32);
    for (n, (prio, name, goal)) in PHASES.iter().enumerate() {
        let members: Vec<usize> = (0..gaps.len()).filter(|&i| phase[i] == n).collect();
        if members.is_empty() {
            continue;
        }
        // Kahn's order inside the phase, stable on the matrix order; earlier
        // phases are already done, so only same-phase requirements wait.
        let mut order: Vec<usize> = Vec::new();
        let mut left = members.clone();
        while !left.is_empty() {
            let is_ready = |i: usize| {
                gaps[i]
                    .requires
                    .iter()
                    .filter_map(|r| idx(r))
                    .all(|j| phase[j] != n || order.contains(&j))
            };
            // Unblockers first: a ready item that another item of the phase
            // waits for goes before the rest, so the phase front-loads them.
            let unblocks = |i: usize| {
                left.iter()
                    .any(|&o| o != i && gaps[o].requires.iter().any(|r| *r == gaps[i].id))
            };
            let ready = left
                .iter()
                .position(|&i| is_ready(i) && unblocks(i))
                .or_else(|| left.iter().position(|&i| is_ready(i)));
            // A cycle (possible only through user rules): keep matrix order.
            let k = ready.unwrap_or(0);
            order.push(left.remove(k));
        }
        let items: Vec<RoadmapItem> = order
            .iter()
            .map(|&i| {
                let g = &gaps[i];
                RoadmapItem {
                    id: g.id.clone(),
                    title: g.title.clone(),
                    priority: g.priority,
                    effort_hours: g.effort_hours,
                    after: g.requires.clone(),
                    pulled_forward_by: pulled[i].clone(),
                }
            })
            .collect();
        let lo: u32 = items.iter().map(|i| i.effort_hours[0]).sum();
        let hi: u32 = items.iter().map(|i| i.effort_hours[1]).sum();
        total_lo += lo;
        total_hi += hi;
        let span = weeks((lo + hi).div_ceil(2), cap);
        phases.push(Phase {
            number: phases.len() as u8 + 1,
            name,
            goal,
            priority: *prio,
            items,
            hours: [lo, hi],
            weeks: [weeks(lo, cap), weeks(hi, cap)],
            start_week: week,
            end_week: week + span,
        });
        week += span;
    }
    Roadmap {
        capacity_hours_per_week: cap,
        phases,
        total_hours: [total_lo, total_hi],
        total_weeks: [weeks(total_lo, cap), weeks(total_hi, cap)],
    }
}

/// Small effort, high value, nothing to do first; most urgent and cheapest first.
pub(super) fn quick_wins(gaps: &[Gap]) -> Vec<String> {
    let mut wins: Vec<&Gap> = gaps
        .iter()
        .filter(|g| {
            g.priority <= Priority::P2
                && g.effort_hours[1] <= QUICK_WIN_MAX_HOURS
                && g.requires.is_empty()
                && g.status != Status::Unknown
        })
        .collect();
    wins.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then(a.effort_hours[1].cmp(&b.effort_hours[1]))
            .then(a.id.cmp(&b.id))
    });
    wins.into_iter()
        .take(QUICK_WINS_SHOWN)
        .map(|g| g.id.clone())
        .collect()
}
