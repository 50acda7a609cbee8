"""Text that a broken font encoding produced: private-use code points, U+FFFD, ``(cid:N)``, controls,
and characters doubled side by side by a fake-bold overprint read out of place.

A PDF font without a usable Unicode map gives glyph numbers instead of characters: pdfplumber shows
them as ``(cid:123)``, PDFium as private-use or control code points. Such text cannot be read back
without OCR, so pages (and tables) made mostly of it are quarantined and the rest is counted.
"""

from __future__ import annotations

import itertools
import re

_CID = re.compile(r"\(cid:\d+\)")
_GARBLED = re.compile(rf"{_CID.pattern}|[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACE = re.compile(r"\s+")
#: At least this many Chinese characters in a row, each repeated the same number of times (安安徽徽省省,
#: 安安安安徽徽徽徽), are fake-bold copies printed beside each other instead of on top; real text repeats
#: one or two characters (婆婆, 嘻嘻嘻嘻), not a run of different ones the same number of times.
DOUBLED_RUN = 3
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
    return len(_GARBLED.findall(text)) + doubled_copies(text)


def doubled_copies(text: str) -> int:
    """The extra copies in stretches of ``DOUBLED_RUN`` or more different Chinese characters each
    repeated the same number of times.

    >>> doubled_copies("安安安安徽徽徽徽省省省省"), doubled_copies("哦婆婆嘻嘻嘻嘻嘻嘻是一无所有")
    (9, 0)
    """
    copies = 0
    stretch: list[int] = []
    for char, group in itertools.groupby(text):
        times = len(list(group))
        repeated = times >= 2 and "\u4e00" <= char <= "\u9fff"
        if repeated and stretch and stretch[-1] == times:
            stretch.append(times)
            continue
        copies += _stretch_copies(stretch)
        stretch = [times] if repeated else []
    return copies + _stretch_copies(stretch)


def _stretch_copies(stretch: list[int]) -> int:
    return sum(times - 1 for times in stretch) if len(stretch) >= DOUBLED_RUN else 0


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
