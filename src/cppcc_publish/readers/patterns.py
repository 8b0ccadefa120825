"""Line patterns: every regex the readers use to tell what a line is, with examples.

Lines are matched on their *view* (:mod:`cppcc_publish.readers.view`): traditional
characters simplified, full-width Latin folded, ASCII marks read as Chinese ones, pinyin
annotations dropped.  The words come from :mod:`cppcc_publish.readers.vocabulary`.
"""

from __future__ import annotations

import re

from ..charsets import HAN, PINYIN_LETTERS
from . import vocabulary as V
from .trie import LazyPattern, trie


def alt(words: list[str] | tuple[str, ...]) -> str:
    """A regex matching any of ``words``, longest first, written as a trie
    (发(?:布(?:时间|日期)|稿时间)…) so that a line is scanned in linear time."""
    return trie(words)




# --- page chrome ------------------------------------------------------------------------

# A widget line: the words of tools and buttons and little else.  Matches 分享到： /
# 【字体：大 中 小】 / 打印 字体： 放大 正常 缩小 分享 / [打印文章] [添加收藏] / 扫一扫在手机打开当前页面 /
# 1234下一页 / 【1】【2】【3】【4】.  Not 市政协门户网站、微信公众号“一刊一网一公众号”，全年刊播新闻稿件200多篇。
WIDGET = LazyPattern(lambda: rf"(?:{alt(V.WIDGET_WORDS)})")
# Page furniture in a footer: 版权所有 / 京ICP备13016345号-8 / 主办单位：… / 联系电话：…
_FOOTER_WORDS = V.FOOTER_WORDS + [w.upper() for w in V.FOOTER_WORDS] + [w.lower() for w in V.FOOTER_WORDS]
FOOTER = LazyPattern(lambda: rf"{alt(_FOOTER_WORDS)}|(?:{alt(V.FOOTER_LABELS)})\s*[：:]|许可证\s*[A-Z0-9]")
# Only a footer's label (联系电话：… / 地址：…): in a plain article, a line of its text.
FOOTER_LABEL = LazyPattern(lambda: rf"(?:{alt(V.FOOTER_LABELS)})\s*[：:]")
FOOTER_STRONG = LazyPattern(lambda: rf"{alt(_FOOTER_WORDS)}|许可证\s*[A-Z0-9]")
RIGHTS = LazyPattern(lambda: V.RIGHTS_NOTICE)
# An e-paper's page label: 第A01版：头版 / 第03版
EPAPER_PAGE = re.compile(r"^第\s*[A-Z]?\d{1,3}\s*版")
# An image's placeholder: 放大图片 / 查看原图 / 点击查看大图 / 图片
PHOTO_WIDGET = re.compile(r"^[\[【]?(?:放大图片|查看原图|点击查看大图|点击图片查看|点击放大|查看大图|图片|高清大图)[\]】]?$")
# Greeting and date banners: 您好，欢迎进入…网站！ / 今天是：2024年4月25日 星期四
BANNER = LazyPattern(lambda: rf"(?:{alt(V.BANNER_WORDS)})")
# Headings of the lists that follow an article: 相关阅读 / 推荐阅读 / 热门文章 / 上一篇：…
LIST_HEADING = LazyPattern(lambda: rf"^[\[【|｜\s]*(?:{alt(V.LIST_HEADINGS)})(?:\s*[>》»]+|\s*[:：].{{0,40}}|\s*(?:更多|MORE).*)?[\]】\s]*$", re.IGNORECASE)
# Page numbers of a paginated article: 【1】【2】【3】 / [1] [2] [3] / 1234下一页 / 上一页 1 下一页
PAGINATION = re.compile(r"^(?:[\[【]?\d{1,2}[\]】]?\s*){2,}(?:下一页.*)?$|上一页|下一页|尾页")
# Navigation: items joined by | or » or ", or a run of short words (首页 新闻 图片 评论)
NAV_SEPARATED = re.compile(r"(?:[^|｜»]{1,12}[|｜»]){2,}")
# A teaser line of a news list: 央视军事8小时前 / (2020-08-16 22:26:38)[社会] …
TIME_AGO = LazyPattern(lambda: rf"(?:\d+\s*(?:{alt(V.TIME_AGO_WORDS)})|{alt(V.TIME_AGO_WORDS)})$")

# Labels of an article's own parts: 编者按 / 附件 / 背景链接 (a heading, not chrome)
SECTION_LABEL = LazyPattern(lambda: rf"^[【\[]?(?:{alt(V.SECTION_LABELS)})[】\]]?$")
# A URL inside a line (its ":" and "." are not Chinese marks)
URL = re.compile(r"(?:https?[:：]//|www\.)[\w./?=&%#~+\-：]+", re.IGNORECASE)
# A teaser line that starts or ends with a date: [2005-08-21] 为什么… / …灾民损失补偿 2024-04-20
DATED_ITEM = re.compile(
    r"[\[（(【]?\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*[\]）)】]"
)
DATED_TAIL = re.compile(r"\s\d{4}-\d{1,2}-\d{1,2}$")
# --- metadata, notes and sources --------------------------------------------------------

