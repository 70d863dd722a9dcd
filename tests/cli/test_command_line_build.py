"""The console script builds only the command it runs (samarbeid/cli.py ``main``): typer builds
every registered command's options before it runs one, so a run that names a command
registers that one alone; anything else gets the whole command line."""

from __future__ import annotations

import sys
from typing import Any

import pytest
import typer.main

from samarbeid import cli

EVERY_COMMAND = {
    "init",
    "validate",
    "report",
    "plan",
    "batch",
    "assess",
    "form",
    "import",
    "schema",
    "rubric",
}


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["report", "a.yaml", "-f", "json"], "report"),
        (["--lang", "en", "report", "a.yaml"], "report"),
        (["--lang=nn", "validate", "a.yaml"], "validate"),
        (["--rubric", "report", "batch", "folder"], "batch"),  # «report» is --rubric's value
        (["-h"], None),
        (["--lang", "en"], None),
        ([], None),
        (["reprot"], "reprot"),
    ],
)
def test_the_command_is_found_after_the_groups_options(args: list[str], name: str | None) -> None:
    assert cli._command_named(args) == name


def _built(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[set[str], int]:
    """The commands the run built, and its exit code; the app has every command again after."""
    seen: set[str] = set()
    build = typer.main.get_command

    def spy(app: typer.Typer) -> Any:
        group = build(app)
        seen.update(group.commands)  # type: ignore[attr-defined]
        return group

    monkeypatch.setattr(typer.main, "get_command", spy)
    monkeypatch.setattr(sys, "argv", ["samarbeid", *args])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    assert len(cli.app.registered_commands) == 9 and len(cli.app.registered_groups) == 1
    return seen, int(ended.value.code or 0)


def test_a_named_command_is_built_alone(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    assert _built(monkeypatch, "--lang", "en", "schema", "report") == ({"schema"}, 0)
    assert '"$schema"' in capsys.readouterr().out
    assert _built(monkeypatch, "rubric", "check") == ({"rubric"}, 0)


def test_no_command_or_an_unknown_one_gets_the_whole_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    assert _built(monkeypatch, "--help") == (EVERY_COMMAND, 0)
    assert _built(monkeypatch, "--lang", "en", "reprot") == (EVERY_COMMAND, 2)
    assert "Did you mean 'report'" in capsys.readouterr().err
