"""The one golden-file helper: compare an output with its golden file.

A mismatch writes ``*.actual`` beside the golden file and says how to accept it; nothing
is overwritten unless ``CPPCC_ACCEPT=1`` is set.  XML is compared in a canonical,
indented form (:func:`canonical_xml`) so that golden files diff line by line.
"""

from __future__ import annotations

import difflib
import io
import os
import zipfile
from pathlib import Path

from lxml import etree

ACCEPT = os.environ.get("CPPCC_ACCEPT") == "1"


def check_golden(golden: Path, actual: str) -> None:
    side = golden.with_name(golden.name + ".actual")
    if ACCEPT:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, "utf-8")
        side.unlink(missing_ok=True)
        return
    if not golden.exists():
        side.write_text(actual, "utf-8")
        raise AssertionError(
            f"no golden file {golden}; the output was written to {side}. Check it, then "
            f"accept with: mv {side} {golden}  (or rerun with CPPCC_ACCEPT=1)"
        )
    expected = golden.read_text("utf-8")
    if expected == actual:
        side.unlink(missing_ok=True)
        return
    side.write_text(actual, "utf-8")
    diff = "".join(
        list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                  str(golden), str(side), n=2))[:60]
    )
    raise AssertionError(
        f"{golden} differs from the output (written to {side}).\n{diff}\n"
        f"If the change is intended, accept it with: mv {side} {golden}  "
        "(or rerun with CPPCC_ACCEPT=1)"
    )


def canonical_xml(xml: bytes) -> str:
    """C14N 2.0, then indented, so that golden files diff line by line."""
    c14n = etree.canonicalize(xml_data=xml.decode("utf-8"))
    parser = etree.XMLParser(remove_blank_text=True)
    tree = etree.fromstring(c14n.encode("utf-8"), parser)
    return str(etree.tostring(tree, pretty_print=True, encoding="unicode"))


def zip_member(data: bytes, name: str) -> bytes:
    """One member of a zip file's bytes (``word/document.xml`` of a DOCX)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def document_xml(data: bytes) -> bytes:
    """``word/document.xml`` of a DOCX's bytes."""
    return zip_member(data, "word/document.xml")
