"""Units named in documents, their regions, and their link to roster units."""

from __future__ import annotations

from pipeline.records import Unit
from pipeline.transform.facts import DocumentFacts
from pipeline.transform.mentions import extract_unit_mentions, link_mentions, linked_units, units_by_key


def _names(facts: DocumentFacts) -> dict[str, tuple]:
    return {m.name: (m.kind, m.province, m.city, m.county) for m in facts.unit_mentions}


def test_chongqing_notice_names_district_associations_not_the_tiers(
    sample_facts: dict[str, DocumentFacts],
) -> None:
    names = _names(sample_facts["003_62f9b516145e5a1b.txt"])
    assert names["重庆市科学技术协会"] == ("association", "重庆市", "重庆市", None)  # a municipality
    assert not {"总校", "分校", "教学点", "示范教学点"} & set(names)  # tiers of a school, no organisation
    assert "重庆科协" not in names  # the same organisation as 重庆市科学技术协会: one row
    assert "万盛经开区科协" in names
    assert not [name for name in names if ")" in name and "(" not in name]  # 各区县(自治县)科协: none
    assert not any(name.startswith(("各", "以", "推动")) for name in names)


def test_guigang_units_get_province_city_and_county(sample_facts: dict[str, DocumentFacts]) -> None:
    names = _names(sample_facts["004_dd66bcf60490f8cb.part1.txt"])
    assert names["贵港市港北区雨生现代农业种植协会"] == ("association", "广西壮族自治区", "贵港市", "港北区")
    assert names["贵港市鸿丰米业有限公司科学技术协会"][1:3] == ("广西壮族自治区", "贵港市")


def test_english_units_drop_the_person_after_them(sample_facts: dict[str, DocumentFacts]) -> None:
    names = _names(sample_facts["001_62a11f99840aaf70.txt"])
    assert "Beijing Youth Science and Technology Center" in names
    assert "Youth Science and Technology Center of CAST" in names
    assert not any("Zhang Xiaohu" in name or "Xin Bing" in name for name in names)
    assert "Chinese Academy of Engineering" in names
    assert not any("Ling Wen" in name for name in names)


def test_generic_tiers_and_activities_are_no_units() -> None:
    text = (
        "通知\n总校、分校、教学点各负其责。\n在全区开展“流动科技馆”活动，参观流动科技馆。\n由万盛分校负责。"
    )
    text += "\n引导行业协会、有限公司和普通本科高等学校参与，北京大学负责。"
    names = [m.name for m in extract_unit_mentions("d", "zh", text)]
    assert names == ["万盛分校", "北京大学"]


def test_class_references_and_generic_words_are_not_units() -> None:
    text = "通知\n各市协会要发展会员，省协会年底表彰，稳步增强协会的凝聚力。"
    assert extract_unit_mentions("d", "zh", text) == []


def test_merge_links_by_normalized_name_and_adds_the_rest() -> None:
    roster = [
        Unit(
            unit_id="unit_roster_1",
            name="山西省青少年科技教育（科技辅导员）协会",
            kind="association",
            address="太原市双塔西街268号",
            postcode="030012",
            phone=None,
            source_file="units.xlsx",
        )
    ]
    mentions = extract_unit_mentions(
        "d2", "zh", "通知\n山西省青少年科技教育(科技辅导员)协会与太原市科学技术协会联合举办。"
    )
    by_key = units_by_key(roster)
    linked = link_mentions(by_key, mentions)
    units = linked_units(by_key)
    by_name = {m.name: m.unit_id for m in linked}
    assert by_name["山西省青少年科技教育(科技辅导员)协会"] == "unit_roster_1"
    added = next(u for u in units if u.name == "太原市科学技术协会")
    assert (added.province, added.city, added.doc_id, added.source_file) == ("山西省", "太原市", "d2", None)
    assert by_name["太原市科学技术协会"] == added.unit_id
    assert next(u for u in units if u.unit_id == "unit_roster_1").province == "山西省"
    assert len(units) == 2


def test_roster_units_without_a_kind_take_the_one_their_name_ends_with() -> None:
    def unit(name: str, kind: str | None = None) -> Unit:
        empty = dict.fromkeys(("address", "postcode", "phone", "source_file"))
        return Unit(unit_id=name, name=name, kind=kind, **empty)

    names = ["长治市第二中学", "广州市少年宫", "太原市第五中学（初中部）", "个体"]
    units = linked_units(units_by_key([*map(unit, names), unit("晋中市科技馆", "事业单位")]))
    assert [(u.name, u.kind, u.city) for u in units] == [
        ("长治市第二中学", "school", "长治市"),
        ("广州市少年宫", "center", "广州市"),
        ("太原市第五中学（初中部）", "school", "太原市"),
        ("个体", None, None),  # no unit word: no kind
        ("晋中市科技馆", "事业单位", "晋中市"),  # a kind the roster gives is kept
    ]
