"""Legacy Word files (.doc, and RTF) -> Article, through LibreOffice.

python-docx cannot read the binary Word 97–2003 format.  When LibreOffice is installed
the file is converted (``soffice --headless --convert-to docx``) in a temporary folder
with a profile of its own (so that a running LibreOffice, or another conversion at the
same time, does not block it) and read by the .docx reader.  Without LibreOffice the file
is refused with a message saying so; ``cppcc-publish formats`` shows the reader as
unavailable, with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..model import Article
from ..options import ReadOptions
from . import docx as docx_reader

NAME = "doc"
VERSION = "1"
SUFFIXES = (".doc", ".dot", ".rtf", ".wps")
DESCRIPTION = "legacy Word files (.doc, .rtf), converted to .docx by LibreOffice when it is installed"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The name of the stream a Word 97–2003 file keeps its text in, as its OLE directory
# spells it (UTF-16 little-endian); an Excel or PowerPoint file has none.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
TIMEOUT = 180
"""Seconds a conversion may take before it is given up."""


def soffice() -> str | None:
    """The LibreOffice program, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> str | None:
    """Why the reader cannot work here, or ``None``."""
    if soffice() is None:
        return "LibreOffice (soffice) is not installed, so a .doc file cannot be converted"
    return docx_reader.available()


def sniff(data: bytes, path: str | None = None) -> bool:
    """A Word 97–2003 file (an OLE container with a ``WordDocument`` stream) or RTF."""
    if data.startswith(OLE_MAGIC):
        return _WORD_STREAM in data[:1 << 20] or (path or "").lower().endswith((".doc", ".dot", ".wps"))
    return data.startswith(b"{\\rtf")


def convert(data: bytes, path: str | None = None) -> bytes:
    """The .docx LibreOffice makes of ``data``; :class:`InputError` when LibreOffice is
    missing or fails."""
    name = path or "<input>"
    program = soffice()
    if program is None:
        raise InputError(
            name,
            "a legacy Word (.doc) file, and LibreOffice is not installed to convert it; install "
            "LibreOffice (Debian: apt-get install libreoffice-writer) or save the file as .docx in Word",
        )
    suffix = ".rtf" if data.startswith(b"{\\rtf") else ".doc"
    with tempfile.TemporaryDirectory(prefix="cppcc-doc-") as tmp:
        folder = Path(tmp)
        src = folder / f"input{suffix}"
        src.write_bytes(data)
        profile = (folder / "profile").as_uri()
        cmd = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "docx", "--outdir", str(folder / "out"), str(src)]
        env = dict(os.environ, HOME=str(folder))
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise InputError(name, f"LibreOffice did not convert the file within {TIMEOUT} s") from None
        except OSError as exc:
            raise InputError(name, f"LibreOffice could not be run: {exc}") from None
        out = folder / "out" / "input.docx"
        if not out.is_file():
            said = " ".join((proc.stderr or proc.stdout or b"").decode("utf-8", "replace").split())[:200]
            raise InputError(name, "LibreOffice could not convert the file to .docx" + (f" ({said})" if said else ""))
        return out.read_bytes()


def read(data: bytes, path: str | None = None, options: ReadOptions | None = None) -> Article:
    """Convert the legacy file with LibreOffice and read it as a .docx."""
    options = options or ReadOptions()
    return docx_reader.read_document(docx_reader.load(convert(data, path), path), path, options)
