"""Scale benchmark: corpora of growing size through the whole pipeline, beside plain baselines.

Run from the repository root:

    PYTHONPATH=. python -m benchmarks.run_all [--sizes 1000,10000,100000] [--workers N] [--quick]

For each size it writes a corpus in a temporary folder (notices from raw/ varied in names and content,
scraped pages with mojibake, small rosters), runs ``pipeline run --full`` and a no-change incremental
rerun, each in a child process so peak memory (``peak_memory.peak_mb``, workers included) is that run's
alone.
Then csv rosters of a tenth, one and two times 1M rows (100k with --quick) and a 200-page PDF (when
benchmarks/pdf_extract.py is present). Baselines run in the same process on the same files: ftfy +
OpenCC over the text corpus, pandas.read_csv over the roster, pdfplumber over the PDF. Ends with the
linearity check (time per doc at the largest size / at the smallest) and the memory check (peak memory
of each roster run, and how much it grows from the 1x to the 2x roster).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmarks.peak_memory import peak_mb
from benchmarks.repair_speed import CLEAN, MOJIBAKE, RAW, SCRAPED, anchor_chain, scrape
from pipeline import runner
from pipeline.settings import Settings
from tests.fixtures.make_rosters import people, write_member_csv, write_member_xlsx

#: Share of each kind of document in a corpus, in the order they are written.
_ROSTER_EVERY = 20  # one roster (csv; every tenth an xlsx) per 20 documents
_MOJIBAKE_EVERY = 7  # one page of mojibake per 7 documents
_SCRAPED_EVERY = 5  # one scraped traditional page with readings and stray marks per 5
_ROSTER_PEOPLE = 30
_LINEAR_LIMIT = 1.5


@dataclass(frozen=True)
class Corpus:
    raw: Path
    documents: int
    megabytes: float
    texts: tuple[Path, ...]
    rosters: tuple[Path, ...]


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    rows: int
    files: int


def write_corpus(raw: Path, documents: int, seed: int = 2026) -> Corpus:
    """``documents`` files: notices (each one different), scraped pages, mojibake, rosters."""
    rng = random.Random(seed)
    notices = [(RAW / name).read_text(encoding="utf-8") for name in CLEAN]
    scraped_page = (RAW / SCRAPED).read_text(encoding="utf-8")
    team = people(_ROSTER_PEOPLE * 10, seed=seed)
    texts, rosters = [], []
    for i in range(documents):
        folder = raw / f"{2000 + i % 25}年" / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % _ROSTER_EVERY == _ROSTER_EVERY - 1:
            members = rng.sample(team, _ROSTER_PEOPLE)
            if i % (_ROSTER_EVERY * 10) == _ROSTER_EVERY - 1:
                path = folder / f"会员名单_{i:06d}.xlsx"
                write_member_xlsx(path, members)
            else:
                path = folder / f"会员名单_{i:06d}.csv"
                write_member_csv(path, members, rng.choice(["gbk", "utf-8-sig"]))
            rosters.append(path)
            continue
        notice = rng.choice(notices).replace("2014", str(2000 + i % 25))
        notice += f"\n联系人：王老师，电话：0351-{4000000 + i}\n"
        if i % _MOJIBAKE_EVERY == 0:
            path, text = folder / f"网页_{i:06d}.txt", rng.choice(list(MOJIBAKE.values()))(notice)
        elif i % _SCRAPED_EVERY == 0:
            path, text = folder / f"转载 {i:06d}.txt", scrape(notice, rng) if i % 2 else scraped_page
        else:
            path, text = folder / f"通知（{i:06d}）.txt", notice
        path.write_text(text, encoding="utf-8")
        texts.append(path)
    size = sum(path.stat().st_size for path in [*texts, *rosters]) / 1e6
    return Corpus(raw, documents, size, tuple(texts), tuple(rosters))


def measure_run(raw: Path, work: Path, full: bool, workers: int) -> Measured:
    """One ``pipeline run`` in a child process: its wall time, peak memory and roster rows."""
    args = [
        str(raw),
        str(work / "staged"),
        str(work / "warehouse" / "a.duckdb"),
        str(int(full)),
        str(workers),
    ]
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.run_all", "--child-run", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    return Measured(result["seconds"], result["peak_mb"], result["rows"], result["files"])


def child_run(raw: str, staged: str, warehouse: str, full: str, workers: str) -> None:
    """In the child: run the pipeline and print seconds, peak memory (self and workers), rows."""
    settings = Settings(raw=raw, staged=staged, warehouse=warehouse, full=full == "1", workers=int(workers))
    start = time.perf_counter()
    summary = runner.run(settings)
    seconds = time.perf_counter() - start
    peak = peak_mb()
    rows = summary.tables.get("member_sources", 0) + summary.tables.get("unit_sources", 0)
    report = {"seconds": seconds, "peak_mb": peak, "rows": rows, "files": summary.files_extracted}
    print(json.dumps(report))


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def text_baseline(corpus: Corpus) -> float:
    """Seconds of the baseline repair (ftfy + OpenCC t2s) over the corpus's text files."""
    return timed(lambda: [anchor_chain(path.read_text(encoding="utf-8")) for path in corpus.texts])


