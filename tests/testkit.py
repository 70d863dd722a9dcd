"""Shared test helpers: paths, the in-process CLI runner and answer-file builders.

Imported as ``testkit`` (pytest puts ``tests/`` on ``sys.path``, see ``pythonpath`` in
pyproject.toml), never as ``tests.testkit``: the repository root must stay off ``sys.path``
so that the tests exercise the installed ``samarbeid``, not the source tree.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from typer.testing import CliRunner

from samarbeid.cli import app
from samarbeid.load.answers import Submission, merge, validate_document
from samarbeid.parse.yamlread import parse_text
from samarbeid.rubric.model import Rubric

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
MINI = DATA / "mini-rubric.yaml"
NO_ANSWER = ("vet_ikke", "ikke_relevant")
EXAMPLES = ROOT / "examples"
GOLDEN = TESTS / "golden"
#: Regenerate the golden files after a reviewed change:
#: ``SAMARBEID_UPDATE_GOLDEN=1 python -m pytest tests/golden``
UPDATE_GOLDEN = os.environ.get("SAMARBEID_UPDATE_GOLDEN") == "1"


def assert_golden(path: Path, text: str) -> None:
    """``text`` is exactly the reviewed golden file ``path`` (no newline translation either way).
    With ``SAMARBEID_UPDATE_GOLDEN=1`` the file is written first: review its diff."""
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    with path.open(encoding="utf-8", newline="") as golden:
        assert text == golden.read()


#: folders a walk of the source tree leaves out (build output, caches, virtual environments)
_NOT_SOURCE = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache"}


class Pdf:
    """A PDF read back with pypdf: its pages' text, the number of pages, the title in its
    metadata, the language in its catalogue, and the names of its fonts."""

    def __init__(self, data: bytes) -> None:
        from pypdf import PdfReader

        assert data[:5] == b"%PDF-", data[:40]
        reader = PdfReader(io.BytesIO(data))
        self.pages = len(reader.pages)
        texts = [page.extract_text() for page in reader.pages]
        # each page's footer (a title and the page number) is its last line: left out, so that
        # a paragraph that runs over a page break reads as one
        self.text = "\n".join(
            text.rsplit("\n", 1)[0] if text.rstrip().endswith(f"· {n}") else text
            for n, text in enumerate(texts, 1)
        )
        self.title = reader.metadata.title if reader.metadata else None
        self.lang = reader.trailer["/Root"].get("/Lang")
        self.sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
        self.fonts: set[tuple[str, bool]] = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendants = font.get("/DescendantFonts") or [font]
                descriptor = descendants[0].get_object().get("/FontDescriptor")
                embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
                self.fonts.add((str(font["/BaseFont"]), embedded))

    def words(self) -> str:
        """The text with every run of white space (a line break too) as one space."""
        return " ".join(self.text.split())


#: A4 in points, as a PDF's media box gives it
A4 = (595, 842)


def pdf_text(data: bytes) -> str:
    """The text of a PDF, its white space folded (see :class:`Pdf`)."""
    return Pdf(data).words()


#: where the repository keeps YAML files (answer files, broken ones, rubrics, plans)
YAML_FOLDERS = (
    EXAMPLES,
    TESTS / "data",
    TESTS / "bad_inputs",
    TESTS / "fixtures",
    ROOT / "benchmarks" / "cases",
)


def repository_yaml() -> dict[str, bytes]:
    """Every YAML file the repository keeps in :data:`YAML_FOLDERS` (not those the tests
    generate), by its name from the root."""
    folders = tuple(f"{folder.relative_to(ROOT)}/" for folder in YAML_FOLDERS)
    return {
        name: (ROOT / name).read_bytes()
        for name in repository_files()
        if name.startswith(folders) and name.endswith(".yaml")
    }


def repository_files() -> list[str]:
    """The repository's files, relative to its root: ``git ls-files`` (tracked, and new files
    not ignored) in a checkout, else (an unpacked sdist) every file outside build output and
    caches."""
    if (ROOT / ".git").exists() and shutil.which("git") is not None:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        )
        names = {name for name in listed.stdout.decode().split("\0") if name}
        return sorted(name for name in names if (ROOT / name).is_file())
    return sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*")
        if path.is_file()
        and not _NOT_SOURCE.intersection(path.relative_to(ROOT).parts)
        and not any(part.endswith(".egg-info") for part in path.parts)
    )


def example_projects() -> dict[str, list[str]]:
    """The projects in ``examples/`` by name, each with its files relative to the repository root:
    each top-level file is a project, and so is each sub-folder but ``invalid/`` (broken files)
    and ``tidligere/`` (earlier assessments, used as ``--baseline``)."""
    found = {p.stem: [str(p.relative_to(ROOT))] for p in sorted(EXAMPLES.glob("*.yaml"))}
    folders = (p for p in EXAMPLES.iterdir() if p.is_dir() and p.name not in ("invalid", "tidligere"))
    for folder in sorted(folders):
        found[folder.name] = [str(p.relative_to(ROOT)) for p in sorted(folder.glob("*.yaml"))]
    return found


def answer_file(
    respondents: list[dict[str, Any]],
    *,
    project_id: str = "test-prosjekt",
    status: str = "complete",
    phase: str | None = None,
) -> str:
    """The YAML text of an answer file with these respondents (in ``phase``, if given)."""
    project = {"id": project_id, "name": "Testprosjekt", "kommune": "Testkommune", "entreprenor": "Test AS"}
    if phase is not None:
        project["phase"] = phase
    data = {"samarbeid": 1, "project": project, "status": status, "respondents": respondents}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def submission(
    rubric: Rubric, *respondents: dict[str, Any], name: str = "test.yaml", phase: str | None = None
) -> Submission:
    """Validate and merge an in-memory answer file (marked complete when it holds answers: a
    complete file without any is an input error)."""
    answered = any(r.get("answers") for r in respondents)
    status = "complete" if answered else "in_progress"
    doc = parse_text(answer_file(list(respondents), status=status, phase=phase), name)
    return merge([validate_document(doc, rubric)])


def uniform(rubric: Rubric, role: str, pick: Callable[[list[Any]], Any], **extra: Any) -> dict[str, Any]:
    """A respondent answering every question of ``role`` with ``pick(scale values)``."""
    answers = {q.id: pick([v for v in q.values() if v not in NO_ANSWER]) for q in rubric.questions_for(role)}
    return {"role": role, **extra, "answers": answers}


def best(rubric: Rubric, role: str, **extra: Any) -> dict[str, Any]:
    return uniform(rubric, role, lambda values: values[-1], **extra)


def worst(rubric: Rubric, role: str, **extra: Any) -> dict[str, Any]:
    return uniform(rubric, role, lambda values: values[0], **extra)


def run_samarbeid(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command line in a child process, in bokmål without colour: a hang ends at
    ``timeout`` seconds as a failed test, not a stuck suite."""
    env = {**os.environ, "SAMARBEID_LANG": "nb", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "samarbeid", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


class Cli:
    """Runs the real command line in-process."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None) -> Any:
        return self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


TODAY = dt.date(2024, 5, 1)


CTRL_C = object()  # in a script: the user presses Ctrl-C at this prompt


class Script:
    """A reader that plays scripted lines, writes each prompt to ``out`` and records every
    read (and whether it was hidden).

    ``check`` runs before each read, so a test can look at the file as it stands whenever
    the user is asked something."""

    def __init__(
        self, lines: list[Any], check: Callable[[], None] | None = None, out: io.StringIO | None = None
    ) -> None:
        self.lines = list(lines)
        self.reads: list[bool] = []
        self.check = check
        self.out = out

    def __call__(self, prompt: str, hidden: bool) -> str:
        if self.out is not None:
            self.out.write(prompt)
        if self.check is not None:
            self.check()
        self.reads.append(hidden)
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if line is CTRL_C:
            raise KeyboardInterrupt
        return str(line)


class Run:
    def __init__(self, code: int, out: str, script: Script) -> None:
        self.code, self.out, self.script = code, out, script


def assess(
    file: Path,
    lines: list[Any],
    *roles: str,
    unit: str | None = None,
    name: str | None = None,
    lang: str = "nb",
    rubric: Path | None = MINI,
    check: Callable[[], None] | None = None,
    names: bool = False,
    resume: bool = False,
) -> Run:
    """Run the command in-process with scripted input and an 80-column plain console."""
    out = io.StringIO()
    console = Console(file=out, width=80, highlight=False, markup=False, emoji=False, color_system=None)
    script = Script(lines, check, out)
    from samarbeid.commands import assess as command

    code = command.run(
        file,
        roles=list(roles) or ["kommune"],
        unit=unit,
        name=name,
        lang=lang,
        rubric_path=rubric,
        color=False,
        names=names,
        resume=resume,
        reader=script,
        console=console,
        require_tty=False,
        today=TODAY,
    )
    return Run(int(code), out.getvalue(), script)


def data(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def answers(path: Path, index: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = data(path)["respondents"][index]["answers"]
    return found


PROJECT = ["", "Forkurs i helsefag", "Inderøy kommune", "Maurtuva Vekstgård", "3"]  # new-file details


KOMMUNE_ALL = ["4", "5", "3", "3", "3"]  # felles-mal, roller, forankringsplan, politisk, koordinator


def write(path: Path, respondents: list[dict[str, Any]], status: str = "in_progress") -> Path:
    path.write_text(answer_file(respondents, status=status), encoding="utf-8")
    return path


AS_OF = "2026-12-01"


def portfolio(folder: Path, count: int) -> list[Path]:
    """``count`` generated projects, each its own id; every 7th assessed in January 2025 (stale
    on 2026-12-01), every 11th without a date."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from batch import generate  # type: ignore[import-not-found]  # benchmarks/batch.py: varied files, fast

    paths: list[Path] = list(generate(folder, count))
    for i, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"  id: \S+", f"  id: prosjekt-{i:05d}", text)
        if i % 11 == 0:
            text = re.sub(r"  assessed: \S+\n", "", text)
        elif i % 7 == 0:
            text = re.sub(r"  assessed: \S+", "  assessed: 2025-01-15", text)
        path.write_text(text, encoding="utf-8")
    return paths


