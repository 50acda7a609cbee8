"""Run-summary counts, the per-line diff and the file entry point used by `pipeline repair`."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.repair import repair_text
from pipeline.repair.report import count_repairs_by_kind, format_diff, repair_file
from tests.conftest import run_pipeline

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


def test_repair_command_prints_text_or_diff(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("科協(xié)工作計劃\n20xx年工作打算\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["repair", str(path)]).output == "科协工作计划\n20xx年工作打算\n"
    kept = runner.invoke(cli, ["repair", str(path), "--keep-traditional"])
    assert kept.output == "科協工作計劃\n20xx年工作打算\n"
    diff = runner.invoke(cli, ["repair", str(path), "--diff"]).output
    assert "line 1  strip_pinyin_annotations (0.95)\n  - 科協(xié)工作計劃\n  + 科協工作計劃" in diff
    assert diff.endswith("template placeholders, not dates: 20xx\n")


def test_repair_command_names_the_file_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 4)
    result = run_pipeline(tmp_path, "repair", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {path}: binary content")


def test_repair_command_reads_a_word_file_through_its_reader(tmp_path: Path) -> None:
    path = tmp_path / "notice.docx"
    document = docx.Document()
    document.add_paragraph("鍏充簬鍔犲己鍗忎細")  # pasted mojibake inside a Word notice
    document.add_paragraph("科協(xié)工作計劃")
    document.save(path)
    result = CliRunner().invoke(cli, ["repair", str(path)])
    assert result.exit_code == 0
    assert result.output.split() == ["关于加强协会", "科协工作计划"]


def test_repair_command_refuses_a_spreadsheet_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "手机"])
    book.save(path)
    result = run_pipeline(tmp_path, "repair", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: a xlsx file holds rows")
    assert result.stderr.count("\n") == 1
