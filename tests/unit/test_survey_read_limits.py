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
    }
    assert (tmp_path / "delt-streng-bombe.xlsx").stat().st_size < 1024 * 1024


def test_a_windows_1252_export_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes((HEADER + "1;Bærum;ja\n").encode("cp1252"))
    assert read_export(path).rows[0].cells == ("1", "Bærum", "ja")
