"""No short pages inside an article: every page of the example book's PDF, read back with
pdfplumber, ends on the type area's last line unless it may end short.

A page may end short only

* as the last page of an element (an article, a part, front or back matter, the 目录):
  the next page opens an element or is blank, so it carries no running head;
* before a heading kept with what follows, by at most two lines: the next page starts
  with a standalone heading;
* before a photo that moves on, by at most two lines: the next page starts with an
  image (a photo that does not fit where it stands heads the next page, and the text
  after it fills this one).

Widows and orphans are resolved by other means than a short page: no page ends with the
first line of a paragraph that goes on overleaf, and a paragraph's last line at the top
of a page holds at least :data:`~cppcc_publish.writers.pdf.paginate.WIDOW_MIN` characters.

Which lines are a paragraph's first and last is decided from the model, as the
justification test does (``test_justified``): the paragraphs the writer sets are walked
in print order and matched against the lines of the PDF.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from printing import compiled
from test_justified import MANIFEST, justified_paragraphs, squash

import cppcc_publish
from cppcc_publish.book import TextElement, plan_book
from cppcc_publish.model import Compilation, Heading
from cppcc_publish.typography.fonts import FontSet
from cppcc_publish.typography.linebreak import units
from cppcc_publish.writers.pdf import presets as pdf
from cppcc_publish.writers.pdf.compose import Context, display, text_items
from cppcc_publish.writers.pdf.glyphs import document_chars
from cppcc_publish.writers.pdf.pages import Page
from cppcc_publish.writers.pdf.paginate import HEADING_SHORT, WIDOW_MIN, layout


@dataclass
class Sheet:
    """One page as printed."""

    number: int
    lines: list[tuple[float, str]]
    """(baseline, text without white space) of every line in the type area, top down."""
    head: bool
    """A running head above the type area: a continuation page of an element."""
    image_on_top: bool
    """An image that starts at the top of the type area."""


def read_sheets(path: Path, preset: pdf.Preset) -> list[Sheet]:
    top = preset.page[1] - preset.top
    out = []
    with pdfplumber.open(path) as doc:
        for number, page in enumerate(doc.pages, start=1):
            rows: dict[float, list[dict[str, object]]] = defaultdict(list)
            head = False
            for ch in page.chars:
                baseline = float(ch["matrix"][5])  # type: ignore[index]
                if baseline > top + 1:
                    head = head or bool(str(ch["text"]).strip())
                elif baseline >= preset.bottom - 1:
                    rows[round(baseline, 1)].append(ch)
            lines = []
            for baseline in sorted(rows, reverse=True):
                chars = sorted(rows[baseline], key=lambda c: float(c["x0"]))  # type: ignore[arg-type]
                text = squash("".join(str(c["text"]) for c in chars))
                if text:
                    lines.append((baseline, text))
            image_on_top = any(abs(float(im["top"]) - preset.top) < preset.pitch
                               for im in page.images)
            out.append(Sheet(number, lines, head, image_on_top))
    return out


def lines_short(sheet: Sheet, preset: pdf.Preset) -> int:
    """How many line boxes of the body grid are left empty under the page's last line."""
    last_box = (preset.page[1] - preset.top) - (preset.lines - 1) * preset.pitch
    # the lowest baseline in the box: a body line's, or a smaller note's a little higher
    lowest = min(b for b, _ in sheet.lines)
    return max(0, int((lowest - last_box) / preset.pitch))


def standalone_headings(book: Compilation) -> list[str]:
    texts = [matter_or_article for matter_or_article in
             [*(m.body for m in book.front), *(a.body for a in book.articles), *(m.body for m in book.back)]]
    return [squash(display(b.text)) for body in texts for b in body
            if isinstance(b, Heading) and not b.run_in and b.text]


