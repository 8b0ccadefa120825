"""Garbled spans: one short case of our own per kind of damage, clean text that must raise
no flag, the wording of suggestions, and the lexicon.  (The damaged corpus built from
real text is benchmarks/bench_garbled.py.)"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from cppcc_publish import Article, Flag, Paragraph, parse_text, writers
from cppcc_publish.dump import DumpError, dumps, loads
from cppcc_publish.lexicon import LexiconError, lexicon, load_lexicon
from cppcc_publish.transforms.garbled import HIGH_CONFIDENCE, find_garbled, suggestion_note

TO_ASCII = str.maketrans("，；：！？", ",;:!?")


def out_of_step(region: str) -> str:
    """The damage of sample 001: the region's GBK bytes read one byte out of step, pairs
    GBK cannot decode dropped, ``?`` for the orphan bytes at the edges."""
    data = region.encode("gbk")
    mid = data[1:-1]
    out = ["?"]
    for i in range(0, len(mid) - 1, 2):
        try:
            out.append(mid[i : i + 2].decode("gbk"))
        except UnicodeDecodeError:
            pass
    return "".join(out) + "?"


def utf8_as_gbk(region: str) -> str:
    return region.encode("utf-8").decode("gbk", errors="replace")


def gbk_as_latin1(region: str) -> str:
    return region.encode("gbk").decode("latin-1")


def one_span(before: str, damaged: str, after: str, kind: str) -> tuple[str, str, float]:
    text = before + damaged + after
    (span,) = find_garbled(text)
    assert (span.start, span.end) == (len(before), len(before) + len(damaged)), "exact edges"
    assert span.kind == kind
    assert 0 <= span.confidence <= 1
    return text, span.suggestion, span.confidence


# ---------------------------------------------------------------- one case per kind


@pytest.mark.parametrize("ascii_marks", [False, True], ids=["full-width page", "ASCII page"])
def test_gbk_out_of_step(ascii_marks):
    region = "，全体委员认真审议了常委会工作报告"
    damaged = out_of_step(region)
    assert damaged.startswith("?") and damaged.endswith("?")
    before, after = "本次会议", "，一致同意提交大会表决。"
    if ascii_marks:  # the page made ！，；： ASCII, inside the damage too (sample 001)
        damaged, after = damaged.translate(TO_ASCII), after.translate(TO_ASCII)
    _, suggestion, _ = one_span(before, damaged, after, "gbk-out-of-step")
    # Bytes that survived in pairs read back exactly; lost ones are chosen by the lexicon.
    assert "委员认真审议了常委会工作报告" in suggestion


def test_gbk_out_of_step_short_fenced_run():
    # Seven characters of which GBK dropped several pairs: 现 (CFD6) and 在 (D4DA) lose
    # their trail bytes; the lexicon still finds a reading.
    damaged = out_of_step("，政协委员主动作为")
    text = "他在发言中指出" + damaged + "，不负重托。"
    (span,) = find_garbled(text)
    assert text[span.start : span.end] == damaged
    assert "作为" in span.suggestion


def test_utf8_read_as_gbk():
    damaged = utf8_as_gbk("，进一步发挥专门协商机构作用")
    assert damaged.startswith("锛")  # ， is EF BC 8C, which GBK reads as 锛 and a half
    _, suggestion, confidence = one_span("委员们建议", damaged, "。", "utf8-as-gbk")
    assert suggestion == "，进一步发挥专门协商机构作用"
    # 一 and 用 each lost a byte to U+FFFD and were chosen by the lexicon: right here, but
    # a guess, so the suggestion is not sure as a whole (可能为).
    assert 0.5 <= confidence < HIGH_CONFIDENCE


def test_gbk_out_of_step_two_dropped_pairs_in_a_row():
    # 政 D5FE 协 D0AD 主 D6F7: read out of step, FE D0 and AD D6 are both dropped, and 协
    # loses both bytes.  One drop would read 政主 (a pair of 行政主管); the search tries
    # two, and the article's own words (市政协主席, 政协: named elsewhere, as an article of
    # a 政协 does) choose 政协 over 政府, the lexicon's more frequent word.
    damaged = out_of_step("，市政协主席带领委员深入基层")
    article = parse_text(
        "标题\n市政协召开常委会议，市政协主席出席。\n会议开始"
        + damaged
        + "，大家认真学习。\n政协委员表示赞同，政协机关全力保障。\n"
    )
    (flag,) = article.flags
    assert flag.span == damaged
    assert "政协主席" in flag.suggestion and "委员深入" in flag.suggestion


def test_gbk_out_of_step_is_worded_perhaps():
    # Out-of-step bytes always lose the edge characters' bytes: the suggestion holds
    # guesses and is never sure as a whole, however good (sample 001: four spans).
    from conftest import SAMPLES

    (path,) = [p for p in SAMPLES if p.name.startswith("001")]
    article = parse_text(path.read_text("utf-8"))
    notes = [d.message for d in article.diagnostics if d.code == "garbled-text"]
    assert len(notes) == len(article.flags) == 4
    for flag, note in zip(article.flags, notes):
        assert flag.confidence is not None and flag.confidence < HIGH_CONFIDENCE
        assert "可能为：«" in note and "建议改为" not in note
    assert "政协主席张宏伟结合工作实际" in article.flags[0].suggestion


def test_utf8_read_as_gbk_with_a_lost_byte():
    # 能 is E8 83 BD: GBK gives up on 83, so U+FFFD stands for it; the lexicon chooses the
    # lost byte back (能力 is a word), or leaves □.
    damaged = utf8_as_gbk("加强政协委员履职能力建设")
    assert "\ufffd" in damaged
    _, suggestion, _ = one_span("委员们建议", damaged, "。", "utf8-as-gbk")
    assert suggestion.startswith("加强政协委员履职")
    assert len(suggestion) == len("加强政协委员履职能力建设")


def test_gbk_read_as_latin1():
    damaged = gbk_as_latin1("政协委员要履职尽责")
    assert damaged.startswith("ÕþÐ\xad")
    _, suggestion, confidence = one_span("他说：", damaged, "。", "gbk-as-latin1")
    assert suggestion == "政协委员要履职尽责" and confidence >= HIGH_CONFIDENCE


def test_flag_carries_suggestion_and_confidence_through_parse():
    damaged = utf8_as_gbk("政协委员")
    article = parse_text(f"标题\n我们要做合格的{damaged}，履职尽责。\n")
    (flag,) = article.flags
    assert flag.span == damaged and flag.suggestion == "政协委员"
    assert flag.confidence is not None and flag.confidence >= HIGH_CONFIDENCE
    (diag,) = [d for d in article.diagnostics if d.code == "garbled-text"]
    assert "UTF-8 bytes read as GBK" in diag.message and "建议改为：«政协委员»" in diag.message


# ---------------------------------------------------------------- clean text: no flag

CLEAN = {
    "rare names": "黄筱珂、李堃、王喆、张珺、欧阳翀、司马燚、禤晓龑等委员到邕江畔、岷江边开展调研。",
    "classical": "子曰：“学而时习之，不亦说乎？有朋自远方来，不亦乐乎？”先天下之忧而忧，"
    "后天下之乐而乐；苟利国家生死以，岂因祸福避趋之。窈窕淑女，君子好逑。",
    "classical, ASCII marks": "子曰:学而时习之,不亦说乎?有朋自远方来,不亦乐乎?人不知而不愠,不亦君子乎?",
    "English": "The Chinese People's Political Consultative Conference (CPPCC) held its session; "
    "委员们用English和中文交流。",
    "numbers": "2023年全市GDP达到1,234.56亿元，同比增长5.2%，其中第一产业增加值98.7亿元，"
    "人均可支配收入为36,883元。",
    "URLs": "详见http://www.cppcc.gov.cn/zxww/2024/03/11/ARTI1710123456789.shtml及"
    "https://www.gov.cn/zhengce/content/202403/content_6938520.htm?from=timeline。",
    "question marks": "怎么办?怎么干?我们要认真思考!为什么?因为责任重大!",
    "accents and signs": "法国学者Zoë Müller与José García在会上发言，气温±5°C，面积约120m²，"
    "售价¥99，© 2024 版权所有。",
    "enumerations": "①坚持党的领导；②坚持团结民主；③坚持履职为民。Ⅰ类、Ⅱ类水质，⒈⒉⒊。※注：本文有删节。",
    "kana and names with dots": "日语假名《あいうえお》是第一课；塞巴斯蒂安·皮涅拉、阿卜杜拉·阿卜杜勒·阿齐兹到访。",
    "pinyin annotations": "政協(xié)委員認(rèn)真學(xué)習(xí)會(huì)議精神。",
    "beyond U+FFFF": "𠀀与𪚥是生僻字?表情😀也不是乱码?",
}


@pytest.mark.parametrize("text", list(CLEAN.values()), ids=list(CLEAN))
def test_clean_text_raises_no_flag(text):
    assert find_garbled(text) == []
    assert find_garbled(text, "zh-Hant") == []
    assert parse_text(f"标题\n{text}\n").flags == ()


# ---------------------------------------------------------------- wording


def test_wording_follows_confidence():
    high = Flag(start=0, end=2, span="鏀垮", suggestion="政协", confidence=0.95)
    low = Flag(start=0, end=4, span="?鞫魑?", suggestion="主动□为", confidence=0.6)
    assert suggestion_note(high) == "建议改为：«政协»"
    note = suggestion_note(low)
    assert note is not None and note.startswith("可能为：«主动□为»") and "□ 为无法复原的字" in note
    assert suggestion_note(Flag(start=0, end=1, span="?")) is None
    # A dump written before confidences existed says nothing sure.
    assert suggestion_note(Flag(start=0, end=1, span="鏀", suggestion="政")).startswith("可能为")


def test_review_copy_words_each_suggestion_by_its_confidence(tmp_path):
    sure = "鏀垮崗"
    unsure = "?鞫魑?"
    text = f"甲{sure}乙{unsure}丙"
    flags = (
        Flag(start=1, end=4, span=sure, suggestion="政协", confidence=0.97),
        Flag(start=5, end=9, span=unsure, suggestion="主动作为", confidence=0.7),
    )
    article = Article(title="标题", body=(Paragraph(text=text, flags=flags),))
    dest = tmp_path / "review.docx"
    writers.write(article, "docx", dest, {"timestamp": "2025-01-01T00:00:00Z", "review": True})
    with zipfile.ZipFile(io.BytesIO(dest.read_bytes())) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "建议改为：«政协»" in comments
    assert "可能为：«主动作为»" in comments and "建议改为：«主动作为»" not in comments


# ---------------------------------------------------------------- the model and its dump


def test_confidence_survives_the_dump():
    flag = Flag(start=1, end=4, span="鏀垮崗", suggestion="政协", confidence=0.97)
    article = Article(title="标题", body=(Paragraph(text="甲鏀垮崗乙", flags=(flag,)),))
    for fmt in ("json", "yaml"):
        assert loads(dumps(article, fmt), fmt) == article
    old = dumps(article).replace('"confidence": 0.97', '"confidence": null')
    assert loads(old).flags[0].confidence is None
    with pytest.raises(DumpError, match="confidence"):
        loads(dumps(article).replace('"confidence": 0.97', '"confidence": 1.5'))


# ---------------------------------------------------------------- the lexicon


def test_lexicon_tells_words_from_garbled_text():
    lex = lexicon()
    assert lexicon() is lex  # loaded once per process
    assert lex.pair_share("全市政协委员") == 1.0
    assert lex.pair_share("苯眨焐绞姓飨") == 0.0
    assert lex.supports("政", "协") and not lex.supports("协", "政")
    assert lex.score("政", "协") > lex.score("秸", "眨") + 3


def test_lexicon_reads_jieba_format(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("政协 9000 n\n政协委员 40 n\n委员 12000 n\n的 318825 uj\n", "utf-8")
    lex = load_lexicon(path)
    assert set(lex.pairs) == {"政协", "协委", "委员"}
    # Levels: about three per decade of the count, the most frequent word winning.
    assert lex.pairs["政协"] == lex.chars["政"] > lex.pairs["协委"]
    assert lex.chars["的"] == 17
    bad = tmp_path / "bad.txt"
    bad.write_text("政协 n 9000\n", "utf-8")
    with pytest.raises(LexiconError, match="jieba's format"):
        load_lexicon(bad)


def test_lexicon_loads_only_when_a_candidate_needs_it():
    # Parse speed (issue 15): importing the package, or parsing text with no rare or odd
    # character, never reads jieba's dictionary; a garbled span does, once.
    code = (
        "import sys\n"
        "import cppcc_publish\n"
        "from cppcc_publish.lexicon import lexicon\n"
        "assert lexicon.cache_info().currsize == 0 and 'jieba' not in sys.modules\n"
        "cppcc_publish.parse_text('标题\\n全体委员认真审议了常委会工作报告。\\n')\n"
        "assert lexicon.cache_info().currsize == 0\n"
        "cppcc_publish.parse_text('标题\\n会议开始?比涨埃卣飨?，大家认真学习。\\n')\n"
        "assert lexicon.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
