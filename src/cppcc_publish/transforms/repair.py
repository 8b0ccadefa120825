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

Each reading carries a *confidence*: the estimated chance that it is right as a whole
(its ``□`` aside), the product over its guessed characters of how often such a guess is
right (a character read from two surviving bytes, or decoded exactly, is right).  An
editor told 建议改为 should be able to accept the whole suggestion; a reading of
out-of-step bytes guesses at least its edge characters, and is seldom that sure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import add
from typing import cast

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
    article that names 石嘴山 or 政协 once names it again.  Holds the article's Han text
    (runs joined by line breaks) and answers counts on demand, each once;
    :meth:`without` leaves out the span's own pairs (they must not make it look like the
    article's words)."""

    text: str
    own: Mapping[str, int] = field(default_factory=dict)
    """The span's own pairs, counted out."""
    own_firsts: Mapping[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    firsts: dict[str, int] = field(default_factory=dict)
    cache: dict[object, object] = field(default_factory=dict)

    def without(self, span: str) -> Context:
        """The same context with the pairs of ``span`` counted out."""
        own: dict[str, int] = {}
        own_firsts: dict[str, int] = {}
        for pair in map(add, span, span[1:]):
            own[pair] = own.get(pair, 0) + 1
            own_firsts[pair[0]] = own_firsts.get(pair[0], 0) + 1
        return Context(self.text, own, own_firsts, self.counts, self.firsts, self.cache)

    def count(self, pair: str) -> int:
        """How often the article writes ``pair``."""
        n = self.counts.get(pair)
        if n is None:
            n = self.counts[pair] = self.text.count(pair)
        if n and self.own:
            n -= self.own.get(pair, 0)
        return n if n > 0 else 0

    def starts(self, ch: str) -> int:
        """How many of the article's pairs start with ``ch``."""
        n = self.firsts.get(ch)
        if n is None:
            n = self.firsts[ch] = self.text.count(ch) - self.text.count(ch + "\n")
        if n and self.own_firsts:
            n -= self.own_firsts.get(ch, 0)
        return n if n > 0 else 0

    def fitting(self, ch: str, after: bool) -> dict[tuple[str, int], str]:
        """The characters that follow (``after``) or precede ``ch`` in the article, filed
        by known bytes."""
        key = (ch, after)
        filed = self.cache.get(key)
        if filed is None:
            text = self.text
            found: list[str] = []
            i = text.find(ch)
            while i >= 0:
                j = i + 1 if after else i - 1
                if 0 <= j < len(text) and text[j] != "\n" and text[j] not in found:
                    found.append(text[j])
                i = text.find(ch, i + 1)
            if after:
                filed = _file("".join(found), lambda c: self.count(ch + c))
            else:
                filed = _file("".join(found), lambda c: self.count(c + ch))
            self.cache[key] = filed
        return cast("dict[tuple[str, int], str]", filed)


NO_CONTEXT = Context(text="")

# How far the article's own pairs weigh against the lexicon after a character: with n
# pairs of the article starting with it, n / (n + _CACHE).  Sample 001 starts 33 pairs
# with 政, 23 of them 政协: 政协 then outweighs 政府, the lexicon's favourite.
_CACHE = 20
"""What an unknown character costs: about a rare character's unigram."""

_LEADS = range(0xA1, 0xF8)
_TRAILS = range(0xA1, 0xFF)
_WIDE_ASCII = {chr(c): bytes((0xA3, c + 0x80)) for c in range(0x21, 0x7F) if c != 0x3F}
"""Full-width forms (GBK row A3) that a page turned into ASCII: ``！`` → ``!``."""

# How often a guessed character of a reading is right, by how many of its bytes survived
# (the lexicon chose the rest, inside a word with a neighbour or as a mark; measured on
# the damaged corpus of the clean samples, benchmarks/bench_garbled.py).
_RIGHT = {
    (1, True): 0.75,   # one byte survived, the lexicon chose the other
    (0, True): 0.5,    # both bytes lost, the lexicon chose the character
}


@dataclass(frozen=True, slots=True)
class Reading:
    """A repair: the text read back and the chance that it is right as a whole."""

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


def score(lex: Lexicon, a: str, b: str, context: Context = NO_CONTEXT) -> float:
    """log10 of how likely ``b`` follows ``a`` in Chinese prose, for any two characters of
    a reading (Han, marks, ``□``, symbols): the better of continuing a word and starting
    a new one, mixed for two Han characters with how often the article around (the
    ``context``) follows ``a`` with ``b``."""
    return max(_fresh(_class(lex, a), b), _continue(lex, a, b, context))


def _continue(lex: Lexicon, a: str, b: str, context: Context) -> float:
    """log10 of ``b`` continuing a word after ``a`` (``-inf`` when the lexicon has no such
    word and the article no such pair), with the article's own pairs mixed in."""
    p = lex.pairs.get(a + b, 0)
    if p:
        ua = lex.chars.get(a, 0)
        prob = _CONTINUE_P * _THIRDS[ua - p] if ua > p else _CONTINUE_P
    else:
        prob = 0.0
    if context.text:
        n = context.starts(a)
        if n:
            share = n / (n + _CACHE)
            prob = (1 - share) * prob + share * context.count(a + b) / n
    return math.log10(prob) if prob > 0 else -math.inf


# 10 ** (-k / 3): how much less likely a word k levels below the character's most
# frequent one is.
_THIRDS = [10 ** (-k / 3) for k in range(40)]


def text_score(text: str, before: str = "", after: str = "", context: Context = NO_CONTEXT) -> float:
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
    span: str, before: str = "", after: str = "", context: Context = NO_CONTEXT
) -> Reading | None:
    """The best reading of a span of GBK bytes read one byte out of step.

    ``before`` and ``after`` are the clean text beside the span (a character after is
    enough; before, the clause it ends, whose length makes a mark more or less likely);
    ``context`` is the article around it.  ``None`` when the span holds no surviving pair
    of bytes.

    The search runs over *junctions*: before the first surviving pair, between every two,
    and after the last.  At each, no pair, one or two pairs may have been dropped; a
    character that lost a byte is looked for only among those that form a word with a
    neighbour (the lexicon's or the article's), the marks and the most frequent single
    characters that fit its known byte, and ``□`` for "something else".  A junction whose
    plain reading already forms a word with a neighbour is taken as it is.
    """
    left, pairs, right = span_bytes(strip_debris(span))
    if not pairs:
        return None
    lex = lexicon()
    index = _index()
    junctions: list[tuple[int | None, int | None]] = [(None, pairs[0][0])]
    junctions += [(a[1], b[0]) for a, b in zip(pairs, pairs[1:])]
    junctions.append((pairs[-1][1], None))
    # What each junction reads when no pair was dropped there.
    plain = [index.char.get((l, t), "") if l is not None and t is not None else "" for l, t in junctions]
    # A damaged run begins at a mark more often than not (all four of sample 001 begin
    # with the 。 that closed the sentence before), and so does any text after a long
    # clause: the first character is scored as after a clause's end in both cases.
    tail = before[-_LONG_CLAUSE:]
    long_clause = len(tail) == _LONG_CLAUSE and all(c in lex.chars for c in tail)
    first = before[-1:]
    start = _CLAUSE if (long_clause or left) and first in lex.chars else _class(lex, first)
    search = _Search(lex, index, context, start)
    states: dict[str, _STATE] = {first: (0.0, ())}
    last = len(junctions) - 1
    for k, (lead, trail) in enumerate(junctions):
        before_k = plain[k - 1] if k > 0 else first
        after_k = plain[k + 1] if k < last else after[:1]
        obvious = bool(plain[k]) and (
            search.worded(before_k, plain[k]) or search.worded(plain[k], after_k)
        )
        states = search.junction(states, lead, trail, edge=k in (0, last), obvious=obvious, nxt=after_k)
    closing = after[:1]
    best: _STATE | None = None
    for ch, (sc, path) in states.items():
        total = sc + (score(lex, ch, closing, context) if closing else 0.0)
        if best is None or total > best[0]:
            best = (total, path)
    assert best is not None
    reading = _reading(lex, best[1], first, closing, context)
    return replace(reading, score=best[0])


