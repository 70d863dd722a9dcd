"""An export's cells as a spreadsheet names them, and the day of a submission time."""

from __future__ import annotations

import datetime as dt

import pytest

from samarbeid.surveys.build import submitted_on
from samarbeid.surveys.read import Table, column_letters


@pytest.mark.parametrize(
    ("column", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (34, "AI"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(column: int, letters: str) -> None:
    assert column_letters(column) == letters


def test_a_cell_is_its_letters_and_its_header_cut_at_a_word() -> None:
    table = Table("x.csv", ("id", "Avtalen med den sosiale entreprenøren varer", "", "x" * 40), ())
    assert table.at(3, 0).cell == "A («id»)"
    assert table.at(3, 1).cell == "B («Avtalen med den sosiale …»)"
    assert table.at(3, 2).cell == "C"
    assert table.at(3, 3).cell == f"D («{'x' * 30} …»)"
    assert (table.at(3, 9).line, table.at(3, 9).column, table.at(3, 9).cell) == (3, 10, "J")


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2025-01-01T23:59:59.123456789+01:00", dt.date(2025, 1, 1)),  # Nettskjema
        ("2025-03-07 12:01:44", dt.date(2025, 3, 7)),  # LimeSurvey
        ("03.09.2018 15:50", dt.date(2018, 9, 3)),  # Nettskjema's older export
        ("", None),
        ("x", None),
        ("31.02.2026", None),
    ],
)
def test_the_day_of_a_submission_time(cell: str, day: dt.date | None) -> None:
    assert submitted_on(cell) == day
