"""Repair Chinese mojibake: text whose bytes were decoded with the wrong codec.

ftfy repairs UTF-8 read as cp1252/Latin-1 but not the Chinese cases, which are the common ones in
scraped association pages: UTF-8 read as GBK ("鍏充簬" for 关于), GBK read as Latin-1 or another
single-byte code page ("¹ØÓÚ" for 关于), Big5 read as GBK and GBK read as Big5. For each suspect span
of a line every such misreading is undone where the bytes allow it, and the reading the Chinese
language model finds clearly more plausible than the input wins. Clean lines are recognized cheaply (no
character outside the common set) and left alone. Bytes lost to "�" are recovered when one byte value
alone makes the text plausible; what cannot be recovered becomes "□", never invented text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import ftfy

from pipeline.repair.language_model import common_characters, score_text

LOST = "□"
_REPLACEMENT = "\ufffd"
_MIN_GAIN = 12.0  # log-probability a repair must gain over the input (e^12: about 160,000 times likelier)
_MAX_LOST_BYTES = 4
_SINGLE_BYTE_PAGES = ("cp1252", "latin-1", "cp1250", "cp1251", "cp1254", "cp1257", "mac_roman")
_FTFY_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
# A span of CJK-range characters, with single ASCII bytes inside (Big5 and GBK trail bytes 0x40-0x7E).
_CJK_SPAN = re.compile(r"[\u2e80-\uffff](?:[\u2e80-\uffff]|[\x40-\x7e](?=[\u2e80-\uffff]))*[\x40-\x7e]?")
# Non-ASCII characters of UTF-8 read as GBK: every byte of a UTF-8 sequence is >= 0x80.
_NON_ASCII_SPAN = re.compile(r"[^\x00-\x7f]+")
# A span of characters from single-byte code pages, with ASCII trail bytes inside.
_LATIN_SPAN = re.compile(
    r"[\x80-\u2e7f\ufffd](?:[\x80-\u2e7f\ufffd]|[\x40-\x7e](?=[\x80-\u2e7f\ufffd]))*[\x40-\x7e]?"
)


@dataclass(frozen=True)
class Reading:
    """A candidate text for a span and how it was obtained."""

    text: str
    kind: str


@cache
def _suspect_pattern() -> re.Pattern[str]:
    """Characters outside ASCII, common CJK, punctuation and pinyin letters: one is enough to look closer."""
    allowed = sorted(common_characters() | frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·　％"))
    ranges: list[str] = []
    start = previous = ord(allowed[0])
    for code in [*(ord(char) for char in allowed[1:]), -1]:
        if code != previous + 1:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else "")
            )
            start = code
        previous = code
    return re.compile(r"[^\x00-\x7fāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü" + "".join(ranges) + "]")


def is_suspect(line: str) -> bool:
    """True when ``line`` holds a character that mojibake produces and clean text rarely has.

    >>> is_suspect("关于加强协会"), is_suspect("鍏充簬鍔犲己鍗忎細"), is_suspect("Key Work Points")
    (False, True, False)
    """
    return not line.isascii() and _suspect_pattern().search(line) is not None


def reread(text: str, read_as: str, written_in: str) -> str | None:
    """The text ``written_in`` one codec that was decoded ``read_as`` another, or None if impossible.

    Each "�" stands for a byte the wrong decoder dropped: the byte value that gives the most plausible
    text is put back; if none decodes, the character becomes "□".

    >>> reread("鍏充簬涓惧姙绉戞妧鍒涙柊澶ц禌鐨勯�氱煡", "gb18030", "utf-8")
    '关于举办科技创新大赛的通知'
    """
    parts = text.split(_REPLACEMENT)
    if len(parts) > _MAX_LOST_BYTES + 1:
        return None
    try:
        chunks = [part.encode(read_as) for part in parts]
    except UnicodeEncodeError:
        return None
    data = chunks[0]
    for chunk in chunks[1:]:
        data = _best_fill(data, chunk, written_in)
    decoded = data.decode(written_in, errors="replace")
    if decoded == text or decoded.count(_REPLACEMENT) > len(parts) - 1:
        return None
    return decoded.replace(_REPLACEMENT, LOST)


def _best_fill(head: bytes, tail: bytes, codec: str) -> bytes:
    """``head + byte + tail`` for the lost byte that decodes with fewest errors into the likeliest text."""
    options = [head + bytes([value]) + tail for value in range(0x80, 0x100)]
    decoded = [(option, option.decode(codec, errors="replace")) for option in options]
    fewest = min(text.count(_REPLACEMENT) for _, text in decoded)
    return max(
        ((option, text) for option, text in decoded if text.count(_REPLACEMENT) == fewest),
        key=lambda pair: score_text(pair[1]),
    )[0]


def _single_byte_readings(span: str) -> Iterator[Reading]:
    """GBK or UTF-8 bytes shown in a single-byte code page: "¹ØÓÚ" (GBK as Latin-1), "ÓůÓĂ" (cp1250)."""
    for page in _SINGLE_BYTE_PAGES:
        for written_in, name in (("gb18030", "gbk"), ("utf-8", "utf8")):
            text = reread(span, page, written_in)
            if text is not None:
                yield Reading(text, f"{name}_read_as_{page}")


def _cjk_readings(span: str) -> Iterator[Reading]:
    """Big5 read as GBK and GBK read as Big5 (both directions, cp950 being Microsoft's Big5)."""
    for read_as, written_in, kind in (
        ("gb18030", "cp950", "big5_read_as_gbk"),
        ("cp950", "gb18030", "gbk_read_as_big5"),
    ):
        text = reread(span, read_as, written_in)
        if text is not None:
            yield Reading(text, kind)


def _utf8_as_gbk_readings(span: str) -> Iterator[Reading]:
    """UTF-8 bytes read as GBK: three bytes of a character become one and a half GBK characters."""
    text = reread(span, "gb18030", "utf-8")
    if text is not None:
        yield Reading(text, "utf8_read_as_gbk")


_SPAN_READERS: tuple[tuple[re.Pattern[str], Callable[[str], Iterator[Reading]]], ...] = (
    (_NON_ASCII_SPAN, _utf8_as_gbk_readings),
    (_CJK_SPAN, _cjk_readings),
    (_LATIN_SPAN, _single_byte_readings),
)


def _candidates(line: str) -> Iterator[tuple[str, str]]:
    """Every repaired line a misreading of one span (or of the whole line, via ftfy) would give."""
    fixed = ftfy.fix_text(line, _FTFY_ENCODING_ONLY)
    if fixed != line:
        yield fixed, "utf8_read_as_cp1252"
    for pattern, readings in _SPAN_READERS:
        replaced = [
            choice
            for match in pattern.finditer(line)
            if is_suspect(match.group())
            for choice in [_best_span_reading(line, match.start(), match.end(), readings)]
            if choice is not None
        ]
        if replaced:
            yield _splice(line, replaced), "+".join(sorted({choice.reading.kind for choice in replaced}))


@dataclass(frozen=True)
class _SpanChoice:
    start: int
    end: int
    reading: Reading


def _sub_spans(line: str, start: int, end: int) -> set[tuple[int, int]]:
    """The span, and the span cut to its suspect part: a clean "通知：" may precede the mojibake."""
    flags = [is_suspect(char) for char in line[start:end]]
    first = start + flags.index(True)
    last = end - flags[::-1].index(True)
    starts = {start, first, max(start, first - 1)}
    ends = {end, last, min(end, last + 1)}
    return {(s, e) for s in starts for e in ends if s < e}


def _best_span_reading(
    line: str, start: int, end: int, readings: Callable[[str], Iterator[Reading]]
) -> _SpanChoice | None:
    """The reading of a part of ``line[start:end]`` most plausible in context, if it beats the input."""
    best: tuple[float, _SpanChoice] | None = None
    for low, high in _sub_spans(line, start, end):
        before, after = line[max(0, low - 1) : low], line[high : high + 1]
        original = score_text(before + line[low:high] + after)
        for reading in readings(line[low:high]):
            gain = score_text(before + reading.text + after) - original
            if gain >= _MIN_GAIN and (best is None or gain > best[0]):
                best = (gain, _SpanChoice(low, high, reading))
    return best[1] if best else None


def _splice(line: str, replaced: list[_SpanChoice]) -> str:
    pieces: list[str] = []
    cursor = 0
    for choice in replaced:
        pieces += [line[cursor : choice.start], choice.reading.text]
        cursor = choice.end
    return "".join([*pieces, line[cursor:]])


def repair_mojibake(line: str) -> tuple[str, float]:
    """Undo a wrong decoding of ``line`` when a repair is clearly more plausible; return it and a confidence.

    >>> repair_mojibake("鍏充簬鍔犲己鍗忎細")[0]
    '关于加强协会'
    >>> repair_mojibake("¹ØÓÚ¼ÓÇ¿Ð\\xad»á")[0], repair_mojibake("ÓůÓĂČíĽţ(YYRJ)")[0]
    ('关于加强协会', '御用软件(YYRJ)')
    >>> repair_mojibake("学而时习之，不亦说乎")
    ('学而时习之，不亦说乎', 1.0)
    """
    if not is_suspect(line):
        return line, 1.0
    original = score_text(line)
    best, best_score = line, original
    for candidate, _kind in _candidates(line):
        score = score_text(candidate)
        if score > best_score:
            best, best_score = candidate, score
    gain = best_score - original
    if gain < _MIN_GAIN:
        return line, 1.0
    return best, confidence_of_gain(gain)


def confidence_of_gain(gain: float) -> float:
    """Map a log-probability gain to 0..1: a gain of 12 gives 0.7, 40 gives 0.98."""
    return round(1.0 - 0.3 ** (gain / _MIN_GAIN), 3)
