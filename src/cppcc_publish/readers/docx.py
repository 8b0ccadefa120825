"""Word files (.docx) -> Article, read with python-docx.

Chinese offices rarely use Word's heading styles: everything is direct formatting, as
GB/T 9704 describes it.  The reader turns each paragraph into a line and says what its
formatting shows (:class:`~.structure.SourceLine` hints):

- ``title``: Word's ``Title`` style, or the first centred paragraph set larger or bolder
  than the body (a 方正小标宋 2号 title, an 18 pt bold 仿宋 one); failing that the text
  reader takes the first line, as for plain text;
- ``subtitle``: Word's ``Subtitle`` style, or a line between the title and the text that
  is a ``——`` subtitle or a dateline (``2025年1月15日在…会议上``);
- ``heading``: Word's ``Heading 1``–``Heading 9`` styles or an outline level;
- ``strong``: a paragraph all in bold, or short and set in a heading face (黑体, 楷体,
  小标宋) in a document whose body is in another face; the text reader makes it a heading
  when its shape allows (an ``一、`` line in 黑体, a ``（一）`` line in 楷体);
- ``caption``: Word's ``Caption`` style, or the short centred line under a picture.

The styles of cppcc_publish's own DOCX writer are read back as what they hold
(``Kicker`` the column, ``Author Line`` the byline, ``Author Note`` and ``Source Note``),
so that an article survives a round trip through Word.  Tables are read as text, row by
row, with a ``table-as-text`` warning; text boxes once (not their VML copies); headers
and footers (page numbers, 版记) are left out; footnotes and comments are not kept and
are quoted in a ``notes-dropped`` warning.  A signature and date closing a 公文 become
the document's date, not paragraphs.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import Diagnostic, InputError
from ..model import Article, Credit, ROLES, Source
from ..options import ReadOptions
from ..transforms.script import detect_script
from .credits import parse_date, read_credits
from .structure import SourceLine, read_lines
from .view import strip_ws, view

NAME = "docx"
VERSION = "1"
SUFFIXES = (".docx", ".docm", ".dotx")
DESCRIPTION = "Word files (.docx): title, subtitle, byline, headings and body from styles and direct formatting"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
# Faces Chinese offices set titles and headings in, against a 仿宋 or 宋体 body.
_HEADING_FACES = ("黑体", "楷体", "小标宋", "标宋", "方正大标宋", "华文中宋", "魏碑", "隶书")
# A dateline under a title: 2025年1月15日在上海市第十六届人民代表大会第三次会议上 /
# （2025年1月15日） / ——2025年1月16日省长 李乐成在…会议上的讲话; not a paragraph that
# opens with a date (2024年1月10日，市政协召开…).
_DATELINE = re.compile(r"^[（(]?(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:[)）]$|[^，,]{0,12}在)")
# A salutation opening a speech or a 公文: 各位代表： / 同志们： / 各市、县人民政府：
_SALUTATION = re.compile(r"^.{1,30}[：:]$")
# The imprint (版记) closing a 公文: 印发机关 and 印发日期, 抄送 (GB/T 9704 §8)
_IMPRINT = re.compile(r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发|^抄\s*送[：:]|^印发[：:])")
# The label over an appendix: 附件 / 附件1 / 附件二：
_ATTACHMENT = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]{0,3}\s*[：:]?$")
_PLACEHOLDER_DATE = re.compile(r"^(?:19|20|XX|xx|××)[\dXx×]{2}\s*年\s*[\dXx×]{1,2}\s*月\s*[\dXx×]{1,2}\s*日$")


def available() -> str | None:
    """Why the reader cannot work here, or ``None``."""
    import importlib.util

    return None if importlib.util.find_spec("docx") else "python-docx is not installed"


def sniff(data: bytes, path: str | None = None) -> bool:
    """A Word file: a zip holding ``word/document.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


