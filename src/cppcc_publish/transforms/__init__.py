"""Article -> Article transforms, listed once, in order, in :data:`TRANSFORMS`.

Each is pure and idempotent (``t(t(a)) == t(a)``).  Garbled spans are flagged first,
before anything rewrites text; every later transform works around the flags.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from ..errors import Diagnostic, OptionError
from ..model import Article, Block, Flag, Paragraph
from ..options import ReadOptions
from .garbled import KINDS, article_context, find_garbled, suggestion_note
from .punctuation import fix_punctuation, strip_pinyin, tidy_space
from .script import Converter, shipped_protected_words
from .text import iter_texts, map_block, map_texts

Transform = Callable[[Article, ReadOptions], Article]


def _add(article: Article, *diags: Diagnostic) -> Article:
    return replace(article, diagnostics=article.diagnostics + diags) if diags else article


def _paragraph_numbers(body: tuple[Block, ...]) -> list[int | None]:
    numbers: list[int | None] = []
    n = 0
    for b in body:
        if isinstance(b, Paragraph):
            n += 1
            numbers.append(n)
        else:
            numbers.append(None)
    return numbers


def flag_garbled_spans(article: Article, options: ReadOptions) -> Article:
    """Flag garbled spans with a repair suggestion and its confidence.

    ``…指引?!苯眨焐绞姓飨藕晡敖岷瞎ぷ魇导?,畅谈…`` (GBK bytes read one byte out of step)
    gets a flag on ``?!苯眨…魇导?`` suggesting ``。”近日，…结合工作实际``; ``鏀垮崗``
    (UTF-8 read as GBK) one suggesting ``政协``; ``ÕþÐ­`` (GBK read as Latin-1) the same.
    The span itself is left exactly as received.  Blocks that already carry flags are
    not searched again.  The repair search is told which words the article uses.
    """
    body: list[Block] = []
    diags: list[Diagnostic] = []
    texts = iter_texts(article)
    context = lru_cache(maxsize=1)(lambda: article_context(texts))
    for block, number in zip(article.body, _paragraph_numbers(article.body)):
        if block.flags:
            body.append(block)
            continue
        spans = find_garbled(block.text, article.script, context)
        if not spans:
            body.append(block)
            continue
        flags = tuple(
            Flag(
                start=s.start,
                end=s.end,
                span=block.text[s.start : s.end],
                suggestion=s.suggestion,
                confidence=s.confidence,
            )
            for s in spans
        )
        body.append(replace(block, flags=flags))
        for f, s in zip(flags, spans):
            diags.append(
                Diagnostic(
                    level="warning",
                    code="garbled-text",
                    message=f"garbled text «{f.span}» ({KINDS[s.kind]}); {suggestion_note(f)}",
                    line=block.line,
                    paragraph=number,
                    file=article.path,
                )
            )
    return _add(replace(article, body=tuple(body)), *diags)


def strip_pinyin_annotations(article: Article, options: ReadOptions) -> Article:
    """Remove pinyin glued after Han characters: ``政協(xié)`` → ``政協``.

    Real parentheticals stay (``鄉鎮(街道)``).  A syllable without tone marks (``(de)``) is
    removed only when the article has at least three toned annotations.
    """
    total = 0
    toned = sum(strip_pinyin(text, toneless=False)[1] for text in iter_texts(article))
    if toned == 0:
        return article  # toneless syllables go only beside toned ones
    toneless = toned >= 3

    def fn(text: str) -> str:
        nonlocal total
        out, n = strip_pinyin(text, toneless=toneless)
        total += n
        return out

    result = map_texts(article, fn)
    if total == 0:
        return article
    return _add(
        result,
        Diagnostic(
            level="info",
            code="pinyin-removed",
            message=f"removed {total} pinyin annotations glued after characters",
            file=article.path,
        ),
    )


def convert_to_simplified(article: Article, options: ReadOptions) -> Article:
    """Traditional → simplified (``學習`` → ``学习``) when the input is traditional, unless
    the caller keeps the original script.  Protected words (``乾安縣`` → ``乾安县``, not
    ``干安县``) come from the shipped list and the caller's ``protected_words``."""
    if article.script != "zh-Hant" or options.keep_script:
        return article
    convert = Converter(shipped_protected_words() + options.protected_words)
    result = map_texts(article, convert)
    if result == article:
        return article
    return _add(
        result,
        Diagnostic(
            level="info",
            code="converted-to-simplified",
            message="converted traditional characters to simplified",
            file=article.path,
        ),
    )


def restore_fullwidth_punctuation(article: Article, options: ReadOptions) -> Article:
    """GB/T 15834 marks in Han context: ``履职,积极`` → ``履职，积极``, ``......`` → ``……``,
    ``县(区)`` → ``县（区）``; ASCII inside numbers, times and URLs stays (``10:30``)."""
    # White space is tidied first, so that every mark sees its real neighbours (``、 …``),
    # and again after, since a mark made full width takes no space beside it.
    return map_texts(article, lambda text: tidy_space(fix_punctuation(tidy_space(text))))


def tidy_white_space(article: Article, options: ReadOptions) -> Article:
    """No white space of any kind at the edges of a text, none next to Chinese marks;
    a single space between two Han characters stays (``凝聚智慧力量 共谱时代华章``)."""
    return map_texts(article, tidy_space)


TRANSFORMS: tuple[tuple[str, Transform], ...] = (
    ("flag_garbled_spans", flag_garbled_spans),
    ("strip_pinyin_annotations", strip_pinyin_annotations),
    ("convert_to_simplified", convert_to_simplified),
    ("restore_fullwidth_punctuation", restore_fullwidth_punctuation),
    ("tidy_white_space", tidy_white_space),
)
"""The transforms in the order they run."""

TRANSFORM_NAMES = tuple(name for name, _ in TRANSFORMS)


def check_names(names: tuple[str, ...]) -> None:
    """Raise :class:`OptionError` for a transform name that does not exist."""
    for name in names:
        if name not in TRANSFORM_NAMES:
            raise OptionError(
                f"unknown transform {name!r}; valid names: {', '.join(TRANSFORM_NAMES)}"
            )


def apply_transforms(article: Article, options: ReadOptions) -> Article:
    """Run every transform not disabled in ``options``, in order."""
    check_names(options.disable)
    for name, transform in TRANSFORMS:
        if name not in options.disable:
            article = transform(article, options)
    return article


__all__ = [
    "TRANSFORMS",
    "TRANSFORM_NAMES",
    "apply_transforms",
    "check_names",
    "map_block",
    "map_texts",
]
