"""Read a survey export into a table of text cells.

CSV and TSV: the delimiter (``;``, ``,`` or tab) is sniffed from the header line; UTF-8 with
or without a byte-order mark, UTF-16 (Excel's «Unicode-tekst») and, as a last resort,
Windows-1252. XLSX: the first worksheet, through openpyxl. Rows and columns are numbered as a
spreadsheet shows them (the header is row 1), so an error points at the cell a person sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from samarbeid.errors import InputError, Problem, SourceRef
from samarbeid.message import Msg
from samarbeid.parse.yamlread import read_bytes

#: A header longer than this is cut (at a word's end, with « …») where a position names its column.
HEADER_SHOWN = 30
#: Exports larger than this are refused before they are read (a survey of 30 people is a few
#: kilobytes; docs/import.md gives the limits and docs/performance.md what they cost).
MAX_BYTES = 10 * 1024 * 1024
#: A workbook whose parts unpack to more than this is refused before it is opened (a
#: shared-strings bomb packs gigabytes into a few megabytes).
MAX_UNPACKED = 40 * 1024 * 1024
#: Rows under the header, columns, and cells in all, past these are refused while the file is
#: read. The cells bound the time: openpyxl reads a workbook's cells at about 13 µs each, so
#: 200 000 of them take under 3 s; a CSV's are a hundred times cheaper. More respondents than
#: the answer file holds (samarbeid.parse.yamlread's limits: about 840 answering all 55
#: questions) are refused before anything is written (samarbeid.surveys.output).
MAX_ROWS = 2000
MAX_COLUMNS = 1000
MAX_CELLS = 200_000
_DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number and its cells as text ("" when empty)."""

    number: int
    cells: tuple[str, ...]

    def get(self, column: int) -> str:
        """The cell of 0-based ``column`` ("" past the end)."""
        return self.cells[column] if column < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    """An export as read: the header (row 1) and the data rows."""

    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    def at(self, row: int, column: int) -> SourceRef:
        """The cell of spreadsheet ``row`` and 0-based ``column``, named as a spreadsheet shows
        it: the column's letters and its header (``4:AI («Vi har en koordinator …»)``)."""
        heading = " ".join(self.header[column].split()) if column < len(self.header) else ""
        if len(heading) > HEADER_SHOWN:  # cut at a word's end when there is one
            cut = heading[: HEADER_SHOWN + 1]
            heading = (cut.rsplit(" ", 1)[0] if " " in cut else cut[:HEADER_SHOWN]).rstrip() + " …"
        cell = column_letters(column) + (f" («{heading}»)" if heading else "")
        return SourceRef(self.file, row, column + 1, cell)


