"""The CLI: output, exit statuses, one-line errors naming the file."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SAMPLES

from cppcc_publish.cli import main


def test_parse_prints_json(capsys):
    assert main(["parse", str(SAMPLES[3])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "凝聚智慧力量 共谱时代华章"


def test_parse_yaml(capsys):
    assert main(["parse", str(SAMPLES[4]), "--format", "yaml"]) == 0
    assert "title: 互学互促共提升" in capsys.readouterr().out


def test_strict_fails_on_warnings(capsys):
    assert main(["parse", str(SAMPLES[1]), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "warning[garbled-text]" in err
    assert "--strict" in err
    assert main(["parse", str(SAMPLES[0]), "--strict"]) == 0


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "binary"])
def test_user_errors_are_one_line(tmp_path, capsys, kind):
    path = tmp_path / "x.txt"
    if kind == "directory":
        path = tmp_path
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(b"%PDF-1.4 binary")
    assert main(["parse", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err


def test_unknown_transform(capsys):
    assert main(["parse", str(SAMPLES[0]), "--disable", "nope"]) == 1
    assert "valid names" in capsys.readouterr().err


def test_console_script_and_module_entry_point():
    out = subprocess.run(
        [sys.executable, "-m", "cppcc_publish", "parse", str(SAMPLES[0])],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(out.stdout)["source"] == {"name": "广西政协工作", "issue": "2025年第3期"}
