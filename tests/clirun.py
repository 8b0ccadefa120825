"""Helpers for tests that run the real ``cppcc-publish`` command in a subprocess and
check what it left on disk (issue 10: never lose a file, never hang, never a traceback)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
EXAMPLE_ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))
MEMORY_CAP = 2 * 1024**3
"""Address-space cap of every command run here: a regression that reads /dev/zero must
fail in the test, not exhaust a shared machine."""


def env_for(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    env["CPPCC_PUBLISH_CACHE"] = str(cache)
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def _limit() -> None:  # runs in the child before exec
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    except (ImportError, ValueError, OSError):
        pass


def command(*args: str | os.PathLike[str]) -> list[str]:
    return [sys.executable, "-m", "cppcc_publish", *map(os.fspath, args)]


def cli(*args: str | os.PathLike[str], cache: Path, cwd: Path | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``cppcc-publish ARGS`` and wait (a hang fails the test after ``timeout`` s)."""
    return subprocess.run(
        command(*args), cwd=cwd, env=env_for(cache), capture_output=True, text=True,
        timeout=timeout, preexec_fn=_limit if os.name == "posix" else None,
    )


def start(*args: str | os.PathLike[str], cache: Path, cwd: Path | None = None,
          new_group: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(*args), cwd=cwd, env=env_for(cache), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=new_group,
        preexec_fn=_limit if os.name == "posix" else None,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str, status: int = 1) -> str:
    """The command failed with ``status``, printing exactly one line (no traceback)
    that holds every needle."""
    err = proc.stderr
    assert proc.returncode == status, (proc.returncode, err[-3000:])
    assert "Traceback" not in err, err[-3000:]
    assert err.count("\n") == 1 and err.endswith("\n"), err[-3000:]
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every regular file under ``folder`` (symlinks not followed) -> its hash."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(folder))] = digest(p)
    return out


def temporaries(*folders: Path) -> list[str]:
    """Temporary files of a writer left in ``folders`` (and their sub-folders): ours
    (``.cppcc-part-…``) and the older ``.name.XXXX.part`` naming."""
    found = []
    for folder in folders:
        if not folder.exists():
            continue
        for p in folder.rglob("*"):
            n = p.name
            if n.startswith(".cppcc-part-") or (n.startswith(".") and n.endswith((".part", ".tmp"))) or (
                n.startswith("tmp") and n.endswith(".part")
            ):
                found.append(str(p))
    return sorted(found)


def book(folder: Path, n: int = 3) -> list[Path]:
    """``folder/articles`` with ``n`` of the example articles; returns their paths."""
    arts = folder / "articles"
    arts.mkdir(parents=True, exist_ok=True)
    out = []
    for src in EXAMPLE_ARTICLES[:n]:
        dst = arts / src.name
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def manifest(path: Path, articles: list, outputs: list, **book: object) -> Path:
    """Write a manifest: one part holding ``articles`` (paths relative to the manifest,
    or dicts with overrides), the ``outputs`` given."""
    data: dict[str, object] = {
        "book": {"title": "测试文集", **book},
        "parts": [{"title": "一", "articles": articles}],
        "outputs": outputs,
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


# --------------------------------------------------------------------------- processes


def children(pid: int) -> set[int]:
    """The child processes of ``pid`` (Linux /proc)."""
    out: set[int] = set()
    task = Path(f"/proc/{pid}/task")
    try:
        for t in task.iterdir():
            try:
                out |= {int(x) for x in (t / "children").read_text().split()}
            except OSError:
                continue
    except OSError:
        pass
    return out


def running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_for(predicate, timeout: float, step: float = 0.02) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def big_articles(folder: Path, n: int, mb: float) -> list[Path]:
    """``n`` distinct articles of about ``mb`` MB each (slow enough to parse that a
    build can be interrupted while its workers run)."""
    text = EXAMPLE_ARTICLES[3].read_text("utf-8")
    lines = text.splitlines()
    body = "\n".join(lines[3:]) + "\n"
    reps = max(1, int(mb * 1e6 / len(body.encode())))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"big{i:02d}.txt"
        p.write_text(f"第{i}篇 " + text + body * reps, "utf-8")
        out.append(p)
    return out
