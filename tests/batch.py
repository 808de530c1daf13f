#!/usr/bin/env python3
"""winnow batch as a crawl-cleaning user drives it.

usage: batch.py PATH_TO_WINNOW

Writes its own small WARC, JSONL and folder fixtures into a scratch
directory: request/response/metadata/revisit/warcinfo records, non-HTML
responses, a chunked payload, gzip- and Brotli-encoded payloads, an HTTP charset that
differs from the page's <meta>, a 404, a resource record, wrong
Content-Lengths both ways, extra blank lines, a corrupt gzip member in the
middle and a truncated last record.  Checks every count of the summary,
the error log, exit codes, that -j1 and -j4 give byte-identical output,
--output-dir with --skip-existing, folders, JSONL, stdin and --files-from.

Every check prints `ok NAME` or `FAIL NAME: why`; the last line is
`N passed, M failed` and the exit status is 1 when any check failed.
"""
import gzip
import json
import os
import pty
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

TIMEOUT = 120
WINNOW = None
passed = failed = 0


def check(name, cond, why=''):
    global passed, failed
    if cond:
        passed += 1
        print(f'ok {name}')
    else:
        failed += 1
        print(f'FAIL {name}: {why}')


def run(args, stdin=None, cwd=None, env=None):
    p = subprocess.run([WINNOW, 'batch'] + args, input=stdin, capture_output=True,
                       timeout=TIMEOUT, cwd=cwd, env=env)
    return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')


