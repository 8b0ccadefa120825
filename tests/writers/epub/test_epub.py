"""EPUB writer: EPUBCheck 0/0, spine text round trip, zh-CN, nav, determinism, escaping."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import epubcheck_run
import pytest
from conftest import SAMPLES
from printing import EPUB_TAGS, printed_article
from golden import canonical_xml, check_golden
from lxml import etree

from cppcc_publish import writers
from cppcc_publish.model import (
    Article,
    BookMeta,
    Caption,
    Compilation,
    Credit,
    Heading,
    Matter,
    Paragraph,
    Part,
    Source,
)

TS = "2025-03-01T08:00:00Z"
GOLDEN = Path(__file__).parent / "golden"
NASTY = "<script>alert('x')</script>&amp;]]>\"'"
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "epub": "http://www.idpf.org/2007/ops",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def nasty_article() -> Article:
    return Article(
        title=f"标题{NASTY}", subtitle=NASTY, column=NASTY,
        authors=(Credit(name=NASTY, role="author"),), author_note=NASTY,
        source=Source(name=NASTY, issue=NASTY),
        body=(Heading(text=NASTY), Heading(text=NASTY, run_in=True), Paragraph(text=NASTY),
              Caption(text=NASTY), Heading(text=f"二、{NASTY}", level=2), Paragraph(text=f"前{NASTY}后")),
    )


def no_heading_book() -> Compilation:
    return Compilation.of(Article(body=(Paragraph(text="只有一段，没有标题，也没有小标题。"),)))


def full_book(parsed) -> Compilation:
    arts = list(parsed.values())
    return Compilation(
        meta=BookMeta(title="2025年政协文稿汇编", subtitle="内部资料", compiler="××市政协办公室 编",
                      year=2025, notice="内部资料，免费交流", permit="准印证号：（2025）001"),
        front=(Matter(title="编辑说明", body=(Paragraph(text="本书收录文稿五篇。"),)),),
        parts=(Part(title="协商议政", articles=tuple(arts[:2])), Part(title="委员风采", articles=tuple(arts[2:]))),
        back=(Matter(title="编后记", body=(Paragraph(text="感谢各位委员。"),)),),
    )


@pytest.fixture(scope="module")
def books(parsed, tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("epub")
    out: dict[str, Path] = {}
    docs = {stem: a for stem, a in parsed.items()}
    docs["all"] = list(parsed.values())
    docs["no-heading"] = no_heading_book()
    docs["nasty"] = nasty_article()
    docs["full"] = full_book(parsed)
    for name, doc in docs.items():
        dest = tmp / f"{name}.epub"
        writers.write(doc, "epub", dest, {"timestamp": TS})
        out[name] = dest
    dest = tmp / "embedded-font.epub"
    writers.write(list(parsed.values()), "epub", dest, {"timestamp": TS, "embed_font": True})
    out["embedded-font"] = dest
    png = tmp / "cover.png"
    png.write_bytes(_tiny_png())
    dest = tmp / "given-cover.epub"
    writers.write(parsed[SAMPLES[0].stem], "epub", dest, {"timestamp": TS, "cover": png})
    out["given-cover"] = dest
    # the book's own cover (manifest book.cover) when no option names one
    import dataclasses

    book = full_book(parsed)
    dest = tmp / "meta-cover.epub"
    writers.write(dataclasses.replace(book, meta=dataclasses.replace(book.meta, cover=str(png))),
                  "epub", dest, {"timestamp": TS})
    out["meta-cover"] = dest
    # the example yearbook, built from its manifest as an editor would
    from cppcc_publish.publish import build

    root = Path(__file__).resolve().parents[3]
    build(root / "examples" / "yearbook.yaml", out_dir=tmp, only=["epub"], strict=True,
          cache_dir=None, progress=False, report=False)
    out["yearbook"] = tmp / "yearbook.epub"
    return out


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x9e\x1b\x1b" * 16 for _ in range(25))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 25, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Epub:
    def __init__(self, path: Path) -> None:
        self.z = zipfile.ZipFile(path)
        self.opf = etree.fromstring(self.z.read("EPUB/content.opf"))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.z.read(name))

    def spine(self) -> list[str]:
        items = {i.get("id"): i.get("href") for i in self.opf.iterfind("opf:manifest/opf:item", NS)}
        return ["EPUB/" + items[r.get("idref")] for r in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def blocks(self, name: str) -> list[tuple[str, str]]:
        """(tag.class, text) of each block in a document's body."""
        root = self.xml(name)
        out = []
        for el in root.iterfind(".//x:body//*", NS):
            tag = etree.QName(el).localname
            if tag in ("p", "h1", "h2", "h3"):
                cls = el.get("class")
                out.append((f"{tag}.{cls}" if cls else tag, "".join(el.itertext())))
        return out


