"""Parse speed and memory on one core: the five samples, and a synthetic corpus.

Run: python3 benchmarks/bench_parse.py [--corpus N] [--repeat R]
Prints articles per second, MB per second and peak memory.  Target: at least
300 articles/s for the sample mix.
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

from cppcc_publish import parse_text  # noqa: E402


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

if __name__ == "__main__":
    main()
