"""The result of scoring one project: the JSON contract of DESIGN.md §7, as pydantic models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from samarbeid.answerfile import ProjectInfo

SCHEMA_VERSION = 1
Level = Literal["green", "yellow", "red", "inconclusive"]
LEVELS: tuple[Level, ...] = ("green", "yellow", "red", "inconclusive")


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
    respondent: str
    reason: Literal["missing", "vet_ikke"]


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
