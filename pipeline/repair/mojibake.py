"""Repair Chinese mojibake: text whose bytes were decoded with the wrong codec.

ftfy repairs UTF-8 read as cp1252/Latin-1 but not the Chinese cases, which are the common ones in
scraped association pages: UTF-8 read as GBK ("鍏充簬" for 关于), GBK read as Latin-1 or another
single-byte code page ("¹ØÓÚ" for 关于), Big5 read as GBK and GBK read as Big5. For each suspect span
of a line every such misreading is undone where the bytes allow it, and the reading the Chinese
language model finds clearly more plausible than the input wins. Clean lines are recognized cheaply (no
character outside the common set) and left alone. Bytes lost to "�" are recovered when their values
alone make the text plausible (two lost side by side, often one character, are chosen together); what
cannot be recovered becomes "□", never invented text.

Speed: only suspect lines are searched, the cheap whole-line reading (ftfy) is tried first and the
search stops at a reading that leaves nothing suspect; a lost byte is searched only among the values the
wrong decoder cannot read, only decodings with fewest errors are scored (of many, the few likeliest by
character pairs), and each decision is cached.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-windows-125x" codecs

from pipeline.repair.han import HAN_RANGES
from pipeline.repair.language_model import (
    char_logp,
    char_model,
    common_characters,
    score_text,
    strange_characters,
)
from pipeline.repair.legitimate import (
    LEGITIMATE_RANGES,
    accented_word_spans,
    has_lone_letter,
    is_legitimate,
    script_of_letter,
)
from pipeline.repair.script import converter

LOST = "□"
_REPLACEMENT = "\ufffd"
_MIN_GAIN = 12.0  # log-probability a repair must gain over the input (e^12: about 160,000 times likelier)
_MAX_LOST_BYTES = 64
_SPAN_SLACK = 6  # characters before the first (after the last) suspect one where mojibake may start (end)
_STRANGE_PER_CHARS = 20  # a reading may keep one odd symbol per this many characters (a wrongly filled byte)
_UNKNOWN = b"\xff"  # stands for a lost byte: 0xFF starts no character in UTF-8, GBK or Big5
_WINDOW = 12  # bytes either side of a lost byte that decide its value
_FILL_PASSES = 2
# Codecs whose pages mostly keep to a smaller common block, with the codec of that block.
_COMMON_SUBSETS = {"gb18030": "gb2312"}
_JOINT_RUN = 2  # lost bytes side by side filled together, at most
_SCORED_AT_MOST = 8  # fills of a lost run scored by the language model, the likeliest by characters
# The decoder that really made a "�" when a text is taken as read by another: GB18030 reads GBK's
# user-defined pairs, which GBK turns into "�"; a "�" in text read by a single-byte code page that
# decodes every byte (Latin-1, the sloppy Windows pages) comes from the strict Windows page, which
# leaves a handful of bytes undefined: only those are tried for a lost byte.
_STRICT_DECODERS = {
    "gb18030": "gbk",
    "latin-1": "cp1252",
    **{f"sloppy-windows-{page}": f"cp{page}" for page in ("1250", "1251", "1252", "1254", "1257")},
}
# Single-byte code pages a Chinese page is misread in, with a prior log probability: Latin-1 and
# Windows-1252 are the usual ones. ftfy's "sloppy" codecs keep the bytes Windows leaves undefined.
_SINGLE_BYTE_PAGES = (
    ("latin-1", 0.0),
    ("sloppy-windows-1252", 0.0),
    ("sloppy-windows-1250", -3.0),
    ("sloppy-windows-1251", -3.0),
    ("sloppy-windows-1254", -3.0),
    ("sloppy-windows-1257", -3.0),
)
# How a misreading names its code page: "gbk_read_as_cp1252", as the repairs table says it.
_PAGE_NAMES = {
    "latin-1": "latin1",
    **{f"sloppy-windows-{n}": f"cp{n}" for n in ("1250", "1251", "1252", "1254", "1257")},
}
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
# A span of non-ASCII characters (Big5 read as GBK gives Cyrillic and box drawing too), with single
# ASCII bytes inside (Big5 and GBK trail bytes 0x40-0x7E) and the numbers of dates ("2023爛2堎20").
_CJK_SPAN = re.compile(
    r"[^\x00-\x7f](?:[^\x00-\x7f]|[@-~](?=[^\x00-\x7f])|[0-9]{1,4}(?=[^\x00-\x7f]))*[@-~]?"
)
# UTF-8 read as GBK: non-ASCII characters, with the ASCII character before and the short ASCII runs
# between them (context for lost bytes: "1銆�" is "1、").
_NON_ASCII_SPAN = re.compile(r"[\x21-\x7e]?[^\x00-\x7f](?:[^\x00-\x7f]|[\x20-\x7e]{1,8}(?=[^\x00-\x7f]))*")
# A span of characters from single-byte code pages, with ASCII trail bytes inside (and the digits of
# GB18030's four-byte sequences, which encode symbols such as the no-break space).
_LATIN_SPAN = re.compile(
    r"[\x80-\u2e7f\ufffd](?:[\x80-\u2e7f\ufffd]|[0-9@-~](?=[\x80-\u2e7f\ufffd]))*[0-9@-~]?"
)


_HAN = re.compile(f"[{HAN_RANGES}]")
# Punctuation and symbols of clean text, the no-break and typographic spaces of web pages included.
_CLEAN_SYMBOLS = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·　％\xa0\u2002\u2003\u2009®©™°×•№")


@dataclass(frozen=True)
class Reading:
    """A candidate text for a span and how it was obtained."""

    text: str
    kind: str
    prior: float = 0.0  # log probability of this misreading happening at all


@cache
def _suspect_pattern() -> re.Pattern[str]:
    """Characters outside ASCII, common CJK, punctuation and pinyin letters: one is enough to look closer."""
    allowed = sorted(common_characters() | _CLEAN_SYMBOLS)
    ranges: list[str] = []
    start = previous = ord(allowed[0])
    for code in [*(ord(char) for char in allowed[1:]), -1]:
        if code != previous + 1:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else "")
            )
            start = code
        previous = code
    return re.compile(r"[^\x00-\x7fāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü" + "".join(ranges) + LEGITIMATE_RANGES + "]")


def is_suspect(line: str) -> bool:
    """True when ``line`` holds a character that mojibake produces and clean text rarely has.

    Symbols and scripts that Chinese documents use (``legitimate.py``) are no such character, nor are
    the accented letters of a Latin word; a kana or Cyrillic letter alone beside Han characters is.

    >>> is_suspect("关于加强协会"), is_suspect("鍏充簬鍔犲己鍗忎細"), is_suspect("Key Work Points")
    (False, True, False)
    >>> is_suspect("二○○九年"), is_suspect("□ 是 √ 否"), is_suspect("Müller教授"), is_suspect("¹ØÓÚ")
    (False, False, False, True)
    """
    if line.isascii():
        return False
    found = _suspect_pattern().search(line)
    if found is None:
        return has_lone_letter(line)
    words = accented_word_spans(line)
    if not words:
        return True
    return any(
        not any(start <= match.start() < end for start, end in words)
        for match in _suspect_pattern().finditer(line, found.start())
    )


def reread(text: str, read_as: str, written_in: str) -> str | None:
    """The text ``written_in`` one codec that was decoded ``read_as`` another, or None if impossible.

    Each "�" stands for one byte the wrong decoder could not read: of the values it could not have read
    before the next byte, the one that gives the most plausible text around it is put back; if none
    decodes, the character becomes "□".

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
    if read_as == "gb18030" and any(
        _has_four_byte_sequence(part, chunk) for part, chunk in zip(parts, chunks, strict=True)
    ):
        return None  # "å…³" (UTF-8 in cp1252) is no GBK reading: GBK decoders make two-byte characters
    data = bytearray(_UNKNOWN.join(chunks))
    gaps = [i for i, byte in enumerate(data) if byte == _UNKNOWN[0]]
    runs = _gap_runs(gaps)
    outside_logp = _outside_block_logp(bytes(data).decode(written_in, errors="replace"), written_in)
    for _ in range(_FILL_PASSES):  # a second pass decides each run knowing its neighbours' values
        for gap, width in runs:
            # the run's own values are left unknown: a run with no other gap near it is then decided
            # once, the second pass finding the first one's answer in the cache
            start = _character_start(data, max(0, gap - _WINDOW), written_in)
            end = gap + width
            window = bytes(data[start:gap]) + _UNKNOWN * width + bytes(data[end : end + _WINDOW])
            following = data[end] if end < len(data) else None
            values = _fill_values(read_as, width, following)
            cut = end + _WINDOW < len(data)
            data[gap:end] = _best_bytes(window, gap - start, written_in, values, cut, outside_logp)
    decoded = bytes(data).decode(written_in, errors="replace")
    if decoded == text or decoded.count(_REPLACEMENT) > len(gaps):
        return None
    return decoded.replace(_REPLACEMENT, LOST)


