#!/usr/bin/env python3
"""Do two winnow binaries give the same batch outputs, byte for byte?

usage: tests/batch_same.py OLD_WINNOW NEW_WINNOW [DATASET_HTML_FOLDER]

A developer's check for a change that should not alter what `winnow batch`
writes (a move of code, a refactor).  Runs both binaries over the same
inputs with the same options and compares: the JSONL (stdout, -o, and
each --output-dir file, plain and --compress), the --errors log, the
per-unit NAME.summary.json, the end-of-run summary on stderr,
--summarize, --check-done and --skip-existing.  Only what depends on the
clock or the machine is masked: wall times, rates, the slowest page, the
finish time.

Inputs: fixtures/warc (WARC and WARC.gz), the whole fixtures/ folder (a
folder walk over pages of every kind), and, when it exists, the
ScrapingHub dev set (../shared/datasets/scrapinghub/html, gzipped pages)
as a folder, as a Common-Crawl-shaped WARC.gz and as JSONL built here;
once with --max-page-bytes 20K for the too-large paths.

Prints one line per comparison and `same` or `DIFFERENT` last; exit 1
when anything differs.  Not part of ctest: it needs two builds.
"""
import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What a run's clock or host decides: masked before comparing.
VOLATILE = {'wall_s', 'mb_per_s', 'html_mb_per_s', 'slowest_page_s', 'slowest_page', 'finished'}
STDERR_VOLATILE = re.compile(r'^(  MB/s|  HTML MB|  wall time|  slowest page|  MB/s per task|  task time)')


def read_page(path):
    with open(path, 'rb') as f:
        page = f.read()
    return gzip.decompress(page) if path.endswith('.gz') else page


def warc_gz(pages, path):
    """Each page as a request, a response and a metadata record, one gzip
    member each, as Common Crawl writes them."""
    def rec(typ, rid, uri, block, ctype):
        h = (f'WARC/1.0\r\nWARC-Type: {typ}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n'
             f'WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n'
             f'Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n').encode()
        c = zlib.compressobj(6, zlib.DEFLATED, 31)
        return c.compress(h + block + b'\r\n\r\n') + c.flush()
    with open(path, 'wb') as f:
        for i, p in enumerate(pages):
            page = read_page(p)
            uri = f'https://example.org/{i}'
            f.write(rec('request', f'q{i}', uri, b'GET / HTTP/1.1\r\n\r\n', 'application/http; msgtype=request'))
            f.write(rec('response', f'r{i}', uri, b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n' + page,
                        'application/http; msgtype=response'))
            f.write(rec('metadata', f'm{i}', uri, b'fetchTimeMs: 1\r\n', 'application/warc-fields'))


def jsonl(pages, path):
    """One JSON object a page: id, url, date, html."""
    with open(path, 'w') as f:
        for i, p in enumerate(pages):
            page = read_page(p)
            f.write(json.dumps({'id': f'p{i}', 'url': f'https://example.org/{i}', 'date': '2024-01-01',
                                'html': page.decode('utf-8', 'replace')}) + '\n')


def masked_json(data):
    o = json.loads(data)
    for k in VOLATILE:
        if k in o:
            o[k] = '*'
    return json.dumps(o, sort_keys=True)


def masked_stderr(text):
    out, table = [], False
    for ln in text.splitlines():
        f = ln.split()
        if STDERR_VOLATILE.match(ln):
            ln = '*'
        elif table and len(f) >= 8:
            ln = ' '.join(f[:6] + ['*', '*'] + f[8:])  # --summarize's per-task wall s, MB/s
        table = table or f[:2] == ['task', 'inputs']
        out.append(ln)
    return '\n'.join(out)


