"""``import --into``, ``init`` and ``assess`` write one answer file through one writer and one
lock (docs/design.md §9): whichever comes first, the other waits and then starts from the
file as it is, so an import in the middle of a session loses neither the session's answers
nor the imported respondents, and no ``BlockChanged`` stops the session.

The interleavings are made with events, not sleeps: a write is held inside the lock (the file
read, the new text made, not yet written) until the test lets it go, and the other writer is
seen to find the lock taken before that. Every wait is bounded by :data:`WAIT` seconds."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import filelock
import pytest
import yaml
from rich.console import Console

from samarbeid import answerwriter
from samarbeid.answerfile import AnswerFile, identity
from samarbeid.answerwriter import Block, SharedFile, lock_path
from samarbeid.commands import assess as assess_command
from samarbeid.commands import import_ as import_command
from samarbeid.commands import init as init_command
from samarbeid.errors import UsageError
from samarbeid.load.answers import load_file
from samarbeid.record import validated
from samarbeid.rubric import load_rubric
from samarbeid.surveys.platform import Source
from samarbeid.vocab import Role, Value
from testkit import ROOT, Cli, answer_file

EXPORT = ROOT / "tests" / "fixtures" / "import" / "nettskjema_kommune.csv"
SOURCES = ["nettskjema:31000", "nettskjema:31007", "nettskjema:31012"]  # the export's submissions
COMMENT = "# Felles svarfil for kommunen og entreprenøren\n"
WAIT = 10.0  # seconds: the bound on every wait in this module


def shared_file(tmp_path: Path) -> Path:
    """A file with a comment and the kommune's (empty) block, as a session resumes it."""
    file = tmp_path / "felles.yaml"
    text = answer_file([{"role": "kommune", "answers": {}}], status="in_progress")
    file.write_text(COMMENT + text, encoding="utf-8")
    return file


def content(file: Path) -> dict[str, Any]:
    """The session's answers (the kommune without a unit) and the imported sources in ``file``."""
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    mine = [r["answers"] for r in data["respondents"] if "source" not in r]
    return {"session": mine, "imported": [r["source"] for r in data["respondents"] if "source" in r]}


def import_into(file: Path) -> import_command.ExitCode:
    """``samarbeid import EXPORT --role kommune --into FILE``, in this process."""
    return import_command.run(
        [EXPORT],
        role=Role.kommune,
        project={},
        into=file,
        partial=True,
        output=None,
        source=Source.auto,
        map_file=None,
        lang="en",
        rubric_path=None,
    )


class Session:
    """An ``assess`` session's saving, as :mod:`samarbeid.commands.assess` does it: the
    respondent claimed and the file read at the start, then one save per answer."""

    def __init__(self, file: Path) -> None:
        self.rubric = load_rubric()
        self.shared = SharedFile(file, self.rubric, timeout=WAIT)
        self.me = identity(Role.kommune, None, None)
        self.shared.claim([self.me])
        loaded = load_file(file, self.rubric) if file.exists() else None
        self.model = (
            loaded.model if loaded else validated(AnswerFile, {"samarbeid": 1, "project": {"id": "p"}})
        )
        self.shared.start(loaded.model if loaded else None, [self.me])
        self.answers: dict[str, Value] = {}

    def answer(self, question: str, value: Value) -> None:
        self.answers[question] = value
        block = Block(Role.kommune, None, None, "in_progress", dict(self.answers), {})
        self.shared.save([block], model=self.model)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = Session(shared_file(tmp_path))
    yield s
    s.shared.release()


