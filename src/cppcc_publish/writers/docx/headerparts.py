"""Header and footer parts added in bulk, in linear time.

A book has a section per article, and each section its own running heads and folios.
python-docx adds a header or footer part (``is_linked_to_previous = False``) by walking
every part of the package for a free part name and every relationship of the document
for a free ``rId`` and for an existing relationship to the new part: quadratic in the
number of sections (a 1,000-article book spent seconds there).  :class:`HeaderParts`
makes the same parts with the same names and ``rId``\\ s — the lowest free number, as
python-docx chooses them — keeping what is taken in sets.  Where python-docx's insides
are not as expected, it falls back to python-docx's own way.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.parser import parse_xml
from docx.parts.hdrftr import FooterPart, HeaderPart


class HeaderParts:
    """Unlinks headers and footers of one document; made once the document's parts are
    settled (no part is dropped while it is in use)."""

    def __init__(self, document_part: Any) -> None:
        self.part = document_part
        self.rels = document_part.rels
        self.names = {str(p.partname) for p in document_part.package.iter_parts()}
        self.numbers = {"header": 1, "footer": 1}
        self.rid = 1
        self.templates: dict[str, Any] = {}

    def unlink(self, hf: Any) -> None:
        """``hf.is_linked_to_previous = False`` for a python-docx ``_Header`` or ``_Footer``."""
        try:
            if not hf.is_linked_to_previous:
                return
            kind = "header" if _is_header(hf) else "footer"
            cls = HeaderPart if kind == "header" else FooterPart
            element = self._template(kind, cls)
            part = cls(self._partname(kind), CT.WML_HEADER if kind == "header" else CT.WML_FOOTER,
                       element, self.part.package)
            rid = self._rid()
            self.rels.add_relationship(RT.HEADER if kind == "header" else RT.FOOTER, part, rid)
            if kind == "header":
                hf._sectPr.add_headerReference(hf._hdrftr_index, rid)
            else:
                hf._sectPr.add_footerReference(hf._hdrftr_index, rid)
        except AttributeError:  # another python-docx: its own (slower) way
            hf.is_linked_to_previous = False

    def _template(self, kind: str, cls: Any) -> Any:
        if kind not in self.templates:
            xml = cls._default_header_xml() if kind == "header" else cls._default_footer_xml()
            self.templates[kind] = parse_xml(xml)
        return deepcopy(self.templates[kind])

    def _partname(self, kind: str) -> PackURI:
        n = self.numbers[kind]
        while f"/word/{kind}{n}.xml" in self.names:
            n += 1
        name = f"/word/{kind}{n}.xml"
        self.names.add(name)
        self.numbers[kind] = n + 1
        return PackURI(name)

    def _rid(self) -> str:
        while f"rId{self.rid}" in self.rels:
            self.rid += 1
        return f"rId{self.rid}"


def _is_header(hf: Any) -> bool:
    from docx.section import _Header

    return isinstance(hf, _Header)
