"""A member roster as rows, shared by the PDF, Word and spreadsheet tests so all print the same data."""

from __future__ import annotations

HEADER = ["序号", "姓名", "性别", "出生日期", "工作单位", "手机"]
_PEOPLE = [
    ("张伟", "男", "1981-03-12", "北京市海淀区第一\n中学", "13800138001"),
    ("王芳", "女", "1979-11-02", "上海市青少年科技中心", "13911112222"),
    ("李娜", "女", "1985-06-30", "天津市科学技术协会", "13700001111"),
    ("刘洋", "男", "1990-01-15", "重庆市第八中学校", "13622223333"),
    ("陈静", "女", "1988-09-09", "广州市少年宫", "13533334444"),
]
WIDTHS = [30, 45, 30, 70, 150, 90]


def roster_rows(count: int) -> list[list[str]]:
    """``count`` member rows (numbered from 1), cycling through five people with distinct phones."""
    rows = []
    for number in range(1, count + 1):
        name, gender, born, unit, phone = _PEOPLE[(number - 1) % len(_PEOPLE)]
        rows.append([str(number), name, gender, born, unit, f"{phone[:-3]}{number:03d}"])
    return rows


def one_line(rows: list[list[str]]) -> list[tuple[str, ...]]:
    """The rows as a table reader gives them: a wrapped Chinese cell joined without a space."""
    return [tuple(cell.replace("\n", "") for cell in row) for row in rows]
