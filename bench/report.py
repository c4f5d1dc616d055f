#!/usr/bin/env python3
"""Reads what bench/run.sh left in OUT (hyperfine's JSON exports and a few
small files) and prints bench/RESULTS.md: one table of medians, each with
its ratio to the peer measured in the same hyperfine run, and the goal."""
import json, os, platform, statistics, sys

# report.py OUT [README] | report.py --only batch OUT (the batch table alone,
# for run.sh's ONLY=batch) | report.py --only pg OUT (ONLY=pg: berth on
# PostgreSQL against psql, a booking a process and the batch)
only = sys.argv[2] if sys.argv[1] == "--only" else None
args = sys.argv[3:] if only else sys.argv[1:]
out = args[0]
readme = args[1] if len(args) > 1 and not only else None  # rewrite its bench block
P = json.load(open(os.path.join(out, "params.json")))
N, BIG = P["n"], P["big"]


def path(name):
    return os.path.join(out, name)


def load(name):
    with open(path(name + ".json")) as f:
        return [statistics.median(r["times"]) for r in json.load(f)["results"]]


def read(name, default=None):
    try:
        return open(path(name)).read().strip()
    except OSError:
        return default


def count(n):
    return "{:,}".format(n)


def size(n):
    return {10000: "10k", 100000: "100k", 1000000: "1M"}.get(n, count(n))


def ms(s):
    return "%.3f ms" % (s * 1e3) if s < 0.1 else "%.2f s" % s


# The batch and its peers (bench/batch-peers.sh), in the order timed.
PEERS = {
    "berth": "berth book --batch",
    "floor": "LMDB floor: N puts, one transaction (bench/floor.c --batch)",
    "sqlite-set": "sqlite3, set-based: .import + capacity trigger",
    "sqlite-each": "sqlite3, one INSERT a request (same trigger)",
    "pg-set": "psql, set-based: COPY + capacity trigger (plpgsql)",
    "pg-each": "psql, one SELECT book(...) a request, one session",
    "berth-pg": "berth book --batch on PostgreSQL (same server)",
}


def batch_table():
    """The bulk booking table, as lines of Markdown."""
    peers = [l.split() for l in (read("batch-peers", "") or "").splitlines()]
    times = load("batch")
    berth = times[0]
    lines = ["Bulk booking, %s requests over 1,000 resources: each peer's "
             "time, and time ÷ berth's (medians of %d runs, side by side in "
             "one hyperfine run):\n" % (count(P["batch"]), P["pg_runs"]),
             "| peer | bookings | median | ÷ berth |", "| --- | --- | --- | --- |"]
    for (name, booked), t in zip(peers, times):
        lines.append("| %s | %s | %s | %.2f |" % (
            PEERS.get(name, name), count(int(booked)), ms(t), t / berth))
    if not any(name.startswith("pg-") for name, _ in peers):
        lines.append("| psql peers | | skipped | %s |" % read("pg-skip", "skipped"))
    check = (read("batch-check", "") or "").split()
    if check:
        lines.append("\nBefore they were timed, every peer booked the same %s "
                     "of %s crowded requests as berth (the check)."
                     % (count(int(check[0])), count(int(check[1]))))
    return lines


def pg_table():
    """A booking a process: berth on LMDB, on PostgreSQL, and psql."""
    t = load("per-process-pg")
    lines = ["One booking a process, %d processes (medians of %d runs, side "
             "by side in one hyperfine run; %s, fsync on):\n"
             % (N, P["pg_runs"], read("pg-version", "PostgreSQL")),
             "| command | a booking | psql ÷ it |", "| --- | --- | --- |"]
    names = ["berth book on LMDB", "psql, one capacity-checked statement",
             "berth book on PostgreSQL (Unix socket)"]
    for name, s in zip(names, t):
        lines.append("| %s | %s | %.2f |" % (name, ms(s / N), t[1] / s))
    if len(t) > 2:
        lines.append("\nberth on PostgreSQL ÷ berth on LMDB: %.2f" % (t[2] / t[0]))
    return lines


if only == "batch":
    print("\n".join(batch_table()))
    sys.exit(0)
if only == "pg":
    print("\n".join(pg_table() + [""] + batch_table()))
    sys.exit(0)


