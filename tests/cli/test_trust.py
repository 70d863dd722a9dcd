"""Never lose or overwrite what a user wrote, and never pass a gate on what was not scored:
outputs, closed pipes, odd streams, and input that users expect to work."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from testkit import ROOT, Cli

EXAMPLE = ROOT / "examples" / "inderoy-helsefag.yaml"  # has a critical finding: fails --fail-on high


def samarbeid(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """The command line in a child process (what a shell runs)."""
    return subprocess.run(
        [sys.executable, "-m", "samarbeid", *map(str, args)],
        capture_output=kwargs.pop("capture_output", True),  # type: ignore[arg-type]
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


# ---- outputs never destroy inputs ------------------------------------------------------------


def test_output_that_is_an_input_is_refused_and_the_input_kept(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, answers)
    before = answers.read_bytes()
    result = cli("report", answers, "-f", "markdown", "-o", answers)
    assert result.exit_code == 2
    assert "er samme fil som" in result.stderr
    assert answers.read_bytes() == before


def test_output_that_is_a_baseline_by_another_name_is_refused(cli: Cli, tmp_path: Path) -> None:
    """Same inode, other path: a hard link to the baseline."""
    old = tmp_path / "old.yaml"
    shutil.copy(ROOT / "examples" / "tidligere" / "inderoy-helsefag-2020.yaml", old)
    link = tmp_path / "lenke.yaml"
    os.link(old, link)
    before = old.read_bytes()
    result = cli("report", EXAMPLE, "--baseline", tmp_path, "-o", link, "-f", "json")
    assert result.exit_code == 2
    assert old.read_bytes() == before


def test_output_through_a_symlink_updates_the_target_and_keeps_the_link(cli: Cli, tmp_path: Path) -> None:
    shared = tmp_path / "delt"
    shared.mkdir()
    target = shared / "rapport.md"
    target.write_text("gammel\n", encoding="utf-8")
    link = tmp_path / "rapport.md"
    link.symlink_to(target)
    assert cli("report", EXAMPLE, "-o", link).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_output_to_a_device_writes_through_and_never_replaces_it(cli: Cli) -> None:
    """As root, a rename over /dev/null would replace the device with a regular file."""
    assert cli("report", EXAMPLE, "-o", "/dev/null", "-f", "json").exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_a_fifo_is_written_through(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "rør"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert cli("report", EXAMPLE, "-o", fifo, "-f", "json").exit_code == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(got[0])["project"]["id"] == "inderoy-helsefag"


@pytest.mark.parametrize(("name", "start"), [("r.html", "<!doctype html>"), ("r.md", "# "), ("r.json", "{")])
def test_output_suffix_chooses_the_format_when_none_is_given(
    cli: Cli, tmp_path: Path, name: str, start: str
) -> None:
    out = tmp_path / name
    assert cli("report", EXAMPLE, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").lower().startswith(start)


def test_a_format_that_contradicts_the_suffix_is_refused(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "rapport.html"
    result = cli("report", EXAMPLE, "-f", "json", "-o", out)
    assert result.exit_code == 2
    assert "passer ikke med filendelsen .html" in result.stderr
    assert not out.exists()


# ---- exit codes survive a closed pipe ------------------------------------------------------------


def run_into_a_closed_pipe(*args: str | Path, stream: str = "stdout") -> subprocess.CompletedProcess[bytes]:
    """Run with stdout (or stderr) a pipe whose reader is already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        streams = {"stdout": write, "stderr": subprocess.DEVNULL}
        if stream == "stderr":
            streams = {"stdout": subprocess.DEVNULL, "stderr": write}
        return samarbeid(*args, capture_output=False, **streams)
    finally:
        os.close(write)


def test_a_failed_gate_is_never_exit_0_behind_a_closed_pipe() -> None:
    assert run_into_a_closed_pipe("report", EXAMPLE, "--fail-on", "high").returncode == 1


def test_an_invalid_file_is_never_exit_0_behind_a_closed_pipe() -> None:
    bad = ROOT / "examples" / "invalid" / "verdi-utenfor-skalaen.yaml"
    assert run_into_a_closed_pipe("validate", bad, stream="stderr").returncode == 2


def test_version_behind_a_closed_pipe_prints_no_traceback() -> None:
    result = run_into_a_closed_pipe("--version")
    assert result.returncode == 0


# ---- odd streams: one line and exit 2, never exit 70 ---------------------------------------------


