"""The DOCX as LibreOffice lays it out: the 目录's page numbers, recto openings, the
outline, 公文 folios, GB/T 9704's 22 lines of 28 characters; and the writer's own
LibreOffice step when LibreOffice fails, hangs or is missing.

LibreOffice runs with the bundled fonts (:mod:`libreoffice_fonts`), so that the layout is
the same on every machine; the tests that need it skip where it is not installed (CI
installs it).
"""

from __future__ import annotations

import os
import re
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from printing import compiled
from libreoffice_fonts import LibreOffice, libreoffice, squash

from cppcc_publish import writers
from cppcc_publish.book import ArticleElement, Book, Matter, PartTitle, plan_book
from cppcc_publish.errors import OptionError
from cppcc_publish.model import Article, Compilation, Paragraph

TS = "2025-03-01T08:00:00Z"
ROOT = Path(__file__).resolve().parents[3]
HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")


@pytest.fixture
def lo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LibreOffice:
    return libreoffice(tmp_path, monkeypatch)


# ---------------------------------------------------------------- the example book


@dataclass
class Yearbook:
    plan: Book
    docx: Path
    pdf: Path
    """The PDF writer's own PDF of the same manifest."""
    lo_pdf: Path
    """The DOCX as LibreOffice lays it out."""
    pages: list[list[str]]
    """The lines of each page of :attr:`lo_pdf`."""
    openings: dict[str, int]
    """The page (0-based) each element of the plan opens on in :attr:`lo_pdf`."""
    diagnostics: list[str]


@pytest.fixture(scope="module")
def yearbook(tmp_path_factory: pytest.TempPathFactory) -> Yearbook:
    """examples/yearbook.yaml built through build() into DOCX (LibreOffice's step on, as
    by default) and PDF, and the DOCX laid out by LibreOffice."""
    from cppcc_publish.publish import build as build_book

    tmp = tmp_path_factory.mktemp("yearbook")
    with pytest.MonkeyPatch.context() as mp:
        office = libreoffice(tmp, mp)
        manifest_path = ROOT / "examples" / "yearbook.yaml"
        # the writer sets the bundled fonts up for its LibreOffice step by itself
        tests_fonts = os.environ.pop("FONTCONFIG_FILE")
        try:
            result = build_book(manifest_path, out_dir=tmp, only=["docx", "pdf"], strict=True,
                                cache_dir=None, progress=False, report=False)
        finally:
            os.environ["FONTCONFIG_FILE"] = tests_fonts
        docx = tmp / "yearbook.docx"
        pdf_dir = tmp / "lo"
        pdf_dir.mkdir()
        copy = pdf_dir / "yearbook.docx"
        copy.write_bytes(docx.read_bytes())
        pages = office.pages(copy)
    plan = plan_book(compiled(manifest_path), "book")
    openings: dict[str, int] = {}
    k = 0
    for element in plan.elements:
        want = _first_text(element)
        while not (pages[k] and squash(pages[k][0]).startswith(want[:12])):
            k += 1
        openings[element.key] = k
        k += 1
    diagnostics = [f"{d.level}[{d.code}]" for d in result.warnings]
    return Yearbook(plan=plan, docx=docx, pdf=tmp / "yearbook.pdf", lo_pdf=copy.with_suffix(".pdf"),
                    pages=pages, openings=openings, diagnostics=diagnostics)


def _first_text(element) -> str:  # type: ignore[no-untyped-def]
    if isinstance(element, (ArticleElement, Matter)):
        return squash(element.pieces[0].text)
    return squash(getattr(element, "title", ""))


