"""Charts of the report sections, as matplotlib Figures (no pyplot state) and as inline SVG.

Every text is set in the shipped CJK font (``typeface``); a label longer than ``LABEL_CHARS`` is cut
with an ellipsis and keeps its whole text as the SVG tooltip; legends sit right of the bars; count
axes have integer ticks only.
"""

from __future__ import annotations

import io
import re
import unicodedata
from html import escape

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from pipeline.report.queries import Chart, Section
from pipeline.report.typeface import chart_style

#: Labels wider than this are cut (a unit name of 88 characters squeezed its chart to a sliver); a
#: Chinese character counts two, as it is twice as wide as a Latin letter.
LABEL_WIDTH = 32
_NONE = "(none)"


def draw_chart(section: Section) -> Figure | None:
    """The section's chart; None when it has no chart or no rows."""
    chart, frame = section.spec.chart, section.frame
    if chart is None or frame is None or frame.empty:
        return None
    data = _chart_data(frame, chart)
    with rc_context(chart_style()):
        horizontal = chart.kind != "bar"
        height = min(1.2 + 0.32 * len(data), 9) if horizontal else 3.5
        figure = Figure(figsize=(8, height), layout="constrained")
        axes = figure.subplots()
        positions = np.arange(len(data))
        base = np.zeros(len(data))
        bars = []
        for column in data.columns:
            values = data[column].to_numpy(dtype=float)
            label = cut_label(str(column))
            if horizontal:
                bars.append(axes.barh(positions, values, left=base, label=label))
            else:
                bars.append(axes.bar(positions, values, bottom=base, label=label))
            base += values
        _label_categories(axes, [str(x) for x in data.index], horizontal, section.spec.key)
        count_axis = axes.xaxis if horizontal else axes.yaxis
        count_axis.set_major_locator(MaxNLocator(integer=True))
        count_axis.set_label_text(chart.y)
        (axes.yaxis if horizontal else axes.xaxis).set_label_text("" if horizontal else chart.x)
        if horizontal:
            axes.invert_yaxis()
        if chart.group is not None:
            axes.legend(
                handles=bars, title=chart.group, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False
            )
        axes.spines[["top", "right"]].set_visible(False)
    return figure


def _label_categories(axes: Axes, labels: list[str], horizontal: bool, key: str) -> None:
    """The bars' labels, cut to ``LABEL_WIDTH``; a cut label of a horizontal chart is a text of its
    own (tick labels are remade at each draw) holding the whole label for the SVG tooltip."""
    if not horizontal:
        axes.set_xticks(range(len(labels)), [cut_label(label) for label in labels])
        return
    axes.set_yticks(range(len(labels)))
    axes.tick_params(axis="y", labelleft=False)
    beside = blended_transform_factory(axes.transAxes, axes.transData)
    for number, label in enumerate(labels):
        cut = cut_label(label)
        gid = f"{key}-label-{number}" if cut != label else None
        axes.text(-0.015, number, cut, transform=beside, ha="right", va="center", gid=gid, label=label)


def figure_to_svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element with its text kept as text, cut labels with a tooltip."""
    buffer = io.StringIO()
    with rc_context(chart_style()):
        figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    for text in figure.findobj(Text):
        if (gid := text.get_gid()) is not None:
            title = f"<title>{escape(text.get_label())}</title>"
            svg = re.sub(f'(<g id="{re.escape(gid)}"[^>]*>)', lambda m, t=title: m.group(1) + t, svg)
    return svg


def cut_label(label: str) -> str:
    """``label`` cut to ``LABEL_WIDTH`` with an ellipsis.

    >>> cut_label("太原市第五中学"), cut_label("convert_to_simplified")
    ('太原市第五中学', 'convert_to_simplified')
    >>> cut_label("中国科学技术协会青少年科技中心全国青少年科技创新大赛组织委员会办公室")
    '中国科学技术协会青少年科技中心…'
    """
    widths = [2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label]
    if sum(widths) <= LABEL_WIDTH:
        return label
    kept = next(i for i in range(len(label)) if sum(widths[: i + 1]) > LABEL_WIDTH - 2)
    return label[:kept] + "…"


def _chart_data(frame: pd.DataFrame, chart: Chart) -> pd.DataFrame:
    """Rows to plot: one bar per x (top ``chart.top`` by total), one column per group when stacked."""
    labelled = frame.assign(**{chart.x: frame[chart.x].astype("string").fillna(_NONE)})
    if chart.group is None:
        data = labelled.set_index(chart.x)[[chart.y]]
    else:
        labelled = labelled.assign(**{chart.group: labelled[chart.group].astype("string").fillna(_NONE)})
        data = labelled.pivot_table(
            index=chart.x, columns=chart.group, values=chart.y, aggfunc="sum", fill_value=0, sort=False
        )
    data = data.fillna(0)
    data = data[data.sum(axis=1) > 0]  # units without members make no bar
    if chart.top is not None:
        data = data.loc[data.sum(axis=1).sort_values(ascending=False, kind="stable").index[: chart.top]]
    return data
