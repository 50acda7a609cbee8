"""Undo GBK text decoded one byte off, as scraped from pages that were GBK-encoded traditional Chinese.

When a GBK decoder starts one byte late (a stray byte, such as half of an ideographic space, is glued to
the first character), every character is made of the trail byte of one real character and the lead byte
of the next: "（一）加強" (a3a8 d2bb a3a9 bcd3 ...) after a stray a1 reads "。ㄒ唬┘訌". The decoder drops a
pair that is not a character (two bytes: a trail and the next lead are lost) and a lone 0x80 byte
(after which it is back in step), and an ASCII byte puts it back in step too; full-width letters of the
shifted reading were later folded to ASCII ("Ｒ" to "R"). The repair re-reads the bytes in step and
chooses, with the Chinese language model, among the characters a lost byte could complete; a pinyin
annotation such as "(dòng)" right after the shifted run names the last character.

A shift can also start inside a line: ",F各鄉鎮" is "。現各鄉鎮" whose first byte was lost, the "，"
(a3ac, folded to ",") being the second byte of "。" and the first of "現" (ac46, 0x46 being "F").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from pypinyin import Style, pinyin
from pypinyin.pinyin_dict import pinyin_dict

from pipeline.repair.han import HAN_RANGES
from pipeline.repair.language_model import char_logp, char_model, score_text
from pipeline.repair.mojibake import confidence_of_gain, is_suspect
from pipeline.repair.pinyin import strip_pinyin_annotations
from pipeline.repair.script import converter, detect_script, script_chars

_MIN_GAIN = 10.0  # lower than mojibake.py: a run is only tried where the shift leaves its signature
_BEAM = 16
_PER_LAST = 4
_CLOSINGS_PER_KIND = 4
_CONTEXT = 6
_LOST_CHOICES = 24  # characters tried for a character that lost one byte
_DROP_LOGP = -7.0  # prior of a dropped pair or a dropped 0x80 at a given place
_ANNOTATION_BONUS = 12.0
_OTHER_SCRIPT_LOGP = -8.0  # a simplified-only character read in a traditional line, or the reverse
# A full-width character from row a3, folded to ASCII after the shifted decoding.
_FOLDABLE = frozenset(range(0x21, 0x7F))
# The start of a shifted run: at the start of a line, a character of GBK row A1 ("。", "、", "《" ...),
# made of a stray A1 byte (half an ideographic space) and the lead of the first real character; or a
# folded "，" + ASCII trail byte inside a line.
_ROW_A1 = "".join(
    char for trail in range(0xA1, 0xFF) for char in [bytes([0xA1, trail]).decode("gbk", errors="ignore")]
)
_LINE_START = re.compile(f"^[{re.escape(_ROW_A1)}]")
_SUSPECT_WITHIN = 8  # the run must hold a mojibake character this close to the start
# A run this long is not re-read: realigning a run and scoring its readings takes time growing
# with the square of its length (9 s for 400 characters), and a run of hundreds is text of another
# script (a Shift-JIS page), not a shifted line: the longest shifted run met has 35 (issue 18).
_MAX_RUN = 100
# Marks of row A1 that clean lines start with ("□ 是 √ 否", "○ 报名方式", "※ 注意", "《章程》"): a
# line starting with one is shifted only if mojibake follows. The other marks of the row ("。", "∈",
# "￡", "≈") start no clean line.
_MAY_START = frozenset("　“‘《〈「『〔【〖□■○●◎△▲◇◆☆★※→←↑↓√×§№〓—…·≤≥±°℃＄‰")
_INNER_START = re.compile(r",(?=[\x40-\x7e][^\x00-\x7f])")
# A short run inside a clean line: the page lost a byte and re-synchronised at an ASCII character a few
# characters later ("268號科普大廈9層" read "268柨破沾髲B9層"). Such a run starts at most _SHORT_RUN_BACK
# characters before a mojibake character, in a line holding at most _SHORT_RUN_SUSPECTS of them, and
# is at most _SHORT_RUN_CHARS long; its lost byte has a prior, as a dropped pair has.
_SHORT_RUN_BACK = 3
_SHORT_RUN_SUSPECTS = 4
_SHORT_RUN_CHARS = 7
_SHORT_RUN_LOGP = -6.0
_LONE_LETTER = re.compile(f"(?<=[{HAN_RANGES}])[A-Za-z](?=[{HAN_RANGES}])")
_ANNOTATION = re.compile(r"\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")


@dataclass(frozen=True)
class _Path:
    """A reading so far of a run in a line of ``script``, whose other script's characters cost extra."""

    score: float
    chars: tuple[str, ...]
    script: str = "none"

    def extend(self, logp: float, *chars: str) -> _Path:
        score = self.score + logp + _other_script_cost(chars, self.script)
        return _Path(score, self.chars + chars, self.script)


