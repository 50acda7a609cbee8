"""The report as one self-contained HTML page: inline CSS, SVG charts and font, no scripts, no links out.

It reads on a machine without CJK fonts (the part of the shipped font the page uses is embedded) and
prints on A4: the page is at most 190 mm wide, long cells are cut with the whole text as a tooltip.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from html import escape
from itertools import groupby

import numpy as np
import pandas as pd

from pipeline.report.charts import draw_chart, figure_to_svg
from pipeline.report.queries import Section
from pipeline.report.typeface import CSS_FONTS, font_face_css

#: A cell longer than this many characters is cut, its whole text kept as the cell's tooltip.
CELL_CHARS = 60

_STYLE = f"""
body {{ font-family: {CSS_FONTS}; margin: 1.5em auto; max-width: 190mm; padding: 0 1em; color: #222;
       font-size: 14px; line-height: 1.45; }}
h1 {{ font-size: 1.6em; margin-bottom: .2em; }}
h2 {{ border-bottom: 2px solid #ccc; padding-bottom: .2em; margin-top: 2em; }}
h3 {{ margin: 1.5em 0 .4em; }}
.headline {{ display: flex; flex-wrap: wrap; gap: .6em; margin: 1em 0; }}
.headline div {{ flex: 1 1 8em; border: 1px solid #ddd; border-radius: 4px; padding: .5em .8em; }}
.headline b {{ display: block; font-size: 1.7em; }}
table.data {{ border-collapse: collapse; font-size: .9em; margin: .5em 0; width: 100%; }}
table.data th, table.data td {{ border: 1px solid #ddd; padding: .25em .5em; text-align: left;
                               vertical-align: top; overflow-wrap: anywhere; }}
table.data th {{ background: #f3f3f3; }}
table.data td.num {{ text-align: right; white-space: nowrap; }}
table.data td.date {{ white-space: nowrap; }}
tr.failed td {{ background: #fdecea; }}
figure {{ margin: 1em 0; }} figure svg {{ max-width: 100%; height: auto; }}
.note {{ color: #666; }}
nav ul {{ columns: 2; }}
@page {{ size: A4; margin: 12mm; }}
@media print {{ body {{ margin: 0; padding: 0; }} nav {{ display: none; }}
               section {{ break-inside: avoid-page; }} h2, h3 {{ break-after: avoid; }} }}
"""


def render_html(
    title: str,
    subtitle: str,
    headline: Mapping[str, int | None],
    counts: pd.DataFrame,
    sections: list[Section],
) -> str:
    """The whole page: headline numbers, a table of contents, each part's sections, the table counts."""
    parts = [(part, list(group)) for part, group in groupby(sections, key=lambda s: s.spec.part)]
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="note">{escape(subtitle)}; generated {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC</p>',
        _headline(headline),
        "<nav><ul>",
        *(
            f'<li><a href="#{s.spec.key}">{escape(part)}: {escape(s.spec.title)}</a></li>'
            for part, g in parts
            for s in g
        ),
        '<li><a href="#tables">Warehouse tables</a></li>',
        "</ul></nav>",
        *(f"<h2>{escape(part)}</h2>\n" + "\n".join(_section(s) for s in group) for part, group in parts),
        '<section id="tables">',
        "<h2>Warehouse tables</h2>",
        table_html(counts),
        "</section>",
    ]
    text = "\n".join(body)
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{font_face_css(text)}\n{_STYLE}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, text, "</body>", "</html>"]) + "\n"


def _headline(numbers: Mapping[str, int | None]) -> str:
    tiles = [
        f"<div><b>{'–' if count is None else f'{count:,}'}</b>{escape(name)}</div>"
        for name, count in numbers.items()
    ]
    return '<div class="headline">' + "".join(tiles) + "</div>"


def _section(section: Section) -> str:
    spec = section.spec
    body: list[str]
    if section.frame is None:
        body = [f'<p class="note">Not in this warehouse yet (view <code>{escape(spec.view)}</code>).</p>']
    elif section.frame.empty:
        body = ['<p class="note">No rows.</p>']
    else:
        figure = draw_chart(section)
        body = [f"<figure>{figure_to_svg(figure)}</figure>"] if figure is not None else []
        body.append(table_html(section.frame))
    return "\n".join([f'<section id="{spec.key}">', f"<h3>{escape(spec.title)}</h3>", *body, "</section>"])


def table_html(frame: pd.DataFrame) -> str:
    """The rows as a table: empty cells for missing values, whole numbers without decimals, dates
    without a time of day, long text cut with a tooltip; a row whose ``status`` is not ok is marked."""
    head = "".join(f"<th>{escape(str(column))}</th>" for column in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        values = dict(zip(frame.columns, record, strict=True))
        failed = (
            "status" in values and values["status"] not in (None, "ok") and not _missing(values["status"])
        )
        cells = "".join(_cell(value) for value in record)
        rows.append(f'<tr class="failed">{cells}</tr>' if failed else f"<tr>{cells}</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def cell_text(value: object) -> str:
    """How one value reads in a table.

    >>> [cell_text(v) for v in (None, pd.NA, float("nan"), 36.0, 2.5, 1234, ["市科协", "区科协"])]
    ['', '', '', '36', '2.5', '1234', '市科协、区科协']
    >>> cell_text(pd.Timestamp("2026-12-07 23:59:16.5")), cell_text(pd.Timestamp("2014-03-01"))
    ('2026-12-07 23:59:16', '2014-03-01')
    """
    if isinstance(value, np.generic):
        value = value.item()
    if _missing(value):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.3g}"
    if isinstance(value, pd.Timestamp | dt.datetime):  # DuckDB's DATE reaches pandas as midnight
        return (
            f"{value:%Y-%m-%d}"
            if value == value.replace(hour=0, minute=0, second=0, microsecond=0)
            else f"{value:%Y-%m-%d %H:%M:%S}"
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | np.ndarray):
        return "、".join(cell_text(item) for item in list(value))
    return str(value)


def _cell(value: object) -> str:
    text = cell_text(value)
    numeric = isinstance(value, int | float | np.integer | np.floating) and text != ""
    attrs = ' class="num"' if numeric else ' class="date"' if isinstance(value, dt.date) else ""
    if len(text) > CELL_CHARS:
        attrs += f' title="{escape(text)}"'
        text = text[: CELL_CHARS - 1] + "…"
    return f"<td{attrs}>{escape(text)}</td>"


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)
