"""The default rubric's problems: the acceptance scenarios, and every problem firing and not firing
(the escalations are in test_escalations.py)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from samarbeid.load.answers import merge, validate_document
from samarbeid.parse.yamlread import parse_text
from samarbeid.result.assessment import Assessment
from samarbeid.result.evidence import AnswerEvidence
from samarbeid.rubric.load import DEFAULT_RUBRIC
from samarbeid.rubric.model import Rubric
from samarbeid.score.scoring import assess
from samarbeid.vocab import SCALES, FailOn, Severity
from testkit import answer_file, best, submission, uniform, worst


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


def test_every_problem_fires_in_some_scenario(default_rubric: Rubric) -> None:
    fired: set[str] = set()
    for respondents in _scenarios(default_rubric).values():
        fired |= ids(run(default_rubric, *respondents))
    assert {p.id for p in default_rubric.problems} - fired == set()


def test_each_problem_gives_at_most_one_finding(default_rubric: Rubric) -> None:
    for respondents in _scenarios(default_rubric).values():
        found = [f.id for f in run(default_rubric, *respondents).findings]
        assert len(found) == len(set(found))


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
    assert [(e.role, e.question, e.value) for e in finding.evidence if isinstance(e, AnswerEvidence)] == [
        (role, "kommunal-koordinator", "nei")
    ]


# ---- graded findings: the severity follows the answers -------------------------------------------


def _one_question(rubric: Rubric, question: str, pick: Any) -> list[dict[str, Any]]:
    """Both parties answer everything best, except ``question``, which every role that answers it
    answers with ``pick(scale values)``."""
    respondents = [best(rubric, role) for role in ("kommune", "entreprenor")]
    values = list(SCALES[rubric.by_id[question].scale])
    for respondent in respondents:
        if question in respondent["answers"]:
            respondent["answers"][question] = pick(values)
    return respondents


def _most_severe(a: Assessment) -> Severity | None:
    return min((f.severity for f in a.findings), key=lambda s: s.rank, default=None)


def test_every_question_grades_its_finding(default_rubric: Rubric) -> None:
    """The worst answer to any question gives a finding, the middle answer (delvis, 3) a milder
    one, and the best answer none, all else being best."""
    problems = []
    for q in default_rubric.questions:
        worst_a = run(default_rubric, *_one_question(default_rubric, q.id, lambda v: v[0]))
        middle_a = run(default_rubric, *_one_question(default_rubric, q.id, lambda v: v[len(v) // 2]))
        best_a = run(default_rubric, *_one_question(default_rubric, q.id, lambda v: v[-1]))
        at_worst, at_middle = _most_severe(worst_a), _most_severe(middle_a)
        if at_worst is None:
            problems.append(f"{q.id}: no finding at its worst answer")
        elif at_middle is None:
            problems.append(f"{q.id}: no finding at its middle answer")
        elif at_middle.rank <= at_worst.rank:
            problems.append(f"{q.id}: middle gives {at_middle}, not milder than {at_worst}")
        if best_a.findings:
            problems.append(f"{q.id}: a finding at its best answer: {ids(best_a)}")
    assert problems == []


def test_four_on_the_agreement_scale_gives_no_finding(default_rubric: Rubric) -> None:
    for q in default_rubric.questions:
        if q.scale == "enighet":
            a = run(default_rubric, *_one_question(default_rubric, q.id, lambda v: 4))
            assert ids(a) == set(), q.id


def test_merged_topics_give_one_graded_finding(default_rubric: Rubric) -> None:
    def severity_of(rule: str, question: str, value: Any) -> Severity | None:
        a = run(default_rubric, *_one_question(default_rubric, question, lambda v: value))
        return next((f.severity for f in a.findings if f.id == rule), None)

    assert severity_of("mangler-koordinator", "kommunal-koordinator", "nei") == "critical"
    assert severity_of("mangler-koordinator", "kommunal-koordinator", "delvis") == "medium"
    assert severity_of("uklare-roller", "roller-skriftlig", "nei") == "high"
    assert severity_of("uklare-roller", "roller-skriftlig", "delvis") == "medium"
    assert severity_of("uklare-roller", "ansvar-avklart", 3) == "low"
    assert severity_of("finansiering-uten-drift", "finansiering-etter-prosjekt", "delvis") == "medium"


def test_vet_ikke_on_confidentiality_is_only_low(default_rubric: Rubric) -> None:
    a = run(default_rubric, *_one_question(default_rubric, "taushetsplikt-avklart", lambda v: "vet_ikke"))
    assert [(f.id, f.severity) for f in a.findings] == [("taushetsplikt-uavklart", "low")]


def test_entrepreneur_not_knowing_the_coordinator_is_medium(default_rubric: Rubric) -> None:
    kommune, entreprenor = best(default_rubric, "kommune"), best(default_rubric, "entreprenor")
    entreprenor["answers"]["kommunal-koordinator"] = "vet_ikke"
    a = run(default_rubric, kommune, entreprenor)
    assert [(f.id, f.severity) for f in a.findings] == [("mangler-koordinator", "medium")]
    problem = default_rubric.problems_by_id["mangler-koordinator"]
    (finding,) = a.findings
    assert problem.title_at(finding.grade).get("nb").startswith("Den sosiale entreprenøren vet ikke")


# ---- money after the project: one finding, raised only by corroborating answers -------------------


def _with_phase(rubric: Rubric, phase: str | None, **answers: Any) -> Assessment:
    respondents = [best(rubric, role) for role in ("kommune", "entreprenor")]
    for respondent in respondents:
        for question, value in answers.items():
            if question in respondent["answers"]:
                respondent["answers"][question] = value
    data = yaml.safe_load(answer_file(respondents))
    if phase is not None:
        data["project"]["phase"] = phase
    doc = parse_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "test.yaml")
    return assess(rubric, merge([validate_document(doc, rubric)]))


@pytest.mark.parametrize("phase", [None, "idea", "planning", "pilot", "operation", "ending"])
def test_no_plan_for_money_is_high_in_every_phase(default_rubric: Rubric, phase: str | None) -> None:
    a = _with_phase(default_rubric, phase, **{"finansiering-etter-prosjekt": "nei"})
    assert [(f.id, f.severity, f.escalation) for f in a.findings] == [
        ("finansiering-uten-drift", "high", None)
    ]


@pytest.mark.parametrize("phase", ["operation", "ending"])
def test_a_late_phase_does_not_raise_money_that_is_secured(default_rubric: Rubric, phase: str) -> None:
    """The critical headline of rubric 2 fired on the phase alone, even when the kommune said the
    money was secured for the next year: now money that is not secured gives a medium finding
    in every phase, and only a second answer raises it."""
    a = _with_phase(default_rubric, phase, **{"finansiering-varer": "nei"})
    assert [(f.id, f.severity) for f in a.findings] == [("finansiering-uten-drift", "medium")]


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("kontinuitet-ved-ny-konkurranse", "avhengig-av-en-kjoper"),
        ("budsjett-uten-kutt", "ledelsen-stotter-ikke"),
        ("anskaffelse-gjennomforbar", "uklar-anskaffelse"),
        ("resultater-oppnadd", "ingen-effektmaling"),
        ("tillit", "tillit-brutt"),
        ("konflikter-lost", "tillit-brutt"),
        ("tilskuddsvilkar", "vilkar-og-habilitet"),
        ("habilitet", "vilkar-og-habilitet"),
    ],
)
def test_signals_that_break_collaborations_alone_are_high(
    default_rubric: Rubric, question: str, problem: str
) -> None:
    a = run(default_rubric, *_one_question(default_rubric, question, lambda v: v[0]))
    assert {f.id: f.severity for f in a.findings}[problem] == "high"
    assert a.failing(FailOn.high)


@pytest.mark.parametrize(
    "question", ["flere-kjopere", "avtale-lopetid", "varsel-ved-endring", "uavhengig-av-en-ordning"]
)
def test_one_exposure_alone_is_medium_until_corroborated(default_rubric: Rubric, question: str) -> None:
    a = run(default_rubric, *_one_question(default_rubric, question, lambda v: v[0]))
    assert {f.id: f.severity for f in a.findings} == {"avhengig-av-en-kjoper": "medium"}


# ---- the words a leader reads: milder grades, the brief, who acts ---------------------------------


def test_every_grade_but_the_first_has_its_own_title(default_rubric: Rubric) -> None:
    """A milder grade reads as what it is («bare delvis på plass»), not as the worst case; only
    the first grade may read with the problem's own title."""
    problems = []
    for problem in default_rubric.problems:
        for i, grade in enumerate(problem.levels[1:], 1):
            if grade.title is None:
                problems.append(f"{problem.id} (grade {i}, {grade.severity}): no title")
                continue
            for lang in ("nb", "en"):
                if grade.title.get(lang) == problem.title.get(lang):
                    problems.append(f"{problem.id} (grade {i}, {lang}): the problem's own title")
    assert problems == []


