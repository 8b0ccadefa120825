"""EPUB 3 writer (ebooklib): one XHTML document per element of the book plan, zh-CN.

It renders a book plan (:mod:`cppcc_publish.book`) and decides nothing of it: the spine
follows the plan's elements in order (cover, 扉页, 版本记录, front matter, 目录, part-title
pages, articles, back matter), each document from :mod:`cppcc_publish.writers.xhtml`.
The navigation document is the 目录: it lists the plan's entries as the printed 目录
does (front matter, parts with their articles and bylines, back matter) and, hidden on
the page but offered by the reading system, each article's sections.  An EPUB has no
pages, so openings, folios and running heads are the paged writers' alone.

Output that is not a book (one article) has no cover page, 扉页 or 目录 in its spine;
its navigation lists the article and its sections.  Every EPUB declares a cover image
for a reading system's shelf: the ``cover`` option's, else the plan's, else an SVG
drawn from the book's title.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

from ebooklib import epub

from ...book import (
    ArticleElement,
    Book,
    Contents,
    Cover,
    Element,
    Imprint,
    Matter,
    PartTitle,
    TextElement,
    TitlePage,
    plan_book,
)
from ...errors import Diagnostic, OptionError
from ...model import Compilation
from .. import XML_INVALID, Option
from ..xhtml import (
    Escaper,
    Link,
    contents_links,
    cover_html,
    imprint_html,
    page,
    part_html,
    section_anchor,
    text_html,
    title_page_html,
)
from .accessibility import (
    add_creators,
    add_metadata,
    page_list_html,
    page_targets,
    pagebreak_html,
    print_edition_name,
)
from .cover import cover_svg
from .package import EMBEDDED_FONT_CSS, Doc, Writer, embedded_font, identifier, nav_html, ncx
from .photos import photo_items

NAME = "epub"
SUFFIX = ".epub"

OPTIONS: dict[str, Option] = {
    "cover": Option(
        default=None,
        types=(Path, type(None)),
        help="cover image (.jpg, .png, .gif, .webp or .svg); default: the book's, else one "
        "generated from the title",
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
    "print_edition": Option(
        default=None,
        types=(str, dict, type(None)),
        help="the printed edition whose page numbers the EPUB's page list gives: a PDF "
        "preset (book, gbt9704, a5) or the PDF output's options ({preset: book, new_recto: "
        "true, font_body: …}); the book is laid out as the PDF writer lays it out and each "
        "element's opening folio is marked; a build sets it from the manifest's PDF output; "
        "default: no page list",
    ),
    "embed_font": Option(
        default=False,
        types=(bool,),
        help="embed the bundled serif (Polity Serif, OFL) subset to the book's characters, "
        "as WOFF, for readers without a Chinese serif (most Android readers); off by "
        "default so that the reader's own fonts and settings apply",
    ),
}

MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


def write(compilation: Compilation, dest: Path, options: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
    """Write ``compilation`` as one EPUB 3 at ``dest``: plan it, render the plan; with
    ``print_edition``, lay it out as that PDF too, for the page list."""
    edition = options.get("print_edition")
    if edition is None:
        return render(plan_book(compilation), dest, options)
    pdf_options = _print_options(edition)  # the PDF writer's: unavailable without reportlab
    from ..pdf.folios import opening_folios

    book = plan_book(compilation)
    return render(book, dest, options, folios=opening_folios(compilation, pdf_options),
                  print_source=print_edition_name(book, str(pdf_options.get("preset") or "book")))


def _print_options(edition: object) -> dict[str, object]:
    """The PDF writer's options ``print_edition`` stands for, validated."""
    from .. import get_writer

    given: Mapping[str, object]
    if isinstance(edition, str):
        given = {"preset": edition}
    elif isinstance(edition, Mapping):
        given = {str(k): v for k, v in edition.items() if k != "timestamp"}
    else:
        raise OptionError(f"option 'print_edition': {edition!r} is neither a PDF preset nor "
                          "the PDF output's options")
    try:
        return get_writer("pdf").validate(given)
    except OptionError as exc:
        raise OptionError(f"option 'print_edition': {exc}") from None


