"""Photos from the manifest: matched to captions, checked, recorded as inputs; captions
left without a photo warned about, kept or dropped as the manifest says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

import cppcc_publish
from cppcc_publish import writers
from cppcc_publish.atomic import OutputError
from cppcc_publish.errors import StrictError
from cppcc_publish.manifest import ManifestError, load_manifest
from cppcc_publish.model import Article, Caption, Compilation, Paragraph
from cppcc_publish.photos import PhotoError, judge_captions
from cppcc_publish.publish import build

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "articles" / "002_885e295ff91a4d15.txt"
FIRST = "驻马店市政协与西平县政协联合开展“推进外贸高质量发展”专题调研"
SECOND = "西平县政协开展“海棠有约·中医义诊”委员履职活动"


def picture(path: Path, size: tuple[int, int] = (2000, 1250), colour: str = "#9e1b1b") -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def manifest(tmp: Path, article_extra: str = "", top: str = "", outputs: str = "epub") -> Path:
    text = (
        "book: {title: 图片测试}\n" + top
        + "parts:\n  - articles:\n"
        + f"      - path: {json.dumps(str(ARTICLE))}\n" + article_extra
        + f"outputs:\n  - {{format: {outputs}, path: out.{outputs}}}\n"
    )
    path = tmp / "book.yaml"
    path.write_text(text, "utf-8")
    return path


def captions(report_dir: Path, tmp: Path, m: Path) -> list[Caption]:
    loaded = load_manifest(m)
    from cppcc_publish.publish import compile_book, read_articles
    from cppcc_publish.options import ReadOptions

    articles, _ = read_articles([ARTICLE], ReadOptions())
    book = compile_book(loaded, articles)
    return list(book.articles[0].captions)


def test_images_go_above_captions_by_words_and_in_order(tmp_path):
    picture(tmp_path / "a.png")
    picture(tmp_path / "b.jpg")
    m = manifest(tmp_path, "        images:\n"
                           "          - b.jpg\n"
                           "          - {file: a.png, caption: 推进外贸高质量发展}\n")
    first, second = captions(tmp_path, tmp_path, m)
    # by words first, whatever the order the manifest lists them in; the rest in order
    assert first.text == FIRST and second.text == SECOND
    assert (ARTICLE.parent / first.image).resolve() == (tmp_path / "a.png").resolve()
    assert (ARTICLE.parent / second.image).resolve() == (tmp_path / "b.jpg").resolve()
    assert not Path(first.image).is_absolute()  # relative to the article's file


@pytest.mark.parametrize("extra, message", [
    ("          - {file: a.png, caption: 没有这样的图注}\n", "no caption"),
    ("          - {file: a.png, caption: 西平县政协}\n", "2 captions"),
    ("          - a.png\n          - a.png\n          - a.png\n", "no caption left"),
    ("          - {file: a.png, caption: 专题调研}\n          - {file: a.png, caption: 外贸}\n",
     "two images"),
])
def test_an_image_that_fits_no_caption_is_an_error_naming_the_line(tmp_path, extra, message):
    picture(tmp_path / "a.png")
    m = manifest(tmp_path, "        images:\n" + extra)
    with pytest.raises(PhotoError, match=message) as info:
        captions(tmp_path, tmp_path, m)
    assert f"{m}:" in str(info.value)


def test_a_damaged_or_unprintable_image_is_refused_when_the_manifest_is_read(tmp_path):
    good = picture(tmp_path / "a.png")
    (tmp_path / "cut.png").write_bytes(good.read_bytes()[:200])
    m = manifest(tmp_path, "        images: [cut.png]\n")
    with pytest.raises(ManifestError, match=r"book.yaml:\d+: images: .*cut.png.*cannot be decoded"):
        load_manifest(m)
    (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    m = manifest(tmp_path, "        images: [a.svg]\n")
    with pytest.raises(ManifestError, match="not a photo the three formats can all print"):
        load_manifest(m)
    m = manifest(tmp_path, "        images: [missing.png]\n")
    with pytest.raises(ManifestError, match="no such file"):
        load_manifest(m)


def test_images_on_a_glob_and_unknown_policies_are_errors(tmp_path):
    picture(tmp_path / "a.png")
    text = manifest(tmp_path).read_text("utf-8").replace(
        json.dumps(str(ARTICLE)), json.dumps(str(ARTICLE.parent / "002_*.txt")) + "\n        images: [a.png]")
    (tmp_path / "book.yaml").write_text(text, "utf-8")
    with pytest.raises(ManifestError, match="images belong to one article"):
        load_manifest(tmp_path / "book.yaml")
    m = manifest(tmp_path, top="captions_without_photos: hide\n")
    with pytest.raises(ManifestError, match="valid: warn, keep, drop"):
        load_manifest(m)


def test_a_caption_without_photo_fails_a_strict_build_unless_the_manifest_says(tmp_path):
    m = manifest(tmp_path, "        fixes: [{find: \"?zé)岢保鰪?qiáng)\", replace: 热潮，增强}]\n"
                           "        title: 以“五员”担当推动两会精神落地见效\n")
    with pytest.raises(StrictError, match="caption-without-photo"):
        build(m, strict=True, cache_dir=None, progress=False)
    report = build(m, cache_dir=None, progress=False)
    assert [d.code for d in report.warnings] == ["caption-without-photo"] * 2
    assert FIRST[:10] in report.warnings[0].message and report.warnings[0].line is not None


@pytest.mark.parametrize("policy", ["keep", "drop"])
def test_keep_and_drop_are_logged_and_do_what_they_say(tmp_path, policy):
    m = manifest(tmp_path, f"        captions_without_photos: {policy}\n")
    caps = captions(tmp_path, tmp_path, m)
    assert [c.text for c in caps] == ([FIRST, SECOND] if policy == "keep" else [])
    loaded = load_manifest(m)
    from cppcc_publish.options import ReadOptions
    from cppcc_publish.publish import compile_book, read_articles

    articles, _ = read_articles([ARTICLE], ReadOptions())
    article = compile_book(loaded, articles).articles[0]
    notes = [d for d in article.diagnostics if d.code in ("caption-without-photo", "caption-dropped")]
    assert len(notes) == 2 and all(d.level == "info" for d in notes)
    assert SECOND[:10] in notes[1].message


def test_the_article_entry_overrides_the_manifest_policy(tmp_path):
    picture(tmp_path / "a.png")
    m = manifest(tmp_path, "        images: [{file: a.png, caption: 海棠有约}]\n"
                           "        captions_without_photos: drop\n",
                 top="captions_without_photos: warn\n")
    assert [(c.text, c.image is not None) for c in captions(tmp_path, tmp_path, m)] == [(SECOND, True)]


def test_an_output_may_not_overwrite_a_photo(tmp_path):
    picture(tmp_path / "a.png")
    m = manifest(tmp_path, "        images: [a.png]\n        captions_without_photos: keep\n")
    text = m.read_text("utf-8").replace("path: out.epub", "path: a.png")
    m.write_text(text, "utf-8")
    with pytest.raises(OutputError, match="is a photo of this job"):
        build(m, cache_dir=None, progress=False)
    assert Image.open(tmp_path / "a.png").size == (2000, 1250)


def test_write_warns_about_captions_without_photos_and_unreadable_photos(tmp_path):
    article = Article(title="题", body=(Paragraph(text="正文。"), Caption(text="图注一")))
    diags = writers.write(article, "epub", tmp_path / "a.epub", {"timestamp": "2025-01-01T00:00:00Z"})
    assert [d.code for d in diags] == ["caption-without-photo"]
    with pytest.raises(StrictError):
        writers.write(article, "epub", tmp_path / "b.epub", {"timestamp": "2025-01-01T00:00:00Z"},
                      strict=True)
    assert not (tmp_path / "b.epub").exists()
    # judged by the caller: no warning
    kept = judge_captions(article, "keep")
    assert writers.write(kept, "epub", tmp_path / "c.epub", {"timestamp": "2025-01-01T00:00:00Z"}) == ()
    # a photo that vanished or is damaged: its caption prints alone, with warnings
    (tmp_path / "cut.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a jpeg")
    broken = Article(title="题", path=str(tmp_path / "a.txt"),
                     body=(Caption(text="图注二", image="cut.jpg"), Caption(text="图注三", image="gone.png")))
    diags = writers.write(broken, "epub", tmp_path / "d.epub", {"timestamp": "2025-01-01T00:00:00Z"})
    assert [d.code for d in diags] == ["photo-unreadable", "photo-unreadable",
                                       "caption-without-photo", "caption-without-photo"]
    assert "cut.jpg" in diags[0].message and "no such file" in diags[1].message


def test_write_refuses_to_overwrite_a_photo(tmp_path):
    photo = picture(tmp_path / "p.png")
    article = Article(title="题", path=str(tmp_path / "a.txt"),
                      body=(Caption(text="图注", image="p.png"),))
    with pytest.raises(OutputError, match="is a photo"):
        writers.write(article, "pdf", photo)
    assert Image.open(photo).size == (2000, 1250)


def test_write_refuses_to_overwrite_a_photo_it_cannot_print(tmp_path):
    """A caption's file that is no picture is taken off the caption (a warning), and is
    still an input: an output of the same name is refused, the file kept."""
    kept = tmp_path / "scan.pdf"
    kept.write_bytes(b"%PDF-1.4 an editor's scan, not a photo")
    article = Article(title="题", path=str(tmp_path / "a.txt"),
                      body=(Caption(text="图注", image="scan.pdf"),))
    with pytest.raises(OutputError, match="is a photo"):
        writers.write(article, "pdf", kept)
    assert kept.read_bytes() == b"%PDF-1.4 an editor's scan, not a photo"


def test_the_dump_keeps_a_captions_image():
    article = Article(body=(Caption(text="图注", image="01_files/p.jpg"), Caption(text="无图")))
    for fmt in ("json", "yaml"):
        assert cppcc_publish.loads(cppcc_publish.dumps(article, fmt), fmt) == article
    assert '"image": "01_files/p.jpg"' in cppcc_publish.dumps(article)
    assert cppcc_publish.dumps(article).count('"image"') == 1


def test_the_plan_resolves_each_photo_against_its_article(tmp_path):
    from cppcc_publish.book import plan_book

    article = Article(title="题", path=str(tmp_path / "sub" / "a.txt"),
                      body=(Paragraph(text="正文。"), Caption(text="图注", image="../p.png")))
    plan = plan_book(Compilation.of(article))
    (photo,) = plan.articles[0].photos
    assert photo.block == 1 and Path(photo.file) == tmp_path / "p.png"


def test_a_saved_pages_webp_photo_prints_in_all_three_formats(tmp_path):
    """The reader finds the photo beside a saved page (Caption.image); a WebP, which Word
    cannot show, is embedded as PNG in every format."""
    import io
    import zipfile

    import pdfplumber

    (tmp_path / "p_files").mkdir()
    Image.new("RGB", (2000, 1200), "#2a6f97").save(tmp_path / "p_files" / "a.webp", lossless=True)
    body = "市政协组织委员围绕乡村振兴开展专题调研，听取意见建议，推动工作落实。" * 3
    html = ("<html><head><meta charset='utf-8'><title>市政协开展乡村振兴专题调研</title></head><body>"
            "<h1>市政协开展乡村振兴专题调研</h1><div>2024-01-02 来源：某某日报</div>"
            f"<p>{body}</p><p style='text-align:center'><img src='p_files/a.webp'></p>"
            f"<p style='text-align:center'>图为调研现场。</p><p>{body}</p></body></html>")
    (tmp_path / "p.html").write_text(html, "utf-8")
    article = cppcc_publish.read_article(tmp_path / "p.html")
    (caption,) = article.captions
    assert caption.image == "p_files/a.webp"
    ts = {"timestamp": "2025-01-01T00:00:00Z"}
    for fmt in ("pdf", "docx", "epub"):
        diags = writers.write(article, fmt, tmp_path / f"p.{fmt}", ts)
        assert not [d for d in diags if d.code.startswith(("photo", "caption"))], fmt
    with pdfplumber.open(tmp_path / "p.pdf") as doc:
        assert sum(len(page.images) for page in doc.pages) == 1
    for name, member in (("p.docx", "word/media/"), ("p.epub", "EPUB/images/photo")):
        z = zipfile.ZipFile(tmp_path / name)
        (png,) = [n for n in z.namelist() if n.startswith(member)]
        assert png.endswith(".png") and Image.open(io.BytesIO(z.read(png))).size == (2000, 1200)
