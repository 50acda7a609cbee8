"""Every activity gets a year: from its sentence, its name or its document; templates stay unknown."""

from __future__ import annotations

import datetime as dt

from pipeline.transform.activities import extract_activities
from pipeline.transform.facts import DocumentFacts


def _dates(text: str, issued_on: dt.date | None = None) -> dict[str, tuple]:
    rows = extract_activities("d", "zh", text, issued_on=issued_on)
    return {a.name: (a.year, a.month, a.day, a.date_precision, a.date_source) for a in rows}


PLAN_2020 = (
    "2020年科协工作要点\n"
    "1.今年上半年举办青少年科技节。\n"
    "2.明年举办第五届科普讲解大赛。\n"
    "3.定于3月中旬开展“科普进校园”活动。\n"
    "4.组织学员参与2019重庆市民网络科普竞答。\n"
    "5.承办全市科技辅导员培训班。\n"
)


def test_relative_dates_resolve_against_the_document_year() -> None:
    dates = _dates(PLAN_2020)
    assert dates["青少年科技节"] == (2020, None, None, "half", "text")
    assert dates["科普讲解大赛"] == (2021, None, None, "year", "text")
    assert dates["科普进校园"] == (2020, 3, None, "month", "text")


def test_a_year_in_the_name_dates_the_activity() -> None:
    assert _dates(PLAN_2020)["2019重庆市民网络科普竞答"] == (2019, None, None, "year", "name")


def test_an_undated_sentence_takes_the_document_date() -> None:
    assert _dates(PLAN_2020)["全市科技辅导员培训班"] == (2020, None, None, "year", "document")
    issued = _dates("关于举办培训的通知\n承办全市科技辅导员培训班。", dt.date(2016, 5, 3))
    assert issued["全市科技辅导员培训班"] == (2016, None, None, "year", "document")


def test_a_day_written_in_the_sentence_wins() -> None:
    dates = _dates("通知\n定于2021年5月10日至12日在泰安召开第三十三届科技教育论坛。", dt.date(2020, 1, 1))
    assert dates["科技教育论坛"] == (2021, 5, 10, "day", "text")


def test_template_years_stay_unknown() -> None:
    text = "科协2025年工作计划\n20xx年3月中旬，组织学生参加第33届青少年科技创新大赛。\n今年举办青少年科技节。"
    dates = _dates(text)
    assert dates["青少年科技创新大赛"] == (None, None, None, None, None)
    # 今年 of a template is not resolved: the activity takes the title's year, precision year
    assert dates["青少年科技节"] == (2025, None, None, "year", "document")


def test_a_year_something_started_from_is_not_its_date() -> None:
    text = "通知\n自2004年以来，中国科协已连续15年成功举办全国科普日活动。"
    assert _dates(text, dt.date(2019, 9, 15))["全国科普日"] == (2019, None, None, "year", "document")


def test_samples_have_a_year_for_most_activities(sample_facts: dict[str, DocumentFacts]) -> None:
    rows = [a for facts in sample_facts.values() for a in facts.activities]
    assert sum(a.year is not None for a in rows) >= 0.8 * len(rows)
    chongqing = {a.name: a for a in sample_facts["003_62f9b516145e5a1b.txt"].activities}
    assert (
        chongqing["2020重庆市民网络科普竞答"].year,
        chongqing["2020重庆市民网络科普竞答"].date_source,
    ) == (
        2020,
        "name",
    )
