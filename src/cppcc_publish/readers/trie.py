"""Word lists as fast regexes, compiled when first used.

The readers know a few thousand words (chrome, metadata keys, roles, surnames); written as
plain alternations they would be tried word by word at every position of a line, and
compiled at import they would cost every ``import cppcc_publish`` a noticeable pause.
:func:`trie` factors an alternation on common prefixes; :class:`LazyPattern` compiles a
pattern the first time it is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any


def trie(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored on their common prefixes
    (发(?:布(?:时间|日期)|稿时间)…); a longer word wins over its own prefix, as in a
    longest-first alternation."""
    root: dict[str, Any] = {}
    for w in set(words):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(root)


class LazyPattern:
    """A compiled regex made on first use: ``LazyPattern(lambda: "…")``."""

    __slots__ = ("_make", "_flags", "_re")

    def __init__(self, make: Callable[[], str], flags: int = 0) -> None:
        self._make = make
        self._flags = flags
        self._re: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._re is None:
            self._re = re.compile(self._make(), self._flags)
        return self._re

    def search(self, text: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = 2**62) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)

    def findall(self, text: str) -> list[Any]:
        return self.compiled.findall(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.compiled.split(text, maxsplit)
