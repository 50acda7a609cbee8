"""Rosters end to end: generated files in every format through extract, transform and load."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import pipeline.staging
import pipeline.transform
from pipeline import runner
from pipeline.errors import PipelineError
from pipeline.extract.dispatch import extract_file
from pipeline.extract.sources import SourceFile
from pipeline.ids import stable_id
from pipeline.settings import Settings
from pipeline.staging import StagedBatch
from pipeline.transform import rosters
from pipeline.transform.rosters import roster_tables, write_roster_tables
from tests.conftest import SAMPLE, no_space, query, roster_raw
from tests.fixtures.make_rosters import (
    people,
    write_member_csv,
    write_member_xlsx,
    write_merged_names,
    write_unit_xls,
)


def _run(raw: Path, tmp: Path) -> Path:
    settings = Settings(raw=raw, staged=tmp / "staged", warehouse=tmp / "w.duckdb")
    runner.run(settings)
    return settings.warehouse


def test_rosters_in_every_format_load_merge_and_quarantine(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    group = people(6)
    write_member_xlsx(raw / "2024名单.xlsx", group[:4])
    book = openpyxl.load_workbook(raw / "2024名单.xlsx")
    late = book.create_sheet("补录")
    late.append(["姓名", "身份证号", "手机"])
    late.append(["郑一", 1.40602196309064680e17, "1.40602E+17"])
    late.append(["郑二", "110105491231002", None])
    book.save(raw / "2024名单.xlsx")
    write_member_csv(raw / "2023名单.csv", group[2:], "gbk")
    write_member_csv(raw / "2022名單.csv", group[5:], "big5", delimiter="，")
    write_unit_xls(raw / "团体会员.xls")
    (raw / "导出.xls").write_text(
        "<html><body><table><tr><th>姓名</th><th>性别</th><th>出生日期</th></tr>"
        "<tr><td>周 伟</td><td>女</td><td>1985-13-45</td></tr>"
        "<tr><td>吴强</td><td>F</td><td>1990.2</td></tr>"
        "<tr><td>?磊</td><td>男</td><td>1980.1</td></tr></table></body></html>",  # a lost character
        encoding="utf-8",
    )
    (raw / "坏文件.xls").write_bytes(b"\x00\x01\x02binary")
    warehouse = _run(raw, tmp_path)

    p = group[0]
    assert query(
        warehouse,
        "SELECT name, gender, birth_date, birth_precision, id_number, phone, email, unit_name, member_type "
        f"FROM members WHERE id_number = '{p.id_number}'",
    ) == [
        (p.name, "男" if p.male else "女", p.birth, "day", p.id_number, p.phone, p.email, p.unit, "个人会员")
    ]
    # people 2-3 are in the xlsx and the GBK csv; person 5 in both csvs (GBK and Big5): one member each
    merged = query(warehouse, "SELECT name, source_rows FROM members WHERE source_rows > 1 ORDER BY name")
    assert sorted(merged) == sorted((q.name, 2) for q in [group[2], group[3], group[5]])
    # a bad birth date, ID number or phone is dropped from its person, who loads (周伟, 郑一)
    assert query(warehouse, "SELECT count(*) FROM member_sources")[0][0] == 4 + 2 + 4 + 1 + 1 + 2
    assert query(warehouse, "SELECT birth_date, id_number, phone FROM members WHERE name = '郑一'") == [
        (None, None, None)
    ]
    assert query(warehouse, "SELECT name, gender, birth_date FROM members WHERE name = '欧阳明'") == [
        ("欧阳明", "男", dt.date(1970, 5, 6))
    ]
    assert query(warehouse, "SELECT member_type, phone FROM members WHERE name = '欧阳明'") == [
        ("高级会员", "0351-6042229")
    ]
    assert query(warehouse, "SELECT name, birth_precision FROM members WHERE name = '吴强'") == [
        ("吴强", "month")
    ]
    reasons = dict(query(warehouse, "SELECT location, reason FROM quarantine WHERE location LIKE 'sheet%'"))
    assert reasons["sheet table 1 row 2 column birth_date"].startswith(
        "birth date 1985-13-45 is not a date: the person is loaded without it"
    )
    assert reasons["sheet table 1 row 4"].startswith("name '?磊' holds '?' where a character was lost")
    codes = dict(
        query(warehouse, "SELECT location, reason_code FROM quarantine WHERE location LIKE 'sheet%'")
    )
    assert codes["sheet table 1 row 2 column birth_date"] == "bad_date"
    assert codes["sheet table 1 row 4"] == "bad_name"
    assert codes["sheet 团体会员 row 5"] == "bad_phone"
    assert "phone ******3900 is not a mobile" in reasons["sheet 团体会员 row 5"]
    assert "stored as a number lost its last digits" in reasons["sheet 补录 row 2 column id_number"]
    assert "phone *******E+17 was shortened by the spreadsheet" in reasons["sheet 补录 row 2 column phone"]
    assert query(warehouse, "SELECT id_number, gender, birth_date FROM members WHERE name = '郑二'") == [
        ("11010519491231002X", "女", dt.date(1949, 12, 31))
    ]
    files = dict(query(warehouse, "SELECT source_file, reason FROM quarantine WHERE location = 'file'"))
    assert "not an Excel workbook" in files["坏文件.xls"]
    units = query(
        warehouse, "SELECT name, kind, address, postcode, source_rows FROM units WHERE source_rows > 0"
    )
    assert units == [("山西省科技馆", "事业单位", "太原市长风街", "030006", 2)]
    contacts = query(warehouse, "SELECT contact_name, phone FROM unit_sources ORDER BY row")
    assert contacts == [("赵敏", "0351-6042229"), ("钱进", "13900139000")]
    masked = query(warehouse, f"SELECT id_number, phone FROM members_masked WHERE name = '{p.name}'")
    assert masked == [(p.id_number[:4] + "*" * 10 + p.id_number[-4:], p.phone[:3] + "****" + p.phone[-4:])]
    assert query(warehouse, "SELECT count(*) FROM member_sources WHERE extra LIKE '%nan%'") == [(0,)]

    before = query(warehouse, "SELECT * FROM members ORDER BY member_id")
    assert query(_run(raw, tmp_path), "SELECT * FROM members ORDER BY member_id") == before


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_name_merged_over_rows_is_one_member_and_one_name_on_two_rows_is_two(
    tmp_path: Path, suffix: str
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    write_merged_names(raw / f"报名表{suffix}")
    warehouse = _run(raw, tmp_path)

    sources = query(warehouse, "SELECT member_id, row, name, phone, phones FROM member_sources ORDER BY row")
    assert [row[1:] for row in sources] == [
        (3, "王芳", "13800138001", ["13800138001"]),
        (4, "王芳", "13900139002", ["13900139002"]),
        (5, "李强", "13700137003", ["13700137003"]),
        (6, "李强", "13600136004", ["13600136004"]),
        (7, "赵敏", "13500135005", ["13500135005"]),
        (8, "赵敏", "13400134006", ["13400134006"]),
        (9, "赵敏", "0351-6042229", ["0351-6042229"]),
    ]
    ids = [row[0] for row in sources]
    # 王芳 (rows 3-4) and 赵敏 (rows 7-9) are one member each; the two 李强 (rows 5, 6) stay two
    assert [ids.index(member_id) for member_id in ids] == [0, 0, 2, 3, 4, 4, 4]
    members = query(
        warehouse, "SELECT member_id, name, phone, unit_name, source_rows FROM members ORDER BY 2, 3"
    )
    assert members == [
        (ids[3], "李强", "13600136004", "大同市青少年宫", 1),
        (ids[2], "李强", "13700137003", "晋中市科技馆", 1),
        (ids[0], "王芳", "13900139002", "太原市第五中学", 2),  # the fields of the last row
        (ids[4], "赵敏", "0351-6042229", "山西大学附属中学", 3),
    ]
    assert query(warehouse, "SELECT count(*) FROM quarantine") == [(0,)]


def test_merged_name_rows_parsed_one_at_a_time_are_still_one_member(tmp_path: Path) -> None:
    path = tmp_path / "报名表.xlsx"
    write_merged_names(path)
    staged = pa.concat_tables(
        r.table for r in extract_file(SourceFile(path, path.name), Settings()) if isinstance(r, StagedBatch)
    )
    parts: dict[str, list[pa.Table]] = {}
    (tmp_path / "work").mkdir()
    write_roster_tables(
        [staged.slice(i, 1) for i in range(staged.num_rows)],
        lambda n, t: parts.setdefault(n, []).append(t),
        tmp_path / "work",
        batch_rows=1,
    )
    one_at_a_time = pa.concat_tables(parts["member_sources"]).select(["row", "member_id"]).to_pylist()
    whole = roster_tables(staged)["member_sources"].select(["row", "member_id"]).to_pylist()
    assert one_at_a_time == whole
    ids = [row["member_id"] for row in whole]
    assert [row["row"] for row in whole] == [3, 4, 5, 6, 7, 8, 9]
    assert [ids.index(member_id) for member_id in ids] == [0, 0, 2, 3, 4, 4, 4]


def _staged_rosters(raw: Path) -> pa.Table:
    """Three rosters of 45 people: with ID numbers; name, birth date and phone; name and phone only."""
    group = people(45)
    _write_csv(
        raw / "2023名单.csv",
        ["姓名", "身份证号码", "手机"],
        [[p.name, p.id_number, p.phone] for p in group[:30]],
    )
    with_birth = [[p.name, f"{p.birth:%Y-%m-%d}", p.phone] for p in group[10:40]]
    with_birth.insert(5, ["周伟", "1985-13-45", "13800138000"])  # loads without its birth date
    _write_csv(raw / "2024补充.csv", ["姓名", "出生日期", "手机"], with_birth)
    _write_csv(raw / "2025名单.csv", ["姓名", "手机"], [[p.name, p.phone] for p in group[35:45]])
    staged = []
    for path in sorted(raw.iterdir()):
        records = extract_file(SourceFile(path, path.name), Settings())
        staged += [r.table for r in records if isinstance(r, StagedBatch)]
    return pa.concat_tables(staged)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header, *rows])


def test_rosters_matched_a_few_rows_at_a_time_give_the_same_tables(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    staged = _staged_rosters(raw)
    whole = roster_tables(staged)
    parts: dict[str, list[pa.Table]] = {}
    batches = [staged.slice(start, 7) for start in range(0, staged.num_rows, 7)]
    (tmp_path / "work").mkdir()
    units = write_roster_tables(
        batches, lambda n, t: parts.setdefault(n, []).append(t), tmp_path / "work", batch_rows=4
    )
    in_batches = {name: pa.concat_tables(tables) for name, tables in parts.items()} | {"units": units}

    assert (whole["members"].num_rows, whole["member_sources"].num_rows) == (46, 71)
    joined = whole["member_sources"].group_by("member_id").aggregate([("source_file", "count_distinct")])
    assert sorted(joined["source_file_count_distinct"].to_pylist()).count(2) == 25  # 20 by birth, 5 by phone
    assert whole["quarantine"]["reason"].to_pylist() == [
        "birth date 1985-13-45 is not a date: the person is loaded without it; correct the cell to keep "
        "the value"
    ]
    assert in_batches.keys() == whole.keys()
    for name, table in whole.items():
        assert in_batches[name].equals(table), name
    sources = whole["member_sources"]
    with_id = sources.filter(pc.is_valid(sources["id_number"])).select(["member_id", "id_number"]).to_pylist()
    assert len(with_id) == 30
    assert all(row["member_id"] == stable_id("mem", f"id:{row['id_number']}") for row in with_id)


def test_a_full_disk_while_matching_people_is_a_clear_error_and_leaves_no_work_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = roster_raw(tmp_path, 5)
    settings = Settings(raw=raw, staged=tmp_path / "staged", warehouse=tmp_path / "w.duckdb")
    runner.extract(settings)
    monkeypatch.setattr(rosters.pq, "ParquetWriter", no_space)
    with pytest.raises(PipelineError) as failed:
        runner.transform(settings)
    assert "cannot write the transform hand-over (No space left on device)" in str(failed.value)
    assert "the disk is not full" in str(failed.value)
    assert sorted(p.name for p in settings.staged.iterdir() if p.name.startswith("transform")) == []


def test_a_person_met_again_with_one_of_the_phones_of_a_cell_is_one_member(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "2023名单.csv").write_text('姓名,手机\n张伟,"0351-6042229, 13800138000"\n', encoding="utf-8")
    (raw / "2024名单.csv").write_text("姓名,手机\n张伟,13800138000\n", encoding="utf-8")
    warehouse = _run(raw, tmp_path)

    sources = query(warehouse, "SELECT source_file, phones, member_id FROM member_sources ORDER BY 1")
    member_id = stable_id("mem", "np:张伟|0351-6042229")
    assert sources == [
        ("2023名单.csv", ["0351-6042229", "13800138000"], member_id),
        ("2024名单.csv", ["13800138000"], member_id),
    ]
    assert query(warehouse, "SELECT member_id, name, source_rows FROM members") == [(member_id, "张伟", 2)]


def test_members_and_member_sources_are_handed_over_in_row_groups_duckdb_loads_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With DuckDB's row group size made 8 rows: the roster tables come in groups of 8, the others as made."""
    monkeypatch.setattr(pipeline.staging, "ROW_GROUP_ROWS", 8)
    monkeypatch.setattr(rosters, "ROSTER_BATCH", 5)  # batches of another size than the groups
    raw = roster_raw(tmp_path, 30)
    shutil.copy(SAMPLE / "002_a455499d0de7c8e9.txt", raw)
    settings = Settings(raw=raw, staged=tmp_path / "staged", warehouse=tmp_path / "w.duckdb")
    runner.extract(settings)
    runner.transform(settings)

    def groups(table: str) -> list[int]:
        meta = pq.ParquetFile(settings.staged / "transform" / f"{table}.parquet").metadata
        return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]

    assert groups("member_sources") == [8, 8, 8, 6]
    assert groups("members") == [8, 8, 8, 6]
    sections = groups("sections")  # one document, one batch: one group, however many rows
    assert len(sections) == 1 and sections[0] > 8
