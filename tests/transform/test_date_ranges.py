"""Date ranges and month-precision dates in Chinese and English."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.transform.date_ranges import document_year, find_date_spans


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2021年5月10日至12日", "2021-05-10", "2021-05-12", "day"),
        ("2021年5月30日—6月2日", "2021-05-30", "2021-06-02", "day"),
        ("二〇二一年五月十日至十二日", "2021-05-10", "2021-05-12", "day"),
        ("2014年1月6日", "2014-01-06", "2014-01-06", "day"),
        ("2020年4月下旬", "2020-04-21", "2020-04-30", "month"),
        ("2020年2月底", "2020-02-21", "2020-02-29", "month"),
        ("2019年3月", "2019-03-01", "2019-03-31", "month"),
        ("May 10-12, 2021", "2021-05-10", "2021-05-12", "day"),
        ("May 10-12 2021", "2021-05-10", "2021-05-12", "day"),
        ("10-12 May 2021", "2021-05-10", "2021-05-12", "day"),
        ("Sept. 3 to Sept. 5, 2019", "2019-09-03", "2019-09-05", "day"),
        ("in May 2021", "2021-05-01", "2021-05-31", "month"),
    ],
)
def test_spans(text: str, start: str, end: str, precision: str) -> None:
    [span] = find_date_spans(text)
    assert (span.start.isoformat(), span.end.isoformat(), span.precision) == (start, end, precision)


def test_year_left_out_comes_from_the_default() -> None:
    [span] = find_date_spans("May 10-12, the seminar took place", default_year=2021)
    assert (span.start, span.end) == (dt.date(2021, 5, 10), dt.date(2021, 5, 12))


@pytest.mark.parametrize(
    "text", ["20xx年3月中旬", "20XX年5月10日", "4月下旬", "2021年2月30日", "电话63003712"]
)
def test_no_date_without_a_real_year_or_day(text: str) -> None:
    assert find_date_spans(text) == []


def test_document_year_of_templates_is_unknown() -> None:
    assert document_year("科协2025年工作计划\n20xx学年教科研工作") is None
    assert document_year("Reprint - Key Work Points in 2018\nCreate_time:2018-03-13") == 2018
