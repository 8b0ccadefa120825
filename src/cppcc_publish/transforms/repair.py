"""Read the bytes of a garbled span back the way they were meant.

Three kinds of damage, each with its own reading:

GBK bytes read one byte out of step (:func:`reread_out_of_step`)
    ``。”近日，石嘴山市政协`` is ``A1A3 A1B1 BDFC C8D5 A3AC CAAF D7EC C9BD CAD0 D5FE D0AD``
    in GBK.  Read from its second byte, every character takes the trail byte of one
    character and the lead byte of the next: ``A3A1`` is ``！``, ``B1BD`` is ``苯``.  A pair
    that is no GBK character (``FCC8``: ``FC`` is the trail of 近) is dropped by the page,
    and with it the trail of one character and the lead of the next; the first and last
    bytes are orphans shown as ``?``.  What comes out is ``?!苯眨焐绞姓飨…``: the damage
    of sample 001.

    Re-aligning the bytes gives every character whose two bytes survived.  Where a pair
    was dropped, two characters each lost one byte, and the number of dropped pairs is
    not known: the search tries none, one or two dropped pairs between every two
    surviving ones, every character whose known byte fits, and keeps the reading the
    lexicon scores best (a character-bigram model, :meth:`Lexicon.score
    <cppcc_publish.lexicon.Lexicon.score>`).  A guessed character is shown only when it
    forms a word with a neighbour (近日, 石嘴山); otherwise it stays ``□``.

UTF-8 read as GBK (:func:`reread_utf8`)
    ``政协`` is ``E6 94 BF E5 8D 8F`` in UTF-8, which GBK reads as ``鏀垮崗``.  Encoding the
    span in GBK and decoding the bytes as UTF-8 gives the text back.

GBK read as Latin-1 (:func:`reread_latin1`)
    The same bytes shown one per character: ``ÕþÐ­`` is ``D5 FE D0 AD``, 政协.

Each reading carries a *confidence*: the expected share of its characters that are right,
estimated from how each character was obtained (two surviving bytes, one byte and the
lexicon, or nothing) and whether the lexicon finds it inside a word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import add

from ..charsets import PINYIN_LETTERS
from ..lexicon import Lexicon, lexicon

MISSING = "□"
"""The 虚缺号 of GB/T 15834: a character that could not be recovered."""

# Chinese marks and log10 of how often each follows a character in prose (，is about one
# character in 16).  A mark in a reading is scored by these, a Han character by the
# lexicon, anything else (kana, Greek, box drawing, full-width letters) as very unlikely.
_MARKS = {
    "，": -1.2, "。": -1.5, "、": -1.9, "“": -2.1, "”": -2.1, "：": -2.5, "；": -2.7,
    "（": -2.7, "）": -2.7, "《": -2.7, "》": -2.7, "？": -3.0, "！": -3.0,
    "—": -3.3, "…": -3.3, "·": -3.3, "‘": -3.3, "’": -3.3,
}
_SENTENCE_END = "。！？"
_CLOSERS = "”’）》"
_OPENERS = "“‘（《"
_OTHER = -8.0
_ASCII = -2.0
_MISSING_SCORE = -5.0


@dataclass(frozen=True, slots=True)
class Context:
    """The article around a span as a small bigram model of its own (a cache model): an
    article that names 石嘴山 or 政协 once names it again.  Counts of adjacent Han pairs,
    without those of the span itself."""

    pairs: Mapping[str, int]
    firsts: dict[str, int]
    """For a character, how many pairs of the article start with it."""
    following: dict[str, str]
    """For a character, the characters that follow it in the article."""

    @classmethod
    def of(cls, counts: Mapping[str, int], minus: str = "") -> Context:
        own: dict[str, int] = {}
        for pair in map(add, minus, minus[1:]):
            own[pair] = own.get(pair, 0) + 1
        pairs = {k: n - own.get(k, 0) for k, n in counts.items() if n > own.get(k, 0)}
        firsts: dict[str, int] = {}
        following: dict[str, str] = {}
        for pair, n in pairs.items():
            firsts[pair[0]] = firsts.get(pair[0], 0) + n
            following[pair[0]] = following.get(pair[0], "") + pair[1]
        return cls(pairs=pairs, firsts=firsts, following=following)


_NO_CONTEXT = Context(pairs={}, firsts={}, following={})

# How far the article's own pairs weigh against the lexicon after a character: with n
# pairs of the article starting with it, n / (n + _CACHE).  Sample 001 starts 33 pairs
# with 政, 23 of them 政协: 政协 then outweighs 政府, the lexicon's favourite.
_CACHE = 20
"""What an unknown character costs: about a rare character's unigram."""

