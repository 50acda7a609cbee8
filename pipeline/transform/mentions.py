"""Organisations a document names (associations, schools, bases, offices), with their region.

A Chinese name ends in a unit word from ``unit_kinds.json`` (协会, 科协, 分校, 教学点 ...) and is read
backwards like an activity name (``zh_names``) and starts at its first proper noun or place (山西省, 中共,
万盛): "稳步增强协会" names no unit. References to a class of units (各市协会), generic words (省协会,
总校, 分校, 教学点, 示范教学点: a tier of a school, not one organisation) and activities named like a unit
(流动科技馆, a touring exhibition) are left out.
English names are capitalized runs holding a unit word (Association, Center ...); "Annual Meeting of the
China ... Association" names the association after "of"; a person's name glued after it (Chinese Academy
of Engineering Ling Wen) is left out. Province, city and county come from cpca, read once for all the
names of a document.

``link_mentions`` links mentions to units by the organisation they name (``unit_identity``: 重庆科协 and
重庆市科学技术协会, CAST and 中国科协 are one unit) and adds the unmatched ones as units (``linked_units``
is then the ``units`` table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.ids import stable_id
from pipeline.records import Document, Unit, UnitAlias, UnitMention
from pipeline.transform.data_files import read_json
from pipeline.transform.english_names import sentence_runs, without_person_name
from pipeline.transform.segment import keyword_clauses, segment
from pipeline.transform.sentences import SectionLike, Sentence, split_sentences
from pipeline.transform.unit_identity import aliases_of, identify
from pipeline.transform.values.names import normalize_unit_name
from pipeline.transform.zh_names import Word, read_back

_PROPER = frozenset({"ns", "nz", "nt", "j"})  # jieba tags of places, proper nouns, organisations
#: A bracketed part ending a unit's name: the branch of the unit it names (（初中部）).
_TRAILING_BRACKETS = re.compile(r"[（(][^（）()]*[）)]$")
#: (province, city, county) of a unit, Nones where unknown.
Region = tuple[str | None, str | None, str | None]
_LEADING_EN = frozenset({"the", "a", "an", "and", "of", "by", "with", "director", "reprint"})


@dataclass(frozen=True)
class UnitWords:
    """Unit words (longest first) by language, generic names and class-reference starts."""

    zh: tuple[tuple[str, str], ...]
    en: dict[str, str]
    zh_generic: frozenset[str]
    zh_class_starts: tuple[str, ...]
    zh_activities: tuple[str, ...]


@cache
def unit_words() -> UnitWords:
    """The unit vocabulary from ``unit_kinds.json``."""
    data = read_json("unit_kinds.json")
    return UnitWords(
        zh=tuple(sorted(data["zh"].items(), key=lambda pair: -len(pair[0]))),
        en=data["en"],
        zh_generic=frozenset(data["zh_generic"]),
        zh_class_starts=tuple(data["zh_class_starts"]),
        zh_activities=tuple(data["zh_activities"]),
    )


def unit_key(name: str) -> str:
    """The key every spelling of one organisation shares: the full name ``unit_identity`` finds,
    English case-folded. Roster units have the id of that full name too, so a mentioned unit gets the
    same id as the same unit in a roster.

    >>> unit_key("重庆科协") == unit_key("重庆市科学技术协会"), unit_key("CAST") == unit_key("中国科协")
    (True, True)
    >>> unit_key("The China  Youth Association")
    'china youth association'
    """
    key = identify(name).name
    return re.sub(r"^the\s+", "", key.lower()) if key.isascii() else key


def zh_unit_kind(word: str) -> str | None:
    """The unit kind a Chinese word ends with.

    >>> zh_unit_kind("港北区科协"), zh_unit_kind("示范教学点"), zh_unit_kind("会员")
    ('association', 'teaching_point', None)
    """
    if not word.endswith(_zh_unit_suffixes()):  # most words: one test in C, not a loop over the suffixes
        return None
    return next((kind for suffix, kind in unit_words().zh if word.endswith(suffix)), None)


@cache
def _zh_unit_suffixes() -> tuple[str, ...]:
    return tuple(suffix for suffix, _ in unit_words().zh)


def zh_units(sentence: str) -> list[tuple[str, str]]:
    """(name, kind) of the units one Chinese sentence names.

    >>> zh_units("2014年1月15日成立了贵港市鸿丰米业有限公司科学技术协会；各市协会要发展会员")
    [('贵港市鸿丰米业有限公司科学技术协会', 'association')]
    >>> zh_units("总校、分校、教学点各负其责；在全区开展“流动科技馆”活动")
    []
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
        before = read_back(words, index, limit=6) or []
        start = next((i for i, (w, tag) in enumerate(before) if tag in _PROPER and len(w) > 1), len(before))
        if start == len(before) and words[index][1] not in _PROPER:
            continue  # 有限公司, 高等学校, 行业协会: a common noun, no proper name opens it
        name = "".join(w for w, _ in before[start:]) + word
        if (
            len(name) >= 4
            and name not in vocab.zh_generic
            and not name.startswith(vocab.zh_class_starts)
            and not name.endswith(vocab.zh_activities)
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
    named = without_person_name(named)
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
    [('重庆市科学技术协会', 'association', '重庆市', 2)]
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
            province=province,
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


def link_unit(by_key: dict[str, Unit], name: str, kind: str | None, doc_id: str, region: Region) -> Unit:
    """The unit of ``by_key`` the organisation ``name`` is, added to it when it is not there yet (its
    ``name`` then the organisation's full name) and given ``region`` when it had none."""
    key = unit_key(name)
    unit = by_key.get(key)
    province, city, county = region
    if unit is None:
        identity = identify(name)
        unit = Unit(
            unit_id=identity.unit_id,
            name=identity.name,
            kind=kind,
            address=None,
            postcode=None,
            phone=None,
            source_file=None,
            province=province,
            city=city,
            county=county,
            doc_id=doc_id,
        )
    elif unit.province is None and province:
        unit = unit.model_copy(update={"province": province, "city": city, "county": county})
    by_key[key] = unit
    return unit


def link_mentions(by_key: dict[str, Unit], mentions: Iterable[UnitMention]) -> list[UnitMention]:
    """``mentions`` linked to the units of ``by_key``, which gains the units first named here.

    A mention of an organisation that is a roster unit takes that ``unit_id`` (and gives the unit its
    region when the roster had none); every other organisation becomes a unit of its own, once.
    Called batch after batch of documents with the same ``by_key``, it links exactly as one call with
    all the mentions would, so transform need not hold every document's mentions.

    >>> by_key = units_by_key([Unit(unit_id="u1", name="重庆市科学技术协会", kind=None, address=None,
    ...                             postcode=None, phone=None, source_file="units.xlsx")])
    >>> mentioned = extract_unit_mentions("d3", "zh", "由重庆科协和万盛经开区科协主办。")
    >>> [m.unit_id == "u1" for m in link_mentions(by_key, mentioned)]
    [True, False]
    >>> [(u.name, u.province) for u in linked_units(by_key)]
    [('重庆市科学技术协会', '重庆市'), ('万盛经开区科学技术协会', None)]
    """
    return [
        mention.model_copy(
            update={
                "unit_id": link_unit(
                    by_key,
                    mention.name,
                    mention.kind,
                    mention.doc_id,
                    (mention.province, mention.city, mention.county),
                ).unit_id
            }
        )
        for mention in mentions
    ]


def link_issuers(by_key: dict[str, Unit], documents: Iterable[Document]) -> list[Document]:
    """``documents`` with the ``issuer_unit_id`` of their issuer (a unit of ``by_key``, added when new).

    >>> by_key: dict[str, Unit] = {}
    >>> doc = Document(doc_id="d", source_file="a.txt", sha256="", kind="notice", language="en",
    ...     title=None, issuer="China Youth Counselor Association", doc_number=None, issued_on=None,
    ...     recipients=[], script="", encoding="", encoding_confidence=1.0, text_original="", text_clean="")
    >>> [linked] = link_issuers(by_key, [doc])
    >>> linked.issuer_unit_id == identify("中国青少年科技辅导员协会").unit_id
    True
    """
    linked = []
    for document in documents:
        if document.issuer and document.issuer.strip():
            kind = zh_unit_kind(document.issuer) or _en_kind(document.issuer)
            unit = link_unit(by_key, document.issuer, kind, document.doc_id, (None, None, None))
            document = document.model_copy(update={"issuer_unit_id": unit.unit_id})
        linked.append(document)
    return linked


def link_documents(
    by_key: dict[str, Unit], documents: Sequence[Document], mentions: Iterable[UnitMention]
) -> tuple[list[Document], list[UnitMention]]:
    """``documents`` and their ``mentions`` linked one document at a time, its issuer before its
    mentions, so ``by_key`` gains units (and their first ``doc_id``) in the same order whatever the
    batches of documents are."""
    by_doc: dict[str, list[UnitMention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc_id, []).append(mention)
    linked_documents: list[Document] = []
    linked_mentions: list[UnitMention] = []
    for document in documents:
        linked_documents += link_issuers(by_key, [document])
        linked_mentions += link_mentions(by_key, by_doc.pop(document.doc_id, []))
    for orphans in by_doc.values():  # mentions of a document not in the batch: linked after it
        linked_mentions += link_mentions(by_key, orphans)
    return linked_documents, linked_mentions


def _en_kind(name: str) -> str | None:
    kinds = unit_words().en
    return next((kinds[word] for word in reversed(name.split()) if word in kinds), None)


def unit_aliases(spellings: Iterable[tuple[str, str]], units: Iterable[Unit]) -> list[UnitAlias]:
    """The ``unit_aliases`` table: every spelling (name, unit_id) met in rosters, documents and
    issuers, and the aliases ``unit_aliases.json`` lists or its rules read for the units there are,
    each once, with the source of its identity (``unit_identity.Identity.source``: name, alias_list,
    rule).

    >>> rows = unit_aliases([("重庆科协", "u1")], [Unit(unit_id="u2", name="中国科学技术协会", kind=None,
    ...     address=None, postcode=None, phone=None, source_file=None)])
    >>> [(r.alias, r.unit_id, r.source) for r in rows][:3]
    [('重庆科协', 'u1', 'rule'), ('CAST', 'u2', 'alias_list'), \
('China Association for Science and Technology', 'u2', 'alias_list')]
    """
    units = list(units)
    by_name = {unit.name: unit.unit_id for unit in units}
    seen = [(normalize_unit_name(alias), unit_id) for alias, unit_id in spellings]
    names = [(unit.name, unit.unit_id) for unit in units]
    rows = {}
    for alias, unit_id in [*seen, *names]:
        source = identify(alias).source
        rows.setdefault((alias, unit_id), UnitAlias(alias=alias, unit_id=unit_id, source=source))
    for alias, full, source in aliases_of(set(by_name)):
        rows.setdefault((alias, by_name[full]), UnitAlias(alias=alias, unit_id=by_name[full], source=source))
    return sorted(rows.values(), key=lambda row: (row.unit_id, row.alias))


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
