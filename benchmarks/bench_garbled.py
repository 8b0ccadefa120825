"""Garbled spans: recall, false flags and recovered characters on a corpus damaged here.

    python3 benchmarks/bench_garbled.py [--seed 13] [--limit N] [--verbose]

Two corpora of clean text, reported separately:

- ``samples``: the body paragraphs of the clean samples 000, 003 and 004 (always present);
- ``copied``: the article body of each page of ``../shared/fixtures/copied`` that is an
  article, read in place: the lines from the one holding ``first_paragraph_starts`` to
  the one holding ``last_paragraph_ends`` of the page's expectations, each with at least
  ten Han characters (skipped when the folder is absent).

Every clean paragraph is damaged three times, once per kind, each time in one region
drawn at random (fixed seed) among all the paragraph's clauses: a clause is the text
between two marks (，。、；：！？), taken with the mark(s) before it as in the samples
(``。”近日…``), cut at its first character that is not a two-byte GBK character (a
decoder falls back in step at ASCII), and kept when at least 4 characters long (a
shorter region leaves at most two pairs of bytes).  The kinds:

- ``gbk-out-of-step``: the region's GBK bytes read one byte out of step, every pair that
  GBK cannot decode dropped, ``?`` for the orphan bytes at both edges (sample 001); on
  half of the cases, drawn at random, the page then turned ，；：！？（） into ASCII in the
  whole paragraph (sample 001's page did);
- ``utf8-as-gbk``: the region's UTF-8 bytes decoded as GBK, U+FFFD where that fails;
- ``gbk-as-latin1``: the region's GBK bytes decoded as Latin-1.

The detector (``find_garbled``) sees each damaged paragraph with the article's other
paragraphs as context, as the transform does.  Printed per corpus and kind: recall (a
flag overlaps the damaged region), exact edges (the flag is the region), the share of the
region's characters that the suggestions give back (``recovered``: characters of the
suggestion that match the clean region in order, over the region's length; a missed
region recovers nothing), and how sure the suggestions were against how right they were.
False flags: flags on the clean paragraphs (as they are, and with ASCII marks), per
1,000 paragraphs, and flags in damaged paragraphs outside the damage.  Also the
lexicon's load time and memory, and the detector's time per clean paragraph.

Targets (issue 13), on each corpus: recall ≥ 0.95, 0 false flags on clean paragraphs,
``gbk-out-of-step`` suggestions recover ≥ 80 % of the lost characters.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "articles"
COPIED = ROOT.parent / "shared" / "fixtures" / "copied"
CLEAN_SAMPLES = ("000", "003", "004")

HAN = re.compile("[\u4e00-\u9fff]")
CLAUSE = re.compile(r"[^，。、；：！？,;:!?]+")
MARKS_BEFORE = "，。、；：！？”’）》"
TO_ASCII = str.maketrans("，；：！？（）", ",;:!?()")
KINDS = ("gbk-out-of-step", "utf8-as-gbk", "gbk-as-latin1")
MIN_REGION = 4


def rss_mb() -> float:
    """Current resident memory of this process (Linux), in MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return float("nan")
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


# ---------------------------------------------------------------- corpora


def sample_articles() -> list[list[str]]:
    from cppcc_publish import read_article

    return [
        [p.text for p in read_article(path).paragraphs]
        for path in sorted(SAMPLES.glob("*.txt"))
        if path.name[:3] in CLEAN_SAMPLES
    ]


def copied_articles() -> list[list[str]] | None:
    if not COPIED.is_dir():
        return None
    out = []
    for exp_path in sorted(COPIED.glob("*.expected.yaml")):
        exp = yaml.safe_load(exp_path.read_text("utf-8"))
        if exp.get("not_article"):
            continue
        lines = exp_path.with_name(exp_path.name.replace(".expected.yaml", ".txt")).read_text("utf-8")
        lines_list = lines.splitlines()
        first, last = exp.get("first_paragraph_starts"), exp.get("last_paragraph_ends")
        if not first or not last:
            continue
        i = next((k for k, ln in enumerate(lines_list) if first in ln), None)
        if i is None:
            continue
        j = next((k for k in range(i, len(lines_list)) if last in lines_list[k]), None)
        if j is None:
            continue
        paras = [ln.strip(" \t\u3000\u00a0") for ln in lines_list[i : j + 1]]
        paras = [p for p in paras if len(HAN.findall(p)) >= 10]
        if paras:
            out.append(paras)
    return out


