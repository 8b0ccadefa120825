"""Rewriting text around garbled spans, and applying a text function to a whole article.

A garbled span stays exactly as received until an editor replaces it, so every text
transform rewrites only the pieces *between* flags and moves the flags' offsets along.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import Article, Block, Flag

TextFn = Callable[[str], str]


def rewrite_outside_flags(text: str, flags: tuple[Flag, ...], fn: TextFn) -> tuple[str, tuple[Flag, ...]]:
    """Apply ``fn`` to the unflagged pieces of ``text``; return the new text and flags.

    >>> from cppcc_publish.model import Flag
    >>> rewrite_outside_flags("a?x?b", (Flag(start=1, end=4, span="?x?"),), str.upper)
    ('A?x?B', (Flag(start=1, end=4, span='?x?', suggestion=None),))
    """
    if not flags:
        return fn(text), ()
    pieces: list[str] = []
    new_flags: list[Flag] = []
    pos = 0
    length = 0
    for flag in sorted(flags, key=lambda f: f.start):
        head = fn(text[pos : flag.start])
        pieces.append(head)
        length += len(head)
        new_flags.append(replace(flag, start=length, end=length + len(flag.span)))
        pieces.append(flag.span)
        length += len(flag.span)
        pos = flag.end
    pieces.append(fn(text[pos:]))
    return "".join(pieces), tuple(new_flags)


def map_block(block: Block, fn: TextFn) -> Block:
    text, flags = rewrite_outside_flags(block.text, block.flags, fn)
    if text == block.text and flags == block.flags:
        return block
    return replace(block, text=text, flags=flags)


def _opt(value: str | None, fn: TextFn) -> str | None:
    return fn(value) if value is not None else None


def map_texts(article: Article, fn: TextFn) -> Article:
    """Apply ``fn`` to every text of the article: metadata, credits and body (around
    flags).  Diagnostics are not touched."""
    source = article.source
    if source is not None:
        source = replace(source, name=fn(source.name), issue=_opt(source.issue, fn))
    return replace(
        article,
        title=_opt(article.title, fn),
        subtitle=_opt(article.subtitle, fn),
        column=_opt(article.column, fn),
        authors=tuple(replace(c, name=fn(c.name)) for c in article.authors),
        author_note=_opt(article.author_note, fn),
        source=source,
        body=tuple(map_block(b, fn) for b in article.body),
    )


def iter_texts(article: Article) -> list[str]:
    """Every text of the article (metadata, credits, body), for a look without a change."""
    texts = [article.title, article.subtitle, article.column, article.author_note]
    if article.source is not None:
        texts += [article.source.name, article.source.issue]
    out = [t for t in texts if t]
    out += [c.name for c in article.authors]
    out += [b.text for b in article.body]
    return out
