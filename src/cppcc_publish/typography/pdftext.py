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

from reportlab.pdfbase.pdfmetrics import getFont

from .linebreak import Line, Run

_SAME = 1e-3
"""Points within which the text position is taken to be where a run starts."""


def _num(value: float) -> str:
    """A PDF number to a thousandth of a point (0.35 µm), as short as it goes."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


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
    """(size, leading) → the operands and operators that follow a font name."""


def _font(state: TextState, face: str) -> Any:
    font = state.faces.get(face)
    if font is None:
        font = state.faces[face] = getFont(face)
    return font


def _subset_strings(text_obj: Any, run: Run, x: float, font: Any, state: TextState) -> list[tuple[float, str]]:
    """A spaced run of a TrueType face as the strings reportlab would show, each with where
    it starts (points on the page) and its operators (a ``Tf`` where the subset changes,
    then ``Tj``): the work of ``PDFTextObject._formatText``, done once per run."""
    doc = text_obj._canvas._doc
    escape = text_obj._canvas._escape
    scale = run.size / 1000.0
    key = (run.size, text_obj._leading)
    select = state.selects.get(key)
    if select is None:
        select = state.selects[key] = f" {_num(run.size)} Tf {_num(text_obj._leading)} TL "
    text = run.text
    # where each glyph starts, in thousandths of an em from the run's origin (the widths
    # reportlab writes into the PDF, which is what readers use)
    ends = list(accumulate(map(font.face.charWidths.get, map(ord, text), repeat(font.face.defaultWidth))))
    out: list[tuple[float, str]] = []
    k = 0
    for subset, codes in font.splitString(text, doc):
        ops = f"({escape(codes)}) Tj"
        if subset != text_obj._curSubset:
            name = state.subsets.get((run.face, subset))
            if name is None:
                name = state.subsets[run.face, subset] = font.getSubsetInternalName(subset, doc)
            ops = name + select + ops
            text_obj._curSubset = subset
        out.append((x + (ends[k - 1] * scale + k * run.spacing if k else 0.0), ops))
        k += len(codes)
    return out


def draw_line(text: Any, line: Line, x: float, y: float, state: TextState) -> None:
    """Append ``line`` to the reportlab text object ``text`` with its left edge at ``x``
    and its baseline at ``y`` (points on the page)."""
    code = text._code
    origin: float | None = None  # x of the text line matrix (set by Tm, moved by Td)
    pen: float | None = None  # where every reader has the text position; None: unsure
    for run in line.runs:
        if state.font != (run.face, run.size):
            text.setFont(run.face, run.size)
            state.font = (run.face, run.size)
        if abs(run.spacing - state.spacing) > 1e-6:
            text.setCharSpace(run.spacing)
            state.spacing = run.spacing
        at = x + run.x
        spaced = abs(run.spacing) > 1e-9
        font = _font(state, run.face) if spaced else None
        if font is not None and font._dynamicFont:
            strings = _subset_strings(text, run, at, font, state)
        else:
            # textOut would measure the string again; the breaker already placed it.
            strings = [(at, text._formatText(run.text))]
        for at, ops in strings:
            if pen is None or abs(pen - at) > _SAME:
                if origin is None:
                    text.setTextOrigin(at, y)
                else:
                    code.append(f"{at - origin:.3f} 0 Td")
                    text._x0 = text._x = at
                origin = at
                pen = at
            code.append(ops)
            # after a string shown with a spacing, readers disagree on where they are
            pen = None if spaced else x + run.x + run.advance


__all__ = ["TextState", "draw_line"]
