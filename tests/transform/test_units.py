"""Units that only members name: one unit per name, dated by the most recent file naming it."""

from __future__ import annotations

import pyarrow as pa

from pipeline.records import RosterRow
from pipeline.staging import arrow_schema
from pipeline.transform.members import unit_ids
from pipeline.transform.units import rows_to_units


def _member_rows(rows: list[tuple[str, str, int, str | None]]) -> pa.Table:
    files, sheets, numbers, units = (list(column) for column in zip(*rows, strict=True))
    names = pa.array(units, pa.string())
    columns = {"unit_id": unit_ids(names), "source_file": files, "sheet": sheets, "row": numbers}
    return pa.table(columns | {"unit_name": names})


def test_a_unit_named_in_many_rows_and_files_is_one_unit_from_the_newest_file() -> None:
    members = _member_rows(
        [
            ("2024年会员名单.xlsx", "Sheet1", 3, "太原市第五中学"),
            ("2022年会员名单.csv", "2022年会员名单.csv", 2, "太原市第五中学"),
            ("2024年会员名单.xlsx", "Sheet1", 4, "太原市第五中学"),
            ("2022年会员名单.csv", "2022年会员名单.csv", 3, "长治市第二中学"),
            ("2022年会员名单.csv", "2022年会员名单.csv", 4, None),
        ]
    )
    units = rows_to_units(arrow_schema(RosterRow).empty_table(), members).units
    got = units.select(["name", "source_file", "source_rows", "address"]).to_pylist()
    assert sorted(got, key=lambda row: row["name"]) == [
        {"name": "太原市第五中学", "source_file": "2024年会员名单.xlsx", "source_rows": 0, "address": None},
        {"name": "长治市第二中学", "source_file": "2022年会员名单.csv", "source_rows": 0, "address": None},
    ]
    assert units["unit_id"].to_pylist() == sorted(units["unit_id"].to_pylist())
