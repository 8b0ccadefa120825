"""The dump is lossless and has the documented shape."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES

from cppcc_publish import dumps, loads, to_dict
from cppcc_publish.dump import DumpError


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_round_trip(path, fmt, parsed):
    article = parsed[path.stem]
    text = dumps(article, fmt)
    assert loads(text, fmt) == article
    assert dumps(loads(text, fmt), fmt) == text


def test_documented_shape(parsed):
    data = json.loads(dumps(parsed["001_dc89c91f80ed4344"]))
    assert list(data) == [
        "title", "subtitle", "column", "authors", "author_note", "date", "source", "script",
        "body", "diagnostics",
    ]
    flagged = [b for b in data["body"] if "flags" in b]
    assert len(flagged) == 3
    for block in flagged:
        assert block["type"] == "paragraph"
        for f in block["flags"]:
            assert set(f) == {"span", "start", "end", "suggestion", "confidence"}
            assert 0 <= f["confidence"] <= 1
            assert block["text"][f["start"] : f["end"]] == f["span"]
    warn = [d for d in data["diagnostics"] if d["level"] == "warning"]
    assert warn and all({"code", "message", "line", "paragraph"} <= set(d) for d in warn)
    d3 = json.loads(dumps(parsed["003_24aec521f5a4d861"]))
    assert d3["date"] == "2023-01-03"
    headings = [b for b in d3["body"] if b["type"] == "heading"]
    assert headings[0] == {"type": "heading", "text": "强化政治引领，夯实团结奋斗之基", "level": 1, "run_in": False}


def test_dates_stay_strings_in_yaml(parsed):
    text = dumps(parsed["004_0df093a3eec8a1f0"], "yaml")
    assert "date: '2021-05-26'" in text


def test_bad_dump_is_a_clear_error():
    with pytest.raises(DumpError, match="unknown type"):
        loads('{"body": [{"type": "table", "text": "x"}]}')
    with pytest.raises(DumpError, match="unknown role"):
        loads('{"authors": [{"name": "x", "role": "boss"}]}')


def test_yaml_is_read_safely():
    with pytest.raises(Exception):
        loads("!!python/object/apply:os.system ['true']", "yaml")


def test_to_dict_is_plain_data(parsed):
    json.dumps(to_dict(parsed["002_885e295ff91a4d15"]))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_golden_model_dump(path, parsed):
    """The whole model of each sample, as `parse --format yaml` prints it."""
    from pathlib import Path

    from golden import check_golden

    golden = Path(__file__).parent / "golden" / "model" / f"{path.stem}.yaml"
    check_golden(golden, dumps(parsed[path.stem], "yaml"))
