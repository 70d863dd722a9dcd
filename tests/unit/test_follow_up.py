"""How an action of the tiltaksplan stands: done with its problem gone or still there; overdue
only once the deadline has passed (the deadline day itself is not late); a done action is never
overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from samarbeid.answerfile.plan import Action
from samarbeid.record import validated
from samarbeid.score.follow_up import state
from samarbeid.vocab import ActionStatus, FollowUp

DAY = dt.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("status", "deadline", "still_open", "expected"),
    [
        (ActionStatus.gjort, None, False, FollowUp.fixed),
        (ActionStatus.gjort, None, True, FollowUp.still_open),
        (ActionStatus.gjort, DAY - dt.timedelta(days=30), True, FollowUp.still_open),
        (ActionStatus.pagar, DAY - dt.timedelta(days=1), True, FollowUp.overdue),
        (ActionStatus.ikke_startet, DAY - dt.timedelta(days=1), False, FollowUp.overdue),
        (ActionStatus.pagar, DAY, True, FollowUp.in_progress),
        (ActionStatus.ikke_startet, DAY, True, FollowUp.not_started),
        (ActionStatus.ikke_startet, None, True, FollowUp.not_started),
    ],
)
def test_state(status: ActionStatus, deadline: dt.date | None, still_open: bool, expected: FollowUp) -> None:
    action = Action(id="a", problem="mangler-koordinator", status=status, deadline=deadline)
    assert state(action, still_open=still_open, as_of=DAY) is expected


@pytest.mark.parametrize(
    ("word", "status"), [("pågår", "pagar"), ("Ferdig", "gjort"), ("ikkje starta", "ikke_startet")]
)
def test_a_status_is_read_from_its_norwegian_words(word: str, status: str) -> None:
    assert validated(Action, {"id": "a", "problem": "b", "status": word}).status == status
