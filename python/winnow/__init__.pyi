"""Type hints for winnow (the module is winnow/__init__.py over the C extension winnow._winnow)."""
import builtins
from typing import Any, Dict, Iterable, Iterator, Literal, Mapping, Optional, Tuple, Union, overload

__version__: str

_HTML = Union[str, bytes, bytearray, memoryview]
_Format = Literal["text", "markdown", "md", "json"]

class Error(Exception):
    """A page winnow could not process (base of winnow's errors)."""
    status: str

class LimitError(Error): ...
class DecodeError(Error): ...
class ParseError(Error): ...
class TimeoutError(Error, builtins.TimeoutError): ...

def library_version() -> str: ...

def extract(
    html: _HTML,
    *,
    url: Optional[str] = ...,
    format: _Format = ...,
    title: bool = ...,
    links: bool = ...,
    images: bool = ...,
    captions: bool = ...,
    precision: bool = ...,
    recall: bool = ...,
    markdown: bool = ...,
    charset: Optional[str] = ...,
    max_bytes: Optional[int] = ...,
    max_time: Optional[float] = ...,
) -> Optional[str]: ...

def extract_page(
    html: _HTML,
    *,
    url: Optional[str] = ...,
    title: bool = ...,
    links: bool = ...,
    images: bool = ...,
    captions: bool = ...,
    precision: bool = ...,
    recall: bool = ...,
    markdown: bool = ...,
    charset: Optional[str] = ...,
    max_bytes: Optional[int] = ...,
    max_time: Optional[float] = ...,
) -> Page: ...

@overload
def extract_many(
    pages: Iterable[Union[_HTML, Tuple[_HTML, Optional[str]]]],
    *,
    threads: Optional[int] = ...,
    errors: Literal["yield"] = ...,
    url: Optional[str] = ...,
    format: _Format = ...,
    title: bool = ...,
    links: bool = ...,
    images: bool = ...,
    captions: bool = ...,
    precision: bool = ...,
    recall: bool = ...,
    markdown: bool = ...,
    charset: Optional[str] = ...,
    max_bytes: Optional[int] = ...,
    max_time: Optional[float] = ...,
) -> Iterator[Union[str, None, Exception]]: ...
@overload
def extract_many(
    pages: Iterable[Union[_HTML, Tuple[_HTML, Optional[str]]]],
    *,
    threads: Optional[int] = ...,
    errors: Literal["raise"],
    url: Optional[str] = ...,
    format: _Format = ...,
    title: bool = ...,
    links: bool = ...,
    images: bool = ...,
    captions: bool = ...,
    precision: bool = ...,
    recall: bool = ...,
    markdown: bool = ...,
    charset: Optional[str] = ...,
    max_bytes: Optional[int] = ...,
    max_time: Optional[float] = ...,
) -> Iterator[Optional[str]]: ...

class Page:
    """An extracted page: the fields of `winnow --format json` as read-only attributes."""
    url: Optional[str]
    title: Optional[str]
    author: Optional[Tuple[str, ...]]
    date: Optional[str]
    modified: Optional[str]
    sitename: Optional[str]
    description: Optional[str]
    language: Optional[str]
    canonical: Optional[str]
    image: Optional[str]
    tags: Optional[Tuple[str, ...]]
    text: Optional[str]
    markdown: Optional[str]
    chars: int
    words: int
    confidence: float
    charset: str
    limits_applied: bool
    warnings: Tuple[str, ...]
    def __init__(self, fields: Mapping[str, Any], warnings: Iterable[str] = ...) -> None: ...
    def to_dict(self) -> Dict[str, Any]: ...
