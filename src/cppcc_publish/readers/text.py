"""Plain text (as copied out of a web page or a journal) -> Article.

The reader finds the structure: page chrome, title, column, subtitle, metadata line,
credits, author note, source, headings, captions and paragraphs.  It keeps each block's
text as received (edges trimmed); the transforms repair and normalize it afterwards.
Everything it removes is reported as an ``info`` diagnostic quoting the text, and
everything it cannot place stays in the body with a ``warning``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ..errors import Diagnostic
from ..model import Article, Block, Caption, Credit, Heading, Paragraph, Role, Source
from ..options import ReadOptions
from ..transforms.script import detect_script
from . import patterns as P


@dataclass(slots=True)
class _Line:
    no: int
    raw: str
    view: str
    kind: str = "text"


@dataclass(slots=True)
class _State:
    path: str | None
    diags: list[Diagnostic] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    title: str | None = None
    subtitle: str | None = None
    column: str | None = None
    date: _dt.date | None = None
    source: Source | None = None
    author_note: str | None = None
    newspaper: str | None = None
    own_reporter: bool = False

    def info(self, code: str, message: str, line: int | None = None) -> None:
        self.diags.append(Diagnostic(level="info", code=code, message=message, line=line, file=self.path))

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.diags.append(
            Diagnostic(level="warning", code=code, message=message, line=line, file=self.path)
        )

    def credit(self, name: str, role: Role) -> None:
        c = Credit(name=name, role=role)
        if c not in self.credits:
            self.credits.append(c)


def _view(raw: str) -> str:
    """The classifiers' view of a line.  A long line (body text) gets an abridged view,
    its head and tail: no classifier needs its middle, and viewing all of it is the
    reader's costliest step."""
    if len(raw) <= 240:
        return P.view(raw)
    return P.view(raw[:200]) + "……" + P.view(raw[-30:])


def _is_sentence(view: str) -> bool:
    """A line that reads as body text: it ends like a sentence or is too long for a title."""
    return len(view) > 60 or bool(P.SENTENCE_END.search(view))


def _classify(line: _Line) -> str:
    v = line.view
    if len(v) > 200:
        # Chrome, metadata and credit lines are short; only a caption marker can start a
        # long line.  (This also keeps a 20 MB line from meeting backtracking patterns.)
        return "caption" if P.CAPTION.match(v[:3]) else "text"
    if P.META_LINE.match(v) and len(v) < 120:
        return "meta"
    if P.EDITOR.match(v):
        return "editor"
    if P.BYLINE.match(v):
        return "byline"
    if P.AUTHOR_LINE.match(v):
        return "author"
    if P.AUTHOR_NOTE.match(v) and len(v) < 100:
        return "note"
    if P.SOURCE_NOTE.match(v):
        return "source"
    if P.COMPILER_TAIL.fullmatch(v):
        return "compiler"
    if P.BREADCRUMB.match(v) and len(v) < 80 and not P.SENTENCE_END.search(v):
        return "breadcrumb"
    if P.CHROME.match(v):
        return "chrome"
    if P.CAPTION.match(v):
        return "caption"
    if P.SUBTITLE.match(v) and not _is_sentence(v):
        return "subtitle"
    return "text"


def _parse_date(text: str) -> _dt.date | None:
    m = P.DATE.search(text)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _names(text: str) -> list[str]:
    return [n for n in re.split(r"[\s、,，]+", text.strip()) if n]


