"""«Gjør dette først» (samarbeid/score/priorities.py): the choice of at most three findings by the fixed
rule of docs/design.md §7, on findings made by hand so that each step of the order is pinned
on its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samarbeid.record import validated
from samarbeid.result.assessment import Acceptance, DimensionResult, Finding, RoleScores
from samarbeid.result.evidence import (
    AnswerEvidence,
    DivergenceEvidence,
    Evidence,
    RoleMissingEvidence,
    ThresholdEvidence,
)
from samarbeid.rubric.model import Rubric
from samarbeid.score.priorities import MAX_PRIORITIES, choose, seen_by_both
from samarbeid.vocab import Dimension, Level, Metric, Role, Severity

TEXT = {"nb": "Tekst.", "en": "Text."}
QUESTIONS = ("q1", "q2", "q3", "q4", "q5", "q6")

#: rule id → (dimension, the questions its condition looks at: its topic, actors)
RULES: dict[str, tuple[Dimension, tuple[str, ...], list[str] | None]] = {
    "r1": (Dimension.forstaelse, ("q1",), None),
    "r2": (Dimension.forstaelse, ("q2",), None),
    "r3": (Dimension.forankring, ("q3",), ["kommune"]),
    "r4": (Dimension.forankring, ("q3", "q4"), None),  # shares q3 with r3: the same topic
    "r5": (Dimension.forpliktelse, ("q5",), ["entreprenor"]),
    "r6": (Dimension.forpliktelse, ("q6",), None),
    "r7": (Dimension.forpliktelse, (), None),  # no question: a party is missing
}


def _rule(rule_id: str) -> dict[str, Any]:
    dimension, questions, actors = RULES[rule_id]
    tests = [{"answer": {"question": q, "in": ["nei"]}} for q in questions]
    when = (tests[0] if len(tests) == 1 else {"any": tests}) if tests else {"role_missing": "any"}
    rule: dict[str, Any] = {
        "id": rule_id,
        "severity": "high",
        "dimension": dimension.value,
        "when": when,
        "title": TEXT,
        "why": TEXT,
        "action": TEXT,
        "sources": ["test"],
    }
    return rule if actors is None else {**rule, "actors": actors}


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return validated(
        Rubric,
        {
            "rubric": 1,
            "id": "prioriteter",
            "version": "0.1.0",
            "title": TEXT,
            "sources": {"test": TEXT},
            "dimensions": {d.value: {"title": TEXT, "description": TEXT} for d in Dimension},
            "questions": [
                {
                    "id": q,
                    "dimension": Dimension.forstaelse.value,
                    "roles": ["kommune", "entreprenor"],
                    "scale": "status",
                    "weight": 1,
                    "text": {"kommune": TEXT, "entreprenor": TEXT},
                    "help": TEXT,
                    "sources": ["test"],
                }
                for q in QUESTIONS
            ],
            "rules": [_rule(r) for r in RULES],
        },
    )


def answer(role: Role, question: str = "q1") -> AnswerEvidence:
    return AnswerEvidence(question, role, None, None, "nei", None, "a.yaml", 1, 1)


ONE_PARTY: list[Evidence] = [answer(Role.kommune)]
BOTH: list[Evidence] = [answer(Role.kommune), answer(Role.entreprenor)]


def finding(
    rule_id: str,
    severity: Severity = Severity.high,
    evidence: list[Evidence] | str = "one",
    accepted: Acceptance | None = None,
) -> Finding:
    """A finding of ``rule_id``; its evidence is the kommune's answer to the rule's first question
    ("one"), both parties' answers to it ("both"), or the evidence given."""
    dimension, questions, _ = RULES[rule_id]
    if isinstance(evidence, str):
        roles = [Role.kommune] if evidence == "one" else [Role.kommune, Role.entreprenor]
        evidence = (
            [answer(role, questions[0]) for role in roles]
            if questions
            else [RoleMissingEvidence(Role.entreprenor)]
        )
    return Finding(rule_id, severity, dimension, evidence, accepted)


def dims(
    forstaelse: float | None = 50.0, forankring: float | None = 50.0, forpliktelse: float | None = 50.0
) -> dict[Dimension, DimensionResult]:
    scores = {
        Dimension.forstaelse: forstaelse,
        Dimension.forankring: forankring,
        Dimension.forpliktelse: forpliktelse,
    }
    return {d: DimensionResult(s, Level.yellow, 1.0, RoleScores(s, s)) for d, s in scores.items()}


def chosen(
    rubric: Rubric, findings: list[Finding], dimensions: dict[Dimension, DimensionResult] | None = None
) -> list[str]:
    return [p.finding for p in choose(rubric, findings, dimensions or dims())]


def test_no_findings_give_no_priorities(rubric: Rubric) -> None:
    assert choose(rubric, [], dims()) == []


def test_the_most_severe_come_first_whatever_the_order_given(rubric: Rubric) -> None:
    findings = [
        finding("r1", Severity.low),
        finding("r2", Severity.medium),
        finding("r3", Severity.critical),
        finding("r5", Severity.high),
    ]
    assert chosen(rubric, findings) == ["r3", "r5", "r2"]


def test_at_most_three_priorities(rubric: Rubric) -> None:
    findings = [finding(r, Severity.high) for r in ("r1", "r2", "r3", "r5", "r6", "r7")]
    priorities = choose(rubric, findings, dims())
    assert MAX_PRIORITIES == 3 and len(priorities) == 3


def test_info_findings_are_never_priorities(rubric: Rubric) -> None:
    assert chosen(rubric, [finding("r1", Severity.info), finding("r2", Severity.low)]) == ["r2"]


