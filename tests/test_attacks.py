"""Issue 10: the attacks that got through.  One test (or a few) per numbered case; each
failed before the change.  The CLI cases run the real ``cppcc-publish`` command in a
subprocess and check the disk afterwards: no input changed, no output half-written, no
temporary file left, exactly one line on stderr."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import stat
import sys
import time
import zipfile
from pathlib import Path

import pytest
from clirun import (
    EXAMPLE_ARTICLES,
    assert_one_line_error,
    big_articles,
    book,
    children,
    cli,
    digest,
    manifest,
    running,
    snapshot,
    start,
    temporaries,
    wait_for,
)

from cppcc_publish import CppccError, build, load_manifest, loads, read_article, write
from cppcc_publish.errors import StrictError
from cppcc_publish.manifest import ArticleEntry, Fix, ManifestError

EPUB = {"format": "epub", "path": "book.epub", "options": {"timestamp": "2025-01-01T00:00:00Z"}}
DOCX = {"format": "docx", "path": "book.docx", "options": {"timestamp": "2025-01-01T00:00:00Z"}}
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture()
def cache(tmp_path):
    c = tmp_path / "cache"
    c.mkdir()
    return c


@pytest.fixture()
def folder(tmp_path):
    """A book folder: articles/ with three example articles."""
    d = tmp_path / "book"
    d.mkdir()
    book(d)
    return d


def _png(path: Path, size=(60, 90)) -> Path:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (180, 30, 30)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


def _jpeg(path: Path) -> Path:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 180), (30, 30, 180)).save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue())
    return path


# --------------------------------------------------------------------------- 1. output = input


@pytest.mark.parametrize("which", ["article", "manifest", "cover", "symlink-to-article"])
def test_1_an_output_that_is_an_input_is_refused(folder, cache, which):
    arts = sorted((folder / "articles").glob("*.txt"))
    m = folder / "book.yaml"
    cover = _png(folder / "cover.png")
    target = {
        "article": "articles/" + arts[0].name,
        "manifest": "book.yaml",
        "cover": "cover.png",
        "symlink-to-article": "link.docx",
    }[which]
    if which == "symlink-to-article":
        os.symlink(arts[1], folder / "link.docx")
    manifest(m, ["articles/" + a.name for a in arts], [EPUB, {"format": "docx", "path": target}],
             cover="cover.png")
    before = snapshot(folder)
    proc = cli("build", m, "--no-cache", cache=cache)
    role = {"article": "an article", "manifest": "the manifest", "cover": "the cover image",
            "symlink-to-article": "an article"}[which]
    assert_one_line_error(proc, f"is {role} of this job", "book.yaml:")
    assert snapshot(folder) == before, "an input was changed"
    assert not (folder / "book.epub").exists(), "the check must run before anything is written"
    assert cover.exists()


def test_1_convert_onto_its_own_source_is_refused(folder, cache):
    src = sorted((folder / "articles").glob("*.txt"))[0]
    before = digest(src)
    proc = cli("convert", src, "-t", "docx", "-o", src, cache=cache)
    assert_one_line_error(proc, str(src), "is an article of this job")
    assert digest(src) == before
    assert temporaries(folder) == []


def test_1_api_write_onto_an_article_s_file_is_refused(folder):
    src = sorted((folder / "articles").glob("*.txt"))[0]
    before = digest(src)
    article = read_article(src)
    with pytest.raises(CppccError, match="is an article of this job"):
        write(article, "epub", src)
    assert digest(src) == before


def test_1_an_output_onto_a_file_an_option_names_is_refused(folder, tmp_path):
    """Any file read counts: a font given by its path, a style sheet."""
    from cppcc_publish.typography.fonts import bundled_path

    font = tmp_path / "my.ttf"
    shutil.copyfile(bundled_path("kai"), font)
    css = tmp_path / "my.css"
    css.write_text("p { text-indent: 2em; }")
    article = read_article(sorted((folder / "articles").glob("*.txt"))[0])
    before = digest(font), digest(css)
    with pytest.raises(CppccError, match="is the file of option 'font_kai'"):
        write(article, "pdf", font, {"font_kai": f"{font}"})
    with pytest.raises(CppccError, match="is the file of option 'css'"):
        write(article, "epub", css.with_suffix(".css"), {"css": css})
    assert (digest(font), digest(css)) == before


# --------------------------------------------------------------------------- 2. not a regular file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_2_a_fifo_output_is_refused_and_kept(folder, cache):
    src = sorted((folder / "articles").glob("*.txt"))[0]
    fifo = folder / "out.epub"
    os.mkfifo(fifo)
    proc = cli("convert", src, "-o", fifo, cache=cache)
    assert_one_line_error(proc, str(fifo), "FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert temporaries(folder) == []


def test_2_a_device_node_output_is_refused_and_kept(folder, cache):
    """As root, ``-o /dev/null`` replaced the system's /dev/null; a null device made in
    the test folder stands for it."""
    src = sorted((folder / "articles").glob("*.txt"))[0]
    dev = folder / "null.epub"
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (not root)")
    proc = cli("convert", src, "-o", dev, cache=cache)
    assert_one_line_error(proc, str(dev), "character device")
    assert stat.S_ISCHR(os.lstat(dev).st_mode), "the device node was replaced by a file"


def test_2_a_symlink_output_writes_its_target_and_keeps_the_link(folder, cache):
    src = sorted((folder / "articles").glob("*.txt"))[0]
    real = folder / "real" / "book.epub"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = folder / "link.epub"
    os.symlink(real, link)
    proc = cli("convert", src, "-o", link, cache=cache)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert zipfile.is_zipfile(real)
    assert temporaries(folder) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_2_a_manifest_output_that_is_a_fifo_fails_before_parsing(folder, cache):
    os.mkfifo(folder / "book.docx")
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB, DOCX])
    proc = cli("build", m, cache=cache, timeout=60)
    assert_one_line_error(proc, "book.yaml:", "the docx output", "FIFO")
    assert not (folder / "book.epub").exists()
    assert list(cache.rglob("*.json")) == [], "nothing is parsed before the outputs are checked"


# --------------------------------------------------------------------------- 3. two outputs, one file


def test_3_two_outputs_with_one_path(folder, cache):
    m = manifest(folder / "book.yaml", ["articles/*.txt"],
                 [DOCX, {"format": "epub", "path": "book.docx"}])
    proc = cli("build", m, "--no-cache", cache=cache)
    assert_one_line_error(proc, "book.docx", "two outputs would overwrite each other")
    assert sorted(p.name for p in folder.iterdir()) == ["articles", "book.yaml"]


def test_3_same_file_name_in_two_folders_with_o(folder, cache, tmp_path):
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    m = manifest(folder / "book.yaml", ["articles/*.txt"],
                 [{"format": "epub", "path": "a/book.epub"}, {"format": "epub", "path": "b/book.epub"}])
    out = tmp_path / "out"
    proc = cli("build", m, "-o", out, "--no-cache", cache=cache)
    assert_one_line_error(proc, "book.epub", "two outputs would overwrite each other")
    assert list(out.iterdir()) == []


def test_3_api_build_refuses_duplicates_before_writing(folder, tmp_path):
    m = manifest(folder / "book.yaml", ["articles/*.txt"],
                 [{"format": "epub", "path": "x/book.epub"}, {"format": "epub", "path": "y/book.epub"}])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(CppccError, match="overwrite each other"):
        build(m, out_dir=out, cache_dir=None)
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- 4. all or nothing


def _old_outputs(folder: Path, names=("book.epub", "book.docx")) -> dict[str, bytes]:
    old = {}
    for n in names:
        (folder / n).write_bytes(b"the editor's earlier good " + n.encode())
        old[n] = (folder / n).read_bytes()
    return old


def test_4_an_output_that_is_a_directory_fails_before_any_rename(folder, cache):
    old = _old_outputs(folder, ("book.epub",))
    (folder / "book.docx").mkdir()
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB, DOCX])
    proc = cli("build", m, "--no-cache", cache=cache)
    assert_one_line_error(proc, "book.docx", "is a directory")
    assert (folder / "book.epub").read_bytes() == old["book.epub"]
    assert temporaries(folder) == []


_DISK_FULL = r"""
import builtins, errno, sys
real_open = builtins.open
class Full:
    def __init__(self, f): self.f = f
    def write(self, data): raise OSError(errno.ENOSPC, "No space left on device")
    def __getattr__(self, n): return getattr(self.f, n)
    def __enter__(self): return self
    def __exit__(self, *a): self.f.close()