def machine():
    cpu, mem = "unknown cpu", 0
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // (1024 * 1024)
    except OSError:
        pass
    return "%s, %d cores, %d GiB RAM, %s" % (cpu, os.cpu_count(), mem,
                                             platform.platform())


rows = []  # figure, median, peer, peer median, ratio, goal text, met
head = {}  # the figures quoted in the README


def row(what, a, peer, b, ratio, op, limit, note=""):
    met = ratio <= limit if op == "<=" else ratio >= limit
    rows.append((what, a, peer, b, "%.2f" % ratio,
                 "%s %s%s" % (op, limit, note), "met" if met else "**missed**"))


# 1. One process per booking.
berth, floor, sqlite, loud = load("per-process")
head.update(book=berth / N, floor=berth / floor, sqlite=sqlite / berth)
row("book, one process each (-q)", ms(berth / N), "LMDB floor (bench/floor.c)",
    ms(floor / N), berth / floor, "<=", 1.3)
row("book, one process each (table out)", ms(loud / N), "LMDB floor",
    ms(floor / N), loud / floor, "<=", 1.3)
row("book, one process each (-q)", ms(berth / N), "sqlite3 CLI, WAL",
    ms(sqlite / N), sqlite / berth, ">=", 2, " (sqlite3/berth)")
if os.path.exists(path("per-process-pg.json")):
    pp = load("per-process-pg")
    b2, pg = pp[0], pp[1]
    head["psql"] = pg / b2
    pg_name = "psql, %s" % read("pg-version", "PostgreSQL").replace("postgres (PostgreSQL) ", "PostgreSQL ")
    row("book, one process each (-q)", ms(b2 / N), pg_name,
        ms(pg / N), pg / b2, ">=", 15, " (psql/berth)")
    if len(pp) > 2:
        row("book on PostgreSQL, one process each (-q)", ms(pp[2] / N),
            pg_name, ms(pg / N), pg / pp[2], ">=", 1, " (psql/berth)")
else:
    rows.append(("book, one process each (-q)", ms(berth / N), "psql", "skipped",
                 "", ">= 15 (psql/berth)", read("pg-skip", "skipped")))

if os.path.exists(path("per-process-before.json")):
    now, before = load("per-process-before")
    row("book, one process each (-q)", ms(now / N),
        "before: %s" % read("before-version", "an earlier berth"),
        ms(before / N), now / before, "<=", 1.05, " (no slower)")
if os.path.exists(path("seal.json")):
    sj = json.load(open(path("seal.json")))
    share = sj["seal"] / sj["total"]
    rows.append(("seals, share of one book's instructions",
                 "%.2f%% (%s of %s)" % (share * 100, count(sj["seal"]),
                                          count(sj["total"])),
                 "", "", "", "< 2%", "met" if share < 0.02 else "**missed**"))

# 2. Full window.
fw = load("full-window")
row("book into a window with 49,999 claimed", ms(fw[0] / N), "empty window",
    ms(fw[1] / N), fw[0] / fw[1], "<=", 1.2)
fs = load("full-seats")
row("book a named seat, 49,999 taken", ms(fs[0] / N), "empty event",
    ms(fs[1] / N), fs[0] / fs[1], "<=", 1.2)

# 3. Concurrency.
C = P["conc"]
conc = load("concurrency")
rate = [C / t for t in conc]
head["conc8"] = rate[3] / rate[0]
for k, r in zip((2, 4, 8), rate[1:]):
    row("%d loops booking one resource" % k, "%s bookings/s" % count(round(r)),
        "1 loop", "%s bookings/s" % count(round(rate[0])), r / rate[0],
        ">=", 0.8, " (no collapse)")
ob = json.load(open(path("overbook.json")))
rows.append(("8 loops, %d attempts at %d places" % (ob["attempts"], ob["capacity"]),
             "%d booked, check %s" % (ob["booked"], ob["check"]), "", "", "",
             "exactly %d, check ok" % ob["capacity"],
             "met" if ob["booked"] == ob["capacity"] and ob["check"] == "ok"
             else "**missed**"))

# 4. Batch.
bt = load("batch")[0]
bps = head["batch"] = P["batch"] / bt
rows.append(("book --batch, %s requests on 1,000 resources" % count(P["batch"]),
             "%s (%s bookings/s)" % (ms(bt), count(round(bps))), "", "",
             "", ">= 200,000 bookings/s",
             "met" if bps >= 200000 else "**missed**"))

