"""Targets read from the samples and from plan and report sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.transform.facts import DocumentFacts
from pipeline.transform.quality import read_expectations, score, target_matches
from pipeline.transform.targets import extract_targets

EXPECTED = Path(__file__).with_name("expected_targets.json")


def _rows(facts: DocumentFacts) -> set[tuple]:
    return {(t.quantity_min, t.quantity_max, t.unit, t.period) for t in facts.targets}


def test_key_work_points_2018_set_members_bases_and_demonstration_points(
    sample_facts: dict[str, DocumentFacts],
) -> None:
    assert _rows(sample_facts["000_0322533452278349.txt"]) == {
        (1500, 1500, "members", "2018"),
        (6, 7, "bases", "2018"),
        (100, 100, "points", "2018"),
    }  # "21 existing training bases" is the state of things, not a target


def test_shanxi_notice_sets_member_ranges_for_2014(sample_facts: dict[str, DocumentFacts]) -> None:
    targets = sample_facts["002_a455499d0de7c8e9.txt"].targets
    assert [(t.subject, t.quantity_min, t.quantity_max, t.period) for t in targets] == [
        ("团体会员", 3, 5, "2014"),
        ("个人会员", 5, 10, "2014"),
        ("个人会员", 3, 5, "2014"),
    ]
    assert all(t.line == 55 and "每个市要发展3—5个团体会员" in t.evidence for t in targets)
    assert {t.section_no for t in targets} == {"1.1.4"}  # 一、 > （一） > 4. 目标任务


def test_news_sets_no_targets(sample_facts: dict[str, DocumentFacts]) -> None:
    assert sample_facts["001_62a11f99840aaf70.txt"].targets == []


def test_precision_and_recall_on_the_samples(sample_facts: dict[str, DocumentFacts]) -> None:
    found = [t for facts in sample_facts.values() for t in facts.targets]
    result = score(found, read_expectations(EXPECTED), target_matches)
    assert result.precision >= 0.9, result.extra
    assert result.recall >= 0.9, result.missed


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("示范教学点全年开展课程不少于24节。", [("课程", 24, None, "节")]),
        ("力争新建科普基地10个以上。", [("科普基地", 10, None, "个")]),
        ("每个县要培育2—3所科技特色学校。", [("科技特色学校", 2, 3, "所")]),
        ("我区获得自治区二等奖3项、三等奖17项。", []),
        ("开展科普进校园活动3次，发放5000份宣传资料。", []),
        ("各分校每年10月31日前申报。", []),
    ],
)
def test_chinese_plans_and_reports(sentence: str, expected: list[tuple]) -> None:
    rows = extract_targets("d", "zh", "2021年工作要点\n" + sentence)
    assert [(t.subject, t.quantity_min, t.quantity_max, t.unit) for t in rows] == expected
    assert all(t.period == "2021" for t in rows)


def test_english_counts_need_a_plan() -> None:
    news = "Science news\nThe center trained 300 teachers and opened 4 new bases in 2020."
    plan = "Science news\nWe strive to train 300 teachers and to build 4-5 new bases by 2022."
    assert extract_targets("d", "en", news) == []
    assert [(t.quantity_min, t.quantity_max, t.unit, t.period) for t in extract_targets("d", "en", plan)] == [
        (300, 300, "teachers", "2022"),
        (4, 5, "bases", "2022"),
    ]


def test_five_year_plan_gives_the_period() -> None:
    [target] = extract_targets("d", "zh", "规划\n“十四五”期间，全省要建设50个科普示范基地。")
    assert (target.quantity_min, target.period) == (50, "2021-2025")


def test_targets_keep_the_unit_they_are_set_for() -> None:
    text = (
        "通知\n每个市要发展3—5个团体会员，其中每个团体会员3—5名个人会员。\n每所学校至少推荐2—3个项目。\n"
        "全省力争发展100—200个团体会员。\n每年开展活动不少于4次。"
    )
    rows = [(t.subject, t.quantity_min, t.per_unit) for t in extract_targets("d", "zh", text)]
    assert rows == [
        ("团体会员", 3, "市"),
        ("个人会员", 3, "团体会员"),
        ("项目", 2, "学校"),
        ("团体会员", 100, None),
        ("活动", 4, None),
    ]
