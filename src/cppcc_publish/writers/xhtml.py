"""XHTML of the book plan's elements, for the EPUB writer (and any writer of web pages).

Each function gives the markup of one element as the plan has it: an article's pieces
in the plan's order around its body (run-in headings as the bold lead of their
paragraph, headings the plan lists as sections with an ``id`` to navigate to), the 扉页,
the 版本记录, a part-title page, the cover page and the 目录 as nested lists; a caption
with a photo is a ``figure`` (the photo, its caption as ``figcaption`` and as the
photo's alternative text).  Every
text is escaped; characters XML cannot hold are replaced with U+FFFD and counted, so
that the writer can warn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from ..book.plan import (
    Contents,
    ContentsEntry,
    HeadingAlign,
    Imprint,
    PartTitle,
    PieceKind,
    Section,
    TextElement,
    TitlePage,
)
from ..model import Block, Caption, Heading, Paragraph
from . import XML_INVALID

_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
    'lang="{lang}" xml:lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
    "<title>{title}</title>\n"
    '<link rel="stylesheet" type="text/css" href="{css}"/>\n</head>\n'
)


# What escaping changes: markup characters and the characters XML cannot hold
# (XML_INVALID's set); most Chinese text has none and is returned as it is.
_TOUCHED = re.compile("[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class Escaper:
    """Escapes text for XML and replaces characters XML cannot hold, counting them."""

    def __init__(self) -> None:
        self.replaced = 0

    def __call__(self, text: str) -> str:
        if _TOUCHED.search(text) is None:
            return text
        if XML_INVALID.search(text):
            self.replaced += len(XML_INVALID.findall(text))
            text = XML_INVALID.sub("\ufffd", text)
        return escape(text, quote=True)


def page(esc: Escaper, title: str, body: str, *, lang: str, css: str = "../style/book.css",
         body_attrs: str = "") -> bytes:
    """A whole XHTML document around ``body``."""
    head = _HEAD.format(title=esc(title), css=css, lang=lang)
    return f"{head}<body{body_attrs}>\n{body}</body>\n</html>\n".encode()


# --------------------------------------------------------------------------- text


def section_anchor(k: int) -> str:
    """The ``id`` of an element's ``k``-th section (1-based)."""
    return f"sec{k}"


_PIECE_MARKUP: dict[PieceKind, tuple[str, str | None]] = {
    "kicker": ("p", "kicker"), "title": ("h1", None), "subtitle": ("p", "subtitle"),
    "byline": ("p", "byline"), "author-note": ("p", "author-note"), "source": ("p", "source"),
}


# How the style sheet sets each heading tag unless a class says otherwise: h2 (一、)
# centred, h3 (（一）) at the body's indent.
_HEADING_DEFAULT: dict[str, HeadingAlign] = {"h2": "center", "h3": "indent"}


def _block(esc: Escaper, block: Block, anchor: str | None,
           align: tuple[HeadingAlign, HeadingAlign]) -> str:
    text = esc(block.text)
    ident = f' id="{anchor}"' if anchor else ""
    if isinstance(block, Heading):
        level = 0 if block.level <= 1 else 1
        tag = ("h2", "h3")[level]
        cls = f' class="{align[level]}"' if align[level] != _HEADING_DEFAULT[tag] else ""
        return f"<{tag}{ident}{cls}>{text}</{tag}>\n"
    if isinstance(block, Caption):
        return f'<p class="caption"{ident}>{text}</p>\n'
    return f"<p{ident}>{text}</p>\n"


def figure_html(esc: Escaper, caption: Block, src: str, anchor: str | None) -> str:
    """A photo and its caption: the caption is also the photo's alternative text."""
    ident = f' id="{anchor}"' if anchor else ""
    text = esc(caption.text)
    return (f'<figure class="photo"{ident}><img src="{esc(src)}" alt="{text}"/>'
            f'<figcaption class="caption">{text}</figcaption></figure>\n')


def body_html(esc: Escaper, body: Sequence[Block], sections: Sequence[Section],
              photos: Mapping[int, str] | None = None,
              align: tuple[HeadingAlign, HeadingAlign] = ("center", "center")) -> str:
    """The blocks in order; a run-in heading is the bold lead of the paragraph after it;
    a section's heading (or the paragraph it leads) gets its anchor; a caption whose
    index ``photos`` maps to an image address is a figure; headings are set as the
    plan's ``align`` says for their level (a class where the style sheet's default
    differs)."""
    anchors = {s.block: section_anchor(k) for k, s in enumerate(sections, start=1)}
    out: list[str] = []
    i = 0
    while i < len(body):
        block = body[i]
        if isinstance(block, Heading) and block.run_in:
            lead = f'<strong class="run-in">{esc(block.text)}</strong>'
            ident = f' id="{anchors[i]}"' if i in anchors else ""
            nxt = body[i + 1] if i + 1 < len(body) else None
            if isinstance(nxt, Paragraph):
                out.append(f"<p{ident}>{lead}{esc(nxt.text)}</p>\n")
                i += 2
            else:
                out.append(f"<p{ident}>{lead}</p>\n")
                i += 1
            continue
        if photos and i in photos:
            out.append(figure_html(esc, block, photos[i], anchors.get(i)))
        else:
            out.append(_block(esc, block, anchors.get(i), align))
        i += 1
    return "".join(out)


