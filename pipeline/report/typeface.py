"""The CJK font that ships with the package, for every chart (PNG, SVG) and for the HTML report.

``fonts/NotoSansCJKsc-Subset.otf`` is Noto Sans CJK SC cut to GB2312 and the punctuation, Latin and
symbols notices use (SIL OFL 1.1, ``fonts/OFL.txt``; made by ``tools/make_cjk_font.py``). Charts name it
first and DejaVu Sans (matplotlib's own) second, so a character it lacks falls back glyph by glyph; the
report embeds the part of it that the page uses, so any browser shows the Chinese without CJK fonts.
"""

from __future__ import annotations

import base64
import functools
import io
from importlib import resources
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager

#: The family name inside the shipped font file.
FAMILY = "Noto Sans CJK SC"
#: What charts ask for: the shipped font, then matplotlib's own for what it lacks.
CHART_FONTS = [FAMILY, "DejaVu Sans"]
#: Browsers: the embedded font, then the reader's CJK fonts.
CSS_FONTS = f'"{FAMILY}", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


def font_file() -> Path:
    return Path(str(resources.files("pipeline.report") / "fonts" / "NotoSansCJKsc-Subset.otf"))


@functools.cache
def register_font() -> str:
    """Make the shipped font known to matplotlib (once per process); returns its family name."""
    font_manager.fontManager.addfont(str(font_file()))
    return FAMILY


def chart_style() -> dict[str, object]:
    """matplotlib settings for charts with Chinese text: fonts named on every text (so a figure drawn
    later, say by a notebook's display, still uses them), SVG text kept as text, an ASCII minus sign."""
    register_font()
    return {"font.family": CHART_FONTS, "svg.fonttype": "none", "axes.unicode_minus": False}


def use_cjk_font() -> None:
    """For a notebook or script drawing its own charts: every later figure uses the shipped font."""
    import matplotlib

    matplotlib.rcParams.update(chart_style())


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule embedding the shipped font cut to the characters of ``text`` (WOFF)."""
    wanted = sorted({ord(ch) for ch in text if ord(ch) > 0x7F} | set(range(0x20, 0x7F)))
    font = TTFont(font_file())
    options = subset.Options()
    options.flavor = "woff"
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []
    options.desubroutinize = True  # with no layout tables to cut: 4.7 s to 2.2 s for a report's page
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=wanted)
    cutter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{FAMILY}"; src: url(data:font/woff;base64,{data}) format("woff"); }}'
