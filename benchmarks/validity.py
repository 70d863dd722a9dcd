"""Measure the rubric against documented collaborations (docs/validity.md).

Run:  python benchmarks/validity.py [--json | --markdown] [--cases DIR] [--rubric FILE]

Each file in ``benchmarks/cases/`` is an answer file that encodes only what its sources state
about one real collaboration **at a moment before its outcome was known**, with a comment
header that cites the sources, names that moment, gives the documented outcome and when it
became known, the documented risk factors (each with the rule ids that should flag it) and
the signals rubric 3 will ask about. Every case is first checked against the before-outcome
rules (:func:`timing_problems`), then goes through the package's public pipeline
(:func:`samarbeid.pipeline.assess_files`), and the script prints, per case, the score, the
level, the findings and each documented factor as flagged or missed; then

- **recall**: the share of documented risk factors flagged by one of their rules at ``low``
  or above, over every case (mixed ones included);
- **AUC**: the share of (failure, success) pairs in which the failure ranks riskier (ties ½),
  for several rankings: the overall score, a plain unweighted mean of the answers, the most
  severe finding and a severity-weighted risk index;
- **false alarms**: ``critical`` or ``high`` findings in documented successes;
- **the default gate**: how many failures fail ``--fail-on high`` and how many successes pass;
- **prediction, in-sample and cross-validated**: the same figures (and recall at ``high``) for
  the rubric fitted on the library (:func:`fit`: which escalations are kept), once fitted and
  scored on every case, and once left-one-out (:func:`leave_one_out`): each case scored by the
  rubric fitted on the others.

``ensidig-besvart`` (only one party answered) fires in nearly every case because most sources
document one party's view; it is an artefact of the library, so it is left out of the false
alarms and of the finding-based rankings. Mixed cases count for recall but not for the AUC or
the gate. The script measures; it exits 0 whatever the figures are, and 2 only when a case
file (or the rubric) is invalid.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from msgspec.structs import replace

from samarbeid.errors import InputError, SamarbeidError
from samarbeid.load.answers import load_submission
from samarbeid.pipeline import assess_files
from samarbeid.result.assessment import Assessment
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.score.scoring import normalise
from samarbeid.vocab import FailOn, Severity

CASES = Path(__file__).resolve().parent / "cases"
OUTCOMES = ("failure", "success", "mixed")
#: The rule that fires when only one party has answered: an artefact of one-sided sources.
ARTEFACT = "ensidig-besvart"
#: A factor is flagged when one of its rules fires at this severity or worse.
FLAG_AT = Severity.low
#: Findings at these severities in a success are false alarms.
ALARM_AT = Severity.high
GATE = FailOn.high
#: The ranking the tool itself uses: its risk index (``Assessment.risk``).
TOOL_RANKING = "risk"
REQUIRED_KEYS = (
    "case",
    "source",
    "moment",
    "outcome",
    "outcome-known",
    "outcome-note",
    "factor",
    "encoded-by",
)
OPTIONAL_KEYS = ("signal",)
#: What rubric 3 will ask about: a case records what its sources said on each, before the outcome.
SIGNALS = (
    "avtale-slutt",  # when the agreement ends or goes to competition again
    "oppsigelse-varsel",  # the notice period, and warning of changes from the buyer
    "tillit-konflikt",  # trust, and unresolved conflict between the parties
    "tilskudd-vilkar",  # compliance with grant conditions, conflicts of interest
    "malgruppe-aktorer",  # whether everyone responsible for the target group is in the agreement
    "antall-kjopere",  # the number of buyers
)
#: The questions of rubric 3 that answer each signal's subject (docs/validity.md).
SIGNAL_QUESTIONS = {
    "avtale-slutt": ("avtale-lopetid",),
    "oppsigelse-varsel": ("varsel-ved-endring",),
    "tillit-konflikt": ("tillit", "konflikter-lost"),
    "tilskudd-vilkar": ("tilskuddsvilkar", "habilitet"),
    "malgruppe-aktorer": ("malgruppe-aktorer",),
    "antall-kjopere": ("flere-kjopere",),
}
#: The question whose answer is the outcome itself when it is given at the end.
RESULTS_QUESTION = "resultater-oppnadd"
#: The question whose healthy answer says the agreement runs at least twelve more months.
TERM_QUESTION = "avtale-lopetid"
DASH = " — "
DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
#: Every factor, signal and answer comment ends with the source it rests on and the date the
#: fact was known: «quote» ([2], 2016-09).
CITATION = re.compile(rf"«(?P<quote>.+)»\s*\(\[(?P<source>\d+)\],\s*(?P<date>{DATE})\)\s*$")
#: Any source and date a comment cites, the last one or an earlier one: ([2], 2016-09).
CITED = re.compile(rf"\(\[(?P<source>\d+)\],\s*(?P<date>{DATE})\)")
#: The outcome note ends with the sources that report the outcome: «Source: [3].», «Sources: [2], [3].»
OUTCOME_SOURCES = re.compile(r"Sources?: (?P<sources>\[\d+\](?:, \[\d+\])*)\.$")


class CaseError(Exception):
    """A case file whose header is malformed: ``FILE:LINE: message``."""


@dataclass(frozen=True, order=True)
class When:
    """A date as precise as a source gives it (``2016``, ``2016-09``, ``2016-09-15``): the
    first and the last day it can mean."""

    first: dt.date
    last: dt.date
    text: str = field(compare=False)

    @classmethod
    def parse(cls, text: str) -> When:
        """``text`` as a date; ValueError when it is not ``YYYY[-MM[-DD]]`` or not a real day."""
        if not re.fullmatch(DATE, text):
            raise ValueError(f"{text!r} is not a date YYYY, YYYY-MM or YYYY-MM-DD")
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return cls(day, day, text)
        if len(parts) == 2:
            year, month = parts
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return cls(dt.date(year, month, 1), following - dt.timedelta(days=1), text)
        return cls(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), text)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Citation:
    """The quote a statement rests on, its source's number and when the fact was known;
    ``dates`` are every date the statement cites, the last one's included."""

    quote: str
    source: int
    known: When
    line: int
    dates: tuple[When, ...] = ()


