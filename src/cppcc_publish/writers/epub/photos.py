"""The EPUB's photos: one image item per photo file, named ``images/photo001.png`` … in
the order the book first prints them (a file printed twice is one item; a GIF or WebP
as PNG, as in the other formats), each shown in
a ``figure`` above its caption (:func:`cppcc_publish.writers.xhtml.figure_html`).  An
EPUB has no printed size: the photo is as wide as the reader's page at most, and no
resolution is checked here."""

from __future__ import annotations

from dataclasses import dataclass, field
from ebooklib import epub

from ...book.plan import Book, TextElement
from ...photos import photo_data

MEDIA_TYPES = {".jpg": "image/jpeg", ".png": "image/png"}


@dataclass(slots=True)
class Photos:
    """The photo items of a book and the address of each file from a content document."""

    src: dict[str, str] = field(default_factory=dict)
    """Photo file -> its address from ``text/`` (``../images/photo001.png``)."""
    items: list[epub.EpubItem] = field(default_factory=list)


def photo_items(book: Book) -> Photos:
    """Every photo of ``book``'s elements as an image item, in print order."""
    out = Photos()
    for e in book.elements:
        if not isinstance(e, TextElement):
            continue
        for photo in e.photos:
            if photo.file in out.src:
                continue
            data, suffix = photo_data(photo.file)  # a GIF or WebP as PNG
            name = f"images/photo{len(out.items) + 1:03d}{suffix}"
            item = epub.EpubItem(uid=f"photo{len(out.items) + 1:03d}", file_name=name,
                                 media_type=MEDIA_TYPES[suffix], content=data)
            out.items.append(item)
            out.src[photo.file] = f"../{name}"
    return out
