//! The commented `infragap.toml` that `infragap init` writes.

pub const TEMPLATE: &str = r#"# infragap.toml — what the code cannot show, and gaps you accept.
# Errors in this file are reported with the line and a caret; `infragap rules`
# lists the control ids, `infragap explain ID` says what each one checks.

# Extra rule files, in the same TOML language as the built-in pack (paths are
# relative to this file). Every *.toml in .infragap/rules/ (and every
# rule.toml in its subfolders) is loaded too. A new id adds a control; a file
# with an existing id and `extends = true` adds [[tier]]s tried before the
# built-in ones.
# rules = ["ops/infragap/payments.toml"]

# Controls in place outside the repository. A declared control becomes
# `present` (or the status you give), marked "declared", with your reason as
# its evidence at this file's line.
[context]
# DAT-03 = "Managed by Supabase with point-in-time recovery, restore verified monthly"
#
# [context.OPS-02]
# status = "partial"          # present (default), partial or n/a
# fraction = 0.5              # partial only, 0.1–0.9
# reason = "on-call rota covers the API, not the workers"

# Suppressions. Each needs a reason; `expires` (a TOML date, no quotes) makes
# it stop applying after that day, with a warning. A suppression that matches
# nothing is reported as a warning too.
#
# A whole control: the gap is accepted. Its status stays as computed, it is
# marked "suppressed" and leaves the priority list and the posture.
# [[suppress]]
# control = "TST-04"
# reason = "no load tests until the public launch"
# expires = 2027-01-31
#
# Findings of a hygiene control: by fingerprint ("path:rule:line", shown in
# the JSON report) and/or by path globs. When no finding is left, the control
# becomes present.
# [[suppress]]
# control = "SEC-01"
# paths = ["scripts/dev-seed/**"]
# reason = "keys of the local emulator, not real credentials"
#
# One finding can also be silenced in the code, on its line or the line above:
#   // infragap:allow SEC-01 key of the local emulator

# The CI gate, `infragap check`: it exits 1 when a condition fails, 0 when
# all hold. Flags (--fail-on, --min-score, --min-level, --baseline) win over
# these values; the output says where each threshold came from. With nothing
# set anywhere, `check` fails on P0 gaps.
[check]
# fail_on = "p1"        # fail on a gap of this priority or higher (p0–p3)
# min_score = 60        # completeness, percent (0–100)
# min_level = 2         # maturity level (1–5)
#
# Gaps already in the baseline are accepted: only new gaps and regressions
# (a worse status, a lower fraction, a higher priority, a new secret or other
# hygiene finding) fail. Write it with `infragap baseline -o FILE`; the path
# is relative to this file. A JSON report (`scan --format json`) works too.
# baseline = "infragap-baseline.json"

# The roadmap and costs. Command-line flags (--capacity, --hourly-rate) win.
# [assessment]
# capacity_hours_per_week = 30   # engineering hours per week for the roadmap
# hourly_rate = 100              # blended rate for the one-off engineering cost

# Prices: replace a built-in catalog entry (same `id`; the report's costs
# list each service_id) or add your own. Monthly [low, high] in the
# catalog's currency.
# [[pricing]]
# id = "sentry"
# monthly = [80, 80]             # our negotiated Business plan
#
# [[pricing]]
# id = "own-grafana"
# name = "Grafana on our Kubernetes cluster"
# controls = ["OBS-04", "OBS-05", "OBS-07"]
# monthly = [40, 40]
"#;
