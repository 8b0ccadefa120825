"""The one-call library API behind every CLI command."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Union

from .errors import Diagnostic, check_type
from .model import Article, Compilation
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


Document = Union[
    Compilation, Article, str, "os.PathLike[str]", Sequence[Union[Article, str, "os.PathLike[str]"]]
]
"""What :func:`write` takes: a compilation, an article, a text file, or several articles
and files (several make one document)."""


def write(
    doc: Document,
    fmt: str | None,
    dest: str | os.PathLike[str],
    options: Mapping[str, object] | None = None,
    *,
    strict: bool = False,
) -> tuple[Diagnostic, ...]:
    """Write ``doc`` as ``fmt`` to ``dest`` and return the writer's diagnostics: text files
    are read with :func:`read_article` first, then :func:`cppcc_publish.writers.write`
    writes (see there for ``fmt``, ``options`` and ``strict``).

    >>> write("examples/articles/003_24aec521f5a4d861.txt", "docx", "/tmp/a.docx",
    ...       {"timestamp": "2025-01-01T00:00:00Z"})  # doctest: +SKIP
    ()
    """
    from . import writers

    if not isinstance(doc, (Compilation, Article, str, os.PathLike, list, tuple)):
        raise TypeError(
            "write(): doc must be a Compilation, an Article, a text file's path or a list "
            f"of those, not {type(doc).__name__}"
        )
    check_type("write", "fmt", fmt, (str, type(None)), "a format name such as 'pdf' or None")
    check_type("write", "dest", dest, (str, os.PathLike), "the output file's path (str or os.PathLike)")
    writer = writers.get_writer(fmt if fmt is not None else writers.format_for_path(dest))
    writer.validate(options)  # a bad option fails before any file is read
    readable: writers.Writable
    if isinstance(doc, (str, os.PathLike)):
        readable = read_article(doc)
    elif isinstance(doc, (Compilation, Article)):
        readable = doc
    else:
        readable = [a if isinstance(a, Article) else read_article(a) for a in doc]
    return writers.write(readable, writer.name, dest, options, strict=strict)
