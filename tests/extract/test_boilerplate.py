import doctest
import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract import boilerplate
from pipeline.extract.boilerplate import strip_boilerplate

_SENTENCE = re.compile(r"[。！？；]|[.!?](\s|$)")


def kept_lines(text: str) -> list[str]:
    """The non-blank lines: stripping blanks a boilerplate line instead of removing it."""
    return [line for line in text.split("\n") if line.strip()]


def body_lines(text: str) -> list[str]:
    """Lines that carry a sentence: they must all survive stripping."""
    return [line.strip() for line in text.split("\n") if _SENTENCE.search(line)]


def test_english_news_loses_footer_and_counters_keeps_body(raw_sample) -> None:
    raw = raw_sample("001")
    stripped = strip_boilerplate(raw)
    assert "Produced By" not in stripped
    assert "0 1 6 12" not in stripped
    assert stripped.split("\n")[0] == raw.split("\n")[0]
    assert body_lines(stripped) == body_lines(raw)
    assert stripped.rstrip().endswith("for the Party and the country.")


def test_view_counter_goes_create_time_stays(raw_sample) -> None:
    raw = raw_sample("000")
    stripped = strip_boilerplate(raw)
    assert "Views" not in stripped and "1049" not in stripped
    assert "Create_time:2018-03-13" in stripped.split("\n")
    assert len(stripped.split("\n")) == len(raw.split("\n"))


def test_breadcrumb_and_sidebar_go_attachment_link_stays(raw_sample) -> None:
    raw = raw_sample("003")
    stripped = strip_boilerplate(raw)
    assert "首页" not in stripped
    for gone in ("科普活动", "more>>", "全文>>", "环球自然日"):
        assert gone not in stripped
    assert kept_lines(stripped)[-1] == "https://rs.kpcq.org.cn/uploads/attach/2020/04/13/1586769583001.pdf"
    assert len(stripped.split("\n")) == len(raw.split("\n"))
    assert body_lines(stripped) == [line for line in body_lines(raw) if "全文>>" not in line]


def test_clean_notice_is_unchanged(raw_sample) -> None:
    raw = raw_sample("002")
    assert strip_boilerplate(raw) == raw


def test_work_plan_keeps_every_body_line(raw_sample) -> None:
    raw = raw_sample("004")
    assert body_lines(strip_boilerplate(raw)) == body_lines(raw)


def test_related_header_before_the_body_goes_alone() -> None:
    text = "- 相关推荐\n科协2025年工作计划(通用19篇)\n时间过得真快，总在不经意间流逝。"
    assert strip_boilerplate(text) == "\n科协2025年工作计划(通用19篇)\n时间过得真快，总在不经意间流逝。"


def test_related_list_after_the_body_goes_with_its_links() -> None:
    text = "\n".join(
        [
            "关于开展科普日活动的通知",
            "请各单位认真组织。",
            "",
            "相關推薦",
            "科协工作计划",
            "科协工作总结",
            "",
            "相关文章：",
            "学会年度报告",
        ]
    )
    assert kept_lines(strip_boilerplate(text)) == ["关于开展科普日活动的通知", "请各单位认真组织。"]
    assert len(strip_boilerplate(text).split("\n")) == len(text.split("\n"))


def test_counters_in_chinese_and_footers() -> None:
    text = "\n".join(
        [
            "当前位置：首页 > 通知公告",
            "发布时间：2020-05-01 浏览次数：25次",
            "一、活动时间。",
            "版权所有：某市科学技术协会",
            "京ICP备05012345号-1",
        ]
    )
    assert kept_lines(strip_boilerplate(text)) == ["发布时间：2020-05-01", "一、活动时间。"]


def test_lines_with_numbers_in_sentences_are_body() -> None:
    text = "2020 年 3 月 12 日\n发展 3 5 个团体会员。\n1 2"
    assert strip_boilerplate(text) == text


def test_docstring_examples() -> None:
    result = doctest.testmod(boilerplate)
    assert result.attempted > 0 and result.failed == 0


@given(
    st.lists(
        st.text(alphabet="科普协会通知工作要点青少年教育活动2014年月日，、（）", min_size=1, max_size=40).map(
            lambda s: s + "。"
        ),
        min_size=1,
        max_size=8,
    )
)
def test_sentences_survive_among_boilerplate(sentences: list[str]) -> None:
    page = "\n".join(
        ["首页 > 通知公告 > 正文", *sentences, "0 1 6 12", "Produced By 大汉网络 大汉版通发布系统"]
    )
    assert kept_lines(strip_boilerplate(page)) == sentences
