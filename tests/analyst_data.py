"""Rows for members, units and activities (tables other readers fill), added to a sample warehouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pipeline import runner
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
        unit_id=unit_id,
        member_type=kind,
        source_file="rosters/2024.xlsx",
    )
    for i, (name, unit, unit_id, kind) in enumerate(
        [
            ("张伟", "太原市第五中学", "u1", "个人会员"),
            ("李娜", "太原市第五中学", "u1", "个人会员"),
            ("王芳", "太原市第五中学", "u1", "理事"),
            ('=HYPERLINK("http://evil.example","赵磊")', "大同市科技馆", "u3", "个人会员"),
            ("刘洋", None, None, None),
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
        kind=kind,
        edition=None,
        start_date=start,
        end_date=None,
        date_precision="day" if start else None,
        year=start.year if start else None,
        date_source="text" if start else None,
        location=None,
        organizer=None,
        section_no=None,
        line=i + 1,
        evidence=f"举办{name}。",
    )
    for i, (name, kind, start) in enumerate(
        [
            ("山西省青少年科技创新大赛", "competition", dt.date(2014, 3, 1)),
            ("科技辅导员培训班", "training", dt.date(2014, 7, 10)),
            ("机器人竞赛", "competition", dt.date(2015, 5, 2)),
            ("科普日", "event", None),
        ]
    )
]


def analyst_warehouse(workdir: Path) -> Path:
    """The sample's warehouse, one quarantined file, these rows and a members_masked view."""
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "a.duckdb")
    (workdir / "raw" / "roster.xyz").write_bytes(b"name,phone\n")
    runner.run(settings)
    with duckdb.connect(str(settings.warehouse)) as con:
        for model, rows in ((Member, MEMBERS), (Unit, UNITS), (Activity, ACTIVITIES)):
            con.execute(f"DELETE FROM {model.table}")  # only these rows, not the sample's rosters
            con.register("new_rows", to_arrow(model, rows))
            con.execute(f"INSERT INTO {model.table} SELECT * FROM new_rows")
            con.unregister("new_rows")
        con.execute(MASKED_VIEW)
    return settings.warehouse


#: Stands in for the rosters helper's view: the name reduced to its first character.
MASKED_VIEW = """
CREATE OR REPLACE VIEW members_masked AS
SELECT member_id, left(name, 1) || '*' AS name, unit_name, member_type, source_file FROM members
"""
