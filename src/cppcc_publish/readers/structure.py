"""Lines → Article: find the article on a page, and the parts around it.

Every reader ends here.  A reader turns its input into :class:`SourceLine` s (the text
reader: one per line; the HTML and Word readers: one per block, with what the markup says
of it as a ``hint``), and :func:`read_lines` decides, in this order:

1. **What each line is**, from its view (:mod:`.view`) and the shared vocabulary: page
   chrome, a breadcrumb, a metadata line, a credit line (byline, editor line), an author
   note, a source note, a caption, a list heading that ends an article (相关阅读), or text.
2. **Where the article is**: each line gets a weight — positive for prose (by its Han
   characters), negative for chrome, metadata, credits and short link-like lines, a
   barrier for breadcrumbs and list headings — and the body is the run of lines with the
   largest total (the maximum-subarray idea of body-text extraction).  Menus, teaser lists
   and footers lose; paragraphs win, and short headings between them are carried along.
3. **The title**: candidates above the body are scored (a metadata or byline line right
   under it, printed twice on the page, close to the body, not a site's name, not a
   sentence), and the best is taken; two close candidates give a warning.
4. **The header and footer**: subtitle, metadata, bylines, editor lines, author notes and
   source notes are read; everything else there is chrome (an ``info`` naming it) on a web
   page, or kept as a paragraph with a warning in plain text.
5. **The body**: headings, captions and paragraphs, lines re-joined where a sentence was
   cut, a dateline's reporters and a byline glued to the last paragraph read as credits.

A page whose best body holds too little prose for an article (an index, a list, a table of
contents) gets a ``not-an-article`` warning and its text as paragraphs.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Diagnostic
from ..model import ROLES, Article, Block, Caption, Credit, Heading, Paragraph, Role, Script, Source
from ..transforms.script import detect_script
from ..options import ReadOptions
from . import patterns as P
from .trie import LazyPattern
from . import vocabulary as V
from .credits import Credits, Labels, clean_source, credit_line, is_person_name, parse_date, read_credits, read_labels
from .view import WS_CHARS, abridged_view, compact, fold, han_count, normal, restore, strip_ws, view, view_of

NEG_INF = float("-inf")

_CLAUSE_MARK = re.compile(r"[，。；！？]")
_LOCATION = LazyPattern(lambda: rf"^(?:{P.alt(V.LOCATION_WORDS)})\s*[：: ]")
_HOME_CRUMB = re.compile(r"^(?:首页|主页|网站首页)\s*(?:[>＞»›/|\-]|-->)")
_CRUMB_CHAR = re.compile(r"[>＞»›→]")
_CRUMB_SEP = re.compile(r"\s*(?:-->|>>?|＞|»|›|→)\s*")
_FULL_STOP = re.compile(r"[。；]")
_TAG = re.compile(r"[【\[].{1,14}[】\]]")
_ARABIC_PAREN = re.compile(r"^[（(]\d{1,2}[)）]")
_LAW_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零\d]+条")
# An entry of a list of references: [1] GB/T 1.1-2020 标准化工作导则 (never a heading)
_REFERENCE = re.compile(r"^[\[［]\d{1,3}[\]］]")
_STOPS = re.compile(r"[。！？]")
_ITEM_END = re.compile(r"[；。][”’」』）)]*$")
_LABEL_VALUE = re.compile(r"^[^：:]{1,4}[：:][^：:]{1,12}$")


@dataclass(slots=True)
class SourceLine:
    """One line (or block) of input as a reader found it.

    ``hint`` is what the format itself says of it, when it says anything: ``title``,
    ``subtitle``, ``heading``, ``caption``, ``paragraph`` (body text, never a heading:
    an item of a numbered list in Word), ``menu`` (a run of short links, one line of a
    page's menu), ``link`` (a line that is one link to another page), or
    ``strong``: set apart as a heading may be (an ``<h3>``, a bold-only paragraph), a
    heading when its shape allows (see :func:`_strong_heading`).
    """

    text: str
    no: int | None = None
    hint: str | None = None
    level: int | None = None


@dataclass(slots=True)
class _Line:
    no: int | None
    raw: str
    norm: str
    view: str
    hint: str | None = None
    level: int | None = None
    kind: str = "text"
    han: int = 0
    sentence: bool = False
    linkish: bool = False
    weight: float = 0.0
    labels: Labels | None = None
    credits: Credits | None = None
    used: bool = False

    def restore(self, found: str) -> str:
        return restore(self.view, self.norm, found)


@dataclass(slots=True)
class _State:
    path: str | None
    diags: list[Diagnostic] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    credit_lines: list[int | None] = field(default_factory=list)
    title: str | None = None
    subtitle: str | None = None
    column: str | None = None
    date: _dt.date | None = None
    authored_date: _dt.date | None = None
    source: Source | None = None
    source_rank: int = 0
    author_note: str | None = None
    newspaper: str | None = None
    own_reporter: bool = False
    script: Script = "zh-Hans"
    document: bool = False
    """A document's lines (Word, Markdown): its paragraph breaks are the author's."""

    def info(self, code: str, message: str, line: int | None = None) -> None:
        self.diags.append(Diagnostic(level="info", code=code, message=message, line=line, file=self.path))

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.diags.append(Diagnostic(level="warning", code=code, message=message, line=line, file=self.path))

    def credit(self, name: str, role: Role | str, line: int | None = None) -> None:
        c = Credit(name=name, role=role if role in ROLES else "author")
        if c not in self.credits and not any(x.name == name for x in self.credits if x.role != "organisation"):
            self.credits.append(c)
            self.credit_lines.append(line)

    def ordered_credits(self) -> tuple[Credit, ...]:
        """The credits in the order the text prints them."""
        big = float("inf")
        order = sorted(range(len(self.credits)), key=lambda k: (self.credit_lines[k] if self.credit_lines[k] is not None else big, k))
        return tuple(self.credits[k] for k in order)

    def set_source(self, name: str | None, issue: str | None, rank: int) -> None:
        """Keep the most explicit source: a 来源 field (3) over a print line (2) over a name
        printed after a date (1)."""
        if name and rank > self.source_rank:
            self.source = Source(name=name, issue=issue or None)
            self.source_rank = rank


# --- 1. what each line is ---------------------------------------------------------------

_INNER_MARK = re.compile(r"[，；、：]")
_ANY_MARK = re.compile(r"[，。；、：！？“”]")
_PROSE_END = re.compile(r"[。][”’」』）)]*$")
_LABEL_HINT = re.compile(r"[：:]|\d{4}\s*[-年/.]|来源")
# 中国人民政治协商会议广西壮族自治区委员会办公厅主管 · 广西政协报社主办
_SPONSOR = re.compile(r"(?:主办|主管|承办|协办|出品|运营)$")
_SHORT_WORDS = re.compile(r"^(?:\S{1,6}\s+){3,}\S{1,6}$")


def _residual_han(v: str, pattern: LazyPattern) -> int:
    return han_count(pattern.sub("", v))


def classify(line: _Line) -> str:
    """What the line is, by itself: chrome, breadcrumb, meta, credit, note, source,
    caption, end (a list heading or page numbers), subtitle or text."""
    v = line.view
    if line.hint == "caption":
        return "caption"
    if line.hint == "subtitle":
        return "subtitle"
    if len(v) > 200:
        return "caption" if P.CAPTION.match(v[:3]) else "text"
    if P.CAPTION.match(v):
        return "caption"
    ends_sentence = bool(P.SENTENCE_END.search(v))
    if len(v) > 40 and v[-1:] in "。！？" :
        # A sentence of some length is text, unless it is a notice of rights.
        return "chrome" if len(v) <= 80 and P.RIGHTS.search(v) else "text"
    if len(v) <= 60 and (P.LIST_HEADING.match(v) or P.PAGINATION.search(v)):
        return "end"
    if len(v) <= 120 and not ends_sentence and _is_breadcrumb(v):
        return "breadcrumb"
    if len(v) < 130 and _LABEL_HINT.search(v):
        labels = read_labels(v)
        if labels.understood and (labels.keys or labels.has_date or labels.roles) and not _prose(v, labels):
            line.labels = labels
            if labels.credits and not (labels.date or labels.source or labels.issuer or labels.title or labels.implicit_source or labels.empty_source):
                line.credits = Credits(people=list(labels.credits), roles_seen=max(1, labels.keys))
                return "credit"
            return "meta"
    if len(v) <= 80:
        c = credit_line(v)
        if c is not None:
            line.credits = c
            return "credit"
    if len(v) < 100 and P.AUTHOR_NOTE.match(v):
        return "note"
    if len(v) < 100 and P.SOURCE_NOTE.match(v) and P.SOURCE_NOTE_WORDS.search(v):
        return "source"
    if len(v) <= 80 and _is_chrome(v, ends_sentence):
        return "chrome"
    if P.SUBTITLE.match(v) and len(v) <= 60 and not v.endswith("。"):
        return "subtitle"
    return "text"


def line_kind(text: str) -> str:
    """What a line is by itself (see :func:`classify`), for tests and for a look."""
    raw = strip_ws(text)
    return classify(_Line(no=None, raw=raw, norm=normal(raw), view=view(raw)))


def _prose(v: str, labels: Labels) -> bool:
    """A sentence that merely holds a key (时间：2023年5月1日上午9时，在市政协会议室召开…)."""
    return len(v) > 40 and bool(_CLAUSE_MARK.search(v)) and not labels.keys >= 2


def _is_breadcrumb(v: str) -> bool:
    if _LOCATION.match(v):
        return True
    if _HOME_CRUMB.match(v):
        return True
    if not _CRUMB_CHAR.search(v) or _CLAUSE_MARK.search(v):
        return False
    parts = _CRUMB_SEP.split(v)
    if len(parts) < 2 or any(len(x) > 20 for x in parts):
        return False
    items = [x for x in parts if x.strip()]
    return len(items) >= 2 or v.lstrip()[:1] in ">＞»›→"


def _is_chrome(v: str, ends_sentence: bool) -> bool:
    if P.WIDGET.search(v) and _residual_han(v, P.WIDGET) <= 3 and not v.endswith(("。", "！", "？")):
        return True
    if not ends_sentence and (P.FOOTER.search(v) or _SPONSOR.search(v)):
        return True
    if len(v) <= 40 and P.BANNER.search(v) and not ends_sentence or v.startswith(("您好", "欢迎")):
        return True
    if "正在阅读" in v or "正在加载" in v or P.EPAPER_PAGE.match(v):
        return True
    if P.RIGHTS.search(v):
        return True
    return v in ("X", "×", "✕", "x")


def _list_item(ln: _Line) -> bool:
    # A whole sentence (现在，我代表省人民政府，向大会报告工作，请予审议。 under 各位代表：)
    # is no item of a list of names.
    return ln.kind == "text" and not ln.linkish and len(ln.view) <= 40 and not ln.view.endswith(("。", "！", "？"))


def _list_item_after_colon(lines: list[_Line], k: int) -> bool:
    """``lines[k]`` continues a list that a line ending in a colon announced."""
    j = k - 1
    while j >= 0 and _list_item(lines[j]) and not lines[j].view.endswith(("：", ":")):
        j -= 1
    return j >= 0 and lines[j].view.endswith(("：", ":")) and j < k - 1


def _contact_line(v: str) -> bool:
    """联系人：张三 联系电话：0771-1234567 under a plain article: its own text, not a site's."""
    return bool(P.FOOTER_LABEL.search(v)) and not P.FOOTER_STRONG.search(v) and not P.WIDGET.search(v)


def _is_linkish(v: str) -> bool:
    """Menus and teaser lists: 首页|新闻|图片 / 省委关注 豫政双周 省政府常务会 授权发布 /
    央视军事8小时前 / (2020-08-16 22:26:38)[社会] … / 更多>>."""
    if P.NAV_SEPARATED.match(v) and not _CLAUSE_MARK.search(v):
        return True
    if _SHORT_WORDS.match(v) and not _CLAUSE_MARK.search(v):
        return True
    tail = v[-12:]
    if P.TIME_AGO.search(tail):
        return True
    if (P.DATED_ITEM.match(v) or P.DATED_TAIL.search(tail)) and not v.endswith("。"):
        return True
    if ("//" in v or "www." in v) and len(P.URL.sub("", v)) < 40:
        return True
    return v.endswith((">>", "》》", "更多", "MORE", "more"))


def _weight(line: _Line) -> float:
    k = line.kind
    if k in ("breadcrumb", "end"):
        return NEG_INF
    if k == "meta":
        return -60.0
    if k == "credit":
        c = line.credits
        if c is not None and all(r == "photographer" for _, r in c.people):
            return 0.0
        return -40.0
    if k in ("note", "source"):
        return -40.0
    if k == "chrome":
        # An image's placeholder inside the text (放大图片, 点击查看大图) costs little.
        return -3.0 if P.PHOTO_WIDGET.search(line.view) else -25.0
    if k == "caption":
        return 5.0
    if k == "subtitle":
        return -5.0
    v = line.view
    if v.strip(".。…") == "" or v in ("……", "……。"):
        return 2.0
    if line.linkish:
        return -15.0
    if line.sentence:
        if line.han >= 15 or _INNER_MARK.search(v):
            return float(min(line.han, 300)) + 3.0
        return 3.0
    if len(v) <= 6:
        return -12.0
    return -6.0


def _prepare(sources: list[SourceLine], traditional: bool = True) -> list[_Line]:
    lines: list[_Line] = []
    for s in sources:
        raw = strip_ws(s.text)
        if not raw:
            continue
        if len(raw) <= 240:
            norm = normal(raw)
            v = view_of(norm, traditional=traditional)
        else:
            norm, v = raw, abridged_view(raw)
        line = _Line(no=s.no, raw=raw, norm=norm, view=v, hint=s.hint, level=s.level)
        line.kind = classify(line)
        # (a long line's weight is capped, so its first characters are count enough)
        line.han = han_count(v) if len(raw) <= 240 else han_count(raw[:1200])
        sv = P.URL.sub(" ", v) if ("//" in v or "www." in v) else v
        line.sentence = bool(P.SENTENCE_END.search(sv)) or (
            len(sv) > 60 and len(_ANY_MARK.findall(sv)) * 60 >= len(sv)
        ) or (line.han >= 20 and len(_INNER_MARK.findall(sv)) >= 2)
        cells = [c for c in raw.split("\t") if c.strip()] if "\t" in raw else []
        teaser_row = len(cells) >= 3 or (len(cells) == 2 and not _FULL_STOP.search(v) and all(len(c.strip()) >= 6 for c in cells))
        line.linkish = line.kind == "text" and (teaser_row or s.hint == "menu" or _is_linkish(v)) and not (line.sentence and v.endswith("。"))
        line.weight = _weight(line)
        lines.append(line)
    return lines


# --- 2. where the article is ------------------------------------------------------------


def _best_run(lines: list[_Line]) -> tuple[int, int, float]:
    """The run of lines with the largest total weight: (first, last, total); (0, -1, 0)
    when no line weighs anything."""
    best = (0, -1, 0.0)
    start, total = 0, 0.0
    for i, line in enumerate(lines):
        w = line.weight
        if total <= 0:
            start, total = i, 0.0
        total += w
        if total == NEG_INF:
            total = 0.0
            start = i + 1
            continue
        if total > best[2]:
            best = (start, i, total)
    return best


# --- 3. the title -----------------------------------------------------------------------

_ORG_LINE = re.compile(r"(?:课题组|调研组|委员会|办公室|办公厅|研究院|研究所|研究中心|编写组|写作组|党支部|党组|领导小组)$")
_SITE_NAME = LazyPattern(lambda: rf"(?:{P.alt(V.SITE_SUFFIXES)})$")
_DATE_ONLY = re.compile(r"^[\d\s:：\-/.年月日]+$")


def _title_score(lines: list[_Line], i: int, first: int, counts: dict[str, Any]) -> float | None:
    line = lines[i]
    v = line.view
    if line.kind not in ("text", "subtitle") or line.linkish:
        return None
    if line.hint == "title":
        return 1000.0
    if len(v) > 90 or line.han < 4 or v.endswith(("。", "；", "，", "、", "：")) or _DATE_ONLY.match(v):
        return None
    if line.kind == "subtitle" or "。" in v[:-1] or P.PHOTO_CREDIT.search(v):
        return None
    score = 10.0 + min(line.han, 24) / 2
    after = [lines[j] for j in range(i + 1, min(len(lines), i + 8)) if lines[j].kind != "chrome"][:3]
    if after and after[0].kind in ("meta", "credit", "subtitle"):
        score += 25
    elif len(after) > 1 and after[1].kind in ("meta", "credit") and _title_like(after[0]):
        score += 24  # the title, its subtitle, then the metadata line
    if any(lines[j].kind == "meta" for j in range(max(0, i - 4), i)) and any(
        _title_like(lines[j]) and lines[j].han >= 4 for j in range(max(0, i - 8), i)
    ):
        score -= 15  # the title stands above its metadata line; a line below it is a subtitle
    before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].kind != "chrome"), None)
    if before is not None and _title_like(before) and len(before.view) >= 8 and not before.view.endswith(("：", ":")):
        score -= 8  # the line under a title is its subtitle
    if counts.get(_title_key(v), 0) > 1 and line.han >= 6:
        score += 25
    if line.han >= 6 and compact(v) in counts.get("\x00crumbs", set()):
        score += 30  # the breadcrumb ends with the title: 网易 --> 商业频道 --> CCER经济学人…
    prev = lines[i - 1] if i > 0 else None
    if prev is not None and prev.kind == "breadcrumb":
        score += 10
    if line.hint == "strong":
        score += 8  # a headline the markup sets apart (<h1>, bold alone)
    elif line.hint == "link":
        score -= 10  # a link to another page (往期数字报刊)
    if len(v) <= 12 and _SITE_NAME.search(v[-6:]):
        score -= 30
    if P.BANNER.search(v):
        score -= 30
    if len(v) < 6:
        score -= 15
    if _TAG.fullmatch(v):
        score -= 25  # a column's tag: 【新春走基层】
    score -= 2.0 * sum(1 for j in range(i + 1, first) if lines[j].kind == "text" and not lines[j].linkish)
    return score


