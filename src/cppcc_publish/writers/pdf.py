"""PDF writer (reportlab pdfgen): embedded CJK fonts and Chinese line breaking.

The text is broken into lines by :mod:`cppcc_publish.typography.linebreak` and every run
of glyphs is drawn directly on the canvas at the position the breaker computed — no
reportlab ``Paragraph``, whose CJK wrapping breaks the GB rules (typesetting.md §7), and
no markup, so nothing in an article can be mistaken for a tag.

Page design (``preset``):

``book``
    16开 185 × 260 mm, 小四 12 pt 宋体 body on a 21 pt line grid, 34 characters a line,
    28 lines a page; mirrored margins (订口 inside); folio at the outer foot.
``gbt9704``
    GB/T 9704—2012 公文 format: A4, margins 37/26/35/28 mm (top/right/bottom/left, not
    mirrored), 3号 16 pt 仿宋 body, 22 lines × 28 characters filling the 156 × 225 mm type
    area (−0.21 pt tracking, as Word's character grid does), title 2号 22 pt, level-1
    headings 黑体, level-2 楷体, page number ``— 1 —`` in 4号 on the outer side, one
    character in from the edge, its rule 7 mm below the type area.  No 仿宋 can be
    bundled: the face the user names or the system has is used, else the 楷 face and a
    warning.
``a5``
    A5 148 × 210 mm pocket booklet, 五号 10.5 pt body, 29 characters a line.

Each article starts a new page: kicker (column), title, ——subtitle, byline, body with
2-em indents and no space between paragraphs, headings (standalone or run in, bold, at
the start of their paragraph), captions, the author note and the source note.  The PDF
has an outline (articles and their headings), metadata (title, author, ``zh-CN``) and,
for a fixed ``timestamp``, the same bytes on every run.

A book (:func:`is_book`: front or back matter, titled parts or book metadata) prints in
the order of typesetting.md §5: cover (the editor's image, or title, subtitle, compiling
body and year set on it; an internal print's notice and 准印证号 in full) and its blank
verso, 扉页, 版本记录 on its verso, 编辑说明 and 目录 each from a recto and numbered i, ii …,
then from a recto the part-title pages (verso blank), the articles (each on a new page,
on a recto with ``new_recto``) and the 编后记 (recto), numbered 1, 2 ….  The body is laid
out before the 目录, whose page numbers are therefore the folios the articles open on.
Running heads over a thin rule: the book's title on a verso, the part's (or article's)
on a recto, none on cover, 扉页, blank, part-title and opening pages.  PDF page labels
make a viewer show the printed folios.  A single article prints as before: no cover.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..errors import Diagnostic
from ..model import Article, Block, BookMeta, Caption, Compilation, Heading, Matter, Paragraph
from ..typography.fonts import MISSING, FontSet
from ..typography.linebreak import Align, Line, Run, Style, break_lines
from ..typography.pdftext import TextState, draw_line
from . import Option
from .wording import author_note_line, credit_line, imprint_lines, source_line, subtitle_line

NAME = "pdf"
SUFFIX = ".pdf"

PRESETS = ("book", "gbt9704", "a5")

_FONT_HELP = (
    "font for {what}: a .ttf/.ttc/.otf/.otc file (file.ttc#N for a collection member) or a "
    "family name fontconfig knows; default: {default}"
)

OPTIONS: dict[str, Option] = {
    "preset": Option(
        default="book",
        types=(str,),
        choices=PRESETS,
        help="page design: book (16开 185×260 mm, 12 pt), gbt9704 (A4 公文, GB/T 9704), a5",
    ),
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
    "new_recto": Option(
        default=False,
        types=(bool,),
        help="in a book, start every article on a recto (odd, right-hand) page, leaving the "
        "verso before it blank when needed; default: on the next page",
    ),
    "system_fonts": Option(
        default=True,
        types=(bool,),
        help="look in the system's fonts (fontconfig) for characters no bundled face has, "
        "and for a 仿宋 face in the gbt9704 preset",
    ),
}

# --------------------------------------------------------------------------- page design


@dataclass(frozen=True, slots=True, kw_only=True)
class Preset:
    """Everything that differs between page designs, in points."""

    name: str
    page: tuple[float, float]
    top: float
    bottom: float
    inner: float
    """订口: left margin of a recto (odd) page, right margin of a verso when mirrored."""
    outer: float
    mirror: bool
    body_size: float
    pitch: float
    """Line pitch of the body grid: one line box, the text centred in it."""
    lines: int
    """Line boxes a page holds."""
    tracking: float = 0.0
    latin_space: float = 0.0
    body_role: str = "body"
    title_size: float
    title_pitch: float
    title_role: str = "heading"
    subtitle_size: float
    byline_size: float
    kicker_size: float
    heading_size: float
    heading_roles: tuple[str, str] = ("heading", "kai")
    """Roles of level-1 and level-2 standalone headings."""
    runin_role: str = "heading"
    heading_space: int = 1
    """Line boxes a level-1 heading takes beyond its lines (1: a one-line heading 占两行)."""
    caption_size: float
    note_size: float
    folio: Literal["book", "gbt9704"] = "book"
    folio_size: float = 9.0

    @property
    def measure(self) -> float:
        return self.page[0] - self.inner - self.outer

    @property
    def height(self) -> float:
        return self.page[1] - self.top - self.bottom


def preset(name: str) -> Preset:
    """The :class:`Preset` called ``name`` (one of :data:`PRESETS`)."""
    return _preset(name)


def _preset(name: str) -> Preset:
    if name == "gbt9704":
        # A4; 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm → type area 156 × 225 mm.
        width = 156 * mm
        return Preset(
            name=name, page=(210 * mm, 297 * mm), top=37 * mm, bottom=35 * mm,
            inner=28 * mm, outer=26 * mm, mirror=False,
            body_size=16.0, pitch=225 * mm / 22, lines=22,
            # 28 characters of 3号 (16 pt) need 448 pt but the line is 442.2 pt: Word's
            # character grid squeezes them by 0.21 pt, and so do we, in the 27 gaps between
            # them, so that the 28th glyph ends on the measure.
            tracking=(width - 28 * 16.0) / 27, latin_space=0.0, body_role="fangsong",
            title_size=22.0, title_pitch=225 * mm / 22, title_role="heading",
            subtitle_size=16.0, byline_size=16.0, kicker_size=16.0, heading_size=16.0,
            heading_roles=("hei", "kai"), runin_role="hei", heading_space=0,
            caption_size=14.0, note_size=16.0, folio="gbt9704", folio_size=14.0,
        )
    if name == "a5":
        body = 10.5
        pitch = body * 1.75
        measure = 29 * body
        page = (148 * mm, 210 * mm)
        inner = (page[0] - measure) / 2 + 2.5
        lines = 25
        top = (page[1] - lines * pitch) / 2 - 6
        return Preset(
            name=name, page=page, top=top, bottom=page[1] - top - lines * pitch,
            inner=inner, outer=page[0] - measure - inner, mirror=True,
            body_size=body, pitch=pitch, lines=lines, latin_space=0.125,
            title_size=16.0, title_pitch=16.0 * 1.45, subtitle_size=12.0, byline_size=10.5,
            kicker_size=9.0, heading_size=12.0, caption_size=9.0, note_size=9.0, folio_size=8.0,
        )
    body = 12.0
    pitch = 21.0
    measure = 34 * body
    page = (185 * mm, 260 * mm)
    inner = (page[0] - measure) / 2 + 4
    lines = 28
    top = (page[1] - lines * pitch) / 2 - 6
    return Preset(
        name="book", page=page, top=top, bottom=page[1] - top - lines * pitch,
        inner=inner, outer=page[0] - measure - inner, mirror=True,
        body_size=body, pitch=pitch, lines=lines, latin_space=0.125,
        title_size=20.0, title_pitch=20.0 * 1.45, subtitle_size=14.0, byline_size=12.0,
        kicker_size=10.5, heading_size=14.0, caption_size=10.5, note_size=10.5, folio_size=9.0,
    )


# --------------------------------------------------------------------------- text helpers

# Enumerated headings are set flush with the body's indent, like a 公文 (一、 （一） 1. （1）);
# headings without a number (强化政治引领，夯实团结奋斗之基) are centred.
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）)")

# A single space between two Han characters in a title is a phrase separator
# (凝聚智慧力量 共谱时代华章): set it one em wide, as a 全角空格.
_HAN_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def display(text: str) -> str:
    """A title or heading as set: a space between Han characters becomes one em."""
    return _HAN_SPACE.sub("\u3000", text)


# --------------------------------------------------------------------------- layout model


ItemKind = Literal["kicker", "title", "subtitle", "byline", "body", "heading", "caption", "note",
                   "source", "part", "toc", "cover", "imprint", "head"]

PageKind = Literal["body", "cover", "title", "imprint", "blank", "front", "toc", "part", "back"]
"""What a page of a book is: a page of an article (``body``), the cover, the 扉页
(``title``), the 版本记录 (``imprint``), a blank page, a page of 编辑说明 (``front``) or
of the 目录 (``toc``), a part-title page or a page of 编后记 (``back``)."""


@dataclass(slots=True)
class Item:
    """A laid-out block: its lines, how they sit on the page, what the outline shows."""

    kind: ItemKind
    lines: list[Line]
    size: float
    pitch: float
    before: float = 0.0
    """Space above the block, in points."""
    keep_with_next: bool = False
    splittable: bool = True
    grid: bool = True
    """Whether the block's first line snaps to the body line grid."""
    outline: tuple[str, int] | None = None
    """(text, level) for the PDF outline."""
    new_page: bool = False
    pad_top: float = 0.0
    pad_bottom: float = 0.0
    """Space inside the block above and below its lines (a heading that 占两行 takes
    one more line box than it has lines, its text a little above the middle)."""


