"""Photos in the PDF: each scaled to the measure above its caption, the two on one page.

A photo is an item of whole line boxes of the body grid (so that the text after it stays
on the grid), unsplittable and kept with its caption, which is unsplittable too: when
the two do not fit on what is left of a page they head the next one, and the text after
them fills this page (图随文走, :class:`.paginate.Paginator`).  The photo is as wide as
the measure, unless that would make it taller than :data:`MAX_HEIGHT` of the type area
(a portrait photo): then it is as tall as that, centred.  A photo printed below 300 dpi at that size gets a ``photo-resolution``
warning (:func:`cppcc_publish.photos.resolution_note`).

The item's lines are :class:`PhotoLine` boxes without text; the first carries the
:class:`Picture`, which :func:`draw_photos` paints over all of them.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...book.photos import Photo
from ...book.plan import ArticleElement, TextElement
from ...errors import InputError
from ...model import Article
from ...photos import AS_IS, photo_data, pixel_size, resolution_note
from ...typography.linebreak import Line
from .compose import Context
from .pages import Item, Page

MAX_HEIGHT = 0.6
"""The tallest a photo prints, as a share of the type area's height."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Picture:
    """A photo as placed in its item."""

    file: str
    width: float
    height: float
    x: float
    """Left edge, from the left of the measure."""
    drop: float
    """Top edge, below the top of the item's first line box."""
    baseline: float
    """Where the paginator puts the first box's baseline, below the box's top (the em box
    centred in the line box, the ideographic baseline 0.12 em up): the picture is drawn
    from the placed baseline back up to the box."""


@dataclass(frozen=True, slots=True)
class PhotoLine(Line):
    """A line box a photo takes; the first of its item carries the picture."""

    picture: Picture | None = None


@dataclass(slots=True)
class ElementPhotos:
    """The photos of one element, by the index of their caption in its body."""

    by_block: Mapping[int, Photo] = field(default_factory=dict)
    article: Article | None = None

    @classmethod
    def of(cls, element: TextElement) -> ElementPhotos:
        article = element.article if isinstance(element, ArticleElement) else None
        return cls(by_block={p.block: p for p in element.photos}, article=article)

    def with_caption(self, ctx: Context, block: int, caption: Item) -> Iterator[Item]:
        """The caption of body block ``block``, after its photo if it has one (the
        caption's space above goes above the photo)."""
        photo = self.by_block.get(block)
        if photo is None:
            yield caption
            return
        item = photo_item(ctx, photo, len(caption.lines), self.article)
        item.before, caption.before = caption.before, 0.0
        caption.splittable = False
        yield item
        yield caption


def photo_item(ctx: Context, photo: Photo, caption_lines: int, article: Article | None) -> Item:
    """The item of ``photo``, above a caption of ``caption_lines`` lines."""
    p = ctx.preset
    pixels = pixel_size(photo.file)
    room = min(p.height * MAX_HEIGHT, p.height - (caption_lines + 1) * p.pitch)
    width = p.measure
    height = width * pixels[1] / pixels[0]
    if height > room:
        height = room
        width = height * pixels[0] / pixels[1]
    note = resolution_note(photo, pixels, width, f"the PDF ({p.name} preset)", article)
    if note is not None:
        ctx.diagnostics.append(note)
    # Whole line boxes: at least a quarter line of white above the photo, a fifth below.
    boxes = math.ceil((height + 0.45 * p.pitch) / p.pitch - 1e-6)
    below = 0.2 * p.pitch
    size = p.body_size
    picture = Picture(file=photo.file, width=width, height=height, x=(p.measure - width) / 2,
                      drop=boxes * p.pitch - below - height,
                      baseline=(p.pitch - size) / 2 + 0.88 * size)
    lines: list[Line] = [PhotoLine((), p.measure, False, picture)]
    lines += [PhotoLine((), p.measure, False) for _ in range(boxes - 1)]
    return Item(kind="photo", lines=lines, size=size, pitch=p.pitch, keep_with_next=True,
                splittable=False)


def draw_photos(canvas: Any, page: Page, left: float, top: float) -> None:
    """Paint the photos of ``page`` (``left``: the measure's left edge, ``top``: the type
    area's top, in page coordinates)."""
    for placed in page.lines:
        line = placed.line
        if not isinstance(line, PhotoLine) or line.picture is None:
            continue
        pic = line.picture
        y = top - (placed.baseline - pic.baseline) - pic.drop - pic.height
        source: Any = pic.file
        if Path(pic.file).suffix.lower() not in AS_IS:  # a GIF or WebP: drawn as PNG
            from reportlab.lib.utils import ImageReader

            source = ImageReader(io.BytesIO(photo_data(pic.file)[0]))
        try:
            canvas.drawImage(source, left + pic.x, y, pic.width, pic.height, mask="auto")
        except OSError as exc:
            raise InputError(pic.file, f"the photo cannot be read: {exc}") from None
