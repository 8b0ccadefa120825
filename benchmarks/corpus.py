"""A synthetic corpus built from the five sample articles, shared by the benchmarks.

Article ``i`` is sample ``i % 5`` with its paragraphs rotated by ``i // 5`` places (so the
texts differ) and a number added to its first line; the mix keeps the sample proportions
(one traditional article in five), as in real use.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))


def sample_texts() -> list[str]:
    return [p.read_text("utf-8") for p in SAMPLES]


def synthetic(n: int) -> list[str]:
    texts = sample_texts()
    out = []
    for i in range(n):
        lines = texts[i % len(texts)].splitlines()
        # Rotate the long (body) lines among themselves; keep header and footer in place.
        idx = [k for k, line in enumerate(lines) if len(line) > 60]
        body = [lines[k] for k in idx]
        shift = (i // len(texts)) % max(1, len(body))
        body = body[shift:] + body[:shift]
        for k, line in zip(idx, body):
            lines[k] = line
        out.append("\n".join(lines) + "\n")
    return out


def write_corpus(n: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(synthetic(n)):
        p = folder / f"a{i:05d}.txt"
        p.write_text(text, "utf-8")
        paths.append(p)
    return paths
