"""Chinese line breaking: GB-style prohibitions, punctuation compression, justification.

This is the typesetter's work that reportlab's ``wordWrap='CJK'`` gets wrong
(typesetting.md §7): its splitter starts lines with ``，；：？！”》``, ends them with
``“（《``, hangs ``、。）`` a full em outside the measure and splits ``——`` and ``……``.
The rules followed here are those of W3C clreq (§2 of typesetting.md) at the
"GB-style" level plus the "strict" additions for ``——`` and ``……``:

* 行首禁则 — no line starts with a 点号 or a closing mark (:data:`NOT_START`);
* 行尾禁则 — no line ends with an opening mark (:data:`NOT_END`);
* 符号分离禁则 — ``——`` and ``……`` are never split and never start a line; a Latin word
  or a number is never split, and a number stays with the unit after it (``45项``,
  ``5.2%``, ``￥30``);
* 先挤进，后推出 — fit by compressing punctuation first (two adjacent full-width marks take
  1.5 em, a full-width mark at the end of a line takes half an em), then push a
  character down to the next line and spread the line evenly;
* nothing hangs outside the measure; lines are justified (the spare space goes between
  characters, never inside a Latin word); the last line of a paragraph never holds a
  single character (孤字).

The breaker knows nothing about PDF: it asks a :class:`Shaper` for the face and advance of
each character and returns :class:`Line` objects made of :class:`Run` s of glyphs with
positions, which a writer draws (one PDF text run per :class:`Run`, its ``spacing`` being
the PDF ``Tc`` character spacing: :mod:`.pdftext`) and tests check by sweeping the width.
A line that its paragraph continues ends on the measure, its last glyph's box whole
(tests/test_justified.py measures that in the PDFs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

Align = Literal["justify", "left", "center", "right"]

# --------------------------------------------------------------------------- character sets

NOT_START = frozenset(
    # 点号: full stops, commas, enumeration comma, colon, semicolon, ! and ?  (。，、：；！？)
    "。．，、：；！？‼⁇⁈⁉"
    # closing quotes, brackets and book-title marks (”’）》〉】〗〕］｝」』﹞)
    "”’）》〉】〗〕］｝」』﹞"
    # 连接号 (一字线 — in 2023—2024, 浪纹线 ～) and hyphens
    "—～‐–－"
    # 间隔号 (卡尔·马克思)
    "·・‧"
    # 分隔号
    "／/"
    # strict: 破折号 and 省略号 (the second half of —— and …… is covered by — and …)
    "⸺⸻…⋯"
    # ASCII marks inside Chinese runs, and weak marks that follow a number (5.2% 30℃ 45°)
    ")]},.:;!?%"
    "％‰℃°′″々〻"
)
"""Characters that may not begin a line (行首禁则): ``，还有`` ``”规划`` ``……这`` never start one."""

NOT_END = frozenset(
    # opening quotes, brackets and book-title marks (“‘（《〈【〖〔［｛「『﹝)
    "“‘（《〈【〖〔［｛「『﹝"
    "([{"
    # 分隔号 (GB-style): neither start nor end a line
    "／/"
    # prefix symbols that stay with the number after them (￥30, $5, №3, §2)
    "￥＄$£€#№§"
)
"""Characters that may not end a line (行尾禁则): a line never ends with ``《`` or ``“``."""

DASH_ELLIPSIS = frozenset("—⸺⸻…⋯")
"""Marks that are centred, never compressed and never split (``——``, ``……``)."""

IGNORABLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\ufe00\ufe01\ufe02\ufe03\ufe04"
                      "\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f")
"""Invisible characters dropped before breaking: soft hyphen, zero-width (non-)joiners and
spaces, BOM, variation selectors (an emoji's U+FE0F must not become a second 〓)."""

_CONTROL_SPACES = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")
"""Line and tab controls inside a paragraph: set as ordinary spaces, never as glyphs."""

# Any character _prepare must drop or turn into a space.
_CLEAN_RE = re.compile("[" + re.escape("".join(sorted(IGNORABLE | _CONTROL_SPACES))) + "]")

# Character kinds.
IDEO = 0  # Han, kana, and other full-width symbols: a break is allowed on either side
WORD = 1  # Latin, Greek, Cyrillic letters and digits: part of an unbreakable word
SPACE = 2  # U+0020 and U+3000: a break after it, dropped at either end of a line
PUNCT = 3  # CJK punctuation: breaks governed by NOT_START / NOT_END
OTHER = 4  # ASCII punctuation and symbols; glued to a neighbouring word

_CJK_PUNCT = frozenset(
    "。．，、：；！？‼⁇⁈⁉”’）》〉】〗〕］｝」』﹞“‘（《〈【〖〔［｛「『﹝—～‐–－·・‧／⸺⸻…⋯"
    "％‰℃°′″￥＄№§〃〜〝〞〟"
)


@lru_cache(maxsize=4096)
def kind(ch: str) -> int:
    """The break class of ``ch``: :data:`IDEO`, :data:`WORD`, :data:`SPACE`, :data:`PUNCT`
    or :data:`OTHER`."""
    if ch == " " or ch == "\u3000":
        return SPACE
    if ch in _CJK_PUNCT:
        return PUNCT
    code = ord(ch)
    if code < 0x2E80:
        return WORD if ch.isalnum() else OTHER
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII forms: treat as one-em symbols
        return PUNCT if not ch.isalnum() else IDEO
    return IDEO


def is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


# --------------------------------------------------------------------------- the shaper seam


@dataclass(frozen=True, slots=True)
class Style:
    """How a span of text is set: a font role (``body``, ``heading``, ``kai`` …) and a size."""

    role: str
    size: float


@dataclass(frozen=True, slots=True)
class Shaped:
    """What a :class:`Shaper` says about a text: per character the character to draw
    (``〓`` for one no face has), the face that draws it, its advance in points, and where
    a full-width punctuation mark leaves its blank half (``0`` none or not full width,
    ``1`` the right half is blank — ``，。”）`` in a Simplified Chinese face —, ``2`` the
    left half — ``“（《``)."""

    chars: str
    faces: tuple[str, ...]
    advances: tuple[float, ...]
    blank: tuple[int, ...]
    halves: tuple[str, ...] = ()
    """Per character, the face holding its half-width form (``""`` if none): a mark
    compressed to half an em is drawn from it, so that no advance overlaps the next
    glyph in the PDF.  Empty: no face has half forms (the mark then overlaps)."""


class Shaper(Protocol):
    """Resolves characters to faces and advance widths (see :mod:`.fonts`)."""

    def shape(self, text: str, style: Style) -> Shaped: ...


# --------------------------------------------------------------------------- output


@dataclass(frozen=True, slots=True)
class Run:
    """Glyphs of one face and size drawn with one character spacing.

    The first glyph's origin is at ``x`` (points from the left edge of the measure); each
    next glyph starts its natural advance ``+ spacing`` after the previous one, as PDF's
    ``Tc`` operator does, and so does the next run.  ``end`` is where the last glyph's
    (possibly compressed) box ends.
    """

    text: str
    face: str
    size: float
    x: float
    spacing: float
    end: float
    advance: float = 0.0
    """How far the PDF text position moves drawing the run (advances + spacing each):
    the next run of the line starts exactly there."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a paragraph, ready to draw at any vertical position."""

    runs: tuple[Run, ...]
    width: float
    """The measure the line was set to."""
    last: bool
    """Whether this is the paragraph's last line (set ragged, not justified)."""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def left(self) -> float:
        return self.runs[0].x if self.runs else 0.0

    @property
    def right(self) -> float:
        return max((r.end for r in self.runs), default=0.0)


# --------------------------------------------------------------------------- breaking

_EPS = 1e-6


@dataclass(slots=True)
class _Para:
    """A paragraph as parallel arrays, one entry per character."""

    chars: list[str]
    faces: list[str]
    sizes: list[float]
    adv: list[float]  # natural advance
    width: list[float]  # advance as set mid-line: tracking added, pair compression removed
    end_cut: list[float]  # what the glyph loses when it ends a line (its tracking, half an em, all of a space)
    half_end: list[bool]  # ending a line, the glyph is set at half width (drawn from the half face)
    shift: list[float]  # origin moved left by this much (left half compressed away)
    lead: list[float]  # Han–Latin space before the glyph (not at a line start)
    kinds: list[int]
    can_break: list[bool]  # a break is allowed after this glyph
    stretch: list[bool]  # the gap after this glyph takes justification space
    units: list[int]  # 1 for a glyph that counts as a character for the orphan rule
    halves: list[str]  # face of the half-width form ("" if none)
    compressed: list[bool]  # set at half width mid-line (a pair of marks)


def _prepare(
    spans: Sequence[tuple[str, Style]],
    shaper: Shaper,
    *,
    tracking: float,
    latin_space: float,
) -> _Para:
    chars: list[str] = []
    faces: list[str] = []
    sizes: list[float] = []
    adv: list[float] = []
    blank: list[int] = []
    halves: list[str] = []
    for text, style in spans:
        if _CLEAN_RE.search(text):
            text = "".join(" " if c in _CONTROL_SPACES else c for c in text if c not in IGNORABLE)
        if not text:
            continue
        shaped = shaper.shape(text, style)
        chars.extend(shaped.chars)
        faces.extend(shaped.faces)
        sizes.extend([style.size] * len(shaped.chars))
        adv.extend(shaped.advances)
        blank.extend(shaped.blank)
        halves.extend(shaped.halves or ("",) * len(shaped.chars))
    n = len(chars)
    kinds = [kind(c) for c in chars]
    width = [a + tracking for a in adv]
    shift = [0.0] * n
    comp_r = [False] * n
    # Adjacent full-width marks: 2 em → 1.5 em, compressing toward the text they bracket
    # (。” → the full stop loses its blank right half; 《“ → the quote its blank left half).
    for i in range(n - 1):
        if blank[i] and blank[i + 1]:
            if blank[i] == 1 and not comp_r[i] and shift[i] == 0.0:
                half = sizes[i] / 2
                width[i] -= half
                comp_r[i] = True
            elif blank[i + 1] == 2:
                half = sizes[i + 1] / 2
                width[i + 1] -= half
                shift[i + 1] = half
    # What a glyph gives back when it ends a line: tracking is letter-spacing, set between
    # glyphs and not after the last (the 28th character of a GB/T 9704 line ends on the
    # measure, its box whole); a full-width mark takes half an em; a space vanishes.
    end_cut = [0.0] * n
    half_end = [False] * n
    for i in range(n):
        if kinds[i] == SPACE:
            end_cut[i] = width[i]
        else:
            end_cut[i] = tracking
            if blank[i] == 1 and not comp_r[i]:
                end_cut[i] += sizes[i] / 2
                half_end[i] = True
    lead = [0.0] * n
    if latin_space:
        # Only letters: dates and amounts (2024年3月5日, 45项) are set solid, as in GB/T 9704's
        # samples; a Latin word gets air (全市GDP增长 → 全市 GDP 增长).
        for i in range(1, n):
            k0, k1 = kinds[i - 1], kinds[i]
            if (k0 == IDEO and k1 == WORD and not is_digit(chars[i])) or (
                k0 == WORD and k1 == IDEO and not is_digit(chars[i - 1])
            ):
                lead[i] = latin_space * min(sizes[i - 1], sizes[i])
    can_break = [True] * n
    stretch = [True] * n
    units = [0] * n
    prev_word = False
    for i, k in enumerate(kinds):  # as units(): a Latin word or number counts once
        if k == IDEO or (k == WORD and not prev_word):
            units[i] = 1
        prev_word = k == WORD or (prev_word and k == OTHER)
    for i in range(n - 1):
        a, b = chars[i], chars[i + 1]
        ka, kb = kinds[i], kinds[i + 1]
        inside_word = (ka == WORD or ka == OTHER) and (kb == WORD or kb == OTHER)
        if inside_word:
            stretch[i] = False
        if kb == SPACE:
            ok = False  # break after the space, not before it
        elif ka == SPACE:
            ok = True
        elif b in NOT_START or a in NOT_END or inside_word:
            ok = False
        elif is_digit(a) and kb == IDEO:
            ok = False  # a number stays with its unit or measure word: 45项, 2024年
        else:
            ok = True
        can_break[i] = ok
    compressed = [comp_r[i] or shift[i] > 0.0 for i in range(n)]
    return _Para(chars, faces, sizes, adv, width, end_cut, half_end, shift, lead, kinds, can_break, stretch,
                 units, halves, compressed)


def _fit(p: _Para, start: int, avail: float, relax: int = 0) -> int:
    """The last glyph of the longest line from ``start`` that fits ``avail``; -1 if none.

    ``relax`` 1 allows breaking inside words and numbers (a URL longer than the line),
    ``relax`` 2 anywhere: emergency measures so that nothing overflows the measure.
    """
    n = len(p.chars)
    x = 0.0
    best = -1
    i = start
    width, lead, end_cut, can_break = p.width, p.lead, p.end_cut, p.can_break
    while i < n:
        # at a line start a glyph whose blank left half was compressed away gets it back
        gap = lead[i] if i > start else p.shift[i]
        if x + gap + width[i] - end_cut[i] > avail + _EPS:
            break
        x += gap + width[i]
        if i == n - 1 or can_break[i]:
            best = i
        elif relax == 1 and p.chars[i + 1] not in NOT_START and p.chars[i] not in NOT_END:
            best = i
        elif relax >= 2:
            best = i
        i += 1
    if i == n:
        return n - 1
    return best


def _natural(p: _Para, start: int, end: int) -> float:
    x = p.shift[start]
    for i in range(start, end + 1):
        x += (p.lead[i] if i > start else 0.0) + p.width[i]
    return x - p.end_cut[end]


def _skip_spaces(p: _Para, i: int) -> int:
    while i < len(p.chars) and p.kinds[i] == SPACE:
        i += 1
    return i


def _trim(p: _Para, start: int, end: int) -> int:
    while end > start and p.kinds[end] == SPACE:
        end -= 1
    return end


def _greedy(p: _Para, width: float, indent: float) -> list[tuple[int, int]]:
    n = len(p.chars)
    lines: list[tuple[int, int]] = []
    start = _skip_spaces(p, 0)
    while start < n:
        avail = width - (indent if not lines else 0.0)
        end = _fit(p, start, avail)
        if end < start:
            end = _fit(p, start, avail, relax=1)
        if end < start:
            end = _fit(p, start, avail, relax=2)
        if end < start:
            end = start  # one glyph wider than the measure: set it alone
        # a space that ends the line is not set: the line ends on the glyph before it, so
        # that the justification reaches the measure with a visible glyph
        lines.append((start, _trim(p, start, end)))
        start = _skip_spaces(p, end + 1)
    return lines


def _fix_orphan(p: _Para, lines: list[tuple[int, int]], width: float, indent: float) -> None:
    """Pull characters down so that the last line holds more than one character."""
    if len(lines) < 2:
        return
    s_last, e_last = lines[-1]
    if sum(p.units[s_last : e_last + 1]) > 1:
        return
    s_prev, e_prev = lines[-2]
    avail_last = width - (indent if len(lines) == 1 else 0.0)
    for k in range(e_prev - 1, s_prev, -1):
        if not p.can_break[k]:
            continue
        new_start = _skip_spaces(p, k + 1)
        if _natural(p, new_start, e_last) > avail_last + _EPS:
            return
        if sum(p.units[new_start : e_last + 1]) > 1:
            lines[-2] = (s_prev, _trim(p, s_prev, k))
            lines[-1] = (new_start, e_last)
            return


_PREFERRED_BREAK_AFTER = frozenset("，、：；。！？”’）》 \u3000")


def _balanced(p: _Para, width: float) -> list[tuple[int, int]]:
    """Lines of even length for a centred title: fewest lines, then least raggedness,
    preferring breaks at a space or after a comma (a title keeps its phrases whole,
    GB/T 9704 §7.3.1)."""
    n = len(p.chars)
    start0 = _skip_spaces(p, 0)
    if start0 >= n:
        return []
    breaks = [i for i in range(start0, n - 1) if p.can_break[i]] + [n - 1]
    # best[i] = (lines, cost, previous break) for a line ending at glyph i
    best: dict[int, tuple[int, float, int]] = {}
    starts = {-1: start0}
    for b in breaks:
        starts[b] = _skip_spaces(p, b + 1)
    for end in breaks:
        for prev in [-1, *[b for b in breaks if b < end]]:
            if prev != -1 and prev not in best:
                continue
            s = starts[prev]
            if s > end:
                continue
            e = _trim(p, s, end)
            w = _natural(p, s, e)
            if w > width + _EPS:
                continue
            lines_before, cost_before = (0, 0.0) if prev == -1 else best[prev][:2]
            penalty = 0.0
            if end != n - 1:
                penalty = 0.0 if p.chars[end] in _PREFERRED_BREAK_AFTER else (0.35 * width) ** 2
            cost = cost_before + (width - w) ** 2 + penalty
            cand = (lines_before + 1, cost, prev)
            if end not in best or cand[:2] < best[end][:2]:
                best[end] = cand
    if n - 1 not in best:
        return _greedy(p, width, 0.0)
    # raggedness is measured against the longest line, not the measure
    out: list[tuple[int, int]] = []
    end = n - 1
    while end != -1:
        prev = best[end][2]
        s = starts[prev]
        out.append((s, _trim(p, s, end)))
        end = prev
    out.reverse()
    return out


def _place(
    p: _Para, start: int, end: int, width: float, indent: float, align: Align, last: bool
) -> Line:
    avail = width - indent
    natural = _natural(p, start, end)
    spare = avail - natural
    extra = 0.0
    offset = indent
    stretch = p.stretch
    if align == "justify" and not last and spare > _EPS:
        gaps = sum(1 for i in range(start, end) if stretch[i])
        if not gaps and end > start:
            # nothing but one word that had to be broken (a long URL): letter-space it
            # rather than leave a continued line short
            stretch = [True] * len(p.chars)
            gaps = end - start
        if gaps:
            extra = spare / gaps
    elif align == "center":
        offset += max(spare, 0.0) / 2
    elif align == "right":
        offset += max(spare, 0.0)
    # Origins and box ends of the glyphs, then each glyph's trailing spacing: the distance
    # from the end of its natural advance to the next origin (justification, Han–Latin
    # space, compression, tracking).  A run groups glyphs of one face and size with the
    # same trailing spacing, so that PDF's Tc carries it and the text position after a
    # run is where the next run starts: no glyph's advance overlaps the next glyph, and
    # text extraction (poppler, pypdf) sees one continuous line.
    chars, sizes = p.chars, p.sizes
    faces: list[str] = []
    adv: list[float] = []
    origins: list[float] = []
    ends: list[float] = []
    pen = offset
    for i in range(start, end + 1):
        if i > start:
            pen += p.lead[i]
            if stretch[i - 1]:
                pen += extra
        else:
            pen += p.shift[i]  # a mark compressed on the left gets its half back at a line start
        cut = p.end_cut[i] if i == end else 0.0
        half_face = p.halves[i]
        if half_face and p.kinds[i] != SPACE and (
            (p.compressed[i] and not (i == start and p.shift[i] > 0.0)) or (i == end and p.half_end[i])
        ):
            # drawn from the half-width form: its advance is the half em it takes
            faces.append(half_face)
            adv.append(sizes[i] / 2)
            origins.append(pen)
        else:
            faces.append(p.faces[i])
            adv.append(p.adv[i])
            origins.append(pen - p.shift[i])
        ends.append(pen + p.width[i] - cut)
        pen += p.width[i]
    count = end - start + 1
    trailing = [origins[k + 1] - origins[k] - adv[k] for k in range(count - 1)]
    # the last glyph's trailing spacing is free: take its neighbour's, to keep one run
    trailing.append(trailing[-1] if count > 1 and faces[-1] == faces[-2] else 0.0)
    runs: list[Run] = []
    k = 0
    while k < count:
        j = k + 1
        while (
            j < count
            and faces[j] == faces[k]
            and sizes[start + j] == sizes[start + k]
            and abs(trailing[j] - trailing[k]) < 1e-4
        ):
            j += 1
        text = "".join(chars[start + k : start + j])
        # Glyphs whose spacings differ by less than 1e-4 pt share one Tc: the mean of
        # theirs, so that the run still ends exactly where the next one starts.
        n = j - k
        if j < count:
            spacing = (origins[j] - origins[k] - sum(adv[k:j])) / n
        elif n > 1:
            spacing = (origins[j - 1] - origins[k] - sum(adv[k : j - 1])) / (n - 1)
        else:
            spacing = trailing[k]
        advance = sum(adv[k:j]) + n * spacing
        runs.append(Run(text, faces[k], sizes[start + k], origins[k], spacing, ends[j - 1], advance))
        k = j
    return Line(tuple(runs), width, last)


def break_lines(
    spans: Sequence[tuple[str, Style]],
    shaper: Shaper,
    width: float,
    *,
    indent: float = 0.0,
    align: Align = "justify",
    tracking: float = 0.0,
    latin_space: float = 0.0,
    balance: bool = False,
) -> list[Line]:
    """Break a paragraph made of styled spans into lines of ``width`` points.

    ``indent`` is the first line's indent (2 em for body text), ``tracking`` is added to
    every advance (GB/T 9704 fits 28 characters of 16 pt into 156 mm with −0.21 pt),
    ``latin_space`` the space between Han and Latin letters in ems (clreq allows up to
    ¼ em; digits are set solid), ``balance`` sets a centred title in lines of even length.
    """
    p = _prepare(spans, shaper, tracking=tracking, latin_space=latin_space)
    if not p.chars:
        return []
    if balance and indent == 0.0 and len(p.chars) <= 200:
        spans_ = _balanced(p, width)
    else:
        spans_ = _greedy(p, width, indent)
        _fix_orphan(p, spans_, width, indent)
    out: list[Line] = []
    for k, (s, e) in enumerate(spans_):
        out.append(_place(p, s, e, width, indent if k == 0 else 0.0, align, k == len(spans_) - 1))
    return out


def violations(lines: Sequence[Line]) -> list[str]:
    """Every broken rule in ``lines`` (for tests and ``--check``): a prohibited line start
    or end, a split ``——``/``……``/word/number, a glyph outside the measure, an orphan."""
    out: list[str] = []
    texts = [ln.text for ln in lines]
    for k, ln in enumerate(lines):
        t = texts[k]
        if not t:
            continue
        if k > 0 and t[0] in NOT_START:
            out.append(f"line {k + 1} starts with {t[0]!r}: {t[:12]!r}")
        if not ln.last and t[-1] in NOT_END:
            out.append(f"line {k + 1} ends with {t[-1]!r}: {t[-12:]!r}")
        if k > 0:
            prev = texts[k - 1]
            if prev and (prev[-1] in DASH_ELLIPSIS and t[0] in DASH_ELLIPSIS):
                out.append(f"line {k + 1}: a dash or ellipsis split across lines")
            if prev and kind(prev[-1]) == WORD and kind(t[0]) == WORD:
                out.append(f"line {k + 1}: a word or number split: {prev[-6:]!r}|{t[:6]!r}")
            if prev and is_digit(prev[-1]) and kind(t[0]) == IDEO:
                out.append(f"line {k + 1}: a number parted from its unit: {prev[-6:]!r}|{t[:6]!r}")
        if ln.left < -_EPS * 1000 or ln.right > ln.width + 1e-3:
            out.append(f"line {k + 1} leaves the measure: {ln.left:.2f}..{ln.right:.2f} of {ln.width:.2f}")
    if len(lines) > 1 and units(texts[-1]) <= 1:
        out.append(f"last line is an orphan: {texts[-1]!r}")
    return out


def units(text: str) -> int:
    """Characters that count for the orphan rule: Han (and other ideographs) one each, a
    Latin word or a number one in all, punctuation and spaces nothing."""
    count = 0
    prev_word = False
    for ch in text:
        k = kind(ch)
        if k == IDEO:
            count += 1
        elif k == WORD and not prev_word:
            count += 1
        prev_word = k == WORD or (prev_word and k == OTHER)
    return count
