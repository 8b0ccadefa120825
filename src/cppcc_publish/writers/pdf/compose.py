"""Composition: each element of the book plan set into lines.

The text is broken into lines by :mod:`cppcc_publish.typography.linebreak`; nothing here
decides what prints or in which order — the plan's pieces, entries and lines say that —
only how it is set: sizes, faces, alignment, indents, space above.

An article (and front or back matter) prints its pieces in the plan's order: kicker,
title, ——subtitle and byline centred, the body with 2-em indents and no space between
paragraphs, headings standalone (bold, 占两行) or run in at the start of their paragraph,
captions centred, the author note indented, the source note flush right.  The cover,
the 扉页 and the 版本记录 are set as whole pages here too.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ...book.plan import (
    Contents,
    Cover,
    HeadingAlign,
    Imprint,
    PartTitle,
    Piece,
    Section,
    TextElement,
    TitlePage,
)
from ...book.wording import title_text
from ...errors import Diagnostic
from ...model import Block, Heading, Paragraph
from ...typography.fonts import FontSet
from ...typography.linebreak import IGNORABLE, Align, Line, Run, Style, break_lines
from .pages import Item, ItemKind, Page, PlacedLine, Reflow
from .presets import Preset


@dataclass(slots=True)
class Context:
    """What one rendering shares: preset, fonts and the diagnostics found."""

    preset: Preset
    fonts: FontSet
    diagnostics: list[Diagnostic] = field(default_factory=list)
    heads: dict[str, PlacedLine] = field(default_factory=dict)
    """Running heads already set, by text."""


def display(text: str) -> str:
    """A title or heading as set: a space between Han characters becomes one em
    (:func:`~cppcc_publish.book.wording.title_text`, which the plan has applied to the
    titles it gives; running heads and the like pass here too)."""
    return title_text(text)


# Where a title's phrases end: at a space (凝聚智慧力量　共谱时代华章), after a pause mark
# (坚持人民政协性质定位，推动…; 张宏伟：坚定信心); not after a quote or a bracket that closes
# inside a phrase (以“五员”担当).
_PHRASE_MARKS = frozenset("，、：；。！？")
_SPACES = frozenset(" \u3000")


def _phrases(text: str) -> list[tuple[str, str]]:
    """``text`` cut where its phrases end: (the space before the phrase, the phrase with
    its pause mark)."""
    out: list[tuple[str, str]] = []
    start = 0
    space = ""
    for i, ch in enumerate(text):
        if ch in _SPACES:
            if text[start:i]:
                out.append((space, text[start:i]))
            space, start = ch, i + 1
        elif ch in _PHRASE_MARKS:
            out.append((space, text[start:i + 1]))
            space, start = "", i + 1
    if text[start:]:
        out.append((space, text[start:]))
    return out


def title_lines(ctx: Context, text: str, style: Style, width: float | None = None) -> list[Line]:
    """A centred title (article, part, cover, 扉页) set in lines of even length that end
    between its phrases, not inside one (GB/T 9704 §7.3.1: 回行时要做到词意完整).

    The fewest lines whose breaks fall between phrases, the most even of them; a phrase
    wider than a line is broken into even lines of its own first (its neighbours keep
    their own lines).  Where whole phrases would take two lines more than the line
    breaker's even lines, those (they prefer a break at a space or a comma)."""
    p = ctx.preset
    width = width or p.measure

    def one_line(t: str) -> Line | None:
        set_ = break_lines([(t, style)], ctx.fonts, width, align="center", latin_space=p.latin_space)
        return set_[0] if len(set_) == 1 else None

    shown = display(text)
    plain = break_lines([(shown, style)], ctx.fonts, width, align="center",
                        latin_space=p.latin_space, balance=True)
    if len(plain) < 2:
        return plain
    pieces: list[tuple[str, str]] = []
    for space, phrase in _phrases(shown):
        if one_line(phrase) is not None:
            pieces.append((space, phrase))
            continue
        parts = break_lines([(phrase, style)], ctx.fonts, width, align="center",
                            latin_space=p.latin_space, balance=True)
        pieces += [(space if k == 0 else "", part.text) for k, part in enumerate(parts)]
    if len(pieces) < 2:
        return plain
    n = len(pieces)
    fits: dict[tuple[int, int], Line] = {}
    for i in range(n):
        joined = pieces[i][1]
        for j in range(i + 1, n + 1):
            if j > i + 1:
                joined += pieces[j - 1][0] + pieces[j - 1][1]
            line = one_line(joined)
            if line is None:
                break  # a longer run of phrases will not fit either
            fits[i, j] = line
    # best[j]: (lines, raggedness, where its last line starts) for the pieces before j
    best: dict[int, tuple[int, float, int]] = {0: (0, 0.0, 0)}
    for j in range(1, n + 1):
        for i in range(j):
            if i in best and (i, j) in fits:
                line = fits[i, j]
                cand = (best[i][0] + 1, best[i][1] + (width - (line.right - line.left)) ** 2, i)
                if j not in best or cand[:2] < best[j][:2]:
                    best[j] = cand
    if n not in best or best[n][0] > len(plain) + 1:
        return plain
    out: list[Line] = []
    j = n
    while j:
        i = best[j][2]
        out.append(fits[i, j])
        j = i
    return out[::-1]