def test_an_output_encoding_without_aeoeaa_is_one_line_and_exit_2() -> None:
    result = samarbeid("report", EXAMPLE, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 2
    (line,) = result.stderr.decode("ascii", "replace").strip().splitlines()
    assert "PYTHONIOENCODING=utf-8" in line


def test_a_closed_stdout_is_one_line_and_exit_2() -> None:
    result = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m samarbeid report "{EXAMPLE}" >&-'],
        capture_output=False,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip().count("\n") == 0
    assert "utdata er stengt" in result.stderr.decode()


def test_an_empty_no_color_keeps_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """no-color.org: NO_COLOR turns colour off only when set to a non-empty value."""
    from samarbeid import cli

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setenv("NO_COLOR", "")
    assert cli._color() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._color() is False


# ---- input that users expect to work --------------------------------------------------------------


def test_quoted_dates_are_dates_also_in_an_answer_file_written_as_json(cli: Cli, tmp_path: Path) -> None:
    data = {
        "samarbeid": 1,
        "project": {"id": "json-fil", "assessed": "2024-03-01"},
        "status": "in_progress",
        "respondents": [{"role": "kommune", "answers": {"felles-mal": 4}}],
        "accepted": [{"rule": "mangler-koordinator", "reason": "x", "by": "y", "until": "2024-12-31"}],
    }
    path = tmp_path / "svar.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cli("validate", path).exit_code == 0
    report = json.loads(cli("report", path, "-f", "json").stdout)
    assert report["project"]["assessed"] == "2024-03-01"


def test_a_quoted_impossible_date_is_still_an_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "svar.yaml"
    path.write_text("samarbeid: 1\nproject:\n  id: p\n  assessed: '2024-13-01'\n", encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 2
    assert f"{path}:4:13: error: forventet en dato" in result.stderr


def test_validate_reports_answer_errors_below_a_header_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "svar.yaml"
    path.write_text(
        "samarbeid: 1\nproject:\n  id: p\n  phase: drift2\nrespondents:\n  - role: kommune\n"
        "    answers:\n      felles-mal: 7\n",
        encoding="utf-8",
    )
    lines = cli("validate", path).stderr.splitlines()
    assert [line.split(": error: ")[0] for line in lines] == [f"{path}:4:10", f"{path}:8:19"]


def test_a_complete_file_without_answers_fails_every_command(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "tom.yaml"
    path.write_text(
        "samarbeid: 1\nproject: {id: tom}\nstatus: complete\nrespondents:\n  - role: kommune\n"
        "    answers: {}\n",
        encoding="utf-8",
    )
    for command in ("validate", "report"):
        result = cli(command, path)
        assert result.exit_code == 2, command
        assert "har ingen svar" in result.stderr


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_checked(tmp_path: Path) -> None:
    bad = os.fsencode(tmp_path) + b"/svar-\xe6.yaml"
    with open(bad, "wb") as fh:
        fh.write((ROOT / "examples" / "invalid" / "verdi-utenfor-skalaen.yaml").read_bytes())
    result = samarbeid("validate", os.fsdecode(bad))
    assert result.returncode == 2
    (line,) = result.stderr.decode().splitlines()
    assert "svar-\\xe6.yaml:15:19: error: " in line


# ---- batch: a gate never passes on what was not scored -------------------------------------


def test_an_empty_folder_fails_the_gate_with_exit_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("batch", tmp_path, "-f", "csv")
    assert result.exit_code == 2
    assert f"{tmp_path}:1:1: error: fant ingen svarfiler" in result.stderr
    assert cli("batch", tmp_path, "--exit-zero").exit_code == 2


def test_a_folder_that_cannot_be_read_is_named_and_fails(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's rglob swallows the permission error; the batch must not (root reads every
    folder, so the denial is simulated)."""
    shutil.copy(EXAMPLE, tmp_path / "a.yaml")
    locked = tmp_path / "lukket"
    locked.mkdir()
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = cli("batch", tmp_path, "-f", "json", "--exit-zero")
    assert result.exit_code == 2
    assert f"{locked}:1:1: error: kan ikke lese mappen: ingen tilgang" in result.stderr
    assert [p["project"]["id"] for p in json.loads(result.stdout)["projects"]] == ["inderoy-helsefag"]


def test_a_complete_file_without_answers_fails_the_batch(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "tom.yaml").write_text(
        "samarbeid: 1\nproject: {id: tom}\nstatus: complete\nrespondents: []\n", encoding="utf-8"
    )
    result = cli("batch", tmp_path, "--exit-zero")
    assert result.exit_code == 2
    assert "har ingen svar" in result.stderr


def test_every_format_also_puts_each_error_on_stderr(cli: Cli, tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "invalid" / "verdi-utenfor-skalaen.yaml", tmp_path / "feil.yaml")
    shutil.copy(ROOT / "examples" / "sunt-samarbeid.yaml", tmp_path / "frisk.yaml")
    for fmt in ("table", "json", "jsonl", "csv", "junit", "markdown", "html"):
        result = cli("batch", tmp_path, "-f", fmt)
        assert result.exit_code == 2, fmt
        lines = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert lines == [
            f"{tmp_path / 'feil.yaml'}:15:19: error: ugyldig svar 6 på 'felles-mal'; tillatt: "
            "1, 2, 3, 4, 5, vet_ikke"
        ], fmt
        if fmt in ("table", "csv"):
            assert "ugyldig svar" not in result.stdout, fmt


def test_junit_stays_valid_xml_whatever_the_file_names(cli: Cli, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    shutil.copy(ROOT / "examples" / "invalid" / "verdi-utenfor-skalaen.yaml", tmp_path / "feil\x01\x1b.yaml")
    latin1 = os.fsencode(tmp_path) + b"/svar-\xe6.yaml"
    with open(latin1, "wb") as fh:
        fh.write((ROOT / "examples" / "sunt-samarbeid.yaml").read_bytes())
    for fmt in ("junit", "json", "csv", "table", "markdown", "html", "jsonl"):
        result = samarbeid("batch", tmp_path, "-f", fmt, "--exit-zero")
        assert result.returncode == 2, (fmt, result.stderr)
        assert b"Traceback" not in result.stderr
    junit = samarbeid("batch", tmp_path, "-f", "junit").stdout
    ET.fromstring(junit)  # parses: the control characters are shown, not written raw
    assert b"\\x01\\x1b" in junit


def test_older_assessments_in_the_folder_are_history_not_a_merge(cli: Cli, tmp_path: Path) -> None:
    for path in [EXAMPLE, *sorted((ROOT / "examples" / "tidligere").glob("*.yaml"))]:
        shutil.copy(path, tmp_path / path.name)
    result = cli("batch", tmp_path, "-f", "json")
    assert result.exit_code == 1  # scored, and its critical finding fails the gate
    (project,) = json.loads(result.stdout)["projects"]
    assert [t["assessed"] for t in project["trend"]] == ["2020-03-01", "2020-09-01", "2021-06-15"]
    assert project["project"]["assessed"] == "2021-06-15"
    assert "warning: prosjektet 'inderoy-helsefag' har 2 eldre fil(er)" in result.stderr


def test_one_file_per_party_on_different_days_is_still_one_assessment(cli: Cli) -> None:
    """The parties answer on their own days (2025-10-08 and 2025-10-10): one round."""
    result = cli("batch", ROOT / "examples" / "delt", "-f", "json")
    (project,) = json.loads(result.stdout)["projects"]
    assert sorted(r["role"] for r in project["respondents"]) == ["entreprenor", "kommune"]
    assert project["trend"] == []


def test_batch_output_that_is_an_input_is_refused(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, answers)
    before = answers.read_bytes()
    result = cli("batch", tmp_path, "-f", "csv", "-o", answers)
    assert result.exit_code == 2
    assert answers.read_bytes() == before


def test_batch_output_suffix_chooses_the_format(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "ut" / "portefolje.csv"
    out.parent.mkdir()
    cli("batch", EXAMPLE, "-o", out)
    assert out.read_text(encoding="utf-8").startswith("\ufeffproject;")


def test_batch_gate_survives_a_closed_pipe() -> None:
    assert run_into_a_closed_pipe("batch", EXAMPLE, "-f", "jsonl").returncode == 1


@pytest.mark.parametrize(("signum", "code"), [(2, 130), (15, 143)])
def test_a_signal_stops_batch_cleanly(tmp_path: Path, signum: int, code: int) -> None:
    """Ctrl-C or SIGTERM: no traceback from any worker, no temporary files left, 130 or 143."""
    import time

    folder = tmp_path / "svar"
    folder.mkdir()
    for i in range(400):
        (folder / f"s{i:03d}.yaml").write_text(
            EXAMPLE.read_text(encoding="utf-8").replace("id: inderoy-helsefag", f"id: p{i:03d}"),
            encoding="utf-8",
        )
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "samarbeid",
            "batch",
            str(folder),
            "-f",
            "json",
            "-o",
            str(tmp_path / "ut.json"),
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    deadline = time.monotonic() + 60
    while not any(tmp.rglob("*.*")) and time.monotonic() < deadline:  # the first piece is written
        time.sleep(0.01)
    # The batch is stopped while the signal is sent and resumed after it, so the signal
    # arrives while it works, however fast the machine or slow the scheduler.
    proc.send_signal(signal.SIGSTOP)
    proc.send_signal(signum)
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert b"Traceback" not in err
    assert list(tmp.iterdir()) == []
    assert not (tmp_path / "ut.json").exists()


def test_more_jobs_than_the_machine_allows_is_one_line_and_exit_2(cli: Cli) -> None:
    result = cli("batch", EXAMPLE, "--jobs", "100000")
    assert result.exit_code == 2
    assert "er flere enn maskinen tillater" in result.stderr


def test_a_full_temporary_folder_is_one_line_and_exit_2(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), tempfile.gettempdir())

    monkeypatch.setattr(tempfile, "TemporaryDirectory", full)
    result = cli("batch", EXAMPLE)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tempfile.gettempdir()}: disken er full"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_on_stdout_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "samarbeid", "report", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1
    assert "disken er full" in result.stderr.decode()


def test_help_behind_a_closed_pipe_prints_no_traceback() -> None:
    assert run_into_a_closed_pipe("report", "--help").returncode == 0


def test_batch_warns_when_the_files_of_one_project_disagree_on_its_details(cli: Cli, tmp_path: Path) -> None:
    for path in (ROOT / "examples" / "delt").glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    kommune = tmp_path / "kommune.yaml"
    kommune.write_text(
        kommune.read_text(encoding="utf-8").replace("phase: pilot", "phase: operation"), encoding="utf-8"
    )
    result = cli("batch", tmp_path, "-f", "csv")
    assert [line for line in result.stderr.splitlines() if ": warning: " in line and "phase" in line]
