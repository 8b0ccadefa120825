"""Drawing a broken :class:`~.linebreak.Line` as PDF text that every reader places alike.

A justified line carries its letter-spacing as PDF character spacing (``Tc``), one value
per :class:`~.linebreak.Run`.  The PDF specification adds ``Tc`` after *every* glyph of a
string, the last one included (ISO 32000-1 §9.4.4), and poppler, pdf.js and printers do
so; pdfminer.six, and so pdfplumber, adds it only *between* the glyphs of one string
(pdfminer.six issue 1128), and other extractors have had their own variants.  reportlab
cuts a run of TrueType text into one string per 256-glyph font subset, so one line of
Chinese is a dozen strings or more: where the text position after a string depends on its
trailing ``Tc``, such a reader puts the rest of the line up to ⅔ em to the left, and
a justified line looks ragged to it (and a tracked 公文 line too long).

So a string is placed explicitly (``Tm`` at the line start, then ``Td`` along the line)
whenever the one before it ended with a non-zero spacing; inside one string all readers
agree.  A run without spacing goes on from where the last one ended, as before.

This module holds the PDF side of the breaker's :class:`~.linebreak.Run`: it takes a
reportlab ``PDFTextObject`` and writes operators into it; the writer owns the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate, repeat
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont

from .linebreak import Line, Run

_SAME = 1e-3
"""Points within which the text position is taken to be where a run starts."""


@dataclass(slots=True)
class TextState:
    """What one PDF text object holds between lines: the font and the character spacing
    last set (set again only when they change), and names looked up once."""

    font: tuple[str, float] | None = None
    spacing: float = 0.0
    subsets: dict[tuple[str, int], str] = field(default_factory=dict)
    """(face, subset) → the subset's PDF font name."""
    faces: dict[str, Any] = field(default_factory=dict)
    """face → reportlab font."""
    selects: dict[tuple[float, float], str] = field(default_factory=dict)
    """(size, leading) → what follows a subset's font name (as reportlab writes it)."""


def _font(state: TextState, face: str) -> Any:
    font = state.faces.get(face)
    if font is None:
        font = state.faces[face] = getFont(face)
    return font


def _show_spaced(text_obj: Any, run: Run, x: float, origin: float, font: Any, state: TextState) -> float:
    """Show a run of a TrueType face drawn with a character spacing, the text position
    already at ``x``: one string per font subset, as ``PDFTextObject._formatText`` writes
    them, each after the first placed by a ``Td`` (the line matrix is at ``origin``).
    Returns where the line matrix is left."""
    code = text_obj._code
    doc = text_obj._canvas._doc
    escape = text_obj._canvas._escape
    key = (run.size, text_obj._leading)
    select = state.selects.get(key)
    if select is None:
        select = state.selects[key] = f" {fp_str(run.size)} Tf {fp_str(text_obj._leading)} TL "
    text = run.text
    ends: list[float] | None = None
    k = 0
    for subset, codes in font.splitString(text, doc):
        if k:
            if ends is None:
                # where each glyph ends, in thousandths of an em from the run's origin: the
                # widths reportlab writes into the PDF, which are what readers use
                ends = list(accumulate(map(font.face.charWidths.get, map(ord, text),
                                           repeat(font.face.defaultWidth))))
            at = x + ends[k - 1] * run.size / 1000.0 + k * run.spacing
            code.append(f"{at - origin:.3f} 0 Td")
            origin = at
        if subset != text_obj._curSubset:
            name = state.subsets.get((run.face, subset))
            if name is None:
                name = state.subsets[run.face, subset] = font.getSubsetInternalName(subset, doc)
            code.append(name + select + f"({escape(codes)}) Tj")
            text_obj._curSubset = subset
        else:
            code.append(f"({escape(codes)}) Tj")
        k += len(codes)
    text_obj._x0 = text_obj._x = origin
    return origin


def draw_line(text: Any, line: Line, x: float, y: float, state: TextState) -> None:
    """Append ``line`` to the reportlab text object ``text`` with its left edge at ``x``
    and its baseline at ``y`` (points on the page)."""
    code = text._code
    placed = False  # the line's first string is placed by Tm, the others by Td
    origin = x  # x of the text line matrix, once placed
    pen: float | None = None  # where every reader has the text position; None: unsure
    for run in line.runs:
        if state.font != (run.face, run.size):
            text.setFont(run.face, run.size)
            state.font = (run.face, run.size)
        if abs(run.spacing - state.spacing) > 1e-6:
            text.setCharSpace(run.spacing)
            state.spacing = run.spacing
        at = x + run.x
        if pen is None or abs(pen - at) > _SAME:
            if placed:
                code.append(f"{at - origin:.3f} 0 Td")
                text._x0 = text._x = at
            else:
                text.setTextOrigin(at, y)
                placed = True
            origin = at
        if abs(run.spacing) > 1e-9:
            # after a string shown with a spacing, readers disagree on where they are
            pen = None
            font = _font(state, run.face)
            if font._dynamicFont:
                origin = _show_spaced(text, run, at, origin, font, state)
                continue
        else:
            pen = at + run.advance
        # textOut would measure the string again; the breaker already placed it.
        code.append(text._formatText(run.text))


__all__ = ["TextState", "draw_line"]
