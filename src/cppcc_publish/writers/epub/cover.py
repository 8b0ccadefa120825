"""The EPUB's cover image when the editor gives none: SVG text on a red ground, drawn
by the reader's own Chinese fonts (no raster library needed)."""

from __future__ import annotations

from ...book.plan import Cover
from ..xhtml import Escaper


def title_lines(title: str, width: int = 10) -> list[str]:
    """Split a title for the cover: at its spaces first (titles use a space as a
    separator: 凝聚智慧力量 共谱时代华章), then into lines of at most ``width``."""
    lines: list[str] = []
    for piece in title.replace("\u3000", " ").split():
        n = max(1, -(-len(piece) // width))
        size = -(-len(piece) // n)
        lines.extend(piece[k:k + size] for k in range(0, len(piece), size))
    return lines or [title]


_FONTS = ("'Songti SC', 'STSong', 'Noto Serif CJK SC', 'Source Han Serif SC', "
          "'SimSun', serif")


def _text(esc: Escaper, y: int, size: int, text: str, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="800" y="{y}" text-anchor="middle" font-family="{_FONTS}" '
            f'font-size="{size}"{weight} fill="#fdf3d7">{esc(text)}</text>\n')


def cover_svg(esc: Escaper, cover: Cover) -> bytes:
    """A 1600 × 2560 cover (KDP's ideal 1:1.6) with the plan's cover texts: the title,
    the subtitle, the lower lines (compiling body, year) and the notice at the foot."""
    lines = title_lines(cover.title)
    longest = max(len(x) for x in lines)
    size = min(150, 1280 // max(longest, 1))
    top = 760 - (len(lines) - 1) * size * 0.6
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1600" height="2560" '
        'viewBox="0 0 1600 2560">\n',
        f"<title>{esc(cover.title)}</title>\n",
        '<rect x="0" y="0" width="1600" height="2560" fill="#9e1b1b"/>\n',
        '<rect x="80" y="80" width="1440" height="2400" fill="none" stroke="#e8c77a" '
        'stroke-width="6"/>\n',
    ]
    for k, line in enumerate(lines):
        out.append(_text(esc, round(top + k * size * 1.3), size, line, bold=True))
    y = round(top + len(lines) * size * 1.3 + 80)
    if cover.subtitle:
        out.append(_text(esc, y, 64, cover.subtitle))
    for k, s in enumerate(cover.lines):
        out.append(_text(esc, 2060 + k * 100, 64, s))
    notice = list(cover.notice)
    for k, s in enumerate(notice):
        # small enough for a long 准印证号 to fit the frame
        small = min(44, 1360 // max(len(s), 1))
        out.append(_text(esc, 2330 - (len(notice) - 1 - k) * 64, small, s))
    out.append("</svg>\n")
    return "".join(out).encode()
