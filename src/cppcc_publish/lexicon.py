"""A Chinese lexicon: does a run of characters read as Chinese, and how likely is a reading.

The words come from the dictionary that the ``jieba`` package ships (``jieba/dict.txt``,
MIT licence: about 349,000 words, each with its count in a large corpus).  The file is
read directly by :func:`lexicon`; jieba's segmenter and its cache are not used.  Two
tables are kept, built once per process on first use (``lexicon()`` is cached):

``pairs``
    every two adjacent characters that occur inside some word (``政协`` from 政协委员,
    ``协委`` too) → the frequency level of the most frequent such word;
``chars``
    every character that begins some word → the frequency level of its most frequent
    such word (the chance of a word starting with it: :meth:`Lexicon.unigram`).

A *level* is about three times the decimal logarithm of a word count, plus one (a count
of 1 is level 1, 2–4 level 2, 5–9 level 3, 10–19 level 4 … 318,825 for 的 is level 17), so
that ``0`` can mean "absent".

Why pairs: clean Chinese prose is mostly made of words, so about two thirds of its
adjacent Han pairs sit inside some dictionary word (0.66 on average over clauses of real
articles), while text whose bytes were read out of step is a random draw of characters
(0.01).  The same tables give a rough character-bigram model (:meth:`Lexicon.score`) with
which a repair search ranks candidate readings.

The tables hold about 300,000 pairs and 12,000 characters: about 30 MB, built in about
0.5 s on a desktop core (``benchmarks/bench_garbled.py`` prints both).
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from collections import Counter
from functools import lru_cache
from itertools import compress, repeat
from operator import add, mul, sub
from pathlib import Path

from .errors import CppccError

# log10 of the sum of all counts in jieba's dictionary (60,101,964): turns a count into a
# probability.
_LOG_TOTAL = math.log10(60_101_964)

# How often the next character continues the current word rather than starting a new
# one: the weight of the pair table against the single-character table in ``score``.
_CONTINUE = 0.6

# Words this long or longer are few (about 1,000) and are taken one by one.
_LONG = 8

# Characters of the dictionary read at a time.
_SLICE = 1 << 17


class LexiconError(CppccError):
    """The dictionary cannot be found (jieba is not installed)."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The pair and character tables described in the module docstring."""

    pairs: dict[str, int]
    """Two adjacent characters inside some word → frequency level of that word."""
    chars: dict[str, int]
    """A character that begins some word → frequency level of its most frequent such word."""

    def supports(self, a: str, b: str) -> bool:
        """Whether ``a`` then ``b`` occurs inside some word (``政``, ``协``: yes)."""
        return a + b in self.pairs

    def pair_share(self, text: str) -> float | None:
        """The share of adjacent pairs of ``text`` that occur inside some word; ``None``
        for text with fewer than two characters.  ``全市政协委员`` gives 1.0,
        ``苯眨焐绞姓飨`` 0.0."""
        if len(text) < 2:
            return None
        hits = sum(map(self.pairs.__contains__, map(add, text, text[1:])))
        return hits / (len(text) - 1)

    def unigram(self, ch: str) -> float:
        """log10 of the probability of ``ch`` as the first character of a word."""
        level = self.chars.get(ch, 0)
        if not level:
            return -9.0
        return (level - 1) / 3 + 0.15 - _LOG_TOTAL

    def score(self, a: str, b: str) -> float:
        """log10 P(b | a), a rough estimate: either ``b`` continues a word with ``a``
        (weighted by how frequent the word is against ``a``'s most frequent word) or a new
        word starts with ``b``.  ``score('政', '协')`` is about -0.3, ``score('秸', '眨')``
        about -7."""
        p = self.pairs.get(a + b, 0)
        uni = 10 ** self.unigram(b)
        if not p:
            return math.log10((1 - _CONTINUE) * uni)
        ua = self.chars.get(a, p)
        return math.log10(_CONTINUE * 10 ** ((p - ua) / 3) + (1 - _CONTINUE) * uni)


def _dictionary_path() -> Path:
    """``dict.txt`` inside the installed jieba package, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("the Chinese lexicon needs the jieba package: pip install jieba")
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    if not path.is_file():
        raise LexiconError(f"jieba's dictionary is missing: {path}; reinstall jieba")
    return path


def _levels(counts: list[str]) -> list[int]:
    """Frequency levels of decimal counts, computed without a Python loop per word:
    3 per digit of the count, plus one at a leading 2 and one at a leading 5."""
    digits = map(mul, map(len, counts), repeat(3))
    steps = map(add, map("2".__le__, counts), map("5".__le__, counts))
    return list(map(sub, map(add, digits, steps), repeat(2)))


def _group(fields: list[str], groups: dict[int, list[str]]) -> None:
    """Append the words of ``fields`` (``word count tag`` triples) to ``groups``, keyed by
    level and length (``level * (_LONG + 1) + min(length, _LONG)``), each group's words
    joined end to end."""
    words, counts = fields[0::3], fields[1::3]
    if len(words) != len(counts) or not all(map(str.isdigit, counts)):
        raise LexiconError("the dictionary is not in jieba's format (word count tag)")
    levels = _levels(counts)
    lengths = map(min, map(len, words), repeat(_LONG))
    keys = list(map(add, map(mul, levels, repeat(_LONG + 1)), lengths))
    order = sorted(range(len(words)), key=keys.__getitem__)
    ordered = list(map(words.__getitem__, order))
    start = 0
    for key, count in sorted(Counter(keys).items()):
        piece = ordered[start : start + count]
        start += count
        # Words too long to share a length are kept apart by a space.
        groups.setdefault(key, []).append(" ".join(piece) + " " if key % (_LONG + 1) == _LONG else "".join(piece))


def _tables(groups: dict[int, list[str]]) -> tuple[dict[str, int], dict[str, int]]:
    """The pair and character tables from the grouped words, lowest level first so that
    a later (higher) level wins.  The k-th pair of every word of length n is the k-th
    and (k+1)-th character of every n characters of the group's joined text."""
    pairs: dict[str, int] = {}
    chars: dict[str, int] = {}
    for key in sorted(groups):
        level, n = divmod(key, _LONG + 1)
        joined = "".join(groups[key])
        if n == _LONG:  # the few very long words, one at a time
            for w in joined.split():
                pairs.update(dict.fromkeys(map(add, w, w[1:]), level))
                chars[w[0]] = level
            continue
        chars.update(zip(joined[0::n], repeat(level)))
        for k in range(n - 1):
            pairs.update(zip(map(add, joined[k::n], joined[k + 1 :: n]), repeat(level)))
    return pairs, chars


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read a dictionary in jieba's format (``word count tag`` per line, UTF-8).

    The file is read in slices of about 256 KB, so that no list of all its 1,000,000
    fields is ever held: only the grouped words, joined into a few long strings.
    """
    path = path or _dictionary_path()
    text = path.read_bytes().decode("utf-8")
    groups: dict[int, list[str]] = {}
    pos = 0
    while pos < len(text):
        cut = text.find("\n", pos + _SLICE)
        cut = len(text) if cut < 0 else cut + 1
        _group(text[pos:cut].split(), groups)
        pos = cut
    pairs, chars = _tables(groups)
    return Lexicon(pairs=pairs, chars=chars)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon of jieba's dictionary, loaded on first use and kept for the process."""
    return load_lexicon()
