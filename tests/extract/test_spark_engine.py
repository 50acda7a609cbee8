"""The Spark engine gives the local engine's staged tables and warehouse, table by table."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import UsageError
from pipeline.extract import STAGED_MODELS, extract_tables
from pipeline.extract.dispatch import READERS
from pipeline.extract.sources import SourceFile, find_sources
from pipeline.extract.spark_engine import assemble_tables, extract_slice, extract_uri_tables, spark_session
from pipeline.extract.text import extract_text_document
from pipeline.records import Record, RepairRecord
from pipeline.settings import Settings
from pipeline.staging import StagedBatch, to_arrow
from tests.conftest import query, run_pipeline, warehouse_snapshot


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


def _add_awkward_files(raw: Path) -> None:
    """Files that are easy to get wrong: empty, unreadable, unsupported, in sub-folders (one that
    Hadoop's input formats skip, "_"), names with a space and glob characters, and clutter to ignore."""
    (raw / "empty.txt").write_bytes(b"")
    (raw / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "roster.xyz").write_bytes(b"name,phone\n")
    (raw / "sub").mkdir()
    (raw / "sub" / "page.html").write_text("<html><body><p>中國科學技術協會通知</p></body></html>")
    (raw / "_草稿").mkdir()
    (raw / "_草稿" / "通知.txt").write_text("关于召开2024年学术年会的通知\n各会员单位：\n")
    (raw / "sub dir").mkdir()
    (raw / "sub dir" / "页面 [1].html").write_text("<html><body><p>科協 [1] 工作要點</p></body></html>")
    (raw / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (raw / ".隐藏.txt").write_text("不应读取")


@pytest.fixture(scope="module")
def spark_here() -> Iterator[None]:
    """One local Spark session for the module's tests, which run the command in this process: the
    engine reuses the active session, so the JVM and the Python workers start once (most of the time)."""
    pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]'")
    if shutil.which("java") is None:
        pytest.skip("Java is missing: the Spark engine needs Java 17 (apt-get install openjdk-17-jre)")
    with spark_session("local[2]"):
        yield


def _pipeline_here(*args: str) -> str:
    """The output of ``pipeline ARGS`` run in this process, from the current folder; it must succeed."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, (args, result.output[-2000:], result.exception)
    return result.output


def _assert_same_warehouse(spark_warehouse: Path, local_warehouse: Path) -> None:
    local, spark = warehouse_snapshot(local_warehouse), warehouse_snapshot(spark_warehouse)
    assert {"documents", "files", "repairs", "quarantine"} <= set(local)
    assert local["quarantine"] and local["repairs"] and local["members"]
    assert set(spark) == set(local)
    for table, rows in local.items():
        assert spark[table] == rows, table


@pytest.mark.spark
@pytest.mark.usefixtures("spark_here")
def test_spark_engine_builds_the_same_warehouse_as_the_local_engine(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    _add_awkward_files(workdir / "raw")
    counts = set()
    for engine in ("local", "spark"):
        output = _pipeline_here(
            "run", "--engine", engine, "--staged", f"staged-{engine}", "--warehouse", f"{engine}.duckdb"
        )
        counts.add(next(line for line in output.splitlines() if "files read" in line))
    assert len(counts) == 1 and ", 3 quarantined)" in counts.pop()
    for model in STAGED_MODELS:
        local, spark = (
            pq.read_table(workdir / f"staged-{e}/extract/{model.table}.parquet") for e in ("local", "spark")
        )
        assert spark.equals(local), model.table
    _assert_same_warehouse(workdir / "spark.duckdb", workdir / "local.duckdb")


@pytest.mark.spark
@pytest.mark.usefixtures("spark_here")
def test_spark_engine_reads_a_uri_like_the_local_engine_reads_the_folder(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--raw file:///...`` goes through the Hadoop listing and ``binaryFiles``, as hdfs:// or s3a://
    would; a second run reads again only the file that changed."""
    monkeypatch.chdir(workdir)
    raw = workdir / "raw"
    _add_awkward_files(raw)
    spark = ["--staged", "staged-spark", "--warehouse", "spark.duckdb"]
    for changed in (False, True):
        if changed:
            (notice,) = raw.glob("000_*.txt")
            notice.write_text(notice.read_text("utf-8") + "\n附件：2024年会员名单\n", "utf-8")
        _pipeline_here("run", "--staged", "staged-local", "--warehouse", "local.duckdb")
        output = _pipeline_here("extract", "--engine", "spark", "--raw", raw.absolute().as_uri(), *spark)
        read_again = 1 if changed else len(find_sources(raw))
        assert f"read again   {read_again} new or changed" in output
        _pipeline_here("transform", *spark)
        _pipeline_here("load", *spark)
        _assert_same_warehouse(workdir / "spark.duckdb", workdir / "local.duckdb")
    files = [name for (name,) in query(workdir / "spark.duckdb", "SELECT source_file FROM files")]
    assert {"_草稿/通知.txt", "sub dir/页面 [1].html"} <= set(files)
    assert not {"Thumbs.db", ".隐藏.txt"} & set(files)


@pytest.mark.spark
@pytest.mark.usefixtures("spark_here")
@pytest.mark.parametrize(
    ("where", "problem"),
    [("missing", "FileNotFoundException"), ("notice.txt", "not a folder"), ("名单[2024]", "as a pattern")],
)
def test_a_uri_that_is_no_readable_folder_is_a_usage_error(tmp_path: Path, where: str, problem: str) -> None:
    (tmp_path / "notice.txt").write_text("通知", "utf-8")
    (tmp_path / "名单[2024]").mkdir()
    uri = f"{tmp_path.as_uri()}/{where}"
    with pytest.raises(UsageError, match=re.escape(f"--raw {uri}: ") + ".*" + problem):
        extract_uri_tables(Settings(raw=uri, engine="spark"), {}, STAGED_MODELS)


def test_a_uri_with_the_local_engine_is_a_usage_error(workdir: Path) -> None:
    result = run_pipeline(workdir, "extract", "--raw", "hdfs://nn/archive/2024")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "--raw hdfs://nn/archive/2024: " in result.stderr and "--engine spark" in result.stderr
    assert not (workdir / "staged").exists()