def full_open(file, mode="r", *a, **k):
    f = real_open(file, mode, *a, **k)
    if "w" in mode and "report.json" in str(file):
        return Full(f)
    return f
builtins.open = full_open
import io; io.open = full_open
from cppcc_publish.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_4_disk_full_while_the_report_is_written_keeps_the_old_outputs(folder, cache):
    """The disk fills just as the report is written: before, the outputs had already
    been replaced; now the report is part of the atomic step."""
    import subprocess

    from clirun import env_for

    old = _old_outputs(folder)
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB, DOCX])
    proc = subprocess.run([sys.executable, "-c", _DISK_FULL, "build", str(m), "--no-cache"],
                          env=env_for(cache), capture_output=True, text=True, timeout=120)
    assert_one_line_error(proc, "No space left on device")
    for n, data in old.items():
        assert (folder / n).read_bytes() == data, f"{n} was replaced though the build failed"
    assert not (folder / "book.report.json").exists()
    assert temporaries(folder) == []


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes on Linux only")
def test_4_an_article_file_name_that_is_not_utf8(folder, cache):
    """GBK bytes in a file name (a zip from a Chinese Windows): the article has garbled
    spans, so the report names the file; before, writing the report failed after the
    outputs were replaced."""
    arts = folder / "articles"
    for p in arts.iterdir():
        p.unlink()
    name = os.fsdecode(b"\xce\xc4\xd5\xc2.txt")  # 文章 in GBK
    shutil.copyfile(EXAMPLE_ARTICLES[1], arts / name)
    old = _old_outputs(folder, ("book.epub",))
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB])
    proc = cli("build", m, "--no-cache", cache=cache)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert (folder / "book.epub").read_bytes() != old["book.epub"]
    report = json.loads((folder / "book.report.json").read_text("utf-8"))
    assert any("\\xce\\xc4\\xd5\\xc2.txt" in w["file"] for w in report["warnings"])
    assert temporaries(folder) == []


