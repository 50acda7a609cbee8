"""Decode raw bytes of unknown encoding. Never assume UTF-8.

Order: a BOM decides; then UTF-16 or UTF-32 without a BOM, told by where its NUL bytes fall; then the
escape sequences of ISO-2022 (Japanese and Korean mail and news); then strict
UTF-8, which is UTF-8 unless it is too short to tell (four GBK characters can be valid UTF-8: "通知"); the
mojibake inside valid UTF-8 ("¹ØÓÚ" for 关于) is the repair chain's job, not the decoder's. Then, line by
line, UTF-8 mixed with a legacy Chinese encoding (pages pasted together from several sources), when the
UTF-8 lines are more than one short line of evidence; then the legacy encoding of the whole file. GB2312
and GBK are read as GB18030, their superset, so rare characters in names decode. charset-normalizer has
no answer for some short GBK texts and takes short Big5 text for UTF-16, so the strict GB18030 and Big5
readings are always candidates, and the Chinese language model chooses among the readings that decode:
"協會" saved as Big5 is also valid GBK ("穦"), and only the sense of the text tells them apart. When
charset-normalizer names another script's encoding (Cyrillic, Greek, Korean...), a Chinese reading wins
only if it is plainly Chinese (common characters, no spaces between words): the Chinese language model
prefers any Chinese to any other script and is no judge there. Bytes that are mostly control characters
are binary and are refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pipeline.errors import UnreadableInput
from pipeline.reasons import ReasonCode
from pipeline.repair.language_model import common_characters, score_text
from pipeline.repair.legitimate import is_legitimate
from pipeline.repair.mojibake import confidence_of_gain

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK_CODECS = ("gb18030", "cp950")
# 7-bit encodings that switch to Korean or Japanese with escape sequences (and SO/SI control bytes).
_ISO2022 = ((b"\x1b$)C", "iso2022_kr"), (b"\x1b$B", "iso2022_jp_2"), (b"\x1b$@", "iso2022_jp_2"))
_CJK_NAMES = frozenset(
    {"gb2312", "gbk", "gb18030", "cp936", "big5", "cp950", "big5hkscs", "utf_16_be", "utf_16_le"}
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CHINESE_MARKS = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—～·　％０１２３４５６７８９")
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1a\x1b")
_SAMPLE_BYTES = 8192  # enough text for the language model to tell GBK from Big5
_TELLING_CHARS = 8  # non-ASCII characters of valid UTF-8 that no legacy text would make by chance
_TELLING_LINE_CHARS = 4  # a line of a mixed file is UTF-8 with this many (or a Han character)
_NUL_SHARE = 0.1  # UTF-16 text: at least this share of its code units has a NUL byte...
_NUL_STRAY = 0.05  # ...on one side, and at most this share of those on the other
# A reading is plainly Chinese when nearly all its non-ASCII characters are Han or Chinese punctuation,
# nearly all its Han characters are common ones, and few of them have a space between them (Korean and
# Cyrillic read as GBK give common-looking characters with a space between every few).
_CHINESE_SHARE = 0.9
_COMMON_SHARE = 0.9
_GAP_SHARE = 0.05


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding used and how sure the choice is (0..1).

    ``encoding`` is a Python codec name, or "utf-8+gb18030" (say) for a file whose lines mix two.
    """

    text: str
    encoding: str
    confidence: float


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``; raise UnreadableInput when it is empty or binary.

    >>> decode_bytes("关于加强协会".encode("gbk")).text
    '关于加强协会'
    >>> decode_bytes("協會工作計劃".encode("big5")).encoding
    'cp950'
    >>> decode_bytes("通知".encode("gbk")).text
    '通知'
    """
    if not data.strip():
        raise UnreadableInput(ReasonCode.EMPTY_FILE, "empty file: no text to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding), encoding.removesuffix("-sig"), 1.0)
    wide = _decode_wide(data)
    if wide is not None:
        return wide
    for escape, encoding in _ISO2022:
        if escape in data[:_SAMPLE_BYTES]:
            try:
                return Decoded(data.decode(encoding), encoding, 0.9)
            except UnicodeDecodeError:
                continue
    if _looks_binary(data):
        raise UnreadableInput(
            ReasonCode.BINARY, "binary content, not text: check the file type or remove it from raw/"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _utf8_or_legacy(data, text)
    mixed = _decode_mixed(data)
    return mixed if mixed is not None else _decode_legacy(data)


def _decode_wide(data: bytes) -> Decoded | None:
    """UTF-32 or UTF-16 without a BOM: NUL bytes on one side of the code units of ASCII and Latin text.

    >>> _decode_wide("Notice 通知".encode("utf-16-le")).encoding, _decode_wide(b"plain text")
    ('utf-16-le', None)
    """
    sample = data[: _SAMPLE_BYTES - _SAMPLE_BYTES % 4]
    for width, sides in ((4, ("le", "be")), (2, ("le", "be"))):
        units = len(sample) // width
        if units == 0 or len(data) % width:
            continue
        low = sum(1 for i in range(0, units * width, width) if sample[i] == 0)
        high = sum(1 for i in range(width - 1, units * width, width) if sample[i] == 0)
        many, few = max(low, high), min(low, high)
        if many < _NUL_SHARE * units or few > _NUL_STRAY * many:
            continue
        encoding = f"utf-{8 * width}-{sides[0] if high > low else sides[1]}"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for char in text if char < " " and char not in "\t\n\r\f")
        if controls <= len(text) // 100:  # a binary file's NULs can fall on one side too
            return Decoded(text, encoding, 0.95)
    return None


def _utf8_or_legacy(data: bytes, text: str) -> Decoded:
    """Valid UTF-8 is UTF-8, unless it is too short to tell: "通知" in GBK is valid UTF-8 too."""
    non_ascii = sum(1 for char in text if not char.isascii())
    if non_ascii == 0 or non_ascii >= _TELLING_CHARS or _CJK.search(text):
        return Decoded(text, "utf-8", 1.0)
    legacy = _decode_legacy(data)
    if score_text(legacy.text) > score_text(text) and _plainly_chinese(legacy.text):
        return legacy
    return Decoded(text, "utf-8", 0.9)


def _another_script(text: str) -> bool:
    """True when ``text`` holds Han characters enough to judge and does not read as Chinese: bytes of
    another script read as Chinese."""
    return sum(1 for char in text if _CJK.match(char)) >= _TELLING_CHARS and not _plainly_chinese(text)


def _plainly_chinese(text: str) -> bool:
    """True when ``text`` reads as Chinese by more than the language model's liking for Han characters.

    >>> _plainly_chinese("关于加强协会自身能力建设的通知"), _plainly_chinese("곳 깊은 바다")
    (True, False)
    >>> _plainly_chinese("二○○九年八月十七日 □ 是 √ 否")  # the symbols of forms and dates are Chinese text's
    True
    >>> _plainly_chinese("牟 彖抉忪快扶我快 抉 抗抉扶抗批把扼快")  # Cyrillic read as GBK
    False
    """
    wide = [char for char in text if not char.isascii() and not char.isspace()]
    han = [char for char in wide if _CJK.match(char)]
    marks = sum(1 for char in wide if char in _CHINESE_MARKS or (is_legitimate(char) and not char.isalpha()))
    if not han or len(han) + marks < _CHINESE_SHARE * len(wide):
        return False
    common = common_characters()
    if sum(1 for char in han if char in common) < _COMMON_SHARE * len(han):
        return False
    return len(_HAN_GAP.findall(text)) <= _GAP_SHARE * len(han)


def _decode_legacy(data: bytes) -> Decoded:
    """The likeliest reading of a file in one legacy encoding."""
    candidates = _candidate_codecs(data)
    readings = _strict_readings(data[:_SAMPLE_BYTES], candidates)
    if not readings:
        return Decoded(data.decode("gb18030", errors="replace"), "gb18030", 0.1)
    other = candidates[len(_CJK_CODECS) :]
    chinese = [readings[codec] for codec in _CJK_CODECS if codec in readings]
    if other and other[0] in readings and all(_another_script(text) for text in chinese):
        return _whole(data, other[0], 0.9)
    ranked = sorted(readings.items(), key=lambda item: -score_text(item[1]))
    encoding = ranked[0][0]
    if len(ranked) == 1:
        confidence = 1.0
    else:
        confidence = confidence_of_gain(score_text(ranked[0][1]) - score_text(ranked[1][1]))
    return _whole(data, encoding, confidence)


def _whole(data: bytes, encoding: str, confidence: float) -> Decoded:
    """``data`` decoded with ``encoding``, chosen on its first bytes."""
    try:
        return Decoded(data.decode(encoding), encoding, confidence)
    except UnicodeDecodeError:  # the sample decoded but a later byte does not
        return Decoded(data.decode(encoding, errors="replace"), encoding, min(confidence, 0.5))


def _candidate_codecs(data: bytes) -> tuple[str, ...]:
    """GB18030 and Big5, and charset-normalizer's guess when it names another encoding."""
    sample = data[:_SAMPLE_BYTES]
    if len(data) > _SAMPLE_BYTES and b"\n" in sample:  # a sample cut inside a character has no answer
        sample = sample[: sample.rindex(b"\n")]
    best = from_bytes(sample).best()
    if best is None or best.encoding in _CJK_NAMES or best.encoding in ("utf_8", "ascii"):
        return _CJK_CODECS
    return (*_CJK_CODECS, best.encoding)


