"""Who answers in an ``assess`` session: finding a respondent's block in an answer file by
role, unit and name, and the session's view of each respondent (:class:`Party`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from samarbeid.answerfile import Identity, identity, respondent_label
from samarbeid.answerwriter import Block
from samarbeid.errors import UsageError
from samarbeid.load.answers import LoadedFile
from samarbeid.vocab import Role, Status, Value


class AmbiguousRespondent(Exception):
    """Several respondent blocks fit the role (and the unit/name given)."""

    def __init__(self, indices: list[int]) -> None:
        super().__init__(indices)
        self.indices = indices


def find_respondent(entries: Sequence[Identity], role: str, unit: str | None, name: str | None) -> int | None:
    """Which of ``entries`` (the identities of a file's respondents) is the respondent; None
    when it is new. An imported respondent (one with a source) is never a terminal session's.

    The same identity (role, unit, name; case and surrounding spaces ignored) wins. Else the
    entries of ``role`` are narrowed by the unit and name given; one left is the respondent,
    none means a new one, several raise :class:`AmbiguousRespondent`.
    """
    wanted = identity(role, unit, name)
    if wanted in entries:
        return entries.index(wanted)
    fits = [
        i
        for i, e in enumerate(entries)
        if not e.source
        and e.role == wanted.role
        and (unit is None or e.unit == wanted.unit)
        and (name is None or e.name == wanted.name)
    ]
    if len(fits) > 1:
        raise AmbiguousRespondent(fits)
    return fits[0] if fits else None


@dataclass
class Party:
    """One respondent taking part in this session."""

    role: Role
    unit: str | None
    name: str | None
    status: Status | None  # as found in the file; None for a new respondent
    answers: dict[str, Value] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)

    @property
    def identity(self) -> Identity:
        """Who this respondent is (a session's respondent is never an imported one)."""
        return identity(self.role, self.unit, self.name)

    def block(self, answers: dict[str, Value], comments: dict[str, str]) -> Block:
        """This respondent as the answer-file writer takes it, with the session's answers."""
        return Block(self.role, self.unit, self.name, self.status or Status.in_progress, answers, comments)


def find_parties(
    loaded: LoadedFile | None,
    roles: Sequence[Role],
    unit: str | None,
    name: str | None,
    file: Path,
    *,
    resume: bool = False,
) -> list[Party]:
    """The respondents of this session: found in the file by role (and unit/name when
    given), or new; with ``resume`` one that is not found is refused (``assess.not_in_file``,
    naming the respondents the file has for the role) instead of being added anew."""
    entries = [e.identity for e in loaded.model.respondents] if loaded else []
    parties = []
    for role in roles:
        try:
            index = find_respondent(entries, str(role), unit, name)
        except AmbiguousRespondent as exc:
            assert loaded is not None
            who = "; ".join(loaded.responses[i].label() for i in exc.indices)
            raise UsageError("assess.ambiguous", file=str(file), role=str(role), who=who) from None
        if (index is None or loaded is None) and resume:
            there = [
                r.label() for r in (loaded.responses if loaded else ()) if r.role == role and not r.source
            ]
            named = respondent_label(unit, name)
            raise UsageError(
                "assess.not_in_file",
                file=str(file),
                who=f"{role} ({named})" if named else str(role),
                there="; ".join(there) or "–",
            )
        if index is None or loaded is None:
            parties.append(Party(Role(role), unit, name, None))
        else:
            entry, response = loaded.model.respondents[index], loaded.responses[index]
            status = Status(entry.status) if entry.status is not None else None
            parties.append(
                Party(
                    Role(role),
                    entry.unit,
                    entry.name,
                    status,
                    dict(response.answers),
                    dict(response.comments),
                )
            )
    return parties
