#!/usr/bin/env bash
# CPU used by the open app while nothing happens: run it in a detached tmux
# pane (120x40) for SECONDS (default 60) and read utime+stime from
# /proc/PID/stat before and after.
#
#   benches/idle.sh DB [SECONDS]
set -euo pipefail
db=${1:?usage: benches/idle.sh DB [SECONDS]}
secs=${2:-60}
bin=${CALLSHEET_BIN:-target/release/callsheet}
session="callsheet-idle-$$"
tick=$(getconf CLK_TCK)
tmux new-session -d -s "$session" -x 120 -y 40 \
  "exec $bin --db $db --tz Europe/London --now 2026-11-23T12:00:00Z"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
sleep 2 # let it open the file and draw
pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
echo "pid $pid ($(cat /proc/$pid/comm)); screen: $(tmux capture-pane -p -t "$session" | grep -m1 -v '^\s*$')"
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(cpu)
start=$(date +%s.%N)
sleep "$secs"
after=$(cpu)
end=$(date +%s.%N)
awk -v b="$before" -v a="$after" -v t="$tick" -v s="$start" -v e="$end" 'BEGIN {
  cpu = (a - b) / t; wall = e - s;
  printf "idle: %.2f s CPU over %.1f s wall = %.3f %% of one core (tick %d)\n", cpu, wall, 100 * cpu / wall, t
}'