@dataclass(slots=True)
class Para:
    """A paragraph of the document with the formatting facts the reader uses."""

    text: str
    style: str = ""
    outline: int | None = None
    centred: bool = False
    right: bool = False
    bold: bool = False
    size: float | None = None
    face: str | None = None
    picture: bool = False
    cell: bool = False
    box: bool = False
    """In a text box (a 公文's 版头 and 版记, a decoration)."""
    cover: bool = False
    """In a table that opens the document (a cover)."""
    table: int | None = None
    """The number of the table the paragraph is in (1 for the first)."""
    numbered: str | None = None
    """The format of the list number Word draws before the text (``decimal``,
    ``chineseCounting`` …), ``None`` for a paragraph that is no list item."""
    no: int = 0


@dataclass(slots=True)
class Document:
    """The paragraphs of a document in reading order, and what was left out."""

    paras: list[Para] = field(default_factory=list)
    tables: int = 0
    table_rows: int = 0
    notes: list[str] = field(default_factory=list)


# Word's list numbers that read as section numbers: 一、 二、 (chineseCounting) or 第一章.
_SECTION_FORMATS = frozenset(("chineseCounting", "chineseCountingThousand", "ideographDigital",
                              "japaneseCounting", "chineseLegalSimplified", "ideographTraditional"))


