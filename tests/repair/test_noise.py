"""Stray marks and watermarks left by scraping are removed; numbers, URLs and English keep theirs."""

from __future__ import annotations

import pytest

from pipeline.repair.noise import find_placeholders, remove_scraping_noise, remove_watermarks


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("以提高中心的`教學質量為中心", "以提高中心的教學質量為中心"),
        ("增進干事間的.凝聚力和團結", "增進干事間的凝聚力和團結"),
        ("送上寒冬的`溫暖慰問", "送上寒冬的溫暖慰問"),
        ("使老科協成長為“人員落實”的.實效組織", "使老科協成長為“人員落實”的實效組織"),
        ("加強'組織建設", "加強組織建設"),
    ],
)
def test_stray_marks_between_han_characters_are_removed(line: str, fixed: str) -> None:
    assert remove_scraping_noise(line) == fixed


@pytest.mark.parametrize(
    "line",
    [
        "提高1.5倍,圆周率3.14",
        "1.作目標:提高教學效益",
        "一.指导思想",
        "（二）.工作要求",
        "从服务平台 (<http://shanxi.xiaoxiaotong.org>) 下载",
        "发送至 kexie.office@example.cn 邮箱",
        "BYSTC won the 'five-star award' in 2020. Don't worry.",
        "他说'好'和'行'",
        "參加中心‘十三五’發展規劃研制;",
        "等等...然后",
    ],
)
def test_numbers_urls_mail_english_and_quotes_keep_their_marks(line: str) -> None:
    assert remove_scraping_noise(line) == line


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("送上慰問金(本權屬秘之音所有,更多請登陸網絡查看)合計3000元", "送上慰問金合計3000元"),
        ("慰问金（本权属秘之音所有，更多请登录网络查看）合计", "慰问金合计"),
        ("【本文由秘之音整理，转载请注明出处】科协工作计划", "科协工作计划"),
        ("科協工作計劃(文章來源於網絡,如有侵權請聯繫刪除)", "科協工作計劃"),
    ],
)
def test_watermark_sentences_are_removed(line: str, fixed: str) -> None:
    assert remove_watermarks(line) == fixed


def test_text_about_ownership_is_not_a_watermark() -> None:
    line = "本会财产为协会所有(包括捐赠物资),更多事项请查看章程"
    assert remove_watermarks(line) == line


def test_placeholders_are_found_and_real_years_are_not() -> None:
    text = "20xx學年工作計劃\n於20XX年x月開展,2018年完成,20xx年總結,19××年成立,2025年"
    assert find_placeholders(text) == ["20xx", "20XX", "x月", "19××"]
    assert find_placeholders("2018年3月13日发布,联系 max@example.cn") == []
