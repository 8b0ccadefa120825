"""Body text set flush on both sides, measured in the PDF as a reader sees it (issue 12).

Every body line of the example book (``examples/yearbook.yaml`` built through
:func:`cppcc_publish.build`) and of each sample article in every PDF preset is read back
with pdfplumber, glyph by glyph: a line that its paragraph continues (on this page or the
next) must end on the measure within 0.2 pt, and no line may pass the measure.  A
paragraph's last line may end short (the line before a heading or a caption is always
one).

Which lines continue a paragraph is decided from the model, not from the page: the
paragraphs the writer justifies (a run-in heading joined to its paragraph, the author's
note) are walked in print order and each PDF line in the type area is matched against
the text still to come; a line that matches nothing (a title, a heading, a 目录 entry) is
left out, and every paragraph must be found whole, so no line escapes the measurement.

pdfplumber (pdfminer.six) applies a ``Tc`` character spacing only *between* the glyphs of
one string, where the PDF specification adds it after every glyph (pdfminer.six issue
1128): a PDF that carries justification in ``Tc`` across strings looks ragged to it while
poppler and printers set it flush.  The writer places every string whose predecessor
ended with a spacing explicitly, so that readers agree; this test is how that is held.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from printing import compiled

import cppcc_publish
from cppcc_publish.model import Article, Compilation, Heading, Matter, Paragraph
from cppcc_publish.typography.linebreak import IGNORABLE
from cppcc_publish.writers.pdf import presets as pdf
from cppcc_publish.book.wording import author_note_line

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "yearbook.yaml"
SAMPLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))
PRESETS = ("book", "a5", "gbt9704")
TOLERANCE = 0.2
"""Points a continued line may stop short of the measure, or any line pass it."""
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return "".join(c for c in _WS.sub("", text) if c not in IGNORABLE)


@dataclass(frozen=True)
class PrintedLine:
    page: int
    """Physical page, from 1."""
    left: float
    """Where the first glyph's box starts, from the left edge of the measure."""
    right: float
    """Where the last glyph's box ends."""
    text: str
    """White space removed."""

    def where(self) -> str:
        return f"page {self.page}: {self.text[:10]}…{self.text[-8:]}"


def printed_lines(path: Path, preset: pdf.Preset) -> list[PrintedLine]:
    """Every line whose baseline lies in the type area, in reading order: running heads
    and folios stand outside it.  Glyph boxes are pdfplumber's (origin + advance)."""
    out: list[PrintedLine] = []
    top = preset.page[1] - preset.top
    with pdfplumber.open(path) as doc:
        for number, page in enumerate(doc.pages, start=1):
            left = preset.inner if (number % 2 == 1 or not preset.mirror) else preset.outer
            rows: dict[float, list[dict[str, object]]] = defaultdict(list)
            for ch in page.chars:
                baseline = float(ch["matrix"][5])  # type: ignore[index]
                if preset.bottom - 1 <= baseline <= top + 1:
                    rows[round(baseline, 1)].append(ch)
            for baseline in sorted(rows, reverse=True):
                chars = sorted(rows[baseline], key=lambda c: float(c["x0"]))  # type: ignore[arg-type]
                text = squash("".join(str(c["text"]) for c in chars))
                if not text:
                    continue
                out.append(PrintedLine(
                    page=number,
                    left=min(float(c["x0"]) for c in chars) - left,  # type: ignore[arg-type]
                    right=max(float(c["x1"]) for c in chars) - left,  # type: ignore[arg-type]
                    text=text,
                ))
    return out


def _flows_of(blocks: tuple[object, ...], note: str | None) -> Iterator[str]:
    """The justified paragraphs of one article as the PDF writer sets them: a run-in
    heading starts the paragraph after it (or stands alone when no paragraph follows)."""
    pending: str | None = None
    for block in blocks:
        if isinstance(block, Heading) and block.run_in:
            if pending is not None:
                yield pending
            pending = block.text
        elif isinstance(block, Paragraph):
            yield (pending or "") + block.text
            pending = None
        elif pending is not None:
            yield pending
            pending = None
    if pending is not None:
        yield pending
    if note:
        yield author_note_line(note)