@dataclass(frozen=True)
class Factor:
    """A documented risk factor and the rule ids that should flag it (empty: no rule can)."""

    rules: tuple[str, ...]
    text: str
    quote: str | None
    cited: Citation | None = None


@dataclass(frozen=True)
class Signal:
    """What the sources said, before the outcome, on one of the topics rubric 3 will ask about."""

    key: str
    text: str
    cited: Citation


@dataclass(frozen=True)
class Header:
    name: str
    sources: tuple[str, ...]
    outcome: str
    note: str
    factors: tuple[Factor, ...]
    #: True when the header says ``factor: none``: the sources document no risk factor.
    no_factor: bool
    #: The moment the case is encoded at: the last one before its outcome was known.
    moment: When
    moment_note: str
    #: When the outcome became known.
    outcome_known: When
    signals: tuple[Signal, ...]
    #: The sources that report the outcome, as the outcome note names them.
    outcome_sources: frozenset[int] = frozenset()


class Found(NamedTuple):
    """One finding as the figures read it: its rule, its severity and, under rubric 3, the id
    of the escalation that gave that severity (None when the problem's own severity did)."""

    rule: str
    severity: Severity
    escalation: str | None = None
    #: every id the finding answers to: its problem's id and the rule ids of rubric 2 merged
    #: into it (a case's factors may name either)
    names: frozenset[str] = frozenset()


@dataclass
class CaseResult:
    file: str
    id: str
    header: Header
    phase: str | None
    score: float | None
    score_unweighted: float | None
    risk: int
    level: str
    coverage: float
    plain_mean: float | None
    findings: list[Found]
    gate_failed: bool

    @property
    def outcome(self) -> str:
        return self.header.outcome

    @property
    def factor_rules(self) -> list[tuple[str, ...]]:
        """The rules that should flag each documented factor, in header order."""
        return [f.rules for f in self.header.factors]

    @property
    def counted(self) -> list[Found]:
        """The findings that count for rankings and alarms: all but the artefact."""
        return [f for f in self.findings if f.rule != ARTEFACT]

    @property
    def flagged(self) -> list[bool]:
        """For each documented factor, whether one of its rules fired at ``low`` or worse."""
        return flagged_at(self, FLAG_AT)


def _cite(path: Path, line: int, text: str, sources: int) -> Citation | None:
    """The citation that ends ``text``, checked against the header's sources; None if none."""
    match = CITATION.search(text)
    if not match:
        return None
    dates: list[When] = []
    for cited in CITED.finditer(text):
        number = int(cited.group("source"))
        if not 1 <= number <= sources:
            raise CaseError(f"{path}:{line}: [{number}] is not one of the header's sources [1]–[{sources}]")
        try:
            dates.append(When.parse(cited.group("date")))
        except ValueError as exc:
            raise CaseError(f"{path}:{line}: {exc}") from None
    return Citation(match.group("quote"), int(match.group("source")), dates[-1], line, tuple(dates))


