"""The bundled PDF notice end to end: metadata as for a text notice, and sections placed on their page."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import query, run_pipeline

SAMPLE = "005_member_notice.pdf"
WAREHOUSE = Path("warehouse/association.duckdb")


def test_pdf_notice_loads_with_metadata_and_page_of_each_section(workdir: Path) -> None:
    result = run_pipeline(workdir, "run")
    assert result.returncode == 0, result.stderr
    db = workdir / WAREHOUSE
    [meta] = query(
        db, f"SELECT kind, title, issuer, doc_number, issued_on FROM documents WHERE source_file = '{SAMPLE}'"
    )
    assert meta[:4] == (
        "notice",
        "关于公布2024年第一批新入会个人会员名单的通知",
        "中国青少年科技辅导员协会",
        "中青科辅协字〔2024〕12号",
    )
    assert str(meta[4]) == "2024-03-15"
    placed = query(db, f"SELECT heading, page FROM sections_with_page WHERE source_file = '{SAMPLE}'")
    assert placed == [("会员权利与义务", 1), ("会员证发放", 1), ("联系方式", 1)]
    pages = query(db, f"SELECT page, has_text_layer FROM pages WHERE source_file = '{SAMPLE}' ORDER BY page")
    assert pages == [(1, True), (2, True), (3, True)]
    roster = query(
        db, f"SELECT DISTINCT sheet, count(*) OVER () FROM member_sources WHERE source_file = '{SAMPLE}'"
    )
    assert roster == [("pages 2-3 table 1", 36)]
    text_sections = query(db, "SELECT count(*) FROM sections_with_page WHERE page IS NULL")
    assert text_sections == query(
        db, f"SELECT count(*) FROM sections_with_page WHERE source_file <> '{SAMPLE}'"
    )
