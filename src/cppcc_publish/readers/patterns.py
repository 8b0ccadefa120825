"""Line classifiers: every regex the text reader uses, with examples.

Lines are matched on their *view* (:func:`view`): white space trimmed, pinyin
annotations dropped and ASCII marks read as their Chinese forms, so that one pattern
serves ``三、緊扣中心大局履職, 積極建言`` and ``三、紧扣中心大局履职，积极建言`` alike.
"""

from __future__ import annotations

import re

from ..charsets import HAN, PINYIN_LETTERS
from ..transforms.punctuation import PINYIN_ANNOTATION

_ASCII_MARK = re.compile("[,:;?!()]")
_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"})
_WS_CHARS = " \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"


def strip_ws(line: str) -> str:
    """Trim every kind of white space at both ends (ASCII, U+00A0, U+3000, zero-width)."""
    return line.strip(_WS_CHARS)


def view(line: str) -> str:
    """The line as the classifiers see it (never stored)."""
    line = strip_ws(line)
    if "(" in line or "（" in line:
        line = PINYIN_ANNOTATION.sub("", line)
    if _ASCII_MARK.search(line):
        line = line.translate(_TO_FULL)
    return line


_NOT_HAN = re.compile(f"[^{HAN}]+")


def han_count(text: str) -> int:
    """How many Han characters ``text`` holds (one string built, not one per character)."""
    return len(_NOT_HAN.sub("", text))


# --- page chrome ------------------------------------------------------------------------

# Lines that belong to the web page, not the article.  Matched against the whole view.
# Matches: 正在加载数据... / 加入收藏|设为首页| 网站地图 / 当前位置:首页 > 时政动态 > 正文 /
# 点击数:74 A- A+ / [打印文章] [添加收藏] / 投稿热线:0771-8802228 / 版权所有 / 联系电话: … /
# 欢迎关注报社公众号 / X.  Must not match a sentence such as 市政协门户网站、微信公众号“一刊一网一公众号”。
CHROME = re.compile(
    r"""^(?:
        正在加载.{0,10}
      | .{0,20}(?:加入收藏|设为首页|网站地图|网站导航|收藏本站|关闭窗口|返回顶部|打印本页).{0,40}
      | [\[【]?(?:打印文章|打印本页|添加收藏|关闭窗口|返回首页|返回列表|打印|关闭)[\]】]?(?:\s*[\[【].{1,6}[\]】])*
      | 当前位置.*
      | 您现在的位置.*
      | (?:首页|主页)\s*[>＞»›/].*
      | .{0,30}(?:点击数|点击量|点击率|浏览次数|浏览量|阅读次数|阅读量)[：:]\s*\d*.*
      | .{0,6}字[体号][：:].{0,12}
      | A[-+]\s*A[-+].*
      | .{0,30}(?:版权所有|Copyright|©|ICP备|技术支持|网站标识码|公网安备).*
      | .{0,30}(?:投稿热线|投稿邮箱|投稿信箱|联系电话|联系邮箱|电子邮箱|新闻热线|举报电话|E-?mail).*
      | .{0,20}(?:网站链接|友情链接|相关链接|相关阅读|相关新闻|上一篇|下一篇|分享到|扫一扫|二维码).{0,20}
      | 欢迎关注.{0,20}
      | .{0,40}(?:主管|主办)(?:\s*[·|｜、 ]\s*.{0,30}(?:主管|主办|承办))?
      | 微信公众号|官方微信|官方微博|手机版|客户端
      | [xX×✕]
    )$""",
    re.VERBOSE,
)

# A breadcrumb: short items joined by ">" (首页>协商议政>地方政协).  What stands above a
# breadcrumb at the top of a page is the site's masthead and menu.
BREADCRUMB = re.compile(r"^(?:当前位置|您现在的位置|首页|主页|[^。，]{1,12}\s*[>＞»›]\s*[^。，]{1,12}\s*[>＞»›])")

# --- metadata line ----------------------------------------------------------------------

# Key–value pairs of a web page's metadata line:
# 文章来源: 作者:黄筱珂 发布时间:2023年01月03日 点击数:74 A- A+ / 2021-05-26 | 来源:
META_KEYS = (
    "文章来源|稿件来源|信息来源|来源|作者|文/|文／|发布时间|发布日期|发表时间|更新时间|时间|日期"
    "|点击数|点击量|浏览次数|阅读次数|责任编辑|编辑"
)
META_ITEM = re.compile(rf"({META_KEYS})\s*[：:]?\s*")
META_LINE = re.compile(
    r"^(?:\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:[|｜]|$)"
    r"|.*(?:文章来源|稿件来源|信息来源|来源|作者|发布时间|发布日期|发表时间)\s*[：:])"
)
DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")

# --- credits ----------------------------------------------------------------------------

