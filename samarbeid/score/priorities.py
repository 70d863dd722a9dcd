"""«Gjør dette først»: at most three problems to act on first, chosen by a fixed rule.

The rule (docs/design.md §7), applied to the findings that count (not accepted, or accepted
but expired; ``info`` never):

1. the most severe first;
2. then a problem both parties see (both roles' answers are in its evidence, or it is the
   parties' disagreement itself) before one that only one party reports;
3. then the weaker dimension first (the lower dimension score);
4. then the rubric's order.

Each finding is one problem, so a problem never takes two places; and one answer never
takes two places either: a problem whose evidence shares a question with an already chosen
problem's evidence is passed over (an escalation may rest on another problem's answer, and
a divergence in one problem may concern a question another problem grades).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from samarbeid.result.assessment import DimensionResult, Finding, Priority
from samarbeid.result.evidence import AnswerEvidence, DivergenceEvidence
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Dimension, Role, Severity

MAX_PRIORITIES = 3


def seen_by_both(finding: Finding) -> bool:
    """Whether both parties see the problem: answers from both roles, or a divergence."""
    roles: set[Role] = set()
    for e in finding.evidence:
        if type(e) is AnswerEvidence:
            roles.add(e.role)
        elif type(e) is DivergenceEvidence:
            return True
    return len(roles) == len(Role)


def _questions(finding: Finding) -> set[str]:
    """The questions whose answers (or whose divergence) are evidence for ``finding``."""
    return {e.question for e in finding.evidence if isinstance(e, AnswerEvidence | DivergenceEvidence)}


def choose(
    rubric: Rubric, findings: Sequence[Finding], dimensions: Mapping[Dimension, DimensionResult]
) -> list[Priority]:
    """The priorities among ``findings``, most pressing first."""
    order = rubric.problem_order

    def key(f: Finding) -> tuple[int, bool, float, int]:
        score = dimensions[f.dimension].score
        return (f.severity.rank, not seen_by_both(f), 101.0 if score is None else score, order[f.id])

    candidates = sorted((f for f in findings if f.gating and f.severity is not Severity.info), key=key)
    chosen: list[Priority] = []
    taken: set[str] = set()
    for f in candidates:
        questions = _questions(f)
        if questions & taken:
            continue
        taken |= questions
        problem = rubric.problems_by_id[f.id]
        chosen.append(Priority(f.id, f.severity, f.dimension, list(problem.actors), f.grade, f.escalation))
        if len(chosen) == MAX_PRIORITIES:
            break
    return chosen
