#!/usr/bin/env python3
"""winnow --explain as a user reads it.

  explain.py WINNOW FIXTURES_DIR            the checks below
  explain.py WINNOW FIXTURES_DIR --data DIR [ARGS...]
                                            only the first check, on every
                                            page of DIR (*.html, *.html.gz),
                                            with ARGS (e.g. --precision)

1. On every fixture page (with its .args): the kept blocks of the JSON
   report, each after the whitespace --format text wrote before it, are
   exactly what --format text prints; every block has a decision, a class
   and a reason that is not "none"; the HTML report marks every block with
   data-decision, data-reason and data-class, and its kept blocks hold the
   same text as --format text but for whitespace.
2. Text from the page never becomes markup in the report.
3. The seed pages: for each kind of boilerplate they hold, the report
   names the reason it was dropped.
"""
import gzip
import html.parser
import json
import os
import re
import subprocess
import sys
import unicodedata

DECISIONS = {'kept', 'dropped'}
CLASSES = {'good', 'neutral', 'bad', 'none'}


def run(binary, args, path=None, data=None):
    proc = subprocess.run([binary] + args + ([path] if path else []), input=data,
                          capture_output=True, timeout=60)
    if proc.returncode < 0:
        raise AssertionError('%s killed by signal %d' % (path, -proc.returncode))
    return proc.stdout.decode('utf-8')


def letters(text):
    """text without its whitespace: the HTML report shows each block's text
    apart, without the line breaks --format text writes between blocks (and
    a block split by a dropped inline part reads as two)"""
    return ''.join(unicodedata.normalize('NFC', text).split())


