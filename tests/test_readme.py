"""The README's Python examples run as written, and its commands are the real ones."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_python_examples_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks, "the README shows no Python example"
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        for code in blocks:
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(old)
    out = capsys.readouterr().out
    assert "zh-Hant" in out
    assert "学深悟透两会精神，守正创新当好宣讲员" in out


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(.*?)```", README, re.S)
    test_cmd = next(c.strip() for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert test_cmd in ci


def test_main_command_builds_the_example_book(tmp_path):
    """The README's first command, minus the install: it builds PDF, DOCX and EPUB."""
    commands = re.findall(r"```sh\n(.*?)```", README, re.S)
    main_cmd = next(c.strip() for c in commands if "cppcc-publish build" in c)
    job = main_cmd.split("&&", 1)[1].split()
    assert job[:2] == ["cppcc-publish", "build"]
    from cppcc_publish.cli import main

    args = job[1:]
    args[args.index("-o") + 1] = str(tmp_path / "build")
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main([*args, "--no-cache"]) == 0
    finally:
        os.chdir(old)
    names = sorted(p.name for p in (tmp_path / "build").iterdir())
    assert names == ["yearbook.docx", "yearbook.epub", "yearbook.pdf", "yearbook.report.json"]