# ---------------------------------------------------------------- EPUBCheck


def test_epubcheck_reports_nothing(books) -> None:
    why = epubcheck_run.available()
    if why:
        pytest.skip(why)
    results = epubcheck_run.check(list(books.values()))
    assert len(results) == len(books)
    bad = {p.name: r.output[-2000:] for p, r in results.items() if (r.fatals, r.errors, r.warnings) != (0, 0, 0)}
    assert not bad, bad


# ---------------------------------------------------------------- text


def expected_blocks(article: Article) -> list[tuple[str, str]]:
    """The blocks the article's document must hold, in order (the one printed form)."""
    from cppcc_publish.book import TextElement, plan_book

    (element,) = plan_book(Compilation.of(article)).elements
    assert isinstance(element, TextElement)
    out = []
    for k, t in printed_article(article):
        tag = EPUB_TAGS[k]
        if k in ("heading1", "heading2"):
            # the plan's heading_align, as a class where the style sheet's default
            # (h2 centred, h3 indented) differs
            level = 0 if k == "heading1" else 1
            align = element.heading_align[level]
            if align != ("center", "indent")[level]:
                tag += "." + align
        out.append((tag, t))
    return out


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_spine_text_equals_the_model(path, parsed, books) -> None:
    article = parsed[path.stem]
    book = Epub(books[path.stem])
    docs = [d for d in book.spine() if "/text/a" in d]
    assert len(docs) == 1
    assert book.blocks(docs[0]) == expected_blocks(article)
    assert "李敏杰" not in str(book.blocks(docs[0]))  # an editor is not printed


def test_all_samples_in_spine_order(parsed, books) -> None:
    book = Epub(books["all"])
    docs = [d for d in book.spine() if "/text/a" in d]
    assert len(docs) == len(parsed)
    for doc, article in zip(docs, parsed.values()):
        assert book.blocks(doc) == expected_blocks(article)
    assert book.spine()[:3] == ["EPUB/text/cover.xhtml", "EPUB/text/titlepage.xhtml", "EPUB/nav.xhtml"]


def test_markup_characters_are_text(books) -> None:
    book = Epub(books["nasty"])
    doc = next(d for d in book.spine() if "/text/a" in d)
    raw = book.z.read(doc)
    assert b"<script>" not in raw and b"]]>" not in raw
    assert book.blocks(doc)[:4] == [("p.kicker", NASTY), ("h1", f"标题{NASTY}"),
                                    ("p.subtitle", f"——{NASTY}"), ("p.byline", NASTY)]
    texts = [t for _, t in book.blocks(doc)]
    assert NASTY + NASTY in texts and f"前{NASTY}后" in texts
    nav = book.xml("EPUB/nav.xhtml")
    assert f"标题{NASTY}" in [a.text for a in nav.iterfind(".//x:a", NS)]
    assert b"<script>" not in book.z.read("EPUB/images/cover.svg")
    assert book.opf.findtext("opf:metadata/dc:title", namespaces=NS) == f"标题{NASTY}"


# ---------------------------------------------------------------- package


