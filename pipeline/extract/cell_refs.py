"""Excel cell references (the letters of ``K`` in ``K1000``), as the xlsx readers and limits read them."""

from __future__ import annotations

from functools import cache


@cache
def column_index(letters: bytes) -> int:
    """0-based column index of Excel column letters.

    >>> column_index(b"A"), column_index(b"AA")
    (0, 26)
    """
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1
