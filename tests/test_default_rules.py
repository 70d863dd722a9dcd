"""The default rubric's rules: the acceptance scenarios, and every rule firing and not firing."""

from __future__ import annotations

from typing import Any

import pytest

from samarbeid.assessment import Assessment
from samarbeid.rubric.model import SCALES, Rubric
from samarbeid.score import assess
from testkit import best, submission, uniform, worst


def ids(a: Assessment) -> set[str]:
    return {f.id for f in a.findings}


def run(rubric: Rubric, *respondents: dict[str, Any]) -> Assessment:
    return assess(rubric, submission(rubric, *respondents))


def test_both_best_is_green_without_high_or_critical(default_rubric: Rubric) -> None:
    a = run(default_rubric, best(default_rubric, "kommune"), best(default_rubric, "entreprenor"))
    assert a.level == "green"
    assert not {f.severity for f in a.findings} & {"critical", "high"}


def test_both_worst_is_red_with_the_structural_gaps(default_rubric: Rubric) -> None:
    a = run(default_rubric, worst(default_rubric, "kommune"), worst(default_rubric, "entreprenor"))
    assert a.level == "red"
    assert {"mangler-koordinator", "mangler-forankringsplan", "finansiering-uten-drift"} <= ids(a)


@pytest.mark.parametrize("role", ["kommune", "entreprenor"])
def test_one_role_only_shows_ensidig_besvart(default_rubric: Rubric, role: str) -> None:
    assert "ensidig-besvart" in ids(run(default_rubric, best(default_rubric, role)))


def test_best_against_worst_shows_ulik_forstaelse_and_divergences(default_rubric: Rubric) -> None:
    a = run(default_rubric, best(default_rubric, "kommune"), worst(default_rubric, "entreprenor"))
    assert "ulik-forstaelse" in ids(a)
    both = [q for q in default_rubric.questions if len(q.roles) == 2]
    assert len(a.divergences) == len(both)
    assert {d.kind for d in a.divergences} == {"disagreement"}


def _scenarios(rubric: Rubric) -> dict[str, list[dict[str, Any]]]:
    middle = lambda values: values[len(values) // 2]  # noqa: E731
    unknown = lambda values: "vet_ikke"  # noqa: E731
    return {
        "worst": [worst(rubric, "kommune"), worst(rubric, "entreprenor")],
        "best-worst": [best(rubric, "kommune"), worst(rubric, "entreprenor")],
        "worst-best": [worst(rubric, "kommune"), best(rubric, "entreprenor")],
        "middle": [uniform(rubric, "kommune", middle), uniform(rubric, "entreprenor", middle)],
        "one-sided": [best(rubric, "kommune")],
        "entreprenor-unsure": [best(rubric, "kommune"), uniform(rubric, "entreprenor", unknown)],
    }


def test_every_rule_fires_in_some_scenario(default_rubric: Rubric) -> None:
    fired: set[str] = set()
    for respondents in _scenarios(default_rubric).values():
        fired |= ids(run(default_rubric, *respondents))
    assert {r.id for r in default_rubric.rules} - fired == set()


def test_no_rule_fires_when_both_answer_best(default_rubric: Rubric) -> None:
    a = run(default_rubric, best(default_rubric, "kommune"), best(default_rubric, "entreprenor"))
    assert ids(a) == set()


def test_no_rule_fires_when_ikke_relevant_is_used_where_allowed(default_rubric: Rubric) -> None:
    def pick(role: str) -> dict[str, Any]:
        answers = {
            q.id: ("ikke_relevant" if q.ikke_relevant else list(SCALES[q.scale])[-1])
            for q in default_rubric.questions_for(role)
        }
        return {"role": role, "answers": answers}

    assert ids(run(default_rubric, pick("kommune"), pick("entreprenor"))) == set()


@pytest.mark.parametrize("role", ["kommune", "entreprenor"])
def test_a_single_nei_on_the_coordinator_is_critical(default_rubric: Rubric, role: str) -> None:
    answers = {r: best(default_rubric, r) for r in ("kommune", "entreprenor")}
    answers[role]["answers"]["kommunal-koordinator"] = "nei"
    a = run(default_rubric, *answers.values())
    assert "mangler-koordinator" in ids(a)
    assert a.level == "red"
    (finding,) = [f for f in a.findings if f.id == "mangler-koordinator"]
    assert [(e.role, e.question, e.value) for e in finding.evidence] == [
        (role, "kommunal-koordinator", "nei")
    ]
