"""The example yearbook as a printed book: cover, 扉页, 版本记录, 编辑说明, 目录,
part-title pages, articles, 编后记; a 目录 whose page numbers are the printed folios of
the pages the articles start on; running heads; the outline; every paragraph in order.

The PDF is read back with pypdf only; page furniture (running head, folio) is told from
the text by its position: above or below the type area of the ``book`` preset.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from printing import compiled

import cppcc_publish
from cppcc_publish.book.wording import title_text
from cppcc_publish import writers
from cppcc_publish.book import Imprint, is_book, plan_book
from cppcc_publish.model import Compilation, Heading, Paragraph
from cppcc_publish.writers import pdf
from cppcc_publish.book.imprint import complete_imprint
from cppcc_publish.book.wording import credit_line, subtitle_line

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "yearbook.yaml"
ARTIFACTS = ROOT / "test-artifacts" / "pdf-book"
_WS = re.compile(r"\s+")
# A 目录 line that ends in dot leaders and a page number: "贯彻落实…… ········ 3".
_TOC_ENTRY = re.compile(r"^(?P<title>.*?)\s*·{3,}\s*(?P<page>\d+|[ivxl]+)$")


def squash(text: str) -> str:
    return _WS.sub("", text)


@dataclass
class PrintedPage:
    text: str
    """The page's text as pypdf extracts it (furniture included)."""
    body: str
    """The text inside the type area, white space removed."""
    head: str | None
    folio: str | None


def read_pages(path: Path) -> list[PrintedPage]:
    p = pdf.preset("book")
    height = p.page[1]
    out = []
    for page in pypdf.PdfReader(path).pages:
        chunks: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
            if text.strip():
                chunks.append((tm[5], text))

        text = page.extract_text(visitor_text=visit)
        head = "".join(t for y, t in chunks if y > height - p.top + 1)
        folio = "".join(t for y, t in chunks if y < p.bottom - 1)
        body = "".join(t for y, t in chunks if p.bottom - 1 <= y <= height - p.top + 1)
        out.append(PrintedPage(text, squash(body), squash(head) or None, squash(folio) or None))
    return out


@pytest.fixture(scope="module")
def yearbook(tmp_path_factory):  # type: ignore[no-untyped-def]
    """(the compiled book, the PDF's path, its pages) built through build()."""
    out = tmp_path_factory.mktemp("yearbook")
    report = cppcc_publish.build(MANIFEST, out_dir=out, only=["pdf"], strict=True, cache_dir=None,
                                 progress=False)
    assert report is not None
    book = compiled(MANIFEST)
    dest = out / "yearbook.pdf"
    return book, dest, read_pages(dest)


def test_a_manifest_book_prints_as_a_book_and_a_single_article_does_not(yearbook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book, _dest, _pages = yearbook
    assert is_book(book)
    article = book.articles[0]
    assert not is_book(Compilation.of(article))
    # several articles are a book in every format (the PDF printed them without a 目录 once)
    assert is_book(Compilation.of(*book.articles, title="选编"))
    dest = tmp_path / "one.pdf"
    writers.write(article, "pdf", dest, {"timestamp": "2025-03-01T08:00:00Z"})
    first = read_pages(dest)[0]
    # no cover, no 目录: the article's title is the first thing printed, its folio 1
    assert first.body.startswith(squash(article.title or "")) and first.folio == "1" and first.head is None


def test_print_order(yearbook) -> None:  # type: ignore[no-untyped-def]
    book, dest, pages = yearbook
    m = book.meta
    cover, inside, leaf, imprint = pages[:4]
    for words in (m.title, m.subtitle, m.compiler, m.notice, m.permit):
        assert squash(words) in squash(cover.text), words  # notice and 准印证号 in full on the cover
    assert not squash(inside.text)
    assert squash(leaf.text).startswith(squash(m.title))
    # the plan's record, its 印张 and 字数 counted on this PDF's pages
    record = complete_imprint(plan_book(book), len(pages)).element("imprint")
    assert isinstance(record, Imprint) and record.extent_at is None
    assert squash(imprint.text) == squash("".join(record.lines))
    # (the cover's notice stands in its foot margin, where a folio would)
    assert all(p.folio is None and p.head is None for p in pages[1:4])
    assert cover.head is None

    def first(pred) -> int:  # type: ignore[no-untyped-def]
        return next(k for k, p in enumerate(pages) if pred(p))

    preface = first(lambda p: p.body.startswith("编辑说明"))
    contents = first(lambda p: p.body.startswith("目录"))
    parts = [first(lambda p, t=part.title: p.body == squash(t)) for part in book.parts]
    afterword = first(lambda p: p.body.startswith("编后记"))
    assert 3 < preface < contents < parts[0] and parts == sorted(parts) and parts[-1] < afterword
    assert afterword == len(pages) - 1
    # 编辑说明, 目录, each part-title page and the 编后记 open on a recto (odd page)
    for k in (preface, contents, *parts, afterword):
        assert k % 2 == 0, k
    # a part-title page's verso is blank; blank pages carry no folio
    for k in parts:
        assert pages[k].folio is None and not squash(pages[k + 1].text)
    for p in pages:
        if not squash(p.text):
            assert p.folio is None and p.head is None
    # front matter in roman, the body in Arabic from 1 on the first part-title page's recto
    assert pages[preface].folio == "i" and pages[contents].folio == _roman_of(contents - preface + 1)
    for k in range(parts[0], len(pages)):
        if pages[k].folio is not None:
            assert pages[k].folio == str(k - parts[0] + 1), k
    # a viewer's page box shows the printed folio (PDF page labels)
    labels = pypdf.PdfReader(dest).page_labels
    assert labels[:4] == ["封面", "封二", "扉页", "版本记录"]
    for k, p in enumerate(pages[4:], start=4):
        if p.folio is not None:
            assert labels[k] == p.folio, k


def _roman_of(n: int) -> str:
    return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n - 1]


