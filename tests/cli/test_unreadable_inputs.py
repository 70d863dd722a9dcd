"""A file the user may not read, given where a file is read, is one positioned line and exit
2 from the reader (`file.unreadable`), as `batch` says it for a file it finds in a folder:
never the command line's usage error («Ugyldig verdi for 'FIL...' … kan ikke leses»).

Root may read any file, so the kernel's answer for a file of mode 000 is played: the
permission check (``os.access``) and the open (``os.open``) are refused for that one path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from samarbeid.rubric import DEFAULT_RUBRIC
from testkit import EXAMPLES, TESTS, Cli

EXPORT = TESTS / "fixtures" / "import" / "nettskjema_kommune.csv"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "sunt-samarbeid.yaml", tmp_path / "svar.yaml")
    shutil.copy(EXAMPLES / "sunt-samarbeid.yaml", tmp_path / "tidligere.yaml")
    shutil.copy(DEFAULT_RUBRIC, tmp_path / "rubrikk.yaml")
    shutil.copy(EXPORT, tmp_path / "eksport.csv")
    (tmp_path / "kart.yaml").write_text("columns: {}\n", encoding="utf-8")
    return tmp_path


def _deny(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Reading ``path`` is refused as the kernel refuses it to a user without read access."""
    real_access, real_open = os.access, os.open

    def access(p: object, mode: int, *args: object, **kw: object) -> bool:
        if os.fspath(p) == str(path) and mode & os.R_OK:  # type: ignore[arg-type]
            return False
        return real_access(p, mode, *args, **kw)  # type: ignore[arg-type]

    def open_(p: object, flags: int, *args: object, **kw: object) -> int:
        if os.fspath(p) == str(path):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(p, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", open_)


#: each command (``@NAME`` is the file NAME in ``folder``), and the file it is refused to read
CASES = {
    "validate": (["validate", "@svar.yaml"], "svar.yaml"),
    "report": (["report", "@svar.yaml"], "svar.yaml"),
    "baseline": (["report", "@svar.yaml", "--baseline", "@tidligere.yaml"], "tidligere.yaml"),
    "batch": (["batch", "@svar.yaml"], "svar.yaml"),
    "rubric": (["--rubric", "@rubrikk.yaml", "rubric", "check"], "rubrikk.yaml"),
    "import": (
        ["import", "@eksport.csv", "--role", "kommune", "--partial", "--project-id", "x"],
        "eksport.csv",
    ),
    "map": (
        [
            "import",
            "@eksport.csv",
            "--role",
            "kommune",
            "--partial",
            "--into",
            "@svar.yaml",
            "--map",
            "@kart.yaml",
        ],
        "kart.yaml",
    ),
    "into": (
        ["import", "@eksport.csv", "--role", "kommune", "--partial", "--into", "@svar.yaml"],
        "svar.yaml",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_file_that_may_not_be_read_is_one_positioned_line(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    args, denied = CASES[case]
    path = folder / denied
    before = path.read_bytes()
    _deny(monkeypatch, path)
    result = cli(*(folder / a[1:] if a.startswith("@") else a for a in args))
    assert result.exit_code == 2, result.stderr
    assert f"{path}:1:1: error: kan ikke lese filen: ingen tilgang" in result.stderr.splitlines()
    assert "Ugyldig verdi" not in result.stderr
    monkeypatch.undo()
    assert path.read_bytes() == before
