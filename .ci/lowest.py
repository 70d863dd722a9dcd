"""Write pip constraints that pin every direct requirement to its lowest allowed version.

Reads ``[build-system] requires``, ``[project] dependencies`` and the ``test`` extra from
pyproject.toml and prints one ``name==version`` line per requirement, the version being its
``>=`` lower bound. .ci/run installs ``.[test]`` with these constraints (as ``PIP_CONSTRAINT``,
so that they hold for the isolated build of the wheel too) into a second venv and runs the
tests there, so a lower bound in pyproject.toml is a version known to work (a "lowest-direct"
resolution: the requirements' own dependencies resolve as usual).

A requirement without a ``>=`` bound is an error: every bound must be one that CI checks.

With ``--python`` it prints the oldest Python that ``requires-python`` allows (``3.10``), for
.ci/run to find with pyenv.

Usage: python3 .ci/lowest.py [--python] [pyproject.toml] > constraints.txt   (Python 3.11+: tomllib)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

#: ``name[extras] >=version`` (further specifiers and an environment marker may follow)
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*(?:;.*)?$")
LOWER = re.compile(r">=\s*([0-9][A-Za-z0-9.+!-]*)")


def lowest(requirement: str) -> str:
    """``name==lower bound`` for one requirement string."""
    match = REQUIREMENT.match(requirement)
    if match is None:
        raise SystemExit(f".ci/lowest.py: cannot read the requirement {requirement!r}")
    name, specifiers = match.groups()
    bound = LOWER.search(specifiers)
    if bound is None:
        raise SystemExit(f".ci/lowest.py: {requirement!r} has no '>=' lower bound")
    return f"{name}=={bound.group(1)}"


def main(argv: list[str]) -> int:
    args = argv[1:]
    python = "--python" in args
    files = [a for a in args if a != "--python"]
    path = Path(files[0] if files else "pyproject.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    project = data["project"]
    if python:
        bound = LOWER.search(project["requires-python"])
        if bound is None:
            raise SystemExit(f".ci/lowest.py: requires-python {project['requires-python']!r} has no '>='")
        print(bound.group(1))
        return 0
    requirements = [
        *data.get("build-system", {}).get("requires", []),
        *project["dependencies"],
        *project["optional-dependencies"]["test"],
    ]
    pins: dict[str, str] = {}  # one line per name (babel builds the wheel and runs in the tests)
    for requirement in requirements:
        pin = lowest(requirement)
        key = pin.partition("==")[0].lower()
        first = pins.setdefault(key, pin)
        if first.partition("==")[2] != pin.partition("==")[2]:
            raise SystemExit(f".ci/lowest.py: two lower bounds for {key}: {first}, {pin}")
    print("\n".join(pins.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