def _read_meta(line: _Line, st: _State) -> None:
    """文章来源: 作者:黄筱珂 发布时间:2023年01月03日 点击数:74 A- A+"""
    v = line.view
    items = list(P.META_ITEM.finditer(v))
    if not items or items[0].start() > 0:
        date = _parse_date(v[: items[0].start()] if items else v)
        if date and st.date is None:
            st.date = date
    for i, m in enumerate(items):
        key = m.group(1)
        end = items[i + 1].start() if i + 1 < len(items) else len(v)
        value = v[m.end() : end].strip(" |｜")
        if not value:
            continue
        if key.endswith("来源"):
            sm = P.SOURCE_NOTE.match(value)
            st.source = Source(name=sm.group(1), issue=sm.group(2)) if sm else Source(name=value)
        elif key in ("作者", "文/", "文／"):
            for n in _names(value):
                st.credit(n, "author")
        elif key.endswith("编辑"):
            for n in _names(value):
                st.credit(n, "editor")
        elif "时间" in key or "日期" in key:
            st.date = st.date or _parse_date(value)
    st.info("metadata-read", f"read the metadata line «{line.raw}»", line.no)


_CREDIT_PATTERNS: dict[str, tuple[re.Pattern[str], Role]] = {
    "editor": (P.EDITOR, "editor"),
    "author": (P.AUTHOR_LINE, "author"),
    "compiler": (P.COMPILER_TAIL, "compiler"),
}


def _read_credit_line(line: _Line, st: _State) -> None:
    v = line.view
    if line.kind == "byline":
        for m in P.BYLINE_ITEM.finditer(v):
            role: Role = "reporter" if "记者" in m.group(1) else "correspondent"
            if m.group(1).startswith("本报"):
                st.own_reporter = True
            for n in _names(m.group(2)):
                st.credit(n, role)
    elif line.kind in _CREDIT_PATTERNS:
        pattern, role = _CREDIT_PATTERNS[line.kind]
        found = pattern.search(v)
        for n in _names(found.group(1) if found else ""):
            st.credit(n, role)
    elif line.kind == "note":
        note = _strip_outer_parens(line.raw)
        nm = P.AUTHOR_NOTE.match(note)
        st.author_note = nm.group(1) if nm else note
    elif line.kind == "source":
        sm = P.SOURCE_NOTE.match(v)
        if sm:
            st.source = Source(name=sm.group(1), issue=sm.group(2))
    st.info("credit-read", f"read «{line.raw}» into the article's metadata", line.no)


def _strip_outer_parens(raw: str) -> str:
    raw = P.strip_ws(raw)
    if raw[:1] in "(（" and raw[-1:] in ")）":
        return raw[1:-1].strip()
    return raw


_META_KINDS = ("byline", "editor", "author", "compiler", "note", "source")


def _newspaper(lines: list[_Line], st: _State) -> None:
    for line in lines:
        m = P.NEWSPAPER.search(line.view)
        if m:
            st.newspaper = m.group(1)
            return


def _split_title(raw: str, st: _State, options: ReadOptions, line: int) -> None:
    text = P.strip_ws(raw)
    seps = re.escape(options.column_separators)
    m = re.match(rf"^(.{{2,24}}?)\s*[{seps}]\s*(.+)$", text)
    if m:
        st.column = m.group(1)
        text = m.group(2)
        st.info("column-read", f"read the column «{st.column}» from the title line", line)
    m = P.INLINE_SUBTITLE.match(text)
    if m and st.subtitle is None:
        text, st.subtitle = m.group(1), m.group(2)
    st.title = text


# Characters no output can carry: C0 controls but tab and line breaks, DEL, C1 controls,
# the non-characters U+FFFE/U+FFFF and lone surrogates (from a ``surrogateescape`` decode).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def _remove_unprintable(text: str, st: _State) -> str:
    if not _UNPRINTABLE.search(text):
        return text
    lines = text.split("\n")
    for no, line in enumerate(lines, start=1):
        found = _UNPRINTABLE.findall(line)
        if found:
            points = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            st.warn(
                "control-characters",
                f"removed {len(found)} control or invalid character(s) ({points}) that no "
                "output format can carry",
                no,
            )
            lines[no - 1] = _UNPRINTABLE.sub("", line)
    return "\n".join(lines)