_NAME = rf"[{HAN}·]{{2,5}}"
# 本报记者 黄富强  通讯员 农喜养 / 记者 张三 李四 / 特约通讯员：王五
BYLINE = re.compile(
    rf"^(?:(?:本报|本刊|特约|见习|首席)?(?:记者|通讯员)\s*[：:]?\s*{_NAME}(?:[\s、,，]+{_NAME})*\s*)+$"
)
_ROLE_WORD = r"(?:本报|本刊|特约|见习|首席)?(?:记者|通讯员)"
BYLINE_ITEM = re.compile(
    rf"({_ROLE_WORD})\s*[：:]?\s*((?:(?!{_ROLE_WORD}){_NAME}[\s、,，]*)+)"
)
# 编辑:李敏杰 / 责任编辑：张三
EDITOR = re.compile(rf"^(?:责任)?编辑\s*[：:]\s*({_NAME}(?:[\s、,，]+{_NAME})*)$")
# (罗鸣 整理) at the end of the last paragraph or on its own line.
COMPILER_TAIL = re.compile(rf"[（(]\s*({_NAME}(?:[\s、,，]+{_NAME})*)\s*整理\s*[)）]\s*$")
# 文/张三 or 作者：张三 on its own line.
AUTHOR_LINE = re.compile(rf"^(?:文\s*[/／]|作者\s*[：:])\s*({_NAME}(?:[\s、,，]+{_NAME})*)$")

# --- notes and sources ------------------------------------------------------------------

# (作者系贺州市政协主席、党组书记)
AUTHOR_NOTE = re.compile(r"^[（(]?\s*(作者系.+?|作者为.+?|作者是.+?)\s*[)）]?$")
# 《广西政协工作》(2025年第3期)
SOURCE_NOTE = re.compile(r"^(?:来源[：:]\s*)?《([^》]{2,30})》\s*(?:[（(]([^)）]{2,30})[)）])?$")
# A newspaper named in the masthead or footer: 广西政协报新闻中心 / 广西政协报社主办
NEWSPAPER = re.compile(rf"([{HAN}]{{2,10}}报)(?:社|新闻|网|电子版)")
OWN_REPORTER = re.compile(r"本报(?:记者|通讯员)")

# --- title, subtitle, column ------------------------------------------------------------

SUBTITLE = re.compile(r"^(?:——|－－|--|—)\s*(.+)$")
INLINE_SUBTITLE = re.compile(r"^(.+?)\s*(?:——|－－|--)\s*(.+)$")

# --- headings ---------------------------------------------------------------------------

# 一、 二、 … 十二、  (level 1)
NUMBERED_1 = re.compile(r"^[一二三四五六七八九十百]+[、，．.]")
# （一） (1) (level 2)
NUMBERED_2 = re.compile(r"^[（(][一二三四五六七八九十百]+[)）]")
SENTENCE_END = re.compile(r"[。！？；：…，、—][”’」』）》]*$")
HEADING_MAX = 30
"""A standalone heading holds at most this many characters."""

# A run-in lead sentence: two short parallel clauses joined by "，", ending in "。".
# Matches 深化学习宣传，把握核心要义。 and 目标既定，贵在落实。; not 坚持党的全面领导，是做好新时代政协工作的根本保证。
RUN_IN = re.compile(rf"^([{HAN}“”、]{{2,10}})，([{HAN}“”、]{{2,10}})。")
RUN_IN_MAX = 21

# --- captions ---------------------------------------------------------------------------

CAPTION_MARKS = "Δ▲△▴▵◭∆"
CAPTION = re.compile(rf"^[{CAPTION_MARKS}]\s*(.+)$")
# A marker damaged into a Latin capital or "?" (▲ read as "A"), accepted next to a
# caption with a real marker.  Matches "A 西平县政协开展…"; not "A股市场…".
DAMAGED_CAPTION = re.compile(rf"^[A?？]\s+(?=[{HAN}“])(.+)$")

# Words a photo caption ends with, to find where a caption glued to the continuation of a
# paragraph stops: "…委员履职活动|别委员,将理论宣讲…".
_CAPTION_END_WORDS = (
    "调研 视察 活动 会议 现场 合影 留影 座谈会 发言 讲话 仪式 考察 交流 揭牌 开幕 闭幕 协商会 "
    "培训 讲座 义诊 宣讲 走访 慰问 摄 图 调研組 調研 視察 活動 會議 現場 座談會 發言 講話 "
    "儀式 開幕 閉幕 協商會 培訓 講座 義診 宣講 走訪"
).split()


def _tolerant(word: str) -> str:
    """A regex for ``word`` that allows a pinyin annotation after each character."""
    ann = rf"(?:[(（][{PINYIN_LETTERS}]{{1,6}}[)）])?"
    return "".join(re.escape(ch) + ann for ch in word)


CAPTION_END = re.compile("|".join(_tolerant(w) for w in sorted(_CAPTION_END_WORDS, key=len, reverse=True)))
