"""`pipeline export`: Parquet as is; CSV/XLSX with formulas neutralized; personal data masked by default."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest

from pipeline.export import export
from tests.analyst_data import analyst_warehouse
from tests.conftest import SAMPLE_DOCUMENTS, query, run_pipeline

EVIL = '=HYPERLINK("http://evil.example","赵磊")'


def export_command(cwd: Path, warehouse: Path, table: str) -> subprocess.CompletedProcess[str]:
    """`pipeline export` of ``table`` to m.csv in ``cwd``."""
    return run_pipeline(
        cwd, "export", "--warehouse", str(warehouse), "--table", table, "--format", "csv", "--out", "m.csv"
    )


@pytest.fixture
def warehouse(workdir: Path) -> Path:
    return analyst_warehouse(workdir)


def test_csv_of_members_is_masked_and_formula_safe(warehouse: Path, tmp_path: Path) -> None:
    result = export_command(tmp_path, warehouse, "members")
    assert result.returncode == 0, result.stderr
    assert "5 rows of members_masked" in result.stdout
    with (tmp_path / "m.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["name"] for row in rows] == ["张*", "李*", "王*", "'=*", "刘*"]
    assert "phone" not in rows[0]


def test_with_pii_exports_the_members_table_neutralized(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "members.xlsx"
    summary = export(warehouse, "members", "xlsx", out, with_pii=True)
    assert (summary.source, summary.rows) == ("members", 5)
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    names = [row[header.index("name")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["张伟", "李娜", "王芳", "'" + EVIL, "刘洋"]
    assert all(cell.data_type == "s" for cell in sheet["B"][1:])


def test_parquet_keeps_values_and_types(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents.parquet"
    export(warehouse, "documents", "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == len(SAMPLE_DOCUMENTS)
    assert table.schema.field("issued_on").type == "date32[day]"
    assert sorted(table["doc_id"].to_pylist()) == [
        r[0] for r in query(warehouse, "SELECT doc_id FROM documents ORDER BY 1")
    ]


def test_members_without_a_masked_view_still_go_out_masked(warehouse: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DROP VIEW members_masked")
        con.execute(
            "UPDATE members SET phone = '13800138000', email = 'zhang@example.com' WHERE member_id = 'm0'"
        )
    summary = export(warehouse, "members", "csv", tmp_path / "m.csv")
    assert summary.source == "members"
    with (tmp_path / "m.csv").open(encoding="utf-8-sig", newline="") as f:
        first = next(csv.DictReader(f))
    assert (first["phone"], first["email"]) == ("138****8000", "z***@example.com")
    result = export_command(tmp_path, warehouse, "nope")
    assert result.returncode == 2 and "no table or view 'nope'" in result.stderr