@cache
def _gbk_char(lead: int, trail: int) -> str | None:
    try:
        text = bytes([lead, trail]).decode("gbk")
    except UnicodeDecodeError:
        return None
    return text if len(text) == 1 else None


@cache
def _simplified(char: str) -> str:
    return converter("t2s").convert(char)


@cache
def _logp(previous: str, char: str) -> float:
    return char_logp(char_model(), _simplified(previous) if previous else "", _simplified(char))


@cache
def _chars_with_lead(lead: int) -> tuple[tuple[int, str], ...]:
    """(trail, character) for the likeliest characters starting with ``lead``."""
    found = [(trail, c) for trail in range(0x40, 0xFF) if (c := _gbk_char(lead, trail))]
    return tuple(sorted(found, key=lambda pair: -_logp("", pair[1]))[:_LOST_CHOICES])


@cache
def _chars_with_trail(trail: int) -> tuple[tuple[int, str], ...]:
    """(lead, character) for the likeliest characters ending with ``trail``."""
    found = [(lead, c) for lead in range(0x81, 0xFF) if (c := _gbk_char(lead, trail))]
    return tuple(sorted(found, key=lambda pair: -_logp("", pair[1]))[:_LOST_CHOICES])


def _dropped(trail: int, lead: int) -> bool:
    """True when the shifted decoder dropped the pair (trail of one character, lead of the next)."""
    return 0x81 <= trail <= 0xFE and 0x81 <= lead <= 0xFE and _gbk_char(trail, lead) is None


_DROPPING_TRAILS = tuple(t for t in range(0x81, 0xFF) if any(_dropped(t, lead) for lead in range(0x81, 0xFF)))


@cache
def _dropped_pairs(lead: int, trail: int) -> tuple[tuple[str, str], ...]:
    """The likeliest characters (lead, ?) and (?, trail) whose inner bytes made a pair the decoder dropped."""
    pairs = [
        (first, second)
        for lost_trail in _DROPPING_TRAILS
        if (first := _gbk_char(lead, lost_trail)) is not None
        for lost_lead, second in _chars_with_trail(trail)
        if _dropped(lost_trail, lost_lead)
    ]
    pairs.sort(key=lambda pair: -(_logp("", pair[0]) + _logp(pair[0], pair[1])))
    return tuple(pairs[:_LOST_CHOICES])


def _shifted_bytes(run: str) -> bytes | None:
    """The GBK bytes the shifted decoder read for ``run`` (ASCII letters were full-width: a3 + byte)."""
    data = bytearray()
    for char in run:
        if char.isascii():
            if ord(char) not in _FOLDABLE:
                return None
            data += bytes([0xA3, ord(char) | 0x80])
            continue
        try:
            encoded = char.encode("gbk")
        except UnicodeEncodeError:
            return None
        if len(encoded) != 2:
            return None
        data += encoded
    return bytes(data)


def _best(paths: list[_Path]) -> list[_Path]:
    """The beam: the best paths, at most ``_PER_LAST`` ending in the same character."""
    kept: list[_Path] = []
    per_last: dict[str, int] = {}
    for path in sorted(paths, key=lambda path: -path.score):
        last = path.chars[-1] if path.chars else ""
        if per_last.get(last, 0) < _PER_LAST:
            per_last[last] = per_last.get(last, 0) + 1
            kept.append(path)
            if len(kept) == _BEAM:
                break
    return kept


def _realign(data: bytes, lost_lead: bool, end: str, annotation: str, script: str) -> list[tuple[str, int]]:
    """Readings of shifted ``data`` in step: (text, characters of the run and after it they replace).

    ``lost_lead``: the first byte is the trail of a character whose lead was lost (else it is stray).
    ``end``: the ASCII character after the run, possibly the trail of the last character.
    ``script``: the script of the rest of the line.
    """
    pairs = len(data) // 2
    paths = [_Path(0.0, (), script)]
    if lost_lead:
        paths = _best([paths[0].extend(_logp("", c), c) for _, c in _chars_with_trail(data[0])])
    finished: list[tuple[_Path, int]] = []
    for k in range(pairs - 1):
        lead, trail = data[2 * k + 1], data[2 * k + 2]
        grown: list[_Path] = []
        for path in paths:
            last = path.chars[-1] if path.chars else ""
            joined = _gbk_char(lead, trail)
            if joined:
                grown.append(path.extend(_logp(last, joined), joined))
            if (held := _gbk_char(lead, 0x80)) is not None:
                finished.append((path.extend(_DROP_LOGP + _logp(last, held), held), k + 1))
            grown += [
                path.extend(_DROP_LOGP + _logp(last, first) + _logp(first, second), first, second)
                for first, second in _dropped_pairs(lead, trail)
            ]
        paths = _best(grown)
    closing = [ending for path in paths for ending in _closings(path, data[-1], end, annotation)]
    return [("".join(p.chars), pairs + (p.chars[-1] == "")) for p in closing] + [
        ("".join(p.chars), covered) for p, covered in finished
    ]


