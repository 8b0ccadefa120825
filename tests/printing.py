"""What an article prints, in order: the one expected form every writer's round-trip
test compares its output with (each maps the kinds onto its own markup).

The form comes from the book plan: the element's pieces in the plan's order, the body
where the ``body`` piece stands, a run-in heading joined to the paragraph it leads.
"""

from __future__ import annotations

from pathlib import Path

from cppcc_publish.book import Book, PartTitle, TextElement, plan_book
from cppcc_publish.model import Article, Caption, Compilation, Heading

Printed = list[tuple[str, str]]
"""(kind, text): kinds are the plan's piece kinds (``kicker``, ``title``, ``subtitle``,
``byline``, ``author-note``, ``source``) and, for the body, ``paragraph``, ``heading1``,
``heading2`` and ``caption``."""


def printed(element: TextElement) -> Printed:
    out: Printed = []
    for piece in element.pieces:
        if piece.kind != "body":
            out.append((piece.kind, piece.text))
            continue
        pending: str | None = None
        for b in element.body:
            if isinstance(b, Heading) and b.run_in:
                if pending is not None:
                    out.append(("paragraph", pending))
                pending = b.text
                continue
            if isinstance(b, Heading):
                if pending is not None:
                    out.append(("paragraph", pending))
                    pending = None
                out.append(("heading1" if b.level <= 1 else "heading2", b.text))
            elif isinstance(b, Caption):
                if pending is not None:
                    out.append(("paragraph", pending))
                    pending = None
                out.append(("caption", b.text))
            else:
                out.append(("paragraph", (pending or "") + b.text))
                pending = None
        if pending is not None:
            out.append(("paragraph", pending))
    return out


def printed_article(article: Article) -> Printed:
    """What ``article`` prints on its own."""
    (element,) = plan_book(Compilation.of(article)).elements
    assert isinstance(element, TextElement)
    return printed(element)


def printed_book(book: Book) -> list[str]:
    """The texts a book prints in reading order: part titles, each text element's pieces
    in the plan's order with its blocks one by one where the body stands (the cover,
    扉页, 版本记录 and 目录 left out)."""
    out: list[str] = []
    for element in book.elements:
        if isinstance(element, PartTitle):
            out.append(element.title)
        elif isinstance(element, TextElement):
            for piece in element.pieces:
                if piece.kind == "body":
                    out.extend(b.text for b in element.body)
                else:
                    out.append(piece.text)
    return out


DOCX_STYLES = {
    "kicker": "Kicker", "title": "Title", "subtitle": "Subtitle", "byline": "Author Line",
    "paragraph": "Body Text", "heading1": "Heading 1", "heading2": "Heading 2",
    "caption": "Caption", "author-note": "Author Note", "source": "Source Note",
}
"""The DOCX paragraph style of each kind."""

EPUB_TAGS = {
    "kicker": "p.kicker", "title": "h1", "subtitle": "p.subtitle", "byline": "p.byline",
    "paragraph": "p", "heading1": "h2", "heading2": "h3", "caption": "p.caption",
    "author-note": "p.author-note", "source": "p.source",
}
"""The XHTML element (and class) of each kind."""


def compiled(manifest_path: Path) -> Compilation:
    """The book a manifest describes, as a build compiles it (its articles read with the
    manifest's options, overrides, fixes and photos applied), for tests that compare a
    writer's output with the plan."""
    from cppcc_publish.manifest import load_manifest
    from cppcc_publish.options import ReadOptions
    from cppcc_publish.publish import compile_book, read_articles

    manifest = load_manifest(manifest_path)
    paths = list(dict.fromkeys(e.path for part in manifest.parts for e in part.articles if not e.exclude))
    articles, _ = read_articles(paths, ReadOptions(keep_script=manifest.keep_script,
                                                   protected_words=manifest.protected_words))
    return compile_book(manifest, articles)
