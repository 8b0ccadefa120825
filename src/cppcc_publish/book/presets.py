"""Page designs (presets), named once.

A preset is a page design: paper, type area, type sizes.  Its name is what a manifest's
``preset:`` and a writer's ``preset`` option take; the writers hold the measurements
(points for the PDF, twips and style sheets for the DOCX).  Which formats set which
presets is said here and nowhere else: the manifest checks against it, the writers take
their option's choices from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PresetName = Literal["book", "gbt9704", "a5"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PresetInfo:
    """What every format agrees a preset is."""

    name: PresetName
    paper_mm: tuple[float, float]
    """Width and height of the trimmed page in millimetres."""
    summary: str
    """One line for help texts."""
    sheet_mm: tuple[int, int]
    """The full sheet (全张纸) the page is cut from, in millimetres (GB/T 788): its
    开本 is this sheet and :attr:`fold`."""
    fold: int
    """开数: the pages one side of the full sheet gives, 16 for 1/16 (16开); one 印张 is
    one side of a full sheet, so a book's 印张 are its pages ÷ this."""
    grid: tuple[int, int]
    """Characters a line and lines a page of the body text: the 版面 by which Chinese
    publishers count a book's 字数."""
    running_heads: bool = True
    """Whether a book's pages carry running heads (书眉); a 公文 prints its 页码 alone
    (GB/T 9704 has no 页眉), so its folios are the same on an article's opening page
    as on the others."""

    @property
    def format_name(self) -> str:
        """开本 as a 版本记录 prints it: ``787 mm×1092 mm　1/16``."""
        width, height = self.sheet_mm
        return f"{width} mm×{height} mm\u30001/{self.fold}"


# GB/T 788—1999 trim sizes and the sheets they are cut from: 185 × 260 mm is 1/16 of
# 787 × 1092 mm (正度 16开); A4 (210 × 297) and A5 (148 × 210) are 1/16 and 1/32 of the
# 880 × 1230 mm sheet, as Chinese 版本记录 give them.
PRESETS: dict[str, PresetInfo] = {
    "book": PresetInfo(name="book", paper_mm=(185.0, 260.0),
                       summary="16开 185×260 mm book, 小四 12 pt 宋体",
                       sheet_mm=(787, 1092), fold=16, grid=(34, 28)),
    "gbt9704": PresetInfo(name="gbt9704", paper_mm=(210.0, 297.0),
                          summary="A4 公文 (GB/T 9704), 3号 仿宋, 22 lines × 28 characters",
                          sheet_mm=(880, 1230), fold=16, grid=(28, 22), running_heads=False),
    "a5": PresetInfo(name="a5", paper_mm=(148.0, 210.0),
                     summary="A5 148×210 mm pocket booklet, 五号 10.5 pt",
                     sheet_mm=(880, 1230), fold=32, grid=(29, 25)),
}
"""Every preset, by name."""

DEFAULT_PRESET: PresetName = "book"

FORMAT_PRESETS: dict[str, tuple[str, ...]] = {
    "pdf": ("book", "gbt9704", "a5"),
    "docx": ("book", "gbt9704"),
    "epub": (),
}
"""The presets each built-in format sets (EPUB is reflowable: it has none)."""


def preset_help(fmt: str) -> str:
    """The help text of a format's ``preset`` option: each preset with its summary."""
    return "page design: " + "; ".join(f"{n} ({PRESETS[n].summary})" for n in FORMAT_PRESETS[fmt])


def check_preset(name: str) -> PresetName:
    """``name`` if it is a preset, else a :class:`~cppcc_publish.errors.OptionError`."""
    from ..errors import OptionError

    info = PRESETS.get(name)
    if info is None:
        raise OptionError(f"unknown preset {name!r} (valid: {', '.join(PRESETS)})")
    return info.name