def _closings(path: _Path, last_lead: int, end: str, annotation: str) -> list[_Path]:
    """The best ways to finish ``path`` at the run's last byte, a lead whose trail is lost or is ``end``.

    Each kind of ending keeps its best few, so that the likeliest lost trail does not crowd out the
    ending that reads ``end`` as the trail (marked by an empty last character).
    """
    last = path.chars[-1] if path.chars else ""
    lost_trail = [  # a pinyin annotation after the run names the last character: others are not it
        path.extend(_logp(last, char) + (_ANNOTATION_BONUS if annotation else 0.0), char)
        for _, char in _chars_with_lead(last_lead)
        if not annotation or annotation in _readings(char)
    ]
    consumed = (
        [path.extend(_logp(last, char), char, "")] if end and (char := _gbk_char(last_lead, ord(end))) else []
    )
    consumed += [  # "）學" (a3a9 8c57) read as "(a9 8c) dropped, W": a pair lost before the ASCII trail
        path.extend(_DROP_LOGP + _logp(last, first) + _logp(first, second), first, second, "")
        for first, second in (_dropped_pairs(last_lead, ord(end)) if end else ())
    ]
    named = [
        path.extend(_DROP_LOGP + _logp(last, char) + _logp(char, name) + _ANNOTATION_BONUS, char, name)
        for trail in (_DROPPING_TRAILS if annotation else ())
        if (char := _gbk_char(last_lead, trail)) is not None
        for lead, name in _chars_read_as(annotation)
        if _dropped(trail, lead)
    ]
    return [
        *sorted(lost_trail, key=lambda p: -p.score)[:_CLOSINGS_PER_KIND],
        *sorted(consumed, key=lambda p: -p.score)[:_CLOSINGS_PER_KIND],
        *sorted(named, key=lambda p: -p.score)[:_CLOSINGS_PER_KIND],
    ]


@cache
def _readings(char: str) -> frozenset[str]:
    return frozenset(reading for group in pinyin(char, style=Style.TONE, heteronym=True) for reading in group)


@cache
def _chars_read_as(reading: str) -> tuple[tuple[int, str], ...]:
    """(lead byte, character) for GBK characters with the pinyin ``reading`` that can be lost whole.

    A character lost whole before an annotation lost its lead in a dropped pair and its trail before
    the "(": the decoder drops a byte from 0x80 up there, but reads a trail below 0x80 as the ASCII
    character it is ("時", 95 72, would leave an "r" before the annotation), so only the former qualify.
    """
    found: list[tuple[int, str]] = []
    for code, readings in pinyin_dict.items():
        if reading in readings.split(","):
            try:
                encoded = chr(code).encode("gbk")
            except UnicodeEncodeError:
                continue
            if len(encoded) == 2 and encoded[1] >= 0x80:
                found.append((encoded[0], chr(code)))
    return tuple(found)


def _run_end(line: str, start: int) -> int:
    """Where the shifted run from ``start`` ends: before two ASCII characters or a non-foldable one;
    ``_MAX_RUN`` characters on at most (a run that long is not re-read)."""
    end = start
    while end < min(len(line), start + _MAX_RUN):
        char = line[end]
        if char.isascii() and (ord(char) not in _FOLDABLE or end + 1 >= len(line) or line[end + 1].isascii()):
            break
        end += 1
    return end


