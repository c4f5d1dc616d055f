#!/usr/bin/env python3
"""Reads back what `emit_test --dump DIR` wrote, with Python's own json and
csv parsers, and checks every value survives. The data set is spelled out
again here on purpose: an independent oracle, not a copy of the C output.

Usage: emit_check.py DIR
"""
import csv
import io
import json
import re
import sys

# Must match `tricky` in emit_test.c, byte for byte.
TRICKY = [
    b"plain",
    b"a,b",
    b'say "hi"',
    b"line1\nline2",
    b"cr\r\nlf",
    b"=SUM(A1)",
    b"+1",
    b"-x",
    b"@cmd",
    "café ☕".encode(),
    b"tab\there",
    b"\tlead",
    b"\rlead",
    b"back\\slash",
    b"",
    b" spaced ",
    b"'quoted",
    b"bad\xffutf8\xe2\x82A",
    b"ctl\x01\x1f\x7f",
    b"\\n literally",
    b"+351912345678",
    b"+351 912 345 678",
    b"+1-555-0100",
    b"-2+3",
    b"-5",
    b"+3.5",
    b"+cmd|' /C calc'!A0",
    b'=HYPERLINK("http://x","y")',
    b"-",
    b"+1--2",
]

KEYS = ["id", "text", "neg", "list", "map", "flag", "none"]
# What a spreadsheet runs: =, @, tab and CR always; + and - unless a plain
# number follows (or, after +, a phone number: digit groups parted by
# single spaces, hyphens or dots); a lone sign is text.
ALWAYS = ("=", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]([0-9]+(\.[0-9]+)?|\.[0-9]+)", re.ASCII)
PHONE = re.compile(r"\+[0-9]+([ .-][0-9]+)*", re.ASCII)

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("emit_check: FAIL: " + what, file=sys.stderr)


def text(raw):
    # The emitter promises valid UTF-8, repairing as Python's "replace"
    # does: one U+FFFD per maximal ill-formed subpart.
    return raw.decode("utf-8", "replace")


def records():
    for i, raw in enumerate(TRICKY):
        s = text(raw)
        yield {
            "id": i,
            "text": s,
            "neg": -i - 1,
            "list": [s, "x", i],
            "map": {"s": s, "n": [i]},
            "flag": bool(i % 2),
            "none": None,
        }


def runs(s):
    if s.startswith(ALWAYS):
        return True
    if s[:1] in ("+", "-") and len(s) > 1:
        return not (NUMBER.fullmatch(s) or PHONE.fullmatch(s))
    return False


def inert(s):
    return "'" + s if runs(s) else s


def cells(rec):
    """The cells csv and tsv should hold; the map cell is left as a dict
    and compared after json.loads, since key order and spacing are the
    emitter's to choose."""
    return [
        str(rec["id"]),
        inert(rec["text"]),
        str(rec["neg"]),
        inert(",".join(str(v) for v in rec["list"])),
        rec["map"],
        "true" if rec["flag"] else "false",
        "",
    ]


def compare_row(got, want, where):
    check(len(got) == len(want), "%s: %d cells, want %d" % (where, len(got), len(want)))
    for k, (g, w) in enumerate(zip(got, want)):
        if isinstance(w, dict):
            try:
                ok = json.loads(g) == w
            except ValueError:
                ok = False
            check(ok, "%s col %s: %r is not json of %r" % (where, KEYS[k], g, w))
        else:
            check(g == w, "%s col %s: %r != %r" % (where, KEYS[k], g, w))


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as err:
        check(False, "%s: invalid UTF-8: %s" % (path, err))
        return data, data.decode("utf-8", "replace")


def check_json(d):
    path = d + "/out.json"
    data, s = read(path)
    check(data.startswith(b"[\n") and data.endswith(b"\n]\n"), path + ": framing")
    try:
        doc = json.loads(s)
    except ValueError as err:
        check(False, "%s: %s" % (path, err))
        return
    want = list(records())
    check(doc == want, path + ": values differ")
    for i, (g, w) in enumerate(zip(doc, want)):
        if g != w:
            print("  record %d: %r != %r" % (i, g, w), file=sys.stderr)
    check(all(list(r.keys()) == KEYS for r in doc), path + ": key order")


def check_jsonl(d):
    path = d + "/out.jsonl"
    data, s = read(path)
    check(data.endswith(b"\n"), path + ": last line unterminated")
    lines = s.split("\n")[:-1]
    want = list(records())
    check(len(lines) == len(want), "%s: %d lines, want %d" % (path, len(lines), len(want)))
    for i, (line, w) in enumerate(zip(lines, want)):
        try:
            got = json.loads(line)
        except ValueError as err:
            check(False, "%s:%d: %s" % (path, i + 1, err))
            continue
        check(got == w, "%s:%d: %r != %r" % (path, i + 1, got, w))


def check_csv(d):
    path = d + "/out.csv"
    data, s = read(path)
    check(data.startswith(b",".join(k.encode() for k in KEYS) + b"\r\n"), path + ": header line")
    check(data.endswith(b"\r\n"), path + ": last line ending")
    rows = list(csv.reader(io.StringIO(s, newline="")))
    check(len(rows) == len(TRICKY) + 1, "%s: %d rows" % (path, len(rows)))
    if not rows:
        return
    check(rows[0] == KEYS, path + ": header %r" % rows[0])
    for i, (row, rec) in enumerate(zip(rows[1:], records())):
        compare_row(row, cells(rec), "%s row %d" % (path, i + 1))


def unescape_tsv(cell):
    out = []
    it = iter(cell)
    for c in it:
        if c != "\\":
            out.append(c)
            continue
        n = next(it, "")
        out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(n, "\\" + n))
    return "".join(out)


def check_tsv(d):
    path = d + "/out.tsv"
    data, s = read(path)
    check(s.endswith("\n") and "\r" not in s, path + ": line endings")
    lines = s.split("\n")[:-1]
    check(len(lines) == len(TRICKY) + 1, "%s: %d lines" % (path, len(lines)))
    if not lines:
        return
    check(lines[0].split("\t") == KEYS, path + ": header")
    for i, (line, rec) in enumerate(zip(lines[1:], records())):
        row = [unescape_tsv(c) for c in line.split("\t")]
        compare_row(row, cells(rec), "%s row %d" % (path, i + 1))


def main():
    if len(sys.argv) != 2:
        print("usage: emit_check.py DIR", file=sys.stderr)
        return 2
    d = sys.argv[1]
    for fn in (check_json, check_jsonl, check_csv, check_tsv):
        try:
            fn(d)
        except OSError as err:
            check(False, str(err))
    print("emit_check: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
