"""What a roster column holds, judged by its values when its header does not say.

A header can be missing (a list pasted without one), unknown (责任人 in one file, 学员 in another) or
misleading; the values are not: 18-character ID numbers pass their check digit, mobiles are 11 digits
starting with 1, e-mail addresses have an @, people's names are two to four Chinese characters starting
with a surname (``surnames.txt``), and units end in an organisation word (公司, 中学, 协会...). A column
takes a kind when most of its filled cells, and at least two, have it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources

from pipeline.transform.values.ids import check_digit

#: Share of a column's filled cells that must have a kind for the column to take it.
MOST = 0.6
_ID = re.compile(r"^\d{17}[\dXx]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_EMAIL = re.compile(r"^[\w.%+\-]+@[\w\-]+(\.[\w\-]+)*\.[A-Za-z]{2,}$")
_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")
_UNIT_ENDINGS = (
    "公司", "集团", "大学", "学院", "中学", "小学", "学校", "幼儿园", "医院", "研究所", "研究院", "协会",
    "学会", "委员会", "中心", "银行", "政府", "办公室", "局", "厅", "馆", "站", "所", "院", "社", "会",
)  # fmt: skip


def is_person_name(text: str) -> bool:
    """Two to four Chinese characters (spaces inside ignored) that start with a surname.

    >>> [is_person_name(t) for t in ("张 翠", "欧阳明", "教育经历", "姓名1", "主任委员")]
    [True, True, False, False, False]
    """
    value = re.sub(r"\s+", "", text)
    if not _NAME.match(value):
        return False
    single, compound = surnames()
    return value[:2] in compound or value[0] in single


def is_id_number(text: str) -> bool:
    """An 18-character ID number whose check digit is right.

    >>> is_id_number("11010519491231002X"), is_id_number("110105194912310021")
    (True, False)
    """
    value = text.strip().upper()
    return bool(_ID.match(value)) and check_digit(value[:17]) == value[17]


def is_mobile(text: str) -> bool:
    """An 11-digit mobile number (spaces and dashes ignored).

    >>> is_mobile("138-0013-8000"), is_mobile("6042229")
    (True, False)
    """
    return bool(_MOBILE.match(re.sub(r"[\s\-]", "", text)))


def is_email(text: str) -> bool:
    """An e-mail address (one).

    >>> is_email("zhang.san@example.com"), is_email("a@b.cn; c@d.cn")
    (True, False)
    """
    return bool(_EMAIL.match(text.strip()))


def is_unit_name(text: str) -> bool:
    """A name of four characters or more ending in an organisation word.

    >>> is_unit_name("滴滴青桔资深技术专家"), is_unit_name("太原市第五中学")
    (False, True)
    """
    value = text.strip()
    return len(value) >= 4 and value.endswith(_UNIT_ENDINGS)


#: The kinds told by values, in the order they are tried (the surest first).
KINDS: dict[str, Callable[[str], bool]] = {
    "id_number": is_id_number,
    "phone": is_mobile,
    "email": is_email,
    "name": is_person_name,
    "unit_name": is_unit_name,
}


def column_kind(values: Sequence[str | None]) -> str | None:
    """The field most of a column's filled cells (at least two) are values of, or None.

    >>> column_kind(["张伟", "李 娜", None, "欧阳明"]), column_kind(["1", "2"]), column_kind(["王芳"])
    ('name', None, None)
    """
    filled = [v for v in values if v and v.strip()]
    if len(filled) < 2:
        return None
    for kind, test in KINDS.items():
        if sum(map(test, filled)) >= MOST * len(filled):
            return kind
    return None


def names_share(values: Sequence[str | None]) -> float:
    """The share of a column's filled cells that are people's names (0.0 for an empty column)."""
    filled = [v for v in values if v and v.strip()]
    return sum(map(is_person_name, filled)) / len(filled) if filled else 0.0


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """The single-character and the compound surnames of ``surnames.txt``."""
    text = (resources.files(__package__) / "surnames.txt").read_text(encoding="utf-8")
    words = {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)