if os.path.exists(path("batch-before.json")):
    now, before = load("batch-before")
    row("book --batch, %s requests" % count(P["batch"]), ms(now),
        "before: %s" % read("before-version", "an earlier berth"),
        ms(before), now / before, "<=", 1.05, " (loses <= 5%)")

# 5. Expiry.
e0, eempty = load("expiry-0")
head["exp0"] = e0 / eempty
row("expire, 0 due, %s records" % size(BIG), ms(e0), "empty store",
    ms(eempty), e0 / eempty, "<=", 1.2)
en = load("expiry-n")
e1k_small, e1k, ebig = en[:3]
if len(en) > 3:
    rows.append(("expire 1,000 due, 100k records", ms(en[3]),
                 "1,000 due, 10k records", ms(e1k_small),
                 "%.2f" % (en[3] / e1k_small), "none set (see notes)", ""))
rows.append(("expire 1,000 due, %s records" % size(BIG), ms(e1k),
             "1,000 due, 10k records", ms(e1k_small),
             "%.2f" % (e1k / e1k_small), "none set (see notes)", ""))
nbig = BIG // 10
row("expire %s due, %s records, per claim" % (count(nbig), size(BIG)),
    "%.1f µs (%s)" % (ebig / nbig * 1e6, ms(ebig)), "1,000 due, per claim",
    "%.1f µs" % (e1k / 1000 * 1e6), (ebig / nbig) / (e1k / 1000), "<=", 1.2)

# 6. Memory.
mem = {}
for line in (read("memory", "") or "").splitlines():
    name, m, kb = line.split()
    mem.setdefault(name, {})[int(m)] = int(kb)
sizes = sorted(next(iter(mem.values())))
what = {"book": "book", "list": "list --resource (100 bookings)",
        "expire": "expire, 1,000 due"}
for name in ("book", "list", "expire"):
    lo, hi = mem[name][sizes[0]], mem[name][sizes[-1]]
    row("peak RSS, %s, %s records" % (what[name], size(sizes[-1])),
        "%.1f MB" % (hi / 1024), "%s records" % size(sizes[0]),
        "%.1f MB" % (lo / 1024), hi / lo, "<=", 1.5, " (flat)")

# 7. The calendar (issue 8).
CR, CD = P.get("cal_resources", 100), P.get("cal_days", 90)
cand = CR * CD * 45  # one-hour starts on the 15-minute grid of 08:00-20:00
cal_what = "slots --service, %d resources x %d days, %s bookings" % (
    CR, CD, count(P.get("cal_records", 0)))
pg_name = "psql, %s" % read("pg-version", "PostgreSQL").replace(
    "postgres (PostgreSQL) ", "PostgreSQL ")
if os.path.exists(path("calendar.json")):
    (ct,) = load("calendar")
    cps = cand / ct
    rows.append((cal_what, "%s (%s candidates/s)" % (ms(ct), count(round(cps))),
                 "", "", "", ">= 1,000,000 candidates/s",
                 "met" if cps >= 1e6 else "**missed**"))
    if os.path.exists(path("calendar-pg.json")):
        b, pg = load("calendar-pg")
        row(cal_what + ", same %s rows" % count(int(read("cal-rows", "0"))),
            ms(b), pg_name + ", generate_series + NOT EXISTS", ms(pg),
            pg / b, ">=", 5, " (psql/berth)")
    else:
        rows.append((cal_what, ms(ct), "psql", "skipped", "",
                     ">= 5 (psql/berth)", read("pg-skip", "skipped")))
cmem = {}
for line in (read("cal-memory", "") or "").splitlines():
    kind, to, kb = line.split()
    cmem.setdefault(kind, []).append(int(kb))
for kind, label in (("rss", "peak RSS (/usr/bin/time)"),
                    ("heap", "peak heap (valgrind massif)")):
    if len(cmem.get(kind, [])) == 2:
        lo, hi = cmem[kind]
        row("%s, slots --service, %d days" % (label, CD), "%.1f MB" % (hi / 1024),
            "9 days", "%.1f MB" % (lo / 1024), hi / lo, "<=", 1.5, " (flat)")
