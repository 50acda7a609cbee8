"""A pipeline run puts activities, targets and unit mentions in the warehouse."""

from __future__ import annotations

from pathlib import Path

from pipeline import runner
from pipeline.settings import Settings
from tests.conftest import query


def test_run_loads_activities_targets_and_unit_mentions(workdir: Path) -> None:
    settings = Settings(raw=workdir / "raw", staged=workdir / "staged", warehouse=workdir / "w.duckdb")
    runner.run(settings)
    competition = query(
        settings.warehouse,
        "SELECT a.edition, a.kind, d.source_file FROM activities a JOIN documents d USING (doc_id) "
        "WHERE a.name = 'National Youth Science and Technology Innovation Competition'",
    )
    assert competition == [(33, "competition", "000_0322533452278349.txt")]
    targets = query(
        settings.warehouse,
        "SELECT quantity_min, quantity_max, unit, per_unit, period FROM targets t "
        "JOIN documents d USING (doc_id) WHERE d.source_file LIKE '002%' ORDER BY target_id",
    )
    assert sorted(targets) == [
        (3, 5, "个", "市", "2014"),
        (3, 5, "名", "团体会员", "2014"),
        (5, 10, "名", "市", "2014"),
    ]
    tiers = query(
        settings.warehouse, "SELECT name FROM units WHERE name IN ('总校', '分校', '教学点', '示范教学点')"
    )
    assert tiers == []  # 总校、分校、教学点各负其责: tiers of a school, no organisation
    [(dated, activities)] = query(settings.warehouse, "SELECT count(year), count(*) FROM activities")
    assert dated >= 0.8 * activities
    issuers = query(
        settings.warehouse,
        "SELECT DISTINCT u.name FROM documents d JOIN units u ON u.unit_id = d.issuer_unit_id "
        "WHERE d.source_file LIKE '000%' OR d.source_file LIKE '005%'",
    )
    assert issuers == [("中国青少年科技辅导员协会",)]  # China Youth Counselor Association is the same
