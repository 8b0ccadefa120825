"""Manifests and the build: the example book, bad manifests, strict mode, the cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cppcc_publish.cli import main
from cppcc_publish.errors import CppccError, StrictError
from cppcc_publish.manifest import load_manifest
from cppcc_publish.publish import build, compile_book, read_articles
from cppcc_publish.options import ReadOptions

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "yearbook.yaml"
BAD = sorted((Path(__file__).parent / "fixtures" / "manifests" / "bad").glob("*.yaml"))


@pytest.fixture()
def book_dir(tmp_path):
    """A copy of the example book (manifest and articles) in a temporary folder."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path / "examples"


def _expected_error(path: Path) -> str:
    first = path.read_text("utf-8").splitlines()[0]
    assert first.startswith("# error: ")
    return first[len("# error: ") :]


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_manifest_gives_one_clear_message(path, tmp_path, capsys):
    want = _expected_error(path)
    with pytest.raises(CppccError) as info:
        build(path, cache_dir=None, out_dir=None if path.stem == "no_dir" else tmp_path)
    message = str(info.value)
    assert want in message
    assert str(path) in message
    # The CLI prints it as one line and exits 1, no traceback.
    assert main(["build", str(path), "--no-cache", "-o", str(tmp_path)] if path.stem != "no_dir" else ["build", str(path), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_example_book_builds_strict(book_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    report = build(book_dir / "yearbook.yaml", out_dir=out, strict=True, cache_dir=tmp_path / "cache")
    assert report.articles == 5
    assert report.unresolved_garbled == 0
    assert [w for w in report.warnings] == []
    names = sorted(p.name for p in out.iterdir())
    assert names == ["yearbook.docx", "yearbook.epub", "yearbook.pdf", "yearbook.report.json"]
    data = json.loads((out / "yearbook.report.json").read_text("utf-8"))
    assert data["articles"] == 5 and data["unresolved_garbled_spans"] == 0
    assert data["pages"]["pdf"] > 10


def test_fixes_and_overrides_reach_the_book(book_dir):
    m = load_manifest(book_dir / "yearbook.yaml")
    paths = [e.path for p in m.parts for e in p.articles]
    articles, _ = read_articles(paths, ReadOptions())
    book = compile_book(m, articles)
    assert [p.title for p in book.parts] == ["学习贯彻", "履职实践", "工作综述"]
    a001 = book.parts[0].articles[1]
    text = "".join(p.text for p in a001.paragraphs)
    for fixed in (
        "。”近日，石嘴山市政协主席张宏伟结合工作实际，畅谈",
        "。引导参加政协的各党派团体和各族各界人士深入学习党的创新理论，学习政策法规",
        "。开展委员履职“服务”活动，不断丰富活动内容与形式，持续推动",
        "服务大局。”张宏伟说，全市各级",
    ):
        assert fixed in text
    a002 = book.parts[1].articles[0]
    assert a002.title == "以“五员”担当推动两会精神落地见效"
    assert "迅速掀起学习贯彻热潮，增强“政协大有可为" in a002.paragraphs[0].text
    assert a002.flags == () and not [d for d in a002.diagnostics if d.level == "warning"]
    assert book.front[0].title == "编辑说明" and book.meta.notice == "内部资料，免费交流"


def test_strict_build_without_fixes_fails_and_keeps_old_outputs(book_dir, tmp_path):
    manifest = book_dir / "yearbook.yaml"
    data = yaml.safe_load(manifest.read_text("utf-8"))
    for part in data["parts"]:
        for art in part["articles"]:
            if isinstance(art, dict):
                art.pop("fixes", None)
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    old = out / "yearbook.epub"
    old.write_bytes(b"an earlier good output")
    with pytest.raises(StrictError, match="garbled-text"):
        build(manifest, out_dir=out, strict=True, cache_dir=None)
    assert old.read_bytes() == b"an earlier good output"
    assert sorted(p.name for p in out.iterdir()) == ["yearbook.epub"]
    # Without --strict the same manifest builds, and reports the unresolved spans.
    report = build(manifest, out_dir=out, only=["epub"], cache_dir=None)
    assert report.unresolved_garbled == 5
    assert report.warnings_by_code()["garbled-text"] == 5


def test_cache_reparses_only_the_edited_article(book_dir, tmp_path):
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    out.mkdir()
    first = build(book_dir / "yearbook.yaml", out_dir=out, only=["epub"], cache_dir=cache)
    assert (first.parsed, first.cached) == (5, 0)
    second = build(book_dir / "yearbook.yaml", out_dir=out, only=["epub"], cache_dir=cache)
    assert (second.parsed, second.cached) == (0, 5)
    art = book_dir / "articles" / "000_3ef46446da7cdf42.txt"
    art.write_text(art.read_text("utf-8").replace("贺州市政协将", "贺州市政协必将"), "utf-8")
    third = build(book_dir / "yearbook.yaml", out_dir=out, only=["epub"], cache_dir=cache)
    assert (third.parsed, third.cached) == (1, 4)


def test_only_must_name_listed_outputs(book_dir, tmp_path):
    with pytest.raises(CppccError, match="--only names odt"):
        build(book_dir / "yearbook.yaml", out_dir=tmp_path, only=["odt"], cache_dir=None)


def test_cli_build(book_dir, tmp_path, capsys):
    out = tmp_path / "new-folder"
    assert main(["build", str(book_dir / "yearbook.yaml"), "-o", str(out), "--only", "epub,docx", "--strict", "--no-cache"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["yearbook.docx", "yearbook.epub", "yearbook.report.json"]
    assert "unresolved garbled spans: 0" in capsys.readouterr().err


def test_json_schema_accepts_the_examples_and_matches_the_loader():
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources

    schema = json.loads(resources.files("cppcc_publish.data").joinpath("manifest.schema.json").read_text("utf-8"))
    for path in (ROOT / "examples").glob("*.yaml"):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        jsonschema.validate(data, schema)
    bad = {"book": {"title": "书", "titel": "x"}, "parts": [], "outputs": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_study_ebook_builds_strict(book_dir, tmp_path):
    report = build(book_dir / "study-ebook.yaml", out_dir=tmp_path, strict=True, cache_dir=None)
    assert sorted(Path(o).name for o in report.outputs) == ["study-a5.pdf", "study.epub"]
    assert report.articles == 3 and report.unresolved_garbled == 0


def test_writer_failing_halfway_leaves_earlier_outputs(book_dir, tmp_path, monkeypatch):
    """PDF and DOCX are rendered, then the EPUB writer raises: nothing is replaced, no
    temporary file is left, and the earlier good outputs stay as they were."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("yearbook.pdf", "yearbook.docx", "yearbook.epub"):
        (out / name).write_bytes(b"earlier good " + name.encode())

    def explode(compilation, dest, options):
        Path(dest).write_bytes(b"half a file")
        raise RuntimeError("disk full halfway through")

    from cppcc_publish import writers

    monkeypatch.setattr(writers, "get_writer", _patched_get_writer(writers.get_writer, explode))
    with pytest.raises(RuntimeError, match="halfway"):
        build(book_dir / "yearbook.yaml", out_dir=out, cache_dir=None)
    assert sorted(p.name for p in out.iterdir()) == ["yearbook.docx", "yearbook.epub", "yearbook.pdf"]
    for name in ("yearbook.pdf", "yearbook.docx", "yearbook.epub"):
        assert (out / name).read_bytes() == b"earlier good " + name.encode()


def _patched_get_writer(original, explode):
    from dataclasses import replace as dc_replace

    def get_writer(name):
        w = original(name)
        if w.name == "epub":
            return dc_replace(w, write=explode)
        return w

    return get_writer


def test_a_build_lays_the_book_out_once(book_dir, tmp_path, monkeypatch):
    """The DOCX's and the EPUB's 版本记录 print the PDF's page count: a build of all three
    formats lays the pages out once, and every 版本记录 gives the same 印张."""
    import cppcc_publish.writers.pdf as pdf_writer

    calls = []
    real = pdf_writer.layout
    monkeypatch.setattr(pdf_writer, "layout", lambda book, ctx: calls.append(1) or real(book, ctx))
    out = tmp_path / "out"
    out.mkdir()
    report = build(book_dir / "yearbook.yaml", out_dir=out, strict=True, cache_dir=None)
    assert len(calls) == 1
    assert sorted(p.name for p in out.iterdir() if p.suffix != ".json") == [
        "yearbook.docx", "yearbook.epub", "yearbook.pdf"]
    assert report.pages["pdf"] > 0
