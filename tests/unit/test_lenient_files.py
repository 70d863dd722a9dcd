"""Answer files read what `assess`, import and the command line read: Norwegian dates, value
labels in any case and language, vocabulary words in any case; a refused word gets the right
one suggested (issue 21, defects 12–15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from samarbeid.errors import InputError
from samarbeid.i18n import LANGS, t
from samarbeid.load.answers import LoadedFile, load_file
from samarbeid.record import adapter
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Phase, Role, Status, Vocab

HEAD = "samarbeid: 1\nproject:\n  id: p\n  name: P\n"


def load(tmp_path: Path, rubric: Rubric, text: str) -> LoadedFile:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    return load_file(path, rubric, display="a.yaml")


def errors(tmp_path: Path, rubric: Rubric, text: str, lang: str = "nb") -> list[str]:
    with pytest.raises(InputError) as info:
        load(tmp_path, rubric, text)
    return info.value.lines(lang)


@pytest.mark.parametrize("written", ["01.12.2026", "1.12.2026", "2026-12-01", "'2026-12-01'"])
def test_dates_are_read_as_as_of_reads_them(tmp_path: Path, mini: Rubric, written: str) -> None:
    text = (
        HEAD + f"  assessed: {written}\nrespondents: []\n"
        f"accepted:\n  - rule: ulik-forstaelse\n    reason: r\n    by: b\n    until: {written}\n"
    )
    model = load(tmp_path, mini, text).model
    assert model.project.assessed == dt.date(2026, 12, 1)
    assert model.accepted[0].until == dt.date(2026, 12, 1)


def test_an_impossible_norwegian_date_is_refused(tmp_path: Path, mini: Rubric) -> None:
    assert errors(tmp_path, mini, HEAD + "  assessed: 31.02.2026\n") == [
        "a.yaml:5:13: error: forventet en dato (DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD), fant '31.02.2026'"
    ]


def answers(tmp_path: Path, rubric: Rubric, role: str, given: dict[str, str]) -> dict[str, object]:
    lines = "".join(f"      {q}: {v}\n" for q, v in given.items())
    loaded = load(tmp_path, rubric, HEAD + f"respondents:\n  - role: {role}\n    answers:\n{lines}")
    return dict(loaded.responses[0].answers)


def test_value_labels_are_read_as_their_ids(tmp_path: Path, mini: Rubric) -> None:
    given = {
        "felles-mal": "enig",
        "roller": "Helt enig",
        "forankringsplan": "Nei",
        "koordinator": "vet ikke",
        "politisk": "ikke relevant",
    }
    assert answers(tmp_path, mini, "kommune", given) == {
        "felles-mal": 4,
        "roller": 5,
        "forankringsplan": "nei",
        "koordinator": "vet_ikke",
        "politisk": "ikke_relevant",
    }


def test_nynorsk_english_and_any_case(tmp_path: Path, mini: Rubric) -> None:
    given = {
        "felles-mal": "HEILT USAMD",
        "roller": "Samd",
        "forankringsplan": "'yes'",
        "koordinator": "Veit ikkje",
    }
    assert answers(tmp_path, mini, "kommune", given) == {
        "felles-mal": 1,
        "roller": 4,
        "forankringsplan": "ja",
        "koordinator": "vet_ikke",
    }


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("enigg", "mente du 4 (enig)?"),
        ("Helt uening", "mente du 1 (helt uenig)?"),
        ("vet ike", "mente du 'vet_ikke'?"),
    ],
)
def test_a_refused_value_gets_the_right_one_suggested(
    tmp_path: Path, mini: Rubric, written: str, hint: str
) -> None:
    text = HEAD + f"respondents:\n  - role: kommune\n    answers:\n      felles-mal: {written}\n"
    (line,) = errors(tmp_path, mini, text)
    assert line.startswith(f"a.yaml:8:19: error: ugyldig svar '{written}' på 'felles-mal'")
    assert line.endswith(f" — {hint}")


def test_a_status_label_on_an_enighet_question_is_still_refused(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "respondents:\n  - role: kommune\n    answers:\n      felles-mal: Nei\n"
    assert errors(tmp_path, mini, text, "en") == [
        "a.yaml:8:19: error: invalid answer 'Nei' to 'felles-mal'; allowed: 1, 2, 3, 4, 5, vet_ikke"
    ]


@pytest.mark.parametrize("vocab", [Role, Phase, Status])
def test_every_label_of_a_file_vocabulary_is_read_in_any_case(vocab: type[Vocab]) -> None:
    """What the reports and `assess` call a role, phase or status, in any language, is
    understood in a file: as written, in capitals and with a capital first letter."""
    for member in vocab:
        for lang in LANGS:
            label = t(f"{vocab.__name__.lower()}.{member}", lang)
            for written in (label, label.upper(), label.capitalize()):
                assert vocab.parse(written) is member, (lang, written)


def test_phase_and_role_labels_in_a_file(tmp_path: Path, mini: Rubric) -> None:
    text = HEAD + "  phase: Drift\nstatus: Under arbeid\nrespondents:\n  - role: Sosial entreprenør\n"
    loaded = load(tmp_path, mini, text)
    assert (loaded.model.project.phase, loaded.model.status) == (Phase.operation, Status.in_progress)
    assert loaded.responses[0].role is Role.entreprenor


def test_the_answers_schema_takes_a_norwegian_date() -> None:
    """An editor checking the file against `samarbeid schema answers` accepts what samarbeid reads."""
    import jsonschema

    from samarbeid.answerfile import AnswerFile

    schema = adapter(AnswerFile).json_schema()
    for written in ("01.12.2026", "2026-12-01"):
        data = {"samarbeid": 1, "project": {"id": "p", "assessed": written}}
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