def test_zh_cn_everywhere_and_metadata(books) -> None:
    book = Epub(books["all"])
    assert book.opf.findtext("opf:metadata/dc:language", namespaces=NS) == "zh-CN"
    modified = book.opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", NS)
    assert modified.text == "2025-03-01T08:00:00Z"
    xhtml = [n for n in book.z.namelist() if n.endswith(".xhtml")]
    assert len(xhtml) >= 8
    for name in xhtml:
        root = book.xml(name)
        assert root.get("lang") == "zh-CN" and root.get(XML_LANG) == "zh-CN", name
    ncx = book.xml("EPUB/toc.ncx")
    assert ncx.get(XML_LANG) == "zh-CN"
    uid = book.opf.findtext("opf:metadata/dc:identifier", namespaces=NS)
    assert ncx.find("ncx:head/ncx:meta[@name='dtb:uid']", NS).get("content") == uid
    assert uid.startswith("urn:uuid:")
    names = book.z.namelist()
    assert names[0] == "mimetype" and book.z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED


def test_nav_is_titled_mulu_and_lists_articles_and_sections(parsed, books) -> None:
    book = Epub(books["003_24aec521f5a4d861"])
    nav = book.xml("EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert toc.findtext("x:h1", namespaces=NS) == "目录"
    assert nav.findtext(".//x:title", namespaces=NS) == "目录"
    top = toc.findall("x:ol/x:li", NS)
    article = parsed["003_24aec521f5a4d861"]
    from cppcc_publish.book.wording import title_text

    # the title as every format prints it: 凝聚智慧力量　共谱时代华章
    assert [li.findtext("x:a", namespaces=NS) for li in top] == [title_text(article.title)]
    subs = [a.text for a in top[0].iterfind("x:ol/x:li/x:a", NS)]
    assert subs == [h.text for h in article.headings]
    # every nav target exists
    doc = book.xml("EPUB/text/a001.xhtml")
    ids = {e.get("id") for e in doc.iter() if e.get("id")}
    for a in top[0].iterfind("x:ol/x:li/x:a", NS):
        assert a.get("href").split("#")[1] in ids
    ncx_labels = [t.text for t in book.xml("EPUB/toc.ncx").iterfind(".//ncx:navLabel/ncx:text", NS)]
    assert ncx_labels == [title_text(article.title), *subs]


def test_book_with_parts_front_and_back_matter(books) -> None:
    book = Epub(books["full"])
    nav = book.xml("EPUB/nav.xhtml")
    top = [li.findtext("x:a", namespaces=NS) for li in nav.iterfind(".//x:nav[@epub:type='toc']/x:ol/x:li", NS)]
    assert top == ["编辑说明", "协商议政", "委员风采", "编后记"]
    title = [t for _, t in book.blocks("EPUB/text/titlepage.xhtml")]
    assert title == ["2025年政协文稿汇编", "内部资料", "××市政协办公室 编", "2025年"]
    # the 版本记录 of an internal print: a document of its own after the 扉页, as the
    # printed book has it on the verso of the 扉页
    imprint = [t for _, t in book.blocks("EPUB/text/imprint.xhtml")]
    assert imprint[:4] == ["内部资料，免费交流", "准印证号：（2025）001",
                           "书\u3000\u3000名：2025年政协文稿汇编——内部资料", "编印单位：××市政协办公室"]
    assert imprint[4] == "开\u3000\u3000本：787 mm×1092 mm\u30001/16"
    assert [t[:5] for t in imprint[5:]] == ["印\u3000\u3000张：", "字\u3000\u3000数："]  # the printed book's
    section = book.xml("EPUB/text/imprint.xhtml").find(".//x:section[@class='imprint']", NS)
    assert section.get("{http://www.idpf.org/2007/ops}type") == "copyright-page"
    # print order: front matter before the 目录, back matter last
    assert [Path(p).name for p in book.spine()] == [
        "cover.xhtml", "titlepage.xhtml", "imprint.xhtml", "front1.xhtml", "nav.xhtml",
        "part001.xhtml", "a001.xhtml", "a002.xhtml", "part002.xhtml", "a003.xhtml", "a004.xhtml",
        "a005.xhtml", "back1.xhtml"]


def test_example_yearbook(books) -> None:
    """The example book through build(): imprint, parts nesting articles in nav and NCX,
    one document per article, fixes applied (EPUBCheck runs on it above)."""
    book = Epub(books["yearbook"])
    title = [t for _, t in book.blocks("EPUB/text/titlepage.xhtml")]
    assert title == ["政协工作文选", "2025年度汇编", "示例市政协办公室 编", "2025年"]
    imprint = [t for _, t in book.blocks("EPUB/text/imprint.xhtml")]
    assert imprint[:7] == ["内部资料，免费交流", "示例准印证号：（示例）2025-000（仅为示例，非真实证号）",
                           "书\u3000\u3000名：政协工作文选——2025年度汇编", "编印单位：示例市政协办公室",
                           "发送对象：示例市政协委员，市政协机关各处室", "印刷单位：示例印刷厂",
                           "印刷日期：2025年12月1日"]
    assert imprint[-1] == "印\u3000\u3000数：500册" and len(imprint) == 11  # 开本, 印张, 字数: tests/book/test_imprint.py
    nav = book.xml("EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']/x:ol", NS)
    tree = [(li.findtext("x:a", namespaces=NS),
             [a.findtext("x:a", namespaces=NS) for a in li.iterfind("x:ol/x:li", NS)])
            for li in toc.iterfind("x:li", NS)]
    assert [t for t, _ in tree] == ["编辑说明", "学习贯彻", "履职实践", "工作综述", "编后记"]
    assert [len(kids) for _, kids in tree] == [0, 2, 2, 1, 0]
    assert tree[2][1][0] == "以“五员”担当推动两会精神落地见效"
    ncx = book.xml("EPUB/toc.ncx")
    top = ncx.findall("ncx:navMap/ncx:navPoint", NS)
    assert [p.findtext("ncx:navLabel/ncx:text", namespaces=NS) for p in top] == [t for t, _ in tree]
    assert [len(p.findall("ncx:navPoint", NS)) for p in top] == [0, 2, 2, 1, 0]
    articles = [d for d in book.spine() if "/text/a" in d]
    assert len(articles) == 5
    text = "".join("".join(book.xml(d).itertext()) for d in articles)
    assert "。”近日，石嘴山市政协主席张宏伟结合工作实际" in text and "热潮，增强" in text


def test_untitled_article_gets_a_label_from_its_text(books) -> None:
    book = Epub(books["no-heading"])
    nav = book.xml("EPUB/nav.xhtml")
    labels = [a.text for a in nav.iterfind(".//x:nav[@epub:type='toc']//x:a", NS)]
    assert labels == ["只有一段，没有标题，也没有小标题"]
    doc = next(d for d in book.spine() if "/text/a" in d)
    assert book.blocks(doc) == [("p", "只有一段，没有标题，也没有小标题。")]


def test_cover_generated_or_given(parsed, books) -> None:
    book = Epub(books["003_24aec521f5a4d861"])
    item = book.opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert item.get("media-type") == "image/svg+xml"
    svg = book.xml("EPUB/" + item.get("href"))
    lines = [t.text for t in svg.iterfind("{http://www.w3.org/2000/svg}text")]
    assert lines[:2] == ["凝聚智慧力量", "共谱时代华章"]
    given = Epub(books["given-cover"])
    item = given.opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert item.get("media-type") == "image/png"
    assert given.z.read("EPUB/" + item.get("href")) == _tiny_png()
    assert given.opf.find("opf:metadata/opf:meta[@name='cover']", NS).get("content") == item.get("id")
    own = Epub(books["meta-cover"])
    item = own.opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert item.get("media-type") == "image/png"
    assert own.z.read("EPUB/" + item.get("href")) == _tiny_png()


def test_bad_cover_is_an_option_error(tmp_path) -> None:
    from cppcc_publish.errors import OptionError

    with pytest.raises(OptionError, match="cover"):
        writers.write(no_heading_book(), "epub", tmp_path / "a.epub", {"cover": tmp_path / "c.bmp"})
    with pytest.raises(OptionError, match="not a file"):
        writers.write(no_heading_book(), "epub", tmp_path / "a.epub", {"cover": tmp_path / "c.png"})
    assert list(tmp_path.iterdir()) == []


def test_stylesheet_is_for_chinese_reading(books) -> None:
    css = Epub(books["all"]).z.read("EPUB/style/book.css").decode("utf-8")
    for needle in ("text-indent: 2em", "text-align: justify", "margin: 0;", "Songti SC", "Noto Serif CJK SC",
                   "DK-SONGTI", "SimSun"):
        assert needle in css


def test_byte_identical_with_fixed_timestamp(parsed, tmp_path) -> None:
    a, b, c = tmp_path / "a.epub", tmp_path / "b.epub", tmp_path / "c.epub"
    arts = list(parsed.values())
    writers.write(arts, "epub", a, {"timestamp": TS})
    writers.write(arts, "epub", b, {"timestamp": TS})
    assert a.read_bytes() == b.read_bytes()
    writers.write(arts, "epub", c, {"timestamp": "2025-03-02T08:00:00Z"})
    assert c.read_bytes() != a.read_bytes()
    # the identifier follows the content, not the clock
    ids = {Epub(p).opf.findtext("opf:metadata/dc:identifier", namespaces=NS) for p in (a, c)}
    assert len(ids) == 1


def test_characters_xml_cannot_hold_are_replaced_with_a_warning(tmp_path) -> None:
    dest = tmp_path / "c.epub"
    diags = writers.write(Article(title="控制\x07字符", body=(Paragraph(text="甲\x01乙"),)), "epub", dest,
                          {"timestamp": TS})
    assert [d.code for d in diags] == ["invalid-xml-character"]
    book = Epub(dest)
    assert ("p", "甲\ufffd乙") in book.blocks("EPUB/text/a001.xhtml")
    io.BytesIO(book.z.read("EPUB/toc.ncx"))  # well-formed (parsed by Epub.xml below)
    book.xml("EPUB/toc.ncx")


# ---------------------------------------------------------------- golden XML


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_article_document_matches_golden(path, books) -> None:
    book = Epub(books[path.stem])
    check_golden(GOLDEN / f"{path.stem}.xhtml", canonical_xml(book.z.read("EPUB/text/a001.xhtml")))


def test_navigation_matches_golden(books) -> None:
    book = Epub(books["full"])
    check_golden(GOLDEN / "full.nav.xhtml", canonical_xml(book.z.read("EPUB/nav.xhtml")))
    check_golden(GOLDEN / "full.toc.ncx", canonical_xml(book.z.read("EPUB/toc.ncx")))


def test_embedded_font_covers_the_text(parsed, books) -> None:
    from fontTools.ttLib import TTFont

    book = Epub(books["embedded-font"])
    item = book.opf.find("opf:manifest/opf:item[@media-type='font/woff']", NS)
    assert item is not None
    css = book.z.read("EPUB/style/book.css").decode("utf-8")
    assert "@font-face" in css and "../" + item.get("href") in css
    font = TTFont(io.BytesIO(book.z.read("EPUB/" + item.get("href"))))
    cmap = set(font.getBestCmap())
    text = {ord(c) for a in parsed.values() for b in a.body for c in b.text if "\u4e00" <= c <= "\u9fff"}
    assert text <= cmap | {ord(c) for c in "䶮"}
    assert len(book.z.read("EPUB/" + item.get("href"))) < 600_000  # a subset, not the 9.7 MB face
    assert "fonts/" not in Epub(books["all"]).z.read("EPUB/content.opf").decode("utf-8")  # off by default
