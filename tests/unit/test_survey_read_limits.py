"""Hostile and oversized survey exports are refused as positioned input errors (exit 2),
before the work where the size tells, never with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from samarbeid.errors import InputError
from samarbeid.surveys import read
from samarbeid.surveys.read import read_export
from testkit import GOOD_SHEET, MAIN, hostile_exports, workbook

HEADER = "Svar-ID;Enhet;Spørsmål\n"


def refused(path: Path) -> tuple[str, int, int]:
    with pytest.raises(InputError) as info:
        read_export(path)
    (problem,) = info.value.problems
    return problem.code, problem.where.line, problem.where.column


def test_a_good_minimal_workbook_is_read(tmp_path: Path) -> None:
    assert read_export(workbook(tmp_path / "ok.xlsx", GOOD_SHEET)).header == ("Svar-ID",)


def test_a_file_over_the_cap_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "stor.csv"
    with path.open("wb") as f:
        f.truncate(read.MAX_BYTES + 1)
    assert refused(path) == ("import.too_large", 1, 1)


def test_too_many_rows_are_refused_at_the_first_row_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "rader.csv"
    path.write_text(HEADER + "".join(f"{n};Bærum;ja\n" for n in range(read.MAX_ROWS + 1)), encoding="utf-8")
    assert refused(path) == ("import.too_many_rows", read.MAX_ROWS + 2, 1)


def test_too_many_rows_in_a_workbook_are_refused_while_streaming(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, read.MAX_ROWS + 3))
    sheet = f'<?xml version="1.0"?><worksheet {MAIN}><sheetData>{rows}</sheetData></worksheet>'
    assert refused(workbook(tmp_path / "rader.xlsx", sheet)) == ("import.too_many_rows", read.MAX_ROWS + 2, 1)


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "kolonner.csv"
    path.write_text(";".join(["x"] * (read.MAX_COLUMNS + 1)) + "\n", encoding="utf-8")
    assert refused(path) == ("import.too_many_columns", 1, read.MAX_COLUMNS + 1)


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
        "latin1-delt-streng": ("import.mixed_encoding_cell", 3, 3),
        "latin1-i-arket": ("import.mixed_encoding_cell", 2, 2),
    }
    assert (tmp_path / "delt-streng-bombe.xlsx").stat().st_size < 1024 * 1024


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
