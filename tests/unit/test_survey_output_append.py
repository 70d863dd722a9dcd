"""`import --into` appends new respondents as lines of text after the file's last one: the
same bytes the round trip through ruamel.yaml writes, without its cost; a file laid out
otherwise goes through the round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samarbeid.answerwriter import updated
from samarbeid.load.answers import load_bytes
from samarbeid.rubric import load_rubric
from samarbeid.surveys import output
from testkit import ROOT

RUBRIC = load_rubric()
ACCEPTED = """# Godtatt i styringsgruppa:
accepted:
  - rule: mangler-koordinator   # til ny koordinator er på plass
    reason: Ny koordinator i januar.
    by: Rådmannen
    until: 2030-01-01
"""


def entries(start: int, count: int) -> list[dict[str, Any]]:
    questions = RUBRIC.questions_for("kommune")[:5]
    return [
        {
            "role": "kommune",
            "unit": "NAV" if n % 2 else "Helse og omsorg",
            "source": f"nettskjema:{n}",
            "status": "complete",
            "answers": {q.id: q.values()[n % 2] for q in questions},
            **({"comments": {questions[0].id: "Det står ikke skriftlig."}} if n % 3 == 0 else {}),
        }
        for n in range(start, start + count)
    ]


def texts(text: str, new: list[dict[str, Any]]) -> tuple[str | None, str]:
    loaded = load_bytes(text.encode(), "svar.yaml", RUBRIC)
    fresh = output.fresh(new)
    return output._appended(loaded, text, fresh, RUBRIC, "svar.yaml"), updated(
        text, loaded.model, [], RUBRIC, added=fresh, name="svar.yaml"
    )


@pytest.mark.parametrize("tail", ["", ACCEPTED], ids=["last", "before-accepted"])
def test_appending_writes_what_the_round_trip_writes(tail: str) -> None:
    made = output.new_file({"id": "p"}, entries(0, 3), RUBRIC, "svar.yaml", {}).text
    appended, round_trip = texts(made + tail, entries(3, 4))
    assert appended == round_trip
    assert appended is not None and appended.count("  - role: kommune") == 7


def test_a_file_with_comments_everywhere_keeps_them_and_gets_its_status() -> None:
    example = (ROOT / "examples" / "sunt-samarbeid.yaml").read_text(encoding="utf-8")
    appended, round_trip = texts(example, entries(0, 2))
    assert appended == round_trip
    assert appended is not None and appended.startswith(example.split("respondents:")[0])


def test_a_list_laid_out_otherwise_goes_through_the_round_trip() -> None:
    made = output.new_file({"id": "p"}, entries(0, 2), RUBRIC, "svar.yaml", {}).text
    indentless = made.replace("\n  - ", "\n- ").replace("\n    ", "\n  ")
    assert texts(indentless, entries(2, 1))[0] is None
    assert texts(made.replace("respondents:\n", "respondents:   # alle\n"), entries(2, 1))[0] is None


def test_import_into_a_big_file_takes_the_fast_way(tmp_path: Path) -> None:
    made = output.new_file({"id": "p"}, entries(0, 300), RUBRIC, "svar.yaml", {}).text
    appended, round_trip = texts(made, entries(300, 2))
    assert appended == round_trip