# ---------------------------------------------------------------- damage


def two_byte(ch: str) -> bool:
    try:
        return len(ch.encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


def regions(text: str) -> list[tuple[int, int]]:
    """Every clause with the mark(s) before it, cut at its first character that is not a
    two-byte GBK character; those of at least MIN_REGION characters."""
    out = []
    for m in CLAUSE.finditer(text):
        start, end = m.start(), m.end()
        while start > 0 and text[start - 1] in MARKS_BEFORE and m.start() - start < 2:
            start -= 1
        cut = start
        while cut < end and two_byte(text[cut]):
            cut += 1
        if cut - start >= MIN_REGION:
            out.append((start, cut))
    return out


def out_of_step(region: str) -> str:
    data = region.encode("gbk")
    mid = data[1:-1]
    out = ["?"]
    for i in range(0, len(mid) - 1, 2):
        try:
            out.append(mid[i : i + 2].decode("gbk"))
        except UnicodeDecodeError:
            pass  # the page drops a pair it cannot decode
    out.append("?")
    return "".join(out)


def utf8_as_gbk(region: str) -> str:
    return region.encode("utf-8").decode("gbk", errors="replace")


def gbk_as_latin1(region: str) -> str:
    return region.encode("gbk").decode("latin-1")


DAMAGE: dict[str, Callable[[str], str]] = {
    "gbk-out-of-step": out_of_step,
    "utf8-as-gbk": utf8_as_gbk,
    "gbk-as-latin1": gbk_as_latin1,
}


@dataclass
class Case:
    kind: str
    text: str
    start: int
    end: int
    original: str
    article: int
    para: int
    ascii_page: bool


def damage(articles: list[list[str]], rng: random.Random) -> list[Case]:
    cases = []
    for a, paras in enumerate(articles):
        for p, text in enumerate(paras):
            spots = regions(text)
            for kind in KINDS:
                if not spots:
                    continue
                start, end = rng.choice(spots)
                ascii_page = kind == "gbk-out-of-step" and rng.random() < 0.5
                original = text[start:end]
                garbled = DAMAGE[kind](original)
                head, tail = text[:start], text[end:]
                if ascii_page:
                    head, tail = head.translate(TO_ASCII), tail.translate(TO_ASCII)
                    garbled = garbled.translate(TO_ASCII)
                damaged = head + garbled + tail
                cases.append(Case(kind, damaged, len(head), len(head) + len(garbled), original, a, p, ascii_page))
    return cases


# ---------------------------------------------------------------- measure


FOLD = str.maketrans(",;:!?()", "，；：！？（）")


def matched(original: str, suggestion: str) -> int:
    """Characters of the suggestion that match the clean region in order: the longest
    common subsequence (□ matches nothing; ASCII marks count as their full-width forms)."""
    a, b = original.translate(FOLD), suggestion.translate(FOLD)
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


@dataclass
class Tally:
    n: int = 0
    found: int = 0
    exact: int = 0
    lost: int = 0
    recovered: int = 0
    stray: int = 0
    high: list[tuple[float, float, bool]] = field(default_factory=list)
    low: list[tuple[float, float, bool]] = field(default_factory=list)
    seconds: float = 0.0


def run(name: str, articles: list[list[str]], seed: int, limit: int | None, verbose: bool) -> bool:
    from cppcc_publish.transforms.garbled import HIGH_CONFIDENCE, article_context, find_garbled

    rng = random.Random(seed)
    cases = damage(articles, rng)
    if limit:
        cases = cases[:limit]
    clean = [(a, p) for a, paras in enumerate(articles) for p in range(len(paras))]
    # False flags on clean paragraphs, as they are and as a page with ASCII marks has them.
    false_flags = 0
    clean_time = 0.0
    contexts = [article_context(paras) for paras in articles]
    find_garbled("热烈祝贺?鞫魑?", "zh-Hans")  # build the tables first (not timed)
    for a, p in clean:
        paras = articles[a]
        for text in (paras[p], paras[p].translate(TO_ASCII)):
            t0 = time.perf_counter()
            spans = find_garbled(text, "zh-Hans", lambda ctx=contexts[a]: ctx)
            clean_time += time.perf_counter() - t0
            false_flags += len(spans)
            if spans and verbose:
                for s in spans:
                    print(f"  FALSE FLAG {name} a{a} p{p}: {text[s.start:s.end]!r} -> {s.suggestion!r}")
    clean_time /= 2 * len(clean)
    tallies = {k: Tally() for k in KINDS}
    for case in cases:
        t = tallies[case.kind]
        others = [x for k, x in enumerate(articles[case.article]) if k != case.para]
        ctx = article_context(others + [case.text])
        t0 = time.perf_counter()
        spans = find_garbled(case.text, "zh-Hans", lambda ctx=ctx: ctx)
        t.seconds += time.perf_counter() - t0
        t.n += 1
        t.lost += len(case.original)
        hits = [s for s in spans if s.start < case.end and case.start < s.end]
        t.stray += len(spans) - len(hits)
        if verbose and len(spans) > len(hits):
            for s in spans:
                if s not in hits:
                    print(f"  STRAY {case.kind}: {case.text[s.start:s.end]!r} -> {s.suggestion!r}")
        if not hits:
            if verbose:
                print(f"  MISSED {case.kind}: {case.text[case.start:case.end]!r} ({case.original})")
            continue
        t.found += 1
        best = max(hits, key=lambda s: min(s.end, case.end) - max(s.start, case.start))
        t.exact += best.start == case.start and best.end == case.end
        got = matched(case.original, best.suggestion)
        t.recovered += got
        shown = len(best.suggestion)
        right = got / shown if shown else 0.0
        (t.high if best.confidence >= HIGH_CONFIDENCE else t.low).append(
            (best.confidence, right, best.suggestion == case.original)
        )
        if verbose and got < len(case.original):
            print(f"  {case.kind} {best.confidence:.2f} {case.original} -> {best.suggestion}")
    ok = True
    print(f"\n{name}: {len(clean)} clean paragraphs in {len(articles)} articles, {len(cases)} damaged (seed {seed})")
    per_1000 = false_flags / (2 * len(clean)) * 1000
    print(f"  false flags on clean paragraphs: {false_flags} in {2 * len(clean)} "
          f"({per_1000:.1f} per 1,000; target 0); detector {clean_time * 1e6:.0f} µs per clean paragraph")
    ok &= false_flags == 0
    for kind, t in tallies.items():
        if not t.n:
            continue
        recall = t.found / t.n
        rec = t.recovered / t.lost if t.lost else 0.0

        def band(rows: list[tuple[float, float, bool]]) -> str:
            if not rows:
                return "none"
            return (f"{len(rows)} (said {sum(c for c, _, _ in rows) / len(rows):.2f}, "
                    f"right {sum(r for _, r, _ in rows) / len(rows):.2f}, "
                    f"wholly right {sum(w for _, _, w in rows) / len(rows):.2f})")

        print(f"  {kind:16} recall {recall:.3f} ({t.found}/{t.n}), exact edges {t.exact / t.n:.3f}, "
              f"recovered {rec:.1%}, stray flags {t.stray}, {t.seconds / t.n * 1e3:.0f} ms per case")
        print(f"  {'':16} suggestions 建议改为 {band(t.high)}; 可能为 {band(t.low)}")
        ok &= recall >= 0.95 and t.stray == 0
        if kind == "gbk-out-of-step":
            ok &= rec >= 0.80
    print(f"  targets {'met' if ok else 'NOT met'}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=None, help="damaged cases per corpus")
    ap.add_argument("--only", choices=("samples", "copied"), default=None)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    from cppcc_publish.lexicon import lexicon

    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    lex = lexicon()
    load = time.perf_counter() - t0
    gc.collect()
    size = sys.getsizeof(lex.pairs) + sum(map(sys.getsizeof, lex.pairs))
    size += sys.getsizeof(lex.chars) + sum(map(sys.getsizeof, lex.chars))
    print(f"lexicon: {len(lex.pairs):,} pairs, {len(lex.chars):,} characters; loaded in {load:.2f} s; "
          f"{size / 1e6:.1f} MB of tables (resident memory {rss_mb() - before:+.1f} MB)")

    ok = True
    if args.only in (None, "samples"):
        ok &= run("samples", sample_articles(), args.seed, args.limit, args.verbose)
    if args.only in (None, "copied"):
        copied = copied_articles()
        if copied is None:
            print(f"\ncopied: {COPIED} is absent, skipped")
        else:
            ok &= run("copied", copied, args.seed, args.limit, args.verbose)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
