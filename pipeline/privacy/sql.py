"""Personal values masked in the warehouse: SQL macros with ``masking``'s rules, and masked relations.

``create_masks`` defines the ``pii_mask_*`` macros (stored in the warehouse, so its views work in any
DuckDB session); ``masked_select`` is the query of any table or view with each column masked by its
kind (``classification.column_kind``) and every other text column scrubbed (``pii_mask_text``);
``create_masked_views`` makes ``<table>_masked`` for every table that holds personal columns.
"""

from __future__ import annotations

import re

import duckdb

from pipeline.privacy.classification import EXTRA, PASSWORD, classification, column_kind, kept_as_is
from pipeline.privacy.masking import (
    AREA_LANDLINE,
    EMAIL_IN_TEXT,
    GROUPED_MOBILE,
    LANDLINE,
    MASKS,
    MAYBE_PERSONAL,
    MOBILE,
    TOKENS,
    WHOLE_EMAIL,
)

#: Suffix of the masked view of a table.
MASKED_SUFFIX = "_masked"

_MACROS = rf"""
CREATE OR REPLACE TEMP MACRO pii_mask_number(v) AS
    CASE WHEN length(v) >= 8 THEN repeat('*', length(v) - 4) || right(v, 4) ELSE repeat('*', length(v)) END;
CREATE OR REPLACE TEMP MACRO pii_mask_id_number(v) AS
    CASE WHEN length(v) >= 15 THEN left(v, 4) || repeat('*', length(v) - 8) || right(v, 4)
         ELSE pii_mask_number(v) END;
CREATE OR REPLACE TEMP MACRO pii_mask_phone(v) AS
    CASE WHEN regexp_full_match(v, '{MOBILE}') THEN left(v, 3) || '****' || right(v, 4)
         WHEN regexp_full_match(v, '{AREA_LANDLINE}') THEN regexp_replace(v, '^{AREA_LANDLINE}$', '\1****\2')
         ELSE pii_mask_number(v) END;
CREATE OR REPLACE TEMP MACRO pii_mask_email(v) AS
    CASE WHEN regexp_full_match(v, '(?s){WHOLE_EMAIL}')
         THEN regexp_replace(v, '(?s)^{WHOLE_EMAIL}$', '\1***\2')
         ELSE pii_mask_number(v) END;
CREATE OR REPLACE TEMP MACRO pii_mask_address(v) AS left(v, least(6, length(v) // 2)) || '***';
CREATE OR REPLACE TEMP MACRO pii_mask_digits(t) AS
    CASE WHEN NOT regexp_full_match(t, '[0-9０-９]+[Xx]?') THEN t
         WHEN length(t) = 11 AND left(t, 1) IN ('1', '１') THEN left(t, 3) || '****' || right(t, 4)
         WHEN length(t) IN (15, 18) THEN pii_mask_id_number(t)
         WHEN length(t) >= 12 OR (length(t) >= 10 AND left(t, 1) IN ('0', '０'))
         THEN repeat('*', length(t) - 4) || right(t, 4)
         ELSE t END;
CREATE OR REPLACE TEMP MACRO pii_mask_text(s) AS
    CASE WHEN NOT regexp_matches(s, '{MAYBE_PERSONAL}') THEN s
         ELSE array_to_string(list_transform(regexp_extract_all(
             regexp_replace(regexp_replace(regexp_replace(s,
                 '{EMAIL_IN_TEXT}', '\1***@\2', 'g'),
                 '{GROUPED_MOBILE}', '\1-****-\2', 'g'),
                 '{LANDLINE}', '\1****\2', 'g'),
             '{TOKENS}'), lambda t: pii_mask_digits(t)), '') END;
"""


def macros_sql(temporary: bool = False) -> str:
    """The statements that define the ``pii_mask_*`` macros (``temporary``: for this session only)."""
    return (_MACROS + _header_kind_macro() + _kind_macro() + _extra_macro()).replace(
        "TEMP MACRO", "TEMP MACRO" if temporary else "MACRO"
    )


