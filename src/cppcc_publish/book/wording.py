"""The words a book prints around an article's own text, the same in every format.

Byline (``记者　黄富强　通讯员　农喜养``), subtitle dash, author note, source line, the
words of the 版本记录 (its lines are made in :mod:`.imprint`), and titles with their
phrase separator in one form (:func:`title_text`): the plan (:mod:`.planner`) puts them
into its pieces and elements, so that no writer composes them.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from ..model import ROLE_LABELS, Article, BookMeta, Credit, Role


# A single space between two Han characters in a title or heading is a phrase separator
# (凝聚智慧力量 共谱时代华章): every format prints it one em wide, as a 全角空格
# (凝聚智慧力量　共谱时代华章).  A space with anything but a Han character on either
# side stays as it is (“两山” 理念, Windows 11, 2025 年).
_HAN_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def title_text(text: str) -> str:
    """A title, heading or label as every format prints it: a space between two Han
    characters becomes a 全角空格 (U+3000)."""
    return _HAN_SPACE.sub("\u3000", text)


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
    date = chinese_date(article.date) if article.date else None
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


def chinese_date(date: _dt.date) -> str:
    """``2025年12月1日``: no leading zeros (GB/T 9704 §7.3.5)."""
    return f"{date.year}年{date.month}月{date.day}日"


# A compiling body as the title page prints it, with its closing 编: "××市政协办公室 编",
# "本书编委会　编", "政协××市委员会办公室编".  The 版本记录 names the unit without the 编
# ("编印单位：××市政协办公室"); "编委会" alone must keep its 编.
_COMPILER_VERB = re.compile(r"(?:[\s\u3000]+|(?<=[会室部厅局处组社]))编$")


def compiling_unit(compiler: str) -> str:
    """``××市政协办公室 编`` -> ``××市政协办公室``."""
    return _COMPILER_VERB.sub("", compiler.strip()) or compiler


def is_internal_print(meta: BookMeta) -> bool:
    """An internal print (内部资料) has a 版本记录 page: a notice or a permit number."""
    return bool(meta.notice or meta.permit)
