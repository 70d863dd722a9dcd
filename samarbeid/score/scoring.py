"""Score one project's answers against the rubric (docs/design.md §4): a pure function.

The result is an :class:`~samarbeid.result.assessment.Assessment`: numbers, levels, findings with
structured evidence. No words: renderers add those.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter
from statistics import median
from typing import NamedTuple

from samarbeid import __version__
from samarbeid.answerfile import AcceptedRisk
from samarbeid.load.answers import Response, Submission
from samarbeid.result.assessment import (
    SCHEMA_VERSION,
    Acceptance,
    Assessment,
    DimensionResult,
    Divergence,
    Finding,
    NotApplicable,
    RespondentSummary,
    RoleScores,
    RubricInfo,
    SharedWeakness,
    ToolInfo,
    Unanswered,
)
from samarbeid.result.evidence import AnswerEvidence, Evidence
from samarbeid.rubric.conditions import Facts
from samarbeid.rubric.model import ProblemPlan, Question, Rubric
from samarbeid.score.priorities import choose
from samarbeid.vocab import (
    DivergenceKind,
    Level,
    NoAnswer,
    Phase,
    Role,
    Severity,
    UnansweredReason,
    Value,
)

# The thresholds of scoring, each declared here only (docs/design.md §4); scores run 0–100.
#: A score from here up is green; from YELLOW_AT up yellow; below it red.
GREEN_AT = 75
YELLOW_AT = 50
#: Below this coverage (0–1) a level is inconclusive.
CONCLUSIVE_COVERAGE = 0.6
#: The parties' medians this far apart or more are a divergence.
DIVERGENCE_GAP = 50
#: Both parties at or below this, without a divergence, are a shared weakness.
WEAK_AT_MOST = 25


class Band(NamedTuple):
    """The stretch of the 0–100 score scale that has one level: from ``start`` up to ``end``."""

    level: Level
    start: int
    end: int


#: The levels along the score scale, worst first; the HTML report draws its zones from these.
LEVEL_BANDS = (
    Band(Level.red, 0, YELLOW_AT),
    Band(Level.yellow, YELLOW_AT, GREEN_AT),
    Band(Level.green, GREEN_AT, 100),
)

_VET_IKKE = NoAnswer.vet_ikke.value


def mean(values: Iterable[float]) -> float:
    """The arithmetic mean (plain floats; ``statistics.mean`` is exact but slow)."""
    items = list(values)
    return math.fsum(items) / len(items)


def level_of(score: float | None, coverage: float) -> Level:
    """The level of a (rounded) score: inconclusive below 60 % coverage."""
    if score is None or coverage < CONCLUSIVE_COVERAGE:
        return Level.inconclusive
    if score >= GREEN_AT:
        return Level.green
    if score >= YELLOW_AT:
        return Level.yellow
    return Level.red


def normalise(question: Question, value: Value) -> float | None:
    """An answer on the 0–100 scale; None for ``vet_ikke`` and ``ikke_relevant``."""
    return None if isinstance(value, bool) else question.points.get(value)


def assess(rubric: Rubric, submission: Submission, *, as_of: dt.date | None = None) -> Assessment:
    """Score ``submission`` against ``rubric``.

    ``as_of`` is the date accepted risks are judged against (None: none has expired).
    """
    problems = rubric.problems_by_id  # an accepted risk may name a problem by an alias
    accepted = {problems[r.rule].id: r for r in sorted(submission.accepted, key=lambda r: r.until)}
    responses = submission.responses
    plan = _plan(rubric)
    table = _Table(plan, responses)
    roles_present = [role for role in plan.roles if table.respondents[role]]

    dimensions = {dim: _dimension(weights, table, roles_present) for dim, weights in plan.weights.items()}
    divergences, shared = _compare(plan, table)
    facts = Facts(
        respondents=responses,
        divergences=divergences,
        dimensions=dimensions,
        roles_answered=frozenset(r.role for r in responses if r.answers),
        phase=Phase(submission.project.phase) if submission.project.phase else None,
    )
    findings = [
        finding
        for problem in rubric.plans
        if (finding := _finding(problem, facts, accepted.get(problem.id), as_of)) is not None
    ]
    findings.sort(key=lambda f: f.severity.rank)

    scores = [d.score for d in dimensions.values() if d.score is not None]
    score = round(mean(scores), 1) if scores else None
    coverage = round(mean(d.coverage for d in dimensions.values()), 3)
    level = _capped(level_of(score, coverage), findings)

    return Assessment(
        schema_version=SCHEMA_VERSION,
        tool=ToolInfo("samarbeid", __version__),
        rubric=RubricInfo(rubric.id, rubric.version),
        project=submission.project,
        status=submission.status,
        files=list(submission.files),
        level=level,
        score=score,
        risk=sum(f.severity.weight for f in findings),
        coverage=coverage,
        dimensions=dimensions,
        findings=findings,
        priorities=choose(rubric, findings, dimensions),
        divergences=divergences,
        shared_weaknesses=shared,
        respondents=table.summaries,
        unanswered=table.unanswered,
        not_applicable=table.not_applicable,
    )


def _finding(
    problem: ProblemPlan, facts: Facts, risk: AcceptedRisk | None, as_of: dt.date | None
) -> Finding | None:
    """The problem's finding, or None: the most severe grade that holds gives it, and an
    escalation that holds (and is not contradicted) may raise it; evidence is every answer
    that contributed to a grade or escalation that holds."""
    holding = None
    evidence: list[Evidence] = []
    for index, (_, when) in enumerate(problem.grades):
        found = when(facts)
        if found is not None:
            holding = index if holding is None else holding
            evidence.extend(found)
    if holding is None:
        return None  # escalations raise a finding; they never make one
    severity = problem.grades[holding][0]
    raised_by = None
    for escalation in problem.escalations:
        found = escalation.when(facts)
        if found is None or (escalation.unless is not None and escalation.unless(facts) is not None):
            continue
        evidence.extend(found)
        if escalation.severity.rank < severity.rank:
            severity, raised_by = escalation.severity, escalation.id
    return Finding(
        problem.id,
        severity,
        problem.dimension,
        _distinct(evidence) if len(evidence) > 1 else evidence,
        _acceptance(risk, as_of),
        holding,
        raised_by,
    )


def _distinct(evidence: list[Evidence]) -> list[Evidence]:
    """``evidence`` without repeats, in order. An answer cited twice is the same object
    (:meth:`Facts.cite`), so answers are told apart by identity, which spares hashing their
    ten fields; other evidence is made anew by each condition, and told apart by value."""
    return list({(id(e) if type(e) is AnswerEvidence else e): e for e in evidence}.values())


def _capped(level: Level, findings: list[Finding]) -> Level:
    """Structural gaps override averages: a critical finding makes a conclusive level red, a
    high one caps it at yellow. An inconclusive level stays so: too few answers to say."""
    if level is Level.inconclusive:
        return level
    severities = {f.severity for f in findings}
    if Severity.critical in severities:
        return Level.red
    if Severity.high in severities and level is Level.green:
        return Level.yellow
    return level


def _acceptance(risk: AcceptedRisk | None, as_of: dt.date | None) -> Acceptance | None:
    if risk is None:
        return None
    return Acceptance(risk.reason, risk.by, risk.until, as_of is not None and as_of > risk.until)


class _Plan:
    """What scoring needs of a rubric that no answer changes, worked out once per rubric
    (a batch scores thousands of projects against one)."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        #: question id → its place in the rubric's order, its dimension, and each scale
        #: value's place on the 0–100 scale (what :func:`normalise` looks up: an answer as
        #: loaded is a value id, never a bool)
        self.order = {q.id: i for i, q in enumerate(rubric.questions)}
        self.dimension = {q.id: q.dimension for q in rubric.questions}
        self.points = {q.id: q.points for q in rubric.questions}
        #: per role, the questions it is asked, in order: (id, dimension, place)
        self.asked = {
            role: tuple((q.id, q.dimension, self.order[q.id]) for q in rubric.questions_for(role))
            for role in Role
        }
        #: per dimension and role, the questions of the dimension the role is asked, with
        #: their weights, in order, and the sum of those weights
        self.weights = {
            dim: {role: _weighed([q for q in qs if role in q.roles]) for role in Role}
            for dim, qs in rubric.by_dimension.items()
        }
        #: the roles, in order (iterating the enum itself is slower)
        self.roles = tuple(Role)
        #: the questions both parties are asked, in order: where they can diverge
        self.shared = tuple((q.id, q.dimension) for q in rubric.questions if len(q.roles) > 1)