def toc_entries(pages: list[PrintedPage]) -> list[tuple[str, str]]:
    """(title, folio) of every 目录 entry with a number, wrapped titles joined."""
    start = next(k for k, p in enumerate(pages) if p.body.startswith("目录"))
    entries: list[tuple[str, int]] = []
    pending = ""
    for page in pages[start:]:
        if page.body and not page.body.startswith("目录") and page.head is None:
            break  # the next opening page: the 目录 has ended
        for line in page.text.splitlines():
            line = line.strip()
            if not line or line == page.folio or squash(line) == page.head:
                continue
            hit = _TOC_ENTRY.match(line)
            if hit:
                entries.append((squash(pending + hit["title"]), hit["page"]))
                pending = ""
            else:
                pending += line  # the first line of a title wrapped in the 目录, or a group title
    return entries


def test_toc_page_numbers_are_the_folios_the_articles_start_on(yearbook) -> None:  # type: ignore[no-untyped-def]
    book, _dest, pages = yearbook
    entries = toc_entries(pages)
    # the front matter (numbered in roman), every article and the back matter
    titles = [m.title for m in book.front] + [a.title or "" for a in book.articles] + \
        [m.title for m in book.back]
    assert len(entries) == len(titles)
    assert entries[0][0].endswith("编辑说明") and entries[0][1] == "i"  # (after the heading 目录)
    folio_page = {p.folio: k for k, p in enumerate(pages) if p.folio}
    for (got, number), title in zip(entries, titles):
        # the entry names the article (a group title may sit in front of the first one)
        assert got.endswith(squash(pdf.display(title))), (got, title)
        k = folio_page[number]
        # that page opens the article: its title at the top, no running head
        assert pages[k].head is None
        assert squash(pdf.display(title)) in pages[k].body[:120], (title, number)
    # authors under their articles, in the 目录
    contents = next(p for p in pages if p.body.startswith("目录")).body
    for a in book.articles:
        if a.printed_credits:
            assert squash(credit_line(a.printed_credits)) in contents
    for part in book.parts:
        assert squash(part.title or "") in contents


def test_running_heads(yearbook) -> None:  # type: ignore[no-untyped-def]
    book, _dest, pages = yearbook
    title = squash(book.meta.title)
    start = next(k for k, p in enumerate(pages) if p.body == squash(book.parts[0].title or ""))
    heads = 0
    current: str | None = None
    for k in range(start, len(pages)):
        page = pages[k]
        for part in book.parts:
            if page.body == squash(part.title or ""):
                current = squash(part.title or "")
        if page.body.startswith("编后记"):
            current = "编后记"
        openers = [squash(pdf.display(a.column or a.title or "")) for a in book.articles]
        if not page.body or page.body == current or any(page.body.startswith(o) for o in openers) \
                or page.body.startswith("编后记"):
            assert page.head is None, (k, page.head)  # blank, part-title and opening pages
            continue
        heads += 1
        # verso (even folio): the book's title; recto: the part's
        expected = title if int(page.folio or 0) % 2 == 0 else current
        assert page.head == expected, (k, page.folio, page.head)
    assert heads >= 10