@dataclass(slots=True)
class PlacedLine:
    line: Line
    baseline: float
    """Distance of the baseline below the top of the type area."""
    kind: ItemKind = "body"
    item: int = 0
    """Sequence number of the item (block) the line belongs to, across the document."""
    index: int = 0
    """The line's place in its item (0 = first line)."""
    count: int = 1
    """How many lines the item has."""


@dataclass(slots=True)
class Page:
    """One page as laid out; what running heads and a table of contents will need."""

    lines: list[PlacedLine] = field(default_factory=list)
    outline: list[tuple[str, int, float]] = field(default_factory=list)
    """(text, level, distance below the type area's top)."""
    folio: bool = True
    """Whether the page number is printed (a blank page will not have one)."""
    part: str | None = None
    """The title of the part (栏目) the page belongs to, for a recto running head."""
    article: str | None = None
    """The title of the article on the page (the one that ends there, if two)."""
    opening: bool = False
    """An article or part starts on this page: no running head (书眉) on it."""
    kind: PageKind = "body"
    label: str | None = None
    """The printed folio (``3``, ``ii``); ``None``: none printed.  Set by :func:`render`
    (a book numbers its front matter in roman and its body in Arabic from 1)."""
    head: str | None = None
    """The running head (书眉) printed above the type area, ``None`` for none."""
    picture: str | None = None
    """An image filling the page (the editor's cover)."""
    starts: Literal["roman", "arabic"] | None = None
    """A sequence of folios starts here (front matter in roman, the body in Arabic)."""
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    """Thin rules: (x from the left margin, distance below the type area's top, length,
    line width)."""


@dataclass(slots=True)
class Context:
    """What one :func:`write` call shares: preset, fonts and the diagnostics found."""

    preset: Preset
    fonts: FontSet
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _lines(
    ctx: Context,
    spans: Sequence[tuple[str, Style]],
    *,
    indent: float = 0.0,
    align: Align = "justify",
    balance: bool = False,
    tracking: float | None = None,
) -> list[Line]:
    p = ctx.preset
    return break_lines(
        spans,
        ctx.fonts,
        p.measure,
        indent=indent,
        align=align,
        tracking=p.tracking if tracking is None else tracking,
        latin_space=p.latin_space,
        balance=balance,
    )