def test_4_two_builds_interleaved_in_one_folder(folder, monkeypatch):
    """Build B runs from start to end while build A renames its report: the report's
    temporary name was fixed, so A failed after replacing its outputs."""
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB])
    real_replace = os.replace
    state = {"inner": False}

    def replace(src, dst, *a, **k):
        if str(dst).endswith("report.json") and not state["inner"]:
            state["inner"] = True
            build(m, cache_dir=None)  # build B, complete, between A's render and rename
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)
    report = build(m, cache_dir=None)
    assert state["inner"]
    assert report.outputs == (str(folder / "book.epub"),)
    assert json.loads((folder / "book.report.json").read_text("utf-8"))["articles"] == 3
    assert temporaries(folder) == []


def test_4_concurrent_builds_into_one_folder_all_succeed(folder, cache):
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB])
    procs = [start("build", m, "--no-cache", cache=cache) for _ in range(4)]
    results = [p.communicate(timeout=180) for p in procs]
    for p, (_, err) in zip(procs, results):
        assert p.returncode == 0, err[-2000:]
    assert zipfile.ZipFile(folder / "book.epub").testzip() is None
    json.loads((folder / "book.report.json").read_text("utf-8"))
    assert temporaries(folder) == []


# --------------------------------------------------------------------------- 5. billion laughs


def _laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + f"\nbook: {{title: 书}}\nparts: *a{levels}\noutputs: []\n"


def test_5_billion_laughs_is_refused_quickly(tmp_path, cache):
    m = tmp_path / "laughs.yaml"
    m.write_text(_laughs(9), "utf-8")
    t = time.monotonic()
    proc = cli("build", m, cache=cache, timeout=30)
    assert time.monotonic() - t < 20
    assert_one_line_error(proc, "laughs.yaml", "billion laughs")


@pytest.mark.parametrize("text,needle", [
    ("book: &x [*x]\n", "contains it"),
    ("book: " + "[" * 3000 + "]" * 3000 + "\n", "nested"),
], ids=["self-reference", "deep-nesting"])
def test_5_recursive_yaml_is_one_line(tmp_path, cache, text, needle):
    m = tmp_path / "deep.yaml"
    m.write_text(text, "utf-8")
    proc = cli("build", m, cache=cache, timeout=30)
    assert_one_line_error(proc, "deep.yaml", needle)