_LEADS = range(0xA1, 0xF8)
_TRAILS = range(0xA1, 0xFF)
_WIDE_ASCII = {chr(c): bytes((0xA3, c + 0x80)) for c in range(0x21, 0x7F) if c != 0x3F}
"""Full-width forms (GBK row A3) that a page turned into ASCII: ``！`` → ``!``."""

# Per-character estimate that a character of a reading is right, by how it was obtained
# and whether the lexicon puts it inside a word with a neighbour (measured on the
# damaged corpus of the clean samples, benchmarks/bench_garbled.py).
_RIGHT = {
    (2, True): 0.98,   # both bytes survived, inside a word
    (2, False): 0.85,  # both bytes survived, a single-character word or a name
    (1, True): 0.75,   # one byte survived, the lexicon chose the other
    (0, True): 0.5,    # both bytes lost, the lexicon chose the character
}


@dataclass(frozen=True, slots=True)
class Reading:
    """A repair: the text read back and the expected share of it that is right."""

    text: str
    confidence: float
    support: float
    """The share of the reading's adjacent pairs that the lexicon finds inside a word,
    counting only characters read from two surviving bytes (the evidence that the bytes
    were really out of step)."""
    certain: int
    """Characters read from two surviving bytes."""
    sure: str = ""
    """Those characters, in order."""
    score: float = 0.0
    """log10 of how likely the reading is as Chinese prose (:func:`score`), with the
    clean characters beside it; compare :func:`text_score` of the span as received."""


@dataclass(frozen=True, slots=True)
class _Tables:
    char: dict[tuple[int, int], str]
    """Every GB2312 character by its (lead, trail) bytes."""
    by_lead: dict[int, tuple[tuple[int, str], ...]]
    by_trail: dict[int, tuple[tuple[int, str], ...]]
    undecodable: frozenset[tuple[int, int]]
    """(first, second) byte pairs that GBK cannot decode: a page drops them."""
    drop_trails: tuple[int, ...]
    """Trail bytes after which a dropped pair is possible (AA–AF, F8–FE, a few more)."""


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    char: dict[tuple[int, int], str] = {}
    undecodable: set[tuple[int, int]] = set()
    for a in _TRAILS:
        for b in _TRAILS:
            try:
                ch = bytes((a, b)).decode("gbk")
            except UnicodeDecodeError:
                undecodable.add((a, b))
                continue
            if a in _LEADS:
                char[(a, b)] = ch
    by_lead: dict[int, list[tuple[int, str]]] = {}
    by_trail: dict[int, list[tuple[int, str]]] = {}
    for (lead, trail), ch in char.items():
        by_lead.setdefault(lead, []).append((trail, ch))
        by_trail.setdefault(trail, []).append((lead, ch))
    drops = tuple(sorted({a for a, b in undecodable if b in _LEADS}))
    return _Tables(
        char=char,
        by_lead={k: tuple(v) for k, v in by_lead.items()},
        by_trail={k: tuple(v) for k, v in by_trail.items()},
        undecodable=frozenset(undecodable),
        drop_trails=drops,
    )


# The classes of a previous character that the score of a new word depends on.
_START, _HAN, _END, _CLOSE, _MARK, _GAP, _ODD, _CLAUSE = range(8)
# _CLAUSE: a Han character that ends a clause already long (at least _LONG_CLAUSE
# characters since the last mark), after which a mark is likely: clauses of Chinese prose
# run about eight to ten characters.  Only the text before a span is known to be clean,
# so only the span's first character is scored after it.
_LONG_CLAUSE = 6
_CLAUSE_MARKS = {"，": -0.6, "。": -0.9, "、": -1.4, "；": -1.8, "：": -1.8}


def _class(lex: Lexicon, ch: str) -> int:
    if not ch:
        return _START
    if ch in lex.chars:
        return _HAN
    if ch in _SENTENCE_END:
        return _END
    if ch in _CLOSERS:
        return _CLOSE
    if ch in _MARKS:
        return _MARK
    if ch == MISSING:
        return _GAP
    if ch.isascii() and ch.isalnum():
        return _MARK  # after a number a new word starts, as after a mark
    return _ODD


