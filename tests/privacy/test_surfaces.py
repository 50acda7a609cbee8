"""No analyst surface shows a full personal value; a password is stored nowhere (issue 17).

One run of ``pipeline run`` over the personal roster as .xlsx and .csv (every kind of personal column,
one ID number quarantined: its person loads without it), then every surface is read as bytes and searched.
"""

from __future__ import annotations

import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.export import FORMATS, export
from tests.conftest import query, run_pipeline
from tests.fixtures.make_rosters import (
    PERSONAL_PASSWORD,
    personal_rows,
    personal_values,
    write_personal_roster,
)


@dataclass(frozen=True)
class Built:
    root: Path
    warehouse: Path
    staged: Path
    run: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("pii")
    raw = root / "raw"
    raw.mkdir()
    write_personal_roster(raw / "2024年会员登记表.xlsx")
    write_personal_roster(raw / "2023年会员名单.csv")
    warehouse = root / "warehouse" / "association.duckdb"
    run = run_pipeline(
        root, "run", "--raw", str(raw), "--staged", str(root / "staged"), "--warehouse", str(warehouse)
    )
    assert run.returncode == 0, run.stderr
    return Built(root, warehouse, root / "staged", run)


def full_values_in(text: str) -> list[str]:
    return [value for value in [*personal_values(), PERSONAL_PASSWORD] if value in text]


def file_text(path: Path) -> str:
    """Every text a written file holds: CSV as is, XLSX unzipped, Parquet's cells (it is compressed)."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "\n".join(book.read(name).decode("utf-8") for name in book.namelist())
    if path.suffix == ".parquet":
        return path.read_bytes().decode("utf-8", "replace") + repr(pq.read_table(path).to_pylist())
    return path.read_text(encoding="utf-8-sig")


def relations(warehouse: Path) -> list[str]:
    return [name for (name,) in query(warehouse, "SELECT table_name FROM information_schema.tables")]


def test_the_run_holds_what_the_surfaces_must_hide(built: Built) -> None:
    """The check below can fail: the warehouse's base tables hold the full values."""
    members = query(
        built.warehouse, "SELECT id_number, phone, email, address, extra FROM members ORDER BY name"
    )
    held = " ".join(map(str, members))
    assert set(personal_values()) - set(full_values_in(held)) == {personal_rows()[2][3]}  # the bad ID


def test_no_export_holds_a_full_personal_value(built: Built, tmp_path: Path) -> None:
    """Every table and view in one format (the formats taken in turn), the tables of people in all."""
    names = relations(built.warehouse)
    people = {"members", "member_sources", "members_masked", "member_sources_masked", "quarantine"}
    assert people | {"contacts_masked", "units_masked"} <= set(names)
    exports = [(name, FORMATS[i % len(FORMATS)]) for i, name in enumerate(names) if name not in people]
    for name, fmt in [*exports, *((name, fmt) for name in sorted(people) for fmt in FORMATS)]:
        out = tmp_path / f"{name}.{fmt}"
        export(built.warehouse, name, fmt, out)
        assert full_values_in(file_text(out)) == [], out.name


def test_with_pii_exports_the_full_members(built: Built, tmp_path: Path) -> None:
    result = run_pipeline(
        tmp_path, "export", "--warehouse", str(built.warehouse), "--table", "members", "--format", "csv",
        "--out", "m.csv", "--with-pii",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    full = file_text(tmp_path / "m.csv")
    assert set(full_values_in(full)) == set(personal_values()) - {personal_rows()[2][3]}
    masked = run_pipeline(
        tmp_path, "export", "--warehouse", str(built.warehouse), "--table", "member_sources",
        "--format", "csv", "--out", "s.csv",
    )  # fmt: skip
    assert "of member_sources_masked" in masked.stdout
    assert full_values_in(file_text(tmp_path / "s.csv")) == []


def test_report_status_and_logs_show_no_full_value(built: Built, tmp_path: Path) -> None:
    report = run_pipeline(tmp_path, "report", "--warehouse", str(built.warehouse), "--out", "r.html")
    assert report.returncode == 0, report.stderr
    status = run_pipeline(tmp_path, "status", "--warehouse", str(built.warehouse))
    assert status.returncode == 0, status.stderr
    logs = sorted(built.warehouse.with_name(f"{built.warehouse.name}.logs").glob("*"))
    assert logs
    for text in [file_text(tmp_path / "r.html"), status.stdout, built.run.stdout, *map(file_text, logs)]:
        assert full_values_in(text) == []


def test_quarantine_keeps_row_and_column_and_masks_the_value(built: Built) -> None:
    bad_id = personal_rows()[2][3]
    rows = query(built.warehouse, "SELECT location, reason, raw_excerpt FROM quarantine ORDER BY location")
    assert [location for location, _, _ in rows] == [
        "sheet 2023年会员名单.csv row 4 column id_number",
        "sheet 会员 row 4 column id_number",
    ]
    masked = f"{bad_id[:4]}{'*' * 10}{bad_id[-4:]}"
    for _, reason, excerpt in rows:
        assert reason.startswith(f"ID number {masked} fails its check digit: ")
        assert full_values_in(reason + excerpt) == [] and excerpt == masked


def test_a_password_is_stored_nowhere(built: Built) -> None:
    assert "dropped      1 password column in 2023年会员名单.csv" in built.run.stdout
    assert "dropped      1 password column in 2024年会员登记表.xlsx (sheet 会员: 密码)" in built.run.stdout
    dropped = "SELECT source_file, column_no, header, kind FROM dropped_columns ORDER BY 1"
    assert query(built.warehouse, dropped) == [
        ("2023年会员名单.csv", 11, "密码", "password"),
        ("2024年会员登记表.xlsx", 11, "密码", "password"),
    ]
    assert PERSONAL_PASSWORD.encode() not in built.warehouse.read_bytes()
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        )
        for (table,) in tables.fetchall():
            cells = con.execute(f'SELECT CAST(COLUMNS(*) AS VARCHAR) FROM "{table}"').fetchall()
            assert PERSONAL_PASSWORD not in repr(cells), table
    for parquet in built.staged.rglob("*.parquet"):
        assert PERSONAL_PASSWORD not in file_text(parquet), parquet
