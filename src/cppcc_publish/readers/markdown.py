"""Markdown (CommonMark, with tables) -> Article, parsed with markdown-it-py.

An editor's notes in Markdown say with their markup what the text reader has to guess:
the ``#`` line is the title, ``##`` and ``###`` lines are headings (levels 1 and 2), a
paragraph all in ``**bold**`` is a heading when its shape allows (short, no sentence
ending), and ``![alt text](photo.jpg)`` is a photo whose alt text is its caption (the
caption keeps the image's path when the file is beside the Markdown file).  YAML front
matter between ``---`` lines gives the metadata: ``title``, ``subtitle``, ``column``,
``author``/``authors`` (a name, a list of names, or ``{name, role}`` items), ``date``,
``source`` (a name, or ``{name, issue}``); other keys are reported and ignored.  Every
other line is read by the text reader's rules (:func:`~.structure.read_lines`): bylines
under the title, metadata lines, datelines, captions, the same Chinese vocabulary.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from typing import Any

import yaml

from ..errors import Diagnostic
from ..model import ROLES, Article, Credit, Source
from ..options import ReadOptions
from ..textio import decode
from ..transforms.script import detect_script
from .credits import parse_date, read_credits
from .media import attach_images
from .structure import SourceLine, read_lines

NAME = "markdown"
VERSION = "1"
SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
DESCRIPTION = "Markdown (CommonMark): # title, ## headings, YAML front matter, images with alt text as captions"

# Front matter: a YAML block between --- lines at the very top.
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Markdown's own marks at the start of a line: # headings, list bullets, ![images](…), > quotes.
_MD_LINE = re.compile(rb"^(?:#{1,6}[ \t]+\S|!\[[^\]]*\]\(|>[ \t]|\*\*[^*\n]+\*\*[ \t]*$|[-*+][ \t]+\S|```)", re.MULTILINE)
_TAG = re.compile(r"<[^>]+>")
_HAN_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\uffef\u3000-\u303f]")


def available() -> str | None:
    """Why the reader cannot work here, or ``None``."""
    import importlib.util

    return None if importlib.util.find_spec("markdown_it") else "markdown-it-py is not installed"


def sniff(data: bytes, path: str | None = None) -> bool:
    """A Markdown file: named ``.md`` (and no web page), or front matter, or two lines or
    more of Markdown's marks in its first 8 KB (``# 标题``, ``![图](a.jpg)``, ``- 项``)."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"<") or b"\x00" in head[:512]:
        return False
    if path is not None and path.lower().endswith(SUFFIXES):
        return True
    if _FRONT.match(head.decode("utf-8", "replace")):
        return True
    return len(_MD_LINE.findall(head)) >= 2 and head.lstrip().startswith(b"#")


def _join(parts: list[str]) -> str:
    """Pieces of a paragraph across soft line breaks: no space between Chinese text, one
    between Latin words."""
    out = ""
    for p in parts:
        if out and p and not (_HAN_EDGE.match(out[-1]) or _HAN_EDGE.match(p[0])):
            out += " "
        out += p
    return out


class _Inline:
    """The text of one inline token, split at hard breaks, with its images and emphasis."""

    def __init__(self) -> None:
        self.lines: list[list[str]] = [[]]
        self.images: list[tuple[str, str]] = []
        self.strong_chars = 0
        self.chars = 0

    def add(self, text: str, strong: bool) -> None:
        if text:
            self.lines[-1].append(text)
            n = len(text.strip())
            self.chars += n
            if strong:
                self.strong_chars += n


def _inline(token: Any) -> _Inline:
    out = _Inline()
    strong = 0
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.add(child.content, strong > 0)
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "softbreak":
            out.lines[-1].append("\n")
        elif kind == "hardbreak":
            out.lines.append([])
        elif kind == "image":
            alt = "".join(c.content for c in child.children or []) or str(child.attrs.get("alt") or "")
            out.images.append((alt.strip(), str(child.attrs.get("src") or "")))
        elif kind == "html_inline":
            continue
    return out