def test_titles_differ_within_a_problem(default_rubric: Rubric) -> None:
    for problem in default_rubric.problems:
        for lang in ("nb", "nn", "en"):
            titles = [problem.title_at(i).get(lang) for i in range(len(problem.levels))]
            titles += [e.title.get(lang) for e in problem.escalations]
            assert len(set(titles)) == len(titles), (problem.id, lang)


def test_every_rule_has_a_brief_of_at_most_25_words(default_rubric: Rubric) -> None:
    problems = []
    for rule in default_rubric.problems:
        if rule.brief is None:
            problems.append(f"{rule.id}: no brief")
            continue
        for lang in ("nb", "en"):
            text = rule.brief.get(lang)
            if len(text.split()) > 25:
                problems.append(f"{rule.id} ({lang}): {len(text.split())} words")
            if not text.endswith("."):
                problems.append(f"{rule.id} ({lang}): not one sentence ending in a full stop")
    assert problems == []


def test_english_texts_have_no_norwegian_quotes(default_rubric: Rubric) -> None:
    texts = [(r.id, r.brief.en if r.brief else "") for r in default_rubric.problems]
    texts += [(r.id, g.title.en) for r in default_rubric.problems for g in r.levels if g.title is not None]
    texts += [(r.id, e.title.en) for r in default_rubric.problems for e in r.escalations]
    texts += [(r.id, e.mechanism.en) for r in default_rubric.problems for e in r.escalations]
    assert [rid for rid, text in texts if "«" in text or "»" in text] == []


