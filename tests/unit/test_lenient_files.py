"""Answer files read what `assess`, import and the command line read: Norwegian dates, value
labels in any case and language, vocabulary words in any case; a refused word gets the right
one suggested (issue 21, defects 12–15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from samarbeid.errors import InputError
from samarbeid.load.answers import LoadedFile, load_file
from samarbeid.rubric.model import Rubric

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