def _front_matter(text: str) -> tuple[dict[str, Any], int, str, list[Diagnostic], str | None]:
    """The front matter's mapping, the lines it takes, the text after it, diagnostics."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0, text, [], None
    lines = text[: m.end()].count("\n")
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        return {}, lines, text[m.end():], [], f"the front matter is not valid YAML ({problem}); it was ignored"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, lines, text[m.end():], [], "the front matter is not a mapping of keys to values; it was ignored"
    return data, lines, text[m.end():], [], None


def _sources(text: str, offset: int) -> tuple[list[SourceLine], list[tuple[str, str]], int]:
    """The Markdown's blocks as lines with hints; the images with their alt text; the
    number of table rows read as text."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    sources: list[SourceLine] = []
    images: list[tuple[str, str]] = []
    heading: int | None = None
    item_marks: list[str] = []
    ordered: list[bool] = []
    numbers: list[int] = []
    row: list[str] | None = None
    rows = 0
    titled = False
    for tok in tokens:
        kind = tok.type
        line = tok.map[0] + 1 + offset if tok.map else (sources[-1].no if sources else None)
        if kind == "heading_open":
            heading = int(tok.tag[1])
        elif kind == "heading_close":
            heading = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered.append(kind == "ordered_list_open")
            numbers.append(int(tok.attrs.get("start") or 1) if kind == "ordered_list_open" else 0)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
            numbers.pop()
        elif kind == "list_item_open":
            mark = ""
            if ordered and ordered[-1]:
                mark = f"{numbers[-1]}{tok.markup or '.'}"
                numbers[-1] += 1
            item_marks.append(mark)
        elif kind == "list_item_close":
            item_marks.pop()
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row is not None and any(c.strip() for c in row):
                sources.append(SourceLine(text="\t".join(row), no=line))
                rows += 1
            row = None
        elif kind in ("fence", "code_block"):
            for k, code_line in enumerate(tok.content.splitlines()):
                sources.append(SourceLine(text=code_line, no=(line or 0) + k + 1))
        elif kind == "html_block":
            for k, html_line in enumerate(tok.content.splitlines()):
                plain = _TAG.sub("", html_line).strip()
                if plain:
                    sources.append(SourceLine(text=plain, no=(line or 0) + k))
        elif kind == "inline":
            got = _inline(tok)
            if row is not None:
                row.append(_join([p for ln in got.lines for p in ln if p != "\n"]))
                continue
            for alt, src in got.images:
                if alt:
                    images.append((alt, src))
            pieces = [_join([p for p in ln if p != "\n"]) for ln in got.lines]
            texts = [p for p in pieces if p.strip()]
            if item_marks and item_marks[-1] and texts:
                texts[0] = f"{item_marks[-1]} {texts[0]}"
                item_marks[-1] = ""
            if heading is not None:
                text = "".join(texts)
                if heading == 1 and not titled:
                    sources.append(SourceLine(text=text, no=line, hint="title"))
                    titled = True
                else:
                    sources.append(SourceLine(text=text, no=line, hint="heading", level=1 if heading <= 2 else 2))
                continue
            if not texts:
                for alt, _ in got.images:
                    if alt:
                        sources.append(SourceLine(text=alt, no=line, hint="caption"))
                continue
            strong = got.chars > 0 and got.strong_chars >= got.chars
            for t in texts:
                sources.append(SourceLine(text=t, no=line, hint="strong" if strong else None))
            if any(alt for alt, _ in got.images) and texts:
                for alt, _ in got.images:
                    if alt:
                        sources.append(SourceLine(text=alt, no=line, hint="caption"))
    return sources, images, rows


