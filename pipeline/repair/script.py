"""Traditional to simplified conversion with OpenCC, and detection of a text's script.

Conversion keeps the names of ``names.py`` (乾安县 stays, not 干安县). The original text is kept
by the caller (``text_raw``); only the repaired text is converted.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib import resources

from pipeline.repair.names import protected_names
from pipeline.repair.opencc_converter import converter

__all__ = ["convert_to_simplified", "converter", "detect_script"]

# A document is mixed when the minority script holds at least this share of the script-specific
# characters (and at least _MIXED_MIN_CHARS of them): a few stray characters do not make it mixed.
_MIXED_SHARE = 0.1
_MIXED_MIN_CHARS = 3


def convert_to_simplified(line: str) -> str:
    """Convert traditional characters to simplified ones, leaving protected names as they are.

    >>> convert_to_simplified("科協工作計劃")
    '科协工作计划'
    >>> convert_to_simplified("乾安县科協")
    '乾安县科协'
    """
    if line.isascii():
        return line
    t2s = converter("t2s")
    converted = t2s.convert(line)
    if converted == line:
        return line
    names = protected_names()
    if names.pattern is None or names.risky_chars.isdisjoint(line):
        return converted
    pieces = names.pattern.split(line)
    if len(pieces) == 1:
        return converted
    # split() gives the text around the names, findall() the names, both in the order of the line.
    found = names.pattern.findall(line)
    out = [t2s.convert(pieces[0])]
    for name, text in zip(found, pieces[1:], strict=True):
        out += [names.canonical[name], t2s.convert(text)]
    return "".join(out)


def detect_script(text: str) -> str:
    """'simplified', 'traditional', 'mixed' or 'none' (no character that belongs to one script only).

    Characters shared by both scripts (干, 后, 乾) are not counted, so a traditional text using
    them is not mixed.

    >>> detect_script("科協工作計劃"), detect_script("科协工作计划"), detect_script("abc")
    ('traditional', 'simplified', 'none')
    >>> detect_script("乾隆年間的干事"), detect_script("科协工作计划要点。科協工作計劃要點")
    ('traditional', 'mixed')
    """
    if text.isascii():
        return "none"
    simplified_only, traditional_only = script_chars()
    simplified = traditional = 0
    for char, count in Counter(text).items():
        if char in simplified_only:
            simplified += count
        elif char in traditional_only:
            traditional += count
    total = simplified + traditional
    if total == 0:
        return "none"
    minority = min(simplified, traditional)
    if minority >= _MIXED_MIN_CHARS and minority >= _MIXED_SHARE * total:
        return "mixed"
    return "traditional" if traditional > simplified else "simplified"


@cache
def script_chars() -> tuple[frozenset[str], frozenset[str]]:
    """Simplified-only and traditional-only characters (``data/script_chars.json``)."""
    data = json.loads(
        resources.files("pipeline.repair").joinpath("data/script_chars.json").read_text(encoding="utf-8")
    )
    return frozenset(data["simplified_only"]), frozenset(data["traditional_only"])