@lru_cache(maxsize=1 << 16)
def _fresh(cls: int, ch: str) -> float:
    """log10 of how likely ``ch`` starts a new word (or is a mark) after a character of
    class ``cls``."""
    lex = lexicon()
    if ch == MISSING:
        return _MISSING_SCORE
    if ch in _MARKS:
        if cls == _CLAUSE:
            return _CLAUSE_MARKS.get(ch, _MARKS[ch])
        if cls in (_END, _CLOSE, _MARK):
            if cls == _END and ch in _CLOSERS or cls == _CLOSE and ch in "，。、；：":
                return -0.7
            if cls != _CLOSE and ch in _OPENERS:
                return -1.5
            return -4.5
        return _MARKS[ch] - (0.5 if ch in _OPENERS else 0.0)
    if ch in lex.chars:
        uni = lex.unigram(ch)
        if cls == _HAN:
            return uni + _LOG_NEW
        if cls == _CLAUSE:
            return uni + _LOG_NEW - 0.3
        return uni - 1.0 if cls == _ODD else uni
    if ch.isascii() and ch.isalnum():
        return _ASCII  # a number or a Latin word in Chinese prose (300万元, GDP)
    return _OTHER



_CONTINUE_P = 0.6
_LOG_NEW = math.log10(1 - _CONTINUE_P)


def score(lex: Lexicon, a: str, b: str, context: Context = _NO_CONTEXT) -> float:
    """log10 of how likely ``b`` follows ``a`` in Chinese prose, for any two characters of
    a reading (Han, marks, ``□``, symbols): the better of continuing a word and starting
    a new one, mixed for two Han characters with how often the article around (the
    ``context``) follows ``a`` with ``b``."""
    return max(_fresh(_class(lex, a), b), _continue(lex, a, b, context))


def _continue(lex: Lexicon, a: str, b: str, context: Context) -> float:
    """log10 of ``b`` continuing a word after ``a`` (``-inf`` when the lexicon has no such
    word and the article no such pair), with the article's own pairs mixed in."""
    p = lex.pairs.get(a + b, 0)
    ua = lex.chars.get(a, 0) or p
    prob = _CONTINUE_P * 10 ** ((min(p, ua) - ua) / 3) if p else 0.0
    n = context.firsts.get(a, 0)
    if n:
        # The article's pairs raise a continuation, never lower one: 近 followed only by
        # 平 (习近平) in an article must not make 近日 unlikely.
        share = n / (n + _CACHE)
        prob = (1 - share) * prob + share * context.pairs.get(a + b, 0) / n
    return math.log10(prob) if prob > 0 else -math.inf


def text_score(text: str, before: str = "", after: str = "", context: Context = _NO_CONTEXT) -> float:
    """log10 of how likely ``text`` is as Chinese prose, by the same measure as a reading:
    what a span scores as received, to weigh against its reading."""
    lex = lexicon()
    total = 0.0
    prev = before[-1:]
    for ch in text + after[:1]:
        ch = _FULL.get(ch, ch)
        total += score(lex, prev, ch, context)
        prev = ch
    return total


_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}


# -------------------------------------------------------------- out of step


@dataclass(frozen=True, slots=True)
class _Cand:
    ch: str
    lead: int | None
    trail: int | None
    known: int
    """Bytes of this character that survived in the damaged text (0, 1 or 2)."""


_STATE = tuple[float, tuple[_Cand, ...]]


def span_bytes(span: str) -> tuple[bool, list[tuple[int, int]], bool]:
    """Split a damaged span into (an orphan byte on the left, the surviving pairs, an
    orphan on the right).  ``?`` stands for an orphan byte; ASCII marks and letters stand
    for their full-width forms, which the page made ASCII; characters without a GBK pair
    carry no byte of the lost text."""
    left = span.startswith("?")
    right = len(span) > 1 and span.endswith("?")
    pairs: list[tuple[int, int]] = []
    for ch in span[1 if left else 0 : len(span) - 1 if right else len(span)]:
        if ch in _WIDE_ASCII:
            b = _WIDE_ASCII[ch]
        else:
            try:
                b = ch.encode("gbk")
            except UnicodeEncodeError:
                continue
        if len(b) == 2:
            pairs.append((b[0], b[1]))
    return left, pairs, right


