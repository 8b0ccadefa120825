"""The plan is the only place that knows the book's structure: change one element of a
plan and the PDF, the DOCX and the EPUB all follow, each rendering the changed plan."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from lxml import etree

from cppcc_publish.book import ArticleElement, Book, Contents, Imprint, plan_book
from cppcc_publish.manifest import load_manifest
from cppcc_publish.options import ReadOptions
from cppcc_publish.publish import compile_book, read_articles
from cppcc_publish.writers import docx as docx_writer
from cppcc_publish.writers import epub as epub_writer
from cppcc_publish.writers import get_writer
from cppcc_publish.writers import pdf as pdf_writer

ROOT = Path(__file__).resolve().parents[2]
TS = "2025-12-01T00:00:00Z"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub("", text)


@pytest.fixture(scope="module")
def plan() -> Book:
    m = load_manifest(ROOT / "examples" / "yearbook.yaml")
    paths = list(dict.fromkeys(e.path for p in m.parts for e in p.articles if not e.exclude))
    articles, _ = read_articles(paths, ReadOptions(keep_script=m.keep_script,
                                                   protected_words=m.protected_words))
    return plan_book(compile_book(m, articles), "book")


class Outputs:
    """The three formats rendered from one plan, read back."""

    def __init__(self, book: Book, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.pdf_path = folder / "b.pdf"
        self.docx_path = folder / "b.docx"
        self.epub_path = folder / "b.epub"
        pdf_writer.render(book, self.pdf_path, self.options("pdf", system_fonts=False))
        docx_writer.render(book, self.docx_path, self.options("docx", preset="book"))
        epub_writer.render(book, self.epub_path, self.options("epub"))

    @staticmethod
    def options(fmt: str, **extra: Any) -> dict[str, Any]:
        if fmt == "docx":  # the structure, not LibreOffice's layout (tests/writers/docx)
            extra.setdefault("libreoffice", False)
        return get_writer(fmt).validate({"timestamp": TS, **extra})

    def pdf_pages(self) -> list[str]:
        return [squash(p.extract_text() or "") for p in pypdf.PdfReader(self.pdf_path).pages]

    def docx_paragraphs(self) -> list[tuple[str, str]]:
        d = docx.Document(str(self.docx_path))
        return [(p.style.name if p.style is not None else "", p.text) for p in d.paragraphs]

    def docx_section_types(self) -> list[str]:
        d = docx.Document(str(self.docx_path))
        return [str(s.start_type).split(".")[-1].split(" ")[0] for s in d.sections]

    def epub_spine(self) -> list[str]:
        with zipfile.ZipFile(self.epub_path) as z:
            opf = etree.fromstring(z.read("EPUB/content.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        items = {i.get("id"): i.get("href") for i in opf.iterfind("opf:manifest/opf:item", ns)}
        return [items[r.get("idref")] for r in opf.iterfind("opf:spine/opf:itemref", ns)]

    def epub_blocks(self, name: str) -> list[tuple[str, str]]:
        with zipfile.ZipFile(self.epub_path) as z:
            root = etree.fromstring(z.read(f"EPUB/{name}"))
        out = []
        for el in root.iterfind(".//x:body//*", XHTML):
            tag = etree.QName(el).localname
            if tag in ("p", "h1", "h2", "h3", "a"):
                cls = el.get("class")
                out.append((f"{tag}.{cls}" if cls else tag, "".join(el.itertext())))
        return out


def replace_element(book: Book, key: str, **changes: Any) -> Book:
    elements = tuple(dataclasses.replace(e, **changes) if e.key == key else e for e in book.elements)
    return dataclasses.replace(book, elements=elements)


def test_writers_render_the_plan_they_are_given(plan: Book, tmp_path: Path) -> None:
    """``write`` is ``plan_book`` then ``render``: the same bytes either way."""
    import cppcc_publish
    from cppcc_publish.publish import compile_book as compile_

    m = load_manifest(ROOT / "examples" / "yearbook.yaml")
    paths = list(dict.fromkeys(e.path for p in m.parts for e in p.articles if not e.exclude))
    articles, _ = read_articles(paths, ReadOptions())
    compilation = compile_(m, articles)
    out = Outputs(plan, tmp_path / "plan")
    cppcc_publish.write(compilation, "epub", tmp_path / "w.epub", {"timestamp": TS})
    cppcc_publish.write(compilation, "docx", tmp_path / "w.docx",
                        {"timestamp": TS, "preset": "book", "libreoffice": False})
    assert (tmp_path / "w.epub").read_bytes() == out.epub_path.read_bytes()
    assert (tmp_path / "w.docx").read_bytes() == out.docx_path.read_bytes()


def test_an_article_s_pieces_follow_the_plan_s_order(plan: Book, tmp_path: Path) -> None:
    first = plan.articles[0]
    pieces = first.pieces
    source = next(p for p in pieces if p.kind == "source")
    # print the source note right under the title, before the body
    moved = (pieces[0], source, *[p for p in pieces[1:] if p is not source])
    out = Outputs(replace_element(plan, first.key, pieces=moved), tmp_path)
    title, src = squash(pieces[0].text), squash(source.text)
    body = squash(first.body[0].text)[:20]
    # PDF: on the article's opening page the source note comes between title and body
    page = next(p for p in out.pdf_pages() if p.startswith(title))
    assert page.index(title) < page.index(src) < page.index(body)
    # DOCX: the Source Note paragraph follows the Title
    paras = out.docx_paragraphs()
    k = next(i for i, (s, t) in enumerate(paras) if s == "Title" and t == pieces[0].text)
    assert paras[k + 1] == ("Source Note", source.text)
    # EPUB: the source paragraph follows the h1
    blocks = out.epub_blocks("text/a001.xhtml")
    assert blocks[:2] == [("h1", pieces[0].text), ("p.source", source.text)]


def test_a_contents_label_changed_in_the_plan_shows_in_every_contents(plan: Book, tmp_path: Path) -> None:
    contents = plan.contents
    assert contents is not None
    target = plan.articles[1].key
    entries = tuple(dataclasses.replace(x, label="改过的目录标签") if x.target == target else x
                    for x in contents.entries)
    out = Outputs(replace_element(plan, contents.key, entries=entries), tmp_path)
    assert any("改过的目录标签" in p for p in out.pdf_pages())
    assert any(s.startswith("toc") and t.startswith("改过的目录标签") for s, t in out.docx_paragraphs())
    nav = [t for tag, t in out.epub_blocks("nav.xhtml") if tag == "a"]
    assert any(t.startswith("改过的目录标签") for t in nav)


def test_dropping_the_imprint_from_the_plan_drops_it_everywhere(plan: Book, tmp_path: Path) -> None:
    lines = next(e for e in plan.elements if isinstance(e, Imprint)).lines
    before = Outputs(plan, tmp_path / "with")
    book = dataclasses.replace(plan, elements=tuple(e for e in plan.elements if not isinstance(e, Imprint)))
    out = Outputs(book, tmp_path / "without")
    printer = squash(next(t for t in lines if t.startswith("印刷单位")))
    assert any(printer in p for p in before.pdf_pages())
    assert not any(printer in p for p in out.pdf_pages())
    # the front matter still opens on a recto: the 版本记录's page is now blank
    pages = out.pdf_pages()
    assert pages[3] == "" and pages[4].startswith("编辑说明")
    assert [s for s, _ in before.docx_paragraphs()].count("Imprint") == len(lines) + 2  # 印张, 字数
    assert "Imprint" not in [s for s, _ in out.docx_paragraphs()]
    assert "text/imprint.xhtml" in before.epub_spine()
    assert "text/imprint.xhtml" not in out.epub_spine()


def test_openings_and_numbering_follow_the_plan(plan: Book, tmp_path: Path) -> None:
    second = plan.articles[1]
    assert second.opening == "next"
    contents = plan.contents
    assert contents is not None and contents.folios is not None
    book = replace_element(plan, second.key, opening="recto")
    # and number the front matter in Arabic instead of roman
    front = [e for e in book.elements if e.folios is not None and e.folios.style == "roman"]
    for e in front:
        book = replace_element(book, e.key, folios=dataclasses.replace(e.folios, style="arabic"))
    out = Outputs(book, tmp_path)
    reader = pypdf.PdfReader(out.pdf_path)
    labels = reader.page_labels
    pages = out.pdf_pages()
    k = next(i for i, p in enumerate(pages) if p.startswith(squash(second.pieces[0].text)))
    assert k % 2 == 0  # a recto: an odd page counted from the cover
    assert labels[4] == "1" and not any(re.fullmatch("[ivx]+", lb) for lb in labels)
    types = out.docx_section_types()
    index = [e.key for e in book.elements].index(second.key)
    assert types[index] == "ODD_PAGE"
    sect = docx.Document(str(out.docx_path)).sections[[e.key for e in book.elements].index("front-1")]
    fmt = sect._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType")
    assert fmt.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fmt") == "decimal"


def test_the_contents_lists_the_same_entries_in_every_format(plan: Book, tmp_path: Path) -> None:
    """For the example yearbook: the PDF's 目录, the DOCX's 目录 and the EPUB's navigation
    list the plan's entries, with the same labels, in the same order."""
    out = Outputs(plan, tmp_path)
    contents = plan.contents
    assert isinstance(contents, Contents)
    want = [squash(x.label) for x in contents.entries]
    # PDF: the 目录 pages, read in order
    pages = out.pdf_pages()
    start = next(i for i, p in enumerate(pages) if p.startswith("目录"))
    text = "".join(pages[start:start + 2])
    pos = 0
    for label in want:
        at = text.find(label, pos)
        assert at >= 0, label
        pos = at + len(label)
    # DOCX: the 目录 paragraphs, each an entry's label (and byline)
    bylines = [squash(x.byline or "") for x in contents.entries]
    got = [squash(t.split("\t")[0]) for s, t in out.docx_paragraphs() if s.startswith("toc")]
    assert got == [label + byline for label, byline in zip(want, bylines)]
    # EPUB: the navigation's visible entries (sections are hidden below their article)
    with zipfile.ZipFile(out.epub_path) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    links = [a for a in nav.iterfind(".//x:nav[@id='toc']//x:a", XHTML)
             if not any(ol.get("hidden") for ol in a.iterancestors("{http://www.w3.org/1999/xhtml}ol"))]
    assert [squash("".join(a.itertext())) for a in links] == [l + b for l, b in zip(want, bylines)]


