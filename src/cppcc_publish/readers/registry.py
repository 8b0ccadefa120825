"""The reader seam: which reader reads a file, chosen by its content.

A reader is a module (or any object with the same attributes) exposing:

``NAME``
    the reader's name, e.g. ``"html"``;
``VERSION``
    a string changed whenever what the reader makes of the same bytes changes (it is part
    of the parse cache key);
``SUFFIXES``
    the file suffixes it is meant for, with their dots (``(".html", ".htm")``): a hint
    for people and for :func:`sniff`, never the deciding fact;
``sniff(data, path) -> bool``
    whether the bytes are of its kind, by their content (magic bytes, markup);
``read(data, path, options) -> Article``
    the article the bytes hold, before the transforms (every reader's article goes
    through the same :func:`~cppcc_publish.transforms.apply_transforms`).

An optional ``available() -> str | None`` says why the reader cannot work here (the
legacy Word reader without LibreOffice), and ``DESCRIPTION`` what it reads.

The built-in readers (``docx``, ``doc``, ``html``, ``markdown``, ``text``) are imported
lazily, when a file needs one, so that a missing library only disables its own reader.
Other readers register under the entry-point group ``cppcc_publish.readers``; a
built-in wins a name clash.  A file is read by the first reader whose ``sniff`` accepts
it, in the order: Word (``docx``, ``doc``), ``html``, ``markdown``, third-party readers,
and ``text`` last, which takes whatever decodes as Chinese text.  A reader may also be
named (``reader: html`` in a manifest, ``--reader html`` on the command line).

A third-party reader is registered by its distribution's ``pyproject.toml``::

    [project.entry-points."cppcc_publish.readers"]
    odt = "my_package.odt_reader"      # a module (or object) as described above
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .. import plugins
from ..errors import CppccError, OptionError
from ..model import Article
from ..options import ReadOptions

ENTRY_POINT_GROUP = "cppcc_publish.readers"

BUILTINS: dict[str, str] = {
    "docx": "cppcc_publish.readers.docx",
    "doc": "cppcc_publish.readers.doc",
    "html": "cppcc_publish.readers.html",
    "markdown": "cppcc_publish.readers.markdown",
    "text": "cppcc_publish.readers.text",
}
"""Built-in reader name -> module, in the order they sniff a file (``text`` last)."""

ALIASES: dict[str, str] = {"htm": "html", "md": "markdown", "word": "docx", "txt": "text"}
"""Other names accepted for built-in readers."""

INSTALL_HINTS: dict[str, str] = {
    "docx": "pip install 'python-docx>=1.1'",
    "doc": "install LibreOffice (Debian: apt-get install libreoffice-writer) and python-docx",
    "html": "pip install 'lxml>=5.0'",
    "markdown": "pip install 'markdown-it-py>=3.0'",
}

ReadFunc = Callable[[bytes, "str | None", ReadOptions], Article]
SniffFunc = Callable[[bytes, "str | None"], bool]


class ReaderUnavailableError(CppccError):
    """A known reader that cannot work here (a library or LibreOffice is missing)."""


@runtime_checkable
class ReaderModule(Protocol):
    """What a reader module (or entry-point object) provides."""

    NAME: str
    VERSION: str
    SUFFIXES: tuple[str, ...]

    def sniff(self, data: bytes, path: str | None) -> bool: ...

    def read(self, data: bytes, path: str | None, options: ReadOptions) -> Article: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Reader:
    """A loaded reader."""

    name: str
    version: str
    suffixes: tuple[str, ...]
    sniff: SniffFunc
    read: ReadFunc
    origin: str
    """``built-in`` or ``entry point <value> (<distribution>)``."""
    description: str = ""
    available: Callable[[], str | None] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReaderInfo:
    """One reader line of ``cppcc-publish formats``."""

    name: str
    available: bool
    builtin: bool
    suffixes: tuple[str, ...] = ()
    version: str | None = None
    aliases: tuple[str, ...] = ()
    description: str = ""
    reason: str | None = None
    """Why the reader cannot be used, e.g. ``LibreOffice (soffice) is not installed``."""
    hint: str | None = None
    origin: str = "built-in"


def _from_module(mod: object, origin: str, expected: str | None = None) -> Reader:
    missing = [a for a in ("NAME", "read", "sniff") if not hasattr(mod, a)]
    if missing:
        raise ReaderUnavailableError(f"{origin} is not a reader: it lacks {', '.join(missing)}")
    name = str(getattr(mod, "NAME"))
    if expected is not None and name != expected:
        raise ReaderUnavailableError(f"{origin} declares NAME {name!r}, expected {expected!r}")
    available = getattr(mod, "available", None)
    return Reader(
        name=name,
        version=str(getattr(mod, "VERSION", "0")),
        suffixes=tuple(str(s).lower() for s in getattr(mod, "SUFFIXES", ())),
        sniff=getattr(mod, "sniff"),
        read=getattr(mod, "read"),
        origin=origin,
        description=str(getattr(mod, "DESCRIPTION", "")),
        available=available if callable(available) else None,
    )


def _entry_points() -> Sequence[importlib.metadata.EntryPoint]:
    """The installed entry points of :data:`ENTRY_POINT_GROUP` (tests replace this).
    Looked up once for each ``sys.path``: the look-up reads every installed package's
    metadata, and a build asks for each file it reads."""
    return plugins.entry_points(ENTRY_POINT_GROUP)


_LOADED: dict[str, Reader] = {}


def _load_builtin(name: str) -> Reader:
    if name in _LOADED:
        return _LOADED[name]
    module_name = BUILTINS[name]
    try:
        mod = importlib.import_module(module_name)
    except ImportError as exc:
        hint = INSTALL_HINTS.get(name)
        raise ReaderUnavailableError(
            f"the {name} reader is unavailable: {exc}" + (f"; install it with: {hint}" if hint else "")
        ) from exc
    reader = _from_module(mod, "built-in", expected=name)
    _LOADED[name] = reader
    return reader


def _load_entry_point(ep: importlib.metadata.EntryPoint) -> Reader:
    try:
        obj = ep.load()
    except Exception as exc:
        raise ReaderUnavailableError(
            f"the {ep.name} reader is unavailable: loading {ep.value} failed: {type(exc).__name__}: {exc}"
        ) from exc
    return _from_module(obj, plugins.origin(ep))


def canonical_name(name: str) -> str:
    """``md`` → ``markdown``; other names lower-cased and returned as they are."""
    key = name.strip().lower()
    return ALIASES.get(key, key)


def reader_names() -> tuple[str, ...]:
    """Every known reader name (built-ins first, then entry points), without aliases."""
    names = list(BUILTINS)
    for ep in _entry_points():
        if ep.name not in names:
            names.append(ep.name)
    return tuple(names)


def get_reader(name: str) -> Reader:
    """The reader of a name or alias.

    Raises :class:`OptionError` for an unknown name (listing the known ones) and
    :class:`ReaderUnavailableError` when the reader's library is missing.
    """
    key = canonical_name(name)
    if key in BUILTINS:
        return _load_builtin(key)
    for ep in _entry_points():
        if ep.name == key:
            return _load_entry_point(ep)
    raise OptionError(
        f"unknown reader {name!r} (known: {', '.join(reader_names())}; aliases: "
        + ", ".join(f"{a} = {t}" for a, t in sorted(ALIASES.items())) + ")"
    )


def choose_reader(data: bytes, path: str | None = None, name: str | None = None) -> Reader:
    """The reader for ``data`` (the bytes of the file ``path``): the one named, else the
    first whose ``sniff`` accepts the bytes (see the module's docstring), else ``text``."""
    if name:
        return get_reader(name)
    order = [n for n in BUILTINS if n != "text"]
    for n in order:
        try:
            reader = _load_builtin(n)
        except ReaderUnavailableError:
            continue
        if reader.sniff(data, path):
            return reader
    for ep in _entry_points():
        if ep.name in BUILTINS:
            continue
        try:
            reader = _load_entry_point(ep)
        except ReaderUnavailableError:
            continue
        try:
            if reader.sniff(data, path):
                return reader
        except Exception:  # a third-party sniffer must not break the built-ins
            continue
    return _load_builtin("text")


def list_readers() -> tuple[ReaderInfo, ...]:
    """Every reader with whether it can be used now, why not and how to fix it."""
    out: list[ReaderInfo] = []

    def aliases_of(n: str) -> tuple[str, ...]:
        return tuple(sorted(a for a, t in ALIASES.items() if t == n))

    for name in BUILTINS:
        try:
            r = _load_builtin(name)
        except ReaderUnavailableError as exc:
            out.append(ReaderInfo(name=name, available=False, builtin=True, aliases=aliases_of(name),
                                  reason=str(exc.__cause__ or exc), hint=INSTALL_HINTS.get(name)))
            continue
        reason = r.available() if r.available is not None else None
        out.append(ReaderInfo(
            name=name, available=reason is None, builtin=True, suffixes=r.suffixes, version=r.version,
            aliases=aliases_of(name), description=r.description, reason=reason,
            hint=INSTALL_HINTS.get(name) if reason else None,
        ))
    for ep in _entry_points():
        if ep.name in BUILTINS:
            continue
        try:
            r = _load_entry_point(ep)
        except ReaderUnavailableError as exc:
            out.append(ReaderInfo(name=ep.name, available=False, builtin=False, reason=str(exc), origin=plugins.origin(ep)))
            continue
        reason = r.available() if r.available is not None else None
        out.append(ReaderInfo(name=r.name, available=reason is None, builtin=False, suffixes=r.suffixes,
                              version=r.version, description=r.description, reason=reason, origin=r.origin))
    return tuple(out)


__all__ = [
    "ALIASES",
    "BUILTINS",
    "ENTRY_POINT_GROUP",
    "Reader",
    "ReaderInfo",
    "ReaderModule",
    "ReaderUnavailableError",
    "canonical_name",
    "choose_reader",
    "get_reader",
    "list_readers",
    "reader_names",
]
