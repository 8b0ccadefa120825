"""Find garbled spans, decide their exact edges, and say what was probably lost.

Three kinds of damage reach editors (see :mod:`.repair` for how each is read back):

- **GBK bytes read one byte out of step** (``gbk-out-of-step``): ``。”近日，石嘴山市政协…``
  becomes ``?!苯眨焐绞姓飨藕晡敖岷瞎ぷ魇导?`` (sample 001);
- **UTF-8 read as GBK** (``utf8-as-gbk``): ``政协委员`` becomes ``鏀垮崗濮斿憳``;
- **GBK read as Latin-1** (``gbk-as-latin1``): ``政协`` becomes ``ÕþÐ­``.

The signal is language: garbled text is not Chinese.  Clean prose is made of words, so
most of its characters sit inside a word with a neighbour (a pair found in the lexicon,
:mod:`cppcc_publish.lexicon`); a garbled run is a random draw, with kana, symbols such as
``⒄`` and rare characters among common ones, and almost no pair of it is a word.  A
stretch of such characters is only a *candidate*: it is flagged when reading its bytes
back the right way turns it into Chinese (pairs inside words again).  Clean text with
rare names (黄筱珂), a classical quotation, English, numbers or URLs fails that second
test and raises no flag.

Edges: an out-of-step run is fenced by ``?`` where the page replaced an orphan byte (the
fences belong to the span); a UTF-8 span ends where its bytes stop being UTF-8; a Latin-1
span is its run of Latin-1 letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import add, or_
from typing import Literal

from ..charsets import HAN, common_for, rare_re
from ..lexicon import Lexicon, lexicon
from ..model import HIGH_CONFIDENCE, Flag, suggestion_note
from .repair import (
    MISSING,
    NO_CONTEXT,
    Context,
    Reading,
    reread_latin1,
    reread_out_of_step,
    reread_utf8,
    span_bytes,
    strip_debris,
    text_score,
)

Kind = Literal["gbk-out-of-step", "utf8-as-gbk", "gbk-as-latin1"]

KINDS: dict[Kind, str] = {
    "gbk-out-of-step": "GBK bytes read one byte out of step",
    "utf8-as-gbk": "UTF-8 bytes read as GBK",
    "gbk-as-latin1": "GBK bytes read as Latin-1",
}
"""Each kind of damage and how a diagnostic names it."""

__all__ = ["HIGH_CONFIDENCE", "KINDS", "MISSING", "Kind", "Span", "find_garbled", "suggestion_note"]


@dataclass(frozen=True, slots=True)
class Span:
    """A garbled span of a text: ``text[start:end]``, with what it probably read."""

    start: int
    end: int
    suggestion: str
    confidence: float
    kind: Kind


# ---------------------------------------------------------------- character classes

# One letter per character, so that the scans below are regular expressions over a
# string of classes (``str.translate`` builds it at C speed):
#   h  a Han character (becomes W when it sits inside a word with a neighbour, else u)
#   o  another character with a two-byte GBK code: kana (ぷ), ⒄, full-width letters,
#      Greek, box drawing, bopomofo: what bytes read out of step put among Han
#   p  a Chinese mark (，。“”…)
#   m  the middle dot ·, a Chinese mark that is also a Latin-1 sign
#   a  an ASCII mark that a page may have made of a full-width one (! ; : ,)
#   q  ``?``: an orphan byte, or a question mark
#   l  a Latin-1 letter or sign (Õ þ £ ¬ …): GBK bytes shown one per character
#   r  U+FFFD, a byte a decoder gave up on
#   x  anything else (ASCII letters, digits, spaces)
_CHINESE_MARKS = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—·～"
# Windows-1252 signs at 80–9F that are not also Chinese marks (“ ” ‘ ’ — … are).
_CP1252 = "€‚ƒ„†‡ˆ‰Š‹ŒŽ•˜™š›œžŸ"


@lru_cache(maxsize=1)
def _class_table() -> str:
    out = []
    for cp in range(0x10000):
        ch = chr(cp)
        if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
            out.append("h")
        elif ch == "?":
            out.append("q")
        elif ch == "\u00b7":
            out.append("m")
        elif ch in _CHINESE_MARKS:
            out.append("p")
        elif ch in "!;:,":
            out.append("a")
        elif ch == "\ufffd":
            out.append("r")
        elif 0xA0 <= cp <= 0xFF or ch in _CP1252:
            out.append("l")
        elif 0xD800 <= cp <= 0xDFFF or cp < 0x80:
            out.append("x")
        else:
            try:
                two = len(ch.encode("gbk")) == 2
            except UnicodeEncodeError:
                two = False
            out.append("o" if two else "x")
    return "".join(out)


_ASTRAL = re.compile("[^\x00-\x7f]")


def _signal(text: str, lex: Lexicon) -> str:
    """The class letters of ``text``, Han split into W (inside a word) and u."""
    classes = text.translate(_class_table())
    if not classes.isascii():
        # Characters beyond U+FFFF (𠀀, emoji) are past the table and come through as
        # they are: no GBK character is there, so they are class x.
        classes = _ASTRAL.sub("x", classes)
    if len(text) < 2:
        return classes.replace("h", "u")
    hits = bytes(map(lex.pairs.__contains__, map(add, text, text[1:])))
    worded = bytes(map(or_, b"\0" + hits, hits + b"\0")).translate(_HIGH_BIT)
    return bytes(map(add, classes.encode("ascii"), worded)).translate(_WORDED).decode("ascii")


# A worded character gets 0x80 added to its class letter; _WORDED maps a worded Han
# character (h + 0x80) to W, an unworded one (h) to u, and every other class to itself.
_HIGH_BIT = bytes([0, 0x80] + [0] * 254)
_WORDED = bytes(
    ord("W") if b == ord("h") + 0x80 else ord("u") if b == ord("h") else b & 0x7F
    for b in range(256)
)


# ---------------------------------------------------------------- candidate stretches

# A run that bytes read out of step may have made, fenced by orphan bytes: ``?`` (with
# pinyin debris, class d) then anything but plain ASCII up to the next ``?`` (at most 80
# characters), holding at least one character that forms no word.  In the signal:
# ``q`` … ``q``.  Matches ``?!苯眨…导?`` (q a u u … u q); a clean question on a page
# with ASCII marks (``怎么办?怎么做?``) matches too, and is let go because its pairs are
# words.
_FENCED = re.compile(r"qd*(?=[Wuopamlr]*[uor])[Wuopamlr]{1,80}qd*")

# A stretch of characters that form no word: starts with u or o and ends with u, o or r,
# may hold marks and a worded pair here and there (chance hits: 瞎毯 is a word somewhere).
# Matches the signal of ``欢瞎毯头⒄股钇谩捕ㄍ沤岬恼尉置``; in clean prose such runs are
# short (``要把他的``) and are let go when their bytes read back as nothing.
_DENSE = re.compile(r"[uo](?:[uopamr]|W{1,2}(?=[uor]))*[uor]")

# A Latin-1 run: ``ÕþÐ­£¬`` (GBK bytes shown one per character; · is m, a Chinese mark
# and a Latin-1 sign), possibly broken by a space or two; ``Zoë`` and ``±5 °C`` hold
# single letters and are never candidates.
_LATIN = re.compile(r"l[lm]*l(?:x{1,2}l[lm]*l)*")

# A stretch must fail to be Chinese as received: at most this share of its adjacent Han
# pairs inside a word (clean clauses of real articles: 0.66 on average, 0.33 at the 1st
# percentile; garbled ones 0.01 on average).
_MAX_SHARE_AS_IS = 0.25
# A dense stretch needs this many characters that form no word.
_MIN_DENSE = 4
# The reading must be this much more likely than the span as received, in log10 per
# character of the span (:func:`.repair.text_score`), and likely enough in itself.
_MIN_GAIN = 0.5
_MIN_READING = -4.5


@dataclass(frozen=True, slots=True)
class Verdict:
    """A candidate stretch and what was decided about it (for :func:`find_garbled` and
    for looking into its decisions: benchmarks/bench_garbled.py --verbose)."""

    start: int
    end: int
    kind: Kind
    reading: Reading | None
    share: float
    """Share of the stretch's adjacent Han pairs inside a word, as received."""
    gain: float
    """log10 per character by which the reading is more likely than the span."""
    accepted: bool


