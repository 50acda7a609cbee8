"""Corruption generators: clean text -> the mojibake each kind of wrong decoding produces.

Shared by the tests and by ``benchmarks/repair_quality.py``, so both measure the same damage.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def utf8_read_as_gbk(text: str) -> str:
    """Kind a: "关于" -> "鍏充簬"; a byte GBK cannot pair becomes "�"."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def gbk_read_as_latin1(text: str) -> str:
    """Kind b: "关于" -> "¹ØÓÚ" (with soft hyphens and C1 controls where the bytes say so)."""
    return text.encode("gb18030").decode("latin-1")


def gbk_read_as_cp1252(text: str) -> str:
    """Kind b as Windows shows it: bytes cp1252 leaves undefined stay C1 controls."""
    return text.encode("gb18030").decode("sloppy-windows-1252")


def gbk_read_as_cp1250(text: str) -> str:
    """Kind f: "御用软件" -> "ÓůÓĂČíĽţ" (Central European Windows)."""
    return text.encode("gb18030").decode("cp1250", errors="replace")


def big5_read_as_gbk(text: str) -> str:
    """Kind d: traditional text saved as Big5, shown by a GBK (GB18030) reader."""
    return text.encode("big5", errors="replace").decode("gb18030", errors="replace")


def gbk_read_as_big5(text: str) -> str:
    """Kind d: simplified text saved as GBK, shown by a Big5 (cp950) reader."""
    return text.encode("gbk", errors="replace").decode("cp950", errors="replace")


def utf8_read_as_cp1252(text: str) -> str:
    """Kind e: "关于" -> "å…³äºŽ", the case ftfy repairs."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def decode_gbk_lossy(data: bytes) -> str:
    """Decode GBK the way the scraper of sample 004 did: drop what is not a character, keep going.

    An invalid pair is dropped whole, a lone 0x80/0xFF byte alone, a lead byte before an ASCII byte alone.
    """
    out: list[str] = []
    i = 0
    while i < len(data):
        byte = data[i]
        if byte < 0x80:
            out.append(chr(byte))
            i += 1
        elif byte in (0x80, 0xFF) or i + 1 == len(data) or data[i + 1] < 0x40 or data[i + 1] in (0x7F, 0xFF):
            i += 1
        else:
            with contextlib.suppress(UnicodeDecodeError):
                out.append(data[i : i + 2].decode("gbk"))
            i += 2
    return "".join(out)


def gbk_shifted(text: str, stray: bytes = b"\xa1") -> str:
    """Kind c: GBK bytes read one byte off after a stray byte, full-width letters then folded to ASCII.

    "（一）加強" -> "。ㄒ唬┘訌" (the stray 0xA1 is half of an ideographic space).
    """
    return fold_fullwidth(decode_gbk_lossy(stray + text.encode("gbk", errors="replace")))


def gbk_short_shift(text: str) -> str:
    """Kind g: a span of 2-6 Han characters before an ASCII character lost its first byte, and the page
    read it one byte off until the ASCII byte put it back in step ("268號科普大廈9層" -> "268柨破沾髲B9層").

    The span is chosen by a generator seeded with the text, so the damage is the same on every run;
    text without such a span is returned as it is.
    """
    spans = [
        (start, end)
        for start in range(len(text))
        for end in range(start + 2, min(start + 6, len(text) - 1) + 1)
        if text[end].isascii() and all("\u4e00" <= char <= "\u9fff" for char in text[start:end])
    ]
    if not spans:
        return text
    return shift_span(text, *random.Random(text).choice(spans))


def shift_span(text: str, start: int, end: int) -> str:
    """``text[start:end]`` (Han characters before an ASCII one) read one byte off after losing a byte."""
    data = text[start:end].encode("gbk", errors="replace")[1:] + text[end].encode("ascii")
    return text[:start] + fold_fullwidth(decode_gbk_lossy(data))[:-1] + text[end:]


def fold_fullwidth(text: str) -> str:
    """Full-width ASCII to ASCII, as the scraper of sample 004 did after decoding ("，" -> ",")."""
    return text.translate(_FULLWIDTH_TO_ASCII)


CORRUPTIONS: dict[str, tuple[str, Callable[[str], str]]] = {
    "utf8_read_as_gbk": ("a", utf8_read_as_gbk),
    "gbk_read_as_latin1": ("b", gbk_read_as_latin1),
    "gbk_read_as_cp1252": ("b", gbk_read_as_cp1252),
    "gbk_shifted": ("c", gbk_shifted),
    "big5_read_as_gbk": ("d", big5_read_as_gbk),
    "gbk_read_as_big5": ("d", gbk_read_as_big5),
    "utf8_read_as_cp1252": ("e", utf8_read_as_cp1252),
    "gbk_read_as_cp1250": ("f", gbk_read_as_cp1250),
    "gbk_short_shift": ("g", gbk_short_shift),
}
"""Corruption name -> (kind letter of the issue, generator)."""

COMPARED_FOLDED = frozenset({"gbk_shifted", "gbk_short_shift"})
"""Corruptions whose width folding is part of the damage: repaired and clean text are compared folded."""
