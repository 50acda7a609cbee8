"""Traditional to simplified conversion with OpenCC, and detection of a text's script.

Works with the official binding (PyPI ``opencc``, config ``t2s.json``) and with
opencc-python-reimplemented (config ``t2s``): both install the module ``opencc``.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@cache
def converter(config: str) -> _Converter:
    """The OpenCC converter for ``config`` ("t2s", "s2t"), whichever binding is installed."""
    import opencc

    try:
        return opencc.OpenCC(f"{config}.json")
    except Exception:  # opencc-python-reimplemented names configs without ".json"
        return opencc.OpenCC(config)


def convert_to_simplified(line: str) -> str:
    """Convert traditional characters to simplified ones.

    >>> convert_to_simplified("科協工作計劃")
    '科协工作计划'
    """
    if line.isascii():
        return line
    return converter("t2s").convert(line)


def detect_script(text: str) -> str:
    """'simplified', 'traditional', 'mixed' or 'none' (no CJK characters whose script differs).

    >>> detect_script("科協工作計劃"), detect_script("科协工作计划"), detect_script("abc")
    ('traditional', 'simplified', 'none')
    """
    if text.isascii():
        return "none"
    simplified = converter("t2s").convert(text)
    traditional = converter("s2t").convert(text)
    has_traditional = simplified != text
    has_simplified = traditional != text
    if has_traditional and has_simplified:
        return "mixed"
    if has_traditional:
        return "traditional"
    if has_simplified:
        return "simplified"
    return "none"
