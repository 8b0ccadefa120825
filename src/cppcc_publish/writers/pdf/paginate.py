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
from collections.abc import Sequence
from dataclasses import dataclass

from ...book.imprint import complete_imprint
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
from ...typography.linebreak import Line, units
from .pages import Item, Page, PageKind, PlacedLine
from .presets import Preset


WIDOW_MIN = 5
"""A paragraph's last line may stand at the head of a page when it holds at least this
many characters (a Latin word or a number counts as one): it reads as a line, not as a
remnant (寡行).  A shorter one is avoided by taking a line back or giving one."""

HEADING_SHORT = 2
"""Line boxes a page may leave empty at its foot when the heading that would stand there
moves to the next page with the lines it keeps with."""

_STEP = 0.01
"""Tracking is tried in steps of a hundredth of an em, the least change first."""


@dataclass(slots=True)
class _Placed:
    """An item with lines on the current page: its lines from ``first`` on are there."""

    item: Item
    serial: int
    first: int


class Paginator:
    """Places items on pages: line boxes of ``pitch`` stacked from the top of the type
    area, the body on a grid, a heading kept with two lines of what follows.

    A page inside an element ends on its last line box.  A paragraph's first line is
    never left alone at a page's foot, nor its last line at a page's head unless it
    holds :data:`WIDOW_MIN` characters; where either would happen, or a page would end
    short, a paragraph on the page (or the one being placed) is set a little tighter to
    take a line back or a little looser to give one (within the preset's ``tighten``
    and ``loosen``), as a compositor does.  A page may still end short before a heading
    that moves on with its lines (:data:`HEADING_SHORT` line boxes at most, when no
    paragraph can fill them), and where no paragraph can be set again within the
    limits.  A photo with its caption that does not fit on what is left of a page heads
    the next one (after any photos already waiting), and the text after it fills this
    page; an element's photos still waiting at its end are placed where they fit.  A
    preset that allows no change (the 公文's 28 characters a line) fills
    every page and leaves a first or last line where it falls."""

    def __init__(self, preset: Preset, *, element: str | None = None, kind: PageKind = "body",
                 serial: int = 0) -> None:
        self.p = preset
        self.pages: list[Page] = []
        self.y = 0.0
        self.serial = serial
        """Items placed so far (numbers the items of a whole book when passed on)."""
        self.element = element
        self.kind: PageKind = kind
        self._here: list[_Placed] = []
        """The items whose last lines are on the current page, in order."""
        self._floats: list[list[Item]] = []
        """Photos with their captions that did not fit where they stand: they open the
        next page, and the text after them fills this one (图随文走)."""

    def _new_page(self) -> Page:
        page = Page(element=self.element, kind=self.kind)
        self.pages.append(page)
        self.y = 0.0
        self._here = []
        floats, self._floats = self._floats, []
        for k, group in enumerate(floats):  # the photos waiting head it, in their order,
            if k > 0 and not self._group_fits(group):  # as many as fit
                self._floats = floats[k:]
                break
            for item in group:
                self._place(item)
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
            if group[0].kind == "photo" and not group[0].new_page and (
                    self._floats or (self.y > 0.0 and not self._group_fits(group))):
                self._floats.append(group)  # it heads the next page; the text goes on here
            else:
                self._place_group(group)
            k = j + 1
        while self._floats:  # the element ends: its last photos, in order, where they fit
            if self.y > 0.0 and not self._group_fits(self._floats[0]):
                self._new_page()  # (which places the waiting photos that fit, in order)
            else:
                for item in self._floats.pop(0):
                    self._place(item)
        return self.pages

    def _start(self, item: Item, y: float, at_top: bool) -> float:
        y = y + (0.0 if at_top else item.before)
        if item.grid:
            y = self._snap(y)
        return y

    def _group_fits(self, group: Sequence[Item]) -> bool:
        """Whether ``group`` fits on this page: a heading with two lines of what follows,
        a paragraph with two lines (one where the preset leaves first lines where they
        fall)."""
        y = self.y
        at_top = y == 0.0
        keep = 2 if (len(group) > 1 or self.p.tighten or self.p.loosen) else 1
        for n, item in enumerate(group):
            y = self._start(item, y, at_top and n == 0)
            last = n == len(group) - 1
            need = min(len(item.lines), keep) if (last and item.splittable) else len(item.lines)
            y += item.pad_top + need * item.pitch + (0.0 if need < len(item.lines) else item.pad_bottom)
            if y > self.p.height + 1e-6:
                return False
            y += (len(item.lines) - need) * item.pitch
        return True

    def _place_group(self, group: Sequence[Item]) -> None:
        if self.y > 0.0 and not self._group_fits(group):
            # One line taken back above lets the group stay; else the page is filled up
            # to what a heading that moves on may leave empty, or full before text.  A
            # block that cannot split (a picture) moves on and leaves its room.
            if not (self._lacks_one(group) and self._adjust_page(-1)):
                if group[0].kind == "heading":
                    self._fill(HEADING_SHORT)
                elif group[0].splittable:
                    self._fill(0)
                self._new_page()
        for item in group:
            self._place(item)

    def _lacks_one(self, group: Sequence[Item]) -> bool:
        """Whether ``group`` would fit with one more line box on the page."""
        y = self.y
        self.y = y - self.p.pitch
        try:
            return self.y > 0.0 and self._group_fits(group)
        finally:
            self.y = y

    def _place(self, item: Item) -> None:
        p = self.p
        self.serial += 1
        serial = self.serial  # (photos that open a page the item goes on to number theirs)
        y = self._start(item, self.y, self.y == 0.0)
        lines = item.lines
        if item.outline is not None:
            self.page.outline.append((item.outline[0], item.outline[1], max(y - 2.0, 0.0)))
        if item.pad_top or item.pad_bottom:
            # an unsplittable padded block (a heading): move on if it does not fit
            if y > 0.0 and y + item.pad_top + len(item.lines) * item.pitch + item.pad_bottom > p.height + 1e-6:
                self._new_page()
                y = self.y
                if item.outline is not None:
                    self.pages[-2].outline.pop()
                    self.page.outline.append((item.outline[0], item.outline[1], max(y - 2.0, 0.0)))
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
                self.y = y
                split = self._split(item, i, room)
                if split is None:  # a line was taken back or given: decide again
                    y, lines, n = self.y, item.lines, len(item.lines)
                    continue
                take = split
            if take <= 0:
                if y == 0.0 or (not self.page.lines and y <= item.before + p.pitch):
                    take = max(1, min(left, room))  # an item taller than a page: split anyway
                else:
                    self.y = y
                    if item.splittable:
                        self._fill(0)
                    self._new_page()
                    y = self._start(item, self.y, True) if self.y > 0.0 else 0.0
                    if item.outline is not None and i == 0:
                        self.page.outline.append((item.outline[0], item.outline[1], max(y - 2.0, 0.0)))
                        prev = self.pages[-2].outline
                        if prev and prev[-1][0] == item.outline[0]:
                            prev.pop()
                    continue
            for k in range(i, i + take):
                # the em box centred in the line box; the ideographic baseline 0.12 em up
                baseline = y + (item.pitch - item.size) / 2 + 0.88 * item.size
                self.page.lines.append(PlacedLine(lines[k], baseline, item.kind, serial, k, n))
                y += item.pitch
            placed = _Placed(item, serial, i)
            i += take
            if i < n:
                self.y = y
                self._fill(0)
                self._new_page()
                y = self.y
            else:
                self._here.append(placed)
        self.y = y + item.pad_bottom

    # ----------------------------------------------------------------- a line taken back or given

    def _split(self, item: Item, i: int, room: int) -> int | None:
        """How many lines of ``item``, from its line ``i`` on, go on this page, where
        ``room`` line boxes are left and the rest does not fit; ``None`` when a line was
        taken back or given to avoid an orphan (the first line alone at the foot) or a
        short widow (the last line alone at the head of the next page): the page's
        lines and the item's have changed, decide again."""
        lines = item.lines
        left = len(lines) - i
        if not (self.p.tighten or self.p.loosen):
            return room
        orphan = i == 0 and room < 2
        widow = left - room < 2 and units(lines[-1].text) < WIDOW_MIN
        if not orphan and not widow:
            return room
        # Ways out, each with the tracking it is estimated to need:
        #   this paragraph one line shorter (it fits) or longer (two lines go over);
        #   a paragraph above one line shorter (one more line box here) or longer (one
        #   less: the orphan moves over whole, two lines of the widow go over).
        ways: list[tuple[float, int, _Placed | None]] = []
        if item.reflow is not None and widow:
            ways.append((_estimate(item, i, -1), -1, None))
            if not orphan:
                ways.append((_estimate(item, i, +1), +1, None))
        above = [(_estimate(e.item, e.first, more), more, e) for e in self._movable()
                 for more in (-1, +1)
                 if more < 0 or room == 1 or room - 1 >= 2 or i > 0]
        ways += above
        for _est, more, placed in sorted(ways, key=lambda w: w[0]):
            if placed is None:
                found = _variant(self.p, item, i, more)
                if found is not None:
                    item.lines = [*lines[:i], *found[1]]
                    return None
            else:
                found = _variant(self.p, placed.item, placed.first, more)
                if found is not None and self._room(self.y, self.p.pitch) >= max(more, 0):
                    self._apply(placed, found[1])
                    return None
        # Nothing can be set again within the limits: the old rules.
        if orphan:
            return 0
        take = left - 2
        if take < 2 and i == 0:
            take = 0
        if take <= 0 and self._here and self._here[-1].item.keep_with_next:
            return room  # the widow rather than a heading alone at the foot
        return max(take, 0)

    def _movable(self) -> list[_Placed]:
        """The paragraphs on this page that may be set again, whole there."""
        return [e for e in self._here if e.item.reflow is not None and len(e.item.lines) > e.first]

    def _adjust_page(self, more: int) -> bool:
        """Set one paragraph on this page a line shorter (``more`` −1) or longer (+1),
        the one that needs the least change; whether one could be."""
        if more > 0 and self._room(self.y, self.p.pitch) < 1:
            return False
        for _est, e in sorted(((_estimate(e.item, e.first, more), e) for e in self._movable()),
                              key=lambda w: w[0]):
            found = _variant(self.p, e.item, e.first, more)
            if found is not None:
                self._apply(e, found[1])
                return True
        return False

    def _fill(self, leave: int) -> None:
        """Before the page ends: give lines from its paragraphs until no more than
        ``leave`` line boxes stay empty at its foot, where they can."""
        while self._room(self.y, self.p.pitch) > leave and self._adjust_page(+1):
            pass

    def _apply(self, placed: _Placed, new: list[Line]) -> None:
        """Put ``new`` in place of the lines of ``placed`` on this page, and move what
        follows it on the page up or down by the lines it lost or gained."""
        page = self.page
        item = placed.item
        shift = (len(new) - (len(item.lines) - placed.first)) * item.pitch
        item.lines = [*item.lines[:placed.first], *new]
        at = [k for k, pl in enumerate(page.lines) if pl.item == placed.serial]
        j0, j1 = at[0], at[-1] + 1
        top = page.lines[j0].baseline
        page.lines[j0:j1] = [
            PlacedLine(ln, top + k * item.pitch, item.kind, placed.serial, placed.first + k,
                       len(item.lines))
            for k, ln in enumerate(new)
        ]
        for pl in page.lines[j0 + len(new):]:
            pl.baseline += shift
        page.outline[:] = [(t, lv, y + shift if y > top else y) for t, lv, y in page.outline]
        self.y += shift