def _candidates(line: str) -> list[tuple[float, str]]:
    """(gain, line) with one shifted run re-read in step, for each place a run may start and end.

    The gain is measured on the changed part with a few characters of context, not on the whole line,
    each side scored as the chain leaves it: with the readings that fit their character stripped (so a
    reading that now follows the character it names counts for the repair) and with a cost for each
    character of the script the rest of the line does not use.
    """
    starts = [(0, False, 0.0)] if _shifted_start(line) else []
    starts += [(match.start(), True, 0.0) for match in _INNER_START.finditer(line)]
    starts += [(start, True, _SHORT_RUN_LOGP) for start in _short_run_starts(line)]
    found: list[tuple[float, str]] = []
    for start, lost_lead, prior in starts:
        run_end = max(_run_end(line, start), start + 1)
        if run_end - start >= _MAX_RUN:
            continue
        ends = [run_end] + [i for i in range(start + 1, run_end) if line[i].isascii()]
        if prior:  # a short run re-synchronised at an ASCII character within a few characters
            ends = [end for end in ends if end - start <= _SHORT_RUN_CHARS and end < len(line)]
        for end in ends:
            data = _shifted_bytes(line[start:end])
            if data is None or len(data) < 2:
                continue
            note = _ANNOTATION.match(line, end)
            script = detect_script(line[:start] + line[end:])
            for text, replaced in _realign(
                data, lost_lead, line[end : end + 1], note.group(1) if note else "", script
            ):
                left = line[max(0, start - _CONTEXT) : start]
                right = line[
                    start + replaced : start + replaced + _CONTEXT + (len(note.group()) if note else 0)
                ]
                gain = _score_window(left + text + right, script) - _score_window(
                    left + line[start : start + replaced] + right, script
                )
                found.append((gain + prior, line[:start] + text + line[start + replaced :]))
    return found


def _short_run_starts(line: str) -> list[int]:
    """Where a short shifted run may start inside a clean line: at or a few characters before each
    mojibake character or lone ASCII letter between Han characters (a folded full-width trail byte), in
    a line with only a few of them (a line of mojibake is repair_mojibake's).

    >>> _short_run_starts("雙塔西街268柨破沾髲B9層"), _short_run_starts("每個幸l展3")
    ([7, 8, 9, 10], [1, 2])
    >>> _short_run_starts("关于加强协会")
    []
    """
    suspects = [index for index, char in enumerate(line) if not char.isascii() and is_suspect(char)]
    suspects += [match.start() for match in _LONE_LETTER.finditer(line)]
    if not suspects or len(suspects) > _SHORT_RUN_SUSPECTS:
        return []
    starts: set[int] = set()
    for index in suspects:
        for start in range(index - line[index].isascii(), max(-1, index - _SHORT_RUN_BACK), -1):
            if line[start].isascii() or line[start] in _MAY_START:
                break
            starts.add(start)
    return sorted(starts)


@cache
def _foreign(char: str, script: str) -> bool:
    """True when a line in ``script`` would not use ``char``: a character of the other script only,
    in traditional text one that Taiwan's standard writes otherwise too (it keeps 群, which OpenCC's
    own standard writes 羣)."""
    simplified_only, traditional_only = script_chars()
    if script == "traditional":
        return char in simplified_only and converter("s2tw").convert(char) != char
    return script == "simplified" and char in traditional_only


def _other_script_cost(chars: Iterable[str], script: str) -> float:
    """What the characters of ``chars`` that a line in ``script`` would not use cost its reading."""
    return _OTHER_SCRIPT_LOGP * sum(_foreign(char, script) for char in chars)


@lru_cache(maxsize=65536)
def _score_window(text: str, script: str) -> float:
    """The language model's score of ``text`` as the chain leaves it, in a line of ``script``."""
    return score_text(strip_pinyin_annotations(text)) + _other_script_cost(text, script)


def _shifted_start(line: str) -> bool:
    """True when ``line`` starts the way a shifted line does: with a mark of row A1 that no clean line
    starts with, or with another followed closely by mojibake (symbols alone are no sign of it)."""
    if not _LINE_START.match(line):
        return False
    return line[0] not in _MAY_START or is_suspect(line[:_SUSPECT_WITHIN])


@lru_cache(maxsize=4096)  # boilerplate lines repeat across the pages of one site
def undo_gbk_shift(line: str) -> tuple[str, float]:
    """Re-read a line decoded one byte off in step; return it and a confidence.

    >>> undo_gbk_shift("。ㄒ唬┘訌姾屯晟瞥R幗萄谢顒(dòng)")[0]
    '（一）加強和完善常規教研活動(dòng)'
    >>> undo_gbk_shift("發各鄉鎮(街道),F各鄉鎮(街道)實現有負責人")[0]
    '發各鄉鎮(街道)。現各鄉鎮(街道)實現有負責人'
    """
    if line.isascii() or not (_shifted_start(line) or _INNER_START.search(line) or is_suspect(line)):
        return line, 1.0
    candidates = _candidates(line)
    if not candidates:
        return line, 1.0
    gain, best = max(candidates)
    if gain < _MIN_GAIN:
        return line, 1.0
    return best, confidence_of_gain(gain)
