"""The Chinese line breaker: rules on hand-made cases, then a width sweep over every sample.

The sweep sets each paragraph of the five samples at many measures with the real bundled
fonts and asserts that no line breaks a rule of typesetting.md §2 (see
``linebreak.violations``); the same rules are checked on PDF text in test_pdf.py.
"""

from __future__ import annotations

import pytest

from cppcc_publish.model import Caption, Heading, Paragraph
from cppcc_publish.typography.linebreak import (
    NOT_END,
    NOT_START,
    Line,
    Shaped,
    Style,
    break_lines,
    units,
    violations,
)

BODY = Style("body", 10.0)

_RIGHT_BLANK = "，。、：；！？”’）》〉】〗〕］｝」』"
_LEFT_BLANK = "“‘（《〈【〖〔［｛「『"


class FakeShaper:
    """Han and full-width marks one em, ASCII half an em, a space a quarter."""

    def shape(self, text: str, style: Style) -> Shaped:
        adv: list[float] = []
        blank: list[int] = []
        for ch in text:
            if ch == " ":
                adv.append(0.25)
            elif ord(ch) < 0x2000 and ch != "·":
                adv.append(0.5)
            elif ch == "·":
                adv.append(0.5)
            else:
                adv.append(1.0)
            blank.append(1 if ch in _RIGHT_BLANK else 2 if ch in _LEFT_BLANK else 0)
        return Shaped(text, ("f",) * len(text), tuple(a * style.size for a in adv), tuple(blank))


FAKE = FakeShaper()


def lines_of(text: str, chars: float, **kw: object) -> list[Line]:
    return break_lines([(text, BODY)], FAKE, chars * BODY.size, **kw)  # type: ignore[arg-type]


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


# --------------------------------------------------------------------------- rules


def test_comma_never_starts_a_line_it_is_pulled_in_at_half_width() -> None:
    # 10 Han and a comma on a line of 10.5 em: the comma fits only at half width.
    lines = lines_of("一二三四五六七八九十，十一十二", 10.5)
    assert texts(lines)[0] == "一二三四五六七八九十，"
    assert lines[0].right == pytest.approx(105.0)
    assert violations(lines) == []


def test_comma_that_does_not_fit_even_at_half_width_pushes_a_character_down() -> None:
    lines = lines_of("一二三四五六七八九十，十一十二", 10)
    assert texts(lines)[0] == "一二三四五六七八九"
    assert texts(lines)[1].startswith("十，")
    assert violations(lines) == []
    # the short line is spread evenly: its last glyph ends at the measure
    assert lines[0].right == pytest.approx(100.0)
    xs = [r.x for r in lines[0].runs]
    assert len(lines[0].runs) == 1 and lines[0].runs[0].spacing == pytest.approx(10.0 / 8)
    assert xs == [0.0]


def test_opening_quote_never_ends_a_line() -> None:
    lines = lines_of("一二三四五六七八九“十四五”规划", 10)
    assert not texts(lines)[0].endswith("“")
    assert texts(lines)[1].startswith("九“") or texts(lines)[1].startswith("“")
    assert violations(lines) == []


def test_dash_and_ellipsis_are_never_split_and_never_start_a_line() -> None:
    for mark in ("——", "……"):
        for width in range(4, 14):
            lines = lines_of(f"这是关键{mark}也是难点，更是重点{mark}必须做好", width)
            assert violations(lines) == [], (mark, width, texts(lines))
            for t in texts(lines)[1:]:
                assert not t.startswith(mark[0]), (mark, width, texts(lines))
            assert all(t.count(mark[0]) % 2 == 0 for t in texts(lines)), texts(lines)


def test_numbers_stay_with_units_and_latin_words_are_whole() -> None:
    text = "今年共安排了45项具体内容，全市GDP增长5.2%，达到2024年预期，COVID-19之后"
    for tenth in range(60, 200, 3):
        lines = lines_of(text, tenth / 10)
        assert violations(lines) == [], (tenth, texts(lines))
        joined = "|".join(texts(lines))
        for whole in ("45项", "GDP", "5.2%", "2024年", "COVID-19"):
            assert whole in joined, (tenth, joined)


def test_adjacent_marks_take_one_and_a_half_em() -> None:
    # ：“ and 。” are pairs: 1.5 em each; the last 。 ends the paragraph (ragged line).
    (line,) = lines_of("他说：“好。”大家都笑了。", 30)
    # 他说 2 + ：“ 1.5 + 好 1 + 。” 1.5 + 大家都笑了 5 + 。 half at the end of the line
    assert line.right == pytest.approx(10 * (2 + 1.5 + 1 + 1.5 + 5 + 0.5))
    # the opening quote lost its blank left half: drawn half an em to the left of its pen
    quote = next(r for r in line.runs if r.text.startswith("“") or "“" in r.text)
    assert quote is not None


