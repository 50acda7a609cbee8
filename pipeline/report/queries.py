"""The analyst sections of the report and the notebook: which view, which chart, read into DataFrames."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

import duckdb
import pandas as pd

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
    key: str
    title: str
    view: str
    chart: Chart | None
    limit: int = 100
    order_by: str | None = None


@dataclass(frozen=True)
class Section:
    """One section read from the warehouse; ``frame`` is None when its view is not in the warehouse."""

    spec: SectionSpec
    frame: pd.DataFrame | None


@functools.cache
def report_config() -> dict[str, object]:
    return json.loads((resources.files("pipeline.report") / "sections.json").read_text(encoding="utf-8"))


def section_specs() -> list[SectionSpec]:
    """The sections, in report order (pipeline/report/sections.json)."""
    return [
        SectionSpec(**{**raw, "chart": Chart(**raw["chart"]) if raw.get("chart") else None})
        for raw in report_config()["sections"]
    ]


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
                _count(con, name) if kind == "BASE TABLE" else None,
            )
            for name, kind in names
        ],
        columns=["name", "type", "rows"],
    ).astype({"rows": "Int64"})  # views have no count: without Int64 the counts would read 9.0


def read_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    """Every section with its rows (a section whose view is missing has ``frame`` None), read through
    the personal-data masks as an export is (``privacy.sql.masked_select``): the report is mailed."""
    create_masks(con, temporary=True)
    present = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [Section(spec, _read(con, spec) if spec.view in present else None) for spec in section_specs()]


def _read(con: duckdb.DuckDBPyConnection, spec: SectionSpec) -> pd.DataFrame:
    order = f" ORDER BY {spec.order_by}" if spec.order_by else ""
    return con.execute(f"SELECT * FROM ({masked_select(con, spec.view)}){order} LIMIT {int(spec.limit)}").df()


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])
