"""Property tests: parsing never raises and never loses a Han character of body text."""

from __future__ import annotations

from conftest import fuzz_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cppcc_publish import parse_text
from cppcc_publish.transforms.punctuation import fix_punctuation, tidy_space

HANLIKE = st.text(
    alphabet=st.sampled_from(list("政协委员会议，。、；：？！“”（）《》……——ABC abc123.,:;?!()\"'-\n　\u00a0Δ▲丨|>")),
    max_size=200,
)


@settings(max_examples=fuzz_examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), HANLIKE))
def test_parse_never_raises(text):
    article = parse_text(text)
    for block in article.body:
        for f in block.flags:
            assert block.text[f.start : f.end] == f.span


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(HANLIKE)
def test_text_functions_are_idempotent(text):
    def normalize(t):  # what restore_fullwidth_punctuation and tidy_white_space do
        return tidy_space(fix_punctuation(tidy_space(t)))

    once = normalize(text)
    assert normalize(once) == once


# --- the parser loses no Han character -------------------------------------------------
#
# Invariant (what the reader and the transforms can promise): for input in simplified
# characters, every Han character of the input is still in the model (title, subtitle,
# column, author note, source, credits, body) or quoted in one of its diagnostics (page
# chrome, metadata and credit lines are removed only with an info that quotes them).  The
# one exception is the column separator 丨 (U+4E28, a Han character by code point), which
# is punctuation on a title line.  Counted as a multiset, so a duplicate cannot hide a loss.

from collections import Counter  # noqa: E402

FRAGMENTS = [
    "政协委员认真履职", "，", "。", ",", ".", "？", "“", "”", "（街道）", "(区)", "……", "......",
    "——", "加入收藏|设为首页", "首页>协商议政>地方政协", "本报记者 张三 通讯员 李四", "编辑:王五",
    "(赵六 整理)", "(作者系市政协主席)", "《政协工作》(2025年第3期)", "文章来源: 作者:钱七 发布时间:2023年01月03日",
    "Δ 委员调研现场", "A 委员视察", "一、", "（一）", "深化学习宣传，把握核心要义。", "专题丨", "——副题",
    "点击数:74", "[打印文章]", "X", " ", "\u3000", "\u00a0", "?!苯眨焐绞姓飨藕晡敖岷瞎ぷ魇导?", "贯彻落实", "两会精神",
]
ARTICLE = st.lists(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join), min_size=1, max_size=14
).map("\n".join)


def _han(text: str) -> Counter:
    return Counter(ch for ch in text if "\u3400" <= ch <= "\u9fff" and ch != "丨")


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(ARTICLE)
def test_no_han_character_is_lost(text):
    a = parse_text(text)
    kept = "".join(
        [a.title or "", a.subtitle or "", a.column or "", a.author_note or ""]
        + ([a.source.name, a.source.issue or ""] if a.source else [])
        + [c.name for c in a.authors]
        + [b.text for b in a.body]
        + [d.message for d in a.diagnostics]
    )
    missing = _han(text) - _han(kept)
    assert not missing, missing
