"""The roster part of the transform: staged roster_rows into members, units and their source tables.

The staged rows are parsed a batch at a time; the good member rows go to a Parquet file in a work
folder, which is then read back a batch at a time while DuckDB (memory capped, spilling to that folder)
matches people across all of it (``members.match_members``). So the transform of a roster of any size
holds a batch of rows, not the roster: only the unit rosters and ``units`` (a few thousand rows per
million members) and the ids of the people met more than once are held whole.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.records import Member, MemberSource, QuarantineRecord, RosterRow, Unit, UnitSource
from pipeline.staging import arrow_schema, to_arrow
from pipeline.transform.matching import with_match_clusters
from pipeline.transform.members import PARSED_SCHEMA, match_members, parse_members
from pipeline.transform.units import rows_to_units, units_named_by

#: Staged roster rows parsed at a time, and rows per batch handed back by DuckDB.
ROSTER_BATCH = 100_000
#: DuckDB's memory while matching people; beyond it, it spills to the work folder. At 256 MB the keys of
#: a 1M-row roster took 1.4 s, at 512 MB 0.9 s (as with no cap).
MATCH_MEMORY = "512MB"

Write = Callable[[str, pa.Table], None]


def write_roster_tables(
    batches: Iterable[pa.Table],
    write: Write,
    work: Path,
    identity: str = "rules",
    batch_rows: int = ROSTER_BATCH,
) -> pa.Table:
    """Write members, member_sources, unit_sources and the quarantined rows of the staged roster
    ``batches`` through ``write(table_name, rows)``, and return ``units`` (the documents add to it).

    ``work`` is an empty folder for the parsed rows and DuckDB's spill files. ``identity`` says how
    ``member_sources.match_cluster_id`` is found (see ``transform.matching``). The tables are written
    ``batch_rows`` rows at a time.
    """
    parsed = work / "member_rows.parquet"
    rest = _parse_to(batches, parsed)
    schemas = {model.table: arrow_schema(model) for model in (MemberSource, Member)}
    for name, schema in schemas.items():
        write(name, schema.empty_table())  # the table exists even with no rows
    held: list[pa.Table] = []  # member_sources, when splink must match all of them at once
    config = {"memory_limit": MATCH_MEMORY, "temp_directory": str(work / "spill")}
    with duckdb.connect(config=config) as con:
        con.read_parquet(str(parsed)).create_view("parsed")
        for name, rows in match_members(con, parsed, batch_rows):
            if name == MemberSource.table and identity != "rules":
                held.append(rows)
            else:
                write(name, rows.cast(schemas[name]))
    if held:
        sources = with_match_clusters(pa.concat_tables(held), identity)
        write(MemberSource.table, sources.cast(schemas[MemberSource.table]))
    units = rows_to_units(pa.concat_tables(rest.unit_rows), pa.concat_tables(rest.member_units))
    write(UnitSource.table, units.sources)
    write(QuarantineRecord.table, to_arrow(QuarantineRecord, [*rest.quarantine, *units.quarantine]))
    return units.units


@dataclass(frozen=True)
class _Parsed:
    """What the parse pass keeps besides the parsed member rows: their quarantined rows, the units
    they name (``units_named_by``) and the unit-roster rows (a few per unit), all small."""

    quarantine: list[QuarantineRecord]
    member_units: list[pa.Table]
    unit_rows: list[pa.Table]


def _parse_to(batches: Iterable[pa.Table], parsed: Path) -> _Parsed:
    """Parse and validate the member rows of ``batches`` into the Parquet file ``parsed`` (in ``seq``
    order, ``PARSED_SCHEMA``); the rest is returned."""
    rest = _Parsed([], [units_named_by(PARSED_SCHEMA.empty_table())], [arrow_schema(RosterRow).empty_table()])
    # read back once, soon: plain pages write twice as fast as the defaults
    plain = {"compression": "none", "use_dictionary": False, "write_statistics": False}
    with pq.ParquetWriter(parsed, PARSED_SCHEMA, **plain) as out:
        seq = 0
        for batch in batches:
            people = parse_members(batch.filter(pc.equal(batch["kind"], "members")), seq)
            seq += batch.num_rows
            out.write_table(people.rows)
            rest.quarantine.extend(people.quarantine)
            rest.member_units.append(units_named_by(people.rows))
            rest.unit_rows.append(batch.filter(pc.equal(batch["kind"], "units")))
    return rest


def roster_tables(staged: pa.Table, identity: str = "rules") -> dict[str, pa.Table]:
    """``write_roster_tables`` of staged ``roster_rows`` held whole, as tables by name (units and the
    quarantined rows included): for notebooks, tests and benchmarks."""
    parts: dict[str, list[pa.Table]] = defaultdict(list)
    batches = (staged.slice(start, ROSTER_BATCH) for start in range(0, staged.num_rows, ROSTER_BATCH))
    with tempfile.TemporaryDirectory() as work:
        units = write_roster_tables(
            batches, lambda name, rows: parts[name].append(rows), Path(work), identity
        )
    return {name: pa.concat_tables(tables) for name, tables in parts.items()} | {Unit.table: units}
