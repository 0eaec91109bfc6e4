#!/usr/bin/env python3
"""Tests of `cohortplan tz doctor`, `cohortplan tz diff` and tzdata/update.

Usage: compare_test.py COHORTPLAN_EXE CASE --fixture DIR --source-root DIR

Each CASE is one function below. Expected intervals are worked out by hand
from the tzdata rules of the pinned release and of the release ICU carries;
those that depend on ICU's age are keyed to the tz release ICU reports (the
doctor's header), so a newer ICU changes what is expected instead of failing.

The fixture (tests/compare/make-fixture) is the pinned release with one edit:
from 2027 on, Beirut's summer time ends on the first Sunday of November
(00:00 local, +03) instead of the last Sunday of October.
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from testlib import Failure, check, eq  # noqa: E402

EXE = ""
OPTS = None
EXIT_OK, EXIT_FAILURE, EXIT_INPUT, EXIT_DISAGREE, EXIT_USAGE = 0, 1, 2, 3, 64


def run(args, env=None):
    p = subprocess.run(args, capture_output=True, env=env, timeout=600)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def cp(*args):
    """Run cohortplan, under $CP_TEST_EXE_WRAPPER when the valgrind test
    setup sets it (the interpreter itself is not wrapped)."""
    wrapper = shlex.split(os.environ.get("CP_TEST_EXE_WRAPPER", ""))
    return run(wrapper + [EXE] + list(args))


def fields(line):
    """A report line split at its column gaps (two or more spaces)."""
    return re.split(r"\s{2,}", line.strip())


def report(out):
    """(header lines, body lines as field lists)."""
    head = [l for l in out.splitlines() if l.startswith("#")]
    body = [fields(l) for l in out.splitlines() if l and not l.startswith("#")]
    return head, body


def pinned_version():
    with open(os.path.join(OPTS.source_root, "tzdata", "tzdata.zi")) as f:
        return f.readline().split()[2]


def icu_tz_version(head):
    for h in head:
        m = re.match(r"# ICU \S+: built-in tz data (\S+)$", h)
        if m:
            return m.group(1)
    raise Failure(f"no ICU line in header {head!r}")


# ---- tz doctor -----------------------------------------------------------

def case_doctor_three_zones():
    """The issue's example: ICU's wrong answers next to the pinned ones."""
    st, out, err = cp("tz", "doctor", "Asia/Almaty", "America/Asuncion",
                      "America/Ciudad_Juarez", "--from", "2023-01-01", "--to", "2027-12-31")
    head, body = report(out)
    v = icu_tz_version(head)
    eq(head[0], f"# pinned: tzdata {pinned_version()}", "first header line")
    check(any(h.startswith("# libical 3.") and h.endswith("reading the pinned zoneinfo")
              for h in head), f"libical header in {head!r}")
    eq(head[-2], "# horizon: 2023-01-01T00:00:00Z .. 2028-01-01T00:00:00Z", "horizon")
    check(not [b for b in body if b[1] == "libical"],
          f"libical must agree with the pinned zoneinfo:\n{out}")

    want = []
    # Kazakhstan unified on +05 at 00:00 local (+06) on 2024-03-01 (2024a).
    if v < "2024a":
        want.append(["Asia/Almaty", "ICU", "2024-02-29T18:00:00Z .. 2028-01-01T00:00:00Z",
                     "pinned +05 (+05)", "ICU +06"])
    # Paraguay kept -03 all year from 2024-10-15 (2024b). ICU's older rule
    # puts it back on -04 from the fourth Sunday of March (00:00 local -03)
    # to the first Sunday of October (00:00 local -04).
    if v < "2024b":
        for a, b in (("2025-03-23", "2025-10-05"), ("2026-03-22", "2026-10-04"),
                     ("2027-03-28", "2027-10-03")):
            want.append(["America/Asuncion", "ICU", f"{a}T03:00:00Z .. {b}T04:00:00Z",
                         "pinned -03 (-03)", "ICU -04"])
    # Ciudad Juarez is new in 2022g; before, ICU answers GMT. US rules: MDT
    # from the second Sunday of March 09:00Z, MST from the first Sunday of
    # November 08:00Z.
    if v < "2022g":
        want.append(["America/Ciudad_Juarez", "ICU",
                     f"unknown to ICU {head[1].split()[2].rstrip(':')} (tzdata {v}): "
                     "it answers Etc/Unknown (GMT, +00)"])
        edges = ["2023-01-01T00:00:00Z"]
        for y, mar, nov in ((2023, 12, 5), (2024, 10, 3), (2025, 9, 2), (2026, 8, 1),
                            (2027, 14, 7)):
            edges += [f"{y}-03-{mar:02d}T09:00:00Z", f"{y}-11-{nov:02d}T08:00:00Z"]
        edges.append("2028-01-01T00:00:00Z")
        for i in range(len(edges) - 1):
            off, ab = ("-06", "MDT") if i % 2 else ("-07", "MST")
            want.append(["America/Ciudad_Juarez", "ICU", f"{edges[i]} .. {edges[i + 1]}",
                         f"pinned {off} ({ab})", "ICU +00"])
    eq(body, want, "doctor lines")
    bad = len({w[0] for w in want})
    unknown = 1 if v < "2022g" else 0
    eq(head[-1], f"# ICU disagrees on {bad} of 3 zones ({unknown} unknown to ICU); "
       "libical on 0 of 3", "summary")
    eq(st, EXIT_DISAGREE if bad else EXIT_OK, f"exit status (stderr {err!r})")


def case_doctor_agrees():
    """Brussels, Casablanca and Beirut over 2024: nobody disagrees."""
    st, out, err = cp("tz", "doctor", "Europe/Brussels", "Africa/Casablanca", "Asia/Beirut",
                      "--from", "2024-01-01", "--to", "2024-12-31", "--verbose")
    head, body = report(out)
    eq(st, EXIT_OK, f"exit status\n{out}{err}")
    eq(body, [[z, "ok", "ICU and libical agree with the pinned data"]
              for z in ("Europe/Brussels", "Africa/Casablanca", "Asia/Beirut")], "lines")
    eq(head[-1], "# ICU disagrees on 0 of 3 zones (0 unknown to ICU); libical on 0 of 3",
       "summary")
    # Without --verbose: headers only.
    st, out, err = cp("tz", "doctor", "Europe/Brussels", "--from=2024-01-01", "--to=2024-12-31")
    eq(st, EXIT_OK, "exit status without --verbose")
    eq(report(out)[1], [], "no lines without --verbose")
    # A link is checked under the name given, against its target's data.
    st, out, err = cp("tz", "doctor", "Asia/Calcutta", "--from", "2024-01-01", "--to",
                      "2024-12-31")
    eq((st, report(out)[1]), (EXIT_OK, []), "link Asia/Calcutta")
    # Casablanca's move to permanent +00 (2026f) is news to ICU 2022e.
    st, out, err = cp("tz", "doctor", "Africa/Casablanca", "--from", "2026-09-01", "--to",
                      "2026-12-31")
    v = icu_tz_version(report(out)[0])
    if v < "2026a":
        eq(report(out)[1], [["Africa/Casablanca", "ICU",
                             "2026-09-20T01:00:00Z .. 2027-01-01T00:00:00Z",
                             "pinned +00 (+00)", "ICU +01"]], "Casablanca after 2026-09-20")
        eq(st, EXIT_DISAGREE, "exit status")


def case_doctor_usage():
    st, out, err = cp("tz", "doctor", "--help")
    eq(st, EXIT_OK, "--help status")
    check(out.startswith("Usage: cohortplan tz doctor"), f"help text {out!r}")
    st, out, err = cp("tz", "doctor", "Nowhere/Atlantis", "Europe/Brussels",
                      "--from", "2024-01-01", "--to", "2024-12-31")
    eq(st, EXIT_INPUT, "unknown zone status")
    check("Nowhere/Atlantis" in err, f"stderr names the zone: {err!r}")
    check("# ICU disagrees on 0 of 1 zones" in out, "the known zone is still checked")
    for args in (["--from", "2024-13-01"], ["--to", "tomorrow"], ["--from"],
                 ["--from", "2025-01-01", "--to", "2024-12-31"], ["--bogus"]):
        st, out, err = cp("tz", "doctor", "Europe/Brussels", *args)
        eq(st, EXIT_USAGE, f"status for {args}")
        check("cohortplan tz doctor" in err, f"stderr for {args}: {err!r}")
    # The default horizon: three calendar years from the current one.
    st, out, err = cp("tz", "doctor", "Europe/Brussels")
    m = re.search(r"^# horizon: (\d{4})-01-01T00:00:00Z \.\. (\d{4})-01-01T00:00:00Z$", out,
                  re.M)
    check(m and int(m.group(2)) - int(m.group(1)) == 3, f"default horizon in {out!r}")


def case_doctor_docs():
    """Every '$ cohortplan ...' example in docs/tz-doctor.md prints what the
    document shows, when run with the pinned release and the ICU it was
    written with (both named in its header)."""
    path = os.path.join(OPTS.source_root, "docs", "tz-doctor.md")
    with open(path) as f:
        text = f.read()
    blocks = re.findall(r"```\n\$ (cohortplan [^\n]*)\n(.*?)```", text, re.S)
    check(blocks, "examples in docs/tz-doctor.md")
    ran = 0
    for cmd, want in blocks:
        args = cmd.split()[1:]
        args = [OPTS.fixture if a == "EDITED_ZONEINFO" else a for a in args]
        st, out, err = cp(*args)
        m = re.search(r"built-in tz data (\S+)", want)
        if m and f"built-in tz data {m.group(1)}" not in out:
            continue  # another ICU than the one the example was written with
        if f"# pinned: tzdata {pinned_version()}\n" not in want:
            continue  # written for an earlier pinned release
        eq(out, want, f"output of '{cmd}'")
        ran += 1
    check(ran, "no example could be checked")


# ---- tz diff -------------------------------------------------------------

BEIRUT_2027 = ["Asia/Beirut", "changed", "2027-10-30T21:00:00Z .. 2027-11-06T21:00:00Z",
               "pinned +02 (EET)", "other +03 (EEST)"]


def case_diff_edited():
    st, out, err = cp("tz", "diff", OPTS.fixture, "--from", "2027-01-01", "--to", "2027-12-31")
    head, body = report(out)
    eq(st, EXIT_DISAGREE, f"exit status ({err!r})")
    eq(head[:3], [f"# pinned: tzdata {pinned_version()}", "# other: tzdata 2099z",
                  "# horizon: 2027-01-01T00:00:00Z .. 2028-01-01T00:00:00Z"], "header")
    eq(body, [BEIRUT_2027], "only Beirut changes")
    check(re.fullmatch(r"# 1 of \d+ zones change offsets; 0 added, 0 removed", head[-1]),
          f"summary {head[-1]!r}")
    # Named zones only; before 2027 nothing differs.
    st, out, err = cp("tz", "diff", OPTS.fixture, "Asia/Beirut", "Europe/Brussels",
                      "--from", "2026-01-01", "--to", "2026-12-31")
    eq((st, report(out)[1]), (EXIT_OK, []), "2026")
    eq(report(out)[0][-1], "# 0 of 2 zones change offsets; 0 added, 0 removed", "summary")
    # Options may come before the directory.
    st, out, err = cp("tz", "diff", "--to", "2028-12-31", "--from", "2027-06-01",
                      OPTS.fixture, "Asia/Beirut")
    eq(report(out)[1], [BEIRUT_2027, ["Asia/Beirut", "changed",
                                      "2028-10-28T21:00:00Z .. 2028-11-04T21:00:00Z",
                                      "pinned +02 (EET)", "other +03 (EEST)"]], "2027-2028")
    # An interval cut by the horizon ends at the horizon.
    st, out, err = cp("tz", "diff", OPTS.fixture, "Asia/Beirut", "--from", "2027-11-01",
                      "--to", "2027-11-02")
    eq(report(out)[1], [["Asia/Beirut", "changed",
                         "2027-11-01T00:00:00Z .. 2027-11-03T00:00:00Z",
                         "pinned +02 (EET)", "other +03 (EEST)"]], "cut by the horizon")


def zic():
    for z in (shutil.which("zic"), "/usr/sbin/zic", "/sbin/zic"):
        if z and os.access(z, os.X_OK):
            return z
    raise Failure("zic not found")


def compile_release(zi_text, where):
    os.makedirs(where)
    src = os.path.join(where, "tzdata.zi")
    with open(src, "w") as f:
        f.write(zi_text)
    p = subprocess.run([zic(), "-d", where, src], capture_output=True)
    check(p.returncode == 0, f"zic: {p.stderr.decode()}")


def case_diff_same():
    with open(os.path.join(OPTS.source_root, "tzdata", "tzdata.zi")) as f:
        text = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        same = os.path.join(tmp, "same")
        compile_release(text, same)
        st, out, err = cp("tz", "diff", same, "--from", "2023-01-01", "--to", "2027-12-31")
        eq((st, report(out)[1]), (EXIT_OK, []), "a release against itself")
        check(re.fullmatch(r"# 0 of \d+ zones change offsets; 0 added, 0 removed",
                           report(out)[0][-1]), f"summary {out!r}")

        # Links: one removed, one added, one pointed elsewhere.
        edited = text.replace("L Asia/Kolkata Asia/Calcutta\n", "")
        edited = edited.replace("L America/Edmonton Canada/Mountain\n",
                                "L America/Winnipeg Canada/Mountain\n"
                                "L Europe/Brussels Europe/Testville\n")
        check(edited.count("\n") == text.count("\n"), "fixture edits applied")
        links = os.path.join(tmp, "links")
        compile_release(edited, links)
        st, out, err = cp("tz", "diff", links, "--from", "2024-01-01", "--to", "2024-12-31")
        head, body = report(out)
        eq(st, EXIT_DISAGREE, "status")
        eq([b for b in body if b[1] != "changed"], [
            ["Asia/Calcutta", "removed", "link to Asia/Kolkata"],
            ["Canada/Mountain", "relinked", "pinned America/Edmonton, other America/Winnipeg"],
            ["Europe/Testville", "added", "link to Europe/Brussels"],
        ], "presence lines")
        # Edmonton -07/-06 vs Winnipeg -06/-05 all year: one interval per
        # season, each off by one hour.
        ch = [b for b in body if b[1] == "changed"]
        check(ch and all(b[0] == "Canada/Mountain" for b in ch), f"changed lines {ch!r}")
        check(re.fullmatch(r"# 1 of \d+ zones change offsets; 1 added, 1 removed", head[-1]),
              f"summary {head[-1]!r}")


def case_diff_usage():
    st, out, err = cp("tz", "diff")
    eq(st, EXIT_USAGE, "no directory")
    st, out, err = cp("tz", "diff", "/nonexistent/zoneinfo")
    eq(st, EXIT_FAILURE, "unreadable directory")
    check("/nonexistent/zoneinfo" in err, f"stderr names it: {err!r}")
    st, out, err = cp("tz", "diff", OPTS.fixture, "Nowhere/Atlantis")
    eq(st, EXIT_INPUT, "unknown zone")
    st, out, err = cp("tz", "diff", "--help")
    eq(st, EXIT_OK, "--help")
    check(out.startswith("Usage: cohortplan tz diff"), "help text")


# ---- tzdata/update -------------------------------------------------------

def update(*args):
    script = os.path.join(OPTS.source_root, "tzdata", "update")
    return run([script, "--cohortplan", EXE] + list(args))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def pinned_copy(tmp):
    """Copies the pinned tzdata.zi into tmp for an update to change."""
    pinned = os.path.join(tmp, "tzdata.zi")
    shutil.copy(os.path.join(OPTS.source_root, "tzdata", "tzdata.zi"), pinned)
    return pinned


def case_update_dry_run():
    new = os.path.join(OPTS.fixture, "tzdata.zi")
    with tempfile.TemporaryDirectory() as tmp:
        pinned = pinned_copy(tmp)
        before = read(pinned)
        st, out, err = update(new, "--pinned", pinned, "--from", "2027-01-01",
                              "--to", "2027-12-31")
        eq(st, 0, f"status ({err!r})")
        body = [fields(l) for l in out.splitlines() if l.startswith("Asia/")]
        eq(body, [BEIRUT_2027], f"the zones that change:\n{out}")
        check(f"pinned: tzdata {pinned_version()}" in out and "new:    tzdata 2099z" in out,
              f"versions named:\n{out}")
        check("Dry run" in out, "dry run said")
        eq(read(pinned), before, "a dry run leaves the pinned file alone")
        eq(sorted(os.listdir(tmp)), ["tzdata.zi"], "nothing else written")
        # Usage errors.
        st, out, err = update(new, "--pinned", pinned, "--from", "someday")
        eq(st, 64, "bad date")
        st, out, err = update(new, "--pinned", pinned, "--bogus")
        eq(st, 64, "bad option")
        st, out, err = update(os.path.join(tmp, "missing.zi"), "--pinned", pinned)
        eq(st, 1, "missing source")


def case_update_apply():
    new = os.path.join(OPTS.fixture, "tzdata.zi")
    with tempfile.TemporaryDirectory() as tmp:
        pinned = pinned_copy(tmp)
        old = read(pinned)
        st, out, err = update(new, "--pinned", pinned, "--apply")
        eq(st, 0, f"status ({err!r})")
        eq(read(pinned), read(new), "the new release is pinned")
        eq(sorted(os.listdir(tmp)), ["tzdata.zi"], "no staging file left behind")
        check("Pinned tzdata 2099z" in out, f"said so:\n{out}")
        st, out, err = update(new, "--pinned", pinned, "--apply")
        check(st == 0 and "already pinned" in out, f"second run:\n{out}{err}")
        # Going back to the older release needs --allow-downgrade.
        older = os.path.join(tmp, "older.zi")
        with open(older, "wb") as f:
            f.write(old)
        st, out, err = update(older, "--pinned", pinned, "--apply")
        eq(st, 1, "downgrade refused")
        check("older" in err, f"reason: {err!r}")
        eq(read(pinned), read(new), "refused downgrade changes nothing")
        st, out, err = update(older, "--pinned", pinned, "--apply", "--allow-downgrade")
        eq(st, 0, f"downgrade allowed ({err!r})")
        eq(read(pinned), old, "downgraded")


# A stand-in for an IANA tzdata tarball: a Makefile with IANA's shape (its
# 'version' target depends on tzcode files a tzdata-only tarball lacks, and
# tzdata.zi is built from DATAFORM.zi and version) whose data is the edited
# fixture release. It checks the script's handling of tarballs, not IANA's
# own Makefile, which cannot be fetched here.
FAKE_MAKEFILE = """\
VERSION_DEPS = africa zic.c asctime.c
PACKRATDATA =
PACKRATLIST =
DATAFORM = main
version: $(VERSION_DEPS)
\techo unknown > version
main.zi: africa
\tcat africa > main.zi
tzdata.zi: $(DATAFORM).zi version
\t{ echo "# version `sed 1q version`"; echo "# ddeps $(PACKRATDATA) $(PACKRATLIST)"; \\
\t  sed 1d main.zi; } > tzdata.zi.out
\tmv tzdata.zi.out tzdata.zi
"""


def case_update_tarball():
    fixture_zi = read(os.path.join(OPTS.fixture, "tzdata.zi")).decode()
    with tempfile.TemporaryDirectory() as tmp:
        top = os.path.join(tmp, "tzdata2099z")
        os.makedirs(top)
        for name, text in (("Makefile", FAKE_MAKEFILE), ("version", "2099z\n"),
                           ("africa", fixture_zi)):
            with open(os.path.join(top, name), "w") as f:
                f.write(text)
        tarball = os.path.join(tmp, "tzdata2099z.tar.gz")
        with tarfile.open(tarball, "w:gz") as t:
            for name in ("Makefile", "version", "africa"):
                t.add(os.path.join(top, name), arcname=name)
        pinned = pinned_copy(tmp)
        st, out, err = update(tarball, "--pinned", pinned, "--from", "2027-01-01",
                              "--to", "2027-12-31", "--apply")
        eq(st, 0, f"status\n{out}{err}")
        body = [fields(l) for l in out.splitlines() if l.startswith("Asia/")]
        eq(body, [BEIRUT_2027], f"the zones that change:\n{out}")
        got = read(pinned).decode().splitlines()
        eq(got[0], "# version 2099z", "version line of the built tzdata.zi")
        # The pinned release was built with backzone and zone.tab (Debian);
        # the new one must be built the same way.
        eq(got[1], "# ddeps backzone zone.tab", "build options carried over")


CASES = {name[5:].replace("_", "-"): fn for name, fn in globals().items()
         if name.startswith("case_")}


def main():
    global EXE, OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--source-root", required=True)
    OPTS = ap.parse_args()
    EXE = os.path.abspath(OPTS.exe)
    try:
        CASES[OPTS.case]()
    except Failure as e:
        print(f"FAIL {OPTS.case}: {e}")
        return 1
    print(f"ok {OPTS.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
