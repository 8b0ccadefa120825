"""The DOCX package: the shipped reference document, loading one, core properties and
saving with fixed zip dates (the same input and timestamp give the same bytes)."""

from __future__ import annotations

import datetime as _dt
import io
from importlib.resources import files
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from ...errors import OptionError
from .. import FixedZip, normalize_zip
from .styles import apply_preset


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>cppcc_publish</Application>"
    b"<DocSecurity>0</DocSecurity></Properties>"
)


# Font table entries for the four faces the styles name, as Word on Windows writes them:
# the English name as altName and the GB2312 charset (86) let Word, WPS and LibreOffice
# substitute a Chinese face where the named one is missing, rather than a Latin one.
_CHINESE_FONTS = (
    ("宋体", "SimSun", "02010600030101010101", "auto", "variable"),
    ("黑体", "SimHei", "02010609060101010101", "modern", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
)


def _with_chinese_fonts(blob: bytes) -> bytes:
    root = etree.fromstring(blob)
    have = {f.get(qn("w:name")) for f in root.iter(qn("w:font"))}
    for name, alt, panose, family, pitch in _CHINESE_FONTS:
        if name in have:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, val in (("altName", alt), ("panose1", panose), ("charset", "86"),
                         ("family", family), ("pitch", pitch)):
            etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), val)
        etree.SubElement(font, qn("w:sig"), {
            qn("w:usb0"): "00000003", qn("w:usb1"): "288F0000", qn("w:usb2"): "00000016",
            qn("w:usb3"): "00000000", qn("w:csb0"): "00040001", qn("w:csb1"): "00000000"})
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def build_reference() -> bytes:
    """The shipped ``reference.docx``: python-docx's template with the book preset's
    styles and page, an empty body, fixed properties and fixed zip dates."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    apply_preset(document, "book")
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(rel.rId)
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_XML
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = _with_chinese_fonts(rel.target_part.blob)
    # Word 2010's copy of the styles still has the template's theme fonts; Word reads
    # styles.xml, so the copy only misleads.
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rel.rId)
    moment = _dt.datetime(2025, 1, 1, tzinfo=_dt.timezone.utc)
    set_core(document, title="cppcc_publish reference", author="cppcc_publish", moment=moment)
    buf = io.BytesIO()
    save(document, buf, moment)
    return buf.getvalue()


def set_core(document: DocxDocument, *, title: str, author: str, moment: _dt.datetime) -> None:
    cp = document.core_properties
    naive = moment.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    cp.title = title
    cp.author = author
    cp.language = "zh-CN"
    cp.created = naive
    cp.modified = naive
    cp.last_printed = naive
    cp.last_modified_by = "cppcc_publish"
    cp.revision = 1
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.content_status = ""
    cp.identifier = ""
    cp.version = ""


# --------------------------------------------------------------------------- text



def load(reference: Path | None) -> DocxDocument:
    if reference is not None:
        if not reference.is_file():
            raise OptionError(f"option 'reference': {reference} is not a file")
        try:
            document = docx.Document(str(reference))
        except Exception as exc:
            raise OptionError(f"option 'reference': {reference} is not a .docx: {exc}") from exc
    else:
        data = files("cppcc_publish.templates").joinpath("reference.docx").read_bytes()
        document = docx.Document(io.BytesIO(data))
    _linear_partnames(document)
    return document


def _linear_partnames(document: DocxDocument) -> None:
    """python-docx names each new part (a header or footer per section) by walking every
    part of the package: quadratic in a book of a thousand sections.  Give the package a
    namer that remembers what it handed out; the names it picks are the same."""
    package = document.part.package
    used = {str(part.partname) for part in package.iter_parts()}
    last: dict[str, int] = {}

    def next_partname(template: str) -> Any:
        n = last.get(template, 0) + 1
        while template % n in used:
            n += 1
        last[template] = n
        used.add(template % n)
        return PackURI(template % n)

    package.next_partname = next_partname



def save(document: DocxDocument, dest: Path | io.BytesIO, moment: _dt.datetime) -> None:
    """Save with fixed zip dates in one compression pass.

    python-docx's ``save`` stamps zip entries with the current time; its package writer
    is driven here with a :class:`FixedZip` instead (python-docx 0.8-1.2 share this
    interface).  Should a later python-docx change it, the document is saved normally
    and re-packed, which gives the same bytes, only slower."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    steps: list[Any] = [getattr(PackageWriter, n, None) for n in
             ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")]
    if any(step is None for step in steps):
        buf = io.BytesIO()
        document.save(buf)
        data = normalize_zip(buf.getvalue(), moment, first=("[Content_Types].xml",))
        if isinstance(dest, io.BytesIO):
            dest.write(data)
        else:
            dest.write_bytes(data)
        return
    for part in package.parts:
        part.before_marshal()
    content_types, pkg_rels, parts = steps
    out = FixedZip(dest, moment)
    try:
        content_types(out, package.parts)
        pkg_rels(out, package.rels)
        parts(out, package.parts)
    finally:
        out.close()