def _has_four_byte_sequence(part: str, encoded: bytes) -> bool:
    """True when GB18030 needed four bytes for a character of ``part``: one a GBK reader never shows."""
    return len(encoded) != len(part) + sum(1 for char in part if not char.isascii())


def _character_start(data: bytearray, position: int, codec: str) -> int:
    """The start of the character of ``codec`` that holds byte ``position``, reading from the start.

    A window cut inside a two-byte character would pair every byte after the cut wrongly.
    """
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    decoder.decode(bytes(data[:position]))
    return position - len(decoder.getstate()[0])


def _decode_window(window: bytes, codec: str, cut: bool) -> str:
    """``window`` decoded; if it was ``cut`` from longer data, without a "�" at its end.

    A character the cut splits is no decoding error (the window reaches far enough past the lost
    bytes that the end says nothing about them), but a lead byte that ends the data is one.
    """
    text = window.decode(codec, errors="replace")
    return text[:-1] if cut and text.endswith(_REPLACEMENT) else text


@cache
def _unreadable_bytes(read_as: str, following: int | None) -> tuple[int, ...]:
    """Byte values the wrong decoder turns into "�" when ``following`` comes next: "涓�" is 0x80 for "一"."""
    wrong = _STRICT_DECODERS.get(read_as, read_as)
    tail = b"" if following is None or following == _UNKNOWN[0] else bytes([following])
    return tuple(
        value
        for value in range(0x80, 0xFF)
        if (bytes([value]) + tail).decode(wrong, errors="replace").startswith(_REPLACEMENT)
    ) or tuple(range(0x80, 0xFF))


