"""The writer framework: lookup, aliases, entry points, options, atomic writes, CLI."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES

import cppcc_publish
from cppcc_publish import writers
from cppcc_publish.cli import main
from cppcc_publish.errors import OptionError, StrictError
from cppcc_publish.model import Article, Compilation, Heading, Paragraph
from cppcc_publish.writers import OutputError, WriterUnavailableError

TS = "2025-03-01T08:00:00Z"
GROUP = writers.ENTRY_POINT_GROUP


def fake_entry_points(monkeypatch: pytest.MonkeyPatch, **targets: str) -> None:
    """Replace the installed entry points of the writers group by ``name=module:attr``."""
    eps = tuple(importlib.metadata.EntryPoint(name=n, value=v, group=GROUP) for n, v in targets.items())
    monkeypatch.setattr(writers, "_entry_points", lambda: eps)


def small() -> Compilation:
    return Compilation.of(
        Article(title="标题", body=(Heading(text="一、小节"), Paragraph(text="正文一段。")))
    )


# ---------------------------------------------------------------- lookup


def test_builtins_are_available_and_aliases_resolve() -> None:
    infos = {f.name: f for f in writers.list_formats()}
    assert infos["docx"].available and infos["docx"].suffix == ".docx"
    assert infos["epub"].available and infos["epub"].suffix == ".epub"
    assert "word" in infos["docx"].aliases
    assert "pdf" in infos  # listed even when its module or library is missing
    if not infos["pdf"].available:
        assert infos["pdf"].reason and infos["pdf"].hint
    assert writers.get_writer("word").name == "docx"
    assert writers.get_writer(" Word ").name == "docx"
    assert writers.get_writer("epub3").name == "epub"


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(OptionError) as e:
        writers.get_writer("odt")
    assert "'odt'" in str(e.value) and "docx" in str(e.value) and "epub" in str(e.value)


def test_builtins_load_lazily() -> None:
    """Importing the package must not import python-docx or ebooklib."""
    import subprocess

    code = ("import sys, cppcc_publish, cppcc_publish.writers;"
            "print('docx' in sys.modules, 'ebooklib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    # each writer needs only its own library
    code = "import sys, cppcc_publish.writers.epub; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


def test_missing_library_is_reported_with_reason_and_hint(monkeypatch, tmp_path) -> None:
    (tmp_path / "needs_lib_writer.py").write_text(
        "import no_such_library_xyz\nNAME = 'fancy'\nSUFFIX = '.f'\n", "utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(writers.BUILTINS, "fancy", "needs_lib_writer")
    monkeypatch.setitem(writers.INSTALL_HINTS, "fancy", "pip install no-such-library-xyz")
    info = {f.name: f for f in writers.list_formats()}["fancy"]
    assert not info.available
    assert "no_such_library_xyz" in (info.reason or "")
    assert info.hint == "pip install no-such-library-xyz"
    with pytest.raises(WriterUnavailableError, match="pip install no-such-library-xyz"):
        writers.get_writer("fancy")
    # the other formats still work
    assert writers.get_writer("docx").name == "docx"


def test_formats_command_lists_unavailable_with_reason(monkeypatch, capsys) -> None:
    monkeypatch.setitem(writers.BUILTINS, "ghost", "cppcc_publish.writers.no_such_module")
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}
    assert "available" in lines["docx"] and ".docx" in lines["docx"]
    assert "unavailable" in lines["ghost"] and "no_such_module" in lines["ghost"]


# ---------------------------------------------------------------- entry points


def test_entry_point_writer_is_registered_and_used(monkeypatch, tmp_path) -> None:
    fake_entry_points(monkeypatch, plain="writer_plugins:plain")
    assert "plain" in writers.format_names()
    info = {f.name: f for f in writers.list_formats()}["plain"]
    assert info.available and not info.builtin and "writer_plugins:plain" in info.origin
    dest = tmp_path / "out.txt"
    diags = writers.write(small(), "plain", dest, {"frame": "〔〕", "timestamp": TS})
    assert dest.read_text("utf-8") == "标题\n〔一、小节〕\n正文一段。\ntimestamp 2025-03-01T08:00:00+00:00\n"
    assert [d.code for d in diags] == ["plain-written"]
    with pytest.raises(OptionError, match="valid: frame, timestamp"):
        writers.write(small(), "plain", dest, {"colour": "red"})


def test_entry_point_writer_from_the_cli(monkeypatch, tmp_path) -> None:
    fake_entry_points(monkeypatch, plain="writer_plugins:plain")
    dest = tmp_path / "o.txt"
    assert main(["convert", str(SAMPLES[2]), "-t", "plain", "-o", str(dest),
                 "--option", f"timestamp={TS}"]) == 0
    assert "【学深悟透两会精神，守正创新当好宣讲员】" in dest.read_text("utf-8")


def test_builtin_wins_a_name_clash(monkeypatch, tmp_path) -> None:
    fake_entry_points(monkeypatch, docx="writer_plugins:impostor")
    assert writers.get_writer("docx").origin == "built-in"
    shadowed = [f for f in writers.list_formats() if f.name == "docx" and not f.builtin]
    assert shadowed and "shadowed" in (shadowed[0].reason or "")
    dest = tmp_path / "a.docx"
    writers.write(small(), "docx", dest, {"timestamp": TS})
    assert zipfile.is_zipfile(dest)


def test_broken_entry_point_is_listed_unavailable(monkeypatch) -> None:
    fake_entry_points(monkeypatch, gone="writer_plugins:not_there")
    info = {f.name: f for f in writers.list_formats()}["gone"]
    assert not info.available and "not_there" in (info.reason or "")


# ---------------------------------------------------------------- options


def test_unknown_option_names_the_valid_keys(tmp_path) -> None:
    with pytest.raises(OptionError) as e:
        writers.write(small(), "docx", tmp_path / "a.docx", {"papersize": "A4"})
    msg = str(e.value)
    assert "'papersize'" in msg
    for key in ("preset", "reference", "review", "timestamp"):
        assert key in msg
    assert not (tmp_path / "a.docx").exists()


def test_option_values_are_checked_and_converted() -> None:
    w = writers.get_writer("docx")
    assert w.validate({"review": "yes"})["review"] is True
    assert w.validate({"review": "0"})["review"] is False
    assert w.validate({"preset": "gbt9704"})["preset"] == "gbt9704"
    with pytest.raises(OptionError, match="book, gbt9704"):
        w.validate({"preset": "a4"})
    with pytest.raises(OptionError, match="review"):
        w.validate({"review": "perhaps"})
    assert isinstance(w.validate({"reference": "x.docx"})["reference"], Path)
    assert w.validate({"reference": "none"})["reference"] is None
    assert w.validate({"preset": "none"})["preset"] is None


def test_timestamp_option_and_source_date_epoch(monkeypatch) -> None:
    w = writers.get_writer("epub")
    want = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.timezone.utc)
    assert w.validate({"timestamp": TS})["timestamp"] == want
    assert w.validate({"timestamp": "2025-03-01T16:00:00+08:00"})["timestamp"] == want
    assert w.validate({"timestamp": dt.datetime(2025, 3, 1, 8, 0)})["timestamp"] == want
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(want.timestamp())))
    assert w.validate({})["timestamp"] == want
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    now = dt.datetime.now(dt.timezone.utc)
    assert abs((w.validate({})["timestamp"] - now).total_seconds()) < 5
    with pytest.raises(OptionError, match="ISO 8601"):
        w.validate({"timestamp": "last tuesday"})


# ---------------------------------------------------------------- writing


def test_failure_leaves_no_file_and_keeps_the_old_one(monkeypatch, tmp_path) -> None:
    fake_entry_points(monkeypatch, broken="writer_plugins:broken")
    dest = tmp_path / "book.txt"
    with pytest.raises(RuntimeError, match="halfway"):
        writers.write(small(), "broken", dest)
    assert list(tmp_path.iterdir()) == []
    dest.write_text("the old book", "utf-8")
    with pytest.raises(RuntimeError):
        writers.write(small(), "broken", dest)
    assert dest.read_text("utf-8") == "the old book"
    assert list(tmp_path.iterdir()) == [dest]


def test_a_real_writer_failing_midway_keeps_the_old_file(monkeypatch, tmp_path) -> None:
    from cppcc_publish.writers.docx import package as docx_package

    dest = tmp_path / "book.docx"
    writers.write(small(), "docx", dest, {"timestamp": TS})
    before = dest.read_bytes()

    real = writers.FixedZip.writestr
    calls = []

    def fill_the_disk(self, *args, **kwargs):
        calls.append(args[0])
        if len(calls) == 5:  # a few parts are already in the new zip
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(writers.FixedZip, "writestr", fill_the_disk)
    assert docx_package.FixedZip is writers.FixedZip
    with pytest.raises(OutputError, match="No space left"):
        writers.write(small(), "docx", dest, {"timestamp": "2026-01-01T00:00:00Z"})
    assert dest.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [dest]


def test_strict_refuses_a_writer_warning(monkeypatch, tmp_path) -> None:
    fake_entry_points(monkeypatch, warns="writer_plugins:warns")
    dest = tmp_path / "w.txt"
    assert [d.code for d in writers.write(small(), "warns", dest)] == ["missing-glyph"]
    dest.unlink()
    with pytest.raises(StrictError):
        writers.write(small(), "warns", dest, strict=True)
    assert list(tmp_path.iterdir()) == []


def test_destination_errors(tmp_path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        writers.write(small(), "docx", tmp_path)
    with pytest.raises(OutputError, match="does not exist"):
        writers.write(small(), "docx", tmp_path / "no" / "a.docx")
    with pytest.raises(OptionError, match="suffix"):
        writers.write(small(), None, tmp_path / "a.odt")


def test_output_gets_normal_permissions(tmp_path) -> None:
    dest = tmp_path / "a.epub"
    writers.write(small(), None, dest, {"timestamp": TS})
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(dest.stat().st_mode) == 0o666 & ~umask


def test_one_call_api_from_files(tmp_path) -> None:
    dest = tmp_path / "two.docx"
    cppcc_publish.write([SAMPLES[3], SAMPLES[4]], "word", dest, {"timestamp": TS})
    import docx

    text = "\n".join(p.text for p in docx.Document(str(dest)).paragraphs)
    assert "凝聚智慧力量\u3000共谱时代华章" in text and "互学互促共提升" in text
    assert text.index("凝聚智慧力量") < text.index("互学互促共提升")
    with pytest.raises(OptionError, match="no article"):
        cppcc_publish.write([], "docx", dest)


# ---------------------------------------------------------------- CLI


def test_cli_convert_several_files_into_one_epub(tmp_path) -> None:
    dest = tmp_path / "book.epub"
    assert main(["convert", *map(str, SAMPLES), "-o", str(dest), "--option", f"timestamp={TS}"]) == 0
    with zipfile.ZipFile(dest) as z:
        docs = [n for n in z.namelist() if n.startswith("EPUB/text/a")]
        opf = z.read("EPUB/content.opf").decode("utf-8")
    assert len(docs) == len(SAMPLES)
    assert "<dc:title>贯彻落实全国两会精神\u3000增强基层政协工作质效</dc:title>" in opf  # the first article's
    assert main(["convert", *map(str, SAMPLES), "-o", str(dest), "--title", "2025年文稿选编"]) == 0
    with zipfile.ZipFile(dest) as z:
        assert "<dc:title>2025年文稿选编</dc:title>" in z.read("EPUB/content.opf").decode("utf-8")


def test_cli_errors_are_one_line_exit_1(tmp_path, capsys) -> None:
    dest = tmp_path / "a.docx"
    cases = [
        ["convert", str(SAMPLES[0]), "-o", str(dest), "--option", "papersize=A4"],
        ["convert", str(SAMPLES[0]), "-o", str(dest), "--option", "novalue"],
        ["convert", str(SAMPLES[0]), "-t", "odt", "-o", str(dest)],
        ["convert", str(SAMPLES[0]), "-o", str(tmp_path / "a.epub"), "--review"],
        ["convert", str(tmp_path / "missing.txt"), "-o", str(dest)],
        ["convert", str(SAMPLES[0]), "-o", str(tmp_path / "nodir" / "a.docx")],
    ]
    for argv in cases:
        capsys.readouterr()
        assert main(argv) == 1, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("cppcc-publish: error: "), (argv, err)
        assert "Traceback" not in err[0]
    assert not dest.exists()


def test_cli_strict_fails_on_article_warnings_and_writes_nothing(tmp_path, capsys) -> None:
    dest = tmp_path / "a.docx"
    garbled = next(p for p in SAMPLES if p.name.startswith("001"))
    assert main(["convert", str(garbled), "-o", str(dest), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "warning[garbled-text]" in err and "--strict" in err
    assert not dest.exists()
    clean = next(p for p in SAMPLES if p.name.startswith("003"))
    assert main(["convert", str(clean), "-o", str(dest), "--strict"]) == 0
    assert dest.exists()


def test_byte_identical_across_processes(tmp_path) -> None:
    """Hash randomisation and the clock must not leak into the files."""
    import subprocess

    code = (
        "import sys, cppcc_publish;"
        "files = sys.argv[2:];"
        "cppcc_publish.write(files, 'docx', sys.argv[1] + '.docx', {'review': True});"
        "cppcc_publish.write(files, 'epub', sys.argv[1] + '.epub')"
    )
    outputs = []
    for seed in ("1", "2"):
        base = tmp_path / f"run{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1740816000"}
        subprocess.run([sys.executable, "-c", code, str(base), *map(str, SAMPLES)], check=True, env=env)
        outputs.append([(base.with_name(base.name + ext)).read_bytes() for ext in (".docx", ".epub")])
    assert outputs[0] == outputs[1]


def test_writers_and_the_book_plan_never_parse() -> None:
    """Writers render; they never read or parse: no module of writers/ or book/ imports
    the readers, the transforms, text decoding or the API facade (``cppcc_publish.write``
    reads files, then writes)."""
    import ast

    package = Path(cppcc_publish.__file__).parent
    forbidden = {"readers", "transforms", "textio", "api", "publish", "manifest", "cli"}
    checked = 0
    for folder in ("writers", "book"):
        for path in sorted((package / folder).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""] + [a.name for a in node.names if not node.module]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                for name in names:
                    parts = set(name.split("."))
                    assert not parts & forbidden, (path.relative_to(package), name)
            checked += 1
    assert checked >= 15
