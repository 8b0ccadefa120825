"""The photos a book prints: each above its caption, in every format.

A caption's photo is :attr:`~cppcc_publish.model.Caption.image`, a path relative to the
article's file (a saved page's ``01_files/photo.jpg``, or an image the manifest gives the
article).  The plan gives each element the photos of its body as :class:`Photo`: the
caption it stands above and the file, resolved against the article's folder, so that no
writer resolves paths.  Pure: no file is opened here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..model import Article, Caption


@dataclass(frozen=True, slots=True, kw_only=True)
class Photo:
    """A photo printed above its caption, kept on one page with it."""

    block: int
    """Index of its caption in the element's body."""
    file: str
    """The image file: the caption's :attr:`image` joined to the article's folder (the
    current folder for an article read from a string)."""
    image: str
    """The caption's ``image`` as the model holds it (shown in the plan's dump)."""


def photo_file(article: Article, caption: Caption) -> str | None:
    """The file of ``caption``'s photo, or ``None`` when it has none: its ``image``
    relative to the folder of ``article``'s file."""
    if caption.image is None:
        return None
    base = os.path.dirname(article.path) if article.path else ""
    return os.path.normpath(os.path.join(base, caption.image))


def article_photos(article: Article) -> tuple[Photo, ...]:
    """The photos of ``article``'s captions, in reading order."""
    out: list[Photo] = []
    for i, block in enumerate(article.body):
        if isinstance(block, Caption) and block.image is not None:
            out.append(Photo(block=i, file=photo_file(article, block) or block.image,
                             image=block.image))
    return tuple(out)
