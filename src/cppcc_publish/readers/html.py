"""Saved web pages (HTML) -> Article.

The page is decoded (:func:`cppcc_publish.textio.decode_markup`), parsed with lxml and
laid out as a browser lays out its text: every block element (``<p>``, ``<div>``,
``<li>``, a heading, a table row) starts a line, ``<br>`` breaks one, table cells are
joined by tabs, and what a reader never sees is left out (scripts, styles, comments,
``display:none`` and ``hidden`` elements, form controls).  Each line becomes a
:class:`~.structure.SourceLine` with what the markup says of it as a ``hint``:

- ``caption``: a ``<figcaption>``, or the short centred line under an ``<img>`` (an image
  caption as Chinese CMSs print it: centred, often bold or coloured, often ``图为…``);
- ``heading``: an ``<h1>``–``<h4>`` or a bold-only paragraph inside the article's
  container (see below), which the text reader confirms by its shape;
- ``link``: a line that is all link text (a menu item, a teaser headline);
- ``meta``: the metadata a government CMS writes into ``<meta>`` tags (``ArticleTitle``,
  ``PubDate``, ``ContentSource``), given as a metadata line above the page.

The article's container is found by text and link density (the idea GNE and
trafilatura share: the element holding the most text that is not link text, with the
most punctuation); its lines carry the ``paragraph`` hint where they are prose, so the
text reader's own body finder has the page's structure to lean on.  The text reader
(:func:`~.structure.read_lines`) then decides everything else with the same vocabulary
as for copied text.  ``<meta name="author">`` is never read (on these sites it names
the editor or a CMS account), and no date is taken from a page-generation stamp.

A page that is no article (a homepage, a list) gets the ``not-an-article`` warning and
its ``<title>`` as its title.  Where an ``<img>`` a caption stands under is a file next
to the saved page (``NN_files/photo.jpg``), the caption keeps its path relative to the
page (:attr:`~cppcc_publish.model.Caption.image`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import Diagnostic
from ..model import Article, Source
from ..options import ReadOptions
from ..textio import decode_markup
from ..transforms.script import detect_script
from .credits import clean_source, parse_date, read_labels
from .media import attach_images
from .structure import SourceLine, line_kind, read_lines
from .view import view

NAME = "html"
VERSION = "1"
SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
DESCRIPTION = "saved web pages (.html): decoded by BOM, UTF-8, the declared charset, then statistics"

# --- sniffing ----------------------------------------------------------------------------

# Tags that open an HTML page or stand in its first kilobytes.
_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|table|p|br|span|script|style|link|a\s|h[1-6]|ul|li|img|frameset|frame|iframe|center|font)[\s>/]",
    re.IGNORECASE,
)


def available() -> str | None:
    """Why the reader cannot work here, or ``None``."""
    import importlib.util

    return None if importlib.util.find_spec("lxml") else "lxml is not installed"


def sniff(data: bytes, path: str | None = None) -> bool:
    """Whether ``data`` is an HTML page: markup in its first 4 KB (a doctype, or tags of
    two or more kinds), whatever the file is called."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head[2:].replace(b"\x00", b"")
    if re.match(rb"<!doctype\s+html|<html[\s>]|<frameset[\s>]", head, re.IGNORECASE):
        return True
    kinds = {m.group(0)[1:5].lower() for m in _MARKUP.finditer(head)}
    return len(kinds) >= 2


# --- layout --------------------------------------------------------------------------------

_BLOCK = frozenset(
    "address article aside blockquote center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table "
    "tbody thead tfoot tr ul caption legend frameset frame body html".split()
)
# Never shown as text: scripts, styles, form controls, embedded objects.
_SKIP = frozenset(
    "script style noscript template head title iframe object embed select option optgroup textarea "
    "input button svg math canvas video audio map area source track param datalist".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD_TAGS = frozenset(("b", "strong"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CENTRED_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f]+")
# White space with a line break between two Chinese characters or marks is no space at
# all (CSS Text 3, segment break transformation): 跨越千山万水，\n行程 reads 跨越千山万水，行程.
_CJK_BREAK = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\uffef\u3000-\u303f])[ \t\r\f]*\n[ \t\n\r\f]*(?=[\u2e80-\u9fff\uf900-\uffef\u3000-\u303f])")

LINK, BOLD, CENTRED, FIGCAPTION, PRE = 1, 2, 4, 8, 16


