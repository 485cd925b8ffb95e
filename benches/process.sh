#!/usr/bin/env bash
# Whole-process figures for `callsheet day` and the app's first frame, at
# 1k, 100k and 1M screens. Prints a Markdown table of medians.
#
#   benches/process.sh            # builds, generates missing DBs in $DIR
#   DIR=/tmp RUNS=200 benches/process.sh
#
# Databases live in $DIR (default /tmp), never in the repository; each is
# generated once by examples/gen_history.rs and reused. Uses hyperfine when
# present (apt-get install -y hyperfine), else a plain loop; peak RSS comes
# from GNU time (`/usr/bin/time -v`, median of 5 runs). The first frame is
# timed in a 120x40 pseudo-terminal by benches/pty_frame.py (fork to exit,
# output drained; its cost on `true` is shown as the baseline); its peak RSS
# is taken under `script` (the largest of script, sh and callsheet).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp}
RUNS=${RUNS:-200}
DATE=2026-11-23
NOW=2026-11-23T12:00:00Z
SIZES=${SIZES:-"1000:500 100000:20000 1000000:200000"}

cargo build --release --locked --bin callsheet --example gen_history >&2
bin=$PWD/target/release/callsheet
gen=$PWD/target/release/examples/gen_history

median_ms() { # a command, run RUNS times; prints the median wall in ms
  if command -v hyperfine >/dev/null; then
    local out
    out=$(mktemp)
    hyperfine -N --style none --warmup 10 --runs "$RUNS" --export-json "$out" "$1" >/dev/null 2>&1 ||
      hyperfine --style none --warmup 10 --runs "$RUNS" --export-json "$out" "$1" >/dev/null
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$out"
    rm -f "$out"
  else
    python3 - "$1" "$RUNS" <<'PY'
import shlex, statistics, subprocess, sys, time
cmd, runs = sys.argv[1], int(sys.argv[2])
ts = []
for _ in range(runs):
    t = time.perf_counter(); subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL); ts.append(time.perf_counter() - t)
print("%.2f" % (statistics.median(ts) * 1000))
PY
  fi
}

peak_rss_mib() { # median of 5 runs of GNU time's "Maximum resident set size"
  for _ in 1 2 3 4 5; do
    /usr/bin/time -v sh -c "$1 >/dev/null" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}'
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}'
}

pty() { # runs $1 in a 120x40 pseudo-terminal
  printf 'script -qec %q /dev/null' "stty cols 120 rows 40; $1"
}

echo "| screens | candidates | \`day\` median ms | \`day\` peak RSS MiB | first frame (pty) median ms | pty harness on \`true\` ms | first frame peak RSS MiB |"
echo "|---|---|---|---|---|---|---|"
base=$(benches/pty_frame.py "$RUNS" true)
for size in $SIZES; do
  n=${size%%:*}
  m=${size##*:}
  db=$DIR/callsheet-bench-$n.sqlite3
  [ -f "$db" ] || "$gen" --db "$db" --screens "$n" --candidates "$m" --now "$NOW" >&2
  day="$bin --db $db --tz Europe/London day --date $DATE"
  app="$bin --db $db --tz Europe/London --now $NOW --exit-after-first-frame"
  d=$(median_ms "$day")
  drss=$(peak_rss_mib "$day")
  # shellcheck disable=SC2086 # $app is words on purpose
  f=$(benches/pty_frame.py "$RUNS" $app)
  frss=$(peak_rss_mib "$(pty "$app")")
  echo "| $n | $m | $d | $drss | $f | $base | $frss |"
done
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r); runs=$RUNS"