def _title_key(v: str) -> str:
    """A title's text for comparing copies: 谁来为无序拆房“埋单”？- - is 谁来为无序拆房“埋单”？."""
    return compact(v).rstrip("-—_|·•.")


def _title_like(line: _Line) -> bool:
    return line.kind == "text" and not line.sentence and not line.linkish and line.han >= 3 and len(line.view) <= 90


def _choose_title(lines: list[_Line], lo: int, first: int, st: _State) -> int | None:
    counts: dict[str, Any] = {}
    tails: set[str] = set()
    for line in lines:
        if line.kind in ("text", "breadcrumb") and len(line.view) <= 90:
            key = _title_key(line.view)
            counts[key] = counts.get(key, 0) + 1
        if line.kind == "breadcrumb":
            tails.add(compact(re.split(r"-->|>>?|＞|»|›|→", line.view)[-1]))
    counts["\x00crumbs"] = tails
    scored: list[tuple[float, int]] = []
    for i in range(lo, first):
        s = _title_score(lines, i, first, counts)
        if s is not None:
            scored.append((s, i))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], -x[1]))
    best_score, best = scored[0]
    if len(scored) > 1:
        second_score, second = scored[1]
        if best_score - second_score < 3 and compact(lines[second].view) != compact(lines[best].view) and best_score < 1000:
            st.warn(
                "title-uncertain",
                f"took «{lines[best].raw}» for the title; «{lines[second].raw}» looks as likely",
                lines[best].no,
            )
    return best