def test_a_line_ending_in_two_closing_marks_is_flush_with_the_measure() -> None:
    lines = lines_of("一二三四五六七“八。”九十一二三四五", 10)
    assert texts(lines)[0] == "一二三四五六七“八。”"
    assert lines[0].right == pytest.approx(100.0)
    assert violations(lines) == []


def test_nothing_hangs_past_the_measure_and_lines_are_justified() -> None:
    text = "各位委员：现在，我代表中国人民政治协商会议某某市委员会常务委员会，向大会报告工作，请予审议。" * 3
    for width in range(7, 40):
        lines = lines_of(text, width, indent=20.0)
        assert violations(lines) == [], (width, texts(lines))
        for ln in lines[:-1]:
            assert ln.right == pytest.approx(width * 10.0, abs=1e-6), (width, ln.text)
        assert lines[0].runs[0].x == pytest.approx(20.0)


def test_the_last_line_never_holds_a_single_character() -> None:
    text = "一二三四五六七八九十一二三四五六七八九十好。"
    lines = lines_of(text, 10)
    assert units(texts(lines)[-1]) > 1, texts(lines)
    assert violations(lines) == []


def test_balanced_title_breaks_at_the_space() -> None:
    lines = lines_of("凝聚智慧力量　共谱时代华章", 8, align="center", balance=True)
    assert texts(lines) == ["凝聚智慧力量", "共谱时代华章"]
    assert lines[0].left == pytest.approx(lines[1].left)


def test_a_word_longer_than_the_line_is_broken_rather_than_overflowing() -> None:
    lines = lines_of("网址https://www.example.com/a/very/long/path/index.html见附件", 8)
    assert all(ln.right <= 80.0 + 1e-6 for ln in lines), texts(lines)
    assert "".join(texts(lines)) == "网址https://www.example.com/a/very/long/path/index.html见附件"


def test_a_broken_word_alone_on_a_continued_line_is_letter_spaced_to_the_measure() -> None:
    lines = lines_of("网址https://www.example.com/a/very/long/path/index.html见附件", 8.25)
    assert len(lines) > 2
    for ln in lines[:-1]:
        assert ln.right == pytest.approx(82.5, abs=1e-6), texts(lines)


def test_a_space_at_the_break_is_not_set_and_the_line_before_it_is_flush() -> None:
    """The break falls at the space of 党建 + 同心: the line ends on ``+``, which reaches the
    measure (a space left at the end took a share of the justification and hid it)."""
    text = "总结推广“党建 + 同心”工作模式，打造一批委员工作室，持续深化“党建 + 同心”品牌"
    for width in range(8, 30):
        lines = lines_of(text, width, indent=20.0, latin_space=0.125)
        assert "".join(texts(lines)).replace(" ", "") == text.replace(" ", "")
        for ln in lines[:-1]:
            assert not ln.text.endswith(" "), (width, ln.text)
            assert ln.right == pytest.approx(width * 10.0, abs=1e-6), (width, ln.text)


def test_tracking_goes_between_glyphs_so_the_last_one_ends_on_the_measure() -> None:
    """GB/T 9704: 28 characters of 16 pt in 156 mm.  Here: 10 of 10 pt in 97.5 pt, the
    tracking taken from the 9 gaps; the 10th glyph's box ends on the measure, whole."""
    tracking = (97.5 - 100.0) / 9
    text = "政协委员会议精神学习贯彻落实" * 5
    lines = lines_of(text, 9.75, tracking=tracking)
    assert [len(t) for t in texts(lines)[:-1]] == [10] * (len(lines) - 1)
    for ln in lines[:-1]:
        assert ln.right == pytest.approx(97.5, abs=1e-6)
        (ch, x), = positions(ln)[-1:]
        assert x + 10.0 == pytest.approx(97.5, abs=1e-6)  # the glyph's own box, not its cell


def positions(line: Line) -> list[tuple[str, float]]:
    """Each glyph's origin, as a PDF viewer computes it from the runs (fake metrics)."""
    out = []
    for run in line.runs:
        x = run.x
        for ch in run.text:
            out.append((ch, x))
            x += FAKE.shape(ch, Style("body", run.size)).advances[0] + run.spacing
    return out