def test_libreoffice_lays_out_the_example_book_as_the_plan_says(yearbook: Yearbook) -> None:
    """Every element of the plan opens where the plan says (a recto opening on an odd
    page, LibreOffice putting in the blank page), blank pages print nothing, the front
    matter is numbered i, ii … and the body 1, 2 … from its first page (a part-title page
    counts but prints no number), no running head on an opening page, the book's title on
    even pages and the part's on odd ones.  The page numbers are LibreOffice's, not the
    PDF writer's: each lays the text out its own way."""
    plan, pages, openings = yearbook.plan, yearbook.pages, yearbook.openings
    roman = ["i", "ii", "iii", "iv", "v", "vi"]
    start: dict[str, int | None] = {"roman": None, "arabic": None}
    for element in plan.elements:
        k = openings[element.key]
        if element.opening == "recto":
            assert k % 2 == 0, (element.key, k + 1)  # an odd page, counted from the cover
        folios = element.folios
        page = pages[k]
        if folios is None:
            assert not any(re.fullmatch(r"[ivx]+|\d+", ln) for ln in page[1:]), element.key
            continue
        if folios.restart:
            start[folios.style] = k
        first = start[folios.style]
        assert first is not None
        number = k - first + 1
        label = roman[number - 1] if folios.style == "roman" else str(number)
        if folios.on_opening:
            assert page[-1] == label, (element.key, page[-1], label)
        else:
            assert isinstance(element, PartTitle)
            assert page == [squash(element.title)], (element.key, page)  # part-title page
    # up to the first article the layouts cannot differ: LibreOffice and the PDF writer
    # open the front matter, the 目录, the first part and its first article on the same
    # pages with the same folios
    import pypdf

    pdf_labels = pypdf.PdfReader(yearbook.pdf).page_labels
    first_article = next(e.key for e in plan.elements if isinstance(e, ArticleElement))
    for element in plan.elements:
        k = openings[element.key]
        if element.folios is not None and element.folios.on_opening:
            assert pages[k][-1] == pdf_labels[k], (element.key, pages[k][-1], pdf_labels[k])
        if element.key == first_article:
            break
    # blank pages (put in for recto openings) print nothing
    opened = set(openings.values())
    for k, page in enumerate(pages):
        if not page:
            assert k + 1 in opened, k  # a blank page comes right before an opening
    # running heads: none on opening pages; the book's title on even pages, the part's
    # (the matter's, 目　录) on odd ones
    heads = 0
    body_start = start["arabic"] or 0
    for element in plan.elements:
        if element.heads is None:
            continue
        k = openings[element.key]
        assert squash(pages[k][0]) != squash(plan.title)
        end = min([v for v in openings.values() if v > k], default=len(pages))
        for j in range(k + 1, end):
            if not pages[j] or squash(pages[j][0]) not in {squash(plan.title),
                                                           squash(element.heads.recto)}:
                continue  # (LibreOffice 7.4 drops the head of the page after an odd-page start)
            heads += 1
            even = (j - (body_start if j >= body_start else start["roman"] or 0)) % 2 == 1
            want = element.heads.verso if even else element.heads.recto
            assert squash(pages[j][0]) == squash(want), (element.key, j + 1, pages[j][0])
    assert heads >= 3


_LEADER_NUMBER = re.compile(r"[.…·]{3,}([0-9]+|[ivxlcdm]+)")


def test_the_contents_shows_the_folios_the_pages_print(yearbook: Yearbook) -> None:
    """The 目录 lists the plan's entries, each numbered one with the folio printed on the
    page its target opens on, as LibreOffice lays the DOCX out; the file asks Word for
    nothing on opening (no ``w:updateFields``)."""
    plan, pages, openings = yearbook.plan, yearbook.pages, yearbook.openings
    contents = plan.contents
    assert contents is not None
    toc = "".join(squash(ln) for ln in pages[openings[contents.key]])
    pos = 0
    numbered = 0
    for entry in contents.entries:
        at = toc.find(squash(entry.label), pos)
        assert at >= 0, entry.label
        pos = at + len(squash(entry.label))
        if not entry.numbered:
            continue
        shown = _LEADER_NUMBER.search(toc, pos)
        assert shown is not None, (entry.label, toc[pos:pos + 80])
        printed = pages[openings[entry.target]][-1]  # the folio at the foot of its page
        assert shown[1] == printed, (entry.label, shown[1], printed)
        pos = shown.end()
        numbered += 1
    assert numbered == sum(1 for x in contents.entries if x.numbered) >= 6
    with zipfile.ZipFile(yearbook.docx) as z:
        assert b"updateFields" not in z.read("word/settings.xml")
    assert not [d for d in yearbook.diagnostics if "docx" in d]


