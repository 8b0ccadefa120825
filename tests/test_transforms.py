"""Per-transform case files, idempotence of every transform on every sample, and the
protection of garbled spans."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLES

from cppcc_publish import Flag, Paragraph, ReadOptions, parse_text
from cppcc_publish.errors import OptionError
from cppcc_publish.readers import read_text
from cppcc_publish.transforms import TRANSFORMS, apply_transforms
from cppcc_publish.transforms.punctuation import fix_punctuation, strip_pinyin, tidy_space
from cppcc_publish.transforms.script import Converter, detect_script, shipped_protected_words
from cppcc_publish.transforms.text import rewrite_outside_flags

CASES = Path(__file__).parent / "fixtures" / "transforms"
FUNCS = {
    "fix_punctuation": fix_punctuation,
    "tidy_space": tidy_space,
    "strip_pinyin": lambda s: strip_pinyin(s, toneless=False)[0],
}


def _cases():
    for name, fn in FUNCS.items():
        for given, want in yaml.safe_load((CASES / f"{name}.yaml").read_text("utf-8")):
            yield pytest.param(fn, given, want, id=f"{name}:{given[:12]}")


@pytest.mark.parametrize(("fn", "given", "want"), list(_cases()))
def test_case_file(fn, given, want):
    assert fn(given) == want
    assert fn(fn(given)) == fn(given)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
@pytest.mark.parametrize(("name", "transform"), TRANSFORMS, ids=[n for n, _ in TRANSFORMS])
def test_each_transform_is_idempotent(path, name, transform):
    options = ReadOptions()
    article = read_text(path.read_text("utf-8"), str(path))
    # Run the pipeline up to this transform, so each one sees what it sees in real use.
    for other_name, other in TRANSFORMS:
        if other_name == name:
            break
        article = other(article, options)
    once = transform(article, options)
    assert transform(once, options) == once


def test_garbled_span_survives_every_transform():
    text = "标题\n迅速掀起学习贯彻?zé)岢保鰪?qiáng)“政协大有可为,必须有所作为”的决心信心。\n"
    # The same damage in a traditional article with pinyin annotations all around.
    article = parse_text(text)
    (para,) = article.paragraphs
    (flag,) = para.flags
    assert flag.span == "?zé)岢保鰪?qiáng)"
    assert para.text[flag.start : flag.end] == flag.span
    assert "可为，必须" in para.text  # outside the span the punctuation is restored


def test_rewrite_outside_flags_moves_offsets():
    text = "甲, 乙?!苯眨?, 丙"
    flag = Flag(start=4, end=9, span="?!苯眨?")
    assert text[4:9] == flag.span
    new, (moved,) = rewrite_outside_flags(text, (flag,), lambda s: tidy_space(fix_punctuation(s)))
    assert new[moved.start : moved.end] == flag.span
    assert new.startswith("甲，乙")


def test_unknown_transform_name_lists_valid_ones():
    with pytest.raises(OptionError, match="restore_fullwidth_punctuation"):
        parse_text("标题\n正文。\n", options=ReadOptions(disable=("no_such_step",)))


def test_disabling_a_transform():
    a = parse_text("标题\n学习好,宣传好.\n", options=ReadOptions(disable=("restore_fullwidth_punctuation",)))
    assert a.paragraphs[0].text == "学习好,宣传好."


def test_protected_words_survive_conversion():
    convert = Converter(shipped_protected_words())
    assert convert("吉林省乾安縣政協委員李乾") == "吉林省乾安县政协委员李乾"
    # Without protection opencc gets them wrong: that is why the list exists.
    assert Converter(())("乾安縣") == "干安县"
    # The caller adds their own.
    mine = Converter(shipped_protected_words() + (("乾州區", "乾州区"),))
    assert mine("乾州區") == "乾州区"


def test_keep_script_option(parsed):
    path = next(p for p in SAMPLES if p.stem.startswith("002"))
    kept = parse_text(path.read_text("utf-8"), options=ReadOptions(keep_script=True))
    assert kept.script == "zh-Hant"
    assert "學習" in kept.paragraphs[0].text
    assert "學習" not in parsed[path.stem].paragraphs[0].text


def test_detect_script():
    assert detect_script("連日來，西平縣政協認真組織傳達學習") == "zh-Hant"
    assert detect_script("连日来，西平县政协认真组织传达学习") == "zh-Hans"
    assert detect_script("政协委员") == "zh-Hans"


def test_clean_text_with_rare_characters_raises_no_flag():
    text = "标题\n黄筱珂、李堃、王喆、张珺等委员砥砺奋进，踔厉奋发，在邕江畔、岷江边开展调研。\n"
    assert parse_text(text).flags == ()


def test_transform_leaves_flagged_paragraph_alone():
    span = "?!苯眨焐绞姓飨藕晡敖岷瞎ぷ魇导?"
    p = Paragraph(text=f"甲{span}乙", flags=(Flag(start=1, end=1 + len(span), span=span),))
    from cppcc_publish import Article

    a = Article(title="t", body=(p,))
    out = apply_transforms(a, ReadOptions())
    assert out.body[0].flags[0].span == p.flags[0].span
    assert replace(out.body[0], flags=()).text == p.text


def test_fast_converter_agrees_with_opencc():
    """Our matcher uses opencc's dictionaries; it must make opencc's choices."""
    import opencc

    from cppcc_publish.transforms.script import _converter

    reference = opencc.OpenCC("t2s")
    to_trad = opencc.OpenCC("s2t")
    texts = [p.read_text("utf-8") for p in SAMPLES]
    texts += [to_trad.convert(t) for t in texts]
    texts += ["乾隆皇帝在乾清宮", "著名的瀋陽故宮", "於是他們發現了頭髮裡的藉口", ""]
    for text in texts:
        assert _converter().convert(text) == reference.convert(text)


def test_zhe_is_simplified_by_reading():
    """opencc leaves 著; simplified writing has 着 except in the zhù words."""
    convert = Converter(shipped_protected_words())
    assert convert("準確把握履職著力點，意味著，隨著發展，本著原則") == "准确把握履职着力点，意味着，随着发展，本着原则"
    assert convert("著名作家的著作成就顯著，名著，土著") == "著名作家的著作成就显著，名著，土著"