if os.path.exists(path("customer.json")):
    sl, av = load("customer")
    row("slots --service (5 resources, one day, 45m), one process each",
        ms(sl / N), "availability RESOURCE, one process each", ms(av / N),
        sl / av, "<=", 1.5)
if os.path.exists(path("admission.json")):
    ca, pl = load("admission")
    row("book, one process each, hours + 50 holidays + 20 time off + buffer",
        ms(ca / N), "book on a resource with none", ms(pl / N), ca / pl,
        "<=", 1.1)

# 8. The audit chain and the outbox (issue 9).
if os.path.exists(path("audit-verify.json")):
    (av,) = load("audit-verify")
    recs = int(read("audit-records", "0"))
    mb = int(read("audit-bytes", "0")) / 1e6
    rows.append(("audit verify, %s records (%.0f MB of audit table)" % (count(recs), mb),
                 "%s (%s records/s, %.0f MB/s)" % (ms(av), count(round(recs / av)), mb / av),
                 "", "", "", "a few seconds at 1M records",
                 "met" if av * 1e6 / max(recs, 1) <= 5 else "**missed**"))
if os.path.exists(path("notify.json")):
    (nt,) = load("notify")
    ne = int(read("notify-events", "0"))
    rows.append(("notify --once, %s due events to /bin/true" % count(ne),
                 "%s (%s events/s, %.0f µs an event)" % (ms(nt), count(round(ne / nt)), nt / ne * 1e6),
                 "", "", "", "none set: bound by fork+exec, one process an event", ""))
# 10. The whole store (issue 16).
ws_tables = []
for line in (read("ws-tables", "") or "").splitlines():
    t, entries, pages = line.split()
    ws_tables.append((t, int(entries), int(pages)))
if os.path.exists(path("ws-check.json")):
    (ck,) = load("ws-check")
    entries = sum(e for _, e, _ in ws_tables)
    if entries:
        rps = entries / ck
        rows.append(("check, %s bookings (%s entries)" % (count(BIG), count(entries)),
                     "%s (%s records/s, %s bookings/s)" % (
                         ms(ck), count(round(rps)), count(round(BIG / ck))),
                     "", "", "", ">= 1,000,000 records/s",
                     "met" if rps >= 1e6 else "**missed**"))
    else:
        rows.append(("check, %s bookings" % count(BIG), "%s (%s bookings/s)" % (
            ms(ck), count(round(BIG / ck))), "", "", "",
            ">= 1,000,000 records/s", "mdb_stat missing: not counted"))
wheap = {}
for line in (read("ws-heap", "") or "").splitlines():
    v, m, kb = line.split()
    wheap.setdefault(v, {})[int(m)] = int(kb)
for v, label in (("check", "check"), ("list", "list --format jsonl, every booking")):
    if len(wheap.get(v, {})) == 2:
        lo, hi = wheap[v][10000], wheap[v][100000]
        row("peak heap (massif), %s, 100k bookings" % label,
            "%.1f MB" % (hi / 1024), "10k bookings", "%.1f MB" % (lo / 1024),
            hi / lo, "<=", 1.5, " (flat), and < 64 MB" if v == "check" else " (flat)")
if os.path.exists(path("ws-backup.json")):
    bk = load("ws-backup")
    nbytes = int(read("ws-backup-bytes", "0"))
    mbs = nbytes / bk[0] / 1e6
    rows.append(("backup (compacted), %s bookings, %.0f MB" % (count(BIG), nbytes / 1e6),
                 "%s (%s MB/s)" % (ms(bk[0]), count(round(mbs))), "", "", "",
                 ">= 200 MB/s", "met" if mbs >= 200 else "**missed**"))
    if len(bk) > 1:
        row("backup (compacted), %s bookings" % count(BIG), ms(bk[0]),
            "mdb_copy -c, the same copy", ms(bk[1]), bk[0] / bk[1], "<=", 1.5)
    else:
        rows.append(("backup beside mdb_copy -c", ms(bk[0]), "mdb_copy -c",
                     "skipped", "", "<= 1.5", read("ws-mdb-copy-skip", "skipped")))
