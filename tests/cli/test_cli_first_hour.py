"""A new user's first hour on the command line (issue 15): Norwegian spellings, a missing
--role in a terminal, parser errors that read well, readable help, the rendering faults, and
paths as Windows users have them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from samarbeid.cli import app
from samarbeid.vocab import ALIASES, FailOn, Role
from testkit import ROOT, Cli

EXAMPLES = ROOT / "examples"
INDEROY = EXAMPLES / "inderoy-helsefag.yaml"  # has critical findings


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"SAMARBEID_LANG": "", **(env or {})})
    return result.exit_code, result.output


def last_line(out: str) -> str:
    return out.rstrip("\n").splitlines()[-1]


# 1. Norwegian spellings on the command line


@pytest.mark.parametrize(
    ("norwegian", "english"),
    [
        ("kritisk", "critical"),
        ("høy", "high"),
        ("høg", "high"),
        ("middels", "medium"),
        ("lav", "low"),
        ("info", "info"),
        ("aldri", "never"),
        ("Kritisk", "critical"),
    ],
)
def test_fail_on_takes_the_norwegian_severities(cli: Cli, norwegian: str, english: str) -> None:
    said = cli("report", INDEROY, "-f", "json", "--fail-on", norwegian)
    meant = cli("report", INDEROY, "-f", "json", "--fail-on", english)
    assert said.exit_code == meant.exit_code
    assert said.exit_code == (0 if english == "never" else 1)


def test_batch_fail_on_takes_norwegian_too(cli: Cli) -> None:
    assert cli("batch", INDEROY, "--fail-on", "aldri", "--jobs", "1").exit_code == 0
    assert cli("batch", INDEROY, "--fail-on", "kritisk", "--jobs", "1").exit_code == 1


def test_every_fail_on_alias_names_a_member() -> None:
    assert {FailOn(v) for v in ALIASES[FailOn].values()} <= set(FailOn)
    assert {FailOn.parse(a) for a in ("kritisk", "høy", "middels", "lav", "aldri")} == set(FailOn) - {
        FailOn.info
    }


@pytest.mark.parametrize(("typed", "role"), [("entreprenør", "entreprenor"), ("kommunen", "kommune")])
def test_role_takes_the_norwegian_spellings(cli: Cli, typed: str, role: str) -> None:
    result = cli("init", "--role", typed, "--id", "x")
    assert result.exit_code == 0, result.stderr
    assert f"role: {role}" in result.stdout
    assert f"role: {Role.entreprenor if role == 'kommune' else Role.kommune}" not in result.stdout


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (
            ["report", "a.yaml", "--fail-on", "kritsk"],
            "Feil: Ugyldig verdi for '--fail-on': 'kritsk' er ikke blant 'never', 'critical', 'high', "
            "'medium', 'low', 'info'. Mente du kritisk?",
        ),
        (
            ["assess", "a.yaml", "--role", "kommun"],
            "Feil: Ugyldig verdi for '--role': 'kommun' er ikke blant 'kommune', 'entreprenor'. "
            "Mente du kommune?",
        ),
        (
            ["init", "--role", "entrepenør"],
            "Feil: Ugyldig verdi for '--role': 'entrepenør' er ikke blant 'kommune', 'entreprenor'. "
            "Mente du entreprenør?",
        ),
        (
            ["report", "a.yaml", "--fail-on", "xyz"],
            "Feil: Ugyldig verdi for '--fail-on': 'xyz' er ikke blant 'never', 'critical', 'high', "
            "'medium', 'low', 'info'.",
        ),
    ],
)
def test_a_close_miss_gets_a_did_you_mean(args: list[str], want: str) -> None:
    code, out = run(*args)
    assert code == 2
    assert last_line(out) == want


@pytest.mark.parametrize(
    ("lang", "want"),
    [
        ("nn", "'kommun' er ikkje blant 'kommune', 'entreprenor'. Meinte du kommune?"),
        ("en", "'kommun' is not one of 'kommune', 'entreprenor'. Did you mean kommune?"),
    ],
)
def test_the_did_you_mean_follows_the_language(lang: str, want: str) -> None:
    code, out = run("--lang", lang, "assess", "a.yaml", "--role", "kommun")
    assert code == 2
    assert last_line(out).endswith(want)
    assert "Value error" not in out


# 2. A missing --role in a terminal is a question


@pytest.fixture
def assess_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    from samarbeid.commands import assess

    calls: list[dict[str, Any]] = []

    def fake_run(file: Path, **kwargs: Any) -> int:
        calls.append({"file": file, **kwargs})
        return 0

    monkeypatch.setattr(assess, "run", fake_run)
    return calls


def at_a_terminal(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    from samarbeid import tty

    prompts: list[str] = []

    def read_line(prompt: str, hidden: bool = False) -> str:
        prompts.append(prompt)
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr(tty, "is_interactive", lambda: True)
    monkeypatch.setattr(tty, "read_line", read_line)
    return prompts


@pytest.mark.parametrize(
    ("answer", "role"), [("1", "kommune"), ("2", "entreprenor"), ("entreprenør", "entreprenor")]
)
def test_missing_role_at_a_terminal_asks_which_party(
    monkeypatch: pytest.MonkeyPatch, assess_calls: list[dict[str, Any]], answer: str, role: str
) -> None:
    prompts = at_a_terminal(monkeypatch, [answer])
    code, out = run("assess", "prosjekt.yaml")
    assert code == 0, out
    assert assess_calls[0]["roles"] == [role]
    assert out.startswith("Hvem svarer du for?\n  1. Kommune\n  2. Sosial entreprenør\n")
    assert prompts == ["Velg 1 eller 2: "]
    assert f"Neste gang kan du skrive --role {role}." in out


def test_the_question_is_asked_again_until_it_is_answered(
    monkeypatch: pytest.MonkeyPatch, assess_calls: list[dict[str, Any]]
) -> None:
    prompts = at_a_terminal(monkeypatch, ["3", "", "2"])
    code, out = run("--lang", "en", "assess", "prosjekt.yaml")
    assert code == 0, out
    assert out.startswith("Which party are you answering for?\n  1. Municipality\n  2. Social entrepreneur\n")
    assert out.count("Type 1 for the municipality or 2 for the social entrepreneur.") == 2
    assert prompts == ["Choose 1 or 2: "] * 3
    assert assess_calls[0]["roles"] == ["entreprenor"]


def test_the_question_in_nynorsk(monkeypatch: pytest.MonkeyPatch, assess_calls: list[dict[str, Any]]) -> None:
    prompts = at_a_terminal(monkeypatch, ["1"])
    code, out = run("--lang", "nn", "assess", "prosjekt.yaml")
    assert code == 0
    assert out.startswith("Kven svarer du for?\n  1. Kommune\n")
    assert prompts == ["Vel 1 eller 2: "]


def test_end_of_input_at_the_question_stops_without_a_trace(
    monkeypatch: pytest.MonkeyPatch, assess_calls: list[dict[str, Any]]
) -> None:
    at_a_terminal(monkeypatch, [])
    code, out = run("assess", "prosjekt.yaml")
    assert code == 130
    assert assess_calls == [] and "Traceback" not in out


def test_missing_role_without_a_terminal_stays_the_usage_error(assess_calls: list[dict[str, Any]]) -> None:
    code, out = run("assess", "prosjekt.yaml")
    assert code == 2
    assert "Feil: Mangler valget '--role'. Velg mellom:\n\tkommune,\n\tentreprenor" in out
    assert assess_calls == []


# 3. Dates and help


def test_as_of_takes_the_norwegian_date_form(cli: Cli) -> None:
    norwegian = cli("report", INDEROY, "-f", "json", "--as-of", "01.12.2026")
    iso = cli("report", INDEROY, "-f", "json", "--as-of", "2026-12-01")
    assert norwegian.exit_code == iso.exit_code == 0, norwegian.stderr
    assert norwegian.stdout == iso.stdout
    assert cli("report", INDEROY, "--as-of", "1.2.2026").exit_code == 0


@pytest.mark.parametrize(
    ("lang", "want"),
    [
        (
            "nb",
            "'31.02.2026' er ikke en dato. Skriv DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD, "
            "for eksempel 01.12.2026 eller 2026-12-01.",
        ),
        (
            "en",
            "'31.02.2026' is not a date. Write DD.MM.YYYY or YYYY-MM-DD, "
            "for example 01.12.2026 or 2026-12-01.",
        ),
    ],
)
def test_a_wrong_date_says_which_forms_work(lang: str, want: str) -> None:
    code, out = run("--lang", lang, "batch", ".", "--as-of", "31.02.2026")
    assert code == 2
    assert last_line(out).endswith(want)
    assert "%Y" not in out


COMMANDS = [
    ["report"],
    ["batch"],
    ["assess"],
    ["init"],
    ["validate"],
    ["form"],
    ["import"],
    ["rubric", "show"],
]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_readable_metavars(lang: str, command: list[str]) -> None:
    code, out = run("--lang", lang, *command, "--help")
    assert code == 0
    assert not re.search(r"<[^>]*>|\{\w+\}|list\[", out), out


def test_help_names_the_values_in_the_language() -> None:
    nb = run("report", "--help")[1]
    assert "Bruk: samarbeid report [VALG] FIL...\n" in nb
    assert "  FIL...  " in nb and "--as-of DATO" in nb and "--baseline FIL|MAPPE" in nb
    assert "--fail-on [never|critical|high|medium|low|info]" in nb
    assert "--unit TEKST" in run("assess", "-h")[1] and "--jobs TALL" in run("batch", "-h")[1]
    en = run("--lang", "en", "batch", "--help")[1]
    assert "Usage: samarbeid batch [OPTIONS] FILE|FOLDER...\n" in en
    assert "--as-of DATE" in en and "--jobs NUMBER" in en and "--sort [id|level]" in en
    assert "--jobs TAL" in run("--lang", "nn", "batch", "-h")[1]
    assert "Bruk: samarbeid init [VALG] [FIL]" in run("init", "-h")[1]


# 4. Rendering


def test_dimension_titles_never_wrap_at_80_columns(cli: Cli) -> None:
    for detail in ([], ["--detail"]):
        out = cli("--lang", "en", "report", EXAMPLES / "uenige-parter.yaml", *detail).stdout
        assert re.search(r"^Shared understanding +\d", out, re.M), out
        assert not re.search(r"^understanding", out, re.M)
        assert max(len(line) for line in out.splitlines()) <= 80


def test_junit_failure_type_is_the_worst_failing_severity(cli: Cli) -> None:
    xml = cli("batch", INDEROY, "-f", "junit", "--fail-on", "high", "--jobs", "1").stdout
    failure = ET.fromstring(xml).find(".//failure")
    assert failure is not None
    assert failure.get("type") == "critical"
    assert "high: " in (failure.get("message") or "")  # high findings fail the gate too
    for example in sorted(EXAMPLES.glob("*.yaml")):
        findings = json.loads(cli("report", example, "-f", "json").stdout)["findings"]
        worst = next(
            (sev for sev in ("critical", "high", "medium") if any(f["severity"] == sev for f in findings)),
            None,
        )
        junit = cli("batch", example, "-f", "junit", "--fail-on", "medium").stdout
        failure = ET.fromstring(junit).find(".//failure")
        assert (failure.get("type") if failure is not None else None) == worst, example.name


def batch_ids(cli: Cli, fmt: str, *args: str) -> list[str]:
    result = cli(
        "batch", *sorted(EXAMPLES.glob("*.yaml")), EXAMPLES / "delt", "-f", fmt, "--jobs", "2", *args
    )
    out = result.stdout
    if fmt == "json":
        return [p["project"]["id"] for p in json.loads(out)["projects"]]
    if fmt == "jsonl":
        return [json.loads(line)["project"]["id"] for line in out.splitlines() if '"project"' in line]
    if fmt == "csv":
        return [line.split(";")[0] for line in out.lstrip("\ufeff").splitlines()[1:]]
    if fmt == "junit":
        return [c.get("name") or "" for c in ET.fromstring(out).iter("testcase")]
    if fmt == "markdown":
        return re.findall(r"^\| \*\*.*?\*\* \(`([^`]+)`\)", out, re.M)
    if fmt == "html":
        return re.findall(r'<section[^>]* id="p-([^"]+)"', out)
    return re.findall(r"^([a-z0-9][a-z0-9-]+)\s", out, re.M)  # table


def worst_first(cli: Cli) -> list[str]:
    from samarbeid.result.portfolio import LEVEL_RANK
    from samarbeid.vocab import Level

    projects = json.loads(
        cli("batch", *sorted(EXAMPLES.glob("*.yaml")), EXAMPLES / "delt", "-f", "json").stdout
    )
    rows = [(LEVEL_RANK[Level(p["level"])], -p["risk"], p["project"]["id"]) for p in projects["projects"]]
    return [pid for *_, pid in sorted(rows)]


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "junit", "markdown", "html"])
def test_batch_sort_level_puts_the_worst_first_in_every_format(cli: Cli, fmt: str) -> None:
    want = worst_first(cli)
    assert len(want) >= 5
    assert batch_ids(cli, fmt, "--sort", "level") == want
    by_id = batch_ids(cli, fmt, "--sort", "id")
    assert by_id == sorted(want)
    if fmt != "html":
        assert batch_ids(cli, fmt) == by_id  # the default
    else:
        assert batch_ids(cli, fmt) == want  # the portfolio page is worst first unless told
    assert want[0] == "inderoy-helsefag"  # the one red project


def test_batch_markdown_shows_the_kommune(cli: Cli) -> None:
    out = cli("batch", INDEROY, EXAMPLES / "uenige-parter.yaml", "-f", "markdown").stdout
    assert "| Prosjekt | Kommune | Forståelse |" in out
    assert "|---|---|---:|---:|---:|---|---|" in out
    assert re.search(
        r"^\| \*\*Forkurs i helsefag for innvandrere\*\* \(`inderoy-helsefag`\) \| Inderøy kommune \|",
        out,
        re.M,
    )
    en = cli("--lang", "en", "batch", INDEROY, "-f", "markdown").stdout
    assert "| Project | Municipality |" in en


# 5. Windows: paths with spaces and backslashes, and the install


@pytest.fixture
def windows_like(tmp_path: Path) -> Path:
    """A folder named «Mine dokumenter» holding a file whose name has a backslash in it."""
    folder = tmp_path / "Mine dokumenter"
    folder.mkdir()
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="a backslash cannot be part of a file name on Windows")
def test_paths_with_spaces_and_backslashes_in_errors_and_reports(cli: Cli, windows_like: Path) -> None:
    good = windows_like / "prosjekt\\kommune 2026.yaml"
    good.write_text(INDEROY.read_text(encoding="utf-8"), encoding="utf-8")
    bad = windows_like / "rot\\fil.yaml"
    bad.write_text("project: [\n", encoding="utf-8")

    error = cli("validate", bad)
    assert error.exit_code == 2
    assert error.stderr.startswith(f"{bad}:"), error.stderr

    data = json.loads(cli("report", good, "-f", "json").stdout)
    assert data["files"] == [str(good)]
    detail = cli("report", good, "--detail").stdout
    assert "kommune 2026.yaml:" in detail.replace("\n", "")

    result = cli("batch", windows_like, "-f", "json", "--fail-on", "aldri")
    assert result.exit_code == 2  # the broken file
    out = json.loads(result.stdout)
    assert out["projects"][0]["files"] == [str(good)]
    assert out["errors"][0]["file"] == str(bad)
    assert f"{bad}:" in result.stderr
    junit = cli("batch", windows_like, "-f", "junit").stdout
    assert ET.fromstring(junit).find(".//error") is not None  # still well-formed XML


PIPX = os.environ.get("SAMARBEID_TEST_PIPX") == "1"


@pytest.mark.skipif(
    not PIPX, reason="slow (builds the wheel, installs pipx and the tool): SAMARBEID_TEST_PIPX=1"
)
def test_the_wheel_installs_and_runs_with_pipx(tmp_path: Path) -> None:
    """The README's one install line for every platform: ``pipx install`` of the checkout."""
    tools = tmp_path / "tools"
    venv.EnvBuilder(with_pip=True).create(tools)
    bindir = tools / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / ("python.exe" if sys.platform == "win32" else "python")
    quiet = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_PROGRESS_BAR": "off"}
    env = {**os.environ, **quiet, "PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin")}
    env.pop("SAMARBEID_LANG", None)

    def call(*args: str | Path) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(a) for a in args], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    call(python, "-m", "pip", "install", "-q", "pipx")
    call(python, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "dist", ROOT)
    (wheel,) = (tmp_path / "dist").glob("samarbeid-*.whl")
    call(python, "-m", "pipx", "install", wheel)
    exe = tmp_path / "bin" / ("samarbeid.exe" if sys.platform == "win32" else "samarbeid")
    assert "samarbeid" in call(exe, "--version").stdout
    report = call(exe, "report", INDEROY)
    assert report.stdout.startswith("Samarbeidshelse: Forkurs i helsefag")