def read_text(text: str, path: str | None = None, options: ReadOptions | None = None) -> Article:
    """Find the structure of ``text``; the texts stay as received (see the transforms)."""
    options = options or ReadOptions()
    st = _State(path=path)
    text = _remove_unprintable(text.replace("\x85", "\n"), st)
    lines: list[_Line] = []
    for no, raw in enumerate(text.splitlines(), start=1):
        stripped = P.strip_ws(raw)
        if not stripped:
            continue
        line = _Line(no=no, raw=stripped, view=_view(stripped))
        line.kind = _classify(line)
        lines.append(line)
    script = detect_script(text)

    # --- header: everything before the first line of body text ---------------------------
    # The body starts at the first caption, sentence or numbered heading, or at the first
    # text line after the title that is not the title printed again.
    first_sentence = next(
        (i for i, ln in enumerate(lines) if ln.kind == "text" and _is_sentence(ln.view)), len(lines)
    )
    crumbs = [i for i in range(first_sentence) if lines[i].kind == "breadcrumb"]
    if crumbs:
        # Above a breadcrumb stand the site's masthead and menus.
        _newspaper(lines[: crumbs[-1]], st)
        for line in lines[: crumbs[-1]]:
            line.kind = "chrome"
    first_body = len(lines)
    seen_title = False
    for i, line in enumerate(lines):
        if line.kind == "caption" or (
            line.kind == "text" and (_is_sentence(line.view) or P.NUMBERED_1.match(line.view))
        ):
            first_body = i
            break
        if line.kind == "text":
            if not seen_title:
                seen_title = True
            elif not _looks_like(line, lines[:i]):
                first_body = i
                break
    header, rest = lines[:first_body], lines[first_body:]
    leftovers: list[_Line] = []
    for line in header:
        if line.kind in ("chrome", "breadcrumb"):
            if line.kind == "chrome" and st.newspaper is None:
                _newspaper([line], st)
            st.info("chrome-removed", f"removed page chrome «{line.raw}»", line.no)
        elif line.kind == "meta":
            _read_meta(line, st)
        elif line.kind == "subtitle" and st.title is not None and st.subtitle is None:
            m = P.SUBTITLE.match(P.strip_ws(line.raw))
            assert m
            st.subtitle = m.group(1)
        elif line.kind in _META_KINDS:
            _read_credit_line(line, st)
        elif st.title is None and line.kind == "text" and len(line.view) <= 80:
            _split_title(line.raw, st, options, line.no)
        elif st.title is not None and line.kind == "text" and _same_title(line, st):
            st.info("duplicate-title", f"removed the title printed a second time «{line.raw}»", line.no)
        else:
            leftovers.append(line)
    for line in leftovers:
        line.kind = "unplaced"
        st.warn("unplaced-text", f"could not place «{line.raw}» above the text; kept it as a paragraph", line.no)

    # --- footer: what follows the last line of body text ---------------------------------
    last = len(rest) - 1
    while last >= 0 and not (
        rest[last].kind in ("text", "caption") and (_is_sentence(rest[last].view) or rest[last].view == "……")
    ):
        last -= 1
    body_lines, footer = rest[: last + 1], rest[last + 1 :]
    if body_lines:
        m = P.COMPILER_TAIL.search(body_lines[-1].raw)
        if m and m.start() > 0:
            tail = _Line(no=body_lines[-1].no, raw=m.group(0), view=P.view(m.group(0)), kind="compiler")
            body_lines[-1] = _Line(
                no=body_lines[-1].no,
                raw=P.strip_ws(body_lines[-1].raw[: m.start()]),
                view=_view(body_lines[-1].raw[: m.start()]),
                kind="text",
            )
            footer.insert(0, tail)
    if st.newspaper is None:
        _newspaper([ln for ln in footer if ln.kind == "chrome"], st)
    in_chrome = False
    unplaced: list[_Line] = []
    for line in footer:
        if line.kind in _META_KINDS:
            _read_credit_line(line, st)
        elif line.kind == "meta":
            _read_meta(line, st)
        elif line.kind in ("chrome", "breadcrumb") or in_chrome:
            in_chrome = True
            st.info("chrome-removed", f"removed page chrome «{line.raw}»", line.no)
        else:
            unplaced.append(line)
    for line in unplaced:
        line.kind = "unplaced"
        st.warn("unplaced-text", f"could not place «{line.raw}» below the text; kept it as a paragraph", line.no)

    body = _body([*leftovers, *body_lines, *unplaced], st)
    if not any(isinstance(b, Heading) for b in body):
        body = _run_in_headings(body, st)

    if st.source is None and st.own_reporter and st.newspaper:
        st.source = Source(name=st.newspaper)
    if st.title is None:
        st.warn("no-title", "the article has no title line; give it one in the manifest")
    if not any(isinstance(b, Paragraph) for b in body):
        st.warn("no-text", "the article has no body text")
    return Article(
        title=st.title,
        subtitle=st.subtitle,
        column=st.column,
        authors=tuple(st.credits),
        author_note=st.author_note,
        date=st.date,
        source=st.source,
        script=script,
        body=tuple(body),
        diagnostics=tuple(st.diags),
        path=path,
    )


