"""Bad input gives a clear exception or None, never a crash: wrong types,
bytes that are not UTF-8, an empty page, a gzip bomb under max_bytes, a
page over max_time, and keywords out of range."""
import gzip
import re
import time

import pytest

import winnow

ARTICLE = ('<html><head><title>Ferry</title></head><body><article><h1>Ferry</h1>'
           + '<p>The harbour ferry ran late again today, and the crew said why. </p>' * 6
           + '</article></body></html>')


@pytest.mark.parametrize('value,name', [(None, 'NoneType'), (42, 'int'), (4.2, 'float'),
                                        (['<p>x</p>'], 'list'), (object(), 'object')])
def test_wrong_type_is_a_type_error(value, name):
    with pytest.raises(TypeError, match='html must be str or bytes, not %s' % name):
        winnow.extract(value)
    with pytest.raises(TypeError, match='html must be str or bytes'):
        winnow.extract_page(value)


@pytest.mark.parametrize('value', ['', b'', ' \n\t ', b'\x00\x00', '<html></html>'])
def test_empty_page_gives_none(value):
    assert winnow.extract(value) is None
    assert winnow.extract(value, format='json') is None
    page = winnow.extract_page(value)
    assert page.text == '' and page.chars == 0 and page.confidence == 0


def test_non_utf8_bytes_are_decoded_not_refused():
    page = ARTICLE.replace('late', 'l\xe4te').encode('latin-1')
    text = winnow.extract(page)
    assert 'l\xe4te' in text  # undeclared, not UTF-8: read as windows-1252
    broken = ARTICLE.encode() + b'\xff\xfe\xc3'
    assert 'harbour ferry' in winnow.extract(broken)
    noise = winnow.extract(bytes(range(256)) * 40)  # no charset fits: an answer all the same
    assert noise is None or isinstance(noise, str)


def test_str_with_lone_surrogates_does_not_fail():
    text = winnow.extract(ARTICLE.replace('late', 'la\udcffte'))
    assert re.search('ran la\ufffd+te again', text)  # its bytes replaced, the rest kept


def test_bytes_like_inputs():
    want = winnow.extract(ARTICLE)
    assert winnow.extract(bytearray(ARTICLE.encode())) == want
    assert winnow.extract(memoryview(ARTICLE.encode())) == want


def test_gzip_bomb_is_cut_at_max_bytes():
    bomb = gzip.compress(b'<p>' + b'a' * (64 << 20), compresslevel=9)  # 64 MB from 64 kB
    page = winnow.extract_page(bomb, max_bytes=1 << 20)
    assert 'truncated' in page.warnings and page.limits_applied
    assert 0 < page.chars <= 1 << 20
    with pytest.raises(winnow.DecodeError, match='could not be decoded') as e:
        winnow.extract(b'\x1f\x8b\x08\x00' + b'not deflate at all' * 10)  # a corrupt stream
    assert e.value.status == 'input could not be decoded'


def test_page_over_max_time_raises_timeout_error():
    big = ('<html><body>' + '<div><p>Some words in a block of text here.</p>' * 200000
           + '</div>' * 200000 + '</body></html>')
    start = time.process_time()
    with pytest.raises(winnow.TimeoutError, match='max_time') as e:
        winnow.extract(big, max_time=0.01)
    assert time.process_time() - start < 5
    assert isinstance(e.value, winnow.Error) and isinstance(e.value, TimeoutError)
    # and in extract_many it stands in its place
    got = list(winnow.extract_many([ARTICLE, big, ARTICLE], max_time=0.01, threads=2))
    assert got[0] == got[2] == winnow.extract(ARTICLE)
    assert isinstance(got[1], winnow.TimeoutError)


@pytest.mark.parametrize('kw,exc,msg', [
    ({'format': 'html'}, ValueError, "format must be 'text', 'markdown' or 'json'"),
    ({'format': 1}, TypeError, 'format must be str'),
    ({'precision': True, 'recall': True}, ValueError, 'exclude each other'),
    ({'markdown': True}, ValueError, "goes with format='json'"),
    ({'url': 5}, TypeError, 'url must be str or None'),
    ({'url': 'http://a\0b'}, ValueError, 'NUL'),
    ({'charset': 'klingon'}, ValueError, 'unknown charset'),
    ({'charset': b'utf-8'}, TypeError, 'charset must be str'),
    ({'max_bytes': 0}, ValueError, 'max_bytes must be a positive'),
    ({'max_bytes': -5}, ValueError, 'max_bytes must be a positive'),
    ({'max_bytes': 1.5}, TypeError, 'max_bytes must be int'),
    ({'max_time': -1}, ValueError, 'max_time must be seconds'),
    ({'max_time': 1e9}, ValueError, 'max_time must be seconds'),
    ({'max_time': '1'}, TypeError, 'max_time must be seconds'),
])
def test_bad_keywords(kw, exc, msg):
    with pytest.raises(exc, match=msg):
        winnow.extract(ARTICLE, **kw)


def test_unknown_keyword_and_positional_options_are_refused():
    with pytest.raises(TypeError):
        winnow.extract(ARTICLE, 'text')
    with pytest.raises(TypeError):
        winnow.extract(ARTICLE, fmt='text')
    with pytest.raises(TypeError):
        winnow.extract_page(ARTICLE, format='json')


def test_charset_applies_to_bytes():
    data = ARTICLE.replace('late', 'l\xe4te').encode('latin-1')
    assert 'l\xe4te' in winnow.extract(data, charset='latin1')
    assert winnow.extract_page(data, charset='latin1').charset == 'windows-1252'
    # a str is already decoded: charset= does not re-decode it
    assert winnow.extract(ARTICLE, charset='shift_jis') == winnow.extract(ARTICLE)
