"""Staged roster rows of people into members (one row per person) and member_sources (one per row).

Each field is parsed column-wise (``roster_values.PERSON_FIELDS``); a row with any bad value goes to
quarantine with its sheet, row number and every reason, and the file's other rows still load. The good
rows are checked against the MemberSource model's schema, joined into people
(``identity.resolve_identities``) and merged field by field, most recent source first.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ids import stable_ids
from pipeline.records import Member, MemberSource, QuarantineRecord
from pipeline.staging import arrow_schema
from pipeline.transform.columns import join_errors
from pipeline.transform.identity import resolve_identities
from pipeline.transform.latest import latest_per_group, quarantine_rows
from pipeline.transform.roster_values import PERSON_FIELDS, parse_fields

_NULL = pa.scalar(None, pa.string())
#: Member fields taken from the most recent source row that has them.
LATEST_FIELDS = (
    "name", "name_original", "gender", "birth_date", "birth_precision", "id_number", "phone", "email",
    "unit_name", "unit_id", "title", "professional_title", "member_type", "joined_on", "address",
    "postcode", "extra",
)  # fmt: skip


@dataclass(frozen=True)
class MemberTables:
    members: pa.Table
    sources: pa.Table
    quarantine: list[QuarantineRecord]


def rows_to_members(staged: pa.Table) -> MemberTables:
    """Members, their source rows and the quarantined rows, from staged ``roster_rows`` of people."""
    parsed = parse_fields(staged, PERSON_FIELDS)
    ids = parsed["id_number"].values
    birth = parsed["birth_date"].values
    gender = parsed["gender"].values["gender"]
    has_id = pc.is_valid(ids["number"])
    conflicts = [
        _conflict(
            pc.and_(pc.equal(birth["precision"], "day"), pc.not_equal(birth["value"], ids["birth_date"])),
            ["birth date ", staged["birth_date"], " differs from the ID number's ", ids["birth_date"]],
        ),
        _conflict(
            pc.not_equal(gender, ids["gender"]),
            ["gender ", staged["gender"], " differs from the ID number's ", ids["gender"]],
        ),
    ]
    errors = join_errors([p.errors for p in parsed.values()] + conflicts)
    good = pc.is_null(errors)
    unit_name = parsed["unit_name"].values["unit_name"]
    columns = {
        "source_file": staged["source_file"],
        "sha256": staged["sha256"],
        "sheet": staged["sheet"],
        "row": staged["row"],
        "name": parsed["name"].values["name"],
        "name_original": staged["name"],
        "gender": pc.coalesce(gender, ids["gender"]),
        "birth_date": pc.coalesce(ids["birth_date"], birth["value"]),
        "birth_precision": pc.if_else(has_id, "day", birth["precision"]),
        "id_number": ids["number"],
        "phone": parsed["phone"].values["phone"],
        "phones": parsed["phone"].values["phones"],
        "email": parsed["email"].values["email"],
        "unit_name": unit_name,
        "unit_id": unit_ids(unit_name),
        "title": parsed["title"].values["text"],
        "professional_title": parsed["professional_title"].values["text"],
        "member_type": parsed["member_type"].values["text"],
        "joined_on": parsed["joined_on"].values["value"],
        "address": parsed["address"].values["text"],
        "postcode": parsed["postcode"].values["postcode"],
        "extra": staged["extra"],
    }
    rows = pa.table(columns)
    if rows.num_rows and not pc.all(good).as_py():
        rows = rows.filter(good)
    member_ids = stable_ids("mem", resolve_identities(rows))
    sources = rows.add_column(0, "member_id", member_ids).append_column("match_cluster_id", member_ids)
    sources = sources.select(MemberSource.model_fields)
    sources = sources.cast(arrow_schema(MemberSource))
    members = latest_per_group(sources, "member_id", LATEST_FIELDS)
    members = members.select(Member.model_fields).cast(arrow_schema(Member))
    return MemberTables(members, sources, quarantine_rows(staged, errors))


def unit_ids(names: pa.Array) -> pa.Array:
    """The stable id of each unit from its normalized name (null for no unit)."""
    encoded = pc.dictionary_encode(names)
    return stable_ids("unit", encoded.dictionary).take(encoded.indices)


def _conflict(mismatch: pa.Array, parts: list[object]) -> pa.Array:
    """The error text where ``mismatch`` holds (null where either side is missing)."""
    texts = [pc.cast(p, pa.string()) if not isinstance(p, str) else p for p in parts]
    message = pc.binary_join_element_wise(*texts, "")
    return pc.if_else(pc.fill_null(mismatch, False), message, _NULL)