if os.path.exists(path("ws-list.json")):
    (lt,) = load("ws-list")
    lps = BIG / lt
    rows.append(("list --format jsonl, all %s bookings (by start)" % count(BIG),
                 "%s (%s rows/s)" % (ms(lt), count(round(lps))), "", "", "",
                 ">= 500,000 rows/s", "met" if lps >= 5e5 else "**missed**"))
ws_stats = {}
if os.path.exists(path("ws-stats.json")):
    ws_stats = json.load(open(path("ws-stats.json")))
    bpb = ws_stats.get("bytes_per_booking", 0)
    rows.append(("stats bytes_per_booking, %s bookings (indexes, audit, events)"
                 % count(BIG), "%s bytes" % count(bpb), "", "", "",
                 "<= 400 bytes (aim)", "met" if bpb <= 400 else "**missed**"))

print("# berth benchmark results\n")
print("Machine: %s; load average %s when the run began.  " % (machine(), P["load"]))
print("`make bench%s` took %s s on it (bench/run.sh, after the build).\n" % (" QUICK=1" if P["quick"] else "",
                                             read("wall", "?")))
print("Each figure is a median of %d runs after a warm-up, timed by "
      "hyperfine in rounds that run each command and its peers once, so "
      "they alternate; each ratio compares two such medians. Per-process "
      "figures are a loop of %d processes divided by %d."
      % (P["runs"], N, N))
if P["quick"]:
    print("QUICK=1: the large store has %s records, not 1,000,000, and "
          "there are fewer runs; run `make bench` for the real figures."
          % count(BIG))
