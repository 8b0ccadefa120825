"""The reader seam and the HTML, Word and Markdown readers: one short invented case per
pattern family (pages and documents of our own writing), the field accuracy on the real
saved pages and Word files in ../shared/fixtures (read in place; skipped when absent), and
the agreement between a saved page and its copied text."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cppcc_publish import Compilation, dumps, parse_bytes, read_article, write
from cppcc_publish.cli import main
from cppcc_publish.errors import InputError, OptionError
from cppcc_publish.model import Caption, Heading, Paragraph
from cppcc_publish.readers import registry
from cppcc_publish.readers.registry import choose_reader, get_reader, list_readers
from cppcc_publish.textio import decode_markup

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"

BODY = "市政协组织委员围绕乡村振兴开展专题调研，深入田间地头，听取群众意见，形成了一批有分量的调研报告。"
BODY2 = "委员们认为，要把握核心要义，推动各项工作落到实处，切实增强履职本领，为全市发展贡献力量。"


def headings(article):
    return [b.text for b in article.body if isinstance(b, Heading)]


def paragraphs(article):
    return [b.text for b in article.body if isinstance(b, Paragraph)]


def page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>示例页面 - 某某网</title>{head}</head>'
            f"<body>{body}</body></html>")


MENU = "<ul>" + "".join(f'<li><a href="/{k}">{w}</a></li>' for k, w in enumerate("首页 新闻 政协 委员 视频 图片".split())) + "</ul>"
FOOTER = "<p>版权所有：某某网 京ICP备00000000号</p>"


# --- the seam ------------------------------------------------------------------------------


def docx_bytes(build) -> bytes:
    import docx

    d = docx.Document()
    build(d)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "reader"),
    [
        (page(f"<h1>标题</h1><p>{BODY}</p>").encode(), "renamed.txt", "html"),
        (b"# \xe6\xa0\x87\xe9\xa2\x98\n\n## \xe4\xb8\x80\n\n- x\n", "notes", "markdown"),
        (("标题\n" + BODY + "\n").encode("gb18030"), "a.html", "text"),
        (b"---\ntitle: x\n---\n" + BODY.encode(), "a.txt", "markdown"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le"), "a.bin", "doc"),
        (b"{\\rtf1\\ansi hello}", "a.txt", "doc"),
    ],
    ids=["html-named-txt", "markdown-by-marks", "text-named-html", "front-matter", "ole-word", "rtf"],
)
def test_the_reader_is_chosen_by_content(data, name, reader):
    assert choose_reader(data, name).name == reader


def test_a_word_file_is_chosen_by_its_zip_whatever_its_name():
    data = docx_bytes(lambda d: d.add_paragraph("标题"))
    assert choose_reader(data, "report.bin").name == "docx"
    # A zip that is no Word file is left to the text reader, which names what it is.
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
    assert choose_reader(buf.getvalue(), "a.docx").name == "text"
    with pytest.raises(InputError, match="ZIP"):
        parse_bytes(buf.getvalue(), "a.docx")


def test_a_named_reader_wins_and_an_unknown_name_lists_the_known_ones():
    assert choose_reader(b"<p>x</p>", "a.txt", "text").name == "text"
    assert get_reader("md").name == "markdown" and get_reader("word").name == "docx"
    with pytest.raises(OptionError, match="known: docx, doc, html, markdown, text"):
        get_reader("odt")


class _Upper:
    """A third-party reader: lines of a ``.up`` file, upper-cased, through the text reader."""

    NAME = "upper"
    VERSION = "7"
    SUFFIXES = (".up",)

    @staticmethod
    def sniff(data: bytes, path: str | None) -> bool:
        return data.startswith(b"UP\n")

    @staticmethod
    def read(data, path, options):
        from cppcc_publish.readers import read_text

        return read_text(data[3:].decode("utf-8"), path, options)


def test_entry_point_readers_are_listed_sniffed_and_keyed(monkeypatch):
    sys.modules["test_readers_plugin"] = type(sys)("test_readers_plugin")
    sys.modules["test_readers_plugin"].Upper = _Upper  # type: ignore[attr-defined]
    eps = (importlib.metadata.EntryPoint(name="upper", value="test_readers_plugin:Upper", group=registry.ENTRY_POINT_GROUP),)
    monkeypatch.setattr(registry, "_entry_points", lambda: eps)
    assert "upper" in registry.reader_names()
    info = {r.name: r for r in list_readers()}["upper"]
    assert info.available and not info.builtin and info.version == "7"
    data = ("UP\n标题\n" + BODY + "\n").encode()
    assert choose_reader(data, "a.up").name == "upper"
    assert parse_bytes(data, "a.up").title == "标题"
    from cppcc_publish.options import ReadOptions
    from cppcc_publish.publish import cache_key

    opts = ReadOptions()
    assert cache_key(data, opts, reader="upper", reader_version="7") != cache_key(data, opts, reader="upper", reader_version="8")


def test_formats_lists_readers_beside_writers(capsys):
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    writers_part, readers_part = out.split("readers", 1)
    assert "docx" in writers_part and "epub" in writers_part
    for name in ("docx", "doc", "html", "markdown", "text"):
        assert f"  {name} " in readers_part


def test_legacy_doc_without_libreoffice_is_refused_saying_so(monkeypatch, tmp_path):
    from cppcc_publish.readers import doc

    monkeypatch.setattr(doc, "soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(InputError, match="LibreOffice is not installed") as info:
        read_article(path)
    assert str(path) in str(info.value)
    assert {r.name: r for r in list_readers()}["doc"].reason.startswith("LibreOffice")


# --- HTML: decoding ------------------------------------------------------------------------


def test_pages_declaring_gb2312_are_read_as_utf8_when_they_are():
    html = page(f"<h1>标题</h1><p>{BODY}</p>", charset="gb2312")
    assert decode_markup(html.encode("utf-8")).encoding == "utf-8"


def test_gbk_bytes_are_read_as_gb18030_whatever_is_declared():
    html = page(f"<h1>镕基同志谈堃</h1><p>{BODY}</p>", charset="gb2312")
    got = decode_markup(html.encode("gb18030"))
    assert got.encoding == "gb18030" and "镕基同志谈堃" in got.text
    undeclared = html.replace('<meta charset="gb2312">', "").encode("gbk")
    assert "镕基同志谈堃" in decode_markup(undeclared).text


def test_a_bom_decides():
    assert decode_markup(b"\xef\xbb\xbf" + page("<p>中文</p>", charset="gbk").encode()).encoding == "utf-8"


# --- HTML: structure -----------------------------------------------------------------------


def test_a_saved_page_gives_the_article_and_nothing_of_the_site():
    html = page(
        MENU
        + '<div class="crumb">首页 &gt; 要闻</div>'
        + '<h1>市政协开展乡村振兴专题调研</h1>'
        + '<div class="info">时间：2024-05-13 09:00 来源：某某日报</div>'
        + '<div style="display:none">隐藏的网址 http://example.com</div>'
        + '<script>document.write("脚本写的字")</script><style>.x{color:red}</style>'
        + f'<div class="article"><p>{BODY}</p><p>{BODY2}</p><p>（记者 张三）</p></div>'
        + '<div class="share">分享到：微信 微博</div>'
        + "<h3>相关新闻</h3><ul><li><a href='/1'>另一篇文章的标题在这里</a></li></ul>"
        + FOOTER,
        head='<meta name="author" content="104363">',
    )
    a = parse_bytes(html.encode(), "p.html")
    assert a.title == "市政协开展乡村振兴专题调研"
    assert a.date == dt.date(2024, 5, 13) and a.source is not None and a.source.name == "某某日报"
    assert [(c.name, c.role) for c in a.authors] == [("张三", "reporter")]
    text = "".join(b.text for b in a.body)
    for chrome in ("首页", "隐藏", "脚本", "分享", "相关新闻", "另一篇", "版权", "104363"):
        assert chrome not in text
    assert len(paragraphs(a)) == 2


def test_cms_meta_tags_fill_what_the_page_does_not_say_but_never_the_author():
    html = page(
        MENU + f"<h1>市政协开展乡村振兴专题调研</h1><div>{BODY}</div><div>{BODY2}</div>" + FOOTER,
        head='<meta name="PubDate" content="2022-02-11 09:52"><meta name="ContentSource" content="来源：某某日报">'
        '<meta name="author" content="责任编辑王五"><meta name="publishdate" content="2019-01-01">',
    )
    a = parse_bytes(html.encode(), "p.html")
    assert a.date == dt.date(2022, 2, 11)
    assert a.source is not None and a.source.name == "某某日报"
    assert not a.authors


def test_a_page_generation_stamp_is_no_date():
    html = page(MENU + f"<h1>市政协开展乡村振兴专题调研</h1><p>{BODY}</p><p>{BODY2}</p>"
                + "<!-- 生成日期：2030-01-01 --><p>本页生成时间：2030-01-01 00:00:00</p>" + FOOTER)
    assert parse_bytes(html.encode(), "p.html").date is None


def test_headings_from_markup_and_bold_paragraphs():
    html = page(MENU + "<h1>市政协工作综述</h1><div>2024-01-02 来源：某某日报</div>"
                + f"<p>{BODY}</p><h3>凝聚共识</h3><p>{BODY2}</p>"
                + f"<p><strong>建言资政</strong></p><p>{BODY}</p>"
                + f"<p><strong>记者：你们是怎样开展调研的？</strong></p><p>{BODY2}</p>" + FOOTER)
    a = parse_bytes(html.encode(), "p.html")
    assert headings(a) == ["凝聚共识", "建言资政"]
    assert "记者：你们是怎样开展调研的？" in paragraphs(a)


def test_captions_figcaption_and_centred_line_under_an_image(tmp_path):
    (tmp_path / "p_files").mkdir()
    (tmp_path / "p_files" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    html = page(MENU + "<h1>市政协开展乡村振兴专题调研</h1><div>2024-01-02 来源：某某日报</div>"
                + f"<p>{BODY}</p>"
                + '<p style="text-align:center"><img src="p_files/a.jpg"></p>'
                + '<p style="text-align:center">图为调研现场。（李四摄）</p>'
                + f"<p>{BODY2}</p>"
                + '<figure><img src="http://example.com/b.jpg"><figcaption>委员在会上发言</figcaption></figure>'
                + f"<p>{BODY}</p>" + FOOTER)
    path = tmp_path / "p.html"
    path.write_text(html, "utf-8")
    a = read_article(path)
    caps = [b for b in a.body if isinstance(b, Caption)]
    assert [c.text for c in caps] == ["图为调研现场。（李四摄）", "委员在会上发言"]
    assert caps[0].image == "p_files/a.jpg" and caps[1].image is None
    assert ("李四", "photographer") in [(c.name, c.role) for c in a.authors]
    assert [b.get("image") for b in json.loads(dumps(a))["body"] if b["type"] == "caption"] == ["p_files/a.jpg", None]


def test_paragraphs_inside_table_cells_are_split():
    items = "".join(f"<p>第{n}条　本法适用于各级监察机关的监察工作，依法行使监察权。</p>" for n in "一二三四五六七八")
    html = page(MENU + f"<table><tr><td>{MENU}</td><td><h2>某某监察法</h2>{items}</td></tr></table>" + FOOTER)
    a = parse_bytes(html.encode(), "law.html")
    assert a.title == "某某监察法"
    assert len(paragraphs(a)) == 8 and paragraphs(a)[0].startswith("第一条")


def test_a_page_that_is_no_article_gets_a_warning_and_its_title():
    teasers = "".join(f'<li><a href="/{k}">市政协召开第{k}次主席会议研究部署工作</a></li>' for k in range(20))
    html = page(MENU + f"<ul>{teasers}</ul>" + FOOTER).replace("示例页面 - 某某网", "某某政协网")
    a = parse_bytes(html.encode(), "index.html")
    assert any(d.code == "not-an-article" and d.level == "warning" for d in a.diagnostics)
    assert a.title == "某某政协网"


# --- Word ------------------------------------------------------------------------------------


def _fonts(run, face: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), face)


def _para(d, text: str, face: str = "仿宋", size: float = 16, bold: bool = False, centre: bool = False, style=None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = d.add_paragraph(style=style)
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(p.add_run(text), face, size, bold)
    return p


def office_report(d) -> None:
    """As Chinese offices write them: a 方正小标宋 2号 centred title, a dateline, 黑体 一、
    headings, 楷体 （一） headings, a bold lead sentence, 仿宋 3号 body."""
    _para(d, "在市政协十五届三次会议上的工作报告", "方正小标宋简体", 22, centre=True)
    _para(d, "——2025年1月15日在政协某某市第十五届委员会第三次会议上", "楷体", 16, centre=True)
    _para(d, "市政协主席 张三", "楷体", 16, centre=True)
    _para(d, "各位委员：")
    _para(d, BODY)
    _para(d, "一、过去一年的工作", "黑体", 16)
    _para(d, "（一）坚持党的领导", "楷体", 16)
    p = d.add_paragraph()
    _fonts(p.add_run("深化学习宣传，把握核心要义。"), "仿宋", 16, bold=True)
    _fonts(p.add_run(BODY2), "仿宋", 16)
    _para(d, BODY)
    _para(d, "二、今年的主要任务", "黑体", 16)
    _para(d, BODY2)


def test_a_word_report_as_offices_write_it():
    a = parse_bytes(docx_bytes(office_report), "report.docx")
    assert a.title == "在市政协十五届三次会议上的工作报告"
    assert a.subtitle == "2025年1月15日在政协某某市第十五届委员会第三次会议上"
    assert a.date == dt.date(2025, 1, 15)
    assert [(c.name, c.role) for c in a.authors] == [("张三", "author")]
    assert headings(a) == ["一、过去一年的工作", "（一）坚持党的领导", "二、今年的主要任务"]
    paras = paragraphs(a)
    assert paras[0] == "各位委员：" and paras[2].startswith("深化学习宣传，把握核心要义。")  # run-in stays
    assert len(paras) == 5


def test_word_heading_styles_title_style_and_numbered_items():
    def build(d):
        d.add_paragraph("政协工作综述", style="Title")
        d.add_paragraph("文/李四")
        d.add_paragraph(BODY)
        d.add_paragraph("凝聚共识", style="Heading 1")
        d.add_paragraph(BODY2)
        d.add_paragraph("建立协商机制", style="List Number")
        d.add_paragraph(BODY)

    a = parse_bytes(docx_bytes(build), "w.docx")
    assert a.title == "政协工作综述"
    assert [(c.name, c.role) for c in a.authors] == [("李四", "author")]
    assert headings(a) == ["凝聚共识"]
    assert "建立协商机制" in paragraphs(a)  # a list item, never a heading


def test_word_tables_are_text_with_a_warning_and_captions_under_pictures(tmp_path):
    from PIL import Image

    png = tmp_path / "p.png"
    Image.new("RGB", (8, 8), "white").save(png)

    def build(d):
        _para(d, "调研报告", "黑体", 22, centre=True)
        _para(d, BODY)
        d.add_paragraph().add_run().add_picture(str(png))
        _para(d, "委员在田间调研", centre=True)
        t = d.add_table(rows=2, cols=2)
        for r, row in enumerate([("项目", "数量"), ("调研", "12次")]):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
        _para(d, BODY2)

    a = parse_bytes(docx_bytes(build), "t.docx")
    assert [b.text for b in a.body if isinstance(b, Caption)] == ["委员在田间调研"]
    assert any(d.code == "table-as-text" and d.level == "warning" for d in a.diagnostics)
    assert paragraphs(a) == [BODY, "项目 数量", "调研 12次", BODY2]


def test_a_cover_and_a_gongwen_header_and_signature_are_furniture():
    def build(d):
        _para(d, "某政发〔2025〕1号", centre=True)
        _para(d, "某某市人民政府关于加强协商工作的通知", "方正小标宋简体", 22, centre=True)
        _para(d, "各区人民政府：")
        _para(d, BODY)
        _para(d, BODY2)
        _para(d, " " * 20 + "某某市人民政府")
        p = _para(d, "2025年3月1日")
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    a = parse_bytes(docx_bytes(build), "g.docx")
    assert a.title == "某某市人民政府关于加强协商工作的通知"
    assert a.date == dt.date(2025, 3, 1)
    assert paragraphs(a) == ["各区人民政府：", BODY, BODY2]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_legacy_doc_is_read_through_libreoffice(tmp_path):
    src = tmp_path / "r.docx"
    src.write_bytes(docx_bytes(office_report))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    a = read_article(tmp_path / "r.doc")
    assert a.title == "在市政协十五届三次会议上的工作报告"
    assert headings(a) == ["一、过去一年的工作", "（一）坚持党的领导", "二、今年的主要任务"]


# --- Markdown ------------------------------------------------------------------------------

MARKDOWN = f"""---
date: 2024-03-01
source: 人民政协报
authors: [王五]
---
# 凝聚智慧力量 共谱时代华章

