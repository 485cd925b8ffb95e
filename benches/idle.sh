#!/usr/bin/env bash
# CPU used by the open app while nothing happens: run it in a detached tmux
# pane (120x40) for SECONDS (default 60) and read utime+stime from
# /proc/PID/stat before and after. Its own tmux server (-L) and a
# throw-away HOME, so neither the user's tmux nor their log is touched.
#
#   benches/idle.sh DB [SECONDS]
set -euo pipefail
db=${1:?usage: benches/idle.sh DB [SECONDS]}
secs=${2:-60}
bin=${CALLSHEET_BIN:-target/release/callsheet}
session="callsheet-idle-$$"
sock="callsheet-idle-$$"
tick=$(getconf CLK_TCK)
home=$(mktemp -d)
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$home"' EXIT
tmux -L "$sock" new-session -d -s "$session" -x 120 -y 40 \
  "exec env HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state \
   $bin --db $db --tz Europe/London --now 2026-11-23T12:00:00Z"
sleep 2 # let it open the file and draw
pid=$(tmux -L "$sock" list-panes -t "$session" -F '#{pane_pid}')
echo "pid $pid ($(cat /proc/$pid/comm)); screen: $(tmux -L "$sock" capture-pane -p -t "$session" | grep -m1 -v '^\s*$')"
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(cpu)
start=$(date +%s.%N)
sleep "$secs"
after=$(cpu)
end=$(date +%s.%N)
# Quit as a recruiter does, so the app closes the database cleanly (a
# killed app leaves its -wal and -shm behind, which changes how the next
# `callsheet day` reads the file).
tmux -L "$sock" send-keys -t "$session" q
sleep 1
awk -v b="$before" -v a="$after" -v t="$tick" -v s="$start" -v e="$end" 'BEGIN {
  cpu = (a - b) / t; wall = e - s;
  printf "idle: %.2f s CPU over %.1f s wall = %.3f %% of one core (tick %d)\n", cpu, wall, 100 * cpu / wall, t
}'