def _numbering_formats(doc: Any) -> dict[tuple[str, str], str]:
    """``(numId, ilvl)`` → the number format Word draws there (``decimal``,
    ``chineseCounting`` …), read from the numbering part."""
    out: dict[tuple[str, str], str] = {}
    try:
        root = doc.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError, ValueError):
        return out
    abstract: dict[str, dict[str, str]] = {}
    for an in root.findall(f"{W}abstractNum"):
        levels: dict[str, str] = {}
        for lvl in an.findall(f"{W}lvl"):
            fmt = lvl.find(f"{W}numFmt")
            levels[lvl.get(f"{W}ilvl") or "0"] = (fmt.get(f"{W}val") if fmt is not None else None) or "decimal"
        abstract[an.get(f"{W}abstractNumId") or ""] = levels
    for num in root.findall(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        levels = abstract.get(ref.get(f"{W}val") if ref is not None else "", {})
        for ilvl, fmt in levels.items():
            out[(num.get(f"{W}numId") or "", ilvl)] = fmt
    return out


class _Styles:
    """What paragraph and character styles say (bold, size, face, alignment, outline
    level), following ``basedOn``, cached per style id."""

    def __init__(self, doc: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_id: str | None = None
        try:
            for s in doc.styles.element.findall(f"{W}style"):
                sid = s.get(f"{W}styleId")
                if sid:
                    self.by_id[sid] = s
                    if s.get(f"{W}default") in ("1", "true") and s.get(f"{W}type") == "paragraph":
                        self.default_id = sid
        except (AttributeError, KeyError, ValueError):
            pass
        self.cache: dict[tuple[str, str], Any] = {}
        self.numbering = _numbering_formats(doc)

    def name(self, sid: str | None) -> str:
        s = self.by_id.get(sid or self.default_id or "")
        if s is None:
            return ""
        n = s.find(f"{W}name")
        return (n.get(f"{W}val") if n is not None else sid) or ""

    def style_numbering(self, sid: str | None) -> tuple[str, str] | None:
        """``(numId, ilvl)`` of the list a paragraph style numbers (``List Number``)."""
        key = (sid or "", "numPr")
        if key not in self.cache:
            found = None
            seen = set()
            current = sid
            while current and current not in seen and found is None:
                seen.add(current)
                s = self.by_id.get(current)
                if s is None:
                    break
                num = s.find(f"{W}pPr/{W}numPr/{W}numId")
                if num is not None and num.get(f"{W}val") not in (None, "0"):
                    lvl = s.find(f"{W}pPr/{W}numPr/{W}ilvl")
                    found = (num.get(f"{W}val"), (lvl.get(f"{W}val") if lvl is not None else None) or "0")
                based = s.find(f"{W}basedOn")
                current = based.get(f"{W}val") if based is not None else None
            self.cache[key] = found
        return self.cache[key]  # type: ignore[no-any-return]

    def prop(self, sid: str | None, where: str, tag: str, attr: str | None = "val") -> str | None:
        """The value of ``w:{where}/w:{tag}/@w:{attr}`` in style ``sid`` or the styles it is
        based on (``attr=None``: ``"1"`` when the element is present)."""
        key = (sid or "", f"{where}/{tag}/{attr}")
        if key in self.cache:
            return self.cache[key]  # type: ignore[no-any-return]
        seen = set()
        value: str | None = None
        current = sid or self.default_id
        while current and current not in seen:
            seen.add(current)
            s = self.by_id.get(current)
            if s is None:
                break
            el = s.find(f"{W}{where}/{W}{tag}")
            if el is not None:
                value = "1" if attr is None else el.get(f"{W}{attr}")
                if attr is None or value is not None:
                    v = el.get(f"{W}val")
                    if attr is None and v in ("0", "false", "off"):
                        value = "0"
                    break
            based = s.find(f"{W}basedOn")
            current = based.get(f"{W}val") if based is not None else None
        self.cache[key] = value
        return value


def _on(el: Any) -> bool | None:
    """A toggle property (``w:b``): ``None`` when absent."""
    if el is None:
        return None
    return el.get(f"{W}val") not in ("0", "false", "off")


def _run_text(r: Any) -> str:
    out: list[str] = []
    for c in r:
        tag = c.tag
        if tag == f"{W}t":
            out.append(c.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def _paragraph(p: Any, styles: _Styles, body_face: list[str], cell: bool) -> tuple[Para, list[Any]]:
    """The paragraph's text and facts, and the text boxes it anchors (read once: the
    ``mc:Fallback`` VML copy of a box is skipped)."""
    ppr = p.find(f"{W}pPr")
    sid = None
    align = None
    outline = None
    numbered: str | None = None
    if ppr is not None:
        st = ppr.find(f"{W}pStyle")
        sid = st.get(f"{W}val") if st is not None else None
        jc = ppr.find(f"{W}jc")
        align = jc.get(f"{W}val") if jc is not None else None
        ol = ppr.find(f"{W}outlineLvl")
        if ol is not None and (ol.get(f"{W}val") or "").isdigit():
            outline = int(ol.get(f"{W}val"))
        numpr = ppr.find(f"{W}numPr")
        if numpr is not None:
            num_id = numpr.find(f"{W}numId")
            ilvl = numpr.find(f"{W}ilvl")
            key = (num_id.get(f"{W}val") if num_id is not None else "") or "", (ilvl.get(f"{W}val") if ilvl is not None else "0") or "0"
            if key[0] != "0":  # numId 0 switches numbering off
                numbered = styles.numbering.get(key, "decimal")
    if numbered is None and (listed := styles.style_numbering(sid)) is not None:
        numbered = styles.numbering.get(listed, "decimal")  # a list style (List Number)
    if align is None:
        align = styles.prop(sid, "pPr", "jc")
    if outline is None:
        v = styles.prop(sid, "pPr", "outlineLvl")
        outline = int(v) if v and v.isdigit() else None
    style_bold = styles.prop(sid, "rPr", "b", None) == "1"
    style_size = styles.prop(sid, "rPr", "sz")
    style_face = styles.prop(sid, "rPr", "rFonts", "eastAsia")
    texts: list[str] = []
    boxes: list[Any] = []
    bold_chars = chars = 0
    sizes: Counter[float] = Counter()
    faces: Counter[str] = Counter()
    picture = False
    for r in p.iter(f"{W}r"):
        # Runs inside a text box belong to the box, not to this paragraph.
        if r.getparent() is not p and _in_textbox(r, p):
            continue
        for ac in r.findall(f"{MC}AlternateContent"):
            choice = ac.find(f"{MC}Choice")
            if choice is not None:
                boxes.extend(choice.iter(f"{W}txbxContent"))
        if r.find(f"{W}drawing") is not None or r.find(f"{W}pict") is not None:
            if not list(r.iter(f"{W}txbxContent")):
                picture = True
        t = _run_text(r)
        if not t:
            continue
        texts.append(t)
        n = len(t.strip())
        if not n:
            continue
        chars += n
        rpr = r.find(f"{W}rPr")
        b = _on(rpr.find(f"{W}b")) if rpr is not None else None
        if b is None and rpr is not None and (rs := rpr.find(f"{W}rStyle")) is not None:
            b = styles.prop(rs.get(f"{W}val"), "rPr", "b", None) == "1"
        if b if b is not None else style_bold:
            bold_chars += n
        sz = rpr.find(f"{W}sz") if rpr is not None else None
        size = sz.get(f"{W}val") if sz is not None else style_size
        if size and size.replace(".", "").isdigit():
            sizes[float(size) / 2] += n
        fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
        face = fonts.get(f"{W}eastAsia") if fonts is not None else None
        face = face or style_face
        if face:
            faces[face] += n
    text = "".join(texts)
    para = Para(
        text=text,
        style=styles.name(sid),
        outline=outline,
        centred=align == "center",
        right=align in ("right", "end"),
        bold=chars > 0 and bold_chars >= chars,
        size=sizes.most_common(1)[0][0] if sizes else (float(style_size) / 2 if style_size and style_size.isdigit() else None),
        face=faces.most_common(1)[0][0] if faces else style_face,
        picture=picture,
        cell=cell,
        numbered=numbered,
    )
    return para, boxes


def _in_textbox(r: Any, p: Any) -> bool:
    el = r.getparent()
    while el is not None and el is not p:
        if el.tag in (f"{W}txbxContent", f"{MC}Fallback"):
            return True
        el = el.getparent()
    return False


def _walk(container: Any, styles: _Styles, out: Document, cell: bool = False, box: bool = False) -> None:
    for child in container:
        tag = child.tag
        if tag == f"{W}p":
            para, boxes = _paragraph(child, styles, [], cell)
            para.box = box
            for content in boxes:
                _walk(content, styles, out, cell=cell, box=True)
            para.no = len(out.paras) + 1
            out.paras.append(para)
        elif tag == f"{W}tbl":
            _table(child, styles, out)
        elif tag in (f"{W}sdt",):
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _walk(content, styles, out, cell)
        elif tag in (f"{W}customXml", f"{W}smartTag"):
            _walk(child, styles, out, cell)


def _table(tbl: Any, styles: _Styles, out: Document) -> None:
    """A table as text: a row of one cell (a cover, a boxed note) line by line; a row of
    several cells as one line, cells separated by tabs."""
    out.tables += 1
    cover = not any(p.text.strip() and not p.box for p in out.paras)
    for tr in tbl.findall(f"{W}tr"):
        cells = tr.findall(f"{W}tc")
        filled: list[Document] = []
        for tc in cells:
            sub = Document()
            _walk(tc, styles, sub, cell=True)
            sub.paras = [p for p in sub.paras if p.text.strip()]
            if sub.paras:
                filled.append(sub)
        if not filled:
            continue
        if len(filled) == 1:
            for p in filled[0].paras:
                p.no = len(out.paras) + 1
                p.cover = cover
                p.table = out.tables
                out.paras.append(p)
        else:
            row = Para(text="\t".join(" ".join(strip_ws(p.text) for p in c.paras) for c in filled), cell=True,
                       table=out.tables)
            row.no = len(out.paras) + 1
            out.paras.append(row)
            out.table_rows += 1


def _notes(doc: Any) -> list[str]:
    """The texts of the document's footnotes, endnotes and comments."""
    out: list[str] = []
    try:
        parts = list(doc.part.package.iter_parts())
    except Exception:  # a package python-docx cannot walk has no notes for us
        return out
    for part in parts:
        name = str(getattr(part, "partname", ""))
        if name not in ("/word/footnotes.xml", "/word/endnotes.xml", "/word/comments.xml"):
            continue
        try:
            from lxml import etree  # type: ignore[import-untyped]

            root = etree.fromstring(part.blob)
        except Exception:
            continue
        for note in root:
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = "".join(_run_text(r) for r in note.iter(f"{W}r")).strip()
            if text:
                out.append(text)
    return out


def load(data: bytes, path: str | None = None) -> Document:
    """The document's paragraphs in reading order, with their facts."""
    import docx

    name = path or "<input>"
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, PackageNotFoundError…
        raise InputError(name, f"not a Word document python-docx can open ({type(exc).__name__}: {exc})") from None
    styles = _Styles(document)
    out = Document()
    _walk(document.element.body, styles, out)
    paras: list[Para] = []
    for p in out.paras:
        if "\n" in p.text and not p.cell:
            # A manual line break (Shift+Enter) ends a line: 来源：江西省人民政府↵2025年1月17日在…
            paras.extend(replace(p, text=piece) for piece in p.text.split("\n") if piece.strip())
        elif p.text.strip() or p.picture:
            paras.append(p)
    out.paras = paras
    for k, p in enumerate(out.paras, start=1):
        p.no = k
    out.notes = _notes(document)
    return out


# --- what the formatting says -------------------------------------------------------------

_OWN_STYLES = {"kicker": "column", "author line": "byline", "author note": "note", "source note": "source",
               "title page": "drop", "title page line": "drop", "toc heading": "drop", "toc 1": "drop",
               "toc 2": "drop", "imprint": "drop", "part title": "drop"}


def _body_format(paras: list[Para]) -> tuple[float | None, str | None]:
    """The size and face most of the text is set in."""
    sizes: Counter[float] = Counter()
    faces: Counter[str] = Counter()
    for p in paras:
        n = len(p.text)
        if p.size:
            sizes[p.size] += n
        if p.face:
            faces[p.face] += n
    return (sizes.most_common(1)[0][0] if sizes else None, faces.most_common(1)[0][0] if faces else None)


def _heading_face(face: str | None, body_face: str | None) -> bool:
    return bool(face) and face != body_face and any(f in (face or "") for f in _HEADING_FACES)


def _prose(p: Para) -> bool:
    t = p.text.strip()
    return len(t) >= 30 and bool(re.search("[。！？；]", t))


def _hints(paras: list[Para]) -> tuple[list[str | None], list[int | None]]:
    body_size, body_face = _body_format(paras)
    n = len(paras)
    hints: list[str | None] = [None] * n
    levels: list[int | None] = [None] * n
    title: int | None = None
    for i, p in enumerate(paras):
        style = p.style.lower()  # styles.xml names built-in styles in lower case (caption)
        m = _HEADING_STYLE.match(style)
        if style in ("title", "标题") and title is None:
            hints[i], title = "title", i
        elif style in ("subtitle", "副标题"):
            hints[i] = "subtitle"
        elif style in ("caption", "题注"):
            hints[i] = "caption"
        elif m:
            hints[i] = "heading"
            levels[i] = 1 if int(m.group(1)) <= 1 else 2
        elif p.outline is not None and p.outline < 9:
            levels[i] = 1 if p.outline == 0 else 2
    if title is None:
        # Of the centred paragraphs that open the document (a cover, a 版头 and the title),
        # the one set largest, then boldest or in a title face, ahead of the body's size.
        best: tuple[float, int] | None = None
        for i, p in enumerate(paras[:16]):
            if not p.centred:
                if p.text.strip() and not p.cover:
                    break
                continue
            t = strip_ws(p.text)
            if not t or len(t) > 80 or _prose(p):
                continue
            size = p.size if p.size is not None else (body_size or 0.0)
            weight = size + (1.5 if p.bold else 0.0) + (1.0 if _heading_face(p.face, body_face) else 0.0)
            if body_size is not None and weight < body_size + 1.5:
                continue
            if best is None or weight > best[0]:
                best = (weight, i)
        if best is not None:
            title = best[1]
            hints[title] = "title"
    start = (title + 1) if title is not None else 0
    # Between the title and the text: ——subtitles and datelines.
    for i in range(start, min(n, start + 6)):
        p = paras[i]
        t = strip_ws(p.text)
        if hints[i] is not None or _SALUTATION.match(t) and len(t) <= 16:
            break
        if t.startswith(("——", "--", "－－", "—")) or (_DATELINE.search(t) and len(t) <= 90):
            hints[i] = "subtitle"
        elif _prose(p):
            break
    for i, p in enumerate(paras):
        if hints[i] is not None:
            continue
        t = strip_ws(p.text)
        if p.picture and not t:
            continue
        prev_picture = i > 0 and paras[i - 1].picture and not paras[i - 1].text.strip()
        if prev_picture and p.centred and 2 <= len(t) <= 60:
            hints[i] = "caption"
        elif p.table is not None and "\t" in p.text:
            hints[i] = "paragraph"  # a row of a table: never a heading
        elif p.numbered is not None and p.numbered not in _SECTION_FORMATS:
            hints[i] = "paragraph"  # an item of a list Word numbers 1) (1) a): never a heading
        elif (p.bold or (_heading_face(p.face, body_face) and len(t) <= 40) or p.numbered in _SECTION_FORMATS
              or levels[i] is not None):
            hints[i] = "strong"  # a heading if short: bold, in 黑体, numbered 一、 or given an outline level
    return hints, levels


def _signature(paras: list[Para]) -> int:
    """How many paragraphs at the end are a 公文's signature and date (right-aligned or
    indented far, short): ``XXXX人民政府`` / ``2025年1月15日``."""
    k = 0
    for p in reversed(paras[-3:]):
        t = p.text.strip(" \u3000\t")
        raw = p.text
        far = p.right or len(raw) - len(raw.lstrip(" \u3000\t")) >= 8
        if far and 2 <= len(t) <= 30 and not re.search("[。！？；，]", t):
            k += 1
        else:
            break
    return k


def read(data: bytes, path: str | None = None, options: ReadOptions | None = None) -> Article:
    """Read a .docx (bytes) into an article, before the transforms."""
    options = options or ReadOptions()
    doc = load(data, path)
    return read_document(doc, path, options)


def read_document(doc: Document, path: str | None, options: ReadOptions) -> Article:
    """The article of a loaded document (the legacy .doc reader ends here too)."""
    paras = [p for p in doc.paras if p.text.strip() or p.picture]
    own: dict[str, list[Para]] = {}
    kept: list[Para] = []
    diags: list[Diagnostic] = []
    furniture = [p for p in paras if p.box and not _prose(p)]
    for p in furniture:
        diags.append(Diagnostic(level="info", code="furniture-removed", line=p.no, file=path,
                                message=f"left out the text box «{strip_ws(p.text)[:60]}» (版头, 版记 or a decoration)"))
    paras = [p for p in paras if not (p.box and not _prose(p))]
    for p in paras:
        what = _OWN_STYLES.get(p.style.lower())
        if what is not None:
            own.setdefault(what, []).append(p)
        else:
            kept.append(p)
    labels = [k for k in range(len(kept) - 1) if _ATTACHMENT.match(strip_ws(kept[k].text))
              and len(strip_ws(kept[k + 1].text)) <= 40 and not _prose(kept[k + 1])]
    for k in reversed(labels):
        # GB/T 9704: the 附件 label stands alone over the appendix's title, which heads it.
        diags.append(Diagnostic(level="info", code="label-removed", line=kept[k].no, file=path,
                                message=f"left out the label «{strip_ws(kept[k].text)}» over the appendix's title"))
        del kept[k]
    article_date = None
    while kept and _IMPRINT.search(strip_ws(kept[-1].text)):
        p = kept.pop()  # 版记: XXXX人民政府办公厅 2020年2月19日印发 / 抄送：…
        diags.append(Diagnostic(level="info", code="furniture-removed", line=p.no, file=path,
                                message=f"left out the imprint line «{strip_ws(p.text)[:60]}» (版记)"))
    signature = _signature(kept) if len(kept) >= 3 else 0
    closing = kept[len(kept) - signature :] if signature else []
    kept = kept[: len(kept) - signature]
    hints, levels = _hints(kept)
    title = next((k for k, h in enumerate(hints) if h == "title"), None)
    if title is not None:
        # What stands above the title (a 发文字号, a cover's standard number) and the rest
        # of a cover are the document's furniture, not its text.
        drop = [k for k, p in enumerate(kept) if k != title and (k < title or p.cover)]
        for k in drop:
            p = kept[k]
            d = parse_date(p.text)
            if d is not None and article_date is None:
                article_date = d
            diags.append(Diagnostic(level="info", code="furniture-removed", line=p.no, file=path,
                                    message=f"left out «{strip_ws(p.text)[:60]}» (a cover or 版头 line)"))
        keep = [k for k in range(len(kept)) if k not in set(drop)]
        kept = [kept[k] for k in keep]
        hints = [hints[k] for k in keep]
        levels = [levels[k] for k in keep]
    sources = [
        SourceLine(text=p.text.replace("\n", " ").replace("\t", " ") if not p.cell else p.text.replace("\n", " "),
                   no=p.no, hint=h, level=lvl)
        for p, h, lvl in zip(kept, hints, levels) if p.text.strip()
    ]
    script = detect_script("\n".join(s.text for s in sources[:400]))
    article = read_lines(sources, path, options, script, document=True)
    fields: dict[str, Any] = {"script": script}
    if article.date is None and article_date is not None:
        fields["date"] = article_date
    for p in closing:
        d = parse_date(p.text)
        if d is not None and article.date is None:
            fields["date"] = d
        diags.append(Diagnostic(level="info", code="signature-read", line=p.no, file=path,
                                message=f"read «{strip_ws(p.text)}» as the document's signature, not as text"))
    for p in own.get("column", [])[:1]:
        fields["column"] = strip_ws(p.text)
    credits: list[Credit] = []
    for p in own.get("byline", []):
        c = read_credits(view(strip_ws(p.text)), default="author")
        credits.extend(Credit(name=n, role=r if r in ROLES else "author") for n, r in c.people)
    if credits:
        fields["authors"] = tuple(dict.fromkeys(credits + [c for c in article.authors if c not in credits]))
    for p in own.get("note", [])[:1]:
        t = strip_ws(p.text)
        fields["author_note"] = t[1:-1] if t[:1] in "（(" and t[-1:] in "）)" else t
    for p in own.get("source", [])[:1]:
        t = strip_ws(p.text)
        m = re.search(r"《([^》]+)》(.*?)[）)]?$", t)
        if m and article.source is None:
            issue = m.group(2).strip() or None
            d = parse_date(issue or "")
            if d is not None:
                if article.date is None:
                    fields["date"] = d
                issue = None
            fields["source"] = Source(name=m.group(1), issue=issue)
        elif (d := parse_date(t)) is not None and article.date is None:
            fields["date"] = d
    tables = sorted({p.table for p in kept if p.table is not None})
    if tables:
        rows = sum(1 for p in kept if p.table is not None and "\t" in p.text)
        diags.append(Diagnostic(level="warning", code="table-as-text", file=path, line=next(p.no for p in kept if p.table),
                                message=f"read {len(tables)} table(s) as text ({rows} row(s) of several cells as lines "
                                "with the cells separated by tabs); check their layout"))
    for note in doc.notes:
        diags.append(Diagnostic(level="warning", code="notes-dropped", file=path,
                                message=f"a footnote or comment was not kept: «{note[:120]}»"))
    return replace(article, **fields, diagnostics=tuple(diags) + article.diagnostics)
