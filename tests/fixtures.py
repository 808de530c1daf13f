#!/usr/bin/env python3
"""Run winnow over every fixture page and compare with the hand-written text.

fixtures/<group>/<name>.html  the page
fixtures/<group>/<name>.txt   what a careful reader keeps (exact, after
                              trailing-whitespace normalization)
fixtures/<group>/<name>.absent  optional: phrases that must not appear
fixtures/<group>/<name>.args    optional: extra command-line arguments
"""
import os
import subprocess
import sys


def norm(text):
    lines = [line.rstrip() for line in text.replace('\r\n', '\n').split('\n')]
    return '\n'.join(lines).strip('\n')


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: fixtures.py WINNOW FIXTURES_DIR')
    binary, root = sys.argv[1], sys.argv[2]
    failed = passed = 0
    for group in sorted(os.listdir(root)):
        gdir = os.path.join(root, group)
        if not os.path.isdir(gdir):
            continue
        for f in sorted(os.listdir(gdir)):
            if not f.endswith('.html'):
                continue
            base = os.path.join(gdir, f[:-5])
            if not os.path.exists(base + '.txt'):
                continue
            args = []
            if os.path.exists(base + '.args'):
                args = open(base + '.args').read().split()
            proc = subprocess.run([binary] + args + [base + '.html'],
                                  capture_output=True, timeout=30)
            got = proc.stdout.decode('utf-8', 'replace')
            want = open(base + '.txt', encoding='utf-8').read()
            problems = []
            if proc.returncode < 0:
                problems.append('killed by signal %d' % -proc.returncode)
            if norm(got) != norm(want):
                problems.append('output differs from %s.txt' % f[:-5])
            if not norm(want) and proc.returncode != 1:
                problems.append('no-article page should exit 1, got %d' % proc.returncode)
            if norm(want) and proc.returncode != 0:
                problems.append('exit status %d' % proc.returncode)
            if os.path.exists(base + '.absent'):
                for phrase in open(base + '.absent', encoding='utf-8').read().splitlines():
                    if phrase.strip() and phrase.strip() in got:
                        problems.append('boilerplate survived: %r' % phrase.strip())
            name = '%s/%s' % (group, f)
            if problems:
                failed += 1
                print('FAIL %s' % name)
                for p in problems:
                    print('     ' + p)
                if norm(got) != norm(want):
                    import difflib
                    for line in difflib.unified_diff(norm(want).split('\n'), norm(got).split('\n'),
                                                     'expected', 'winnow', lineterm='', n=1):
                        print('     ' + line[:160])
            else:
                passed += 1
                print('ok   %s' % name)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed or not passed else 0)


if __name__ == '__main__':
    main()
