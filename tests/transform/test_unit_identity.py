"""One organisation, one unit: short forms, regions, English names and acronyms share a unit_id."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline import runner
from pipeline.settings import Settings
from pipeline.transform.members import unit_ids
from pipeline.transform.unit_identity import identify


def test_spellings_of_one_organisation_share_its_full_name() -> None:
    same = [
        ("中国科协", "中国科学技术协会"),
        ("CAST", "中国科学技术协会"),
        ("Chinese Association for Science and Technology", "中国科学技术协会"),
        ("the China Youth Counselor Association", "中国青少年科技辅导员协会"),
        ("重庆科协", "重庆市科学技术协会"),
        ("港北区科协", "港北区科学技术协会"),
        ("山西省青少年科技教育(科技辅导员)协会", "山西省青少年科技教育协会"),
    ]
    assert [identify(name).name for name, _ in same] == [full for _, full in same]


def test_names_the_rules_must_leave_alone() -> None:
    kept = ["山西大学", "老科协", "太原市第五中学（初中部）", "Beijing Youth Science and Technology Center"]
    assert [identify(name).name for name in kept] == kept


def test_roster_spellings_of_one_unit_get_one_unit_id() -> None:
    ids = unit_ids(pa.array(["重庆科协", "重庆市科学技术协会", "长治市第二中学", None])).to_pylist()
    assert ids[0] == ids[1] != ids[2] and ids[3] is None


def test_warehouse_has_one_unit_per_organisation_and_its_aliases(workdir: Path) -> None:
    raw = workdir / "raw"
    (raw / "rosters" / "2022年会员名单.csv").write_text(
        "姓名,性别,工作单位,会员类型\n张伟,男,重庆科协,个人会员\n李娜,女,重庆市科学技术协会,个人会员\n",
        encoding="utf-8",
    )
    (raw / "cast_notice.txt").write_text(
        "关于举办科技辅导员培训的通知\n中国科协和重庆市科学技术协会将于2022年5月举办全国科技辅导员培训班。\n",
        encoding="utf-8",
    )
    settings = Settings(raw=raw, staged=workdir / "staged", warehouse=workdir / "w.duckdb")
    runner.run(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        chongqing = con.execute(
            "SELECT DISTINCT unit_id FROM members WHERE unit_name IN ('重庆科协', '重庆市科学技术协会')"
        ).fetchall()
        assert len(chongqing) == 1
        [(members,)] = con.execute(
            "SELECT members FROM unit_sizes WHERE unit_id = ?", [chongqing[0][0]]
        ).fetchall()
        assert members == 2
        cast = con.execute(
            "SELECT DISTINCT unit_id FROM unit_aliases "
            "WHERE alias IN ('CAST', '中国科协', '中国科学技术协会')"
        ).fetchall()
        assert len(cast) == 1
        sources = dict(con.execute("SELECT alias, source FROM unit_aliases").fetchall())
        assert (sources["CAST"], sources["中国科学技术协会"]) == ("alias_list", "name")
