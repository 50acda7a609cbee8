"""The Spark engine of extract: the same per-file extract and repair code, run as Spark tasks.

Why: a province-wide archive (millions of pages) does not fit one machine's night. Spark spreads the
per-file work (read, decode, repair, parse: ``extract_file``) over a cluster, and the Parquet hand-over
stays the contract between engines: the driver commits exactly the ``staged/extract`` tables the local
engine writes, so ``transform`` and ``load`` run unchanged.

Each task runs ``extract_file`` on a slice of the files and returns, per staged table, two Arrow IPC
payloads: the records, then the columnar batches. The driver concatenates all record payloads, then
all batch payloads, slice by slice, which is the order the local engine gives (``to_arrow`` puts
records before batches, each in file order), so both engines write equal tables row for row.

``--raw`` is either a local folder or a Hadoop-style URI:

- A folder (``extract_tables_with_spark``): the driver lists it (``find_sources``) and hashes the
  files, and the tasks read the new and changed ones from their absolute paths, so on a cluster it must
  be a folder every node mounts at the same path (NFS, a FUSE mount of the object store).
- A URI with a scheme (``extract_uri_tables``: hdfs://, s3a://, gs://, abfs://, file://), read through
  the cluster's Hadoop file systems in one pass. The driver lists the folder with the Hadoop FileSystem
  API (``hadoop_sources``: exact names, nothing hidden, ``find_sources``' rule applied). The executors
  read the bytes with ``binaryFiles`` on the folder (recursive): each file is read once, where it is
  stored, and ``binaryFiles`` globs only the folder, never the file names (``[1]``, commas, spaces are
  safe). Hadoop's input formats skip names starting with "_", which the local engine reads: the driver
  reads those few itself and adds them to the job. Each task hashes its files and extracts those
  ``plan_extract`` reads again, against the previous manifest's (sha256, status) per file, broadcast;
  it returns every (source_file, sha256), so the driver plans carry-over and deletions as the local
  engine does. Partition order does not matter: ``merge_tables`` orders the rows by ``source_file``.

Either way the driver collects the tables (Arrow, compact) and writes ``staged/`` on its local disk
(staged and the warehouse are local paths): its disk and memory must hold the staged output, not the
raw input. pyspark is imported only here, and only when ``--engine spark`` is chosen.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipeline.errors import PipelineError, UsageError
from pipeline.extract.dispatch import extract_bytes, extract_file
from pipeline.extract.hadoop_sources import (
    hidden_from_tasks,
    list_uri_sources,
    read_uri_file,
    source_file_under,
)
from pipeline.extract.incremental import plan_extract
from pipeline.extract.sources import SourceFile, is_source
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import StagedBatch, to_arrow

if TYPE_CHECKING:
    from pyspark import RDD, SparkContext
    from pyspark.broadcast import Broadcast
    from pyspark.sql import SparkSession

#: Slices per core: small enough slices that one slow file (a big PDF) does not hold up a whole core.
SLICES_PER_CORE = 4
#: Records and batches of one table from one slice, as Arrow IPC streams (compact, schema included).
SlicePayload = tuple[tuple[bytes, bytes], ...]
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
#: Lets ``binaryFiles`` read the files of every sub-folder, not only those directly under the root.
_RECURSIVE = "mapreduce.input.fileinputformat.input.dir.recursive"


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
        payloads = _collect(job, settings)
    return assemble_tables(payloads, models)


def extract_uri_tables(
    settings: Settings, previous: Mapping[str, tuple[str, str]], models: Sequence[type[Record]]
) -> tuple[dict[str, str], dict[str, pa.Table]]:
    """Every input file under the URI ``settings.raw`` with its sha256, and the staged tables of the
    files that are new or changed since ``previous`` (source_file -> (sha256, status)), in one Spark pass.
    """
    settings.require_engine_for_raw()
    with spark_session(settings.spark_master) as spark:
        context = spark.sparkContext
        listed = list_uri_sources(spark, str(settings.raw))
        slices = max(1, min(len(listed.names), context.defaultParallelism * SLICES_PER_CORE))
        with _hadoop_setting(context, _RECURSIVE, "true"):  # binaryFiles copies the configuration
            files = context.binaryFiles(listed.root, slices)
        by_driver = [listed.path(name) for name in listed.names if hidden_from_tasks(name)]
        if by_driver:
            files = files.union(context.parallelize([(p, read_uri_file(spark, p)) for p in by_driver]))
        job = files.mapPartitions(
            partial(
                extract_uri_slice,
                root=listed.root,
                previous=context.broadcast(dict(previous)),
                settings=settings,
                models=tuple(models),
            )
        )
        payloads = _collect(job, settings)
    hashes = {name: sha for slice_hashes, _ in payloads for name, sha in slice_hashes}
    missing = sorted(set(listed.names) - set(hashes))
    if missing:
        raise PipelineError(
            f"{listed.path(missing[0])}: listed but not read by the Spark tasks ({len(missing)} such "
            "files; deleted during the run?): rerun extract"
        )
    return hashes, assemble_tables([tables for _, tables in payloads], models)


def extract_slice(
    sources: Iterable[SourceFile], settings: Settings, models: tuple[type[Record], ...]
) -> Iterator[SlicePayload]:
    """One Spark task: the files of one slice through ``extract_file``, as one payload per table."""
    yield _slice_payload((extract_file(source, settings) for source in sources), models)


def extract_uri_slice(
    files: Iterable[tuple[str, bytes]],
    root: str,
    previous: Broadcast[dict[str, tuple[str, str]]],
    settings: Settings,
    models: tuple[type[Record], ...],
) -> Iterator[tuple[tuple[tuple[str, str], ...], SlicePayload]]:
    """One Spark task over (path, bytes) pairs: each input file's (source_file, sha256), and the
    payload of the files ``plan_extract`` would read again (new, or changed since ``previous``)."""
    hashes = []
    extracted = []
    for path, data in files:
        name = source_file_under(root, path)
        if not is_source(name.split("/")):
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        hashes.append((name, sha256))
        before = {name: previous.value[name]} if name in previous.value else {}
        if plan_extract({name: sha256}, before, keep_deleted=False).to_read:
            source = SourceFile(Path(path), name)  # the readers use only ``source_file``
            extracted.append(extract_bytes(source, data, sha256, settings))
    yield tuple(hashes), _slice_payload(extracted, models)


def _slice_payload(
    extracted: Iterable[list[Record | StagedBatch]], models: tuple[type[Record], ...]
) -> SlicePayload:
    """The items of a slice's files as one pair of Arrow payloads (records, batches) per table."""
    records: dict[type[Record], list[Record]] = {model: [] for model in models}
    batches: dict[type[Record], list[StagedBatch]] = {model: [] for model in models}
    for items in extracted:
        for item in items:
            if isinstance(item, StagedBatch):
                batches[item.model].append(item)
            else:
                records[type(item)].append(item)
    return tuple(
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


def _collect(job: RDD[Any], settings: Settings) -> list[Any]:
    """The job's results; its failure (a lost executor, a worker without the package) as one line."""
    try:
        return job.collect()
    except Exception as err:  # a lost executor or a worker without the package, not a bad file
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else ""
        raise PipelineError(
            f"{settings.raw}: the Spark extract job failed ({type(err).__name__}: {first_line}): see the "
            "Spark log above; check that every worker has the package (pip install -e '.[spark]') and "
            "can read the files, or rerun with --engine local"
        ) from err


@contextmanager
def _hadoop_setting(context: SparkContext, key: str, value: str) -> Iterator[None]:
    """``key`` set in the context's Hadoop configuration for the block, then as it was."""
    conf = context._jsc.hadoopConfiguration()
    before = conf.get(key)
    conf.set(key, value)
    try:
        yield
    finally:
        if before is None:
            conf.unset(key)
        else:
            conf.set(key, before)


def _to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(payload: bytes) -> pa.Table:
    return pa.ipc.open_stream(payload).read_all()