# --- 4. header and footer ---------------------------------------------------------------


def _read_meta(line: _Line, st: _State, *, rank: int = 3) -> None:
    lab = line.labels or read_labels(line.view)
    if lab.date and st.date is None:
        st.date = lab.date
    if lab.authored_date and st.authored_date is None:
        st.authored_date = lab.authored_date
    if lab.source:
        m = P.SOURCE_NOTE.match(lab.source)
        if m:
            st.set_source(line.restore(m.group(1)), m.group(2) and line.restore(m.group(2)), rank)
        else:
            st.set_source(line.restore(lab.source), None, rank)
    if lab.issuer:
        st.set_source(line.restore(lab.issuer), None, rank - 1)
    if lab.implicit_source:
        st.set_source(line.restore(lab.implicit_source), None, 1)
    if lab.title and st.title is None:
        st.title = line.restore(lab.title)
    for name, role in lab.credits:
        st.credit(line.restore(name), role, line.no)
    line.used = True
    st.info("metadata-read", f"read the metadata line «{line.raw}»", line.no)


def _read_credit(line: _Line, st: _State) -> None:
    c = line.credits or credit_line(line.view)
    if c is not None:
        for name, role in c.people:
            st.credit(line.restore(name), role, line.no)
        for outlet in c.outlets:
            # 光明日报记者 / 顶端新闻·河南商报记者: the outlet the reporters write for
            if _SITE_NAME.search(outlet[-6:]) or "·" in outlet:
                st.set_source(line.restore(outlet), None, 1)
        if any(r in ("reporter", "correspondent") for _, r in c.people) and re.search(P.OWN_REPORTER, line.view):
            st.own_reporter = True
    line.used = True
    st.info("credit-read", f"read «{line.raw}» into the article's metadata", line.no)


def _read_note(line: _Line, st: _State) -> None:
    st.author_note = _strip_outer_parens(line.raw)
    line.used = True
    st.info("credit-read", f"read «{line.raw}» into the article's metadata", line.no)


def _read_source(line: _Line, st: _State) -> None:
    m = P.SOURCE_NOTE.match(line.view)
    if m:
        issue = m.group(2)
        issue = line.restore(issue) if issue and not parse_date(issue) else None
        st.set_source(line.restore(m.group(1)), issue, 2)
    line.used = True
    st.info("credit-read", f"read «{line.raw}» into the article's metadata", line.no)


_READERS = {"meta": _read_meta, "credit": _read_credit, "note": _read_note, "source": _read_source}


def _strip_outer_parens(raw: str) -> str:
    raw = strip_ws(raw)
    if raw[:1] in "(（【[" and raw[-1:] in ")）】]":
        return raw[1:-1].strip()
    return raw


def _split_title(raw: str, st: _State, options: ReadOptions, line: int | None) -> None:
    text = strip_ws(raw)
    seps = re.escape(options.column_separators)
    m = re.match(rf"^(.{{2,24}}?)\s*[{seps}]\s*(.+)$", text)
    if m:
        st.column = m.group(1)
        text = m.group(2)
        st.info("column-read", f"read the column «{st.column}» from the title line", line)
    m = P.INLINE_SUBTITLE.match(text)
    if m and st.subtitle is None and han_count(m.group(1)) >= 4:
        # 凝聚智慧力量 共谱时代华章 ——2022年市政协工作综述; not 李简——新外科运动向我们走来
        text, st.subtitle = m.group(1), m.group(2)
    st.title = text