def test_every_rule_names_who_acts(default_rubric: Rubric) -> None:
    """``actors`` is given in the rubric for every rule, not left to the default (both)."""
    written = yaml.safe_load(DEFAULT_RUBRIC.read_text("utf-8"))["problems"]
    assert [p["id"] for p in written if "actors" not in p] == []
    assert all(len(set(r.actors)) == len(r.actors) for r in default_rubric.problems)


@pytest.mark.parametrize(
    ("rule", "actors"),
    [
        ("mangler-koordinator", ["kommune"]),
        ("mangler-forankringsplan", ["kommune"]),
        ("ulik-forstaelse", ["kommune", "entreprenor"]),
        ("uklare-roller", ["kommune", "entreprenor"]),
        ("tillit-brutt", ["kommune", "entreprenor"]),
    ],
)
def test_actors_follow_the_action(default_rubric: Rubric, rule: str, actors: list[str]) -> None:
    (found,) = [r for r in default_rubric.problems if r.id == rule]
    assert [str(a) for a in found.actors] == actors


def test_a_partly_there_answer_reads_as_partly_there(default_rubric: Rubric) -> None:
    a = run(default_rubric, *_one_question(default_rubric, "forankringsplan", lambda v: "delvis"))
    (finding,) = [f for f in a.findings if f.id == "mangler-forankringsplan"]
    problem = default_rubric.problems_by_id["mangler-forankringsplan"]
    assert finding.severity == "medium"
    assert problem.title_at(finding.grade).get("nb") == "Planen for forankring er bare delvis på plass"
    assert problem.title_at(finding.grade).get("en") == "The anchoring plan is only partly in place"


@pytest.mark.parametrize("name", ["inderoy-helsefag", "uenige-parter", "ensidig-besvart", "under-arbeid"])
def test_an_example_names_each_problem_once_and_at_most_fifteen(default_rubric: Rubric, name: str) -> None:
    """The Inderøy example gave 40 findings under rubric 2, three of them saying the money ends;
    rubric 3 names each problem once."""
    from samarbeid.pipeline import assess_files
    from testkit import EXAMPLES

    a = assess_files([EXAMPLES / f"{name}.yaml"], default_rubric, as_of=None)
    found = [f.id for f in a.findings]
    assert len(found) == len(set(found)) <= 15
    questions = [{getattr(e, "question", None) for e in f.evidence} - {None} for f in a.findings]
    chosen = [
        q for f, q in zip(a.findings, questions, strict=True) if f.id in {p.finding for p in a.priorities}
    ]
    assert all(not (x & y) for i, x in enumerate(chosen) for y in chosen[i + 1 :])
