"""Mojibake repair on the real sample 004, clean samples and generated damage of each kind.

The examples of the issue are golden cases in tests/cases/mojibake.json (run by test_golden_cases.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.repair_quality import measure
from pipeline.repair.chain import FIXES, repair_text, replay_steps
from pipeline.repair.gbk_shift import _chars_read_as, _foreign, undo_gbk_shift
from pipeline.repair.mojibake import is_suspect, reread
from pipeline.repair.script import converter
from tests.repair import corrupt

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_004 = (ROOT / "raw/004_dd66bcf60490f8cb.part1.txt").read_text(encoding="utf-8").split("\n")
NOTICE = [
    "关于举办2023年全省青少年科技创新大赛的通知",
    "各市科协、教育局，省直有关单位：",
    "为深入实施《全民科学素质行动规划纲要》，激发青少年的好奇心和想象力，经研究，决定举办科技创新大赛。",
    "会员是协会的基础和主要服务对象，进一步规范和加强协会组织建设工作。",
    "（一）学生项目：每名学生限报一个项目，集体项目不超过三人。",
]


HEADINGS = ["（一）學生項目：每名學生限報一個項目。", "（二）深化科協機關改革。", "（三）組織開展科技活動。"]
# Character error rate allowed per corruption (1% unless named).
BUDGETS = {"gbk_shifted": 0.03}
# GBK lines a Big5 reader damaged. Big5 has no characters in rows C6A1-C8FE, where GBK puts common ones
# (三 日 赛): each of their bytes becomes "�", and every pair after a lost byte is read out of step.
GBK_READ_AS_BIG5 = [
    "协会第三届理事会第二次会议在太原召开，会议审议通过了年度工作报告。",  # 三 lost whole
    "请各单位于3月15日前将联系人信息报省青少年科技教育协会秘书处。",  # 日 lost whole, in a date
    "引导学员主动转发分享优质科普内容和信息,增强学员科学辨识能力。",  # 容 and 息 lose one byte each
    "二、参赛对象",  # 赛 lost whole: not 參賽 (outside GB2312)
]
# Big5 lines a GBK reader damaged: 年 is a private-use character there, and the numbers of a date
# separate the damaged characters.
BIG5_READ_AS_GBK = [
    "2023年2月20日",
    "2014年1月6日",
    "協會第三屆理事會第二次會議在太原召開，會議審議通過了年度工作報告。",
]


def fix_mojibake(line: str) -> str:
    """The line after the mojibake fixes, in chain order."""
    for name in ("undo_gbk_shift", "repair_mojibake"):
        line = FIXES[name].run(line)[0]
    return line


def test_every_shifted_line_of_sample_004_is_repaired() -> None:
    shifted = [line for line in SAMPLE_004 if line.startswith("。") or ",F" in line]
    assert len(shifted) == 12
    repaired = [undo_gbk_shift(line)[0] for line in shifted]
    still_shifted = [line for line in repaired if line.startswith("。") or ",F" in line]
    assert still_shifted == []
    assert sum(line.startswith(("（一）", "（二）", "（三）", "（四）", "（五）")) for line in repaired) == 10


def test_clean_lines_of_sample_004_are_left_alone() -> None:
    clean = [line for line in SAMPLE_004 if not (line.startswith("。") or ",F" in line)]
    assert [fix_mojibake(line) for line in clean] == clean


@pytest.mark.parametrize("sample", ["000_", "001_", "002_", "003_"])
@pytest.mark.parametrize("script", ["s2t", "none"])
def test_clean_samples_do_not_change(sample: str, script: str) -> None:
    path = next((ROOT / "raw").glob(f"{sample}*.txt"))
    text = path.read_text(encoding="utf-8")
    if script == "s2t":
        text = converter("s2t").convert(text)
    lines = text.split("\n")
    assert [fix_mojibake(line) for line in lines] == lines


@pytest.mark.parametrize(
    ("name", "script"),
    [
        ("utf8_read_as_gbk", "simplified"),
        ("utf8_read_as_gbk", "traditional"),
        ("gbk_read_as_latin1", "simplified"),
        ("gbk_read_as_cp1252", "traditional"),
        ("big5_read_as_gbk", "traditional"),
        ("gbk_read_as_big5", "simplified"),
        ("utf8_read_as_cp1252", "simplified"),
        ("gbk_read_as_cp1250", "simplified"),
        ("gbk_shifted", "traditional"),
    ],
)
def test_generated_damage_is_repaired(name: str, script: str) -> None:
    lines = NOTICE if script == "simplified" else [converter("s2t").convert(line) for line in NOTICE]
    if name == "gbk_shifted":  # shifted runs are found where the shift leaves its mark: "（" -> "。"
        lines = [line for line in lines if line.startswith("（")] + HEADINGS
    assert measure(name, lines, fix_mojibake).cer <= BUDGETS.get(name, 0.01)


def test_gbk_shift_generator_reproduces_the_real_sample() -> None:
    assert corrupt.gbk_shifted("（一）加強和完善常規教研活動(dòng)") == SAMPLE_004[11]


def test_a_character_named_by_an_annotation_leaves_no_byte_before_it() -> None:
    # Lost whole before "(shí)", a character lost its trail there too: "時" (95 72) would leave an "r".
    named = [char for _, char in _chars_read_as("shí")]
    assert "實" in named and "時" not in named
    assert all(corrupt.decode_gbk_lossy(char.encode("gbk")[1:] + b"(") == "(" for char in named)


# Traditional headings of work plans, written for this test (not from the sample), some with a reading
# after a character: shifted by the generator that reproduces sample 004, then repaired.
SHIFTED_HEADINGS = [
    "（一）組織(zhī)開展科技活動(dòng)。",
    "（三）加強(qiáng)學會(huì)組織建設。",
    "（四）做好(hǎo)會員服務工作。",
    "（五）推進(jìn)科普信息化建設。",
    "（一）提高(gāo)全民科學素質。",
    "（三）舉辦(bàn)青少年科技創新大賽。",
    "（二）開展(zhǎn)科技志願服務。",
    "（三）完善(shàn)學會治理結構。",
    "（四）壓實(shí)工作責任。",  # 实 lost whole; "：實" before 压实 was a word of domain_words.tsv
]


@pytest.mark.parametrize("line", SHIFTED_HEADINGS)
def test_shifted_heading_with_readings_is_repaired(line: str) -> None:
    shifted = corrupt.gbk_shifted(line)
    assert shifted.startswith("。") and shifted != line
    expected = repair_text(line, keep_traditional=True).text
    assert repair_text(shifted, keep_traditional=True).text == expected


def test_a_lost_character_is_read_in_the_script_of_its_line() -> None:
    # Line 66 of sample 004 read 转时 (both simplified only) for 抓實 in a traditional line.
    assert [c for c in "时转实会群面后干着" if _foreign(c, "traditional")] == ["时", "转", "实", "会"]
    assert [c for c in "團時群面" if _foreign(c, "simplified")] == ["團", "時"]
    assert not any(_foreign(c, script) for c in "时團" for script in ("none", "mixed"))


def test_lost_byte_is_recovered_from_context_or_marked() -> None:
    assert reread("鐨勯�氱煡", "gb18030", "utf-8") == "的通知"  # 通 is e9 80 9a; GBK cannot read 0x80
    assert reread("鍏充簬\ufffd\ufffd\ufffd", "gb18030", "utf-8") == "关于□□□"  # a whole character lost


@pytest.mark.parametrize("line", GBK_READ_AS_BIG5)
def test_gbk_read_as_big5_is_repaired_across_lost_bytes(line: str) -> None:
    damaged = corrupt.gbk_read_as_big5(line)
    assert "\ufffd" in damaged
    assert repair_text(damaged).text == line


@pytest.mark.parametrize("line", BIG5_READ_AS_GBK)
def test_big5_read_as_gbk_is_repaired(line: str) -> None:
    assert repair_text(corrupt.big5_read_as_gbk(line), keep_traditional=True).text == line


def test_lost_character_keeps_to_the_common_block_of_a_simplified_page() -> None:
    # 三 (c8 fd) and 渠 (c7 fe) lost whole: 輩 and 問 read as well once scored in simplified script,
    # but lie outside GB2312, which the other characters of these spans keep to
    assert reread("珨宒��爺﹝", "cp950", "gb18030") == "一式三份。"
    assert (
        reread("媼﹜阹遵督昢��耋 枑詢衪頗督昢夔薯", "cp950", "gb18030") == "二、拓宽服务渠道 提高协会服务能力"
    )


def test_suspect_gate_lets_clean_text_through() -> None:
    assert not any(is_suspect(line) for line in NOTICE)
    assert all(is_suspect(corrupt.utf8_read_as_gbk(line)) for line in NOTICE)


def test_chain_records_confidence_and_replays() -> None:
    text = "\n".join(["通知", "鍏充簬鍔犲己鍗忎細", SAMPLE_004[11], "¹ØÓÚ¼ÓÇ¿Ð\u00ad»á"])
    repaired = repair_text(text, keep_traditional=True)
    kinds = {(step.line, step.kind) for step in repaired.steps}
    assert {(2, "repair_mojibake"), (3, "undo_gbk_shift"), (4, "repair_mojibake")} <= kinds
    assert all(0.5 < step.confidence <= 1.0 for step in repaired.steps)
    assert repaired.text.split("\n")[1] == "关于加强协会"
    assert replay_steps(text, repaired.steps) == repaired.text


@pytest.mark.parametrize(
    ("clean", "span", "damaged"),
    [
        ("聯繫地址：太原市雙塔西街268號科普大廈9層", (15, 20), "聯繫地址：太原市雙塔西街268柨破沾髲B9層"),
        ("一、加強組織建設 完善會員管理制度", (5, 8), "一、加強組椊ㄔO 完善會員管理制度"),
    ],
)
def test_short_shifted_span_inside_a_clean_line_is_repaired(
    clean: str, span: tuple[int, int], damaged: str
) -> None:
    assert corrupt.shift_span(clean, *span) == damaged
    assert fix_mojibake(damaged) == clean
