#!/usr/bin/env python3
"""Tests of the cohortplan command-line contract (docs/cli.md).

Usage: cli_test.py COHORTPLAN_EXE CASE [--tzdata-version V] [--doc PATH]

Each CASE is one function below. Expected answers are worked out by hand
from the tzdata rules (and agree with what `zdump -v` prints for the pinned
release), except in the crosscheck case, whose oracle is Python's own
zoneinfo implementation reading the same compiled files. The zoneinfo
directory comes from $COHORTPLAN_TZDIR, set by tests/meson.build together
with a TZ and locale that must not matter.

$CP_TEST_EXE_WRAPPER, when set, is a command put in front of every run of
cohortplan (e.g. "valgrind --error-exitcode=99 --leak-check=full"): a meson
exe_wrapper would wrap this Python driver instead of the program under test.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import random
import shlex
import subprocess
import sys
import tempfile
import zoneinfo

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from testlib import EXIT_FAILURE, EXIT_INPUT, EXIT_OK, EXIT_USAGE, WRAPPER, Failure, check, eq, run_case  # noqa: E402

EXE = ""
OPTS = None
UTC = dt.timezone.utc


def run(args, stdin="", env=None, binary=False):
    """Run cohortplan with args; returns (status, stdout, stderr)."""
    data = stdin if isinstance(stdin, bytes) else stdin.encode()
    p = subprocess.run(WRAPPER + [EXE] + list(args), input=data, capture_output=True,
                       env=env, timeout=3600)
    if binary:
        return p.returncode, p.stdout, p.stderr
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def tab(*fields):
    return "\t".join(fields)


def lines(*rows):
    return "".join(tab(*r) + "\n" for r in rows)


def expect(args, stdin, status, stdout, what=None):
    rc, out, err = run(args, stdin)
    what = what or " ".join(args)
    eq(out, stdout, f"{what}: stdout")
    eq(rc, status, f"{what}: exit status (stderr: {err!r})")
    return err


CASES = {}


def case(fn):
    CASES[fn.__name__.replace("_", "-")] = fn
    return fn


# ---- global options, help and usage errors ------------------------------

@case
def help():
    for args, must in [
        (["--help"], ["Usage: cohortplan", "tz", "validate", "--tzdata"]),
        (["-h"], ["Usage: cohortplan"]),
        (["help"], ["Usage: cohortplan"]),
        (["help", "tz"], ["to-utc", "to-local", "transitions", "zones", "doctor", "diff"]),
        (["tz", "--help"], ["to-utc", "to-local", "transitions", "zones", "version"]),
        (["tz", "version", "--help"], ["tz version"]),
        (["tz", "to-utc", "--help"], ["tz to-utc", "gap", "overlap"]),
        (["tz", "to-local", "--help"], ["tz to-local", "OFFSET_SECONDS"]),
        (["tz", "transitions", "--help"], ["tz transitions ZONE FROM TO"]),
        (["tz", "transitions", "-h"], ["tz transitions ZONE FROM TO"]),
        (["tz", "zones", "--help"], ["--canonical"]),
        # --help wins over missing positional arguments.
        (["tz", "transitions", "Europe/Brussels", "--help"], ["tz transitions"]),
    ]:
        rc, out, err = run(args)
        eq(rc, EXIT_OK, f"{args}: exit status")
        eq(err, "", f"{args}: stderr")
        for m in must:
            check(m in out, f"{args}: {m!r} not in help:\n{out}")
    # Help is not a usage error: nothing may come from the time zone data,
    # so it works even when the data cannot be opened.
    rc, out, _ = run(["--tzdata", "/nonexistent/zoneinfo", "tz", "to-utc", "--help"])
    eq(rc, EXIT_OK, "--help with unusable --tzdata")


def listed(help_text, heading):
    """The names in the "heading:" section of a help text."""
    names, inside = [], False
    for l in help_text.splitlines():
        if l == heading + ":":
            inside = True
        elif inside and l.startswith("  ") and l.strip():
            names.append(l.split()[0])
        elif inside:
            break
    return names


@case
def help_every_command():
    """Every command and tz subcommand that --help lists answers --help
    itself, exit 0, a usage text on stdout, including those implemented
    outside cmd_tz.c."""
    _, top, _ = run(["--help"])
    commands = listed(top, "Commands")
    check({"tz", "validate"} <= set(commands), f"commands listed: {commands}")
    _, tz, _ = run(["tz", "--help"])
    subs = listed(tz, "Subcommands")
    check({"version", "to-utc", "to-local", "transitions", "zones", "doctor", "diff"}
          <= set(subs), f"tz subcommands listed: {subs}")
    for args in ([[c, "--help"] for c in commands] + [["help", c] for c in commands]
                 + [["tz", s, "--help"] for s in subs]):
        rc, out, err = run(args)
        eq(rc, EXIT_OK, f"{args}: exit status (stderr {err!r})")
        check("Usage: cohortplan " in out, f"{args}: no usage text in {out!r}")


@case
def usage_errors():
    for args in ([], ["bogus"], ["solve-everything"], ["--bogus", "tz", "version"],
                 ["--tzdata"], ["--tzdata="], ["help", "bogus"],
                 ["tz"], ["tz", "bogus"], ["tz", "to-utc", "extra"],
                 ["tz", "to-local", "--bogus"], ["tz", "version", "x"],
                 ["tz", "transitions"], ["tz", "transitions", "Europe/Brussels", "2024-01-01"],
                 ["tz", "transitions", "Europe/Brussels", "2024-01-01", "2024-12-31", "x"],
                 ["tz", "zones", "--links-only"]):
        rc, out, err = run(args)
        eq(rc, EXIT_USAGE, f"{args}: exit status")
        eq(out, "", f"{args}: stdout")
        # One line, which names the program and points at --help.
        eq(err.count("\n"), 1, f"{args}: stderr is one line: {err!r}")
        check(err.startswith("cohortplan") and "--help" in err,
              f"{args}: hint on stderr: {err!r}")


@case
def solve_checks_first():
    """solve refuses a bad --lang (64) and an output folder it cannot write
    (1) before any work: nothing written, no solver progress printed."""
    example = os.path.join(os.path.dirname(os.path.dirname(OPTS.doc)), "examples",
                           "pilot2.json")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        rc, _, err = run(["solve", example, "-o", out, "--lang", "xx"])
        eq(rc, EXIT_USAGE, f"solve --lang xx: exit status ({err!r})")
        check("--lang needs one of nl, en, fr, ar, got 'xx'" in err, f"message: {err!r}")
        check(not os.path.exists(out), "solve --lang xx created the output folder")
        for opt, val, words in (("--threads", "0", "--threads needs a whole number between "
                                 "1 and 256, got '0'"),
                                ("--threads", "1.5", "got '1.5'"),
                                ("--nodes", "0", "--nodes needs a whole number of at least 1"),
                                ("--seed", "-1", "--seed needs a whole number, got '-1'")):
            rc, _, err = run(["solve", example, "-o", out, opt, val])
            eq(rc, EXIT_USAGE, f"solve {opt} {val}: exit status ({err!r})")
            check(words in err and not os.path.exists(out), f"solve {opt} {val}: {err!r}")

        # --deterministic: the same plan twice (only the clock fields differ)
        plans = []
        for i in range(2):
            d = os.path.join(tmp, "det%d" % i)
            rc, _, err = run(["solve", "-q", "--deterministic", example, "-o", d])
            eq(rc, EXIT_OK, f"solve --deterministic: exit status ({err!r})")
            with open(os.path.join(d, "plan.json"), encoding="utf-8") as f:
                plan = json.load(f)
            for key in ("created", "solve_seconds"):
                plan.pop(key, None)
            plans.append(plan)
            shutil.rmtree(d)
        check(plans[0] == plans[1], "solve --deterministic gave two different plans")
        blocker = os.path.join(tmp, "file")
        open(blocker, "w").close()
        rc, _, err = run(["solve", example, "-o", os.path.join(blocker, "out")])
        eq(rc, EXIT_FAILURE, f"solve into a folder below a file: exit status ({err!r})")
        check("cannot create folder" in err and "placed-score" not in err,
              f"refused before solving: {err!r}")

        # The output folder is one unit: a re-solve leaves nothing of the
        # earlier set (here a feed of someone no longer in the plan) and no
        # temporary sibling behind.
        rc, _, err = run(["solve", "-q", example, "-o", out])
        eq(rc, EXIT_OK, f"solve: exit status ({err!r})")
        stale = os.path.join(out, "feeds", "participant-GONE.ics")
        open(stale, "w").close()
        rc, _, err = run(["solve", "-q", example, "-o", out])
        eq(rc, EXIT_OK, f"re-solve: exit status ({err!r})")
        check(not os.path.exists(stale), "re-solve left an earlier feed behind")
        check(os.path.exists(os.path.join(out, "plan.json")) and
              os.path.exists(os.path.join(out, "feeds", "participant-P2-02.ics")),
              "re-solve: plan.json or a feed missing")
        check(sorted(os.listdir(tmp)) == ["file", "out"], f"left behind: {os.listdir(tmp)}")

        # A folder holding other things is never replaced.
        mine = os.path.join(tmp, "mine")
        os.mkdir(mine)
        open(os.path.join(mine, "notes.txt"), "w").close()
        rc, _, err = run(["solve", example, "-o", mine])
        eq(rc, EXIT_FAILURE, f"solve into a foreign folder: exit status ({err!r})")
        check("not a cohortplan output" in err and "placed-score" not in err and
              os.listdir(mine) == ["notes.txt"], f"foreign folder: {err!r} {os.listdir(mine)}")


@case
def version():
    v = OPTS.tzdata_version
    rc, out, err = run(["tz", "version"])
    eq(rc, EXIT_OK, "tz version: exit status")
    eq(out.split("\n")[0], f"tzdata {v}", "tz version: first line")
    rc, out, err = run(["--version"])
    eq(rc, EXIT_OK, "--version: exit status")
    check(out.startswith("cohortplan ") and f"tzdata {v}" in out, f"--version: {out!r}")


@case
def tzdir():
    good = os.environ["COHORTPLAN_TZDIR"]
    env = dict(os.environ)

    rc, out, err = run(["--tzdata", "/nonexistent/zoneinfo", "tz", "version"])
    eq(rc, EXIT_FAILURE, "unusable --tzdata: exit status")
    eq(out, "", "unusable --tzdata: stdout")
    check("/nonexistent/zoneinfo" in err, f"message names the directory: {err!r}")

    env["COHORTPLAN_TZDIR"] = "/nonexistent/zoneinfo"
    rc, out, err = run(["tz", "version"], env=env)
    eq(rc, EXIT_FAILURE, "unusable $COHORTPLAN_TZDIR: exit status")
    check("/nonexistent/zoneinfo" in err, f"message names the directory: {err!r}")

    # --tzdata beats the environment, in both spellings.
    for args in (["--tzdata", good], [f"--tzdata={good}"]):
        rc, out, err = run(args + ["tz", "version"], env=env)
        eq(rc, EXIT_OK, f"{args} over a bad environment: exit status ({err!r})")
        eq(out.split("\n")[1], f"zoneinfo {good}", f"{args}: second line")

    # Without either, the build tree's zoneinfo (which the tests run from).
    for value in (None, ""):
        if value is None:
            env.pop("COHORTPLAN_TZDIR", None)
        else:
            env["COHORTPLAN_TZDIR"] = value
        rc, out, err = run(["tz", "version"], env=env)
        eq(rc, EXIT_OK, f"default zoneinfo (COHORTPLAN_TZDIR={value!r}): {err!r}")
        eq(out.split("\n")[0], f"tzdata {OPTS.tzdata_version}", "default zoneinfo: version")


# ---- tz to-utc -----------------------------------------------------------

# (zone, local, kind, earliest, latest), each worked out by hand from the
# rules in tzdata.zi.
TO_UTC = [
    # Brussels, +01 -> +02 at 01:00Z on the last Sunday of March: 02:00-03:00
    # local is skipped; a skipped time takes the +01 offset of before.
    ("Europe/Brussels", "2024-03-31T01:59:59", "normal", "2024-03-31T00:59:59Z", "2024-03-31T00:59:59Z"),
    ("Europe/Brussels", "2024-03-31T02:00", "gap", "2024-03-31T01:00:00Z", "2024-03-31T01:00:00Z"),
    ("Europe/Brussels", "2024-03-31T02:30", "gap", "2024-03-31T01:30:00Z", "2024-03-31T01:30:00Z"),
    ("Europe/Brussels", "2024-03-31T02:59:59", "gap", "2024-03-31T01:59:59Z", "2024-03-31T01:59:59Z"),
    ("Europe/Brussels", "2024-03-31T03:00", "normal", "2024-03-31T01:00:00Z", "2024-03-31T01:00:00Z"),
    # ... and back at 01:00Z on the last Sunday of October: 02:00-03:00 twice.
    ("Europe/Brussels", "2024-10-27T01:59:59", "normal", "2024-10-26T23:59:59Z", "2024-10-26T23:59:59Z"),
    ("Europe/Brussels", "2024-10-27T02:00", "overlap", "2024-10-27T00:00:00Z", "2024-10-27T01:00:00Z"),
    ("Europe/Brussels", "2024-10-27T02:30", "overlap", "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z"),
    ("Europe/Brussels", "2024-10-27T03:00", "normal", "2024-10-27T02:00:00Z", "2024-10-27T02:00:00Z"),
    ("Europe/Brussels", "2024-06-01T12:00:05", "normal", "2024-06-01T10:00:05Z", "2024-06-01T10:00:05Z"),
    # Far beyond the last stored transition: the POSIX footer's rules.
    ("Europe/Brussels", "2037-10-25T02:30", "overlap", "2037-10-25T00:30:00Z", "2037-10-25T01:30:00Z"),
    # Casablanca: Ramadan 2026 on +00 (back 03:00 -> 02:00 on 02-15, forward
    # 02:00 -> 03:00 on 03-22), then permanent +00 from 2026-09-20 (back
    # 02:00 -> 01:00).
    ("Africa/Casablanca", "2026-02-15T01:59", "normal", "2026-02-15T00:59:00Z", "2026-02-15T00:59:00Z"),
    ("Africa/Casablanca", "2026-02-15T02:30", "overlap", "2026-02-15T01:30:00Z", "2026-02-15T02:30:00Z"),
    ("Africa/Casablanca", "2026-03-01T19:00", "normal", "2026-03-01T19:00:00Z", "2026-03-01T19:00:00Z"),
    ("Africa/Casablanca", "2026-03-22T02:30", "gap", "2026-03-22T02:30:00Z", "2026-03-22T02:30:00Z"),
    ("Africa/Casablanca", "2026-03-22T03:00", "normal", "2026-03-22T02:00:00Z", "2026-03-22T02:00:00Z"),
    ("Africa/Casablanca", "2026-06-01T12:00", "normal", "2026-06-01T11:00:00Z", "2026-06-01T11:00:00Z"),
    ("Africa/Casablanca", "2026-09-20T00:59", "normal", "2026-09-19T23:59:00Z", "2026-09-19T23:59:00Z"),
    ("Africa/Casablanca", "2026-09-20T01:30", "overlap", "2026-09-20T00:30:00Z", "2026-09-20T01:30:00Z"),
    ("Africa/Casablanca", "2026-09-20T02:00", "normal", "2026-09-20T02:00:00Z", "2026-09-20T02:00:00Z"),
    ("Africa/Casablanca", "2026-12-01T19:00", "normal", "2026-12-01T19:00:00Z", "2026-12-01T19:00:00Z"),
    ("Africa/Casablanca", "2027-06-01T19:00", "normal", "2027-06-01T19:00:00Z", "2027-06-01T19:00:00Z"),
    # Beirut switches at local midnight: 00:00-01:00 skipped on 03-31, and
    # 23:00-24:00 of Saturday 10-26 repeated.
    ("Asia/Beirut", "2024-03-31T00:30", "gap", "2024-03-30T22:30:00Z", "2024-03-30T22:30:00Z"),
    ("Asia/Beirut", "2024-03-31T01:00", "normal", "2024-03-30T22:00:00Z", "2024-03-30T22:00:00Z"),
    ("Asia/Beirut", "2024-10-26T23:30", "overlap", "2024-10-26T20:30:00Z", "2024-10-26T21:30:00Z"),
    ("Asia/Beirut", "2024-10-27T00:00", "normal", "2024-10-26T22:00:00Z", "2024-10-26T22:00:00Z"),
    # Amman: permanent +03 since 2022-10-28, a change of name only (EEST ->
    # +03), which skips and repeats nothing.
    ("Asia/Amman", "2022-10-28T00:30", "normal", "2022-10-27T21:30:00Z", "2022-10-27T21:30:00Z"),
    ("Asia/Amman", "2024-01-15T12:00", "normal", "2024-01-15T09:00:00Z", "2024-01-15T09:00:00Z"),
    ("Asia/Amman", "2024-07-15T12:00", "normal", "2024-07-15T09:00:00Z", "2024-07-15T09:00:00Z"),
    # Lord Howe moves by half an hour: +10:30 <-> +11.
    ("Australia/Lord_Howe", "2024-04-07T01:45", "overlap", "2024-04-06T14:45:00Z", "2024-04-06T15:15:00Z"),
    ("Australia/Lord_Howe", "2024-10-06T02:15", "gap", "2024-10-05T15:45:00Z", "2024-10-05T15:45:00Z"),
    # Samoa skipped all of 2011-12-30 when it crossed the date line (-10 -> +14).
    ("Pacific/Apia", "2011-12-30T12:00", "gap", "2011-12-30T22:00:00Z", "2011-12-30T22:00:00Z"),
    ("Pacific/Apia", "2011-12-31T00:00", "normal", "2011-12-30T10:00:00Z", "2011-12-30T10:00:00Z"),
    # A link keeps the name it was given in the output.
    ("Asia/Calcutta", "2024-01-01T05:30", "normal", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
    ("America/St_Johns", "2024-01-15T08:30", "normal", "2024-01-15T12:00:00Z", "2024-01-15T12:00:00Z"),
    ("UTC", "2024-02-29T23:59:59", "normal", "2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
]


@case
def to_utc():
    stdin = "".join(tab(z, l) + "\n" for z, l, *_ in TO_UTC)
    expect(["tz", "to-utc"], stdin, EXIT_OK, lines(*TO_UTC))
    # One at a time too: nothing may depend on the line before.
    for row in TO_UTC:
        expect(["tz", "to-utc"], tab(*row[:2]) + "\n", EXIT_OK, lines(row))


# ---- tz to-local ---------------------------------------------------------

TO_LOCAL = [
    ("Europe/Brussels", "2024-03-31T00:59:59Z", "2024-03-31T01:59:59", "3600"),
    ("Europe/Brussels", "2024-03-31T01:00:00Z", "2024-03-31T03:00:00", "7200"),
    ("Europe/Brussels", "2024-10-27T00:59:59Z", "2024-10-27T02:59:59", "7200"),
    ("Europe/Brussels", "2024-10-27T01:00:00Z", "2024-10-27T02:00:00", "3600"),
    ("Africa/Casablanca", "2026-02-15T01:59:59Z", "2026-02-15T02:59:59", "3600"),
    ("Africa/Casablanca", "2026-02-15T02:00:00Z", "2026-02-15T02:00:00", "0"),
    ("Africa/Casablanca", "2026-03-22T02:00:00Z", "2026-03-22T03:00:00", "3600"),
    ("Africa/Casablanca", "2026-09-20T00:59:59Z", "2026-09-20T01:59:59", "3600"),
    ("Africa/Casablanca", "2026-09-20T01:00:00Z", "2026-09-20T01:00:00", "0"),
    ("Africa/Casablanca", "2030-06-01T12:00:00Z", "2030-06-01T12:00:00", "0"),
    ("Asia/Beirut", "2024-03-30T21:59:59Z", "2024-03-30T23:59:59", "7200"),
    ("Asia/Beirut", "2024-03-30T22:00:00Z", "2024-03-31T01:00:00", "10800"),
    ("Asia/Amman", "2025-01-01T00:00:00Z", "2025-01-01T03:00:00", "10800"),
    ("America/St_Johns", "2024-01-15T12:00:00Z", "2024-01-15T08:30:00", "-12600"),
    ("Asia/Kathmandu", "2024-01-15T12:00:00Z", "2024-01-15T17:45:00", "20700"),
    ("Pacific/Kiritimati", "2024-12-31T12:00:00Z", "2025-01-01T02:00:00", "50400"),
    ("Pacific/Apia", "2011-12-30T10:00:00Z", "2011-12-31T00:00:00", "50400"),
    ("Europe/Brussels", "2037-03-29T01:00:00Z", "2037-03-29T03:00:00", "7200"),
    # HH:MMZ is accepted and echoed as given.
    ("Europe/Brussels", "2024-07-01T10:00Z", "2024-07-01T12:00:00", "7200"),
    ("Asia/Calcutta", "2024-01-01T00:00:00Z", "2024-01-01T05:30:00", "19800"),
]


@case
def to_local():
    stdin = "".join(tab(z, u) + "\n" for z, u, *_ in TO_LOCAL)
    expect(["tz", "to-local"], stdin, EXIT_OK, lines(*TO_LOCAL))


# ---- bad lines -----------------------------------------------------------

def error_rows(out):
    return [l.split("\t") for l in out.splitlines()]


@case
def bad_lines():
    good = tab("Europe/Brussels", "2024-10-27T02:30")
    good_out = lines(("Europe/Brussels", "2024-10-27T02:30", "overlap",
                      "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z"))
    # (input line, ZONE column, INPUT column, text the message must contain);
    # the first list gives the two columns only, joined by a tab into the line
    bad = [(tab(zone, value), zone, value, msg) for zone, value, msg in [
        ("Europe/Brusels", "2024-01-01T10:00", 'unknown time zone "Europe/Brusels"'),
        ("Mars/Olympus_Mons", "2024-01-01T10:00", '"Mars/Olympus_Mons"'),
        ("", "2024-01-01T10:00", ""),
        ("../etc/passwd", "2024-01-01T10:00", '"../etc/passwd"'),
        ("Europe/Brussels", "2026-02-30T10:00", '"2026-02-30T10:00"'),
        ("Europe/Brussels", "2023-02-29T10:00", '"2023-02-29T10:00"'),
        ("Europe/Brussels", "2024-01-01T24:00", '"2024-01-01T24:00"'),
        ("Europe/Brussels", "2024-01-01T10:60", '"2024-01-01T10:60"'),
        ("Europe/Brussels", "2024-1-1T10:00", '"2024-1-1T10:00"'),
        ("Europe/Brussels", "2024-01-01 10:00", '"2024-01-01 10:00"'),
        ("Europe/Brussels", "2024-01-01T10:00Z", '"2024-01-01T10:00Z"'),
        ("Europe/Brussels", "2024-01-01", '"2024-01-01"'),
        ("Europe/Brussels", "", '""'),
        ("Europe/Brussels", " 2024-01-01T10:00", '" 2024-01-01T10:00"'),
        # Results must stay within the years 0001-9999.
        ("Etc/GMT+12", "9999-12-31T23:30", '"9999-12-31T23:30"'),
        ("Etc/GMT-14", "0001-01-01T00:00", '"0001-01-01T00:00"'),
    ]] + [
        # No tab at all: the whole line is the ZONE column.
        ("Europe/Brussels 2024-01-01T10:00", "Europe/Brussels 2024-01-01T10:00", "",
         "tab"),
        # A third field is not silently dropped.
        (tab("Europe/Brussels", "2024-01-01T10:00", "x"), "Europe/Brussels",
         "2024-01-01T10:00", "x"),
    ]
    stdin = good + "\n"
    want = good_out
    for line, zone, value, msg in bad:
        stdin += line + "\n" + good + "\n"
        want += "\t".join([zone, value, "error"]) + "\t<msg>\n" + good_out
    rc, out, err = run(["tz", "to-utc"], stdin)
    eq(rc, EXIT_INPUT, "exit status after bad lines")
    got_rows = error_rows(out)
    want_rows = error_rows(want)
    eq(len(got_rows), len(want_rows), f"number of output lines in\n{out}")
    for i, (g, w) in enumerate(zip(got_rows, want_rows)):
        if w[-1] == "<msg>":
            _, _, _, msg = bad[(i - 1) // 2]
            eq(len(g), 4, f"line {i + 1}: four columns: {g}")
            eq(g[:3], w[:3], f"line {i + 1}: columns 1-3")
            check(msg in g[3] and len(g[3]) > 10, f"line {i + 1}: {msg!r} not in {g[3]!r}")
        else:
            eq(g, w, f"line {i + 1}: the good line after a bad one")

    # The same for to-local.
    rc, out, err = run(["tz", "to-local"], lines(
        ("Europe/Brussels", "2024-10-27T01:00:00Z"),
        ("Europe/Brusels", "2024-10-27T01:00:00Z"),
        ("Europe/Brussels", "2024-10-27T01:00:00"),
        ("Europe/Brussels", "2024-02-30T01:00:00Z"),
        ("Asia/Beirut", "2024-03-30T22:00:00Z"),
        ("Etc/GMT-14", "9999-12-31T23:30:00Z"),
        ("Etc/GMT+12", "0001-01-01T00:00:00Z"),
        ("UTC", "0001-01-01T00:00:00Z"),
        ("UTC", "9999-12-31T23:59:59Z")))
    eq(rc, EXIT_INPUT, "to-local: exit status after bad lines")
    rows = error_rows(out)
    eq(rows[0], ["Europe/Brussels", "2024-10-27T01:00:00Z", "2024-10-27T02:00:00", "3600"], "to-local line 1")
    eq(rows[1][:3], ["Europe/Brusels", "2024-10-27T01:00:00Z", "error"], "to-local line 2")
    check('unknown time zone "Europe/Brusels"' in rows[1][3], f"to-local line 2: {rows[1]}")
    eq(rows[2][:3], ["Europe/Brussels", "2024-10-27T01:00:00", "error"], "to-local line 3")
    eq(rows[3][:3], ["Europe/Brussels", "2024-02-30T01:00:00Z", "error"], "to-local line 4")
    eq(rows[4], ["Asia/Beirut", "2024-03-30T22:00:00Z", "2024-03-31T01:00:00", "10800"], "to-local line 5")
    eq(rows[5][:3], ["Etc/GMT-14", "9999-12-31T23:30:00Z", "error"], "to-local line 6")
    eq(rows[6][:3], ["Etc/GMT+12", "0001-01-01T00:00:00Z", "error"], "to-local line 7")
    eq(rows[7], ["UTC", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00", "0"], "to-local line 8")
    eq(rows[8], ["UTC", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59", "0"], "to-local line 9")
    eq(len(rows), 9, "to-local: number of lines")


@case
def input_forms():
    row = ("Europe/Brussels", "2024-03-31T02:30", "gap", "2024-03-31T01:30:00Z", "2024-03-31T01:30:00Z")
    one = lines(row)
    for cmd in ("to-utc", "to-local"):
        # Empty input, and input of blank lines only, is fine.
        for stdin in ("", "\n", "\n\n\r\n", "  \n\t\n"):
            expect(["tz", cmd], stdin, EXIT_OK, "", f"{cmd} with input {stdin!r}")
    # CRLF line ends, blank lines between records, no newline at the end.
    expect(["tz", "to-utc"], tab(*row[:2]) + "\r\n", EXIT_OK, one, "CRLF")
    expect(["tz", "to-utc"], "\n" + tab(*row[:2]) + "\n\r\n\n", EXIT_OK, one, "blank lines")
    expect(["tz", "to-utc"], tab(*row[:2]), EXIT_OK, one, "no final newline")
    expect(["tz", "to-utc"], tab(*row[:2]) + "\r\n" + tab(*row[:2]), EXIT_OK, one + one, "mixed")
    expect(["tz", "to-local"], "UTC\t2024-01-01T00:00:00Z\r\n", EXIT_OK,
           lines(("UTC", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00", "0")), "to-local CRLF")

    # A very long line is one bad record, and the stream goes on.
    long_zone = "Europe/" + "x" * (1 << 20)
    rc, out, err = run(["tz", "to-utc"], tab(long_zone, "2024-01-01T00:00") + "\n"
                       + tab(*row[:2]) + "\n")
    eq(rc, EXIT_INPUT, "long line: exit status")
    out_lines = out.split("\n")
    eq(len(out_lines), 3, "long line: two output lines")
    eq(out_lines[0].split("\t")[:3], [long_zone, "2024-01-01T00:00", "error"], "long line")
    eq(out_lines[1] + "\n", one, "line after the long one")

    # Control bytes inside a field cannot break the column layout.
    rc, out, err = run(["tz", "to-utc"], b"Europe/Br\x00ussels\t2024-01-01T00:00\n", binary=True)
    eq(rc, EXIT_INPUT, "NUL byte: exit status")
    eq(out.count(b"\n"), 1, "NUL byte: one line")
    eq(out.count(b"\t"), 3, "NUL byte: four columns")
    check(b"\x00" not in out, "NUL byte is not echoed")


@case
def large_stream():
    """Many lines through the buffers: every line answered, in order."""
    rows = []
    for i in range(200000):
        day = 1 + i % 28
        rows.append((("Europe/Brussels", "Africa/Casablanca", "Asia/Beirut")[i % 3],
                     f"2026-02-{day:02d}T{i % 24:02d}:{i % 60:02d}"))
    rc, out, err = run(["tz", "to-utc"], "".join(tab(*r) + "\n" for r in rows))
    eq(rc, EXIT_OK, f"exit status ({err!r})")
    got = out.split("\n")
    eq(len(got), len(rows) + 1, "one line per input line")
    for i in (0, 1, 2, 99999, 199999):
        eq(got[i].split("\t")[:2], list(rows[i]), f"line {i + 1} echoes its input")
    # The last row (i = 199999) is Casablanca on 2026-02-24T07:19, inside
    # the Ramadan period on +00.
    eq(got[-2], tab("Africa/Casablanca", "2026-02-24T07:19", "normal",
                    "2026-02-24T07:19:00Z", "2026-02-24T07:19:00Z"), "last line")


# ---- tz transitions -----------------------------------------------------

@case
def transitions():
    t = ["tz", "transitions"]
    expect(t + ["Africa/Casablanca", "2026-01-01", "2026-12-31"], "", EXIT_OK, lines(
        ("2026-02-15T02:00:00Z", "3600", "0", "+00"),
        ("2026-03-22T02:00:00Z", "0", "3600", "+01"),
        ("2026-09-20T01:00:00Z", "3600", "0", "+00")))
    # Nothing after the move to permanent +00.
    expect(t + ["Africa/Casablanca", "2026-09-21", "2037-12-31"], "", EXIT_OK, "")
    expect(t + ["Europe/Brussels", "2024-01-01", "2024-12-31"], "", EXIT_OK, lines(
        ("2024-03-31T01:00:00Z", "3600", "7200", "CEST"),
        ("2024-10-27T01:00:00Z", "7200", "3600", "CET")))
    # FROM and TO are both inclusive whole days (UTC).
    expect(t + ["Europe/Brussels", "2024-03-31", "2024-03-31"], "", EXIT_OK,
           lines(("2024-03-31T01:00:00Z", "3600", "7200", "CEST")))
    expect(t + ["Europe/Brussels", "2024-03-30", "2024-03-30"], "", EXIT_OK, "")
    expect(t + ["Europe/Brussels", "2024-04-01", "2024-10-26"], "", EXIT_OK, "")
    # From the POSIX footer, far beyond the stored transitions.
    expect(t + ["Europe/Brussels", "2037-01-01", "2037-12-31"], "", EXIT_OK, lines(
        ("2037-03-29T01:00:00Z", "3600", "7200", "CEST"),
        ("2037-10-25T01:00:00Z", "7200", "3600", "CET")))
    expect(t + ["Asia/Beirut", "2024-01-01", "2024-12-31"], "", EXIT_OK, lines(
        ("2024-03-30T22:00:00Z", "7200", "10800", "EEST"),
        ("2024-10-26T21:00:00Z", "10800", "7200", "EET")))
    # A change of name alone is a transition too.
    expect(t + ["Asia/Amman", "2022-01-01", "2025-12-31"], "", EXIT_OK, lines(
        ("2022-02-24T22:00:00Z", "7200", "10800", "EEST"),
        ("2022-10-27T22:00:00Z", "10800", "10800", "+03")))
    expect(t + ["Pacific/Apia", "2011-12-29", "2011-12-31"], "", EXIT_OK,
           lines(("2011-12-30T10:00:00Z", "-36000", "50400", "+14")))
    # Through a link.
    expect(t + ["US/Eastern", "2024-01-01", "2024-12-31"], "", EXIT_OK, lines(
        ("2024-03-10T07:00:00Z", "-18000", "-14400", "EDT"),
        ("2024-11-03T06:00:00Z", "-14400", "-18000", "EST")))
    # A long range comes out whole and in order (more than any one buffer).
    rc, out, err = run(t + ["Europe/Brussels", "1980-01-01", "2999-12-31"])
    eq(rc, EXIT_OK, f"long range: exit status ({err!r})")
    instants = [l.split("\t")[0] for l in out.splitlines()]
    eq(len(instants), 2 * (2999 - 1980 + 1), "long range: two a year")
    eq(instants, sorted(instants), "long range: in order")
    eq(len(set(instants)), len(instants), "long range: no duplicates")
    eq(instants[-1], "2999-10-27T01:00:00Z", "long range: last one")

    # Bad values: exit 2 with the value named on stderr, nothing on stdout.
    for args, named in [
        (["Europe/Brusels", "2024-01-01", "2024-12-31"], '"Europe/Brusels"'),
        (["Europe/Brussels", "2024-02-30", "2024-12-31"], '"2024-02-30"'),
        (["Europe/Brussels", "2024-01-01", "2024-13-01"], '"2024-13-01"'),
        (["Europe/Brussels", "2024-01-01", "31/12/2024"], '"31/12/2024"'),
        (["Europe/Brussels", "2024-12-31", "2024-01-01"], "before"),
    ]:
        rc, out, err = run(t + args)
        eq(rc, EXIT_INPUT, f"{args}: exit status")
        eq(out, "", f"{args}: stdout")
        check(named in err, f"{args}: {named!r} not in {err!r}")


# ---- tz zones ------------------------------------------------------------

@case
def zones():
    rc, out, err = run(["tz", "zones"])
    eq(rc, EXIT_OK, "tz zones: exit status")
    names = out.splitlines()
    rc, out, err = run(["tz", "zones", "--canonical"])
    eq(rc, EXIT_OK, "tz zones --canonical: exit status")
    canonical = out.splitlines()
    for n in ("Europe/Brussels", "Africa/Casablanca", "Asia/Beirut", "Asia/Amman",
              "America/Ciudad_Juarez", "Asia/Kolkata", "Etc/UTC"):
        check(n in names and n in canonical, f"{n} listed")
    # (Europe/Amsterdam is no example: the pinned data is compiled with
    # backzone, where it keeps its own pre-1970 history.)
    for n in ("Asia/Calcutta", "US/Eastern", "UTC"):
        check(n in names and n not in canonical, f"link {n} listed without --canonical only")
    # Sorted by bytes, not by the (forced C) locale's idea of order.
    eq(names, sorted(names, key=lambda s: s.encode()), "sorted")
    eq(len(set(names)), len(names), "no duplicates")
    check(set(canonical) <= set(names), "--canonical lists a subset")
    check(len(names) > 500 and len(canonical) > 300, f"{len(names)}/{len(canonical)} names")
    # Every name listed converts.
    rc, out, err = run(["tz", "to-local"], "".join(f"{n}\t2024-01-01T00:00:00Z\n" for n in names))
    eq(rc, EXIT_OK, f"every listed name converts: {err!r} {out[:300]!r}")


# ---- an independent oracle: Python's zoneinfo -----------------------------

def load_zone(tzdir, name):
    with open(os.path.join(tzdir, name), "rb") as f:
        return zoneinfo.ZoneInfo.from_file(f, key=name)


def fmt_utc(d):
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def py_to_utc(z, wall):
    """Python's answer for the to-utc contract (fold=0 for gaps)."""
    d0 = wall.replace(tzinfo=z, fold=0)
    d1 = wall.replace(tzinfo=z, fold=1)
    u0, u1 = d0.astimezone(UTC), d1.astimezone(UTC)
    if u0.astimezone(z).replace(tzinfo=None) != wall:
        return "gap", u0, u0
    if u0 != u1:
        return "overlap", min(u0, u1), max(u0, u1)
    return "normal", u0, u0


