"""The corpus of broken and hostile files in tests/bad_inputs/: each one is rejected with its
exact error lines and exit 2, within a second and with bounded memory, by every command
that reads it.

Add a case: put NAME.yaml in tests/bad_inputs/ (a rubric in tests/bad_inputs/rubric/), run it
once from the repository root, review the output and keep it as NAME.expected:

    samarbeid validate tests/bad_inputs/NAME.yaml 2> tests/bad_inputs/NAME.expected
    samarbeid rubric check --rubric tests/bad_inputs/rubric/NAME.yaml 2> tests/bad_inputs/rubric/NAME.expected

Files over 100 KB are made by tests/bad_inputs/make_large.py instead of kept in git. The
broken and hostile survey exports (for `import`) are built in a temporary folder by
`hostile_exports` (refused by the reader) and `hostile_imports` (refused by the import) in
tests/testkit.py: add an export case there. The rubric cases are refused by `form` too, and
the rubric with hostile texts (`hostile_rubric`) gives every form with the texts as text.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from samarbeid.errors import InputError
from samarbeid.load.answers import load_file
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.surveys.read import read_export
from testkit import (
    HOSTILE_TEXT,
    NETTSKJEMA_ROWS,
    ROOT,
    TESTS,
    Cli,
    hostile_exports,
    hostile_imports,
    hostile_rubric,
    nettskjema_export,
)

BAD = TESTS / "bad_inputs"
ANSWER_CASES = sorted(p.stem for p in BAD.glob("*.expected"))
RUBRIC_CASES = sorted(p.stem for p in (BAD / "rubric").glob("*.expected"))

#: The bounds the issue asks for: a hostile file is rejected within a second …
MAX_SECONDS = 1.0
#: … and parsing it allocates at most this much (Python's own allocations, by tracemalloc) …
MAX_TRACED_BYTES = 128 * 1024 * 1024
#: … and a fresh process reading the whole corpus peaks below this resident size.
MAX_RSS_BYTES = 256 * 1024 * 1024


def _make_large() -> Callable[[Path], list[Path]]:
    spec = importlib.util.spec_from_file_location("make_large", BAD / "make_large.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    write: Callable[[Path], list[Path]] = module.write
    return write


@pytest.fixture(scope="module", autouse=True)
def large_files() -> None:
    """The cases too big for git are written next to the others before any test runs."""
    _make_large()(BAD)


def answer_path(name: str) -> str:
    """The case's file, relative to the repository root, as a user would type it."""
    (path,) = [p for p in BAD.glob(f"{name}.*") if p.suffix != ".expected"]
    return str(path.relative_to(ROOT))


def rubric_path(name: str) -> str:
    return f"tests/bad_inputs/rubric/{name}.yaml"


def expected(name: str, folder: Path = BAD) -> str:
    return (folder / f"{name}.expected").read_text(encoding="utf-8")


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_corpus_has_at_least_thirty_cases_each_with_its_expected_error() -> None:
    """Every input has its .expected and every .expected its input; 30 cases or more."""
    assert len(ANSWER_CASES) + len(RUBRIC_CASES) >= 30
    inputs = {
        p.stem
        for p in BAD.iterdir()
        if p.is_file() and p.suffix not in (".expected", ".py") and not p.name.startswith(".")
    }
    assert inputs == set(ANSWER_CASES)
    assert {p.stem for p in (BAD / "rubric").glob("*.yaml")} == set(RUBRIC_CASES)
    for name in ANSWER_CASES:
        answer_path(name)  # exactly one input per case


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize("name", ANSWER_CASES)
def test_validate_gives_the_exact_error_and_exit_2(cli: Cli, name: str) -> None:
    """`samarbeid validate FILE`: exit 2, stderr exactly as in NAME.expected, nothing on stdout."""
    result = cli("validate", answer_path(name))
    assert (result.exit_code, result.stderr) == (2, expected(name))
    assert result.stdout == ""


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize("name", ANSWER_CASES)
def test_report_gives_the_same_error_and_exit_2(cli: Cli, name: str) -> None:
    """`samarbeid report FILE` refuses the file with the same lines, and writes no report."""
    result = cli("report", answer_path(name), "--format", "json")
    assert (result.exit_code, result.stderr) == (2, expected(name))
    assert result.stdout == ""


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize("name", RUBRIC_CASES)
def test_rubric_check_gives_the_exact_error_and_exit_2(cli: Cli, name: str) -> None:
    """`samarbeid rubric check --rubric FILE`: exit 2 and stderr exactly as in NAME.expected."""
    result = cli("rubric", "check", "--rubric", rubric_path(name))
    assert (result.exit_code, result.stderr) == (2, expected(name, BAD / "rubric"))


