"""``plan_book``: a :class:`~cppcc_publish.model.Compilation` and a preset in, the
:class:`~.plan.Book` every writer renders out.

This is the one place that says what a book prints.  A book, in print order:

1. 封面 (cover) on page 1, its verso blank;
2. 扉页 (title page) on a recto;
3. 版本记录 on the verso of the 扉页, for an internal print (a notice or a 准印证号): its
   印张 and 字数 wait for the printed page count (:mod:`.imprint`);
4. front matter (编辑说明, 前言), each from a recto, numbered in lower-case roman from i;
5. 目录 from a recto, numbered on in roman; it lists the front matter, the parts, the
   articles (with their printed authors) and the back matter;
6. per part its title page on a recto (counted, no folio printed, its verso blank), then
   its articles, the first on the recto after the part-title page, the others on the
   next page (on a recto with ``new_recto``);
7. back matter (编后记), each from a recto.

The body (6 and 7) is numbered in Arabic from 1 on its first page, a recto.  Running
heads: the book's title on versos, the part's title on rectos (the article's in a book
without part titles, the matter's in front and back matter, 目　录 in the 目录); none in
``gbt9704``, whose pages carry their 页码 alone, as GB/T 9704 sets a 公文.

Output that is not a book (one article, nothing else) prints the article alone: no
cover, no 目录, no running heads, folios from 1.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal, TypedDict

from ..model import Article, Block, BookMeta, Compilation, Heading, Paragraph
from ..model import Matter as MatterModel
from .photos import article_photos
from .plan import (
    ArticleElement,
    Book,
    Contents,
    ContentsEntry,
    Cover,
    Element,
    Folios,
    HeadingAlign,
    Imprint,
    Matter,
    PartTitle,
    Piece,
    RunningHeads,
    Section,
    TitlePage,
)
from .presets import DEFAULT_PRESET, PRESETS, check_preset
from .imprint import imprint_lines
from .wording import author_note_line, credit_line, source_line, subtitle_line, title_text


def is_book(compilation: Compilation) -> bool:
    """Whether ``compilation`` prints as a book: it has more than one article, front or
    back matter, a titled part, or book metadata beyond a title (subtitle, compiling
    body, year, publisher, notice, 准印证号, 发送对象, printer, print run, edition date,
    cover).
    One article on its own prints as itself."""
    m = compilation.meta
    return (
        len(compilation.articles) > 1
        or bool(compilation.front or compilation.back)
        or any(p.title for p in compilation.parts)
        or any((m.subtitle, m.compiler, m.year, m.publisher, m.notice, m.permit, m.recipients,
                m.printer, m.print_run, m.edition_date, m.cover))
    )


# The first sentence of a paragraph, without its stop: 只有一段，没有标题。 -> 只有一段，没有标题
_SENTENCE = re.compile(r"([^。！？；]+)[。！？；]")


def article_label(article: Article, number: int) -> str:
    """An article's name in the 目录, the navigation and a running head: its title, else
    the first sentence of its text when that is short (at most 24 characters), else the
    first 16 characters and ``……``, else ``第n篇``."""
    if article.title:
        return title_text(article.title)
    for b in article.body:
        if isinstance(b, Paragraph) and b.text:
            sentence = _SENTENCE.match(b.text)
            if sentence and len(sentence[1]) <= 24:
                return sentence[1]
            return b.text[:16] + ("……" if len(b.text) > 16 else "")
    return f"第{number}篇"


def year_line(meta: BookMeta) -> str | None:
    """``2025年`` on the cover and the 扉页."""
    return f"{meta.year}年" if meta.year else None


def creators(compilation: Compilation) -> tuple[str, ...]:
    """The compiling body, else every credited person once, in order of appearance."""
    if compilation.meta.compiler:
        return (compilation.meta.compiler,)
    names: list[str] = []
    for a in compilation.articles:
        for c in a.printed_credits:
            if c.name not in names:
                names.append(c.name)
    return tuple(names)


def article_pieces(article: Article) -> tuple[Piece, ...]:
    """What an article prints, in order: kicker (its column), title, ——subtitle, byline,
    body, （author note）, （source）; each only when the article has it."""
    pieces: list[Piece] = []
    if article.column:
        pieces.append(Piece(kind="kicker", text=article.column))
    if article.title:
        pieces.append(Piece(kind="title", text=title_text(article.title)))
    if article.subtitle:
        pieces.append(Piece(kind="subtitle", text=title_text(subtitle_line(article.subtitle))))
    if article.printed_credits:
        pieces.append(Piece(kind="byline", text=credit_line(article.printed_credits)))
    pieces.append(Piece(kind="body"))
    if article.author_note:
        pieces.append(Piece(kind="author-note", text=author_note_line(article.author_note)))
    src = source_line(article)
    if src:
        pieces.append(Piece(kind="source", text=src))
    return tuple(pieces)


def printed_body(body: tuple[Block, ...]) -> tuple[Block, ...]:
    """``body`` as it prints: a standalone heading's text as a title's
    (:func:`~.wording.title_text`); a run-in heading is a sentence of its paragraph and
    stays as it is."""
    out: list[Block] = []
    for b in body:
        if isinstance(b, Heading) and not b.run_in:
            text = title_text(b.text)
            if text != b.text:
                b = dataclasses.replace(b, text=text)
        out.append(b)
    return tuple(out)


def sections(body: tuple[Block, ...]) -> tuple[Section, ...]:
    """Every heading of ``body`` with text: level 1 for 一、, a standalone heading or a
    run-in lead sentence, level 2 for （一）."""
    return tuple(
        Section(label=b.text, level=1 if (b.run_in or b.level <= 1) else 2, block=i)
        for i, b in enumerate(body)
        if isinstance(b, Heading) and b.text
    )


# A heading that carries its number: 一、 （一） 1. 1、 （1）.  Matches "二、党建引领凝聚共识",
# "（三）强化保障"; not "强化政治引领，夯实团结奋斗之基" nor "2025年工作回顾".
_NUMBERED_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|\d+[.．、](?!\d)|（\d+）)")


def heading_align(body: tuple[Block, ...], preset: str) -> tuple[HeadingAlign, HeadingAlign]:
    """How the level-1 and level-2 headings of ``body`` are set, the same for every
    heading of a level: flush at the body's indent (``indent``) when one of them carries
    its number (一、 （一）: a numbered series is set as GB/T 9704 sets it, and a heading
    whose number the source lost, such as an article's first without its 一、, is set
    as its numbered siblings), centred when none does; always ``indent`` in the
    ``gbt9704`` preset (GB/T 9704 §7.3.3)."""
    numbered = [False, False]
    for b in body:
        if isinstance(b, Heading) and not b.run_in and _NUMBERED_HEADING.match(b.text):
            numbered[0 if b.level <= 1 else 1] = True
    if preset == "gbt9704":
        return ("indent", "indent")
    return ("indent" if numbered[0] else "center", "indent" if numbered[1] else "center")


class _BodyFields(TypedDict):
    body: tuple[Block, ...]
    sections: tuple[Section, ...]
    heading_align: tuple[HeadingAlign, HeadingAlign]


def _body(body: tuple[Block, ...], preset: str) -> _BodyFields:
    """A text element's body as it prints, its sections and how its headings are set."""
    printed = printed_body(body)
    return {"body": printed, "sections": sections(printed),
            "heading_align": heading_align(body, preset)}


