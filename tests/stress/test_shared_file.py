"""Answer files that several ``assess`` sessions share (issue 12): a lock around every save,
merging into the file as it is now, joining a file another session created, one session per
respondent, the session's own block guarded against hand edits, symlinks written through,
and nothing saved that the reader would refuse.

The stress test runs three sessions in three processes against a file with other
respondents; in each round every session saves at the same moment, so the saves contend for
the lock every time. Every wait is bounded by seconds, and a session that fails reports why
(``Locked`` included) and stops the others; ``SAMARBEID_STRESS_ROUNDS`` repeats it."""

from __future__ import annotations

import multiprocessing
import os
import queue
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from samarbeid.answerfile import identity
from samarbeid.answerwriter import Block, SharedFile, lock_path
from samarbeid.errors import UsageError
from samarbeid.load.answers import load_file
from samarbeid.parse import yamlread
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Value
from testkit import MINI, PROJECT, Cli, answer_file, assess, data, write

ROUNDS = int(os.environ.get("SAMARBEID_STRESS_ROUNDS", "1"))


# ---- two sessions on a new file -----------------------------------------------------------


def test_two_sessions_that_started_on_a_new_file_both_end_up_in_it(tmp_path: Path) -> None:
    """Both start ``assess nytt.yaml`` before it exists. The entreprenør saves first and
    quits; the kommune's first save finds that file and joins it: its project details are
    not used (and it says so), and nobody's answers are lost."""
    file = tmp_path / "nytt.yaml"
    other: dict[str, Any] = {}

    def entreprenor_meanwhile() -> None:
        if other or file.exists():
            return
        reads = [0]

        def not_again() -> None:
            reads[0] += 1

        other["run"] = assess(
            file,
            ["", "Entreprenørens navn", "Inderøy kommune", "Maurtuva", "", "4", "5", "q"],
            "entreprenor",
            check=not_again,
        )

    kommune_project = ["", "Kommunens navn", "Inderøy", "Maurtuva Vekstgård", "3"]
    # The kommune has typed four of its details when the entreprenør runs its whole session.
    calls = [0]

    def check() -> None:
        calls[0] += 1
        if calls[0] == 5:
            entreprenor_meanwhile()

    run = assess(file, [*kommune_project, "4", "3", "q"], "kommune", check=check)
    assert other["run"].code == 0 and run.code == 0
    assert "ble opprettet i en annen økt" in " ".join(run.out.split())
    doc = data(file)
    assert doc["project"]["name"] == "Entreprenørens navn"  # the first file's details stay
    by_role = {r["role"]: r["answers"] for r in doc["respondents"]}
    assert by_role == {
        "entreprenor": {"felles-mal": 4, "roller": 5},
        "kommune": {"felles-mal": 4, "roller": 3},
    }


# ---- one session per respondent -----------------------------------------------------------


def test_the_same_respondent_in_a_second_session_is_refused(tmp_path: Path) -> None:
    """While the kommune answers, a second ``assess`` as the kommune on the same file is
    refused before any question; another unit of the kommune is welcome."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "unit": "Oppvekst", "answers": {}}])
    seen: dict[str, Any] = {}

    def second() -> None:
        if seen:
            return
        with pytest.raises(UsageError) as info:
            assess(file, ["5", "q"], "kommune")
        seen["refused"] = info.value
        seen["other_unit"] = assess(file, ["2", "", "q"], "kommune", unit="Helse")

    run = assess(file, ["4", "q"], "kommune", check=second)
    assert run.code == 0
    assert seen["refused"].code == "assess.in_use"
    assert "kommune (Oppvekst) svarer allerede i" in seen["refused"].render("nb")
    assert seen["other_unit"].code == 0
    answers = {r.get("unit"): r["answers"] for r in data(file)["respondents"]}
    assert answers == {"Oppvekst": {"felles-mal": 4}, "Helse": {"felles-mal": 2}}
    # Once the first session has ended, the kommune can resume.
    assert assess(file, ["q"], "kommune", unit="Oppvekst").code == 0


# ---- hand edits ---------------------------------------------------------------------------


def test_a_hand_edit_to_the_sessions_own_block_stops_it_instead_of_reverting_it(tmp_path: Path) -> None:
    """Someone changes the kommune's saved answer in an editor while the session runs: the
    next save is not made, the session says why and how to go on, exits 2, and the edit
    stays."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    reads = [0]

    def edit() -> None:
        reads[0] += 1
        if reads[0] == 2:  # after felles-mal: 4 was saved
            text = file.read_text(encoding="utf-8").replace("felles-mal: 4", "felles-mal: 1")
            file.write_text(text, encoding="utf-8")

    run = assess(file, ["4", "5", "3", "q"], check=edit)
    assert run.code == 2
    flat = " ".join(run.out.split())
    assert "Svarene til kommune i" in flat and "er endret utenfor denne økten" in flat
    assert "er det siste svaret ditt ikke lagret" in flat
    assert "samarbeid assess" in flat.split("slik den er nå med:")[1]
    assert data(file)["respondents"][0]["answers"] == {"felles-mal": 1}


