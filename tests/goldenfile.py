"""Golden-file comparison: a mismatch writes ``*.actual`` beside the golden file and says
how to accept it; nothing is overwritten unless ``CPPCC_ACCEPT=1`` is set."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

ACCEPT = os.environ.get("CPPCC_ACCEPT") == "1"


def check_golden(golden: Path, actual: str) -> None:
    side = golden.with_name(golden.name + ".actual")
    if ACCEPT:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, "utf-8")
        side.unlink(missing_ok=True)
        return
    if not golden.exists():
        side.write_text(actual, "utf-8")
        raise AssertionError(
            f"no golden file {golden}; the output was written to {side}. Check it, then "
            f"accept with: mv {side} {golden}  (or rerun with CPPCC_ACCEPT=1)"
        )
    expected = golden.read_text("utf-8")
    if expected == actual:
        side.unlink(missing_ok=True)
        return
    side.write_text(actual, "utf-8")
    diff = "".join(
        list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                  str(golden), str(side), n=2))[:60]
    )
    raise AssertionError(
        f"{golden} differs from the output (written to {side}).\n{diff}\n"
        f"If the change is intended, accept it with: mv {side} {golden}  "
        "(or rerun with CPPCC_ACCEPT=1)"
    )
