"""The report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no links out."""

from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd

from pipeline.report.charts import draw_chart, figure_to_svg
from pipeline.report.queries import Section

_STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 960px; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
table.data { border-collapse: collapse; font-size: .9em; margin: .5em 0; }
table.data th, table.data td { border: 1px solid #ddd; padding: .25em .6em; text-align: left; }
table.data th { background: #f3f3f3; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
.note { color: #666; }
"""


def render_html(title: str, subtitle: str, counts: pd.DataFrame, sections: list[Section]) -> str:
    """The whole page: a table of contents, the table counts, then each section's chart and table."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="note">{escape(subtitle)}; generated {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC</p>',
        "<nav><ul>",
        '<li><a href="#tables">Tables</a></li>',
        *(f'<li><a href="#{s.spec.key}">{escape(s.spec.title)}</a></li>' for s in sections),
        "</ul></nav>",
        '<section id="tables">',
        "<h2>Tables</h2>",
        _table(counts),
        "</section>",
        *(_section(s) for s in sections),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


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
        body.append(_table(section.frame))
    return "\n".join([f'<section id="{spec.key}">', f"<h2>{escape(spec.title)}</h2>", *body, "</section>"])


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, na_rep="", border=0, classes="data")