def _weighed(questions: list[Question]) -> tuple[tuple[tuple[str, int], ...], int]:
    """(question id, weight) of each question, and the sum of the weights."""
    return tuple((q.id, q.weight) for q in questions), sum(q.weight for q in questions)


_PLANS: dict[int, _Plan] = {}


def _plan(rubric: Rubric) -> _Plan:
    """The plan of ``rubric`` (kept for the last few rubrics scored against)."""
    plan = _PLANS.get(id(rubric))
    if plan is None or plan.rubric is not rubric:
        if len(_PLANS) >= 8:
            _PLANS.clear()
        plan = _PLANS[id(rubric)] = _Plan(rubric)
    return plan


class _Table:
    """Every answer, read once: per role and question the 0–100 scores and the number of
    ``ikke_relevant``; the number of respondents per role; and per respondent what it left
    open (with the summary of its answers), and where it answered ``ikke_relevant``.

    A response holds only answers to questions its role is asked, each a value id of the
    question (:mod:`samarbeid.load.answers` checks both): an answer that has no place on the
    scale is ``vet_ikke`` or ``ikke_relevant``, and what the role is asked and did not
    answer is what it left open."""

    def __init__(self, plan: _Plan, responses: tuple[Response, ...]) -> None:
        self.scores: dict[Role, dict[str, list[float]]] = {role: defaultdict(list) for role in plan.roles}
        self.not_relevant: dict[Role, dict[str, int]] = {role: defaultdict(int) for role in plan.roles}
        self.respondents: dict[Role, int] = dict.fromkeys(plan.roles, 0)
        self.summaries: list[RespondentSummary] = []
        points, order, dimension_of = plan.points, plan.order, plan.dimension
        # (place of the question, entry), in the order of the respondents; sorted by the
        # question's place below (a stable sort: respondents stay in order within a question)
        unanswered: list[tuple[int, Unanswered]] = []
        not_applicable: list[tuple[int, NotApplicable]] = []
        missing, vet_ikke = UnansweredReason.missing, UnansweredReason.vet_ikke
        for r in responses:
            role, who, answers, comments = r.role, r.who, r.answers, r.comments
            scores, not_relevant = self.scores[role], self.not_relevant[role]
            self.respondents[role] += 1
            vet = not_asked = 0  # «vet ikke», «ikke relevant»
            for qid, value in answers.items():
                score = points[qid].get(value)
                if score is not None:
                    scores[qid].append(score)
                elif value == _VET_IKKE:
                    vet += 1
                    unanswered.append((order[qid], Unanswered(qid, dimension_of[qid], role, who, vet_ikke)))
                else:  # ikke_relevant
                    not_asked += 1
                    not_relevant[qid] += 1
                    entry = NotApplicable(qid, dimension_of[qid], role, who, comments.get(qid))
                    not_applicable.append((order[qid], entry))
            asked = plan.asked[role]
            left = len(asked) - len(answers)
            if left:
                unanswered.extend(
                    (place, Unanswered(qid, dimension, role, who, missing))
                    for qid, dimension, place in asked
                    if qid not in answers
                )
            answered = len(answers) - vet - not_asked
            self.summaries.append(
                RespondentSummary(
                    role, r.unit, r.name, r.file, r.at.line, len(asked), answered, vet, not_asked, left
                )
            )
        self.unanswered = [entry for _, entry in sorted(unanswered, key=_first)]
        self.not_applicable = [entry for _, entry in sorted(not_applicable, key=_first)]


