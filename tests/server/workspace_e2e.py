#!/usr/bin/env python3
"""The workspace in a real browser: headless Chromium driven by WebDriver
(Debian's chromium-driver and python3-selenium), through the whole flow of
issue 14 (docs/workspace.md), with a screenshot of every step.

Usage: workspace_e2e.py COHORTPLAN_EXE --source-root DIR --out DIR

Sign in, create a course, import a CSV of 20 participants and 2 teachers,
make the personal links, open three participants' links (English; French
with a roster .ics; Arabic on a phone-sized window) and fill in weekly
hours, a Ramadan period and days off, see who answered, solve with the
progress page, open the report, publish, copy a teacher's feed link and
fetch the feed, pin one person to another group of the published plan and
re-plan (they end up in that group's continuation), make a variant and
compare, and see a course's intake and follow-up calls. The browser's
console must stay free of errors (Content-Security-Policy violations
included). Screenshots: OUT/NN-*.png.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request


def reexec_with_selenium():
    """Debian's python3-selenium belongs to Debian's python3; a python3
    from elsewhere earlier on PATH (pyenv, a venv) lacks it. Run this file
    with the first python3 on PATH that has it."""
    for d in os.environ.get("PATH", "").split(os.pathsep):
        cand = os.path.join(d, "python3")
        if not os.access(cand, os.X_OK) or os.path.realpath(cand) == os.path.realpath(sys.executable):
            continue
        if subprocess.run([cand, "-c", "import selenium"], capture_output=True).returncode == 0:
            os.execv(cand, [cand] + sys.argv)
    print("FAIL: no python3 on PATH can import selenium (apt-get install python3-selenium)")
    sys.exit(1)


try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    reexec_with_selenium()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server_test  # noqa: E402
from workspace_lib import (COURSE, Failure, calls_problem, check, cohort_of,  # noqa: E402
                           people_csv, pick_pin, roster_ics, timetable)

OUT = ""
STEP = [0]
# The browsers open now, for the diagnosis when something fails.
LIVE = []
DIAGNOSED = []


def shot(d, name):
    STEP[0] += 1
    path = os.path.join(OUT, "%02d-%s.png" % (STEP[0], name))
    d.save_screenshot(path)
    print("screenshot %s" % os.path.basename(path))


def set_value(d, elem_id, value):
    """Date, time and number inputs take typed text in the browser's
    locale format; set the value as a form would hold it."""
    el = d.find_element(By.ID, elem_id)
    d.execute_script("arguments[0].value = arguments[1];", el, value)


def click_and_wait(d, element):
    """Click a submit button and wait for the next page: a click returns
    before the browser has loaded what the form posted to. The page being
    left is marked; the next one, a new window object, is not. (Waiting
    for the old <html> to go stale failed on a busy machine: asked in the
    middle of the navigation, Chromium answered "Node with given id does
    not belong to the document", an error that is not a stale element.)
    Errors while the page changes under the question are asked again."""
    d.execute_script("window.cpLeaving = true;")
    element.click()
    WebDriverWait(d, 60, ignored_exceptions=(WebDriverException,)).until(
        lambda drv: drv.execute_script(
            "return !window.cpLeaving && document.readyState === 'complete';"),
        "the page after the click did not load")


def click_form_button(d, action_suffix):
    click_and_wait(d, d.find_element(By.CSS_SELECTOR, 'form[action$="%s"] button'
                                     % action_suffix))


def browser(width, height):
    o = webdriver.ChromeOptions()
    o.binary_location = shutil.which("chromium") or ""
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=%d,%d" % (width, height), "--lang=en"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = shutil.which("chromedriver")
    check(drv and o.binary_location, "chromium and chromedriver must be installed")
    try:
        d = webdriver.Chrome(service=Service(drv), options=o)
    except Exception as e:
        # Selenium picks chromedriver's port by binding and closing it:
        # on a busy machine another process may take it before
        # chromedriver binds. Starting the browser is not what this test
        # checks: once more, saying so.
        print("browser did not start (%s: %s); once more" % (type(e).__name__, e))
        d = webdriver.Chrome(service=Service(drv), options=o)
    LIVE.append(d)
    d.set_page_load_timeout(60)
    return d


def quit_browser(d):
    if d in LIVE:
        LIVE.remove(d)
    d.quit()


def diagnose(tmp):
    """What a failure needs to be understood without running it again:
    where it stood, each open browser's page, console and a screenshot, and
    the server's log."""
    if DIAGNOSED:
        return
    DIAGNOSED.append(True)
    e = sys.exc_info()[1]
    # A selenium timeout or meson's SIGTERM as much as a check.
    print("FAIL: %s: %s (after screenshot %d)" % (type(e).__name__, e, STEP[0]))
    traceback.print_exc(file=sys.stdout)
    for i, d in enumerate(LIVE):
        try:
            print("---- browser %d: %s (title %r)" % (i, d.current_url, d.title))
            path = os.path.join(OUT, "FAIL-%d.png" % i)
            d.save_screenshot(path)
            print("screenshot of the failure: %s" % path)
            for ent in d.get_log("browser")[-20:]:
                print("console %s: %s" % (ent["level"], ent["message"][:300]))
            src = d.page_source
            m = re.search(r"<main.*</main>", src, re.S)
            print("page text: %s" % re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                             m.group(0) if m else src))[:1500])
        except Exception as e:              # a browser that died says so
            print("browser %d: no diagnosis (%s)" % (i, e))
    for name in sorted(os.listdir(tmp)):
        if name.endswith(".log"):
            print("---- %s (tail)" % name)
            print(open(os.path.join(tmp, name), errors="replace").read()[-3000:])