# --------------------------------------------------------------------------- 6. hangs on input


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_6_parse_dev_zero_is_refused_at_once(cache):
    proc = cli("parse", "/dev/zero", cache=cache, timeout=30)
    assert_one_line_error(proc, "/dev/zero", "device")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_6_a_fifo_as_input_does_not_block(tmp_path, cache):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    proc = cli("parse", fifo, cache=cache, timeout=30)
    assert_one_line_error(proc, str(fifo), "FIFO")
    m = manifest(tmp_path / "book.yaml", ["article.txt"], [EPUB])
    proc = cli("build", m, cache=cache, timeout=30)
    assert_one_line_error(proc, "book.yaml:", "FIFO")


def test_6_a_huge_sparse_file_is_refused_before_it_is_read(tmp_path, cache):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(2 * 1024**3)
    t = time.monotonic()
    proc = cli("parse", huge, cache=cache, timeout=60)
    assert time.monotonic() - t < 20
    assert_one_line_error(proc, str(huge), "is 2,048 MB, more than the 64 MB an article may hold")


# --------------------------------------------------------------------------- 7. a fix that changes nothing


def test_7_a_no_op_fix_is_refused(tmp_path, cache):
    art = tmp_path / "a.txt"
    shutil.copyfile(EXAMPLE_ARTICLES[1], art)  # has garbled spans
    m = manifest(tmp_path / "book.yaml", [{"path": "a.txt", "fixes": [{"find": "?", "replace": "?"}]}], [EPUB])
    proc = cli("build", m, "--strict", cache=cache)
    assert_one_line_error(proc, "book.yaml:", "changes nothing")
    assert not (tmp_path / "book.epub").exists()


def test_7_a_no_op_fix_resolves_no_garbled_span(tmp_path):
    """The same through the API, with a Manifest made in code (no loader to refuse it)."""
    from dataclasses import replace

    art = tmp_path / "a.txt"
    shutil.copyfile(EXAMPLE_ARTICLES[1], art)
    good = manifest(tmp_path / "book.yaml", ["a.txt"], [EPUB])
    without = build(good, cache_dir=None).unresolved_garbled
    assert without > 0
    m = load_manifest(good)
    entry = m.parts[0].articles[0]
    fixed = replace(entry, fixes=(Fix(find="?", replace="?"),))
    m = replace(m, parts=(replace(m.parts[0], articles=(fixed,)),))
    with pytest.raises(StrictError, match="garbled-text"):
        build(m, strict=True, cache_dir=None)
    report = build(m, cache_dir=None)
    assert report.unresolved_garbled == without
    assert isinstance(fixed, ArticleEntry)


# --------------------------------------------------------------------------- 8. [ ] in a file name


def test_8_an_existing_path_with_brackets_is_a_path(tmp_path, cache):
    shutil.copyfile(EXAMPLE_ARTICLES[0], tmp_path / "文章[1].txt")
    shutil.copyfile(EXAMPLE_ARTICLES[4], tmp_path / "文章1.txt")  # what the glob matches
    m = manifest(tmp_path / "book.yaml", ["文章[1].txt"], [EPUB])
    assert [e.path.name for e in load_manifest(m).articles] == ["文章[1].txt"]
    proc = cli("build", m, "--no-cache", cache=cache)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "book.report.json").read_text("utf-8"))
    assert report["articles"] == 1
    (tmp_path / "文章1.txt").unlink()  # alone, it was "no file matches"
    assert [e.path.name for e in load_manifest(m).articles] == ["文章[1].txt"]


def test_8_globs_still_work(tmp_path):
    for i in range(3):
        shutil.copyfile(EXAMPLE_ARTICLES[i], tmp_path / f"a{i}.txt")
    m = manifest(tmp_path / "book.yaml", ["a[0-1].txt"], [EPUB])
    assert [e.path.name for e in load_manifest(m).articles] == ["a0.txt", "a1.txt"]


# --------------------------------------------------------------------------- 9. caches


