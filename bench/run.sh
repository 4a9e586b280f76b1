#!/usr/bin/env bash
# Times `infragap scan` against ripgrep running infragap's own pattern list
# over the same large synthetic tree. See BENCHMARKS.md.
#
#   bench/run.sh [--quick] [TREE_DIR]
#
# TREE_DIR defaults to /tmp/infragap-bench-tree (60k files, ~550 MiB), or to
# /tmp/infragap-bench-tree-quick (5k files, ~46 MiB) with --quick. A missing
# tree is generated with bench/gen_tree.py.
#
# Environment knobs:
#   THREADS=2          threads for both tools (rg -j, infragap --threads)
#   RUNS=5 WARMUP=1    hyperfine settings
#   PATTERNS=/tmp/patterns.txt   where the pattern list is written
#   RESULTS=/tmp/infragap-bench-results   hyperfine JSON/Markdown exports
#   INFRAGAP_BIN=path  use this binary instead of `cargo build --release`
#   RG_UNICODE=1       let rg compile the patterns in Unicode mode (its default);
#                      infragap compiles them with Unicode off, so by default
#                      rg gets --no-unicode to match the same thing
set -euo pipefail

THREADS=${THREADS:-2}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
PATTERNS=${PATTERNS:-/tmp/patterns.txt}
RESULTS=${RESULTS:-/tmp/infragap-bench-results}
CAP_BYTES=$((2 * 1024 * 1024)) # infragap's content cap (ScanOptions::max_file_size)

SCRIPT=run.sh
HELP_LINES=2,20p
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_args "$@"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

for tool in rg hyperfine python3; do
    command -v "$tool" >/dev/null || die "'$tool' is not installed (apt-get install -y ripgrep hyperfine python3)"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install -y time)"

# --- 1. the tree --------------------------------------------------------------
ensure_tree

# --- 2. the binary and its pattern list ---------------------------------------
build_bin

if ! "$bin" rules --patterns >"$PATTERNS" 2>"$PATTERNS.err" || [[ ! -s "$PATTERNS" ]]; then
    {
        echo "run.sh: this build of infragap cannot print its pattern list."
        echo "        The benchmark needs \`infragap rules --patterns\` (one regex per line) to"
        echo "        give ripgrep exactly the patterns infragap matches. Merge a main that has"
        echo "        the command, then run bench/run.sh again."
        sed 's/^/        | /' "$PATTERNS.err" | head -5
    } >&2
    exit 3
fi
if ! "$bin" scan --help >/dev/null 2>&1; then
    echo "run.sh: this build of infragap has no \`scan\` command yet; nothing to measure." >&2
    exit 3
fi
npat=$(grep -c . "$PATTERNS" || true)
echo "==> $npat patterns in $PATTERNS"

# ripgrep must accept every pattern, or it would be timing an error message.
# rg is line-oriented and refuses patterns that match a newline literally
# (infragap's private-key rule spans lines); those few are left out of rg's
# list and counted, which only makes rg's job easier.
rg_patterns="$PATTERNS.rg"
: >"$rg_patterns"
dropped=0
while IFS= read -r pat; do
    [[ -z "$pat" ]] && continue
    if rg --no-unicode -c -e "$pat" -- /dev/null >/dev/null 2>&1 || [[ $? -eq 1 ]]; then
        printf '%s\n' "$pat" >>"$rg_patterns"
    else
        dropped=$((dropped + 1))
        echo "    rg rejects (left out of its list): ${pat:0:80}" >&2
    fi
done <"$PATTERNS"
set +e
rg -c -f "$rg_patterns" -- /dev/null >/dev/null 2>"$PATTERNS.rgerr"
rc=$?
set -e
if ((rc > 1)); then
    echo "run.sh: ripgrep rejects infragap's pattern list:" >&2
    head -20 "$PATTERNS.rgerr" >&2
    exit 4
fi
echo "==> rg gets $((npat - dropped)) of the $npat patterns ($dropped it cannot run line by line)"

# --- 3. the two commands --------------------------------------------------------
# ripgrep reads what infragap reads: hidden files too (.github, .env.example),
# .gitignore honoured even though the tree is not a git repository (infragap
# sets require_git(false)), never .git, and nothing over infragap's 2 MiB cap.
# And the same regexes: infragap compiles every pattern with Unicode off
# (ASCII \b, \w, \s, case folding), so rg does too unless RG_UNICODE=1.
q() { printf '%q' "$1"; }
rg_unicode_flag="--no-unicode "
[[ "${RG_UNICODE:-0}" == 1 ]] && rg_unicode_flag=""
rg_cmd="rg ${rg_unicode_flag}--no-messages --hidden --no-require-git -g '!.git' --max-filesize $CAP_BYTES -j $THREADS -c -f $(q "$rg_patterns") $(q "$tree") > /dev/null"
ig_cmd="$(q "$bin") scan $(q "$tree") --format json -o /dev/null --threads $THREADS"

# --- 4. what the walk sees -------------------------------------------------------
read -r nfiles total_bytes cap_bytes text_bytes < <(
    rg --files --hidden --no-require-git -g '!.git' --no-messages "$tree" |
        python3 -c '
import sys
cap = int(sys.argv[1])
n = total = under = text = 0
for line in sys.stdin:
    p = line.rstrip("\n")
    try:
        with open(p, "rb") as f:
            size = f.seek(0, 2)
            f.seek(0)
            head = f.read(8192)
    except OSError:
        continue
    n += 1
    total += size
    if size <= cap:
        under += size
        if b"\0" not in head:
            text += size
print(n, total, under, text)
' "$CAP_BYTES"
)
mb() { python3 -c "print(f'{$1 / 1e6:.0f}')"; }
echo "==> walk: $nfiles files, $(mb "$total_bytes") MB; $(mb "$text_bytes") MB of text in files under the 2 MiB cap"

