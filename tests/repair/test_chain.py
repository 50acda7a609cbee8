"""The whole chain: replayable steps, clean text untouched, the scraped sample cleaned."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.sources import SourceFile
from pipeline.extract.text import extract_text_document
from pipeline.records import RepairRecord, TextRecord
from pipeline.repair import Step, repair_text, replay_steps
from pipeline.repair.chain import CHAIN
from pipeline.repair.noise import find_placeholders
from pipeline.settings import Settings

RAW = Path(__file__).resolve().parents[2] / "raw"
SCRAPED = (RAW / "004_dd66bcf60490f8cb.part1.txt").read_text(encoding="utf-8")
ANNOTATION = re.compile(r"[(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü\u0300-\u036f]+\s*[)）]")
STRAY_MARK = re.compile(r"[\u4e00-\u9fff][`'.][\u4e00-\u9fff]")
WATERMARK = re.compile(r"本[权權][属屬].{0,20}所有")


def test_cleaning_fixes_run_before_width_and_script() -> None:
    names = [fix.name for fix in CHAIN]
    for name in ("strip_pinyin_annotations", "remove_scraping_noise", "remove_watermarks"):
        assert (
            names.index(name)
            < names.index("normalize_fullwidth_ascii")
            < names.index("convert_to_simplified")
        )


@pytest.mark.parametrize("keep_traditional", [False, True])
def test_replaying_the_steps_gives_the_same_text(keep_traditional: bool) -> None:
    text = SCRAPED + "\n送上慰問金(本權屬秘之音所有,更多請登陸網(wǎng)絡(luò )查看)合計３０００元"
    repaired = repair_text(text, keep_traditional=keep_traditional)
    assert repaired.steps
    assert replay_steps(text, repaired.steps) == repaired.text


@pytest.mark.parametrize(
    "name",
    [
        "000_0322533452278349.txt",
        "001_62a11f99840aaf70.txt",
        "002_a455499d0de7c8e9.txt",
        "003_62f9b516145e5a1b.txt",
    ],
)
def test_clean_notices_and_english_are_unchanged(name: str) -> None:
    text = (RAW / name).read_text(encoding="utf-8")
    repaired = repair_text(text)
    assert repaired.steps == ()
    assert repaired.text == text


def test_keep_traditional_skips_only_the_script_conversion() -> None:
    repaired = repair_text("科協(xié)工作計劃", keep_traditional=True)
    assert repaired.text == "科協工作計劃"
    assert [step.kind for step in repaired.steps] == ["strip_pinyin_annotations"]


def scraped_lines() -> list[pytest.param]:
    """Lines of the sample holding a reading or a stray mark, repaired but kept traditional."""
    fixed = repair_text(SCRAPED, keep_traditional=True).text.split("\n")
    return [
        pytest.param(line, id=f"line{number}")
        for number, (raw, line) in enumerate(zip(SCRAPED.split("\n"), fixed, strict=True), start=1)
        if ANNOTATION.search(raw) or STRAY_MARK.search(raw)
    ]


@pytest.mark.parametrize("line", scraped_lines())
def test_scraped_sample_has_no_annotation_or_noise_left(line: str) -> None:
    assert not STRAY_MARK.search(line)
    assert not WATERMARK.search(line)
    assert not ANNOTATION.search(line)


def test_scraped_sample_is_traditional_and_a_template() -> None:
    repaired = repair_text(SCRAPED)
    assert repaired.script == "traditional"
    assert find_placeholders(repaired.text) == ["20xx"]


FRAGMENTS = [
    "協(xié)會",
    "發(fā)展",
    "的`教學",
    "間的.凝聚力",
    "(本權屬秘之音所有,更多請登陸網(wǎng)絡(luò )查看)",
    "乾安县",
    "徐乾學",
    "２０１４年",
    "（一）",
    "(BYSTC)",
    "1.5",
    "http://info.cast.org.cn",
    "20xx年",
    "Key Work Points",
    "关于加强协会",
    "\n",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_replay_reproduces_any_mix_of_fragments(fragments: list[str]) -> None:
    text = "".join(fragments)
    repaired = repair_text(text)
    assert replay_steps(text, repaired.steps) == repaired.text
    assert repaired.text.count("\n") == text.count("\n")
    assert "(xié)" not in repaired.text
    assert "(BYSTC)" in repaired.text or "(BYSTC)" not in text


def test_every_step_of_a_read_document_replays_boilerplate_included() -> None:
    page = "首页 > 通知通告 > 正文\n鍏充簬鍔犲己鍗忎細\n協(xié)會工作\n¹ØÓÚ¼ÓÇ¿Ð\xad»á"
    source = SourceFile(path=Path("notice.txt"), source_file="notice.txt")
    records = extract_text_document(source, page.encode("utf-8"), "", "text", Settings())
    text = next(r for r in records if isinstance(r, TextRecord))
    rows = [r for r in records if isinstance(r, RepairRecord)]
    assert "strip_boilerplate" in {row.kind for row in rows}
    steps = [Step(r.line, r.kind, r.before, r.after, r.confidence, r.misreading or "") for r in rows]
    assert replay_steps(text.text_original, steps) == text.text_clean


def test_repairs_name_the_misreading_they_undid() -> None:
    shifted = "。ㄒ唬┘訌姾屯晟瞥R幗萄谢顒"
    lines = ["鍏充簬鍔犲己鍗忎細", "¹ØÓÚ¼ÓÇ¿Ð\xad»á", shifted, "会员名单\ufffd", "協(xié)會"]
    steps = repair_text("\n".join(lines)).steps
    undone = {(step.line, step.misreading) for step in steps if step.misreading}
    assert undone == {(1, "utf8_read_as_gbk"), (2, "gbk_read_as_latin1"), (3, "gbk_shift"), (4, "lost_bytes")}
    assert repair_text("会员名单\ufffd").text == "会员名单□"
