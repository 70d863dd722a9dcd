"""`validate` and `report` on hand-written files: the warnings a file that is valid but looks
unfinished or unexplained gets (issue 21, defects 14 and 15)."""

from __future__ import annotations

from pathlib import Path

from samarbeid.rubric.model import Rubric
from testkit import Cli, answer_file, best

ALL_ANSWERED = (
    "warning: alle har svart på alle spørsmålene, men filen har fortsatt status: in_progress; "
    "skriv status: complete når dere er ferdige"
)


def write(tmp_path: Path, text: str, name: str = "svar.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_answered_in_full_but_in_progress_is_told_to_say_complete(
    cli: Cli, tmp_path: Path, default_rubric: Rubric
) -> None:
    both = [best(default_rubric, "kommune"), best(default_rubric, "entreprenor")]
    path = write(tmp_path, answer_file(both, status="in_progress"))
    result = cli("validate", path)
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}:{_status_line(path)}:9: {ALL_ANSWERED}"
    assert [line for line in lines if "status: complete" in line] == [lines[0]]
    report = cli("report", path, "--as-of", "01.05.2024")
    assert report.stderr.count(ALL_ANSWERED) == 1


def _status_line(path: Path) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("status:"))


def test_no_such_hint_for_one_party_or_a_gap(cli: Cli, tmp_path: Path, default_rubric: Rubric) -> None:
    one = write(tmp_path, answer_file([best(default_rubric, "kommune")], status="in_progress"), "en.yaml")
    gap = best(default_rubric, "entreprenor")
    gap["answers"].popitem()
    two = write(
        tmp_path, answer_file([best(default_rubric, "kommune"), gap], status="in_progress"), "to.yaml"
    )
    for path in (one, two):
        result = cli("validate", path)
        assert (result.exit_code, "warning" in result.stderr) == (0, False), result.stderr


def test_the_two_files_of_a_project_answered_in_full_get_the_hint_once(
    cli: Cli, tmp_path: Path, default_rubric: Rubric
) -> None:
    a = write(tmp_path, answer_file([best(default_rubric, "kommune")], status="in_progress"), "a.yaml")
    b = write(tmp_path, answer_file([best(default_rubric, "entreprenor")], status="in_progress"), "b.yaml")
    report = cli("report", a, b, "--as-of", "01.05.2024")
    assert report.stderr.count(ALL_ANSWERED) == 1


def test_ikke_relevant_without_a_reason_is_a_warning_naming_the_question(
    cli: Cli, tmp_path: Path, default_rubric: Rubric
) -> None:
    question = next(q for q in default_rubric.questions_for("kommune") if q.ikke_relevant)
    kommune = best(default_rubric, "kommune")
    kommune["answers"][question.id] = "ikke relevant"
    path = write(tmp_path, answer_file([kommune], status="in_progress"))
    result = cli("validate", path)
    assert result.exit_code == 0
    (warning,) = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert warning.endswith(
        f"warning: ikke_relevant uten begrunnelse på '{question.id}'; skriv hvorfor under comments"
    )
    kommune["comments"] = {question.id: "Vi har ikke politisk behandling i denne fasen."}
    path.write_text(answer_file([kommune], status="in_progress"), encoding="utf-8")
    assert "warning" not in cli("validate", path).stderr


def test_a_missing_role_names_the_roles(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "samarbeid: 1\nproject:\n  id: p\nrespondents:\n  - unit: Skolen\n")
    result = cli("validate", path)
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2,
        f"{path}:5:5: error: mangler feltet 'role' (kommune eller entreprenor)",
    )