def _outline(path: Path) -> list[tuple[str, int]]:
    import pypdf

    reader = pypdf.PdfReader(path)
    out: list[tuple[str, int]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((squash(item.title), depth))

    walk(reader.outline, 0)
    return out


def test_the_outline_is_part_article_heading_as_in_the_pdf(yearbook: Yearbook) -> None:
    """The DOCX's navigation, as LibreOffice exports it to a PDF outline, is the PDF
    writer's outline: parts at the top with the front and back matter and the 目录, their
    articles under them, the articles' headings under those; only run-in headings, which
    the PDF lists, are not (a paragraph's outline entry would be the whole paragraph)."""
    from cppcc_publish.model import Heading

    run_in = {squash(s.label) for e in yearbook.plan.articles for s in e.sections
              if isinstance(e.body[s.block], Heading) and e.body[s.block].run_in}
    assert run_in
    pdf = [x for x in _outline(yearbook.pdf) if x[0] not in run_in]
    docx = _outline(yearbook.lo_pdf)
    assert docx == pdf
    assert {d for _, d in docx} == {0, 1, 2}


# ---------------------------------------------------------------- 公文


def _yearbook() -> Compilation:
    return compiled(ROOT / "examples" / "yearbook.yaml")


@pytest.mark.parametrize("which", ["yearbook", "samples"])
def test_gbt9704_folios_alternate_sides_in_libreoffice(which: str, parsed, tmp_path: Path,
                                                       lo: LibreOffice) -> None:
    """The example yearbook (front matter, parts, recto openings with blank versos,
    articles opening on the next page, odd or even) and the samples as one compilation,
    in the 公文 preset, as LibreOffice lays them out: every folio ``— n —`` on the right
    of an odd page and on the left of an even one, about one character in from the edge
    of the type area (GB/T 9704 §7.5) — opening pages included, on either side, and the
    page after an odd-page section start."""
    import pdfplumber

    src = tmp_path / "gb.docx"
    doc = _yearbook() if which == "yearbook" else Compilation.of(*parsed.values())
    writers.write(doc, "docx", src, {"timestamp": TS, "preset": "gbt9704"})
    pdf = lo.pdf(src)
    left, right, char = 1587 / 20, (11906 - 1474) / 20, 14.0  # type area, 4号
    titles = {squash(a.title) for a in doc.articles if a.title}
    checked = []
    openings = {"odd": 0, "even": 0}
    with pdfplumber.open(pdf) as pages:
        for n, page in enumerate(pages.pages, start=1):
            words = page.extract_words(keep_blank_chars=True)
            folio = [w for w in words if re.fullmatch(r"—\s*(\d+|[ivx]+)\s*—", w["text"].strip())]
            if not folio:
                continue
            (f,) = folio
            if n % 2:
                assert abs(right - f["x1"] - char) < char / 2, (n, f["text"], f["x1"])
            else:
                assert abs(f["x0"] - left - char) < char / 2, (n, f["text"], f["x0"])
            checked.append(n)
            text = squash(page.extract_text() or "")
            if any(text.startswith(t[:10]) or t[:10] in text[:60] for t in titles):
                openings["even" if n % 2 == 0 else "odd"] += 1
    assert len(checked) >= 20 and openings["even"] >= 1 and openings["odd"] >= 1, (checked, openings)
    if which == "yearbook":
        # the 版本记录 keeps to its page (the first of its lines to the last)
        pages_text = [squash("".join(p)) for p in lo.pages(src)]
        first, last = squash("内部资料"), squash("印　　数")
        (page,) = [k for k, t in enumerate(pages_text) if first in t and "发送对象" in t]
        assert last in pages_text[page], pages_text[page]


def test_libreoffice_lays_out_22_lines_of_28_characters(parsed, tmp_path: Path, lo: LibreOffice) -> None:
    """GB/T 9704 §5.2.3 as LibreOffice renders it."""
    import pypdf

    src = tmp_path / "gb.docx"
    writers.write(parsed["000_3ef46446da7cdf42"], "docx", src, {"timestamp": TS, "preset": "gbt9704"})
    pages = pypdf.PdfReader(str(lo.pdf(src))).pages
    text = pages[1].extract_text()
    lines = [ln.replace(" ", "") for ln in text.splitlines() if ln.strip()]
    assert lines[-1] == "—2—"  # page number with its dashes
    body = lines[:-1]
    assert len(body) == 22
    han = [sum(1 for ch in ln if HAN.match(ch)) for ln in body]
    assert max(han) <= 28 and sum(1 for n in han if n == 28) >= 12, han
    # every paragraph's first line is indented: LibreOffice shows it as leading space
    first = pages[0].extract_text(extraction_mode="layout").splitlines()
    k = next(i for i, ln in enumerate(first) if "学习好、宣传好" in ln)

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip())

    assert indent(first[k]) > indent(first[k + 1]), first[k : k + 2]


# ---------------------------------------------------------------- the writer's LibreOffice step


def _two_articles() -> Compilation:
    return Compilation.of(Article(title="甲", body=(Paragraph(text="甲文。"),)),
                          Article(title="乙", body=(Paragraph(text="乙文。"),)))


