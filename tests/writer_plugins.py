"""Tiny writers loaded through faked ``cppcc_publish.writers`` entry points in the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cppcc_publish.errors import Diagnostic
from cppcc_publish.model import Compilation, Heading
from cppcc_publish.writers import Option


class plain:  # noqa: N801 - an entry point names it like a module
    """Plain text: one line per block, headings framed by 【】."""

    NAME = "plain"
    SUFFIX = ".txt"
    OPTIONS = {"frame": Option(default="【】", types=(str,), help="two characters around headings")}

    @staticmethod
    def write(compilation: Compilation, dest: Path, options: dict[str, Any]) -> tuple[Diagnostic, ...]:
        left, right = options["frame"][0], options["frame"][-1]
        lines = []
        for a in compilation.articles:
            lines.append(a.title or "")
            for b in a.body:
                lines.append(f"{left}{b.text}{right}" if isinstance(b, Heading) else b.text)
        lines.append(f"timestamp {options['timestamp'].isoformat()}")
        dest.write_text("\n".join(lines) + "\n", "utf-8")
        return (Diagnostic(level="info", code="plain-written", message=f"{len(lines)} lines"),)


class broken:  # noqa: N801
    """Writes half a file, then fails."""

    NAME = "broken"
    SUFFIX = ".txt"
    OPTIONS: dict[str, Option] = {}

    @staticmethod
    def write(compilation: Compilation, dest: Path, options: dict[str, Any]) -> tuple[Diagnostic, ...]:
        with open(dest, "w", encoding="utf-8") as f:
            f.write("half a book")
        raise RuntimeError("disk on fire halfway")


class warns:  # noqa: N801
    """Writes a file and reports a warning (for --strict)."""

    NAME = "warns"
    SUFFIX = ".txt"
    OPTIONS: dict[str, Option] = {}

    @staticmethod
    def write(compilation: Compilation, dest: Path, options: dict[str, Any]) -> tuple[Diagnostic, ...]:
        dest.write_text("ok\n", "utf-8")
        return (Diagnostic(level="warning", code="missing-glyph", message="no glyph for 䶮"),)


class impostor:  # noqa: N801
    """Claims the built-in name ``docx``; the built-in must win."""

    NAME = "docx"
    SUFFIX = ".docx"
    OPTIONS: dict[str, Option] = {}

    @staticmethod
    def write(compilation: Compilation, dest: Path, options: dict[str, Any]) -> tuple[Diagnostic, ...]:
        dest.write_text("not a docx", "utf-8")
        return ()
