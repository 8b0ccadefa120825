"""The PDF's page designs, in points: paper, margins, type area, line grid, type sizes.

The names are those of :mod:`cppcc_publish.book.presets`; the measurements are the PDF's.

``book``
    16开 185 × 260 mm, 小四 12 pt 宋体 body on a 21 pt line grid, 34 characters a line,
    28 lines a page; mirrored margins (订口 inside); folio at the outer foot.
``gbt9704``
    GB/T 9704—2012 公文 format: A4, margins 37/26/35/28 mm (top/right/bottom/left, not
    mirrored), 3号 16 pt 仿宋 body, 22 lines × 28 characters filling the 156 × 225 mm type
    area (−0.21 pt tracking, as Word's character grid does; no paragraph set tighter or
    looser to end a page), title 2号 22 pt, level-1
    headings 黑体, level-2 楷体, page number ``— 1 —`` in 4号 on the outer side, one
    character in from the edge, its rule 7 mm below the type area.  No 仿宋 can be
    bundled: the face the user names or the system has is used, else the 楷 face and a
    warning.
``a5``
    A5 148 × 210 mm pocket booklet, 五号 10.5 pt body, 29 characters a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportlab.lib.units import mm

from ...book.presets import FORMAT_PRESETS

PRESETS: tuple[str, ...] = FORMAT_PRESETS["pdf"]


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
    tighten: float = 0.05
    """The most (in ems, per character) a paragraph is set tighter to take a line back
    (缩行), so that a page ends full without a widow or an orphan."""
    loosen: float = 0.08
    """The most it is set looser to give a line (伸行)."""

    @property
    def measure(self) -> float:
        return self.page[0] - self.inner - self.outer

    @property
    def height(self) -> float:
        return self.page[1] - self.top - self.bottom


def preset(name: str) -> Preset:
    """The :class:`Preset` called ``name`` (one of :data:`PRESETS`)."""
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
            # 每行28个字, 撑满版心 (§5.2.2): no line is set tighter or looser, and every
            # page but an article's last is full, a paragraph's first or last line
            # alone at a page's foot or head as a 公文 has it
            tighten=0.0, loosen=0.0,
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