def _credits(value: object) -> list[Credit] | str:
    items = value if isinstance(value, list) else [value]
    out: list[Credit] = []
    for item in items:
        if isinstance(item, dict):
            name, role = item.get("name"), item.get("role", "author")
            if not isinstance(name, str) or role not in ROLES:
                return f"an author must be a name or {{name, role}} with role one of {', '.join(ROLES)}"
            out.append(Credit(name=name.strip(), role=role))
        elif isinstance(item, str):
            c = read_credits(item)
            if c.people:
                out.extend(Credit(name=n, role=r if r in ROLES else "author") for n, r in c.people)
            else:
                out.extend(Credit(name=n.strip(), role="author") for n in re.split(r"[、，,;；]\s*", item) if n.strip())
        else:
            return "an author must be a name, a list of names or {name, role} items"
    return out


_KNOWN = ("title", "subtitle", "column", "author", "authors", "date", "source")


def _apply_front_matter(article: Article, meta: dict[str, Any], path: str | None) -> Article:
    """The front matter's values over what the text gave: the editor wrote them."""
    fields: dict[str, Any] = {}
    diags: list[Diagnostic] = []

    def warn(message: str) -> None:
        diags.append(Diagnostic(level="warning", code="front-matter", message=message, line=1, file=path))

    for key, value in meta.items():
        key = str(key).lower()
        if key not in _KNOWN:
            warn(f"unknown front matter key {key!r} was ignored (known: {', '.join(_KNOWN)})")
            continue
        if value is None:
            continue
        if key in ("title", "subtitle", "column"):
            if isinstance(value, (str, int, float)):
                fields[key] = str(value).strip()
            else:
                warn(f"front matter {key!r} must be text")
        elif key in ("author", "authors"):
            got = _credits(value)
            if isinstance(got, str):
                warn(f"front matter {key!r}: {got}")
            else:
                fields["authors"] = tuple(got)
        elif key == "date":
            if isinstance(value, _dt.datetime):
                fields["date"] = value.date()
            elif isinstance(value, _dt.date):
                fields["date"] = value
            elif (d := parse_date(str(value))) is not None:
                fields["date"] = d
            else:
                warn(f"front matter 'date' {value!r} is not a date (write 2025-03-01)")
        elif key == "source":
            if isinstance(value, dict) and isinstance(value.get("name"), str):
                issue = value.get("issue")
                fields["source"] = Source(name=value["name"].strip(), issue=str(issue) if issue else None)
            elif isinstance(value, str) and value.strip():
                fields["source"] = Source(name=value.strip().strip("《》"))
            else:
                warn("front matter 'source' must be a name or {name, issue}")
    if fields:
        diags.insert(0, Diagnostic(level="info", code="metadata-read",
                                   message=f"read {', '.join(sorted(fields))} from the front matter", line=1, file=path))
    kept = article.diagnostics
    if "title" in fields:
        kept = tuple(d for d in kept if d.code not in ("no-title", "title-uncertain"))
    return replace(article, **fields, diagnostics=tuple(diags) + kept)


def read(data: bytes, path: str | None = None, options: ReadOptions | None = None) -> Article:
    """Read Markdown (bytes) into an article, before the transforms."""
    options = options or ReadOptions()
    text = decode(data, path or "<input>").text
    meta, offset, body, _, problem = _front_matter(text)
    sources, images, rows = _sources(body, offset)
    script = detect_script("\n".join(s.text for s in sources[:400]))
    article = read_lines(sources, path, options, script, document=True)
    article = replace(article, script=script)
    article = attach_images(article, images, path)
    extra: list[Diagnostic] = []
    if problem:
        extra.append(Diagnostic(level="warning", code="front-matter", message=problem, line=1, file=path))
    if rows:
        extra.append(Diagnostic(level="warning", code="table-as-text", line=None, file=path,
                                message=f"read {rows} table row(s) as lines of text, cells separated by tabs"))
    if extra:
        article = replace(article, diagnostics=tuple(extra) + article.diagnostics)
    if meta:
        article = _apply_front_matter(article, meta, path)
    return article
