"""cppcc_publish against Typst, LibreOffice and pandoc, whole process, on books of the samples.

    python3 benchmarks/bench_compare.py [--sizes 300,1000] [--rounds 3]
                                        [--curve 500,1000,3000] [--lo-max 1000]


Every figure is a whole process, started from the shell as a user would, timed from start
to exit, its memory sampled with psutil every 50 ms and summed over the process and all
its children (parse workers, LibreOffice's soffice.bin):

- ours: ``cppcc-publish convert <articles> -o book.pdf|docx|epub`` (``book`` preset),
  parsing included, on the idle cores as it does by default;
- Typst (the ``typst`` PyPI binding, ``pip install -e '.[bench]'``): the same text from a
  generated ``.typ`` with the same page (185 × 260 mm), margins, measure (34 characters of
  12 pt), 21 pt line pitch, 2-character indent, 20 pt titles, a new page per article, an
  outline and folios, set in the bundled Polity Serif (Noto Serif CJK SC's outlines);
- LibreOffice headless: our DOCX → PDF (sizes up to ``--lo-max``);
- pandoc: clean Markdown of the parsed articles → DOCX and EPUB.

The tools run interleaved (round after round, each tool once a round), so that a burst of
load on a shared machine falls on all of them; the table gives the fastest round (and the
slowest, for the spread), the ratios, and the peak memory.  ``--curve`` then builds all
three formats in one ``build`` at each size (the PDF's memory alone is in the table) and
prints the peak memory against the book's size.
Targets (issue 15): PDF ≥ 500 pages/s at 1,000 articles, ≤ 350 MB; DOCX ≤ 0.5× and
EPUB ≤ 0.25× pandoc's time at 1,000 articles; ≤ 400 MB at 3,000 articles, all formats.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

TS = "2025-01-01T00:00:00Z"
FONTS = ROOT / "fonts"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool
    error: str = ""


def measure(cmd: list[str], cwd: Path) -> Run:
    """Run ``cmd`` to its end; wall time and the peak of the RSS summed over the process
    tree, sampled every 50 ms."""
    import psutil

    err_file = tempfile.TemporaryFile()  # (a pipe would fill with warnings and stall the tool)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err_file)
    peak = 0
    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            time.sleep(0.05)
    except psutil.Error:
        pass
    proc.wait()
    seconds = time.perf_counter() - start
    err_file.seek(0)
    err = err_file.read()
    err_file.close()
    if proc.returncode != 0:
        return Run(seconds, peak / 2**20, False, err.decode("utf-8", "replace").strip()[-300:])
    return Run(seconds, peak / 2**20, True)


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages) if path.exists() else 0


# --- the inputs --------------------------------------------------------------------------

PREP = r"""
import sys
sys.path.insert(0, {here!r})
from pathlib import Path
from bench_writers import markdown
from bench_compare import typst_source
from cppcc_publish import read_article
paths = sorted(Path({articles!r}).glob("*.txt"))
arts = [read_article(p) for p in paths]
Path({md!r}).write_text(markdown(arts), "utf-8")
Path({typ!r}).write_text(typst_source(arts), "utf-8")
"""


def _typ(text: str) -> str:
    """A Typst string literal: the text as it is, no markup read in it."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_source(articles: list) -> str:  # list[Article]; untyped to keep this script light
    """The book in Typst: the ``book`` preset's page, measure, pitch, sizes and indent."""
    mm = 72 / 25.4
    body, pitch, lines = 12.0, 21.0, 28
    measure_pt = 34 * body
    page = (185 * mm, 260 * mm)
    inner = (page[0] - measure_pt) / 2 + 4
    outer = page[0] - measure_pt - inner
    top = (page[1] - lines * pitch) / 2 - 6
    bottom = page[1] - top - lines * pitch
    out = [
        f"#set page(width: 185mm, height: 260mm, margin: (inside: {inner:.2f}pt, "
        f"outside: {outer:.2f}pt, top: {top:.2f}pt, bottom: {bottom:.2f}pt), numbering: \"1\")",
        '#set text(font: "Polity Serif", size: 12pt, lang: "zh", region: "cn")',
        # leading is the gap between two lines' boxes: pitch less one em
        f"#set par(leading: {pitch - body:.1f}pt, spacing: {pitch - body:.1f}pt, "
        "first-line-indent: (amount: 24pt, all: true), justify: true)",
        "#show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 20pt); "
        "set align(center); it }",
        "#show heading.where(level: 2): set text(size: 14pt)",
        '#outline(title: "目录")',
        "",
    ]
    from cppcc_publish.model import Caption, Heading

    for a in articles:
        out += [f"= #{_typ(a.title or '无题')}", ""]
        if a.subtitle:
            out += [f"#align(center, text(size: 14pt, {_typ('——' + a.subtitle)}))", ""]
        names = "　".join(c.name for c in a.printed_credits)
        if names:
            out += [f"#align(center, {_typ(names)})", ""]
        for b in a.body:
            if isinstance(b, Heading) and not b.run_in:
                out += [f"== #{_typ(b.text)}", ""]
            elif isinstance(b, Caption):
                out += [f"#align(center, text(size: 10.5pt, {_typ(b.text)}))", ""]
            else:
                out += [f"#{_typ(b.text)}", ""]
        if a.author_note:
            out += [f"#text(size: 10.5pt, {_typ('（' + a.author_note + '）')})", ""]
    return "\n".join(out)


