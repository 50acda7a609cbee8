"""`pipeline report`: one self-contained, well-formed HTML page with the charts and tables."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.report import open_warehouse, read_sections
from tests.analyst_data import analyst_warehouse
from tests.conftest import run_pipeline

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


@pytest.fixture
def page(workdir: Path) -> tuple[Path, Path]:
    warehouse = analyst_warehouse(workdir)
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
    assert {s.spec.key for s in sections} <= set(shape.ids)
    charted = [s for s in sections if s.spec.chart and s.frame is not None and not s.frame.empty]
    assert shape.tags.count("svg") == len(charted) >= 6
    text = "".join(shape.text)
    assert "roster.xyz" in text and "unsupported file type .xyz" in text
    assert "太原市第五中学" in text
    missing = [s.spec.key for s in sections if s.frame is None]
    assert missing == []
    assert "Not in this warehouse yet" not in text


@pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed: the test above checks the HTML structure"
)
def test_report_renders_in_headless_chromium(page: tuple[Path, Path]) -> None:
    assert CHROMIUM is not None
    _, path = page
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "Members per type" in dom and dom.count("<svg") >= 6


def test_report_of_a_missing_warehouse_is_a_usage_error(tmp_path: Path) -> None:
    result = run_pipeline(tmp_path, "report", "--warehouse", "nowhere.duckdb")
    assert result.returncode == 2
    assert "nowhere.duckdb: no warehouse yet" in result.stderr
