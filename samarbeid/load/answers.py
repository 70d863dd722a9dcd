"""Load answer files: YAML → validated answers with source positions, merged per project.

What loading makes (a loaded file, its respondents' answers, a project's submission) is frozen
``msgspec.Struct`` classes, cheap to define at import (docs/architecture.md, «Models without
pydantic at run time»), as are the answer file's records it holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec

from samarbeid.answerfile import (
    FORMAT_VERSION,
    AcceptedRisk,
    AnswerFile,
    Identity,
    ProjectInfo,
    RespondentEntry,
    check,
    identity,
    respondent_label,
)
from samarbeid.errors import InputError, Problem, SourceRef
from samarbeid.message import Msg
from samarbeid.parse import fastread
from samarbeid.parse.validation import (
    MAX_PROBLEMS,
    capped,
    describe,
    field_names,
    problems_from,
    short,
    unknown_id,
)
from samarbeid.parse.yamlread import Document, parse_bytes, read_file
from samarbeid.record import data_of, validated
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import NoAnswer, Role, Scale, Status, Value


class Response(msgspec.Struct, frozen=True):
    """One respondent's validated answers, and where each answer stands."""

    role: Role
    unit: str | None
    name: str | None
    answers: dict[str, Value]
    comments: dict[str, str]
    file: str
    at: SourceRef
    #: question id → (line, column) of the answer
    refs: dict[str, tuple[int, int]]
    #: where an imported respondent came from (``nettskjema:31000``); None when typed in
    source: str | None = None

    @property
    def who(self) -> str | None:
        """Unit and name: ``Innvandrertjenesten, Kari Nordmann`` (None when neither is given)."""
        return respondent_label(self.unit, self.name)

    @property
    def identity(self) -> Identity:
        """Who this respondent is (:func:`samarbeid.answerfile.identity`)."""
        return identity(self.role, self.unit, self.name, self.source)

    def label(self) -> str:
        """``kommune (Innvandrertjenesten, Kari Nordmann)``, for messages about the file."""
        return f"{self.role} ({self.who})" if self.who else self.role


class LoadedFile(msgspec.Struct, frozen=True):
    """One answer file, validated against a rubric."""

    file: str
    model: AnswerFile
    responses: tuple[Response, ...]
    document: Document
    #: what is allowed but looks like a mistake (``ikke_relevant`` without a reason); said on
    #: stderr by ``validate``, which checks a file as it is written (a report shows the
    #: reasons that are given, and how many answers are ``ikke_relevant``)
    warnings: tuple[Problem, ...] = ()
    #: every respondent has answered every question of their role (``vet_ikke`` is an answer)
    answered: bool = False


class Submission(msgspec.Struct, frozen=True):
    """Everything answered for one project, possibly merged from several files."""

    project: ProjectInfo
    status: Status
    responses: tuple[Response, ...]
    files: tuple[str, ...]
    accepted: tuple[AcceptedRisk, ...] = ()


def load_file(path: Path, rubric: Rubric, display: str | None = None) -> LoadedFile:
    """Read, parse and validate one answer file (the standard layout by the fast reader,
    :mod:`samarbeid.parse.fastread`, anything else by the full one)."""
    return validate_document(read_file(path, display, parse=fastread.parse_text), rubric)


def load_bytes(raw: bytes, name: str, rubric: Rubric) -> LoadedFile:
    """Parse and validate answer-file bytes read elsewhere (as :func:`load_file` does)."""
    return validate_document(parse_bytes(raw, name, parse=fastread.parse_text), rubric)


def validate_document(doc: Document, rubric: Rubric) -> LoadedFile:
    """Check a parsed document against the file format and the rubric."""
    data = doc.data
    if isinstance(data, dict) and "tiltaksplan" in data and "samarbeid" not in data:
        raise InputError([Problem(doc.ref(("tiltaksplan",), key=True), "answers.is_plan")])
    if isinstance(data, dict) and "samarbeid" in data and data["samarbeid"] != FORMAT_VERSION:
        raise InputError(
            [Problem(doc.ref(("samarbeid",)), "answers.version", {"found": describe(data["samarbeid"])})]
        )
    model = check.answer_file(data)
    if model is None:
        model = _validated(data, doc, rubric)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    responses = _read_respondents(list(enumerate(model.respondents)), doc, rubric, problems, warnings)
    if model.status is Status.complete and not any(r.answers for r in responses) and not problems:
        problems.append(Problem(doc.ref(("status",)), "answers.complete_but_empty"))
    known = rubric.problems_by_id  # problem ids and their aliases
    for i, risk in enumerate(model.accepted):
        if len(problems) > MAX_PROBLEMS:
            break
        if risk.rule not in known:
            where = doc.ref(("accepted", i, "rule"))
            problems.append(unknown_id(where, "answers.unknown_rule", {"rule": risk.rule}, risk.rule, known))
    if problems:
        raise InputError(capped(problems))
    answered = bool(responses) and all(
        r.answers.keys() >= rubric.answerable[r.role].keys() for r in responses
    )
    return LoadedFile(doc.file, model, tuple(responses), doc, tuple(warnings), answered)


