"""An export's rows → respondents of one role.

One respondent per submission. Only the question, comment and unit columns are copied: the
platform's metadata and personal data (e-mail, name, IP address, submitted-by) never are.
Each respondent records its ``source`` (``nettskjema:31000``), so importing the same export
twice adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samarbeid.errors import InputError, Problem, SourceRef
from samarbeid.i18n.command_line import parse_date
from samarbeid.message import Msg
from samarbeid.parse.validation import capped
from samarbeid.rubric.model import Rubric
from samarbeid.surveys.columns import Plan, plan_columns
from samarbeid.surveys.platform import Kind, Platform, Source, detect
from samarbeid.surveys.read import Row, Table, read_export
from samarbeid.surveys.values import parse
from samarbeid.vocab import Role, Status, Value

#: how many missing questions a message names
MISSING_SHOWN = 5
_UNSEEN: Any = object()


@dataclass(frozen=True)
class MapFile:
    """A mapping file's content: column header → target, and cell text → value id."""

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Value] = field(default_factory=dict)


@dataclass
class Imported:
    """What one export gave: respondents as answer-file data, and what was said on the way."""

    file: str
    platform: Source
    respondents: list[dict[str, Any]]
    warnings: list[Problem]
    skipped_incomplete: int = 0
    skipped_empty: int = 0
    #: the day of the latest submission imported, when the export says
    submitted: dt.date | None = None
    #: each respondent's row in the export, by source
    where: dict[str, SourceRef] = field(default_factory=dict)


def import_export(
    path: Path,
    rubric: Rubric,
    role: Role,
    *,
    source: Source = Source.auto,
    mapping: MapFile | None = None,
    partial: bool = False,
) -> Imported:
    """Read one export into respondents of ``role``; every bad cell is an input error (exit 2),
    and so is an export of the other role's form, or one without a column for a question of
    the role (unless ``partial``: then that is a warning)."""
    table = read_export(path)
    platform = detect(table.header, source)
    if platform is None:
        raise InputError.at(table.file, 1, 1, "import.not_export", reason=Msg(_not_export(table.header)))
    found = detect(table.header, Source.auto)
    if found is not None and found.source is not platform.source:
        # its ids would not be read, and the same export under another name would come in twice
        raise InputError.at(
            table.file, 1, 1, "import.wrong_source", given=str(source), found=str(found.source)
        )
    plan = plan_columns(table, platform, rubric, role, mapping.columns if mapping else None)
    errors = [p for p in plan.problems if p.severity == "error"]
    if errors:
        raise InputError(capped(errors))
    other = next(r for r in Role if r is not role)
    if plan.other_role > plan.own_role:
        raise InputError.at(
            table.file,
            1,
            1,
            "import.other_role",
            role=Msg(f"role.def.{other}"),
            mine=Msg(f"role.def.{role}"),
            value=str(other),
        )
    if not plan.questions:
        problem = Problem(
            SourceRef(table.file, 1, 1),
            "import.no_questions",
            {"role": Msg(f"role.def.{role}")},
            "import.hint.other_role" if plan.other_role else "import.hint.map",
            {"role": Msg(f"role.def.{other}")} if plan.other_role else {},
        )
        raise InputError([problem])
    rows = list(table.rows)
    if rows and platform.extra_header is not None and platform.extra_header(rows[0].cells):
        rows = rows[1:]
    if not rows:
        raise InputError.at(table.file, 1, 1, "import.empty")
    warnings = [p for p in plan.problems if p.severity != "error"]
    missing = [q.id for q in rubric.questions_for(role) if q.id not in plan.questions.values()]
    if missing:
        listed = ", ".join(f"«{q}»" for q in missing[:MISSING_SHOWN]) + (
            " …" if missing[MISSING_SHOWN:] else ""
        )
        params = {"count": len(missing), "role": Msg(f"role.def.{role}"), "questions": listed}
        if not partial:
            raise InputError(
                [
                    Problem(
                        SourceRef(table.file, 1, 1), "import.missing_question", params, "import.hint.partial"
                    )
                ]
            )
        warnings.append(Problem(SourceRef(table.file, 1, 1), "import.partial", params, severity="warning"))
    out = Imported(table.file, platform.source, [], warnings)
    problems: list[Problem] = []
    done = plan.column(Kind.done)
    sent = plan.column(Kind.submitted)
    if sent is None:
        sent = done  # LimeSurvey's submitdate
    seen: dict[str, tuple[int, dict[str, Any]]] = {}
    seen_values: dict[tuple[str, str], Value | None] = {}  # (question, cell) → value
    for row in rows:
        if done is not None and not row.get(done).strip():
            out.skipped_incomplete += 1
            continue
        entry = _respondent(table, row, plan, platform, rubric, role, mapping, problems, seen_values)
        if entry is None:
            out.skipped_empty += 1
            continue
        earlier = seen.setdefault(entry["source"], (row.number, entry))
        if earlier[1] is not entry:  # the same submission id again: said, never silently dropped
            same = earlier[1] == entry
            problems_or_warnings = out.warnings if same else problems
            problems_or_warnings.append(
                Problem(
                    SourceRef(table.file, row.number, 1),
                    "import.repeated_row" if same else "import.repeated_submission",
                    {"source": entry["source"], "other": earlier[0]},
                    severity="warning" if same else "error",
                )
            )
            continue
        out.respondents.append(entry)
        out.where[entry["source"]] = SourceRef(table.file, row.number, 1)
        day = submitted_on(row.get(sent)) if sent is not None else None
        if day is not None and (out.submitted is None or day > out.submitted):
            out.submitted = day
    if problems:
        raise InputError(capped(problems))
    return out


