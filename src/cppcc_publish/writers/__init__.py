"""Writers: one package per output format, and the one seam every output goes through.

A writer is a module (or any object with the same attributes) exposing:

``NAME``
    the format name, e.g. ``"docx"``;
``SUFFIX``
    the file suffix with its dot, e.g. ``".docx"``;
``OPTIONS``
    a mapping of option name -> :class:`Option` (default, accepted types, help);
``write(compilation, dest, options) -> tuple[Diagnostic, ...]``
    writes the whole file at the path ``dest``; ``options`` holds every declared option
    (validated, defaults filled in) plus the common ones of :data:`COMMON_OPTIONS`.

The built-in writers (``pdf``, ``docx``, ``epub``) plan the book with
:func:`cppcc_publish.book.plan_book` and render the plan; a writer never reads files or
parses text (:func:`cppcc_publish.write` reads them first).  Built-in writers are imported
lazily by name, so a missing third-party library only disables its own format; aliases
map other names onto them (``word`` → ``docx``).  Other writers register under the
entry-point group ``cppcc_publish.writers``; a built-in wins a name clash.  :func:`write`
validates the options, writes to a temporary file beside the destination and renames it
into place (:mod:`cppcc_publish.atomic`), so a failure never leaves a partial file, and
refuses a destination that is one of the inputs, a directory, a FIFO or a device.

A third-party writer is registered by its distribution's ``pyproject.toml``::

    [project.entry-points."cppcc_publish.writers"]
    plain = "my_package.plain_writer"      # a module (or object) as described above

and is then used like a built-in: ``cppcc-publish convert a.txt -t plain -o a.txt``.

>>> [f.name for f in list_formats() if f.builtin]
['docx', 'epub', 'pdf']
"""

from __future__ import annotations

import datetime as _dt
import importlib
import importlib.metadata
import io
import os
import re
import types
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast, runtime_checkable

from .. import plugins
from ..atomic import AtomicOutputs, Inputs, OutputError, describe_os_error
from ..errors import CppccError, Diagnostic, InputError, OptionError, StrictError, check_type, count_warnings
from ..model import Article, Compilation