def _validated(data: Any, doc: Document, rubric: Rubric) -> AnswerFile:
    """The answer file in ``data`` as pydantic reads it (what :mod:`samarbeid.answerfile.check`
    is not certain of); every problem it finds is an :class:`InputError`."""
    from pydantic import ValidationError

    try:
        return validated(AnswerFile, data)
    except ValidationError as exc:
        # Report the answers' problems too: a bad `phase:` must not hide them.
        found = [_explained(p, rubric) for p in problems_from(exc, doc, field_names(AnswerFile))]
        _read_respondents(list(_valid_entries(data)), doc, rubric, found, [])
        raise InputError(capped(found)) from None


def read_respondents(doc: Document, rubric: Rubric) -> list[RespondentEntry] | None:
    """The respondents of ``doc``, a part of an answer file that holds only ``respondents:``
    (what :mod:`samarbeid.inplace` reads again), each checked as in a whole file; None when
    one is not valid (the whole file read again says where and why)."""
    from pydantic import ValidationError

    try:
        entries = [
            check.respondent(block) or validated(RespondentEntry, block) for block in doc.data["respondents"]
        ]
    except ValidationError:
        return None
    problems: list[Problem] = []
    _read_respondents(list(enumerate(entries)), doc, rubric, problems, [])
    return None if problems else entries


def _explained(problem: Problem, rubric: Rubric) -> Problem:
    """A structure problem said in the answer file's terms. An unknown field that is a question
    id is an answer or a comment moved left, out of its ``answers:`` or ``comments:``: an
    indentation problem, said so at that line. A respondent without a role is told the roles."""
    if problem.code == "v.extra" and problem.params.get("field") in rubric.by_id:
        return Problem(problem.where, "yaml.indent", {}, "hint.indent")
    if problem.code == "v.missing" and problem.params.get("field") == "role":
        return Problem(
            problem.where, "answers.missing_role", {"kommune": Role.kommune, "entreprenor": Role.entreprenor}
        )
    return problem


def _valid_entries(data: Any) -> Iterator[tuple[int, RespondentEntry]]:
    """The respondent blocks of a file that failed validation elsewhere, each that is itself
    valid (its own problems are already reported)."""
    from pydantic import ValidationError

    blocks = data.get("respondents") if isinstance(data, dict) else None
    for i, block in enumerate(blocks if isinstance(blocks, list) else []):
        try:
            yield i, validated(RespondentEntry, block)
        except ValidationError:
            continue