_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}")


def submitted_on(cell: str) -> dt.date | None:
    """The day of a submission time as a platform writes it (``2025-03-07 12:01:44``,
    ``2025-01-01T10:00:00+01:00``, ``03.09.2018 15:50``), without its time of day; None when
    the cell holds no date."""
    match = _DAY.match(cell.strip())
    if match is None:
        return None
    try:
        return parse_date(match[0])
    except ValueError:  # the right form, but no such day
        return None


def _not_export(header: tuple[str, ...]) -> str:
    """Why a file with ``header`` is no export: an answer file, a report, or just not one."""
    first = header[0] if header else ""
    if first.startswith(("samarbeid:", "# yaml-language-server", "%YAML")):
        return "import.reason.answer_file"
    if first.startswith(("{", "<", "#")):
        return "import.reason.report"
    return "import.reason.no_signature"


def _source(table: Table, row: Row, plan: Plan, platform: Platform) -> str:
    """``platform:id`` (``msforms:3``); the row number when there is no id column. Never a time
    or anything else about the person: an answer's start or submit time can tell who answered."""
    id_column = plan.column(Kind.id)
    ident = row.get(id_column).strip() if id_column is not None else ""
    if not ident:
        ident = f"{Path(table.file).name}#{row.number}"
    return f"{platform.source}:{ident}"


def _respondent(
    table: Table,
    row: Row,
    plan: Plan,
    platform: Platform,
    rubric: Rubric,
    role: Role,
    mapping: MapFile | None,
    problems: list[Problem],
    seen_values: dict[tuple[str, str], Value | None],
) -> dict[str, Any] | None:
    answers: dict[str, Value] = {}
    for column, qid in plan.questions.items():
        cell = row.get(column)
        known = seen_values.get((qid, cell), _UNSEEN)
        if known is not _UNSEEN:  # an export repeats a few values down each column
            if known is not None:
                answers[qid] = known
            continue
        question = rubric.by_id[qid]
        try:
            value = parse(question, cell, dict(mapping.values) if mapping else None)
            seen_values[qid, cell] = value
        except ValueError as exc:
            problems.append(
                Problem(
                    table.at(row.number, column),
                    "import.bad_value",
                    {
                        "found": str(exc),
                        "question": qid,
                        "allowed": ", ".join(str(v) for v in question.values()),
                    },
                )
            )
            continue
        if value is not None:
            answers[qid] = value
    comments = {qid: row.get(c).strip() for c, qid in plan.comments.items() if row.get(c).strip()}
    if not answers and not comments:
        return None
    order = {q.id: i for i, q in enumerate(rubric.questions)}
    entry: dict[str, Any] = {"role": str(role)}
    unit = row.get(plan.unit).strip() if plan.unit is not None else ""
    if unit:
        entry["unit"] = unit
    entry["source"] = _source(table, row, plan, platform)
    entry["status"] = str(Status.complete)
    entry["answers"] = {q: answers[q] for q in sorted(answers, key=order.__getitem__)}
    if comments:
        entry["comments"] = {q: comments[q] for q in sorted(comments, key=order.__getitem__)}
    return entry


def read_mapping(path: Path) -> MapFile:
    """A mapping file: ``columns:`` (header → question id, ``unit``, ``comment:<id>`` or
    ``ignore``) and ``values:`` (cell text → value id), read with the safe YAML reader."""
    from samarbeid.parse.yamlread import read_file

    doc = read_file(path)
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None or not set(data) <= {"columns", "values"}:
        raise InputError.at(doc.file, 1, 1, "import.bad_map")
    columns = data.get("columns") or {}
    values = data.get("values") or {}
    if not isinstance(columns, dict) or not isinstance(values, dict):
        raise InputError.at(doc.file, 1, 1, "import.bad_map")
    from samarbeid.surveys.values import text_key

    cols = {str(k).strip(): str(v).strip() for k, v in columns.items()}
    cols.update({text_key(k): v for k, v in list(cols.items())})
    vals: dict[str, Value] = {}
    for k, v in values.items():
        value: Value = v if isinstance(v, int) and not isinstance(v, bool) else str(v)
        vals[str(k).strip()] = value
        vals[text_key(str(k))] = value
    return MapFile(cols, vals)