ENTRY_POINT_GROUP = "cppcc_publish.writers"

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold.  They never come from a sane text file, but a writer
must neither crash on them nor drop them silently: writers replace them with U+FFFD and
say so in a warning."""

BUILTINS: dict[str, str] = {
    "docx": "cppcc_publish.writers.docx",
    "epub": "cppcc_publish.writers.epub",
    "pdf": "cppcc_publish.writers.pdf",
}
"""Built-in format name -> module, imported only when the format is used or listed."""

ALIASES: dict[str, str] = {"word": "docx", "epub3": "epub"}
"""Other names accepted for built-in formats."""

INSTALL_HINTS: dict[str, str] = {
    "docx": "pip install 'python-docx>=1.1'",
    "epub": "pip install 'ebooklib>=0.18'",
    "pdf": "pip install 'reportlab>=4.0' 'fonttools>=4.40'",
}


class WriterUnavailableError(CppccError):
    """A known format whose writer cannot be imported (a library is missing)."""


# --------------------------------------------------------------------------- options


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    """One option a writer accepts.

    ``types`` lists the Python types a value may have (``type(None)`` allows ``None``);
    a string given on the command line is converted to the first type that accepts it.
    ``choices`` closes the set of string values.
    """

    default: object
    types: tuple[type, ...]
    help: str
    choices: tuple[str, ...] | None = None


TIMESTAMP_HELP = (
    "date and time written into the file (ISO 8601 or datetime); default "
    "SOURCE_DATE_EPOCH if set, else now; a fixed value gives byte-identical output"
)

COMMON_OPTIONS: dict[str, Option] = {
    "timestamp": Option(default=None, types=(_dt.datetime, str, type(None)), help=TIMESTAMP_HELP),
}
"""Options every writer accepts; resolved by the framework before the writer runs."""


def plan_options(fmt: str, default_preset: str | None) -> dict[str, Option]:
    """The options a paged writer passes to :func:`cppcc_publish.book.plan_book`:
    ``preset`` (the choices :data:`cppcc_publish.book.FORMAT_PRESETS` gives ``fmt``) and
    ``new_recto``."""
    from ..book.presets import FORMAT_PRESETS, preset_help

    types: tuple[type, ...] = (str,) if default_preset is not None else (str, type(None))
    return {
        "preset": Option(default=default_preset, types=types, choices=FORMAT_PRESETS[fmt],
                         help=preset_help(fmt)),
        "new_recto": Option(
            default=False,
            types=(bool,),
            help="in a book, start every article on a recto (odd, right-hand) page, leaving "
            "the verso before it blank when needed; default: on the next page",
        ),
    }

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _convert(key: str, value: object, opt: Option, fmt: str) -> object:
    """Check ``value`` against ``opt``; convert command-line strings to the option's type."""
    if isinstance(value, bool) and bool not in opt.types and int in opt.types:
        raise OptionError(f"option {key!r} of {fmt}: expected a number, got {value!r}")
    if (
        isinstance(value, str)
        and type(None) in opt.types
        and value.strip().lower() in ("", "none", "null")
        and (str not in opt.types or opt.choices is not None)
    ):
        return None  # --option preset=none, --option reference=none
    if isinstance(value, opt.types):
        if opt.choices is not None and isinstance(value, str) and value not in opt.choices:
            raise OptionError(
                f"option {key!r} of {fmt}: {value!r} is not one of {', '.join(opt.choices)}"
            )
        return value
    if isinstance(value, os.PathLike) and Path in opt.types:
        return Path(value)
    if isinstance(value, str):
        text = value.strip()
        for t in opt.types:
            if t is bool:
                if text.lower() in _TRUE:
                    return True
                if text.lower() in _FALSE:
                    return False
            elif t is int:
                try:
                    return int(text)
                except ValueError:
                    pass
            elif t is float:
                try:
                    return float(text)
                except ValueError:
                    pass
            elif t is Path:
                return Path(text)
    names = ", ".join("None" if t is type(None) else t.__name__ for t in opt.types)
    raise OptionError(f"option {key!r} of {fmt}: {value!r} is not a valid value (expected {names})")


def resolve_timestamp(value: object = None) -> _dt.datetime:
    """The moment written into an output: an aware UTC datetime, whole seconds.

    ``None`` means ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when that
    variable is set, else the current time.  A string is read as ISO 8601 (``Z`` allowed);
    a naive value is taken as UTC.
    """
    if value is None:
        env = os.environ.get("SOURCE_DATE_EPOCH")
        if env:
            try:
                moment = _dt.datetime.fromtimestamp(int(env), _dt.timezone.utc)
            except ValueError as exc:
                raise OptionError(
                    f"SOURCE_DATE_EPOCH={env!r} is not a number of seconds since 1970"
                ) from exc
        else:
            moment = _dt.datetime.now(_dt.timezone.utc)
    elif isinstance(value, _dt.datetime):
        moment = value
    elif isinstance(value, _dt.date):
        moment = _dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = _dt.datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise OptionError(
                f"option 'timestamp': {value!r} is not an ISO 8601 date/time "
                "(e.g. 2025-03-01T08:00:00Z)"
            ) from exc
    else:
        raise OptionError(f"option 'timestamp': {value!r} is not a date/time")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    try:
        moment = moment.astimezone(_dt.timezone.utc).replace(microsecond=0)
    except OverflowError:
        raise OptionError(f"option 'timestamp': {value!r} is out of range") from None
    if moment.year < 1980:
        raise OptionError(f"option 'timestamp': {moment.isoformat()} is before 1980 (zip dates)")
    if moment.year > 2107:
        raise OptionError(
            f"option 'timestamp': {moment.isoformat()} is after 2107, the last year a zip "
            "file (DOCX, EPUB) can record"
        )
    return moment


# --------------------------------------------------------------------------- writers


@runtime_checkable
class WriterModule(Protocol):
    """What a writer module (or entry-point object) provides."""

    NAME: str
    SUFFIX: str
    OPTIONS: Mapping[str, Option]

    def write(
        self, compilation: Compilation, dest: Path, options: Mapping[str, Any]
    ) -> tuple[Diagnostic, ...]: ...


