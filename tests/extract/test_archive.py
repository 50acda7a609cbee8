"""Zip archives read in memory: refused members, limits, lineage of the members' records."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.extract import zip_limits
from pipeline.extract.dispatch import extract_bytes
from pipeline.extract.sources import SourceFile
from pipeline.records import FileRecord, QuarantineRecord, TextRecord
from pipeline.settings import Settings

NOTICE = "关于开展2024年青少年科技创新大赛的通知\n各会员单位：\n".encode()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _read(data: bytes, name: str = "通知.zip") -> list:
    return extract_bytes(SourceFile(Path("/raw") / name, name), data, "0" * 64, Settings())


def test_members_keep_their_path_inside_the_archive_as_lineage() -> None:
    records = _read(_zip({"2024/通知 一.txt": NOTICE, "2024/通知 二.txt": NOTICE}))
    texts = [r.source_file for r in records if isinstance(r, TextRecord)]
    assert texts == ["通知.zip/2024/通知 一.txt", "通知.zip/2024/通知 二.txt"]
    files = {r.source_file: (r.status, r.records) for r in records if isinstance(r, FileRecord)}
    assert files["通知.zip"] == ("ok", 2)  # the archive counts its members' records, not their file rows
    assert files["通知.zip/2024/通知 一.txt"][0] == "ok"


@pytest.mark.parametrize(
    "name", ["..\\..\\evil.txt", "C:/Windows/evil.txt", "a/../../evil.txt", "/tmp/evil.txt"]
)
def test_members_whose_path_leaves_the_folder_are_refused(name: str) -> None:
    records = _read(_zip({name: NOTICE, "ok.txt": NOTICE}))
    refused = [r for r in records if isinstance(r, QuarantineRecord)]
    assert [(r.source_file, r.location) for r in refused] == [("通知.zip", f"member {name}")]
    assert "leaves the archive folder" in refused[0].reason
    assert [r.source_file for r in records if isinstance(r, TextRecord)] == ["通知.zip/ok.txt"]


def test_too_many_members_refuse_the_whole_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_limits, "MAX_MEMBERS", 3)
    records = _read(_zip({f"{i}.txt": NOTICE for i in range(4)}))
    assert [r.location for r in records if isinstance(r, QuarantineRecord)] == ["file"]
    assert "4 members, more than the 3 allowed" in records[0].reason
    assert records[-1].status == "quarantined"


def test_total_size_over_the_limit_is_refused_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_limits, "MAX_UNCOMPRESSED_BYTES", 1000)
    records = _read(_zip({"a.txt": NOTICE * 20}, zipfile.ZIP_STORED))
    assert "inflates to" in records[0].reason and records[-1].status == "quarantined"


def test_a_truncated_member_is_quarantined_alone() -> None:
    data = bytearray(_zip({"a.txt": NOTICE * 50, "b.txt": NOTICE}, zipfile.ZIP_STORED))
    start = data.index(NOTICE)
    data[start : start + 20] = b"\xff" * 20  # a.txt's bytes no longer match its CRC
    records = _read(bytes(data))
    refused = [r for r in records if isinstance(r, QuarantineRecord)]
    assert [r.location for r in refused] == ["member a.txt"]
    assert [r.source_file for r in records if isinstance(r, TextRecord)] == ["通知.zip/b.txt"]
