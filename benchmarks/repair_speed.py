"""Speed of the repair chain against the anchor chain (ftfy + OpenCC) and bare OpenCC t2s.

Run from the repository root:

    PYTHONPATH=. python benchmarks/repair_speed.py [--megabytes 20] [--repeat 3]

The corpus mixes clean notices (raw/000-003), the scraped traditional page raw/004 and variants of
the clean notices made traditional with pinyin, stray marks and watermarks, and each kind of
mojibake. Speeds are MB of UTF-8 text per second, measured in the same run: the three chains take
turns, each turn in a fresh process (the corpus repeats its clean notices, so a second pass in one
process would find every repair in the caches), and each speed is the best of --repeat turns, since
other work on a shared machine only ever slows a run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import ftfy
from pypinyin import Style, pinyin

from pipeline.repair import repair_text
from pipeline.repair.opencc_converter import converter

RAW = Path(__file__).resolve().parents[1] / "raw"
CLEAN = [
    "000_0322533452278349.txt",
    "001_62a11f99840aaf70.txt",
    "002_a455499d0de7c8e9.txt",
    "003_62f9b516145e5a1b.txt",
]
SCRAPED = "004_dd66bcf60490f8cb.part1.txt"
WATERMARK = "(本權屬秘之音所有,更多請登陸網(wǎng)絡(luò )查看)"


def scrape(text: str, rng: random.Random) -> str:
    """A clean notice as a reprint site serves it: traditional, readings, stray marks, watermarks."""
    out = []
    for char in converter("s2t").convert(text):
        out.append(char)
        if "\u4e00" <= char <= "\u9fff":
            roll = rng.random()
            if roll < 0.03:
                out.append(f"({pinyin(char, style=Style.TONE)[0][0]})")
            elif roll < 0.035:
                out.append(rng.choice("`'."))
            elif roll < 0.0352:
                out.append(WATERMARK)
    return "".join(out)


MOJIBAKE: dict[str, Callable[[str], str]] = {
    "utf8-as-gbk": lambda text: text.encode("utf-8").decode("gbk", errors="replace"),
    "gbk-as-latin1": lambda text: text.encode("gbk", errors="replace").decode("latin-1"),
    "utf8-as-cp1252": lambda text: text.encode("utf-8").decode("cp1252", errors="replace"),
}


def build_corpus(megabytes: float, seed: int = 2018) -> list[str]:
    """Documents of every kind, in turn, until the corpus holds ``megabytes`` of UTF-8."""
    rng = random.Random(seed)
    clean = [(RAW / name).read_text(encoding="utf-8") for name in CLEAN]
    kinds: list[Callable[[], str]] = [
        *[lambda text=text: text for text in clean],
        lambda: (RAW / SCRAPED).read_text(encoding="utf-8"),
        lambda: scrape(rng.choice(clean[2:]), rng),
        *[lambda make=make: make(rng.choice(clean[2:])) for make in MOJIBAKE.values()],
    ]
    documents: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        document = kinds[len(documents) % len(kinds)]()
        documents.append(document)
        size += len(document.encode("utf-8"))
    return documents


def seconds_of(chain: str, megabytes: float) -> float:
    """Seconds ``chain`` takes over the corpus, in the process that calls it (run it in a fresh one)."""
    documents = build_corpus(megabytes)
    run = CHAINS[chain]
    run(documents[0])  # load OpenCC, pypinyin and the data files before timing
    start = time.perf_counter()
    for document in documents:
        run(document)
    return time.perf_counter() - start


def anchor_chain(text: str) -> str:
    fixed = ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False)
    return converter("t2s").convert(fixed)


CHAINS: dict[str, Callable[[str], object]] = {
    "repair_text (whole chain)": repair_text,
    "anchor: ftfy.fix_text + OpenCC t2s": anchor_chain,
    "bare OpenCC t2s": lambda text: converter("t2s").convert(text),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=20.0, help="corpus size (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="turns of each chain, best kept (default 3)")
    args = parser.parse_args()
    documents = build_corpus(args.megabytes)
    megabytes = sum(len(document.encode("utf-8")) for document in documents) / 1_000_000
    best = dict.fromkeys(CHAINS, float("inf"))
    spawn = multiprocessing.get_context("spawn")
    for _ in range(args.repeat):
        for name in CHAINS:
            with ProcessPoolExecutor(1, mp_context=spawn) as fresh:
                best[name] = min(best[name], fresh.submit(seconds_of, name, args.megabytes).result())
    for name, seconds in best.items():
        print(f"{name:<40} {megabytes / seconds:7.2f} MB/s  ({megabytes:.1f} MB in {seconds:.2f} s)")
    ours, anchor = (best[name] for name in list(CHAINS)[:2])
    print(f"whole chain vs anchor: {anchor / ours:.2f}x its speed (target >= 1x)")


if __name__ == "__main__":
    main()
