"""Export one warehouse table or view for sharing: Parquet, CSV or XLSX.

CSV and XLSX cells that start with ``= + - @`` (or a tab or carriage return) are prefixed with ``'`` so a
spreadsheet shows them as text instead of running them as formulas (CSV injection). Personal data
goes out masked unless it is asked for explicitly (``with_pii``): a table with a masked view
(``members`` -> ``members_masked``) is exported from that view, any other table or view through the same
masks (``privacy.sql.masked_select``), so no export holds a full ID number, phone or e-mail by default.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from pipeline.duck import open_warehouse
from pipeline.errors import UsageError
from pipeline.privacy.sql import MASKED_SUFFIX, create_masks, masked_select

if TYPE_CHECKING:  # pandas is imported by the spreadsheet exports alone: the command line starts without it
    import pandas as pd

FORMATS = ("parquet", "csv", "xlsx")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XLSX_MAX_ROWS = 1_048_575
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportSummary:
    source: str
    rows: int
    out: Path


def neutralize_formula(value: str) -> str:
    """A cell a spreadsheet would run as a formula, turned into text.

    >>> neutralize_formula("=HYPERLINK(\\"http://x\\",\\"点击\\")")
    '\\'=HYPERLINK("http://x","点击")'
    >>> neutralize_formula("太原市第五中学")
    '太原市第五中学'
    """
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def export(warehouse: Path, table: str, fmt: str, out: Path, with_pii: bool = False) -> ExportSummary:
    """Write ``table`` of ``warehouse`` to ``out`` as ``fmt``, masked unless ``with_pii``."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: unknown format: use one of {', '.join(FORMATS)}")
    with open_warehouse(warehouse) as con:
        names = {
            name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        source = _source(warehouse, table, names, with_pii)
        if with_pii:
            relation = con.sql(f'SELECT * FROM "{source}"')
        else:  # a masked view too: one built by an older pipeline may mask less
            create_masks(con, temporary=True)
            relation = con.sql(masked_select(con, source))
        data = relation.to_arrow_table() if fmt == "parquet" else _spreadsheet_safe(relation.df())
    rows = data.num_rows if fmt == "parquet" else len(data)
    if fmt == "xlsx" and rows > _XLSX_MAX_ROWS:
        raise UsageError(f"{source}: {rows} rows do not fit in one XLSX sheet: use --format csv or parquet")
    scratch = out.with_name(f".{out.name}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            pq.write_table(data, scratch)
        elif fmt == "csv":
            data.to_csv(scratch, index=False, encoding="utf-8-sig")  # the BOM lets Excel read UTF-8 Chinese
        else:
            data.to_excel(scratch, index=False, sheet_name=table[:31], engine="openpyxl")
        os.replace(scratch, out)
    except OSError as err:
        scratch.unlink(missing_ok=True)
        raise UsageError(f"{out}: cannot write the export ({err.strerror or err}): pass --out PATH") from err
    return ExportSummary(source=source, rows=rows, out=out)


def _source(warehouse: Path, table: str, names: set[str], with_pii: bool) -> str:
    """``table``, or its masked view when it has one and personal data was not asked for."""
    if table not in names:
        raise UsageError(
            f"{warehouse}: no table or view {table!r}: choose one of {', '.join(sorted(names))} (--table T)"
        )
    masked = table + MASKED_SUFFIX
    return masked if not with_pii and masked in names else table


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralized (see neutralize_formula), lists joined with '; ' first."""
    import numpy as np
    import pandas as pd

    sequences = (list, tuple, np.ndarray)
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_object_dtype(safe[column]) or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda value: _safe_cell(value, sequences))
    return safe


def _safe_cell(value: object, sequences: tuple[type, ...]) -> object:
    """A cell as text a spreadsheet shows: lists (any of ``sequences``) joined, formulas neutralized, and
    the control characters XLSX cannot hold (the excerpt of a binary file in quarantine) as U+FFFD."""
    if isinstance(value, sequences):
        value = "; ".join(map(str, value))
    return _CONTROL.sub("\ufffd", neutralize_formula(value)) if isinstance(value, str) else value
