#!/usr/bin/env python3
"""Markdown and JSON output against hand-written expectations.

fixtures/markdown/<name>.html  a page
fixtures/markdown/<name>.md    the Markdown winnow must print (exact, after
                               trailing-whitespace normalization)
fixtures/json/<name>.html      a page
fixtures/json/<name>.json      the fields to check: each key of the object
                               must equal the output's; besides, "contains":
                               {"field": ["substring", ...]} and "absent":
                               ["field", ...] (keys that must not be there)
<name>.args                    optional: extra command-line arguments

Every Markdown fixture also goes round the loop: its Markdown rendered to
HTML by cmark-gfm (CommonMark with GitHub's tables) and that HTML back
through `winnow --format text` must give the text `winnow --format text`
gives for the page, line for line (blank lines and edge spaces aside).

Last, every page under fixtures/ goes through `--format json` in one run;
each line printed must parse with the json module and hold every field
with the right type (null where absent), confidence in [0, 1].
"""
import json
import os
import shutil
import subprocess
import sys

FIELDS = {
    'url': (str,), 'title': (str,), 'author': (list,), 'date': (str,), 'modified': (str,),
    'sitename': (str,), 'description': (str,), 'language': (str,), 'canonical': (str,),
    'image': (str,), 'tags': (list,), 'chars': (int,), 'words': (int,),
    'confidence': (int, float), 'charset': (str,), 'limits_applied': (bool,),
}
NOT_NULL = {'chars', 'words', 'confidence', 'charset', 'limits_applied'}


def run(cmd, data=None):
    p = subprocess.run(cmd, input=data, capture_output=True, timeout=60)
    if p.returncode < 0:
        raise RuntimeError('%s: killed by signal %d' % (cmd[0], -p.returncode))
    return p


def norm(text):
    lines = [line.rstrip() for line in text.replace('\r\n', '\n').split('\n')]
    return '\n'.join(lines).strip('\n')


def lines(text):
    return [line.strip() for line in text.split('\n') if line.strip()]


def args_of(base):
    if os.path.exists(base + '.args'):
        return open(base + '.args', encoding='utf-8').read().split()
    return []


def diff(want, got):
    import difflib
    return ['     ' + line[:160] for line in
            difflib.unified_diff(want.split('\n'), got.split('\n'), 'expected', 'winnow',
                                 lineterm='', n=1)]


def check_markdown(winnow, cmark, base):
    problems = []
    args = args_of(base)
    page = base + '.html'
    p = run([winnow, '--format', 'markdown'] + args + [page])
    got = p.stdout.decode('utf-8')
    want = open(base + '.md', encoding='utf-8').read()
    if norm(got) != norm(want):
        problems.append('output differs from %s.md' % os.path.basename(base))
        problems += diff(norm(want), norm(got))
    # the round trip: Markdown -> HTML (cmark-gfm) -> text, against the text
    keep = [a for a in args if a in ('--captions', '--precision', '--recall', '--title')]
    text = run([winnow] + keep + [page]).stdout.decode('utf-8')
    html = run([cmark, '-e', 'table', '--unsafe'], p.stdout).stdout
    wrapped = b'<html><body><article>' + html + b'</article></body></html>'
    back = run([winnow, '--recall'] + [a for a in keep if a in ('--captions', '--title')], wrapped)
    back_text = back.stdout.decode('utf-8')
    if lines(text) != lines(back_text):
        problems.append('round trip through cmark-gfm changes the text')
        problems += diff('\n'.join(lines(text)), '\n'.join(lines(back_text)))
    return problems


