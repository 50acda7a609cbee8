"""The roster part of the transform: staged roster_rows into members, units and their source tables."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.records import Member, MemberSource, QuarantineRecord, RosterRow, Unit, UnitSource
from pipeline.staging import read_table, to_arrow
from pipeline.transform.matching import with_match_clusters
from pipeline.transform.members import rows_to_members
from pipeline.transform.units import rows_to_units


def roster_tables(extract_dir: Path, identity: str = "rules") -> dict[str, pa.Table]:
    """members, member_sources, units, unit_sources, and quarantine (the staged one plus bad rows).

    ``identity`` says how ``member_sources.match_cluster_id`` is found (see ``transform.matching``).
    """
    rows = read_table(extract_dir, RosterRow.table)
    people = rows_to_members(rows.filter(pc.equal(rows["kind"], "members")))
    units = rows_to_units(rows.filter(pc.equal(rows["kind"], "units")), people.sources)
    quarantine = read_table(extract_dir, QuarantineRecord.table)
    return {
        Member.table: people.members,
        MemberSource.table: with_match_clusters(people.sources, identity),
        Unit.table: units.units,
        UnitSource.table: units.sources,
        QuarantineRecord.table: pa.concat_tables(
            [quarantine, to_arrow(QuarantineRecord, [*people.quarantine, *units.quarantine])]
        ),
    }
