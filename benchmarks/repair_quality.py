"""Quality of mojibake repair: character error rate per kind of corruption, against ftfy + OpenCC.

The corpus is clean real text (the shared samples 000-003, their traditional versions by OpenCC s2t) and
the notices of ``benchmarks/data/written_notices.txt``; every line is damaged programmatically by each
corruption of ``tests/repair/corrupt.py`` and repaired by the mojibake fixes of the chain. CER is the
edit distance to the clean line over its length, both sides compared in simplified script (so that
OpenCC's conversion in the baseline is not counted as an error). Clean lines are also run through the
fixes: they must come back unchanged.

Run from the repository root: ``python -m benchmarks.repair_quality`` (about a minute).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ftfy

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python benchmarks/repair_quality.py
    sys.path.insert(0, str(ROOT))

from pipeline.repair.chain import FIXES  # noqa: E402
from pipeline.repair.script import converter  # noqa: E402
from tests.repair.corrupt import COMPARED_FOLDED, CORRUPTIONS, fold_fullwidth  # noqa: E402

SAMPLES = ("000_", "001_", "002_", "003_")
MOJIBAKE_FIXES = ("undo_gbk_shift", "repair_mojibake")
SPEED_REPEAT = 20  # passes over the clean corpus when timing the fixes
TARGETS = {"a": 0.01, "b": 0.01, "c": 0.03, "d": 0.01, "e": 0.01, "f": 0.01, "g": 0.03}
# The script each corruption is applied to: the one a page in that encoding would be written in.
SCRIPTS = {
    "utf8_read_as_gbk": ("simplified", "traditional"),
    "gbk_read_as_latin1": ("simplified", "traditional"),
    "gbk_read_as_cp1252": ("simplified", "traditional"),
    "gbk_shifted": ("traditional",),
    "big5_read_as_gbk": ("traditional",),
    "gbk_read_as_big5": ("simplified",),
    "utf8_read_as_cp1252": ("simplified", "traditional"),
    "gbk_read_as_cp1250": ("simplified",),
    "gbk_short_shift": ("traditional", "simplified"),
}


@dataclass(frozen=True)
class Score:
    """Characters in error and characters of the clean text, summed over lines."""

    errors: int
    chars: int

    @property
    def cer(self) -> float:
        return self.errors / self.chars if self.chars else 0.0


def clean_lines() -> dict[str, list[str]]:
    """Lines of the corpus by script; the samples' own truncation marks "�" at line ends are cut."""
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw").glob("*.txt")) if p.name[:4] in SAMPLES
    ]
    texts.append((ROOT / "benchmarks/data/written_notices.txt").read_text(encoding="utf-8"))
    simplified = [
        line.strip().rstrip("\ufffd") for text in texts for line in text.splitlines() if line.strip()
    ]
    traditional = [converter("s2t").convert(line) for line in simplified]
    return {"simplified": simplified, "traditional": traditional}


def repair(line: str) -> str:
    """The line after the mojibake fixes of the chain, in chain order."""
    for name in MOJIBAKE_FIXES:
        line = FIXES[name].run(line)[0]
    return line


def baseline(line: str) -> str:
    """ftfy with its defaults, then OpenCC to simplified: what the repair must beat."""
    return converter("t2s").convert(ftfy.fix_text(line))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, computed on the part between the common prefix and suffix."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


def measure(name: str, lines: list[str], fix: Callable[[str], str]) -> Score:
    """CER of ``fix`` on ``lines`` damaged by the corruption ``name``; undamaged lines are not counted."""
    _, corrupt = CORRUPTIONS[name]
    fold = fold_fullwidth if name in COMPARED_FOLDED else str
    to_simplified = converter("t2s").convert
    errors = chars = 0
    for line in lines:
        damaged = corrupt(line)
        if damaged == line:
            continue
        errors += edit_distance(to_simplified(fold(fix(damaged))), to_simplified(fold(line)))
        chars += len(line)
    return Score(errors, chars)


def main() -> None:
    corpus = clean_lines()
    print(f"corpus: {sum(map(len, corpus.values()))} lines (simplified and traditional)\n")
    print(
        f"{'kind':4} {'corruption':22} {'script':11} {'chars':>6} {'CER ours':>9} {'ftfy+OpenCC':>12} target"
    )
    totals: dict[str, list[Score]] = {}
    for name, (kind, _) in CORRUPTIONS.items():
        for script in SCRIPTS[name]:
            ours = measure(name, corpus[script], repair)
            theirs = measure(name, corpus[script], baseline)
            totals.setdefault(kind, []).append(ours)
            print(
                f"{kind:4} {name:22} {script:11} {ours.chars:6} {ours.cer:9.2%} {theirs.cer:12.2%}"
                f" <= {TARGETS[kind]:.0%}"
            )
    print()
    for kind, scores in sorted(totals.items()):
        total = Score(sum(s.errors for s in scores), sum(s.chars for s in scores))
        verdict = "ok" if total.cer <= TARGETS[kind] else "MISSED"
        print(f"kind {kind}: CER {total.cer:.2%} (target {TARGETS[kind]:.0%}) {verdict}")
    report_clean(corpus)


def report_clean(corpus: dict[str, list[str]]) -> None:
    """Clean lines must not change; also the throughput of the fixes on them."""
    print()
    for script, lines in corpus.items():
        changed = sum(edit_distance(repair(line), line) for line in lines)
        seconds = 0.0
        for _ in range(SPEED_REPEAT):
            for name in MOJIBAKE_FIXES:  # the fixes remember repeated lines: time them afresh
                FIXES[name].apply.cache_clear()  # type: ignore[attr-defined]
            started = time.perf_counter()
            for line in lines:
                repair(line)
            seconds += time.perf_counter() - started
        size = SPEED_REPEAT * sum(len(line.encode("utf-8")) + 1 for line in lines)
        ftfy_changed = sum(edit_distance(ftfy.fix_text(line), line) for line in lines)
        print(
            f"clean {script:11}: {len(lines)} lines, {changed} characters changed by the repair"
            f" ({ftfy_changed} by ftfy.fix_text); {size / seconds / 1e6:.1f} MB/s"
        )


if __name__ == "__main__":
    main()
