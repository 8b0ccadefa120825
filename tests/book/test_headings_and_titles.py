"""What the plan decides once for every format: how a level of headings is set, and the
form of a title's phrase separator.

Sample 002 lost its 一、: its first heading (学深悟透两会精神，守正创新当好宣讲员) has no
number, the next four have 二、 to 五、.  Set by whether each has a number, the first was
centred and the others flush left; one level is set one way in every format.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from cppcc_publish import writers
from cppcc_publish.book import TextElement, plan_book
from cppcc_publish.book.wording import title_text
from cppcc_publish.model import Article, Compilation, Heading, Paragraph

TS = "2025-03-01T08:00:00Z"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SAMPLE_002 = "002_885e295ff91a4d15"


def _element(article: Article, preset: str = "book") -> TextElement:
    (element,) = plan_book(Compilation.of(article), preset).elements
    assert isinstance(element, TextElement)
    return element


def test_a_level_of_headings_is_set_one_way(parsed) -> None:
    assert _element(parsed[SAMPLE_002]).heading_align == ("indent", "center")
    assert _element(parsed["003_24aec521f5a4d861"]).heading_align == ("center", "center")
    assert _element(parsed["003_24aec521f5a4d861"], "gbt9704").heading_align == ("indent", "indent")
    # each level on its own: numbered （一） under unnumbered level-1 headings
    mixed = Article(title="题", body=(Heading(text="总体情况"), Heading(text="（一）主要做法", level=2),
                                     Paragraph(text="正文。"), Heading(text="下一步打算")))
    assert _element(mixed).heading_align == ("center", "indent")
    # a number that is not a heading's (a year, a decimal) does not count
    dated = Article(title="题", body=(Heading(text="2025年工作回顾"), Heading(text="1.5倍增长的背后")))
    assert _element(dated).heading_align == ("center", "center")


def _heading_layout_docx(data: bytes) -> list[tuple[str, str, str]]:
    """(text, alignment, first-line indent) of each level-1 heading, direct formatting
    over the style's."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Heading1")

    def prop(ppr, tag: str, attr: str) -> str | None:  # type: ignore[no-untyped-def]
        el = ppr.find(f"{W}{tag}") if ppr is not None else None
        return el.get(f"{W}{attr}") if el is not None else None

    out = []
    for p in doc.iter(f"{W}p"):
        ppr = p.find(f"{W}pPr")
        ps = ppr.find(f"{W}pStyle") if ppr is not None else None
        if ps is None or ps.get(f"{W}val") != "Heading1":
            continue
        sppr = style.find(f"{W}pPr")
        jc = prop(ppr, "jc", "val") or prop(sppr, "jc", "val") or ""
        ind = prop(ppr, "ind", "firstLine") or prop(sppr, "ind", "firstLine") or "0"
        out.append(("".join(t.text or "" for t in p.iter(f"{W}t")), jc, ind))
    return out


@pytest.mark.parametrize("preset", ["book", "gbt9704"])
def test_002s_headings_look_alike_in_the_docx(parsed, tmp_path: Path, preset: str) -> None:
    dest = tmp_path / "a.docx"
    writers.write(parsed[SAMPLE_002], "docx", dest, {"timestamp": TS, "preset": preset})
    got = _heading_layout_docx(dest.read_bytes())
    assert len(got) == 5 and got[0][0].startswith("学深悟透")
    assert len({(jc, ind) for _, jc, ind in got}) == 1, got
    assert got[0][1] != "center" and int(got[0][2]) > 0  # flush at the body's indent


def test_002s_headings_look_alike_in_the_epub(parsed, tmp_path: Path) -> None:
    from lxml import etree

    dest = tmp_path / "a.epub"
    writers.write(parsed[SAMPLE_002], "epub", dest, {"timestamp": TS})
    with zipfile.ZipFile(dest) as z:
        (name,) = [n for n in z.namelist() if n.startswith("EPUB/text/a")]
        root = etree.fromstring(z.read(name))
        css = z.read(next(n for n in z.namelist() if n.endswith(".css"))).decode()
    h2 = list(root.iter(f"{XHTML}h2"))
    assert len(h2) == 5
    assert {h.get("class") for h in h2} == {"indent"}
    assert "h2.indent" in css


def test_002s_headings_look_alike_in_the_pdf(parsed, tmp_path: Path) -> None:
    """Each heading's first character stands at the same place: the body's indent (from
    the left edge of its page's type area, which the book's mirrored margins move)."""
    import pdfplumber

    dest = tmp_path / "a.pdf"
    writers.write(parsed[SAMPLE_002], "pdf", dest, {"timestamp": TS, "preset": "book"})
    headings = [h.text for h in parsed[SAMPLE_002].headings]
    starts = {}
    with pdfplumber.open(dest) as pdf:
        for page in pdf.pages:
            lines = page.extract_text_lines()
            edge = min(line["x0"] for line in lines if line["top"] > 60)  # the type area
            for line in lines:
                for h in headings:
                    if line["text"].replace(" ", "").startswith(h[:8]):
                        starts[h] = round(line["x0"] - edge, 1)
    assert len(starts) == 5, starts
    assert len(set(starts.values())) == 1, starts
    assert 20 < next(iter(starts.values())) < 28  # two characters of 12 pt


def test_a_titles_phrase_separator_prints_alike_in_every_format(tmp_path: Path) -> None:
    """A space between two Han characters in a title is a 全角空格 in the PDF, the DOCX
    and the EPUB alike (the plan gives the one form)."""
    import docx
    import pdfplumber

    title = "凝聚智慧力量 共谱时代华章"
    want = "凝聚智慧力量\u3000共谱时代华章"
    assert title_text(title) == want and title_text("“两山” 理念") == "“两山” 理念"
    article = Article(title=title, body=(Heading(text="强化引领 夯实基础"), Paragraph(text="正文。")))
    for fmt in ("pdf", "docx", "epub"):
        writers.write(article, fmt, tmp_path / f"a.{fmt}", {"timestamp": TS})
    d = docx.Document(str(tmp_path / "a.docx"))
    assert [p.text for p in d.paragraphs][:2] == [want, "强化引领\u3000夯实基础"]
    with zipfile.ZipFile(tmp_path / "a.epub") as z:
        text = b"".join(z.read(n) for n in z.namelist() if n.startswith("EPUB/text/a")).decode()
    assert f"<h1>{want}</h1>" in text and ">强化引领\u3000夯实基础</h2>" in text
    assert title not in text
    with pdfplumber.open(tmp_path / "a.pdf") as pdf:
        chars = "".join(c["text"] for c in pdf.pages[0].chars)
    assert want.replace("\u3000", "") in chars.replace("\u3000", "").replace(" ", "")
    assert _element(article).pieces[0].text == want
