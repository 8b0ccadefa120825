"""Reading input files safely: the file's type and size are checked before it is read,
and it is read with a cap.

A FIFO given as an article would block for ever, ``/dev/zero`` would fill the memory and
a 2 GB sparse file would be read whole before being refused; all three are refused here
in one line, before a byte is read.  An image an editor names (a cover) must decode: a
truncated JPEG or PNG is refused where the manifest or the options are read, not
embedded silently or found broken by a writer.
"""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path

from .errors import InputError

MAX_TEXT_BYTES = 64 * 1024 * 1024
"""The largest article (or front matter) file read: 64 MB, some 20 million Chinese
characters in UTF-8, far beyond any article."""

MAX_MANIFEST_BYTES = 16 * 1024 * 1024
"""The largest manifest read."""

MAX_IMAGE_BYTES = 64 * 1024 * 1024
"""The largest image (cover) read."""

MAX_IMAGE_PIXELS = 100_000_000
"""The most pixels an image may have: a 16开 cover at 600 dpi has 27 million."""

IMAGE_SUFFIXES: dict[str, str | None] = {
    ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP", ".svg": None,
}
"""Image file suffixes accepted for a cover, with the format Pillow must find in them
(``None``: SVG, checked as XML)."""


_open = os.open  # tests replace it to play an unreadable file as root


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a file; reading it could wait for ever"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def not_a_file(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as a file (``"no such file"``, ``"is a FIFO…"``), or
    ``None`` when it is a regular file."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return "no such file"
    return None if stat.S_ISREG(st.st_mode) else file_kind(st.st_mode)


def read_bytes(path: str | os.PathLike[str], *, limit: int = MAX_TEXT_BYTES, what: str = "an article") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`InputError` naming the file when it is missing, not a regular file
    (a directory, a FIFO, a device, a socket), larger than ``limit`` or unreadable.
    ``what`` names the file's use in the size message (``"a manifest"``).
    """
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied: the file cannot be read") from None
    except (OSError, ValueError) as exc:
        cause = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(name, f"cannot be read: {cause}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(name, file_kind(st.st_mode))
    too_big = f"more than the {_mb(limit)} {what} may hold (is it really {what}?)"
    if st.st_size > limit:
        raise InputError(name, f"is {_mb(st.st_size)}, {too_big}")
    try:
        # O_NONBLOCK: a FIFO put in the file's place since the stat above must not block.
        fd = _open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except PermissionError:
        raise InputError(name, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise InputError(name, f"cannot be read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(name, file_kind(st.st_mode))
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew, or a /proc file that says 0 bytes
                raise InputError(name, f"holds {too_big}")
    except OSError as exc:
        raise InputError(name, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def check_image(path: str | os.PathLike[str], *, what: str = "the image") -> None:
    """Refuse (:class:`InputError`) an image that is not a complete, decodable file of
    the kind its suffix says: a truncated JPEG, a PNG named ``.jpg``, an empty file.

    JPEG, PNG, GIF and WebP are decoded with Pillow (reportlab's own dependency); an SVG
    must be well-formed XML whose root is ``svg``.  Without Pillow only the size and the
    type of the file are checked.
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise InputError(name, f"{what} must be one of {', '.join(IMAGE_SUFFIXES)}, not {suffix or 'a file without suffix'}")
    data = read_bytes(name, limit=MAX_IMAGE_BYTES, what="an image")
    if not data:
        raise InputError(name, f"{what} is an empty file")
    expected = IMAGE_SUFFIXES[suffix]
    if expected is None:
        _check_svg(name, data, what)
        return
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with reportlab
        return
    import io

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.format != expected:
                    raise InputError(
                        name, f"{what} is a {img.format or 'different'} image, not {expected} as its suffix says"
                    )
                w, h = img.size
                if w * h > MAX_IMAGE_PIXELS:
                    raise InputError(name, f"{what} has {w} × {h} pixels, more than {MAX_IMAGE_PIXELS:,}")
                img.load()
    except InputError:
        raise
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError... on damage
        raise InputError(name, f"{what} cannot be decoded (truncated or damaged?): {exc}") from None


def _check_svg(name: str, data: bytes, what: str) -> None:
    import xml.etree.ElementTree as ET

    if b"<!ENTITY" in data:
        raise InputError(name, f"{what}: an SVG with entity declarations is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(name, f"{what} is not well-formed SVG: {exc}") from None
    if not root.tag.rsplit("}", 1)[-1] == "svg":
        raise InputError(name, f"{what} is not an SVG image (its root element is {root.tag})")