def _gap_runs(gaps: list[int]) -> list[tuple[int, int]]:
    """Lost bytes as (first, width) runs: two lost side by side, often one character, are filled together.

    Filled one at a time, the first of two would be chosen before its partner is known; longer runs,
    whose joint values are too many to try, are cut into runs of ``_JOINT_RUN``.
    """
    runs: list[tuple[int, int]] = []
    for gap in gaps:
        if runs and runs[-1][0] + runs[-1][1] == gap and runs[-1][1] < _JOINT_RUN:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((gap, 1))
    return runs


@cache
def _fill_values(read_as: str, width: int, following: int | None) -> tuple[bytes, ...]:
    """The byte strings of ``width`` bytes the wrong decoder would have turned into as many "�"."""
    if width == 0:
        return (b"",)
    return tuple(
        bytes([first]) + rest
        for rest in _fill_values(read_as, width - 1, following)
        for first in _unreadable_bytes(read_as, rest[0] if rest else following)
    )


@lru_cache(maxsize=65536)  # the sub-spans of one span share most of their windows
def _best_bytes(
    window: bytes, gap: int, codec: str, values: tuple[bytes, ...], cut: bool, outside_logp: float
) -> bytes:
    """The bytes at ``gap`` that decode ``window`` with fewest errors into the likeliest text.

    Decoding is cheap and scoring is not: only the values with fewest decoding errors are scored, and
    of many (two lost UTF-8 bytes can be a hundred characters) only the likeliest by their characters.
    Each character outside the codec's common block costs ``outside_logp`` (see ``_outside_block_logp``).
    """
    after = gap + len(values[0])
    decoded = [(value, _decode_window(window[:gap] + value + window[after:], codec, cut)) for value in values]
    fewest = min(text.count(_REPLACEMENT) for _, text in decoded)
    fitting: dict[str, bytes] = {}
    for value, text in decoded:
        if text.count(_REPLACEMENT) == fewest:
            fitting[text] = max(value, fitting.get(text, value))
    return max(
        (score_text(text) + outside_logp * _outside_block(text, codec), fitting[text])
        for text in _likeliest_by_characters(list(fitting), _SCORED_AT_MOST)
    )[1]


