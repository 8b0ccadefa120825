"""EPUB 3 writer (ebooklib): one XHTML document per article, zh-CN throughout.

ebooklib assembles the package (OPF manifest, spine, metadata, container); the content
documents, the navigation document (titled 目录) and the NCX are written here, as
strings with every text escaped, because ebooklib re-parses chapters with an HTML
parser and names the nav after the book.  ebooklib stamps a random identifier, the
current time and current zip dates; the identifier here is derived from the content,
``dcterms:modified`` and the zip dates come from the ``timestamp`` option, so the same
input with a fixed timestamp gives the same bytes.

Spine, in print order: cover, title page (with the 版本记录 of an internal print), front
matter (编辑说明), 目录, then per part an optional part-title page and one document per
article, then back matter (编后记).  The nav and the NCX nest each part's articles (and an
article's sections) under the part.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

from ebooklib import epub

from ..errors import Diagnostic, OptionError
from ..model import Article, Block, Caption, Compilation, Heading, Matter, Paragraph
from . import XML_INVALID, FixedZip, Option
from .wording import (
    author_note_line,
    credit_line,
    imprint_lines,
    source_line,
    subtitle_line,
)

NAME = "epub"
SUFFIX = ".epub"

OPTIONS: dict[str, Option] = {
    "cover": Option(
        default=None,
        types=(Path, type(None)),
        help="cover image (.jpg, .png, .gif, .webp or .svg); default: one generated from "
        "the title",
    ),
    "identifier": Option(
        default=None,
        types=(str, type(None)),
        help="dc:identifier (e.g. urn:isbn:…); default: a UUID derived from the content",
    ),
    "css": Option(
        default=None,
        types=(Path, type(None)),
        help="a style sheet used instead of the shipped templates/epub.css",
    ),
    "embed_font": Option(
        default=False,
        types=(bool,),
        help="embed the bundled serif (Polity Serif, OFL) subset to the book's characters, "
        "as WOFF, for readers without a Chinese serif (most Android readers); off by "
        "default so that the reader's own fonts and settings apply",
    ),
}

LANG = "zh-CN"
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}

_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
    f'lang="{LANG}" xml:lang="{LANG}">\n<head>\n<meta charset="utf-8"/>\n'
    "<title>{title}</title>\n"
    '<link rel="stylesheet" type="text/css" href="{css}"/>\n</head>\n'
)


class _Text:
    """Escapes text for XML and replaces characters XML cannot hold, counting them."""

    def __init__(self) -> None:
        self.replaced = 0

    def __call__(self, text: str) -> str:
        if XML_INVALID.search(text):
            self.replaced += len(XML_INVALID.findall(text))
            text = XML_INVALID.sub("\ufffd", text)
        return escape(text, quote=True)


class _Doc(epub.EpubHtml):  # type: ignore[misc]
    """A content document whose bytes are written as given (no HTML re-parsing)."""

    def __init__(self, uid: str, file_name: str, title: str, data: bytes,
                 properties: Sequence[str] = ()) -> None:
        super().__init__(uid=uid, file_name=file_name, title=title, lang=LANG)
        self.data = data
        self.properties = list(properties)

    def get_content(self, default: Any = None) -> bytes:
        return self.data


@dataclass(slots=True)
class _Entry:
    """One line of the table of contents."""

    label: str
    href: str
    children: list[_Entry] = field(default_factory=list)


def _page(esc: _Text, title: str, body: str, css: str = "../style/book.css",
          body_attrs: str = "") -> bytes:
    head = _HEAD.format(title=esc(title), css=css)
    return f"{head}<body{body_attrs}>\n{body}</body>\n</html>\n".encode()


# The first sentence of a paragraph, without its stop: 只有一段，没有标题。 -> 只有一段，没有标题
_SENTENCE = re.compile(r"([^。！？；]+)[。！？；]")


def article_label(article: Article, number: int) -> str:
    """The table-of-contents label: the title, else the first sentence of the text when
    it is short, else its first 16 characters and ``……``."""
    if article.title:
        return article.title
    for b in article.body:
        if isinstance(b, Paragraph) and b.text:
            sentence = _SENTENCE.match(b.text)
            if sentence and len(sentence[1]) <= 24:
                return sentence[1]
            return b.text[:16] + ("……" if len(b.text) > 16 else "")
    return f"第{number}篇"


def _block_html(esc: _Text, block: Block, anchor: str | None) -> str:
    text = esc(block.text)
    if isinstance(block, Heading):
        tag = "h2" if block.level <= 1 else "h3"
        ident = f' id="{anchor}"' if anchor else ""
        return f"<{tag}{ident}>{text}</{tag}>\n"
    if isinstance(block, Caption):
        return f'<p class="caption">{text}</p>\n'
    return f"<p>{text}</p>\n"


def article_html(esc: _Text, article: Article, number: int) -> tuple[bytes, list[tuple[str, str]]]:
    """The XHTML of one article, and its (anchor, heading) pairs for the contents."""
    out: list[str] = ['<section epub:type="chapter" role="doc-chapter">\n']
    if article.column:
        out.append(f'<p class="kicker">{esc(article.column)}</p>\n')
    if article.title:
        out.append(f"<h1>{esc(article.title)}</h1>\n")
    if article.subtitle:
        out.append(f'<p class="subtitle">{esc(subtitle_line(article.subtitle))}</p>\n')
    if article.printed_credits:
        out.append(f'<p class="byline">{esc(credit_line(article.printed_credits))}</p>\n')
    headings: list[tuple[str, str]] = []
    body = article.body
    i = 0
    while i < len(body):
        block = body[i]
        if isinstance(block, Heading) and block.run_in:
            # The bold lead sentence of the paragraph that follows it.
            lead = f'<strong class="run-in">{esc(block.text)}</strong>'
            nxt = body[i + 1] if i + 1 < len(body) else None
            if isinstance(nxt, Paragraph):
                out.append(f"<p>{lead}{esc(nxt.text)}</p>\n")
                i += 2
            else:
                out.append(f"<p>{lead}</p>\n")
                i += 1
            continue
        anchor = None
        if isinstance(block, Heading) and block.level <= 1:
            anchor = f"sec{len(headings) + 1}"
            headings.append((anchor, block.text))
        out.append(_block_html(esc, block, anchor))
        i += 1
    if article.author_note:
        out.append(f'<p class="author-note">{esc(author_note_line(article.author_note))}</p>\n')
    src = source_line(article)
    if src:
        out.append(f'<p class="source">{esc(src)}</p>\n')
    out.append("</section>\n")
    return _page(esc, article_label(article, number), "".join(out)), headings


def _matter_html(esc: _Text, matter: Matter, kind: str) -> bytes:
    out = [f'<section epub:type="{kind}">\n<h1>{esc(matter.title)}</h1>\n']
    out.extend(_block_html(esc, b, None) for b in matter.body)
    out.append("</section>\n")
    return _page(esc, matter.title, "".join(out))


def _title_page(esc: _Text, compilation: Compilation) -> bytes:
    m = compilation.meta
    out = [f'<section epub:type="titlepage" class="titlepage">\n<h1 class="book-title">{esc(m.title)}</h1>\n']
    if m.subtitle:  # a book's 副书名 takes no dash, unlike an article's subtitle
        out.append(f'<p class="subtitle">{esc(m.subtitle)}</p>\n')
    if m.compiler:
        out.append(f'<p class="compiler">{esc(m.compiler)}</p>\n')
    if m.publisher:
        out.append(f'<p class="compiler">{esc(m.publisher)}</p>\n')
    if m.year:
        out.append(f'<p class="compiler">{m.year}年</p>\n')
    out.append("</section>\n")
    imprint = imprint_lines(m)
    if imprint:
        # The 版本记录 of an internal print (notice, 准印证号, 编印单位, 印刷单位, 印刷日期,
        # 印数), which a printed book carries on the back of its title leaf.
        out.append('<section epub:type="copyright-page" class="imprint">\n')
        out.extend(f"<p>{esc(line)}</p>\n" for line in imprint)
        out.append("</section>\n")
    return _page(esc, m.title, "".join(out))


def _title_lines(title: str, width: int = 10) -> list[str]:
    """Split a title for the cover: at its spaces first (titles use a space as a
    separator: 凝聚智慧力量 共谱时代华章), then into lines of at most ``width``."""
    lines: list[str] = []
    for piece in title.replace("\u3000", " ").split():
        n = max(1, -(-len(piece) // width))
        size = -(-len(piece) // n)
        lines.extend(piece[k:k + size] for k in range(0, len(piece), size))
    return lines or [title]


def cover_svg(esc: _Text, compilation: Compilation) -> bytes:
    """A 1600 × 2560 cover (KDP's ideal 1:1.6) with the title, as SVG text: no raster
    library needed, and the reader's own Chinese fonts draw it."""
    m = compilation.meta
    lines = _title_lines(m.title)
    longest = max(len(x) for x in lines)
    size = min(150, 1280 // max(longest, 1))
    top = 760 - (len(lines) - 1) * size * 0.6
    fonts = ("'Songti SC', 'STSong', 'Noto Serif CJK SC', 'Source Han Serif SC', "
             "'SimSun', serif")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1600" height="2560" '
        'viewBox="0 0 1600 2560">\n',
        f"<title>{esc(m.title)}</title>\n",
        '<rect x="0" y="0" width="1600" height="2560" fill="#9e1b1b"/>\n',
        '<rect x="80" y="80" width="1440" height="2400" fill="none" stroke="#e8c77a" '
        'stroke-width="6"/>\n',
    ]
    for k, line in enumerate(lines):
        y = round(top + k * size * 1.3)
        out.append(
            f'<text x="800" y="{y}" text-anchor="middle" font-family="{fonts}" '
            f'font-size="{size}" font-weight="bold" fill="#fdf3d7">{esc(line)}</text>\n'
        )
    y = round(top + len(lines) * size * 1.3 + 80)
    if m.subtitle:
        out.append(
            f'<text x="800" y="{y}" text-anchor="middle" font-family="{fonts}" '
            f'font-size="64" fill="#fdf3d7">{esc(m.subtitle)}</text>\n'
        )
    bottom = [s for s in (m.compiler, f"{m.year}年" if m.year else None) if s]
    for k, s in enumerate(bottom):
        out.append(
            f'<text x="800" y="{2160 + k * 100}" text-anchor="middle" font-family="{fonts}" '
            f'font-size="64" fill="#fdf3d7">{esc(s)}</text>\n'
        )
    out.append("</svg>\n")
    return "".join(out).encode()


def _nav_html(esc: _Text, entries: Sequence[_Entry], landmarks: Sequence[tuple[str, str, str]]) -> bytes:
    def ol(items: Sequence[_Entry], indent: str) -> str:
        parts = [f"{indent}<ol>\n"]
        for e in items:
            parts.append(f'{indent}<li><a href="{esc(e.href)}">{esc(e.label)}</a>')
            if e.children:
                parts.append("\n" + ol(e.children, indent + "  ") + indent)
            parts.append("</li>\n")
        parts.append(f"{indent}</ol>\n")
        return "".join(parts)

    body = ['<nav epub:type="toc" id="toc" role="doc-toc">\n<h1 class="toc-title">目录</h1>\n',
            ol(entries, ""), "</nav>\n"]
    if landmarks:
        body.append('<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>导览</h2>\n<ol>\n')
        for kind, href, label in landmarks:
            body.append(f'<li><a epub:type="{kind}" href="{esc(href)}">{esc(label)}</a></li>\n')
        body.append("</ol>\n</nav>\n")
    return _page(esc, "目录", "".join(body), css="style/book.css")


def _ncx(esc: _Text, uid: str, title: str, entries: Sequence[_Entry]) -> bytes:
    counter = [0]

    def points(items: Sequence[_Entry], indent: str) -> str:
        parts = []
        for e in items:
            counter[0] += 1
            parts.append(
                f'{indent}<navPoint id="np{counter[0]}">\n'
                f"{indent}  <navLabel><text>{esc(e.label)}</text></navLabel>\n"
                f'{indent}  <content src="{esc(e.href)}"/>\n'
            )
            parts.append(points(e.children, indent + "  "))
            parts.append(f"{indent}</navPoint>\n")
        return "".join(parts)

    def depth(items: Sequence[_Entry]) -> int:
        return 1 + max((depth(e.children) for e in items), default=0) if items else 0

    nav_map = points(entries, "    ")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="{LANG}">\n'
        "  <head>\n"
        f'    <meta name="dtb:uid" content="{esc(uid)}"/>\n'
        f'    <meta name="dtb:depth" content="{depth(entries)}"/>\n'
        '    <meta name="dtb:totalPageCount" content="0"/>\n'
        '    <meta name="dtb:maxPageNumber" content="0"/>\n'
        "  </head>\n"
        f"  <docTitle><text>{esc(title)}</text></docTitle>\n"
        f"  <navMap>\n{nav_map}  </navMap>\n"
        "</ncx>\n"
    ).encode()


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer with our nav and NCX bytes."""

    def __init__(self, name: Any, book: Any, options: Mapping[str, Any], nav: bytes,
                 ncx: bytes) -> None:
        super().__init__(name, book, dict(options))
        self._moment = options["mtime"]
        self._nav = nav
        self._ncx_bytes = ncx

    def write(self) -> None:
        """ebooklib's ``write`` through a :class:`FixedZip` (fixed dates, one pass)."""
        self.out = FixedZip(self.file_name, self._moment)
        self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()

    def _get_nav(self, item: Any) -> bytes:
        return self._nav

    def _get_ncx(self) -> bytes:
        return self._ncx_bytes


