"""Staged roster rows of people into members (one row per person) and member_sources (one per row).

Each row is normalized and validated (``roster_values`` parsers, then the pydantic MemberSource model);
a row that fails goes to quarantine with its sheet, row number and every reason, and the file's other
rows still load. Rows are joined into people by ``identity.resolve_identities``; each field of a
member comes from the most recent source row that has it (``source_recency``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.ids import stable_id
from pipeline.records import Member, MemberSource, QuarantineRecord
from pipeline.transform.identity import resolve_identities
from pipeline.transform.roster_values import RowErrors, latest_values, normalize_person_row

_LINEAGE = ("source_file", "sha256", "sheet", "row")
#: Member fields taken from the most recent source row that has them.
_LATEST_FIELDS = (
    "name", "name_original", "gender", "birth_date", "birth_precision", "id_number", "phone", "email",
    "unit_name", "unit_id", "title", "professional_title", "member_type", "joined_on", "address",
    "postcode", "extra",
)  # fmt: skip


@dataclass
class MemberTables:
    members: list[Member]
    sources: list[MemberSource]
    quarantine: list[QuarantineRecord]


def rows_to_members(rows: Iterable[dict[str, Any]]) -> MemberTables:
    """Members, their source rows and the quarantined rows, from staged ``roster_rows`` of people."""
    good: list[dict[str, Any]] = []
    quarantine: list[QuarantineRecord] = []
    for row in rows:
        try:
            values = normalize_person_row(row)
        except RowErrors as err:
            quarantine.append(quarantine_row(row, str(err)))
            continue
        values["unit_id"] = unit_id(values["unit_name"])
        good.append({**{k: row[k] for k in _LINEAGE}, **values, "extra": row["extra"]})
    keys = resolve_identities(good, [f"row:{r['source_file']}:{r['sheet']}:{r['row']}" for r in good])
    sources = [
        MemberSource(member_id=stable_id("mem", key), **row) for key, row in zip(keys, good, strict=True)
    ]
    return MemberTables(merge_members(sources), sources, quarantine)


def merge_members(sources: list[MemberSource]) -> list[Member]:
    """One member per member_id, each field from the most recent source row that has it."""
    groups: dict[str, list[MemberSource]] = defaultdict(list)
    for source in sources:
        groups[source.member_id].append(source)
    members = []
    for member_id, group in sorted(groups.items()):
        latest = latest_values(group, _LATEST_FIELDS)
        members.append(
            Member(member_id=member_id, source_file=group[-1].source_file, source_rows=len(group), **latest)
        )
    return members


def unit_id(name: str | None) -> str | None:
    """The stable id of a unit from its normalized name."""
    return stable_id("unit", name) if name else None


def quarantine_row(row: dict[str, Any], reason: str) -> QuarantineRecord:
    """A roster row that failed validation, located by sheet and row, with every reason."""
    excerpt = " | ".join(str(v) for k, v in row.items() if v is not None and k not in (*_LINEAGE, "kind"))
    return QuarantineRecord(
        source_file=row["source_file"],
        location=f"sheet {row['sheet']} row {row['row']}",
        reason=f"row {row['row']}: {reason}",
        raw_excerpt=excerpt[:200],
    )
