#!/usr/bin/env python3
"""report.html in a real browser (headless Chromium).

Modes:
  pilots  each pilot example is solved (report-pilot), drawn, screenshotted to
          PNG and dumped as DOM: the PNG must show a page (size, colours,
          ink), the DOM must hold the texts the plan promises (every
          participant id, cohorts, teachers, clock changes). The plan.json is
          drawn again with `cohortplan report` (nl, and en with the problem,
          which must give the same bytes). The unit test's samples add a
          right-to-left page and the HTML-injection page, whose DOM must hold
          the markup-laden ids as text, never as elements.
  large   a generated 5,000-participant problem is solved with a short time
          limit and drawn; the page must stay under a few MB and Chromium
          must load it within seconds. Sizes and timings are printed.

PNGs stay in the build tree (OUT/png/*.png). Exit 77 (skipped) only when
Chromium is not installed.
"""
import argparse
import json
import os
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--hide-scrollbars',
]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL:', what, file=sys.stderr)
    return cond


def find_chromium():
    for name in ('chromium', 'chromium-browser'):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(exe, args, timeout=180):
    """Run Chromium with a fresh profile; returns (stdout, seconds)."""
    profile = tempfile.mkdtemp(prefix='cp-report-chromium-')
    try:
        t0 = time.monotonic()
        proc = subprocess.run([exe] + CHROMIUM_FLAGS + ['--user-data-dir=' + profile] + args,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              timeout=timeout)
        return proc.stdout, time.monotonic() - t0
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(exe, html, png, height=2000):
    if os.path.exists(png):
        os.unlink(png)
    _, secs = chromium(exe, ['--window-size=1200,%d' % height, '--screenshot=' + png,
                             'file://' + os.path.abspath(html)])
    return secs


def dump_dom(exe, html):
    out, secs = chromium(exe, ['--dump-dom', 'file://' + os.path.abspath(html)])
    return out.decode('utf-8', 'replace'), secs


def png_rows(path, max_rows):
    """Width, height, bytes per pixel and the first max_rows pixel rows of an
    8-bit RGB/RGBA PNG (what Chromium writes), decoded with the standard
    library only."""
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError('unexpected PNG format %r' % (hdr,))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b''.join(idat))
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(min(h, max_rows)):
        base = y * (stride + 1)
        f = raw[base]
        line = bytearray(raw[base + 1:base + 1 + stride])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def check_png(path, name, min_colours=24):
    """The screenshot shows a drawn page: right size, many colours, ink on
    paper, and real variance (a blank or error page has none of these)."""
    if not check(os.path.exists(path) and os.path.getsize(path) > 10000,
                 '%s: no screenshot or a trivial one (%s)' % (name, path)):
        return
    w, h, bpp, rows = png_rows(path, 900)
    colours, ink, n, lum_sum, lum_sq = set(), 0, 0, 0, 0
    for line in rows:
        for x in range(0, w * bpp, bpp * 3):  # every third pixel
            r, g, b = line[x], line[x + 1], line[x + 2]
            colours.add((r >> 3, g >> 3, b >> 3))
            lum = (299 * r + 587 * g + 114 * b) // 1000
            ink += lum < 200
            lum_sum += lum
            lum_sq += lum * lum
            n += 1
    mean = lum_sum / n
    stddev = (lum_sq / n - mean * mean) ** 0.5
    print('%s: %s %dx%d, %d colours, %.1f%% ink, luminance sd %.1f' % (
        name, path, w, h, len(colours), 100.0 * ink / n, stddev))
    check(w == 1200, '%s: width %d' % (name, w))
    check(len(colours) >= min_colours, '%s: only %d colours' % (name, len(colours)))
    check(ink / n > 0.01, '%s: almost no ink' % name)
    check(stddev > 10, '%s: no contrast (sd %.1f)' % (name, stddev))


# meson test --setup valgrind wraps each of our programs (not Chromium).
WRAPPER = shlex.split(os.environ.get('CP_TEST_EXE_WRAPPER', ''))


def run(cmd, wrap=True, **kw):
    proc = subprocess.run((WRAPPER if wrap else []) + cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, **kw)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode('utf-8', 'replace'))
    return proc


