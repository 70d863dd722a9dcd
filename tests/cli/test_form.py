"""`samarbeid form`: the questionnaire for survey platforms, and the round trip
form → an export made as the platform makes it → `samarbeid import` → the same answers."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from samarbeid.rubric.model import Rubric
from testkit import HOSTILE_TEXT, Cli
from testkit import hostile_rubric as rubric_with_hostile_text

ROLES = ("kommune", "entreprenor")


def chosen(rubric: Rubric, role: str) -> dict[str, Any]:
    """One answer per question of the role, cycling through each question's values."""
    return {q.id: q.values()[i % len(q.values())] for i, q in enumerate(rubric.questions_for(role))}


def sheet_rows(path: Path, name: str) -> list[dict[str, Any]]:
    book = load_workbook(path, read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    head = [str(h) for h in rows[0]]
    return [dict(zip(head, r, strict=False)) for r in rows[1:]]


def import_answers(cli: Cli, tmp_path: Path, export: Path, role: str) -> dict[str, Any]:
    target = tmp_path / "svar.yaml"
    result = cli("import", export, "--role", role, "--project-id", "p", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    assert cli("validate", target).exit_code == 0
    (entry,) = yaml.safe_load(target.read_text(encoding="utf-8"))["respondents"]
    assert entry["unit"] == "Helse og omsorg"
    return dict(entry["answers"])


def csv_text(rows: list[list[str]]) -> str:
    """As Nettskjema and KoboToolbox write: `;`, every field quoted, CRLF."""
    return "".join(";".join('"' + c.replace('"', '""') + '"' for c in row) + "\r\n" for row in rows)


@pytest.mark.parametrize("role", ROLES)
def test_xlsform_has_every_question_and_converts_cleanly_with_pyxform(
    cli: Cli, tmp_path: Path, default_rubric: Rubric, role: str
) -> None:
    from pyxform.xls2xform import convert  # type: ignore[import-untyped]  # pyxform ships no types

    path = tmp_path / "skjema.xlsx"
    assert cli("form", "--target", "xlsform", "--role", role, "-o", path).exit_code == 0
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = sheet_rows(path, "survey")
    selects = [r for r in survey if str(r["type"]).startswith("select_one ")]
    assert [r["name"] for r in selects] == [q.id for q in default_rubric.questions_for(role)]
    assert {"label::Norsk bokmål (nb)", "label::English (en)", "hint::Norsk bokmål (nb)"} <= set(survey[0])
    assert survey[0]["type"] == "text" and survey[0]["name"] == "enhet"
    groups = [r["name"] for r in survey if r["type"] == "begin_group"]
    assert groups == ["forstaelse", "forankring", "forpliktelse"]
    assert all(
        r["type"] == "text" and r["name"] == f"{q['name']}_kommentar"
        for q, r in ((survey[i], survey[i + 1]) for i, s in enumerate(survey) if s in selects)
    )
    names = {(r["list_name"], r["name"]) for r in sheet_rows(path, "choices")}
    assert ("enighet", "5") in names and ("status_ikke_relevant", "ikke_relevant") in names
    assert ("enighet", "ikke_relevant") not in names
    result = convert(xlsform=str(path), validate=False)
    assert result.warnings == []
    assert 'lang="Norsk bokmål (nb)" default="true()"' in result.xform


def test_xlsform_round_trip_through_a_kobo_export(cli: Cli, tmp_path: Path, default_rubric: Rubric) -> None:
    role = "kommune"
    path = tmp_path / "skjema.xlsx"
    assert cli("form", "-t", "xlsform", "--role", role, "-o", path).exit_code == 0
    want = chosen(default_rubric, role)
    # KoboToolbox, "XML values and headers" with group names: group/name columns, choice names
    header, row = ["start", "end"], ["2025-03-04T09:12:44.000+01:00", "2025-03-04T09:20:03.000+01:00"]
    group = ""
    for r in sheet_rows(path, "survey"):
        if r["type"] == "begin_group":
            group = f"{r['name']}/"
        elif r["type"] == "end_group":
            group = ""
        else:
            header.append(group + r["name"])
            row.append("Helse og omsorg" if r["name"] == "enhet" else str(want.get(r["name"], "")))
    header += [
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    ]
    row += [
        "61",
        "48583952-1892-4931-8d9c-869e7b49bafb",
        "2025-03-04T08:20:05",
        "",
        "",
        "submitted_via_web",
        "kari_n",
        "vQ8kZk2",
        "",
        "1",
    ]
    export = tmp_path / "kobo.csv"
    export.write_text(csv_text([header, row]), encoding="utf-8")
    assert import_answers(cli, tmp_path, export, role) == want


def test_nettskjema_recipe_round_trip(cli: Cli, tmp_path: Path, default_rubric: Rubric) -> None:
    role = "entreprenor"
    recipe = cli("form", "--target", "nettskjema", "--role", role).stdout
    codes = re.findall(r"^- Kode: `([^`]+)`$", recipe, re.M)
    assert codes == ["enhet", *(q.id for q in default_rubric.questions_for(role))]
    assert "| Helt enig | `5` |" in recipe and "| Vet ikke | `vet_ikke` |" in recipe
    want = chosen(default_rubric, role)
    # the codebook ids as column headers and option codes as values (Nettskjema's csv-report)
    header = ["$submission_id", "$created", "enhet"]
    row = ["31000", "2025-03-04T09:12:44+01:00", "Helse og omsorg"]
    for code in codes[1:]:
        header += [code, f"{code}_kommentar"]
        row += [str(want[code]), ""]
    export = tmp_path / "data-123823-2025-08-19-2249.txt"
    export.write_text(csv_text([[*header, "$answer_time_ms"], [*row, "74630"]]), encoding="utf-8")
    assert import_answers(cli, tmp_path, export, role) == want


def msforms_workbook(path: Path, headers: list[str], values: list[Any]) -> None:
    """A workbook shaped like the one Microsoft Forms downloads."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *headers])
    sheet.append(
        [1, dt.datetime(2025, 3, 4, 9, 0, 22), dt.datetime(2025, 3, 4, 9, 6, 24), "anonymous", None, *values]
    )
    book.save(path)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_msforms_recipe_round_trip(cli: Cli, tmp_path: Path, default_rubric: Rubric, lang: str) -> None:
    role = "kommune"
    recipe = cli("form", "--target", "msforms", "--role", role, "--lang", lang).stdout
    texts = re.findall(r"^### \d+\. (.+)$", recipe, re.M)
    assert texts == [q.wording(role, lang) for q in default_rubric.questions_for(role)]
    options = re.split(r"^### ", recipe, flags=re.M)[1:]
    labels = [re.findall(r"^  \d+\. (.+)$", block, re.M) for block in options]
    want = chosen(default_rubric, role)
    headers: list[str] = ["Enhet eller avdeling" if lang == "nb" else "Unit or department"]
    values: list[Any] = ["Helse og omsorg"]
    comment = "Kommentar (valgfritt)" if lang == "nb" else "Comment (optional)"
    for q, text, opts in zip(default_rubric.questions_for(role), texts, labels, strict=True):
        assert len(opts) == len(q.values())
        headers += [text, comment]
        values += [opts[q.values().index(want[q.id])], None]
    export = tmp_path / "svar.xlsx"
    msforms_workbook(export, headers, values)
    assert import_answers(cli, tmp_path, export, role) == want


def test_printed_form_round_trip_through_a_typed_in_form(
    cli: Cli, tmp_path: Path, default_rubric: Rubric
) -> None:
    role = "entreprenor"
    page = cli("form", "--target", "print", "--role", role).stdout
    assert page.startswith("<!DOCTYPE html>") and "size: A4" in page
    blocks = re.findall(r'<div class="q">(.*?)</div>', page, re.S)
    assert len(blocks) == len(default_rubric.questions_for(role))
    want = chosen(default_rubric, role)
    headers, values = ["Enhet eller avdeling"], ["Helse og omsorg"]
    for q, block in zip(default_rubric.questions_for(role), blocks, strict=True):
        text = html.unescape(re.search(r"</strong> (.*?) <span", block, re.S).group(1))  # type: ignore[union-attr]
        ticks = [html.unescape(x) for x in re.findall(r'<span class="box"></span>(.*?)</li>', block)]
        headers.append(text)
        values.append(ticks[q.values().index(want[q.id])])
    export = tmp_path / "papir.xlsx"
    msforms_workbook(export, headers, values)
    assert import_answers(cli, tmp_path, export, role) == want


def test_form_follows_the_language_and_xlsform_defaults_to_it(cli: Cli, tmp_path: Path) -> None:
    recipe = cli("form", "-t", "nettskjema", "--role", "kommune", "--lang", "en").stdout
    assert "recipe for Nettskjema" in recipe and "Don't know" in recipe
    path = tmp_path / "f.xlsx"
    assert cli("--lang", "en", "form", "-t", "xlsform", "--role", "kommune", "-o", path).exit_code == 0
    assert sheet_rows(path, "settings")[0]["default_language"] == "English (en)"


def test_xlsform_bytes_round_trip_in_memory(default_rubric: Rubric) -> None:
    from samarbeid.surveys.forms import xlsform_bytes, xlsform_sheets
    from samarbeid.vocab import Role

    sheets = xlsform_sheets(default_rubric, Role.kommune, "nb")
    book = load_workbook(io.BytesIO(xlsform_bytes(sheets)), read_only=True)
    assert [len(list(book[s].iter_rows())) - 1 for s in book.sheetnames] == [len(sheets[s]) for s in sheets]


def test_an_xlsform_goes_to_stdout_when_that_is_a_file_or_a_pipe(tmp_path: Path) -> None:
    """`samarbeid form --target xlsform > skjema.xlsx` and `… | cat > skjema.xlsx`: the
    workbook's bytes, exit 0 (a terminal is refused: test_pdf's emit_bytes test)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "samarbeid", "form", "--target", "xlsform", "--role", "kommune"]
    target = tmp_path / "skjema.xlsx"
    with target.open("wb") as out:
        to_file = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, check=False, timeout=60)
    assert to_file.returncode == 0, to_file.stderr
    piped = subprocess.run(command, capture_output=True, check=False, timeout=60)
    assert piped.returncode == 0, piped.stderr
    for book in (target, io.BytesIO(piped.stdout)):
        assert load_workbook(book, read_only=True).sheetnames[:2] == ["survey", "choices"]


