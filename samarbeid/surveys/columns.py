"""Which column of an export holds which question, comment, or the respondent's unit.

A column is a question's when, in this order,

1. its header is the question id (or a Nettskjema codebook id) after group prefixes are
   stripped (KoboToolbox writes ``forstaelse/felles-mal``), compared without case, hyphens or
   underscores (LimeSurvey codes have neither);
2. its header is the question's exact wording for the role in any language, compared without
   case or differences in white space (a Kobo label export writes ``Group/Question``);
3. the mapping file names it.

A comment column is ``<question>_kommentar`` (or ``_comment``), or a column headed with the
comment label right after its question's column (the forms ``samarbeid form`` writes). The
unit column is ``enhet``/``unit`` or headed with the unit label. The platform's own columns
are skipped; every other column is listed as a warning by name and position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from samarbeid.errors import Problem
from samarbeid.i18n import LANGS, t
from samarbeid.message import Msg
from samarbeid.rubric.model import Rubric
from samarbeid.surveys.platform import Kind, Platform
from samarbeid.surveys.read import Table, column_letters
from samarbeid.surveys.values import id_key, text_key
from samarbeid.vocab import Role

#: The name of the unit question in every form; and the suffix of a comment field's name.
UNIT = "enhet"
COMMENT_SUFFIX = "_kommentar"
_UNIT_IDS = {id_key(UNIT), "unit"}
_COMMENT_SUFFIXES = (id_key(COMMENT_SUFFIX), "comment")
#: Targets a mapping file may give besides a question id.
MAP_UNIT, MAP_IGNORE, MAP_COMMENT = "unit", "ignore", "comment:"


@dataclass
class Plan:
    """What each column of an export holds (0-based column indices)."""

    questions: dict[int, str] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    unit: int | None = None
    own: dict[int, Kind] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: columns that fit only the other role (its wording, or a question only it is asked) and
    #: columns that fit only this role: an export with more of the first is the other role's
    other_role: int = 0
    own_role: int = 0

    def set_unit(self, table: Table, column: int) -> None:
        """``column`` is the unit's; a second unit column is an error, never silently the one
        that wins."""
        if self.unit is not None:
            self.problems.append(_twice(table, column, "import.duplicate_unit", self.unit))
        else:
            self.unit = column

    def set_comment(self, table: Table, column: int, qid: str) -> None:
        """``column`` is the comment of ``qid``; a second one for the same question is an error."""
        earlier = next((c for c, q in self.comments.items() if q == qid), None)
        if earlier is not None:
            self.problems.append(_twice(table, column, "import.duplicate_comment", earlier, question=qid))
        else:
            self.comments[column] = qid

    def column(self, kind: Kind) -> int | None:
        """The first of the platform's own columns of ``kind``."""
        return next((i for i, k in self.own.items() if k is kind), None)


def _texts(rubric: Rubric, role: str) -> dict[str, str]:
    """Every wording of the role's questions in every language → the question id."""
    out: dict[str, str] = {}
    for q in rubric.questions_for(role):
        text = getattr(q.text, role)
        for wording in (text.nb, text.nn, text.en):
            if wording:
                out[text_key(wording)] = q.id
    return out


def _labels(code: str) -> set[str]:
    return {text_key(t(code, lang)) for lang in LANGS}


def _groups(header: str) -> list[str]:
    """The header and what is left after each group prefix (``a/b/c`` → ``a/b/c``, ``b/c``, ``c``)."""
    parts = header.split("/")
    return ["/".join(parts[i:]) for i in range(len(parts))]


def _id_candidates(header: str) -> list[str]:
    """:func:`_groups`, and a Nettskjema matrix row's own code (``matrix.row`` → ``row``)."""
    out = _groups(header)
    if "." in header:
        out.append(header.rsplit(".", 1)[1])
    return out


