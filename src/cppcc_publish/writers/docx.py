"""DOCX writer (python-docx): Chinese styles, page presets and a review copy.

Styles come from a reference document, like pandoc's ``reference.docx``: the shipped one
(``templates/reference.docx``, made by ``templates/make_reference_docx.py`` from
:func:`build_reference`) or the editor's own (option ``reference``).  The writer only
ever refers to styles by name: ``Kicker``, ``Title``, ``Subtitle``, ``Author Line``,
``Heading 1``, ``Heading 2``, ``Body Text``, ``Run-in Heading`` (a character style),
``Caption``, ``Author Note``, ``Source Note``, ``Part Title``.

Chinese specifics that python-docx does not do by itself:

* ``w:rFonts/@w:eastAsia`` names the Chinese face (``font.name`` writes only
  ``w:ascii``/``w:hAnsi``, python-docx issue #154), and theme font attributes are removed,
  because a ``w:eastAsiaTheme`` would win over an explicit ``w:eastAsia``;
* ``w:lang/@w:eastAsia="zh-CN"`` so that Word and WPS apply Chinese line-breaking
  (kinsoku) rules, and ``w:characterSpacingControl compressPunctuation`` for 标点挤压;
* body paragraphs indent two characters with ``w:firstLineChars="200"``, which scales
  with the font, instead of fixed twips.

A DOCX does not carry its fonts, so the styles name the faces every Chinese Word and WPS
installation has: 宋体, 黑体, 楷体, 仿宋.
"""

from __future__ import annotations

import datetime as _dt
import io
from copy import deepcopy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import docx
from docx.opc.packuri import PackURI
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree  # type: ignore[import-untyped]

from ..errors import Diagnostic, OptionError
from ..model import (
    Article,
    Block,
    Caption,
    Compilation,
    Flag,
    Heading,
    Matter,
    Paragraph,
)
from . import XML_INVALID, FixedZip, Option, normalize_zip
from .wording import (
    author_note_line,
    credit_line,
    imprint_lines,
    source_line,
    subtitle_line,
)

NAME = "docx"
SUFFIX = ".docx"

PRESETS = ("book", "gbt9704")

OPTIONS: dict[str, Option] = {
    "preset": Option(
        default=None,
        types=(str, type(None)),
        choices=PRESETS,
        help="page and type preset: book (16开 185×260 mm, 小四 宋体) or gbt9704 (A4 公文, "
        "3号 仿宋, 22×28 grid); default book with the shipped style sheet, none (keep the "
        "reference document's own page and styles) with a reference",
    ),
    "reference": Option(
        default=None,
        types=(Path, type(None)),
        help="a .docx whose styles and page setup are used instead of the shipped ones",
    ),
    "review": Option(
        default=False,
        types=(bool,),
        help="review copy: every warning and garbled span becomes a Word comment, "
        "garbled spans are highlighted",
    ),
    "comment_author": Option(
        default="cppcc_publish", types=(str,), help="author name on review comments"
    ),
}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

LATIN_FONT = "Times New Roman"

# --------------------------------------------------------------------------- presets

