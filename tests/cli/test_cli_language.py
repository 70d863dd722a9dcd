"""The command line follows the language: help and usage errors, click's own messages included.

These tests pin the wording of the installed typer/click: when a new version rewords a
message, the bokmål catalogue (samarbeid/locale/nb/LC_MESSAGES/click.po) needs the new msgid.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from samarbeid.cli import app
from samarbeid.i18n.command_line import ClickWords, language_from

ENGLISH = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "Missing",
    "No such",
    "Invalid value",
    "is not one of",
    "Try ",
    "Error:",
    "for help",
    "unexpected",
    "Show this message",
    "required",
)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"SAMARBEID_LANG": "", **(env or {})})
    return result.exit_code, result.output


def assert_bokmal(text: str) -> None:
    assert [word for word in ENGLISH if word in text] == [], text


def test_missing_role_reads_well_in_bokmal() -> None:
    code, out = run("assess", "prosjekt.yaml")
    assert code == 2
    assert out == (
        "Bruk: samarbeid assess [VALG] FIL\n"
        "Skriv «samarbeid assess -h» for å få hjelp.\n\n"
        "Feil: Mangler valget '--role'. Velg mellom:\n\tkommune,\n\tentreprenor\n"
    )


@pytest.mark.parametrize("how", ["--lang en", "--lang=en", "env"])
def test_missing_role_in_english(how: str) -> None:
    args = ["assess", "prosjekt.yaml"] + (how.split() if how != "env" else [])
    code, out = run(*args, env={"SAMARBEID_LANG": "en"} if how == "env" else None)
    assert code == 2
    assert "Usage: samarbeid assess [OPTIONS] FILE" in out
    assert "Try 'samarbeid assess -h' for help." in out
    assert "Error: Missing option '--role'. Choose from:" in out


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (["report", "--xyz", "a.yaml"], "Feil: Ukjent valg: --xyz"),
        (["report", "--fail-o", "x"], "Feil: Ukjent valg: --fail-o (mente du --as-of, --detail, --fail-on?)"),
        (
            ["report", "-f", "xx", "a.yaml"],
            "Feil: Ugyldig verdi for '--format' / '-f': "
            "'xx' er ikke blant 'terminal', 'markdown', 'html', 'json', 'pdf'.",
        ),
        (
            ["report", "--as-of", "2020-13-45", "a.yaml"],
            "Feil: Ugyldig verdi for '--as-of': '2020-13-45' er ikke en dato. "
            "Skriv DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD, for eksempel 01.12.2026 eller 2026-12-01.",
        ),
        (["batch", "-j", "x", "."], "Feil: Ugyldig verdi for '--jobs' / '-j': skriv et heltall"),
        (["validate"], "Feil: Mangler argumentet 'FIL...'."),
        (["--lang", "nn", "batch"], "Feil: Manglar argumentet 'FIL|MAPPE...'."),
        (["report", "a.yaml", "--fail-on"], "Feil: Valget '--fail-on' trenger en verdi."),
        (["frob"], "Feil: Ukjent kommando 'frob'."),
        (["rapport"], "Feil: Ukjent kommando 'rapport'. Mente du 'report', 'import'?"),
        (["--lang", "nn", "rapport"], "Feil: Ukjend kommando 'rapport'. Meinte du 'report', 'import'?"),
        (["schema", "answers", "extra"], "Feil: Uventede ekstra argumenter (extra)"),
    ],
)
def test_usage_errors_in_bokmal(args: list[str], want: str) -> None:
    code, out = run(*args)
    assert code == 2
    assert out.rstrip("\n").splitlines()[-1] == want
    assert_bokmal(out)


def test_bad_language_value_is_reported_in_bokmal() -> None:
    code, out = run("--lang", "de", "report", "a.yaml")
    assert code == 2
    assert (
        "Feil: Ugyldig verdi for '--lang' (miljøvariabel 'SAMARBEID_LANG'): "
        "'de' er ikke blant 'nb', 'nn', 'en'." in out
    )


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["rubric", "--help"], ["assess", "-h"]])
def test_help_is_in_bokmal_by_default(args: list[str]) -> None:
    code, out = run(*args)
    assert code == 0
    assert out.startswith("Bruk: samarbeid")
    assert_bokmal(out)
    assert "Valg:" in out
    assert "Vis denne hjelpen og avslutt." in out


def test_help_headings_and_texts_in_bokmal() -> None:
    out = run("report", "--help")[1]
    assert "Argumenter:" in out
    assert "[standard: never]" in out
    assert "[påkrevd]" in out
    assert "Rapport for ett prosjekt" in out
    top = run("--help")[1]
    assert "Kommandoer:" in top
    assert "Bruk: samarbeid [VALG] KOMMANDO [ARGUMENTER]..." in top


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_command_list_shows_whole_summaries(lang: str) -> None:
    """Each command's summary is a whole sentence, never cut with «...»."""
    out = run("--lang", lang, "--help")[1]
    commands = out.split("Comm" if lang == "en" else "Komm", 1)[1].splitlines()[1:]
    assert len(commands) == 10
    for line in commands:
        assert line.endswith(".") and "..." not in line, line


