"""The analyst sections of the report and the notebook: which view, which chart, read into DataFrames."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

import duckdb
import pandas as pd

from pipeline.duck import count_rows
from pipeline.privacy.sql import create_masks, masked_select


@dataclass(frozen=True)
class Chart:
    """How to draw a section: ``barh``/``bar`` of y by x, or ``stacked`` bars of y by x and group."""

    kind: str
    x: str
    y: str
    group: str | None = None
    top: int | None = None


@dataclass(frozen=True)
class SectionSpec:
    """One section of pipeline/report/sections.json: the rows of ``view`` (only ``columns`` when given),
    in the report's ``part``. Two specs may share a ``key``: the first whose view exists is read."""

    key: str
    title: str
    view: str
    chart: Chart | None
    part: str = ""
    columns: tuple[str, ...] | None = None
    limit: int = 100
    order_by: str | None = None


@dataclass(frozen=True)
class Section:
    """One section read from the warehouse; ``frame`` is None when its view is not in the warehouse."""

    spec: SectionSpec
    frame: pd.DataFrame | None


#: The headline numbers of the report, in order.
HEADLINE_TABLES = ("documents", "members", "units", "activities", "quarantine")


@functools.cache
def report_config() -> dict[str, object]:
    return json.loads((resources.files("pipeline.report") / "sections.json").read_text(encoding="utf-8"))


def section_specs() -> list[SectionSpec]:
    """The sections, in report order (pipeline/report/sections.json)."""
    return [
        SectionSpec(
            **{
                **raw,
                "chart": Chart(**raw["chart"]) if raw.get("chart") else None,
                "columns": tuple(raw["columns"]) if raw.get("columns") else None,
            }
        )
        for raw in report_config()["sections"]
    ]


def headline_numbers(con: duckdb.DuckDBPyConnection) -> dict[str, int | None]:
    """Rows of the tables an analyst counts first; None for a table the warehouse lacks."""
    present = _names(con)
    return {table: count_rows(con, table) if table in present else None for table in HEADLINE_TABLES}


def table_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows per base table, and the views, of the warehouse."""
    names = con.execute(
        "SELECT table_name, table_type FROM information_schema.tables ORDER BY table_type, table_name"
    ).fetchall()
    return pd.DataFrame(
        [
            (
                name,
                "table" if kind == "BASE TABLE" else "view",
                count_rows(con, name) if kind == "BASE TABLE" else None,
            )
            for name, kind in names
        ],
        columns=["name", "type", "rows"],
    ).astype({"rows": "Int64"})  # views have no count: without Int64 the counts would read 9.0


def read_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    """Every section with its rows (a section whose view is missing has ``frame`` None), read through
    the personal-data masks as an export is (``privacy.sql.masked_select``): the report is mailed. Of
    the specs sharing a key, the first whose view is in the warehouse (else the last, without rows)."""
    create_masks(con, temporary=True)
    present = _names(con)
    chosen: dict[str, SectionSpec] = {}
    for spec in section_specs():
        if spec.key not in chosen or chosen[spec.key].view not in present:
            chosen[spec.key] = spec
    return [Section(spec, _read(con, spec) if spec.view in present else None) for spec in chosen.values()]


def _read(con: duckdb.DuckDBPyConnection, spec: SectionSpec) -> pd.DataFrame:
    order = f" ORDER BY {spec.order_by}" if spec.order_by else ""
    columns = ", ".join(f'"{c}"' for c in spec.columns) if spec.columns else "*"
    masked = masked_select(con, spec.view)
    return con.execute(f"SELECT {columns} FROM ({masked}){order} LIMIT {int(spec.limit)}").df()


def _names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
