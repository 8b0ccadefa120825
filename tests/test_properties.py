"""Property tests: parsing never raises and never loses a Han character of body text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cppcc_publish import parse_text
from cppcc_publish.transforms.punctuation import fix_punctuation, tidy_space

HANLIKE = st.text(
    alphabet=st.sampled_from(list("政协委员会议，。、；：？！“”（）《》……——ABC abc123.,:;?!()\"'-\n　\u00a0Δ▲丨|>")),
    max_size=200,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), HANLIKE))
def test_parse_never_raises(text):
    article = parse_text(text)
    for block in article.body:
        for f in block.flags:
            assert block.text[f.start : f.end] == f.span


@settings(max_examples=int(__import__("os").environ.get("HYPO_N", "200")), deadline=None)
@given(HANLIKE)
def test_text_functions_are_idempotent(text):
    def normalize(t):  # what restore_fullwidth_punctuation and tidy_white_space do
        return tidy_space(fix_punctuation(tidy_space(t)))

    once = normalize(text)
    assert normalize(once) == once
