"""The PDF's layout model: blocks set into lines (:class:`Item`), lines placed on pages
(:class:`PlacedLine`, :class:`Page`).  Composition makes items, pagination places them,
drawing paints pages; none of the three looks at the others' inside."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ...typography.linebreak import Line

Reflow = Callable[[Sequence[Line], int, float], list[Line]]
"""Breaks a paragraph again from one of its lines on: given its lines, the index of the
first line to set again and a change of tracking in points (negative: tighter), the new
lines from that one to the end.  Pagination takes a line back or gives one with it."""

ItemKind = Literal["kicker", "title", "subtitle", "byline", "body", "heading", "caption", "note",
                   "source", "part", "toc", "cover", "imprint", "head", "photo"]

PageKind = Literal["body", "cover", "title", "imprint", "blank", "front", "toc", "part", "back"]
"""What a page of a book is: a page of an article (``body``), the cover, the 扉页
(``title``), the 版本记录 (``imprint``), a blank page, a page of front matter (``front``)
or of the 目录 (``toc``), a part-title page or a page of back matter (``back``)."""


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
    reflow: Reflow | None = None
    """How to set the block's text tighter or looser (a justified paragraph); ``None``:
    its lines are what they are."""


@dataclass(slots=True)
class PlacedLine:
    line: Line
    baseline: float
    """Distance of the baseline below the top of the type area."""
    kind: ItemKind = "body"
    item: int = 0
    """Sequence number of the item (block) the line belongs to, within its element."""
    index: int = 0
    """The line's place in its item (0 = first line)."""
    count: int = 1
    """How many lines the item has."""


@dataclass(slots=True)
class Page:
    """One page as laid out, and what the plan prints around its text."""

    lines: list[PlacedLine] = field(default_factory=list)
    outline: list[tuple[str, int, float]] = field(default_factory=list)
    """(text, level, distance below the type area's top)."""
    element: str | None = None
    """Key of the plan's element the page belongs to (``None``: a blank page)."""
    opening: bool = False
    """The element's first page."""
    kind: PageKind = "body"
    label: str | None = None
    """The printed folio (``3``, ``ii``); ``None``: none printed."""
    head: str | None = None
    """The running head (书眉) printed above the type area, ``None`` for none."""
    picture: str | None = None
    """An image filling the page (the editor's cover)."""
    starts: Literal["roman", "arabic"] | None = None
    """A sequence of folios starts here."""
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    """Thin rules: (x from the left margin, distance below the type area's top, length,
    line width)."""
