"""Exceptions for what stops the work, and diagnostics for what an editor must see.

Exceptions are raised for unreadable input, a bad manifest, a missing dependency or an
unwritable destination.  Doubtful *content* is never an exception: it becomes a
:class:`Diagnostic` carried by the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["info", "warning"]
LEVELS: tuple[Level, ...] = ("info", "warning")


class CppccError(Exception):
    """Base class of the errors a user can cause; the CLI prints them in one line."""


class InputError(CppccError):
    """An input file cannot be read as an article (missing, a directory, binary, empty...)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Keeps the error intact when it crosses a process pool.
        return (InputError, (self.path, self.problem))


class OptionError(CppccError):
    """An option, transform name or format name that does not exist."""


class StrictError(CppccError):
    """``--strict`` was asked for and warnings remain."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """Something the reader or a transform wants an editor to know.

    ``info`` is an automatic change that is certain and logged (page chrome removed, a
    paragraph re-joined); ``warning`` is something an editor must look at (a garbled span,
    no title, a missing glyph).
    """

    level: Level
    """``info`` or ``warning``."""
    code: str
    """A short stable identifier such as ``garbled-text`` or ``no-title``."""
    message: str
    """One sentence for a person, quoting the text concerned."""
    line: int | None = None
    """1-based line of the input file the diagnostic concerns, if known."""
    paragraph: int | None = None
    """1-based body paragraph (headings and captions not counted), if it concerns one."""
    file: str | None = field(default=None, compare=False)
    """The input file, for printing; not part of equality."""

    def format(self, path: str | None = None) -> str:
        """``path:line: warning[code]: message``, the form compilers use."""
        where = path or self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        extra = f" (paragraph {self.paragraph})" if self.paragraph is not None else ""
        return f"{where}: {self.level}[{self.code}]: {self.message}{extra}"


def count_warnings(diagnostics: tuple[Diagnostic, ...]) -> int:
    """How many of ``diagnostics`` are warnings."""
    return sum(1 for d in diagnostics if d.level == "warning")


def check_type(func: str, name: str, value: object, types: tuple[type, ...], expected: str) -> None:
    """Raise ``TypeError("func(): name must be expected, not ...")`` unless ``value`` is
    one of ``types`` (``bool`` is not taken for a number).  Called at the edge of the
    public API, so that misuse is reported in the caller's terms."""
    if isinstance(value, bool) and bool not in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise TypeError(f"{func}(): {name} must be {expected}, not {type(value).__name__} {shown}")
