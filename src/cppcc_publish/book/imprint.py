"""The 版本记录 of an internal print: what it records, and how its figures are counted.

《内部资料性出版物管理办法》 §14 asks an internal print for its name, 编印单位, 发送对象,
印刷单位, 印刷日期 and 印数 (and, on its cover, the notice and the 准印证号 in full); a
book's 版本记录 adds 开本, 印张 and 字数.  The lines, in print order, each when known::

    内部资料，免费交流
    准印证号：（桂）内资准字2025-001号
    书　　名：政协工作文选——2025年度汇编
    编印单位：××市政协办公室
    发送对象：市政协委员、机关各处室
    印刷单位：××印刷厂
    印刷日期：2025年12月1日
    开　　本：787 mm×1092 mm　1/16
    印　　张：2.125
    字　　数：33千字
    印　　数：500册

开本 is the preset's (:class:`~.presets.PresetInfo`: the full sheet and the fraction of
it a page is).  印张 and 字数 count the printed book's pages, known only once the book is
laid out: the plan leaves those two lines out and says where they go, and
:func:`complete_imprint` puts them in from the PDF's page count.  They are counted as
Chinese publishers count them:

* the printed pages are the book block's: the PDF's pages after the cover leaf (封面 and
  封二, printed apart on cover stock), an odd count made even (the last leaf has a back);
* 印张 = pages ÷ 开数, since one 印张 is one side of a full sheet (16 pages of a 16开
  book), given exactly: 34 pages of 16开 are 2.125 印张;
* 字数 = characters a line × lines a page × pages (版面字数), in thousands, a part of a
  thousand counted as one: 34 × 28 × 34 = 32 368 characters, 33千字.

DOCX and EPUB print the same record, the printed book's: the PDF writer counts the pages
it lays out for the plan's preset (:func:`cppcc_publish.writers.pdf.imprinted`).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..model import BookMeta
from .plan import Book, Cover, Imprint
from .presets import PRESETS
from .wording import chinese_date, compiling_unit, is_internal_print, subtitle_line, title_text

EXTENT_CHARS = frozenset("印张字数千：.0123456789\u3000")
"""Every character the 印张 and 字数 lines may print (a PDF subsets its fonts before it
knows its page count)."""


def imprint_lines(meta: BookMeta, preset: str) -> tuple[tuple[str, ...], int | None]:
    """The 版本记录 of ``meta`` printed in ``preset`` without its 印张 and 字数 lines, and
    the place among the lines where those go; ``((), None)`` for a book that is not an
    internal print (no notice, no 准印证号)."""
    if not is_internal_print(meta):
        return (), None
    lines: list[str] = []
    if meta.notice:
        lines.append(meta.notice)
    if meta.permit:
        # The permit is printed as given when it carries its own label.
        lines.append(meta.permit if "准印证" in meta.permit else f"准印证号：{meta.permit}")
    title = title_text(meta.title + (subtitle_line(meta.subtitle) if meta.subtitle else ""))
    lines.append(f"书\u3000\u3000名：{title}")
    if meta.compiler:
        lines.append(f"编印单位：{compiling_unit(meta.compiler)}")
    if meta.recipients:
        lines.append(f"发送对象：{meta.recipients}")
    if meta.printer:
        lines.append(f"印刷单位：{meta.printer}")
    if meta.edition_date:
        lines.append(f"印刷日期：{chinese_date(meta.edition_date)}")
    lines.append(f"开\u3000\u3000本：{PRESETS[preset].format_name}")
    extent_at = len(lines)
    if meta.print_run:
        lines.append(f"印\u3000\u3000数：{meta.print_run}册")
    return tuple(lines), extent_at


def printed_pages(book: Book, pdf_pages: int) -> int:
    """The pages of the printed book whose PDF has ``pdf_pages`` pages: the book block,
    without the cover leaf, made even."""
    pages = pdf_pages - (2 if any(isinstance(e, Cover) for e in book.elements) else 0)
    return max(pages, 0) + max(pages, 0) % 2


def extent_lines(preset: str, pages: int) -> tuple[str, str]:
    """The 印张 and 字数 lines of a book of ``pages`` printed pages in ``preset``."""
    info = PRESETS[preset]
    sheets = format((Decimal(pages) / Decimal(info.fold)).normalize(), "f")
    chars, lines = info.grid
    thousands = -(-chars * lines * pages // 1000)
    return f"印\u3000\u3000张：{sheets}", f"字\u3000\u3000数：{thousands}千字"


def pending_imprint(book: Book) -> Imprint | None:
    """The plan's 版本记录 if it still waits for the page count, else ``None``."""
    return next((e for e in book.elements if isinstance(e, Imprint) and e.extent_at is not None),
                None)


def complete_imprint(book: Book, pdf_pages: int) -> Book:
    """``book`` with its 版本记录 complete: the 印张 and 字数 lines of the printed book
    whose PDF has ``pdf_pages`` pages put in where the plan left them out.  A plan whose
    record is complete (or that has none) is returned as it is."""
    imprint = pending_imprint(book)
    if imprint is None or imprint.extent_at is None:
        return book
    pages = printed_pages(book, pdf_pages)
    at = imprint.extent_at
    lines = (*imprint.lines[:at], *extent_lines(book.preset, pages), *imprint.lines[at:])
    done = replace(imprint, lines=lines, extent_at=None, pages=pages)
    return replace(book, elements=tuple(done if e is imprint else e for e in book.elements))
