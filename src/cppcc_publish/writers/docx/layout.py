"""LibreOffice as the DOCX's finishing step: where each element of the plan opens.

A DOCX carries no layout: a program that opens it lays the text out itself, and a page
number in the 目录 is a PAGEREF field whose result is only what was last written there.
Word fills such fields when asked (``w:updateFields``, a question on opening); LibreOffice,
WPS, previewers and a printer's RIP show the written result as it is.  So the writer lays
the document out once with LibreOffice, when it is installed, and writes the folios it
finds into the fields' results: every program then shows a 目录 with page numbers, the
ones LibreOffice prints on the pages (Word, whose layout can differ by a line here and
there, shows the same numbers until its fields are updated).

LibreOffice sets the text in the bundled faces (:func:`fontconfig`): Polity Serif for
宋体 (SimSun) and Times New Roman, Polity Sans for 黑体 (SimHei), Polity Kai for 楷体 (KaiTi)
and 仿宋 (FangSong, which no free face stands for), whatever fonts the machine has.  A
machine without Chinese faces (a server, most CI) would otherwise set every Han character
in a fallback two to four times too wide, and one with other faces would break other
lines: with the bundled faces the folios written are the same on every machine that has
the same LibreOffice version.

How: ``soffice --headless --convert-to pdf`` in a temporary profile, with Writer's
bookmarks exported as named destinations (``ExportBookmarksToPDFDestination``) and the
blank pages an odd-page section start puts in kept (``IsSkipEmptyPages`` false); each
element's bookmark (:attr:`~.build.Builder.marks`) then names the page it opens on, and
its folio follows from the page its sequence of folios starts on (LibreOffice counts a
blank page put in for a recto opening, as Word does and as the plan says).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from ...book.plan import Book
from ...typography.fonts import FontError, bundled_path

TIMEOUT = 300.0
"""Seconds LibreOffice may take to lay a document out (a 300-page book takes about 20)."""

_EXPORT = ('pdf:writer_pdf_Export:{'
           '"IsSkipEmptyPages":{"type":"boolean","value":"false"},'
           '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"},'
           '"ExportNotes":{"type":"boolean","value":"false"}}')


class LayoutError(Exception):
    """LibreOffice did not lay the document out (it failed, or took too long)."""


def find_soffice() -> str | None:
    """The LibreOffice program on ``PATH`` (``soffice``, else ``libreoffice``)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


FACES: dict[str, str] = {
    "宋体": "Polity Serif", "SimSun": "Polity Serif", "Times New Roman": "Polity Serif",
    "黑体": "Polity Sans", "SimHei": "Polity Sans",
    "楷体": "Polity Kai", "KaiTi": "Polity Kai",
    "仿宋": "Polity Kai", "FangSong": "Polity Kai",
}
"""The family LibreOffice sets for each face a DOCX of the writer names."""


def fontconfig(folder: Path) -> Path:
    """A fontconfig file in ``folder`` (``FONTCONFIG_FILE``) that offers LibreOffice the
    bundled faces alone, each standing for the faces :data:`FACES` names; its cache in
    ``folder`` too.  Raises :class:`LayoutError` when the package lacks its fonts."""
    try:
        fonts = bundled_path("body").parent
    except FontError as exc:
        raise LayoutError(str(exc)) from exc
    rules = "".join(
        f'<match target="pattern"><test qual="any" name="family"><string>{escape(name)}'
        f'</string></test><edit name="family" mode="assign" binding="strong"><string>'
        f"{escape(face)}</string></edit></match>"
        for name, face in FACES.items())
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><dir>{escape(str(fonts))}</dir>"
        f"<cachedir>{escape(str(folder / 'fc-cache'))}</cachedir>{rules}</fontconfig>",
        "utf-8")
    return path


def _pdf_name(bookmark: str) -> str:
    """A bookmark's name as LibreOffice 7.4 writes it in a PDF's destinations: letters,
    digits and ``-`` as they are, any other character as its hexadecimal code without
    the ``#`` a PDF name would need (``_Toc00001`` -> ``5FToc00001``)."""
    return "".join(c if (c.isascii() and c.isalnum()) or c == "-" else f"{ord(c):02X}"
                   for c in bookmark)


def opening_pages(docx: bytes, bookmarks: Mapping[str, str], soffice: str,
                  timeout: float | None = None) -> dict[str, int]:
    """The page (0-based, blank pages counted) on which LibreOffice lays out each of
    ``bookmarks`` (element key -> bookmark name) in ``docx``; a bookmark it does not
    place is left out.  ``timeout``: :data:`TIMEOUT` unless given.  Raises
    :class:`LayoutError`."""
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory(prefix="cppcc-publish-lo-") as tmp:
        folder = Path(tmp)
        src = folder / "book.docx"
        src.write_bytes(docx)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nologo", "--nolockcheck",
                   "--convert-to", _EXPORT, "--outdir", str(folder), str(src)]
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(folder))}
        _run(command, TIMEOUT if timeout is None else timeout, env)
        pdf = folder / "book.pdf"
        if not pdf.is_file():
            raise LayoutError("LibreOffice wrote no PDF")
        try:
            reader = PdfReader(io.BytesIO(pdf.read_bytes()))
            found: dict[str, int] = {}
            for name, dest in reader.named_destinations.items():
                page = reader.get_destination_page_number(dest)
                if page is not None and page >= 0:
                    found[str(name).lstrip("/")] = page
        except Exception as exc:  # pypdf raises its own errors on a damaged file
            raise LayoutError(f"LibreOffice's PDF cannot be read: {exc}") from exc
    pages: dict[str, int] = {}
    for key, mark in bookmarks.items():
        for name in (mark, _pdf_name(mark)):
            if name in found:
                pages[key] = found[name]
                break
    return pages


def _run(command: list[str], timeout: float, env: Mapping[str, str] | None = None) -> None:
    """Run LibreOffice in a process group of its own, so that a timeout or an
    interruption ends every process it started (``soffice`` starts ``oosplash``, which
    starts ``soffice.bin``)."""
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise LayoutError(f"LibreOffice took more than {timeout:g} s") from None
    except BaseException:
        _kill(proc)
        raise
    if proc.returncode != 0:
        tail = out.decode("utf-8", "replace").strip().splitlines()[-1:] if out else []
        raise LayoutError(f"LibreOffice exited with status {proc.returncode}"
                          + (f": {tail[0]}" if tail else ""))
    if b"Error:" in out:
        message = out.decode("utf-8", "replace")
        raise LayoutError("LibreOffice: " + message[message.index("Error:"):].strip()[:200])


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()


def folios(book: Book, pages: Mapping[str, int]) -> dict[str, str]:
    """The folio each numbered element of ``book`` opens on, by key, from the pages its
    elements open on (:func:`opening_pages`): a sequence of folios starts at 1 on the
    page of the element that restarts it and counts every page after it, blank ones
    too.  An element whose page (or whose sequence's first page) is unknown is left
    out."""
    out: dict[str, str] = {}
    start: int | None = None
    for element in book.elements:
        f = element.folios
        if f is None:
            continue
        page = pages.get(element.key)
        if f.restart:
            start = page
        if page is None or start is None or page < start:
            continue
        n = page - start + 1
        out[element.key] = f.numeral(n)
    return out
