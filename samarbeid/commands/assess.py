"""``samarbeid assess``: the interactive checklist in the terminal, saved after every answer.

The engine (:mod:`samarbeid.interview`) decides what to ask; this module prompts, reads
lines through an injectable reader, and writes the answer file atomically after every
answer. Everything that can fail (rubric, existing file, a writable folder) is checked
before the first question.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from rich.console import Console
from rich.text import Text

from samarbeid.answerfile import PHASES, AnswerFile, RespondentEntry
from samarbeid.errors import ExitCode, UsageError
from samarbeid.fileio import os_reason, write_atomic
from samarbeid.i18n import t, value_label
from samarbeid.interview import (
    AmbiguousRespondent,
    Answer,
    Back,
    Help,
    Interview,
    Invalid,
    Quit,
    Skip,
    Step,
    Value,
    choices,
    find_respondent,
    is_low,
    needs_reason,
    parse_key,
)
from samarbeid.load import LoadedFile, load_file
from samarbeid.render.escape import plain
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import ROLES, SCALES, Rubric, is_slug, slugify

#: The exit code after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130

#: Shows a prompt and reads one line of input (without its line end), like ``input()``;
#: the flag asks not to echo what is typed. Raises EOFError at the end of input and
#: KeyboardInterrupt on Ctrl-C.
Reader = Callable[[str, bool], str]

_ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?")


def read_line(prompt: str, hidden: bool = False) -> str:
    """Write ``prompt`` to stdout and read one line from stdin. ``hidden`` turns the
    terminal's echo off *before* the prompt appears, so nothing typed is ever shown."""
    fd = sys.stdin.fileno()
    if not (hidden and os.isatty(fd)):
        _write(prompt)
        return _readline()
    with _echo_off(fd):
        _write(prompt)
        return _readline()


@contextlib.contextmanager
def _echo_off(fd: int) -> Iterator[None]:
    try:
        import termios
    except ImportError:  # pragma: no cover - not on POSIX: the answer is shown
        yield
        return
    old = termios.tcgetattr(fd)
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    try:
        yield
    finally:  # also on Ctrl-C: the terminal must never be left without echo
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
        _write("\n")  # the Enter was not echoed either


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _readline() -> str:
    try:
        raw = sys.stdin.buffer.readline()
    except OSError:  # the terminal went away
        raise EOFError from None
    if not raw:
        raise EOFError
    return clean(raw.decode("utf-8", errors="replace"))


def clean(line: str) -> str:
    """A typed line as text: no line end, no escape sequences (arrow keys), no control
    characters."""
    line = _ANSI.sub("", line.rstrip("\r\n"))
    return "".join(ch for ch in line if ch.isprintable())


def ask_line(console: Console, reader: Reader, prompt: Text, *, hidden: bool = False) -> str:
    """Render ``prompt`` as ``console`` would (colour, width) and let ``reader`` show it and
    read the answer, stripped."""
    with console.capture() as captured:
        console.print(prompt, end="")
    return reader(captured.get(), hidden).strip()


# ---- who answers ------------------------------------------------------------------------


@dataclass
class Party:
    """One respondent taking part in this session."""

    role: str
    unit: str | None
    name: str | None
    status: str | None  # as found in the file; None for a new respondent
    answers: dict[str, Value] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)

    @property
    def identity(self) -> tuple[str, str, str]:
        """Like :attr:`samarbeid.load.Response.identity`."""
        return (self.role, (self.unit or "").strip().casefold(), (self.name or "").strip().casefold())

    def label(self, lang: str) -> str:
        """``kommune (Oppvekst, Kari Nordmann)`` in ``lang``."""
        extra = ", ".join(plain(x) for x in (self.unit, self.name) if x)
        role = t(f"role.{self.role}", lang)
        return f"{role} ({extra})" if extra else role


def _identity(entry: RespondentEntry) -> tuple[str, str, str]:
    return (entry.role, (entry.unit or "").strip().casefold(), (entry.name or "").strip().casefold())


def find_parties(loaded: LoadedFile | None, roles: Sequence[str], unit: str | None,
                 name: str | None, file: Path) -> list[Party]:
    """The respondents of this session: found in the file by role (and unit/name when
    given), or new."""
    entries = [(e.role, e.unit, e.name) for e in loaded.model.respondents] if loaded else []
    parties = []
    for role in roles:
        try:
            index = find_respondent(entries, role, unit, name)
        except AmbiguousRespondent as exc:
            assert loaded is not None
            who = "; ".join(loaded.responses[i].label() for i in exc.indices)
            raise UsageError("assess.ambiguous", file=str(file), role=role, who=who) from None
        if index is None or loaded is None:
            parties.append(Party(role, unit, name, None))
        else:
            entry, response = loaded.model.respondents[index], loaded.responses[index]
            parties.append(Party(role, entry.unit, entry.name, entry.status,
                                 dict(response.answers), dict(response.comments)))
    return parties


