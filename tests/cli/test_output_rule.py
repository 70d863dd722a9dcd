"""One output rule for every command that writes (docs/errors.md, «Writing files»): never
over a file the command reads (answer files, the rubric, the map, the baselines, the plan),
never over a write-protected file, through a symlink, a device or a FIFO rather than in their
place, with the folder synced. The writers are found from the command line itself, so a new
command with ``--output`` cannot be left out."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main

from samarbeid import fileio
from samarbeid.cli import app
from samarbeid.rubric import DEFAULT_RUBRIC
from testkit import EXAMPLES, TESTS, Cli

RUBRIC = "rubrikk.yaml"
ANSWERS = "svar.yaml"
EARLIER = "tidligere.yaml"
PLAN = "tiltaksplan.yaml"
EXPORT = "eksport.csv"
MAP = "kart.yaml"


@dataclass(frozen=True)
class Writer:
    """How one command writes ``out`` in ``folder``, and which of the files there it reads."""

    args: Callable[[Path, Path], list[str | Path]]
    reads: tuple[str, ...]
    suffix: str
    #: the answer-file writer (init, import) reads the file it replaces: not a FIFO or a device
    streams: bool = True


WRITERS = {
    "report": Writer(
        lambda d, out: [
            *("--rubric", d / RUBRIC, "report", d / ANSWERS),
            *("--baseline", d / EARLIER, "--plan", d / PLAN, "-f", "json", "-o", out),
        ],
        (RUBRIC, ANSWERS, EARLIER, PLAN),
        ".json",
    ),
    "batch": Writer(
        lambda d, out: [
            *("--rubric", d / RUBRIC, "batch", d / ANSWERS, "--baseline", d / EARLIER),
            *("-f", "json", "-o", out),
        ],
        (RUBRIC, ANSWERS, EARLIER),
        ".json",
    ),
    "plan": Writer(
        lambda d, out: ["--rubric", d / RUBRIC, "plan", d / ANSWERS, "--force", "-o", out],
        (RUBRIC, ANSWERS),
        ".yaml",
    ),
    "form": Writer(
        lambda d, out: [
            "--rubric",
            d / RUBRIC,
            "form",
            "--target",
            "xlsform",
            "--role",
            "kommune",
            "-o",
            out,
        ],
        (RUBRIC,),
        ".xlsx",
    ),
    "import": Writer(
        lambda d, out: [
            *("--rubric", d / RUBRIC, "import", d / EXPORT, "--role", "kommune", "--project-id", "p"),
            *("--partial", "--map", d / MAP, "-o", out),
        ],
        (RUBRIC, EXPORT, MAP),
        ".yaml",
        streams=False,
    ),
    "rubric docs": Writer(
        lambda d, out: ["--rubric", d / RUBRIC, "rubric", "docs", "-o", out], (RUBRIC,), ".md"
    ),
    "init": Writer(
        lambda d, out: ["--rubric", d / RUBRIC, "init", out, "--force"], (RUBRIC,), ".yaml", streams=False
    ),
}
#: the commands that write only to stdout
STDOUT_ONLY = ("schema", "rubric show", "validate")


def _commands() -> dict[str, list[str]]:
    """Every command of the command line, by its name, with its parameters."""
    found: dict[str, list[str]] = {}

    def walk(command: object, prefix: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found[prefix] = [str(p.name) for p in getattr(command, "params", [])]
            return
        for name, sub in subcommands.items():
            walk(sub, f"{prefix} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def test_every_command_that_writes_a_file_is_held_to_the_rule() -> None:
    commands = _commands()
    with_output = {name for name, params in commands.items() if "output" in params}
    assert with_output <= set(WRITERS), f"add to WRITERS: {sorted(with_output - set(WRITERS))}"
    assert set(WRITERS) <= set(commands)
    assert "init" in WRITERS  # writes the file it names, without -o


@pytest.fixture
def folder(tmp_path: Path, cli: Cli) -> Path:
    """Every input a writer reads: a rubric, answers and their earlier round, a plan, an
    export and its map."""
    shutil.copy(DEFAULT_RUBRIC, tmp_path / RUBRIC)
    shutil.copy(EXAMPLES / "inderoy-helsefag.yaml", tmp_path / ANSWERS)
    shutil.copy(EXAMPLES / "tidligere" / "inderoy-helsefag-2020.yaml", tmp_path / EARLIER)
    shutil.copy(TESTS / "fixtures" / "import" / "nettskjema_kommune.csv", tmp_path / EXPORT)
    (tmp_path / MAP).write_text("columns: {}\n", encoding="utf-8")
    made = cli("plan", tmp_path / ANSWERS, "-o", tmp_path / PLAN)
    assert made.exit_code == 0, made.stderr
    return tmp_path


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("command", WRITERS)
def test_each_writer_writes_a_new_file_and_syncs_its_folder(
    cli: Cli, folder: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(fileio, "_fsync_folder", synced.append)
    out = folder / f"ut{WRITERS[command].suffix}"
    result = cli(*WRITERS[command].args(folder, out), "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    assert out.stat().st_size > 0
    assert folder in synced


@pytest.mark.parametrize(
    ("command", "read"), [(command, read) for command, writer in WRITERS.items() for read in writer.reads]
)
def test_no_writer_replaces_a_file_it_reads(cli: Cli, folder: Path, command: str, read: str) -> None:
    before = _contents(folder)
    result = cli(*WRITERS[command].args(folder, folder / read), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.endswith("which the command reads; choose another name\n"), result.stderr
    assert _contents(folder) == before


@pytest.mark.parametrize("command", WRITERS)
def test_no_writer_replaces_a_write_protected_file(cli: Cli, folder: Path, command: str) -> None:
    out = folder / f"beskyttet{WRITERS[command].suffix}"
    out.write_text("mitt\n", encoding="utf-8")
    out.chmod(0o444)
    result = cli(*WRITERS[command].args(folder, out), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == f"error: {out} is write-protected, so it is not replaced; " + (
        "choose another name, or remove the protection with chmod u+w\n"
    )
    assert out.read_text(encoding="utf-8") == "mitt\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o444


def test_import_into_a_write_protected_answer_file_is_refused(cli: Cli, folder: Path) -> None:
    answers = folder / ANSWERS
    answers.chmod(0o444)
    before = answers.read_bytes()
    result = cli("import", folder / EXPORT, "--role", "kommune", "--partial", "--into", answers)
    assert result.exit_code == 2
    assert "skrivebeskyttet" in result.stderr
    assert answers.read_bytes() == before


def test_import_never_replaces_an_existing_answer_file(cli: Cli, folder: Path) -> None:
    answers = folder / ANSWERS
    before = answers.read_bytes()
    result = cli(*WRITERS["import"].args(folder, answers), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {answers} already exists; use --into {answers} to add the answers to it, "
        "or choose another name\n"
    )
    assert answers.read_bytes() == before


@pytest.mark.parametrize("command", WRITERS)
def test_a_symlink_is_written_through(cli: Cli, folder: Path, command: str) -> None:
    suffix = WRITERS[command].suffix
    target, link = folder / f"mål{suffix}", folder / f"lenke{suffix}"
    link.symlink_to(target.name)
    result = cli(*WRITERS[command].args(folder, link), "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.stat().st_size > 0


@pytest.mark.parametrize("command", [c for c, w in WRITERS.items() if w.streams])
def test_a_fifo_is_written_through(cli: Cli, folder: Path, command: str) -> None:
    fifo = folder / f"rør{WRITERS[command].suffix}"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = cli(*WRITERS[command].args(folder, fifo), "--lang", "en")
    reader.join(timeout=10)
    assert result.exit_code in (0, 1), result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and got[0]


@pytest.mark.parametrize("command", [c for c, w in WRITERS.items() if w.streams])
def test_a_device_is_written_through(cli: Cli, folder: Path, command: str) -> None:
    device = folder / f"null{WRITERS[command].suffix}"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("making a device node needs root")
    result = cli(*WRITERS[command].args(folder, device), "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    assert stat.S_ISCHR(device.stat().st_mode)


@pytest.mark.parametrize("command", WRITERS)
def test_a_long_output_name_is_written(cli: Cli, folder: Path, command: str) -> None:
    suffix = WRITERS[command].suffix
    out = folder / ("n" * (248 - len(suffix)) + suffix)
    result = cli(*WRITERS[command].args(folder, out), "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    assert out.stat().st_size > 0
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def _closed(args: list[str], closed: str) -> subprocess.CompletedProcess[str]:
    """The real console script, started with ``closed`` (``>&-`` or ``2>&-``)."""
    script = "from samarbeid.entry import main; main()"
    shell = f'exec "$0" -c "$1" "${{@:2}}" {closed}'
    return subprocess.run(
        ["bash", "-c", shell, sys.executable, script, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SAMARBEID_LANG": "nb"},
    )


#: what a closed stdout is told: ``-o`` where the command has it, else a redirection
USE_O = "error: standard utdata er stengt; bruk -o FIL\n"
REDIRECT = "error: standard utdata er stengt; send utdataene til en fil med > FIL\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--version"], REDIRECT),
        (["schema"], REDIRECT),
        (["rubric", "show"], REDIRECT),
        (["init", "-"], REDIRECT),
        (["batch", str(EXAMPLES / "sunt-samarbeid.yaml")], USE_O),
        (["report", str(EXAMPLES / "sunt-samarbeid.yaml")], USE_O),
    ],
    ids=["version", "schema", "rubric show", "init", "batch", "report"],
)
def test_a_closed_stdout_is_one_line_and_exit_2(args: list[str], said: str) -> None:
    result = _closed(args, ">&-")
    assert (result.returncode, result.stderr) == (2, said)


def test_a_closed_stderr_does_not_stop_a_batch(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = _closed(["batch", str(EXAMPLES / "sunt-samarbeid.yaml"), "-o", str(out)], "2>&-")
    assert result.returncode == 0
    assert out.read_text(encoding="utf-8").count("\n") == 2


@pytest.mark.parametrize("args", [["--version"], ["--help"]], ids=["version", "help"])
def test_a_full_disk_under_version_and_help_is_one_line_and_exit_2(args: list[str]) -> None:
    result = _closed(args, ">/dev/full")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: -: ") and result.stderr.count("\n") == 1, result.stderr
