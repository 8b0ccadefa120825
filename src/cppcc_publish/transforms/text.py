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
    # Only what changes is made again (``replace`` runs each model class's checks): most
    # texts come back as they went in.
    source = article.source
    if source is not None:
        name, issue = fn(source.name), _opt(source.issue, fn)
        if name != source.name or issue != source.issue:
            source = replace(source, name=name, issue=issue)
    authors = tuple(c if (name := fn(c.name)) == c.name else replace(c, name=name) for c in article.authors)
    body = tuple(map_block(b, fn) for b in article.body)
    title, subtitle = _opt(article.title, fn), _opt(article.subtitle, fn)
    column, note = _opt(article.column, fn), _opt(article.author_note, fn)
    if (
        source is article.source
        and all(a is b for a, b in zip(authors, article.authors))
        and all(a is b for a, b in zip(body, article.body))
        and (title, subtitle, column, note) == (article.title, article.subtitle, article.column, article.author_note)
    ):
        return article
    return replace(article, title=title, subtitle=subtitle, column=column, authors=authors,
                   author_note=note, source=source, body=body)


def iter_texts(article: Article) -> list[str]:
    """Every text of the article (metadata, credits, body), for a look without a change."""
    texts = [article.title, article.subtitle, article.column, article.author_note]
    if article.source is not None:
        texts += [article.source.name, article.source.issue]
    out = [t for t in texts if t]
    out += [c.name for c in article.authors]
    out += [b.text for b in article.body]
    return out
