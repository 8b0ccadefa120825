"""A tolerant grammar for the labelled lines of a page: metadata, bylines, editor lines.

Every reader meets these lines in a hundred shapes: ``时间：2019-09-18 06:23 来源： 山西日报``,
``2022-02-13 07:00:00来源：央广网``, ``发布日期:2020年03月24日打印本页关闭窗口``, ``光明日报记者
王建宏 张文攀``, ``[作者: 刘满仓 　责任编辑: 杨丹宇 ]``, ``医技药剂党支部、药剂科供稿 摄影/张艳
编辑/苏芳``.  :func:`read_labels` reads any run of ``key：value`` items (in any order, with
values that run into the next key, dates in any of the usual forms) and any run of credits
(role words before or after names, several names, glued outlets and qualifiers), and says
how much of the line it could not read.  Everything works on a line's *view*.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..charsets import HAN
from ..model import Role
from . import vocabulary as V
from .trie import LazyPattern, trie

# --- dates ------------------------------------------------------------------------------

# 2019-09-18 / 2019年06月15日 / 2022.01.20 / 2023/6/15 / 2023 11/ 17 (a copied widget),
# with a time glued or spaced after it: 2024-05-15 08:58:52 / 2019年06月15日08:18.
# Not a date: 11220000013544357T/2022-00426 (an index number), 2022年第3期.
DATE = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*[-/.年]?\s*(?<=[-/.年\s])(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?![\d.])\s*日?"
)
TIME = re.compile(r"\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
DATE_TIME = re.compile(DATE.pattern + r"(?:" + TIME.pattern + r")?")


def parse_date(text: str) -> _dt.date | None:
    """The first valid date in ``text``."""
    for m in DATE.finditer(text):
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


# --- names ------------------------------------------------------------------------------

_HAN_RUN = re.compile(f"[{HAN}·•]+")
# Words in a credit that name nobody in particular: 受访者供图 / 资料图 / 本站原创.
_GENERIC = frozenset("受访者 资料 网络 网友 本站 本网 本报 本刊 新华社 新华社发 通讯员 记者 作者 原创 供图".split())
# Endings of an organisation's name: 医技药剂党支部 / 药剂科 / 儿童心理调研课题组.
_ORG_END = re.compile(
    r"(?:部|科|处|室|局|厅|委|会|院|所|校|站|队|组|团|社|营|版|栏|中心|公司|集团|支部|总支|党委|政府|办公室|课题组|委员会|协会|学会|网|报|台|频道|馆)$"
)


_COMPOUND = frozenset(V.COMPOUND_SURNAMES)


def is_person_name(name: str, *, strict: bool = False) -> bool:
    """A Chinese personal name: two to four Han characters, the first a surname when
    ``strict`` (where no role word vouches for it): 张巨峰, 欧阳修文; not 下, 关于, 办公室."""
    name = name.replace("·", "").replace("•", "")
    if not 2 <= len(name) <= 4 or name in _GENERIC or _ORG_END.search(name) and len(name) > 2:
        return False
    if not all("\u3400" <= c <= "\u9fff" for c in name):
        return False
    if not strict:
        return True
    if name[:2] in _COMPOUND:
        return len(name) >= 3
    return name[0] in V.SURNAMES and len(name) <= 3


def split_glued(run: str) -> list[str] | None:
    """Names written without a separator, as some bylines print them: 罗科苏盈 → 罗科, 苏盈.
    Only an even split into two- or three-character names that each open with a surname."""
    for size in (2, 3):
        if len(run) % size == 0 and len(run) // size >= 2:
            parts = [run[i : i + size] for i in range(0, len(run), size)]
            if all(is_person_name(p, strict=True) for p in parts):
                return parts
    return None


# --- credits ----------------------------------------------------------------------------

_ROLE_TO_MODEL: dict[str, Role] = dict(V.ROLE_WORDS)
# Multi-character role words may stand anywhere; one-character ones (文, 摄, 图) only where
# a mark or the end of a run shows they are not part of a name: 文/张三, 张三/文, 刘通摄.
_LONG_ROLES = [w for w in V.ROLE_WORDS if len(w) > 1]
ROLE = LazyPattern(lambda: rf"(?:(?:{trie(V.ROLE_QUALIFIERS)})?(?:{trie(_LONG_ROLES)}))"
    rf"|文(?=\s*[/丨|：:])|(?<=[/丨|])\s*[文图摄](?=[\s/丨|）)]|$|受访者|供图|资料)|摄(?![{HAN}])|图(?=\s*[/丨|：:])"
)
_SUFFIX_ROLES = frozenset("摄 摄影 整理 供稿 供图 编译 文 图 整合 辑录".split())
_SEPARATORS = " 、，,;；"
# Not names: 发自北京, (姚峰 上海报道), 新华社发, markers, 【纠错】.
_DROP = re.compile(
    rf"发自[^\s，,]{{1,6}}|(?:[{HAN}]{{2,4}})?(?:联合)?报道|新华社发|[□■●◆◇▲△▪▫★☆]|【纠错】|纠错"
)
_BRACKETS = "[]【】（）()《》〔〕「」<>"
_SPLIT_NAMES = re.compile("[ 、，,;；]+")
_CODE = re.compile(r"[A-Za-z0-9_.\-]+")
_PAREN_CHARS = re.compile("[（）()]")
_OUTLET_CHARS = re.compile(rf"[{HAN}A-Za-z0-9·\-－—]+")
_STOPS = re.compile(r"[。！？]")
_SPACED_KEY = re.compile(rf"(?<=[{HAN}]) +(?=[{HAN}]\s*[：:])")


@dataclass(slots=True)
class Credits:
    """What a credit string gives: people with their roles, and what could not be read."""

    people: list[tuple[str, Role | str]] = field(default_factory=list)
    roles_seen: int = 0
    residue: str = ""
    outlets: list[str] = field(default_factory=list)


def _names(chunk: str, role: str | None) -> tuple[list[str], list[str], str]:
    """Split a run of names; returns the people, the organisations (a 供稿 credit, or an
    organisation given as 作者) and what is neither."""
    names: list[str] = []
    orgs: list[str] = []
    residue: list[str] = []
    tokens = [t for t in _SPLIT_NAMES.split(chunk) if t]
    # Letter-spaced names: 邹 明 → 邹明; 张  三 → 张三.
    merged: list[str] = []
    for t in tokens:
        if len(t) == 1 and merged and len(merged[-1]) == 1 and _HAN_RUN.fullmatch(t):
            merged[-1] += t
        else:
            merged.append(t)
    for t in merged:
        if not _HAN_RUN.fullmatch(t):
            if _CODE.fullmatch(t):
                continue  # an editor's code such as PN269
            residue.append(t)
            continue
        if t in _GENERIC:
            continue
        if role == "organisation" or (role in ("author", None) and len(t) > 3 and _ORG_END.search(t)):
            orgs.append(t)
        elif len(t) >= 4 and (glued := split_glued(t)) is not None:
            names.extend(glued)
        elif is_person_name(t, strict=role is None) or ("·" in t and 3 <= len(t) <= 16):
            # After a role word any two to four characters may be a name (格桑边觉); alone,
            # a name must open with a surname.
            names.append(t)
        else:
            residue.append(t)
    return names, orgs, "".join(residue)


def _role_of(word: str) -> str | None:
    for q in V.ROLE_QUALIFIERS:
        if word.startswith(q) and word[len(q):] in V.ROLE_WORDS:
            word = word[len(q):]
            break
    return _ROLE_TO_MODEL.get(word)


def read_credits(text: str, default: Role | str | None = None) -> Credits:
    """Read a credit string: ``光明日报记者 王建宏 张文攀`` → two reporters;
    ``李尕 摄`` → a photographer; ``文丨政能亮特约评论员 韩涵`` → an author (the outlet
    政能亮 noted); ``记者王敬照`` → a reporter.  Names with no role word take ``default``,
    and must then look like personal names (a surname first)."""
    out = Credits()
    text = _DROP.sub(" ", text).strip(" " + _BRACKETS)
    text = _PAREN_CHARS.sub(" ", text)
    text = _SPACED_KEY.sub("", text)  # 监 制：高明勇 → 监制：高明勇
    # Alternate text and role words: ["光明日报", 记者, " 王建宏 张文攀"].
    pieces: list[str] = []
    roles: list[str] = []
    pos = 0
    for m in ROLE.finditer(text):
        pieces.append(text[pos : m.start()])
        roles.append(m.group(0).strip())
        pos = m.end()
    pieces.append(text[pos:])
    out.roles_seen = len(roles)
    # A role word with names before it and nothing but a separator after it takes those
    # names (李尕 摄, 罗鸣 整理, 马俊峰/文, 药剂科供稿); any other takes the names after it.
    suffix = [False] * len(roles)
    for k, word in enumerate(roles):
        before, after = pieces[k], pieces[k + 1]
        if word not in _SUFFIX_ROLES or not before.strip(" /丨|" + _SEPARATORS):
            continue
        closes = not after.strip() or after[:1] in " /丨|、，,"
        marked = before.rstrip(" ").endswith(("/", "丨", "|")) or not before.endswith(" ") or word in ("摄", "整理", "供稿", "供图")
        if closes and marked:
            suffix[k] = True
    pending: str | None = default
    has_names = False
    residue: list[str] = []
    for k, chunk in enumerate(pieces):
        next_role = roles[k] if k < len(roles) else None
        if next_role is not None and suffix[k]:
            role: str | None = _role_of(next_role)
        else:
            role = pending
        body = chunk.strip(" /丨|：:" + _SEPARATORS)
        if body:
            glued_before_role = next_role is not None and not suffix[k] and not chunk.endswith(tuple(" /丨|：:" + _SEPARATORS))
            if glued_before_role or (next_role is not None and not suffix[k] and not has_names and pending is None):
                # An outlet before a role word: 光明日报记者 / 新华网黑龙江频道 记者 / 松花江网编辑.
                head, _, outlet = body.rpartition(" ")
                out.outlets.append(outlet)
                body = head.strip()
            if body:
                names, orgs, rest = _names(body, role)
                if role is None and names and not all(is_person_name(n, strict=True) for n in names):
                    rest, names = rest + "".join(names), []
                if role is None and orgs:
                    rest, orgs = rest + "".join(orgs), []
                out.people.extend((n, role or "author") for n in names)
                out.people.extend((o, "organisation") for o in orgs)
                has_names = has_names or bool(names)
                residue.append(rest)
        if next_role is not None and not suffix[k]:
            previous = roles[k - 1] if k > 0 else None
            combined = previous is not None and not suffix[k - 1] and not pieces[k].strip(" /、")
            if not combined:  # 文/图 刘玺东: the names take the first role
                pending = _role_of(next_role) or pending
                has_names = False
    out.residue = "".join(residue)
    return out


# --- labelled lines ---------------------------------------------------------------------


def _tolerant(key: str) -> str:
    """A key letter-spaced on some pages: 监 制： / 标      题： / 索  引 号："""
    return r"\s*".join(re.escape(c) for c in key)


_KEYS = sorted(V.META_KEYS, key=len, reverse=True)
# key：value, or 来源于 / 素材来源 without a colon.
LABEL = LazyPattern(lambda: rf"(?P<key>{'|'.join(_tolerant(k) for k in _KEYS)})\s*(?:[：:]\s*|(?<=于))")
_PARENS = re.compile(r"[（(][^（）()]*[)）]")
_WIDGETS = LazyPattern(lambda: trie(V.WIDGET_WORDS))
_URL = re.compile(r"(?:https?[:：]//)?[\w.-]+\.(?:com|cn|net|org|gov|edu)(?:\.cn)?[/\w.-]*", re.ASCII | re.IGNORECASE)
_VALUE_STOP = re.compile(r"\s*[|｜]\s*")
_WIDGET_TAIL = re.compile(
    r"(?:打印本页|打印|关闭窗口|关闭|收藏|分享|字体|字号|【.*|\[.*|网友评论.*|评论\s*\d.*|\d+\s*人参与.*|来自.*|发布于.*|官方账号.*).*$"
)


@dataclass(slots=True)
class Labels:
    """What a labelled line says."""

    date: _dt.date | None = None
    authored_date: _dt.date | None = None
    source: str | None = None
    implicit_source: str | None = None
    issuer: str | None = None
    title: str | None = None
    credits: list[tuple[str, Role | str]] = field(default_factory=list)
    keys: int = 0
    roles: int = 0
    has_date: bool = False
    residue: str = ""
    empty_source: bool = False

    @property
    def understood(self) -> bool:
        """The line holds labels (or credits) and little else."""
        return bool(self.keys or self.roles or self.has_date) and len(self.residue) <= 4


def clean_source(value: str) -> tuple[str | None, str | None]:
    """The outlet in a 来源 value, and a person's name printed after it
    (``中国新闻网 王帆`` → 中国新闻网, 王帆; ``人民日报2024-05-13 08:49`` → 人民日报)."""
    value = _VALUE_STOP.split(value, maxsplit=1)[0]
    m = DATE.search(value)
    if m:
        value = value[: m.start()]
    m = _WIDGETS.search(value)
    if m:
        value = value[: m.start()]  # 21世纪经济报道 发表评论 查看评论
    value = _WIDGET_TAIL.sub("", value).strip(" -—:：" + _BRACKETS)
    if not value:
        return None, None
    head, _, last = value.rpartition(" ")
    if head and is_person_name(last, strict=True) and not is_person_name(head.strip(), strict=True):
        return head.strip(), last
    return value, None


def read_labels(v: str) -> Labels:
    """Read a line's view as ``key：value`` items, credits and dates."""
    out = Labels()
    items = list(LABEL.finditer(v))
    prefix = v[: items[0].start()] if items else v
    for n, m in enumerate(items):
        key = m.group("key").replace(" ", "")
        what = V.META_KEYS[key]
        end = items[n + 1].start() if n + 1 < len(items) else len(v)
        value = v[m.end() : end].strip(" |｜丨" + _BRACKETS)
        out.keys += 1
        if what in ("date", "authored_date"):
            d = parse_date(value)
            if d is not None:
                out.has_date = True
                if what == "date":
                    out.date = out.date or d
                else:
                    out.authored_date = out.authored_date or d
            # Whatever follows the date (打印本页关闭窗口 glued on) is a widget.
        elif what in ("source", "issuer"):
            d = parse_date(value)
            if d is not None:
                out.has_date = True
                out.date = out.date or d
            name, person = clean_source(value)
            if what == "issuer":
                out.issuer = out.issuer or name
            elif name is None:
                out.empty_source = True
            else:
                out.source = out.source or name
            if person:
                out.credits.append((person, "author"))
        elif what in ("author", "editor", "photographer"):
            c = read_credits(value, default=what)
            out.credits.extend(c.people)
            out.residue += c.residue
        elif what == "title":
            out.title = value or None
    # What stands before the first key: a date, credits, an outlet's name.
    prefix = prefix.strip(" |｜丨")
    if prefix:
        dm = DATE_TIME.search(prefix)
        rest = prefix
        if dm:
            d = parse_date(dm.group(0))
            if d is not None:
                out.has_date = True
                out.date = out.date or d
            rest = prefix[: dm.start()] + " " + _PARENS.sub("", prefix[dm.end() :])
            rest = rest.strip(" （）()|｜丨·•")  # 2024-05-09 22:30·新华社
        rest = _URL.sub(" ", rest).strip()
        if dm:
            # A date's widgets: 2022年02月12日 查看旧版(2007年11月18号以前)
            rest = _WIDGETS.sub("", rest).strip(" |")
        if rest:
            c = read_credits(rest)
            if c.roles_seen and len(c.residue) <= 2:
                out.credits.extend(c.people)
                out.roles += c.roles_seen
            elif dm and _is_outlet_like(rest):
                out.implicit_source = _WIDGET_TAIL.sub("", rest).strip() or None
            elif dm and (account := _account_line(rest)) is not None:
                # A WeChat article's head: 原创 张三 某某政协 2024-05-13 08:00 发表于广西
                out.implicit_source, person = account
                if person:
                    out.credits.append((person, "author"))
            else:
                out.residue += rest
    return out


