"""YAML manifest -> frozen :class:`Manifest`: strict keys, errors that name file, line and key.

The manifest describes a book: its metadata, front and back matter, parts (栏目) with
their articles and per-article overrides, and the outputs to build.  It is read with
PyYAML's safe loader (no tags that construct objects), duplicate keys are errors, an
unknown key is an error that suggests the nearest valid one, and all missing files are
listed at once.  ``data/manifest.schema.json`` is the same schema for editors.

What a hostile or careless manifest could do is refused here, before any work: aliases
that expand past :data:`MAX_NODES` nodes ("billion laughs"), nesting deeper than
:data:`MAX_DEPTH`, an alias that contains itself, text a file cannot hold (a lone
surrogate), an edition date a zip file cannot record, a cover image that does not
decode, a fix that changes nothing, and the same article listed twice.  A photo the
manifest gives an article (``images:``) must be a JPEG, PNG, GIF or WebP that decodes.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import glob
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .book.presets import FORMAT_PRESETS
from .errors import CppccError, InputError
from .inputs import MAX_MANIFEST_BYTES, check_image, not_a_file, read_bytes
from .model import ROLES, Credit, Source
from .photos import CAPTION_POLICIES, PHOTO_SUFFIXES, CaptionPolicy

MAX_NODES = 200_000
"""The most YAML nodes a manifest may hold with every alias expanded: a manifest of
5,000 articles with overrides holds about 100,000; nine levels of nine-fold aliases
("billion laughs") would hold 387 million."""

MAX_DEPTH = 64
"""The deepest nesting of lists and mappings accepted (a real manifest nests 6 deep)."""

ZIP_YEARS = (1980, 2107)
"""The years a zip file (DOCX, EPUB) can record; an edition date becomes the outputs'
timestamp, so it must lie within them."""

SORTS = ("manifest", "date")


class ManifestError(CppccError):
    """A manifest that cannot be used; the message names the file, the line and the key."""


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True, slots=True, kw_only=True)
class Fix:
    """An editor's correction: ``find`` as ``parse`` prints it (a garbled span as
    received), ``replace`` with what it should read."""

    find: str
    replace: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageEntry:
    """A photo the manifest gives an article: printed above the caption whose text
    contains ``caption``, or, without ``caption``, above the next caption that has no
    photo yet (in reading order)."""

    file: Path
    caption: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleEntry:
    """One article of a part, with the editor's overrides."""

    path: Path
    title: str | None = None
    subtitle: str | None = None
    column: str | None = None
    authors: tuple[Credit, ...] | None = None
    date: _dt.date | None = None
    source: Source | None = None
    fixes: tuple[Fix, ...] = ()
    exclude: bool = False
    reader: str | None = None
    """The reader the editor names for the file (``html``, ``docx``…); ``None``: chosen by
    the file's content."""
    images: tuple[ImageEntry, ...] = ()
    """Photos for the article's captions (:mod:`cppcc_publish.photos`)."""
    captions_without_photos: CaptionPolicy | None = None
    """What to do with a caption left without a photo; ``None``: the manifest's."""
    line: int | None = field(default=None, compare=False)
    pattern: str | None = field(default=None, compare=False)
    """The glob that matched this file, ``None`` when it was named by its own path."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PartEntry:
    title: str | None
    articles: tuple[ArticleEntry, ...]
    sort: str = "manifest"


@dataclass(frozen=True, slots=True, kw_only=True)
class MatterEntry:
    """Front or back matter: a title and text given inline or in a file."""

    title: str
    text: str
    file: Path | None = field(default=None, compare=False)
    """The file the text was read from, ``None`` for text given inline."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputEntry:
    format: str
    path: Path
    preset: str | None = None
    options: dict[str, Any] = field(default_factory=dict, hash=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class BookEntry:
    title: str
    subtitle: str | None = None
    compiler: str | None = None
    year: int | None = None
    publisher: str | None = None
    printer: str | None = None
    notice: str | None = None
    permit: str | None = None
    recipients: str | None = None
    print_run: int | None = None
    edition_date: _dt.date | None = None
    cover: Path | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    path: Path
    book: BookEntry
    parts: tuple[PartEntry, ...]
    outputs: tuple[OutputEntry, ...]
    front: tuple[MatterEntry, ...] = ()
    back: tuple[MatterEntry, ...] = ()
    keep_script: bool = False
    protected_words: tuple[tuple[str, str], ...] = ()
    captions_without_photos: CaptionPolicy = "warn"
    """A caption left without a photo: ``warn`` (printed, with a warning), ``keep``
    (printed, an info) or ``drop`` (left out, an info quoting it)."""

    @property
    def base(self) -> Path:
        return self.path.parent

    def inputs(self) -> tuple[tuple[Path, str], ...]:
        """Every file the manifest names as an input, with its role: no output may be
        one of them (excluded articles included: they are the editor's files too)."""
        out: list[tuple[Path, str]] = [(self.path, "the manifest")]
        out += [(e.path, "an article") for p in self.parts for e in p.articles]
        if self.book.cover is not None:
            out.append((self.book.cover, "the cover image"))
        out += [(m.file, "a front or back matter file") for m in (*self.front, *self.back) if m.file]
        out += [(i.file, "a photo") for p in self.parts for e in p.articles for i in e.images]
        return tuple(out)

    @property
    def articles(self) -> tuple[ArticleEntry, ...]:
        """The entries of the articles the book prints, in manifest order."""
        return tuple(e for p in self.parts for e in p.articles if not e.exclude)


# --------------------------------------------------------------------------- YAML nodes


class _Loader(yaml.SafeLoader):
    """The safe loader; mappings keep their nodes so errors can name lines."""


def _where(path: Path, node: yaml.Node | None) -> str:
    if node is None:
        return str(path)
    return f"{path}:{node.start_mark.line + 1}"


@dataclass(slots=True)
class _Ctx:
    path: Path
    missing: list[str] = field(default_factory=list)

    def fail(self, node: yaml.Node | None, message: str) -> ManifestError:
        return ManifestError(f"{_where(self.path, node)}: {message}")


def _scalar(ctx: _Ctx, node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise ctx.fail(node, "expected a single value here, not a list or mapping")
    return _construct(node)


def _construct(node: yaml.Node) -> Any:
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _mapping(
    ctx: _Ctx, node: yaml.Node, keys: dict[str, bool], what: str
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The pairs of a mapping node, checked: no unknown key (with a suggestion), no
    duplicate, every required key (``keys[name] is True``) present."""
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, f"{what} must be a mapping of keys to values")
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        key = knode.value if isinstance(knode, yaml.ScalarNode) else None
        if not isinstance(key, str):
            raise ctx.fail(knode, f"{what}: keys must be names")
        if key in out:
            raise ctx.fail(knode, f"duplicate key {key!r} in {what} (first at line {out[key][0].start_mark.line + 1})")
        if key not in keys:
            near = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.5)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise ctx.fail(
                knode, f"unknown key {key!r} in {what}{hint} (valid keys: {', '.join(keys)})"
            )
        out[key] = (knode, vnode)
    for key, required in keys.items():
        if required and key not in out:
            raise ctx.fail(node, f"{what} lacks the required key {key!r}")
    return out


def _str(ctx: _Ctx, node: yaml.Node, key: str, *, path: bool = False) -> str:
    value = _scalar(ctx, node)
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise ctx.fail(node, f"{key!r} must be text")
    if isinstance(value, (_dt.date, int, float)):
        value = value.isoformat() if isinstance(value, _dt.date) else str(value)
    text = str(value)
    if not text.strip():
        raise ctx.fail(node, f"{key!r} must not be empty")
    if not path:  # a file name may hold them: bytes that are not UTF-8, escaped (PEP 383)
        _check_text(ctx, node, key, text)
    return text


def _check_text(ctx: _Ctx, node: yaml.Node, key: str, text: str) -> None:
    """Refuse a lone surrogate (``"\\ud800"`` in a double-quoted YAML string): no file
    (UTF-8, PDF, XML) can hold one."""
    m = _SURROGATE.search(text)
    if m is not None:
        raise ctx.fail(
            node, f"{key!r} holds a lone surrogate U+{ord(m.group()):04X} at character "
            f"{m.start() + 1}, which no file can hold (a broken \\u escape?)"
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _opt_str(ctx: _Ctx, pairs: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> str | None:
    if key not in pairs:
        return None
    return _str(ctx, pairs[key][1], key)


def _recipients(ctx: _Ctx, node: yaml.Node) -> str:
    """发送对象 as text, or as a list of the groups it is sent to, printed joined with
    、 (``[市政协委员, 机关各处室]`` -> ``市政协委员、机关各处室``)."""
    if isinstance(node, yaml.SequenceNode):
        if not node.value:
            raise ctx.fail(node, "'recipients' must not be empty")
        return "、".join(_str(ctx, item, "recipients") for item in node.value)
    return _str(ctx, node, "recipients")


def _int(ctx: _Ctx, node: yaml.Node, key: str) -> int:
    value = _scalar(ctx, node)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ctx.fail(node, f"{key!r} must be a whole number")
    return value


def _bool(ctx: _Ctx, node: yaml.Node, key: str) -> bool:
    value = _scalar(ctx, node)
    if not isinstance(value, bool):
        raise ctx.fail(node, f"{key!r} must be true or false")
    return value


def _date(ctx: _Ctx, node: yaml.Node, key: str) -> _dt.date:
    value = _scalar(ctx, node)
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ctx.fail(node, f"{key!r} must be a date such as 2025-03-05") from None


def _edition_date(ctx: _Ctx, node: yaml.Node) -> _dt.date:
    date = _date(ctx, node, "edition_date")
    first, last = ZIP_YEARS
    if not first <= date.year <= last:
        raise ctx.fail(
            node, f"'edition_date' {date.isoformat()} is outside {first}–{last}, the years a "
            "DOCX or EPUB (zip) file can record; it dates the outputs"
        )
    return date


def _list(ctx: _Ctx, node: yaml.Node, key: str) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        raise ctx.fail(node, f"{key!r} must be a list")
    return list(node.value)


def _file(ctx: _Ctx, node: yaml.Node, key: str, base: Path) -> Path:
    path = (base / _str(ctx, node, key, path=True)).resolve()
    _must_be_file(ctx, node, path, f"{key}: ")
    return path


def _must_be_file(ctx: _Ctx, node: yaml.Node, path: Path, what: str = "") -> None:
    problem = not_a_file(path)
    if problem == "no such file":
        ctx.missing.append(f"{_where(ctx.path, node)}: {what}no such file {path}")
    elif problem is not None:
        raise ctx.fail(node, f"{what}{path} {problem}")


def _cover(ctx: _Ctx, node: yaml.Node) -> Path:
    path = _file(ctx, node, "cover", ctx.path.parent)
    if path.is_file():
        try:
            check_image(path, what="the cover")
        except InputError as exc:
            raise ctx.fail(node, f"cover: {exc}") from None
    return path


def _photo(ctx: _Ctx, node: yaml.Node) -> Path:
    """A photo's file: relative to the manifest, a JPEG, PNG, GIF or WebP that
    decodes."""
    path = _file(ctx, node, "file", ctx.path.parent)
    if path.suffix.lower() not in PHOTO_SUFFIXES:
        raise ctx.fail(node, f"images: {path.name} is not a photo the three formats can all "
                       f"print (give one of {', '.join(PHOTO_SUFFIXES)})")
    if path.is_file():
        try:
            check_image(path, what="the photo")
        except InputError as exc:
            raise ctx.fail(node, f"images: {exc}") from None
    return path


def _images(ctx: _Ctx, node: yaml.Node) -> tuple[ImageEntry, ...]:
    """``images:``: each a path, or ``{file: …, caption: …}``."""
    out: list[ImageEntry] = []
    for item in _list(ctx, node, "images"):
        line = item.start_mark.line + 1
        if isinstance(item, yaml.ScalarNode):
            out.append(ImageEntry(file=_photo(ctx, item), line=line))
            continue
        p = _mapping(ctx, item, _IMAGE_KEYS, "an image")
        out.append(ImageEntry(file=_photo(ctx, p["file"][1]), caption=_opt_str(ctx, p, "caption"),
                              line=line))
    return tuple(out)


def _policy(ctx: _Ctx, node: yaml.Node) -> CaptionPolicy:
    value = _str(ctx, node, "captions_without_photos")
    for policy in CAPTION_POLICIES:
        if value == policy:
            return policy
    raise ctx.fail(node, f"unknown value {value!r} of 'captions_without_photos' "
                   f"(valid: {', '.join(CAPTION_POLICIES)})")


# --------------------------------------------------------------------------- sections

_BOOK_KEYS = {
    "title": True, "subtitle": False, "compiler": False, "year": False, "publisher": False,
    "printer": False, "notice": False, "permit": False, "recipients": False,
    "print_run": False, "edition_date": False, "cover": False,
}
_MATTER_KEYS = {"title": True, "text": False, "file": False}
_PART_KEYS = {"title": False, "sort": False, "articles": True}
_ARTICLE_KEYS = {
    "path": True, "title": False, "subtitle": False, "column": False, "authors": False,
    "date": False, "source": False, "fixes": False, "exclude": False, "reader": False,
    "images": False, "captions_without_photos": False,
}
_FIX_KEYS = {"find": True, "replace": True}
_IMAGE_KEYS = {"file": True, "caption": False}
_SOURCE_KEYS = {"name": True, "issue": False}
_AUTHOR_KEYS = {"name": True, "role": False}
_OUTPUT_KEYS = {"format": True, "path": True, "preset": False, "options": False}
_READ_KEYS = {"keep_script": False, "protected_words": False}
_TOP_KEYS = {
    "book": True, "front": False, "back": False, "parts": True, "outputs": True, "read": False,
    "captions_without_photos": False,
}


def _book(ctx: _Ctx, node: yaml.Node) -> BookEntry:
    p = _mapping(ctx, node, _BOOK_KEYS, "book")
    return BookEntry(
        title=_str(ctx, p["title"][1], "title"),
        subtitle=_opt_str(ctx, p, "subtitle"),
        compiler=_opt_str(ctx, p, "compiler"),
        year=_int(ctx, p["year"][1], "year") if "year" in p else None,
        publisher=_opt_str(ctx, p, "publisher"),
        printer=_opt_str(ctx, p, "printer"),
        notice=_opt_str(ctx, p, "notice"),
        permit=_opt_str(ctx, p, "permit"),
        recipients=_recipients(ctx, p["recipients"][1]) if "recipients" in p else None,
        print_run=_int(ctx, p["print_run"][1], "print_run") if "print_run" in p else None,
        edition_date=_edition_date(ctx, p["edition_date"][1]) if "edition_date" in p else None,
        cover=_cover(ctx, p["cover"][1]) if "cover" in p else None,
    )


def _matter(ctx: _Ctx, node: yaml.Node, what: str) -> MatterEntry:
    p = _mapping(ctx, node, _MATTER_KEYS, what)
    if ("text" in p) == ("file" in p):
        raise ctx.fail(node, f"{what}: give either 'text' or 'file', not both or neither")
    path: Path | None = None
    if "text" in p:
        text = _str(ctx, p["text"][1], "text")
    else:
        path = _file(ctx, p["file"][1], "file", ctx.path.parent)
        text = ""
        if path.is_file():
            from .textio import read_file

            text = read_file(path).text
    return MatterEntry(title=_str(ctx, p["title"][1], "title"), text=text, file=path)


def _authors(ctx: _Ctx, node: yaml.Node) -> tuple[Credit, ...]:
    out = []
    for item in _list(ctx, node, "authors"):
        if isinstance(item, yaml.ScalarNode):
            out.append(Credit(name=_str(ctx, item, "authors"), role="author"))
            continue
        p = _mapping(ctx, item, _AUTHOR_KEYS, "an author")
        role = _opt_str(ctx, p, "role") or "author"
        if role not in ROLES:
            raise ctx.fail(p["role"][1], f"unknown role {role!r} (valid: {', '.join(ROLES)})")
        out.append(Credit(name=_str(ctx, p["name"][1], "name"), role=role))
    return tuple(out)


def _article(ctx: _Ctx, node: yaml.Node) -> list[ArticleEntry]:
    base = ctx.path.parent
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _expand(ctx, node, _str(ctx, node, "articles", path=True), base,
                       lambda path: ArticleEntry(path=path, line=line))
    p = _mapping(ctx, node, _ARTICLE_KEYS, "an article")
    fixes = []
    if "fixes" in p:
        for fnode in _list(ctx, p["fixes"][1], "fixes"):
            fp = _mapping(ctx, fnode, _FIX_KEYS, "a fix")
            find = _str(ctx, fp["find"][1], "find")
            replace_node = fp["replace"][1]
            replacement = _scalar(ctx, replace_node)
            new = "" if replacement is None else str(replacement)
            _check_text(ctx, replace_node, "replace", new)
            if new == find:
                raise ctx.fail(
                    fnode, f"the fix replaces {find!r} with the same text: it changes nothing "
                    "(and would hide a garbled span); write what the text should read"
                )
            fixes.append(Fix(find=find, replace=new, line=fnode.start_mark.line + 1))
    source = None
    if "source" in p:
        sp = _mapping(ctx, p["source"][1], _SOURCE_KEYS, "source")
        source = Source(name=_str(ctx, sp["name"][1], "name"), issue=_opt_str(ctx, sp, "issue"))
    images = _images(ctx, p["images"][1]) if "images" in p else ()
    if images and glob.has_magic(_str(ctx, p["path"][1], "path", path=True)) and not os.path.lexists(
            base / _str(ctx, p["path"][1], "path", path=True)):
        raise ctx.fail(p["images"][1], "images belong to one article: give them on an entry "
                       "that names its file, not a glob")
    policy = _policy(ctx, p["captions_without_photos"][1]) if "captions_without_photos" in p else None

    reader = None
    if "reader" in p:
        from .readers.registry import canonical_name, reader_names

        reader = canonical_name(_str(ctx, p["reader"][1], "reader"))
        if reader not in reader_names():
            raise ctx.fail(p["reader"][1], f"unknown reader {reader!r} (valid: {', '.join(reader_names())})")

    def make(path: Path) -> ArticleEntry:
        return ArticleEntry(
            reader=reader,
            path=path,
            title=_opt_str(ctx, p, "title"),
            subtitle=_opt_str(ctx, p, "subtitle"),
            column=_opt_str(ctx, p, "column"),
            authors=_authors(ctx, p["authors"][1]) if "authors" in p else None,
            date=_date(ctx, p["date"][1], "date") if "date" in p else None,
            source=source,
            fixes=tuple(fixes),
            exclude=_bool(ctx, p["exclude"][1], "exclude") if "exclude" in p else False,
            images=images,
            captions_without_photos=policy,
            line=line,
        )

    return _expand(ctx, p["path"][1], _str(ctx, p["path"][1], "path", path=True), base, make)


def _expand(
    ctx: _Ctx, node: yaml.Node, pattern: str, base: Path, make: Callable[[Path], ArticleEntry]
) -> list[ArticleEntry]:
    full = str(base / pattern)
    # A path that exists is a path, even with [ ] * ? in its name (文章[1].txt).
    if glob.has_magic(pattern) and not os.path.lexists(full):
        paths = sorted(Path(p).resolve() for p in glob.glob(full) if os.path.isfile(p))
        if not paths:
            ctx.missing.append(f"{_where(ctx.path, node)}: no file matches {pattern!r}")
        return [replace(make(p), pattern=pattern) for p in paths]
    path = Path(full).resolve()
    _must_be_file(ctx, node, path)
    return [make(path)]


def _part(ctx: _Ctx, node: yaml.Node) -> PartEntry:
    p = _mapping(ctx, node, _PART_KEYS, "a part")
    sort = _opt_str(ctx, p, "sort") or "manifest"
    if sort not in SORTS:
        raise ctx.fail(p["sort"][1], f"unknown sort {sort!r} (valid: {', '.join(SORTS)})")
    articles: list[ArticleEntry] = []
    for anode in _list(ctx, p["articles"][1], "articles"):
        articles.extend(_article(ctx, anode))
    return PartEntry(title=_opt_str(ctx, p, "title"), articles=tuple(articles), sort=sort)


def _output(ctx: _Ctx, node: yaml.Node) -> OutputEntry:
    from .writers import canonical_name, format_names

    p = _mapping(ctx, node, _OUTPUT_KEYS, "an output")
    fmt = canonical_name(_str(ctx, p["format"][1], "format"))
    if fmt not in format_names():
        raise ctx.fail(p["format"][1], f"unknown format {fmt!r} (valid: {', '.join(format_names())})")
    preset = _opt_str(ctx, p, "preset")
    presets = FORMAT_PRESETS.get(fmt)
    if preset is not None and presets is not None and preset not in presets:
        valid = ", ".join(presets) if presets else f"none: {fmt} has no presets, only options"
        raise ctx.fail(p["preset"][1], f"unknown preset {preset!r} for {fmt} (valid: {valid})")
    options: dict[str, Any] = {}
    if "options" in p:
        onode = p["options"][1]
        if not isinstance(onode, yaml.MappingNode):
            raise ctx.fail(onode, "'options' must be a mapping")
        options = _construct(onode)
    path = (ctx.path.parent / _str(ctx, p["path"][1], "path", path=True)).resolve()
    return OutputEntry(format=fmt, path=path, preset=preset, options=options, line=node.start_mark.line + 1)


def _read_options(ctx: _Ctx, node: yaml.Node) -> tuple[bool, tuple[tuple[str, str], ...]]:
    p = _mapping(ctx, node, _READ_KEYS, "read")
    keep = _bool(ctx, p["keep_script"][1], "keep_script") if "keep_script" in p else False
    words: list[tuple[str, str]] = []
    if "protected_words" in p:
        wnode = p["protected_words"][1]
        if isinstance(wnode, yaml.MappingNode):
            for k, v in _mapping(ctx, wnode, {n.value: False for n, _ in wnode.value}, "protected_words").items():
                words.append((k, _str(ctx, v[1], k)))
        else:
            for item in _list(ctx, wnode, "protected_words"):
                word = _str(ctx, item, "protected_words")
                words.append((word, word))
    return keep, tuple(words)


def load_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Read and check a manifest; raise :class:`ManifestError` naming file, line and key."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_manifest(): the manifest must be a path (str or os.PathLike), not {type(path).__name__}")
    mpath = Path(os.fspath(path)).resolve()
    if not mpath.exists():
        raise ManifestError(f"{path}: no such manifest file")
    try:
        text = read_bytes(mpath, limit=MAX_MANIFEST_BYTES, what="a manifest").decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: a manifest must be UTF-8 text") from None
    except InputError as exc:
        raise ManifestError(f"{path}: {exc.problem}") from None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ManifestError(f"{where}: invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ManifestError(f"{path}: invalid YAML: {exc}") from None
    except RecursionError:
        raise ManifestError(
            f"{path}: invalid YAML: lists or mappings nested too deeply (at most {MAX_DEPTH} levels)"
        ) from None
    ctx = _Ctx(path=mpath)
    if root is None:
        raise ManifestError(f"{path}: the manifest is empty")
    _check_tree(ctx, root)
    top = _mapping(ctx, root, _TOP_KEYS, "the manifest")
    book = _book(ctx, top["book"][1])
    front = tuple(_matter(ctx, n, "front matter") for n in _list(ctx, top["front"][1], "front")) if "front" in top else ()
    back = tuple(_matter(ctx, n, "back matter") for n in _list(ctx, top["back"][1], "back")) if "back" in top else ()
    parts = tuple(_part(ctx, n) for n in _list(ctx, top["parts"][1], "parts"))
    if not parts:
        raise ctx.fail(top["parts"][1], "'parts' lists no part")
    outputs = tuple(_output(ctx, n) for n in _list(ctx, top["outputs"][1], "outputs"))
    if not outputs:
        raise ctx.fail(top["outputs"][1], "'outputs' lists no output")
    keep, words = _read_options(ctx, top["read"][1]) if "read" in top else (False, ())
    policy = (_policy(ctx, top["captions_without_photos"][1])
              if "captions_without_photos" in top else "warn")
    if ctx.missing:
        raise ManifestError(f"{path}: {len(ctx.missing)} missing file(s): " + "; ".join(ctx.missing))
    parts = _once(ctx, parts)
    if not any(not e.exclude for p in parts for e in p.articles):
        raise ctx.fail(top["parts"][1], "every article is excluded (exclude: true): the book would be empty")
    return Manifest(
        path=mpath, book=book, parts=parts, outputs=outputs, front=front, back=back,
        keep_script=keep, protected_words=words, captions_without_photos=policy,
    )


_SAFE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_tree(ctx: _Ctx, root: yaml.Node) -> None:
    """Refuse tags that would construct objects (``!!python/object``) or anything exotic,
    aliases that expand past :data:`MAX_NODES` nodes, nesting past :data:`MAX_DEPTH` and
    an alias inside the node it names.

    One walk, without recursion, that visits each node once: the expanded size of a node
    is remembered, so nine levels of nine-fold aliases cost 20 visits, not 387 million.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        nid = id(node)
        if done:
            on_path.discard(nid)
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > MAX_NODES:
                raise ctx.fail(
                    node, f"aliases expand this manifest past {MAX_NODES:,} values "
                    "(a \"billion laughs\" file?); write the values out instead"
                )
            size[nid] = total
            continue
        if nid in size:
            continue
        if node.tag not in _SAFE_TAGS:
            raise ctx.fail(node, f"the YAML tag {node.tag!r} is not allowed in a manifest")
        if depth > MAX_DEPTH:
            raise ctx.fail(node, f"lists or mappings nested more than {MAX_DEPTH} levels deep")
        on_path.add(nid)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) in on_path:
                raise ctx.fail(child, "a YAML alias refers to a list or mapping that contains it")
            if id(child) not in size:
                stack.append((child, depth + 1, False))


def _once(ctx: _Ctx, parts: tuple[PartEntry, ...]) -> tuple[PartEntry, ...]:
    """Each article printed once.

    An editor who lists a file twice almost always made a slip (a copied line, two globs
    that overlap), and a book that prints an article twice goes to the printer unnoticed
    when it is only a warning among others: that is an error naming both lines.  Two
    uses are what an editor means, not slips, and are kept: ``exclude: true`` on a file a
    glob also matches leaves it out of the book; a file named by its own path (with its
    overrides) that a glob also matches is printed once, where its own entry puts it.
    """
    excluded = {e.path for p in parts for e in p.articles if e.exclude}
    named = {e.path for p in parts for e in p.articles if not e.exclude and e.pattern is None}
    seen: dict[Path, ArticleEntry] = {}
    out: list[PartEntry] = []
    for part in parts:
        kept: list[ArticleEntry] = []
        for e in part.articles:
            if not e.exclude:
                if e.path in excluded or (e.pattern is not None and e.path in named):
                    continue
                first = seen.get(e.path)
                if first is not None:
                    how = f" (matched by {e.pattern!r})" if e.pattern else ""
                    was = f" (matched by {first.pattern!r})" if first.pattern else ""
                    raise ManifestError(
                        f"{ctx.path}:{e.line}: the article {e.path.name} is listed twice{how}, "
                        f"first at line {first.line}{was}; a book prints each article once: "
                        "remove one entry (exclude: true leaves out a file a glob matches)"
                    )
                seen[e.path] = e
            kept.append(e)
        out.append(replace(part, articles=tuple(kept)))
    return tuple(out)
