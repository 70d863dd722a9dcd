"""The answer-file format (docs/design.md §3) as records (:mod:`samarbeid.record`): what a
valid file is read into without pydantic (:mod:`samarbeid.answerfile.check`), and what pydantic
validates an invalid one by and describes as its JSON Schema. It declares once what the rest of
samarbeid means by a respondent's identity (:class:`Identity`, made by :func:`identity`);
writing the file is :mod:`samarbeid.answerwriter`'s. (An answer's value is
:data:`samarbeid.vocab.Value`.)"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, NamedTuple, get_args

import msgspec

from samarbeid.domain import LAX, RoleId, Slug, read_date
from samarbeid.record import Record, rule
from samarbeid.vocab import ANSWER_VALUES, Role, Vocab
from samarbeid.vocab import Phase as PhaseId
from samarbeid.vocab import Status as StatusId


def read_date_text(value: Any) -> Any:
    """A date written as text is a date too: quoted ISO (``'2024-03-01'``, as JSON and many
    tools write dates) or Norwegian (``01.03.2024``, which YAML reads as text), as ``--as-of``
    reads it (:func:`samarbeid.domain.read_date`); anything else is left for the strict check,
    which names what it found."""
    if isinstance(value, str):
        found = read_date(value)
        return value if found is None else found
    return value


def read_word(vocab: type[Vocab], value: Any) -> Any:
    """A word of ``vocab`` (its id, or one of its aliases in :data:`samarbeid.vocab.ALIASES`:
    ``ferdig``, ``entreprenør``, ``drift``) as the id; any other value is left for the strict
    check, which names what it found."""
    member = vocab.parse(value) if isinstance(value, str) else None
    return value if member is None else member.value


def _word(vocab: type[Vocab]) -> Any:
    """A vocabulary word in an answer file: read by :func:`read_word`; its JSON Schema is the
    ids and aliases (also with a space for ``_``), so that an editor checking the file accepts
    what samarbeid reads."""

    def make() -> list[Any]:
        from pydantic import BeforeValidator, WithJsonSchema

        words = dict.fromkeys([*vocab.words(), *(w.replace("_", " ") for w in vocab.words())])
        return [
            BeforeValidator(lambda value: read_word(vocab, value)),
            WithJsonSchema({"type": "string", "enum": list(words)}),
        ]

    return rule(make)


def described(text: str, **constraints: Any) -> Any:
    """A field's description in the JSON Schema (and its ``constraints``, as pydantic's ``Field``)."""

    def make() -> list[Any]:
        from pydantic import Field

        return [Field(description=text, **constraints)]

    return rule(make)


def _at_least_one() -> list[Any]:
    from pydantic import Field

    return [Field(min_length=1)]


def _date(description: str | None = None) -> Any:
    """A date as :func:`read_date_text` reads it; its JSON Schema names both forms (with
    ``description``: a field's own description, which the schema would otherwise replace)."""

    def make() -> list[Any]:
        from pydantic import BeforeValidator, WithJsonSchema

        schema: dict[str, Any] = {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{1,2}\.\d{1,2}\.\d{4}$"},
            ]
        }
        if description is not None:
            schema["description"] = description
        return [BeforeValidator(read_date_text), WithJsonSchema(schema)]

    return rule(make)


def _none_is_empty(schema: dict[str, Any]) -> Any:
    """``answers:`` or ``comments:`` left empty (null) is an empty mapping."""

    def make() -> list[Any]:
        from pydantic import BeforeValidator, WithJsonSchema

        return [BeforeValidator(lambda value: {} if value is None else value), WithJsonSchema(schema)]

    return rule(make)


#: A date, written plain (``2024-03-01``), quoted (``'2024-03-01'``) or Norwegian (``01.03.2024``).
Date = Annotated[dt.date, _date()]

