"""Options for reading an article."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How :func:`cppcc_publish.read_article` reads and repairs text."""

    keep_script: bool = False
    """Keep traditional characters instead of converting them to simplified."""
    protected_words: tuple[tuple[str, str], ...] = ()
    """Extra ``(traditional, simplified)`` pairs the converter must not touch, added to the
    shipped list (``乾安縣`` → ``乾安县``, not ``干安县``)."""
    disable: tuple[str, ...] = ()
    """Names of transforms to skip (see ``cppcc_publish.transforms.TRANSFORMS``)."""
    column_separators: str = "丨｜|"
    """Characters that separate a column name from the title on the title line."""
