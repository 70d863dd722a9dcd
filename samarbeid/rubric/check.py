"""Cross-reference checks a schema cannot express: ids, references, values, translations."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from samarbeid.errors import Problem as InputProblem
from samarbeid.message import Msg
from samarbeid.parse.yamlread import Document, Path_
from samarbeid.rubric.conditions import AnswerTest, CheckContext
from samarbeid.rubric.model import Escalation, Grade, Problem, Rubric
from samarbeid.vocab import FIXED_PROBLEMS, SCALES, Dimension, NoAnswer, Role, RoleOrAny, Severity


def check(rubric: Rubric, doc: Document, *, require_fixed: bool) -> list[InputProblem]:
    """Every inconsistency in ``rubric``, positioned in ``doc``, in file order."""
    problems = list(_check(rubric, doc, require_fixed))
    return sorted(problems, key=lambda p: (p.where.line, p.where.column))


#: control characters (a line break and a tab are text), which no form, report or workbook can
#: carry: YAML lets a quoted string write them as escapes (``"\\x01"``)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _control_characters(data: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every string of ``data`` holding a control character, with the first one."""
    if isinstance(data, str):
        found = _CONTROL.search(data)
        if found:
            yield path, found.group()
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _control_characters(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _control_characters(value, (*path, index))


def _check(rubric: Rubric, doc: Document, require_fixed: bool) -> Iterator[InputProblem]:
    def at(path: Path_, code: str, **params: object) -> InputProblem:
        return InputProblem(doc.ref(path), code, dict(params))

    if set(rubric.dimensions) != set(Dimension):
        yield at(("dimensions",), "rubric.dimensions")
    for path, char in _control_characters(doc.data, ()):
        yield at(path, "rubric.control_character", character=f"U+{ord(char):04X}")

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

    ids: set[str] = set(seen)
    owner: dict[str, str] = {}  # question → the problem whose grades test it
    key = rubric.problems_key
    for i, problem in enumerate(rubric.problems):
        base = (key, i)
        for path, pid in [
            ((*base, "id"), problem.id),
            *(((*base, "aliases", j), a) for j, a in enumerate(problem.aliases)),
        ]:
            if pid in ids:
                yield at(path, "rubric.duplicate_id", id=pid)
            ids.add(pid)
        fixed = FIXED_PROBLEMS.get(problem.id)
        if fixed is not None and problem.severity != fixed:
            yield at(
                (*base, "severity"),
                "rubric.fixed_severity",
                id=problem.id,
                expected=fixed,
                found=problem.severity,
            )
        for j, source in enumerate(problem.sources):
            if source not in rubric.sources:
                yield at((*base, "sources", j), "rubric.unknown_source", source=source)
        yield from _check_grades(rubric, problem, base, at)
        for question in sorted(problem.questions):
            other = owner.setdefault(question, problem.id)
            if other != problem.id:
                yield at(base, "rubric.question_two_problems", question=question, other=other)
        for j, escalation in enumerate(problem.escalations):
            path = (*base, "escalations", j)
            if escalation.id in ids:
                yield at((*path, "id"), "rubric.duplicate_id", id=escalation.id)
            ids.add(escalation.id)
            yield from _check_escalation(rubric, problem, escalation, path, at)

    if require_fixed:
        for pid in FIXED_PROBLEMS:
            if all(p.id != pid for p in rubric.problems):
                yield at((key,), "rubric.fixed_missing", id=pid)


def _check_escalation(
    rubric: Rubric, problem: Problem, escalation: Escalation, path: Path_, at: Callable[..., InputProblem]
) -> Iterator[InputProblem]:
    """An escalation's conditions and sources, and that it can raise its problem's finding."""
    ctx = CheckContext(rubric.by_id, at)
    yield from escalation.when.check(ctx, (*path, "when"))
    if escalation.unless is not None:
        yield from escalation.unless.check(ctx, (*path, "unless"))
    for j, source in enumerate(escalation.sources):
        if source not in rubric.sources:
            yield at((*path, "sources", j), "rubric.unknown_source", source=source)
    mildest = problem.levels[-1].severity
    if escalation.severity.rank >= mildest.rank:
        yield at(
            (*path, "severity"),
            "rubric.escalation_not_higher",
            found=_sev(escalation.severity),
            mildest=_sev(mildest),
        )


def _check_grades(
    rubric: Rubric, problem: Problem, base: Path_, at: Callable[..., InputProblem]
) -> Iterator[InputProblem]:
    """A problem's condition(s), and that its grades follow the answers: most severe first, the
    best answer never flagged, a milder answer never more severe, «vet ikke» at most low, and
    no phase (a phase alone never gives a finding; it may only escalate one)."""
    ctx = CheckContext(rubric.by_id, at)
    if (problem.when is None) == (problem.grades is None):
        yield at(base, "rubric.when_or_grades")
        return
    if problem.grades is None:
        assert problem.when is not None
        yield from problem.when.check(ctx, (*base, "when"))
        paths: list[Path_] = [(*base, "when")]
    else:
        paths = [(*base, "grades", j) for j in range(len(problem.grades))]
        for path, grade in zip(paths, problem.grades, strict=True):
            yield from grade.when.check(ctx, (*path, "when"))
        for j in range(1, len(problem.grades)):
            before, found = problem.grades[j - 1].severity, problem.grades[j].severity
            if found.rank < before.rank:
                yield at(
                    (*paths[j], "severity"), "rubric.grade_order", found=_sev(found), before=_sev(before)
                )
    grades = problem.levels
    top = min([grades[0].severity, *(e.severity for e in problem.escalations)], key=lambda s: s.rank)
    if top is not problem.severity:
        yield at((*base, "severity"), "rubric.grade_top", expected=_sev(problem.severity), found=_sev(top))
    for path, grade in zip(paths, grades, strict=True):
        if grade.when.mentions_phase():
            yield at(path, "rubric.phase_in_grade")
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
                and not problem.unknown_is_risk
            ):
                yield at(path, "rubric.unknown_too_severe", question=question.id, found=_sev(grade.severity))
    for j, (severe, severe_tests) in enumerate(zip(grades, tests, strict=True)):
        for mild, mild_tests, path in zip(grades[j + 1 :], tests[j + 1 :], paths[j + 1 :], strict=True):
            clash = _milder_more_severe(rubric, severe, severe_tests, mild, mild_tests)
            if clash is not None:
                yield at(path, "rubric.milder_more_severe", **clash)


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