def justified_paragraphs(book: Compilation) -> list[str]:
    """Front matter, the articles of every part, back matter: in print order."""
    texts: list[str] = []
    for matter in book.front:
        texts += _flows_of(matter.body, None)
    for article in book.articles:
        texts += _flows_of(article.body, article.author_note)
    for matter in book.back:
        texts += _flows_of(matter.body, None)
    return [t for t in (squash(t) for t in texts) if t]


def measure_report(path: Path, preset: pdf.Preset, book: Compilation) -> tuple[list[str], int]:
    """(every line that breaks the rule, how many continued lines were measured)."""
    lines = printed_lines(path, preset)
    paragraphs = justified_paragraphs(book)
    bad: list[str] = []
    k, pos, continued = 0, 0, 0
    for ln in lines:
        if ln.right > preset.measure + TOLERANCE or ln.left < -TOLERANCE:
            bad.append(f"{ln.where()} passes the measure: {ln.left:.2f}..{ln.right:.2f} of "
                       f"{preset.measure:.2f}")
        if k == len(paragraphs) or not paragraphs[k].startswith(ln.text, pos):
            continue  # not body text: a title, a heading, a caption, a 目录 entry
        pos += len(ln.text)
        if pos < len(paragraphs[k]):
            continued += 1
            short = preset.measure - ln.right
            if short > TOLERANCE:
                bad.append(f"{ln.where()} ends {short:.2f} pt short of the measure")
        else:
            k, pos = k + 1, 0
    assert k == len(paragraphs), (
        f"{path.name}: paragraph {k + 1} of {len(paragraphs)} not found whole in the PDF "
        f"(at character {pos}): {paragraphs[k][pos:pos + 20]!r}")
    return bad, continued


# --------------------------------------------------------------------------- the example book


@pytest.fixture(scope="module")
def yearbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Compilation]:
    out = tmp_path_factory.mktemp("justified-book")
    report = cppcc_publish.build(MANIFEST, out_dir=out, only=["pdf"], strict=True, cache_dir=None,
                                 progress=False)
    assert report is not None
    (path,) = [Path(p) for p in report.outputs if p.endswith(".pdf")]
    return path, compiled(MANIFEST)


def test_example_book_is_justified(yearbook: tuple[Path, Compilation]) -> None:
    path, book = yearbook
    assert book.front and isinstance(book.front[0], Matter)
    bad, continued = measure_report(path, pdf.preset("book"), book)
    assert continued > 250, continued  # the book has some 330 continued lines
    assert not bad, f"{len(bad)} of {continued} continued lines:\n" + "\n".join(bad[:40])


# --------------------------------------------------------------------------- every sample, every preset


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, Article]]:
    folder = tmp_path_factory.mktemp("justified-samples")
    out: dict[tuple[str, str], tuple[Path, Article]] = {}
    for sample in SAMPLES:
        article = cppcc_publish.read_article(sample)
        for name in PRESETS:
            dest = folder / f"{sample.stem}.{name}.pdf"
            cppcc_publish.write(article, "pdf", dest, {"preset": name, "system_fonts": False})
            out[sample.stem[:3], name] = (dest, article)
    return out


@pytest.mark.parametrize("name", PRESETS)
def test_every_sample_is_justified_in_every_preset(
    sample_pdfs: dict[tuple[str, str], tuple[Path, Article]], name: str
) -> None:
    preset = pdf.preset(name)
    problems: list[str] = []
    measured = 0
    for (stem, pname), (path, article) in sorted(sample_pdfs.items()):
        if pname != name:
            continue
        bad, continued = measure_report(path, preset, Compilation.of(article))
        measured += continued
        problems += [f"{stem}: {b}" for b in bad]
    assert measured > 200, measured
    assert not problems, f"{len(problems)} lines in {name}:\n" + "\n".join(problems[:40])
