#!/usr/bin/env python3
"""Rebuild the fonts bundled in this folder from Debian's font packages.

    apt-get install fonts-noto-cjk fonts-lxgw-wenkai
    python3 fonts/build_fonts.py            # writes fonts/*.ttf, about 3 minutes

Four faces, each renamed because the OFL forbids a modified font to keep a Reserved
Font Name ("Source" for Noto CJK, "霞鹜"/"LXGW" for WenKai):

====================== ================================= =========================================
file                   made from                         characters
====================== ================================= =========================================
PolitySerif-Regular    Noto Serif CJK SC Regular (CFF)   all of GBK (21,003 Han) + Latin, punctuation
PolitySerif-Bold       Noto Serif CJK SC Bold (CFF)      all of GBK + Latin, punctuation
PolitySans-Bold        Noto Sans CJK SC Bold (CFF)       GB2312 (6,763 Han) + the GBK Han listed in
                                                         ``NAME_HANS`` + Latin, punctuation
PolityKai-Regular      LXGW WenKai Regular (TrueType)    all of GBK + Latin, punctuation
====================== ================================= =========================================

CFF outlines are converted to TrueType (reportlab embeds only ``glyf`` fonts), U+2014 is
pointed at Noto's full-width rule (the default glyph is 0.89 em and its ``fwid`` form
has side bearings, so ``——`` would show a gap; U+2500's glyph is the same rule edge to
edge), WenKai gets one-em “ ” ‘ ’ (its own are 0.35 em, meant for Latin text).
The output is byte-for-byte reproducible from the same source files: timestamps are kept
from the sources and nothing random is written.  FONTLOG.md records the sha256 of every
source and output.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from cppcc_publish.typography.convert import (  # noqa: E402
    add_offset_glyph,
    cff_to_truetype,
    full_width_dash,
    remap,
    rename,
    subset,
)

NOTO = Path("/usr/share/fonts/opentype/noto")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai")
VERSION = "1.000"

# Non-Han characters every face keeps: Latin with pinyin tone marks, Greek and Cyrillic
# (GBK has them), general punctuation (— … ‰ ′ ″ ※), letterlike symbols (℃ №), Roman
# numerals (Ⅻ), arrows, enclosed numbers (① ⑴ ⒈), geometric shapes (□ ■ ○ ● △ ▲ ◆),
# stars (★ ☆), CJK symbols and punctuation (、。〈〉《》「」『』【】〓〔〕〖〗), parenthesised
# and circled ideographs (㈠ ㊣), units (㎡ ㎏), vertical forms and full-width ASCII.
SYMBOL_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x017F), (0x01CD, 0x01DC), (0x01F8, 0x01F9),
    (0x0251, 0x0251), (0x0261, 0x0261), (0x02C6, 0x02DD), (0x0391, 0x03C9),
    (0x0401, 0x0451), (0x2010, 0x205E), (0x20AC, 0x20AC), (0x2100, 0x218F),
    (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F),
    (0x25A0, 0x25FF), (0x2600, 0x266F), (0x2E3A, 0x2E3B), (0x3000, 0x303F),
    (0x3200, 0x33FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)

# Characters outside GB2312 that committee members' names and place names use often
# (typesetting.md §6 names the first ones); the bold face keeps them so that a name in
# a heading or title is not printed half bold, half regular.
NAME_HANS = (
    "镕喆堃珺昇玥赟旸婧彧祎琰琛瑄瑢瑾璟璇炜烨焱煜熠昊晟晖晔暐曦昱晗翀翚翯"
    "犇淼垚鑫喆颢颙韡頔骞骎骐骅骢鹍鹏鹓鸾铖铠铭锃锟镇镕铉钊钰钺锷锦锴镛"
    "琪琦琨瑛瑜瑞瑶璐璋璞瓒珣珩珮玮玳玠玢玹珈珏珅珙珥珲琇琮琯瑗瑀瑭瑷璠"
    "堉堇埕埙垠垲坤坛坶垍埔崟嵘嶙峣峤岚岍岵岫峄崑嵛嵬嶂巍"
    "娉婕婷嫣媛姝妤妍姮姣娅娴嫱嫚"
    "湉渤溥滢潆澍濡涴淇淦渲湜溱滟漪潼澄瀚灏沣汭沄泓泠洺浛浥涵淏"
    "彤彪彬彰徽悦恺惇愔憬懋"
    "荟萃莙莛菁萱葳蔚蕙薇蘅芃芊芮苒茜茱荃荀荔荣"
    "桉梓棣楠榕槿樾檬柘栩桢梃"
    "旻昉昕昶晁晏晞暄暻曜"
    "禛禧祺祯禹"
    "钦锋铮锐"
    "郄郗邝邬邰郜鄢"
)


@dataclass(frozen=True)
class Face:
    out: str
    source: Path
    family: str
    style: str
    charset: str  # "gbk" or "gb2312+names"
    region: str | None = None  # the TTC member to take, e.g. "SC"
    full_width_quotes: bool = False


FACES = (
    Face("PolitySerif-Regular.ttf", NOTO / "NotoSerifCJK-Regular.ttc", "Polity Serif", "Regular", "gbk", "SC"),
    Face("PolitySerif-Bold.ttf", NOTO / "NotoSerifCJK-Bold.ttc", "Polity Serif", "Bold", "gbk", "SC"),
    Face("PolitySans-Bold.ttf", NOTO / "NotoSansCJK-Bold.ttc", "Polity Sans", "Bold", "gb2312+names", "SC"),
    Face("PolityKai-Regular.ttf", WENKAI / "LXGWWenKai-Regular.ttf", "Polity Kai", "Regular", "gbk",
         full_width_quotes=True),
)


def _double_byte(codec: str) -> set[int]:
    out: set[int] = set()
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            try:
                out.add(ord(bytes((hi, lo)).decode(codec)))
            except UnicodeDecodeError:
                pass
    return out


def charset(name: str) -> set[int]:
    symbols = {cp for lo, hi in SYMBOL_RANGES for cp in range(lo, hi + 1)}
    if name == "gbk":
        return symbols | _double_byte("gbk")
    if name == "gb2312+names":
        return symbols | _double_byte("gb2312") | {ord(c) for c in NAME_HANS}
    raise ValueError(name)


def _open(face: Face) -> TTFont:
    if face.region is None:
        return TTFont(face.source, recalcTimestamp=False, recalcBBoxes=True)
    collection = TTCollection(face.source, lazy=True)
    for index, member in enumerate(collection.fonts):
        if member["name"].getDebugName(1).endswith(f" {face.region}"):
            return TTFont(face.source, fontNumber=index, recalcTimestamp=False)
    raise SystemExit(f"{face.source}: no {face.region} member")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(face: Face, out_dir: Path) -> Path:
    started = time.perf_counter()
    font = _open(face)
    source_name = font["name"].getDebugName(4)
    source_version = font["name"].getDebugName(5)
    wanted = charset(face.charset)
    # U+2014 → a full-width rule without side bearings, so that —— prints as one line;
    # done before subsetting so that the glyph is kept.
    full = full_width_dash(font)
    if full is not None and face.region is not None:
        remap(font, {0x2014: full})
    subset(font, wanted)
    cff_to_truetype(font)
    if face.full_width_quotes:
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        em = font["head"].unitsPerEm
        new: dict[int, str] = {}
        for cp, opening in ((0x201C, True), (0x2018, True), (0x201D, False), (0x2019, False)):
            glyph = cmap.get(cp)
            if glyph is None or hmtx[glyph][0] >= em * 0.9:
                continue
            dx = em - hmtx[glyph][0] if opening else 0
            new[cp] = add_offset_glyph(font, glyph, f"uni{cp:04X}.fw", em, dx)
        remap(font, new)
    how = "converted from CFF to TrueType outlines, U+2014 set as a full-width rule, " if face.region else ""
    if face.full_width_quotes:
        how += "one-em quotation marks added, "
    rename(
        font,
        face.family,
        face.style,
        version=VERSION,
        description=(
            f"Modified from {source_name} {source_version} by cppcc_publish fonts/build_fonts.py: "
            f"{how}subset to {face.charset.upper()} and punctuation, renamed "
            "as the SIL Open Font License 1.1 requires."
        ),
    )
    out = out_dir / face.out
    font.save(out)
    print(
        f"{face.out}: {len(font.getGlyphOrder())} glyphs, {out.stat().st_size / 1e6:.1f} MB, "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: this folder)")
    parser.add_argument("--only", action="append", help="build only this output file (repeatable)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    log: list[str] = []
    for face in FACES:
        if args.only and face.out not in args.only:
            continue
        if not face.source.exists():
            print(f"{face.source} is missing: apt-get install fonts-noto-cjk fonts-lxgw-wenkai", file=sys.stderr)
            return 1
        out = build(face, args.out)
        log.append(
            f"| {face.out} | {face.source.name} (sha256 {_sha256(face.source)[:16]}…) | "
            f"{out.stat().st_size} | {_sha256(out)[:16]}… |"
        )
    print("\n".join(log))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
