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
    page), the 目录 as a TOC field built from TC fields, with hyperlinks and PAGEREF
    fields, outline levels for the navigation pane, review comments;
``layout``
    LibreOffice as the finishing step that finds the folio each element opens on, for
    the 目录's page numbers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument

from ...book import Book, plan_book
from ...book.imprint import pending_imprint
from ...errors import Diagnostic, OptionError
from ...model import Compilation
from .. import Option, plan_options
from .build import Builder
from .layout import LayoutError, find_soffice, folios, opening_pages
from .package import build_reference, load, save, set_core
from .styles import PRESETS, STYLE_NAMES, apply_preset

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
    "libreoffice": Option(
        default=None,
        types=(bool, type(None)),
        help="lay a book out with LibreOffice to print the folios its pages show into the "
        "目录: none (the default) when LibreOffice is "
        "installed, true to require it, false never (the 目录's page numbers are then "
        "left for Word to fill on opening)",
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
    book's: its page count is the PDF's for the plan's preset.  A book with numbered
    目录 entries is laid out by LibreOffice first (option ``libreoffice``), for the
    folios its 目录 shows (:mod:`.layout`)."""
    if pending_imprint(book) is not None:  # (the PDF writer is imported only then)
        from ..pdf import imprinted

        book = imprinted(book)
    layout_notes: list[Diagnostic] = []
    document, b = _build(book, options, None)
    if b.marks and b.unnumbered_contents:
        numbers = _lay_out(book, document, b.marks, options, layout_notes)
        if numbers:
            document, b = _build(book, options, numbers)
    diagnostics: list[Diagnostic] = [*b.notes, *layout_notes]
    if b.replaced:
        diagnostics.append(Diagnostic(
            level="warning", code="invalid-xml-character",
            message=f"replaced {b.replaced} character(s) that XML cannot hold with U+FFFD",
        ))
    save(document, dest, options["timestamp"])
    return tuple(diagnostics)


def _build(book: Book, options: Mapping[str, Any],
           numbers: Mapping[str, str] | None) -> tuple[DocxDocument, Builder]:
    reference: Path | None = options["reference"]
    preset: str | None = options["preset"]
    document = load(reference)
    body = document.element.body
    for child in list(body):
        if child.tag.rsplit("}", 1)[-1] != "sectPr":
            body.remove(child)
    apply_preset(document, preset)
    b = Builder(document, options, numbers)
    b.book(book)
    b.finish()
    set_core(document, title=b.clean(book.title), author=b.clean(book.author),
             moment=options["timestamp"])
    return document, b


def _lay_out(book: Book, document: DocxDocument, marks: Mapping[str, str],
             options: Mapping[str, Any], diagnostics: list[Diagnostic]) -> dict[str, str]:
    """The folio each element opens on in LibreOffice's layout of ``document``; empty,
    with a diagnostic, when LibreOffice is not to be used, is missing or fails."""
    wanted: bool | None = options["libreoffice"]
    if wanted is False:
        return {}
    soffice = find_soffice()
    if soffice is None:
        if wanted:
            raise OptionError("option 'libreoffice': LibreOffice (soffice) is not installed "
                              "or not on PATH")
        diagnostics.append(Diagnostic(
            level="info", code="docx-toc-unnumbered",
            message="LibreOffice is not installed: the DOCX 目录 shows its page numbers "
                    "once Word updates its fields (Word offers to on opening); install "
                    "LibreOffice to print them in the file"))
        return {}
    buf = io.BytesIO()
    save(document, buf, options["timestamp"])
    try:
        pages = opening_pages(buf.getvalue(), marks, soffice)
    except LayoutError as exc:
        diagnostics.append(Diagnostic(
            level="warning", code="docx-layout-failed",
            message=f"{exc}: the DOCX 目录 shows its page numbers once Word updates its "
                    "fields"))
        return {}
    return folios(book, pages)


__all__ = ["NAME", "OPTIONS", "PRESETS", "STYLE_NAMES", "SUFFIX", "build_reference", "render",
           "write"]
