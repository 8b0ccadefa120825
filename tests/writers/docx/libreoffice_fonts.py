"""LibreOffice for the DOCX tests: the program on PATH, run with the bundled fonts.

A DOCX names the faces every Chinese Windows has (宋体, 黑体, 楷体, 仿宋); a test machine
may have none of them, or no Chinese face at all (LibreOffice then sets every Han
character in a Latin font's fallback, two to four times too wide).  So the LibreOffice
tests give LibreOffice a fontconfig set-up of their own (``FONTCONFIG_FILE``): the
repository's ``fonts/`` alone, with 宋体 (SimSun) set in Polity Serif, 黑体 (SimHei) in
Polity Sans, 楷体 (KaiTi) and 仿宋 (FangSong, which no free face stands for) in Polity
Kai.  The layout is then the same on every machine, whatever fonts it has.  The writer's
own LibreOffice step (:mod:`cppcc_publish.writers.docx.layout`) sets the same fonts up
itself, so that the folios it writes and the pages the tests read come from one layout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from cppcc_publish.writers.docx import layout

# IsSkipEmptyPages false (JSON filter options: LibreOffice 7.4 and later): export the
# blank pages LibreOffice puts in for odd-page section starts, as a printer prints them;
# the document's outline (paragraphs with an outline level) as the PDF's bookmarks.
EXPORT = ('pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"},'
          '"ExportBookmarks":{"type":"boolean","value":"true"}}')


def fontconfig(folder: Path) -> Path:
    """A fontconfig file in ``folder`` that offers only the bundled faces: the one the
    writer's own LibreOffice step uses (:func:`cppcc_publish.writers.docx.layout.fontconfig`)."""
    return layout.fontconfig(folder)


@dataclass
class LibreOffice:
    """LibreOffice with the bundled fonts; :meth:`pdf` lays a DOCX out."""

    program: str
    folder: Path

    def pdf(self, docx: Path) -> Path:
        """``docx`` as LibreOffice lays it out, exported to PDF beside it."""
        profile = self.folder / f"profile-{docx.stem}"
        subprocess.run(
            [self.program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", EXPORT, "--outdir", str(docx.parent), str(docx)],
            check=True, capture_output=True, timeout=300,
        )
        shutil.rmtree(profile, ignore_errors=True)
        return docx.with_suffix(".pdf")

    def pages(self, docx: Path) -> list[list[str]]:
        """The pages of ``docx`` as LibreOffice lays it out, blank pages included, each
        page's non-empty lines stripped (pdftotext's layout)."""
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        text = subprocess.run(["pdftotext", "-layout", str(self.pdf(docx)), "-"], check=True,
                              capture_output=True).stdout.decode()
        pages = [[ln.strip() for ln in pg.splitlines() if ln.strip()] for pg in text.split("\f")]
        return pages[:-1] if pages and not pages[-1] else pages


def libreoffice(folder: Path, mp: pytest.MonkeyPatch) -> LibreOffice:
    """LibreOffice with the bundled fonts (skips the test when it is not installed), set
    up in the environment (``FONTCONFIG_FILE``) until ``mp`` is undone."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        pytest.skip("LibreOffice is not installed")
    mp.setenv("FONTCONFIG_FILE", str(fontconfig(folder)))
    return LibreOffice(program=program, folder=folder)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