def _article_items(ctx: Context, article: Article, index: int) -> Iterator[Item]:
    """The blocks of one article, in reading order."""
    p = ctx.preset
    body = Style(p.body_role, p.body_size)
    title_text = display(article.title) if article.title else None
    first = True
    if article.column:
        yield Item(
            kind="kicker",
            lines=_lines(ctx, [(article.column, Style("kai", p.kicker_size))], align="center",
                         tracking=0.0),
            size=p.kicker_size, pitch=p.kicker_size * 1.6, grid=False, splittable=False,
            keep_with_next=True, new_page=first,
        )
        first = False
    if title_text:
        yield Item(
            kind="title",
            lines=_lines(ctx, [(title_text, Style(p.title_role, p.title_size))], align="center",
                         balance=True, tracking=0.0),
            size=p.title_size, pitch=p.title_pitch, grid=False, splittable=False,
            keep_with_next=True, outline=(article.title or "", 0), new_page=first,
            before=p.title_size * 0.2 if not first else 0.0,
        )
        first = False
    if article.subtitle:
        yield Item(
            kind="subtitle",
            lines=_lines(ctx, [(display(subtitle_line(article.subtitle)), Style("kai", p.subtitle_size))],
                         align="center", balance=True, tracking=0.0),
            size=p.subtitle_size, pitch=p.subtitle_size * 1.5, grid=False, splittable=False,
            keep_with_next=True, new_page=first, before=p.subtitle_size * 0.3,
        )
        first = False
    credits = article.printed_credits
    if credits:
        yield Item(
            kind="byline",
            lines=_lines(ctx, [(credit_line(credits), Style("kai", p.byline_size))], align="center",
                         balance=True, tracking=0.0),
            size=p.byline_size, pitch=p.byline_size * 1.6, grid=False, splittable=False,
            keep_with_next=True, new_page=first, before=p.byline_size * 0.5,
        )
        first = False
    if first and not title_text:
        # An untitled article still starts a page and gets an outline entry.
        yield Item(kind="title", lines=[], size=p.body_size, pitch=0.0, grid=False, new_page=True,
                   outline=(f"（无标题 {index + 1}）", 0))
        first = False
    header_gap = p.pitch / 2  # about one blank line between the header and the body (grid snap)
    pending_runin: Heading | None = None
    gap_next = header_gap
    for block in article.body:
        if isinstance(block, Heading) and block.run_in:
            if pending_runin is not None:  # two run-in heads in a row: the first stands alone
                yield from _paragraph_item(ctx, [(pending_runin.text, Style(p.runin_role, p.body_size))],
                                           gap_next, (pending_runin.text, 1))
                gap_next = 0.0
            pending_runin = block
            continue
        if pending_runin is not None and not isinstance(block, Paragraph):
            # a run-in heading with no paragraph after it: print it as a line of its own
            yield from _paragraph_item(ctx, [(pending_runin.text, Style(p.runin_role, p.body_size))],
                                       gap_next, (pending_runin.text, 1))
            gap_next = 0.0
            pending_runin = None
        if isinstance(block, Paragraph):
            spans: list[tuple[str, Style]] = []
            outline = None
            if pending_runin is not None:
                spans.append((pending_runin.text, Style(p.runin_role, p.body_size)))
                outline = (pending_runin.text, 1)
                pending_runin = None
            spans.append((block.text, body))
            yield from _paragraph_item(ctx, spans, gap_next, outline)
        elif isinstance(block, Heading):
            yield _heading_item(ctx, block, gap_next)
        else:
            yield Item(
            kind="caption",
                lines=_lines(ctx, [(block.text, Style("kai", p.caption_size))], align="center",
                             balance=True, tracking=0.0),
                size=p.caption_size, pitch=p.pitch, before=gap_next,
            )
        gap_next = 0.0
    if pending_runin is not None:
        yield from _paragraph_item(ctx, [(pending_runin.text, Style(p.runin_role, p.body_size))],
                                   gap_next, (pending_runin.text, 1))
    if article.author_note:
        yield Item(
            kind="note",
            lines=_lines(ctx, [(author_note_line(article.author_note), Style("kai", p.note_size))],
                         indent=2 * p.body_size + 2 * p.tracking),
            size=p.note_size, pitch=p.pitch, before=0.0,
        )
    src = source_line(article)
    if src:
        yield Item(
            kind="source",
            lines=_lines(ctx, [(src, Style("kai", p.note_size))], align="right", tracking=0.0),
            size=p.note_size, pitch=p.pitch,
        )


def _paragraph_item(
    ctx: Context, spans: list[tuple[str, Style]], before: float, outline: tuple[str, int] | None
) -> Iterator[Item]:
    p = ctx.preset
    yield Item(
            kind="body",
        lines=_lines(ctx, spans, indent=2 * p.body_size + 2 * p.tracking),
        size=p.body_size, pitch=p.pitch, before=before, outline=outline,
    )


def _heading_item(ctx: Context, heading: Heading, before: float) -> Item:
    p = ctx.preset
    level = 1 if heading.level <= 1 else 2
    role = p.heading_roles[0] if level == 1 else p.heading_roles[1]
    size = p.heading_size if level == 1 else p.body_size
    numbered = bool(_NUMBERED.match(heading.text))
    text = display(heading.text)
    if numbered or p.name == "gbt9704":
        lines = _lines(ctx, [(text, Style(role, size))], indent=2 * p.body_size + 2 * p.tracking,
                       align="left")
    else:
        lines = _lines(ctx, [(text, Style(role, size))], align="center", balance=True, tracking=0.0)
    # 占两行: a level-1 heading takes one line box more than its lines, with a little
    # more space above than below, so that it belongs to the text after it.
    extra = p.heading_space * p.pitch if level == 1 else 0.0
    return Item(
            kind="heading",
        lines=lines, size=size, pitch=p.pitch, before=before, keep_with_next=True,
        splittable=False, outline=(heading.text, level),
        pad_top=extra * 0.6, pad_bottom=extra * 0.4,
    )


