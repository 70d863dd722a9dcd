"""The closed vocabularies of samarbeid, each declared once.

Every other module — the file models, the rubric, scoring, the command-line options, the
renderers and their style and icon maps — takes its members from here. The values are the
stable ASCII ids written in files and in the JSON report; the words a person reads come
from the message catalogues (``role.kommune``, ``severity.high``, ``level.green`` …).
"""

from __future__ import annotations

import enum
from collections.abc import MutableMapping
from typing import Any, TypeVar

_V = TypeVar("_V", bound="Vocab")


class Vocab(str, enum.Enum):
    """A closed vocabulary whose members are their own ids: ``str(Role.kommune) == "kommune"``,
    also in f-strings and in JSON."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def ids(cls) -> tuple[str, ...]:
        """Every member's id, in declaration order."""
        return tuple(m.value for m in cls)

    @classmethod
    def parse(cls: type[_V], text: str) -> _V | None:
        """The member ``text`` names: its id or one of its :data:`ALIASES`, without regard to
        case, and with a space or a hyphen for ``_`` (``Under arbeid``, ``entreprenør``); None
        when it names none."""
        word = normalise(text)
        for m in cls:
            if m.value == word:
                return m
        alias = ALIASES.get(cls, {}).get(word)
        return None if alias is None else cls(alias)

    @classmethod
    def words(cls) -> tuple[str, ...]:
        """Every word :meth:`parse` reads: the ids, then the aliases (for a did-you-mean)."""
        return (*cls.ids(), *ALIASES.get(cls, {}))


def _members_of(vocab: type[Vocab], namespace: MutableMapping[str, Any]) -> None:
    """Declare every member of ``vocab`` again in the vocabulary whose body is being run
    (``namespace`` is its ``vars()``): a vocabulary that extends another is made from it,
    never copied by hand."""
    for member in vocab:
        namespace[member.name] = member.value


#: How alike a mistyped word must be to a known one (difflib's ratio, 0–1) to be suggested in
#: a «did you mean» (vocabulary words, question and rule ids).
CLOSE_ENOUGH = 0.6


def normalise(text: str) -> str:
    """``text`` as a vocabulary word is looked up: NFC, trimmed, case-folded, and a space or a
    hyphen written ``_``."""
    import unicodedata  # only when a word is read: start-up stays light

    word = unicodedata.normalize("NFC", text).strip().casefold()
    return "_".join(word.replace("-", " ").split())


class Role(Vocab):
    """Who answers: the municipality or the social entrepreneur."""

    kommune = "kommune"
    entreprenor = "entreprenor"


class RoleOrAny(Vocab):
    """Whose answers a rule's condition looks at: a :class:`Role` (made from it), or ``any``."""

    _members_of(Role, vars())
    any = "any"

    def covers(self, role: Role) -> bool:
        """Whether this names ``role``: it is that role, or it is ``any``."""
        return self in (RoleOrAny.any, role)


class Match(Vocab):
    """How many of the answers a condition looks at must be among its values."""

    any = "any"
    all = "all"


class Dimension(Vocab):
    """The three conditions for a successful collaboration, in report order."""

    forstaelse = "forstaelse"
    forankring = "forankring"
    forpliktelse = "forpliktelse"


class Severity(Vocab):
    """How serious a finding is, most severe first."""

    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"

    @property
    def rank(self) -> int:
        """0 for ``critical``, growing as the severity gets milder."""
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        """Whether this severity is ``other`` or worse."""
        return self.rank <= other.rank

    @property
    def weight(self) -> int:
        """What a finding of this severity adds to a project's risk index: each step up
        doubles it (low 1, medium 2, high 4, critical 8; info 0). See docs/validity.md."""
        return _SEVERITY_WEIGHT[self]


_SEVERITY_RANK = {s: i for i, s in enumerate(Severity)}
_SEVERITY_WEIGHT = {s: 0 if s is Severity.info else 2 ** (Severity.low.rank - s.rank) for s in Severity}


class FailOn(Vocab):
    """The threshold of a gate: ``never``, then every :class:`Severity` (made from it)."""

    never = "never"
    _members_of(Severity, vars())

    @property
    def severity(self) -> Severity | None:
        """The severity at which the gate fails; None for ``never``."""
        return None if self is FailOn.never else Severity(self.value)


