"""Pagination: the plan's elements laid out as pages, in print order.

Each element opens a page of its own (after a blank page when the plan opens it on a
recto or a verso the next page is not); its items are placed by :class:`Paginator`.
Every page then gets what the plan says: its folio (in the element's sequence, none on
blank pages or where the plan prints none), its running head (none on opening and blank
pages) and its kind.  The 目录 is set last, when the folios its entries' targets open on
are known (again, should its length move them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ...book.plan import (
    Book,
    Contents,
    Cover,
    Element,
    Imprint,
    Matter,
    PartTitle,
    TextElement,
    TitlePage,
)
from .compose import (
    Context,
    contents_items,
    cover_page,
    imprint_page,
    part_items,
    text_items,
    title_page,
)
from .pages import Item, Page, PageKind, PlacedLine
from .presets import Preset


class Paginator:
    """Places items on pages: line boxes of ``pitch`` stacked from the top of the type
    area, the body on a grid, a heading kept with two lines of what follows, no single
    line of a paragraph left alone at the foot or the head of a page."""

    def __init__(self, preset: Preset, *, element: str | None = None, kind: PageKind = "body",
                 serial: int = 0) -> None:
        self.p = preset
        self.pages: list[Page] = []
        self.y = 0.0
        self.serial = serial
        """Items placed so far (numbers the items of a whole book when passed on)."""
        self.element = element
        self.kind: PageKind = kind

    def _new_page(self) -> Page:
        page = Page(element=self.element, kind=self.kind)
        self.pages.append(page)
        self.y = 0.0
        return page

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
                self._new_page().opening = item.new_page
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


# --------------------------------------------------------------------------- the book


_MATTER_KIND: dict[str, PageKind] = {"front": "front", "back": "back"}


def roman(n: int) -> str:
    """``ii``, ``xiv``: front matter is numbered in lower-case roman numerals."""
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


_NUMERALS: dict[str, Callable[[int], str]] = {"roman": roman, "arabic": str}


class _Layout:
    """The pages of every element, laid out once each (the 目录 again with its folios)."""

    def __init__(self, book: Book, ctx: Context) -> None:
        self.book = book
        self.ctx = ctx
        self.serial = 0
        self.pages: dict[str, list[Page]] = {}

    def paginate(self, element: Element, items: Sequence[Item], kind: PageKind) -> list[Page]:
        paginator = Paginator(self.ctx.preset, element=element.key, kind=kind, serial=self.serial)
        paginator.add(items)
        self.serial = paginator.serial
        return paginator.pages

    def compose(self, element: Element, numbers: dict[str, str]) -> list[Page]:
        ctx = self.ctx
        if isinstance(element, Cover):
            return [cover_page(ctx, element)]
        if isinstance(element, TitlePage):
            return [title_page(ctx, element)]
        if isinstance(element, Imprint):
            return [imprint_page(ctx, element)]
        if isinstance(element, Contents):
            return self.paginate(element, contents_items(ctx, element, numbers), "toc")
        if isinstance(element, PartTitle):
            return self.paginate(element, part_items(ctx, element), "part")
        if isinstance(element, TextElement):
            kind = _MATTER_KIND[element.place] if isinstance(element, Matter) else "body"
            return self.paginate(element, text_items(ctx, element), kind)
        raise TypeError(f"the PDF writer cannot print a {type(element).__name__}")

    def assemble(self) -> tuple[list[Page], dict[str, str]]:
        """All pages in order, blank pages put in for recto and verso openings, folios
        and running heads set; and the folio each element opens on."""
        out: list[Page] = []
        opens_on: dict[str, str] = {}
        start: int | None = None
        for element in self.book.elements:
            pages = self.pages[element.key]
            if (element.opening == "recto" and len(out) % 2 == 1) or (
                    element.opening == "verso" and len(out) % 2 == 0 and out):
                out.append(Page(kind="blank"))
            folios = element.folios
            if folios is not None and (folios.restart or start is None):
                start = len(out)
            for k, page in enumerate(pages):
                index = len(out)
                page.label = page.head = page.starts = None
                if folios is not None and start is not None:
                    numeral = _NUMERALS[folios.style](index - start + 1)
                    if k == 0:
                        opens_on[element.key] = numeral
                        if index == start:
                            page.starts = folios.style
                    if k > 0 or folios.on_opening:
                        page.label = numeral
                if element.heads is not None and k > 0:
                    # a recto is an odd page of the book, counted from its first page
                    page.head = element.heads.recto if index % 2 == 0 else element.heads.verso
                out.append(page)
        return out, opens_on


def layout(book: Book, ctx: Context) -> list[Page]:
    """Every page of ``book`` in print order (see the module's docstring)."""
    lay = _Layout(book, ctx)
    contents = book.contents
    for element in book.elements:
        if element is not contents:
            lay.pages[element.key] = lay.compose(element, {})
    if contents is None:
        return lay.assemble()[0]
    # The 目录's folios: the pages its targets open on.  A target in the 目录's own
    # sequence of folios after it moves with the 目录's length, so the 目录 is set again
    # until its length settles; otherwise (the plan's books: the body restarts at 1) once.
    lay.pages[contents.key] = [Page(kind="toc", element=contents.key)]
    pages, opens_on = lay.assemble()
    for _attempt in range(4):
        lay.pages[contents.key] = lay.compose(contents, opens_on)
        pages, settled = lay.assemble()
        if settled == opens_on:
            break
        opens_on = settled
    return pages