def on_terminal(args, stdin=None):
    """What winnow batch writes to stderr when stderr is a terminal."""
    master, slave = pty.openpty()
    p = subprocess.Popen([WINNOW, 'batch'] + args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    buf = b''
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
    p.wait(timeout=TIMEOUT)
    os.close(master)
    return buf.decode('utf-8', 'replace')


def frames(text):
    """The progress lines drawn, each as the user saw it (a terminal turns
    \\n into \\r\\n; the summary after the last frame is left out)."""
    out = []
    for part in text.split('\r\033[K')[1:]:
        ln = part.split('\r\n')[0].split('\n')[0]
        if ln and not ln.startswith('winnow batch'):
            out.append(ln)
    return out


def summary(err):
    """The summary block of stderr as {key: int or (int, {reason: n})}."""
    out = {}
    lines = err.splitlines()
    try:
        start = lines.index('winnow batch: summary')
    except ValueError:
        return out
    for ln in lines[start + 1:]:
        m = re.match(r'\s+([a-zA-Z/ ]+?)\s{2,}(\S+)(?:\s+\((.*)\))?$', ln)
        if not m:
            continue
        key, val, rest = m.group(1), m.group(2), m.group(3)
        if key in ('skipped', 'failed', 'repaired'):
            reasons = {}
            for part in (rest or '').split(', '):
                if part:
                    r, n = part.rsplit(' ', 1)
                    reasons[r] = int(n)
            out[key] = (int(val), reasons)
        elif key in ('inputs', 'records', 'html pages', 'extracted', 'empty'):
            out[key] = int(val)
            if key == 'inputs' and rest:
                out['existing'] = int(rest.split()[1])
        else:
            out[key] = val
    return out


def expect_summary(name, err, want):
    s = summary(err)
    for k, v in want.items():
        got = s.get(k, (0, {}) if k in ('skipped', 'failed', 'repaired') else 0)
        check(f'{name}: {k}', got == v, f'got {got!r}, want {v!r}')


def jsonl(data):
    rows = []
    for ln in data.decode('utf-8').splitlines():
        rows.append(json.loads(ln))
    return rows


# --------------------------------------------------------------------------
# Pages

WORDS = ('river bridge council town garden school market harbour winter summer volunteers '
         'museum railway orchard library festival village engineers residents families').split()


def para(seed):
    r = random.Random(seed)
    sents = []
    for _ in range(5):
        s = ' '.join(r.choice(WORDS) for _ in range(r.randint(12, 20)))
        sents.append(s.capitalize() + ', ' + ' '.join(r.choice(WORDS) for _ in range(6)) + '.')
    return ' '.join(sents)


def page(key, meta='utf-8', extra=''):
    t = f'Story {key}: the {key} report'
    ps = ''.join(f'<p>{para(key + str(i))}</p>' for i in range(3))
    return (f'<!doctype html><html><head><meta charset="{meta}"><title>{t}</title></head><body>'
            f'<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>'
            f'<article><h1>{t}</h1><p>Marker {key} opens the story.</p>{extra}{ps}</article>'
            f'<footer><p>Copyright. All rights reserved.</p></footer></body></html>')


NO_ARTICLE = ('<!doctype html><html><head><title>Index</title></head><body><nav><ul>'
              + ''.join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
              + '</ul></nav></body></html>')


def http(body, ctype='text/html; charset=utf-8', status='200 OK', extra=''):
    head = f'HTTP/1.1 {status}\r\n'
    if ctype:
        head += f'Content-Type: {ctype}\r\n'
    head += extra + '\r\n'
    return head.encode() + body


def chunked(body, size=700):
    out = b''
    for i in range(0, len(body), size):
        c = body[i:i + size]
        out += f'{len(c):x}\r\n'.encode() + c + b'\r\n'
    return out + b'0\r\n\r\n'


def record(typ, rid, block, uri='http://example.org/', ctype=None, length=None, tail=b'\r\n\r\n'):
    if ctype is None:
        ctype = {'response': 'application/http; msgtype=response',
                 'request': 'application/http; msgtype=request',
                 'warcinfo': 'application/warc-fields',
                 'metadata': 'application/warc-fields',
                 'revisit': 'application/http; msgtype=response'}.get(typ, 'text/html')
    n = len(block) if length is None else length
    h = (f'WARC/1.0\r\nWARC-Type: {typ}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n'
         f'WARC-Date: 2024-05-0{len(rid) % 9 + 1}T10:00:00Z\r\n')
    if typ not in ('warcinfo',):
        h += f'WARC-Target-URI: {uri}\r\n'
    h += f'Content-Type: {ctype}\r\nContent-Length: {n}\r\n\r\n'
    return h.encode() + block + tail


def brotli_stored(data):
    """A Brotli stream (RFC 7932) of uncompressed meta-blocks: a valid
    stream any decoder reads, written without a Brotli encoder.  Bits go
    least significant first: WBITS 16 (one 0 bit); per block of at most
    65536 bytes ISLAST 0, MNIBBLES 4 (00), MLEN-1 in 16 bits,
    ISUNCOMPRESSED 1, pad to a byte, the bytes; then ISLAST 1,
    ISLASTEMPTY 1."""
    out = bytearray()
    acc = nbits = 0

    def put(v, n):
        nonlocal acc, nbits
        acc |= v << nbits
        nbits += n

    def flush_bytes():
        nonlocal acc, nbits
        while nbits > 0:
            out.append(acc & 0xFF)
            acc >>= 8
            nbits -= 8
        acc = nbits = 0

    put(0, 1)
    for i in range(0, len(data), 65536):
        block = data[i:i + 65536]
        put(0, 1)
        put(0, 2)
        put(len(block) - 1, 16)
        put(1, 1)
        flush_bytes()
        out += block
    put(1, 1)
    put(1, 1)
    flush_bytes()
    return bytes(out)


def html_bytes(key, **kw):
    return page(key, **kw).encode('utf-8')


PNG = b'\x89PNG\r\n\x1a\n' + bytes(range(256)) * 4
PDF = b'%PDF-1.4\n' + bytes(range(256)) * 4

# The per-record gzip fixture, in order, with what each record must give.
# (name, bytes, outcome) ; outcome is 'extracted', 'empty', ('skipped', reason)
# or ('failed', reason).


def gz_fixture():
    recs = []
    add = lambda name, data, outcome: recs.append((name, data, outcome))
    add('info', record('warcinfo', 'info', b'software: batch.py\r\nformat: WARC File Format 1.0\r\n'),
        ('skipped', 'warcinfo'))
    add('req1', record('request', 'req1', b'GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n', uri='http://example.org/a'),
        ('skipped', 'request'))
    add('A', record('response', 'A', http(html_bytes('A')), uri='http://example.org/a'), 'extracted')
    add('meta1', record('metadata', 'meta1', b'fetchTimeMs: 12\r\n', uri='http://example.org/a'),
        ('skipped', 'metadata'))
    add('req2', record('request', 'req2', b'GET /b HTTP/1.1\r\n\r\n', uri='http://example.org/b'),
        ('skipped', 'request'))
    # chunked, with extra blank lines after the record inside its member
    add('B', record('response', 'B', http(chunked(html_bytes('B')), extra='Transfer-Encoding: chunked\r\n'),
                    uri='http://example.org/b', tail=b'\r\n\r\n\r\n\r\n\n\n'), 'extracted')
    # gzip content-encoding, and chunked on top of it
    add('C', record('response', 'C', http(chunked(gzip.compress(html_bytes('C'))),
                                          extra='Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n'),
                    uri='http://example.org/c'), 'extracted')
    # Brotli content-encoding; and a "br" header over a payload the crawler
    # stored decoded already
    add('Cb', record('response', 'Cb', http(brotli_stored(html_bytes('Cb')), extra='Content-Encoding: br\r\n'),
                     uri='http://example.org/cb'), 'extracted')
    add('Cd', record('response', 'Cd', http(html_bytes('Cd'), extra='Content-Encoding: br\r\n'),
                     uri='http://example.org/cd'), 'extracted')
    # HTTP says windows-1252, the page's <meta> says utf-8: HTTP wins
    d = page('D', meta='utf-8', extra='<p>Le caf\u00e9 \u00e9tait plein ce matin-l\u00e0.</p>').encode('cp1252')
    add('D', record('response', 'D', http(d, ctype='text/html; charset=windows-1252'),
                    uri='http://example.org/d'), 'extracted')
    # HTTP says ISO-8859-1 (a server's default) but the bytes are UTF-8: UTF-8
    d = page('Du', meta='iso-8859-1', extra='<p>Na\u00efve caf\u00e9 owners \u201cwaited\u201d.</p>').encode('utf-8')
    add('Du', record('response', 'Du', http(d, ctype='text/html; charset=ISO-8859-1'),
                     uri='http://example.org/du'), 'extracted')
    add('rev', record('revisit', 'rev', b'HTTP/1.1 200 OK\r\n\r\n', uri='http://example.org/a'),
        ('skipped', 'revisit'))
    add('png', record('response', 'png', http(PNG, ctype='image/png'), uri='http://example.org/x.png'),
        ('skipped', 'non_html'))
    add('pdf', record('response', 'pdf', http(PDF, ctype='text/html'), uri='http://example.org/x.pdf'),
        ('skipped', 'non_html'))
    add('E', record('response', 'E', http(html_bytes('E'), ctype=None), uri='http://example.org/e'), 'extracted')
    add('F', record('resource', 'F', html_bytes('F'), uri='file:///site/f.html', ctype='text/html'), 'extracted')
    add('404', record('response', 'nf', http(html_bytes('N'), status='404 Not Found'), uri='http://example.org/404'),
        ('skipped', 'http_status'))
    add('bad', record('response', 'bad', http(html_bytes('BAD')), uri='http://example.org/bad'),
        ('failed', 'corrupt_gzip'))
    g = html_bytes('G')
    add('G', record('response', 'G', http(g), uri='http://example.org/g', length=len(g) - 300), 'extracted')
    h = html_bytes('H')
    add('H', record('response', 'H', http(h), uri='http://example.org/h', length=len(h) + 5000), 'extracted')
    add('empty', record('response', 'empty', http(NO_ARTICLE.encode()), uri='http://example.org/index'), 'empty')
    add('trunc', record('response', 'trunc', http(html_bytes('T')), uri='http://example.org/t'),
        ('failed', 'truncated'))
    return recs


def build_gz(recs):
    out = b''
    for name, data, _ in recs:
        m = gzip.compress(data, mtime=0)
        if name == 'bad':
            # damage the deflate data in the middle of the member
            m = bytearray(m)
            mid = len(m) // 2
            for i in range(mid, mid + 40):
                m[i] ^= 0x5a
            m = bytes(m)
        if name == 'trunc':
            m = m[:len(m) // 2]
        out += m
    return out


def plain_fixture():
    """Plain WARC: blank lines, both wrong lengths, truncated last record."""
    a, b_, c, d, e = (html_bytes(k) for k in 'PQRSU')
    parts = [
        (record('warcinfo', 'pinfo', b'software: batch.py\r\n'), ('skipped', 'warcinfo')),
        (record('response', 'P', http(a), uri='http://example.org/p') + b'\r\n\r\n\n\r\n', 'extracted'),
        (record('response', 'Q', http(b_), uri='http://example.org/q', length=len(http(b_)) - 100), 'extracted'),
        (record('response', 'R', http(c), uri='http://example.org/r', length=len(http(c)) + 50), 'extracted'),
        (record('request', 'preq', b'GET /s HTTP/1.1\r\n\r\n', uri='http://example.org/s'), ('skipped', 'request')),
        (record('response', 'S', http(d), uri='http://example.org/s'), 'extracted'),
        (record('response', 'U', http(e), uri='http://example.org/u')[:-2000], ('failed', 'truncated')),
    ]
    return b''.join(p for p, _ in parts), [o for _, o in parts]


def counts(outcomes):
    want = {'records': len(outcomes), 'extracted': 0, 'empty': 0}
    sk, fl = {}, {}
    for o in outcomes:
        if o in ('extracted', 'empty'):
            want[o] += 1
        elif o[0] == 'skipped':
            sk[o[1]] = sk.get(o[1], 0) + 1
        else:
            fl[o[1]] = fl.get(o[1], 0) + 1
    want['skipped'] = (sum(sk.values()), sk)
    want['failed'] = (sum(fl.values()), fl)
    return want


def main():
    global WINNOW
    WINNOW = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix='winnow-batch-')
    try:
        tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f'{passed} passed, {failed} failed')
    sys.exit(1 if failed else 0)


