"""Photos: the manifest's images given to an article's captions, every photo checked, and
captions left without a photo flagged or dropped.

A caption copied out of a web page has lost its photo (``▲西平县政协开展…活动``); a saved
page may have it beside it (the reader fills :attr:`~cppcc_publish.model.Caption.image`).
A book must not print a caption under nothing without an editor knowing, so:

- the manifest gives an article its photos (``images:``), each matched to the caption
  whose text contains its ``caption`` words, or in order to the captions that have no
  photo yet (:func:`give_photos`); an image that matches no caption is an error naming
  the manifest's line;
- a photo that does not decode or has vanished is taken off its caption with a
  ``photo-unreadable`` warning (:func:`check_photos`); one the manifest names is checked
  when the manifest is read;
- a caption left without a photo gets a ``caption-without-photo`` warning, unless the
  manifest says ``captions_without_photos: keep`` (printed alone, an info) or ``drop``
  (left out, an info quoting it) (:func:`judge_captions`).  :func:`cppcc_publish.write`
  warns the same way about an article nobody judged;
- the paged writers warn (``photo-resolution``) about a photo that prints below
  :data:`PRINT_DPI` at its printed size (:func:`resolution_note`).

Photos are inputs: no output may overwrite one (:func:`photo_files`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .book.photos import Photo, photo_file
from .errors import CppccError, Diagnostic, InputError
from .inputs import check_image
from .model import Article, Block, Caption, Compilation

if TYPE_CHECKING:
    from .manifest import ImageEntry

CaptionPolicy = Literal["warn", "keep", "drop"]
CAPTION_POLICIES: tuple[CaptionPolicy, ...] = ("warn", "keep", "drop")
"""What to do with a caption left without a photo: print it and warn (the default),
print it (an info), or leave it out (an info quoting it)."""

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
"""The photos the three formats print: JPEG and PNG as they are, GIF (its first frame)
and WebP (common on Chinese sites, unknown to Word) converted to PNG by
:func:`photo_data`.  An SVG is no photo: reportlab and Word cannot print one."""

AS_IS = (".jpg", ".jpeg", ".png")
"""The photos embedded as they are."""

PRINT_DPI = 300
"""The resolution a printed photo needs at its printed size."""

JUDGED = ("caption-without-photo", "caption-dropped")
"""The codes that say an article's captions without photos were judged already."""


class PhotoError(CppccError):
    """An image the manifest gives an article that fits none of its captions."""


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "……"


def _where(manifest: Path, image: ImageEntry) -> str:
    return f"{manifest}:{image.line}" if image.line else str(manifest)


def _relative(article: Article, file: Path) -> str:
    """``file`` as a caption's ``image``: relative to the article's folder."""
    if not article.path:
        return str(file)
    return os.path.relpath(file, os.path.dirname(os.path.abspath(article.path)))


def give_photos(article: Article, images: Sequence[ImageEntry], manifest: Path) -> Article:
    """``article`` with the manifest's ``images`` above its captions.

    An image with ``caption`` goes above the one caption whose text contains those
    words (as ``parse`` prints it), replacing a photo the reader found; the others, in
    the manifest's order, above the captions that still have none, in reading order.
    An image that fits no caption, or words that several captions hold, is a
    :class:`PhotoError` naming the manifest's line and the article's captions.
    """
    if not images:
        return article
    body: list[Block] = list(article.body)
    captions = [i for i, b in enumerate(body) if isinstance(b, Caption)]
    listed = "; ".join(f"«{_short(body[i].text)}»" for i in captions) or "none"
    name = os.path.basename(article.path or "the article")
    given: set[int] = set()
    for image in images:
        if image.caption is None:
            continue
        words = image.caption.strip()
        hits = [i for i in captions if words in body[i].text]
        if len(hits) != 1:
            how = "no caption" if not hits else f"{len(hits)} captions"
            raise PhotoError(
                f"{_where(manifest, image)}: the image {image.file.name} is given to the caption "
                f"«{_short(words)}», but {how} of {name} hold(s) those words (its captions: {listed})"
            )
        if hits[0] in given:
            raise PhotoError(f"{_where(manifest, image)}: the caption «{_short(words)}» of {name} "
                             "is given two images")
        given.add(hits[0])
        body[hits[0]] = _with_image(body[hits[0]], _relative(article, image.file))
    free = [i for i in captions if i not in given and _image(body[i]) is None]
    in_order = [image for image in images if image.caption is None]
    if len(in_order) > len(free):
        first = in_order[len(free)]
        raise PhotoError(
            f"{_where(manifest, first)}: the image {first.file.name} has no caption left to go "
            f"above in {name}: {len(in_order)} image(s) are given in order, and {len(free)} "
            f"caption(s) have no photo (its captions: {listed}); name the caption with "
            "'caption:' or remove the image"
        )
    for i, image in zip(free, in_order):
        body[i] = _with_image(body[i], _relative(article, image.file))
    return replace(article, body=tuple(body))


