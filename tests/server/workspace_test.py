#!/usr/bin/env python3
"""The workspace over HTTP, without a browser (docs/workspace.md).

Usage: workspace_test.py COHORTPLAN_EXE CASE --source-root DIR

Cases:
  security  nothing answers without the session or a link but /a/..., the
            feeds, /login, /healthz and the style sheet and script; CSRF;
            revoked and expired links 404; 10^5 random link guesses, 0 hits;
            HTML injection in free-text fields stays inert; a participant's
            page names nobody else.
  csv       malformed CSV files are refused with row and column, and
            nothing is stored; export and import round-trip.
  flow      the whole flow with forms: course, import, links, answers
            (weekly hours, Ramadan period, days off, roster .ics), closing
            the round, solve with progress, report, publish, teacher feed,
            pins (CSRF, unknown group, markup, unpin) and the re-plan around
            a pin, variants and comparison.
  calls     intake and follow-up calls (docs/workspace.md "Calls"): on the
            course page with both sides' wall times, worked out by hand
            across Morocco's return from Ramadan's +00, the calls not
            booked with why; booked with the page's button (CSRF), the same
            calls stored (/v1/.../appointments); on a participant's own page
            only their booked calls in their own time, no ids; none without
            case managers.
"""

import argparse
import os
import random
import re
import signal
import sqlite3
import string
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server_test  # noqa: E402
from workspace_lib import (COURSE, Client, Failure, calls_problem, check,  # noqa: E402
                           cohort_of, create_course, import_people, issue_links, path_of, people_csv,
                           pick_pin, roster_ics, timetable)

Server = server_test.Server
PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"


def setup_course(s, n=20):
    c = Client(s.port)
    csrf = c.sign_in()
    create_course(c, csrf)
    import_people(c, csrf, COURSE["id"], people_csv(n))
    links = issue_links(c, csrf, COURSE["id"])
    check(len(links) == n + 2, "links for %d people, expected %d" % (len(links), n + 2))
    return c, csrf, links


def answer(port, url, fields, files=None, lang=None):
    """Open a personal link in a fresh client and send the form."""
    p = Client(port)
    path = path_of(url)
    st, _, page = p.get(path + ("?lang=" + lang if lang else ""))
    check(st == 200, "GET %s: %s" % (path, st))
    form = [("csrf", p.csrf(page)), ("lang", lang or "en")] + fields
    st, h, out = p.post(path, form, files=files if files is not None else [])
    return st, h, out, page


# ---- security ---------------------------------------------------------------------