def roster_baseline(csv: Path) -> float:
    """Seconds of a plain pandas.read_csv of the roster."""
    return timed(lambda: pd.read_csv(csv, encoding="gbk"))


def pdf_case(work: Path, pages: int) -> tuple[Path, Callable[[bytes], object]] | None:
    """The PDF hook: a ``pages``-page notice and the pdfplumber baseline, from benchmarks/pdf_extract.py
    (the PDF reader's own benchmark) when this checkout has it; None otherwise."""
    if importlib.util.find_spec("benchmarks.pdf_extract") is None:
        return None
    from benchmarks import pdf_extract

    path = work / "raw" / "长文件.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_extract.make_long_notice(pages, table_every=10))
    return path, pdf_extract.pdfplumber_text


Row = tuple[str, str, str, str, str, str, str, str]
_HEADER: Row = ("input", "docs/s", "MB/s", "rows/s", "peak MB", "full s", "no-change s", "baseline")


def print_table(rows: list[Row]) -> None:
    widths = [max(len(row[i]) for row in [_HEADER, *rows]) for i in range(len(_HEADER))]
    for row in [_HEADER, *rows]:
        print("  ".join(cell.ljust(width) if i in (0, 7) else cell.rjust(width) for i, (cell, width) in
                        enumerate(zip(row, widths, strict=True))))  # fmt: skip


def corpus_rows(sizes: list[int], tmp: Path, workers: int) -> tuple[list[Row], dict[int, float]]:
    rows, per_doc = [], {}
    for size in sizes:
        work = tmp / f"corpus-{size}"
        corpus = write_corpus(work / "raw", size)
        full = measure_run(corpus.raw, work, True, workers)
        again = measure_run(corpus.raw, work, False, workers)
        baseline_mb_s = sum(p.stat().st_size for p in corpus.texts) / 1e6 / text_baseline(corpus)
        ours_mb_s = corpus.megabytes / full.seconds
        per_doc[size] = full.seconds / size
        rows.append((
            f"{size:,} docs ({corpus.megabytes:.0f} MB)",
            f"{size / full.seconds:,.0f}",
            f"{ours_mb_s:.2f}",
            f"{full.rows / full.seconds:,.0f}",
            f"{max(full.peak_mb, again.peak_mb):,.0f}",
            f"{full.seconds:.1f}",
            f"{again.seconds:.1f} ({again.seconds / full.seconds:.0%})",
            f"ftfy+OpenCC {baseline_mb_s:.2f} MB/s: ours {ours_mb_s / baseline_mb_s:.2f}x",
        ))  # fmt: skip
        print(f"  done: {rows[-1][0]}", file=sys.stderr, flush=True)
    return rows, per_doc


