"""A form of one person (登记表, 报名表, 简历): label cells beside value cells, not a table.

    姓名：  | 陈晨 | 性别： | 男 | 出生年月： | 1977-10-17
    身份证号码：| 11010519491231002X |     |    | 学历：     | 本科

A label is a cell that names a known field (``headers.header_match``) or ends with a colon; its value is
the next filled cell to its right that is no label. The sheet is a form when one name label (only one)
has a value and at least ``_PAIRS`` labels do, and the cells under the name label are not a column of
names (that is a table's header). The form becomes one roster row: the known fields, and the other
labels in ``extra``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.rosters.content import MOST, names_share
from pipeline.extract.rosters.headers import header_match

#: Label/value pairs (the name's included) a sheet needs to be a form.
_PAIRS = 3
_COLONS = (":", "：")


@dataclass(frozen=True)
class Form:
    """One person's form: ``fields[i]`` (or None: kept in ``extra`` under ``labels[i]``) is
    ``values[i]``; ``row`` is the 0-based grid row of the name label."""

    fields: tuple[str | None, ...]
    labels: tuple[str, ...]
    values: tuple[str, ...]
    row: int


def find_form(rows: Sequence[Sequence[str | None]]) -> Form | None:
    """The form the first rows of a sheet lay out, or None.

    >>> form = find_form([["员工信息登记表", None, None, None], ["姓名：", "陈晨", "性别：", "男"],
    ...                   ["电话：", "13800138000", "籍贯：", "北京"], ["教育经历：", None, None, None]])
    >>> form.fields, form.labels, form.row
    (('name', 'gender', 'phone', None), ('姓名', '性别', '电话', '籍贯'), 1)
    >>> form.values
    ('陈晨', '男', '13800138000', '北京')
    >>> find_form([["姓名", "性别", "手机"], ["张三", "男", "13800138000"], ["李四", "女", "13900139000"]])
    >>> find_form([["姓名1", "女"], ["姓名2", "男"], ["姓名3", "男"]])  # placeholders of a seating list
    """
    pairs: list[tuple[int, int, str | None, str, str]] = []  # row, column, field, label, value
    for r, row in enumerate(rows):
        cells = [(cell or "").strip() for cell in row]
        for c, cell in enumerate(cells):
            if not _is_label(cell):
                continue
            value = next((v for v in cells[c + 1 :] if v and v != cell), "")
            if value and not _is_label(value):
                match = header_match(cell)
                pairs.append((r, c, match[0] if match else None, cell.rstrip(":： "), value))
    names = [p for p in pairs if p[2] == "name"]
    if len(names) != 1 or len(pairs) < _PAIRS:  # one person's form names them once
        return None
    r, c = names[0][0], names[0][1]
    below = [(row[c] if c < len(row) else None) for row in rows[r + 1 :]]
    if names_share(below) >= MOST:
        return None
    seen: set[str] = set()
    kept = []
    for pair in pairs:
        field = pair[2] if pair[2] not in seen else None
        seen.add(pair[2] or "")
        kept.append((field, pair[3], pair[4]))
    fields, labels, values = zip(*kept, strict=True)
    return Form(fields, labels, values, r)


def _is_label(text: str) -> bool:
    return bool(text) and (text.endswith(_COLONS) or header_match(text) is not None)