def _newspaper(lines: list[_Line], st: _State) -> None:
    for line in lines:
        m = P.NEWSPAPER.search(line.view)
        if m:
            st.newspaper = line.restore(m.group(1))
            return


def _same_title(v: str, st: _State) -> bool:
    title = _title_key(view(st.title or ""))
    v = _title_key(v)
    if not title or not v:
        return False
    full = compact(view((st.column or "") + (st.title or "") + (st.subtitle or "")))
    if v == title or v.endswith(title):
        return True
    # The title broken over lines (吉林省人民政府关于禁止在 / 吉林省嫩江干流补充治理工程建设 / …)
    return len(v) >= 6 and v in full and (full.startswith(v) or full.endswith(v) or len(v) >= 10)


# --- 5. the body ------------------------------------------------------------------------

_OPEN_END = re.compile(r"[\u3400-\u9fffA-Za-z0-9“‘（(《]$")
_FIRST_MARK = re.compile(r"[,，。;；:：!！?？]")
# A dateline with its reporters: 本站讯（职工通讯员 李琴雯 刘会）/ 新华社乌鲁木齐5月9日电（记者邹伟）
_DATELINE = re.compile(r"^.{0,30}?(?:讯|电|消息|报道|报)\s*[（(]([^（）()]{2,40})[）)]")
# A byline glued to the end of the last paragraph: （记者 胡晓蓉）/ （张巨峰）/ (罗鸣 整理)
_TAIL = re.compile(r"[（(]([^（）()]{2,40})[）)]\s*$")


def _numbered(v: str) -> int | None:
    if P.NUMBERED_1.match(v) or P.CHAPTER.match(v):
        return 1
    if P.NUMBERED_2.match(v) or P.NUMBERED_ARABIC.match(v) or _ARABIC_PAREN.match(v):
        return 2
    return None


def _numbering_style(v: str) -> str | None:
    if P.NUMBERED_1.match(v):
        return "cn"
    if P.NUMBERED_2.match(v):
        return "cn-paren"
    if P.NUMBERED_ARABIC.match(v):
        return "arabic"
    if _ARABIC_PAREN.match(v):
        return "arabic-paren"
    if P.CHAPTER.match(v):
        return "chapter"
    return None


def _is_heading(lines: list[_Line], i: int) -> bool:
    """A short line without final punctuation, or a short numbered one, followed by text."""
    line = lines[i]
    v = line.view
    if line.hint == "heading":
        return True
    if line.kind != "text" or line.han < 2 or line.hint == "paragraph" or _REFERENCE.match(v):
        return False  # the format says it is a paragraph (an item of a numbered list)
    if line.hint == "strong" and _strong_heading(lines, i):
        return True
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None or nxt.kind not in ("text", "chrome"):
        return False
    numbered = _numbered(v)
    if numbered and not _LAW_ARTICLE.match(v):
        if len(v) > 40 or v.endswith(("；", "：", ";", ":", "，")):
            return False
        if P.SENTENCE_END.search(v):
            # 1、倡导尊重权利、尊重个性、尊重差异的理念。 is a heading; （五）其他…的行为。 ending a
            # list of items is not: a numbered sentence followed by its next sibling, or one
            # with more than one sentence, is an item.
            if len(_STOPS.findall(v)) > 1 or not v.endswith("。"):
                return False
            style = _numbering_style(v)
            if nxt.kind == "text" and _numbering_style(nxt.view) == style:
                return False
            prev = lines[i - 1] if i > 0 else None
            if prev is not None and _numbering_style(prev.view) == style and _ITEM_END.search(prev.view):
                return False
        return True
    if P.SENTENCE_END.search(v) or len(v) > P.HEADING_MAX:
        return False
    if i > 0 and (lines[i - 1].view.endswith(("：", ":")) or _list_item_after_colon(lines, i)):
        return False  # an item of a list a line announced (名单如下：张三 / 李四)
    if _LABEL_VALUE.match(v):
        return False  # a label and its value (表现一：身高) is a line of the text
    return True


# What a line the markup sets apart (bold alone, an <h3>) may not end with to be a heading:
# a bold question of an interview (记者：你通过什么渠道获取这些信息？) is a paragraph.
_NOT_HEADING_END = re.compile(r"[。！？；，、…][”’」』）)]*$")


def _strong_heading(lines: list[_Line], i: int) -> bool:
    """A line the markup sets apart as a heading (``strong``: an ``<h2>``–``<h4>``, a
    paragraph all in bold) is one when it is short, ends no sentence (a label such as
    ``个人简介：`` may end with a colon) and text follows it."""
    line = lines[i]
    v = line.view
    if len(v) > 40 or _NOT_HEADING_END.search(v) or _LAW_ARTICLE.match(v) or _LABEL_VALUE.match(v):
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return nxt is not None and nxt.kind in ("text", "caption", "chrome")


def _caption_cue(v: str, *, strong_only: bool = False) -> bool:
    if P.PHOTO_CREDIT.search(v):
        return True
    if "，" in v:
        return False
    tail = v[-8:]
    return bool(P.STRONG_CAPTION_END.search(tail) or (not strong_only and P.CAPTION_WORD_END.search(tail)))


def _unfinished(text: str) -> bool:
    """A paragraph line that stops inside a sentence: it ends with a character, not a mark."""
    return bool(_OPEN_END.search(fold(text[-24:])))


class _Pieces:
    """A paragraph being re-joined from lines, in linear time."""

    def __init__(self, first: str) -> None:
        self.parts = [first]

    def tail(self) -> str:
        return "".join(self.parts[-4:])[-24:]

    def join(self, more: str) -> None:
        last = self.parts[-1]
        if last and more and last[-1].isascii() and last[-1].isalnum() and more[0].isascii() and more[0].isalnum():
            self.parts.append(" ")  # two Latin words do not run together
        self.parts.append(more)

    def text(self) -> str:
        return "".join(self.parts)


def _damaged_caption(lines: list[_Line], i: int) -> bool:
    """"A 西平县政协开展…" next to a caption with a real marker."""
    if lines[i].kind != "text" or not P.DAMAGED_CAPTION.match(lines[i].view):
        return False
    return any(0 <= j < len(lines) and lines[j].kind == "caption" and P.CAPTION.match(lines[j].view) for j in (i - 1, i + 1))


def _caption_text(raw: str) -> str:
    raw = strip_ws(raw)
    m = P.CAPTION.match(raw) or P.DAMAGED_CAPTION.match(raw)
    return strip_ws(m.group(1)) if m else raw


def _split_glued_caption(raw: str) -> tuple[str, str] | None:
    """Split "▲ caption text|continuation of the paragraph" at the last word a caption
    ends with before the first mark of the continuation."""
    m = _FIRST_MARK.search(raw)
    limit = m.start() if m else len(raw)
    ends = [e for e in P.CAPTION_END.finditer(raw, 0, limit)]
    if not ends:
        return None
    cut = ends[-1].end()
    if cut >= limit:
        return None
    return raw[:cut], raw[cut:]


def _mark_captions(lines: list[_Line]) -> None:
    """Short lines between paragraphs that caption a photo the copy lost: a photo credit
    (（刘通摄）, 供图, 图为…), a caption's last word (…现场, …合影, …开幕式), or a run of short
    lines one of which is so; and lines of the same shape as a caption (大会开幕式 … 大会主报告)."""
    n = len(lines)

    def short(line: _Line) -> bool:
        return line.kind == "text" and not line.sentence and line.han >= 2 and len(line.view) <= 40 and not _numbered(line.view)

    i = 0
    while i < n:
        line = lines[i]
        if line.kind == "text" and len(line.view) <= 120 and P.PHOTO_CREDIT.search(line.view):
            line.kind = "caption"
            i += 1
            continue
        if not short(line):
            i += 1
            continue
        j = i
        while j + 1 < n and short(lines[j + 1]):
            j += 1
        group = lines[i : j + 1]
        if len(group) > 1:
            if any(_caption_cue(g.view) for g in group):
                for g in group:
                    g.kind = "caption"
        elif _caption_cue(line.view, strong_only=True):
            line.kind = "caption"
        i = j + 1
    heads = {c.view[:2] for c in lines if c.kind == "caption" and len(c.view) <= 12}
    for line in lines:
        if short(line) and len(line.view) <= 12 and line.view[:2] in heads:
            line.kind = "caption"