def _read_respondents(
    entries: list[tuple[int, RespondentEntry]],
    doc: Document,
    rubric: Rubric,
    problems: list[Problem],
    warnings: list[Problem],
) -> list[Response]:
    """Check every respondent's answers against the rubric (problems and warnings are
    appended) and read them with their positions."""
    responses = []
    seen: dict[Identity, int] = {}
    unexplained: list[tuple[tuple[Any, ...], str]] = []  # ikke_relevant without a comment
    positions = doc.values
    for i, entry in entries:
        if len(problems) > MAX_PROBLEMS:  # enough to show; the rest is not worth the time
            break
        base = ("respondents", i)
        answers: dict[str, Value] = {}
        refs: dict[str, tuple[int, int]] = {}
        accepts = rubric.answerable[entry.role]
        for qid, value in entry.answers.items():
            allowed = accepts.get(qid)
            # a value id of a question of the role (the common case, as _check_answer reads it)
            if allowed is not None and (type(value) is int or type(value) is str) and value in allowed:
                answers[qid] = value
                refs[qid] = positions["respondents", i, "answers", qid]
                continue
            if len(problems) > MAX_PROBLEMS:  # (an answer taken adds none)
                break
            where = (*base, "answers", qid)
            read, problem = _check_answer(rubric, entry.role, qid, value, doc, where)
            if problem is not None:
                problems.append(problem)
            elif read is not None:
                answers[qid] = read
                refs[qid] = positions[where]
        comments = {}
        for qid, text in entry.comments.items():
            if len(problems) > MAX_PROBLEMS:
                break
            if qid not in rubric.by_id:
                problems.append(
                    _unknown(rubric, qid, doc, (*base, "comments", qid), "answers.comment_unknown")
                )
            elif text:
                comments[qid] = text
        if _IKKE_RELEVANT in answers.values():
            unexplained.extend(
                ((*base, "answers", qid), qid)
                for qid, value in answers.items()
                if value == _IKKE_RELEVANT and qid not in comments
            )
        response = Response(
            entry.role, entry.unit, entry.name, answers, comments, doc.file, doc.ref(base), refs, entry.source
        )
        who = response.identity
        if who in seen:
            problems.append(
                Problem(
                    doc.ref(base),
                    "answers.duplicate_respondent",
                    {
                        "who": response.label(),
                        "other": f"{doc.file}:{doc.ref(('respondents', seen[who])).line}",
                    },
                )
            )
        seen[who] = i
        responses.append(response)
    if unexplained:  # one line for the file, at the first, naming every question once
        questions = ", ".join(f"'{q}'" for q in dict.fromkeys(q for _, q in unexplained))
        first = doc.ref(unexplained[0][0])
        warnings.append(Problem(first, "answers.no_reason", {"questions": questions}, severity="warning"))
    return responses


_IKKE_RELEVANT: str = NoAnswer.ikke_relevant.value


def _unknown(rubric: Rubric, qid: str, doc: Document, path: tuple[Any, ...], code: str) -> Problem:
    return unknown_id(doc.ref(path, key=True), code, {"question": short(qid)}, qid, rubric.by_id)


def _check_answer(
    rubric: Rubric, role: str, qid: str, value: Any, doc: Document, path: tuple[Any, ...]
) -> tuple[Value | None, Problem | None]:
    """The value id an answer gives (None when it is left empty), or the problem with it. A
    value is read as ``assess`` and import read it (:func:`samarbeid.i18n.values.read_value`):
    its id, a quoted number, or its label in any language and case (``Helt enig``, ``Nei``,
    ``vet ikke``, ``ikkje relevant``)."""
    question = rubric.by_id.get(qid)
    if question is None:
        return None, _unknown(rubric, qid, doc, path, "answers.unknown_question")
    if role not in question.roles:
        problem = Problem(
            doc.ref(path, key=True),
            "answers.not_for_role",
            {"question": qid, "roles": Msg(f"role.def.{question.roles[0]}")},
        )
        return None, problem
    if value is None:
        return None, None
    # a list or a mapping is never an answer (and cannot be looked up in a set)
    if not isinstance(value, (bool, list, dict)) and value in question.allowed:
        return value, None
    # a label is read only when the value is not an id: reading a file of ids (and scoring)
    # never loads a message catalogue
    from samarbeid.i18n.values import closest_value, read_value

    # true/false is YAML's reading of yes/no
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            return read_value(question.allowed, str(value)), None
        except ValueError:
            pass
    hint, hint_params = None, {}
    text = isinstance(value, str) and len(value) < 100
    close = closest_value(question.allowed, value) if text else None
    if isinstance(value, bool):
        hint = "hint.yes_no" if question.scale is Scale.status else None
    elif isinstance(close, int):
        hint, hint_params = "hint.value", {"value": close, "label": Msg(f"value.{close}")}
    elif close is not None:
        hint, hint_params = "hint.did_you_mean", {"suggestion": close}
    problem = Problem(
        doc.ref(path),
        "answers.bad_value",
        {
            "found": describe(value, doc.raw.get(tuple(path))),
            "question": qid,
            "allowed": ", ".join(str(v) for v in question.values()),
        },
        hint,
        hint_params,
    )
    return None, problem


