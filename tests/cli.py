#!/usr/bin/env python3
"""Drive the built winnow binary the way a Unix user would.

usage: cli.py PATH_TO_WINNOW FIXTURES_DIR

Every check is named and prints `ok NAME` or `FAIL NAME: why`; the last line
is `N passed, M failed` and the exit status is 1 when any check failed.
The pages are built here, in a scratch directory; only the gzip fixture and
the seed pages are read from FIXTURES_DIR.
"""
import gzip
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

TIMEOUT = 30

# --------------------------------------------------------------------------
# Pages

NAV = ('<header class="site-header"><a class="logo" href="/">The Valley Courier</a>'
       '<nav class="main-menu"><ul>'
       '<li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>'
       '<li><a href="/business">Business</a></li><li><a href="/weather">Weather Desk</a></li>'
       '<li><a href="/subscribe">Subscribe today</a></li></ul></nav></header>')
FOOTER = ('<footer class="site-footer"><ul><li><a href="/about">About us</a></li>'
          '<li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact the newsroom</a></li></ul>'
          '<p>Copyright 2024 Valley Courier Media Group. All rights reserved.</p></footer>')
NAV_WORDS = ['Weather Desk', 'Subscribe today']
FOOTER_WORDS = ['Privacy policy', 'Contact the newsroom', 'All rights reserved']

BRIDGE = {
    'title': 'Old rail bridge reopens as a walking path after six years',
    'paras': [
        'The old rail bridge over the Marren river reopened to the public on Saturday morning, six years '
        'after engineers closed it over fears that its iron girders had rusted beyond repair. Several hundred '
        'people crossed in the first hour, many of them pushing prams or walking dogs along the new timber deck.',
        'The restoration cost the county a little under four million pounds, most of it raised through a '
        'heritage grant and a long campaign by residents who wanted the crossing kept rather than demolished. '
        'Volunteers spent two summers scraping paint, cataloguing rivets and recording the memories of former railway workers.',
        'Council officers say the path will stay open from dawn until dusk throughout the year, with lighting to '
        'follow once the budget allows. A small exhibition about the line, which carried coal and passengers '
        'until the late sixties, will open in the signal box next spring, staffed by the same volunteers.',
    ],
}
BAKERY = {
    'title': 'Village bakery marks a century of bread on the high street',
    'paras': [
        'For a hundred years the ovens behind the green door on Mill Street have been lit before five in the '
        'morning, and on Tuesday the family that runs the bakery celebrated the anniversary by handing out free '
        'loaves to anyone who queued outside the shop before eight.',
        'The business was founded by a returning soldier who had learned to bake in an army kitchen, and it has '
        'passed through four generations since then. His great-granddaughter still uses the same sourdough '
        'starter, which she feeds twice a day and has carried to hospital once during a flood.',
        'Customers remember the bakery for more than its bread. During the long winter of the miners strike it '
        'sold day-old loaves for a penny, and during the pandemic it delivered to elderly neighbours by bicycle. '
        'The owners say they have no plans to retire and hope a fifth generation will take over.',
    ],
}
ORCHARD = {
    'title': 'Students plant a heritage orchard on former school playing field',
    'paras': [
        'Pupils from three primary schools spent a wet afternoon planting forty young apple and pear trees on '
        'the edge of a playing field that had been left unused for most of the last decade, turning a patch '
        'of rough grass into what organisers hope will become a community orchard.',
        'Each tree belongs to an old local variety that had almost disappeared from gardens, and several were '
        'grafted from a single surviving specimen found in a churchyard. A retired science teacher spent two '
        'years tracking them down with the help of the county records office and a dozen keen gardeners.',
        'The children will measure the trees every term and keep a diary of blossom, pests and harvests. The '
        'first fruit is not expected for another three or four years, but the schools plan an apple day in '
        'the autumn so families can taste the varieties from older trees nearby.',
    ],
}


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def page(art, head_extra='', body_extra='', site_suffix=' | The Valley Courier'):
    """A small article page as a str: nav menu, <article> with h1 and the
    paragraphs, a footer."""
    paras = ''.join('<p>%s</p>\n' % esc(p) for p in art['paras'])
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">%s'
            '<title>%s%s</title></head>\n<body>\n%s\n<main><article>\n<h1>%s</h1>\n'
            '<p class="byline">By Ann Example</p>\n%s%s</article></main>\n%s\n</body></html>\n'
            % (head_extra, esc(art['title']), site_suffix, NAV, esc(art['title']), paras,
               body_extra, FOOTER))