# The tail of a pinyin annotation glued after an orphan byte (``?zé)``, ``?qiáng)``): a
# later step annotated the damaged text; it carries no byte of the lost text.
_DEBRIS = re.compile(rf"(?<=\?)[{PINYIN_LETTERS}]{{1,6}}\)")


def strip_debris(span: str) -> str:
    """``?zé)岢保鰪?qiáng)`` → ``?岢保鰪?``."""
    return _DEBRIS.sub("", span)


def reread_out_of_step(
    span: str, before: str = "", after: str = "", context: Context = _NO_CONTEXT
) -> Reading | None:
    """The best reading of a span of GBK bytes read one byte out of step.

    ``before`` and ``after`` are the clean text beside the span (a character after is
    enough; before, the clause it ends, whose length makes a mark more or less likely),
    scored with the reading; ``context`` holds adjacent pairs of the clean text around it (an article
    that names 石嘴山 once names it again).  ``None`` when the span holds no surviving
    pair of bytes.
    """
    left, pairs, right = span_bytes(strip_debris(span))
    if not pairs:
        return None
    lex = lexicon()
    # A damaged run begins at a mark more often than not (all four of sample 001 begin
    # with the 。 that closed the sentence before), and so does any text after a long
    # clause: the first character is scored as after a clause's end in both cases.
    tail = before[-_LONG_CLAUSE:]
    long_clause = len(tail) == _LONG_CLAUSE and all(c in lex.chars for c in tail)
    start = _CLAUSE if long_clause or left else _class(lex, before[-1:])
    search = _Search(lex, _tables(), context, "".join(context.firsts), start)
    # Junctions: before the first pair, between every two pairs, after the last.  Each
    # is a chain of characters (one per dropped pair, plus one), scored in one Viterbi
    # search whose states are the last character read (the bigram model's context).
    states: dict[str, _STATE] = {before[-1:]: (0.0, ())}
    states = search.junction(states, None, pairs[0][0], edge=True)
    for (_, lead), (trail, _) in zip(pairs, pairs[1:]):
        states = search.junction(states, lead, trail, edge=False)
    states = search.junction(states, pairs[-1][1], None, edge=True)
    closing = after[:1]
    best: _STATE | None = None
    for last, (sc, path) in states.items():
        total = sc + (score(search.lex, last, closing, context) if closing else 0.0)
        if best is None or total > best[0]:
            best = (total, path)
    assert best is not None
    reading = _reading(search.lex, best[1], before[-1:], closing, context)
    return replace(reading, score=best[0])


_BEAM = 24

# No cost is added for a dropped pair: whether a pair drops follows from the characters
# (about one trail byte in seven, AA–AF and F8–FE, makes it undecodable), so the
# lexicon's score of the characters is the whole cost of a reading.


