"""The command line: a thin layer over the library API, one call per subcommand.

``main(argv) -> int``.  The library's own errors are printed as one line on stderr with
exit status 1; ``--traceback`` shows the rest.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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
    article = read_article(args.file, _read_options(args))
    sys.stdout.write(dumps(article, args.format))
    _report(article, args.strict)
    return 0


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

    p = sub.add_parser("parse", help="read an article and print its model as JSON or YAML")
    p.add_argument("file", help="a text file (UTF-8, UTF-16, GB18030 or Big5)")
    p.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    _add_read_options(p)
    p.set_defaults(func=cmd_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CppccError as exc:
        if args.traceback:
            raise
        print(f"cppcc-publish: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
