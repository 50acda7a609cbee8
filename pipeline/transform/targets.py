"""Quantitative goals a document sets: 每个市发展3—5个团体会员, 不少于24节, 1500 new individual members.

A target set for each of some units (每个市发展3—5个团体会员, each school) keeps that unit in ``per_unit``
(市): the words after the last 每 (and its measure word) before the count, in the same sentence, up to a
stop word; a period (每年) is no such unit.

A count becomes a target when the sentence plans rather than reports: a range (3—5, 6-7) is always a
plan; an exact count needs a plan word in its sentence (要, 力争, 不少于, strive, plan ...) or, in
English, a plan document (key work points), whose sentences are imperatives. A clause that reports what
was done (获得, 已, existing, won) is never a target. Words and measure units are data:
``target_words.json``.

``period`` is the year the sentence names, else the five-year plan it names (十三五 -> 2016-2020), else
the document's year (None for 20xx templates).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.ids import stable_id
from pipeline.records import Target
from pipeline.transform.data_files import read_json
from pipeline.transform.date_ranges import document_year, find_date_spans, year_in
from pipeline.transform.documents import classify_document
from pipeline.transform.numerals import five_year_plan_years
from pipeline.transform.segment import segment
from pipeline.transform.sentences import SectionLike, Sentence, split_sentences

_NUMBER = r"\d+(?:,\d{3})*"
#: Digits of the largest count read: a longer digit run is an ID or a serial, not a target.
_MAX_DIGITS = 15
_RANGE = rf"({_NUMBER})(?:\s*(?:-|–|—|~|～|至|到|to)\s*({_NUMBER}))?"
_CLAUSE = re.compile(r"[，,；;：:]")
_WORD = re.compile(r"“[^”]*”|\"[^\"]*\"|[A-Za-z][\w'’-]*|\S")


@dataclass(frozen=True)
class TargetWords:
    """Measure words, plan and report words by language."""

    zh_measures: tuple[str, ...]
    zh_plan: tuple[str, ...]
    zh_report: tuple[str, ...]
    zh_minimum: tuple[str, ...]
    en_plan: tuple[str, ...]
    en_report: frozenset[str]
    en_stop: frozenset[str]
    zh_scope_stop: tuple[str, ...]
    zh_scope_measures: tuple[str, ...]
    zh_scope_periods: frozenset[str]
    en_scope: tuple[str, ...]


@cache
def target_words() -> TargetWords:
    """The target vocabulary from ``target_words.json``."""
    data = read_json("target_words.json")
    return TargetWords(
        zh_measures=tuple(sorted(data["zh_measures"], key=len, reverse=True)),
        zh_plan=tuple(data["zh_plan"]),
        zh_report=tuple(data["zh_report"]),
        zh_minimum=tuple(data["zh_minimum"]),
        en_plan=tuple(data["en_plan"]),
        en_report=frozenset(data["en_report"]),
        en_stop=frozenset(data["en_stop"]),
        zh_scope_stop=tuple(data["zh_scope_stop"]),
        zh_scope_measures=tuple(sorted(data["zh_scope_measures"], key=len, reverse=True)),
        zh_scope_periods=frozenset(data["zh_scope_periods"]),
        en_scope=tuple(data["en_scope"]),
    )


@dataclass(frozen=True)
class Quantity:
    """A count read from a sentence, before it is judged a target."""

    subject: str
    quantity_min: int
    quantity_max: int | None
    unit: str
    is_range: bool
    per_unit: str | None = None


@cache
def _zh_pattern() -> re.Pattern[str]:
    words = target_words()
    minimum = "|".join(words.zh_minimum)
    measures = "|".join(words.zh_measures)
    return re.compile(
        rf"(?<![\d.\-—])(?P<min_word>{minimum})?\s*{_RANGE}\s*(?P<more>多|余)?\s*(?P<unit>{measures})"
    )


def _date_positions(sentence: str) -> set[int]:
    """Positions of ``sentence`` inside a date (May 10-12, 10月31日), found once per sentence: a count
    there is the day part of a date."""
    return {at for s in find_date_spans(sentence, default_year=2000) for at in range(s.begin, s.stop)}


def _number(text: str) -> int | None:
    """The count written, None for a digit run too long to be one."""
    digits = text.replace(",", "")
    return int(digits) if len(digits) <= _MAX_DIGITS else None


def _is_noun(word: str, flag: str) -> bool:
    return bool(re.match(r"[\u4e00-\u9fff]", word)) and (flag.startswith("n") or flag == "vn")


def _zh_subject(clause: str, start: int, end: int) -> str:
    """The counted noun in the clause of a count at ``start:end``: the words after the measure word,
    else the last noun before the count."""
    placed, offset = [], 0
    for word, flag in segment(clause):
        placed.append((offset, word, flag))
        offset += len(word)
    after = []
    for at, word, flag in placed:
        if at < end:
            continue
        if not (_is_noun(word, flag) or (after and re.match(r"[\u4e00-\u9fff]", word))) or len(after) == 4:
            break
        after.append(word)
    if after:
        return "".join(after)
    nouns = [word for at, word, flag in placed if at + len(word) <= start and _is_noun(word, flag)]
    return nouns[-1] if nouns else ""


def zh_scope(before: str) -> str | None:
    """The unit a count is set for, from the text of its sentence before it (每个市要发展 -> 市).

    >>> zh_scope("每个市要发展"), zh_scope("其中每个团体会员"), zh_scope("每所学校至少"), zh_scope("每年开展")
    ('市', '团体会员', '学校', None)
    """
    words = target_words()
    at = before.rfind("每")
    if at < 0:
        return None
    rest = before[at + 1 :]
    measure = next((m for m in words.zh_scope_measures if rest.startswith(m)), "")
    rest = rest[len(measure) :]
    ends = [i for i in (rest.find(w) for w in words.zh_scope_stop) if i >= 0]
    ends += [i for i, char in enumerate(rest) if not "\u4e00" <= char <= "\u9fff"][:1]
    scope = rest[: min(ends, default=len(rest))]
    return scope if 0 < len(scope) <= 6 and scope not in words.zh_scope_periods else None


def en_scope(before: str) -> str | None:
    """The unit an English count is set for: the word after the last each/every/per before it.

    >>> en_scope("Each city should develop"), en_scope("develop")
    ('city', None)
    """
    words = before.lower().split()
    at = max((i for i, word in enumerate(words[:-1]) if word in target_words().en_scope), default=None)
    return words[at + 1].strip(".,;:") if at is not None else None


def zh_quantities(sentence: str) -> list[Quantity]:
    """Counts in one Chinese sentence whose clause does not report a result.

    >>> zh_quantities("每个市要发展3—5个团体会员")
    [Quantity(subject='团体会员', quantity_min=3, quantity_max=5, unit='个', is_range=True, per_unit='市')]
    >>> [(q.subject, q.quantity_min, q.quantity_max) for q in zh_quantities("全年开展课程不少于24节")]
    [('课程', 24, None)]
    >>> zh_quantities("我区获得自治区二等奖3项")
    []
    """
    words = target_words()
    found = []
    breaks = [m.start() for m in _CLAUSE.finditer(sentence)]  # clause bounds by bisection: linear
    for match in _zh_pattern().finditer(sentence):
        before = bisect_left(breaks, match.start())
        clause_start = breaks[before - 1] + 1 if before else 0
        after = bisect_left(breaks, match.end())
        clause_end = breaks[after] if after < len(breaks) else len(sentence)
        if any(word in sentence[clause_start:clause_end] for word in words.zh_report):
            continue
        low = _number(match.group(2))
        high = _number(match.group(3)) if match.group(3) else None
        if low is None or (match.group(3) and high is None):
            continue
        at_least = bool(match.group("min_word") or match.group("more")) or sentence.startswith(
            "以上", match.end()
        )
        clause = sentence[clause_start:clause_end]
        subject = _zh_subject(clause, match.start() - clause_start, match.end() - clause_start)
        if subject:
            high = high if high or at_least else low
            scope = zh_scope(sentence[: match.start()])
            found.append(Quantity(subject, low, high, match.group("unit"), match.group(3) is not None, scope))
    return found


def en_quantities(sentence: str) -> list[Quantity]:
    """Counts in one English sentence: a number (or range) and the noun phrase it counts.

    >>> en_quantities("cultivate 6-7 training bases, and")
    [Quantity(subject='training bases', quantity_min=6, quantity_max=7, unit='bases', is_range=True, \
per_unit=None)]
    >>> en_quantities("strengthen 21 existing training bases. May 10-12, the 2021 meeting")
    []
    """
    words = target_words()
    found = []
    in_dates: set[int] | None = None
    for match in re.finditer(rf"(?<![\w.,-]){_RANGE}(?![\w.%-])", sentence):
        in_dates = _date_positions(sentence) if in_dates is None else in_dates
        if match.start(1) in in_dates:
            continue
        low, high = _number(match.group(1)), _number(match.group(2)) if match.group(2) else None
        if low is None or (match.group(2) and high is None) or (high is None and 1900 <= low <= 2099):
            continue
        phrase = []
        for word in _words_after(sentence, match.end()):
            if word.lower() in words.en_stop or not (word[0].isalpha() or word[0] in '“"'):
                break
            phrase.append(word)
        before = sentence[: match.start()].split()[-3:]
        reported = any(w.lower() in words.en_report for w in phrase + before)
        if phrase and phrase[-1][0].isalpha() and not reported:
            scope = en_scope(sentence[: match.start()])
            found.append(Quantity(" ".join(phrase), low, high or low, phrase[-1], high is not None, scope))
    return found


def _words_after(sentence: str, start: int) -> list[str]:
    """The first ten words of ``sentence`` from ``start`` (read from there, not from a copy of the rest)."""
    return [match.group() for match, _ in zip(_WORD.finditer(sentence, start), range(10), strict=False)]


def _plans(sentence: str, language: str, is_plan: bool) -> bool:
    words = target_words()
    if language == "zh":
        return any(word in sentence for word in words.zh_plan)
    return is_plan or any(re.search(rf"\b{word}\b", sentence, re.IGNORECASE) for word in words.en_plan)


def _period(sentence: Sentence, doc_year: int | None) -> str | None:
    year = year_in(sentence.text)
    plan_years = five_year_plan_years(sentence.text)
    if year:
        return str(year)
    return plan_years or (str(doc_year) if doc_year else None)


def extract_targets(
    doc_id: str, language: str, text: str, sections: Sequence[SectionLike] = ()
) -> list[Target]:
    """The quantitative goals one document sets, in document order.

    >>> text = "通知\\n2014年目标：每个市要发展3—5个团体会员，发展个人会员5—10名。"
    >>> rows = extract_targets("d2", "zh", text)
    >>> [(r.subject, r.quantity_min, r.quantity_max, r.unit, r.per_unit, r.period, r.line) for r in rows]
    [('团体会员', 3, 5, '个', '市', '2014', 2), ('个人会员', 5, 10, '名', '市', '2014', 2)]
    """
    doc_year = document_year(text)
    title = next((line for line in text.split("\n") if line.strip()), "")
    is_plan = classify_document(title) == "plan"
    rows = []
    for sentence in split_sentences(text, language, sections):
        if not re.search(r"\d", sentence.text):
            continue
        quantities = zh_quantities(sentence.text) if language == "zh" else en_quantities(sentence.text)
        period = _period(sentence, doc_year) if quantities else None
        for quantity in quantities:
            if not (quantity.is_range or _plans(sentence.text, language, is_plan)):
                continue
            rows.append(
                Target(
                    target_id=stable_id(
                        "tgt", doc_id, sentence.line, quantity.subject, quantity.quantity_min
                    ),
                    doc_id=doc_id,
                    subject=quantity.subject,
                    quantity_min=quantity.quantity_min,
                    quantity_max=quantity.quantity_max,
                    unit=quantity.unit,
                    per_unit=quantity.per_unit,
                    period=period,
                    section_no=sentence.section_no,
                    line=sentence.line,
                    evidence=sentence.text,
                )
            )
    return rows
