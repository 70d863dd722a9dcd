"""Follow up a tiltaksplan (``samarbeid plan``) at the next assessment: a pure step between
scoring and rendering, like :mod:`samarbeid.score.compare` for a baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import msgspec

from samarbeid.answerfile.plan import Action
from samarbeid.result.assessment import Assessment
from samarbeid.result.history import ActionFollowUp
from samarbeid.vocab import ActionStatus, FollowUp


def follow_up(assessment: Assessment, actions: Sequence[Action], as_of: dt.date) -> Assessment:
    """``assessment`` with each of ``actions`` (their problems named by current id) followed
    up against its findings on ``as_of``: done; done while the problem is still a finding;
    overdue (the deadline is before ``as_of`` and the action is not done); under way; not
    started."""
    findings = {f.id: f for f in assessment.findings}
    items = []
    for action in actions:
        finding = findings.get(action.problem)
        items.append(
            ActionFollowUp(
                id=action.id,
                problem=action.problem,
                what=action.what,
                owner=action.owner,
                deadline=action.deadline,
                status=action.status,
                state=state(action, still_open=finding is not None, as_of=as_of),
                severity=finding.severity if finding is not None else None,
            )
        )
    return msgspec.structs.replace(assessment, follow_up=items)


def state(action: Action, *, still_open: bool, as_of: dt.date) -> FollowUp:
    """How ``action`` stands on ``as_of``, its problem still a finding or not."""
    if action.status is ActionStatus.gjort:
        return FollowUp.still_open if still_open else FollowUp.fixed
    if action.deadline is not None and action.deadline < as_of:
        return FollowUp.overdue
    return FollowUp.in_progress if action.status is ActionStatus.pagar else FollowUp.not_started