def _estimate(item: Item, first: int, more: int) -> float:
    """The tracking (in ems) that setting the lines of ``item`` from ``first`` on one line
    shorter (``more`` −1) or longer (+1) is likely to need: the last line's characters
    spread over the lines before it, or the room it leaves pushed into it."""
    rest = item.lines[first:]
    if not rest or not rest[0].runs:
        return math.inf
    per_line = rest[0].width / item.size
    last = (rest[-1].right - rest[-1].left) / item.size
    if more < 0:
        return last / ((len(rest) - 1) * per_line) if len(rest) > 1 else math.inf
    if len(rest) == 1:
        return (per_line - last) / max(last, 1.0)
    return (per_line - last) / ((len(rest) - 1) * per_line)


def _variant(preset: Preset, item: Item, first: int, more: int) -> tuple[float, list[Line]] | None:
    """(tracking in ems, lines): the lines of ``item`` from ``first`` on set again one line
    shorter (``more`` −1) or longer (+1) with the least change of tracking that does it,
    within the preset's ``tighten`` and ``loosen``; ``None`` if none does."""
    limit = preset.tighten if more < 0 else preset.loosen
    if item.reflow is None or limit <= 0:
        return None
    estimate = _estimate(item, first, more)
    if estimate > 1.5 * limit:
        return None
    want = len(item.lines) - first + more
    # start a little below the estimate: the least change that works is wanted
    step = max(1, int(0.6 * estimate / _STEP))
    while step * _STEP <= limit + 1e-9:
        lines = item.reflow(item.lines, first, more * step * _STEP * item.size)
        if len(lines) == want:
            return step * _STEP, lines
        if (len(lines) - want) * more > 0:
            return None  # one step went two lines: no tracking gives exactly one
        step += 1
    return None


# --------------------------------------------------------------------------- the book


_MATTER_KIND: dict[str, PageKind] = {"front": "front", "back": "back"}


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
                    numeral = folios.numeral(index - start + 1)
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


def complete_imprint_page(book: Book, pages: list[Page], ctx: Context) -> Book:
    """When the plan's 版本记录 waits for the page count: the plan with the record
    completed from ``pages`` (:func:`~cppcc_publish.book.imprint.complete_imprint`), its
    page set again in ``pages`` (one page still: the page count holds)."""
    done = complete_imprint(book, len(pages))
    if done is book:
        return book
    for k, page in enumerate(pages):
        if page.kind == "imprint" and page.element is not None:
            element = done.element(page.element)
            if isinstance(element, Imprint):
                again = imprint_page(ctx, element)
                again.label, again.head, again.starts = page.label, page.head, page.starts
                pages[k] = again
    return done
