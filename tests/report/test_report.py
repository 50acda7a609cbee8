"""`pipeline report`: one self-contained, well-formed HTML page with the charts and tables."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from PIL import Image

from pipeline.report import headline_numbers, open_warehouse, read_sections
from pipeline.report.typeface import FAMILY
from tests.analyst_data import analyst_warehouse
from tests.conftest import SAMPLE, run_pipeline

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
VOID = frozenset({"meta", "br", "hr", "img", "link", "input", "col", "wbr"})


class PageShape(HTMLParser):
    """Tags in order, their ids and links, and any element closed out of order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.misnested: list[str] = []
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.ids += [found["id"]] if found.get("id") else []
        self.links += [v for k, v in attrs if k in ("href", "src") and v]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.misnested.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


#: A unit name of 88 characters, the kind that squeezed a chart to a sliver.
LONG_UNIT = "中国科学技术协会青少年科技中心" * 5 + "全国青少年科技创新大赛组织委员会办公室" * 2 + "秘书处" * 1


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The report of the analyst warehouse (made once: the tests only read it)."""
    workdir = tmp_path_factory.mktemp("report")
    shutil.copytree(SAMPLE, workdir / "raw")
    warehouse = analyst_warehouse(workdir)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE members SET unit_name = ? WHERE member_id = 'm4'", [LONG_UNIT])
    result = run_pipeline(workdir, "report", "--warehouse", str(warehouse), "--out", "out/report.html")
    assert result.returncode == 0, result.stderr
    return warehouse, workdir / "out" / "report.html"


def test_report_is_well_formed_self_contained_and_complete(page: tuple[Path, Path]) -> None:
    warehouse, path = page
    html = path.read_text(encoding="utf-8")
    shape = PageShape()
    shape.feed(html)
    shape.close()
    assert html.startswith("<!DOCTYPE html>")
    assert shape.misnested == [] and shape.stack == []
    assert "script" not in shape.tags
    assert all(link.startswith("#") for link in shape.links)
    with open_warehouse(warehouse) as con:
        sections = read_sections(con)
        headline = headline_numbers(con)
    assert {s.spec.key for s in sections} <= set(shape.ids)
    charted = [s for s in sections if s.spec.chart and s.frame is not None and not s.frame.empty]
    assert shape.tags.count("svg") == len(charted) >= 6
    text = "".join(shape.text)
    assert "roster.xyz" in text and "unsupported file type .xyz" in text
    assert "太原市第五中学" in text
    missing = [s.spec.key for s in sections if s.frame is None]
    assert missing == []
    assert "Not in this warehouse yet" not in text
    assert headline == {"documents": 6, "members": 5, "units": 2, "activities": 4, "quarantine": 1}
    assert "".join(f"<b>{n}</b>{name}" for name, n in headline.items()) in html.replace("</div><div>", "")
    for listed in ("documents", "activities", "targets", "unit_sizes", "runs"):
        assert listed in shape.ids
    assert "山西省青少年科技创新大赛" in text and "2014-03-01" in text  # the activities list


def test_report_cells_read_as_a_person_expects(page: tuple[Path, Path]) -> None:
    _, path = page
    html = path.read_text(encoding="utf-8")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    assert cells and not [c for c in cells if c in ("&lt;NA&gt;", "None", "nan", "NaT", "(none)")]
    assert not [c for c in cells if re.fullmatch(r"\d+\.0", c)]  # counts printed as 36.0
    assert "@font-face" in html and "data:font/woff;base64," in html  # Chinese without CJK fonts
    assert f"<title>{LONG_UNIT}</title>" in html  # the cut label keeps its whole name as a tooltip
    assert LONG_UNIT not in re.sub(r'<title>.*?</title>|title="[^"]*"', "", html)  # cut where shown


def test_quarantine_is_counted_by_reason_code(page: tuple[Path, Path]) -> None:
    with duckdb.connect(str(page[0]), read_only=True) as con:
        sections = {s.spec.key: s for s in read_sections(con)}
    section = sections["quarantine_by_reason"]
    assert section.spec.view == "quarantine_by_reason"
    assert section.frame is not None
    assert section.frame.to_dict("records") == [
        {"reason_code": "unsupported_type", "rows": 1, "files": 1, "example": section.frame["example"][0]}
    ]
    assert "unsupported file type .xyz" in section.frame["example"][0]


#: Appended to a copy of the report (which holds no script) to measure it in the browser.
PROBE = """<script>
document.fonts.ready.then(() => {
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    scroll_width: document.documentElement.scrollWidth,
    window_width: window.innerWidth,
    fonts: [...document.fonts].filter(f => f.status === "loaded").map(f => f.family.replace(/"/g, "")),
  });
  document.body.appendChild(probe);
});
</script>"""


@pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (.ci/run installs it): the tests above check the HTML"
)
def test_report_renders_in_headless_chromium(page: tuple[Path, Path], tmp_path: Path) -> None:
    """At A4 width (794 px) nothing is wider than the page, and the Chinese is set in the embedded
    font (this machine needs no CJK font); the screenshot is kept beside the page to look at."""
    assert CHROMIUM is not None
    _, path = page
    probed = tmp_path / "probed.html"
    probed.write_text(
        path.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run(
        [*browser, "--window-size=794,1123", "--virtual-time-budget=10000", "--dump-dom", probed.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom)
    assert found is not None, dom[-500:]
    probe = json.loads(unescape(found.group(1)))
    assert probe["scroll_width"] <= probe["window_width"] == 794
    assert FAMILY in probe["fonts"]
    assert "Members per type" in dom and dom.count("<svg") >= 6
    shot = path.with_suffix(".png")
    subprocess.run(
        [*browser, "--window-size=1000,3000", f"--screenshot={shot}", path.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    with Image.open(shot) as image:
        ink = sum(image.convert("L").histogram()[:128])
        assert image.size == (1000, 3000) and ink > 20_000  # text and bars, not a blank page


def test_report_of_a_missing_warehouse_is_a_usage_error(tmp_path: Path) -> None:
    result = run_pipeline(tmp_path, "report", "--warehouse", "nowhere.duckdb")
    assert result.returncode == 2
    assert "nowhere.duckdb: no warehouse yet" in result.stderr
