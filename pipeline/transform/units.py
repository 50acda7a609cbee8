"""Units (organisations) from unit rosters (团体会员登记表) and from the work units of members.

A unit is identified by its normalized name (full-/half-width and brackets folded, simplified), so
"太原市第五中学(初中部)" and "太原市第五中学（初中部）" are one unit. Each field of a unit comes from the
most recent unit-roster row that has it; a unit only named by members has just its name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.records import MemberSource, QuarantineRecord, Unit, UnitSource
from pipeline.transform.members import quarantine_row, unit_id
from pipeline.transform.roster_values import RowErrors, latest_values, normalize_unit_row, source_recency

_LINEAGE = ("source_file", "sha256", "sheet", "row")
_LATEST_FIELDS = ("kind", "address", "postcode", "phone", "contact_name", "email")


@dataclass
class UnitTables:
    units: list[Unit]
    sources: list[UnitSource]
    quarantine: list[QuarantineRecord]


def rows_to_units(rows: Iterable[dict[str, Any]], members: Iterable[MemberSource]) -> UnitTables:
    """Units and unit_sources from staged unit-roster rows, plus the units members name."""
    sources: list[UnitSource] = []
    quarantine: list[QuarantineRecord] = []
    for row in rows:
        try:
            values = normalize_unit_row(row)
        except RowErrors as err:
            quarantine.append(quarantine_row(row, str(err)))
            continue
        lineage = {k: row[k] for k in _LINEAGE}
        sources.append(UnitSource(unit_id=unit_id(values["name"]), **lineage, **values, extra=row["extra"]))
    return UnitTables(merge_units(sources, members), sources, quarantine)


def merge_units(sources: list[UnitSource], members: Iterable[MemberSource]) -> list[Unit]:
    groups: dict[str, list[UnitSource]] = defaultdict(list)
    for source in sources:
        groups[source.unit_id].append(source)
    named: dict[str, MemberSource] = {}
    for member in members:
        if member.unit_id and member.unit_id not in groups:
            current = named.get(member.unit_id)
            if current is None or source_recency(member.source_file) > source_recency(current.source_file):
                named[member.unit_id] = member
    units = [_unit(uid, group) for uid, group in groups.items()]
    empty = dict.fromkeys(_LATEST_FIELDS)
    units += [
        Unit(unit_id=uid, name=m.unit_name or "", name_original=m.unit_name or "", source_file=m.source_file,
             source_rows=0, **empty)
        for uid, m in named.items()
    ]  # fmt: skip
    return sorted(units, key=lambda u: u.unit_id)


def _unit(uid: str, group: list[UnitSource]) -> Unit:
    latest = latest_values(group, _LATEST_FIELDS)
    return Unit(
        unit_id=uid,
        name=group[-1].name,
        name_original=group[-1].name_original,
        source_file=group[-1].source_file,
        source_rows=len(group),
        **latest,
    )