# --- survey exports: workbooks built part by part, and the hostile ones -------------------


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


def hostile_exports(folder: Path) -> dict[str, Path]:
    """The broken, hostile and oversized survey exports of the corpus (each small or sparse),
    written to ``folder``: a shared-strings bomb, sheet XML cut in half, a shared string that
    does not exist, no worksheet, billion laughs, an external entity, a UTF-16 file cut at an
    odd byte, a Latin-1 cell in a UTF-8 file, a file over the size cap, too many rows (CSV and
    XLSX), too many columns and a FIFO, each refused by the reader itself; and a Latin-1 «æ» in
    a workbook, in a shared string shown in C3 and in an inline string in B2."""
    from samarbeid.surveys.read import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED

    bomb = f"<sst {MAIN}><si><t>" + "A" * (MAX_UNPACKED + 1) + "</t></si></sst>"
    strings = f"<sst {MAIN}><si><t>x</t></si></sst>"
    text = "Svar-ID;Enhet;Spørsmål\n1;Bærum;ja\n"
    (folder / "utf16-kuttet.csv").write_bytes(("\ufeff" + text).encode("utf-16-le")[:-1])
    (folder / "latin1-celle.csv").write_bytes(text.encode() + "2;Asker æ;ja\n".encode("latin-1"))
    with (folder / "for-stor.csv").open("wb") as sparse:
        sparse.truncate(MAX_BYTES + 1)
    rows = "".join(f"{n};Bærum;ja\n" for n in range(MAX_ROWS + 1))
    (folder / "for-mange-rader.csv").write_text("Svar-ID;Enhet;Spørsmål\n" + rows, encoding="utf-8")
    (folder / "for-mange-kolonner.csv").write_text(
        ";".join(["x"] * (MAX_COLUMNS + 1)) + "\n", encoding="utf-8"
    )
    os.mkfifo(folder / "fifo.csv")
    sheet_rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, MAX_ROWS + 3))
    many = f'<?xml version="1.0"?><worksheet {MAIN}><sheetData>{sheet_rows}</sheetData></worksheet>'
    return {
        "delt-streng-bombe": workbook(folder / "delt-streng-bombe.xlsx", GOOD_SHEET, strings=bomb),
        "ark-kuttet": workbook(folder / "ark-kuttet.xlsx", GOOD_SHEET[: len(GOOD_SHEET) // 2]),
        "ukjent-delt-streng": workbook(
            folder / "ukjent-delt-streng.xlsx", sheet_xml('t="s"><v>7</v>'), strings=strings
        ),
        "uten-regneark": workbook(folder / "uten-regneark.xlsx", GOOD_SHEET, with_sheet=False),
        "milliard-latter": workbook(
            folder / "milliard-latter.xlsx", sheet_xml('t="inlineStr"><is><t>&b;</t></is>', LAUGHS)
        ),
        "ekstern-entitet": workbook(
            folder / "ekstern-entitet.xlsx", sheet_xml('t="inlineStr"><is><t>&e;</t></is>', ENTITY)
        ),
        "utf16-kuttet": folder / "utf16-kuttet.csv",
        "latin1-celle": folder / "latin1-celle.csv",
        "for-stor": folder / "for-stor.csv",
        "for-mange-rader": folder / "for-mange-rader.csv",
        "for-mange-rader-xlsx": workbook(folder / "for-mange-rader.xlsx", many),
        "for-mange-kolonner": folder / "for-mange-kolonner.csv",
        "fifo": folder / "fifo.csv",
        "latin1-delt-streng": _latin1_workbook(folder / "latin1-delt-streng.xlsx", shared=True),
        "latin1-i-arket": _latin1_workbook(folder / "latin1-i-arket.xlsx", shared=False),
    }


def _latin1_workbook(path: Path, *, shared: bool) -> Path:
    """A workbook of three rows whose «Asker æ» has its «æ» in Latin-1: in the shared string
    that C3 shows, or in B2's inline string."""
    bad = "Asker #"  # the «#» becomes the byte 0xE6 alone: «æ» in Latin-1
    inline = '<c r="B2" t="inlineStr"><is><t>' + (bad if not shared else "Bærum") + "</t></is></c>"
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        f'<row r="2"><c r="A2"><v>1</v></c>{inline}<c r="C2" t="s"><v>2</v></c></row>'
        '<row r="3"><c r="A3"><v>2</v></c><c r="C3" t="s"><v>3</v></c></row>'
    )
    strings = f"<sst {MAIN}><si><t>Svar-ID</t></si><si><t>Enhet</t></si><si><t>ja</t></si>"
    strings += f"<si><t>{bad if shared else 'Asker'}</t></si></sst>"
    sheet = f'<?xml version="1.0"?><worksheet {MAIN}><sheetData>{rows}</sheetData></worksheet>'
    workbook(path, sheet, strings=strings)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n).replace(b"Asker #", b"Asker \xe6") for n in z.namelist()}
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


