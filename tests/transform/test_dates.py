import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.transform.dates import find_dates, is_date_line, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014年1月6日", dt.date(2014, 1, 6)),
        ("2014 年 1 月 6 日", dt.date(2014, 1, 6)),
        ("二〇一四年一月六日", dt.date(2014, 1, 6)),
        ("二〇一四年元月六日", dt.date(2014, 1, 6)),
        ("二零二零年四月十三日", dt.date(2020, 4, 13)),
        ("二〇二〇年十二月三十一日", dt.date(2020, 12, 31)),
        ("2020-04-13", dt.date(2020, 4, 13)),
        ("2020/4/13", dt.date(2020, 4, 13)),
        ("2020.4.13", dt.date(2020, 4, 13)),
        ("Create_time:2018-03-13", dt.date(2018, 3, 13)),
        ("重庆科协 2020-04-13 作者:科协-刘露", dt.date(2020, 4, 13)),
    ],
)
def test_parse_date_reads_each_form(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["20xx年1月15日", "20XX-01-01", "2014年2月30日", "2019-13-01", "二〇一四年二月三十日", "第33届", ""],
)
def test_parse_date_gives_none_for_placeholders_and_impossible_dates(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_skips_impossible_dates_and_keeps_order_and_spans() -> None:
    text = "2014年2月30日截止，改为二〇一四年三月一日，报名2014/3/5开始"
    found = find_dates(text)
    assert [d for d, _, _ in found] == [dt.date(2014, 3, 1), dt.date(2014, 3, 5)]
    assert [text[s:e] for _, s, e in found] == ["二〇一四年三月一日", "2014/3/5"]


def test_find_dates_ignores_version_numbers_and_decimals() -> None:
    assert find_dates("版本1.2.3.4，增长12.5%，IP 10.2020.4.13") == []


def test_traditional_work_plan_has_only_placeholder_dates(raw_sample) -> None:
    text = raw_sample("004")
    assert "20xx年12月25日" in text
    assert find_dates(text) == []


def test_is_date_line_needs_the_whole_line() -> None:
    assert is_date_line("2014年1月6日")
    assert is_date_line(" 二〇一四年元月六日 ")
    assert not is_date_line("各市在2014年3月31日前报回")


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_written_forms_round_trip(date: dt.date) -> None:
    forms = [
        f"{date.year}年{date.month}月{date.day}日",
        date.isoformat(),
        f"{date.year}/{date.month}/{date.day}",
    ]
    assert [parse_date(form) for form in forms] == [date] * 3
