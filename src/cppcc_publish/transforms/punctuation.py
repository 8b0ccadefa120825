"""Chinese punctuation per GB/T 15834, white space, and pinyin annotations: pure str -> str.

Each function is idempotent (``f(f(s)) == f(s)``) and leaves ASCII alone inside numbers,
times, URLs and Latin text.
"""

from __future__ import annotations

import re

from ..charsets import HAN, TONED_VOWELS

# --- pinyin annotations -----------------------------------------------------------------

# One pinyin syllable, with or without tone marks: xié, rèn, zhōng, lüè, de.
_SYLLABLE = (
    rf"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouüv{TONED_VOWELS}]+(?:ng|n|r)?"
)
# A syllable in parentheses glued after a Han character: 協(xié), 會（huì）.
# Matches ``協(xié)``; leaves ``鄉鎮(街道)`` and ``(GDP)`` alone.
PINYIN_ANNOTATION = re.compile(rf"(?<=[{HAN}])[(（]({_SYLLABLE})[)）]")
TONED = re.compile(f"[{TONED_VOWELS}]")


def strip_pinyin(text: str, *, toneless: bool) -> tuple[str, int]:
    """Remove pinyin annotations; a syllable without tone marks (``(de)``) only when
    ``toneless`` (the article has plenty of toned ones).  Returns the text and the count."""
    if "(" not in text and "（" not in text:
        return text, 0
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        if toneless or TONED.search(m.group(1)):
            count += 1
            return ""
        return m.group(0)

    return PINYIN_ANNOTATION.sub(repl, text), count


# --- white space ------------------------------------------------------------------------

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_RUNS = re.compile(" {2,}")
_MARKS_FOR_SPACE = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—"
# A space next to a Chinese mark goes: ``履職, 積極`` → ``履職,積極`` (the comma becomes
# ``，`` in the punctuation step); ``凝聚智慧力量 共谱时代华章`` keeps its single space.
_SPACE_AT_MARK = re.compile(f" +(?=[{_MARKS_FOR_SPACE}])|(?<=[{_MARKS_FOR_SPACE}]) +")
_ANY_SPACE = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff\u00ad\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Anything at all for tidy_space to do (this is a hot path: most texts are clean).
_UNTIDY = re.compile(
    f"[\u200b\u200c\u200d\u2060\ufeff\u00ad\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\r\n\v\f]"
    f"| {{2,}}| (?=[{_MARKS_FOR_SPACE}])|(?<=[{_MARKS_FOR_SPACE}]) |^ | $"
)


def tidy_space(text: str) -> str:
    """Drop zero-width characters, turn every other space into one ASCII space, remove
    spaces next to Chinese punctuation and at both edges."""
    if not _ANY_SPACE.search(text) or not _UNTIDY.search(text):
        return text  # most Chinese prose holds no space at all: one cheap look
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _RUNS.sub(" ", text)
    text = _SPACE_AT_MARK.sub("", text)
    return text.strip(" \r\n\v\f")


# --- punctuation ------------------------------------------------------------------------

_FULLWIDTH_ALNUM = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))}
)

_FW_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_ELLIPSIS_TRIGGER = re.compile("\\.\\.|。。|··|．．|…")
_DASH_TRIGGER = re.compile("--|－－|──|――|—")
_MARK_TRIGGER = re.compile("[,:;?!]")

_OPEN = "“‘（《〈【〔「『"
_CLOSE = "”’）》〉】〕」』"
_MARKS = "，。、；：？！…—"
# Context in which an ASCII mark is Chinese: a Han character or a Chinese mark.
_LEFT_CTX = f"{HAN}{_CLOSE}{_MARKS}"
_RIGHT_CTX = f"{HAN}{_OPEN}"

_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}

