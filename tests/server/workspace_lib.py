"""Shared pieces of the workspace tests (docs/workspace.md): a small HTTP
client that keeps the session cookie and posts forms (urlencoded or
multipart, as a browser does), and the test course, people and roster.

The server itself is server_test.Server (the same start, stop and log
handling as the API tests)."""

import http.client
import os
import re
import secrets
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server_test  # noqa: E402
from testlib import calls_course, window as win  # noqa: E402  (on the path server_test set)

Failure = server_test.Failure
check = server_test.check
TOKEN = server_test.TOKEN

COURSE = {
    "id": "mo-2026-spring", "title": "MO spring 2026", "language": "ar",
    "zone": "Europe/Brussels", "start": "2026-02-02", "end": "2026-04-24",
    "lesson_hours": "20", "share": "0.6", "session_minutes": "120",
    "spw_min": "1", "spw_max": "2", "earliest": "08:00", "latest": "22:00",
    "cohort_min": "3", "cohort_max": "12", "target": "0.8",
}

ZONES = ["Africa/Casablanca", "Asia/Beirut", "Asia/Amman"]
PROFILES = ["labour_migrant", "partner", "family_migrant"]
LANGS = ["ar fr", "ar en", "ar", "ar nl"]


def people_csv(n=20, teachers=2, extra_rows=()):
    rows = ["kind,id,zone,languages,profile,display_name"]
    for i in range(1, n + 1):
        rows.append("participant,P-%02d,%s,%s,%s," % (
            i, ZONES[i % 3], LANGS[i % 4], PROFILES[i % 3]))
    for i in range(1, teachers + 1):
        rows.append("teacher,T-%02d,Europe/Brussels,ar nl,," % i)
    rows.extend(extra_rows)
    return "\r\n".join(rows) + "\r\n"


