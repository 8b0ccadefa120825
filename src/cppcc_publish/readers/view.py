"""The normalised view of a line, on which every classifier works (never stored).

One view serves ``發佈時間：2020年03月24日``, ``发布时间:2020年03月24日`` and
``发布时间：２０２０年０３月２４日`` alike: white space trimmed and squeezed, full-width Latin
letters and digits folded to ASCII, the ASCII marks ``, : ; ? ! ( )`` read as their
Chinese forms, pinyin annotations (``政協(xié)``) dropped and traditional characters
simplified character by character.  The model keeps the text as received; the
transforms repair it afterwards.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..charsets import HAN
from ..transforms.punctuation import PINYIN_ANNOTATION

WS_CHARS = (
    " \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
)
_SPACE_RUN = re.compile(f"[{WS_CHARS}]+")
_PUA = re.compile("[\ue000-\uf8ff]")


def strip_ws(line: str) -> str:
    """Trim every kind of white space at both ends (ASCII, U+00A0, U+3000, zero-width)."""
    return line.strip(WS_CHARS)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width digits and Latin letters: ２０２０ → 2020, ＧＤＰ → GDP.
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        for cp in range(lo, hi + 1):
            table[cp] = chr(cp - 0xFEE0)
    # ASCII marks read as Chinese ones (many copies are NFKC-folded): 履職, 積極 → 履職，積極.
    for ascii_mark, full in zip(",:;?!()", "，：；？！（）"):
        table[ord(ascii_mark)] = full
    table.update({ord("［"): "[", ord("］"): "]", ord("｜"): "|", ord("／"): "/", ord("＞"): ">",
                  ord("－"): "-", ord("．"): ".", ord("％"): "%", ord("＃"): "#", ord("＋"): "+",
                  ord("＆"): "&", ord("＝"): "=", ord("＊"): "*", ord("＠"): "@", ord("～"): "~"})
    return table


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    from ..transforms.script import _converter

    table = {k: v for k, v in _converter().table.items() if isinstance(k, int) and chr(k) != v}
    table.update(_fold_table())
    return table


@lru_cache(maxsize=1)
def _fold_only() -> tuple[dict[int, str], re.Pattern[str]]:
    table = _fold_table()
    return table, re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(table)) + "]")


def normal(line: str) -> str:
    """The line trimmed, its white space squeezed to single spaces and its pinyin
    annotations dropped: the text a reader stores for a title, a name or a source."""
    line = _SPACE_RUN.sub(" ", strip_ws(line))
    if "(" in line or "（" in line:
        line = PINYIN_ANNOTATION.sub("", line)
    if _PUA.search(line):
        line = _PUA.sub("", line)  # a web font's icons
    return line


def view(line: str) -> str:
    """The line as the classifiers see it: :func:`normal`, simplified and width-folded,
    character for character (``view(s)[i]`` stands for ``normal(s)[i]``)."""
    return view_of(normal(line))


def view_of(norm: str, *, traditional: bool = True) -> str:
    """The view of a line already made :func:`normal`; a text known to be simplified
    (``traditional=False``) is only folded, which is quicker."""
    if not traditional:
        table, needs = _fold_only()
        return norm.translate(table) if needs.search(norm) else norm
    return norm.translate(_table())


def fold(text: str) -> str:
    """``text`` with its marks and full-width letters folded as in a view, its characters
    left as they are (for patterns that need no simplified forms)."""
    return view_of(normal(text), traditional=False)


def restore(v: str, norm: str, found: str) -> str:
    """The text as written for ``found``, a piece of the view ``v`` of ``norm``: a name read
    from the view of ``中青网记者 魏其濛`` is 魏其濛, not the view's 魏其蒙."""
    at = v.find(found)
    if at >= 0:
        return norm[at : at + len(found)]
    # A piece the grammar put together from a letter-spaced run (邹 明 → 邹明).
    m = re.search(r"\s*".join(map(re.escape, found)), v)
    if m:
        return _SPACE_RUN.sub("", norm[m.start() : m.end()])
    return found


def abridged_view(line: str) -> str:
    """The view of a long line (body text): its head and tail.  No classifier needs the
    middle of a paragraph, and viewing all of it is the reader's costliest step."""
    if len(line) <= 240:
        return view(line)
    return view(line[:200]) + "……" + view(line[-30:])


_NOT_HAN = re.compile(f"[^{HAN}]+")


def han_count(text: str) -> int:
    """How many Han characters ``text`` holds."""
    return len(_NOT_HAN.sub("", text))


def compact(text: str) -> str:
    """``text`` without any white space, for comparing lines (a title printed twice)."""
    return _SPACE_RUN.sub("", text)
