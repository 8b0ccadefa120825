"""The canonical JSON/YAML form of the model, and back: ``load(dump(a)) == a``.

The shape (documented in the README, read by other tools and the tests)::

    {title, subtitle, column, authors: [{name, role}], author_note, date (ISO),
     source: {name, issue} | null, script,
     body: [{type: heading|paragraph|caption, text, level?, run_in?, image?,
             flags?: [{span, start, end, suggestion, confidence}]}],
     diagnostics: [{level, code, message, line?, paragraph?}]}
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

import yaml

from .errors import LEVELS, CppccError, Diagnostic
from .model import (
    BLOCK_TYPES,
    ROLES,
    Article,
    Block,
    Caption,
    Credit,
    Flag,
    Heading,
    Paragraph,
    Source,
    block_type,
)

FORMATS = ("json", "yaml")


def _flag_to_dict(f: Flag) -> dict[str, Any]:
    return {
        "span": f.span,
        "start": f.start,
        "end": f.end,
        "suggestion": f.suggestion,
        "confidence": f.confidence,
    }


def _block_to_dict(b: Block) -> dict[str, Any]:
    d: dict[str, Any] = {"type": block_type(b), "text": b.text}
    if isinstance(b, Heading):
        d["level"] = b.level
        d["run_in"] = b.run_in
    if isinstance(b, Caption) and b.image is not None:
        d["image"] = b.image
    if b.flags:
        d["flags"] = [_flag_to_dict(f) for f in b.flags]
    return d


def _diagnostic_to_dict(d: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {"level": d.level, "code": d.code, "message": d.message}
    if d.line is not None:
        out["line"] = d.line
    if d.paragraph is not None:
        out["paragraph"] = d.paragraph
    return out


def to_dict(article: Article) -> dict[str, Any]:
    """The article as plain data (str, int, bool, None, lists, dicts)."""
    return {
        "title": article.title,
        "subtitle": article.subtitle,
        "column": article.column,
        "authors": [{"name": c.name, "role": c.role} for c in article.authors],
        "author_note": article.author_note,
        "date": article.date.isoformat() if article.date else None,
        "source": (
            {"name": article.source.name, "issue": article.source.issue}
            if article.source
            else None
        ),
        "script": article.script,
        "body": [_block_to_dict(b) for b in article.body],
        "diagnostics": [_diagnostic_to_dict(d) for d in article.diagnostics],
    }


class DumpError(CppccError):
    """A dump that does not have the model's shape."""


def _req(d: dict[str, Any], key: str, where: str) -> Any:
    if key not in d:
        raise DumpError(f"{where}: missing key {key!r}")
    return d[key]