def _body(lines: list[_Line], st: _State, web: bool) -> list[Block]:
    blocks: list[Block] = []
    _mark_captions(lines)
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.kind in ("chrome", "breadcrumb", "end"):
            # A short line that the page's context shows to be a heading (经验分享) stays.
            between = 0 < i < n - 1 and lines[i - 1].kind == "text" and lines[i + 1].kind == "text"
            if line.kind == "chrome" and between and not P.FOOTER.search(line.view) and _residual_han(line.view, P.WIDGET) >= 2:
                line.kind = "text"
            else:
                st.info("chrome-removed", f"removed page chrome «{line.raw}»", line.no)
                i += 1
                continue
        if line.kind in _READERS and line.kind != "meta":
            _READERS[line.kind](line, st)
            i += 1
            continue
        if line.kind in ("unplaced", "meta"):
            blocks.append(Paragraph(text=line.raw, line=line.no))
            i += 1
            continue
        if line.kind == "caption" or (line.kind == "text" and _damaged_caption(lines, i)):
            text = _caption_text(line.raw)
            _caption_credits(line, st)
            blocks.append(Caption(text=text, line=line.no))
            i += 1
            continue
        if _is_heading(lines, i):
            v = line.view
            level = line.level or (2 if (P.NUMBERED_2.match(v) or P.NUMBERED_ARABIC.match(v)) and _has_level1(lines) else 1)
            blocks.append(Heading(text=line.raw, level=level, line=line.no))
            i += 1
            continue
        if line.kind == "subtitle":
            line.kind = "text"
        # A paragraph, possibly continued on following lines.
        pieces = _Pieces(line.raw)
        after: list[Caption] = []
        i += 1
        while i < n:
            tail = pieces.tail()
            j = i
            captions: list[_Line] = []
            while j < n and (lines[j].kind == "caption" or _damaged_caption(lines, j)):
                captions.append(lines[j])
                j += 1
            cont = lines[j] if j < n else None
            closes = cont is not None and cont.kind == "text" and cont.view[:1] in "）)"
            cut = _unfinished(tail) and (len(pieces.parts) > 1 or len(line.view) >= 15) and not st.document
            if not (cut or (tail.endswith(("，", ",", "、")) and not captions and not st.document) or (closes and not captions)):
                break
            if cont is not None and cont.kind == "text" and (closes or not _is_heading(lines, j)) and (
                cont.hint != "strong" or line.hint == "strong"
            ):  # a paragraph in bold after one that is not (an interview's question) stands alone
                what = f"{len(captions)} caption(s)" if captions else "a line break"
                st.info("paragraph-rejoined", f"re-joined a paragraph cut by {what} at «{tail[-8:]}|{cont.raw[:8]}»", cont.no)
                pieces.join(cont.raw)
                after.extend(Caption(text=_caption_text(c.raw), line=c.no) for c in captions)
                i = j + 1
                continue
            if captions:
                # The continuation is glued to the last caption: "…委员履职活动别委员,将…".
                split = _split_glued_caption(captions[-1].raw)
                if split is not None:
                    cap_text, rest = split
                    st.info(
                        "paragraph-rejoined",
                        f"re-joined a paragraph cut by a caption: «{rest[:12]}…» was glued to "
                        f"the caption «{cap_text}»",
                        captions[-1].no,
                    )
                    pieces.join(rest)
                    after.extend(Caption(text=_caption_text(c.raw), line=c.no) for c in captions[:-1])
                    after.append(Caption(text=_caption_text(cap_text), line=captions[-1].no))
                    i = j
                    continue
                if _unfinished(tail):
                    st.warn(
                        "unjoined-paragraph",
                        f"the paragraph ending «{tail[-12:]}» seems cut by a caption, but its "
                        "continuation could not be found",
                        line.no,
                    )
            break
        blocks.append(Paragraph(text=pieces.text(), line=line.no))
        blocks.extend(after)
    return blocks


def _has_level1(lines: list[_Line]) -> bool:
    return any(P.NUMBERED_1.match(ln.view) or P.CHAPTER.match(ln.view) for ln in lines if ln.kind == "text")


def _caption_credits(line: _Line, st: _State) -> None:
    """The photographer named in a caption: 图为…启动仪式。（刘通摄）/ …正录制视频 李尕 摄."""
    m = re.search(r"[（(]([^（）()]{2,12})[)）]\s*$|\s([\u3400-\u9fff]{2,4}\s*摄)$", line.view)
    if m:
        c = read_credits(m.group(1) or m.group(2))
        for name, role in c.people:
            if role == "photographer":
                st.credit(line.restore(name), role, line.no)


def _run_in_headings(blocks: list[Block], st: _State) -> list[Block]:
    """Split off run-in lead sentences when three or more paragraphs open with one."""
    leads: dict[int, int] = {}
    for i, b in enumerate(blocks):
        if not isinstance(b, Paragraph):
            continue
        v = fold(b.text[:60])
        m = P.RUN_IN.match(v)
        if not m or len(m.group(0)) > P.RUN_IN_MAX:
            continue
        if abs(len(m.group(1)) - len(m.group(2))) > 2:
            continue
        end = re.search(r"[。.]", b.text)
        if end is None or end.end() >= len(b.text):
            continue
        leads[i] = end.end()
    paragraphs = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    # Lead sentences open most sections (深化学习宣传，把握核心要义。…) after the opening
    # paragraph; couplets that open the article itself and a few others
    # (新征程催人奋进，新使命激荡人心。) are an essay's rhetoric, not headings.
    if paragraphs:
        leads.pop(paragraphs[0], None)
    if len(leads) < 3 or len(leads) < 0.6 * max(1, len(paragraphs) - 1):
        return blocks
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if i in leads and isinstance(b, Paragraph):
            cut = leads[i]
            out.append(Heading(text=b.text[:cut], level=1, run_in=True, line=b.line))
            out.append(Paragraph(text=strip_ws(b.text[cut:]), line=b.line))
        else:
            out.append(b)
    st.info("run-in-headings", f"read the lead sentences of {len(leads)} paragraphs as run-in headings")
    return out


_EPIGRAPH = re.compile(r"^([\u3400-\u9fff]{2,4})，[^。！？]{4,14}[。！？]$")


def _parallel_headings(blocks: list[Block], st: _State) -> list[Block]:
    """Short one-sentence lines standing alone between paragraphs, three or more of one
    shape (神奇，偶然掉在凡俗的临床上。/ 叛逆，科学家族中最稀有的元素。), are section headings."""
    idx = []
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if not isinstance(b, Paragraph) or not isinstance(nxt, Paragraph) or len(nxt.text) < max(40, 2 * len(b.text)):
            continue
        m = _EPIGRAPH.match(fold(b.text))
        prev = blocks[i - 1] if i > 0 else None
        if m and (prev is None or isinstance(prev, Paragraph) and len(prev.text) >= len(b.text) + 5):
            idx.append((i, len(m.group(1))))
    if len(idx) < 3 or len({k for _, k in idx}) != 1:
        return blocks
    chosen = {i for i, _ in idx}
    st.info("parallel-headings", f"read {len(chosen)} short lines of one shape as section headings")
    return [Heading(text=b.text, level=1, line=b.line) if i in chosen else b for i, b in enumerate(blocks)]


