"""The conversation of ``samarbeid assess`` in a terminal: the words, the loop, the
project's details for a new file, the resume command and the closing report.

The engine (:mod:`samarbeid.interview.engine`) decides what to ask; the terminal
(:mod:`samarbeid.tty`) reads the lines; :mod:`samarbeid.interview.respondents` finds who answers;
the answer-file writer (:mod:`samarbeid.answerwriter`) saves after every answer through
:class:`~samarbeid.answerwriter.SharedFile`, keeping the file's comments.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from samarbeid.answerfile import FORMAT_VERSION, AnswerFile
from samarbeid.answerwriter import BlockChanged, Locked, SharedFile, Unsavable, find_block, recover
from samarbeid.domain import is_slug, slugify
from samarbeid.errors import ExitCode, InputError, UsageError
from samarbeid.i18n import LANGS, t, value_label
from samarbeid.interview.engine import (
    Answer,
    Back,
    Help,
    Interview,
    Invalid,
    Quit,
    Skip,
    Step,
    choices,
    is_low,
    needs_reason,
    numbered,
    parse_key,
)
from samarbeid.interview.respondents import Party
from samarbeid.record import validated
from samarbeid.render.escape import plain
from samarbeid.result.assessment import Assessment
from samarbeid.rubric.model import Question, Rubric
from samarbeid.score.scoring import DIVERGENCE_GAP
from samarbeid.tty import (
    Reader,
    Stopped,
    ask_line,
    shell_quote,
    signals_held,
)
from samarbeid.vocab import DEFAULT_LANG, SCALES, NoAnswer, Phase, Role, Status, Value


def label(party: Party, lang: str, *, definite: bool = False) -> str:
    """``kommune (Oppvekst, Kari Nordmann)`` in ``lang`` (``kommunen (…)`` when ``definite``)."""
    extra = ", ".join(plain(x) for x in (party.unit, party.name) if x)
    role = t(f"role.def.{party.role}" if definite else f"role.{party.role}", lang)
    return f"{role} ({extra})" if extra else role


def value_names(question: Question) -> dict[Value, Iterable[str]]:
    """The words a user may type for each of ``question``'s values: its label in every language."""
    return {value: [value_label(value, lang) for lang in LANGS] for value in choices(question)}


def letters(lang: str) -> dict[str, Value]:
    """The keys for «vet ikke» and «ikke relevant» in ``lang``: the same on every question."""
    return {t(f"assess.key.{v.value}", lang): str(v.value) for v in NoAnswer}


def resume_command(
    file: Path, parties: Sequence[Party], *, lang: str, rubric_path: Path | None, resume: bool = False
) -> str:
    """The exact command that continues this session; ``resume`` when the parties are in the
    file (``--resume``: a unit or name renamed there stops it instead of adding a respondent)."""
    parts = ["samarbeid", "assess", str(file)]
    for party in parties:
        parts += ["--role", str(party.role)]
    if len(parties) == 1:
        if parties[0].unit:
            parts += ["--unit", parties[0].unit]
        if parties[0].name:
            parts += ["--name", parties[0].name]
    if resume:
        parts.append("--resume")
    if lang != DEFAULT_LANG:
        parts += ["--lang", lang]
    if rubric_path is not None:
        parts += ["--rubric", str(rubric_path)]
    return " ".join(shell_quote(p) for p in parts)


