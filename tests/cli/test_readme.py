"""The README and the repository cannot drift: the opening commands, CI's steps, the command list,
and no reference to a design document outside the repository."""

from __future__ import annotations

import re

from samarbeid.interview.engine import plan
from samarbeid.rubric.model import Rubric
from testkit import ROOT, Cli, repository_files

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _opening_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def _ci_commands() -> list[str]:
    """The commands .ci/run runs, in order (comments, blank lines and the shell's set-up left out)."""
    return [line.strip() for line in CI.splitlines() if line.startswith(".venv/bin/") or "&&" in line]


def test_readme_opens_with_install_and_run_then_install_and_test() -> None:
    run, test = _opening_commands()
    assert "pip install ." in run and "samarbeid report examples/" in run
    assert "pip install" in test and test.endswith(".venv/bin/pytest")


def test_readmes_test_command_is_plain_pytest_against_the_installed_package() -> None:
    _, test = _opening_commands()
    assert "-e" not in test.split() and "python -m pytest" not in test


def test_ci_runs_the_readmes_test_command_last_with_the_coverage_floor() -> None:
    _, test = _opening_commands()
    assert CI.rstrip().splitlines()[-1] == test + " --cov"


def test_ci_lints_checks_formatting_and_types_before_the_tests() -> None:
    _, test = _opening_commands()
    steps = [line for line in _ci_commands() if not line.startswith(("apt-get", "if "))]
    assert steps == [
        ".venv/bin/pip install -q '.[dev]'",
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/mypy --strict samarbeid",
        test + " --cov",
    ]
    assert "set -euo pipefail" in CI and "export SAMARBEID_TEST_INSTALLED=1" in CI


def test_ci_tests_the_lowest_allowed_versions_before_the_main_run() -> None:
    lines = [line.strip() for line in CI.splitlines()]
    install = lines.index(
        """PIP_CONSTRAINT="$PWD/.venv-lowest/constraints.txt" .venv-lowest/bin/pip install -q '.[test]'"""
    )
    assert lines[install - 1] == "python3 .ci/lowest.py > .venv-lowest/constraints.txt"
    assert '"$oldest" -m venv .venv-lowest' in lines[:install]
    tests = next(i for i, line in enumerate(lines) if line.startswith(".venv-lowest/bin/pytest"))
    assert lines.index(".venv/bin/mypy --strict samarbeid") < install < tests < len(lines) - 1


def test_the_example_in_the_first_command_exists() -> None:
    run, _ = _opening_commands()
    path = re.search(r"samarbeid report (\S+)", run)
    assert path is not None and (ROOT / path.group(1)).is_file()


def test_every_command_is_in_the_readme(cli: Cli) -> None:
    help_text = cli("--help").stdout
    listing = re.split(r"^(?:Commands|Kommandoer):", help_text, flags=re.M)[-1]  # help follows --lang
    commands = re.findall(r"^│? *([a-z]+) +", listing, re.M)
    assert {"init", "assess", "validate", "report", "batch", "rubric", "schema"} <= set(commands)
    for command in commands:
        assert f"`samarbeid {command}" in README, command


def test_no_file_refers_to_a_design_document_outside_the_repository() -> None:
    # Spelled in pieces so that this file does not find itself.
    outside = [("DESIGN" + ".md").encode(), ("../" + "shared").encode()]
    offenders = [
        name for name in repository_files() if any(needle in (ROOT / name).read_bytes() for needle in outside)
    ]
    assert not offenders, f"cite docs/design.md instead, in: {', '.join(offenders)}"


def test_the_design_document_keeps_its_section_numbers() -> None:
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"^## (\d+)\. ", design, re.M)]
    assert numbers == list(range(1, 13))
    cited: set[int] = set()
    for name in repository_files():
        text = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        cited |= {int(n) for n in re.findall(r"docs/design\.md §(\d+)", text)}
    assert cited <= set(numbers), "a citation names a section docs/design.md does not have"


def test_the_ci_snippet_installs_from_the_repository_or_a_wheel() -> None:
    """samarbeid is not on the package index: a bare ``pip install samarbeid`` would fail, and
    invite someone else to take the name."""
    snippet = re.search(r"```yaml\n- name: Helsesjekk.*?```", README, re.S)
    assert snippet is not None
    installs = [line.strip() for line in snippet.group(0).splitlines() if "pip install" in line]
    assert installs and all("git+https://" in line or line.rstrip().endswith(".whl") for line in installs)
    assert "pip install samarbeid\n" not in README and "pip install samarbeid " not in README


def test_the_readme_says_how_long_the_tests_take() -> None:
    assert re.search(r"testsuiten tar omkring \w+ minutter", README)


def test_the_checklist_shown_counts_the_questions_the_tool_asks(default_rubric: Rubric) -> None:
    """``[2/55]`` and «2 av 55» in the README and docs/assess.md: the kommune's question count."""
    asked = len(plan(default_rubric, ["kommune"]))
    assess_doc = (ROOT / "docs" / "assess.md").read_text(encoding="utf-8")
    totals = re.findall(r"\[\d+/(\d+)\]|\d+ av (\d+) (?:spørsmål|besvart)", README + assess_doc)
    assert len(totals) >= 4
    assert {int(a or b) for a, b in totals} == {asked}
