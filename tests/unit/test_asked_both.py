"""Where the parties are compared, a question is shown as each party reads it: each wording is
in its own party's first person («Vi og den sosiale entreprenøren …»), so one alone is not neutral."""

from __future__ import annotations

from samarbeid.render.words import Words
from samarbeid.rubric.model import Rubric


def test_a_shared_question_is_shown_in_both_wordings(default_rubric: Rubric) -> None:
    q = default_rubric.by_id["felles-mal"]
    words = Words(default_rubric, "nb")
    shown = words.asked_both("felles-mal")
    assert shown == (
        f"Kommunen: «{q.wording('kommune', 'nb')}»; Entreprenøren: «{q.wording('entreprenor', 'nb')}»"
    )
    assert "den sosiale entreprenøren" in q.wording("kommune", "nb")  # the kommune's own wording
    nn = Words(default_rubric, "nn").asked_both("felles-mal")
    assert nn.startswith("Kommunen: «") and "; Entreprenøren: «" in nn
    en = Words(default_rubric, "en").asked_both("felles-mal")
    assert en.startswith("The municipality: “") and "«" not in en


def test_a_question_one_party_answers_is_its_wording(default_rubric: Rubric) -> None:
    only = next(q for q in default_rubric.questions if len(q.roles) == 1)
    assert Words(default_rubric, "nb").asked_both(only.id) == only.wording(only.roles[0], "nb")
