"""The book plan: what a book prints, in what order, numbered how — for every format.

A :class:`Book` is a tuple of elements in print order.  Each element starts a new page
(``opening`` says which: the next one, a recto or a verso, a blank page put in before it
when needed), carries its numbering (:class:`Folios`) and its running heads
(:class:`RunningHeads`), and says what it prints.  Writers render a plan and decide
nothing of it; formats without pages (EPUB) render the order, the texts and the
navigation and leave openings, folios and running heads aside.

Rules that hold for every element, so that no element repeats them:

* an element's first page (its *opening page*) carries no running head;
* a blank page put in for a recto (or verso) opening carries nothing: no running head,
  no folio, though it counts in its sequence of folios;
* a sequence of folios starts at 1 on the element with ``restart`` and runs on until the
  next; the elements before the first sequence (cover, 扉页, 版本记录) are not numbered;
* a recto is an odd page counted from the first page of the whole book (the cover), so
  that every sequence of folios, which starts on a recto, has its odd numbers on rectos.

All types are frozen; a change is :func:`dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

from ..model import Article, Block
from .photos import Photo

Opening = Literal["next", "recto", "verso"]
"""Where an element starts: on the next page, or on the next recto (odd, right-hand) or
verso (even, left-hand) page, a blank page put in before it when needed."""

Numbering = Literal["roman", "arabic"]
"""Folios in lower-case roman numerals (i, ii …, front matter) or Arabic (1, 2 …)."""

PieceKind = Literal["kicker", "title", "subtitle", "byline", "body", "author-note", "source"]
"""The parts an article prints, in the order its :class:`Piece` tuple gives."""

EntryKind = Literal["front", "part", "article", "back"]

HeadingAlign = Literal["center", "indent"]
"""How a level of headings is set: centred, or flush left at the body's two-character
indent, as GB/T 9704 sets 一、 and （一）."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Folios:
    """How an element's pages are numbered."""

    style: Numbering
    restart: bool = False
    """A sequence of folios starts at 1 on this element's opening page."""
    on_opening: bool = True
    """Whether the opening page prints its folio (a part-title page does not)."""

    def numeral(self, n: int) -> str:
        """The folio of the ``n``-th page of the sequence: ``ii``, ``xiv`` (front matter,
        lower-case roman) or ``3``."""
        return roman(n) if self.style == "roman" else str(n)