_BEAM = 8
# Candidates taken from each neighbour's words (the most frequent words first).
_PER_NEIGHBOUR = 3

# No cost is added for a dropped pair: whether a pair drops follows from the characters
# (about one trail byte in seven, AA–AF and F8–FE, makes it undecodable), so the
# lexicon's score of the characters is the whole cost of a reading.


@dataclass(frozen=True, slots=True)
class _Search:
    lex: Lexicon
    index: _Index
    context: Context
    start_class: int
    """The class of the character before the span (_CLAUSE after a long clause)."""

    def worded(self, a: str, b: str) -> bool:
        return bool(a and b) and (a + b in self.lex.pairs or self.context.count(a + b) > 0)

    def junction(
        self,
        states: dict[str, _STATE],
        lead: int | None,
        trail: int | None,
        *,
        edge: bool,
        obvious: bool,
        nxt: str,
    ) -> dict[str, _STATE]:
        """Extend every state over one junction: none, one or two dropped pairs (one at
        most at the edges; none where the plain reading is obvious).  Two are always
        tried between surviving pairs: a reading with one often forms a word as well
        (市政协主席 out of step loses 协 whole, and with one drop reads 政主, a pair of
        行政主管), so only the scores can choose."""
        out: dict[str, _STATE] = {}
        for drops in (0,) if obvious else (0, 1) if edge else (0, 1, 2):
            cur = states
            for k in range(drops + 1):
                known_lead = lead if k == 0 else None
                known_trail = trail if k == drops else None
                cands = self.candidates(cur, known_lead, known_trail, dropped=k < drops,
                                        nxt=nxt if k == drops else "",
                                        bridge=trail if drops == 1 and k == 0 else None)
                if not cands:
                    cur = {}
                    break
                whole = known_lead is not None and known_trail is not None
                key = None if whole else _key(known_lead, known_trail, k < drops)
                cur = self.step(cur, cands, key, coupled=k > 0, ahead=nxt if k == drops else "")
            for ch, st in cur.items():
                if ch not in out or st[0] > out[ch][0]:
                    out[ch] = st
        return out

    def candidates(
        self,
        states: dict[str, _STATE],
        lead: int | None,
        trail: int | None,
        *,
        dropped: bool,
        nxt: str,
        bridge: int | None = None,
    ) -> list[_Cand]:
        """The characters worth trying at one position: known bytes ``lead`` and ``trail``
        (``None`` when lost); with ``dropped`` the pair after it was dropped (its trail
        is a drop trail).  ``nxt`` is the character after the position when known;
        ``bridge`` the trail byte of the character after it, when one dropped pair lies
        between them: the first characters of the words that span the dropped pair
        (服务 across ``B7 FE | CE F1``) are tried."""
        index = self.index
        if lead is not None and trail is not None:
            ch = index.char.get((lead, trail))
            return [_Cand(ch, lead, trail, 2)] if ch else []
        known = (lead is not None) + (trail is not None)
        key = _key(lead, trail, dropped)
        found: dict[str, _Cand] = {}
        code = index.code

        def add(chars: Iterable[str]) -> None:
            for ch in chars:
                if ch not in found:
                    c = code[ch]
                    found[ch] = _Cand(ch, c[0], c[1], known)

        top = _PER_NEIGHBOUR
        for prev in states:
            add(_fitting(prev, True).get(key, "")[:top])
            add(self.context.fitting(prev, True).get(key, "")[:top])
        if nxt:
            add(_fitting(nxt, False).get(key, "")[:top])
            add(self.context.fitting(nxt, False).get(key, "")[:top])
        add(index.singles(lead, trail, dropped))
        if bridge is not None and lead is not None:
            wanted = ("T", bridge)
            add(ch for ch in index.all_by_lead_dropped.get(lead, "") if wanted in _fitting(ch, True))
        found[MISSING] = _Cand(MISSING, lead, trail, 0)
        return list(found.values())

    def step(
        self,
        cur: dict[str, _STATE],
        cands: list[_Cand],
        key: tuple[str, int] | None,
        *,
        coupled: bool,
        ahead: str = "",
    ) -> dict[str, _STATE]:
        """One character further: for each candidate, the best state to come from.
        ``key`` files the candidates by their known bytes (:func:`_key`; ``None`` for a
        character read whole).  The states kept (:data:`_BEAM`) are the best by their
        score and how well they lead on to ``ahead``, the next character when known."""
        lex = self.lex
        context = self.context
        fresh = _fresh
        dropped = self.index.undecodable
        by_class: dict[int, list[tuple[str, float, tuple[_Cand, ...]]]] = {}
        for prev, (sc, path) in sorted(cur.items(), key=lambda kv: -kv[1][0]):
            cls = _class(lex, prev) if path else self.start_class
            by_class.setdefault(cls, []).append((prev, sc, path))
        best: dict[str, tuple[float, tuple[_Cand, ...], _Cand]] = {}
        # Starting a word (or a mark, or □) depends on the class of the previous
        # character only: the best state of each class is enough (the first one that
        # the byte constraint allows: the pair between a dropped pair's characters must
        # be one GBK cannot decode).
        for c in cands:
            ch = c.ch
            top = best.get(ch)
            for cls, states in by_class.items():
                for _, sc, path in states:
                    if coupled and c.lead is not None and path and path[-1].trail is not None:
                        if (path[-1].trail, c.lead) not in dropped:
                            continue
                    s = sc + fresh(cls, ch)
                    if top is None or s > top[0]:
                        top = best[ch] = (s, path, c)
                    break
        # Continuing a word: only the candidates that follow a previous character in a
        # word of the lexicon or in the article are looked at.
        by_char = {c.ch: c for c in cands}
        for cls in (_HAN, _CLAUSE):
            for prev, sc, path in by_class.get(cls, ()):
                if key is None:
                    following: str = cands[0].ch if len(cands) == 1 else ""
                else:
                    following = _fitting(prev, True).get(key, "") + context.fitting(prev, True).get(key, "")
                for ch in following:
                    c2 = by_char.get(ch)
                    if c2 is None:
                        continue
                    if coupled and c2.lead is not None and path and path[-1].trail is not None:
                        if (path[-1].trail, c2.lead) not in dropped:
                            continue
                    s = sc + _continue(lex, prev, ch, context)
                    top = best.get(ch)
                    if top is None or s > top[0]:
                        best[ch] = (s, path, c2)
        if len(best) > _BEAM:
            if ahead:
                order = sorted(best, key=lambda ch: -(best[ch][0] + score(lex, ch, ahead, context)))
            else:
                order = sorted(best, key=lambda ch: -best[ch][0])
            best = {ch: best[ch] for ch in order[:_BEAM]}
        return {ch: (s, path + (c,)) for ch, (s, path, c) in best.items()}


