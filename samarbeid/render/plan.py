"""The tiltaksplan ``samarbeid plan`` writes: one action per open problem, as a YAML file to
edit (read back by the next ``report``), and as CSV and XLSX for the municipality's own
follow-up (docs/design.md §7).

The actions answer the findings that count for the gate (not accepted, or accepted but
expired; never ``info``): the priorities first, in their order, then the others, most severe
first. Each action's id is its problem's id, so the next round matches it whatever the team
writes; its owner is the problem's actors in words («Kommunen», «Begge»), a placeholder for a
person; its deadline :data:`DEADLINE_DAYS` after the plan is made; its status
``ikke_startet``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from samarbeid.answerfile.plan import PLAN_VERSION
from samarbeid.i18n import locale
from samarbeid.load.discover import PLAN_FILE
from samarbeid.render.escape import csv_cell
from samarbeid.render.words import Words
from samarbeid.result.assessment import Assessment, Finding
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import ActionStatus, Severity

#: A new action's deadline: this many days after the plan is made (a quarter, the usual time
#: between two rounds of follow-up); the team changes it in the file.
DEADLINE_DAYS = 90


#: the columns of the CSV and XLSX plan, as message codes (their headers in the language)
COLUMNS = (
    "plan.col.id",
    "plan.col.title",
    "plan.col.severity",
    "plan.col.what",
    "plan.col.owner",
    "plan.col.deadline",
    "plan.col.status",
)


@dataclass(frozen=True)
class Planned:
    """One action of a new plan, in words of one language."""

    id: str
    problem: str
    title: str
    severity: Severity
    what: str
    owner: str
    deadline: dt.date
    status: ActionStatus


def planned(a: Assessment, rubric: Rubric, lang: str, made: dt.date) -> list[Planned]:
    """The actions of a plan made on ``made`` from ``a``: one per problem that counts for the
    gate, the priorities first."""
    w = Words(rubric, lang)
    first = [p.finding for p in a.priorities]
    open_ = [f for f in a.findings if f.gating and f.severity is not Severity.info]
    ordered = sorted(open_, key=lambda f: (f.id not in first, first.index(f.id) if f.id in first else 0))
    return [_action(f, w, made) for f in ordered]


def _action(f: Finding, w: Words, made: dt.date) -> Planned:
    return Planned(
        id=f.id,
        problem=f.id,
        title=w.title(f),
        severity=f.severity,
        what=w.action(f),
        owner=w.actors(w.rule(f).actors),
        deadline=made + dt.timedelta(days=DEADLINE_DAYS),
        status=ActionStatus.ikke_startet,
    )


def plan_yaml(a: Assessment, rubric: Rubric, lang: str, made: dt.date) -> str:
    """The plan as the YAML file the team edits: commented, every text quoted."""
    from samarbeid.render.templated import render_named

    return render_named(
        "plan.yaml.j2",
        lang,
        project=a.project,
        made=made,
        actions=planned(a, rubric, lang, made),
        version=PLAN_VERSION,
        plan_file=PLAN_FILE,
        quote=_quote,
    )


def _quote(text: str) -> str:
    """``text`` as a YAML scalar in double quotes (a JSON string is one), æøå as they are."""
    return json.dumps(text, ensure_ascii=False)


def _rows(a: Assessment, rubric: Rubric, lang: str, made: dt.date) -> tuple[list[str], list[list[object]]]:
    """The columns and rows of the plan as a table, in ``lang``."""
    w = Words(rubric, lang)
    head = [w.t(code) for code in COLUMNS]
    rows: list[list[object]] = [
        [
            p.id,
            p.title,
            w.t(f"severity.{p.severity}"),
            p.what,
            p.owner,
            p.deadline,
            w.t(f"action_status.{p.status}"),
        ]
        for p in planned(a, rubric, lang, made)
    ]
    return head, rows


def plan_csv(a: Assessment, rubric: Rubric, lang: str, made: dt.date) -> str:
    """The plan as CSV that opens in a Norwegian Excel: a byte-order mark, the language's
    delimiter (``;`` in Norwegian), ISO dates, formula injection escaped."""
    head, rows = _rows(a, rubric, lang, made)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=locale(lang).csv_delimiter, lineterminator="\r\n")
    table: list[list[object]] = [list(head), *rows]
    for row in table:
        writer.writerow([csv_cell(v.isoformat() if isinstance(v, dt.date) else v) for v in row])
    return "\ufeff" + out.getvalue()


def plan_xlsx(a: Assessment, rubric: Rubric, lang: str, made: dt.date) -> bytes:
    """The plan as an Excel workbook: one sheet, a bold header row that stays in view, the
    deadline as a date, and the status chosen from a list."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    w = Words(rubric, lang)
    head, rows = _rows(a, rubric, lang, made)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = w.t("plan.sheet")
    sheet.append(head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (24, 40, 10, 60, 20, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    words = ",".join(w.t(f"action_status.{s}") for s in ActionStatus)
    choice = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
    sheet.add_data_validation(choice)
    if rows:
        choice.add(f"G2:G{len(rows) + 1}")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
