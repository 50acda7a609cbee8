"""The csv roster reader maps a file block by block: the result is that of the file read as one block."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.errors import UnreadableInput
from pipeline.extract.rosters.csv import detect_roster_encoding, extract_csv_roster, read_csv_blocks
from pipeline.extract.sources import SourceFile
from pipeline.records import QuarantineRecord
from pipeline.repair.script import converter
from pipeline.settings import Settings
from pipeline.staging import StagedBatch
from tests.fixtures.make_rosters import people

#: Small enough that every generated file spans many blocks (a block holds a few rows).
_SMALL_BLOCK = 509
_ONE_BLOCK = 1 << 24
_HEADER = ["序号", "姓名", "性别", "出生日期", "手机号码", "单位名称", "备注"]
_NOTES = ["1. 出生日期按“1985年3月14日”格式填写", "2. 手机号码填11位", "3. 备注可空"]


@dataclass(frozen=True)
class Roster:
    """A generated roster's lines (lists of cells) and what reading it must give."""

    lines: list[list[str]]
    names: list[tuple[int, str]]  # (row, name) of each staged row, in order
    nameless: list[int]  # rows quarantined for a missing name
    wide_row: int


def _roster(count: int, notes_title: str = "填表说明：") -> Roster:
    """A registration list as people export it: a title and a blank line above the header, the header
    repeated halfway, quoted notes with commas and line breaks, short rows, one row wider than the header
    further down, rows without a name, empty-cell texts, and notes under a blank line at the bottom."""
    lines: list[list[str]] = [["山西省青少年科技教育协会第六届个人会员名单"], [], _HEADER]
    names: list[tuple[int, str]] = []
    nameless: list[int] = []
    wide_row = 0
    for i, person in enumerate(people(count, seed=11), start=1):
        if i == count // 2:
            lines.append(_HEADER)
        name = "" if i % 13 == 0 else person.name
        note = {0: '获奖：省一等奖,\n市二等奖，（"小发明"）', 1: "NULL", 2: "nan"}.get(i % 7, "")
        row = [str(i), name, "男" if person.male else "女", f"{person.birth:%Y年%-m月%-d日}", person.phone,
               person.unit, note]  # fmt: skip
        if i % 11 == 0:
            row = row[:3]  # a short row: the exporter dropped its trailing empty cells
        if i == 2 * count // 3:
            row += ["加入2019年", "推荐人：王明"]
            wide_row = len(lines) + 1
        lines.append(row)
        if name:
            names.append((len(lines), name))
        else:
            nameless.append(len(lines))
    lines += [[], [notes_title + _NOTES[0]], *([note] for note in _NOTES[1:])]
    return Roster(lines, names, nameless, wide_row)


def _csv_bytes(lines: list[list[str]], encoding: str, delimiter: str) -> bytes:
    def cell(text: str) -> str:
        quoted = any(c in text for c in (delimiter, '"', "\n", ","))
        return '"' + text.replace('"', '""') + '"' if quoted else text

    text = "".join(delimiter.join(map(cell, line)) + "\r\n" for line in lines)
    if encoding == "big5":  # Taiwan/Hong Kong exports are in traditional script
        text = converter("s2t").convert(text)
    return text.encode(encoding)


def _extract(data: bytes, block_size: int) -> tuple[list[dict], list[QuarantineRecord]]:
    source = SourceFile(Path("名单.csv"), "rosters/名单.csv")
    out = extract_csv_roster(source, data, "abc", "csv", Settings(), block_size=block_size)
    rows = [row for o in out if isinstance(o, StagedBatch) for row in o.table.to_pylist()]
    return rows, [o for o in out if isinstance(o, QuarantineRecord)]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("gbk", ","), ("big5", ","), ("utf-8-sig", ","), ("gb18030", "，"), ("utf-8", "\t")],
    ids=["gbk", "big5", "utf8-bom", "gb18030-fullwidth-comma", "utf8-tab"],
)
def test_blocks_give_the_rows_of_one_block(encoding: str, delimiter: str) -> None:
    roster = _roster(150)  # in Big5, in traditional script: 填表說明
    data = _csv_bytes(roster.lines, encoding, delimiter)
    detected = detect_roster_encoding(data)
    blocks = list(read_csv_blocks(data, detected, delimiter, source_file="名单.csv", block_size=_SMALL_BLOCK))
    assert len(blocks) > 20
    assert sum(len(block[0]) for block in blocks) == len(roster.lines)
    rows, quarantine = _extract(data, _SMALL_BLOCK)
    assert (rows, quarantine) == _extract(data, _ONE_BLOCK)
    simplify = converter("t2s").convert if encoding == "big5" else str
    assert [(r["row"], simplify(r["name"])) for r in rows] == roster.names
    assert [q.location for q in quarantine] == [f"sheet 名单.csv row {row}" for row in roster.nameless]
    extras = {r["row"]: {simplify(k): simplify(v) for k, v in json.loads(r["extra"]).items()} for r in rows}
    assert extras[roster.wide_row]["column 9"] == "推荐人：王明"
    assert {extra.get("备注") for extra in extras.values()} == {
        None,
        '获奖：省一等奖,\n市二等奖，（"小发明"）',
    }
    short = [r for r in rows if int(extras[r["row"]]["序号"]) % 11 == 0]
    assert short and all(r["phone"] is None and r["unit_name"] is None for r in short)


def test_a_row_longer_than_a_block_is_read_with_the_file_as_one_block() -> None:
    roster = _roster(40)
    roster.lines[10][-1] = "，".join(["获奖：全国青少年科技创新大赛一等奖"] * 60)
    data = _csv_bytes(roster.lines, "gbk", ",")
    rows, quarantine = _extract(data, _SMALL_BLOCK)
    assert (rows, quarantine) == _extract(data, _ONE_BLOCK)
    assert [(r["row"], r["name"]) for r in rows] == roster.names


def test_bad_bytes_in_a_later_block_make_the_whole_file_unreadable() -> None:
    data = _csv_bytes(_roster(2000).lines, "gbk", ",")
    at = data.index(b"\r\n", len(data) * 3 // 4) + 2
    assert at > 65536  # past the head the encoding is detected from
    broken = data[:at] + b"\x81\x20" + data[at:]  # a GBK lead byte followed by no trail byte
    with pytest.raises(UnreadableInput, match=f"not valid gb18030 at byte {at}:"):
        _extract(broken, _SMALL_BLOCK)