def test_latin_words_get_air_and_numbers_are_set_solid() -> None:
    (line,) = lines_of("全市GDP增长5.2%，2024年3月5日", 40, latin_space=0.25)
    pos: dict[str, float] = {}
    for ch, x in positions(line):
        pos.setdefault(ch, x)  # the first of each character
    # 全市 (20) + ¼ em + GDP (15) + ¼ em + 增长 (20) + 5.2% solid ...
    assert pos["G"] == pytest.approx(22.5)
    assert pos["增"] == pytest.approx(22.5 + 15 + 2.5)
    assert pos["长"] + 10 == pytest.approx(pos["5"])  # 增长5.2% set solid
    assert pos["年"] == pytest.approx(pos["4"] + 5)  # 2024年 solid


def test_runs_continue_where_the_last_one_ended() -> None:
    """The PDF text position after a run is where the next run of the line starts, so a
    viewer sees each glyph's advance end where the next glyph begins."""
    for width in range(8, 30):
        for ln in lines_of("他说：“好。”（大家都笑了）。《人民日报》“十四五”规划——这是关键……" * 2, width,
                           indent=20.0, latin_space=0.25):
            for a, b in zip(ln.runs, ln.runs[1:]):
                assert a.x + a.advance == pytest.approx(b.x, abs=1e-6), (width, a, b)


def test_control_characters_are_spaces_not_glyphs() -> None:
    (line,) = lines_of("第一行\n第二行\t完", 20)
    assert "\n" not in line.text and "\t" not in line.text


def test_sets_are_the_gb_style_ones() -> None:
    for ch in "，。、：；！？”’）》〉】〕—…·":
        assert ch in NOT_START
    for ch in "“‘（《〈【〔":
        assert ch in NOT_END


# --------------------------------------------------------------------------- sweep


def _paragraph_spans(article: object) -> list[list[tuple[str, Style]]]:
    out: list[list[tuple[str, Style]]] = []
    body = getattr(article, "body")
    pending = None
    for block in body:
        if isinstance(block, Heading) and block.run_in:
            pending = block.text
            continue
        if isinstance(block, Paragraph):
            spans = [(pending, Style("heading", 12.0))] if pending else []
            spans.append((block.text, Style("body", 12.0)))
            out.append(spans)
            pending = None
        elif isinstance(block, (Heading, Caption)):
            out.append([(block.text, Style("kai" if isinstance(block, Caption) else "heading", 12.0))])
    for extra in (getattr(article, "title"), getattr(article, "subtitle"), getattr(article, "author_note")):
        if extra:
            out.append([(extra, Style("kai", 12.0))])
    return out


@pytest.fixture(scope="module")
def fontset():  # type: ignore[no-untyped-def]
    from cppcc_publish.typography.fonts import FontSet

    return FontSet(system_fonts=False)


# Measures from 6 to 40 characters of 12 pt, most of them not whole characters.
SWEEP = [6 * 12 + k * 8.3 for k in range(50)]


def test_width_sweep_over_every_sample(parsed, fontset) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for stem, article in parsed.items():
        for spans in _paragraph_spans(article):
            text = "".join(t for t, _ in spans)
            for width in SWEEP:
                for kw in ({"indent": 24.0, "latin_space": 0.125}, {"align": "center", "balance": True}):
                    if kw.get("balance") and (len(text) > 80 or width < 150):
                        continue
                    lines = break_lines(spans, fontset, width, **kw)  # type: ignore[arg-type]
                    bad = violations(lines)
                    assert not bad, (stem, width, kw, bad, [ln.text for ln in lines])
                    # every character is set exactly once, in order
                    assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", ""), (
                        stem, width)
                    checked += 1
    assert checked > 5000


# --------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = "政协委员会议精神学习贯彻落实" "，。、：；！？“”‘’（）《》——……·" "GDP2024年5.2% "


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, min_size=1, max_size=120),
       chars=st.floats(min_value=2.0, max_value=40.0), indent=st.sampled_from([0.0, 20.0]))
def test_any_text_is_set_whole_inside_the_measure(text: str, chars: float, indent: float) -> None:
    width = chars * 10.0
    lines = break_lines([(text, BODY)], FAKE, width, indent=indent if width > 40 else 0.0,
                        latin_space=0.25)
    assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", "")
    for ln in lines:
        assert ln.left >= -1e-6
        assert ln.right <= width + 1e-6 or len(ln.text) == 1, (ln.text, ln.right, width)
        if not ln.last and len(ln.text) > 1:  # a continued line is justified to the measure
            assert ln.right == pytest.approx(width, abs=1e-6), (ln.text, ln.right, width)
        for a, b in zip(ln.runs, ln.runs[1:]):
            assert a.x + a.advance == pytest.approx(b.x, abs=1e-6)
