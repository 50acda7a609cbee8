"""Write constraints.txt: the exact versions of assoc-pipeline's dependencies (with [test,spark]).

    python3 tools/refresh_constraints.py                  # newest versions, in a fresh venv
    python3 tools/refresh_constraints.py --venv .venv     # the versions a venv holds (the tested one)

Only the project's dependency closure is written (what ``pip install -e '.[test,spark]'`` pulls in),
not whatever else the venv holds. Then run the tests with the new file
(``pip install -c constraints.txt -e '.[test,spark]'`` in a new venv, then ``python -m pytest``) and
commit it when they pass. docs/dependencies.md says when to refresh.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXTRAS = "test,spark"

#: Run by the venv's python: the ``name==version`` of every distribution the project needs.
CLOSURE = """
import json
import sys
from importlib.metadata import PackageNotFoundError, distribution
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

pinned, visited = {}, set()
pending = [(req.name, frozenset(req.extras)) for req in map(Requirement, json.loads(sys.argv[1]))]
while pending:
    name, extras = pending.pop()
    try:
        dist = distribution(name)
    except PackageNotFoundError:  # a dependency for another platform
        continue
    key = canonicalize_name(dist.metadata["Name"])
    if (key, extras) in visited:
        continue
    visited.add((key, extras))
    pinned[key] = dist.version
    environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
    for line in dist.requires or []:
        req = Requirement(line)
        if req.marker is None or any(req.marker.evaluate(env) for env in environments):
            pending.append((req.name, frozenset(req.extras)))
print("\\n".join(f"{name}=={version}" for name, version in sorted(pinned.items())))
"""


def requirements() -> list[str]:
    """The project's own requirements, core and extras ``EXTRAS``, as pyproject.toml states them (an
    installed copy's metadata may be older)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [*project["dependencies"], *(line for name in EXTRAS.split(",") for line in extras[name])]


def closure(python: Path) -> str:
    """``name==version`` lines of the project's dependencies installed for ``python``."""
    return subprocess.run(
        [str(python), "-c", CLOSURE, json.dumps(requirements())], check=True, capture_output=True, text=True
    ).stdout


def fresh_venv(folder: Path) -> Path:
    """A new venv in ``folder`` holding the project with the newest versions pip finds."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", f"{REPO}[{EXTRAS}]"], check=True)
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--venv", type=Path, help="freeze this venv instead of a fresh one")
    parser.add_argument("--out", type=Path, default=REPO / "constraints.txt")
    args = parser.parse_args()
    header = (
        "# The versions CI tested: pip install -c constraints.txt -e '.[test,spark]'.\n"
        "# Refresh: python3 tools/refresh_constraints.py (docs/dependencies.md).\n"
    )
    if args.venv is not None:
        pins = closure(args.venv / "bin" / "python")
    else:
        with tempfile.TemporaryDirectory(prefix="constraints-") as folder:
            pins = closure(fresh_venv(Path(folder)))
    args.out.write_text(header + pins, encoding="utf-8")
    print(f"{args.out}: {len(pins.splitlines())} pinned versions", file=sys.stderr)


if __name__ == "__main__":
    main()