class Session:
    """One run of the checklist: the engine's state, the file, and the terminal."""

    def __init__(
        self,
        *,
        file: Path,
        rubric: Rubric,
        rubric_path: Path | None,
        model: AnswerFile,
        parties: list[Party],
        lang: str,
        console: Console,
        reader: Reader,
        color: bool,
        today: dt.date,
        shared: SharedFile,
        names: bool = False,
    ) -> None:
        self.file = file
        self.shown = plain(str(file))  # the name as shown: control characters made visible
        self.shared = shared
        self.rubric = rubric
        self.rubric_path = rubric_path
        self.model = model
        self.parties = parties
        self.lang = lang
        self.console = console
        self.reader = reader
        self.color = color
        self.today = today
        self.names = names  # the closing report names respondents (--names)
        self.workshop = len(parties) > 1
        self.recovered: Path | None = None  # where the answers of a save that failed are kept
        self.interview = Interview.start(
            rubric, [p.role for p in parties], [p.answers for p in parties], [p.comments for p in parties]
        )
        self.dirty = False

    # -- saving --

    def save(self) -> None:
        """Write the file now (atomically, under the file's lock). The file as it is on disk
        is read first, so whatever someone else wrote meanwhile stays and only our
        respondents are replaced; signals wait until the save is done."""
        blocks = [
            p.block(dict(self.interview.answers[k]), dict(self.interview.comments[k]))
            for k, p in enumerate(self.parties)
        ]
        try:
            with signals_held():
                saved = self.shared.save(blocks, model=self.model)
        except (BlockChanged, Unsavable, Locked, UsageError, InputError):
            self.recovered = recover(self.file, self.model, blocks, self.rubric)
            raise
        self.model = saved.model
        self.dirty = False
        if saved.joined:
            self.say(self.t("assess.joined", file=self.shown), "yellow")

    def change(self, interview: Interview) -> None:
        """Take a new engine state that changed an answer or a comment, and save it."""
        self.interview = interview
        self.dirty = True
        self.save()

    # -- output helpers --

    def say(self, text: str | Text = "", style: str | None = None) -> None:
        self.console.print(text if isinstance(text, Text) else Text(text, style=style or ""))

    def say_command(self, command: str) -> None:
        """A command to type, on one line however narrow the terminal (copy-paste must work)."""
        self.console.print(Text(f"  {command}", style="bold"), soft_wrap=True)

    def t(self, code: str, **params: Any) -> str:
        return t(code, self.lang, **params)

    def read(self, prompt: str = "", *, hidden: bool = False) -> str:
        line = Text(f"{prompt}: " if prompt else "> ", style="bold")
        if hidden:
            line.append(f"{self.t('assess.hidden')} ", style="dim")
        return ask_line(self.console, self.reader, line, hidden=hidden)

    def report_command(self, *more: str) -> str:
        """``samarbeid report FILE`` with ``more`` (typed as is), in the session's language and
        against its rubric."""
        parts = ["samarbeid", "report", shell_quote(str(self.file)), *more]
        if self.lang != DEFAULT_LANG:
            parts += ["--lang", self.lang]
        if self.rubric_path is not None:
            parts += ["--rubric", shell_quote(str(self.rubric_path))]
        return " ".join(parts)

    def command(self) -> str:
        saved = all(find_block(self.model, p.identity) is not None for p in self.parties)
        return resume_command(
            self.file, self.parties, lang=self.lang, rubric_path=self.rubric_path, resume=saved
        )

    def counts(self) -> dict[str, int]:
        """The counts the messages show, in questions as ``[n/N]`` and the intro count them:
        answered on the scale (as the report counts it) by every party asked, and the total."""
        return {"answered": self.interview.questions_scored(), "total": self.interview.question_count()}

    def say_not_scored(self) -> None:
        """How many answers are «vet ikke» or «ikke relevant», which the report does not count
        as answered; nothing when there are none."""
        vet_ikke = self.interview.count_of(str(NoAnswer.vet_ikke.value))
        ikke_relevant = self.interview.count_of(str(NoAnswer.ikke_relevant.value))
        if vet_ikke or ikke_relevant:
            self.say(self.t("assess.not_scored", vet_ikke=vet_ikke, ikke_relevant=ikke_relevant), "dim")

    def who(self) -> str:
        return " + ".join(label(p, self.lang) for p in self.parties)

    # -- the loop --

    def run(self, *, resumed: bool, new: bool = False) -> int:
        """Ask until done or quit; save; show the report at the end. ``new``: the file did not
        exist, and is written before the first question."""
        try:
            return self._run(resumed=resumed, new=new)
        except (BlockChanged, Unsavable, Locked, UsageError, InputError) as exc:
            return self.refused(exc)

    def _run(self, *, resumed: bool, new: bool) -> int:
        it = self.interview
        try:
            if new:
                self.save()
                self.say(self.t("assess.created", file=self.shown), "dim")
            if resumed and it.answered_count():
                self.say(self.t("assess.resuming", file=self.shown, who=self.who(), **self.counts()), "bold")
            else:
                self.say(
                    self.t("assess.intro", total=it.question_count(), who=self.who()),
                    "bold",
                )
            if self.workshop:
                self.say(self.t("assess.workshop"))
            finished = self.loop()
        except (KeyboardInterrupt, EOFError, Stopped) as exc:
            if self.dirty:
                self.save()
            with contextlib.suppress(OSError):  # after SIGHUP the terminal is gone: the file is what counts
                self.say()
                self.say_not_scored()
                self.say(self.t("assess.interrupted", file=self.shown, **self.counts()), "yellow")
                self.say_command(self.command())
            return exc.exit_code if isinstance(exc, Stopped) else ExitCode.INTERRUPTED
        if not finished:
            self.say_not_scored()
            self.say(self.t("assess.saved", file=self.shown, **self.counts()))
            self.say_command(self.command())
            return ExitCode.OK
        return self.finish()

    def refused(self, exc: BlockChanged | Unsavable | Locked | UsageError | InputError) -> int:
        """A save that was not made: say why, where the answers not saved are kept, and how
        to go on; and stop (exit 2). (A file made invalid meanwhile, by hand: its problems.)"""
        with contextlib.suppress(OSError):
            self.say()
            if isinstance(exc, UsageError):
                self.say(exc.render(self.lang), "bold red")
            elif isinstance(exc, InputError):
                for line in exc.lines(self.lang):
                    self.say(line, "bold red")
            elif isinstance(exc, BlockChanged):
                who = next((p for p in self.parties if p.identity == exc.identity), self.parties[0])
                self.say(self.t("assess.changed", file=self.shown, who=label(who, self.lang)), "bold red")
                self.say_command(self.command())
            elif isinstance(exc, Unsavable):
                reason = exc.problems[0].message(self.lang) if exc.problems else "?"
                self.say(self.t("assess.unsavable", file=self.shown, reason=reason), "bold red")
            else:
                self.say(self.t("assess.locked", file=self.shown), "bold red")
                self.say_command(self.command())
            if self.recovered is not None:
                self.say(self.t("assess.recovered", file=plain(str(self.recovered))), "bold")
        return ExitCode.INPUT

    def loop(self) -> bool:
        """Ask every pending step; True when the end is reached, False on ``q``."""
        shown_dimension = None
        if self.interview.done:
            self.say(self.t("assess.all_answered", who=self.who()))
        while (step := self.interview.current) is not None:
            if step.question.dimension != shown_dimension:
                shown_dimension = step.question.dimension
                dim = self.rubric.dimensions[shown_dimension]
                self.say()
                self.console.rule(Text(dim.title.get(self.lang), style="bold"))
                self.say(dim.description.get(self.lang), "dim")
            action = self.ask(step)
            if isinstance(action, Quit):
                return False
            if isinstance(action, Skip):
                self.interview = self.interview.skip()
            elif isinstance(action, Back):
                self.interview = self.interview.back()
            elif isinstance(action, Answer):
                self.change(self.interview.answer(action.value))
                if not self.workshop:
                    self.offer_comment(step)
                elif self.interview.closes_question(step):
                    self.reveal(step)
        return True

    def show(self, step: Step) -> None:
        """The question, its numbered choices and the keys."""
        q = step.question
        head = Text(f"[{step.number}/{step.total}] ", style="bold")
        head.append(self.rubric.dimensions[q.dimension].title.get(self.lang), style="bold")
        head.append(f"  {q.id}", style="dim")
        self.say()
        self.say(head)
        if self.workshop:
            who = label(self.parties[step.party], self.lang, definite=True)  # «Kommunen svarer»
            self.say(self.t("assess.turn", who=who[:1].upper() + who[1:]), "bold cyan")
        self.say(q.wording(step.role, self.lang))
        others_done = all(self.interview.value_of(s) is not None for s in self.interview.same_question(step))
        current = self.interview.value_of(step) if others_done else None
        keys = {value: key for key, value in letters(self.lang).items()}
        steps = numbered(q)
        for value in choices(q):
            key = str(steps.index(value) + 1) if value in steps else keys[value]
            line = Text(f"  {key:>2}  {value_label(value, self.lang)}")
            if current is not None and value == current:
                line.append(f"   ← {self.t('assess.current')}", style="bold")
            self.say(line)
        self.say(self.t("assess.keys"), "dim")

    def ask(self, step: Step) -> Answer | Back | Skip | Quit:
        """Show the question and read keys until one means something."""
        self.show(step)
        n = len(numbered(step.question))
        keys = letters(self.lang)
        allowed = choices(step.question)
        shown = ", ".join(
            self.t("assess.letter", key=k, label=value_label(v, self.lang))
            for k, v in keys.items()
            if v in allowed
        )
        while True:
            action = parse_key(
                self.read(hidden=self.workshop), step.question, value_names(step.question), keys
            )
            if isinstance(action, Help):
                self.help(step)
                continue
            if isinstance(action, Invalid):
                key = plain(action.key)
                self.say(
                    self.t("assess.invalid", key=key, n=n, letters=shown)
                    if key
                    else self.t("assess.empty", n=n, letters=shown),
                    "yellow",
                )
                self.show(step)
                continue
            if isinstance(action, Back) and not self.interview.can_go_back:
                self.say(self.t("assess.no_back"), "yellow")
                continue
            return action

    def help(self, step: Step) -> None:
        q = step.question
        body = Text(f"{self.t('assess.why')}: ", style="bold")
        body.append(q.help.get(self.lang))
        self.say(body)
        for source in q.sources:
            text = self.rubric.sources[source].get(self.lang) if source in self.rubric.sources else source
            line = Text(f"{self.t('assess.source')}: ", style="bold")
            line.append(text)
            self.say(line)

    def offer_comment(self, step: Step, *, who: str | None = None) -> None:
        """A one-line comment after a low answer, or the reason for ``ikke_relevant``."""
        value = self.interview.value_of(step)
        if not (is_low(value) or needs_reason(value)):
            return
        prompt = self.t("assess.reason" if needs_reason(value) else "assess.comment")
        existing = self.interview.comment_of(step)
        if existing:
            self.say(self.t("assess.comment_now", text=plain(existing)), "dim")
        if who:
            prompt = self.t("assess.comment_for", who=who, prompt=prompt)
        text = self.read(prompt)
        if text == "-":
            self.change(self.interview.comment(step, ""))
        elif text:
            self.change(self.interview.comment(step, text))

    def reveal(self, step: Step) -> None:
        """Workshop mode, once every party has had its turn: both answers, then comments."""
        steps = self.interview.same_question(step)
        parts = []
        scores = []
        for s in steps:
            value = self.interview.value_of(s)
            who = label(self.parties[s.party], self.lang, definite=True)  # as «Kommunen svarer» names it
            shown = (
                "–"
                if value is None
                else (
                    f"{value} {value_label(value, self.lang)}"
                    if isinstance(value, int)
                    else value_label(value, self.lang)
                )
            )
            parts.append(f"{who}: {shown}")
            score = SCALES[s.question.scale].get(value) if value is not None else None
            if score is not None:
                scores.append(score)
        self.say(self.t("assess.reveal", answers=" · ".join(parts)), "bold")
        if len(scores) > 1 and max(scores) - min(scores) >= DIVERGENCE_GAP:
            self.say(self.t("assess.reveal_apart"), "yellow")
        for s in steps:
            self.offer_comment(s, who=label(self.parties[s.party], self.lang))

    def finish(self) -> int:
        """Mark the respondents complete, save, and show the report."""
        for party in self.parties:
            if party.status != Status.complete:
                party.status = Status.complete
                self.dirty = True
        if self.dirty:
            self.save()
        it = self.interview
        self.say()
        self.say(self.t("assess.done", file=self.shown, **self.counts()), "bold green")
        self.say_not_scored()
        left = it.unanswered()
        if left:
            self.say(self.t("assess.left", count=len(left)))
            self.say_command(self.command())
        self.report()
        return ExitCode.OK

    def summary(self, assessment: Assessment) -> None:
        """The level and what to do first, again, as the last thing on the screen: the closing
        report is longer than a terminal window, and its top has scrolled away."""
        from samarbeid.render.words import Words

        w = Words(self.rubric, self.lang)
        self.say()
        self.say(f"{self.t('r.overall')}: {w.level(assessment.level)}", "bold")
        for n, p in enumerate(assessment.priorities, 1):
            self.say(f"{n}. {self.t(f'severity.{p.severity}').upper()} {w.title(p)}")

    def report(self) -> None:
        """The closing report, made as ``samarbeid report FILE --as-of TODAY`` makes it, and a
        note for a party that has not answered yet."""
        from samarbeid.pipeline import assess_files
        from samarbeid.render import ReportFormat, render_report

        assessment = assess_files([self.file], self.rubric, as_of=self.today)
        self.say()
        self.console.file.write(
            render_report(
                assessment,
                ReportFormat.terminal,
                rubric=self.rubric,
                lang=self.lang,
                color=self.color,
                width=min(self.console.width, 100),
                names=self.names,
                detail_command=self.report_command("--detail"),
            )
        )
        self.summary(assessment)
        answered = {
            entry.role
            for entry in self.model.respondents
            if any(v is not None for v in entry.answers.values())
        }
        for role in Role:
            if role not in answered:
                self.say()
                self.say(self.t("assess.other_missing", role=t(f"role.def.{role}", self.lang)), "bold yellow")
                self.say_command(
                    resume_command(
                        self.file,
                        [Party(role, None, None, None)],
                        lang=self.lang,
                        rubric_path=self.rubric_path,
                    )
                )
                self.say(self.t("assess.other_file"))
                self.say_command(self.report_command(self.t("assess.their_file")))
        self.console.file.flush()


