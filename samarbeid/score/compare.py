"""Compare an assessment with an earlier one of the same project (``--baseline``): a pure step
between scoring and rendering."""

from __future__ import annotations

import msgspec

from samarbeid.result.assessment import Assessment, Baseline, Finding, FindingChanges, FindingRef
from samarbeid.result.history import DimensionChange, DivergenceChange, SeverityChange
from samarbeid.vocab import Dimension, Movement


def compare(before: Assessment, after: Assessment) -> Assessment:
    """``after`` with its ``baseline`` section describing the change since ``before``."""
    dims = {}
    for d in Dimension:
        old, new = before.dimensions[d], after.dimensions[d]
        change = None if old.score is None or new.score is None else round(new.score - old.score, 1)
        dims[d] = DimensionChange(old.score, new.score, change, old.level, new.level)

    old_ids = {f.id: f for f in before.findings}
    new_ids = {f.id: f for f in after.findings}

    def refs(findings: dict[str, Finding], ids: list[str]) -> list[FindingRef]:
        return [FindingRef(i, findings[i].severity, findings[i].grade, findings[i].escalation) for i in ids]

    findings = FindingChanges(
        new=refs(new_ids, [i for i in new_ids if i not in old_ids]),
        resolved=refs(old_ids, [i for i in old_ids if i not in new_ids]),
        open=refs(new_ids, [i for i in new_ids if i in old_ids]),
        changed=[
            SeverityChange(i, old_ids[i].severity, f.severity, f.grade, f.escalation)
            for i, f in new_ids.items()
            if i in old_ids and old_ids[i].severity is not f.severity
        ],
    )

    gaps_before = {d.question: d for d in before.divergences}
    gaps_after = {d.question: d for d in after.divergences}
    divergences = []
    for q in [*gaps_after, *(q for q in gaps_before if q not in gaps_after)]:
        old_d, new_d = gaps_before.get(q), gaps_after.get(q)
        b = old_d.gap if old_d else None
        a = new_d.gap if new_d else None
        if b is None:
            movement = Movement.new
        elif a is None:
            movement = Movement.closed
        else:
            movement = Movement.widened if a > b else Movement.narrowed if a < b else Movement.unchanged
        dimension = (new_d or old_d).dimension  # type: ignore[union-attr]
        divergences.append(DivergenceChange(q, dimension, b, a, movement))

    baseline = Baseline(
        list(before.files),
        before.project.assessed,
        before.level,
        before.score,
        dims,
        findings,
        divergences,
        before.risk,
    )
    return msgspec.structs.replace(after, baseline=baseline)