def roster_row(tmp: Path, people_count: int, workers: int) -> tuple[Row, Measured, float]:
    work = tmp / f"roster-{people_count}"
    csv = work / "raw" / f"会员名单_{people_count}.csv"
    csv.parent.mkdir(parents=True)
    write_member_csv(csv, people(people_count), "gbk")
    size_mb = csv.stat().st_size / 1e6
    full = measure_run(csv.parent, work, True, workers)
    again = measure_run(csv.parent, work, False, workers)
    bare = roster_baseline(csv)
    row = (
        f"{people_count:,}-row csv roster ({size_mb:.0f} MB)",
        "-",
        f"{size_mb / full.seconds:.2f}",
        f"{full.rows / full.seconds:,.0f}",
        f"{full.peak_mb:,.0f}",
        f"{full.seconds:.1f}",
        f"{again.seconds:.1f} ({again.seconds / full.seconds:.0%})",
        f"pandas.read_csv {bare:.1f} s: ours {full.seconds / bare:.1f}x its time",
    )
    return row, full, size_mb


def pdf_row(tmp: Path, pages: int, workers: int) -> Row | None:
    case = pdf_case(tmp / "pdf", pages)
    if case is None:
        return None
    path, baseline = case
    data = path.read_bytes()
    full = measure_run(path.parent, tmp / "pdf", True, workers)
    again = measure_run(path.parent, tmp / "pdf", False, workers)
    bare = timed(lambda: baseline(data))
    return (
        f"{pages}-page PDF ({len(data) / 1e6:.1f} MB)",
        f"{pages / full.seconds:.1f} pages/s",
        f"{len(data) / 1e6 / full.seconds:.2f}",
        f"{full.rows / full.seconds:,.0f}",
        f"{full.peak_mb:,.0f}",
        f"{full.seconds:.1f}",
        f"{again.seconds:.1f} ({again.seconds / full.seconds:.0%})",
        f"pdfplumber {bare:.1f} s: ours {full.seconds / bare:.1f}x its time",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes in documents")
    parser.add_argument("--workers", type=int, default=1, help="extract processes (pipeline --workers)")
    parser.add_argument("--quick", action="store_true", help="sizes 1000,10000, a 100k-row roster")
    parser.add_argument("--roster-rows", type=int, default=1_000_000)
    parser.add_argument("--pdf-pages", type=int, default=200)
    parser.add_argument("--child-run", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_run:
        child_run(*args.child_run)
        return
    sizes = [1000, 10000] if args.quick else [int(size) for size in args.sizes.split(",")]
    roster_rows = 100_000 if args.quick else args.roster_rows
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as folder:
        tmp = Path(folder)
        rows, per_doc = corpus_rows(sizes, tmp, args.workers)
        memory = []
        peaks = []
        for count in (roster_rows // 10, roster_rows, 2 * roster_rows):
            roster, measured, size_mb = roster_row(tmp, count, args.workers)
            rows.append(roster)
            memory.append(f"{measured.peak_mb:,.0f} MB for {size_mb:.0f} MB ({count:,} rows)")
            peaks.append(measured.peak_mb)
        pdf = pdf_row(tmp, args.pdf_pages, args.workers)
        if pdf is not None:
            rows.append(pdf)
    print(f"workers: {args.workers}")
    print_table(rows)
    if pdf is None:
        print("pdf: skipped (no benchmarks/pdf_extract.py in this checkout: pdf_case is the hook)")
    smallest, largest = min(per_doc), max(per_doc)
    ratio = per_doc[largest] / per_doc[smallest]
    print(
        f"linearity: {per_doc[largest] * 1000:.2f} ms/doc at {largest:,} vs {per_doc[smallest] * 1000:.2f} "
        f"at {smallest:,}: {ratio:.2f}x (within {_LINEAR_LIMIT}x: {ratio <= _LINEAR_LIMIT})"
    )
    print(f"memory: peak of the roster run {' -> '.join(memory)}")
    print(f"memory: twice the rows, {peaks[2] / peaks[1]:.2f}x the peak ({peaks[2] - peaks[1]:+,.0f} MB)")


if __name__ == "__main__":
    main()
