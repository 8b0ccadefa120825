"""Compare a parsed article with an ``.expected.yaml`` by the rules of the samples' README.

Returns a list of human-readable mismatches; an empty list means the article matches.
"""

from __future__ import annotations

import re
from typing import Any

from cppcc_publish.model import Article, Caption, Heading, Paragraph

_ASCII_NEAR_HAN = re.compile(r"[\u4e00-\u9fff][,:;?!()]|[,:;?!()][\u4e00-\u9fff]")
_EDGE_WS = re.compile(r"^[\s\u00a0\u3000\u200b\ufeff]|[\s\u00a0\u3000\u200b\ufeff]$")


def body_text(article: Article) -> str:
    return "\n".join(b.text for b in article.body if isinstance(b, (Heading, Paragraph)))


def everything(article: Article) -> str:
    parts = [
        article.title or "",
        article.subtitle or "",
        article.column or "",
        article.author_note or "",
        article.source.name if article.source else "",
        (article.source.issue or "") if article.source else "",
        *(c.name for c in article.authors),
        *(b.text for b in article.body),
    ]
    return "\n".join(parts)


def compare(article: Article, exp: dict[str, Any]) -> list[str]:
    errors: list[str] = []

    def check(cond: bool, msg: str) -> None:
        if not cond:
            errors.append(msg)

    for key in ("title", "subtitle", "column", "author_note", "script"):
        check(getattr(article, key) == exp[key], f"{key}: {getattr(article, key)!r} != {exp[key]!r}")
    got_date = article.date.isoformat() if article.date else None
    check(got_date == exp["date"], f"date: {got_date!r} != {exp['date']!r}")
    got_src = {"name": article.source.name, "issue": article.source.issue} if article.source else None
    check(got_src == exp["source"], f"source: {got_src!r} != {exp['source']!r}")
    got_authors = {(c.name, c.role) for c in article.authors}
    want_authors = {(a["name"], a["role"]) for a in exp["authors"]}
    check(got_authors == want_authors, f"authors: {sorted(got_authors)} != {sorted(want_authors)}")
    got_headings = [{"text": h.text, "run_in": h.run_in} for h in article.headings]
    want_headings = [{"text": h["text"], "run_in": h["run_in"]} for h in exp["headings"]]
    check(got_headings == want_headings, f"headings: {got_headings} != {want_headings}")
    for h in article.headings:
        check(h.level == 1, f"heading level {h.level} for {h.text!r}")
    paras = article.paragraphs
    check(len(paras) == exp["paragraph_count"], f"paragraph_count: {len(paras)} != {exp['paragraph_count']}")
    if paras:
        check(
            paras[0].text.startswith(exp["first_paragraph_starts"]),
            f"first paragraph starts {paras[0].text[:30]!r}",
        )
        check(
            paras[-1].text.endswith(exp["last_paragraph_ends"]),
            f"last paragraph ends {paras[-1].text[-30:]!r}",
        )
    got_caps = [c.text for c in article.captions]
    check(got_caps == exp["captions"], f"captions: {got_caps} != {exp['captions']}")

    # Garbled spans: every expected one flagged in its paragraph, no other flag.
    flags = [(i, f) for i, p in enumerate(paras, start=1) for f in p.flags]
    other = [f for b in article.body if not isinstance(b, Paragraph) for f in b.flags]
    check(not other, f"flags outside paragraphs: {other}")
    used: set[int] = set()
    for m in exp["mojibake"] or []:
        hit = None
        for k, (i, f) in enumerate(flags):
            if k in used or i != m["paragraph"] or m["span_contains"] not in f.span:
                continue
            if "suggestion_contains" in m and m["suggestion_contains"] not in (f.suggestion or ""):
                continue
            hit = k
            break
        if hit is None:
            errors.append(f"mojibake not flagged: {m}")
        else:
            used.add(hit)
    for k, (i, f) in enumerate(flags):
        check(k in used, f"stray flag in paragraph {i}: {f.span!r}")
    for i, f in flags:
        check(paras[i - 1].text[f.start : f.end] == f.span, f"flag offsets wrong: {f}")

    body = body_text(article)
    for s in exp.get("must_contain") or []:
        check(s in body, f"body lacks {s!r}")
    all_text = everything(article)
    for s in exp.get("must_not_contain") or []:
        check(s not in all_text, f"model contains chrome {s!r}")
    for s in exp.get("body_must_not_contain") or []:
        check(s not in body, f"body contains {s!r}")
    return errors


def general_rules(article: Article) -> list[str]:
    """The rules that hold for every article (punctuation, edges), outside flagged spans."""
    errors: list[str] = []
    texts: list[tuple[str, str]] = [("title", article.title or ""), ("subtitle", article.subtitle or "")]
    for i, b in enumerate(article.body):
        text = b.text
        for f in sorted(b.flags, key=lambda f: -f.start):
            text = text[: f.start] + "\u4e00" * 0 + "\x00" + text[f.end :]
        texts.append((f"block {i}", text))
    for where, text in texts:
        for seg in text.split("\x00"):
            m = _ASCII_NEAR_HAN.search(seg)
            if m:
                errors.append(f"{where}: ASCII mark next to Han: {seg[max(0, m.start() - 8) : m.end() + 8]!r}")
            if "......" in seg or "--" in seg:
                errors.append(f"{where}: ASCII ellipsis or dash: {seg[:30]!r}")
            if re.search("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", seg):
                errors.append(f"{where}: full-width alphanumerics remain")
    for i, b in enumerate(article.body):
        if not b.text or _EDGE_WS.search(b.text):
            errors.append(f"block {i}: white space at an edge or empty: {b.text[:20]!r}")
        if isinstance(b, Caption) and b.text[:1] in "Δ▲A":
            errors.append(f"caption keeps its marker: {b.text[:10]!r}")
    return errors