# (作者系贺州市政协主席、党组书记) / 【作者单位：中国社会科学院研究生院、华中科技大学社会学系】
AUTHOR_NOTE = re.compile(
    r"^[（(【\[]?\s*(作者(?:系|为|是|单位|简介)[^)）】\]]+?|作者[^)）】\]，,]{2,5}系[^)）】\]]+?)\s*[)）】\]]?$"
)
# 《广西政协工作》(2025年第3期) / (摘自《上海社会科学院学术季刊》2000年第2期，…) / 《光明日报》（ 2022年02月13日 02版）
SOURCE_NOTE = re.compile(
    r"^[（(【]?\s*(?:来源[：:]\s*|摘自|转自|原载|刊于|原载于|选自|载于|转载自)?\s*《([^》]{2,30})》\s*"
    r"(?:[（(]\s*([^)）]{1,40}?)\s*[)）]|(\d{4}\s*年[^，,。）)]{0,16}))?\s*(?:[，,][^。]{0,60})?[)）】]?$"
)
# Only a print line with its issue, or with a word that says so, is a source by itself: a
# bare 《冬夜读书示子聿》 heads a poem.
SOURCE_NOTE_WORDS = re.compile(r"^[（(【]?\s*(?:来源|摘自|转自|原载|刊于|选自|载于|转载自)|》\s*[（(]?\s*\d{4}|》\s*[（(][^)）]*期")
# A newspaper named in the masthead or footer: 广西政协报新闻中心 / 广西政协报社主办
NEWSPAPER = re.compile(rf"([{HAN}]{{2,10}}报)(?:社|新闻|网|电子版)")
OWN_REPORTER = re.compile(r"本报(?:记者|通讯员)")

# --- title, subtitle, column ------------------------------------------------------------

# ——在市政协全体会议上的讲话 / ----2025年1月15日…的政府工作报告 (a run of ASCII dashes)
SUBTITLE = re.compile(r"^(?:——|－－|-{2,}|—)\s*([^\s\-—－].*)$")
INLINE_SUBTITLE = re.compile(r"^(.+?)\s*(?:——|－－|--)\s*(.+)$")

# --- headings ---------------------------------------------------------------------------

# 一、 二、 … 十二、  (level 1)
NUMBERED_1 = re.compile(r"^[一二三四五六七八九十百]+[、，．.]")
# （一） (1) (level 2)
NUMBERED_2 = re.compile(r"^[（(][一二三四五六七八九十百]+[)）]")
# 1. 1、 2．(level 2 under 一、, level 1 alone) / 第一章 第二节 第三部分
NUMBERED_ARABIC = re.compile(r"^\d{1,2}\s*[.．、](?!\d)")
CHAPTER = re.compile(r"^第[一二三四五六七八九十百零\d]+[章节编篇部分]")
SENTENCE_END = re.compile(r"[。！？；：…，、—][”’」』）》]*(?:[（(][^（）()]{1,30}[)）])?$")
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
# A photo credit in a caption: 图为…启动仪式。（刘通摄） / …正录制视频 李尕 摄 / …现场。山东女子学院供图 / 新华社发（刘满仓摄）
PHOTO_CREDIT = re.compile(
    rf"(?:[（(][^（）()]{{0,12}}摄[影]?[)）]|\s[{HAN}]{{2,4}}\s*摄$|[{HAN}]供图$|供图[)）]?$|^图为|^图片?[：:]|摄影[：:/]|[（(]图片来源.*[)）]$|[（(]资料图[)）]$)"
)
_STRONG_CAPTION_ENDS = "现场 合影 留影 剪影 掠影 一角 开幕式 闭幕式 仪式 典礼 会场 主会场 分会场 全景 航拍 资料图 示意图 供图".split()
STRONG_CAPTION_END = LazyPattern(lambda: rf"(?:{alt(_STRONG_CAPTION_ENDS)})[。]?$")
CAPTION_WORD_END = LazyPattern(lambda: rf"(?:{alt(V.CAPTION_END_WORDS)})[。]?$")


def _tolerant(word: str) -> str:
    """A regex for ``word`` that allows a pinyin annotation after each character."""
    ann = rf"(?:[(（][{PINYIN_LETTERS}]{{1,6}}[)）])?"
    return "".join(re.escape(ch) + ann for ch in word)


# Words a photo caption ends with, to find where a caption glued to the continuation of a
# paragraph stops: "…委员履职活动|别委员,将理论宣讲…".
_CAPTION_GLUE_WORDS = (
    "调研 视察 活动 会议 现场 合影 留影 座谈会 发言 讲话 仪式 考察 交流 揭牌 开幕 闭幕 协商会 "
    "培训 讲座 义诊 宣讲 走访 慰问 摄 图 调研組 調研 視察 活動 會議 現場 座談會 發言 講話 "
    "儀式 開幕 閉幕 協商會 培訓 講座 義診 宣講 走訪"
).split()
CAPTION_END = LazyPattern(lambda: "|".join(_tolerant(w) for w in sorted(_CAPTION_GLUE_WORDS, key=len, reverse=True)))