def _matter_items(ctx: Context, matter: Matter) -> Iterator[Item]:
    """Front or back matter (编辑说明, 后记): a title and a body, like an article."""
    yield from _article_items(ctx, Article(title=matter.title, body=matter.body), 0)


# --------------------------------------------------------------------------- pagination


class Paginator:
    """Places items on pages: line boxes of ``pitch`` stacked from the top of the type
    area, the body on a grid, a heading kept with two lines of what follows, no single
    line of a paragraph left alone at the foot or the head of a page."""

    def __init__(self, preset: Preset) -> None:
        self.p = preset
        self.pages: list[Page] = []
        self.y = 0.0
        self.serial = 0
        self.part: str | None = None
        self.article: str | None = None
        self.kind: PageKind = "body"
        self.recto = False
        self.opened = -1
        """Index of the last page an item with ``new_page`` opened."""

    def _new_page(self) -> Page:
        page = Page(part=self.part, article=self.article, kind=self.kind)
        self.pages.append(page)
        self.y = 0.0
        return page

    def begin(self, *, part: str | None, article: str | None, kind: PageKind = "body",
              recto: bool = False) -> None:
        """Say what the following items belong to (for running heads); the next item
        with ``new_page`` marks its page as an opening page, and with ``recto`` it opens
        on an odd page of the sequence (a sequence starts on a recto), after a blank
        verso if need be."""
        self.part, self.article, self.kind, self.recto = part, article, kind, recto

    @property
    def page(self) -> Page:
        return self.pages[-1] if self.pages else self._new_page()

    def _snap(self, y: float) -> float:
        """``y`` moved down to the next line of the body grid (unchanged if on one)."""
        pitch = self.p.pitch
        nearest = round(y / pitch)
        if abs(y - nearest * pitch) <= 1e-6:
            return nearest * pitch
        return math.ceil(y / pitch) * pitch

    def _room(self, y: float, pitch: float) -> int:
        """How many lines of ``pitch`` fit from ``y`` down to the bottom of the type area."""
        return max(0, int((self.p.height - y) / pitch + 1e-6))

    def add(self, items: Sequence[Item]) -> list[Page]:
        k = 0
        while k < len(items):
            item = items[k]
            if item.new_page or not self.pages:
                if item.new_page and self.recto and len(self.pages) % 2 == 1:
                    self.pages.append(Page(kind="blank", folio=False))
                self._new_page().opening = item.new_page
                if item.new_page:
                    self.opened = len(self.pages) - 1
                    self.recto = False
            # Keep a heading (and a title block) with the first two lines of what follows.
            group = [item]
            j = k
            while items[j].keep_with_next and j + 1 < len(items) and not items[j + 1].new_page:
                j += 1
                group.append(items[j])
            self._place_group(group)
            k = j + 1
        return self.pages

    def _start(self, item: Item, y: float, at_top: bool) -> float:
        y = y + (0.0 if at_top else item.before)
        if item.grid:
            y = self._snap(y)
        return y

    def _group_fits(self, group: Sequence[Item]) -> bool:
        y = self.y
        at_top = y == 0.0
        for n, item in enumerate(group):
            y = self._start(item, y, at_top and n == 0)
            last = n == len(group) - 1
            need = min(len(item.lines), 2) if (last and item.splittable) else len(item.lines)
            y += item.pad_top + need * item.pitch + (0.0 if need < len(item.lines) else item.pad_bottom)
            if y > self.p.height + 1e-6:
                return False
            y += (len(item.lines) - need) * item.pitch
        return True

    def _place_group(self, group: Sequence[Item]) -> None:
        if self.y > 0.0 and not self._group_fits(group):
            self._new_page()
        for item in group:
            self._place(item)

    def _place(self, item: Item) -> None:
        p = self.p
        self.serial += 1
        y = self._start(item, self.y, self.y == 0.0)
        lines = item.lines
        if item.outline is not None:
            self.page.outline.append((item.outline[0], item.outline[1], max(y - 2.0, 0.0)))
        if item.pad_top or item.pad_bottom:
            # an unsplittable padded block (a heading): move on if it does not fit
            if y > 0.0 and y + item.pad_top + len(item.lines) * item.pitch + item.pad_bottom > p.height + 1e-6:
                self._new_page()
                y = 0.0
                if item.outline is not None:
                    self.pages[-2].outline.pop()
                    self.page.outline.append((item.outline[0], item.outline[1], 0.0))
            y += item.pad_top
        i = 0
        n = len(lines)
        if n == 0:
            self.y = y
            return
        while i < n:
            room = self._room(y, item.pitch)
            left = n - i
            if room >= left:
                take = left
            elif not item.splittable or room == 0:
                take = 0
            else:
                take = room
                if take < 2 and n > 1:
                    take = 0  # one line alone at the foot of a page
                elif left - take < 2:
                    take = left - 2  # one line alone at the head of the next page
                    if take < 2 and i == 0:
                        take = 0
            if take <= 0:
                if y == 0.0 or (not self.page.lines and y <= item.before + p.pitch):
                    take = max(1, min(left, room))  # an item taller than a page: split anyway
                else:
                    self._new_page()
                    y = 0.0
                    if item.outline is not None and i == 0:
                        self.page.outline.append((item.outline[0], item.outline[1], 0.0))
                        prev = self.pages[-2].outline
                        if prev and prev[-1][0] == item.outline[0]:
                            prev.pop()
                    continue
            for k in range(i, i + take):
                # the em box centred in the line box; the ideographic baseline 0.12 em up
                baseline = y + (item.pitch - item.size) / 2 + 0.88 * item.size
                self.page.lines.append(PlacedLine(lines[k], baseline, item.kind, self.serial, k, n))
                y += item.pitch
            i += take
            if i < n:
                self._new_page()
                y = 0.0
        self.y = y + item.pad_bottom


# --------------------------------------------------------------------------- drawing


