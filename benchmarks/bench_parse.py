"""Parse speed and memory on one core: the five samples, and a synthetic corpus.

Run: python3 benchmarks/bench_parse.py [--corpus N] [--repeat R] [--pages R]
Prints articles per second, MB per second and peak memory.  Target: at least
300 articles/s for the sample mix.  When ../shared/fixtures/html is present it also reads
the 52 saved web pages there (HTML reader and transforms, read in place), ``--pages``
times: target (issue 14) at least 100 saved pages/s on one core.  Both the wall-clock and
the CPU-time rate are printed: on a shared machine the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import sample_texts, synthetic  # noqa: E402

from cppcc_publish import parse_bytes, parse_text  # noqa: E402

PAGES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "html"


def bench(texts: list[str], repeat: int) -> tuple[float, float, int]:
    nbytes = sum(len(t.encode("utf-8")) for t in texts) * repeat
    start = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            parse_text(t)
    elapsed = time.perf_counter() - start
    return elapsed, nbytes, len(texts) * repeat


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=60)
    ap.add_argument("--pages", type=int, default=5, help="times the saved pages are read")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    samples = sample_texts()
    parse_text(samples[2])  # warm the lazily built tables (converter, character sets)

    elapsed, nbytes, n = bench(samples, args.repeat)
    print(f"samples x{args.repeat}: {n} articles in {elapsed:.2f} s = "
          f"{n / elapsed:.0f} articles/s, {nbytes / elapsed / 1e6:.2f} MB/s")

    corpus = synthetic(args.corpus)
    elapsed, nbytes, n = bench(corpus, 1)
    print(f"synthetic corpus: {n} articles ({nbytes / 1e6:.1f} MB) in {elapsed:.2f} s = "
          f"{n / elapsed:.0f} articles/s, {nbytes / elapsed / 1e6:.2f} MB/s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    bench(corpus[:200], 1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory: process max RSS {rss:.0f} MB after the corpus; "
          f"peak traced Python allocation while parsing 200 articles {peak / 1e6:.2f} MB")
    bench_pages(args.pages)


def bench_pages(repeat: int) -> None:
    """Saved web pages through the HTML reader and the transforms (bytes in, model out)."""
    pages = sorted(PAGES.glob("*.html"))
    if not pages:
        print(f"saved pages: {PAGES} is absent, not measured")
        return
    data = [(p.read_bytes(), str(p)) for p in pages]
    for blob, name in data:
        parse_bytes(blob, name)  # warm: lxml, the reader's tables
    n = len(data) * repeat
    nbytes = sum(len(b) for b, _ in data) * repeat
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        for blob, name in data:
            parse_bytes(blob, name)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"saved pages x{repeat}: {n} pages ({nbytes / 1e6:.1f} MB of HTML) in {wall:.2f} s = "
          f"{n / wall:.0f} pages/s wall clock, {n / cpu:.0f} pages/s of CPU time, {nbytes / wall / 1e6:.2f} MB/s")

if __name__ == "__main__":
    main()
