"""The one answer-file writer (samarbeid.answerwriter): ``init``'s blank file, and the
rewrite ``assess`` saves with, which keeps comments, the schema line and everything outside
the session's respondents, and always says what the safe reader reads back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from samarbeid import answerwriter
from samarbeid.answerfile import AnswerFile
from samarbeid.answerwriter import Block, updated
from samarbeid.load.answers import load_bytes, load_file
from samarbeid.record import validated
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Role, Status
from testkit import MINI, Cli, answer_file, assess


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_inits_comments_and_schema_line_survive_an_assess_session(
    tmp_path: Path, cli: Cli, mini: Rubric
) -> None:
    """Every comment ``init`` writes (schema line, scales, each question's wording) is still
    there, in the same order, after answers and a comment were saved; each answer stands
    under its question's wording."""
    file = tmp_path / "p.yaml"
    assert cli("--rubric", MINI, "init", file).exit_code == 0
    blank = file.read_text(encoding="utf-8")
    assert len(comment_lines(blank)) > 10
    run = assess(file, ["4", "1", "Rollene er   uklare", "q"])
    assert run.code == 0
    text = file.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=samarbeid-answers.schema.json"
    assert comment_lines(text) == comment_lines(blank)
    assert "      # [1–5] Vi deler målet.\n      felles-mal: 4\n" in text
    assert "      # [1–5] Rollene er klare.\n      roller: 1\n" in text
    loaded = load_file(file, mini)
    assert loaded.responses[0].answers == {"felles-mal": 4, "roller": 1}
    assert loaded.responses[0].comments == {"roller": "Rollene er uklare"}
    assert loaded.responses[1].answers == {}


def test_a_whole_session_on_an_init_file_reads_back_the_same_answers(
    tmp_path: Path, cli: Cli, mini: Rubric
) -> None:
    """After the last question the safe reader reads exactly the session's answers, in the
    rubric's order, with this respondent marked complete (the file is not: the other party
    has not answered)."""
    file = tmp_path / "p.yaml"
    assert cli("--rubric", MINI, "init", file, "--role", "kommune").exit_code == 0
    assess(file, ["4", "5", "3", "i", "Ingen sak", "1", ""])
    loaded = load_file(file, mini)
    assert loaded.responses[0].answers == {
        "felles-mal": 4,
        "roller": 5,
        "forankringsplan": "ja",
        "politisk": "ikke_relevant",
        "koordinator": "nei",
    }
    assert list(loaded.responses[0].answers) == [q.id for q in mini.questions_for("kommune")]
    assert loaded.responses[0].comments == {"politisk": "Ingen sak"}
    assert loaded.model.status == "in_progress"
    assert loaded.model.respondents[0].status == "complete"
    assert len(comment_lines(file.read_text(encoding="utf-8"))) > 10


HAND_WRITTEN = """\
# Fra arbeidsmøtet 12. mars.
samarbeid: 1
project:
  id: p   # avtalt med kommunen
status: in_progress
respondents:
- role: entreprenor
  name: Ola
  # Ola svarte på møtet; resten kommer.
  answers:
    felles-mal: 2   # usikker
    kapasitet: 3
  comments:
    felles-mal: "Målet: uklart"  # sitat
- role: kommune
  answers: {}
  comments: {}
accepted:
- rule: mangler-koordinator   # til ny koordinator er på plass
  reason: Ny koordinator i januar.
  by: Rådmannen
  until: 2030-01-01
"""


def test_hand_written_comments_and_layout_survive(tmp_path: Path, mini: Rubric) -> None:
    """A hand-written file: its comments (also in the other respondent's block and under
    ``accepted``), PyYAML's layout (``-`` at the key's column) and the other block stay
    character for character; flow-style ``{}`` becomes a block when filled."""
    file = tmp_path / "p.yaml"
    file.write_text(HAND_WRITTEN, encoding="utf-8")
    assess(file, ["1", "Uenige", "q"])
    text = file.read_text(encoding="utf-8")
    other = HAND_WRITTEN[HAND_WRITTEN.index("- role: entreprenor") : HAND_WRITTEN.index("- role: kommune")]
    assert other in text
    assert HAND_WRITTEN[HAND_WRITTEN.index("accepted:") :] in text
    assert text.startswith("# Fra arbeidsmøtet 12. mars.\nsamarbeid: 1\nproject:\n  id: p   # avtalt")
    assert (
        "- role: kommune\n  status: in_progress\n  answers:\n    felles-mal: 1\n"
        "  comments:\n    felles-mal: Uenige\n" in text
    )
    loaded = load_file(file, mini)
    assert loaded.responses[0].comments == {"felles-mal": "Målet: uklart"}
    assert loaded.responses[1].answers == {"felles-mal": 1}


def test_a_new_answer_goes_in_rubric_order_among_hand_written_ones(mini: Rubric) -> None:
    """A file that lacks placeholders gets each new answer at its place in the rubric."""
    text = answer_file(
        [{"role": "kommune", "answers": {"felles-mal": 4, "politisk": "ja"}}], status="in_progress"
    )
    model = load_bytes(text.encode(), "p.yaml", mini).model
    block = Block(
        Role.kommune,
        None,
        None,
        Status.in_progress,
        {"felles-mal": 4, "politisk": "ja", "forankringsplan": "nei"},
        {},
    )
    new = updated(text, model, [block], mini)
    assert list(yaml.safe_load(new)["respondents"][0]["answers"]) == [
        "felles-mal",
        "forankringsplan",
        "politisk",
    ]


@pytest.mark.parametrize("typed", ["no", "On", "1:20", "0o17", "2024-01-01", "- punkt", "#1", "~"])
def test_comments_that_look_like_other_yaml_values_stay_text(mini: Rubric, typed: str) -> None:
    """The safe reader is YAML 1.1: ``no`` or ``1:20`` must be written quoted, or they would
    come back as a boolean or a number."""
    text = answer_file([{"role": "kommune", "answers": {"felles-mal": 1}}], status="in_progress")
    model = load_bytes(text.encode(), "p.yaml", mini).model
    block = Block(Role.kommune, None, None, Status.in_progress, {"felles-mal": 1}, {"felles-mal": typed})
    new = updated(text, model, [block], mini)
    assert load_bytes(new.encode(), "p.yaml", mini).responses[0].comments == {"felles-mal": typed}


def test_a_rewrite_that_would_read_back_differently_is_written_plainly(
    tmp_path: Path, mini: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The round-trip text is checked with the safe reader before it is written; if it says
    anything else, the file is written plainly (comments lost, answers right)."""

    def wrong(text: str, *args: Any) -> str:
        return text  # as if nothing had been written in

    monkeypatch.setattr(answerwriter, "_round_trip", wrong)
    file = tmp_path / "p.yaml"
    file.write_text(HAND_WRITTEN, encoding="utf-8")
    assess(file, ["4", "q"])
    loaded = load_file(file, mini)
    assert loaded.responses[1].answers == {"felles-mal": 4}
    assert loaded.responses[0].answers == {"felles-mal": 2, "kapasitet": 3}
    assert loaded.model.accepted == load_bytes(HAND_WRITTEN.encode(), "h", mini).model.accepted


def test_a_new_file_is_laid_out_like_inits(mini: Rubric) -> None:
    """A file ``assess`` creates uses init's indentation and the format's key order."""
    model = validated(AnswerFile, {"samarbeid": 1, "project": {"id": "p"}})
    block = Block(Role.kommune, "Oppvekst", None, Status.in_progress, {"roller": 2, "felles-mal": 4}, {})
    text = updated(None, model, [block], mini)
    assert text == (
        "samarbeid: 1\nproject:\n  id: p\nstatus: in_progress\nrespondents:\n"
        "  - role: kommune\n    unit: Oppvekst\n    status: in_progress\n"
        "    answers:\n      felles-mal: 4\n      roller: 2\n    comments: {}\n"
    )


def test_the_blank_file_ends_with_a_line_end_and_has_every_question(mini: Rubric) -> None:
    """``init``'s text: the schema line first, every question of each role once."""
    text = answerwriter.blank(mini, ["kommune", "entreprenor"], project_id="p", lang="nb")
    assert text.startswith("# yaml-language-server: $schema=") and text.endswith("\n")
    keys = re.findall(r"^      ([a-z-]+):$", text, flags=re.MULTILINE)
    assert keys == [q.id for role in ("kommune", "entreprenor") for q in mini.questions_for(role)]
