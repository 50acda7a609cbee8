"""The shrink guard: a run that would drop most of what the warehouse holds refuses and changes nothing.

An empty or wrong ``--raw`` (a typo, an unmounted share, a nightly job started before the sync) looks
like every file was deleted. The files the warehouse holds are compared with those under ``--raw``
before anything is written: an empty folder, or more than ``settings.max_shrink`` of the known files
gone, stops the run with ``ShrinkRefused`` unless ``settings.allow_shrink``. Files kept and flagged
``deleted`` (``--keep-deleted``) are not dropped, so they do not count.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline.errors import ShrinkRefused
from pipeline.extract.incremental import DELETED, archive_members
from pipeline.settings import Settings


def check_shrink(current: Collection[str], kept: Collection[str], settings: Settings) -> None:
    """Raise ``ShrinkRefused`` when the files now under --raw (``current``) would drop too many of the
    files the warehouse holds; ``kept`` are the gone files this run keeps (``--keep-deleted``)."""
    if settings.allow_shrink:
        return
    known = known_files(settings)
    if not known:
        return
    dropped = known - set(current) - set(kept)
    remedy = "check that --raw is the right folder and is mounted, or re-run with --allow-shrink to accept it"
    if not current and dropped:
        raise ShrinkRefused(
            f"{settings.raw}: no input files, so this run would drop all {len(known)} files of "
            f"{settings.warehouse}: {remedy}"
        )
    if len(dropped) > settings.max_shrink * len(known):
        raise ShrinkRefused(
            f"{settings.raw}: {len(dropped)} of the {len(known)} files of {settings.warehouse} are gone "
            f"({len(dropped) / len(known):.0%}, more than --max-shrink {settings.max_shrink:g}), so this run "
            f"would drop their rows: {remedy}"
        )


def known_files(settings: Settings) -> frozenset[str]:
    """The input files the warehouse holds (archive members and files already flagged deleted left
    out); without a readable warehouse, those of the last staged extract; else none."""
    rows = _warehouse_files(settings.warehouse)
    if rows is None:
        rows = _staged_files(settings.staged / "extract" / "files.parquet")
    names = [name for name, status in rows if status != DELETED]
    members = archive_members(names)
    return frozenset(name for name in names if name not in members)


def _warehouse_files(warehouse: Path) -> list[tuple[str, str]] | None:
    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return con.execute("SELECT source_file, status FROM files").fetchall()
    except duckdb.Error:
        return None  # no files table yet, or held by a writer: the staged files say the same


def _staged_files(path: Path) -> list[tuple[str, str]]:
    if not path.exists():
        return []
    try:
        files = pq.read_table(path, columns=["source_file", "status"])
    except (OSError, KeyError, ValueError):
        return []
    return list(zip(files["source_file"].to_pylist(), files["status"].to_pylist(), strict=True))
