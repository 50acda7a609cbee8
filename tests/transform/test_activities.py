"""Activities read from the samples and from Chinese, English and traditional sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import Section
from pipeline.repair.chain import repair_text
from pipeline.transform.activities import extract_activities
from pipeline.transform.facts import DocumentFacts
from pipeline.transform.quality import activity_matches, read_expectations, score

EXPECTED = Path(__file__).with_name("expected_activities.json")
KEY_POINTS_2018 = "000_0322533452278349.txt"


def _by_name(facts: DocumentFacts) -> dict[str, object]:
    return {a.name: a for a in facts.activities}


def test_key_work_points_2018_name_the_33rd_competition_and_26th_thesis_collection(
    sample_facts: dict[str, DocumentFacts],
) -> None:
    rows = _by_name(sample_facts[KEY_POINTS_2018])
    competition = rows["National Youth Science and Technology Innovation Competition"]
    thesis = rows["National Youth Science and Technology Counselor Thesis Collection Activity"]
    assert (competition.kind, competition.edition, competition.line) == ("competition", 33, 24)
    assert competition.section_no == "3.3"  # item 9 under the third heading, from the notice parser
    assert thesis.edition == 26
    assert "33rd National Youth Science" in competition.evidence
    camp = rows['"the Belt and Road" Youth Maker Camp']
    assert (camp.kind, camp.edition) == ("camp", 2)
    assert not any(a.name.endswith("Competition") and a.edition is None for a in rows.values())


def test_news_gives_the_seminar_its_dates_and_place(sample_facts: dict[str, DocumentFacts]) -> None:
    seminar = next(a for a in sample_facts["001_62a11f99840aaf70.txt"].activities if "CAST Seminar" in a.name)
    assert (seminar.start_date, seminar.end_date, seminar.date_precision) == (
        dt.date(2021, 5, 10),
        dt.date(2021, 5, 12),
        "day",
    )
    assert seminar.location == "Taian City of Shandong Province"
    assert seminar.kind == "meeting"


def test_traditional_work_plans_give_editions_and_no_dates_from_placeholders(
    sample_facts: dict[str, DocumentFacts],
) -> None:
    rows = _by_name(sample_facts["004_dd66bcf60490f8cb.part1.txt"])
    competition = rows["青少年科技创新大赛"]
    assert (competition.edition, competition.location) == (33, "广西")
    assert rows["职教论坛"].edition == 6
    assert all(a.start_date is None for a in rows.values())  # every date there is 20xx年…
    assert "青少年创新大赛" not in rows  # the abbreviation is the same competition


def test_precision_and_recall_on_the_samples(sample_facts: dict[str, DocumentFacts]) -> None:
    found = [a for facts in sample_facts.values() for a in facts.activities]
    result = score(found, read_expectations(EXPECTED), activity_matches)
    assert result.precision >= 0.9, result.extra
    assert result.recall >= 0.9, result.missed


def test_chinese_date_range_and_month_precision() -> None:
    text = (
        "关于举办活动的通知\n"
        "一、2021年5月10日至12日在泰安召开第三十三届青少年科技教育论坛。\n"
        "二、4月下旬举办科技辅导员培训班。"
    )
    rows = {a.name: a for a in extract_activities("d", "zh", text)}
    forum = rows["青少年科技教育论坛"]
    assert (forum.edition, forum.start_date, forum.end_date, forum.location) == (
        33,
        dt.date(2021, 5, 10),
        dt.date(2021, 5, 12),
        "泰安",
    )
    training = rows["科技辅导员培训班"]
    assert (training.start_date, training.end_date, training.date_precision) == (
        dt.date(2021, 4, 21),
        dt.date(2021, 4, 30),
        "month",
    )


def test_traditional_input_reads_like_simplified_after_repair() -> None:
    traditional = repair_text("組織學生參加廣西第三十三屆青少年科技創新大賽。").text
    rows = extract_activities("d", "zh", traditional)
    assert [(a.name, a.edition, a.location) for a in rows] == [("青少年科技创新大赛", 33, "广西")]


def test_english_meeting_held_in_a_city_on_a_date_range() -> None:
    text = (
        "Notice\nThe 2nd Youth Science Forum was held in Taian on May 10-12 2021 by the Shandong Association."
    )
    [forum] = extract_activities("d", "en", text)
    assert (forum.name, forum.edition, forum.location, forum.start_date, forum.end_date) == (
        "Youth Science Forum",
        2,
        "Taian",
        dt.date(2021, 5, 10),
        dt.date(2021, 5, 12),
    )


def test_generic_work_is_not_an_activity() -> None:
    text = "通知\n各学校要认真开展教研活动、文体活动和业务培训，总校年终将对特色优秀活动案例予以资助。"
    assert extract_activities("d", "zh", text) == []


def test_sections_given_place_each_activity() -> None:
    text = "通知\n一、竞赛\n1.举办第二届科普知识竞赛。"
    sections = [
        Section(
            doc_id="d", section_no="1", parent_no=None, heading="竞赛", text="", line_start=2, line_end=3
        ),
        Section(doc_id="d", section_no="1.1", parent_no="1", heading="", text="", line_start=3, line_end=3),
    ]
    [contest] = extract_activities("d", "zh", text, sections)
    assert (contest.name, contest.edition, contest.section_no, contest.line) == ("科普知识竞赛", 2, "1.1", 3)


_FRAGMENTS = [
    "20xx年3月中旬，",
    "组织学生参加第33届青少年科技创新大赛",
    "举办1—2期健康长寿专题讲座",
    "在泰安召开科技教育论坛",
    "开展“快乐科普校园行”活动",
    "4月下旬",
    "，",
    "。",
    "\n",
    "各市协会",
]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12))
@settings(max_examples=60, deadline=None)
def test_any_template_text_gives_dated_rows_only_from_real_years(pieces: list[str]) -> None:
    text = "科协2025年工作计划\n20xx年工作打算\n" + "".join(pieces)
    lines = text.split("\n")
    for activity in extract_activities("d", "zh", text):
        assert activity.start_date is None and activity.end_date is None
        assert activity.evidence in lines[activity.line - 1]


#: Phrases of real government notices (two-high-one-ministry opinions, State Council plans) where
#: 活动/培训/表彰 name no activity anyone holds: crimes, prohibitions, orders, generic work.
NOT_ACTIVITIES = [
    "为依法惩治非法吸收公众存款、集资诈骗等非法集资犯罪活动，维护国家金融管理秩序。",
    "政府部门要加强监管，防止出现乱培训、滥发证现象。",
    "对未经核准登记，擅自以社会团体名义进行活动的，劝其停止活动。",
    "加大对职业院校参加有关技能大赛成绩突出毕业生的表彰奖励力度。",
    "财务管理混乱、经费收支明显存在问题或经费不足以开展正常业务活动的。",
    "本届大赛定于2014年7月底在山西省太原市举办，省级竞赛和全国竞赛分别组织。",
]


def test_prohibited_criminal_and_generic_uses_are_no_activities() -> None:
    text = "通知\n" + "\n".join(NOT_ACTIVITIES)
    assert [a.name for a in extract_activities("d", "zh", text)] == []


def test_a_heading_is_no_award_but_a_named_selection_is() -> None:
    text = "通知\n四、评估表彰\n年终对各市协会进行评估。\n板块内容包括优秀科技辅导员评选，具体内容详见规则。"
    assert [(a.name, a.kind) for a in extract_activities("d", "zh", text)] == [
        ("优秀科技辅导员评选", "award")
    ]


def test_quoted_activities_listed_before_deng_huodong_are_each_one() -> None:
    text = "通知\n深入开展“大国工匠进校园”、“劳模进校园”、“优秀职校生校园分享”等活动。"
    names = [a.name for a in extract_activities("d", "zh", text)]
    assert names == ["大国工匠进校园", "劳模进校园", "优秀职校生校园分享"]


def test_a_year_named_edition_replaces_the_bare_series_name() -> None:
    text = (
        "2019年全国科普日活动启动\n2019年全国科普日活动在全国启动。\n"
        "自2004年以来，已连续15年成功举办全国科普日活动。"
    )
    assert [a.name for a in extract_activities("d", "zh", text)] == ["2019年全国科普日"]