class Thread:
    """A function run in a named thread; :meth:`result` joins it (bounded) and returns its
    value or raises what it raised."""

    def __init__(self, name: str, call: Callable[[], Any]) -> None:
        self.outcome: list[Any] = []
        self.error: list[BaseException] = []

        def run() -> None:
            try:
                self.outcome.append(call())
            except BaseException as exc:
                self.error.append(exc)

        self.thread = threading.Thread(target=run, name=name, daemon=True)
        self.thread.start()

    def result(self) -> Any:
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), f"{self.thread.name} did not finish within {WAIT} s"
        if self.error:
            raise self.error[0]
        return self.outcome[0]


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], tuple[threading.Event, threading.Event]]:
    """``held(name)`` holds the next write of the thread ``name`` inside the file's lock, after
    the file was read and the new text made: returns (``inside``: it is there, ``go``: let it
    write)."""
    real = answerwriter.write_atomic

    def hold(name: str) -> tuple[threading.Event, threading.Event]:
        inside, go = threading.Event(), threading.Event()

        def write(target: Path, text: str) -> None:
            if threading.current_thread().name == name and not inside.is_set():
                inside.set()
                assert go.wait(WAIT), "the test never let the write go"
            real(target, text)

        monkeypatch.setattr(answerwriter, "write_atomic", write)
        return inside, go

    return hold


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch) -> defaultdict[str, threading.Event]:
    """``waiting[name]`` is set when the thread ``name`` asks for a file lock another holder
    has (it then waits for it, as it always does)."""
    found: defaultdict[str, threading.Event] = defaultdict(threading.Event)

    class Announcing(filelock.FileLock):  # type: ignore[misc, valid-type]
        def acquire(self, timeout: float | None = None, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().acquire(0)
            except filelock.Timeout:
                found[threading.current_thread().name].set()
            return super().acquire(timeout, *args, **kwargs)

    monkeypatch.setattr(filelock, "FileLock", Announcing)
    return found


def test_an_import_during_an_assess_session_keeps_both(tmp_path: Path, cli: Cli) -> None:
    """The kommune answers in ``assess``; between its first and second answer the survey
    export is imported into the same file. The session goes on without a word about changed
    answers, and at the end the file holds the session's answers, the three imported
    respondents and the file's comment."""
    file = shared_file(tmp_path)
    lines = ["4", "5", "q"]
    imports: list[Any] = []

    def reader(prompt: str, hidden: bool) -> str:
        if len(lines) == 2:  # the first answer is saved; the session waits for the second
            imports.append(
                cli("import", EXPORT, "--role", "kommune", "--into", file, "--partial", "--lang", "en")
            )
        return lines.pop(0)

    out = io.StringIO()
    code = assess_command.run(
        file,
        roles=["kommune"],
        unit=None,
        name=None,
        lang="nb",
        rubric_path=None,
        color=False,
        reader=reader,
        console=Console(file=out, width=80, color_system=None),
        require_tty=False,
        today=dt.date(2025, 3, 10),
    )
    assert code == 0, out.getvalue()
    assert imports[0].exit_code == 0, imports[0].stderr
    assert "added 3 respondents" in imports[0].stderr
    assert "endret utenfor" not in " ".join(out.getvalue().split())
    assert content(file) == {"session": [{"felles-mal": 4, "felles-situasjon": 5}], "imported": SOURCES}
    assert file.read_text(encoding="utf-8").startswith(COMMENT)
    assert cli("validate", file).exit_code == 0


def test_an_import_waits_for_a_save_that_holds_the_lock_and_then_adds_to_it(
    session: Session, held: Any, waiting: Any
) -> None:
    """A save holds the lock (the file read, its text made). An import started then finds the
    lock taken and writes nothing; once the save has written and let go, the import reads
    the file with the session's answer in it and adds its respondents. The session's next
    save finds its block as it left it."""
    file = session.shared.path
    inside, go = held("save")
    save = Thread("save", lambda: session.answer("felles-mal", 4))
    assert inside.wait(WAIT)
    imported = Thread("import", lambda: import_into(file))
    assert waiting["import"].wait(WAIT), "the import did not find the lock taken"
    assert content(file) == {"session": [{}], "imported": []}  # nothing written while it waits
    go.set()
    save.result()
    assert imported.result() == 0
    assert content(file) == {"session": [{"felles-mal": 4}], "imported": SOURCES}
    session.answer("felles-situasjon", 5)  # no BlockChanged
    assert content(file) == {"session": [{"felles-mal": 4, "felles-situasjon": 5}], "imported": SOURCES}
    assert file.read_text(encoding="utf-8").startswith(COMMENT)


def test_a_save_waits_for_an_import_that_holds_the_lock_and_keeps_what_it_added(
    session: Session, held: Any, waiting: Any
) -> None:
    """The session has read the file and saved once. An import holds the lock (the file
    read, the respondents added to its text); the session's next save finds the lock taken,
    waits, and then merges its answer into the file with the imported respondents in it."""
    file = session.shared.path
    session.answer("felles-mal", 4)
    inside, go = held("import")
    imported = Thread("import", lambda: import_into(file))
    assert inside.wait(WAIT)
    save = Thread("save", lambda: session.answer("felles-situasjon", 5))
    assert waiting["save"].wait(WAIT), "the save did not find the lock taken"
    go.set()
    assert imported.result() == 0
    save.result()  # no BlockChanged
    assert content(file) == {"session": [{"felles-mal": 4, "felles-situasjon": 5}], "imported": SOURCES}


def test_init_waits_for_a_session_creating_the_file_and_then_refuses_it(
    tmp_path: Path, held: Any, waiting: Any
) -> None:
    """A session's first save creates the file while ``init`` (without ``--force``) is about
    to write it: ``init`` waits for the lock, then finds the file there and refuses it; the
    session's answer stays."""
    file = tmp_path / "ny.yaml"
    session = Session(file)
    try:
        inside, go = held("save")
        save = Thread("save", lambda: session.answer("felles-mal", 4))
        assert inside.wait(WAIT)
        init = Thread(
            "init",
            lambda: init_command.run(
                file, roles=["kommune"], project_id=None, force=False, lang="en", rubric_path=None
            ),
        )
        assert waiting["init"].wait(WAIT), "init did not find the lock taken"
        go.set()
        save.result()
        with pytest.raises(UsageError) as refused:
            init.result()
        assert refused.value.code == "usage.file_exists"
        assert content(file) == {"session": [{"felles-mal": 4}], "imported": []}
    finally:
        session.shared.release()


def test_an_import_that_cannot_get_the_lock_in_time_writes_nothing_and_says_so(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer holds the lock for longer than the import waits: exit 2, one line that
    says the file is locked and nothing was written, and the file as it was."""
    monkeypatch.setattr(answerwriter, "LOCK_TIMEOUT", 0.2)
    file = shared_file(tmp_path)
    before = file.read_bytes()
    with filelock.FileLock(str(lock_path(file)), timeout=0):
        result = cli("import", EXPORT, "--role", "kommune", "--into", file, "--partial", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"error: {file} is locked by another save that does not finish, so nothing was written; "
        "try again in a moment"
    )
    assert file.read_bytes() == before