def find_garbled(
    text: str, script: str = "zh-Hans", context: Callable[[], Context] | None = None
) -> list[Span]:
    """The garbled spans of one block of text, in order.

    ``context`` gives (when a repair is searched for) the article around the text: the
    search prefers words the article uses elsewhere (:func:`article_context`).
    """
    return [
        Span(v.start, v.end, v.reading.text, v.reading.confidence, v.kind)
        for v in judge(text, script, context)
        if v.accepted and v.reading is not None
    ]


def judge(
    text: str, script: str = "zh-Hans", context: Callable[[], Context] | None = None
) -> list[Verdict]:
    """Every candidate stretch of ``text`` with its verdict, in order."""
    if len(text) < 2 or not _trigger(script).search(text):
        return []  # no rare or odd character, no ``?``: nothing to look at (most text)
    lex = lexicon()
    signal = _signal(text, lex)
    if "?" in text and ")" in text:
        for m in _DEBRIS.finditer(text):
            # The debris after an orphan (``?zé)``) is class d, part of the span.
            signal = signal[: m.start()] + "d" * (m.end() - m.start()) + signal[m.end() :]
    ctx = context or _no_context
    verdicts: list[Verdict] = []

    def taken(start: int, end: int) -> bool:
        return any(v.accepted and v.start < end and start < v.end for v in verdicts)

    for m in _LATIN.finditer(signal):
        verdicts.append(_latin1(text, m.start(), m.end()))
    for m in _FENCED.finditer(signal):
        if not taken(m.start(), m.end()):
            verdicts.extend(_gbk_family(text, m.start(), m.end(), lex, signal, ctx, fenced=True))
    for m in _DENSE.finditer(signal):
        start, end = m.start(), m.end()
        core = signal[start:end]
        if core.count("u") + core.count("o") + core.count("r") < _MIN_DENSE or taken(start, end):
            continue
        if script == "zh-Hant" and not _rare_dense(text[start:end], script):
            continue  # the lexicon is simplified: traditional prose forms few of its words
        start, end = _fence(text, signal, start, end)
        if not taken(start, end):
            verdicts.extend(_gbk_family(text, start, end, lex, signal, ctx, fenced=False))
    verdicts.sort(key=lambda v: v.start)
    return verdicts