def _lines(
    ctx: Context,
    spans: Sequence[tuple[str, Style]],
    *,
    indent: float = 0.0,
    align: Align = "justify",
    balance: bool = False,
    tracking: float | None = None,
) -> list[Line]:
    p = ctx.preset
    return break_lines(
        spans,
        ctx.fonts,
        p.measure,
        indent=indent,
        align=align,
        tracking=p.tracking if tracking is None else tracking,
        latin_space=p.latin_space,
        balance=balance,
    )


# --------------------------------------------------------------------------- articles


def _piece_item(ctx: Context, piece: Piece, first: bool) -> Item:
    """A piece other than the body, as set: centred kicker, title, subtitle and byline;
    the author note indented like a paragraph; the source note flush right."""
    p = ctx.preset
    kind = piece.kind
    if kind == "kicker":
        return Item(
            kind="kicker",
            lines=_lines(ctx, [(piece.text, Style("kai", p.kicker_size))], align="center",
                         tracking=0.0),
            size=p.kicker_size, pitch=p.kicker_size * 1.6, grid=False, splittable=False,
            keep_with_next=True,
        )
    if kind == "title":
        return Item(
            kind="title",
            lines=title_lines(ctx, piece.text, Style(p.title_role, p.title_size)),
            size=p.title_size, pitch=p.title_pitch, grid=False, splittable=False,
            keep_with_next=True, before=0.0 if first else p.title_size * 0.2,
        )
    if kind == "subtitle":
        return Item(
            kind="subtitle",
            lines=title_lines(ctx, piece.text, Style("kai", p.subtitle_size)),
            size=p.subtitle_size, pitch=p.subtitle_size * 1.5, grid=False, splittable=False,
            keep_with_next=True, before=p.subtitle_size * 0.3,
        )
    if kind == "byline":
        return Item(
            kind="byline",
            lines=_lines(ctx, [(piece.text, Style("kai", p.byline_size))], align="center",
                         balance=True, tracking=0.0),
            size=p.byline_size, pitch=p.byline_size * 1.6, grid=False, splittable=False,
            keep_with_next=True, before=p.byline_size * 0.5,
        )
    if kind == "author-note":
        spans = [(piece.text, Style("kai", p.note_size))]
        indent = 2 * p.body_size + 2 * p.tracking
        return Item(
            kind="note", lines=_lines(ctx, spans, indent=indent),
            size=p.note_size, pitch=p.pitch, before=0.0, reflow=reflow(ctx, spans, indent),
        )
    return Item(  # the source note
        kind="source",
        lines=_lines(ctx, [(piece.text, Style("kai", p.note_size))], align="right", tracking=0.0),
        size=p.note_size, pitch=p.pitch,
    )


def text_items(ctx: Context, element: TextElement) -> list[Item]:
    """An article or a piece of front or back matter: its pieces in the plan's order,
    the body where the ``body`` piece stands.  The first item opens the page and
    carries the element's outline entry."""
    items: list[Item] = []
    for piece in element.pieces:
        if piece.kind != "body":
            items.append(_piece_item(ctx, piece, first=not items))
            continue
        if not items:
            # Nothing printed above the body (an untitled article): an empty item opens
            # the page and carries the outline entry.
            items.append(Item(kind="title", lines=[], size=ctx.preset.body_size, pitch=0.0,
                              grid=False))
        # about one blank line between the header and the body (grid snap)
        items += _body_items(ctx, element.body, element.sections, element.level,
                             ctx.preset.pitch / 2, element)
    if not items:
        items.append(Item(kind="title", lines=[], size=ctx.preset.body_size, pitch=0.0, grid=False))
    items[0].new_page = True
    if element.label is not None:
        items[0].outline = (element.label, element.level)
    return items


