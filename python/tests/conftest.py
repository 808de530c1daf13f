"""Shared by the tests: where the fixtures and the command-line tool are,
and the process's resident memory.

The tests compare the module with the `winnow` binary built from the same
tree: WINNOW_CLI names it, else build/winnow at the top of the tree (what
`.ci/setup build` makes)."""
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, 'fixtures')


@pytest.fixture(scope='session')
def cli():
    path = os.environ.get('WINNOW_CLI') or os.path.join(ROOT, 'build', 'winnow')
    if not os.access(path, os.X_OK):
        pytest.fail('no winnow binary at %s: build it (.ci/setup build) or set WINNOW_CLI' % path)
    return path


def rss_bytes():
    """Resident set size now (not the peak), from /proc."""
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def fixture_pages():
    """Every page under fixtures/: (group/name, path to .html, CLI args)."""
    out = []
    for group in sorted(os.listdir(FIXTURES)):
        gdir = os.path.join(FIXTURES, group)
        if not os.path.isdir(gdir):
            continue
        for f in sorted(os.listdir(gdir)):
            if f.endswith('.html'):
                base = os.path.join(gdir, f[:-5])
                args = []
                if os.path.exists(base + '.args'):
                    with open(base + '.args', encoding='utf-8') as fh:
                        args = fh.read().split()
                out.append(('%s/%s' % (group, f[:-5]), base + '.html', args))
    return out


def read(path):
    with open(path, 'rb') as f:
        return f.read()
