"""Real rosters: how many of the people a human counts in each file become members, and why the rest not.

    PYTHONPATH=. python -m benchmarks.real_rosters [FOLDER ...] [--expected FILE] [--work DIR] [--json]

Runs ``pipeline run --full`` over the roster files of the folders (default ``../shared/real``: its
``r*`` spreadsheets and the ``d04``/``d06`` forms), then prints per file: the person rows a human counts
(``benchmarks/real_rosters_expected.json``: counts made by hand, and a few names that must load), the
members loaded, the junk members (names no person has: labels, notes, headers), the expected names
missing, and every quarantine reason with its count (values masked: the reasons name the bad value).
A file without a hand count shows ``?`` and is left out of the share. The files are linked into a
scratch folder, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from pipeline import runner
from pipeline.settings import Settings

DEFAULT_FOLDER = Path(__file__).resolve().parents[1].parent.parent / "shared" / "real"
EXPECTED = Path(__file__).with_name("real_rosters_expected.json")
_ROSTER_SUFFIXES = (".xlsx", ".xls", ".csv")
#: In the shared folder the roster files start with r; d04 (a CV) and d06 (a registration form) are forms.
_SHARED_FORMS = ("d04_", "d06_")
#: What no person's name holds: a label colon, brackets, digits, an address sign, roster words.
_JUNK = re.compile(
    r"[：:（）()【】\[\]@#\d]|经历|委员|单位|合计|总计|名单|排名|序号|姓名|说明|备注|填表|^[\u3400-\u9fff]{6,}$"
)
_VALUE = re.compile(r"^((?:name|gender|birth date|ID number|phone|e-mail|postcode|join date)) .+? "
                    r"((?:is|was|fails|holds|runs|differs|ends) .*)$")  # fmt: skip


@dataclass
class FileResult:
    file: str
    persons: int | None
    members: int
    junk: list[str] = field(default_factory=list)
    missing_names: list[str] = field(default_factory=list)
    quarantine: dict[str, int] = field(default_factory=dict)


def roster_files(folder: Path) -> list[Path]:
    """The roster and form files of ``folder`` (recursively); in the shared folder only its r*/d04/d06."""
    files = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() in _ROSTER_SUFFIXES]
    if folder.resolve() == DEFAULT_FOLDER.resolve():
        files = [p for p in files if p.name.startswith("r")]
        files += [p for p in sorted(folder.iterdir()) if p.name.startswith(_SHARED_FORMS)]
    return files


def reason_kind(reason: str) -> str:
    """A quarantine reason without its row number and values, so equal causes count together.

    >>> reason_kind("row 7: phone 44445555 is not a mobile (11 digits) or a landline number")
    'phone … is not a mobile (… digits) or a landline number'
    >>> reason_kind("row 4: name 'a@b.cn; c@d.cn' is not a person's name")
    "name … is not a person's name"
    """
    parts = []
    reason = re.sub(r"'[^']*'", "'…'", re.sub(r"[^\s;']+@[^\s;']+", "…@…", reason))  # quoted values, e-mails
    for part in re.sub(r"^row \d+(, column \w+)?: ", "", reason).split("; "):
        part = re.sub(r"^.*?, sheet [^:]*: ", "", part)
        m = _VALUE.match(part)
        part = f"{m[1]} … {m[2]}" if m else part
        parts.append(re.sub(r"\d+", "…", part)[:90])
    return "; ".join(parts)


def measure(files: list[Path], expected: dict[str, dict], work: Path) -> list[FileResult]:
    """Run the pipeline over ``files`` (linked into ``work``/raw) and count per file."""
    raw = work / "raw"
    raw.mkdir(parents=True)
    for path in files:
        (raw / path.name).symlink_to(path.resolve())
    settings = Settings(raw=raw, staged=work / "staged", warehouse=work / "wh.duckdb", full=True)
    runner.run(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        names = con.sql("SELECT source_file, name FROM member_sources").fetchall()
        reasons = con.sql("SELECT source_file, reason FROM quarantine").fetchall()
    out = []
    for path in files:
        loaded = [name for source, name in names if source == path.name]
        hand = expected.get(path.name, {})
        out.append(
            FileResult(
                file=path.name,
                persons=hand.get("persons"),
                members=len(loaded),
                junk=[name for name in loaded if _JUNK.search(name or "")],
                missing_names=[name for name in hand.get("names", []) if name not in loaded],
                quarantine=dict(Counter(reason_kind(r) for s, r in reasons if s == path.name)),
            )
        )
    return out


def report(results: list[FileResult]) -> str:
    """The per-file table, the totals and the share of the counted people loaded."""
    lines = [f"{'file':44} {'persons':>7} {'members':>7} {'junk':>4}  quarantine (count × reason)"]
    for r in results:
        persons = "?" if r.persons is None else str(r.persons)
        reasons = "; ".join(f"{n}× {kind}" for kind, n in sorted(r.quarantine.items(), key=lambda x: -x[1]))
        lines.append(f"{r.file[:44]:44} {persons:>7} {r.members:>7} {len(r.junk):>4}  {reasons[:160]}")
        if r.missing_names:
            lines.append(f"{'':44} expected names not loaded: {len(r.missing_names)}")
    counted = [r for r in results if r.persons is not None]
    persons = sum(r.persons or 0 for r in counted)
    loaded = sum(min(r.members - len(r.junk), r.persons or 0) for r in counted)
    junk = sum(len(r.junk) for r in results)
    share = loaded / persons if persons else 0.0
    lines.append(f"counted files {len(counted)}: {loaded} of {persons} persons loaded ({share:.0%})")
    lines.append(f"junk members {junk}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT_FOLDER])
    parser.add_argument("--expected", type=Path, default=EXPECTED)
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON, not a table")
    args = parser.parse_args(argv)
    expected = json.loads(args.expected.read_text(encoding="utf-8")) if args.expected.exists() else {}
    files = [path for folder in args.folders for path in roster_files(folder)]
    if not files:
        sys.exit(f"no roster files (.xlsx, .xls, .csv) in {', '.join(map(str, args.folders))}")
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        results = measure(files, expected.get("files", {}), Path(scratch))
    if args.json:
        print(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
    else:
        print(report(results))


if __name__ == "__main__":
    main()
