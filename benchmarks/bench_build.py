"""Build the synthetic 300-article book in PDF, DOCX and EPUB, from a cold cache and from a
warm cache after editing one article.

Run: python3 benchmarks/bench_build.py [--articles 300]
Targets: cold build of all three formats <= 30 s; warm rebuild of the parse
stage <= 1 s.  Prints both times per stage and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

from cppcc_publish import build  # noqa: E402


def make_book(folder: Path, n: int) -> Path:
    paths = write_corpus(n, folder / "articles")
    thirds = [paths[: n // 3], paths[n // 3 : 2 * n // 3], paths[2 * n // 3 :]]
    lines = [
        "book: {title: 政协工作文选（基准）, compiler: 示例市政协办公室 编, edition_date: 2025-12-01}",
        "front: [{title: 编辑说明, text: 本书为基准测试而编。}]",
        "parts:",
    ]
    for i, part in enumerate(thirds, 1):
        lines.append(f"  - title: 第{i}栏目")
        lines.append("    articles:")
        lines.extend(f"      - articles/{p.name}" for p in part)
    lines += [
        "outputs:",
        "  - {format: pdf, path: book.pdf, preset: book}",
        "  - {format: docx, path: book.docx, preset: book}",
        "  - {format: epub, path: book.epub}",
    ]
    manifest = folder / "book.yaml"
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = make_book(folder, args.articles)
        cache = folder / "cache"
        t = time.perf_counter()
        cold = build(manifest, cache_dir=cache, jobs=args.jobs, progress=False)
        cold_total = time.perf_counter() - t
        print(f"cold build, {cold.articles} articles, {cold.pages.get('pdf', '?')} PDF pages: "
              f"{cold_total:.1f} s")
        print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in cold.seconds.items()))
        first = folder / "articles" / "a00000.txt"
        first.write_text(first.read_text("utf-8").replace("政协", "政协 ", 1), "utf-8")
        t = time.perf_counter()
        warm = build(manifest, cache_dir=cache, jobs=args.jobs, progress=False)
        warm_total = time.perf_counter() - t
        print(f"warm rebuild after editing one article: parse stage {warm.seconds['parse']:.2f} s "
              f"({warm.parsed} parsed, {warm.cached} cached); whole build {warm_total:.1f} s")
        print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in warm.seconds.items()))
        me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory (max RSS): main process {me:.0f} MB, largest parse worker {kids:.0f} MB")


if __name__ == "__main__":
    main()
