"""A book plan as plain data and YAML: what to look at first when a book prints wrong.

The dump is for people and golden files, not a round trip: an element's body is given
by its number of blocks (the article's own dump, :mod:`cppcc_publish.dump`, has the
text), everything else as the plan holds it.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..model import Heading
from .plan import (
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
)


def _element(e: Element) -> dict[str, Any]:
    out: dict[str, Any] = {"key": e.key, "kind": e.kind, "opening": e.opening}
    if e.folios is not None:
        out["folios"] = {"style": e.folios.style, "restart": e.folios.restart,
                         "on_opening": e.folios.on_opening}
    if e.heads is not None:
        out["heads"] = {"verso": e.heads.verso, "recto": e.heads.recto}
    if e.label is not None:
        out["label"] = e.label
        out["level"] = e.level
    if isinstance(e, Cover):
        out.update(title=e.title, subtitle=e.subtitle, lines=list(e.lines), notice=list(e.notice),
                   image=e.image)
    elif isinstance(e, TitlePage):
        out.update(title=e.title, subtitle=e.subtitle, lines=list(e.lines))
    elif isinstance(e, Imprint):
        out["lines"] = list(e.lines)
        out["extent_at"] = e.extent_at
        out["pages"] = e.pages
    elif isinstance(e, PartTitle):
        out["title"] = e.title
    elif isinstance(e, Contents):
        out["title"] = e.title
        out["entries"] = [
            {k: v for k, v in (("kind", x.kind), ("label", x.label), ("target", x.target),
                               ("level", x.level), ("byline", x.byline),
                               ("numbered", x.numbered)) if v is not None}
            for x in e.entries
        ]
    if isinstance(e, Matter):
        out["place"] = e.place
    if isinstance(e, ArticleElement):
        out["number"] = e.number
        out["part"] = e.part
    if isinstance(e, TextElement):
        out["pieces"] = [p.kind if p.kind == "body" else {p.kind: p.text} for p in e.pieces]
        out["body"] = f"{len(e.body)} blocks"
        if e.sections:
            out["sections"] = [{"label": s.label, "level": s.level, "block": s.block}
                               for s in e.sections]
        if any(isinstance(b, Heading) and not b.run_in for b in e.body):
            out["heading_align"] = list(e.heading_align)
        if e.photos:
            out["photos"] = [{"block": p.block, "image": p.image} for p in e.photos]
    return out


def book_to_dict(book: Book) -> dict[str, Any]:
    """The plan as JSON-compatible data, keys in a fixed order."""
    return {
        "preset": book.preset,
        "is_book": book.is_book,
        "title": book.title,
        "creators": list(book.creators),
        "publisher": book.publisher,
        "language": book.language,
        "elements": [_element(e) for e in book.elements],
    }


def dump_book(book: Book) -> str:
    """The plan as YAML (UTF-8 text, Chinese as is)."""
    return str(yaml.safe_dump(book_to_dict(book), allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=100))
