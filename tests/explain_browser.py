#!/usr/bin/env python3
"""The --explain report in a real browser: headless Chromium.

  explain_browser.py WINNOW FIXTURES_DIR [--keep DIR]

For a seed page: Chromium loads the report from a file (no network), its
DOM as the browser built it (--dump-dom) marks every block with
data-decision, data-reason and data-class, as many blocks as the JSON
report has; the kept blocks hold the text --format text prints (but for
whitespace); and a screenshot of it (--screenshot) is not blank.

Exits 77 (ctest: skipped), saying why, only when Chromium is not
installed or cannot start here.  --keep DIR leaves the report and the
screenshot in DIR.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from explain import Blocks, letters  # noqa: E402

SKIP = 77
PAGE = 'seeds/000_tweaktown_style.html'


def chromium():
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        path = shutil.which(name)
        if path:
            return path
    return None


def browser_cmd(binary, url, *extra):
    # --no-sandbox: Chromium refuses to start as root with its sandbox (CI
    # containers run as root); the report is our own local file.
    return [binary, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
            '--window-size=1100,1400'] + list(extra) + [url]


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit PNG."""
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat, width = 8, b'', 0
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            width, height, depth, color = struct.unpack('>IIBB', body[:10])
            assert depth == 8 and color in (2, 6), 'PNG colour type %d depth %d' % (color, depth)
            bpp = 3 if color == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    winnow, root = sys.argv[1], sys.argv[2]
    keep = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == '--keep' else None
    browser = chromium()
    if not browser:
        print('skipped: Chromium is not installed (.ci/setup installs the Debian package chromium)')
        sys.exit(SKIP)
    work = keep or tempfile.mkdtemp(prefix='winnow-explain-')
    os.makedirs(work, exist_ok=True)
    page = os.path.join(root, PAGE)
    report = os.path.join(work, 'report.html')
    shot = os.path.join(work, 'report.png')
    with open(report, 'wb') as out:
        subprocess.run([winnow, '--explain', page], stdout=out, check=True, timeout=60)
    text = subprocess.run([winnow, page], capture_output=True, check=True).stdout.decode()
    blocks = json.loads(subprocess.run([winnow, '--explain', '--format', 'json', page],
                                       capture_output=True, check=True).stdout)['blocks']
    url = 'file://' + os.path.abspath(report)
    try:
        dom = subprocess.run(browser_cmd(browser, url, '--dump-dom'), capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        print('skipped: Chromium did not finish in 120 s here')
        sys.exit(SKIP)
    if dom.returncode != 0 or b'</html>' not in dom.stdout:
        err = dom.stderr.decode('utf-8', 'replace').strip().splitlines()
        print('skipped: Chromium cannot run here: %s' % (err[-1] if err else 'exit %d' % dom.returncode))
        sys.exit(SKIP)
    problems = []
    p = Blocks()
    p.feed(dom.stdout.decode('utf-8'))
    if len(p.blocks) != len(blocks):
        problems.append('the browser has %d marked blocks, the JSON report %d' % (len(p.blocks), len(blocks)))
    for a, _ in p.blocks:
        if not all(a.get(k) for k in ('data-decision', 'data-reason', 'data-class')):
            problems.append('a block without its marks: %r' % a)
            break
    kept = ''.join(t for a, t in p.blocks if a.get('data-decision') == 'kept')
    if letters(kept) != letters(text):
        problems.append('the kept blocks in the browser differ from --format text')

    subprocess.run(browser_cmd(browser, url, '--screenshot=' + shot), capture_output=True, timeout=120)
    if not os.path.exists(shot):
        problems.append('no screenshot')
    else:
        w, h, bpp, rows = png_pixels(shot)
        colours = set()
        inked = 0
        for y in range(0, h, 4):
            row = rows[y]
            for x in range(0, w, 4):
                px = row[x * bpp:x * bpp + 3]
                colours.add(px)
                inked += px != row[0:3]
        share = inked / ((h // 4) * (w // 4))
        # a blank page is one colour; the report has text and coloured bars
        if len(colours) < 20 or share < 0.02:
            problems.append('the screenshot looks blank (%d colours, %.1f%% inked)' % (len(colours), 100 * share))
        else:
            print('ok   screenshot %dx%d: %d colours, %.0f%% not background' % (w, h, len(colours), 100 * share))
    for pr in problems:
        print('FAIL ' + pr)
    if not problems:
        print('ok   %d blocks in the browser, each marked; the kept ones are --format text' % len(p.blocks))
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