def parse_header(path: Path) -> Header:
    """Read the machine-readable comment header at the top of a case file."""
    values: dict[str, list[tuple[int, str]]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.startswith("#"):
            break
        match = re.match(r"#\s*([a-z-]+):\s*(.*\S)\s*$", raw)
        if match and match.group(1) in REQUIRED_KEYS + OPTIONAL_KEYS:
            values.setdefault(match.group(1), []).append((number, match.group(2)))
    for key in REQUIRED_KEYS:
        if key not in values:
            raise CaseError(f"{path}:1: the header has no «# {key}:» line")
    for key in ("case", "moment", "outcome", "outcome-known", "outcome-note", "encoded-by"):
        if len(values[key]) > 1:
            raise CaseError(f"{path}:{values[key][1][0]}: «# {key}:» is given twice")
    line, outcome = values["outcome"][0]
    if outcome not in OUTCOMES:
        raise CaseError(f"{path}:{line}: outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    sources = values["source"]
    for index, (line, text) in enumerate(sources, 1):
        if not text.startswith(f"[{index}] "):
            raise CaseError(
                f"{path}:{line}: the sources are numbered [1], [2] … in order; this is not [{index}]"
            )
    line, text = values["moment"][0]
    when, sep, moment_note = text.partition(DASH)
    try:
        moment = When.parse(when.strip())
    except ValueError as exc:
        raise CaseError(f"{path}:{line}: {exc}; a moment is «<date> — <what was known then>»") from None
    if not sep or not moment_note.strip():
        raise CaseError(f"{path}:{line}: a moment is «<date> — <what was known then>»")
    line, text = values["outcome-known"][0]
    try:
        outcome_known = When.parse(text)
    except ValueError as exc:
        raise CaseError(f"{path}:{line}: {exc}") from None
    line, note = values["outcome-note"][0]
    named = OUTCOME_SOURCES.search(note)
    if not named:
        raise CaseError(
            f"{path}:{line}: an outcome note ends with the sources that report the outcome: «Source: [n].»"
        )
    outcome_sources = frozenset(int(n) for n in re.findall(r"\d+", named.group("sources")))
    if not all(1 <= n <= len(sources) for n in outcome_sources):
        raise CaseError(f"{path}:{line}: the outcome note names a source the header does not have")
    factors: list[Factor] = []
    no_factor = False
    for line, text in values["factor"]:
        ids, sep, words = text.partition(DASH)
        if not sep or not words.strip():
            raise CaseError(f"{path}:{line}: a factor is «<rule-id>[ / <rule-id>…] — <words>»")
        ids = ids.strip()
        if ids == "none":
            no_factor = True
            continue
        rules = () if ids == "-" else tuple(r.strip() for r in ids.split("/"))
        if any(not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r) for r in rules):
            raise CaseError(f"{path}:{line}: {ids!r} is not «-» or rule ids separated by « / »")
        cited = _cite(path, line, words, len(sources))
        quote = re.search(r"«(.+)»", words)
        factors.append(Factor(rules, words.strip(), quote.group(1) if quote else None, cited))
    if no_factor and factors:
        raise CaseError(f"{path}: «# factor: none» and documented factors in the same header")
    signals: list[Signal] = []
    for line, text in values.get("signal", []):
        key, sep, words = text.partition(DASH)
        if key.strip() not in SIGNALS or not sep:
            raise CaseError(
                f"{path}:{line}: a signal is «<{' | '.join(SIGNALS)}> — <words> «quote» ([n], <date>)»"
            )
        cited = _cite(path, line, words, len(sources))
        if cited is None:
            raise CaseError(f"{path}:{line}: a signal ends with «quote» ([n], <date>)")
        signals.append(Signal(key.strip(), words.strip(), cited))
    return Header(
        name=values["case"][0][1],
        sources=tuple(v for _, v in sources),
        outcome=outcome,
        note=values["outcome-note"][0][1],
        factors=tuple(factors),
        no_factor=no_factor,
        moment=moment,
        moment_note=moment_note.strip(),
        outcome_known=outcome_known,
        signals=tuple(signals),
        outcome_sources=outcome_sources,
    )


# ---- the before-outcome rules -------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One answer as written in a case file: its line, question, value and citation."""

    line: int
    question: str
    value: str
    cited: Citation | None


def answer_lines(path: Path, sources: int) -> list[Answer]:
    """Every answer written under an ``answers:`` key, with the citation its comment ends with."""
    answers: list[Answer] = []
    depth: int | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = raw.lstrip()
        indent = len(raw) - len(stripped)
        if re.fullmatch(r"answers:\s*", stripped):
            depth = indent
            continue
        if depth is None or not stripped or stripped.startswith("#"):
            continue
        if indent <= depth:
            depth = None
            continue
        match = re.match(r"([a-z0-9]+(?:-[a-z0-9]+)*):\s*([^#\s]+)\s*(?:#\s*(.*))?$", stripped)
        if match:
            comment = match.group(3) or ""
            answers.append(
                Answer(number, match.group(1), match.group(2), _cite(path, number, comment, sources))
            )
    return answers


def timing_problems(path: Path, rubric: Rubric) -> list[str]:
    """Where ``path`` breaks the rules that keep a case a prediction, not an explanation after
    the fact (docs/validity.md, «Encoded before the outcome»): empty when it keeps them all.

    1. The moment is strictly before the outcome became known.
    2. ``project.assessed`` is not after the moment.
    3. Every answer, factor and signal cites its quote, its source and the date the fact was
       known, and that date is not after the moment.
    4. No answer, factor or signal quotes the outcome note's words.
    5. Phase ``ending`` only for a planned end announced before the moment (an
       ``avtale-slutt`` signal, and no answer that the agreement runs twelve more months),
       and never with an answer to the results question.
    6. One answer to a line.
    7. The results question is never answered from a source that reports the outcome: a
       result known at the moment is an interim one, from another source.
    """
    header = parse_header(path)
    submission = load_submission([path], rubric)
    problems: list[str] = []
    moment = header.moment
    if not moment.last < header.outcome_known.first:
        problems.append(
            f"{path}: the moment {moment} is not before the outcome became known ({header.outcome_known})"
        )
    assessed = submission.project.assessed
    if assessed is None or assessed > moment.last:
        problems.append(f"{path}: project.assessed {assessed} is after the moment {moment} (or missing)")
    answers = answer_lines(path, len(header.sources))
    cited: list[tuple[str, Citation | None]] = [(f"answer {a.question}", a.cited) for a in answers]
    cited += [(f"factor «{f.text[:40]}…»", f.cited) for f in header.factors]
    cited += [(f"signal {s.key}", s.cited) for s in header.signals]
    for what, citation in cited:
        if citation is None:
            problems.append(f"{path}: {what} has no «quote» ([n], <date>) at the end of its comment")
            continue
        for known in citation.dates:
            if known.last > moment.last:
                problems.append(f"{path}:{citation.line}: {what} cites {known}, after the moment {moment}")
    outcome_quotes = re.findall(r"«(.+?)»", header.note)
    for what, citation in cited:
        if citation and any(q in citation.quote or citation.quote in q for q in outcome_quotes):
            problems.append(f"{path}:{citation.line}: {what} quotes the outcome note")
    written = {a.question for a in answers}
    loaded = {q for r in submission.responses for q in r.answers}
    if written != loaded:
        problems.append(f"{path}: answers not one to a line: {', '.join(sorted(written ^ loaded))}")
    if str(submission.project.phase) == "ending":
        if not any(s.key == "avtale-slutt" for s in header.signals):
            problems.append(
                f"{path}: phase ending needs an avtale-slutt signal: the end must have been planned "
                "and known at the moment, not seen afterwards"
            )
        if any(a.question == TERM_QUESTION and a.value == "ja" for a in answers):
            problems.append(f"{path}: phase ending, but {TERM_QUESTION} says twelve more months")
        if RESULTS_QUESTION in loaded:
            problems.append(f"{path}: {RESULTS_QUESTION} is answered at phase ending: that is the outcome")
    for a in answers:
        if a.question == RESULTS_QUESTION and a.cited and a.cited.source in header.outcome_sources:
            problems.append(
                f"{path}:{a.line}: {RESULTS_QUESTION} cites [{a.cited.source}], a source that reports "
                "the outcome: a result known at the moment is an interim one"
            )
    return problems


# ---- scoring ------------------------------------------------------------------------------


def plain_mean(path: Path, rubric: Rubric) -> float | None:
    """The unweighted mean of every scored answer (0–100), «vet ikke» and «ikke relevant» left out."""
    values = [
        score
        for response in load_submission([path], rubric).responses
        for qid, value in response.answers.items()
        if (score := normalise(rubric.by_id[qid], value)) is not None
    ]
    return sum(values) / len(values) if values else None


def unweighted(rubric: Rubric) -> Rubric:
    """``rubric`` with every question's weight set to 1: is weighting worth it?"""
    return replace(rubric, questions=[replace(q, weight=1) for q in rubric.questions])


def check(path: Path, rubric: Rubric) -> Header:
    """The header of a case that keeps the before-outcome rules; CaseError when it breaks one."""
    header = parse_header(path)
    problems = timing_problems(path, rubric)
    if problems:
        raise CaseError(problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    return header


def score(path: Path, header: Header, rubric: Rubric, flat: Rubric) -> CaseResult:
    """Score one checked case file through the package's pipeline, as ``report`` would."""
    assessment: Assessment = assess_files([path], rubric, as_of=None)
    return CaseResult(
        file=path.name,
        id=assessment.project.id,
        header=header,
        phase=str(assessment.project.phase) if assessment.project.phase else None,
        score=assessment.score,
        score_unweighted=assess_files([path], flat, as_of=None).score,
        risk=assessment.risk,
        level=str(assessment.level),
        coverage=assessment.coverage,
        plain_mean=plain_mean(path, rubric),
        findings=[
            Found(f.id, f.severity, f.escalation, frozenset({f.id, *rubric.problems_by_id[f.id].aliases}))
            for f in assessment.findings
        ],
        gate_failed=bool(assessment.failing(GATE)),
    )


class Library:
    """The case files of a folder, checked once, and scored once per distinct rubric fitted
    from ``rubric`` (the fitted rubrics differ only in the escalations they keep)."""

    def __init__(self, folder: Path, rubric: Rubric) -> None:
        self.rubric = rubric
        self.flat = unweighted(rubric)
        self.cases = [LibraryCase(self, path, check(path, rubric)) for path in sorted(folder.glob("*.yaml"))]
        self._scored: dict[tuple[frozenset[str], Path], CaseResult] = {}

    def result(self, case: LibraryCase, rubric: Rubric) -> CaseResult:
        """``case`` scored by ``rubric``, one of the rubrics fitted from this library's."""
        key = (escalation_ids(rubric), case.path)
        if key not in self._scored:
            self._scored[key] = score(case.path, case.header, rubric, self.flat)
        return self._scored[key]

    @property
    def rubrics_scored(self) -> int:
        """How many distinct rubrics (the given one and those fitted from it) it was scored by."""
        return len({kept for kept, _ in self._scored})


@dataclass(frozen=True)
class LibraryCase:
    """One case of a :class:`Library`: what :func:`fit` trains on."""

    library: Library
    path: Path
    header: Header

    @property
    def outcome(self) -> str:
        return self.header.outcome

    @cached_property
    def answered(self) -> frozenset[str]:
        """The questions the case file answers."""
        return frozenset(a.question for a in answer_lines(self.path, len(self.header.sources)))

    def findings(self, rubric: Rubric) -> list[Found]:
        return self.library.result(self, rubric).findings

    def result(self, rubric: Rubric) -> CaseResult:
        return self.library.result(self, rubric)


def load_cases(folder: Path, rubric: Rubric) -> list[CaseResult]:
    """Every case in ``folder``, in file-name order, scored by ``rubric``."""
    library = Library(folder, rubric)
    return [case.result(rubric) for case in library.cases]


# ---- what rubric 3 fits on the library: which escalations are kept ---------------------------


class Trainable(Protocol):
    """A case :func:`fit` trains on: its outcome, and its findings under a rubric."""

    @property
    def outcome(self) -> str: ...

    def findings(self, rubric: Any) -> Sequence[Found]: ...


R = TypeVar("R")
C = TypeVar("C", bound=Trainable)
T = TypeVar("T")


def escalation_ids(rubric: Any) -> frozenset[str]:
    """The ids of the escalations ``rubric`` keeps: ``rubric.problems[*].escalations[*].id``
    (rubric 3); none for a rubric without problems."""
    return frozenset(e.id for p in getattr(rubric, "problems", ()) for e in p.escalations)


def without_escalations(rubric: R, dropped: frozenset[str]) -> R:
    """``rubric`` with the escalations ``dropped`` names taken out of its problems."""
    if not dropped:
        return rubric
    problems = [
        replace(p, escalations=[e for e in p.escalations if e.id not in dropped])
        for p in rubric.problems  # type: ignore[attr-defined]  # rubric 3: its problems
    ]
    return replace(rubric, problems=problems)


def fit(rubric: R, training_cases: Sequence[Trainable]) -> R:
    """What rubric 3 fits on the library: which escalations are kept.

    Every escalation is a candidate the sources ground; the fit drops each one that gives a
    high or critical finding in a training success (``ensidig-besvart``, the library's
    artefact, left out), and looks again, since a finding may then take its severity from
    another escalation. Nothing else is fitted, so a rubric without escalations comes back
    as it is."""
    dropped: frozenset[str] = frozenset()
    fitted = rubric
    while True:
        alarming = {
            f.escalation
            for case in training_cases
            if case.outcome == "success"
            for f in case.findings(fitted)
            if f.escalation is not None and f.rule != ARTEFACT and f.severity.at_least(ALARM_AT)
        } - dropped
        if not alarming:
            return fitted
        dropped |= alarming
        fitted = without_escalations(rubric, dropped)


def in_sample(rubric: R, cases: Sequence[C], result: Callable[[C, R], T]) -> list[T]:
    """Every case scored by the rubric fitted on all of them."""
    fitted = fit(rubric, cases)
    return [result(case, fitted) for case in cases]


def leave_one_out(rubric: R, cases: Sequence[C], result: Callable[[C, R], T]) -> list[T]:
    """Every case scored by the rubric fitted on the others."""
    return [result(case, fit(rubric, [c for c in cases if c is not case])) for case in cases]


# ---- figures ------------------------------------------------------------------------------


class Scored(Protocol):
    """What the prediction figures read of one case scored by one rubric."""

    @property
    def outcome(self) -> str: ...

    @property
    def factor_rules(self) -> Sequence[Sequence[str]]: ...

    @property
    def findings(self) -> Sequence[Found]: ...

    @property
    def risk(self) -> int: ...

    @property
    def gate_failed(self) -> bool: ...


def flagged_at(case: Scored, severity: Severity) -> list[bool]:
    """For each documented factor, whether one of its rules fired at ``severity`` or worse."""
    fired = {name for f in case.findings if f.severity.at_least(severity) for name in f.names or {f.rule}}
    return [any(r in fired for r in rules) for rules in case.factor_rules]


def _recall(cases: Sequence[Scored], severity: Severity) -> tuple[int, int]:
    """Documented factors flagged at ``severity`` or worse, and all documented factors."""
    hits = [hit for c in cases for hit in flagged_at(c, severity)]
    return sum(hits), len(hits)


def _alarms(cases: Sequence[Scored]) -> list[tuple[Scored, Found]]:
    """Critical or high findings in documented successes, the artefact left out."""
    return [
        (c, f)
        for c in cases
        if c.outcome == "success"
        for f in c.findings
        if f.rule != ARTEFACT and f.severity.at_least(ALARM_AT)
    ]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def auc(cases: Sequence[Any], risk: Callable[[Any], float | None]) -> float | None:
    """The share of (failure, success) pairs where the failure is riskier; ties (and a case
    with no value) count ½. None when there are no pairs."""
    failures = [risk(c) for c in cases if c.outcome == "failure"]
    successes = [risk(c) for c in cases if c.outcome == "success"]
    pairs = [(f, s) for f in failures for s in successes]
    if not pairs:
        return None
    total = sum(0.5 if f is None or s is None or f == s else float(f > s) for f, s in pairs)
    return total / len(pairs)


def prediction(cases: Sequence[Scored]) -> dict[str, Any]:
    """The figures that say how well the rubric predicts, for one way of scoring the library."""
    failures = [c for c in cases if c.outcome == "failure"]
    successes = [c for c in cases if c.outcome == "success"]
    return {
        "recall": _share(*_recall(cases, FLAG_AT)),
        "recall_high": _share(*_recall(cases, ALARM_AT)),
        "auc": auc(cases, lambda c: float(c.risk)),
        "false_alarms": len(_alarms(cases)),
        "gate": {
            "failures_failing_share": _share(sum(c.gate_failed for c in failures), len(failures)),
            "successes_passing_share": _share(sum(not c.gate_failed for c in successes), len(successes)),
        },
    }


def _worst(case: CaseResult) -> float:
    ranks = [f.severity.rank for f in case.counted]
    return float(len(Severity) - min(ranks)) if ranks else 0.0


RANKINGS: dict[str, tuple[str, Callable[[CaseResult], float | None]]] = {
    "score": ("overall score (lower = riskier)", lambda c: None if c.score is None else -c.score),
    "score_unweighted": (
        "the same score with every question weighted 1",
        lambda c: None if c.score_unweighted is None else -c.score_unweighted,
    ),
    "plain_mean": (
        "plain unweighted mean of the answers",
        lambda c: None if c.plain_mean is None else -c.plain_mean,
    ),
    "max_severity": ("most severe finding", _worst),
    "risk": (
        "risk index: findings weighted critical 8, high 4, medium 2, low 1",
        lambda c: float(c.risk),
    ),
    "risk_without_artefact": (
        "the same, without ensidig-besvart (the library's one-sided encoding)",
        lambda c: float(sum(f.severity.weight for f in c.counted)),
    ),
}


def unknown_rules(cases: Sequence[CaseResult], rubric: Rubric) -> list[str]:
    """Rule ids named by a factor that the rubric does not have."""
    known = set(rubric.problems_by_id)  # problem ids and their aliases
    named = {r for c in cases for f in c.header.factors for r in f.rules}
    return sorted(named - known)


def summarise(library: Library) -> dict[str, Any]:
    """The whole measurement as one JSON-ready object."""
    rubric = library.rubric
    cases = [case.result(rubric) for case in library.cases]
    flagged, total = _recall(cases, FLAG_AT)
    alarms = [{"case": c.id, "rule": f.rule, "severity": str(f.severity)} for c, f in _alarms(cases)]
    failures = [c for c in cases if c.outcome == "failure"]
    successes = [c for c in cases if c.outcome == "success"]
    rankings = {name: auc(cases, risk) for name, (_, risk) in RANKINGS.items()}
    fitted = fit(rubric, library.cases)
    answered = {
        qid: sum(qid in c.answered for c in library.cases) for qs in SIGNAL_QUESTIONS.values() for qid in qs
    }
    return {
        "rubric": {"id": rubric.id, "version": rubric.version},
        "cases": [case_json(c) for c in cases],
        "outcomes": {o: sum(c.outcome == o for c in cases) for o in OUTCOMES},
        "signals": {k: sum(any(s.key == k for s in c.header.signals) for c in cases) for k in SIGNALS},
        "answered": answered,
        # the headline figures are plain numbers; their detail follows each
        "recall": _share(flagged, total),
        "recall_detail": {"flagged": flagged, "factors": total, "at": str(FLAG_AT)},
        "auc": rankings[TOOL_RANKING],
        "auc_detail": {"pairs": len(failures) * len(successes), "tool": TOOL_RANKING, **rankings},
        "false_alarms": len(alarms),
        "false_alarm_detail": {"findings": alarms, "excluded": [ARTEFACT]},
        "gate": {
            "fail_on": str(GATE),
            "failures": len(failures),
            "failures_failing": sum(c.gate_failed for c in failures),
            "successes": len(successes),
            "successes_passing": sum(not c.gate_failed for c in successes),
        },
        # prediction: the rubric fitted on the library (which escalations are kept)
        "in_sample": prediction(in_sample(rubric, library.cases, LibraryCase.result)),
        "cross_validated": prediction(leave_one_out(rubric, library.cases, LibraryCase.result)),
        "fit_detail": {
            "escalations": len(escalation_ids(rubric)),
            "dropped_in_sample": sorted(escalation_ids(rubric) - escalation_ids(fitted)),
            "folds": len(library.cases),
            "rubrics_scored": library.rubrics_scored,
        },
        "unknown_rules": unknown_rules(cases, rubric),
    }


def case_json(case: CaseResult) -> dict[str, Any]:
    return {
        "id": case.id,
        "file": case.file,
        "name": case.header.name,
        "outcome": case.header.outcome,
        "outcome_note": case.header.note,
        "sources": list(case.header.sources),
        "moment": {"date": case.header.moment.text, "note": case.header.moment_note},
        "outcome_known": case.header.outcome_known.text,
        "phase": case.phase,
        "score": case.score,
        "level": case.level,
        "coverage": round(case.coverage, 3),
        "plain_mean": None if case.plain_mean is None else round(case.plain_mean, 1),
        "findings": [
            {"rule": f.rule, "severity": str(f.severity), "escalation": f.escalation} for f in case.findings
        ],
        "gate_failed": case.gate_failed,
        "factors": [
            {"rules": list(f.rules), "text": f.text, "flagged": hit}
            for f, hit in zip(case.header.factors, case.flagged, strict=True)
        ],
        "signals": [{"key": s.key, "text": s.text, "known": s.cited.known.text} for s in case.header.signals],
    }


# ---- output -------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _factor_word(rules: Sequence[str], hit: bool) -> str:
    return ("flagged" if hit else "MISSED") + " [" + (" / ".join(rules) or "no rule") + "]"


#: The rows of the prediction block: its key, its label, and how the value is shown.
PREDICTION_ROWS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("recall",), f"recall (factors flagged at {FLAG_AT} or above)"),
    (("recall_high",), f"recall at {ALARM_AT} or critical"),
    (("auc",), "AUC by the risk index (the tool's ranking)"),
    (("false_alarms",), f"false alarms (critical or high in a success, {ARTEFACT} excluded)"),
    (("gate", "failures_failing_share"), f"failures failing --fail-on {GATE}"),
    (("gate", "successes_passing_share"), f"successes passing --fail-on {GATE}"),
)