@lru_cache(maxsize=2)
def _trigger(script: str) -> re.Pattern[str]:
    """Anything that garbled text shows: a rare Han character (rare in ``script``), an odd
    character (kana, ⒄, full-width letters), ``?``, two Latin-1 letters in a row (one is
    pinyin: 政協(xié)), U+FFFD.  A garbled
    run of six characters lacks all of them about one time in seventy (every character
    common: 0.49 each)."""
    rare = rare_re(script).pattern[1:-1]
    return re.compile(
        f"[{rare}?\ufffd{_CP1252}\u2460-\u24ff\u3100-\u312f]|[\u00a0-\u00ff]{{2}}"
    )


def _fence(text: str, signal: str, start: int, end: int) -> tuple[int, int]:
    """Take in an orphan ``?`` just outside a stretch (with an ASCII mark after it on the
    left: ``?!``, ``?;``; with pinyin debris after it)."""
    if start >= 2 and text[start - 1] in "!;:," and text[start - 2] == "?":
        start -= 2
    elif start >= 1 and text[start - 1] == "?":
        start -= 1
    if end < len(text) and text[end] == "?":
        end += 1
        while end < len(text) and signal[end] == "d":
            end += 1
    return start, end


# The tail of a pinyin annotation whose ``(`` was eaten by the misaligned decode, glued
# to an orphan byte: ``?zé)``, ``?qiáng)`` (sample 002).  Not ``?(注)``.
_DEBRIS = re.compile(r"(?<=\?)[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")


def _rare_dense(run: str, script: str) -> bool:
    common = common_for(script)
    han = [c for c in run if _is_han(c)]
    return len(han) >= 3 and sum(1 for c in han if c not in common) / len(han) >= 0.4


