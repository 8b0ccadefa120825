"""Drawing: laid-out pages painted on a reportlab canvas.

Every run of glyphs is drawn at the position the line breaker computed — no reportlab
``Paragraph``, whose CJK wrapping breaks the Chinese line-breaking rules, and no markup,
so nothing in an article can be mistaken for a tag.  Running heads over a thin rule,
folios (``— 1 —`` on the outer side in the gbt9704 preset, a bare number at the outer
foot otherwise), the editor's cover image, the outline and PDF page labels (so that a
viewer shows the printed folios: 封面, 扉页, 版本记录, i, ii …, 1, 2 …).
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ...book.plan import Book
from ...typography.linebreak import Style
from ...typography.pdftext import TextState, draw_line
from .compose import Context, display, set_display
from .pages import Page, PlacedLine
from .photos import draw_photos


def _head_line(ctx: Context, head: str) -> PlacedLine:
    """The running head (书眉), centred over the type area in 小五 宋, a little above
    the thin rule that closes it (drawn by :func:`_draw_page`); a head too long for the
    measure is set smaller.  Set once per text: a book repeats its heads on every page."""
    placed = ctx.heads.get(head)
    if placed is None:
        placed = ctx.heads[head] = _set_head(ctx, head)
    return placed


def _set_head(ctx: Context, head: str) -> PlacedLine:
    p = ctx.preset
    size = min(p.folio_size, 0.75 * p.body_size)  # 小五 in a book, not the 4号 of a 公文 folio
    width = ctx.fonts.width(display(head), Style(p.body_role, size))
    if width > p.measure:
        size *= p.measure / width
    line = set_display(ctx, head, Style(p.body_role, size))[0]
    return PlacedLine(line, -p.pitch * 0.55 - 3.0, "head", 0, 0, 1)


def _draw_picture(canvas: Canvas, ctx: Context, path: str, reserve: float) -> None:
    """The editor's cover scaled to fit the page (above ``reserve`` points kept for the
    notice of an internal print), centred."""
    from reportlab.lib.utils import ImageReader

    from ...errors import OptionError

    p = ctx.preset
    try:
        image = ImageReader(path)
        iw, ih = image.getSize()
    except Exception as exc:  # reportlab raises plain OSError/IOError wrappers
        raise OptionError(f"the book's cover {path} cannot be read as an image (.jpg or .png): {exc}") from exc
    room_h = p.page[1] - reserve
    scale = min(p.page[0] / iw, room_h / ih)
    w, h = iw * scale, ih * scale
    canvas.drawImage(image, (p.page[0] - w) / 2, reserve + (room_h - h) / 2, w, h)


def _draw_page(canvas: Canvas, ctx: Context, page: Page, number: int, keys: Iterator[str]) -> None:
    p = ctx.preset
    recto = number % 2 == 1
    left = p.inner if (recto or not p.mirror) else p.outer
    top = p.page[1] - p.top
    if page.picture:
        notice = [pl.baseline for pl in page.lines]
        _draw_picture(canvas, ctx, page.picture, (p.page[1] - p.top - min(notice) + p.body_size * 2)
                      if notice else 0.0)
    text = canvas.beginText()
    state = TextState()
    placed_lines = page.lines
    if page.head:
        placed_lines = [_head_line(ctx, page.head), *page.lines]
    for placed in placed_lines:
        draw_line(text, placed.line, left, top - placed.baseline, state)
    if page.label is not None:
        _draw_folio(text, ctx, page.label, recto, left)
    canvas.drawText(text)
    draw_photos(canvas, page, left, top)
    rules = list(page.rules)
    if page.head:
        rules.append((0.0, -p.pitch * 0.55, p.measure, 0.4))
    for x, dy, length, width in rules:
        canvas.setLineWidth(width)
        canvas.line(left + x, top - dy, left + x + length, top - dy)
    for title, level, dy in page.outline:
        key = next(keys)
        canvas.bookmarkHorizontalAbsolute(key, top - dy + 2.0)
        canvas.addOutlineEntry(title, key, level=level, closed=level > 0)


def _draw_folio(text: Any, ctx: Context, label: str, recto: bool, left: float) -> None:
    """The page number: ``— 1 —`` on the outer side (GB/T 9704 §7.5) or a bare folio at
    the outer foot of a book page."""
    p = ctx.preset
    size = p.folio_size
    style = Style("body", size)
    if p.folio == "gbt9704":
        # "数字左右各放一条一字线": — 1 —, a half-width (半角) space each side of the digits
        pieces = [("—", 0.0), (label, size / 2), ("—", size / 2)]
        # 一字线上距版心下边缘 7 mm: the rule of — is 0.36–0.40 em above the baseline.
        baseline = p.bottom - 7 * mm - 0.40 * size
        gap = p.body_size  # 单页码居右空一字，双页码居左空一字
        mirror = True  # the outer side, whether or not the margins are mirrored
    else:
        pieces = [(label, 0.0)]
        baseline = p.bottom - 2.2 * p.pitch + 0.12 * size
        gap = 0.0
        mirror = p.mirror
    shaped = [ctx.fonts.shape(piece, style) for piece, _ in pieces]
    width = sum(sum(sh.advances) + dx for sh, (_piece, dx) in zip(shaped, pieces))
    if recto or not mirror:
        x = left + p.measure - gap - width
    else:
        x = left + gap
    text.setCharSpace(0)
    for sh, (_piece, dx) in zip(shaped, pieces):
        x += dx
        for k, ch in enumerate(sh.chars):
            text.setFont(sh.faces[k], size)
            text.setTextOrigin(x, baseline)
            text._code.append(text._formatText(ch))
            x += sh.advances[k]


def _outline_levels(pages: Sequence[Page]) -> None:
    """PDF outlines may not skip levels (a heading of an untitled article): lift any
    entry deeper than one below the entry before it."""
    level_prev = -1
    for page in pages:
        fixed = []
        for title, level, y in page.outline:
            level = min(level, level_prev + 1)
            fixed.append((title, level, y))
            level_prev = level
        page.outline[:] = fixed


_COVER_LABELS = {"cover": "封面", "title": "扉页", "imprint": "版本记录"}


def _page_labels(canvas: Canvas, pages: Sequence[Page]) -> None:
    """PDF page labels, so that a viewer's page box shows the printed folio: 封面, 扉页 …
    for the pages before the front matter, then i, ii … and 1, 2 … where each
    sequence starts (blank pages inside a sequence count on, as in print)."""
    k = 0
    while k < len(pages) and pages[k].starts is None:
        kind = pages[k].kind
        name = _COVER_LABELS.get(kind) or ("封二" if k == 1 else "空白页")
        canvas.addPageLabel(k, prefix=name)
        k += 1
    for k, page in enumerate(pages):
        if page.starts is not None:
            style = "ROMAN_LOWER" if page.starts == "roman" else "ARABIC"
            canvas.addPageLabel(k, style=style, start=1)


_SAVE_LOCK = threading.Lock()


def _save(canvas: Canvas) -> None:
    """Write the file with binary (Flate only) streams.

    reportlab wraps every compressed stream in ASCII85 unless ``rl_config.useA85`` is off;
    without its optional C accelerator that encoding is pure Python and took a fifth of
    the whole run (and makes the file 25 % larger).  The setting is read while saving
    only, so it is switched off for this call and restored, under a lock.
    """
    with _SAVE_LOCK:
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            canvas.save()
        finally:
            rl_config.useA85 = previous


def draw(book: Book, pages: list[Page], dest: Any, ctx: Context, moment: _dt.datetime) -> None:
    """Paint ``pages`` into a PDF at ``dest`` (a path or a binary file object), with the
    plan's metadata (title, author, ``zh-CN``), outline and, for a book, page labels;
    ``moment`` is written as the creation date, so the same input gives the same bytes."""
    preset = ctx.preset
    _outline_levels(pages)
    stamp = moment.astimezone(_dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
    target = str(dest) if isinstance(dest, (str, Path)) else dest
    canvas = Canvas(target, pagesize=preset.page, invariant=1, lang=book.language,
                    pageCompression=1, initialFontName=ctx.fonts.faces["body"].key)
    canvas.setDateFormatter(lambda *_args: stamp)
    canvas.setTitle(book.title)
    canvas.setAuthor(book.author)
    canvas.setSubject("政协文稿汇编" if len(book.articles) > 1 else book.title)
    canvas.setCreator("cppcc_publish")
    canvas.setKeywords("政协")
    canvas.showOutline()
    if book.is_book:
        _page_labels(canvas, pages)
    keys = (f"o{i}" for i in range(1_000_000))
    for number, page in enumerate(pages, start=1):
        _draw_page(canvas, ctx, page, number, keys)
        canvas.showPage()
    _save(canvas)
