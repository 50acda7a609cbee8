"""Benchmark: a full run vs a nightly run with no changes (and one with a few) on a generated corpus.

Run from the repository root: ``PYTHONPATH=. python benchmarks/nightly_refresh.py [--files 3000]``.
The corpus is the bundled sample's notices, varied (year, numbers, a line added), written in a temporary
folder. Prints the seconds of each run and the ratio no-change / full, which must stay under 5 %.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipeline import runner
from pipeline.runlog import read_events
from pipeline.settings import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "raw"
LIMIT = 0.05


def write_corpus(raw: Path, files: int) -> None:
    """``files`` notices made from the sample's, each one different, some in GB18030."""
    notices = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE.glob("*.txt"))]
    for i in range(files):
        text = notices[i % len(notices)].replace("2014", str(2000 + i % 25))
        text += f"\n联系人：王老师，电话：0351-{4000000 + i}\n"
        folder = raw / f"{2000 + i % 25}"
        folder.mkdir(parents=True, exist_ok=True)
        encoding = "gb18030" if i % 7 == 0 else "utf-8"
        (folder / f"notice_{i:05d}.txt").write_text(text, encoding=encoding)


def timed(settings: Settings) -> tuple[float, runner.RunSummary]:
    clock = time.perf_counter()
    summary = runner.run(settings)
    return time.perf_counter() - clock, summary


def stage_seconds(settings: Settings, run_id: str) -> str:
    """Seconds per stage of one run, from its log."""
    return ", ".join(
        f"{event['stage']} {event['seconds']:.2f}"
        for event in read_events(settings.log_dir)
        if event["run_id"] == run_id and event["event"] == "stage_finished"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=3000, help="how many notices to generate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder / "raw", args.files)
        settings = Settings(raw=folder / "raw", staged=folder / "staged", warehouse=folder / "w" / "a.duckdb")
        full, summary = timed(settings.model_copy(update={"full": True}))
        print(f"full run        {full:8.2f} s  ({summary.files_extracted} files, {summary.records} records)")
        print(f"                {stage_seconds(settings, summary.run_id)}")
        unchanged, summary = timed(settings)
        print(f"no-change run   {unchanged:8.2f} s  ({summary.files_extracted} files read)")
        print(f"                {stage_seconds(settings, summary.run_id)}")
        for path in sorted((folder / "raw").rglob("*.txt"))[:10]:
            path.write_text(
                path.read_text(encoding="utf-8", errors="replace") + "\n补充说明。\n", encoding="utf-8"
            )
        few, summary = timed(settings)
        print(f"10 changed      {few:8.2f} s  ({summary.files_extracted} files read)")
        print(f"                {stage_seconds(settings, summary.run_id)}")
        ratio = unchanged / full
        print(f"ratio no-change / full = {ratio:.1%} (under {LIMIT:.0%}: {ratio < LIMIT})")


if __name__ == "__main__":
    main()
