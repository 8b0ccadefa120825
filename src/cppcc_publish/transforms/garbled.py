"""Find garbled spans: GBK bytes decoded one byte out of step.

When a web page loses one byte of GBK text, every following pair of bytes is read across
two characters: ``。”近日，石嘴山市政协主席张宏伟结合工作实际`` comes out as
``?!苯眨焐绞姓飨藕晡敖岷瞎ぷ魇导?``.  Such a run is full of characters that clean Chinese
text rarely uses (焐 飨 晡 岷 魇), kana (ぷ) and full-width letters, and it is often
bounded by ``?`` where an orphan byte was replaced.  Re-encoding the run and reading its
bytes one step over gives most of the lost text back (``…宏伟结合工作实…``).

A span is flagged only when both hold: the run is dense with rare characters, *and*
re-aligning its bytes turns it into common text.  Names written with rare characters
(黄筱珂) pass the first test and fail the second, so clean text raises no flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..charsets import HAN, PINYIN_LETTERS, common_any, common_for, rare_re

# The characters a garbled run is made of: Han, kana, full-width forms and symbols from the
# GBK symbol rows; ``?`` stands for an orphan byte.
_RUN_CHAR = re.compile(
    f"[{HAN}\u3040-\u30ff\u0370-\u04ff\u2500-\u257f\u3100-\u312f\uff21-\uff3a\uff41-\uff5a?]"
)

# Debris that sticks to the edges of a span: an orphan ``?`` followed by ASCII marks
# that were full-width before the page's own clean-up (``?!``, ``?;``), or the tail of a
# pinyin annotation whose ``(`` was eaten by the misaligned decode (``?zé)``, ``?qiáng)``).
_LEFT_DEBRIS = re.compile(rf"\?(?:[!;:]|[{PINYIN_LETTERS}]{{1,6}}\))?$")
_RIGHT_DEBRIS = re.compile(rf"\?(?:[{PINYIN_LETTERS}]{{1,6}}\))?")

# Full-width marks of GBK row A3 that a page may have turned into ASCII.
_ASCII_TO_GBK = {"!": b"\xa3\xa1", ";": b"\xa3\xbb", ":": b"\xa3\xba", ",": b"\xa3\xac"}

# An unknown lead byte followed by a known trail byte: the common mark with that trail.
_GUESS_BY_TRAIL = {
    0xA3: "。",
    0xA2: "、",
    0xB0: "“",
    0xB1: "”",
    0xAC: "，",
    0xBA: "：",
    0xBB: "；",
    0xBF: "？",
    0xA1: "！",
}

MISSING = "□"
"""The 虚缺号 of GB/T 15834: a character that could not be recovered."""

_DEBRIS_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz()āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü")

_GOOD_MARKS = frozenset("，。、；：？！“”‘’（）《》…—")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    suggestion: str


def _encode(ch: str) -> bytes | None:
    if ch in _ASCII_TO_GBK:
        return _ASCII_TO_GBK[ch]
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return b if len(b) == 2 else None


def _realign(text: str) -> tuple[str, int, int]:
    """Read the bytes of ``text`` one step over.

    Returns the repaired text (``□`` for what cannot be recovered), the number of
    recovered characters that are common, and the number of recovered characters.
    """
    common = common_any()
    data: list[int | None] = []
    for ch in text:
        if ch == "?":
            data.append(None)
            continue
        if ch in _DEBRIS_CHARS:
            continue  # pinyin debris carries no bytes of the lost text
        b = _encode(ch)
        if b is None:
            continue
        data.extend(b)
    if data and data[0] is not None:
        data = data[1:]  # a dangling trail byte of a character before the span
    out: list[str] = []
    good = total = 0
    for i in range(0, len(data), 2):
        lead = data[i]
        trail = data[i + 1] if i + 1 < len(data) else None
        if lead is None or trail is None:
            guess = _GUESS_BY_TRAIL.get(trail) if lead is None and trail is not None else None
            out.append(guess or MISSING)
            continue
        try:
            ch = bytes((lead, trail)).decode("gbk")
        except UnicodeDecodeError:
            out.append(MISSING)
            continue
        total += 1
        if ch in common or ch in _GOOD_MARKS:
            good += 1
            out.append(ch)
        else:
            out.append(MISSING)
    return "".join(out), good, total


# A short run between two orphan bytes: ``?!闭藕晡八?`` (。”张宏伟说).
_FENCED = re.compile(rf"(?<=\?)[!;:]?([{HAN}]{{2,12}})(?=\?)")


def find_garbled(text: str, script: str) -> list[Span]:
    """The garbled spans of one block of text, in order."""
    rare = rare_re(script)
    hits = [m.start() for m in rare.finditer(text)]
    spans = _dense_runs(text, script, hits) if len(hits) >= 2 else []
    if "?" in text:
        spans = _fenced_runs(text, spans)
    return spans


def _fenced_runs(text: str, spans: list[Span]) -> list[Span]:
    """Short runs fenced by orphan bytes on both sides, which hold too few rare characters
    for :func:`_dense_runs` but whose bytes, re-aligned, read as common text."""
    out = list(spans)
    for m in _FENCED.finditer(text):
        start, end = m.start() - 1, m.end() + 1
        if any(s.start < end and start < s.end for s in out):
            continue
        suggestion, good, total = _realign(text[start:end])
        if total >= 2 and good / total >= 0.75:
            out.append(Span(start, end, suggestion))
    return sorted(out, key=lambda s: s.start)


def _dense_runs(text: str, script: str, hits: list[int]) -> list[Span]:
    rare = rare_re(script)
    common = common_for(script)
    spans: list[Span] = []
    # Group rare characters that stand close together.
    groups: list[list[int]] = [[hits[0]]]
    for pos in hits[1:]:
        if pos - groups[-1][-1] <= 6:
            groups[-1].append(pos)
        else:
            groups.append([pos])
    for group in groups:
        if len(group) < 2:
            continue
        start, end = group[0], group[-1] + 1
        # Grow over the run the group sits in.
        while start > 0 and _RUN_CHAR.match(text[start - 1]) and text[start - 1] != "?":
            start -= 1
        while end < len(text) and _RUN_CHAR.match(text[end]) and text[end] != "?":
            end += 1
        if spans and start < spans[-1].end:
            continue
        core = text[start:end]
        han = [c for c in core if c != "?"]
        if len(han) < 3:
            continue
        rare_count = sum(1 for c in han if rare.match(c))
        orig_common = sum(1 for c in han if c in common)
        left = _LEFT_DEBRIS.search(text, 0, start)
        right = _RIGHT_DEBRIS.match(text, end)
        bounds = (left is not None) + (right is not None)
        # A run with an orphan byte at an edge needs less evidence than a bare run, which
        # must be long enough not to be a real word written with rare characters (砥砺).
        if rare_count < 2 or rare_count / len(han) < (0.25 if bounds else 0.4):
            continue
        if not bounds and len(han) < 6:
            continue
        if left:
            start = left.start()
        if right:
            end = right.end()
        suggestion, good, total = _realign(text[start:end])
        if total == 0:
            continue
        if bounds == 2:
            # Fenced by orphan bytes on both sides: half the re-aligned text reading as
            # common characters is enough (``?zé)岢保鰪?qiáng)`` gives 潮).
            if good / total < 0.5:
                continue
        elif good / total < 0.6 or good / total - orig_common / len(han) < 0.2:
            continue
        spans.append(Span(start, end, suggestion))
    return spans
