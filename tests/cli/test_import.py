"""`samarbeid import`: survey exports → answer files (docs/import.md). The fixtures in
tests/fixtures/import/ are shaped like each platform's real exports (see their README)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from testkit import TESTS, Cli

FIX = TESTS / "fixtures" / "import"
PERSONAL = (
    "kari.nordmann@example.no",
    "ola@example.no",
    "per.hansen@example.no",
    "Per Hansen",
    "kari_n",
    "random@gmail.com",
    "10.0.0.12",
    "entrepreneur",
    "anonymous",
)


def imported(
    cli: Cli, tmp_path: Path, *args: str | Path, out: str = "svar.yaml"
) -> tuple[dict[str, Any], Any]:
    target = tmp_path / out
    result = cli("import", *args, "--partial", "-o", target)
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    for secret in PERSONAL:
        assert secret not in text
    assert cli("validate", target).exit_code == 0
    return yaml.safe_load(text), result


def column_warnings(stderr: str) -> list[str]:
    """The warnings about single columns (not the one about the questions a partial export lacks)."""
    return [line for line in stderr.splitlines() if ": warning: " in line and ":1:1: warning: " not in line]


def answers(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["source"]: r["answers"] for r in data["respondents"]}


def test_nettskjema_csv_report_imports_every_answer_and_no_personal_data(cli: Cli, tmp_path: Path) -> None:
    data, result = imported(
        cli, tmp_path, FIX / "nettskjema_kommune.csv", "--role", "kommune", "--project-id", "p"
    )
    assert answers(data) == {
        "nettskjema:31000": {
            "felles-mal": 4,
            "samskaping": 5,
            "politisk-forankring": "vet_ikke",
            "kommunal-koordinator": "ja",
            "koordinator-tid": "delvis",
        },
        "nettskjema:31007": {
            "felles-mal": 2,
            "samskaping": 3,
            "politisk-forankring": "ikke_relevant",
            "kommunal-koordinator": "nei",
            "koordinator-tid": "nei",
        },
        "nettskjema:31012": {
            "felles-mal": 5,
            "politisk-forankring": "ja",
            "kommunal-koordinator": "ja",
            "koordinator-tid": "ja",
        },
    }
    first = data["respondents"][0]
    assert (first["role"], first["unit"]) == ("kommune", "Helse og omsorg")
    assert first["comments"] == {"felles-mal": "Vi har et felles mål, men det står ikke skriftlig."}
    assert "name" not in first
    assert {r["role"] for r in data["respondents"]} == {"kommune"}
    # the e-mail element is named as an unknown column, by position
    assert "nettskjema_kommune.csv:1:C («epost»): warning: " in result.stderr and "epost" in result.stderr


def test_microsoft_forms_workbook_imports_by_question_text_and_labels(cli: Cli, tmp_path: Path) -> None:
    data, _ = imported(
        cli, tmp_path, FIX / "msforms_entreprenor.xlsx", "--role", "entreprenor", "--project-id", "p"
    )
    assert answers(data) == {
        "msforms:1": {
            "felles-mal": 5,
            "kommunal-koordinator": "delvis",
            "kapasitet-entreprenor": 2,
        },
        "msforms:2": {
            "felles-mal": 4,
            "kommunal-koordinator": "vet_ikke",
            "kapasitet-entreprenor": 4,
        },
    }
    assert [r.get("unit") for r in data["respondents"]] == ["Daglig leder", None]
    assert data["respondents"][0]["comments"] == {"felles-mal": "Vi er enige om målet."}
    assert {r["role"] for r in data["respondents"]} == {"entreprenor"}


def test_kobo_label_export_skips_the_hxl_row_and_pairs_comments_by_position(cli: Cli, tmp_path: Path) -> None:
    data, result = imported(
        cli, tmp_path, FIX / "kobo_kommune_labels.csv", "--role", "kommune", "--project-id", "p"
    )
    assert answers(data) == {
        "kobo:48583952-1892-4931-8d9c-869e7b49bafb": {
            "felles-mal": 4,
            "samskaping": "vet_ikke",
            "kommunal-koordinator": "ja",
        },
        "kobo:317ba7b7-bea4-4a8c-8620-a483c3079c4b": {
            "felles-mal": 1,
            "samskaping": "ikke_relevant",
            "kommunal-koordinator": "delvis",
        },
    }
    assert data["respondents"][0]["comments"] == {"felles-mal": "Mest enige."}
    assert not column_warnings(result.stderr)


def test_kobo_xml_export_strips_group_prefixes(cli: Cli, tmp_path: Path) -> None:
    data, _ = imported(
        cli, tmp_path, FIX / "kobo_entreprenor_xml.csv", "--role", "entreprenor", "--project-id", "p"
    )
    (entry,) = data["respondents"]
    assert entry["answers"] == {"felles-mal": 5, "kommunal-koordinator": "delvis", "kapasitet-entreprenor": 2}
    assert entry["comments"] == {"felles-mal": "Line one\nline two"}
    assert entry["unit"] == "Daglig leder"


def test_limesurvey_skips_incomplete_responses_with_a_note(cli: Cli, tmp_path: Path) -> None:
    data, result = imported(
        cli,
        tmp_path,
        FIX / "limesurvey_kommune.csv",
        "--role",
        "kommune",
        "--project-id",
        "p",
        "--lang",
        "en",
    )
    assert answers(data) == {
        "limesurvey:12": {"felles-mal": 4, "kommunal-koordinator": "ja"},
        "limesurvey:14": {"felles-mal": "vet_ikke", "kommunal-koordinator": "nei"},
    }
    assert "skipped 1 response that was never completed" in result.stderr


@pytest.mark.parametrize("name", ["nettskjema_legacy_kommune.txt", "nettskjema_utf16.txt"])
def test_tab_separated_and_utf16_exports_are_read(cli: Cli, tmp_path: Path, name: str) -> None:
    data, _ = imported(cli, tmp_path, FIX / name, "--role", "kommune", "--project-id", "p")
    assert all(r["source"].startswith("nettskjema:") for r in data["respondents"])
    assert all(r["answers"] for r in data["respondents"])


def test_a_bad_value_is_exit_2_naming_file_row_and_column_and_nothing_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "svar.yaml"
    bad = FIX / "nettskjema_bad_value.csv"
    result = cli(
        "import", bad, "--role", "kommune", "--project-id", "p", "--partial", "-o", target, "--lang", "en"
    )
    assert result.exit_code == 2
    assert f"{bad}:3:E («felles-mal»): error: '7' is not an answer to 'felles-mal'" in result.stderr
    assert not target.exists()


def test_reimporting_the_same_export_adds_nothing_and_keeps_the_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "svar.yaml"
    target.write_text(
        "# our project\nsamarbeid: 1\nproject:\n  id: p  # keep me\nrespondents:\n"
        "  - role: entreprenor\n    unit: Daglig leder\n    answers:\n      felles-mal: 3\n",
        encoding="utf-8",
    )
    export = FIX / "nettskjema_kommune.csv"
    first = cli("import", export, "--role", "kommune", "--into", target, "--partial", "--lang", "en")
    assert first.exit_code == 0, first.stderr
    after_first = target.read_text(encoding="utf-8")
    assert "# keep me" in after_first and "# our project" in after_first
    data = yaml.safe_load(after_first)
    assert len(data["respondents"]) == 4
    assert data["respondents"][0] == {
        "role": "entreprenor",
        "unit": "Daglig leder",
        "answers": {"felles-mal": 3},
    }
    again = cli("import", export, export, "--role", "kommune", "--into", target, "--partial", "--lang", "en")
    assert again.exit_code == 0, again.stderr
    assert "added 0 respondents (3 imported before)" in again.stderr
    assert target.read_text(encoding="utf-8") == after_first
    assert cli("validate", target).exit_code == 0


@pytest.mark.parametrize(
    ("export", "role", "times"),
    [
        ("msforms_entreprenor.xlsx", "entreprenor", ("2025-03-04T09:00:22", "2025-03-04T11:01:25")),
        ("limesurvey_kommune.csv", "kommune", ("2025-03-07 12:01:44", "2025-03-07 13:22:05")),
    ],
)
def test_no_answer_time_is_kept_and_a_file_with_the_old_timed_source_gets_nothing_twice(
    cli: Cli, tmp_path: Path, export: str, role: str, times: tuple[str, str]
) -> None:
    """The source is the platform's id alone (an answer's time can tell who answered); a file
    written by an earlier version, whose source has the time after the id, is re-imported as
    the same submissions."""
    data, _ = imported(cli, tmp_path, FIX / export, "--role", role, "--project-id", "p")
    text = (tmp_path / "svar.yaml").read_text(encoding="utf-8")
    assert not [x for x in times if x in text]
    sources = [r["source"] for r in data["respondents"]]
    old = text
    for source, time in zip(sources, times, strict=True):
        old = old.replace(f"source: {source}\n", f"source: '{source}@{time}'\n")
    assert old != text
    target = tmp_path / "gammel.yaml"
    target.write_text(old, encoding="utf-8")
    again = cli("import", FIX / export, "--role", role, "--into", target, "--partial", "--lang", "en")
    assert again.exit_code == 0, again.stderr
    assert target.read_text(encoding="utf-8") == old


def test_into_a_file_of_another_project_is_refused(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "svar.yaml"
    target.write_text("samarbeid: 1\nproject:\n  id: annet\n", encoding="utf-8")
    result = cli(
        "import", FIX / "nettskjema_kommune.csv", "--role", "kommune", "--into", target, "--project-id", "p"
    )
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("samarbeid: 1\nproject:\n  id: p\n", "it is an answer file"),
        ('{"schema_version": 2, "level": "red"}\n', "it looks like a report"),
        ("a,b\n1,2\n", "none of the columns"),
    ],
)
def test_a_file_that_is_not_an_export_is_an_error(
    cli: Cli, tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    result = cli("import", path, "--role", "kommune", "--project-id", "p", "--lang", "en")
    assert result.exit_code == 2
    assert f"{path}:1:1: error: this is not a survey export: {reason}" in result.stderr


def test_an_empty_export_is_an_error(cli: Cli, tmp_path: Path) -> None:
    empty, header_only = tmp_path / "empty.csv", tmp_path / "header.csv"
    empty.write_bytes(b"")
    header_only.write_text('"$submission_id";"$created";"felles-mal";"$answer_time_ms"\r\n', encoding="utf-8")
    for path in (empty, header_only):
        result = cli("import", path, "--role", "kommune", "--project-id", "p", "--lang", "en")
        assert result.exit_code == 2
        assert "the export holds no answers" in result.stderr


def test_an_export_with_no_question_of_the_role_is_an_error_with_a_hint(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "import", FIX / "msforms_entreprenor.xlsx", "--role", "kommune", "--project-id", "p", "--lang", "en"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"{FIX / 'msforms_entreprenor.xlsx'}:1:1: error: the export looks like the answers of the "
        "entrepreneur, not of the municipality; is --role right? Try --role entreprenor\n"
    )


def test_a_mapping_file_maps_other_columns_and_labels(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "eget.csv"
    export.write_text(
        '"$submission_id";"$created";"Mål";"Avdeling";"Noe annet";"$answer_time_ms"\r\n'
        '"9";"2025-01-01T10:00:00+01:00";"Svært enig";"Kultur";"x";"1"\r\n',
        encoding="utf-8",
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns:\n  Mål: felles-mal\n  Avdeling: unit\n  Noe annet: ignore\nvalues:\n  svært enig: 5\n"
    )
    data, result = imported(cli, tmp_path, export, "--role", "kommune", "--project-id", "p", "--map", mapping)
    assert data["respondents"] == [
        {
            "role": "kommune",
            "unit": "Kultur",
            "source": "nettskjema:9",
            "status": "complete",
            "answers": {"felles-mal": 5},
        }
    ]
    assert not column_warnings(result.stderr)


def test_values_as_numbers_labels_in_any_language_and_case(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "v.csv"
    rows = [
        ["$submission_id", "$created", "felles-mal", "kommunal-koordinator", "$answer_time_ms"],
        ["1", "x", "4.0", "YES", "1"],
        ["2", "x", "helt ENIG", "Vet ikke", "1"],
        ["3", "x", "Don't know", "partly", "1"],
    ]
    export.write_text("\r\n".join(",".join(r) for r in rows) + "\r\n", encoding="utf-8")
    data, _ = imported(cli, tmp_path, export, "--role", "kommune", "--project-id", "p")
    assert list(answers(data).values()) == [
        {"felles-mal": 4, "kommunal-koordinator": "ja"},
        {"felles-mal": 5, "kommunal-koordinator": "vet_ikke"},
        {"felles-mal": "vet_ikke", "kommunal-koordinator": "delvis"},
    ]


def test_the_imported_file_reports_like_any_answer_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "svar.yaml"
    assert (
        cli(
            "import",
            FIX / "nettskjema_kommune.csv",
            "--role",
            "kommune",
            "--project-id",
            "p",
            "--partial",
            "-o",
            target,
        ).exit_code
        == 0
    )
    result = cli(
        "import", FIX / "msforms_entreprenor.xlsx", "--role", "entreprenor", "--into", target, "--partial"
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(cli("report", target, "-f", "json").stdout)
    assert len(report["respondents"]) == 5
    assert not any(f["id"] == "ensidig-besvart" for f in report["findings"])


def test_a_new_file_needs_a_project_id(cli: Cli) -> None:
    result = cli("import", FIX / "nettskjema_kommune.csv", "--role", "kommune", "--lang", "en")
    assert result.exit_code == 2
    assert "--project-id" in result.stderr


@pytest.mark.parametrize(
    ("given", "pid"),
    [("Mitt Prosjekt", "mitt-prosjekt"), ("-x", "x"), ("æøå", "aeoa"), ("../../etc/passwd", "etc-passwd")],
)
def test_a_project_id_is_made_into_an_id_as_init_does(cli: Cli, tmp_path: Path, given: str, pid: str) -> None:
    data, result = imported(
        cli, tmp_path, FIX / "nettskjema_kommune.csv", "--role", "kommune", "--project-id", given
    )
    assert data["project"]["id"] == pid
    assert pid in result.stderr


def test_a_project_id_with_nothing_to_keep_is_refused_naming_the_option(cli: Cli, tmp_path: Path) -> None:
    export = FIX / "nettskjema_kommune.csv"
    result = cli("import", export, "--role", "kommune", "--project-id", "!!!", "-o", tmp_path / "s.yaml")
    assert result.exit_code == 2
    assert "--project-id «!!!»" in result.stderr
    assert not (tmp_path / "s.yaml").exists()


def full_export(path: Path, role: str, *, drop: str = "", cell: tuple[int, str] | None = None) -> Path:
    """A Nettskjema CSV report with a column for every question of ``role`` (but ``drop``),
    headed by the question's wording, each answered with the question's first value; ``cell``
    puts a text into one 0-based column of the second row."""
    from samarbeid.rubric import load_rubric

    questions = [q for q in load_rubric().questions_for(role) if q.id != drop]
    header = ["$submission_id", "$created", *(getattr(q.text, role).nb for q in questions), "$answer_time_ms"]
    rows = [header]
    for n, created in ((1, "2025-03-02T09:00:00+01:00"), (2, "2025-03-14T23:30:00.5+01:00")):
        rows.append([str(n), created, *(str(q.values()[0]) for q in questions), "1"])
    if cell is not None:
        rows[2][cell[0]] = cell[1]
    path.write_text("".join(";".join(f'"{c}"' for c in r) + "\r\n" for r in rows), encoding="utf-8")
    return path


def test_an_export_without_a_question_column_is_refused_naming_it(cli: Cli, tmp_path: Path) -> None:
    export = full_export(tmp_path / "ns.csv", "kommune", drop="samskaping")
    target = tmp_path / "svar.yaml"
    args = ("import", export, "--role", "kommune", "--project-id", "p", "-o", target, "--lang", "en")
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{export}:1:1: error: the export has no column for 1 of the questions for the municipality: "
        "«samskaping» — if the form leaves them out on purpose, import with --partial\n"
    )
    assert not target.exists()
    partial = cli(*args, "--partial")
    assert partial.exit_code == 0, partial.stderr
    assert f"{export}:1:1: warning: the export has no column for 1 of the questions" in partial.stderr
    assert "samskaping" not in yaml.safe_load(target.read_text(encoding="utf-8"))["respondents"][0]["answers"]
    complete = full_export(tmp_path / "alt.csv", "kommune")
    assert cli("import", complete, *args[2:6], "-o", tmp_path / "alt.yaml").exit_code == 0


@pytest.mark.parametrize("export", ["full", "nettskjema_kommune.csv"])
def test_the_kommunes_export_imported_as_the_entreprenor_is_refused_naming_the_kommune(
    cli: Cli, tmp_path: Path, export: str
) -> None:
    path = full_export(tmp_path / "ns.csv", "kommune") if export == "full" else FIX / export
    target = tmp_path / "svar.yaml"
    result = cli(
        "import",
        path,
        "--role",
        "entreprenor",
        "--project-id",
        "p",
        "--partial",
        "-o",
        target,
        "--lang",
        "nb",
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"{path}:1:1: error: eksporten ser ut til å være svarene til kommunen, ikke til entreprenøren; "
        "stemmer --role? Prøv --role kommune\n"
    )
    assert not target.exists()


def test_a_bad_cell_is_named_by_column_letter_and_header(cli: Cli, tmp_path: Path) -> None:
    """Column 35 (AI) of a full export: the header is the question's wording, cut at a word."""
    export = full_export(tmp_path / "ns-bad3.csv", "kommune", cell=(34, "7"))
    result = cli("import", export, "--role", "kommune", "--project-id", "p", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{export}:3:AI («Avtalen med den sosiale …»): error: '7' is not an answer to 'avtale-lopetid' "
        "(valid answers: nei, delvis, ja, vet_ikke, ikke_relevant)\n"
    )


