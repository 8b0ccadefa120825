"""The words writers print around an article's own text, the same in every format.

Byline (``记者　黄富强　通讯员　农喜养``), subtitle dash, author note and source line.  Kept
apart from the format modules so that each writer imports only its own library.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ROLE_LABELS, Article, Credit, Role


def credit_line(credits: Sequence[Credit]) -> str:
    """The author line under a title: ``记者　黄富强　通讯员　农喜养``, ``罗鸣　整理``.

    Reporters and correspondents are labelled before their names (记者 张三), compilers
    after (张三 整理), authors not at all; people of the same role in a row share one
    label; groups are separated by a full-width space as in printed bylines.
    """
    groups: list[tuple[Role, list[str]]] = []
    for c in credits:
        if groups and groups[-1][0] == c.role:
            groups[-1][1].append(c.name)
        else:
            groups.append((c.role, [c.name]))
    parts: list[str] = []
    for role, names in groups:
        label = ROLE_LABELS.get(role, "")
        joined = "　".join(names)
        if not label:
            parts.append(joined)
        elif role == "compiler":
            parts.append(f"{joined}　{label}")
        else:
            parts.append(f"{label}　{joined}")
    return "　".join(parts)


def source_line(article: Article) -> str | None:
    """``（原载《广西政协报》2021年5月26日）``, ``（原载《广西政协工作》2025年第3期）`` or a
    bare date ``（2023年1月3日）``; dates written without leading zeros (GB/T 9704 §7.3.5)."""
    date = (
        f"{article.date.year}年{article.date.month}月{article.date.day}日" if article.date else None
    )
    if article.source is not None:
        issue = article.source.issue or date or ""
        return f"（原载《{article.source.name}》{issue}）"
    if date:
        return f"（{date}）"
    return None


def author_note_line(note: str) -> str:
    return f"（{note}）"


def subtitle_line(subtitle: str) -> str:
    return subtitle if subtitle.startswith("——") else f"——{subtitle}"
