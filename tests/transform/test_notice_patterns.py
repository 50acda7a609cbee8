"""Patterns of real notices, each reproduced by a generated fixture: government metadata blocks, every
official form of document number, salutation lines (and labels that are not), titles printed over
several lines, bodies signing together; and the same end to end through ``pipeline run``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipeline.extract.text import html_to_text
from pipeline.transform.metadata import is_recipients_line, normalize_doc_number
from pipeline.transform.notice import extract_notice
from tests.conftest import run_pipeline
from tests.fixtures.make_doc import make_doc

SALUTATION = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："


def gov_page(title: str, issuer: str, number: str, written: str, *, label_space: str = " ") -> str:
    """A gov.cn-style page: the metadata table (two cells a row, spaced labels), then the notice with
    its title broken over two lines, its number, salutation, body and signature."""
    cell = f"标{label_space}题："
    return f"""<html><body><table>
<tr><td><b>索 引 号：</b></td><td>000014349/2019-00005</td><td><b>主题分类：</b></td><td>科技、教育</td></tr>
<tr><td><b>发文机关：</b></td><td>{issuer}</td><td><b>成文日期：</b></td><td>{written}</td></tr>
<tr><td><b>{cell}</b></td><td colspan="3">{title}</td></tr>
<tr><td><b>发文字号：</b></td><td>{number}</td><td><b>发布日期：</b></td><td>2019年02月13日</td></tr>
<tr><td><b>主 题 词：</b></td><td></td></tr>
</table>
<p>{title[:12]}</p><p>{title[12:]}</p><p>{number}</p>
<p>{SALUTATION}</p>
<p>现将有关事项通知如下。请认真贯彻执行。</p>
<p>{issuer}</p><p>2019年1月30日</p>
</body></html>"""


@pytest.mark.parametrize("label_space", [" ", "\u3000", "\u3000\u3000", ""])
def test_metadata_block_wins_and_the_title_loses_its_label(label_space: str) -> None:
    title = "国务院关于印发国家职业教育改革实施方案的通知"
    notice = extract_notice(
        html_to_text(gov_page(title, "国务院", "国发〔2019〕4号", "2019年01月24日", label_space=label_space))
    )
    assert notice.title == title
    assert notice.issuer == "国务院"
    assert notice.doc_number == "国发〔2019〕4号"
    assert notice.issued_on == dt.date(2019, 1, 24)  # 成文日期 over the signature's 1月30日
    assert notice.recipients == ["各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构"]


def test_order_number_from_the_block_and_no_label_as_recipients() -> None:
    html = gov_page("中华人民共和国个人所得税法实施条例", "国务院", "国令第707号", "2018年12月18日")
    html = html.replace(f"<p>{SALUTATION}</p>", "")
    notice = extract_notice(html_to_text(html))
    assert (notice.title, notice.doc_number, notice.recipients) == (
        "中华人民共和国个人所得税法实施条例",
        "国令第707号",
        [],
    )


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("国发〔2019〕3号", "国发〔2019〕3号"),
        ("国发[2019]3号", "国发〔2019〕3号"),
        ("国发（2019）3号", "国发〔2019〕3号"),
        ("国发【2019】第3号", "国发〔2019〕3号"),
        ("国令第707号", "国令第707号"),
        ("中华人民共和国国务院令 第 707 号", "中华人民共和国国务院令第707号"),
        ("财政部令第5号", "财政部令第5号"),
        ("国办发明电〔2019〕3号", "国办发明电〔2019〕3号"),
        ("国函〔2018〕159号", "国函〔2018〕159号"),
        ("中科协办函〔2020〕12号", "中科协办函〔2020〕12号"),
    ],
)
def test_document_numbers_in_every_official_form(written: str, normal: str) -> None:
    assert normalize_doc_number(written) == normal


@pytest.mark.parametrize(
    "line",
    [
        "主 题 词：",
        "标　题：",
        "性别: 男 年龄:50岁 送检科室:",
        "经研究，决定如下：",
        "根据工作安排，经研究决定：",
    ],
)
def test_labels_and_sentences_are_not_salutations(line: str) -> None:
    assert not is_recipients_line(line)


def test_label_line_after_the_title_is_not_taken_as_recipients() -> None:
    notice = extract_notice("体检报告单\n性别: 男 年龄:50岁 送检科室:\n检查结果正常。")
    assert notice.recipients == []


def test_title_over_two_lines_and_a_byline_of_joint_issuers() -> None:
    text = "\n".join(
        [
            "2019 年 1 月 30 日两高一部《关于办理非法集资刑事",
            "案件若干问题的意见》的通知（全文）",
            "最高人民法院 最高人民检察院 公 安 部 2019年1月30日",
            "关于办理非法集资刑事案件若干问题的意见",
            "为依法惩治非法集资犯罪活动，提出以下意见。",
        ]
    )
    notice = extract_notice(text)
    assert notice.title == "2019年1月30日两高一部《关于办理非法集资刑事案件若干问题的意见》的通知（全文）"
    assert notice.issuer == "最高人民法院、最高人民检察院、公安部"


def test_bodies_signing_together_at_the_end() -> None:
    signature = "某市科学技术协会  某市教育委员会\n2020年4月13日"
    text = f"关于开展科普日活动的通知\n各区县科协：\n请认真组织。\n{signature}"
    assert extract_notice(text).issuer == "某市科学技术协会、某市教育委员会"


def test_gov_page_and_legacy_doc_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    title = "国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知"
    (raw / "gov.html").write_text(
        gov_page(title, "国务院办公厅", "国办发[2019]3号", "2019年01月09日"), "utf-8"
    )
    (raw / "old.doc").write_bytes(
        make_doc(
            [
                "中共某县委组织部",
                "关于开展专业岗位领导干部遴选工作的通知",
                "各乡镇党委，县属各单位党组织：",
                "现就有关事项通知如下：",
                [["职位", "人数"], ["副局长", "4"]],
                "中共某县委组织部",
                "2019年7月8日",
            ]
        )
    )
    monkeypatch.setenv("PATH", "/nonexistent")  # no LibreOffice, as for a user following the README
    done = run_pipeline(tmp_path, "run", "--raw", "raw", "--staged", "staged", "--warehouse", "wh.duckdb")
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select source_file, title, issuer, doc_number, issued_on, recipients from documents order by 1"
        ).fetchall()
        assert con.execute("select count(*) from quarantine").fetchone() == (0,)
    assert rows == [
        (
            "gov.html",
            title,
            "国务院办公厅",
            "国办发〔2019〕3号",
            dt.date(2019, 1, 9),
            [
                "各省、自治区、直辖市人民政府",
                "国务院各部委",
                "各直属机构",
            ],
        ),
        (
            "old.doc",
            "关于开展专业岗位领导干部遴选工作的通知",
            "中共某县委组织部",
            None,
            dt.date(2019, 7, 8),
            [
                "各乡镇党委",
                "县属各单位党组织",
            ],
        ),
    ]


PROVINCIAL_PAGE = """<table><tbody>
<tr><td>报送单位：</td><td>市财政局</td><td>主题分类：</td><td><span></span></td></tr>
<tr><td>发文字号：</td><td>津财采〔2019〕1号</td><td>成文日期：</td><td>2019-01-04</td></tr>
<tr><td>标　　题：</td><td colspan="3"><span>
\t\t\t \t 天津市财政局关于做好政府采购定向支持中小企业有关工作的通知
\t\t\t  </span></td></tr></tbody></table>
<div><p>各区财政局，市级各预算单位：</p><p>现将有关事项通知如下。</p><p>天津市财政局</p><p>2019年1月4日</p></div>"""
LIBRARY_PAGE = """<table><tr><td>名称：</td><td>自然资源部关于第八批废止的部门规章的决定</td></tr>
<tr><td>文号：</td><td>中华人民共和国自然资源部令第21号</td></tr><tr><td>发布机构：</td><td>自然资源部</td></tr>
<tr><td>成文日期：</td><td>2020年5月27日</td></tr><tr><td>发布日期：</td><td>2020年6月5日</td></tr>
<tr><td>效力级别：</td><td>部门规章</td></tr></table>
<div><p>一、《某办法》（2001年7月25日国土资源部令第7号发布）予以废止。</p></div>"""


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            PROVINCIAL_PAGE,
            (
                "天津市财政局关于做好政府采购定向支持中小企业有关工作的通知",
                "市财政局",
                "津财采〔2019〕1号",
                dt.date(2019, 1, 4),
                ["各区财政局", "市级各预算单位"],
            ),
        ),
        (
            LIBRARY_PAGE,
            (
                "自然资源部关于第八批废止的部门规章的决定",
                "自然资源部",
                "中华人民共和国自然资源部令第21号",
                dt.date(2020, 5, 27),
                [],
            ),
        ),
    ],
    ids=["provincial-two-cells-a-row", "library-one-label-a-row"],
)
def test_metadata_block_layouts_of_other_sites(html: str, expected: tuple) -> None:
    notice = extract_notice(html_to_text(html))
    assert (notice.title, notice.issuer, notice.doc_number, notice.issued_on, notice.recipients) == expected
