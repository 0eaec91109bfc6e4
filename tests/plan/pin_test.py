#!/usr/bin/env python3
"""Pins (participants[].pin, docs/input.md), through the real program.

Pilot 3 with everyone available on weekdays 08:00-21:00 and Saturday
mornings, and its 14 participants twice (28 people, cohorts of 7 to 14):
the plan has two cohorts. A re-plan from it (solve --previous) keeps
everyone where they were; the same re-plan with one person pinned to the
other cohort puts that person in the continuation of that cohort (same
teacher, same lesson times), and only then. A pin to a cohort the previous
plan does not have is refused: exit 2, a message naming the participant's
pin and the id, nothing written.

Usage: pin_test.py COHORTPLAN_EXE SOURCE_ROOT WORKDIR
(the zone data comes from $COHORTPLAN_TZDIR, as for every test).
"""
import json
import os
import shutil
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def solve(exe, problem, out, *extra):
    p = subprocess.run([exe, "solve", problem, "-o", out, "-q", "--time-limit", "20",
                        "--deterministic", *extra], capture_output=True, text=True)
    return p


def cohort_of(plan, who):
    for c in plan["cohorts"]:
        if any(m["participant"] == who for m in c["members"]):
            return c
    return None


def same_cohort(a, b):
    """The continuation of a cohort: same teacher, same lesson times."""
    return a["teacher"] == b["teacher"] and \
        [l["start"] for l in a["lessons"]] == [l["start"] for l in b["lessons"]]


def main():
    exe, root, work = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    doc = json.load(open(os.path.join(root, "examples", "pilot3.json"), encoding="utf-8"))
    twins = []
    for p in doc["participants"]:
        p["availability"] = [{"days": "weekdays", "start": "08:00", "end": "21:00"},
                             {"days": ["sat"], "start": "09:00", "end": "14:00"}]
        for k in ("exceptions", "roster", "periods"):
            p.pop(k, None)
        t = json.loads(json.dumps(p))
        t["id"] = p["id"] + "-B"
        t.pop("partner", None)
        twins.append(t)
    doc["participants"] += twins
    base = os.path.join(work, "problem.json")
    json.dump(doc, open(base, "w", encoding="utf-8"))

    r = solve(exe, base, os.path.join(work, "first"))
    check(r.returncode == 0, "first solve: %s%s" % (r.stdout, r.stderr))
    first = json.load(open(os.path.join(work, "first", "plan.json"), encoding="utf-8"))
    open_cohorts = [c for c in first["cohorts"] if c["members"] and not c.get("dissolved")]
    check(len(open_cohorts) >= 2, "test premise: %d cohorts" % len(open_cohorts))
    a, b = open_cohorts[0], open_cohorts[1]
    check(not same_cohort(a, b), "test premise: the two cohorts are alike")
    who = a["members"][0]["participant"]
    prev = os.path.join(work, "first", "plan.json")

    # without a pin the re-plan keeps the person where they were
    r = solve(exe, base, os.path.join(work, "again"), "--previous", prev)
    check(r.returncode == 0, "re-plan: %s%s" % (r.stdout, r.stderr))
    again = json.load(open(os.path.join(work, "again", "plan.json"), encoding="utf-8"))
    c = cohort_of(again, who)
    check(c is not None and same_cohort(c, a), "%s moved without a pin: %s" % (who, c and c["id"]))

    # pinned to the other cohort: the re-plan puts them there
    pinned = json.loads(json.dumps(doc))
    for p in pinned["participants"]:
        if p["id"] == who:
            p["pin"] = b["id"]
    path = os.path.join(work, "pinned.json")
    json.dump(pinned, open(path, "w", encoding="utf-8"))
    r = solve(exe, path, os.path.join(work, "pinned"), "--previous", prev)
    check(r.returncode == 0, "pinned re-plan: %s%s" % (r.stdout, r.stderr))
    got = json.load(open(os.path.join(work, "pinned", "plan.json"), encoding="utf-8"))
    c = cohort_of(got, who)
    check(c is not None and same_cohort(c, b),
          "%s pinned to %s (%s) sits in %s" % (who, b["id"], b["teacher"], c and c["id"]))
    placed = sum(len(x["members"]) for x in got["cohorts"])
    check(placed == len(doc["participants"]), "the pin cost places: %d placed" % placed)

    # a pin to a cohort the previous plan does not have
    for p in pinned["participants"]:
        if p["id"] == who:
            p["pin"] = "C99"
    json.dump(pinned, open(path, "w", encoding="utf-8"))
    out = os.path.join(work, "bad")
    r = solve(exe, path, out, "--previous", prev)
    check(r.returncode == 2, "unknown pin: exit %d" % r.returncode)
    check(".pin" in r.stderr and "C99" in r.stderr and who in r.stderr,
          "unknown pin message: %s" % r.stderr)
    check(not os.path.exists(os.path.join(out, "plan.json")), "unknown pin wrote a plan")
    print("%s pinned from %s to %s: moved there (teacher %s), %d placed; unknown pin "
          "refused" % (who, a["id"], b["id"], b["teacher"], placed))


if __name__ == "__main__":
    main()