class Level(Vocab):
    """A traffic-light level of a score; ``inconclusive`` when too little was answered."""

    green = "green"
    yellow = "yellow"
    red = "red"
    inconclusive = "inconclusive"


class Scale(Vocab):
    """An answer scale of the questionnaire."""

    enighet = "enighet"
    status = "status"


class NoAnswer(Vocab):
    """The answers that are not on a scale and never count as a score."""

    vet_ikke = "vet_ikke"
    ikke_relevant = "ikke_relevant"


class Phase(Vocab):
    """Where the collaboration stands."""

    idea = "idea"
    planning = "planning"
    pilot = "pilot"
    operation = "operation"
    ending = "ending"


class Status(Vocab):
    """Whether an answer file (or a respondent) is finished."""

    in_progress = "in_progress"
    complete = "complete"


class DivergenceKind(Vocab):
    """Why two parties' answers stand far apart."""

    disagreement = "disagreement"
    shared_weakness = "shared_weakness"


class KindOrAny(Vocab):
    """Which divergences a rule's condition looks at: a :class:`DivergenceKind` (made from it),
    or ``any``."""

    _members_of(DivergenceKind, vars())
    any = "any"

    def covers(self, kind: DivergenceKind) -> bool:
        """Whether this names ``kind``: it is that kind, or it is ``any``."""
        return self in (KindOrAny.any, kind)


class Movement(Vocab):
    """How the parties' gap on a question moved since an earlier assessment (``--baseline``)."""

    new = "new"
    closed = "closed"
    widened = "widened"
    narrowed = "narrowed"
    unchanged = "unchanged"


class ActionStatus(Vocab):
    """Where an action of a tiltaksplan stands, as the team writes it in the plan file
    (``samarbeid plan``): not started, under way, done."""

    ikke_startet = "ikke_startet"
    pagar = "pagar"
    gjort = "gjort"


class FollowUp(Vocab):
    """How an action of the plan stands at the next report (docs/design.md §7): done, done
    while its problem is still a finding, overdue (its deadline passed and it is not done),
    under way, or not started."""

    fixed = "fixed"
    still_open = "still_open"
    overdue = "overdue"
    in_progress = "in_progress"
    not_started = "not_started"


class Direction(Vocab):
    """Which way a project moved since its previous assessment, as the portfolio ranks
    projects (level, then risk): better, worse or unchanged."""

    better = "better"
    worse = "worse"
    unchanged = "unchanged"


class Presence(Vocab):
    """A project against an earlier portfolio (``batch --baseline DIR``): in both, only in
    this run (new in the portfolio), or only in the earlier one (not in this run)."""

    matched = "matched"
    new = "new"
    gone = "gone"


class UnansweredReason(Vocab):
    """Why a question counts as unanswered by a respondent: left open, or «vet ikke»."""

    missing = "missing"
    vet_ikke = NoAnswer.vet_ikke.value


class Metric(Vocab):
    """What a threshold condition measures on a dimension."""

    score = "score"
    coverage = "coverage"


class Lang(Vocab):
    """The languages samarbeid speaks; bokmål is the default."""

    nb = "nb"
    nn = "nn"
    en = "en"


class Source(Vocab):
    """``--source``: a platform, or ``auto`` to tell it from the columns."""

    auto = "auto"
    nettskjema = "nettskjema"
    msforms = "msforms"
    kobo = "kobo"
    limesurvey = "limesurvey"


class Target(Vocab):
    """``samarbeid form --target``: what the questionnaire is made for."""

    xlsform = "xlsform"
    nettskjema = "nettskjema"
    msforms = "msforms"
    print = "print"


class Schema(Vocab):
    """``samarbeid schema``: the file format whose JSON Schema is written."""

    answers = "answers"
    report = "report"
    plan = "plan"


class RubricFormat(Vocab):
    """``samarbeid rubric show --format``."""

    text = "text"
    json = "json"
    markdown = "markdown"


DEFAULT_LANG = Lang.nb

#: An answer value id, as answer files, rubrics and results hold it: a step of ``enighet``
#: (1–5) or a word (``ja``, ``delvis``, ``nei``, or one of :class:`NoAnswer`).
Value = int | str


