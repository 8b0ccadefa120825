"""The PDF writer: text round trip, line-breaking rules on the PDF's own text, fonts
embedded and subset, 〓 for missing glyphs, presets, outline, metadata, determinism, and
PNG pages in test-artifacts/ for a person to look at."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from printing import printed_article

from cppcc_publish import writers
from cppcc_publish.model import Article, Caption, Compilation, Credit, Heading, Paragraph
from cppcc_publish.typography.linebreak import Style
from cppcc_publish.typography.linebreak import DASH_ELLIPSIS, NOT_END, NOT_START, is_digit, kind, WORD, IDEO
from cppcc_publish.book import plan_book
from cppcc_publish.book.wording import credit_line, source_line, subtitle_line
from cppcc_publish.writers import pdf

TS = "2025-03-01T08:00:00Z"
ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts" / "pdf"
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub("", text)


def write(doc: Compilation | Article, dest: Path, **options: object) -> tuple[object, ...]:
    opts: dict[str, object] = {"timestamp": TS, "system_fonts": False}
    opts.update(options)
    return writers.write(doc, "pdf", dest, opts)


def render(doc: Compilation, preset: pdf.Preset) -> bytes:
    out = io.BytesIO()
    pdf.render(plan_book(doc), out, {"system_fonts": False, "timestamp": None}, preset)
    return out.getvalue()


def page_lines(data: bytes | Path) -> list[list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return [[ln for ln in (p.extract_text() or "").splitlines() if ln.strip()] for p in reader.pages]


_FOLIO = re.compile(r"^(?:\d+|[ivxlc]+|— (?:\d+|[ivxlc]+) —)$")


def pdf_text(data: bytes | Path) -> str:
    """The text of every page joined, page numbers (folios) left out, white space removed."""
    return "".join(squash(ln) for page in page_lines(data) for ln in page if not _FOLIO.match(ln.strip()))


@pytest.fixture(scope="module")
def pdfs(parsed, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Every sample written once with the book preset: {stem: (path, diagnostics)}."""
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for stem, article in parsed.items():
        dest = folder / f"{stem}.pdf"
        out[stem] = (dest, write(article, dest))
    return out


def printed_texts(article: Article) -> list[str]:
    """What the PDF must contain, in order (the one printed form)."""
    return [text for _kind, text in printed_article(article)]


# --------------------------------------------------------------------------- round trip


def test_round_trip_every_paragraph_in_order(parsed, pdfs) -> None:  # type: ignore[no-untyped-def]
    for stem, article in parsed.items():
        path, _diags = pdfs[stem]
        text = pdf_text(path)
        pos = 0
        for want in printed_texts(article):
            hit = text.find(squash(want), pos)
            assert hit >= 0, (stem, want[:40], text[pos : pos + 80])
            pos = hit + len(squash(want))
        assert "〓" not in text, stem
        for editor in (c.name for c in article.authors if c.role == "editor"):
            assert editor not in text  # editors are not printed


def test_samples_give_no_warnings(pdfs) -> None:  # type: ignore[no-untyped-def]
    """No glyph or font warning; sample 002's captions, copied without their photos, get
    the photos' warning (tests/test_photos.py), one each."""
    for stem, (_path, diags) in pdfs.items():
        warned = [d for d in diags if d.level == "warning" and d.code != "caption-without-photo"]
        assert warned == [], stem
    captions = [d for d in pdfs["002_885e295ff91a4d15"][1] if d.code == "caption-without-photo"]
    assert len(captions) == 2


# --------------------------------------------------------------------------- fonts


def _fonts_of(reader: pypdf.PdfReader) -> dict[str, object]:
    fonts: dict[str, object] = {}
    for page in reader.pages:
        res = page.get("/Resources")
        if res is None:
            continue
        for _name, ref in (res.get_object().get("/Font") or {}).items():
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def test_every_font_is_embedded_and_subset(pdfs) -> None:  # type: ignore[no-untyped-def]
    for stem, (path, _d) in pdfs.items():
        fonts = _fonts_of(pypdf.PdfReader(path))
        assert fonts, stem
        families = set()
        for base, font in fonts.items():
            assert re.match(r"^/[A-Z]{6}\+", base), (stem, base)  # subset tag
            desc = font["/FontDescriptor"].get_object()  # type: ignore[index]
            assert "/FontFile2" in desc, (stem, base)  # embedded TrueType
            assert "/ToUnicode" in font  # type: ignore[operator]
            families.add(base[8:])
        assert "PolitySerif-Regular" in families and "PolityKai-Regular" in families, families