@dataclass(slots=True)
class Block:
    """One line of the laid-out page, with what the markup says of it."""

    parts: list[str] = field(default_factory=list)
    chars: int = 0
    link_chars: int = 0
    links: int = 0
    bold_chars: int = 0
    flags: int = 0
    """The flags (LINK, BOLD, CENTRED, FIGCAPTION) every piece of text of the line had."""
    any_flags: int = 0
    heading: int = 0
    tag: str = ""
    image: str | None = None
    """The ``src`` of an image standing right above the line."""
    line: int | None = None
    """The line of the page's source where the element holding the text starts."""
    cell: bool = False

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class _Hidden:
    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()


_SIMPLE_SELECTOR = re.compile(r"^(?:[a-z0-9]*)?([.#])([\w-]+)$", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _hidden_selectors(styles: list[str]) -> _Hidden:
    """Classes and ids a page's own style sheets hide (``.hide{display:none}``): only
    simple selectors, which is what CMS templates use for dropdowns and print widgets."""
    classes: set[str] = set()
    ids: set[str] = set()
    for css in styles:
        if "none" not in css and "hidden" not in css:
            continue
        for rule in _CSS_COMMENT.sub("", css).split("}"):
            selectors, _, body = rule.rpartition("{")
            if "display" not in body.lower() or not _HIDDEN_STYLE.search(body):
                continue
            for sel in selectors.split(","):
                s = _SIMPLE_SELECTOR.match(sel.strip())
                if s:
                    (classes if s.group(1) == "." else ids).add(s.group(2))
    return _Hidden(frozenset(classes), frozenset(ids))


class _Layout:
    """Lays a page's body out in lines, as a browser's ``innerText`` does."""

    def __init__(self, hidden: _Hidden) -> None:
        self.blocks: list[Block] = []
        self.cur = Block()
        self.hidden = hidden
        self.pending_image: str | None = None
        self.tag = ""
        self.line: int | None = None

    def flush(self) -> None:
        cur = self.cur
        if not cur.parts:
            return
        if cur.chars and cur.text.strip(" \t\u00a0\u3000"):
            if cur.image is None and self.pending_image is not None:
                cur.image = self.pending_image
            self.pending_image = None
            self.blocks.append(cur)
        self.cur = Block(tag=self.tag)

    def text(self, s: str | None, flags: int, heading: int) -> None:
        if not s:
            return
        if s.isspace() and not flags & PRE and "\u00a0" not in s and "\u3000" not in s:
            if self.cur.chars and self.cur.parts[-1][-1:] != " ":
                self.cur.parts.append(" ")  # white space between inline elements
            return
        if not flags & PRE:
            if "\n" in s:
                s = _CJK_BREAK.sub("", s)
            s = _SPACES.sub(" ", s)
            if s == " " and not self.cur.chars:
                return
        cur = self.cur
        n = len(s.strip())
        if not cur.chars:
            cur.flags = flags
            cur.heading = heading
            cur.tag = self.tag
            cur.line = self.line
        else:
            cur.flags &= flags
        cur.any_flags |= flags
        if heading and not cur.heading:
            cur.heading = heading
        cur.parts.append(s)
        cur.chars += n
        if flags & LINK:
            cur.link_chars += n
        if flags & BOLD:
            cur.bold_chars += n

    def walk(self, el: Any, flags: int, heading: int, depth: int = 0) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            return
        if tag in _SKIP:
            return
        attrib = el.attrib
        if len(attrib):
            style = attrib.get("style")
            if style and _HIDDEN_STYLE.search(style):
                return
            if "hidden" in attrib:
                return
            if self.hidden.classes and (cls := attrib.get("class")) and any(c in self.hidden.classes for c in cls.split()):
                return
            if self.hidden.ids and attrib.get("id") in self.hidden.ids:
                return
            if style:
                if _CENTRED_STYLE.search(style):
                    flags |= CENTRED
                if _BOLD_STYLE.search(style):
                    flags |= BOLD
            if (attrib.get("align") or "").lower() == "center":
                flags |= CENTRED
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            src = attrib.get("src")
            if src and not self.cur.chars:
                self.pending_image = src
            return
        block = tag in _BLOCK
        if tag == "a" and "href" in attrib:
            flags |= LINK
            self.cur.links += 1
        elif tag in _BOLD_TAGS:
            flags |= BOLD
        elif tag in _HEADINGS:
            heading = _HEADINGS[tag]
        elif tag == "center":
            flags |= CENTRED
        elif tag == "figcaption":
            flags |= FIGCAPTION
        elif tag == "pre":
            flags |= PRE
        cell = tag in ("td", "th")
        if block:
            self.flush()
            saved = self.tag
            self.tag = tag
        elif cell:
            if self.cur.chars:
                self.cur.parts.append("\t")
        self.line = el.sourceline
        if depth > 180:
            self.text("".join(el.itertext()), flags, heading)
        else:
            self.text(el.text, flags, heading)
            for child in el:
                self.walk(child, flags, heading, depth + 1)
                if child.tail:
                    self.line = el.sourceline
                    self.text(child.tail, flags, heading)
        if block:
            self.flush()
            self.tag = saved


# --- the page ----------------------------------------------------------------------------

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(slots=True)
class Page:
    """What a page is made of: its laid-out lines and what its head says."""

    blocks: list[Block]
    title: str | None
    meta: dict[str, str]


def parse_page(text: str) -> Page:
    """Lay out the page ``text`` (decoded HTML)."""
    from lxml import etree  # type: ignore[import-untyped]

    text = _XML_DECL.sub("", text, count=1)
    # lxml's own parser, not lxml.html's: its element classes cost a lookup per element.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, default_doctype=False)
    doc = etree.fromstring(text, parser) if text.strip() else None
    if doc is None:  # a page with no element at all
        doc = etree.fromstring("<html><body></body></html>", parser)
    meta: dict[str, str] = {}
    title = None
    styles: list[str] = []
    for el in doc.iter("meta", "title", "style"):
        if el.tag == "meta":
            name = (el.get("name") or el.get("property") or el.get("http-equiv") or "").strip().lower()
            content = el.get("content")
            if name and content and name not in meta:
                meta[name] = " ".join(content.split())
        elif el.tag == "title":
            if title is None:
                title = " ".join("".join(el.itertext()).split()) or None
        elif el.text:
            styles.append(el.text)
    layout = _Layout(_hidden_selectors(styles))
    body = doc.find("body")
    root = body if body is not None else doc
    layout.walk(root, 0, 0)
    layout.flush()
    return Page(blocks=_merge_menus(layout.blocks), title=title, meta=meta)


def _menu_item(b: Block) -> bool:
    return b.chars <= 8 and b.link_chars >= b.chars and b.image is None


def _merge_menus(blocks: list[Block]) -> list[Block]:
    """Runs of short links, one per line (a menu's items: 首页 / 新闻 / 头条 …), as one
    line of words, as a menu reads: the text reader sees the same menu in fewer lines."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if prev is not None and _menu_item(b) and prev.link_chars >= prev.chars and prev.chars <= 200 and (
            _menu_item(prev) or prev.tag == "menu"
        ):
            prev.parts.extend((" ", *b.parts))
            prev.chars += b.chars
            prev.link_chars += b.link_chars
            prev.links += max(1, b.links)
            prev.tag = "menu"
            continue
        out.append(b)
    return out


_PROSE_MARK = re.compile(r"[。！？]")
_TAGS = re.compile(r"<[^>]*>")
_TITLE_SUBTITLE = re.compile(r"\s*(?:——|--).*$")


def _prose(b: Block) -> bool:
    """A line of running text: long enough, with a full stop, little link text."""
    return b.chars >= 30 and b.link_chars * 3 < b.chars and bool(_PROSE_MARK.search(b.text))


def _compact(text: str) -> str:
    return "".join(text.split())


def meta_title(meta: dict[str, str]) -> str | None:
    """The headline a government CMS writes into ``<meta name="ArticleTitle">`` (without
    markup and a subtitle run into it: ``…力量<div>——热烈祝贺…``)."""
    value = meta.get("articletitle")
    if not value:
        return None
    value = _TITLE_SUBTITLE.sub("", _TAGS.sub("", value)).strip()
    return value or None


def _hints(page: Page) -> list[str | None]:
    """What the markup says of each line (see the module's docstring)."""
    blocks = page.blocks
    n = len(blocks)
    prose = [_prose(b) for b in blocks]
    first_prose = next((i for i in range(n) if prose[i]), n)
    # A line of several links and nothing else is a menu (首页 新闻 … merged, or
    # 《西藏日报》 《西藏商报》 …), never a title.
    hints: list[str | None] = [
        "menu" if b.tag == "menu" or (b.links >= 2 and b.link_chars * 10 >= b.chars * 9) else None for b in blocks
    ]
    headline = meta_title(page.meta)
    if headline:
        key = _compact(headline)
        same = [i for i in range(first_prose) if _compact(blocks[i].text) == key and not blocks[i].link_chars]
        if same:
            hints[same[-1]] = "title"
    for i, b in enumerate(blocks):
        if hints[i] is not None or b.link_chars * 2 > b.chars:
            continue
        if b.flags & FIGCAPTION or (_under_image(blocks, i) and (
            (i > 0 and (prose[i - 1] or hints[i - 1] == "caption")) or (i + 1 < n and prose[i + 1])
        )):
            hints[i] = "caption"
        elif b.links == 1 and b.link_chars >= b.chars:
            hints[i] = "link"
        elif not b.link_chars and (1 <= b.heading <= 4 or b.bold_chars >= b.chars):
            # A label in bold (点评：) heads what follows only when centred (个人简介：).
            if b.flags & CENTRED or not b.text.rstrip(" \u00a0\u3000").endswith(("：", ":")):
                hints[i] = "strong"
    return hints


_WORK_TITLE = re.compile(r"^《[^》]+》$")


def _under_image(blocks: list[Block], i: int) -> bool:
    """The short centred line under an ``<img>``: a photo's caption as Chinese CMSs print
    it.  Not a centred heading block under a picture (《冬夜读书示子聿》 over ——（宋）陆游:
    a work's title alone, or a line over another short centred line of its own)."""
    b = blocks[i]
    if b.image is None or not b.flags & CENTRED or b.heading or b.chars > 120:
        return False
    text = b.text.strip(" \u00a0\u3000")
    if _WORK_TITLE.match(text) or line_kind(text) not in ("text", "caption"):
        return False  # a footer under the site's logo is no caption
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt is not None and nxt.image is None and nxt.flags & CENTRED and nxt.chars <= 30 and not _prose(nxt):
        return False
    return True


_META_DATE_KEYS = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "og:release_date")
_META_SOURCE_KEYS = ("contentsource", "source")


def _meta_fallbacks(article: Article, page: Page, path: str | None) -> Article:
    """What the page's ``<meta>`` tags give where the text gave nothing: the headline
    (``ArticleTitle``), the publication date (``PubDate``, ``publishdate``) and the outlet
    (``ContentSource``, ``source``).  Never ``<meta name="author">``: on these sites it
    names the editor or a CMS account (``104363``)."""
    fields: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    if article.title is None and (headline := meta_title(page.meta)):
        fields["title"] = headline
        diags.append(Diagnostic(level="info", code="metadata-read", file=path,
                                message=f"took the title «{headline}» from the page's <meta name=\"ArticleTitle\">"))
    if article.date is None:
        for key in _META_DATE_KEYS:
            d = parse_date(page.meta.get(key, ""))
            if d is not None:
                fields["date"] = d
                diags.append(Diagnostic(level="info", code="metadata-read", file=path,
                                        message=f"took the date {d.isoformat()} from the page's <meta name=\"{key}\">"))
                break
    if article.source is None:
        for key in _META_SOURCE_KEYS:
            value = page.meta.get(key)
            if not value:
                continue
            name, _ = clean_source(read_labels(view("来源：" + value)).source or "")
            if name:
                fields["source"] = Source(name=name)
                diags.append(Diagnostic(level="info", code="metadata-read", file=path,
                                        message=f"took the source «{name}» from the page's <meta name=\"{key}\">"))
                break
    if not fields:
        return article
    if "title" in fields:
        article = replace(article, diagnostics=tuple(d for d in article.diagnostics if d.code != "no-title"))
    return replace(article, **fields, diagnostics=article.diagnostics + tuple(diags))


def read(data: bytes, path: str | None = None, options: ReadOptions | None = None) -> Article:
    """Read a saved web page (bytes) into an article, before the transforms."""
    options = options or ReadOptions()
    name = path or "<input>"
    decoded = decode_markup(data, name)
    page = parse_page(decoded.text)
    hints = _hints(page)
    sources = [SourceLine(text=b.text, no=b.line, hint=h) for b, h in zip(page.blocks, hints)]
    script = detect_script("\n".join(s.text for s in sources[:400]))
    article = read_lines(sources, path, options, script)
    article = replace(article, script=script)
    if not sources:
        # A frameset, or a page whose text is all written by scripts.
        article = replace(article, diagnostics=tuple(d for d in article.diagnostics if d.code not in ("no-title", "no-text"))
                          + (Diagnostic(level="warning", code="not-an-article", file=path,
                                        message="this page shows no text (a frameset, or text written by scripts)"),))
    if any(d.code == "not-an-article" for d in article.diagnostics):
        if page.title:
            article = replace(article, title=page.title)
        return article
    article = _meta_fallbacks(article, page, path)
    images = [(b.text, b.image) for b, h in zip(page.blocks, hints) if h == "caption" and b.image]
    return attach_images(article, images, path)