@dataclass(frozen=True, slots=True)
class _Index:
    char: dict[tuple[int, int], str]
    """Every GB2312 character by its (lead, trail) bytes."""
    code: dict[str, tuple[int, int]]
    """And back."""
    undecodable: frozenset[tuple[int, int]]
    """(first, second) byte pairs that GBK cannot decode: a page drops them."""
    drops: frozenset[int]
    """Trail bytes after which a dropped pair is possible (AA–AF, F8–FE, a few more)."""
    by_lead: dict[int, tuple[str, ...]]
    """Marks and the most frequent characters by known byte (function words: 的 在 和 …);
    ``by_trail[-1]`` those of all characters."""
    by_trail: dict[int, tuple[str, ...]]
    by_lead_dropped: dict[int, tuple[str, ...]]
    """The same among the characters whose trail is a drop trail."""
    dropped: tuple[str, ...]
    all_by_lead_dropped: dict[int, str]
    """Every Han character of the lexicon by lead byte, among those with a drop trail."""

    def singles(self, lead: int | None, trail: int | None, dropped: bool) -> tuple[str, ...]:
        if lead is not None:
            return (self.by_lead_dropped if dropped else self.by_lead).get(lead, ())
        if trail is not None:
            return self.by_trail.get(trail, ())
        return self.dropped if dropped else self.by_trail.get(-1, ())