print()
print("| figure | median | peer | peer median | ratio | goal | |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for r in rows:
    print("| %s |" % " | ".join(r))

print()
print("\n".join(batch_table()))

print("\nPeak RSS (/usr/bin/time %M) by store size:\n")
print("| command | " + " | ".join("%s records" % size(m) for m in sizes) + " |")
print("| --- |" + " --- |" * len(sizes))
for name in ("book", "list", "expire"):
    print("| %s | %s |" % (what[name], " | ".join(
        "%.1f MB" % (mem[name][m] / 1024) for m in sizes)))

# 9. Queries (issue 16): each command at 1k records and at BIG, side by
#    side, and the heap of each at both sizes.
QUERIES = (("book", "book"), ("lock", "lock"), ("confirm", "confirm"),
           ("cancel", "cancel"), ("show", "show"),
           ("at", "availability --at"),
           ("range", "availability --from/--to (one day)"),
           ("list", "list --resource R --from D --to D (one day)"),
           ("empty", "list --resource R over an empty month"),
           ("slots", "slots R (one day)"), ("expire", "expire, none due"))
qrows = [(name, label) + tuple(load("q-" + name)) for name, label in QUERIES
         if os.path.exists(path("q-%s.json" % name))]
qir = {}
qlines = {}
for line in (read("queries-ir", "") or "").splitlines():
    name, m, n, l = line.split()
    qir.setdefault(name, {})[int(m)] = int(n)
    qlines.setdefault(name, {})[int(m)] = int(l)
if qrows:
    print("\nEach command at 1k and %s records, one process each, side by "
          "side (issue 16: queries cost what they answer): the median time "
          "of a process, and its instructions (valgrind callgrind, which "
          "no other load moves):\n" % size(BIG))
    print("| command | 1k records | %s records | ratio | instructions, 1k | "
          "instructions, %s | ratio | lines out | goal | |" % (size(BIG), size(BIG)))
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, label, lo, hi in qrows:
        ratio = hi / lo
        ir = qir.get(name, {})
        if len(ir) == 2:
            a, b = ir[min(ir)], ir[max(ir)]
            ls = qlines[name]
            irs = "%s | %s | %.2f | %d, %d" % (count(a), count(b), b / a,
                                              ls[min(ls)], ls[max(ls)])
        else:
            irs = " | | | "
        print("| %s | %s | %s | %.2f | %s | <= 1.2 | %s |" % (
            label, ms(lo / (N // 2)), ms(hi / (N // 2)), ratio, irs,
            "met" if ratio <= 1.2 else "**missed**"))
qheap = {}
for line in (read("queries-heap", "") or "").splitlines():
    name, m, b = line.split()
    qheap.setdefault(name, {})[int(m)] = int(b)
if qheap:
    hlabel = dict(QUERIES, **{"list-probe": "list --resource probe (100 bookings)",
                              "expire-1000": "expire, 1,000 due (10k records, not 1k)"})
    print("\nPeak heap (valgrind massif: heap and allocator overhead) of one "
          "process, at 1k and %s records:\n" % size(BIG))
    print("| command | 1k records | %s records | ratio | goal | |" % size(BIG))
    print("| --- | --- | --- | --- | --- | --- |")
    for name, by in qheap.items():
        lo, hi = by[min(by)], by[max(by)]
        ratio = hi / lo
        print("| %s | %.1f KB | %.1f KB | %.2f | <= 1.2 (flat) | %s |" % (
            hlabel.get(name, name), lo / 1024, hi / 1024, ratio,
            "met" if ratio <= 1.2 else "**missed**"))
if ws_tables and ws_stats.get("bookings"):
    nb = ws_stats["bookings"] + ws_stats.get("holds", 0)
    psz = 4096
    print("\nWhere a booking's bytes go, %s bookings (`mdb_stat -a`, %d-byte pages):\n"
          % (count(BIG), psz))
    print("| table | entries | pages | MB | bytes a booking |")
    print("| --- | --- | --- | --- | --- |")
    for t, e, p in sorted(ws_tables, key=lambda x: -x[2]):
        if p:
            print("| %s | %s | %s | %.1f | %.0f |" % (t, count(e), count(p),
                                                     p * psz / 1e6, p * psz / nb))
    tp = sum(p for _, _, p in ws_tables)
    print("| all | %s | %s | %.1f | %.0f |" % (count(sum(e for _, e, _ in ws_tables)),
                                               count(tp), tp * psz / 1e6, tp * psz / nb))
    if "list" in wheap or "check" in wheap:
        print("\nPeak heap (valgrind massif, KB) of the whole-store verbs:\n")
        print("| verb | 10k bookings | 100k bookings |")
        print("| --- | --- | --- |")
        for v in sorted(wheap):
            print("| %s | %s | %s |" % (v, count(wheap[v].get(10000, 0)),
                                        count(wheap[v].get(100000, 0))))

bt_lines = (read("build-times", "") or "").splitlines()
print("""
How the figures are made (bench/run.sh; data from bench/gen.py, seeded):

- Per process: `berth -q book` in a shell loop against bench/floor.c (one
  LMDB write transaction with a capacity check, committed durably), the
  sqlite3 CLI (WAL, `synchronous=FULL`, `BEGIN IMMEDIATE`, capacity check
  and insert) and, when PostgreSQL is installed, psql against a throwaway
  cluster on a Unix socket in a temporary directory (`BEGIN; SELECT ... FOR
  UPDATE` on the resource row, capacity check, insert, `COMMIT`, one psql
  a booking; `fsync` and `synchronous_commit` on). psql figures have
  %d runs. Without PostgreSQL the row says skipped; `make bench BENCH_PG=1`
  installs it (or `apt-get install postgresql`).
- Concurrency: %d bookings a run split over 1, 2, 4 or 8 shell loops on one
  resource; afterwards `berth check` passes and every booking is there. Then
  8 loops race for 100 places with 400 attempts: exactly 100 must win.
- Stores: `gen.py resources` (1,000 resources of capacity 10 and a probe),
  then `gen.py bookings --seed 1` through `book --batch`. A tenth of the
  bookings are pending: 1,000 on ten resources whose pending_timeout is
  10m, the rest 20m, so `expire --now` 5, 15 or 25 minutes later finds 0,
  1,000 or all of them due. The batch only books, so these expired claims
  are pending bookings rather than holds; `expire` sweeps both through the
  same expiry index. Build times (records, seconds): %s.
- Batch: `book --batch` of `gen.py bookings --seed 2` (100,000 requests on
  1,000 resources, each line its own decision, committed in groups of 4,096
  lines growing to 16,384) into a fresh copy of the store of 1,000 resources each run.
  gen.py gives every resource capacity 10, which none of these requests
  fills: all are booked. Side by side in the same hyperfine run, each
  peer books them into a fresh store of the same resources
  (bench/batch-peers.sh, bench/batch.sh, bench/sql/), admitting as berth
  does: a request is refused when the peak number of bookings over its
  window has reached the resource's capacity (the peers count the
  bookings overlapping the window first, and seek the peak only once
  that count has reached the capacity). They get the requests as
  tab-separated lines with Unix times, converted untimed, and so are
  spared the parsing of JSON, times and durations that berth does. The
  bench fails unless every peer books as many as berth and, before the
  timed runs, the same customers as berth on a crowded input where a
  quarter are refused (`gen.py bookings --seed 3 --records 5000
  --resources 20 --days 1`). The peers:
  - LMDB floor: `floor --batch`, N puts of a 160-byte record under keys
    named as berth's bookings, one durable transaction, N the number berth
    booked; no reads, no checks, no indexes.
  - sqlite3, set-based: WAL, `synchronous=FULL`, one transaction:
    `.import` of the requests into a temporary staging table, then one
    `INSERT ... SELECT` into the bookings (indexed on (resource, start)),
    whose BEFORE INSERT trigger skips a request that does not fit
    (`RAISE(IGNORE)`).
  - sqlite3, one `INSERT` a request, through the same trigger, in one
    transaction.
  - psql, set-based: `COPY` into a temporary staging table, then one
    `INSERT ... SELECT` through a BEFORE INSERT trigger in plpgsql that
    locks the resource's row (`FOR UPDATE`) and returns NULL for a
    request that does not fit; `fsync` and `synchronous_commit` on.
  - psql, one `SELECT book(...)` a request (an insert through the same
    trigger), in one session and one transaction.
- Expiry: each run that expires something is on a fresh copy of the
  store, written back to disk before it is timed; the page cache is warm.
  The goal for 0 due is that a sweep does not walk the store; that its
  cost follow the number expired is read here as the cost per claim of
  the big sweep against that of 1,000. The same 1,000 claims
  cost more in a larger store because they are spread over more B-tree
  pages: each dirties its own leaf pages (record, span, profile, expiry),
  which the commit writes; that is shown, without a goal.
- Before: with `make bench BEFORE=path/to/an/earlier/berth`, that berth
  books the same loop and the same batch side by side, each on a store it
  made itself (fresh for the loop; a copy of its own 1,000-resource store
  for the batch). The earlier berth here is the one of commit a961e16,
  the last of store format 1. These rows are fsync-bound and the ratio moved
  between 1.01 and 1.17 over four runs on this shared machine (the high ones
  in runs where every absolute time doubled); a separate 15-pair
  alternating run of 200 bookings each put it at 0.99.
- Seals: one `book` under valgrind's callgrind; the share of its
  instructions spent in seal_of (computing and checking every value's
  checksum), counted, not timed.
- Calendar (issue 8): %d resources of capacity 1, open 08:00-20:00 every
  day, a 15-minute grid, and `gen.py calendar --seed 1` (one-hour
  bookings on the grid, none overlapping, all admitted by `book --batch`).
  `slots --service S --from %s --duration 1h --format tsv` over all of them
  is %s candidate starts (resources x days x 45), whether free or not. The
  PostgreSQL peer holds the same resources, weekly hours and bookings
  (timestamptz, indexed on (resource, start)) and asks with generate_series
  over the days and the 15-minute steps of each day's hours and a NOT
  EXISTS overlap check, written out by `COPY ... TO STDOUT` through psql;
  before it is timed, both answers are sorted and must be byte for byte the
  same (times as RFC 3339 in UTC), or the bench fails. Memory: one run each
  of the same query to 9 days and to %d days; peak heap is valgrind massif's
  (heap and allocator overhead, no stacks, no map pages), the figure that
  says whether slots streams: RSS also counts the store's pages the query
  touches, which a longer range touches more of. (slots used to gather
  every resource's open time and levels for the whole range before its
  first window, a heap that grew with the range; it now takes the range a
  week at a time.) The customer's
  question: `slots --service S5` (5 resources, 45 minutes, one day) and
  `availability c001`, one process each, on that store. Admission: `book`
  at the same %d starts (weekdays 09:00-17:00 of 2030 off every closure) on
  a resource with weekday hours, 50 holidays, 20 time off ranges and a 15m
  buffer, and on one with none, in one store, capacity 1,000,000.
- Audit and events (issue 9): `audit verify` walks the whole chain of the
  large store, recomputing each SHA-256 from the record and the hash
  before it; MB/s is the audit table's pages (mdb_stat) over the time, so
  a walk bound by hashing and reading shows hundreds of MB/s. `notify
  --once --type booking.created --exec /bin/true` delivers the 10k
  store's 10,000 booking.created events on a fresh copy each run (3 runs):
  one fork and exec an event, which bounds it; the lease and settle
  transactions are a batch of 32 each.
- Queries (issue 16, bench/queries.sh): a store of 1,000 bookings made
  as the others are, and the big one, over the same 1,000 resources; each
  command as a loop of N/2 processes on each, side by side in one
  hyperfine run. The questions go to r0001 on 2030-06-01 (about one
  booking at 1k, a thousandth of the big store's); writes go to copies,
  each run on fresh targets (the next resource, hold or booking). Heap:
  one process of each under valgrind massif at both sizes; `expire` with
  1,000 due compares 10k records with the big store, since the 1k store
  has no 1,000 to expire: its heap is mostly LMDB's dirty pages, one a
  leaf it changes, and the same 1,000 claims share fewer leaves in a
  bigger store (so it grows towards a bound set by the claims expired,
  about 15 MB for 1,000, not by the store). A list's heap holds one
  scratch block (64 KiB) once it decodes a claim: the one-day list answers
  none at 1k and a few rows at the big size; the empty month and the
  probe's 100 rows compare lists that answer alike.
- Whole store (issue 16, bench/wholestore.sh), on the %s-booking store:
  `check` (its records are every entry of every table, as `mdb_stat -a`
  counts them), `backup FILE` beside `mdb_copy -c` (lmdb-utils) writing
  the same compacted copy, alternating in the same rounds, each into a
  place emptied before the run (the page cache is warm, the copies go to
  the disk), and `list --format jsonl` of every booking, in its default
  order (by start) to /dev/null. Peak heap is valgrind massif's on the 10k
  and 100k stores; the RSS of the big store's runs counts its map pages.
- Memory: peak RSS of one run each, on a fresh copy. RSS counts the map
  pages a command touches, and the cached pages the kernel maps around
  each of them (fault-around, 64 KiB). "Flat" is read as at most 1.5x from
  the smallest store to the largest.
""" % (P["pg_runs"], P["conc"], ", ".join(
    "%s: %s" % (size(int(a)), b) for a, b in (l.split() for l in bt_lines)),
    CR, "%s --to %s" % (P.get("cal_from"), P.get("cal_to")), count(cand),
    CD, N, count(BIG)))

# The README quotes the headline figures between two markers; rewrite them
# so they never drift from RESULTS.md.
if readme:
    begin, end = "<!-- bench -->", "<!-- /bench -->"
    text = open(readme).read()
    if begin in text and end in text:
        psql = (", and %.0fx faster than psql against PostgreSQL" % head["psql"]
                if "psql" in head else "")
        quote = (
            "On %s%s, one `berth book` process, durably committed, takes "
            "%.2f ms, %.2fx the least an LMDB transaction can cost "
            "(bench/floor.c); it is %.1fx faster than the sqlite3 CLI doing "
            "the same capacity-checked insert%s. Eight loops booking one "
            "resource at once keep %.0f%% of one loop's throughput, and none "
            "overbooks. `book --batch` makes %s bookings a second. A sweep "
            "with nothing due in a store of %s records costs %.1fx one on "
            "an empty store. All figures, their peers and goals: "
            "[bench/RESULTS.md](bench/RESULTS.md); reproduce with "
            "`make bench`."
            % ("a %d-core %s" % (os.cpu_count(), machine().split(",")[0]),
               " (QUICK=1 figures)" if P["quick"] else "", head["book"] * 1e3,
               head["floor"], head["sqlite"], psql, head["conc8"] * 100,
               count(round(head["batch"])), count(BIG), head["exp0"]))
        # Wrap at 76 columns, never inside a code span.
        words, lines, line = quote.replace("`make bench`", "`make\0bench`").split(), [], ""
        for w in words:
            if line and len(line) + 1 + len(w) > 76:
                lines.append(line)
                line = w
            else:
                line = line + " " + w if line else w
        lines.append(line)
        a, rest = text.split(begin, 1)
        b = rest.split(end, 1)[1]
        with open(readme, "w") as f:
            f.write(a + begin + "\n" + "\n".join(lines).replace("\0", " ") +
                    "\n" + end + b)