# --------------------------------------------------------------------------- line rules in the PDF


def block_starts(article: Article) -> set[str]:
    starts = set()
    texts = [b.text for b in article.body] + [
        subtitle_line(article.subtitle) if article.subtitle else "",
        article.title or "", article.column or "", credit_line(article.printed_credits),
        f"（{article.author_note}）" if article.author_note else "", source_line(article) or "",
    ]
    for t in texts:
        if t:
            starts.add(squash(t)[:4])
    return starts


def pdf_line_violations(lines: list[str], starts: set[str]) -> list[str]:
    bad = []
    lines = [squash(ln) for ln in lines]
    for k, ln in enumerate(lines):
        if not ln or _FOLIO.match(ln) or ln.startswith("—") and ln.endswith("—") and _FOLIO.match(ln[1:-1]):
            continue  # folios (a compilation of several articles is a book: i, ii … in front)
        begins_block = any(ln.startswith(s) for s in starts)
        if not begins_block and k > 0:
            if ln[0] in NOT_START:
                bad.append(f"starts with {ln[0]!r}: {ln[:12]}")
            prev = lines[k - 1]
            if prev and prev[-1] in DASH_ELLIPSIS and ln[0] in DASH_ELLIPSIS:
                bad.append(f"split dash/ellipsis: {prev[-4:]}|{ln[:4]}")
            if prev and kind(prev[-1]) == WORD and kind(ln[0]) == WORD:
                bad.append(f"split word: {prev[-6:]}|{ln[:6]}")
            if prev and is_digit(prev[-1]) and kind(ln[0]) == IDEO:
                bad.append(f"number parted from unit: {prev[-6:]}|{ln[:6]}")
        if k + 1 < len(lines) and ln[-1] in NOT_END:
            nxt = lines[k + 1]
            if not any(nxt.startswith(s) for s in starts):
                bad.append(f"ends with {ln[-1]!r}: {ln[-12:]}")
    return bad


def test_width_sweep_on_pdf_text(parsed) -> None:  # type: ignore[no-untyped-def]
    base = pdf.preset("book")
    doc = Compilation.of(*parsed.values())
    starts = set().union(*(block_starts(a) for a in parsed.values()))
    checked = 0
    presets = [pdf.preset("gbt9704"), pdf.preset("a5")]
    for chars in (13, 17.5, 22, 26.3, 31, 38.7):
        measure = chars * base.body_size
        spare = base.page[0] - measure
        presets.append(dataclasses.replace(base, inner=spare / 2, outer=spare / 2))
    for preset in presets:
        for k, lines in enumerate(page_lines(render(doc, preset))):
            bad = pdf_line_violations(lines, starts)
            assert not bad, (preset.name, preset.measure, k + 1, bad)
            checked += len(lines)
    assert checked > 2000


# --------------------------------------------------------------------------- layout


def test_body_indent_and_no_paragraph_spacing(parsed) -> None:  # type: ignore[no-untyped-def]
    article = parsed["003_24aec521f5a4d861"]
    from cppcc_publish.typography.fonts import FontSet

    ctx = pdf.Context(preset=pdf.preset("book"), fonts=FontSet(system_fonts=False))
    pages = pdf.layout(plan_book(Compilation.of(article)), ctx)
    body_face = ctx.fonts.faces["body"].key
    body = [pl for pl in pages[0].lines if pl.line.runs[-1].face == body_face]
    firsts = [pl for pl in body if pl.line.runs[0].x > 20]
    assert firsts and all(abs(pl.line.runs[0].x - 24.0) < 1e-6 for pl in firsts if pl.line.text[0] != "“")
    # consecutive body lines sit exactly one pitch apart, paragraph or not (no extra space)
    gaps = {round(b.baseline - a.baseline, 3) for a, b in zip(body, body[1:])}
    assert 21.0 in gaps and all(g % 21.0 < 1e-6 or abs(g % 21.0 - 21.0) < 1e-6 for g in gaps)