def column_letters(column: int) -> str:
    """A 0-based column as a spreadsheet names it: 0 → ``A``, 25 → ``Z``, 34 → ``AI``."""
    letters = ""
    number = column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_export(path: Path) -> Table:
    """Read ``path`` as a CSV/TSV or XLSX export; an unreadable, broken or too large file is an
    input error, refused before the work where its size tells."""
    name = str(path)
    raw = read_bytes(path, name, MAX_BYTES)
    if raw is None:
        raise InputError.at(name, 1, 1, "file.not_found")
    if len(raw) > MAX_BYTES:
        raise InputError.at(name, 1, 1, "import.too_large", limit=MAX_BYTES // (1024 * 1024))
    cells = _xlsx_rows(raw, name) if raw.startswith(b"PK\x03\x04") else _csv_rows(_decode(raw, name), name)
    numbered: list[tuple[int, list[str]]] = []
    count = 0
    for n, row in enumerate(cells, start=1):
        if n > MAX_ROWS + 1:
            raise InputError.at(name, n, 1, "import.too_many_rows", limit=MAX_ROWS)
        count += len(row)
        if count > MAX_CELLS:
            raise InputError.at(name, n, 1, "import.too_many_cells", limit=MAX_CELLS)
        if len(row) > MAX_COLUMNS and any(c.strip() for c in row[MAX_COLUMNS:]):
            raise InputError.at(name, n, MAX_COLUMNS + 1, "import.too_many_columns", limit=MAX_COLUMNS)
        if any(c.strip() for c in row):
            numbered.append((n, row[:MAX_COLUMNS]))
    if not numbered:
        raise InputError.at(name, 1, 1, "import.empty")
    header = tuple(h.strip() for h in numbered[0][1])
    rows = tuple(Row(n, tuple(row)) for n, row in numbered[1:])
    return Table(name, header, rows)


def _decode(raw: bytes, name: str) -> str:
    """The text of a CSV export. Windows-1252 is the last resort for a file with no UTF-8 in it;
    a UTF-8 file with one cell in another encoding is refused at that cell, not garbled."""
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        if len(raw) > 1 and raw[1:2] == b"\x00" and raw[0:1] != b"\x00":  # UTF-16 LE without a BOM
            return raw.decode("utf-16-le")
    except UnicodeDecodeError as exc:
        line, column = _position(raw[: exc.start].decode(exc.encoding, errors="replace"))
        raise InputError.at(name, line, column, "import.bad_encoding", encoding="UTF-16") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if any(b >= 0x80 for b in raw[: exc.start]) or _has_utf8(raw[exc.end :]):
            line, column = _position(raw[: exc.start].decode("utf-8-sig"))
            raise InputError.at(name, line, column, "import.mixed_encoding") from None
    return raw.decode("cp1252", errors="replace")


def _has_utf8(raw: bytes) -> bool:
    """Whether ``raw`` holds a UTF-8 sequence of more than one byte (an «æ» written as UTF-8)."""
    text = raw.decode("utf-8", errors="replace")
    return any(ord(ch) > 0x7F and ch != "\ufffd" for ch in text)


def _position(before: str) -> tuple[int, int]:
    """The 1-based line and column just after ``before``."""
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _sniff(first_line: str) -> str:
    """The delimiter of the header line: the one of ``;``, ``,`` and tab found most often
    outside quotes (a question text may hold a comma)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_line(text: str) -> str:
    """The header record, which may span lines when a quoted question text holds a line break."""
    out: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        out.append(ch)
    return "".join(out)


def _csv_rows(text: str, name: str) -> Iterator[list[str]]:
    """The records of ``text``, one at a time, so that a limit stops the reading."""
    if "\x00" in text:
        raise InputError.at(name, 1, 1, "import.not_export", reason=Msg("import.reason.binary"))
    delimiter = _sniff(_header_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise InputError.at(name, reader.line_num, 1, "import.bad_csv", reason=str(exc)) from None


def _xlsx_rows(raw: bytes, name: str) -> Iterator[list[str]]:
    """The first worksheet's rows, streamed (openpyxl's read-only mode). A workbook that
    unpacks to more than :data:`MAX_UNPACKED` is refused before it is opened, and any fault of
    the parser on a broken or hostile workbook (a cut part, a missing shared string, a DTD) is
    a positioned error: openpyxl raises many kinds, none of them a crash of samarbeid."""
    import zipfile

    from samarbeid.surveys.xlsx import TooManyStrings, first_sheet

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            fast = first_sheet(archive, MAX_ROWS, MAX_CELLS) if unpacked <= MAX_UNPACKED else None
    except TooManyStrings:
        raise InputError.at(name, 1, 1, "import.too_many_cells", limit=MAX_CELLS) from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise InputError.at(name, 1, 1, "import.bad_xlsx", reason=Msg("import.reason.damaged")) from None
    if unpacked > MAX_UNPACKED:
        raise InputError.at(name, 1, 1, "import.too_large_unpacked", limit=MAX_UNPACKED // (1024 * 1024))
    if fast is not None:  # the common layout, read without openpyxl (samarbeid.surveys.xlsx)
        yield from fast
        return
    from openpyxl import load_workbook

    row_number = 1
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise InputError.at(name, 1, 1, "import.bad_xlsx", reason=Msg("import.reason.no_sheet"))
            for row in book.worksheets[0].iter_rows(values_only=True):
                yield [_cell_text(v) for v in row]
                row_number += 1
        finally:
            book.close()
    except InputError:
        raise
    except Exception as exc:  # any fault of the parser: see the docstring
        cell = _undecodable_cell(raw)
        if cell is not None:  # named as Excel shows it, not by a line of the XML
            line, column = cell
            where = SourceRef(name, line, column + 1, column_letters(column))
            raise InputError(
                [Problem(where, "import.mixed_encoding_cell", {"cell": f"{where.cell}{line}"})]
            ) from None
        reason = Msg("import.reason.xml_entities" if _refused_entities(exc) else "import.reason.damaged")
        raise InputError.at(name, row_number, 1, "import.bad_xlsx", reason=reason) from None


def _refused_entities(exc: BaseException | None) -> bool:
    """Whether ``exc`` comes from defusedxml (which openpyxl parses with) refusing a DTD's
    entities: a spreadsheet never writes them, so a workbook with them is hostile, not damaged."""
    while exc is not None:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


_CELL = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')


def _undecodable_cell(raw: bytes) -> tuple[int, int] | None:
    """The row and 0-based column of the first cell whose text is not UTF-8 (a Latin-1 «æ»
    in a shared string or in the sheet), when that is why the workbook cannot be read."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = archive.namelist()
        sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        if not sheets:
            return None
        sheet = archive.read(sheets[0])
        strings = archive.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else b""
    cells = _CELL.finditer(sheet)
    bad = _first_undecodable(strings)
    if bad is not None:  # the cell that shows that shared string
        index = len(re.findall(rb"<si\b", strings[:bad])) - 1
        value = f"<v>{index}</v>".encode()
        cells = (m for m in cells if b't="s"' in m[1] and m[2].strip() == value)
    else:
        bad = _first_undecodable(sheet)
        if bad is None:
            return None
        cells = (m for m in cells if m.start() <= bad < m.end())
    found = next(cells, None)
    ref = _REF.search(found[1]) if found is not None else None
    if ref is None:
        return None
    column = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(ref[1].decode()))) - 1
    return int(ref[2]), column


def _first_undecodable(part: bytes) -> int | None:
    """The offset of the first byte of ``part`` that is not UTF-8, or None."""
    try:
        part.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _cell_text(value: object) -> str:
    """A cell as text: numbers as written (``4.0`` stays ``4.0``; whole floats from a numeric
    cell lose nothing the value mapping needs), dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
