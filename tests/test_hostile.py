"""Hostile input: every case is quarantined with a reason or read, never crashes or hangs a run."""

from __future__ import annotations

import io
import random
import re
import time
import zipfile
from pathlib import Path

import docx
import openpyxl

from pipeline.reasons import ReasonCode
from tests.conftest import query, run_pipeline
from tests.fixtures import make_rosters

WAREHOUSE = "warehouse/association.duckdb"
NOTICE = "关于加强协会自身能力建设的通知\n联系电话：0351-6042229\n".encode()


def test_random_bytes_with_any_extension_are_quarantined(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    rng = random.Random(20261125)
    suffixes = [".txt", ".html", ".pdf", ".xlsx", ".xls", ".csv", ".docx", ".zip", ".bin", ""]
    for i, suffix in enumerate(suffixes):
        (raw / f"garbage_{i}{suffix}").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (raw / "ok.txt").write_bytes(NOTICE)
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    quarantined = query(tmp_path / WAREHOUSE, "SELECT source_file, reason FROM quarantine")
    assert {source for source, _ in quarantined} == {f"garbage_{i}{s}" for i, s in enumerate(suffixes)}
    assert all(reason and "internal error" not in reason for _, reason in quarantined)
    assert query(tmp_path / WAREHOUSE, "SELECT source_file FROM documents") == [("ok.txt",)]


def test_empty_and_whitespace_files_are_quarantined(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "zero.txt").write_bytes(b"")
    (raw / "blank.html").write_bytes(b"  \r\n\t\n")
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    reasons = dict(query(tmp_path / WAREHOUSE, "SELECT source_file, reason FROM quarantine"))
    assert set(reasons) == {"zero.txt", "blank.html"}
    assert all("empty" in reason for reason in reasons.values())


def test_huge_single_line_text_file_is_read(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    line = "科協工作計劃，發展會員。" * 400_000  # 4.8 M characters, 14 MB, no line break
    (raw / "one_line.txt").write_text(line, encoding="utf-8")
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    rows = query(tmp_path / WAREHOUSE, "SELECT length(text_clean), left(text_clean, 6) FROM documents")
    assert rows == [(len(line), "科协工作计划")]


def test_file_names_with_spaces_chinese_and_shell_metacharacters(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "子 目录; rm -rf ~").mkdir(parents=True)
    names = [
        "会员 通知 (2014).txt",
        "$(touch pwned) `id` & echo.txt",
        "quote ' and \" name.txt",
        "子 目录; rm -rf ~/通知|more>x.txt",
        "'; DROP TABLE documents; --.txt",
    ]
    for name in names:
        (raw / name).write_bytes(NOTICE)
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    sources = {row[0] for row in query(tmp_path / WAREHOUSE, "SELECT source_file FROM documents")}
    assert sources == set(names)
    assert not (tmp_path / "pwned").exists()
    assert query(tmp_path / WAREHOUSE, "SELECT count(*) FROM quarantine") == [(0,)]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _member_xlsx(tmp_path: Path, count: int) -> bytes:
    path = tmp_path / "roster.xlsx"
    make_rosters.write_member_xlsx(path, make_rosters.people(count))
    return path.read_bytes()


def _sources(warehouse: Path) -> dict[str, int]:
    return dict(query(warehouse, "SELECT source_file, count(*) FROM member_sources GROUP BY 1"))


def test_zip_of_rosters_is_read_member_by_member_and_escaping_paths_are_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    csv = tmp_path / "m.csv"
    make_rosters.write_member_csv(csv, make_rosters.people(5, seed=3), "gbk")
    archive = _zip({
        "2023年名单.xlsx": _member_xlsx(tmp_path, 6),
        "分会/会员 名单.csv": csv.read_bytes(),
        "通知.txt": NOTICE,
        "../../escape.csv": csv.read_bytes(),
        "/etc/passwd": b"root:x:0:0",
        "inner.zip": _zip({"a.txt": NOTICE}),
        "__MACOSX/._2023年名单.xlsx": b"\x00\x05\x16\x07",
    })  # fmt: skip
    (raw / "rosters.zip").write_bytes(archive)
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    warehouse = tmp_path / WAREHOUSE
    assert _sources(warehouse) == {"rosters.zip/2023年名单.xlsx": 7, "rosters.zip/分会/会员 名单.csv": 5}
    assert query(warehouse, "SELECT source_file FROM documents") == [("rosters.zip/通知.txt",)]
    refused = dict(
        query(warehouse, "SELECT location, reason FROM quarantine WHERE source_file = 'rosters.zip'")
    )
    assert set(refused) == {"member ../../escape.csv", "member /etc/passwd", "member inner.zip"}
    assert "leaves the archive folder" in refused["member /etc/passwd"]
    assert not (tmp_path / "escape.csv").exists() and not (raw / "escape.csv").exists()
    status = dict(query(warehouse, "SELECT source_file, status FROM files"))
    assert status["rosters.zip"] == "ok" and status["rosters.zip/2023年名单.xlsx"] == "ok"


def test_unchanged_zip_carries_its_members_over_and_a_deleted_one_drops_them(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "rosters.zip").write_bytes(_zip({"2023年名单.xlsx": _member_xlsx(tmp_path, 4)}))
    (raw / "通知.txt").write_bytes(NOTICE)
    assert run_pipeline(tmp_path, "run").returncode == 0
    warehouse = tmp_path / WAREHOUSE
    first = _sources(warehouse)
    assert first == {"rosters.zip/2023年名单.xlsx": 5}
    (raw / "新通知.txt").write_bytes(NOTICE)  # another file changes: the zip's rows are carried over
    rerun = run_pipeline(tmp_path, "run")
    assert rerun.returncode == 0, rerun.stderr
    assert "2 unchanged" in rerun.stdout
    assert _sources(warehouse) == first
    (raw / "rosters.zip").unlink()
    assert run_pipeline(tmp_path, "run").returncode == 0
    assert _sources(warehouse) == {}
    assert query(warehouse, "SELECT count(*) FROM files WHERE source_file LIKE 'rosters.zip%'") == [(0,)]


def test_zip_bombs_are_refused_from_the_directory_without_inflating(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    bomb = b"\x00" * (64 * 1024**2)  # 64 MB of zeros deflates to about 64 KB: 1000x
    (raw / "bomb.zip").write_bytes(_zip({"名单.csv": bomb}))
    workbook = zipfile.ZipFile(io.BytesIO(_member_xlsx(tmp_path, 3)))
    parts = {info.filename: workbook.read(info) for info in workbook.infolist()}
    (raw / "bomb.xlsx").write_bytes(_zip({**parts, "xl/media/image1.png": bomb}))
    big = dict(parts)
    sheet = big["xl/worksheets/sheet1.xml"]
    big["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet
    )
    (raw / "huge_sheet.xlsx").write_bytes(_zip(big))
    (raw / "bomb.docx").write_bytes(_zip({**_docx_parts(tmp_path), "word/media/image1.png": bomb}))
    (raw / "ok.txt").write_bytes(NOTICE)
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    reasons = dict(query(tmp_path / WAREHOUSE, "SELECT source_file, reason FROM quarantine"))
    assert set(reasons) == {"bomb.zip", "bomb.xlsx", "huge_sheet.xlsx", "bomb.docx"}
    assert all("zip bomb" in reasons[name] for name in ("bomb.zip", "bomb.xlsx", "bomb.docx"))
    assert "declares 17,179,869,184 cells" in reasons["huge_sheet.xlsx"]


def _docx_parts(tmp_path: Path) -> dict[str, bytes]:
    document = docx.Document()
    document.add_paragraph("关于开展2024年会员登记工作的通知")
    document.save(tmp_path / "notice.docx")
    with zipfile.ZipFile(tmp_path / "notice.docx") as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _laughs(root: str) -> bytes:
    """A billion-laughs DOCTYPE: &l9; would expand to 10^9 "lol"."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY l0 "lol">{entities}]>'.encode()


def _run_in_a_minute(tmp_path: Path) -> Path:
    """Run the pipeline on tmp_path/raw; it must end well within a minute. The warehouse."""
    started = time.monotonic()
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60
    return tmp_path / WAREHOUSE


def test_xml_entity_expansion_in_a_docx_is_not_expanded(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    parts = _docx_parts(tmp_path)
    body = parts["word/document.xml"]
    body = body[body.index(b"?>") + 2 :] if body.startswith(b"<?xml") else body
    parts["word/document.xml"] = _laughs("w:document") + body.replace("通知".encode(), "通知&l9;".encode(), 1)
    (raw / "laughs.docx").write_bytes(_zip(parts))
    warehouse = _run_in_a_minute(tmp_path)
    # lxml (under python-docx, which does not resolve entities) stops at its amplification limit
    [(reason,)] = query(warehouse, "SELECT reason FROM quarantine WHERE source_file = 'laughs.docx'")
    assert "amplification" in reason and "save it again as .docx" in reason
    assert query(warehouse, "SELECT count(*) FROM documents") == [(0,)]


def test_xml_entity_expansion_in_an_xlsx_is_not_expanded(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    workbook = zipfile.ZipFile(io.BytesIO(_member_xlsx(tmp_path, 3)))
    parts = {info.filename: workbook.read(info) for info in workbook.infolist()}
    laughs = _laughs("worksheet")
    sheet = parts["xl/worksheets/sheet1.xml"].replace(b"<t>", b"<t>&l9;", 1)
    parts["xl/worksheets/sheet1.xml"] = laughs + sheet
    (raw / "laughs.xlsx").write_bytes(_zip(parts))
    warehouse = _run_in_a_minute(tmp_path)
    # calamine does not expand entities it was not told about: the sheet is refused, the others read
    quarantined = query(
        warehouse, "SELECT location, reason FROM quarantine WHERE source_file = 'laughs.xlsx'"
    )
    assert [location for location, _ in quarantined] == ["sheet 个人会员"]
    assert "entity" in quarantined[0][1]
    assert query(warehouse, "SELECT name, sheet FROM member_sources") == [("欧阳明", "高级会员")]


def test_zero_row_sheet_and_sql_looking_sheet_and_column_names_are_data(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    book = openpyxl.Workbook()
    book.active.title = "空表"
    sheet = book.create_sheet("'; DROP TABLE members; --")
    sheet.append(["姓名", "手机", '名单"); DELETE FROM units; --', "Robert'); DROP TABLE files;--"])
    sheet.append(["张三", "13800138000", "x'); DELETE FROM members; --", "1; DROP TABLE quarantine"])
    sheet.append(["李四", "13900139000", "", ""])
    book.save(raw / '名单"); DELETE FROM units; --.xlsx')
    header_only = openpyxl.Workbook()
    header_only.active.append(["姓名", "手机"])
    header_only.save(raw / "0行.xlsx")
    result = run_pipeline(tmp_path, "run")
    assert result.returncode == 0, result.stderr
    warehouse = tmp_path / WAREHOUSE
    sheets = query(warehouse, "SELECT sheet, count(*) FROM member_sources GROUP BY 1")
    assert sheets == [("'; DROP TABLE members; --", 2)]
    assert query(warehouse, "SELECT count(*) FROM members") == [(2,)]
    tables = {row[0] for row in query(warehouse, "SELECT table_name FROM information_schema.tables")}
    assert {"members", "units", "files", "quarantine"} <= tables
    files = dict(query(warehouse, "SELECT source_file, status FROM files"))
    assert set(files) == {'名单"); DELETE FROM units; --.xlsx', "0行.xlsx"}
    assert files["0行.xlsx"] == "empty"
    assert query(warehouse, "SELECT source_file, reason_code FROM quarantine") == [("0行.xlsx", "no_rows")]


def test_reason_codes_group_the_hostile_set(tmp_path: Path) -> None:
    """Every kind of hostile file in one folder: each quarantine row has a known code, and each file the
    code of what is wrong with it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    rng = random.Random(20261208)
    for suffix in (".txt", ".pdf", ".xlsx", ".docx", ".bin"):
        (raw / f"garbage{suffix}").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (raw / "zero.csv").write_bytes(b"")
    (raw / "blank.html").write_bytes(b"  \r\n\t\n")
    (raw / "bomb.zip").write_bytes(_zip({"名单.csv": b"\x00" * (64 * 1024**2)}))
    (raw / "escape.zip").write_bytes(_zip({"../../evil.txt": NOTICE, "inner.zip": _zip({"a.txt": NOTICE})}))
    (raw / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    (raw / "image.pdf").write_bytes(b"GIF89a" + bytes(range(256)))
    headerless = openpyxl.Workbook()
    for i in range(20):
        headerless.active.append([f"学员{i}", "男", f"1380013{i:04}"])
    headerless.save(raw / "无表头.xlsx")
    bad_rows = ["姓名,身份证号,手机", '"=HYPERLINK(""http://x"")",,13800138000', "张三,110101198503120024,"]
    bad_rows += ["李四,,1380013800", "王五,,13900139000"]
    (raw / "名单.csv").write_text("\n".join(bad_rows) + "\n", encoding="utf-8")
    (raw / "ok.txt").write_bytes(NOTICE)
    warehouse = _run_in_a_minute(tmp_path)
    rows = query(warehouse, "SELECT source_file, reason_code FROM quarantine")
    known = {code.value for code in ReasonCode}
    assert rows and all(code in known for _, code in rows)
    codes: dict[str, set[str]] = {}
    for source, code in rows:
        codes.setdefault(source, set()).add(code)
    assert codes["zero.csv"] == codes["blank.html"] == {"empty_file"}
    assert codes["bomb.zip"] == {"zip_bomb"}
    assert codes["escape.zip"] == {"unsafe_member", "nested_archive"}
    assert codes["truncated.pdf"] == {"truncated"} and codes["image.pdf"] == {"wrong_type"}
    assert codes["无表头.xlsx"] == {"no_header"}
    assert codes["名单.csv"] == {"bad_name", "bad_id_number", "bad_phone"}
    assert codes["garbage.txt"] == {"binary"} and codes["garbage.bin"] == {"unsupported_type"}
    assert all(not code.startswith("reader_bug") for code_set in codes.values() for code in code_set)
    grouped = dict(query(warehouse, "SELECT reason_code, rows FROM quarantine_by_reason"))
    assert sum(grouped.values()) == len(rows) and len(grouped) < len(rows)