def console_errors(d):
    return [e["message"] for e in d.get_log("browser") if e["level"] in ("SEVERE", "ERROR")
            and "favicon.ico" not in e["message"]]


def fill_week(d, days, start, end):
    for day in days:
        set_value(d, "w_%d_0_s" % day, start)
        set_value(d, "w_%d_0_e" % day, end)


def wait_job(d, timeout=180):
    """The job page reloads itself every second while the job runs; its
    state once it no longer does."""
    deadline = time.time() + timeout
    st = "running"
    while time.time() < deadline:
        try:
            st = d.find_element(By.ID, "job-state").get_attribute("data-state")
        except Exception:
            st = "running"
        if st not in ("queued", "running"):
            break
        time.sleep(0.5)
    return st


def participant(base, url, lang, size, name, fill):
    # On a failure the browser stays open for main's diagnosis.
    d = browser(*size)
    d.get(url + "?lang=" + lang)
    html = d.find_element(By.TAG_NAME, "html")
    check(html.get_attribute("lang") == lang, "page language %s" % html.get_attribute("lang"))
    check(html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), "direction")
    check(d.find_element(By.ID, "clocks").is_displayed(), "clock changes not shown")
    fill(d)
    shot(d, name + "-filled")
    click_and_wait(d, d.find_element(By.ID, "save"))
    check(d.find_elements(By.ID, "saved"), "%s: not saved: %s" % (name, d.page_source[-1500:]))
    width = d.execute_script("return document.documentElement.scrollWidth")
    inner = d.execute_script("return window.innerWidth")
    check(width <= inner + 1, "%s: the page scrolls sideways (%d > %d)" % (name, width, inner))
    shot(d, name + "-saved")
    errs = console_errors(d)
    check(not errs, "%s: console errors %s" % (name, errs))
    quit_browser(d)


