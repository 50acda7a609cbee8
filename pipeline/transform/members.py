"""Staged roster rows of people into members (one row per person) and member_sources (one per row).

Each field is parsed column-wise (``roster_values.PERSON_FIELDS``), a batch of staged rows at a time
(``parse_members``); a bad optional value (phone, e-mail, date, ID number...) is dropped from the person
and its cell goes to quarantine (sheet, row, column, reason); a row without a usable name or whose values
contradict each other goes to quarantine whole with every reason; the file's other rows still load. The
good rows, checked against the MemberSource model's schema, are joined into people (``identity``: one
SQL query) and merged field by field, most recent source first (``latest.merge_sorted``), over all of
them at once (``match_members``) but out of core (DuckDB): a roster of any size is held a batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.ids import stable_id_sql, stable_ids
from pipeline.privacy.classification import column_kind
from pipeline.privacy.masking import mask_mentions, mask_value
from pipeline.reasons import ReasonCode, field_code
from pipeline.records import Member, MemberSource, QuarantineRecord
from pipeline.staging import arrow_schema, read_batches
from pipeline.transform.columns import Parsed, coded_errors
from pipeline.transform.identity import find_people
from pipeline.transform.latest import RECENCY, file_ranks, merge_sorted, quarantine_rows, single_rows
from pipeline.transform.roster_values import PERSON_FIELDS, parse_fields
from pipeline.transform.unit_identity import identify

_NULL = pa.scalar(None, pa.string())
#: Member fields taken from the most recent source row that has them.
LATEST_FIELDS = (
    "name", "name_original", "gender", "birth_date", "birth_precision", "id_number", "phone", "email",
    "unit_name", "unit_id", "title", "professional_title", "member_type", "joined_on", "address",
    "postcode", "extra",
)  # fmt: skip


#: Fields whose bad value is dropped from the person (one quarantine row for the cell), not the person:
#: only a bad name, or values that contradict each other (a birth date against the ID's), lose the row.
OPTIONAL_FIELDS = tuple(field for field in PERSON_FIELDS if field != "name")


#: The columns of a parsed member row: member_sources' but the ids, ``continues_row`` (as staged: the
#: row whose merged name cell the row continues, which makes them one person), and ``seq``, its place in
#: the roster rows (given by the caller), which orders member_sources and breaks ties of recency.
PARSED_SCHEMA = pa.schema(
    [f for f in arrow_schema(MemberSource) if f.name not in ("member_id", "match_cluster_id")]
    + [pa.field("continues_row", pa.int64()), pa.field("seq", pa.int64(), nullable=False)]
)


@dataclass(frozen=True)
class ParsedMembers:
    rows: pa.Table
    quarantine: list[QuarantineRecord]


def parse_members(staged: pa.Table, first_seq: int = 0) -> ParsedMembers:
    """The good rows of staged ``roster_rows`` of people (``PARSED_SCHEMA``, ``seq`` counted from
    ``first_seq`` over all the staged rows, good or bad) and the quarantined rows."""
    parsed = parse_fields(staged, PERSON_FIELDS)
    id_parts = parsed["id_number"]
    rounded = _rounded_ids(staged, pc.is_valid(id_parts.values["number"]))  # never a value that failed
    without_rounded, dropped = _drop_bad_values(
        Parsed(id_parts.values, rounded), staged, "id_number", ReasonCode.ROUNDED_ID_NUMBER
    )
    parsed["id_number"] = Parsed(without_rounded.values, id_parts.errors)
    for field in OPTIONAL_FIELDS:
        parsed[field], cells = _drop_bad_values(parsed[field], staged, field, field_code(field))
        dropped += cells
    ids = parsed["id_number"].values
    birth = parsed["birth_date"].values
    gender = parsed["gender"].values["gender"]
    has_id = pc.is_valid(ids["number"])
    conflicts = [
        (ReasonCode.ID_CONFLICT, _conflict(
            pc.and_(pc.equal(birth["precision"], "day"), pc.not_equal(birth["value"], ids["birth_date"])),
            ["birth date ", staged["birth_date"], " differs from the ID number's ", ids["birth_date"]],
        )),
        (ReasonCode.ID_CONFLICT, _conflict(
            pc.not_equal(gender, ids["gender"]),
            ["gender ", staged["gender"], " differs from the ID number's ", ids["gender"]],
        )),
    ]  # fmt: skip
    errors = coded_errors([(field_code(name), p.errors) for name, p in parsed.items()] + conflicts)
    good = pc.is_null(errors.texts)
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
        "continues_row": staged["continues_row"],
        "seq": pa.array(range(first_seq, first_seq + staged.num_rows), pa.int64()),
    }
    rows = pa.table(columns)
    if rows.num_rows and not pc.all(good).as_py():
        rows = rows.filter(good)
    return ParsedMembers(rows.cast(PARSED_SCHEMA), [*quarantine_rows(staged, errors), *dropped])


def _drop_bad_values(
    parsed: Parsed, staged: pa.Table, field: str, code: ReasonCode
) -> tuple[Parsed, list[QuarantineRecord]]:
    """``parsed`` with its bad values set to null and no errors, and a quarantine row (``code``) for each
    bad cell (sheet, row and column in its location): the person loads without the value."""
    bad = pc.is_valid(parsed.errors)
    if not pc.any(bad).as_py():
        return parsed, []
    cells = staged.select(["source_file", "sheet", "row", field]).filter(bad).to_pylist()
    records = [
        QuarantineRecord(
            source_file=cell["source_file"],
            location=f"sheet {cell['sheet']} row {cell['row']} column {field}",
            reason_code=code,
            reason=f"{mask_mentions(reason, {field: cell[field]})}: the person is loaded without it; "
            "correct the cell to keep the value",
            raw_excerpt=mask_value(column_kind(field), str(cell[field]))[:200],
        )
        for cell, reason in zip(cells, parsed.errors.filter(bad).to_pylist(), strict=True)
    ]
    values = {name: pc.if_else(bad, pa.scalar(None, col.type), col) for name, col in parsed.values.items()}
    return Parsed(values, pa.nulls(len(bad), pa.string())), records


def match_members(con: duckdb.DuckDBPyConnection, parsed: Path, rows: int) -> Iterator[tuple[str, pa.Table]]:
    """Batches of member_sources and members, as (table name, rows), from the parsed rows of the
    Parquet file ``parsed`` (``PARSED_SCHEMA``, in ``seq`` order), which ``con`` reads as ``parsed``.

    DuckDB gives every row its member_id (``identity.find_people``, over the key columns only) and
    finds the people met more than once. The file is then read a batch at a time: each batch, with
    its member_ids, is a batch of member_sources, and its people met once are members as they are.
    Last, the rows of the others, sorted by DuckDB by person and recency, are merged (``merge_sorted``).
    Only the ids of the people met more than once are held whole.
    """
    find_people(con)
    member_id = stable_id_sql("mem", "person")
    # in seq order, as the parsed file: a plain scan gives the ids in the order of its rows
    con.execute(f"CREATE TEMP TABLE member_keys AS SELECT {member_id} AS member_id FROM people")
    found = con.sql("SELECT member_id FROM member_keys GROUP BY ALL HAVING count(*) > 1").to_arrow_table()
    repeated = found["member_id"]
    ids = con.sql("SELECT member_id FROM member_keys").to_arrow_reader(rows)
    many = parsed.with_name("repeated_rows.parquet")  # the rows of the people met more than once
    with pq.ParquetWriter(many, pa.schema([pa.field("member_id", pa.string()), *PARSED_SCHEMA])) as out:
        for batch, member_ids in _with_ids(read_batches(parsed.parent, parsed.stem, rows), ids):
            sources = batch.add_column(0, "member_id", member_ids)
            yield (
                MemberSource.table,
                sources.append_column("match_cluster_id", member_ids).select(MemberSource.model_fields),
            )
            again = pc.is_in(member_ids, value_set=repeated)
            once = single_rows(sources.filter(pc.invert(again)), "member_id", LATEST_FIELDS)
            yield Member.table, once.select(Member.model_fields)
            out.write_table(sources.filter(again))
    ids.close()
    con.read_parquet(str(many)).create_view("repeated_rows")
    files = con.sql("SELECT DISTINCT source_file FROM repeated_rows").to_arrow_table()["source_file"]
    con.register("file_ranks", file_ranks(files))
    ordered = con.sql(f"""
        SELECT * FROM repeated_rows JOIN file_ranks USING (source_file)
        ORDER BY member_id, {", ".join(f'"{name}"' for name in RECENCY)}
    """)  # fmt: skip
    batches = (pa.Table.from_batches([batch]) for batch in ordered.to_arrow_reader(rows))
    for members in merge_sorted(batches, "member_id", LATEST_FIELDS):
        yield Member.table, members.select(Member.model_fields)


def _with_ids(batches: Iterable[pa.Table], ids: pa.RecordBatchReader) -> Iterator[tuple[pa.Table, pa.Array]]:
    """Each batch with as many of the next values of the one-column ``ids``, whatever its batch sizes."""
    held = pa.chunked_array([], pa.string())
    for batch in batches:
        while len(held) < batch.num_rows:
            held = pa.chunked_array([*held.chunks, ids.read_next_batch().column(0)], pa.string())
        yield batch, held.slice(0, batch.num_rows).combine_chunks()  # one chunk, as the batch's columns
        held = held.slice(batch.num_rows)


def unit_ids(names: pa.Array) -> pa.Array:
    """The stable id of each unit from its normalized name (null for no unit): the id of the
    organisation the name stands for (``unit_identity``: 重庆科协 and 重庆市科学技术协会 are one unit),
    found once per distinct name."""
    encoded = pc.dictionary_encode(names)
    full_names = pa.array([identify(name).name for name in encoded.dictionary.to_pylist()], pa.string())
    return stable_ids("unit", full_names).take(encoded.indices)


#: IDs ending in 000 that make a sheet's IDs rounded ones: real IDs end in 000 about once in a thousand.
_ROUNDED_AT_LEAST = 3


def _rounded_ids(staged: pa.Table, has_id: pa.Array) -> pa.Array:
    """The error of a valid ID ending in 000 in a sheet where most 18-digit IDs do.

    A spreadsheet that held the IDs as numbers writes them with 15 significant digits and three zeros
    (140602196309064680 as 140602196309065000); one in eleven of those passes its check digit by chance,
    and nothing in the value itself tells it from a real ID. The sheet does: such IDs are its norm.
    """
    text = pc.utf8_trim_whitespace(staged["id_number"])
    digits = pc.fill_null(pc.match_substring_regex(text, r"^\d{18}$"), False)
    zeros = pc.and_(digits, pc.fill_null(pc.ends_with(text, "000"), False))
    sheets = pc.binary_join_element_wise(staged["source_file"], staged["sheet"], "\x1f")
    counts = pa.table({"sheet": sheets, "ids": digits.cast(pa.int64()), "zeros": zeros.cast(pa.int64())})
    counts = counts.group_by("sheet").aggregate([("ids", "sum"), ("zeros", "sum")])
    rounded = counts.filter(
        pc.and_(
            pc.greater_equal(counts["zeros_sum"], _ROUNDED_AT_LEAST),
            pc.greater(pc.multiply(counts["zeros_sum"], 2), counts["ids_sum"]),
        )
    )["sheet"]
    hit = pc.and_(pc.and_(zeros, pc.fill_null(has_id, False)), pc.is_in(sheets, value_set=rounded))
    return _conflict(
        hit,
        ["ID number ", staged["id_number"], " ends in 000 like most IDs of its sheet, as a spreadsheet "
         "rounds IDs stored as numbers: store the column as text and type the IDs again"],
    )  # fmt: skip


def _conflict(mismatch: pa.Array, parts: list[object]) -> pa.Array:
    """The error text where ``mismatch`` holds (null where either side is missing); the texts are only
    joined when some row needs one (conflicts are rare: most batches have none)."""
    hit = pc.fill_null(mismatch, False)
    if not pc.any(hit).as_py():
        return pa.nulls(len(hit), pa.string())
    texts = [pc.cast(p, pa.string()) if not isinstance(p, str) else p for p in parts]
    return pc.if_else(hit, pc.binary_join_element_wise(*texts, ""), _NULL)