def _fake_soffice(folder: Path, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + script, "utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _settings(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("word/settings.xml")


def test_without_libreoffice_the_contents_is_left_for_word(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    dest = tmp_path / "b.docx"
    diags = writers.write(_two_articles(), "docx", dest, {"timestamp": TS})
    assert [(d.level, d.code) for d in diags] == [("info", "docx-toc-unnumbered")]
    assert b'w:updateFields w:val="true"' in _settings(dest)
    with pytest.raises(OptionError, match="option 'libreoffice'"):
        writers.write(_two_articles(), "docx", tmp_path / "c.docx",
                      {"timestamp": TS, "libreoffice": True})
    assert not (tmp_path / "c.docx").exists()
    # false: not looked for, nothing said
    assert writers.write(_two_articles(), "docx", tmp_path / "d.docx",
                         {"timestamp": TS, "libreoffice": False}) == ()


def test_a_libreoffice_that_fails_gives_a_warning_and_the_file(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake_soffice(tmp_path / "bin", 'echo "Error: source file could not be loaded"\nexit 1\n')
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    dest = tmp_path / "b.docx"
    diags = writers.write(_two_articles(), "docx", dest, {"timestamp": TS})
    assert [(d.level, d.code) for d in diags] == [("warning", "docx-layout-failed")]
    assert "status 1" in diags[0].message
    assert b'w:updateFields w:val="true"' in _settings(dest)


def test_the_writers_libreoffice_sets_the_text_in_the_bundled_faces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever fonts the machine has (and whatever ``FONTCONFIG_FILE`` says), the
    writer's LibreOffice step is given a fontconfig set-up with the bundled faces alone,
    宋体 set in Polity Serif: the folios it writes do not depend on the machine's fonts."""
    seen = tmp_path / "fonts.conf"
    fake = _fake_soffice(tmp_path / "bin", f'cp "$FONTCONFIG_FILE" {seen}\nexit 1\n')
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    diags = writers.write(_two_articles(), "docx", tmp_path / "b.docx", {"timestamp": TS})
    assert [(d.level, d.code) for d in diags] == [("warning", "docx-layout-failed")]
    from lxml import etree

    conf = etree.parse(str(seen)).getroot()
    (folder,) = [Path(d.text) for d in conf.iter("dir")]
    assert {p.name for p in folder.glob("Polity*.ttf")} >= {"PolitySerif-Regular.ttf",
                                                            "PolitySans-Bold.ttf"}
    faces = {m.findtext("test/string"): m.findtext("edit/string") for m in conf.iter("match")}
    assert faces["宋体"] == faces["SimSun"] == "Polity Serif"
    assert faces["黑体"] == "Polity Sans" and faces["仿宋"] == "Polity Kai"


def test_a_libreoffice_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A LibreOffice that never finishes is ended after the timeout, with every process
    it started (here the script and its ``sleep``)."""
    from cppcc_publish.writers.docx import layout

    pids = tmp_path / "pids"
    fake = _fake_soffice(tmp_path / "bin", f'echo $$ >> {pids}\nsleep 60 &\necho $! >> {pids}\nwait\n')
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(layout, "TIMEOUT", 1.0)
    began = time.monotonic()
    diags = writers.write(_two_articles(), "docx", tmp_path / "b.docx", {"timestamp": TS})
    assert time.monotonic() - began < 30
    assert [(d.level, d.code) for d in diags] == [("warning", "docx-layout-failed")]
    assert "more than 1 s" in diags[0].message
    for pid in pids.read_text().split():
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text(), pid


def test_folios_follow_the_pages_elements_open_on() -> None:
    from cppcc_publish.book import plan_book
    from cppcc_publish.model import BookMeta, Matter as M, Part
    from cppcc_publish.writers.docx.layout import _pdf_name, folios

    book = Compilation(
        meta=BookMeta(title="书"), front=(M(title="说明", body=(Paragraph(text="。"),)),),
        parts=(Part(title="一", articles=(Article(title="甲"), Article(title="乙"))),))
    plan = plan_book(book)
    keys = [e.key for e in plan.elements]
    assert keys == ["cover", "title-page", "front-1", "contents", "part-1", "article-1", "article-2"]
    pages = {"front-1": 4, "contents": 6, "part-1": 8, "article-1": 10, "article-2": 13}
    assert folios(plan, pages) == {"front-1": "i", "contents": "iii", "part-1": "1",
                                   "article-1": "3", "article-2": "6"}
    # a sequence whose first page is unknown is left out, not guessed
    del pages["part-1"]
    assert folios(plan, pages) == {"front-1": "i", "contents": "iii"}
    assert _pdf_name("_Toc00012") == "5FToc00012"
