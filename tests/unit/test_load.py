"""Answer files: strict validation with file, line, column and a helpful hint; merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from samarbeid.errors import InputError
from samarbeid.load.answers import load_file, load_submission
from samarbeid.rubric.model import Rubric
from testkit import answer_file

HEAD = "samarbeid: 1\nproject:\n  id: p\n  name: P\nrespondents:\n"


def errors(tmp_path: Path, rubric: Rubric, text: str, lang: str = "en") -> list[str]:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_file(path, rubric, display="a.yaml")
    return info.value.lines(lang)


def test_valid_file_keeps_answer_positions(tmp_path: Path, mini: Rubric) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "  - role: kommune\n    answers:\n      felles-mal: 4\n", encoding="utf-8")
    loaded = load_file(path, mini, display="a.yaml")
    (response,) = loaded.responses
    assert response.answers == {"felles-mal": 4}
    assert response.refs["felles-mal"] == (8, 19)


def test_unknown_question_suggests_the_nearest_id(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  - role: kommune\n    answers:\n      felles-maal: 4\n"
    assert errors(tmp_path, mini, text) == [
        "a.yaml:8:7: error: unknown question 'felles-maal' — did you mean 'felles-mal'?"
    ]


def test_value_outside_the_scale_lists_allowed_values(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  - role: kommune\n    answers:\n      felles-mal: 6\n"
    assert errors(tmp_path, mini, text) == [
        "a.yaml:8:19: error: invalid answer 6 to 'felles-mal'; allowed: 1, 2, 3, 4, 5, vet_ikke"
    ]


def test_english_yes_gets_a_hint(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  - role: kommune\n    answers:\n      koordinator: yes\n"
    assert errors(tmp_path, mini, text, "nb") == [
        "a.yaml:8:20: error: ugyldig svar 'yes' på 'koordinator'; tillatt: nei, delvis, ja, vet_ikke"
        " — skriv ja, delvis eller nei (ikke yes/no/true/false)"
    ]


def test_quoted_number_is_read_as_the_number(tmp_path: Path, mini: Rubric) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "  - role: kommune\n    answers:\n      felles-mal: '4'\n", encoding="utf-8")
    assert load_file(path, mini).responses[0].answers == {"felles-mal": 4}


def test_ikke_relevant_only_where_allowed(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  - role: kommune\n    answers:\n      felles-mal: ikke_relevant\n"
    assert "invalid answer 'ikke_relevant'" in errors(tmp_path, mini, text)[0]


def test_question_for_the_other_role_is_an_error(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  - role: entreprenor\n    answers:\n      politisk: ja\n"
    assert errors(tmp_path, mini, text) == [
        "a.yaml:8:7: error: the question 'politisk' is answered only by the municipality"
    ]


def test_structure_errors_point_at_the_field(tmp_path: Path, mini: Rubric) -> None:
    text = "samarbeid: 1\nproject:\n  id: p\n  farge: blå\nrespondents:\n  - role: rådmann\n"
    assert errors(tmp_path, mini, text) == [
        "a.yaml:4:3: error: unknown field 'farge'",
        "a.yaml:6:11: error: invalid value for role: 'rådmann'; allowed: kommune, entreprenor",
    ]


def test_misspelt_role_gets_a_suggestion(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  - role: kommun\n"
    assert errors(tmp_path, mini, text) == [
        "a.yaml:6:11: error: invalid value for role: 'kommun'; allowed: kommune, entreprenor"
        " — did you mean 'kommune'?"
    ]


def test_missing_project_block(tmp_path: Path, mini: Rubric) -> None:
    assert errors(tmp_path, mini, "samarbeid: 1\nrespondents: []\n") == [
        "a.yaml:1:1: error: missing field 'project'"
    ]


def test_unknown_format_version(tmp_path: Path, mini: Rubric) -> None:
    assert errors(tmp_path, mini, "samarbeid: 2\nproject: {id: p}\n") == [
        "a.yaml:1:12: error: unknown file format samarbeid: 2; this version reads samarbeid: 1"
    ]


def test_top_level_list_is_an_error(tmp_path: Path, mini: Rubric) -> None:
    assert errors(tmp_path, mini, "- a\n- b\n") == [
        "a.yaml:1:1: error: expected a mapping (key: value), found […]"
    ]


def test_same_respondent_twice_is_an_error(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  - role: kommune\n    name: Kari\n  - role: kommune\n    name: kari\n"
    assert errors(tmp_path, mini, text) == [
        "a.yaml:8:5: error: the respondent kommune (kari) appears twice (also in a.yaml:6)"
    ]


def test_empty_answers_are_unanswered(tmp_path: Path, mini: Rubric) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "  - role: kommune\n    answers:\n      felles-mal:\n", encoding="utf-8")
    (response,) = load_file(path, mini).responses
    assert response.answers == {}


def test_every_problem_in_a_file_is_reported(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  - role: kommune\n    answers:\n      felles-mal: 9\n      roler: 2\n"
    assert len(errors(tmp_path, mini, text)) == 2


def test_files_of_one_project_merge(tmp_path: Path, mini: Rubric) -> None:
    a, b = tmp_path / "k.yaml", tmp_path / "e.yaml"
    a.write_text(answer_file([{"role": "kommune", "answers": {"felles-mal": 5}}]), encoding="utf-8")
    b.write_text(answer_file([{"role": "entreprenor", "answers": {"felles-mal": 1}}]), encoding="utf-8")
    sub = load_submission([a, b], mini)
    assert [r.role for r in sub.responses] == ["kommune", "entreprenor"]
    assert sub.files == (str(a), str(b))


def test_files_of_different_projects_do_not_merge(tmp_path: Path, mini: Rubric) -> None:
    a, b = tmp_path / "k.yaml", tmp_path / "e.yaml"
    a.write_text(answer_file([{"role": "kommune"}], project_id="en", status="in_progress"), encoding="utf-8")
    b.write_text(
        answer_file([{"role": "entreprenor"}], project_id="to", status="in_progress"), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_submission([a, b], mini)
    assert "the project 'to' differs from 'en'" in info.value.lines("en")[0]


def test_same_respondent_in_two_files_is_an_error(tmp_path: Path, mini: Rubric) -> None:
    a, b = tmp_path / "k.yaml", tmp_path / "k2.yaml"
    for path in (a, b):
        path.write_text(
            answer_file([{"role": "kommune", "unit": "NAV"}], status="in_progress"), encoding="utf-8"
        )
    with pytest.raises(InputError) as info:
        load_submission([a, b], mini)
    assert "appears twice" in info.value.lines("en")[0]


def test_missing_format_line_gets_a_hint(tmp_path: Path, mini: Rubric) -> None:
    assert errors(tmp_path, mini, "project: {id: p}\n") == [
        "a.yaml:1:1: error: missing field 'samarbeid' — write samarbeid: 1 at the top of the file"
    ]
