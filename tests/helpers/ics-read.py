#!/usr/bin/env python3
"""ics-read.py - reads an iCalendar document on stdin with python3-icalendar
(a real parser, not ours) and prints one line a component, tab-separated:
VEVENT uid dtstart dtend status sequence summary location transp
with the times in UTC (ISO 8601). It fails when a line is longer than 75
octets, a line does not end in CRLF, or a folded line splits a UTF-8
sequence."""
import datetime
import sys

import icalendar

raw = sys.stdin.buffer.read()
if raw and not raw.endswith(b"\r\n"):
    sys.exit("the document does not end in CRLF")
for n, line in enumerate(raw.split(b"\r\n")[:-1], 1):
    if len(line) > 75:
        sys.exit("line %d is %d octets" % (n, len(line)))
    if b"\n" in line or b"\r" in line:
        sys.exit("line %d has a bare line end" % n)
    # Each physical line must be valid UTF-8 on its own: a fold inside
    # a sequence would leave half of it at either end.
    line.decode("utf-8")
cal = icalendar.Calendar.from_ical(raw.decode("utf-8"))
if str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
    sys.exit("VERSION or PRODID missing")


def utc(v):
    d = v.dt
    if not isinstance(d, datetime.datetime) or d.tzinfo is None:
        sys.exit("a floating or all-day time: %r" % d)
    return d.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


for ev in cal.walk("VEVENT"):
    for need in ("UID", "DTSTAMP", "DTSTART", "DTEND"):
        if need not in ev:
            sys.exit("a VEVENT without %s" % need)
    print("\t".join([
        "VEVENT",
        str(ev["UID"]),
        utc(ev["DTSTART"]),
        utc(ev["DTEND"]),
        str(ev.get("STATUS", "")),
        str(ev.get("SEQUENCE", "")),
        str(ev.get("SUMMARY", "")),
        str(ev.get("LOCATION", "")),
        str(ev.get("TRANSP", "")),
    ]))
