#!/usr/bin/env bash
# callsheet vs calcurse on the same generated history, in one hyperfine run
# per size: `calcurse -D DIR -a` (today's appointments, the form issue 5
# names) against `callsheet day`.
#
#   benches/peers.sh                 # DIR=/tmp SIZES="1000 100000 1000000"
#
# Needs the databases benches/process.sh generates (history around Monday
# 23 Nov 2026). Each is written out as calcurse's `apts` file: one line per
# screen, `MM/DD/YYYY @ HH:MM -> MM/DD/YYYY @ HH:MM |description`, London
# time, shifted by whole days so the generated day falls on today (`-a`
# lists the machine's today), and in calcurse's own order: by start, then
# by description, as calcurse itself saves the file. (In id order, as an
# earlier version of this script wrote it, the ~766 screens sharing each
# half-hour slot at 1M arrive out of calcurse's order and each one walks
# its appointment list: 36 s instead of 0.23 s at 100k.)
#
# hyperfine runs each command for at least 3 s, 3 to 200 times (so calcurse
# at 1M runs only a few times; the table says how many), after 3 warm-up
# runs. Peak RSS: GNU time, one run.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp}
SIZES=${SIZES:-"1000 100000 1000000"}
export TZ=Europe/London
command -v calcurse >/dev/null || apt-get install -y calcurse >&2
command -v hyperfine >/dev/null || apt-get install -y hyperfine >&2
cargo build --release --locked --bin callsheet >&2
bin=$PWD/target/release/callsheet
today=$(date +%F)

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state
unset CALLSHEET_DB CALLSHEET_NOW CALLSHEET_TZ CALLSHEET_CONFIG

rss() { /usr/bin/time -f %M sh -c "$1 >/dev/null" 2>&1 >/dev/null | awk '{printf "%.1f", $1/1024}'; }

echo "| screens | \`callsheet day\` ms (runs) | RSS MiB | \`calcurse -a\` ms (runs) | RSS MiB | calcurse / callsheet | load avg |"
echo "|---|---|---|---|---|---|---|"
for n in $SIZES; do
  db=$DIR/callsheet-bench-$n.sqlite3
  [ -f "$db" ] || { echo "no $db: run benches/process.sh first" >&2; exit 1; }
  cal=$DIR/callsheet-calcurse-$n-$today
  if [ ! -f "$cal/apts" ]; then
    mkdir -p "$cal"
    python3 - "$db" "$cal/apts" "$today" <<'PY'
import sqlite3, sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo
london = ZoneInfo("Europe/London")
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro&immutable=1", uri=True)
shift = timedelta(days=(date.fromisoformat(sys.argv[3]) - date(2026, 11, 23)).days)
rows = []
for start, minutes, name, role in db.execute(
    "SELECT s.start_utc, s.minutes, c.name, coalesce(r.title, '') FROM screens s "
    "JOIN candidates c ON c.id = s.candidate_id LEFT JOIN roles r ON r.id = s.role_id"):
    # Local wall time moved by whole days: the day keeps its 09:00-17:00.
    a = datetime.fromtimestamp(start, timezone.utc).astimezone(london).replace(tzinfo=None) + shift
    rows.append((a, a + timedelta(minutes=minutes), f"{name} — {role}"))
rows.sort(key=lambda r: (r[0], r[2].encode()))
fmt = "%m/%d/%Y @ %H:%M"
with open(sys.argv[2], "w") as out:
    for a, b, desc in rows:
        out.write(f"{a.strftime(fmt)} -> {b.strftime(fmt)} |{desc}\n")
PY
    : >"$cal/todo"
  fi
  day="$bin --db $db day --date 2026-11-23"
  cc="calcurse -D $cal -a"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  json=$(mktemp)
  hyperfine -N --style none --warmup 3 --min-runs 3 --max-runs 200 \
    --export-json "$json" "$day" "$cc" >/dev/null 2>&1
  read -r d dn c cn < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join("%.2f %d" % (x["median"] * 1000, len(x["times"])) for x in r))' "$json")
  rm -f "$json"
  echo "| $n | $d ($dn) | $(rss "$day") | $c ($cn) | $(rss "$cc") | $(python3 -c "r = $c / $d; print('%.1f' % r if r < 10 else '%.0f' % r)")× | $load |"
done
echo
echo "calcurse $(calcurse --version | head -1 | awk '{print $2}'), TZ=$TZ, today $today; hyperfine -N medians"