def _shared_start(texts: list[str]) -> int:
    """How many characters all ``texts`` share at their start."""
    first, last = min(texts), max(texts)  # the others sort between them: they share what these two do
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return length


def _likeliest_by_characters(texts: list[str], most: int) -> list[str]:
    """The ``most`` of ``texts`` whose differing part is likeliest character by character.

    A cheap first cut (character pairs of the model, no segmentation into words) before scoring.
    """
    if len(texts) <= most:
        return texts
    same_start = _shared_start(texts)
    same_end = _shared_start([text[::-1] for text in texts])
    # the differing part with a character either side: "务渠道" ranks 渠 by 道 as well as by 务
    start, extra_end = max(0, same_start - 1), min(1, same_end)
    middles = [text[start : max(same_start, len(text) - same_end) + extra_end] for text in texts]
    simplified = converter("t2s").convert("\n".join(middles)).split("\n")
    model = char_model()
    likelihood = {
        text: sum(
            char_logp(model, previous, char) for previous, char in zip(" " + middle, middle, strict=False)
        )
        for text, middle in zip(texts, simplified, strict=True)
    }
    return sorted(texts, key=likelihood.__getitem__, reverse=True)[:most]


@cache
def _common_block(codec: str) -> frozenset[str]:
    """The characters of the part of ``codec`` most pages keep to (GB2312 inside GBK), or none."""
    subset = _COMMON_SUBSETS.get(codec)
    if subset is None:
        return frozenset()
    pairs = (bytes([lead, trail]) for lead in range(0xA1, 0xF8) for trail in range(0xA1, 0xFF))
    return frozenset(pair.decode(subset, errors="ignore") for pair in pairs) - {""}


def _outside_block(text: str, codec: str) -> int:
    """How many non-ASCII characters of ``text`` lie outside the common block of ``codec``."""
    block = _common_block(codec)
    if not block:
        return 0
    return sum(1 for char in text if not char.isascii() and char != _REPLACEMENT and char not in block)


def _outside_block_logp(text: str, codec: str) -> float:
    """Log odds that a lost character lies outside the common block, from the known ones of ``text``.

    A GBK page of mainland text keeps to GB2312: a lost pair filled with a GBK-only traditional
    character ("會" for 三) reads well once scored in simplified script, yet such a page never holds
    it. The odds come from the span itself (Laplace's rule of succession), so a GBK page written in
    traditional characters, whose characters are often outside GB2312, is not held to it.

    >>> round(_outside_block_logp("关于加强协会", "gb18030"), 2), _outside_block_logp("關於", "gb18030")
    (-1.95, 0.0)
    """
    wide = [char for char in text if not char.isascii() and char != _REPLACEMENT]
    outside = _outside_block(text, codec)
    return min(0.0, math.log((outside + 1) / (len(wide) - outside + 1)))


def _single_byte_readings(span: str) -> Iterator[Reading]:
    """GBK or UTF-8 bytes shown in a single-byte code page: "¹ØÓÚ" (GBK as Latin-1), "ÓůÓĂ" (cp1250)."""
    for page, prior in _SINGLE_BYTE_PAGES:
        for written_in, name in (("gb18030", "gbk"), ("utf-8", "utf8")):
            text = reread(span, page, written_in)
            if text is not None:
                yield Reading(text, f"{name}_read_as_{_PAGE_NAMES.get(page, page)}", prior)


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
    """The span, and the span cut near its suspect part: a clean "通知：" may precede the mojibake.

    Mojibake holds common characters too ("鍏充簬" is 关于), so cuts a few characters early are tried.
    """
    flags = [is_suspect(char) for char in line[start:end]]
    if not any(flags):  # a span of common characters in a suspect line: "閲嶅簡" is 重庆
        return {(start, end)}
    first = start + flags.index(True)
    last = end - flags[::-1].index(True)
    starts = {start} | {max(start, first - back) for back in range(_SPAN_SLACK)}
    ends = {end} | {min(end, last + ahead) for ahead in range(_SPAN_SLACK)}
    return {(s, e) for s in starts for e in ends if s < e}