def tests(tmp):
    P = lambda *a: os.path.join(tmp, *a)
    recs = gz_fixture()
    with open(P('crawl.warc.gz'), 'wb') as f:
        f.write(build_gz(recs))
    outcomes = [o for _, _, o in recs]

    # ---- per-record gzip WARC: every count, every error line
    errs = P('errors.jsonl')
    rc, out, err = run(['-j1', '--errors', errs, P('crawl.warc.gz')])
    check('gz: exit 1 when records failed', rc == 1, f'rc={rc} {err}')
    want = counts(outcomes)
    want.update({'inputs': 1, 'html pages': 12, 'repaired': (2, {'bad_length': 2})})
    expect_summary('gz', err, want)
    rows = jsonl(out)
    ids = [r['id'] for r in rows]
    exp_ids = [f'<urn:uuid:{n}>' for n, _, o in recs if o in ('extracted', 'empty')]
    exp_ids = [i.replace('uuid:empty', 'uuid:empty') for i in exp_ids]
    check('gz: one line per HTML page, in input order', ids == exp_ids, f'{ids} != {exp_ids}')
    by = {r['id']: r for r in rows}
    a = by.get('<urn:uuid:A>', {})
    check('gz: url from WARC-Target-URI', a.get('url') == 'http://example.org/a', repr(a.get('url')))
    check('gz: crawl_date from WARC-Date', a.get('crawl_date', '').startswith('2024-05-0'), repr(a.get('crawl_date')))
    check('gz: title', a.get('title') == 'Story A: the A report', repr(a.get('title')))
    for k in ['A', 'B', 'C', 'Cb', 'Cd', 'D', 'E', 'F', 'G', 'H']:
        r = by.get(f'<urn:uuid:{k}>', {})
        check(f'gz: text of {k}', f'Marker {k} opens the story.' in r.get('text', '')
              and 'All rights reserved' not in r.get('text', ''), repr(r.get('text', ''))[:200])
    d = by.get('<urn:uuid:D>', {}).get('text', '')
    check('gz: HTTP charset wins over <meta>', 'Le caf\u00e9 \u00e9tait plein' in d, repr(d[:120]))
    d = by.get('<urn:uuid:Du>', {}).get('text', '')
    check('gz: UTF-8 bytes win over a legacy HTTP charset',
          'Na\u00efve caf\u00e9 owners \u201cwaited\u201d.' in d, repr(d[:120]))
    check('gz: empty page has empty text', by.get('<urn:uuid:empty>', {}).get('text') == '',
          repr(by.get('<urn:uuid:empty>')))
    elog = [json.loads(l) for l in open(errs, encoding='utf-8')]
    reasons = [(e['status'], e['reason']) for e in elog]
    exp = []
    for n, _, o in recs:
        if n in ('G', 'H'):
            exp.append(('warning', 'bad_length'))
        if isinstance(o, tuple):
            exp.append(o)
    check('gz: error log lines, in order', reasons == exp, f'{reasons} != {exp}')
    bad = [e for e in elog if e['reason'] == 'corrupt_gzip']
    check('gz: corrupt member names its record and offset',
          bad and bad[0]['id'] == '<urn:uuid:bad>' and isinstance(bad[0]['offset'], int) and bad[0]['offset'] > 0,
          repr(bad))
    check('gz: every error line names the input', all(e['input'] == P('crawl.warc.gz') for e in elog),
          repr(elog[:2]))
    offs = {}
    pos = 0
    for n, data, _ in recs:
        offs[n] = pos
        pos += len(build_gz([(n, data, None)]))
    tr = [e for e in elog if e['reason'] == 'truncated']
    check('gz: truncated record keeps its id and member offset',
          tr and tr[0]['id'] == '<urn:uuid:trunc>' and tr[0]['offset'] == offs['trunc'], repr(tr))
    nh = [e for e in elog if e['reason'] == 'non_html']
    check('gz: non-HTML records by type and by sniff', [e['id'] for e in nh] == ['<urn:uuid:png>', '<urn:uuid:pdf>']
          and nh[0]['offset'] == offs['png'], repr(nh))

    # ---- -j1 and -j4 byte-identical (output and error log)
    rc4, out4, err4 = run(['-j4', '--errors', P('errors4.jsonl'), P('crawl.warc.gz')])
    check('gz: -j4 output byte-identical to -j1', out4 == out and rc4 == rc)
    check('gz: -j4 error log byte-identical', open(P('errors4.jsonl'), 'rb').read() == open(errs, 'rb').read())
    expect_summary('gz -j4', err4, want)

    # ---- without --errors: failures (not skips) on stderr, one line each
    fl = [l for l in err.splitlines() if l.startswith('winnow batch: ') and 'summary' not in l]
    check('gz: no per-record lines on stderr with --errors', fl == [], repr(fl))
    rc, _, err = run(['-j2', P('crawl.warc.gz')])
    fl = [l for l in err.splitlines() if l.startswith('winnow batch: ') and 'summary' not in l]
    check('gz: without --errors, one stderr line per failure', len(fl) == 2 and 'corrupt_gzip' in fl[0]
          and 'truncated' in fl[1], repr(fl))

    # ---- plain WARC: wrong lengths, blank lines, truncated last record
    plain, pout = plain_fixture()
    with open(P('plain.warc'), 'wb') as f:
        f.write(plain)
    rc, out, err = run(['--errors', errs, P('plain.warc')])
    want = counts(pout)
    want.update({'inputs': 1, 'html pages': 4, 'repaired': (2, {'bad_length': 2})})
    expect_summary('plain', err, want)
    check('plain: exit 1', rc == 1, f'rc={rc}')
    rows = jsonl(out)
    check('plain: pages in order', [r['id'] for r in rows] == [f'<urn:uuid:{k}>' for k in 'PQRS'],
          repr([r['id'] for r in rows]))
    for r in rows:
        k = r['id'][-2]
        check(f'plain: text of {k} whole', f'Marker {k} opens' in r['text'] and r['text'].count('Marker') == 1,
              repr(r['text'][:100]))
    elog = [json.loads(l) for l in open(errs, encoding='utf-8')]
    check('plain: offsets are byte offsets', [e['offset'] for e in elog if e['id'] == '<urn:uuid:preq>']
          == [plain.index(b'WARC/1.0\r\nWARC-Type: request')], repr(elog))

    # ---- the same records in one whole-file gzip stream, and over stdin
    with open(P('whole.warc.gz'), 'wb') as f:
        f.write(gzip.compress(plain, mtime=0))
    rc, outw, err = run([P('whole.warc.gz')])
    check('whole-file gzip: same output as plain', outw == out, f'{len(outw)} vs {len(out)}')
    expect_summary('whole-file gzip', err, want)
    rc, outs, err = run(['-'], stdin=plain)
    check('stdin: sniffed as WARC', outs == out, err)

    # ---- an all-good WARC exits 0
    good = b''.join(gzip.compress(record('response', k, http(html_bytes(k)), uri=f'http://example.org/{k}'), mtime=0)
                    for k in ['V', 'W'])
    with open(P('good.warc.gz'), 'wb') as f:
        f.write(good)
    rc, out, err = run([P('good.warc.gz')])
    check('good: exit 0', rc == 0, f'rc={rc} {err}')
    expect_summary('good', err, {'records': 2, 'extracted': 2, 'failed': (0, {})})

    # ---- --max-page-bytes: over budget is skipped and reported
    rc, out, err = run(['--max-page-bytes', '2000', P('good.warc.gz')])
    expect_summary('budget', err, {'records': 2, 'extracted': 0, 'html pages': 2,
                                   'skipped': (2, {'too_large': 2})})
    check('budget: exit 0 (a policy skip)', rc == 0, f'rc={rc}')

    # ---- --max-time: a page that needs more CPU time is skipped, logged,
    # and the pages around it still come out.  The slow page is 6 MB of
    # paragraphs (a few tenths of a second); the others need a millisecond.
    slow = '<html><body>' + ''.join(f'<p>{para(i % 50)}</p>' for i in range(7000)) + '</body></html>'
    recs = [record('response', k, http(b), uri=f'http://example.org/{k}')
            for k, b in [('T1', html_bytes('T1')), ('T2', slow.encode()), ('T3', html_bytes('T3'))]]
    with open(P('slow.warc'), 'wb') as f:
        f.write(b''.join(recs))
    terrs = P('slow.errors.jsonl')
    rc, out, err = run(['--max-time', '0.1', '--errors', terrs, P('slow.warc')])
    expect_summary('max-time', err, {'records': 3, 'extracted': 2, 'html pages': 3,
                                     'skipped': (1, {'too_slow': 1})})
    check('max-time: exit 0 (a policy skip)', rc == 0, f'rc={rc}')
    got = [r.get('url') for r in jsonl(out)]
    check('max-time: the other pages come out, in order',
          got == ['http://example.org/T1', 'http://example.org/T3'], repr(got))
    with open(terrs) as f:
        logged = [json.loads(ln) for ln in f]
    check('max-time: logged as too_slow',
          [(r.get('reason'), r.get('id')) for r in logged] == [('too_slow', '<urn:uuid:T2>')], repr(logged))
    rc, out, err = run(['--max-time', '0', P('slow.warc')])
    expect_summary('max-time 0: no limit', err, {'extracted': 3, 'skipped': (0, {})})
    rc, out, err = run(['--max-time', 'soon', P('slow.warc')])
    check('max-time: a bad value is a usage error', rc == 2 and '--max-time' in err, f'rc={rc} {err}')
    for opt in ('--max-depth', '--max-attrs', '--max-nodes'):
        rc, out, err = run([opt, '0', P('slow.warc')])
        check(f'{opt} 0 is a usage error', rc == 2 and opt in err, f'rc={rc} {err}')
    # the page limits apply per page, and the JSON says so
    rc, out, err = run(['--max-nodes', '20', P('good.warc.gz')])
    rows = jsonl(out)
    check('max-nodes: limits_applied in each line',
          len(rows) == 2 and all(r.get('limits_applied') is True for r in rows), repr(rows)[:300])

    # ---- JSONL
    jl = [
        json.dumps({'url': 'http://j.example/1', 'html': page('J1')}),
        '',
        json.dumps({'id': 'doc-2', 'url': 'http://j.example/2', 'html': page('J2'), 'date': '2020-01-01'}),
        '{"url": "http://j.example/3", "html": ',
        json.dumps({'url': 'http://j.example/4'}),
        json.dumps({'url': 'http://j.example/5', 'html': NO_ARTICLE}),
    ]
    with open(P('pages.jsonl'), 'w') as f:
        f.write('\n'.join(jl) + '\n')
    rc, out, err = run(['--errors', errs, P('pages.jsonl')])
    rows = jsonl(out)
    check('jsonl: ids from the line or FILE:LINE', [r['id'] for r in rows] ==
          [P('pages.jsonl') + ':1', 'doc-2', P('pages.jsonl') + ':6'], repr([r['id'] for r in rows]))
    check('jsonl: url and date kept', rows[1]['url'] == 'http://j.example/2' and rows[1]['crawl_date'] == '2020-01-01',
          repr(rows[1])[:200])
    check('jsonl: text', 'Marker J2 opens' in rows[1]['text'], rows[1]['text'][:80])
    expect_summary('jsonl', err, {'records': 5, 'extracted': 2, 'empty': 1,
                                  'failed': (2, {'bad_json': 1, 'no_html': 1})})
    elog = [json.loads(l) for l in open(errs, encoding='utf-8')]
    check('jsonl: error lines name FILE:LINE', [e['id'] for e in elog] == [P('pages.jsonl') + ':4', P('pages.jsonl') + ':5'],
          repr(elog))
    with open(P('custom.jsonl.gz'), 'wb') as f:
        f.write(gzip.compress((json.dumps({'u': 'http://k/1', 'body': page('K1'), 'key': 7, 'ts': '2021'}) + '\n').encode()))
    rc, out, err = run(['--html-field', 'body', '--url-field', 'u', '--id-field', 'key', '--date-field', 'ts',
                        P('custom.jsonl.gz')])
    rows = jsonl(out)
    check('jsonl: field names configurable, gzip', rc == 0 and rows and rows[0]['id'] == '7'
          and rows[0]['url'] == 'http://k/1' and rows[0]['crawl_date'] == '2021' and 'Marker K1' in rows[0]['text'],
          repr(rows)[:200])

    # ---- folders
    site = P('site')
    os.makedirs(P('site', 'sub', 'deeper'))
    open(P('site', 'b.html'), 'w').write(page('FB'))
    open(P('site', 'a.htm'), 'w').write(page('FA'))
    with gzip.open(P('site', 'sub', 'c.html.gz'), 'wt') as f:
        f.write(page('FC'))
    open(P('site', 'sub', 'deeper', 'd.xhtml'), 'w').write(page('FD'))
    open(P('site', 'notes.txt'), 'w').write('not a page')
    open(P('site', '.hidden.html'), 'w').write(page('HID'))
    open(P('site', 'sub', 'img.html'), 'wb').write(PNG)
    rc, out, err = run(['-j3', site])
    rows = jsonl(out)
    want_ids = [os.path.join(site, x) for x in ['a.htm', 'b.html', 'sub/c.html.gz', 'sub/deeper/d.xhtml']]
    check('folder: recursive, sorted, pages only', [r['id'] for r in rows] == want_ids, repr([r['id'] for r in rows]))
    expect_summary('folder', err, {'inputs': 5, 'records': 5, 'extracted': 4, 'skipped': (1, {'non_html': 1})})
    check('folder: exit 0', rc == 0, f'rc={rc}')
    rc1, out1, _ = run(['-j1', site])
    check('folder: -j1 = -j3', out1 == out)

    # ---- --files-from
    with open(P('list.txt'), 'w') as f:
        f.write(P('good.warc.gz') + '\n' + P('site', 'b.html') + '\n')
    rc, out, err = run(['--files-from', P('list.txt')])
    rows = jsonl(out)
    check('files-from: every listed input', [r['id'] for r in rows] ==
          ['<urn:uuid:V>', '<urn:uuid:W>', P('site', 'b.html')], repr([r['id'] for r in rows]))
    rc, out2, err = run(['--files-from', '-'], stdin=open(P('list.txt'), 'rb').read())
    check('files-from: - reads stdin', out2 == out)

    # ---- --output-dir, --skip-existing, resume
    od = P('out')
    ins = [P('crawl.warc.gz'), P('good.warc.gz'), P('pages.jsonl'), site]
    rc, out, err = run(['--output-dir', od] + ins)
    names = sorted(os.listdir(od))
    check('output-dir: one JSONL, error log and summary per input, no temporary left',
          names == sorted(f'{n}{x}' for n in ('crawl', 'good', 'pages', 'site')
                          for x in ('.jsonl', '.errors.jsonl', '.summary.json')), repr(names))
    check('output-dir: nothing on stdout', out == b'')
    first = {n: open(os.path.join(od, n), 'rb').read() for n in names}
    rc_s, out_s, _ = run([P('crawl.warc.gz')])
    check('output-dir: same bytes as stdout', first['crawl.jsonl'] == out_s)
    mt = {n: os.stat(os.path.join(od, n)).st_mtime_ns for n in names}
    rc, out, err = run(['--output-dir', od, '--skip-existing'] + ins)
    expect_summary('skip-existing: all done', err, {'inputs': 0, 'existing': 4, 'records': 0})
    check('skip-existing: exit 0', rc == 0, f'rc={rc}')
    check('skip-existing: files untouched', all(os.stat(os.path.join(od, n)).st_mtime_ns == mt[n] for n in names))
    os.unlink(os.path.join(od, 'good.jsonl'))
    open(os.path.join(od, '.good.jsonl.part'), 'w').write('{"half": ')  # a killed run's leftover
    rc, out, err = run(['--output-dir', od, '--skip-existing', '-j4'] + ins)
    expect_summary('skip-existing: resume', err, {'inputs': 1, 'existing': 3, 'records': 2})
    check('skip-existing: redone file byte-identical', open(os.path.join(od, 'good.jsonl'), 'rb').read() == first['good.jsonl'])
    check('skip-existing: no temporary left', sorted(os.listdir(od)) == names, repr(os.listdir(od)))
    rc, out, err = run(['--output-dir', od, P('good.warc.gz'), P('good.warc.gz')])
    check('output-dir: a second input with the same output name fails', rc == 1 and 'output_error' in err, err)

    # ---- per-input summaries and error logs, what --skip-existing trusts
    sm = json.load(open(os.path.join(od, 'crawl.summary.json')))
    _, _, err_c = run(['-j1', '--errors', P('crawl-errors.jsonl'), P('crawl.warc.gz')])
    whole = summary(err_c)
    check('summary json: the counts of the batch summary',
          (sm['records'], sm['html_pages'], sm['extracted'], sm['empty'], sm['inputs']) ==
          (whole['records'], whole['html pages'], whole['extracted'], whole['empty'], whole['inputs'])
          and (sm['skipped'], sm['skipped_by']) == whole['skipped'] and (sm['failed'], sm['failed_by']) == whole['failed']
          and (sm['repaired'], sm['repaired_by']) == whole['repaired'], repr(sm))
    check('summary json: names and sizes of its files',
          sm['output'] == 'crawl.jsonl' and sm['output_bytes'] == os.path.getsize(os.path.join(od, 'crawl.jsonl'))
          and sm['errors'] == 'crawl.errors.jsonl'
          and sm['errors_bytes'] == os.path.getsize(os.path.join(od, 'crawl.errors.jsonl'))
          and sm['input'] == P('crawl.warc.gz') and sm['bytes_in'] == os.path.getsize(P('crawl.warc.gz')), repr(sm))
    check('summary json: wall time and MB/s', sm['wall_s'] >= 0 and sm['mb_per_s'] >= 0 and 'task' in sm, repr(sm))
    check('per-input error log: the --errors lines of that input',
          open(os.path.join(od, 'crawl.errors.jsonl'), 'rb').read() == open(P('crawl-errors.jsonl'), 'rb').read())
    # killed between the JSONL's rename and the summary's: the output is not trusted
    os.unlink(os.path.join(od, 'good.summary.json'))
    with open(os.path.join(od, 'good.jsonl'), 'r+b') as f:
        f.truncate(10)
    # an output cut after its summary was written: sizes disagree
    with open(os.path.join(od, 'pages.jsonl'), 'ab') as f:
        f.write(b'{"extra": 1}\n')
    mt_site = os.stat(os.path.join(od, 'site.jsonl')).st_mtime_ns
    rc, out, err = run(['--output-dir', od, '--skip-existing', '--task', 'T7'] + ins)
    expect_summary('skip-existing: output without a summary, or of another size, is redone', err,
                   {'inputs': 2, 'existing': 2})
    check('skip-existing: redone outputs byte-identical',
          all(open(os.path.join(od, n), 'rb').read() == first[n] for n in ('good.jsonl', 'pages.jsonl')))
    check('skip-existing: a complete output is left alone', os.stat(os.path.join(od, 'site.jsonl')).st_mtime_ns == mt_site)
    check('summary json: --task recorded', json.load(open(os.path.join(od, 'good.summary.json')))['task'] == 'T7')
    check('skip-existing: listing unchanged', sorted(os.listdir(od)) == names, repr(os.listdir(od)))

    # ---- --compress
    odz = P('outz')
    rc, out, err = run(['--output-dir', odz, '--compress', '-j1'] + ins)
    znames = sorted(os.listdir(odz))
    check('compress: NAME.jsonl.gz', 'crawl.jsonl.gz' in znames and 'crawl.jsonl' not in znames, repr(znames))
    zb = {n: open(os.path.join(odz, n + '.jsonl.gz'), 'rb').read() for n in ('crawl', 'good', 'pages', 'site')}
    check('compress: gunzips to the plain output',
          all(gzip.decompress(zb[n]) == first[n + '.jsonl'] for n in zb))
    check('compress: summary names the .gz and its size',
          json.load(open(os.path.join(odz, 'crawl.summary.json')))['output_bytes'] == len(zb['crawl']))
    shutil.rmtree(odz)
    rc, out, err = run(['--output-dir', odz, '--compress', '-j4'] + ins)
    check('compress: same bytes on a rerun and whatever -j',
          all(open(os.path.join(odz, n + '.jsonl.gz'), 'rb').read() == zb[n] for n in zb))
    rc, out, err = run(['--compress', P('crawl.warc.gz')])
    check('compress: stdout gzipped', gzip.decompress(out) == first['crawl.jsonl'])
    rc, out, err = run(['--compress', '-o', P('all.jsonl.gz'), P('crawl.warc.gz')])
    check('compress: -o FILE gzipped', gzip.decompress(open(P('all.jsonl.gz'), 'rb').read()) == first['crawl.jsonl'])

    # ---- --summarize
    with open(P('manifest.txt'), 'w') as f:
        f.write('# the run\n' + '\n'.join(ins + [P('never.warc.gz')]) + '\n\n')
    p = subprocess.run([WINNOW, 'batch', '--summarize', od], capture_output=True, timeout=TIMEOUT)
    t = p.stdout.decode()
    recs_total = sum(json.load(open(os.path.join(od, n + '.summary.json')))['records']
                     for n in ('crawl', 'good', 'pages', 'site'))
    check('summarize: exit 0, inputs done, records added up', p.returncode == 0 and
          re.search(r'inputs done\s+4\n', t) and re.search(rf'records\s+{recs_total}\n', t), t + p.stderr.decode())
    check('summarize: failed by reason', re.search(r'failed\s+\d+ \(.*corrupt_gzip 1', t), t)
    check('summarize: MB/s per task, one line per task', 'MB/s per task' in t and re.search(r'\n  T7 ', t), t)
    p = subprocess.run([WINNOW, 'batch', '--summarize', '--manifest', P('manifest.txt'), od],
                       capture_output=True, timeout=TIMEOUT)
    t = p.stdout.decode()
    check('summarize: missing against a manifest', p.returncode == 1 and
          re.search(r'inputs done\s+4 of 5', t) and P('never.warc.gz') in t, t)
    p = subprocess.run([WINNOW, 'batch', '--summarize', '--manifest', P('manifest.txt'), '--missing', od],
                       capture_output=True, timeout=TIMEOUT)
    check('summarize: --missing lists them', p.returncode == 1 and p.stdout.decode() == P('never.warc.gz') + '\n',
          repr(p.stdout))
    os.unlink(os.path.join(od, 'site.jsonl'))
    open(os.path.join(od, '.x.jsonl.part'), 'w').close()
    p = subprocess.run([WINNOW, 'batch', '--summarize', od], capture_output=True, timeout=TIMEOUT)
    t = p.stdout.decode()
    check('summarize: incomplete and partial outputs', p.returncode == 1 and re.search(r'incomplete\s+1', t)
          and re.search(r'partial\s+1', t) and re.search(r'inputs done\s+3\n', t), t)

    # ---- formats
    rc, out, err = run(['--format', 'markdown', P('good.warc.gz')])
    rows = jsonl(out)
    check('format markdown: "markdown" field', rc == 0 and rows and 'Marker V opens' in rows[0].get('markdown', ''),
          repr(rows)[:200])
    rc, outj, err = run(['--format', 'json', P('good.warc.gz')])
    rc, outt, err = run([P('good.warc.gz')])
    check('format json: same record as text', outj == outt)

    # ---- usage errors
    for args, why in [(['--nope', P('good.warc.gz')], 'unknown option'), ([], 'no input'),
                      (['-j', '0', P('good.warc.gz')], 'bad -j'),
                      (['--skip-existing', P('good.warc.gz')], '--skip-existing without --output-dir'),
                      (['-o', P('x'), '--output-dir', od, P('good.warc.gz')], '-o with --output-dir'),
                      (['--manifest', P('x'), od], '--manifest without --summarize'),
                      (['--summarize'], '--summarize without a folder'),
                      (['--format', 'xml', P('good.warc.gz')], 'bad format'),
                      (['-o', P('good.warc.gz'), P('good.warc.gz')], 'output is an input')]:
        rc, out, err = run(args)
        check(f'usage: {why} exits 2', rc == 2 and 'winnow batch --help' in err, f'rc={rc} {err}')
    rc, out, err = run(['--help'])
    check('usage: --help', rc == 0 and b'--output-dir' in out and b'Exit status' in out)
    p = subprocess.run([WINNOW, '--help'], capture_output=True, timeout=TIMEOUT)
    check('usage: winnow --help names batch', b'winnow batch --help' in p.stdout)

    # ---- missing input: reported, the others go on
    rc, out, err = run(['--errors', errs, P('missing.warc'), P('good.warc.gz')])
    check('missing input: others go on, exit 1', rc == 1 and len(jsonl(out)) == 2, f'rc={rc}')
    expect_summary('missing input', err, {'failed': (1, {'read_error': 1}), 'extracted': 2})

    # ---- -o FILE, --quiet
    rc, out, err = run(['-q', '-o', P('o.jsonl'), P('good.warc.gz')])
    check('-o and --quiet: file written, stderr silent', rc == 0 and err == '' and
          len(open(P('o.jsonl')).read().splitlines()) == 2, repr(err))

    # ---- progress: on a terminal only
    rc, out, err = run([P('crawl.warc.gz')])
    check('progress: none when stderr is not a terminal', '\r' not in err)
    text = on_terminal([P('crawl.warc.gz')])
    check('progress: shown on a terminal', 'records' in text and 'MB/s' in text and 'ETA' in text and
          '\r' in text, repr(text[:200]))
    # what a user reads: records, MB, MB/s; with a total (files, a folder
    # once walked) MB of it, the share done and the time left
    known = re.compile(r'\d+ records  \d+\.\d of \d+\.\d MB  \d{1,3}%  \d+\.\d MB/s  ETA (\d+:\d\d:\d\d|--:--:--)$')
    unknown = re.compile(r'\d+ records  \d+\.\d MB  \d+\.\d MB/s$')
    for what, args in [('a WARC', [P('crawl.warc.gz')]), ('a folder', [site]),
                       ('a list of inputs', ['--files-from', P('list.txt')])]:
        lines = frames(on_terminal(args))
        check(f'progress: {what}: share done and ETA', lines and all(known.match(ln) for ln in lines),
              repr(lines))
    with open(P('good.warc.gz'), 'rb') as f:
        lines = frames(on_terminal(['-'], stdin=f))
    check('progress: stdin: no total, no share, no ETA', lines and all(unknown.match(ln) for ln in lines),
          repr(lines))
    # a rerun that finds everything done has done it all
    run(['-q', '--output-dir', P('od_progress'), P('good.warc.gz')])
    lines = frames(on_terminal(['--skip-existing', '--output-dir', P('od_progress'), P('good.warc.gz')]))
    check('progress: inputs done already count as done', lines and ' 100% ' in lines[-1], repr(lines))
    text = on_terminal([site])
    check('progress: the line is cleared before the summary',
          '\r\033[Kwinnow batch: summary' in text and text.count('\033[K') >= 2, repr(text[:300]))
    rc, out, err = run(['-q', '--errors', errs, P('crawl.warc.gz')])
    check('progress: --quiet shows nothing', err == '', repr(err))


if __name__ == '__main__':
    main()