def roman(n: int) -> str:
    """``ii``, ``xiv``: front matter is numbered in lower-case roman numerals."""
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class RunningHeads:
    """The running heads (书眉) of an element's pages after its opening page."""

    verso: str
    """On even (left-hand) pages: the book's title."""
    recto: str
    """On odd (right-hand) pages: the part's title, the article's or the matter's."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Piece:
    """One part of what an article (or a piece of front or back matter) prints: its
    kind and its text as printed (``——`` before a subtitle, parentheses around the
    author note).  The ``body`` piece stands for the element's blocks."""

    kind: PieceKind
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A heading readers navigate to (PDF outline, EPUB navigation)."""

    label: str
    level: int
    """1 below its element (一、, a run-in heading), 2 below a level-1 heading (（一）)."""
    block: int
    """Index of the heading in the element's body."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Element:
    """What every element has: a key, where it opens, its folios and running heads,
    and its entry in the navigation."""

    kind: ClassVar[str] = "element"
    key: str
    """Unique in the book: ``cover``, ``front-1``, ``part-2``, ``article-3`` …"""
    opening: Opening = "next"
    folios: Folios | None = None
    """``None``: the element's pages carry no folio and start no sequence."""
    heads: RunningHeads | None = None
    """``None``: no running heads on any of its pages."""
    label: str | None = None
    """Its name in the navigation (PDF outline, EPUB navigation); ``None``: not listed."""
    level: int = 0
    """Depth in the navigation: 0 at the top, 1 for an article under a titled part."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Cover(Element):
    """封面: the editor's image, else the title set on it; an internal print's notice and
    准印证号 in full at its foot (under the image if there is one)."""

    kind: ClassVar[str] = "cover"
    title: str
    subtitle: str | None = None
    lines: tuple[str, ...] = ()
    """Set low on the cover: the compiling body, the year."""
    notice: tuple[str, ...] = ()
    """At the foot: 内部资料 notice, 准印证号."""
    image: str | None = None
    """Path of the editor's cover image."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TitlePage(Element):
    """扉页: 正书名, 副书名, then the compiling body, the publisher and the year."""

    kind: ClassVar[str] = "title-page"
    title: str
    subtitle: str | None = None
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Imprint(Element):
    """版本记录 on the verso of the 扉页: one line per field, in order.

    Two of its lines, 印张 and 字数, count the printed book's pages, which are known
    only once the book is laid out: the plan leaves them out and says where they go
    (``extent_at``); :func:`cppcc_publish.book.imprint.complete_imprint` puts them in
    from a page count.  A writer prints ``lines`` when ``extent_at`` is ``None``."""

    kind: ClassVar[str] = "imprint"
    lines: tuple[str, ...] = ()
    extent_at: int | None = None
    """Where among ``lines`` the 印张 and 字数 lines go, while the page count is not
    known; ``None``: the record is complete."""
    pages: int | None = None
    """The printed book's pages its 印张 and 字数 were counted from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TextElement(Element):
    """An element that prints pieces of text around a body of blocks."""

    pieces: tuple[Piece, ...] = ()
    """What it prints, in order; the ``body`` piece places :attr:`body`."""
    body: tuple[Block, ...] = ()
    """The blocks as they print: a standalone heading's phrase separator in the form
    :func:`~.wording.title_text` gives titles."""
    sections: tuple[Section, ...] = ()
    """The headings of the body that the navigation lists, in order."""
    heading_align: tuple[HeadingAlign, HeadingAlign] = ("center", "center")
    """How the body's level-1 and level-2 headings are set: one way for every heading of
    a level, so that headings of one level look alike."""
    photos: tuple[Photo, ...] = ()
    """The photos printed above their captions (:mod:`.photos`), in order."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Matter(TextElement):
    """Front matter (编辑说明, 前言: ``kind`` ``front``) or back matter (编后记: ``back``)."""

    kind: ClassVar[str] = "matter"
    place: Literal["front", "back"] = "front"
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentsEntry:
    """One entry of the 目录."""

    kind: EntryKind
    label: str
    target: str
    """Key of the element the entry points to."""
    level: int = 1
    """1 at the left, 2 indented under a part."""
    byline: str | None = None
    """The article's printed authors, under its title."""
    numbered: bool = True
    """Whether the entry shows the folio its target opens on (a part's does not)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Contents(Element):
    """目录: a heading and the entries, in order."""

    kind: ClassVar[str] = "contents"
    title: str = "目\u3000录"
    entries: tuple[ContentsEntry, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PartTitle(Element):
    """A part-title page (栏目): the part's title alone on a recto, its verso blank."""

    kind: ClassVar[str] = "part"
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleElement(TextElement):
    """One article: its pieces in print order around its body."""

    kind: ClassVar[str] = "article"
    article: Article
    """The article itself: its blocks, flags and diagnostics (a review copy comments
    on them), the file it came from."""
    number: int
    """1-based place among the book's articles."""
    part: str | None = None
    """The title of the part it belongs to."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Book:
    """The plan of one output: see the module's docstring for the rules every element
    follows."""

    preset: str
    """The page design the plan was made for (:mod:`.presets`)."""
    is_book: bool
    """Printed as a book (cover, 扉页, 目录, running heads) or as the article alone."""
    title: str
    creators: tuple[str, ...] = ()
    """Who the metadata names as author: the compiling body, else the credited people."""
    publisher: str | None = None
    language: str = "zh-CN"
    elements: tuple[Element, ...] = ()

    @property
    def author(self) -> str:
        """The creators as one string, for fields that hold one (PDF, DOCX)."""
        return "、".join(self.creators)

    @property
    def articles(self) -> tuple[ArticleElement, ...]:
        return tuple(e for e in self.elements if isinstance(e, ArticleElement))

    @property
    def contents(self) -> Contents | None:
        return next((e for e in self.elements if isinstance(e, Contents)), None)

    def element(self, key: str) -> Element:
        """The element with ``key``."""
        for e in self.elements:
            if e.key == key:
                return e
        raise KeyError(key)


def printed_texts(book: Book) -> Iterator[str]:
    """Every text the plan prints, element by element (a font subset needs them all):
    titles, lines, entries, running heads, pieces and blocks."""
    yield book.title
    for e in book.elements:
        if e.label:
            yield e.label
        if e.heads is not None:
            yield e.heads.verso
            yield e.heads.recto
        if isinstance(e, (Cover, TitlePage)):
            yield e.title
            if e.subtitle:
                yield e.subtitle
            yield from e.lines
            if isinstance(e, Cover):
                yield from e.notice
        elif isinstance(e, Imprint):
            yield from e.lines
        elif isinstance(e, PartTitle):
            yield e.title
        elif isinstance(e, Contents):
            yield e.title
            for x in e.entries:
                yield x.label
                if x.byline:
                    yield x.byline
        elif isinstance(e, TextElement):
            for piece in e.pieces:
                if piece.text:
                    yield piece.text
            for block in e.body:
                yield block.text
