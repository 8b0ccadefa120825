"""The EPUB's photos and what it says about itself: figures with alternative text, the
package's language, schema.org accessibility metadata, dc:date, creators with roles, a
page list that gives the PDF's folios; DAISY Ace reports no violation."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from cppcc_publish import writers
from cppcc_publish.model import Article, BookMeta, Compilation, Paragraph, Part
from cppcc_publish.publish import build

ROOT = Path(__file__).resolve().parents[3]
TS = "2025-03-01T08:00:00Z"
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "epub": "http://www.idpf.org/2007/ops",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def yearbook(tmp_path_factory) -> Path:
    """The example yearbook's PDF and EPUB, built as an editor builds them."""
    out = tmp_path_factory.mktemp("yearbook")
    build(ROOT / "examples" / "yearbook.yaml", out_dir=out, only=["pdf", "epub"], strict=True,
          cache_dir=None, progress=False, report=False)
    return out


class Epub:
    def __init__(self, path: Path) -> None:
        self.z = zipfile.ZipFile(path)
        self.opf = etree.fromstring(self.z.read("EPUB/content.opf"))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.z.read(name))

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]


def test_photos_are_figures_with_their_caption_as_alternative_text(yearbook) -> None:
    book = Epub(yearbook / "yearbook.epub")
    items = {i.get("href"): i.get("media-type") for i in book.opf.iterfind("opf:manifest/opf:item", NS)}
    assert items["images/photo001.png"] == items["images/photo002.png"] == "image/png"
    assert book.z.read("EPUB/images/photo001.png") == (ROOT / "examples/images/survey.png").read_bytes()
    assert book.z.read("EPUB/images/photo002.png") == (ROOT / "examples/images/clinic.png").read_bytes()
    doc = book.xml("EPUB/text/a003.xhtml")
    figures = doc.findall(".//x:figure", NS)
    assert [f.find("x:img", NS).get("src") for f in figures] == ["../images/photo001.png",
                                                                "../images/photo002.png"]
    for f in figures:
        caption = f.findtext("x:figcaption", namespaces=NS)
        assert f.find("x:img", NS).get("alt") == caption and caption
    assert "专题调研" in figures[0].findtext("x:figcaption", namespaces=NS)
    # no caption of the book prints alone
    assert not doc.findall(".//x:p[@class='caption']", NS)


def test_package_language_date_creators_and_accessibility_metadata(yearbook) -> None:
    book = Epub(yearbook / "yearbook.epub")
    assert book.opf.get(XML_LANG) == "zh-CN"
    assert book.opf.findtext("opf:metadata/dc:date", namespaces=NS) == "2025-12-01"
    creators = book.opf.findall("opf:metadata/dc:creator", NS)
    assert [c.text for c in creators] == ["示例市政协办公室"]  # 编 is a role, not a name
    role = book.opf.find(f"opf:metadata/opf:meta[@refines='#{creators[0].get('id')}']", NS)
    assert (role.get("property"), role.get("scheme"), role.text) == ("role", "marc:relators", "com")
    assert book.meta("schema:accessMode") == ["textual", "visual"]
    assert book.meta("schema:accessModeSufficient") == ["textual", "textual,visual"]
    features = book.meta("schema:accessibilityFeature")
    for f in ("structuralNavigation", "tableOfContents", "alternativeText", "pageBreakMarkers",
              "pageNavigation"):
        assert f in features
    assert book.meta("schema:accessibilityHazard") == ["none"]
    (summary,) = book.meta("schema:accessibilitySummary")
    assert "图注" in summary and "页码" in summary
    assert book.opf.findtext("opf:metadata/dc:source", namespaces=NS) == "《政协工作文选》印刷版（185 × 260 mm）"


