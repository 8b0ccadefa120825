"""The DOCX body built from the book plan, as WordprocessingML text parsed once.

A book is cut into sections, one per element of the plan, so that openings, running
heads and numbering show in Word and LibreOffice alike: a recto opening is an odd-page
section start (a verso one an even-page start), a sequence of folios restarts with
``w:pgNumType`` (lower-case roman, decimal), an element with running heads has a
different first page (its opening page carries none), a part-title page prints no folio
on its first page.  Output that is not a book has no sections.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import Any, Literal

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from ...book.plan import (
    ArticleElement,
    Book,
    Contents,
    ContentsEntry,
    Cover,
    Element,
    HeadingAlign,
    Imprint,
    Opening,
    PartTitle,
    TextElement,
    TitlePage,
)
from ...errors import Diagnostic, OptionError
from ...model import Article, Block, Caption, Flag, Heading, Paragraph, suggestion_note
from .. import XML_INVALID
from .headerparts import HeaderParts
from .styles import (
    PRESET_PAGES,
    PRESET_STYLES,
    STYLE_NAMES,
    W_NS,
    Align,
    PageSpec,
    StyleSpec,
    _el,
    _footer_paragraph,
)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_RunRef = tuple[int, int]
"""(paragraph number, run number) in the body being built."""

HeadSlot = Literal["header", "even_header", "first_header", "footer", "even_footer", "first_footer"]
HEAD_SLOTS: tuple[HeadSlot, ...] = (
    "header", "even_header", "first_header", "footer", "even_footer", "first_footer")

_START_TYPES: dict[Opening, WD_SECTION] = {
    "next": WD_SECTION.NEW_PAGE, "recto": WD_SECTION.ODD_PAGE, "verso": WD_SECTION.EVEN_PAGE}

_NUMBER_FORMATS = {"roman": "lowerRoman", "arabic": "decimal"}

_NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _SectionSpec:
    """What the pages of one section (one element of the plan) carry."""

    key: str = ""
    """The key of the plan's element the section prints."""
    start: Opening = "next"
    """Where the section starts: the next page, an odd page or an even page."""
    odd: str | None = None
    """Running head of odd pages; ``None`` for none."""
    even: str | None = None
    """Running head of even pages."""
    numbered: bool = False
    """Page numbers in the footer (of every page but an unnumbered first one)."""
    title_page: bool = False
    """Different first page: no running head on it."""
    first_numbered: bool = True
    """With ``title_page``: the first page still shows its number."""
    number_format: str | None = None
    """``w:pgNumType/@w:fmt`` (``lowerRoman``, ``decimal``): every numbered section
    names its format, as Word gives each section its own."""
    restart: bool = False
    """Numbering starts at 1 on the section's first page."""

    @classmethod
    def of(cls, element: Element) -> _SectionSpec:
        folios, heads = element.folios, element.heads
        return cls(
            key=element.key,
            start=element.opening,
            odd=heads.recto if heads else None,
            even=heads.verso if heads else None,
            numbered=folios is not None,
            title_page=heads is not None or (folios is not None and not folios.on_opening),
            first_numbered=folios is not None and folios.on_opening,
            number_format=_NUMBER_FORMATS[folios.style] if folios is not None else None,
            restart=folios is not None and folios.restart,
        )

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


