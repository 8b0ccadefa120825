"""PDF writer (reportlab pdfgen): embedded CJK fonts and Chinese line breaking.

It renders a book plan (:mod:`cppcc_publish.book`) and decides nothing of it: the plan
says what prints, in which order, where each element opens, how pages are numbered and
what the running heads say.  The writer's own parts:

``presets``
    page designs in points (``book``, ``gbt9704``, ``a5``);
``compose``
    plan elements set into lines (:class:`~.pages.Item`), the cover, 扉页 and 版本记录
    set as pages;
``paginate``
    items placed on pages, blank pages for recto openings, folios and running heads;
``draw``
    pages painted on a reportlab canvas, outline, page labels, metadata;
``glyphs``
    the characters to embed, and a diagnostic for each one no font has (printed as 〓).

The PDF has an outline (the plan's navigation: front matter, 目录, parts, articles and
their headings), metadata (title, author, ``zh-CN``), page labels for a book and, for a
fixed ``timestamp``, the same bytes on every run.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...book import Book, plan_book
from ...book.imprint import complete_imprint, pending_imprint
from ...errors import Diagnostic
from ...model import Compilation
from ...typography.fonts import FontSet
from .. import Option, plan_options
from .compose import Context, display
from ..folios import recall, remember
from .draw import draw
from .glyphs import check_glyphs, document_chars
from .pages import Item, Page, PlacedLine
from .paginate import Paginator, complete_imprint_page, layout
from .presets import PRESETS, Preset, preset

NAME = "pdf"
SUFFIX = ".pdf"

_FONT_HELP = (
    "font for {what}: a .ttf/.ttc/.otf/.otc file (file.ttc#N for a collection member) or a "
    "family name fontconfig knows; default: {default}"
)

OPTIONS: dict[str, Option] = {
    **plan_options(NAME, default_preset="book"),
    "font_body": Option(default=None, types=(str, Path, type(None)),
                        help=_FONT_HELP.format(what="body text (宋体)", default="bundled Polity Serif")),
    "font_heading": Option(default=None, types=(str, Path, type(None)),
                           help=_FONT_HELP.format(what="titles and headings", default="bundled Polity Serif Bold")),
    "font_hei": Option(default=None, types=(str, Path, type(None)),
                       help=_FONT_HELP.format(what="黑体 headings (gbt9704 level 1)", default="bundled Polity Sans Bold")),
    "font_kai": Option(default=None, types=(str, Path, type(None)),
                       help=_FONT_HELP.format(what="楷体 subtitles, bylines and notes", default="bundled Polity Kai")),
    "font_fangsong": Option(default=None, types=(str, Path, type(None)),
                            help=_FONT_HELP.format(what="仿宋 body of the gbt9704 preset",
                                                   default="the system's 仿宋, else the 楷 face")),
    "system_fonts": Option(
        default=True,
        types=(bool,),
        help="look in the system's fonts (fontconfig) for characters no bundled face has, "
        "and for a 仿宋 face in the gbt9704 preset",
    ),
}


def write(compilation: Compilation, dest: Path, options: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
    """Write ``compilation`` as a PDF to ``dest``: plan it (with the ``preset`` and
    ``new_recto`` options) and render the plan; return the diagnostics (missing glyphs,
    font substitutions).  ``options`` are validated by the writers framework."""
    name = str(options.get("preset") or "book")
    book = plan_book(compilation, name, new_recto=bool(options.get("new_recto", False)))
    return render(book, dest, options)


def render(book: Book, dest: Path | Any, options: Mapping[str, Any],
           page_design: Preset | None = None) -> tuple[Diagnostic, ...]:
    """Render the plan ``book`` as a PDF at ``dest`` (a path or a binary file object);
    ``page_design`` replaces the plan's preset (tests sweep the measure with it).  A
    版本记录 that waits for the page count gets it from this layout."""
    ctx = _context(book, options, page_design or preset(book.preset))
    check_glyphs(ctx, book)
    pages = layout(book, ctx)
    remember(book, options, pages)  # for the DOCX's and EPUB's 版本记录 and page list
    book = complete_imprint_page(book, pages, ctx)
    moment = options.get("timestamp")
    if not isinstance(moment, _dt.datetime):
        moment = _dt.datetime(2000, 1, 1, tzinfo=_dt.timezone.utc)
    draw(book, pages, dest, ctx, moment)
    return tuple(ctx.diagnostics)


def imprinted(book: Book, options: Mapping[str, Any] | None = None) -> Book:
    """``book`` with its 版本记录 complete (:mod:`cppcc_publish.book.imprint`): 印张 and
    字数 counted from the pages of the PDF this writer lays out for the plan's preset,
    with ``options`` (its fonts; the defaults when ``None``).  DOCX and EPUB print the
    printed book's record so; a plan whose record is complete is returned as it is."""
    if pending_imprint(book) is None:
        return book
    known = recall(book, options or {})  # in a build, the PDF writer's layout
    if known is not None:
        return complete_imprint(book, known.pages)
    ctx = _context(book, options or {}, preset(book.preset))
    return complete_imprint(book, len(layout(book, ctx)))


def make_context(book: Book, options: Mapping[str, Any], page_design: Preset | None = None) -> Context:
    """What laying out ``book`` needs: its page design (the plan's preset, unless
    ``page_design``) and the fonts ``options`` name."""
    return _context(book, options, page_design or preset(book.preset))


def _context(book: Book, options: Mapping[str, Any], design: Preset) -> Context:
    """The fonts and the page design a rendering of ``book`` shares."""
    user = {
        role: options.get(f"font_{role}")
        for role in ("body", "heading", "hei", "kai", "fangsong")
        if options.get(f"font_{role}")
    }
    system_fonts = bool(options.get("system_fonts", True))
    fonts = FontSet(user, chars=document_chars(book), system_fonts=system_fonts,
                    find_fangsong=design.body_role == "fangsong" and system_fonts)
    ctx = Context(preset=design, fonts=fonts)
    if design.body_role == "fangsong" and not fonts.has_role("fangsong"):
        ctx.diagnostics.append(Diagnostic(
            level="warning", code="no-fangsong",
            message="no 仿宋 font was named or found on this system, so the gbt9704 body is "
            "set in the bundled 楷 face; name one with the font_fangsong option "
            "(e.g. font_fangsong=仿宋_GB2312 or a path to the .ttf)",
        ))
        fonts.faces["fangsong"] = fonts.faces["kai"]
    return ctx


__all__ = [
    "NAME", "OPTIONS", "PRESETS", "SUFFIX", "Context", "Item", "Page", "Paginator", "PlacedLine",
    "Preset", "display", "document_chars", "imprinted", "layout", "make_context", "preset", "render",
    "write",
]
