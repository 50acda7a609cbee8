"""Hostile input: every case is quarantined with a reason or read, never crashes or hangs a run."""

from __future__ import annotations

import random
from pathlib import Path

from tests.conftest import query, run_pipeline

WAREHOUSE = "warehouse/association.duckdb"
NOTICE = "关于加强协会自身能力建设的通知\n联系电话：0351-6042229\n".encode()


def test_random_bytes_with_any_extension_are_quarantined(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    rng = random.Random(20261125)
    suffixes = [".txt", ".html", ".pdf", ".xlsx", ".xls", ".csv", ".docx", ".zip", ".bin", ""]
    for i, suffix in enumerate(suffixes):
        (raw / f"garbage_{i}{suffix}").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (raw / "ok.txt").write_bytes(NOTICE)
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    quarantined = query(tmp_path / WAREHOUSE, "SELECT source_file, reason FROM quarantine")
    assert {source for source, _ in quarantined} == {f"garbage_{i}{s}" for i, s in enumerate(suffixes)}
    assert all(reason and "internal error" not in reason for _, reason in quarantined)
    assert query(tmp_path / WAREHOUSE, "SELECT source_file FROM documents") == [("ok.txt",)]


def test_empty_and_whitespace_files_are_quarantined(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "zero.txt").write_bytes(b"")
    (raw / "blank.html").write_bytes(b"  \r\n\t\n")
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    reasons = dict(query(tmp_path / WAREHOUSE, "SELECT source_file, reason FROM quarantine"))
    assert set(reasons) == {"zero.txt", "blank.html"}
    assert all("empty" in reason for reason in reasons.values())


def test_huge_single_line_text_file_is_read(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    line = "科協工作計劃，發展會員。" * 400_000  # 4.8 M characters, 14 MB, no line break
    (raw / "one_line.txt").write_text(line, encoding="utf-8")
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    rows = query(tmp_path / WAREHOUSE, "SELECT length(text_clean), left(text_clean, 6) FROM documents")
    assert rows == [(len(line), "科协工作计划")]


def test_file_names_with_spaces_chinese_and_shell_metacharacters(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "子 目录; rm -rf ~").mkdir(parents=True)
    names = [
        "会员 通知 (2014).txt",
        "$(touch pwned) `id` & echo.txt",
        "quote ' and \" name.txt",
        "子 目录; rm -rf ~/通知|more>x.txt",
        "'; DROP TABLE documents; --.txt",
    ]
    for name in names:
        (raw / name).write_bytes(NOTICE)
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    sources = {row[0] for row in query(tmp_path / WAREHOUSE, "SELECT source_file FROM documents")}
    assert sources == set(names)
    assert not (tmp_path / "pwned").exists()
    assert query(tmp_path / WAREHOUSE, "SELECT count(*) FROM quarantine") == [(0,)]
