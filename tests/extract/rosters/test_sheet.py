"""extract_roster_blocks: a sheet mapped block by block gives the rows of the sheet mapped at once."""

from __future__ import annotations

import pyarrow as pa
import pytest

from pipeline.extract.rosters.headers import HEADER_SEARCH_ROWS
from pipeline.extract.rosters.sheet import columns_from_grid, extract_roster_blocks, extract_roster_sheet
from pipeline.records import QuarantineRecord
from pipeline.staging import StagedBatch

#: Rows before the ones that test what blocks carry: the first blocks are joined for the header search.
_FILLER = [[f"第{i}中学", "学校", f"联系人{i}", f"1380013{i:04d}"] for i in range(1, HEADER_SEARCH_ROWS + 1)]
_UNITS_GRID: list[list[object]] = [
    ["山西省青少年科技教育协会团体会员登记表", None, None, None],
    ["", "", "", ""],
    ["单位名称", "单位性质", "联系人", "联系电话"],
    *_FILLER,
    ["山西省科技馆", "事业单位", "赵敏", "0351-6042229"],
    [None, None, "钱进", 13900139000.0],  # the unit cells merged over two rows
    [None, None, "孙丽", "13900139001"],
    ["单位名称", "单位性质", "联系人", "联系电话"],
    ["太原市第五中学", "", "李强", ""],
    [None, "学校", "", "13800138000"],
    ["", "", "周平", "13800138001"],  # an empty unit cell stays empty: a row without a unit name
    ["", "", "", ""],
    ["注：联系电话填手机", "", "", ""],
    ["2. 单位性质按营业执照填写", "", "", ""],
]


def _rows(out: list) -> tuple[list[dict], list[QuarantineRecord]]:
    rows = [row for o in out if isinstance(o, StagedBatch) for row in o.table.to_pylist()]
    return rows, [o for o in out if isinstance(o, QuarantineRecord)]


def _blocks(columns: list[pa.Array], size: int) -> list[list[pa.Array]]:
    return [[col.slice(start, size) for col in columns] for start in range(0, len(columns[0]), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 40])
def test_blocks_carry_row_numbers_notes_and_filled_down_units(size: int) -> None:
    columns = columns_from_grid(_UNITS_GRID)
    lineage = {"source_file": "团体会员.xls", "sha256": "abc", "sheet": "团体会员", "fill_down": True}
    whole = _rows(extract_roster_sheet(columns, **lineage))
    assert _rows(extract_roster_blocks(_blocks(columns, size), **lineage)) == whole
    rows, quarantine = whole
    skip = 3 + len(_FILLER)
    assert [r["contact_name"] for r in rows[: len(_FILLER)]] == [row[2] for row in _FILLER]
    assert [
        (r["row"] - skip, r["unit_name"], r["unit_kind"], r["contact_name"]) for r in rows[len(_FILLER) :]
    ] == [
        (1, "山西省科技馆", "事业单位", "赵敏"),
        (2, "山西省科技馆", "事业单位", "钱进"),
        (3, "山西省科技馆", "事业单位", "孙丽"),
        (5, "太原市第五中学", None, "李强"),
        (6, "太原市第五中学", "学校", None),
    ]
    assert [q.location for q in quarantine] == [f"sheet 团体会员 row {skip + 7}"]


def test_blocks_of_different_widths_keep_the_wide_cells_in_extra() -> None:
    head = [pa.array(["姓名", "张三"]), pa.array(["手机", "13800138000"])]
    wide = [pa.array(["李四"]), pa.array(["13900139000"]), pa.array(["推荐人：王明"])]
    rows, _ = _rows(extract_roster_blocks([head, wide], source_file="名单.csv", sha256="abc", sheet="名单"))
    assert [(r["row"], r["name"], r["extra"]) for r in rows] == [
        (2, "张三", None),
        (3, "李四", '{"column 3": "推荐人：王明"}'),
    ]
