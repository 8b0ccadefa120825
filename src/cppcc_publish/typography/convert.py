"""Make a CJK font usable by reportlab: subset it, convert CFF outlines to TrueType, rename it.

reportlab 5.1 embeds TrueType (``glyf``) fonts only; it refuses every ``OTTO``/CFF font
(Noto CJK, Source Han, Fandol) with "postscript outlines are not supported".  The cure is
the one fontTools documents in its ``otf2ttf`` snippet: draw each CFF glyph through a
``Cu2QuPen`` (cubic → quadratic curves, error ≤ 1 unit of a 1000-unit em) into a
``TTGlyphPen``.  Converting all 65,535 glyphs of a CJK face takes minutes, so the glyphs are
subset *first* to the characters wanted.

Used by ``fonts/build_fonts.py`` (the bundled faces) and by :mod:`.fonts` (a user's or the
system's CFF font, subset to one document's characters and cached on disk).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fontTools import subset as ft_subset
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0
"""Largest distance, in font units, between a cubic curve and its quadratic replacement."""

# Tables that reportlab never reads.  Dropping them before conversion keeps the file small:
# no OpenType layout (reportlab applies no features), no vertical metrics, no hinting.
_DROP_TABLES = (
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx",
    "DSIG", "hdmx", "LTSH", "VDMX", "kern", "meta", "STAT", "gasp",
)

# Name IDs rewritten for a renamed font; every other family-like record (typographic
# family 16/17, WWS 21/22, variations PostScript prefix 25, localised names such as
# 霞鹜文楷 or 思源宋体) is dropped so that no Reserved Font Name survives as a font name.
_FAMILY_NAME_IDS = (1, 2, 3, 4, 6, 16, 17, 18, 20, 21, 22, 25)


def is_cff(font: TTFont) -> bool:
    """Whether ``font`` has PostScript (CFF/CFF2) outlines."""
    return "CFF " in font or "CFF2" in font


def remap(font: TTFont, mapping: dict[int, str]) -> None:
    """Point code points at other glyphs in every Unicode cmap subtable.

    Used to give U+2014 the full-width glyph of Noto CJK's ``fwid`` feature: its default
    glyph is 0.89 em, so ``——`` printed from it shows a gap in the middle.
    """
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp, glyph in mapping.items():
                if cp <= 0xFFFF or table.format in (12, 13):
                    table.cmap[cp] = glyph


def fwid_glyph(font: TTFont, codepoint: int) -> str | None:
    """The glyph the ``fwid`` (full widths) feature substitutes for ``codepoint``, if any."""
    cmap = font.getBestCmap()
    glyph = cmap.get(codepoint)
    if glyph is None or "GSUB" not in font:
        return None
    gsub = font["GSUB"].table
    if gsub.FeatureList is None:
        return None
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag != "fwid":
            continue
        for index in record.Feature.LookupListIndex:
            for sub in gsub.LookupList.Lookup[index].SubTable:
                mapping = getattr(sub, "mapping", None)
                if mapping and glyph in mapping:
                    return str(mapping[glyph])
    return None


def full_width_dash(font: TTFont) -> str | None:
    """The glyph to print U+2014 with in Chinese text: one em wide, ink edge to edge.

    Noto CJK SC maps U+2014 to a 0.89 em glyph and its ``fwid`` alternate keeps 0.07 em
    side bearings, so ``——`` (破折号, one continuous two-em rule in print) shows a gap
    either way.  Its box-drawing U+2500 is the same rule with no side bearings: take
    that when it exists, else the ``fwid`` glyph, else nothing (keep the font's own).
    """
    em = font["head"].unitsPerEm
    cmap = font.getBestCmap() or {}
    glyph_set = font.getGlyphSet()
    box = cmap.get(0x2500)
    if box is not None and font["hmtx"][box][0] == em:
        pen = BoundsPen(glyph_set)
        glyph_set[box].draw(pen)
        if pen.bounds is not None:
            x_min, y_min, x_max, y_max = pen.bounds
            if x_min <= em * 0.01 and x_max >= em * 0.99 and y_max - y_min <= em * 0.12:
                return str(box)
    return fwid_glyph(font, 0x2014)


def subset(
    font: TTFont,
    codepoints: Iterable[int],
    *,
    keep_layout: bool = False,
) -> None:
    """Subset ``font`` in place to ``codepoints``; drop hinting and tables reportlab ignores."""
    options = ft_subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.glyph_names = False
    options.recalc_timestamp = False
    options.prune_unicode_ranges = True
    if keep_layout:
        options.layout_features = ["*"]
    else:
        options.layout_features = []
        options.drop_tables += list(_DROP_TABLES)
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(set(codepoints)))
    subsetter.subset(font)
    for tag in _DROP_TABLES:
        if not keep_layout and tag in font:
            del font[tag]


def cff_to_truetype(font: TTFont, max_err: float = MAX_ERR) -> None:
    """Replace the CFF outlines of ``font`` by TrueType ones, in place.

    Follows fontTools' ``Snippets/otf2ttf.py``: quadratic outlines are drawn through
    ``Cu2QuPen(reverse_direction=True)`` (TrueType winds clockwise, CFF counter-clockwise),
    ``maxp`` becomes version 1.0, ``post`` format 3 (no glyph names: a CID font's names are
    ``cid01234`` and would only add weight).
    """
    if not is_cff(font):
        return
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs: dict[str, Any] = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        (len(getattr(g, "components", ()) or ()) for g in glyphs.values()), default=0
    )
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def add_offset_glyph(font: TTFont, source: str, name: str, advance: int, dx: int) -> str:
    """Add a copy of glyph ``source`` moved right by ``dx`` with a new advance width.

    Makes full-width quotation marks for a face whose “ ” ‘ ’ are proportional (LXGW
    WenKai: 0.35 em): Chinese text sets them one em wide, the opening mark at the right
    of its box and the closing mark at the left (GB/T 15834 §5.1).  Only for TrueType
    outlines.
    """
    glyph_set = font.getGlyphSet()
    pen = TTGlyphPen(glyph_set)
    glyph_set[source].draw(TransformPen(pen, (1, 0, 0, 1, dx, 0)))
    glyph = pen.glyph()
    glyf = font["glyf"]
    order = list(font.getGlyphOrder())
    order.append(name)
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    glyf[name] = glyph
    glyph.recalcBounds(glyf)
    font["hmtx"][name] = (advance, getattr(glyph, "xMin", 0))
    if "post" in font and hasattr(font["post"], "extraNames"):
        font["post"].extraNames.append(name)
    font["maxp"].numGlyphs = len(order)
    return name


def half_width_marks(font: TTFont, sides: Mapping[int, int]) -> None:
    """Make the glyphs of ``sides`` half-width forms, in place (what OpenType's ``halt``
    does by positioning): each advance becomes half an em, and a mark whose blank half is
    on the left (``side`` 2: “ （ 《) moves left by half an em; one blank on the right
    (``side`` 1: ， 。 ” ）) keeps its outline.

    The line breaker draws a compressed mark from this font instead of overlapping the
    next glyph with it, so that every glyph's advance in the PDF is its real width and
    text extraction (poppler, pdf.js, Acrobat) does not see overlapping characters.
    The font must have TrueType outlines; subset it to these marks first.
    """
    em = font["head"].unitsPerEm
    half = em // 2
    cmap = font.getBestCmap() or {}
    glyf = font["glyf"]
    hmtx = font["hmtx"]
    glyph_set = font.getGlyphSet()
    done: set[str] = set()
    for cp, side in sorted(sides.items()):
        name = cmap.get(cp)
        if name is None or name in done or side not in (1, 2):
            continue
        done.add(name)
        if side == 2:
            pen = TTGlyphPen(glyph_set)
            glyph_set[name].draw(TransformPen(pen, (1, 0, 0, 1, -half, 0)))
            glyph = pen.glyph()
            glyph.recalcBounds(glyf)
            glyf[name] = glyph
        glyph = glyf[name]
        hmtx[name] = (half, getattr(glyph, "xMin", 0))


def rename(
    font: TTFont,
    family: str,
    style: str,
    *,
    version: str,
    description: str,
    unique_prefix: str = "cppcc_publish",
) -> None:
    """Give ``font`` a new family name and drop every other family or localised name.

    The copyright (0), trademark (7), manufacturer and designer (8, 9, 11, 12) and licence
    (13, 14) records stay: the OFL asks to keep them and allows acknowledging the authors.
    """
    table = font["name"]
    table.names = [
        r for r in table.names if r.nameID not in _FAMILY_NAME_IDS and r.nameID not in (5, 10)
    ]
    full = family if style == "Regular" else f"{family} {style}"
    postscript = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
    records = {
        1: family,
        2: style,
        3: f"{unique_prefix}: {full}: {version}",
        4: full,
        5: f"Version {version}",
        6: postscript,
        10: description,
    }
    for name_id, text in records.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