def _body_items(ctx: Context, body: Sequence[Block], sections: Sequence[Section], level: int,
                gap: float, element: TextElement | None = None) -> Iterator[Item]:
    """The blocks of a body, in reading order; headings the plan lists as sections carry
    outline entries below the element's (``level``) and are set as the plan's
    ``heading_align`` says for their level; a caption of ``element`` with a photo
    follows it (:mod:`.photos`)."""
    from .photos import ElementPhotos

    photos = ElementPhotos.of(element) if element is not None else ElementPhotos()
    align = element.heading_align if element is not None else ("center", "center")
    p = ctx.preset
    style = Style(p.body_role, p.body_size)
    runin = Style(p.runin_role, p.body_size)
    outline = {s.block: (s.label, s.level + level) for s in sections}
    pending: tuple[int, Heading] | None = None
    gap_next = gap
    for i, block in enumerate(body):
        if isinstance(block, Heading) and block.run_in:
            if pending is not None:  # two run-in heads in a row: the first stands alone
                yield _paragraph_item(ctx, [(pending[1].text, runin)], gap_next, outline.get(pending[0]))
                gap_next = 0.0
            pending = (i, block)
            continue
        if pending is not None and not isinstance(block, Paragraph):
            # a run-in heading with no paragraph after it: print it as a line of its own
            yield _paragraph_item(ctx, [(pending[1].text, runin)], gap_next, outline.get(pending[0]))
            gap_next = 0.0
            pending = None
        if isinstance(block, Paragraph):
            spans: list[tuple[str, Style]] = []
            mark = None
            if pending is not None:
                spans.append((pending[1].text, runin))
                mark = outline.get(pending[0])
                pending = None
            spans.append((block.text, style))
            yield _paragraph_item(ctx, spans, gap_next, mark)
        elif isinstance(block, Heading):
            yield _heading_item(ctx, block, gap_next, outline.get(i),
                                align[0 if block.level <= 1 else 1])
        else:
            yield from photos.with_caption(ctx, i, Item(
                kind="caption",
                lines=_lines(ctx, [(block.text, Style("kai", p.caption_size))], align="center",
                             balance=True, tracking=0.0),
                size=p.caption_size, pitch=p.pitch, before=gap_next,
            ))
        gap_next = 0.0
    if pending is not None:
        yield _paragraph_item(ctx, [(pending[1].text, runin)], gap_next, outline.get(pending[0]))


def _paragraph_item(
    ctx: Context, spans: list[tuple[str, Style]], before: float, outline: tuple[str, int] | None
) -> Item:
    p = ctx.preset
    indent = 2 * p.body_size + 2 * p.tracking
    return Item(
        kind="body",
        lines=_lines(ctx, spans, indent=indent),
        size=p.body_size, pitch=p.pitch, before=before, outline=outline,
        reflow=reflow(ctx, spans, indent),
    )


# The spaces the breaker drops at a break: U+0020, U+3000 and the line and tab controls it
# reads as U+0020 (a no-break space U+00A0 is a glyph it keeps).
_BREAK_SPACES = frozenset(" \u3000\t\n\r\x0b\x0c\x85\u2028\u2029")


def reflow(ctx: Context, spans: Sequence[tuple[str, Style]], indent: float) -> Reflow:
    """How pagination sets a justified paragraph again, tighter or looser, from one of its
    lines on (缩行, 伸行: a line taken back or given so that a page ends full)."""

    def rest(lines: Sequence[Line], start: int, tracking: float) -> list[Line]:
        return _lines(ctx, _spans_from(spans, lines, start), indent=indent if start == 0 else 0.0,
                      tracking=ctx.preset.tracking + tracking)

    return rest


