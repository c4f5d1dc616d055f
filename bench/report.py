#!/usr/bin/env python3
"""Reads hyperfine's JSON exports and prints the results table (markdown):
medians per booking and ratios of medians measured in the same run."""
import json, os, platform, statistics, subprocess, sys

out, n = sys.argv[1], int(sys.argv[2])

def load(name):
    with open(os.path.join(out, name + ".json")) as f:
        return [r for r in json.load(f)["results"]]

def med(r):
    return statistics.median(r["times"])

def machine():
    cpu = "unknown cpu"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%s, %d cores, %s" % (cpu, os.cpu_count(), platform.platform())

rows = []
pp = load("per-process")
berth, floor, sqlite, loud = (med(r) for r in pp)
rows.append(("book, one process each (-q)", berth / n, "LMDB floor", floor / n,
             berth / floor, "<= 1.3"))
rows.append(("book, one process each (table out)", loud / n, "LMDB floor",
             floor / n, loud / floor, "<= 1.3"))
rows.append(("book, one process each (-q)", berth / n, "sqlite3 CLI",
             sqlite / n, sqlite / berth, ">= 2 (sqlite/berth)"))
fw = load("full-window")
rows.append(("book into a window with 49,999 claimed", med(fw[0]) / n,
             "empty window", med(fw[1]) / n, med(fw[0]) / med(fw[1]),
             "<= 1.2"))
fs = load("full-seats")
rows.append(("book a named seat, 49,999 taken", med(fs[0]) / n,
             "empty event", med(fs[1]) / n, med(fs[0]) / med(fs[1]),
             "<= 1.2"))

print("# berth benchmark results\n")
print("Machine: %s  " % machine())
print("Each figure is the median over the runs of a loop of %d processes, "
      "divided by %d; each ratio compares medians measured side by side in "
      "one hyperfine run. Reproduce with `make bench`.\n" % (n, n))
print("| figure | median | peer | peer median | ratio | goal |")
print("| --- | --- | --- | --- | --- | --- |")
for what, a, peer, b, ratio, goal in rows:
    print("| %s | %.3f ms | %s | %.3f ms | %.2f | %s |"
          % (what, a * 1e3, peer, b * 1e3, ratio, goal))
