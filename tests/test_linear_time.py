"""No input can stall a run: every repair fix and every text extractor is near-linear in its input.

Each rule runs in a forked child over the generated adversarial corpus (``tests/fixtures/adversarial``)
at two sizes; the parent kills the child when one call takes longer than ``CALL_LIMIT`` seconds and
fails naming the rule and the input. A call whose time grows much faster than its input (quadratic or
worse) fails too. A property test feeds random text built from the characters these rules react to.
The full-size corpus (300,000-character lines) runs in ``benchmarks/worst_case.py``.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract.boilerplate import strip_boilerplate
from pipeline.repair.chain import CHAIN, repair_text
from pipeline.repair.noise import find_placeholders
from pipeline.transform.activities import extract_activities
from pipeline.transform.attachments import find_attachments
from pipeline.transform.contacts import find_contacts
from pipeline.transform.date_ranges import document_year, find_date_spans
from pipeline.transform.dates import find_dates
from pipeline.transform.english_names import sentence_runs
from pipeline.transform.mentions import extract_unit_mentions
from pipeline.transform.metadata import normalize_doc_number
from pipeline.transform.notice import extract_notice
from pipeline.transform.numerals import convert_chinese_dates, edition_of, five_year_plan_years
from pipeline.transform.sections import find_sections
from pipeline.transform.sentences import split_sentences
from pipeline.transform.targets import extract_targets
from tests.fixtures.adversarial import GLOSS, adversarial_texts

#: Characters of the small inputs: the smaller size of the growth check.
SMALL = 5_000
#: Growth of the input between the two sizes, and the most the time may grow (linear: x4; n log n:
#: about x5; quadratic: x16).
GROWTH = 4
MAX_TIME_GROWTH = 10
#: A call faster than this at the larger size is not checked for growth (timer noise).
NOISE_FLOOR = 0.25
#: Seconds one call may take before it counts as stalled (generous: a shared machine is slow; an
#: exponential pattern takes hours).
CALL_LIMIT = 20.0


def _lines(fix: Callable[[str], object]) -> Callable[[str], object]:
    """A per-line rule run the way the chain runs it: over every line of a text."""
    return lambda text: [fix(line) for line in text.split("\n")]


#: Every rule that reads document text, by name: the repair chain's fixes (from its registry, so a new
#: fix is covered), the whole chain, extract's boilerplate filter and every transform extractor.
RULES: dict[str, Callable[[str], object]] = {
    **{f"repair.{fix.name}": _lines(fix.run) for fix in CHAIN},
    "repair.repair_text": repair_text,
    "repair.find_placeholders": find_placeholders,
    "extract.strip_boilerplate": strip_boilerplate,
    "transform.extract_notice": extract_notice,
    "transform.find_sections": find_sections,
    "transform.find_contacts": lambda text: find_contacts(text.split("\n")),
    "transform.find_attachments": lambda text: find_attachments(text.split("\n")),
    "transform.find_dates": find_dates,
    "transform.find_date_spans": find_date_spans,
    "transform.document_year": document_year,
    "transform.normalize_doc_number": normalize_doc_number,
    "transform.numerals": lambda text: (
        convert_chinese_dates(text),
        edition_of(text),
        five_year_plan_years(text),
    ),
    "transform.split_sentences": lambda text: (split_sentences(text, "zh"), split_sentences(text, "en")),
    "transform.english_names": _lines(sentence_runs),
    "transform.extract_targets.zh": lambda text: extract_targets("d", "zh", text),
    "transform.extract_targets.en": lambda text: extract_targets("d", "en", text),
    "transform.extract_activities.zh": lambda text: extract_activities("d", "zh", text),
    "transform.extract_activities.en": lambda text: extract_activities("d", "en", text),
    "transform.extract_unit_mentions.zh": lambda text: extract_unit_mentions("d", "zh", text),
    "transform.extract_unit_mentions.en": lambda text: extract_unit_mentions("d", "en", text),
}


Call = tuple[str, str, str]  # rule, input name, text
_WARM_UP = "关于举办第33届青少年科技创新大赛的通知\n2021年5月10日至12日，联系人：张三。Hold the Science Expo."


def _time_calls(calls: list[Call], report: Connection) -> None:
    """Child: make each call, telling the parent when it starts and how long it took. Each rule is
    first run once on a short text, so that loading its dictionaries (jieba's: seconds) is not timed."""
    for rule in {rule for rule, _, _ in calls}:
        RULES[rule](_WARM_UP)
    for rule, name, text in calls:
        report.send(("start", f"{rule} on {name}"))
        clock = time.perf_counter()
        RULES[rule](text)
        report.send(("done", time.perf_counter() - clock))
    report.close()


def time_calls(calls: list[Call], limit: float = CALL_LIMIT) -> list[float]:
    """Seconds each call took, made in a forked child; AssertionError naming the rule and the input of
    a call that took over ``limit`` (the child is killed: a pattern stuck in C code cannot be stopped
    any other way)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_time_calls, args=(calls, send))
    child.start()
    send.close()
    seconds: list[float] = []
    current = ""
    try:
        while len(seconds) < len(calls):
            if not receive.poll(limit if current else 120.0):  # the fork and the warm-up
                raise AssertionError(f"{current or 'the first call'} took over {limit:.0f} s (stalled)")
            try:
                message = receive.recv()
            except EOFError:
                raise AssertionError(f"{current} crashed the child") from None
            if message[0] == "start":
                current = message[1]
            else:
                seconds.append(message[1])
                current = ""
    finally:
        child.kill()
        child.join()
    return seconds


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_is_near_linear_on_adversarial_inputs(rule: str) -> None:
    small = adversarial_texts(SMALL)
    large = adversarial_texts(SMALL * GROWTH)
    names = sorted(small)
    calls = [(rule, f"{name}@{SMALL}", small[name]) for name in names]
    calls += [(rule, f"{name}@{SMALL * GROWTH}", large[name]) for name in names]
    seconds = time_calls(calls)
    slow = [
        f"{name}: {seconds[i]:.3f} s at {SMALL} chars, {seconds[i + len(names)]:.3f} s at {SMALL * GROWTH}"
        for i, name in enumerate(names)
        if seconds[i + len(names)] > NOISE_FLOOR
        and seconds[i + len(names)] > MAX_TIME_GROWTH * max(seconds[i], NOISE_FLOOR / MAX_TIME_GROWTH)
    ]
    assert not slow, f"{rule} grows faster than its input on: " + "; ".join(slow)


def test_the_reported_gloss_line_is_fast() -> None:
    """Issue 18: the pinyin rule backtracked exponentially on this line; whole chain, not a minute."""
    assert time_calls([("repair.repair_text", "the gloss line", GLOSS)], limit=2.0)[0] < 2.0


_TRIGGERS = (
    "（）()[]【】《》“”\"'，,。.、：:；;——-–~～ \t0123456789"
    "年月日号至到xX×abcdefgijlnouzāéǐòüABC科协会附件联系电话第章节"
)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_TRIGGERS, min_size=20, max_size=200), st.integers(min_value=10, max_value=60))
def test_random_text_of_trigger_characters_never_stalls(piece: str, repeats: int) -> None:
    """Random text from the characters the rules react to, repeated into a long line: each rule must
    finish it well within the limit (a backtracking pattern blows up on some such line)."""
    text = piece * repeats
    name = f"{piece[:40]!r}... repeated {repeats} times"
    time_calls([(rule, name, text) for rule in sorted(RULES)])
