"""Lock files cannot strand the other users of a shared folder: a lock file is made writable
for whoever may write in the folder, and one that another user left read-only is still taken
(read-only ``flock``), and still holds. Other users are played by root taking another
effective user id for a moment; every wait is bounded by a second or less."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import Timeout

from samarbeid.answerwriter import Locked, SharedLock, edit, lock_path
from samarbeid.parse.yamlread import read_file
from samarbeid.rubric import load_rubric
from testkit import ROOT

NOBODY = 65534
OTHER = 1  # the user who left the lock file behind

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="playing other users needs root")


@pytest.fixture
def shared() -> Iterator[Path]:
    """A shared, world-writable folder."""
    folder = Path(tempfile.mkdtemp(prefix="samarbeid-shared-"))
    folder.chmod(0o777)
    answer = folder / "svar.yaml"
    shutil.copy(ROOT / "examples" / "sunt-samarbeid.yaml", answer)
    answer.chmod(0o666)
    # read once as root, so that every module a save needs (the codecs too) is imported while
    # the interpreter's own files can be read: they may be root's alone (~/.pyenv)
    read_file(answer)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def as_nobody() -> Iterator[None]:
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def _leave_foreign_lock(folder: Path) -> Path:
    lock = lock_path(folder / "svar.yaml")
    lock.touch()
    os.chown(lock, OTHER, OTHER)
    lock.chmod(0o644)
    return lock


def test_a_lock_file_left_read_only_by_another_user_does_not_block_a_save(shared: Path) -> None:
    """Before: «kan ikke skrive … ingen tilgang», exit 2, and the answer was not in the file."""
    _leave_foreign_lock(shared)
    rubric = load_rubric()
    answer = shared / "svar.yaml"
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        edit(answer, lambda current: ((current.text or "") + "# lagret\n", None), rubric, timeout=1)
    finally:
        os.seteuid(0)
        os.setegid(0)
    assert answer.read_text(encoding="utf-8").endswith("# lagret\n")


def test_a_read_only_lock_still_holds(shared: Path) -> None:
    """The read-only lock keeps out a writer that takes the lock the usual way."""
    _leave_foreign_lock(shared)
    held = SharedLock(lock_path(shared / "svar.yaml"), 0.5)
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        held.acquire()
    finally:
        os.seteuid(0)
        os.setegid(0)
    try:
        assert held.fd is not None  # taken read-only
        with pytest.raises(Locked):
            edit(shared / "svar.yaml", lambda current: (None, None), load_rubric(), timeout=0.3)
        with pytest.raises(Timeout):
            SharedLock(lock_path(shared / "svar.yaml"), 0.2).acquire()
    finally:
        held.release()


def test_a_new_lock_file_is_writable_by_whoever_may_write_in_the_folder(shared: Path) -> None:
    """With the common umask 022 a lock file was 644: only its maker could take it again."""
    lock = SharedLock(lock_path(shared / "svar.yaml"), 0.5)
    old = os.umask(0o022)
    try:
        lock.acquire()
        mode = os.stat(lock.path).st_mode & 0o777
    finally:
        lock.release()
        os.umask(old)
    assert mode == 0o666