_SINGLES = 2
"""How many of the most frequent characters are tried per known byte."""


@lru_cache(maxsize=1)
def _index() -> _Index:
    t = _tables()
    lex = lexicon()
    code = {ch: key for key, ch in t.char.items()}
    drops = frozenset(t.drop_trails)

    def top(chars: list[str]) -> tuple[str, ...]:
        marks = [c for c in chars if c in _MARKS]
        han = sorted((c for c in chars if c in lex.chars), key=lambda c: -lex.chars[c])
        return tuple(marks + han[:_SINGLES])

    by_lead: dict[int, list[str]] = {}
    by_trail: dict[int, list[str]] = {}
    for (lead, trail), ch in t.char.items():
        by_lead.setdefault(lead, []).append(ch)
        by_trail.setdefault(trail, []).append(ch)
    every = list(t.char.values())
    return _Index(
        char=t.char,
        code=code,
        undecodable=t.undecodable,
        drops=drops,
        by_lead={k: top(v) for k, v in by_lead.items()},
        by_trail={**{k: top(v) for k, v in by_trail.items()}, -1: top(every)},
        by_lead_dropped={k: top([c for c in v if code[c][1] in drops]) for k, v in by_lead.items()},
        dropped=top([c for c in every if code[c][1] in drops]),
        all_by_lead_dropped={
            k: "".join(c for c in v if code[c][1] in drops and c in lex.chars) for k, v in by_lead.items()
        },
    )


def _key(lead: int | None, trail: int | None, dropped: bool) -> tuple[str, int]:
    """How candidates are filed by what is known of their bytes (see :func:`_file`)."""
    if trail is not None:
        return ("T", trail)
    if lead is not None:
        return ("LD" if dropped else "L", lead)
    return ("D" if dropped else "*", 0)


