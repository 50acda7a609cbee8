"""One organisation, one unit: the full name every spelling of an organisation stands for.

A name is first normalized as roster names are (``normalize_unit_name``; English case-folded, no
leading "the"). It then stands for the full Chinese name of:

* ``alias_list``: an organisation of ``unit_aliases.json`` that lists it (中国科协, CAST and
  "Chinese Association for Science and Technology" are 中国科学技术协会);
* ``rule``: the name the rules of ``unit_aliases.json`` make of it: a short ending written out
  (港北区科协 -> 港北区科学技术协会), a province-level region written out before a regional body
  (重庆科协 -> 重庆市科学技术协会), a bracketed alternative inside the name left out
  (山西省青少年科技教育（科技辅导员）协会 -> 山西省青少年科技教育协会; a bracket ending the name names a
  branch and stays: 太原市第五中学（初中部）).

The unit id is made from that full name, so rosters, documents and issuers that write one
organisation differently give it one ``unit_id``; ``unit_aliases`` keeps each spelling and where its
identity came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.ids import stable_id
from pipeline.transform.data_files import read_json
from pipeline.transform.values.names import normalize_unit_name

#: A bracketed part with more of the name after it (科技教育（科技辅导员）协会).
_INNER_BRACKETS = re.compile(r"（[^（）]{1,12}）(?=[^（）]+$)")


@dataclass(frozen=True)
class AliasRules:
    """The alias lists and rules of ``unit_aliases.json``, keyed by normalized name."""

    aliases: dict[str, str]
    short_forms: tuple[tuple[str, str], ...]
    keep: tuple[str, ...]
    regions: tuple[tuple[str, str], ...]
    regional_bodies: frozenset[str]


@dataclass(frozen=True)
class Identity:
    """The full name a spelling stands for, and how that was found (alias_list, rule, name)."""

    name: str
    source: str

    @property
    def unit_id(self) -> str:
        return stable_id("unit", self.name)


def _key(name: str) -> str:
    key = normalize_unit_name(name)
    return re.sub(r"^the\s+", "", key.lower()) if key.isascii() else key


@cache
def alias_rules() -> AliasRules:
    """The alias lists and rules from ``unit_aliases.json``."""
    data = read_json("unit_aliases.json")
    aliases = {_key(alias): full for full, names in data["units"].items() for alias in [full, *names]}
    return AliasRules(
        aliases=aliases,
        short_forms=tuple((short, full) for short, full in data["short_forms"]),
        keep=tuple(data["keep"]),
        regions=tuple(sorted(data["regions"].items(), key=lambda pair: -len(pair[0]))),
        regional_bodies=frozenset(data["regional_bodies"]),
    )


def _by_rules(name: str) -> str:
    """重庆科协 -> 重庆市科学技术协会; 青少年科技教育（科技辅导员）协会 -> 青少年科技教育协会."""
    rules = alias_rules()
    name = _INNER_BRACKETS.sub("", name)
    if not name.endswith(rules.keep):
        for short, full in rules.short_forms:
            if name.endswith(short) and not name.endswith(full):
                name = name[: -len(short)] + full
    for short, full in rules.regions:
        rest = name[len(short) :]
        if name.startswith(short) and not name.startswith(full) and rest in rules.regional_bodies:
            return full + rest
    return name


@lru_cache(maxsize=65536)
def identify(name: str) -> Identity:
    """The organisation a unit name stands for.

    >>> [(i.name, i.source) for i in map(identify, ("CAST", "重庆科协", "太原市第五中学"))]
    [('中国科学技术协会', 'alias_list'), ('重庆市科学技术协会', 'rule'), ('太原市第五中学', 'name')]
    >>> identify("China Youth Counselor Association").unit_id == identify("中国青少年科技辅导员协会").unit_id
    True
    >>> identify("山西省青少年科技教育（科技辅导员）协会").name, identify("老科协").name
    ('山西省青少年科技教育协会', '老科协')
    """
    key = _key(name)
    rules = alias_rules()
    if key in rules.aliases:
        full = rules.aliases[key]
        return Identity(full, "name" if full == normalize_unit_name(name) else "alias_list")
    normalized = normalize_unit_name(name)
    if normalized.isascii():
        return Identity(normalized, "name")
    full = _by_rules(normalized)
    if full in rules.aliases:
        return Identity(rules.aliases[full], "rule")
    return Identity(full, "name" if full == normalized else "rule")


def aliases_of(full_names: set[str]) -> list[tuple[str, str, str]]:
    """(alias, full name, source) of every alias ``unit_aliases.json`` lists for these organisations
    (``alias_list``) and of the short forms its rules read as them (``rule``).

    >>> aliases_of({"重庆市科学技术协会"})
    [('重庆市科协', '重庆市科学技术协会', 'rule'), ('重庆科协', '重庆市科学技术协会', 'rule'), \
('重庆科学技术协会', '重庆市科学技术协会', 'rule')]
    """
    data = read_json("unit_aliases.json")["units"]
    listed = [
        (alias, full, "alias_list") for full in sorted(full_names & data.keys()) for alias in data[full]
    ]
    return listed + [(short, full, "rule") for full in sorted(full_names) for short in _short_forms(full)]


def _short_forms(full: str) -> list[str]:
    """The shorter spellings the rules read as ``full`` (重庆科协 for 重庆市科学技术协会)."""
    rules = alias_rules()
    names = {full}
    for short, long in rules.short_forms:
        names |= {name[: -len(long)] + short for name in names if name.endswith(long)}
    for short, long in rules.regions:
        names |= {short + name[len(long) :] for name in names if name.startswith(long)}
    return sorted(name for name in names - {full} if identify(name).name == full)
