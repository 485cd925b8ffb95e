#!/usr/bin/env bash
# Whole-process figures at 1k, 100k and 1M screens: `callsheet day` and the
# app's first frame, each beside its reference program, in ONE hyperfine
# run per size (same machine, same moment), with the ratios issue 5 sets:
# `day` ≤ 1.5 × examples/minimal_day, first frame ≤ 2 × examples/minimal_frame.
#
#   benches/process.sh                 # DIR=/tmp RUNS=200
#   SIZES="1000000:200000" RUNS=300 benches/process.sh
#
# All four commands run inside one 120x40 pseudo-terminal (`script`), with
# their output going to it (`hyperfine --output=inherit`), as a recruiter
# runs them: the frames draw into a real terminal, and `day` prints to one.
# Databases live in $DIR, never in the repository; each is generated once
# by examples/gen_history.rs. Peak RSS: GNU time, median of 5 runs. The app
# runs in a throw-away HOME (its config, log and data directories). Prints
# a Markdown table, with the load average before each size.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp}
RUNS=${RUNS:-200}
DATE=2026-11-23
NOW=2026-11-23T12:00:00Z
SIZES=${SIZES:-"1000:500 100000:20000 1000000:200000"}

command -v hyperfine >/dev/null || apt-get install -y hyperfine >&2
# The binary on its own, as `cargo build --release` makes it: built beside
# the examples, it would get the features their dev-dependencies unify in.
cargo build --release --locked --example gen_history --example minimal_day --example minimal_frame >&2
cargo build --release --locked --bin callsheet >&2
bin=$PWD/target/release/callsheet
ex=$PWD/target/release/examples

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state
unset CALLSHEET_DB CALLSHEET_NOW CALLSHEET_TZ CALLSHEET_CONFIG

in_pty() { # runs the shell command $1 in a 120x40 pseudo-terminal
  script -qec "stty cols 120 rows 40; $1" /dev/null >/dev/null </dev/null
}

peak_rss_mib() { # median of 5 runs of GNU time's maximum resident set, in the pty
  local out
  out=$(mktemp)
  for _ in 1 2 3 4 5; do
    in_pty "/usr/bin/time -a -o $out -f %M $1"
  done
  sort -n "$out" | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}'
  rm -f "$out"
}

echo "| screens | candidates | \`minimal_day\` ms | \`callsheet day\` ms | ratio (≤ 1.5) | \`day\` peak RSS MiB | \`minimal_frame\` ms | first frame ms | ratio (≤ 2) | frame peak RSS MiB | load avg |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for size in $SIZES; do
  n=${size%%:*}
  m=${size##*:}
  db=$DIR/callsheet-bench-$n.sqlite3
  [ -f "$db" ] || "$ex/gen_history" --db "$db" --screens "$n" --candidates "$m" --now "$NOW" >&2
  min_day="$ex/minimal_day $db $DATE"
  day="$bin --db $db --tz Europe/London day --date $DATE"
  min_frame="$ex/minimal_frame $db $DATE"
  frame="$bin --db $db --tz Europe/London --now $NOW --exit-after-first-frame"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  json=$(mktemp)
  in_pty "hyperfine -N --style none --output=inherit --warmup 10 --runs $RUNS \
    --export-json $json '$min_day' '$day' '$min_frame' '$frame'"
  read -r md d mf f < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join("%.2f" % (x["median"] * 1000) for x in r))' "$json")
  rm -f "$json"
  ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
  echo "| $n | $m | $md | $d | $(ratio "$d" "$md") | $(peak_rss_mib "$day") | $mf | $f | $(ratio "$f" "$mf") | $(peak_rss_mib "$frame") | $load |"
done
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r); hyperfine -N, $RUNS runs + 10 warm-up each, medians; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