def merge(loaded: Sequence[LoadedFile], warnings: list[Problem] | None = None) -> Submission:
    """Merge the files of one project; a different project id or a repeated respondent
    is an input error. Project details that differ between the files (a ``phase``, a
    ``name`` …) are each a warning, appended to ``warnings``."""
    problems = other_projects(loaded)
    responses: list[Response] = []
    seen: dict[Identity, Response] = {}
    for lf in loaded:
        if lf.model.project.id != loaded[0].model.project.id:
            continue
        for r in lf.responses:
            other = seen.get(r.identity)
            if other is not None and other.file != r.file:
                problems.append(
                    Problem(
                        r.at,
                        "answers.duplicate_respondent",
                        {"who": r.label(), "other": f"{other.file}:{other.at.line}"},
                    )
                )
            seen[r.identity] = r
            responses.append(r)
    if problems:
        raise InputError(problems)
    done = all(lf.model.status is Status.complete for lf in loaded)
    status = Status.complete if done else Status.in_progress
    accepted = tuple(risk for lf in loaded for risk in lf.model.accepted)
    if warnings is not None:
        warnings.extend(_differences(loaded))
        if status is not Status.complete and all(lf.answered for lf in loaded):
            warnings.extend(_all_answered(loaded, {r.role for r in responses}))
    return Submission(
        _merged_project([lf.model.project for lf in loaded]),
        status,
        tuple(responses),
        tuple(lf.file for lf in loaded),
        accepted,
    )


def _all_answered(loaded: Sequence[LoadedFile], roles: set[Role]) -> list[Problem]:
    """When both parties have answered every question but a file still says ``in_progress``:
    one warning, at that file's ``status``, that tells the user to mark it complete. (The file
    is not taken as complete on its own: only the parties know that they are done.)"""
    if roles != set(Role):
        return []
    lf = next(lf for lf in loaded if lf.model.status is not Status.complete)
    return [Problem(lf.document.ref(("status",)), "answers.all_answered", severity="warning")]


def other_projects(loaded: Sequence[LoadedFile]) -> list[Problem]:
    """A problem at the project id of each file that is about another project than the
    first file: one report covers one project."""
    first = loaded[0]
    return [
        Problem(
            lf.document.ref(("project", "id")),
            "answers.other_project",
            {"found": lf.model.project.id, "expected": first.model.project.id, "other": first.file},
        )
        for lf in loaded
        if lf.model.project.id != first.model.project.id
    ]


#: The project details that should be the same in every file of a project (``assessed`` may
#: differ: each party answers on its own day, and the latest date is the assessment's).
MERGED_DETAILS = ("name", "kommune", "entreprenor", "phase")


def _same(a: Any, b: Any) -> bool:
    """Whether two project details say the same, without regard to case and spacing."""
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def _differences(loaded: Sequence[LoadedFile]) -> list[Problem]:
    """A warning at each project detail that differs from the one the merged project uses
    (the first file's, as :func:`_merged_project` takes it), naming the value used and its file."""
    problems: list[Problem] = []
    for name in MERGED_DETAILS:
        used = next((lf for lf in loaded if getattr(lf.model.project, name) is not None), None)
        if used is None:
            continue
        value = getattr(used.model.project, name)
        for lf in loaded:
            other = getattr(lf.model.project, name)
            if other is None or _same(other, value):
                continue
            # a phase in the reader's words (drift), the texts as written
            said = (
                (Msg(f"phase.{other}"), Msg(f"phase.{value}"))
                if name == "phase"
                else (short(other), short(value))
            )
            problems.append(
                Problem(
                    lf.document.ref(("project", name)),
                    "merge.differs",
                    {"field": name, "found": said[0], "used": said[1], "other": used.file},
                    "hint.same_details",
                    severity="warning",
                )
            )
    return problems


def _merged_project(projects: list[ProjectInfo]) -> ProjectInfo:
    """The first file's project details, with gaps filled from the others; the assessment
    date is the latest one (the assessment is done when the last party has answered)."""
    fields: dict[str, Any] = {}
    for p in projects:
        for key, value in data_of(p).items():
            if fields.get(key) is None:
                fields[key] = value
    dates = [p.assessed for p in projects if p.assessed is not None]
    fields["assessed"] = max(dates) if dates else None
    return ProjectInfo(**fields)


def load_files(paths: Iterable[Path], rubric: Rubric) -> list[LoadedFile]:
    """Load every file; the problems of all of them together are one input error."""
    loaded: list[LoadedFile] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_file(path, rubric))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return loaded


def load_submission(
    paths: Iterable[Path], rubric: Rubric, warnings: list[Problem] | None = None
) -> Submission:
    """Load every file (collecting every file's problems) and merge them; the merge's
    warnings are appended to ``warnings``."""
    return merge(load_files(paths, rubric), warnings)