def _file(chars: str, rank: Callable[[str], int]) -> dict[tuple[str, int], str]:
    """``chars`` filed by known bytes: by trail, by lead, by lead among those whose trail
    is a drop trail, those with a drop trail, all; each file in order of ``rank``, the
    highest first."""
    index = _index()
    filed: dict[tuple[str, int], list[str]] = {}
    for ch in sorted(chars, key=lambda c: -rank(c)):
        code = index.code.get(ch)
        if code is None:
            continue
        lead, trail = code
        filed.setdefault(("T", trail), []).append(ch)
        filed.setdefault(("L", lead), []).append(ch)
        filed.setdefault(("*", 0), []).append(ch)
        if trail in index.drops:
            filed.setdefault(("LD", lead), []).append(ch)
            filed.setdefault(("D", 0), []).append(ch)
    return {k: "".join(v) for k, v in filed.items()}


@lru_cache(maxsize=1 << 13)
def _fitting(ch: str, after: bool) -> dict[tuple[str, int], str]:
    """The characters that follow ``ch`` inside some word (``after``) or precede it,
    filed by known bytes."""
    following, preceding = _neighbours()
    pairs = lexicon().pairs
    if after:
        return _file(following.get(ch, ""), lambda c: pairs.get(ch + c, 0))
    return _file(preceding.get(ch, ""), lambda c: pairs.get(c + ch, 0))


_RUN = re.compile(r"(.)\1*", re.S)


@lru_cache(maxsize=1)
def _neighbours() -> tuple[dict[str, str], dict[str, str]]:
    """For every character, the characters that follow it inside some word of the
    lexicon, and those that precede it (built on the first repair of the process)."""
    return _group_pairs(list(lexicon().pairs))


def _group_pairs(keys: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """For every character, the characters that follow it in ``keys`` (pairs) and those
    that precede it, at C speed: the pairs sorted and joined, then cut where their first
    character changes."""

    def grouped(pairs: list[str]) -> dict[str, str]:
        joined = "".join(pairs)
        firsts, seconds = joined[0::2], joined[1::2]
        return {m.group(1): seconds[m.start() : m.end()] for m in _RUN.finditer(firsts)}

    following = grouped(sorted(keys))
    joined = "".join(keys)
    preceding = grouped(sorted(map(add, joined[1::2], joined[0::2])))
    return following, preceding


def _reading(
    lex: Lexicon, path: tuple[_Cand, ...], before: str, after: str, context: Context
) -> Reading:
    """Turn a path into text: a guessed character that forms no word with a neighbour
    (and is no mark) becomes ``□``; then the confidence and the support."""

    def in_word(a: str, b: str) -> bool:
        return bool(a and b) and (a + b in lex.pairs or context.count(a + b) > 0)

    chars = [c.ch for c in path]
    out: list[str] = []
    whole = 1.0
    for i, c in enumerate(path):
        prev = chars[i - 1] if i > 0 else before
        nxt = chars[i + 1] if i + 1 < len(chars) else after
        worded = in_word(prev, c.ch) or in_word(c.ch, nxt) or c.ch in _MARKS
        if c.ch == MISSING or (c.known < 2 and not worded):
            out.append(MISSING)
            continue
        out.append(c.ch)
        if c.known < 2:
            # A character read from two surviving bytes is right whatever the search
            # chose around it; each guessed one may be wrong.
            whole *= _RIGHT.get((c.known, worded), 0.5)
    n = hits = 0
    for a, b in zip(path, path[1:]):
        if a.known == 2 and b.known == 2 and a.ch in lex.chars and b.ch in lex.chars:
            n += 1
            hits += in_word(a.ch, b.ch)
    return Reading(
        text="".join(out),
        confidence=round(whole, 2) if path else 0.0,
        support=hits / n if n else 0.0,
        certain=sum(1 for c in path if c.known == 2),
        sure="".join(c.ch for c in path if c.known == 2),
    )


# -------------------------------------------------------------- UTF-8 and Latin-1


def reread_utf8(span: str, context: Context = NO_CONTEXT) -> Reading | None:
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
    # A guessed character (one byte of three lost) is right about nine times in ten
    # (benchmarks/bench_garbled.py: two known bytes leave few characters).
    guessed = sum(1 for c, o in zip(seqs, out) if len(c) != 1 and o != MISSING)
    conf = reading.confidence * 0.9**guessed
    return replace(reading, confidence=round(conf, 2), certain=whole)


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
