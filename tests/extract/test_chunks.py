"""Extract and transform written a file and a document at a time give the tables of one whole write."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import pipeline.extract
import pipeline.transform
from pipeline.settings import Settings
from tests.conftest import SAMPLE
from tests.extract.test_incremental import change_the_sample


def staged_tables(staged: Path) -> dict[str, list[dict]]:
    return {
        f"{stage}/{path.stem}": pq.read_table(path).to_pylist()
        for stage in ("extract", "transform")
        for path in sorted((staged / stage).glob("*.parquet"))
    }


def run_stages(settings: Settings, run_id: str) -> None:
    pipeline.extract.extract(settings, run_id)
    pipeline.transform.transform(settings, run_id)


def add_an_archive_among_look_alikes(raw: Path) -> None:
    """b.zip's members (b.zip/m.txt) sort after b.zip-2.txt and b.zip.txt, which are read after it."""
    notice = (raw / "002_a455499d0de7c8e9.txt").read_bytes()
    with zipfile.ZipFile(raw / "b.zip", "w") as archive:
        archive.writestr(zipfile.ZipInfo("m.txt", date_time=(2024, 5, 1, 0, 0, 0)), notice)
        archive.writestr(
            zipfile.ZipInfo("n.txt", date_time=(2024, 5, 1, 0, 0, 0)), notice.replace(b"2014", b"2019")
        )
    (raw / "b.zip-2.txt").write_bytes(notice.replace(b"2014", b"2016"))
    (raw / "b.zip.txt").write_bytes(notice.replace(b"2014", b"2017"))


def two_nights(folder: Path, add: Callable[[Path], None] | None = None) -> dict[str, list[dict]]:
    """A full run on the sample with an archive (and what ``add`` puts in raw/), then a run after a
    night's changes: the staged tables."""
    raw = folder / "raw"
    shutil.copytree(SAMPLE, raw)
    add_an_archive_among_look_alikes(raw)
    if add is not None:
        add(raw)
    settings = Settings(raw=raw, staged=folder / "staged", keep_deleted=True)
    run_stages(settings.model_copy(update={"full": True}), "r1")
    change_the_sample(raw)
    run_stages(settings, "r2")  # carries the unchanged files' rows over
    return staged_tables(settings.staged)


def test_one_file_and_one_document_at_a_time_equals_one_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(pipeline.extract, "CHUNK_FILES", 1)
        patch.setattr(pipeline.transform, "DOCUMENT_BATCH", 1)
        chunked = two_nights(tmp_path / "chunked")
    assert chunked == two_nights(tmp_path / "whole")
    files = [row["source_file"] for row in chunked["extract/files"]]
    assert files.index("b.zip.txt") < files.index("b.zip/m.txt")
    assert {"003_62f9b516145e5a1b.txt": "deleted"}.items() <= {
        row["source_file"]: row["status"] for row in chunked["extract/files"]
    }.items()
    assert len(chunked["transform/documents"]) > 8 and chunked["transform/unit_mentions"]
