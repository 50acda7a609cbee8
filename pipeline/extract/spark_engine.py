"""The Spark engine of extract: the same per-file extract and repair code, run as Spark tasks.

Why: a province-wide archive (millions of pages) does not fit one machine's night. Spark spreads the
per-file work (read, decode, repair, parse: ``extract_file``) over a cluster, and the Parquet hand-over
stays the contract between engines: the driver commits exactly the ``staged/extract`` tables the local
engine writes, so ``transform`` and ``load`` run unchanged.

Each task runs ``extract_file`` on a slice of the files and returns, per staged table, two Arrow IPC
payloads: the records, then the columnar batches. The driver concatenates all record payloads, then
all batch payloads, slice by slice, which is the order the local engine gives (``to_arrow`` puts
records before batches, each in file order), so both engines write equal tables row for row.

The files are listed on the driver (``find_sources``, the same rules as the local engine) and read by
the tasks from their absolute paths, so on a cluster ``--raw`` must be a folder every node mounts at
the same path (NFS, a FUSE mount of the object store). The driver collects the tables (Arrow, compact)
and writes them: its disk and memory must hold the staged output, not the raw input. pyspark is
imported only here, and only when ``--engine spark`` is chosen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline.errors import PipelineError, UsageError
from pipeline.extract.dispatch import extract_file
from pipeline.extract.sources import SourceFile
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import StagedBatch, to_arrow

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Slices per core: small enough slices that one slow file (a big PDF) does not hold up a whole core.
SLICES_PER_CORE = 4
#: Records and batches of one table from one slice, as Arrow IPC streams (compact, schema included).
SlicePayload = tuple[tuple[bytes, bytes], ...]
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def extract_tables_with_spark(
    sources: Sequence[SourceFile], settings: Settings, models: Sequence[type[Record]]
) -> dict[str, pa.Table]:
    """The staged table of every model in ``models``, from ``sources`` extracted by Spark tasks."""
    with spark_session(settings.spark_master) as spark:
        context = spark.sparkContext
        slices = max(1, min(len(sources), context.defaultParallelism * SLICES_PER_CORE))
        files = [SourceFile(source.path.absolute(), source.source_file) for source in sources]
        job = context.parallelize(files, slices).mapPartitions(
            partial(extract_slice, settings=settings, models=tuple(models))
        )
        try:
            payloads = job.collect()
        except Exception as err:  # a lost executor or a worker without the package, not a bad file
            first_line = str(err).strip().splitlines()[0] if str(err).strip() else ""
            raise PipelineError(
                f"{settings.raw}: the Spark extract job failed ({type(err).__name__}: {first_line}): see the "
                "Spark log above; check that every worker has the package (pip install -e '.[spark]') and "
                "can read the files, or rerun with --engine local"
            ) from err
    return assemble_tables(payloads, models)


def extract_slice(
    sources: Iterable[SourceFile], settings: Settings, models: tuple[type[Record], ...]
) -> Iterator[SlicePayload]:
    """One Spark task: the files of one slice through ``extract_file``, as one payload per table."""
    records: dict[type[Record], list[Record]] = {model: [] for model in models}
    batches: dict[type[Record], list[StagedBatch]] = {model: [] for model in models}
    for source in sources:
        for item in extract_file(source, settings):
            if isinstance(item, StagedBatch):
                batches[item.model].append(item)
            else:
                records[type(item)].append(item)
    yield tuple(
        (_to_ipc(to_arrow(model, records[model])), _to_ipc(to_arrow(model, batches[model])))
        for model in models
    )


def assemble_tables(payloads: Sequence[SlicePayload], models: Sequence[type[Record]]) -> dict[str, pa.Table]:
    """The slices' payloads as one table per model, in the local engine's row order."""
    tables = {}
    for index, model in enumerate(models):
        records = [_from_ipc(payload[index][0]) for payload in payloads]
        batches = [_from_ipc(payload[index][1]) for payload in payloads]
        tables[model.table] = pa.concat_tables([to_arrow(model, []), *records, *batches])
    return tables


@contextmanager
def spark_session(master: str | None) -> Iterator[SparkSession]:
    """The running session (spark-submit, a notebook) or a new one, which is stopped at the end.

    ``master`` None means the master spark-submit or spark-defaults.conf gives, else ``local[*]``.
    """
    try:
        from pyspark import SparkConf, SparkContext
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise UsageError(
            f"--engine spark needs pyspark ({err}): pip install -e '.[spark]' (and Java 17), "
            "or use --engine local"
        ) from err
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    try:
        SparkContext._ensure_initialized()  # starts the JVM so SparkConf sees spark-submit's settings
        conf = SparkConf().setAppName("assoc-pipeline extract")
        if master is not None:
            conf.setMaster(master)
        elif not conf.contains("spark.master"):
            conf.setMaster("local[*]")
        if conf.get("spark.master", "").startswith("local"):
            # pyspark takes the workers' interpreter from the environment only, when the context starts
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            conf.setAll(_local_worker_settings())
        spark = SparkSession.builder.config(conf=conf).getOrCreate()
    except Exception as err:  # pyspark raises several unrelated types when the JVM cannot start
        raise PipelineError(
            f"cannot start Spark (master {master or 'default'}): {type(err).__name__}: {err}: "
            "install Java 17 and set JAVA_HOME, check --spark-master, or use --engine local"
        ) from err
    try:
        yield spark
    finally:
        spark.stop()


def _local_worker_settings() -> list[tuple[str, str]]:
    """In local mode the Python workers use this interpreter and import this checkout of the package."""
    path = os.pathsep.join(p for p in (str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return [
        ("spark.executorEnv.PYTHONPATH", path),
        ("spark.ui.enabled", "false"),
        ("spark.ui.showConsoleProgress", "false"),
    ]


def _to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(payload: bytes) -> pa.Table:
    return pa.ipc.open_stream(payload).read_all()
