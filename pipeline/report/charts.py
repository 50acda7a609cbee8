"""Charts of the report sections, as matplotlib Figures (no pyplot state) and as inline SVG."""

from __future__ import annotations

import io
import warnings

import pandas as pd
from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure

from pipeline.report.queries import Chart, Section, report_config

_MISSING_GLYPH = r"Glyph .* missing from font"


def draw_chart(section: Section) -> Figure | None:
    """The section's chart; None when it has no chart or no rows."""
    chart, frame = section.spec.chart, section.frame
    if chart is None or frame is None or frame.empty:
        return None
    data = _chart_data(frame, chart)
    with rc_context({"font.sans-serif": [*_cjk_fonts(), "DejaVu Sans"], "svg.fonttype": "none"}):
        height = 1.2 + 0.3 * len(data) if chart.kind != "bar" else 3.5
        figure = Figure(figsize=(8, min(height, 9)), layout="constrained")
        axes = figure.subplots()
        kind = "bar" if chart.kind == "bar" else "barh"
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=_MISSING_GLYPH)
            data.plot(kind=kind, stacked=chart.group is not None, ax=axes, legend=chart.group is not None)
            axes.set_title(section.spec.title)
            axes.set_xlabel(chart.y if kind == "barh" else chart.x)
            axes.set_ylabel("" if kind == "barh" else chart.y)
            if kind == "barh":
                axes.invert_yaxis()
            figure.canvas.draw_idle()
    return figure


def figure_to_svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element with its text kept as text (so browsers render Chinese)."""
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none"}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_MISSING_GLYPH)
        figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _chart_data(frame: pd.DataFrame, chart: Chart) -> pd.DataFrame:
    """Rows to plot: one bar per x (top ``chart.top`` by total), one column per group when stacked."""
    labelled = frame.assign(**{chart.x: frame[chart.x].astype("string").fillna("(none)")})
    if chart.group is None:
        data = labelled.set_index(chart.x)[[chart.y]]
    else:
        data = labelled.pivot_table(
            index=chart.x, columns=chart.group, values=chart.y, aggfunc="sum", fill_value=0, sort=False
        )
    if chart.top is not None:
        data = data.loc[data.sum(axis=1).sort_values(ascending=False).index[: chart.top]]
    return data


def _cjk_fonts() -> list[str]:
    """The CJK fonts of the config that are installed (asking for others makes matplotlib warn)."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in report_config()["cjk_fonts"] if name in installed]