def _head_line(ctx: Context, head: str) -> PlacedLine:
    """The running head (书眉), centred over the type area in 小五 宋, a little above
    the thin rule that closes it (drawn by :func:`_draw_page`); a head too long for the
    measure is set smaller."""
    p = ctx.preset
    size = min(p.folio_size, 0.75 * p.body_size)  # 小五 in a book, not the 4号 of a 公文 folio
    width = ctx.fonts.width(display(head), Style(p.body_role, size))
    if width > p.measure:
        size *= p.measure / width
    line = _set(ctx, head, Style(p.body_role, size))[0]
    return PlacedLine(line, -p.pitch * 0.55 - 3.0, "head", 0, 0, 1)


def _draw_picture(canvas: Canvas, ctx: Context, path: str, reserve: float) -> None:
    """The editor's cover scaled to fit the page (above ``reserve`` points kept for the
    notice of an internal print), centred."""
    from reportlab.lib.utils import ImageReader

    from ..errors import OptionError

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


# --------------------------------------------------------------------------- entry point


Place = tuple[Article | None, str, str, Block | None, int | None]


def _block_places(compilation: Compilation) -> Iterator[Place]:
    """Every text the writer prints: (article, where, text, block, paragraph number);
    ``where`` is ``title``, ``column``, ``subtitle``, ``byline``, ``author note``,
    ``source note``, ``part title`` or ``body`` (then ``block`` says which)."""
    for matter in (*compilation.front, *compilation.back):
        yield None, "title", matter.title, None, None
        for b in matter.body:
            yield None, "body", b.text, b, None
    for part in compilation.parts:
        if part.title:
            yield None, "part title", part.title, None, None
        for a in part.articles:
            for where, t in (("column", a.column), ("title", a.title), ("subtitle", a.subtitle),
                             ("byline", credit_line(a.printed_credits)),
                             ("author note", a.author_note), ("source note", source_line(a))):
                if t:
                    yield a, where, t, None, None
            n = 0
            for b in a.body:
                if isinstance(b, Paragraph):
                    n += 1
                yield a, "body", b.text, b, n if isinstance(b, Paragraph) else None


_FIXED_CHARS = "0123456789—〓（）《》原载年月日第期记者通讯员整理无标题　 "


def _role_for(preset: Preset, where: str, block: Block | None) -> str:
    if isinstance(block, Heading):
        return preset.runin_role if block.run_in else preset.heading_roles[0 if block.level <= 1 else 1]
    if isinstance(block, Caption) or where not in ("body", "title", "part title"):
        return "kai"
    return preset.title_role if where != "body" else preset.body_role


def _check_glyphs(ctx: Context, compilation: Compilation) -> None:
    """A warning for every character printed as 〓, an info for every one drawn from a
    system font, each with its code point and place (file, line, paragraph or part of
    the article), in reading order."""
    places: list[Place] = []
    if is_book(compilation):
        places += [(None, "book's metadata", t, None, None) for t in _book_texts(compilation)]
    places += _block_places(compilation)
    for article, where, text, block, paragraph in places:
        role = _role_for(ctx.preset, where, block)
        path = article.path if article is not None else None
        line = block.line if block is not None else None
        place = "" if where == "body" else f" in the {where}"
        for ch in dict.fromkeys(text):  # each character once per block, in order
            if ch.isspace():
                continue
            face, _adv, _blank, drawn = ctx.fonts.resolve(ch, role)
            if drawn != ch:
                ctx.diagnostics.append(Diagnostic(
                    level="warning", code="missing-glyph",
                    message=f"no font has U+{ord(ch):04X} «{ch}»{place}; it is printed as {MISSING}",
                    line=line, paragraph=paragraph, file=path,
                ))
                continue
            fb = ctx.fonts.fallbacks.get((ch, role))
            if fb is not None and fb.face is not None and ctx.fonts.is_system_face(face):
                ctx.diagnostics.append(Diagnostic(
                    level="info", code="glyph-fallback",
                    message=f"U+{ord(ch):04X} «{ch}»{place} is drawn from the system font {fb.face}",
                    line=line, paragraph=paragraph, file=path,
                ))


def document_chars(compilation: Compilation) -> set[str]:
    """Every character the writer may print for ``compilation``."""
    chars = set(_FIXED_CHARS)
    for _article, _where, text, _block, _n in _block_places(compilation):
        chars.update(text)
    if is_book(compilation):
        chars.update(_BOOK_CHARS)
        for text in _book_texts(compilation):
            chars.update(text)
    return chars


def _metadata(compilation: Compilation) -> tuple[str, str]:
    title = compilation.meta.title
    if compilation.meta.compiler:
        return title, compilation.meta.compiler
    names: list[str] = []
    for a in compilation.articles:
        for c in a.printed_credits:
            if c.name not in names:
                names.append(c.name)
    return title, "、".join(names)


def layout(compilation: Compilation, ctx: Context) -> list[Page]:
    """Break and paginate the whole compilation (front matter, parts, back matter) as
    one run of pages: what a single article or a plain compilation prints.  A book (see
    :func:`is_book`) is laid out by :func:`book_layout`."""
    paginator = Paginator(ctx.preset)
    for matter in compilation.front:
        paginator.begin(part=None, article=matter.title)
        paginator.add(list(_matter_items(ctx, matter)))
    _body(paginator, ctx, compilation, book=False, new_recto=False)
    return paginator.pages


def _part_item(ctx: Context, title: str) -> Item:
    p = ctx.preset
    return Item(
        kind="part",
        lines=_lines(ctx, [(display(title), Style(p.title_role, p.title_size))],
                     align="center", balance=True, tracking=0.0),
        size=p.title_size, pitch=p.title_pitch, grid=False, splittable=False,
        new_page=True, pad_top=p.height / 3, outline=(title, 0),  # a part-title page: title a third down
    )