def _best_span_reading(
    line: str, start: int, end: int, readings: Callable[[str], Iterator[Reading]]
) -> _SpanChoice | None:
    """The reading of a part of ``line[start:end]`` most plausible in context, if it beats the input.

    Every candidate is scored on the same window (the whole span and a character either side), so that
    gains of readings of different parts compare; a reading with symbols of mojibake is no repair.
    """
    if _plausible_span(line[start:end]):
        return None
    best: tuple[float, _SpanChoice] | None = None
    left, right = max(0, start - 1), end + 1
    original = score_text(line[left:right])
    for low, high in _sub_spans(line, start, end):
        for reading in readings(line[low:high]):
            if strange_characters(reading.text) > len(reading.text) // _STRANGE_PER_CHARS:
                continue
            gain = score_text(line[left:low] + reading.text + line[high:right]) - original + reading.prior
            if gain >= _MIN_GAIN and (best is None or gain > best[0]):
                best = (gain, _SpanChoice(low, high, reading))
    return best[1] if best else None


def _plausible_span(span: str) -> bool:
    """True when ``span`` of a suspect line is plausible as it stands: nothing suspect in it, and either
    Han characters with a word of another script ("のほうが先に" beside a rare kanji) or the letters of
    one script alone ("ポンプ ――").

    A span of common Han characters alone is still tried ("閲嶅簡" is 重庆 read wrongly), and so are
    letters of several scripts ("タゅ" is 正文 in Big5 read as GBK).

    >>> _plausible_span("ポンプ ――"), _plausible_span("のほうが先に"), _plausible_span("タゅ")
    (True, True, False)
    >>> _plausible_span("はǜ毙")  # a lone kana beside Han: "反邪" in Big5 read as GBK
    False
    """
    if is_suspect(span):
        return False
    letters = [char if char.isalpha() and is_legitimate(char) else "" for char in span]
    if _HAN.search(span):  # a word of the other script: two of its letters side by side
        pairs = pairwise(letters)
        return any(a and b and script_of_letter(a) == script_of_letter(b) for a, b in pairs)
    return len({script_of_letter(char) for char in letters if char}) <= 1


def _splice(line: str, replaced: list[_SpanChoice]) -> str:
    pieces: list[str] = []
    cursor = 0
    for choice in replaced:
        pieces += [line[cursor : choice.start], choice.reading.text]
        cursor = choice.end
    return "".join([*pieces, line[cursor:]])


@lru_cache(maxsize=4096)  # boilerplate lines repeat across the pages of one site
def repair_mojibake(line: str) -> tuple[str, float, str]:
    """Undo a wrong decoding of ``line`` when a repair is clearly more plausible; return it, a
    confidence and the misreading undone ("utf8_read_as_gbk", "gbk_read_as_cp1252"; "" if none).

    >>> repair_mojibake("鍏充簬鍔犲己鍗忎細")[::2]
    ('关于加强协会', 'utf8_read_as_gbk')
    >>> repair_mojibake("¹ØÓÚ¼ÓÇ¿Ð\\xad»á")[::2], repair_mojibake("ÓůÓĂČíĽţ(YYRJ)")[::2]
    (('关于加强协会', 'gbk_read_as_latin1'), ('御用软件(YYRJ)', 'gbk_read_as_cp1250'))
    >>> repair_mojibake("学而时习之，不亦说乎")
    ('学而时习之，不亦说乎', 1.0, '')
    """
    if not is_suspect(line):
        return line, 1.0, ""
    original = score_text(line)
    best, best_score, best_kind = line, original, ""
    for candidate, kind in _candidates(line):
        score = score_text(candidate)
        if score > best_score:
            best, best_score, best_kind = candidate, score, kind
        if best_score - original >= _MIN_GAIN and not is_suspect(best):
            break  # the cheap readings come first: one that leaves nothing suspect needs no rival
    gain = best_score - original
    if gain < _MIN_GAIN:
        return line, 1.0, ""
    return best, confidence_of_gain(gain), best_kind


def mark_lost_bytes(line: str) -> str:
    """Show the bytes no repair recovered ("�", a byte the decoder could not read) as "□".

    >>> mark_lost_bytes("会员名单\ufffd")
    '会员名单□'
    """
    return line.replace(_REPLACEMENT, LOST)


def confidence_of_gain(gain: float) -> float:
    """Map a log-probability gain to 0..1: a gain of 12 gives 0.7, 40 gives 0.98."""
    return round(1.0 - 0.3 ** (gain / _MIN_GAIN), 3)