@pytest.mark.usefixtures("at_root")
def test_every_error_line_has_the_file_line_column_format() -> None:
    """Each expected line is `FILE:LINE:COLUMN: error: message`, naming its own file, with a
    line and column inside the file."""
    for name in ANSWER_CASES:
        file = answer_path(name)
        rows = (ROOT / file).read_bytes().split(b"\n")
        for line in expected(name).splitlines():
            where, _, message = line.partition(": error: ")
            path, lineno, col = where.rsplit(":", 2)
            assert path == file and message, line
            assert 1 <= int(lineno) <= len(rows) and int(col) >= 1, line


@pytest.mark.usefixtures("at_root")
def test_batch_lists_every_bad_file_with_the_same_errors(cli: Cli) -> None:
    """`samarbeid batch` over the whole corpus: exit 2, no project scored, and exactly the
    corpus's error lines in its JSON."""
    files = [answer_path(name) for name in ANSWER_CASES]
    result = cli("batch", *files, "--format", "json", "--jobs", "2")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["projects"] == []
    got = [f"{e['file']}:{e['line']}:{e['column']}: error: {e['message']}" for e in data["errors"]]
    want = sorted((line for name in ANSWER_CASES for line in expected(name).splitlines()), key=_position)
    assert sorted(got, key=_position) == want


def test_every_error_the_code_can_raise_is_in_docs_errors_md() -> None:
    """docs/errors.md names every input- and write-error code used in samarbeid/."""
    import re

    from samarbeid.i18n import codes as message_codes

    source = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "samarbeid").rglob("*.py") if p.name != "i18n.py"
    )
    docs = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    codes = [
        code
        for code in message_codes()
        if re.match(r"(file|yaml|v|answers|rubric|problems|os)\.", code)
        and f'"{code}"' in source
        and code != "rubric.ok"
    ]
    assert len(codes) > 40
    assert [code for code in codes if f"`{code}`" not in docs] == []


def _position(line: str) -> tuple[str, int, int, str]:
    where, _, message = line.partition(": error: ")
    file, lineno, col = where.rsplit(":", 2)
    return file, int(lineno), int(col), message


# ---- cheap to reject -----------------------------------------------------------------


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def _reject(load: Callable[[], object]) -> None:
    with pytest.raises(InputError):
        load()


def _seconds(load: Callable[[], object]) -> float:
    """The CPU time of this process for the best of up to three runs. CPU time, not the
    clock: the bound is on the work the parser does (a bomb expands, a deep document
    recurses), which other processes on a busy machine do not change."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        _reject(load)
        best = min(best, time.process_time() - start)
        if best < MAX_SECONDS / 2:
            break
    return best


def _traced_peak(load: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        _reject(load)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ANSWER_CASES)
def test_answer_file_is_rejected_within_a_second_with_bounded_memory(rubric: Rubric, name: str) -> None:
    """Reading and validating the file (interpreter start-up not counted) takes under 1 s of CPU and
    allocates under 128 MiB."""
    path = ROOT / answer_path(name)
    load = lambda: load_file(path, rubric)  # noqa: E731
    assert _seconds(load) < MAX_SECONDS
    assert _traced_peak(load) < MAX_TRACED_BYTES


@pytest.mark.parametrize("name", RUBRIC_CASES)
def test_rubric_is_rejected_within_a_second_with_bounded_memory(name: str) -> None:
    """Loading and checking the rubric takes under 1 s of CPU and allocates under 128 MiB."""
    path = ROOT / rubric_path(name)
    load = lambda: load_rubric(path)  # noqa: E731
    assert _seconds(load) < MAX_SECONDS
    assert _traced_peak(load) < MAX_TRACED_BYTES


#: Runs the CLI and, at exit, writes the process's own peak resident size (VmHWM, KiB) to
#: the file named in $PEAK_FILE. (ru_maxrss would not do: a child inherits the parent's peak.)
_PEAK_REPORTING_CLI = """
import atexit, os, sys

def report_peak():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(peak)

