"""Readers: bytes -> Article, one module per input format, chosen by content.

Every reader turns its input into lines (:class:`~.structure.SourceLine`) with what its
format says of them, and :func:`~.structure.read_lines` finds the article among them
with one vocabulary (:mod:`.vocabulary`) and one set of line patterns (:mod:`.patterns`).
The seam (a ``Reader`` protocol, built-ins loaded lazily, entry points) is in
:mod:`.registry`.
"""

from .registry import (
    Reader,
    ReaderInfo,
    ReaderUnavailableError,
    choose_reader,
    get_reader,
    list_readers,
    reader_names,
)
from .text import read_text

__all__ = [
    "Reader",
    "ReaderInfo",
    "ReaderUnavailableError",
    "choose_reader",
    "get_reader",
    "list_readers",
    "read_text",
    "reader_names",
]
