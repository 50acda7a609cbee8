"""Real files of known encoding: how the pipeline decodes them and whether repair leaves them alone.

Runs over any folders of files (the shared real files, the test folders of the encoding detectors
gathered under /work/corpus/encodings). For each file it reports:

- the encoding the pipeline chose (``decode_bytes``) and the one the file's path names, when a folder
  or file name names one ("tests/windows-1251-russian/x.txt", "test/fr/utf-16.be", "..._SJIS.txt");
- CER of the pipeline's decoding, and of charset-normalizer's alone, against the text decoded with the
  named encoding (the reference), per group of encodings (Chinese, UTF-8, UTF-16/32, other);
- CER of the whole file path (decode, then the repair chain) against the reference;
- lines changed by the repair chain on the reference text, which is clean: every change is a false
  repair. Script conversion and full-width folding are normalizations, counted apart;
- for files the pipeline reads with another reader (PDF, Word, spreadsheets), the ``repairs`` rows of
  ``pipeline extract``'s reader, which runs on clean real text.

Run from the repository root: ``python -m benchmarks.real_world FOLDER [FOLDER ...]`` (add ``--list``
to print every file whose decoding or repair went wrong).
"""

from __future__ import annotations

import argparse
import codecs
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python benchmarks/real_world.py
    sys.path.insert(0, str(ROOT))

from benchmarks.repair_quality import edit_distance  # noqa: E402
from pipeline.errors import UnreadableInput  # noqa: E402
from pipeline.extract.dispatch import extract_bytes  # noqa: E402
from pipeline.extract.sources import SourceFile, sniff_kind  # noqa: E402
from pipeline.records import RepairRecord  # noqa: E402
from pipeline.repair import decode_bytes, repair_text  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

NORMALIZATIONS = frozenset({"convert_to_simplified", "normalize_fullwidth_ascii"})
TEXT_KINDS = frozenset({"text", "html", "csv"})
# Names of the detectors' folders that Python spells otherwise.
ALIASES = {
    "ibm855": "cp855",
    "ibm866": "cp866",
    "ibm852": "cp852",
    "ibm850": "cp850",
    "x-mac-cyrillic": "mac-cyrillic",
    "maccyrillic": "mac-cyrillic",
    "x-mac-ce": "mac-latin2",
    "mac-centraleurope": "mac-latin2",
    "macroman": "mac-roman",
    "uhc": "cp949",
    "sjis": "shift_jis",
    "gb2312": "gb18030",  # the reference reads GB2312 files as their superset, as the pipeline does
    "gbk": "gb18030",
    "viscii": "",  # no Python codec: no reference
    "euc-tw": "",
}
CHINESE = frozenset({"gb18030", "big5", "cp950", "big5hkscs", "hz", "iso2022_jp_2"})
_WINDOW = 4000  # characters of each side compared where lines do not pair up (CER is then a sample)


@dataclass
class Group:
    """Totals of one group of files."""

    files: int = 0
    exact: int = 0  # files decoded exactly as the reference
    exact_cn: int = 0
    errors: int = 0
    errors_cn: int = 0
    errors_path: int = 0
    chars: int = 0
    changed_lines: int = 0
    normalized_lines: int = 0
    refused: int = 0
    wrong: list[str] = field(default_factory=list)


def expected_encoding(path: Path) -> str | None:
    """The Python codec the path names, from the file name up through its folders; None if none does.

    >>> expected_encoding(Path("tests/windows-1251-russian/x.txt")), expected_encoding(Path("fr/utf-16.be"))
    ('cp1251', 'utf-16-be')
    >>> expected_encoding(Path("samples/wikipediaJa_Japan_SJIS.txt")), expected_encoding(Path("a/b.txt"))
    ('shift_jis', None)
    """
    name = path.name.lower()
    if name.endswith((".be", ".le")) and name[:-3].startswith(("utf-16", "utf-32", "lang_")):
        width = "utf-16" if "utf-16" in name else "utf-32"
        return f"{width}-{name[-2:]}"
    for part in [path.stem, *reversed(path.parent.parts)]:
        for token in _tokens(part.lower().split(" (")[0]):
            codec = _codec(token)
            if codec is not None:
                return codec or None
    return None


def _tokens(part: str) -> list[str]:
    """Candidate codec names in a path part: the part, its dash-joined prefixes, its "_" pieces."""
    words = part.replace("_", "-").split("-")
    spans = [(start, end) for start in range(len(words)) for end in range(len(words), start, -1)]
    return [part, *("-".join(words[start:end]) for start, end in spans)]


def _codec(token: str) -> str | None:
    if token in ALIASES:
        return ALIASES[token]
    if not token or token.isdigit() or len(token) < 3:
        return None
    try:
        return codecs.lookup(token).name
    except LookupError:
        return None


def group_of(encoding: str | None) -> str:
    if encoding is None:
        return "unnamed"
    name = codecs.lookup(encoding).name
    if name in CHINESE or name.startswith(("gb", "big5")):
        return "chinese"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-16/32"
    if name.startswith("utf-8"):
        return "utf-8"
    return "other"


