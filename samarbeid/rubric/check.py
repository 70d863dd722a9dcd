"""Cross-reference checks a schema cannot express: ids, references, values, translations."""

from __future__ import annotations

from collections.abc import Iterator

from samarbeid.errors import Problem
from samarbeid.rubric.conditions import CheckContext
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import FIXED_RULES, Dimension, Role
from samarbeid.yamlread import Document, Path_


def check(rubric: Rubric, doc: Document, *, require_fixed: bool) -> list[Problem]:
    """Every inconsistency in ``rubric``, positioned in ``doc``, in file order."""
    problems = list(_check(rubric, doc, require_fixed))
    return sorted(problems, key=lambda p: (p.where.line, p.where.column))


def _check(rubric: Rubric, doc: Document, require_fixed: bool) -> Iterator[Problem]:
    def at(path: Path_, code: str, **params: object) -> Problem:
        return Problem(doc.ref(path), code, dict(params))

    if set(rubric.dimensions) != set(Dimension):
        yield at(("dimensions",), "rubric.dimensions")

    seen: dict[str, int] = {}
    for i, q in enumerate(rubric.questions):
        base: Path_ = ("questions", i)
        if q.id in seen:
            yield at((*base, "id"), "rubric.duplicate_id", id=q.id)
        seen[q.id] = i
        if len(set(q.roles)) != len(q.roles):
            yield at((*base, "roles"), "rubric.duplicate_id", id=q.roles[0])
        for role in Role:
            has_text = getattr(q.text, role) is not None
            if role in q.roles and not has_text:
                yield at((*base, "text"), "rubric.text_missing_role", role=role)
            if role not in q.roles and has_text:
                yield at((*base, "text", role), "rubric.text_extra_role", role=role)
        for j, source in enumerate(q.sources):
            if source not in rubric.sources:
                yield at((*base, "sources", j), "rubric.unknown_source", source=source)

    for dim in Dimension:
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
            yield at(
                (*base, "severity"), "rubric.fixed_severity", id=rule.id, expected=fixed, found=rule.severity
            )
        for j, source in enumerate(rule.sources):
            if source not in rubric.sources:
                yield at((*base, "sources", j), "rubric.unknown_source", source=source)
        yield from rule.when.check(CheckContext(rubric, at), (*base, "when"))

    if require_fixed:
        for rid in FIXED_RULES:
            if rid not in rule_ids:
                yield at(("rules",), "rubric.fixed_missing", id=rid)
