"""Cross-reference checks a schema cannot express: ids, references, values, translations."""

from __future__ import annotations

from collections.abc import Iterator

from samarbeid.errors import Problem
from samarbeid.rubric.model import (
    DIMENSIONS,
    FIXED_RULES,
    ROLES,
    AllCondition,
    AnswerCondition,
    AnyCondition,
    Condition,
    CoverageCondition,
    DivergenceCondition,
    NotCondition,
    Rubric,
)
from samarbeid.yamlread import Document, Path_


def check(rubric: Rubric, doc: Document, *, require_fixed: bool) -> list[Problem]:
    """Every inconsistency in ``rubric``, positioned in ``doc``, in file order."""
    problems = list(_check(rubric, doc, require_fixed))
    return sorted(problems, key=lambda p: (p.where.line, p.where.column))


def _check(rubric: Rubric, doc: Document, require_fixed: bool) -> Iterator[Problem]:
    def at(path: Path_, code: str, **params: object) -> Problem:
        return Problem(doc.ref(path), code, dict(params))

    if set(rubric.dimensions) != set(DIMENSIONS):
        yield at(("dimensions",), "rubric.dimensions")

    seen: dict[str, int] = {}
    for i, q in enumerate(rubric.questions):
        base: Path_ = ("questions", i)
        if q.id in seen:
            yield at((*base, "id"), "rubric.duplicate_id", id=q.id)
        seen[q.id] = i
        if len(set(q.roles)) != len(q.roles):
            yield at((*base, "roles"), "rubric.duplicate_id", id=q.roles[0])
        for role in ROLES:
            has_text = getattr(q.text, role) is not None
            if role in q.roles and not has_text:
                yield at((*base, "text"), "rubric.text_missing_role", role=role)
            if role not in q.roles and has_text:
                yield at((*base, "text", role), "rubric.text_extra_role", role=role)
        for j, source in enumerate(q.sources):
            if source not in rubric.sources:
                yield at((*base, "sources", j), "rubric.unknown_source", source=source)

    for dim in DIMENSIONS:
        if dim in rubric.dimensions and not any(q.dimension == dim for q in rubric.questions):
            yield at(("dimensions", dim), "rubric.empty_dimension", dimension=dim)

    rule_ids: set[str] = set()
    for i, rule in enumerate(rubric.rules):
        base = ("rules", i)
        if rule.id in rule_ids or rule.id in seen:
            yield at((*base, "id"), "rubric.duplicate_id", id=rule.id)
        rule_ids.add(rule.id)
        fixed = FIXED_RULES.get(rule.id)
        if fixed is not None and rule.severity != fixed:
            yield at((*base, "severity"), "rubric.fixed_severity", id=rule.id, expected=fixed,
                     found=rule.severity)
        for j, source in enumerate(rule.sources):
            if source not in rubric.sources:
                yield at((*base, "sources", j), "rubric.unknown_source", source=source)
        yield from _check_condition(rubric, rule.when, (*base, "when"), at)

    if require_fixed:
        for rid in FIXED_RULES:
            if rid not in rule_ids:
                yield at(("rules",), "rubric.fixed_missing", id=rid)


def _check_condition(rubric: Rubric, cond: Condition, path: Path_, at) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    questions = rubric.by_id
    if isinstance(cond, AnswerCondition):
        test = cond.answer
        p = (*path, "answer")
        q = questions.get(test.question)
        if q is None:
            yield at((*p, "question"), "rubric.unknown_question", question=test.question)
            return
        if test.role != "any" and test.role not in q.roles:
            yield at((*p, "role"), "rubric.role_not_asked", question=q.id, role=test.role)
        allowed = q.values()
        for j, value in enumerate(test.values):
            if isinstance(value, bool) or value not in allowed:
                yield at((*p, "in", j), "rubric.impossible_value", found=repr(value), question=q.id,
                         allowed=", ".join(map(str, allowed)))
    elif isinstance(cond, DivergenceCondition):
        div = cond.divergence
        p = (*path, "divergence")
        if div.questions is not None and div.dimension is not None:
            yield at(p, "rubric.divergence_both")
        for j, qid in enumerate(div.questions or []):
            q = questions.get(qid)
            if q is None:
                yield at((*p, "questions", j), "rubric.unknown_question", question=qid)
            elif len(q.roles) < 2:
                yield at((*p, "questions", j), "rubric.role_not_asked", question=qid,
                         role="kommune + entreprenor")
    elif isinstance(cond, CoverageCondition):
        if cond.coverage.below > 1:
            yield at((*path, "coverage", "below"), "v.range", found=f"{cond.coverage.below:g}",
                     allowed="0–1")
    elif isinstance(cond, (AllCondition, AnyCondition)):
        key = "all" if isinstance(cond, AllCondition) else "any"
        items = cond.all if isinstance(cond, AllCondition) else cond.any
        for j, sub in enumerate(items):
            yield from _check_condition(rubric, sub, (*path, key, j), at)
    elif isinstance(cond, NotCondition):
        yield from _check_condition(rubric, cond.not_, (*path, "not"), at)