def test_9_a_cache_entry_of_the_wrong_shape_is_parsed_again(folder, tmp_path):
    xdg = tmp_path / "xdg"
    cache = xdg / "cppcc_publish" / "articles"  # where the command keeps it
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB])
    first = build(m, cache_dir=cache)
    assert (first.parsed, first.cached) == (3, 0)
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 3
    entries[0].write_text('{"title": 5, "body": "not a list"}', "utf-8")  # valid JSON, wrong shape
    entries[1].write_text("[]", "utf-8")
    proc = cli("build", m, cache=xdg)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "(1 parsed, 2 from the cache)" not in proc.stderr
    assert "(2 parsed, 1 from the cache)" in proc.stderr
    again = build(m, cache_dir=cache)
    assert (again.parsed, again.cached) == (0, 3), "the damaged entries were rewritten"


def test_9_cache_key_takes_more_parts():
    from cppcc_publish.options import ReadOptions
    from cppcc_publish.publish import cache_key

    o = ReadOptions()
    assert cache_key(b"x", o) == cache_key(b"x", o)
    assert cache_key(b"x", o, reader="text") != cache_key(b"x", o)
    assert cache_key(b"x", o, reader="text", reader_version="2") != cache_key(b"x", o, reader="text")


def _half_fonts(pdf: Path) -> set[bytes]:
    import re

    return set(re.findall(rb"/BaseFont /[A-Z]{6}\+([A-Za-z-]+-Half)", pdf.read_bytes()))


def test_9_a_damaged_font_cache_file_is_made_again(tmp_path, cache):
    src = tmp_path / "a.txt"
    shutil.copyfile(EXAMPLE_ARTICLES[0], src)
    first = tmp_path / "first.pdf"
    assert cli("convert", src, "-o", first, cache=cache).returncode == 0
    halves = sorted((cache / "fonts").glob("*-half-*.ttf"))
    assert halves and _half_fonts(first)
    for h in halves:
        h.write_bytes(h.read_bytes()[:200])  # damaged
    second = tmp_path / "second.pdf"
    proc = cli("convert", src, "-o", second, cache=cache)
    assert proc.returncode == 0, proc.stderr
    assert _half_fonts(second) == _half_fonts(first), "half-width punctuation fonts dropped"
    for h in halves:
        assert h.stat().st_size > 200, "the damaged cache file was not made again"


# --------------------------------------------------------------------------- 10. Big5-HKSCS


HKSCS_TEXT = (
    "舊樓加裝𨋢 方便長者出入\n"
    "政協委員關注舊樓加裝𨋢的問題，認為應當簡化審批程序，讓更多長者受惠。\n"
    "委員建議，政府應設立專項資助，協助業主立案法團為舊樓加裝𨋢，並加強維修保養的監管。\n"
)


def test_10_big5_hkscs_is_detected(tmp_path, cache):
    path = tmp_path / "hk.txt"
    path.write_bytes(HKSCS_TEXT.encode("big5hkscs"))
    proc = cli("parse", path, cache=cache)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    text = "".join(b["text"] for b in data["body"])
    assert "长者" in text and ("旧楼加装𨋢" in text or "旧楼加装䢂" in text)  # 𨋢 simplified: 䢂
    assert not [d for d in data["diagnostics"] if d["code"] == "garbled-text"]


def test_10_plain_big5_is_still_big5():
    from cppcc_publish.textio import decode

    d = decode("標題\n政協委員認真履職，積極建言獻策。\n".encode("big5"))
    assert d.encoding == "big5" and "政協委員" in d.text


# --------------------------------------------------------------------------- 11. empty books


def test_11_text_without_chinese_is_refused(tmp_path, cache):
    path = tmp_path / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    proc = cli("parse", path, cache=cache)
    assert_one_line_error(proc, str(path), "no Chinese text")


def test_11_every_article_excluded(folder, cache):
    arts = sorted((folder / "articles").glob("*.txt"))
    m = manifest(folder / "book.yaml", [{"path": "articles/" + a.name, "exclude": True} for a in arts],
                 [{"format": "pdf", "path": "book.pdf"}])
    proc = cli("build", m, cache=cache)
    assert_one_line_error(proc, "book.yaml:", "every article is excluded")
    assert not (folder / "book.pdf").exists()


@pytest.mark.parametrize("only", [",", " , "])
def test_11_only_naming_nothing(folder, cache, only):
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB])
    proc = cli("build", m, "--only", only, cache=cache)
    assert_one_line_error(proc, "--only names no format")
    assert not (folder / "book.epub").exists()


