"""End to end: the installed ``samarbeid assess`` in a pseudo-terminal, interrupted with
Ctrl-C, killed with SIGKILL, resumed, and finished — nothing lost, nothing asked twice."""

from __future__ import annotations

import os
import re
import shlex
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from samarbeid.load.answers import load_file
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from testkit import MINI

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

EXE = Path(sys.executable).with_name("samarbeid")
QUESTION = re.compile(r"\[(\d+)/(\d+)\] \S+  ([a-z0-9-]+)")
TIMEOUT = 20


def spawn(args: list[str], cwd: Path) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMARBEID_")}
    env.update(NO_COLOR="1", TERM="xterm")
    child = pexpect.spawn(
        str(EXE), args, cwd=str(cwd), env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 160)
    )
    child.delaybeforesend = None  # every send waits for its prompt with expect instead
    return child


class Driver:
    """Answers the questions on screen and remembers what was shown and what was answered."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.shown: list[int] = []  # question numbers, in the order they appeared
        self.answered: list[int] = []
        self.answers: dict[str, int | str] = {}
        self.comments: dict[str, str] = {}
        self.total = 0

    def wait_question(self, child: Any) -> tuple[int, str]:
        """Wait until a question and its prompt are on screen."""
        child.expect(QUESTION)
        number, self.total, qid = int(child.match[1]), int(child.match[2]), child.match[3]
        child.expect_exact("\r\n> ")
        self.shown.append(number)
        return number, qid

    def answer(self, child: Any, number: int, qid: str) -> None:
        """Answer: mostly the healthy-ish choice, every fifth question low (with a comment),
        every seventh «vet ikke»."""
        q = self.rubric.by_id[qid]
        values = q.values()
        value: int | str
        if number % 7 == 0:
            value = "vet_ikke"
        elif number % 5 == 0:
            value = values[0]  # 1 or nei: low
        else:
            value = values[3] if q.scale == "enighet" else "ja"
        child.sendline("v" if value == "vet_ikke" else str(values.index(value) + 1))
        if value in (1, "nei"):
            child.expect_exact("videre: ")
            text = f"Kommentar til spørsmål {number}"
            child.sendline(text)
            self.comments[qid] = text
        self.answers[qid] = value
        self.answered.append(number)

    def answer_until(self, child: Any, stop_at: int | None) -> int:
        """Answer every question shown; return the number on screen when ``stop_at`` shows up."""
        while True:
            number, qid = self.wait_question(child)
            if number == stop_at:
                return number
            self.answer(child, number, qid)
            if stop_at is None and number == self.total:
                return number


def test_interrupt_kill_resume_and_finish_loses_nothing_and_repeats_nothing(tmp_path: Path) -> None:
    """Ctrl-C saves and names the resume command; SIGKILL leaves a valid file with every
    answer so far; each resume starts at the first unanswered question; at the end every
    answer is in the file exactly once, once per respondent, and the report is shown."""
    rubric = load_rubric()
    driver = Driver(rubric)
    file = tmp_path / "prosjekt.yaml"

    # 1. A new file: project details, five answers, then Ctrl-C on question 6.
    child = spawn(["assess", "prosjekt.yaml", "--role", "kommune"], tmp_path)
    for prompt, typed in [
        ("Prosjekt-id [prosjekt]: ", ""),
        ("Prosjektets navn: ", "Forkurs"),
        ("Kommune: ", "Inderøy kommune"),
        ("Sosial entreprenør: ", "Maurtuva"),
        ("Fase: ", "3"),
    ]:
        child.expect_exact(prompt)
        child.sendline(typed)
    assert driver.answer_until(child, stop_at=6) == 6
    child.sendintr()
    child.expect_exact("Fortsett med:")
    child.expect(r"\r\n  (samarbeid assess [^\r\n]+)\r\n")
    resume = child.match[1]
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert resume == "samarbeid assess prosjekt.yaml --role kommune --resume"
    assert load_file(file, rubric).responses[0].answers == driver.answers

    # 2. Resume with exactly that command; answer up to question 12, then SIGKILL on 13.
    child = spawn(shlex.split(resume)[1:], tmp_path)
    child.expect_exact("Fortsetter i prosjekt.yaml")
    assert driver.answer_until(child, stop_at=13) == 13
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    killed = load_file(file, rubric)  # valid after the kill, with every answer given
    assert killed.responses[0].answers == driver.answers
    assert len(driver.answers) == 12

    # 3. Resume again and finish.
    child = spawn(shlex.split(resume)[1:], tmp_path)
    driver.answer_until(child, stop_at=None)
    n = len(rubric.questions_for("kommune"))
    scored = sum(1 for v in driver.answers.values() if v != "vet_ikke")  # as the report counts
    child.expect_exact(f"Ferdig: {scored} av {n} spørsmål er besvart")
    child.expect_exact("Samarbeidshelse: Forkurs")
    child.expect_exact("Svarene fra entreprenøren mangler")
    child.expect_exact("samarbeid assess prosjekt.yaml --role entreprenor")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    # Every answer is in the file exactly once, in one respondent block, marked complete (the
    # file is not: the entreprenør has not answered).
    final = load_file(file, rubric)
    assert len(final.responses) == 1
    response = final.responses[0]
    assert response.answers == driver.answers
    assert response.comments == driver.comments
    assert final.model.respondents[0].status == "complete"
    assert final.model.status == "in_progress"
    text = file.read_text(encoding="utf-8")
    for qid in driver.answers:
        keyed = len(re.findall(rf"^\s+{re.escape(qid)}:", text, flags=re.MULTILINE))
        assert keyed == 1 + (qid in driver.comments), qid

    # No question was asked twice, except the two on screen when the session was stopped.
    assert sorted(driver.answered) == list(range(1, n + 1))
    shown = Counter(driver.shown)
    assert {n: c for n, c in shown.items() if c != 1} == {6: 2, 13: 2}
    for n in driver.answered:
        assert driver.shown[len(driver.shown) - 1 - driver.shown[::-1].index(n)] == n
        later = driver.shown[driver.shown.index(n) + (2 if n in (6, 13) else 1) :]
        assert n not in later, f"question {n} was asked again after it was answered"


def test_workshop_hides_each_answer_until_both_have_answered(tmp_path: Path) -> None:
    """In workshop mode the typed answer is not echoed; both answers appear after the
    second party, and echo is back for the comment."""
    child = spawn(
        ["--rubric", str(MINI), "assess", "w.yaml", "--role", "kommune", "--role", "entreprenor"], tmp_path
    )
    for prompt in ("Prosjekt-id [w]: ", "navn: ", "Kommune: ", "entreprenør: ", "Fase: "):
        child.expect_exact(prompt)
        child.sendline("")
    child.expect_exact("Kommunen svarer")
    child.expect_exact("> (vises ikke) ")
    child.sendline("4")
    child.expect_exact("Entreprenøren svarer")
    assert child.before.split("\r\n")[0].strip() == ""  # nothing echoed after the prompt
    child.expect_exact("> (vises ikke) ")
    child.sendline("2")
    child.expect_exact("Svarene: kommunen: 4 enig · entreprenøren: 2 uenig")
    child.expect_exact("videre: ")
    child.sendline("Synlig kommentar")
    child.expect_exact("Synlig kommentar")  # echo is on again
    child.expect(QUESTION)
    child.expect_exact("> (vises ikke) ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Synlig kommentar" in (tmp_path / "w.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT])
def test_a_signal_at_the_hidden_prompt_restores_echo_saves_and_exits_128_plus_signal(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """Killed with SIGTERM, SIGHUP or SIGQUIT while echo is off (the hidden workshop
    prompt): echo is on again afterwards, the answer given is saved, exit 128 + signal."""
    child = spawn(
        ["--rubric", str(MINI), "assess", "w.yaml", "--role", "kommune", "--role", "entreprenor"], tmp_path
    )
    for _ in range(5):
        child.expect_exact(": ")
        child.sendline("")
    child.expect_exact("> (vises ikke) ")
    child.sendline("4")
    child.expect_exact("Entreprenøren svarer")
    child.expect_exact("> (vises ikke) ")
    assert not child.getecho()  # the terminal's setting, read on the pseudo-terminal
    child.kill(sig)
    child.expect(pexpect.EOF)
    assert child.getecho()
    child.close()
    assert child.exitstatus == 128 + sig
    text = (tmp_path / "w.yaml").read_text(encoding="utf-8")
    assert "felles-mal: 4" in text


def test_a_pasted_multi_line_comment_is_one_comment_and_answers_nothing(tmp_path: Path) -> None:
    """Three lines pasted at the comment prompt become one comment; none of them answers
    the next question, which is still asked."""
    child = spawn(["--rubric", str(MINI), "assess", "p.yaml", "--role", "kommune"], tmp_path)
    for _ in range(5):
        child.expect_exact(": ")
        child.sendline("")
    child.expect_exact("[1/5]")
    child.expect_exact("\r\n> ")
    child.sendline("1")
    child.expect_exact("videre: ")
    child.send("Vi er uenige om målet.\r3\r4\r")
    child.expect_exact("[2/5]")
    child.expect_exact("\r\n> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    final = load_file(tmp_path / "p.yaml", load_rubric(MINI))
    assert final.responses[0].answers == {"felles-mal": 1}
    assert final.responses[0].comments == {"felles-mal": "Vi er uenige om målet. 3 4"}