def prepare(n: int, folder: Path) -> list[Path]:
    paths = write_corpus(n, folder / "articles")
    code = PREP.format(here=str(HERE), articles=str(folder / "articles"), md=str(folder / "book.md"),
                       typ=str(folder / "book.typ"))
    subprocess.run([sys.executable, "-c", code], check=True)
    return paths


# --- the tools ---------------------------------------------------------------------------


def tools(n: int, folder: Path, paths: list[Path], lo_max: int) -> dict[str, Callable[[], Run]]:
    py = sys.executable
    names = [str(p) for p in paths]
    ours = [py, "-m", "cppcc_publish", "convert", *names, "--option", f"timestamp={TS}"]
    out: dict[str, Callable[[], Run]] = {
        "ours PDF": lambda: measure([*ours, "-o", "ours.pdf", "--option", "preset=book"], folder),
        "ours DOCX": lambda: measure([*ours, "-o", "ours.docx", "--option", "preset=book"], folder),
        "ours EPUB": lambda: measure([*ours, "-o", "ours.epub"], folder),
    }
    try:
        import typst  # noqa: F401

        code = f"import typst; typst.compile('book.typ', output='typst.pdf', font_paths=[{str(FONTS)!r}])"
        out["Typst PDF"] = lambda: measure([py, "-c", code], folder)
    except ImportError:
        print("(typst is not installed: pip install -e '.[bench]')", file=sys.stderr)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice and n <= lo_max:
        profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
        out["LibreOffice PDF"] = lambda: measure(
            [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder / "lo"), "ours.docx"],
            folder)
    if shutil.which("pandoc"):
        out["pandoc DOCX"] = lambda: measure(["pandoc", "book.md", "-o", "pandoc.docx"], folder)
        out["pandoc EPUB"] = lambda: measure(["pandoc", "book.md", "-o", "pandoc.epub"], folder)
    return out


