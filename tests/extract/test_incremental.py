"""Incremental extract: only new and changed files are read; the result equals a full rebuild."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from pipeline import runner
from pipeline.extract.incremental import plan_extract
from pipeline.settings import Settings
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FILES, query, warehouse_snapshot
from tests.fixtures.make_rosters import write_merged_names


def settings_in(folder: Path, raw: Path, **options: bool) -> Settings:
    return Settings(raw=raw, staged=folder / "staged", warehouse=folder / "w" / "a.duckdb", **options)


def change_the_sample(raw: Path) -> None:
    """A night's worth of changes: one file edited, one new, one gone, one unusable."""
    edited = raw / "001_62a11f99840aaf70.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\n联系人：王明，电话：0351-4040123\n", encoding="utf-8"
    )
    new = (raw / "002_a455499d0de7c8e9.txt").read_text(encoding="utf-8").replace("2014", "2015")
    (raw / "sub").mkdir()
    (raw / "sub" / "005_new_notice.txt").write_text(new, encoding="gb18030")
    (raw / "003_62f9b516145e5a1b.txt").unlink()
    (raw / "broken.txt").write_bytes(bytes(range(256)) * 8)


def test_incremental_run_gives_the_same_warehouse_as_a_full_rebuild(workdir: Path) -> None:
    nightly = settings_in(workdir / "nightly", workdir / "raw")
    runner.run(nightly)
    change_the_sample(workdir / "raw")
    summary = runner.run(nightly)
    assert (summary.files_seen, summary.files_extracted, summary.files_deleted) == (
        len(SAMPLE_FILES) + 1,
        3,
        1,
    )
    rebuilt = settings_in(workdir / "rebuilt", workdir / "raw", full=True)
    assert runner.run(rebuilt).files_extracted == len(SAMPLE_FILES) + 1
    incremental, full = warehouse_snapshot(nightly.warehouse), warehouse_snapshot(rebuilt.warehouse)
    assert incremental == full
    sources = [row[0] for row in query(nightly.warehouse, "SELECT source_file FROM documents")]
    assert "sub/005_new_notice.txt" in sources and "003_62f9b516145e5a1b.txt" not in sources
    clean = query(nightly.warehouse, "SELECT text_clean FROM documents WHERE source_file LIKE '001%'")[0][0]
    assert "0351-4040123" in clean
    assert query(nightly.warehouse, "SELECT source_file FROM quarantine") == [("broken.txt",)]


def test_a_run_with_no_changes_reads_nothing_and_keeps_the_hand_over(workdir: Path) -> None:
    settings = settings_in(workdir, workdir / "raw")
    runner.run(settings)
    handover = {stage: (settings.staged / stage).resolve() for stage in ("extract", "transform")}
    before = warehouse_snapshot(settings.warehouse)
    summary = runner.run(settings)
    assert (summary.files_seen, summary.files_extracted) == (len(SAMPLE_FILES), 0)
    assert {stage: (settings.staged / stage).resolve() for stage in handover} == handover
    assert warehouse_snapshot(settings.warehouse) == before
    assert summary.tables["documents"] == len(SAMPLE_DOCUMENTS)
    assert query(settings.warehouse, "SELECT files_extracted FROM runs ORDER BY started_at") == [
        (len(SAMPLE_FILES),),
        (0,),
    ]


def test_deleted_files_are_dropped_or_kept_flagged(workdir: Path) -> None:
    settings = settings_in(workdir, workdir / "raw")
    runner.run(settings)
    (workdir / "raw" / "000_0322533452278349.txt").unlink()
    runner.run(settings.model_copy(update={"keep_deleted": True}))
    gone = "SELECT count(*) FROM documents WHERE source_file LIKE '000%'"
    assert query(settings.warehouse, gone) == [(1,)]
    assert query(settings.warehouse, "SELECT status FROM files WHERE source_file LIKE '000%'") == [
        ("deleted",)
    ]
    assert query(settings.warehouse, "SELECT files FROM files_by_status WHERE status = 'deleted'") == [(1,)]
    runner.run(settings)
    assert query(settings.warehouse, gone) == [(0,)]
    assert query(settings.warehouse, "SELECT count(*) FROM files") == [(len(SAMPLE_FILES) - 1,)]


def test_a_deleted_file_that_comes_back_is_read_again() -> None:
    plan = plan_extract({"a.txt": "1"}, {"a.txt": ("1", "deleted")}, keep_deleted=True)
    assert (plan.to_read, plan.unchanged, plan.changes_output) == (frozenset({"a.txt"}), frozenset(), True)
    unchanged = plan_extract({"a.txt": "1"}, {"a.txt": ("1", "quarantined")}, keep_deleted=False)
    assert (unchanged.unchanged, unchanged.changes_output) == (frozenset({"a.txt"}), False)


def test_roster_rows_staged_before_a_column_was_added_are_read_again_not_carried_over(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    write_merged_names(raw / "报名表.xlsx")
    settings = settings_in(tmp_path, raw)
    runner.extract(settings)
    staged = settings.staged / "extract" / "roster_rows.parquet"
    # what code from before roster_rows.continues_row staged (same code fingerprint: the schema tells)
    pq.write_table(pq.read_table(staged).drop_columns(["continues_row"]), staged)
    assert runner.extract(settings).files_extracted == 1
    rows = pq.read_table(
        settings.staged / "extract" / "roster_rows.parquet", columns=["row", "continues_row"]
    )
    assert rows.to_pylist()[:2] == [{"row": 3, "continues_row": None}, {"row": 4, "continues_row": 3}]
    assert runner.extract(settings).files_extracted == 0
