"""Evidence: why a finding was raised, as data (never as a sentence).

Each kind says what it points at: an answer (by whom, where in which file), the gap between
the parties on a question, a dimension's score or coverage under a threshold, or a party
that has not answered. Renderers turn evidence into words; the JSON report carries it as
it is, the same in every language. Each kind is a frozen ``msgspec.Struct`` tagged by its
``kind``, which msgspec writes as the first key (why Structs: :mod:`samarbeid.result.assessment`).
"""

from __future__ import annotations

from typing import Annotated, Any, Union

import msgspec

from samarbeid.record import rule
from samarbeid.vocab import Dimension, Metric, Phase, Role, Value


class AnswerEvidence(msgspec.Struct, frozen=True, tag_field="kind", tag="answer"):
    """A respondent's answer, and where it stands in which file."""

    question: str
    role: Role
    unit: str | None
    name: str | None
    value: Value
    comment: str | None
    file: str
    line: int
    column: int


class DivergenceEvidence(msgspec.Struct, frozen=True, tag_field="kind", tag="divergence"):
    """The two parties' median answers on a question stand far apart (0–100 scale)."""

    question: str
    kommune: float
    entreprenor: float
    gap: float


class ThresholdEvidence(msgspec.Struct, frozen=True, tag_field="kind", tag="threshold"):
    """A dimension's score (0–100) or coverage (0–1) is below a threshold."""

    dimension: Dimension
    metric: Metric
    value: float
    below: float


class RoleMissingEvidence(msgspec.Struct, frozen=True, tag_field="kind", tag="role_missing"):
    """A party has not answered at all."""

    role: Role


class PhaseEvidence(msgspec.Struct, frozen=True, tag_field="kind", tag="phase"):
    """The collaboration is in a phase where a gap weighs more (``project.phase``)."""

    phase: Phase


def _by_kind() -> list[Any]:
    from pydantic import Field

    return [Field(discriminator="kind")]


#: Evidence of any kind; the report's JSON Schema tells them apart by ``kind``.
Evidence = Annotated[
    Union[AnswerEvidence, DivergenceEvidence, ThresholdEvidence, RoleMissingEvidence, PhaseEvidence],
    rule(_by_kind),
]