def test_11_an_article_listed_twice_is_an_error_naming_both_lines(folder, cache):
    arts = sorted((folder / "articles").glob("*.txt"))
    m = manifest(folder / "book.yaml", ["articles/" + arts[0].name, "articles/" + arts[1].name,
                                        "articles/" + arts[0].name], [EPUB])
    proc = cli("build", m, cache=cache)
    err = assert_one_line_error(proc, arts[0].name, "listed twice", "first at line")
    assert "book.yaml:" in err
    assert not (folder / "book.epub").exists()


def test_11_exclude_and_own_entry_win_over_a_glob(folder):
    """Two uses of a file listed twice are what an editor means: ``exclude`` on a file
    a glob matches leaves it out; an entry of its own (with overrides) replaces the
    glob's match.  Two globs matching one file are an error."""
    arts = sorted((folder / "articles").glob("*.txt"))
    m = manifest(folder / "book.yaml", ["articles/*.txt", {"path": "articles/" + arts[0].name, "exclude": True},
                                        {"path": "articles/" + arts[1].name, "title": "改过的标题"}], [EPUB])
    entries = [e for p in load_manifest(m).parts for e in p.articles if not e.exclude]
    assert [e.path.name for e in entries] == [arts[2].name, arts[1].name]
    assert entries[1].title == "改过的标题"
    manifest(m, ["articles/*.txt", "articles/0*.txt"], [EPUB])
    with pytest.raises(ManifestError, match="listed twice"):
        load_manifest(m)


# --------------------------------------------------------------------------- 12. one line, not a traceback


def test_12_build_o_that_is_a_file(folder, cache):
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB])
    out = folder / "out"
    out.write_text("a file")
    proc = cli("build", m, "-o", out, cache=cache)
    assert_one_line_error(proc, str(out), "is a file")


def _unwritable_folder(tmp_path: Path) -> Path | None:
    """A folder this process cannot write in: a 0555 one for a user; for root, who
    writes anywhere, a read-only mount or /proc/sys."""
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        return ro
    for candidate in ("/proc/sys", "/sys"):
        if os.path.isdir(candidate) and not os.access(candidate, os.W_OK):
            return Path(candidate)
    return None


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_12_read_only_output_folder(folder, cache, tmp_path):
    src = sorted((folder / "articles").glob("*.txt"))[0]
    ro = _unwritable_folder(tmp_path)
    if ro is None:
        pytest.skip("root, and no folder root cannot write in")
    proc = cli("convert", src, "-o", ro / "x.epub", cache=cache)
    assert_one_line_error(proc, "x.epub", "cannot be written")
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB])
    proc = cli("build", m, "-o", ro / "sub", cache=cache)
    assert_one_line_error(proc, str(ro / "sub"), "cannot create the output folder")


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="no /proc")
def test_12_an_output_folder_that_refuses_new_files(folder, cache):
    """/proc passes the access check but refuses to create a file: the error comes from
    creating the temporary file, and is still one line."""
    src = sorted((folder / "articles").glob("*.txt"))[0]
    proc = cli("convert", src, "-o", "/proc/cppcc-test.epub", cache=cache)
    assert_one_line_error(proc, "/proc/cppcc-test.epub")


@pytest.mark.parametrize("damage", ["truncated-jpeg", "truncated-png", "png-named-jpg"])
def test_12_a_damaged_cover_is_refused_where_the_manifest_is_read(folder, cache, damage):
    if damage == "truncated-jpeg":
        cover = _jpeg(folder / "cover.jpg")
        cover.write_bytes(cover.read_bytes()[: len(cover.read_bytes()) // 2])
    elif damage == "truncated-png":
        cover = _png(folder / "cover.png", (400, 600))
        cover.write_bytes(cover.read_bytes()[:-60])
    else:
        cover = folder / "cover.jpg"
        _png(cover)
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB, {"format": "pdf", "path": "book.pdf"}],
                 cover=cover.name)
    proc = cli("build", m, cache=cache)
    assert_one_line_error(proc, "book.yaml:", "cover", cover.name)
    assert not (folder / "book.epub").exists()