@dataclass(frozen=True, slots=True)
class _Search:
    lex: Lexicon
    t: _Tables
    context: Context
    context_chars: str
    start_class: int
    """The class of the character before the span (_CLAUSE after a long clause)."""

    def junction(
        self, states: dict[str, _STATE], lead: int | None, trail: int | None, *, edge: bool
    ) -> dict[str, _STATE]:
        """Extend every state over one junction: none, one or two dropped pairs (one at
        most at the end)."""
        out: dict[str, _STATE] = {}
        for drops in (0, 1) if edge else (0, 1, 2):
            chain = self.chain(lead, trail, drops, edge)
            if chain is None:
                continue
            cur = states
            for k, cands in enumerate(chain):
                cur = self.step(cur, cands if cands else _lost(cur, self.context_chars), coupled=k > 0)
            for ch, st in cur.items():
                if ch not in out or st[0] > out[ch][0]:
                    out[ch] = st
        return out

    def step(self, cur: dict[str, _STATE], cands: list[_Cand], *, coupled: bool) -> dict[str, _STATE]:
        """One character further: for each candidate, the best state to come from."""
        lex = self.lex
        ranked = sorted(cur.items(), key=lambda kv: -kv[1][0])
        classes = [
            (_class(lex, prev) if st[1] else self.start_class, prev, st) for prev, st in ranked
        ]
        best: dict[str, tuple[float, tuple[_Cand, ...], _Cand]] = {}
        # Starting a word (or a mark, or □) depends on the class of the previous
        # character only: the best state of each class is enough (the first one that
        # the byte constraint allows).
        by_class: dict[int, list[_STATE]] = {}
        for cls, _, st in classes:
            by_class.setdefault(cls, []).append(st)
        for c in cands:
            for cls, states in by_class.items():
                for sc, path in states:
                    if coupled and not self.dropped_between(path, c):
                        continue
                    s = sc + _fresh(cls, c.ch)
                    if c.ch not in best or s > best[c.ch][0]:
                        best[c.ch] = (s, path, c)
                    break
        # Continuing a word: only the candidates that follow a previous character in
        # some word (or in the context) are looked at.
        by_char = {c.ch: c for c in cands}
        names = by_char.keys()
        followers = _followers()
        for cls, prev, (sc, path) in classes:
            if cls != _HAN and cls != _CLAUSE:
                continue
            after = names & set(followers.get(prev, "") + self.context_followers(prev))
            for ch in after:
                c = by_char[ch]
                s = sc + _continue(lex, prev, ch, self.context)
                if (ch not in best or s > best[ch][0]) and (
                    not coupled or self.dropped_between(path, c)
                ):
                    best[ch] = (s, path, c)
        ranked_next = sorted(best.items(), key=lambda kv: -kv[1][0])[:_BEAM]
        return {ch: (s, path + (c,)) for ch, (s, path, c) in ranked_next}

    def context_followers(self, prev: str) -> str:
        return self.context.following.get(prev, "")

    def dropped_between(self, path: tuple[_Cand, ...], c: _Cand) -> bool:
        """Whether the pair (trail of the last character, lead of ``c``) is one that GBK
        cannot decode, as a dropped pair must be."""
        if not path or c.lead is None:
            return True
        trail = path[-1].trail
        return trail is None or (trail, c.lead) in self.t.undecodable

    def chain(
        self, lead: int | None, trail: int | None, drops: int, edge: bool
    ) -> list[list[_Cand]] | None:
        """The candidate characters of one junction with ``drops`` dropped pairs: the
        first has the known lead (if any), the last the known trail (if any), the ones
        between lost both bytes (an empty list: filled from the states reached); every
        character but the last ends in a trail byte that makes the next pair undecodable."""
        if drops == 0:
            if lead is not None and trail is not None:
                ch = self.t.char.get((lead, trail))
                return [[_Cand(ch, lead, trail, 2)]] if ch else None
            if edge and lead is None and trail is not None:
                return [_by_trail(trail)]
            if edge and trail is None and lead is not None:
                return [_by_lead(lead, False)]
            return None
        chain: list[list[_Cand]] = [_by_lead(lead, True) if lead is not None else []]
        chain += [[] for _ in range(drops - 1)]
        chain.append(_by_trail(trail) if trail is not None else _common_any())
        return chain


@lru_cache(maxsize=256)
def _by_trail(trail: int) -> list[_Cand]:
    t = _tables()
    return [_Cand(ch, lead, trail, 1) for lead, ch in t.by_trail.get(trail, ())] + [
        _Cand(MISSING, None, trail, 0)
    ]


@lru_cache(maxsize=256)
def _by_lead(lead: int, dropped: bool) -> list[_Cand]:
    """Characters with this lead byte; with ``dropped``, only those whose trail byte can
    make the next pair undecodable."""
    t = _tables()
    allowed = set(t.drop_trails)
    out = [
        _Cand(ch, lead, trail, 1)
        for trail, ch in t.by_lead.get(lead, ())
        if not dropped or trail in allowed
    ]
    return out + [_Cand(MISSING, lead, None, 0)]


@dataclass(frozen=True, slots=True)
class _Lost:
    common: tuple[_Cand, ...]
    """The most frequent candidates (a new word may start with any of them)."""
    follows: dict[str, tuple[_Cand, ...]]
    """For a character, the candidates that continue a word after it."""
    by_char: dict[str, _Cand]


_COMMON = 40


@lru_cache(maxsize=1)
def _lost_index() -> _Lost:
    """Candidates for a character that lost both bytes to dropped pairs: its trail makes
    the next pair undecodable.  Built on first use (one pass over the lexicon's pairs)."""
    t = _tables()
    lex = lexicon()
    drops = set(t.drop_trails)
    cands = {
        ch: _Cand(ch, lead, trail, 0)
        for (lead, trail), ch in t.char.items()
        if trail in drops and (ch in lex.chars or ch in _MARKS)
    }
    common = sorted(cands.values(), key=lambda c: -lex.chars.get(c.ch, 16))[:_COMMON]
    follows: dict[str, list[_Cand]] = {}
    for pair in lex.pairs:
        c = cands.get(pair[1])
        if c is not None:
            follows.setdefault(pair[0], []).append(c)
    return _Lost(
        common=tuple(common), follows={k: tuple(v) for k, v in follows.items()}, by_char=cands
    )


