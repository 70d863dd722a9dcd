"""Compare an assessment with an earlier one of the same project (``--baseline``): a pure step
between scoring and rendering."""

from __future__ import annotations

from samarbeid.assessment import Assessment, Baseline
from samarbeid.rubric.model import DIMENSIONS


def compare(before: Assessment, after: Assessment) -> Assessment:
    """``after`` with its ``baseline`` section describing the change since ``before``."""
    dims = {}
    for d in DIMENSIONS:
        old, new = getattr(before.dimensions, d), getattr(after.dimensions, d)
        change = None if old.score is None or new.score is None else round(new.score - old.score, 1)
        dims[d] = {"before": old.score, "after": new.score, "change": change,
                   "level_before": old.level, "level_after": new.level}

    old_ids = {f.id: f for f in before.findings}
    new_ids = {f.id: f for f in after.findings}

    def refs(findings: dict, ids: list[str]) -> list[dict[str, str]]:  # type: ignore[type-arg]
        return [{"id": i, "severity": findings[i].severity, "title": findings[i].title} for i in ids]

    findings = {
        "new": refs(new_ids, [i for i in new_ids if i not in old_ids]),
        "resolved": refs(old_ids, [i for i in old_ids if i not in new_ids]),
        "open": refs(new_ids, [i for i in new_ids if i in old_ids]),
    }

    gaps_before = {d.question: d for d in before.divergences}
    gaps_after = {d.question: d for d in after.divergences}
    order = [*gaps_after, *(q for q in gaps_before if q not in gaps_after)]
    divergences = []
    for q in order:
        old_d, new_d = gaps_before.get(q), gaps_after.get(q)
        b = old_d.gap if old_d else None
        a = new_d.gap if new_d else None
        if b is None:
            change = "new"
        elif a is None:
            change = "closed"
        else:
            change = "widened" if a > b else "narrowed" if a < b else "unchanged"
        dimension = (new_d or old_d).dimension  # type: ignore[union-attr]
        divergences.append({"question": q, "dimension": dimension, "before": b, "after": a,
                            "change": change})

    baseline = Baseline.model_validate({
        "files": before.files, "assessed": before.project.assessed, "level": before.level,
        "score": before.score, "dimensions": dims, "findings": findings, "divergences": divergences,
    })
    return after.model_copy(update={"baseline": baseline})
