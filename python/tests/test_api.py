"""The module's surface: versions, Page as an immutable value, errors."""
import builtins
import pickle
import re

import pytest

import winnow

PAGE = ('<html lang="en"><head><title>Ferry late again</title>'
        '<meta name="author" content="Ann Other">'
        '<meta property="article:published_time" content="2024-05-01T08:00:00Z">'
        '<meta property="article:tag" content="ferries"><meta property="article:tag" content="harbour">'
        '</head><body><nav><a href="/">Home</a></nav><article><h1>Ferry late again</h1>'
        + '<p>The harbour ferry ran late again today, and the crew said why. </p>' * 6
        + '</article></body></html>')


def test_versions():
    assert re.fullmatch(r'\d+\.\d+\.\d+', winnow.__version__)
    assert winnow.library_version() == winnow.__version__  # the library is compiled in


def test_page_fields_and_immutability():
    page = winnow.extract_page(PAGE, url='https://news.example/ferry')
    assert page.title == 'Ferry late again'
    assert page.author == ('Ann Other',)
    assert page.date.startswith('2024-05-01')
    assert page.language == 'en'
    assert page.url == 'https://news.example/ferry'
    assert page.text.startswith('The harbour ferry') and page.markdown is None
    assert page.chars > 0 and page.words > 0 and 0 < page.confidence <= 1
    assert page.charset == 'UTF-8' and page.warnings == ()
    with pytest.raises(AttributeError, match='immutable'):
        page.title = 'x'
    with pytest.raises(AttributeError, match='immutable'):
        del page.text
    with pytest.raises(AttributeError):
        page.nonexistent
    d = page.to_dict()
    d['title'] = 'changed'
    d['author'].append('someone')
    assert page.title == 'Ferry late again' and page.author == ('Ann Other',)
    assert 'Ferry late again' in repr(page) and repr(page).startswith('Page(')
    assert pickle.loads(pickle.dumps(page)) == page
    assert hash(page) == hash(winnow.extract_page(PAGE, url='https://news.example/ferry'))
    assert set(['title', 'text', 'warnings', 'to_dict']) <= set(dir(page))


def test_page_markdown_on_request():
    page = winnow.extract_page(PAGE, markdown=True)
    assert page.text is None and 'The harbour ferry' in page.markdown
    assert 'markdown' in page.to_dict() and 'text' not in page.to_dict()


def test_formats():
    text = winnow.extract(PAGE)
    assert text.startswith('The harbour ferry') and text.endswith('\n')
    assert winnow.extract(PAGE, title=True).startswith('Ferry late again\n')
    assert winnow.extract(PAGE, format='markdown') == winnow.extract(PAGE, format='md')
    import json
    assert json.loads(winnow.extract(PAGE, format='json')) == winnow.extract_page(PAGE).to_dict()


def test_error_hierarchy():
    for e in (winnow.LimitError, winnow.DecodeError, winnow.ParseError, winnow.TimeoutError):
        assert issubclass(e, winnow.Error) and e.__module__ == 'winnow'
    assert issubclass(winnow.TimeoutError, builtins.TimeoutError)
    assert issubclass(winnow.Error, Exception)


def test_every_public_function_has_a_docstring():
    for name in winnow.__all__:
        obj = getattr(winnow, name)
        if callable(obj):
            assert obj.__doc__ and len(obj.__doc__) > 20, name


def test_typing_files_are_installed():
    import os
    here = os.path.dirname(winnow.__file__)
    assert os.path.exists(os.path.join(here, 'py.typed'))
    assert os.path.exists(os.path.join(here, '__init__.pyi'))