def compare(n: int, rounds: int, lo_max: int) -> dict[str, list[Run] | int]:
    results: dict[str, list[Run] | int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = prepare(n, folder)
        table = tools(n, folder, paths, lo_max)
        for r in range(rounds):
            for name, run in table.items():
                res = run()
                if not res.ok:
                    print(f"  {name} failed: {res.error}", file=sys.stderr)
                runs = results.setdefault(name, [])
                assert isinstance(runs, list)
                runs.append(res)
            print(f"  {n} articles: round {r + 1} of {rounds} done", file=sys.stderr)
        results["pages ours"] = pdf_pages(folder / "ours.pdf")
        results["pages Typst"] = pdf_pages(folder / "typst.pdf")
        results["pages LibreOffice"] = pdf_pages(folder / "lo" / "ours.pdf")
    return results


def curve(n: int) -> dict[str, Run]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_corpus(n, folder / "articles")
        manifest = folder / "book.yaml"
        entries = "\n".join(f"      - {p}" for p in paths)
        manifest.write_text(
            "book:\n  title: 基准测试文集\n  year: 2025\n  edition_date: 2025-01-01\n"
            f"parts:\n  - title: 文章\n    articles:\n{entries}\n"
            "outputs:\n  - format: pdf\n    path: book.pdf\n    preset: book\n"
            "  - format: docx\n    path: book.docx\n    preset: book\n"
            "  - format: epub\n    path: book.epub\n", "utf-8")
        py = sys.executable
        out = {"all three (build)": measure([py, "-m", "cppcc_publish", "build", str(manifest), "-o",
                                              str(folder / "out")], folder)}
    return out


def fmt(v: float | None, spec: str = ".2f") -> str:
    return "—" if v is None else format(v, spec)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="300,1000")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--lo-max", type=int, default=1000)
    ap.add_argument("--curve", default="500,1000,3000", help="sizes for the memory curve ('' for none)")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    print("| task | articles | ours | peer | ratio (ours ÷ peer time) |")
    print("|---|---|---|---|---|")
    for n in [int(x) for x in args.sizes.split(",") if x]:
        res = compare(n, args.rounds, args.lo_max)

        def best(name: str) -> Run | None:
            runs = res.get(name)
            ok = [r for r in runs if r.ok] if isinstance(runs, list) else []
            return min(ok, key=lambda r: r.seconds) if ok else None

        def spread(name: str) -> str:
            runs = res.get(name)
            ok = [r.seconds for r in runs if r.ok] if isinstance(runs, list) else []
            mem = max(r.peak_mb for r in runs if r.ok) if ok and isinstance(runs, list) else None
            return f"{min(ok):.2f}–{max(ok):.2f} s, {fmt(mem, '.0f')} MB" if ok else "failed"

        pages = {k: res.get(f"pages {k}") for k in ("ours", "Typst", "LibreOffice")}

        def pdf_cell(name: str, who: str) -> str:
            b = best(name)
            p = pages[who]
            if b is None or not isinstance(p, int):
                return "—"
            return f"{spread(name)}, {p} pages, {p / b.seconds:.0f} pages/s"

        ours_pdf = best("ours PDF")
        for peer, who in (("Typst PDF", "Typst"), ("LibreOffice PDF", "LibreOffice")):
            b = best(peer)
            ratio = fmt(ours_pdf.seconds / b.seconds) if ours_pdf and b else "—"
            print(f"| PDF vs {peer.split()[0]} | {n} | {pdf_cell('ours PDF', 'ours')} "
                  f"| {pdf_cell(peer, who)} | {ratio} |")
        for mine, peer in (("ours DOCX", "pandoc DOCX"), ("ours EPUB", "pandoc EPUB")):
            a, b = best(mine), best(peer)
            ratio = fmt(a.seconds / b.seconds) if a and b else "—"
            print(f"| {mine.split()[1]} vs pandoc | {n} | {spread(mine)} | {spread(peer)} | {ratio} |")
        sys.stdout.flush()
    sizes = [int(x) for x in args.curve.split(",") if x]
    if sizes:
        print()
        print("| articles | PDF + DOCX + EPUB in one build: peak MB (summed over the process tree), s |")
        print("|---|---|")
        for n in sizes:
            b = curve(n)["all three (build)"]
            cell = f"{b.peak_mb:.0f} MB, {b.seconds:.1f} s" if b.ok else "failed: " + b.error[-120:]
            print(f"| {n} | {cell} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