def plan_book(compilation: Compilation, preset: str = DEFAULT_PRESET, *,
              new_recto: bool = False) -> Book:
    """The plan of ``compilation`` printed in ``preset``; ``new_recto`` opens every
    article of a book on a recto.  Pure: the same input gives an equal plan."""
    name = check_preset(preset)
    meta = compilation.meta
    who = creators(compilation)
    if not is_book(compilation):
        singles: list[Element] = []
        for n, article in enumerate(compilation.articles, start=1):
            singles.append(ArticleElement(
                key=f"article-{n}", folios=Folios(style="arabic", restart=n == 1),
                label=article_label(article, n), pieces=article_pieces(article),
                **_body(article.body, name), article=article, number=n,
                photos=article_photos(article)))
        return Book(preset=name, is_book=False, title=title_text(meta.title), creators=who,
                    publisher=meta.publisher, language=meta.language, elements=tuple(singles))

    title = title_text(meta.title)
    subtitle = title_text(meta.subtitle) if meta.subtitle else None
    elements: list[Element] = [
        Cover(key="cover", opening="recto", title=title, subtitle=subtitle,
              lines=tuple(t for t in (meta.compiler, year_line(meta)) if t),
              notice=tuple(t for t in (meta.notice, meta.permit) if t), image=meta.cover),
        TitlePage(key="title-page", opening="recto", title=title, subtitle=subtitle,
                  lines=tuple(t for t in (meta.compiler, meta.publisher, year_line(meta)) if t)),
    ]
    with_heads = PRESETS[name].running_heads

    def heads(recto: str) -> RunningHeads | None:
        """The book's title on versos, ``recto`` on rectos; none in a preset without
        running heads (``gbt9704``)."""
        return RunningHeads(verso=title, recto=recto) if with_heads else None

    imprint, extent_at = imprint_lines(meta, name)
    if imprint:
        elements.append(Imprint(key="imprint", opening="verso", lines=imprint, extent_at=extent_at))

    entries: list[ContentsEntry] = []
    front_started = False

    def front_folios() -> Folios:
        nonlocal front_started
        restart = not front_started
        front_started = True
        return Folios(style="roman", restart=restart)

    def matter(place: Literal["front", "back"], k: int, given: MatterModel, folios: Folios) -> Matter:
        """Front or back matter (编辑说明, 编后记): it opens on a recto, its title its
        running head and its 目录 entry."""
        key = f"{place}-{k}"
        heading = title_text(given.title)
        entries.append(ContentsEntry(kind=place, label=heading, target=key))
        return Matter(
            key=key, opening="recto", folios=folios,
            heads=heads(heading), label=heading,
            place=place, title=heading,
            pieces=(Piece(kind="title", text=heading), Piece(kind="body")),
            **_body(given.body, name))

    for k, given in enumerate(compilation.front, start=1):
        elements.append(matter("front", k, given, front_folios()))

    body: list[Element] = []
    body_started = False

    def body_folios(on_opening: bool = True) -> Folios:
        nonlocal body_started
        restart = not body_started
        body_started = True
        return Folios(style="arabic", restart=restart, on_opening=on_opening)

    number = 0
    for p, part in enumerate(compilation.parts, start=1):
        after_part_title = False
        part_title = title_text(part.title) if part.title else None
        if part_title:
            key = f"part-{p}"
            body.append(PartTitle(key=key, opening="recto", folios=body_folios(on_opening=False),
                                  label=part_title, title=part_title))
            entries.append(ContentsEntry(kind="part", label=part_title, target=key, numbered=False))
            after_part_title = True
        for article in part.articles:
            number += 1
            key = f"article-{number}"
            label = article_label(article, number)
            first = not body_started
            body.append(ArticleElement(
                key=key, opening="recto" if (after_part_title or first or new_recto) else "next",
                folios=body_folios(), heads=heads(part_title or label),
                label=label, level=1 if part_title else 0, pieces=article_pieces(article),
                **_body(article.body, name), article=article, number=number, part=part_title,
                photos=article_photos(article)))
            byline = credit_line(article.printed_credits) or None
            entries.append(ContentsEntry(kind="article", label=label, target=key,
                                         level=2 if part_title else 1, byline=byline))
            after_part_title = False
    for k, given in enumerate(compilation.back, start=1):
        body.append(matter("back", k, given, body_folios()))

    if body:
        contents = Contents(key="contents", opening="recto", folios=front_folios(),
                            heads=heads("目\u3000录"), label="目录",
                            entries=tuple(entries))
        elements.append(contents)
    elements += body
    return Book(preset=name, is_book=True, title=title, creators=who,
                publisher=meta.publisher, language=meta.language, elements=tuple(elements))
