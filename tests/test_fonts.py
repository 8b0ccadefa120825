"""Fonts: the bundled faces (names, licences, coverage, size), user and system fonts, the
CFF conversion and its cache, the per-character fallback chain and 〓."""

from __future__ import annotations

import os
import shutil
from importlib.resources import files
from pathlib import Path

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from cppcc_publish.typography import fonts as F
from cppcc_publish.typography.fonts import MISSING, FontError, FontSet, parse_font_spec
from cppcc_publish.typography.linebreak import Style

FONTS_DIR = Path(str(files("cppcc_publish.fonts")))
BUNDLED = sorted(FONTS_DIR.glob("*.ttf"))
NOTO_SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
WENKAI_LIGHT = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf")

RESERVED = ("noto", "source", "lxgw", "霞鹜", "思源", "wenkai")


def gbk_hans() -> set[str]:
    out = set()
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            try:
                ch = bytes((hi, lo)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if "\u4e00" <= ch <= "\u9fff":
                out.add(ch)
    return out


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CPPCC_PUBLISH_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


def test_four_faces_are_bundled_with_licences_and_the_folder_is_small() -> None:
    names = {p.name for p in BUNDLED}
    assert names == {"PolitySerif-Regular.ttf", "PolitySerif-Bold.ttf", "PolitySans-Bold.ttf",
                     "PolityKai-Regular.ttf"}
    for licence in ("OFL-NotoCJK.txt", "OFL-LXGWWenKai.txt"):
        text = (FONTS_DIR / licence).read_text("utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text and "Reserved Font Name" in text
    assert (FONTS_DIR / "FONTLOG.md").is_file() and (FONTS_DIR / "build_fonts.py").is_file()
    total = sum(p.stat().st_size for p in FONTS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert total < 45 * 1024 * 1024, total


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_faces_carry_no_reserved_name_and_are_truetype(path: Path) -> None:
    font = TTFont(path, lazy=True)
    assert "glyf" in font and "CFF " not in font
    assert font["OS/2"].fsType & 0x030E in (0, 0x0008, 0x0004)  # embedding allowed
    for rec in font["name"].names:
        if rec.nameID in (1, 2, 3, 4, 6, 16, 17, 18, 21, 22, 25):
            text = rec.toUnicode().lower()
            assert not any(r in text for r in RESERVED), (rec.nameID, text)
    assert font["name"].getDebugName(1).startswith("Polity ")
    assert "SIL Open Font License" in (font["name"].getDebugName(13) or "")


@pytest.mark.parametrize("role", ["body", "heading", "kai"])
def test_gbk_coverage_of_the_main_faces(role: str) -> None:
    font = TTFont(FONTS_DIR / F.BUNDLED[role], lazy=True)
    cmap = font.getBestCmap()
    missing = [c for c in gbk_hans() if ord(c) not in cmap]
    assert len(missing) == 0, missing[:20]
    for ch in "镕喆堃珺昇玥赟旸〓——……“”‘’《》（），。、：；！？·%0aA":
        assert ord(ch) in cmap, (role, ch)


def test_the_hei_face_has_gb2312_and_the_name_characters() -> None:
    cmap = TTFont(FONTS_DIR / F.BUNDLED["hei"], lazy=True).getBestCmap()
    for ch in "镕喆堃珺昇玥赟旸〓":
        assert ord(ch) in cmap


def test_em_dash_is_a_full_width_rule_and_kai_quotes_are_full_width() -> None:
    for role in ("body", "heading", "hei", "kai"):
        font = TTFont(FONTS_DIR / F.BUNDLED[role])
        cmap = font.getBestCmap()
        glyph = cmap[0x2014]
        advance = font["hmtx"][glyph][0]
        assert advance == 1000, role
        gs = font.getGlyphSet()
        pen = BoundsPen(gs)
        gs[glyph].draw(pen)
        x_min, _, x_max, _ = pen.bounds
        assert x_min <= 10 and x_max >= 990, (role, pen.bounds)  # —— prints as one line
        for q in "“”‘’":
            assert font["hmtx"][cmap[ord(q)]][0] == 1000, (role, q)


def test_every_character_of_the_samples_has_a_real_glyph(parsed) -> None:  # type: ignore[no-untyped-def]
    from cppcc_publish.book import plan_book
    from cppcc_publish.writers.pdf import document_chars
    from cppcc_publish.model import Compilation

    fs = FontSet(system_fonts=False)
    chars = document_chars(plan_book(Compilation.of(*parsed.values())))
    for role in ("body", "heading", "kai", "hei"):
        bad = sorted(c for c in chars if not c.isspace() and fs.missing(c, role))
        assert bad == [], (role, bad)
    assert len(chars) > 1000


def test_fallback_chain_and_geta_mark_without_system_fonts() -> None:
    fs = FontSet(system_fonts=False)
    # 䶮 (U+4DAE, outside GBK) is in no bundled face; nor is an emoji
    for ch in ("䶮", "😀"):
        key, advance, _blank, drawn = fs.resolve(ch, "body")
        assert drawn == MISSING and advance == 1.0
        assert fs.missing(ch, "body")
        assert fs.fallbacks[(ch, "body")].face is None
    shaped = fs.shape("刘䶮😀好", Style("body", 10))
    assert shaped.chars == "刘〓〓好"
    # a character the hei face lacks (not in GB2312 + names) comes from the next face
    rare = next(c for c in sorted(gbk_hans()) if not fs.faces["hei"].has(c))
    key, _a, _b, drawn = fs.resolve(rare, "hei")
    assert drawn == rare and key != fs.faces["hei"].key
    assert fs.fallbacks[(rare, "hei")].face is not None


@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig not installed")
def test_system_font_fallback_draws_a_character_the_bundle_lacks() -> None:
    candidates = F.fonts_with_char("䶮")
    if not candidates:
        pytest.skip("no installed font has U+4DAE")
    fs = FontSet(chars="刘䶮", system_fonts=True)
    key, _adv, _blank, drawn = fs.resolve("䶮", "body")
    assert drawn == "䶮"
    fb = fs.fallbacks[("䶮", "body")]
    assert fb.face is not None and fb.face != fs.faces["body"].label
    # the CFF system font was subset and converted once, into the cache
    cached = list((F.cache_dir()).glob("*.ttf"))
    if any(c.fontformat == "CFF" for c in candidates[:1]):
        assert cached, "converted font not cached"


def test_a_user_truetype_font_per_role() -> None:
    if not WENKAI_LIGHT.is_file():
        pytest.skip("fonts-lxgw-wenkai not installed")
    fs = FontSet({"fangsong": str(WENKAI_LIGHT), "body": str(WENKAI_LIGHT)}, system_fonts=False)
    assert fs.faces["fangsong"].label == str(WENKAI_LIGHT)
    key, _a, _b, drawn = fs.resolve("政", "fangsong")
    assert key == fs.faces["fangsong"].key and drawn == "政"
    # a character the user's body font lacks comes from the bundled body face first
    lacking = next(chr(cp) for cp in sorted(fs.bundled["body"].widths)
                   if cp > 0x2000 and not fs.faces["body"].has(chr(cp)))
    key, _a, _b, drawn = fs.resolve(lacking, "body")
    assert key == fs.bundled["body"].key and drawn == lacking


def test_a_user_cff_collection_is_subset_converted_and_cached() -> None:
    if not NOTO_SERIF.is_file():
        pytest.skip("fonts-noto-cjk not installed")
    F._FACES.clear()
    chars = "政协委员——“好”䶮"
    fs = FontSet({"body": f"{NOTO_SERIF}#2"}, chars=chars, system_fonts=False)
    face = fs.faces["body"]
    for ch in chars:
        assert face.has(ch), ch
    assert face.widths[0x2014] == 1000
    cached = sorted(F.cache_dir().glob("NotoSerifCJK-Regular-2-*.ttf"))
    assert cached
    mtime = cached[0].stat().st_mtime_ns
    F._FACES.clear()
    again = FontSet({"body": f"{NOTO_SERIF}#2"}, chars=chars, system_fonts=False)
    assert again.faces["body"].has("䶮")
    assert cached[0].stat().st_mtime_ns == mtime  # taken from the cache, not rebuilt
    converted = TTFont(cached[0], lazy=True)
    assert "glyf" in converted and len(converted.getGlyphOrder()) < 200


def test_font_specs_and_errors(tmp_path: Path) -> None:
    ttc = tmp_path / "x.ttc"
    ttc.write_bytes(b"ttcf")
    assert parse_font_spec(f"{ttc}#3") == (ttc, 3)
    assert parse_font_spec(str(ttc)) == (ttc, 0)
    assert parse_font_spec("仿宋_GB2312") == "仿宋_GB2312"
    with pytest.raises(FontError, match="no such font file"):
        FontSet({"kai": str(tmp_path / "missing.ttf")})
    with pytest.raises(FontError, match="no such file, and fontconfig knows no family"):
        FontSet({"kai": "Surely No Such Family 123"})
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"\x00\x01\x00\x00garbage")
    with pytest.raises(FontError):
        FontSet({"kai": str(bad)})


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CPPCC_PUBLISH_CACHE", str(tmp_path))
    assert F.cache_dir() == tmp_path / "fonts"
    monkeypatch.delenv("CPPCC_PUBLISH_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and not os.uname().sysname == "Darwin":
        assert F.cache_dir() == tmp_path / "xdg" / "cppcc_publish" / "fonts"


def test_subset_bytes_for_an_epub_are_small_and_deterministic(parsed) -> None:  # type: ignore[no-untyped-def]
    import io as _io

    from cppcc_publish.model import Compilation
    from cppcc_publish.book import plan_book
    from cppcc_publish.writers.pdf import document_chars

    chars = document_chars(plan_book(Compilation.of(*parsed.values())))
    data = F.subset_bytes("body", chars)
    assert data == F.subset_bytes("body", chars)
    assert len(data) < 1_500_000
    cmap = TTFont(_io.BytesIO(data)).getBestCmap()
    assert all(ord(c) in cmap for c in chars if not c.isspace())
    woff = F.subset_bytes("body", "政协", flavor="woff")
    assert woff[:4] == b"wOFF" and len(woff) < 20_000
