"""Cost curve of extract: the local engine with 1 and 2 processes against Spark local mode, 1 and 2 cores.

Builds a corpus of ``--files`` text files by copying the samples in raw/ under new names, then times
``pipeline extract`` (a fresh process each, as a user runs it, Spark start-up included) per engine.

    PYTHONPATH=. python benchmarks/extract_engines.py [--files 2000 500]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENGINES = (
    ("local, 1 process", ["--engine", "local", "--workers", "1"]),
    ("local, 2 processes", ["--engine", "local", "--workers", "2"]),
    ("spark local[1]", ["--engine", "spark", "--spark-master", "local[1]"]),
    ("spark local[2]", ["--engine", "spark", "--spark-master", "local[2]"]),
)


def make_corpus(folder: Path, files: int) -> None:
    """``files`` copies of the bundled samples, spread over sub-folders of 100."""
    samples = sorted(p for p in (REPO / "raw").iterdir() if p.is_file())
    for number in range(files):
        sample = samples[number % len(samples)]
        target = folder / f"batch_{number // 100:03d}" / f"{number:06d}_{sample.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample, target)


def time_extract(raw: Path, staged: Path, options: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    clock = time.perf_counter()
    command = [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--staged", str(staged)]
    subprocess.run([*command, *options], env=env, check=True, capture_output=True)
    return time.perf_counter() - clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[2000])
    args = parser.parse_args()
    print(f"| files | {' | '.join(label for label, _ in ENGINES)} |")
    print(f"| ---: | {' | '.join('---:' for _ in ENGINES)} |")
    for files in args.files:
        with tempfile.TemporaryDirectory() as scratch:
            raw = Path(scratch) / "raw"
            make_corpus(raw, files)
            seconds = [
                time_extract(raw, Path(scratch) / f"staged{i}", options)
                for i, (_, options) in enumerate(ENGINES)
            ]
        print(f"| {files} | {' | '.join(f'{s:.1f} s' for s in seconds)} |", flush=True)


if __name__ == "__main__":
    main()