def _body(paginator: Paginator, ctx: Context, compilation: Compilation, *, book: bool,
          new_recto: bool) -> list[int]:
    """Parts, their articles and the back matter; the index of each article's opening
    page, in order.  In a book a part-title page and the back matter open on a recto,
    the part's verso stays blank, and with ``new_recto`` every article opens on one."""
    opened: list[int] = []
    n = 0
    for part in compilation.parts:
        after_part = False
        if part.title:
            paginator.begin(part=part.title, article=None, kind="part" if book else "body", recto=book)
            paginator.add([_part_item(ctx, part.title)])
            after_part = book
        for article in part.articles:
            paginator.begin(part=part.title, article=article.title, recto=after_part or (book and new_recto))
            after_part = False
            items = list(_article_items(ctx, article, n))
            if part.title:
                for item in items:  # articles and their headings go under the part's entry
                    if item.outline is not None:
                        item.outline = (item.outline[0], item.outline[1] + 1)
            paginator.add(items)
            opened.append(paginator.opened)
            n += 1
    for matter in compilation.back:
        paginator.begin(part=None, article=matter.title, kind="back" if book else "body", recto=book)
        paginator.add(list(_matter_items(ctx, matter)))
        opened.append(paginator.opened)
    return opened


# --------------------------------------------------------------------------- books


def is_book(compilation: Compilation) -> bool:
    """Whether ``compilation`` prints as a book (cover, 扉页, 目录, running heads): it has
    front or back matter, titled parts or book metadata beyond a title.  A single
    article, or articles put together with :meth:`Compilation.of`, print as they are."""
    m = compilation.meta
    return (
        bool(compilation.front or compilation.back)
        or any(p.title for p in compilation.parts)
        or any((m.subtitle, m.compiler, m.year, m.publisher, m.notice, m.permit, m.printer,
                m.print_run, m.edition_date, m.cover))
    )


def _year(meta: BookMeta) -> str | None:
    return f"{meta.year}年" if meta.year else None


def _book_texts(compilation: Compilation) -> Iterator[str]:
    """The words a book prints besides its matter and articles: cover, 扉页, 版本记录."""
    m = compilation.meta
    for t in (m.title, m.subtitle, m.compiler, m.publisher, _year(m), m.notice, m.permit):
        if t:
            yield t
    yield from imprint_lines(m)


_BOOK_CHARS = "目录·ivxlcdm—"


def _roman(n: int) -> str:
    """``ii``, ``xiv``: front matter is numbered in lower-case roman numerals."""
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def _shift(lines: Sequence[Line], dx: float) -> list[Line]:
    """``lines`` moved ``dx`` points to the right."""
    if not dx:
        return list(lines)
    return [replace(ln, runs=tuple(replace(r, x=r.x + dx, end=r.end + dx) for r in ln.runs))
            for ln in lines]


def _runs(ctx: Context, text: str, style: Style, x: float) -> list[Run]:
    """``text`` set solid from ``x``, one run per face."""
    sh = ctx.fonts.shape(text, style)
    runs: list[Run] = []
    k = 0
    while k < len(sh.chars):
        j = k
        while j < len(sh.chars) and sh.faces[j] == sh.faces[k]:
            j += 1
        width = sum(sh.advances[k:j])
        runs.append(Run(text=sh.chars[k:j], face=sh.faces[k], size=style.size, x=x, spacing=0.0,
                        end=x + width, advance=width))
        x += width
        k = j
    return runs


def _set(ctx: Context, text: str, style: Style, *, width: float | None = None,
         align: Align = "center", dx: float = 0.0) -> list[Line]:
    """A display line (cover, 扉页): broken to ``width`` (the measure), balanced when
    centred, shifted ``dx``."""
    p = ctx.preset
    lines = break_lines([(display(text), style)], ctx.fonts, width or p.measure, align=align,
                        latin_space=p.latin_space, balance=align == "center")
    return _shift(lines, dx)


def _stack(page: Page, lines: Sequence[Line], top: float, pitch: float, kind: ItemKind) -> float:
    """Put ``lines`` on ``page``, the first baseline ``top`` below the type area's top;
    return the baseline after the last."""
    for k, ln in enumerate(lines):
        page.lines.append(PlacedLine(ln, top + k * pitch, kind, 0, k, len(lines)))
    return top + len(lines) * pitch


def _cover(ctx: Context, meta: BookMeta) -> Page:
    """封面: the editor's image scaled to fit, else a typeset cover (title, subtitle,
    compiling body, year); an internal print carries its notice and 准印证号 in full
    (《内部资料性出版物管理办法》§14), under the image if there is one."""
    p = ctx.preset
    page = Page(kind="cover", folio=False)
    dx = p.page[0] / 2 - (p.inner + p.measure / 2)  # centred on the paper, not the measure
    width = p.page[0] - 2 * max(p.outer, p.inner)
    notice = [t for t in (meta.notice, meta.permit) if t]
    small = Style("kai", p.body_size * 0.875)
    foot: list[Line] = []
    for words in notice:
        foot += _set(ctx, words, small, width=width, dx=dx)
    # The notice stands in the foot margin's upper part, clear of the type area's foot.
    foot_top = p.height + p.bottom * 0.15 - len(foot) * small.size * 1.6
    if meta.cover:
        page.picture = meta.cover
        _stack(page, foot, foot_top + small.size, small.size * 1.6, "cover")
        return page
    title = Style(p.title_role, p.title_size * 1.6)
    y = p.height * 0.16
    y = _stack(page, _set(ctx, meta.title, title, width=width, dx=dx), y + title.size,
               title.size * 1.35, "cover")
    if meta.subtitle:
        sub = Style("kai", p.subtitle_size * 1.15)
        y = _stack(page, _set(ctx, meta.subtitle, sub, width=width, dx=dx), y + sub.size * 0.6,
                   sub.size * 1.5, "cover")
    # a rule under the title block, the width of six title characters
    rule = title.size * 6
    page.rules.append((p.measure / 2 + dx - rule / 2, y + p.pitch * 0.2, rule, 0.8))
    lower = Style(p.title_role, p.subtitle_size)
    y = p.height * 0.72
    for t in (meta.compiler, _year(meta)):
        if t:
            y = _stack(page, _set(ctx, t, lower, width=width, dx=dx), y, lower.size * 1.8, "cover")
    _stack(page, foot, foot_top + small.size, small.size * 1.6, "cover")
    return page