_first = itemgetter(0)


def _dimension(
    weights: dict[Role, tuple[tuple[tuple[str, int], ...], int]], table: _Table, roles_present: list[Role]
) -> DimensionResult:
    """A dimension's result from the weights of its questions per role (:class:`_Plan`)."""
    role_scores: dict[Role, float | None] = {}
    coverages = []
    for role in roles_present:
        scores, not_relevant = table.scores[role], table.not_relevant[role]
        questions, weight_sum = weights[role]
        weighted = 0.0
        total = answered = 0  # whole numbers: the sums are exact in any order
        for qid, weight in questions:
            values = scores.get(qid)
            if values:  # the role's mean (as mean() takes it), weighted by the question
                count = len(values)
                answered += weight * count
                weighted += weight * (math.fsum(values) / count)
                total += weight
        # each respondent is asked each question, but where it answered «ikke relevant»
        applicable = weight_sum * table.respondents[role]
        if not_relevant:
            applicable -= sum(weight * not_relevant.get(qid, 0) for qid, weight in questions)
        role_scores[role] = weighted / total if total else None
        if applicable:
            coverages.append(answered / applicable)
    present = [s for s in role_scores.values() if s is not None]
    score = round(mean(present), 1) if present else None
    coverage = round(mean(coverages), 3) if coverages else 0.0
    return DimensionResult(
        score,
        level_of(score, coverage),
        coverage,
        RoleScores(_round(role_scores.get(Role.kommune)), _round(role_scores.get(Role.entreprenor))),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _compare(plan: _Plan, table: _Table) -> tuple[list[Divergence], list[SharedWeakness]]:
    divergences: list[Divergence] = []
    shared: list[SharedWeakness] = []
    kommune_scores, entreprenor_scores = table.scores[Role.kommune], table.scores[Role.entreprenor]
    for qid, dimension in plan.shared:
        kommune = kommune_scores.get(qid)
        entreprenor = entreprenor_scores.get(qid)
        if not kommune or not entreprenor:
            continue
        k, e = _median(kommune), _median(entreprenor)
        gap = abs(k - e)
        if gap >= DIVERGENCE_GAP:
            kind = DivergenceKind.shared_weakness if max(k, e) <= YELLOW_AT else DivergenceKind.disagreement
            divergences.append(Divergence(qid, dimension, k, e, gap, kind))
        elif max(k, e) <= WEAK_AT_MOST:
            shared.append(SharedWeakness(qid, dimension, k, e))
    order = plan.order
    divergences.sort(key=lambda d: (-d.gap, order[d.question]))
    return divergences, shared


def _median(values: list[float]) -> float:
    """The median (one respondent of a role is the common case)."""
    return values[0] if len(values) == 1 else float(median(values))
