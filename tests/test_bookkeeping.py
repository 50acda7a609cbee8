"""Honest bookkeeping: every dropped input has a quarantine row with a reason code, files say what became
of them, the run counts what it quarantined, and each warehouse keeps its own run history."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from pipeline.reasons import MEANINGS, ReasonCode
from tests.conftest import REPO, query, run_pipeline
from tests.fixtures.make_rosters import people, write_member_csv

WAREHOUSE = Path("warehouse/association.duckdb")
NOTICE = "关于加强协会自身能力建设的通知\n联系电话：0351-6042229\n".encode()


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    return raw


def test_zero_byte_files_of_every_type_are_quarantined_as_empty_file(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    suffixes = [".txt", ".csv", ".xlsx", ".xls", ".pdf", ".docx", ".zip", ".html"]
    for suffix in suffixes:
        (raw / f"zero{suffix}").write_bytes(b"")
    (raw / "ok.txt").write_bytes(NOTICE)
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    rows = query(tmp_path / WAREHOUSE, "SELECT source_file, location, reason_code FROM quarantine")
    assert sorted(rows) == sorted((f"zero{s}", "file", "empty_file") for s in suffixes)
    statuses = dict(query(tmp_path / WAREHOUSE, "SELECT source_file, status FROM files"))
    assert statuses == {f"zero{s}": "quarantined" for s in suffixes} | {"ok.txt": "ok"}


def test_a_spreadsheet_without_rows_is_empty_with_a_quarantine_row_showing_what_was_seen(
    tmp_path: Path,
) -> None:
    raw = _raw(tmp_path)
    header_only = openpyxl.Workbook()
    header_only.active.title = "名单"
    header_only.active.append(["姓名", "性别", "手机"])
    header_only.save(raw / "只有表头.xlsx")
    headerless = openpyxl.Workbook()
    for i in range(30):  # 30 people under a header the pipeline does not know
        headerless.active.append([f"学员{i}", "男", f"1380013{i:04}"])
    headerless.save(raw / "无表头.xlsx")
    (raw / "空表.csv").write_bytes(b"\r\n,,\r\n")
    write_member_csv(raw / "名单.csv", people(5), "utf-8")
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    warehouse = tmp_path / WAREHOUSE
    rows = query(warehouse, "SELECT source_file, location, reason_code, raw_excerpt FROM quarantine")
    seen = {source: (location, code, excerpt) for source, location, code, excerpt in rows}
    assert set(seen) == {"只有表头.xlsx", "无表头.xlsx", "空表.csv"}
    assert seen["只有表头.xlsx"][:2] == ("sheet 名单", "no_rows") and "手机" in seen["只有表头.xlsx"][2]
    assert seen["无表头.xlsx"][:2] == ("sheet Sheet", "no_header") and "学员0" in seen["无表头.xlsx"][2]
    assert seen["空表.csv"][1] == "no_rows"
    statuses = dict(query(warehouse, "SELECT source_file, status FROM files"))
    assert statuses == {
        "只有表头.xlsx": "empty",
        "无表头.xlsx": "empty",
        "空表.csv": "empty",
        "名单.csv": "ok",
    }
    assert "(1 loaded, 3 empty, 0 quarantined)" in result.stdout


def test_row_reasons_group_by_code_and_leave_the_row_number_to_location(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    lines = ["姓名,身份证号,手机,出生日期"]
    # check digits that do not fit (5 would: 110101198503120025) and bad dates: each cell is its own row
    lines += [f"张{i},11010119850312002{i},1380013800{i},1985-13-4{i}" for i in (1, 2, 3, 4, 6)]
    lines += [f'"=HYPERLINK(""http://x/{i}"",""李{i}"")",,1390013900{i},' for i in range(3)]
    lines += ["12345,,13700137000,", "---,,13700137001,", "王五,,13600136000,1980-01-02"]
    (raw / "名单.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    warehouse = tmp_path / WAREHOUSE
    grouped = query(warehouse, "SELECT reason_code, rows, files FROM quarantine_by_reason ORDER BY 1")
    assert grouped == [("bad_date", 5, 1), ("bad_id_number", 5, 1), ("bad_name", 5, 1)]
    reasons = query(warehouse, "SELECT location, reason FROM quarantine")
    assert all(location.startswith("sheet ") and " row " in location for location, _ in reasons)
    assert not any(reason.startswith("row ") for _, reason in reasons)
    names = sorted(name for (name,) in query(warehouse, "SELECT name FROM members"))
    assert names == ["张1", "张2", "张3", "张4", "张6", "王五"]  # loaded without their bad cells


def test_runs_count_the_quarantine_rows_they_produce(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    (raw / "empty.txt").write_bytes(b"")
    lines = ["姓名,出生日期"] + [f"张{i},1985-13-0{i}" for i in range(1, 4)] + ["李四,1985-01-02"]
    (raw / "名单.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for command in (["run"], ["extract"], ["transform"], ["load"], ["run"]):
        result = run_pipeline(tmp_path, *command)
        assert result.returncode == 0, result.stderr
    (raw / "empty.txt").unlink()
    assert run_pipeline(tmp_path, "run").returncode == 0
    warehouse = tmp_path / WAREHOUSE
    runs = query(warehouse, "SELECT command, rows_quarantined FROM runs ORDER BY started_at")
    # extract hands over the file's row; transform adds the three bad dates; a load counts its table
    assert runs == [("run", 4), ("extract", 1), ("transform", 4), ("load", 4), ("run", 4), ("run", 3)]
    [(run_id,)] = query(warehouse, "SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1")
    assert query(warehouse, f"SELECT count(*) FROM quarantine WHERE run_id = '{run_id}'") == [(3,)]


def test_two_warehouses_in_one_folder_keep_their_own_runs(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    (raw / "通知.txt").write_bytes(NOTICE)
    for name, times in (("a.duckdb", 2), ("b.duckdb", 1)):
        for _ in range(times):
            result = run_pipeline(tmp_path, "run", "--warehouse", f"wh/{name}", "--staged", f"staged_{name}")
            assert result.returncode == 0, result.stderr
    assert query(tmp_path / "wh" / "a.duckdb", "SELECT count(*) FROM runs") == [(2,)]
    assert query(tmp_path / "wh" / "b.duckdb", "SELECT count(*) FROM runs") == [(1,)]
    assert sorted(p.name for p in (tmp_path / "wh").iterdir() if p.is_dir()) == [
        "a.duckdb.logs",
        "b.duckdb.logs",
    ]


def test_every_reason_code_is_documented_with_its_meaning() -> None:
    docs = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    table = {
        cells[0].strip("` "): cells[1].strip()
        for line in docs.splitlines()
        if line.startswith("| `") and len(cells := line.strip("|").split("|")) >= 2
    }
    assert {code.value: MEANINGS[code] for code in ReasonCode} == {
        code: meaning for code, meaning in table.items() if code in set(ReasonCode)
    }
    assert set(MEANINGS) == set(ReasonCode)