def _account_line(text: str) -> tuple[str, str | None] | None:
    """The account (and a writer's name) before a date: ``原创 张三 某某政协`` → 某某政协, 张三."""
    tokens = [t for t in _WIDGET_TAIL.sub("", text).split() if t not in ("原创", "转载")]
    if not 1 <= len(tokens) <= 3 or not _is_outlet_like(tokens[-1]):
        return None
    people = [t for t in tokens[:-1] if is_person_name(t, strict=True)]
    if len(people) != len(tokens) - 1 and tokens[:-1] != [tokens[-1]] * (len(tokens) - 1):
        return None
    return tokens[-1], people[0] if people else None


def _is_outlet_like(text: str) -> bool:
    """A short name after a date on a metadata line: 光明网 / 政能亮 / 人民网-文化频道."""
    text = _WIDGET_TAIL.sub("", text).strip()
    return 2 <= len(text) <= 16 and bool(_OUTLET_CHARS.fullmatch(text))


@lru_cache(maxsize=4096)
def credit_line(v: str) -> Credits | None:
    """The credits of a line that is nothing but credits with their role words (a byline,
    an editor line), else ``None``: ``本报记者 黄富强  通讯员 农喜养`` / ``(责编：汤诗瑶、丁涛)`` /
    ``李尕 摄``.  Names alone (赵延东、风笑天) are credits only where they stand (see the
    structure)."""
    if len(v) > 80 or _STOPS.search(v):
        return None
    c = read_credits(v)
    if not c.people or not c.roles_seen or len(c.residue) > 1:
        return None
    return c