def test_gbt9704_measures(parsed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = pdf.preset("gbt9704")
    mm = 72 / 25.4
    assert p.page == pytest.approx((210 * mm, 297 * mm))
    assert (p.top, p.bottom, p.inner, p.outer) == pytest.approx((37 * mm, 35 * mm, 28 * mm, 26 * mm))
    assert p.measure == pytest.approx(156 * mm) and p.height == pytest.approx(225 * mm)
    assert p.body_size == 16 and p.lines == 22
    dest = tmp_path / "gw.pdf"
    diags = write(parsed["004_0df093a3eec8a1f0"], dest, preset="gbt9704")
    reader = pypdf.PdfReader(dest)
    assert [float(x) for x in reader.pages[0].mediabox[2:]] == pytest.approx([595.2756, 841.8898], abs=0.01)
    lines = page_lines(dest.read_bytes())
    # a full page of body text holds 22 lines + the folio
    assert len(lines[1]) == 23, lines[1]
    assert squash(lines[1][-1]) == "—2—" and squash(lines[0][-1]) == "—1—"
    # 28 characters to a full line of Han text (punctuation compression may fit more)
    counts = [len(squash(ln)) for ln in lines[1][1:-2]]
    assert max(set(counts), key=counts.count) == 28, counts
    codes = {d.code for d in diags}  # type: ignore[attr-defined]
    from cppcc_publish.typography.fonts import system_font_for

    if system_font_for("fangsong") is None:
        assert "no-fangsong" in codes


def test_gbt9704_with_a_named_fangsong_face(parsed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stand_in = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf")
    if not stand_in.is_file():
        pytest.skip("no TrueType font to stand in for 仿宋")
    dest = tmp_path / "fs.pdf"
    diags = write(parsed["000_3ef46446da7cdf42"], dest, preset="gbt9704", font_fangsong=str(stand_in))
    assert "no-fangsong" not in {d.code for d in diags}  # type: ignore[attr-defined]
    assert any("LXGWWenKai-Light" in name for name in _fonts_of(pypdf.PdfReader(dest)))


def test_folio_positions_gbt9704(parsed) -> None:  # type: ignore[no-untyped-def]
    from cppcc_publish.typography.fonts import FontSet

    p = pdf.preset("gbt9704")
    data = render(Compilation.of(parsed["004_0df093a3eec8a1f0"]), p)
    reader = pypdf.PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages[:2], start=1):
        found: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
            if text.strip() and size == 14:
                found.append((tm[4], tm[5], text))

        page.extract_text(visitor_text=visit)
        xs = [x for x, _y, _t in found]
        ys = {round(y, 2) for _x, y, _t in found}
        assert len(ys) == 1
        # the top of the rule of — (0.40 em above the baseline) is 7 mm under the type area
        assert p.bottom - (ys.pop() + 0.40 * 14) == pytest.approx(7 * 72 / 25.4, abs=0.05)
        fs = FontSet(system_fonts=False)
        width = fs.width(f"—{number}—", Style("body", 14)) + 14  # two half-width spaces
        if number % 2:  # 单页码居右空一字
            assert min(xs) + width == pytest.approx(p.inner + p.measure - 16, abs=0.05)
        else:  # 双页码居左空一字
            assert min(xs) == pytest.approx(p.inner + 16, abs=0.05)


def test_a5_and_book_presets(parsed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in ("a5", "book"):
        p = pdf.preset(name)
        dest = tmp_path / f"{name}.pdf"
        write(parsed["001_dc89c91f80ed4344"], dest, preset=name)
        reader = pypdf.PdfReader(dest)
        assert [float(x) for x in reader.pages[0].mediabox[2:]] == pytest.approx(list(p.page), abs=0.01)
        assert p.height >= p.lines * p.pitch - 1e-6


def test_outline_and_metadata(parsed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = Compilation.of(parsed["003_24aec521f5a4d861"], parsed["000_3ef46446da7cdf42"], title="政协文稿选编")
    dest = tmp_path / "book.pdf"
    write(doc, dest)
    reader = pypdf.PdfReader(dest)
    meta = reader.metadata
    assert meta is not None and meta.title == "政协文稿选编" and meta.author == "黄筱珂"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert str(meta["/CreationDate"]).startswith("D:20250301080000")

    def flat(items, depth=0):  # type: ignore[no-untyped-def]
        for it in items:
            if isinstance(it, list):
                yield from flat(it, depth + 1)
            else:
                yield depth, it.title, reader.get_destination_page_number(it)

    entries = list(flat(reader.outline))
    # two articles make a book: its 目录 first, then each article from the page it opens on
    assert entries[0][:2] == (0, "目录")
    # (titles as every format prints them: a 全角空格 between their phrases)
    first = [e for e in entries if e[1] == "凝聚智慧力量\u3000共谱时代华章"]
    assert first and first[0][0] == 0
    assert (1, "强化政治引领，夯实团结奋斗之基", first[0][2]) in entries
    second = [e for e in entries if e[1] == "贯彻落实全国两会精神\u3000增强基层政协工作质效"]
    assert second and second[0][0] == 0 and second[0][2] > first[0][2]
    # run-in headings are outline entries under their article
    assert (1, "深化学习宣传，把握核心要义。", second[0][2]) in entries
    # each article starts on a new page with its title at the top
    first_lines = page_lines(dest.read_bytes())[second[0][2]]
    assert squash(first_lines[0]).startswith("贯彻落实全国两会精神")


def test_deterministic_bytes(parsed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    doc = Compilation.of(*parsed.values())
    write(doc, a)
    write(doc, b)
    write(doc, c, timestamp="2025-03-02T08:00:00Z")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_missing_glyphs_print_geta_and_warn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = Article(
        title="测试",
        authors=(Credit(name="刘䶮", role="author"),),
        body=(Paragraph(text="南汉高祖刘䶮，见😀表情。", line=7), Paragraph(text="第二段正常。")),
        path="x.txt",
    )
    dest = tmp_path / "m.pdf"
    diags = write(article, dest)
    text = pdf_text(dest)
    assert "南汉高祖刘〓，见〓表情。" in text
    warnings = [d for d in diags if d.level == "warning"]  # type: ignore[attr-defined]
    got = {(d.code, d.paragraph, d.line) for d in warnings}  # type: ignore[attr-defined]
    assert ("missing-glyph", 1, 7) in got
    messages = [d.message for d in warnings]  # type: ignore[attr-defined]
    assert messages == [
        "no font has U+4DAE «䶮» in the byline; it is printed as 〓",
        "no font has U+4DAE «䶮»; it is printed as 〓",
        "no font has U+1F600 «😀»; it is printed as 〓",
    ]
    assert all(d.file == "x.txt" for d in warnings)  # type: ignore[attr-defined]


@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig not installed")
def test_system_fallback_draws_a_rare_character(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cppcc_publish.typography.fonts import fonts_with_char

    if not fonts_with_char("䶮"):
        pytest.skip("no installed font has U+4DAE")
    article = Article(title="测试", body=(Paragraph(text="南汉高祖刘䶮。"),))
    dest = tmp_path / "s.pdf"
    diags = writers.write(article, "pdf", dest, {"timestamp": TS, "system_fonts": True})
    text = pdf_text(dest)
    assert "刘䶮" in text
    assert any(d.code == "glyph-fallback" and "U+4DAE" in d.message for d in diags)
    assert not [d for d in diags if d.level == "warning"]
    for base, font in _fonts_of(pypdf.PdfReader(dest)).items():
        assert "/FontFile2" in font["/FontDescriptor"].get_object()  # type: ignore[index]


def test_compilation_with_parts_and_captions(parsed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cppcc_publish.model import BookMeta, Part

    doc = Compilation(
        meta=BookMeta(title="年度汇编", compiler="某某市政协办公室 编"),
        parts=(
            Part(title="协商议政", articles=(parsed["002_885e295ff91a4d15"],)),
            Part(title="委员风采", articles=(parsed["001_dc89c91f80ed4344"], parsed["004_0df093a3eec8a1f0"])),
        ),
    )
    dest = tmp_path / "parts.pdf"
    write(doc, dest)
    reader = pypdf.PdfReader(dest)
    assert reader.metadata.author == "某某市政协办公室 编"
    text = pdf_text(dest)
    for cap in parsed["002_885e295ff91a4d15"].captions:
        assert squash(cap.text) in text
    assert text.index("协商议政") < text.index("委员风采")
    top = [it.title for it in reader.outline if not isinstance(it, list)]
    assert top == ["目录", "协商议政", "委员风采"]  # a book: its 目录 comes before the parts
    second = next(k for k, it in enumerate(reader.outline) if not isinstance(it, list) and it.title == "委员风采")
    under_second = reader.outline[second + 1]
    assert isinstance(under_second, list)
    from cppcc_publish.book.wording import title_text

    assert [it.title for it in under_second if not isinstance(it, list)] == [
        title_text(parsed["001_dc89c91f80ed4344"].title), title_text(parsed["004_0df093a3eec8a1f0"].title)]


def test_unknown_options_and_bad_preset_are_rejected(parsed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cppcc_publish.errors import OptionError

    with pytest.raises(OptionError, match="valid"):
        writers.write(parsed["000_3ef46446da7cdf42"], "pdf", tmp_path / "x.pdf", {"colour": "red"})
    with pytest.raises(OptionError, match="book"):
        writers.write(parsed["000_3ef46446da7cdf42"], "pdf", tmp_path / "x.pdf", {"preset": "b5"})


# --------------------------------------------------------------------------- pictures


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_first_pages_as_png_for_a_person_to_look_at(parsed, pdfs) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    made = []
    jobs = [(stem, path) for stem, (path, _d) in pdfs.items()]
    gw = ARTIFACTS / "gbt9704-004.pdf"
    write(parsed["004_0df093a3eec8a1f0"], gw, preset="gbt9704")
    jobs.append(("gbt9704-004", gw))
    a5 = ARTIFACTS / "a5-003.pdf"
    write(parsed["003_24aec521f5a4d861"], a5, preset="a5")
    jobs.append(("a5-003", a5))
    for stem, path in jobs:
        prefix = ARTIFACTS / stem
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "2", str(path), str(prefix)],
                       check=True, timeout=60)
        made += sorted(ARTIFACTS.glob(f"{stem}-*.png"))
    assert len(made) >= len(jobs)


@pytest.mark.parametrize("name", pdf.PRESETS)
def test_pagination_rules(parsed, name) -> None:  # type: ignore[no-untyped-def]
    """No heading at the foot of a page, no single line of a paragraph alone at the foot
    of a page nor at the head unless it holds WIDOW_MIN characters (the 公文 sets 28
    characters a line and fills its pages: there such a line falls where it falls),
    every line inside the type area, each article on a new page."""
    from cppcc_publish.typography.fonts import FontSet
    from cppcc_publish.typography.linebreak import units
    from cppcc_publish.writers.pdf.paginate import WIDOW_MIN

    preset = pdf.preset(name)
    ctx = pdf.Context(preset=preset, fonts=FontSet(system_fonts=False))
    articles = list(parsed.values()) * 2
    # the pages of the articles (a compilation of several is a book: cover, 目录 … too)
    pages = [page for page in pdf.layout(plan_book(Compilation.of(*articles), name), ctx)
             if (page.element or "").startswith("article-")]
    titles = 0
    for number, page in enumerate(pages, start=1):
        assert page.lines, number
        first, last = page.lines[0], page.lines[-1]
        if first.kind in ("title", "kicker"):
            titles += 1
        for pl in page.lines:
            assert pl.baseline - 0.88 * pl.line.runs[0].size >= -1e-6
            assert pl.baseline + 0.12 * pl.line.runs[0].size <= preset.height + 1e-6, (number, pl.line.text)
            assert pl.line.right <= preset.measure + 1e-3 and pl.line.left >= -1e-6
        assert last.kind != "heading", (number, last.line.text)
        flex = preset.tighten or preset.loosen
        if flex and last.kind == "body" and last.index < last.count - 1:
            assert last.index >= 1, (number, "orphan", last.line.text)
        if flex and first.kind == "body" and first.index > 0:
            assert (first.count - first.index >= 2 or first.count <= 2
                    or units(first.line.text) >= WIDOW_MIN), (number, "widow", first.line.text)
        if page.lines and first.kind == "body" and first.index == 0 and number > 1:
            prev = pages[number - 2].lines[-1]
            assert prev.item != first.item
    assert titles == len(articles) - sum(1 for a in articles if not a.title and not a.column)
    # hooks for running heads: which article each page belongs to, and opening pages
    assert sum(1 for page in pages if page.opening) == len(articles)
    assert [page.element for page in pages if page.opening] == [f"article-{n + 1}" for n in range(len(articles))]
    assert all(page.element == pages[k - 1].element for k, page in enumerate(pages) if k and not page.opening)


def test_no_tofu_every_drawn_character_is_in_its_face(parsed) -> None:  # type: ignore[no-untyped-def]
    """Every glyph of the laid-out samples comes from a face whose cmap has it (reportlab
    would silently draw .notdef for one that does not)."""
    from cppcc_publish.typography.fonts import FontSet

    for name in pdf.PRESETS:
        ctx = pdf.Context(preset=pdf.preset(name), fonts=FontSet(system_fonts=False))
        if name == "gbt9704":
            ctx.fonts.faces["fangsong"] = ctx.fonts.faces["kai"]
        faces = {f.key: f for f in ctx.fonts.faces.values()}
        halves = {f.half: f for f in ctx.fonts.faces.values() if f.half}
        drawn = 0
        for page in pdf.layout(plan_book(Compilation.of(*parsed.values()), name), ctx):
            for pl in page.lines:
                for run in pl.line.runs:
                    if run.face in halves:  # half-width forms of compressible marks only
                        assert all(ch in halves[run.face].blank for ch in run.text), run.text
                        continue
                    face = faces[run.face]
                    for ch in run.text:
                        assert face.has(ch), (name, ch, face.label)
                        drawn += 1
        assert drawn > 10000


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_poppler_sees_the_same_lines(parsed, pdfs) -> None:  # type: ignore[no-untyped-def]
    """A compressed mark is drawn from a half-width font, not overlapped with the next
    glyph: viewers that build lines from glyph advances (poppler) see whole lines."""
    for stem, (path, _d) in pdfs.items():
        out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                             check=True, timeout=60).stdout
        pages = [[ln for ln in page.splitlines() if ln.strip()] for page in out.split("\f")]
        ours = page_lines(path)
        assert [len(p) for p in pages if p] == [len(p) for p in ours], stem
        for lines in pages:
            assert pdf_line_violations(lines, block_starts(parsed[stem])) == [], stem


def test_run_in_heads_without_their_paragraph_are_still_printed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = Article(title="标题", body=(
        Heading(text="一是抓学习。", run_in=True), Heading(text="二是抓落实。", run_in=True),
        Paragraph(text="正文第一段。"), Heading(text="三是抓队伍。", run_in=True),
    ))
    dest = tmp_path / "r.pdf"
    write(article, dest)
    assert "一是抓学习。二是抓落实。正文第一段。三是抓队伍。" in pdf_text(dest)


def test_part_title_page_sets_its_title_a_third_down(parsed) -> None:  # type: ignore[no-untyped-def]
    from cppcc_publish.model import BookMeta, Part
    from cppcc_publish.typography.fonts import FontSet

    preset = pdf.preset("a5")
    ctx = pdf.Context(preset=preset, fonts=FontSet(system_fonts=False))
    doc = Compilation(meta=BookMeta(title="书"), parts=(
        Part(title="学习材料", articles=(parsed["000_3ef46446da7cdf42"],)),))
    pages = [page for page in pdf.layout(plan_book(doc, "a5"), ctx) if page.kind in ("part", "body")]
    first = pages[0].lines[0]
    assert first.kind == "part" and first.line.text == "学习材料"
    assert first.baseline > preset.height / 3
    assert pages[0].opening and pages[1].opening and pages[1].lines[0].kind == "title"
