"""The command line: a thin layer over the library API, one call per subcommand.

``main(argv) -> int``.  Whatever a user can cause is printed as one line on stderr naming
the file and the cause, with exit status 1: the library's own errors, and what the
system reports (a full disk, a read-only folder, a file where a folder is expected, input
nested past Python's recursion limit, memory exhausted).  Ctrl-C prints one line and
exits with 130, SIGTERM with 143, after the temporary files are removed.
``--traceback`` shows the Python traceback instead.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from . import __version__
from .api import read_article
from .dump import FORMATS, dumps
from .errors import CppccError, StrictError, count_warnings
from .model import Article
from .options import ReadOptions
from .transforms import TRANSFORM_NAMES


def _add_read_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--keep-script",
        action="store_true",
        help="keep traditional characters instead of converting them to simplified",
    )
    p.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="TRANSFORM",
        help=f"skip a transform (one of: {', '.join(TRANSFORM_NAMES)}); may be repeated",
    )
    p.add_argument("--strict", action="store_true", help="fail (exit 1) on any warning")
    p.add_argument("--reader", metavar="NAME",
                   help="read the file(s) with this reader (html, docx, doc, markdown, text or an installed "
                   "one; default: chosen by each file's content; see: cppcc-publish formats)")


def _read_options(args: argparse.Namespace) -> ReadOptions:
    return ReadOptions(keep_script=args.keep_script, disable=tuple(args.disable))


def _report(article: Article, strict: bool) -> None:
    """Warnings go to stderr as ``path:line: warning[code]: message``."""
    for d in article.diagnostics:
        if d.level == "warning":
            print(d.format(article.path), file=sys.stderr)
    if strict and count_warnings(article.diagnostics):
        raise StrictError(
            f"{article.path}: {count_warnings(article.diagnostics)} warning(s) and --strict was given"
        )


def cmd_parse(args: argparse.Namespace) -> int:
    article = read_article(args.file, _read_options(args), reader=args.reader)
    sys.stdout.write(dumps(article, args.format))
    _report(article, args.strict)
    return 0


# --- convert / formats (writers) -------------------------------------------------


def _writer_options(args: argparse.Namespace) -> dict[str, object]:
    """``--option KEY=VALUE`` pairs (values stay strings; each writer converts them)."""
    from .errors import OptionError

    options: dict[str, object] = {}
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise OptionError(f"--option {item!r}: expected KEY=VALUE, e.g. --option preset=gbt9704")
        options[key.strip()] = value
    return options


def cmd_convert(args: argparse.Namespace) -> int:
    from .errors import OptionError
    from .model import Compilation
    from .writers import format_for_path, get_writer, write

    if args.title is not None and any("\ud800" <= ch <= "\udfff" for ch in args.title):
        raise OptionError("--title holds bytes that are not text in this system's encoding")
    fmt = args.to or format_for_path(args.output)
    writer = get_writer(fmt)  # an unknown or unavailable format fails before any parsing
    options = _writer_options(args)
    if args.review:
        if "review" not in writer.options:
            raise OptionError(f"--review: the {writer.name} writer has no review copy (docx has)")
        options["review"] = "true"
    writer.validate(options)
    articles = [read_article(f, _read_options(args), reader=args.reader) for f in args.files]
    warnings = 0
    for article in articles:
        for d in article.diagnostics:
            if d.level == "warning":
                warnings += 1
                print(d.format(article.path), file=sys.stderr)
    if args.strict and warnings:
        raise StrictError(f"{warnings} warning(s) and --strict was given; {args.output} not written")
    diagnostics = write(Compilation.of(*articles, title=args.title), writer.name, args.output,
                        options, strict=args.strict)
    for d in diagnostics:
        if d.level == "warning":
            print(d.format(args.output), file=sys.stderr)
    return 0


def cmd_formats(args: argparse.Namespace) -> int:
    from .writers import get_writer, list_formats

    for f in list_formats():
        aliases = f" (also: {', '.join(f.aliases)})" if f.aliases else ""
        where = "" if f.builtin else f"  [{f.origin}]"
        if f.available:
            print(f"{f.name:<8} available    {f.suffix or '':<6}{aliases}{where}")
            if args.options:
                for key, opt in get_writer(f.name).options.items():
                    choices = f" ({'|'.join(opt.choices)})" if opt.choices else ""
                    print(f"    {key}={opt.default!s}{choices}: {opt.help}")
        else:
            hint = f"; install: {f.hint}" if f.hint else ""
            print(f"{f.name:<8} unavailable  {f.reason}{hint}{where}")
    from .readers import list_readers

    print()
    print("readers (chosen by each file's content; name one with --reader, or reader: in a manifest):")
    for r in list_readers():
        aliases = f" (also: {', '.join(r.aliases)})" if r.aliases else ""
        where = "" if r.builtin else f"  [{r.origin}]"
        if r.available:
            print(f"  {r.name:<9} available    {' '.join(r.suffixes):<24}{aliases}{where}")
            if args.options and r.description:
                print(f"      {r.description}")
        else:
            hint = f"; install: {r.hint}" if r.hint else ""
            print(f"  {r.name:<9} unavailable  {r.reason}{hint}{where}")
    return 0


def _add_writer_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "convert", help="read one or more articles and write them as one DOCX, EPUB or PDF"
    )
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="article files (text, .html, .docx, .doc, .md), in order")
    p.add_argument("-t", "--to", metavar="FORMAT",
                   help="docx, epub, pdf or an installed writer (default: from -o's suffix)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    p.add_argument("--title", help="the document's title (default: the first article's)")
    p.add_argument("--review", action="store_true",
                   help="review copy: warnings and garbled spans as Word comments (docx)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="a writer option, e.g. preset=gbt9704 or timestamp=2025-01-01T00:00:00Z "
                   "(see: cppcc-publish formats --options); may be repeated")
    _add_read_options(p)
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("formats", help="list the output formats and the readers, and why one is unavailable")
    p.add_argument("--options", action="store_true", help="also list each writer's options")
    p.set_defaults(func=cmd_formats)


def cmd_build(args: argparse.Namespace) -> int:
    from .publish import build

    only = [x for part in args.only for x in part.split(",")] if args.only is not None else None
    if args.output is not None:
        if os.path.exists(args.output) and not os.path.isdir(args.output):
            raise CppccError(f"{args.output}: is a file; build -o takes a folder for the outputs")
        try:
            os.makedirs(args.output, exist_ok=True)
        except OSError as exc:
            raise CppccError(f"{args.output}: cannot create the output folder: {exc.strerror or exc}") from None
    report = build(
        args.manifest,
        out_dir=args.output,
        only=only,
        strict=args.strict,
        review=args.review,
        jobs=args.jobs,
        cache_dir=not args.no_cache,
    )
    for d in report.warnings:
        print(d.format(), file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return value


def _add_build_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("build", help="build the book a YAML manifest describes")
    p.add_argument("manifest", help="the book's YAML manifest")
    p.add_argument("-o", "--output", metavar="DIR", help="put the outputs in DIR (created if missing)")
    p.add_argument(
        "--only", action="append", metavar="FORMATS",
        help="build only these of the manifest's outputs, e.g. pdf,epub",
    )
    p.add_argument("--strict", action="store_true", help="fail, writing nothing, on any warning")
    p.add_argument("--review", action="store_true", help="make review copies (DOCX comments)")
    p.add_argument("--jobs", type=_positive_int, default=None, help="parsing processes (default: all cores)")
    p.add_argument("--no-cache", action="store_true", help="parse every article again")
    p.set_defaults(func=cmd_build)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cppcc-publish",
        description="Turn the articles of political consultative conferences (政协) into books.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="show the Python traceback of an error"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    _add_build_command(sub)
    p = sub.add_parser("parse", help="read an article and print its model as JSON or YAML")
    p.add_argument("file", help="an article: text (UTF-8, UTF-16, GB18030, Big5), a saved web page, a Word file or Markdown")
    p.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    _add_read_options(p)
    p.set_defaults(func=cmd_parse)
    _add_writer_commands(sub)
    return parser


def describe(exc: BaseException) -> str:
    """One line for a user: the file and the cause."""
    if isinstance(exc, OSError) and not isinstance(exc, CppccError):
        cause = exc.strerror or str(exc) or type(exc).__name__
        if exc.filename is not None:
            names = os.fsdecode(exc.filename)
            if exc.filename2 is not None:
                names += f" -> {os.fsdecode(exc.filename2)}"
            return f"{names}: {cause}"
        return cause
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to be read (Python's recursion limit)"
    if isinstance(exc, MemoryError):
        return "out of memory"
    return " ".join(str(exc).split("\n")) or type(exc).__name__


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that temporary files are removed."""


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """While the command runs, SIGTERM unwinds like Ctrl-C (temporaries removed)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise _Terminated()

    old = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


USER_ERRORS = (CppccError, OSError, RecursionError, MemoryError)
"""What a user's input or system can cause: one line, exit 1 (never a traceback)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with _terminate_cleanly():
            return int(args.func(args))
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        if args.traceback:
            raise
        print("cppcc-publish: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("cppcc-publish: terminated", file=sys.stderr)
        return 143
    except USER_ERRORS as exc:
        if args.traceback:
            raise
        print(f"cppcc-publish: error: {describe(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
