"""The folio each element of a book opens on in the PDF, for an EPUB's page list.

An EPUB of a book that is also printed lists the print edition's page numbers, so that
a study group reading on phones can follow "turn to page 12".  It learns them here: the
plan is laid out exactly as the PDF writer lays it out (same preset, ``new_recto`` and
fonts: the PDF output's options), without drawing, and each element gets the folio its
opening page carries in print, counted as the PDF's page labels count (a part-title
page's blind folio included; cover, 扉页 and 版本记录 have none).

Laying out a book costs about as much as the rest of the PDF writer, so a build lays it
out once: inside :func:`cppcc_publish.writers.folios.shared_layouts` (which
:func:`cppcc_publish.build` opens around its writers) the PDF writer remembers the folios
of each plan it lays out, and an EPUB of an equal plan with the same layout options takes
them from there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...book import plan_book
from ...model import Compilation
from ..folios import recall
from .pages import Page
from ...book.plan import roman
from .paginate import layout

def page_folios(pages: Sequence[Page]) -> dict[str, str]:
    """Element key -> the folio of its opening page, from laid-out ``pages``."""
    out: dict[str, str] = {}
    start: int | None = None
    style = "arabic"
    for index, page in enumerate(pages):
        if page.starts is not None:
            start, style = index, page.starts
        if start is None or page.element is None or not page.opening or page.element in out:
            continue
        n = index - start + 1
        out[page.element] = roman(n) if style == "roman" else str(n)
    return out


def opening_folios(compilation: Compilation, options: Mapping[str, Any]) -> dict[str, str]:
    """Element key -> the folio it opens on in the PDF that ``options`` (the PDF
    writer's, validated) describe."""
    from . import make_context

    book = plan_book(compilation, str(options.get("preset") or "book"),
                     new_recto=bool(options.get("new_recto", False)))
    known = recall(book, options)
    if known is not None:
        return dict(known.folios)
    return page_folios(layout(book, make_context(book, options)))
