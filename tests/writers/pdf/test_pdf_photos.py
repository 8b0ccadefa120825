"""Photos in the PDF: scaled to the measure above their captions, the two on one page,
a warning below 300 dpi at the printed size, the example yearbook's two photos."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from cppcc_publish import writers
from cppcc_publish.book import plan_book
from cppcc_publish.model import Article, Caption, Compilation, Heading, Paragraph
from cppcc_publish.publish import build
from cppcc_publish.writers import pdf
from cppcc_publish.writers.pdf.photos import MAX_HEIGHT, PhotoLine

ROOT = Path(__file__).resolve().parents[3]
TS = "2025-03-01T08:00:00Z"
SENTENCE = "委员们围绕产业发展、民生保障和生态环境等议题深入调研，提出了许多有价值的意见建议。"


def picture(path: Path, size: tuple[int, int] = (2000, 1250)) -> Path:
    img = Image.new("RGB", size, "#f0e8d8")
    img.paste((158, 27, 27), (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4))
    img.save(path)
    return path


def article_with_photo(folder: Path, before: int, image: str = "p.png", after: int = 6) -> Article:
    """``before`` paragraphs (two to three lines each), a captioned photo, ``after`` more."""
    body: list[Paragraph | Caption | Heading] = [
        Paragraph(text=f"第{k + 1}段。" + SENTENCE * (1 + k % 2)) for k in range(before)]
    body.append(Caption(text="委员在企业车间了解生产经营情况", image=image))
    body += [Paragraph(text=f"后{k + 1}段。" + SENTENCE) for k in range(after)]
    return Article(title="图文测试", path=str(folder / "a.txt"), body=tuple(body))


@pytest.fixture(scope="module")
def yearbook_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("yearbook")
    build(ROOT / "examples" / "yearbook.yaml", out_dir=out, only=["pdf"], strict=True,
          cache_dir=None, progress=False, report=False)
    return out / "yearbook.pdf"


def test_example_yearbook_prints_its_photos_above_their_captions(yearbook_pdf) -> None:
    design = pdf.preset("book")
    captions = ["驻马店市政协与西平县政协联合开展“推进外贸高质量发展”专题调研",
                "西平县政协开展“海棠有约·中医义诊”委员履职活动"]
    found = []
    with pdfplumber.open(yearbook_pdf) as doc:
        for page in doc.pages:
            if not page.images:
                continue
            lines = page.extract_text_lines()
            for image in page.images:
                # as wide as the measure, inside the type area
                assert image["x1"] - image["x0"] == pytest.approx(design.measure, abs=0.5)
                assert image["top"] >= design.top - 0.5
                assert round(image["x0"], 1) in (round(design.inner, 1), round(design.outer, 1))
                # its caption is the next line below it, on the same page
                below = [ln for ln in lines if ln["top"] >= image["bottom"] - 0.5]
                first = min(below, key=lambda ln: ln["top"])
                assert first["top"] - image["bottom"] < design.pitch
                found.append(first["text"].replace(" ", ""))
    assert found == captions


def test_photo_and_caption_stay_on_one_page_wherever_the_photo_falls(tmp_path) -> None:
    picture(tmp_path / "p.png")
    ctx = None
    for before in range(3, 16):
        plan = plan_book(Compilation.of(article_with_photo(tmp_path, before)))
        ctx = pdf.make_context(plan, {})
        pages = pdf.layout(plan, ctx)
        where = [(n, pl) for n, page in enumerate(pages) for pl in page.lines
                 if pl.kind in ("photo", "caption")]
        assert {n for n, _ in where} == {where[0][0]}, before
        kinds = [pl.kind for _, pl in where]
        assert kinds[0] == "photo" and kinds[-1] == "caption"
        # the page before a photo that moved on may end short; no other page does
        photo_page = where[0][0]
        if photo_page > 0 and pages[photo_page].lines[0].kind == "photo":
            last = pages[photo_page - 1].lines[-1]
            assert last.kind == "body"


@pytest.mark.parametrize("after", [0, 4])
def test_two_photos_print_in_their_order_wherever_they_fall(tmp_path, after) -> None:
    """Two captioned photos in a row, near an article's end or with text after them:
    wherever the first moves on to (and the second waits behind it), they print in
    their order, each above its caption, and no text is lost."""
    picture(tmp_path / "p.png")
    for before in range(3, 16):
        body: list[Paragraph | Caption | Heading] = [
            Paragraph(text=f"第{k + 1}段。" + SENTENCE * (1 + k % 2)) for k in range(before)]
        body += [Caption(text="图一甲", image="p.png"), Caption(text="图二乙", image="p.png")]
        body += [Paragraph(text=f"后{k + 1}段。" + SENTENCE) for k in range(after)]
        plan = plan_book(Compilation.of(Article(title="图文测试", path=str(tmp_path / "a.txt"),
                                                body=tuple(body))))
        pages = pdf.layout(plan, pdf.make_context(plan, {}))
        placed = [(n, pl) for n, page in enumerate(pages) for pl in page.lines]
        captions = [("".join(r.text for r in pl.line.runs), n) for n, pl in placed if pl.kind == "caption"]
        assert [text for text, _ in captions] == ["图一甲", "图二乙"], before
        for text, n in captions:  # its photo just above it, on its page
            kinds = [pl.kind for pl in pages[n].lines]
            k = next(i for i, pl in enumerate(pages[n].lines)
                     if pl.kind == "caption" and "".join(r.text for r in pl.line.runs) == text)
            assert k > 0 and kinds[k - 1] == "photo", (before, text)
        texts = [pl.line for _, pl in placed if pl.kind == "body"]
        assert len({id(ln) for ln in texts}) == len(texts)


def test_a_portrait_photo_is_no_taller_than_its_share_of_the_type_area(tmp_path) -> None:
    picture(tmp_path / "p.png", (1200, 3600))
    plan = plan_book(Compilation.of(article_with_photo(tmp_path, 1)))
    ctx = pdf.make_context(plan, {})
    pages = pdf.layout(plan, ctx)
    pic = next(pl.line.picture for page in pages for pl in page.lines
               if isinstance(pl.line, PhotoLine) and pl.line.picture is not None)
    design = pdf.preset("book")
    assert pic.height == pytest.approx(design.height * MAX_HEIGHT)
    assert pic.width == pytest.approx(pic.height / 3)
    assert pic.x == pytest.approx((design.measure - pic.width) / 2)  # centred


def test_a_photo_below_300_dpi_at_its_printed_size_is_a_warning(tmp_path) -> None:
    picture(tmp_path / "small.png", (600, 400))
    picture(tmp_path / "big.png", (2000, 1250))
    small = article_with_photo(tmp_path, 2, "small.png")
    diags = writers.write(small, "pdf", tmp_path / "s.pdf", {"timestamp": TS})
    (note,) = [d for d in diags if d.code == "photo-resolution"]
    # 600 pixels over the book preset's 408 pt measure: 106 dpi
    assert note.level == "warning" and "106 dpi" in note.message and "small.png" in note.message
    assert note.file == small.path and (note.line is None or isinstance(note.line, int))
    # the a5 preset prints it smaller: more dots an inch, still too few
    diags = writers.write(small, "pdf", tmp_path / "a5.pdf", {"timestamp": TS, "preset": "a5"})
    assert any("142 dpi" in d.message for d in diags if d.code == "photo-resolution")
    big = article_with_photo(tmp_path, 2, "big.png")
    diags = writers.write(big, "pdf", tmp_path / "b.pdf", {"timestamp": TS})
    assert not [d for d in diags if d.code == "photo-resolution"]


def test_same_bytes_with_photos(tmp_path) -> None:
    picture(tmp_path / "p.png")
    article = article_with_photo(tmp_path, 4)
    runs = []
    for _ in range(2):
        buf = io.BytesIO()
        plan = plan_book(Compilation.of(article))
        pdf.render(plan, buf, {"timestamp": writers.resolve_timestamp(TS)})
        runs.append(buf.getvalue())
    assert runs[0] == runs[1] and b"/Subtype /Image" in runs[0]