def _identifier(compilation: Compilation) -> str:
    """``urn:uuid:`` + a UUID derived from the book's text: stable across runs, new when
    the content changes."""
    h = hashlib.sha256()
    h.update(compilation.meta.title.encode("utf-8", "surrogatepass"))
    for a in compilation.articles:
        for s in (a.title or "", a.subtitle or "", *(b.text for b in a.body)):
            h.update(b"\x00" + s.encode("utf-8", "surrogatepass"))
    return f"urn:uuid:{uuid.UUID(bytes=h.digest()[:16], version=5)}"


EMBEDDED_FONT_CSS = b"""
/* Embedded: the bundled serif subset to this book's characters (SIL OFL 1.1). */
@font-face {
  font-family: "Polity Serif";
  src: url(../fonts/PolitySerif.woff) format("woff");
}
body {
  font-family: "Polity Serif", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC",
    "SimSun", "DK-SONGTI", serif;
}
"""


def _embedded_font(compilation: Compilation) -> bytes:
    """The body face subset to every character the book prints."""
    from ..typography.fonts import subset_bytes

    chars: set[str] = set("目录封面扉页正文第篇年原载作者系（）《》——…　")
    m = compilation.meta
    for s in (m.title, m.subtitle, m.compiler, m.publisher, m.notice, m.permit):
        chars.update(s or "")
    for matter in (*compilation.front, *compilation.back):
        chars.update(matter.title)
        for b in matter.body:
            chars.update(b.text)
    for part in compilation.parts:
        chars.update(part.title or "")
    for a in compilation.articles:
        for s in (a.title, a.subtitle, a.column, a.author_note, source_line(a)):
            chars.update(s or "")
        chars.update(credit_line(a.printed_credits))
        for b in a.body:
            chars.update(b.text)
    chars.update(str(d) for d in range(10))
    return subset_bytes("body", sorted(chars), flavor="woff")


