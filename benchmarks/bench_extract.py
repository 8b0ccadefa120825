"""Field accuracy of the reader on real pages, scored by the fixtures' own ``score.py``.

Run: python3 benchmarks/bench_extract.py [DIR ...] [--verbose] [--peer trafilatura]

Without a DIR it reads ``../shared/fixtures/copied`` (the text a browser copy of each page
gives); ``../shared/fixtures/html`` holds the saved pages, ``../shared/fixtures/docx`` the
Word files.  ``--peer trafilatura`` (the optional ``bench`` extra: ``pip install -e
'.[bench]'``) also scores trafilatura (favor_precision, with metadata) on the same HTML
pages and prints its figures beside ours.  The pages are read in place, never copied into this repository; the benchmark
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


def trafilatura_doc(page: Path) -> dict | None:  # type: ignore[type-arg]
    """trafilatura's reading of a saved page in the model's JSON shape: title, author(s),
    date, site name as source, and its text's lines as paragraphs (it keeps no headings
    or captions apart)."""
    import trafilatura

    got = trafilatura.bare_extraction(page.read_bytes(), favor_precision=True, with_metadata=True)
    if got is None:
        return None
    data = got if isinstance(got, dict) else got.as_dict()
    authors = [a.strip() for a in (data.get("author") or "").replace("；", ";").split(";") if a.strip()]
    text = data.get("text") or ""
    return {
        "title": data.get("title"),
        "subtitle": None,
        "authors": [{"name": a, "role": "author"} for a in authors],
        "date": data.get("date"),
        "source": data.get("sitename"),
        "body": [{"type": "paragraph", "text": line} for line in text.splitlines() if line.strip()],
        "diagnostics": [],
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path)
    ap.add_argument("--verbose", action="store_true", help="name each page's wrong fields")
    ap.add_argument("--peer", choices=("trafilatura",), help="also score this extractor on the HTML pages")
    args = ap.parse_args()
    peer_ok: Counter[str] = Counter()
    peer_total: Counter[str] = Counter()
    if args.peer:
        try:
            import trafilatura  # noqa: F401
        except ImportError as exc:
            print(f"--peer trafilatura: not installed ({exc}); pip install -e '.[bench]'")
            return 1
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
            if args.peer and page.suffix == ".html":
                try:
                    peer_doc = trafilatura_doc(page)
                except Exception:  # a crash of the peer scores as a failed parse
                    peer_doc = None
                for field, right in score.score(peer_doc, expected, False).items():
                    peer_total[field] += 1
                    peer_ok[field] += right
    peer = bool(peer_total)
    print("| field | right | share |" + (f" {args.peer} right | {args.peer} share |" if peer else ""))
    print("|---|---|---|" + ("---|---|" if peer else ""))

    def cells(o: int, t: int) -> str:
        return f" {o}/{t} | {o / t if t else 0:.2f} |"

    for field in sorted(set(total) | set(peer_total)):
        print(f"| {field} |" + cells(ok[field], total[field]) + (cells(peer_ok[field], peer_total[field]) if peer else ""))
    n_ok, n_total = sum(ok.values()), sum(total.values())
    line = f"| **overall** | {n_ok}/{n_total} | **{n_ok / n_total if n_total else 0:.2f}** |"
    if peer:
        p_ok, p_total = sum(peer_ok.values()), sum(peer_total.values())
        line += f" {p_ok}/{p_total} | **{p_ok / p_total if p_total else 0:.2f}** |"
    print(line)
    if pages:
        print(f"{pages} pages, {elapsed / pages * 1000:.1f} ms per page (parse and dump, in process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
