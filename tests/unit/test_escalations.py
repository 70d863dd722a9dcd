"""Every escalation of the default rubric: the signals it names raise its problem's finding, an
answer that contradicts it stops it, and a phase alone never gives or raises a finding."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from samarbeid.result.assessment import Assessment, Finding
from samarbeid.rubric.model import Rubric
from samarbeid.score.scoring import assess
from samarbeid.vocab import Phase, Role
from testkit import best, submission

#: An answer set for one or both roles: question → value (every role that answers it), or
#: (question, role) → value.
Answers = dict[str | tuple[str, str], Any]


class Case(NamedTuple):
    """Answers (all others best) that make an escalation hold, and an answer that contradicts it."""

    fires: Answers
    contradicts: Answers
    phase: str | None = None


#: One row per escalation of the default rubric; a test fails when the rubric has one without a row.
CASES: dict[str, Case] = {
    "penger-og-avtale-ut": Case(
        {"finansiering-varer": "nei", "avtale-lopetid": "nei"},
        {("finansiering-varer", "kommune"): "ja"},
    ),
    "ingen-buffer": Case(
        {"entreprenor-okonomi": 1, "finansiering-varer": "nei"},
        {("finansiering-varer", "kommune"): "ja"},
    ),
    "ingen-baerer-kostnadene": Case(
        {"entreprenor-okonomi": 2, "mellomfinansiering-avklart": "nei"},
        {("mellomfinansiering-avklart", "kommune"): "ja"},
    ),
    "en-kjoper-avtale-ut": Case(
        {"flere-kjopere": "nei", "avtale-lopetid": "nei"},
        {("avtale-lopetid", "kommune"): "ja"},
    ),
    "stans-uten-varsel": Case(
        {"flere-kjopere": "nei", "varsel-ved-endring": "nei"},
        {("varsel-ved-endring", "kommune"): "ja"},
    ),
    "stans-under-sparepress": Case(
        {"flere-kjopere": "nei", "varsel-ved-endring": "delvis", "budsjett-uten-kutt": 1},
        {("varsel-ved-endring", "entreprenor"): "ja"},
    ),
    "anskaffelse-uavklart-i-drift": Case(
        {"anskaffelsesvei": "delvis", "anskaffelse-gjennomforbar": "delvis"},
        {("anskaffelsesvei", "kommune"): "ja"},
        phase="operation",
    ),
    "rollekonflikt": Case(
        {"ansvar-avklart": 2, "bidrag-avklart": 2},
        {("ansvar-avklart", "entreprenor"): 5, ("bidrag-avklart", "entreprenor"): 5},
    ),
    "kutt-uten-forankring": Case(
        {"budsjett-uten-kutt": 2, "politisk-forankring": "delvis"},
        {("politisk-forankring", "kommune"): "ja"},
    ),
    "eierskap-uten-enheter": Case(
        {"lokalt-eierskap": 2, "enheter-involvert": "delvis"},
        {("lokalt-eierskap", "kommune"): 5},
    ),
    "en-person-usikre-penger": Case(
        {"personavhengighet": 1, "entreprenor-okonomi": 2, "reserveplan": "delvis"},
        {("reserveplan", "kommune"): "ja"},
    ),
    "ingen-effekt-i-drift": Case(
        {"effektmaling": "nei", "resultater-oppnadd": "vet_ikke", "uavhengig-dokumentasjon": "delvis"},
        {("resultater-oppnadd", "kommune"): 5},
        phase="operation",
    ),
    "tillit-og-konflikt": Case(
        {("tillit", "entreprenor"): 1, ("konflikter-lost", "entreprenor"): "nei"},
        {("konflikter-lost", "entreprenor"): "delvis"},
    ),
    "malgruppe-utenfor": Case(
        {"malgruppe-aktorer": "nei", "tredjepart-forpliktet": "delvis"},
        {("malgruppe-aktorer", "kommune"): "ja"},
    ),
    "vilkar-og-habilitet-brutt": Case(
        {"tilskuddsvilkar": "delvis", "habilitet": "delvis"},
        {("habilitet", "kommune"): "ja"},
    ),
}


def _respondents(rubric: Rubric, *answer_sets: Answers) -> list[dict[str, Any]]:
    """Both parties answering every question best, except the given answers (later sets win)."""
    respondents = {role: best(rubric, role.value) for role in Role}
    for answers in answer_sets:
        for key, value in answers.items():
            question, roles = (key, list(Role)) if isinstance(key, str) else (key[0], [Role(key[1])])
            for role in roles:
                if question in respondents[role]["answers"]:
                    respondents[role]["answers"][question] = value
    return list(respondents.values())


def _assess(rubric: Rubric, *answer_sets: Answers, phase: str | None = None) -> Assessment:
    return assess(rubric, submission(rubric, *_respondents(rubric, *answer_sets), phase=phase))


def _finding_of(rubric: Rubric, escalation: str, a: Assessment) -> Finding | None:
    (problem,) = [p for p in rubric.problems if any(e.id == escalation for e in p.escalations)]
    return next((f for f in a.findings if f.id == problem.id), None)


def test_every_escalation_has_a_case(default_rubric: Rubric) -> None:
    escalations = {e.id for p in default_rubric.problems for e in p.escalations}
    assert escalations == set(CASES)


@pytest.mark.parametrize("escalation", sorted(CASES))
def test_the_signals_together_raise_the_finding(default_rubric: Rubric, escalation: str) -> None:
    case = CASES[escalation]
    finding = _finding_of(default_rubric, escalation, _assess(default_rubric, case.fires, phase=case.phase))
    assert finding is not None
    problem = default_rubric.problems_by_id[finding.id]
    assert finding.escalation == escalation
    assert finding.severity == problem.escalation(escalation).severity
    assert finding.severity.rank < problem.levels[finding.grade].severity.rank, "an escalation raises"


@pytest.mark.parametrize("escalation", sorted(CASES))
def test_an_answer_that_contradicts_the_escalation_stops_it(default_rubric: Rubric, escalation: str) -> None:
    case = CASES[escalation]
    a = _assess(default_rubric, case.fires, case.contradicts, phase=case.phase)
    finding = _finding_of(default_rubric, escalation, a)
    assert finding is None or finding.escalation != escalation


@pytest.mark.parametrize("escalation", sorted(CASES))
def test_an_escalation_never_makes_a_finding_on_its_own(default_rubric: Rubric, escalation: str) -> None:
    """With every answer to the problem's own questions best, the escalation's other signals give
    no finding of this problem at all."""
    case = CASES[escalation]
    (problem,) = [p for p in default_rubric.problems if any(e.id == escalation for e in p.escalations)]
    elsewhere = {
        k: v for k, v in case.fires.items() if (k if isinstance(k, str) else k[0]) not in problem.questions
    }
    a = _assess(default_rubric, elsewhere, phase=case.phase)
    assert _finding_of(default_rubric, escalation, a) is None


@pytest.mark.parametrize("phase", list(Phase))
def test_a_phase_alone_gives_no_finding(default_rubric: Rubric, phase: Phase) -> None:
    assert _assess(default_rubric, phase=phase.value).findings == []


def test_a_phase_raises_only_what_the_answers_give(default_rubric: Rubric) -> None:
    """The same answer, in a phase where the work should already show results, is more severe;
    with no such answer, the phase gives nothing."""
    answers: Answers = {"effektmaling": "nei", "resultater-oppnadd": 3, "uavhengig-dokumentasjon": "delvis"}
    early = _assess(default_rubric, answers, phase="pilot")
    late = _assess(default_rubric, answers, phase="operation")
    (before,) = [f for f in early.findings if f.id == "ingen-effektmaling"]
    (after,) = [f for f in late.findings if f.id == "ingen-effektmaling"]
    assert (before.severity, before.escalation) == ("medium", None)
    assert (after.severity, after.escalation) == ("high", "ingen-effekt-i-drift")


def test_one_problem_gives_one_finding_with_every_contributing_answer(default_rubric: Rubric) -> None:
    """Three answers about money give one finding, raised by the escalation, with all three."""
    a = _assess(
        default_rubric,
        {"finansiering-etter-prosjekt": "delvis", "finansiering-varer": "nei", "avtale-lopetid": "nei"},
    )
    money = [f for f in a.findings if f.id == "finansiering-uten-drift"]
    assert len(money) == 1
    assert len({f.id for f in a.findings}) == len(a.findings)
    questions = {getattr(e, "question", None) for e in money[0].evidence}
    assert {"finansiering-etter-prosjekt", "finansiering-varer", "avtale-lopetid"} <= questions
    assert (money[0].severity, money[0].escalation) == ("high", "penger-og-avtale-ut")