def vocabularies() -> dict[str, type[Vocab]]:
    """Every vocabulary declared here, by its class name."""
    return {
        name: value
        for name, value in globals().items()
        if isinstance(value, type) and issubclass(value, Vocab) and value is not Vocab
    }


#: The values of each scale, healthiest last, with their 0–100 score (docs/design.md §4).
SCALES: dict[Scale, dict[Value, int]] = {
    Scale.enighet: {1: 0, 2: 25, 3: 50, 4: 75, 5: 100},
    Scale.status: {"nei": 0, "delvis": 50, "ja": 100},
}


def scale_tag(scale: Scale) -> str:
    """How an answer file marks a question's scale, the same in every language: its numbers as a
    range (``1–5``) or its words from best to worst (``ja/delvis/nei``)."""
    values = list(SCALES[scale])
    if all(isinstance(v, int) for v in values):
        return f"{values[0]}–{values[-1]}"
    return "/".join(str(v) for v in reversed(values))


#: Every value an answer may have: each scale's values, then the answers not on a scale.
ANSWER_VALUES: tuple[int | str, ...] = (*(v for scale in SCALES.values() for v in scale), *NoAnswer.ids())

#: The problem ids users rely on, with their fixed (top) severity (docs/design.md §5).
FIXED_PROBLEMS: dict[str, Severity] = {
    "mangler-koordinator": Severity.critical,
    "mangler-forankringsplan": Severity.high,
    "ulik-forstaelse": Severity.high,
    "finansiering-uten-drift": Severity.high,
    "ensidig-besvart": Severity.medium,
}

#: Norwegian spellings people type, accepted wherever a vocabulary's id is (answer files and
#: the command line): alias → id, lower case. Bokmål and nynorsk forms, with and without æøå,
#: and every label samarbeid shows for a member in any language (``sosial entreprenør``,
#: ``municipality``: tests/unit/test_lenient_files.py checks it).
#: A key is written as :func:`normalise` leaves it (``_`` for a space); :meth:`Vocab.parse`
#: reads ids and aliases. Ids stay the only thing samarbeid writes (docs/design.md §3).
ALIASES: dict[type[Vocab], dict[str, str]] = {
    Role: {
        "kommunen": "kommune",
        "entreprenør": "entreprenor",
        "entreprenøren": "entreprenor",
        "entreprenoren": "entreprenor",
        "sosial_entreprenør": "entreprenor",
        "sosial_entreprenor": "entreprenor",
        "municipality": "kommune",
        "social_entrepreneur": "entreprenor",
    },
    Status: {
        "pågår": "in_progress",
        "pagar": "in_progress",
        "under_arbeid": "in_progress",
        "ikke_ferdig": "in_progress",
        "ikkje_ferdig": "in_progress",
        "påbegynt": "in_progress",
        "ferdig": "complete",
        "fullført": "complete",
        "fullfort": "complete",
    },
    Phase: {
        "idé": "idea",
        "ide": "idea",
        "idè": "idea",
        "planlegging": "planning",
        "utprøving": "pilot",
        "drift": "operation",
        "i_drift": "operation",
        "avslutning": "ending",
        "avslutting": "ending",
        "avsluttet": "ending",
        "avslutta": "ending",
    },
    ActionStatus: {
        "ikke_påbegynt": "ikke_startet",
        "ikkje_starta": "ikke_startet",
        "ikkje_påbyrja": "ikke_startet",
        "ikkje_pabyrja": "ikke_startet",
        "pågår": "pagar",
        "under_arbeid": "pagar",
        "påbegynt": "pagar",
        "påbyrja": "pagar",
        "pabyrja": "pagar",
        "i_gang": "pagar",
        "ferdig": "gjort",
        "utført": "gjort",
        "utfort": "gjort",
        "gjennomført": "gjort",
        "gjennomfort": "gjort",
    },
    Severity: {
        "kritisk": "critical",
        "høy": "high",
        "hoy": "high",
        "høg": "high",
        "hog": "high",
        "middels": "medium",
        "lav": "low",
        "låg": "low",
        "lag": "low",
    },
}
#: ``--fail-on`` reads every word of a severity, and ``aldri``.
ALIASES[FailOn] = {"aldri": FailOn.never.value, **ALIASES[Severity]}
