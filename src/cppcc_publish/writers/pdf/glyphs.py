"""Every character reaches the PDF with a real glyph: the characters a plan prints (for
the font set-up and its subsets), and a diagnostic for each one no font has (printed as
〓, a warning) or that a system font supplies (an info)."""

from __future__ import annotations

from collections.abc import Iterator

from ...book.plan import (
    ArticleElement,
    Book,
    Cover,
    Imprint,
    PartTitle,
    PieceKind,
    TextElement,
    TitlePage,
    printed_texts,
)
from ...book.imprint import EXTENT_CHARS, pending_imprint
from ...errors import Diagnostic
from ...model import Article, Block, Caption, Heading, Paragraph
from ...typography.fonts import MISSING
from .compose import Context
from .presets import Preset

Place = tuple[Article | None, str, str, Block | None, int | None]
"""(article, where, text, block, paragraph number) of one text the PDF prints."""

_WHERE: dict[PieceKind, str] = {
    "kicker": "column", "title": "title", "subtitle": "subtitle", "byline": "byline",
    "author-note": "author note", "source": "source note", "body": "body",
}

_FIXED_CHARS = "0123456789—〓（）《》原载年月日第期记者通讯员整理无标题　 "
_BOOK_CHARS = "目录·ivxlcdm—"


def _places(book: Book) -> Iterator[Place]:
    """Every text the plan prints once (the 目录 and running heads repeat titles):
    ``where`` is ``book's metadata``, ``part title``, a piece's name or ``body`` (then
    ``block`` says which)."""
    meta: list[str] = []
    for e in book.elements:
        if isinstance(e, (Cover, TitlePage)):
            meta += [e.title, *([e.subtitle] if e.subtitle else []), *e.lines]
            if isinstance(e, Cover):
                meta += e.notice
        elif isinstance(e, Imprint):
            meta += e.lines
    for text in dict.fromkeys(meta):
        yield None, "book's metadata", text, None, None
    for e in book.elements:
        if isinstance(e, PartTitle):
            yield None, "part title", e.title, None, None
        elif isinstance(e, TextElement):
            article = e.article if isinstance(e, ArticleElement) else None
            for piece in e.pieces:
                if piece.kind != "body":
                    yield article, _WHERE[piece.kind], piece.text, None, None
                    continue
                n = 0
                for b in e.body:
                    if isinstance(b, Paragraph):
                        n += 1
                    yield article, "body", b.text, b, n if isinstance(b, Paragraph) else None


def _role_for(preset: Preset, where: str, block: Block | None) -> str:
    if isinstance(block, Heading):
        return preset.runin_role if block.run_in else preset.heading_roles[0 if block.level <= 1 else 1]
    if isinstance(block, Caption) or where not in ("body", "title", "part title"):
        return "kai"
    return preset.title_role if where != "body" else preset.body_role


def check_glyphs(ctx: Context, book: Book) -> None:
    """A warning for every character printed as 〓, an info for every one drawn from a
    system font, each with its code point and place (file, line, paragraph or part of
    the article), in reading order."""
    for article, where, text, block, paragraph in _places(book):
        role = _role_for(ctx.preset, where, block)
        path = article.path if article is not None else None
        line = block.line if block is not None else None
        place = "" if where == "body" else f" in the {where}"
        for ch in dict.fromkeys(text):  # each character once per block, in order
            if ch.isspace():
                continue
            face, _adv, _blank, drawn = ctx.fonts.resolve(ch, role)
            if drawn != ch:
                ctx.diagnostics.append(Diagnostic(
                    level="warning", code="missing-glyph",
                    message=f"no font has U+{ord(ch):04X} «{ch}»{place}; it is printed as {MISSING}",
                    line=line, paragraph=paragraph, file=path,
                ))
                continue
            fb = ctx.fonts.fallbacks.get((ch, role))
            if fb is not None and fb.face is not None and ctx.fonts.is_system_face(face):
                ctx.diagnostics.append(Diagnostic(
                    level="info", code="glyph-fallback",
                    message=f"U+{ord(ch):04X} «{ch}»{place} is drawn from the system font {fb.face}",
                    line=line, paragraph=paragraph, file=path,
                ))


def document_chars(book: Book) -> set[str]:
    """Every character the PDF may print for ``book``."""
    chars = set(_FIXED_CHARS)
    if book.is_book:
        chars.update(_BOOK_CHARS)
    if pending_imprint(book) is not None:
        chars.update(EXTENT_CHARS)  # the 版本记录's 印张 and 字数, set after the layout
    for text in printed_texts(book):
        chars.update(text)
    return chars
