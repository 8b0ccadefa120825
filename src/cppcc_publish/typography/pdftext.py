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

from dataclasses import dataclass
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont

from .linebreak import Line

_SAME = 1e-3
"""Points within which the text position is taken to be where a run starts."""


@dataclass(slots=True)
class TextState:
    """What a PDF text object holds between lines: the font and the character spacing
    last set (so that they are set again only when they change)."""

    font: tuple[str, float] | None = None
    spacing: float = 0.0


def _pieces(face: str, text: str, doc: Any) -> list[str]:
    """``text`` cut where reportlab will start a new string: at a change of font subset."""
    font = getFont(face)
    if not getattr(font, "_dynamicFont", False):
        return [text]
    out: list[str] = []
    k = 0
    for _subset, codes in font.splitString(text, doc):
        out.append(text[k : k + len(codes)])
        k += len(codes)
    return out


def draw_line(text: Any, line: Line, x: float, y: float, state: TextState) -> None:
    """Append ``line`` to the reportlab text object ``text`` with its left edge at ``x``
    and its baseline at ``y`` (points on the page)."""
    code = text._code
    doc = text._canvas._doc
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
        pieces = _pieces(run.face, run.text, doc) if spaced else [run.text]
        font = getFont(run.face) if spaced and len(pieces) > 1 else None
        for k, piece in enumerate(pieces):
            if pen is None or abs(pen - at) > _SAME:
                if origin is None:
                    text.setTextOrigin(at, y)
                else:
                    code.append(f"{fp_str(at - origin)} 0 Td")
                    text._x0 = text._x = at
                origin = at
            # textOut would measure the string again; the breaker already placed it.
            code.append(text._formatText(piece))
            if font is not None and k + 1 < len(pieces):
                at += font.stringWidth(piece, run.size) + len(piece) * run.spacing
            pen = None if spaced else x + run.x + run.advance


__all__ = ["TextState", "draw_line"]
