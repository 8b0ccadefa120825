"""cppcc_publish: turn the articles of China's political consultative conferences (政协)
into publishable books.

>>> import cppcc_publish
>>> article = cppcc_publish.read_article("examples/articles/000_3ef46446da7cdf42.txt")  # doctest: +SKIP
"""

__version__ = "0.1.0"

from .api import parse_bytes, parse_text, read_article, write
from .dump import dumps, from_dict, loads, to_dict
from .errors import CppccError, Diagnostic, InputError, OptionError
from .model import (
    Article,
    BookMeta,
    Caption,
    Compilation,
    Credit,
    Flag,
    Heading,
    Matter,
    Paragraph,
    Part,
    Source,
)
from .options import ReadOptions
from .atomic import OutputError
from .manifest import Manifest, ManifestError, load_manifest
from .publish import BuildReport, build, compile_book
from .readers import ReaderInfo, list_readers
from .writers import FormatInfo, get_writer, list_formats

__all__ = [
    "Article",
    "BuildReport",
    "Manifest",
    "ManifestError",
    "build",
    "compile_book",
    "load_manifest",
    "BookMeta",
    "Caption",
    "Compilation",
    "CppccError",
    "Credit",
    "Diagnostic",
    "Flag",
    "FormatInfo",
    "Heading",
    "InputError",
    "Matter",
    "OptionError",
    "OutputError",
    "Paragraph",
    "Part",
    "ReadOptions",
    "Source",
    "__version__",
    "dumps",
    "from_dict",
    "get_writer",
    "list_formats",
    "loads",
    "parse_bytes",
    "parse_text",
    "ReaderInfo",
    "list_readers",
    "read_article",
    "to_dict",
    "write",
]
