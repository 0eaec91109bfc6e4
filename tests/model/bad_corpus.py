#!/usr/bin/env python3
"""Malformed problems must fail validation with exit 2 and name the right path.

Each tests/data/bad/NAME.json has a NAME.expected: the error lines that
`cohortplan validate NAME.json` (run inside tests/data/bad) must print, one
'PATH: message' per line. Every expected line must match an output line:
the same PATH, and a message containing the expected one (so an expected
file may keep only the stable part of a message, as the roster cases do);
the output may say more. Cases too big to commit (10 MB of nesting, 200,001
participants) are generated here in a temporary folder.

  bad_corpus.py COHORTPLAN DATA_DIR [--regen]

--regen rewrites every .expected file from the current output (errors only,
not warnings), for review with git diff. Output is TAP.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from testlib import tap  # noqa: E402


def run(cohortplan, cwd, name):
    t0 = time.monotonic()
    p = subprocess.run([cohortplan, 'validate', '--no-warnings', name], cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - t0
    lines = p.stderr.decode('utf-8', 'replace').splitlines()
    # the last line counts the errors; it names the file, not a path
    errors = [l for l in lines if not l.startswith(name + ':')]
    return p.returncode, errors, elapsed


def split(line):
    path, sep, msg = line.partition(': ')
    return path, msg


def matches(expected, errors):
    path, msg = split(expected)
    return any(split(e)[0] == path and msg in split(e)[1] for e in errors)


def generated_cases(tmp):
    """(file name, [expected lines], max seconds)"""
    cases = []
    with open(os.path.join(tmp, 'nesting-10mb.json'), 'wb') as f:
        f.write(b'[' * (10 * 1024 * 1024))
    cases.append(('nesting-10mb.json',
                  ['(document): nesting deeper than 32 levels at byte 32 (line 1, column 33); '
                   'a problem needs about 6'], 1.0))
    with open(os.path.join(tmp, 'too-many-participants.json'), 'wb') as f:
        f.write(b'{"version": 1, "course": {}, "teachers": [], "participants": [')
        f.write(b','.join([b'{}'] * 200001))
        f.write(b']}')
    cases.append(('too-many-participants.json',
                  ['/participants: has 200001 entries; at most 200000 participants are supported'],
                  5.0))
    return cases


def main():
    args = [a for a in sys.argv[1:] if a != '--regen']
    regen = '--regen' in sys.argv
    cohortplan, data = os.path.abspath(args[0]), os.path.abspath(args[1])
    names = sorted(n for n in os.listdir(data) if n.endswith('.json'))
    results = []

    for name in names:
        rc, errors, _ = run(cohortplan, data, name)
        exp_path = os.path.join(data, name[:-5] + '.expected')
        if regen:
            with open(exp_path, 'w') as f:
                f.write(''.join(l + '\n' for l in errors))
        try:
            with open(exp_path) as f:
                expected = [l.rstrip('\n') for l in f if l.strip()]
        except FileNotFoundError:
            expected = []
        missing = [l for l in expected if not matches(l, errors)]
        ok = rc == 2 and expected and not missing
        why = []
        if rc != 2:
            why.append('exit status %d, expected 2' % rc)
        if not expected:
            why.append('no expected lines in %s' % os.path.basename(exp_path))
        for l in missing:
            why.append('missing: ' + l)
        if missing:
            why.extend('got:     ' + l for l in errors)
        results.append((name, ok, why))

    with tempfile.TemporaryDirectory() as tmp:
        for name, expected, limit in generated_cases(tmp):
            rc, errors, elapsed = run(cohortplan, tmp, name)
            missing = [l for l in expected if not matches(l, errors)]
            why = []
            if rc != 2:
                why.append('exit status %d, expected 2' % rc)
            why.extend('missing: ' + l for l in missing)
            if missing:
                why.extend('got:     ' + l for l in errors)
            if elapsed > limit:
                why.append('took %.2f s, limit %.1f s' % (elapsed, limit))
            results.append(('%s (%.3f s)' % (name, elapsed), not why, why))

    return tap(results)


if __name__ == '__main__':
    sys.exit(main())