def _looks_like(line: _Line, before: list[_Line]) -> bool:
    """The line repeats an earlier text line (a title printed twice)."""
    v = line.view.replace(" ", "")
    return any(b.kind == "text" and b.view.replace(" ", "").endswith(v) for b in before)


def _same_title(line: _Line, st: _State) -> bool:
    v = line.view.replace(" ", "")
    title = P.view(st.title or "").replace(" ", "")
    return v == title or (st.column is not None and v.endswith(title))


def _is_heading(line: _Line, next_line: _Line | None) -> bool:
    """A short line without final punctuation, followed by body text."""
    v = line.view
    if line.kind != "text" or len(v) > P.HEADING_MAX + 10 or P.SENTENCE_END.search(v):
        return False
    numbered = P.NUMBERED_1.match(v) or P.NUMBERED_2.match(v)
    if len(v) > (P.HEADING_MAX + 10 if numbered else P.HEADING_MAX) or P.han_count(v) < 2:
        return False
    return next_line is not None and next_line.kind == "text"


_OPEN_END = re.compile(r"[\u3400-\u9fffA-Za-z0-9]$")


def _unfinished(text: str) -> bool:
    """A paragraph line that stops inside a sentence: it ends with a character, not a mark."""
    return bool(_OPEN_END.search(P.view(text[-24:])))


def _body(lines: list[_Line], st: _State) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.kind in ("chrome", "breadcrumb"):
            st.info("chrome-removed", f"removed page chrome «{line.raw}»", line.no)
            i += 1
            continue
        if line.kind in _META_KINDS:
            _read_credit_line(line, st)
            i += 1
            continue
        if line.kind == "unplaced":
            blocks.append(Paragraph(text=line.raw, line=line.no))
            i += 1
            continue
        if line.kind == "caption" or (line.kind == "text" and _damaged_caption(lines, i)):
            blocks.append(Caption(text=_caption_text(line.raw), line=line.no))
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < n else None
        if _is_heading(line, nxt):
            level = 2 if P.NUMBERED_2.match(line.view) else 1
            blocks.append(Heading(text=line.raw, level=level, line=line.no))
            i += 1
            continue
        # A paragraph, possibly continued on following lines.
        pieces = _Pieces(line.raw)
        after: list[Caption] = []
        i += 1
        while _unfinished(pieces.tail()) and i < n:
            j = i
            captions: list[_Line] = []
            while j < n and (lines[j].kind == "caption" or _damaged_caption(lines, j)):
                captions.append(lines[j])
                j += 1
            cont = lines[j] if j < n else None
            if cont is not None and cont.kind == "text" and not _is_heading(
                cont, lines[j + 1] if j + 1 < n else None
            ):
                what = f"{len(captions)} caption(s)" if captions else "a line break"
                st.info("paragraph-rejoined", f"re-joined a paragraph cut by {what} at «{pieces.tail()[-8:]}|{cont.raw[:8]}»", cont.no)
                pieces.join(cont.raw)
                after.extend(Caption(text=_caption_text(c.raw), line=c.no) for c in captions)
                i = j + 1
                continue
            if captions:
                # The continuation is glued to the last caption: "…委员履职活动别委员,将…".
                split = _split_glued_caption(captions[-1].raw)
                if split is not None:
                    cap_text, rest = split
                    st.info(
                        "paragraph-rejoined",
                        f"re-joined a paragraph cut by a caption: «{rest[:12]}…» was glued to "
                        f"the caption «{cap_text}»",
                        captions[-1].no,
                    )
                    pieces.join(rest)
                    after.extend(Caption(text=_caption_text(c.raw), line=c.no) for c in captions[:-1])
                    after.append(Caption(text=_caption_text(cap_text), line=captions[-1].no))
                    i = j
                    continue
                st.warn(
                    "unjoined-paragraph",
                    f"the paragraph ending «{pieces.tail()[-12:]}» seems cut by a caption, but its "
                    "continuation could not be found",
                    line.no,
                )
            break
        blocks.append(Paragraph(text=pieces.text(), line=line.no))
        blocks.extend(after)
    return blocks


