"""What a rendered result may show of the people who answered (docs/personvern.md).

The scored result is complete: every answer keeps its respondent's unit, name and comment.
What leaves the room is decided here, once, for every renderer: by default an answer is the
party's («Kommunen svarte «nei»»), and the unit's only where at least :data:`MIN_UNIT` of
the project's respondents from that unit have answered (a smaller unit would name its people); names
appear only with ``--names``, free-text comments (answer comments and the reasons given for
«ikke relevant») only with ``--comments``. The terminal is the working report and shows the
comments (:func:`samarbeid.render.render_report`). A hidden field is None, so the JSON keeps
its shape.
"""

from __future__ import annotations

from typing import Any

import msgspec

from samarbeid.answerfile import identity, respondent_label
from samarbeid.result.assessment import Assessment, Finding, NotApplicable, RespondentSummary, Unanswered
from samarbeid.result.evidence import AnswerEvidence
from samarbeid.vocab import Role

#: a unit is named only where at least this many of the project's respondents belong to it
MIN_UNIT = 3


class Disclosure(msgspec.Struct, frozen=True):
    """What a rendering shows: names (and every unit as answered), free-text comments (a
    frozen ``msgspec.Struct``, like the result it applies to)."""

    names: bool = False
    comments: bool = False

    def apply(self, a: Assessment) -> Assessment:
        """``a`` as it may be shown: the same result, with what is hidden set to None."""
        if self.names and self.comments:
            return a
        shown = _Shown(self, a.respondents)
        if shown.hides_nothing(a):
            return a
        return msgspec.structs.replace(
            a,
            findings=[shown.finding(f) for f in a.findings],
            respondents=[shown.respondent(r) for r in a.respondents],
            unanswered=shown.unanswered(a.unanswered),
            not_applicable=[shown.not_applicable(n) for n in a.not_applicable],
        )


#: the default wherever a result leaves the room: no names, small units merged, no comments
ANONYMOUS = Disclosure()

#: what :attr:`_Shown.answers` gives for an answer not yet worked out (None means «all of it»)
_UNSEEN: Any = object()


class _Shown:
    """The rule of a :class:`Disclosure` for one project's respondents."""

    def __init__(self, disclosure: Disclosure, respondents: list[RespondentSummary]) -> None:
        self.names = disclosure.names
        self.comments = disclosure.comments
        # a block without a single answer is nobody to hide among
        answering = [r for r in respondents if r.answered or r.vet_ikke or r.ikke_relevant]
        #: what may be shown of each respondent, by (role, unit, name) as answered
        self.people: dict[tuple[Role, str | None, str | None], tuple[str | None, str | None]] = {}
        #: how many answering respondents each unit has (a plain count: a Counter costs more)
        self.sizes: dict[tuple[Role, str], int] = {}
        for r in answering:
            if r.unit:
                key = self._key(r.role, r.unit)
                self.sizes[key] = self.sizes.get(key, 0) + 1
        # the label a report gives each respondent («Oppvekst, Kari») → what may be shown of
        # it; a label two respondents share with different outcomes shows only the party
        found: dict[tuple[Role, str | None], set[str | None]] = {}
        for r in respondents:
            label = respondent_label(r.unit, r.name)
            found.setdefault((r.role, label), set()).add(
                respondent_label(*self.person(r.role, r.unit, r.name))
            )
        self.labels = {key: next(iter(v)) if len(v) == 1 else None for key, v in found.items()}
        #: what may be shown of an answer, by :meth:`answer` (a project's answers share a few keys)
        self.answers: dict[tuple[Role, str | None, str | None, str | None], tuple[Any, ...] | None] = {}

    def hides_nothing(self, a: Assessment) -> bool:
        """Whether ``a`` is shown as it is: every respondent as answered (no name, no unit too
        small to show), and no comment to hide."""
        if any(self.person(r.role, r.unit, r.name) != (r.unit, r.name) for r in a.respondents):
            return False
        return self.comments or not (
            any(n.reason is not None for n in a.not_applicable)
            or any(
                type(ev) is AnswerEvidence and ev.comment is not None for f in a.findings for ev in f.evidence
            )
        )

    @staticmethod
    def _key(role: Role, unit: str | None) -> tuple[Role, str]:
        return role, identity(role, unit, None).unit

    def person(self, role: Role, unit: str | None, name: str | None) -> tuple[str | None, str | None]:
        """The unit and name that may be shown of a respondent."""
        if self.names:
            return unit, name
        shown = self.people.get((role, unit, name))
        if shown is None:
            large = unit is not None and self.sizes.get(self._key(role, unit), 0) >= MIN_UNIT
            shown = self.people[role, unit, name] = ((unit if large else None), None)
        return shown

    # A batch shows thousands of projects: each part is made with its constructor (cheaper
    # than msgspec.structs.replace), and a part with nothing to hide is kept as it is.

    def label(self, role: Role, label: str | None) -> str | None:
        """What may be shown of the respondent a report calls ``label``."""
        return label if self.names else self.labels.get((role, label))

    def comment(self, text: str | None) -> str | None:
        return text if self.comments else None

    def finding(self, f: Finding) -> Finding:
        answers, changed, evidence = self.answers, False, []
        for ev in f.evidence:
            if type(ev) is AnswerEvidence:
                key = (ev.role, ev.unit, ev.name, ev.comment)
                shown = answers.get(key, _UNSEEN)
                if shown is _UNSEEN:
                    shown = self.answer(key)
                if shown is not None:
                    unit, name, comment = shown
                    ev = AnswerEvidence(
                        ev.question, ev.role, unit, name, ev.value, comment, ev.file, ev.line, ev.column
                    )
                    changed = True
            evidence.append(ev)
        if not changed:
            return f
        return Finding(f.id, f.severity, f.dimension, evidence, f.accepted, f.grade, f.escalation)

    def answer(self, key: tuple[Role, str | None, str | None, str | None]) -> tuple[Any, ...] | None:
        """What may be shown of an answer's (role, unit, name, comment): the shown unit, name
        and comment, or None when that is all of it (worked out once per key)."""
        role, unit, name, comment = key
        shown = (*self.person(role, unit, name), self.comment(comment))
        self.answers[key] = found = None if shown == key[1:] else shown
        return found

    def unanswered(self, entries: list[Unanswered]) -> list[Unanswered]:
        """The questions left open as shown: an entry whose respondent keeps its label is kept
        as it is (a project leaves some thirty open, so the rule is applied inline)."""
        if self.names:
            return list(entries)
        labels, shown = self.labels, []
        for u in entries:
            label = labels.get((u.role, u.respondent))
            shown.append(
                u if label == u.respondent else Unanswered(u.question, u.dimension, u.role, label, u.reason)
            )
        return shown

    def respondent(self, r: RespondentSummary) -> RespondentSummary:
        unit, name = self.person(r.role, r.unit, r.name)
        if (unit, name) == (r.unit, r.name):
            return r
        return RespondentSummary(
            r.role,
            unit,
            name,
            r.file,
            r.line,
            r.questions,
            r.answered,
            r.vet_ikke,
            r.ikke_relevant,
            r.unanswered,
        )

    def not_applicable(self, n: NotApplicable) -> NotApplicable:
        label, reason = self.label(n.role, n.respondent), self.comment(n.reason)
        if (label, reason) == (n.respondent, n.reason):
            return n
        return NotApplicable(n.question, n.dimension, n.role, label, reason)
