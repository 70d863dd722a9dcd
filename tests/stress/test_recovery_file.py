"""An answer the user has seen accepted is never lost: when its save cannot be made (the
file's lock held past the timeout, a folder that cannot be written), the session keeps the
answers in a recovery file beside the answer file, or in the user's state folder, and says
where. Every wait is bounded by a fraction of a second."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from samarbeid import answerwriter
from samarbeid.answerwriter import SharedLock, lock_path
from testkit import assess, write


def _recovered(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.recovered.yaml"))


def test_an_answer_whose_save_is_locked_out_is_kept_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answerwriter, "LOCK_TIMEOUT", 0.2)
    file = write(tmp_path / "svar.yaml", [{"role": "kommune", "answers": {}}])
    before = file.read_bytes()
    held = SharedLock(lock_path(file), 0.5)
    held.acquire()  # another save that does not finish
    try:
        run = assess(file, ["4", "q"])
    finally:
        held.release()
    assert run.code == 2
    assert file.read_bytes() == before
    [kept] = _recovered(tmp_path)
    assert "tatt vare på" in run.out and kept.name in run.out.replace("\n", "")
    data = yaml.safe_load(kept.read_text(encoding="utf-8"))
    assert data["respondents"][0]["role"] == "kommune"
    assert list(data["respondents"][0]["answers"].values()) == [4]


def test_a_folder_that_cannot_be_written_keeps_the_answers_in_the_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    file = (
        write(tmp_path / "prosjekt" / "svar.yaml", [{"role": "kommune", "answers": {}}])
        if (tmp_path / "prosjekt").mkdir() is None
        else None
    )
    assert file is not None

    def refuse(path: Path, text: str | bytes) -> None:
        raise answerwriter.UsageError("file.write_failed_at", file=str(path), reason="ingen tilgang")

    real_open = os.open

    def no_beside(path: object, flags: int, mode: int = 0o777) -> int:
        if str(path).startswith(str(tmp_path / "prosjekt")) and str(path).endswith(".recovered.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(answerwriter, "write_atomic", refuse)
    monkeypatch.setattr(answerwriter.os, "open", no_beside)
    run = assess(file, ["4", "q"])
    monkeypatch.undo()
    assert run.code == 2
    assert "kan ikke skrive" in run.out
    [kept] = _recovered(state / "samarbeid")
    assert "tatt vare på" in run.out
    assert list(yaml.safe_load(kept.read_text(encoding="utf-8"))["respondents"][0]["answers"].values()) == [4]


def test_a_file_broken_by_hand_during_the_session_keeps_the_answer_and_says_why(tmp_path: Path) -> None:
    """Someone saves the file with a syntax error while the session runs: the next answer
    cannot be merged into it, so it is kept in a recovery file; the session names the error
    where it stands (file:line:column) and where the answer is, and exits 2."""
    file = write(tmp_path / "svar.yaml", [{"role": "kommune", "answers": {}}])
    reads = [0]

    def break_it() -> None:
        reads[0] += 1
        if reads[0] == 2:  # after felles-mal: 4 was saved
            file.write_text(file.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")

    run = assess(file, ["4", "5", "q"], check=break_it)
    assert run.code == 2
    flat = " ".join(run.out.split())
    assert f"{file}:" in flat and "tatt vare på" in flat
    [kept] = _recovered(tmp_path)
    assert yaml.safe_load(kept.read_text(encoding="utf-8"))["respondents"][0]["answers"] == {
        "felles-mal": 4,
        "roller": 5,
    }