def test_a_hand_edit_to_another_block_is_kept(tmp_path: Path) -> None:
    """An answer and a comment changed by hand in the other party's block survive the
    session's next saves."""
    file = write(
        tmp_path / "p.yaml",
        [{"role": "kommune", "answers": {}}, {"role": "entreprenor", "answers": {"felles-mal": 2}}],
    )
    reads = [0]

    def edit() -> None:
        reads[0] += 1
        if reads[0] == 2:
            text = file.read_text(encoding="utf-8")
            text = text.replace("felles-mal: 2\n", "felles-mal: 5\n    kapasitet: 1\n", 1)
            file.write_text(text, encoding="utf-8")

    assert assess(file, ["4", "5", "q"], check=edit).code == 0
    doc = data(file)
    assert doc["respondents"][0]["answers"] == {"felles-mal": 4, "roller": 5}
    assert doc["respondents"][1]["answers"] == {"felles-mal": 5, "kapasitet": 1}


# ---- symlinks -----------------------------------------------------------------------------


def test_a_symlinked_file_is_written_through_to_the_shared_folder(tmp_path: Path) -> None:
    """``assess`` on a link updates the file in the shared folder; the link stays a link."""
    shared = tmp_path / "delt"
    shared.mkdir()
    target = write(shared / "p.yaml", [{"role": "kommune", "answers": {}}])
    link = tmp_path / "mitt.yaml"
    link.symlink_to(target)
    assert assess(link, ["4", "5", "q"]).code == 0
    assert link.is_symlink() and link.resolve() == target
    assert data(target)["respondents"][0]["answers"] == {"felles-mal": 4, "roller": 5}
    assert lock_path(target).exists() and not lock_path(link).exists()


# ---- what the reader would refuse ---------------------------------------------------------


