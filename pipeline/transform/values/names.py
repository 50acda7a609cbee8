"""Person and unit names as hand-typed into rosters, made comparable without losing the original."""

from __future__ import annotations

import re

from pipeline.repair.script import convert_to_simplified
from pipeline.repair.width import normalize_fullwidth_ascii

_DOTS = re.compile(r"(?:(?<!\s)\s+)?[·•‧．・∙⋅\u00b7\u2027\u30fb\uff65]\s*")  # blanks before: from the first
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
#: A cell that holds a formula or a link instead of a name: =HYPERLINK("…","张三"), +A1, @SUM(…), http://…
_FORMULA = re.compile(r"^[=+@]|^[A-Za-z_.]+\(|://|[<>{}\[\]\\|$%^*~]")


def normalize_person_name(text: str) -> str:
    """A person's name: trimmed, no spaces inside a Chinese name, one middle dot, simplified script.

    >>> normalize_person_name(" 張 三 "), normalize_person_name("买买提•艾力")
    ('张三', '买买提·艾力')
    """
    name = _DOTS.sub("·", normalize_fullwidth_ascii(text).strip())
    name = _SPACES.sub("" if _CJK.search(name) else " ", name)
    if not _HAS_LETTER.search(name) or len(name) > 60:
        raise ValueError(f"name {text!r} is not a person's name: it holds no letter, or is too long")
    if _FORMULA.search(name):
        raise ValueError(
            f"name {text!r} is a spreadsheet formula or link, not a person's name: type the name itself"
        )
    if lost := _lost_character(name):
        raise ValueError(
            f"name {text!r} holds {lost!r} where a character was lost (saved in a code page without it): "
            "type the name again"
        )
    return convert_to_simplified(name)


def _lost_character(name: str) -> str | None:
    """The mark a character lost to an encoding leaves in a name: a question mark, ASCII or full-width (a
    program that could not write it), or U+FFFD (one that could not read it). No name holds one.

    >>> _lost_character("?磊"), _lost_character("赵磊")
    ('?', None)
    """
    return next((char for char in name if char in "?？\ufffd"), None)


_ASCII_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def normalize_unit_name(text: str) -> str:
    """A unit's name: full-width letters and digits folded, Chinese brackets, no spaces between Chinese.

    >>> normalize_unit_name(" 太原市第五中学(初中部) "), normalize_unit_name("山西省 科技馆")
    ('太原市第五中学（初中部）', '山西省科技馆')
    """
    name = normalize_fullwidth_ascii(text).strip()
    if _CJK.search(name):
        name = re.sub(r"(?<=[^\x00-\x7f])\s+|(?<!\s)\s+(?=[^\x00-\x7f])", "", name).translate(_ASCII_BRACKETS)
    if not name:
        raise ValueError(f"unit name {text!r} is empty")
    return convert_to_simplified(_SPACES.sub(" ", name))
