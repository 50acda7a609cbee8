"""Incremental extract: which files to read again, and the staged rows to carry over from last time.

A file is read again when it is new or its sha256 changed; the rows of every other file are taken from
the previous ``staged/extract`` tables by ``source_file``, whatever the table (every staged table has that
column). Files that disappeared are dropped, or kept and flagged ``files.status = 'deleted'``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.extract.sources import SourceFile
from pipeline.fingerprint import code_fingerprint, fingerprint, read_manifest
from pipeline.lexicons import user_lexicons
from pipeline.records import FileRecord, Record
from pipeline.settings import Settings
from pipeline.staging import arrow_schema, open_parquet

DELETED = "deleted"
#: Previous rows read at a time when carrying them over.
CARRIED_BATCH = 65_536


@dataclass(frozen=True)
class ExtractPlan:
    """What this run does with each file, by ``source_file``."""

    to_read: frozenset[str]
    unchanged: frozenset[str]
    kept_deleted: frozenset[str]
    dropped: frozenset[str]
    newly_deleted: frozenset[str]

    @property
    def changes_output(self) -> bool:
        """False when the staged tables would come out exactly as they are."""
        return bool(self.to_read or self.dropped or self.newly_deleted)


def plan_extract(
    current: Mapping[str, str], previous: Mapping[str, tuple[str, str]], keep_deleted: bool
) -> ExtractPlan:
    """Compare the files now (source_file -> sha256) with last time (source_file -> (sha256, status)).

    >>> plan = plan_extract({"a.txt": "1", "b.txt": "2"}, {"a.txt": ("1", "ok"), "c.txt": ("3", "ok")}, False)
    >>> sorted(plan.to_read), sorted(plan.unchanged), sorted(plan.dropped)
    (['b.txt'], ['a.txt'], ['c.txt'])
    """
    unchanged = {
        name
        for name, sha in current.items()
        if sha and name in previous and previous[name][0] == sha and previous[name][1] != DELETED
    }
    gone = set(previous) - set(current)
    kept = gone if keep_deleted else set()
    return ExtractPlan(
        to_read=frozenset(set(current) - unchanged),
        unchanged=frozenset(unchanged),
        kept_deleted=frozenset(kept),
        dropped=frozenset(gone - kept),
        newly_deleted=frozenset(name for name in kept if previous[name][1] != DELETED),
    )


def hash_sources(sources: list[SourceFile]) -> dict[str, str]:
    """source_file -> sha256 of its bytes; an empty hash when it cannot be read (it is then read again)."""
    hashes = {}
    for source in sources:
        try:
            hashes[source.source_file] = source.sha256()
        except OSError:
            hashes[source.source_file] = ""
    return hashes


def extract_manifest(settings: Settings) -> dict[str, str]:
    """What staged/extract depends on besides the files: the code, the settings that change records and
    the users' lexicons."""
    return {"code": code_fingerprint(), "settings": fingerprint(settings.keep_traditional, user_lexicons())}


def previous_tables(
    staged: Path, models: tuple[type[Record], ...], settings: Settings
) -> dict[str, pq.ParquetFile] | None:
    """The last committed extract tables (opened, not read) when they can be reused: same code,
    settings and schemas."""
    folder = staged / "extract"
    if settings.full or not folder.is_dir():
        return None
    manifest = read_manifest(folder)
    if any(manifest.get(key) != value for key, value in extract_manifest(settings).items()):
        return None
    tables = {}
    for model in models:
        path = folder / f"{model.table}.parquet"
        if not path.exists():
            return None
        tables[model.table] = open_parquet(path)
        if not tables[model.table].schema_arrow.equals(arrow_schema(model)):
            return None
    return tables


def previous_files(tables: Mapping[str, pq.ParquetFile] | None) -> dict[str, tuple[str, str]]:
    if tables is None:
        return {}
    files = tables[FileRecord.table].read(columns=["source_file", "sha256", "status"])
    names = files["source_file"].to_pylist()
    members = archive_members(names)
    return {
        name: (sha, status)
        for name, sha, status in zip(
            names, files["sha256"].to_pylist(), files["status"].to_pylist(), strict=True
        )
        if name not in members
    }


def archive_members(names: list[str]) -> dict[str, str]:
    """The names that are members of another listed name (an archive), each with its archive.

    >>> archive_members(["a/b.zip", "a/b.zip/2023.xlsx", "a/c.txt"])
    {'a/b.zip/2023.xlsx': 'a/b.zip'}
    """
    listed = set(names)
    members = {}
    for name in names:
        parts = name.split("/")
        container = next(
            ("/".join(parts[:i]) for i in range(1, len(parts)) if "/".join(parts[:i]) in listed), None
        )
        if container is not None:
            members[name] = container
    return members


@dataclass(frozen=True)
class CarryOver:
    """What this run takes from the previous extract: the files whose rows it keeps, and which of them
    to flag ``deleted`` (an archive's members go with the archive)."""

    kept: pa.Array
    deleted: frozenset[str]


def carry_over(previous: Mapping[str, pq.ParquetFile] | None, plan: ExtractPlan) -> CarryOver:
    members: dict[str, str] = {}
    if previous is not None:
        members = archive_members(
            previous[FileRecord.table].read(columns=["source_file"])["source_file"].to_pylist()
        )
    kept = _with_members(plan.unchanged | plan.kept_deleted, members)
    return CarryOver(pa.array(sorted(kept), pa.string()), _with_members(plan.kept_deleted, members))


def carried_rows(
    previous: Mapping[str, pq.ParquetFile] | None, name: str, carried: CarryOver
) -> Iterator[pa.Table]:
    """The previous rows of table ``name`` that this run keeps, a batch at a time, in their order (by
    source_file: see ``pipeline.extract.ordering``)."""
    if previous is None:
        return
    for batch in previous[name].iter_batches(batch_size=CARRIED_BATCH):
        rows = pa.Table.from_batches([batch])
        yield rows.filter(pc.is_in(rows["source_file"], value_set=carried.kept))


def _with_members(names: frozenset[str], members: Mapping[str, str]) -> frozenset[str]:
    return names | {member for member, archive in members.items() if archive in names}


def output_fingerprint(manifest: Mapping[str, str], files: pa.Table) -> str:
    """Fingerprint of the staged output: the inputs' hashes and states, the code and the settings."""
    rows = zip(
        files["source_file"].to_pylist(),
        files["sha256"].to_pylist(),
        files["status"].to_pylist(),
        strict=True,
    )
    return fingerprint(dict(manifest), sorted(rows))


def flag_deleted(files: pa.Table, deleted: frozenset[str]) -> pa.Table:
    if not deleted:
        return files
    is_deleted = pc.is_in(files["source_file"], value_set=pa.array(sorted(deleted), pa.string()))
    status = pc.if_else(is_deleted, pa.scalar(DELETED), files["status"])
    return files.set_column(files.schema.get_field_index("status"), files.schema.field("status"), status)
