"""The canonical JSON/YAML form of the model, and back: ``load(dump(a)) == a``.

The shape (documented in the README, read by other tools and the tests)::

    {title, subtitle, column, authors: [{name, role}], author_note, date (ISO),
     source: {name, issue} | null, script,
     body: [{type: heading|paragraph|caption, text, level?, run_in?,
             flags?: [{span, start, end, suggestion, confidence}]}],
     diagnostics: [{level, code, message, line?, paragraph?}]}
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, cast

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


def _flag_from_dict(d: dict[str, Any]) -> Flag:
    return Flag(
        span=_req(d, "span", "flag"),
        start=int(_req(d, "start", "flag")),
        end=int(_req(d, "end", "flag")),
        suggestion=d.get("suggestion"),
        confidence=_confidence(d.get("confidence")),
    )


def _confidence(value: Any) -> float | None:
    """A flag's confidence: a number from 0 to 1, or absent (dumps written before it)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise DumpError(f"flag: confidence must be a number from 0 to 1, not {value!r}")
    return float(value)


def _block_from_dict(d: dict[str, Any]) -> Block:
    kind = _req(d, "type", "body block")
    if kind not in BLOCK_TYPES:
        raise DumpError(f"body block: unknown type {kind!r} (valid: {', '.join(BLOCK_TYPES)})")
    text = _req(d, "text", "body block")
    flags = tuple(_flag_from_dict(f) for f in d.get("flags") or ())
    if kind == "heading":
        return Heading(
            text=text, level=int(d.get("level", 1)), run_in=bool(d.get("run_in", False)), flags=flags
        )
    if kind == "paragraph":
        return Paragraph(text=text, flags=flags)
    return Caption(text=text, flags=flags)


def _diagnostic_from_dict(d: dict[str, Any]) -> Diagnostic:
    level = _req(d, "level", "diagnostic")
    if level not in LEVELS:
        raise DumpError(f"diagnostic: unknown level {level!r}")
    return Diagnostic(
        level=level,
        code=_req(d, "code", "diagnostic"),
        message=_req(d, "message", "diagnostic"),
        line=d.get("line"),
        paragraph=d.get("paragraph"),
    )


def from_dict(d: dict[str, Any]) -> Article:
    """Inverse of :func:`to_dict`."""
    if not isinstance(d, dict):
        raise DumpError("an article dump must be a mapping")
    authors = []
    for c in d.get("authors") or ():
        role = _req(c, "role", "author")
        if role not in ROLES:
            raise DumpError(f"author: unknown role {role!r} (valid: {', '.join(ROLES)})")
        authors.append(Credit(name=_req(c, "name", "author"), role=role))
    src = d.get("source")
    date = d.get("date")
    if isinstance(date, str):
        date = _dt.date.fromisoformat(date)
    script = d.get("script", "zh-Hans")
    if script not in ("zh-Hans", "zh-Hant"):
        raise DumpError(f"unknown script {script!r}")
    return Article(
        title=d.get("title"),
        subtitle=d.get("subtitle"),
        column=d.get("column"),
        authors=tuple(authors),
        author_note=d.get("author_note"),
        date=cast("_dt.date | None", date),
        source=Source(name=_req(src, "name", "source"), issue=src.get("issue")) if src else None,
        script=script,
        body=tuple(_block_from_dict(b) for b in d.get("body") or ()),
        diagnostics=tuple(_diagnostic_from_dict(x) for x in d.get("diagnostics") or ()),
    )


def dumps(article: Article, fmt: str = "json") -> str:
    """The article as JSON (indented, UTF-8 characters kept) or YAML."""
    data = to_dict(article)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        text: str = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
        return text
    raise DumpError(f"unknown dump format {fmt!r} (valid: {', '.join(FORMATS)})")


def loads(text: str, fmt: str = "json") -> Article:
    """Inverse of :func:`dumps`.  YAML is read with the safe loader."""
    if fmt == "json":
        return from_dict(json.loads(text))
    if fmt == "yaml":
        return from_dict(yaml.safe_load(text))
    raise DumpError(f"unknown dump format {fmt!r} (valid: {', '.join(FORMATS)})")