def _lost(states: dict[str, _STATE], extra: str = "") -> list[_Cand]:
    """Candidates for a character that lost both bytes, after the given states: the
    characters that continue a word after one of them, and the most frequent ones."""
    index = _lost_index()
    seen: dict[str, _Cand] = {c.ch: c for c in index.common}
    for prev in states:
        for c in index.follows.get(prev, ()):
            seen.setdefault(c.ch, c)
    for ch in extra:
        known = index.by_char.get(ch)
        if known is not None:
            seen.setdefault(ch, known)
    return list(seen.values()) + [_Cand(MISSING, None, None, 0)]


@lru_cache(maxsize=1)
def _followers() -> dict[str, str]:
    """For every character, the characters that follow it inside some word (one pass
    over the lexicon's pairs, on the first repair of the process)."""
    out: dict[str, list[str]] = {}
    for pair in lexicon().pairs:
        out.setdefault(pair[0], []).append(pair[1])
    return {k: "".join(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _common_any() -> list[_Cand]:
    """The last character before a closing orphan, after a dropped pair: both bytes lost,
    any trail.  Only frequent characters are tried."""
    lex = lexicon()
    out = [
        _Cand(ch, lead, trail, 0)
        for (lead, trail), ch in _tables().char.items()
        if lex.chars.get(ch, 0) >= 13 or ch in _MARKS
    ]
    return out + [_Cand(MISSING, None, None, 0)]


def _reading(
    lex: Lexicon, path: tuple[_Cand, ...], before: str, after: str, context: Context
) -> Reading:
    """Turn a path into text: a guessed character that forms no word with a neighbour
    (and is no mark) becomes ``□``; then the confidence and the support."""

    def in_word(a: str, b: str) -> bool:
        return bool(a and b) and (a + b in lex.pairs or a + b in context.pairs)

    chars = [c.ch for c in path]
    out: list[str] = []
    right = 0.0
    for i, c in enumerate(path):
        prev = chars[i - 1] if i > 0 else before
        nxt = chars[i + 1] if i + 1 < len(chars) else after
        worded = in_word(prev, c.ch) or in_word(c.ch, nxt) or c.ch in _MARKS
        if c.ch == MISSING or (c.known < 2 and not worded):
            out.append(MISSING)
            continue
        out.append(c.ch)
        right += _RIGHT.get((c.known, worded), 0.5)
    n = hits = 0
    for a, b in zip(path, path[1:]):
        if a.known == 2 and b.known == 2 and a.ch in lex.chars and b.ch in lex.chars:
            n += 1
            hits += in_word(a.ch, b.ch)
    return Reading(
        text="".join(out),
        confidence=round(right / len(path), 2) if path else 0.0,
        support=hits / n if n else 0.0,
        certain=sum(1 for c in path if c.known == 2),
        sure="".join(c.ch for c in path if c.known == 2),
    )


# -------------------------------------------------------------- UTF-8 and Latin-1


def reread_utf8(span: str, context: Context = _NO_CONTEXT) -> Reading | None:
    """``鏀垮崗`` → ``政协``: the span's GBK bytes decoded as UTF-8.

    U+FFFD in the span is a byte the GBK decoder gave up on: one that cannot lead a GBK
    pair with the byte after it (``A2 86`` in 领 ``E9 A2 86``).  Each byte that fits is
    tried and the lexicon picks the character; one that forms no word with a neighbour
    stays ``□``.
    """
    data: list[int | None] = []
    for ch in span:
        try:
            data.extend(ch.encode("gbk"))
        except UnicodeEncodeError:
            data.append(None)
    # Split into UTF-8 sequences: (candidate characters, decoded whole or guessed).
    seqs: list[tuple[str, ...]] = []
    pos = 0
    while pos < len(data):
        lead = data[pos]
        if lead is not None and lead < 0x80:
            seqs.append((chr(lead),))
            pos += 1
            continue
        size = 2 if lead is not None and 0xC2 <= lead <= 0xDF else 4 if lead is not None and lead >= 0xF0 else 3
        seq = data[pos : pos + size]
        after = data[pos + size] if pos + size < len(data) else None
        pos += size
        seqs.append(_utf8_candidates(seq, size, after))
    return _pick(seqs, context)


def _utf8_candidates(seq: list[int | None], size: int, after: int | None) -> tuple[str, ...]:
    """The characters a UTF-8 sequence may have been: itself when whole; with one byte
    lost (or cut off at the end), every continuation byte that GBK could not have read
    with the byte after it."""
    seq = seq + [None] * (size - len(seq))
    missing = [k for k, b in enumerate(seq) if b is None]
    if not missing:
        try:
            return (bytes(b for b in seq if b is not None).decode("utf-8"),)
        except UnicodeDecodeError:
            return ()
    if len(missing) > 1 or missing[0] == 0:
        return ()
    k = missing[0]
    nxt = seq[k + 1] if k + 1 < size else after
    out = []
    for b in range(0x80, 0xC0):
        if nxt is not None and not _gbk_fails(b, nxt):
            continue  # GBK would have read this pair, not given up on it
        trial = list(seq)
        trial[k] = b
        try:
            ch = bytes(x for x in trial if x is not None).decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(ch)
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _gbk_fails(a: int, b: int) -> bool:
    """Whether a GBK decoder gives up on byte ``a`` followed by ``b``."""
    try:
        bytes((a, b)).decode("gbk")
    except UnicodeDecodeError:
        return True
    return False


def _pick(seqs: list[tuple[str, ...]], context: Context) -> Reading | None:
    """Choose among candidate characters (one tuple per position; a tuple of one is a
    character read whole) with the lexicon; a guess that forms no word stays □."""
    if not seqs:
        return None
    lex = lexicon()
    out: list[str] = []
    for i, cands in enumerate(seqs):
        if len(cands) == 1:
            out.append(cands[0])
            continue
        prev = out[-1] if out else ""
        nxt = seqs[i + 1][0] if i + 1 < len(seqs) and len(seqs[i + 1]) == 1 else ""
        best, best_s = MISSING, -math.inf
        for c in cands:
            worded = (prev and _continue(lex, prev, c, context) > -math.inf) or (
                nxt and _continue(lex, c, nxt, context) > -math.inf
            )
            if not worded and c not in _MARKS:
                continue
            s = score(lex, prev, c, context) + (score(lex, c, nxt, context) if nxt else 0.0)
            if s > best_s:
                best, best_s = c, s
        out.append(best)
    text = "".join(out)
    whole = sum(1 for c in seqs if len(c) == 1)
    reading = _whole_reading(text)
    if reading is None:
        return None
    # Guessed characters are right about three times in four (benchmarks/bench_garbled.py).
    guessed = sum(1 for c, o in zip(seqs, out) if len(c) != 1 and o != MISSING)
    conf = (reading.confidence * whole / len(seqs) if seqs else 0.0) + 0.75 * guessed / len(seqs)
    return replace(reading, confidence=round(min(conf, reading.confidence if guessed == 0 else 0.95), 2), certain=whole)


def reread_latin1(span: str) -> Reading | None:
    """``ÕþÐ­£¬`` → ``政协，``: the span's characters taken as bytes (Latin-1, or
    Windows-1252 for the few characters it puts at 80–9F) and decoded as GBK."""
    data = bytearray()
    for ch in span:
        try:
            data += ch.encode("latin-1")
        except UnicodeEncodeError:
            try:
                data += ch.encode("cp1252")
            except UnicodeEncodeError:
                data += b"?"
    text = data.decode("gbk", errors="replace").replace("\ufffd", MISSING)
    return _whole_reading(text)


def _whole_reading(text: str) -> Reading | None:
    """A reading decoded in one piece: every character that decoded counts as read from
    its bytes; the confidence is the share decoded, less when the lexicon finds few of
    its pairs inside words."""
    if not text:
        return None
    lex = lexicon()
    han = "".join(c for c in text if c in lex.chars)
    share = lex.pair_share(han) or 0.0
    good = len(text) - text.count(MISSING)
    conf = good / len(text) * (0.98 if share >= 0.3 else 0.8)
    return Reading(
        text=text,
        confidence=round(conf, 2),
        support=share,
        certain=good,
        sure=text.replace(MISSING, ""),
        score=text_score(text),
    )
