"""DOCX writer (python-docx): Chinese styles, page presets and a review copy.

It renders a book plan (:mod:`cppcc_publish.book`) and decides nothing of it.  Its parts:

``styles``
    the named styles and page setup of each preset, as data, and how they are put into
    a document (East Asian fonts, zh-CN, punctuation compression, 2-character indents);
``package``
    the shipped reference document, loading the editor's own, core properties and
    saving with fixed zip dates;
``build``
    the body: one section per element of the plan (odd-page starts for recto openings,
    folios restarting in lower-case roman and decimal, running heads off the opening
    page), the 目录 as a TOC field with PAGEREF fields, review comments.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...book import Book, plan_book
from ...errors import Diagnostic
from ...model import Compilation
from .. import Option, plan_options
from .build import Builder
from .package import build_reference, load, save, set_core
from .styles import PRESET_PAGES, PRESETS, STYLE_NAMES, apply_preset

NAME = "docx"
SUFFIX = ".docx"

OPTIONS: dict[str, Option] = {
    **plan_options(NAME, default_preset=None),
    "reference": Option(
        default=None,
        types=(Path, type(None)),
        help="a .docx whose styles and page setup are used instead of the shipped ones "
        "(without a preset: its own page and styles are kept)",
    ),
    "review": Option(
        default=False,
        types=(bool,),
        help="review copy: every warning and garbled span becomes a Word comment, "
        "garbled spans are highlighted",
    ),
    "comment_author": Option(
        default="cppcc_publish", types=(str,), help="author name on review comments"
    ),
}


def write(compilation: Compilation, dest: Path, options: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
    """Write ``compilation`` as one DOCX at ``dest``: plan it (``preset``, ``new_recto``)
    and render the plan.  Without a preset and without a reference the book preset is
    used; with a reference alone the reference's own page and styles are kept."""
    preset: str | None = options["preset"]
    if preset is None and options["reference"] is None:
        preset = "book"
    book = plan_book(compilation, preset or "book", new_recto=bool(options.get("new_recto", False)))
    return render(book, dest, {**options, "preset": preset})


def render(book: Book, dest: Path, options: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
    """Render the plan ``book`` as one DOCX at ``dest``.  ``options["preset"]`` ``None``
    keeps a reference document's own page and styles.  The 版本记录 is the printed
    book's: its page count is the PDF's for the plan's preset."""
    from ..pdf import imprinted

    book = imprinted(book)
    reference: Path | None = options["reference"]
    preset: str | None = options["preset"]
    document = load(reference)
    body = document.element.body
    for child in list(body):
        if child.tag.rsplit("}", 1)[-1] != "sectPr":
            body.remove(child)
    apply_preset(document, preset)

    b = Builder(document, options)
    b.page = PRESET_PAGES.get(preset) if preset is not None else None
    b.book(book)
    b.finish()

    set_core(document, title=b.clean(book.title), author=b.clean(book.author),
             moment=options["timestamp"])
    diagnostics: list[Diagnostic] = list(b.notes)
    if b.replaced:
        diagnostics.append(Diagnostic(
            level="warning", code="invalid-xml-character",
            message=f"replaced {b.replaced} character(s) that XML cannot hold with U+FFFD",
        ))
    save(document, dest, options["timestamp"])
    return tuple(diagnostics)


__all__ = ["NAME", "OPTIONS", "PRESETS", "STYLE_NAMES", "SUFFIX", "build_reference", "render",
           "write"]