def _field_text(text: str) -> str:
    """``text`` as a quoted argument of a field instruction (``\\`` and ``"`` escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _field_xml(instr: str, placeholder: str) -> list[str]:
    """A complex field as WordprocessingML runs, e.g. ``PAGEREF _Toc00001 \\h``."""
    out = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
           f'<w:r><w:instrText xml:space="preserve"> {_xml_text(instr)} </w:instrText></w:r>',
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>']
    if placeholder:
        out.append(f"<w:r><w:t>{_xml_text(placeholder)}</w:t></w:r>")
    out.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return out


def _outline(element: Element) -> int | None:
    """The level of an element's title in the navigation pane: as in the plan's
    navigation (a part at the top, its articles under it); ``None`` for an element the
    navigation does not list."""
    return element.level if element.label is not None else None


def _tc_instruction(entry: ContentsEntry) -> str:
    """The TC field of a 目录 entry: its text as the 目录 prints it (with the byline),
    its level, ``\\n`` for an entry without a page number (a part)."""
    text = entry.label + ("\u3000" + entry.byline if entry.byline else "")
    return f"TC {_field_text(text)} \\f C \\l {entry.level}" + ("" if entry.numbered else " \\n")


def _heading_ppr(styles: Mapping[str, StyleSpec]) -> tuple[dict[HeadingAlign, str], ...]:
    """Per heading level, the paragraph properties that set a heading as the plan says
    (:attr:`~cppcc_publish.book.TextElement.heading_align`): nothing where the level's
    style already does, else the indent and alignment of the other way.  ``indent`` is
    the body's two-character indent (in the heading's own characters for Word and WPS,
    in twips for LibreOffice, which reads no ``*Chars`` from a style)."""
    body = styles["Body Text"]
    out: list[dict[HeadingAlign, str]] = []
    for name in ("Heading 1", "Heading 2"):
        spec = styles[name]
        own: HeadingAlign = "center" if spec.align == "center" else "indent"
        chars = round(200 * body.size / spec.size)
        ppr: dict[HeadingAlign, str] = {
            "center": '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>',
            "indent": (f'<w:ind w:firstLine="{round(2 * body.size * 20)}" '
                       f'w:firstLineChars="{chars}"/><w:jc w:val="both"/>'),
        }
        ppr[own] = ""
        out.append(ppr)
    return tuple(out)


class Builder:
    """Builds the body as WordprocessingML text, parsed once at the end.

    Building 30,000 elements one by one through python-docx costs more than the rest of
    the writer; text with every character escaped, parsed by python-docx's own parser
    (so the elements get its classes), is several times faster.  Runs that review
    comments anchor on are remembered by (paragraph, run) number.
    """

    def __init__(self, document: DocxDocument, options: Mapping[str, Any],
                 numbers: Mapping[str, str] | None = None) -> None:
        """``numbers``: the folio each element opens on, by key, in a layout of this
        same document (:mod:`.layout`); the 目录 shows them.  Without them the 目录's
        page numbers are left for Word to fill."""
        self.document = document
        self.numbers: Mapping[str, str] = numbers or {}
        self.review = bool(options["review"])
        self.author = str(options["comment_author"])
        self.moment: _dt.datetime = options["timestamp"]
        self.replaced = 0
        self.first_in_article = False
        self.section_start = False
        self.current_section: _SectionSpec | None = None
        self.section_ends: list[tuple[int, _SectionSpec]] = []
        self.marks: dict[str, str] = {}
        """Bookmark name on the first paragraph of each element that a 目录 entry points
        to or that has folios, by key: where a layout finds the element's opening page."""
        self.pending_mark: str | None = None
        self.entries: dict[str, str] = {}
        """The TC field instruction of each element a 目录 entry points to, by key: Word
        rebuilds the 目录 from these fields alone, so updating it lists the same entries
        at the same levels, with their bylines."""
        self.pending_entry: str | None = None
        self.unnumbered_contents = False
        """The 目录 has page numbers that only Word can fill."""
        self.bookmark_id = 0
        section = document.sections[-1]
        width = section.page_width or 0
        margins = (section.left_margin or 0) + (section.right_margin or 0)
        height = section.page_height or 0
        vertical = (section.top_margin or 0) + (section.bottom_margin or 0)
        self.text_width = max(1440, (width - margins) // 635)  # EMU -> twips
        self.text_height = max(1440, (height - vertical) // 635)
        # The 版本记录 starts about halfway down the type area.
        self.imprint_drop = self.text_height // 2
        self.frags: list[str] = []
        self.comments: list[tuple[list[_RunRef], str]] = []
        # Style ids differ between Word languages (a Chinese Word's "heading 1" has the
        # id "1"), so they are looked up by name in the document actually used.
        self.ids = {name: _xml_text(document.styles[name].style_id) for name in STYLE_NAMES}
        self.header_id = self.ids["Header"]
        preset: str | None = options["preset"]
        self.page: PageSpec | None = PRESET_PAGES[preset] if preset is not None else None
        # (a reference document's own styles are compared with the book preset's, whose
        # values the writer gives the styles such a document lacks)
        self.heading_ppr = _heading_ppr(PRESET_STYLES[preset or "book"])
        self.notes: list[Diagnostic] = []
        """Warnings found while building (a photo below 300 dpi)."""

    # -- low level

    def clean(self, text: str) -> str:
        if XML_INVALID.search(text):
            self.replaced += len(XML_INVALID.findall(text))
            return XML_INVALID.sub("\ufffd", text)
        return text

    def paragraph(self, style: str | None, runs: Sequence[str], extra_ppr: str = "",
                  bookmark: str | None = None, outline: int | None = None) -> int:
        """Add a paragraph; returns its number.  ``extra_ppr`` is paragraph properties
        that follow ``w:pageBreakBefore`` in schema order (``w:pBdr``, ``w:tabs``,
        ``w:spacing``, ``w:ind``, ``w:jc``); ``bookmark`` names a bookmark around the
        whole paragraph (the bookmark an element's 目录 entry points to goes on its
        first paragraph, with the entry's TC field); ``outline`` is the paragraph's level
        in the navigation pane and the PDF outline (0 at the top)."""
        entry = None
        if bookmark is None and self.pending_mark is not None:
            bookmark, self.pending_mark = self.pending_mark, None
            entry, self.pending_entry = self.pending_entry, None
        if outline is not None:
            extra_ppr += f'<w:outlineLvl w:val="{min(outline, 8)}"/>'
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
        if entry is not None:
            content = "".join(_field_xml(XML_INVALID.sub("\ufffd", entry), "")) + content
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
               bookmark: str | None = None, outline: int | None = None) -> int:
        return self.paragraph(style, [self.run(text)], extra_ppr, bookmark, outline)

    # -- sections (books only)

    def start_section(self, spec: _SectionSpec) -> None:
        """End the current section (if it has content) and open one described by
        ``spec``; its first paragraph starts a new page."""
        if self.current_section is not None and self.frags:
            self.section_ends.append((len(self.frags) - 1, self.current_section))
        self.current_section = spec
        self.section_start = bool(self.frags)
        self.first_in_article = False

    # -- the plan

    def book(self, book: Book) -> None:
        """Every element of the plan in order; a book's elements each in a section."""
        contents = book.contents
        listed = {x.target: x for x in contents.entries} if contents is not None else {}
        if book.is_book:
            for element in book.elements:
                if element.key in listed or element.folios is not None:
                    self.marks[element.key] = f"_Toc{len(self.marks) + 1:05d}"
        for key, entry in listed.items():
            self.entries[key] = _tc_instruction(entry)
        for element in book.elements:
            if book.is_book:
                self.start_section(_SectionSpec.of(element))
            self.pending_mark = self.marks.get(element.key)
            self.pending_entry = self.entries.get(element.key)
            self.element(element)

    def element(self, element: Element) -> None:
        if isinstance(element, Cover):
            self.cover(element)
        elif isinstance(element, TitlePage):
            self.title_page(element)
        elif isinstance(element, Imprint):
            self.imprint(element)
        elif isinstance(element, Contents):
            self.contents(element)
        elif isinstance(element, PartTitle):
            self.first_in_article = False
            self.simple(self.ids["Part Title"], element.title, outline=_outline(element))
        elif isinstance(element, TextElement):
            self.text(element)
        else:
            raise TypeError(f"the DOCX writer cannot print a {type(element).__name__}")

    def text(self, element: TextElement) -> None:
        """An article or a piece of front or back matter: its pieces in the plan's order."""
        ids = self.ids
        self.first_in_article = True
        article = element.article if isinstance(element, ArticleElement) else None
        anchors: dict[int, int] = {}
        flag_runs: list[tuple[Flag, _RunRef, int]] = []
        title_p = None
        styles = {"kicker": "Kicker", "title": "Title", "subtitle": "Subtitle",
                  "byline": "Author Line", "author-note": "Author Note", "source": "Source Note"}
        for piece in element.pieces:
            if piece.kind == "body":
                self.body(element, anchors, flag_runs)
                continue
            # The title carries the element's entry in the navigation pane.
            outline = _outline(element) if piece.kind == "title" else None
            pn = self.simple(ids[styles[piece.kind]], piece.text, outline=outline)
            if piece.kind == "title":
                title_p = pn
        if self.first_in_article:
            self.paragraph(None, [])  # an element that prints nothing still opens its page
        if self.review and article is not None:
            self.comment_article(article, title_p, anchors, flag_runs)

    def body(self, element: TextElement, anchors: dict[int, int],
             flag_runs: list[tuple[Flag, _RunRef, int]]) -> None:
        """The blocks in order; a run-in heading is the bold lead sentence of the
        paragraph after it; a heading is set as the plan's ``heading_align`` says for its
        level, and one the plan lists as a section has its level in the navigation pane,
        under its element's (a run-in heading has none: the navigation would show its
        whole paragraph); a caption of the element with a photo after it
        (:mod:`.photos`)."""
        from .photos import photo_paragraph

        ids = self.ids
        body = element.body
        levels = {s.block: s.level for s in element.sections}
        base = _outline(element)
        photos = {p.block: p for p in element.photos}
        article = element.article if isinstance(element, ArticleElement) else None
        para_no = 0
        i = 0
        while i < len(body):
            block = body[i]
            runs: list[str] = []
            pn = len(self.frags)
            if isinstance(block, Heading) and block.run_in:
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
            if i in photos:
                photo_paragraph(self, photos[i], article)
                pn = len(self.frags)
            pairs = self.text_runs(runs, block.text, block.flags)
            flag_runs.extend((f, (pn, r), para_no) for f, r in pairs)
            extra = ""
            outline = None
            if isinstance(block, Heading):
                level = 0 if block.level <= 1 else 1
                extra = self.heading_ppr[level][element.heading_align[level]]
                if i in levels:
                    outline = (base or 0) + levels[i]
            self.paragraph(self.block_style(block), runs, extra, outline=outline)
            i += 1

    def block_style(self, block: Block) -> str:
        if isinstance(block, Heading):
            return self.ids["Heading 1"] if block.level <= 1 else self.ids["Heading 2"]
        if isinstance(block, Caption):
            return self.ids["Caption"]
        return self.ids["Body Text"]

    def cover(self, element: Cover) -> None:
        """封面: the editor's image scaled to the type area, else the title set large,
        the subtitle, the lower lines; the notice lines at the foot."""
        ids = self.ids
        notice_room = 0
        if element.image:
            notice_room = 600 * len(element.notice)
            self.paragraph(ids["Cover Line"], [self.picture(element.image, notice_room)],
                           '<w:spacing w:before="0" w:after="0"/>')
        else:
            self.simple(ids["Cover Title"], element.title)
            if element.subtitle:
                self.simple(ids["Cover Line"], element.subtitle)
            for k, line in enumerate(element.lines):
                extra = f'<w:spacing w:before="{self.text_height * 3 // 10}"/>' if k == 0 else ""
                self.simple(ids["Cover Line"], line, extra)
        for k, line in enumerate(element.notice):
            drop = self.text_height // 7 if not element.image else 120
            extra = f'<w:spacing w:before="{drop}"/>' if k == 0 else ""
            self.simple(ids["Cover Notice"], line, extra)

    def picture(self, path: str, reserve: int) -> str:
        """A run holding the image at ``path``, scaled to fit the type area less
        ``reserve`` twips of height, as inline DrawingML."""
        from lxml import etree  # type: ignore[import-untyped]

        part = self.document.part
        try:
            _rid, image = part.get_or_add_image(path)
        except Exception as exc:  # python-docx raises its own errors and OSError
            raise OptionError(f"the book's cover {path} cannot be read as an image "
                              f"(.jpg or .png): {exc}") from exc
        room_w = self.text_width * 635  # EMU
        room_h = max(1440, self.text_height - reserve - 400) * 635
        scale = min(room_w / image.width, room_h / image.height)
        inline = part.new_pic_inline(path, int(image.width * scale), int(image.height * scale))
        xml = etree.tostring(inline, encoding="unicode")
        return f"<w:r><w:drawing>{xml}</w:drawing></w:r>"

    def title_page(self, element: TitlePage) -> None:
        """扉页: 正书名, then 副书名 and the other lines."""
        ids = self.ids
        self.simple(ids["Title Page"], element.title)
        for line in (element.subtitle, *element.lines):
            if line:
                self.simple(ids["Title Page Line"], line)

    def imprint(self, element: Imprint) -> None:
        """版本记录: in the lower part of its page under a thin rule, about halfway down
        the type area, higher when its lines need the room (it keeps to its page: a
        ``gbt9704`` line takes a 28.95 pt grid line)."""
        page = self.page
        if page is not None and page.grid_type == "lines":
            line = page.line_pitch
        else:  # 五号 at 1.25 lines, the faces' line height about 1.45 em
            line = round(10.5 * 20 * 1.25 * 1.45)
        room = self.text_height - (len(element.lines) + 1) * line
        drop = max(0, min(self.imprint_drop, room))
        for k, line_text in enumerate(element.lines):
            extra = ""
            if k == 0:
                extra = ('<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="000000"/>'
                         f'</w:pBdr><w:spacing w:before="{drop}"/>')
            self.simple(self.ids["Imprint"], line_text, extra)

    def contents(self, element: Contents) -> None:
        """目录: a TOC field whose result lists the plan's entries (parts, front and back
        matter as ``toc 1``, articles as ``toc 2``, indented under a part, with their
        printed authors), each a hyperlink to the bookmark on its target's first
        paragraph, a numbered one with a PAGEREF field to it after a dot leader.  The
        field's result shows the folios of a layout when there is one (:mod:`.layout`);
        otherwise Word fills them on opening.  The field builds the 目录 from the TC
        fields on the targets (``\\f``), so that Word, updating it, lists the same entries
        at the same levels."""
        ids = self.ids
        self.first_in_article = True
        self.simple(ids["TOC Heading"], element.title, outline=_outline(element))
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> TOC \\f \\h \\z </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        entries = element.entries
        if not entries:
            self.paragraph(None, [begin + end])
            return
        tabs = (f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{self.text_width}"/>'
                "</w:tabs>")
        for k, entry in enumerate(entries):
            runs = [self.run(entry.label)]
            if entry.byline:
                runs.append(self.run("\u3000" + entry.byline, self.ids["TOC Author"]))
            mark = self.marks.get(entry.target)
            if entry.numbered and mark is not None:
                number = self.numbers.get(entry.target, "")
                if not number:
                    self.unnumbered_contents = True
                runs.append("<w:r><w:tab/></w:r>")
                runs.extend(_field_xml(f"PAGEREF {mark} \\h", number))
            if mark is not None:
                runs = [f'<w:hyperlink w:anchor="{mark}" w:history="1">', *runs, "</w:hyperlink>"]
            if k == 0:
                runs.insert(0, begin)
            if k == len(entries) - 1:
                runs.append(end)
            article = entry.kind == "article"
            extra = tabs
            if article and entry.level <= 1:
                extra += '<w:ind w:left="0" w:leftChars="0"/>'  # no part above it
            self.paragraph(ids["toc 2"] if article else ids["toc 1"], runs, extra)
        # The section break goes into a paragraph of its own after the field: in the
        # paragraph that ends the TOC field, LibreOffice 7.4 imports the section's
        # footers as part of the field and loses their PAGE fields (measured).
        self.paragraph(None, [])

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
            if note := suggestion_note(f):  # one wording with the diagnostics
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
        if self.unnumbered_contents:
            _ask_to_update_fields(document)
        specs = [spec for _, spec in self.section_ends] + [self.current_section]
        inherited: dict[HeadSlot, tuple[str, str] | None] = dict.fromkeys(HEAD_SLOTS)
        self.header_parts = HeaderParts(document.part)
        for section, spec in zip(document.sections, specs):
            section.start_type = _START_TYPES[spec.start]
            section.different_first_page_header_footer = spec.title_page
            if spec.number_format:
                sect = section._sectPr
                num = _el("w:pgNumType", fmt=spec.number_format)
                if spec.restart:
                    num.set(qn("w:start"), "1")
                mar = sect.find(qn("w:pgMar"))
                if mar is not None:
                    mar.addnext(num)
                else:
                    sect.append(num)
            for slot, content in spec.slots().items():
                if slot == "first_footer" and content is not None:
                    content = ("page", spec.start)  # (the side it prints on, above)
                if content == inherited[slot] or (slot.startswith("first") and not spec.title_page):
                    continue
                inherited[slot] = content
                self.fill(section, slot, content)

    def fill(self, section: Any, slot: HeadSlot, content: tuple[str, str] | None) -> None:
        attr = {"header": "header", "even_header": "even_page_header",
                "first_header": "first_page_header", "footer": "footer",
                "even_footer": "even_page_footer", "first_footer": "first_page_footer"}[slot]
        part = getattr(section, attr)
        self.header_parts.unlink(part)  # part.is_linked_to_previous = False, in linear time
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
                # GB/T 9704 §7.5: 单页码居右空一字，双页码居左空一字.  An opening page's
                # own footer (a preset with running heads, or a plan made elsewhere)
                # is on the side the section opens on; the plan gives ``gbt9704`` no
                # running heads, so its opening pages take the odd and even footers.
                even = slot == "even_footer" or (slot == "first_footer" and content[1] == "verso")
                side: Align = "left" if even else "right"
                el.append(_footer_paragraph(footer_id, side, True, side))
            else:
                el.append(_footer_paragraph(footer_id, "center", False, None))

    def finish(self) -> None:
        """Parse the built body into the document, then anchor the comments."""
        body = self.document.element.body
        sect = body.find(qn("w:sectPr"))
        if sect is not None:
            body.remove(sect)
        xml = f'<w:body {_NAMESPACES}>{"".join(self.frags)}</w:body>'
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
                # (the runs of a TC field the paragraph starts with are not the text's)
                p_runs = [r for r in paragraphs[pn].findall(qn("w:r"))
                          if r.find(qn("w:fldChar")) is None and r.find(qn("w:instrText")) is None]
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

