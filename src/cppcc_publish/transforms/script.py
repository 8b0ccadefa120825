"""Script detection and traditional → simplified conversion (opencc-python-reimplemented).

The converter is known to get some names wrong: 乾安縣 (a county in Jilin) becomes 干安县
and the name 李乾 becomes 李干.  Protected words are swapped for private-use placeholders
before conversion and put back, in their simplified form, afterwards.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib import resources

import opencc

from ..model import Script


class _FastT2S:
    """opencc-python-reimplemented's t2s conversion, same dictionaries, same result, faster.

    opencc's own matcher tries every substring of every length at every step.  This one
    finds, once per segment, which phrases start at each position and then makes the same
    choices: the longest phrase anywhere in the piece wins (the leftmost among equals),
    the pieces left and right of it are matched the same way with phrases no longer than
    it, and whatever no phrase covers is converted character by character.  A test checks
    that both give the same text.
    """

    def __init__(self) -> None:
        self.phrases = _dictionary("TSPhrases.txt")
        self.chars = _dictionary("TSCharacters.txt")
        lengths: dict[str, set[int]] = {}
        for key in self.phrases:
            lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}
        self.split = opencc.OpenCC("t2s").split_chars_re
        self.table = str.maketrans({k: v for k, v in self.chars.items() if len(k) == 1})

    def convert(self, text: str) -> str:
        parts = self.split.split(text)
        for k in range(0, len(parts), 2):
            if parts[k]:
                parts[k] = self._segment(parts[k])
        return "".join(parts)

    def _segment(self, seg: str) -> str:
        n = len(seg)
        starts: list[list[int]] = [[] for _ in range(n)]
        found = False
        for i, ch in enumerate(seg):
            for length in self.lengths.get(ch, ()):
                if i + length <= n and seg[i : i + length] in self.phrases:
                    starts[i].append(length)
                    found = True
        if not found:
            return seg.translate(self.table)
        out: list[str] = []
        self._piece(seg, 0, n, n, starts, out)
        return "".join(out)

    def _piece(
        self, seg: str, a: int, b: int, limit: int, starts: list[list[int]], out: list[str]
    ) -> None:
        best_len = 0
        best_at = -1
        for i in range(a, b):
            for length in starts[i]:  # descending
                if length <= limit and i + length <= b:
                    if length > best_len:
                        best_len, best_at = length, i
                    break
        if best_at < 0:
            out.append(seg[a:b].translate(self.table))
            return
        if best_at > a:
            self._piece(seg, a, best_at, best_len, starts, out)
        out.append(self.phrases[seg[best_at : best_at + best_len]])
        if best_at + best_len < b:
            self._piece(seg, best_at + best_len, b, best_len, starts, out)


@lru_cache(maxsize=1)
def _converter() -> _FastT2S:
    return _FastT2S()


def _dictionary(name: str) -> dict[str, str]:
    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", name)
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            key, _, value = line.rstrip("\n").partition("\t")
            out[key] = value.split(" ")[0]
    return out


@lru_cache(maxsize=1)
def _script_chars() -> tuple[frozenset[str], frozenset[str]]:
    """Characters that exist only in traditional, and only in simplified, writing."""
    ts = _dictionary("TSCharacters.txt")
    st = _dictionary("STCharacters.txt")
    trad = frozenset(k for k, v in ts.items() if len(k) == 1 and v != k and k not in st)
    simp = frozenset(k for k, v in st.items() if len(k) == 1 and v != k and k not in ts)
    return trad, simp


def detect_script(text: str) -> Script:
    """``zh-Hant`` when traditional-only characters outnumber simplified-only ones."""
    trad, simp = _script_chars()
    text = text[:5_000]  # plenty to decide; keeps a 20 MB paste fast
    # Which characters occur first (one pass in C), then how often: most texts hold no
    # traditional-only character at all.
    present = set(text)
    t = sum(text.count(c) for c in trad.intersection(present))
    if t < 3:
        return "zh-Hans"
    return "zh-Hant" if t > sum(text.count(c) for c in simp.intersection(present)) else "zh-Hans"


@lru_cache(maxsize=1)
def shipped_protected_words() -> tuple[tuple[str, str], ...]:
    """The ``(traditional, simplified)`` pairs in ``data/protected_words.tsv``."""
    text = resources.files("cppcc_publish.data").joinpath("protected_words.tsv").read_text("utf-8")
    return parse_protected_words(text)


def parse_protected_words(text: str) -> tuple[tuple[str, str], ...]:
    """Lines ``traditional<TAB>simplified``; ``#`` starts a comment; a line with one word
    keeps that word as it is."""
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        trad, _, simp = line.partition("\t")
        pairs.append((trad.strip(), (simp or trad).strip()))
    return tuple(pairs)


_PUA = 0xF0000  # Supplementary Private Use Area-A: never in a converter dictionary.
_PUA_RE = re.compile("[\U000f0000-\U000fffff]")


# opencc-python-reimplemented's dictionaries leave 著 as it is, but mainland simplified
# writing uses 着 for every reading but zhù: 著力 → 着力, 意味著 → 意味着, 隨著 → 随着,
# while 著名, 著作, 显著, 名著, 土著 keep 著.  This regex finds 著 with the words that keep it.
_ZHU = re.compile("(名|巨|专|論|论|原|編|编|撰|卓|昭|遺|遗|譯|译|合|新|拙|大|杰|傑|宏|顯|显|土)?著(名|作|稱|称|述|者|錄|录|書|书|譯|译)?")


def _zhuo_to_zhe(text: str) -> str:
    """著 → 着 except in the zhù words (著名, 著作, 显著 …)."""
    if "著" not in text:
        return text
    return _ZHU.sub(lambda m: m.group(0) if (m.group(1) or m.group(2)) else "着", text)


class Converter:
    """Traditional → simplified with protected words."""

    def __init__(self, protected: tuple[tuple[str, str], ...]) -> None:
        # Longest first, so that 乾安縣 wins over 乾安.
        self._pairs = sorted(set(protected), key=lambda p: -len(p[0]))
        self._re = (
            re.compile("|".join(re.escape(t) for t, _ in self._pairs)) if self._pairs else None
        )
        self._to_simp = dict(self._pairs)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self._re is None or _PUA_RE.search(text):
            # (Text that already holds private-use characters is converted unprotected.)
            return _zhuo_to_zhe(_converter().convert(text))
        found: list[str] = []

        def hide(m: re.Match[str]) -> str:
            found.append(self._to_simp[m.group(0)])
            return chr(_PUA + len(found) - 1)

        hidden = self._re.sub(hide, text)
        converted = _zhuo_to_zhe(_converter().convert(hidden))
        if not found:
            return converted
        return _PUA_RE.sub(lambda m: found[ord(m.group(0)) - _PUA], converted)