class Blocks(html.parser.HTMLParser):
    """The report's block elements: their data-* marks and their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # [attrs, text]
        self.stack = []   # per open div: the block it belongs to and whether it is the text
        self.tags = []    # every start tag: (name, attrs)
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == 'script':
            self.scripts += 1
        if tag != 'div':
            return
        if 'data-decision' in a:
            self.blocks.append([a, ''])
            self.stack.append(('block', len(self.blocks) - 1))
        elif a.get('class') == 't' and self.stack and self.stack[-1][0] == 'block':
            self.stack.append(('text', self.stack[-1][1]))
        else:
            self.stack.append(('other', None))

    def handle_endtag(self, tag):
        if tag == 'div' and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == 'text':
            self.blocks[self.stack[-1][1]][1] += data


def check_page(binary, path, args):
    """Problems of the reports of one page, as a list of strings."""
    problems = []
    text = run(binary, args, path)
    want = text[:-1] if text.endswith('\n') else text
    report = json.loads(run(binary, args + ['--explain', '--format', 'json'], path))
    kept = ''.join(b['sep'] + b['text'] for b in report['blocks'] if b['decision'] == 'kept')
    if unicodedata.normalize('NFC', kept) != unicodedata.normalize('NFC', want):
        problems.append('JSON: the kept blocks differ from --format text')
    for b in report['blocks']:
        if b['decision'] not in DECISIONS or b['class'] not in CLASSES or b['reason'] == 'none' \
                or not b['phrase']:
            problems.append('JSON: block %r: %s/%s/%s' % (b['text'][:40], b['decision'],
                                                          b['class'], b['reason']))
            break
    page = run(binary, args + ['--explain'], path)
    p = Blocks()
    p.feed(page)
    if len(p.blocks) != len(report['blocks']):
        problems.append('HTML: %d blocks, JSON: %d' % (len(p.blocks), len(report['blocks'])))
    for a, _ in p.blocks:
        if a.get('data-decision') not in DECISIONS or a.get('data-class') not in CLASSES \
                or not a.get('data-reason') or a['data-reason'] == 'none':
            problems.append('HTML: block marks %r' % a)
            break
    html_kept = ' '.join(t for a, t in p.blocks if a.get('data-decision') == 'kept')
    if letters(html_kept) != letters(want):
        problems.append('HTML: the kept blocks read differently from --format text')
    return problems


def fixture_pages(root):
    for group in sorted(os.listdir(root)):
        gdir = os.path.join(root, group)
        if not os.path.isdir(gdir):
            continue
        for f in sorted(os.listdir(gdir)):
            if not f.endswith('.html'):
                continue
            base = os.path.join(gdir, f[:-5])
            args = open(base + '.args').read().split() if os.path.exists(base + '.args') else []
            # the report is of the text; Markdown-only options do not apply
            args = [a for a in args if a not in ('--links', '--images', '--markdown')]
            if '--format' in args:
                i = args.index('--format')
                del args[i:i + 2]
            yield '%s/%s' % (group, f), base + '.html', args


HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> \'&amp;'
HOSTILE_PAGE = '''<!doctype html><html><head><title>Title &lt;script&gt;alert(3)&lt;/script&gt;
"&gt;&lt;img src=x onerror=alert(4)&gt;</title></head><body>
<nav class='menu "&gt;&lt;img src=x onerror=alert(5)&gt;' id='n&lt;script&gt;'><a href=/>Home
&lt;script&gt;alert(6)&lt;/script&gt;</a></nav>
<div class="story" id="&quot;&gt;&lt;b onmouseover=alert(7)&gt;">
<p>Kept text with &lt;script&gt;alert(8)&lt;/script&gt; and "&gt;&lt;img src=x onerror=alert(9)&gt;
inside it, long enough to count as prose, with commas, and a full stop.</p>
<p>A second paragraph of the story, which says more about the matter at hand, and then ends.</p>
<p>A third paragraph closes the story with a quote from the council, which met on Tuesday.</p>
<div class="share" style="x"><p>Dropped &lt;/div&gt;&lt;script&gt;alert(10)&lt;/script&gt;
"&gt;&lt;img src=x onerror=alert(11)&gt;</p></div>
</div></body></html>'''

# The report's own markup, all of it.
OWN_TAGS = {'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'p', 'h1', 'h2', 'table',
            'tr', 'th', 'td', 'b', 'div', 'label', 'input', 'span', 'main', 'code', 'script'}


def check_escaping(binary):
    problems = []
    data = HOSTILE_PAGE.encode()
    page = run(binary, ['--explain'], '-', data)
    p = Blocks()
    p.feed(page)
    for tag, attrs in p.tags:
        if tag not in OWN_TAGS:
            problems.append('HTML: page text became a <%s> element' % tag)
        for name in attrs:
            if name.startswith('on'):
                problems.append('HTML: page text became an %s attribute' % name)
    if p.scripts != 1:
        problems.append('HTML: %d <script> elements (the report has one)' % p.scripts)
    texts = ' '.join(t for _, t in p.blocks)
    for s in ('<script>alert(6)</script>', '<script>alert(8)</script>',
              '"><img src=x onerror=alert(9)>', '</div><script>alert(10)</script>'):
        if s not in texts:
            problems.append('HTML: %r does not read as text' % s)
    report = json.loads(run(binary, ['--explain', '--format', 'json'], '-', data))
    if '<script>alert(8)</script>' not in ' '.join(b['text'] for b in report['blocks']):
        problems.append('JSON: the page text is not there as it was')
    return problems


# Each kind of boilerplate the seed pages hold, a phrase of it, and the
# reason the report must give: (reason, also) where 'also' is the reason
# the block's own record gives when it lies outside the container, or the
# rule of its class when the block was judged on its own.
SEEDS = {
    '000_tweaktown_style': [
        ('price widget', 'Prices last scanned', 'named', None),
        ('newsletter', 'Newsletter Subscription', 'outside-container', 'teaser-card'),
        ('author bio', 'Darren has written', 'outside-container', 'teaser-card'),
        ('related panel', 'Related Tags', 'outside-container', 'named-meta'),
        ('trending panel', 'Most Read', 'outside-container', 'named'),
    ],
    '001_tech4gamers_style': [
        ('feedback widget', 'Was our article helpful?', 'named', None),
        ('newsletter', 'Sign Up', 'outside-container', 'named'),
        ('community counts', '104,000', 'outside-container', 'named'),
        ('community invitation', 'Join the Tech4Gamers Forum', 'outside-container', 'named'),
        ('trending panel', 'Trending', 'outside-container', 'named'),
        ('latest-news panel', '=Latest News', 'outside-container', 'rule:furniture-phrase'),
    ],
    '002_interestingengineering_style': [
        ('feed promo', 'Add Interesting Engineering to your Google News feed', 'outside-container',
         'rule:furniture-phrase'),
        ('comment teaser', 'SHOW COMMENT', 'outside-container', 'comments'),
        ('job board', 'Senior Mechanical Engineer', 'outside-container', 'named'),
    ],
    '003_mashable_style': [
        ('advertisement label', 'Advertisement', 'named', None),
        ('author bio', 'Morgan is a reporter', 'outside-container', 'teaser-card'),
        ('trending panel', 'More in Tech', 'outside-container', 'named'),
        ('share bar', 'Share on Facebook', 'outside-container', 'teaser-card'),
    ],
}


def check_seeds(binary, root):
    problems = []
    for name, kinds in sorted(SEEDS.items()):
        path = os.path.join(root, 'seeds', name + '.html')
        report = json.loads(run(binary, ['--explain', '--format', 'json'], path))
        for kind, phrase, reason, also in kinds:
            # '=text': the block's whole text
            block = next((b for b in report['blocks']
                          if (b['text'] == phrase[1:] if phrase[0] == '=' else phrase in b['text'])),
                         None)
            where = '%s: %s (%r)' % (name, kind, phrase)
            if not block:
                problems.append('%s: no block' % where)
                continue
            got_also = block['also']
            if also and also.startswith('rule:'):
                got_also, also = 'rule:' + block['rule'], also
            if block['decision'] != 'dropped' or block['reason'] != reason or \
                    (also and got_also != also) or not block['phrase']:
                problems.append('%s: %s, %s, also %s: %s' % (where, block['decision'], block['reason'],
                                                             got_also, block['phrase']))
            else:
                print('ok   %s: %s' % (where, block['phrase']))
    return problems


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, root = sys.argv[1], sys.argv[2]
    failed = 0
    if len(sys.argv) > 4 and sys.argv[3] == '--data':
        data, extra = sys.argv[4], sys.argv[5:]
        n = 0
        for f in sorted(os.listdir(data)):
            if not re.search(r'\.html(\.gz)?$', f):
                continue
            n += 1
            problems = check_page(binary, os.path.join(data, f), extra)
            for p in problems:
                print('FAIL %s: %s' % (f, p))
            failed += bool(problems)
        print('%d pages, %d failed' % (n, failed))
        sys.exit(1 if failed or not n else 0)
    for name, path, args in fixture_pages(root):
        problems = check_page(binary, path, args)
        print('%s %s' % ('FAIL' if problems else 'ok  ', name))
        for p in problems:
            print('     ' + p)
        failed += bool(problems)
    for title, problems in (('escaping', check_escaping(binary)), ('seeds', check_seeds(binary, root))):
        print('%s %s' % ('FAIL' if problems else 'ok  ', title))
        for p in problems:
            print('     ' + p)
        failed += bool(problems)
    print('%d failed' % failed)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
