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
from testlib import (EXIT_INPUT, EXIT_OK, EXIT_USAGE, WRAPPER, calls_course, check, eq,  # noqa: E402
                     run_case, window as win)

EXE = None
UTC = dt.timezone.utc


def run(*args):
    p = subprocess.run(WRAPPER + [EXE] + list(args), capture_output=True, timeout=600)
    return p.returncode, p.stdout.decode(), p.stderr.decode(errors="replace")


ZONES = ["Africa/Casablanca", "Asia/Beirut", "Asia/Amman", "America/Bogota"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


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
        **calls_course(),
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
        pp = empty_plan(tmp)
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


def empty_plan(tmp):
    """A plan of course "calls" with nobody placed, written to tmp: what the
    calls' feeds are exported with; returns its path."""
    plan = {"format": "cohortplan-plan", "version": 1, "course": "calls",
            "created": "2025-01-01T00:00:00Z", "attendance_target": 0.8,
            "participants": 50, "placeable": 0, "status": "empty", "cohorts": []}
    pp = os.path.join(tmp, "plan.json")
    with open(pp, "w") as f:
        json.dump(plan, f)
    return pp


def feed_events(path):
    """[(UID, STATUS, SEQUENCE, DTSTART line)] of a feed's VEVENTs, as text."""
    text = open(path, newline="").read().replace("\r\n ", "")
    out = []
    for ev in text.split("BEGIN:VEVENT\r\n")[1:]:
        props = dict(l.split(":", 1) for l in ev.split("END:VEVENT")[0].split("\r\n") if l)
        start = [k + ":" + v for k, v in props.items() if k.startswith("DTSTART")][0]
        out.append((props["UID"], props["STATUS"], props["SEQUENCE"], start))
    return out


def ical_read(folder):
    """Every feed of folder read by Debian's python3-icalendar (an
    independent parser): {file: [(UID, STATUS, SEQUENCE, DTSTART in UTC)]};
    skips the test (exit 77) when it is not installed."""
    script = """
import datetime, json, os, sys
import icalendar
out = {}
for f in sorted(os.listdir(sys.argv[1])):
    cal = icalendar.Calendar.from_ical(open(os.path.join(sys.argv[1], f), "rb").read())
    out[f] = [[str(e["UID"]), str(e["STATUS"]), int(e["SEQUENCE"]),
               e.decoded("DTSTART").astimezone(datetime.timezone.utc)
                .strftime("%Y-%m-%dT%H:%M:%SZ")] for e in cal.walk("VEVENT")]
print(json.dumps(out))
"""
    try:
        p = subprocess.run(["/usr/bin/python3", "-c", script, folder], capture_output=True,
                           text=True, timeout=300)
    except OSError:
        p = None
    if p is None or (p.returncode != 0 and "No module named" in p.stderr):
        print("SKIP: python3-icalendar is not installed (tests/feeds/setup-interop --apt)")
        sys.exit(77)
    eq(p.returncode, 0, f"python3-icalendar: {p.stderr}")
    return json.loads(p.stdout)


def rebook_manager_run(with_ical):
    """CM-BEY (Beirut) leaves: the same problem without them, booked again
    with --previous. Every call they had is booked again with another
    manager (SEQUENCE 0 + 1 = 1), and the file says what it replaces. In
    the feeds (export --appointments): CM-BEY's feed still exists and holds
    exactly their earlier calls, each STATUS:CANCELLED with SEQUENCE 1 under
    the call's UID, at the time it had (Beirut wall time); each participant
    feed has each call once, CONFIRMED at its new time; the new managers'
    feeds have the moved calls CONFIRMED with SEQUENCE 1. Booking again
    from that file with the same problem gives the same bytes (the
    cancellations are kept while the calls stay with their new manager)."""
    prob = problem()
    with tempfile.TemporaryDirectory() as tmp:
        first, path1, _ = book(tmp, prob)
        gone = [b for b in first["bookings"] if b["manager"] == "CM-BEY"]
        check(len(gone) >= 3, f"test premise: CM-BEY has calls ({len(gone)})")
        prob["case_managers"] = [m for m in prob["case_managers"] if m["id"] != "CM-BEY"]
        moved, path2, _ = book(tmp, prob, previous=path1, out="moved")
        independent_check(prob, moved)
        now = {(b["participant"], b["kind"]): b for b in moved["bookings"]}
        eq([u for u in moved["unbooked"] if u["reason"] != "no_arrival"], [],
           "test premise: every call booked again")
        for old in gone:
            b = now[(old["participant"], old["kind"])]
            eq(b["sequence"], 1, f"{old['participant']} {old['kind']}: SEQUENCE")
            eq(b.get("replaces"), {"manager": "CM-BEY", "start": old["start"],
                                   "end": old["end"], "manager_local": old["manager_local"]},
               f"{old['participant']} {old['kind']}: replaces")
        check(all("replaces" not in b for b in moved["bookings"]
                  if (b["participant"], b["kind"]) not in
                  {(o["participant"], o["kind"]) for o in gone}), "replaces only moved calls")
        again, _, _ = book(tmp, prob, previous=path2, out="again")
        eq(again, moved, "booked again from the moved file: nothing changes")
        pp = empty_plan(tmp)
        out = os.path.join(tmp, "feeds")
        rc, _, err = run("export", pp, "-o", out, "--appointments", path2, "--lang", "en")
        eq(rc, EXIT_OK, f"export ({err!r})")
        feeds = os.path.join(out, "feeds")
        uid = lambda b: f"{b['kind']}.{b['participant']}.calls@cohortplan"
        bey = feed_events(os.path.join(feeds, "manager-CM-BEY.ics"))
        want = sorted((uid(o), "CANCELLED", "1", "DTSTART;TZID=Asia/Beirut:" +
                       o["manager_local"]["start"].replace("-", "").replace(":", ""))
                      for o in gone)
        eq(sorted(bey), want, "CM-BEY's feed: their calls, cancelled")
        check(b"TRANSP:TRANSPARENT" in open(os.path.join(feeds, "manager-CM-BEY.ics"),
                                            "rb").read(), "a cancelled call is not busy")
        for f in sorted(os.listdir(feeds)):
            evs = feed_events(os.path.join(feeds, f))
            uids = [e[0] for e in evs]
            eq(len(uids), len(set(uids)), f"{f}: a UID twice")
            if f != "manager-CM-BEY.ics":
                check(all(e[1] == "CONFIRMED" for e in evs), f"{f}: a cancelled call")
        for old in gone:
            b = now[(old["participant"], old["kind"])]
            mine = feed_events(os.path.join(feeds, f"participant-{old['participant']}.ics"))
            check((uid(old), "CONFIRMED", "1") in [e[:3] for e in mine],
                  f"{old['participant']}: the moved call")
            theirs = feed_events(os.path.join(feeds, f"manager-{b['manager']}.ics"))
            check((uid(old), "CONFIRMED", "1") in [e[:3] for e in theirs],
                  f"{b['manager']}: the moved call")
        if not with_ical:
            return
        got = ical_read(feeds)
        eq(sorted(tuple(e) for e in got["manager-CM-BEY.ics"]),
           sorted((uid(o), "CANCELLED", 1, o["start"]) for o in gone),
           "python3-icalendar: CM-BEY's feed")
        for old in gone:
            b = now[(old["participant"], old["kind"])]
            for f in (f"participant-{old['participant']}.ics", f"manager-{b['manager']}.ics"):
                eq([e for e in got[f] if e[0] == uid(old)],
                   [[uid(old), "CONFIRMED", 1, b["start"]]], f"python3-icalendar: {f}")


@case
def rebook_manager():
    rebook_manager_run(False)


@case
def rebook_manager_ical():
    """The same, and a call no longer bookable (rebook-unbookable), every
    feed read back by python3-icalendar (interop)."""
    rebook_manager_run(True)
    rebook_unbookable_run(True)


def rebook_unbookable_run(with_ical):
    """A call that can no longer be booked at all: P's intake (booked in
    the first run, SEQUENCE 0) after P's weekly windows shrink to Sunday
    01:00-02:00 of their own zone, when no case manager works. The file
    lists it unbooked with "sequence" 1 and "replaces" (the earlier
    booking, both wall times); P's feed and the earlier manager's feed show
    it STATUS:CANCELLED with SEQUENCE 1 at its earlier time. Booking again
    from that file changes nothing (the same cancellation); with P's windows
    back, the call is booked again with SEQUENCE 2, so calendars take it
    back over the cancellation."""
    prob = problem()
    with tempfile.TemporaryDirectory() as tmp:
        first, path1, _ = book(tmp, prob)
        old = next(b for b in first["bookings"] if b["kind"] == "intake")
        who = old["participant"]
        p = next(x for x in prob["participants"] if x["id"] == who)
        windows = p["availability"]
        p["availability"] = [win(["sun"], "01:00", "02:00")]
        moved, path2, _ = book(tmp, prob, previous=path1, out="moved")
        independent_check(prob, moved)
        un = [u for u in moved["unbooked"] if (u["participant"], u["kind"]) == (who, "intake")]
        check(len(un) == 1, f"test premise: {who}'s intake unbooked ({un})")
        eq({k: v for k, v in un[0].items() if k != "reason"},
           {"participant": who, "kind": "intake", "sequence": 1,
            "replaces": {"manager": old["manager"], "start": old["start"], "end": old["end"],
                         "participant_local": old["participant_local"],
                         "manager_local": old["manager_local"]}}, "the unbooked call")
        again, path3, _ = book(tmp, prob, previous=path2, out="again")
        eq(again, moved, "booked again from that file: the same cancellation")
        p["availability"] = windows
        back, path4, _ = book(tmp, prob, previous=path3, out="back")
        b = next(x for x in back["bookings"] if (x["participant"], x["kind"]) == (who, "intake"))
        eq(b["sequence"], 2, f"{who}'s intake booked again: SEQUENCE")
        pp = empty_plan(tmp)
        uid = f"intake.{who}.calls@cohortplan"
        stamp = lambda s: s.replace("-", "").replace(":", "")
        for name, path, want in (
                ("moved", path2, ("CANCELLED", "1", old)),
                ("back", path4, ("CONFIRMED", "2", b))):
            out = os.path.join(tmp, "feeds-" + name)
            rc, _, err = run("export", pp, "-o", out, "--appointments", path, "--lang", "en")
            eq(rc, EXIT_OK, f"export ({err!r})")
            feeds = os.path.join(out, "feeds")
            st, seq, call = want
            for f, zone_key in ((f"participant-{who}.ics", "participant_local"),
                                (f"manager-{call['manager']}.ics", "manager_local")):
                evs = [e for e in feed_events(os.path.join(feeds, f)) if e[0] == uid]
                loc = call[zone_key]
                eq(evs, [(uid, st, seq, f"DTSTART;TZID={loc['zone']}:{stamp(loc['start'])}")],
                   f"{name}: {f}")
            if not with_ical:
                continue
            got = ical_read(feeds)
            for f in (f"participant-{who}.ics", f"manager-{call['manager']}.ics"):
                eq([e for e in got[f] if e[0] == uid], [[uid, st, int(seq), call["start"]]],
                   f"python3-icalendar, {name}: {f}")


@case
def rebook_unbookable():
    rebook_unbookable_run(False)


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
        # A malformed "replaces" in a --previous file: its path, nothing written.
        prob = problem()
        first, path1, _ = book(tmp, prob, out="first")
        for edit, want in (
            (lambda b: b.update({"replaces": {"manager": "CM-X", "start": "2025-03-17T09:00:00Z",
                                              "end": "2025-03-17T08:00:00Z",
                                              "manager_local": {"zone": "Europe/Brussels"}}}),
             "/bookings/0/replaces: end \"2025-03-17T08:00:00Z\" is not a UTC time after"),
            (lambda b: b.update({"replaces": {"manager": "CM-X", "start": "2025-03-17T09:00:00Z",
                                              "end": "2025-03-17T10:00:00Z",
                                              "manager_local": {"zone": "Mars/Olympus"}}}),
             "/bookings/0/replaces/manager_local: unknown zone \"Mars/Olympus\""),
        ):
            doc = json.loads(json.dumps(first))
            edit(doc["bookings"][0])
            prev = os.path.join(tmp, "prev.json")
            with open(prev, "w") as f:
                json.dump(doc, f)
            path = os.path.join(tmp, "p.json")
            with open(path, "w") as f:
                json.dump(prob, f)
            out = os.path.join(tmp, "out")
            rc, _, err = run("appointments", path, "-o", out, "--previous", prev)
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