def _header_kind_macro() -> str:
    """``pii_header_kind(label)``: ``classification.header_kind`` in SQL."""
    key = "lower(regexp_replace(label, '\\s+', '', 'g'))"
    cases = " ".join(
        f"WHEN regexp_matches({key}, '{'|'.join(map(re.escape, words))}') THEN '{kind}'"
        for kind, words in classification().header_words.items()
    )
    return f"CREATE OR REPLACE TEMP MACRO pii_header_kind(label) AS CASE {cases} END;\n"


def _kind_macro() -> str:
    cases = " ".join(f"WHEN '{kind}' THEN pii_{mask.__name__}(v)" for kind, mask in MASKS.items())
    return (
        "CREATE OR REPLACE TEMP MACRO pii_mask_kind(kind, v) AS "
        f"CASE coalesce(kind, '') {cases} ELSE pii_mask_text(v) END;\n"
    )


def _extra_macro() -> str:
    pairs = "list_zip(json_keys(x), json_extract_string(x, '$.*'))"
    kept = f"list_filter({pairs}, lambda p: coalesce(pii_header_kind(p[1]), '') <> '{PASSWORD}')"
    masked = (
        f"list_transform({kept}, lambda p: to_json(p[1])::VARCHAR || ': ' || "
        "to_json(pii_mask_kind(pii_header_kind(p[1]), p[2]))::VARCHAR)"
    )
    return (
        "CREATE OR REPLACE TEMP MACRO pii_mask_extra(x) AS "
        "CASE WHEN NOT coalesce(json_valid(x), false) OR json_type(x) <> 'OBJECT' THEN pii_mask_text(x) "
        f"ELSE '{{' || array_to_string({masked}, ', ') || '}}' END;\n"
    )


def create_masks(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """Define the ``pii_mask_*`` macros on ``con`` (``temporary`` on a read-only warehouse)."""
    con.execute(macros_sql(temporary))


def masked_select(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """The query of ``relation`` (a table or view) with its personal columns masked by their kind and
    its other text columns scrubbed, in the same column order. Needs the macros (``create_masks``)."""
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [relation],
    ).fetchall()
    replaced = [
        f'{expression} AS "{name}"'
        for name, data_type in columns
        if (expression := _masked_column(name, data_type)) is not None
    ]
    replace = f" REPLACE ({', '.join(replaced)})" if replaced else ""
    return f'SELECT *{replace} FROM "{relation}"'


def _masked_column(name: str, data_type: str) -> str | None:
    """The expression that masks column ``name`` of ``data_type``, or None to keep it."""
    kind = column_kind(name)
    if kind is None and kept_as_is(name):
        return None
    if data_type == "VARCHAR":
        return _mask_call(kind, f'"{name}"')
    if data_type == "VARCHAR[]":
        return f'list_transform("{name}", lambda v: {_mask_call(kind, "v")})'
    return None


def _mask_call(kind: str | None, value: str) -> str:
    if kind == EXTRA:
        return f"pii_mask_extra({value})"
    return f"pii_mask_kind('{kind}', {value})" if kind else f"pii_mask_text({value})"


def personal_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The base tables with at least one personal column (``classification.column_kind``)."""
    rows = con.execute(
        "SELECT DISTINCT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_name) WHERE t.table_type = 'BASE TABLE'"
    ).fetchall()
    return sorted({table for table, column in rows if column_kind(column) is not None})


def create_masked_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """``<table>_masked`` for every table holding personal columns (the macros defined first)."""
    create_masks(con)
    views = []
    for table in personal_tables(con):
        view = table + MASKED_SUFFIX
        con.execute(
            f"-- one row per row of {table}, personal data masked (docs/privacy.md)\n"
            f'CREATE OR REPLACE VIEW "{view}" AS {masked_select(con, table)}'
        )
        views.append(view)
    return views
