"""A big file's rows go to disk while it is read (``extract.spool``) and big files are mapped, not read
(``SourceFile.read``): the staged tables are those of a run that holds everything."""

from __future__ import annotations

import hashlib
import mmap
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline.extract
import pipeline.extract.sources
import pipeline.extract.spool
from pipeline import runner
from pipeline.errors import PipelineError, UnreadableInput
from pipeline.extract.rosters.csv import extract_csv_roster
from pipeline.extract.sources import SourceFile, in_memory
from pipeline.extract.spool import RowSpool
from pipeline.records import RosterRow
from pipeline.settings import Settings
from pipeline.staging import SpilledBatch, StagedBatch, arrow_schema
from tests.conftest import REPO, SAMPLE, no_space, roster_raw
from tests.extract.test_chunks import add_an_archive_among_look_alikes, run_stages, staged_tables, two_nights
from tests.fixtures.make_rosters import people, write_member_csv

SMALL = 3  # rows a spool holds before it writes to disk


def roster_rows(first_row: int, count: int) -> pa.Table:
    rows = [
        {name: None for name in arrow_schema(RosterRow).names}
        | {"source_file": "名单.csv", "sha256": "ab", "sheet": "名单.csv", "row": row, "kind": "members"}
        | {"name": f"会员{row}"}
        for row in range(first_row, first_row + count)
    ]
    return pa.Table.from_pylist(rows, schema=arrow_schema(RosterRow))


@pytest.fixture
def small_spool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(pipeline.extract.spool, "SPOOL_ROWS", SMALL)
    yield


@pytest.mark.usefixtures("small_spool")
def test_a_spool_holds_few_rows_and_writes_many_to_one_file_read_back_in_order(tmp_path: Path) -> None:
    few = RowSpool(RosterRow, "名单.csv", tmp_path)
    few.add(roster_rows(2, SMALL))
    assert [type(item) for item in few.items()] == [StagedBatch]
    assert list(tmp_path.iterdir()) == []

    many = RowSpool(RosterRow, "名单.csv", tmp_path)
    for first in (2, 4, 9):
        many.add(roster_rows(first, 2 if first < 9 else 5))
    [spilled] = many.items()
    assert isinstance(spilled, SpilledBatch) and spilled.num_rows == 9
    assert spilled.path.parent == tmp_path
    pieces = list(spilled.tables(4))
    assert [piece.num_rows for piece in pieces] == [4, 5]  # whole written tables, about 4 rows a piece
    assert pa.concat_tables(pieces)["row"].to_pylist() == [2, 3, 4, 5, 9, 10, 11, 12, 13]
    assert not spilled.path.exists()  # read once, then gone

    unheld = RowSpool(RosterRow, "名单.csv", None)  # no folder: everything held
    unheld.add(roster_rows(2, 10))
    assert [type(item) for item in unheld.items()] == [StagedBatch]


