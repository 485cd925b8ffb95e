#!/usr/bin/env python3
"""Every criterion median of the last `cargo bench --bench inprocess` run,
as Markdown, with the worst keystroke of `candidate_search` (issue 5's
figure: every keystroke under 5 ms).

    benches/criterion_medians.py [target/criterion]
"""
import json, pathlib, sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
rows = []
for bench in sorted(root.glob("**/new/benchmark.json")):
    meta = json.loads(bench.read_text())
    est = json.loads((bench.parent / "estimates.json").read_text())
    median = est["median"]["point_estimate"] / 1000  # ns -> µs
    rows.append((meta["full_id"], median))


def shown(us):
    return "%.0f µs" % us if us < 1000 else "%.2f ms" % (us / 1000)


print("| benchmark | median |")
print("|---|---|")
for name, us in rows:
    print(f"| `{name}` | {shown(us)} |")
search = [(n, us) for n, us in rows if n.startswith("candidate_search/")]
if search:
    name, us = max(search, key=lambda r: r[1])
    print(f"\nworst keystroke: `{name}` {shown(us)} (of {len(search)})")
