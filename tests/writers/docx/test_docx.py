"""DOCX writer: text round trip, Chinese fonts, presets, review copy, golden XML."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import SAMPLES
from printing import DOCX_STYLES, printed_article
from golden import check_golden
from lxml import etree

from cppcc_publish import writers
from cppcc_publish.model import Article, Caption, Compilation, Credit, Flag, Heading, Paragraph, Source
from golden import canonical_xml, document_xml

TS = "2025-03-01T08:00:00Z"
GOLDEN = Path(__file__).parent / "golden"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CHINESE_FACES = {"宋体", "黑体", "楷体", "仿宋"}
HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")


def r_ns(name: str) -> str:
    return "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}" + name


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def build(tmp: Path, doc, name: str = "out.docx", **options) -> bytes:
    """The DOCX of ``doc``; LibreOffice's layout step only when ``libreoffice`` is
    given (tests/writers/docx/test_libreoffice.py tests it)."""
    dest = tmp / name
    writers.write(doc, "docx", dest, {"timestamp": TS, "libreoffice": False, **options})
    return dest.read_bytes()


@pytest.fixture(scope="module")
def books(parsed, tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("docx")
    return {stem: build(tmp, a, f"{stem}.docx") for stem, a in parsed.items()}


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, in order."""
    d = docx.Document(io.BytesIO(data))
    return [(p.style.name if p.style is not None else "", p.text) for p in d.paragraphs]


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_text_round_trip(path, parsed, books) -> None:
    """Every paragraph of the article, in the plan's order, each in its style: no
    paragraph lost or invented."""
    article = parsed[path.stem]
    assert paragraphs(books[path.stem]) == [(DOCX_STYLES[k], t) for k, t in printed_article(article)]


def test_bylines_print_credited_people_but_not_editors(parsed, books) -> None:
    byline = {stem: [t for s, t in paragraphs(data) if s == "Author Line"] for stem, data in books.items()}
    assert byline["001_dc89c91f80ed4344"] == ["罗鸣　整理"]
    assert byline["003_24aec521f5a4d861"] == ["黄筱珂"]
    assert byline["004_0df093a3eec8a1f0"] == ["记者　黄富强　通讯员　农喜养"]
    assert byline["000_3ef46446da7cdf42"] == []
    all_text = "\n".join(t for _, t in paragraphs(books["001_dc89c91f80ed4344"]))
    assert "李敏杰" not in all_text  # the editor
    sources = {stem: [t for s, t in paragraphs(data) if s == "Source Note"] for stem, data in books.items()}
    assert sources["000_3ef46446da7cdf42"] == ["（原载《广西政协工作》2025年第3期）"]
    assert sources["004_0df093a3eec8a1f0"] == ["（原载《广西政协报》2021年5月26日）"]
    assert sources["003_24aec521f5a4d861"] == ["（2023年1月3日）"]


def test_run_in_heading_is_the_bold_lead_of_its_paragraph(parsed, books) -> None:
    data = books["000_3ef46446da7cdf42"]
    d = docx.Document(io.BytesIO(data))
    leads = [h.text for h in parsed["000_3ef46446da7cdf42"].headings if h.run_in]
    assert len(leads) == 4
    found = []
    for p in d.paragraphs:
        if p.runs and p.runs[0].style is not None and p.runs[0].style.name == "Run-in Heading":
            found.append(p.runs[0].text)
            assert p.style.name == "Body Text" and len(p.text) > len(p.runs[0].text)
    assert found == leads
    assert d.styles["Run-in Heading"].font.bold or d.styles["Run-in Heading"].element.find(
        f"{w('rPr')}/{w('rFonts')}").get(w("eastAsia")) == "黑体"


# ---------------------------------------------------------------- Chinese fonts


class Styles:
    """Resolves run properties through rStyle, pStyle, basedOn and docDefaults."""

    def __init__(self, data: bytes) -> None:
        root = part(data, "word/styles.xml")
        self.by_id = {s.get(w("styleId")): s for s in root.iter(w("style"))}
        self.defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            s = self.by_id[style_id]
            yield s.find(w("rPr"))
            based = s.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None

    def resolve(self, run: etree._Element, para: etree._Element, attr_el: str, attr: str) -> str | None:
        rprs = [run.find(w("rPr"))]
        rstyle = run.find(f"{w('rPr')}/{w('rStyle')}")
        rprs += list(self.chain(rstyle.get(w("val")) if rstyle is not None else None))
        pstyle = para.find(f"{w('pPr')}/{w('pStyle')}")
        rprs += list(self.chain(pstyle.get(w("val")) if pstyle is not None else None))
        rprs.append(self.defaults)
        for rpr in rprs:
            if rpr is None:
                continue
            el = rpr.find(w(attr_el))
            if el is None:
                continue
            theme = [a for a in el.attrib if a.endswith("Theme")]
            assert not theme, f"theme font attribute {theme} would override w:eastAsia"
            if el.get(w(attr)):
                return el.get(w(attr))
        return None