@pytest.mark.usefixtures("small_spool")
def test_a_file_that_fails_late_leaves_no_spilled_rows(tmp_path: Path) -> None:
    csv = tmp_path / "名单.csv"
    write_member_csv(csv, people(2000), "gbk")
    data = csv.read_bytes()
    at = data.index(b"\r\n", len(data) * 3 // 4) + 2
    assert at > 65536  # past the head the encoding is detected from
    broken = data[:at] + b"\x81\x20" + data[at:]  # a GBK lead byte with no trail byte, past the first rows
    spill = tmp_path / "spill"
    spill.mkdir()
    source = SourceFile(csv, "名单.csv")
    with pytest.raises(UnreadableInput, match="not valid gb18030"):
        extract_csv_roster(source, broken, "ab", "csv", Settings(spill=spill), block_size=4096)
    assert list(spill.iterdir()) == []
    [spilled] = [
        item
        for item in extract_csv_roster(source, data, "ab", "csv", Settings(spill=spill), block_size=4096)
        if isinstance(item, SpilledBatch)
    ]
    assert spilled.num_rows == 2000 and [p.name for p in spill.iterdir()] == [spilled.path.name]


def test_a_big_file_is_mapped_with_the_hash_of_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "名单.csv"
    write_member_csv(path, people(200), "gbk")
    source = SourceFile(path, "名单.csv")
    held, held_hash = source.read()
    monkeypatch.setattr(pipeline.extract.sources, "MAP_BYTES", 1024)
    mapped, mapped_hash = source.read()
    assert isinstance(held, bytes) and isinstance(mapped, mmap.mmap)
    assert mapped_hash == held_hash == source.sha256() == hashlib.sha256(path.read_bytes()).hexdigest()
    assert in_memory(mapped) == held
    as_bytes = extract_csv_roster(source, held, held_hash, "csv", Settings(), block_size=4096)
    as_mapped = extract_csv_roster(source, mapped, mapped_hash, "csv", Settings(), block_size=4096)
    assert [item.table for item in as_mapped] == [item.table for item in as_bytes]  # type: ignore[union-attr]


_READ_THEN_TRUNCATE = """
import hashlib, sys
from pathlib import Path
import pipeline.extract.sources as sources
sources.MAP_BYTES = 1024
path = Path(sys.argv[1])
data, digest = sources.SourceFile(path, path.name).read()
path.write_bytes(b"")  # truncated in place, as `cp new.csv raw/...` does while the run reads it
print(digest, hashlib.sha256(sources.in_memory(data)).hexdigest())
"""


def test_a_mapped_file_truncated_while_it_is_read_keeps_the_bytes_that_were_hashed(tmp_path: Path) -> None:
    """In a child process: reading a mapped page of a file truncated since killed the reader (SIGBUS)."""
    path = tmp_path / "名单.csv"
    write_member_csv(path, people(200), "gbk")
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    child = subprocess.run(
        [sys.executable, "-c", _READ_THEN_TRUNCATE, str(path)], capture_output=True, text=True, cwd=REPO
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == [expected, expected]


def add_rosters(raw: Path) -> None:
    """Rosters of a few spool sizes: in raw/, in the archive among look-alikes (b.zip), and in the last
    file read, an archive whose first roster sorts after its second."""
    write_member_csv(raw / "a名单.csv", people(40, seed=1), "gbk")
    write_member_csv(raw / "b.zip-名单.csv", people(7, seed=2), "utf-8")
    roster = raw / "member.csv"
    for archive_name, members in (("b.zip", {"名单/会员.csv": 25}), ("zz.zip", {"z.csv": 9, "a.csv": 2})):
        with zipfile.ZipFile(raw / archive_name, "a") as archive:
            for name, count in members.items():
                write_member_csv(roster, people(count, seed=count), "gbk")
                member = zipfile.ZipInfo(name, date_time=(2024, 5, 1, 0, 0, 0))  # the same archive every time
                archive.writestr(member, roster.read_bytes())
    roster.unlink()


def one_night(folder: Path) -> dict[str, list[dict]]:
    """The staged tables of a full run on the sample with the archives and rosters."""
    raw = folder / "raw"
    shutil.copytree(SAMPLE, raw)
    add_an_archive_among_look_alikes(raw)
    add_rosters(raw)
    run_stages(Settings(raw=raw, staged=folder / "staged", full=True), "r1")
    return staged_tables(folder / "staged")


def test_spilled_rows_and_mapped_files_give_the_tables_of_a_run_that_holds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_back: list[int] = []
    tables = SpilledBatch.tables

    def counted(spilled: SpilledBatch, rows: int) -> Iterator[pa.Table]:
        read_back.append(spilled.num_rows)
        yield from tables(spilled, rows)

    with monkeypatch.context() as patch:
        patch.setattr(pipeline.extract.spool, "SPOOL_ROWS", SMALL)
        patch.setattr(pipeline.extract, "SPOOL_ROWS", SMALL)  # the pieces read back
        patch.setattr(pipeline.extract.sources, "MAP_BYTES", 1)
        patch.setattr(SpilledBatch, "tables", counted)
        full = one_night(tmp_path / "full-spilled")
        nights = two_nights(tmp_path / "spilled", add_rosters)
    assert {7, 9, 25, 40} <= set(read_back)
    assert full == one_night(tmp_path / "full-held")
    assert nights == two_nights(tmp_path / "held", add_rosters)
    names = [row["source_file"] for row in full["extract/roster_rows"]]
    assert {"a名单.csv", "b.zip-名单.csv", "b.zip/名单/会员.csv"} <= set(names)
    assert names[-11:] == ["zz.zip/a.csv"] * 2 + ["zz.zip/z.csv"] * 9  # in source_file order
    assert not [p.name for p in (tmp_path / "spilled" / "staged").iterdir() if p.suffix in (".work", ".tmp")]


@pytest.mark.usefixtures("small_spool")
def test_two_workers_hand_over_spilled_rows_like_one(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for year, count in ((2021, 9), (2022, 2), (2023, 14)):
        write_member_csv(raw / f"{year}名单.csv", people(count, seed=year), "gbk")

    def staged(workers: int) -> dict[str, pa.Table]:
        folder = tmp_path / f"workers{workers}"
        settings = Settings(raw=raw, staged=folder / "staged", warehouse=folder / "w.duckdb", workers=workers)
        runner.extract(settings)
        staged = folder / "staged" / "extract"
        return {name: pq.read_table(staged / f"{name}.parquet") for name in ("roster_rows", "files")}

    one, two = staged(1), staged(2)
    assert one["roster_rows"].num_rows == 25 and one == two


def test_a_full_disk_while_spilling_rows_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = roster_raw(tmp_path, 20)
    monkeypatch.setattr(pipeline.extract.spool, "SPOOL_ROWS", SMALL)
    monkeypatch.setattr(pipeline.extract.spool.tempfile, "mkstemp", no_space)
    settings = Settings(raw=raw, staged=tmp_path / "staged", warehouse=tmp_path / "w.duckdb")
    with pytest.raises(PipelineError) as failed:
        runner.extract(settings)
    message = str(failed.value)
    assert "cannot write the rows of 2023名单.csv while reading it (No space left on device)" in message
    assert message.startswith(str(tmp_path / "staged" / "extract-")) and "the disk is not full" in message
    assert not (tmp_path / "staged").exists() or list((tmp_path / "staged").iterdir()) == []