Align = Literal["left", "center", "right", "both"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StyleSpec:
    """What a named style looks like in one preset (sizes in points)."""

    east_asia: str
    size: float
    kind: Literal["paragraph", "character"] = "paragraph"
    style_id: str | None = None
    latin: str = LATIN_FONT
    bold: bool = False
    align: Align | None = None
    first_line_chars: int | None = None
    before: float = 0
    after: float = 0
    line: tuple[int, Literal["auto", "exact", "atLeast"]] | None = None
    keep_next: bool = False
    outline: int | None = None
    page_break_before: bool = False
    right_chars: int | None = None
    left_chars: int | None = None
    tracking: float = 0
    """Extra space after each character in points (``w:spacing``, in 1/20 pt)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PageSpec:
    """Page geometry in twips (1/1440 inch; 1 mm = 56.69 twips)."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    header: int
    footer: int
    mirror: bool
    grid_type: str | None
    line_pitch: int
    footer_size: float
    footer_dashes: bool
    """``— 1 —`` on the outer side (GB/T 9704 §7.5) instead of a centred ``1``."""


def _mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


# 16开 book: 185 × 260 mm (GB/T 788), mirrored margins with the 订口 inside.
_BOOK_PAGE = PageSpec(
    width=_mm(185), height=_mm(260), top=_mm(22), bottom=_mm(20), left=_mm(22), right=_mm(20),
    header=_mm(12), footer=_mm(10), mirror=True, grid_type=None, line_pitch=360,
    footer_size=9, footer_dashes=False,
)

# GB/T 9704-2012 §5: A4; 天头 37 mm (2098 tw), 订口 28 mm (1587 tw), right 26 mm (1474 tw),
# bottom 35 mm (1984 tw); 22 lines of 28 characters: line pitch 28.95 pt = 579 twips on
# a line grid.  Character pitch 156 mm / 28 = 15.79 pt, but a 3号 glyph is 16 pt, so only
# 27 fit.  Word's 公文 templates use a linesAndChars grid with charSpace -849; LibreOffice
# 7.4 then gives every 16 pt glyph two 15.79 pt cells, 14 characters a line (measured).
# So the grid is a line grid and the 16 pt styles get -0.25 pt tracking (15.75 pt, the
# traditional 3号): 28 characters × 22 lines in LibreOffice (measured) and in Word.
# The page number's dash line is 7 mm below the type area (§7.5), i.e. 28 mm above the
# paper edge; the footer distance is measured to the bottom of a 14 pt (4号) line.
_GBT_PAGE = PageSpec(
    width=11906, height=16838, top=2098, bottom=1984, left=1587, right=1474,
    header=_mm(15), footer=_mm(28) - 14 * 20, mirror=False, grid_type="lines",
    line_pitch=579, footer_size=14, footer_dashes=True,
)
_T = -0.25  # tracking of the 16 pt styles, see above

_BOOK_STYLES: dict[str, StyleSpec] = {
    "Normal": StyleSpec(east_asia="宋体", size=12, align="both", line=(300, "auto")),
    "Body Text": StyleSpec(east_asia="宋体", size=12, style_id="BodyText", align="both",
                           first_line_chars=200, line=(300, "auto")),
    "Kicker": StyleSpec(east_asia="黑体", size=10.5, align="center", after=6, keep_next=True),
    "Title": StyleSpec(east_asia="黑体", size=18, align="center", before=12, after=6,
                       keep_next=True, line=(240, "auto")),
    "Subtitle": StyleSpec(east_asia="楷体", size=14, align="center", after=6, keep_next=True),
    "Author Line": StyleSpec(east_asia="楷体", size=12, style_id="AuthorLine", align="center",
                             after=12, keep_next=True),
    "Heading 1": StyleSpec(east_asia="黑体", size=14, style_id="Heading1", align="center",
                           before=12, after=6, keep_next=True, outline=0),
    "Heading 2": StyleSpec(east_asia="楷体", size=12, style_id="Heading2", bold=True,
                           align="both", first_line_chars=200, before=6, keep_next=True,
                           outline=1, line=(300, "auto")),
    "Run-in Heading": StyleSpec(east_asia="黑体", size=12, kind="character", bold=True,
                                style_id="RunInHeading"),
    "Caption": StyleSpec(east_asia="楷体", size=10.5, align="center", before=3, after=6),
    "Author Note": StyleSpec(east_asia="楷体", size=10.5, style_id="AuthorNote", align="both",
                             first_line_chars=200, before=6),
    "Source Note": StyleSpec(east_asia="楷体", size=10.5, style_id="SourceNote", align="right",
                             before=3),
    "Part Title": StyleSpec(east_asia="黑体", size=22, style_id="PartTitle", align="center",
                            before=72, after=24, page_break_before=True, outline=0),
    "Title Page": StyleSpec(east_asia="黑体", size=26, style_id="TitlePage", align="center",
                            before=144, after=24, keep_next=True),
    "Title Page Line": StyleSpec(east_asia="楷体", size=14, style_id="TitlePageLine",
                                 align="center", before=12),
    "TOC Heading": StyleSpec(east_asia="黑体", size=16, style_id="TOCHeading", align="center",
                             after=12, page_break_before=True),
    "toc 1": StyleSpec(east_asia="黑体", size=12, style_id="TOC1", before=6),
    "toc 2": StyleSpec(east_asia="宋体", size=12, style_id="TOC2", left_chars=200),
    "TOC Author": StyleSpec(east_asia="楷体", size=10.5, kind="character", style_id="TOCAuthor"),
    "Imprint": StyleSpec(east_asia="宋体", size=10.5, style_id="Imprint", align="left",
                         line=(300, "auto")),
    "Header": StyleSpec(east_asia="宋体", size=9, align="center"),
    "Footer": StyleSpec(east_asia="宋体", size=9, align="center"),
    "annotation text": StyleSpec(east_asia="宋体", size=10, style_id="CommentText"),
    "annotation reference": StyleSpec(east_asia="宋体", size=8, kind="character",
                                      style_id="CommentReference"),
}

LineRule = Literal["auto", "exact", "atLeast"]
_EXACT: tuple[int, LineRule] = (579, "exact")  # the 28.95 pt line of GB/T 9704
_GBT_STYLES: dict[str, StyleSpec] = {
    "Normal": StyleSpec(east_asia="仿宋", size=16, align="both", line=_EXACT, tracking=_T),
    "Body Text": StyleSpec(east_asia="仿宋", size=16, style_id="BodyText", align="both",
                           first_line_chars=200, line=_EXACT, tracking=_T),
    "Kicker": StyleSpec(east_asia="黑体", size=14, align="center", keep_next=True, line=_EXACT),
    # 2号 小标宋 (§7.3.1); no free 小标宋 is installed everywhere, so bold 宋体.
    "Title": StyleSpec(east_asia="宋体", size=22, bold=True, align="center", keep_next=True,
                       line=_EXACT),
    "Subtitle": StyleSpec(east_asia="楷体", size=16, align="center", keep_next=True,
                          line=_EXACT, tracking=_T),
    "Author Line": StyleSpec(east_asia="楷体", size=16, style_id="AuthorLine", align="center",
                             keep_next=True, line=_EXACT, tracking=_T),
    # §7.3.3: levels 一、 黑体, （一） 楷体, all 3号, indented like the body.
    "Heading 1": StyleSpec(east_asia="黑体", size=16, style_id="Heading1", align="both",
                           first_line_chars=200, keep_next=True, outline=0, line=_EXACT,
                           tracking=_T),
    "Heading 2": StyleSpec(east_asia="楷体", size=16, style_id="Heading2", align="both",
                           first_line_chars=200, keep_next=True, outline=1, line=_EXACT,
                           tracking=_T),
    "Run-in Heading": StyleSpec(east_asia="黑体", size=16, kind="character", bold=True,
                                style_id="RunInHeading", tracking=_T),
    "Caption": StyleSpec(east_asia="楷体", size=14, align="center", line=_EXACT),
    "Author Note": StyleSpec(east_asia="仿宋", size=16, style_id="AuthorNote", align="both",
                             first_line_chars=200, line=_EXACT, tracking=_T),
    "Source Note": StyleSpec(east_asia="仿宋", size=16, style_id="SourceNote", align="right",
                             right_chars=200, line=_EXACT, tracking=_T),
    "Part Title": StyleSpec(east_asia="宋体", size=22, bold=True, style_id="PartTitle",
                            align="center", page_break_before=True, outline=0, line=_EXACT),
    "Title Page": StyleSpec(east_asia="宋体", size=26, bold=True, style_id="TitlePage",
                            align="center", before=144, after=24, keep_next=True),
    "Title Page Line": StyleSpec(east_asia="楷体", size=16, style_id="TitlePageLine",
                                 align="center", line=_EXACT, tracking=_T),
    "TOC Heading": StyleSpec(east_asia="黑体", size=16, style_id="TOCHeading", align="center",
                             page_break_before=True, line=_EXACT, tracking=_T),
    "toc 1": StyleSpec(east_asia="黑体", size=16, style_id="TOC1", line=_EXACT, tracking=_T),
    "toc 2": StyleSpec(east_asia="仿宋", size=16, style_id="TOC2", left_chars=200, line=_EXACT,
                       tracking=_T),
    "TOC Author": StyleSpec(east_asia="楷体", size=14, kind="character", style_id="TOCAuthor"),
    "Imprint": StyleSpec(east_asia="仿宋", size=14, style_id="Imprint", align="left",
                         line=_EXACT),
    "Header": StyleSpec(east_asia="宋体", size=10.5, align="center"),
    # §7.5: 4号 半角宋体 digits.
    "Footer": StyleSpec(east_asia="宋体", latin="宋体", size=14),
    "annotation text": StyleSpec(east_asia="宋体", size=10, style_id="CommentText"),
    "annotation reference": StyleSpec(east_asia="宋体", size=8, kind="character",
                                      style_id="CommentReference"),
}

PRESET_STYLES: dict[str, dict[str, StyleSpec]] = {"book": _BOOK_STYLES, "gbt9704": _GBT_STYLES}
PRESET_PAGES: dict[str, PageSpec] = {"book": _BOOK_PAGE, "gbt9704": _GBT_PAGE}
STYLE_NAMES: tuple[str, ...] = tuple(_BOOK_STYLES)


def _el(tag: str, **attrs: str) -> Any:
    """A ``w:`` element with ``w:`` attributes: ``_el("w:ind", firstLineChars="200")``."""
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def _fonts(east_asia: str, latin: str) -> Any:
    return _el("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin)


def _lang() -> Any:
    return _el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def _half_points(size: float) -> str:
    return str(round(size * 2))


def _strip_theme_fonts(root: Any) -> None:
    """Remove ``w:*Theme`` font attributes: they override explicit ``w:eastAsia``."""
    for rf in root.iter(qn("w:rFonts")):
        for attr in list(rf.attrib):
            if attr.endswith("Theme") or attr.endswith("theme"):
                del rf.attrib[attr]


def _style_rpr(spec: StyleSpec) -> Any:
    rpr = _el("w:rPr")
    rpr.append(_fonts(spec.east_asia, spec.latin))
    if spec.bold:
        rpr.append(_el("w:b"))
        rpr.append(_el("w:bCs"))
    rpr.append(_el("w:color", val="000000"))
    if spec.tracking:
        rpr.append(_el("w:spacing", val=str(round(spec.tracking * 20))))
    rpr.append(_el("w:sz", val=_half_points(spec.size)))
    rpr.append(_el("w:szCs", val=_half_points(spec.size)))
    rpr.append(_lang())
    return rpr


def _style_ppr(spec: StyleSpec) -> Any:
    ppr = _el("w:pPr")
    if spec.keep_next:
        ppr.append(_el("w:keepNext"))
    if spec.page_break_before:
        ppr.append(_el("w:pageBreakBefore"))
    spacing = _el("w:spacing", before=str(round(spec.before * 20)), after=str(round(spec.after * 20)))
    if spec.line is not None:
        spacing.set(qn("w:line"), str(spec.line[0]))
        spacing.set(qn("w:lineRule"), spec.line[1])
    ppr.append(spacing)
    ind = _el("w:ind")
    # Word and WPS use the *Chars values (they scale with the font); LibreOffice 7.4
    # ignores them in styles (measured), so the same indent is also given in twips.
    if spec.first_line_chars is not None:
        ind.set(qn("w:firstLine"), str(round(spec.first_line_chars / 100 * spec.size * 20)))
        ind.set(qn("w:firstLineChars"), str(spec.first_line_chars))
    else:
        ind.set(qn("w:firstLine"), "0")
        ind.set(qn("w:firstLineChars"), "0")
    if spec.right_chars is not None:
        ind.set(qn("w:right"), str(round(spec.right_chars / 100 * spec.size * 20)))
        ind.set(qn("w:rightChars"), str(spec.right_chars))
    if spec.left_chars is not None:
        ind.set(qn("w:left"), str(round(spec.left_chars / 100 * spec.size * 20)))
        ind.set(qn("w:leftChars"), str(spec.left_chars))
    ppr.append(ind)
    if spec.align is not None:
        ppr.append(_el("w:jc", val=spec.align))
    if spec.outline is not None:
        ppr.append(_el("w:outlineLvl", val=str(spec.outline)))
    return ppr


def _ensure_style(document: DocxDocument, name: str, spec: StyleSpec, overwrite: bool) -> None:
    """Create the named style if missing; with ``overwrite`` reset it to ``spec``."""
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    try:
        style = styles[name]
        created = False
    except KeyError:
        kind = WD_STYLE_TYPE.CHARACTER if spec.kind == "character" else WD_STYLE_TYPE.PARAGRAPH
        style = styles.add_style(name, kind)
        if spec.style_id:
            style.style_id = spec.style_id
        if spec.kind == "paragraph" and name != "Normal":
            style.base_style = styles["Normal"]
        created = True
    if not (created or overwrite):
        return
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    # The editors' styles go into Word's style gallery; footer and comment styles do not.
    style.quick_style = name not in ("Header", "Footer", "annotation text",
                                     "annotation reference")
    if spec.kind == "paragraph":
        el.append(_style_ppr(spec))
    el.append(_style_rpr(spec))
    if name == "Body Text":
        style.next_paragraph_style = style
    elif spec.kind == "paragraph" and name not in ("Normal", "Header", "Footer"):
        style.next_paragraph_style = styles["Body Text"] if "Body Text" in [
            s.name for s in styles] else styles["Normal"]


def _apply_defaults(document: DocxDocument, styles: Mapping[str, StyleSpec]) -> None:
    """docDefaults and settings: explicit fonts, zh-CN, punctuation compression."""
    normal = styles["Normal"]
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _el("w:docDefaults")
        root.insert(0, defaults)
    for old in list(defaults):
        defaults.remove(old)
    rpr_default = _el("w:rPrDefault")
    rpr = _el("w:rPr")
    rpr.append(_fonts(normal.east_asia, normal.latin))
    rpr.append(_el("w:sz", val=_half_points(normal.size)))
    rpr.append(_el("w:szCs", val=_half_points(normal.size)))
    rpr.append(_lang())
    rpr_default.append(rpr)
    ppr_default = _el("w:pPrDefault")
    ppr = _el("w:pPr")
    ppr.append(_el("w:spacing", after="0", line="240", lineRule="auto"))
    ppr_default.append(ppr)
    defaults.append(rpr_default)
    defaults.append(ppr_default)
    _strip_theme_fonts(root)

    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    csc = settings.find(qn("w:characterSpacingControl"))
    if csc is not None:
        csc.set(qn("w:val"), "compressPunctuation")


def _field_runs(instr: str, placeholder: str) -> list[Any]:
    runs = []
    r = _el("w:r")
    r.append(_el("w:fldChar", fldCharType="begin"))
    runs.append(r)
    r = _el("w:r")
    it = _el("w:instrText")
    it.set(_XML_SPACE, "preserve")
    it.text = f" {instr} "
    r.append(it)
    runs.append(r)
    r = _el("w:r")
    r.append(_el("w:fldChar", fldCharType="separate"))
    runs.append(r)
    r = _el("w:r")
    t = _el("w:t")
    t.text = placeholder
    r.append(t)
    runs.append(r)
    r = _el("w:r")
    r.append(_el("w:fldChar", fldCharType="end"))
    runs.append(r)
    return runs


def _footer_paragraph(style_id: str, align: Align, dashes: bool, indent_side: str | None) -> Any:
    p = _el("w:p")
    ppr = _el("w:pPr")
    ppr.append(_el("w:pStyle", val=style_id))
    if indent_side is not None:
        # 单页码居右空一字，双页码居左空一字 (GB/T 9704 §7.5): one 4号 character = 280 tw.
        ppr.append(_el("w:ind", **{indent_side: "280"}))
    ppr.append(_el("w:jc", val=align))
    p.append(ppr)

    def text_run(s: str) -> Any:
        r = _el("w:r")
        t = _el("w:t")
        t.set(_XML_SPACE, "preserve")
        t.text = s
        r.append(t)
        return r

    if dashes:
        p.append(text_run("— "))
    for r in _field_runs("PAGE", "1"):
        p.append(r)
    if dashes:
        p.append(text_run(" —"))
    return p


def _apply_page(document: DocxDocument, page: PageSpec) -> None:
    section = document.sections[0]
    sect = section._sectPr
    for tag in ("w:pgSz", "w:pgMar", "w:docGrid"):
        for old in sect.findall(qn(tag)):
            sect.remove(old)
    pgsz = _el("w:pgSz", w=str(page.width), h=str(page.height))
    pgmar = _el("w:pgMar", top=str(page.top), right=str(page.right), bottom=str(page.bottom),
                left=str(page.left), header=str(page.header), footer=str(page.footer), gutter="0")
    grid = _el("w:docGrid", linePitch=str(page.line_pitch))
    if page.grid_type:
        grid.set(qn("w:type"), page.grid_type)
    # Schema order inside sectPr: ... pgSz, pgMar, ..., cols, ..., docGrid.
    refs = sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference"))
    pos = len(refs) if refs else 0
    for child in list(sect):
        if child.tag in (qn("w:footnotePr"), qn("w:endnotePr"), qn("w:type")):
            pos = list(sect).index(child) + 1
    sect.insert(pos, pgsz)
    sect.insert(pos + 1, pgmar)
    tail = [c for c in sect if c.tag in (qn("w:printerSettings"), qn("w:sectPrChange"))]
    if tail:
        tail[0].addprevious(grid)
    else:
        sect.append(grid)

    settings = document.settings
    settings.odd_and_even_pages_header_footer = page.footer_dashes
    mirror = settings.element.find(qn("w:mirrorMargins"))
    if page.mirror and mirror is None:
        # CT_Settings is a sequence: mirrorMargins must follow these (ECMA-376 §17.15.1.78).
        before = {qn(f"w:{n}") for n in (
            "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
            "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
            "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
            "embedSystemFonts", "saveSubsetFonts", "saveFormsData")}
        children = list(settings.element)
        pos = max((i + 1 for i, c in enumerate(children) if c.tag in before), default=0)
        settings.element.insert(pos, _el("w:mirrorMargins"))
    elif not page.mirror and mirror is not None:
        settings.element.remove(mirror)

    def fill(footer: Any, p: Any) -> None:
        footer.is_linked_to_previous = False
        el = footer._element
        for old in list(el):
            el.remove(old)
        el.append(p)

    footer_id = document.styles["Footer"].style_id
    if page.footer_dashes:
        fill(section.footer, _footer_paragraph(footer_id, "right", True, "right"))
        fill(section.even_page_footer, _footer_paragraph(footer_id, "left", True, "left"))
    else:
        fill(section.footer, _footer_paragraph(footer_id, "center", False, None))


def apply_preset(document: DocxDocument, preset: str | None) -> None:
    """Give ``document`` the styles and page of ``preset``; ``None`` keeps what it has
    and only adds the named styles it lacks (book values)."""
    if preset is None:
        for name, spec in _BOOK_STYLES.items():
            _ensure_style(document, name, spec, overwrite=False)
        return
    styles = PRESET_STYLES[preset]
    _ensure_style(document, "Normal", styles["Normal"], overwrite=True)
    _ensure_style(document, "Body Text", styles["Body Text"], overwrite=True)
    for name, spec in styles.items():
        _ensure_style(document, name, spec, overwrite=True)
    _apply_defaults(document, styles)
    _apply_page(document, PRESET_PAGES[preset])


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>cppcc_publish</Application>"
    b"<DocSecurity>0</DocSecurity></Properties>"
)


# Font table entries for the four faces the styles name, as Word on Windows writes them:
# the English name as altName and the GB2312 charset (86) let Word, WPS and LibreOffice
# substitute a Chinese face where the named one is missing, rather than a Latin one.
_CHINESE_FONTS = (
    ("宋体", "SimSun", "02010600030101010101", "auto", "variable"),
    ("黑体", "SimHei", "02010609060101010101", "modern", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
)


def _with_chinese_fonts(blob: bytes) -> bytes:
    root = etree.fromstring(blob)
    have = {f.get(qn("w:name")) for f in root.iter(qn("w:font"))}
    for name, alt, panose, family, pitch in _CHINESE_FONTS:
        if name in have:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, val in (("altName", alt), ("panose1", panose), ("charset", "86"),
                         ("family", family), ("pitch", pitch)):
            etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), val)
        etree.SubElement(font, qn("w:sig"), {
            qn("w:usb0"): "00000003", qn("w:usb1"): "288F0000", qn("w:usb2"): "00000016",
            qn("w:usb3"): "00000000", qn("w:csb0"): "00040001", qn("w:csb1"): "00000000"})
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def build_reference() -> bytes:
    """The shipped ``reference.docx``: python-docx's template with the book preset's
    styles and page, an empty body, fixed properties and fixed zip dates."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    apply_preset(document, "book")
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(rel.rId)
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_XML
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = _with_chinese_fonts(rel.target_part.blob)
    # Word 2010's copy of the styles still has the template's theme fonts; Word reads
    # styles.xml, so the copy only misleads.
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rel.rId)
    moment = _dt.datetime(2025, 1, 1, tzinfo=_dt.timezone.utc)
    _set_core(document, title="cppcc_publish reference", author="cppcc_publish", moment=moment)
    buf = io.BytesIO()
    save(document, buf, moment)
    return buf.getvalue()


def _set_core(document: DocxDocument, *, title: str, author: str, moment: _dt.datetime) -> None:
    cp = document.core_properties
    naive = moment.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    cp.title = title
    cp.author = author
    cp.language = "zh-CN"
    cp.created = naive
    cp.modified = naive
    cp.last_printed = naive
    cp.last_modified_by = "cppcc_publish"
    cp.revision = 1
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.content_status = ""
    cp.identifier = ""
    cp.version = ""


# --------------------------------------------------------------------------- text


# --------------------------------------------------------------------------- building


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_RunRef = tuple[int, int]
"""(paragraph number, run number) in the body being built."""

HeadSlot = Literal["header", "even_header", "first_header", "footer", "even_footer", "first_footer"]
HEAD_SLOTS: tuple[HeadSlot, ...] = (
    "header", "even_header", "first_header", "footer", "even_footer", "first_footer")


@dataclass(frozen=True, slots=True, kw_only=True)
class _SectionSpec:
    """What the pages of one section of a book carry.

    A book is cut into sections so that running heads and numbering follow GB/T 12450
    practice in Word and LibreOffice alike: the 扉页 and 版本记录 carry nothing; front
    matter and 目录 are numbered in roman; the body is numbered in Arabic from 1; every
    part-title page and every article, and each piece of back matter, is a section of its
    own with a different first page, so that its opening page has no running head (a
    part-title page no page number either); even pages carry the book title, odd pages
    the part (or article) title."""

    odd: str | None = None
    """Running head of odd pages; ``None`` for none."""
    even: str | None = None
    """Running head of even pages."""
    numbered: bool = False
    """Page numbers in the footer (of every page but a blank first one)."""
    title_page: bool = False
    """Different first page: no running head on it."""
    first_numbered: bool = True
    """With ``title_page``: the first page still shows its number."""
    number_format: str | None = None
    """``w:pgNumType/@w:fmt`` with a restart at 1 (``upperRoman``, ``decimal``)."""

    def slots(self) -> dict[HeadSlot, tuple[str, str] | None]:
        """The content of each header and footer: (kind, text) or ``None`` for empty."""
        num = ("page", "") if self.numbered else None
        return {
            "header": ("head", self.odd) if self.odd else None,
            "even_header": ("head", self.even) if self.even else None,
            "first_header": None,
            "footer": num,
            "even_footer": num,
            "first_footer": num if self.first_numbered else None,
        }


def _field_xml(instr: str, placeholder: str) -> list[str]:
    """A complex field as WordprocessingML runs, e.g. ``PAGEREF _Toc00001 \\h``."""
    out = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
           f'<w:r><w:instrText xml:space="preserve"> {_xml_text(instr)} </w:instrText></w:r>',
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>']
    if placeholder:
        out.append(f"<w:r><w:t>{_xml_text(placeholder)}</w:t></w:r>")
    out.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return out


class _Builder:
    """Builds the body as WordprocessingML text, parsed once at the end.

    Building 30,000 elements one by one through python-docx costs more than the rest of
    the writer; text with every character escaped, parsed by python-docx's own parser
    (so the elements get its classes), is several times faster.  Runs that review
    comments anchor on are remembered by (paragraph, run) number.
    """

    def __init__(self, document: DocxDocument, options: Mapping[str, Any]) -> None:
        self.document = document
        self.review = bool(options["review"])
        self.author = str(options["comment_author"])
        self.moment: _dt.datetime = options["timestamp"]
        self.replaced = 0
        self.first_in_article = False
        self.section_start = False
        self.current_section: _SectionSpec | None = None
        self.section_ends: list[tuple[int, _SectionSpec]] = []
        self.toc: list[tuple[int, str, str, str]] = []
        self.bookmark_id = 0
        section = document.sections[-1]
        width = section.page_width or 0
        margins = (section.left_margin or 0) + (section.right_margin or 0)
        height = section.page_height or 0
        vertical = (section.top_margin or 0) + (section.bottom_margin or 0)
        self.text_width = max(1440, (width - margins) // 635)  # EMU -> twips
        # The 版本记录 starts about halfway down the type area.
        self.imprint_drop = max(0, (height - vertical) // 635 // 2)
        self.frags: list[str] = []
        self.comments: list[tuple[list[_RunRef], str]] = []
        # Style ids differ between Word languages (a Chinese Word's "heading 1" has the
        # id "1"), so they are looked up by name in the document actually used.
        self.ids = {name: _xml_text(document.styles[name].style_id) for name in STYLE_NAMES}
        self.header_id = self.ids["Header"]
        self.page: PageSpec | None = None

    # -- low level

    def clean(self, text: str) -> str:
        if XML_INVALID.search(text):
            self.replaced += len(XML_INVALID.findall(text))
            return XML_INVALID.sub("\ufffd", text)
        return text

    def paragraph(self, style: str | None, runs: Sequence[str], extra_ppr: str = "",
                  bookmark: str | None = None) -> int:
        """Add a paragraph; returns its number.  ``extra_ppr`` is paragraph properties
        that follow ``w:pageBreakBefore`` in schema order (``w:pBdr``, ``w:tabs``,
        ``w:spacing``); ``bookmark`` names a bookmark around the whole paragraph."""
        ppr = ""
        brk = ""
        if self.section_start:
            # The section break already starts a page; a style's page break would add
            # an empty one.
            brk = '<w:pageBreakBefore w:val="0"/>'
        elif self.first_in_article and self.frags:
            brk = "<w:pageBreakBefore/>"
        if style is not None or brk or extra_ppr:
            ppr = "<w:pPr>"
            if style is not None:
                ppr += f'<w:pStyle w:val="{style}"/>'
            ppr += brk + extra_ppr + "</w:pPr>"
        self.first_in_article = False
        self.section_start = False
        content = "".join(runs)
        if bookmark is not None:
            self.bookmark_id += 1
            bid = self.bookmark_id
            content = (f'<w:bookmarkStart w:id="{bid}" w:name="{bookmark}"/>{content}'
                       f'<w:bookmarkEnd w:id="{bid}"/>')
        self.frags.append(f"<w:p>{ppr}{content}</w:p>")
        return len(self.frags) - 1

    def run(self, text: str, char_style: str | None = None, highlight: bool = False) -> str:
        rpr = ""
        if char_style or highlight:
            rpr = "<w:rPr>"
            if char_style:
                rpr += f'<w:rStyle w:val="{char_style}"/>'
            if highlight:
                rpr += '<w:highlight w:val="yellow"/>'
            rpr += "</w:rPr>"
        text = self.clean(text)
        parts: list[str] = []
        # Tabs and line breaks are elements in WordprocessingML, not characters of w:t.
        for i, line in enumerate(text.split("\n")):
            if i:
                parts.append("<w:br/>")
            for j, piece in enumerate(line.split("\t")):
                if j:
                    parts.append("<w:tab/>")
                if piece:
                    space = ' xml:space="preserve"' if piece[0].isspace() or piece[-1].isspace() else ""
                    parts.append(f"<w:t{space}>{_xml_text(piece)}</w:t>")
        return f"<w:r>{rpr}{''.join(parts)}</w:r>"

    def text_runs(self, runs: list[str], text: str, flags: Sequence[Flag],
                  char_style: str | None = None) -> list[tuple[Flag, int]]:
        """Append runs for ``text`` split at the flagged spans; returns (flag, run number)."""
        out: list[tuple[Flag, int]] = []
        pos = 0
        for f in sorted(flags, key=lambda f: f.start):
            if f.start < pos or f.end > len(text) or f.start >= f.end:
                continue  # inconsistent offsets: keep the text whole rather than lose any
            if f.start > pos:
                runs.append(self.run(text[pos:f.start], char_style))
            out.append((f, len(runs)))
            runs.append(self.run(text[f.start:f.end], char_style, highlight=self.review))
            pos = f.end
        if pos < len(text) or not text:
            runs.append(self.run(text[pos:], char_style))
        return out

    def simple(self, style: str | None, text: str, extra_ppr: str = "",
               bookmark: str | None = None) -> int:
        return self.paragraph(style, [self.run(text)], extra_ppr, bookmark)

    # -- sections (books only)

    def start_section(self, spec: _SectionSpec) -> None:
        """End the current section (if it has content) and open one described by
        ``spec``; its first paragraph starts a new page."""
        if self.current_section is not None and self.frags:
            self.section_ends.append((len(self.frags) - 1, self.current_section))
        self.current_section = spec
        self.section_start = bool(self.frags)
        self.first_in_article = False

    def toc_mark(self, level: int, text: str, author: str = "") -> str:
        """A bookmark for a 目录 entry; the entry is listed in the order marked."""
        name = f"_Toc{len(self.toc) + 1:05d}"
        self.toc.append((level, text, author, name))
        return name

    # -- structure

    def article(self, article: Article, mark: str | None = None) -> None:
        ids = self.ids
        self.first_in_article = True
        anchors: dict[int, int] = {}
        flag_runs: list[tuple[Flag, _RunRef, int]] = []
        title_p = None
        if article.column:
            self.simple(ids["Kicker"], article.column)
        if article.title:
            title_p = self.simple(ids["Title"], article.title, bookmark=mark)
        if article.subtitle:
            self.simple(ids["Subtitle"], subtitle_line(article.subtitle))
        credits = article.printed_credits
        if credits:
            self.simple(ids["Author Line"], credit_line(credits))
        para_no = 0
        body = article.body
        i = 0
        while i < len(body):
            block = body[i]
            runs: list[str] = []
            pn = len(self.frags)
            if isinstance(block, Heading) and block.run_in:
                # A run-in heading is the bold lead sentence of the paragraph after it.
                nxt = body[i + 1] if i + 1 < len(body) else None
                lead_para = para_no + 1 if isinstance(nxt, Paragraph) else para_no
                for f, r in self.text_runs(runs, block.text, block.flags, ids["Run-in Heading"]):
                    flag_runs.append((f, (pn, r), lead_para))
                if isinstance(nxt, Paragraph):
                    para_no += 1
                    anchors[para_no] = pn
                    for f, r in self.text_runs(runs, nxt.text, nxt.flags):
                        flag_runs.append((f, (pn, r), para_no))
                    i += 2
                else:
                    i += 1
                self.paragraph(ids["Body Text"], runs)
                continue
            if isinstance(block, Paragraph):
                para_no += 1
                anchors[para_no] = pn
            pairs = self.text_runs(runs, block.text, block.flags)
            flag_runs.extend((f, (pn, r), para_no) for f, r in pairs)
            self.paragraph(self.block_style(block), runs)
            i += 1
        if article.author_note:
            self.simple(ids["Author Note"], author_note_line(article.author_note))
        src = source_line(article)
        if src:
            self.simple(ids["Source Note"], src)
        if self.review:
            self.comment_article(article, title_p, anchors, flag_runs)

    def block_style(self, block: Block) -> str:
        if isinstance(block, Heading):
            return self.ids["Heading 1"] if block.level <= 1 else self.ids["Heading 2"]
        if isinstance(block, Caption):
            return self.ids["Caption"]
        return self.ids["Body Text"]

    def block(self, block: Block) -> None:
        runs: list[str] = []
        self.text_runs(runs, block.text, block.flags)
        self.paragraph(self.block_style(block), runs)

    def title_page(self, compilation: Compilation) -> None:
        """扉页 (GB/T 12450: title, subtitle, compiling body, publisher, year) and, for an
        internal print, the 版本记录 on the page after it."""
        m = compilation.meta
        ids = self.ids
        self.simple(ids["Title Page"], m.title)
        for line in (m.subtitle, m.compiler, m.publisher, f"{m.year}年" if m.year else None):
            if line:
                self.simple(ids["Title Page Line"], line)
        imprint = imprint_lines(m)
        for k, line in enumerate(imprint):
            extra = ""
            if k == 0:
                # The 版本记录 sits in the lower part of its page under a thin rule.
                extra = ('<w:pageBreakBefore/><w:pBdr><w:top w:val="single" w:sz="4" '
                         f'w:space="4" w:color="000000"/></w:pBdr>'
                         f'<w:spacing w:before="{self.imprint_drop}"/>')
            self.simple(ids["Imprint"], line, extra)

    def contents(self) -> None:
        """目录: a TOC field whose cached result lists the parts (level 1) and the
        articles with their printed authors (level 2), each with a PAGEREF field to the
        bookmark on its title, so that LibreOffice prints the page numbers as it lays
        the book out; Word recomputes the whole field from the styles on F9."""
        ids = self.ids
        self.first_in_article = True
        self.simple(ids["TOC Heading"], "目\u3000录")
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> TOC \\t &quot;Part Title,1,Title,2&quot;'
                 ' \\h \\z </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not self.toc:
            self.paragraph(None, [begin + end])
            return
        tabs = (f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{self.text_width}"/>'
                "</w:tabs>")
        for k, (level, text, author, name) in enumerate(self.toc):
            runs = [begin] if k == 0 else []
            runs.append(self.run(text))
            if author:
                runs.append(self.run("\u3000" + author, self.ids["TOC Author"]))
            runs.append("<w:r><w:tab/></w:r>")
            runs.extend(_field_xml(f"PAGEREF {name} \\h", ""))
            if k == len(self.toc) - 1:
                runs.append(end)
            self.paragraph(ids["toc 1"] if level == 1 else ids["toc 2"], runs, tabs)
        # The section break goes into a paragraph of its own after the field: in the
        # paragraph that ends the TOC field, LibreOffice 7.4 imports the section's
        # footers as part of the field and loses their PAGE fields (measured).
        self.paragraph(None, [])

    def matter(self, matter: Matter, mark: str | None = None) -> None:
        self.first_in_article = True
        self.simple(self.ids["Title"], matter.title, bookmark=mark)
        for b in matter.body:
            self.block(b)

    def part_title(self, title: str, mark: str | None = None) -> None:
        self.first_in_article = False
        self.simple(self.ids["Part Title"], title, bookmark=mark)

    # -- review

    def comment_article(self, article: Article, title_p: int | None, anchors: Mapping[int, int],
                        flag_runs: Sequence[tuple[Flag, _RunRef, int]]) -> None:
        absorbed: set[int] = set()
        warnings = [d for d in article.diagnostics if d.level == "warning"]
        for f, ref, para in flag_runs:
            notes = []
            for k, d in enumerate(warnings):
                if k not in absorbed and d.paragraph == para and f.span in d.message:
                    absorbed.add(k)
                    notes.append(f"{d.code}: {d.message}")
                    break
            text = f"疑似乱码：«{f.span}»"
            from cppcc_publish.transforms.garbled import suggestion_note  # one wording

            if note := suggestion_note(f):
                text += f"\n{note}"
            if notes:
                text += "\n" + "\n".join(notes)
            self.comments.append(([ref], text))
        for k, d in enumerate(warnings):
            if k in absorbed:
                continue
            target = anchors.get(d.paragraph) if d.paragraph is not None else None
            if target is None:
                target = title_p
            if target is None and anchors:
                target = anchors[min(anchors)]
            if target is None:
                continue
            where = f"第{d.paragraph}段：" if d.paragraph is not None else ""
            self.comments.append(([(target, 0), (target, -1)], f"{where}{d.code}: {d.message}"))

    # -- output

    def apply_sections(self, paragraphs: Sequence[Any]) -> None:
        """Close each section on its last paragraph and give every section its headers,
        footers and numbering.  A header or footer is defined only where it differs
        from the one the section would inherit (Word's "link to previous")."""
        assert self.current_section is not None
        document = self.document
        final = document.element.body.find(qn("w:sectPr"))
        if final is None:
            final = _el("w:sectPr")
            document.element.body.append(final)
        for ref in [*final.findall(qn("w:headerReference")), *final.findall(qn("w:footerReference"))]:
            rid = ref.get(qn("r:id"))
            final.remove(ref)
            if rid:
                document.part.drop_rel(rid)
        for pn, _ in self.section_ends:
            p = paragraphs[pn]
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = _el("w:pPr")
                p.insert(0, ppr)
            ppr.append(deepcopy(final))
        document.settings.odd_and_even_pages_header_footer = True
        _ask_to_update_fields(document)
        specs = [spec for _, spec in self.section_ends] + [self.current_section]
        inherited: dict[HeadSlot, tuple[str, str] | None] = dict.fromkeys(HEAD_SLOTS)
        for section, spec in zip(document.sections, specs):
            section.different_first_page_header_footer = spec.title_page
            if spec.number_format:
                sect = section._sectPr
                num = _el("w:pgNumType", fmt=spec.number_format, start="1")
                mar = sect.find(qn("w:pgMar"))
                if mar is not None:
                    mar.addnext(num)
                else:
                    sect.append(num)
            for slot, content in spec.slots().items():
                if content == inherited[slot] or (slot.startswith("first") and not spec.title_page):
                    continue
                inherited[slot] = content
                self.fill(section, slot, content)

    def fill(self, section: Any, slot: HeadSlot, content: tuple[str, str] | None) -> None:
        attr = {"header": "header", "even_header": "even_page_header",
                "first_header": "first_page_header", "footer": "footer",
                "even_footer": "even_page_footer", "first_footer": "first_page_footer"}[slot]
        part = getattr(section, attr)
        part.is_linked_to_previous = False
        el = part._element
        for old in list(el):
            el.remove(old)
        if content is None:
            el.append(_el("w:p"))
        elif content[0] == "head":
            el.append(parse_xml(
                f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{self.header_id}"/></w:pPr>'
                f"{self.run(content[1])}</w:p>"))
        else:
            page = self.page
            footer_id = self.document.styles["Footer"].style_id
            if page is not None and page.footer_dashes:
                side: Align = "left" if slot == "even_footer" else "right"
                el.append(_footer_paragraph(footer_id, side, True, side))
            else:
                el.append(_footer_paragraph(footer_id, "center", False, None))

    def finish(self) -> None:
        """Parse the built body into the document, then anchor the comments."""
        body = self.document.element.body
        sect = body.find(qn("w:sectPr"))
        if sect is not None:
            body.remove(sect)
        xml = f'<w:body xmlns:w="{W_NS}">{"".join(self.frags)}</w:body>'
        paragraphs = list(parse_xml(xml.encode("utf-8")))
        body.extend(paragraphs)
        if sect is not None:
            body.append(sect)
        if self.current_section is not None:
            self.apply_sections(paragraphs)
        resolved = []
        for refs, text in self.comments:
            runs = []
            for pn, rn in refs:
                p_runs = paragraphs[pn].findall(qn("w:r"))
                if p_runs:
                    runs.append(p_runs[rn])
            if runs:
                resolved.append((runs, text))
        for runs, text in resolved:
            parent = DocxParagraph(runs[0].getparent(), None)  # type: ignore[arg-type]
            wrapped = [DocxRun(r, parent) for r in runs]
            comment = self.document.add_comment(wrapped, text=self.clean(text),
                                                author=self.author, initials="CP")
            comment._comment_elm.date = self.moment.replace(tzinfo=None)


# CT_Settings is a sequence; w:updateFields comes before these (ECMA-376 §17.15.1).
_AFTER_UPDATE_FIELDS = tuple(f"w:{n}" for n in (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator"))


def _ask_to_update_fields(document: DocxDocument) -> None:
    """``w:updateFields``: Word offers to update the fields on opening, which fills the
    目录 with page numbers (LibreOffice: Tools > Update > Update All)."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    el = _el("w:updateFields", val="true")
    after = {qn(t) for t in _AFTER_UPDATE_FIELDS}
    for child in settings:
        if child.tag in after:
            child.addprevious(el)
            return
    settings.append(el)


def _write_book(b: _Builder, compilation: Compilation) -> None:
    """The book order (GB/T 12450, typesetting notes §5): 扉页, 版本记录, front matter,
    目录, then per part its title page and articles, then back matter; see
    :class:`_SectionSpec` for the sections, running heads and numbering."""
    book_title = compilation.meta.title
    # 目录 entries first: the contents precede the body they list.
    part_marks: list[str | None] = []
    article_marks: list[list[str | None]] = []
    for part in compilation.parts:
        part_marks.append(b.toc_mark(1, part.title) if part.title else None)
        article_marks.append([
            b.toc_mark(2, a.title, credit_line(a.printed_credits)) if a.title else None
            for a in part.articles])
    back_marks = [b.toc_mark(1, m.title) for m in compilation.back]

    b.start_section(_SectionSpec())
    b.title_page(compilation)
    b.start_section(_SectionSpec(numbered=True, number_format="upperRoman"))
    for matter in compilation.front:
        b.matter(matter)
    b.contents()
    restart: str | None = "decimal"
    for part, pmark, amarks in zip(compilation.parts, part_marks, article_marks):
        if part.title:
            b.start_section(_SectionSpec(odd=part.title, even=book_title, numbered=True,
                                         title_page=True, first_numbered=False,
                                         number_format=restart))
            restart = None
            b.part_title(part.title, pmark)
        for article, amark in zip(part.articles, amarks):
            b.start_section(_SectionSpec(odd=part.title or article.title or book_title,
                                         even=book_title, numbered=True, title_page=True,
                                         number_format=restart))
            restart = None
            b.article(article, amark)
    for matter, mmark in zip(compilation.back, back_marks):
        b.start_section(_SectionSpec(odd=matter.title, even=book_title, numbered=True,
                                     title_page=True, number_format=restart))
        restart = None
        b.matter(matter, mmark)


def is_book(compilation: Compilation) -> bool:
    """A book gets a title page and contents: several articles, front or back matter,
    titled parts, or book metadata beyond a title."""
    m = compilation.meta
    return (
        len(compilation.articles) > 1
        or bool(compilation.front or compilation.back)
        or any(p.title for p in compilation.parts)
        or any((m.subtitle, m.compiler, m.year, m.publisher, m.notice, m.permit))
    )


def _load(reference: Path | None) -> DocxDocument:
    if reference is not None:
        if not reference.is_file():
            raise OptionError(f"option 'reference': {reference} is not a file")
        try:
            document = docx.Document(str(reference))
        except Exception as exc:
            raise OptionError(f"option 'reference': {reference} is not a .docx: {exc}") from exc
    else:
        data = files("cppcc_publish.templates").joinpath("reference.docx").read_bytes()
        document = docx.Document(io.BytesIO(data))
    _linear_partnames(document)
    return document


def _linear_partnames(document: DocxDocument) -> None:
    """python-docx names each new part (a header or footer per section) by walking every
    part of the package: quadratic in a book of a thousand sections.  Give the package a
    namer that remembers what it handed out; the names it picks are the same."""
    package = document.part.package
    used = {str(part.partname) for part in package.iter_parts()}
    last: dict[str, int] = {}

    def next_partname(template: str) -> Any:
        n = last.get(template, 0) + 1
        while template % n in used:
            n += 1
        last[template] = n
        used.add(template % n)
        return PackURI(template % n)

    package.next_partname = next_partname


def write(compilation: Compilation, dest: Path, options: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
    """Write ``compilation`` as one DOCX at ``dest``."""
    reference: Path | None = options["reference"]
    preset: str | None = options["preset"]
    if preset is None and reference is None:
        preset = "book"
    document = _load(reference)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    apply_preset(document, preset)

    b = _Builder(document, options)
    b.page = PRESET_PAGES.get(preset) if preset is not None else None
    if is_book(compilation):
        _write_book(b, compilation)
    else:
        for part in compilation.parts:
            if part.title:
                b.part_title(part.title)
            for article in part.articles:
                b.article(article)
    b.finish()

    articles = compilation.articles
    authors = []
    for a in articles:
        for c in a.printed_credits:
            if c.name not in authors:
                authors.append(c.name)
    _set_core(document, title=b.clean(compilation.meta.title),
              author=b.clean(compilation.meta.compiler or "；".join(authors)),
              moment=options["timestamp"])
    diagnostics: list[Diagnostic] = []
    if b.replaced:
        diagnostics.append(Diagnostic(
            level="warning", code="invalid-xml-character",
            message=f"replaced {b.replaced} character(s) that XML cannot hold with U+FFFD",
        ))
    save(document, dest, options["timestamp"])
    return tuple(diagnostics)


def save(document: DocxDocument, dest: Path | io.BytesIO, moment: _dt.datetime) -> None:
    """Save with fixed zip dates in one compression pass.

    python-docx's ``save`` stamps zip entries with the current time; its package writer
    is driven here with a :class:`FixedZip` instead (python-docx 0.8-1.2 share this
    interface).  Should a later python-docx change it, the document is saved normally
    and re-packed, which gives the same bytes, only slower."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    steps: list[Any] = [getattr(PackageWriter, n, None) for n in
             ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")]
    if any(step is None for step in steps):
        buf = io.BytesIO()
        document.save(buf)
        data = normalize_zip(buf.getvalue(), moment, first=("[Content_Types].xml",))
        if isinstance(dest, io.BytesIO):
            dest.write(data)
        else:
            dest.write_bytes(data)
        return
    for part in package.parts:
        part.before_marshal()
    content_types, pkg_rels, parts = steps
    out = FixedZip(dest, moment)
    try:
        content_types(out, package.parts)
        pkg_rels(out, package.rels)
        parts(out, package.parts)
    finally:
        out.close()


def document_xml(data: bytes) -> bytes:
    """``word/document.xml`` of a DOCX's bytes (for tests and debugging)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml")


def canonical_xml(xml: bytes) -> str:
    """C14N 2.0, then indented, so that golden files diff line by line."""
    c14n = etree.canonicalize(xml_data=xml.decode("utf-8"))
    parser = etree.XMLParser(remove_blank_text=True)
    tree = etree.fromstring(c14n.encode("utf-8"), parser)
    return str(etree.tostring(tree, pretty_print=True, encoding="unicode"))

