#!/usr/bin/env bash
# callsheet vs calcurse on the same generated history, in one run.
#
#   benches/peers.sh          # DIR=/tmp RUNS=100 SIZES="1000 100000"
#
# calcurse takes ~13 s per run at 100k screens here and grows faster than
# linearly, so from 100k it is run once (no warm-up) and 1M is opt-in.
#
# Needs the databases benches/process.sh generates. Each is written out as
# calcurse's `apts` file (one line per screen, start-time order,
# `MM/DD/YYYY @ HH:MM -> MM/DD/YYYY @ HH:MM |description`, London time),
# then `calcurse -D DIR -d 11/23/2026` (the generated day; `-a` would be the
# machine's today) is timed against `callsheet day --date 2026-11-23`.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp}
RUNS=${RUNS:-100}
SIZES=${SIZES:-"1000 100000"}
command -v calcurse >/dev/null || apt-get install -y calcurse >&2
command -v hyperfine >/dev/null || apt-get install -y hyperfine >&2
cargo build --release --locked --bin callsheet >&2
bin=$PWD/target/release/callsheet

median() { # hyperfine median in ms of one command: RUNS, WARMUP, COMMAND
  local out
  out=$(mktemp)
  hyperfine -N --style none --warmup "$2" --runs "$1" --export-json "$out" "$3" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$out"
  rm -f "$out"
}
rss() { /usr/bin/time -v sh -c "$1 >/dev/null" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "%.1f", $6/1024}'; }

echo "| screens | \`callsheet day\` ms | RSS MiB | \`calcurse -d\` ms | RSS MiB | calcurse / callsheet |"
echo "|---|---|---|---|---|---|"
for n in $SIZES; do
  db=$DIR/callsheet-bench-$n.sqlite3
  cal=$DIR/callsheet-calcurse-$n
  if [ ! -f "$cal/apts" ]; then
    mkdir -p "$cal"
    python3 - "$db" "$cal/apts" <<'PY'
import sqlite3, sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
london = ZoneInfo("Europe/London")
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
fmt = "%m/%d/%Y @ %H:%M"
with open(sys.argv[2], "w") as out:
    for start, minutes, name, role in db.execute(
        "SELECT s.start_utc, s.minutes, c.name, coalesce(r.title, '') FROM screens s "
        "JOIN candidates c ON c.id = s.candidate_id LEFT JOIN roles r ON r.id = s.role_id "
        "ORDER BY s.start_utc, s.id"):
        a = datetime.fromtimestamp(start, timezone.utc).astimezone(london)
        b = a + timedelta(minutes=minutes)
        out.write(f"{a.strftime(fmt)} -> {b.strftime(fmt)} |{name} — {role}\n")
PY
    : >"$cal/todo"
  fi
  day="$bin --db $db --tz Europe/London day --date 2026-11-23"
  cc="calcurse -D $cal -d 11/23/2026"
  runs=$RUNS warm=3
  if [ "$n" -ge 100000 ]; then runs=1 warm=0; fi
  d=$(median "$RUNS" 3 "$day")
  c=$(median "$runs" "$warm" "$cc")
  echo "| $n | $d | $(rss "$day") | $c | $(rss "$cc") | $(python3 -c "print('%.0f' % ($c / $d))")× |"
done