# ---- the file -----------------------------------------------------------------------


def document(model: AnswerFile, parties: Sequence[Party], interview: Interview,
             rubric: Rubric) -> dict[str, Any]:
    """The answer file as data, in the key order of the format (``samarbeid init``): the
    respondents of this session carry the interview's answers and status; everything else
    in the file (other respondents, accepted risks, fields added later) stays as it was."""
    order = {q.id: i for i, q in enumerate(rubric.questions)}

    def by_rubric(mapping: Mapping[str, Any]) -> dict[str, Any]:
        return {k: mapping[k] for k in sorted(mapping, key=lambda q: order.get(q, len(order)))}

    blocks: list[dict[str, Any]] = []
    complete: list[bool] = []
    placed: set[int] = set()
    for entry in model.respondents:
        k = next((i for i, p in enumerate(parties) if p.identity == _identity(entry)), None)
        if k is None or k in placed:
            blocks.append(_fields(entry, {
                "answers": {q: v for q, v in entry.answers.items() if v is not None},
                "comments": {q: c for q, c in entry.comments.items() if c}}))
            complete.append(entry.status == "complete" or (entry.status is None and all(
                entry.answers.get(q.id) is not None for q in rubric.questions_for(entry.role))))
            continue
        placed.add(k)
        blocks.append(_fields(entry, _ours(parties[k], interview, k, by_rubric)))
        complete.append(parties[k].status == "complete")
    for k, party in enumerate(parties):
        if k not in placed:
            blocks.append(_fields(None, _ours(party, interview, k, by_rubric)))
            complete.append(party.status == "complete")
    status = "complete" if blocks and all(complete) else "in_progress"
    return _fields(model, {"status": status, "respondents": blocks})


