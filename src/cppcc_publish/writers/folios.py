"""Print folios shared between the writers of one build (no third-party import here).

Laying out a book costs about as much as the rest of the PDF writer.  An EPUB whose page
list gives the printed folios (:mod:`cppcc_publish.writers.pdf.folios`) would lay the
book out again; inside :func:`shared_layouts` (which :func:`cppcc_publish.build` opens
around its writers) the PDF writer leaves the folios of each plan it lays out
(:func:`remember`) and the EPUB takes them for an equal plan laid out with the same
options (:func:`recall`).  Outside that block nothing is kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from ..book.plan import Book

if TYPE_CHECKING:
    from .pdf.pages import Page

LAYOUT_OPTIONS = ("font_body", "font_heading", "font_hei", "font_kai", "font_fangsong",
                  "system_fonts")
"""The PDF options besides the plan (its preset, ``new_recto``) that move text."""

_SHARED: ContextVar[list[tuple[Book, tuple[str, ...], dict[str, str]]] | None] = ContextVar(
    "cppcc_publish_folios", default=None)


@contextmanager
def shared_layouts() -> Iterator[None]:
    """Within this block the folios of every book the PDF writer lays out are kept for
    an EPUB's page list; they are dropped when it ends."""
    token = _SHARED.set([])
    try:
        yield
    finally:
        _SHARED.reset(token)


def _key(options: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(options.get(name)) for name in LAYOUT_OPTIONS)


def remember(book: Book, options: Mapping[str, Any], pages: Sequence[Page]) -> None:
    """Keep the folios of ``book`` laid out with ``options`` (inside
    :func:`shared_layouts` only)."""
    shared = _SHARED.get()
    if shared is not None:
        from .pdf.folios import page_folios

        shared.append((book, _key(options), page_folios(pages)))


def recall(book: Book, options: Mapping[str, Any]) -> dict[str, str] | None:
    """The folios kept for a plan equal to ``book`` laid out with the same ``options``,
    or ``None``."""
    key = _key(options)
    for laid_out, its_key, folios in _SHARED.get() or ():
        if its_key == key and laid_out == book:
            return dict(folios)
    return None
