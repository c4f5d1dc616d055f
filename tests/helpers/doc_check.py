#!/usr/bin/env python3
"""Holds the man pages to what the binary does (git's t0450 idea), for
tests/guard.bats. Everything it compares is read, never listed here: the
verbs and options from the binary (--list-cmds, --help), the error codes
and their exit statuses from lib/status.c (the table berth_status_exit
reads), and the documents from man/ and README.md.

Usage: doc_check.py options|exits BERTH TOP

options: for every verb, the long options its --help lists under
  "options:" (for a verb with sub-verbs, those of all of them) are exactly
  the options its man page lists as items (.It Fl ...); the global options
  of --help, and --version, are exactly those berth(1) lists.
exits: the rule, checked mechanically:
  - berth(1)'s EXIT STATUS and README.md's exit table list every exit
    status of lib/status.c, each with exactly the codes status.c gives it;
  - a verb's page lists exit statuses that status.c has, in increasing
    order, each once, and every code it names under a status is one that
    status.c gives that status;
  - every verb lists 0 and 2 (it parses options), 10 (it opens a store)
    and, but for init, which makes the store, 3 (no store there).
Prints one line a problem and exits 1 when there are any.
"""
import re
import subprocess
import sys

problems = []


def problem(msg):
    problems.append(msg)


def run(berth, *args):
    out = subprocess.run([berth, *args], capture_output=True, text=True)
    return out.stdout


def verbs(berth):
    return [v for v in run(berth, "--list-cmds").split() if v != "help"]


def subverbs(berth, verb):
    return run(berth, verb, "--list-cmds").split()


LONG = re.compile(r"^\s+(?:-[A-Za-z0-9], )?(--[a-z0-9][a-z0-9-]*)")


def help_options(text, section):
    """The long options listed under `section` ("options:" or "global
    options:") of a --help text."""
    got, on = set(), False
    for line in text.splitlines():
        if not line.startswith(" "):
            on = line.strip() == section
            continue
        m = LONG.match(line)
        if on and m:
            got.add(m.group(1))
    return got


def page(top, name):
    try:
        with open("%s/man/%s" % (top, name), encoding="utf-8") as f:
            return f.read().splitlines()
    except OSError as err:
        problem("%s: %s" % (name, err))
        return []


FL = re.compile(r"\bFl\s+(?:\\-|-)([a-z0-9][a-z0-9-]*)")


def page_options(lines):
    """The long options a page lists as items: .It Fl \\-name ..."""
    got = set()
    for line in lines:
        if line.startswith(".It ") and " Fl " in " " + line[4:]:
            for name in FL.findall(line):
                if len(name) > 1:
                    got.add("--" + name)
    return got


def compare(what, want, have, want_from, have_from):
    for o in sorted(want - have):
        problem("%s: %s lists %s, %s does not" % (what, want_from, o, have_from))
    for o in sorted(have - want):
        problem("%s: %s lists %s, %s does not" % (what, have_from, o, want_from))


def check_options(berth, top):
    for v in verbs(berth):
        subs = subverbs(berth, v)
        if subs:
            # A verb that also runs on its own (audit ID) has options of
            # its own; one that only hands over (resource) has none.
            helped = help_options(run(berth, v, "--help"), "options:")
            for s in subs:
                helped |= help_options(run(berth, v, s, "--help"), "options:")
        else:
            helped = help_options(run(berth, v, "--help"), "options:")
        compare("berth-%s.1" % v, helped, page_options(page(top, "berth-%s.1" % v)),
                "--help", "the man page")
    glob = help_options(run(berth, verbs(berth)[0], "--help"), "global options:")
    if not glob:
        problem("--help lists no global options")
    if run(berth, "--version").strip() == "":
        problem("berth --version prints nothing")
    glob.add("--version")
    compare("berth.1", glob, page_options(page(top, "berth.1")), "--help", "the man page")


