"""Field accuracy of the reader on real pages, scored by the fixtures' own ``score.py``.

Run: python3 benchmarks/bench_extract.py [DIR ...] [--verbose]

Without a DIR it reads ``../shared/fixtures/copied`` (the text a browser copy of each page
gives).  The pages are read in place, never copied into this repository; the benchmark
says so and stops when the folder is absent.  It prints, per field and overall, the share
of fields right, as ``score.py`` counts them (``python3 ../shared/fixtures/score.py DIR``
runs the CLI per page and prints the same figures, more slowly), then the time per page.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from cppcc_publish import dumps, read_article

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
SUFFIXES = (".txt", ".html", ".docx", ".doc", ".md")


def load_scorer(fixtures: Path):  # noqa: ANN201 - the module of score.py
    sys.path.insert(0, str(fixtures))
    try:
        import score  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(fixtures))
    return score


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--verbose", action="store_true", help="name each page's wrong fields")
    args = ap.parse_args()
    dirs = args.dirs or [FIXTURES / "copied"]
    if not (FIXTURES / "score.py").is_file():
        print(f"{FIXTURES} is absent: nothing to measure")
        return 0
    score = load_scorer(FIXTURES)
    ok: Counter[str] = Counter()
    total: Counter[str] = Counter()
    pages = 0
    elapsed = 0.0
    for d in dirs:
        for exp_path in sorted(d.glob("*.expected.yaml")):
            stem = exp_path.name.removesuffix(".expected.yaml")
            page = next((p for p in (d / (stem + s) for s in SUFFIXES) if p.exists()), None)
            if page is None:
                continue
            expected = yaml.safe_load(exp_path.read_text("utf-8"))
            start = time.perf_counter()
            try:
                doc, refused = json.loads(dumps(read_article(page))), False
            except Exception as exc:  # a refusal is scored as score.py scores it
                doc, refused = None, exc.__class__.__name__.endswith("Error")
            elapsed += time.perf_counter() - start
            pages += 1
            result = score.score(doc, expected, refused)
            for field, right in result.items():
                total[field] += 1
                ok[field] += right
            if args.verbose and not all(result.values()):
                print(f"{page}: wrong {', '.join(k for k, v in result.items() if not v)}")
    print("| field | right | share |")
    print("|---|---|---|")
    for field in sorted(total):
        print(f"| {field} | {ok[field]}/{total[field]} | {ok[field] / total[field]:.2f} |")
    n_ok, n_total = sum(ok.values()), sum(total.values())
    print(f"| **overall** | {n_ok}/{n_total} | **{n_ok / n_total if n_total else 0:.2f}** |")
    if pages:
        print(f"{pages} pages, {elapsed / pages * 1000:.1f} ms per page (parse and dump, in process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