def run(tmp):
    # The access log: which requests the browser made, answered how, when.
    with server_test.Server(tmp, extra=["--access-log"]) as s:
        base = "http://127.0.0.1:%d" % s.port
        csv_path = os.path.join(tmp, "people.csv")
        with open(csv_path, "w", encoding="utf-8", newline="") as f:
            f.write(people_csv(20, 2))
        ics_path = os.path.join(tmp, "roster.ics")
        with open(ics_path, "w", newline="") as f:
            f.write(roster_ics())
        d = browser(1280, 1000)
        try:
            # Sign in.
            d.get(base + "/")
            check(d.current_url.endswith("/login"), "not sent to the sign-in")
            d.find_element(By.ID, "token").send_keys(server_test.TOKEN)
            shot(d, "sign-in")
            click_and_wait(d, d.find_element(By.CSS_SELECTOR, "form button"))
            check(d.find_element(By.TAG_NAME, "h1").text == "Courses", "no course list")
            # Create a course.
            click_and_wait(d, d.find_element(By.CSS_SELECTOR, 'a[href="/w/new"]'))
            for k, v in COURSE.items():
                set_value(d, "f-" + k, v)
            shot(d, "new-course")
            click_form_button(d, "/w/new")
            check(d.current_url.endswith("/w/c/" + COURSE["id"]), "course not created")
            # Import 20 participants and 2 teachers.
            d.find_element(By.ID, "f-csvfile").send_keys(csv_path)
            click_form_button(d, "/import")
            check("20 participants, 2 teachers" in d.page_source, "import did not show 20 + 2")
            shot(d, "imported")
            # Personal links.
            click_form_button(d, "/links")
            rows = d.find_elements(By.CSS_SELECTOR, "input.link[id^=link-]")
            check(len(rows) == 22, "%d links" % len(rows))
            links = {}
            for tr in d.find_elements(By.CSS_SELECTOR, "tbody tr"):
                b = tr.find_elements(By.TAG_NAME, "b")
                inp = tr.find_elements(By.CSS_SELECTOR, "input.link[id^=link-]")
                if b and inp:
                    links[b[0].text] = inp[0].get_attribute("value")
            shot(d, "links")

            def p1(w):
                fill_week(w, [0, 2, 3], "17:00", "22:00")
                set_value(w, "p-from-0", "2026-02-18")   # Ramadan 1447
                set_value(w, "p-to-0", "2026-03-19")
                set_value(w, "p-start-0", "10:00")
                set_value(w, "p-end-0", "16:00")
                set_value(w, "off-from-0", "2026-03-20")  # Eid al-Fitr
                set_value(w, "off-to-0", "2026-03-22")

            def p2(w):
                fill_week(w, [3, 4, 5], "16:00", "22:00")
                w.find_element(By.ID, "roster").send_keys(ics_path)

            def p3(w):
                fill_week(w, [0, 1, 2, 3], "18:00", "22:00")
                set_value(w, "p-from-0", "2026-02-18")
                set_value(w, "p-to-0", "2026-03-19")
                set_value(w, "p-start-0", "11:00")
                set_value(w, "p-end-0", "15:00")

            participant(base, links["P-01"], "en", (1280, 1000), "participant-en", p1)
            participant(base, links["P-02"], "fr", (1280, 1000), "participant-fr-roster", p2)
            participant(base, links["P-03"], "ar", (390, 844), "participant-ar-phone", p3)
            prob = s.api("GET", "/v1/problems/" + COURSE["id"])
            by_id = {p["id"]: p for p in prob["participants"]}
            check(by_id["P-01"]["periods"][0]["from"] == "2026-02-18", "P-01 Ramadan period")
            check(len(by_id["P-02"]["roster"]["shifts"]) == 36, "P-02 roster")
            check(len(by_id["P-03"]["availability"]) == 4, "P-03 hours")
            # Who answered.
            d.get(base + "/w/c/" + COURSE["id"])
            check("3 of 22 people have answered" in d.page_source, "answers not counted")
            shot(d, "answered")
            # Solve, with the progress page.
            set_value(d, "f-time_limit", "20")
            click_form_button(d, "/solve")
            check("/jobs/" in d.current_url, "no job page")
            shot(d, "solving")
            st = wait_job(d)
            check(st == "done", "job ended %s" % st)
            shot(d, "solved")
            click_and_wait(d, d.find_element(By.ID, "plan-link"))
            check("<svg" in d.page_source, "the report has no drawing")
            shot(d, "report")
            # Publish, copy a teacher's feed link, fetch the feed.
            d.get(base + "/w/c/" + COURSE["id"])
            click_form_button(d, "/publish")
            check("Published" in d.page_source, "no publication notice")
            feed = None
            for tr in d.find_elements(By.CSS_SELECTOR, "tbody tr"):
                b = tr.find_elements(By.TAG_NAME, "b")
                if b and b[0].text.startswith("T-") and tr.find_elements(
                        By.CSS_SELECTOR, "input.link[id^=feed-]"):
                    feed = tr.find_element(By.CSS_SELECTOR, "input.link[id^=feed-]")
                    break
            check(feed is not None, "no teacher feed link on the page")
            url = feed.get_attribute("value")
            d.find_element(By.CSS_SELECTOR, 'button[data-copy="%s"]'
                           % feed.get_attribute("id")).click()
            d.execute_script("arguments[0].scrollIntoView()", feed)
            shot(d, "published-feeds")
            body = urllib.request.urlopen(url, timeout=30).read().decode()
            check(body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body,
                  "teacher feed: %s" % body[:200])
            # The clipboard answers in a promise: wait for it, not for luck.
            copy = d.find_element(By.CSS_SELECTOR, 'button[data-copy="%s"]'
                                  % feed.get_attribute("id"))
            WebDriverWait(d, 30).until(lambda _: copy.get_attribute("data-copied") == "1",
                                       "the copy button did not copy")
            print("teacher feed: %d events" % body.count("BEGIN:VEVENT"))
            # Pin one person to another group of the published plan, re-plan.
            pub = s.api("GET", "/v1/problems/%s/published" % COURSE["id"])
            pub = s.api("GET", "/v1/plans/%d" % pub["plan_id"])
            who, large, small, _ = pick_pin(pub)
            d.get(base + "/w/c/" + COURSE["id"])
            Select(d.find_element(By.ID, "f-pin-participant")).select_by_value(who)
            Select(d.find_element(By.ID, "f-pin-cohort")).select_by_value(small["id"])
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                             d.find_element(By.ID, "pin-form"))
            shot(d, "pin")
            click_form_button(d, "/pin")
            check("Pinned." in d.page_source, "no pin notice: %s" % re.findall(
                r"<li>.*?</li>|<p class=\"msg bad\".*?</p>", d.page_source))
            row = d.find_element(By.CSS_SELECTOR, "#pins tbody tr")
            check(row.find_element(By.TAG_NAME, "b").text == who and
                  row.find_element(By.CSS_SELECTOR, "td[data-cohort]").get_attribute(
                      "data-cohort") == small["id"], "pin not listed")
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                             d.find_element(By.ID, "pins"))
            shot(d, "pinned")
            click_form_button(d, "/replan")
            check("/jobs/" in d.current_url, "no job page for the re-plan")
            st = wait_job(d)
            check(st == "done", "re-plan ended %s" % st)
            shot(d, "replanned")
            click_and_wait(d, d.find_element(By.ID, "plan-link"))
            new = s.api("GET", "/v1/plans/%s" % d.current_url.rsplit("/", 1)[1])
            got = cohort_of(new, who)
            check(got is not None and timetable(got) == timetable(small),
                  "%s not in the continuation of %s after the re-plan" % (who, small["id"]))
            shot(d, "replanned-report")
            print("pinned %s from %s to %s; re-plan: in %s, teacher %s, same %d lessons"
                  % (who, large["id"], small["id"], got["id"], got["teacher"],
                     len(got["lessons"])))
            # A variant two weeks later without T-02, solved, compared.
            d.get(base + "/w/c/" + COURSE["id"])
            d.find_element(By.ID, "f-variant").send_keys("later")
            set_value(d, "f-v_start", "2026-02-16")
            Select(d.find_element(By.ID, "f-drop")).select_by_visible_text("T-02")
            click_form_button(d, "/variant")
            check(d.current_url.endswith("/w/c/%s.later" % COURSE["id"]), "no variant page")
            set_value(d, "f-time_limit", "20")
            click_form_button(d, "/solve")
            st = wait_job(d)
            check(st == "done", "variant job ended %s" % st)
            d.get(base + "/w/c/" + COURSE["id"])
            click_form_button(d, "/compare")
            check(d.find_elements(By.ID, "compare"), "no comparison table")
            shot(d, "compare-variant")
            # A course with a case manager: the Calls section, both sides'
            # times (workspace_test.py "calls" checks them by hand).
            s.api("PUT", "/v1/problems/calls", calls_problem(), expect=201)
            d.get(base + "/w/c/calls")
            rows = d.find_elements(By.CSS_SELECTOR, "#calls tbody tr")
            check(len(rows) == 3, "calls: %d rows" % len(rows))
            check("2025-04-04T09:00" in rows[0].get_attribute("innerHTML") and
                  "2025-04-04T14:00" in rows[0].get_attribute("innerHTML"), "P04's intake")
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                             d.find_element(By.ID, "calls"))
            shot(d, "calls")
            d.find_element(By.ID, "calls").screenshot(os.path.join(OUT, "calls-table.png"))
            errs = console_errors(d)
            check(not errs, "planner pages: console errors %s" % errs)
        except BaseException:
            # while the server and every browser are still there
            diagnose(tmp)
            raise
        finally:
            quit_browser(d)
    return 0


def main():
    global OUT
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    server_test.EXE = os.path.abspath(a.exe)
    server_test.ROOT = a.source_root
    OUT = a.out
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".png"):
            os.unlink(os.path.join(OUT, f))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory(prefix="cp-e2e-") as tmp:
        try:
            return run(tmp)
        except BaseException:
            diagnose(tmp)
            return 1
        finally:
            for d in list(LIVE):
                quit_browser(d)


if __name__ == "__main__":
    sys.exit(main())