def _title_leaf(ctx: Context, meta: BookMeta) -> Page:
    """扉页 (GB/T 12450): 正书名, 副书名, compiling body, publisher, year."""
    p = ctx.preset
    page = Page(kind="title", folio=False)
    title = Style(p.title_role, p.title_size * 1.3)
    y = _stack(page, _set(ctx, meta.title, title), p.height * 0.18 + title.size, title.size * 1.35, "title")
    if meta.subtitle:
        sub = Style("kai", p.subtitle_size)
        _stack(page, _set(ctx, meta.subtitle, sub), y + sub.size * 0.5, sub.size * 1.5, "title")
    lower = Style(p.body_role, p.subtitle_size * 0.9)
    y = p.height * 0.74
    for t in (meta.compiler, meta.publisher, _year(meta)):
        if t:
            y = _stack(page, _set(ctx, t, lower), y, lower.size * 1.8, "title")
    return page


def _imprint(ctx: Context, meta: BookMeta) -> Page:
    """The verso of the 扉页: an internal print's 版本记录 at the foot of the type area
    under a thin rule; blank for a published book."""
    p = ctx.preset
    lines = imprint_lines(meta)
    if not lines:
        return Page(kind="blank", folio=False)
    page = Page(kind="imprint", folio=False)
    style = Style(p.body_role, p.note_size)
    pitch = p.note_size * 1.8
    set_ = [ln for t in lines for ln in _set(ctx, t, style, align="left")]
    y = p.height - (len(set_) - 1) * pitch - 0.12 * style.size
    page.rules.append((0.0, y - pitch * 0.95, p.measure, 0.5))
    _stack(page, set_, y, pitch, "imprint")
    return page


def _leaders(ctx: Context, style: Style, start: float, end: float) -> Run | None:
    """Dot leaders from ``start`` to ``end``: dots on a half-em grid counted from the
    measure's left, so that the leaders of all entries line up."""
    step = style.size / 2
    sh = ctx.fonts.shape("·", style)
    adv = sh.advances[0]
    first = math.ceil(start / step) * step
    count = int((end - adv - first) / step + 1e-6) + 1
    if count < 2:
        return None
    return Run(text="·" * count, face=sh.faces[0], size=style.size, x=first, spacing=step - adv,
               end=first + (count - 1) * step + adv, advance=count * step)


def _phrase_lines(ctx: Context, text: str, style: Style, width: float) -> list[Line] | None:
    """A title too long for one line of the 目录 broken at its phrase separators
    (凝聚智慧力量　共谱时代华章), not inside a phrase; ``None`` when it has none, fits
    on one line, or has a phrase longer than a line."""
    phrases = display(text).split("\u3000")
    if len(phrases) < 2 or ctx.fonts.width(display(text), style) <= width:
        return None
    chunks: list[str] = []
    for phrase in phrases:
        joined = f"{chunks[-1]}\u3000{phrase}" if chunks else phrase
        if chunks and ctx.fonts.width(joined, style) <= width:
            chunks[-1] = joined
        else:
            chunks.append(phrase)
    lines: list[Line] = []
    for chunk in chunks:
        set_ = break_lines([(chunk, style)], ctx.fonts, width, align="left",
                           latin_space=ctx.preset.latin_space)
        if len(set_) != 1:
            return None
        lines += set_
    return lines


def _toc_entry(ctx: Context, text: str, style: Style, indent: float, number: str | None,
               column: float = 0.0) -> list[Line]:
    """One entry of the 目录: the title (wrapped, hanging at ``indent``), dot leaders and
    the page number set flush right; the leaders of every entry end at the same place,
    ``column`` (the widest number) before the right edge."""
    p = ctx.preset
    reserve = p.body_size * 4 if number else 0.0
    width = p.measure - indent - reserve
    lines = _phrase_lines(ctx, text, style, width) or break_lines(
        [(display(text), style)], ctx.fonts, width, align="left", latin_space=p.latin_space)
    lines = _shift(lines, indent)
    if not number or not lines:
        return lines
    nums = _runs(ctx, number, Style(p.body_role, p.body_size), 0.0)
    width = sum(r.advance for r in nums)
    nums = [replace(r, x=r.x + p.measure - width, end=r.end + p.measure - width) for r in nums]
    last = lines[-1]
    gap = p.body_size / 2
    dots = _leaders(ctx, Style(p.body_role, p.body_size), last.right + gap,
                    p.measure - max(width, column) - gap)
    runs = (*last.runs, *([dots] if dots else []), *nums)
    lines[-1] = replace(last, runs=runs)
    return lines


def _toc_items(ctx: Context, compilation: Compilation, folios: Sequence[str]) -> list[Item]:
    """目录: the heading 目　录, then per part its title and its articles (indented two
    ems) with their printed authors in 楷, smaller, on a line of their own; each article
    and the back matter with dot leaders to its page number."""
    p = ctx.preset
    items = [Item(
        kind="toc",
        lines=_lines(ctx, [("目\u3000录", Style(p.title_role, p.title_size))], align="center",
                     tracking=0.0),
        size=p.title_size, pitch=p.title_pitch, grid=False, splittable=False, new_page=True,
        outline=("目录", 0),
    )]
    part_style = Style(p.title_role, p.heading_size)
    entry = Style(p.body_role, p.body_size)
    by = Style("kai", p.note_size)
    numbers = iter(folios)
    column = max((ctx.fonts.width(f, Style(p.body_role, p.body_size)) for f in folios), default=0.0)
    n = 0

    def add(lines: list[Line], style: Style, pitch: float, before: float, keep: bool) -> None:
        first = len(items) == 1
        items.append(Item(kind="toc", lines=lines, size=style.size, pitch=pitch, grid=False,
                          splittable=False, keep_with_next=keep,
                          before=p.pitch if first else before))

    for part in compilation.parts:
        indent = 0.0
        if part.title:
            add(_toc_entry(ctx, part.title, part_style, 0.0, None), part_style, p.pitch * 1.1,
                p.pitch * 0.6, True)
            indent = 2 * p.body_size
        for article in part.articles:
            n += 1
            title = article.title or f"（无标题 {n}）"
            credits = article.printed_credits
            add(_toc_entry(ctx, title, entry, indent, next(numbers), column), entry, p.pitch, p.pitch * 0.25,
                bool(credits))
            if credits:
                lines = _lines(ctx, [(credit_line(credits), by)], align="left", tracking=0.0)
                add(_shift(lines, indent + p.body_size), by, by.size * 1.5, 0.0, False)
    for matter in compilation.back:
        add(_toc_entry(ctx, matter.title, part_style, 0.0, next(numbers), column), part_style, p.pitch * 1.1,
            p.pitch * 0.6, False)
    return items


