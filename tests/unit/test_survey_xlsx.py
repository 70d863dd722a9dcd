"""The fast workbook reader (samarbeid.surveys.xlsx) gives exactly the cells openpyxl gives,
or leaves the workbook to openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from samarbeid.errors import InputError
from samarbeid.surveys import read, xlsx
from testkit import MAIN, TESTS, hostile_exports, workbook


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without their empty cells at the end (openpyxl pads a row to the sheet's
    dimension when the sheet gives one; the importer never reads past a row's end)."""
    out = []
    for row in rows:
        end = len(row)
        while end and not row[end - 1]:
            end -= 1
        out.append(row[:end])
    return out


def both(path: Path) -> tuple[list[list[str]] | None, list[list[str]]]:
    raw = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        fast = xlsx.first_sheet(archive, read.MAX_ROWS, read.MAX_CELLS)
    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    slow = [[read._cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return (_trimmed(fast) if fast is not None else None), _trimmed(slow)


def test_random_workbooks_read_the_same(tmp_path: Path) -> None:
    rng = random.Random(5)
    values = [
        "Helse og omsorg",
        "ja",
        " mellomrom ",
        "æøå «»",
        "x005F_y",
        "",
        None,
        4,
        4.0,
        2.5,
        -1,
        1e20,
        True,
    ]
    values += [False, 0, "=1+1", "Linje 1\nlinje 2", "😀"]
    for n in range(12):
        book = Workbook(write_only=n % 2 == 0)
        sheet = book.create_sheet() if n % 2 == 0 else book.active
        assert sheet is not None
        for r in range(rng.randint(1, 40)):
            row = [rng.choice(values) for _ in range(rng.randint(0, 12))]
            if n % 2 == 0:
                sheet.append(row)
            else:
                for c, value in enumerate(row, 1):
                    if value is not None:
                        sheet.cell(r + 2, c + rng.randint(0, 1), value)  # gaps: a row and a column
        path = tmp_path / f"b{n}.xlsx"
        book.save(path)
        fast, slow = both(path)
        assert fast == slow, n


def test_hand_written_parts_read_the_same(tmp_path: Path) -> None:
    cells = (
        '<row r="2"><c r="B2" t="inlineStr"><is><r><t>A</t></r><r><t xml:space="preserve"> b</t></r>'
        '<rPh sb="0" eb="1"><t>fonetisk</t></rPh></is></c>'
        '<c r="D2" t="s"><v>1</v></c><c r="E2" t="str"><f>A1</f><v>formel</v></c><c r="F2"><v></v></c>'
        '<c t="b"><v>1</v></c><c><v>3.50</v></c></row><row r="4"><c r="A4"><v>7</v></c></row>'
    )
    sheet = f'<?xml version="1.0"?><worksheet {MAIN}><sheetData>{cells}</sheetData></worksheet>'
    strings = f"<sst {MAIN}><si><t>null</t></si><si><r><t>rik</t></r><r><t> tekst</t></r>"
    strings += '<rPh sb="0" eb="1"><t>x</t></rPh></si></sst>'
    fast, slow = both(workbook(tmp_path / "h.xlsx", sheet, strings=strings))
    assert fast == slow
    assert fast is not None and fast[1][:4] == ["", "A b", "", "rik tekst"]


def test_dates_and_broken_workbooks_are_left_to_openpyxl(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Starttidspunkt", "ID"])
    sheet.append([dt.datetime(2025, 3, 1, 10, 2), 1])
    book.save(tmp_path / "dato.xlsx")
    assert both(tmp_path / "dato.xlsx")[0] is None
    assert both(TESTS / "fixtures" / "import" / "msforms_entreprenor.xlsx")[0] is None
    for name, path in hostile_exports(tmp_path).items():
        if path.suffix == ".xlsx" and name not in ("delt-streng-bombe", "for-mange-rader-xlsx"):
            with zipfile.ZipFile(path) as archive:
                assert xlsx.first_sheet(archive, read.MAX_ROWS, read.MAX_CELLS) is None, name


def test_a_workbook_with_too_many_rows_is_read_only_to_the_row_past_the_limit(tmp_path: Path) -> None:
    """A well-formed workbook that is merely too long is the fast reader's, and it stops at the
    first answer row past the limit (read.py then refuses the file at that row)."""
    path = hostile_exports(tmp_path)["for-mange-rader-xlsx"]
    with zipfile.ZipFile(path) as archive:
        rows = xlsx.first_sheet(archive, read.MAX_ROWS, read.MAX_CELLS)
    assert rows is not None and len(rows) == read.MAX_ROWS + 2  # the header, then one row past


def test_a_workbook_past_the_cell_limit_is_refused_at_the_row_that_passes_it(tmp_path: Path) -> None:
    width = 500
    rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{read.column_letters(c)}{r}"><v>{c}</v></c>' for c in range(width))
        + "</row>"
        for r in range(1, read.MAX_CELLS // width + 3)
    )
    path = workbook(
        tmp_path / "celler.xlsx",
        f'<?xml version="1.0"?><worksheet {MAIN}><sheetData>{rows}</sheetData></worksheet>',
    )
    with pytest.raises(InputError) as info:
        read.read_export(path)
    (problem,) = info.value.problems
    assert (problem.code, problem.where.line) == ("import.too_many_cells", read.MAX_CELLS // width + 1)


def test_a_workbook_with_more_shared_strings_than_cells_is_refused_before_its_sheet(tmp_path: Path) -> None:
    strings = f"<sst {MAIN}>" + "".join(f"<si><t>s{n}</t></si>" for n in range(read.MAX_CELLS + 1)) + "</sst>"
    cell = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    sheet = f'<?xml version="1.0"?><worksheet {MAIN}><sheetData>{cell}</sheetData></worksheet>'
    with pytest.raises(InputError) as info:
        read.read_export(workbook(tmp_path / "strenger.xlsx", sheet, strings=strings))
    (problem,) = info.value.problems
    assert (problem.code, problem.where.line) == ("import.too_many_cells", 1)