def reference_text(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return normalize(text)


def normalize(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def distance(ours: str, reference: str) -> int:
    """Edit distance, line by line when the lines pair up, else on a window of each side."""
    mine, theirs = ours.split("\n"), reference.split("\n")
    if len(mine) == len(theirs):
        return sum(edit_distance(a, b) for a, b in zip(mine, theirs, strict=True))
    return edit_distance(ours[:_WINDOW], reference[:_WINDOW]) * max(1, len(reference) // _WINDOW)


def changed_lines(text: str) -> tuple[int, int, list[str]]:
    """Lines the repair chain changes in clean ``text``: by repairs, by normalizations only; examples."""
    repaired = repair_text(text)
    by_line: dict[int, set[str]] = defaultdict(set)
    for step in repaired.steps:
        by_line[step.line].add(step.kind)
    repairs = [line for line, kinds in by_line.items() if kinds - NORMALIZATIONS]
    steps = [step for step in repaired.steps if step.line in repairs]
    examples = [f"{step.kind}: {step.before[:60]!r} -> {step.after[:60]!r}" for step in steps]
    return len(repairs), len(by_line) - len(repairs), examples[:3]


def measure_text_file(path: Path, data: bytes, totals: dict[str, Group], listing: bool) -> None:
    expected = expected_encoding(path)
    reference = reference_text(data, expected) if expected else None
    group = totals[group_of(expected) if reference is not None else "unnamed"]
    group.files += 1
    try:
        decoded = decode_bytes(data)
    except UnreadableInput as err:
        group.refused += 1
        group.wrong.append(f"{path}: refused ({err.reason})")
        ours, chosen = "", "refused"
    else:
        ours, chosen = normalize(decoded.text), decoded.encoding
    best = from_bytes(data).best()
    theirs = normalize(str(best)) if best is not None else ""
    clean = reference if reference is not None else ours
    changed, normalized, examples = changed_lines(clean)
    group.changed_lines += changed
    group.normalized_lines += normalized
    if changed and listing:
        group.wrong.append(f"{path}: {changed} clean lines changed: " + " | ".join(examples))
    if reference is None:
        return
    ours_errors = distance(ours, reference)
    group.chars += len(reference)
    group.errors += ours_errors
    group.errors_cn += distance(theirs, reference)
    group.errors_path += distance(normalize(repair_text(ours).text), normalize(repair_text(reference).text))
    group.exact += ours == reference
    group.exact_cn += theirs == reference
    if ours != reference:
        cer = ours_errors / max(1, len(reference))
        cn = best.encoding if best is not None else "no answer"
        group.wrong.append(f"{path}: expected {expected}, chose {chosen} (CER {cer:.3f}; CN: {cn})")


def measure_other_file(path: Path, data: bytes, kind: str, totals: dict[str, Group], listing: bool) -> None:
    """A PDF, Word or spreadsheet file through its reader: every repairs row on real text is counted."""
    group = totals[f"reader:{kind}"]
    group.files += 1
    source = SourceFile(path=path, source_file=path.name)
    records = extract_bytes(source, data, "", Settings())
    repairs = [r for r in records if isinstance(r, RepairRecord)]
    lines = {(r.doc_id, r.line) for r in repairs if r.kind not in NORMALIZATIONS}
    group.changed_lines += len(lines)
    group.normalized_lines += len({(r.doc_id, r.line) for r in repairs}) - len(lines)
    if lines and listing:
        kinds = Counter(r.kind for r in repairs if r.kind not in NORMALIZATIONS)
        group.wrong.append(f"{path}: {len(lines)} lines changed {dict(kinds)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--list", action="store_true", help="print each file decoded or repaired wrongly")
    args = parser.parse_args(argv)
    totals: dict[str, Group] = defaultdict(Group)
    for folder in args.folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.suffix in (".md", ".tsv", ".py", ".c", ".cs", ".csproj") or path.name == "CMakeLists.txt":
                continue
            data = path.read_bytes()
            kind = sniff_kind(path.name, data[:1024])
            if kind in TEXT_KINDS or expected_encoding(path) is not None:
                measure_text_file(path, data, totals, args.list)
            else:
                measure_other_file(path, data, kind, totals, args.list)
    print_table(totals, args.list)


def print_table(totals: dict[str, Group], listing: bool) -> None:
    print(
        f"{'group':14} {'files':>5} {'refused':>7} {'exact':>5} {'exact CN':>8} {'CER':>7} {'CER CN':>7}"
        f" {'CER path':>8} {'lines changed':>13} {'normalized':>10}"
    )
    for name, group in sorted(totals.items()):
        chars = max(1, group.chars)
        cer = (
            (f"{group.errors / chars:7.3f} {group.errors_cn / chars:7.3f} {group.errors_path / chars:8.3f}")
            if group.chars
            else f"{'-':>7} {'-':>7} {'-':>8}"
        )
        print(
            f"{name:14} {group.files:5} {group.refused:7} {group.exact:5} {group.exact_cn:8} {cer}"
            f" {group.changed_lines:13} {group.normalized_lines:10}"
        )
    if listing:
        for name, group in sorted(totals.items()):
            for line in group.wrong:
                print(f"[{name}] {line}")


if __name__ == "__main__":
    main()
