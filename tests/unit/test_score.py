"""The scoring rules of docs/design.md §4, pinned on a small rubric where every number is easy to check."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samarbeid.result.evidence import AnswerEvidence
from samarbeid.rubric.conditions import AnswerCondition, AnswerTest, AnyCondition, Facts, NotCondition
from samarbeid.rubric.model import SCALES, Rubric
from samarbeid.score.scoring import assess, level_of, normalise
from samarbeid.vocab import Match, Role, RoleOrAny
from testkit import best, submission, worst


def run(rubric: Rubric, *respondents: dict[str, Any]):  # type: ignore[no-untyped-def]
    return assess(rubric, submission(rubric, *respondents))


def k(**answers: Any) -> dict[str, Any]:
    return {"role": "kommune", "answers": answers}


def e(**answers: Any) -> dict[str, Any]:
    return {"role": "entreprenor", "answers": answers}


@pytest.mark.parametrize(
    ("scale", "value", "score"),
    [
        ("enighet", 1, 0),
        ("enighet", 2, 25),
        ("enighet", 3, 50),
        ("enighet", 4, 75),
        ("enighet", 5, 100),
        ("status", "nei", 0),
        ("status", "delvis", 50),
        ("status", "ja", 100),
    ],
)
def test_answers_normalise_to_0_100(mini: Rubric, scale: str, value: Any, score: float) -> None:
    question = next(q for q in mini.questions if q.scale == scale)
    assert normalise(question, value) == score


@pytest.mark.parametrize("value", ["vet_ikke", "ikke_relevant"])
def test_vet_ikke_and_ikke_relevant_are_not_scores(mini: Rubric, value: str) -> None:
    assert normalise(mini.by_id["politisk"], value) is None


def test_dimension_is_weighted_mean_per_role_then_mean_of_roles(mini: Rubric) -> None:
    # kommune: (2*100 + 1*75) / 3 = 91.67; entreprenor: (2*25 + 1*50) / 3 = 33.33
    a = run(mini, k(**{"felles-mal": 5, "roller": 4}), e(**{"felles-mal": 2, "roller": 3}))
    dim = a.dimensions["forstaelse"]
    assert dim.roles.kommune == 91.7
    assert dim.roles.entreprenor == 33.3
    assert dim.score == 62.5


def test_five_respondents_of_one_role_do_not_outweigh_one_of_the_other(mini: Rubric) -> None:
    many = [
        {"role": "kommune", "unit": f"enhet {i}", "answers": {"felles-mal": 5, "roller": 5}} for i in range(5)
    ]
    a = run(mini, *many, e(**{"felles-mal": 1, "roller": 1}))
    assert a.dimensions["forstaelse"].score == 50.0


def test_vet_ikke_leaves_the_average_and_lowers_coverage(mini: Rubric) -> None:
    a = run(mini, k(**{"felles-mal": 5, "roller": "vet_ikke"}), e(**{"felles-mal": 5, "roller": 5}))
    dim = a.dimensions["forstaelse"]
    assert dim.roles.kommune == 100.0  # not (2*100 + 1*0) / 3
    assert dim.coverage == pytest.approx((2 / 3 + 1) / 2, abs=0.001)
    assert [(u.question, u.reason) for u in a.unanswered] == [
        ("roller", "vet_ikke"),
        ("forankringsplan", "missing"),
        ("forankringsplan", "missing"),
        ("politisk", "missing"),
        ("koordinator", "missing"),
        ("koordinator", "missing"),
        ("kapasitet", "missing"),
    ]


def test_ikke_relevant_removes_the_question_from_coverage(mini: Rubric) -> None:
    a = run(mini, k(forankringsplan="ja", politisk="ikke_relevant"), e(forankringsplan="ja"))
    assert a.dimensions["forankring"].coverage == 1.0
    assert a.dimensions["forankring"].score == 100.0


def test_low_coverage_is_inconclusive_but_keeps_its_number(mini: Rubric) -> None:
    # kommune answers forankringsplan (w3) of 4 applicable weight → 0.75; entreprenor 0 of 3
    a = run(mini, k(forankringsplan="ja", politisk="vet_ikke"), e(forankringsplan="vet_ikke"))
    dim = a.dimensions["forankring"]
    assert dim.coverage == 0.375
    assert dim.score == 100.0
    assert dim.level == "inconclusive"


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100, "green"),
        (75, "green"),
        (74.9, "yellow"),
        (50, "yellow"),
        (49.9, "red"),
        (0, "red"),
    ],
)
def test_level_thresholds(score: float, level: str) -> None:
    assert level_of(score, 1.0) == level


def test_level_needs_60_percent_coverage() -> None:
    assert level_of(90, 0.6) == "green"
    assert level_of(90, 0.599) == "inconclusive"
    assert level_of(None, 1.0) == "inconclusive"


def test_critical_finding_makes_overall_red_whatever_the_average(mini: Rubric) -> None:
    kommune = best(mini, "kommune")
    kommune["answers"]["koordinator"] = "nei"
    a = run(mini, kommune, best(mini, "entreprenor"))
    assert a.score is not None and a.score >= 75
    assert "mangler-koordinator" in {f.id for f in a.findings}
    assert a.level == "red"


def test_high_finding_caps_overall_at_yellow(mini: Rubric) -> None:
    kommune = best(mini, "kommune")
    kommune["answers"]["forankringsplan"] = "nei"
    a = run(mini, kommune, best(mini, "entreprenor"))
    assert a.score is not None and a.score >= 75
    assert {f.severity for f in a.findings} == {"high"}
    assert a.level == "yellow"


def test_all_best_is_green_without_findings(mini: Rubric) -> None:
    a = run(mini, best(mini, "kommune"), best(mini, "entreprenor"))
    assert (a.level, a.score, a.findings, a.divergences) == ("green", 100.0, [], [])


def test_divergence_needs_a_gap_of_50_between_role_medians(mini: Rubric) -> None:
    a = run(mini, k(**{"felles-mal": 5, "roller": 4}), e(**{"felles-mal": 3, "roller": 3}))
    assert [(d.question, d.gap, d.kind) for d in a.divergences] == [("felles-mal", 50.0, "disagreement")]


def test_divergences_are_sorted_largest_first(mini: Rubric) -> None:
    a = run(
        mini,
        k(**{"felles-mal": 4, "roller": 5}, koordinator="ja"),
        e(**{"felles-mal": 2, "roller": 1}, koordinator="nei"),
    )
    assert [(d.question, d.gap) for d in a.divergences] == [
        ("roller", 100.0),
        ("koordinator", 100.0),
        ("felles-mal", 50.0),
    ]


def test_both_weak_is_told_apart_from_disagreement(mini: Rubric) -> None:
    a = run(
        mini,
        k(forankringsplan="nei", koordinator="nei", **{"felles-mal": 1}),
        e(forankringsplan="delvis", koordinator="nei", **{"felles-mal": 2}),
    )
    assert [(d.question, d.kind) for d in a.divergences] == [("forankringsplan", "shared_weakness")]
    assert [w.question for w in a.shared_weaknesses] == ["felles-mal", "koordinator"]


def test_median_per_role_is_used_for_divergence(mini: Rubric) -> None:
    kommune = [
        {"role": "kommune", "unit": u, "answers": {"felles-mal": v}}
        for u, v in (("a", 1), ("b", 5), ("c", 5))
    ]
    a = run(mini, *kommune, e(**{"felles-mal": 3}))
    assert [(d.kommune, d.entreprenor) for d in a.divergences] == [(100.0, 50.0)]


def test_one_sided_assessment_is_scored_and_flagged(mini: Rubric) -> None:
    a = run(mini, best(mini, "kommune"))
    assert a.dimensions["forstaelse"].roles.entreprenor is None
    assert a.dimensions["forstaelse"].score == 100.0
    assert [f.id for f in a.findings] == ["ensidig-besvart"]


def test_respondent_with_no_answers_counts_as_missing_role(mini: Rubric) -> None:
    a = run(mini, best(mini, "kommune"), {"role": "entreprenor", "answers": {}})
    assert "ensidig-besvart" in {f.id for f in a.findings}
    assert a.dimensions["forstaelse"].coverage == 0.5


def test_scoring_is_deterministic(mini: Rubric) -> None:
    sub = submission(mini, best(mini, "kommune"), worst(mini, "entreprenor"))
    from samarbeid.render.json import render_json

    first = render_json(assess(mini, sub), mini, "nb")
    assert all(render_json(assess(mini, sub), mini, "nb") == first for _ in range(3))


# ---- properties --------------------------------------------------------------------


def _answer_sets(rubric: Rubric, role: str):  # type: ignore[no-untyped-def]
    options = {
        q.id: st.sampled_from([*SCALES[q.scale], "vet_ikke", None]) for q in rubric.questions_for(role)
    }
    return st.fixed_dictionaries(options).map(
        lambda d: {"role": role, "answers": {k: v for k, v in d.items() if v is not None}}
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_better_answer_never_lowers_a_score(mini: Rubric, data: st.DataObject) -> None:
    kommune = data.draw(_answer_sets(mini, "kommune"))
    entreprenor = data.draw(_answer_sets(mini, "entreprenor"))
    question = data.draw(st.sampled_from(mini.questions_for("kommune")))
    values = list(SCALES[question.scale])
    low, high = sorted(data.draw(st.lists(st.integers(0, len(values) - 1), min_size=2, max_size=2)))
    worse = {**kommune, "answers": {**kommune["answers"], question.id: values[low]}}
    better = {**kommune, "answers": {**kommune["answers"], question.id: values[high]}}
    before = run(mini, worse, entreprenor)
    after = run(mini, better, entreprenor)
    dim_before = before.dimensions[question.dimension].score
    dim_after = after.dimensions[question.dimension].score
    assert dim_after is not None and dim_before is not None
    assert dim_after >= dim_before
    if before.score is not None and after.score is not None:
        assert after.score >= before.score


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_vet_ikke_never_counts_as_zero(mini: Rubric, data: st.DataObject) -> None:
    """«vet ikke» scores exactly as if the question were left out, never as the lowest value."""
    kommune = data.draw(_answer_sets(mini, "kommune"))
    question = data.draw(st.sampled_from(mini.questions_for("kommune")))
    unknown = {**kommune, "answers": {**kommune["answers"], question.id: "vet_ikke"}}
    left_out = {**kommune, "answers": {k: v for k, v in kommune["answers"].items() if k != question.id}}

    def dim(resp: dict[str, Any]):  # type: ignore[no-untyped-def]
        return run(mini, resp).dimensions[question.dimension]

    assert dim(unknown).score == dim(left_out).score
    assert question.id in {u.question for u in run(mini, unknown).unanswered if u.reason == "vet_ikke"}


def test_risk_index_weighs_each_finding_by_its_severity(mini: Rubric) -> None:
    """The risk index doubles with each step of severity: critical 8, high 4, medium 2, low 1."""
    a = run(mini, worst(mini, "kommune"), best(mini, "entreprenor"))
    weights = {"critical": 8, "high": 4, "medium": 2, "low": 1, "info": 0}
    assert a.findings
    assert a.risk == sum(weights[f.severity] for f in a.findings)
    assert run(mini, best(mini, "kommune"), best(mini, "entreprenor")).risk == 0


# ---- answer conditions and their evidence ---------------------------------------------------


def _unsure(a: Any) -> list[tuple[str, Any]]:
    """The answers the finding «alle-usikre» (every kommune answer to felles-mal is vet_ikke
    or 1) cites, or [] when it is not raised."""
    found = [f for f in a.findings if f.id == "alle-usikre"]
    return [(e.role, e.value) for f in found for e in f.evidence]


def test_an_answer_condition_of_a_role_looks_at_that_role_only(mini: Rubric) -> None:
    unsure = {"role": "kommune", "unit": "Oppvekst", "answers": {"felles-mal": "vet_ikke"}}
    other = {"role": "kommune", "unit": "Helse", "answers": {"felles-mal": 1}}
    assert _unsure(run(mini, unsure, other, e(**{"felles-mal": 5}))) == [
        ("kommune", "vet_ikke"),
        ("kommune", 1),
    ]
    assert _unsure(run(mini, unsure, {**other, "answers": {"felles-mal": 3}})) == []
    assert _unsure(run(mini, {**unsure, "answers": {"roller": 1}}, e(**{"felles-mal": 1}))) == []


def test_an_answer_cited_twice_is_one_evidence(default_rubric: Rubric) -> None:
    """An answer becomes evidence once, and every finding and grade that cites it shares that
    one: a finding lists it once, and what disclosure decides of it is decided once."""
    a = assess(
        default_rubric,
        submission(default_rubric, worst(default_rubric, "kommune"), worst(default_rubric, "entreprenor")),
    )
    cited: dict[tuple[str, int, int], set[int]] = {}
    for f in a.findings:
        answers = [ev for ev in f.evidence if isinstance(ev, AnswerEvidence)]
        assert len({id(ev) for ev in answers}) == len(answers)
        for ev in answers:
            cited.setdefault((ev.question, ev.line, ev.column), set()).add(id(ev))
    assert all(len(objects) == 1 for objects in cited.values())
    twice = sum(isinstance(ev, AnswerEvidence) for f in a.findings for ev in f.evidence) - len(cited)
    assert twice > 0  # some answer is cited by two findings


def _facts(respondents: list[tuple[Role, dict[str, Any]]]) -> Facts:
    """The facts of respondents each given as (role, answers), nothing else scored."""
    people = [
        SimpleNamespace(
            role=who,
            unit=None,
            name=None,
            file="svar.yaml",
            answers=answers,
            comments={},
            refs={q: (place + 1, 3) for q in answers},
        )
        for place, (who, answers) in enumerate(respondents)
    ]
    return Facts(respondents=people, divergences=[], dimensions={}, roles_answered=frozenset())


def _answer(question: str, *values: Any) -> AnswerCondition:
    return AnswerCondition(answer=AnswerTest(question=question, values=list(values)))


def test_any_holds_with_the_evidence_of_each_part_that_holds_in_order() -> None:
    facts = _facts([(Role.kommune, {"q": 1, "r": 2}), (Role.entreprenor, {"q": 2})])
    found = AnyCondition(any=[_answer("r", 2), _answer("q", 3), _answer("q", 1, 2)]).evaluate(facts)
    assert found == [facts.cite(0, "r"), facts.cite(0, "q"), facts.cite(1, "q")]
    assert AnyCondition(any=[_answer("q", 3), _answer("r", 1)]).evaluate(facts) is None
    assert AnyCondition(any=[_answer("q", 3), NotCondition(not_=_answer("q", 3))]).evaluate(facts) == []


_VALUES = st.sampled_from([1, 2, 3, "vet_ikke"])


@settings(max_examples=300, deadline=None)
@given(
    respondents=st.lists(
        st.tuples(st.sampled_from(list(Role)), st.dictionaries(st.sampled_from(["q", "r"]), _VALUES)),
        max_size=5,
    ),
    wanted=st.lists(_VALUES, min_size=1, max_size=3),
    role=st.sampled_from(list(RoleOrAny)),
    match=st.sampled_from(list(Match)),
)
def test_an_answer_test_cites_what_a_plain_reading_finds_in_file_order(
    respondents: list[tuple[Role, dict[str, Any]]], wanted: list[Any], role: RoleOrAny, match: Match
) -> None:
    """Each compiled answer test (whichever form its compilation takes) holds exactly when
    some answer to its question (of its role) is among its values, and every one is for
    ``match: all``; its evidence is those answers, in the respondents' order."""
    facts = _facts(respondents)
    people = facts.respondents
    test = AnswerCondition(answer=AnswerTest(question="q", values=wanted, role=role, match=match))
    answered = [
        (place, p.answers["q"]) for place, p in enumerate(people) if "q" in p.answers and role.covers(p.role)
    ]
    hits = [place for place, value in answered if value in wanted]
    holds = bool(hits) and (match is Match.any or len(hits) == len(answered))
    assert test.evaluate(facts) == ([facts.cite(place, "q") for place in hits] if holds else None)
