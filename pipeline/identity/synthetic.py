"""Generated rosters with known duplicates: the ground truth to train and measure person matching on.

Why: real rosters carry no labels, so precision and recall can only be measured on rosters whose
duplicates are known. Each generated person appears in one or more rosters, and every appearance is
spelled the way real rosters spell people: traditional script, spaces inside the name, a homophone or
a wrong character, phones with punctuation or +86, a digit typo, missing fields, a new employer.
Surnames follow a long-tailed frequency, so different people share common names (王伟) as in real
life. ``person_id`` is the truth.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd
from pypinyin import lazy_pinyin

from pipeline.repair.script import converter
from pipeline.transform.values.ids import check_digit

#: Columns of a generated roster row (``person_id`` is the ground truth, not an input of matching).
ROSTER_COLUMNS = (
    "source_row_id",
    "roster",
    "name",
    "birth_date",
    "phone",
    "id_number",
    "email",
    "unit_name",
    "person_id",
)
_REGIONS = ("140105", "140106", "140202", "140421", "140702", "141002", "140303", "140802")
_MOBILE_PREFIXES = ("135", "136", "138", "139", "150", "151", "158", "186", "187", "188", "199")
_MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "sxu.edu.cn")


@dataclass(frozen=True)
class Noise:
    """How often each kind of variation happens in one appearance of a person (probabilities)."""

    traditional_name: float = 0.2
    space_in_name: float = 0.1
    homophone_in_name: float = 0.05
    wrong_char_in_name: float = 0.03
    formatted_phone: float = 0.3
    missing_phone: float = 0.2
    phone_typo: float = 0.03
    new_phone: float = 0.08
    missing_birth_date: float = 0.15
    birth_date_typo: float = 0.03
    missing_id_number: float = 0.6
    id_number_typo: float = 0.02
    missing_email: float = 0.5
    missing_unit: float = 0.2
    new_unit: float = 0.2


@dataclass(frozen=True)
class _Person:
    person_id: str
    name: str
    birth_date: dt.date
    phone: str
    id_number: str
    email: str
    unit_name: str


def generate_rosters(
    people: int, rosters: int, seed: int, duplicate_share: float = 0.4, noise: Noise | None = None
) -> pd.DataFrame:
    """Rows of ``rosters`` rosters naming ``people`` people; ``duplicate_share`` of them appear 2-4 times.

    Rows are shuffled; ``source_row_id`` is ``<roster>:<row>``.
    """
    rng = random.Random(seed)
    noise = noise or Noise()
    appearances = []
    for number in range(people):
        person = _new_person(rng, number)
        times = rng.choice((2, 2, 2, 3, 3, 4)) if rng.random() < duplicate_share else 1
        appearances += [_appearance(rng, person, noise) for _ in range(times)]
    rng.shuffle(appearances)
    rows = []
    next_row: dict[str, int] = {}
    for appearance in appearances:
        roster = f"roster_{rng.randrange(rosters):03d}.xlsx"
        next_row[roster] = next_row.get(roster, 1) + 1
        rows.append({"source_row_id": f"{roster}:{next_row[roster]}", "roster": roster, **appearance})
    return pd.DataFrame(rows, columns=list(ROSTER_COLUMNS))


def true_pairs(rows: pd.DataFrame) -> int:
    """How many pairs of rows name the same person."""
    sizes = rows.groupby("person_id").size()
    return int((sizes * (sizes - 1) // 2).sum())


def _new_person(rng: random.Random, number: int) -> _Person:
    surnames = _words("surnames.txt")  # in order of frequency: a few surnames are very common
    surname = rng.choices(surnames, weights=[1 / rank for rank in range(1, len(surnames) + 1)])[0]
    given = "".join(rng.choice(_words("given_chars.txt")) for _ in range(rng.choice((1, 2, 2, 2))))
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
    phone = rng.choice(_MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
    body = f"{rng.choice(_REGIONS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    check = check_digit(body)
    mail_name = "".join(lazy_pinyin(surname + given)) + str(rng.randrange(100))
    return _Person(
        person_id=f"person_{number:06d}",
        name=surname + given,
        birth_date=birth,
        phone=phone,
        id_number=body + check,
        email=f"{mail_name}@{rng.choice(_MAIL_DOMAINS)}",
        unit_name=rng.choice(_words("units.txt")),
    )


def _appearance(rng: random.Random, person: _Person, noise: Noise) -> dict[str, str | None]:
    """One roster row naming ``person``, with this row's variations."""

    def happens(p: float) -> bool:
        return rng.random() < p

    return {
        "name": _vary_name(rng, person.name, noise),
        "birth_date": None
        if happens(noise.missing_birth_date)
        else _typo_digit(rng, person.birth_date.isoformat())
        if happens(noise.birth_date_typo)
        else person.birth_date.isoformat(),
        "phone": None if happens(noise.missing_phone) else _vary_phone(rng, person.phone, noise),
        "id_number": None
        if happens(noise.missing_id_number)
        else _typo_digit(rng, person.id_number)
        if happens(noise.id_number_typo)
        else person.id_number,
        "email": None if happens(noise.missing_email) else person.email,
        "unit_name": None
        if happens(noise.missing_unit)
        else rng.choice(_words("units.txt"))
        if happens(noise.new_unit)
        else person.unit_name,
        "person_id": person.person_id,
    }


def _vary_name(rng: random.Random, name: str, noise: Noise) -> str:
    if rng.random() < noise.homophone_in_name:
        last = name[-1]
        name = name[:-1] + rng.choice(_homophones().get(_pinyin(last), (last,)))
    if rng.random() < noise.wrong_char_in_name:
        name = name[:-1] + rng.choice(_words("given_chars.txt"))
    if rng.random() < noise.traditional_name:
        name = converter("s2t").convert(name)
    if rng.random() < noise.space_in_name:
        cut = rng.randrange(1, len(name))
        name = name[:cut] + rng.choice((" ", "\u3000", "  ")) + name[cut:]
    return name


def _vary_phone(rng: random.Random, phone: str, noise: Noise) -> str:
    if rng.random() < noise.new_phone:
        phone = phone[:3] + "".join(rng.choice("0123456789") for _ in range(8))
    if rng.random() < noise.phone_typo:
        phone = _typo_digit(rng, phone)
    if rng.random() < noise.formatted_phone:
        a, b, c = phone[:3], phone[3:7], phone[7:]
        phone = rng.choice((f"{a}-{b}-{c}", f"{a} {b} {c}", f"+86 {phone}", f"+86-{a}-{b}-{c}"))
    return phone


def _typo_digit(rng: random.Random, text: str) -> str:
    spots = [i for i, ch in enumerate(text) if ch.isdigit()]
    spot = rng.choice(spots)
    return text[:spot] + rng.choice([d for d in "0123456789" if d != text[spot]]) + text[spot + 1 :]


@cache
def _words(name: str) -> tuple[str, ...]:
    text = resources.files("pipeline.identity").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(dict.fromkeys(text.split()))


@cache
def _homophones() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for char in _words("given_chars.txt"):
        groups.setdefault(_pinyin(char), []).append(char)
    return {sound: tuple(chars) for sound, chars in groups.items()}


def _pinyin(char: str) -> str:
    return lazy_pinyin(char)[0]
