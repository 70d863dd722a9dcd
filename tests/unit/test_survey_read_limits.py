"""Hostile and oversized survey exports are refused as positioned input errors (exit 2),
before the work where the size tells, never with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from samarbeid.errors import InputError
from samarbeid.surveys import read
from samarbeid.surveys.read import read_export
from testkit import GOOD_SHEET, hostile_exports, workbook

HEADER = "Svar-ID;Enhet;Spørsmål\n"


def refused(path: Path) -> tuple[str, int, int]:
    with pytest.raises(InputError) as info:
        read_export(path)
    (problem,) = info.value.problems
    return problem.code, problem.where.line, problem.where.column


def test_a_good_minimal_workbook_is_read(tmp_path: Path) -> None:
    assert read_export(workbook(tmp_path / "ok.xlsx", GOOD_SHEET)).header == ("Svar-ID",)


def test_each_hostile_export_is_refused_at_its_place(tmp_path: Path) -> None:
    got = {name: refused(path) for name, path in hostile_exports(tmp_path).items()}
    assert got == {
        "delt-streng-bombe": ("import.too_large_unpacked", 1, 1),
        "ark-kuttet": ("import.bad_xlsx", 1, 1),
        "ukjent-delt-streng": ("import.bad_xlsx", 1, 1),
        "uten-regneark": ("import.bad_xlsx", 1, 1),
        "milliard-latter": ("import.bad_xlsx", 1, 1),
        "ekstern-entitet": ("import.bad_xlsx", 1, 1),
        "utf16-kuttet": ("import.bad_encoding", 2, 11),
        "latin1-celle": ("import.mixed_encoding", 3, 9),
        "for-stor": ("import.too_large", 1, 1),
        "for-mange-rader": ("import.too_many_rows", read.MAX_ROWS + 2, 1),
        "for-mange-rader-xlsx": ("import.too_many_rows", read.MAX_ROWS + 2, 1),
        "for-mange-kolonner": ("import.too_many_columns", 1, read.MAX_COLUMNS + 1),
        "fifo": ("file.not_regular", 1, 1),
        "latin1-delt-streng": ("import.mixed_encoding_cell", 3, 3),
        "latin1-i-arket": ("import.mixed_encoding_cell", 2, 2),
    }
    assert (tmp_path / "delt-streng-bombe.xlsx").stat().st_size < 1024 * 1024


def test_a_broken_workbook_is_said_in_words_not_in_the_parsers(tmp_path: Path) -> None:
    """The reason for a workbook that cannot be read is the user's language, never the
    parser's own English («list index out of range», «unclosed token»)."""
    exports = hostile_exports(tmp_path)
    damaged = "arbeidsboken er skadet eller ufullstendig; last ned eksporten på nytt"
    entities = "arbeidsboken har XML-entiteter, som et regneark aldri skriver; de er ikke lest"
    said = {}
    for name in ("ark-kuttet", "ukjent-delt-streng", "milliard-latter", "ekstern-entitet"):
        with pytest.raises(InputError) as info:
            read_export(exports[name])
        said[name] = info.value.problems[0].message("nb").removeprefix("kan ikke lese Excel-arbeidsboken: ")
    not_zip = tmp_path / "ikke-zip.xlsx"
    not_zip.write_bytes(b"PK\x03\x04" + b"x" * 40)
    with pytest.raises(InputError) as info:
        read_export(not_zip)
    said["ikke-zip"] = info.value.problems[0].message("nb").removeprefix("kan ikke lese Excel-arbeidsboken: ")
    assert said == {
        "ark-kuttet": damaged,
        "ukjent-delt-streng": damaged,
        "milliard-latter": entities,
        "ekstern-entitet": entities,
        "ikke-zip": damaged,
    }


def test_a_latin1_cell_in_a_workbook_is_named_as_excel_shows_it(tmp_path: Path) -> None:
    exports = hostile_exports(tmp_path)
    for name, cell in (("latin1-delt-streng", "C3"), ("latin1-i-arket", "B2")):
        with pytest.raises(InputError) as info:
            read_export(exports[name])
        (line,) = info.value.lines("en")
        assert line == (
            f"{exports[name]}:{cell[1]}:{cell[0]}: error: the cell {cell} has another encoding than the rest "
            "of the workbook (Latin-1?); fix the cell in Excel and save the workbook again"
        )


def test_a_windows_1252_export_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes((HEADER + "1;Bærum;ja\n").encode("cp1252"))
    assert read_export(path).rows[0].cells == ("1", "Bærum", "ja")


def test_too_many_cells_are_refused_at_the_row_that_passes_them(tmp_path: Path) -> None:
    width = 400
    rows = read.MAX_CELLS // width + 1
    path = tmp_path / "celler.csv"
    path.write_text("".join(";".join(["x"] * width) + "\n" for _ in range(rows)), encoding="utf-8")
    assert refused(path) == ("import.too_many_cells", rows, 1)
