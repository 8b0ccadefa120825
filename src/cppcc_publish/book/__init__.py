"""The book plan: one definition of what a book prints, which every writer renders.

:func:`plan_book` turns a :class:`~cppcc_publish.model.Compilation` and a preset into a
:class:`Book`: whether the output is a book at all, the order of its elements (cover,
扉页, 版本记录, front matter, 目录, part-title pages, articles, back matter), the 目录's
entries and their labels, running heads, the sequences of folios, recto openings and the
printed order of each article's parts.  :func:`dump_book` shows it as YAML.

>>> from cppcc_publish.model import Article, Compilation, Paragraph
>>> plan = plan_book(Compilation.of(Article(title="一", body=(Paragraph(text="甲。"),)),
...                                 Article(title="二")))
>>> [e.key for e in plan.elements]
['cover', 'title-page', 'contents', 'article-1', 'article-2']
>>> [(x.label, x.numbered) for x in plan.contents.entries]
[('一', True), ('二', True)]
"""

from __future__ import annotations

from .dump import book_to_dict, dump_book
from .plan import (
    ArticleElement,
    Book,
    Contents,
    ContentsEntry,
    Cover,
    Element,
    EntryKind,
    Folios,
    HeadingAlign,
    Imprint,
    Matter,
    Numbering,
    Opening,
    PartTitle,
    Piece,
    PieceKind,
    RunningHeads,
    Section,
    TextElement,
    TitlePage,
)
from .photos import Photo, article_photos, photo_file
from .planner import article_label, is_book, plan_book
from .presets import DEFAULT_PRESET, FORMAT_PRESETS, PRESETS, PresetInfo

__all__ = [
    "ArticleElement",
    "Book",
    "Contents",
    "ContentsEntry",
    "Cover",
    "DEFAULT_PRESET",
    "Element",
    "EntryKind",
    "FORMAT_PRESETS",
    "Folios",
    "HeadingAlign",
    "Imprint",
    "Matter",
    "Numbering",
    "Opening",
    "PRESETS",
    "PartTitle",
    "Photo",
    "Piece",
    "PieceKind",
    "PresetInfo",
    "RunningHeads",
    "Section",
    "TextElement",
    "TitlePage",
    "article_label",
    "article_photos",
    "book_to_dict",
    "dump_book",
    "is_book",
    "photo_file",
    "plan_book",
]