def _image(block: Block) -> str | None:
    return block.image if isinstance(block, Caption) else None


def _with_image(block: Block, image: str) -> Caption:
    assert isinstance(block, Caption)
    return replace(block, image=image)


def check_photos(article: Article) -> Article:
    """``article`` with every photo that cannot be printed (missing, not of
    :data:`PHOTO_SUFFIXES`, truncated) taken off its caption, with a
    ``photo-unreadable`` warning naming it."""
    body: list[Block] = list(article.body)
    notes: list[Diagnostic] = []
    for i, block in enumerate(body):
        if not isinstance(block, Caption) or block.image is None:
            continue
        file = photo_file(article, block) or block.image
        problem = None
        if Path(file).suffix.lower() not in PHOTO_SUFFIXES:
            problem = f"it is not one of {', '.join(PHOTO_SUFFIXES)}"
        else:
            try:
                check_image(file, what="the photo")
            except InputError as exc:
                problem = exc.problem
        if problem is not None:
            body[i] = replace(block, image=None)
            notes.append(Diagnostic(
                level="warning", code="photo-unreadable", line=block.line, file=article.path,
                message=f"the photo {file} of the caption «{_short(block.text)}» cannot be "
                f"printed: {problem}",
            ))
    if not notes:
        return article
    return replace(article, body=tuple(body), diagnostics=article.diagnostics + tuple(notes))


def judged(article: Article) -> bool:
    """Whether ``article``'s captions without photos were judged (by a manifest's
    ``captions_without_photos`` or :func:`judge_captions`)."""
    return any(d.code in JUDGED for d in article.diagnostics)


def judge_captions(article: Article, policy: CaptionPolicy = "warn") -> Article:
    """``article`` with each caption that has no photo flagged (``warn``: a warning,
    ``keep``: an info) or left out with an info quoting it (``drop``)."""
    if policy not in CAPTION_POLICIES:
        raise ValueError(f"unknown policy {policy!r} (valid: {', '.join(CAPTION_POLICIES)})")
    body: list[Block] = []
    notes: list[Diagnostic] = []
    for block in article.body:
        if not isinstance(block, Caption) or block.image is not None:
            body.append(block)
            continue
        text = f"«{_short(block.text, 40)}»"
        if policy == "drop":
            notes.append(Diagnostic(
                level="info", code="caption-dropped", line=block.line, file=article.path,
                message=f"the caption {text} has no photo and is left out "
                "(captions_without_photos: drop)"))
            continue
        body.append(block)
        if policy == "keep":
            notes.append(Diagnostic(
                level="info", code="caption-without-photo", line=block.line, file=article.path,
                message=f"the caption {text} has no photo and prints alone "
                "(captions_without_photos: keep)"))
        else:
            notes.append(Diagnostic(
                level="warning", code="caption-without-photo", line=block.line, file=article.path,
                message=f"the caption {text} has no photo and would print under nothing: give "
                "the article its photo (images: in the manifest) or say what to do with such "
                "captions (captions_without_photos: keep or drop)"))
    if not notes:
        return article
    return replace(article, body=tuple(body), diagnostics=article.diagnostics + tuple(notes))