def check_json(winnow, base):
    problems = []
    p = run([winnow, '--format', 'json'] + args_of(base) + [base + '.html'])
    out = p.stdout.decode('utf-8')
    objs = [json.loads(line) for line in out.split('\n') if line.strip()]
    if len(objs) != 1:
        return ['expected one JSON line, got %d' % len(objs)]
    got = objs[0]
    want = json.load(open(base + '.json', encoding='utf-8'))
    for key, value in want.items():
        if key == 'contains':
            for field, subs in value.items():
                for s in subs:
                    if not isinstance(got.get(field), str) or s not in got[field]:
                        problems.append('%s does not contain %r' % (field, s))
        elif key == 'absent':
            for field in value:
                if field in got:
                    problems.append('%s should not be there' % field)
        elif got.get(key, '<missing>') != value:
            problems.append('%s: expected %s, got %s' % (
                key, json.dumps(value, ensure_ascii=False), json.dumps(got.get(key, '<missing>'),
                                                                       ensure_ascii=False)))
    return problems


def check_schema(obj):
    problems = []
    body = [k for k in ('text', 'markdown') if k in obj]
    if len(body) != 1:
        problems.append('exactly one of text/markdown expected, got %s' % body)
    elif not isinstance(obj[body[0]], str):
        problems.append('%s is not a string' % body[0])
    for key, types in FIELDS.items():
        if key not in obj:
            problems.append('missing field %s' % key)
            continue
        v = obj[key]
        if v is None:
            if key in NOT_NULL:
                problems.append('%s is null' % key)
            continue
        if not isinstance(v, types) or (isinstance(v, bool) and bool not in types):
            problems.append('%s has type %s' % (key, type(v).__name__))
        if isinstance(v, list):
            if not v or not all(isinstance(x, str) and x for x in v):
                problems.append('%s: a list of non-empty strings expected' % key)
    c = obj.get('confidence')
    if isinstance(c, (int, float)) and not 0 <= c <= 1:
        problems.append('confidence %r outside [0, 1]' % c)
    if obj.get('text') == '' and c not in (0, None):
        problems.append('no article, yet confidence %r' % c)
    return problems


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: formats.py WINNOW FIXTURES_DIR')
    winnow, root = sys.argv[1], sys.argv[2]
    cmark = shutil.which('cmark-gfm')
    if not cmark:
        sys.exit('formats.py: cmark-gfm is needed for the round trip (.ci/setup installs it)')
    passed = failed = 0

    def report(name, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            print('FAIL %s' % name)
            for p in problems:
                print('     ' + p if not p.startswith('     ') else p)
        else:
            passed += 1
            print('ok   %s' % name)

    for group, ext, check in (('markdown', '.md', lambda b: check_markdown(winnow, cmark, b)),
                              ('json', '.json', lambda b: check_json(winnow, b))):
        gdir = os.path.join(root, group)
        for f in sorted(os.listdir(gdir)):
            base = os.path.join(gdir, f[:-5])
            if f.endswith('.html') and os.path.exists(base + ext):
                try:
                    report('%s/%s' % (group, f), check(base))
                except (RuntimeError, ValueError) as e:
                    report('%s/%s' % (group, f), [str(e)])

    # every page of every group, in one run: one valid JSON object each
    pages = []
    for dirpath, _, files in os.walk(root):
        pages += [os.path.join(dirpath, f) for f in sorted(files) if f.endswith('.html')]
    pages.sort()
    for extra in ([], ['--markdown', '--links', '--images']):
        name = 'json schema, %d pages%s' % (len(pages), ' ' + ' '.join(extra) if extra else '')
        p = run([winnow, '--format', 'json'] + extra + pages)
        problems = []
        try:
            out = p.stdout.decode('utf-8')  # strict: invalid UTF-8 fails here
            objs = [json.loads(line) for line in out.split('\n') if line]
        except ValueError as e:
            objs, problems = [], ['not valid JSON/UTF-8: %s' % e]
        if not problems and len(objs) != len(pages):
            problems.append('%d pages, %d JSON lines' % (len(pages), len(objs)))
        for page, obj in zip(pages, objs):
            for prob in check_schema(obj):
                problems.append('%s: %s' % (os.path.relpath(page, root), prob))
        report(name, problems)

    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed or not passed else 0)


if __name__ == '__main__':
    main()
