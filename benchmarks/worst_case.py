"""Worst-case throughput: extract + transform time per MB on the adversarial corpus beside a normal one.

Run from the repository root:

    PYTHONPATH=. python -m benchmarks.worst_case [--length 300000] [--documents 300]

The adversarial corpus is ``tests/fixtures/adversarial`` at full size (lines of ``--length`` characters:
a run of letters after an open parenthesis, brackets nested thousands deep, thousands of dates on one
line...); the normal corpus is ``benchmarks.run_all``'s (notices, scraped pages, mojibake, rosters).
Each corpus goes through ``pipeline extract`` and ``pipeline transform`` (one worker, the default
budget), then each adversarial input alone through the text path (repair, boilerplate, notice and facts
readers) to name the slowest. The target: the adversarial corpus within 3x the normal time per MB.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.run_all import write_corpus as write_normal_corpus
from pipeline import runner
from pipeline.extract.boilerplate import strip_boilerplate
from pipeline.repair import repair_text
from pipeline.settings import Settings
from pipeline.transform.documents import texts_to_documents
from pipeline.transform.facts import documents_to_facts
from tests.fixtures.adversarial import write_corpus as write_adversarial_corpus

#: The adversarial corpus may take this many times the normal corpus's time per MB.
TARGET_RATIO = 3.0


def stage_seconds(raw: Path, work: Path) -> float:
    """Seconds of ``extract`` then ``transform`` over ``raw`` (fresh staged folder, full read)."""
    settings = Settings(raw=raw, staged=work / "staged", warehouse=work / "w.duckdb", full=True)
    clock = time.perf_counter()
    runner.extract(settings)
    runner.transform(settings)
    return time.perf_counter() - clock


def text_path_seconds(text: str) -> float:
    """Seconds of one text through repair, boilerplate and every transform reader."""
    clock = time.perf_counter()
    repaired = repair_text(text)
    staged = {
        "doc_id": "d",
        "source_file": "x.txt",
        "sha256": "",
        "script": repaired.script,
        "encoding": "utf-8",
        "text_original": text,
        "text_clean": strip_boilerplate(repaired.text),
    }
    docs = texts_to_documents([staged])
    documents_to_facts(docs.documents, docs.sections)
    return time.perf_counter() - clock


def megabytes(paths: list[Path]) -> float:
    return sum(path.stat().st_size for path in paths) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=300_000, help="characters of each adversarial input")
    parser.add_argument("--documents", type=int, default=300, help="files of the normal corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        normal = write_normal_corpus(work / "normal", args.documents)
        adversarial = write_adversarial_corpus(work / "adversarial", args.length)
        stage_seconds(Path(normal.texts[0]).parent, work / "warm-up")  # jieba and the dictionaries
        rows = []
        for name, raw, size in (
            ("normal", normal.raw, normal.megabytes),
            ("adversarial", work / "adversarial", megabytes(adversarial)),
        ):
            seconds = stage_seconds(raw, work / f"run-{name}")
            rows.append((name, size, seconds, seconds / size))
        print(f"{'corpus':<12} {'MB':>7} {'seconds':>8} {'s/MB':>7}")
        for name, size, seconds, per_mb in rows:
            print(f"{name:<12} {size:>7.2f} {seconds:>8.1f} {per_mb:>7.2f}")
        ratio = rows[1][3] / rows[0][3]
        verdict = "within" if ratio <= TARGET_RATIO else "OVER"
        print(f"worst case / normal time per MB: {ratio:.2f}x ({verdict} the {TARGET_RATIO:g}x target)")
        print(f"\n{'adversarial input':<22} {'MB':>6} {'seconds':>8} {'s/MB':>7}")
        for path in adversarial:
            size = path.stat().st_size / 1e6
            seconds = text_path_seconds(path.read_text(encoding="utf-8"))
            print(f"{path.stem:<22} {size:>6.2f} {seconds:>8.2f} {seconds / size:>7.2f}")


if __name__ == "__main__":
    main()
