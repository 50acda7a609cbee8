"""Pinyin annotations inserted by reprint sites are removed; real parentheses stay."""

from __future__ import annotations

import unicodedata

import pytest
from pypinyin import Style, pinyin

from pipeline.repair.pinyin import readings, strip_pinyin_annotations

WORDS = ["協會", "發展", "計劃", "時間", "創新", "專業", "質量", "關注", "綠色", "長壽"]


def annotate(word: str, style: Style, form: str = "NFC") -> str:
    """Write the reading of every character after it, as the scraped pages do."""
    parts = []
    for char in word:
        reading = pinyin(char, style=style)[0][0]
        parts.append(f"{char}({unicodedata.normalize(form, reading)})")
    return "".join(parts)


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize(
    ("style", "form"),
    [(Style.TONE, "NFC"), (Style.TONE, "NFD"), (Style.NORMAL, "NFC"), (Style.TONE3, "NFC")],
    ids=["tone-marks", "decomposed-marks", "no-tones", "tone-digits"],
)
def test_annotations_are_removed_whatever_the_tone_writing(word: str, style: Style, form: str) -> None:
    line = f"積極推進{annotate(word, style, form)}工作。"
    assert strip_pinyin_annotations(line) == f"積極推進{word}工作。"


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("以黨的十八屆五中全會(huì )精神為指導", "以黨的十八屆五中全會精神為指導"),
        ("寫(xiě)一份工作計劃", "寫一份工作計劃"),
        ("科協(xié)工作計劃 1", "科協工作計劃 1"),
        ("發(fā)展新會(huì )員", "發展新會員"),
        ("協會(xiéhuì)成立", "協會成立"),
        ("協會(xié huì)成立", "協會成立"),
        ("协(xié)会", "协会"),
        ("綠(lv)色", "綠色"),
        ("綠（lǜ）色", "綠色"),
    ],
)
def test_annotations_from_the_sample_are_removed(line: str, fixed: str) -> None:
    assert strip_pinyin_annotations(line) == fixed


@pytest.mark.parametrize(
    "line",
    [
        "春节前后(包括春节…)开展慰问",
        "北京青少年科技中心(BYSTC)获五星奖",
        "2018年工作要点(2018)",
        "中国科协青少年科技教育中心(YYRJ)",
        "建立健全鄉鎮(街道)科協組織",
        "科協2025年工作計劃(通用19篇)",
        "協(fā)會",
        "條款(a)規定",
        "見附件(pdf)",
        "理事張三(Zhang San)出席",
        "在北京(Beijing)召開",
    ],
)
def test_real_parentheses_and_wrong_readings_stay(line: str) -> None:
    assert strip_pinyin_annotations(line) == line


def test_annotation_after_still_broken_mojibake_is_left_for_the_mojibake_fixer() -> None:
    line = "。ㄒ唬┘訌姾屯晟瞥R幗萄谢顒(dòng)"
    assert strip_pinyin_annotations(line) == line


def test_readings_cover_heteronyms_and_traditional_characters() -> None:
    assert {"fa", "bo"} <= readings("發")
    assert "lu" in readings("綠")
