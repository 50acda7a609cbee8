"""Text that a broken font encoding produced: private-use code points, U+FFFD, ``(cid:N)``, controls,
and characters doubled side by side by a fake-bold overprint read out of place.

A PDF font without a usable Unicode map gives glyph numbers instead of characters: pdfplumber shows
them as ``(cid:123)``, PDFium as private-use or control code points. Such text cannot be read back
without OCR, so pages (and tables) made mostly of it are quarantined and the rest is counted.
"""

from __future__ import annotations

import re

_CID = re.compile(r"\(cid:\d+\)")
_GARBLED = re.compile(rf"{_CID.pattern}|[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACE = re.compile(r"\s+")
#: Three or more Chinese characters each printed twice side by side (安安徽徽省省): a page whose fake-bold
#: copies came out next to each other instead of on top of each other.
_DOUBLED = re.compile(r"(?:([\u4e00-\u9fff])\1){3,}")
#: A page whose non-space characters are garbled at least this much is withheld from the text.
UNREADABLE_SHARE = 0.3


def count_garbled(text: str) -> int:
    """How many characters (a ``(cid:N)`` placeholder counts as one) a broken font produced, and the
    extra copies of characters printed twice side by side.

    >>> count_garbled("会员名单(cid:4321)(cid:88)\ue012"), count_garbled("安安徽徽省省科协")
    (3, 3)
    >>> count_garbled("科技·辅导员（北京）")
    0
    """
    return len(_GARBLED.findall(text)) + sum((m.end() - m.start()) // 2 for m in _DOUBLED.finditer(text))


def visible_chars(text: str) -> int:
    """Characters that are not whitespace, a ``(cid:N)`` placeholder counting as one.

    >>> visible_chars("第 3 页 (cid:12)")
    4
    """
    return len(_SPACE.sub("", _CID.sub("?", text)))


def is_unreadable(text: str) -> bool:
    """True when so much of ``text`` is garbled that keeping it would only add noise.

    >>> is_unreadable("\ue001\ue002\ue003会"), is_unreadable("会员名单\ue001")
    (True, False)
    """
    visible = visible_chars(text)
    return visible > 0 and count_garbled(text) >= UNREADABLE_SHARE * visible