def test_page_list_gives_the_folios_the_pdf_prints(yearbook) -> None:
    """Every element that opens on a folio in the PDF (front matter, 目录, part-title
    pages, articles, back matter) is in the page list with that folio: the page label
    of the page the PDF's outline entry for it points to."""
    book = Epub(yearbook / "yearbook.epub")
    nav = book.xml("EPUB/nav.xhtml")
    pages = nav.find(".//x:nav[@epub:type='page-list']", NS)
    entries = [(a.text, a.get("href")) for a in pages.iterfind(".//x:a", NS)]
    # each target is a page-break marker carrying its folio
    titles = {}
    for folio, href in entries:
        name, anchor = href.split("#")
        doc = book.xml(f"EPUB/{name}")
        marker = next(e for e in doc.iter() if e.get("id") == anchor)
        assert marker.get(EPUB_TYPE) == "pagebreak" and marker.get("aria-label") == folio
        titles[folio] = doc.findtext(".//x:title", namespaces=NS)
    # the same folios from the PDF: outline entry -> page -> page label
    pdf = pypdf.PdfReader(str(yearbook / "yearbook.pdf"))
    printed: dict[str, str] = {}

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                printed.setdefault(item.title, pdf.page_labels[pdf.get_destination_page_number(item)])

    walk(pdf.outline)
    assert len(entries) == 11  # 编辑说明, 目录, 3 part-title pages, 5 articles, 编后记
    for folio, title in titles.items():
        key = "目录" if title == "目录" else title
        assert printed[key] == folio, (title, folio)
    assert [f for f, _ in entries][:2] == ["i", "iii"] and entries[2][0] == "1"


def test_a_book_without_print_edition_has_no_page_list(tmp_path) -> None:
    book = Compilation(meta=BookMeta(title="书"), parts=(
        Part(title="一", articles=(Article(title="甲", body=(Paragraph(text="正文。"),)),)),))
    writers.write(book, "epub", tmp_path / "a.epub", {"timestamp": TS})
    epub = Epub(tmp_path / "a.epub")
    assert epub.xml("EPUB/nav.xhtml").find(".//x:nav[@epub:type='page-list']", NS) is None
    assert "pageNavigation" not in epub.meta("schema:accessibilityFeature")
    assert epub.opf.findtext("opf:metadata/dc:date", namespaces=NS) == "2025-03-01"
    assert b"epub:type=\"pagebreak\"" not in epub.z.read("EPUB/text/a001.xhtml")
    # asked for, through the API: the a5 PDF's folios
    writers.write(book, "epub", tmp_path / "b.epub", {"timestamp": TS, "print_edition": "a5"})
    pages = Epub(tmp_path / "b.epub").xml("EPUB/nav.xhtml").find(".//x:nav[@epub:type='page-list']", NS)
    # the 目录, the part-title page, its article on the recto after the blank verso
    assert [a.text for a in pages.iterfind(".//x:a", NS)] == ["i", "1", "3"]
    with pytest.raises(writers.OptionError, match="print_edition"):
        writers.write(book, "epub", tmp_path / "c.epub", {"print_edition": "a4"})


def test_creators_roles() -> None:
    from cppcc_publish.book import plan_book
    from cppcc_publish.model import Credit
    from cppcc_publish.writers.epub.accessibility import Creator, creators

    def roles(compiler: str | None, *credits: Credit) -> list[Creator]:
        meta = BookMeta(title="书", compiler=compiler)
        return creators(plan_book(Compilation(meta=meta, parts=(Part(title=None, articles=(
            Article(title="甲", authors=credits), Article(title="乙"))),))))

    assert roles("××市政协办公室 编") == [Creator("××市政协办公室", "com")]
    assert roles("政协××市委员会办公室编") == [Creator("政协××市委员会办公室", "com")]
    assert roles("本书编委会") == [Creator("本书编委会", "aut")]
    assert roles("张三　主编") == [Creator("张三", "edt")]
    assert roles(None, Credit(name="罗鸣", role="compiler"), Credit(name="李四", role="reporter")) == [
        Creator("罗鸣", "com"), Creator("李四", "aut")]


