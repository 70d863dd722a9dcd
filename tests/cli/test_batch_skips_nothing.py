"""`samarbeid batch` never skips silently: a folder that cannot be searched, a link to
nothing, a FIFO or a device where an answer file should be is named, and the gate fails
(exit 2). A FIFO is never opened, so nothing waits for a writer."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from testkit import ROOT, answer_file, best, run_samarbeid


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder every user can reach (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="samarbeid-skips-"))
    folder.chmod(0o755)
    yield folder
    for top, dirs, _ in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(top, d), 0o755)
    shutil.rmtree(folder)


def _project(path: Path, project_id: str) -> Path:
    from samarbeid.rubric import load_rubric

    rubric = load_rubric()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        answer_file([best(rubric, "kommune"), best(rubric, "entreprenor")], project_id=project_id),
        encoding="utf-8",
    )
    path.chmod(0o644)
    path.parent.chmod(0o755)
    return path


def test_a_folder_that_cannot_be_searched_is_named_and_fails_the_gate(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A subfolder with mode 644 can be listed but its files cannot be opened: it is named,
    and the batch exits 2 instead of «1 prosjekt … 0 feil» and exit 0. (Root may search any
    folder, so there the kernel's answer for such a folder is played: EACCES on each file.)"""
    _project(shared / "a" / "frisk.yaml", "frisk")
    _project(shared / "lukket" / "skjult.yaml", "skjult")
    (shared / "lukket").chmod(0o644)
    if os.geteuid() == 0:
        from samarbeid.load.discover import discover

        def refused(real: Any) -> Any:
            def stat(path: str, *args: object, **kw: object) -> os.stat_result:
                if os.path.dirname(path) == str(shared / "lukket"):
                    raise PermissionError(13, "Permission denied", path)
                return real(path, *args, **kw)  # type: ignore[no-any-return]

            return stat

        monkeypatch.setattr(os, "stat", refused(os.stat))
        monkeypatch.setattr(os, "lstat", refused(os.lstat))
        found, problems = discover([shared])
        monkeypatch.undo()
        assert found == [str(shared / "a" / "frisk.yaml")]
        assert [(p.where.file, p.code) for p in problems] == [(str(shared / "lukket"), "discover.unreadable")]
        return
    result = run_samarbeid("batch", shared, "--as-of", "2026-11-22", "--jobs", "1")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{shared / 'lukket'}:1:1: error: kan ikke lese mappen: ingen tilgang" in result.stderr


def test_a_dangling_link_is_named_and_fails_the_gate(tmp_path: Path) -> None:
    _project(tmp_path / "frisk.yaml", "frisk")
    (tmp_path / "borte.yaml").symlink_to(tmp_path / "finnes-ikke.yaml")
    result = run_samarbeid("batch", tmp_path, "--as-of", "2026-11-22", "--jobs", "1")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{tmp_path / 'borte.yaml'}:1:1: error: lenken peker på noe som ikke finnes" in result.stderr


@pytest.mark.parametrize("given", ["folder", "file"])
def test_a_fifo_is_named_not_waited_on(tmp_path: Path, given: str) -> None:
    """A FIFO named like an answer file, in a folder or given itself, is refused at once."""
    _project(tmp_path / "frisk.yaml", "frisk")
    fifo = tmp_path / "ko.yaml"
    os.mkfifo(fifo)
    result = run_samarbeid(
        "batch", tmp_path if given == "folder" else fifo, "--as-of", "2026-11-22", "--jobs", "1"
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{fifo}:1:1: error: er ikke en vanlig fil" in result.stderr


def test_examples_still_pass() -> None:
    """The checked-in examples hold no special file: nothing new is reported there."""
    result = run_samarbeid("batch", ROOT / "examples" / "delt", "--as-of", "2026-11-22", "--jobs", "1")
    assert result.returncode in (0, 1), result.stderr
    assert "error:" not in result.stderr
