"""Throughput: the whole pipeline against the anchor chain over the same files, in one run.

Run from the repository root:

    PYTHONPATH=. python -m benchmarks.throughput [--documents 300] [--workers 2]

Writes ``--documents`` files of the scale benchmark's corpus (``benchmarks.run_all.write_corpus``:
notices, mojibake and scraped pages, one roster in 20) in a temporary folder and measures, on the same
machine in the same run:

- the anchor chain over the text files' bytes: charset-normalizer's best guess, ftfy, OpenCC t2s;
- ``pipeline run --full`` with one worker and with ``--workers N``, each in a child process: wall
  seconds, seconds per stage (from the run log), peak MB (``benchmarks.peak_memory``);
- a no-change ``pipeline run`` from the command line, as a nightly job starts it: wall seconds and peak
  MB (``/usr/bin/time``), the median of three.

The machine may be shared: compare the ratios, which are measured minutes apart.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import charset_normalizer

from benchmarks.repair_speed import anchor_chain
from benchmarks.run_all import Corpus, measure_run, write_corpus
from pipeline.runlog import read_events

_TIME = "/usr/bin/time"
_NO_CHANGE_TURNS = 3


def anchor_seconds(corpus: Corpus) -> float:
    """Seconds of charset-normalizer + ftfy + OpenCC t2s over the bytes of the corpus's text files."""
    start = time.perf_counter()
    for path in corpus.texts:
        anchor_chain(str(charset_normalizer.from_bytes(path.read_bytes()).best()))
    return time.perf_counter() - start


def stage_seconds(warehouse: Path) -> dict[str, float]:
    """Seconds per stage of the last run logged beside ``warehouse``."""
    events = list(read_events(warehouse.parent / "logs"))
    last = events[-1]["run_id"]
    return {
        event["stage"]: event["seconds"]
        for event in events
        if event["run_id"] == last and event["event"] == "stage_finished"
    }


def no_change_run(raw: Path, work: Path) -> tuple[float, float | None]:
    """Wall seconds and peak MB of ``pipeline run`` from the command line (peak None without
    /usr/bin/time), the median of a few turns."""
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        *(
            "--raw",
            str(raw),
            "--staged",
            str(work / "staged"),
            "--warehouse",
            str(work / "warehouse" / "a.duckdb"),
        ),
    ]
    timer = shutil.which(_TIME) is not None
    walls, peaks = [], []
    for _ in range(_NO_CHANGE_TURNS):
        start = time.perf_counter()
        done = subprocess.run(
            [_TIME, "-f", "%M", *command] if timer else command, capture_output=True, text=True, check=True
        )
        walls.append(time.perf_counter() - start)
        if timer:
            peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(walls), statistics.median(peaks) if peaks else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=300, help="files in the corpus (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the second full run (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="throughput-") as scratch:
        folder = Path(scratch)
        corpus = write_corpus(folder / "raw", args.documents)
        anchor = anchor_seconds(corpus)
        print(
            f"corpus: {corpus.documents} files, {len(corpus.texts)} texts, {corpus.megabytes:.1f} MB; "
            f"anchor chain (charset-normalizer + ftfy + OpenCC) over the texts: {anchor:.2f} s"
        )
        print("| run | wall s | x anchor | extract s | transform s | load s | peak MB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        seconds = {}
        for workers in (1, args.workers):
            work = folder / f"workers{workers}"
            measured = measure_run(corpus.raw, work, full=True, workers=workers)
            stages = stage_seconds(work / "warehouse" / "a.duckdb")
            seconds[workers] = measured.seconds
            print(
                f"| `run --full --workers {workers}` | {measured.seconds:.2f} | "
                f"{measured.seconds / anchor:.2f} | {stages['extract']:.2f} | {stages['transform']:.2f} | "
                f"{stages['load']:.2f} | {measured.peak_mb:.0f} |"
            )
        wall, peak = no_change_run(corpus.raw, folder / "workers1")
        shown = "n/a" if peak is None else f"{peak:.0f}"
        print(f"| no-change `pipeline run` (command line) | {wall:.2f} | | | | | {shown} |")
        ratio = seconds[args.workers] / seconds[1]
        print(f"scaling: the --workers {args.workers} full run took {ratio:.2f}x the one-worker time")


if __name__ == "__main__":
    main()
