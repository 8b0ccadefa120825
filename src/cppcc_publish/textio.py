"""bytes -> str: BOM, UTF-8, UTF-16, GB18030 (GBK, GB2312), Big5 (with HKSCS).  Nothing else.

The encoding is decided from the bytes, never from the file name: a byte-order mark
first, then strict decodes in an order that cannot mistake one for another (UTF-8 is
self-checking; a GB18030 or Big5 decode that succeeds is then judged by which one gives
more common Chinese characters).  Big5 text from Hong Kong carries HKSCS characters
(𨋢 lift, 㗎, 嘅 in Cantonese quotes) that plain Big5 lacks: it is read as Big5-HKSCS, not
taken for GBK mojibake.  Bytes that are not text at all (a PDF, a JPEG, a ZIP, random
bytes), and text without a single Chinese character (``/etc/passwd``, an English e-mail),
are refused with an :class:`~cppcc_publish.errors.InputError`.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .charsets import HAN_RE, common_any
from .errors import InputError
from .inputs import MAX_TEXT_BYTES, read_bytes

ENCODINGS = ("utf-8", "utf-16", "gb18030", "big5", "big5hkscs")

# Magic numbers of formats editors' folders are full of, for a precise refusal.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/EPUB/XLSX file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel (OLE) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


_SAMPLE = 20_000  # characters looked at to judge a decode; enough, and fast on 30 MB


@lru_cache(maxsize=1)
def _unusual_re() -> re.Pattern[str]:
    """One character that is neither common Han, ASCII, CJK punctuation nor full-width."""
    common = "".join(sorted(common_any()))
    return re.compile(f"[^{re.escape(common)}\x00-\x7f\u3000-\u303f\uff00-\uffef“”‘’…—·]")


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\f\v\x1a")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _score(text: str) -> float:
    """Share of characters that are common Han, ASCII or CJK punctuation."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return 1 - _unusual_re().subn("", sample)[1] / len(sample)


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return _CONTROL.subn("", sample)[1] / len(sample)


def decode(data: bytes, path: str = "<input>") -> Decoded:
    """Decode the bytes of a text file, or raise :class:`InputError` naming ``path``."""
    if not data:
        raise InputError(path, "the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"this is {what}, not a text file")
    # Byte-order marks decide outright.
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data, "utf-16", path)
    # UTF-16 without BOM: many NUL bytes in alternating positions.
    if data.count(b"\x00") > len(data) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _score(text) > 0.9:
                return _checked_text(text, "utf-16", path)
        raise InputError(path, "binary data (NUL bytes), not a text file")
    head = data[:65536]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(head) * 0.05):  # a stray NUL in a short note is not binary
        raise InputError(path, "binary data (control bytes), not a text file")
    try:
        return _checked(data, "utf-8", path)
    except UnicodeDecodeError:
        pass
    candidates: list[Decoded] = []
    for enc in ("gb18030", "big5", "big5hkscs"):
        if enc == "big5hkscs" and any(c.encoding == "big5" for c in candidates):
            continue  # HKSCS only adds characters: plain Big5 text is Big5
        try:
            candidates.append(Decoded(data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise InputError(
            path,
            "unknown encoding: the bytes are not UTF-8, UTF-16, GB18030 or Big5(-HKSCS) "
            "(save the file as UTF-8 and try again)",
        )
    best = max(candidates, key=lambda d: _score(d.text))
    return _checked_text(best.text, best.encoding, path)


def _checked(data: bytes, encoding: str, path: str) -> Decoded:
    return _checked_text(data.decode(encoding), encoding, path)


def _checked_text(text: str, encoding: str, path: str) -> Decoded:
    if text.startswith("\ufeff"):
        text = text[1:]
    if _control_share(text) > 0.05 and len(text) * _control_share(text) > 8:
        raise InputError(path, "binary data (control characters), not a text file")
    if _score(text) < 0.5:
        raise InputError(path, f"does not look like Chinese text (decoded as {encoding})")
    if not text.strip():
        raise InputError(path, "the file holds only white space")
    if not HAN_RE.search(text):
        raise InputError(path, f"no Chinese text: not a single Chinese character (decoded as {encoding})")
    return Decoded(text, encoding)


def read_file(path: str | os.PathLike[str], *, limit: int = MAX_TEXT_BYTES) -> Decoded:
    """Read and decode a text file, with errors that name the file.

    The file's type and size are checked before it is read (a FIFO, a device or a file
    over ``limit`` bytes is refused, see :func:`cppcc_publish.inputs.read_bytes`).
    """
    name = os.fspath(path)
    if os.path.isdir(name):
        raise InputError(name, "is a directory, not a text file")
    return decode(read_bytes(name, limit=limit), name)


# A charset a page or a document declares in its first kilobytes:
# <meta charset="gb2312"> / content="text/html; charset=GBK" / <?xml version="1.0" encoding="utf-8"?>
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{2,40})""", re.IGNORECASE)
# Declared names read as a wider codec: GB2312 and GBK pages hold GB18030 characters more
# often than not (a GBK page that uses 镕 or 堃 declares GB2312), and Big5 pages HKSCS ones.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
          "cp936": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs", "x-euc-tw": "big5hkscs"}


def declared_charset(data: bytes) -> str | None:
    """The codec name of the charset the markup declares in its first 4 KB, widened
    (GB2312 and GBK → ``gb18030``), or ``None`` when none is declared or Python knows no
    such codec."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").strip().lower()
    name = _WIDER.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_markup(data: bytes, path: str = "<input>") -> Decoded:
    """Decode a marked-up file (a saved web page): a byte-order mark, then strict UTF-8
    (many pages that declare GB2312 are UTF-8), then the charset the page declares (GB2312
    and GBK read as GB18030), then the statistics of :func:`decode`.

    A page that decodes under none of these strictly is read in its declared charset (or
    GB18030) with the bad bytes replaced by U+FFFD, which the transforms flag: a page
    saved with one damaged byte must not be refused.  Empty input and binary files are
    refused (:class:`InputError`) as by :func:`decode`.
    """
    if not data.strip():
        raise InputError(path, "the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", "replace"), "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", "replace").lstrip("\ufeff"), "utf-16")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"this is {what}, not a web page")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared is not None and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            return Decoded(data.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            pass
    candidates: list[Decoded] = []
    for enc in ("gb18030", "big5hkscs"):
        try:
            candidates.append(Decoded(data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if candidates:
        return max(candidates, key=lambda d: _score(d.text))
    fallback = declared if declared is not None and declared not in ("utf-16", "utf-16-le", "utf-16-be") else "gb18030"
    try:
        text = data.decode(fallback, "replace")
    except LookupError:
        fallback = "gb18030"
        text = data.decode(fallback, "replace")
    utf8 = data.decode("utf-8", "replace")
    if utf8.count("\ufffd") < text.count("\ufffd"):
        return Decoded(utf8, "utf-8")
    return Decoded(text, fallback)