@pytest.fixture
def hostile_rubric(tmp_path: Path) -> Path:
    """The mini rubric with a formula, a script and an image with a handler in a question's
    text and help."""
    return rubric_with_hostile_text(tmp_path)


def test_xlsform_keeps_a_text_starting_with_equals_as_text_never_a_formula(
    cli: Cli, tmp_path: Path, hostile_rubric: Path
) -> None:
    out = tmp_path / "skjema.xlsx"
    result = cli("--rubric", hostile_rubric, "form", "--target", "xlsform", "--role", "kommune", "-o", out)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as book:
        sheets = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets
    labels = [row["label::Norsk bokmål (nb)"] for row in sheet_rows(out, "survey")]
    assert HOSTILE_TEXT in labels


@pytest.mark.parametrize("target", ["nettskjema", "msforms"])
def test_a_recipe_carries_no_html_from_the_rubric(cli: Cli, hostile_rubric: Path, target: str) -> None:
    result = cli("--rubric", hostile_rubric, "form", "--target", target, "--role", "kommune")
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"(?<!\\)<", result.stdout)  # every «<» is escaped: shown, never a tag
    assert "\\<script\\>alert(1)\\</script\\>" in result.stdout


def test_the_printed_form_runs_nothing_and_says_so(cli: Cli, hostile_rubric: Path) -> None:
    result = cli("--rubric", hostile_rubric, "form", "--target", "print", "--role", "kommune", "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert "<script" not in result.stdout and "<img" not in result.stdout
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in result.stdout