def _prediction_rows(summary: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, in-sample, cross-validated) for each prediction figure."""
    rows = []
    for path, label in PREDICTION_ROWS:
        values = []
        for block in ("in_sample", "cross_validated"):
            value: Any = summary[block]
            for key in path:
                value = value[key]
            values.append(str(value) if key == "false_alarms" else _num(value))
        rows.append((label, values[0], values[1]))
    return rows


def _fit_sentence(summary: dict[str, Any]) -> str:
    fit_ = summary["fit_detail"]
    dropped = fit_["dropped_in_sample"]
    return (
        f"The rubric has {fit_['escalations']} escalations; fitted on all {fit_['folds']} cases it drops "
        f"{len(dropped)}{': ' + ', '.join(dropped) if dropped else ''}. "
        f"Leave-one-out: {fit_['folds']} folds, {fit_['rubrics_scored']} distinct rubric(s) scored."
    )


def print_text(cases: Sequence[CaseResult], summary: dict[str, Any]) -> None:
    rubric = summary["rubric"]
    print(
        f"Rubric {rubric['id']} {rubric['version']}; {len(cases)} cases "
        + ", ".join(f"{n} {o}" for o, n in summary["outcomes"].items())
    )
    for c in cases:
        print()
        print(
            f"{c.id}  [{c.header.outcome}, known {c.header.outcome_known}]  moment {c.header.moment}  "
            f"risk {c.risk}  score {_num(c.score, 1)}  level {c.level}  "
            f"coverage {c.coverage:.0%}  plain mean {_num(c.plain_mean, 1)}  "
            f"gate {'FAIL' if c.gate_failed else 'pass'}"
        )
        print("  findings: " + (", ".join(f"{f.rule} ({f.severity})" for f in c.findings) or "none"))
        if c.header.no_factor:
            print("  factors:  none documented")
        for f, hit in zip(c.header.factors, c.flagged, strict=True):
            print(f"  factor:   {_factor_word(f.rules, hit)} {f.text.split(' «')[0]}")
        for sig in c.header.signals:
            print(f"  signal:   {sig.key} {sig.text.split(' «')[0]}")
    print()
    print("THE RUBRIC AS GIVEN, scored on every case (in-sample, nothing fitted)")
    rec = summary["recall_detail"]
    print(
        f"Recall: {rec['flagged']} of {rec['factors']} documented factors flagged = {_num(summary['recall'])}"
        f" (at {FLAG_AT} or above; every case, mixed included)"
    )
    a = summary["auc_detail"]
    print(f"AUC over {a['pairs']} (failure, success) pairs, ties ½:")
    width = max(map(len, RANKINGS))
    for name, (label, _) in RANKINGS.items():
        mark = "  <- used by the tool" if name == TOOL_RANKING else ""
        print(f"  {name:{width}} {_num(a[name])}  {label}{mark}")
    fa = summary["false_alarm_detail"]
    print(f"False alarms (critical or high in a success, {ARTEFACT} excluded): {summary['false_alarms']}")
    for item in fa["findings"]:
        print(f"  {item['case']}: {item['rule']} ({item['severity']})")
    g = summary["gate"]
    print(
        f"Gate --fail-on {g['fail_on']}: {g['failures_failing']} of {g['failures']} failures fail it; "
        f"{g['successes_passing']} of {g['successes']} successes pass it"
    )
    print()
    print("PREDICTION: the rubric fitted on the library (which escalations are kept)")
    print(f"  IN-SAMPLE = fitted on all {len(cases)} cases and scored on the same cases;")
    print("  CROSS-VALIDATED = leave-one-out: each case scored by the rubric fitted on the others.")
    print(f"  {_fit_sentence(summary)}")
    rows = _prediction_rows(summary)
    width = max(len(label) for label, _, _ in rows)
    print(f"  {'':{width}}  {'IN-SAMPLE':>9}  {'CROSS-VALIDATED':>15}")
    for label, inside, crossed in rows:
        print(f"  {label:{width}}  {inside:>9}  {crossed:>15}")
    print()
    print(
        "Signals for rubric 3 (cases documenting each before the outcome): "
        + ", ".join(f"{k} {n}" for k, n in summary["signals"].items())
    )
    print(
        "Rubric 3's questions (cases answering each): "
        + ", ".join(f"{q} {n}" for q, n in summary["answered"].items())
    )
    if summary["unknown_rules"]:
        print(
            "Factors name rules the rubric does not have (they never count as flagged): "
            + ", ".join(summary["unknown_rules"])
        )


def print_markdown(cases: Sequence[CaseResult], summary: dict[str, Any]) -> None:
    """The results tables of docs/validity.md."""
    counts = ", ".join(f"{n} {o}" for o, n in summary["outcomes"].items())
    print(f"{len(cases)} cases: {counts}.")
    print()
    print(
        "| case | outcome | moment | phase | risk | score | level | plain mean | gate "
        "| findings (low or above) | factors |"
    )
    print("|---|---|---|---|---:|---:|---|---:|---|---|---|")
    for c in cases:
        findings = ", ".join(f"`{f.rule}` {f.severity}" for f in c.findings if f.severity.at_least(FLAG_AT))
        if c.header.no_factor:
            factors = "none documented"
        else:
            factors = "; ".join(
                ("✓ " if hit else "✗ ") + (" / ".join(f"`{r}`" for r in f.rules) or "no rule")
                for f, hit in zip(c.header.factors, c.flagged, strict=True)
            )
        gate = "fail" if c.gate_failed else "pass"
        print(
            f"| {c.id} | {c.header.outcome} | {c.header.moment} | {c.phase or '–'} | {c.risk} | "
            f"{_num(c.score, 1)} | {c.level} | {_num(c.plain_mean, 1)} | {gate} | {findings or '–'} "
            f"| {factors} |"
        )
    rec, a, g = summary["recall_detail"], summary["auc_detail"], summary["gate"]
    fa = summary["false_alarm_detail"]
    print()
    print("The rubric as given, scored on every case (in-sample, nothing fitted):")
    print()
    print("| figure | value |")
    print("|---|---|")
    print(f"| recall | {rec['flagged']} / {rec['factors']} = {_num(summary['recall'])} |")
    for name, (label, _) in RANKINGS.items():
        mark = " (the tool's ranking)" if name == TOOL_RANKING else ""
        print(f"| AUC, {label}{mark} | {_num(a[name])} |")
    alarms = ", ".join(f"{i['case']}: `{i['rule']}` {i['severity']}" for i in fa["findings"]) or "none"
    print(f"| false alarms (critical/high in successes) | {summary['false_alarms']} ({alarms}) |")
    print(f"| failures failing `--fail-on high` | {g['failures_failing']} / {g['failures']} |")
    print(f"| successes passing `--fail-on high` | {g['successes_passing']} / {g['successes']} |")
    print()
    print(
        f"Prediction: the rubric fitted on the library (which escalations are kept). {_fit_sentence(summary)}"
    )
    print()
    print("| figure | in-sample (fitted and scored on all cases) | cross-validated (leave-one-out) |")
    print("|---|---:|---:|")
    for label, inside, crossed in _prediction_rows(summary):
        print(f"| {label} | {inside} | {crossed} |")
    print()
    print(
        "| signal for rubric 3 | cases documenting it before the outcome | its questions: cases answering |"
    )
    print("|---|---:|---|")
    answered = summary["answered"]
    for key, n in summary["signals"].items():
        questions = ", ".join(f"`{q}` {answered[q]}" for q in SIGNAL_QUESTIONS[key])
        print(f"| `{key}` | {n} / {len(cases)} | {questions} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument("--markdown", action="store_true", help="print the tables of docs/validity.md")
    parser.add_argument("--cases", type=Path, default=CASES, help="folder of case files")
    parser.add_argument("--rubric", type=Path, default=None, help="rubric file (default: the built-in one)")
    args = parser.parse_args(argv)
    try:
        rubric = load_rubric(args.rubric)
        library = Library(args.cases, rubric)
        summary = summarise(library)
    except InputError as exc:
        for line in exc.lines("en"):
            print(line, file=sys.stderr)
        return 2
    except (CaseError, SamarbeidError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cases = [case.result(rubric) for case in library.cases]
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    elif args.markdown:
        print_markdown(cases, summary)
    else:
        print_text(cases, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
