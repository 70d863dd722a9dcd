"""Read a plan file (``tiltaksplan.yaml``) with the same strict, positioned errors as an answer
file (:func:`samarbeid.load.discover.plan_beside` finds the plan next to the answer files)."""

from __future__ import annotations

from pathlib import Path

import msgspec
from msgspec.structs import replace

from samarbeid.answerfile.plan import PLAN_VERSION, Action, PlanFile
from samarbeid.errors import InputError, Problem, SourceRef
from samarbeid.parse.validation import capped, describe, field_names, problems_from, unknown_id
from samarbeid.parse.yamlread import Document, read_file
from samarbeid.record import validated
from samarbeid.rubric.model import Rubric


class LoadedPlan(msgspec.Struct, frozen=True):
    """A valid plan file: its name, its project, and its actions with each problem named by
    its current id (an alias of a merged problem is read as the problem)."""

    file: str
    project: str
    actions: list[Action]
    #: where the project id stands in the file
    project_at: SourceRef

    def check_project(self, project: str) -> None:
        """A plan of another project than the answer files' is an input error."""
        if self.project != project:
            raise InputError(
                [Problem(self.project_at, "plan.other_project", {"found": self.project, "expected": project})]
            )


def read_plan(path: Path, rubric: Rubric) -> LoadedPlan:
    """Read, parse and validate the plan at ``path`` against the file format and ``rubric``:
    every problem is an :class:`InputError` (file:line:col, exit 2)."""
    return validate_plan(read_file(path), rubric)


def validate_plan(doc: Document, rubric: Rubric) -> LoadedPlan:
    """Check a parsed plan document: the format, the problem ids, ids given once."""
    from pydantic import ValidationError

    data = doc.data
    if isinstance(data, dict) and "tiltaksplan" in data and data["tiltaksplan"] != PLAN_VERSION:
        found = describe(data["tiltaksplan"])
        raise InputError([Problem(doc.ref(("tiltaksplan",)), "plan.version", {"found": found})])
    try:
        plan = validated(PlanFile, data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, field_names(PlanFile))) from None
    problems: list[Problem] = []
    known = rubric.problems_by_id  # problem ids and their aliases
    seen: set[str] = set()
    actions = []
    for i, action in enumerate(plan.actions):
        if action.id in seen:
            problems.append(Problem(doc.ref(("actions", i, "id")), "plan.duplicate_id", {"id": action.id}))
        seen.add(action.id)
        problem = known.get(action.problem)
        if problem is None:
            where = doc.ref(("actions", i, "problem"))
            params = {"problem": action.problem}
            problems.append(unknown_id(where, "plan.unknown_problem", params, action.problem, known))
            continue
        actions.append(replace(action, problem=problem.id))
    if problems:
        raise InputError(capped(problems))
    return LoadedPlan(doc.file, plan.project, actions, doc.ref(("project",)))
