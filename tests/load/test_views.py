"""The analyst views: each answers its question on real-looking rows, and waits for missing columns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline.load import create_views
from tests.analyst_data import analyst_warehouse
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FILES


@pytest.fixture
def con(workdir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse of the sample with members, units and activities added (writable)."""
    with duckdb.connect(str(analyst_warehouse(workdir))) as connection:
        yield connection


def test_member_views_count_by_unit_type_and_size(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT * FROM members_by_unit").fetchall() == [
        ("(no unit)", "(unknown)", 1),
        ("大同市科技馆", "个人会员", 1),
        ("太原市第五中学", "个人会员", 2),
        ("太原市第五中学", "理事", 1),
    ]
    assert con.execute("SELECT * FROM members_by_type").fetchall() == [
        ("个人会员", 3, 2),
        ("(unknown)", 1, 0),
        ("理事", 1, 1),
    ]
    assert con.execute(
        "SELECT unit_name, kind, members, is_missing_from_units FROM unit_sizes"
    ).fetchall() == [
        ("太原市第五中学", "学校", 3, False),
        ("大同市科技馆", None, 1, True),
        ("晋中市青少年宫", "校外机构", 0, False),
    ]


def test_activity_document_and_quality_views(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT * FROM activities_by_year").fetchall() == [
        (2014, 2, 1),
        (2015, 1, 1),
        (None, 1, 1),
    ]
    assert con.execute("SELECT * FROM activities_timeline").fetchall() == [
        (2014, "competition", 1),
        (2014, "training", 1),
        (2015, "competition", 1),
        (None, "event", 1),
    ]
    issuers = con.execute("SELECT sum(documents) FROM documents_by_issuer_year").fetchall()
    assert issuers == [(len(SAMPLE_DOCUMENTS),)]
    code, rows, files, reason = con.execute("SELECT * FROM quarantine_by_reason").fetchall()[0]
    assert (code, rows, files, "unsupported file type .xyz" in reason) == ("unsupported_type", 1, 1, True)
    assert con.execute("SELECT source_file, rows FROM quarantine_by_file").fetchall() == [("roster.xyz", 1)]
    by_kind = dict(con.execute("SELECT kind, repairs FROM repairs_by_kind").fetchall())
    assert by_kind == dict(con.execute("SELECT kind, count(*) FROM repairs GROUP BY kind").fetchall())
    assert sum(by_kind.values()) > 0
    by_status = "SELECT status, sum(files) FROM files_by_status GROUP BY status ORDER BY status"
    assert con.execute(by_status).fetchall() == [("ok", len(SAMPLE_FILES)), ("quarantined", 1)]


def test_views_over_columns_still_to_come_appear_when_the_columns_do(con: duckdb.DuckDBPyConnection) -> None:
    waiting = create_views(con)
    assert waiting == {}
    con.execute("DROP VIEW members_by_region")
    con.execute("ALTER TABLE units DROP COLUMN city")
    assert create_views(con) == {**waiting, "members_by_region": ["units.city"]}
    con.execute("ALTER TABLE units ADD COLUMN city VARCHAR")
    con.execute("UPDATE units SET province = '山西省', city = '太原市' WHERE name = '太原市第五中学'")
    assert "members_by_region" not in create_views(con)
    assert con.execute("SELECT * FROM members_by_region").fetchall() == [
        ("山西省", "太原市", 3),
        ("(unknown)", "(unknown)", 2),
    ]


def test_members_in_several_rosters_and_integer_counts(con: duckdb.DuckDBPyConnection) -> None:
    rows = [("m0", "rosters/2022年会员名单.csv"), ("m0", "rosters/2024.xlsx"), ("m1", "rosters/2024.xlsx")]
    for member_id, source_file in rows:
        con.execute(
            "INSERT INTO member_sources (member_id, source_file, sheet, row) VALUES (?, ?, 'Sheet1', 2)",
            [member_id, source_file],
        )
    assert con.execute(
        "SELECT member_id, name, rosters, roster_files, first_seen, last_seen FROM members_in_several_rosters"
    ).fetchall() == [("m0", "张伟", 2, "rosters/2022年会员名单.csv; rosters/2024.xlsx", 2022, 2024)]
    counts = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE column_name IN ('members', 'activities', 'documents', 'rosters', 'files', 'bytes', 'rows') "
        "AND table_name IN (SELECT view_name FROM duckdb_views() WHERE NOT internal)"
    ).fetchall()
    assert counts and {data_type for _, _, data_type in counts} == {"BIGINT"}
