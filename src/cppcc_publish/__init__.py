"""cppcc_publish: turn the articles of China's political consultative conferences (政协)
into publishable books.

>>> import cppcc_publish
>>> article = cppcc_publish.read_article("examples/articles/000_3ef46446da7cdf42.txt")  # doctest: +SKIP
"""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Where each public name lives.  The package imports nothing until a name is asked for
# (PEP 562), so ``import cppcc_publish`` costs microseconds and ``cppcc_publish --version``
# does not compile the readers' patterns.
_LAZY: dict[str, str] = {
    "parse_bytes": ".api",
    "parse_text": ".api",
    "read_article": ".api",
    "write": ".api",
    "dumps": ".dump",
    "from_dict": ".dump",
    "loads": ".dump",
    "to_dict": ".dump",
    "CppccError": ".errors",
    "Diagnostic": ".errors",
    "InputError": ".errors",
    "OptionError": ".errors",
    "Article": ".model",
    "BookMeta": ".model",
    "Caption": ".model",
    "Compilation": ".model",
    "Credit": ".model",
    "Flag": ".model",
    "Heading": ".model",
    "Matter": ".model",
    "Paragraph": ".model",
    "Part": ".model",
    "Source": ".model",
    "ReadOptions": ".options",
    "OutputError": ".atomic",
    "Manifest": ".manifest",
    "ManifestError": ".manifest",
    "load_manifest": ".manifest",
    "BuildReport": ".publish",
    "build": ".publish",
    "compile_book": ".publish",
    "ReaderInfo": ".readers",
    "list_readers": ".readers",
    "FormatInfo": ".writers",
    "get_writer": ".writers",
    "list_formats": ".writers",
}


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


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for mypy and IDEs: the real imports
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