def _text(value: object, where: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        kind = "text or null" if optional else "text"
        raise DumpError(f"{where} must be {kind}, not {type(value).__name__} {value!r:.40}")
    return value


def _int(value: object, where: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DumpError(f"{where} must be a whole number, not {type(value).__name__} {value!r:.40}")
    return value


def _map(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DumpError(f"{where} must be a mapping, not {type(value).__name__} {value!r:.40}")
    return value


def _seq(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DumpError(f"{where} must be a list, not {type(value).__name__} {value!r:.40}")
    return value


def _confidence(value: Any) -> float | None:
    """A flag's confidence: a number from 0 to 1, or absent (dumps written before it)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise DumpError(f"flag: confidence must be a number from 0 to 1, not {value!r}")
    return float(value)


def _flag_from_dict(d: object) -> Flag:
    d = _map(d, "a flag")
    try:
        return Flag(
            span=_text(_req(d, "span", "flag"), "flag 'span'"),
            start=_int(_req(d, "start", "flag"), "flag 'start'"),
            end=_int(_req(d, "end", "flag"), "flag 'end'"),
            suggestion=_text(d.get("suggestion"), "flag 'suggestion'", optional=True),
            confidence=_confidence(d.get("confidence")),
        )
    except ValueError as exc:
        raise DumpError(f"flag: {exc}") from None


def _block_from_dict(d: object) -> Block:
    if not isinstance(d, dict):
        raise DumpError(f"a body block must be a mapping, not {type(d).__name__} {d!r:.40}")
    kind = _req(d, "type", "body block")
    text = _req(d, "text", "body block")
    if not isinstance(text, str):
        _text(text, "body block 'text'")
    raw_flags = d.get("flags")
    flags: tuple[Flag, ...] = ()
    if raw_flags:
        flags = tuple(_flag_from_dict(f) for f in _seq(raw_flags, "body block 'flags'"))
        for f in flags:
            if text[f.start:f.end] != f.span:
                raise DumpError(f"flag {f.span!r}: the text at {f.start}:{f.end} is not its span")
    if kind == "paragraph":
        return Paragraph(text=text, flags=flags)
    if kind == "heading":
        level = _int(d.get("level", 1), "heading 'level'")
        run_in = d.get("run_in", False)
        if not isinstance(run_in, bool):
            raise DumpError(f"heading 'run_in' must be true or false, not {run_in!r:.40}")
        return Heading(text=text, level=level, run_in=run_in, flags=flags)
    if kind == "caption":
        return Caption(text=text, flags=flags, image=_text(d.get("image"), "caption 'image'", optional=True))
    raise DumpError(f"body block: unknown type {kind!r} (valid: {', '.join(BLOCK_TYPES)})")


def _diagnostic_from_dict(d: object) -> Diagnostic:
    d = _map(d, "a diagnostic")
    level = _req(d, "level", "diagnostic")
    if level not in LEVELS:
        raise DumpError(f"diagnostic: unknown level {level!r}")
    return Diagnostic(
        level=level,
        code=_text(_req(d, "code", "diagnostic"), "diagnostic 'code'"),
        message=_text(_req(d, "message", "diagnostic"), "diagnostic 'message'"),
        line=_int(d.get("line"), "diagnostic 'line'", optional=True),
        paragraph=_int(d.get("paragraph"), "diagnostic 'paragraph'", optional=True),
    )


def from_dict(d: dict[str, Any]) -> Article:
    """Inverse of :func:`to_dict`.  Anything not of the model's shape (a wrong type, a
    missing key, a flag that does not fit its text) is a :class:`DumpError`."""
    if not isinstance(d, dict):
        raise DumpError(f"an article dump must be a mapping, not {type(d).__name__}")
    authors = []
    for c in _seq(d.get("authors"), "'authors'"):
        c = _map(c, "an author")
        role = _req(c, "role", "author")
        if role not in ROLES:
            raise DumpError(f"author: unknown role {role!r} (valid: {', '.join(ROLES)})")
        authors.append(Credit(name=_text(_req(c, "name", "author"), "author 'name'"), role=role))
    src = d.get("source")
    source = None
    if src is not None:
        src = _map(src, "'source'")
        source = Source(name=_text(_req(src, "name", "source"), "source 'name'"),
                        issue=_text(src.get("issue"), "source 'issue'", optional=True))
    date = d.get("date")
    if isinstance(date, str):
        try:
            date = _dt.date.fromisoformat(date)
        except ValueError:
            raise DumpError(f"'date' must be YYYY-MM-DD, not {date!r:.40}") from None
    elif date is not None and not isinstance(date, _dt.date):
        raise DumpError(f"'date' must be YYYY-MM-DD or null, not {type(date).__name__} {date!r:.40}")
    script = d.get("script", "zh-Hans")
    if script not in ("zh-Hans", "zh-Hant"):
        raise DumpError(f"unknown script {script!r}")
    return Article(
        title=_text(d.get("title"), "'title'", optional=True),
        subtitle=_text(d.get("subtitle"), "'subtitle'", optional=True),
        column=_text(d.get("column"), "'column'", optional=True),
        authors=tuple(authors),
        author_note=_text(d.get("author_note"), "'author_note'", optional=True),
        date=date,
        source=source,
        script=script,
        body=tuple(_block_from_dict(b) for b in _seq(d.get("body"), "'body'")),
        diagnostics=tuple(_diagnostic_from_dict(x) for x in _seq(d.get("diagnostics"), "'diagnostics'")),
    )


def dumps(article: Article, fmt: str = "json") -> str:
    """The article as JSON (indented, UTF-8 characters kept) or YAML."""
    if not isinstance(article, Article):
        raise TypeError(f"dumps(): article must be an Article, not {type(article).__name__}")
    data = to_dict(article)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        text: str = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
        return text
    raise DumpError(f"unknown dump format {fmt!r} (valid: {', '.join(FORMATS)})")


def loads(text: str, fmt: str = "json") -> Article:
    """Inverse of :func:`dumps`.  YAML is read with the safe loader.  Text that is not
    JSON (YAML) or not of the model's shape raises :class:`DumpError`."""
    if not isinstance(text, (str, bytes)):
        raise TypeError(f"loads(): text must be a str holding a dump, not {type(text).__name__}")
    if fmt not in FORMATS:
        raise DumpError(f"unknown dump format {fmt!r} (valid: {', '.join(FORMATS)})")
    try:
        data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError, RecursionError) as exc:
        raise DumpError(f"not a {fmt.upper()} dump: {' '.join(str(exc).split())}") from None
    return from_dict(data)
