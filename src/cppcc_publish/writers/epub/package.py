"""The EPUB package around the content documents: ebooklib's container and OPF, our
navigation document and NCX, a content-derived identifier, fixed zip dates, the
embedded font subset.

ebooklib assembles the package (OPF manifest, spine, metadata, container); the content
documents, the navigation document and the NCX are written by us, as strings with every
text escaped, because ebooklib re-parses chapters with an HTML parser and names the nav
after the book.  ebooklib stamps a random identifier, the current time and current zip
dates; here the identifier is derived from the content, and ``dcterms:modified`` and
the zip dates come from the ``timestamp`` option, so the same input with a fixed
timestamp gives the same bytes.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from ebooklib import epub

from ...book.plan import Book, printed_texts
from .. import FixedZip
from ..xhtml import Escaper, Link, links_html, page


class Doc(epub.EpubHtml):  # type: ignore[misc]
    """A content document whose bytes are written as given (no HTML re-parsing)."""

    def __init__(self, uid: str, file_name: str, title: str, data: bytes, lang: str,
                 properties: Sequence[str] = ()) -> None:
        super().__init__(uid=uid, file_name=file_name, title=title, lang=lang)
        self.data = data
        self.properties = list(properties)

    def get_content(self, default: Any = None) -> bytes:
        return self.data


def nav_html(esc: Escaper, title: str, heading: str, links: Sequence[Link],
             landmarks: Sequence[tuple[str, str, str]], lang: str, *, pagebreak: str = "",
             page_list: str = "") -> bytes:
    """The navigation document: the 目录 (``heading``, then ``links``), the landmarks
    and the ``page_list``, hidden; ``pagebreak`` (the marker of the 目录's printed
    folio) before the 目录."""
    body = [pagebreak,
            f'<nav epub:type="toc" id="toc" role="doc-toc">\n<h1 class="toc-title">{esc(heading)}</h1>\n',
            links_html(esc, links), "</nav>\n", page_list]
    if landmarks:
        body.append('<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>导览</h2>\n<ol>\n')
        for kind, href, label in landmarks:
            body.append(f'<li><a epub:type="{kind}" href="{esc(href)}">{esc(label)}</a></li>\n')
        body.append("</ol>\n</nav>\n")
    return page(esc, title, "".join(body), css="style/book.css", lang=lang)


def ncx(esc: Escaper, uid: str, title: str, links: Sequence[Link], lang: str) -> bytes:
    """The EPUB 2 table of contents, for older reading systems: every link, nested."""
    counter = [0]

    def points(items: Sequence[Link], indent: str) -> str:
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

    def depth(items: Sequence[Link]) -> int:
        return 1 + max((depth(e.children) for e in items), default=0) if items else 0

    nav_map = points(links, "    ")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="{lang}">\n'
        "  <head>\n"
        f'    <meta name="dtb:uid" content="{esc(uid)}"/>\n'
        f'    <meta name="dtb:depth" content="{depth(links)}"/>\n'
        '    <meta name="dtb:totalPageCount" content="0"/>\n'
        '    <meta name="dtb:maxPageNumber" content="0"/>\n'
        "  </head>\n"
        f"  <docTitle><text>{esc(title)}</text></docTitle>\n"
        f"  <navMap>\n{nav_map}  </navMap>\n"
        "</ncx>\n"
    ).encode()


class Writer(epub.EpubWriter):  # type: ignore[misc]
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

    def _write_opf_file(self, root: Any) -> None:
        """The package document with its language (``xml:lang`` on ``<package>``)."""
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)


def identifier(book: Book) -> str:
    """``urn:uuid:`` + a UUID derived from the book's text: stable across runs, new when
    the content changes."""
    h = hashlib.sha256()
    h.update(book.title.encode("utf-8", "surrogatepass"))
    for a in book.articles:
        texts = (a.article.title or "", a.article.subtitle or "", *(b.text for b in a.body))
        h.update("".join("\x00" + s for s in texts).encode("utf-8", "surrogatepass"))
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


def embedded_font(book: Book) -> bytes:
    """The body face subset to every character the book prints."""
    from ...typography.fonts import subset_bytes

    chars: set[str] = set("目录封面扉页正文第篇年原载作者系（）《》——…　")
    for text in printed_texts(book):
        chars.update(text)
    chars.update(str(d) for d in range(10))
    return subset_bytes("body", sorted(chars), flavor="woff")
