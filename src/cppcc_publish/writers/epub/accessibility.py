"""What the EPUB says about itself for accessibility and for a library's catalogue.

DAISY Ace (the EPUB accessibility checker) and reading systems read these from the
package document:

- ``xml:lang`` on ``<package>`` (the book's language, ``zh-CN``);
- schema.org accessibility metadata (EPUB Accessibility 1.1): the book is text
  (``accessMode`` textual, visual too when it has photos), text alone suffices (every
  photo has its caption as alternative text), with structural navigation, a table of
  contents, a reading order, text that the reader can resize and restyle, page-break
  markers and page navigation when it has a page list, no hazard, and a summary in the
  book's language;
- ``dc:date`` (the publication date: the build's timestamp, which a manifest sets from
  ``edition_date``) and the creators with their roles: ``××市政协办公室 编`` is the
  compiling body ``××市政协办公室`` with the MARC relator ``com`` (compiler), ``张三 主编``
  an editor (``edt``), a credited author ``aut``;
- with a page list, ``dc:source`` and ``pageBreakSource``: the print edition whose
  folios it gives.

The page list (``<nav epub:type="page-list">``) maps each folio an element opens on in
print (from :func:`cppcc_publish.writers.pdf.folios.opening_folios`) to a page-break
marker at the start of the element's document.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ebooklib import epub

from ...book.plan import Book, TextElement
from ...book.wording import compiling_unit
from .. import XML_INVALID
from ..xhtml import Escaper

_MARC_ROLES = {"author": "aut", "reporter": "aut", "correspondent": "aut", "compiler": "com"}

# "张三 主编", "张三　主编": an editor-in-chief; the space keeps 主编 from being read off
# a name that happens to end so.
_CHIEF_EDITOR = re.compile(r"^(.+?)[\s\u3000]+主编$")


@dataclass(frozen=True, slots=True)
class Creator:
    name: str
    """The name as a catalogue gives it: ``××市政协办公室`` (no 编)."""
    role: str
    """A MARC relator code: ``com`` (compiler), ``edt`` (editor), ``aut`` (author)."""


def creators(book: Book) -> list[Creator]:
    """The plan's creators with their roles: a compiling body as printed (``… 编``) is
    a compiler, ``… 主编`` an editor, a credited person by their credit's role."""
    roles: dict[str, str] = {}
    for element in book.articles:
        for credit in element.article.printed_credits:
            roles.setdefault(credit.name, _MARC_ROLES.get(credit.role, "aut"))
    out: list[Creator] = []
    for name in book.creators:
        unit = compiling_unit(name)
        chief = _CHIEF_EDITOR.match(name.strip())
        if unit != name.strip():
            out.append(Creator(unit, "com"))
        elif chief is not None:
            out.append(Creator(chief[1], "edt"))
        else:
            out.append(Creator(name, roles.get(name, "aut")))
    return out


def _clean(text: str) -> str:
    return XML_INVALID.sub("\ufffd", text)


def add_creators(pkg: epub.EpubBook, book: Book) -> None:
    """``dc:creator`` with its ``role`` (a MARC relator) for each creator."""
    for k, c in enumerate(creators(book), start=1):
        uid = f"creator{k}"
        pkg.add_metadata("DC", "creator", _clean(c.name), {"id": uid})
        pkg.add_metadata(None, "meta", c.role, {"refines": f"#{uid}", "property": "role",
                                                "scheme": "marc:relators"})


def has_photos(book: Book) -> bool:
    return any(isinstance(e, TextElement) and e.photos for e in book.elements)


def add_metadata(pkg: epub.EpubBook, book: Book, moment: _dt.datetime, *,
                 print_source: str | None) -> None:
    """``dc:date`` and the accessibility metadata; ``print_source`` names the print
    edition the page list follows (``None``: the book has no page list)."""
    pkg.add_metadata("DC", "date", moment.date().isoformat())
    photos = has_photos(book)
    meta: list[tuple[str, str]] = [("schema:accessMode", "textual")]
    if photos:
        meta.append(("schema:accessMode", "visual"))
    meta.append(("schema:accessModeSufficient", "textual"))
    if photos:
        meta.append(("schema:accessModeSufficient", "textual,visual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability"]
    if photos:
        features.append("alternativeText")
    if print_source is not None:
        features += ["pageBreakMarkers", "pageNavigation"]
    meta += [("schema:accessibilityFeature", f) for f in features]
    meta.append(("schema:accessibilityHazard", "none"))
    meta.append(("schema:accessibilitySummary", summary(book, photos, print_source)))
    for prop, value in meta:
        pkg.add_metadata(None, "meta", value, {"property": prop})
    if print_source is not None:
        pkg.add_metadata("DC", "source", _clean(print_source))
        pkg.add_metadata(None, "meta", _clean(print_source), {"property": "pageBreakSource"})


def summary(book: Book, photos: bool, print_source: str | None) -> str:
    """The accessibility summary, in Chinese like the book."""
    parts = ["本书为可重排的文字电子书，字号、字体和行距可由阅读软件调整；"
             "设有目录导航和分级标题，阅读顺序与印刷版一致"]
    if photos:
        parts.append("图片均以图注文字作为替代文本")
    if print_source is not None:
        parts.append("页码导航给出印刷版各篇起始页的页码")
    parts.append("无闪烁、声音、动画等危害")
    return "；".join(parts) + "。"


def print_edition_name(book: Book, preset: str) -> str:
    """``dc:source`` of a page list: the print edition, e.g.
    ``《政协工作文选》印刷版（185 × 260 mm）``."""
    from ...book.presets import PRESETS

    info = PRESETS.get(preset)
    size = f"（{info.paper_mm[0]:g} × {info.paper_mm[1]:g} mm）" if info is not None else ""
    return f"《{book.title}》印刷版{size}"


def page_id(folio: str) -> str:
    """The ``id`` of the page-break marker of ``folio``."""
    return f"page-{folio}"


def pagebreak_html(esc: Escaper, folio: str) -> str:
    """A page-break marker: where page ``folio`` of the print edition starts."""
    return (f'<span epub:type="pagebreak" role="doc-pagebreak" id="{page_id(esc(folio))}" '
            f'aria-label="{esc(folio)}"></span>\n')


def page_list_html(esc: Escaper, pages: Sequence[tuple[str, str]]) -> str:
    """The page list of the navigation document: (folio, href) in reading order, hidden
    on the page (reading systems offer it as "go to page")."""
    if not pages:
        return ""
    items = "".join(f'<li><a href="{esc(href)}">{esc(folio)}</a></li>\n' for folio, href in pages)
    return (f'<nav epub:type="page-list" id="page-list" hidden="hidden">\n<h2>页码</h2>\n'
            f"<ol>\n{items}</ol>\n</nav>\n")


def page_targets(book: Book, folios: Mapping[str, str], names: Mapping[str, str]) -> list[tuple[str, str]]:
    """(folio, href) of every element with a folio, in the plan's order."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for e in book.elements:
        folio = folios.get(e.key)
        if folio is None or e.key not in names or folio in seen:
            continue
        seen.add(folio)
        out.append((folio, f"{names[e.key]}#{page_id(folio)}"))
    return out
