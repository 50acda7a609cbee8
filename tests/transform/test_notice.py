import datetime as dt
import doctest
import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.boilerplate import strip_boilerplate
from pipeline.transform.attachments import find_attachments
from pipeline.transform.metadata import detect_language, normalize_doc_number, split_recipients
from pipeline.transform.notice import extract_notice


def test_shanxi_notice(raw_sample) -> None:
    notice = extract_notice(raw_sample("002"))
    assert notice.language == "zh"
    assert notice.issuer == "山西省青少年科技教育协会"
    assert notice.doc_number == "晋青科教发〔2014〕01号"
    assert notice.title == "关于加强协会自身能力建设的通知"
    assert notice.issued_on == dt.date(2014, 1, 6)
    assert notice.recipients == ["各市青少年科技教育（科技辅导员）协会"]
    assert [c.phone for c in notice.contacts] == ["0351-6042229", "0351-6042236"]
    assert {(c.person, c.email, c.postcode, c.address) for c in notice.contacts} == {
        ("崔捷、韩键", "sxsqkjxh@163.com", "030012", "太原市双塔西街268号科普大厦9层")
    }
    assert [(a.label, a.title) for a in notice.attachments] == [
        ("附件1", "省青少年科技教育协会第六届团体会员登记表"),
        ("附件2", "省青少年科技教育协会第六届个人会员登记表"),
    ]
    last = notice.sections[-1]
    assert (last.section_no, last.heading, last.line_end) == ("5", "联系方式", 99)


def test_chongqing_notice(raw_sample) -> None:
    notice = extract_notice(strip_boilerplate(raw_sample("003")))
    assert notice.title == "重庆市科学技术协会关于印发《2020年重庆市社区科普大学工作要点》的通知"
    assert notice.issuer == "重庆市科学技术协会"
    assert notice.issued_on == dt.date(2020, 4, 13)
    assert notice.doc_number is None
    assert notice.recipients == ["各区县(自治县)科协", "万盛经开区科协", "两江新区科创局", "重庆高新区科协"]
    assert [(c.person, c.phone) for c in notice.contacts] == [
        ("吴武全", "63003712"),
        ("吴武全", "13883987655"),
    ]
    assert [(a.label, a.title) for a in notice.attachments] == [("附件", "2020年重庆市社区科普大学工作要点")]
    top = [s.heading for s in notice.sections if s.parent_no is None]
    assert top == [
        "规范完善社区科普大学组织管理体系",
        "“四化八有”推进社区科普大学提质增效",
        "深入开展社区科普大学志愿服务行动",
    ]
    assert len(notice.sections) == 3 + 11


def test_chongqing_notice_reads_the_same_with_its_boilerplate(raw_sample) -> None:
    with_boilerplate = extract_notice(raw_sample("003"))
    assert (with_boilerplate.title, with_boilerplate.issued_on) == (
        "重庆市科学技术协会关于印发《2020年重庆市社区科普大学工作要点》的通知",
        dt.date(2020, 4, 13),
    )


def test_english_reprint(raw_sample) -> None:
    notice = extract_notice(strip_boilerplate(raw_sample("000")))
    assert notice.language == "en"
    assert notice.title == (
        "Reprint - Key Work Points of the China Youth Science and Technology Counselor Association in 2018"
    )
    assert notice.issuer == "China Youth Counselor Association"
    assert notice.issued_on == dt.date(2018, 3, 13)
    assert notice.recipients == [] and notice.doc_number is None
    assert len([s for s in notice.sections if s.parent_no is None]) == 5
    assert len([s for s in notice.sections if s.parent_no is not None]) == 14


def test_english_news_page(raw_sample) -> None:
    notice = extract_notice(strip_boilerplate(raw_sample("001")))
    assert notice.language == "en"
    assert notice.title.startswith("Beijing Youth Science and Technology Center wins")
    assert notice.issued_on is None and notice.sections == [] and notice.contacts == []


def test_traditional_work_plan_after_conversion(raw_sample) -> None:
    notice = extract_notice(strip_boilerplate(raw_sample("004")))
    assert notice.language == "zh"
    assert notice.issued_on is None  # only 20xx placeholders
    assert notice.doc_number is None
    assert [s.heading for s in notice.sections[:2]] == ["指导思想", "工作目标和思路"]


