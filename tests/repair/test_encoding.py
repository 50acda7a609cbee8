"""Encoding detection: the same texts saved in each encoding, short texts where detectors guess wrong."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.errors import UnreadableInput
from pipeline.repair.encoding import decode_bytes
from pipeline.repair.script import converter

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "raw").glob("00[0-4]_*.txt"))
SHORT_SIMPLIFIED = ["关于加强协会", "协会工作计划", "科协", "中国科协", "通知", "联通", "会员名单"]
SHORT_TRADITIONAL = ["協會工作計劃", "關於舉辦科技創新大賽的通知", "科協", "會員名單", "臺灣", "學會"]


def _texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in SAMPLES]
    return texts + [converter("s2t").convert(text) for text in texts[2:4]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "gb18030"])
def test_samples_round_trip(encoding: str) -> None:
    for text in _texts():
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = codecs.BOM_UTF16_BE + data
        decoded = decode_bytes(data)
        assert decoded.text.removeprefix("\ufeff") == text
        assert decoded.confidence >= 0.9


def test_gbk_file_is_read_as_gb18030_so_rare_name_characters_decode() -> None:
    text = "会员名单：王堃、李喆、张䶮（理事）"  # 䶮 is outside GBK, in GB18030
    decoded = decode_bytes(text.encode("gb18030"))
    assert (decoded.text, decoded.encoding) == (text, "gb18030")


def test_traditional_sample_saved_as_big5() -> None:
    text = converter("s2t").convert((ROOT / "raw/002_a455499d0de7c8e9.txt").read_text(encoding="utf-8"))
    lines = [line for line in text.split("\n") if _big5_encodable(line)]
    decoded = decode_bytes("\n".join(lines).encode("cp950"))
    assert decoded.encoding == "cp950"
    assert decoded.text == "\n".join(lines)


@pytest.mark.parametrize("text", SHORT_SIMPLIFIED + SHORT_TRADITIONAL)
def test_short_gbk(text: str) -> None:
    assert decode_bytes(text.encode("gbk")).text == text


@pytest.mark.parametrize("text", SHORT_TRADITIONAL)
def test_short_big5_is_not_taken_for_gbk_or_utf16(text: str) -> None:
    decoded = decode_bytes(text.encode("big5"))
    assert (decoded.text, decoded.encoding) == (text, "cp950")


def test_mixed_utf8_and_gbk_lines() -> None:
    lines = ["关于加强协会自身能力建设的通知", "各市青少年科技教育协会：", "现将有关事项通知如下。"]
    data = b"\n".join([lines[0].encode("utf-8"), lines[1].encode("gbk"), lines[2].encode("utf-8")])
    decoded = decode_bytes(data)
    assert decoded.text == "\n".join(lines)
    assert decoded.encoding == "utf-8+gb18030"
    assert 0 < decoded.confidence < 1


@pytest.mark.parametrize("data", [b"", b"  \n", b"\x00\x01\x02PK\x03\x04" * 20])
def test_empty_or_binary_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableInput):
        decode_bytes(data)


def _big5_encodable(line: str) -> bool:
    try:
        line.encode("cp950")
    except UnicodeEncodeError:
        return False
    return True
