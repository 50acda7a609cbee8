"""Input files under a Hadoop-style URI (hdfs://, s3a://, gs://, abfs://, file://), listed by Spark's JVM.

Why the Hadoop FileSystem API of the driver and not Spark's own listing (``binaryFiles``, the
``binaryFile`` source): Hadoop's input formats and Spark's file index drop every name that starts with
``_`` (and ``.``), a rule ``find_sources`` does not have, so a ``_草稿.txt`` would vanish without a word.
``FileSystem.listFiles`` hides nothing: this module applies ``find_sources``' own rule (``is_source``) to
its listing, and names the files the input formats will not hand to the tasks (``hidden_from_tasks``)
so the driver can read those few itself (``read_uri_file``). The listing crosses from the JVM to Python
as one string (a few Py4J calls whatever the number of files, where a call per file costs about a
millisecond); it needs Hadoop 3.3.1 or later (``RemoteIterators``), which pyspark 3.5 and later bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.errors import UsageError
from pipeline.extract.sources import is_source

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Characters Hadoop reads as a glob or a list of paths: the root folder is globbed by ``binaryFiles``.
_GLOB = re.compile(r"[,{}\[\]*?\\]")


@dataclass(frozen=True)
class UriSources:
    """The input files under one folder URI."""

    #: The folder as Hadoop qualifies it (``hdfs://nn:8020/archive``, ``file:/data/raw``): every path
    #: Hadoop lists or reads under it starts with this and a "/".
    root: str
    #: Every input file's path relative to ``root`` (its ``source_file``), sorted.
    names: tuple[str, ...]

    def path(self, source_file: str) -> str:
        """The full path of a file, as Hadoop prints it."""
        return f"{self.root}/{source_file}"


def source_file_under(root: str, path: str) -> str:
    """The path of ``path`` relative to the folder ``root`` (the lineage key), as the local engine names it.

    >>> source_file_under("hdfs://nn:8020/归档", "hdfs://nn:8020/归档/2024/通知 一.txt")
    '2024/通知 一.txt'
    """
    if not path.startswith(f"{root}/"):
        raise ValueError(f"{path}: Hadoop gave a file outside the --raw folder {root}")
    return path[len(root) + 1 :]


def hidden_from_tasks(source_file: str) -> bool:
    """Whether Hadoop's input formats skip this file (a folder or file name starting with "_").

    >>> hidden_from_tasks("_草稿/通知.txt"), hidden_from_tasks("2024/会员_名单.csv")
    (True, False)
    """
    return any(part.startswith("_") for part in source_file.split("/"))


def list_uri_sources(spark: SparkSession, uri: str) -> UriSources:
    """Every input file under the folder ``uri``, by the rules of ``find_sources``."""
    if _GLOB.search(uri):
        raise UsageError(
            f"--raw {uri}: Hadoop reads , {{ }} [ ] * ? \\ in a path as a pattern: "
            "pass a folder whose URI has none of them (the files under it may)"
        )
    jvm, gateway = spark._jvm, spark.sparkContext._gateway
    folder, fs = _folder(spark, uri)
    statuses = jvm.org.apache.hadoop.util.functional.RemoteIterators.toList(fs.listFiles(folder, True))
    count = statuses.size()
    # Py4J matches array parameters only by their exact type: copy into arrays of the declared types.
    typed = gateway.new_array(jvm.org.apache.hadoop.fs.FileStatus, count)
    jvm.java.lang.System.arraycopy(statuses.toArray(), 0, typed, 0, count)
    paths = gateway.new_array(jvm.java.lang.Object, count)
    jvm.java.lang.System.arraycopy(jvm.org.apache.hadoop.fs.FileUtil.stat2Paths(typed), 0, paths, 0, count)
    listed = jvm.org.apache.commons.lang3.StringUtils.join(paths, "\n").split("\n") if count else []
    if len(listed) != count:
        raise UsageError(f"--raw {uri}: a file name under it holds a line break: rename that file")
    root = folder.toString()
    names = (source_file_under(root, path) for path in listed)
    return UriSources(root, tuple(sorted(name for name in names if is_source(name.split("/")))))


def read_uri_file(spark: SparkSession, path: str) -> bytes:
    """The bytes of one file, read by the driver through the Hadoop FileSystem API."""
    jvm = spark._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    stream = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).open(hadoop_path)
    try:
        return bytes(jvm.org.apache.commons.io.IOUtils.toByteArray(stream))
    finally:
        stream.close()


def _folder(spark: SparkSession, uri: str) -> tuple[Any, Any]:
    """The qualified Hadoop path of the folder ``uri`` and its file system; a usage error when the
    scheme is unknown, the folder missing or not a folder."""
    from py4j.protocol import Py4JJavaError

    jvm = spark._jvm
    try:
        path = jvm.org.apache.hadoop.fs.Path(uri)
        fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        folder = fs.makeQualified(path)
        is_folder = fs.getFileStatus(folder).isDirectory()
    except Py4JJavaError as err:
        raise UsageError(
            f"--raw {uri}: cannot list it ({err.java_exception.toString()}): check the URI, that the "
            "cluster has the connector of its scheme (hadoop-aws for s3a://, gcs-connector for gs://) "
            "and its credentials"
        ) from err
    if not is_folder:
        raise UsageError(f"--raw {uri}: not a folder: pass the folder that holds the files to ingest")
    return folder, fs
