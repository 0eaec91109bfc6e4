#!/usr/bin/env python3
"""`cohortplan generate`: the two availability models (TAP).

  generate.py COHORTPLAN

Narrow: the original generator's output is pinned by SHA-256 for four
command lines (the default 20,000-participant problem of docs/engine.md
and docs/solver.md, MENA, the 12-zone varied-teacher problem, three
regions), so measurements taken before the realistic model existed can be
repeated byte for byte. The hashes were taken from the generator at
8bd8838, before --availability existed; a change here means the narrow
model changed, which it must not (add a model instead).

Realistic (the default): 200 participants on 3 zones (mena, office
teachers) and on 12 zones (world, varied teachers) validate, are the same
bytes twice, and 60-85% of participants are placeable: the plan's
`placeable`, people with some cohort that could take them. Placeable does
not depend on how long the search runs at this size, so a short time
limit keeps the test to seconds, also under the sanitizers.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from testlib import tap  # noqa: E402

NARROW = [
    ('17a914710f81a14b7f8c569b1ce31fa9371fcdbfcbac53b1247abc9487255709',
     ['--participants', '20000', '--seed', '1']),
    ('26cd4d4787427f4ee76303227421346205d5a1637091194a791321c598bdf49f',
     ['--participants', '1000', '--seed', '2']),
    ('65dfc05201fe7e0dd80be06fb2fd8aed568f26aedbb5c96f5e651e79a157e777',
     ['--participants', '500', '--seed', '3', '--zones', 'world', '--teachers', 'varied']),
    ('3346df1ae6889a855815eaa8b40c467fb632883025ce7fabba7ebb20aedbfc01',
     ['--participants', '300', '--seed', '7', '--zones', 'mena,latam,asia']),
]

REALISTIC = [
    ('3 zones', ['--participants', '200', '--seed', '1']),
    ('12 zones', ['--participants', '200', '--seed', '1', '--zones', 'world',
                  '--teachers', 'varied']),
]

results = []


def check(name, ok, why=()):
    results.append((name, bool(ok), list(why)))


def generate(cohortplan, args):
    p = subprocess.run([cohortplan, 'generate'] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr.decode(errors='replace')


def main():
    cohortplan = sys.argv[1]
    for digest, args in NARROW:
        rc, out, err = generate(cohortplan, args + ['--availability', 'narrow'])
        got = hashlib.sha256(out).hexdigest()
        check('narrow is the original generator: %s' % ' '.join(args),
              rc == 0 and got == digest, ['exit %d, sha256 %s' % (rc, got), err])

    rc, out, err = generate(cohortplan, ['--participants', '5', '--availability', 'wide'])
    check('--availability rejects an unknown model with exit 64',
          rc == 64 and 'realistic or narrow' in err, [err])
    _, default, _ = generate(cohortplan, ['--participants', '300'])
    _, realistic, _ = generate(cohortplan, ['--participants', '300', '--availability',
                                            'realistic'])
    _, narrow, _ = generate(cohortplan, ['--participants', '300', '--availability', 'narrow'])
    check('realistic is the default', default == realistic and default != narrow)

    with tempfile.TemporaryDirectory() as tmp:
        for name, args in REALISTIC:
            path = os.path.join(tmp, 'p.json')
            rc, out, err = generate(cohortplan, args)
            if not check_generated(name, rc, err):
                continue
            with open(path, 'wb') as f:
                f.write(out)
            _, again, _ = generate(cohortplan, args)
            check('realistic %s: the same bytes twice' % name, again == out)
            v = subprocess.run([cohortplan, 'validate', path], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
            verr = v.stderr.decode(errors='replace')
            check('realistic %s validates' % name, v.returncode == 0 and not verr,
                  ['exit %d' % v.returncode] + verr.splitlines()[:20])
            outdir = os.path.join(tmp, 'out')
            s = subprocess.run([cohortplan, 'solve', '-q', '--time-limit', '2', path,
                                '-o', outdir], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
            if s.returncode != 0:
                check('realistic %s solves' % name, False, [s.stderr.decode(errors='replace')])
                continue
            with open(os.path.join(outdir, 'plan.json'), encoding='utf-8') as f:
                plan = json.load(f)
            share = plan['placeable'] / plan['participants']
            check('realistic %s: %d of %d placeable (%.1f%%), within 60-85%%'
                  % (name, plan['placeable'], plan['participants'], 100 * share),
                  0.60 <= share <= 0.85)

    return tap(results)


def check_generated(name, rc, err):
    check('realistic %s: generate exits 0' % name, rc == 0, [err])
    return rc == 0


if __name__ == '__main__':
    sys.exit(main())
