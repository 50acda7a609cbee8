"""Decode raw bytes of unknown encoding. Never assume UTF-8.

Order: a BOM decides; then strict UTF-8; then charset-normalizer; then strict GB18030 (the superset of
GB2312/GBK), then Big5. Bytes that are mostly control characters are binary and are refused.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pipeline.errors import UnreadableInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK_FALLBACKS = ("gb18030", "big5")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1a\x1b")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding used and how sure the choice is (0..1)."""

    text: str
    encoding: str
    confidence: float


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``; raise UnreadableInput when it is empty or binary.

    >>> decode_bytes("关于加强协会自身能力建设".encode("gbk")).text
    '关于加强协会自身能力建设'
    """
    if not data.strip():
        raise UnreadableInput("empty file: no text to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding), encoding.removesuffix("-sig"), 1.0)
    if _looks_binary(data):
        raise UnreadableInput("binary content, not text: check the file type or remove it from raw/")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        encoding = _widen(best.encoding)
        try:
            return Decoded(data.decode(encoding), encoding, round(1.0 - best.chaos, 3))
        except UnicodeDecodeError:
            pass
    for encoding in _CJK_FALLBACKS:
        try:
            return Decoded(data.decode(encoding), encoding, 0.5)
        except UnicodeDecodeError:
            continue
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", 0.1)


def _widen(encoding: str) -> str:
    """GB2312 and GBK are read as GB18030, their superset, so rare characters in names decode."""
    return "gb18030" if encoding.lower() in ("gb2312", "gbk", "gb18030", "cp936") else encoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    return b"\x00" in sample or controls > len(sample) // 20
