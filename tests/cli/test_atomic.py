"""Every file the tool writes (report and batch --output, init, the checklist's autosave) is
written atomically: a disk that fills up, a folder without write permission, a failed rename, an
interrupt or a killed process leave the previous file intact and, where the process survives,
no temporary file behind."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from samarbeid import fileio
from samarbeid.commands import assess as assess_command
from samarbeid.errors import UsageError
from testkit import DATA, MINI, ROOT, Cli, answer_file

ANSWERS = DATA / "mini-answers.yaml"
PREVIOUS = "forrige versjon\n"


def _disk_full(monkeypatch: pytest.MonkeyPatch, after: int = 100) -> None:
    """Writes through fileio fail with ENOSPC once ``after`` characters have gone through,
    as on a disk that fills up in the middle of a file."""
    real_fdopen = os.fdopen

    class FullDisk(io.TextIOWrapper):
        written = 0

        def write(self, text: str) -> int:
            room = max(0, after - FullDisk.written)
            super().write(text[:room])
            FullDisk.written += min(room, len(text))
            if len(text) > room:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return len(text)

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "b" in mode:  # not a text file: the user's cache (samarbeid.cache), which fills no disk here
            return real_fdopen(fd, mode, *args, **kwargs)
        raw = real_fdopen(fd, mode.replace("w", "wb"), buffering=0)
        return FullDisk(raw, encoding=kwargs.get("encoding", "utf-8"), newline=kwargs.get("newline"))

    monkeypatch.setattr(fileio.os, "fdopen", fdopen)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An output file from an earlier run, which a failed run must not touch."""
    path = tmp_path / "rapport.md"
    path.write_text(PREVIOUS, encoding="utf-8")
    return path


# ---- the library ----------------------------------------------------------------------


