"""cppcc_publish against pandoc and LibreOffice on synthetic books of 50–1,000 articles.

    python3 benchmarks/bench_compare.py [--sizes 50,100,300,1000] [--lo-max 300]
                                        [--chart benchmarks/compare.png]

For each size, in a fresh process (so that peak memory is that size's own):
cppcc_publish parses the articles (process pool, no cache) and writes PDF (``book``
preset), DOCX and EPUB, each timed, with the process's peak RSS.  pandoc (Debian package)
converts the same content from clean Markdown to DOCX and EPUB; LibreOffice headless
converts our DOCX to PDF (sizes up to ``--lo-max``; it takes minutes for the largest).
Prints a table with ratios to the peers and writes a PNG chart of time against book size.
Targets, parsing included: DOCX no slower than pandoc and EPUB at most half
pandoc's time on the 300-article book, PDF pages per second at least ten times
LibreOffice's, peak memory under 500 MB for the 1,000-article book in all formats.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TS = "2025-01-01T00:00:00Z"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
from corpus import write_corpus
from bench_writers import markdown
from cppcc_publish import write
from cppcc_publish.model import BookMeta, Compilation, Part
from cppcc_publish.options import ReadOptions
from cppcc_publish.publish import read_articles

n, folder = {n}, Path({folder!r})
paths = write_corpus(n, folder / "articles")
t = time.perf_counter()
arts, _ = read_articles(paths, ReadOptions(), cache_dir=None)
parse = time.perf_counter() - t
articles = [arts[p] for p in paths]
book = Compilation(meta=BookMeta(title="基准测试文集"), parts=(Part(title=None, articles=tuple(articles)),))
out = {{"n": n, "parse": parse}}
for fmt, opts in (("pdf", {{"preset": "book"}}), ("docx", {{"preset": "book"}}), ("epub", {{}})):
    t = time.perf_counter()
    write(book, fmt, folder / f"book.{{fmt}}", {{**opts, "timestamp": {ts!r}}})
    out[fmt] = time.perf_counter() - t
data = (folder / "book.pdf").read_bytes()
out["pages"] = data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page/") + data.count(b"/Type /Page>")
(folder / "book.md").write_text(markdown(articles), "utf-8")
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def ours(n: int, folder: Path) -> dict[str, float]:
    code = CHILD.format(here=str(HERE), n=n, folder=str(folder), ts=TS)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data: dict[str, float] = json.loads(res.stdout.strip().splitlines()[-1])
    return data


def timed(cmd: list[str], cwd: Path) -> float | None:
    t = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if res.returncode != 0:
        print(f"  ({cmd[0]} failed: {res.stderr.strip()[:200]})")
        return None
    return time.perf_counter() - t


def peers(n: int, folder: Path, lo_max: int) -> dict[str, float | None]:
    out: dict[str, float | None] = {"pandoc_docx": None, "pandoc_epub": None, "lo_pdf": None, "lo_pages": None}
    if shutil.which("pandoc"):
        out["pandoc_docx"] = timed(["pandoc", "book.md", "-o", "pandoc.docx"], folder)
        out["pandoc_epub"] = timed(["pandoc", "book.md", "-o", "pandoc.epub"], folder)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice and n <= lo_max:
        lo = folder / "lo"
        lo.mkdir()
        profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
        out["lo_pdf"] = timed(
            [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(lo), "book.docx"], folder
        )
        pdf = lo / "book.pdf"
        if pdf.exists():
            data = pdf.read_bytes()
            out["lo_pages"] = float(data.count(b"/Type/Page\n") + data.count(b"/Type/Page/") + data.count(b"/Type/Page>") + data.count(b"/Type /Page\n") + data.count(b"/Type /Page/"))
    return out


def chart(rows: list[dict[str, float | None]], path: Path) -> None:
    """Time against book size, one line per tool and format (Pillow, no other library)."""
    from PIL import Image, ImageDraw

    series = {
        "ours parse+PDF": lambda r: r["parse"] + r["pdf"],
        "ours parse+DOCX": lambda r: r["parse"] + r["docx"],
        "ours parse+EPUB": lambda r: r["parse"] + r["epub"],
        "pandoc DOCX": lambda r: r["pandoc_docx"],
        "pandoc EPUB": lambda r: r["pandoc_epub"],
        "LibreOffice DOCX->PDF": lambda r: r["lo_pdf"],
    }
    colours = ["#c0392b", "#2471a3", "#229954", "#7d3c98", "#d68910", "#566573"]
    w, h, m = 900, 560, 70
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    xs = [r["n"] for r in rows]
    ys = [v for r in rows for f in series.values() if (v := f(r)) is not None]
    xmax, ymax = max(xs) or 1, max(ys) or 1

    def pt(x: float, y: float) -> tuple[float, float]:
        return m + (w - 2 * m) * x / xmax, h - m - (h - 2 * m) * y / ymax

    d.line([pt(0, 0), pt(xmax, 0)], fill="black")
    d.line([pt(0, 0), pt(0, ymax)], fill="black")
    for x in xs:
        px, py = pt(x, 0)
        d.text((px - 10, py + 6), str(int(x)), fill="black")
    for k in range(6):
        y = ymax * k / 5
        px, py = pt(0, y)
        d.text((px - 50, py - 6), f"{y:.1f} s" if ymax < 10 else f"{y:.0f} s", fill="black")
    d.text((w // 2 - 60, h - 30), "articles in the book", fill="black")
    for i, (name, f) in enumerate(series.items()):
        pts = [pt(r["n"], v) for r in rows if (v := f(r)) is not None]
        if len(pts) >= 2:
            d.line(pts, fill=colours[i], width=3)
        for p in pts:
            d.ellipse([p[0] - 3, p[1] - 3, p[0] + 3, p[1] + 3], fill=colours[i])
        d.rectangle([m + 10, 10 + 18 * i, m + 24, 22 + 18 * i], fill=colours[i])
        d.text((m + 30, 10 + 18 * i), name, fill="black")
    img.save(path)


def fmt(v: float | None, spec: str = ".2f") -> str:
    return "—" if v is None else format(v, spec)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="50,100,300,1000")
    ap.add_argument("--lo-max", type=int, default=300)
    ap.add_argument("--chart", default=str(HERE / "compare.png"))
    args = ap.parse_args()
    rows: list[dict[str, float | None]] = []
    for n in [int(x) for x in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            row: dict[str, float | None] = dict(ours(n, folder))
            row.update(peers(n, folder, args.lo_max))
            rows.append(row)
            print(f"{n} articles done", file=sys.stderr)
    head = (
        "| articles | parse s | PDF s | pages | pages/s | DOCX s | EPUB s | peak MB "
        "| pandoc DOCX s | pandoc EPUB s | LO PDF s | LO pages/s "
        "| DOCX/pandoc | EPUB/pandoc | PDF pages/s ÷ LO |"
    )
    print(head)
    print("|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|")
    for r in rows:
        pps = r["pages"] / r["pdf"] if r["pdf"] else None
        lo_pps = (r["lo_pages"] / r["lo_pdf"]) if r.get("lo_pdf") and r.get("lo_pages") else None
        docx_ratio = (r["parse"] + r["docx"]) / r["pandoc_docx"] if r.get("pandoc_docx") else None
        epub_ratio = (r["parse"] + r["epub"]) / r["pandoc_epub"] if r.get("pandoc_epub") else None
        print(
            f"| {r['n']:.0f} | {fmt(r['parse'])} | {fmt(r['pdf'])} | {r['pages']:.0f} | {fmt(pps, '.0f')} "
            f"| {fmt(r['docx'])} | {fmt(r['epub'])} | {fmt(r['rss_mb'], '.0f')} "
            f"| {fmt(r.get('pandoc_docx'))} | {fmt(r.get('pandoc_epub'))} | {fmt(r.get('lo_pdf'))} "
            f"| {fmt(lo_pps, '.1f')} | {fmt(docx_ratio)} | {fmt(epub_ratio)} "
            f"| {fmt(pps / lo_pps if pps and lo_pps else None, '.1f')} |"
        )
    chart(rows, Path(args.chart))
    print(f"chart: {args.chart}")


if __name__ == "__main__":
    main()
