"""Units (organisations) from unit rosters (团体会员登记表) and from the work units of members.

A unit is identified by its normalized name (full-/half-width and brackets folded, simplified), so
"太原市第五中学(初中部)" and "太原市第五中学（初中部）" are one unit. Each field of a unit comes from the
most recent unit-roster row that has it; a unit only named by members has just its name.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.reasons import field_code
from pipeline.records import QuarantineRecord, Unit, UnitSource
from pipeline.staging import arrow_schema
from pipeline.transform.columns import coded_errors
from pipeline.transform.latest import latest_per_group, quarantine_rows
from pipeline.transform.members import unit_ids
from pipeline.transform.roster_values import UNIT_FIELDS, parse_fields

_LATEST_FIELDS = ("name", "name_original", "kind", "address", "postcode", "phone", "contact_name", "email")


@dataclass(frozen=True)
class UnitTables:
    units: pa.Table
    sources: pa.Table
    quarantine: list[QuarantineRecord]


def rows_to_units(staged: pa.Table, member_units: pa.Table) -> UnitTables:
    """Units and unit_sources from staged unit-roster rows, plus the units that members name
    (``member_units``: ``units_named_by`` of the member rows, in any number of parts concatenated)."""
    parsed = parse_fields(staged, UNIT_FIELDS)
    errors = coded_errors([(field_code(name), p.errors) for name, p in parsed.items()])
    good = pc.is_null(errors.texts)
    name = parsed["unit_name"].values["unit_name"]
    columns = {
        "unit_id": unit_ids(name),
        "source_file": staged["source_file"],
        "sha256": staged["sha256"],
        "sheet": staged["sheet"],
        "row": staged["row"],
        "name": name,
        "name_original": staged["unit_name"],
        "kind": parsed["unit_kind"].values["text"],
        "address": parsed["address"].values["text"],
        "postcode": parsed["postcode"].values["postcode"],
        "phone": parsed["phone"].values["phone"],
        "phones": parsed["phone"].values["phones"],
        "email": parsed["email"].values["email"],
        "contact_name": parsed["contact_name"].values["name"],
        "member_type": parsed["member_type"].values["text"],
        "extra": staged["extra"],
    }
    sources = pa.table({k: v.filter(good) for k, v in columns.items()}).cast(arrow_schema(UnitSource))
    rostered = latest_per_group(sources, "unit_id", _LATEST_FIELDS)
    named = _units_named_by_members(member_units, rostered["unit_id"])
    units = pa.concat_tables([rostered, named.cast(rostered.schema)]).sort_by("unit_id")
    schema = arrow_schema(Unit)
    for field in schema:  # columns rosters do not give (region, doc_id of a document-named unit)
        if field.name not in units.column_names:
            units = units.append_column(field.name, pa.nulls(units.num_rows, field.type))
    units = units.select(Unit.model_fields).cast(schema)
    return UnitTables(units, sources, quarantine_rows(staged, errors))


def units_named_by(member_rows: pa.Table) -> pa.Table:
    """The units member rows name, one row per unit, file and name as written, with the last sheet and
    row naming it there: all ``rows_to_units`` needs of the member rows (a 1M-row roster names a few
    thousand units). Applied again to several such tables concatenated, it gives their union."""
    rows = member_rows.filter(pc.is_valid(member_rows["unit_id"]))
    per_file = rows.group_by(["unit_id", "source_file", "unit_name"], use_threads=False).aggregate(
        [("sheet", "max"), ("row", "max")]
    )
    columns = per_file.select(["unit_id", "source_file", "unit_name", "sheet_max", "row_max"])
    return columns.rename_columns(["unit_id", "source_file", "unit_name", "sheet", "row"])


def _units_named_by_members(member_units: pa.Table, known: pa.ChunkedArray) -> pa.Table:
    """Units only members name: the name as the most recent member row has it, no other fields.

    A unit's id is made from its name, so every row naming it gives the same name and only the most
    recent file matters: ``member_units`` has one row per unit and file, ordered here as
    ``latest_per_group`` orders rows.
    """
    per_file = units_named_by(member_units.filter(pc.invert(pc.is_in(member_units["unit_id"], known))))
    table = per_file.select(["unit_id", "source_file", "sheet", "row", "unit_name"]).rename_columns(
        ["unit_id", "source_file", "sheet", "row", "name"]
    )
    table = table.append_column("name_original", table["name"])
    latest = latest_per_group(table, "unit_id", ("name", "name_original"))
    count = latest.num_rows
    nulls = {
        field: pa.nulls(count, pa.string()) for field in _LATEST_FIELDS if field not in latest.column_names
    }
    latest = latest.set_column(
        latest.schema.get_field_index("source_rows"),
        "source_rows",
        pa.repeat(pa.scalar(0, pa.int64()), count),
    )
    for field, column in nulls.items():
        latest = latest.append_column(field, column)
    return latest.select(["unit_id", *_LATEST_FIELDS, "source_file", "source_rows"])