@pytest.mark.parametrize(("lang", "word"), [("nb", "FIL"), ("nn", "FIL"), ("en", "FILE")])
def test_help_names_the_argument_as_usage_shows_it(lang: str, word: str) -> None:
    out = run("--lang", lang, "init", "--help")[1]
    assert f"[{word}]" in out.splitlines()[0]
    assert f"Skriv over {word} " in out or f"Overwrite {word} " in out
    assert "FILE" not in out or lang == "en"


@pytest.mark.parametrize("env", [{"SAMARBEID_LANG": "en"}, None])
def test_help_in_english(env: dict[str, str] | None) -> None:
    out = run("report", "--help", env=env)[1] if env else run("--lang", "en", "report", "--help")[1]
    assert out.startswith("Usage: samarbeid report [OPTIONS]")
    for word in (
        "Arguments:",
        "Options:",
        "[default: never]",
        "[required]",
        "Show this message and exit.",
        "One project's report",
    ):
        assert word in out


def test_no_command_shows_the_help_in_bokmal() -> None:
    code, out = run()
    assert code == 2
    assert "Kommandoer:" in out


def test_the_language_is_known_before_parsing() -> None:
    env: dict[str, str] = {}
    assert language_from(["report", "--lang", "en"], env) == "en"
    assert language_from(["--lang=en", "report"], env) == "en"
    assert language_from(["report", "--", "--lang", "en"], env) == "nb"
    assert language_from(["report"], {"SAMARBEID_LANG": "en"}) == "en"
    assert language_from(["--lang", "en"], {"SAMARBEID_LANG": "nb"}) == "en"
    assert language_from(["--lang", "xx"], {}) == "nb"


def test_english_has_no_click_catalogue() -> None:
    assert ClickWords("en").message("Error: Missing option '--role'.") == "Error: Missing option '--role'."


def test_the_console_script_speaks_bokmal() -> None:
    """The real entry point (argv, not CliRunner): bokmål by default, English with --lang."""
    env = {k: v for k, v in os.environ.items() if k != "SAMARBEID_LANG"}
    cmd = [sys.executable, "-c", "from samarbeid.cli import main; main()"]
    nb = subprocess.run([*cmd, "assess", "x.yaml"], capture_output=True, text=True, env=env)
    assert (nb.returncode, nb.stdout) == (2, "")
    assert "Feil: Mangler valget '--role'." in nb.stderr
    en = subprocess.run([*cmd, "assess", "x.yaml", "--lang", "en"], capture_output=True, text=True, env=env)
    assert "Error: Missing option '--role'." in en.stderr
