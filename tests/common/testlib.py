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