# The agency or outlet of a dateline: 新华社上海11月30日电 / 据新华社拉萨电 / 央广网北京2月13日消息 / 中国网5月13日讯
# (not 本报讯, which names the paper the page belongs to)
_DATELINE_OUTLET = re.compile(
    r"^据?([\u4e00-\u9fff]{1,8}?(?:社|网|报|台|电视台|广播电台|日报|晚报|频道))(?:[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日|[\u4e00-\u9fff]{2,4}(?=电))?(?:电|讯|消息)"
)


def _dateline_credits(blocks: list[Block], st: _State) -> None:
    first = next((b for b in blocks if isinstance(b, Paragraph)), None)
    if first is None:
        return
    head = first.text[:80]
    v = view(head)
    outlet = _DATELINE_OUTLET.match(v)
    if outlet and not outlet.group(1).startswith("本"):
        st.set_source(restore(v, normal(head), outlet.group(1)), None, 1)
    m = _DATELINE.match(v)
    if not m:
        return
    c = read_credits(m.group(1))
    if c.roles_seen and c.people and len(c.residue) <= 2:
        for name, role in c.people:
            st.credit(restore(v, normal(head), name), role, first.line)
        st.info("credit-read", f"read the reporters of the dateline «{head[: m.end()]}»", first.line)


def _tail_credits(blocks: list[Block], st: _State) -> list[Block]:
    """A byline or author note glued to the end of the last paragraph:
    …产业。（记者 胡晓蓉）/ …的爱。（钟才文）/ …尺度。（作者韩涵系政邦智库研究员）."""
    last = max((i for i, b in enumerate(blocks) if isinstance(b, Paragraph)), default=None)
    if last is None:
        return blocks
    para = blocks[last]
    assert isinstance(para, Paragraph)
    text = para.text.rstrip(WS_CHARS)
    tail = text[-48:]
    m = _TAIL.search(tail)
    if not m or m.start() == 0 and len(text) == len(tail):
        return blocks
    inner_raw = m.group(1)
    inner = view(inner_raw)
    cut = len(text) - len(tail) + m.start()
    note = P.AUTHOR_NOTE.match(inner)
    if note:
        st.author_note = strip_ws(normal(inner_raw))
        st.info("credit-read", f"read the author note «{m.group(0)}» at the end of the text", para.line)
    else:
        c = read_credits(inner)
        if not c.people and not c.outlets or len(c.residue) > 1 or (not c.roles_seen and not c.people):
            return blocks
        if not c.people and c.outlets and not re.search("评论员|记者|通讯员", inner):
            return blocks
        for name, role in c.people:
            st.credit(restore(inner, normal(inner_raw), name), role, para.line)
        if not c.people:
            st.credit(strip_ws(normal(inner_raw)), "author", para.line)
        st.info("credit-read", f"read the byline «{m.group(0)}» glued to the end of the text", para.line)
    new = strip_ws(text[:cut])
    out = list(blocks)
    out[last] = Paragraph(text=new, flags=para.flags, line=para.line)
    return out


# --- not an article ---------------------------------------------------------------------


def _is_article(lines: list[_Line], first: int, last: int) -> bool:
    """Whether the best body holds enough prose to be an article (not an index, a list of
    headlines or a table of contents)."""
    prose = [
        ln for ln in lines[first : last + 1]
        if ln.weight >= 15 and (_PROSE_END.search(ln.view) or (ln.han >= 60 and len(_ANY_MARK.findall(ln.view)) >= 3))
    ]
    chars = sum(ln.han for ln in prose)
    return chars >= 60 or (chars >= 40 and len(prose) >= 2)


# --- putting it together ----------------------------------------------------------------