def _strict_readings(data: bytes, encodings: tuple[str, ...]) -> dict[str, str]:
    """The readings of ``data`` in each encoding that decodes it without error.

    The sample may end inside a character, so its last three bytes may fail.
    """
    readings: dict[str, str] = {}
    for encoding in encodings:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            readings[encoding] = decoder.decode(data, final=False)
        except UnicodeDecodeError:
            continue
    return readings


def _decode_mixed(data: bytes) -> Decoded | None:
    """Lines of UTF-8 mixed with lines of a legacy encoding; None without telling UTF-8 lines.

    A UTF-8 line is telling when it holds a Han character or ``_TELLING_LINE_CHARS`` non-ASCII ones: a
    short GBK line can be valid UTF-8 ("效应" reads "ЧӦ", "注" reads "ע") and is then read as GBK.
    The file is mixed when its telling lines hold ``_TELLING_CHARS`` non-ASCII characters or more.
    """
    lines = data.split(b"\n")
    utf8 = [_telling_utf8_line(line) for line in lines]
    if sum(sum(1 for char in text if not char.isascii()) for text in utf8 if text) < _TELLING_CHARS:
        return None
    legacy = _decode_legacy(b"\n".join(line for line, text in zip(lines, utf8, strict=True) if text is None))
    texts: list[str] = []
    for line, text in zip(lines, utf8, strict=True):
        texts.append(text if text is not None else line.decode(legacy.encoding, errors="replace"))
    return Decoded("\n".join(texts), f"utf-8+{legacy.encoding}", min(legacy.confidence, 0.9))


def _telling_utf8_line(line: bytes) -> str | None:
    """The line as UTF-8 if it is valid UTF-8 and long enough to tell (see ``_decode_mixed``)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.isascii() or _CJK.search(text) or sum(1 for c in text if not c.isascii()) >= _TELLING_LINE_CHARS:
        return text
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    return b"\x00" in sample or controls > len(sample) // 20
