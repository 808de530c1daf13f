"""The module gives what the command line gives, byte for byte, on every
page under fixtures/ (text, Markdown and JSON fixtures alike), each with
its .args turned into keywords."""
import json
import subprocess

import pytest

import winnow
from conftest import fixture_pages, read

PAGES = fixture_pages()
IDS = [name for name, _, _ in PAGES]


def keywords(args, fmt):
    """A fixture's command-line arguments as extract()'s keywords, and the
    arguments the CLI takes for this format (--markdown goes with JSON only)."""
    kw, cli_args, i = {}, [], 0
    while i < len(args):
        a = args[i]
        if a in ('--url', '-u'):
            kw['url'] = args[i + 1]
            cli_args += args[i:i + 2]
            i += 2
            continue
        if a.startswith('--url='):
            kw['url'] = a[len('--url='):]
        elif a == '--markdown':
            if fmt != 'json':
                i += 1
                continue
            kw['markdown'] = True
        elif a in ('--title', '--links', '--images', '--captions', '--precision', '--recall'):
            kw[a[2:]] = True
        else:
            raise AssertionError('fixture argument the test does not map: %s' % a)
        cli_args.append(a)
        i += 1
    return kw, cli_args


def run_cli(cli, fmt, args, path):
    p = subprocess.run([cli, '--format', fmt] + args + [path], capture_output=True, timeout=60)
    assert p.returncode in (0, 1), p.stderr
    return p


@pytest.mark.parametrize('fmt', ['text', 'markdown', 'json'])
@pytest.mark.parametrize('name,path,args', PAGES, ids=IDS)
def test_extract_equals_cli(cli, name, path, args, fmt):
    kw, cli_args = keywords(args, fmt)
    p = run_cli(cli, fmt, cli_args, path)
    got = winnow.extract(read(path), format=fmt, **kw)
    if got is None:
        # no article: the CLI says so with exit 1 (and prints JSON all the same)
        assert p.returncode == 1
        if fmt != 'json':
            assert p.stdout == b''
        else:
            assert json.loads(p.stdout)['chars'] == 0
    else:
        assert p.returncode == 0, p.stderr
        assert got.encode('utf-8') == p.stdout


@pytest.mark.parametrize('name,path,args', PAGES, ids=IDS)
def test_page_to_dict_equals_cli_json(cli, name, path, args):
    kw, cli_args = keywords(args, 'json')
    want = json.loads(run_cli(cli, 'json', cli_args, path).stdout)
    page = winnow.extract_page(read(path), **kw)
    assert page.to_dict() == want
    assert list(page.to_dict()) == list(want)  # the keys in the same order too
    for key, value in want.items():
        assert getattr(page, key) == (tuple(value) if isinstance(value, list) else value)


@pytest.mark.parametrize('name,path,args', PAGES, ids=IDS)
def test_str_input_equals_bytes_input(cli, name, path, args):
    """A str is the page already decoded: the same text as its UTF-8 bytes."""
    data = read(path)
    try:
        html = data.decode('utf-8')
    except UnicodeDecodeError:
        pytest.skip('not UTF-8: its bytes go through winnow\'s charset detection')
    kw, _ = keywords(args, 'text')
    if winnow.extract_page(data, **kw).charset != 'UTF-8':
        pytest.skip('declares another charset than the UTF-8 it holds')
    assert winnow.extract(html, **kw) == winnow.extract(data, **kw)