def snapshot(winnow, work, inputs):
    """Every output of a list of runs as {name: bytes or text}."""
    snap = {}
    for name, folder, args, tree in runs(work, inputs):
        out = os.path.join(work, 'out', folder)
        os.makedirs(out, exist_ok=True)
        args = [a.replace('@OUT', out) for a in args]
        p = subprocess.run([winnow, 'batch'] + args, capture_output=True, timeout=900)
        snap[f'{name}: exit'] = p.returncode
        snap[f'{name}: stdout'] = masked_stderr(p.stdout.decode('utf-8', 'replace')) if name == 'summarize' else p.stdout
        snap[f'{name}: stderr'] = masked_stderr(p.stderr.decode('utf-8', 'replace'))
        for f in sorted(glob.glob(os.path.join(out, '**', '*'), recursive=True)
                        + glob.glob(os.path.join(out, '**', '.*'), recursive=True)):
            if os.path.isdir(f):
                continue
            rel = os.path.relpath(f, out)
            with open(f, 'rb') as g:
                data = g.read()
            if f.endswith('.summary.json'):
                data = masked_json(data)
            snap[f'{name}: {rel}'] = data
        if tree:
            shutil.rmtree(out)
    return snap


def runs(work, inputs):
    """(name, output folder, arguments, whether to clear the folder after)."""
    fx = os.path.join(ROOT, 'fixtures')
    warcs = sorted(glob.glob(os.path.join(fx, 'warc', '*')))
    all_in = warcs + [fx] + inputs
    yield 'warc-stdout', 'warc-stdout', ['-j2'] + warcs, True
    yield 'warc-errors', 'warc-errors', ['-j2', '--errors', '@OUT/errors.jsonl', '-o', '@OUT/out.jsonl'] + warcs, True
    yield 'fixtures-folder', 'fixtures-folder', ['-j2', '--errors', '@OUT/errors.jsonl', fx], True
    yield 'markdown', 'markdown', ['-j2', '-f', 'markdown', '--links', '--images'] + all_in, True
    # small pages: the too-large paths of every reader (a JSONL line over
    # its bound too)
    yield 'small-pages', 'small-pages', ['-j2', '--max-page-bytes', '20K', '--errors', '@OUT/errors.jsonl'] + all_in, True
    yield 'compress-stdout', 'compress-stdout', ['-j2', '--compress'] + warcs, True
    # one output folder, then its follow-ups on the same folder
    yield 'outdir', 'outdir', ['-j2', '--task', 't1', '--output-dir', '@OUT'] + all_in, False
    yield 'summarize', 'outdir', ['--summarize', '@OUT'], False
    yield 'check-done', 'outdir', ['--check-done', '--output-dir', '@OUT'] + all_in, False
    yield 'skip-existing', 'outdir', ['-j2', '--skip-existing', '--output-dir', '@OUT'] + all_in, True
    yield 'outdir-gz', 'outdir-gz', ['-j1', '--compress', '--output-dir', '@OUT'] + all_in, True


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    old, new = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    data = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, '..', 'shared', 'datasets',
                                                               'scrapinghub', 'html')
    work = tempfile.mkdtemp(prefix='batch_same.')
    try:
        inputs = []
        if os.path.isdir(data):
            pages = sorted(glob.glob(os.path.join(data, '*.htm*')))
            w = os.path.join(work, 'dev.warc.gz')
            warc_gz(pages, w)
            j = os.path.join(work, 'dev.jsonl')
            jsonl(pages, j)
            inputs = [data, w, j]
        # the same paths for both, so names inside the outputs agree
        a = snapshot(old, work, inputs)
        b = snapshot(new, work, inputs)
        bad = 0
        for k in sorted(set(a) | set(b)):
            same = a.get(k) == b.get(k)
            size = len(a[k]) if k in a and isinstance(a[k], (bytes, str)) else a.get(k)
            print(f'{"same" if same else "DIFFERENT"}  {k}  ({size})')
            bad += not same
        print(f'{len(a)} outputs compared, over {len(inputs) + 2} inputs')
        print('DIFFERENT' if bad else 'same')
        return 1 if bad else 0
    finally:
        shutil.rmtree(work)


if __name__ == '__main__':
    sys.exit(main())