def read_lines(
    sources: list[SourceLine],
    path: str | None = None,
    options: ReadOptions | None = None,
    script: Script | None = None,
    *,
    document: bool = False,
) -> Article:
    """Find the article in ``sources`` (lines of text as received) and build its model;
    the texts stay as received (see the transforms).  ``script`` is the input's script
    when the reader knows it (a simplified text is viewed without the converter).
    ``document`` says the lines are a document's (a Word or Markdown file): no page
    around it, so every line of text after the title belongs to the article, short lines
    at its end included (``七、参考资料`` / ``无``)."""
    options = options or ReadOptions()
    if script is None:
        script = detect_script("\n".join(s.text for s in sources[:400]))
    st = _State(path=path, script=script, document=document)
    lines = _prepare(sources, traditional=script != "zh-Hans")
    first, last, total = _best_run(lines)
    if not lines:
        st.warn("no-text", "the article has no body text")
        return _finish(st, [], path)
    if last < first:
        first, last = len(lines), len(lines) - 1
    # A list the last line announces (名单如下：) belongs to the text: 张三 / 李四 / 王五.
    while last + 1 < len(lines) and lines[last].view.endswith(("：", ":")) or (
        last + 1 < len(lines) and last >= 0 and lines[last].kind == "text" and _list_item_after_colon(lines, last + 1)
    ):
        if not _list_item(lines[last + 1]):
            break
        last += 1
    # The page is a web page when its copy carries site chrome: menus, breadcrumbs, widgets.
    # Plain text (an article as an editor pastes it) starts with its title.
    chrome_lines = sum(3 if ln.hint == "menu" else 1 for ln in lines if ln.kind in ("chrome", "breadcrumb", "end") or ln.linkish)
    web = chrome_lines + _menu_words(lines, first, last) >= 3 or any(ln.kind == "breadcrumb" for ln in lines[:first])
    if web and not (last >= first and _is_article(lines, first, last)):
        return _not_an_article(lines, st, path)
    if not web:
        # In plain text everything is the article but its closing credits and notes.
        prose = [i for i, ln in enumerate(lines) if ln.kind == "caption" or (ln.kind == "text" and (ln.sentence or ln.view.strip("。.…") == ""))]
        if document and prose:
            prose.extend(i for i in range(prose[-1] + 1, len(lines)) if lines[i].kind == "text")
        if prose:
            first, last = min(first, prose[0]), max(last, prose[-1])

    # --- the title: above the first line of prose ---------------------------------------
    strong = next((i for i in range(first, last + 1) if lines[i].weight >= 15), first)
    crumbs = [i for i in range(strong) if lines[i].kind == "breadcrumb"]
    lo = crumbs[-1] + 1 if crumbs else max(0, first - 25)
    if crumbs and strong - lo > 25:
        lo = strong - 25
    if not web:
        lo = 0
    meta_title = next((ln for ln in lines[:strong] if ln.labels is not None and ln.labels.title), None)
    t: int | None = None
    if meta_title is not None and meta_title.labels is not None and meta_title.labels.title:
        st.title = meta_title.restore(meta_title.labels.title)
    elif web:
        t = _choose_title(lines, lo, strong, st)
        while t is None and crumbs:
            # A breadcrumb-like link under the title (点击进入…>>): look above it too.
            crumbs.pop()
            lo = crumbs[-1] + 1 if crumbs else max(0, strong - 25)
            t = _choose_title(lines, lo, strong, st)
    else:
        t = next((i for i in range(0, strong) if lines[i].kind in ("text", "subtitle") and not lines[i].used), None)
        marked = next((i for i in range(0, strong) if lines[i].hint == "title"), None)
        if marked is not None:
            t = marked  # the format says which line is the title (# 标题, Word's Title style)
        if t is not None and (len(lines[t].view) > 80 or lines[t].view.endswith(("。", "；", "，"))):
            t = None
    if t is not None and web:
        # The title printed several times: take the copy nearest the text.
        same = [k for k in range(t + 1, strong) if _title_key(lines[k].view) == _title_key(lines[t].view)]
        if same:
            t = same[-1]
    if t is not None:
        _split_title(lines[t].raw, st, options, lines[t].no)
        lines[t].used = True
    # Above a breadcrumb stand the site's masthead and menus.
    if crumbs:
        _newspaper(lines[: crumbs[-1]], st)

    # --- the header: between the title and the body -------------------------------------
    body_start = first
    if t is not None and t >= first:
        body_start = t + 1
    # Where the body starts: the first line of prose or a caption after the title (on a
    # web page), or the first text line that does not repeat the title (in plain text).
    j = (t + 1) if t is not None else (lo if web else 0)
    while j <= last and j < len(lines):
        ln = lines[j]
        if ln.kind == "caption" or ln.hint in ("paragraph", "heading"):
            break
        if ln.hint == "strong" and ln.kind == "text" and _below_metadata(lines, t, j):
            break  # 个人简介： in bold under the byline opens the text
        if ln.kind == "text" and t is not None and 0 < j - t <= 4 and _speaker(ln) is not None:
            j += 1  # the speaker's line under a speech's title belongs to the header
            continue
        if ln.kind == "text":
            if not web and not (st.title is not None and _same_title(ln.view, st)):
                break
            if ln.weight > 0 or _numbered(ln.view) or P.SECTION_LABEL.match(ln.view):
                break
        j += 1
    if not web and j != body_start and j <= last:
        body_start = j
    elif t is not None and t >= first and j <= last:
        body_start = j
    elif web and 0 < first < len(lines) and P.SECTION_LABEL.match(lines[first - 1].view):
        body_start = first - 1  # 编者按 heads the first part of the text
    if body_start > last:
        body_start = first
    header = lines[:body_start]
    header_captions: list[_Line] = []
    for i, ln in enumerate(header):
        if ln.used:
            continue
        if i < lo and ln.kind not in ("meta",):
            ln.kind = "chrome" if ln.kind != "breadcrumb" else "breadcrumb"
        if ln.kind in ("chrome", "breadcrumb", "end"):
            if st.newspaper is None and ln.kind == "chrome":
                _newspaper([ln], st)
            st.info("chrome-removed", f"removed page chrome «{ln.raw}»", ln.no)
        elif ln.kind in _READERS:
            _READERS[ln.kind](ln, st)
        elif ln.kind == "subtitle" and st.title is not None and st.subtitle is None and (t is None or i > t):
            m = P.SUBTITLE.match(ln.norm)
            st.subtitle = m.group(1) if m else ln.norm
            ln.used = True
        elif st.title is None and ln.kind == "text" and len(ln.view) <= 80 and not ln.linkish and not web:
            _split_title(ln.raw, st, options, ln.no)
        elif ln.kind in ("text", "caption") and t is not None and i > t and _header_caption(header, i):
            ln.kind = "caption"
            header_captions.append(ln)
        elif ln.kind == "text" and st.column is None and t is not None and i > t and re.fullmatch(r"【[^【】]{2,12}】", ln.view):
            st.column = ln.norm.strip("【】 ")
            ln.used = True
            st.info("column-read", f"read the column «{st.column}» from «{ln.raw}»", ln.no)
        elif st.title is not None and ln.kind in ("text", "subtitle") and _same_title(ln.view, st):
            st.info("duplicate-title", f"removed the title printed a second time «{ln.raw}»", ln.no)
        elif ln.kind == "text" and t is not None and 0 < i - t <= 3 and _ORG_LINE.search(ln.view) and " " not in ln.view:
            # The body that wrote it, under the title: 北京市妇女儿童工作委员会儿童心理调研课题组
            st.credit(ln.norm, "organisation", ln.no)
            ln.used = True
            st.info("credit-read", f"read «{ln.raw}» into the article's metadata", ln.no)
        elif ln.kind == "text" and t is not None and st.subtitle is None and _subtitle_at(header, i, t):
            st.subtitle = ln.norm
            ln.used = True
        elif ln.kind == "text" and t is not None and _names_line(ln) and (
            0 < i - t <= 3 or (i == t - 1 and not (i > 0 and len(header[i - 1].view) <= 6 and header[i - 1].kind == "text"))
        ):
            # Names under the title, or alone on the line above it (not a menu's last item).
            _read_credit(ln, st)
        elif ln.kind == "text" and t is not None and 0 < i - t <= 4 and _speaker(ln) is not None:
            # The speaker under a speech's title: 四川省人民政府省长 施小琳 / 市政协主席 张三
            name = _speaker(ln)
            assert name is not None
            st.credit(ln.restore(name), "author", ln.no)
            ln.used = True
            st.info("credit-read", f"read the speaker «{ln.raw}» into the article's metadata", ln.no)
        elif ln.kind == "text" and _outlet_line(header, i):
            st.set_source(ln.norm, None, 1)
            ln.used = True
            st.info("metadata-read", f"read the outlet «{ln.raw}» beside the metadata line", ln.no)
        elif web:
            st.info("chrome-removed", f"removed page chrome «{ln.raw}»", ln.no)
        else:
            ln.kind = "unplaced"
            st.warn("unplaced-text", f"could not place «{ln.raw}» above the text; kept it as a paragraph", ln.no)

    # --- the footer: after the body --------------------------------------------------------
    footer = lines[last + 1 :]
    if st.newspaper is None:
        _newspaper([ln for ln in footer if ln.kind == "chrome"], st)
    ended = False
    unplaced: list[_Line] = []
    for k, ln in enumerate(footer):
        if ln.kind == "end":
            ended = True
        if ended:
            st.info("chrome-removed", f"removed page chrome «{ln.raw}»", ln.no)
            continue
        if ln.kind in _READERS:
            if ln.kind == "meta":
                _read_meta(ln, st, rank=3 if st.source_rank < 3 else 2)
            else:
                _READERS[ln.kind](ln, st)
        elif ln.kind == "text" and k <= 2 and _names_line(ln, parens=True):
            _read_credit(ln, st)
        elif ln.kind == "text" and k <= 1 and _names_line(ln):
            # A name alone under the text signs an essay, or names its editor.
            _read_credit(ln, st)
            st.warn(
                "credit-uncertain",
                f"took «{ln.raw}» under the text for the author; it may name an editor (say so in the manifest)",
                ln.no,
            )
        elif ln.kind == "text" and k <= 2 and re.fullmatch(r"《[^》]{2,30}》", ln.view):
            _read_source(ln, st)
        elif web or ln.kind == "breadcrumb" or (ln.kind == "chrome" and not _contact_line(ln.view)):
            st.info("chrome-removed", f"removed page chrome «{ln.raw}»", ln.no)
        else:
            ln.kind = "unplaced"
            unplaced.append(ln)
    for ln in unplaced:
        st.warn("unplaced-text", f"could not place «{ln.raw}» below the text; kept it as a paragraph", ln.no)

    body_lines = [ln for ln in lines[body_start : last + 1]]
    leftovers = [ln for ln in header if ln.kind == "unplaced"]
    body = _body([*leftovers, *header_captions, *body_lines, *unplaced], st, web)
    body = _tail_credits(body, st)
    _dateline_credits(body, st)
    if not any(isinstance(b, Heading) for b in body):
        body = _parallel_headings(body, st)
    if not any(isinstance(b, Heading) for b in body):
        body = _run_in_headings(body, st)
    _check_heading_numbers(body, st)
    return _finish(st, body, path)


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,3})[、，．.]")