#: A Nettskjema CSV report for two questions of the default rubric, one row per submission:
#: the export the import-level cases of the corpus change (read with ``--partial``).
NETTSKJEMA_HEADER = (
    "$submission_id",
    "$created",
    "$answer_time_ms",
    "enhet",
    "felles-mal",
    "felles-mal_kommentar",
)
NETTSKJEMA_ROWS = (
    ("1", "2025-03-04T09:12:44+01:00", "61000", "Helse og omsorg", "4", "Samme mål"),
    ("2", "2025-03-05T10:01:02+01:00", "52000", "Oppvekst", "3", ""),
)


def nettskjema_export(
    path: Path, header: tuple[str, ...] = (), rows: tuple[tuple[str, ...], ...] = ()
) -> Path:
    """:data:`NETTSKJEMA_ROWS` as a CSV report, with ``header`` as extra columns (each row
    gets a value for them) and ``rows`` added at the end."""
    extra = tuple(f"annen {n}" for n, _ in enumerate(header))
    lines = [(*NETTSKJEMA_HEADER, *header), *((*row, *extra) for row in NETTSKJEMA_ROWS), *rows]
    path.write_text("".join(";".join(line) + "\n" for line in lines), encoding="utf-8")
    return path


def hostile_imports(folder: Path) -> dict[str, Path]:
    """The exports of the corpus that the reader takes but the import refuses (read with
    ``--partial``): a second unit column, a second comment column for one question, and one
    submission id twice with different answers."""
    other = (*NETTSKJEMA_ROWS[0][:4], "2", "Samme mål")
    return {
        "to-enhetskolonner": nettskjema_export(folder / "to-enhetskolonner.csv", ("Enhet",)),
        "to-kommentarkolonner": nettskjema_export(
            folder / "to-kommentarkolonner.csv", ("felles-mal_comment",)
        ),
        "gjentatt-innsending-ulike-svar": nettskjema_export(
            folder / "gjentatt-ulike-svar.csv", rows=(other,)
        ),
    }