# ---------------------------------------------------------------- DAISY Ace


def ace_runner() -> tuple[list[str], dict[str, str]] | str:
    """The command that runs Ace's CLI through its Puppeteer runner with the system's
    Chromium, and its environment; or why it cannot run.  (The ``ace`` command itself
    needs an Electron download; the CLI's own script does not.)"""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return "node and npm are not installed"
    try:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=120).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"npm root -g failed: {exc}"
    candidates = [Path(root) / "@daisy/ace/node_modules/@daisy/ace-cli/bin/ace.js",
                  Path(root) / "@daisy/ace-cli/bin/ace.js"]
    cli = next((c for c in candidates if c.is_file()), None)
    if cli is None:
        return "DAISY Ace is not installed (npm i -g @daisy/ace)"
    chromium = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    if chromium is None:
        return "no Chromium for Ace's Puppeteer runner"
    return [node, str(cli)], {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}


def test_ace_reports_no_violation_on_the_example_yearbook(yearbook, tmp_path) -> None:
    runner = ace_runner()
    if isinstance(runner, str):
        pytest.skip(runner)
    command, env = runner
    out = tmp_path / "ace"
    proc = subprocess.run([*command, "-o", str(out), "-f", str(yearbook / "yearbook.epub")],
                          capture_output=True, text=True, timeout=900, env=env)
    assert (out / "report.json").is_file(), proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads((out / "report.json").read_text("utf-8"))
    violations = [
        (doc["earl:testSubject"]["url"], test["earl:test"]["dct:title"],
         test["earl:result"].get("dct:description"))
        for doc in report["assertions"] for test in doc["assertions"]
        if test["earl:result"]["earl:outcome"] == "fail"
    ]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert report["properties"]["hasPageBreaks"] is True
    assert len(report["data"]["images"]) == 3  # the cover and the two photos, each with alt text


def test_a_build_lays_the_book_out_once_for_the_pdf_and_the_page_list(tmp_path, monkeypatch) -> None:
    """In a build the EPUB takes the folios the PDF writer's layout left; called alone it
    lays the book out itself, with the same result."""
    from cppcc_publish.writers.pdf import folios

    def no_second_layout(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the EPUB laid the book out again")

    monkeypatch.setattr(folios, "layout", no_second_layout)
    build(ROOT / "examples" / "study-ebook.yaml", out_dir=tmp_path, strict=True, cache_dir=None,
          progress=False, report=False)
    nav = Epub(tmp_path / "study.epub").xml("EPUB/nav.xhtml")
    shared = [(a.text, a.get("href")) for a in
              nav.find(".//x:nav[@epub:type='page-list']", NS).iterfind(".//x:a", NS)]
    # the study e-book lists its EPUB before its A5 PDF: the PDF is rendered first all the same
    monkeypatch.undo()
    alone = tmp_path / "alone"
    alone.mkdir()
    build(ROOT / "examples" / "study-ebook.yaml", out_dir=alone, only=["epub"], strict=True,
          cache_dir=None, progress=False, report=False)
    nav = Epub(alone / "study.epub").xml("EPUB/nav.xhtml")
    assert shared == [(a.text, a.get("href")) for a in
                      nav.find(".//x:nav[@epub:type='page-list']", NS).iterfind(".//x:a", NS)]
    assert [f for f, _ in shared][:2] == ["i", "iii"]


def test_the_build_follows_the_first_pdf_unless_the_epub_output_says() -> None:
    from cppcc_publish.manifest import load_manifest
    from cppcc_publish.publish import _follow_print_edition

    m = load_manifest(ROOT / "examples" / "study-ebook.yaml")
    opts: dict[str, object] = {}
    _follow_print_edition(opts, m)
    assert opts == {"print_edition": {"preset": "a5"}}
    none: dict[str, object] = {"print_edition": None}  # options: {print_edition: null}
    _follow_print_edition(none, m)
    assert none == {"print_edition": None}