# --- 5. sanity run + peak RSS ------------------------------------------------------
mkdir -p "$RESULTS"
peak_rss() { # prints "KiB exit-status" for one run of the shell command $1
    local log
    log=$(mktemp)
    /usr/bin/time -v bash -c "$1" 2>"$log" >/dev/null || true
    local kib st
    kib=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$log")
    st=$(sed -n 's/^[[:space:]]*Exit status: //p' "$log")
    if [[ -z "$kib" ]]; then
        cat "$log" >&2
        rm -f "$log"
        die "could not measure peak RSS"
    fi
    rm -f "$log"
    echo "$kib $st"
}
# infragap is run directly (exec) so /usr/bin/time reports its own RSS, not bash's.
read -r ig_rss ig_status < <(peak_rss "exec $ig_cmd")
read -r rg_rss rg_status < <(peak_rss "exec $rg_cmd")
echo "==> infragap exit status $ig_status, peak RSS $((ig_rss * 1024 / 1000000)) MB; rg exit status $rg_status, peak RSS $((rg_rss * 1024 / 1000000)) MB"
if ((ig_status > 1)); then
    echo "run.sh: infragap scan failed (exit $ig_status):" >&2
    eval "$ig_cmd" 2>&1 >/dev/null | tail -20 >&2 || true
    exit 5
fi
# What infragap itself says it scanned, if its JSON carries counts.
eval "${ig_cmd/-o \/dev\/null/-o $(q "$RESULTS/scan.json")}" >/dev/null 2>&1 || true
read -r ig_files ig_files_read ig_bytes_read < <(python3 - "$RESULTS/scan.json" <<'EOF' 2>/dev/null || echo "- - -"
import json, sys
st = json.load(open(sys.argv[1])).get("stats", {})
print(st.get("files", "-"), st.get("files_read", "-"), st.get("bytes_read", "-"))
EOF
)
if [[ "$ig_files" != "-" ]]; then
    echo "==> infragap's own stats: $ig_files files walked, $ig_files_read read, $(mb "$ig_bytes_read") MB read"
    if [[ "$ig_files" != "$nfiles" ]]; then
        echo "==> note: infragap walked $ig_files files, rg --files lists $nfiles: the two do not see the same tree" >&2
    fi
fi

# --- 6. timing -------------------------------------------------------------------
echo "==> hyperfine --warmup $WARMUP --runs $RUNS (threads: $THREADS)"
hyperfine --warmup "$WARMUP" --runs "$RUNS" --ignore-failure --style basic \
    --export-json "$RESULTS/hyperfine.json" --export-markdown "$RESULTS/hyperfine.md" \
    -n rg "$rg_cmd" -n infragap "$ig_cmd"

# --- 7. report -------------------------------------------------------------------
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null | head -1)
[[ -n "$dirty" ]] && commit="$commit+dirty"
python3 - "$RESULTS/hyperfine.json" "$nfiles" "$total_bytes" "$text_bytes" "$ig_rss" "$rg_rss" "$commit" "$THREADS" "$npat" "$tree" \
    "$ig_files_read" "$ig_bytes_read" "$rg_unicode_flag" <<'EOF'
import json, os, platform, subprocess, sys, datetime
hf, nfiles, total, text, ig_rss, rg_rss, commit, threads, npat, tree, files_read, bytes_read, rg_flag = sys.argv[1:]
nfiles, total, text, ig_rss, rg_rss = map(int, (nfiles, total, text, ig_rss, rg_rss))
# Throughput counts what infragap says it read; without its stats, the text
# bytes under the cap stand in.
read_bytes = int(bytes_read) if bytes_read.isdigit() else text
read_note = (f"infragap read {int(files_read)} files, {read_bytes / 1e6:.0f} MB"
             if bytes_read.isdigit() else "infragap's read counts unavailable; MB/s uses text bytes under the cap")
res = {r["command"]: r for r in json.load(open(hf))["results"]}
ig, rg = res["infragap"], res["rg"]
ratio = ig["mean"] / rg["mean"]
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
rgv = subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
print()
print(f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}; "
      f"date {datetime.date.today().isoformat()}; commit {commit}; {rgv} ({'--no-unicode' if rg_flag.strip() else 'Unicode mode'}); threads {threads}; {npat} patterns")
print(f"Tree: {tree}: {nfiles} files walked, {total / 1e6:.0f} MB; "
      f"{text / 1e6:.0f} MB of text in files under the 2 MiB cap (MB = 10^6 bytes); {read_note}")
print()
ig_mb = ig_rss * 1024 / 1e6
rg_mb = rg_rss * 1024 / 1e6
print("| infragap wall (s) | rg wall (s) | ratio infragap/rg | files/s | MB/s | peak RSS infragap | peak RSS rg |")
print("|---|---|---|---|---|---|---|")
print(f"| {ig['mean']:.2f} ± {ig['stddev']:.2f} | {rg['mean']:.2f} ± {rg['stddev']:.2f} | {ratio:.2f} "
      f"| {nfiles / ig['mean']:,.0f} | {read_bytes / 1e6 / ig['mean']:,.0f} | {ig_mb:.0f} MB | {rg_mb:.0f} MB |")
print()
print("files/s and MB/s are infragap's: files walked and bytes read, per second of mean wall time.")
ok_ratio = ratio <= 1.5
ok_rss = ig_mb <= 300
print(f"Targets: ratio <= 1.5: {'PASS' if ok_ratio else 'FAIL'} ({ratio:.2f}); "
      f"peak RSS <= 300 MB: {'PASS' if ok_rss else 'FAIL'} ({ig_mb:.0f} MB)")
EOF
