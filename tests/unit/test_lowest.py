""".ci/lowest.py: the constraints that pin every direct dependency to its lower bound, for
.ci/run's lowest-versions run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from testkit import ROOT

tomllib = pytest.importorskip("tomllib", reason="Python 3.11 or newer, as .ci/run has")

SCRIPT = ROOT / ".ci" / "lowest.py"


def run(pyproject: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(pyproject)], capture_output=True, text=True, check=False
    )


def lowest(folder: Path, dependencies: list[str], test: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the script on a pyproject.toml with these requirements."""
    quoted = lambda items: ", ".join(f"'{r}'" for r in items)  # noqa: E731
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(
        f"[project]\ndependencies = [{quoted(dependencies)}]\n"
        f"[project.optional-dependencies]\ntest = [{quoted(test)}]\ndev = ['ruff==0.17.6']\n",
        encoding="utf-8",
    )
    return run(pyproject)


def test_every_requirement_of_the_project_has_a_lower_bound() -> None:
    """The script refuses a requirement without one, so every name comes out pinned."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    requirements = [
        *data["build-system"]["requires"],
        *project["dependencies"],
        *project["optional-dependencies"]["test"],
    ]
    result = run(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stderr
    pinned = {line.partition("==")[0].lower() for line in result.stdout.splitlines()}
    assert pinned == {re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_a_requirement_in_the_build_and_the_tests_is_pinned_once(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[build-system]\nrequires = ['hatchling>=1.26.0', 'babel>=2.12.0']\n"
        "[project]\ndependencies = []\n[project.optional-dependencies]\ntest = ['Babel>=2.12.0']\n",
        encoding="utf-8",
    )
    result = run(pyproject)
    assert result.stdout.splitlines() == ["hatchling==1.26.0", "babel==2.12.0"]
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("Babel>=2.12.0", "babel>=2.13"))
    result = run(pyproject)
    assert result.returncode == 1
    assert result.stderr == ".ci/lowest.py: two lower bounds for babel: babel==2.12.0, babel==2.13\n"


def test_extras_markers_and_upper_bounds_are_read(tmp_path: Path) -> None:
    result = lowest(
        tmp_path,
        ['Pkg.Name[extra] >= 1.2.3, <2 ; python_version < "3.13"', "other>=0.26.0"],
        ["pytest>=8.0.0"],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Pkg.Name==1.2.3", "other==0.26.0", "pytest==8.0.0"]


@pytest.mark.parametrize("requirement", ["pyxform", "pyxform<5", "pyxform==4.5.0"])
def test_a_requirement_without_a_lower_bound_is_refused(tmp_path: Path, requirement: str) -> None:
    result = lowest(tmp_path, [], [requirement])
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f".ci/lowest.py: {requirement!r} has no '>=' lower bound\n"


def test_python_prints_the_oldest_python_the_project_allows() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--python", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, f">={result.stdout.strip()}") == (0, data["project"]["requires-python"])
