"""Line classifiers and reader behaviour on small cases the samples do not cover."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cppcc_publish import Caption, Heading, Paragraph, parse_text
from cppcc_publish.readers.structure import line_kind

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "lines" / "classify.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("line", "kind"), CASES, ids=[c[0][:14] for c in CASES])
def test_line_classifier(line, kind):
    assert line_kind(line) == kind


def codes(article):
    return [d.code for d in article.diagnostics]


def test_numbered_headings_have_levels():
    a = parse_text(
        "工作报告\n一、总体情况\n今年以来，市政协认真履职。\n（一）协商议政\n围绕中心开展协商。\n"
        "（二）民主监督\n开展专项监督。\n二、明年打算\n继续努力。\n"
    )
    assert [(h.text, h.level) for h in a.headings] == [
        ("一、总体情况", 1),
        ("（一）协商议政", 2),
        ("（二）民主监督", 2),
        ("二、明年打算", 1),
    ]
    assert len(a.paragraphs) == 4


def test_line_broken_inside_a_sentence_is_joined():
    a = parse_text(
        "标题\n市政协坚持建言资政和凝聚共识双向发力，聚焦党政中心工作履职作为，为全市打赢疫情防控阻击战\n"
        "贡献了智慧和力量。\n第二段。\n"
    )
    assert [p.text for p in a.paragraphs] == [
        "市政协坚持建言资政和凝聚共识双向发力，聚焦党政中心工作履职作为，为全市打赢疫情防控阻击战贡献了智慧和力量。",
        "第二段。",
    ]
    assert "paragraph-rejoined" in codes(a)


def test_caption_between_two_paragraphs_is_kept_in_place():
    a = parse_text("标题\n第一段。\n▲ 委员视察现场\n第二段。\n")
    assert [type(b).__name__ for b in a.body] == ["Paragraph", "Caption", "Paragraph"]
    assert a.captions[0].text == "委员视察现场"


def test_caption_cutting_a_paragraph_moves_after_it():
    a = parse_text("标题\n第一段。\n委员们深入基层开展调研，听取群众\nΔ 委员调研现场\n意见建议。\n")
    assert [type(b) for b in a.body] == [Paragraph, Paragraph, Caption]
    assert a.paragraphs[1].text == "委员们深入基层开展调研，听取群众意见建议。"


def test_no_title_is_a_warning():
    a = parse_text("连日来，西平县政协认真组织传达学习全国两会精神。\n第二段。\n")
    assert a.title is None
    assert any(d.level == "warning" and d.code == "no-title" for d in a.diagnostics)


def test_byline_above_the_text_and_inline_subtitle():
    a = parse_text("凝聚共识 共谋发展——记市政协委员张三\n记者 李四 通讯员 王五\n正文第一段。\n")
    assert a.title == "凝聚共识 共谋发展"
    assert a.subtitle == "记市政协委员张三"
    assert {(c.name, c.role) for c in a.authors} == {("李四", "reporter"), ("王五", "correspondent")}


def test_text_that_cannot_be_placed_stays_with_a_warning():
    a = parse_text("标题\n正文第一段。\n市政协办公室\n")
    assert a.paragraphs[-1].text == "市政协办公室"
    assert "unplaced-text" in codes(a)


def test_chrome_is_removed_with_an_info_quoting_it():
    a = parse_text("加入收藏|设为首页\n标题\n正文。\n[打印文章]\n")
    assert a.title == "标题"
    infos = [d.message for d in a.diagnostics if d.code == "chrome-removed"]
    assert any("加入收藏" in m for m in infos) and any("打印文章" in m for m in infos)
    assert all(d.level == "info" for d in a.diagnostics)


def test_no_han_character_is_lost_from_clean_samples(parsed):
    """Every Han character of the body text of a sample is in the model or quoted in an
    info diagnostic (chrome and metadata)."""
    from conftest import SAMPLES

    for path in SAMPLES:
        a = parsed[path.stem]
        if a.script != "zh-Hans":
            continue
        model = "".join(
            [a.title or "", a.subtitle or "", a.column or "", a.author_note or ""]
            + [c.name for c in a.authors]
            + [b.text for b in a.body]
            + [d.message for d in a.diagnostics]
            + ([a.source.name, a.source.issue or ""] if a.source else [])
        )
        for ch in path.read_text("utf-8"):
            if "\u4e00" <= ch <= "\u9fff" and ch != "丨":  # 丨 separates a column
                assert ch in model, (path.name, ch)


def test_control_characters_are_removed_with_a_warning():
    a = parse_text("标题\n正文\x01\x02甲\x7f乙\ufffe\ud800丙。\n")
    assert a.paragraphs[0].text == "正文甲乙丙。"
    (d,) = [d for d in a.diagnostics if d.code == "control-characters"]
    assert d.level == "warning" and d.line == 2
    assert "U+0001" in d.message and "U+D800" in d.message and "U+FFFE" in d.message


def test_markup_like_text_is_kept_literally():
    a = parse_text("标题\n他说：]]> <script>alert(1)</script> &amp; <font name=x>。\n")
    assert a.paragraphs[0].text == "他说：]]> <script>alert(1)</script> &amp; <font name=x>。"


def test_a_numbered_series_that_skips_gets_an_info():
    a = parse_text("工作报告\n一、总体情况\n今年以来，市政协认真履职。\n三、明年打算\n继续努力。\n")
    (d,) = [d for d in a.diagnostics if d.code == "heading-numbers"]
    assert d.level == "info" and "skip 二" in d.message
    b = parse_text("工作报告\n一、总体情况\n今年以来，市政协认真履职。\n二、明年打算\n继续努力。\n")
    assert not [d for d in b.diagnostics if d.code == "heading-numbers"]