def short_pages(sheets: list[Sheet], preset: pdf.Preset, book: Compilation) -> list[str]:
    """Every page that ends short where it may not."""
    headings = standalone_headings(book)
    bad = []
    for sheet, after in zip(sheets, sheets[1:]):
        if not sheet.lines or not after.head:
            continue  # a page without text, or the last page of an element
        short = lines_short(sheet, preset)
        if not short:
            continue
        first = after.lines[0][1] if after.lines else ""
        if after.image_on_top:
            if short <= HEADING_SHORT:
                continue
            bad.append(f"page {sheet.number} ends {short} lines short before a photo "
                       f"(at most {HEADING_SHORT})")
            continue
        if first and any(h.startswith(first) for h in headings):
            if short <= HEADING_SHORT:
                continue
            bad.append(f"page {sheet.number} ends {short} lines short before the heading "
                       f"{first[:12]}… (at most {HEADING_SHORT})")
            continue
        bad.append(f"page {sheet.number} ends {short} lines short; page {after.number} goes on "
                   f"with {first[:12]}…")
    return bad


def widows_and_orphans(sheets: list[Sheet], book: Compilation) -> tuple[list[str], int]:
    """(every paragraph's first line alone at a page's foot and every short last line
    alone at a page's head, how many paragraphs cross a page)."""
    paragraphs = justified_paragraphs(book)
    bad = []
    crossing = 0
    k, pos = 0, 0
    flat = [(s, n, text) for s in sheets for n, (_b, text) in enumerate(s.lines)]
    for s, n, text in flat:
        if k == len(paragraphs) or not paragraphs[k].startswith(text, pos):
            continue
        first = pos == 0
        pos += len(text)
        last = pos == len(paragraphs[k])
        if first and not last and n == len(s.lines) - 1:
            bad.append(f"page {s.number} ends with the first line of a paragraph: {text[:12]}…")
        if last and not first and n == 0:
            crossing += 1
            if units(text) < WIDOW_MIN:
                bad.append(f"page {s.number} starts with a paragraph's last line of "
                           f"{units(text)} characters: {text}")
        elif not last and n == len(s.lines) - 1:
            crossing += 1
        if last:
            k, pos = k + 1, 0
    assert k == len(paragraphs), f"paragraph {k + 1} of {len(paragraphs)} not found whole"
    return bad, crossing


@pytest.fixture(scope="module")
def yearbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Sheet], Compilation]:
    out = tmp_path_factory.mktemp("full-pages")
    report = cppcc_publish.build(MANIFEST, out_dir=out, only=["pdf"], strict=True, cache_dir=None,
                                 progress=False)
    (path,) = [Path(p) for p in report.outputs if p.endswith(".pdf")]
    return read_sheets(path, pdf.preset("book")), compiled(MANIFEST)


def test_no_page_of_the_example_book_ends_short(yearbook: tuple[list[Sheet], Compilation]) -> None:
    sheets, book = yearbook
    preset = pdf.preset("book")
    continued = [s for s, after in zip(sheets, sheets[1:]) if s.lines and after.head]
    assert len(continued) > 10, len(continued)  # pages an element goes on from
    bad = short_pages(sheets, preset, book)
    assert not bad, "\n".join(bad)


def test_no_widows_or_orphans_in_the_example_book(yearbook: tuple[list[Sheet], Compilation]) -> None:
    sheets, book = yearbook
    bad, crossing = widows_and_orphans(sheets, book)
    assert crossing > 5, crossing  # paragraphs that a page break cuts
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------- every page height
#
# The example book has a few dozen page breaks; laid out on pages of every height from six
# lines fewer to four more than each preset's, it meets some hundreds.  These are checked
# on the layout (the pages the PDF draws), where each line says what it is.


