"""«Gjør dette først»: at most three findings to act on first, chosen by a fixed rule.

The rule (docs/design.md §7), applied to the findings that count (not accepted, or accepted
but expired; ``info`` never):

1. the most severe first;
2. then a problem both parties see (both roles' answers are in its evidence, or it is the
   parties' disagreement itself) before one that only one party reports;
3. then the weaker dimension first (the lower dimension score);
4. then the rubric's order.

Never two priorities on the same topic: a finding whose rule looks at a question that an
already chosen rule looks at is passed over (so the funding escalation and the funding gap
it escalates give one priority, not two).
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
    roles = {e.role for e in finding.evidence if isinstance(e, AnswerEvidence)}
    return len(roles) == len(Role) or any(isinstance(e, DivergenceEvidence) for e in finding.evidence)


def choose(
    rubric: Rubric, findings: Sequence[Finding], dimensions: Mapping[Dimension, DimensionResult]
) -> list[Priority]:
    """The priorities among ``findings``, most pressing first."""
    order = {r.id: i for i, r in enumerate(rubric.rules)}

    def key(f: Finding) -> tuple[int, bool, float, int]:
        score = dimensions[f.dimension].score
        return (f.severity.rank, not seen_by_both(f), 101.0 if score is None else score, order[f.id])

    candidates = sorted((f for f in findings if f.gating and f.severity is not Severity.info), key=key)
    chosen: list[Priority] = []
    topics: set[str] = set()
    for f in candidates:
        rule = rubric.rules_by_id[f.id]
        if rule.questions & topics:
            continue
        topics |= rule.questions
        chosen.append(Priority(f.id, f.severity, f.dimension, list(rule.actors)))
        if len(chosen) == MAX_PRIORITIES:
            break
    return chosen
