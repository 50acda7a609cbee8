from pipeline.transform.sections import find_sections, read_marker


def outline(text: str, stop_lines: frozenset[int] = frozenset()) -> list[tuple[str, str | None, str]]:
    return [(s.section_no, s.parent_no, s.heading) for s in find_sections(text, stop_lines)]


def test_four_chinese_levels_with_full_and_half_width_brackets() -> None:
    text = "\n".join(
        [
            "一、组织建设",
            "（一）发展会员",
            "1、个人会员",
            "（1）热爱科技教育；",
            "(2) 大专以上学历。",
            "2．团体会员",
            "(二) 会员登记",
            "二、服务会员",
        ]
    )
    assert outline(text) == [
        ("1", None, "组织建设"),
        ("1.1", "1", "发展会员"),
        ("1.1.1", "1.1", "个人会员"),
        ("1.1.1.1", "1.1.1", "热爱科技教育"),
        ("1.1.1.2", "1.1.1", "大专以上学历"),
        ("1.1.2", "1.1", "团体会员"),
        ("1.2", "1", "会员登记"),
        ("2", None, "服务会员"),
    ]


def test_items_numbered_on_across_top_level_sections_stay_children() -> None:
    text = "一、总校\n1.统筹指导。\n2.做好服务。\n二、分校\n3.动态管理。\n4.师资建设。"
    assert outline(text) == [
        ("1", None, "总校"),
        ("1.1", "1", "统筹指导"),
        ("1.2", "1", "做好服务"),
        ("2", None, "分校"),
        ("2.1", "2", "动态管理"),
        ("2.2", "2", "师资建设"),
    ]


def test_english_style_dun_headings_with_dot_items_numbered_on() -> None:
    text = "1、 Teams\n1. Pilot work.\n2. Branches.\n2、 Training\n3. Bases.\n3、 Exchange"
    assert outline(text) == [
        ("1", None, "Teams"),
        ("1.1", "1", "Pilot work"),
        ("1.2", "1", "Branches"),
        ("2", None, "Training"),
        ("2.1", "2", "Bases"),
        ("3", None, "Exchange"),
    ]


def test_deeper_marker_first_then_higher_one_closes_it() -> None:
    text = "（一）范围\n1. 个人\n一、总则"
    assert outline(text) == [("1", None, "范围"), ("1.1", "1", "个人"), ("2", None, "总则")]


def test_heading_sentence_and_its_text_and_lines() -> None:
    text = "\n".join(
        ["前言不是章节。", "", "1.总校加强统筹指导。总校办公室设在普及部。", "", "指导分校开展工作。", ""]
    )
    (section,) = find_sections(text)
    assert section.heading == "总校加强统筹指导"
    assert section.text == "总校办公室设在普及部。\n指导分校开展工作。"
    assert (section.line_start, section.line_end) == (3, 5)


def test_item_broken_over_two_lines_is_one_item() -> None:
    text = "（1）热心并投身于青少年科技教育事业，并取得优秀\n\n成绩；\n\n(2) 对象：科技教育工作者；"
    sections = find_sections(text)
    assert [(s.heading, s.text, s.line_start, s.line_end) for s in sections] == [
        ("热心并投身于青少年科技教育事业，并取得优秀成绩", "", 1, 3),
        ("对象：科技教育工作者", "", 5, 5),
    ]


def test_stop_lines_end_a_section_and_are_never_sections() -> None:
    text = "一、联系方式\n联系人：崔捷\n附件：1. 登记表\n2. 个人会员登记表\n山西省协会"
    sections = find_sections(text, stop_lines={2, 3})
    assert [(s.heading, s.text, s.line_end) for s in sections] == [("联系方式", "联系人：崔捷", 2)]


def test_not_markers() -> None:
    assert read_marker("2.5亿元资金") is None
    assert read_marker("一是加强组织建设") is None
    assert read_marker("2014年协会的首要任务") is None
    assert read_marker("一、") is None
    assert read_marker("① 报名") == ("circled", 1, "报名")
    assert read_marker("（十二）附则") == ("cn_paren", 12, "附则")


def test_english_reprint_top_level_and_items(raw_sample) -> None:
    sections = find_sections(raw_sample("000"))
    top = [s for s in sections if s.parent_no is None]
    items = [s for s in sections if s.parent_no is not None]
    assert [s.line_start for s in top] == [7, 13, 19, 27, 30]
    assert len(items) == 14
    assert [s.section_no for s in items if s.parent_no == "2"] == ["2.1", "2.2", "2.3"]
    fourth = items[3]
    assert (fourth.line_start, fourth.heading) == (
        14,
        "Strengthen the construction of technology counselor training bases",
    )
    assert fourth.text.startswith("In 2018, it is planned")
    assert top[0].heading.startswith("Strengthen organizational strength") and top[0].text == ""


def test_shanxi_notice_outline(raw_sample) -> None:
    sections = find_sections(raw_sample("002"))
    assert [s.heading for s in sections if s.parent_no is None] == [
        "加强组织建设 完善会员管理制度",
        "拓宽服务渠道 提高协会服务能力",
        "加强各市协会组织建设工作",
        "评估表彰",
        "联系方式",
    ]
    by_no = {s.section_no: s for s in sections}
    assert [by_no[n].heading for n in ("1.1", "1.1.1", "1.1.2", "1.2")] == [
        "发展会员",
        "个人会员",
        "团体会员",
        "建立完善社团注册会员制",
    ]
    first_condition = by_no["1.1.1.1"]
    assert first_condition.heading == "热心并投身于青少年科技教育事业，并取得优秀成绩"
    assert (first_condition.line_start, first_condition.line_end) == (23, 25)
    assert len([s for s in sections if s.parent_no == "1.1.2"]) == 5
    assert [s.section_no for s in sections if s.parent_no == "2"] == ["2.1", "2.2", "2.3", "2.4", "2.5"]