atexit.register(report_peak)
sys.argv = ["samarbeid", *sys.argv[1:]]
from samarbeid.cli import main
main()
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_fresh_process_reading_the_whole_corpus_stays_small(tmp_path: Path) -> None:
    """`samarbeid validate` on every case in one real process: exit 2, every case's lines,
    and a peak resident size (interpreter and C parser included) under 256 MiB."""
    files = [answer_path(name) for name in ANSWER_CASES]
    peak = tmp_path / "peak"
    result = subprocess.run(
        [sys.executable, "-c", _PEAK_REPORTING_CLI, "validate", *files],
        cwd=ROOT,
        env={**os.environ, "PEAK_FILE": str(peak)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    for name in ANSWER_CASES:
        assert expected(name) in result.stderr
    assert int(peak.read_text()) * 1024 < MAX_RSS_BYTES


def test_each_hostile_export_is_refused_by_import_in_one_line_within_bounds(cli: Cli, tmp_path: Path) -> None:
    """The survey exports of the corpus (built in tmp_path by testkit.hostile_exports): exit
    2 with one positioned error line and nothing written, within a second of CPU and with
    bounded memory."""
    for name, path in hostile_exports(tmp_path).items():
        target = tmp_path / f"{name}.yaml"
        result = cli("import", path, "--role", "kommune", "--project-id", "x", "-o", target)
        assert result.exit_code == 2, (name, result.stderr)
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"{path}:") and ": error: " in line, line
        assert not target.exists()
        read = lambda path=path: read_export(path)  # noqa: E731
        assert _seconds(read) < MAX_SECONDS
        assert _traced_peak(read) < MAX_TRACED_BYTES


def test_each_hostile_import_is_refused_in_one_line_and_nothing_written(cli: Cli, tmp_path: Path) -> None:
    """The exports the reader takes but the import refuses (testkit.hostile_imports): a second
    unit column, a second comment column, one submission twice with different answers. Exit
    2, one positioned line naming the cell or row, nothing written, no traceback."""
    where = {
        "to-enhetskolonner": ":1:G («Enhet»): error: ",
        "to-kommentarkolonner": ":1:G («felles-mal_comment»): error: ",
        "gjentatt-innsending-ulike-svar": ":4:1: error: ",
    }
    got = {}
    for name, path in hostile_imports(tmp_path).items():
        target = tmp_path / f"{name}.yaml"
        result = cli("import", path, "--role", "kommune", "--partial", "--project-id", "x", "-o", target)
        assert result.exit_code == 2, (name, result.stderr)
        (line,) = result.stderr.splitlines()
        assert line.startswith(str(path)), line
        got[name] = line.removeprefix(str(path)).split("error: ")[0] + "error: "
        assert not target.exists()
    assert got == where


def test_a_repeated_identical_submission_is_imported_once_with_one_warning(cli: Cli, tmp_path: Path) -> None:
    """The documented behaviour for one submission id twice with the same answers (docs/import.md):
    imported once, and a warning names both rows."""
    export = nettskjema_export(tmp_path / "gjentatt.csv", rows=(NETTSKJEMA_ROWS[0],))
    target = tmp_path / "svar.yaml"
    result = cli("import", export, "--role", "kommune", "--partial", "--project-id", "x", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert f"{export}:4:1: warning: innsendingen nettskjema:1 står to ganger (også rad 2)" in result.stderr
    assert len(yaml.safe_load(target.read_text(encoding="utf-8"))["respondents"]) == 2


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize("name", RUBRIC_CASES)
def test_form_refuses_each_bad_rubric_with_the_same_lines(cli: Cli, tmp_path: Path, name: str) -> None:
    """`samarbeid form --target xlsform` reads the rubric as `rubric check` does: a control
    character (kontrolltegn), and every other case, is exit 2 with the same lines and no
    workbook, where it once crashed with exit 70."""
    out = tmp_path / "skjema.xlsx"
    result = cli("--rubric", rubric_path(name), "form", "--target", "xlsform", "--role", "kommune", "-o", out)
    assert (result.exit_code, result.stderr) == (2, expected(name, BAD / "rubric"))
    assert not out.exists()


def test_every_form_shows_hostile_rubric_texts_as_text(cli: Cli, tmp_path: Path) -> None:
    """A rubric text with a formula, a script and an image with a handler (testkit.hostile_rubric)
    gives every form, exit 0, with nothing live: the XLSForm keeps the text as a string cell,
    never a formula; the recipes escape every «<»; the printed form has no tag from it."""
    rubric = hostile_rubric(tmp_path)
    book = tmp_path / "skjema.xlsx"
    made = cli("--rubric", rubric, "form", "--target", "xlsform", "--role", "kommune", "-o", book)
    assert made.exit_code == 0, made.stderr
    with zipfile.ZipFile(book) as parts:
        sheets = "".join(parts.read(n).decode() for n in parts.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets and html.escape(HOSTILE_TEXT, quote=False) in sheets
    for target in ("nettskjema", "msforms"):
        recipe = cli("--rubric", rubric, "form", "--target", target, "--role", "kommune")
        assert recipe.exit_code == 0, recipe.stderr
        assert not re.search(r"(?<!\\)<", recipe.stdout), target
    printed = cli("--rubric", rubric, "form", "--target", "print", "--role", "kommune", "-f", "html")
    assert printed.exit_code == 0, printed.stderr
    assert "<script" not in printed.stdout and "<img" not in printed.stdout