def ask_project(
    session_console: Console, reader: Reader, file: Path, lang: str, today: dt.date
) -> AnswerFile:
    """Ask the project's details for a new file."""

    def read(prompt: str) -> str:
        return ask_line(session_console, reader, Text(f"{prompt}: ", style="bold"))

    def say(text: str, style: str = "") -> None:
        session_console.print(Text(text, style=style))

    say(t("assess.new_file", lang, file=plain(str(file))), "bold")
    default = slugify(file.stem) or "nytt-samarbeid"
    while True:
        typed = read(t("assess.ask_id", lang, default=default))
        pid = typed or default
        if is_slug(pid):
            break
        if is_slug(slugify(pid)):
            pid = slugify(pid)
            say(t("assess.id_slugged", lang, id=pid), "dim")
            break
        say(t("assess.bad_id", lang, example=default), "yellow")
    name = read(t("assess.ask_name", lang)) or None
    kommune = read(t("assess.ask_kommune", lang)) or None
    entreprenor = read(t("assess.ask_entreprenor", lang)) or None
    phases = list(Phase)
    listing = "  ".join(f"{n} {t(f'phase.{p}', lang)}" for n, p in enumerate(phases, 1))
    say(f"  {listing}", "dim")
    phase = None
    while True:
        typed = read(t("assess.ask_phase", lang)).casefold()
        if not typed:
            break
        names = {str(n): p for n, p in enumerate(phases, 1)}
        names.update({str(p): p for p in phases})
        names.update({t(f"phase.{p}", lng).casefold(): p for p in phases for lng in LANGS})
        if typed in names:
            phase = names[typed]
            break
        say(t("assess.bad_phase", lang, n=len(phases)), "yellow")
    project = {
        "id": pid,
        "name": name,
        "kommune": kommune,
        "entreprenor": entreprenor,
        "phase": str(phase) if phase is not None else None,
        "assessed": today,
    }
    return validated(
        AnswerFile,
        {
            "samarbeid": FORMAT_VERSION,
            "project": project,
            "status": str(Status.in_progress),
            "respondents": [],
        },
    )


def ask_party(lang: str, reader: Reader) -> Role:
    """Ask which party a person at a terminal answers for: the parties numbered; a number,
    an id or a Norwegian spelling answers. Ctrl-C and the end of input raise as they came."""
    parties = list(Role)
    print(t("cli.ask_role", lang))
    for n, party in enumerate(parties, 1):
        word = t(f"role.{party}", lang)
        print(f"  {n}. {word[:1].upper()}{word[1:]}")
    while True:
        answer = reader(t("cli.ask_role.pick", lang), False).strip()
        number = int(answer) if answer.isdigit() else 0
        chosen = parties[number - 1] if 1 <= number <= len(parties) else Role.parse(answer)
        if chosen is not None:
            print(t("cli.ask_role.next_time", lang, role=chosen))
            return chosen
        print(t("cli.ask_role.again", lang))
