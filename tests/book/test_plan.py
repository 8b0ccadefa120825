"""The book plan: golden dumps of the example books and of edge cases, and the rules
every plan follows (one definition of a book, sequences of folios, recto openings)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from golden import check_golden

from cppcc_publish.book import (
    ArticleElement,
    Book,
    Contents,
    Cover,
    Imprint,
    Matter,
    PartTitle,
    TitlePage,
    dump_book,
    is_book,
    plan_book,
)
from cppcc_publish.errors import OptionError
from cppcc_publish.manifest import load_manifest
from cppcc_publish.model import (
    Article,
    BookMeta,
    Compilation,
    Credit,
    Heading,
    Matter as MatterText,
    Paragraph,
    Part,
    Source,
)
from cppcc_publish.options import ReadOptions
from cppcc_publish.publish import compile_book, read_articles

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


def compiled(manifest: str) -> Compilation:
    m = load_manifest(ROOT / "examples" / manifest)
    paths = list(dict.fromkeys(e.path for p in m.parts for e in p.articles if not e.exclude))
    articles, _ = read_articles(paths, ReadOptions(keep_script=m.keep_script,
                                                   protected_words=m.protected_words))
    return compile_book(m, articles)


def article(title: str | None, *texts: str, byline: str | None = None) -> Article:
    body = tuple(Paragraph(text=t) for t in texts) or (Paragraph(text="正文一段。"),)
    authors = (Credit(name=byline, role="author"),) if byline else ()
    return Article(title=title, body=body, authors=authors)


EDGE_CASES: dict[str, tuple[Compilation, str]] = {
    "one-article": (Compilation.of(Article(
        title="一篇文章", subtitle="副题", column="专栏", authors=(Credit(name="张三", role="reporter"),),
        author_note="作者系某市政协委员", date=dt.date(2025, 3, 1), source=Source(name="某报"),
        body=(Paragraph(text="导语。"), Heading(text="一、第一部分"), Paragraph(text="正文。"),
              Heading(text="抓学习。", run_in=True), Paragraph(text="学习的内容。"),
              Heading(text="（一）小节", level=2), Paragraph(text="小节正文。")))), "book"),
    "untitled-articles": (Compilation.of(
        article(None, "只有一段，没有标题。"),
        article(None, "这一段很长很长很长很长很长很长很长很长很长很长很长很长很长没有句号"),
        Article(body=(Heading(text="只有标题行"),)),
        title="无题文集"), "book"),
    "no-parts": (Compilation(
        meta=BookMeta(title="文稿选编", compiler="某市政协办公室 编", year=2025),
        parts=(Part(title=None, articles=(article("第一篇", byline="李四"), article("第二篇"))),)), "book"),
    "only-front-matter": (Compilation(
        meta=BookMeta(title="说明", compiler="某市政协办公室 编"),
        front=(MatterText(title="编辑说明", body=(Paragraph(text="本书只有说明。"),)),)), "book"),
    "gbt9704-several": (Compilation.of(
        article("关于某事的通知", "各单位：现将有关事项通知如下。"),
        article("关于另一事的报告", "现将有关情况报告如下。"),
        title="文件汇编"), "gbt9704"),
    "one-article-with-metadata": (Compilation(
        meta=BookMeta(title="单篇印本", printer="某印刷厂"),
        parts=(Part(title=None, articles=(article("单篇"),)),)), "a5"),
}


@pytest.mark.parametrize("manifest,preset", [("yearbook.yaml", "book"), ("study-ebook.yaml", "a5")])
def test_example_books_match_their_golden_plans(manifest: str, preset: str) -> None:
    plan = plan_book(compiled(manifest), preset)
    check_golden(GOLDEN / manifest, dump_book(plan))


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_cases_match_their_golden_plans(name: str) -> None:
    compilation, preset = EDGE_CASES[name]
    check_golden(GOLDEN / f"{name}.yaml", dump_book(plan_book(compilation, preset)))


def all_plans() -> list[Book]:
    plans = [plan_book(c, p) for c, p in EDGE_CASES.values()]
    plans.append(plan_book(compiled("yearbook.yaml"), "book"))
    plans.append(plan_book(compiled("yearbook.yaml"), "gbt9704", new_recto=True))
    return plans


def test_the_plan_is_pure_and_frozen() -> None:
    compilation, preset = EDGE_CASES["no-parts"]
    a, b = plan_book(compilation, preset), plan_book(compilation, preset)
    assert a == b and a is not b
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.elements[0].opening = "next"  # type: ignore[misc]


def test_one_definition_of_a_book() -> None:
    one = article("一篇")
    assert not is_book(Compilation.of(one))
    assert is_book(Compilation.of(one, article("两篇")))  # several articles
    assert is_book(Compilation(meta=BookMeta(title="书"), parts=(Part(title="栏目", articles=(one,)),)))
    for field in ("subtitle", "compiler", "publisher", "notice", "permit", "recipients", "printer",
                  "cover"):
        meta = dataclasses.replace(BookMeta(title="书"), **{field: "有"})
        assert is_book(Compilation(meta=meta, parts=(Part(title=None, articles=(one,)),))), field
    for field, value in (("year", 2025), ("print_run", 500), ("edition_date", dt.date(2025, 1, 1))):
        meta = dataclasses.replace(BookMeta(title="书"), **{field: value})
        assert is_book(Compilation(meta=meta, parts=(Part(title=None, articles=(one,)),))), field
    # not a book: the article alone, numbered from 1, no heads
    plan = plan_book(Compilation.of(one))
    assert not plan.is_book and [e.key for e in plan.elements] == ["article-1"]
    (element,) = plan.elements
    assert element.heads is None and element.folios is not None and element.folios.restart


def test_every_plan_follows_the_rules() -> None:
    for plan in all_plans():
        keys = [e.key for e in plan.elements]
        assert len(keys) == len(set(keys)), keys
        if not plan.is_book:
            continue
        kinds = [type(e) for e in plan.elements]
        # cover, 扉页, (版本记录) first
        assert kinds[:2] == [Cover, TitlePage]
        assert all(k not in (Cover, TitlePage, Imprint) for k in kinds[3:])
        # folios: none before the front matter, roman then arabic, each sequence restarting
        # once, on an element that opens on a recto
        styles = [e.folios.style if e.folios else None for e in plan.elements]
        numbered = [s for s in styles if s]
        assert numbered == sorted(numbered, key=lambda s: s == "arabic")
        for e in plan.elements:
            if e.folios and e.folios.restart:
                assert e.opening == "recto", e.key
        assert sum(1 for e in plan.elements if e.folios and e.folios.restart) == len(set(numbered))
        # every element that starts a part of the book opens on a recto
        for e in plan.elements:
            if isinstance(e, (TitlePage, Matter, Contents, PartTitle)):
                assert e.opening == "recto", e.key
            if isinstance(e, Imprint):
                assert e.opening == "verso"
        # the first article after a part-title page opens on its recto (the verso blank)
        for before, e in zip(plan.elements, plan.elements[1:]):
            if isinstance(before, PartTitle):
                assert isinstance(e, ArticleElement) and e.opening == "recto"
                assert before.folios is not None and not before.folios.on_opening
                assert before.heads is None
        # the 目录 points at elements that exist, in print order
        contents = plan.contents
        if contents is not None:
            order = {k: i for i, k in enumerate(keys)}
            targets = [order[x.target] for x in contents.entries]
            assert targets == sorted(targets)
            assert all(x.numbered == (x.kind != "part") for x in contents.entries)
            labels = {e.key: e.label for e in plan.elements}
            assert all(x.label == labels[x.target] for x in contents.entries)
        # running heads: the book's title on versos
        assert all(e.heads.verso == plan.title for e in plan.elements if e.heads)


def test_article_pieces_in_print_order() -> None:
    (element,) = plan_book(EDGE_CASES["one-article"][0]).elements
    assert isinstance(element, ArticleElement)
    assert [(p.kind, p.text) for p in element.pieces] == [
        ("kicker", "专栏"), ("title", "一篇文章"), ("subtitle", "——副题"), ("byline", "记者　张三"),
        ("body", ""), ("author-note", "（作者系某市政协委员）"), ("source", "（原载《某报》2025年3月1日）")]
    assert [(s.label, s.level, s.block) for s in element.sections] == [
        ("一、第一部分", 1, 1), ("抓学习。", 1, 3), ("（一）小节", 2, 5)]


def test_new_recto_opens_every_article_on_a_recto() -> None:
    plan = plan_book(compiled("yearbook.yaml"), new_recto=True)
    assert all(e.opening == "recto" for e in plan.articles)
    default = plan_book(compiled("yearbook.yaml"))
    assert [e.opening for e in default.articles] == ["recto", "next", "recto", "next", "recto"]


def test_presets_are_named_once() -> None:
    import json
    from importlib import resources

    from cppcc_publish.book.presets import FORMAT_PRESETS, PRESETS
    from cppcc_publish.manifest import FORMAT_PRESETS as manifest_presets
    from cppcc_publish.writers import get_writer

    assert manifest_presets is FORMAT_PRESETS
    for fmt, names in FORMAT_PRESETS.items():
        assert set(names) <= set(PRESETS)
        opt = get_writer(fmt).options.get("preset")
        assert (opt.choices if opt is not None else ()) == names
    schema = json.loads(resources.files("cppcc_publish.data").joinpath("manifest.schema.json").read_text("utf-8"))
    text = json.dumps(schema, ensure_ascii=False)
    assert all(f'"{name}"' in text for name in PRESETS)
    with pytest.raises(OptionError, match="unknown preset 'b5'"):
        plan_book(Compilation.of(article("一篇")), "b5")


def test_a_gbt9704_book_has_no_running_heads() -> None:
    """A 公文 prints its 页码 and no 页眉 (GB/T 9704): the plan of a book in ``gbt9704``
    gives no element running heads, so an opening page's folio is the same as any other
    page's; the book preset gives them to every numbered element."""
    book = compiled("yearbook.yaml")
    gb = plan_book(book, "gbt9704")
    assert all(e.heads is None for e in gb.elements)
    plan = plan_book(book, "book")
    assert all(e.heads is not None for e in plan.elements
               if e.folios is not None and e.folios.on_opening)