def _file_names(book: Book) -> dict[str, str]:
    """The document of each element, by key: ``text/a001.xhtml``, ``text/part001.xhtml``
    (numbers as wide as the largest, at least three digits), ``nav.xhtml`` for the 目录."""
    width = max(3, len(str(len(book.articles))))
    names: dict[str, str] = {}
    parts = fronts = backs = 0
    for e in book.elements:
        if isinstance(e, Cover):
            names[e.key] = "text/cover.xhtml"
        elif isinstance(e, TitlePage):
            names[e.key] = "text/titlepage.xhtml"
        elif isinstance(e, Imprint):
            names[e.key] = "text/imprint.xhtml"
        elif isinstance(e, Contents):
            names[e.key] = "nav.xhtml"
        elif isinstance(e, PartTitle):
            parts += 1
            names[e.key] = f"text/part{parts:0{width}d}.xhtml"
        elif isinstance(e, ArticleElement):
            names[e.key] = f"text/a{e.number:0{width}d}.xhtml"
        elif isinstance(e, Matter) and e.place == "front":
            fronts += 1
            names[e.key] = f"text/front{fronts}.xhtml"
        elif isinstance(e, Matter):
            backs += 1
            names[e.key] = f"text/back{backs}.xhtml"
    return names


def _cover_image(book: Book, options: Mapping[str, Any], esc: Escaper) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of the cover image: the ``cover`` option's, else
    the plan's cover image, else an SVG drawn from the plan's cover (or the title)."""
    cover = next((e for e in book.elements if isinstance(e, Cover)), None)
    path: Path | None = options["cover"]
    where = "option 'cover'"
    if path is None and cover is not None and cover.image:
        path = Path(cover.image)
        where = "the book's cover"
    if path is None:
        drawn = cover or Cover(key="cover", title=book.title)
        return "images/cover.svg", "image/svg+xml", cover_svg(esc, drawn)
    media = MEDIA_TYPES.get(path.suffix.lower())
    if media is None:
        raise OptionError(f"{where}: {path.name} is not one of {', '.join(sorted(MEDIA_TYPES))}")
    if not path.is_file():
        raise OptionError(f"{where}: {path} is not a file")
    return f"images/cover{path.suffix.lower()}", media, path.read_bytes()


def render(book: Book, dest: Path, options: Mapping[str, Any], *,
           folios: Mapping[str, str] | None = None,
           print_source: str | None = None) -> tuple[Diagnostic, ...]:
    """Render the plan ``book`` as one EPUB 3 at ``dest``; ``folios`` (element key ->
    the folio it opens on in print, named by ``print_source``) make the page list.  The
    版本记录 is the printed book's: its page count is the PDF's for the plan's preset."""
    from ..pdf import imprinted

    book = imprinted(book)
    esc = Escaper()
    lang = book.language
    moment = options["timestamp"]

    css_path: Path | None = options["css"]
    if css_path is not None:
        if not css_path.is_file():
            raise OptionError(f"option 'css': {css_path} is not a file")
        css = css_path.read_bytes()
    else:
        css = files("cppcc_publish.templates").joinpath("epub.css").read_bytes()

    pkg = epub.EpubBook()
    uid = options["identifier"] or identifier(book)
    pkg.set_identifier(uid)
    pkg.set_title(XML_INVALID.sub("\ufffd", book.title))
    pkg.set_language(lang)
    add_creators(pkg, book)
    folios = folios or {}
    add_metadata(pkg, book, moment, print_source=print_source if folios else None)
    if book.publisher:
        pkg.add_metadata("DC", "publisher", XML_INVALID.sub("\ufffd", book.publisher))
    if options["embed_font"]:
        pkg.add_item(epub.EpubItem(uid="font-serif", file_name="fonts/PolitySerif.woff",
                                   media_type="font/woff", content=embedded_font(book)))
        css += EMBEDDED_FONT_CSS
    pkg.add_item(epub.EpubItem(uid="css", file_name="style/book.css", media_type="text/css",
                               content=css))

    cover_name, media, cover_bytes = _cover_image(book, options, esc)
    image = epub.EpubCover(uid="cover-image", file_name=cover_name)
    image.media_type = media
    image.content = cover_bytes
    pkg.add_item(image)
    pkg.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    photos = photo_items(book)
    for item in photos.items:
        pkg.add_item(item)

    names = _file_names(book)
    sections: dict[str, list[Link]] = {}
    for e in book.elements:
        if isinstance(e, TextElement):
            sections[e.key] = [Link(label=s.label, href=f"{names[e.key]}#{section_anchor(k)}")
                               for k, s in enumerate(e.sections, start=1)]

    spine: list[Any] = []
    landmarks: list[tuple[str, str, str]] = []
    nav_item = epub.EpubNav(uid="nav", file_name="nav.xhtml", title="目录")
    contents: Contents | None = None
    for e in book.elements:
        doc = _document(book, e, names, esc, cover_name, photos.src, folios.get(e.key))
        if isinstance(e, Contents):
            contents = e
            spine.append(nav_item)
            landmarks.append(("toc", "nav.xhtml#toc", "目录"))
            continue
        assert doc is not None
        pkg.add_item(doc)
        spine.append(doc)
        if isinstance(e, Cover):
            landmarks.append(("cover", doc.file_name, "封面"))
        elif isinstance(e, TitlePage):
            landmarks.append(("titlepage", doc.file_name, "扉页"))
        elif isinstance(e, (PartTitle, ArticleElement)) and not any(k == "bodymatter" for k, _, _ in landmarks):
            landmarks.append(("bodymatter", doc.file_name, "正文"))
    pkg.add_item(nav_item)
    pkg.add_item(epub.EpubNcx())

    if contents is not None:
        links = contents_links(contents, names.__getitem__, sections)
        heading = contents.title
    else:
        # Not a book: the navigation lists the elements and their sections.
        links = [Link(label=e.label, href=names[e.key], children=sections.get(e.key, []))
                 for e in book.elements if e.label is not None]
        heading = "目录"
    if not links:
        # An empty <ol> in the nav is an EPUBCheck error (RSC-005): list the first document.
        first = spine[0].file_name if spine else "nav.xhtml"
        links = [Link(label=book.title, href=first)]
    pkg.spine = spine or [nav_item]
    contents_folio = folios.get(contents.key) if contents is not None else None
    nav = nav_html(esc, "目录", heading, links, landmarks if book.is_book else [], lang,
                   pagebreak=pagebreak_html(esc, contents_folio) if contents_folio else "",
                   page_list=page_list_html(esc, page_targets(book, folios, names)))
    toc = ncx(esc, uid, book.title, links, lang)

    writer = Writer(str(dest), pkg, {"mtime": moment, "epub2_guide": False, "epub3_landmark": False,
                                     "epub3_pages": False, "raise_exceptions": True}, nav, toc)
    writer.process()
    writer.write()
    diagnostics: list[Diagnostic] = []
    if esc.replaced:
        diagnostics.append(Diagnostic(
            level="warning", code="invalid-xml-character",
            message=f"replaced {esc.replaced} character(s) that XML cannot hold with U+FFFD",
        ))
    return tuple(diagnostics)