WriteFunc = Callable[[Compilation, Path, Mapping[str, Any]], tuple[Diagnostic, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Writer:
    """A loaded writer."""

    name: str
    suffix: str
    options: Mapping[str, Option]
    """The writer's own options followed by the common ones."""
    write: WriteFunc
    origin: str
    """``built-in`` or ``entry point <value> (<distribution>)``."""

    def validate(self, options: Mapping[str, object] | None) -> dict[str, object]:
        """Defaults filled in, values checked; an unknown key names the valid ones."""
        if options is not None and not isinstance(options, Mapping):
            raise TypeError(
                f"the options of {self.name} must be a mapping such as {{'preset': 'a5'}}, "
                f"not {type(options).__name__} {options!r:.60}"
            )
        given = dict(options or {})
        bad = [k for k in given if not isinstance(k, str)]
        if bad:
            raise OptionError(f"option names of {self.name} must be text, not {bad[0]!r}")
        unknown = sorted(k for k in given if k not in self.options)
        if unknown:
            valid = ", ".join(sorted(self.options))
            raise OptionError(
                f"unknown option {', '.join(repr(k) for k in unknown)} for {self.name} "
                f"(valid: {valid})"
            )
        out: dict[str, object] = {}
        for key, opt in self.options.items():
            out[key] = _convert(key, given[key], opt, self.name) if key in given else opt.default
        out["timestamp"] = resolve_timestamp(out.get("timestamp"))
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class FormatInfo:
    """One line of ``cppcc-publish formats``."""

    name: str
    available: bool
    builtin: bool
    suffix: str | None = None
    aliases: tuple[str, ...] = ()
    reason: str | None = None
    """Why the format cannot be used, e.g. ``No module named 'reportlab'``."""
    hint: str | None = None
    """How to make it available."""
    origin: str = "built-in"
    options: tuple[str, ...] = field(default=())


def _from_module(mod: object, origin: str, expected: str | None = None) -> Writer:
    missing = [a for a in ("NAME", "SUFFIX", "write") if not hasattr(mod, a)]
    if missing:
        raise WriterUnavailableError(
            f"{origin} is not a writer: it lacks {', '.join(missing)}"
        )
    name = str(getattr(mod, "NAME"))
    if expected is not None and name != expected:
        raise WriterUnavailableError(f"{origin} declares NAME {name!r}, expected {expected!r}")
    declared = dict(cast("Mapping[str, Option]", getattr(mod, "OPTIONS", {})))
    for key, opt in declared.items():
        if not isinstance(opt, Option):
            raise WriterUnavailableError(f"{origin}: option {key!r} is not a writers.Option")
    options = {**declared, **COMMON_OPTIONS}
    return Writer(
        name=name,
        suffix=str(getattr(mod, "SUFFIX")),
        options=options,
        write=cast(WriteFunc, getattr(mod, "write")),
        origin=origin,
    )


def _entry_points() -> Sequence[importlib.metadata.EntryPoint]:
    """The installed entry points of :data:`ENTRY_POINT_GROUP` (tests replace this).
    Looked up once for each ``sys.path``: the look-up reads every installed package's
    metadata, and a build asks for each file it reads."""
    return plugins.entry_points(ENTRY_POINT_GROUP)


def canonical_name(name: str) -> str:
    """``word`` → ``docx``; other names lower-cased and returned as they are."""
    key = name.strip().lower()
    return ALIASES.get(key, key)


def _load_builtin(name: str) -> Writer:
    module_name = BUILTINS[name]
    try:
        mod = importlib.import_module(module_name)
    except ImportError as exc:
        if getattr(exc, "name", None) == module_name:
            raise WriterUnavailableError(
                f"format {name!r} is unavailable: its writer module {module_name} is not "
                "part of this installation; upgrade cppcc_publish"
            ) from exc
        hint = INSTALL_HINTS.get(name)
        raise WriterUnavailableError(
            f"format {name!r} is unavailable: {exc}" + (f"; install it with: {hint}" if hint else "")
        ) from exc
    except Exception as exc:  # a broken writer module must not break the others
        raise WriterUnavailableError(
            f"format {name!r} is unavailable: importing {module_name} failed: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    return _from_module(mod, "built-in", expected=name)


def _load_entry_point(ep: importlib.metadata.EntryPoint) -> Writer:
    try:
        obj = ep.load()
    except Exception as exc:
        raise WriterUnavailableError(
            f"format {ep.name!r} is unavailable: loading {ep.value} failed: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    return _from_module(obj, plugins.origin(ep), expected=None)


def format_names() -> tuple[str, ...]:
    """Every known format name (built-ins first, then entry points), without aliases."""
    names = list(BUILTINS)
    for ep in _entry_points():
        if ep.name not in names:
            names.append(ep.name)
    return tuple(names)


def get_writer(name: str) -> Writer:
    """The writer for a format name or alias.

    Raises :class:`OptionError` for an unknown name (listing the known ones) and
    :class:`WriterUnavailableError` when the writer's library is missing.
    """
    key = canonical_name(name)
    if key in BUILTINS:
        return _load_builtin(key)
    for ep in _entry_points():
        if ep.name == key:
            return _load_entry_point(ep)
    known = ", ".join(format_names())
    raise OptionError(f"unknown format {name!r} (known: {known}; aliases: "
                      + ", ".join(f"{a} = {t}" for a, t in sorted(ALIASES.items())) + ")")


def list_formats() -> tuple[FormatInfo, ...]:
    """Every format with whether it can be used now, why not and how to fix it."""
    out: list[FormatInfo] = []

    def aliases_of(n: str) -> tuple[str, ...]:
        return tuple(sorted(a for a, t in ALIASES.items() if t == n))

    for name in BUILTINS:
        try:
            w = _load_builtin(name)
        except WriterUnavailableError as exc:
            cause = exc.__cause__
            reason = f"{type(cause).__name__}: {cause}" if cause else str(exc)
            own = isinstance(cause, ImportError) and cause.name == BUILTINS[name]
            hint = "upgrade cppcc_publish" if own else INSTALL_HINTS.get(name)
            out.append(FormatInfo(name=name, available=False, builtin=True, aliases=aliases_of(name),
                                  reason=reason, hint=hint))
            continue
        out.append(FormatInfo(name=name, available=True, builtin=True, suffix=w.suffix,
                              aliases=aliases_of(name), options=tuple(w.options)))
    seen = set(BUILTINS)
    for ep in _entry_points():
        origin = plugins.origin(ep)
        if ep.name in seen:
            if ep.name in BUILTINS:
                out.append(FormatInfo(name=ep.name, available=False, builtin=False, origin=origin,
                                      reason=f"shadowed by the built-in {ep.name!r} writer"))
            continue
        seen.add(ep.name)
        try:
            w = _load_entry_point(ep)
        except WriterUnavailableError as exc:
            out.append(FormatInfo(name=ep.name, available=False, builtin=False, origin=origin,
                                  reason=str(exc), hint=f"check the package providing {ep.value}"))
            continue
        out.append(FormatInfo(name=ep.name, available=True, builtin=False, suffix=w.suffix,
                              origin=origin, options=tuple(w.options)))
    return tuple(out)


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The built-in format whose suffix ``path`` has (``book.docx`` → ``docx``)."""
    suffix = Path(path).suffix.lower()
    for name in BUILTINS:
        if suffix == f".{name}":
            return name
    raise OptionError(
        f"{os.fspath(path)}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
        f"name it (one of: {', '.join(format_names())})"
    )


# --------------------------------------------------------------------------- writing

Writable = Compilation | Article | Sequence[Article]


def as_compilation(doc: Writable) -> Compilation:
    """A compilation from a compilation, an article or several articles (several make
    one document).  Writers never read files: :func:`cppcc_publish.write` takes paths."""
    if isinstance(doc, Compilation):
        return doc
    if isinstance(doc, Article):
        return Compilation.of(doc)
    articles = tuple(doc)
    if not articles:
        raise OptionError("nothing to write: no article given")
    for a in articles:
        if not isinstance(a, Article):
            raise OptionError(
                f"cannot write {a!r}: writers take articles (cppcc_publish.write reads files)")
    return Compilation.of(*articles)


def inputs_of(compilation: Compilation, inputs: Inputs | None = None) -> Inputs:
    """The files ``compilation`` was read from (articles, the cover, photos), recorded
    in ``inputs`` (a new :class:`~cppcc_publish.atomic.Inputs` when ``None``)."""
    from ..photos import photo_files

    inputs = Inputs() if inputs is None else inputs
    for article in compilation.articles:
        if article.path:
            inputs.add(article.path, "an article")
    if compilation.meta.cover:
        inputs.add(compilation.meta.cover, "the cover image")
    for file in photo_files(compilation):
        inputs.add(file, "a photo")
    return inputs


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg")


def check_option_files(writer: Writer, resolved: Mapping[str, object], inputs: Inputs,
                       where: str = "") -> None:
    """Files named in validated options are inputs, checked before any work: each must be
    a regular file (a style sheet that is a FIFO is refused, not read for ever), an
    image must decode (a truncated JPEG is refused here, not embedded), and none may be
    overwritten by an output (a font named by its path included)."""
    from ..inputs import check_image, not_a_file

    for key, value in resolved.items():
        opt = writer.options.get(key)
        if opt is None or Path not in opt.types or not isinstance(value, (str, Path)):
            continue
        if isinstance(value, str):  # a font: a family name, or a file (file.ttc#2)
            base, sep, frag = value.rpartition("#")
            candidate = Path(base if sep and frag.isdigit() else value).expanduser()
            if candidate.is_file():
                inputs.add(candidate, f"the file of option {key!r}")
            continue
        problem = not_a_file(value)
        if problem is not None:
            raise OptionError(f"{where}option {key!r}: {value} is not a file ({problem})")
        if value.suffix.lower() in IMAGE_SUFFIXES:
            try:
                check_image(value, what=f"option {key!r}")
            except InputError as exc:
                raise OptionError(f"{where}{exc}") from None
        inputs.add(value, f"the file of option {key!r}")


def write(
    doc: Writable,
    fmt: str | None,
    dest: str | os.PathLike[str],
    options: Mapping[str, object] | None = None,
    *,
    strict: bool = False,
) -> tuple[Diagnostic, ...]:
    """Write ``doc`` as ``fmt`` to ``dest`` and return the writer's diagnostics.

    ``doc`` is a :class:`~cppcc_publish.model.Compilation`, an
    :class:`~cppcc_publish.model.Article` or a sequence of articles (several make one
    document).  ``fmt`` ``None`` takes the format from ``dest``'s suffix.
    The file is written beside ``dest`` under a temporary name and renamed into place:
    on any failure no partial file is left and an existing ``dest`` is untouched.  With
    ``strict`` a writer warning is a :class:`StrictError` and ``dest`` is not written.
    A ``dest`` that is one of the inputs (an article's file, the cover, a photo), a
    directory, a FIFO or a device is refused (:class:`OutputError`); a symlink is
    followed.  Photos are checked first (:func:`cppcc_publish.photos.prepare`): one that
    cannot be printed, and a caption without a photo in an article nobody judged, give
    warnings before the writer's own.
    """
    if not isinstance(doc, (Compilation, Article, list, tuple)):
        raise TypeError(
            "write(): doc must be a Compilation, an Article or a list of articles "
            f"(cppcc_publish.write also reads files), not {type(doc).__name__}"
        )
    check_type("write", "fmt", fmt, (str, type(None)), "a format name such as 'pdf' or None")
    check_type("write", "dest", dest, (str, os.PathLike), "the output file's path (str or os.PathLike)")
    if options is not None and not isinstance(options, Mapping):
        raise TypeError(
            f"write(): options must be a mapping such as {{'preset': 'a5'}} or None, not "
            f"{type(options).__name__} {options!r:.60}"
        )
    check_type("write", "strict", strict, (bool,), "True or False")
    from ..photos import prepare

    writer = get_writer(fmt if fmt is not None else format_for_path(dest))
    resolved = writer.validate(options)
    given = as_compilation(doc)
    inputs = inputs_of(given)  # before prepare() takes an unreadable photo off its caption
    compilation, photo_notes = prepare(given)
    check_option_files(writer, resolved, inputs)
    with AtomicOutputs(inputs) as outputs:
        tmp = outputs.reserve(dest)
        try:
            diagnostics = photo_notes + tuple(writer.write(compilation, tmp, resolved) or ())
        except OSError as exc:
            raise OutputError(describe_os_error(exc, dest, tmp)) from exc
        if strict and count_warnings(diagnostics):
            raise StrictError(
                f"{os.fspath(dest)}: the {writer.name} writer gave {count_warnings(diagnostics)} "
                "warning(s) and strict was asked for; nothing written"
            )
        outputs.commit()
    return diagnostics


# --------------------------------------------------------------------------- helpers


def zip_date_time(moment: _dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date_time for ``moment`` (zip stores local-less two-second times,
    years 1980 to 2107 only: outside them :class:`OptionError`, not a ``struct.error``)."""
    if not 1980 <= moment.year <= 2107:
        raise OptionError(
            f"the date {moment.isoformat()} cannot be written into a zip file (DOCX, EPUB): "
            "zip dates run from 1980 to 2107"
        )
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def normalize_zip(
    data: bytes,
    moment: _dt.datetime,
    *,
    first: Iterable[str] = (),
    stored: Iterable[str] = (),
) -> bytes:
    """Re-pack a zip with fixed entry dates, fixed attributes and a fixed order.

    ``first`` names entries to put first in that order (``mimetype`` for EPUB, which must
    also be ``stored`` uncompressed); the rest keep the order the library wrote them in.
    Python's zipfile stamps entries with the current time, so this is what makes two
    runs with the same timestamp byte-identical.
    """
    stamp = zip_date_time(moment)
    stored_set = set(stored)
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        names = [i.filename for i in zin.infolist()]
        order = [n for n in first if n in names] + [n for n in names if n not in set(first)]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zout:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.create_system = 3
                info.external_attr = 0o644 << 16
                if name in stored_set:
                    info.compress_type = zipfile.ZIP_STORED
                else:
                    info.compress_type = zipfile.ZIP_DEFLATED
                zout.writestr(info, zin.read(name), compresslevel=6)
    return out.getvalue()


class FixedZip:
    """A zip file whose entries all carry one fixed date and fixed attributes.

    Python's zipfile stamps each entry with the current time; writing through this class
    instead is what makes two runs with the same timestamp byte-identical, with one
    compression pass.  ``writestr`` has zipfile's signature (ebooklib calls it);
    ``write(pack_uri, blob)`` is the interface of python-docx's package writer.
    """

    def __init__(self, file: str | os.PathLike[str] | io.BytesIO, moment: _dt.datetime,
                 compresslevel: int = 6) -> None:
        self._zip = zipfile.ZipFile(file, "w")
        self._stamp = zip_date_time(moment)
        self._level = compresslevel

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        info.create_system = 3
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED if compress_type is None else compress_type
        blob = data.encode("utf-8") if isinstance(data, str) else data
        self._zip.writestr(info, blob, compresslevel=self._level)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.writestr(str(pack_uri.membername), blob)

    def close(self) -> None:
        self._zip.close()


def module_writer(mod: types.ModuleType) -> Writer:
    """A :class:`Writer` for a module object (handy for tests and embedding)."""
    return _from_module(mod, f"module {mod.__name__}")


__all__ = [
    "ALIASES",
    "BUILTINS",
    "COMMON_OPTIONS",
    "ENTRY_POINT_GROUP",
    "FixedZip",
    "FormatInfo",
    "Option",
    "OutputError",
    "Writer",
    "WriterModule",
    "WriterUnavailableError",
    "XML_INVALID",
    "as_compilation",
    "canonical_name",
    "check_option_files",
    "inputs_of",
    "format_for_path",
    "format_names",
    "get_writer",
    "list_formats",
    "normalize_zip",
    "resolve_timestamp",
    "write",
]