def test_an_accepted_finding_is_passed_over_until_its_acceptance_expires(rubric: Rubric) -> None:
    until = dt.date(2026, 6, 30)
    standing = Acceptance("Avklart i styringsgruppa", "Kari", until, expired=False)
    expired = Acceptance("Avklart i styringsgruppa", "Kari", until, expired=True)
    assert chosen(rubric, [finding("r1", accepted=standing), finding("r2")]) == ["r2"]
    assert chosen(rubric, [finding("r1", accepted=expired), finding("r2")]) == ["r1", "r2"]


@pytest.mark.parametrize(
    ("evidence", "both"),
    [
        (BOTH, True),
        (ONE_PARTY, False),
        ([answer(Role.kommune), answer(Role.kommune, "q2")], False),
        ([DivergenceEvidence("q1", 0.0, 100.0, 100.0)], True),
        ([RoleMissingEvidence(Role.entreprenor)], False),
        ([ThresholdEvidence(Dimension.forankring, Metric.score, 40.0, 50.0)], False),
    ],
    ids=["both-answered", "one-party", "one-party-twice", "divergence", "role-missing", "threshold"],
)
def test_a_problem_is_seen_by_both_when_both_roles_answered_or_the_parties_diverge(
    evidence: list[Evidence], both: bool
) -> None:
    assert seen_by_both(Finding("r1", Severity.high, Dimension.forstaelse, evidence, None)) is both


def test_among_equally_severe_a_problem_both_parties_see_comes_first(rubric: Rubric) -> None:
    findings = [finding("r1", evidence="one"), finding("r2", evidence="both")]
    assert chosen(rubric, findings) == ["r2", "r1"]


def test_severity_outranks_being_seen_by_both(rubric: Rubric) -> None:
    findings = [finding("r1", Severity.medium, "both"), finding("r2", Severity.high, "one")]
    assert chosen(rubric, findings) == ["r2", "r1"]


def test_then_the_weaker_dimension_comes_first(rubric: Rubric) -> None:
    findings = [finding("r1"), finding("r3"), finding("r5")]  # forståelse, forankring, forpliktelse
    weakest_first = dims(forstaelse=70.0, forankring=20.0, forpliktelse=45.0)
    assert chosen(rubric, findings, weakest_first) == ["r3", "r5", "r1"]


def test_being_seen_by_both_outranks_the_weaker_dimension(rubric: Rubric) -> None:
    findings = [finding("r1", evidence="both"), finding("r3", evidence="one")]
    assert chosen(rubric, findings, dims(forstaelse=90.0, forankring=10.0)) == ["r1", "r3"]


def test_a_dimension_without_a_score_comes_after_every_scored_one(rubric: Rubric) -> None:
    findings = [finding("r1"), finding("r3")]
    assert chosen(rubric, findings, dims(forstaelse=None, forankring=100.0)) == ["r3", "r1"]


def test_full_ties_keep_the_rubrics_order(rubric: Rubric) -> None:
    findings = [finding("r6"), finding("r2"), finding("r1")]
    assert chosen(rubric, findings, dims()) == ["r1", "r2", "r6"]


def test_never_two_priorities_on_one_topic_and_the_next_finding_takes_the_place(rubric: Rubric) -> None:
    """r4 looks at q3, which r3 (chosen first) looks at: it is passed over, and r5 comes in."""
    findings = [finding("r3", Severity.critical), finding("r4", Severity.high), finding("r1"), finding("r5")]
    assert chosen(rubric, findings, dims(forstaelse=80.0, forankring=10.0, forpliktelse=60.0)) == [
        "r3",
        "r5",
        "r1",
    ]


def test_the_topic_is_claimed_by_the_finding_chosen_first(rubric: Rubric) -> None:
    """The more severe r4 (q3 and q4) is chosen, so r3 (q3) is passed over."""
    assert chosen(rubric, [finding("r3", Severity.medium), finding("r4", Severity.high)]) == ["r4"]


def test_one_answer_never_takes_two_places(rubric: Rubric) -> None:
    """An escalation may rest on another problem's answer: r5, raised by the kommune's answer to q3,
    which r3 (chosen first) also rests on, is passed over, and r1 takes the place."""
    raised = [answer(Role.kommune, "q5"), answer(Role.kommune, "q3")]
    findings = [finding("r3", Severity.critical), finding("r5", Severity.critical, raised), finding("r1")]
    assert chosen(rubric, findings) == ["r3", "r1"]


def test_a_divergence_claims_its_question(rubric: Rubric) -> None:
    diverged = [DivergenceEvidence("q2", 0.0, 100.0, 100.0)]
    assert chosen(rubric, [finding("r1", evidence=diverged), finding("r2")]) == ["r1"]


def test_findings_without_questions_never_share_a_topic(rubric: Rubric) -> None:
    role_missing: list[Evidence] = [RoleMissingEvidence(Role.entreprenor)]
    findings = [finding("r7", evidence=role_missing), finding("r1"), finding("r2")]
    assert chosen(rubric, findings) == ["r1", "r2", "r7"]


def test_a_priority_carries_the_findings_id_severity_dimension_and_the_rules_actors(rubric: Rubric) -> None:
    first, second = choose(rubric, [finding("r3", Severity.critical), finding("r5")], dims())
    assert (first.finding, first.severity, first.dimension, first.actors) == (
        "r3",
        Severity.critical,
        Dimension.forankring,
        [Role.kommune],
    )
    assert (second.finding, second.actors) == ("r5", [Role.entreprenor])
    (both,) = choose(rubric, [finding("r1")], dims())
    assert both.actors == [Role.kommune, Role.entreprenor]  # a rule without actors: both parties act
