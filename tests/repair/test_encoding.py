"""Encoding detection: the same texts saved in each encoding, short texts where detectors guess wrong."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.errors import UnreadableInput
from pipeline.repair import repair_text
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


RUSSIAN = "Положение о конкурсе научных работ молодых учёных. Заявки принимаются до 1 марта.\n"
NOTICE = "关于加强协会自身能力建设的通知\n各市青少年科技教育协会：\n现将有关事项通知如下。\n"


@pytest.mark.parametrize("text", [RUSSIAN, "Ελληνικά κείμενα για δοκιμή.\n", "שלום עולם, זה טקסט לבדיקה.\n"])
def test_valid_utf8_of_another_script_is_utf8(text: str) -> None:
    decoded = decode_bytes((text * 3).encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (text * 3, "utf-8")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_cyrillic_single_byte_file_is_not_read_as_chinese(encoding: str) -> None:
    decoded = decode_bytes((RUSSIAN * 20).encode(encoding))
    assert decoded.text == RUSSIAN * 20


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [NOTICE + "Contact: office@example.cn\n", "Notice of the association\n" * 5])
def test_utf16_without_bom_is_read(encoding: str, text: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert (decoded.text, decoded.encoding) == (text, encoding)


def test_one_short_gbk_line_valid_as_utf8_does_not_make_the_file_mixed() -> None:
    lines = ["科技馆效应", "效应", "注", "本次活动的科学效应评估报告"]  # "效应" in GBK is valid UTF-8 ("ЧӦ")
    assert "效应".encode("gbk").decode("utf-8") == "ЧӦ"
    decoded = decode_bytes("\n".join(lines).encode("gbk"))
    assert (decoded.text, decoded.encoding) == ("\n".join(lines), "gb18030")


def test_utf8_file_holding_gbk_read_as_latin1_is_utf8_and_repaired_by_the_chain() -> None:
    mojibake = NOTICE.encode("gbk").decode("latin-1")  # "¹ØÓÚ¼ÓÇ¿Ð­»á..." saved as UTF-8
    decoded = decode_bytes(mojibake.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (mojibake, "utf-8")
    assert repair_text(decoded.text).text == repair_text(mojibake).text == NOTICE


def test_gbk_notice_with_form_symbols_is_not_taken_for_japanese() -> None:
    text = "关于加强协会自身能力建设的通知\n二○○九年八月十七日\n□ 是 √ 否\n"
    decoded = decode_bytes(text.encode("gbk"))
    assert (decoded.text, decoded.encoding) == (text, "gb18030")
