"""The README cannot drift: its opening commands, CI's test command and the command list."""

from __future__ import annotations

import re

from testkit import ROOT, Cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _opening_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_opens_with_install_and_run_then_install_and_test() -> None:
    run, test = _opening_commands()
    assert "pip install ." in run and "samarbeid report examples/" in run
    assert "pip install" in test and "pytest" in test


def test_ci_runs_the_readmes_test_command() -> None:
    _, test = _opening_commands()
    assert CI.rstrip().splitlines()[-1] == test


def test_the_example_in_the_first_command_exists() -> None:
    run, _ = _opening_commands()
    path = re.search(r"samarbeid report (\S+)", run)
    assert path is not None and (ROOT / path.group(1)).is_file()


def test_every_command_is_in_the_readme(cli: Cli) -> None:
    help_text = cli("--help").stdout
    commands = re.findall(r"^│? *([a-z]+) +", help_text.split("Commands")[1], re.M)
    assert {"init", "assess", "validate", "report", "batch", "rubric", "schema"} <= set(commands)
    for command in commands:
        assert f"`samarbeid {command}" in README, command
