"""What the Python tests share: the failure a case raises, check and eq,
cohortplan's exit statuses (docs/cli.md), and the wrapper every run of
cohortplan goes under ($CP_TEST_EXE_WRAPPER, set by the valgrind test
setup).

A test imports it with its folder on sys.path:
    sys.dont_write_bytecode = True  # nothing written into the source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
"""

import os
import shlex
import subprocess
import sys

WRAPPER = shlex.split(os.environ.get("CP_TEST_EXE_WRAPPER", ""))
EXIT_OK, EXIT_FAILURE, EXIT_INPUT, EXIT_USAGE = 0, 1, 2, 64


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def eq(got, want, what):
    if got != want:
        raise Failure(f"{what}:\n  got:  {got!r}\n  want: {want!r}")


def tap(results):
    """Print results, a list of (name, ok, why lines), as TAP with the why
    lines of each failure as comments; the exit status (1 when any failed)."""
    print('1..%d' % len(results))
    failed = 0
    for i, (name, ok, why) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok:
            for w in why:
                for line in str(w).splitlines():
                    print('#   ' + line)
        failed += not ok
    print('# %d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


def run_case(cases, name):
    """Run the case cases[name]: "ok NAME" on stdout, or "FAIL NAME: why" on
    stderr; the exit status."""
    try:
        cases[name]()
    except Failure as e:
        print(f"FAIL {name}: {e}", file=sys.stderr)
        return 1
    print(f"ok {name}")
    return 0


SYSTEM_PYTHON = "/usr/bin/python3"


def import_or_system_python(modules):
    """True when this python imports every one of modules. Else, when the
    system python3 imports them (a pyenv or venv python may not see
    Debian's packages), run this script again under it: no return. False
    when neither can."""
    try:
        for m in modules:
            __import__(m)
        return True
    except ImportError:
        pass
    if sys.executable != SYSTEM_PYTHON and os.path.exists(SYSTEM_PYTHON) and \
            subprocess.run([SYSTEM_PYTHON, "-c", "import " + ", ".join(modules)],
                           capture_output=True).returncode == 0:
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    return False


def window(days, start, end):
    """A weekly availability window of a problem file (docs/problem.md)."""
    return {"days": days, "start": start, "end": end}


def calls_course(title=None):
    """The start of problem "calls" that the appointment and workspace tests
    book calls on: version, course (titled when title is given), policy and
    one teacher in Brussels. Each test adds its participants, case managers
    and appointment rules."""
    course = {"id": "calls"}
    if title is not None:
        course["title"] = title
    course.update({"language": "ar", "lesson_hours": 60,
                   "synchronous_share": 0.6, "session_length": "PT3H",
                   "sessions_per_week": {"min": 1, "max": 1},
                   "start": "2025-04-07", "end": "2025-06-27"})
    return {
        "version": 1,
        "course": course,
        "policy": {"cohort_size": {"min": 1, "max": 25}},
        "teachers": [{"id": "T1", "zone": "Europe/Brussels", "languages": ["ar"],
                      "availability": [window("weekdays", "09:00", "21:00")]}],
    }