#: A rubric text with a formula, a script and an image with a handler: a form shows it as text.
HOSTILE_TEXT = (
    '=HYPERLINK("https://example.com","klikk") <script>alert(1)</script> <img src=x onerror=alert(2)>'
)


def hostile_rubric(folder: Path) -> Path:
    """The mini rubric with :data:`HOSTILE_TEXT` as its first question's text and help."""
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    first = data["questions"][0]
    first["text"]["kommune"]["nb"] = HOSTILE_TEXT
    first["help"]["nb"] = HOSTILE_TEXT
    path = folder / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# ---- randomly varied answer files (the fast reader's comparison test) -------------------------

#: Values a plain scalar may take that YAML reads as something else, or not at all.
ODD_VALUES = (
    "yes", "No", "on", "OFF", "y", "~", "null", "Null", "", "1.5", "-1", "+1", "0x10", "0o7", "012",
    "1_000", "1:20", "1e3", ".inf", "-.Inf", ".nan", "2026-02-30", "2026-1-5", "2026-01-01 10:00:00",
    "2026-01-01T10:00:00Z", "=", "<<", "99999999999999999999", "ja:", "a: b", "a #b", "a#b", "- x",
    "? x", ": x", "!x", "!!str x", "%x", "@x", "`x", "|", ">", "*x", "&x y", "[1, 2]", "{a: 1}",
    "'a''b'", '"a\\tb"', '"a\\u00e6"', "'åpen", '"åpen', "x" * 300, "vet ikke", "Helt enig",
    "æøå ÆØÅ", "日本語", "😀 emoji", "a\u0301", "a\u00a0b", "a\u200bb", "a\u2028b", "a\x85b",
    "a\u202eb", "a\ufeffb", "a\ufffeb", "a\x1bb", "a\x7fb", "a\tb", "a\\nb", "'''", "a'", 'a"',
)  # fmt: skip
#: Characters that mean something to YAML, inserted at random places.
YAML_CHARS = ":#-'\"{}[],&*!|>%@`? \t\r\n\ufeff\u2028\x85\u00a0\x00\\"


