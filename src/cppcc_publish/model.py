"""The document model: frozen, slotted, keyword-only dataclasses.

A change is ``dataclasses.replace``; sequences are tuples.  The body of an article is a
closed union of three block types (:class:`Heading`, :class:`Paragraph`,
:class:`Caption`).  A single article is a :class:`Compilation` of one, so writers take one
input type.  Source line numbers are kept for diagnostics but take no part in equality.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Literal, Union

from .errors import Diagnostic

Role = Literal[
    "author", "reporter", "correspondent", "compiler", "editor", "photographer", "organisation"
]
ROLES: tuple[Role, ...] = (
    "author", "reporter", "correspondent", "compiler", "editor", "photographer", "organisation"
)
AUTHOR_ROLES: tuple[Role, ...] = ("author", "reporter", "correspondent", "compiler")
"""The roles of the people who wrote the article: its authors."""
PRINTED_ROLES: tuple[Role, ...] = AUTHOR_ROLES
"""Roles printed under the title.  Editors (编辑, 责编, 审核, 录入 …), photographers (摄影)
and organisations that supplied the copy (…供稿) stay in the metadata only."""

ROLE_LABELS: dict[Role, str] = {
    "author": "",
    "reporter": "记者",
    "correspondent": "通讯员",
    "compiler": "整理",
    "editor": "编辑",
    "photographer": "摄影",
    "organisation": "供稿",
}

Script = Literal["zh-Hans", "zh-Hant"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Credit:
    """A person (or, with role ``organisation``, a body that supplied the copy) credited by
    the article, e.g. ``Credit(name="罗鸣", role="compiler")``."""

    name: str
    role: Role


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """The publication the text credits: ``《广西政协工作》(2025年第3期)``."""

    name: str
    """The publication's name without 《》, e.g. ``广西政协工作``."""
    issue: str | None = None
    """The issue as printed, e.g. ``2025年第3期``; ``None`` for a newspaper web page."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag:
    """A garbled span inside a block's text: GBK bytes read one byte out of step, UTF-8
    read as GBK, or GBK read as Latin-1 (see :mod:`cppcc_publish.transforms.garbled`).

    The span stays in the text exactly as received until an editor replaces it; no
    transform touches it.  ``text[start:end] == span`` always holds.
    """

    start: int
    """Offset of the first character of the span in the block's text."""
    end: int
    """Offset just past the span."""
    span: str
    """The flagged text as received."""
    suggestion: str | None = None
    """What the span probably read: its bytes read back the right way, with the lexicon
    choosing where bytes were lost; ``□`` marks a character that could not be recovered."""
    confidence: float | None = None
    """How far the suggestion can be trusted, from 0 to 1: the estimated chance that it is
    right as a whole (its ``□`` aside), in hundredths.  From 0.9 up (``HIGH_CONFIDENCE``)
    the review copy and the diagnostics say 建议改为, below 可能为.  ``None`` when there is
    no suggestion, or when it came from a dump written before confidences existed."""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end or self.end - self.start != len(self.span):
            raise ValueError(f"flag offsets {self.start}:{self.end} do not fit its span {self.span!r}")
        if self.confidence is not None and not 0 <= self.confidence <= 1:
            raise ValueError(f"flag confidence {self.confidence!r} is not between 0 and 1")


HIGH_CONFIDENCE = 0.9
"""A flag's suggestion at least this sure is worded 建议改为 (replace with); below, 可能为
(perhaps).  The confidence is the estimated chance that the suggestion is right as a
whole (:mod:`cppcc_publish.transforms.repair`): an editor may accept a 建议改为 without
reading it character by character.  On the damaged corpus of benchmarks/bench_garbled.py
the suggestions above this line are wholly right about nine times in ten (those of UTF-8
and Latin-1 readings; out-of-step bytes always lose their edge characters and are worded
可能为).  Here, beside :class:`Flag`, because the diagnostics and the writers' review
copies word suggestions alike, and writers never import the transforms."""


