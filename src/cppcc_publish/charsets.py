"""Character classes used by the reader, the transforms and the typesetter.

The "common" sets are derived from the codecs themselves, so no frequency table ships:
GB2312 level 1 holds the 3,755 most used simplified characters (lead bytes B0–D7) and
Big5 level 1 the 5,401 most used traditional ones (lead bytes A4–C6).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Han ideographs: Extension A, the URO and the compatibility block.  Extension B and later
# (supplementary planes) count as Han too, for the line classifiers.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}\U00020000-\U0003134f]")

# Chinese punctuation marks (full-width forms and the marks Chinese shares with Western text).
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—·～"

SENTENCE_END = "。！？…"
"""A line ending in one of these (optionally followed by closing quotes) is a sentence."""

CLOSING_QUOTES = "”’」』）》"

# Pinyin letters: ASCII and the tone-marked vowels (ā á ǎ à … ǖ ǘ ǚ ǜ ü).
TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
PINYIN_LETTERS = "a-zü" + TONED_VOWELS


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


@lru_cache(maxsize=1)
def common_hans() -> frozenset[str]:
    """GB2312 level 1: the 3,755 most used simplified characters."""
    chars: set[str] = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


@lru_cache(maxsize=1)
def common_hant() -> frozenset[str]:
    """Big5 level 1: the 5,401 most used traditional characters."""
    chars: set[str] = set()
    for hi in range(0xA4, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                chars.add(bytes((hi, lo)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


@lru_cache(maxsize=1)
def common_any() -> frozenset[str]:
    """The common characters of either script (for judging text whose script is unknown)."""
    return common_hans() | common_hant()


def common_for(script: str) -> frozenset[str]:
    return common_hant() if script == "zh-Hant" else common_hans()


def _ranges(chars: frozenset[str], lo: int, hi: int) -> str:
    """A regex class body of the code points in [lo, hi] that are *not* in ``chars``."""
    out: list[str] = []
    start: int | None = None
    for cp in range(lo, hi + 2):
        inside = cp <= hi and chr(cp) not in chars
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            a, b = chr(start), chr(cp - 1)
            out.append(a if start == cp - 1 else f"{a}-{b}")
            start = None
    return "".join(out)


# Characters that do not belong in Chinese prose and appear when GBK bytes are decoded one
# byte out of step: kana (ぷ), full-width Latin letters (ｖ ｌ), Greek, Cyrillic, box
# drawing, bopomofo, Hangul.  Tone-marked pinyin vowels are *not* here: they are real text
# in pinyin annotations.
_ODD = (
    "\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f"
    "\u3131-\u318e\uac00-\ud7a3\uff21-\uff3a\uff41-\uff5a"
)


@lru_cache(maxsize=2)
def rare_re(script: str) -> re.Pattern[str]:
    """Matches one character that is rare in clean text of ``script``: a Han character
    outside the common set, or an odd character (see ``_ODD``).

    Matches in ``苯眨焐绞姓飨`` (焐, 飨) and ``ぷ``; no match in ``政协委员``.
    """
    common = common_for(script)
    body = _ranges(common, 0x4E00, 0x9FFF)
    return re.compile(f"[{body}\u3400-\u4dbf\uf900-\ufaff{_ODD}]")


ODD_RE = re.compile(f"[{_ODD}]")
