"""Photos in the DOCX: an inline picture as wide as the type area in a paragraph that
keeps with its caption, the caption as alternative text; LibreOffice prints each photo
on its caption's page."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from cppcc_publish import writers
from cppcc_publish.model import Article, Caption, Paragraph
from cppcc_publish.publish import build

ROOT = Path(__file__).resolve().parents[3]
TS = "2025-03-01T08:00:00Z"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}


def article(folder: Path, size: tuple[int, int] = (2000, 1250)) -> Article:
    Image.new("RGB", size, "#2a6f97").save(folder / "p.png")
    return Article(title="图文测试", path=str(folder / "a.txt"), body=(
        Paragraph(text="委员们深入企业车间调研。"),
        Caption(text="委员在企业车间了解生产经营情况", image="p.png"),
        Paragraph(text="调研结束后召开座谈会。"),
    ))


def document(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


@pytest.mark.parametrize("preset", ["book", "gbt9704"])
def test_photo_paragraph_keeps_with_its_caption(tmp_path, preset) -> None:
    a = article(tmp_path)
    dest = tmp_path / f"{preset}.docx"
    diags = writers.write(a, "docx", dest, {"timestamp": TS, "preset": preset})
    assert not [d for d in diags if d.level == "warning"]
    data = dest.read_bytes()
    body = document(data).find("w:body", NS)
    paras = body.findall("w:p", NS)
    k = next(i for i, p in enumerate(paras) if p.find(".//w:drawing", NS) is not None)
    photo, caption = paras[k], paras[k + 1]
    assert photo.find("w:pPr/w:keepNext", NS) is not None
    assert "".join(caption.itertext()) == "委员在企业车间了解生产经营情况"
    assert caption.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == photo.find(
        "w:pPr/w:pStyle", NS).get(f"{{{W}}}val")
    extent = photo.find(".//wp:extent", NS)
    sect = body.find("w:sectPr", NS)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    measure = int(size.get(f"{{{W}}}w")) - int(margins.get(f"{{{W}}}left")) - int(margins.get(f"{{{W}}}right"))
    assert int(extent.get("cx")) == pytest.approx(measure * 635, abs=635)  # the type area's width
    if preset == "gbt9704":
        assert int(extent.get("cx")) / 36000 == pytest.approx(156.0, abs=0.1)  # EMU -> mm
    assert int(extent.get("cy")) * 2000 == pytest.approx(int(extent.get("cx")) * 1250, rel=1e-3)
    assert photo.find(".//wp:docPr", NS).get("descr") == "委员在企业车间了解生产经营情况"
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert [zipfile.ZipFile(io.BytesIO(data)).read(n) for n in media] == [(tmp_path / "p.png").read_bytes()]
    # the same bytes again
    writers.write(a, "docx", tmp_path / "again.docx", {"timestamp": TS, "preset": preset})
    assert (tmp_path / "again.docx").read_bytes() == data


def test_a_small_photo_is_a_resolution_warning(tmp_path) -> None:
    diags = writers.write(article(tmp_path, (800, 500)), "docx", tmp_path / "s.docx", {"timestamp": TS})
    (note,) = [d for d in diags if d.code == "photo-resolution"]
    # 800 pixels over the book preset's 143 mm type area
    assert "142 dpi" in note.message and "the DOCX" in note.message


def test_libreoffice_prints_each_photo_on_its_captions_page(tmp_path) -> None:
    """Laid out by LibreOffice, each photo is on the page of its caption (poppler's
    pdftotext and pdfimages read the pages: pypdf sees every image on every page of a
    LibreOffice PDF, whose pages share one resource dictionary)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdfimages") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed")
    build(ROOT / "examples" / "yearbook.yaml", out_dir=tmp_path, only=["docx"], strict=True,
          cache_dir=None, progress=False, report=False)
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(tmp_path / "yearbook.docx")],
                   check=True, capture_output=True, timeout=300)
    listing = subprocess.run(["pdfimages", "-list", str(out / "yearbook.pdf")], check=True,
                             capture_output=True, text=True).stdout.splitlines()[2:]
    photo_pages = [int(line.split()[0]) for line in listing]
    assert len(photo_pages) == 2
    for page, words in zip(photo_pages, ("推进外贸高质量发展”专题调研", "海棠有约·中医义诊")):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(out / "yearbook.pdf"),
                               "-"], check=True, capture_output=True, text=True).stdout
        assert words in text.replace(" ", "").replace("\n", ""), page
