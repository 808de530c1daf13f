"""The GIL is released while C works, and extraction leaks nothing."""
import threading
import time

import winnow
from conftest import FIXTURES, read, rss_bytes


def big_page():
    paras = ''.join('<p>Paragraph %d: the council met again about the bridge, and the '
                    'engineers said the repairs would take another month at least.</p>' % i
                    for i in range(40000))
    return ('<html><body><nav>' + '<a href="/x">link</a>' * 500 + '</nav><article>'
            + paras + '</article></body></html>')


def test_another_thread_runs_during_a_big_extraction():
    """A Python thread counts and notes the time now and then while the
    main thread extracts a big page.  Were the GIL held, the counter could
    run only at the call's edges (before the call takes the GIL, after it
    gives it back); so it must have run in the middle half of the call."""
    page = big_page()
    stamps = []
    stop = threading.Event()

    def spin():
        n = 0
        while not stop.is_set():
            n += 1
            if n % 1000 == 0:
                stamps.append(time.perf_counter())

    t = threading.Thread(target=spin)
    t.start()
    try:
        time.sleep(0.05)
        start = time.perf_counter()
        text = winnow.extract(page)
        end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    assert text and 'Paragraph 39999' in text
    quarter = (end - start) / 4
    assert quarter > 0.02, 'page too small to tell (%.3f s)' % (end - start)
    middle = [s for s in stamps if start + quarter < s < end - quarter]
    assert len(middle) > 50, 'the other thread ran %d thousand times in the middle' % len(middle)


def test_extract_from_many_python_threads_at_once():
    """Each call is independent of the others: a thread pool of Python's own
    gets what a loop gets."""
    from concurrent.futures import ThreadPoolExecutor
    import glob
    pages = [read(p) for p in sorted(glob.glob(FIXTURES + '/*/*.html'))] * 3
    want = [winnow.extract(p, format='json') for p in pages]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda p: winnow.extract(p, format='json'), pages)) == want


def test_no_leak_over_100000_calls():
    page = read(FIXTURES + '/json/dates_rfc3339.html')
    for _ in range(2000):
        winnow.extract(page)
    before = rss_bytes()
    for i in range(100000):
        winnow.extract(page, format=('text', 'markdown', 'json')[i % 3])
    grown = rss_bytes() - before
    assert grown < 3 << 20, 'RSS grew by %.1f MB' % (grown / 2**20)


def test_no_leak_with_pages_and_errors():
    page = read(FIXTURES + '/json/several_authors_jsonld.html')
    for _ in range(2000):
        winnow.extract_page(page)
    before = rss_bytes()
    for i in range(20000):
        winnow.extract_page(page)
        try:
            winnow.extract(None)
        except TypeError:
            pass
        try:
            winnow.extract(b'\x1f\x8b\x08\x00garbage')
        except winnow.Error:
            pass
    grown = rss_bytes() - before
    assert grown < 3 << 20, 'RSS grew by %.1f MB' % (grown / 2**20)