def _share_as_is(text: str, lex: Lexicon) -> float:
    """Share of adjacent Han pairs of ``text`` that sit inside a word (0 without any)."""
    pairs = [a + b for a, b in zip(text, text[1:]) if _is_han(a) and _is_han(b)]
    if not pairs:
        return 0.0
    return sum(map(lex.pairs.__contains__, pairs)) / len(pairs)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _gbk_family(
    text: str,
    start: int,
    end: int,
    lex: Lexicon,
    signal: str,
    context: Callable[[], Context],
    *,
    fenced: bool,
) -> list[Verdict]:
    """Judge a candidate: UTF-8 read as GBK, GBK out of step, or clean."""
    run = text[start:end]
    core = strip_debris(run)
    share = _share_as_is(core, lex)
    if share > _MAX_SHARE_AS_IS:
        return [Verdict(start, end, "gbk-out-of-step", None, share, 0.0, False)]
    utf8 = _utf8(text, start, end, context)
    if utf8 is not None and utf8.accepted:
        return [utf8]
    if not fenced and not _realigns(run, lex):
        return [Verdict(start, end, "gbk-out-of-step", None, share, 0.0, False)]
    before = text[max(0, start - 12) : start]
    after = _after(text, end)
    ctx = context().without(run)
    reading = reread_out_of_step(run, before, after, ctx)
    if reading is None:
        return [Verdict(start, end, "gbk-out-of-step", None, share, 0.0, False)]
    shown = core.replace("?", "")
    as_is = text_score(shown, before[-1:], after, ctx)
    n = max(1, len(shown) + (after != ""))
    gain = (reading.score - as_is) / n
    # Fenced on both sides (``?…?``), a run may be too short to keep a character whole
    # (``?鞫魑?`` is 主动作为 with four bytes lost); unfenced, one must survive.
    whole = fenced and core.startswith("?") and core.endswith("?")
    accepted = (
        gain >= _MIN_GAIN and reading.score / n >= _MIN_READING and (whole or reading.certain >= 1)
    )
    if not accepted and whole:
        # A fenced run of a few pairs, too short for the lexicon to judge (``?zé)岢保鰪
        # ?qiáng)``, sample 002, whose characters are mostly outside GB2312): taken on
        # rarity and fences, with the plain re-alignment as a guarded suggestion.
        plain = _short_realigned(run, signal[start:end])
        if plain is not None:
            return [Verdict(start, end, "gbk-out-of-step", plain, share, gain, True)]
    return [Verdict(start, end, "gbk-out-of-step", reading, share, gain, accepted)]


# A fenced run of at most this many surviving pairs may be judged on rarity.
_SHORT = 3


def _short_realigned(run: str, signal: str) -> Reading | None:
    """The plain re-alignment of a short fenced run holding a rare or odd character,
    when at least half of what it reads is common characters; ``None`` otherwise."""
    common = common_for("zh-Hans")
    if not any(c == "o" or c == "u" and ch not in common for c, ch in zip(signal, run)):
        return None
    _, pairs, _ = span_bytes(strip_debris(run))
    if not 2 <= len(pairs) <= _SHORT:
        return None
    read = [MISSING]  # the first character lost its lead byte
    for (_, lead), (trail, _) in zip(pairs, pairs[1:]):
        try:
            ch = bytes((lead, trail)).decode("gbk")
        except UnicodeDecodeError:
            ch = MISSING
        read.append(ch if ch in common else MISSING)
    read.append(MISSING)  # the last lost its trail byte
    good = len(read) - read.count(MISSING)
    if not good or good * 2 < len(read) - 2:
        return None
    text = "".join(read)
    return Reading(text=text, confidence=round(0.5 * good / len(read), 2), support=0.0, certain=good, sure=text.replace(MISSING, ""))


def _realigns(run: str, lex: Lexicon) -> bool:
    """A quick look before the search, for a stretch without ``?`` fences: its surviving
    pairs read one byte over, as if no pair had been dropped.  Text that really was out
    of step reads as words here and there (most pairs survive); clean text with rare
    names (引企入桂) reads as nothing."""
    _, pairs, _ = span_bytes(strip_debris(run))
    chars = []
    for (_, lead), (trail, _) in zip(pairs, pairs[1:]):
        try:
            chars.append(bytes((lead, trail)).decode("gbk"))
        except UnicodeDecodeError:
            chars.append(" ")
    read = "".join(chars)
    hits = sum(map(lex.pairs.__contains__, map(add, read, read[1:])))
    return hits >= 1 and hits >= 0.15 * (len(read) - 1)


