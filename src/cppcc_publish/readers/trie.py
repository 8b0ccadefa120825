"""Word lists as fast regexes."""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored on their common prefixes; a longer word
    wins over its own prefix, as in a longest-first alternation."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in set(words):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(root)
