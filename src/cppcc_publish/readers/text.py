"""Plain text (as copied out of a web page or a journal) -> Article.

Each line of the text is one :class:`~.structure.SourceLine`; :func:`~.structure.read_lines`
finds the article among them.  The reader keeps each block's text as received (edges
trimmed); the transforms repair and normalize it afterwards.  Everything it removes is
reported as an ``info`` diagnostic quoting the text, and everything it cannot place stays
in the body with a ``warning``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import Diagnostic
from ..model import Article
from ..options import ReadOptions
from ..textio import decode
from ..transforms.script import detect_script
from .structure import SourceLine, read_lines

NAME = "text"
VERSION = "1"
SUFFIXES = (".txt", ".text")
DESCRIPTION = "plain text as copied from a web page or a journal (UTF-8, UTF-16, GB18030, Big5)"

# Characters no output can carry: C0 controls but tab and line breaks, DEL, C1 controls,
# the non-characters U+FFFE/U+FFFF and lone surrogates (from a ``surrogateescape`` decode).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def _remove_unprintable(text: str, path: str | None) -> tuple[str, list[Diagnostic]]:
    if not _UNPRINTABLE.search(text):
        return text, []
    diags: list[Diagnostic] = []
    lines = text.split("\n")
    for no, line in enumerate(lines, start=1):
        found = _UNPRINTABLE.findall(line)
        if found:
            points = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            diags.append(
                Diagnostic(
                    level="warning",
                    code="control-characters",
                    message=f"removed {len(found)} control or invalid character(s) ({points}) that no "
                    "output format can carry",
                    line=no,
                    file=path,
                )
            )
            lines[no - 1] = _UNPRINTABLE.sub("", line)
    return "\n".join(lines), diags


def read_text(text: str, path: str | None = None, options: ReadOptions | None = None) -> Article:
    """Find the structure of ``text``; the texts stay as received (see the transforms)."""
    text, diags = _remove_unprintable(text.replace("\x85", "\n"), path)
    sources = [SourceLine(text=raw, no=no) for no, raw in enumerate(text.splitlines(), start=1)]
    script = detect_script(text)
    article = read_lines(sources, path, options, script)
    return replace(article, script=script, diagnostics=tuple(diags) + article.diagnostics)


def sniff(data: bytes, path: str | None = None) -> bool:
    """The text reader takes whatever no other reader claims (it refuses what does not
    decode as Chinese text, with a message naming what the file is)."""
    return True


def read(data: bytes, path: str | None = None, options: ReadOptions | None = None) -> Article:
    """Decode the bytes (:func:`cppcc_publish.textio.decode`) and read the text."""
    return read_text(decode(data, path or "<input>").text, path, options)
