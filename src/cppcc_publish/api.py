"""The one-call library API behind every CLI command."""

from __future__ import annotations

import os

from .model import Article
from .options import ReadOptions
from .readers import read_text
from .textio import read_file
from .transforms import apply_transforms, check_names


def parse_text(text: str, path: str | None = None, options: ReadOptions | None = None) -> Article:
    """Read an article from a string: structure first, then the transforms in order.

    >>> a = parse_text("标题\\n学习好,宣传好.\\n")
    >>> a.title, a.paragraphs[0].text
    ('标题', '学习好，宣传好。')
    """
    options = options or ReadOptions()
    check_names(options.disable)
    return apply_transforms(read_text(text, path, options), options)


def read_article(path: str | os.PathLike[str], options: ReadOptions | None = None) -> Article:
    """Read an article from a text file in any of the supported encodings.

    Raises :class:`~cppcc_publish.errors.InputError` (naming the file) when the file is
    missing, a directory, empty, binary or in an unknown encoding.
    """
    name = os.fspath(path)
    return parse_text(read_file(name).text, name, options)
