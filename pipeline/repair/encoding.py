"""Decode raw bytes of unknown encoding. Never assume UTF-8.

Order: a BOM decides; then strict UTF-8; then, line by line, UTF-8 mixed with a legacy Chinese encoding
(pages pasted together from several sources); then the legacy encoding of the whole file. GB2312 and GBK
are read as GB18030, their superset, so rare characters in names decode. charset-normalizer has no answer
for some short GBK texts and takes short Big5 text for UTF-16, so the strict GB18030 and Big5 readings are
always candidates, and the Chinese language model chooses among the readings that decode: "協會" saved as
Big5 is also valid GBK ("穦"), and only the sense of the text tells them apart. Bytes that are mostly
control characters are binary and are refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pipeline.errors import UnreadableInput
from pipeline.reasons import ReasonCode
from pipeline.repair.language_model import score_text
from pipeline.repair.mojibake import confidence_of_gain

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK_CODECS = ("gb18030", "cp950")
_CJK_NAMES = frozenset(
    {"gb2312", "gbk", "gb18030", "cp936", "big5", "cp950", "big5hkscs", "utf_16_be", "utf_16_le"}
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1a\x1b")
_SAMPLE_BYTES = 8192  # enough text for the language model to tell GBK from Big5


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


def _utf8_or_legacy(data: bytes, text: str) -> Decoded:
    """Valid UTF-8 without a single Chinese character may be short GBK: "通知" in GBK is valid UTF-8."""
    if text.isascii() or _CJK.search(text):
        return Decoded(text, "utf-8", 1.0)
    legacy = _decode_legacy(data)
    if score_text(legacy.text) > score_text(text):
        return legacy
    return Decoded(text, "utf-8", 1.0)


def _decode_legacy(data: bytes) -> Decoded:
    """The likeliest reading of a file in one legacy encoding."""
    readings = _strict_readings(data[:_SAMPLE_BYTES], _candidate_codecs(data))
    if not readings:
        return Decoded(data.decode("gb18030", errors="replace"), "gb18030", 0.1)
    ranked = sorted(readings.items(), key=lambda item: -score_text(item[1]))
    encoding = ranked[0][0]
    if len(ranked) == 1:
        confidence = 1.0
    else:
        confidence = confidence_of_gain(score_text(ranked[0][1]) - score_text(ranked[1][1]))
    try:
        return Decoded(data.decode(encoding), encoding, confidence)
    except UnicodeDecodeError:  # the sample decoded but a later byte does not
        return Decoded(data.decode(encoding, errors="replace"), encoding, min(confidence, 0.5))


def _candidate_codecs(data: bytes) -> tuple[str, ...]:
    """GB18030 and Big5, and charset-normalizer's guess when it names another encoding."""
    best = from_bytes(data[:_SAMPLE_BYTES]).best()
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
    """Lines of UTF-8 mixed with lines of a legacy encoding; None when no line is UTF-8 beyond ASCII."""
    lines = data.split(b"\n")
    utf8 = [_utf8_line(line) for line in lines]
    if not any(text is not None and not text.isascii() for text in utf8):
        return None
    legacy = _decode_legacy(b"\n".join(line for line, text in zip(lines, utf8, strict=True) if text is None))
    texts: list[str] = []
    for line, text in zip(lines, utf8, strict=True):
        texts.append(text if text is not None else line.decode(legacy.encoding, errors="replace"))
    return Decoded("\n".join(texts), f"utf-8+{legacy.encoding}", min(legacy.confidence, 0.9))


def _utf8_line(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    return b"\x00" in sample or controls > len(sample) // 20