def case_security(tmp):
    with Server(tmp) as s:
        c, csrf, links = setup_course(s)
        pid = COURSE["id"]
        anon = Client(s.port)
        # Every planner page redirects to the sign-in and shows nothing.
        for path in ["/", "/w/new", "/w/c/" + pid, "/w/c/%s/people.csv" % pid,
                     "/w/c/%s/jobs/1" % pid, "/w/c/%s/plans/1" % pid, "/w/c/nope"]:
            st, h, body = anon.get(path)
            check(st == 303 and h.get("location") == "/login",
                  "anonymous GET %s: %s %s" % (path, st, h.get("location")))
            check("P-01" not in body and pid not in body, "anonymous %s leaks data" % path)
        for path in ["/w/new", "/w/c/%s/import" % pid, "/w/c/%s/links" % pid,
                     "/w/c/%s/solve" % pid, "/w/c/%s/round" % pid, "/w/c/%s/pin" % pid,
                     "/w/c/%s/unpin" % pid, "/logout"]:
            st, _, body = anon.post(path, [("csrf", csrf)])
            check(st == 403, "anonymous POST %s: %s" % (path, st))
        st, _, _ = anon.get("/v1/problems")
        check(st == 401, "/v1 without token: %s" % st)
        # A forged cookie is no session.
        anon.cookies["cp_session"] = "A" * 32
        st, h, _ = anon.get("/")
        check(st == 303, "forged cookie accepted: %s" % st)
        anon.cookies.clear()
        # What answers without a session: sign-in, health, static files.
        for path in ["/login", "/healthz", "/a/s/app.css", "/a/s/app.js"]:
            st, h, body = anon.get(path)
            check(st == 200, "%s: %s" % (path, st))
            check("P-01" not in body and pid not in body, "%s shows data" % path)
        st, h, _ = anon.get("/")
        csp = anon.get("/login")[1].get("content-security-policy", "")
        check("default-src 'none'" in csp and "script-src 'self'" in csp and
              "unsafe-inline" not in csp, "weak CSP: %s" % csp)
        print("anonymous: every planner page 303 to /login, every POST 403, /v1 401")

        # CSRF: a POST without the token, with a wrong one, or with another
        # session's token is refused; nothing changes.
        before = s.api("GET", "/v1/problems/" + pid)
        for fields in ([], [("csrf", "x" * 32)], [("csrf", Client(s.port).sign_in())]):
            st, _, _ = c.post("/w/c/%s/course" % pid, fields + [
                (k, v) for k, v in COURSE.items() if k != "id"] + [("title", "hijacked")])
            check(st == 403, "CSRF %r: %s" % (fields[:1], st))
        check(s.api("GET", "/v1/problems/" + pid) == before, "a refused POST changed the course")
        st, _, _ = c.post("/w/c/%s/course" % pid, [("csrf", csrf)] + [
            (k, v) for k, v in COURSE.items() if k not in ("id", "title")] + [("title", "ok")])
        check(st == 303, "POST with the right CSRF token: %s" % st)
        print("CSRF: missing, wrong and other-session tokens refused (403), right one 303")
        # Pins name a group of the published plan: none yet, so refused.
        before = s.api("GET", "/v1/problems/" + pid)
        st, _, out = c.post("/w/c/%s/pin" % pid, [("csrf", csrf), ("participant", "P-01"),
                                                 ("cohort", "C01")])
        check(st == 409 and "publish a plan first" in out and 'id="pin-form"' not in out,
              "pin before publishing: %s" % st)
        check(s.api("GET", "/v1/problems/" + pid) == before, "a refused pin changed the course")

        # A participant sees only their own data.
        url1 = links["P-01"][1]
        st, _, page = Client(s.port).get(path_of(url1))
        check(st == 200, "own link: %s" % st)
        for other in ["P-%02d" % i for i in range(1, 21)] + ["T-01", "T-02", "P-01"]:
            check(other not in page, "participant page names %s" % other)
        # Links are not interchangeable with the planner's pages or others.
        p1 = Client(s.port)
        p1.get(path_of(url1))
        st, h, _ = p1.get("/w/c/" + pid)
        check(st == 303, "a participant reached the planner page: %s" % st)
        # A POST to a link with another link's CSRF value is refused.
        url2 = links["P-02"][1]
        page2 = Client(s.port).get(path_of(url2))[2]
        st, _, _ = Client(s.port).post(path_of(url1), [("csrf", Client(s.port).csrf(page2))],
                                       files=[])
        check(st == 403, "link form with another link's CSRF: %s" % st)

        # Revoked link: 404 at once; expired link: 404.
        lid, url3 = links["P-03"]
        st, _, _ = c.post("/w/c/%s/links/%d/revoke" % (pid, lid), [("csrf", csrf)])
        check(st == 303, "revoke: %s" % st)
        st, _, body = Client(s.port).get(path_of(url3))
        check(st == 404, "revoked link answers %s" % st)
        url4 = links["P-04"][1]
        check(Client(s.port).get(path_of(url4))[0] == 200, "link before expiry")
        db = sqlite3.connect(s.db, timeout=30)
        db.execute("UPDATE links SET expires = ? WHERE token = ?",
                   (int(time.time()) - 1, url4.rsplit("/", 1)[1]))
        db.commit()
        db.close()
        st, _, body = Client(s.port).get(path_of(url4))
        check(st == 404, "expired link answers %s" % st)
        st, _, _ = Client(s.port).post(path_of(url4), [("csrf", "x")], files=[])
        check(st == 404, "POST to an expired link answers %s" % st)
        print("revoked link 404, expired link 404 (GET and POST)")

        # 10^5 random guesses, then 10^3 one-character changes of a real one.
        g = Client(s.port)
        alphabet = string.ascii_letters + string.digits + "-_"
        rng = random.Random(14)
        hits = 0
        t0 = time.time()
        for i in range(100000):
            tok = "".join(rng.choice(alphabet) for _ in range(32))
            st, _, _ = g.get("/a/" + tok)
            hits += st != 404
        t1 = time.time()
        real = url1.rsplit("/", 1)[1]
        for i in range(1000):
            k = rng.randrange(32)
            ch = rng.choice([a for a in alphabet if a != real[k]])
            st, _, _ = g.get("/a/" + real[:k] + ch + real[k + 1:])
            hits += st != 404
        check(hits == 0, "%d guesses answered" % hits)
        print("100000 random and 1000 near-miss link guesses: 0 hits (%.0f guesses/s)"
              % (100000 / (t1 - t0)))

        # HTML injection: the course title, a display name, and values
        # echoed in error messages stay text.
        st, _, _ = c.post("/w/c/%s/course" % pid, [("csrf", csrf)] + [
            (k, v) for k, v in COURSE.items() if k not in ("id", "title")] +
            [("title", PAYLOAD)])
        check(st == 303, "title with markup refused: %s" % st)
        page = import_people(c, csrf, pid, people_csv(
            20, extra_rows=['participant,P-21,Asia/Beirut,ar,partner,"%s"'
                            % PAYLOAD.replace('"', '""')]))
        bad = import_people(c, csrf, pid, people_csv(
            0, 0, extra_rows=["participant,P-22,%s,ar,partner," % PAYLOAD.replace('"', "")]),
            expect=422)
        st, _, course_page = c.get("/w/c/" + pid)
        st2, _, own = Client(s.port).get(path_of(links["P-05"][1]))
        st3, _, csv_out = c.get("/w/c/%s/people.csv" % pid)
        for name, text in (("course page", course_page), ("error page", bad),
                           ("participant page", own)):
            check("<script>" not in text and "<img src=x" not in text,
                  "markup injected into the %s" % name)
        check("&lt;script&gt;alert(1)&lt;/script&gt;" in course_page, "title not shown escaped")
        check("&lt;script&gt;" in own, "title not shown escaped to the participant")
        check("&lt;script&gt;" in bad, "echoed value not escaped in the error list")
        check(PAYLOAD.replace('"', '""') in csv_out, "display name lost in the export")
        # Values the course form echoes back in errors (language, zone).
        st, _, echo = c.post("/w/c/%s/course" % pid, [("csrf", csrf)] + [
            (k, v) for k, v in COURSE.items() if k not in ("id", "language", "zone")] +
            [("language", PAYLOAD[:16]), ("zone", PAYLOAD)])
        check(st == 422 and "<script>" not in echo and "<img src=x" not in echo and
              "&lt;script&gt;" in echo, "course form echo: %s" % st)
        st, _, echo = c.post("/w/new", [("csrf", csrf)] + [
            (k, v) for k, v in COURSE.items() if k != "id"] + [("id", PAYLOAD)])
        check(st == 422 and "<script>" not in echo, "new course id echo: %s" % st)
        # An injected value in a person's own form comes back escaped too.
        st, _, out, _ = answer(s.port, links["P-06"][1],
                               [("off_from", PAYLOAD), ("off_to", "")])
        check(st == 422 and "<script>" not in out and "&lt;script&gt;" in out,
              "participant form echo: %s" % st)
        print("HTML injection in title, display name, CSV cells and form fields: inert")
    return 0


