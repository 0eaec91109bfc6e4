#!/usr/bin/env python3
"""No English islands: every pilot's report and `solve` summary in nl, fr and ar.

Usage: report_languages.py COHORTPLAN_EXE SOURCE_ROOT

For each examples/pilot*.json: solve it (the summary in English and in
each language), then render report.html with --lang nl, fr and ar. A
report fails when it has any element marked lang="en" or any English
sentence; a summary fails when it has an English sentence. The detector is
checked on the English outputs first, so that it cannot pass by seeing
nothing: the English report and summary must be found English.

An "English sentence" is a run of text (between tags, or a title
attribute; split at . ; : ( ) and line ends) holding at least two distinct
words from ENGLISH below: words that are common in English sentences and
are not words of Dutch, French or Arabic. Ids, zone names and numbers
hold none of them.
"""

import glob
import html
import os
import re
import shlex
import subprocess
import sys
import tempfile

ENGLISH = {
    "the", "with", "and", "are", "this", "that", "from", "which", "would", "could",
    "their", "they", "not", "who", "have", "more", "than", "people", "lesson",
    "lessons", "teacher", "teachers", "placed", "attend", "reach", "reaches",
    "without", "while", "week", "weeks", "cohort", "cohorts", "offered", "members",
    "participant", "participants", "advice", "wrote", "lost", "self-study",
}
WRAPPER = shlex.split(os.environ.get("CP_TEST_EXE_WRAPPER", ""))
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def text_runs(page):
    """The texts a reader sees: text between tags and title attributes."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    titles = [html.unescape(t) for t in re.findall(r'title="([^"]*)"', page)]
    body = html.unescape(re.sub(r"<[^>]*>", "\n", page))
    return titles + [body]


def english_sentences(texts):
    found = []
    for t in texts:
        for run in re.split(r"[.;:()\n]", t):
            words = set(re.findall(r"[a-z][a-z-]*", run.lower()))
            hits = words & ENGLISH
            if len(hits) >= 2:
                found.append(run.strip()[:120])
    return found


def run(args):
    p = subprocess.run(WRAPPER + list(args), capture_output=True, timeout=600)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def summary_text(out):
    # The last line names the output folder: a path, not words.
    return [line for line in out.splitlines()]


def main():
    exe, root = sys.argv[1], sys.argv[2]
    pilots = sorted(glob.glob(os.path.join(root, "examples", "pilot*.json")))
    if len(pilots) < 3:
        fail("expected the three pilots in examples/, found %d" % len(pilots))
    env_ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for pilot in pilots:
            name = os.path.splitext(os.path.basename(pilot))[0]
            for lang in ["en", "nl", "fr", "ar"]:
                out = os.path.join(tmp, name + "-" + lang)
                rc, so, se = run([exe, "solve", pilot, "-o", out, "--lang", lang])
                if rc != 0:
                    fail("%s: solve --lang %s exited %d: %s" % (name, lang, rc, se))
                    env_ok = False
                    continue
                found = english_sentences(summary_text(so))
                if lang == "en" and not found:
                    fail("%s: the detector finds no English in the English summary" % name)
                if lang != "en" and found:
                    fail("%s: summary --lang %s has English: %r" % (name, lang, found[:3]))
            plan = os.path.join(tmp, name + "-en", "plan.json")
            for lang in ["en", "nl", "fr", "ar"]:
                out = os.path.join(tmp, name + "-report-" + lang)
                rc, so, se = run([exe, "report", plan, "-o", out, "--lang", lang])
                if rc != 0 or not env_ok:
                    fail("%s: report --lang %s exited %d: %s" % (name, lang, rc, se))
                    continue
                with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
                    page = f.read()
                found = english_sentences(text_runs(page))
                if lang == "en":
                    if not found:
                        fail("%s: the detector finds no English in the English report" % name)
                    continue
                if re.search(r"""lang\s*=\s*["']?en\b""", page):
                    fail("%s: report --lang %s has a lang=\"en\" element" % (name, lang))
                if found:
                    fail("%s: report --lang %s has English: %r" % (name, lang, found[:3]))
            print("%s: checked summary and report in nl, fr, ar" % name)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