def prepare(compilation: Compilation) -> tuple[Compilation, tuple[Diagnostic, ...]]:
    """What :func:`cppcc_publish.write` does before a writer runs: every photo checked
    (:func:`check_photos`), captions without photos judged ``warn`` in articles nobody
    judged; returns the compilation to write and the diagnostics to report."""
    notes: list[Diagnostic] = []
    parts = []
    changed = False
    for part in compilation.parts:
        articles = []
        for article in part.articles:
            new = check_photos(article)
            if not judged(new):
                new = judge_captions(new, "warn")
            if new is not article:
                notes.extend(new.diagnostics[len(article.diagnostics):])
                changed = True
            articles.append(new)
        parts.append(replace(part, articles=tuple(articles)))
    if not changed:
        return compilation, ()
    return replace(compilation, parts=tuple(parts)), tuple(notes)


def photo_files(compilation: Compilation) -> Iterator[str]:
    """The file of every photo of ``compilation``'s articles."""
    for article in compilation.articles:
        for block in article.body:
            if isinstance(block, Caption) and block.image is not None:
                yield photo_file(article, block) or block.image


def photo_data(file: str) -> tuple[bytes, str]:
    """The bytes a writer embeds for the photo ``file`` and their suffix: a JPEG or PNG
    as it is, a GIF (first frame) or WebP as PNG, converted the same way every time
    (:class:`InputError` when the file cannot be read)."""
    import io

    from PIL import Image

    from .inputs import MAX_IMAGE_BYTES, read_bytes

    data = read_bytes(file, limit=MAX_IMAGE_BYTES, what="an image")
    suffix = Path(file).suffix.lower()
    if suffix in AS_IS:
        return data, ".jpg" if suffix == ".jpeg" else suffix
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.seek(0)
            rgb = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")
            out = io.BytesIO()
            rgb.save(out, format="PNG", optimize=False)
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(file, f"the photo cannot be converted to PNG: {exc}") from None
    return out.getvalue(), ".png"


def pixel_size(file: str) -> tuple[int, int]:
    """Width and height of the image ``file`` in pixels (:class:`InputError` when it
    cannot be read: it vanished or changed since it was checked)."""
    from PIL import Image

    try:
        with Image.open(file) as img:
            width, height = img.size
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(file, f"the photo cannot be read: {exc}") from None
    return int(width), int(height)


def resolution_note(photo: Photo, pixels: tuple[int, int], width_pt: float, where: str,
                    article: Article | None) -> Diagnostic | None:
    """A ``photo-resolution`` warning when ``photo`` (``pixels`` wide and high), printed
    ``width_pt`` points wide, has fewer than :data:`PRINT_DPI` pixels an inch; ``where``
    names the output (``the PDF (book preset)``)."""
    dpi = pixels[0] / (width_pt / 72.0)
    if dpi >= PRINT_DPI - 1e-6:
        return None
    block = article.body[photo.block] if article is not None and photo.block < len(article.body) else None
    width_mm = width_pt / 72.0 * 25.4
    height_mm = width_mm * pixels[1] / pixels[0]
    return Diagnostic(
        level="warning", code="photo-resolution", file=article.path if article else None,
        line=block.line if block is not None else None,
        message=f"the photo {photo.file} ({pixels[0]} × {pixels[1]} pixels) prints "
        f"{width_mm:.0f} × {height_mm:.0f} mm in {where}, at {dpi:.0f} dpi: print needs "
        f"{PRINT_DPI}; give a larger image (at least {round(PRINT_DPI * width_pt / 72.0)} "
        "pixels wide)",
    )