def chinese_runs(data: bytes, part_name: str = "word/document.xml"):
    root = part(data, part_name)
    for para in root.iter(w("p")):
        for run in para.iter(w("r")):
            text = "".join(t.text or "" for t in run.iter(w("t")))
            if HAN.search(text):
                yield para, run, text


@pytest.mark.parametrize("preset", ["book", "gbt9704"])
def test_every_chinese_run_has_an_east_asian_font_and_zh_cn(parsed, tmp_path, preset) -> None:
    data = build(tmp_path, list(parsed.values()), preset=preset, review=True)
    styles = Styles(data)
    count = 0
    for name in ("word/document.xml", "word/footer1.xml", "word/comments.xml"):
        try:
            runs = list(chinese_runs(data, name))
        except KeyError:
            continue
        for para, run, text in runs:
            face = styles.resolve(run, para, "rFonts", "eastAsia")
            assert face in CHINESE_FACES, (text[:20], face)
            assert styles.resolve(run, para, "lang", "eastAsia") == "zh-CN", text[:20]
            count += 1
    assert count > 100


def test_book_preset_geometry_and_body_style(books) -> None:
    data = books["003_24aec521f5a4d861"]
    doc = part(data, "word/document.xml")
    sect = doc.find(f".//{w('sectPr')}")
    size = sect.find(w("pgSz"))
    assert (size.get(w("w")), size.get(w("h"))) == ("10488", "14740")  # 185 × 260 mm
    settings = part(data, "word/settings.xml")
    assert settings.find(w("mirrorMargins")) is not None
    assert settings.find(w("characterSpacingControl")).get(w("val")) == "compressPunctuation"
    styles = Styles(data)
    body = styles.by_id["BodyText"]
    ind = body.find(f"{w('pPr')}/{w('ind')}")
    assert ind.get(w("firstLineChars")) == "200" and ind.get(w("firstLine")) == "480"  # 2 × 12 pt
    assert body.find(f"{w('pPr')}/{w('jc')}").get(w("val")) == "both"
    spacing = body.find(f"{w('pPr')}/{w('spacing')}")
    assert spacing.get(w("before")) == "0" and spacing.get(w("after")) == "0"
    assert body.find(f"{w('rPr')}/{w('sz')}").get(w("val")) == "24"  # 小四 12 pt
    assert body.find(f"{w('rPr')}/{w('rFonts')}").get(w("eastAsia")) == "宋体"
    footer = part(data, "word/footer1.xml")
    assert "PAGE" in "".join(footer.itertext())


