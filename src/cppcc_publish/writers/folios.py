"""The printed book's layout shared between the writers of one build (no third-party
import here).

Laying out a book costs about as much as the rest of the PDF writer.  The DOCX and the
EPUB need what the printed book's layout says: its page count for the 版本记录's 印张 and
字数 (:func:`cppcc_publish.writers.pdf.imprinted`), the folio each element opens on for an
EPUB's page list (:mod:`cppcc_publish.writers.pdf.folios`).  Inside
:func:`shared_layouts` (which :func:`cppcc_publish.build` opens around its writers, PDFs
first) the PDF writer leaves both for each plan it lays out (:func:`remember`), and the
others take them for an equal plan laid out with the same options (:func:`recall`)
instead of laying it out again.  Outside that block nothing is kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..book.plan import Book

if TYPE_CHECKING:
    from .pdf.pages import Page

LAYOUT_OPTIONS = ("font_body", "font_heading", "font_hei", "font_kai", "font_fangsong",
                  "system_fonts")
"""The PDF options besides the plan (its preset, ``new_recto``) that move text."""



@dataclass(frozen=True, slots=True)
class LaidOut:
    """What the layout of a plan says to the other writers."""

    folios: Mapping[str, str]
    """Element key -> the folio its opening page carries (counted when not printed)."""
    pages: int
    """The PDF's page count."""


_SHARED: ContextVar[list[tuple[Book, tuple[str, ...], LaidOut]] | None] = ContextVar(
    "cppcc_publish_layouts", default=None)


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
    """The layout options as compared: a font not named and ``None`` alike, the system's
    fonts looked in unless said otherwise (the PDF writer's defaults)."""
    fonts = tuple(str(options.get(name) or "") for name in LAYOUT_OPTIONS[:-1])
    return (*fonts, str(bool(options.get("system_fonts", True))))


def remember(book: Book, options: Mapping[str, Any], pages: Sequence[Page]) -> None:
    """Keep the folios of ``book`` laid out with ``options`` (inside
    :func:`shared_layouts` only)."""
    shared = _SHARED.get()
    if shared is not None:
        from .pdf.folios import page_folios

        shared.append((book, _key(options), LaidOut(page_folios(pages), len(pages))))


def recall(book: Book, options: Mapping[str, Any]) -> LaidOut | None:
    """What was kept for a plan equal to ``book`` laid out with the same ``options``, or
    ``None``."""
    key = _key(options)
    for laid_out, its_key, known in _SHARED.get() or ():
        if its_key == key and laid_out == book:
            return known
    return None
