"""Images next to an article file: the photos a caption stands under.

A saved web page keeps its photos in a folder beside it (``01_files/photo.jpg``); a
Markdown file names them by relative path (``![合影](img/合影.jpg)``).  Where such a file
exists, the caption keeps its path relative to the article file
(:attr:`cppcc_publish.model.Caption.image`), so that a book can print the photo.  Web
addresses, absolute paths and paths that leave the article's folder are not kept: a
book is built from the editor's folder, never from the network.
"""

from __future__ import annotations

import os
import posixpath
import urllib.parse
from dataclasses import replace

from ..inputs import IMAGE_SUFFIXES
from ..model import Article, Caption
from .view import compact


def local_image(src: str | None, article_path: str | None) -> str | None:
    """``src`` (an ``<img src>`` or a Markdown image path) as a path relative to the
    article file's folder, when it names an image file there; else ``None``.

    >>> local_image("http://example.com/a.jpg", "page.html") is None
    True
    """
    if not src or article_path is None:
        return None
    src = src.strip()
    parts = urllib.parse.urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith(("/", "\\")):
        return None
    rel = posixpath.normpath(urllib.parse.unquote(parts.path).replace("\\", "/"))
    if rel.startswith("../") or rel in ("..", ".", "") or os.path.isabs(rel):
        return None
    if os.path.splitext(rel)[1].lower() not in IMAGE_SUFFIXES:
        return None
    base = os.path.dirname(os.path.abspath(article_path))
    full = os.path.join(base, *rel.split("/"))
    return rel if os.path.isfile(full) else None


def attach_images(article: Article, images: list[tuple[str, str]], article_path: str | None) -> Article:
    """Give the article's captions the images they stand under: ``images`` lists
    ``(caption text, src)`` in reading order; each caption takes the first unused entry
    whose text holds the caption's, when the image is a file beside the article."""
    if not images or not any(isinstance(b, Caption) for b in article.body):
        return article
    pending = [(compact(text), src) for text, src in images]
    body = list(article.body)
    changed = False
    for k, block in enumerate(body):
        if not isinstance(block, Caption) or block.image is not None:
            continue
        key = compact(block.text)
        for n, (text, src) in enumerate(pending):
            if key and key in text:
                del pending[n]
                path = local_image(src, article_path)
                if path is not None:
                    body[k] = replace(block, image=path)
                    changed = True
                break
    return replace(article, body=tuple(body)) if changed else article
