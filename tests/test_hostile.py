"""Hostile input: what an editor's folder really holds.  Each case asserts the exact
behaviour: a clear refusal naming the file, or a model that keeps every character."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from cppcc_publish import parse_text
from cppcc_publish.cli import main

BOUND_SECONDS = 60
BOUND_MB = 1024


def _measure(code: str) -> dict:
    """Run ``code`` (which sets ``text``) and parse it in a fresh process; return the
    figures it prints: seconds, peak RSS in MB, block count, characters kept."""
    script = textwrap.dedent(
        """
        import json, resource, time
        from cppcc_publish import parse_text
        {code}
        t = time.perf_counter()
        a = parse_text(text)
        print(json.dumps({{
            "seconds": time.perf_counter() - t,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "blocks": len(a.body),
            "chars": sum(len(b.text) for b in a.body) + len(a.title or ""),
        }}))
        """
    ).format(code=code)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("name", "code", "chars"),
    [
        ("20 MB paragraph without punctuation", 'text = "标题\\n" + "政协委员认真履职" * 2_500_000', 20_000_002),
        ("100,000 one-character lines", 'text = "标题\\n" + "政\\n" * 100_000', 100_002),
        ("100,000 lines of one broken paragraph", 'text = "标题\\n" + ("委员" * 30 + "\\n") * 100_000 + "完。"', 6_000_004),
        ("a title line of 10,000 characters", 'text = "政" * 10_000 + "\\n正文。"', 10_003),
    ],
    ids=["20MB-paragraph", "100k-short-lines", "100k-broken-lines", "10k-title"],
)
def test_extremely_long_input_in_bounded_time_and_memory(name, code, chars):
    figures = _measure(code)
    assert figures["seconds"] < BOUND_SECONDS, name
    assert figures["rss_mb"] < BOUND_MB, name
    assert figures["chars"] == chars, "no character may be lost"


def test_white_space_only_file(tmp_path, capsys):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\u3000\n\t\n", "utf-8")
    assert main(["parse", str(path)]) == 1
    assert f"{path}: the file holds only white space" in capsys.readouterr().err


def test_lone_surrogates_from_surrogateescape():
    text = b"\xe6\xa0\x87\xe9\xa2\x98\n\xe6\xad\xa3\xe6\x96\x87\xff\xfe\xe3\x80\x82\n".decode(
        "utf-8", "surrogateescape"
    )
    a = parse_text(text)
    assert a.paragraphs[0].text == "正文。"
    assert any(d.code == "control-characters" and "U+DCFF" in d.message for d in a.diagnostics)


def test_nul_byte_in_a_text_file(tmp_path):
    from cppcc_publish import read_article

    path = tmp_path / "nul.txt"
    path.write_bytes("标题\n正文\x00内容。\n".encode())
    a = read_article(path)
    assert a.paragraphs[0].text == "正文内容。"
    assert [d.code for d in a.diagnostics if d.level == "warning"] == ["control-characters"]


@pytest.mark.parametrize(
    "markup",
    ["]]>", "<script>alert(1)</script>", "&amp; &lt; &#x41;", '<font name="x">字</font>', "<para/>"],
)
def test_markup_is_text(markup):
    a = parse_text(f"标题\n前{markup}。\n")
    assert markup in a.paragraphs[0].text
