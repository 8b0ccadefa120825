"""Fonts for the PDF writer: roles, the bundled faces, user and system fonts, fallback.

A *role* is what a piece of text is set in:

========== ============================== ==============================================
role       used for                       bundled default (``cppcc_publish.fonts``)
========== ============================== ==============================================
body       body text (宋体)                Polity Serif (Noto Serif CJK SC, GBK)
heading    titles, headings, run-ins       Polity Serif Bold (Noto Serif CJK SC Bold, GBK)
hei        黑体 headings (公文 level 1)     Polity Sans Bold (Noto Sans CJK SC Bold, GB2312+)
kai        subtitles, bylines, notes (楷)  Polity Kai (LXGW WenKai, GBK)
fangsong   公文 body (仿宋)                 none can be bundled: the user's or the system's
========== ============================== ==============================================

A user may name a font per role: a path to a TTF, TTC, OTF or OTC file (``file.ttc#2``
picks a collection member) or a family name that fontconfig knows (``仿宋_GB2312``).
reportlab embeds TrueType outlines only, so a CFF font (OTF, OTC, Noto CJK, Fandol) is
subset to the characters of the document and converted to TrueType (:mod:`.convert`);
the result is cached on disk (:func:`cache_dir`), keyed by the font file and the
characters, so the second run costs nothing.  A cached file that does not load (a
damaged disk, a killed run on a file system without atomic rename) is made again, never
silently dropped.

Each role has a fallback chain (its own face, then the other faces, then — unless turned
off — system fonts found with ``fc-list :charset=…``).  A character that no face has is
drawn as ``〓`` (U+3013 GETA MARK, the typesetter's sign for a missing character) and the
writer reports it; nothing is ever drawn as tofu or a silent ``.notdef``.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from fontTools.ttLib import TTCollection, TTFont as FTFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..atomic import sweep_stale, temporary_name
from ..errors import CppccError
from . import convert
from .linebreak import Shaped, Style

Role = Literal["body", "heading", "hei", "kai", "fangsong"]
ROLES: tuple[Role, ...] = ("body", "heading", "hei", "kai", "fangsong")

BUNDLED: dict[str, str] = {
    "body": "PolitySerif-Regular.ttf",
    "heading": "PolitySerif-Bold.ttf",
    "hei": "PolitySans-Bold.ttf",
    "kai": "PolityKai-Regular.ttf",
}
"""Role -> file in the ``cppcc_publish.fonts`` package (see ``fonts/FONTLOG.md``)."""

FALLBACK_ORDER: dict[str, tuple[str, ...]] = {
    "body": ("body", "kai", "heading", "hei"),
    "heading": ("heading", "hei", "body", "kai"),
    "hei": ("hei", "heading", "body", "kai"),
    "kai": ("kai", "body", "heading", "hei"),
    "fangsong": ("fangsong", "kai", "body", "heading", "hei"),
}
"""For each role, the roles whose faces are tried in turn for a character."""

SYSTEM_NAMES: dict[str, tuple[str, ...]] = {
    "fangsong": (
        "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋",
        "方正仿宋_GBK", "方正仿宋简体", "FZFangSong-Z02", "FZFangSong-Z02S", "朱雀仿宋",
        "Zhuque Fangsong", "FandolFang",
    ),
    "kai": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "华文楷体"),
    "hei": ("黑体", "SimHei", "STHeiti", "华文黑体", "Source Han Sans SC", "Noto Sans CJK SC"),
    "body": ("宋体", "SimSun", "STSong", "华文宋体", "Source Han Serif SC", "Noto Serif CJK SC"),
    "heading": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "小标宋", "Source Han Serif SC Bold"),
}
"""Family names looked for with fontconfig when a role has no face of its own (only
``fangsong`` by default, for the ``gbt9704`` preset)."""

MISSING = "〓"
"""Drawn for a character that no face has (U+3013 GETA MARK)."""

CONVERTER_VERSION = "2"
"""Part of the cache key of converted fonts; bump it when :mod:`.convert` changes output."""

# Punctuation whose blank half may be compressed away (typesetting.md §2.3).  Whether the
# blank half is on the left or the right is read from each face's outlines: a Simplified
# Chinese face puts ，。、：； at the left of the em box, a Traditional one centres them.
_COMPRESSIBLE = "，。、：；！？”’）》〉】〗〕］｝」』“‘（《〈【〖〔［｛「『"


class FontError(CppccError):
    """A font the user named cannot be found, read or embedded."""


def cache_dir() -> Path:
    """Where converted fonts are kept: ``$CPPCC_PUBLISH_CACHE/fonts``, else the user cache
    folder (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS,
    ``%LOCALAPPDATA%`` on Windows) + ``cppcc_publish/fonts``."""
    env = os.environ.get("CPPCC_PUBLISH_CACHE")
    if env:
        return Path(env) / "fonts"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "cppcc_publish" / "fonts"


# --------------------------------------------------------------------------- fontconfig


@dataclass(frozen=True, slots=True)
class SystemFont:
    """A font fontconfig reports: file, collection index, family names, format."""

    path: Path
    index: int
    families: tuple[str, ...]
    fontformat: str


@lru_cache(maxsize=256)
def _fc_list(pattern: str) -> tuple[SystemFont, ...]:
    """``fc-list`` for ``pattern``, sorted for determinism; empty without fontconfig.
    Cached for the life of the process (a font installed meanwhile is seen next run)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return ()
    try:
        out = subprocess.run(
            [exe, "--format", "%{file}\t%{index}\t%{family}\t%{fontformat}\n", pattern],
            capture_output=True, text=True, timeout=20, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    fonts: list[SystemFont] = []
    for row in out.splitlines():
        parts = row.split("\t")
        if len(parts) != 4 or not parts[0]:
            continue
        try:
            index = int(parts[1] or 0)
        except ValueError:
            index = 0
        fonts.append(SystemFont(Path(parts[0]), index, tuple(parts[2].split(",")), parts[3]))
    fonts.sort(key=lambda f: (str(f.path), f.index))
    return tuple(fonts)


def find_family(name: str) -> SystemFont | None:
    """The installed font whose family is ``name`` (case-insensitive), via fontconfig."""
    want = name.strip().lower()
    for font in _fc_list(":"):
        if any(f.strip().lower() == want for f in font.families):
            if font.fontformat in ("TrueType", "CFF", ""):
                return font
    return None


def system_font_for(role: str) -> SystemFont | None:
    """The first installed font with one of :data:`SYSTEM_NAMES` for ``role``."""
    installed = _fc_list(":")
    by_family: dict[str, SystemFont] = {}
    for font in installed:
        if font.fontformat not in ("TrueType", "CFF", ""):
            continue
        for fam in font.families:
            by_family.setdefault(fam.strip().lower(), font)
    for name in SYSTEM_NAMES.get(role, ()):
        hit = by_family.get(name.lower())
        if hit is not None:
            return hit
    return None


def fonts_with_char(ch: str) -> list[SystemFont]:
    """Installed outline fonts whose charset has ``ch`` (``fc-list :charset=4dae``)."""
    return [
        f for f in _fc_list(f":charset={ord(ch):x}") if f.fontformat in ("TrueType", "CFF")
    ]


# --------------------------------------------------------------------------- faces


@dataclass(slots=True)
class Face:
    """A font registered with reportlab and the metrics the line breaker needs."""

    key: str
    """The name registered with ``pdfmetrics`` and used by the canvas."""
    label: str
    """For messages: the file (and collection index) it came from."""
    widths: dict[int, int]
    """Code point -> advance in thousandths of an em, for every mapped character."""
    blank: dict[str, int] = field(default_factory=dict)
    """Compressible punctuation -> 1 (blank right half) or 2 (blank left half)."""
    system: bool = False
    style: str = ""
    """For a system fallback face: the style it was chosen for (see :func:`_style_of`)."""
    half: str | None = None
    """Key of the companion font holding the half-width forms of ``blank``'s marks
    (:func:`.convert.half_width_marks`), ``None`` if it could not be made."""

    def has(self, ch: str) -> bool:
        return ord(ch) in self.widths


_REGISTRY_LOCK = threading.Lock()
_FACES: dict[tuple[str, int, str], Face] = {}
"""Loaded faces by (file, index, characters key); reportlab's registry is global too."""


def _blank_sides(path: Path, index: int, widths: Mapping[int, int]) -> dict[str, int]:
    """Which half of each full-width compressible mark is blank, read from the outlines."""
    ft = FTFont(path, fontNumber=index, lazy=True) if _is_collection(path) else FTFont(path, lazy=True)
    try:
        em = ft["head"].unitsPerEm
        cmap = ft.getBestCmap() or {}
        glyph_set = ft.getGlyphSet()
        out: dict[str, int] = {}
        for ch in _COMPRESSIBLE:
            gname = cmap.get(ord(ch))
            if gname is None or widths.get(ord(ch), 0) < 900:
                continue
            from fontTools.pens.boundsPen import BoundsPen

            pen = BoundsPen(glyph_set)
            glyph_set[gname].draw(pen)
            if pen.bounds is None:
                continue
            x_min, _, x_max, _ = pen.bounds
            if x_max <= em * 0.56:
                out[ch] = 1
            elif x_min >= em * 0.44:
                out[ch] = 2
        return out
    finally:
        ft.close()


def _is_collection(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"ttcf"


def _is_cff(path: Path, index: int) -> bool:
    if _is_collection(path):
        coll = TTCollection(path, lazy=True)
        try:
            return convert.is_cff(coll.fonts[index])
        finally:
            coll.close()
    with open(path, "rb") as fh:
        return fh.read(4) == b"OTTO"


def load_face(path: Path, index: int = 0, *, chars: Iterable[str] = (), system: bool = False) -> Face:
    """Register a font file with reportlab, converting CFF outlines first.

    ``chars`` are the characters the document needs; they matter only for a CFF font,
    which is subset to them (plus ``〓``, digits and ASCII) and converted to TrueType in
    :func:`cache_dir`.  Raises :class:`FontError` when the file cannot be used.
    """
    path = Path(path)
    if not path.is_file():
        raise FontError(f"{path}: no such font file")
    try:
        cff = _is_cff(path, index)
    except Exception as exc:  # fontTools raises many kinds on a damaged file
        raise FontError(f"{path}: not a font file fontTools can read ({exc})") from exc
    wanted = ""
    if cff:
        wanted = "".join(sorted(set(chars) | set(MISSING) | {chr(c) for c in range(0x20, 0x7F)}))
    cache_key = (str(path.resolve()), index, wanted)
    with _REGISTRY_LOCK:
        hit = _FACES.get(cache_key)
        if hit is not None:
            return hit
        real_path, real_index = (_converted(path, index, wanted), 0) if cff else (path, index)
        digest = hashlib.sha1(f"{cache_key}".encode()).hexdigest()[:10]
        key = f"cppcc-{path.stem}-{index}-{digest}"
        try:
            try:
                tt = TTFont(key, str(real_path), subfontIndex=real_index)
            except Exception:
                if not cff:
                    raise
                # The cached conversion does not load: make it again, once.
                _discard(real_path)
                real_path = _converted(path, index, wanted)
                tt = TTFont(key, str(real_path), subfontIndex=real_index)
        except TTFError as exc:
            raise FontError(f"{path}: reportlab cannot embed it: {exc}") from exc
        except FontError:
            raise
        except Exception as exc:
            raise FontError(f"{path}: cannot read it as a font: {exc}") from exc
        pdfmetrics.registerFont(tt)
        widths = {int(cp): int(w) for cp, w in tt.face.charWidths.items()}
        # reportlab maps U+0000..U+001F and the like; never print control characters.
        for cp in list(widths):
            if cp < 0x20 or 0x7F <= cp < 0xA0:
                del widths[cp]
        label = f"{path}" + (f"#{index}" if index else "")
        blank = _blank_sides(real_path, real_index, widths)
        face = Face(key, label, widths, blank, system=system)
        if blank:
            face.half = _half_face(real_path, real_index, blank, key)
        _FACES[cache_key] = face
        return face


def _half_face(path: Path, index: int, blank: Mapping[str, int], key: str) -> str | None:
    """Register the half-width companion of a face (made once, cached on disk, or in
    memory when the cache folder cannot be written); ``None`` if it cannot be made."""
    stat = path.stat()
    marks = "".join(sorted(blank))
    digest = hashlib.sha256(
        f"{path.resolve()}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{CONVERTER_VERSION}|{marks}".encode()
    ).hexdigest()[:20]
    cached = cache_dir() / f"{path.stem}-{index}-half-{digest}.ttf"
    half_key = f"{key}-half"
    if cached.is_file():
        try:
            pdfmetrics.registerFont(TTFont(half_key, str(cached)))
            return half_key
        except Exception:  # a damaged cache file: made again below
            _discard(cached)
    source: Path | io.BytesIO
    try:
        font = FTFont(path, fontNumber=index, recalcTimestamp=False) if _is_collection(path) else FTFont(
            path, recalcTimestamp=False
        )
        try:
            convert.subset(font, [ord(c) for c in blank])
            convert.half_width_marks(font, {ord(c): side for c, side in blank.items()})
            # reportlab takes two files with one PostScript name for one font
            table = font["name"]
            ps = (table.getDebugName(6) or path.stem).replace(" ", "")
            table.names = [r for r in table.names if r.nameID != 6]
            table.setName(f"{ps}-Half"[:63], 6, 3, 1, 0x409)
            table.setName(f"{ps}-Half"[:63], 6, 1, 0, 0)
            data = io.BytesIO()
            font.save(data)
        finally:
            font.close()
        try:
            _store(cached, data.getvalue())
            source = cached
        except OSError:
            data.seek(0)
            source = data
        pdfmetrics.registerFont(TTFont(half_key, source if isinstance(source, io.BytesIO) else str(source)))
        return half_key
    except Exception:  # a face without usable half forms still works: marks then overlap
        return None


def _converted(path: Path, index: int, wanted: str) -> Path:
    """A TrueType copy of a CFF font subset to ``wanted``, made once and cached on disk."""
    stat = path.stat()
    key = hashlib.sha256(
        f"{path.resolve()}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{CONVERTER_VERSION}|{wanted}".encode()
    ).hexdigest()[:20]
    folder = cache_dir()
    out = folder / f"{path.stem}-{index}-{key}.ttf"
    if out.is_file():
        return out
    folder.mkdir(parents=True, exist_ok=True)
    try:
        font = FTFont(path, fontNumber=index, recalcTimestamp=False) if _is_collection(path) else FTFont(
            path, recalcTimestamp=False
        )
        full = convert.full_width_dash(font)
        if full is not None:
            convert.remap(font, {0x2014: full})
        convert.subset(font, (ord(c) for c in wanted))
        convert.cff_to_truetype(font)
        data = io.BytesIO()
        font.save(data)
        _store(out, data.getvalue())
    except Exception as exc:
        raise FontError(f"{path}: converting its CFF outlines to TrueType failed: {exc}") from exc
    return out


def _store(dest: Path, data: bytes) -> None:
    """Put ``data`` in the cache at ``dest`` atomically, sweeping the temporary files
    killed runs left there."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(dest.parent)
    tmp = dest.with_name(temporary_name(dest.name))
    try:
        tmp.write_bytes(data)
        os.replace(tmp, dest)
    except BaseException:
        _discard(tmp)
        raise


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def bundled_path(role: str) -> Path:
    """The file of a bundled face; ``FontError`` if the package was built without it."""
    name = BUNDLED[role]
    resource = files("cppcc_publish.fonts") / name
    if not resource.is_file():
        raise FontError(
            f"the bundled font {name} is missing from cppcc_publish.fonts; rebuild it with "
            "'python3 fonts/build_fonts.py' (needs fonts-noto-cjk and fonts-lxgw-wenkai)"
        )
    return Path(str(resource))


def parse_font_spec(spec: str | os.PathLike[str]) -> tuple[Path, int] | str:
    """``/x/simsun.ttc#1`` -> (path, 1); an existing path -> (path, 0); else a family name."""
    text = os.fspath(spec).strip()
    base, sep, frag = text.rpartition("#")
    if sep and frag.isdigit() and Path(base).expanduser().is_file():
        return Path(base).expanduser(), int(frag)
    p = Path(text).expanduser()
    if p.is_file() or p.suffix.lower() in (".ttf", ".ttc", ".otf", ".otc"):
        return p, 0
    return text


# --------------------------------------------------------------------------- the font set


@dataclass(frozen=True, slots=True)
class Fallback:
    """A character drawn from a face outside its role (``info``) or from none (``〓``)."""

    char: str
    role: str
    face: str | None
    """The face's label, ``None`` when no face has the character."""


class FontSet:
    """The faces of one document and the per-character fallback chain; a line-breaking
    :class:`~.linebreak.Shaper`.

    ``user`` maps roles to a font file or family name.  ``chars`` are all the characters
    the document will print (a CFF font is subset to them).  ``system_fonts`` allows
    looking up, through fontconfig, a face for a character none of the others has.
    """

    def __init__(
        self,
        user: Mapping[str, str | os.PathLike[str] | None] | None = None,
        *,
        chars: Iterable[str] = (),
        system_fonts: bool = True,
        find_fangsong: bool = False,
    ) -> None:
        sweep_stale(cache_dir())  # what killed runs left in the font cache
        self.chars = frozenset(chars)
        self.notes: list[str] = []
        """Human-readable notes about substitutions (for warnings)."""
        self.faces: dict[str, Face] = {}
        self.fallbacks: dict[tuple[str, str], Fallback] = {}
        self._system_fonts = system_fonts
        self._system_faces: list[Face] = []
        self._system_tried: dict[tuple[str, str], Face | None] = {}
        self._cache: dict[str, dict[str, tuple[str, float, int, str]]] = {r: {} for r in ROLES}
        self._halves: dict[str, str] = {}
        """Face key -> key of its half-width companion."""
        self.bundled: dict[str, Face] = {}
        """The bundled faces, kept behind a user's face of the same role in its chain."""
        user = dict(user or {})
        for role in ROLES:
            if role in BUNDLED:
                self.bundled[role] = load_face(bundled_path(role))
            spec = user.get(role)
            if spec:
                self.faces[role] = self._user_face(role, spec)
            elif role in self.bundled:
                self.faces[role] = self.bundled[role]
        if "fangsong" not in self.faces and find_fangsong:
            found = system_font_for("fangsong")
            if found is not None:
                try:
                    self.faces["fangsong"] = load_face(found.path, found.index, chars=self.chars, system=True)
                except FontError as exc:
                    self.notes.append(f"the system 仿宋 {found.path} cannot be used: {exc}")

    def _user_face(self, role: str, spec: str | os.PathLike[str]) -> Face:
        parsed = parse_font_spec(spec)
        if isinstance(parsed, str):
            found = find_family(parsed)
            if found is None:
                raise FontError(
                    f"font {parsed!r} for {role} text: no such file, and fontconfig knows no "
                    "family of that name (give a path to a .ttf/.ttc/.otf/.otc file)"
                )
            return load_face(found.path, found.index, chars=self.chars)
        path, index = parsed
        return load_face(path, index, chars=self.chars)

    def is_system_face(self, key: str) -> bool:
        """Whether the face registered as ``key`` was found by fontconfig for a character
        (not a bundled or user-named face)."""
        return any(f.key == key for f in self._system_faces) and not any(
            f.key == key for f in self.faces.values()
        )

    def has_role(self, role: str) -> bool:
        return role in self.faces

    def face_of(self, role: str) -> Face | None:
        return self.faces.get(role)

    def _chain(self, role: str) -> list[Face]:
        """The faces tried for a character of ``role``: the role's own face, the bundled
        face of that role (behind a user's font lacking the character), then the other
        roles' faces in :data:`FALLBACK_ORDER`."""
        out: list[Face] = []
        for r in FALLBACK_ORDER.get(role, (role,)):
            for f in (self.faces.get(r), self.bundled.get(r)):
                if f is not None and f not in out:
                    out.append(f)
        return out

    def _system_face(self, ch: str, role: str) -> Face | None:
        if not self._system_fonts:
            return None
        if (ch, role) in self._system_tried:
            return self._system_tried[(ch, role)]
        found: Face | None = None
        for face in self._system_faces:
            if face.has(ch) and face.style == _style_of(role):
                found = face
                break
        else:
            if len(self._system_tried) < 200:  # a document full of exotic characters: stop asking
                for cand in _prefer(fonts_with_char(ch), role):
                    try:
                        face = load_face(cand.path, cand.index, chars=self.chars | {ch}, system=True)
                    except FontError:
                        continue
                    if face.has(ch) and _draws_something(cand.path, cand.index, ch):
                        face.style = _style_of(role)
                        self._system_faces.append(face)
                        found = face
                        break
        self._system_tried[(ch, role)] = found
        return found

    def resolve(self, ch: str, role: str) -> tuple[str, float, int, str]:
        """(face key, advance in em, blank side, character drawn) for ``ch`` in ``role``."""
        cached = self._cache[role].get(ch)
        if cached is not None:
            return cached
        chain = self._chain(role)
        drawn = ch
        face: Face | None = None
        for f in chain:
            if f.has(ch):
                face = f
                break
        if face is None:
            face = self._system_face(ch, role)
        if face is None:
            drawn = MISSING
            face = next((f for f in chain if f.has(MISSING)), chain[0])
            self.fallbacks[(ch, role)] = Fallback(ch, role, None)
        elif chain and face is not chain[0]:
            self.fallbacks[(ch, role)] = Fallback(ch, role, face.label)
        out = (face.key, face.widths.get(ord(drawn), 1000) / 1000.0, face.blank.get(drawn, 0), drawn)
        if face.half:
            self._halves[face.key] = face.half
        self._cache[role][ch] = out
        return out

    def missing(self, ch: str, role: str) -> bool:
        """Whether ``ch`` in ``role`` is printed as ``〓`` because no face has it."""
        return self.resolve(ch, role)[3] != ch

    def shape(self, text: str, style: Style) -> Shaped:
        cache = self._cache.get(style.role)
        if cache is None:
            raise FontError(f"unknown font role {style.role!r} (known: {', '.join(ROLES)})")
        size = style.size
        resolved = [cache.get(ch) or self.resolve(ch, style.role) for ch in text]
        halves = self._halves
        return Shaped(
            "".join(r[3] for r in resolved),
            tuple(r[0] for r in resolved),
            tuple(r[1] * size for r in resolved),
            tuple(r[2] for r in resolved),
            tuple(halves.get(r[0], "") if r[2] else "" for r in resolved),
        )

    def width(self, text: str, style: Style) -> float:
        return sum(self.shape(text, style).advances)


_STYLE_HINTS: dict[str, tuple[str, ...]] = {
    "song": ("serif", "song", "宋", "ming", "明"),
    "kai": ("kai", "楷"),
    "hei": ("sans", "hei", "黑", "gothic"),
    "fangsong": ("fang", "仿"),
}


def _style_of(role: str) -> str:
    return {"body": "song", "heading": "song", "hei": "hei", "kai": "kai", "fangsong": "fangsong"}.get(
        role, "song"
    )


def _prefer(candidates: Sequence[SystemFont], role: str) -> list[SystemFont]:
    """System fonts for a missing character, best first: the role's style (a 宋 face for
    body text), Simplified Chinese forms, the role's weight, then file order."""
    hints = _STYLE_HINTS[_style_of(role)]

    want_bold = role in ("heading", "hei")

    def rank(font: SystemFont) -> tuple[int, int, int, str, int]:
        names = " ".join(font.families).lower()
        style = 0 if any(h in names for h in hints) else 1
        simplified = 0 if any(t in names for t in (" sc", "gb", "cn", "hans", "简")) else 1
        bold = any(w in font.path.name.lower() for w in ("bold", "heavy", "black"))
        return (style, simplified, 0 if bold == want_bold else 1, str(font.path), font.index)

    return sorted(candidates, key=rank)


def _draws_something(path: Path, index: int, ch: str) -> bool:
    """Whether the glyph for ``ch`` has an outline (colour-emoji fonts map characters to
    bitmap-only glyphs that reportlab would print blank)."""
    try:
        ft = FTFont(path, fontNumber=index, lazy=True) if _is_collection(path) else FTFont(path, lazy=True)
    except Exception:
        return False
    try:
        if "glyf" not in ft and "CFF " not in ft:
            return False
        gname = (ft.getBestCmap() or {}).get(ord(ch))
        if gname is None:
            return False
        from fontTools.pens.boundsPen import BoundsPen

        glyph_set = ft.getGlyphSet()
        pen = BoundsPen(glyph_set)
        glyph_set[gname].draw(pen)
        return pen.bounds is not None
    except Exception:
        return False
    finally:
        ft.close()


def subset_bytes(
    role: str = "body",
    chars: Iterable[str] = (),
    *,
    flavor: Literal["ttf", "woff", "woff2"] = "ttf",
) -> bytes:
    """The bundled face of ``role`` subset to ``chars``, as font file bytes.

    For the EPUB writer's embedded font: a book of 300 articles uses some 3,000 distinct
    characters, and their subset of Polity Serif is a few hundred kilobytes instead of
    9.7 MB.  ``woff`` needs nothing more; ``woff2`` needs the ``brotli`` module.  The same
    characters give the same bytes.
    """
    font = FTFont(bundled_path(role), recalcTimestamp=False)
    try:
        wanted = {ord(c) for c in chars} | {ord(MISSING), 0x20}
        convert.subset(font, wanted)
        if flavor != "ttf":
            font.flavor = flavor
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    finally:
        font.close()


def document_fonts(fontset: FontSet) -> Sequence[Face]:
    """Every face that may be embedded (for messages and tests)."""
    return [*fontset.faces.values(), *fontset._system_faces]


__all__ = [
    "BUNDLED",
    "FALLBACK_ORDER",
    "Face",
    "Fallback",
    "FontError",
    "FontSet",
    "MISSING",
    "ROLES",
    "Role",
    "SYSTEM_NAMES",
    "SystemFont",
    "bundled_path",
    "cache_dir",
    "document_fonts",
    "find_family",
    "fonts_with_char",
    "load_face",
    "parse_font_spec",
    "subset_bytes",
    "system_font_for",
]