def _spans_from(spans: Sequence[tuple[str, Style]], lines: Sequence[Line],
                start: int) -> list[tuple[str, Style]]:
    """The text of ``spans`` that ``lines[start:]`` set: the characters of the lines
    before are counted off (a line's text is its characters one for one; the breaker
    drops invisible characters, and the spaces at a break)."""
    text = "".join(t for t, _ in spans)
    pos = 0
    for line in lines[:start]:
        while pos < len(text) and (text[pos] in IGNORABLE or text[pos] in _BREAK_SPACES):
            pos += 1
        count = len(line.text)
        while count and pos < len(text):
            if text[pos] not in IGNORABLE:
                count -= 1
            pos += 1
    out: list[tuple[str, Style]] = []
    at = 0
    for t, style in spans:
        if at + len(t) > pos:
            out.append((t[max(0, pos - at):], style))
        at += len(t)
    return out


def _heading_item(ctx: Context, heading: Heading, before: float,
                  outline: tuple[str, int] | None, align: HeadingAlign) -> Item:
    p = ctx.preset
    level = 1 if heading.level <= 1 else 2
    role = p.heading_roles[0] if level == 1 else p.heading_roles[1]
    size = p.heading_size if level == 1 else p.body_size
    text = display(heading.text)
    if align == "indent":
        lines = _lines(ctx, [(text, Style(role, size))], indent=2 * p.body_size + 2 * p.tracking,
                       align="left")
    else:
        lines = _lines(ctx, [(text, Style(role, size))], align="center", balance=True, tracking=0.0)
    # 占两行: a level-1 heading takes one line box more than its lines, with a little
    # more space above than below, so that it belongs to the text after it.
    extra = p.heading_space * p.pitch if level == 1 else 0.0
    return Item(
        kind="heading",
        lines=lines, size=size, pitch=p.pitch, before=before, keep_with_next=True,
        splittable=False, outline=outline,
        pad_top=extra * 0.6, pad_bottom=extra * 0.4,
    )


def part_items(ctx: Context, element: PartTitle) -> list[Item]:
    """A part-title page: the title a third of the way down."""
    p = ctx.preset
    return [Item(
        kind="part",
        lines=title_lines(ctx, element.title, Style(p.title_role, p.title_size)),
        size=p.title_size, pitch=p.title_pitch, grid=False, splittable=False,
        new_page=True, pad_top=p.height / 3,
        outline=(element.label, element.level) if element.label is not None else None,
    )]


# --------------------------------------------------------------------------- 目录


def _leaders(ctx: Context, style: Style, start: float, end: float) -> Run | None:
    """Dot leaders from ``start`` to ``end``: dots on a half-em grid counted from the
    measure's left, so that the leaders of all entries line up."""
    step = style.size / 2
    sh = ctx.fonts.shape("·", style)
    adv = sh.advances[0]
    first = math.ceil(start / step) * step
    count = int((end - adv - first) / step + 1e-6) + 1
    if count < 2:
        return None
    return Run(text="·" * count, face=sh.faces[0], size=style.size, x=first, spacing=step - adv,
               end=first + (count - 1) * step + adv, advance=count * step)


def _phrase_lines(ctx: Context, text: str, style: Style, width: float) -> list[Line] | None:
    """A title too long for one line of the 目录 broken at its phrase separators
    (凝聚智慧力量　共谱时代华章), not inside a phrase; ``None`` when it has none, fits
    on one line, or has a phrase longer than a line."""
    phrases = display(text).split("\u3000")
    if len(phrases) < 2 or ctx.fonts.width(display(text), style) <= width:
        return None
    chunks: list[str] = []
    for phrase in phrases:
        joined = f"{chunks[-1]}\u3000{phrase}" if chunks else phrase
        if chunks and ctx.fonts.width(joined, style) <= width:
            chunks[-1] = joined
        else:
            chunks.append(phrase)
    lines: list[Line] = []
    for chunk in chunks:
        set_ = break_lines([(chunk, style)], ctx.fonts, width, align="left",
                           latin_space=ctx.preset.latin_space)
        if len(set_) != 1:
            return None
        lines += set_
    return lines


