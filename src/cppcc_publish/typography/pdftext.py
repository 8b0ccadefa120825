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

from .linebreak import Line, Run

_SAME = 1e-3
"""Points within which the text position is taken to be where a run starts."""


@dataclass(slots=True)
class TextState:
    """What a PDF text object holds between lines: the font and the character spacing
    last set (so that they are set again only when they change)."""

    font: tuple[str, float] | None = None
    spacing: float = 0.0


def _subset_strings(text_obj: Any, run: Run, x: float, doc: Any) -> list[tuple[float, str]]:
    """A spaced run of a TrueType face as the strings reportlab would show, each with where
    it starts (points on the page) and its operators (a ``Tf`` where the subset changes,
    then ``Tj``): the work of ``PDFTextObject._formatText``, done once per run."""
    font = getFont(run.face)
    widths = font.face.charWidths
    default = font.face.defaultWidth
    escape = text_obj._canvas._escape
    scale = run.size / 1000.0
    select: str | None = None
    out: list[tuple[float, str]] = []
    at = x
    k = 0
    for subset, codes in font.splitString(run.text, doc):
        ops = f"({escape(codes)}) Tj"
        if subset != text_obj._curSubset:
            if select is None:
                select = f" {fp_str(run.size)} Tf {fp_str(text_obj._leading)} TL "
            ops = font.getSubsetInternalName(subset, doc) + select + ops
            text_obj._curSubset = subset
        out.append((at, ops))
        n = len(codes)
        at += sum(widths.get(ord(c), default) for c in run.text[k : k + n]) * scale + n * run.spacing
        k += n
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
        if abs(run.spacing) > 1e-9 and getattr(getFont(run.face), "_dynamicFont", False):
            strings = _subset_strings(text, run, at, doc)
        else:
            # textOut would measure the string again; the breaker already placed it.
            strings = [(at, text._formatText(run.text))]
        for at, ops in strings:
            if pen is None or abs(pen - at) > _SAME:
                if origin is None:
                    text.setTextOrigin(at, y)
                else:
                    code.append(f"{fp_str(at - origin)} 0 Td")
                    text._x0 = text._x = at
                origin = at
                pen = at
            code.append(ops)
            # after a string shown with a spacing, readers disagree on where they are
            pen = None if abs(run.spacing) > 1e-9 else x + run.x + run.advance


__all__ = ["TextState", "draw_line"]
