"""The result of scoring one project: the JSON contract of DESIGN.md §7, as pydantic models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from samarbeid.answerfile import ProjectInfo
from samarbeid.rubric.model import SEVERITIES

SCHEMA_VERSION = 1
Level = Literal["green", "yellow", "red", "inconclusive"]
LEVELS: tuple[Level, ...] = ("green", "yellow", "red", "inconclusive")


def at_or_above(severity: str, fail_on: str) -> bool:
    """Whether ``severity`` is ``fail_on`` or worse (``never``: nothing is)."""
    return fail_on != "never" and SEVERITIES.index(severity) <= SEVERITIES.index(fail_on)  # type: ignore[arg-type,unused-ignore]


def gate_failed(severities: Iterable[str], fail_on: str) -> bool:
    """Whether any severity is at or above ``fail_on``."""
    return any(at_or_above(s, fail_on) for s in severities)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ToolInfo(_Model):
    name: str
    version: str


class RubricInfo(_Model):
    id: str
    version: str


class RoleScores(_Model):
    kommune: float | None
    entreprenor: float | None


class DimensionResult(_Model):
    """Score 0–100 (role-balanced), coverage 0–1 and level of one dimension."""

    title: str
    score: float | None
    level: Level
    coverage: float
    roles: RoleScores


class Dimensions(_Model):
    forstaelse: DimensionResult
    forankring: DimensionResult
    forpliktelse: DimensionResult


class Evidence(_Model):
    """What made a rule fire: an answer (with file and line), a divergence or a score."""

    question: str | None
    role: str | None
    respondent: str | None
    value: int | str | None
    comment: str | None
    detail: str | None
    file: str | None
    line: int | None
    column: int | None


class Acceptance(_Model):
    """The parties have accepted this finding until a date; an expired acceptance fails the gate again."""

    reason: str
    by: str
    until: dt.date
    expired: bool


class Finding(_Model):
    """A named gap: rule id, severity, why it matters and what to do next."""

    id: str
    severity: Literal["critical", "high", "medium", "low", "info"]
    dimension: str
    title: str
    why: str
    action: str
    sources: list[str]
    evidence: list[Evidence]
    accepted: Acceptance | None

    @property
    def gating(self) -> bool:
        """Whether this finding counts for ``--fail-on`` (not accepted, or accepted but expired)."""
        return self.accepted is None or self.accepted.expired


class Divergence(_Model):
    """A question where the parties' medians are 50 or more apart."""

    question: str
    dimension: str
    text: str
    kommune: float
    entreprenor: float
    gap: float
    kind: Literal["disagreement", "shared_weakness"]


class SharedWeakness(_Model):
    """A question both parties answer weakly (median 25 or less): a shared problem."""

    question: str
    dimension: str
    text: str
    kommune: float
    entreprenor: float


class RespondentSummary(_Model):
    role: str
    unit: str | None
    name: str | None
    file: str
    line: int
    questions: int
    answered: int
    vet_ikke: int
    ikke_relevant: int
    unanswered: int


class Unanswered(_Model):
    """A question a respondent left open or answered «vet ikke»."""

    question: str
    dimension: str
    role: str
    respondent: str | None
    reason: Literal["missing", "vet_ikke"]


class DimensionChange(_Model):
    """One dimension then and now."""

    before: float | None
    after: float | None
    change: float | None
    level_before: Level
    level_after: Level


class FindingRef(_Model):
    id: str
    severity: Literal["critical", "high", "medium", "low", "info"]
    title: str


class FindingChanges(_Model):
    """Findings that are new since the baseline, resolved since it, or still open."""

    new: list[FindingRef]
    resolved: list[FindingRef]
    open: list[FindingRef]


class DivergenceChange(_Model):
    """How the parties' gap on a question moved (gaps of 50 or more count as divergences)."""

    question: str
    dimension: str
    before: float | None
    after: float | None
    change: Literal["new", "closed", "widened", "narrowed", "unchanged"]


class Baseline(_Model):
    """The change since an earlier assessment of the same project (``--baseline``)."""

    files: list[str]
    assessed: dt.date | None
    level: Level
    score: float | None
    dimensions: dict[str, DimensionChange]
    findings: FindingChanges
    divergences: list[DivergenceChange]


class Assessment(_Model):
    """One project's report (the JSON contract)."""

    schema_version: int
    tool: ToolInfo
    rubric: RubricInfo
    lang: str
    project: ProjectInfo
    status: str
    files: list[str]
    level: Level
    score: float | None
    coverage: float
    dimensions: Dimensions
    findings: list[Finding]
    divergences: list[Divergence]
    shared_weaknesses: list[SharedWeakness]
    respondents: list[RespondentSummary]
    unanswered: list[Unanswered]
    baseline: Baseline | None = None


class BatchError(_Model):
    """A file that could not be scored."""

    file: str
    line: int
    column: int
    message: str


class BatchSummary(_Model):
    files: int
    projects: int
    errors: int
    levels: dict[str, int]
    findings: dict[str, int]
    gate: dict[str, str | int]


class BatchReport(_Model):
    """Many projects' reports in one document (``samarbeid batch --format json``)."""

    schema_version: int
    tool: ToolInfo
    rubric: RubricInfo
    projects: list[Assessment]
    errors: list[BatchError]
    summary: BatchSummary