def _cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (the numbers of 一、 headings)."""
    m = _CN_NUMBER.match(text)
    if not m:
        return None
    s = m.group(1)
    if "十" not in s:
        return _CN_DIGITS[s] if len(s) == 1 else None
    tens, _, units = s.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def _check_heading_numbers(blocks: list[Block], st: _State) -> None:
    """A numbered series of 一、 headings that does not start at 一 or skips a number (the
    first section's heading printed without its 一、, a section lost in the copy) gets an
    info diagnostic naming what is missing."""
    numbers = [(n, b) for b in blocks if isinstance(b, Heading) and not b.run_in and (n := _cn_number(fold(b.text))) is not None]
    if len(numbers) < 2:
        return
    seen = [n for n, _ in numbers]
    expected = list(range(1, max(seen) + 1))
    missing = [k for k in expected if k not in seen]
    if missing:

        def cn(k: int) -> str:
            return "一二三四五六七八九十"[k - 1] if k <= 10 else str(k)

        st.info(
            "heading-numbers",
            f"the numbered headings skip {'、'.join(map(cn, missing))} (they run "
            f"{'、'.join(map(cn, seen))}); a heading may be printed without its number",
            numbers[0][1].line,
        )


def _below_metadata(lines: list[_Line], t: int | None, j: int) -> bool:
    """Whether a metadata or credit line stands between the title ``t`` and line ``j``:
    a line set apart there opens the text; right under the title it is a subtitle."""
    start = t + 1 if t is not None else 0
    return any(lines[k].kind in ("meta", "credit") for k in range(start, j))


def _not_an_article(lines: list[_Line], st: _State, path: str | None) -> Article:
    """A page with no article (an index, a list of headlines, a table of contents): a
    warning, the metadata it states, and its text as paragraphs; only chrome is removed."""
    st.warn(
        "not-an-article",
        "this page holds no article (too little running text: an index, a list or a table "
        "of contents?); its text is kept as paragraphs",
    )
    body: list[Block] = []
    for ln in lines:
        if ln.kind in ("chrome", "breadcrumb", "end"):
            st.info("chrome-removed", f"removed page chrome «{ln.raw}»", ln.no)
        elif ln.kind == "meta":
            _read_meta(ln, st)
        else:
            body.append(Paragraph(text=ln.raw, line=ln.no))
    return _finish(st, body, path)


def _menu_words(lines: list[_Line], first: int, last: int) -> int:
    """Short words outside the body in runs of three or more: a site's menus."""
    count = run = 0
    for k, ln in enumerate(lines):
        menu = not first <= k <= last and ln.kind in ("text", "chrome") and not ln.sentence and len(ln.view) <= 6 and not _numbered(ln.view)
        run = run + 1 if menu else 0
        if run == 3:
            count += 3
        elif run > 3:
            count += 1
    return count


def _names_line(line: _Line, *, parens: bool = False) -> bool:
    """A line of names alone (赵延东、风笑天 under a title; （袁源） after the text); the
    names become the line's credits."""
    v = line.view
    if parens and not (v[:1] in "（(" and v[-1:] in "）)"):
        return False
    c = read_credits(v.strip("（）()"))
    if c.people and not c.residue and not c.roles_seen:
        line.credits = c
        return True
    return False


# An office and a name: 四川省人民政府省长 施小琳 / 广东省省长 王伟中 / 市政协主席 张三同志
_SPEAKER = LazyPattern(
    lambda: rf"^[\u4e00-\u9fff（）()]{{0,24}}?(?:{P.alt(V.OFFICE_TITLES)})\s*([\u4e00-\u9fff·]{{2,5}}?)(?:同志)?$"
)


def _speaker(line: _Line) -> str | None:
    """The name on a speaker's line under a speech's title, or ``None``."""
    v = line.view
    if len(v) > 40:
        return None
    m = _SPEAKER.match(v)
    if m and is_person_name(m.group(1)):
        return m.group(1)
    return None


def _subtitle_like(ln: _Line) -> bool:
    v = ln.view
    return (
        ln.kind == "text" and 8 <= len(v) <= 60 and ln.han >= 6 and not ln.linkish and not v.endswith("。")
        and not _caption_cue(v) and not P.WIDGET.search(v) and not P.URL.search(v) and not _ORG_LINE.search(v)
    )


def _subtitle_at(header: list[_Line], i: int, t: int) -> bool:
    """A subtitle: the line right under the title (成功举办中国（山西）－巴西双向经贸投资推介会), or
    the one text line between the title's metadata and the text; else the 引题 right above
    the title when nothing stands under it (拆房屡出命案 管理形同虚设)."""
    if not _subtitle_like(header[i]):
        return False
    title = _title_key(header[t].view)

    def quiet(h: _Line) -> bool:
        return h.kind in ("chrome", "meta", "credit", "breadcrumb", "end") or h.used or _title_key(h.view) == title

    if i > t:
        between = header[t + 1 : i]
        if not all(quiet(h) for h in between):
            return False
        if all(h.kind == "chrome" or _title_key(h.view) == title for h in between):
            return True
        # Below the metadata line: only when it is the one line there (not a title block
        # printed again in several lines).
        return not [h for h in header[t + 1 :] if h is not header[i] and not quiet(h) and h.kind == "text"]
    if all(quiet(h) for h in header[i + 1 : t]):
        below = [h for h in header[t + 1 :] if not quiet(h)]
        above = header[i - 1] if i > 0 else None
        return not below and header[i].han >= 8 and (above is None or quiet(above) or above.linkish)
    return False


def _header_caption(header: list[_Line], i: int) -> bool:
    """A photo's caption between the title and the text: it credits the photo (…山东女子学院供图),
    ends like a caption, or stands over a byline that credits photos (受访者供图, 摄)."""
    ln = header[i]
    v = ln.view
    if ln.kind == "caption":
        return True
    if ln.sentence and len(v) > 120 or ln.han < 4:
        return False
    if P.PHOTO_CREDIT.search(v) or _caption_cue(v, strong_only=True):
        return True
    nxt = next((h for h in header[i + 1 :] if h.kind != "chrome"), None)
    photo = nxt is not None and nxt.kind == "credit" and nxt.credits is not None and (
        any(r == "photographer" for _, r in nxt.credits.people) or "供图" in nxt.view or "摄" in nxt.view
    )
    return photo and not ln.sentence and len(v) <= 40


def _outlet_line(header: list[_Line], i: int) -> bool:
    """An outlet's name beside a metadata line (经济日报 above ``2024-05-13 06:16发布于北京``)."""
    v = header[i].view
    if not (2 <= len(v) <= 16 and _SITE_NAME.search(v[-6:]) and han_count(v) == len(v)):
        return False
    near = [header[j] for j in (i - 1, i + 1) if 0 <= j < len(header)]
    return any(n.kind == "meta" for n in near)


def _finish(st: _State, body: list[Block], path: str | None) -> Article:
    if st.date is None and st.authored_date is not None:
        st.date = st.authored_date
    if st.date is None and st.subtitle:
        # A speech's dateline: ——2025年1月15日在市政协十五届三次会议上的讲话
        st.date = parse_date(view(st.subtitle))
    if st.source is None and st.own_reporter and st.newspaper:
        st.source = Source(name=st.newspaper)
    not_article = any(d.code == "not-an-article" for d in st.diags)
    if st.title is None and not not_article:
        st.warn("no-title", "the article has no title line; give it one in the manifest")
    if not any(isinstance(b, Paragraph) for b in body) and not not_article:
        st.warn("no-text", "the article has no body text")
    return Article(
        script=st.script,
        title=st.title,
        subtitle=st.subtitle,
        column=st.column,
        authors=st.ordered_credits(),
        author_note=st.author_note,
        date=st.date,
        source=st.source,
        body=tuple(body),
        diagnostics=_in_line_order(st.diags),
        path=path,
    )


def _in_line_order(diags: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Diagnostics in the order of the lines they quote (those of no line last, as found)."""
    big = float("inf")
    return tuple(sorted(diags, key=lambda d: d.line if d.line is not None else big))
