"""The Spark engine gives the local engine's staged tables and warehouse, table by table."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.errors import UsageError
from pipeline.extract import STAGED_MODELS, extract_tables
from pipeline.extract.dispatch import READERS
from pipeline.extract.sources import SourceFile, find_sources
from pipeline.extract.spark_engine import assemble_tables, extract_slice
from pipeline.extract.text import extract_text_document
from pipeline.records import Record, RepairRecord
from pipeline.settings import Settings
from pipeline.staging import StagedBatch, to_arrow
from tests.conftest import run_pipeline, warehouse_snapshot


def _repairs_as_batch(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """The text reader, but the repairs of every other file handed over columnar (like a roster reader)."""
    items = extract_text_document(source, data, sha256, kind, settings)
    if int(source.source_file[:3]) % 2:
        return items
    repairs = [item for item in items if isinstance(item, RepairRecord)]
    rest = [item for item in items if not isinstance(item, RepairRecord)]
    return [*rest, StagedBatch(RepairRecord, to_arrow(RepairRecord, repairs))]


def test_slices_reassemble_in_the_local_engines_row_order(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(READERS, "text", _repairs_as_batch)
    settings = Settings(raw=workdir / "raw")
    sources = find_sources(settings.raw)
    local = extract_tables(sources, settings)
    slices = [sources[:2], sources[2:3], sources[3:]]
    payloads = [next(extract_slice(part, settings, STAGED_MODELS)) for part in slices]
    by_spark_tasks = assemble_tables(payloads, STAGED_MODELS)
    assert list(by_spark_tasks) == [model.table for model in STAGED_MODELS]
    assert local["repairs"].num_rows > 0
    for name, table in local.items():
        assert by_spark_tasks[name].equals(table), name


def test_missing_pyspark_is_a_usage_error_naming_the_extra(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    settings = Settings(raw=workdir / "raw", engine="spark")
    with pytest.raises(UsageError, match=r"pip install -e '\.\[spark\]'"):
        extract_tables(find_sources(settings.raw), settings)


@pytest.mark.spark
def test_spark_engine_builds_the_same_warehouse_as_the_local_engine(workdir: Path) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]'")
    if shutil.which("java") is None:
        pytest.skip("Java is missing: the Spark engine needs Java 17 (apt-get install openjdk-17-jre)")
    raw = workdir / "raw"
    (raw / "empty.txt").write_bytes(b"")
    (raw / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "roster.xyz").write_bytes(b"name,phone\n")
    (raw / "sub").mkdir()
    (raw / "sub" / "page.html").write_text("<html><body><p>中國科學技術協會通知</p></body></html>")
    counts = set()
    for engine, extra in (("local", []), ("spark", ["--spark-master", "local[2]"])):
        out = ["--staged", f"staged-{engine}", "--warehouse", f"{engine}.duckdb"]
        result = run_pipeline(workdir, "run", "--engine", engine, *extra, *out)
        assert result.returncode == 0, (engine, result.stderr[-2000:])
        counts.add(next(line for line in result.stdout.splitlines() if "files read" in line))
    assert len(counts) == 1 and ", 3 quarantined)" in counts.pop()
    for model in STAGED_MODELS:
        local, spark = (
            pq.read_table(workdir / f"staged-{e}/extract/{model.table}.parquet") for e in ("local", "spark")
        )
        assert spark.equals(local), model.table
    local, spark = (warehouse_snapshot(workdir / f"{engine}.duckdb") for engine in ("local", "spark"))
    assert {"documents", "files", "repairs", "quarantine"} <= set(local)
    assert local["quarantine"] and local["repairs"] and local["members"]
    for table, rows in local.items():
        assert spark[table] == rows, table
