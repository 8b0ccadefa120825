"""The 版本记录: every field an internal print records, its 开本, 印张 and 字数 computed
(from the preset and the printed book's page count), the same in PDF, DOCX and EPUB."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest

import cppcc_publish
from cppcc_publish.book import Imprint, plan_book
from cppcc_publish.book.imprint import (
    complete_imprint,
    extent_lines,
    imprint_lines,
    pending_imprint,
    printed_pages,
)
from cppcc_publish.book.presets import FORMAT_PRESETS, PRESETS
from cppcc_publish.model import Article, BookMeta, Compilation, Paragraph, Part
from cppcc_publish.writers.pdf import presets as pdf_presets

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "examples" / "yearbook.yaml"

META = BookMeta(title="政协文史资料选编", subtitle="第一辑", compiler="××市政协文史委员会 编",
                notice="内部资料，免费交流", permit="（桂）内资准字2025-001号",
                recipients="市政协委员、机关各处室", printer="××印刷厂", print_run=800,
                edition_date=dt.date(2025, 12, 1))


def small_book(meta: BookMeta = META, paragraphs: int = 30) -> Compilation:
    text = "政协委员围绕中心工作深入调研，提出了一批有分量的意见建议，推动了有关问题的解决。" * 3
    articles = tuple(Article(title=f"第{n}篇文章", body=tuple(Paragraph(text=text) for _ in range(paragraphs)))
                     for n in range(1, 3))
    return Compilation(meta=meta, parts=(Part(title="文史资料", articles=articles),))


# --------------------------------------------------------------------------- what is counted


def test_every_preset_names_its_format_and_fits_its_sheet() -> None:
    assert PRESETS["book"].format_name == "787 mm×1092 mm\u30001/16"
    assert PRESETS["gbt9704"].format_name == "880 mm×1230 mm\u30001/16"  # A4
    assert PRESETS["a5"].format_name == "880 mm×1230 mm\u30001/32"
    for info in PRESETS.values():
        # the sheet folded into ``fold`` leaves holds the trimmed page, with a margin to
        # trim of a few millimetres and no more than a tenth of the sheet wasted
        width, height = info.sheet_mm
        across = {16: (4, 4), 32: (4, 8)}[info.fold]
        leaf = sorted((width / across[0], height / across[1]))
        page = sorted(info.paper_mm)
        assert all(p <= f <= p * 1.1 for p, f in zip(page, leaf)), (info.name, leaf, page)
    # the 版面 of the 字数 is the PDF's body grid: characters a line, lines a page
    for name in FORMAT_PRESETS["pdf"]:
        design = pdf_presets.preset(name)
        # (the 公文's 28 characters of 16 pt fill 156 mm with a little negative tracking)
        assert PRESETS[name].grid == (round(design.measure / design.body_size), design.lines), name


def test_sheets_and_characters_count_the_printed_pages() -> None:
    plan = plan_book(small_book())
    # the cover leaf (封面, 封二) is not counted; an odd count is made even
    assert printed_pages(plan, 35) == 34 and printed_pages(plan, 36) == 34
    assert extent_lines("book", 34) == ("印\u3000\u3000张：2.125", "字\u3000\u3000数：33千字")  # 34×28×34 = 32 368
    assert extent_lines("book", 32) == ("印\u3000\u3000张：2", "字\u3000\u3000数：31千字")  # 30 464
    assert extent_lines("gbt9704", 40) == ("印\u3000\u3000张：2.5", "字\u3000\u3000数：25千字")  # 28×22×40 = 24 640
    assert extent_lines("a5", 46) == ("印\u3000\u3000张：1.4375", "字\u3000\u3000数：34千字")  # 29×25×46 = 33 350


def test_the_plan_records_every_field_and_waits_for_the_page_count() -> None:
    plan = plan_book(small_book())
    imprint = pending_imprint(plan)
    assert imprint is not None and imprint.pages is None
    assert imprint.lines == (
        "内部资料，免费交流", "准印证号：（桂）内资准字2025-001号",
        "书\u3000\u3000名：政协文史资料选编——第一辑", "编印单位：××市政协文史委员会",
        "发送对象：市政协委员、机关各处室", "印刷单位：××印刷厂", "印刷日期：2025年12月1日",
        "开\u3000\u3000本：787 mm×1092 mm\u30001/16", "印\u3000\u3000数：800册")
    assert imprint.extent_at == 8
    done = complete_imprint(plan, 23)
    record = next(e for e in done.elements if isinstance(e, Imprint))
    assert record.lines[8:10] == ("印\u3000\u3000张：1.375", "字\u3000\u3000数：21千字")  # 22 pages
    assert record.lines[-1] == "印\u3000\u3000数：800册" and record.pages == 22
    assert pending_imprint(done) is None and complete_imprint(done, 99) is done
    # the preset's 开本; a published book has no 版本记录
    a5 = pending_imprint(plan_book(small_book(), "a5"))
    assert a5 is not None and "开\u3000\u3000本：880 mm×1230 mm\u30001/32" in a5.lines
    assert imprint_lines(dataclasses.replace(META, notice=None, permit=None), "book") == ((), None)
    # without a print run the two lines go last
    lines, at = imprint_lines(dataclasses.replace(META, print_run=None), "book")
    assert at == len(lines)


# --------------------------------------------------------------------------- all three formats


def _pdf_imprint(data: bytes) -> tuple[list[str], int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = reader.pages[3].extract_text()  # 封面, 封二, 扉页, 版本记录
    return [re.sub(r"\s+", "", t) for t in text.splitlines() if t.strip()], len(reader.pages)


def _docx_paragraphs(data: bytes, style: str) -> list[str]:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    out = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        if f'w:pStyle w:val="{style}"' in p:
            out.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)))
    return out


def _epub_file(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("imprint")
    report = cppcc_publish.build(MANIFEST, out_dir=out, strict=True, cache_dir=None, progress=False)
    return {Path(p).suffix: Path(p).read_bytes() for p in report.outputs if not p.endswith(".json")}


def test_the_example_book_prints_its_whole_record_in_every_format(example: dict[str, bytes]) -> None:
    manifest = cppcc_publish.load_manifest(MANIFEST)
    book = manifest.book
    assert book.recipients  # the manifest's 发送对象
    pdf_lines, pdf_pages = _pdf_imprint(example[".pdf"])
    pages = pdf_pages - 2 + (pdf_pages - 2) % 2
    sheets, words = extent_lines("book", pages)
    expected = [
        book.notice, book.permit, f"书\u3000\u3000名：{book.title}——{book.subtitle}",
        "编印单位：示例市政协办公室", f"发送对象：{book.recipients}", f"印刷单位：{book.printer}",
        "印刷日期：2025年12月1日", "开\u3000\u3000本：787 mm×1092 mm\u30001/16", sheets, words,
        f"印\u3000\u3000数：{book.print_run}册",
    ]
    assert pdf_lines == [re.sub(r"\s+", "", t) for t in expected]  # type: ignore[arg-type]
    # DOCX and EPUB print the printed book's record, counted from the PDF's pages
    assert _docx_paragraphs(example[".docx"], "Imprint") == expected
    imprint = _epub_file(example[".epub"], "EPUB/text/imprint.xhtml")
    assert re.findall(r"<p>([^<]*)</p>", imprint) == expected
    # their covers carry the notice and the 准印证号 in full, as the PDF's does
    assert _docx_paragraphs(example[".docx"], "CoverNotice") == [book.notice, book.permit]
    cover = _epub_file(example[".epub"], "EPUB/images/cover.svg")
    assert book.notice in cover and book.permit in cover  # type: ignore[operator]


def test_docx_and_epub_count_the_pages_of_the_pdf_in_the_plans_preset(tmp_path: Path) -> None:
    """Without a PDF output, the DOCX and the EPUB still print the printed book's record:
    the pages the PDF writer lays out for the plan's preset."""
    book = small_book()
    for preset in ("book", "gbt9704"):
        pdf = tmp_path / f"{preset}.pdf"
        cppcc_publish.write(book, "pdf", pdf, {"preset": preset})  # the default fonts, as DOCX counts
        lines, _pages = _pdf_imprint(pdf.read_bytes())
        docx = tmp_path / f"{preset}.docx"
        cppcc_publish.write(book, "docx", docx, {"preset": preset})
        got = [re.sub(r"\s+", "", t) for t in _docx_paragraphs(docx.read_bytes(), "Imprint")]
        assert got == lines, preset
    epub = tmp_path / "book.epub"
    cppcc_publish.write(book, "epub", epub, {})
    got = [re.sub(r"\s+", "", t)
           for t in re.findall(r"<p>([^<]*)</p>", _epub_file(epub.read_bytes(), "EPUB/text/imprint.xhtml"))]
    assert got == _pdf_imprint((tmp_path / "book.pdf").read_bytes())[0]
    assert any(t.startswith("印张：") for t in got) and any(t.startswith("字数：") for t in got)


def test_the_manifest_gives_the_recipients_as_text_or_a_list(tmp_path: Path) -> None:
    article = ROOT / "examples" / "articles" / "000_3ef46446da7cdf42.txt"
    for given, printed in (("市政协委员、机关各处室", "市政协委员、机关各处室"),
                           ("[市政协委员, 机关各处室]", "市政协委员、机关各处室")):
        path = tmp_path / "book.yaml"
        path.write_text(f"book: {{title: 书, notice: 内部资料，免费交流, recipients: {given}}}\n"
                        f"parts: [{{articles: ['{article}']}}]\n"
                        "outputs: [{format: epub, path: out.epub}]\n", "utf-8")
        assert cppcc_publish.load_manifest(path).book.recipients == printed