def status_table(top):
    """exit -> set of codes, from lib/status.c."""
    table = {}
    with open(top + "/lib/status.c", encoding="utf-8") as f:
        for name, code in re.findall(r'\[BERTH_[A-Z_]+\]\s*=\s*\{"([A-Z_]+)",\s*(\d+)\}', f.read()):
            if name != "OK":
                table.setdefault(int(code), set()).add(name)
    table.setdefault(0, set())
    return table


def error_codes(line):
    """The arguments of the Er macros of one mdoc line: Er takes words up
    to the next macro (a mixed-case name) or plain text."""
    got, on = [], False
    for w in line.split():
        if w in ("Er", ".Er"):
            on = True
        elif on and re.fullmatch(r"[A-Z][A-Z0-9_]+", w):
            got.append(w)
        elif on and re.fullmatch(r"[,.;:()]", w):
            continue
        else:
            on = False
    return got


def exit_items(lines, name):
    """The EXIT STATUS list of a page: [(status, codes named, line)]."""
    items, on, depth, cur = [], False, 0, None
    for line in lines:
        if line.startswith(".Sh "):
            on = line == ".Sh EXIT STATUS"
            continue
        if not on:
            continue
        if line.startswith(".Bl"):
            depth += 1
            continue
        if line.startswith(".El"):
            depth -= 1
            if depth == 0:
                on = False
            continue
        if depth == 1 and line.startswith(".It "):
            arg = line[4:].strip()
            if not arg.isdigit():
                problem("%s: EXIT STATUS item '%s' is not a number" % (name, arg))
                cur = None
                continue
            cur = (int(arg), set())
            items.append(cur)
            continue
        if cur is not None and depth >= 1 and not line.startswith(".\\\""):
            cur[1].update(error_codes(line))
    return items


def check_exits(berth, top):
    table = status_table(top)
    known = set().union(*table.values())
    # berth(1): every status, every code
    items = exit_items(page(top, "berth.1"), "berth.1")
    got = {n: c for n, c in items}
    if sorted(got) != sorted(table):
        problem("berth.1: EXIT STATUS lists %s, lib/status.c has %s" % (sorted(got), sorted(table)))
    for n in sorted(set(got) & set(table)):
        compare("berth.1 exit %d" % n, table[n], got[n], "lib/status.c", "the man page")
    # README.md's exit table
    readme = {}
    with open(top + "/README.md", encoding="utf-8") as f:
        text = f.read()
    sect = text.split("## Exit status", 1)[1].split("\n## ", 1)[0] if "## Exit status" in text else ""
    for row in re.findall(r"^\| (\d+) \|[^|]*\|([^|]*)\|", sect, re.M):
        readme[int(row[0])] = set(re.findall(r"`([A-Z_]+)`", row[1]))
    if sorted(readme) != sorted(table):
        problem("README.md: the exit table lists %s, lib/status.c has %s" % (sorted(readme), sorted(table)))
    for n in sorted(set(readme) & set(table)):
        compare("README.md exit %d" % n, table[n], readme[n], "lib/status.c", "README.md")
    # every verb's page
    for v in verbs(berth):
        name = "berth-%s.1" % v
        items = exit_items(page(top, name), name)
        nums = [n for n, _ in items]
        if nums != sorted(set(nums)):
            problem("%s: EXIT STATUS is not in increasing order, once each: %s" % (name, nums))
        must = {0, 2, 10} | ({3} if v != "init" else set())
        for n in sorted(must - set(nums)):
            problem("%s: EXIT STATUS does not list %d, which berth %s can give" % (name, n, v))
        for n, codes in items:
            if n not in table:
                problem("%s: exit status %d is not one berth gives" % (name, n))
                continue
            for c in sorted(codes):
                if c not in known:
                    problem("%s: %s (under %d) is not an error code of berth" % (name, c, n))
                elif c not in table[n]:
                    problem("%s: %s is listed under %d, but berth exits %s with it"
                            % (name, c, n, [k for k in table if c in table[k]][0]))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("options", "exits"):
        print(__doc__, file=sys.stderr)
        return 2
    what, berth, top = sys.argv[1:]
    (check_options if what == "options" else check_exits)(berth, top)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
