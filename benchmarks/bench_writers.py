"""Benchmark: parse + write DOCX / EPUB for a 300-article corpus, next to pandoc.

    python3 benchmarks/bench_writers.py [--articles 300] [--repeat 3]

The synthetic corpus is ``benchmarks/corpus.py``'s (the five samples, bodies rotated so
the texts differ), written as 300 text files.  We time, parsing included, reading every
file and one ``cppcc_publish.write`` of all of them as one DOCX and as one EPUB.  Parsing
is timed both ways the library does it: one file after another (``read_article``, what
``convert`` does for a single file) and ``publish.read_articles`` (parallel, what
``build`` and ``convert`` of several files do; no cache).  pandoc (the Debian
package) converts the same content from clean Markdown, written from the parsed model,
so it does no repair work at all.  Targets: DOCX no slower than pandoc, EPUB at
most half pandoc's time.  Each figure is the best of ``--repeat`` runs, wall clock.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

from cppcc_publish import read_article, write  # noqa: E402
from cppcc_publish.model import Article, Caption, Compilation, Heading  # noqa: E402
from cppcc_publish.options import ReadOptions  # noqa: E402
from cppcc_publish.publish import read_articles  # noqa: E402

TS = "2025-01-01T00:00:00Z"


def markdown(articles: list[Article]) -> str:
    """Clean Markdown of the parsed articles: what pandoc gets."""
    out = ["---", "title: 基准测试文集", "lang: zh-CN", "---", ""]
    for a in articles:
        out += [f"# {a.title or '无题'}", ""]
        if a.subtitle:
            out += [f"——{a.subtitle}", ""]
        names = "　".join(c.name for c in a.printed_credits)
        if names:
            out += [names, ""]
        pending = ""
        for b in a.body:
            if isinstance(b, Heading) and b.run_in:
                pending = f"**{b.text}**"
            elif isinstance(b, Heading):
                out += [f"{'#' * (b.level + 1)} {b.text}", ""]
            elif isinstance(b, Caption):
                out += [f"*{b.text}*", ""]
            else:
                out += [pending + b.text, ""]
                pending = ""
        if a.author_note:
            out += [f"（{a.author_note}）", ""]
    return "\n".join(out)


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        paths = write_corpus(args.articles, tmp / "corpus")

        def parse() -> list[Article]:
            return [read_article(p) for p in paths]

        def parse_parallel() -> list[Article]:
            by_path, _ = read_articles(paths, ReadOptions())
            return [by_path[p] for p in paths]

        articles = parse()
        book = Compilation.of(*articles, title="基准测试文集")
        blocks = sum(len(a.body) for a in articles)
        chars = sum(len(b.text) for a in articles for b in a.body)
        print(f"corpus: {len(paths)} articles, {blocks} blocks, {chars} characters")

        t_parse = best(parse, args.repeat)
        t_parallel = best(parse_parallel, args.repeat)
        t_docx_only = best(lambda: write(book, "docx", tmp / "out.docx", {"timestamp": TS}), args.repeat)
        t_epub_only = best(lambda: write(book, "epub", tmp / "out.epub", {"timestamp": TS}), args.repeat)

        def with_parse(reader: Callable[[], list[Article]], fmt: str) -> Callable[[], None]:
            def run() -> None:
                book = Compilation.of(*reader(), title="基准测试文集")
                write(book, fmt, tmp / f"p.{fmt}", {"timestamp": TS})
            return run

        results = {
            (mode, fmt): best(with_parse(reader, fmt), args.repeat)
            for mode, reader in (("serial", parse), ("parallel", parse_parallel))
            for fmt in ("docx", "epub")
        }
        print(f"CPUs: {os.cpu_count()}")
        print(f"parse, one file after another   {t_parse:7.2f} s")
        print(f"parse, read_articles (parallel) {t_parallel:7.2f} s")
        print(f"write DOCX only                 {t_docx_only:7.2f} s")
        print(f"write EPUB only                 {t_epub_only:7.2f} s")
        for (mode, fmt), t in results.items():
            print(f"parse ({mode:<8}) + {fmt.upper():<4}        {t:7.2f} s")

        pandoc = shutil.which("pandoc")
        if pandoc is None:
            print("pandoc not found: comparison skipped (apt-get install pandoc)")
            return 0
        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        md = tmp / "book.md"
        md.write_text(markdown(articles), "utf-8")

        def run(*extra: str) -> Callable[[], None]:
            return lambda: subprocess.run([pandoc, str(md), "-f", "markdown", *extra], check=True,
                                          capture_output=True)

        p_docx = best(run("-t", "docx", "-o", str(tmp / "pandoc.docx")), args.repeat)
        p_epub = best(run("-t", "epub3", "-o", str(tmp / "pandoc.epub")), args.repeat)
        print(f"{version}: Markdown -> DOCX {p_docx:7.2f} s")
        print(f"{version}: Markdown -> EPUB {p_epub:7.2f} s")
        for mode in ("serial", "parallel"):
            r_docx = results[(mode, "docx")] / p_docx
            r_epub = results[(mode, "epub")] / p_epub
            print(f"ratio parse ({mode}) + DOCX / pandoc DOCX = {r_docx:.2f}  (target <= 1.00: "
                  f"{'met' if r_docx <= 1 else 'NOT met'})")
            print(f"ratio parse ({mode}) + EPUB / pandoc EPUB = {r_epub:.2f}  (target <= 0.50: "
                  f"{'met' if r_epub <= 0.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
