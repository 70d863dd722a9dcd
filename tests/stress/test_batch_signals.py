"""`batch` stopped by a signal ends cleanly: SIGHUP to its whole process group (a closed
terminal or SSH session) and SIGTERM while `-o` is being written leave no traceback, no
spill folder in TMPDIR and no half-written output file. Every wait is bounded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from testkit import ROOT

EXAMPLE = ROOT / "examples" / "inderoy-helsefag.yaml"
BOUND = 60


def _start(tmp_path: Path, projects: int, fmt: str = "json") -> tuple[subprocess.Popen[bytes], Path, Path]:
    folder = tmp_path / "svar"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(projects):
        (folder / f"s{i:04d}.yaml").write_text(
            text.replace("id: inderoy-helsefag", f"id: p{i:04d}"), encoding="utf-8"
        )
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "ut" / f"ut.{fmt}"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "samarbeid", "batch", str(folder), "-f", fmt, "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(tmp)},
        start_new_session=True,  # its own process group, as a terminal's job
    )
    return proc, tmp, out


def _wait_for(found: Callable[[], bool], proc: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline and proc.poll() is None:
        if found():
            return True
    return False


def test_sighup_to_the_process_group_stops_batch_cleanly(tmp_path: Path) -> None:
    """Before: four worker tracebacks (BrokenPipeError) and a spill folder left in TMPDIR."""
    proc, tmp, out = _start(tmp_path, 300)
    assert _wait_for(lambda: any(tmp.rglob("*.*")), proc)  # the first piece is written
    os.killpg(proc.pid, signal.SIGSTOP)
    os.killpg(proc.pid, signal.SIGHUP)  # to the main process and its workers alike
    os.killpg(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=BOUND)
    assert proc.returncode == 129, err
    assert b"Traceback" not in err
    assert list(tmp.iterdir()) == []
    assert list(out.parent.iterdir()) == []


def test_sigterm_while_the_output_is_written_leaves_nothing_behind(tmp_path: Path) -> None:
    """Before: `.ut.json.XXXX.tmp` and the spill folder were left behind."""
    proc, tmp, out = _start(tmp_path, 600)
    writing = _wait_for(lambda: any(out.parent.iterdir()), proc)
    if writing:
        os.killpg(proc.pid, signal.SIGSTOP)
        writing = any(p.name.endswith(".tmp") for p in out.parent.iterdir())
        os.killpg(proc.pid, signal.SIGTERM if writing else signal.SIGCONT)
        os.killpg(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=BOUND)
    assert writing, "the batch was not caught while writing its output"
    assert proc.returncode == 143, err
    assert b"Traceback" not in err
    assert list(tmp.iterdir()) == []
    assert list(out.parent.iterdir()) == []