def _ours(party: Party, interview: Interview, k: int,
          by_rubric: Callable[[Mapping[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    return {"role": party.role, "unit": party.unit, "name": party.name,
            "status": party.status or "in_progress",
            "answers": by_rubric(interview.answers[k]),
            "comments": by_rubric(interview.comments[k])}


def _fields(model: BaseModel | None, override: dict[str, Any]) -> dict[str, Any]:
    """A model as plain data in its fields' order, with ``override`` applied; fields that
    are None or left at their default are left out (``answers`` and ``comments`` stay)."""
    kind: type[BaseModel] = type(model) if model is not None else RespondentEntry
    data = model.model_dump(exclude_defaults=True) if model is not None else {}
    out: dict[str, Any] = {}
    for name in kind.model_fields:
        value = override[name] if name in override else data.get(name)
        if value is not None:
            out[name] = value
    return out


def dump(data: dict[str, Any]) -> str:
    """The answer file's YAML text."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def check_writable(file: Path) -> None:
    """Fail now, not after the first answer, when ``file``'s folder cannot take a new file."""
    directory = file.parent if str(file.parent) else Path(".")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".probe", dir=directory)
    except OSError as exc:
        raise UsageError("file.write_failed_at", file=str(file),
                         reason=os_reason(exc)) from None
    os.close(fd)
    os.unlink(probe)


def resume_command(file: Path, parties: Sequence[Party], *, lang: str,
                   rubric_path: Path | None) -> str:
    """The exact command that continues this session."""
    parts = ["samarbeid", "assess", str(file)]
    for party in parties:
        parts += ["--role", party.role]
    if len(parties) == 1:
        if parties[0].unit:
            parts += ["--unit", parties[0].unit]
        if parties[0].name:
            parts += ["--name", parties[0].name]
    if lang != "nb":
        parts += ["--lang", lang]
    if rubric_path is not None:
        parts += ["--rubric", str(rubric_path)]
    return " ".join(shlex.quote(p) for p in parts)


# ---- the session --------------------------------------------------------------------


class Session:
    """One run of the checklist: the engine's state, the file, and the terminal."""

    def __init__(self, *, file: Path, rubric: Rubric, rubric_path: Path | None, model: AnswerFile,
                 parties: list[Party], lang: str, console: Console, reader: Reader,
                 color: bool) -> None:
        self.file = file
        self.rubric = rubric
        self.rubric_path = rubric_path
        self.model = model
        self.parties = parties
        self.lang = lang
        self.console = console
        self.reader = reader
        self.color = color
        self.workshop = len(parties) > 1
        self.interview = Interview.start(rubric, [p.role for p in parties],
                                         [p.answers for p in parties],
                                         [p.comments for p in parties])
        self.dirty = False
        self.stamp = _stamp(file)

    # -- saving --

    def save(self) -> None:
        """Write the file now (atomically). If someone else changed it since our last
        write, their version is read first and only our respondents are replaced."""
        current = _stamp(self.file)
        if current is not None and current != self.stamp:
            self.model = load_file(self.file, self.rubric).model
        write_atomic(self.file, dump(document(self.model, self.parties, self.interview,
                                              self.rubric)))
        self.stamp = _stamp(self.file)
        self.dirty = False

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

    def command(self) -> str:
        return resume_command(self.file, self.parties, lang=self.lang, rubric_path=self.rubric_path)

    def who(self) -> str:
        return " + ".join(p.label(self.lang) for p in self.parties)

    # -- the loop --

    def run(self, *, resumed: bool) -> int:
        """Ask until done or quit; save; show the report at the end."""
        it = self.interview
        total = it.total()
        if resumed and it.answered_count():
            self.say(self.t("assess.resuming", file=self.file, who=self.who(),
                            answered=it.answered_count(), total=total), "bold")
        else:
            self.say(self.t("assess.intro", total=len({s.question.id for s in it.steps}),
                            who=self.who()), "bold")
        if self.workshop:
            self.say(self.t("assess.workshop"))
        try:
            finished = self.loop()
        except (KeyboardInterrupt, EOFError):
            self.say()
            if self.dirty:
                self.save()
            self.say(self.t("assess.interrupted", file=self.file,
                            answered=self.interview.answered_count(), total=total), "yellow")
            self.say_command(self.command())
            return INTERRUPTED
        if not finished:
            self.say(self.t("assess.saved", file=self.file,
                            answered=self.interview.answered_count(), total=total))
            self.say_command(self.command())
            return ExitCode.OK
        return self.finish()

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
            who = self.parties[step.party].label(self.lang)
            self.say(self.t("assess.turn", who=who[:1].upper() + who[1:]), "bold cyan")
        self.say(q.wording(step.role, self.lang))
        others_done = all(self.interview.value_of(s) is not None
                          for s in self.interview.same_question(step))
        current = self.interview.value_of(step) if others_done else None
        for n, value in enumerate(choices(q), 1):
            line = Text(f"  {n:>2}  {value_label(value, self.lang)}")
            if current is not None and value == current:
                line.append(f"   ← {self.t('assess.current')}", style="bold")
            self.say(line)
        self.say(self.t("assess.keys"), "dim")

    def ask(self, step: Step) -> Answer | Back | Skip | Quit:
        """Show the question and read keys until one means something."""
        self.show(step)
        n = len(choices(step.question))
        while True:
            action = parse_key(self.read(hidden=self.workshop), step.question)
            if isinstance(action, Help):
                self.help(step)
                continue
            if isinstance(action, Invalid):
                key = plain(action.key)
                self.say(self.t("assess.invalid", key=key, n=n) if key else
                         self.t("assess.empty", n=n), "yellow")
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
            label = self.parties[s.party].label(self.lang)
            shown = "–" if value is None else (
                f"{value} {value_label(value, self.lang)}" if isinstance(value, int)
                else value_label(value, self.lang))
            parts.append(f"{label} {shown}")
            score = SCALES[s.question.scale].get(value) if value is not None else None
            if score is not None:
                scores.append(score)
        self.say(self.t("assess.reveal", answers=" · ".join(parts)), "bold")
        if len(scores) > 1 and max(scores) - min(scores) >= 50:
            self.say(self.t("assess.reveal_apart"), "yellow")
        for s in steps:
            self.offer_comment(s, who=self.parties[s.party].label(self.lang))

    def finish(self) -> int:
        """Mark the respondents complete, save, and show the report."""
        for party in self.parties:
            if party.status != "complete":
                party.status = "complete"
                self.dirty = True
        if self.dirty:
            self.save()
        it = self.interview
        self.say()
        self.say(self.t("assess.done", answered=it.answered_count(), total=it.total(),
                        file=self.file), "bold green")
        left = it.unanswered()
        if left:
            self.say(self.t("assess.left", count=len(left)))
            self.say_command(self.command())
        self.report()
        return ExitCode.OK

    def report(self) -> None:
        from samarbeid.load import merge
        from samarbeid.render.terminal import render_terminal
        from samarbeid.score import assess

        loaded = load_file(self.file, self.rubric)
        assessment = assess(self.rubric, merge([loaded]), self.lang)
        self.say()
        self.console.file.write(render_terminal(assessment, color=self.color,
                                                width=min(self.console.width, 100)))
        answered = {r.role for r in loaded.responses if r.answers}
        for role in ROLES:
            if role not in answered:
                self.say()
                self.say(self.t("assess.other_missing", role=t(f"role.{role}", self.lang)),
                         "bold yellow")
                self.say_command(resume_command(self.file, [Party(role, None, None, None)],
                                                lang=self.lang, rubric_path=self.rubric_path))
                self.say(self.t("assess.other_file"))
                self.say_command(f"samarbeid report {shlex.quote(str(self.file))} "
                                 f"{self.t('assess.their_file')}")
        self.console.file.flush()


# ---- a new file ------------------------------------------------------------------------


def ask_project(session_console: Console, reader: Reader, file: Path, lang: str,
                today: dt.date) -> AnswerFile:
    """Ask the project's details for a new file."""

    def read(prompt: str) -> str:
        return ask_line(session_console, reader, Text(f"{prompt}: ", style="bold"))

    def say(text: str, style: str = "") -> None:
        session_console.print(Text(text, style=style))

    say(t("assess.new_file", lang, file=file), "bold")
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
    listing = "  ".join(f"{n} {t(f'phase.{p}', lang)}" for n, p in enumerate(PHASES, 1))
    say(f"  {listing}", "dim")
    phase = None
    while True:
        typed = read(t("assess.ask_phase", lang)).casefold()
        if not typed:
            break
        names = {str(n): p for n, p in enumerate(PHASES, 1)}
        names.update({p: p for p in PHASES})
        names.update({t(f"phase.{p}", lng).casefold(): p for p in PHASES for lng in ("nb", "en")})
        if typed in names:
            phase = names[typed]
            break
        say(t("assess.bad_phase", lang, n=len(PHASES)), "yellow")
    project = {"id": pid, "name": name, "kommune": kommune, "entreprenor": entreprenor,
               "phase": phase, "assessed": today}
    return AnswerFile.model_validate({"samarbeid": 1, "project": project,
                                     "status": "in_progress", "respondents": []})


# ---- the command --------------------------------------------------------------------


def _clean_opt(text: str | None) -> str | None:
    text = " ".join(text.split()) if text is not None else None
    return text or None


def run(file: Path, *, roles: Sequence[str], unit: str | None, name: str | None, lang: str,
        rubric_path: Path | None, color: bool, reader: Reader | None = None,
        console: Console | None = None, require_tty: bool = True,
        today: dt.date | None = None) -> int:
    """Run the checklist for ``roles`` in ``file`` (created when missing, else resumed).

    ``reader`` and ``console`` default to the terminal; tests pass their own, and
    ``require_tty=False`` to run without one.
    """
    if require_tty and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("assess.no_tty_existing" if file.exists() else "assess.no_tty",
                         file=shlex.quote(str(file)))
    roles = list(dict.fromkeys(roles))
    unit, name = _clean_opt(unit), _clean_opt(name)
    if len(roles) > 1 and (unit or name):
        raise UsageError("assess.workshop_identity")
    rubric = load_rubric(rubric_path)
    exists = file.exists() or file.is_symlink()
    loaded = load_file(file, rubric) if exists else None
    parties = find_parties(loaded, roles, unit, name, file)
    check_writable(file)
    console = console or Console(highlight=False, markup=False, emoji=False, no_color=not color,
                                 color_system="auto" if color else None)
    reader = reader or read_line
    if loaded is None:
        try:
            model = ask_project(console, reader, file, lang, today or dt.date.today())
        except (KeyboardInterrupt, EOFError):
            console.print()
            console.print(Text(t("assess.nothing_saved", lang), style="yellow"))
            return INTERRUPTED
    else:
        model = loaded.model
    session = Session(file=file, rubric=rubric, rubric_path=rubric_path, model=model,
                      parties=parties, lang=lang, console=console, reader=reader, color=color)
    if loaded is None:
        session.save()
        session.say(t("assess.created", lang, file=file), "dim")
    return session.run(resumed=loaded is not None)
