"""A fast reader of a workbook's first worksheet, for the layout survey platforms write.

openpyxl reads a cell in about 13 µs; this reader, on expat, in about a quarter of that. It
gives the cells as text exactly as :func:`samarbeid.surveys.read._xlsx_rows` makes them from
openpyxl's values, or None whenever it is not sure, and openpyxl reads the file instead: a
DTD, a part that is not well-formed or not UTF-8, a shared string that does not exist, a
date (a number in a date or time format, or a ``d`` cell), an error cell, a part it does not
find. It stops at the first row past :mod:`.read`'s limits on rows and cells, which then
refuses the file at that row. So a broken or hostile workbook meets the same refusal as
before, and a date is made by openpyxl's own rules. ``tests/unit/test_survey_xlsx.py``
holds the two readers to the same cells.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from collections.abc import Callable
from typing import IO, Any
from xml.parsers import expat

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: number formats built into Excel that are not dates or times (ids 14–22, 27–36, 45–47 and
#: 50–81 are, or are in some locales)
_PLAIN_FORMATS = {0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 38, 39, 40, 41, 42, 43, 44, 48, 49}


class _Unsure(Exception):
    """Something this reader leaves to openpyxl."""


class _Enough(Exception):
    """Past a limit of :mod:`.read`: the rows so far are all it needs to refuse the file."""


class TooManyStrings(Exception):
    """The workbook's shared strings are more than :mod:`.read`'s limit on cells: every one
    is a cell's text (Excel and the platforms write no others), so there are more cells too.
    Refused before the sheet is read: a table of two million short strings would take
    seconds and hundreds of megabytes to read."""


def _parse(data: bytes | IO[bytes], start: Callable[..., Any], end: Callable[..., Any] | None = None,
           text: Callable[[str], Any] | None = None) -> None:  # fmt: skip
    """Run expat over ``data`` (namespaces as ``uri name``); a DTD or any fault is
    :class:`_Unsure`. A handler may stop it early with :class:`_Enough`."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_: Any) -> None:
        raise _Unsure

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        if isinstance(data, bytes):
            parser.Parse(data, True)
        else:  # a part of the archive, streamed: a large one is never in memory whole
            parser.ParseFile(data)
    except expat.ExpatError as exc:
        raise _Unsure from exc


def first_sheet(archive: zipfile.ZipFile, max_rows: int, max_cells: int) -> list[list[str]] | None:
    """The first worksheet's rows as text (row 1 first, a row for every row number, each from
    column A to its last cell), or None when openpyxl is to read the workbook. Raises
    :class:`TooManyStrings` for more shared strings than ``max_cells``."""
    try:
        return _read(archive, max_rows, max_cells)
    except TooManyStrings:
        raise
    except (_Unsure, KeyError, IndexError, ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError):
        return None


def _target(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))


def _read(archive: zipfile.ZipFile, max_rows: int, max_cells: int) -> list[list[str]] | None:
    names = set(archive.namelist())
    book = "xl/workbook.xml"
    sheet_ids: list[str] = []

    def in_book(name: str, attrs: dict[str, str]) -> None:
        if name == f"{_MAIN} sheet":
            sheet_ids.append(attrs[f"{_DOC_RELS} id"])

    _parse(archive.read(book), in_book)
    targets: dict[str, str] = {}
    kinds: dict[str, str] = {}

    def in_rels(name: str, attrs: dict[str, str]) -> None:
        if name == f"{_RELS} Relationship":
            targets[attrs["Id"]] = _target("xl", attrs["Target"])
            kinds[attrs["Type"].rsplit("/", 1)[-1]] = _target("xl", attrs["Target"])

    _parse(archive.read("xl/_rels/workbook.xml.rels"), in_rels)
    if not sheet_ids:
        return None
    sheet = targets[sheet_ids[0]]
    strings: list[str] = []
    if "sharedStrings" in kinds:
        with archive.open(kinds["sharedStrings"]) as part:
            strings = _strings(part, max_cells)
    formats = (
        _formats(archive.read(kinds["styles"])) if "styles" in kinds and kinds["styles"] in names else []
    )
    with archive.open(sheet) as part:
        return _sheet(part, strings, formats, max_rows, max_cells)


def _strings(data: IO[bytes], limit: int) -> list[str]:
    """The shared strings, as openpyxl reads them: a string's own ``<t>`` and its runs' ``<t>``
    (not the phonetic ``<rPh>``), with ``x005F_`` taken out; :class:`TooManyStrings` past
    ``limit`` of them."""
    out: list[str] = []
    parts: list[str] = []
    path: list[str] = []
    keep = [False]

    def start(name: str, _: dict[str, str]) -> None:
        path.append(name)
        keep[0] = name == f"{_MAIN} t" and len(path) >= 2 and path[-2] in (f"{_MAIN} si", f"{_MAIN} r")

    def end(name: str) -> None:
        path.pop()
        keep[0] = False
        if name == f"{_MAIN} si":
            out.append("".join(parts).replace("x005F_", ""))
            parts.clear()
            if len(out) > limit:
                raise TooManyStrings

    def text(data: str) -> None:
        if keep[0]:
            parts.append(data)

    _parse(data, start, end, text)
    return out


