"""--identity probabilistic: splink clusters in member_sources.match_cluster_id, beside member_id."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import query, run_pipeline

ROSTER = """姓名,性别,出生日期,手机,电子邮箱,工作单位
张敏,女,1980-03-05,13800138000,zhangmin@example.cn,太原市第五中学
张敏,女,1980-03-06,138-0013-8000,ZhangMin@example.cn,太原市第五中学
王建国,男,1975-11-20,13912345678,wjg@example.cn,大同市科技馆
李娜,女,1990-01-15,13698765432,lina@example.cn,晋中市第一中学
赵磊,男,1985-07-09,13711112222,zhaolei@example.cn,长治市青少年活动中心
"""


def clusters(workdir: Path) -> dict[str, tuple[str, str]]:
    rows = query(
        workdir / "warehouse/association.duckdb",
        "SELECT birth_date::VARCHAR || name, member_id, match_cluster_id FROM member_sources",
    )
    return {key: (member, cluster) for key, member, cluster in rows}


@pytest.fixture
def roster_dir(tmp_path: Path) -> Path:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "名单.csv").write_text(ROSTER, encoding="utf-8")
    return tmp_path


def test_rules_give_the_member_id_as_the_cluster(roster_dir: Path) -> None:
    assert run_pipeline(roster_dir, "run").returncode == 0
    rows = clusters(roster_dir)
    assert len(rows) == 5
    assert all(member == cluster for member, cluster in rows.values())


def test_probabilistic_identity_joins_a_birth_date_typo_the_rules_split(roster_dir: Path) -> None:
    pytest.importorskip("splink", reason="splink comes with the optional extra: pip install -e '.[spark]'")
    result = run_pipeline(roster_dir, "run", "--identity", "probabilistic")
    assert result.returncode == 0, result.stderr
    rows = clusters(roster_dir)
    first, second = rows["1980-03-05张敏"], rows["1980-03-06张敏"]
    assert first[0] != second[0], "the exact rules keep the two rows apart (different birth dates)"
    assert first[1] == second[1], "splink weighs name, phone, e-mail and unit and joins them"
    others = {cluster for key, (_, cluster) in rows.items() if "张敏" not in key}
    assert len(others) == 3 and first[1] not in others
