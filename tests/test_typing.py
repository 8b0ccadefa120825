"""The package is typed (py.typed) and passes mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_py_typed_ships():
    from importlib import resources

    assert resources.files("cppcc_publish").joinpath("py.typed").is_file()


def test_mypy_strict():
    pytest.importorskip("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "src/cppcc_publish"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stdout[-3000:]