#: The format line every answer file starts with: ``samarbeid: 1``.
FormatVersion = Literal[1]
FORMAT_VERSION: int = get_args(FormatVersion)[0]
#: A phase or a status: its id or an alias (``drift``, ``ferdig``). Lax, so that the id as YAML
#: gives it (a string) becomes the member; the alias reader leaves any other value to the
#: enum's own check, which names what it found.
Phase = Annotated[PhaseId, LAX, _word(PhaseId)]
Status = Annotated[StatusId, LAX, _word(StatusId)]
#: A role, by its id or an alias (``entreprenør``, ``kommunen``).
AnswerRole = Annotated[RoleId, _word(Role)]
#: Text that is not empty.
Filled = Annotated[str, rule(_at_least_one)]

_ANSWER_VALUE_SCHEMA = {
    "anyOf": [
        {
            "type": "integer",
            "minimum": min(v for v in ANSWER_VALUES if isinstance(v, int)),
            "maximum": max(v for v in ANSWER_VALUES if isinstance(v, int)),
        },
        {"enum": [v for v in ANSWER_VALUES if isinstance(v, str)]},
        {"type": "null"},
    ]
}


class Identity(NamedTuple):
    """Who a respondent is within a project (docs/design.md §3): the role, the unit and the
    name (without case or surrounding spaces), and the source of an imported respondent, since
    many anonymous submissions share a unit (empty for a respondent typed in or answered in
    ``assess``). The same identity twice in a project is an error; ``assess`` finds, claims and
    rewrites a respondent's block by it."""

    role: str
    unit: str
    name: str
    source: str


def identity(role: str, unit: str | None, name: str | None, source: str | None = None) -> Identity:
    """The identity of the respondent with these fields."""
    return Identity(str(role), _fold(unit), _fold(name), source or "")


def _fold(text: str | None) -> str:
    return (text or "").strip().casefold()


def respondent_label(unit: str | None, name: str | None) -> str | None:
    """Unit and name as a report names a respondent: ``Innvandrertjenesten, Kari Nordmann``
    (None when neither is given)."""
    return ", ".join(x for x in (unit, name) if x) or None


class ProjectInfo(Record, frozen=True):
    """Which collaboration the answers are about."""

    id: Annotated[Slug, described("Stable slug; the key for merging and comparing files.")]
    name: str | None = None
    kommune: str | None = None
    entreprenor: str | None = None
    phase: Phase | None = None
    assessed: Date | None = None


class RespondentEntry(Record, frozen=True):
    """One respondent: a role, optionally a unit and a name, and the answers given."""

    role: AnswerRole
    unit: str | None = None
    name: str | None = None
    source: Annotated[
        str | None,
        described(
            "Where an imported respondent came from (`nettskjema:31000`): set by `samarbeid import`, "
            "which never adds the same submission twice."
        ),
    ] = None
    status: Annotated[Status | None, described("Set by `samarbeid assess`; empty means unknown.")] = None
    answers: Annotated[
        dict[str, Any],
        _none_is_empty(
            {"anyOf": [{"type": "object", "additionalProperties": _ANSWER_VALUE_SCHEMA}, {"type": "null"}]}
        ),
    ] = msgspec.field(default_factory=dict)
    comments: Annotated[
        dict[str, str | None],
        _none_is_empty(
            {
                "anyOf": [
                    {
                        "type": "object",
                        "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    },
                    {"type": "null"},
                ]
            }
        ),
    ] = msgspec.field(default_factory=dict)

    @property
    def identity(self) -> Identity:
        """Who this respondent is (:func:`identity`)."""
        return identity(self.role, self.unit, self.name, self.source)


class AcceptedRisk(Record, frozen=True):
    """A finding the parties have consciously accepted, until a date."""

    rule: Annotated[Slug, described("The rule id of the accepted finding.")]
    reason: Filled
    by: Annotated[str, described("Who accepted it.", min_length=1)]
    until: Annotated[dt.date, _date("The acceptance expires after this date.")]


class AnswerFile(Record, frozen=True):
    """A whole answer file, as written by hand, by ``init`` or by ``assess``."""

    samarbeid: Annotated[FormatVersion, described("File format version.")]
    project: ProjectInfo
    status: Status = StatusId.in_progress
    respondents: list[RespondentEntry] = msgspec.field(default_factory=list)
    accepted: list[AcceptedRisk] = msgspec.field(default_factory=list)