def test_disk_full_mid_write_keeps_the_previous_file_and_cleans_up(
    tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC halfway through: UsageError «disken er full», old content, no temporary file."""
    _disk_full(monkeypatch, after=10)
    with pytest.raises(UsageError) as info:
        fileio.write_atomic(previous, "ny rapport\n" * 100)
    assert info.value.render("nb") == f"error: kan ikke skrive {previous}: disken er full"
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert _leftovers(tmp_path) == []


def test_permission_denied_keeps_the_previous_file(
    tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No right to create a file in the folder (EACCES): a clear error and the old content."""

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(fileio.tempfile, "mkstemp", denied)
    with pytest.raises(UsageError) as info:
        fileio.write_atomic(previous, "ny\n")
    assert info.value.render("en") == f"error: cannot write {previous}: permission denied"
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert _leftovers(tmp_path) == []


def test_failed_rename_keeps_the_previous_file_and_cleans_up(
    tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The final rename fails (EIO): the old file stays whole and the temporary file is removed."""

    def broken(src: Any, dst: Any) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(fileio.os, "replace", broken)
    with pytest.raises(UsageError):
        fileio.write_atomic(previous, "ny\n")
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert _leftovers(tmp_path) == []


def test_interrupt_mid_write_keeps_the_previous_file_and_cleans_up(tmp_path: Path, previous: Path) -> None:
    """Ctrl-C while the content is being written: the interrupt goes on, the old file stays."""
    with pytest.raises(KeyboardInterrupt), fileio.atomic_text(previous) as fh:
        fh.write("halv rapp")
        raise KeyboardInterrupt
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert _leftovers(tmp_path) == []


def test_a_failed_first_write_leaves_no_file_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where there was no file, a failed write leaves none: no empty or half file."""
    _disk_full(monkeypatch, after=5)
    with pytest.raises(UsageError):
        fileio.write_atomic(tmp_path / "ny.md", "innhold\n" * 10)
    assert list(tmp_path.iterdir()) == []


def test_overwriting_keeps_the_permissions_of_the_previous_file(previous: Path) -> None:
    """A report someone made private (0600) stays private after it is rewritten."""
    previous.chmod(0o600)
    fileio.write_atomic(previous, "ny\n")
    assert (previous.read_text(encoding="utf-8"), previous.stat().st_mode & 0o777) == ("ny\n", 0o600)


# ---- every command that writes ----------------------------------------------------------


def test_report_output_on_a_full_disk_exits_2_and_keeps_the_previous_report(
    cli: Cli, tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report -o` when the disk fills: one error line, exit 2, the old report untouched."""
    _disk_full(monkeypatch)
    result = cli("--rubric", MINI, "report", ANSWERS, "-f", "markdown", "-o", previous)
    assert (result.exit_code, result.stderr) == (2, f"error: kan ikke skrive {previous}: disken er full\n")
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_batch_output_on_a_full_disk_exits_2_and_keeps_the_previous_file(
    cli: Cli, tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """`batch -o` streams its output; a disk that fills midway still leaves the old file."""
    previous = previous.rename(previous.with_suffix(".ut"))  # a suffix that names no format
    _disk_full(monkeypatch)
    result = cli("--rubric", MINI, "batch", ANSWERS, "-f", fmt, "-o", previous, "--jobs", "1")
    assert result.exit_code == 2
    assert f"error: kan ikke skrive {previous}: disken er full" in result.stderr
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert _leftovers(tmp_path) == []


def test_batch_interrupted_while_writing_keeps_the_previous_file(
    cli: Cli, tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during `batch -o`: exit 130, the old file intact, no temporary file."""
    from samarbeid.commands import batch as batch_command

    real = batch_command.write_portfolio

    def interrupted(result: Any, fmt: Any, out: Any, **kwargs: Any) -> None:
        real(result, fmt, out, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_command, "write_portfolio", interrupted)
    result = cli("--rubric", MINI, "batch", ANSWERS, "-f", "markdown", "-o", previous, "--jobs", "1")
    assert result.exit_code == 130
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert _leftovers(tmp_path) == []


def test_init_force_on_a_full_disk_keeps_the_previous_answer_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`init --force` over a filled-in answer file when the disk fills: the answers survive."""
    target = tmp_path / "svar.yaml"
    target.write_bytes(ANSWERS.read_bytes())
    _disk_full(monkeypatch)
    result = cli("--rubric", MINI, "init", target, "--force")
    assert result.exit_code == 2
    assert target.read_bytes() == ANSWERS.read_bytes()
    assert _leftovers(tmp_path) == []


def test_checklist_autosave_on_a_full_disk_keeps_the_answers_saved_so_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`assess` saves after every answer; when the second save fails, the file still holds
    the first answer, whole, the run stops with a clean error (exit 2), and the answer that
    was not saved is kept in a recovery file beside it."""
    import yaml

    target = tmp_path / "svar.yaml"
    target.write_text(
        answer_file([{"role": "kommune", "answers": {}}], status="in_progress"), encoding="utf-8"
    )
    lines = iter(["4", "5", "3", "q"])
    saves = 0
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        nonlocal saves
        saves += 1
        if saves == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    console = Console(file=io.StringIO(), width=80, color_system=None)
    code = assess_command.run(
        target,
        roles=["kommune"],
        unit=None,
        name=None,
        lang="nb",
        rubric_path=MINI,
        color=False,
        reader=lambda prompt, hidden: next(lines),
        console=console,
        require_tty=False,
    )
    assert code == 2
    shown = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    assert "error: kan ikke skrive" in shown and "tatt vare på" in shown
    saved = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert saved["respondents"][0]["answers"] == {"felles-mal": 4}
    [kept] = tmp_path.glob(".svar.yaml.*.recovered.yaml")
    assert yaml.safe_load(kept.read_text(encoding="utf-8"))["respondents"][0]["answers"] == {
        "felles-mal": 4,
        "roller": 5,
    }
    assert _leftovers(tmp_path) == []


# ---- a killed process ----------------------------------------------------------------------

_KILLED_WHILE_WRITING = textwrap.dedent("""
    import os, sys, time
    from samarbeid import fileio

    def stall(fd):  # the report is written to the temporary file; stop before the rename
        print("ready", flush=True)
        time.sleep(60)

    fileio.os.fsync = stall
    sys.argv = ["samarbeid", *sys.argv[1:]]
    from samarbeid.cli import main
    main()
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_report_killed_mid_write_leaves_the_previous_report_intact(
    cli: Cli, tmp_path: Path, previous: Path
) -> None:
    """The real CLI killed with SIGKILL after writing the new report but before the rename: the
    old report is intact, and the leftover temporary file is hidden and never read as an
    answer file by `batch`."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _KILLED_WHILE_WRITING,
            "--rubric",
            str(MINI),
            "report",
            str(ANSWERS),
            "-f",
            "markdown",
            "-o",
            str(previous),
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        (temp,) = [tmp_path / name for name in _leftovers(tmp_path)]
        assert "Samarbeidshelse" in temp.read_text(encoding="utf-8")  # the new report was on its way
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert temp.name.startswith(".rapport.md.")
    (tmp_path / "svar.yaml").write_bytes(ANSWERS.read_bytes())
    temp.rename(temp.with_name(".svar.yaml.abc123.tmp"))  # as a killed checklist would leave it
    result = cli("--rubric", MINI, "batch", tmp_path, "-f", "json", "--jobs", "1", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