def test_outline_lists_front_matter_contents_parts_and_articles(yearbook) -> None:  # type: ignore[no-untyped-def]
    book, dest, _pages = yearbook
    reader = pypdf.PdfReader(dest)

    def flat(items, depth=0):  # type: ignore[no-untyped-def]
        for it in items:
            if isinstance(it, list):
                yield from flat(it, depth + 1)
            else:
                yield depth, it.title

    entries = list(flat(reader.outline))
    top = [t for d, t in entries if d == 0]
    assert top == [m.title for m in book.front] + ["目录"] + [p.title for p in book.parts] + \
        [m.title for m in book.back]
    titles = [t for _d, t in entries]
    for a in book.articles:
        assert (1, title_text(a.title)) in entries  # (as every format prints titles)
        for h in a.headings:
            assert h.text in titles


def test_every_paragraph_in_order(yearbook) -> None:  # type: ignore[no-untyped-def]
    book, _dest, pages = yearbook
    # the body text without running heads and folios, from the first part-title page on
    start = next(k for k, p in enumerate(pages) if p.body == squash(book.parts[0].title or ""))
    text = "".join(p.body for p in pages[start:])
    expected: list[str] = []
    for part in book.parts:
        expected.append(part.title or "")
        for a in part.articles:
            expected += [a.title or "", subtitle_line(a.subtitle) if a.subtitle else ""]
            expected.append(credit_line(a.printed_credits))
            for b in a.body:
                if isinstance(b, (Paragraph, Heading)):
                    expected.append(b.text)
    for m in book.back:
        expected += [m.title, *(b.text for b in m.body)]
    pos = 0
    for k, needle in enumerate(squash(pdf.display(t)) for t in expected):
        at = text.find(needle, pos)
        assert at >= 0, (k, needle[:40], text[pos:pos + 60])
        pos = at + len(needle)


def test_deterministic_with_the_edition_date(yearbook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _book, dest, _pages = yearbook
    again = tmp_path / "again"
    again.mkdir()
    cppcc_publish.build(MANIFEST, out_dir=again, only=["pdf"], cache_dir=None, progress=False)
    assert (again / "yearbook.pdf").read_bytes() == dest.read_bytes()
    meta = pypdf.PdfReader(dest).metadata
    assert meta is not None and str(meta["/CreationDate"]).startswith("D:20251201000000")


def test_new_recto_opens_every_article_on_a_recto(yearbook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book, _dest, _pages = yearbook
    dest = tmp_path / "recto.pdf"
    writers.write(book, "pdf", dest, {"timestamp": "2025-12-01T00:00:00Z", "new_recto": True})
    pages = read_pages(dest)
    for a in book.articles:
        opener = squash(pdf.display(a.column or a.title or ""))
        k = next(k for k, p in enumerate(pages) if p.head is None and p.body.startswith(opener))
        assert k % 2 == 0, (a.title, k + 1)
        assert pages[k].folio is not None and int(pages[k].folio or 0) % 2 == 1


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_book_pages_as_png_for_a_person_to_look_at(yearbook) -> None:  # type: ignore[no-untyped-def]
    book, dest, pages = yearbook
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    contents = next(k for k, p in enumerate(pages) if p.body.startswith("目录"))
    with_head = next(k for k, p in enumerate(pages) if p.head and k > contents)
    for name, k in (("cover", 0), ("title-leaf", 2), ("imprint", 3), ("contents", contents),
                    ("running-head-verso", with_head), ("running-head-recto", with_head + 1)):
        subprocess.run(["pdftoppm", "-r", "90", "-png", "-singlefile", "-f", str(k + 1), "-l", str(k + 1),
                        str(dest), str(ARTIFACTS / name)], check=True, timeout=60)
    assert len(list(ARTIFACTS.glob("*.png"))) == 6


def test_the_editors_cover_image_scaled_to_fit_with_the_notice_under_it(yearbook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from PIL import Image

    book, _dest, _pages = yearbook
    image = tmp_path / "cover.png"
    Image.new("RGB", (400, 300), (150, 20, 20)).save(image)
    dest = tmp_path / "covered.pdf"
    writers.write(dataclasses.replace(book, meta=dataclasses.replace(book.meta, cover=str(image))), "pdf",
                  dest, {"timestamp": "2025-12-01T00:00:00Z"})
    first = pypdf.PdfReader(dest).pages[0]
    images = list(first.images)
    assert len(images) == 1 and images[0].image is not None and images[0].image.size == (400, 300)
    text = squash(first.extract_text())
    assert squash(book.meta.notice or "") in text and squash(book.meta.permit or "") in text
    assert squash(book.meta.title) not in text  # the image is the cover: no typeset title over it
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", "-f", "1", "-l", "1", str(dest),
                        str(ARTIFACTS / "cover-image")], check=True, timeout=60)