def _toc_entry(ctx: Context, text: str, style: Style, indent: float, number: str | None,
               column: float = 0.0) -> list[Line]:
    """One entry of the 目录: the title (wrapped, hanging at ``indent``), dot leaders and
    the page number set flush right; the leaders of every entry end at the same place,
    ``column`` (the widest number) before the right edge."""
    p = ctx.preset
    reserve = p.body_size * 4 if number is not None else 0.0
    width = p.measure - indent - reserve
    lines = _phrase_lines(ctx, text, style, width) or break_lines(
        [(display(text), style)], ctx.fonts, width, align="left", latin_space=p.latin_space)
    lines = shift(lines, indent)
    if not number or not lines:
        return lines
    nums = _runs(ctx, number, Style(p.body_role, p.body_size), 0.0)
    width = sum(r.advance for r in nums)
    nums = [replace(r, x=r.x + p.measure - width, end=r.end + p.measure - width) for r in nums]
    last = lines[-1]
    gap = p.body_size / 2
    dots = _leaders(ctx, Style(p.body_role, p.body_size), last.right + gap,
                    p.measure - max(width, column) - gap)
    runs = (*last.runs, *([dots] if dots else []), *nums)
    lines[-1] = replace(last, runs=runs)
    return lines


def contents_items(ctx: Context, element: Contents, numbers: Mapping[str, str]) -> list[Item]:
    """目录: its heading, then the entries in the plan's order: parts and front and back
    matter in the heading face, articles in the body face (indented two ems under a
    part) with their printed authors in 楷, smaller, on a line of their own; an entry
    the plan numbers gets dot leaders to ``numbers[target]``, the folio its target
    opens on."""
    p = ctx.preset
    items = [Item(
        kind="toc",
        lines=_lines(ctx, [(element.title, Style(p.title_role, p.title_size))], align="center",
                     tracking=0.0),
        size=p.title_size, pitch=p.title_pitch, grid=False, splittable=False, new_page=True,
        outline=(element.label, element.level) if element.label is not None else None,
    )]
    group = Style(p.title_role, p.heading_size)
    entry_style = Style(p.body_role, p.body_size)
    by = Style("kai", p.note_size)
    folio_style = Style(p.body_role, p.body_size)
    shown = [numbers.get(e.target) if e.numbered else None for e in element.entries]
    column = max((ctx.fonts.width(f, folio_style) for f in shown if f), default=0.0)

    def add(lines: list[Line], style: Style, pitch: float, before: float, keep: bool) -> None:
        first = len(items) == 1
        items.append(Item(kind="toc", lines=lines, size=style.size, pitch=pitch, grid=False,
                          splittable=False, keep_with_next=keep,
                          before=p.pitch if first else before))

    for entry, number in zip(element.entries, shown):
        indent = 2 * p.body_size * (entry.level - 1)
        if entry.kind == "article":
            add(_toc_entry(ctx, entry.label, entry_style, indent, number, column), entry_style,
                p.pitch, p.pitch * 0.25, bool(entry.byline))
            if entry.byline:
                lines = _lines(ctx, [(entry.byline, by)], align="left", tracking=0.0)
                add(shift(lines, indent + p.body_size), by, by.size * 1.5, 0.0, False)
        else:
            # a part keeps with its first article
            add(_toc_entry(ctx, entry.label, group, indent, number, column), group, p.pitch * 1.1,
                p.pitch * 0.6, entry.kind == "part")
    return items


# --------------------------------------------------------------------------- whole pages


def shift(lines: Sequence[Line], dx: float) -> list[Line]:
    """``lines`` moved ``dx`` points to the right."""
    if not dx:
        return list(lines)
    return [replace(ln, runs=tuple(replace(r, x=r.x + dx, end=r.end + dx) for r in ln.runs))
            for ln in lines]


def _runs(ctx: Context, text: str, style: Style, x: float) -> list[Run]:
    """``text`` set solid from ``x``, one run per face."""
    sh = ctx.fonts.shape(text, style)
    runs: list[Run] = []
    k = 0
    while k < len(sh.chars):
        j = k
        while j < len(sh.chars) and sh.faces[j] == sh.faces[k]:
            j += 1
        width = sum(sh.advances[k:j])
        runs.append(Run(text=sh.chars[k:j], face=sh.faces[k], size=style.size, x=x, spacing=0.0,
                        end=x + width, advance=width))
        x += width
        k = j
    return runs


