"""Words for a scored result: the one place where ids, values and evidence become text.

Every renderer (terminal, Markdown, HTML, JSON, the batch formats) takes an assessment,
the rubric it was scored against and a language, and asks a :class:`Words` for every
title, question, answer label and evidence sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeAlias

from samarbeid.answerfile import respondent_label
from samarbeid.i18n import t
from samarbeid.render.numbers import num, signed
from samarbeid.result.assessment import Assessment, Finding, FindingRef, Priority
from samarbeid.result.evidence import (
    AnswerEvidence,
    DivergenceEvidence,
    Evidence,
    PhaseEvidence,
    RoleMissingEvidence,
    ThresholdEvidence,
)
from samarbeid.rubric.model import Problem, Rubric
from samarbeid.score.scoring import GREEN_AT, YELLOW_AT
from samarbeid.vocab import Dimension, Level, Metric, NoAnswer, Role, Severity, UnansweredReason

if TYPE_CHECKING:
    from samarbeid.result.history import SeverityChange

#: what a finding's title can be asked of: a finding, a reference to one in a baseline (or its
#: change of severity), a priority (all aware of grade and escalation), or a problem id (the
#: problem's own title)
Titled: TypeAlias = "Finding | FindingRef | SeverityChange | Priority | str"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Words:
    """Text for the parts of an assessment, in one language, from one rubric."""

    def __init__(self, rubric: Rubric, lang: str) -> None:
        self.rubric = rubric
        self.lang = lang

    def t(self, code: str, /, **params: Any) -> str:
        """A message of the catalogue."""
        return t(code, self.lang, **params)

    # -- rubric texts --

    def rule(self, finding: Titled) -> Problem:
        """The problem behind a finding, a reference to one, a priority (or a problem id)."""
        if isinstance(finding, str):
            return self.rubric.problems_by_id[finding]
        return self.rubric.problems_by_id[finding.finding if isinstance(finding, Priority) else finding.id]

    def title(self, finding: Titled) -> str:
        """A finding's title, worded from what was answered: the raising escalation's, else
        its grade's own where the rubric gives one (a problem id: the problem's title)."""
        problem = self.rule(finding)
        if isinstance(finding, str):
            return problem.title.get(self.lang)
        return problem.title_at(finding.grade, finding.escalation).get(self.lang)

    def mechanism(self, finding: Titled) -> str | None:
        """The mechanism of the escalation that raised the finding, if one did."""
        if isinstance(finding, str) or finding.escalation is None:
            return None
        return self.rule(finding).escalation(finding.escalation).mechanism.get(self.lang)

    def why(self, finding: Titled) -> str:
        """Why the finding matters."""
        return self.rule(finding).why.get(self.lang)

    def brief(self, finding: Titled) -> str:
        """Why the finding matters, in one sentence: the rule's ``brief``, else the first
        sentence of its ``why``."""
        rule = self.rule(finding)
        if rule.brief is not None:
            return rule.brief.get(self.lang)
        why = rule.why.get(self.lang)
        end = why.find(". ")
        return why if end < 0 else why[: end + 1]

    def action(self, finding: Titled) -> str:
        """What to do first about the finding: the raising escalation's step, else its grade's,
        else the problem's."""
        if isinstance(finding, str):
            return self.rule(finding).action.get(self.lang)
        return self.rule(finding).action_for(finding.grade, finding.escalation).get(self.lang)

    def sources(self, finding: Titled) -> list[str]:
        """The sources a finding's problem cites (and the raising escalation's), as titles."""
        problem = self.rule(finding)
        ids = list(problem.sources)
        if not isinstance(finding, str) and finding.escalation is not None:
            ids += [s for s in problem.escalation(finding.escalation).sources if s not in ids]
        sources = self.rubric.sources
        return [sources[s].get(self.lang) if s in sources else s for s in ids]

    def references(self, findings: Iterable[Finding]) -> tuple[list[str], dict[str, list[int]]]:
        """The sources of ``findings`` collected once, in order of first citation, and the
        numbers (from 1) each finding cites: for a list of references at the end."""
        titles: list[str] = []
        cited: dict[str, list[int]] = {}
        for f in findings:
            numbers = cited.setdefault(f.id, [])
            for title in self.sources(f):
                if title not in titles:
                    titles.append(title)
                numbers.append(titles.index(title) + 1)
        return titles, cited

    def dimension(self, dim: Dimension | str) -> str:
        """A dimension's title: «Forståelse»."""
        return self.rubric.dimensions[Dimension(dim)].title.get(self.lang)

    def question(self, qid: str, role: str | None = None) -> str:
        """A question's wording, as ``role`` reads it (the first role that answers it when None)."""
        q = self.rubric.by_id[qid]
        return q.wording(role if role is not None else q.roles[0], self.lang)

    def asked_both(self, qid: str) -> str:
        """A question as every party that answers it reads it: «Kommunen: «…»; Entreprenøren: «…»».
        Each party's wording is in its own first person, so one alone would not be neutral where
        the parties are compared; one text when the wordings are the same."""
        q = self.rubric.by_id[qid]
        texts = {role: q.wording(role, self.lang) for role in q.roles}
        if len(set(texts.values())) == 1:
            return next(iter(texts.values()))
        return "; ".join(
            self.t("r.asked_as", who=_capital(self.t(f"role.def.{role}")), text=text)
            for role, text in texts.items()
        )

    # -- values and people --

    def value(self, value: object) -> str:
        """The label of an answer value: ``4`` → «enig», ``nei`` → «nei» / «no»."""
        return self.t(f"value.{value}")

    def who(self, role: str | None, respondent: str | None) -> str:
        """``kommunen (Innvandrertjenesten, Kari)``: the role in words, then unit and name."""
        text = self.t(f"role.def.{role}") if role else ""
        return f"{text} ({respondent})" if respondent else text

    def actors(self, roles: Sequence[Role | str]) -> str:
        """Who acts on a priority: «Kommunen», «Den sosiale entreprenøren» or «Begge»."""
        if len(set(roles)) > 1:
            return self.t("actor.both")
        return self.t(f"actor.{roles[0]}")

    def verdict(self, a: Assessment) -> str:
        """What the overall level means, and why it is what it is (:meth:`level_reason`); below
        the coverage threshold the basis is too thin, whether the answers given show problems
        or look healthy."""
        if a.level is Level.inconclusive:
            thin = "h.thin.findings" if a.findings else "h.thin.healthy"
            return f"{self.t('h.meaning.inconclusive')} {self.t(thin)}"
        return f"{self.t(f'h.meaning.{a.level}')} {self.level_reason(a)}"

    def level_reason(self, a: Assessment) -> str:
        """Why the overall level is what it is, in one sentence: a finding that overrides the
        score (critical: red; high: at most yellow), else the score's band; too little
        answered: the verdict."""
        if a.level is Level.inconclusive:
            return self.verdict(a)
        severities = {f.severity for f in a.findings}
        if Severity.critical in severities:
            return self.t("h.cap.critical")
        if Severity.high in severities and a.level is Level.yellow and (a.score or 0) >= GREEN_AT:
            return self.t("h.cap.high")
        return self.t(f"r.band.{a.level}", yellow=YELLOW_AT, green=GREEN_AT)

    def legend(self) -> str:
        """What «risiko» and «dekning» mean: the sum of the findings' weights, and the share
        of questions answered."""
        weights = ", ".join(f"{self.t(f'severity.{s}')} {s.weight}" for s in Severity if s.weight)
        return self.t("r.legend", weights=weights)

    def level(self, level: Level | str) -> str:
        """A level in words: «rød»."""
        return self.t(f"level.{level}")

    def num(self, value: float | None, digits: int = 1) -> str:
        """A number as people in this language write it."""
        return num(value, self.lang, digits)

    def signed(self, value: float | None) -> str:
        """A change with its sign."""
        return signed(value, self.lang)

    # -- evidence --

    def evidence(self, ev: Evidence, *, detail: bool = True) -> str:
        """One piece of evidence as a sentence. With ``detail`` an answer names its question
        by id and ends with its file's name (not its folders) and line; without, it is only
        who answered what («Kommunen (Helse og omsorg) svarte «nei»»), for a reader outside
        the project."""
        if isinstance(ev, AnswerEvidence):
            who = self.who(ev.role, respondent_label(ev.unit, ev.name))
            value = self.value(ev.value)
            if detail:
                text = _capital(self.t("ev.answer", who=who, value=value, question=ev.question))
            else:
                text = _capital(self.t("ev.answer_short", who=who, value=value))
            if ev.comment:
                text += f" ({self.t('ev.comment')}: «{ev.comment}»)"
            # the file's name, never the path as typed: folder names stay with whoever ran it
            return f"{text} — {PurePath(ev.file).name}:{ev.line}" if detail else text
        if isinstance(ev, DivergenceEvidence):
            gap = self._gap(ev)
            return f"{ev.question}: {gap}" if detail else f"«{self.question(ev.question)}»: {gap}"
        if isinstance(ev, ThresholdEvidence):
            code = "ev.score" if ev.metric is Metric.score else "ev.coverage"
            return _capital(
                self.t(
                    code, dimension=self.dimension(ev.dimension), value=f"{ev.value:g}", below=f"{ev.below:g}"
                )
            )
        if isinstance(ev, RoleMissingEvidence):
            return _capital(self.t("ev.role_missing", role=self.t(f"role.def.{ev.role}")))
        if isinstance(ev, PhaseEvidence):
            return _capital(self.t("ev.phase", phase=self.t(f"phase.{ev.phase}")))
        raise AssertionError(ev)  # pragma: no cover - the union is closed

    def _gap(self, ev: DivergenceEvidence) -> str:
        """«kommunen 100, entreprenøren 87,5 (avstand 62,5)»: numbers as the language writes them."""
        return self.t(
            "ev.divergence",
            kommune=self._g(ev.kommune),
            entreprenor=self._g(ev.entreprenor),
            gap=self._g(ev.gap),
        )

    def _g(self, value: float) -> str:
        """A number with as many decimals as it has (``87.5``, ``100``), in this language."""
        return self.num(value, 0 if value == int(value) else 1)

    def evidence_by_question(self, f: Finding) -> list[tuple[str | None, list[str]]]:
        """``f``'s evidence for a reader outside the project, grouped by question: (the
        question's text as the first party quoted read it, or None for evidence about no one
        question; sentences without ids, files or lines). The same sentence twice (two
        respondents the report does not name, who gave the same answer) is said once, with
        the number of answers."""
        groups: dict[str | None, dict[str, int]] = {}
        wording: dict[str | None, str | None] = {None: None}
        for ev in f.evidence:
            key: str | None
            if isinstance(ev, AnswerEvidence):
                key, text = ev.question, self.evidence(ev, detail=False)
                wording.setdefault(key, self.question(ev.question, ev.role))
            elif isinstance(ev, DivergenceEvidence):
                key, text = ev.question, _capital(self._gap(ev))
                wording.setdefault(key, self.question(ev.question))
            else:
                key, text = None, self.evidence(ev, detail=False)
            said = groups.setdefault(key, {})
            said[text] = said.get(text, 0) + 1
        return [
            (wording[key], [self._times(text, n) for text, n in said.items()]) for key, said in groups.items()
        ]

    def _times(self, text: str, count: int) -> str:
        """A sentence said ``count`` times: «Kommunen svarte «nei» (2 svar)»."""
        return text if count == 1 else f"{text} ({self.t('n.answers', count=count)})"

    def open_answers(self, a: Assessment) -> list[tuple[str, list[tuple[str, list[tuple[str, str | None]]]]]]:
        """The questions someone answered «vet ikke», left open or answered «ikke relevant»,
        in the rubric's order: (question id, [(kind, [(who, reason or None)])]), the kind being
        ``vet_ikke``, ``missing`` or ``ikke_relevant``. People the report does not tell apart
        (the same party and unit, no reason shown) are named once, with how many they are."""
        found: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
        for question, kind, role, who, reason in [
            *((u.question, u.reason, u.role, u.respondent, None) for u in a.unanswered),
            *((n.question, NoAnswer.ikke_relevant, n.role, n.respondent, n.reason) for n in a.not_applicable),
        ]:
            found.setdefault(question, {}).setdefault(kind, []).append(
                (_capital(self.who(role, who)), reason)
            )
        order = {q.id: i for i, q in enumerate(self.rubric.questions)}
        kinds = (UnansweredReason.vet_ikke, UnansweredReason.missing, NoAnswer.ikke_relevant)
        return [
            (qid, [(k, self._people(found[qid][k])) for k in kinds if k in found[qid]])
            for qid in sorted(found, key=lambda q: order.get(q, len(order)))
        ]

    def _people(self, people: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        """``people`` with those who gave no reason named once per name, with how many they are."""
        silent = Counter(who for who, reason in people if reason is None)
        out: list[tuple[str, str | None]] = []
        for who, reason in people:
            if reason is not None:
                out.append((who, reason))
            elif silent[who]:
                count = silent.pop(who)
                out.append((who if count == 1 else f"{who} ({self.t('n.people', count=count)})", None))
        return out

    # -- accepted risks --

    def accepted_label(self, f: Finding) -> str:
        """«akseptert» or «akseptert, utløpt»."""
        assert f.accepted is not None
        return self.t("r.accepted_expired" if f.accepted.expired else "r.accepted")

    def accepted_text(self, f: Finding) -> str:
        """Who accepted the finding, until when, and why."""
        assert f.accepted is not None
        a = f.accepted
        return self.t("r.accepted_text", until=a.until.isoformat(), by=a.by, reason=a.reason)