def pilots(a, exe):
    pngdir = os.path.join(a.out, 'png')
    os.makedirs(pngdir, exist_ok=True)
    for pilot in ('pilot1', 'pilot2', 'pilot3'):
        problem = os.path.join(a.source, 'examples', pilot + '.json')
        out = os.path.join(a.out, pilot)
        if not check(run([a.pilot_tool, problem, out, 'en', '30']).returncode == 0,
                     '%s: report-pilot failed' % pilot):
            continue
        html = os.path.join(out, 'report.html')
        plan = json.load(open(os.path.join(out, 'plan.json'), encoding='utf-8'))
        png = os.path.join(pngdir, pilot + '.png')
        screenshot(exe, html, png, 2400)
        check_png(png, pilot)
        dom, secs = dump_dom(exe, html)
        print('%s: %d bytes of HTML, DOM dumped in %.1f s' % (pilot, os.path.getsize(html), secs))
        expect = ['Plan report', plan.get('course_title') or plan['course'], 'Summary',
                  'Not placed', 'How many participants can attend', plan['tzdata']]
        for c in plan['cohorts']:
            expect += ['Cohort', c['id'], c['teacher'], c['teacher_zone']]
            expect += [m['participant'] for m in c['members']]
            expect += [m['zone'] for m in c['members']]
        expect += [u['participant'] for u in plan['unplaced']]
        if plan['cohorts']:
            check('Clock changes during the course' in dom or
                  'No clock changes during the course' in dom,
                  '%s: clock changes not stated' % pilot)
            check('<svg class="strip"' in dom, '%s: no cohort strip' % pilot)
        for text in expect:
            check(text in dom, '%s: "%s" not in the DOM' % (pilot, text))
        check('report_' not in dom, '%s: a message key shows instead of its text' % pilot)
        check('<script' not in dom, '%s: the page has a script' % pilot)

        # The same plan through plan.json and `cohortplan report`.
        again = os.path.join(a.out, pilot + '-again')
        proc = run([a.cohortplan, '-q', 'report', os.path.join(out, 'plan.json'), '-o', again,
                    '--problem', problem])
        if check(proc.returncode == 0, '%s: cohortplan report failed' % pilot):
            check(open(os.path.join(again, 'report.html'), 'rb').read() ==
                  open(html, 'rb').read(),
                  '%s: cohortplan report from plan.json differs from the direct render' % pilot)
        nl = os.path.join(a.out, pilot + '-nl')
        proc = run([a.cohortplan, '-q', 'report', os.path.join(out, 'plan.json'), '-o', nl,
                    '--lang', 'nl'])
        if check(proc.returncode == 0, '%s: cohortplan report --lang nl failed' % pilot):
            page = open(os.path.join(nl, 'report.html'), encoding='utf-8').read()
            check('<html lang="nl" dir="ltr">' in page and 'Overzicht' in page,
                  '%s: the Dutch page is not Dutch' % pilot)

    # The unit test's sample plans: right to left, and markup in every id.
    samples = os.path.join(a.out, 'samples')
    if check(run([a.unit, '--save', samples]).returncode == 0, 'samples not written'):
        png = os.path.join(pngdir, 'sample-ar.png')
        screenshot(exe, os.path.join(samples, 'sample-ar', 'report.html'), png, 2400)
        check_png(png, 'sample-ar')
        png = os.path.join(pngdir, 'sample-en.png')
        screenshot(exe, os.path.join(samples, 'sample-en', 'report.html'), png, 2400)
        check_png(png, 'sample-en')
        dom, _ = dump_dom(exe, os.path.join(samples, 'sample-ar', 'report.html'))
        check('dir="rtl"' in dom and 'ملخّص' in dom, 'sample-ar: not an Arabic RTL page')

        dom, _ = dump_dom(exe, os.path.join(samples, 'injection', 'report.html'))
        check('<script' not in dom.lower(), 'injection: a script element reached the DOM')
        check('<img' not in dom.lower(), 'injection: an img element reached the DOM')
        check('&lt;script&gt;alert(1)&lt;/script&gt;"&amp;\'-0' in dom,
              'injection: the participant id is not shown as text')
        check('&lt;img src=x onerror=alert(2)&gt;' in dom,
              'injection: the teacher id is not shown as text')
        check('C&lt;b&gt;1&lt;/b&gt;' in dom, 'injection: the cohort id is not shown as text')
        screenshot(exe, os.path.join(samples, 'injection', 'report.html'),
                   os.path.join(pngdir, 'injection.png'), 1600)


def large(a, exe):
    pngdir = os.path.join(a.out, 'png')
    os.makedirs(pngdir, exist_ok=True)
    problem = os.path.join(a.out, 'gen5000.json')
    out = os.path.join(a.out, 'large-5000')
    if not check(run([a.cohortplan, 'generate', '--participants', '5000', '--seed', '1',
                      '-o', problem]).returncode == 0, 'generate failed'):
        return
    t0 = time.monotonic()
    if not check(run([a.pilot_tool, problem, out, 'en', str(a.time_limit)],
                     wrap=False).returncode == 0,
                 'solving 5000 failed'):
        return
    solve = time.monotonic() - t0
    html = os.path.join(out, 'report.html')
    size = os.path.getsize(html)
    t0 = time.monotonic()
    proc = run([a.cohortplan, '-q', 'report', os.path.join(out, 'plan.json'), '-o',
                out + '-again', '--problem', problem])
    draw = time.monotonic() - t0
    check(proc.returncode == 0, 'cohortplan report on the 5000 plan failed')
    plan = json.load(open(os.path.join(out, 'plan.json'), encoding='utf-8'))
    placed = sum(len(c['members']) for c in plan['cohorts'])
    dom, secs = dump_dom(exe, html)
    png = os.path.join(pngdir, 'large-5000.png')
    shot = screenshot(exe, html, png, 3000)
    print('large: %d participants, %d placed in %d cohorts, %d not placed; solve+draw %.1f s, '
          'cohortplan report %.2f s' % (plan['participants'], placed, len(plan['cohorts']),
                                         len(plan['unplaced']), solve, draw))
    print('large: report.html %d bytes (%.2f MB); Chromium DOM dump %.1f s, screenshot %.1f s'
          % (size, size / 1e6, secs, shot))
    check(size < 4 * 1024 * 1024, 'large: report.html is %d bytes, over 4 MiB' % size)
    check(secs < 30, 'large: Chromium needed %.1f s to load the page' % secs)
    check('Large plan' in dom, 'large: members not aggregated')
    check('report_' not in dom, 'large: a message key shows instead of its text')
    check_png(png, 'large-5000')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('mode', choices=['pilots', 'large'])
    p.add_argument('--cohortplan', required=True)
    p.add_argument('--pilot-tool', required=True)
    p.add_argument('--unit', required=True)
    p.add_argument('--source', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--time-limit', type=float, default=10)
    a = p.parse_args()
    exe = find_chromium()
    if not exe:
        print('chromium not installed: skipped (apt-get install chromium)')
        return 77
    os.makedirs(a.out, exist_ok=True)
    if a.mode == 'pilots':
        pilots(a, exe)
    else:
        large(a, exe)
    if failures:
        print('%d failed checks' % len(failures))
        return 1
    print('all browser checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
