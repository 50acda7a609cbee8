"""The roster part of the transform: staged roster_rows into members, units and their source tables."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.records import Member, MemberSource, QuarantineRecord, RosterRow, Unit, UnitSource
from pipeline.staging import read_table, to_arrow
from pipeline.transform.members import rows_to_members
from pipeline.transform.units import rows_to_units


def roster_tables(extract_dir: Path) -> dict[str, pa.Table]:
    """members, member_sources, units, unit_sources, and quarantine (the staged one plus bad rows)."""
    rows = read_table(extract_dir, RosterRow.table)
    people = rows_to_members(rows.filter(pc.equal(rows["kind"], "members")))
    units = rows_to_units(rows.filter(pc.equal(rows["kind"], "units")), people.sources)
    quarantine = read_table(extract_dir, QuarantineRecord.table)
    return {
        Member.table: people.members,
        MemberSource.table: people.sources,
        Unit.table: units.units,
        UnitSource.table: units.sources,
        QuarantineRecord.table: pa.concat_tables(
            [quarantine, to_arrow(QuarantineRecord, [*people.quarantine, *units.quarantine])]
        ),
    }
