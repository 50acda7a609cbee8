"""The layouts of real rosters (issue 20), generated, end to end through ``pipeline run``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import query, run_pipeline
from tests.fixtures.make_real_rosters import write_real_patterns


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """The warehouse of one ``pipeline run`` over every pattern, and the names each file holds."""
    root = tmp_path_factory.mktemp("real_patterns")
    raw = root / "raw"
    raw.mkdir()
    names = write_real_patterns(raw)
    done = run_pipeline(root, "run", "--raw", "raw", "--staged", "staged", "--warehouse", "w.duckdb")
    assert done.returncode == 0, done.stderr
    return root / "w.duckdb", names


def _names(warehouse: Path, source_file: str) -> list[str]:
    rows = query(
        warehouse, f"SELECT name FROM member_sources WHERE source_file = '{source_file}' ORDER BY row"
    )
    return [name for (name,) in rows]


@pytest.mark.parametrize(
    "source_file",
    [
        "短名单.xlsx",
        "双语表头.xlsx",
        "无表头.xlsx",
        "专委会名单.xlsx",
        "通讯录.csv",
        "两个表.xlsx",
        "登记表.xls",
        "坏字段.xlsx",
        "反斜杠.xlsx",
    ],
)
def test_every_person_of_each_layout_loads_and_nothing_else(
    loaded: tuple[Path, dict[str, list[str]]], source_file: str
) -> None:
    warehouse, names = loaded
    assert _names(warehouse, source_file) == names[source_file]


def test_no_title_note_label_or_total_becomes_a_member(loaded: tuple[Path, dict[str, list[str]]]) -> None:
    warehouse, names = loaded
    everyone = {name for group in names.values() for name in group}
    assert {name for (name,) in query(warehouse, "SELECT name FROM members")} == everyone


def test_columns_found_by_header_words_and_by_values(loaded: tuple[Path, dict[str, list[str]]]) -> None:
    warehouse, _ = loaded
    # 手机 Mobile (bilingual), the values of a headerless sheet, 单位及职位 (combined header)
    assert query(
        warehouse, "SELECT count(phone) FROM member_sources WHERE source_file = '双语表头.xlsx'"
    ) == [(5,)]
    headerless = query(
        warehouse,
        "SELECT count(id_number), count(phone) FROM member_sources WHERE source_file = '无表头.xlsx'",
    )
    assert headerless == [(6, 6)]
    units = query(warehouse, "SELECT unit_name FROM member_sources WHERE source_file = '专委会名单.xlsx'")
    assert all(unit.endswith("教师") for (unit,) in units)


def test_contact_export_names_emails_and_phones(loaded: tuple[Path, dict[str, list[str]]]) -> None:
    warehouse, _ = loaded
    rows = query(warehouse, "SELECT email, phone FROM member_sources WHERE source_file = '通讯录.csv'")
    assert len(rows) == 6 and all(email and phone for email, phone in rows)
    [(reason,)] = query(warehouse, "SELECT reason FROM quarantine WHERE source_file = '通讯录.csv'")
    assert "no name" in reason  # the contact showing only its e-mail address


def test_form_is_one_member_with_the_fields_its_labels_name(
    loaded: tuple[Path, dict[str, list[str]]],
) -> None:
    warehouse, names = loaded
    [(name, id_number, email, phone, unit, extra)] = query(
        warehouse,
        "SELECT name, id_number, email, phone, unit_name, extra FROM member_sources "
        "WHERE source_file = '登记表.xls'",
    )
    assert name == names["登记表.xls"][0] and id_number and email and phone
    assert unit is None  # 毕业学校 is where the person studied, not the unit they work for
    assert '"籍贯": "北京"' in extra and "教育经历" not in extra and "tc123456" not in extra
    assert query(warehouse, "SELECT header FROM dropped_columns WHERE source_file = '登记表.xls'") == [
        ("登录密码",)
    ]


def test_a_bad_optional_value_is_dropped_with_a_quarantine_row_for_its_cell(
    loaded: tuple[Path, dict[str, list[str]]],
) -> None:
    warehouse, names = loaded
    rows = query(
        warehouse,
        "SELECT row, phone, email, id_number, birth_date FROM member_sources "
        "WHERE source_file = '坏字段.xlsx' ORDER BY row",
    )
    assert len(rows) == len(names["坏字段.xlsx"])
    assert (
        rows[0][1] is None and rows[1][1] is None and rows[2][2] is None
    )  # 10-digit, placeholder, bad e-mail
    assert rows[3][3] is not None and len(rows[3][3]) == 18  # the quote and comma around the ID cleaned
    assert rows[4][4] == dt.date(1990, 12, 14)  # 19901214 in a date-formatted cell
    located = query(
        warehouse, "SELECT location FROM quarantine WHERE source_file = '坏字段.xlsx' ORDER BY location"
    )
    assert located == [("sheet Sheet row 2 column phone",), ("sheet Sheet row 3 column phone",),
                       ("sheet Sheet row 4 column email",)]  # fmt: skip