{BODY}

## 一、坚持党的领导

**统一思想**

{BODY2}

![委员在会上发言](img/a.jpg)

### （一）加强学习

{BODY}
"""


def test_markdown_front_matter_title_headings_and_captions(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    path = tmp_path / "a.md"
    path.write_text(MARKDOWN, "utf-8")
    a = read_article(path)
    assert a.title == "凝聚智慧力量 共谱时代华章"
    assert a.date == dt.date(2024, 3, 1) and a.source is not None and a.source.name == "人民政协报"
    assert [(c.name, c.role) for c in a.authors] == [("王五", "author")]
    assert headings(a) == ["一、坚持党的领导", "统一思想", "（一）加强学习"]
    assert [(b.text, b.image) for b in a.body if isinstance(b, Caption)] == [("委员在会上发言", "img/a.jpg")]
    assert len(paragraphs(a)) == 3


def test_markdown_gets_the_same_chinese_rules():
    a = parse_bytes(f"# 标题\n\n记者 张三 通讯员 李四\n\n学习好,宣传好.{BODY}\n".encode(), "a.md")
    assert [(c.name, c.role) for c in a.authors] == [("张三", "reporter"), ("李四", "correspondent")]
    assert paragraphs(a)[0].startswith("学习好，宣传好。")


def test_bad_front_matter_is_a_warning_not_a_failure():
    a = parse_bytes(b"---\ntitle: [unclosed\n---\n# \xe6\xa0\x87\xe9\xa2\x98\n\nx\n", "a.md")
    assert any(d.code == "front-matter" for d in a.diagnostics)


# --- round trips through our own DOCX -----------------------------------------------------------


def _same(a, b):
    assert b.title == a.title
    assert [c for c in b.authors if c.role != "editor"] == [c for c in a.authors if c.role != "editor"]
    assert headings(b) == headings(a)
    assert paragraphs(b) == paragraphs(a)


def test_markdown_round_trips_through_our_docx(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    md = tmp_path / "a.md"
    md.write_text(MARKDOWN, "utf-8")
    first = read_article(md)
    out = tmp_path / "a.docx"
    write(first, "docx", out, {"timestamp": "2025-01-01T00:00:00Z"})
    _same(first, read_article(out))


def test_a_word_report_round_trips_through_our_docx(tmp_path):
    src = tmp_path / "r.docx"
    src.write_bytes(docx_bytes(office_report))
    first = read_article(src)
    out = tmp_path / "again.docx"
    write(first, "docx", out, {"timestamp": "2025-01-01T00:00:00Z"})
    _same(first, read_article(out))


# --- a book of every kind of input ----------------------------------------------------------------


def test_build_takes_text_html_word_and_markdown_articles(tmp_path):
    from cppcc_publish import build

    (tmp_path / "a.txt").write_text(f"文本文章\n{BODY}\n", "utf-8")
    (tmp_path / "b.html").write_text(page(MENU + f"<h1>网页文章</h1><div>2024-01-02 来源：某某日报</div><p>{BODY}</p><p>{BODY2}</p>" + FOOTER), "utf-8")
    (tmp_path / "c.docx").write_bytes(docx_bytes(office_report))
    (tmp_path / "d.md").write_text(MARKDOWN, "utf-8")
    (tmp_path / "e.txt").write_text(page(f"<h1>名为文本的网页</h1><p>{BODY}</p>"), "utf-8")
    manifest = tmp_path / "book.yaml"
    manifest.write_text(yaml.safe_dump({
        "book": {"title": "文集"},
        "parts": [{"title": "一", "articles": ["a.txt", "b.html", "c.docx", "d.md", {"path": "e.txt", "reader": "text"}]}],
        "outputs": [{"format": "epub", "path": "book.epub"}],
    }, allow_unicode=True), "utf-8")
    report = build(manifest, cache_dir=tmp_path / "cache", progress=False)
    assert report.articles == 5
    from cppcc_publish.publish import read_articles
    from cppcc_publish.options import ReadOptions

    got, _ = read_articles([tmp_path / n for n in ("a.txt", "b.html", "c.docx", "d.md")], ReadOptions())
    assert [a.title for a in got.values()] == ["文本文章", "网页文章", "在市政协十五届三次会议上的工作报告", "凝聚智慧力量 共谱时代华章"]
    # Named the text reader, the page keeps its markup as text.
    again, _ = read_articles([tmp_path / "e.txt"], ReadOptions(), readers={tmp_path / "e.txt": "text"})
    assert "<h1>" in "".join(b.text for b in again[tmp_path / "e.txt"].body) + (again[tmp_path / "e.txt"].title or "")


def test_the_manifest_refuses_an_unknown_reader(tmp_path):
    from cppcc_publish import ManifestError, load_manifest

    (tmp_path / "a.txt").write_text(f"标题\n{BODY}\n", "utf-8")
    manifest = tmp_path / "book.yaml"
    manifest.write_text("book: {title: 书}\nparts:\n  - articles:\n      - {path: a.txt, reader: odt}\n"
                        "outputs: [{format: epub, path: b.epub}]\n", "utf-8")
    with pytest.raises(ManifestError, match=r"book.yaml:4: unknown reader 'odt' \(valid: docx, doc, html, markdown, text"):
        load_manifest(manifest)


# --- the real pages and Word files, read in place ---------------------------------------------------


def _scorer():
    sys.path.insert(0, str(FIXTURES))
    try:
        import score  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(FIXTURES))
    return score


def _accuracy(folder: Path, suffixes: tuple[str, ...]) -> tuple[float, dict[str, float]]:
    score = _scorer()
    ok: dict[str, int] = {}
    total: dict[str, int] = {}
    for exp_path in sorted(folder.glob("*.expected.yaml")):
        stem = exp_path.name.removesuffix(".expected.yaml")
        page_path = next(p for p in (folder / (stem + s) for s in suffixes) if p.exists())
        expected = yaml.safe_load(exp_path.read_text("utf-8"))
        doc = json.loads(dumps(read_article(page_path)))
        for field_name, right in score.score(doc, expected).items():
            total[field_name] = total.get(field_name, 0) + 1
            ok[field_name] = ok.get(field_name, 0) + right
    return sum(ok.values()) / sum(total.values()), {k: ok[k] / total[k] for k in total}


@pytest.mark.skipif(not (FIXTURES / "html").is_dir(), reason="../shared/fixtures is absent")
def test_field_accuracy_on_the_saved_real_pages():
    overall, per_field = _accuracy(FIXTURES / "html", (".html",))
    assert overall >= 0.92, per_field
    assert min(per_field.values()) >= 0.80, per_field


@pytest.mark.skipif(not (FIXTURES / "docx").is_dir() or shutil.which("soffice") is None,
                    reason="../shared/fixtures or LibreOffice is absent")
def test_field_accuracy_on_the_real_word_files():
    overall, per_field = _accuracy(FIXTURES / "docx", (".docx", ".doc"))
    assert overall >= 0.90, per_field


@pytest.mark.skipif(not (FIXTURES / "copied").is_dir(), reason="../shared/fixtures is absent")
def test_a_saved_page_and_its_copied_text_agree():
    """Title, authors, date and source read from the saved page and from the text a browser
    copy of it gives agree for at least 32 of the 36 article pages."""
    agree = 0
    articles = 0
    differ = []
    for exp_path in sorted((FIXTURES / "copied").glob("*.expected.yaml")):
        if yaml.safe_load(exp_path.read_text("utf-8")).get("not_article"):
            continue
        stem = exp_path.name.removesuffix(".expected.yaml")
        a = read_article(FIXTURES / "html" / f"{stem}.html")
        b = read_article(FIXTURES / "copied" / f"{stem}.txt")
        articles += 1

        def key(x):
            return (x.title, sorted((c.name, c.role) for c in x.authors), x.date, x.source and x.source.name)

        if key(a) == key(b):
            agree += 1
        else:
            differ.append((stem, key(a), key(b)))
    assert articles == 36
    assert agree >= 32, differ


# --- damaged and hostile input ------------------------------------------------------------------


def test_word_comments_are_dropped_with_a_warning_quoting_them():
    def build(d):
        _para(d, "调研报告", "黑体", 22, centre=True)
        p = _para(d, BODY)
        d.add_comment(p.runs, text="这一段请核实数字", author="王五")
        _para(d, BODY2)

    a = parse_bytes(docx_bytes(build), "c.docx")
    assert paragraphs(a) == [BODY, BODY2]
    assert [d.message for d in a.diagnostics if d.code == "notes-dropped"] == [
        "a footnote or comment was not kept: «这一段请核实数字»"]


def test_a_truncated_word_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes(docx_bytes(office_report)[:2000])
    with pytest.raises(InputError) as info:
        read_article(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 5000 + "深处的一段文字，有句号。" * 5 + "</div>" * 5000,
        "<html><body><p>没有结束的标签<p>又一段<table><tr><td>格子",
        "<?xml version='1.0' encoding='gb2312'?><html><body><h1>标题</h1><p>" + BODY + "</p></body></html>",
        "<html><head><style>" + "a{" * 20000 + "</style></head><body><p>" + BODY + "</p></body></html>",
        "<frameset><frame src='a.html'><frame src='b.html'></frameset>",
    ],
    ids=["deep", "unclosed", "xml-declaration", "broken-css", "frameset"],
)
def test_hostile_pages_never_raise_and_keep_their_text(html):
    a = parse_bytes(html.encode("utf-8"), "x.html")
    text = "".join(b.text for b in a.body) + (a.title or "")
    for piece in ("深处的一段文字", "没有结束的标签", "格子", "标题", BODY[:10]):
        if piece in html:
            assert piece in text or piece in (a.title or "")
