"""When an activity takes place: its year (month and day where known), how precise, and where it came from.

An activity's date is read, in this order, from:

1. ``text``: a date or month written in its sentence (2021年5月10日至12日, 4月下旬; a month without a year
   takes the year the sentence or the name writes, else the document's year);
2. ``name``: a year in the activity's name (2020重庆市民网络科普竞答);
3. ``text``: a relative date resolved against the document's date (今年, 明年, 上半年, 下半年: the words
   are data, ``relative_dates.json``), else a year written in the sentence (2019年全国科普日启动; not a
   year something started from: 自2004年以来, 从2001年起);
4. ``document``: the document's date (its ``issued_on``, else the first year of its first lines).

A sentence holding a template year (20xx年, xx年) is part of a template: its activities keep an unknown
year unless their name writes one. In a document holding one anywhere (a collection of plans titled
科协2025年工作计划 whose plans write 20xx年), months and relative dates are not resolved against the
document's year (4月下旬 of which year?): its activities take the document's year, precision year.
``precision`` is ``day``, ``month`` (a month or a part of one: 3月中旬),
``half`` (上半年) or ``year``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.transform.data_files import read_json
from pipeline.transform.date_ranges import DateSpan, find_date_spans, has_placeholder_year, year_in

#: A year written for itself (2019年, 2019年度), not the start of a period (2004年以来, 2001年起).
_WRITTEN_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!以来|起|至今|前|以前|后|以后)")


@dataclass(frozen=True)
class ActivityDate:
    """The date columns of one activity; all None when nothing dates it."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    precision: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class RelativeWords:
    """Relative year words (今年: 0, 明年: +1) and halves of a year (上半年: months 1 to 6)."""

    years: dict[str, int]
    halves: dict[str, tuple[int, int]]
    pattern: re.Pattern[str]


@cache
def relative_words() -> RelativeWords:
    """The relative date words from ``relative_dates.json``."""
    data = read_json("relative_dates.json")
    halves = {word: (first, last) for word, (first, last) in data["halves"].items()}
    words = sorted([*data["years"], *halves], key=len, reverse=True)
    return RelativeWords(data["years"], halves, re.compile("|".join(map(re.escape, words))))


@dataclass(frozen=True)
class DocumentYear:
    """The year a document's activities are dated against, and whether it holds template years."""

    year: int | None
    is_template: bool


def document_date(text: str, issued_on: dt.date | None) -> DocumentYear:
    """The document's year (``reference_year``) and whether it writes template years (20xx年).

    >>> document_date("科协2025年工作计划\\n20xx年工作打算", None)
    DocumentYear(year=2025, is_template=True)
    """
    return DocumentYear(reference_year(text, issued_on), has_placeholder_year(text))


def reference_year(text: str, issued_on: dt.date | None, head_lines: int = 10) -> int | None:
    """The year undated activities take: the document's date, else the first year of its first
    non-empty lines (title, dateline), even when later lines are templates (20xx年).

    >>> reference_year("科协2025年工作计划\\n20xx年工作打算", None)
    2025
    >>> reference_year("通知", dt.date(2014, 1, 6))
    2014
    """
    if issued_on is not None:
        return issued_on.year
    head = [line for line in text.split("\n") if line.strip()][:head_lines]
    return year_in("\n".join(head))


def _relative(sentence: str, year: int) -> ActivityDate | None:
    """今年 / 上半年 / 明年上半年 resolved against ``year``."""
    words = relative_words()
    found = [match.group() for match in words.pattern.finditer(sentence)]
    offset = next((words.years[word] for word in found if word in words.years), None)
    half = next((words.halves[word] for word in found if word in words.halves), None)
    if offset is None and half is None:
        return None
    resolved = year + (offset or 0)
    if half is None:
        return ActivityDate(year=resolved, precision="year", source="text")
    first, last = half
    end = dt.date(resolved, last + 1, 1) - dt.timedelta(days=1) if last < 12 else dt.date(resolved, 12, 31)
    return ActivityDate(resolved, None, None, dt.date(resolved, first, 1), end, "half", "text")


@lru_cache(maxsize=1024)
def _spans(sentence: str, default: int | None) -> tuple[DateSpan, ...]:
    """The date spans of a sentence, read once for all the activities it names."""
    return tuple(find_date_spans(sentence, default))


def date_activity(name: str, sentence: str, document: DocumentYear) -> ActivityDate:
    """The date of an activity named ``name`` in ``sentence`` of a document dated ``document``.

    >>> plan, template = DocumentYear(2020, False), DocumentYear(2025, True)
    >>> date_activity("青少年科技创新大赛", "20xx年3月中旬，组织学生参加青少年科技创新大赛", template)
    ActivityDate(year=None, month=None, day=None, start=None, end=None, precision=None, source=None)
    >>> d = date_activity("科技节", "今年上半年举办科技节", plan)
    >>> d.year, str(d.start), str(d.end), d.precision, d.source
    (2020, '2020-01-01', '2020-06-30', 'half', 'text')
    >>> d = date_activity("2020重庆市民网络科普竞答", "组织学员参与2020重庆市民网络科普竞答", template)
    >>> d.year, d.precision, d.source
    (2020, 'year', 'name')
    >>> d = date_activity("科技活动周", "定于5月中旬举办科技活动周", plan)
    >>> d.year, d.month, d.day, str(d.start), d.precision, d.source
    (2020, 5, None, '2020-05-11', 'month', 'text')
    >>> d = date_activity("科技活动周", "定于5月中旬举办科技活动周", template)
    >>> d.year, d.month, d.start, d.precision, d.source
    (2025, None, None, 'year', 'document')
    """
    in_name = year_in(name)
    if has_placeholder_year(sentence):
        return ActivityDate(year=in_name, precision="year", source="name") if in_name else ActivityDate()
    reference = document.year
    resolved = None if document.is_template else reference  # what a month or 今年 is resolved against
    written = _WRITTEN_YEAR.search(sentence)
    default = int(written.group(1)) if written else in_name or resolved
    spans = _spans(sentence, default)
    if spans:
        span = spans[0]
        day = span.start.day if span.precision == "day" else None
        return ActivityDate(
            span.start.year, span.start.month, day, span.start, span.end, span.precision, "text"
        )
    if in_name:
        return ActivityDate(year=in_name, precision="year", source="name")
    relative = _relative(sentence, resolved) if resolved else None
    if relative:
        return relative
    if written:
        return ActivityDate(year=int(written.group(1)), precision="year", source="text")
    if reference:
        return ActivityDate(year=reference, precision="year", source="document")
    return ActivityDate()