NO_ARTICLE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>'
              + NAV +
              '<nav class="side"><a href="/a">Home</a> <a href="/b">Latest</a> <a href="/c">Video</a></nav>'
              '<form action="/login" method="post"><label>Email <input name="email"></label>'
              '<label>Password <input type="password" name="pw"></label>'
              '<button type="submit">Log in</button></form>'
              + FOOTER + '</body></html>\n')

# --------------------------------------------------------------------------
# Harness


class Runner:
    def __init__(self, binary, fixtures, tmp):
        self.binary = os.path.abspath(binary)
        self.fixtures = fixtures
        self.tmp = tmp
        self.passed = 0
        self.failed = 0

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, 'wb') as f:
            f.write(data.encode('utf-8') if isinstance(data, str) else data)
        return path

    def run(self, args, stdin=b'', stderr=subprocess.PIPE):
        """Run winnow with args; returns a CompletedProcess (bytes)."""
        return subprocess.run([self.binary] + list(args), input=stdin, stdout=subprocess.PIPE,
                              stderr=stderr, timeout=TIMEOUT, cwd=self.tmp)

    def check(self, name, fn):
        try:
            problems = fn() or []
        except subprocess.TimeoutExpired as e:
            problems = ['timed out after %ss: %s' % (e.timeout, e.cmd)]
        except Exception as e:  # a broken check is a failed check
            problems = ['%s: %s' % (type(e).__name__, e)]
        if problems:
            self.failed += 1
            print('FAIL %s: %s' % (name, '; '.join(problems)))
        else:
            self.passed += 1
            print('ok %s' % name)
        sys.stdout.flush()


def show(b, n=120):
    s = b.decode('utf-8', 'replace') if isinstance(b, bytes) else b
    return repr(s if len(s) <= n else s[:n] + '...')


def crashed(p):
    return ['killed by signal %d' % -p.returncode] if p.returncode < 0 else []


def expect_rc(p, rc):
    if p.returncode == rc:
        return []
    return crashed(p) or ['exit %d, want %d (stderr %s)' % (p.returncode, rc, show(p.stderr))]


def has_article(text, art):
    """Problems if text lacks a paragraph of art or keeps nav/footer text."""
    problems = []
    for i, para in enumerate(art['paras']):
        if para not in text:
            problems.append('paragraph %d of %r missing' % (i + 1, art['title'][:30]))
    for w in NAV_WORDS + FOOTER_WORDS:
        if w in text:
            problems.append('boilerplate %r kept' % w)
    return problems