# ``......``, ``...``, ``。。。``, ``···`` and single ``…`` in Han context → ``……``.
# Matches ``采纳......`` and ``问题93项…2022年``; leaves ``etc...`` alone.
_ELLIPSIS = re.compile(rf"(?<![….。·．])(?:(?<=[{_LEFT_CTX}])|(?=[^A-Za-z0-9\n]{{0,6}}[{HAN}]))(?:\.{{3,}}|。{{3,}}|·{{3,}}|．{{3,}}|…+)")
# ``--`` and other doubled dashes between Han text → ``——``; a single ``—`` (a range such
# as ``北京—上海``) stays.
_DASH = re.compile(rf"(?<=[{_LEFT_CTX}{_OPEN}])\s*(?<![-－─―—])(?:-{{2,}}|－{{2,}}|─{{2,}}|―{{2,}}|—\s+—)(?![-－─―—])\s*(?=[{_RIGHT_CTX}{_CLOSE}]|$)")
# ASCII ,:;?! with Han or a Chinese mark on the left, or Han on the right.
# Matches ``履職, 積極`` and ``电话:0771``; leaves ``10:30`` and ``a, b`` alone.
_HSPACE = "[ \t\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff]*"
_MARK_LEFT = re.compile(rf"(?<=[{_LEFT_CTX}])({_HSPACE})([,:;?!])")
_MARK_RIGHT = re.compile(rf"([,:;?!])({_HSPACE})(?=[{_RIGHT_CTX}])")
# A full stop ending a Han sentence: ``作出新贡献.`` → ``作出新贡献。``; ``3.14`` stays.
_PERIOD = re.compile(rf"(?<=[{HAN}{_CLOSE}])\.(?=$|\s|[{HAN}{_OPEN}])")
# Parentheses around Han content, or glued to Han: ``县(区)`` → ``县（区）``.
_PARENS = re.compile(r"\(([^()]*)\)")
_HAN_RE = re.compile(f"[{HAN}]")
# Straight double quotes: paired by position.
_DQUOTES = re.compile(r'"([^"]*)"')
# A ``'`` that closes a ``‘``: ``‘八五'普法`` → ``‘八五’普法``.
_SQUOTE_CLOSE = re.compile(r"‘([^‘’']*)'")
_SQUOTES = re.compile(r"'([^']*)'")


def _han_near(text: str, start: int, end: int) -> bool:
    return bool(
        _HAN_RE.search(text, start, end)
        or (start > 0 and _HAN_RE.match(text[start - 1]))
        or (end < len(text) and _HAN_RE.match(text[end]))
    )


def _marks(text: str) -> str:
    """ASCII ``,:;?!`` in Chinese context → full width, round after round: ``吗?!`` needs
    the ``?`` converted before the ``!`` sees Chinese context."""
    if not _MARK_TRIGGER.search(text):
        return text
    while True:  # ``—:::`` takes one round per mark; prose takes one or two
        text, left = _MARK_LEFT.subn(lambda m: m.group(1) + _FULL[m.group(2)], text)
        text, right = _MARK_RIGHT.subn(lambda m: _FULL[m.group(1)] + m.group(2), text)
        if not (left or right) or not _MARK_TRIGGER.search(text):
            return text


def fix_punctuation(text: str) -> str:
    """GB/T 15834 marks in Han context.

    >>> fix_punctuation('履职,积极"建言"......县(区)政协:作出新贡献.')
    '履职，积极“建言”……县（区）政协：作出新贡献。'
    >>> fix_punctuation("10:30, GDP 5.2%, 0771-8802228")
    '10:30, GDP 5.2%, 0771-8802228'
    """
    if _FW_ALNUM.search(text):
        text = text.translate(_FULLWIDTH_ALNUM)
    if text.isascii():
        return text
    # Each rule runs only when its trigger characters are present (this is a hot path).
    # The order matters: brackets and quotes (decided by Han neighbours alone) first, as
    # they give context to the marks; then ellipses and dashes, which need that context.
    if "(" in text or ")" in text:
        while True:  # nested pairs, innermost first: ((丨)) → (（丨）) → （（丨））
            before = text
            text = _PARENS.sub(
                lambda m: f"（{m.group(1)}）" if _han_near(before, m.start(), m.end()) else m.group(0),
                text,
            )
            if text == before:
                break
        text = re.sub(rf"\((?=[{HAN}])", "（", text)
        text = re.sub(rf"(?<=[{HAN}])\)", "）", text)
    if '"' in text:
        text = _DQUOTES.sub(
            lambda m: f"“{m.group(1)}”" if _han_near(text, m.start(), m.end()) else m.group(0),
            text,
        )
    if "'" in text:
        text = _SQUOTE_CLOSE.sub(r"‘\1’", text)
        text = _SQUOTES.sub(
            lambda m: f"‘{m.group(1)}’" if _HAN_RE.search(m.group(1)) else m.group(0), text
        )
    text = _marks(text)
    if _ELLIPSIS_TRIGGER.search(text):
        text = _ELLIPSIS.sub("……", text)
    if _DASH_TRIGGER.search(text):
        text = _DASH.sub("——", text)
    text = _marks(text)  # again: ellipses and dashes made just now give new context
    if "." in text:
        text = _PERIOD.sub("。", text)
        text = _marks(text)
    return text
