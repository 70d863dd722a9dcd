"""Evidence: why a finding was raised, as data (never as a sentence).

Each kind says what it points at: an answer (by whom, where in which file), the gap between
the parties on a question, a dimension's score or coverage under a threshold, or a party
that has not answered. Renderers turn evidence into words; the JSON report carries it as
it is, the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union

from samarbeid.record import rule
from samarbeid.result.slots import slot_init
from samarbeid.vocab import Dimension, Metric, Phase, Role, Value


@slot_init
@dataclass(frozen=True, slots=True)
class AnswerEvidence:
    """A respondent's answer, and where it stands in which file."""

    kind: Literal["answer"] = field(default="answer", init=False)
    question: str
    role: Role
    unit: str | None
    name: str | None
    value: Value
    comment: str | None
    file: str
    line: int
    column: int


@slot_init
@dataclass(frozen=True, slots=True)
class DivergenceEvidence:
    """The two parties' median answers on a question stand far apart (0–100 scale)."""

    kind: Literal["divergence"] = field(default="divergence", init=False)
    question: str
    kommune: float
    entreprenor: float
    gap: float


@slot_init
@dataclass(frozen=True, slots=True)
class ThresholdEvidence:
    """A dimension's score (0–100) or coverage (0–1) is below a threshold."""

    kind: Literal["threshold"] = field(default="threshold", init=False)
    dimension: Dimension
    metric: Metric
    value: float
    below: float


@slot_init
@dataclass(frozen=True, slots=True)
class RoleMissingEvidence:
    """A party has not answered at all."""

    kind: Literal["role_missing"] = field(default="role_missing", init=False)
    role: Role


@slot_init
@dataclass(frozen=True, slots=True)
class PhaseEvidence:
    """The collaboration is in a phase where a gap weighs more (``project.phase``)."""

    kind: Literal["phase"] = field(default="phase", init=False)
    phase: Phase


def _by_kind() -> list[Any]:
    from pydantic import Field

    return [Field(discriminator="kind")]


#: Evidence of any kind; the report's JSON Schema tells them apart by ``kind``.
Evidence = Annotated[
    Union[AnswerEvidence, DivergenceEvidence, ThresholdEvidence, RoleMissingEvidence, PhaseEvidence],
    rule(_by_kind),
]
