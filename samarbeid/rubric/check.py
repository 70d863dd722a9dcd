"""Cross-reference checks a schema cannot express: ids, references, values, translations."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from samarbeid.errors import Problem
from samarbeid.message import Msg
from samarbeid.parse.yamlread import Document, Path_
from samarbeid.rubric.conditions import AnswerTest, CheckContext
from samarbeid.rubric.model import Grade, Rubric, Rule
from samarbeid.vocab import FIXED_RULES, SCALES, Dimension, NoAnswer, Role, RoleOrAny, Severity


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
        yield from _check_grades(rubric, rule, base, at)

    if require_fixed:
        for rid in FIXED_RULES:
            if rid not in rule_ids:
                yield at(("rules",), "rubric.fixed_missing", id=rid)


def _check_grades(rubric: Rubric, rule: Rule, base: Path_, at: Callable[..., Problem]) -> Iterator[Problem]:
    """A rule's condition(s), and that its grades follow the answers: most severe first, the
    best answer never flagged, a milder answer never more severe, «vet ikke» at most low."""
    ctx = CheckContext(rubric.by_id, at)
    if (rule.when is None) == (rule.grades is None):
        yield at(base, "rubric.when_or_grades")
        return
    if rule.grades is None:
        assert rule.when is not None
        yield from rule.when.check(ctx, (*base, "when"))
        paths: list[Path_] = [base]
    else:
        paths = [(*base, "grades", j) for j in range(len(rule.grades))]
        for path, grade in zip(paths, rule.grades, strict=True):
            yield from grade.when.check(ctx, (*path, "when"))
        if rule.grades[0].severity is not rule.severity:
            yield at(
                (*paths[0], "severity"),
                "rubric.grade_top",
                expected=_sev(rule.severity),
                found=_sev(rule.grades[0].severity),
            )
        for j in range(1, len(rule.grades)):
            before, found = rule.grades[j - 1].severity, rule.grades[j].severity
            if found.rank <= before.rank:
                yield at(
                    (*paths[j], "severity"), "rubric.grade_order", found=_sev(found), before=_sev(before)
                )
    grades = rule.levels
    tests = [[t for t in g.when.answer_tests() if t.question in rubric.by_id] for g in grades]
    for path, grade, grade_tests in zip(paths, grades, tests, strict=True):
        for test in grade_tests:
            question = rubric.by_id[test.question]
            best = list(SCALES[question.scale])[-1]
            if best in test.values:
                yield at(path, "rubric.best_answer_flagged", value=best, question=question.id)
            if (
                NoAnswer.vet_ikke.value in test.values
                and grade.severity.rank < Severity.low.rank
                and not rule.unknown_is_risk
            ):
                yield at(path, "rubric.unknown_too_severe", question=question.id, found=_sev(grade.severity))
    for j, (severe, severe_tests) in enumerate(zip(grades, tests, strict=True)):
        for mild, mild_tests, path in zip(grades[j + 1 :], tests[j + 1 :], paths[j + 1 :], strict=True):
            problem = _milder_more_severe(rubric, severe, severe_tests, mild, mild_tests)
            if problem is not None:
                yield at(path, "rubric.milder_more_severe", **problem)


def _milder_more_severe(
    rubric: Rubric, severe: Grade, severe_tests: list[AnswerTest], mild: Grade, mild_tests: list[AnswerTest]
) -> dict[str, object] | None:
    """The first answer that gives a more severe grade than a worse answer to the same question
    (and role) gives a milder one, as message parameters; None when there is none."""
    for s in severe_tests:
        scale = SCALES[rubric.by_id[s.question].scale]
        for m in mild_tests:
            if m.question != s.question or (RoleOrAny.any not in (s.role, m.role) and s.role != m.role):
                continue
            better = [v for v in s.values if v in scale]
            worse = [v for v in m.values if v in scale]
            if better and worse and max(scale[v] for v in better) > min(scale[v] for v in worse):
                milder = max(better, key=lambda v: scale[v])
                worst = min(worse, key=lambda v: scale[v])
                return {
                    "question": s.question,
                    "milder": milder,
                    "severe": _sev(severe.severity),
                    "worse": worst,
                    "mild": _sev(mild.severity),
                }
    return None


def _sev(severity: Severity) -> Msg:
    return Msg(f"severity.{severity}")