@pytest.mark.parametrize("name", ["untitled-articles", "only-front-matter", "gbt9704-several", "one-article"])
def test_edge_case_plans_render_in_every_format(name: str, tmp_path: Path) -> None:
    from test_plan import EDGE_CASES

    compilation, preset = EDGE_CASES[name]
    book = plan_book(compilation, preset)
    pdf_writer.render(book, tmp_path / "e.pdf", Outputs.options("pdf", system_fonts=False))
    docx_opts = Outputs.options("docx", preset=preset if preset != "a5" else "book")
    docx_writer.render(book, tmp_path / "e.docx", docx_opts)
    epub_writer.render(book, tmp_path / "e.epub", Outputs.options("epub"))
    pages = [squash(p.extract_text() or "") for p in pypdf.PdfReader(tmp_path / "e.pdf").pages]
    text = "".join(pages)
    for element in book.elements:
        if isinstance(element, ArticleElement):
            for block in element.body:
                assert squash(block.text) in text
    if book.is_book:
        assert pages[0].startswith(squash(book.title))  # the cover
        contents = book.contents
        if contents is not None:
            labels = [x.label for x in contents.entries]
            d = docx.Document(io.BytesIO((tmp_path / "e.docx").read_bytes()))
            toc = [p.text.split("\t")[0] for p in d.paragraphs if p.style is not None
                   and p.style.name.startswith("toc")]
            assert [squash(t) for t in toc] == [squash(label) for label in labels]


def test_epubcheck_passes_every_edge_case(tmp_path: Path) -> None:
    import epubcheck_run
    from test_plan import EDGE_CASES

    from cppcc_publish.model import BookMeta, Compilation

    why = epubcheck_run.available()
    if why:
        pytest.skip(why)
    books = {name: plan_book(c, p) for name, (c, p) in EDGE_CASES.items()}
    books["empty"] = plan_book(Compilation(meta=BookMeta(title="空")))
    paths = []
    for name, book in books.items():
        paths.append(tmp_path / f"{name}.epub")
        epub_writer.render(book, paths[-1], Outputs.options("epub"))
    results = epubcheck_run.check(paths)
    bad = {p.name: r.output[-1500:] for p, r in results.items() if (r.fatals, r.errors, r.warnings) != (0, 0, 0)}
    assert len(results) == len(paths) and not bad, bad
