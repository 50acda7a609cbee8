"""Full-width Latin letters and digits to half-width; Chinese punctuation stays as it is."""

from __future__ import annotations

# U+FF10-FF19 digits, U+FF21-FF3A and U+FF41-FF5A letters. Punctuation such as ，（）：；！？ is not folded.
_FULLWIDTH_ALNUM = {
    code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}


def normalize_fullwidth_ascii(line: str) -> str:
    """Turn full-width letters and digits into ASCII so numbers and codes can be parsed.

    >>> normalize_fullwidth_ascii("２０１４年ＳＴＥＭ教育，（一）")
    '2014年STEM教育，（一）'
    """
    return line.translate(_FULLWIDTH_ALNUM)