def _formats(data: bytes) -> list[int]:
    """The number format of each cell style (``cellXfs``), by the style's index."""
    out: list[int] = []
    inside = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == f"{_MAIN} cellXfs":
            inside[0] = True
        elif inside[0] and name == f"{_MAIN} xf":
            out.append(int(attrs.get("numFmtId", "0")))

    def end(name: str) -> None:
        if name == f"{_MAIN} cellXfs":
            inside[0] = False

    _parse(data, start, end)
    return out


_COLUMN = re.compile(r"[A-Z]{1,3}")


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


def _sheet(
    data: IO[bytes], strings: list[str], formats: list[int], max_rows: int, max_cells: int
) -> list[list[str]]:
    """The rows of a worksheet part, read in one pass of expat; anything this reader does not
    read exactly as openpyxl would is :class:`_Unsure`. The handlers keep their state in the
    closure's variables: they run for every element of the sheet (about 140 000 for 1 000
    responses to 60 questions)."""
    rows: list[list[str]] = []
    row: list[str] = []
    suffix = ""  # the current row's number, as a cell reference ends with it
    column, kind, style, inside, cells = -1, "n", 0, "", 0
    columns: dict[str, int] = {}  # a reference's letters → its column, checked once
    v_tag, t_tag, c_tag, row_tag, is_tag, rph_tag = (
        f"{_MAIN} {n}" for n in ("v", "t", "c", "row", "is", "rPh")
    )
    parts: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, suffix, column, kind, style, inside
        if name == c_tag:
            ref = attrs.get("r")
            if ref:
                if not ref.endswith(suffix):
                    raise _Unsure
                letters = ref[: len(ref) - len(suffix)]
                found = columns.get(letters)
                if found is None:
                    if _COLUMN.fullmatch(letters) is None:
                        raise _Unsure
                    found = columns[letters] = _column(letters)
                column = found
            else:
                column += 1
            kind, style = attrs.get("t", "n"), int(attrs.get("s", "0") or 0)
            inside = ""
            parts.clear()
        elif name == row_tag:
            number = int(attrs["r"]) if "r" in attrs else len(rows) + 1
            if number <= len(rows):
                raise _Unsure
            if number > max_rows + 1:  # read.py refuses the file at the row past the limit
                rows.extend([] for _ in range(max_rows + 2 - len(rows)))
                raise _Enough
            while len(rows) < number:
                rows.append([])
            row, suffix, column = rows[-1], str(number), -1
        elif name == v_tag and kind != "inlineStr":
            inside = "v"
            parts.clear()
        elif name == is_tag:
            inside = "is"
        elif name == t_tag and inside == "is":
            inside = "is-t"
        elif name == rph_tag:
            inside = "rPh"

    def end(name: str) -> None:
        nonlocal inside
        if name == c_tag:
            _cell("".join(parts) if parts or inside else None)
        elif name == t_tag and inside == "is-t":
            inside = "is"
        elif name == v_tag and inside == "v":
            inside = "v-done"
        elif name == rph_tag:
            inside = "is"

    def text(data: str) -> None:
        if inside == "v" or inside == "is-t":
            parts.append(data)

    def _cell(raw: str | None) -> None:
        nonlocal cells
        value = ""
        if kind == "inlineStr":
            value = raw or ""
        elif raw:  # openpyxl: an empty <v/> is no value
            if kind == "n":
                if formats and (style >= len(formats) or formats[style] not in _PLAIN_FORMATS):
                    raise _Unsure  # perhaps a date: openpyxl's rules
                value = _number(raw)
            elif kind == "s":
                value = strings[int(raw)]
            elif kind == "b":
                value = str(bool(int(raw)))
            elif kind == "str":
                value = raw
            else:  # "e", "d": openpyxl's
                raise _Unsure
        if not rows or len(row) > column:
            raise _Unsure  # a cell out of order, or outside a row
        cells += column + 1 - len(row)
        row.extend([""] * (column - len(row)))
        row.append(value)
        if cells > max_cells:  # read.py refuses the file at this row
            raise _Enough

    with contextlib.suppress(_Enough):
        _parse(data, start, end, text)
    return rows


def _number(raw: str) -> str:
    """A number as :func:`samarbeid.surveys.read._cell_text` writes openpyxl's value of it."""
    if "." in raw or "E" in raw or "e" in raw:
        value = float(raw)
        return str(int(value)) if value.is_integer() else str(value)
    return str(int(raw))
