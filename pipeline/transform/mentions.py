"""Organisations a document names (associations, schools, 分校/教学点, bases, offices), with their region.

A Chinese name ends in a unit word from ``unit_kinds.json`` (协会, 科协, 分校, 教学点 ...) and is read
backwards like an activity name (``zh_names``) and starts at its first proper noun or place (山西省, 中共,
万盛): "稳步增强协会" names no unit. References to a class of units (各市协会) and generic words (省协会)
are left out; the 总校/分校/教学点 tiers are kept as such, since analysts count them.
English names are capitalized runs holding a unit word (Association, Center ...); "Annual Meeting of the
China ... Association" names the association after "of". Province, city and county come from cpca, read
once for all the names of a document.

``link_mentions`` links mentions to roster units by normalized name and adds the unmatched ones as units
(``linked_units`` is then the ``units`` table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.ids import stable_id
from pipeline.records import Unit, UnitMention
from pipeline.transform.data_files import read_json
from pipeline.transform.english_names import sentence_runs
from pipeline.transform.segment import keyword_clauses, segment
from pipeline.transform.sentences import SectionLike, Sentence, split_sentences
from pipeline.transform.values.names import normalize_unit_name
from pipeline.transform.zh_names import Word, read_back

_PROPER = frozenset({"ns", "nz", "nt", "j"})  # jieba tags of places, proper nouns, organisations
#: A bracketed part ending a unit's name: the branch of the unit it names (（初中部）).
_TRAILING_BRACKETS = re.compile(r"[（(][^（）()]*[）)]$")
_TIERS = frozenset({"school_headquarters", "branch_school", "teaching_point"})
_LEADING_EN = frozenset({"the", "a", "an", "and", "of", "by", "with", "director", "reprint"})


@dataclass(frozen=True)
class UnitWords:
    """Unit words (longest first) by language, generic names and class-reference starts."""

    zh: tuple[tuple[str, str], ...]
    en: dict[str, str]
    zh_generic: frozenset[str]
    zh_class_starts: tuple[str, ...]


@cache
def unit_words() -> UnitWords:
    """The unit vocabulary from ``unit_kinds.json``."""
    data = read_json("unit_kinds.json")
    return UnitWords(
        zh=tuple(sorted(data["zh"].items(), key=lambda pair: -len(pair[0]))),
        en=data["en"],
        zh_generic=frozenset(data["zh_generic"]),
        zh_class_starts=tuple(data["zh_class_starts"]),
    )


def unit_key(name: str) -> str:
    """The key two spellings of one unit share: the rosters' normalized name, English case-folded.

    The roster units' ``name`` is already ``normalize_unit_name``'s output and their id is
    ``stable_id("unit", name)``, so a mentioned unit gets the same id as the same unit in a roster.

    >>> unit_key("科技教育(科技辅导员)协会") == unit_key("科技教育（科技辅导员）协会")
    True
    >>> unit_key("The China  Youth Association")
    'china youth association'
    """
    key = normalize_unit_name(name)
    if key.isascii():
        key = re.sub(r"^the\s+", "", key.lower())
    return key


def zh_unit_kind(word: str) -> str | None:
    """The unit kind a Chinese word ends with.

    >>> zh_unit_kind("港北区科协"), zh_unit_kind("示范教学点"), zh_unit_kind("会员")
    ('association', 'teaching_point', None)
    """
    return next((kind for suffix, kind in unit_words().zh if word.endswith(suffix)), None)


def zh_units(sentence: str) -> list[tuple[str, str]]:
    """(name, kind) of the units one Chinese sentence names.

    >>> zh_units("2014年1月15日成立了贵港市鸿丰米业有限公司科学技术协会；各市协会要发展会员")
    [('贵港市鸿丰米业有限公司科学技术协会', 'association')]
    >>> zh_units("总校、分校、教学点各负其责")
    [('总校', 'school_headquarters'), ('分校', 'branch_school'), ('教学点', 'teaching_point')]
    """
    vocab = unit_words()
    clauses = keyword_clauses(sentence, (suffix for suffix, _ in vocab.zh))
    found = []
    for words in map(segment, clauses):
        found.extend(_zh_clause_units(words))
    return found


def _zh_clause_units(words: Sequence[Word]) -> list[tuple[str, str]]:
    vocab = unit_words()
    found = []
    for index, (word, _) in enumerate(words):
        kind = zh_unit_kind(word)
        if kind is None or (index + 1 < len(words) and zh_unit_kind(words[index + 1][0])):
            continue  # 科协 科普部: the unit is the longer name that ends later
        if kind in _TIERS:
            found.append((word, kind))  # 审核各教学点: the tier itself, whatever precedes it
            continue
        before = read_back(words, index, limit=6) or []
        start = next((i for i, (w, tag) in enumerate(before) if tag in _PROPER and len(w) > 1), len(before))
        name = "".join(w for w, _ in before[start:]) + word
        if (
            len(name) >= 4
            and name not in vocab.zh_generic
            and not name.startswith(vocab.zh_class_starts)
            and _brackets_closed(name)  # 各区县(自治县)科协 read from 自治县 on: no unit
        ):
            found.append((name, kind))
    return found


def _brackets_closed(name: str) -> bool:
    """Whether every bracket of ``name`` closes one opened before it.

    >>> _brackets_closed("山西省青少年科技教育（科技辅导员）协会"), _brackets_closed("自治县)科协")
    (True, False)
    """
    depth = 0
    for char in name:
        depth += (char in "(（") - (char in ")）")
        if depth < 0:
            return False
    return depth == 0


def _en_unit(words: list[str]) -> tuple[str, str] | None:
    """(name, kind) of a run holding a unit word; "Annual Meeting of the X Association" -> X Association."""
    kinds = unit_words().en
    first_unit = next((i for i, w in enumerate(words) if w in kinds), None)
    if first_unit is None:
        return None
    cut = max((i for i, w in enumerate(words[:first_unit]) if w == "of"), default=-1)
    named = words[cut + 1 :]
    while named and named[0].lower() in _LEADING_EN:
        named.pop(0)
    last_unit = max(i for i, w in enumerate(named) if w in kinds)
    tail = named[last_unit + 1 :]
    if not tail or tail[0] not in ("of", "for"):
        tail = []  # "Center Zhang Xiaohu": a person's name follows the unit
    acronym = next((i for i, w in enumerate(tail) if len(w) > 1 and w.isupper()), None)
    named = named[: last_unit + 1] + (tail[: acronym + 1] if acronym is not None else tail)
    return (" ".join(named), kinds[words[first_unit]]) if len(named) > 1 else None


def en_units(sentence: str) -> list[tuple[str, str]]:
    """(name, kind) of the units one English sentence names.

    >>> en_units("Director of Beijing Youth Science and Technology Center attended the Annual Meeting of "
    ...          "the China Youth Science and Technology Counselor Association.")
    [('Beijing Youth Science and Technology Center', 'center'), \
('China Youth Science and Technology Counselor Association', 'association')]
    """
    found = (_en_unit(list(run.words)) for run in sentence_runs(sentence)[1])
    return [unit for unit in found if unit]


def _regions(names: list[str]) -> list[tuple[str | None, str | None, str | None]]:
    """(province, city, county) of each Chinese name, from cpca; Nones where it finds no place.

    A municipality (北京市, 天津市, 上海市, 重庆市: the provinces that are cities) is its own city, where
    cpca gives "市辖区" or "县" for the city of its districts and counties and nothing for the rest, so
    that grouping by city keeps each municipality whole.

    >>> _regions(["北京市海淀区第一中学", "重庆市第八中学校", "太原市第五中学"])
    [('北京市', '北京市', '海淀区'), ('重庆市', '重庆市', None), ('山西省', '太原市', None)]
    """
    if not names:
        return []
    import cpca  # imported here: it loads its address tables on import

    table = cpca.transform(names)
    columns = [table[column].tolist() for column in ("省", "市", "区")]
    regions = [tuple(v if isinstance(v, str) else None for v in row) for row in zip(*columns, strict=True)]
    return [
        (province, province, county) if province and province.endswith("市") else (province, city, county)
        for province, city, county in regions
    ]


def extract_unit_mentions(
    doc_id: str, language: str, text: str, sections: Sequence[SectionLike] = ()
) -> list[UnitMention]:
    """The units one document names, one row per unit (its first sentence), with their region.

    >>> rows = extract_unit_mentions("d3", "zh", "通知\\n由重庆市科学技术协会办总校，区县科协办分校。")
    >>> [(r.name, r.kind, r.province, r.line) for r in rows]
    [('重庆市科学技术协会', 'association', '重庆市', 2), ('总校', 'school_headquarters', None, 2), \
('分校', 'branch_school', None, 2)]
    """
    first: dict[str, tuple[str, str, Sentence]] = {}
    for sentence in split_sentences(text, language, sections):
        found = zh_units(sentence.text) if language == "zh" else en_units(sentence.text)
        for name, kind in found:
            first.setdefault(unit_key(name), (name, kind, sentence))
    names = [name for name, _, _ in first.values()]
    regions = _regions(names) if language == "zh" else [(None, None, None)] * len(names)
    return [
        UnitMention(
            mention_id=stable_id("mention", doc_id, key),
            doc_id=doc_id,
            unit_id=None,
            name=name,
            kind=kind,
            province=province if name not in ("总校", "分校", "教学点", "示范教学点") else None,
            city=city,
            county=county,
            section_no=sentence.section_no,
            line=sentence.line,
            evidence=sentence.text,
        )
        for (key, (name, kind, sentence)), (province, city, county) in zip(
            first.items(), regions, strict=True
        )
    ]


def units_by_key(units: Iterable[Unit]) -> dict[str, Unit]:
    """The roster units by ``unit_key``: the state ``link_mentions`` adds mentioned units to."""
    return {unit_key(unit.name): unit for unit in units}


def link_mentions(by_key: dict[str, Unit], mentions: Iterable[UnitMention]) -> list[UnitMention]:
    """``mentions`` linked to the units of ``by_key``, which gains the units first named here.

    A mention whose normalized name is a roster unit's takes that ``unit_id`` (and gives the unit its
    region when the roster had none); every other mentioned name becomes a unit of its own, once.
    Called batch after batch of documents with the same ``by_key``, it links exactly as one call with
    all the mentions would, so transform need not hold every document's mentions.

    >>> by_key = units_by_key([Unit(unit_id="u1", name="重庆市科学技术协会", kind=None, address=None,
    ...                             postcode=None, phone=None, source_file="units.xlsx")])
    >>> mentioned = extract_unit_mentions("d3", "zh", "由重庆市科学技术协会和万盛经开区科协主办。")
    >>> [m.unit_id == "u1" for m in link_mentions(by_key, mentioned)]
    [True, False]
    >>> [(u.name, u.province) for u in linked_units(by_key)]
    [('重庆市科学技术协会', '重庆市'), ('万盛经开区科协', None)]
    """
    linked = []
    for mention in mentions:
        key = unit_key(mention.name)
        unit = by_key.get(key)
        if unit is None:
            name = normalize_unit_name(mention.name)
            unit = Unit(
                unit_id=stable_id("unit", name),
                name=name,
                kind=mention.kind,
                address=None,
                postcode=None,
                phone=None,
                source_file=None,
                province=mention.province,
                city=mention.city,
                county=mention.county,
                doc_id=mention.doc_id,
            )
        elif unit.province is None and mention.province:
            unit = unit.model_copy(
                update={"province": mention.province, "city": mention.city, "county": mention.county}
            )
        by_key[key] = unit
        linked.append(mention.model_copy(update={"unit_id": unit.unit_id}))
    return linked


def linked_units(by_key: dict[str, Unit]) -> list[Unit]:
    """The ``units`` table once every mention is linked: roster units still without a region or a kind
    get the ones their name gives."""
    return _with_kinds(_with_regions(list(by_key.values())))


def _with_regions(units: list[Unit]) -> list[Unit]:
    """Roster units without a region get it from their name (太原市第五中学 -> 山西省, 太原市)."""
    missing = [i for i, unit in enumerate(units) if unit.province is None and not unit.name.isascii()]
    for i, (province, city, county) in zip(missing, _regions([units[i].name for i in missing]), strict=True):
        if province:
            units[i] = units[i].model_copy(update={"province": province, "city": city, "county": county})
    return units


def _with_kinds(units: list[Unit]) -> list[Unit]:
    """Units without a kind (most roster units: few rosters have a 单位类型 column) get the kind their
    name ends with, as a document's units do (长治市第二中学 -> school), before a bracketed part that
    names a branch of it (太原市第五中学（初中部） -> school)."""
    return [
        unit.model_copy(update={"kind": zh_unit_kind(_TRAILING_BRACKETS.sub("", unit.name))})
        if unit.kind is None and not unit.name.isascii()
        else unit
        for unit in units
    ]
