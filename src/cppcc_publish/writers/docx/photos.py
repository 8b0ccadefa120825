"""Photos in the DOCX: each in a paragraph of its own above its caption, kept with it.

The photo is an inline picture as wide as the type area (the measure), unless that
would make it taller than :data:`MAX_HEIGHT` of the type area (a portrait photo): then
it is as tall as that, centred.  Its paragraph keeps with the next (the caption), so
Word and LibreOffice move the two to the next page together; it is off the document
grid and single-spaced, so that a preset's exact line spacing (GB/T 9704's 28.95 pt)
does not clip it.  The picture carries the caption as its alternative text.  A photo
printed below 300 dpi at that size gets a ``photo-resolution`` warning.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ...book.photos import Photo
from ...errors import InputError
from ...model import Article, Caption
from ...photos import photo_data, pixel_size, resolution_note

if TYPE_CHECKING:
    from .build import Builder

MAX_HEIGHT = 0.6
"""The tallest a photo prints, as a share of the type area's height."""

_PPR = ('<w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="60" w:line="240" '
        'w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="0" '
        'w:firstLineChars="0"/><w:jc w:val="center"/>')


def photo_paragraph(builder: Builder, photo: Photo, article: Article | None) -> None:
    """Add the paragraph of ``photo`` (whose caption follows it) to ``builder``."""
    from lxml import etree  # type: ignore[import-untyped]

    part = builder.document.part
    pixels = pixel_size(photo.file)
    width = builder.text_width * 635  # twips -> EMU
    height = width * pixels[1] // pixels[0]
    room = int(builder.text_height * MAX_HEIGHT) * 635
    if height > room:
        width, height = room * pixels[0] // pixels[1], room
    note = resolution_note(photo, pixels, width / 12700, "the DOCX", article)
    if note is not None:
        builder.notes.append(note)
    try:
        data, _suffix = photo_data(photo.file)  # a GIF or WebP as PNG: Word reads no WebP
        inline = part.new_pic_inline(io.BytesIO(data), width, height)
    except Exception as exc:  # python-docx raises its own errors and OSError
        raise InputError(photo.file, f"the photo cannot be read: {exc}") from None
    caption = article.body[photo.block] if article is not None else None
    if isinstance(caption, Caption):
        inline.docPr.set("descr", builder.clean(caption.text))
    xml = etree.tostring(inline, encoding="unicode")
    style = builder.ids["Caption"]
    pn = builder.paragraph(style, [f"<w:r><w:drawing>{xml}</w:drawing></w:r>"], _PPR)
    # w:keepNext comes right after w:pStyle in a paragraph's properties (before the
    # w:pageBreakBefore the builder may put in): keep the photo with its caption.
    mark = f'<w:pStyle w:val="{style}"/>'
    builder.frags[pn] = builder.frags[pn].replace(mark, mark + "<w:keepNext/>", 1)