@case
def crosscheck():
    """Every canonical zone: random instants 1970-2037 through to-local, and
    wall times on both sides of every transition in that span through
    to-utc, compared with Python's zoneinfo on the same compiled files."""
    tzdir = os.environ["COHORTPLAN_TZDIR"]
    rng = random.Random(20260215)
    rc, out, err = run(["tz", "zones", "--canonical"])
    eq(rc, EXIT_OK, "tz zones")
    names = out.splitlines()
    if WRAPPER:
        # Under valgrind each run costs seconds: a sample of the zones.
        names = names[::16]
    lo = int(dt.datetime(1970, 1, 1, tzinfo=UTC).timestamp())
    hi = int(dt.datetime(2038, 1, 1, tzinfo=UTC).timestamp())

    local_in, local_want, utc_in, utc_want = [], [], [], []
    for name in names:
        z = load_zone(tzdir, name)
        for _ in range(20):
            t = dt.datetime.fromtimestamp(rng.randrange(lo, hi), UTC)
            loc = t.astimezone(z)
            local_in.append(tab(name, fmt_utc(t)))
            local_want.append(tab(name, fmt_utc(t), loc.strftime("%Y-%m-%dT%H:%M:%S"),
                                  str(int(loc.utcoffset().total_seconds()))))

        rc, out, err = run(["tz", "transitions", name, "1970-01-02", "2037-12-30"])
        eq(rc, EXIT_OK, f"tz transitions {name}: {err!r}")
        for row in out.splitlines():
            at_s, before, after, abbr = row.split("\t")
            at = dt.datetime.strptime(at_s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            # The listed offsets are the ones Python sees on either side.
            eq((int((at - dt.timedelta(seconds=1)).astimezone(z).utcoffset().total_seconds()),
                int(at.astimezone(z).utcoffset().total_seconds()), at.astimezone(z).tzname()),
               (int(before), int(after), abbr), f"{name} transition {row}")
            # Wall times at, just before and just after the edges of the
            # skipped or repeated span, and in its middle.
            walls = set()
            base = at.replace(tzinfo=None)
            for off in (int(before), int(after)):
                for delta in (-1, 0, 1):
                    walls.add(base + dt.timedelta(seconds=off + delta))
            walls.add(base + dt.timedelta(seconds=(int(before) + int(after)) // 2))
            for w in sorted(walls):
                kind, e, l = py_to_utc(z, w)
                ws = w.strftime("%Y-%m-%dT%H:%M:%S")
                utc_in.append(tab(name, ws))
                utc_want.append(tab(name, ws, kind, fmt_utc(e), fmt_utc(l)))

    for cmd, stdin, want in (("to-local", local_in, local_want), ("to-utc", utc_in, utc_want)):
        rc, out, err = run(["tz", cmd], "".join(l + "\n" for l in stdin))
        eq(rc, EXIT_OK, f"{cmd}: exit status ({err!r})")
        got = out.splitlines()
        eq(len(got), len(want), f"{cmd}: number of lines")
        bad = [(g, w) for g, w in zip(got, want) if g != w]
        if bad:
            raise Failure(f"{cmd}: {len(bad)} of {len(want)} lines differ from Python's zoneinfo, e.g.\n"
                          + "\n".join(f"  got  {g!r}\n  want {w!r}" for g, w in bad[:10]))
    print(f"{len(names)} zones, {len(local_in)} to-local and {len(utc_in)} to-utc lines agree")


# ---- the examples in docs/cli.md ------------------------------------------

def doc_examples(path):
    """Yield (line number, command, expected output) for every "$ " line in
    the ```console blocks of the document."""
    with open(path, encoding="utf-8") as f:
        text = f.read().split("\n")
    in_block = False
    cur = None
    for i, l in enumerate(text, 1):
        if l.startswith("```"):
            if in_block and cur:
                yield cur
            cur = None
            in_block = l.strip() == "```console"
            continue
        if not in_block:
            continue
        if l.startswith("$ "):
            if cur:
                yield cur
            cur = (i, l[2:], [])
        elif cur:
            cur[2].append(l)


@case
def docs():
    """Each example runs with `cohortplan` on PATH and prints what the doc
    shows (stdout and stderr together, as on a terminal)."""
    with tempfile.TemporaryDirectory() as bindir:
        prog = os.path.join(bindir, "cohortplan")
        with open(prog, "w") as f:
            f.write("#!/bin/sh\nexec " + shlex.join(WRAPPER + [os.path.abspath(EXE)])
                    + ' "$@"\n')
        os.chmod(prog, 0o755)
        env = dict(os.environ)
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
        n = 0
        for lineno, cmd, want in doc_examples(OPTS.doc):
            p = subprocess.run(["sh", "-c", cmd], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=env, timeout=600)
            got = p.stdout.decode().split("\n")
            if got and got[-1] == "":
                got.pop()
            eq(got, want, f"{OPTS.doc}:{lineno}: {cmd}")
            n += 1
        check(n >= 10, f"only {n} examples found in {OPTS.doc}")
        print(f"{n} examples from {OPTS.doc} ran as shown")


def main():
    global EXE, OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--tzdata-version")
    ap.add_argument("--doc")
    OPTS = ap.parse_args()
    EXE = OPTS.exe
    return run_case(CASES, OPTS.case)


if __name__ == "__main__":
    sys.exit(main())