def _document(book: Book, e: Element, names: Mapping[str, str], esc: Escaper,
              cover_name: str, photo_src: Mapping[str, str] | None = None,
              folio: str | None = None) -> Doc | None:
    """The content document of element ``e`` (``None`` for the 目录: the nav); its
    photos at ``photo_src``'s addresses; the marker of the printed ``folio`` it opens on
    at its start."""
    lang = book.language
    mark = pagebreak_html(esc, folio) if folio else ""
    name = names.get(e.key)
    uid = Path(name).stem if name else e.key
    if isinstance(e, Contents):
        return None
    if isinstance(e, Cover):
        body = cover_html(esc, f"../{cover_name}", "封面：" + e.title)
        return Doc("cover", "text/cover.xhtml", "封面",
                   page(esc, book.title, body, lang=lang, body_attrs=' class="cover"'), lang)
    if isinstance(e, TitlePage):
        return Doc("titlepage", names[e.key], e.title,
                   page(esc, e.title, title_page_html(esc, e), lang=lang), lang)
    if isinstance(e, Imprint):
        return Doc("imprint", names[e.key], "版本记录",
                   page(esc, "版本记录", imprint_html(esc, e), lang=lang), lang)
    if isinstance(e, PartTitle):
        return Doc(uid, names[e.key], e.title,
                   page(esc, e.title, mark + part_html(esc, e), lang=lang), lang)
    if isinstance(e, ArticleElement):
        label = e.label or ""
        body = mark + text_html(esc, e, "chapter", "doc-chapter", photo_src)
        return Doc(uid, names[e.key], label, page(esc, label, body, lang=lang), lang)
    if isinstance(e, Matter):
        kind = "frontmatter" if e.place == "front" else "backmatter"
        body = mark + text_html(esc, e, kind, photo_src=photo_src)
        return Doc(uid, names[e.key], e.title, page(esc, e.title, body, lang=lang), lang)
    raise TypeError(f"the EPUB writer cannot print a {type(e).__name__}")


__all__ = ["MEDIA_TYPES", "NAME", "OPTIONS", "SUFFIX", "render", "write"]