def test_the_assessment_date_is_the_latest_submission_day_or_assessed(cli: Cli, tmp_path: Path) -> None:
    export = full_export(tmp_path / "ns.csv", "kommune")
    data, _ = imported(cli, tmp_path, export, "--role", "kommune", "--project-id", "p")
    assert data["project"]["assessed"] == dt.date(2025, 3, 14)
    for given in ("01.12.2026", "2026-12-01"):
        data, _ = imported(
            cli,
            tmp_path,
            export,
            "--role",
            "kommune",
            "--project-id",
            "p",
            "--assessed",
            given,
            out=f"{given}.yaml",
        )
        assert data["project"]["assessed"] == dt.date(2026, 12, 1)
    bad = cli("import", export, "--role", "kommune", "--project-id", "p", "--assessed", "31.02.2026")
    assert bad.exit_code == 2
    no_dates = tmp_path / "v.csv"
    no_dates.write_text("$submission_id,$created,felles-mal,$answer_time_ms\r\n1,x,4,1\r\n", encoding="utf-8")
    data, _ = imported(cli, tmp_path, no_dates, "--role", "kommune", "--project-id", "p", out="v.yaml")
    assert "assessed" not in data["project"]
    into = cli(
        "import", export, "--role", "kommune", "--into", tmp_path / "svar.yaml", "--assessed", "01.12.2026"
    )
    assert into.exit_code == 2
    assert "--into" in into.stderr