def _width(n: int) -> int:
    return max(3, len(str(n)))


def write(compilation: Compilation, dest: Path, options: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
    """Write ``compilation`` as one EPUB 3 at ``dest``."""
    esc = _Text()
    diagnostics: list[Diagnostic] = []
    moment = options["timestamp"]
    meta = compilation.meta

    css_path: Path | None = options["css"]
    if css_path is not None:
        if not css_path.is_file():
            raise OptionError(f"option 'css': {css_path} is not a file")
        css = css_path.read_bytes()
    else:
        css = files("cppcc_publish.templates").joinpath("epub.css").read_bytes()

    book = epub.EpubBook()
    uid = options["identifier"] or _identifier(compilation)
    book.set_identifier(uid)
    book.set_title(XML_INVALID.sub("\ufffd", meta.title))
    book.set_language(LANG)
    creators: list[str] = []
    if meta.compiler:
        creators.append(meta.compiler)
    else:
        for a in compilation.articles:
            for c in a.printed_credits:
                if c.name not in creators:
                    creators.append(c.name)
    for k, name in enumerate(creators, start=1):
        book.add_author(XML_INVALID.sub("\ufffd", name), uid=f"creator{k}")
    if meta.publisher:
        book.add_metadata("DC", "publisher", XML_INVALID.sub("\ufffd", meta.publisher))

    if options["embed_font"]:
        font = _embedded_font(compilation)
        book.add_item(epub.EpubItem(uid="font-serif", file_name="fonts/PolitySerif.woff",
                                    media_type="font/woff", content=font))
        css += EMBEDDED_FONT_CSS
    style = epub.EpubItem(uid="css", file_name="style/book.css", media_type="text/css",
                          content=css)
    book.add_item(style)

    # Cover: the option's image, else the book's (manifest ``book.cover``), else an SVG
    # drawn from the title.
    cover_path: Path | None = options["cover"]
    where = "option 'cover'"
    if cover_path is None and meta.cover:
        cover_path = Path(meta.cover)
        where = "the book's cover"
    if cover_path is not None:
        media = MEDIA_TYPES.get(cover_path.suffix.lower())
        if media is None:
            raise OptionError(
                f"{where}: {cover_path.name} is not one of {', '.join(sorted(MEDIA_TYPES))}"
            )
        if not cover_path.is_file():
            raise OptionError(f"{where}: {cover_path} is not a file")
        cover_bytes = cover_path.read_bytes()
        cover_name = f"images/cover{cover_path.suffix.lower()}"
    else:
        media = "image/svg+xml"
        cover_bytes = cover_svg(esc, compilation)
        cover_name = "images/cover.svg"
    cover = epub.EpubCover(uid="cover-image", file_name=cover_name)
    cover.media_type = media
    cover.content = cover_bytes
    book.add_item(cover)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    cover_doc = _Doc(
        "cover", "text/cover.xhtml", "封面",
        _page(esc, meta.title,
              '<section epub:type="cover" class="cover"><div>'
              f'<img src="../{cover_name}" alt="{esc("封面：" + meta.title)}"/></div></section>\n',
              body_attrs=' class="cover"'),
    )
    title_doc = _Doc("titlepage", "text/titlepage.xhtml", meta.title, _title_page(esc, compilation))
    nav_item = epub.EpubNav(uid="nav", file_name="nav.xhtml", title="目录")
    ncx_item = epub.EpubNcx()
    for item in (cover_doc, title_doc, nav_item, ncx_item):
        book.add_item(item)

    # Print order (typesetting notes §5): front matter (编辑说明) before the 目录.
    spine: list[Any] = [cover_doc, title_doc]
    entries: list[_Entry] = []
    first_body: str | None = None

    for k, matter in enumerate(compilation.front, start=1):
        doc = _Doc(f"front{k}", f"text/front{k}.xhtml", matter.title,
                   _matter_html(esc, matter, "frontmatter"))
        book.add_item(doc)
        spine.append(doc)
        entries.append(_Entry(label=matter.title, href=doc.file_name))
    spine.append(nav_item)

    total = len(compilation.articles)
    w = _width(total)
    number = 0
    for pk, part in enumerate(compilation.parts, start=1):
        target = entries
        if part.title:
            doc = _Doc(f"part{pk}", f"text/part{pk:0{w}d}.xhtml", part.title,
                       _page(esc, part.title,
                             f'<section epub:type="part" role="doc-part">'
                             f'<h1 class="part">{esc(part.title)}</h1></section>\n'))
            book.add_item(doc)
            spine.append(doc)
            entry = _Entry(label=part.title, href=doc.file_name)
            entries.append(entry)
            target = entry.children
            first_body = first_body or doc.file_name
        for article in part.articles:
            number += 1
            data, headings = article_html(esc, article, number)
            label = article_label(article, number)
            name = f"text/a{number:0{w}d}.xhtml"
            doc = _Doc(f"a{number:0{w}d}", name, label, data)
            book.add_item(doc)
            spine.append(doc)
            first_body = first_body or name
            target.append(_Entry(label=label, href=name,
                                 children=[_Entry(label=t, href=f"{name}#{a}") for a, t in headings]))

    for k, matter in enumerate(compilation.back, start=1):
        doc = _Doc(f"back{k}", f"text/back{k}.xhtml", matter.title,
                   _matter_html(esc, matter, "backmatter"))
        book.add_item(doc)
        spine.append(doc)
        entries.append(_Entry(label=matter.title, href=doc.file_name))

    if not entries:
        # An empty <ol> in the nav is an EPUBCheck error (RSC-005): list the title page.
        entries.append(_Entry(label=meta.title, href=title_doc.file_name))
    book.spine = spine

    landmarks = [("cover", cover_doc.file_name, "封面"), ("titlepage", title_doc.file_name, "扉页"),
                 ("toc", "nav.xhtml#toc", "目录")]
    if first_body:
        landmarks.append(("bodymatter", first_body, "正文"))
    nav = _nav_html(esc, entries, landmarks)
    ncx = _ncx(esc, uid, meta.title, entries)

    writer = _Writer(str(dest), book, {"mtime": moment, "epub2_guide": False, "epub3_landmark": False,
                                       "epub3_pages": False, "raise_exceptions": True}, nav, ncx)
    writer.process()
    writer.write()
    if esc.replaced:
        diagnostics.append(Diagnostic(
            level="warning", code="invalid-xml-character",
            message=f"replaced {esc.replaced} character(s) that XML cannot hold with U+FFFD",
        ))
    return tuple(diagnostics)

