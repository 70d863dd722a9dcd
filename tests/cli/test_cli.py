"""The command line: formats, outputs and the exit codes of docs/design.md §8."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samarbeid import __version__
from testkit import DATA, MINI, Cli

ANSWERS = DATA / "mini-answers.yaml"  # fires high and medium findings, no critical


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"samarbeid {__version__}\n")


def test_help_lists_the_commands(cli: Cli) -> None:
    out = cli("--help").stdout
    for command in ("init", "validate", "report", "rubric", "schema"):
        assert command in out


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "json"])
def test_report_in_every_format_exits_0_by_default(cli: Cli, fmt: str) -> None:
    result = cli("--rubric", MINI, "report", ANSWERS, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "Miniprosjekt" in result.stdout


@pytest.mark.parametrize(
    ("fail_on", "code"), [("never", 0), ("critical", 0), ("high", 1), ("medium", 1), ("info", 1)]
)
def test_fail_on_gates_on_severity(cli: Cli, fail_on: str, code: int) -> None:
    assert cli("--rubric", MINI, "report", ANSWERS, "--fail-on", fail_on).exit_code == code


def test_options_may_come_after_the_command(cli: Cli) -> None:
    result = cli("report", ANSWERS, "--rubric", MINI, "--lang", "en", "-f", "json")
    data = json.loads(result.stdout)
    assert data["lang"] == "en"
    assert data["dimensions"]["forstaelse"]["title"] == "Shared understanding"


def test_json_report_has_the_contract_keys(cli: Cli) -> None:
    data = json.loads(cli("--rubric", MINI, "report", ANSWERS, "-f", "json").stdout)
    assert {
        "schema_version",
        "tool",
        "rubric",
        "project",
        "level",
        "score",
        "dimensions",
        "findings",
        "divergences",
        "respondents",
        "unanswered",
    } <= set(data)
    assert data["tool"] == {"name": "samarbeid", "version": __version__}
    assert data["rubric"] == {"id": "mini", "version": "0.1.0"}
    for dim in data["dimensions"].values():
        assert {"score", "level", "coverage"} <= set(dim)
    finding = data["findings"][0]
    assert {"id", "severity", "dimension", "title", "why", "action", "evidence"} <= set(finding)
    ev = finding["evidence"][0]
    assert (ev["file"], ev["line"], ev["value"]) == (str(ANSWERS), 16, "nei")


def test_output_file_is_written_and_stdout_stays_empty(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = cli("--rubric", MINI, "report", ANSWERS, "-f", "markdown", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Samarbeidshelse: Miniprosjekt")


def test_failed_run_never_truncates_an_existing_output(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("forrige rapport\n", encoding="utf-8")
    result = cli("--rubric", MINI, "report", tmp_path / "finnes-ikke.yaml", "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "forrige rapport\n"


def test_unwritable_output_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("--rubric", MINI, "report", ANSWERS, "-o", tmp_path / "ingen" / "mappe" / "r.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: kan ikke skrive")
    assert len(result.stderr.splitlines()) == 1


def test_missing_file_is_one_line_exit_2(cli: Cli) -> None:
    result = cli("report", "finnes-ikke.yaml")
    assert result.exit_code == 2
    assert result.stderr == "finnes-ikke.yaml:1:1: error: finner ikke filen\n"


def test_invalid_rubric_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("rubric: 1\n", encoding="utf-8")
    result = cli("--rubric", bad, "report", ANSWERS)
    assert result.exit_code == 2
    assert "error: mangler feltet 'id'" in result.stderr


def test_bad_argument_is_exit_2(cli: Cli) -> None:
    assert cli("report", ANSWERS, "--format", "pdf").exit_code == 2
    assert cli("report", ANSWERS, "--fail-on", "alvorlig").exit_code == 2


def test_internal_error_is_exit_70_with_a_pointer(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import samarbeid.commands.report as report

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(report, "assess_files", boom)
    result = cli("--rubric", MINI, "report", ANSWERS, "--lang", "en")
    assert result.exit_code == 70
    (line,) = result.stderr.splitlines()
    assert "internal error (ZeroDivisionError: division by zero" in line
    assert "This is a bug in samarbeid" in line


def test_validate_ok_and_broken(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "b.yaml"
    broken.write_text(
        "samarbeid: 1\nproject: {id: p}\nrespondents:\n  - role: kommune\n    answers: {felles-mal: 7}\n",
        encoding="utf-8",
    )
    ok = cli("--rubric", MINI, "validate", ANSWERS)
    assert ok.exit_code == 0
    bad = cli("--rubric", MINI, "validate", ANSWERS, broken, "--lang", "en")
    assert bad.exit_code == 2
    assert f"{broken}:5:27: error: invalid answer 7 to 'felles-mal'" in bad.stderr
    assert "1 of 2 files are valid" in bad.stderr


def test_init_writes_a_valid_blank_file_with_every_question(cli: Cli, tmp_path: Path) -> None:
    from samarbeid.rubric import load_rubric

    target = tmp_path / "Inderøy helsefag.yaml"
    result = cli("init", target)
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "id: inderoy-helsefag" in text
    rubric = load_rubric()
    for q in rubric.questions:
        assert f"      {q.id}:\n" in text
    assert cli("validate", target).exit_code == 0
    report = json.loads(cli("report", target, "-f", "json").stdout)
    assert report["level"] == "inconclusive"
    assert len(report["unanswered"]) == sum(len(rubric.questions_for(r)) for r in ("kommune", "entreprenor"))


def test_init_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("mine svar\n", encoding="utf-8")
    result = cli("init", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "mine svar\n"
    assert cli("init", target, "--force").exit_code == 0


def test_init_for_one_role_to_stdout(cli: Cli) -> None:
    out = cli("init", "--role", "entreprenor", "--id", "mitt-prosjekt", "--lang", "en").stdout
    assert "- role: entreprenor" in out and "- role: kommune" not in out
    assert "id: mitt-prosjekt" in out


def test_report_json_validates_against_the_report_schema(cli: Cli) -> None:
    import jsonschema

    schema = json.loads(cli("schema", "report").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    report = json.loads(cli("--rubric", MINI, "report", ANSWERS, "-f", "json").stdout)
    jsonschema.validate(report, schema)
    report["level"] = "purple"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema)


def test_answer_files_validate_against_the_answers_schema(cli: Cli) -> None:
    import jsonschema
    import yaml

    schema = json.loads(cli("schema", "answers").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(json.dumps(yaml.safe_load(ANSWERS.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)