# ---- CSV ----------------------------------------------------------------------------

def case_csv(tmp):
    with Server(tmp) as s:
        c = Client(s.port)
        csrf = c.sign_in()
        create_course(c, csrf)
        pid = COURSE["id"]
        import_people(c, csrf, pid, people_csv(3, 1))
        before = s.api("GET", "/v1/problems/" + pid)
        header = "kind,id,zone,languages,profile,display_name"
        cases = [
            ("header", "kind,id,zone\nparticipant,P-9,Asia/Beirut\n", ["row 1, column"]),
            ("fields", header + "\nparticipant,P-9,Asia/Beirut,ar,partner\n",
             ["row 2, column 6"]),
            ("kind", header + "\nstudent,P-9,Asia/Beirut,ar,partner,\n",
             ["row 2, column 1", "column kind"]),
            ("id", header + "\nparticipant,P 9,Asia/Beirut,ar,partner,\n",
             ["row 2, column 2", "column id"]),
            ("profile", header + "\nparticipant,P-9,Asia/Beirut,ar,tourist,\n",
             ["row 2, column 5"]),
            ("zone", header + "\nparticipant,P-9,Asia/Beirut,ar,partner,\n"
             "participant,P-10,Asia/Beyrouth,ar,partner,\n", ["row 3, column 3", "Beyrouth"]),
            ("duplicate", header + "\nparticipant,P-9,Asia/Beirut,ar,partner,\n"
             "participant,P-9,Asia/Amman,ar,partner,\n", ["row 3, column 2", "twice"]),
            ("quote", header + '\nparticipant,P-9,Asia/Beirut,ar,partner,"open\n',
             ["row 2"]),
            ("utf8", (header + "\nparticipant,P-9,Asia/Beirut,ar,partner,Jos\xe9\n")
             .encode("latin-1"), ["row 2", "UTF-8"]),
            ("empty-lang", header + "\nparticipant,P-9,Asia/Beirut,,partner,\n",
             ["row 2, column 4"]),
            # every error of the file at once; the reader's rules (zones)
            # run once the file itself is well-formed, for every row too
            ("many", header + "\nparticipant,P-9,Asia/Beirut,ar,partner,\n"
             "teacher,T-9,Europe/Brussels,ar,partner,\nparticipant,P-10,Asia/Amman,ar,x,\n",
             ["row 3, column 5", "row 4, column 5"]),
            ("zones", header + "\nparticipant,P-9,Asia/Beirut,ar,partner,\n"
             "teacher,T-9,Mars/Olympus,ar,,\nparticipant,P-10,asia/amman,ar,partner,\n",
             ["row 3, column 3", "row 4, column 3"]),
        ]
        for name, text, wants in cases:
            page = import_people(c, csrf, pid, text, expect=422)
            for want in wants:
                check(want in page, "csv %s: %r not in the errors: %s" %
                      (name, want, re.findall(r"<li>.*?</li>", page)[:5]))
            after = s.api("GET", "/v1/problems/" + pid)
            check(after == before, "csv %s: the problem changed" % name)
            print("csv %-10s refused: %s" % (name, "; ".join(
                re.sub("<[^>]+>", "", x) for x in re.findall(r"<li>.*?</li>", page))[:160]))
        # Round trip: export, import unchanged, export again identical.
        st, h, csv1 = c.get("/w/c/%s/people.csv" % pid)
        check(st == 200 and h["content-type"].startswith("text/csv"), "export %s" % st)
        check(csv1.splitlines()[0] == header and len(csv1.splitlines()) == 5,
              "export rows: %r" % csv1)
        import_people(c, csrf, pid, csv1)
        check(c.get("/w/c/%s/people.csv" % pid)[2] == csv1, "export after re-import differs")
        # Updating keeps availability: answer, re-import, still there.
        print("export/import round trip identical; %d malformed files refused" % len(cases))
    return 0


