"""winnow: keep the article of a web page, drop the rest.

The article of an HTML page (nav, ads, newsletter boxes, related links,
share bars, comments and footers left out) as plain text, Markdown or
JSON, from libwinnow compiled into this module::

    import winnow
    text = winnow.extract(html)                      # str, or None: no article
    page = winnow.extract_page(html, url=url)        # text and metadata
    for text in winnow.extract_many(pages):          # every core, in order
        ...

``html`` is ``bytes`` (winnow detects the charset and un-gzips) or ``str``
(taken as already decoded).  The C work runs with the GIL released, so
Python threads run alongside; ``extract_many`` uses a pool of OS threads.
"""
import json as _json
import os as _os

from . import _winnow
from ._winnow import DecodeError, Error, LimitError, ParseError, TimeoutError, library_version

__version__ = _winnow.__version__

__all__ = [
    'extract', 'extract_page', 'extract_many', 'Page', 'Error', 'LimitError', 'DecodeError',
    'ParseError', 'TimeoutError', 'library_version', '__version__',
]

_MODES = {'text': _winnow.MODE_TEXT, 'markdown': _winnow.MODE_MARKDOWN,
          'md': _winnow.MODE_MARKDOWN, 'json': _winnow.MODE_JSON}
_WARNINGS = (('depth', _winnow.WARN_DEPTH), ('attributes', _winnow.WARN_ATTRS),
             ('truncated', _winnow.WARN_TRUNCATED), ('charset', _winnow.WARN_CHARSET),
             ('nodes', _winnow.WARN_NODES))


_PAGE = object()  # extract_page's mode, out of extract()'s reach


def _options(format, url, title, links, images, captions, precision, recall, markdown,
             charset, max_bytes, max_time):
    """Keywords as the CLI's options: (mode, flags, url, charset, max_bytes, max_ms)."""
    if isinstance(format, str) and format in _MODES:
        mode = _MODES[format]
    elif format is _PAGE:
        mode = _winnow.MODE_PAGE
    elif isinstance(format, str):
        raise ValueError("format must be 'text', 'markdown' or 'json', not %r" % format)
    else:
        raise TypeError('format must be str, not %s' % type(format).__name__)
    flags = 0
    for on, bit in ((title, _winnow.OPT_TITLE), (links, _winnow.OPT_LINKS),
                    (images, _winnow.OPT_IMAGES), (captions, _winnow.OPT_CAPTIONS),
                    (precision, _winnow.OPT_PRECISION), (recall, _winnow.OPT_RECALL),
                    (markdown, _winnow.OPT_MARKDOWN_IN_JSON)):
        if on:
            flags |= bit
    if precision and recall:
        raise ValueError('precision and recall exclude each other')
    if markdown and mode not in (_winnow.MODE_JSON, _winnow.MODE_PAGE):
        raise ValueError("markdown=True goes with format='json' (for Markdown alone: "
                         "format='markdown')")
    if url is not None and not isinstance(url, str):
        raise TypeError('url must be str or None, not %s' % type(url).__name__)
    if charset is not None:
        if not isinstance(charset, str):
            raise TypeError('charset must be str or None, not %s' % type(charset).__name__)
        # the C side says which labels it knows
    if max_bytes is None:
        nbytes = 0
    elif isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError('max_bytes must be int or None, not %s' % type(max_bytes).__name__)
    elif max_bytes < 1 or max_bytes >= 1 << 64:
        raise ValueError('max_bytes must be a positive number of bytes, not %r' % max_bytes)
    else:
        nbytes = max_bytes
    if max_time is None:
        ms = 0
    elif isinstance(max_time, bool) or not isinstance(max_time, (int, float)):
        raise TypeError('max_time must be seconds (int or float) or None, not %s'
                        % type(max_time).__name__)
    elif not 0 <= max_time <= 86400:
        raise ValueError('max_time must be seconds from 0 to 86400, not %r' % max_time)
    else:
        # milliseconds rounded up, as the CLI's --max-time: a small bound never becomes none
        x = max_time * 1000
        ms = int(x)
        if ms < x:
            ms += 1
    return mode, flags, url, charset, nbytes, ms


def extract(html, *, url=None, format='text', title=False, links=False, images=False,
            captions=False, precision=False, recall=False, markdown=False, charset=None,
            max_bytes=None, max_time=None):
    """Return the article of one page as a str, or None when it holds none.

    html: the page, bytes (any charset, gzip or not: winnow finds out) or
        str (taken as already decoded; charset= is then ignored).
    url: the page's address, to resolve links and metadata.
    format: 'text' (default), 'markdown' or 'json' (one JSON object, as
        the CLI's ``--format json`` prints it).
    title: put the title before the article.
    links, images: Markdown keeps links as [text](url), images as ![alt](src).
    captions: keep figure captions and photo credits.
    precision: leave out anything doubtful; recall: keep anything plausible.
    markdown: with format='json', the article as Markdown in "markdown".
    charset: decode bytes as this charset (a WHATWG label), whatever the
        page declares.
    max_bytes: bytes of decoded HTML kept (default 64 MiB); past it the
        page is cut, or LimitError raised when a gzip stream inflates
        beyond it.
    max_time: give up after this many seconds of CPU time (TimeoutError).

    The output is byte for byte what the ``winnow`` command prints with the
    same options.  Raises TypeError or ValueError for bad arguments and a
    winnow.Error subclass when the page cannot be processed.
    """
    return _winnow._extract(html, *_options(format, url, title, links, images, captions,
                                             precision, recall, markdown, charset, max_bytes,
                                             max_time))


