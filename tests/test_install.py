"""The README's two set-up commands install the versions CI tested, and CI runs the README's test command."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_two_set_up_commands_use_the_constraints_and_ci_runs_the_second() -> None:
    install, test = readme_commands()
    assert "pip install -c constraints.txt -e . " in install
    assert "pip install -c constraints.txt -e '.[test,spark]'" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()
    assert ci[-1] == test


def test_constraints_pin_every_dependency_of_the_project() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [
        *project["dependencies"],
        *(d for extra in project["optional-dependencies"].values() for d in extra),
    ]
    pins = {
        canonicalize_name(name): version
        for name, version in re.findall(
            r"^([A-Za-z0-9_.-]+)==(\S+)$", (REPO / "constraints.txt").read_text(encoding="utf-8"), re.M
        )
    }
    unpinned = [line for line in wanted if canonicalize_name(Requirement(line).name) not in pins]
    assert unpinned == [], "run python3 tools/refresh_constraints.py (docs/dependencies.md)"
    outside = [
        line
        for line in wanted
        if pins[canonicalize_name(Requirement(line).name)] not in Requirement(line).specifier
    ]
    assert outside == [], "constraints.txt holds versions pyproject.toml excludes: refresh it"
