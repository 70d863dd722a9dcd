"""Hostile and oversized survey exports are refused as positioned input errors (exit 2),
before the work where the size tells, never with a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from samarbeid.errors import InputError
from samarbeid.surveys import read
from samarbeid.surveys.read import read_export

HEADER = "Svar-ID;Enhet;Spørsmål\n"


def workbook(path: Path, sheet: str, *, strings: str | None = None, with_sheet: bool = True) -> Path:
    """A minimal XLSX with ``sheet`` as its first worksheet's XML."""
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheets = '<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets>' if with_sheet else "<sheets/>"
    book = (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + sheets
        + "</workbook>"
    )
    book_rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        + (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/>'
            if strings is not None
            else ""
        )
        + "</Relationships>"
    )
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/>'
            if strings is not None
            else ""
        )
        + "</Types>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", strings)
    return path


MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet_xml(cell: str, prolog: str = '<?xml version="1.0"?>') -> str:
    """A worksheet whose only cell A1 is ``cell`` (the ``<c>`` element's attributes and body)."""
    return (
        f'{prolog}<worksheet {MAIN}><sheetData><row r="1"><c r="A1" {cell}</c></row></sheetData></worksheet>'
    )


GOOD_SHEET = sheet_xml('t="inlineStr"><is><t>Svar-ID</t></is>')
LAUGHS = '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
ENTITY = '<!DOCTYPE l [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def refused(path: Path) -> tuple[str, int, int]:
    with pytest.raises(InputError) as info:
        read_export(path)
    (problem,) = info.value.problems
    return problem.code, problem.where.line, problem.where.column


def test_a_good_minimal_workbook_is_read(tmp_path: Path) -> None:
    assert read_export(workbook(tmp_path / "ok.xlsx", GOOD_SHEET)).header == ("Svar-ID",)


def test_a_shared_strings_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    bomb = "<sst " + MAIN + "><si><t>" + "A" * (read.MAX_UNPACKED + 1) + "</t></si></sst>"
    path = workbook(tmp_path / "bomb.xlsx", GOOD_SHEET, strings=bomb)
    assert path.stat().st_size < 1024 * 1024
    assert refused(path) == ("import.too_large_unpacked", 1, 1)


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


@pytest.mark.parametrize(
    "sheet",
    [
        pytest.param(GOOD_SHEET[: len(GOOD_SHEET) // 2], id="cut-in-half"),
        pytest.param(sheet_xml('t="s"><v>7</v>'), id="no-such-shared-string"),
        pytest.param(sheet_xml('t="inlineStr"><is><t>&b;</t></is>', LAUGHS), id="billion-laughs"),
        pytest.param(sheet_xml('t="inlineStr"><is><t>&e;</t></is>', ENTITY), id="external-entity"),
    ],
)
def test_a_broken_or_hostile_sheet_is_a_bad_workbook(tmp_path: Path, sheet: str) -> None:
    strings = f"<sst {MAIN}><si><t>x</t></si></sst>" if 't="s"' in sheet else None
    code, _, _ = refused(workbook(tmp_path / "ark.xlsx", sheet, strings=strings))
    assert code == "import.bad_xlsx"


def test_a_workbook_without_a_worksheet_is_a_bad_workbook(tmp_path: Path) -> None:
    assert refused(workbook(tmp_path / "tom.xlsx", GOOD_SHEET, with_sheet=False)) == ("import.bad_xlsx", 1, 1)


def test_a_utf16_file_cut_at_an_odd_byte_is_a_bad_encoding(tmp_path: Path) -> None:
    path = tmp_path / "kuttet.csv"
    path.write_bytes(("\ufeff" + HEADER + "1;Bærum;ja\n").encode("utf-16-le")[:-1])
    assert refused(path)[0] == "import.bad_encoding"


def test_one_latin1_cell_in_a_utf8_export_is_named_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "blandet.csv"
    path.write_bytes((HEADER + "1;Bærum;ja\n").encode() + "2;Asker;Fyllingsdalen æ\n".encode("latin-1"))
    assert refused(path) == ("import.mixed_encoding", 3, 23)


def test_a_windows_1252_export_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes((HEADER + "1;Bærum;ja\n").encode("cp1252"))
    assert read_export(path).rows[0].cells == ("1", "Bærum", "ja")