def test_signature_date_wins_over_header_date_and_names_the_issuer() -> None:
    text = "\n".join(
        [
            "关于开展科普日活动的通知",
            "发布时间：2020-04-10",
            "各区县科协：",
            "请认真组织。",
            "",
            "某市科学技术协会",
            "二〇二〇年四月十三日",
        ]
    )
    notice = extract_notice(text)
    assert notice.issued_on == dt.date(2020, 4, 13)
    assert notice.issuer == "某市科学技术协会"
    assert notice.recipients == ["各区县科协"]


def test_header_date_when_there_is_no_signature_and_none_for_placeholders() -> None:
    assert extract_notice("关于报送材料的通知\n2019/9/2\n请于9月10日前报送。").issued_on == dt.date(
        2019, 9, 2
    )
    assert extract_notice("20xx年工作计划\n20xx年1月1日\n一、目标").issued_on is None


def test_doc_number_in_the_body_is_not_the_notices_own() -> None:
    text = "关于转发文件的通知\n各市科协：\n根据《通知》（中科协发〔2013〕5号）要求，现转发。"
    assert extract_notice(text).doc_number is None


@pytest.mark.parametrize(
    "written",
    [
        "晋青科教发 [2014] 01 号",
        "晋青科教发[2014]01号",
        "晋青科教发【2014】01号",
        "晋青科教发（2014）01号",
        "晋青科教发(2014)01号",
        "晋青科教发〔2014〕01号",
        "晋青科教发 〔 2014 〕 第01号",
    ],
)
def test_doc_number_brackets_are_normalized(written: str) -> None:
    assert normalize_doc_number(written) == "晋青科教发〔2014〕01号"


def test_recipients_are_not_split_inside_brackets() -> None:
    assert split_recipients("各市（含省直管县、市）科协、各学会：") == [
        "各市（含省直管县、市）科协",
        "各学会",
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["附件1：活动方案", "附件2：报名表"], [("附件1", "活动方案"), ("附件2", "报名表")]),
        (["附件：", "1.活动方案", "2.报名表"], [("附件1", "活动方案"), ("附件2", "报名表")]),
        (["附件：报名表。"], [("附件", "报名表")]),
        (["Attachment 1: Application Form"], [("Attachment 1", "Application Form")]),
        (["附件材料请于3月底前报送。"], []),
        (["附件：1. 方案", "3. 不连续的编号"], [("附件1", "方案")]),
        # listed, then printed after the notice under its title: one attachment, as listed
        (["附件：2024年会员名单", "", "附件", "2024年会员名单"], [("附件", "2024年会员名单")]),
        (["附件：1.方案", "2.表", "附件2", "表", "附件1", "方案"], [("附件1", "方案"), ("附件2", "表")]),
    ],
)
def test_attachment_forms(lines: list[str], expected: list[tuple[str, str]]) -> None:
    assert [(a.label, a.title) for a in find_attachments(lines).attachments] == expected


def test_language_by_share_of_cjk() -> None:
    assert detect_language("STEM教育：关于开展青少年科技创新大赛的通知") == "zh"
    assert (
        detect_language("Produced By 大汉网络 The meeting also involved a thematic Party day event") == "en"
    )
    assert detect_language("") == "en"


@pytest.mark.parametrize("module", ["attachments", "contacts", "dates", "metadata", "notice", "sections"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"pipeline.transform.{module}"))
    assert result.attempted > 0 and result.failed == 0


@given(
    st.text(
        alphabet=st.sampled_from(list("一二（）()1.、：:附件联系人电话0351-6042229年月日关于通知\n 。，")),
        max_size=200,
    )
)
def test_any_text_gives_a_notice_with_sections_inside_it(text: str) -> None:
    notice = extract_notice(text)
    line_count = len(text.split("\n"))
    assert all(1 <= s.line_start <= s.line_end <= line_count for s in notice.sections)
    assert len({s.section_no for s in notice.sections}) == len(notice.sections)