# ---- the whole flow with forms --------------------------------------------------------

def wait_job_page(c, location, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        st, _, page = c.get(location)
        check(st == 200, "job page %s: %s" % (location, st))
        m = re.search(r'data-state="([a-z]+)"', page)
        check(m, "no job state on the page")
        if m.group(1) not in ("queued", "running"):
            check('http-equiv="refresh"' not in page, "finished job page still refreshes")
            return m.group(1), page
        check('http-equiv="refresh"' in page, "running job page does not refresh")
        time.sleep(0.2)
    raise Failure("job did not finish")



def pin_and_replan(s, c, csrf, pid, plan_id):
    """Pins on the course page (docs/workspace.md): refused without CSRF or
    with a group that is not in the published plan, markup echoed inert,
    unpin; then the re-plan puts the pinned person in the continuation of
    the group they were pinned to: same teacher, same lessons."""
    pub = s.api("GET", "/v1/plans/%d" % plan_id)
    who, large, small, groups = pick_pin(pub)
    other = sorted(m["participant"] for m in small["members"])[0]
    st, _, page = c.get("/w/c/" + pid)
    check(st == 200 and 'id="pin-form"' in page and 'id="no-pins"' in page,
          "no pin form on the course page of a published course")
    plain = re.sub("[\u2068\u2069]", "", page)
    for co in groups:
        # The group with its weekly times, session length, teacher, size.
        day, start = co["slots"][0]["day"], co["slots"][0]["start"]
        want = (r'<option value="%s">%s: %s %s[^<]*\(%s\), %d min · teacher %s, %d in the group'
                r'</option>' % (co["id"], co["id"], day.capitalize(), start, co["anchor_zone"],
                                co["session_minutes"], co["teacher"], len(co["members"])))
        check(re.search(want, plain), "group %s not offered as %r" % (co["id"], want))
    check(re.search(r'<option value="%s">%s · \u2068?%s' % (who, who, large["id"]), page),
          "%s not shown in %s" % (who, large["id"]))

    before = s.api("GET", "/v1/problems/" + pid)
    # Without the session's CSRF token, or with another session's: 403.
    for fields in ([], [("csrf", Client(s.port).sign_in())]):
        st, _, _ = c.post("/w/c/%s/pin" % pid, fields + [("participant", who),
                                                         ("cohort", small["id"])])
        check(st == 403, "pin without CSRF: %s" % st)
        st, _, _ = c.post("/w/c/%s/unpin" % pid, fields + [("participant", who)])
        check(st == 403, "unpin without CSRF: %s" % st)
    # A group the published plan does not have, or nobody of that id: a
    # clear error, nothing stored; markup in either field stays text.
    for field, value, want in (("cohort", "C99", "There is no group C99 in the "
                                "published plan: nothing was pinned."),
                               ("cohort", PAYLOAD, "There is no group"),
                               ("participant", PAYLOAD, "There is no participant"),
                               ("participant", "T-01", "There is no participant")):
        fields = {"csrf": csrf, "participant": who, "cohort": small["id"]}
        fields[field] = value
        st, _, out = c.post("/w/c/%s/pin" % pid, list(fields.items()))
        check(st == 422 and want in re.sub("[\u2068\u2069]", "", out), "pin with %s %r: %s %s" % (
            field, value, st, re.findall(r'<p class="msg bad".*?</p>', out)))
        check("<script>" not in out and "<img src=x" not in out, "markup injected by the pin form")
        if value == PAYLOAD:
            check("&lt;script&gt;alert(1)&lt;/script&gt;" in out, "%s not echoed escaped" % field)
    st, _, out = c.post("/w/c/%s/unpin" % pid, [("csrf", csrf), ("participant", PAYLOAD)])
    check(st == 422 and "<script>" not in out and "&lt;script&gt;alert(1)" in out,
          "unpin with markup: %s" % st)
    check(s.api("GET", "/v1/problems/" + pid) == before, "a refused pin changed the course")
    print("pin: no CSRF 403, group C99 and a teacher's id refused (422), markup inert, "
          "nothing stored")

    # Pin who to the smaller group, and other to their own; unpin other.
    for person, group in ((who, small["id"]), (other, small["id"])):
        st, h, out = c.post("/w/c/%s/pin" % pid, [("csrf", csrf), ("participant", person),
                                                  ("cohort", group)])
        check(st == 303 and h["location"] == "/w/c/%s?done=pinned" % pid,
              "pin %s to %s: %s %s" % (person, group, st, re.findall(
                  r'<li>.*?</li>|<p class="msg bad".*?</p>', out)))
    prob = s.api("GET", "/v1/problems/" + pid)
    pins = {p["id"]: p["pin"] for p in prob["participants"] if "pin" in p}
    check(pins == {who: small["id"], other: small["id"]}, "pins stored: %s" % pins)
    st, _, page = c.get(h["location"])
    check("Pinned." in page and 'id="pins"' in page, "pins not listed")
    rows = re.findall(r'<tr><td><b>([^<]+)</b></td><td data-cohort="([^"]+)">', page)
    check(sorted(rows) == sorted([(who, small["id"]), (other, small["id"])]), "pin rows %s" % rows)
    check('action="/w/c/%s/unpin"' % pid in page, "no unpin button")
    st, h, _ = c.post("/w/c/%s/unpin" % pid, [("csrf", csrf), ("participant", other)])
    check(st == 303 and h["location"] == "/w/c/%s?done=unpinned" % pid, "unpin: %s" % st)
    prob = s.api("GET", "/v1/problems/" + pid)
    pins = {p["id"]: p["pin"] for p in prob["participants"] if "pin" in p}
    check(pins == {who: small["id"]}, "pins after unpinning %s: %s" % (other, pins))
    print("pinned %s (in %s, %d people) to %s (%d people); pinned and unpinned %s"
          % (who, large["id"], len(large["members"]), small["id"], len(small["members"]), other))

    # Re-plan from the published plan: who now sits in the continuation of
    # the group they were pinned to.
    st, h, _ = c.post("/w/c/%s/replan" % pid, [("csrf", csrf)])
    check(st == 303, "replan: %s" % st)
    state, page = wait_job_page(c, h["location"])
    check(state == "done", "replan ended %s" % state)
    m = re.search(r'id="plan-link" href="[^"]+/plans/(\d+)"', page)
    check(m, "no plan from the re-plan")
    new = s.api("GET", "/v1/plans/%s" % m.group(1))
    got = cohort_of(new, who)
    check(got is not None, "%s not placed by the re-plan: %s" % (
        who, [u for u in new.get("unplaced", []) if u["participant"] == who]))
    check(timetable(got) == timetable(small),
          "%s is in %s (teacher %s, first lesson %s), pinned to %s (teacher %s, first %s)" % (
              who, got["id"], got["teacher"], got["lessons"][0]["start"], small["id"],
              small["teacher"], small["lessons"][0]["start"]))
    check(cohort_of(new, who)["id"] == small["id"], "the group's id did not carry over")
    print("re-plan: %s in %s, teacher %s, the same %d lessons from %s as published"
          % (who, got["id"], got["teacher"], len(got["lessons"]), got["lessons"][0]["start"]))


def case_flow(tmp):
    with Server(tmp) as s:
        c, csrf, links = setup_course(s)
        pid = COURSE["id"]
        # Participant 1: weekday evenings, a Ramadan period, a day off.
        st, h, out, page = answer(s.port, links["P-01"][1], [
            ("w_0_0_s", "17:00"), ("w_0_0_e", "22:00"), ("w_2_0_s", "17:00"),
            ("w_2_0_e", "22:00"), ("w_3_0_s", "09:00"), ("w_3_0_e", "12:00"),
            ("w_3_1_s", "17:00"), ("w_3_1_e", "22:00"),
            ("off_from", "2026-03-30"), ("off_to", "2026-04-01"),
            ("p_from", "2026-02-18"), ("p_to", "2026-03-19"),
            ("p_start", "10:00"), ("p_end", "16:00")], lang="en")
        check(st == 303 and "saved=1" in h.get("location", ""), "answer P-01: %s %s" % (st, out[-1500:]))
        # P-01 lives in Beirut: the page gives their own clock change of
        # 2026-03-29 (+02 -> +03) and Brussels' of the same day.
        check("your clocks change from \u2068UTC+02:00\u2069 to \u2068UTC+03:00\u2069" in page and
              "the clocks in \u2068Europe/Brussels\u2069" in page, "clock changes not shown")
        prob = s.api("GET", "/v1/problems/" + pid)
        p1 = [p for p in prob["participants"] if p["id"] == "P-01"][0]
        check(len(p1["availability"]) == 4 and p1["periods"][0]["from"] == "2026-02-18" and
              p1["exceptions"][0]["available"] is False, "P-01 stored: %s" % p1)
        # Participant 2: a roster .ics; stored as inline shifts.
        st, h, out, _ = answer(s.port, links["P-02"][1], [], files=[
            ("roster", "roster.ics", roster_ics().encode())])
        check(st == 303, "answer P-02 roster: %s %s" % (st, out[-1500:]))
        prob = s.api("GET", "/v1/problems/" + pid)
        p2 = [p for p in prob["participants"] if p["id"] == "P-02"][0]
        shifts = p2["roster"]["shifts"]
        # P-02 lives in Amman (+03 all year); the hospital's 07:00 in Beirut
        # is 08:00 for them until Beirut moves to +03 on 2026-03-29.
        check(p2["zone"] == "Asia/Amman" and len(shifts) == 36, "P-02: %s" % p2)
        check(all(x["start"][11:] == ("08:00" if x["start"] < "2026-03-29" else "07:00")
                  for x in shifts), "P-02 shifts in their own time: %s" % shifts)
        # A broken roster is refused with the reader's message, nothing stored.
        st, _, out, _ = answer(s.port, links["P-02"][1], [], files=[
            ("roster", "roster.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")])
        check(st == 422 and "roster" in out, "broken roster: %s" % st)
        check(s.api("GET", "/v1/problems/" + pid) == prob, "a refused answer changed the problem")
        # Invalid hours: end before start, reported, nothing stored.
        st, _, out, _ = answer(s.port, links["P-03"][1], [("w_1_0_s", "20:00"),
                                                         ("w_1_0_e", "18:00")])
        check(st == 422 and "availability" in out, "end before start: %s" % st)
        # Arabic page: right to left, Arabic texts.
        st, _, page = Client(s.port).get(path_of(links["P-03"][1]) + "?lang=ar")
        check('dir="rtl"' in page and 'lang="ar"' in page and "متى" in page, "Arabic page")
        # A teacher's link: leave instead of days off, no roster.
        st, h, out, tpage = answer(s.port, links["T-01"][1], [
            ("w_0_0_s", "09:00"), ("w_0_0_e", "20:00"), ("off_from", "2026-04-06")])
        check(st == 303 and "roster" not in tpage, "teacher answer: %s" % st)
        prob = s.api("GET", "/v1/problems/" + pid)
        t1 = [t for t in prob["teachers"] if t["id"] == "T-01"][0]
        check(t1["leave"] == [{"from": "2026-04-06", "to": "2026-04-06"}], "leave: %s" % t1)
        # Who answered: 3 of 22.
        st, _, page = c.get("/w/c/" + pid)
        check("3 of 22 people have answered" in page, "answer count missing")
        # Close the round: links read only, POST 409 (from a page opened
        # before the round closed).
        late = Client(s.port)
        late_csrf = late.csrf(late.get(path_of(links["P-04"][1]))[2])
        c.post("/w/c/%s/round" % pid, [("csrf", csrf)])
        st, _, page = Client(s.port).get(path_of(links["P-01"][1]))
        check(st == 200 and 'id="closed"' in page and "<form" not in page, "closed page")
        st, _, _ = late.post(path_of(links["P-04"][1]), [("csrf", late_csrf)], files=[])
        check(st == 409, "answer after closing: %s" % st)
        print("answers: weekly hours, Ramadan period, days off, roster (%d shifts), "
              "teacher leave; errors refused; round closed -> 409" % len(shifts))
        # Solve with progress, then the report.
        st, h, _ = c.post("/w/c/%s/solve" % pid, [("csrf", csrf), ("time_limit", "20")])
        check(st == 303 and "/jobs/" in h["location"], "solve: %s" % st)
        state, page = wait_job_page(c, h["location"])
        check(state == "done", "job ended %s" % state)
        m = re.search(r'id="plan-link" href="([^"]+)"', page)
        check(m, "no plan link")
        st, h, report = c.get(m.group(1))
        check(st == 200 and "<svg" in report and "script" not in report.lower(),
              "report: %s" % st)
        check("unsafe-inline" in h["content-security-policy"] and
              "script" not in h["content-security-policy"].replace("'none'", ""),
              "report CSP %s" % h["content-security-policy"])
        plan_id = int(m.group(1).rsplit("/", 1)[1])
        st, h, _ = c.post("/w/c/%s/plans/%d/publish" % (pid, plan_id), [("csrf", csrf)])
        check(st == 303 and "published" in h["location"], "publish: %s" % st)
        st, _, page = c.get("/w/c/" + pid)
        feeds = re.findall(r'<b>(T-\d+)</b></td><td><input class="link" id="feed-\d+" '
                           r'readonly value="([^"]+)"', page)
        check(feeds, "no teacher feed links on the page")
        st, hdrs, body = Client(s.port).get(path_of(feeds[0][1]))
        check(st == 200 and body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body,
              "teacher feed: %s" % st)
        print("solved (job page refreshed until done), report shown, published; "
              "teacher feed %s: %d events" % (feeds[0][0], body.count("BEGIN:VEVENT")))
        # Pin a participant to another group of the published plan, then
        # re-plan around the pin.
        pin_and_replan(s, c, csrf, pid, plan_id)
        # A variant two weeks later without T-02, solved and compared.
        st, h, out = c.post("/w/c/%s/variant" % pid, [
            ("csrf", csrf), ("variant", "later"), ("v_start", "2026-02-16"), ("v_end", ""),
            ("drop", "T-02")])
        check(st == 303 and h["location"] == "/w/c/%s.later" % pid, "variant: %s %s" % (st, out[-800:]))
        vp = s.api("GET", "/v1/problems/%s.later" % pid)
        check(vp["course"]["start"] == "2026-02-16" and
              [t["id"] for t in vp["teachers"]] == ["T-01"], "variant problem: %s" % vp["course"])
        st, _, out = c.post("/w/c/%s/variant" % pid, [("csrf", csrf), ("variant", "a.b")])
        check(st == 422 and "msg bad" in out, "bad variant name: %s" % st)
        st, h, _ = c.post("/w/c/%s.later/solve" % pid, [("csrf", csrf), ("time_limit", "20")])
        state, page = wait_job_page(c, h["location"])
        check(state == "done", "variant solve %s" % state)
        vplan = int(re.search(r'id="plan-link" href="[^"]+/plans/(\d+)"', page).group(1))
        st, _, page = c.get("/w/c/" + pid)
        check(('<option value="%d"' % vplan) in page, "variant plan not offered for comparison")
        st, _, cmp_page = c.get("/w/c/%s/compare?a=%d&b=%d" % (pid, plan_id, vplan))
        check(st == 200 and 'id="compare"' in cmp_page, "compare: %s" % st)
        rows = {re.sub("<[^>]+>", "", m.group(1)): [re.sub("<[^>]+>", "", x) for x in
                re.findall(r"<td>(.*?)</td>", m.group(2))]
                for m in re.finditer(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', cmp_page)}
        check(rows["Course"][:2] == [pid, pid + ".later"], "compare courses: %s" % rows)
        check(rows["T-02"][1] == "0.0" and float(rows["T-02"][0]) > 0, "T-02 hours: %s" % rows)
        check(rows["Teachers teaching"][1] == "1", "teachers in B: %s" % rows)
        print("variant '%s.later' (start 2026-02-16, without T-02) solved and compared: %s"
              % (pid, {k: v[:2] for k, v in rows.items() if k in (
                  "Placed and reaching the attendance target", "Groups",
                  "Teaching hours, all teachers")}))
        check(c.get("/w/c/%s/compare?a=%d&b=999" % (pid, plan_id))[0] == 404,
              "compare with an unknown plan")
        # Signing out ends the session.
        st, h, _ = c.post("/logout", [("csrf", csrf)])
        check(st == 303 and "cp_session" not in c.cookies, "logout: %s" % st)
        check(c.get("/")[0] == 303, "session alive after sign-out")
    return 0


def case_calls(tmp):
    """By hand (tzdata rules, as tests/appointments "dst"): P04 lives in
    Bogota (UTC-5 all year), free on weekdays 09:00-13:00 (14:00-18:00
    UTC); the one case manager, CM-CAS in Casablanca, takes calls from
    14:00 to 15:00 local, Monday to Saturday. Morocco is at +00 until
    2025-04-06 02:00, then +01. Intake calls from Friday 2025-04-04 to the
    day before the course starts (04-07), 45 minutes: P04 (fewest possible
    slots, so booked first) gets Friday 04-04 14:00 UTC = 09:00 Bogota =
    14:00 Casablanca; P05 (Amman, +03 all year, no windows: any time) gets
    the next free hour of CM-CAS, Saturday 04-05 14:00 UTC = 17:00 Amman.
    P04 arrives on Tuesday 2025-07-01: the follow-up (30 minutes, in the
    course's zone, Brussels at +02) is at CM-CAS's first slot that day,
    14:00 Casablanca (+01) = 13:00 UTC = 15:00 Brussels. P05 has no arrival
    date: follow-up not booked (no_arrival)."""
    prob = calls_problem()
    want = [  # (participant, kind, manager, participant's wall time, manager's)
        ("P04", "intake", "CM-CAS", ("2025-04-04T09:00", "America/Bogota", "UTC-05:00"),
         ("2025-04-04T14:00", "Africa/Casablanca", "UTC+00:00")),
        ("P04", "followup", "CM-CAS", ("2025-07-01T15:00", "Europe/Brussels", "UTC+02:00"),
         ("2025-07-01T14:00", "Africa/Casablanca", "UTC+01:00")),
        ("P05", "intake", "CM-CAS", ("2025-04-05T17:00", "Asia/Amman", "UTC+03:00"),
         ("2025-04-05T14:00", "Africa/Casablanca", "UTC+00:00")),
    ]
    cell = (r'<time datetime="([^"]+)">[^<]*</time> <bdi>([^<]+)</bdi> <bdi>([^<]+)</bdi>')
    row = re.compile(r'<tr data-kind="(\w+)"><td><bdi>([^<]+)</bdi></td><td>[^<]+</td>'
                     r'<td><bdi>([^<]+)</bdi></td><td class="p">' + cell +
                     r'</td><td class="m">' + cell + r'</td></tr>')
    with Server(tmp) as s:
        c, csrf, _ = setup_course(s, n=3)
        st, _, page = c.get("/w/c/" + COURSE["id"])
        check(st == 200 and 'id="calls"' not in page, "calls without case managers")
        s.api("PUT", "/v1/problems/calls", prob, expect=201)
        links = issue_links(c, csrf, "calls")
        for lang in ("en", "ar", "fr", "nl"):
            st, _, page = c.get("/w/c/calls?lang=" + lang)
            check(st == 200, "course page: %s" % st)
            got = [(m.group(2), m.group(1), m.group(3), m.group(4, 5, 6), m.group(7, 8, 9))
                   for m in row.finditer(page)]
            check(got == want, "%s: calls on the course page: %s" % (lang, got))
            check('<li data-kind="followup" data-reason="no_arrival">' in page and
                  "P05" in page[page.index('id="unbooked"'):], "P05's follow-up not booked")
        page = c.get("/w/c/calls?lang=en")[2]
        check("Intake and follow-up calls" in page, "English heading")
        check("Not booked yet" in page and ">Book the calls</button>" in page,
              "proposal before booking")
        # Not booked yet: a participant sees no calls (a proposal may change).
        st, _, page = Client(s.port).get(path_of(links["P04"][1]) + "?lang=en")
        check(st == 200 and 'id="calls"' not in page, "calls on P04's page before booking")
        s.error("GET", "/v1/problems/calls/appointments", 404, "not_booked")
        # The button books them; without the session's CSRF token nothing is.
        check(c.post("/w/c/calls/calls", [("csrf", "x" * 43)])[0] == 403, "booking without CSRF")
        s.error("GET", "/v1/problems/calls/appointments", 404, "not_booked")
        st, h, _ = c.post("/w/c/calls/calls", [("csrf", csrf)])
        check(st == 303 and h.get("location") == "/w/c/calls?done=calls",
              "booking: %s %s" % (st, h.get("location")))
        page = c.get("/w/c/calls?lang=en&done=calls")[2]
        check("The calls are booked" in page and "Booked (booking 1)" in page and
              ">Book again</button>" in page, "booked state on the course page")
        got = [(m.group(2), m.group(1), m.group(3), m.group(4, 5, 6), m.group(7, 8, 9))
               for m in row.finditer(page)]
        check(got == want, "booked calls on the course page: %s" % got)
        doc = s.api("GET", "/v1/problems/calls/appointments")
        check([(b["participant"], b["kind"], b["manager"], b["participant_local"]["start"][:16])
               for b in doc["bookings"]] == [w[:3] + (w[3][0],) for w in want],
              "stored booking: %s" % doc["bookings"])
        # Published: the case manager's feed is listed for the planner to
        # copy (docs/server.md "Appointments"), the participants' are not.
        server_test.publish_one(s, "calls")
        page = c.get("/w/c/calls?lang=en")[2]
        sec = page[page.index("<h2>Calendar links</h2>"):page.index("<h2>Variants</h2>")]
        check("<tr><td>Case manager <b>CM-CAS</b></td>" in sec and "P04" not in sec,
              "case manager's feed on the course page: %s" % sec)
        # P04's own page: their two calls in their own time, nobody's id.
        st, _, page = Client(s.port).get(path_of(links["P04"][1]) + "?lang=en")
        check(st == 200, "P04's page: %s" % st)
        sec = page[page.index('<section class="msg note" id="calls">'):]
        sec = sec[:sec.index("</section>")]
        own = re.findall(r'<li data-kind="(\w+)">[^<]+: ' + cell + r'</li>', sec)
        check(own == [("intake",) + want[0][3], ("followup",) + want[1][3]],
              "P04's own calls: %s" % own)
        for other in ("CM-CAS", "P05", "P04"):
            check(other not in page, "%s named on P04's page" % other)
        # A teacher's page has no calls.
        st, _, page = Client(s.port).get(path_of(links["T1"][1]))
        check(st == 200 and 'id="calls"' not in page, "calls on a teacher's page")
    return 0


CASES = {"security": case_security, "csv": case_csv, "flow": case_flow, "calls": case_calls}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--source-root", required=True)
    a = ap.parse_args()
    server_test.EXE = os.path.abspath(a.exe)
    server_test.ROOT = a.source_root
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    return server_test.run_case(CASES[a.case], "cp-workspace-", 2000)


if __name__ == "__main__":
    sys.exit(main())
