#!/usr/bin/env python3
"""Median wall time of a command started in a fresh 120x40 pseudo-terminal,
from fork to exit, with all its output read: the app's first frame when the
command is `callsheet --exit-after-first-frame`.

    benches/pty_frame.py RUNS CMD [ARGS...]

One Python process forks every run, so unlike `script -c` no shell or
`stty` is timed; run it on `true` for the harness's own cost.
"""
import fcntl, os, pty, statistics, struct, sys, termios, time

runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for i in range(runs + 5):
    t = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execvp(cmd[0], cmd)
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)
    if i >= 5:  # warm-up
        times.append(time.perf_counter() - t)
print("%.2f" % (statistics.median(times) * 1000))
