"""extract_roster_grid: layout detection and header mapping on grids as PDF/Word tables give them."""

from __future__ import annotations

import json

from pipeline.extract.rosters.grid import extract_roster_grid
from pipeline.records import QuarantineRecord, RosterRow
from pipeline.staging import StagedBatch


def _extract(
    grid: list[list[object]], sheet: str = "page 1 table 1"
) -> tuple[list[dict], list[QuarantineRecord]]:
    out = extract_roster_grid(grid, source_file="名单.pdf", sha256="abc", sheet=sheet)
    batches = [o for o in out if isinstance(o, StagedBatch)]
    assert all(b.model is RosterRow for b in batches)
    rows = [row for b in batches for row in b.table.to_pylist()]
    return rows, [o for o in out if isinstance(o, QuarantineRecord)]


def test_title_two_row_header_repeated_header_and_notes() -> None:
    grid = [
        ["山西省青少年科技教育协会第六届个人会员登记表", None, None, None, None, None],
        ["", "", "", "", "", ""],
        ["序号", "姓名", "性別", "联系方式", "联系方式", "工作单位"],
        ["序号", "姓名", "性別", "手机", "E-mail", "工作单位"],
        [1, "张三", "男", 13800138000.0, "ZS@example.cn", "太原市第五中学"],
        ["序号", "姓名", "性別", "手机", "E-mail", "工作单位"],
        [2, "李 四", "女", "138-0013-8001", "", None],
        ["", "", "", "", "", ""],
        ["填表说明：出生年月按1985.03填写", "", "", "", "", ""],
        ["2. 手机号填11位", "", "", "", "", ""],
    ]
    rows, quarantine = _extract(grid)
    assert quarantine == []
    assert [(r["row"], r["name"], r["gender"], r["phone"], r["email"], r["unit_name"]) for r in rows] == [
        (5, "张三", "男", "13800138000", "ZS@example.cn", "太原市第五中学"),
        (7, "李 四", "女", "138-0013-8001", None, "太原市第五中学"),
    ]
    assert [json.loads(r["extra"]) for r in rows] == [{"序号": "1"}, {"序号": "2"}]
    assert {r["kind"] for r in rows} == {"members"}


def test_empty_cells_stay_empty_and_are_never_the_text_nan() -> None:
    rows, _ = _extract([["姓名", "性别", "工作单位"], ["张三", "", "一中"], ["李四", "", ""]])
    assert [(r["gender"], r["unit_name"]) for r in rows] == [(None, "一中"), (None, None)]


def test_unit_roster_fills_merged_unit_cells_down() -> None:
    grid = [
        ["单位名称", "单位性质", "联系人", "联系电话"],
        ["山西省科技馆", "事业单位", "赵敏", "0351-6042229"],
        [None, None, "钱进", "13900139000"],
    ]
    rows, _ = _extract(grid)
    assert [(r["kind"], r["unit_name"], r["unit_kind"], r["contact_name"]) for r in rows] == [
        ("units", "山西省科技馆", "事业单位", "赵敏"),
        ("units", "山西省科技馆", "事业单位", "钱进"),
    ]


def test_sheet_name_sets_member_type_and_missing_name_is_quarantined() -> None:
    rows, quarantine = _extract(
        [["Name", "Gender", "Mobile"], ["Li Ming", "M", "13800138000"], ["", "F", "1"]], "高级会员"
    )
    assert [(r["name"], r["member_type"]) for r in rows] == [("Li Ming", "高级会员")]
    assert [(q.location, q.reason_code, q.reason) for q in quarantine] == [
        (
            "sheet 高级会员 row 3",
            "missing_key",
            "no name (姓名) in a row with other data: fill it in or delete it",
        )
    ]


def test_sheet_without_header_is_quarantined_and_blank_sheet_is_skipped() -> None:
    _, quarantine = _extract([["一些", "文字"], ["没有", "表头"]])
    assert len(quarantine) == 1 and "no header row naming 姓名 or 单位名称" in quarantine[0].reason
    assert extract_roster_grid([[None, ""], ["", None]], source_file="a", sha256="b", sheet="Sheet2") == []