def test_a_file_the_reader_would_refuse_is_never_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Rubric
) -> None:
    """With the reader's node limit just above the file as it is, the next answer would make
    a file the reader refuses: it is not saved, the session says why and stops (exit 2), and
    the file is as it was and still reads."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {"felles-mal": 4}}])
    before = file.read_bytes()
    doc = yamlread.parse_text(before.decode("utf-8"), "p.yaml")
    nodes = len(doc.values) + len(doc.keys)
    monkeypatch.setattr(yamlread, "MAX_NODES", nodes + 1)
    run = assess(file, ["5", "q"])
    assert run.code == 2
    flat = " ".join(run.out.split())
    assert "Svaret ble ikke lagret, for da ville" in flat and "ikke lenger kunne leses" in flat
    assert file.read_bytes() == before
    load_file(file, mini)


# ---- counts and the resume command --------------------------------------------------------


def test_assess_counts_answered_questions_as_the_report_does(tmp_path: Path, cli: Cli, mini: Rubric) -> None:
    """«vet ikke» and «ikke relevant» are not answered in the report's respondent list, nor
    at the end of ``assess``; the same numbers appear in both."""
    file = tmp_path / "p.yaml"
    run = assess(file, [*PROJECT, "4", "v", "3", "i", "Ingen sak", "3"])
    assert run.code == 0
    flat = " ".join(run.out.split())
    assert "Ferdig: 3 av 5 spørsmål er besvart" in flat
    assert "«Vet ikke» (1) og «ikke relevant» (1) regnes ikke som besvart" in flat
    report = cli("--rubric", MINI, "report", file, "--detail", "--as-of", "2024-05-01")
    assert "3 av 5 besvart" in report.stdout


def test_the_resume_command_shows_control_characters_escaped(tmp_path: Path) -> None:
    """A unit with an escape sequence is printed in ``$'…'`` form: no escape code reaches
    the terminal, and bash reads the command back to exactly the same unit."""
    file = write(tmp_path / "p.yaml", [{"role": "kommune", "answers": {}}])
    unit = "\x1b[31mOppvekst\x07"
    run = assess(file, ["q"], unit=unit)
    assert "\x1b" not in run.out and "\x07" not in run.out
    line = next(x for x in run.out.splitlines() if "--unit" in x)
    assert "--unit $'\\x1b[31mOppvekst\\x07'" in line
    echoed = subprocess.run(
        ["bash", "-c", "printf %s " + line.split("--unit ", 1)[1].split(" --")[0]],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert echoed == unit


# ---- the stress test ----------------------------------------------------------------------

#: The sessions that save at the same time: (role, unit).
SESSIONS = (("kommune", None), ("entreprenor", None), ("kommune", "Helse"))
SAVES = 6  # each session's saves, one per round
OTHERS = 6  # respondents in the file that no session touches
#: The bound on every wait, in seconds: a save's wait for the lock, a session's wait for the
#: others at the start of a round, the test's wait for news from the sessions. A save holds
#: the lock for about a second at most, also on a loaded 2-core machine.
WAIT = 15.0


def _describe(exc: BaseException) -> str:
    """An exception as one line: its type, and its message in English when it has one."""
    said = exc.render("en") if isinstance(exc, UsageError) else str(exc)
    return f"{type(exc).__name__}: {said}"


def _session(file: str, role: str, unit: str | None, rounds: Any, out: Any) -> None:
    """One session in its own process: one save per round, when every session is ready for
    it. Puts ``(session, "saved", n)`` after each save and ``(session, "done", answers)`` at
    the end; on any failure ``(session, "failed", why)``, and breaks the barrier so that the
    other sessions stop at once."""
    who = f"{role}/{unit or '-'}"
    shared: SharedFile | None = None
    try:
        rubric = load_rubric()
        path = Path(file)
        shared = SharedFile(path, rubric, timeout=WAIT)
        me = identity(role, unit, None)
        shared.claim([me])
        loaded = load_file(path, rubric)
        shared.start(loaded.model, [me])
        answers: dict[str, Value] = {}
        for q in rubric.questions_for(role)[:SAVES]:
            answers[q.id] = q.values()[len(answers) % 3]
            rounds.wait(WAIT)  # everyone saves now
            shared.save([Block(role, unit, None, "in_progress", dict(answers), {})], model=loaded.model)
            out.put((who, "saved", len(answers)))
    except BaseException as exc:  # everything, Locked and BlockChanged included, is reported
        rounds.abort()
        out.put((who, "failed", _describe(exc)))
        return
    finally:
        if shared is not None:
            shared.release()
    out.put((who, "done", answers))


def _others(rubric: Rubric, count: int = OTHERS) -> list[dict[str, Any]]:
    blocks = []
    for i in range(count):
        role = "kommune" if i % 2 else "entreprenor"
        qs = rubric.questions_for(role)
        blocks.append({"role": role, "unit": f"Enhet {i}", "answers": {q.id: q.values()[i % 2] for q in qs}})
    return blocks


def _results(procs: list[Any], out: Any) -> dict[str, dict[str, Value]]:
    """Every session's answers. Fails the test with the first failure a session reports, as
    soon as a session dies without a word, or when no session has saved for :data:`WAIT`
    seconds."""
    results: dict[str, dict[str, Value]] = {}
    last_news = time.monotonic()
    while len(results) < len(procs):
        try:
            who, kind, said = out.get(timeout=0.2)
        except queue.Empty:
            dead = [p.name for p in procs if p.exitcode not in (None, 0)]
            assert not dead, f"sessions died without a word: {dead}"
            assert time.monotonic() - last_news < WAIT, f"no session saved for {WAIT} s"
            continue
        assert kind != "failed", f"{who}: {said}"
        if kind == "done":
            results[who] = said
        last_news = time.monotonic()
    return results


def _all_kept(tmp_path: Path, sessions: tuple[tuple[str, str | None], ...], others: int) -> None:
    """``sessions`` save at the same moment, :data:`SAVES` times each, in a file with
    ``others`` other respondents: at the end every answer each session saved is in the file,
    and the others are untouched."""
    rubric = load_rubric()
    kept_before = _others(rubric, others)
    file = tmp_path / "delt.yaml"
    file.write_text(answer_file(kept_before, status="in_progress"), encoding="utf-8")
    ctx = multiprocessing.get_context("fork")
    rounds = ctx.Barrier(len(sessions))
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_session, args=(str(file), role, unit, rounds, out), name=f"{role}/{unit or '-'}")
        for role, unit in sessions
    ]
    try:
        for p in procs:
            p.start()
        results = _results(procs, out)
        for p in procs:
            p.join(timeout=WAIT)
            assert p.exitcode == 0, f"{p.name} exited with {p.exitcode}"
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join(timeout=WAIT)
    final = load_file(file, rubric)
    for role, unit in sessions:
        answers = results[f"{role}/{unit or '-'}"]
        assert len(answers) == SAVES
        block = next(r for r in final.responses if r.identity == identity(role, unit, None))
        assert block.answers == answers, f"{role}/{unit}: answers lost"
    kept = [r for r in final.responses if r.unit and r.unit.startswith("Enhet")]
    assert [(r.role, r.unit, dict(r.answers)) for r in kept] == [
        (o["role"], o["unit"], o["answers"]) for o in kept_before
    ]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_sessions_saving_at_the_same_time_lose_nothing(tmp_path: Path, round_: int) -> None:
    """Three sessions (the kommune, the entreprenør and a second kommune unit) save at the
    same moment, six times each, in a file with six other respondents."""
    _all_kept(tmp_path, SESSIONS, OTHERS)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_four_sessions_in_a_file_of_many_respondents_lose_nothing(tmp_path: Path, round_: int) -> None:
    """Four sessions save at the same moment, six times each, in a file with 500 other
    respondents (issue 23: four sessions used to wait past the lock's timeout there)."""
    four = (*SESSIONS, ("kommune", "Kultur"))
    _all_kept(tmp_path, four, 500)


# ---- long names ---------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["s" * 225, "æ" * 120, "ø" * 125])
def test_an_answer_file_with_a_long_name_is_answered_and_its_locks_stay_its_own(
    tmp_path: Path, stem: str
) -> None:
    """A name up to 255 bytes (230 characters, or 120 two-byte ones) is answered: its lock
    files are cut to 255 bytes, and a second file whose name differs only past the cut gets
    locks of its own, so both are answered at once."""
    first = write(tmp_path / f"{stem}.yaml", [{"role": "kommune", "answers": {}}])
    second = write(tmp_path / f"{stem}.yml", [{"role": "kommune", "answers": {}}])
    seen: dict[str, Any] = {}

    def meanwhile() -> None:
        if not seen:
            seen["second"] = assess(second, ["5", "q"])

    assert assess(first, ["4", "q"], check=meanwhile).code == 0
    assert seen["second"].code == 0
    assert data(first)["respondents"][0]["answers"] == {"felles-mal": 4}
    assert data(second)["respondents"][0]["answers"] == {"felles-mal": 5}
    locks = [p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")]
    assert len(locks) == 4 and all(len(os.fsencode(name)) <= 255 for name in locks)
