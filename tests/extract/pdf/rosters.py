"""A member roster as rows, shared by the PDF, Word and spreadsheet tests so all print the same data."""

from __future__ import annotations

HEADER = ["序号", "姓名", "性别", "出生日期", "工作单位", "手机"]
_SURNAMES = "张王李刘陈杨赵黄周吴"
_GIVEN = (("伟", "男"), ("芳", "女"), ("娜", "女"), ("洋", "男"), ("静", "女"))
_UNITS = (
    "北京市海淀区第一\n中学",
    "上海市青少年科技中心",
    "天津市科学技术协会",
    "重庆市第八中学校",
    "广州市少年宫",
)
WIDTHS = [30, 45, 30, 70, 150, 90]


def roster_rows(count: int) -> list[list[str]]:
    """``count`` (at most 50) distinct people numbered from 1; one unit name wraps onto a second line."""
    rows = []
    for number in range(1, count + 1):
        given, gender = _GIVEN[(number - 1) % len(_GIVEN)]
        name = _SURNAMES[(number - 1) // len(_GIVEN)] + given
        born = f"{1970 + number % 25}-{number % 12 + 1:02d}-{number % 27 + 1:02d}"
        unit = _UNITS[(number - 1) % len(_UNITS)]
        rows.append([str(number), name, gender, born, unit, f"1380013{number:04d}"])
    return rows


def one_line(rows: list[list[str]]) -> list[tuple[str, ...]]:
    """The rows as a table reader gives them: a wrapped Chinese cell joined without a space."""
    return [tuple(cell.replace("\n", "") for cell in row) for row in rows]
