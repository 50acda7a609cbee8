"""Tables on PDF pages to grids: ruled and unruled, across pages, merged cells, wrapped cell text."""

from __future__ import annotations

from pipeline.extract.pdf import read_pdf
from tests.extract.pdf.make_pdfs import TableBlock, make_pdf
from tests.extract.pdf.rosters import HEADER, WIDTHS, one_line, roster_rows


def _grids(pages: list) -> list:
    return list(read_pdf(make_pdf(pages)).tables)


def test_roster_across_pages_with_repeated_header_is_one_table() -> None:
    rows = roster_rows(30)
    first, second = TableBlock([HEADER, *rows[:20]], WIDTHS), TableBlock([HEADER, *rows[20:]], WIDTHS)
    [grid] = _grids([["关于公布2024年新会员名单的通知", first], [second, "特此通知。"]])
    assert grid.location == "pages 1-2 table 1"
    assert list(grid.rows) == one_line([HEADER, *rows])
    assert grid.row_pages == (1,) * 21 + (2,) * 10


def test_roster_across_pages_without_repeated_header_keeps_every_row() -> None:
    rows = roster_rows(30)
    first, second = TableBlock([HEADER, *rows[:20]], WIDTHS), TableBlock(rows[20:], WIDTHS)
    [grid] = _grids([["会员名单", first], [second]])
    assert list(grid.rows) == one_line([HEADER, *rows])


def test_roster_over_three_pages_is_one_table() -> None:
    rows = roster_rows(50)
    parts = [TableBlock([HEADER, *rows[i : i + 20]], WIDTHS) for i in (0, 20, 40)]
    [grid] = _grids([[part] for part in parts])
    assert grid.location == "pages 1-3 table 1" and len(grid.rows) == 51


def test_tables_with_different_columns_on_consecutive_pages_stay_apart() -> None:
    roster = TableBlock([HEADER, *roster_rows(3)], WIDTHS)
    units = TableBlock([["单位名称", "地址"], ["北京四中", "北京市西城区"]], [120, 200])
    grids = _grids([["名单", roster], [units]])
    assert [g.location for g in grids] == ["page 1 table 1", "page 2 table 1"]
    assert grids[1].rows == (("单位名称", "地址"), ("北京四中", "北京市西城区"))


def test_merged_cells_give_their_text_to_every_cell_they_cover() -> None:
    table = TableBlock(
        [
            ["单位", "姓名", "项目"],
            ["北京四中", "张三", "机器人"],
            ["", "李四", "航模"],
            ["上海中学", "王五", "编程"],
        ],
        [100, 60, 80],
        merged=[(1, 0, 2, 0)],
    )
    heading = TableBlock(
        [["2024年参赛名单", "", ""], ["单位", "姓名", "项目"]], [100, 60, 80], merged=[(0, 0, 0, 2)]
    )
    [merged_rows] = _grids([["附件", table]])
    assert merged_rows.rows[1:3] == (("北京四中", "张三", "机器人"), ("北京四中", "李四", "航模"))
    [merged_columns] = _grids([["附件", heading]])
    assert merged_columns.rows[0] == ("2024年参赛名单",) * 3


def test_unruled_table_is_found_from_aligned_cells() -> None:
    rows = roster_rows(6)
    table = TableBlock([HEADER, *one_line(rows)], WIDTHS, ruled=False)
    [grid] = _grids([["会员名单", table, "特此通知。"]])
    assert list(grid.rows) == one_line([HEADER, *rows])


def test_notice_without_table_has_no_grid() -> None:
    assert _grids([["关于举办培训班的通知", "各会员单位：", "一、培训对象"]]) == []
