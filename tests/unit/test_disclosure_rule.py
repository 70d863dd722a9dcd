"""The disclosure rule on a scored result (docs/personvern.md): what it hides, and a result
with nothing to hide kept as it is."""

from __future__ import annotations

from typing import Any

from samarbeid.render.disclosure import ANONYMOUS, Disclosure
from samarbeid.result.assessment import Assessment
from samarbeid.result.evidence import AnswerEvidence
from samarbeid.rubric.model import Rubric
from samarbeid.score.scoring import assess
from testkit import submission, worst


def _assessed(rubric: Rubric, *respondents: dict[str, Any]) -> Assessment:
    return assess(rubric, submission(rubric, *respondents))


def _answers(a: Assessment) -> list[AnswerEvidence]:
    return [ev for f in a.findings for ev in f.evidence if isinstance(ev, AnswerEvidence)]


def test_a_project_with_nothing_to_hide_is_shown_as_it_is(default_rubric: Rubric) -> None:
    """Nothing is hidden of a party that answers without unit, name or comment; with
    ``--names``, nothing of a named respondent without comments."""
    a = _assessed(default_rubric, worst(default_rubric, "kommune"), worst(default_rubric, "entreprenor"))
    assert _answers(a) and a.unanswered == []
    assert ANONYMOUS.apply(a) is a
    named = [worst(default_rubric, "kommune", unit="Oppvekst", name=name) for name in ("Kari", "Ola")]
    b = _assessed(default_rubric, *named, worst(default_rubric, "entreprenor"))
    assert Disclosure(names=True).apply(b) is b
    assert ANONYMOUS.apply(b) is not b


def test_a_name_a_small_unit_or_a_comment_is_hidden(default_rubric: Rubric) -> None:
    kommune = worst(default_rubric, "kommune")
    question = next(iter(kommune["answers"]))
    cases = [
        {**kommune, "name": "Kari Nordmann"},
        {**kommune, "unit": "Barnevernet"},
        {**kommune, "comments": {question: "Bare vi vet dette."}},
    ]
    for respondent in cases:
        a = _assessed(default_rubric, respondent, worst(default_rubric, "entreprenor"))
        shown = ANONYMOUS.apply(a)
        assert shown is not a
        assert all(ev.name is None and ev.unit is None and ev.comment is None for ev in _answers(shown))
        assert [(ev.question, ev.value, ev.line) for ev in _answers(shown)] == [
            (ev.question, ev.value, ev.line) for ev in _answers(a)
        ]
    commented = _assessed(default_rubric, cases[2], worst(default_rubric, "entreprenor"))
    assert Disclosure(comments=True).apply(commented) is commented
