"""`samarbeid plan` writes a tiltaksplan (YAML, CSV, XLSX); the next `report` follows it up
(done, done while the problem remains, overdue, not started) in every format; a bad plan is
one positioned error and exit 2; a baseline shows a finding's change of severity."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from testkit import EXAMPLES, Cli, pdf_text

INDEROY = EXAMPLES / "inderoy-helsefag.yaml"
MADE = "2026-12-06"


@pytest.fixture
def round1(tmp_path: Path) -> Path:
    """A folder with the Inderøy answers, as a project keeps its files."""
    folder = tmp_path / "inderoy"
    folder.mkdir()
    shutil.copy(INDEROY, folder / "svar.yaml")
    return folder


def _plan(cli: Cli, answers: Path, *args: str | Path) -> str:
    result = cli("plan", answers, "--as-of", MADE, *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_plan_writes_yaml_that_reads_back_with_an_action_per_open_problem(cli: Cli, round1: Path) -> None:
    out = round1 / "tiltaksplan.yaml"
    _plan(cli, round1 / "svar.yaml", "-o", out)
    data = yaml.safe_load(out.read_text("utf-8"))
    assert (data["tiltaksplan"], data["project"], str(data["made"])) == (1, "inderoy-helsefag", MADE)
    report = json.loads(cli("report", round1 / "svar.yaml", "-f", "json", "--plan", out).stdout)
    open_problems = {f["id"] for f in report["findings"] if f["accepted"] is None and f["severity"] != "info"}
    assert {a["problem"] for a in data["actions"]} == open_problems
    assert [a["id"] for a in data["actions"]][: len(report["priorities"])] == [
        p["finding"] for p in report["priorities"]
    ]
    first = data["actions"][0]
    assert first["id"] == first["problem"]  # stable: the next round matches it
    assert (first["status"], str(first["deadline"])) == ("ikke_startet", "2027-03-06")
    assert first["owner"] in ("Kommunen", "Den sosiale entreprenøren", "Begge")
    assert first["what"] and first["title"]
    # refused over an existing plan, written with --force
    again = cli("plan", round1 / "svar.yaml", "-o", out)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert cli("plan", round1 / "svar.yaml", "-o", out, "--force").exit_code == 0


def test_plan_writes_csv_for_a_norwegian_excel(cli: Cli, round1: Path) -> None:
    out = round1 / "plan.csv"
    _plan(cli, round1 / "svar.yaml", "-o", out)
    text = out.read_text("utf-8")
    assert text.startswith("\ufeffTiltak-id;Problem;Alvorlighet;")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][0] == "avhengig-av-en-kjoper"
    assert rows[1][5:] == ["2027-03-06", "ikke startet"]
    assert all(len(r) == 7 for r in rows)


def test_plan_writes_xlsx_that_openpyxl_reads_back(cli: Cli, round1: Path) -> None:
    from openpyxl import load_workbook

    out = round1 / "plan.xlsx"
    _plan(cli, round1 / "svar.yaml", "-o", out, "--lang", "nn")
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Tiltak-id",
        "Problem",
        "Alvorsgrad",
        "Kva som skal gjerast",
        "Ansvarleg",
        "Frist",
        "Status",
    )
    assert rows[1][0] == "avhengig-av-en-kjoper"
    assert str(rows[1][5])[:10] == "2027-03-06" and rows[1][6] == "ikkje starta"


def test_plan_refuses_a_suffix_it_does_not_write(cli: Cli, round1: Path) -> None:
    result = cli("plan", round1 / "svar.yaml", "-o", round1 / "plan.pdf")
    assert result.exit_code == 2 and ".xlsx" in result.stderr
    assert not (round1 / "plan.pdf").exists()


def _second_round(cli: Cli, round1: Path) -> Path:
    """The plan edited by the team: one action done whose problem is gone (one-sided answers),
    one done whose problem remains, one overdue, the rest not started."""
    plan = round1 / "tiltaksplan.yaml"
    _plan(cli, round1 / "svar.yaml", "-o", plan)
    text = plan.read_text("utf-8")
    text = text.replace(
        "actions:\n",
        "actions:\n  - id: begge-svarer\n    problem: ensidig-besvart\n    owner: Kari Nordmann\n"
        "    deadline: 2027-01-15\n    status: ferdig\n",
        1,
    )
    done, overdue = "  - id: mangler-koordinator\n", "  - id: uklare-roller\n"
    head, rest = text.split(done)
    block, tail = rest.split("  - id: ", 1)
    text = head + done + block.replace("status: ikke_startet", "status: gjort") + "  - id: " + tail
    head, rest = text.split(overdue)
    block, tail = rest.split("  - id: ", 1)
    block = block.replace("deadline: 2027-03-06", "deadline: 2027-02-01").replace("ikke_startet", "pågår")
    plan.write_text(head + overdue + block + "  - id: " + tail, "utf-8")
    return plan


def test_report_follows_up_the_plan_next_to_the_answers_in_json(cli: Cli, round1: Path) -> None:
    _second_round(cli, round1)
    result = cli("report", round1 / "svar.yaml", "-f", "json", "--as-of", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    items = {i["id"]: i for i in json.loads(result.stdout)["follow_up"]}
    assert items["begge-svarer"]["state"] == "fixed" and items["begge-svarer"]["severity"] is None
    assert (items["mangler-koordinator"]["state"], items["mangler-koordinator"]["severity"]) == (
        "still_open",
        "critical",
    )
    assert items["uklare-roller"]["state"] == "overdue" and items["uklare-roller"]["status"] == "pagar"
    assert items["avhengig-av-en-kjoper"]["state"] == "not_started"
    assert items["begge-svarer"]["title"] == "Bare én av partene har svart"
    # before the deadline the same action is only under way
    early = json.loads(cli("report", round1 / "svar.yaml", "-f", "json", "--as-of", "2027-01-20").stdout)
    assert {i["id"]: i["state"] for i in early["follow_up"]}["uklare-roller"] == "in_progress"


def test_json_has_an_empty_follow_up_without_a_plan(cli: Cli) -> None:
    assert json.loads(cli("report", INDEROY, "-f", "json").stdout)["follow_up"] == []


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_each_human_format_shows_every_state(cli: Cli, round1: Path, fmt: str) -> None:
    plan = _second_round(cli, round1)
    moved = round1.parent / "plan-et-annet-sted.yaml"
    plan.rename(moved)  # given with --plan rather than found
    result = cli("report", round1 / "svar.yaml", "-f", fmt, "--as-of", "2027-03-01", "--plan", moved)
    assert result.exit_code == 0, result.stderr
    text = " ".join(str(result.stdout).split())
    assert "Oppfølging av tiltaksplanen" in text
    for words in ("gjort, men problemet står fortsatt", "forsinket", "ikke startet", "Kari Nordmann"):
        assert words in text
    assert "2027-02-01" in text
    if fmt == "html":  # well-formed, a row per action, its state as a class beside the word
        import xml.etree.ElementTree as ET

        section = ET.fromstring(result.stdout).find(".//section[@aria-labelledby='follow-up-h']")
        assert section is not None
        rows = [tr.get("class") for tr in section.iter("tr") if tr.get("class")]
        assert len(rows) == 16 and {"follow-up--fixed", "follow-up--still_open", "follow-up--overdue"} <= set(
            rows
        )


def test_the_pdf_shows_every_state_and_a_change_of_severity(cli: Cli, round1: Path, tmp_path: Path) -> None:
    plan = _second_round(cli, round1)
    out = tmp_path / "rapport.pdf"
    result = cli("report", round1 / "svar.yaml", "-o", out, "--as-of", "2027-03-01", "--plan", plan)
    assert result.exit_code == 0, result.stderr
    text = pdf_text(out.read_bytes())
    assert "Oppfølging av tiltaksplanen" in text
    for words in (
        "gjort, men problemet står fortsatt",
        "forsinket",
        "ikke startet",
        "Kari Nordmann",
        "2027-02-01",
    ):
        assert words in text


def test_english_names_the_states_in_english(cli: Cli, round1: Path) -> None:
    _second_round(cli, round1)
    text = cli(
        "report", round1 / "svar.yaml", "-f", "markdown", "--as-of", "2027-03-01", "--lang", "en"
    ).stdout
    assert "Follow-up of the action plan" in text and "done, but the problem remains" in text


def test_batch_passes_over_the_plan_in_the_folder(cli: Cli, round1: Path) -> None:
    _second_round(cli, round1)
    result = cli("batch", round1, "-f", "json")
    assert [p["project"]["id"] for p in json.loads(result.stdout)["projects"]] == ["inderoy-helsefag"]
    assert json.loads(result.stdout)["errors"] == []


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (("status: ikke_startet", "status: halvveis"), ":16:13: error: ", "ikke_startet"),
        (("deadline: 2027-03-06", "deadline: 6. mars"), ":15:15: error: ", "dato"),
        (("    note:\n", "    notat: x\n"), ":17:5: error: ", "notat"),
        (
            ("problem: avhengig-av-en-kjoper", "problem: avhengig-av-en-kjopr"),
            ":10:14: error: ",
            "avhengig-av-en-kjoper",
        ),
    ],
)
def test_a_bad_plan_is_one_positioned_error_and_exit_2(
    cli: Cli, round1: Path, edit: tuple[str, str], where: str, message: str
) -> None:
    plan = round1 / "tiltaksplan.yaml"
    _plan(cli, round1 / "svar.yaml", "-o", plan)
    plan.write_text(plan.read_text("utf-8").replace(*edit, 1), "utf-8")
    result = cli("report", round1 / "svar.yaml")
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(str(plan) + where) and message in line, line


def test_a_plan_of_another_project_is_refused(cli: Cli, round1: Path) -> None:
    plan = round1 / "tiltaksplan.yaml"
    _plan(cli, round1 / "svar.yaml", "-o", plan)
    plan.write_text(plan.read_text("utf-8").replace("project: inderoy-helsefag", "project: annet"), "utf-8")
    result = cli("report", round1 / "svar.yaml")
    assert result.exit_code == 2 and f"{plan}:6:10: error: " in result.stderr


def test_a_baseline_report_shows_a_change_of_severity(cli: Cli, tmp_path: Path) -> None:
    """Koordinator given time in part: «kritisk → høy» beside «Fortsatt åpne», in every format."""
    old = tmp_path / "2021.yaml"
    shutil.copy(INDEROY, old)
    new = tmp_path / "2022.yaml"
    text = INDEROY.read_text("utf-8").replace("assessed: 2021-06-15", "assessed: 2022-06-15")
    new.write_text(
        text.replace("koordinator-tid: nei", "koordinator-tid: delvis").replace(
            "kommunal-koordinator: delvis", "kommunal-koordinator: ja"
        ),
        "utf-8",
    )
    data = json.loads(cli("report", new, "--baseline", old, "-f", "json").stdout)
    (change,) = data["baseline"]["findings"]["changed"]
    assert (change["id"], change["before"], change["after"]) == ("mangler-koordinator", "critical", "high")
    assert change["title"]
    for fmt in ("terminal", "markdown", "html"):
        out = " ".join(str(cli("report", new, "--baseline", old, "-f", fmt).stdout).split())
        assert "Endret alvorlighet" in out and "kritisk → høy" in out, fmt
    pdf = tmp_path / "endring.pdf"
    assert cli("report", new, "--baseline", old, "-o", pdf).exit_code == 0
    assert "Endret alvorlighet" in pdf_text(pdf.read_bytes()) and "kritisk → høy" in pdf_text(
        pdf.read_bytes()
    )


def test_a_plan_given_as_an_answer_file_says_what_it_is(cli: Cli, round1: Path) -> None:
    plan = round1 / "tiltaksplan.yaml"
    _plan(cli, round1 / "svar.yaml", "-o", plan)
    result = cli("report", round1 / "svar.yaml", plan)
    assert result.exit_code == 2
    assert result.stderr == f"{plan}:5:1: error: dette er en tiltaksplan, ikke en svarfil; " + (
        "report finner den ved siden av svarfilene, eller gi den med --plan\n"
    )