def _sibling_lines(lines: list[str], rng: random.Random) -> tuple[int, int] | None:
    """Two key lines at the same indent with nothing deeper between them, if any."""
    keyed = [i for i, line in enumerate(lines) if re.match(r"[ ]*[\w-]+:", line)]
    if len(keyed) < 2:
        return None
    i = rng.choice(keyed[:-1])
    j = keyed[keyed.index(i) + 1]
    return (i, j) if _indent(lines[i]) == _indent(lines[j]) else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _value_line(lines: list[str], rng: random.Random) -> tuple[int, re.Match[str]] | None:
    """A random ``key: value`` line and its match (groups: head, value, tail)."""
    found = [(i, m) for i, line in enumerate(lines) if (m := re.match(r"(.*?\w: ?)(\S.*?)(\s*#.*)?$", line))]
    return rng.choice(found) if found else None


def _mutate_lines(lines: list[str], rng: random.Random) -> list[str]:
    """One random change to the lines of an answer file."""
    kind = rng.randrange(24)
    n = len(lines)
    i = rng.randrange(n) if n else 0
    if not lines:
        return ["a: 1"]
    line = lines[i]
    if kind == 0:  # reorder two sibling keys
        pair = _sibling_lines(lines, rng)
        if pair:
            a, b = pair
            lines[a], lines[b] = lines[b], lines[a]
    elif kind == 1:  # change the quoting of a value
        found = _value_line(lines, rng)
        if found:
            k, m = found
            value = m[2]
            quoted = rng.choice(
                [
                    "'" + value + "'",
                    '"' + value + '"',
                    value.strip("'\""),
                    "'" + value.replace("'", "''") + "'",
                    '"' + value + '\\t"',
                ]
            )
            lines[k] = m[1] + quoted + (m[3] or "")
    elif kind == 2:  # a comment line, at any indent
        lines.insert(
            i, " " * rng.randrange(9) + rng.choice(["#", "# ", "#: x", "# - a: b", "#\t"]) + "kommentar"
        )
    elif kind == 3:  # a comment after a value, with or without a space
        lines[i] = line + rng.choice([" # x", "  #x", "#x", " #", "\t# x", " # a: b"])
    elif kind == 4:  # flow style
        found = _value_line(lines, rng)
        if found:
            k, m = found
            lines[k] = m[1] + rng.choice([f"[{m[2]}]", f"{{x: {m[2]}}}", "{}", "[]", "{ }", "[ ]", "{}x"])
        else:
            lines[i] = line.rstrip() + " {}"
    elif kind == 5:  # an anchor and an alias
        found = _value_line(lines, rng)
        if found:
            k, m = found
            lines[k] = m[1] + "&a " + m[2]
            lines.insert(min(k + 1, n), " " * _indent(lines[k]) + "alias: *a")
    elif kind == 6:  # a duplicate line (often a duplicate key)
        lines.insert(i, line)
    elif kind == 7:  # a tab
        j = rng.randrange(len(line) + 1)
        lines[i] = line[:j] + "\t" + line[j:]
    elif kind == 8:  # odd indentation of one line
        lines[i] = " " * max(0, _indent(line) + rng.choice([-3, -2, -1, 1, 2, 3])) + line.lstrip(" ")
    elif kind == 9:  # a block indented differently as a whole (often still valid)
        depth = _indent(line)
        end = i + 1
        while end < n and (_indent(lines[end]) > depth or not lines[end].strip()):
            end += 1
        shift = rng.choice([-2, 2, 4])
        for k in range(i + 1, end):
            if lines[k].strip():
                lines[k] = " " * max(0, _indent(lines[k]) + shift) + lines[k].lstrip(" ")
    elif kind == 10:  # an odd value
        found = _value_line(lines, rng)
        if found:
            k, m = found
            lines[k] = m[1] + rng.choice(ODD_VALUES) + (m[3] or "")
    elif kind == 11:  # a key changed
        m = re.match(r"([ ]*(?:-[ ]+)?)([\w-]+)(:.*)$", line)
        if m:
            key = rng.choice(
                [m[2].upper(), m[2] + " ", f"'{m[2]}'", f'"{m[2]}"', "? " + m[2], m[2] + "æ", "k" * 200,
                 "k" * 1100, "1", "true", "null", "-" + m[2], m[2] + " x", "<<", "&a " + m[2], "!t " + m[2]]
            )  # fmt: skip
            lines[i] = m[1] + key + m[3]
    elif kind == 12:  # a document marker or a directive
        where = rng.choice([0, n, i])
        lines.insert(where, rng.choice(["---", "...", "%YAML 1.1", "--- # x", "---x", "... x"]))
    elif kind == 13:  # the dash of a sequence changed
        if line.lstrip().startswith("- "):
            lines[i] = line.replace("- ", rng.choice(["-  ", "-", "- - ", "-\t", "  - ", "? "]), 1)
    elif kind == 14:  # blank lines with spaces, trailing spaces
        lines.insert(i, " " * rng.randrange(8))
        lines[min(i + 1, n)] += " " * rng.randrange(1, 4)
    elif kind == 15:  # a value continued on the next line
        found = _value_line(lines, rng)
        if found:
            k, m = found
            lines.insert(k + 1, " " * (_indent(lines[k]) + rng.choice([0, 1, 2, 4])) + "fortsatt tekst")
    elif kind == 16:  # a block scalar
        found = _value_line(lines, rng)
        if found:
            k, m = found
            lines[k] = m[1] + rng.choice(["|", ">", "|-", ">+"])
            lines.insert(k + 1, " " * (_indent(lines[k]) + 2) + m[2])
    elif kind == 17:  # a line deleted
        del lines[i]
    elif kind == 18:  # a line moved elsewhere
        moved = lines.pop(i)
        lines.insert(rng.randrange(len(lines) + 1), moved)
    elif kind == 19:  # a sequence without indent under its key (PyYAML's layout)
        k = next((k for k, text in enumerate(lines) if text.startswith("respondents:")), None)
        if k is not None:
            for j in range(k + 1, n):
                if lines[j].startswith("  "):
                    lines[j] = lines[j][2:]
    elif kind == 20:  # ``key:value`` and ``key :``
        lines[i] = line.replace(": ", rng.choice([":", " : ", ":  ", ": \t"]), 1)
    elif kind == 21:  # a YAML-significant character anywhere
        j = rng.randrange(len(line) + 1)
        lines[i] = line[:j] + rng.choice(YAML_CHARS) + line[j:]
    elif kind == 22:  # a nested mapping or an empty key value
        found = _value_line(lines, rng)
        if found:
            k, m = found
            lines[k] = m[1].rstrip()
            if rng.random() < 0.7:
                lines.insert(
                    k + 1,
                    " " * (_indent(lines[k]) + rng.choice([2, 4, 0])) + rng.choice(["x: 1", "- x: 1", "- 1"]),
                )
    else:  # an answer or comment block emptied, or a whole respondent repeated
        start = next((k for k, text in enumerate(lines) if text.lstrip().startswith("- role:")), None)
        if start is not None:
            end = start + 1
            while end < n and _indent(lines[end]) > _indent(lines[start]):
                end += 1
            lines[end:end] = lines[start:end]
    return lines


