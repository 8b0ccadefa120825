"""Fuzzing ``build`` (issue 10): random manifests (paths, outputs, options, fixes) and
random process kills, and after every run the four promises:

- no input file changed (hashes of every article, the manifest and the cover);
- every output is either the old file or a new complete one (a zip that tests clean, a
  PDF that pypdf reads to its last page);
- no temporary file is left (after a ``kill -9``, once the next build has run in the
  folder: nothing can clean up after SIGKILL but a later build);
- no parse worker outlives the build.

The default run draws a few examples (a few seconds); ``--hypothesis-profile=long``
draws ``LONG_FACTOR`` times as many.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from clirun import EXAMPLE_ARTICLES, children, manifest, running, snapshot, start, temporaries
from conftest import fuzz_examples
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cppcc_publish import CppccError, build, parse_text

SUFFIX = {"epub": ".epub", "docx": ".docx", "pdf": ".pdf"}
NAMES = ["a.txt", "文章[1].txt", "with space.txt", "第2篇.txt", "x*y.txt"]
if sys.platform.startswith("linux"):
    NAMES.append(os.fsdecode(b"\xce\xc4\xd5\xc2.txt"))  # GBK bytes: 文章


def _short(path: Path, lines: int = 9) -> str:
    """The first lines of an example article: a title and a few paragraphs, so that a
    PDF of several is made in well under a second."""
    text = path.read_text("utf-8").splitlines()
    return "\n".join(text[:lines]) + "\n"


TEXTS = [_short(p) for p in EXAMPLE_ARTICLES]
PARAGRAPHS = [[b.text for b in parse_text(t).body if len(b.text) > 8] for t in TEXTS]


@dataclass
class Case:
    folder: Path
    articles: list[Path]
    outputs: list[tuple[str, str]]  # (format, path relative to the folder)
    old: dict[str, bytes] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)


@st.composite
def cases(draw: st.DrawFn, root: Path) -> tuple[Case, Path, str, float, int]:
    folder = Path(tempfile.mkdtemp(dir=root))
    (folder / "out").mkdir()
    # Half the manifests are sound, so that builds run to the end and are killed while
    # writing; the other half draw every hostile choice.
    hostile = draw(st.booleans())

    def pick(good: list, bad: list):  # noqa: ANN202
        return draw(st.sampled_from(good + bad if hostile else good))

    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    many = draw(st.booleans()) and sys.platform.startswith("linux")
    articles = []
    entries: list[object] = []
    for k, name in enumerate(names):
        which = draw(st.integers(0, len(TEXTS) - 1))
        path = folder / name
        path.write_text(TEXTS[which], "utf-8")
        articles.append(path)
        entry: dict[str, object] = {"path": name}
        choice = pick(["plain", "plain", "fix", "exclude"], ["no-op fix", "stale fix", "twice"])
        if choice == "fix" and PARAGRAPHS[which]:
            para = draw(st.sampled_from(PARAGRAPHS[which]))
            i = draw(st.integers(0, len(para) - 4))
            find = para[i:i + draw(st.integers(2, 4))]
            entry["fixes"] = [{"find": find, "replace": draw(st.sampled_from(["", "某某", "政协"]))}]
        elif choice == "no-op fix":
            entry["fixes"] = [{"find": "?", "replace": "?"}]
        elif choice == "stale fix":
            entry["fixes"] = [{"find": "不存在的文字", "replace": "有"}]
        elif choice == "exclude":
            entry["exclude"] = True
        entries.append(entry)
        if choice == "twice":
            entries.append(name)
    if many:  # enough articles for a parse pool, whose workers must die with the build
        (folder / "many").mkdir()
        for i in range(10):
            p = folder / "many" / f"m{i}.txt"
            p.write_text(f"第{i}篇\n" + TEXTS[i % len(TEXTS)], "utf-8")
            articles.append(p)
        entries.append("many/*.txt")
    cover = None
    if draw(st.booleans()):
        from PIL import Image

        buf = io.BytesIO()
        Image.new("RGB", (40, 60), (200, 20, 20)).save(buf, "PNG")
        data = buf.getvalue()
        if hostile and draw(st.booleans()):
            data = data[:-30]  # truncated: refused
        cover = folder / "cover.png"
        cover.write_bytes(data)

    outputs: list[dict[str, object]] = []
    declared: list[tuple[str, str]] = []
    # PDF is drawn less often: its fonts cost a second or two in each new process.
    formats = draw(st.lists(st.sampled_from(["epub", "docx", "epub", "docx", "pdf"]), min_size=1, max_size=3,
                            unique=not hostile))
    for fmt in formats:
        kind = pick(["plain", "plain", "sub", "link"], ["input", "manifest", "dir", "same"])
        rel = {"plain": f"book{SUFFIX[fmt]}", "sub": f"out/book{SUFFIX[fmt]}"}.get(kind, f"book{SUFFIX[fmt]}")
        if kind == "input":
            rel = os.path.relpath(draw(st.sampled_from(articles)), folder)
        elif kind == "manifest":
            rel = "book.yaml"
        elif kind == "dir":
            rel = f"dir{SUFFIX[fmt]}"
            (folder / rel).mkdir(exist_ok=True)
        elif kind == "link":
            rel = f"link{SUFFIX[fmt]}"
            if not (folder / rel).exists():
                (folder / "out" / f"target{SUFFIX[fmt]}").write_bytes(b"old target")
                os.symlink(folder / "out" / f"target{SUFFIX[fmt]}", folder / rel)
        elif kind == "same" and declared:
            rel = declared[0][1]
        options: dict[str, object] = {}
        opt = pick(["none", "timestamp", "preset"], ["bad timestamp", "year 2200", "unknown"])
        if opt == "timestamp":
            options["timestamp"] = "2025-03-01T08:00:00Z"
        elif opt == "bad timestamp":
            options["timestamp"] = "yesterday"
        elif opt == "year 2200":
            options["timestamp"] = "2200-01-01"
        elif opt == "unknown":
            options["papersize"] = "A4"
        elif opt == "preset" and fmt != "epub":
            options["preset"] = pick(["gbt9704", "a5"] if fmt == "pdf" else ["gbt9704"], ["nonsense"])
        if fmt == "docx":
            # (LibreOffice's layout step, seconds a book, has tests of its own: tests/writers/docx)
            options["libreoffice"] = False
        outputs.append({"format": fmt, "path": rel, **({"options": options} if options else {})})
        declared.append((fmt, rel))
    extra = {"cover": "cover.png"} if cover else {}
    m = manifest(folder / "book.yaml", entries, outputs, **extra)
    case = Case(folder=folder, articles=articles, outputs=declared)
    for fmt, rel in declared:  # some outputs exist already: they must survive a failure
        p = folder / rel
        if not p.exists() and draw(st.booleans()):
            p.write_bytes(b"an earlier good " + fmt.encode())
    for fmt, rel in declared:
        p = folder / rel
        if p.is_file():
            case.old[rel] = p.read_bytes()
    case.inputs = {str(p): snapshot_one(p) for p in [*articles, m, *([cover] if cover else [])]}
    how = draw(st.sampled_from(["in-process", "subprocess", "kill"]))
    sig = draw(st.sampled_from([signal.SIGKILL, signal.SIGKILL, signal.SIGINT, signal.SIGTERM]))
    delay = draw(st.floats(0.0, 2.5))
    return case, m, how, delay, sig


def snapshot_one(p: Path) -> str:
    import hashlib

    return hashlib.sha256(p.read_bytes()).hexdigest()


def _complete(path: Path, fmt: str) -> bool:
    data = path.read_bytes()
    if fmt in ("epub", "docx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return z.testzip() is None
        except zipfile.BadZipFile:
            return False
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        return len(reader.pages) > 0 and data.rstrip().endswith(b"%%EOF")
    except Exception:
        return False


def _check(case: Case) -> None:
    for path, h in case.inputs.items():
        assert snapshot_one(Path(path)) == h, f"the input {path} changed"
    for fmt, rel in case.outputs:
        p = case.folder / rel
        if p.is_dir() or not p.exists():
            assert rel not in case.old or p.is_dir(), f"{rel} vanished"
            continue
        data = p.read_bytes()
        if rel in case.old and data == case.old[rel]:
            continue
        assert _complete(p, Path(rel).suffix.lstrip(".") or fmt), f"{rel} is neither the old file nor a complete new one"


@pytest.mark.skipif(os.name != "posix", reason="kills processes with POSIX signals")
@settings(max_examples=fuzz_examples(4), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_build_never_loses_a_file_hangs_or_leaves_debris(tmp_path, monkeypatch, data):
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    case, m, how, delay, sig = data.draw(cases(root))
    cache = root / "cache"  # the command's XDG_CACHE_HOME and CPPCC_PUBLISH_CACHE
    cache.mkdir()
    monkeypatch.setenv("CPPCC_PUBLISH_CACHE", str(cache))
    articles_cache = cache / "cppcc_publish" / "articles"
    killed = False
    if how == "in-process":
        try:
            build(m, cache_dir=articles_cache, jobs=2)
            event("in-process: built")
        except CppccError:
            event("in-process: refused")
    else:
        seen_workers: set[int] = set()
        proc = start("build", m, "--jobs", "2", cache=cache)
        try:
            end = time.monotonic() + (delay if how == "kill" else 180)
            while proc.poll() is None and time.monotonic() < end:
                seen_workers |= children(proc.pid)
                time.sleep(0.01)
            if proc.poll() is None:
                assert how == "kill", "the build did not finish in 180 s"
                proc.send_signal(sig)
                killed = sig == signal.SIGKILL
            _, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        rc = proc.returncode
        event(f"{how}: exit {rc}" + (": " + err.strip()[-60:] if rc == 1 else ""))
        if rc in (1, 130, 143):  # an error, Ctrl-C, SIGTERM: one line, no traceback
            assert "Traceback" not in err and err.count("\n") == 1, err[-3000:]
        else:  # done, or killed by a signal before the command could answer it
            assert rc == 0 or rc < 0, (rc, err[-3000:])
        assert _wait_gone(seen_workers), "a parse worker outlived the build"
    _check(case)
    if killed:
        # Nothing cleans up after SIGKILL but a later build into the same folders.
        pdf = any(fmt == "pdf" for fmt, _ in case.outputs)
        outs = [{"format": "epub", "path": "f.epub"}, {"format": "epub", "path": "out/f.epub"}]
        follow = manifest(case.folder / "follow.yaml", [os.path.relpath(case.articles[0], case.folder)],
                          outs + ([{"format": "pdf", "path": "f.pdf"}] if pdf else []))
        build(follow, cache_dir=articles_cache)
        _check(case)
    assert temporaries(case.folder, cache) == [], "a temporary file was left"
    shutil.rmtree(root, ignore_errors=True)


def _wait_gone(pids: set[int]) -> bool:
    end = time.monotonic() + 10
    while time.monotonic() < end:
        if not any(running(p) for p in pids):
            return True
        time.sleep(0.05)
    for p in pids:  # do not leave them to the next test
        if running(p):
            os.kill(p, signal.SIGKILL)
    return False


def test_the_fuzz_checks_can_fail(tmp_path):
    """The checks above catch what they are for: a half-written output, a changed input."""
    case = Case(folder=tmp_path, articles=[], outputs=[("epub", "b.epub")], old={"b.epub": b"old"})
    (tmp_path / "b.epub").write_bytes(b"PK\x03\x04 half a zip")
    with pytest.raises(AssertionError, match="neither the old file"):
        _check(case)
    (tmp_path / "b.epub").write_bytes(b"old")
    src = tmp_path / "a.txt"
    src.write_text("原文")
    case.inputs = {str(src): snapshot_one(src)}
    src.write_text("改了")
    with pytest.raises(AssertionError, match="changed"):
        _check(case)
    assert snapshot(tmp_path)
