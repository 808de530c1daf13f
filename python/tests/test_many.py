"""extract_many: the same results as a loop over extract(), in input order,
on 1 and 4 threads, with memory bounded whatever the number of pages."""
import gc
import json

import pytest

import winnow
from conftest import fixture_pages, read, rss_bytes

PAGES = [read(path) for _, path, _ in fixture_pages()]


def small_page(i):
    """A made-up page per number: some have an article, some only links,
    some are not HTML at all, so every kind of result comes through."""
    if i % 7 == 3:
        return '<ul>' + ''.join('<li><a href="/p%d">Item %d</a></li>' % (k, k) for k in range(8)) + '</ul>'
    if i % 11 == 5:
        return b'\xff\xfe not quite a page %d' % i
    paras = ''.join('<p>Paragraph %d of story %d tells how the harbour ferry %s, '
                    'and what the crew said about it afterwards.</p>'
                    % (k, i, ['ran late', 'changed its route', 'was repainted'][(i + k) % 3])
                    for k in range(1 + i % 5))
    return ('<html><head><title>Story %d</title></head><body><nav><a href="/">Home</a></nav>'
            '<article><h1>Story %d</h1>%s</article><footer>Contact us</footer></body></html>'
            % (i, i, paras))


@pytest.mark.parametrize('threads', [1, 4])
@pytest.mark.parametrize('fmt', ['text', 'markdown', 'json'])
def test_fixtures_same_as_loop(threads, fmt):
    want = [winnow.extract(p, format=fmt) for p in PAGES]
    got = list(winnow.extract_many(PAGES, threads=threads, format=fmt))
    assert got == want
    assert any(w is None for w in want) and any(w for w in want)


@pytest.mark.parametrize('threads', [1, 4])
def test_generator_of_10000_pages_same_as_loop_and_memory_flat(threads):
    n = 10000
    results = winnow.extract_many((small_page(i) for i in range(n)), threads=threads)
    gc.collect()
    count = 0
    for i, got in enumerate(results):
        assert got == winnow.extract(small_page(i)), 'page %d' % i
        count += 1
        if i == 1000:
            base = rss_bytes()
    grown = rss_bytes() - base
    assert count == n
    # 9,000 pages later: a window of pages in flight, not the whole stream
    assert grown < 4 << 20, 'RSS grew by %.1f MB' % (grown / 2**20)


def test_default_threads_and_options_apply_to_every_page():
    pages = [small_page(i) for i in range(40)]
    want = [winnow.extract(p, format='json', title=True, url='https://example.org/') for p in pages]
    assert list(winnow.extract_many(pages, format='json', title=True,
                                    url='https://example.org/')) == want


def test_tuples_carry_each_page_url():
    page = ('<html><body><article><h1>Ferry</h1><p>' + 'The harbour ferry ran late again today. ' * 10
            + '<a href="timetable.html">timetable</a></p></article></body></html>')
    urls = ['https://a.example/news/', 'https://b.example/x/', None]
    got = list(winnow.extract_many([(page, u) for u in urls], format='json'))
    assert [json.loads(g)['url'] for g in got] == urls
    md = list(winnow.extract_many([(page, u) for u in urls], format='markdown', links=True,
                                  url='https://default.example/'))
    assert '(https://a.example/news/timetable.html)' in md[0]
    assert '(https://b.example/x/timetable.html)' in md[1]
    assert '(https://default.example/timetable.html)' in md[2]


def test_a_failing_page_yields_its_exception_in_place():
    good = small_page(0)
    bomb = gzip_bomb()
    pages = [good, None, bomb, 42, ('x',), good]
    got = list(winnow.extract_many(pages, threads=2, max_bytes=1 << 20))
    assert got[0] == got[5] == winnow.extract(good)
    assert isinstance(got[1], TypeError) and 'page 1' in str(got[1])
    assert isinstance(got[2], str) and len(got[2]) <= 1 << 20  # cut at max_bytes
    assert isinstance(got[3], TypeError) and 'int' in str(got[3])
    assert isinstance(got[4], TypeError)


def test_errors_raise_raises_at_the_failing_page():
    it = winnow.extract_many([small_page(0), None, small_page(1)], errors='raise')
    assert next(it) == winnow.extract(small_page(0))
    with pytest.raises(TypeError, match='page 1: html must be str or bytes, not NoneType'):
        next(it)
    assert next(it) == winnow.extract(small_page(1))


def test_an_iterable_that_raises_stops_the_iteration_with_its_error():
    def pages():
        yield small_page(0)
        raise RuntimeError('the crawl broke')
    it = winnow.extract_many(pages())
    with pytest.raises(RuntimeError, match='the crawl broke'):
        list(it)


def os_threads():
    with open('/proc/self/status') as f:
        return int(next(line for line in f if line.startswith('Threads:')).split()[1])


def test_threads_end_with_the_iteration_or_the_iterator():
    before = os_threads()
    it = winnow.extract_many((small_page(i) for i in range(1000)), threads=4)
    next(it)
    assert os_threads() == before + 4
    del it  # abandoned half way: its threads are joined
    assert os_threads() == before
    it = winnow.extract_many([small_page(i) for i in range(10)], threads=3)
    assert len(list(it)) == 10
    assert os_threads() == before  # exhausted: no threads left behind


def test_bad_arguments():
    with pytest.raises(ValueError, match='threads'):
        winnow.extract_many([], threads=0)
    with pytest.raises(TypeError, match='threads'):
        winnow.extract_many([], threads='4')
    with pytest.raises(ValueError, match='errors'):
        winnow.extract_many([], errors='ignore')
    with pytest.raises(TypeError):
        winnow.extract_many(42)
    assert list(winnow.extract_many([])) == []


def gzip_bomb():
    import gzip
    return gzip.compress(b'<p>' + b'a' * (64 << 20), compresslevel=9)


def test_next_from_two_threads_at_once_is_refused_not_raced():
    import threading
    slow = ('<html><body><article>' + '<p>A paragraph of words that goes on for a while.</p>' * 20000
            + '</article></body></html>')
    it = winnow.extract_many([slow, slow], threads=1)
    got, busy = [], []

    def take():
        try:
            got.append(next(it))
        except ValueError as e:
            busy.append(str(e))

    ts = [threading.Thread(target=take) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    # a call that came while the other waited was told so; none got a page twice
    assert busy in ([], ['extract_many iterator already executing'])
    got += list(it)
    assert len(got) == 2 and got[0] == got[1] == winnow.extract(slow)