def mutate(text: str, rng: random.Random) -> bytes:
    """``text`` (an answer file) with one to three random changes, as the bytes of a file: keys
    reordered, quoting changed, comments added, flow style, anchors and aliases, duplicate keys,
    tabs, odd indentation, odd and invalid values and keys, document markers, continued and block
    scalars, lines moved or deleted, YAML-significant characters, unicode; then, now and again,
    CRLF or a lone CR, a byte-order mark, a truncation, or bytes that are not UTF-8."""
    lines = text.split("\n")
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        lines = _mutate_lines(lines, rng)
    changed = "\n".join(lines)
    roll = rng.random()
    if roll < 0.08:
        changed = changed.replace("\n", "\r\n")
    elif roll < 0.10:
        j = rng.randrange(len(changed) + 1)
        changed = changed[:j] + "\r" + changed[j:]
    elif roll < 0.14:
        changed = rng.choice(["\ufeff", "\ufeff\ufeff", "\ufeff\n"]) + changed
    elif roll < 0.20:
        changed = changed[: rng.randrange(len(changed) + 1)]
    data = changed.encode("utf-8", "surrogatepass")
    if rng.random() < 0.02:
        j = rng.randrange(len(data) + 1)
        data = data[:j] + rng.choice([b"\xff", b"\xc3", b"\x00", b"\xe5"]) + data[j:]
    return data
