"""Charts with Chinese labels draw every glyph (no tofu), keep legends off the bars and count in integers."""

from __future__ import annotations

import io
import warnings

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from pipeline.report.charts import draw_chart, figure_to_svg
from pipeline.report.queries import Section, section_specs
from pipeline.report.typeface import FAMILY

UNITS = [
    "太原市第五中学",
    "晋中市青少年宫（含流动科技馆）",
    "中国科学技术协会青少年科技中心" * 4,
    "大同市科技馆",
]


def section(key: str, frame: pd.DataFrame) -> Section:
    (spec,) = [s for s in section_specs() if s.key == key]
    return Section(spec, frame)


def members_by_unit() -> Section:
    rows = [(unit, kind, n) for unit in UNITS for kind, n in (("个人会员", 7), ("理事", 2))]
    return section("members_by_unit", pd.DataFrame(rows, columns=["unit_name", "member_type", "members"]))


def drawn(figure: Figure | None) -> tuple[Figure, bytes, str]:
    """The figure as PNG and SVG, with any warning (a glyph missing from the font) raised."""
    assert figure is not None
    png = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(png, format="png")
        svg = figure_to_svg(figure)
    return figure, png.getvalue(), svg


def test_chinese_labels_are_drawn_in_the_shipped_font_without_a_missing_glyph() -> None:
    _, png, svg = drawn(draw_chart(members_by_unit()))
    assert png.startswith(b"\x89PNG")
    assert "太原市第五中学" in svg and "个人会员" in svg  # SVG text stays text
    assert FAMILY in svg  # and names the font it was measured with


def test_a_glyph_missing_from_every_font_is_caught() -> None:
    """The check above can fail: a character no shipped font has (Linear B) warns."""
    frame = pd.DataFrame({"member_type": ["\U00010000会员"], "members": [3], "units": [1]})
    with pytest.raises(UserWarning, match="missing from font"):
        drawn(draw_chart(section("members_by_type", frame)))


def test_legend_sits_outside_the_bars_and_counts_are_integers() -> None:
    figure, _, _ = drawn(draw_chart(members_by_unit()))
    (axes,) = figure.axes
    renderer = FigureCanvasAgg(figure).get_renderer()
    legend = axes.get_legend()
    assert legend is not None
    assert legend.get_window_extent(renderer).x0 >= axes.get_window_extent(renderer).x1
    ticks = [t for t in axes.get_xticks() if axes.get_xlim()[0] <= t <= axes.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_a_long_label_is_cut_and_keeps_its_whole_text_as_tooltip() -> None:
    figure, _, svg = drawn(draw_chart(members_by_unit()))
    assert f"<title>{UNITS[2]}</title>" in svg
    (axes,) = figure.axes
    renderer = FigureCanvasAgg(figure).get_renderer()
    assert axes.get_window_extent(renderer).width > figure.bbox.width * 0.5  # not squeezed to a sliver