def book_layout(compilation: Compilation, ctx: Context, *, new_recto: bool = False) -> list[Page]:
    """A book in print order: cover and its blank verso, 扉页, 版本记录 (or a blank verso),
    front matter and 目录 each from a recto (numbered i, ii …), then from a recto the
    parts, articles and back matter numbered from 1.

    The body is laid out first, so the 目录 knows every page number; as the body is
    numbered on its own, the length of the 目录 cannot move them.  Each page gets its
    folio (none on the cover, 扉页, 版本记录, blank and part-title pages) and its running
    head: the book's title on a verso, the part's (or, in a book without parts, the
    article's) title on a recto, none on an opening page.
    """
    p = ctx.preset
    meta = compilation.meta
    body = Paginator(p)
    opened = _body(body, ctx, compilation, book=True, new_recto=new_recto)
    front = Paginator(p)
    for matter in compilation.front:
        front.begin(part=None, article=matter.title, kind="front", recto=True)
        front.add(list(_matter_items(ctx, matter)))
    front.begin(part=None, article="目\u3000录", kind="toc", recto=True)
    front.add(_toc_items(ctx, compilation, [str(k + 1) for k in opened]))
    if len(front.pages) % 2:
        front.pages.append(Page(kind="blank", folio=False))
    head = [_cover(ctx, meta), Page(kind="blank", folio=False), _title_leaf(ctx, meta),
            _imprint(ctx, meta)]
    front.pages[0].starts = "roman"
    if body.pages:
        body.pages[0].starts = "arabic"
    for seq, numeral in ((front.pages, _roman), (body.pages, str)):
        for k, page in enumerate(seq):
            if page.kind == "blank":
                page.folio = False
                continue
            page.folio = page.kind != "part"
            page.label = numeral(k + 1) if page.folio else None
            if page.kind != "part" and not page.opening:
                # k even: a recto (every sequence starts on one)
                page.head = (page.part or page.article or meta.title) if k % 2 == 0 else meta.title
    return head + front.pages + body.pages


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


def write(compilation: Compilation, dest: Path, options: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
    """Write ``compilation`` as a PDF to ``dest``; return the diagnostics (missing glyphs,
    font substitutions).  ``options`` are validated by the writers framework."""
    return render(compilation, dest, options, _preset(str(options.get("preset") or "book")))


def render(
    compilation: Compilation,
    dest: Path | Any,
    options: Mapping[str, Any],
    preset: Preset,
) -> tuple[Diagnostic, ...]:
    """:func:`write` with an explicit :class:`Preset` (tests sweep the measure with it);
    ``dest`` is a path or a binary file object."""
    user = {
        role: options.get(f"font_{role}")
        for role in ("body", "heading", "hei", "kai", "fangsong")
        if options.get(f"font_{role}")
    }
    system_fonts = bool(options.get("system_fonts", True))
    chars = document_chars(compilation)
    fonts = FontSet(user, chars=chars, system_fonts=system_fonts,
                    find_fangsong=preset.body_role == "fangsong" and system_fonts)
    ctx = Context(preset=preset, fonts=fonts)
    if preset.body_role == "fangsong" and not fonts.has_role("fangsong"):
        ctx.diagnostics.append(Diagnostic(
            level="warning", code="no-fangsong",
            message="no 仿宋 font was named or found on this system, so the gbt9704 body is "
            "set in the bundled 楷 face; name one with the font_fangsong option "
            "(e.g. font_fangsong=仿宋_GB2312 or a path to the .ttf)",
        ))
        fonts.faces["fangsong"] = fonts.faces["kai"]
    _check_glyphs(ctx, compilation)
    book = is_book(compilation)
    if book:
        pages = book_layout(compilation, ctx, new_recto=bool(options.get("new_recto", False)))
    else:
        pages = layout(compilation, ctx)
        for number, page in enumerate(pages, start=1):
            page.label = str(number)
    _outline_levels(pages)
    moment = options.get("timestamp")
    if not isinstance(moment, _dt.datetime):
        moment = _dt.datetime(2000, 1, 1, tzinfo=_dt.timezone.utc)
    stamp = moment.astimezone(_dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
    target = str(dest) if isinstance(dest, (str, Path)) else dest
    canvas = Canvas(target, pagesize=preset.page, invariant=1, lang="zh-CN",
                    pageCompression=1, initialFontName=fonts.faces["body"].key)
    canvas.setDateFormatter(lambda *_args: stamp)
    title, author = _metadata(compilation)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject("政协文稿汇编" if len(compilation.articles) > 1 else title)
    canvas.setCreator("cppcc_publish")
    canvas.setKeywords("政协")
    canvas.showOutline()
    if book:
        _page_labels(canvas, pages)
    keys = (f"o{i}" for i in range(1_000_000))
    for number, page in enumerate(pages, start=1):
        _draw_page(canvas, ctx, page, number, keys)
        canvas.showPage()
    _save(canvas)
    return tuple(ctx.diagnostics)


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


__all__ = [
    "NAME", "OPTIONS", "PRESETS", "SUFFIX", "Page", "Preset", "book_layout", "document_chars", "is_book",
    "layout", "preset", "render", "write",
]
