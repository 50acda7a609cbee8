"""Run settings: one validated object for every stage."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.errors import UsageError

DEFAULT_RAW = Path("raw")
DEFAULT_STAGED = Path("staged")
DEFAULT_WAREHOUSE = Path("warehouse/association.duckdb")
#: A scheme and "://" (hdfs://, s3a://, gs://, abfs://, file://): --raw names a Hadoop-style URI.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class Settings(BaseModel):
    """Where a run reads and writes. Relative paths are taken from the current directory."""

    model_config = ConfigDict(frozen=True)

    raw: Path | str = Field(
        DEFAULT_RAW,
        description="input drop zone, read recursively: a local folder (Path), or a URI with a scheme "
        "(str: hdfs://, s3a://, file://...) that engine spark lists and reads",
    )
    staged: Path = Field(DEFAULT_STAGED, description="hand-over folder between stages (Parquet)")
    warehouse: Path = Field(DEFAULT_WAREHOUSE, description="the DuckDB file analysts open")
    keep_traditional: bool = Field(False, description="keep traditional script in text_clean")
    engine: Literal["local", "spark"] = Field(
        "local", description="who runs the per-file extract: this process, or Spark tasks (extra `spark`)"
    )
    spark_master: str | None = Field(
        None,
        description="Spark master URL (local[2], yarn, spark://host:7077); None: spark-submit's or local[*]",
    )
    full: bool = Field(False, description="re-extract every file instead of only new and changed ones")
    keep_deleted: bool = Field(False, description="keep the rows of files gone from raw/, flagged deleted")
    allow_shrink: bool = Field(
        False, description="let a run drop more than max_shrink of the warehouse's files (or all of them)"
    )
    max_shrink: float = Field(
        0.5,
        gt=0,
        le=1,
        description="the share of the warehouse's files a run may drop (gone from raw/) before it refuses",
    )
    identity: Literal["rules", "probabilistic"] = Field(
        "rules", description="how member_sources.match_cluster_id is found: exact rules, or splink"
    )
    workers: int = Field(1, ge=1, le=64, description="processes that extract files in parallel")
    file_timeout: float = Field(
        60.0,
        ge=0,
        description="seconds extract may spend on one file and transform on one document before the file "
        "is quarantined as too_slow and the run goes on (0: no budget)",
    )
    spill: Path | None = Field(
        None,
        exclude=True,  # the stage's own work folder, not a choice of the user's: not in the run log
        description="where a reader writes the rows of a file too big to hold while reading it; set by "
        "the extract stage to its work folder (None: held in memory)",
    )

    @field_validator("raw", mode="before")
    @classmethod
    def _folder_or_uri(cls, raw: object) -> object:
        """A URI stays a string (``Path`` would fold its "//"); anything else is a local folder.

        >>> Settings(raw="hdfs://nn/归档").raw, Settings(raw="raw/2024").raw
        ('hdfs://nn/归档', PosixPath('raw/2024'))
        """
        if isinstance(raw, str) and not _URI.match(raw):
            return Path(raw)
        return raw

    def require_engine_for_raw(self) -> None:
        """Refuse a URI ``raw`` with the local engine: only Spark lists and reads URIs.

        >>> Settings(raw="hdfs://nn/archive").require_engine_for_raw()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        pipeline.errors.UsageError: --raw hdfs://nn/archive: a URI is listed and read by Spark only: ...
        >>> Settings(raw="hdfs://nn/archive", engine="spark").require_engine_for_raw()
        """
        if isinstance(self.raw, str) and self.engine != "spark":
            raise UsageError(
                f"--raw {self.raw}: a URI is listed and read by Spark only: add --engine spark, "
                "or mount the path and pass the local folder"
            )

    @property
    def lock_file(self) -> Path:
        """The lock a writing run holds, next to the warehouse."""
        return self.warehouse.with_name(f"{self.warehouse.name}.lock")

    @property
    def log_dir(self) -> Path:
        """Where runs write their JSON-lines event logs: the warehouse's own folder beside it (its run
        history: two warehouses in one folder must not share it)."""
        return self.warehouse.with_name(f"{self.warehouse.name}.logs")