@pytest.mark.parametrize("command", ["report", "validate", "batch"])
@pytest.mark.parametrize("export", ["msforms_entreprenor.xlsx", "nettskjema_kommune.csv"])
def test_an_export_given_as_an_answer_file_points_to_import(cli: Cli, command: str, export: str) -> None:
    result = cli(command, FIX / export, "--lang", "en")
    assert result.exit_code == 2
    line = next(x for x in result.stderr.splitlines() if ": error: " in x)
    assert line == (
        f"{FIX / export}:1:1: error: the file looks like a survey export, not an answer file; turn it "
        f"into one with 'samarbeid import {FIX / export} --role kommune|entreprenor --project-id ID "
        "-o answers.yaml'"
    )


def with_columns(path: Path, headers: list[str], cells: list[str]) -> Path:
    """The export at ``path`` with columns added after the others (the same cells in each row)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    extra = [";".join(f'"{h}"' for h in headers), *[";".join(f'"{c}"' for c in cells)] * (len(lines) - 1)]
    path.write_text("".join(f"{a};{b}\r\n" for a, b in zip(lines, extra, strict=True)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("headers", "named"),
    [
        (["enhet", "Enhet"], "kolonnen «Enhet» er enheten en gang til (også kolonne "),
        (
            ["felles-mal_kommentar", "felles-mal_comment"],
            "kolonnen «felles-mal_comment» er kommentaren til «felles-mal» en gang til (også kolonne ",
        ),
    ],
)
def test_two_unit_or_comment_columns_are_refused_not_one_silently_winning(
    cli: Cli, tmp_path: Path, headers: list[str], named: str
) -> None:
    export = with_columns(full_export(tmp_path / "ns.csv", "kommune"), headers, ["Helse", "Oppvekst"])
    result = cli("import", export, "--role", "kommune", "--project-id", "x", "-o", tmp_path / "s.yaml")
    assert result.exit_code == 2, result.stderr
    assert "duplicate" not in result.stderr and named in result.stderr
    assert not (tmp_path / "s.yaml").exists()


def test_a_named_source_that_does_not_fit_the_export_is_refused(cli: Cli, tmp_path: Path) -> None:
    export = full_export(tmp_path / "ns.csv", "kommune")
    result = cli(
        "import",
        export,
        "--role",
        "kommune",
        "--source",
        "msforms",
        "--project-id",
        "x",
        "-o",
        tmp_path / "s.yaml",
    )
    assert result.exit_code == 2
    assert "--source msforms passer ikke: eksporten er fra nettskjema" in result.stderr


def test_a_repeated_submission_is_imported_once_with_a_warning(cli: Cli, tmp_path: Path) -> None:
    export = full_export(tmp_path / "ns.csv", "kommune")
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    export.write_text("".join([*lines, lines[2]]), encoding="utf-8")
    data, result = imported(cli, tmp_path, export, "--role", "kommune", "--project-id", "x", "--lang", "en")
    assert len(data["respondents"]) == 2
    assert f"{export}:4:1: warning: the submission nettskjema:2 appears twice (also row 3)" in result.stderr


def test_a_repeated_submission_with_other_answers_is_refused(cli: Cli, tmp_path: Path) -> None:
    from samarbeid.rubric import load_rubric

    other = str(load_rubric().questions_for("kommune")[0].values()[1])
    edited = full_export(tmp_path / "b.csv", "kommune", cell=(2, other)).read_text(encoding="utf-8")
    export = full_export(tmp_path / "ns.csv", "kommune")
    export.write_text(
        export.read_text(encoding="utf-8") + edited.splitlines(keepends=True)[2], encoding="utf-8"
    )
    result = cli(
        "import", export, "--role", "kommune", "--project-id", "x", "-o", tmp_path / "s.yaml", "--lang", "en"
    )
    assert result.exit_code == 2
    assert "nettskjema:2 appears twice with different answers (also row 3)" in result.stderr
    assert not (tmp_path / "s.yaml").exists()


def test_an_edited_submission_is_updated_from_the_newer_export_and_said(cli: Cli, tmp_path: Path) -> None:
    from samarbeid.rubric import load_rubric

    target = tmp_path / "svar.yaml"
    first = full_export(tmp_path / "ns.csv", "kommune")
    assert cli("import", first, "--role", "kommune", "--project-id", "x", "-o", target).exit_code == 0
    before = target.read_text(encoding="utf-8")
    target.write_text(
        before.replace("respondents:", "# ført inn fra Nettskjema\nrespondents:"), encoding="utf-8"
    )
    question = load_rubric().questions_for("kommune")[0]
    other = question.values()[1]
    edited = full_export(tmp_path / "ns2.csv", "kommune", cell=(2, str(other)))
    result = cli("import", edited, "--role", "kommune", "--into", target, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"{target}: nettskjema:2 has changed in the export since the last import; "
        "1 answer or comment is updated from the export\n"
        f"{target}: added 0 respondents (2 imported before)\n"
    )
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [r["source"] for r in data["respondents"]] == ["nettskjema:1", "nettskjema:2"]
    assert data["respondents"][1]["answers"][question.id] == other
    assert data["respondents"][0]["answers"][question.id] == question.values()[0]
    assert "# ført inn fra Nettskjema" in target.read_text(encoding="utf-8")
    again = cli("import", edited, "--role", "kommune", "--into", target, "--lang", "en")
    assert again.stderr == f"{target}: added 0 respondents (2 imported before)\n"


def many_rows(path: Path, role: str, count: int) -> Path:
    """A Nettskjema CSV report of ``count`` responses answering every question of ``role``."""
    from samarbeid.rubric import load_rubric

    questions = load_rubric().questions_for(role)
    header = ["$submission_id", "$created", *(q.id for q in questions), "$answer_time_ms"]
    rows = [header] + [
        [str(n), "2025-03-02", *(str(q.values()[0]) for q in questions), "1"] for n in range(count)
    ]
    path.write_text("".join(";".join(r) + "\r\n" for r in rows), encoding="utf-8")
    return path


def test_an_export_past_the_answer_files_limits_is_refused_at_its_row_before_it_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    export = many_rows(tmp_path / "ns.csv", "kommune", 900)
    target = tmp_path / "svar.yaml"
    result = cli("import", export, "--role", "kommune", "--project-id", "x", "-o", target, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{export}:")
    row = int(result.stderr.split(":")[1])
    assert result.stderr == (
        f"{export}:{row}:1: error: the answer file would pass its limits (2 MB and 100000 values) at this "
        f"row; only {row - 2} respondents of the export fit. Split the export, by unit for instance, and "
        "import the parts into an answer file each\n"
    )
    assert not target.exists()
    fits = many_rows(tmp_path / "del.csv", "kommune", row - 2)
    assert cli("import", fits, "--role", "kommune", "--project-id", "x", "-o", target).exit_code == 0
    more = many_rows(tmp_path / "mer.csv", "kommune", row - 1)
    into = cli("import", more, "--role", "kommune", "--into", target, "--lang", "en")
    assert into.exit_code == 2
    assert f"{more}:{row}:1: error: the answer file would pass its limits" in into.stderr
    assert "only 0 respondents" in into.stderr
