"""The one-call library API behind every CLI command."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Union

from .errors import Diagnostic, InputError, check_type
from .inputs import MAX_TEXT_BYTES, read_bytes
from .model import Article, Compilation
from .options import ReadOptions
from .readers import choose_reader, read_text
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


def parse_bytes(
    data: bytes, path: str | None = None, options: ReadOptions | None = None, *, reader: str | None = None
) -> Article:
    """Read an article from the bytes of a file of any supported kind: the reader is the
    one named (``"html"``, ``"docx"``, ``"markdown"``, ``"text"`` …) or the one the bytes
    show (a Word file by its zip, a web page by its markup, see
    :func:`cppcc_publish.readers.choose_reader`); then the transforms in order.

    >>> a = parse_bytes("<html><body><h1>标题</h1><p>学习好,宣传好.</p></body></html>".encode())
    >>> a.title, a.paragraphs[0].text
    ('标题', '学习好，宣传好。')
    """
    options = options or ReadOptions()
    check_names(options.disable)
    chosen = choose_reader(data, path, reader)
    return apply_transforms(chosen.read(data, path, options), options)


def read_article(
    path: str | os.PathLike[str], options: ReadOptions | None = None, *, reader: str | None = None
) -> Article:
    """Read an article from a file: plain text in any of the supported encodings, a saved
    web page (.html), a Word file (.docx, and .doc when LibreOffice is installed) or
    Markdown; the reader is chosen by the file's content unless ``reader`` names one.

    Raises :class:`~cppcc_publish.errors.InputError` (naming the file) when the file is
    missing, a directory, empty, binary or in an unknown encoding.
    """
    name = os.fspath(path)
    if os.path.isdir(name):
        raise InputError(name, "is a directory, not a file")
    return parse_bytes(read_bytes(name, limit=MAX_TEXT_BYTES), name, options, reader=reader)


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
    """Write ``doc`` as ``fmt`` to ``dest`` and return the writer's diagnostics: article files
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