def suggestion_note(flag: Flag) -> str | None:
    """How the review copy and the diagnostics propose a repair: ``建议改为：«…»`` when the
    suggestion is sure (:data:`HIGH_CONFIDENCE`), ``可能为：«…»`` otherwise, with a word on
    ``□``; ``None`` without a suggestion.

    >>> suggestion_note(Flag(start=0, end=3, span="鏀垮崗", suggestion="政协", confidence=0.98))
    '建议改为：«政协»'
    >>> suggestion_note(Flag(start=0, end=4, span="?!闭?", suggestion="。”张□", confidence=0.6))
    '可能为：«。”张□»（把握不大，请核对原文；□ 为无法复原的字）'
    """
    if not flag.suggestion:
        return None
    sure = flag.confidence is not None and flag.confidence >= HIGH_CONFIDENCE
    if sure:
        hint = "（□ 为无法复原的字，请核对原文）" if "□" in flag.suggestion else ""
        return f"建议改为：«{flag.suggestion}»{hint}"
    hint = "；□ 为无法复原的字" if "□" in flag.suggestion else ""
    return f"可能为：«{flag.suggestion}»（把握不大，请核对原文{hint}）"


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """A section heading.

    ``level`` 1 is ``一、`` or a standalone heading line, 2 is ``（一）``.  A *run-in*
    heading is a lead sentence printed bold at the start of the following paragraph; its
    text keeps its final ``。``.
    """

    text: str
    level: int = 1
    run_in: bool = False
    flags: tuple[Flag, ...] = ()
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """A body paragraph, without indentation (indenting is the writers' job)."""

    text: str
    flags: tuple[Flag, ...] = ()
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Caption:
    """A photo caption, stored without its marker (Δ, ▲ or a damaged marker)."""

    text: str
    flags: tuple[Flag, ...] = ()
    image: str | None = None
    """The photo the caption stands under, as a path relative to the article's file
    (``01_files/photo.jpg`` beside a saved page), when that file was found there; ``None``
    for a caption whose photo is gone (copied text) or not a local file."""
    line: int | None = field(default=None, compare=False)


Block = Union[Heading, Paragraph, Caption]
BLOCK_TYPES: dict[str, type[Heading] | type[Paragraph] | type[Caption]] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "caption": Caption,
}


def block_type(block: Block) -> str:
    """``heading``, ``paragraph`` or ``caption``."""
    if isinstance(block, Heading):
        return "heading"
    if isinstance(block, Paragraph):
        return "paragraph"
    return "caption"


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One article as an editor would describe it."""

    title: str | None = None
    """The title, ``None`` when the text has none (a ``no-title`` warning is raised)."""
    subtitle: str | None = None
    """The subtitle without its leading ``——``."""
    column: str | None = None
    """A series or column name printed before ``丨`` on the title line; printed as a kicker."""
    authors: tuple[Credit, ...] = ()
    """People credited, with their roles, in the order the text names them."""
    author_note: str | None = None
    """The closing note about the author (``作者系…``), without its parentheses."""
    date: _dt.date | None = None
    """Publication date."""
    source: Source | None = None
    """The publication the text credits."""
    script: Script = "zh-Hans"
    """The script the input was written in; the text is simplified unless asked otherwise."""
    body: tuple[Block, ...] = ()
    """Headings, paragraphs and captions in reading order."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """What the reader and transforms noticed, in order."""
    path: str | None = field(default=None, compare=False)
    """The file the article was read from, for messages only."""

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The body paragraphs (no headings, no captions)."""
        return tuple(b for b in self.body if isinstance(b, Paragraph))

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.body if isinstance(b, Heading))

    @property
    def captions(self) -> tuple[Caption, ...]:
        return tuple(b for b in self.body if isinstance(b, Caption))

    @property
    def printed_credits(self) -> tuple[Credit, ...]:
        """Credits printed under the title: everyone but editors."""
        return tuple(c for c in self.authors if c.role in PRINTED_ROLES)

    @property
    def flags(self) -> tuple[Flag, ...]:
        """Every garbled-span flag of the body, in order."""
        return tuple(f for b in self.body for f in b.flags)


@dataclass(frozen=True, slots=True, kw_only=True)
class Matter:
    """Front or back matter of a book: 编辑说明, 前言, 编后记, an appendix."""

    title: str
    body: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BookMeta:
    """What a book says about itself: cover, title page and 版本记录 page."""

    title: str
    subtitle: str | None = None
    compiler: str | None = None
    """The compiling body as printed, e.g. ``××市政协办公室 编``."""
    year: int | None = None
    publisher: str | None = None
    notice: str | None = None
    """Internal-print notice, e.g. ``内部资料，免费交流``."""
    permit: str | None = None
    """准印证号 for internal prints."""
    recipients: str | None = None
    """发送对象: whom an internal print is sent to, as its 版本记录 names them."""
    printer: str | None = None
    """印刷单位."""
    print_run: int | None = None
    """印数."""
    edition_date: _dt.date | None = None
    """印刷日期 / 版次 date."""
    cover: str | None = None
    """Path of a cover image given by the editor; writers generate one when ``None``."""
    language: str = "zh-CN"


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """A part (栏目) of a book; its title comes from the manifest, not the articles."""

    title: str | None
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Compilation:
    """A book: metadata, front matter, ordered parts of articles, back matter."""

    meta: BookMeta
    parts: tuple[Part, ...] = ()
    front: tuple[Matter, ...] = ()
    back: tuple[Matter, ...] = ()

    @classmethod
    def of(cls, *articles: Article, title: str | None = None) -> Compilation:
        """A compilation of one or more articles in one untitled part."""
        if title is None:
            title = (articles[0].title if articles else None) or "未命名"
        return cls(meta=BookMeta(title=title), parts=(Part(title=None, articles=articles),))

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for p in self.parts for a in p.articles)
