"""The analyst side of the warehouse: the HTML report, and the sections and charts notebooks use.

``report(warehouse, out)`` is what ``pipeline report`` calls. Notebooks use the same pieces::

    from pipeline.report import open_warehouse, read_sections, draw_chart, use_cjk_font
"""

from __future__ import annotations

from pathlib import Path

from pipeline.duck import open_warehouse
from pipeline.errors import UsageError
from pipeline.report.charts import draw_chart, figure_to_svg
from pipeline.report.html import render_html
from pipeline.report.queries import Section, headline_numbers, read_sections, table_counts
from pipeline.report.typeface import use_cjk_font

__all__ = [
    "Section",
    "draw_chart",
    "figure_to_svg",
    "headline_numbers",
    "open_warehouse",
    "read_sections",
    "report",
    "table_counts",
    "use_cjk_font",
]


def report(warehouse: Path, out: Path | None = None) -> Path:
    """Write a self-contained HTML report of ``warehouse`` to ``out`` (default: report.html beside it)."""
    target = out if out is not None else warehouse.parent / "report.html"
    with open_warehouse(warehouse) as con:
        page = render_html(
            title="assoc-pipeline warehouse report",
            subtitle=f"warehouse {warehouse}",
            headline=headline_numbers(con),
            counts=table_counts(con),
            sections=read_sections(con),
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as err:
        raise UsageError(
            f"{target}: cannot write the report ({err.strerror or err}): pass --out PATH"
        ) from err
    return target