# --------------------------------------------------------------------------
# Checks


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: cli.py PATH_TO_WINNOW FIXTURES_DIR')
    binary, fixtures = sys.argv[1], os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix='winnow-cli-') as tmp:
        r = Runner(binary, fixtures, tmp)
        bridge = r.write('bridge.html', page(BRIDGE))
        bakery = r.write('bakery.html', page(BAKERY))
        orchard = r.write('orchard.html', page(ORCHARD))
        bridge_bytes = open(bridge, 'rb').read()
        plain = r.run([bridge])  # the reference output for many checks

        def file_basic():
            p = plain
            out = p.stdout.decode('utf-8', 'replace')
            return (expect_rc(p, 0) + has_article(out, BRIDGE)
                    + (['stderr not empty: %s' % show(p.stderr)] if p.stderr else []))
        r.check('file_prints_article', file_basic)

        def stdin_redirect():
            with open(bridge, 'rb') as f:
                p = subprocess.run([r.binary], stdin=f, capture_output=True, timeout=TIMEOUT)
            return expect_rc(p, 0) + ([] if p.stdout == plain.stdout else
                                      ['`winnow < FILE` differs from `winnow FILE`: %s vs %s'
                                       % (show(p.stdout), show(plain.stdout))])
        r.check('stdin_redirect_same_as_file', stdin_redirect)

        def stdin_dash():
            p = r.run(['-'], stdin=bridge_bytes)
            return expect_rc(p, 0) + ([] if p.stdout == plain.stdout else
                                      ['`winnow -` differs from `winnow FILE`'])
        r.check('stdin_dash_same_as_file', stdin_dash)

        def stdin_pipe():
            # `cat FILE | winnow`, as in `curl -s URL | winnow`
            p = subprocess.run('cat %s | %s' % (shlex.quote(bridge), shlex.quote(r.binary)),
                               shell=True, capture_output=True, timeout=TIMEOUT)
            return expect_rc(p, 0) + ([] if p.stdout == plain.stdout else
                                      ['`cat FILE | winnow` differs from `winnow FILE`'])
        r.check('stdin_pipe_same_as_file', stdin_pipe)

        def several_files():
            p = r.run([bridge, bakery, orchard])
            out = p.stdout.decode('utf-8', 'replace')
            problems = expect_rc(p, 0) + has_article(out, BRIDGE) + has_article(out, BAKERY) \
                + has_article(out, ORCHARD)
            firsts = [out.find(a['paras'][0]) for a in (BRIDGE, BAKERY, ORCHARD)]
            if -1 not in firsts and firsts != sorted(firsts):
                problems.append('articles not in command-line order (offsets %s)' % firsts)
            each = b''.join(r.run([f]).stdout for f in (bridge, bakery, orchard))
            if p.stdout != each:
                problems.append('output differs from the three single-file outputs concatenated')
            return problems
        r.check('several_files_in_order', several_files)

        def output_file(args, name):
            def fn():
                out = os.path.join(tmp, name)
                p = r.run(args(out) + [bridge])
                problems = expect_rc(p, 0)
                if p.stdout:
                    problems.append('stdout not empty: %s' % show(p.stdout))
                if p.stderr:
                    problems.append('stderr not empty: %s' % show(p.stderr))
                if not os.path.exists(out):
                    return problems + ['%s not created' % name]
                got = open(out, 'rb').read()
                if got != plain.stdout:
                    problems.append('%s holds %s, want the article' % (name, show(got)))
                return problems
            return fn
        r.check('output_short_o', output_file(lambda o: ['-o', o], 'out1.txt'))
        r.check('output_long_equals', output_file(lambda o: ['--output=' + o], 'out2.txt'))
        r.check('output_long_separate', output_file(lambda o: ['--output', o], 'out3.txt'))

        def output_overwrites():
            out = r.write('stale.txt', 'stale text from an earlier run that is longer than nothing\n' * 50)
            p = r.run(['-o', out, bridge])
            got = open(out, 'rb').read()
            return expect_rc(p, 0) + ([] if got == plain.stdout else
                                      ['-o did not replace the old contents'])
        r.check('output_replaces_existing_file', output_overwrites)

        def help_():
            problems = []
            for flag in ('--help', '-h'):
                p = r.run([flag])
                problems += expect_rc(p, 0)
                out = p.stdout.decode('utf-8', 'replace')
                if not out.startswith('Usage: winnow'):
                    problems.append('%s stdout does not start with "Usage: winnow": %s'
                                    % (flag, show(p.stdout)))
                for opt in ('--output', '--format', '--title', '--version'):
                    if opt not in out:
                        problems.append('%s does not mention %s' % (flag, opt))
                if p.stderr:
                    problems.append('%s wrote to stderr: %s' % (flag, show(p.stderr)))
            return problems
        r.check('help', help_)

        def version():
            problems = []
            for flag in ('--version', '-V'):
                p = r.run([flag])
                problems += expect_rc(p, 0)
                if not re.fullmatch(rb'winnow \d+\.\d+\.\d+\n', p.stdout):
                    problems.append('%s printed %s, want "winnow X.Y.Z"' % (flag, show(p.stdout)))
                if p.stderr:
                    problems.append('%s wrote to stderr: %s' % (flag, show(p.stderr)))
            return problems
        r.check('version', version)

        def unknown_option():
            p = r.run(['--bogus', bridge])
            problems = expect_rc(p, 2)
            if p.stdout:
                problems.append('stdout not empty: %s' % show(p.stdout))
            lines = p.stderr.decode('utf-8', 'replace').splitlines()
            if not lines or '--bogus' not in lines[0]:
                problems.append('first stderr line does not name --bogus: %s' % show(p.stderr))
            extra = [l for l in lines[1:] if not l.startswith("Try 'winnow --help'")]
            if extra:
                problems.append('stderr has more than the message and the hint: %s' % show(p.stderr))
            return problems
        r.check('unknown_option', unknown_option)

        def missing_option_argument():
            problems = []
            for args in (['--format'], [bridge, '--format'], [bridge, '-o']):
                p = r.run(args)
                problems += ['%s: %s' % (' '.join(os.path.basename(a) for a in args), x)
                             for x in expect_rc(p, 2)]
                if p.stdout:
                    problems.append('%s: stdout not empty' % ' '.join(args))
                if not p.stderr:
                    problems.append('%s: nothing on stderr' % ' '.join(args))
            return problems
        r.check('missing_option_argument', missing_option_argument)

        def format_nonsense():
            problems = []
            for args in (['--format', 'nonsense', bridge], ['--format=nonsense', bridge], ['-f', 'nonsense', bridge]):
                p = r.run(args)
                problems += ['%s: %s' % (args[0], x) for x in expect_rc(p, 2)]
                if p.stdout:
                    problems.append('%s: stdout not empty' % args[0])
                if b'nonsense' not in p.stderr:
                    problems.append('%s: stderr does not name the format: %s' % (args[0], show(p.stderr)))
            return problems
        r.check('format_nonsense', format_nonsense)

        missing = os.path.join(tmp, 'missing.html')

        def missing_file():
            p = r.run([missing])
            problems = expect_rc(p, 1)
            if p.stdout:
                problems.append('stdout not empty: %s' % show(p.stdout))
            if b'missing.html' not in p.stderr:
                problems.append('stderr does not name the file: %s' % show(p.stderr))
            if len(p.stderr.splitlines()) != 1:
                problems.append('want a one-line message, got %s' % show(p.stderr))
            return problems
        r.check('missing_file', missing_file)

        def directory_as_file():
            p = r.run([tmp])
            problems = expect_rc(p, 1)
            if p.stdout:
                problems.append('stdout not empty: %s' % show(p.stdout))
            if os.path.basename(tmp).encode() not in p.stderr:
                problems.append('stderr does not name the directory: %s' % show(p.stderr))
            return problems
        r.check('unreadable_directory', directory_as_file)

        def missing_then_good():
            problems = []
            for args in ([missing, bridge], [bridge, missing]):
                label = ' '.join(os.path.basename(a) for a in args)
                p = r.run(args)
                problems += ['%s: %s' % (label, x) for x in expect_rc(p, 1)]
                if p.stdout != plain.stdout:
                    problems.append('%s: the good file\'s article was not printed as alone: %s'
                                    % (label, show(p.stdout)))
                if b'missing.html' not in p.stderr:
                    problems.append('%s: stderr does not name the missing file' % label)
            return problems
        r.check('bad_input_keeps_the_rest', missing_then_good)

        def missing_then_good_to_file():
            out = os.path.join(tmp, 'partial.txt')
            p = r.run(['-o', out, missing, bridge])
            got = open(out, 'rb').read() if os.path.exists(out) else b''
            return expect_rc(p, 1) + ([] if got == plain.stdout else
                                      ['-o file holds %s, want the good article' % show(got)])
        r.check('bad_input_keeps_the_rest_with_o', missing_then_good_to_file)

        noart = r.write('login.html', NO_ARTICLE)

        def no_article():
            p = r.run([noart])
            problems = expect_rc(p, 1)
            if p.stdout:
                problems.append('stdout not empty: %s' % show(p.stdout))
            if b'no article' not in p.stderr:
                problems.append('stderr does not say "no article": %s' % show(p.stderr))
            if b'login.html' not in p.stderr:
                problems.append('stderr does not name the file: %s' % show(p.stderr))
            return problems
        r.check('no_article', no_article)

        def no_article_with_good():
            p = r.run([noart, bridge])
            return expect_rc(p, 1) + ([] if p.stdout == plain.stdout else
                                      ['want only the good article on stdout, got %s' % show(p.stdout)])
        r.check('no_article_then_good', no_article_with_good)

        # a page needing a few tenths of a second of CPU: 6 MB of paragraphs
        slow = r.write('slow.html', '<html><body>' + ''.join(
            '<p>%s</p>' % p for p in BRIDGE['paras'] * 6000) + '</body></html>')

        def max_time_gives_up_and_goes_on():
            p = r.run(['--max-time', '0.05', slow, bridge])
            problems = expect_rc(p, 1)
            if p.stdout != plain.stdout:
                problems.append('want only the good article on stdout, got %s' % show(p.stdout))
            if b'slow.html: time limit exceeded' not in p.stderr:
                problems.append('stderr does not name the slow file and why: %s' % show(p.stderr))
            return problems
        r.check('max_time_gives_up_and_goes_on', max_time_gives_up_and_goes_on)

        def max_time_generous_changes_nothing():
            p = r.run(['--max-time', '60', bridge])
            return expect_rc(p, 0) + ([] if p.stdout == plain.stdout else
                                      ['output differs with --max-time 60: %s' % show(p.stdout)])
        r.check('max_time_generous_changes_nothing', max_time_generous_changes_nothing)

        # the article 300 elements deep, its tags with many attributes
        deep = r.write('deep.html', '<html><body>' + '<div class="wrap" data-a="1" data-b="2" data-c="3">' * 300
                       + ''.join('<p>%s</p>' % p for p in BRIDGE['paras']) + '</div>' * 300 + '</body></html>')

        def limits_are_options_and_reported():
            problems = []
            for args, word in ((['--max-depth', '64'], 'depth'), (['--max-attrs', '2'], 'attributes')):
                p = r.run(args + ['-v', deep])
                problems += ['%s: %s' % (' '.join(args), x) for x in expect_rc(p, 0)]
                problems += ['%s: %s' % (' '.join(args), x)
                             for x in has_article(p.stdout.decode('utf-8', 'replace'), BRIDGE)]
                if ('limits applied: ' + word).encode() not in p.stderr:
                    problems.append('%s -v does not say "limits applied: %s": %s'
                                    % (' '.join(args), word, show(p.stderr)))
                j = r.run(args + ['--format', 'json', deep])
                if b'"limits_applied":true' not in j.stdout:
                    problems.append('%s: JSON does not say limits_applied: %s' % (' '.join(args), show(j.stdout)))
            # nodes past the limit are dropped: the page's end goes
            p = r.run(['--max-nodes', '304', '-v', deep])
            if b'limits applied: nodes' not in p.stderr:
                problems.append('--max-nodes 304 -v does not report nodes: %s' % show(p.stderr))
            # no limit reached: no warning
            p = r.run(['-v', deep])
            problems += expect_rc(p, 0)
            if p.stderr:
                problems.append('default limits: unexpected stderr %s' % show(p.stderr))
            for opt in ('--max-depth', '--max-attrs', '--max-nodes'):
                for v in ('0', '-3', 'many', '99999999999'):
                    q = r.run([opt, v, bridge])
                    problems += ['%s %r: %s' % (opt, v, x) for x in expect_rc(q, 2)]
            return problems
        r.check('limits_are_options_and_reported', limits_are_options_and_reported)

        def max_time_bad_values():
            problems = []
            for v in ('-1', 'soon', '', '1e9', 'nan'):
                p = r.run(['--max-time', v, bridge])
                problems += ['--max-time %r: %s' % (v, x) for x in expect_rc(p, 2)]
            return problems
        r.check('max_time_bad_values', max_time_bad_values)

        def empty_stdin():
            problems = []
            for args in ([], ['-']):
                p = r.run(args, stdin=b'')
                label = 'winnow %s' % ' '.join(args)
                problems += ['%s: %s' % (label, x) for x in expect_rc(p, 1)]
                if p.stdout:
                    problems.append('%s: stdout not empty: %s' % (label, show(p.stdout)))
                if not p.stderr:
                    problems.append('%s: no message on stderr' % label)
            return problems
        r.check('empty_stdin', empty_stdin)

        def empty_file():
            p = r.run([r.write('empty.html', b'')])
            return expect_rc(p, 1) + (['stdout not empty'] if p.stdout else [])
        r.check('empty_file', empty_file)

        def title():
            p = r.run(['--title', bridge])
            out = p.stdout.decode('utf-8', 'replace')
            problems = expect_rc(p, 0)
            want = BRIDGE['title'] + '\n\n' + plain.stdout.decode('utf-8')
            if out != want:
                lines = out.split('\n')
                problems.append('first lines %s, want the headline, a blank line, then the article'
                                % show('\n'.join(lines[:3])))
            if BRIDGE['title'] in plain.stdout.decode('utf-8'):
                problems.append('the headline is in the body without --title')
            return problems
        r.check('title_flag', title)

        def json_format():
            problems = []
            url = 'https://example.org/x'
            p = r.run(['--format', 'json', '--url', url, bridge])
            problems += expect_rc(p, 0)
            lines = p.stdout.decode('utf-8').split('\n')
            if lines[-1] != '' or len(lines) != 2:
                problems.append('want exactly one line ending in newline, got %d lines' % (len(lines) - 1))
            obj = json.loads(lines[0])
            if not isinstance(obj, dict):
                return problems + ['not a JSON object: %s' % show(lines[0])]
            for k in ('url', 'title', 'text'):
                if k not in obj:
                    problems.append('key %r missing' % k)
            if obj.get('url') != url:
                problems.append('url is %r, want %r' % (obj.get('url'), url))
            if BRIDGE['title'] not in (obj.get('title') or ''):
                problems.append('title is %r' % obj.get('title'))
            if obj.get('text') != plain.stdout.decode('utf-8')[:-1]:
                problems.append('text differs from the plain output minus its final newline: %s'
                                % show(obj.get('text') or ''))
            # two inputs: one object per line, in order; -f json= forms too
            p2 = r.run(['--format=json', bridge, bakery])
            objs = [json.loads(l) for l in p2.stdout.decode('utf-8').splitlines()]
            if len(objs) != 2:
                problems.append('two inputs gave %d JSON lines' % len(objs))
            elif not (objs[0].get('text', '').startswith(BRIDGE['paras'][0])
                      and objs[1].get('text', '').startswith(BAKERY['paras'][0])):
                problems.append('two inputs: objects not in order')
            p3 = r.run(['-f', 'json', bridge])
            if p3.stdout != r.run(['--format', 'json', bridge]).stdout:
                problems.append('-f json differs from --format json')
            return problems
        r.check('json_format', json_format)

        def json_escaping():
            art = {'title': 'Quotes "and" back\\slashes',
                   'paras': [BRIDGE['paras'][0] + ' She said "mind the gap\\step" \u2014 twice.',
                             BRIDGE['paras'][1], BRIDGE['paras'][2]]}
            f = r.write('quotes.html', page(art))
            p = r.run(['--format', 'json', '--url', 'https://example.org/a?b="c"', f])
            obj = json.loads(p.stdout.decode('utf-8'))
            problems = expect_rc(p, 0)
            if 'She said "mind the gap\\step" \u2014 twice.' not in obj.get('text', ''):
                problems.append('quotes/backslash not round-tripped: %s' % show(obj.get('text', '')[-80:]))
            if obj.get('url') != 'https://example.org/a?b="c"':
                problems.append('url not round-tripped: %r' % obj.get('url'))
            return problems
        r.check('json_escaping', json_escaping)

        caption = 'Volunteers lower the last restored girder into place beside the river'
        fig = r.write('figure.html', page(BRIDGE, body_extra=(
            '<figure><img src="/img/bridge.jpg" alt="The bridge">'
            '<figcaption>%s. Photo: Sam Lens</figcaption></figure>\n' % caption)))

        def captions():
            p0 = r.run([fig])
            p1 = r.run(['--captions', fig])
            problems = expect_rc(p0, 0) + expect_rc(p1, 0)
            if caption.encode() in p0.stdout:
                problems.append('caption printed without --captions')
            if caption.encode() not in p1.stdout:
                problems.append('caption missing with --captions')
            problems += has_article(p1.stdout.decode('utf-8', 'replace'), BRIDGE)
            return problems
        r.check('captions_flag', captions)

        def gzip_input():
            gz = r.write('bridge.html.gz', gzip.compress(bridge_bytes))
            p = r.run([gz])
            problems = expect_rc(p, 0)
            if p.stdout != plain.stdout:
                problems.append('gzip page gave %s' % show(p.stdout))
            ps = r.run([], stdin=gzip.compress(bridge_bytes))
            if ps.stdout != plain.stdout:
                problems.append('gzip page on stdin gave %s' % show(ps.stdout))
            return problems
        r.check('gzip_input', gzip_input)

        def gzip_fixture():
            html = os.path.join(fixtures, 'charset', 'gzipped.html')
            txt = os.path.join(fixtures, 'charset', 'gzipped.txt')
            if open(html, 'rb').read(2) != b'\x1f\x8b':
                return ['fixture is not gzip bytes']
            p = r.run([html])
            want = open(txt, 'rb').read()
            return expect_rc(p, 0) + ([] if p.stdout.strip() == want.strip() else
                                      ['output differs from gzipped.txt'])
        r.check('gzip_fixture', gzip_fixture)

        def corrupt_gzip():
            bad = r.write('bad.gz', gzip.compress(bridge_bytes)[:40])
            p = r.run([bad, bakery])
            problems = crashed(p)
            if p.returncode != 1:
                problems.append('exit %d, want 1' % p.returncode)
            if b'bad.gz' not in p.stderr:
                problems.append('stderr does not name bad.gz: %s' % show(p.stderr))
            if BAKERY['paras'][0].encode() not in p.stdout:
                problems.append('the good file after the corrupt one was not printed')
            return problems
        r.check('corrupt_gzip', corrupt_gzip)

        def charset_1252():
            art = {'title': 'A caf\u00e9 that taught a town to love slow mornings',
                   'paras': ['On the corner of Station Road the caf\u00e9 opens at seven, and by half past the '
                             'regulars have taken their usual tables. \u201cWe never rush anyone,\u201d says the '
                             'owner, who bought the place twelve years ago with savings from a career in nursing.',
                             BAKERY['paras'][1], BAKERY['paras'][2]]}
            html = page(art).replace('<meta charset="utf-8">', '')
            raw = html.encode('windows-1252')
            if b'\x93' not in raw or b'\xe9' not in raw:
                return ['test page lacks the 0x93/0xe9 bytes']
            p = r.run([r.write('cafe1252.html', raw)])
            problems = expect_rc(p, 0)
            try:
                out = p.stdout.decode('utf-8')
            except UnicodeDecodeError as e:
                return problems + ['stdout is not UTF-8: %s' % e]
            for want in ('caf\u00e9 opens at seven', '\u201cWe never rush anyone,\u201d'):
                if want not in out:
                    problems.append('%r missing from %s' % (want, show(out)))
            return problems
        r.check('charset_windows1252_undeclared', charset_1252)

        def charset_override():
            art = {'title': 'R\u00e9sum\u00e9 workshop fills the library',
                   'paras': ['The library\u2019s first r\u00e9sum\u00e9 workshop'.replace('\u2019', "'") +
                             ' filled every seat on Thursday evening, with job seekers of all ages bringing '
                             'printed drafts, laptops and questions about how to explain long gaps in their '
                             'working lives to employers who rarely read past the first page.',
                             ORCHARD['paras'][1], ORCHARD['paras'][2]]}
            raw = page(art).encode('iso-8859-1')  # meta still says utf-8
            f = r.write('latin1.html', raw)
            p = r.run(['--charset', 'iso-8859-1', f])
            problems = expect_rc(p, 0)
            out = p.stdout.decode('utf-8', 'replace')
            if 'r\u00e9sum\u00e9 workshop filled' not in out:
                problems.append('\u00e9 not decoded: %s' % show(out))
            p2 = r.run(['--charset=iso-8859-1', f])
            if p2.stdout != p.stdout:
                problems.append('--charset=NAME differs from --charset NAME')
            return problems
        r.check('charset_override', charset_override)

        def stdout_only_result():
            with open(os.devnull, 'wb') as devnull:
                quiet = r.run([bridge], stderr=devnull)
            problems = []
            if quiet.stdout != plain.stdout:
                problems.append('stdout differs with 2>/dev/null')
            # also with a page that produces a diagnostic
            with open(os.devnull, 'wb') as devnull:
                q2 = r.run([missing, bridge, noart], stderr=devnull)
            loud = r.run([missing, bridge, noart])
            if q2.stdout != loud.stdout or loud.stdout != plain.stdout:
                problems.append('stdout depends on stderr or carries diagnostics: %s' % show(loud.stdout))
            return problems
        r.check('stdout_holds_only_result', stdout_only_result)

        def layout():
            problems = []
            for label, p in (('bridge', plain), ('bakery', r.run([bakery])),
                             ('title', r.run(['--title', bridge]))):
                out = p.stdout.decode('utf-8')
                if not out.endswith('\n') or out.endswith('\n\n'):
                    problems.append('%s: output does not end with exactly one newline' % label)
                if any(l != l.rstrip() for l in out.split('\n')):
                    problems.append('%s: trailing whitespace on a line' % label)
                if '\n\n\n' in out:
                    problems.append('%s: more than one blank line between blocks' % label)
                if out.startswith('\n'):
                    problems.append('%s: leading blank line' % label)
            out = plain.stdout.decode('utf-8')
            want = '\n\n'.join(BRIDGE['paras'])
            if want not in out:
                problems.append('paragraphs not separated by exactly one blank line')
            return problems
        r.check('text_layout', layout)

        def seeds_layout():
            problems = []
            sdir = os.path.join(fixtures, 'seeds')
            for f in sorted(os.listdir(sdir)):
                if not f.endswith('.html'):
                    continue
                p = r.run([os.path.join(sdir, f)])
                out = p.stdout.decode('utf-8', 'replace')
                if p.returncode != 0:
                    problems.append('%s: exit %d' % (f, p.returncode))
                elif not out.endswith('\n') or out.endswith('\n\n') or '\n\n\n' in out \
                        or any(l != l.rstrip() for l in out.split('\n')):
                    problems.append('%s: bad newline/whitespace layout' % f)
            return problems
        r.check('seed_pages_layout', seeds_layout)

        big_art = {'title': 'A very long page', 'paras': (BRIDGE['paras'] + BAKERY['paras']
                                                          + ORCHARD['paras']) * 3000}
        big = r.write('big.html', page(big_art))

        def closed_pipe():
            # as a user types it
            sh = subprocess.run('%s %s | head -c 10' % (shlex.quote(r.binary), shlex.quote(big)),
                                shell=True, capture_output=True, timeout=TIMEOUT)
            problems = []
            if len(sh.stdout) != 10:
                problems.append('`| head -c 10` gave %d bytes' % len(sh.stdout))
            # and with the reader closing its end by hand
            proc = subprocess.Popen([r.binary, big], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            first = proc.stdout.read(10)
            proc.stdout.close()
            try:
                proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                problems.append('winnow still running %ds after its reader went away' % TIMEOUT)
            proc.stderr.close()
            if len(first) != 10:
                problems.append('read %d bytes before closing' % len(first))
            return problems
        r.check('closed_pipe_terminates', closed_pipe)

        def closed_pipe_sigpipe_ignored():
            # a parent that ignores SIGPIPE (Python does; so do some CI shells):
            # writes fail with EPIPE and winnow must still stop, with a failure status
            proc = subprocess.Popen([r.binary, big, big], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, restore_signals=False)
            proc.stdout.read(10)
            proc.stdout.close()
            try:
                _, err = proc.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                return ['winnow still running %ds after its reader went away' % TIMEOUT]
            problems = crashed(proc)
            if proc.returncode == 0:
                problems.append('exit 0 although the output could not be written')
            return problems
        r.check('closed_pipe_sigpipe_ignored', closed_pipe_sigpipe_ignored)

        def write_error():
            # `winnow page.html > /dev/full`: the failure must not go unnoticed
            if not os.path.exists('/dev/full'):
                return []
            with open('/dev/full', 'wb') as full:
                p = subprocess.run([r.binary, bridge], stdout=full, stderr=subprocess.PIPE,
                                   timeout=TIMEOUT)
            problems = crashed(p)
            if p.returncode != 1:
                problems.append('exit %d, want 1' % p.returncode)
            if not p.stderr:
                problems.append('nothing said on stderr')
            return problems
        r.check('stdout_write_error', write_error)

        def double_dash():
            dashed = r.write('-dash.html', page(ORCHARD))
            p = r.run(['--', os.path.basename(dashed)])
            return expect_rc(p, 0) + has_article(p.stdout.decode('utf-8', 'replace'), ORCHARD)
        r.check('double_dash_ends_options', double_dash)

        def options_after_files():
            p = r.run([bridge, '--title'])
            return expect_rc(p, 0) + ([] if p.stdout.startswith(BRIDGE['title'].encode() + b'\n\n')
                                      else ['--title after the file was not applied'])
        r.check('options_after_files', options_after_files)

        def replay_fuzz():
            # a fuzz_extract crash file: two option bytes (0x01 = --title, text
            # format), then the page; the developer's replay tool built next to
            # winnow runs it, and winnow itself has no such option
            crash = os.path.join(tmp, 'crash-1')
            with open(bridge, 'rb') as f:
                html = f.read()
            with open(crash, 'wb') as f:
                f.write(b'\x01\x00' + html)
            replay = os.path.join(os.path.dirname(os.path.abspath(binary)), 'winnow_replay_fuzz')
            p = subprocess.run([replay, crash], capture_output=True, timeout=TIMEOUT)
            problems = expect_rc(p, 0)
            if b'--replay-fuzz' in r.run(['--help']).stdout:
                problems.append('winnow --help still offers --replay-fuzz')
            if not p.stdout.startswith(BRIDGE['title'].encode() + b'\n\n'):
                problems.append('the title option from the first byte was not applied')
            q = r.run(['--title', bridge])
            if p.stdout != q.stdout:
                problems.append('replay differs from the same page and options given normally')
            return problems
        r.check('replay_fuzz_runs_a_crash_file', replay_fuzz)

    print('%d passed, %d failed' % (r.passed, r.failed))
    sys.exit(1 if r.failed else 0)


if __name__ == '__main__':
    main()