class _Pieces:
    """A paragraph being re-joined from lines, in linear time (no repeated concatenation)."""

    def __init__(self, first: str) -> None:
        self.parts = [first]

    def tail(self) -> str:
        return "".join(self.parts[-4:])[-24:]

    def join(self, more: str) -> None:
        last = self.parts[-1]
        if last and more and last[-1].isascii() and last[-1].isalnum() and more[0].isascii() and more[0].isalnum():
            self.parts.append(" ")  # two Latin words do not run together
        self.parts.append(more)

    def text(self) -> str:
        return "".join(self.parts)


def _damaged_caption(lines: list[_Line], i: int) -> bool:
    """"A 西平县政协开展…" next to a caption with a real marker."""
    if lines[i].kind != "text" or not P.DAMAGED_CAPTION.match(lines[i].view):
        return False
    return any(0 <= j < len(lines) and lines[j].kind == "caption" for j in (i - 1, i + 1))


def _caption_text(raw: str) -> str:
    raw = P.strip_ws(raw)
    m = P.CAPTION.match(raw) or P.DAMAGED_CAPTION.match(raw)
    return P.strip_ws(m.group(1)) if m else raw


_FIRST_MARK = re.compile(r"[,，。;；:：!！?？]")


def _split_glued_caption(raw: str) -> tuple[str, str] | None:
    """Split "▲ caption text|continuation of the paragraph" at the last word a caption
    ends with before the first mark of the continuation."""
    m = _FIRST_MARK.search(raw)
    limit = m.start() if m else len(raw)
    ends = [e for e in P.CAPTION_END.finditer(raw, 0, limit)]
    if not ends:
        return None
    cut = ends[-1].end()
    if cut >= limit:
        return None
    return raw[:cut], raw[cut:]


def _run_in_headings(blocks: list[Block], st: _State) -> list[Block]:
    """Split off run-in lead sentences when three or more paragraphs open with one."""
    leads: dict[int, int] = {}
    for i, b in enumerate(blocks):
        if not isinstance(b, Paragraph):
            continue
        v = P.view(b.text[:60])
        m = P.RUN_IN.match(v)
        if not m or len(m.group(0)) > P.RUN_IN_MAX:
            continue
        if abs(len(m.group(1)) - len(m.group(2))) > 2:
            continue
        end = re.search(r"[。.]", b.text)
        if end is None or end.end() >= len(b.text):
            continue
        leads[i] = end.end()
    if len(leads) < 3:
        return blocks
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if i in leads and isinstance(b, Paragraph):
            cut = leads[i]
            out.append(Heading(text=b.text[:cut], level=1, run_in=True, line=b.line))
            out.append(Paragraph(text=P.strip_ws(b.text[cut:]), line=b.line))
        else:
            out.append(b)
    st.info("run-in-headings", f"read the lead sentences of {len(leads)} paragraphs as run-in headings")
    return out