def roster_ics():
    """A nurse's early shifts in Beirut: Monday to Wednesday 07:00-15:00,
    weekly through the course (RRULE), one of them cancelled."""
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hospital//roster//EN\r\n"
            "BEGIN:VEVENT\r\nUID:early-1@hospital\r\nDTSTAMP:20260101T000000Z\r\n"
            "DTSTART;TZID=Asia/Beirut:20260202T070000\r\n"
            "DTEND;TZID=Asia/Beirut:20260202T150000\r\n"
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE;UNTIL=20260430T000000Z\r\n"
            "SUMMARY:Early\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class Client:
    """One browser: a keep-alive connection and its cookies."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if attempt:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        hdrs = {k.lower(): v for k, v in resp.getheaders()}
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in v or not value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return resp.status, hdrs, data.decode("utf-8", errors="replace")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, files=None):
        """fields: list of (name, value); files: list of (name, filename,
        bytes). Multipart when files are given, else urlencoded."""
        if files is None:
            body = urllib.parse.urlencode(fields).encode()
            return self.request("POST", path, body,
                                {"Content-Type": "application/x-www-form-urlencoded"})
        boundary = "----cp" + secrets.token_hex(8)
        parts = []
        for k, v in fields:
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                          % (boundary, k)).encode() + v.encode() + b"\r\n")
        for k, fn, data in files:
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                          "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                          % (boundary, k, fn)).encode() + data + b"\r\n")
        body = b"".join(parts) + ("--%s--\r\n" % boundary).encode()
        return self.request("POST", path, body,
                            {"Content-Type": "multipart/form-data; boundary=" + boundary})

    def csrf(self, page):
        m = re.search(r'name="csrf" value="([^"]+)"', page)
        check(m, "no CSRF field on the page")
        return m.group(1)

    def sign_in(self):
        st, h, _ = self.post("/login", [("token", TOKEN)])
        check(st == 303 and "cp_session" in self.cookies, "sign-in: %s %s" % (st, h))
        cookie = h.get("set-cookie", "")
        check("HttpOnly" in cookie and "SameSite=Strict" in cookie,
              "session cookie lacks HttpOnly/SameSite: %s" % cookie)
        st, _, page = self.get("/")
        check(st == 200, "courses page after sign-in: %s" % st)
        return self.csrf(page)


def create_course(c, csrf, course=COURSE):
    fields = [("csrf", csrf)] + list(course.items())
    st, h, page = c.post("/w/new", fields)
    check(st == 303 and h.get("location") == "/w/c/" + course["id"],
          "create course: %s %s %s" % (st, h.get("location"), page[:2000]))


def import_people(c, csrf, pid, csv_text, expect=303):
    st, h, page = c.post("/w/c/%s/import" % pid, [("csrf", csrf)],
                         files=[("csvfile", "people.csv", csv_text.encode("utf-8")
                                 if isinstance(csv_text, str) else csv_text)])
    check(st == expect, "import: expected %s, got %s: %s" % (expect, st, page[-3000:]))
    return page


def issue_links(c, csrf, pid, days=30):
    st, _, _ = c.post("/w/c/%s/links" % pid, [("csrf", csrf), ("days", str(days))])
    check(st == 303, "issue links: %s" % st)
    st, _, page = c.get("/w/c/" + pid)
    links = {}
    for m in re.finditer(r'<b>([^<]+)</b></td><td>[^<]*</td><td><input class="link" '
                         r'id="link-(\d+)" readonly value="([^"]+)"', page):
        links[m.group(1)] = (int(m.group(2)), m.group(3))
    return links


def path_of(url):
    return urllib.parse.urlsplit(url).path


# ---- pins -----------------------------------------------------------------------------

def cohort_of(plan, person):
    """The running cohort of the plan person is a member of, or None."""
    for co in plan["cohorts"]:
        if not co.get("dissolved") and any(m["participant"] == person for m in co["members"]):
            return co
    return None


def timetable(co):
    """What a pin keeps: the teacher, the weekly pattern and every lesson's
    start and end."""
    return (co["teacher"], co["anchor_zone"], [(x["day"], x["start"]) for x in co["slots"]],
            [(x["start"], x["end"]) for x in co["lessons"]])


def pick_pin(plan):
    """A feasible pin in the published plan of the test course: a person
    from the largest group to the smallest. P-04 and up answered nothing, so
    any time the course allows suits them, and the smallest group has room
    (cohort_size 3..12). Returns (person, their group, the group to pin
    to, all running groups)."""
    groups = [co for co in plan["cohorts"] if not co.get("dissolved")]
    check(len(groups) >= 2, "the published plan has %d groups; a pin needs two" % len(groups))
    groups.sort(key=lambda co: len(co["members"]))
    small, large = groups[0], groups[-1]
    check(len(small["members"]) < 12 and len(large["members"]) > 3,
          "group sizes %d and %d" % (len(small["members"]), len(large["members"])))
    who = sorted(m["participant"] for m in large["members"]
                 if m["participant"] not in ("P-01", "P-02", "P-03"))[0]
    return who, large, small, groups


def calls_problem():
    """Course "calls": two participants and one case manager, for the
    Calls section (docs/workspace.md); the bookings are worked out by hand
    in workspace_test.py's case_calls."""
    return {
        **calls_course("Calls"),
        "participants": [
            {"id": "P04", "zone": "America/Bogota", "profile": "labour_migrant",
             "languages": ["ar"], "availability": [win("weekdays", "09:00", "13:00")],
             "arrival": "2025-07-01"},
            {"id": "P05", "zone": "Asia/Amman", "profile": "partner", "languages": ["ar"]}],
        "case_managers": [
            {"id": "CM-CAS", "zone": "Africa/Casablanca", "max_calls_per_day": 5,
             "availability": [win(["mon", "tue", "wed", "thu", "fri", "sat"], "14:00", "15:00")]}],
        "appointments": {"intake": {"duration": "PT45M", "from": "2025-04-04"},
                         "followup": {"duration": "PT30M", "within_days": 10},
                         "start_grid": 15},
    }
