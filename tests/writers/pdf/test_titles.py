"""A title too long for one line breaks between its phrases, never inside one (GB/T 9704
§7.3.1: 回行时要做到词意完整): at a space (凝聚智慧力量　共谱时代华章) or after a pause mark
(，、：；。！？), in the PDF's article titles, subtitles, part titles and on the cover and
the 扉页, when every phrase fits a line; the lines stay as even as the phrases allow.

The titles below are of our own writing, shaped like the titles of the sample articles:
two or three phrases of unequal length, which a breaker that only evens out the lines
cuts inside the longer phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

import cppcc_publish
from cppcc_publish.book import ArticleElement, Cover, PartTitle, TitlePage, plan_book
from cppcc_publish.model import Article, BookMeta, Compilation, Paragraph, Part
from cppcc_publish.typography.fonts import FontSet
from cppcc_publish.writers.pdf import presets as pdf
from cppcc_publish.writers.pdf.compose import (
    Context,
    cover_page,
    display,
    part_items,
    text_items,
    title_page,
)

TITLES = (
    "政协委员在行动 助力全面推进乡村振兴和城乡融合发展",
    "聚焦主责主业，持续深化专题协商和民主监督工作",
    "学习贯彻全会精神 凝聚共识 推动市政协各项工作取得新成效",
    "石嘴山市政协主席张宏伟：坚定信心 汇聚合力 以实干笃行创造新的发展实绩",
    "以“五员”担当推动两会精神落地见效",
)
_SPACE = re.compile(r"[ \u3000]+")


def phrases(title: str) -> list[str]:
    """The title's phrases, as printed: split at spaces and after pause marks."""
    out = []
    for chunk in _SPACE.split(display(title)):
        out += [p for p in re.split(r"(?<=[，、：；。！？])", chunk) if p]
    return out


def broken_inside(title: str, lines: list[str], fits: Callable[[str], bool]) -> list[str]:
    """Every line end that falls inside a phrase of ``title`` that ``fits`` a line (one
    that does not must break inside, and only there)."""
    inside: set[int] = set()
    at = 0
    for p in phrases(title):
        if fits(p):
            inside.update(range(at + 1, at + len(p)))
        at += len(p)
    bad = []
    at = 0
    for line in lines[:-1]:
        at += len(_SPACE.sub("", line))
        if at in inside:
            bad.append(f"{line}|")
    return bad


def article(title: str) -> Article:
    return Article(title=title, subtitle=title, body=(Paragraph(text="正文一段。"),))


@pytest.mark.parametrize("name", pdf.PRESETS)
def test_titles_break_between_phrases_in_every_preset(name: str) -> None:
    book = plan_book(Compilation(
        meta=BookMeta(title=TITLES[0], subtitle=TITLES[1], compiler="某市政协办公室 编"),
        parts=(Part(title=TITLES[2], articles=tuple(article(t) for t in TITLES)),)), name)
    fonts = FontSet(system_fonts=False)
    fonts.faces["fangsong"] = fonts.faces["kai"]
    p = pdf.preset(name)
    ctx = Context(preset=p, fonts=fonts)
    # (text, lines as printed, size, width of the line)
    set_: list[tuple[str, list[str], float, float]] = []
    for e in book.elements:
        if isinstance(e, PartTitle):
            item = part_items(ctx, e)[0]
            set_.append((e.title, [ln.text for ln in item.lines], item.size, p.measure))
        elif isinstance(e, (Cover, TitlePage)):
            page = cover_page(ctx, e) if isinstance(e, Cover) else title_page(ctx, e)
            width = p.page[0] - 2 * max(p.outer, p.inner) if isinstance(e, Cover) else p.measure
            for title in (e.title, e.subtitle or ""):
                # the page's lines of this title: those of its size, in order
                size = next(pl.line.runs[0].size for pl in page.lines
                            if display(title).startswith(pl.line.text))
                lines = [pl.line.text for pl in page.lines if pl.line.runs[0].size == size]
                set_.append((title, lines, size, width))
        elif isinstance(e, ArticleElement):
            for item in text_items(ctx, e):
                if item.kind in ("title", "subtitle"):
                    text = e.article.title or ""
                    set_.append((text if item.kind == "title" else "——" + text,
                                 [ln.text for ln in item.lines], item.size, p.measure))
    bad = []
    wrapped = 0
    for title, lines, size, width in set_:
        wrapped += len(lines) > 1
        assert _SPACE.sub("", "".join(lines)) == _SPACE.sub("", display(title)), (title, lines)
        bad += [f"{title}: {b}" for b in broken_inside(
            title, lines, lambda phrase: len(phrase) * size <= width)]  # noqa: B023
    assert wrapped >= 8, wrapped
    assert not bad, "\n".join(bad)


def test_the_pdf_prints_a_long_title_in_whole_phrases(tmp_path: Path) -> None:
    dest = tmp_path / "one.pdf"
    cppcc_publish.write(article(TITLES[0]), "pdf", dest, {"system_fonts": False})
    with pdfplumber.open(dest) as doc:
        words = doc.pages[0].extract_text_lines()
    lines = [_SPACE.sub("", w["text"]) for w in words[:2]]
    assert lines == ["政协委员在行动", "助力全面推进乡村振兴和城乡融合发展"]