def test_gbt9704_preset_numbers(parsed, tmp_path) -> None:
    data = build(tmp_path, parsed["002_885e295ff91a4d15"], preset="gbt9704")
    sect = part(data, "word/document.xml").find(f".//{w('sectPr')}")
    size, mar, grid = sect.find(w("pgSz")), sect.find(w("pgMar")), sect.find(w("docGrid"))
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    assert {k: mar.get(w(k)) for k in ("top", "right", "bottom", "left")} == {
        "top": "2098", "right": "1474", "bottom": "1984", "left": "1587"}
    assert grid.get(w("type")) == "lines" and grid.get(w("linePitch")) == "579"
    styles = Styles(data)

    def font(style_id: str) -> tuple[str, str]:
        rpr = styles.by_id[style_id].find(w("rPr"))
        return rpr.find(w("rFonts")).get(w("eastAsia")), rpr.find(w("sz")).get(w("val"))

    assert font("BodyText") == ("仿宋", "32")  # 3号 仿宋
    # 28 characters of 15.75 pt fill the 156 mm line (a 16 pt glyph would leave 27)
    tracking = styles.by_id["BodyText"].find(f"{w('rPr')}/{w('spacing')}").get(w("val"))
    assert 28 * (16 + int(tracking) / 20) <= 156 / 25.4 * 72 < 29 * (16 + int(tracking) / 20)
    assert font("Heading1") == ("黑体", "32")  # 一、 黑体
    assert font("Heading2") == ("楷体", "32")  # （一） 楷体
    assert font("Title")[1] == "44"  # 2号
    spacing = styles.by_id["BodyText"].find(f"{w('pPr')}/{w('spacing')}")
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")
    settings = part(data, "word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None
    assert settings.find(w("mirrorMargins")) is None
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footers = sorted(n for n in z.namelist() if n.startswith("word/footer"))
    texts = []
    for name in footers:
        f = part(data, name)
        texts.append(("".join(t.text or "" for t in f.iter(w("t"))), f.find(f".//{w('jc')}").get(w("val"))))
        assert "PAGE" in "".join(f.itertext())
    assert sorted(texts) == [("— 1 —", "left"), ("— 1 —", "right")]


def test_core_properties(parsed, books) -> None:
    d = docx.Document(io.BytesIO(books["004_0df093a3eec8a1f0"]))
    cp = d.core_properties
    assert cp.title == "互学互促共提升"
    assert cp.author == "黄富强、农喜养"  # the plan joins creators as the PDF does
    assert cp.language == "zh-CN"
    assert cp.created.isoformat().startswith("2025-03-01T08:00:00")


# ---------------------------------------------------------------- golden XML


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_document_xml_matches_golden(path, books) -> None:
    check_golden(GOLDEN / f"{path.stem}.document.xml", canonical_xml(document_xml(books[path.stem])))


def test_review_document_xml_matches_golden(parsed, tmp_path) -> None:
    data = build(tmp_path, parsed["001_dc89c91f80ed4344"], review=True)
    check_golden(GOLDEN / "001_review.document.xml", canonical_xml(document_xml(data)))


# ---------------------------------------------------------------- determinism


def test_byte_identical_with_fixed_timestamp(parsed, tmp_path) -> None:
    articles = list(parsed.values())
    a = build(tmp_path, articles, "a.docx", review=True)
    b = build(tmp_path, articles, "b.docx", review=True)
    assert a == b
    c = build(tmp_path, articles, "c.docx", review=True, timestamp="2025-03-02T08:00:00Z")
    assert c != a


# ---------------------------------------------------------------- review copy


def comments(data: bytes) -> list[tuple[str, str]]:
    """(anchored text, comment text) for every comment."""
    doc = part(data, "word/document.xml")
    try:
        com = part(data, "word/comments.xml")
    except KeyError:
        return []
    texts = {c.get(w("id")): "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in c.iter(w("p")))
             for c in com.iter(w("comment"))}
    out = []
    for start in doc.iter(w("commentRangeStart")):
        cid = start.get(w("id"))
        anchored = []
        node = start.getnext()
        while node is not None and not (node.tag == w("commentRangeEnd") and node.get(w("id")) == cid):
            if node.tag == w("r"):
                anchored.append("".join(t.text or "" for t in node.iter(w("t"))))
            node = node.getnext()
        out.append(("".join(anchored), texts[cid]))
    return out


def test_review_copy_comments_every_garbled_span(parsed, tmp_path) -> None:
    article = parsed["001_dc89c91f80ed4344"]
    data = build(tmp_path, article, review=True)
    got = comments(data)
    flags = article.flags
    assert len(flags) == 4 and len(got) == 4
    for f, (anchored, text) in zip(flags, got):
        assert anchored == f.span
        assert f.span in text and (f.suggestion or "") in text
    highlighted = [
        "".join(t.text or "" for t in r.iter(w("t")))
        for r in part(data, "word/document.xml").iter(w("r"))
        if r.find(f"{w('rPr')}/{w('highlight')}") is not None
    ]
    assert highlighted == [f.span for f in flags]
    # The plain copy has neither comments nor highlights and the same text.
    plain = build(tmp_path, article, "plain.docx")
    assert comments(plain) == [] and b"w:highlight" not in document_xml(plain)
    assert [t for _, t in paragraphs(plain)] == [t for _, t in paragraphs(data)]


def test_review_copy_turns_other_warnings_into_comments(parsed, tmp_path) -> None:
    article = parsed["002_885e295ff91a4d15"]
    data = build(tmp_path, article, review=True, comment_author="编辑部")
    got = comments(data)
    # the garbled span, no-title, and one for each caption left without its photo
    assert len(got) == 4
    photo_notes = [c[1] for c in got if "caption-without-photo" in c[1]]
    assert [c.text[:12] in n for c, n in zip(article.captions, photo_notes)] == [True, True]
    flagged = [c for c in got if c[0] == article.flags[0].span]
    assert flagged and article.flags[0].suggestion in flagged[0][1]
    no_title = [c for c in got if "no-title" in c[1]]
    assert no_title and no_title[0][0] == article.paragraphs[0].text  # anchored on the opening
    assert b'w:author="\xe7\xbc\x96\xe8\xbe\x91\xe9\x83\xa8"' in zipfile.ZipFile(io.BytesIO(data)).read("word/comments.xml")


# ---------------------------------------------------------------- escaping, odd input


def test_markup_characters_are_text(tmp_path) -> None:
    nasty = "<script>alert('x')</script>&amp;]]>\"'"
    article = Article(
        title=f"标题{nasty}", subtitle=nasty, column=nasty, authors=(Credit(name=nasty, role="author"),),
        author_note=nasty, source=Source(name=nasty, issue=nasty),
        body=(Heading(text=nasty), Heading(text=nasty, run_in=True), Paragraph(text=nasty),
              Caption(text=nasty),
              Paragraph(text=f"前{nasty}后", flags=(Flag(start=1, end=9, span=nasty[:8], suggestion=nasty),))),
    )
    data = build(tmp_path, article, review=True)
    texts = [t for _, t in paragraphs(data)]
    assert texts[:5] == [nasty, f"标题{nasty}", f"——{nasty}", nasty, nasty]
    assert f"{nasty}{nasty}" in texts and f"前{nasty}后" in texts
    assert b"<script>" not in document_xml(data)
    assert any(nasty in c for _, c in comments(data))


def test_characters_xml_cannot_hold_are_replaced_with_a_warning(tmp_path) -> None:
    article = Article(title="控制字符", body=(Paragraph(text="甲\x01乙\x0b丙"),))
    dest = tmp_path / "c.docx"
    diags = writers.write(article, "docx", dest, {"timestamp": TS})
    assert [d.code for d in diags] == ["invalid-xml-character"]
    assert "甲\ufffd乙\ufffd丙" in [t for _, t in paragraphs(dest.read_bytes())]


def test_tabs_and_line_breaks_are_kept(tmp_path) -> None:
    data = build(tmp_path, Article(title="t", body=(Paragraph(text="甲\t乙\n丙"),)))
    assert "甲\t乙\n丙" in [t for _, t in paragraphs(data)]


def sections(data: bytes) -> list[etree._Element]:
    """Every w:sectPr of the body, in order (the last is the body's own)."""
    return part(data, "word/document.xml").findall(f".//{w('sectPr')}")


def section_texts(data: bytes) -> list[str]:
    """The text of each section of the body."""
    body = part(data, "word/document.xml").find(w("body"))
    out, cur = [], []
    for p in body:
        cur.append("".join(t.text or "" for t in p.iter(w("t"))))
        if p.find(f"{w('pPr')}/{w('sectPr')}") is not None:
            out.append("".join(cur))
            cur = []
    out.append("".join(cur))
    return out


def test_each_article_after_the_first_starts_a_page(parsed, tmp_path) -> None:
    a, b = parsed["003_24aec521f5a4d861"], parsed["004_0df093a3eec8a1f0"]
    data = build(tmp_path, [a, b])
    # Several articles make a book: each element of the plan is a section of its own
    # (cover, 扉页, 目录, then each article), opening where the plan says: the 扉页, the
    # 目录 and the first article on a recto (an odd-page section start), the next article
    # on the next page.
    texts = section_texts(data)
    assert len(texts) == 5
    assert texts[3].startswith("凝聚智慧力量\u3000共谱时代华章") and texts[4].startswith("互学互促共提升")
    types = [s.find(w("type")).get(w("val")) if s.find(w("type")) is not None else "nextPage"
             for s in sections(data)]
    assert types[1:] == ["oddPage", "oddPage", "oddPage", "nextPage"]
    # no page break on top of a section break (LibreOffice would add an empty page)
    d = docx.Document(io.BytesIO(data))
    assert not [p.text for p in d.paragraphs if p.paragraph_format.page_break_before]
    assert d.styles["TOC Heading"].paragraph_format.page_break_before


def _book(parsed, **meta):
    from cppcc_publish.model import BookMeta, Matter, Part

    arts = list(parsed.values())
    return Compilation(
        meta=BookMeta(title="2025年政协文稿汇编", compiler="××市政协办公室 编", year=2025, **meta),
        front=(Matter(title="编辑说明", body=(Paragraph(text="本书收录文章五篇。"),)),),
        parts=(Part(title="协商议政", articles=tuple(arts[:2])),
               Part(title="委员风采", articles=tuple(arts[2:]))),
        back=(Matter(title="编后记", body=(Paragraph(text="谨致谢忱。"),)),),
    )


def test_a_book_gets_a_title_page_and_contents(parsed, tmp_path) -> None:
    import datetime as dt

    book = _book(parsed, notice="内部资料，免费交流", permit="（桂）内资准字2025-001号",
                 printer="××印刷厂", print_run=800, edition_date=dt.date(2025, 12, 1))
    arts = book.articles
    data = build(tmp_path, book)
    got = paragraphs(data)
    from cppcc_publish.book import plan_book
    from cppcc_publish.book.imprint import extent_lines
    from cppcc_publish.writers.pdf import imprinted

    record = imprinted(plan_book(book)).element("imprint")
    assert record.pages is not None  # type: ignore[attr-defined]
    assert got[:21] == [
        # 封面: title, subtitle and lower lines, the internal print's notice at the foot
        ("Cover Title", "2025年政协文稿汇编"), ("Cover Line", "××市政协办公室 编"),
        ("Cover Line", "2025年"), ("Cover Notice", "内部资料，免费交流"),
        ("Cover Notice", "（桂）内资准字2025-001号"),
        ("Title Page", "2025年政协文稿汇编"), ("Title Page Line", "××市政协办公室 编"),
        ("Title Page Line", "2025年"),
        # 版本记录 of an internal print, on the verso of the 扉页 (印张 and 字数: the
        # printed book's, counted on the PDF of the same plan)
        ("Imprint", "内部资料，免费交流"), ("Imprint", "准印证号：（桂）内资准字2025-001号"),
        ("Imprint", "书\u3000\u3000名：2025年政协文稿汇编"),
        ("Imprint", "编印单位：××市政协办公室"), ("Imprint", "印刷单位：××印刷厂"),
        ("Imprint", "印刷日期：2025年12月1日"), ("Imprint", "开\u3000\u3000本：787 mm×1092 mm\u30001/16"),
        *[("Imprint", line) for line in extent_lines("book", record.pages)],  # type: ignore[attr-defined]
        ("Imprint", "印\u3000\u3000数：800册"),
        ("Title", "编辑说明"), ("Body Text", "本书收录文章五篇。"), ("TOC Heading", "目\u3000录")]
    types = [s.find(w("type")).get(w("val")) if s.find(w("type")) is not None else "nextPage"
             for s in sections(data)]
    assert types[:5] == ["oddPage", "oddPage", "evenPage", "oddPage", "oddPage"]
    from cppcc_publish.book import article_label
    from cppcc_publish.book.wording import credit_line

    def entry(n, a):
        by = credit_line(a.printed_credits)
        return ("toc 2", article_label(a, n) + ("\u3000" + by if by else ""))

    toc = [(s, t.rstrip("\t")) for s, t in got if s.startswith("toc")]  # tab before the number
    # the plan's 目录: front matter, parts, every article (an untitled one by its label), back
    assert toc == [("toc 1", "编辑说明"), ("toc 1", "协商议政"), entry(1, arts[0]), entry(2, arts[1]),
                   ("toc 1", "委员风采"), *[entry(n, a) for n, a in enumerate(arts[2:], start=3)],
                   ("toc 1", "编后记")]
    doc = part(data, "word/document.xml")
    instr = "".join(doc.itertext())
    # every numbered entry's page number is a PAGEREF to a bookmark on its target's first
    # paragraph; a part's entry has none
    marks = {b.get(w("name")) for b in doc.iter(w("bookmarkStart"))}
    refs = re.findall(r"PAGEREF (_Toc\d+) \\h", instr)
    assert len(refs) == len(toc) - 2 and set(refs) <= marks
    assert [t for s, t in got if s == "Part Title"] == ["协商议政", "委员风采"]
    # without a layout (no LibreOffice) the numbers are Word's to fill, on opening
    settings = part(data, "word/settings.xml")
    assert settings.find(w("updateFields")).get(w("val")) == "true"
    assert settings.find(w("evenAndOddHeaders")) is not None
    # a single article is not a book
    single = paragraphs(build(tmp_path, arts[3], "single.docx"))
    assert not [s for s, _ in single if s in ("Title Page", "TOC Heading")]
    # a published book (no notice, no permit) has no 版本记录 page
    assert not [s for s, _ in paragraphs(build(tmp_path, _book(parsed), "pub.docx")) if s == "Imprint"]


def _heads(data: bytes) -> list[dict[str, str]]:
    """Per section: header/footer type -> its text ('#' for a PAGE field), following
    Word's inheritance from the previous section."""
    z = zipfile.ZipFile(io.BytesIO(data))
    rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    effective: dict[str, str] = {}
    out = []
    for sect in sections(data):
        for ref in [*sect.findall(w("headerReference")), *sect.findall(w("footerReference"))]:
            root = etree.fromstring(z.read("word/" + target[ref.get(r_id)]))
            text = "".join(root.itertext())
            if root.find(f".//{w('instrText')}") is not None:
                text = "#"
            kind = "h" if ref.tag == w("headerReference") else "f"
            effective[kind + ref.get(w("type"))] = text
        out.append(dict(effective))
    return out


def test_book_sections_running_heads_and_numbering(parsed, tmp_path) -> None:
    book = _book(parsed, notice="内部资料，免费交流")
    data = build(tmp_path, book)
    sects = sections(data)
    # one section per element of the plan: 封面, 扉页, 版本记录, 编辑说明, 目录, 2 part
    # titles, 5 articles, 1 编后记
    assert len(sects) == 13
    fmt = [(s.find(w("pgNumType")).get(w("fmt")), s.find(w("pgNumType")).get(w("start")))
           if s.find(w("pgNumType")) is not None else None for s in sects]
    # front matter and 目录 in lower-case roman from i, the body in decimal from 1
    assert fmt == [None, None, None, ("lowerRoman", "1"), ("lowerRoman", None), ("decimal", "1")] + \
        [("decimal", None)] * 7
    title_pg = [s.find(w("titlePg")) is not None for s in sects]
    assert title_pg == [False] * 3 + [True] * 10
    # every section keeps the preset's page
    assert {s.find(w("pgSz")).get(w("w")) for s in sects} == {str(round(185 * 1440 / 25.4))}
    heads = _heads(data)
    assert heads[0] == heads[1] == heads[2] == {}  # nothing on 封面, 扉页 and 版本记录
    title = "2025年政协文稿汇编"
    # (recto head, the opening page shows its folio); None: no running heads
    expect = [("编辑说明", True), ("目\u3000录", True), (None, False), ("协商议政", True),
              ("协商议政", True), (None, False), *[("委员风采", True)] * 3, ("编后记", True)]
    for h, (odd, numbered_first) in zip(heads[3:], expect, strict=True):
        assert h["hdefault"] == (odd or "") and h["heven"] == (title if odd else "")
        assert h.get("hfirst", "") == ""  # opening pages carry no running head
        assert h["fdefault"] == h["feven"] == "#"
        assert h.get("ffirst", "") == ("#" if numbered_first else "")  # part-title pages: no number


def test_book_review_copy_comments_every_garbled_span_of_every_article(parsed, tmp_path) -> None:
    book = _book(parsed)
    data = build(tmp_path, book, review=True)
    got = comments(data)
    flags = [f for a in book.articles for f in a.flags]
    assert flags
    spans = [anchored for anchored, text in got if text.startswith("疑似乱码")]
    assert spans == [f.span for f in flags]
    # other warnings of every article become comments too
    warned = sum(1 for a in book.articles for d in a.diagnostics if d.level == "warning")
    assert len(got) >= len(flags) and len(got) <= warned + len(flags)
    plain = build(tmp_path, book, "plain.docx")
    assert [t for _, t in paragraphs(plain)] == [t for _, t in paragraphs(data)]


# ---------------------------------------------------------------- reference document


def test_editor_reference_document_styles_are_used(parsed, tmp_path) -> None:
    from importlib.resources import files

    ref = docx.Document(io.BytesIO(files("cppcc_publish.templates").joinpath("reference.docx").read_bytes()))
    body = ref.styles["Body Text"].element
    body.find(f"{w('rPr')}/{w('rFonts')}").set(w("eastAsia"), "方正书宋简体")
    ref_path = tmp_path / "mine.docx"
    ref.save(str(ref_path))
    data = build(tmp_path, parsed["003_24aec521f5a4d861"], reference=str(ref_path))
    assert Styles(data).by_id["BodyText"].find(f"{w('rPr')}/{w('rFonts')}").get(w("eastAsia")) == "方正书宋简体"
    # with a preset the preset wins
    data = build(tmp_path, parsed["003_24aec521f5a4d861"], "p.docx", reference=str(ref_path), preset="book")
    assert Styles(data).by_id["BodyText"].find(f"{w('rPr')}/{w('rFonts')}").get(w("eastAsia")) == "宋体"


def test_reference_document_without_our_styles_gets_them(parsed, tmp_path) -> None:
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    data = build(tmp_path, parsed["000_3ef46446da7cdf42"], reference=str(plain))
    names = {s for s, _ in paragraphs(data)}
    assert {"Title", "Body Text", "Source Note", "Author Note"} <= names


def test_bad_reference_is_an_option_error(tmp_path) -> None:
    from cppcc_publish.errors import OptionError

    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip", "utf-8")
    with pytest.raises(OptionError, match="not a .docx"):
        build(tmp_path, Article(title="t"), reference=str(bad))
    assert not (tmp_path / "out.docx").exists()


def test_shipped_reference_is_reproducible() -> None:
    from importlib.resources import files

    from cppcc_publish.writers.docx import STYLE_NAMES, build_reference

    shipped = files("cppcc_publish.templates").joinpath("reference.docx").read_bytes()
    assert build_reference() == shipped, "run: python3 templates/make_reference_docx.py"
    d = docx.Document(io.BytesIO(shipped))
    assert set(STYLE_NAMES) <= {s.name for s in d.styles}
    assert d.paragraphs == [] or all(not p.text for p in d.paragraphs)


def test_font_table_names_the_chinese_faces_with_their_charset(books) -> None:
    fonts = {f.get(w("name")): f for f in part(books["003_24aec521f5a4d861"], "word/fontTable.xml").iter(w("font"))}
    for name, alt in (("宋体", "SimSun"), ("黑体", "SimHei"), ("楷体", "KaiTi"), ("仿宋", "FangSong")):
        assert fonts[name].find(w("altName")).get(w("val")) == alt
        assert fonts[name].find(w("charset")).get(w("val")) == "86"  # GB2312


def test_the_cover_prints_the_editors_image_with_the_notice_under_it(parsed, tmp_path) -> None:
    import dataclasses

    from PIL import Image

    image = tmp_path / "cover.png"
    Image.new("RGB", (400, 600), (150, 20, 20)).save(image)
    book = _book(parsed, notice="内部资料，免费交流", cover=str(image))
    data = build(tmp_path, book, new_recto=True)
    got = paragraphs(data)
    # the picture alone in the first paragraph, the notice under it, then the 扉页
    assert got[:3] == [("Cover Line", ""), ("Cover Notice", "内部资料，免费交流"),
                       ("Title Page", "2025年政协文稿汇编")]
    doc = part(data, "word/document.xml")
    first = doc.find(f".//{w('p')}")
    blip = first.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    rel = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    rels = part(data, "word/_rels/document.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == rel)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read(f"word/{target}") == image.read_bytes()
    # scaled to the type area: 2:3, no wider than the measure
    extent = first.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert abs(cx / cy - 400 / 600) < 0.01 and cx <= (185 - 22 - 20) / 25.4 * 914400
    # new_recto: every article opens on an odd page
    types = [s.find(w("type")).get(w("val")) if s.find(w("type")) is not None else "nextPage"
             for s in sections(data)]
    from cppcc_publish.book import plan_book

    kinds = [e.kind for e in plan_book(book, new_recto=True).elements]
    assert len(types) == len(kinds)
    assert [t for t, k in zip(types, kinds) if k == "article"] == ["oddPage"] * 5
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a picture")
    from cppcc_publish.errors import OptionError

    with pytest.raises(OptionError, match="cannot be read as an image"):
        build(tmp_path, dataclasses.replace(book, meta=dataclasses.replace(book.meta, cover=str(bad))),
              "bad.docx")


# ---------------------------------------------------------------- 目录 and navigation


def fields(data: bytes) -> list[tuple[int, str]]:
    """Every complex field of the body: (number of the paragraph it starts in, its
    instruction), in document order."""
    body = part(data, "word/document.xml").find(w("body"))
    out: list[tuple[int, str]] = []
    current: list[str] | None = None
    for k, p in enumerate(body.iter(w("p"))):
        for r in p.iter(w("r")):
            char = r.find(w("fldChar"))
            if char is not None and char.get(w("fldCharType")) == "begin":
                current = []
                out.append((k, ""))
            elif char is not None and current is not None:
                out[-1] = (out[-1][0], "".join(current).strip())
                current = None
            elif current is not None:
                current.extend(t.text or "" for t in r.iter(w("instrText")))
    return out


_TC = re.compile(r'^TC "((?:[^"\\]|\\.)*)" \\f C \\l (\d)( \\n)?$')


def test_updating_the_contents_in_word_lists_the_same_entries(parsed, tmp_path) -> None:
    """Word rebuilds a TOC field from what its switches name: here only the TC fields
    (``\\f``), one on the first paragraph of each entry's target, with the entry's text
    (its byline too) and level; no style or outline level adds or moves an entry (编辑说明
    and 编后记, set in the Title style, stay at the top level; bylines stay)."""
    from cppcc_publish.book import plan_book

    book = _book(parsed)
    plan = plan_book(book)
    data = build(tmp_path, book)
    found = fields(data)
    (toc,) = [f for _, f in found if f.startswith("TOC ")]
    switches = set(re.findall(r"\\\w", toc))
    assert switches == {"\\f", "\\h", "\\z"}, toc  # no \o, \t or \u: TC fields alone
    tcs = [(k, _TC.match(f)) for k, f in found if f.startswith("TC ")]
    assert all(m for _, m in tcs), [f for _, f in found if f.startswith("TC ")]
    rebuilt = [(m[1].replace('\\"', '"'), int(m[2]), not m[3]) for _, m in tcs]
    want = [(x.label + ("\u3000" + x.byline if x.byline else ""), x.level, x.numbered)
            for x in plan.contents.entries]
    assert rebuilt == want
    # what the field shows now is what Word would rebuild: the same texts, in order
    shown = [t.split("\t")[0] for s, t in paragraphs(data) if s.startswith("toc")]
    assert shown == [text for text, _, _ in rebuilt]
    # each entry is a hyperlink to the bookmark on its target's first paragraph, which
    # holds the entry's TC field
    body = part(data, "word/document.xml").find(w("body"))
    paras = list(body.iter(w("p")))
    where = {b.get(w("name")): k for k, p in enumerate(paras) for b in p.iter(w("bookmarkStart"))}
    links = [h.get(w("anchor")) for p in paras for h in p.iter(w("hyperlink"))]
    assert len(links) == len(want)
    assert [where[a] for a in links] == [k for k, _ in tcs]
    assert [p.find(w("pPr")) is not None and "toc" in (p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) or "").lower()
            for p in paras if p.find(f".//{w('hyperlink')}") is not None] == [True] * len(want)


def test_a_quote_in_a_title_is_escaped_in_its_tc_field(tmp_path) -> None:
    from cppcc_publish.model import Part, BookMeta

    book = Compilation(meta=BookMeta(title="书"), parts=(Part(title=None, articles=(
        Article(title='甲"乙\\丙', body=(Paragraph(text="正文。"),)), Article(title="丁"))),))
    found = [f for _, f in fields(build(tmp_path, book)) if f.startswith("TC ")]
    assert found[0] == 'TC "甲\\"乙\\\\丙" \\f C \\l 1'


def outline(data: bytes) -> list[tuple[str, int]]:
    """(text, level) of every paragraph with an outline level: the navigation pane."""
    body = part(data, "word/document.xml").find(w("body"))
    out = []
    for p in body.iter(w("p")):
        lvl = p.find(f"{w('pPr')}/{w('outlineLvl')}")
        if lvl is not None and int(lvl.get(w("val"))) < 9:
            out.append(("".join(t.text or "" for t in p.iter(w("t"))), int(lvl.get(w("val")))))
    return out


def test_the_navigation_pane_is_part_article_heading(parsed, tmp_path) -> None:
    """The navigation pane lists what the plan's navigation lists (the PDF's outline),
    at its levels: the front matter and the 目录 at the top, each part, its articles one
    level down, their headings one more; run-in headings are left out (the pane would
    show their whole paragraph)."""
    from cppcc_publish.book import TextElement, plan_book
    from cppcc_publish.model import Heading as H

    book = _book(parsed)
    plan = plan_book(book)
    want: list[tuple[str, int]] = []
    for e in plan.elements:
        if e.label is None:
            continue
        if isinstance(e, TextElement):
            title = [p.text for p in e.pieces if p.kind == "title"]
            want += [(t, e.level) for t in title]
            want += [(s.label, e.level + s.level) for s in e.sections
                     if not (isinstance(e.body[s.block], H) and e.body[s.block].run_in)]
        else:
            want.append((getattr(e, "title"), e.level))
    got = outline(build(tmp_path, book))
    assert got == want
    levels = dict(got)
    assert levels["协商议政"] == 0 and levels["编辑说明"] == 0 and levels["目\u3000录"] == 0
    assert levels[plan.articles[0].pieces[0].text] == 1
    assert max(lv for _, lv in got) == 2


def test_a_gbt9704_book_prints_every_folio_on_its_pages_side(parsed, tmp_path) -> None:
    """GB/T 9704 §7.5: 单页码居右空一字，双页码居左空一字, on an article's opening page
    too, which may be odd or even.  The plan gives a 公文 no running heads, so no section
    with folios on its opening page has a first-page footer (Word gives an opening page
    one footer, whatever its side; LibreOffice 7.4 gives it to the page after an odd-page
    start as well): every folio is the odd pages' footer, right, or the even pages',
    left, one character in.  Only a part-title page, which prints none, has a first page
    of its own."""
    doc = Compilation.of(*parsed.values(), title="文件汇编")
    data = build(tmp_path, doc, preset="gbt9704")
    rels = {r.get("Id"): r.get("Target") for r in part(data, "word/_rels/document.xml.rels")}
    folio_sections = 0
    for sect in sections(data):
        if sect.find(w("pgNumType")) is None:
            continue  # cover, title page, 版本记录: no folios
        folio_sections += 1
        assert sect.find(w("titlePg")) is None
    assert folio_sections == 6  # the 目录 and five articles
    sides = {}
    for sect in sections(data):
        for ref in sect.findall(w("footerReference")):
            footer = part(data, "word/" + rels[ref.get(r_ns("id"))])
            (p,) = footer.findall(w("p"))
            jc = p.find(f"{w('pPr')}/{w('jc')}").get(w("val"))
            ind = p.find(f"{w('pPr')}/{w('ind')}")
            text = "".join(t.text for t in p.iter(w("t")))
            sides[ref.get(w("type"))] = (jc, {k.rsplit("}", 1)[1]: v for k, v in ind.attrib.items()}, text)
    assert sides["default"] == ("right", {"right": "280"}, "— 1 —")
    assert sides["even"] == ("left", {"left": "280"}, "— 1 —")
    assert "first" not in sides
