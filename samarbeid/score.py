"""Score one project's answers against the rubric (DESIGN.md §4): a pure function."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from statistics import median
from typing import Any

from samarbeid import __version__
from samarbeid.answerfile import AcceptedRisk
from samarbeid.assessment import SCHEMA_VERSION, Assessment, Level
from samarbeid.load import Response, Submission, Value
from samarbeid.rubric.model import (
    DIMENSIONS,
    IKKE_RELEVANT,
    ROLES,
    SCALES,
    SEVERITIES,
    VET_IKKE,
    Question,
    Rubric,
)
from samarbeid.rules import Facts, evaluate

GREEN_AT = 75.0
YELLOW_AT = 50.0
CONCLUSIVE_COVERAGE = 0.6
DIVERGENCE_GAP = 50.0
WEAK_AT_MOST = 25.0


def mean(values: Iterable[float]) -> float:
    """The arithmetic mean (plain floats; ``statistics.mean`` is exact but slow)."""
    items = list(values)
    return math.fsum(items) / len(items)


def level_of(score: float | None, coverage: float) -> Level:
    """The level of a (rounded) score: inconclusive below 60 % coverage."""
    if score is None or coverage < CONCLUSIVE_COVERAGE:
        return "inconclusive"
    if score >= GREEN_AT:
        return "green"
    if score >= YELLOW_AT:
        return "yellow"
    return "red"


def normalise(question: Question, value: Value) -> float | None:
    """An answer on the 0–100 scale; None for ``vet_ikke`` and ``ikke_relevant``."""
    score = SCALES[question.scale].get(value)
    return None if score is None or isinstance(value, bool) else float(score)


def assess(rubric: Rubric, submission: Submission, lang: str = "nb",
           as_of: dt.date | None = None) -> Assessment:
    """Score ``submission`` against ``rubric``; the texts are in ``lang``.

    ``as_of`` is the date accepted risks are judged against (None: none has expired).
    """
    return Assessment.model_validate(assess_data(rubric, submission, lang, as_of))


def assess_data(rubric: Rubric, submission: Submission, lang: str = "nb",
                as_of: dt.date | None = None) -> dict[str, Any]:
    """:func:`assess` as plain data, in the field order of :class:`Assessment`.

    Batch scoring serialises this directly: building and validating a model object per
    piece of evidence would cost more than parsing the file.
    """
    accepted = {risk.rule: risk for risk in sorted(submission.accepted, key=lambda r: r.until)}
    responses = submission.responses
    roles_present: list[str] = [role for role in ROLES if any(r.role == role for r in responses)]
    table = _Table(rubric, responses)

    dimensions: dict[str, dict[str, Any]] = {
        dim: _dimension(rubric, dim, table, roles_present, lang) for dim in DIMENSIONS}
    divergences, shared = _compare(rubric, table, lang)
    facts = Facts(
        rubric=rubric,
        answers=table.given,
        divergences=divergences,
        dimensions=dimensions,
        roles_answered=frozenset(r.role for r in responses if r.answers),
        lang=lang,
    )
    findings = []
    for rule in rubric.rules:
        evidence = evaluate(rule.when, facts)
        if evidence is not None:
            findings.append({
                "id": rule.id, "severity": rule.severity, "dimension": rule.dimension,
                "title": rule.title.get(lang), "why": rule.why.get(lang),
                "action": rule.action.get(lang),
                "sources": [rubric.sources[s].get(lang) for s in rule.sources], "evidence": evidence,
                "accepted": _acceptance(accepted.get(rule.id), as_of),
            })
    findings.sort(key=lambda f: SEVERITIES.index(f["severity"]))

    scores = [d["score"] for d in dimensions.values() if d["score"] is not None]
    score = round(mean(scores), 1) if scores else None
    coverage = round(mean(d["coverage"] for d in dimensions.values()), 3)
    level = level_of(score, coverage)
    severities = {f["severity"] for f in findings}
    if "critical" in severities:
        level = "red"
    elif "high" in severities and level == "green":
        level = "yellow"

    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "samarbeid", "version": __version__},
        "rubric": {"id": rubric.id, "version": rubric.version},
        "lang": lang,
        "project": submission.project.model_dump(),
        "status": submission.status,
        "files": list(submission.files),
        "level": level,
        "score": score,
        "coverage": coverage,
        "dimensions": dimensions,
        "findings": findings,
        "divergences": divergences,
        "shared_weaknesses": shared,
        "respondents": [_summary(rubric, r) for r in responses],
        "unanswered": _unanswered(rubric, responses),
        "baseline": None,
    }


def _acceptance(risk: AcceptedRisk | None, as_of: dt.date | None) -> dict[str, Any] | None:
    if risk is None:
        return None
    return {"reason": risk.reason, "by": risk.by, "until": risk.until,
            "expired": as_of is not None and as_of > risk.until}


class _Table:
    """Every answer, read once: per question the (respondent, value) pairs given, and per
    question and role the 0–100 scores, the number of ``ikke_relevant`` and of respondents."""

    def __init__(self, rubric: Rubric, responses: tuple[Response, ...]) -> None:
        self.given: dict[str, list[tuple[Response, Value]]] = defaultdict(list)
        self.scores: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.not_relevant: dict[tuple[str, str], int] = defaultdict(int)
        self.respondents: dict[str, int] = defaultdict(int)
        questions = rubric.by_id
        for r in responses:
            self.respondents[r.role] += 1
            for qid, value in r.answers.items():
                self.given[qid].append((r, value))
                if value == IKKE_RELEVANT:
                    self.not_relevant[qid, r.role] += 1
                    continue
                score = normalise(questions[qid], value)
                if score is not None:
                    self.scores[qid, r.role].append(score)


def _dimension(rubric: Rubric, dim: str, table: _Table, roles_present: list[str],
               lang: str) -> dict[str, Any]:
    questions = [q for q in rubric.questions if q.dimension == dim]
    role_scores: dict[str, float | None] = {}
    coverages = []
    for role in roles_present:
        weighted = total = applicable = answered = 0.0
        for q in questions:
            if role not in q.roles:
                continue
            values = table.scores.get((q.id, role), ())
            applicable += q.weight * (table.respondents[role] - table.not_relevant.get((q.id, role), 0))
            answered += q.weight * len(values)
            if values:  # the role's mean on this question, weighted by the question
                weighted += q.weight * mean(values)
                total += q.weight
        role_scores[role] = weighted / total if total else None
        if applicable:
            coverages.append(answered / applicable)
    present = [s for s in role_scores.values() if s is not None]
    score = round(mean(present), 1) if present else None
    coverage = round(mean(coverages), 3) if coverages else 0.0
    return {
        "title": rubric.dimensions[dim].title.get(lang),  # type: ignore[index]
        "score": score,
        "level": level_of(score, coverage),
        "coverage": coverage,
        "roles": {role: _round(role_scores.get(role)) for role in ROLES},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _compare(rubric: Rubric, table: _Table,
             lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    divergences: list[dict[str, Any]] = []
    shared: list[dict[str, Any]] = []
    for q in rubric.questions:
        if len(q.roles) < 2:
            continue
        kommune = table.scores.get((q.id, "kommune"))
        entreprenor = table.scores.get((q.id, "entreprenor"))
        if not kommune or not entreprenor:
            continue
        k, e = float(median(kommune)), float(median(entreprenor))
        gap = abs(k - e)
        if gap >= DIVERGENCE_GAP:
            kind = "shared_weakness" if max(k, e) <= YELLOW_AT else "disagreement"
            divergences.append({"question": q.id, "dimension": q.dimension,
                                "text": q.wording(q.roles[0], lang),
                                "kommune": k, "entreprenor": e, "gap": gap, "kind": kind})
        elif max(k, e) <= WEAK_AT_MOST:
            shared.append({"question": q.id, "dimension": q.dimension,
                           "text": q.wording(q.roles[0], lang), "kommune": k, "entreprenor": e})
    order = {q.id: i for i, q in enumerate(rubric.questions)}
    divergences.sort(key=lambda d: (-d["gap"], order[d["question"]]))
    return divergences, shared


def _summary(rubric: Rubric, r: Response) -> dict[str, Any]:
    questions = rubric.questions_for(r.role)
    values = [r.answers.get(q.id) for q in questions]
    return {
        "role": r.role, "unit": r.unit, "name": r.name, "file": r.file, "line": r.at.line,
        "questions": len(questions),
        "answered": sum(1 for v in values if v is not None and v not in (VET_IKKE, IKKE_RELEVANT)),
        "vet_ikke": values.count(VET_IKKE),
        "ikke_relevant": values.count(IKKE_RELEVANT),
        "unanswered": values.count(None),
    }


def _unanswered(rubric: Rubric, responses: tuple[Response, ...]) -> list[dict[str, Any]]:
    out = []
    for q in rubric.questions:
        for r in responses:
            if r.role not in q.roles:
                continue
            value = r.answers.get(q.id)
            if value is None or value == VET_IKKE:
                out.append({"question": q.id, "dimension": q.dimension, "role": r.role,
                            "respondent": r.who, "reason": "missing" if value is None else "vet_ikke"})
    return out
