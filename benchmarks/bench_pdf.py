"""Benchmark: lay out and write the 300-article synthetic compilation as one PDF.

    python3 benchmarks/bench_pdf.py [--articles 300] [--preset book] [--repeat 1]
                                    [--no-libreoffice] [--keep out.pdf]

The corpus is the five sample articles, varied by ``benchmarks/corpus.py`` (paragraphs
rotated, so no two articles are alike), parsed once (not timed: bench_parse.py covers
reading).  Timed: ``cppcc_publish.write(compilation, "pdf", ...)`` — font set-up, line
breaking, pagination, drawing and reportlab's font subsetting and file writing — on one
core.  Printed: pages, seconds, pages per second, peak traced Python memory
(tracemalloc, in a separate run because tracing slows Python down) and the process's
peak resident set size.  Targets: ≥ 70 pages/s, < 500 MB.

When LibreOffice is installed, the same compilation is written as DOCX and converted
with ``soffice --headless --convert-to pdf`` for comparison; ``--no-libreoffice`` skips
it.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import synthetic  # noqa: E402

from cppcc_publish import parse_text, write  # noqa: E402
from cppcc_publish.model import Compilation  # noqa: E402

TS = "2025-01-01T00:00:00Z"


def pages_of(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def run(compilation: Compilation, dest: Path, preset: str) -> float:
    started = time.perf_counter()
    write(compilation, "pdf", dest, {"timestamp": TS, "preset": preset})
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--preset", default="book", choices=("book", "gbt9704", "a5"))
    ap.add_argument("--repeat", type=int, default=1, help="timed runs; the best is reported")
    ap.add_argument("--no-libreoffice", action="store_true")
    ap.add_argument("--no-tracemalloc", action="store_true")
    ap.add_argument("--keep", type=Path, help="keep the PDF here")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    articles = [parse_text(text, f"a{i:04d}.txt") for i, text in enumerate(synthetic(args.articles))]
    compilation = Compilation.of(*articles, title="基准测试文集")
    print(f"parsed {len(articles)} articles in {time.perf_counter() - t:.2f} s (not counted)")

    with tempfile.TemporaryDirectory() as tmp:
        dest = args.keep or Path(tmp) / "ours.pdf"
        # a warm-up on one article loads the bundled fonts, as any long-running use would
        write(Compilation.of(articles[0]), "pdf", Path(tmp) / "warm.pdf", {"timestamp": TS})
        gc.collect()
        runs = [run(compilation, dest, args.preset) for _ in range(max(1, args.repeat))]
        pages = pages_of(dest)
        size = dest.stat().st_size
        for k, seconds in enumerate(runs, start=1):
            print(f"preset {args.preset}, run {k}: {pages} pages, {size / 1e6:.1f} MB, {seconds:.2f} s, "
                  f"{pages / seconds:.1f} pages/s (target ≥ 70)")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"peak resident set size of the process: {rss:.0f} MB (target < 500)")
        if not args.no_tracemalloc:
            gc.collect()
            tracemalloc.start()
            run(compilation, Path(tmp) / "traced.pdf", args.preset)
            _cur, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"peak traced Python allocations while writing: {peak / 1e6:.0f} MB")

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice and not args.no_libreoffice:
            docx = Path(tmp) / "bench.docx"
            write(compilation, "docx", docx, {"timestamp": TS})
            profile = Path(tmp) / "lo-profile"
            started = time.perf_counter()
            proc = subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                capture_output=True, text=True, timeout=3600, check=False,
            )
            lo_seconds = time.perf_counter() - started
            lo_pdf = Path(tmp) / "bench.pdf"
            if proc.returncode == 0 and lo_pdf.exists():
                lo_pages = pages_of(lo_pdf)
                print(f"LibreOffice DOCX → PDF: {lo_pages} pages, {lo_seconds:.1f} s, "
                      f"{lo_pages / lo_seconds:.1f} pages/s (start-up included)")
            else:
                print(f"LibreOffice failed ({proc.returncode}): {proc.stderr.strip()[:200]}")
        elif not args.no_libreoffice:
            print("LibreOffice not installed: no comparison")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
