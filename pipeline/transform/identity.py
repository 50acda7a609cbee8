"""Which roster rows are the same person: deterministic keys, strongest first.

0. The rows of one name cell merged over several rows (``continues_row``: one person, two phone rows)
   are one person, keyed by the ID number, birth date and phones of them all, when they name one ID
   number and one birth date at most; else each of them is keyed alone.
1. Rows with the same ID number are one person.
2. A row without an ID joins the person whose rows share its name + birth date, when exactly one
   person does; rows without an ID sharing name + birth date and joining nobody are one person.
3. The same with name + phone (any of the row's phones); rows joining nobody are one person with the
   rows sharing a name + phone with them, directly or through a chain of such rows.
4. A row with none of these is a person of its own (the rows of a merged name cell: one person).
Names are compared normalized (simplified, no spaces) and phones as digits, so small differences between
rosters do not split a person; two different ID numbers are never joined. The result does not depend on
the order of the rows. The rules are SQL run by DuckDB (``sql/person_keys.sql``, then rule 3's chains
in ``sql/phone_chains.sql``, see ``find_people``), so the transform matches a roster of any size out of
core; ``resolve_identities`` runs them on a table in memory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

#: The columns ``sql/person_keys.sql`` reads from its input relation ``parsed``.
KEY_COLUMNS = (
    "seq", "id_number", "name", "birth_date", "phones", "source_file", "sheet", "row", "continues_row",
)  # fmt: skip


@cache
def _sql(name: str) -> str:
    return (Path(__file__).parent / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def find_people(con: duckdb.DuckDBPyConnection) -> None:
    """Create the temporary table ``people`` (seq, person), in ``seq`` order: each row of the relation
    ``parsed`` that ``con`` reads with the key of its person (``sql/person_keys.sql``), rule 3's people
    joined through their chains of shared keys (``sql/phone_chains.sql``, a step at a time until no
    label changes: as many steps as the longest chain has links)."""
    con.execute(f"CREATE TEMP TABLE row_people AS {_sql('person_keys')}")
    con.execute(_sql("phone_chains"))
    while con.execute(_sql("phone_chain_step")).fetchone()[0]:
        pass
    con.execute(
        "CREATE TEMP TABLE people AS SELECT r.seq, coalesce(c.label, r.person) AS person "
        "FROM row_people AS r LEFT JOIN phone_chains AS c USING (person) ORDER BY r.seq"
    )
    con.execute("DROP TABLE row_people; DROP TABLE phone_edges; DROP TABLE phone_chains")


def resolve_identities(rows: pa.Table) -> pa.Array:
    """For each row, the key naming its person: "id:…", "nb:…", "np:…" or "row:file:sheet:row".

    ``rows`` has id_number, name, birth_date, phones (list), source_file, sheet, row, and may have
    continues_row (missing: no row continues another).

    >>> rows = pa.table({"id_number": ["X1", None, None], "name": ["张三"] * 3,
    ...     "birth_date": ["1985-03-12", "1985-03-12", None], "phones": [None, ["138"], ["138"]],
    ...     "source_file": ["a"] * 3, "sheet": ["s"] * 3, "row": [1, 2, 3]})
    >>> resolve_identities(rows).to_pylist()
    ['id:X1', 'id:X1', 'id:X1']
    >>> merged = pa.table({"id_number": [None, None], "name": ["王芳"] * 2, "birth_date": [None, None],
    ...     "phones": [["138"], ["139"]], "source_file": ["a"] * 2, "sheet": ["s"] * 2, "row": [3, 4],
    ...     "continues_row": [None, 3]})
    >>> resolve_identities(merged).to_pylist()
    ['np:王芳|138', 'np:王芳|138']
    """
    if "continues_row" not in rows.column_names:
        rows = rows.append_column("continues_row", pa.nulls(rows.num_rows, pa.int64()))
    parsed = rows.append_column("seq", pa.array(range(rows.num_rows), pa.int64())).select(KEY_COLUMNS)
    with duckdb.connect() as con:
        con.register("parsed", parsed)
        find_people(con)
        return con.sql("SELECT person FROM people").to_arrow_table()["person"].combine_chunks()