def test_12_a_damaged_cover_option_is_refused(folder, cache):
    src = sorted((folder / "articles").glob("*.txt"))[0]
    cover = _jpeg(folder / "cover.jpg")
    cover.write_bytes(cover.read_bytes()[:300])
    proc = cli("convert", src, "-o", folder / "a.epub", "--option", f"cover={cover}", cache=cache)
    assert_one_line_error(proc, "cover.jpg", "cannot be decoded")
    assert not (folder / "a.epub").exists()


def test_12_a_good_cover_still_builds(folder):
    _png(folder / "cover.png")
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB], cover="cover.png")
    report = build(m, cache_dir=None)
    with zipfile.ZipFile(folder / "book.epub") as z:
        assert any(n.endswith("images/cover.png") for n in z.namelist())
    assert report.articles == 3


def test_12_a_date_a_zip_cannot_hold(folder, cache):
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [DOCX], edition_date="2108-01-01")
    proc = cli("build", m, cache=cache)
    assert_one_line_error(proc, "book.yaml:", "edition_date", "2107")
    src = sorted((folder / "articles").glob("*.txt"))[0]
    proc = cli("convert", src, "-o", folder / "a.docx", "--option", "timestamp=2200-01-01T00:00:00Z", cache=cache)
    assert_one_line_error(proc, "timestamp", "2107")
    manifest(m, ["articles/*.txt"], [{"format": "epub", "path": "b.epub", "options": {"timestamp": "2150-06-01"}}])
    proc = cli("build", m, cache=cache)
    assert_one_line_error(proc, "book.yaml:", "timestamp", "2107")
    assert not (folder / "a.docx").exists() and not (folder / "b.epub").exists()


def test_12_a_lone_surrogate_in_the_title(folder, cache):
    m = folder / "book.yaml"
    m.write_text(
        'book: {title: "政协\\ud800文选"}\nparts: [{articles: ["articles/*.txt"]}]\n'
        "outputs: [{format: pdf, path: book.pdf}]\n", "utf-8")
    proc = cli("build", m, cache=cache)
    assert_one_line_error(proc, "book.yaml:1", "lone surrogate U+D800")
    assert not (folder / "book.pdf").exists()


@linux_only
def test_12_ctrl_c_is_one_line_from_the_parent_and_workers_stay_silent(tmp_path, cache):
    big_articles(tmp_path / "articles", 12, 2.5)
    m = manifest(tmp_path / "book.yaml", ["articles/*.txt"], [EPUB])
    proc = start("build", m, "--jobs", "2", "--no-cache", cache=cache, new_group=True)
    try:
        assert wait_for(lambda: len(children(proc.pid)) >= 2, 60), "no parse pool started"
        time.sleep(0.3)
        workers = children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err[-3000:]
    assert err == "cppcc-publish: interrupted\n", err[-3000:]
    assert wait_for(lambda: not any(running(w) for w in workers), 10)
    assert not (tmp_path / "book.epub").exists()
    assert temporaries(tmp_path, cache) == []


# --------------------------------------------------------------------------- 13. kill -9


@linux_only
def test_13_kill_9_leaves_no_worker_running(tmp_path, cache):
    big_articles(tmp_path / "articles", 12, 2.5)
    m = manifest(tmp_path / "book.yaml", ["articles/*.txt"], [EPUB])
    proc = start("build", m, "--jobs", "2", "--no-cache", cache=cache)
    workers: set[int] = set()
    try:
        assert wait_for(lambda: len(children(proc.pid)) >= 2, 60), "no parse pool started"
        workers = children(proc.pid)
        proc.kill()
        proc.wait(timeout=10)
        assert wait_for(lambda: not any(running(w) for w in workers), 10), "workers outlived the build"
    finally:
        for w in workers:  # the workers this test started, should they have survived
            if running(w):
                os.kill(w, signal.SIGKILL)


def test_13_temporaries_of_a_killed_build_are_swept_by_the_next(folder, cache):
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [{"format": "pdf", "path": "book.pdf"}, EPUB])
    proc = start("build", m, cache=cache)
    try:
        seen = wait_for(lambda: bool(temporaries(folder)), 120, step=0.005)
        proc.kill()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert seen, "the build never wrote a temporary file"
    assert temporaries(folder), "kill -9 cannot clean up: a temporary file stays until the next build"
    again = cli("build", m, "--only", "epub", cache=cache)
    assert again.returncode == 0, again.stderr
    assert temporaries(folder, cache) == []


