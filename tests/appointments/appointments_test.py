#!/usr/bin/env python3
"""Tests of `cohortplan appointments` (docs/appointments.md).

Usage: appointments_test.py COHORTPLAN_EXE CASE

The problem is built here: 50 participants in 4 zones (Casablanca, Beirut,
Amman, Bogota) and 3 case managers (Brussels, Casablanca, Beirut), intake
calls from 2025-03-17 to the course start 2025-04-07 - across Morocco's
return from its Ramadan +00 (2025-04-06), the EU change (2025-03-30) and
Beirut's (2025-03-30) - and follow-up calls after arrival in July.

The bookings are checked by an independent routine: Python's zoneinfo
reading the compiled pinned tzdata ($COHORTPLAN_TZDIR, the build's
zoneinfo), sharing no code with the C engine. It checks every rule of
docs/appointments.md from the problem alone.

$CP_TEST_EXE_WRAPPER, when set, is put in front of every run.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import zoneinfo

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from testlib import EXIT_INPUT, EXIT_OK, EXIT_USAGE, WRAPPER, check, eq, run_case  # noqa: E402

EXE = None
UTC = dt.timezone.utc


def run(*args):
    p = subprocess.run(WRAPPER + [EXE] + list(args), capture_output=True, timeout=600)
    return p.returncode, p.stdout.decode(), p.stderr.decode(errors="replace")


ZONES = ["Africa/Casablanca", "Asia/Beirut", "Asia/Amman", "America/Bogota"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def win(days, start, end):
    return {"days": days, "start": start, "end": end}


def problem():
    people = []
    for i in range(50):
        zone = ZONES[i % 4]
        if zone == "America/Bogota":
            av = [win("weekdays", "09:00", "13:00")]
        elif i % 3 == 0:
            av = [win("weekdays", "18:00", "21:00")]
        elif i % 3 == 1:
            av = [win(["sat", "sun"], "10:00", "14:00"), win(["wed"], "17:00", "20:00")]
        else:
            av = [win("weekdays", "12:00", "15:00")]
        p = {"id": "P%02d" % (i + 1), "zone": zone, "profile": "labour_migrant",
             "languages": ["ar"], "availability": av}
        if i < 40:
            p["arrival"] = str(dt.date(2025, 7, 1) + dt.timedelta(days=i % 20))
        people.append(p)
    return {
        "version": 1,
        "course": {"id": "calls", "language": "ar", "lesson_hours": 60,
                   "synchronous_share": 0.6, "session_length": "PT3H",
                   "sessions_per_week": {"min": 1, "max": 1},
                   "start": "2025-04-07", "end": "2025-06-27"},
        "policy": {"cohort_size": {"min": 1, "max": 25}},
        "teachers": [{"id": "T1", "zone": "Europe/Brussels", "languages": ["ar"],
                      "availability": [win("weekdays", "09:00", "21:00")]}],
        "participants": people,
        "case_managers": [
            {"id": "CM-BXL", "zone": "Europe/Brussels", "max_calls_per_day": 6,
             "availability": [win("weekdays", "09:00", "17:00")]},
            {"id": "CM-CAS", "zone": "Africa/Casablanca", "max_calls_per_day": 5,
             "availability": [win(["mon", "tue", "wed", "thu", "fri", "sat"], "14:00", "22:00")]},
            {"id": "CM-BEY", "zone": "Asia/Beirut", "max_calls_per_day": 6,
             "availability": [win(["sun", "mon", "tue", "wed", "thu"], "10:00", "19:00")],
             "leave": [{"from": "2025-03-24", "to": "2025-03-28"}]},
        ],
        "appointments": {"intake": {"duration": "PT45M", "from": "2025-03-17"},
                         "followup": {"duration": "PT30M", "within_days": 10},
                         "start_grid": 15},
    }


# ---- the independent checker --------------------------------------------

DAYNAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # date.weekday() order


def days_of(spec):
    if spec == "weekdays":
        return set(DAYNAMES[:5])
    if spec == "weekend":
        return {"sat", "sun"}
    if spec == "all":
        return set(DAYNAMES)
    return set(spec)


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def local_span(zone, start, end):
    """(date, start minute, end minute) of [start, end) on one local day, or None."""
    z = zoneinfo.ZoneInfo(zone)
    a, b = start.astimezone(z), end.astimezone(z)
    m0, m1 = a.hour * 60 + a.minute, b.hour * 60 + b.minute
    if b.date() == a.date() + dt.timedelta(days=1) and m1 == 0:
        m1 = 1440
    elif b.date() != a.date():
        return None
    return a.date(), m0, m1


def inside(windows, day, m0, m1):
    return any(DAYNAMES[day.weekday()] in days_of(w["days"]) and hm(w["start"]) <= m0 and
               m1 <= hm(w["end"]) for w in windows)


def utc(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def local_text(zone, t):
    return t.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M:%S")


def independent_check(prob, out):
    """Every rule of docs/appointments.md, from the problem alone."""
    people = {p["id"]: p for p in prob["participants"]}
    managers = {m["id"]: m for m in prob["case_managers"]}
    rules = prob["appointments"]
    course_start = dt.date.fromisoformat(prob["course"]["start"])
    intake_from = dt.date.fromisoformat(rules["intake"]["from"])
    within = rules["followup"]["within_days"]
    length = {"intake": 45, "followup": 30}
    earliest, latest = 8 * 60, 22 * 60   # policy defaults
    seen = {}
    per_manager, per_person, per_day = {}, {}, {}
    for b in out["bookings"]:
        who, kind, mgr = b["participant"], b["kind"], b["manager"]
        p, m = people[who], managers[mgr]
        s, e = utc(b["start"]), utc(b["end"])
        what = f"{who} {kind} {b['start']}"
        check((who, kind) not in seen, f"{what}: booked twice")
        seen[(who, kind)] = b
        eq(e - s, dt.timedelta(minutes=length[kind]), f"{what}: length")
        eq(s.minute % 15, 0, f"{what}: on the 15-minute grid")
        # The participant's side.
        if kind == "intake":
            span = local_span(p["zone"], s, e)
            check(span, f"{what}: crosses local midnight")
            day, m0, m1 = span
            check(intake_from <= day < course_start, f"{what}: local date {day} out of range")
            check(inside(p["availability"], day, m0, m1),
                  f"{what}: outside the participant's windows ({day} {m0}-{m1})")
            pz = p["zone"]
        else:
            pz = "Europe/Brussels"
            span = local_span(pz, s, e)
            check(span, f"{what}: crosses local midnight")
            day, m0, m1 = span
            arrival = dt.date.fromisoformat(p["arrival"])
            check(arrival <= day < arrival + dt.timedelta(days=within),
                  f"{what}: {day} not within {within} days of arrival {arrival}")
        check(earliest <= m0 and m1 <= latest, f"{what}: outside the policy's hours")
        eq(b["participant_local"]["zone"], pz, f"{what}: participant zone")
        eq(b["participant_local"]["start"], local_text(pz, s), f"{what}: participant's wall time")
        # The manager's side.
        span = local_span(m["zone"], s, e)
        check(span, f"{what}: crosses the manager's midnight")
        mday, n0, n1 = span
        check(inside(m["availability"], mday, n0, n1),
              f"{what}: outside {mgr}'s windows ({mday} {n0}-{n1})")
        for lv in m.get("leave", []):
            check(not (dt.date.fromisoformat(lv["from"]) <= mday <=
                       dt.date.fromisoformat(lv["to"])), f"{what}: {mgr} on leave")
        eq(b["manager_local"]["start"], local_text(m["zone"], s), f"{what}: manager's wall time")
        per_day[(mgr, mday)] = per_day.get((mgr, mday), 0) + 1
        check(per_day[(mgr, mday)] <= m["max_calls_per_day"], f"{mgr}: too many calls on {mday}")
        per_manager.setdefault(mgr, []).append((s, e, what))
        per_person.setdefault(who, []).append((s, e, what))
    for group in list(per_manager.values()) + list(per_person.values()):
        group.sort()
        for (s1, e1, w1), (s2, e2, w2) in zip(group, group[1:]):
            check(e1 <= s2, f"overlap: {w1} and {w2}")
    return seen


CASES = {}


def case(fn):
    CASES[fn.__name__.replace("_", "-")] = fn
    return fn


def book(tmp, prob, previous=None, out="out"):
    path = os.path.join(tmp, "problem.json")
    with open(path, "w") as f:
        json.dump(prob, f)
    args = ["appointments", path, "-o", os.path.join(tmp, out)]
    if previous:
        args += ["--previous", previous]
    rc, so, err = run(*args)
    eq(rc, EXIT_OK, f"exit status ({err!r})")
    result = os.path.join(tmp, out, "appointments.json")
    return json.load(open(result)), result, so


@case
def fifty():
    """50 participants, 4 zones, 3 case managers: everyone gets an intake
    call, the 40 with an arrival date a follow-up; the 10 without are
    listed as no_arrival; the checker finds every rule kept."""
    prob = problem()
    with tempfile.TemporaryDirectory() as tmp:
        out, _, so = book(tmp, prob)
        seen = independent_check(prob, out)
        eq(sum(1 for k in seen if k[1] == "intake"), 50, "intake calls booked")
        eq(sum(1 for k in seen if k[1] == "followup"), 40, "follow-up calls booked")
        eq(sorted(u["participant"] for u in out["unbooked"]),
           ["P%02d" % i for i in range(41, 51)], "unbooked")
        check(all(u == {"participant": u["participant"], "kind": "followup",
                        "reason": "no_arrival"} for u in out["unbooked"]), "no_arrival")
        check("90 calls booked with 3 case managers, 10 not booked" in so, so)
        # Every manager is used; calls spread over the days.
        eq({b["manager"] for b in out["bookings"]}, {"CM-BXL", "CM-CAS", "CM-BEY"}, "managers")
        # Same problem, same bytes.
        out2, _, _ = book(tmp, prob, out="again")
        eq(out2, out, "deterministic")


@case
def dst():
    """One call worked out by hand across a change. P04 lives in Bogota
    (UTC-5 all year) and is free on weekdays 09:00-13:00 (14:00-18:00
    UTC); the only manager is CM-CAS in Casablanca, free 14:00-15:00 local
    (Monday to Saturday). In tzdata 2025 Morocco is at +00 during Ramadan
    until Sunday 2025-04-06 02:00, then +01. Intake calls may start from
    Friday 2025-04-04: 14:00 Casablanca is then 14:00 UTC = 09:00 Bogota,
    so the call is 04-04 14:00-14:45 UTC (Saturday and Sunday are outside
    P04's weekdays). From 2025-04-07 (+01) the manager's hour is 13:00-14:00
    UTC = 08:00-09:00 Bogota, before P04's window: a booking window one week
    later has no slot and says so (no_common_time)."""
    prob = problem()
    prob["participants"] = [p for p in prob["participants"] if p["id"] == "P04"]
    del prob["participants"][0]["arrival"]
    prob["case_managers"] = [m for m in prob["case_managers"] if m["id"] == "CM-CAS"]
    prob["case_managers"][0]["availability"] = [
        win(["mon", "tue", "wed", "thu", "fri", "sat"], "14:00", "15:00")]
    prob["appointments"]["intake"]["from"] = "2025-04-04"
    with tempfile.TemporaryDirectory() as tmp:
        out, _, _ = book(tmp, prob)
        eq(len(out["bookings"]), 1, f"one booking: {out}")
        b = out["bookings"][0]
        eq((b["start"], b["end"]), ("2025-04-04T14:00:00Z", "2025-04-04T14:45:00Z"), "the call")
        eq((b["participant_local"]["start"], b["participant_local"]["utc_offset"]),
           ("2025-04-04T09:00:00", "-05:00"), "Bogota")
        eq((b["manager_local"]["start"], b["manager_local"]["utc_offset"]),
           ("2025-04-04T14:00:00", "+00:00"), "Casablanca in Ramadan")
        independent_check(prob, out)
        prob["course"]["start"], prob["course"]["end"] = "2025-04-14", "2025-07-31"
        prob["appointments"]["intake"]["from"] = "2025-04-07"
        out, _, _ = book(tmp, prob, out="later")
        eq(out["bookings"], [], "no slot after Morocco's return to +01")
        eq(out["unbooked"], [{"participant": "P04", "kind": "intake",
                              "reason": "no_common_time"},
                             {"participant": "P04", "kind": "followup",
                              "reason": "no_arrival"}], "why")


@case
def rebook():
    """--previous keeps what still holds; a manager's new leave moves their
    calls on those days to other slots with SEQUENCE 1; in the feeds the
    UIDs stay and SEQUENCE rises (export --appointments)."""
    prob = problem()
    with tempfile.TemporaryDirectory() as tmp:
        first, path1, _ = book(tmp, prob)
        same, _, so = book(tmp, prob, previous=path1, out="same")
        eq(same, first, "nothing changed")
        check(", 0 moved" in so, so)
        days = sorted({b["manager_local"]["start"][:10] for b in first["bookings"]
                       if b["manager"] == "CM-BXL"})
        off = days[0]
        prob["case_managers"][0]["leave"] = [{"from": off, "to": off}]
        moved, path2, so = book(tmp, prob, previous=path1, out="moved")
        independent_check(prob, moved)
        before = {(b["participant"], b["kind"]): b for b in first["bookings"]}
        n_moved = 0
        for b in moved["bookings"]:
            old = before[(b["participant"], b["kind"])]
            hit = old["manager"] == "CM-BXL" and old["manager_local"]["start"][:10] == off
            if hit:
                n_moved += 1
                eq(b["sequence"], 1, f"{b['participant']}: moved, SEQUENCE 1")
                check(b["start"] != old["start"] or b["manager"] != old["manager"], "moved")
            else:
                eq(b, old, f"{b['participant']} {b['kind']} kept")
        check(n_moved > 0, "some calls moved")
        check(f", {n_moved} moved" in so, so)
        # Feeds: a plan of the same course with nobody placed.
        plan = {"format": "cohortplan-plan", "version": 1, "course": "calls",
                "created": "2025-01-01T00:00:00Z", "attendance_target": 0.8,
                "participants": 50, "placeable": 0, "status": "empty", "cohorts": []}
        pp = os.path.join(tmp, "plan.json")
        with open(pp, "w") as f:
            json.dump(plan, f)
        uids = {}
        for name, path in (("first", path1), ("moved", path2)):
            out = os.path.join(tmp, "feeds-" + name)
            rc, _, err = run("export", pp, "-o", out, "--appointments", path, "--lang", "en")
            eq(rc, EXIT_OK, f"export ({err!r})")
            for f in sorted(os.listdir(os.path.join(out, "feeds"))):
                text = open(os.path.join(out, "feeds", f), newline="").read()
                text = text.replace("\r\n ", "")
                for ev in text.split("BEGIN:VEVENT\r\n")[1:]:
                    props = dict(l.split(":", 1) for l in ev.split("END:VEVENT")[0].split("\r\n") if l)
                    uids.setdefault(name, {})[(f, props["UID"])] = props["SEQUENCE"]
        # Participants' feeds: the same UIDs; SEQUENCE 1 for exactly the
        # moved calls. Managers' feeds: each moved call under its UID with
        # SEQUENCE 1 in its (possibly new) manager's feed.
        part = {n: {k: v for k, v in u.items() if k[0].startswith("participant-")}
                for n, u in uids.items()}
        eq(sorted(part["first"]), sorted(part["moved"]), "the same UIDs in participants' feeds")
        raised = [k for k in part["first"] if part["first"][k] != part["moved"][k]]
        eq(len(raised), n_moved, "SEQUENCE raised for each moved call")
        check(all(part["moved"][k] == "1" for k in raised), "SEQUENCE 1")
        for b in moved["bookings"]:
            uid = f"{b['kind']}.{b['participant']}.calls@cohortplan"
            eq(uids["moved"].get((f"manager-{b['manager']}.ics", uid)), str(b["sequence"]),
               f"{uid} in {b['manager']}'s feed")
        check(("manager-CM-BXL.ics", "intake.P01.calls@cohortplan") in uids["first"] or
              any(k[1] == "intake.P01.calls@cohortplan" and k[0].startswith("manager-")
                  for k in uids["first"]), "P01's intake in a manager feed")
        check(("participant-P01.ics", "intake.P01.calls@cohortplan") in uids["first"],
              "P01's intake in their own feed")


@case
def bad():
    """Bad input: the field and the value, exit 2, nothing written."""
    with tempfile.TemporaryDirectory() as tmp:
        for edit, want in (
            (lambda p: p.pop("case_managers"), "/case_managers: none given"),
            (lambda p: p["appointments"]["intake"].update({"from": "2025-04-07"}),
             "/appointments/intake/from: 2025-04-07 is not before the course start 2025-04-07"),
            (lambda p: p["case_managers"][1].update({"zone": "Mars/Olympus"}),
             "/case_managers/1/zone"),
            (lambda p: p["case_managers"][2].update({"id": "CM-BXL"}),
             "case manager id \"CM-BXL\" is used twice"),
            (lambda p: p["appointments"].update({"start_grid": 7}),
             "/appointments/start_grid"),
            (lambda p: p["participants"][0].update({"arrival": "2025-13-01"}),
             "/participants/0/arrival"),
        ):
            prob = problem()
            edit(prob)
            path = os.path.join(tmp, "p.json")
            with open(path, "w") as f:
                json.dump(prob, f)
            out = os.path.join(tmp, "out")
            rc, _, err = run("appointments", path, "-o", out)
            eq(rc, EXIT_INPUT, f"exit status for {want!r} ({err!r})")
            check(want in err, f"missing {want!r} in {err!r}")
            check(not os.path.exists(out), "nothing written")
        rc, so, _ = run("appointments", "--help")
        eq(rc, EXIT_OK, "--help")
        check(so.startswith("Usage: cohortplan appointments"), so)
        eq(run("appointments")[0], EXIT_USAGE, "no problem")
        eq(run("appointments", "x.json")[0], EXIT_USAGE, "no -o")


def main():
    global EXE
    EXE = sys.argv[1]
    name = sys.argv[2]
    tzdir = os.environ.get("COHORTPLAN_TZDIR")
    check(tzdir and os.path.isdir(tzdir), "COHORTPLAN_TZDIR must name the pinned zoneinfo")
    zoneinfo.reset_tzpath(to=[os.path.abspath(tzdir)])
    sys.exit(run_case(CASES, name))


if __name__ == "__main__":
    main()
