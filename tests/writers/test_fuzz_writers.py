"""Fuzzing the writers: for any model drawn from :func:`compilations`, each
writer produces a valid file whose extracted text carries every paragraph in order.

* DOCX: re-opens with python-docx; its paragraphs' text carries every block;
* EPUB: the spine documents' text carries every block; EPUBCheck passes on a sample
  (several books in one JVM, as ``tools/EpubCheckMany.java`` does);
* PDF (through :func:`cppcc_publish.write` only): parses with pypdf; its extracted text,
  white space ignored, carries every block.

"Carries in order" means: each expected string is found in the extracted text after the
end of the previous one.  The default run is short (CI); ``pytest
--hypothesis-profile=long`` (registered in ``conftest.py``) draws many more models.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import epubcheck_run
import pytest
from conftest import SAMPLES, fuzz_examples
from printing import printed_book
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

import cppcc_publish
from cppcc_publish.model import (
    ROLES,
    Article,
    BookMeta,
    Caption,
    Compilation,
    Credit,
    Flag,
    Heading,
    Matter,
    Paragraph,
    Part,
)
from cppcc_publish.book import plan_book

TS = "2025-03-01T08:00:00Z"

# Han characters the sample articles use (the bundled fonts cover them, so the PDF prints
# them rather than 〓), ASCII, Chinese punctuation and characters that mean something to
# XML, HTML or reportlab markup.
_HAN = sorted({ch for p in SAMPLES for ch in p.read_text("utf-8") if "\u4e00" <= ch <= "\u9fff"})
ALPHABET = st.one_of(
    st.sampled_from(_HAN),
    st.sampled_from(list("，。、；：？！“”‘’（）《》…—·")),
    st.sampled_from(list("abcXYZ0123456789 .,;:?!()-+/%")),
    st.sampled_from(list("<>&\"'[]]>;#=")),
)
_WS = re.compile(r"\s+")


def _text(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    # Runs of spaces and spaces at the ends are the writers' to keep or drop as their
    # format does; the model's text from the reader never has them.
    return st.text(ALPHABET, min_size=min_size, max_size=max_size).map(
        lambda s: _WS.sub(" ", s).strip()).filter(bool)


@st.composite
def _flags(draw: st.DrawFn, text: str) -> tuple[Flag, ...]:
    """Occasionally one or two garbled-span flags with consistent offsets."""
    if len(text) < 2 or not draw(st.integers(0, 4)) == 0:
        return ()
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=4, unique=True)))
    flags = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        if end > start:
            flags.append(Flag(start=start, end=end, span=text[start:end],
                              suggestion=draw(st.one_of(st.none(), _text(1, 8)))))
    return tuple(flags)


@st.composite
def blocks(draw: st.DrawFn) -> Heading | Paragraph | Caption:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "paragraph", "heading", "run-in",
                                 "caption"]))
    text = draw(_text(1, 120 if kind == "paragraph" else 30))
    flags = draw(_flags(text))
    if kind == "heading":
        return Heading(text=text, level=draw(st.sampled_from([1, 2])), flags=flags)
    if kind == "run-in":
        return Heading(text=text, run_in=True, flags=flags)
    if kind == "caption":
        return Caption(text=text, flags=flags)
    return Paragraph(text=text, flags=flags)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    return Article(
        title=draw(st.one_of(st.none(), _text(1, 30))),
        subtitle=draw(st.one_of(st.none(), _text(1, 30))),
        authors=tuple(draw(st.lists(
            st.builds(Credit, name=_text(1, 6), role=st.sampled_from(ROLES)), max_size=3))),
        body=tuple(draw(st.lists(blocks(), min_size=1, max_size=8))),
    )


@st.composite
def compilations(draw: st.DrawFn) -> Compilation:
    parts = tuple(draw(st.lists(
        st.builds(Part, title=st.one_of(st.none(), _text(1, 12)),
                  articles=st.lists(articles(), min_size=1, max_size=3).map(tuple)),
        min_size=1, max_size=3)))
    matter = st.builds(Matter, title=_text(1, 12),
                       body=st.lists(st.builds(Paragraph, text=_text()), max_size=2).map(tuple))
    return Compilation(
        meta=BookMeta(title=draw(_text(1, 24)),
                      subtitle=draw(st.one_of(st.none(), _text(1, 16))),
                      compiler=draw(st.one_of(st.none(), _text(1, 16))),
                      notice=draw(st.one_of(st.none(), st.just("内部资料，免费交流")))),
        parts=parts,
        front=tuple(draw(st.lists(matter, max_size=1))),
        back=tuple(draw(st.lists(matter, max_size=1))),
    )


def expected(book: Compilation) -> list[str]:
    """What every output must print, in reading order: the plan's front matter, parts,
    articles (pieces in the plan's order, blocks one by one) and back matter."""
    return printed_book(plan_book(book))


def assert_carried(haystack: str, needles: list[str], what: str) -> None:
    pos = 0
    for k, needle in enumerate(needles):
        at = haystack.find(needle, pos)
        assert at >= 0, f"{what}: item {k} {needle!r} not found after offset {pos}"
        pos = at + len(needle)


FUZZ = settings(
    max_examples=fuzz_examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ---------------------------------------------------------------- DOCX


@FUZZ
@given(compilations(), st.booleans())
def test_docx_reopens_and_carries_every_paragraph(book: Compilation, review: bool) -> None:
    import docx

    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "f.docx"
        # (LibreOffice's layout step, seconds a book, has tests of its own: tests/writers/docx)
        diagnostics = cppcc_publish.write(book, "docx", dest,
                                          {"timestamp": TS, "review": review, "libreoffice": False})
        assert not [d for d in diagnostics if d.level == "error"]
        data = dest.read_bytes()
    d = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in d.paragraphs)
    # The 目录 lists the titles before the body does: read from the body's start.
    assert_carried(text, expected(book), "docx")
    if review:
        flags = [f for a in book.articles for f in a.flags]
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            n = z.read("word/comments.xml").count(b"<w:comment ") if flags else 0
        assert n >= len(flags)


# ---------------------------------------------------------------- EPUB

_EPUB_SAMPLE: list[bytes] = []
"""A few of the drawn books, for one EPUBCheck run at the end."""


def _epub_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        items = {i.get("id"): i.get("href") for i in opf.iterfind("opf:manifest/opf:item", ns)}
        texts = []
        for ref in opf.iterfind("opf:spine/opf:itemref", ns):
            href = items[ref.get("idref")]
            if href == "nav.xhtml":
                continue  # the 目录 repeats the titles; the body is what must carry them
            root = etree.fromstring(z.read("EPUB/" + href))
            body = root.find("{http://www.w3.org/1999/xhtml}body")
            texts.append("\n".join(body.itertext()))
    return "\n".join(texts)


@FUZZ
@given(compilations())
def test_epub_spine_carries_every_paragraph(book: Compilation) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "f.epub"
        cppcc_publish.write(book, "epub", dest, {"timestamp": TS})
        data = dest.read_bytes()
    text = _epub_text(data)
    # The title page prints the book's title first; the body follows it.
    assert_carried(text, expected(book), "epub")
    if len(_EPUB_SAMPLE) < fuzz_examples(6):
        _EPUB_SAMPLE.append(data)


@settings(max_examples=fuzz_examples(1), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(compilations(), min_size=3, max_size=3))
def test_epubcheck_passes_on_a_sample(extra: list[Compilation]) -> None:
    """The books kept by the test above (when it ran first) and three more, checked in
    one JVM."""
    why = epubcheck_run.available()
    if why:
        pytest.skip(why)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, data in enumerate(_EPUB_SAMPLE):
            paths.append(Path(tmp) / f"kept{k}.epub")
            paths[-1].write_bytes(data)
        for k, book in enumerate(extra):
            paths.append(Path(tmp) / f"drawn{k}.epub")
            cppcc_publish.write(book, "epub", paths[-1], {"timestamp": TS})
        results = epubcheck_run.check(paths)
        bad = {p.name: r.output[-1500:] for p, r in results.items()
               if (r.fatals, r.errors, r.warnings) != (0, 0, 0)}
        assert len(results) == len(paths) and not bad, bad


# ---------------------------------------------------------------- PDF


# Found by this test (pdf.py before 5e5baaa): a run-in head with no paragraph after it,
# following another run-in head, was not printed.
_RUN_IN_TAIL = Compilation(meta=BookMeta(title="一"), parts=(Part(title=None, articles=(Article(
    body=(Paragraph(text="一"), Heading(text="一", run_in=True), Heading(text="一", run_in=True))),
)),))


@FUZZ
@given(compilations())
@example(_RUN_IN_TAIL)
def test_pdf_parses_and_carries_every_paragraph(book: Compilation) -> None:
    import pypdf

    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "f.pdf"
        cppcc_publish.write(book, "pdf", dest, {"timestamp": TS, "preset": "book"})
        reader = pypdf.PdfReader(io.BytesIO(dest.read_bytes()))
        # Only the type area: a running head or folio printed between the two halves of a
        # paragraph that crosses a page must not count as part of it.
        from cppcc_publish.writers import pdf

        p = pdf.preset("book")
        top, bottom = p.page[1] - p.top + 1, p.bottom - 1
        chunks: list[str] = []
        for page in reader.pages:

            def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
                if bottom <= tm[5] <= top:
                    chunks.append(text)

            page.extract_text(visitor_text=visit)
        text = "".join(chunks)
    flat = _WS.sub("", text)
    assert_carried(flat, [_WS.sub("", s) for s in expected(book)], "pdf")
