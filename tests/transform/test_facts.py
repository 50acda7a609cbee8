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
        "SELECT quantity_min, quantity_max, unit, period FROM targets t JOIN documents d USING (doc_id) "
        "WHERE d.source_file LIKE '002%' ORDER BY target_id",
    )
    assert sorted(targets) == [(3, 5, "个", "2014"), (3, 5, "名", "2014"), (5, 10, "名", "2014")]
    [(tiers,)] = query(
        settings.warehouse,
        "SELECT count(*) FROM unit_mentions WHERE kind IN ('branch_school', 'teaching_point')",
    )
    assert tiers >= 3
