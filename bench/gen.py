#!/usr/bin/env python3
"""Deterministic, seeded data for the benchmarks: the same arguments write
the same bytes on any machine, so anyone can rebuild the stores behind
bench/RESULTS.md.

  gen.py resources [--resources N] [--early K]
      one line a resource to create: NAME CAPACITY PENDING_TIMEOUT ("-" for
      the store's default). r0001.. r<N>, then "probe". The first K
      resources get pending_timeout 10m; run.sh sets the store's to 20m.

  gen.py bookings [--seed S] [--resources N] [--records M] [--early K]
                  [--expiring E] [--expiring-later L] [--probe P]
                  [--start T] [--days D]
      M request lines for `berth book --batch`, in a seeded random order:
      E pending bookings on the K early resources (they expire 10 minutes
      after they are made), L pending bookings on the others (20 minutes),
      P confirmed bookings on "probe", and the rest confirmed on r0001..
      Starts fall on the half hours of D days from T; durations are 30m,
      1h or 2h. With capacity 10 a resource, nothing is ever refused.

  gen.py calendar [--seed S] [--resources N] [--records M] [--start DATE]
                  [--days D]
      M one-hour confirmed bookings for `berth book --batch` on c001..c<N>
      (capacity 1, open 08:00-20:00 every day), on the 15-minute grid of D
      days from DATE (UTC), none overlapping another on its resource, so
      every one is admitted and the store is the same on every machine.

  gen.py admission [--seed S] [--count N] [--holidays H] [--timeoff T]
                   [--year Y]
      For the admission row: H lines "holiday DATE" and T lines "timeoff
      FROM TO" (a resource's closures in year Y), then N lines "start T",
      each a weekday hour inside 09:00-17:00 on none of those closures, so
      every booking is admitted and has to pass every rule.

The batch only books, so the expired claims of the expiry benchmark are
pending bookings, not holds: `berth expire` sweeps both through the same
expiry index, and this is the one way to make 100,000 of them quickly.
"""
import argparse, datetime, random, sys

CAPACITY = 10


def names(n):
    return ["r%04d" % (i + 1) for i in range(n)]


def resources(a, out):
    for i, name in enumerate(names(a.resources)):
        out.write("%s %d %s\n" % (name, CAPACITY, "10m" if i < a.early else "-"))
    out.write("probe %d -\n" % CAPACITY)


def bookings(a, out):
    if a.expiring + a.expiring_later + a.probe > a.records:
        sys.exit("gen.py: more special bookings than --records")
    if a.expiring and not a.early or a.expiring_later and a.early >= a.resources:
        sys.exit("gen.py: no resources for the pending bookings")
    rng = random.Random(a.seed)
    t0 = datetime.datetime.strptime(a.start, "%Y-%m-%dT%H:%MZ")
    slots = [(t0 + datetime.timedelta(minutes=30 * i)).strftime("%Y-%m-%dT%H:%MZ")
             for i in range(a.days * 48)]
    durs = ("30m", "1h", "2h")
    rs = names(a.resources)
    early, late = rs[:a.early], rs[a.early:]
    kinds = ([0] * a.expiring + [1] * a.expiring_later + [2] * a.probe +
             [3] * (a.records - a.expiring - a.expiring_later - a.probe))
    rng.shuffle(kinds)
    choice, w = rng.choice, out.write
    for i, k in enumerate(kinds):
        if k == 0:
            r, tail = choice(early), ',"pending":true}\n'
        elif k == 1:
            r, tail = choice(late), ',"pending":true}\n'
        elif k == 2:
            r, tail = "probe", "}\n"
        else:
            r, tail = choice(rs), "}\n"
        w('{"resource":"%s","start":"%s","duration":"%s","customer":"c%07d"%s'
          % (r, choice(slots), choice(durs), i, tail))


def calendar(a, out):
    rng = random.Random(a.seed)
    t0 = datetime.datetime.strptime(a.start, "%Y-%m-%d") + datetime.timedelta(hours=8)
    # 45 one-hour starts a day on the 15-minute grid of 08:00-20:00; a
    # booking at step k takes steps k-3..k+3 from any other on its day.
    taken, n = set(), 0
    while n < a.records:
        r, d, k = rng.randrange(a.resources), rng.randrange(a.days), rng.randrange(45)
        if any((r, d, j) in taken for j in range(k - 3, k + 4)):
            continue
        taken.add((r, d, k))
        t = t0 + datetime.timedelta(days=d, minutes=15 * k)
        out.write('{"resource":"c%03d","start":"%s","duration":"1h","customer":"c%07d"}\n'
                  % (r + 1, t.strftime("%Y-%m-%dT%H:%MZ"), n))
        n += 1


def admission(a, out):
    rng = random.Random(a.seed)
    y0 = datetime.date(a.year, 1, 1)
    days = [y0 + datetime.timedelta(days=i) for i in range(365)]
    weekdays = [d for d in days if d.weekday() < 5]
    closed = set(rng.sample(weekdays, a.holidays + a.timeoff))
    hol = sorted(rng.sample(sorted(closed), a.holidays))
    off = sorted(closed - set(hol))
    for d in hol:
        out.write("holiday %s\n" % d.isoformat())
    # Time off from 12:00 one day to 12:00 the next: the days it touches
    # are left out of the starts altogether.
    for d in off:
        out.write("timeoff %sT12:00Z %sT12:00Z\n"
                  % (d.isoformat(), (d + datetime.timedelta(days=1)).isoformat()))
        closed.add(d + datetime.timedelta(days=1))
    open_days = [d for d in weekdays if d not in closed]
    for i in range(a.count):
        d = open_days[i % len(open_days)]
        out.write("start %sT%02d:00Z\n" % (d.isoformat(), 9 + (i // len(open_days)) % 8))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="what", required=True)
    for name in ("resources", "bookings"):
        s = sub.add_parser(name)
        s.add_argument("--resources", type=int, default=1000)
        s.add_argument("--early", type=int, default=10,
                       help="resources whose pending bookings expire first")
        if name == "bookings":
            s.add_argument("--seed", type=int, default=1)
            s.add_argument("--records", type=int, default=100000)
            s.add_argument("--expiring", "--holds-expired", type=int, default=0,
                           help="pending bookings due at the first sweep")
            s.add_argument("--expiring-later", type=int, default=0,
                           help="pending bookings due at the second sweep")
            s.add_argument("--probe", type=int, default=0)
            s.add_argument("--start", default="2030-01-01T00:00Z")
            s.add_argument("--days", type=int, default=365)
    s = sub.add_parser("calendar")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--resources", type=int, default=100)
    s.add_argument("--records", type=int, default=10000)
    s.add_argument("--start", default="2026-06-02")
    s.add_argument("--days", type=int, default=90)
    s = sub.add_parser("admission")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--count", type=int, default=200)
    s.add_argument("--holidays", type=int, default=50)
    s.add_argument("--timeoff", type=int, default=20)
    s.add_argument("--year", type=int, default=2030)
    a = p.parse_args()
    out = sys.stdout
    {"resources": resources, "bookings": bookings, "calendar": calendar,
     "admission": admission}[a.what](a, out)


if __name__ == "__main__":
    main()
