"""End to end: `pipeline run` and the stage commands on a copy of the bundled sample."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from click import Group

from pipeline.cli import cli
from tests.conftest import REPO, SAMPLE_DOCUMENTS, SAMPLE_FILES, query, run_pipeline, warehouse_snapshot

WAREHOUSE = Path("warehouse/association.duckdb")


def test_run_builds_the_warehouse_from_the_sample(workdir: Path) -> None:
    result = run_pipeline(workdir, "run")
    assert result.returncode == 0, result.stderr
    n = len(SAMPLE_FILES)
    assert f"files read   {n} ({n} loaded, 0 empty, 0 quarantined)" in result.stdout
    assert "53 roster rows merged into 49 members" in result.stdout  # 17 rows in the rosters, 36 in the PDF
    db = workdir / WAREHOUSE
    sources = [r[0] for r in query(db, "SELECT source_file FROM documents ORDER BY source_file")]
    assert sources == SAMPLE_DOCUMENTS
    scripts = dict(query(db, "SELECT source_file, script FROM documents"))
    assert scripts["004_dd66bcf60490f8cb.part1.txt"] in ("traditional", "mixed")
    clean = query(db, "SELECT text_clean FROM documents WHERE source_file LIKE '004%'")[0][0]
    assert "科协" in clean and "科協" not in clean
    assert query(db, "SELECT status, files_seen FROM runs") == [("ok", n)]


def test_run_loads_notice_metadata_sections_contacts_and_attachments(workdir: Path) -> None:
    assert run_pipeline(workdir, "run").returncode == 0
    db = workdir / WAREHOUSE
    shanxi = "WHERE d.source_file LIKE '002%'"
    meta = query(db, f"SELECT kind, language, title, issuer, doc_number, issued_on FROM documents d {shanxi}")
    assert [tuple(map(str, row)) for row in meta] == [
        (
            "notice",
            "zh",
            "关于加强协会自身能力建设的通知",
            "山西省青少年科技教育协会",
            "晋青科教发〔2014〕01号",
            "2014-01-06",
        )
    ]
    phones = query(
        db, f"SELECT phone, email, postcode FROM contacts JOIN documents d USING (doc_id) {shanxi}"
    )
    assert sorted(phones) == [
        ("0351-6042229", "sxsqkjxh@163.com", "030012"),
        ("0351-6042236", "sxsqkjxh@163.com", "030012"),
    ]
    titles = query(
        db,
        "SELECT label, attachments.title FROM attachments JOIN documents d USING (doc_id) "
        f"{shanxi} ORDER BY 1",
    )
    assert [label for label, _ in titles] == ["附件1", "附件2"]
    printed_after = (
        "SELECT label, a.title FROM attachments a JOIN documents d USING (doc_id) "
        "WHERE d.source_file LIKE '005%'"
    )
    assert query(db, printed_after) == [("附件", "2024年第一批新入会个人会员名单")]  # listed, then printed
    top = query(
        db,
        "SELECT section_no, heading FROM sections JOIN documents d USING (doc_id) "
        f"{shanxi} AND parent_no IS NULL ORDER BY line_start",
    )
    assert [no for no, _ in top] == ["1", "2", "3", "4", "5"]
    assert top[0][1].startswith("加强组织建设")
    chongqing = query(db, "SELECT issued_on, recipients FROM documents WHERE source_file LIKE '003%'")
    assert str(chongqing[0][0]) == "2020-04-13" and len(chongqing[0][1]) == 4
    boilerplate = query(db, "SELECT count(*) FROM repairs WHERE kind = 'strip_boilerplate'")[0][0]
    assert boilerplate > 0
    texts = query(db, "SELECT text_clean FROM documents WHERE source_file LIKE '001%'")[0][0]
    assert "Produced By" not in texts


def test_stages_run_one_by_one_and_status_reports(workdir: Path) -> None:
    for stage in ("extract", "transform", "load"):
        result = run_pipeline(workdir, stage)
        assert result.returncode == 0, (stage, result.stderr)
    assert (workdir / "staged/extract/texts.parquet").exists()
    assert (workdir / "staged/transform/documents.parquet").exists()
    report = run_pipeline(workdir, "status")
    assert report.returncode == 0
    assert re.search(rf"documents\s+{len(SAMPLE_DOCUMENTS)}\b", report.stdout)
    assert "quarantine: 0 rows" in report.stdout


def test_stage_out_of_order_is_a_clear_error(workdir: Path) -> None:
    result = run_pipeline(workdir, "load")
    assert result.returncode == 1
    assert "run `pipeline transform` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_files_are_quarantined_and_the_run_goes_on(workdir: Path) -> None:
    raw = workdir / "raw"
    (raw / "empty.txt").write_bytes(b"")
    (raw / "garbage.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "roster.xyz").write_bytes(b"name,phone\n")
    result = run_pipeline(workdir, "run")
    assert result.returncode == 0, result.stderr
    rows = query(
        workdir / WAREHOUSE, "SELECT source_file, location, reason FROM quarantine ORDER BY source_file"
    )
    reasons = {source: reason for source, _, reason in rows}
    assert set(reasons) == {"empty.txt", "garbage.txt", "roster.xyz"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["garbage.txt"]
    assert "unsupported file type .xyz" in reasons["roster.xyz"]
    n = len(SAMPLE_FILES)
    documents = [(len(SAMPLE_DOCUMENTS),)]
    assert query(workdir / WAREHOUSE, "SELECT count(*) FROM documents") == documents
    assert f"files read   {n + 3} ({n} loaded, 0 empty, 3 quarantined)" in result.stdout


def test_rerun_gives_identical_tables(workdir: Path) -> None:
    db = workdir / WAREHOUSE
    snapshots = []
    for _ in range(2):
        assert run_pipeline(workdir, "run").returncode == 0
        snapshots.append(warehouse_snapshot(db))
    assert snapshots[0] == snapshots[1]
    assert len(query(db, "SELECT * FROM runs")) == 2


def test_runs_from_any_directory_with_explicit_paths(workdir: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    db = workdir / "out" / "w.duckdb"
    result = run_pipeline(
        elsewhere,
        "run",
        "--raw",
        str(workdir / "raw"),
        "--staged",
        str(workdir / "st"),
        "--warehouse",
        str(db),
    )
    assert result.returncode == 0, result.stderr
    assert query(db, "SELECT count(*) FROM documents") == [(len(SAMPLE_DOCUMENTS),)]


def test_missing_raw_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_pipeline(tmp_path, "run", "--raw", "nowhere")
    assert result.returncode == 2
    assert "nowhere: input folder not found" in result.stderr


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert isinstance(cli, Group)
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"pipeline {name}" in readme, f"`pipeline {name}` is not documented in README.md"


#: What the stages that read files import (over a second, and about 200 MB with pandas).
_HEAVY_MODULES = ("jieba", "pdfplumber", "matplotlib", "opencc", "pandas", "pypinyin", "openpyxl", "cpca")


def _modules_loaded_by(workdir: Path, args: list[str], modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` the command ``pipeline ARGS`` imported."""
    probe = (
        "import json, sys; from pipeline.cli import main; sys.argv[1:] = sys.argv[2:]\n"
        "try: main()\nexcept SystemExit: pass\n"
        f"print(json.dumps(sorted(m for m in {list(modules)!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "-", *args], cwd=workdir, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_help_and_status_do_not_import_the_stages(workdir: Path) -> None:
    """The stages' libraries take over a second to import: `--help` and `status` answer without them."""
    for args in (["--help"], ["status", "--warehouse", "none.duckdb"], ["extract", "--help"]):
        assert _modules_loaded_by(workdir, args, (*_HEAVY_MODULES, "pipeline.runner")) == [], args


def test_a_run_with_nothing_to_do_does_not_import_the_stages(workdir: Path) -> None:
    """A nightly run with no new file decides so from hashes and fingerprints alone."""
    assert run_pipeline(workdir, "run").returncode == 0
    assert _modules_loaded_by(workdir, ["run"], _HEAVY_MODULES) == []
    assert query(workdir / WAREHOUSE, "SELECT count(*) FROM runs") == [(2,)]
    (workdir / "raw" / "new.txt").write_text("关于召开科协年会的通知\n", encoding="utf-8")
    assert "jieba" in _modules_loaded_by(workdir, ["run"], _HEAVY_MODULES)  # new input: the stages work


def test_units_named_in_documents_join_roster_units_with_regions(workdir: Path) -> None:
    assert run_pipeline(workdir, "run").returncode == 0
    db = workdir / WAREHOUSE
    unlinked = (
        "SELECT count(*) FROM unit_mentions m LEFT JOIN units u USING (unit_id) WHERE u.unit_id IS NULL"
    )
    assert query(db, unlinked) == [(0,)]
    mentioned = query(db, "SELECT province, kind FROM units WHERE name = '重庆市科学技术协会'")
    assert mentioned == [("重庆市", "association")]
    roster_unit = query(db, "SELECT province, city, kind FROM units WHERE name = '太原市第五中学'")
    assert roster_unit == [("山西省", "太原市", "school")]
    beijing = query(db, "SELECT province, city, county FROM units WHERE name = '北京市海淀区第一中学'")
    assert beijing == [("北京市", "北京市", "海淀区")]  # cpca's city: 市辖区
    members_there = query(db, "SELECT count(*) FROM members WHERE unit_name = '太原市第五中学'")[0][0]
    by_region = "SELECT members FROM members_by_region WHERE province = '山西省' AND city = '太原市'"
    assert query(db, by_region)[0][0] >= members_there > 0