def test_13_a_temporary_of_a_running_process_is_not_swept(tmp_path):
    from cppcc_publish.atomic import sweep_stale, temporary_name

    mine = tmp_path / temporary_name("book.pdf")  # this process runs
    mine.write_bytes(b"being written")
    dead_pid = _dead_pid()
    dead = tmp_path / temporary_name("book.pdf").replace(f"-{os.getpid()}-", f"-{dead_pid}-", 1)
    dead.write_bytes(b"left by kill -9")
    other = tmp_path / ".cppcc-part-notours.txt"  # not our naming: never touched
    other.write_bytes(b"x")
    assert sweep_stale(tmp_path) == 1
    assert mine.exists() and not dead.exists() and other.exists()


def _dead_pid() -> int:
    import subprocess

    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


# --------------------------------------------------------------------------- 14. API misuse


def test_14_api_misuse_is_named_at_the_edge(folder, tmp_path):
    article = read_article(sorted((folder / "articles").glob("*.txt"))[0])
    m = manifest(folder / "book.yaml", ["articles/*.txt"], [EPUB])
    cases = [
        (lambda: write(article, "pdf", 123), TypeError, "dest"),
        (lambda: write(article, "epub", tmp_path / "a.epub", "preset=a5"), TypeError, "options"),
        (lambda: write(article, 5, tmp_path / "a.epub"), TypeError, "fmt"),
        (lambda: write(42, "epub", tmp_path / "a.epub"), TypeError, "doc"),
        (lambda: build(m, jobs="4", cache_dir=None), TypeError, "jobs"),
        (lambda: build(m, jobs=0, cache_dir=None), TypeError, "jobs"),
        (lambda: build(m, only="epub", cache_dir=None), TypeError, "only"),
        (lambda: build(m, strict="yes", cache_dir=None), TypeError, "strict"),
        (lambda: build(m, out_dir=5, cache_dir=None), TypeError, "out_dir"),
        (lambda: build(123), TypeError, "manifest"),
        (lambda: loads('{"body":5}'), CppccError, "body"),
        (lambda: loads('{"body":[{"type":"paragraph","text":5}]}'), CppccError, "text"),
        (lambda: loads("{not json"), CppccError, "JSON"),
        (lambda: loads('{"body":[{"type":"paragraph","text":"ab","flags":[{"span":"x","start":0,"end":1}]}]}'),
         CppccError, "span"),
    ]
    for call, kind, word in cases:
        with pytest.raises(kind) as info:
            call()
        assert word in str(info.value), (word, str(info.value))
    assert not (tmp_path / "a.epub").exists() and not (folder / "book.epub").exists()


def test_14_api_misuse_of_get_writer_validate():
    from cppcc_publish import get_writer

    with pytest.raises(TypeError, match="mapping"):
        get_writer("epub").validate("preset=a5")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the helper itself


def test_atomic_outputs_check_before_the_first_rename(tmp_path):
    """A destination that turns into a directory after rendering fails the commit
    before any rename: the first output keeps its old bytes."""
    from cppcc_publish.atomic import AtomicOutputs, OutputError

    a, b = tmp_path / "a.bin", tmp_path / "b.bin"
    a.write_bytes(b"old a")
    with AtomicOutputs() as out:
        out.reserve(a).write_bytes(b"new a")
        out.reserve(b).write_bytes(b"new b")
        b.mkdir()
        with pytest.raises(OutputError, match="is a directory"):
            out.commit()
    assert a.read_bytes() == b"old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.bin"]


def test_atomic_outputs_one_mode_and_unique_names(tmp_path):
    from cppcc_publish.atomic import AtomicOutputs, file_mode

    dest = tmp_path / "x.bin"
    with AtomicOutputs() as one, AtomicOutputs() as two:
        t1, t2 = one.reserve(dest), two.reserve(dest)
        assert t1 != t2 and t1.parent == t2.parent == tmp_path
        t1.write_bytes(b"1")
        t2.write_bytes(b"2")
        os.chmod(t2, 0o600)
        two.commit()
        one.commit()
    assert dest.read_bytes() == b"1"
    assert stat.S_IMODE(dest.stat().st_mode) == file_mode()
