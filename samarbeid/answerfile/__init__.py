"""The answer-file format (docs/design.md §3) as pydantic models; also the source of its JSON
Schema. It declares once what the rest of samarbeid means by a respondent's identity
(:class:`Identity`, made by :func:`identity`); writing the file is
:mod:`samarbeid.answerwriter`'s. (An answer's value is :data:`samarbeid.vocab.Value`.)"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, NamedTuple, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

from samarbeid.domain import RoleId, Slug, read_date
from samarbeid.vocab import ANSWER_VALUES, Role, Vocab
from samarbeid.vocab import Phase as PhaseId
from samarbeid.vocab import Status as StatusId


def _date(value: Any) -> Any:
    """A date written as text is a date too: quoted ISO (``'2024-03-01'``, as JSON and many
    tools write dates) or Norwegian (``01.03.2024``, which YAML reads as text), as ``--as-of``
    reads it (:func:`samarbeid.domain.read_date`); anything else is left for the strict check,
    which names what it found."""
    if isinstance(value, str):
        found = read_date(value)
        return value if found is None else found
    return value


def _alias(vocab: type[Vocab]) -> Any:
    """A before-validator that reads a word of ``vocab`` (its id, or one of its aliases in
    :data:`samarbeid.vocab.ALIASES`: ``ferdig``, ``entreprenør``, ``drift``) as the id; any
    other value is left for the strict check, which names what it found."""

    def read(value: Any) -> Any:
        member = vocab.parse(value) if isinstance(value, str) else None
        return value if member is None else member.value

    return BeforeValidator(read)


def _words(vocab: type[Vocab]) -> Any:
    """The JSON Schema of a vocabulary word in an answer file: its ids and aliases (also with
    a space for ``_``), so that an editor checking the file accepts what samarbeid reads."""
    words = dict.fromkeys([*vocab.words(), *(w.replace("_", " ") for w in vocab.words())])
    return WithJsonSchema({"type": "string", "enum": list(words)})


def _none_is_empty(value: Any) -> Any:
    """``answers:`` or ``comments:`` left empty (null) is an empty mapping."""
    return {} if value is None else value


#: A date, written plain (``2024-03-01``), quoted (``'2024-03-01'``) or Norwegian (``01.03.2024``).
Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{1,2}\.\d{1,2}\.\d{4}$"},
            ]
        }
    ),
]

#: The format line every answer file starts with: ``samarbeid: 1``.
FormatVersion = Literal[1]
FORMAT_VERSION: int = get_args(FormatVersion)[0]
#: A phase or a status: its id or an alias (``drift``, ``ferdig``). Lax, so that the id as YAML
#: gives it (a string) becomes the member; the alias reader leaves any other value to the
#: enum's own check, which names what it found.
Phase = Annotated[PhaseId, Strict(False), _alias(PhaseId), _words(PhaseId)]
Status = Annotated[StatusId, Strict(False), _alias(StatusId), _words(StatusId)]
#: A role, by its id or an alias (``entreprenør``, ``kommunen``).
AnswerRole = Annotated[RoleId, _alias(Role), _words(Role)]

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ProjectInfo(_Strict):
    """Which collaboration the answers are about."""

    id: Slug = Field(description="Stable slug; the key for merging and comparing files.")
    name: str | None = None
    kommune: str | None = None
    entreprenor: str | None = None
    phase: Phase | None = None
    assessed: Date | None = None


class RespondentEntry(_Strict):
    """One respondent: a role, optionally a unit and a name, and the answers given."""

    role: AnswerRole
    unit: str | None = None
    name: str | None = None
    source: str | None = Field(
        default=None,
        description=(
            "Where an imported respondent came from (`nettskjema:31000`): set by `samarbeid import`, "
            "which never adds the same submission twice."
        ),
    )
    status: Status | None = Field(default=None, description="Set by `samarbeid assess`; empty means unknown.")
    answers: Annotated[
        dict[str, Any],
        BeforeValidator(_none_is_empty),
        WithJsonSchema(
            {"anyOf": [{"type": "object", "additionalProperties": _ANSWER_VALUE_SCHEMA}, {"type": "null"}]}
        ),
    ] = Field(default_factory=dict)
    comments: Annotated[
        dict[str, str | None],
        BeforeValidator(_none_is_empty),
        WithJsonSchema(
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
    ] = Field(default_factory=dict)

    @property
    def identity(self) -> Identity:
        """Who this respondent is (:func:`identity`)."""
        return identity(self.role, self.unit, self.name, self.source)


class AcceptedRisk(_Strict):
    """A finding the parties have consciously accepted, until a date."""

    rule: Slug = Field(description="The rule id of the accepted finding.")
    reason: Annotated[str, Field(min_length=1)]
    by: Annotated[str, Field(min_length=1, description="Who accepted it.")]
    until: Date = Field(description="The acceptance expires after this date.")


class AnswerFile(_Strict):
    """A whole answer file, as written by hand, by ``init`` or by ``assess``."""

    samarbeid: FormatVersion = Field(description="File format version.")
    project: ProjectInfo
    status: Status = StatusId.in_progress
    respondents: list[RespondentEntry] = Field(default_factory=list)
    accepted: list[AcceptedRisk] = Field(default_factory=list)