def plan_columns(
    table: Table,
    platform: Platform,
    rubric: Rubric,
    role: Role,
    mapping: Mapping[str, str] | None = None,
) -> Plan:
    """Read the header of an export: which column is which."""
    header = table.header
    plan = Plan()
    ids = {id_key(q.id): q.id for q in rubric.questions}
    mine = {q.id for q in rubric.questions_for(role)}
    texts = _texts(rubric, role)
    other = next(r for r in Role if r is not role)
    all_other_texts = _texts(rubric, other)
    other_texts = set(all_other_texts) - set(texts)
    own_texts = set(texts) - set(all_other_texts)
    only_mine = mine - {q.id for q in rubric.questions_for(other)}
    unit_labels, comment_labels = _labels("form.unit"), _labels("form.comment")
    where: dict[str, int] = {}

    def place(column: int, qid: str) -> None:
        plan.own_role += qid in only_mine
        if qid not in mine:
            plan.other_role += qid in ids.values()
            plan.problems.append(
                _at(
                    table,
                    column,
                    "import.not_for_role",
                    column=header[column],
                    question=qid,
                    role=Msg(f"role.def.{role}"),
                )
            )
        elif qid in where:
            plan.problems.append(
                Problem(
                    table.at(1, column),
                    "import.duplicate_column",
                    {"column": header[column], "question": qid, "other": column_letters(where[qid])},
                )
            )
        else:
            where[qid] = column
            plan.questions[column] = qid

    for column, raw in enumerate(header):
        kind = platform.kind(raw)
        if kind is not None:
            plan.own[column] = kind
            continue
        heading = raw.strip()
        if not heading:
            continue
        found = _by_id(heading, ids, plan, table, column)
        if found == "":
            continue
        if found is None:
            key = next((k for k in map(text_key, _groups(heading)) if k in texts), None)
            if key is not None:
                plan.own_role += key in own_texts
                found = texts[key]
        if found is None and mapping is not None:
            target = mapping.get(heading, mapping.get(text_key(heading)))
            if target == MAP_IGNORE:
                continue
            if target == MAP_UNIT:
                plan.set_unit(table, column)
                continue
            if target is not None and target.startswith(MAP_COMMENT):
                plan.set_comment(table, column, target.removeprefix(MAP_COMMENT))
                continue
            found = target
        if found is not None:
            place(column, found)
            continue
        key = text_key(_groups(heading)[-1])
        if key in unit_labels or text_key(heading) in unit_labels:
            plan.set_unit(table, column)
        elif (key in comment_labels or text_key(heading) in comment_labels) and column - 1 in plan.questions:
            plan.set_comment(table, column, plan.questions[column - 1])
        else:
            if any(text_key(c) in other_texts for c in _groups(heading)):
                plan.other_role += 1
            plan.problems.append(_at(table, column, "import.unknown_column", column=heading))
    return plan


def _by_id(heading: str, ids: dict[str, str], plan: Plan, table: Table, column: int) -> str | None:
    """The question whose id the header is; "" when the header is the unit or a comment
    column (recorded in ``plan``); None when it is neither."""
    for candidate in _id_candidates(heading):
        key = id_key(candidate)
        if key in ids:
            return ids[key]
        if key in _UNIT_IDS:
            plan.set_unit(table, column)
            return ""
        for suffix in _COMMENT_SUFFIXES:
            if key.endswith(suffix) and key.removesuffix(suffix) in ids:
                plan.set_comment(table, column, ids[key.removesuffix(suffix)])
                return ""
    return None


def _twice(table: Table, column: int, code: str, earlier: int, **params: str) -> Problem:
    """The error ``code`` for a second column of the unit or of a question's comment."""
    params.update(column=table.header[column], other=column_letters(earlier))
    return Problem(table.at(1, column), code, dict(params))


def _at(table: Table, index: int, code: str, **params: object) -> Problem:
    return Problem(table.at(1, index), code, dict(params), severity="warning")
