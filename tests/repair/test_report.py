"""Run-summary counts, the per-line diff and the file entry point used by `pipeline repair`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.repair import repair_text
from pipeline.repair.report import count_repairs_by_kind, format_diff, repair_file

TEXT = "科協(xié)工作計劃\n以提高中心的`教學質量\n关于加强协会自身能力建设的通知"


def test_counts_are_per_fix_and_add_up_to_the_steps() -> None:
    steps = repair_text(TEXT).steps
    counts = count_repairs_by_kind(steps)
    assert counts == {"convert_to_simplified": 2, "strip_pinyin_annotations": 1, "remove_scraping_noise": 1}
    assert sum(counts.values()) == len(steps)


def test_diff_names_line_fix_and_change() -> None:
    diff = format_diff(repair_text(TEXT))
    assert "line 2  remove_scraping_noise (0.90)\n  - 以提高中心的`教學質量\n  + 以提高中心的教學質量" in diff
    assert "line 3" not in diff


def test_repair_file_detects_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(("科協(xie)工作計劃,為接下來的工作做準備。" * 20).encode("big5"))
    repaired, decoded = repair_file(path)
    assert decoded.encoding.lower().replace("-", "") in {"big5", "cp950", "big5hkscs"}
    assert repaired.text.startswith("科协工作计划,为接下来的工作做准备。")
    kept, _ = repair_file(path, keep_traditional=True)
    assert kept.text.startswith("科協工作計劃")


@pytest.mark.skipif(
    importlib.util.find_spec("pipeline.cli") is None, reason="pipeline/cli.py comes with the lead's branch"
)
def test_repair_command_prints_text_or_diff(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from pipeline.cli import cli

    path = tmp_path / "notice.txt"
    path.write_text("科協(xié)工作計劃\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["repair", str(path)]).output == "科协工作计划\n\n"
    kept = runner.invoke(cli, ["repair", str(path), "--keep-traditional"])
    assert kept.output.startswith("科協工作計劃")
    diff = runner.invoke(cli, ["repair", str(path), "--diff"])
    assert "line 1  strip_pinyin_annotations" in diff.output
