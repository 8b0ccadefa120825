"""The DOCX's styles and page setup per preset, as data, and how they go into a document.

Styles come from a reference document, like pandoc's ``reference.docx``: the shipped one
(``templates/reference.docx``, made by ``templates/make_reference_docx.py`` from
:func:`~.package.build_reference`) or the editor's own (option ``reference``).  The writer
only ever refers to styles by name (:data:`STYLE_NAMES`).

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

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ...book.presets import FORMAT_PRESETS

PRESETS: tuple[str, ...] = FORMAT_PRESETS["docx"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

LATIN_FONT = "Times New Roman"

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
    "Cover Title": StyleSpec(east_asia="黑体", size=32, style_id="CoverTitle", align="center",
                             before=120, after=18, keep_next=True),
    "Cover Line": StyleSpec(east_asia="楷体", size=16, style_id="CoverLine", align="center",
                            before=6),
    "Cover Notice": StyleSpec(east_asia="楷体", size=10.5, style_id="CoverNotice",
                              align="center", before=3),
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
    "Cover Title": StyleSpec(east_asia="宋体", size=35, bold=True, style_id="CoverTitle",
                             align="center", before=120, after=18, keep_next=True),
    "Cover Line": StyleSpec(east_asia="楷体", size=16, style_id="CoverLine", align="center",
                            before=6),
    "Cover Notice": StyleSpec(east_asia="楷体", size=14, style_id="CoverNotice",
                              align="center", before=3),
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
        # (a look-up by name: listing every style object for each style was a tenth of
        # the writer's time)
        try:
            style.next_paragraph_style = styles["Body Text"]
        except KeyError:
            style.next_paragraph_style = styles["Normal"]


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