def set_display(ctx: Context, text: str, style: Style, *, width: float | None = None,
                align: Align = "center", dx: float = 0.0) -> list[Line]:
    """A display line (cover, 扉页, running head): broken to ``width`` (the measure),
    balanced when centred, shifted ``dx``."""
    p = ctx.preset
    if align == "center":
        return shift(title_lines(ctx, text, style, width), dx)
    lines = break_lines([(display(text), style)], ctx.fonts, width or p.measure, align=align,
                        latin_space=p.latin_space)
    return shift(lines, dx)


def _stack(page: Page, lines: Sequence[Line], top: float, pitch: float, kind: ItemKind) -> float:
    """Put ``lines`` on ``page``, the first baseline ``top`` below the type area's top;
    return the baseline after the last."""
    for k, ln in enumerate(lines):
        page.lines.append(PlacedLine(ln, top + k * pitch, kind, 0, k, len(lines)))
    return top + len(lines) * pitch


def cover_page(ctx: Context, element: Cover) -> Page:
    """封面: the editor's image scaled to fit, else a typeset cover (title, subtitle, a
    rule, the lower lines); the notice lines at the foot, under the image if there is
    one."""
    p = ctx.preset
    page = Page(kind="cover", element=element.key, opening=True)
    dx = p.page[0] / 2 - (p.inner + p.measure / 2)  # centred on the paper, not the measure
    width = p.page[0] - 2 * max(p.outer, p.inner)
    small = Style("kai", p.body_size * 0.875)
    foot: list[Line] = []
    for words in element.notice:
        foot += set_display(ctx, words, small, width=width, dx=dx)
    # The notice stands in the foot margin's upper part, clear of the type area's foot.
    foot_top = p.height + p.bottom * 0.15 - len(foot) * small.size * 1.6
    if element.image:
        page.picture = element.image
        _stack(page, foot, foot_top + small.size, small.size * 1.6, "cover")
        return page
    title = Style(p.title_role, p.title_size * 1.6)
    y = p.height * 0.16
    y = _stack(page, set_display(ctx, element.title, title, width=width, dx=dx), y + title.size,
               title.size * 1.35, "cover")
    if element.subtitle:
        sub = Style("kai", p.subtitle_size * 1.15)
        y = _stack(page, set_display(ctx, element.subtitle, sub, width=width, dx=dx),
                   y + sub.size * 0.6, sub.size * 1.5, "cover")
    # a rule under the title block, the width of six title characters
    rule = title.size * 6
    page.rules.append((p.measure / 2 + dx - rule / 2, y + p.pitch * 0.2, rule, 0.8))
    lower = Style(p.title_role, p.subtitle_size)
    y = p.height * 0.72
    for t in element.lines:
        y = _stack(page, set_display(ctx, t, lower, width=width, dx=dx), y, lower.size * 1.8, "cover")
    _stack(page, foot, foot_top + small.size, small.size * 1.6, "cover")
    return page


def title_page(ctx: Context, element: TitlePage) -> Page:
    """扉页: 正书名 and 副书名 high, the other lines low."""
    p = ctx.preset
    page = Page(kind="title", element=element.key, opening=True)
    title = Style(p.title_role, p.title_size * 1.3)
    y = _stack(page, set_display(ctx, element.title, title), p.height * 0.18 + title.size,
               title.size * 1.35, "title")
    if element.subtitle:
        sub = Style("kai", p.subtitle_size)
        _stack(page, set_display(ctx, element.subtitle, sub), y + sub.size * 0.5, sub.size * 1.5, "title")
    lower = Style(p.body_role, p.subtitle_size * 0.9)
    y = p.height * 0.74
    for t in element.lines:
        y = _stack(page, set_display(ctx, t, lower), y, lower.size * 1.8, "title")
    return page


def imprint_page(ctx: Context, element: Imprint) -> Page:
    """版本记录: its lines at the foot of the type area under a thin rule."""
    p = ctx.preset
    page = Page(kind="imprint", element=element.key, opening=True)
    style = Style(p.body_role, p.note_size)
    pitch = p.note_size * 1.8
    set_ = [ln for t in element.lines for ln in set_display(ctx, t, style, align="left")]
    y = p.height - (len(set_) - 1) * pitch - 0.12 * style.size
    page.rules.append((0.0, y - pitch * 0.95, p.measure, 0.5))
    _stack(page, set_, y, pitch, "imprint")
    return page