def _after(text: str, end: int) -> str:
    """The clean character after a span, an ASCII mark taken as the full-width one the
    page replaced."""
    ch = text[end : end + 1]
    return {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}.get(ch, ch)


def _utf8(
    text: str, start: int, end: int, context: Callable[[], Context]
) -> Verdict | None:
    """The UTF-8 reading of a candidate, with its exact edges: the longest stretch whose
    GBK bytes are UTF-8, widened to the left as long as they still are."""
    best: tuple[int, int] | None = None
    i = start
    reach = min(len(text), end + _UTF8_REACH)
    while i < end:
        j = _utf8_run(text, i, reach)
        if j - i >= 2 and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = max(j, i + 1)
    if best is None:
        return None
    s, e = best
    for k in range(s - 1, max(-1, s - 80), -1):
        if _utf8_run(text, k, min(len(text), e + 2)) >= e:
            s = k
    reading = reread_utf8(text[s:e], context().without(text[s:e]))
    if reading is None:
        return None
    return Verdict(s, e, "utf8-as-gbk", reading, 0.0, 0.0, _reads_as_chinese(reading, e - s))


def _reads_as_chinese(reading: Reading, n: int) -> bool:
    """A whole-span reading (UTF-8, Latin-1) is taken when it holds two Han characters
    or more and is as likely as Chinese prose as a reading of out-of-step bytes must be."""
    han = sum(1 for c in reading.text if _is_han(c))
    return han >= 2 and reading.score / max(1, len(reading.text)) >= _MIN_READING


_UTF8_REACH = 80
"""How far past a candidate a UTF-8 stretch is followed (characters)."""


def _utf8_run(text: str, i: int, stop: int) -> int:
    """The end of the stretch from ``i`` whose GBK bytes are UTF-8 (U+FFFD standing for a
    byte the decoder gave up on), looked at up to ``stop`` (so that a long block of
    clean two-byte text is not encoded again for every character of a candidate); ``i``
    when it holds fewer than two sequences."""
    data: list[int | None] = []
    ends: list[int] = []  # byte offset after each character
    for k in range(i, stop):
        ch = text[k]
        if ch == "\ufffd":
            data.append(None)
        else:
            try:
                b = ch.encode("gbk")
            except UnicodeEncodeError:
                break
            if len(b) != 2:
                break
            data.extend(b)
        ends.append(len(data))
    pos = 0
    sequences = 0
    while pos < len(data):
        lead = data[pos]
        # Chinese in UTF-8 is three bytes a character: E2 for “”…—, E3 for 、。《》,
        # E4–E9 for Han, EF for ，（）：.  (Clean GBK text often holds two-byte lookalikes.)
        if lead is not None and not (0xE2 <= lead <= 0xE9 or lead == 0xEF):
            break
        size = 3
        tail = data[pos + 1 : pos + size]
        if any(b is not None and not 0x80 <= b <= 0xBF for b in tail):
            break
        pos = min(len(data), pos + size)
        sequences += 1
    if sequences < 2:
        return i
    # Every character that starts inside the good sequences (the last may straddle).
    return i + sum(1 for k, e in enumerate(ends) if (ends[k - 1] if k else 0) < pos)


def _latin1(text: str, start: int, end: int) -> Verdict:
    reading = reread_latin1(text[start:end])
    if reading is None:
        return Verdict(start, end, "gbk-as-latin1", None, 0.0, 0.0, False)
    return Verdict(start, end, "gbk-as-latin1", reading, 0.0, 0.0, _reads_as_chinese(reading, end - start))


def _no_context() -> Context:
    return NO_CONTEXT


_HAN_RUN = re.compile(f"[{HAN}]{{2,}}")


def article_context(texts: Iterable[str]) -> Context:
    """The repair's context: the Han text of ``texts`` (an article)."""
    return Context(text="\n".join(run for text in texts for run in _HAN_RUN.findall(text)))
