"""Running headers, letterheads and page numbers go; body lines stay, even when they look alike."""

from __future__ import annotations

from pipeline.extract.pdf.furniture import remove_furniture

BODY = [
    ["关于开展2024年科技辅导员培训的通知", "各会员单位：", "一、培训对象", "二、培训时间", "三、培训地点"],
    ["四、培训内容", "五、报名方式", "请于6月30日前报名。", "联系人：王老师", "电话：010-68581234"],
    ["附件：报名表", "特此通知。", "中国青少年科技辅导员协会", "2024年5月20日", "抄送：中国科协"],
]


def _framed(header: str, footer: str) -> list[list[str]]:
    return [[header, *lines, footer.format(n=n)] for n, lines in enumerate(BODY, start=1)]


def test_letterhead_and_page_number_footer_are_removed_from_every_page() -> None:
    assert remove_furniture(_framed("中国青少年科技辅导员协会", "第 {n} 页 共 3 页")) == BODY


def test_other_footer_styles_are_removed() -> None:
    for footer in ("- {n} -", "{n}/3", "第{n}页", "Page {n} of 3", "— {n} —"):
        assert remove_furniture(_framed("内部资料 注意保存", footer)) == BODY, footer


def test_page_number_of_a_single_page_is_removed_but_its_letterhead_stays() -> None:
    page = ["山西省青少年科技教育协会文件", "关于加强协会自身能力建设的通知", "各市协会：", "- 1 -"]
    assert remove_furniture([page]) == [page[:3]]


def test_lines_repeated_away_from_the_page_edges_stay() -> None:
    pages = [[*lines[:2], "特此通知。", *lines[2:]] for lines in BODY]
    assert remove_furniture(pages) == pages


def test_blank_pages_do_not_count_towards_repetition() -> None:
    pages = [["中国青少年科技辅导员协会", *BODY[0]], [], []]
    assert remove_furniture(pages) == pages


def test_numbered_sentences_that_recur_at_page_edges_stay() -> None:
    sentence = "{n}. 各省级科协（含新疆生产建设兵团）要高度重视，认真组织，按时报送材料。"
    pages = [[sentence.format(n=n), *lines, sentence.format(n=n + 1)] for n, lines in enumerate(BODY)]
    assert remove_furniture(pages) == pages


def test_a_line_repeated_at_the_top_is_not_removed_at_the_bottom() -> None:
    pages = [["协会简报", *lines] for lines in BODY]
    pages[0].append("协会简报")
    assert remove_furniture(pages) == [BODY[0] + ["协会简报"], *BODY[1:]]