def extract_page(html, *, url=None, title=False, links=False, images=False, captions=False,
                 precision=False, recall=False, markdown=False, charset=None, max_bytes=None,
                 max_time=None):
    """Return the article and what the page says about itself as a Page.

    Arguments as for extract() (no format: a Page holds the JSON's fields;
    markdown=True puts the article in page.markdown instead of page.text).
    A page without an article still gives a Page, with text '' and chars 0,
    and whatever metadata it has.
    """
    raw, warnings = _winnow._extract(html, *_options(_PAGE, url, title, links, images, captions,
                                                     precision, recall, markdown, charset,
                                                     max_bytes, max_time))
    return Page(_json.loads(raw), _warning_names(warnings))


def _cores():
    try:
        return len(_os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return _os.cpu_count() or 1


def extract_many(pages, *, threads=None, errors='yield', url=None, format='text', title=False,
                 links=False, images=False, captions=False, precision=False, recall=False,
                 markdown=False, charset=None, max_bytes=None, max_time=None):
    """Extract many pages on several threads; yield the results in input order.

    pages: any iterable (a generator too) of html or (html, url) tuples; it
        is read as results are consumed, a few pages per thread ahead, so
        memory stays bounded whatever its length.
    threads: OS threads extracting at once (default: the cores this process
        may use); the GIL is released while they work.
    errors: 'yield' (default) puts the exception of a page that fails (a
        winnow.Error, or TypeError for an item that is not a page) in its
        place and goes on; 'raise' raises it from the iterator.
    The other keywords are extract()'s and apply to every page (a tuple's
    url overrides url=).  Each result is what extract() would return.
    """
    if threads is None:
        threads = _cores()
    elif isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError('threads must be int or None, not %s' % type(threads).__name__)
    elif threads < 1 or threads > 1024:
        raise ValueError('threads must be from 1 to 1024, not %r' % threads)
    if errors not in ('yield', 'raise'):
        raise ValueError("errors must be 'yield' or 'raise', not %r" % (errors,))
    mode, flags, url, charset, nbytes, ms = _options(format, url, title, links, images, captions,
                                                      precision, recall, markdown, charset,
                                                      max_bytes, max_time)
    # enough pages in flight that one slow page does not idle the others
    return _winnow.Many(pages, mode, flags, url, charset, nbytes, ms, threads,
                        max(4 * threads, 8), errors == 'raise')


def _warning_names(bits):
    return tuple(name for name, bit in _WARNINGS if bits & bit)


_FIELDS = ('url', 'title', 'author', 'date', 'modified', 'sitename', 'description', 'language',
           'canonical', 'image', 'tags', 'text', 'markdown', 'chars', 'words', 'confidence',
           'charset', 'limits_applied')


class Page:
    """An extracted page: the fields of ``winnow --format json`` as read-only
    attributes.

    url, title, date, modified, sitename, description, language, canonical,
    image: str or None (None when the page does not say; nothing is guessed).
    author, tags: tuples of str, or None.
    text: the article as plain text ('' when there is none); None when
        markdown=True was asked, which fills markdown instead.
    chars, words: int; confidence: float in [0, 1]; charset: str, the one
    the page was decoded from; limits_applied: bool.
    warnings: names of what winnow changed to keep within its limits or
        decode the page: 'depth', 'attributes', 'truncated', 'charset', 'nodes'.

    to_dict() gives the JSON object as ``winnow --format json`` prints it.
    """

    __slots__ = ('_fields', 'warnings')

    def __init__(self, fields, warnings=()):
        """Build from a mapping shaped like to_dict()'s (and warning names)."""
        frozen = {k: tuple(v) if isinstance(v, list) else v for k, v in dict(fields).items()}
        object.__setattr__(self, '_fields', frozen)
        object.__setattr__(self, 'warnings', tuple(warnings))

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        try:
            return self._fields[name]
        except KeyError:
            if name in _FIELDS:
                return None
            raise AttributeError("'Page' object has no attribute %r" % name) from None

    def __setattr__(self, name, value):
        raise AttributeError('Page is immutable')

    def __delattr__(self, name):
        raise AttributeError('Page is immutable')

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | set(_FIELDS) | set(self._fields))

    def to_dict(self):
        """The page as ``winnow --format json`` prints it, parsed: a new dict
        (lists for author and tags) with the keys in the same order."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self._fields.items()}

    def __eq__(self, other):
        if not isinstance(other, Page):
            return NotImplemented
        return self._fields == other._fields and self.warnings == other.warnings

    def __hash__(self):
        return hash((tuple(self._fields.items()), self.warnings))

    def __reduce__(self):
        return (Page, (self.to_dict(), self.warnings))

    def __repr__(self):
        body = self.text if self.text is not None else self.markdown
        if body and len(body) > 60:
            body = body[:60] + '...'
        parts = ['%s=%r' % (k, getattr(self, k)) for k in ('title', 'author', 'date')
                 if getattr(self, k) is not None]
        parts += ['chars=%r' % self.chars, 'confidence=%r' % self.confidence,
                  '%s=%r' % ('text' if self.text is not None else 'markdown', body)]
        return 'Page(%s)' % ', '.join(parts)