def layout_faults(pages: list[Page], preset: pdf.Preset) -> list[str]:
    """The same rules as above, on laid-out pages: a page of a text element that the
    element goes on from ends on its last line box (or at most two short before a
    heading); no orphan at a foot, no widow under WIDOW_MIN characters at a head, where
    the preset may set a paragraph tighter or looser (not the 公文's)."""
    bad = []
    for k, (page, after) in enumerate(zip(pages, pages[1:]), start=1):
        if (page.kind not in ("body", "front", "back") or not page.lines or after.opening
                or after.element != page.element):
            continue
        last = max(page.lines, key=lambda pl: pl.baseline)
        box_bottom = last.baseline + (preset.pitch - preset.body_size) / 2 + 0.12 * preset.body_size
        short = int((preset.height - box_bottom) / preset.pitch + 0.5)
        first = after.lines[0] if after.lines else None
        if short and not (first is not None and first.kind in ("heading", "photo")
                          and short <= HEADING_SHORT):
            bad.append(f"page {k} ends {short} lines short before {first.kind if first else None}")
        if not (preset.tighten or preset.loosen):
            continue  # the 公文: 28 characters a line, a first or last line where it falls
        if last.kind in ("body", "note") and last.index == 0 and last.count > 1:
            bad.append(f"page {k} ends with a paragraph's first line: {last.line.text[:10]}")
        if (first is not None and first.kind in ("body", "note") and first.index > 0
                and first.index == first.count - 1 and units(first.line.text) < WIDOW_MIN):
            bad.append(f"page {k + 1} starts with a short last line: {first.line.text}")
    return bad


@pytest.fixture(scope="module")
def example_plan(yearbook: tuple[list[Sheet], Compilation]) -> Compilation:
    return yearbook[1]


@pytest.mark.parametrize("name", ["book", "a5", "gbt9704"])
def test_no_short_pages_on_pages_of_any_height(example_plan: Compilation, name: str) -> None:
    book = plan_book(example_plan, name)
    fonts = FontSet({}, chars=document_chars(book), system_fonts=False)
    fonts.faces["fangsong"] = fonts.faces["kai"]  # the gbt9704 body, as without a 仿宋
    base = pdf.preset(name)
    faults: list[str] = []
    breaks = 0
    for lines in range(base.lines - 6, base.lines + 5):
        design = dataclasses.replace(base, lines=lines,
                                     bottom=base.page[1] - base.top - lines * base.pitch)
        ctx = Context(preset=design, fonts=fonts)
        pages = layout(book, ctx)
        breaks += sum(1 for page, after in zip(pages, pages[1:])
                      if page.lines and after.element == page.element and not after.opening)
        faults += [f"{lines} lines a page: {f}" for f in layout_faults(pages, design)]
        # lines taken back or given lose and double no character
        for element in book.elements:
            if isinstance(element, TextElement):
                # (a photo that opens the next page takes its caption with it: the text
                # and the captions are each in order)
                for captions in (False, True):
                    printed = "".join(pl.line.text for page in pages if page.element == element.key
                                      for pl in page.lines if (pl.kind == "caption") == captions)
                    composed = "".join(ln.text for item in text_items(ctx, element)
                                       if (item.kind == "caption") == captions for ln in item.lines)
                    assert squash(printed) == squash(composed), (lines, element.key)
    assert breaks > 100, breaks
    assert not faults, "\n".join(faults)


def test_a_paragraph_set_again_from_any_line_keeps_every_character() -> None:
    """Taking a line back or giving one sets a paragraph again from one of its lines on:
    the lines before it and the lines set again hold the paragraph's text exactly, Latin
    words and their spaces, invisible characters and a run-in heading included."""
    from cppcc_publish.typography.linebreak import Style, break_lines
    from cppcc_publish.writers.pdf.compose import reflow

    fonts = FontSet(system_fonts=False)
    design = pdf.preset("a5")
    ctx = Context(preset=design, fonts=fonts)
    body, runin = Style("body", 10.5), Style("heading", 10.5)
    spans = [("抓学习。", runin),
             ("全市 GDP 增长5.2%，其中 digital economy grew by one fifth，"
              "软\u00ad连字符和零\u200b宽空格不印出来。" * 4 + "“四个一”工作法 www.example.org/a/very/long/path 收尾。", body)]
    whole = squash("".join(t for t, _ in spans))
    lines = break_lines(spans, fonts, design.measure, indent=21.0, latin_space=design.latin_space)
    again = reflow(ctx, spans, 21.0)
    assert len(lines) > 6
    for start in range(len(lines)):
        for tracking in (-0.5, 0.0, 0.8):
            rest = again(lines, start, tracking)
            text = squash("".join(ln.text for ln in [*lines[:start], *rest]))
            assert text == whole, (start, tracking)
