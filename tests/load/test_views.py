"""The analyst views: each answers its question on real-looking rows, and waits for missing columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipeline import runner
from pipeline.load import create_views
from pipeline.records import Activity, Member, Unit
from pipeline.settings import Settings
from pipeline.staging import to_arrow

MEMBERS = [
    Member(
        member_id=f"m{i}",
        name=name,
        gender=None,
        birth_date=None,
        phone=None,
        email=None,
        unit_name=unit,
        member_type=kind,
        source_file="rosters/2024.xlsx",
    )
    for i, (name, unit, kind) in enumerate(
        [
            ("张伟", "太原市第五中学", "个人会员"),
            ("李娜", "太原市第五中学", "个人会员"),
            ("王芳", "太原市第五中学", "理事"),
            ("赵磊", "大同市科技馆", "个人会员"),
            ("刘洋", None, None),
        ]
    )
]
UNITS = [
    Unit(
        unit_id="u1",
        name="太原市第五中学",
        kind="学校",
        address=None,
        postcode=None,
        phone=None,
        source_file=None,
    ),
    Unit(
        unit_id="u2",
        name="晋中市青少年宫",
        kind="校外机构",
        address=None,
        postcode=None,
        phone=None,
        source_file=None,
    ),
]
ACTIVITIES = [
    Activity(
        activity_id=f"a{i}",
        doc_id="doc_1",
        name=name,
        edition=None,
        start_date=start,
        end_date=None,
        location=None,
        organizer=None,
    )
    for i, (name, start) in enumerate(
        [
            ("山西省青少年科技创新大赛", dt.date(2014, 3, 1)),
            ("科技辅导员培训班", dt.date(2014, 7, 10)),
            ("机器人竞赛", dt.date(2015, 5, 2)),
            ("科普日", None),
        ]
    )
]


@pytest.fixture
def con(workdir: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse of the sample with members, units and activities added (a writable copy)."""
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "a.duckdb")
    (workdir / "raw" / "roster.xyz").write_bytes(b"name,phone\n")
    runner.run(settings)
    connection = duckdb.connect(str(settings.warehouse))
    for model, rows in ((Member, MEMBERS), (Unit, UNITS), (Activity, ACTIVITIES)):
        connection.register("new_rows", to_arrow(model, rows))
        connection.execute(f"INSERT INTO {model.table} SELECT * FROM new_rows")
        connection.unregister("new_rows")
    yield connection
    connection.close()


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
    issuers = con.execute("SELECT sum(documents) FROM documents_by_issuer_year").fetchall()
    assert issuers == [(5,)]
    reason, rows, files = con.execute("SELECT * FROM quarantine_by_reason").fetchall()[0]
    assert ("unsupported file type .xyz" in reason, rows, files) == (True, 1, 1)
    assert con.execute("SELECT source_file, rows FROM quarantine_by_file").fetchall() == [("roster.xyz", 1)]
    by_kind = dict(con.execute("SELECT kind, repairs FROM repairs_by_kind").fetchall())
    assert by_kind == dict(con.execute("SELECT kind, count(*) FROM repairs GROUP BY kind").fetchall())
    assert sum(by_kind.values()) > 0
    assert con.execute("SELECT status, files FROM files_by_status").fetchall() == [
        ("ok", 5),
        ("quarantined", 1),
    ]


def test_views_over_columns_still_to_come_appear_when_the_columns_do(con: duckdb.DuckDBPyConnection) -> None:
    assert create_views(con) == {
        "activities_timeline": ["activities.kind"],
        "members_by_joining_year": ["members.joined_on"],
        "members_by_region": ["units.region"],
    }
    con.execute("ALTER TABLE units ADD COLUMN region VARCHAR")
    con.execute("UPDATE units SET region = '太原市' WHERE name = '太原市第五中学'")
    assert "members_by_region" not in create_views(con)
    assert con.execute("SELECT * FROM members_by_region").fetchall() == [("太原市", 3), ("(unknown)", 2)]
