"""notebooks/explore_warehouse.ipynb runs from top to bottom on the sample's warehouse (so it cannot rot)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.analyst_data import analyst_warehouse
from tests.conftest import REPO

NOTEBOOK = REPO / "notebooks" / "explore_warehouse.ipynb"


def test_notebook_runs_and_draws_its_charts(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse = analyst_warehouse(workdir)
    monkeypatch.setenv("PIPELINE_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    NotebookClient(
        notebook, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(workdir)}}
    ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    printed = "".join(output.get("text", "") for output in outputs if output.output_type == "stream")
    assert "missing from font" not in printed, printed  # tofu boxes in a chart
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) >= 6
    tables = "".join(output.get("data", {}).get("text/html", "") for output in outputs)
    assert "太原市第五中学" in tables and "roster.xyz" in tables and "members_by_type" in tables