def text_html(esc: Escaper, element: TextElement, epub_type: str, role: str | None = None,
              photo_src: Mapping[str, str] | None = None) -> str:
    """An article (``chapter``) or front or back matter: its pieces in the plan's order;
    ``photo_src`` gives the address of each photo's file (none: captions alone)."""
    aria = f' role="{role}"' if role else ""
    photos = {p.block: photo_src[p.file] for p in element.photos} if photo_src else None
    out = [f'<section epub:type="{epub_type}"{aria}>\n']
    for piece in element.pieces:
        if piece.kind == "body":
            out.append(body_html(esc, element.body, element.sections, photos,
                                 element.heading_align))
            continue
        tag, cls = _PIECE_MARKUP[piece.kind]
        attr = f' class="{cls}"' if cls else ""
        out.append(f"<{tag}{attr}>{esc(piece.text)}</{tag}>\n")
    out.append("</section>\n")
    return "".join(out)


# --------------------------------------------------------------------------- book pages


def title_page_html(esc: Escaper, element: TitlePage) -> str:
    """扉页: the book's title, its subtitle (a book's 副书名 takes no dash), the lines."""
    out = [f'<section epub:type="titlepage" class="titlepage">\n'
           f'<h1 class="book-title">{esc(element.title)}</h1>\n']
    if element.subtitle:
        out.append(f'<p class="subtitle">{esc(element.subtitle)}</p>\n')
    out.extend(f'<p class="compiler">{esc(line)}</p>\n' for line in element.lines)
    out.append("</section>\n")
    return "".join(out)


def imprint_html(esc: Escaper, element: Imprint) -> str:
    """版本记录, one paragraph per line."""
    out = ['<section epub:type="copyright-page" class="imprint">\n']
    out.extend(f"<p>{esc(line)}</p>\n" for line in element.lines)
    out.append("</section>\n")
    return "".join(out)


def part_html(esc: Escaper, element: PartTitle) -> str:
    return (f'<section epub:type="part" role="doc-part">'
            f'<h1 class="part">{esc(element.title)}</h1></section>\n')


def cover_html(esc: Escaper, src: str, alt: str) -> str:
    return (f'<section epub:type="cover" class="cover"><div>'
            f'<img src="{esc(src)}" alt="{esc(alt)}"/></div></section>\n')


# --------------------------------------------------------------------------- 目录


@dataclass(slots=True)
class Link:
    """One line of a navigation list: its label, where it goes, what it holds."""

    label: str
    href: str
    byline: str | None = None
    children: list[Link] = field(default_factory=list)
    hidden: bool = False
    """Whether :attr:`children` are left out of the page (a reading system's own
    navigation still lists them)."""


def contents_links(element: Contents, href: Callable[[str], str],
                   sections: Mapping[str, list[Link]]) -> list[Link]:
    """The 目录's entries as nested links: an entry of level 2 under the entry of level 1
    before it; ``href(target)`` gives an entry's address and ``sections[target]`` the
    links of its sections, listed below it but hidden on the page."""
    out: list[Link] = []
    parent: Link | None = None
    for entry in element.entries:
        link = _link(entry, href, sections)
        if entry.level > 1 and parent is not None:
            parent.children.append(link)
        else:
            out.append(link)
            parent = link if entry.kind == "part" else None
    return out


def _link(entry: ContentsEntry, href: Callable[[str], str],
          sections: Mapping[str, list[Link]]) -> Link:
    kids = sections.get(entry.target, [])
    return Link(label=entry.label, href=href(entry.target), byline=entry.byline,
                children=list(kids), hidden=bool(kids))


def links_html(esc: Escaper, links: Sequence[Link], indent: str = "", hidden: bool = False) -> str:
    """Nested ``<ol>`` of ``links``; an entry's byline follows its label in a span."""
    attr = ' hidden="hidden"' if hidden else ""
    parts = [f"{indent}<ol{attr}>\n"]
    for link in links:
        byline = (f'<span class="toc-byline">\u3000{esc(link.byline)}</span>'
                  if link.byline else "")
        parts.append(f'{indent}<li><a href="{esc(link.href)}">{esc(link.label)}{byline}</a>')
        if link.children:
            parts.append("\n" + links_html(esc, link.children, indent + "  ", link.hidden) + indent)
        parts.append("</li>\n")
    parts.append(f"{indent}</ol>\n")
    return "".join(parts)
